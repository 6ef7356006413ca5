/* SPDX-License-Identifier: MIT */
/*
 * svnic-ring-reset: per-ring reset (VIRTIO_F_RING_RESET) through the whole
 * card. Guests A and B send numbered frames to each other throughout; A
 * resets its TX ring (smaller, and so moved) halfway through its frames,
 * then its RX ring while B goes on sending to it. Every frame that arrives
 * is checked byte for byte and must come in order; what went missing must
 * be exactly what the resets dropped (A's TX frames the card had not taken,
 * A's RX entries not yet read, frames the card dropped for A's RX ring while
 * it was away), and the card's counters of both VIFs must reconcile with
 * that, to the frame. The card reports A's device status at DRIVER_OK and
 * its two ring resets.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "frames.h"
#include "port.h"
#include "svnic/mbox.h"
#include "svnic/virtio.h"

#define STREAM_AB 1u
#define STREAM_BA 2u
#define TX_RESET_SIZE 64u
#define RX_RESET_SIZE 128u
/* Frames a sender may have on the way to a receiver that has not read
 * them: within what the receiver's share of the card's RX buffer holds, so
 * that while rte_vhost has the receiver's device stopped for a ring reset
 * (dev_status.h) its frames wait in the card and none is dropped there. */
#define WINDOW 16u

/* One direction: what was sent, what arrived, in order and intact. */
struct flow {
	const char *name;
	struct port *from, *to;
	uint32_t stream;
	unsigned sent, got, bad, gaps;
	uint64_t lost; /* known lost on the way: dropped by ring resets */
	unsigned window; /* frames that may be on the way unread; 0: no limit */
	uint32_t next;         /* the sequence number expected next */
	uint64_t missing;      /* frames skipped over (gaps' lengths) */
	uint32_t gap_first[4]; /* where the gaps were, for the report */
};

static const struct frame_gen gen = { 11, 60, 1514 };

static int send_one(struct flow *f)
{
	static uint8_t buf[2048];
	size_t n = frame_build(&gen, f->to->mac, f->from->mac, f->stream, f->sent, buf);
	int r = svnic_guest_send(f->from->g, buf, n);
	if (r == 0)
		f->sent++;
	return r;
}

/* Read what arrived at `p` and account it to the flow towards it. */
static int drain(struct port *p, struct flow *f)
{
	static uint8_t buf[2048], want[2048];
	size_t len;
	int n = 0;
	for (;;) {
		int r = svnic_guest_recv(p->g, buf, sizeof(buf), &len);
		if (r == -EAGAIN)
			return n;
		if (r < 0) {
			fprintf(stderr, "svnic-ring-reset: receive on %s: %s\n", p->name, strerror(-r));
			return -1;
		}
		uint32_t stream, seq;
		if (frame_identify(buf, len, &stream, &seq) != 0 || stream != f->stream || seq < f->next ||
		    frame_build(&gen, f->to->mac, f->from->mac, stream, seq, want) != len ||
		    memcmp(buf, want, len) != 0) {
			f->bad++;
			continue;
		}
		if (seq != f->next) {
			if (f->gaps < 4)
				f->gap_first[f->gaps] = f->next;
			f->gaps++;
			f->missing += seq - f->next;
		}
		f->next = seq + 1;
		f->got++;
		n++;
	}
}

/* One round: each side sends what it may (up to its limit), both
 * receive. */
static int send_some(struct flow *f, unsigned limit)
{
	for (unsigned i = 0; i < 8 && f->sent < limit && (!f->window || f->sent - f->got - f->lost < f->window);
	     i++) {
		int r = send_one(f);
		if (r == -EAGAIN)
			break;
		if (r < 0) {
			fprintf(stderr, "svnic-ring-reset: send %s: %s\n", f->name, strerror(-r));
			return -1;
		}
	}
	return 0;
}

static int round_trip(struct flow *ab, struct flow *ba, unsigned ab_limit, unsigned ba_limit)
{
	if (send_some(ab, ab_limit) || send_some(ba, ba_limit))
		return -1;
	if (drain(ab->to, ab) < 0 || drain(ba->to, ba) < 0)
		return -1;
	/* senders that sent nothing this round learn of completions too */
	svnic_guest_tx_reclaim(ab->from->g);
	svnic_guest_tx_reclaim(ba->from->g);
	svnic_guest_wait(ba->to->g, 1);
	return 0;
}

static void usage(FILE *f)
{
	fprintf(f, "usage: svnic-ring-reset --a VIF:SOCKET --b VIF:SOCKET [--frames N] [--card URI]\n"
		   "Exit status: 0 all checked out, 1 something did not, 2 bad arguments.\n");
}

