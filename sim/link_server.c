/* SPDX-License-Identifier: MIT */
#include "link_server.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "card.h"
#include "svnic/regs.h"
#include "svnic/simlink.h"

int sim_link_open(struct sim_link *l, const char *path, struct sim_card *card)
{
	memset(l, 0, sizeof(*l));
	l->card = card;
	l->listen_fd = -1;
	l->lock_owner = -1;
	for (unsigned i = 0; i < SIM_LINK_MAX_CLIENTS; i++)
		l->client[i] = -1;
	for (unsigned i = 0; i < SIM_LINK_MAX_IOEVENTFDS; i++)
		l->ioev[i].fd = -1;

	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	if (strlen(path) >= sizeof(sa.sun_path)) {
		fprintf(stderr, "svnic-sim: socket path %s is longer than %zu bytes\n", path,
			sizeof(sa.sun_path) - 1);
		return -1;
	}
	strcpy(sa.sun_path, path);
	strcpy(l->path, path);

	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		perror("svnic-sim: socket");
		return -1;
	}
	/* A socket file left by a card that died is stale; one that answers
	 * belongs to a running card. */
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0) {
		fprintf(stderr, "svnic-sim: %s is in use by a running card; stop it or choose "
				"another --socket\n", path);
		close(fd);
		return -1;
	}
	unlink(path);
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) != 0 || listen(fd, 8) != 0) {
		fprintf(stderr, "svnic-sim: cannot listen on %s: %s\n", path, strerror(errno));
		close(fd);
		return -1;
	}
	l->listen_fd = fd;
	return 0;
}

void sim_link_drop_all(struct sim_link *l)
{
	for (unsigned i = 0; i < SIM_LINK_MAX_CLIENTS; i++) {
		if (l->client[i] >= 0)
			close(l->client[i]);
		l->client[i] = -1;
	}
	for (unsigned i = 0; i < SIM_LINK_MAX_IOEVENTFDS; i++) {
		if (l->ioev[i].fd >= 0)
			close(l->ioev[i].fd);
		l->ioev[i].fd = -1;
	}
	l->lock_owner = -1;
}

void sim_link_close(struct sim_link *l)
{
	sim_link_drop_all(l);
	if (l->listen_fd >= 0) {
		close(l->listen_fd);
		unlink(l->path);
	}
	l->listen_fd = -1;
}

static int set_ioeventfd(struct sim_link *l, uint32_t reg, uint32_t value, int fd)
{
	for (unsigned i = 0; i < SIM_LINK_MAX_IOEVENTFDS; i++) {
		if (l->ioev[i].fd >= 0 && l->ioev[i].reg == reg) {
			close(l->ioev[i].fd);
			l->ioev[i].fd = -1;
		}
	}
	if (fd < 0)
		return 0;
	/* Never block the card on a doorbell read. */
	if (fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) != 0)
		return -errno;
	for (unsigned i = 0; i < SIM_LINK_MAX_IOEVENTFDS; i++) {
		if (l->ioev[i].fd < 0) {
			l->ioev[i] = (struct sim_ioeventfd){ fd, reg, value };
			return 0;
		}
	}
	return -ENOSPC;
}

/*
 * The mailbox lock belongs to a process, and a process that dies holding it
 * must not wedge the card for everyone else: like a device released by its
 * last user, the lock is freed when its holder's connection closes.
 */
static void track_lock(struct sim_link *l, unsigned slot, const struct svnic_link_msg *m)
{
	if (m->status != 0 || m->addr != SVNIC_HOST_MBOX_LOCK)
		return;
	if (m->op == SVNIC_LINK_REG_READ && m->value == 1)
		l->lock_owner = (int)slot;
	else if (m->op == SVNIC_LINK_REG_WRITE && l->lock_owner == (int)slot)
		l->lock_owner = -1;
}

/* Serve one request; the fd (if any) is consumed. Returns the reply status. */
static int serve(struct sim_link *l, struct svnic_link_msg *m, int fd)
{
	struct sim_card *c = l->card;
	int st;

	if (m->magic != SVNIC_LINK_MAGIC) {
		st = -EPROTO;
		goto out;
	}
	switch (m->op) {
	case SVNIC_LINK_HELLO:
		st = m->value == SVNIC_LINK_VERSION ? 0 : -EPROTO;
		m->value = SVNIC_LINK_VERSION;
		break;
	case SVNIC_LINK_REG_READ:
		st = (m->addr & 3u) || m->addr > 0xfffcu ? -EINVAL
							  : sim_card_host_read(c, (uint32_t)m->addr, &m->value);
		break;
	case SVNIC_LINK_REG_WRITE:
		st = (m->addr & 3u) || m->addr > 0xfffcu ? -EINVAL
							  : sim_card_host_write(c, (uint32_t)m->addr, m->value);
		break;
	case SVNIC_LINK_DMA_MAP:
		st = fd < 0 ? -EBADF
			    : sim_iommu_map(&c->iommu, m->domain, m->addr, m->size, fd, m->offset);
		break;
	case SVNIC_LINK_DMA_UNMAP:
		st = sim_iommu_unmap(&c->iommu, m->domain, m->addr, m->size);
		break;
	case SVNIC_LINK_SET_IRQ:
		st = sim_card_set_irq(c, m->value, fd);
		if (st == 0)
			fd = -1; /* the card keeps it */
		break;
	case SVNIC_LINK_SET_IOEVENTFD:
		st = (m->addr & 3u) || m->addr > 0xfffcu ? -EINVAL
							  : set_ioeventfd(l, (uint32_t)m->addr, m->value, fd);
		if (st == 0)
			fd = -1;
		break;
	default:
		st = -EOPNOTSUPP;
	}
out:
	if (fd >= 0)
		close(fd); /* DMA_MAP keeps its own mapping, not the fd */
	m->status = st;
	return st;
}

