/* SPDX-License-Identifier: MIT */
/*
 * TCP segmentation offload (firmware/src/net_tso.c) against the fake
 * datapath: every segment's headers and payload checked against the packet
 * the driver posted (lengths, IPv4 identification and header checksum,
 * sequence numbers, flags), and its TCP checksum once the datapath's
 * insertion is applied as the RTL does it, verified with the pseudo header;
 * packets the card does not cut dropped and counted with the VIF running
 * on; a packet spanning TX passes; a TX queue detached mid-packet.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "../common/inet_sum.h"
#include "fake_hal.h"
#include "fw/fw.h"
#include "svnic/dmacmd.h"
#include "svnic/mbox.h"
#include "svnic/regs.h"
#include "svnic/virtio.h"

static struct fw_hal hal;
static struct fw_card card;

#define QSIZE 16u
#define F_N SVNIC_VRING_DESC_F_NEXT
#define MEM(off) (FAKE_MEM_BASE + (off))
#define FEAT_BASE (SVNIC_VIRTIO_BIT(SVNIC_VIRTIO_F_VERSION_1) | SVNIC_VIRTIO_BIT(SVNIC_VIRTIO_NET_F_CSUM))
#define FEAT_TSO4 SVNIC_VIRTIO_BIT(SVNIC_VIRTIO_NET_F_HOST_TSO4)
#define FEAT_TSO6 SVNIC_VIRTIO_BIT(SVNIC_VIRTIO_NET_F_HOST_TSO6)
#define FRAME_AT 0x4000u /* the packet in fake host memory */

#define TCP_FIN 0x01u
#define TCP_PSH 0x08u
#define TCP_ACK 0x10u
#define TCP_CWR 0x80u

/* A packet as the driver builds it. */
struct pkt {
	uint8_t f[40000];
	unsigned len, l3, l4, hlen;
	int v6;
};

static int setup(void **state)
{
	(void)state;
	fake_hal_reset(&hal, 4, 2);
	assert_int_equal(fw_init(&card, &hal), 0);
	return 0;
}

static unsigned exec(const void *req, unsigned len, void *rsp, unsigned rsp_len)
{
	return fake_mbox_exec(&hal, &card, req, len, rsp, rsp_len);
}

static void put16(uint8_t *p, unsigned v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static unsigned get16(const uint8_t *p)
{
	return (unsigned)p[0] << 8 | p[1];
}

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)get16(p) << 16 | get16(p + 2);
}

/* Ethernet (with `tags` VLAN tags), IPv4 or IPv6, TCP with `opt` option
 * bytes, `pay` payload bytes; the fields the card rewrites set the way a
 * driver's stack leaves them for TSO. */
static void build(struct pkt *p, int v6, unsigned tags, unsigned opt, unsigned pay, uint8_t flags)
{
	uint8_t *f = p->f;
	memset(p, 0, sizeof(*p));
	p->v6 = v6;
	for (unsigned i = 0; i < 12; i++)
		f[i] = (uint8_t)(0x02 + i);
	unsigned l3 = 14;
	for (unsigned t = 0; t < tags; t++) {
		put16(f + l3 - 2, t == 0 && tags == 2 ? 0x88a8 : 0x8100);
		put16(f + l3, 0x0100u + t);
		l3 += 4;
	}
	put16(f + l3 - 2, v6 ? 0x86dd : 0x0800);
	unsigned l4;
	if (v6) {
		f[l3] = 0x60;
		f[l3 + 6] = 6;
		f[l3 + 7] = 64;
		for (unsigned i = 0; i < 32; i++)
			f[l3 + 8 + i] = (uint8_t)(0xa0 + i);
		l4 = l3 + 40;
	} else {
		f[l3] = 0x45;
		put16(f + l3 + 4, 0xfff0); /* identification: wraps during the packet */
		put16(f + l3 + 6, 0x4000); /* DF */
		f[l3 + 8] = 64;
		f[l3 + 9] = 6;
		for (unsigned i = 0; i < 8; i++)
			f[l3 + 12 + i] = (uint8_t)(10 + i);
		l4 = l3 + 20;
	}
	put16(f + l4, 40000);
	put16(f + l4 + 2, 5201);
	f[l4 + 4] = 0xff; /* sequence number near the wrap */
	f[l4 + 5] = 0xff;
	f[l4 + 6] = 0xf0;
	f[l4 + 7] = 0x00;
	f[l4 + 12] = (uint8_t)((20 + opt) / 4 << 4);
	f[l4 + 13] = flags;
	put16(f + l4 + 14, 502);
	for (unsigned i = 0; i < opt; i++)
		f[l4 + 20 + i] = 1; /* NOP */
	p->l3 = l3;
	p->l4 = l4;
	p->hlen = l4 + 20 + opt;
	for (unsigned i = 0; i < pay; i++)
		f[p->hlen + i] = (uint8_t)(i * 7u + i / 251u);
	p->len = p->hlen + pay;
}

