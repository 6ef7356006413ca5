/* SPDX-License-Identifier: MIT */
/*
 * svnic-traffic: two guests on two VIFs of a card exchange numbered frames
 * through it, each verified byte for byte and in order; then the guests'
 * counters, the firmware's and the datapath's must reconcile exactly.
 * Optionally also: frames to an unknown MAC must leave on the wire (and be
 * in its pcap), and a third, hostile guest must get its VIF put into
 * NEEDS_RESET while the other two lose nothing. With VIFs on VLANs: a's
 * broadcasts reach b (on a's VLAN) and the wire, and a guest on another
 * VLAN gets neither them nor the frames a sends to its MAC (those leave on
 * the wire: the card does not know that MAC on a's VLAN).
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <pcap/pcap.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "frames.h"
#include "port.h"
#include "svnic/libsvnic.h"
#include "svnic/mbox.h"
#include "svnic_guest.h"

#define STREAM_WIRE 2u
#define STREAM_BCAST 3u
#define STREAM_ISOLATED 4u
#define MAX_FRAME 1518u

struct dir {
	struct port *from, *to;
	uint32_t stream;
	uint32_t sent, received, next;
	uint64_t bytes, mismatched, out_of_order, lost;
	const uint8_t *dst; /* destination MAC when not to's (broadcast) */
};

/* What the hostile guest posts, and the error its VIF must stop with. */
struct hostile_case {
	const char *name;
	unsigned error; /* enum svnic_vif_error */
	const char *what;
};
static const struct hostile_case hostile_cases[] = {
	{ "addr", SVNIC_VIF_ERR_DESC_ADDR, "a buffer outside its memory" },
	{ "loop", SVNIC_VIF_ERR_DESC_LOOP, "a descriptor loop" },
	{ "index", SVNIC_VIF_ERR_DESC_INDEX, "a link outside the ring" },
	{ "short", SVNIC_VIF_ERR_DESC_LEN, "a chain shorter than the virtio-net header" },
};

struct opts {
	const char *card, *pcap;
	const struct hostile_case *hcase;
	unsigned frames, window, timeout_s, to_wire, bcast;
	struct frame_gen gen;
	struct port a, b, hostile, isolated;
	bool have_hostile, have_isolated;
};

static void usage(FILE *f)
{
	fprintf(f,
		"usage: svnic-traffic --a VIF:SOCKET --b VIF:SOCKET [options]\n"
		"\n"
		"Guests on VIFs a and b (vhost-user sockets served by svnicd) send each other\n"
		"numbered frames through the card; every frame is checked byte for byte and\n"
		"in order, then guest, firmware and datapath counters must reconcile exactly.\n"
		"Guest a puts the virtio-net header inline, guest b in its own descriptor.\n"
		"\n"
		"  --card URI        card to read counters from (default $SVNIC_CARD, else\n"
		"                    " SVNIC_DEFAULT_URI ")\n"
		"  --frames N        frames each way (default 10000)\n"
		"  --min B --max B   frame sizes, uniformly random in [B, B] (default 60..1514)\n"
		"  --seed S          frame size and content seed (default 1)\n"
		"  --window N        frames in flight per direction (default 64)\n"
		"  --rx-buf B        both guests negotiate VIRTIO_NET_F_MRG_RXBUF and post RX\n"
		"                    buffers of B bytes (64..2048): larger frames arrive over\n"
		"                    several (default: 2048-byte buffers, one frame each)\n"
		"  --timeout SEC     give up after SEC seconds (default 300)\n"
		"  --to-wire N       then send N frames from a to an unknown MAC: they must\n"
		"                    leave on the wire (and be in --pcap FILE if given)\n"
		"  --pcap FILE       the card's wire capture (svnic-sim --pcap) to check\n"
		"  --hostile VIF:SOCKET  a third guest posts a descriptor outside its memory\n"
		"                    halfway through: its VIF must go to NEEDS_RESET while a\n"
		"                    and b lose nothing\n"
		"  --hostile-case C  what the hostile guest posts instead: addr (the default),\n"
		"                    loop (a descriptor loop), index (a link outside the ring)\n"
		"                    or short (a chain shorter than the virtio-net header)\n"
		"  --bcast N         then send N broadcast frames from a: b must get them all,\n"
		"                    intact and in order, and they leave on the wire\n"
		"  --isolated VIF:SOCKET  a guest on a VLAN other than a's and b's: it must\n"
		"                    receive nothing, not a's broadcasts nor --bcast N frames\n"
		"                    a sends to its MAC (which leave on the wire instead)\n"
		"\n"
		"Exit status: 0 when everything checked out, 1 when something did not, 2 for\n"
		"bad arguments.\n");
}

