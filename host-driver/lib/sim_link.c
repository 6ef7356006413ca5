/* SPDX-License-Identifier: MIT */
/*
 * The svnic-sim transport: include/svnic/simlink.h over a Unix stream
 * socket. One request message per call (its fd, if any, in SCM_RIGHTS), one
 * reply. Every exchange is bounded by the link timeout; a timeout or a lost
 * peer marks the link broken so that later calls fail at once.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "internal.h"
#include "svnic/simlink.h"
#include "svnic/svnic_transport.h"

#define SIM_DEFAULT_TIMEOUT_MS 5000u

struct sim_link {
	int fd;
	bool broken;
	unsigned timeout_ms;
	char name[128]; /* socket path, for messages */
};

static const char *op_name(uint32_t op)
{
	switch (op) {
	case SVNIC_LINK_HELLO:
		return "HELLO";
	case SVNIC_LINK_REG_READ:
		return "REG_READ";
	case SVNIC_LINK_REG_WRITE:
		return "REG_WRITE";
	case SVNIC_LINK_DMA_MAP:
		return "DMA_MAP";
	case SVNIC_LINK_DMA_UNMAP:
		return "DMA_UNMAP";
	case SVNIC_LINK_SET_IRQ:
		return "SET_IRQ";
	case SVNIC_LINK_SET_IOEVENTFD:
		return "SET_IOEVENTFD";
	}
	return "?";
}

static int link_lost(struct sim_link *l, struct svnic_err *err, int code,
		     const char *what, uint32_t op)
{
	l->broken = true;
	if (code == -ETIMEDOUT)
		return svnic_fail(err, code,
				  "svnic-sim at %s did not answer %s within %u ms; "
				  "check that svnic-sim is running and not stopped",
				  l->name, op_name(op), l->timeout_ms);
	return svnic_fail(err, code,
			  "link to svnic-sim at %s lost while %s %s: %s; "
			  "restart svnic-sim and reconnect",
			  l->name, what, op_name(op), strerror(-code));
}

/* Wait until fd is ready for `events` or the deadline passes. */
static int wait_fd(int fd, short events, uint64_t deadline)
{
	/* Each pass either returns or was interrupted by a signal; the deadline
	 * bounds the number of passes together with this cap. */
	for (unsigned i = 0; i < 100000u; i++) {
		uint64_t now = svnic_now_ms();
		struct pollfd p = { .fd = fd, .events = events };
		int n;

		if (now >= deadline)
			return -ETIMEDOUT;
		n = poll(&p, 1, (int)(deadline - now));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		if (n == 0)
			return -ETIMEDOUT;
		if (p.revents & (events | POLLHUP | POLLERR))
			return 0;
	}
	return -ETIMEDOUT;
}

static int send_msg(struct sim_link *l, const struct svnic_link_msg *msg,
		    int pass_fd, uint64_t deadline)
{
	const uint8_t *p = (const uint8_t *)msg;
	size_t done = 0;

	/* At most one pass per byte sent (each pass sends >= 1 or fails). */
	for (size_t pass = 0; done < sizeof(*msg) && pass <= sizeof(*msg);
	     pass++) {
		struct iovec iov = { .iov_base = (void *)(p + done),
				     .iov_len = sizeof(*msg) - done };
		union {
			char buf[CMSG_SPACE(sizeof(int))];
			struct cmsghdr align;
		} ctl;
		struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1 };
		ssize_t n;
		int rc;

		if (done == 0 && pass_fd >= 0) {
			struct cmsghdr *c;

			memset(&ctl, 0, sizeof(ctl));
			mh.msg_control = ctl.buf;
			mh.msg_controllen = sizeof(ctl.buf);
			c = CMSG_FIRSTHDR(&mh);
			c->cmsg_level = SOL_SOCKET;
			c->cmsg_type = SCM_RIGHTS;
			c->cmsg_len = CMSG_LEN(sizeof(int));
			memcpy(CMSG_DATA(c), &pass_fd, sizeof(int));
		}
		rc = wait_fd(l->fd, POLLOUT, deadline);
		if (rc < 0)
			return rc;
		n = sendmsg(l->fd, &mh, MSG_NOSIGNAL | MSG_DONTWAIT);
		if (n < 0) {
			if (errno == EINTR || errno == EAGAIN)
				continue;
			return -errno;
		}
		done += (size_t)n;
	}
	return done == sizeof(*msg) ? 0 : -EIO;
}

