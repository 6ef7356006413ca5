/* SPDX-License-Identifier: MIT */
/*
 * vhost-user message encoding and validation, and the driver's handshake
 * against a scripted fake back-end that misbehaves in one way per test.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "svnic_guest.h"
#include "vhost_user.h"

static uint32_t rd32(const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, 4);
	return v;
}

static uint64_t rd64(const uint8_t *p)
{
	uint64_t v;

	memcpy(&v, p, 8);
	return v;
}

static size_t mk(uint8_t *b, uint32_t req, uint32_t flags, uint32_t size,
		 const void *payload, size_t plen)
{
	memcpy(b, &req, 4);
	memcpy(b + 4, &flags, 4);
	memcpy(b + 8, &size, 4);
	if (plen)
		memcpy(b + 12, payload, plen);
	return 12 + plen;
}

/* ---- encoders -------------------------------------------------------- */

static void encode_layouts(void **state)
{
	uint8_t b[SVNIC_VU_MAX_MSG];
	size_t n;

	(void)state;
	n = svnic_vu_encode_empty(b, sizeof(b), SVNIC_VU_SET_OWNER, 0);
	assert_int_equal(n, 12);
	assert_int_equal(rd32(b), SVNIC_VU_SET_OWNER);
	assert_int_equal(rd32(b + 4), SVNIC_VU_VERSION);
	assert_int_equal(rd32(b + 8), 0);

	n = svnic_vu_encode_u64(b, sizeof(b), SVNIC_VU_SET_FEATURES,
				SVNIC_VU_FLAG_NEED_REPLY, 0x140000000ull);
	assert_int_equal(n, 20);
	assert_int_equal(rd32(b + 4), SVNIC_VU_VERSION | SVNIC_VU_FLAG_NEED_REPLY);
	assert_int_equal(rd32(b + 8), 8);
	assert_int_equal(rd64(b + 12), 0x140000000ull);

	n = svnic_vu_encode_state(b, sizeof(b), SVNIC_VU_SET_VRING_NUM, 0, 1, 256);
	assert_int_equal(n, 20);
	assert_int_equal(rd32(b + 12), 1);
	assert_int_equal(rd32(b + 16), 256);

	n = svnic_vu_encode_addr(b, sizeof(b), 0, 1, 0x1111, 0x2222, 0x3333);
	assert_int_equal(n, 12 + 40);
	assert_int_equal(rd32(b), SVNIC_VU_SET_VRING_ADDR);
	assert_int_equal(rd32(b + 12), 1);      /* index */
	assert_int_equal(rd32(b + 16), 0);      /* flags */
	assert_int_equal(rd64(b + 20), 0x1111); /* desc */
	assert_int_equal(rd64(b + 28), 0x2222); /* used */
	assert_int_equal(rd64(b + 36), 0x3333); /* avail */
	assert_int_equal(rd64(b + 44), 0);      /* log */

	struct svnic_vu_region r[2] = {
		{ 0x40000000, 0x100000, 0x7f0000000000, 0 },
		{ 0x80000000, 0x2000, 0x7f0000200000, 0x1000 },
	};
	n = svnic_vu_encode_mem_table(b, sizeof(b), 0, r, 2);
	assert_int_equal(n, 12 + 8 + 64);
	assert_int_equal(rd32(b + 8), 8 + 64);
	assert_int_equal(rd32(b + 12), 2);
	assert_int_equal(rd64(b + 20), 0x40000000);
	assert_int_equal(rd64(b + 28), 0x100000);
	assert_int_equal(rd64(b + 36), 0x7f0000000000);
	assert_int_equal(rd64(b + 44), 0);
	assert_int_equal(rd64(b + 52 + 24), 0x1000);
}

