/* SPDX-License-Identifier: MIT */
/*
 * svnic-peer: our guest driver on one VIF, facing an independent virtio
 * driver (DPDK testpmd's virtio-user) on another VIF of the same card. It
 * receives the frames the peer sends and checks each (addressed to us, from
 * the peer, the length and IPv4 header the peer's generator makes), then
 * sends numbered frames back to the peer, and reconciles the card's
 * counters of both VIFs with what went each way. With --pairs N (a VIF of N
 * pairs) it is a multiqueue driver: the card spreads the peer's flows over
 * its RX queues, it sends on every TX queue in turn, and per pair what it
 * saw must be what the card counted; every RX queue must get frames.
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

#define STREAM_PEER 3u

struct opts {
	const char *card;
	struct port me;
	uint32_t peer_vif;
	unsigned expect, expect_len, send, timeout_s;
};

/* Per pair, what this driver saw against the card's counters; every RX
 * queue must have had frames when the peer sent several flows. */
static bool pairs_reconcile(const struct port *me, const struct svnic_vif_info *now,
			    const unsigned *rx, const unsigned *tx)
{
	bool ok = now->queue_pairs == me->pairs && now->active_pairs == me->pairs;
	for (unsigned p = 0; p < me->pairs; p++) {
		uint64_t c_rx = now->pair_rx_frames[p] - me->base.pair_rx_frames[p];
		uint64_t c_tx = now->pair_tx_frames[p] - me->base.pair_tx_frames[p];
		bool pok = c_rx == rx[p] && c_tx == tx[p] && rx[p] > 0;
		printf("svnic-peer: pair %u: received %u (card delivered %" PRIu64 "), sent %u "
		       "(card took %" PRIu64 ")%s\n",
		       p, rx[p], c_rx, tx[p], c_tx, pok ? "" : "  <- mismatch or no frames");
		ok = ok && pok;
	}
	if (now->queue_pairs != me->pairs || now->active_pairs != me->pairs)
		printf("svnic-peer: the card reports %u pairs, %u in use; %u expected\n",
		       now->queue_pairs, now->active_pairs, me->pairs);
	return ok;
}

static void usage(FILE *f)
{
	fprintf(f,
		"usage: svnic-peer --port VIF:SOCKET --peer-vif VIF --expect N --expect-len B\n"
		"                  --send M [--pairs P] [--card URI] [--timeout SEC]\n"
		"\n"
		"Attaches a guest to VIF:SOCKET, prints 'ready' once the card serves it, then\n"
		"receives N IPv4 frames of B bytes from the driver on VIF --peer-vif, checking\n"
		"each, sends M numbered frames to that driver, and checks that the card's\n"
		"counters of both VIFs agree with what went each way.\n"
		"--pairs P: drive P queue pairs (the VIF's count, 2..16; multiqueue with the\n"
		"control queue on the card): frames are sent on each pair in turn, and per pair\n"
		"the frames received and sent must match the card's counts, every RX queue\n"
		"getting some (the peer must send several flows).\n"
		"Exit status: 0 all checked out, 1 something did not, 2 bad arguments.\n");
}