static int recv_msg(struct sim_link *l, struct svnic_link_msg *msg,
		    uint64_t deadline)
{
	uint8_t *p = (uint8_t *)msg;
	size_t done = 0;

	for (unsigned pass = 0; done < sizeof(*msg) && pass < 100000u; pass++) {
		ssize_t n;
		int rc = wait_fd(l->fd, POLLIN, deadline);

		if (rc < 0)
			return rc;
		n = recv(l->fd, p + done, sizeof(*msg) - done, MSG_DONTWAIT);
		if (n < 0) {
			if (errno == EINTR || errno == EAGAIN)
				continue;
			return -errno;
		}
		if (n == 0)
			return -ECONNRESET; /* peer closed */
		done += (size_t)n;
	}
	return done == sizeof(*msg) ? 0 : -EIO;
}

/* One request/reply exchange. On success *reply holds the reply. */
static int link_call(struct sim_link *l, struct svnic_link_msg *req,
		     int pass_fd, struct svnic_link_msg *reply,
		     struct svnic_err *err)
{
	uint64_t deadline;
	int rc;

	if (l->broken)
		return svnic_fail(err, -ENOTCONN,
				  "link to svnic-sim at %s is broken by an earlier "
				  "error; close the card and open it again",
				  l->name);
	req->magic = SVNIC_LINK_MAGIC;
	req->status = 0;
	req->reserved = 0;
	deadline = svnic_now_ms() + l->timeout_ms;
	rc = send_msg(l, req, pass_fd, deadline);
	if (rc < 0)
		return link_lost(l, err, rc, "sending", req->op);
	rc = recv_msg(l, reply, deadline);
	if (rc < 0)
		return link_lost(l, err, rc, "waiting for the reply to", req->op);
	if (reply->magic != SVNIC_LINK_MAGIC || reply->op != req->op) {
		l->broken = true;
		return svnic_fail(err, -EPROTO,
				  "svnic-sim at %s sent a malformed reply to %s "
				  "(magic 0x%08x, op %u); the link is out of step: "
				  "check that svnic-sim and libsvnic are from the "
				  "same build",
				  l->name, op_name(req->op), reply->magic,
				  reply->op);
	}
	if (reply->status > 0)
		return svnic_fail(err, -EBADMSG,
				  "svnic-sim at %s answered %s with status %d, "
				  "which is not 0 or a negative errno",
				  l->name, op_name(req->op), reply->status);
	if (reply->status < 0)
		return svnic_fail(err, reply->status,
				  "svnic-sim at %s refused %s: %s", l->name,
				  op_name(req->op), strerror(-reply->status));
	return 0;
}

static int sim_reg_read(void *ctx, uint32_t reg, uint32_t *value,
			struct svnic_err *err)
{
	struct svnic_link_msg req = { .op = SVNIC_LINK_REG_READ, .addr = reg };
	struct svnic_link_msg rep;
	int rc = link_call(ctx, &req, -1, &rep, err);

	if (rc == 0)
		*value = rep.value;
	return rc;
}

static int sim_reg_write(void *ctx, uint32_t reg, uint32_t value,
			 struct svnic_err *err)
{
	struct svnic_link_msg req = { .op = SVNIC_LINK_REG_WRITE,
				      .addr = reg,
				      .value = value };
	struct svnic_link_msg rep;

	return link_call(ctx, &req, -1, &rep, err);
}

static int sim_dma_map(void *ctx, uint32_t domain, uint64_t iova,
		       uint64_t size, int fd, uint64_t offset,
		       struct svnic_err *err)
{
	struct svnic_link_msg req = { .op = SVNIC_LINK_DMA_MAP,
				      .domain = domain,
				      .addr = iova,
				      .size = size,
				      .offset = offset };
	struct svnic_link_msg rep;

	if (fd < 0)
		return svnic_fail(err, -EBADF,
				  "DMA map of VIF %u needs a memory file "
				  "descriptor (got %d)",
				  domain, fd);
	return link_call(ctx, &req, fd, &rep, err);
}

static int sim_dma_unmap(void *ctx, uint32_t domain, uint64_t iova,
			 uint64_t size, struct svnic_err *err)
{
	struct svnic_link_msg req = { .op = SVNIC_LINK_DMA_UNMAP,
				      .domain = domain,
				      .addr = iova,
				      .size = size };
	struct svnic_link_msg rep;

	return link_call(ctx, &req, -1, &rep, err);
}

static int sim_set_irq(void *ctx, uint32_t vector, int fd,
		       struct svnic_err *err)
{
	struct svnic_link_msg req = { .op = SVNIC_LINK_SET_IRQ, .value = vector };
	struct svnic_link_msg rep;

	return link_call(ctx, &req, fd, &rep, err);
}

static int sim_set_ioeventfd(void *ctx, uint32_t reg, uint32_t value, int fd,
			     struct svnic_err *err)
{
	struct svnic_link_msg req = { .op = SVNIC_LINK_SET_IOEVENTFD,
				      .addr = reg,
				      .value = value };
	struct svnic_link_msg rep;

