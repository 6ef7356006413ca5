/* SPDX-License-Identifier: MIT */
/* The svnic-sim link client against a fake server thread on a socketpair. */
#include <errno.h>
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "fake_card.h"
#include "svnic/libsvnic.h"
#include "svnic/regs.h"
#include "svnic/simlink.h"
#include "svnic/svnic_transport.h"

enum mode {
	SERVE,        /* answer everything from the fake card */
	OLD_VERSION,  /* HELLO answered with version 2 */
	REFUSE_HELLO, /* HELLO answered with -EPROTONOSUPPORT */
	DIE_AFTER_HELLO,
	SILENT_AFTER_HELLO,
	SPLIT_REPLIES,  /* every reply in two writes, 20 ms apart */
	SLOW_REPLIES,   /* every reply after 150 ms */
	BAD_MAGIC_AFTER_HELLO,
};

struct server {
	int fd;
	enum mode mode;
	struct fake_card fc;
	/* the last received fd's identity */
	dev_t fd_dev;
	ino_t fd_ino;
	unsigned fds_received;
	unsigned requests;
};

static void sleep_ms(unsigned ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

static int recv_req(struct server *s, struct svnic_link_msg *m, int *rfd)
{
	size_t done = 0;

	*rfd = -1;
	while (done < sizeof(*m)) {
		union {
			char buf[CMSG_SPACE(sizeof(int))];
			struct cmsghdr align;
		} ctl;
		struct iovec iov = { (char *)m + done, sizeof(*m) - done };
		struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1,
				     .msg_control = ctl.buf,
				     .msg_controllen = sizeof(ctl.buf) };
		ssize_t n = recvmsg(s->fd, &mh, 0);
		struct cmsghdr *c;

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		for (c = CMSG_FIRSTHDR(&mh); c; c = CMSG_NXTHDR(&mh, c))
			if (c->cmsg_type == SCM_RIGHTS)
				memcpy(rfd, CMSG_DATA(c), sizeof(int));
		done += (size_t)n;
	}
	return 0;
}

static void *server_main(void *arg)
{
	struct server *s = arg;

	for (unsigned i = 0; i < 100000; i++) {
		struct svnic_link_msg m, r;
		int rfd;

		if (recv_req(s, &m, &rfd) < 0)
			break;
		s->requests++;
		if (rfd >= 0) {
			struct stat st;

			fstat(rfd, &st);
			s->fd_dev = st.st_dev;
			s->fd_ino = st.st_ino;
			s->fds_received++;
		}
		fake_card_link(&s->fc, &m, rfd, &r);
		if (rfd >= 0)
			close(rfd);
		if (m.op == SVNIC_LINK_HELLO) {
			if (s->mode == OLD_VERSION)
				r.value = 2;
			if (s->mode == REFUSE_HELLO)
				r.status = -EPROTO; /* what svnic-sim answers */
		} else {
			if (s->mode == DIE_AFTER_HELLO)
				break;
			if (s->mode == SILENT_AFTER_HELLO)
				continue;
			if (s->mode == BAD_MAGIC_AFTER_HELLO)
				r.magic = 0xdeadbeef;
		}
		if (s->mode == SLOW_REPLIES)
			sleep_ms(150);
		if (s->mode == SPLIT_REPLIES) {
			if (write(s->fd, &r, 10) != 10)
				break;
			sleep_ms(20);
			if (write(s->fd, (char *)&r + 10, sizeof(r) - 10) !=
			    (ssize_t)sizeof(r) - 10)
				break;
		} else if (write(s->fd, &r, sizeof(r)) != sizeof(r)) {
			break;
		}
	}
	close(s->fd);
	return NULL;
}

struct fixture {
	struct server srv;
	pthread_t th;
	int cfd;
};

static struct fixture *start(enum mode mode)
{
	struct fixture *f = calloc(1, sizeof(*f));
	int sv[2];

	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv), 0);
	f->srv.fd = sv[1];
	f->srv.mode = mode;
	fake_card_init(&f->srv.fc);
	f->cfd = sv[0];
	assert_int_equal(pthread_create(&f->th, NULL, server_main, &f->srv), 0);
	return f;
}

