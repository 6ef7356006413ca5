/* SPDX-License-Identifier: MIT */
/*
 * svnic-restart: svnicd is stopped (SIGTERM) or killed (SIGKILL) and started
 * again while two guests on two VIFs exchange numbered frames through the
 * card. Every frame must arrive exactly once, in order and intact, and the
 * guests' and the card's counters must agree: a restart may delay traffic,
 * never lose or repeat a frame.
 *
 * This program owns svnicd's life: it starts it from --svnicd, signals it
 * at the frame counts given with --restart, leaves it down for --gap-ms while
 * the guests keep sending into their rings, and starts it again. The guests
 * (svnic guest driver with opts.reconnect) notice the hang-up and replay
 * their vhost-user session against the new svnicd.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "frames.h"
#include "port.h"
#include "svnic/libsvnic.h"
#include "svnic/mbox.h"
#include "svnic_guest.h"

#define MAX_FRAME 1518u
#define MAX_RESTARTS 16u
#define DOWN_MAX_S 10.0 /* longest svnicd stays down waiting for the card to deliver */

struct dir {
	struct port *from, *to;
	uint32_t stream;
	uint32_t sent, received, next;
	uint64_t lost, duplicated, mismatched;
};

struct restart {
	int sig;
	uint32_t at; /* frames sent a->b */
	double t_signal, t_started, t_flowing;
	/* Frames the card wrote to the guests' RX rings between svnicd's exit
	 * and the start of the next one (its own counters). */
	uint64_t delivered_while_down;
};

struct opts {
	const char *card, *svnicd, *log;
	unsigned frames, window, timeout_s, gap_ms;
	struct frame_gen gen;
	struct port a, b;
	struct restart r[MAX_RESTARTS];
	unsigned nr;
};

static void usage(FILE *f)
{
	fprintf(f,
		"usage: svnic-restart --a VIF:SOCKET --b VIF:SOCKET --svnicd 'COMMAND'\n"
		"                     --restart SIG@N[,SIG@N...] [options]\n"
		"\n"
		"Starts svnicd with COMMAND (run by sh), then guests on VIFs a and b send\n"
		"each other numbered frames through the card. When guest a has sent N\n"
		"frames, svnicd gets signal SIG (TERM, INT or KILL), stays down --gap-ms\n"
		"while the guests keep sending, and is started again. Every frame must\n"
		"arrive once, in order, byte for byte; counters must reconcile.\n"
		"\n"
		"  --card URI      card to read counters from (default $SVNIC_CARD)\n"
		"  --frames N      frames each way (default 10000)\n"
		"  --min B --max B frame sizes (default 60..1514)\n"
		"  --window N      frames in flight per direction (default 64)\n"
		"  --gap-ms MS     time svnicd stays down (default 300)\n"
		"  --log FILE      append svnicd's output to FILE (default: inherit)\n"
		"  --timeout SEC   give up after SEC seconds (default 60)\n"
		"\n"
		"With '--on-exit keep' in COMMAND, or a KILL, the card keeps serving the\n"
		"queues while svnicd is down, so frames must keep arriving then; after a\n"
		"TERM/INT without it, svnicd stopped the TX queues and none may arrive.\n"
		"Exit status: 0 all checks passed, 1 a check failed, 2 bad arguments.\n");
}

static int parse_sig(const char *s, int *sig)
{
	if (!strcmp(s, "TERM"))
		*sig = SIGTERM;
	else if (!strcmp(s, "INT"))
		*sig = SIGINT;
	else if (!strcmp(s, "KILL"))
		*sig = SIGKILL;
	else
		return -1;
	return 0;
}

/* "TERM@2500,KILL@5000": signals at increasing frame counts. */
static int parse_restarts(const char *arg, struct opts *o)
{
	char buf[256], *save = NULL;
	snprintf(buf, sizeof(buf), "%s", arg);
	for (char *tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		char *at = strchr(tok, '@'), *end;
		if (!at || o->nr == MAX_RESTARTS)
			return -1;
		*at = '\0';
		struct restart *r = &o->r[o->nr];
		unsigned long n = strtoul(at + 1, &end, 10);
		if (parse_sig(tok, &r->sig) || *end || end == at + 1 ||
		    (o->nr && n <= o->r[o->nr - 1].at))
			return -1;
		r->at = (uint32_t)n;
		o->nr++;
	}
	return o->nr ? 0 : -1;
}