/* Internet checksum of an IPv4 header: 0 when the header is intact. */
static uint16_t ip_csum(const uint8_t *h, size_t len)
{
	uint32_t sum = 0;
	for (size_t i = 0; i + 1 < len; i += 2)
		sum += (uint32_t)h[i] << 8 | h[i + 1];
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

static bool frame_ok(const uint8_t *f, size_t len, const uint8_t me[6], const uint8_t peer[6],
		     unsigned want_len)
{
	if (len != want_len || len < 34 || memcmp(f, me, 6) || memcmp(f + 6, peer, 6))
		return false;
	if (f[12] != 0x08 || f[13] != 0x00 || (f[14] >> 4) != 4)
		return false;
	size_t ihl = (size_t)(f[14] & 0xf) * 4;
	unsigned tot = (unsigned)f[16] << 8 | f[17];
	return ihl >= 20 && 14 + ihl <= len && 14 + tot <= len && ip_csum(f + 14, ihl) == 0;
}

int main(int argc, char **argv)
{
	static const struct option lo[] = {
		{ "card", required_argument, 0, 'c' },   { "port", required_argument, 0, 'p' },
		{ "peer-vif", required_argument, 0, 'v' }, { "expect", required_argument, 0, 'e' },
		{ "expect-len", required_argument, 0, 'l' }, { "send", required_argument, 0, 's' },
		{ "timeout", required_argument, 0, 't' }, { "pairs", required_argument, 0, 'q' },
		{ "help", no_argument, 0, 'h' },
		{ 0, 0, 0, 0 },
	};
	struct opts o = { 0 };
	o.timeout_s = 60;
	bool have_port = false, have_peer = false;
	for (int c; (c = getopt_long(argc, argv, "h", lo, NULL)) != -1;) {
		char *end = NULL;
		unsigned long v = optarg ? strtoul(optarg, &end, 0) : 0;
		if (optarg && strchr("velstq", c) && (end == optarg || *end)) {
			fprintf(stderr, "svnic-peer: '%s' is not a number\n", optarg);
			return 2;
		}
		switch (c) {
		case 'c': o.card = optarg; break;
		case 'p':
			if (port_parse(optarg, &o.me, "port"))
				return 2;
			have_port = true;
			break;
		case 'v': o.peer_vif = (uint32_t)v; have_peer = true; break;
		case 'e': o.expect = (unsigned)v; break;
		case 'l': o.expect_len = (unsigned)v; break;
		case 's': o.send = (unsigned)v; break;
		case 't': o.timeout_s = (unsigned)v; break;
		case 'q':
			if (v < 1 || v > SVNIC_GUEST_MAX_PAIRS) {
				fprintf(stderr, "svnic-peer: --pairs %lu: 1..%u\n", v, SVNIC_GUEST_MAX_PAIRS);
				return 2;
			}
			o.me.pairs = (unsigned)v;
			break;
		case 'h': usage(stdout); return 0;
		default: usage(stderr); return 2;
		}
	}
	if (optind != argc || !have_port || !have_peer) {
		usage(stderr);
		return 2;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);

	struct svnic *card;
	struct svnic_err err;
	struct svnic_vif_info peer0, peer1, me1;
	if (svnic_open(o.card, NULL, &card, &err) || svnic_vif_query(card, o.peer_vif, &peer0, &err)) {
		fprintf(stderr, "svnic-peer: %s\n", err.msg);
		return 1;
	}
	if (port_open(card, &o.me, SVNIC_GUEST_TX_HDR_INLINE) ||
	    port_wait_running(card, &o.me, 10))
		return 1;
	printf("svnic-peer: ready on VIF %u\n", o.me.vif);

	static uint8_t buf[2048];
	size_t len;
	unsigned got = 0, bad = 0, pair = 0;
	unsigned pair_rx[SVNIC_GUEST_MAX_PAIRS] = { 0 }, pair_tx[SVNIC_GUEST_MAX_PAIRS] = { 0 };
	double deadline = now_s() + o.timeout_s;
	while (got + bad < o.expect && now_s() < deadline) {
		int r = svnic_guest_recv_on(o.me.g, buf, sizeof(buf), &len, NULL, &pair);
		if (r == -EAGAIN) {
			svnic_guest_wait(o.me.g, 10);
			continue;
		}
		if (r == 0 && frame_ok(buf, len, o.me.mac, peer0.mac, o.expect_len)) {
			got++;
			pair_rx[pair]++;
		} else {
			bad++;
		}
	}
	printf("svnic-peer: received %u of %u frames from VIF %u, %u malformed\n", got, o.expect,
	       o.peer_vif, bad);

	struct frame_gen gen = { 7, 60, 1514 };
	unsigned sent = 0;
	uint64_t sent_bytes = 0;
	while (sent < o.send && now_s() < deadline) {
		size_t n = frame_build(&gen, peer0.mac, o.me.mac, STREAM_PEER, sent, buf);
		unsigned on = sent % svnic_guest_pairs(o.me.g);
		int r = svnic_guest_send_on(o.me.g, on, buf, n);
		if (r == -EAGAIN) {
			svnic_guest_wait(o.me.g, 1);
			continue;
		}
		if (r < 0) {
			fprintf(stderr, "svnic-peer: send: %s\n", strerror(-r));
			return 1;
		}
		sent++;
		sent_bytes += n;
		pair_tx[on]++;
	}
	while (svnic_guest_tx_inflight(o.me.g) && now_s() < deadline)
		svnic_guest_wait(o.me.g, 1);
	/* The peer's RX path runs on the card; give it a moment to deliver. */
	double settle = now_s() + 5;
	do {
		if (svnic_vif_query(card, o.peer_vif, &peer1, &err) ||
		    svnic_vif_query(card, o.me.vif, &me1, &err)) {
			fprintf(stderr, "svnic-peer: %s\n", err.msg);
			return 1;
		}
	} while (peer1.rx_delivered - peer0.rx_delivered < sent && now_s() < settle);
	printf("svnic-peer: sent %u frames (%" PRIu64 " bytes) to VIF %u\n", sent, sent_bytes,
	       o.peer_vif);

	bool ok = got == o.expect && bad == 0 && sent == o.send;
	uint64_t p_tx = peer1.tx_frames - peer0.tx_frames, m_rx = me1.rx_delivered - o.me.base.rx_delivered;
	uint64_t m_tx = me1.tx_frames - o.me.base.tx_frames, p_rx = peer1.rx_delivered - peer0.rx_delivered;
	printf("svnic-peer: card: VIF %u sent %" PRIu64 ", VIF %u delivered %" PRIu64
	       "; VIF %u sent %" PRIu64 ", VIF %u delivered %" PRIu64 "; RX-full drops %" PRIu64
	       " / %" PRIu64 "\n",
	       o.peer_vif, p_tx, o.me.vif, m_rx, o.me.vif, m_tx, o.peer_vif, p_rx,
	       peer1.rx_drop_full - peer0.rx_drop_full, me1.rx_drop_full - o.me.base.rx_drop_full);
	ok = ok && p_tx == o.expect && m_rx == o.expect && m_tx == o.send && p_rx == o.send &&
	     peer1.rx_drop_full == peer0.rx_drop_full && me1.rx_drop_full == o.me.base.rx_drop_full &&
	     peer1.rx_drop_quota == peer0.rx_drop_quota && me1.rx_drop_quota == o.me.base.rx_drop_quota &&
	     peer1.state == SVNIC_VIF_RUNNING && me1.state == SVNIC_VIF_RUNNING;
	if (o.me.pairs > 1)
		ok = pairs_reconcile(&o.me, &me1, pair_rx, pair_tx) && ok;
	printf("svnic-peer: %s\n", ok ? "PASS" : "FAIL");
	svnic_guest_close(o.me.g);
	svnic_close(card);
	return ok ? 0 : 1;
}
