/* SPDX-License-Identifier: MIT */
/*
 * Conformance: the guest driver against DPDK testpmd's vhost-user back-end
 * (net_vhost PMD) in macswap mode. Every frame sent comes back with its
 * MAC addresses swapped; the test checks every byte and the order, then
 * stops testpmd with SIGINT and checks that its totals match.
 *
 * Phase 1: 500 frames ping-pong (one in flight, sleeping on the call
 * eventfd), then 10,000 frames, random sizes 60..1514, header inline.
 * Phase 2: a new connection (reconnect), 2,000 frames, header in its own
 * descriptor, busy polling (NO_INTERRUPT), queue size 128; then one raw
 * TX descriptor pointing outside guest memory (testpmd must survive it).
 *
 * testpmd runs in its own process group with PR_SET_PDEATHSIG, and is
 * killed on every exit path. A missing dpdk-testpmd is a failure.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "svnic_guest.h"

#define PHASE1_FRAMES 10000u
#define PHASE2_FRAMES 2000u
#define PINGPONG_FRAMES 500u
#define WINDOW 64u /* frames in flight: below both RX ring sizes */
#define MIN_SIZE 60u
#define MAX_SIZE 1514u

static pid_t tp_pid = -1;
static char tmpdir[64];
static char sock_path[128];
static char out_path[128];
static char prefix[64];
static int tp_stdin = -1;
static unsigned passed, failed;

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void check(int ok, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	printf("%s: ", ok ? "ok" : "FAIL");
	vprintf(fmt, ap);
	printf("\n");
	va_end(ap);
	fflush(stdout);
	if (ok)
		passed++;
	else
		failed++;
}

/* Wait for the child up to `ms`; returns 1 if it exited. */
static int reap(int ms)
{
	for (int i = 0; i < ms / 10 + 1; i++) {
		int st;
		pid_t r = waitpid(tp_pid, &st, WNOHANG);

		if (r == tp_pid || (r < 0 && errno == ECHILD)) {
			tp_pid = -1;
			return 1;
		}
		nanosleep(&(struct timespec){ .tv_nsec = 10 * 1000000 }, NULL);
	}
	return 0;
}

static void remove_dir_files(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char p[512];

	if (!d)
		return;
	for (int i = 0; i < 1000 && (e = readdir(d)); i++) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(p, sizeof(p), "%s/%s", dir, e->d_name);
		unlink(p);
	}
	closedir(d);
	rmdir(dir);
}

static void stop_testpmd_hard(void)
{
	if (tp_pid > 0) {
		kill(-tp_pid, SIGKILL);
		reap(2000);
	}
}

static void cleanup(void)
{
	char p[128];

	stop_testpmd_hard();
	if (tp_stdin >= 0)
		close(tp_stdin);
	unlink(sock_path);
	unlink(out_path);
	rmdir(tmpdir);
	snprintf(p, sizeof(p), "/var/run/dpdk/%s", prefix);
	remove_dir_files(p);
}

/* Async-signal-safe subset of cleanup(). */
static void on_signal(int sig)
{
	if (tp_pid > 0) {
		kill(-tp_pid, SIGKILL);
		waitpid(tp_pid, NULL, 0);
	}
	unlink(sock_path);
	unlink(out_path);
	rmdir(tmpdir);
	signal(sig, SIG_DFL);
	raise(sig);
}

/* Runtime dirs of earlier runs that were killed before cleaning up. */
static void sweep_stale_prefixes(void)
{
	DIR *d = opendir("/var/run/dpdk");
	struct dirent *e;
	char p[300];

	if (!d)
		return;
	for (int i = 0; i < 1000 && (e = readdir(d)); i++) {
		char *end;
		long pid;

		if (strncmp(e->d_name, "gtest", 5))
			continue;
		pid = strtol(e->d_name + 5, &end, 10);
		if (*end || pid <= 0 || kill((pid_t)pid, 0) == 0 || errno != ESRCH)
			continue;
		snprintf(p, sizeof(p), "/var/run/dpdk/%s", e->d_name);
		remove_dir_files(p);
	}
	closedir(d);
}