/* Post packet p as one chain at `head`: the header, then the frame over
 * three descriptors cut at `cut1` and `cut2`. */
static void post_pkt(struct fake_split *tx, uint16_t head, const struct pkt *p, uint8_t gso_type, unsigned mss,
		     unsigned cut1, unsigned cut2)
{
	uint64_t hdr = MEM(0x3000 + 0x40u * head), frame = MEM(FRAME_AT);
	if (cut2 > p->len)
		cut2 = p->len;
	if (cut1 > cut2)
		cut1 = cut2;
	struct svnic_virtio_net_hdr h;
	memset(&h, 0, sizeof(h));
	h.flags = SVNIC_VIRTIO_NET_HDR_F_NEEDS_CSUM;
	h.gso_type = gso_type;
	h.hdr_len = (uint16_t)p->hlen;
	h.gso_size = (uint16_t)mss;
	h.csum_start = (uint16_t)p->l4;
	h.csum_offset = 16;
	memcpy(fake_host(&hal, hdr), &h, sizeof(h));
	memcpy(fake_host(&hal, frame), p->f, p->len);
	fake_split_desc(&hal, tx, head, hdr, 12, F_N, (uint16_t)(head + 1));
	fake_split_desc(&hal, tx, (uint16_t)(head + 1), frame, cut1, F_N, (uint16_t)(head + 2));
	fake_split_desc(&hal, tx, (uint16_t)(head + 2), frame + cut1, cut2 - cut1, F_N, (uint16_t)(head + 3));
	fake_split_desc(&hal, tx, (uint16_t)(head + 3), frame + cut2, p->len - cut2, 0, 0);
	fake_split_post(&hal, tx, head);
}

/* A plain 60-byte frame at `head` (two descriptors). */
static void post_plain(struct fake_split *tx, uint16_t head)
{
	uint64_t hdr = MEM(0x3000 + 0x40u * head), frame = MEM(0xf000);
	memset(fake_host(&hal, hdr), 0, 12);
	memset(fake_host(&hal, frame), 0x5a, 60);
	fake_split_desc(&hal, tx, head, hdr, 12, F_N, (uint16_t)(head + 1));
	fake_split_desc(&hal, tx, (uint16_t)(head + 1), frame, 60, 0, 0);
	fake_split_post(&hal, tx, head);
}

/*
 * Check the frames sent from index `first` on: the segments of p with
 * gso_size mss, each complete once the checksum request is applied as
 * svnic_csum_tx does (the complement of the sum of [start, len) into
 * start + offset). Returns the number of segments.
 */