/* Wait for the server thread (the client side is closed) and free. */
static void finish(struct fixture *f)
{
	pthread_join(f->th, NULL);
	fake_card_fini(&f->srv.fc);
	free(f);
}

static void stop(struct fixture *f, const struct svnic_transport_ops *ops, void *ctx)
{
	ops->close(ctx); /* closes cfd: the server sees EOF */
	pthread_join(f->th, NULL);
	fake_card_fini(&f->srv.fc);
	free(f);
}

static uint64_t ms_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

static void hello_and_register_access(void **state)
{
	struct fixture *f = start(SERVE);
	const struct svnic_transport_ops *ops;
	void *ctx;
	struct svnic_err e;
	uint32_t v = 0;

	(void)state;
	assert_int_equal(svnic_sim_attach(f->cfd, "pair", 500, &ops, &ctx, &e), 0);
	assert_string_equal(ops->name, "sim");
	assert_int_equal(ops->reg_read(ctx, SVNIC_HOST_ID, &v, &e), 0);
	assert_int_equal(v, SVNIC_ID_MAGIC);
	assert_int_equal(ops->reg_read(ctx, SVNIC_HOST_NUM_VIFS, &v, &e), 0);
	assert_int_equal(v, FAKE_VIFS);
	assert_int_equal(ops->reg_write(ctx, SVNIC_HOST_MBOX_LOCK, 0, &e), 0);
	/* A refusal from the peer is its errno, the link stays usable. */
	assert_int_equal(ops->dma_unmap(ctx, 0, 0x1000, 0x1000, &e), -ENOENT);
	assert_non_null(strstr(e.msg, "refused DMA_UNMAP"));
	assert_int_equal(ops->reg_read(ctx, SVNIC_HOST_ID, &v, &e), 0);
	assert_int_equal(f->srv.requests, 6);
	stop(f, ops, ctx);
}

static void whole_stack_over_the_link(void **state)
{
	struct fixture *f = start(SERVE);
	const struct svnic_transport_ops *ops;
	void *ctx;
	struct svnic *card;
	struct svnic_err e;
	struct svnic_card_info ci;
	uint32_t vif;

	(void)state;
	assert_int_equal(svnic_sim_attach(f->cfd, "pair", 500, &ops, &ctx, &e), 0);
	assert_int_equal(svnic_open_transport(ops, ctx, NULL, &card, &e), 0);
	assert_int_equal(svnic_card_info(card, &ci, &e), 0);
	assert_int_equal(ci.num_vifs, FAKE_VIFS);
	assert_int_equal(svnic_vif_create(card, (uint8_t[]){ 2, 0, 0, 0, 0, 9 }, &vif, &e),
			 0);
	assert_int_equal(vif, 0);
	svnic_close(card); /* closes the link */
	finish(f);
}