static const char *find_testpmd(void)
{
	static const char *const cands[] = { "/usr/bin/dpdk-testpmd",
					     "/usr/local/bin/dpdk-testpmd" };

	for (unsigned i = 0; i < 2; i++)
		if (access(cands[i], X_OK) == 0)
			return cands[i];
	return NULL;
}

static int start_testpmd(const char *bin)
{
	char vdev[256];
	int pfd[2];

	snprintf(vdev, sizeof(vdev), "net_vhost0,iface=%s,queues=1", sock_path);
	if (pipe(pfd) < 0)
		return -1;
	tp_pid = fork();
	if (tp_pid < 0)
		return -1;
	if (tp_pid == 0) {
		int out = open(out_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);

		setpgid(0, 0);
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		dup2(pfd[0], 0);
		close(pfd[1]);
		if (out >= 0) {
			dup2(out, 1);
			dup2(out, 2);
		}
		char fp[96];

		snprintf(fp, sizeof(fp), "--file-prefix=%s", prefix);
		/* stdin stays open (the pipe): testpmd waits for it or SIGINT. */
		execl(bin, bin, "-l", "0,1", "--no-huge", "--no-pci", "-m", "512",
		      fp, "--vdev", vdev, "--", "--forward-mode=macswap",
		      "--nb-cores=1", "--total-num-mbufs=8192",
		      "--port-topology=loop", "-a", (char *)NULL);
		_exit(127);
	}
	setpgid(tp_pid, tp_pid);
	close(pfd[0]);
	tp_stdin = pfd[1];
	return 0;
}

/* xorshift64*: deterministic payloads. */
static uint64_t rng_state = 0x9e3779b97f4a7c15ull;

static uint64_t rnd(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545f4914f6cdd1dull;
}

struct pending {
	uint16_t len;
	uint8_t data[MAX_SIZE];
};

static void make_frame(struct pending *p, uint32_t seq)
{
	static const uint8_t dst[6] = { 0x02, 0x00, 0x00, 0x00, 0x00, 0x02 };
	static const uint8_t src[6] = { 0x02, 0x00, 0x00, 0x00, 0x00, 0x01 };

	p->len = (uint16_t)(MIN_SIZE + rnd() % (MAX_SIZE - MIN_SIZE + 1));
	memcpy(p->data, dst, 6);
	memcpy(p->data + 6, src, 6);
	p->data[12] = 0x88; /* local experimental ethertype */
	p->data[13] = 0xb5;
	memcpy(p->data + 14, &seq, 4);
	for (unsigned i = 18; i < p->len; i++)
		p->data[i] = (uint8_t)rnd();
}

/* Echoed frame: MACs swapped, everything else identical. */
static int frame_matches(const struct pending *p, const uint8_t *rx,
			 size_t len)
{
	return len == p->len && !memcmp(rx, p->data + 6, 6) &&
	       !memcmp(rx + 6, p->data, 6) &&
	       !memcmp(rx + 12, p->data + 12, p->len - 12u);
}

static struct pending win[WINDOW];

/* Send `total` frames with at most `window` (<= WINDOW) in flight; returns
 * frames verified in order. */