static int parse(int argc, char **argv, struct opts *o)
{
	static const struct option lo[] = {
		{ "card", required_argument, 0, 'c' },    { "a", required_argument, 0, 'a' },
		{ "b", required_argument, 0, 'b' },       { "frames", required_argument, 0, 'n' },
		{ "min", required_argument, 0, 'm' },     { "max", required_argument, 0, 'M' },
		{ "seed", required_argument, 0, 's' },    { "window", required_argument, 0, 'w' },
		{ "timeout", required_argument, 0, 't' }, { "to-wire", required_argument, 0, 'W' },
		{ "pcap", required_argument, 0, 'p' },    { "hostile", required_argument, 0, 'H' },
		{ "bcast", required_argument, 0, 'B' },   { "isolated", required_argument, 0, 'I' },
		{ "hostile-case", required_argument, 0, 'K' },
		{ "rx-buf", required_argument, 0, 'R' },
		{ "help", no_argument, 0, 'h' },          { 0, 0, 0, 0 },
	};
	memset(o, 0, sizeof(*o));
	o->frames = 10000;
	o->window = 64;
	o->timeout_s = 300;
	o->gen = (struct frame_gen){ 1, 60, 1514 };
	o->hcase = &hostile_cases[0];
	bool have_a = false, have_b = false;
	for (int c; (c = getopt_long(argc, argv, "h", lo, NULL)) != -1;) {
		unsigned long v = 0;
		if (optarg && strchr("nmMswtWBR", c)) {
			char *end;
			errno = 0;
			v = strtoul(optarg, &end, 0);
			if (errno || end == optarg || *end) {
				fprintf(stderr, "svnic-traffic: '%s' is not a number\n", optarg);
				return -1;
			}
		}
		switch (c) {
		case 'c': o->card = optarg; break;
		case 'a': if (port_parse(optarg, &o->a, "a")) return -1; have_a = true; break;
		case 'b': if (port_parse(optarg, &o->b, "b")) return -1; have_b = true; break;
		case 'H':
			if (port_parse(optarg, &o->hostile, "hostile"))
				return -1;
			o->have_hostile = true;
			break;
		case 'I':
			if (port_parse(optarg, &o->isolated, "isolated"))
				return -1;
			o->have_isolated = true;
			break;
		case 'K': {
			const struct hostile_case *hc = NULL;
			for (size_t i = 0; i < sizeof(hostile_cases) / sizeof(hostile_cases[0]); i++)
				if (strcmp(optarg, hostile_cases[i].name) == 0)
					hc = &hostile_cases[i];
			if (!hc) {
				fprintf(stderr, "svnic-traffic: --hostile-case: '%s' is not addr, loop, index or short\n",
					optarg);
				return -1;
			}
			o->hcase = hc;
			break;
		}
		case 'B': o->bcast = (unsigned)v; break;
		case 'R': o->a.rx_buf = o->b.rx_buf = (unsigned)v; break;
		case 'n': o->frames = (unsigned)v; break;
		case 'm': o->gen.min_len = (unsigned)v; break;
		case 'M': o->gen.max_len = (unsigned)v; break;
		case 's': o->gen.seed = v; break;
		case 'w': o->window = (unsigned)v; break;
		case 't': o->timeout_s = (unsigned)v; break;
		case 'W': o->to_wire = (unsigned)v; break;
		case 'p': o->pcap = optarg; break;
		case 'h': usage(stdout); exit(0);
		default: return -1;
		}
	}
	if (o->have_isolated && o->bcast == 0) {
		fprintf(stderr, "svnic-traffic: --isolated needs --bcast N > 0 frames to send\n");
		return -1;
	}
	if (optind != argc || !have_a || !have_b) {
		fprintf(stderr, "svnic-traffic: --a and --b are required (and nothing else)\n");
		return -1;
	}
	if (o->gen.min_len < FRAME_HDR_LEN || o->gen.max_len > 1514 ||
	    o->gen.min_len > o->gen.max_len || o->window == 0 || o->frames == 0) {
		fprintf(stderr, "svnic-traffic: need %u <= --min <= --max <= 1514, --window and "
				"--frames > 0\n", FRAME_HDR_LEN);
		return -1;
	}
	return 0;
}

