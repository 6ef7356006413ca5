/* SPDX-License-Identifier: MIT */
/* vhost-user front-end message layer: encoding, validation, socket I/O. */
#include "vhost_user.h"

#include <errno.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

/* The protocol uses the host's byte order; fields are copied as-is. */
static void put32(uint8_t *p, uint32_t v)
{
	memcpy(p, &v, sizeof(v));
}

static void put64(uint8_t *p, uint64_t v)
{
	memcpy(p, &v, sizeof(v));
}

static uint32_t get32(const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static uint64_t get64(const uint8_t *p)
{
	uint64_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

const char *svnic_vu_request_name(uint32_t request)
{
	static const char *const names[] = {
		[SVNIC_VU_GET_FEATURES] = "GET_FEATURES",
		[SVNIC_VU_SET_FEATURES] = "SET_FEATURES",
		[SVNIC_VU_SET_OWNER] = "SET_OWNER",
		[SVNIC_VU_RESET_OWNER] = "RESET_OWNER",
		[SVNIC_VU_SET_MEM_TABLE] = "SET_MEM_TABLE",
		[SVNIC_VU_SET_LOG_BASE] = "SET_LOG_BASE",
		[SVNIC_VU_SET_LOG_FD] = "SET_LOG_FD",
		[SVNIC_VU_SET_VRING_NUM] = "SET_VRING_NUM",
		[SVNIC_VU_SET_VRING_ADDR] = "SET_VRING_ADDR",
		[SVNIC_VU_SET_VRING_BASE] = "SET_VRING_BASE",
		[SVNIC_VU_GET_VRING_BASE] = "GET_VRING_BASE",
		[SVNIC_VU_SET_VRING_KICK] = "SET_VRING_KICK",
		[SVNIC_VU_SET_VRING_CALL] = "SET_VRING_CALL",
		[SVNIC_VU_SET_VRING_ERR] = "SET_VRING_ERR",
		[SVNIC_VU_GET_PROTOCOL_FEATURES] = "GET_PROTOCOL_FEATURES",
		[SVNIC_VU_SET_PROTOCOL_FEATURES] = "SET_PROTOCOL_FEATURES",
		[SVNIC_VU_GET_QUEUE_NUM] = "GET_QUEUE_NUM",
		[SVNIC_VU_SET_VRING_ENABLE] = "SET_VRING_ENABLE",
	};

	if (request == 0 || request > SVNIC_VU_REQ_MAX_KNOWN)
		return "UNKNOWN";
	return names[request];
}

static size_t encode_hdr(uint8_t *buf, size_t cap, uint32_t req,
			 uint32_t flags, uint32_t size)
{
	if (cap < SVNIC_VU_HDR_SIZE || size > cap - SVNIC_VU_HDR_SIZE)
		return 0;
	put32(buf, req);
	put32(buf + 4, (flags & ~SVNIC_VU_VERSION_MASK) | SVNIC_VU_VERSION);
	put32(buf + 8, size);
	return SVNIC_VU_HDR_SIZE + size;
}

size_t svnic_vu_encode_empty(uint8_t *buf, size_t cap, uint32_t req,
			     uint32_t flags)
{
	return encode_hdr(buf, cap, req, flags, 0);
}

size_t svnic_vu_encode_u64(uint8_t *buf, size_t cap, uint32_t req,
			   uint32_t flags, uint64_t value)
{
	size_t n = encode_hdr(buf, cap, req, flags, 8);

	if (n)
		put64(buf + SVNIC_VU_HDR_SIZE, value);
	return n;
}

size_t svnic_vu_encode_state(uint8_t *buf, size_t cap, uint32_t req,
			     uint32_t flags, uint32_t index, uint32_t num)
{
	size_t n = encode_hdr(buf, cap, req, flags, 8);

	if (n) {
		put32(buf + SVNIC_VU_HDR_SIZE, index);
		put32(buf + SVNIC_VU_HDR_SIZE + 4, num);
	}
	return n;
}

size_t svnic_vu_encode_addr(uint8_t *buf, size_t cap, uint32_t flags,
			    uint32_t index, uint64_t desc_uaddr,
			    uint64_t used_uaddr, uint64_t avail_uaddr)
{
	/* index, flags (no logging), desc, used, avail, log */
	size_t n = encode_hdr(buf, cap, SVNIC_VU_SET_VRING_ADDR, flags, 40);
	uint8_t *p = buf + SVNIC_VU_HDR_SIZE;

	if (!n)
		return 0;
	put32(p, index);
	put32(p + 4, 0);
	put64(p + 8, desc_uaddr);
	put64(p + 16, used_uaddr);
	put64(p + 24, avail_uaddr);
	put64(p + 32, 0);
	return n;
}

size_t svnic_vu_encode_mem_table(uint8_t *buf, size_t cap, uint32_t flags,
				 const struct svnic_vu_region *regions,
				 unsigned nregions)
{
	size_t n;
	uint8_t *p;

	if (nregions == 0 || nregions > SVNIC_VU_MAX_REGIONS)
		return 0;
	n = encode_hdr(buf, cap, SVNIC_VU_SET_MEM_TABLE, flags,
		       8u + 32u * nregions);
	if (!n)
		return 0;
	p = buf + SVNIC_VU_HDR_SIZE;
	put32(p, nregions);
	put32(p + 4, 0);
	for (unsigned i = 0; i < nregions; i++) {
		uint8_t *r = p + 8 + 32u * i;

		put64(r, regions[i].guest_phys_addr);
		put64(r + 8, regions[i].memory_size);
		put64(r + 16, regions[i].userspace_addr);
		put64(r + 24, regions[i].mmap_offset);
	}
	return n;
}

int svnic_vu_decode_hdr(const uint8_t *buf, size_t len,
			struct svnic_vu_hdr *hdr, char *err, size_t errlen)
{
	if (len < SVNIC_VU_HDR_SIZE) {
		snprintf(err, errlen, "short message (%zu bytes, header is %u)",
			 len, SVNIC_VU_HDR_SIZE);
		return -EPROTO;
	}
	hdr->request = get32(buf);
	hdr->flags = get32(buf + 4);
	hdr->size = get32(buf + 8);
	if ((hdr->flags & SVNIC_VU_VERSION_MASK) != SVNIC_VU_VERSION) {
		snprintf(err, errlen, "protocol version %u in reply, expected %u",
			 hdr->flags & SVNIC_VU_VERSION_MASK, SVNIC_VU_VERSION);
		return -EPROTO;
	}
	if (!(hdr->flags & SVNIC_VU_FLAG_REPLY)) {
		snprintf(err, errlen,
			 "message %u (%s) without the REPLY flag where a reply was expected",
			 hdr->request, svnic_vu_request_name(hdr->request));
		return -EPROTO;
	}
	if (hdr->size > SVNIC_VU_MAX_PAYLOAD) {
		snprintf(err, errlen, "payload of %u bytes exceeds the %u-byte limit",
			 hdr->size, SVNIC_VU_MAX_PAYLOAD);
		return -EPROTO;
	}
	return 0;
}

int svnic_vu_decode_u64_reply(const uint8_t *buf, size_t len,
			      uint32_t expect_req, uint64_t *value, char *err,
			      size_t errlen)
{
	struct svnic_vu_hdr h;
	int rc = svnic_vu_decode_hdr(buf, len, &h, err, errlen);

	if (rc)
		return rc;
	if (h.request != expect_req) {
		snprintf(err, errlen, "reply is for request %u (%s), expected %u (%s)",
			 h.request, svnic_vu_request_name(h.request), expect_req,
			 svnic_vu_request_name(expect_req));
		return -EPROTO;
	}
	if (h.size != 8 || len != SVNIC_VU_HDR_SIZE + 8u) {
		snprintf(err, errlen,
			 "reply payload is %u bytes (%zu received), expected 8",
			 h.size, len);
		return -EPROTO;
	}
	*value = get64(buf + SVNIC_VU_HDR_SIZE);
	return 0;
}

static long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int svnic_vu_connect(const char *path, unsigned timeout_ms, int *fd_out,
		     char *err, size_t errlen)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	long deadline = now_ms() + (long)timeout_ms;
	int last = 0;

	if (strlen(path) >= sizeof(sa.sun_path)) {
		snprintf(err, errlen,
			 "socket path '%s' is longer than %zu bytes; use a shorter path",
			 path, sizeof(sa.sun_path) - 1);
		return -ENAMETOOLONG;
	}
	memcpy(sa.sun_path, path, strlen(path) + 1);

	/* Bounded: one attempt per 20 ms until the deadline. */
	for (unsigned attempt = 0; attempt <= timeout_ms / 20u + 1u; attempt++) {
		int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);

		if (fd < 0) {
			last = -errno;
			break;
		}
		if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0) {
			*fd_out = fd;
			return 0;
		}
		last = -errno;
		close(fd);
		if ((last != -ENOENT && last != -ECONNREFUSED && last != -EAGAIN) ||
		    now_ms() >= deadline)
			break;
		nanosleep(&(struct timespec){ .tv_nsec = 20 * 1000000 }, NULL);
	}
	snprintf(err, errlen,
		 "cannot connect to vhost-user socket '%s': %s (waited %u ms); "
		 "is the back-end (svnicd or testpmd --vdev net_vhost0) running and listening there?",
		 path, strerror(-last), timeout_ms);
	return last;
}