static void encode_refuses_small_buffers(void **state)
{
	uint8_t b[SVNIC_VU_MAX_MSG];
	struct svnic_vu_region r = { 0 };

	(void)state;
	assert_int_equal(svnic_vu_encode_empty(b, 11, 1, 0), 0);
	assert_int_equal(svnic_vu_encode_u64(b, 19, 1, 0, 0), 0);
	assert_int_equal(svnic_vu_encode_addr(b, 51, 0, 0, 0, 0, 0), 0);
	assert_int_equal(svnic_vu_encode_mem_table(b, sizeof(b), 0, &r, 0), 0);
	assert_int_equal(svnic_vu_encode_mem_table(b, sizeof(b), 0, &r, 9), 0);
	assert_int_equal(svnic_vu_encode_mem_table(b, 12 + 8 + 31, 0, &r, 1), 0);
}

/* ---- decoders -------------------------------------------------------- */

static void decode_rejects_malformed(void **state)
{
	const uint32_t ok = SVNIC_VU_VERSION | SVNIC_VU_FLAG_REPLY;
	uint64_t v = 0x1234, out;
	struct svnic_vu_hdr h;
	uint8_t b[64];
	char err[200];
	size_t n;

	(void)state;
	n = mk(b, SVNIC_VU_GET_FEATURES, ok, 8, &v, 8);
	assert_int_equal(svnic_vu_decode_u64_reply(b, n, SVNIC_VU_GET_FEATURES,
						   &out, err, sizeof(err)), 0);
	assert_int_equal(out, 0x1234);

	/* short */
	assert_int_equal(svnic_vu_decode_hdr(b, 11, &h, err, sizeof(err)), -EPROTO);
	/* wrong version */
	n = mk(b, SVNIC_VU_GET_FEATURES, SVNIC_VU_FLAG_REPLY | 2, 8, &v, 8);
	assert_int_equal(svnic_vu_decode_u64_reply(b, n, SVNIC_VU_GET_FEATURES,
						   &out, err, sizeof(err)), -EPROTO);
	assert_non_null(strstr(err, "version"));
	/* reply flag missing */
	n = mk(b, SVNIC_VU_GET_FEATURES, SVNIC_VU_VERSION, 8, &v, 8);
	assert_int_equal(svnic_vu_decode_u64_reply(b, n, SVNIC_VU_GET_FEATURES,
						   &out, err, sizeof(err)), -EPROTO);
	assert_non_null(strstr(err, "REPLY"));
	/* huge size */
	n = mk(b, SVNIC_VU_GET_FEATURES, ok, 0xffffffffu, &v, 8);
	assert_int_equal(svnic_vu_decode_hdr(b, n, &h, err, sizeof(err)), -EPROTO);
	assert_non_null(strstr(err, "exceeds"));
	/* answer to another request */
	n = mk(b, SVNIC_VU_GET_PROTOCOL_FEATURES, ok, 8, &v, 8);
	assert_int_equal(svnic_vu_decode_u64_reply(b, n, SVNIC_VU_GET_FEATURES,
						   &out, err, sizeof(err)), -EPROTO);
	assert_non_null(strstr(err, "GET_PROTOCOL_FEATURES"));
	/* size field says 4 */
	n = mk(b, SVNIC_VU_GET_FEATURES, ok, 4, &v, 4);
	assert_int_equal(svnic_vu_decode_u64_reply(b, n, SVNIC_VU_GET_FEATURES,
						   &out, err, sizeof(err)), -EPROTO);
	/* size field says 8 but bytes are missing */
	n = mk(b, SVNIC_VU_GET_FEATURES, ok, 8, &v, 4);
	assert_int_equal(svnic_vu_decode_u64_reply(b, n, SVNIC_VU_GET_FEATURES,
						   &out, err, sizeof(err)), -EPROTO);
	/* extra bytes after the payload */
	n = mk(b, SVNIC_VU_GET_FEATURES, ok, 8, &v, 8);
	assert_int_equal(svnic_vu_decode_u64_reply(b, n + 4, SVNIC_VU_GET_FEATURES,
						   &out, err, sizeof(err)), -EPROTO);
	assert_string_equal(svnic_vu_request_name(0), "UNKNOWN");
	assert_string_equal(svnic_vu_request_name(9999), "UNKNOWN");
	assert_string_equal(svnic_vu_request_name(SVNIC_VU_SET_VRING_ENABLE),
			    "SET_VRING_ENABLE");
}

/* ---- fake back-end --------------------------------------------------- */