static unsigned check_segments(const struct pkt *p, unsigned first, unsigned mss)
{
	unsigned pay = p->len - p->hlen, nseg = (pay + mss - 1) / mss;
	assert_true(hal.tx_sent >= first + nseg);
	for (unsigned k = 0; k < nseg; k++) {
		const struct fake_sent *s = &hal.sent[first + k];
		unsigned n = k + 1 < nseg ? mss : pay - k * mss;
		assert_int_equal(s->len, p->hlen + n);
		assert_true(s->len <= FAKE_SENT_BYTES);
		uint8_t g[FAKE_SENT_BYTES];
		memcpy(g, s->data, s->len);
		assert_true(s->csum == svnic_dma_send_csum(p->l4, 16));
		unsigned cs = ~inet_fold16(inet_sum_be(g + p->l4, s->len - p->l4)) & 0xffffu;
		put16(g + p->l4 + 16, cs);
		/* the Ethernet header as it was; the payload this segment's */
		assert_memory_equal(g, p->f, p->l3);
		assert_memory_equal(g + p->hlen, p->f + p->hlen + k * mss, n);
		if (p->v6) {
			assert_int_equal(get16(g + p->l3 + 4), p->hlen - p->l3 - 40 + n);
			assert_memory_equal(g + p->l3 + 6, p->f + p->l3 + 6, 34);
		} else {
			assert_int_equal(get16(g + p->l3 + 2), p->hlen - p->l3 + n);
			assert_int_equal(get16(g + p->l3 + 4), (0xfff0u + k) & 0xffffu);
			assert_int_equal(inet_fold16(inet_sum_be(g + p->l3, p->l4 - p->l3)), 0xffff);
			assert_memory_equal(g + p->l3 + 12, p->f + p->l3 + 12, 8);
		}
		assert_int_equal(get32(g + p->l4 + 4), get32(p->f + p->l4 + 4) + k * mss);
		uint8_t want = p->f[p->l4 + 13];
		if (k + 1 < nseg)
			want &= (uint8_t)~(TCP_FIN | TCP_PSH);
		if (k > 0)
			want &= (uint8_t)~TCP_CWR;
		assert_int_equal(g[p->l4 + 13], want);
		assert_memory_equal(g + p->l4 + 20, p->f + p->l4 + 20, p->hlen - p->l4 - 20);
		/* the TCP checksum verifies with the segment's pseudo header */
		uint64_t ps = p->v6 ? inet_sum_be(g + p->l3 + 8, 32) : inet_sum_be(g + p->l3 + 12, 8);
		ps += 6 + (s->len - p->l4);
		assert_int_equal(inet_fold16(ps + inet_sum_be(g + p->l4, s->len - p->l4)), 0xffff);
	}
	return nseg;
}

static void poll_until_used(const struct fake_split *tx, uint16_t want, unsigned max_polls)
{
	for (unsigned i = 0; i < max_polls && fake_split_used_idx(&hal, tx) != want; i++)
		fw_poll(&card);
	assert_int_equal(fake_split_used_idx(&hal, tx), want);
}

static void tso4_cuts_a_packet_into_segments(void **state)
{
	(void)state;
	static struct pkt p;
	uint32_t vif = fake_make_vif(&hal, &card, 1, FEAT_BASE | FEAT_TSO4);
	struct fake_split tx = fake_split_attach(&hal, &card, vif, 1, 0x2000, QSIZE);
	/* TCP options (timestamps' size), the headers cut across
	 * descriptors, FIN, PSH and CWR on the packet */
	build(&p, 0, 0, 12, 5000, TCP_ACK | TCP_PSH | TCP_FIN | TCP_CWR);
	post_pkt(&tx, 0, &p, SVNIC_VIRTIO_NET_HDR_GSO_TCPV4, 1448, 30, 1000);
	poll_until_used(&tx, 1, 4);
	assert_int_equal(check_segments(&p, 0, 1448), 4);
	assert_int_equal(hal.tx_sent, 4);
	assert_int_equal(card.vif[vif].tx_tso_packets, 1);
	assert_int_equal(card.vif[vif].tx_tso_segs, 4);
	assert_int_equal(card.vif[vif].tx_gso_bad, 0);
	assert_int_equal(card.vif[vif].state, SVNIC_VIF_RUNNING);
}