static void receive(struct dir *dirs, unsigned ndirs, struct port *p, const struct frame_gen *gen,
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
			for (unsigned i = 0; i < ndirs; i++)
				if (dirs[i].to == p && dirs[i].stream == stream)
					d = &dirs[i];
		if (!d) {
			(*foreign)++;
			continue;
		}
		d->received++;
		d->bytes += len;
		if (p->rx_buf && len + SVNIC_VIRTIO_NET_HDR_LEN > p->rx_buf)
			p->rx_multi++;
		if (seq != d->next) {
			d->out_of_order++;
			if (seq > d->next)
				d->lost += seq - d->next;
		}
		d->next = seq + 1;
		size_t wlen = frame_build(gen, d->dst ? d->dst : d->to->mac, d->from->mac, stream, seq, want);
		if (wlen != len || memcmp(want, buf, len) != 0)
			d->mismatched++;
	}
}

static int hostile_act(struct svnic *card, struct port *h, const struct hostile_case *hc)
{
	uint64_t mem = svnic_guest_mem_gpa(h->g);
	struct svnic_vring_desc d[2];
	unsigned n = 1;
	if (hc->error == SVNIC_VIF_ERR_DESC_ADDR) {
		/* a buffer just past the guest's memory */
		d[0] = (struct svnic_vring_desc){ mem + svnic_guest_mem_size(h->g) + 4096, 256, 0, 0 };
	} else if (hc->error == SVNIC_VIF_ERR_DESC_LOOP) {
		/* two descriptors linked to each other (links < n are slots of d[]) */
		d[0] = (struct svnic_vring_desc){ mem, 12, SVNIC_VRING_DESC_F_NEXT, 1 };
		d[1] = (struct svnic_vring_desc){ mem + 12, 64, SVNIC_VRING_DESC_F_NEXT, 0 };
		n = 2;
	} else if (hc->error == SVNIC_VIF_ERR_DESC_INDEX) {
		/* a link written raw, past any ring */
		d[0] = (struct svnic_vring_desc){ mem, 76, SVNIC_VRING_DESC_F_NEXT, 0xffff };
	} else {
		/* 4 bytes: less than the 12-byte header */
		d[0] = (struct svnic_vring_desc){ mem, 4, 0, 0 };
	}
	if (svnic_guest_post_raw_tx(h->g, d, n) < 0) {
		fprintf(stderr, "svnic-traffic: the hostile guest could not post its descriptor\n");
		return -1;
	}
	double end = now_s() + 5;
	struct svnic_vif_info vi;
	struct svnic_err err;
	while (now_s() < end) {
		if (svnic_vif_query(card, h->vif, &vi, &err) != 0)
			break;
		if (vi.state == SVNIC_VIF_NEEDS_RESET)
			return vi.error == hc->error ? 0 : -1;
		struct timespec ts = { 0, 5000000 };
		nanosleep(&ts, NULL);
	}
	return -1;
}