static int parse(int argc, char **argv, struct opts *o)
{
	static const struct option lo[] = {
		{ "card", required_argument, 0, 'c' },   { "a", required_argument, 0, 'a' },
		{ "b", required_argument, 0, 'b' },      { "svnicd", required_argument, 0, 'd' },
		{ "restart", required_argument, 0, 'r' }, { "frames", required_argument, 0, 'n' },
		{ "min", required_argument, 0, 'm' },    { "max", required_argument, 0, 'M' },
		{ "window", required_argument, 0, 'w' }, { "gap-ms", required_argument, 0, 'g' },
		{ "log", required_argument, 0, 'l' },    { "timeout", required_argument, 0, 't' },
		{ "help", no_argument, 0, 'h' },         { 0, 0, 0, 0 },
	};
	memset(o, 0, sizeof(*o));
	o->frames = 10000;
	o->window = 64;
	o->timeout_s = 60;
	o->gap_ms = 300;
	o->gen = (struct frame_gen){ 7, 60, 1514 };
	bool have_a = false, have_b = false;
	for (int c; (c = getopt_long(argc, argv, "h", lo, NULL)) != -1;) {
		unsigned long v = 0;
		if (optarg && strchr("nmMwgt", c)) {
			char *end;
			errno = 0;
			v = strtoul(optarg, &end, 0);
			if (errno || end == optarg || *end) {
				fprintf(stderr, "svnic-restart: '%s' is not a number\n", optarg);
				return -1;
			}
		}
		switch (c) {
		case 'c': o->card = optarg; break;
		case 'a': if (port_parse(optarg, &o->a, "a")) return -1; have_a = true; break;
		case 'b': if (port_parse(optarg, &o->b, "b")) return -1; have_b = true; break;
		case 'd': o->svnicd = optarg; break;
		case 'r':
			if (parse_restarts(optarg, o)) {
				fprintf(stderr, "svnic-restart: --restart wants SIG@N[,SIG@N...] "
						"with SIG one of TERM, INT, KILL and N increasing; "
						"got '%s'\n", optarg);
				return -1;
			}
			break;
		case 'n': o->frames = (unsigned)v; break;
		case 'm': o->gen.min_len = (unsigned)v; break;
		case 'M': o->gen.max_len = (unsigned)v; break;
		case 'w': o->window = (unsigned)v; break;
		case 'g': o->gap_ms = (unsigned)v; break;
		case 'l': o->log = optarg; break;
		case 't': o->timeout_s = (unsigned)v; break;
		case 'h': usage(stdout); exit(0);
		default: return -1;
		}
	}
	if (optind != argc || !have_a || !have_b || !o->svnicd || !o->nr) {
		fprintf(stderr, "svnic-restart: --a, --b, --svnicd and --restart are required\n");
		return -1;
	}
	if (o->gen.min_len < FRAME_HDR_LEN || o->gen.max_len > 1514 ||
	    o->gen.min_len > o->gen.max_len || o->window == 0 ||
	    o->r[o->nr - 1].at >= o->frames) {
		fprintf(stderr, "svnic-restart: need %u <= --min <= --max <= 1514, --window > 0 "
				"and every restart before --frames\n", FRAME_HDR_LEN);
		return -1;
	}
	return 0;
}