enum fault {
	F_NONE,
	F_WRONG_REQUEST,   /* GET_FEATURES answered as GET_QUEUE_NUM */
	F_HUGE_SIZE,       /* size field 0x10000 */
	F_SHORT_PAYLOAD,   /* size 4 */
	F_WITH_FD,         /* reply carries an fd */
	F_CLOSE,           /* hang up instead of answering */
	F_SILENT,          /* never answer */
	F_NO_VERSION_1,    /* features without VERSION_1 */
	F_NACK_MEM_TABLE,  /* REPLY_ACK status 1 for SET_MEM_TABLE */
	F_NO_PROTOCOL,     /* no VHOST_USER_F_PROTOCOL_FEATURES */
};

struct fake {
	enum fault fault;
	char path[108];
	int lfd;
	pthread_t thr;
	/* what the driver sent */
	uint32_t reqs[64];
	uint32_t flags[64];
	unsigned nreq;
	uint64_t set_features;
	uint64_t set_pf;
	int mem_fds, vring_fds;
	uint64_t gpa, mem_size;
	uint32_t vring_num[2];
	int enabled[2];
};

static int recv_msg(int fd, uint8_t *b, size_t cap, int *nfds)
{
	union {
		char c[CMSG_SPACE(sizeof(int) * 8)];
		struct cmsghdr a;
	} u;
	struct iovec iov = { b, 12 };
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1,
			     .msg_control = u.c, .msg_controllen = sizeof(u.c) };
	ssize_t n = recvmsg(fd, &mh, MSG_WAITALL);

	*nfds = 0;
	if (n != 12)
		return -1;
	for (struct cmsghdr *c = CMSG_FIRSTHDR(&mh); c; c = CMSG_NXTHDR(&mh, c)) {
		int k = (int)((c->cmsg_len - CMSG_LEN(0)) / sizeof(int));

		for (int i = 0; i < k; i++) {
			int f;

			memcpy(&f, CMSG_DATA(c) + i * sizeof(int), sizeof(f));
			close(f);
		}
		*nfds += k;
	}
	uint32_t size = rd32(b + 8);

	if (size > cap - 12)
		return -1;
	if (size && recv(fd, b + 12, size, MSG_WAITALL) != (ssize_t)size)
		return -1;
	return (int)(12 + size);
}

static void reply(int fd, uint32_t req, uint32_t flags, uint32_t size,
		  uint64_t v, int pass_fd)
{
	uint8_t b[20];
	size_t n = mk(b, req, flags, size, &v, size < 8 ? size : 8);
	union {
		char c[CMSG_SPACE(sizeof(int))];
		struct cmsghdr a;
	} u;
	struct iovec iov = { b, n };
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1 };

	if (pass_fd >= 0) {
		memset(&u, 0, sizeof(u));
		mh.msg_control = u.c;
		mh.msg_controllen = sizeof(u.c);
		struct cmsghdr *c = CMSG_FIRSTHDR(&mh);

		c->cmsg_level = SOL_SOCKET;
		c->cmsg_type = SCM_RIGHTS;
		c->cmsg_len = CMSG_LEN(sizeof(int));
		memcpy(CMSG_DATA(c), &pass_fd, sizeof(int));
	}
	(void)!sendmsg(fd, &mh, MSG_NOSIGNAL);
}