static void tso6_behind_vlan_tags(void **state)
{
	(void)state;
	static struct pkt p;
	uint32_t vif = fake_make_vif(&hal, &card, 1, FEAT_BASE | FEAT_TSO6);
	struct fake_split tx = fake_split_attach(&hal, &card, vif, 1, 0x2000, QSIZE);
	/* QinQ, no options, a payload of exactly three segments */
	build(&p, 1, 2, 0, 3 * 1400, TCP_ACK | TCP_PSH);
	post_pkt(&tx, 0, &p, SVNIC_VIRTIO_NET_HDR_GSO_TCPV6, 1400, 70, 71);
	/* one descriptor ends inside the TCP header, one is a single byte */
	poll_until_used(&tx, 1, 4);
	assert_int_equal(check_segments(&p, 0, 1400), 3);
	assert_int_equal(card.vif[vif].tx_tso_segs, 3);
	/* one payload byte: a single segment, the packet's flags kept */
	static struct pkt q;
	build(&q, 1, 1, 8, 1, TCP_ACK | TCP_FIN | TCP_CWR);
	post_pkt(&tx, 4, &q, SVNIC_VIRTIO_NET_HDR_GSO_TCPV6, 1400, 20, 40);
	poll_until_used(&tx, 2, 4);
	assert_int_equal(check_segments(&q, 3, 1400), 1);
	assert_int_equal(card.vif[vif].tx_tso_packets, 2);
}

/* Packets the card does not cut: dropped, counted, completed; the VIF
 * runs on and sends the next frame. */
static void packets_the_card_does_not_cut_are_dropped(void **state)
{
	(void)state;
	static struct pkt p;
	uint32_t vif = fake_make_vif(&hal, &card, 1, FEAT_BASE | FEAT_TSO4);
	struct fake_split tx = fake_split_attach(&hal, &card, vif, 1, 0x2000, QSIZE);
	struct {
		const char *what;
		int v6;
		uint8_t type;
		unsigned mss;
		int mangle;
	} bad[] = {
		{ "TCPV6 without HOST_TSO6", 1, SVNIC_VIRTIO_NET_HDR_GSO_TCPV6, 1000, 0 },
		{ "ECN", 0, SVNIC_VIRTIO_NET_HDR_GSO_TCPV4 | SVNIC_VIRTIO_NET_HDR_GSO_ECN, 1000, 0 },
		{ "UDP", 0, SVNIC_VIRTIO_NET_HDR_GSO_UDP, 1000, 0 },
		{ "gso_size 0", 0, SVNIC_VIRTIO_NET_HDR_GSO_TCPV4, 0, 0 },
		{ "segments over the frame limit", 0, SVNIC_VIRTIO_NET_HDR_GSO_TCPV4, 1500, 0 },
		{ "TCPV4 on an IPv6 packet", 1, SVNIC_VIRTIO_NET_HDR_GSO_TCPV4, 1000, 0 },
		{ "IPv4 fragment", 0, SVNIC_VIRTIO_NET_HDR_GSO_TCPV4, 1000, 1 },
		{ "not TCP", 0, SVNIC_VIRTIO_NET_HDR_GSO_TCPV4, 1000, 2 },
		{ "csum_start not the TCP header", 0, SVNIC_VIRTIO_NET_HDR_GSO_TCPV4, 1000, 3 },
		{ "no NEEDS_CSUM", 0, SVNIC_VIRTIO_NET_HDR_GSO_TCPV4, 1000, 4 },
		{ "TCP data offset below 5", 0, SVNIC_VIRTIO_NET_HDR_GSO_TCPV4, 1000, 5 },
		{ "no payload", 0, SVNIC_VIRTIO_NET_HDR_GSO_TCPV4, 1000, 6 },
	};
	unsigned n = sizeof(bad) / sizeof(bad[0]);
	for (unsigned i = 0; i < n; i++) {
		build(&p, bad[i].v6, 0, 0, bad[i].mangle == 6 ? 0 : 3000, TCP_ACK);
		if (bad[i].mangle == 1)
			put16(p.f + p.l3 + 6, 0x2000); /* MF */
		if (bad[i].mangle == 2)
			p.f[p.l3 + 9] = 17;
		if (bad[i].mangle == 5)
			p.f[p.l4 + 12] = 0x40;
		uint16_t head = (uint16_t)((i % 4) * 4);
		post_pkt(&tx, head, &p, bad[i].type, bad[i].mss, 30, 200);
		struct svnic_virtio_net_hdr h;
		uint64_t ha = MEM(0x3000 + 0x40u * head);
		memcpy(&h, fake_host(&hal, ha), sizeof(h));
		if (bad[i].mangle == 3)
			h.csum_start = (uint16_t)(p.l4 + 4);
		if (bad[i].mangle == 4)
			h.flags = 0;
		memcpy(fake_host(&hal, ha), &h, sizeof(h));
		unsigned sent = hal.tx_sent;
		poll_until_used(&tx, (uint16_t)(i + 1), 2);
		if (hal.tx_sent != sent || card.vif[vif].tx_gso_bad != i + 1)
			fail_msg("%s: %u frames sent, tx_gso_bad %lu", bad[i].what, hal.tx_sent - sent,
				 (unsigned long)card.vif[vif].tx_gso_bad);
		assert_int_equal(card.vif[vif].state, SVNIC_VIF_RUNNING);
	}
	post_plain(&tx, 0);
	poll_until_used(&tx, (uint16_t)(n + 1), 2);
	assert_int_equal(hal.tx_sent, 1);
	assert_int_equal(hal.sent[0].len, 60);
	assert_int_equal(card.vif[vif].tx_tso_packets, 0);
}