static unsigned run_phase(struct svnic_guest *g, unsigned total,
			  unsigned window, double deadline, unsigned *bad_out)
{
	uint32_t next_tx = 0, next_rx = 0;
	unsigned bad = 0;
	uint8_t rx[2048];

	for (unsigned long iter = 0; next_rx < total && iter < 50000000ul; iter++) {
		int progress = 0;

		while (next_tx < total && next_tx - next_rx < window) {
			struct pending *p = &win[next_tx % WINDOW];

			make_frame(p, next_tx);
			if (svnic_guest_send(g, p->data, p->len) != 0)
				break;
			next_tx++;
			progress = 1;
		}
		for (unsigned k = 0; k < WINDOW; k++) {
			size_t len;
			int rc = svnic_guest_recv(g, rx, sizeof(rx), &len);

			if (rc != 0)
				break;
			progress = 1;
			if (next_rx >= next_tx ||
			    !frame_matches(&win[next_rx % WINDOW], rx, len)) {
				if (bad++ < 5) {
					uint32_t seq = 0;

					if (len >= 18)
						memcpy(&seq, rx + 14, 4);
					printf("mismatch: expected seq %u (%u bytes), got seq %u (%zu bytes)\n",
					       next_rx, win[next_rx % WINDOW].len, seq, len);
				}
			}
			next_rx++;
		}
		if (!progress) {
			if (now_s() > deadline)
				break;
			svnic_guest_wait(g, 100);
		}
	}
	*bad_out = bad;
	return next_rx;
}

static long parse_total(const char *text, const char *key)
{
	const char *acc = strstr(text, "Accumulated forward statistics");
	const char *p;

	if (!acc)
		return -1;
	p = strstr(acc, key);
	if (!p)
		return -1;
	return strtol(p + strlen(key), NULL, 10);
}