/* Read one request with its optional fd. 1 ok, 0 peer closed, -1 error. */
static int recv_msg(int sock, struct svnic_link_msg *m, int *fd)
{
	char cbuf[CMSG_SPACE(sizeof(int) * 4)];
	struct iovec iov = { m, sizeof(*m) };
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = cbuf,
			     .msg_controllen = sizeof(cbuf) };
	*fd = -1;
	ssize_t n = recvmsg(sock, &mh, MSG_CMSG_CLOEXEC);
	if (n == 0)
		return 0;
	for (struct cmsghdr *cm = CMSG_FIRSTHDR(&mh); cm; cm = CMSG_NXTHDR(&mh, cm)) {
		if (cm->cmsg_level != SOL_SOCKET || cm->cmsg_type != SCM_RIGHTS)
			continue;
		unsigned nfds = (unsigned)((cm->cmsg_len - CMSG_LEN(0)) / sizeof(int));
		int fds[4];
		memcpy(fds, CMSG_DATA(cm), nfds * sizeof(int));
		for (unsigned i = 0; i < nfds; i++) {
			if (*fd < 0)
				*fd = fds[i];
			else
				close(fds[i]); /* one fd per request at most */
		}
	}
	if (n != (ssize_t)sizeof(*m) || (mh.msg_flags & (MSG_TRUNC | MSG_CTRUNC))) {
		if (*fd >= 0)
			close(*fd);
		return -1;
	}
	return 1;
}

static void drop_client(struct sim_link *l, unsigned i)
{
	close(l->client[i]);
	l->client[i] = -1;
	if (l->lock_owner == (int)i) {
		fprintf(stderr, "svnic-sim: a host process left holding the mailbox lock; "
				"releasing it\n");
		sim_card_host_write(l->card, SVNIC_HOST_MBOX_LOCK, 0);
		l->lock_owner = -1;
	}
}

void sim_link_poll(struct sim_link *l, int timeout_ms)
{
	struct pollfd p[1 + SIM_LINK_MAX_CLIENTS + SIM_LINK_MAX_IOEVENTFDS];
	unsigned n = 0;
	p[n++] = (struct pollfd){ l->listen_fd, POLLIN, 0 };
	for (unsigned i = 0; i < SIM_LINK_MAX_CLIENTS; i++)
		p[n++] = (struct pollfd){ l->client[i], POLLIN, 0 };
	for (unsigned i = 0; i < SIM_LINK_MAX_IOEVENTFDS; i++)
		p[n++] = (struct pollfd){ l->ioev[i].fd, POLLIN, 0 };
	if (poll(p, n, timeout_ms) <= 0)
		return;
	if (l->bus)
		sim_bus_lock(l->bus);

	if (p[0].revents & POLLIN) {
		int fd = accept4(l->listen_fd, NULL, NULL, SOCK_CLOEXEC);
		unsigned i = 0;
		while (fd >= 0 && i < SIM_LINK_MAX_CLIENTS && l->client[i] >= 0)
			i++;
		if (fd >= 0 && i == SIM_LINK_MAX_CLIENTS) {
			fprintf(stderr, "svnic-sim: more than %u host connections; refusing one\n",
				SIM_LINK_MAX_CLIENTS);
			close(fd);
		} else if (fd >= 0) {
			l->client[i] = fd;
		}
	}
	for (unsigned i = 0; i < SIM_LINK_MAX_CLIENTS; i++) {
		if (l->client[i] < 0 || !p[1 + i].revents)
			continue;
		struct svnic_link_msg m;
		int fd;
		int r = recv_msg(l->client[i], &m, &fd);
		if (r <= 0) {
			if (r < 0)
				fprintf(stderr, "svnic-sim: malformed request on the host link; "
						"closing that connection\n");
			drop_client(l, i);
			continue;
		}
		serve(l, &m, fd);
		track_lock(l, i, &m);
		l->requests++;
		if (send(l->client[i], &m, sizeof(m), MSG_NOSIGNAL) != (ssize_t)sizeof(m))
			drop_client(l, i);
	}
	for (unsigned i = 0; i < SIM_LINK_MAX_IOEVENTFDS; i++) {
		struct sim_ioeventfd *e = &l->ioev[i];
		struct pollfd *pe = &p[1 + SIM_LINK_MAX_CLIENTS + i];
		/* A request above may have replaced this slot since poll(). */
		if (e->fd < 0 || pe->fd != e->fd || !(pe->revents & POLLIN))
			continue;
		uint64_t count;
		if (read(e->fd, &count, sizeof(count)) == (ssize_t)sizeof(count)) {
			sim_card_host_write(l->card, e->reg, e->value);
			l->doorbells++;
		}
	}
	if (l->bus)
		sim_bus_unlock(l->bus);
}