/* A packet larger than one pass may send: it goes over several passes,
 * its chain completes after its last segment, the next chain after it. */
static void a_packet_spans_passes_in_order(void **state)
{
	(void)state;
	static struct pkt p;
	uint32_t vif = fake_make_vif(&hal, &card, 1, FEAT_BASE | FEAT_TSO4);
	struct fake_split tx = fake_split_attach(&hal, &card, vif, 1, 0x2000, QSIZE);
	build(&p, 0, 1, 12, 30000, TCP_ACK | TCP_PSH);
	post_pkt(&tx, 0, &p, SVNIC_VIRTIO_NET_HDR_GSO_TCPV4, 1448, 100, 20000);
	post_plain(&tx, 4);
	fw_poll(&card);
	unsigned nseg = (30000 + 1447) / 1448;
	assert_true(hal.tx_sent > 0 && hal.tx_sent < nseg); /* the byte budget ended the pass */
	assert_int_equal(fake_split_used_idx(&hal, &tx), 0);
	poll_until_used(&tx, 2, 10);
	assert_int_equal(check_segments(&p, 0, 1448), nseg);
	assert_int_equal(hal.tx_sent, nseg + 1);
	assert_int_equal(hal.sent[nseg].len, 60);
}

/* QUEUE_DETACH of the TX queue mid-packet: the rest goes out first, and
 * the ring position returned has the packet's chain completed. */