int main(void)
{
	const char *bin = find_testpmd();
	struct svnic_guest_opts o;
	struct svnic_guest_stats st;
	struct svnic_guest *g;
	char err[512];
	unsigned bad, got;
	double t0, t;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (!bin) {
		printf("FAIL: dpdk-testpmd not found: install Debian's dpdk-dev "
		       "(scripts/install-deps does)\n");
		return 1;
	}
	sweep_stale_prefixes();
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/svnic-gtest-XXXXXX");
	if (!mkdtemp(tmpdir)) {
		perror("mkdtemp");
		return 1;
	}
	snprintf(sock_path, sizeof(sock_path), "%s/vhost.sock", tmpdir);
	snprintf(out_path, sizeof(out_path), "%s/testpmd.out", tmpdir);
	snprintf(prefix, sizeof(prefix), "gtest%d", (int)getpid());
	atexit(cleanup);
	signal(SIGTERM, on_signal);
	signal(SIGINT, on_signal);
	signal(SIGALRM, on_signal);
	alarm(55); /* never outlive the ctest timeout with testpmd running */

	if (start_testpmd(bin) < 0) {
		perror("start testpmd");
		return 1;
	}
	t0 = now_s();

	/* Phase 1 */
	svnic_guest_opts_init(&o);
	o.connect_timeout_ms = 20000;
	g = svnic_guest_open(sock_path, &o, err, sizeof(err));
	check(g != NULL, "connect to testpmd vhost-user at %s (%.2f s)%s%s",
	      sock_path, now_s() - t0, g ? "" : ": ", g ? "" : err);
	if (!g)
		goto out;
	/* Ping-pong: one frame in flight, sleeping in svnic_guest_wait(). */
	t = now_s();
	got = run_phase(g, PINGPONG_FRAMES, 1, t + 10.0, &bad);
	t = now_s() - t;
	svnic_guest_get_stats(g, &st);
	check(got == PINGPONG_FRAMES && bad == 0 && st.interrupts > 0,
	      "ping-pong: %u/%u frames, %u mismatched, %" PRIu64
	      " interrupts, %.1f us round trip",
	      got, PINGPONG_FRAMES, bad, st.interrupts,
	      t * 1e6 / (got ? got : 1));
	t = now_s();
	got = run_phase(g, PHASE1_FRAMES, WINDOW, t + 25.0, &bad);
	t = now_s() - t;
	svnic_guest_tx_reclaim(g);
	svnic_guest_get_stats(g, &st);
	check(got == PHASE1_FRAMES && bad == 0,
	      "phase 1: %u/%u frames echoed, %u mismatched, in %.2f s (%.0f frames/s)",
	      got, PHASE1_FRAMES, bad, t, got / (t > 0 ? t : 1));
	printf("phase 1 stats: tx_frames=%" PRIu64 " tx_bytes=%" PRIu64
	       " rx_frames=%" PRIu64 " rx_bytes=%" PRIu64 " kicks=%" PRIu64
	       " interrupts=%" PRIu64 " rx_bad=%" PRIu64 "\n",
	       st.tx_frames, st.tx_bytes, st.rx_frames, st.rx_bytes, st.kicks,
	       st.interrupts, st.rx_bad);
	check(st.rx_frames == PHASE1_FRAMES + PINGPONG_FRAMES && st.rx_bad == 0 &&
		      st.tx_frames == PHASE1_FRAMES + PINGPONG_FRAMES && st.tx_bytes == st.rx_bytes,
	      "phase 1 driver counters: every frame completed, tx_bytes == rx_bytes");
	svnic_guest_close(g);

	/* Phase 2: reconnect with the other TX layout and busy polling. */
	svnic_guest_opts_init(&o);
	o.connect_timeout_ms = 5000;
	o.queue_size = 128;
	o.tx_layout = SVNIC_GUEST_TX_HDR_SEPARATE;
	o.no_interrupt = true;
	g = svnic_guest_open(sock_path, &o, err, sizeof(err));
	check(g != NULL, "reconnect (separate header, busy polling)%s%s",
	      g ? "" : ": ", g ? "" : err);
	if (!g)
		goto out;
	t = now_s();
	got = run_phase(g, PHASE2_FRAMES, WINDOW, t + 15.0, &bad);
	t = now_s() - t;
	svnic_guest_tx_reclaim(g);
	svnic_guest_get_stats(g, &st);
	check(got == PHASE2_FRAMES && bad == 0,
	      "phase 2: %u/%u frames echoed, %u mismatched, in %.2f s",
	      got, PHASE2_FRAMES, bad, t);
	check(st.interrupts == 0, "phase 2: no interrupts while NO_INTERRUPT (%" PRIu64 ")",
	      st.interrupts);
	/* A descriptor outside guest memory: the back-end must not crash. */
	{
		struct svnic_vring_desc d = {
			.addr = svnic_guest_mem_gpa(g) + svnic_guest_mem_size(g) + 0x100000,
			.len = 64,
		};
		int head = svnic_guest_post_raw_tx(g, &d, 1);

		nanosleep(&(struct timespec){ .tv_nsec = 300 * 1000000 }, NULL);
		check(head >= 0 && waitpid(tp_pid, NULL, WNOHANG) == 0,
		      "testpmd survives a TX descriptor outside guest memory (head %d)",
		      head);
	}
	svnic_guest_close(g);

	/* Stop testpmd politely and read its totals. */
	kill(tp_pid, SIGINT);
	check(reap(10000), "testpmd exited after SIGINT");
	{
		static char text[1 << 20];
		FILE *f = fopen(out_path, "r");
		size_t n = f ? fread(text, 1, sizeof(text) - 1, f) : 0;
		long want = PINGPONG_FRAMES + PHASE1_FRAMES + PHASE2_FRAMES;
		long rxp, txp, rxd;

		if (f)
			fclose(f);
		text[n] = '\0';
		rxp = parse_total(text, "RX-packets:");
		txp = parse_total(text, "TX-packets:");
		rxd = parse_total(text, "RX-dropped:");
		check(rxp == want && txp == want && rxd == 0,
		      "testpmd totals: RX-packets %ld, TX-packets %ld, RX-dropped %ld (want %ld, %ld, 0)",
		      rxp, txp, rxd, want, want);
		if (rxp != want || txp != want)
			fputs(text, stdout);
	}
out:
	printf("total time %.2f s\n", now_s() - t0);
	printf("%u passed, %u failed\n", passed, failed);
	return failed || !passed ? 1 : 0;
}