/* When the matching frames left, in the card's time (the capture's
 * timestamps are simulated clock cycles): from the first to the last, and
 * the bytes of those after the first, which a rate limit bounds. */
struct wire_span {
	uint64_t first_us, last_us, bytes_after_first;
};

/* Count the wire frames of stream `stream` in the capture that match. */
static long pcap_matches(const char *path, const struct frame_gen *gen, const struct port *from,
			 const uint8_t dst[6], uint32_t want_stream, unsigned n, struct wire_span *span)
{
	char eb[PCAP_ERRBUF_SIZE];
	pcap_t *p = pcap_open_offline(path, eb);
	if (!p) {
		fprintf(stderr, "svnic-traffic: cannot read %s: %s\n", path, eb);
		return -1;
	}
	static uint8_t want[MAX_FRAME + 64];
	struct pcap_pkthdr *h;
	const u_char *data;
	long good = 0;
	while (pcap_next_ex(p, &h, &data) == 1) {
		uint32_t stream, seq;
		if (frame_identify(data, h->caplen, &stream, &seq) || stream != want_stream || seq >= n)
			continue;
		size_t len = frame_build(gen, dst, from->mac, stream, seq, want);
		if (len != h->caplen || memcmp(want, data, len) != 0)
			continue;
		uint64_t us = (uint64_t)h->ts.tv_sec * 1000000u + (uint64_t)h->ts.tv_usec;
		if (span && good == 0)
			span->first_us = us;
		else if (span)
			span->bytes_after_first += len;
		if (span)
			span->last_us = us;
		good++;
	}
	pcap_close(p);
	return good;
}

static bool check(bool ok, const char *what, bool *all)
{
	printf("  %-62s %s\n", what, ok ? "ok" : "FAILED");
	if (!ok)
		*all = false;
	return ok;
}

