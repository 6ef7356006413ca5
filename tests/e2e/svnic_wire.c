/* SPDX-License-Identifier: MIT */
/*
 * svnic-wire: the card's Ethernet port end to end, through the TAP interface
 * svnic-sim --wire-tap connects it to. Our guest driver sits on one VIF of
 * VLAN 0; this program is the wire's far end (a packet socket on the TAP).
 * The port is an access port on VLAN 0 that does not parse 802.1Q tags for
 * switching: a tagged frame is switched on VLAN 0 by its address and
 * delivered as it came, tag and all; the parser behind the switch still
 * reads through the tag for the checksum verdict.
 *
 *   1. wire -> guest: UDP/IPv4 frames to the VIF's MAC, untagged and
 *      802.1Q-tagged in turn, each with a correct UDP checksum: every one
 *      arrives, in order, byte for byte, with DATA_VALID.
 *   2. wire -> nobody: frames to a MAC no VIF has are dropped and counted
 *      (wire_rx_drop_novif), and none reaches the guest.
 *   3. wire -> broadcast: every one reaches the guest.
 *   4. guest -> wire: frames to a MAC outside the card come out of the TAP,
 *      in order, byte for byte.
 * Then the card's counters must agree exactly: wire RX, wire TX, the VIF's
 * frames delivered and sent.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <linux/if_packet.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "inet_sum.h"
#include "port.h"
#include "svnic/mbox.h"
#include "svnic/virtio.h"

#define PAYLOAD 100u
#define MAGIC "svnic-wire"

static const uint8_t far_mac[6] = { 0x02, 0x77, 0x00, 0x00, 0x00, 0x01 };    /* the wire's end */
static const uint8_t nobody_mac[6] = { 0x02, 0x77, 0x00, 0x00, 0x00, 0x99 }; /* no VIF has it */
static const uint8_t bcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };

static void wr16(uint8_t *p, unsigned v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

/* Frame `seq` of test `test`: UDP over IPv4 with correct checksums, an
 * 802.1Q tag with VLAN id `vid` when vid > 0. Returns its length. */
static size_t build(uint8_t *b, const uint8_t dst[6], const uint8_t src[6], unsigned vid,
		    unsigned test, unsigned seq)
{
	size_t l3 = vid ? 18 : 14;
	memcpy(b, dst, 6);
	memcpy(b + 6, src, 6);
	if (vid) {
		wr16(b + 12, 0x8100);
		wr16(b + 14, (5u << 13) | vid); /* priority 5 */
	}
	wr16(b + l3 - 2, 0x0800);
	uint8_t *ip = b + l3, *udp = ip + 20, *pay = udp + 8;
	memset(ip, 0, 20);
	ip[0] = 0x45;
	wr16(ip + 2, 20 + 8 + PAYLOAD);
	wr16(ip + 4, seq);
	ip[8] = 64;
	ip[9] = 17;
	memcpy(ip + 12, (const uint8_t[]){ 192, 0, 2, 1 }, 4);
	memcpy(ip + 16, (const uint8_t[]){ 192, 0, 2, 2 }, 4);
	wr16(ip + 10, ~inet_fold16(inet_sum_be(ip, 20)) & 0xffffu);
	wr16(udp, 40000 + test);
	wr16(udp + 2, 5000);
	wr16(udp + 4, 8 + PAYLOAD);
	wr16(udp + 6, 0);
	memcpy(pay, MAGIC, sizeof(MAGIC) - 1);
	pay[10] = (uint8_t)test;
	pay[11] = (uint8_t)(seq >> 8);
	pay[12] = (uint8_t)seq;
	for (unsigned i = 13; i < PAYLOAD; i++)
		pay[i] = (uint8_t)(seq * 31u + i * 7u + test);
	uint64_t psum = inet_sum_be(ip + 12, 8) + 17u + 8u + PAYLOAD;
	unsigned c = ~inet_fold16(psum + inet_sum_be(udp, 8 + PAYLOAD)) & 0xffffu;
	wr16(udp + 6, c ? c : 0xffffu);
	return l3 + 20 + 8 + PAYLOAD;
}

struct wire {
	int fd;
	int ifindex;
};

static int wire_open(struct wire *w, const char *ifname)
{
	w->ifindex = (int)if_nametoindex(ifname);
	if (!w->ifindex) {
		fprintf(stderr, "svnic-wire: no interface %s (svnic-sim --wire-tap %s makes it)\n", ifname,
			ifname);
		return -1;
	}
	w->fd = socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, htons(ETH_P_ALL));
	if (w->fd < 0) {
		fprintf(stderr, "svnic-wire: packet socket: %s (it needs CAP_NET_RAW: run as root)\n",
			strerror(errno));
		return -1;
	}
	struct sockaddr_ll sll = { .sll_family = AF_PACKET, .sll_protocol = htons(ETH_P_ALL),
				   .sll_ifindex = w->ifindex };
	if (bind(w->fd, (struct sockaddr *)&sll, sizeof(sll)) < 0) {
		fprintf(stderr, "svnic-wire: bind to %s: %s\n", ifname, strerror(errno));
		return -1;
	}
	return 0;
}