int svnic_vu_send(int fd, const uint8_t *msg, size_t len, const int *fds,
		  unsigned nfds)
{
	union {
		char buf[CMSG_SPACE(sizeof(int) * SVNIC_VU_MAX_FDS)];
		struct cmsghdr align;
	} u;
	struct iovec iov = { .iov_base = (void *)msg, .iov_len = len };
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1 };
	ssize_t n;

	if (nfds > SVNIC_VU_MAX_FDS)
		return -EINVAL;
	if (nfds) {
		struct cmsghdr *c;

		memset(&u, 0, sizeof(u));
		mh.msg_control = u.buf;
		mh.msg_controllen = CMSG_SPACE(sizeof(int) * nfds);
		c = CMSG_FIRSTHDR(&mh);
		c->cmsg_level = SOL_SOCKET;
		c->cmsg_type = SCM_RIGHTS;
		c->cmsg_len = CMSG_LEN(sizeof(int) * nfds);
		memcpy(CMSG_DATA(c), fds, sizeof(int) * nfds);
	}
	/* Messages are small: the kernel takes them whole or fails. */
	for (int tries = 0; tries < 100; tries++) {
		n = sendmsg(fd, &mh, MSG_NOSIGNAL);
		if (n >= 0)
			return (size_t)n == len ? 0 : -EIO;
		if (errno != EINTR)
			return -errno;
	}
	return -EINTR;
}