static void detach_mid_packet_finishes_it(void **state)
{
	(void)state;
	static struct pkt p;
	uint32_t vif = fake_make_vif(&hal, &card, 1, FEAT_BASE | FEAT_TSO4);
	struct fake_split tx = fake_split_attach(&hal, &card, vif, 1, 0x2000, QSIZE);
	build(&p, 0, 0, 0, 30000, TCP_ACK);
	post_pkt(&tx, 0, &p, SVNIC_VIRTIO_NET_HDR_GSO_TCPV4, 1460, 54, 9000);
	fw_poll(&card);
	unsigned nseg = (30000 + 1459) / 1460;
	assert_true(hal.tx_sent < nseg);
	struct svnic_mbox_queue_req d = { { SVNIC_MBOX_OP_QUEUE_DETACH, sizeof(d), vif }, 1, 0 };
	struct svnic_mbox_queue_detach_rsp r;
	assert_int_equal(exec(&d, sizeof(d), &r, sizeof(r)), SVNIC_MBOX_ST_OK);
	assert_int_equal(r.avail_idx, 1);
	assert_int_equal(r.used_idx, 1);
	assert_int_equal(fake_split_used_idx(&hal, &tx), 1);
	assert_int_equal(check_segments(&p, 0, 1460), nseg);
	assert_int_equal(hal.tx_sent, nseg);
	assert_false(card.vif[vif].tso.active);
}

static void drive_status(uint32_t vif, uint32_t status)
{
	struct svnic_mbox_vif_status_req rq = { { SVNIC_MBOX_OP_VIF_SET_STATUS, sizeof(rq), vif }, status, 0 };
	struct svnic_mbox_vif_status_rsp rs;
	assert_int_equal(exec(&rq, sizeof(rq), &rs, sizeof(rs)), SVNIC_MBOX_ST_OK);
	assert_int_equal(rs.status, status);
}

/* A ring reset (QUEUE_DETACH_F_RESET at DRIVER_OK) finishes the packet as
 * a detach does; once the driver set FAILED the card sends nothing more,
 * and the rest of the packet is dropped and counted (tx_tso_aborted). */
static void ring_reset_finishes_failed_drops(void **state)
{
	(void)state;
	static struct pkt p;
	const uint32_t s_ok = SVNIC_VIRTIO_S_ACKNOWLEDGE | SVNIC_VIRTIO_S_DRIVER |
			      SVNIC_VIRTIO_S_FEATURES_OK | SVNIC_VIRTIO_S_DRIVER_OK;
	uint32_t vif = fake_make_vif(&hal, &card, 1,
				     FEAT_BASE | FEAT_TSO4 | SVNIC_VIRTIO_BIT(SVNIC_VIRTIO_F_RING_RESET));
	struct fake_split tx = fake_split_attach(&hal, &card, vif, 1, 0x2000, QSIZE);
	drive_status(vif, SVNIC_VIRTIO_S_ACKNOWLEDGE);
	drive_status(vif, SVNIC_VIRTIO_S_ACKNOWLEDGE | SVNIC_VIRTIO_S_DRIVER);
	drive_status(vif, s_ok & ~SVNIC_VIRTIO_S_DRIVER_OK);
	build(&p, 0, 0, 0, 30000, TCP_ACK);
	post_pkt(&tx, 0, &p, SVNIC_VIRTIO_NET_HDR_GSO_TCPV4, 1460, 54, 9000);
	fw_poll(&card);
	assert_int_equal(hal.tx_sent, 0); /* not before DRIVER_OK */
	drive_status(vif, s_ok);
	fw_poll(&card);
	unsigned nseg = (30000 + 1459) / 1460;
	assert_true(hal.tx_sent > 0 && hal.tx_sent < nseg);
	struct svnic_mbox_queue_req d = { { SVNIC_MBOX_OP_QUEUE_DETACH, sizeof(d), vif }, 1,
					  SVNIC_QUEUE_DETACH_F_RESET };
	struct svnic_mbox_queue_detach_rsp r;
	assert_int_equal(exec(&d, sizeof(d), &r, sizeof(r)), SVNIC_MBOX_ST_OK);
	assert_int_equal(r.used_idx, 1);
	assert_int_equal(check_segments(&p, 0, 1460), nseg);
	assert_int_equal(card.vif[vif].queue_resets, 1);
	assert_int_equal(card.vif[vif].tx_tso_aborted, 0);
	/* the same packet again on the ring as it comes back, then FAILED */
	tx = fake_split_attach(&hal, &card, vif, 1, 0x2000, QSIZE);
	unsigned sent = hal.tx_sent;
	post_pkt(&tx, 0, &p, SVNIC_VIRTIO_NET_HDR_GSO_TCPV4, 1460, 54, 9000);
	fw_poll(&card);
	unsigned partial = hal.tx_sent - sent;
	assert_true(partial > 0 && partial < nseg);
	drive_status(vif, s_ok | SVNIC_VIRTIO_S_FAILED);
	fw_poll(&card);
	assert_int_equal(hal.tx_sent - sent, partial);
	/* not serving: no ring reset, only a stop */
	assert_int_equal(exec(&d, sizeof(d), &r, sizeof(r)), SVNIC_MBOX_ST_BAD_STATE);
	d.flags = 0;
	assert_int_equal(exec(&d, sizeof(d), &r, sizeof(r)), SVNIC_MBOX_ST_OK);
	assert_int_equal(hal.tx_sent - sent, partial);
	assert_int_equal(fake_split_used_idx(&hal, &tx), 0); /* never completed */
	assert_int_equal(r.avail_idx, 1);
	assert_int_equal(r.used_idx, 0);
	assert_false(card.vif[vif].tso.active);
	assert_int_equal(card.vif[vif].tx_tso_aborted, 1);
	assert_int_equal(card.vif[vif].queue_resets, 1); /* not served: no ring reset */
}