static int wire_send(struct wire *w, const uint8_t *f, size_t len)
{
	struct sockaddr_ll sll = { .sll_family = AF_PACKET, .sll_ifindex = w->ifindex, .sll_halen = 6 };
	memcpy(sll.sll_addr, f, 6);
	if (sendto(w->fd, f, len, 0, (struct sockaddr *)&sll, sizeof(sll)) != (ssize_t)len) {
		fprintf(stderr, "svnic-wire: send into the TAP: %s\n", strerror(errno));
		return -1;
	}
	return 0;
}

/* The next frame the card sent out of the TAP (not our own outgoing ones):
 * its length, 0 on timeout. */
static size_t wire_recv(struct wire *w, uint8_t *buf, size_t cap, double deadline)
{
	while (now_s() < deadline) {
		struct pollfd p = { .fd = w->fd, .events = POLLIN };
		if (poll(&p, 1, 50) <= 0)
			continue;
		struct sockaddr_ll from;
		socklen_t fl = sizeof(from);
		ssize_t n = recvfrom(w->fd, buf, cap, 0, (struct sockaddr *)&from, &fl);
		if (n > 0 && from.sll_pkttype != PACKET_OUTGOING)
			return (size_t)n;
	}
	return 0;
}

/* The guest's next frame, with its header flags: 0 on timeout. */
static size_t guest_recv(struct port *p, uint8_t *buf, size_t cap, uint8_t *flags, double deadline)
{
	while (now_s() < deadline) {
		size_t len;
		int r = svnic_guest_recv_flags(p->g, buf, cap, &len, flags);
		if (r == 0)
			return len;
		if (r != -EAGAIN)
			return 0;
		svnic_guest_wait(p->g, 10);
	}
	return 0;
}

static bool guest_quiet(struct port *p, double secs)
{
	uint8_t buf[2048], flags;
	return guest_recv(p, buf, sizeof(buf), &flags, now_s() + secs) == 0;
}