int main(int argc, char **argv)
{
	static const struct option lo[] = {
		{ "card", required_argument, 0, 'c' }, { "a", required_argument, 0, 'a' },
		{ "b", required_argument, 0, 'b' },    { "frames", required_argument, 0, 'n' },
		{ "help", no_argument, 0, 'h' },       { 0, 0, 0, 0 },
	};
	const char *card_uri = NULL;
	struct port a = { 0 }, b = { 0 };
	unsigned frames = 2000;
	bool have_a = false, have_b = false;
	for (int c; (c = getopt_long(argc, argv, "h", lo, NULL)) != -1;) {
		switch (c) {
		case 'c': card_uri = optarg; break;
		case 'a': if (port_parse(optarg, &a, "a")) return 2; have_a = true; break;
		case 'b': if (port_parse(optarg, &b, "b")) return 2; have_b = true; break;
		case 'n': frames = (unsigned)strtoul(optarg, NULL, 0); break;
		case 'h': usage(stdout); return 0;
		default: usage(stderr); return 2;
		}
	}
	if (optind != argc || !have_a || !have_b || frames < 100) {
		usage(stderr);
		return 2;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	a.name = "A";
	b.name = "B";
	a.ring_reset = true;

	struct svnic *card;
	struct svnic_err err;
	if (svnic_open(card_uri, NULL, &card, &err)) {
		fprintf(stderr, "svnic-ring-reset: %s\n", err.msg);
		return 1;
	}
	if (port_open(card, &a, SVNIC_GUEST_TX_HDR_INLINE) || port_open(card, &b, SVNIC_GUEST_TX_HDR_INLINE) ||
	    port_wait_running(card, &a, 10) || port_wait_running(card, &b, 10))
		return 1;

	/* A's TX ring goes as fast as it can (frames it holds when reset are
	 * dropped); B's frames to A are windowed (A's device pauses). */
	struct flow ab = { .name = "A->B", .from = &a, .to = &b, .stream = STREAM_AB };
	struct flow ba = { .name = "B->A", .from = &b, .to = &a, .stream = STREAM_BA, .window = WINDOW };
	struct svnic_guest_stats sa, sb;
	struct svnic_vif_info va, vb;
	char msg[256];
	double deadline = now_s() + 120;
	unsigned ab_before_reset = 0;

	/* A's TX ring is reset halfway through A's frames, B's go on. */
	while (ab.sent < frames / 2 && now_s() < deadline)
		if (round_trip(&ab, &ba, frames / 2, frames))
			return 1;
	ab_before_reset = ab.sent;
	if (svnic_guest_ring_reset(a.g, 1, TX_RESET_SIZE, msg, sizeof(msg)) != 0) {
		fprintf(stderr, "svnic-ring-reset: TX ring reset: %s\n", msg);
		return 1;
	}
	svnic_guest_get_stats(a.g, &sa);
	ab.lost = sa.tx_reset_dropped;
	printf("svnic-ring-reset: A's TX ring reset after %u frames (%" PRIu64 " not taken, dropped), "
	       "now %u entries\n",
	       ab_before_reset, sa.tx_reset_dropped, svnic_guest_ring_size(a.g, 1));
	/* A's RX ring next, at three quarters of B's frames, with B sending. */
	while (ba.sent < 3 * frames / 4 && now_s() < deadline)
		if (round_trip(&ab, &ba, frames, frames))
			return 1;
	if (svnic_guest_ring_reset(a.g, 0, RX_RESET_SIZE, msg, sizeof(msg)) != 0) {
		fprintf(stderr, "svnic-ring-reset: RX ring reset: %s\n", msg);
		return 1;
	}
	printf("svnic-ring-reset: A's RX ring reset after %u of B's frames, now %u entries\n", ba.sent,
	       svnic_guest_ring_size(a.g, 0));
	/* B's frames lost to it: the entries A had not read, and those the
	 * card dropped while the ring was away (known once it is back) */
	while ((ab.sent < frames || ba.sent < frames) && now_s() < deadline) {
		if (round_trip(&ab, &ba, frames, frames))
			return 1;
		if (ba.sent < frames && ba.sent - ba.got - ba.lost >= WINDOW) {
			svnic_guest_get_stats(a.g, &sa);
			if (svnic_vif_query(card, a.vif, &va, &err)) {
				fprintf(stderr, "svnic-ring-reset: %s\n", err.msg);
				return 1;
			}
			ba.lost = sa.rx_reset_dropped + (va.rx_drop_reset - a.base.rx_drop_reset);
		}
	}
	while ((svnic_guest_tx_inflight(a.g) || svnic_guest_tx_inflight(b.g)) && now_s() < deadline)
		if (round_trip(&ab, &ba, frames, frames))
			return 1;

	/* Until both receivers and the card agree (frames in flight settle). */
	uint64_t a_lost_rx = 0;
	double settle = now_s() + 10;
	for (;;) {
		if (round_trip(&ab, &ba, frames, frames))
			return 1;
		svnic_guest_get_stats(a.g, &sa);
		svnic_guest_get_stats(b.g, &sb);
		if (svnic_vif_query(card, a.vif, &va, &err) || svnic_vif_query(card, b.vif, &vb, &err)) {
			fprintf(stderr, "svnic-ring-reset: %s\n", err.msg);
			return 1;
		}
		a_lost_rx = sa.rx_reset_dropped + (va.rx_drop_reset - a.base.rx_drop_reset);
		if ((ab.got + sa.tx_reset_dropped >= ab.sent && ba.got + a_lost_rx >= ba.sent) ||
		    now_s() > settle)
			break;
	}

	uint64_t a_tx = va.tx_frames - a.base.tx_frames, b_tx = vb.tx_frames - b.base.tx_frames;
	uint64_t a_del = va.rx_delivered - a.base.rx_delivered, b_del = vb.rx_delivered - b.base.rx_delivered;
	uint64_t a_drop = va.rx_drop_reset - a.base.rx_drop_reset;
	uint32_t resets = va.queue_resets - a.base.queue_resets;
	printf("svnic-ring-reset: A->B sent %u, received %u (bad %u, gaps %u missing %" PRIu64
	       "), A's TX reset dropped %" PRIu64 "\n",
	       ab.sent, ab.got, ab.bad, ab.gaps, ab.missing, sa.tx_reset_dropped);
	printf("svnic-ring-reset: B->A sent %u, received %u (bad %u, gaps %u missing %" PRIu64
	       "), A's RX reset dropped %" PRIu64 " unread, the card %" PRIu64 " for the ring away\n",
	       ba.sent, ba.got, ba.bad, ba.gaps, ba.missing, sa.rx_reset_dropped, a_drop);
	printf("svnic-ring-reset: card: A sent %" PRIu64 " delivered %" PRIu64 "; B sent %" PRIu64
	       " delivered %" PRIu64 "; A status 0x%02x (driven %d), ring resets %u\n",
	       a_tx, a_del, b_tx, b_del, va.status, va.status_driven, resets);
	printf("svnic-ring-reset: card drops: A RX full %" PRIu64 " quota %" PRIu64 " small %" PRIu64
	       "; B RX full %" PRIu64 " quota %" PRIu64 " small %" PRIu64 "; guest A rx_bad %" PRIu64
	       ", B rx_bad %" PRIu64 "\n",
	       va.rx_drop_full - a.base.rx_drop_full, va.rx_drop_quota - a.base.rx_drop_quota,
	       va.rx_drop_small - a.base.rx_drop_small, vb.rx_drop_full - b.base.rx_drop_full,
	       vb.rx_drop_quota - b.base.rx_drop_quota, vb.rx_drop_small - b.base.rx_drop_small, sa.rx_bad,
	       sb.rx_bad);

	bool ok = ab.sent == frames && ba.sent == frames && ab.bad == 0 && ba.bad == 0;
	/* A->B: what A's TX reset dropped is the one gap, and nothing else */
	ok = ok && ab.got + sa.tx_reset_dropped == ab.sent && ab.missing == sa.tx_reset_dropped &&
	     ab.gaps == (sa.tx_reset_dropped ? 1u : 0u) &&
	     (!ab.gaps || ab.gap_first[0] + sa.tx_reset_dropped == ab_before_reset);
	/* B->A: only what A's RX reset lost is missing */
	ok = ok && ba.got + a_lost_rx == ba.sent && ba.missing == a_lost_rx;
	/* the card agrees, frame for frame */
	ok = ok && a_tx == ab.sent - sa.tx_reset_dropped && b_del == ab.got && b_tx == ba.sent &&
	     a_del == ba.got + sa.rx_reset_dropped && b_tx == a_del + a_drop &&
	     va.rx_drop_full == a.base.rx_drop_full && vb.rx_drop_full == b.base.rx_drop_full &&
	     va.rx_drop_quota == a.base.rx_drop_quota && vb.rx_drop_quota == b.base.rx_drop_quota &&
	     va.rx_drop_small == a.base.rx_drop_small && vb.rx_drop_small == b.base.rx_drop_small;
	/* A's device: at DRIVER_OK, its two rings reset, both rings running */
	ok = ok && sa.ring_resets == 2 && resets == 2 && va.status_driven &&
	     va.status == (SVNIC_VIRTIO_S_ACKNOWLEDGE | SVNIC_VIRTIO_S_DRIVER | SVNIC_VIRTIO_S_FEATURES_OK |
			   SVNIC_VIRTIO_S_DRIVER_OK) &&
	     va.state == SVNIC_VIF_RUNNING && (va.queues & 3u) == 3u && vb.state == SVNIC_VIF_RUNNING &&
	     (va.features & SVNIC_VIRTIO_BIT(SVNIC_VIRTIO_F_RING_RESET));
	printf("svnic-ring-reset: %s\n", ok ? "PASS" : "FAIL");
	svnic_guest_close(a.g);
	svnic_guest_close(b.g);
	svnic_close(card);
	return ok ? 0 : 1;
}