/* Start svnicd; its pid, or -1 with a message. */
static pid_t svnicd_start(const struct opts *o)
{
	pid_t pid = fork();
	if (pid < 0) {
		perror("svnic-restart: fork");
		return -1;
	}
	if (pid == 0) {
		if (o->log) {
			int fd = open(o->log, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
			if (fd >= 0) {
				dup2(fd, 1);
				dup2(fd, 2);
			}
		}
		char cmd[2048];
		snprintf(cmd, sizeof(cmd), "exec %s", o->svnicd);
		execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
		_exit(127);
	}
	return pid;
}

static void receive(struct dir *dirs, struct port *p, const struct frame_gen *gen, uint64_t *got,
		    uint64_t *foreign)
{
	static uint8_t buf[MAX_FRAME + 64], want[MAX_FRAME + 64];
	size_t len;
	for (unsigned budget = 0; budget < 1024; budget++) {
		int r = svnic_guest_recv(p->g, buf, sizeof(buf), &len);
		if (r == -EAGAIN)
			return;
		uint32_t stream, seq;
		struct dir *d = NULL;
		if (r == 0 && frame_identify(buf, len, &stream, &seq) == 0)
			for (unsigned i = 0; i < 2; i++)
				if (dirs[i].to == p && dirs[i].stream == stream)
					d = &dirs[i];
		if (!d) {
			(*foreign)++;
			continue;
		}
		(*got)++;
		d->received++;
		if (seq < d->next) {
			d->duplicated++;
			continue;
		}
		if (seq > d->next)
			d->lost += seq - d->next;
		d->next = seq + 1;
		size_t wlen = frame_build(gen, d->to->mac, d->from->mac, stream, seq, want);
		if (wlen != len || memcmp(want, buf, len) != 0)
			d->mismatched++;
	}
}

static int open_port(struct svnic *card, struct port *p)
{
	struct svnic_err err;
	char msg[256];
	if (svnic_vif_query(card, p->vif, &p->base, &err) != 0) {
		fprintf(stderr, "VIF %u (guest %s): %s\n", p->vif, p->name, err.msg);
		return -1;
	}
	memcpy(p->mac, p->base.mac, 6);
	struct svnic_guest_opts go;
	svnic_guest_opts_init(&go);
	memcpy(go.mac, p->mac, 6);
	go.connect_timeout_ms = 10000;
	go.reconnect = true;
	p->g = svnic_guest_open(p->sock, &go, msg, sizeof(msg));
	if (!p->g) {
		fprintf(stderr, "guest %s: %s\n", p->name, msg);
		return -1;
	}
	return 0;
}

/* Frames the card has delivered to both guests so far; -1 on error. */
static int64_t card_delivered(struct svnic *card, const struct opts *o)
{
	struct svnic_vif_info va, vb;
	struct svnic_err err;
	if (svnic_vif_query(card, o->a.vif, &va, &err) || svnic_vif_query(card, o->b.vif, &vb, &err)) {
		fprintf(stderr, "svnic-restart: %s\n", err.msg);
		return -1;
	}
	return (int64_t)(va.rx_delivered + vb.rx_delivered);
}

static void check(bool cond, const char *what, bool *ok)
{
	printf("  %-4s %s\n", cond ? "ok" : "FAIL", what);
	if (!cond)
		*ok = false;
}

static const char *signame(int sig)
{
	return sig == SIGKILL ? "KILL" : sig == SIGTERM ? "TERM" : "INT";
}

int main(int argc, char **argv)
{
	struct opts o;
	if (parse(argc, argv, &o) != 0) {
		usage(stderr);
		return 2;
	}
	bool keep_mode = strstr(o.svnicd, "--on-exit keep") != NULL;
	struct svnic *card;
	struct svnic_err err;
	if (svnic_open(o.card, NULL, &card, &err) != 0) {
		fprintf(stderr, "svnic-restart: %s\n", err.msg);
		return 1;
	}
	pid_t d = svnicd_start(&o);
	if (d < 0)
		return 1;
	int rc = 1;
	if (open_port(card, &o.a) || open_port(card, &o.b) ||
	    port_wait_running(card, &o.a, 10) || port_wait_running(card, &o.b, 10))
		goto out;

	struct dir dirs[2] = {
		{ .from = &o.a, .to = &o.b, .stream = 0 },
		{ .from = &o.b, .to = &o.a, .stream = 1 },
	};
	static uint8_t frame[MAX_FRAME + 64];
	uint64_t got = 0, foreign = 0;
	unsigned next_r = 0;
	bool down = false, exited = true;
	struct restart *cur = NULL;
	int64_t delivered_at_exit = 0;
	double t_exit = 0;
	double t0 = now_s(), deadline = t0 + o.timeout_s, max_stall = 0, last_rx = t0;
	int exit_status = 0;

	/* Until every frame is in and both guests are back on svnicd. */
	for (;;) {
		double t = now_s();
		struct svnic_guest_stats sa, sb;
		svnic_guest_get_stats(o.a.g, &sa);
		svnic_guest_get_stats(o.b.g, &sb);
		bool reconnected = sa.reconnects == next_r && sb.reconnects == next_r;
		if (dirs[0].next == o.frames && dirs[1].next == o.frames && !down &&
		    next_r == o.nr && reconnected)
			break;
		if (t > deadline) {
			fprintf(stderr, "svnic-restart: timed out after %u s: a->b %u/%u, b->a %u/%u "
					"received, %u restart(s) done, guests reconnected %" PRIu64
					"/%" PRIu64 " time(s)%s\n", o.timeout_s, dirs[0].next, o.frames,
				dirs[1].next, o.frames, next_r, sa.reconnects, sb.reconnects,
				down ? " (svnicd is down)" : "");
			goto report;
		}
		/* The restart schedule: each restart once the guests are back on
		 * the svnicd before it, so that every one interrupts a session. */
		if (!down && reconnected && next_r < o.nr && dirs[0].sent >= o.r[next_r].at) {
			cur = &o.r[next_r++];
			cur->t_signal = t;
			kill(d, cur->sig);
			down = true;
			exited = false;
		}
		if (down && !exited) {
			int st;
			if (waitpid(d, &st, WNOHANG) == d) {
				exited = true;
				t_exit = t;
				d = -1;
				delivered_at_exit = card_delivered(card, &o);
				if (delivered_at_exit < 0)
					goto report;
				bool want = cur->sig == SIGKILL
						    ? WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL
						    : WIFEXITED(st) && WEXITSTATUS(st) == 0;
				if (!want) {
					fprintf(stderr, "svnic-restart: svnicd did not stop as it "
							"should on SIG%s (wait status 0x%x)\n",
						signame(cur->sig), st);
					exit_status = 1;
				}
			}
		}
		/* Down for gap_ms from its exit, however long stopping took (a
		 * slow, sanitized svnicd may take longer than the gap to exit).
		 * Where the card is to serve on alone, the gap lasts until it has
		 * delivered a frame, up to DOWN_MAX_S: on a loaded machine the
		 * simulated card may move nothing in gap_ms of wall time. */
		int64_t now_delivered = -1;
		if (down && exited && t - t_exit >= o.gap_ms / 1000.0) {
			now_delivered = card_delivered(card, &o);
			if (now_delivered < 0)
				goto report;
			bool card_serves = keep_mode || cur->sig == SIGKILL;
			if (card_serves && now_delivered == delivered_at_exit && t - t_exit < DOWN_MAX_S)
				now_delivered = -1; /* not yet */
		}
		if (now_delivered >= 0) {
			cur->delivered_while_down = (uint64_t)(now_delivered - delivered_at_exit);
			d = svnicd_start(&o);
			if (d < 0)
				goto report;
			cur->t_started = now_s();
			down = false;
		}
		uint64_t got_before = got;

		/* A restart that is due holds new frames back until it fires
		 * (the guests may still be reconnecting to the svnicd before
		 * it): every restart then interrupts traffic at its frame,
		 * however long reconnecting takes on a loaded machine. */
		bool hold = !down && next_r < o.nr && dirs[0].sent >= o.r[next_r].at;
		for (unsigned i = 0; i < 2 && !hold; i++) {
			struct dir *dr = &dirs[i];
			while (dr->sent < o.frames && dr->sent - dr->next < o.window) {
				size_t len = frame_build(&o.gen, dr->to->mac, dr->from->mac,
							 dr->stream, dr->sent, frame);
				int r = svnic_guest_send(dr->from->g, frame, len);
				if (r == -EAGAIN)
					break;
				if (r != 0) {
					fprintf(stderr, "svnic-restart: guest %s: send: %s\n",
						dr->from->name, strerror(-r));
					goto report;
				}
				dr->sent++;
			}
		}
		receive(dirs, &o.a, &o.gen, &got, &foreign);
		receive(dirs, &o.b, &o.gen, &got, &foreign);
		if (cur && !down && cur->t_flowing == 0 && got != got_before)
			cur->t_flowing = now_s();
		if (got != got_before) {
			if (now_s() - last_rx > max_stall)
				max_stall = now_s() - last_rx;
			last_rx = now_s();
		} else {
			/* Also where the drivers notice a hang-up and reconnect. */
			svnic_guest_wait(o.a.g, 1);
			svnic_guest_wait(o.b.g, 0);
		}
	}
	rc = 0;
report:;
	double wall = now_s() - t0;
	/* svnicd programs the card after the last message of the handshake:
	 * the counters are read once it has. */
	if (rc == 0 && (port_wait_running(card, &o.a, 10) || port_wait_running(card, &o.b, 10)))
		rc = 1;
	/* Let TX completions land before reading counters. */
	for (int i = 0; i < 200 && (svnic_guest_tx_inflight(o.a.g) || svnic_guest_tx_inflight(o.b.g)); i++) {
		svnic_guest_wait(o.a.g, 5);
		svnic_guest_wait(o.b.g, 0);
	}
	struct svnic_guest_stats ga, gb;
	struct svnic_vif_info va, vb;
	svnic_guest_get_stats(o.a.g, &ga);
	svnic_guest_get_stats(o.b.g, &gb);
	/* With --on-exit keep a VIF reads RUNNING while no svnicd serves it
	 * (the card kept it), and the last svnicd may still be taking a VIF
	 * over (detach, attach again) when the traffic ends: the final states
	 * are those once both VIFs run again, within 10 s. */
	for (int i = 0; i < 1000; i++) {
		if (svnic_vif_query(card, o.a.vif, &va, &err) || svnic_vif_query(card, o.b.vif, &vb, &err)) {
			fprintf(stderr, "svnic-restart: %s\n", err.msg);
			rc = 1;
			goto out;
		}
		if (va.state == SVNIC_VIF_RUNNING && vb.state == SVNIC_VIF_RUNNING)
			break;
		struct timespec ts = { 0, 10000000 };
		nanosleep(&ts, NULL);
	}
	printf("svnic-restart: %u frames each way, %u restart(s) of svnicd, %.2f s\n", o.frames, o.nr,
	       wall);
	for (unsigned i = 0; i < o.nr; i++) {
		struct restart *r = &o.r[i];
		printf("  SIG%s at frame %u: svnicd down %.0f ms, %" PRIu64 " frame(s) delivered by "
		       "the card meanwhile, first frame %.0f ms after the new svnicd started\n",
		       signame(r->sig), r->at, (r->t_started - r->t_signal) * 1e3,
		       r->delivered_while_down,
		       r->t_flowing > 0 ? (r->t_flowing - r->t_started) * 1e3 : -1.0);
	}
	printf("  longest pause in delivery %.0f ms\n", max_stall * 1e3);
	bool ok = rc == 0 && exit_status == 0;
	char what[256];
	for (unsigned i = 0; i < 2; i++) {
		struct dir *dr = &dirs[i];
		snprintf(what, sizeof(what),
			 "%s->%s: sent %u, received %u, lost %" PRIu64 ", duplicated %" PRIu64
			 ", corrupted %" PRIu64,
			 dr->from->name, dr->to->name, dr->sent, dr->received, dr->lost,
			 dr->duplicated, dr->mismatched);
		check(dr->sent == o.frames && dr->received == o.frames && dr->next == o.frames &&
			      !dr->lost && !dr->duplicated && !dr->mismatched,
		      what, &ok);
	}
	snprintf(what, sizeof(what), "no stray frames (%" PRIu64 "), no bad completions "
		 "(rx %" PRIu64 "/%" PRIu64 ", tx %" PRIu64 "/%" PRIu64 ")",
		 foreign, ga.rx_bad, gb.rx_bad, ga.tx_bad, gb.tx_bad);
	check(!foreign && !ga.rx_bad && !gb.rx_bad && !ga.tx_bad && !gb.tx_bad, what, &ok);
	snprintf(what, sizeof(what), "guest TX completions a %" PRIu64 ", b %" PRIu64
		 " = card TX a %" PRIu64 ", b %" PRIu64 " = %u",
		 ga.tx_frames, gb.tx_frames, va.tx_frames - o.a.base.tx_frames,
		 vb.tx_frames - o.b.base.tx_frames, o.frames);
	check(ga.tx_frames == o.frames && gb.tx_frames == o.frames &&
		      va.tx_frames - o.a.base.tx_frames == o.frames &&
		      vb.tx_frames - o.b.base.tx_frames == o.frames,
	      what, &ok);
	snprintf(what, sizeof(what), "card delivered a %" PRIu64 ", b %" PRIu64
		 ", dropped a %" PRIu64 ", b %" PRIu64,
		 va.rx_delivered - o.a.base.rx_delivered, vb.rx_delivered - o.b.base.rx_delivered,
		 va.rx_drop_full - o.a.base.rx_drop_full + va.rx_drop_quota - o.a.base.rx_drop_quota +
			 va.rx_drop_small - o.a.base.rx_drop_small,
		 vb.rx_drop_full - o.b.base.rx_drop_full + vb.rx_drop_quota - o.b.base.rx_drop_quota +
			 vb.rx_drop_small - o.b.base.rx_drop_small);
	check(va.rx_delivered - o.a.base.rx_delivered == o.frames &&
		      vb.rx_delivered - o.b.base.rx_delivered == o.frames &&
		      va.rx_drop_full == o.a.base.rx_drop_full && vb.rx_drop_full == o.b.base.rx_drop_full &&
		      va.rx_drop_quota == o.a.base.rx_drop_quota && vb.rx_drop_quota == o.b.base.rx_drop_quota,
	      what, &ok);
	snprintf(what, sizeof(what), "VIF states %s/%s, errors %" PRIu64 "/%" PRIu64,
		 svnic_vif_state_str(va.state), svnic_vif_state_str(vb.state),
		 va.errors - o.a.base.errors, vb.errors - o.b.base.errors);
	check(va.state == SVNIC_VIF_RUNNING && vb.state == SVNIC_VIF_RUNNING &&
		      va.errors == o.a.base.errors && vb.errors == o.b.base.errors,
	      what, &ok);
	snprintf(what, sizeof(what), "each guest saw %u hang-up(s) and reconnected as often: "
		 "a %" PRIu64 "/%" PRIu64 ", b %" PRIu64 "/%" PRIu64,
		 o.nr, ga.disconnects, ga.reconnects, gb.disconnects, gb.reconnects);
	check(ga.disconnects == o.nr && ga.reconnects == o.nr && gb.disconnects == o.nr &&
		      gb.reconnects == o.nr,
	      what, &ok);
	for (unsigned i = 0; i < o.nr; i++) {
		struct restart *r = &o.r[i];
		bool card_serves = keep_mode || r->sig == SIGKILL;
		snprintf(what, sizeof(what), "restart %u (SIG%s): %s while svnicd was down (%" PRIu64
			 " frames)", i + 1, signame(r->sig),
			 card_serves ? "the card kept moving traffic" : "TX was stopped",
			 r->delivered_while_down);
		check(card_serves ? r->delivered_while_down > 0 : r->delivered_while_down == 0, what,
		      &ok);
	}
	rc = ok ? 0 : 1;
out:
	if (d > 0) {
		int st = 0;
		kill(d, SIGTERM);
		if (waitpid(d, &st, 0) == d && !(WIFEXITED(st) && WEXITSTATUS(st) == 0)) {
			fprintf(stderr, "svnic-restart: the last svnicd exited with wait status 0x%x\n",
				st);
			rc = 1;
		}
	}
	svnic_guest_close(o.a.g);
	svnic_guest_close(o.b.g);
	svnic_close(card);
	printf("svnic-restart: %s\n", rc == 0 ? "PASS" : "FAIL");
	return rc;
}