static void close_passed_fds(struct msghdr *mh, bool *had_fds)
{
	for (struct cmsghdr *c = CMSG_FIRSTHDR(mh); c; c = CMSG_NXTHDR(mh, c)) {
		if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS ||
		    c->cmsg_len < CMSG_LEN(0))
			continue;
		size_t n = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);

		for (size_t i = 0; i < n && i < SVNIC_VU_MAX_FDS * 4; i++) {
			int fd;

			memcpy(&fd, CMSG_DATA(c) + i * sizeof(int), sizeof(fd));
			close(fd);
		}
		*had_fds = true;
	}
}

/* Read exactly `want` bytes before the deadline. */
static int read_exact(int fd, uint8_t *buf, size_t want, long deadline,
		      bool *had_fds, char *err, size_t errlen)
{
	size_t got = 0;

	/* Bounded by the byte count and the deadline. */
	for (unsigned spins = 0; got < want && spins < 4096; spins++) {
		union {
			char buf[CMSG_SPACE(sizeof(int) * SVNIC_VU_MAX_FDS)];
			struct cmsghdr align;
		} u;
		struct iovec iov = { .iov_base = buf + got, .iov_len = want - got };
		struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1,
				     .msg_control = u.buf,
				     .msg_controllen = sizeof(u.buf) };
		struct pollfd pfd = { .fd = fd, .events = POLLIN };
		long left = deadline - now_ms();
		ssize_t n;
		int prc;

		if (left < 0)
			left = 0;
		prc = poll(&pfd, 1, (int)left);
		if (prc < 0 && errno == EINTR)
			continue;
		if (prc < 0) {
			snprintf(err, errlen, "poll: %s", strerror(errno));
			return -errno;
		}
		if (prc == 0) {
			snprintf(err, errlen, "no reply within the timeout");
			return -ETIMEDOUT;
		}
		n = recvmsg(fd, &mh, MSG_CMSG_CLOEXEC | MSG_DONTWAIT);
		if (n < 0 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (n < 0) {
			snprintf(err, errlen, "recvmsg: %s", strerror(errno));
			return -errno;
		}
		close_passed_fds(&mh, had_fds);
		if (mh.msg_flags & MSG_CTRUNC)
			*had_fds = true;
		if (n == 0) {
			snprintf(err, errlen,
				 "back-end closed the connection (%zu of %zu bytes read)",
				 got, want);
			return -ECONNRESET;
		}
		got += (size_t)n;
	}
	if (got < want) {
		snprintf(err, errlen, "reply trickled in too slowly");
		return -ETIMEDOUT;
	}
	return 0;
}

int svnic_vu_recv(int fd, unsigned timeout_ms, uint8_t *buf, size_t cap,
		  size_t *len, char *err, size_t errlen)
{
	long deadline = now_ms() + (long)timeout_ms;
	struct svnic_vu_hdr h;
	bool had_fds = false;
	int rc;

	if (cap < SVNIC_VU_HDR_SIZE)
		return -EINVAL;
	rc = read_exact(fd, buf, SVNIC_VU_HDR_SIZE, deadline, &had_fds, err,
			errlen);
	if (rc)
		return rc;
	rc = svnic_vu_decode_hdr(buf, SVNIC_VU_HDR_SIZE, &h, err, errlen);
	if (rc)
		return rc;
	if (h.size > cap - SVNIC_VU_HDR_SIZE) {
		snprintf(err, errlen, "payload of %u bytes does not fit %zu",
			 h.size, cap - SVNIC_VU_HDR_SIZE);
		return -EPROTO;
	}
	if (h.size) {
		rc = read_exact(fd, buf + SVNIC_VU_HDR_SIZE, h.size, deadline,
				&had_fds, err, errlen);
		if (rc)
			return rc;
	}
	if (had_fds) {
		snprintf(err, errlen,
			 "reply to %s carried file descriptors; none expected",
			 svnic_vu_request_name(h.request));
		return -EPROTO;
	}
	*len = SVNIC_VU_HDR_SIZE + h.size;
	return 0;
}