static void fd_is_passed_with_scm_rights(void **state)
{
	struct fixture *f = start(SERVE);
	const struct svnic_transport_ops *ops;
	void *ctx;
	struct svnic_err e;
	struct stat st;
	int mfd = memfd_create("guest-mem", MFD_CLOEXEC);

	(void)state;
	assert_true(mfd >= 0);
	assert_int_equal(ftruncate(mfd, 1 << 20), 0);
	fstat(mfd, &st);
	assert_int_equal(svnic_sim_attach(f->cfd, "pair", 500, &ops, &ctx, &e), 0);
	assert_int_equal(ops->dma_map(ctx, 2, 0x40000000, 1 << 20, mfd, 0x1000, &e), 0);
	assert_int_equal(f->srv.fds_received, 1);
	assert_true(f->srv.fd_dev == st.st_dev && f->srv.fd_ino == st.st_ino);
	assert_true(f->srv.fc.maps[0].used);
	assert_int_equal(f->srv.fc.maps[0].domain, 2);
	assert_int_equal(f->srv.fc.maps[0].iova, 0x40000000);
	assert_int_equal(f->srv.fc.maps[0].size, 1 << 20);
	assert_int_equal(f->srv.fc.maps[0].offset, 0x1000);
	/* irq and ioeventfd: with an fd, then without one. */
	assert_int_equal(ops->set_irq(ctx, 3, mfd, &e), 0);
	assert_int_equal(f->srv.fds_received, 2);
	assert_true(f->srv.fc.irq_fd[3] >= 0);
	assert_int_equal(ops->set_irq(ctx, 3, -1, &e), 0);
	assert_int_equal(f->srv.fds_received, 2);
	assert_int_equal(f->srv.fc.irq_fd[3], -1);
	assert_int_equal(ops->set_ioeventfd(ctx, SVNIC_HOST_DOORBELL(1, 1, FAKE_QPV), 1,
					    mfd, &e),
			 0);
	assert_true(f->srv.fc.db_fd[3] >= 0);
	assert_int_equal(f->srv.fc.db_value[3], 1);
	/* A map without a memory fd is refused locally. */
	assert_int_equal(ops->dma_map(ctx, 2, 0, 4096, -1, 0, &e), -EBADF);
	close(mfd);
	stop(f, ops, ctx);
}

static void version_mismatch_is_refused(void **state)
{
	const struct svnic_transport_ops *ops;
	void *ctx;
	struct svnic_err e;
	struct fixture *f = start(OLD_VERSION);

	(void)state;
	assert_int_equal(svnic_sim_attach(f->cfd, "pair", 500, &ops, &ctx, &e),
			 -EPROTONOSUPPORT);
	assert_non_null(strstr(e.msg, "link version 2"));
	assert_non_null(strstr(e.msg, "same build"));
	finish(f); /* attach closed cfd */

	f = start(REFUSE_HELLO);
	assert_int_equal(svnic_sim_attach(f->cfd, "pair", 500, &ops, &ctx, &e),
			 -EPROTO);
	assert_non_null(strstr(e.msg, "refused HELLO"));
	finish(f);
}

static void dead_peer_is_an_error_not_a_hang(void **state)
{
	struct fixture *f = start(DIE_AFTER_HELLO);
	const struct svnic_transport_ops *ops;
	void *ctx;
	struct svnic_err e;
	uint32_t v;
	uint64_t t0;
	int rc;

	(void)state;
	assert_int_equal(svnic_sim_attach(f->cfd, "pair", 2000, &ops, &ctx, &e), 0);
	t0 = ms_now();
	rc = ops->reg_read(ctx, SVNIC_HOST_ID, &v, &e);
	assert_true(rc == -ECONNRESET || rc == -EPIPE);
	assert_true(ms_now() - t0 < 1000);
	assert_non_null(strstr(e.msg, "lost"));
	/* From now on: at once, ENOTCONN. */
	assert_int_equal(ops->reg_write(ctx, SVNIC_HOST_MBOX_LOCK, 0, &e), -ENOTCONN);
	assert_non_null(strstr(e.msg, "broken"));
	stop(f, ops, ctx);
}

static void silent_peer_times_out(void **state)
{
	struct fixture *f = start(SILENT_AFTER_HELLO);
	const struct svnic_transport_ops *ops;
	void *ctx;
	struct svnic_err e;
	uint32_t v;
	uint64_t t0;

	(void)state;
	assert_int_equal(svnic_sim_attach(f->cfd, "pair", 200, &ops, &ctx, &e), 0);
	t0 = ms_now();
	assert_int_equal(ops->reg_read(ctx, SVNIC_HOST_ID, &v, &e), -ETIMEDOUT);
	assert_true(ms_now() - t0 >= 190);
	assert_true(ms_now() - t0 < 1500);
	assert_non_null(strstr(e.msg, "did not answer REG_READ within 200 ms"));
	assert_int_equal(ops->reg_read(ctx, SVNIC_HOST_ID, &v, &e), -ENOTCONN);
	stop(f, ops, ctx);
}