int main(int argc, char **argv)
{
	static const struct option lo[] = {
		{ "card", required_argument, 0, 'c' },   { "port", required_argument, 0, 'p' },
		{ "if", required_argument, 0, 'i' },     { "frames", required_argument, 0, 'n' },
		{ "vlan", required_argument, 0, 'v' },   { "help", no_argument, 0, 'h' },
		{ 0, 0, 0, 0 },
	};
	const char *uri = NULL, *ifname = NULL;
	struct port me = { 0 };
	unsigned frames = 50, vid = 100;
	bool have_port = false;
	for (int c; (c = getopt_long(argc, argv, "h", lo, NULL)) != -1;) {
		char *end = NULL;
		unsigned long v = optarg ? strtoul(optarg, &end, 0) : 0;
		if (optarg && strchr("nv", c) && (end == optarg || *end)) {
			fprintf(stderr, "svnic-wire: '%s' is not a number\n", optarg);
			return 2;
		}
		switch (c) {
		case 'c': uri = optarg; break;
		case 'p':
			if (port_parse(optarg, &me, "port"))
				return 2;
			have_port = true;
			break;
		case 'i': ifname = optarg; break;
		case 'n': frames = (unsigned)v; break;
		case 'v': vid = (unsigned)v; break;
		case 'h':
			printf("usage: svnic-wire --port VIF:SOCKET --if IFNAME [--frames N] [--vlan VID] "
			       "[--card URI]\n"
			       "IFNAME: the TAP svnic-sim --wire-tap connected the card's port to; VIF on\n"
			       "VLAN 0. Checks frames both ways through the port, 802.1Q-tagged ones (VID,\n"
			       "default 100) among them, and the card's counters. Exit 0 all checked out,\n"
			       "1 something did not, 2 bad arguments.\n");
			return 0;
		default: return 2;
		}
	}
	if (optind != argc || !have_port || !ifname || frames == 0 || frames > 65535 || vid < 1 ||
	    vid > 4094) {
		fprintf(stderr, "svnic-wire: --port and --if are required; --frames 1..65535, "
				"--vlan 1..4094\n");
		return 2;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);

	struct svnic *card;
	struct svnic_err err;
	struct svnic_card_stats c0, c1;
	struct wire w;
	if (svnic_open(uri, NULL, &card, &err) || svnic_card_stats(card, &c0, &err)) {
		fprintf(stderr, "svnic-wire: %s\n", err.msg);
		return 1;
	}
	me.csum_offload = true;
	if (wire_open(&w, ifname) || port_open(card, &me, SVNIC_GUEST_TX_HDR_INLINE) ||
	    port_wait_running(card, &me, 30))
		return 1;
	if (me.base.vlan != 0) {
		fprintf(stderr, "svnic-wire: VIF %u is on VLAN %u; only VLAN 0 meets the wire\n", me.vif,
			me.base.vlan);
		return 2;
	}
	bool ok = true;
	static uint8_t f[2048], got[2048];
	uint8_t flags;

	/* 1. To the VIF, untagged and tagged in turn. */
	unsigned tagged = 0, valid = 0, arrived = 0;
	for (unsigned i = 0; i < frames; i++) {
		size_t n = build(f, me.mac, far_mac, i & 1u ? vid : 0, 1, i);
		if (wire_send(&w, f, n))
			return 1;
		size_t g = guest_recv(&me, got, sizeof(got), &flags, now_s() + 20);
		if (g != n || memcmp(got, f, n)) {
			printf("svnic-wire: frame %u (%s) from the wire: %s\n", i, i & 1u ? "tagged" : "untagged",
			       g ? "arrived changed or out of order" : "did not arrive");
			ok = false;
			break;
		}
		arrived++;
		tagged += i & 1u;
		valid += (flags & SVNIC_VIRTIO_NET_HDR_F_DATA_VALID) != 0;
	}
	printf("svnic-wire: wire -> VIF %u: %u of %u frames intact and in order (%u with an 802.1Q tag, "
	       "VLAN %u), %u with DATA_VALID\n", me.vif, arrived, frames, tagged, vid, valid);
	ok = ok && arrived == frames && valid == frames;

	/* 2. To nobody. */
	for (unsigned i = 0; i < frames; i++) {
		size_t n = build(f, nobody_mac, far_mac, i & 1u ? vid : 0, 2, i);
		if (wire_send(&w, f, n))
			return 1;
	}
	bool quiet = guest_quiet(&me, 1.0);
	printf("svnic-wire: wire -> unknown MAC: %u frames sent, %s reached the guest\n", frames,
	       quiet ? "none" : "some");
	ok = ok && quiet;

	/* 3. Broadcast. */
	arrived = 0;
	for (unsigned i = 0; i < frames; i++) {
		size_t n = build(f, bcast, far_mac, 0, 3, i);
		if (wire_send(&w, f, n))
			return 1;
		size_t g = guest_recv(&me, got, sizeof(got), &flags, now_s() + 20);
		if (g != n || memcmp(got, f, n))
			break;
		arrived++;
	}
	printf("svnic-wire: wire -> broadcast: %u of %u frames reached VIF %u intact\n", arrived, frames,
	       me.vif);
	ok = ok && arrived == frames;

	/* 4. From the guest out of the TAP. */
	unsigned out = 0;
	for (unsigned i = 0; i < frames; i++) {
		size_t n = build(f, far_mac, me.mac, 0, 4, i);
		int r;
		double end = now_s() + 20;
		while ((r = svnic_guest_send(me.g, f, n)) == -EAGAIN && now_s() < end)
			svnic_guest_wait(me.g, 1);
		if (r) {
			printf("svnic-wire: guest send: %s\n", strerror(-r));
			ok = false;
			break;
		}
		size_t g = wire_recv(&w, got, sizeof(got), now_s() + 20);
		if (g != n || memcmp(got, f, n)) {
			printf("svnic-wire: frame %u from the guest: %s\n", i,
			       g ? "came out of the TAP changed or out of order" : "never came out of the TAP");
			ok = false;
			break;
		}
		out++;
	}
	printf("svnic-wire: VIF %u -> wire: %u of %u frames out of %s intact and in order\n", me.vif, out,
	       frames, ifname);
	ok = ok && out == frames;

	/* The counters, once the card is done with the last frames. */
	struct svnic_vif_info v1;
	double settle = now_s() + 5;
	do {
		if (svnic_card_stats(card, &c1, &err) || svnic_vif_query(card, me.vif, &v1, &err)) {
			fprintf(stderr, "svnic-wire: %s\n", err.msg);
			return 1;
		}
	} while ((c1.wire_rx_frames - c0.wire_rx_frames < 3u * frames ||
		  c1.wire_tx_frames - c0.wire_tx_frames < frames) && now_s() < settle);
	uint64_t rx = c1.wire_rx_frames - c0.wire_rx_frames, tx = c1.wire_tx_frames - c0.wire_tx_frames;
	uint64_t novif = c1.wire_rx_drop_novif - c0.wire_rx_drop_novif;
	uint64_t err_d = c1.wire_rx_drop_err - c0.wire_rx_drop_err;
	uint64_t dlv = v1.rx_delivered - me.base.rx_delivered, sent = v1.tx_frames - me.base.tx_frames;
	printf("svnic-wire: card: wire RX %" PRIu64 " (expected %u), of them unknown unicast dropped %" PRIu64
	       " (expected %u), errors %" PRIu64 "; wire TX %" PRIu64 " (expected %u); VIF %u delivered %" PRIu64
	       " (expected %u), sent %" PRIu64 " (expected %u)\n",
	       rx, 3u * frames, novif, frames, err_d, tx, frames, me.vif, dlv, 2u * frames, sent, frames);
	ok = ok && rx == 3u * frames && novif == frames && err_d == 0 && tx == frames &&
	     dlv == 2u * frames && sent == frames && v1.state == SVNIC_VIF_RUNNING;
	printf("svnic-wire: %s\n", ok ? "PASS" : "FAIL");
	svnic_guest_close(me.g);
	svnic_close(card);
	close(w.fd);
	return ok ? 0 : 1;
}