static void *fake_main(void *arg)
{
	struct fake *f = arg;
	const uint32_t R = SVNIC_VU_VERSION | SVNIC_VU_FLAG_REPLY;
	int c = accept(f->lfd, NULL, NULL);
	uint8_t b[SVNIC_VU_MAX_MSG + 64];

	if (c < 0)
		return NULL;
	for (unsigned i = 0; i < 64; i++) {
		int nfds, n = recv_msg(c, b, sizeof(b), &nfds);

		if (n < 0)
			break;
		uint32_t req = rd32(b), flags = rd32(b + 4);

		f->reqs[f->nreq] = req;
		f->flags[f->nreq++] = flags;
		switch (req) {
		case SVNIC_VU_GET_FEATURES: {
			uint64_t feat = SVNIC_VIRTIO_BIT(SVNIC_VIRTIO_F_VERSION_1) |
					SVNIC_VIRTIO_BIT(SVNIC_VIRTIO_NET_F_MRG_RXBUF) |
					SVNIC_VIRTIO_BIT(SVNIC_VIRTIO_F_RING_EVENT_IDX) |
					SVNIC_VIRTIO_BIT(SVNIC_VIRTIO_F_RING_PACKED) |
					SVNIC_VIRTIO_BIT(SVNIC_VU_F_PROTOCOL_FEATURES);

			if (f->fault == F_NO_VERSION_1)
				feat &= ~SVNIC_VIRTIO_BIT(SVNIC_VIRTIO_F_VERSION_1);
			if (f->fault == F_NO_PROTOCOL)
				feat &= ~SVNIC_VIRTIO_BIT(SVNIC_VU_F_PROTOCOL_FEATURES);
			switch (f->fault) {
			case F_WRONG_REQUEST:
				reply(c, SVNIC_VU_GET_QUEUE_NUM, R, 8, feat, -1);
				break;
			case F_HUGE_SIZE:
				reply(c, req, R, 0x10000, feat, -1);
				break;
			case F_SHORT_PAYLOAD:
				reply(c, req, R, 4, feat, -1);
				break;
			case F_WITH_FD:
				reply(c, req, R, 8, feat, 0);
				break;
			case F_CLOSE:
				goto out;
			case F_SILENT:
				break;
			default:
				reply(c, req, R, 8, feat, -1);
			}
			continue;
		}
		case SVNIC_VU_GET_PROTOCOL_FEATURES:
			reply(c, req, R, 8,
			      SVNIC_VIRTIO_BIT(SVNIC_VU_PROTOCOL_F_REPLY_ACK) |
				      SVNIC_VIRTIO_BIT(SVNIC_VU_PROTOCOL_F_MQ) |
				      SVNIC_VIRTIO_BIT(9),
			      -1);
			continue;
		case SVNIC_VU_SET_PROTOCOL_FEATURES:
			f->set_pf = rd64(b + 12);
			break;
		case SVNIC_VU_SET_FEATURES:
			f->set_features = rd64(b + 12);
			break;
		case SVNIC_VU_SET_MEM_TABLE:
			f->mem_fds = nfds;
			f->gpa = rd64(b + 20);
			f->mem_size = rd64(b + 28);
			break;
		case SVNIC_VU_SET_VRING_NUM:
			if (rd32(b + 12) < 2)
				f->vring_num[rd32(b + 12)] = rd32(b + 16);
			break;
		case SVNIC_VU_SET_VRING_KICK:
		case SVNIC_VU_SET_VRING_CALL:
			f->vring_fds += nfds;
			break;
		case SVNIC_VU_SET_VRING_ENABLE:
			if (rd32(b + 12) < 2)
				f->enabled[rd32(b + 12)] = (int)rd32(b + 16);
			break;
		default:
			break;
		}
		if (flags & SVNIC_VU_FLAG_NEED_REPLY)
			reply(c, req, R, 8,
			      f->fault == F_NACK_MEM_TABLE && req == SVNIC_VU_SET_MEM_TABLE,
			      -1);
	}
out:
	close(c);
	return NULL;
}

static struct fake *fake_start(enum fault fault)
{
	static unsigned seq;
	struct fake *f = calloc(1, sizeof(*f));
	struct sockaddr_un sa = { .sun_family = AF_UNIX };