static void tso_needs_csum(void **state)
{
	(void)state;
	uint32_t vif = fake_make_vif(&hal, &card, 1, FEAT_BASE);
	struct svnic_mbox_vif_features_req f = { { SVNIC_MBOX_OP_VIF_SET_FEATURES, sizeof(f), vif },
						 SVNIC_VIRTIO_BIT(SVNIC_VIRTIO_F_VERSION_1) | FEAT_TSO4 };
	assert_int_equal(exec(&f, sizeof(f), NULL, 0), SVNIC_MBOX_ST_BAD_ARG);
	f.features = SVNIC_VIRTIO_BIT(SVNIC_VIRTIO_F_VERSION_1) | FEAT_TSO6;
	assert_int_equal(exec(&f, sizeof(f), NULL, 0), SVNIC_MBOX_ST_BAD_ARG);
	f.features = FEAT_BASE | FEAT_TSO4 | FEAT_TSO6;
	assert_int_equal(exec(&f, sizeof(f), NULL, 0), SVNIC_MBOX_ST_OK);
	/* and the counters reach the host */
	card.vif[vif].tx_tso_packets = 3;
	card.vif[vif].tx_tso_segs = 40;
	card.vif[vif].tx_gso_bad = 2;
	struct svnic_mbox_hdr q = { SVNIC_MBOX_OP_VIF_QUERY_TX, sizeof(q), vif };
	struct svnic_mbox_vif_query_tx_rsp r;
	assert_int_equal(exec(&q, sizeof(q), &r, sizeof(r)), SVNIC_MBOX_ST_OK);
	assert_int_equal(r.h.len, sizeof(r));
	assert_true(r.tx_tso_packets == 3 && r.tx_tso_segs == 40 && r.tx_gso_bad == 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(tso4_cuts_a_packet_into_segments, setup),
		cmocka_unit_test_setup(tso6_behind_vlan_tags, setup),
		cmocka_unit_test_setup(packets_the_card_does_not_cut_are_dropped, setup),
		cmocka_unit_test_setup(a_packet_spans_passes_in_order, setup),
		cmocka_unit_test_setup(detach_mid_packet_finishes_it, setup),
		cmocka_unit_test_setup(ring_reset_finishes_failed_drops, setup),
		cmocka_unit_test_setup(tso_needs_csum, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