int main(int argc, char **argv)
{
	struct opts o;
	if (parse(argc, argv, &o) != 0) {
		usage(stderr);
		return 2;
	}
	struct svnic *card;
	struct svnic_err err;
	if (svnic_open(o.card, NULL, &card, &err) != 0) {
		fprintf(stderr, "svnic-traffic: %s\n", err.msg);
		return 1;
	}
	struct svnic_card_stats wire0, wire1;
	if (svnic_card_stats(card, &wire0, &err) != 0 ||
	    port_open(card, &o.a, SVNIC_GUEST_TX_HDR_INLINE) ||
	    port_open(card, &o.b, SVNIC_GUEST_TX_HDR_SEPARATE) ||
	    (o.have_hostile && port_open(card, &o.hostile, SVNIC_GUEST_TX_HDR_INLINE)) ||
	    (o.have_isolated && port_open(card, &o.isolated, SVNIC_GUEST_TX_HDR_INLINE)) ||
	    port_wait_running(card, &o.a, 10) || port_wait_running(card, &o.b, 10) ||
	    (o.have_hostile && port_wait_running(card, &o.hostile, 10)) ||
	    (o.have_isolated && port_wait_running(card, &o.isolated, 10)))
		return 1;

	char m1[SVNIC_MAC_STRLEN], m2[SVNIC_MAC_STRLEN];
	printf("svnic-traffic: guest a on VIF %u (%s, header inline), guest b on VIF %u (%s, "
	       "header in its own descriptor), %u frames each way of %u..%u bytes\n",
	       o.a.vif, svnic_mac_format(o.a.mac, m1), o.b.vif, svnic_mac_format(o.b.mac, m2), o.frames,
	       o.gen.min_len, o.gen.max_len);

	struct dir dirs[2] = { { &o.a, &o.b, 0, 0, 0, 0, 0, 0, 0, 0, NULL },
			       { &o.b, &o.a, 1, 0, 0, 0, 0, 0, 0, 0, NULL } };
	uint64_t foreign = 0, iso_foreign = 0;
	bool hostile_done = !o.have_hostile, hostile_ok = true, timed_out = false;
	static uint8_t buf[MAX_FRAME + 64];
	double t0 = now_s(), deadline = t0 + o.timeout_s;

	while (dirs[0].received < o.frames || dirs[1].received < o.frames) {
		bool progress = false;
		for (unsigned i = 0; i < 2; i++) {
			struct dir *d = &dirs[i];
			while (d->sent < o.frames && d->sent - d->received < o.window) {
				size_t len = frame_build(&o.gen, d->to->mac, d->from->mac, d->stream,
							 d->sent, buf);
				int r = svnic_guest_send(d->from->g, buf, len);
				if (r == -EAGAIN)
					break;
				if (r < 0) {
					fprintf(stderr, "svnic-traffic: guest %s send: %s\n",
						d->from->name, strerror(-r));
					return 1;
				}
				d->sent++;
				progress = true;
			}
		}
		if (!hostile_done && dirs[0].sent >= o.frames / 2) {
			hostile_ok = hostile_act(card, &o.hostile, o.hcase) == 0;
			hostile_done = true;
		}
		uint32_t before = dirs[0].received + dirs[1].received;
		receive(dirs, 2, &o.a, &o.gen, &foreign);
		receive(dirs, 2, &o.b, &o.gen, &foreign);
		if (o.have_isolated)
			receive(dirs, 2, &o.isolated, &o.gen, &iso_foreign);
		/* A frame lost on the way would stall its window: stop there. */
		if (dirs[0].received + dirs[1].received != before)
			progress = true;
		if (!progress) {
			svnic_guest_wait(o.a.g, 1);
			svnic_guest_wait(o.b.g, 1);
		}
		if (now_s() > deadline) {
			timed_out = true;
			break;
		}
	}
	double wall = now_s() - t0;

	/* Frames to a MAC no VIF has: out of the wire. */
	long in_pcap = -1;
	struct wire_span span = { 0, 0, 0 };
	static const uint8_t unknown[6] = { 0x02, 0xff, 0xff, 0xff, 0xff, 0xfe };
	for (uint32_t seq = 0; seq < o.to_wire && !timed_out; seq++) {
		size_t len = frame_build(&o.gen, unknown, o.a.mac, STREAM_WIRE, seq, buf);
		int r;
		while ((r = svnic_guest_send(o.a.g, buf, len)) == -EAGAIN)
			svnic_guest_wait(o.a.g, 1);
		if (r < 0)
			return 1;
	}
	/* Broadcasts from a (b must get them), then frames to the isolated
	 * guest's MAC (it must not). */
	static const uint8_t bcast_mac[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
	struct dir bdir = { &o.a, &o.b, STREAM_BCAST, 0, 0, 0, 0, 0, 0, 0, bcast_mac };
	for (uint32_t seq = 0; seq < o.bcast && !timed_out; seq++) {
		size_t len = frame_build(&o.gen, bcast_mac, o.a.mac, STREAM_BCAST, seq, buf);
		int r;
		while ((r = svnic_guest_send(o.a.g, buf, len)) == -EAGAIN) {
			receive(&bdir, 1, &o.b, &o.gen, &foreign);
			svnic_guest_wait(o.a.g, 1);
		}
		if (r < 0)
			return 1;
		bdir.sent++;
		receive(&bdir, 1, &o.b, &o.gen, &foreign);
		if (o.have_isolated)
			receive(&bdir, 1, &o.isolated, &o.gen, &iso_foreign);
	}
	for (uint32_t seq = 0; o.have_isolated && seq < o.bcast && !timed_out; seq++) {
		size_t len = frame_build(&o.gen, o.isolated.mac, o.a.mac, STREAM_ISOLATED, seq, buf);
		int r;
		while ((r = svnic_guest_send(o.a.g, buf, len)) == -EAGAIN)
			svnic_guest_wait(o.a.g, 1);
		if (r < 0)
			return 1;
		receive(&bdir, 1, &o.isolated, &o.gen, &iso_foreign);
	}
	for (double end = now_s() + 10; svnic_guest_tx_inflight(o.a.g) && now_s() < end;)
		svnic_guest_wait(o.a.g, 1);
	/* What is still on its way: b's broadcasts, and anything the isolated
	 * guest would wrongly get. */
	for (double end = now_s() + (o.bcast ? 2 : 0); now_s() < end;) {
		receive(&bdir, 1, &o.b, &o.gen, &foreign);
		if (o.have_isolated)
			receive(&bdir, 1, &o.isolated, &o.gen, &iso_foreign);
		if (bdir.received == o.bcast && !o.have_isolated)
			break;
		svnic_guest_wait(o.b.g, 1);
	}
	if (svnic_card_stats(card, &wire1, &err) != 0) {
		fprintf(stderr, "svnic-traffic: %s\n", err.msg);
		return 1;
	}
	if (o.to_wire && o.pcap)
		in_pcap = pcap_matches(o.pcap, &o.gen, &o.a, unknown, STREAM_WIRE, o.to_wire, &span);
	long bcast_in_pcap = -1, iso_in_pcap = -1;
	if (o.bcast && o.pcap)
		bcast_in_pcap = pcap_matches(o.pcap, &o.gen, &o.a, bcast_mac, STREAM_BCAST, o.bcast, NULL);
	if (o.have_isolated && o.pcap)
		iso_in_pcap = pcap_matches(o.pcap, &o.gen, &o.a, o.isolated.mac, STREAM_ISOLATED, o.bcast,
					   NULL);
	unsigned extra_tx = o.to_wire + o.bcast + (o.have_isolated ? o.bcast : 0);

	/* Counters: guests, firmware, datapath. */
	struct svnic_vif_info va, vb, vh, vi;
	if (svnic_vif_query(card, o.a.vif, &va, &err) || svnic_vif_query(card, o.b.vif, &vb, &err) ||
	    (o.have_hostile && svnic_vif_query(card, o.hostile.vif, &vh, &err)) ||
	    (o.have_isolated && svnic_vif_query(card, o.isolated.vif, &vi, &err))) {
		fprintf(stderr, "svnic-traffic: %s\n", err.msg);
		return 1;
	}
	struct svnic_guest_stats ga, gb;
	svnic_guest_get_stats(o.a.g, &ga);
	svnic_guest_get_stats(o.b.g, &gb);

	printf("\n  %-8s %10s %10s %12s %10s %12s %8s\n", "", "sent", "received", "bytes",
	       "mismatched", "out-of-order", "lost");
	for (unsigned i = 0; i < 2; i++)
		printf("  %s -> %s   %10u %10u %12" PRIu64 " %10" PRIu64 " %12" PRIu64 " %8" PRIu64 "\n",
		       dirs[i].from->name, dirs[i].to->name, dirs[i].sent, dirs[i].received,
		       dirs[i].bytes, dirs[i].mismatched, dirs[i].out_of_order, dirs[i].lost);
	printf("\n  drops on the card, by reason (VIF a / VIF b):\n"
	       "    RX buffer full            %" PRIu64 " / %" PRIu64 "\n"
	       "    RX buffer quota           %" PRIu64 " / %" PRIu64 "\n"
	       "    guest RX buffer too small %" PRIu64 " / %" PRIu64 "\n"
	       "    bad TX frame              %" PRIu64 " / %" PRIu64 "\n",
	       va.rx_drop_full - o.a.base.rx_drop_full, vb.rx_drop_full - o.b.base.rx_drop_full,
	       va.rx_drop_quota - o.a.base.rx_drop_quota, vb.rx_drop_quota - o.b.base.rx_drop_quota,
	       va.rx_drop_small - o.a.base.rx_drop_small, vb.rx_drop_small - o.b.base.rx_drop_small,
	       va.tx_bad_frames - o.a.base.tx_bad_frames, vb.tx_bad_frames - o.b.base.tx_bad_frames);
	printf("  interrupts raised: a %" PRIu64 ", b %" PRIu64 "; guest kicks: a %" PRIu64
	       ", b %" PRIu64 "\n",
	       va.notifies - o.a.base.notifies, vb.notifies - o.b.base.notifies, ga.kicks, gb.kicks);
	if (in_pcap > 1)
		printf("  to the wire from a: %" PRIu64 " bytes after the first frame in %" PRIu64
		       " us of card time, %.1f Mbit/s\n",
		       span.bytes_after_first, span.last_us - span.first_us,
		       span.last_us > span.first_us
			       ? (double)span.bytes_after_first * 8 / (double)(span.last_us - span.first_us)
			       : 0.0);
	uint64_t total = (uint64_t)dirs[0].received + dirs[1].received;
	printf("  wall time %.2f s, %" PRIu64 " frames, %.0f frames/s, %.1f Mbit/s\n\n", wall, total,
	       (double)total / wall, (double)(dirs[0].bytes + dirs[1].bytes) * 8 / wall / 1e6);

	bool ok = true;
	char what[128];
	check(!timed_out, "finished before --timeout", &ok);
	for (unsigned i = 0; i < 2; i++) {
		const struct dir *d = &dirs[i];
		snprintf(what, sizeof(what), "%s -> %s: every frame arrived, intact and in order",
			 d->from->name, d->to->name);
		check(d->received == o.frames && d->mismatched == 0 && d->out_of_order == 0 &&
			      d->lost == 0, what, &ok);
	}
	check(foreign == 0, "no frame arrived that nobody sent", &ok);
	uint64_t n = o.frames;
	snprintf(what, sizeof(what), "a: guest TX %" PRIu64 " = card TX %" PRIu64 " (+%u beyond b)",
		 ga.tx_frames, va.tx_frames - o.a.base.tx_frames, extra_tx);
	check(ga.tx_frames == n + extra_tx && va.tx_frames - o.a.base.tx_frames == n + extra_tx,
	      what, &ok);
	snprintf(what, sizeof(what), "b: guest TX %" PRIu64 " = card TX %" PRIu64, gb.tx_frames,
		 vb.tx_frames - o.b.base.tx_frames);
	check(gb.tx_frames == n && vb.tx_frames - o.b.base.tx_frames == n, what, &ok);
	snprintf(what, sizeof(what), "b: card RX %" PRIu64 " = delivered %" PRIu64 " = guest RX %" PRIu64,
		 vb.rx_frames - o.b.base.rx_frames, vb.rx_delivered - o.b.base.rx_delivered,
		 gb.rx_frames);
	check(vb.rx_frames - o.b.base.rx_frames == n + o.bcast &&
		      vb.rx_delivered - o.b.base.rx_delivered == n + o.bcast && gb.rx_frames == n + o.bcast,
	      what, &ok);
	snprintf(what, sizeof(what), "a: card RX %" PRIu64 " = delivered %" PRIu64 " = guest RX %" PRIu64,
		 va.rx_frames - o.a.base.rx_frames, va.rx_delivered - o.a.base.rx_delivered,
		 ga.rx_frames);
	check(va.rx_frames - o.a.base.rx_frames == n && va.rx_delivered - o.a.base.rx_delivered == n &&
		      ga.rx_frames == n, what, &ok);
	check(va.rx_drop_full == o.a.base.rx_drop_full && vb.rx_drop_full == o.b.base.rx_drop_full &&
		      va.rx_drop_quota == o.a.base.rx_drop_quota && vb.rx_drop_quota == o.b.base.rx_drop_quota &&
		      va.rx_drop_small == o.a.base.rx_drop_small &&
		      vb.rx_drop_small == o.b.base.rx_drop_small &&
		      va.tx_bad_frames == o.a.base.tx_bad_frames &&
		      vb.tx_bad_frames == o.b.base.tx_bad_frames && ga.rx_bad == 0 && gb.rx_bad == 0,
	      "no drops of any reason on either VIF or guest", &ok);
	check(va.state == SVNIC_VIF_RUNNING && vb.state == SVNIC_VIF_RUNNING,
	      "VIFs a and b still running", &ok);
	if (o.a.rx_buf) {
		snprintf(what, sizeof(what),
			 "frames over several %u-byte RX buffers: a %" PRIu64 " of %" PRIu64
			 ", b %" PRIu64 " of %" PRIu64,
			 o.a.rx_buf, ga.rx_multi, o.a.rx_multi, gb.rx_multi, o.b.rx_multi);
		check(ga.rx_multi == o.a.rx_multi && gb.rx_multi == o.b.rx_multi && o.a.rx_multi > 0 &&
			      o.b.rx_multi > 0, what, &ok);
	}
	if (o.bcast) {
		snprintf(what, sizeof(what), "a -> broadcast: b got all %u, intact and in order (%u)",
			 o.bcast, bdir.received);
		check(bdir.received == o.bcast && bdir.mismatched == 0 && bdir.out_of_order == 0 &&
			      bdir.lost == 0, what, &ok);
		if (o.pcap) {
			snprintf(what, sizeof(what), "wire: the %u broadcasts are in %s (%ld)", o.bcast,
				 o.pcap, bcast_in_pcap);
			check(bcast_in_pcap == (long)o.bcast, what, &ok);
		}
	}
	if (o.have_isolated) {
		snprintf(what, sizeof(what), "isolated VIF %u: guest got %" PRIu64 ", card RX %" PRIu64
			 " (want 0, 0)", o.isolated.vif, iso_foreign, vi.rx_frames - o.isolated.base.rx_frames);
		check(iso_foreign == 0 && vi.rx_frames == o.isolated.base.rx_frames &&
			      vi.rx_drop_full == o.isolated.base.rx_drop_full &&
			      vi.rx_drop_quota == o.isolated.base.rx_drop_quota, what, &ok);
		snprintf(what, sizeof(what), "VLANs: a %u, b %u, isolated %u (a and b share, isolated not)",
			 va.vlan, vb.vlan, vi.vlan);
		check(va.vlan == vb.vlan && vi.vlan != va.vlan, what, &ok);
		if (o.pcap) {
			snprintf(what, sizeof(what), "wire: the %u frames to its MAC are in %s (%ld)",
				 o.bcast, o.pcap, iso_in_pcap);
			check(iso_in_pcap == (long)o.bcast, what, &ok);
		}
	}
	if (extra_tx) {
		snprintf(what, sizeof(what), "wire: card TX to the wire %" PRIu64 " = %u sent there",
			 wire1.wire_tx_frames - wire0.wire_tx_frames, extra_tx);
		check(wire1.wire_tx_frames - wire0.wire_tx_frames == extra_tx, what, &ok);
		check(wire1.tx_drop_srcdis == wire0.tx_drop_srcdis, "no frame dropped at its sender", &ok);
	}
	if (o.to_wire) {
		if (o.pcap) {
			snprintf(what, sizeof(what), "wire: all %u are in %s, byte for byte (%ld)",
				 o.to_wire, o.pcap, in_pcap);
			check(in_pcap == (long)o.to_wire, what, &ok);
		}
	}
	if (o.have_hostile) {
		snprintf(what, sizeof(what), "hostile VIF went to NEEDS_RESET for %s", o.hcase->what);
		check(hostile_ok, what, &ok);
		check(vh.state == SVNIC_VIF_NEEDS_RESET && vh.error == o.hcase->error &&
			      vh.errors >= 1, "hostile VIF still stopped, offence recorded", &ok);
	}
	printf("\nRESULT: %s\n", ok ? "PASS" : "FAIL");

	svnic_guest_close(o.a.g);
	svnic_guest_close(o.b.g);
	if (o.have_hostile)
		svnic_guest_close(o.hostile.g);
	if (o.have_isolated)
		svnic_guest_close(o.isolated.g);
	svnic_close(card);
	return ok ? 0 : 1;
}