	return link_call(ctx, &req, fd, &rep, err);
}

/* svnic-sim ends every host session when the card resets: the peer closes
 * the socket, and a read sees end-of-file (the card sends nothing unasked). */
static int sim_wait_reset(void *ctx, unsigned timeout_ms, struct svnic_err *err)
{
	struct sim_link *l = ctx;
	uint64_t deadline = svnic_now_ms() + timeout_ms;

	for (unsigned i = 0; i < 1000u; i++) {
		char b;
		int rc = wait_fd(l->fd, POLLIN, deadline);

		if (rc < 0)
			return svnic_fail(err, rc, "svnic-sim at %s did not reset within %u ms",
					  l->name, timeout_ms);
		ssize_t n = recv(l->fd, &b, 1, MSG_DONTWAIT);
		if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR)) {
			l->broken = true;
			return 0;
		}
	}
	return svnic_fail(err, -EPROTO, "svnic-sim at %s kept talking instead of resetting",
			  l->name);
}

static void sim_close(void *ctx)
{
	struct sim_link *l = ctx;

	if (!l)
		return;
	close(l->fd);
	free(l);
}

static const struct svnic_transport_ops sim_ops = {
	.name = "sim",
	.reg_read = sim_reg_read,
	.reg_write = sim_reg_write,
	.dma_map = sim_dma_map,
	.dma_unmap = sim_dma_unmap,
	.set_irq = sim_set_irq,
	.set_ioeventfd = sim_set_ioeventfd,
	.wait_reset = sim_wait_reset,
	.close = sim_close,
};

int svnic_sim_attach(int fd, const char *name, unsigned timeout_ms,
		     const struct svnic_transport_ops **ops, void **ctx,
		     struct svnic_err *err)
{
	struct svnic_link_msg req = { .op = SVNIC_LINK_HELLO,
				      .value = SVNIC_LINK_VERSION };
	struct svnic_link_msg rep;
	struct sim_link *l;
	int rc;

	if (fd < 0 || !ops || !ctx) {
		if (fd >= 0)
			close(fd);
		return svnic_fail(err, -EINVAL, "svnic_sim_attach: bad arguments");
	}
	l = calloc(1, sizeof(*l));
	if (!l) {
		close(fd);
		return svnic_fail(err, -ENOMEM, "out of memory");
	}
	l->fd = fd;
	l->timeout_ms = timeout_ms ? timeout_ms : SIM_DEFAULT_TIMEOUT_MS;
	snprintf(l->name, sizeof(l->name), "%s", name ? name : "(socket)");
	rc = link_call(l, &req, -1, &rep, err);
	if (rc == 0 && rep.value != SVNIC_LINK_VERSION)
		rc = svnic_fail(err, -EPROTONOSUPPORT,
				"svnic-sim at %s speaks link version %u, libsvnic "
				"speaks %u; use svnic-sim and libsvnic from the "
				"same build",
				l->name, rep.value, SVNIC_LINK_VERSION);
	else if (rc < 0 && !l->broken && rc != -EBADMSG)
		/* The peer answered HELLO with an errno: a version check. */
		rc = svnic_fail(err, rc,
				"svnic-sim at %s refused HELLO for link version "
				"%u (%s); use svnic-sim and libsvnic from the "
				"same build",
				l->name, SVNIC_LINK_VERSION, strerror(-rc));
	if (rc < 0) {
		sim_close(l);
		return rc;
	}
	*ops = &sim_ops;
	*ctx = l;
	return 0;
}

int svnic_sim_connect(const char *path, unsigned timeout_ms,
		      const struct svnic_transport_ops **ops, void **ctx,
		      struct svnic_err *err)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd;

	if (!path || !*path || strlen(path) >= sizeof(sa.sun_path))
		return svnic_fail(err, -EINVAL,
				  "svnic-sim socket path '%s' is empty or longer "
				  "than %zu bytes",
				  path ? path : "", sizeof(sa.sun_path) - 1);
	memcpy(sa.sun_path, path, strlen(path) + 1);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return svnic_fail(err, -errno, "cannot create a Unix socket: %s",
				  strerror(errno));
	/* A Unix-socket connect does not block on a listening peer (it fails
	 * with EAGAIN only when the backlog is full): no timeout needed. */
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		int e = errno;

		close(fd);
		return svnic_fail(err, -e,
				  "cannot reach svnic-sim at %s: %s; start svnic-sim "
				  "(it listens there) or pass another card URI "
				  "(--card sim:PATH or $" SVNIC_CARD_ENV ")",
				  path, strerror(e));
	}
	return svnic_sim_attach(fd, path, timeout_ms, ops, ctx, err);
}