	assert_non_null(f);
	f->fault = fault;
	snprintf(f->path, sizeof(f->path), "/tmp/svnic-gunit-%d-%u.sock",
		 (int)getpid(), seq++);
	unlink(f->path);
	strcpy(sa.sun_path, f->path);
	f->lfd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	assert_true(f->lfd >= 0);
	assert_int_equal(bind(f->lfd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	assert_int_equal(listen(f->lfd, 1), 0);
	assert_int_equal(pthread_create(&f->thr, NULL, fake_main, f), 0);
	return f;
}

static void fake_stop(struct fake *f)
{
	pthread_join(f->thr, NULL);
	close(f->lfd);
	unlink(f->path);
	free(f);
}

static struct svnic_guest *open_fake(struct fake *f, char *err, size_t errlen)
{
	struct svnic_guest_opts o;

	svnic_guest_opts_init(&o);
	o.queue_size = 64;
	o.reply_timeout_ms = 300;
	return svnic_guest_open(f->path, &o, err, errlen);
}

static void handshake_like_qemu(void **state)
{
	struct fake *f = fake_start(F_NONE);
	char err[512];
	struct svnic_guest *g = open_fake(f, err, sizeof(err));

	(void)state;
	if (!g)
		fail_msg("open failed: %s", err);
	/* Only VERSION_1 and the protocol-features bit are accepted. */
	assert_int_equal(svnic_guest_features(g),
			 SVNIC_VIRTIO_BIT(SVNIC_VIRTIO_F_VERSION_1));
	svnic_guest_close(g);
	fake_stop(f);
}

static void handshake_details(void **state)
{
	struct fake *f = fake_start(F_NONE);
	char err[512];
	struct svnic_guest *g = open_fake(f, err, sizeof(err));

	(void)state;
	if (!g)
		fail_msg("open failed: %s", err);
	uint64_t gpa = svnic_guest_mem_gpa(g);
	size_t msize = svnic_guest_mem_size(g);

	svnic_guest_close(g);
	pthread_join(f->thr, NULL);

	assert_int_equal(f->set_features,
			 SVNIC_VIRTIO_BIT(SVNIC_VIRTIO_F_VERSION_1) |
				 SVNIC_VIRTIO_BIT(SVNIC_VU_F_PROTOCOL_FEATURES));
	assert_int_equal(f->set_pf, SVNIC_VIRTIO_BIT(SVNIC_VU_PROTOCOL_F_REPLY_ACK));
	assert_int_equal(f->mem_fds, 1);
	assert_int_equal(f->gpa, 0x40000000);
	assert_int_equal(gpa, 0x40000000);
	assert_int_equal(f->mem_size, msize);
	assert_int_equal(f->vring_num[0], 64);
	assert_int_equal(f->vring_num[1], 64);
	assert_int_equal(f->vring_fds, 4);
	assert_int_equal(f->enabled[0], 1);
	assert_int_equal(f->enabled[1], 1);
	/* Order: GET_FEATURES, GET/SET_PROTOCOL_FEATURES, SET_OWNER,
	 * SET_FEATURES, SET_MEM_TABLE, then per queue NUM BASE ADDR KICK CALL,
	 * then ENABLE x2. */
	static const uint32_t want[] = {
		SVNIC_VU_GET_FEATURES, SVNIC_VU_GET_PROTOCOL_FEATURES,
		SVNIC_VU_SET_PROTOCOL_FEATURES, SVNIC_VU_SET_OWNER,
		SVNIC_VU_SET_FEATURES, SVNIC_VU_SET_MEM_TABLE,
		SVNIC_VU_SET_VRING_NUM, SVNIC_VU_SET_VRING_BASE,
		SVNIC_VU_SET_VRING_ADDR, SVNIC_VU_SET_VRING_KICK,
		SVNIC_VU_SET_VRING_CALL, SVNIC_VU_SET_VRING_NUM,
		SVNIC_VU_SET_VRING_BASE, SVNIC_VU_SET_VRING_ADDR,
		SVNIC_VU_SET_VRING_KICK, SVNIC_VU_SET_VRING_CALL,
		SVNIC_VU_SET_VRING_ENABLE, SVNIC_VU_SET_VRING_ENABLE,
	};
	assert_int_equal(f->nreq, sizeof(want) / sizeof(want[0]));
	for (unsigned i = 0; i < f->nreq; i++) {
		assert_int_equal(f->reqs[i], want[i]);
		/* REPLY_ACK asked for once negotiated (after SET_PROTOCOL_FEATURES). */
		assert_int_equal(!!(f->flags[i] & SVNIC_VU_FLAG_NEED_REPLY), i >= 3);
	}
	close(f->lfd);
	unlink(f->path);
	free(f);
}

static void without_protocol_features(void **state)
{
	struct fake *f = fake_start(F_NO_PROTOCOL);
	char err[512];
	struct svnic_guest *g = open_fake(f, err, sizeof(err));

	(void)state;
	if (!g)
		fail_msg("open failed: %s", err);
	svnic_guest_close(g);
	pthread_join(f->thr, NULL);
	assert_int_equal(f->set_features, SVNIC_VIRTIO_BIT(SVNIC_VIRTIO_F_VERSION_1));
	for (unsigned i = 0; i < f->nreq; i++) {
		assert_int_not_equal(f->reqs[i], SVNIC_VU_GET_PROTOCOL_FEATURES);
		assert_int_not_equal(f->reqs[i], SVNIC_VU_SET_VRING_ENABLE);
		assert_false(f->flags[i] & SVNIC_VU_FLAG_NEED_REPLY);
	}
	close(f->lfd);
	unlink(f->path);
	free(f);
}

static void expect_open_fails(enum fault fault, const char *needle, int err_no)
{
	struct fake *f = fake_start(fault);
	char err[512] = "";
	struct svnic_guest *g = open_fake(f, err, sizeof(err));

	if (g)
		fail_msg("open succeeded against fault %d", (int)fault);
	assert_int_equal(errno, err_no);
	if (!strstr(err, needle))
		fail_msg("error '%s' lacks '%s'", err, needle);
	assert_non_null(strstr(err, f->path));
	fake_stop(f);
}

static void rejects_wrong_request(void **s)
{
	(void)s;
	expect_open_fails(F_WRONG_REQUEST, "GET_QUEUE_NUM", EPROTO);
}

static void rejects_huge_size(void **s)
{
	(void)s;
	expect_open_fails(F_HUGE_SIZE, "exceeds", EPROTO);
}

static void rejects_short_payload(void **s)
{
	(void)s;
	expect_open_fails(F_SHORT_PAYLOAD, "expected 8", EPROTO);
}

static void rejects_passed_fd(void **s)
{
	(void)s;
	expect_open_fails(F_WITH_FD, "file descriptors", EPROTO);
}

static void reports_hangup(void **s)
{
	(void)s;
	expect_open_fails(F_CLOSE, "closed", ECONNRESET);
}

static void reports_timeout(void **s)
{
	(void)s;
	expect_open_fails(F_SILENT, "timeout", ETIMEDOUT);
}

static void requires_version_1(void **s)
{
	(void)s;
	expect_open_fails(F_NO_VERSION_1, "VERSION_1", ENOTSUP);
}

static void reports_nack(void **s)
{
	(void)s;
	expect_open_fails(F_NACK_MEM_TABLE, "rejected SET_MEM_TABLE", EREMOTEIO);
}

static void reports_missing_socket(void **s)
{
	char err[512];
	struct svnic_guest_opts o;

	(void)s;
	svnic_guest_opts_init(&o);
	o.connect_timeout_ms = 100;
	assert_null(svnic_guest_open("/tmp/svnic-gunit-no-such.sock", &o, err,
				     sizeof(err)));
	assert_int_equal(errno, ENOENT);
	assert_non_null(strstr(err, "no-such.sock"));
	o.queue_size = 100;
	assert_null(svnic_guest_open("/tmp/x.sock", &o, err, sizeof(err)));
	assert_int_equal(errno, EINVAL);
	assert_non_null(strstr(err, "power of two"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(encode_layouts),
		cmocka_unit_test(encode_refuses_small_buffers),
		cmocka_unit_test(decode_rejects_malformed),
		cmocka_unit_test(handshake_like_qemu),
		cmocka_unit_test(handshake_details),
		cmocka_unit_test(without_protocol_features),
		cmocka_unit_test(rejects_wrong_request),
		cmocka_unit_test(rejects_huge_size),
		cmocka_unit_test(rejects_short_payload),
		cmocka_unit_test(rejects_passed_fd),
		cmocka_unit_test(reports_hangup),
		cmocka_unit_test(reports_timeout),
		cmocka_unit_test(requires_version_1),
		cmocka_unit_test(reports_nack),
		cmocka_unit_test(reports_missing_socket),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