static void malformed_reply_breaks_the_link(void **state)
{
	struct fixture *f = start(BAD_MAGIC_AFTER_HELLO);
	const struct svnic_transport_ops *ops;
	void *ctx;
	struct svnic_err e;
	uint32_t v;

	(void)state;
	assert_int_equal(svnic_sim_attach(f->cfd, "pair", 500, &ops, &ctx, &e), 0);
	assert_int_equal(ops->reg_read(ctx, SVNIC_HOST_ID, &v, &e), -EPROTO);
	assert_non_null(strstr(e.msg, "malformed reply"));
	assert_int_equal(ops->reg_read(ctx, SVNIC_HOST_ID, &v, &e), -ENOTCONN);
	stop(f, ops, ctx);
}

static void short_reads_are_reassembled(void **state)
{
	struct fixture *f = start(SPLIT_REPLIES);
	const struct svnic_transport_ops *ops;
	void *ctx;
	struct svnic_err e;
	uint32_t v = 0;

	(void)state;
	assert_int_equal(svnic_sim_attach(f->cfd, "pair", 500, &ops, &ctx, &e), 0);
	for (int i = 0; i < 3; i++) {
		assert_int_equal(ops->reg_read(ctx, SVNIC_HOST_QUEUES_PER_VIF, &v, &e), 0);
		assert_int_equal(v, FAKE_QPV);
	}
	stop(f, ops, ctx);
}

static void on_usr1(int sig)
{
	(void)sig;
}

struct pinger {
	pthread_t target;
	volatile int stop;
};

static void *ping(void *arg)
{
	struct pinger *p = arg;

	for (int i = 0; i < 200 && !p->stop; i++) {
		pthread_kill(p->target, SIGUSR1);
		sleep_ms(5);
	}
	return NULL;
}

static void signals_do_not_break_a_call(void **state)
{
	struct fixture *f = start(SLOW_REPLIES);
	struct sigaction act = { .sa_handler = on_usr1 }; /* no SA_RESTART */
	struct pinger p = { .target = pthread_self() };
	const struct svnic_transport_ops *ops;
	pthread_t th;
	void *ctx;
	struct svnic_err e;
	uint32_t v = 0;

	(void)state;
	sigaction(SIGUSR1, &act, NULL);
	assert_int_equal(svnic_sim_attach(f->cfd, "pair", 1000, &ops, &ctx, &e), 0);
	pthread_create(&th, NULL, ping, &p);
	assert_int_equal(ops->reg_read(ctx, SVNIC_HOST_ID, &v, &e), 0);
	assert_int_equal(v, SVNIC_ID_MAGIC);
	p.stop = 1;
	pthread_join(th, NULL);
	signal(SIGUSR1, SIG_DFL);
	stop(f, ops, ctx);
}

static void connect_to_nothing_says_what_to_do(void **state)
{
	const struct svnic_transport_ops *ops;
	void *ctx;
	struct svnic_err e;

	(void)state;
	assert_int_equal(svnic_sim_connect("/nonexistent/svnic.sock", 100, &ops, &ctx, &e),
			 -ENOENT);
	assert_non_null(strstr(e.msg, "cannot reach svnic-sim at /nonexistent/svnic.sock"));
	assert_non_null(strstr(e.msg, "start svnic-sim"));
	assert_int_equal(svnic_sim_connect("", 100, &ops, &ctx, &e), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(hello_and_register_access),
		cmocka_unit_test(whole_stack_over_the_link),
		cmocka_unit_test(fd_is_passed_with_scm_rights),
		cmocka_unit_test(version_mismatch_is_refused),
		cmocka_unit_test(dead_peer_is_an_error_not_a_hang),
		cmocka_unit_test(silent_peer_times_out),
		cmocka_unit_test(malformed_reply_breaks_the_link),
		cmocka_unit_test(short_reads_are_reassembled),
		cmocka_unit_test(signals_do_not_break_a_call),
		cmocka_unit_test(connect_to_nothing_says_what_to_do),
	};

	signal(SIGPIPE, SIG_IGN);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
