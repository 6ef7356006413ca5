/* SPDX-License-Identifier: MIT */
/*
 * Multiqueue VIFs (VIRTIO_NET_F_MQ, VIRTIO_NET_F_RSS): the queue layout
 * (RX of pair p at 2p, TX at 2p + 1, the control queue after the last
 * pair), receive steering (the driver's indirection table over the card's
 * hash; the hash modulo the pairs in use without RSS; pairs from the
 * attached RX rings when the control queue is not on the card), TX served
 * from every pair in turn within the pass budget, and the mailbox's pair
 * count (VIF_CREATE, VIF_QUERY_QUEUES), and the reset of one ring
 * (VIRTIO_F_RING_RESET: QUEUE_DETACH at DRIVER_OK, then QUEUE_ATTACH with a
 * new size and place) while the others run. Frames keep their order per
 * queue and every counter adds up to the frames sent.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "fake_hal.h"
#include "fw/ctrlq.h"
#include "fw/fw.h"
#include "svnic/dmacmd.h"
#include "svnic/mbox.h"
#include "svnic/regs.h"
#include "svnic/virtio.h"

static struct fw_hal hal;
static struct fw_card card;

#define QPV 33u
#define BIT(b) SVNIC_VIRTIO_BIT(b)
#define BASE_FEATURES (BIT(SVNIC_VIRTIO_F_VERSION_1) | BIT(SVNIC_VIRTIO_NET_F_CTRL_VQ))
#define MQ BIT(SVNIC_VIRTIO_NET_F_MQ)
#define RSS BIT(SVNIC_VIRTIO_NET_F_RSS)
#define HDR SVNIC_VIRTIO_NET_HDR_LEN
#define MEM(off) (FAKE_MEM_BASE + (off))
#define RING_SIZE 32u
#define RING_AREA 0x800u  /* each ring's desc, avail and used, from ring * RING_AREA */
#define BUF_AREA 0x9000u  /* chain buffers, BUF_BYTES each */
#define BUF_BYTES 96u
#define FRAME_LEN 64u
#define NFRAMES 200u

/* The driver's side of one split ring. */
struct ring {
	unsigned queue;
	uint16_t size;
	uint64_t desc, avail, used;
	uint16_t avail_idx, used_seen;
	unsigned posted;
};

static struct ring rings[FW_MAX_QUEUES];
static uint32_t vif;

static unsigned exec(const void *req, unsigned len)
{
	return fake_mbox_exec(&hal, &card, req, len, NULL, 0);
}

static void card_reset(unsigned qpv)
{
	fake_hal_reset(&hal, 4, qpv);
	assert_int_equal(fw_init(&card, &hal), 0);
}

/* Create a VIF with `pairs` queue pairs (0: a request of the old length),
 * map the fake memory and set the features. */
static unsigned create_vif(unsigned pairs, uint64_t features, uint32_t *out)
{
	struct svnic_mbox_vif_create_req rq;
	struct svnic_mbox_vif_create_rsp rs;
	memset(&rq, 0, sizeof(rq));
	rq.h = (struct svnic_mbox_hdr){ SVNIC_MBOX_OP_VIF_CREATE, sizeof(rq), 0 };
	static const uint8_t mac[6] = { 0x02, 0, 0, 0, 0, 7 };
	memcpy(rq.mac, mac, 6);
	rq.queue_pairs = (uint16_t)pairs;
	unsigned len = pairs ? sizeof(rq) : SVNIC_MBOX_VIF_CREATE_V1_LEN;
	rq.h.len = (uint16_t)len;
	unsigned st = fake_mbox_exec(&hal, &card, &rq, len, &rs, sizeof(rs));
	if (st != SVNIC_MBOX_ST_OK)
		return st;
	*out = rs.vif;
	struct svnic_mbox_dma_req m = { { SVNIC_MBOX_OP_DMA_MAP, sizeof(m), rs.vif }, FAKE_MEM_BASE,
					FAKE_MEM_SIZE };
	struct svnic_mbox_vif_features_req f = { { SVNIC_MBOX_OP_VIF_SET_FEATURES, sizeof(f), rs.vif },
						 features };
	assert_int_equal(exec(&m, sizeof(m)), SVNIC_MBOX_ST_OK);
	assert_int_equal(exec(&f, sizeof(f)), SVNIC_MBOX_ST_OK);
	return SVNIC_MBOX_ST_OK;
}

static unsigned attach_sized(unsigned queue, unsigned slot, uint16_t size)
{
	struct ring *r = &rings[queue];
	memset(r, 0, sizeof(*r));
	r->queue = queue;
	r->size = size;
	r->desc = MEM(slot * RING_AREA);
	r->avail = r->desc + 16u * RING_SIZE;
	r->used = r->avail + 0x100u;
	memset(fake_host(&hal, r->desc), 0, RING_AREA);
	struct svnic_mbox_queue_attach_req a;
	memset(&a, 0, sizeof(a));
	a.h = (struct svnic_mbox_hdr){ SVNIC_MBOX_OP_QUEUE_ATTACH, sizeof(a), vif };
	a.queue = queue;
	a.size = size;
	a.desc = r->desc;
	a.avail = r->avail;
	a.used = r->used;
	a.vector = vif * hal.reg[SVNIC_FW_QUEUES_PER_VIF / 4] + queue;
	return exec(&a, sizeof(a));
}

static unsigned attach(unsigned queue, unsigned slot)
{
	return attach_sized(queue, slot, RING_SIZE);
}

/* Post one chain of one buffer; RX buffers are writable, TX ones carry
 * a header and a frame whose bytes 14..17 are (queue, seq). */
static void post(struct ring *r, bool rx, unsigned seq)
{
	uint16_t slot = (uint16_t)(r->posted % r->size);
	uint64_t buf = MEM(BUF_AREA + (r->queue * RING_SIZE + slot) * BUF_BYTES);
	assert_true(BUF_AREA + (r->queue * RING_SIZE + slot + 1u) * BUF_BYTES <= FAKE_MEM_SIZE);
	uint8_t *p = fake_host(&hal, buf);
	memset(p, rx ? 0xee : 0, BUF_BYTES);
	uint32_t len = BUF_BYTES;
	if (!rx) {
		for (unsigned i = 0; i < FRAME_LEN; i++)
			p[HDR + i] = (uint8_t)(i + 1u);
		p[HDR + 14] = (uint8_t)r->queue;
		p[HDR + 15] = (uint8_t)seq;
		p[HDR + 16] = (uint8_t)(seq >> 8);
		len = HDR + FRAME_LEN;
	}
	struct svnic_vring_desc d = { buf, len, rx ? SVNIC_VRING_DESC_F_WRITE : 0, 0 };
	memcpy(fake_host(&hal, r->desc + 16u * slot), &d, 16);
	memcpy(fake_host(&hal, r->avail + SVNIC_VRING_AVAIL_RING_OFF(r->avail_idx % r->size)), &slot,
	       2);
	r->avail_idx++;
	memcpy(fake_host(&hal, r->avail + SVNIC_VRING_AVAIL_IDX_OFF), &r->avail_idx, 2);
	r->posted++;
	fake_doorbell(&hal, vif, r->queue);
}

/* The next used entry's chain buffer, or NULL. */
static const uint8_t *reap(struct ring *r, uint32_t *len)
{
	uint16_t idx;
	memcpy(&idx, fake_host(&hal, r->used + SVNIC_VRING_USED_IDX_OFF), 2);
	if (idx == r->used_seen)
		return NULL;
	struct svnic_vring_used_elem e;
	memcpy(&e, fake_host(&hal, r->used + SVNIC_VRING_USED_RING_OFF(r->used_seen % r->size)),
	       sizeof(e));
	r->used_seen++;
	*len = e.len;
	return fake_host(&hal, MEM(BUF_AREA + (r->queue * RING_SIZE + e.id) * BUF_BYTES));
}

/* ------------------------------------------------------------------ RX */

/* The frames waiting in the card: hash, type and a sequence number each. */
struct rx_frame {
	uint32_t hash;
	unsigned type;
};
static struct rx_frame frames[NFRAMES];
static unsigned nframes, head;

static void load_head(void)
{
	const struct rx_frame *f = &frames[head];
	for (unsigned i = 0; i < FRAME_LEN; i++)
		hal.rx_frame[i] = (uint8_t)(i * 7u + 3u);
	hal.rx_frame[14] = (uint8_t)head;
	hal.rx_frame[15] = (uint8_t)(head >> 8);
	hal.reg[SVNIC_FW_VIF_REG(vif, SVNIC_FW_VIF_RX_HEAD_HASH) / 4] = f->hash;
	hal.reg[SVNIC_FW_VIF_REG(vif, SVNIC_FW_VIF_RX_HEAD_META) / 4] =
		f->type << SVNIC_RX_META_HASH_TYPE_SHIFT;
}

/* After each pop the next frame is at the head, as in the datapath. */
static void after_dma(struct fw_hal *h, const struct fake_dma_op *op)
{
	(void)h;
	if (op->op == SVNIC_DMA_OP_RXBUF_POP && op->st == SVNIC_DMA_ST_OK && ++head < nframes)
		load_head();
}

static void frames_arrive(unsigned n, uint32_t seed)
{
	static const unsigned types[] = { SVNIC_RX_HASH_TCP_IPV4, SVNIC_RX_HASH_UDP_IPV4,
					  SVNIC_RX_HASH_IPV4,     SVNIC_RX_HASH_NONE,
					  SVNIC_RX_HASH_TCP_IPV6, SVNIC_RX_HASH_TCP_IPV4 };
	uint32_t x = seed;
	for (unsigned i = 0; i < n; i++) {
		x = x * 1103515245u + 12345u;
		frames[i].hash = x ^ (x >> 13);
		frames[i].type = types[(x >> 24) % (sizeof(types) / sizeof(types[0]))];
	}
	nframes = n;
	head = 0;
	load_head();
	hal.rx_frames = n;
	hal.after_dma = after_dma;
	hal.reg[SVNIC_FW_VIF_REG(vif, SVNIC_FW_VIF_RX_HEAD_LEN) / 4] = FRAME_LEN;
	hal.reg[SVNIC_FW_RX_READY / 4] |= 1u << vif;
}

/* Run the firmware until the card's buffer is empty, keeping the RX rings
 * of the pairs in `mask` stocked; every frame found must be in the ring of
 * the pair `want` names, in order, intact. got[p]: frames pair p took. */
static unsigned drain_rx(uint32_t mask, unsigned (*want)(const struct rx_frame *), unsigned *got)
{
	unsigned last[FW_MAX_PAIRS];
	unsigned total = 0;
	for (unsigned p = 0; p < FW_MAX_PAIRS; p++) {
		last[p] = ~0u;
		got[p] = 0;
		struct ring *r = &rings[SVNIC_VIRTIO_NET_RXQ(p)];
		/* the ring full of buffers: what it does not hold already */
		while ((mask >> p & 1u) && (uint16_t)(r->posted - r->used_seen) < r->size)
			post(r, true, 0);
	}
	for (unsigned pass = 0; pass < 10u * NFRAMES && hal.rx_frames > 0; pass++) {
		fw_poll(&card);
		assert_int_equal(card.vif[vif].state, SVNIC_VIF_RUNNING);
		for (unsigned p = 0; p < FW_MAX_PAIRS; p++) {
			struct ring *r = &rings[SVNIC_VIRTIO_NET_RXQ(p)];
			if (!(mask >> p & 1u))
				continue;
			uint32_t len;
			const uint8_t *b;
			while ((b = reap(r, &len)) != NULL) {
				assert_int_equal(len, HDR + FRAME_LEN);
				unsigned seq = b[HDR + 14] | (unsigned)b[HDR + 15] << 8;
				assert_true(seq < nframes);
				assert_int_equal(want(&frames[seq]), p);
				/* in the order the card had them */
				assert_true(last[p] == ~0u || seq > last[p]);
				last[p] = seq;
				for (unsigned i = 0; i < FRAME_LEN; i++)
					if (i != 14 && i != 15)
						assert_int_equal(b[HDR + i], (uint8_t)(i * 7u + 3u));
				got[p]++;
				total++;
				post(r, true, 0); /* the driver refills */
			}
		}
	}
	assert_int_equal(hal.rx_frames, 0);
	return total;
}

/* drain_rx over the first `pairs` pairs: every frame delivered, and the
 * counters must agree. */
static void deliver_and_check(unsigned pairs, unsigned (*want)(const struct rx_frame *))
{
	unsigned got[FW_MAX_PAIRS];
	unsigned total = drain_rx((1u << pairs) - 1u, want, got);
	assert_int_equal(total, nframes);
	assert_int_equal(hal.rx_frames, 0);
	assert_int_equal(card.vif[vif].rx_delivered, nframes);
	assert_int_equal(card.vif[vif].rx_drop_small, 0);
	/* VIF_QUERY_QUEUES reports the same per pair */
	struct svnic_mbox_vif_query_queues_req q = { { SVNIC_MBOX_OP_VIF_QUERY_QUEUES, sizeof(q), vif },
						     0, 0 };
	struct svnic_mbox_vif_query_queues_rsp rs;
	unsigned sum = 0;
	for (unsigned first = 0; first < card.vif[vif].max_pairs; first += SVNIC_QUERY_QUEUES_PAIRS) {
		q.first_pair = first;
		assert_int_equal(fake_mbox_exec(&hal, &card, &q, sizeof(q), &rs, sizeof(rs)),
				 SVNIC_MBOX_ST_OK);
		assert_int_equal(rs.first_pair, first);
		for (unsigned i = 0; i < SVNIC_QUERY_QUEUES_PAIRS; i++) {
			unsigned p = first + i;
			assert_int_equal(rs.pair[i].rx_frames, p < pairs ? got[p] : 0);
			sum += (unsigned)rs.pair[i].rx_frames;
		}
	}
	assert_int_equal(sum, nframes);
	/* every pair took a share */
	for (unsigned p = 0; p < pairs; p++)
		assert_true(got[p] > 0);
}

/* A control command as the driver's control queue would bring it. */
static void ctrl(const uint8_t *cmd, unsigned len)
{
	struct fw_vif *v = &card.vif[vif];
	struct fw_ctrl_result r = fw_ctrl_handle(&v->ctrl, v->features, cmd, len);
	assert_int_equal(r.ack, FW_VIRTIO_NET_OK);
}

static const uint16_t table[8] = { 3, 1, 0, 2, 1, 3, 2, 0 };
#define RSS_TYPES 0x7u /* IPv4, TCPv4, UDPv4: not IPv6 */
#define UNCLASSIFIED 2u

static unsigned want_rss(const struct rx_frame *f)
{
	bool on = f->type != SVNIC_RX_HASH_NONE && (RSS_TYPES & (1u << (f->type - 1u)));
	return on ? table[f->hash & 7u] : UNCLASSIFIED;
}

static void set_rss(unsigned pairs)
{
	uint8_t c[2 + 8 + 2 * 8 + 3 + 40];
	unsigned n = 0;
	c[n++] = FW_VIRTIO_NET_CTRL_MQ;
	c[n++] = FW_VIRTIO_NET_CTRL_MQ_RSS_CONFIG;
	uint32_t types = RSS_TYPES;
	memcpy(c + n, &types, 4);
	n += 4;
	uint16_t mask = 7, uncl = UNCLASSIFIED, maxtx = (uint16_t)pairs;
	memcpy(c + n, &mask, 2);
	n += 2;
	memcpy(c + n, &uncl, 2);
	n += 2;
	memcpy(c + n, table, sizeof(table));
	n += sizeof(table);
	memcpy(c + n, &maxtx, 2);
	n += 2;
	c[n++] = 40;
	for (unsigned i = 0; i < 40; i++)
		c[n++] = (uint8_t)(0x6d + i);
	ctrl(c, n);
}

static void rss_spreads_by_table(void **state)
{
	(void)state;
	card_reset(QPV);
	assert_int_equal(create_vif(4, BASE_FEATURES | MQ | RSS, &vif), SVNIC_MBOX_ST_OK);
	for (unsigned p = 0; p < 4; p++)
		assert_int_equal(attach(SVNIC_VIRTIO_NET_RXQ(p), p), SVNIC_MBOX_ST_OK);
	/* the control queue follows the 4 pairs; nothing after it */
	assert_int_equal(attach(9, 10), SVNIC_MBOX_ST_BAD_ARG);
	assert_int_equal(attach(8, 10), SVNIC_MBOX_ST_OK);
	set_rss(4);
	assert_int_equal(fw_vif_active_pairs(&card.vif[vif]), 4);
	frames_arrive(NFRAMES, 1);
	deliver_and_check(4, want_rss);
}

static unsigned want_mod3(const struct rx_frame *f)
{
	return f->type == SVNIC_RX_HASH_NONE ? 0u : f->hash % 3u;
}

static void mq_steers_by_hash_modulo_pairs(void **state)
{
	(void)state;
	card_reset(QPV);
	assert_int_equal(create_vif(5, BASE_FEATURES | MQ, &vif), SVNIC_MBOX_ST_OK);
	for (unsigned p = 0; p < 3; p++)
		assert_int_equal(attach(SVNIC_VIRTIO_NET_RXQ(p), p), SVNIC_MBOX_ST_OK);
	assert_int_equal(attach(10, 10), SVNIC_MBOX_ST_OK);
	/* RSS_CONFIG needs RSS, which this driver did not take */
	const uint8_t pairs3[] = { FW_VIRTIO_NET_CTRL_MQ, FW_VIRTIO_NET_CTRL_MQ_VQ_PAIRS_SET, 3, 0 };
	ctrl(pairs3, sizeof(pairs3));
	frames_arrive(NFRAMES, 7);
	deliver_and_check(3, want_mod3);
}

static unsigned want_mod2(const struct rx_frame *f)
{
	return f->type == SVNIC_RX_HASH_NONE ? 0u : f->hash % 2u;
}

/* A front-end that keeps the control queue (QEMU, DPDK's virtio-user)
 * enables rings: the pairs in use are the RX rings attached. */
static void pairs_from_attached_rings(void **state)
{
	(void)state;
	card_reset(QPV);
	assert_int_equal(create_vif(4, BIT(SVNIC_VIRTIO_F_VERSION_1) | MQ, /* control queue kept by the front-end */
				    &vif),
			 SVNIC_MBOX_ST_OK);
	assert_int_equal(attach(0, 0), SVNIC_MBOX_ST_OK);
	assert_int_equal(fw_vif_active_pairs(&card.vif[vif]), 1);
	assert_int_equal(attach(2, 1), SVNIC_MBOX_ST_OK);
	assert_int_equal(fw_vif_active_pairs(&card.vif[vif]), 2);
	frames_arrive(NFRAMES, 11);
	deliver_and_check(2, want_mod2);
}

/* Without MQ negotiated a VIF with pairs is a one-pair device: control
 * queue at 2, no queue of pair 1. */
static void without_mq_one_pair(void **state)
{
	(void)state;
	card_reset(QPV);
	assert_int_equal(create_vif(4, BASE_FEATURES, &vif), SVNIC_MBOX_ST_OK);
	assert_int_equal(attach(0, 0), SVNIC_MBOX_ST_OK);
	assert_int_equal(attach(3, 1), SVNIC_MBOX_ST_BAD_ARG);
	assert_int_equal(attach(8, 2), SVNIC_MBOX_ST_BAD_ARG);
	assert_int_equal(attach(2, 2), SVNIC_MBOX_ST_OK);
	assert_int_equal(fw_vif_active_pairs(&card.vif[vif]), 1);
	assert_int_equal(fw_rx_steer(&card.vif[vif], SVNIC_RX_HASH_TCP_IPV4, 12345u), 0);
}

/* ------------------------------------------------------------------ TX */

static void tx_serves_every_pair(void **state)
{
	(void)state;
	card_reset(QPV);
	const unsigned pairs = 3, per = 24;
	assert_int_equal(create_vif(pairs, BIT(SVNIC_VIRTIO_F_VERSION_1) | MQ | BIT(SVNIC_VIRTIO_NET_F_CTRL_VQ),
				    &vif),
			 SVNIC_MBOX_ST_OK);
	for (unsigned p = 0; p < pairs; p++) {
		assert_int_equal(attach(SVNIC_VIRTIO_NET_TXQ(p), p), SVNIC_MBOX_ST_OK);
		for (unsigned i = 0; i < per; i++)
			post(&rings[SVNIC_VIRTIO_NET_TXQ(p)], false, i);
	}
	/* one pass: the VIF's budget, shared by its rings */
	fw_poll(&card);
	assert_int_equal(hal.tx_sent, FW_TX_BUDGET);
	unsigned first[FW_MAX_PAIRS] = { 0 };
	for (unsigned i = 0; i < hal.tx_sent; i++)
		first[hal.sent[i].data[14] / 2u]++;
	for (unsigned p = 0; p < pairs; p++)
		assert_true(first[p] >= FW_TX_BUDGET / pairs && first[p] <= FW_TX_BUDGET / pairs + 1u);
	for (unsigned pass = 0; pass < 64 && hal.tx_sent < pairs * per; pass++)
		fw_poll(&card);
	assert_int_equal(hal.tx_sent, pairs * per);
	/* per ring in order, every frame once and intact */
	unsigned next[FW_MAX_PAIRS] = { 0 };
	for (unsigned i = 0; i < hal.tx_sent; i++) {
		const struct fake_sent *s = &hal.sent[i];
		unsigned q = s->data[14], seq = s->data[15] | (unsigned)s->data[16] << 8;
		assert_int_equal(s->len, FRAME_LEN);
		assert_true(q % 2u == 1u && q / 2u < pairs);
		assert_int_equal(seq, next[q / 2u]);
		next[q / 2u]++;
		for (unsigned b = 0; b < 14; b++)
			assert_int_equal(s->data[b], (uint8_t)(b + 1u));
	}
	/* each ring completed all its chains; counters agree */
	for (unsigned p = 0; p < pairs; p++) {
		struct ring *r = &rings[SVNIC_VIRTIO_NET_TXQ(p)];
		uint32_t len;
		unsigned n = 0;
		while (reap(r, &len))
			n++;
		assert_int_equal(n, per);
		assert_int_equal(card.vif[vif].pair_tx[p], per);
	}
	assert_int_equal(card.vif[vif].tx_bad_frames, 0);
}

/* ------------------------------------------------------------------ ring reset */

#define RR_FEATURES (BASE_FEATURES | MQ | BIT(SVNIC_VIRTIO_F_RING_RESET))
#define S_FOK (SVNIC_VIRTIO_S_ACKNOWLEDGE | SVNIC_VIRTIO_S_DRIVER | SVNIC_VIRTIO_S_FEATURES_OK)
#define S_DOK (S_FOK | SVNIC_VIRTIO_S_DRIVER_OK)

static void set_status(uint32_t status, uint32_t expect)
{
	struct svnic_mbox_vif_status_req rq = { { SVNIC_MBOX_OP_VIF_SET_STATUS, sizeof(rq), vif }, status, 0 };
	struct svnic_mbox_vif_status_rsp rs;
	assert_int_equal(fake_mbox_exec(&hal, &card, &rq, sizeof(rq), &rs, sizeof(rs)), SVNIC_MBOX_ST_OK);
	assert_int_equal(rs.status, expect);
}

/* The driver of the VIF (features set) up to FEATURES_OK. */
static void rr_vif_status(void)
{
	set_status(SVNIC_VIRTIO_S_ACKNOWLEDGE, SVNIC_VIRTIO_S_ACKNOWLEDGE);
	set_status(SVNIC_VIRTIO_S_ACKNOWLEDGE | SVNIC_VIRTIO_S_DRIVER,
		   SVNIC_VIRTIO_S_ACKNOWLEDGE | SVNIC_VIRTIO_S_DRIVER);
	set_status(S_FOK, S_FOK);
}

/* A status-driven VIF of `pairs` pairs, negotiated up to FEATURES_OK. */
static void rr_vif(unsigned pairs)
{
	card_reset(QPV);
	assert_int_equal(create_vif(pairs, RR_FEATURES, &vif), SVNIC_MBOX_ST_OK);
	rr_vif_status();
}

static struct svnic_mbox_queue_detach_rsp detach(unsigned queue, uint32_t flags)
{
	struct svnic_mbox_queue_req rq = { { SVNIC_MBOX_OP_QUEUE_DETACH, sizeof(rq), vif }, queue, flags };
	struct svnic_mbox_queue_detach_rsp rs;
	assert_int_equal(fake_mbox_exec(&hal, &card, &rq, sizeof(rq), &rs, sizeof(rs)), SVNIC_MBOX_ST_OK);
	return rs;
}

static struct svnic_mbox_vif_query_queues_rsp query_queues(void)
{
	struct svnic_mbox_hdr q = { SVNIC_MBOX_OP_VIF_QUERY_QUEUES, sizeof(q), vif };
	struct svnic_mbox_vif_query_queues_rsp rs;
	assert_int_equal(fake_mbox_exec(&hal, &card, &q, sizeof(q), &rs, sizeof(rs)), SVNIC_MBOX_ST_OK);
	return rs;
}

/* Frames of TX queue q in hal.sent, and whether their sequence numbers
 * are, in order, 0 .. n0-1 then base .. (each once, intact). */
static unsigned tx_seen(unsigned q, unsigned n0, unsigned base)
{
	unsigned n = 0;
	for (unsigned i = 0; i < hal.tx_sent; i++) {
		const struct fake_sent *s = &hal.sent[i];
		if (s->data[14] != q)
			continue;
		unsigned seq = s->data[15] | (unsigned)s->data[16] << 8;
		assert_int_equal(s->len, FRAME_LEN);
		assert_int_equal(seq, n < n0 ? n : base + (n - n0));
		for (unsigned b = 0; b < 14; b++)
			assert_int_equal(s->data[b], (uint8_t)(b + 1u));
		n++;
	}
	return n;
}

/* TX: pair 1's ring is reset mid-traffic; pair 0's frames flow on, in
 * order, none lost or doubled; pair 1 comes back with a new size and place
 * and sends from index 0. Counters reconcile exactly. */
static void tx_ring_reset_keeps_other_pairs(void **state)
{
	(void)state;
	const unsigned per = 24, more0 = 10, after1 = 20;
	rr_vif(2);
	assert_int_equal(attach(1, 0), SVNIC_MBOX_ST_OK);
	assert_int_equal(attach(3, 1), SVNIC_MBOX_ST_OK);
	set_status(S_DOK, S_DOK);
	for (unsigned i = 0; i < per; i++) {
		post(&rings[1], false, i);
		post(&rings[3], false, i);
	}
	fw_poll(&card); /* one pass: some of each */
	unsigned before = tx_seen(3, ~0u, 0);
	assert_true(before > 0 && before < per);
	assert_true(tx_seen(1, ~0u, 0) > 0);
	/* the reset: the device hands back where it was, and forgets it */
	struct svnic_mbox_queue_detach_rsp d = detach(3, SVNIC_QUEUE_DETACH_F_RESET);
	assert_int_equal(d.avail_idx, before);
	assert_int_equal(d.used_idx, before);
	struct svnic_mbox_vif_query_queues_rsp q = query_queues();
	assert_int_equal(q.status, S_DOK);
	assert_int_equal(q.queue_resets, 1);
	assert_int_equal(q.attached, 1ull << 1);
	/* pair 0 goes on while pair 1 is away */
	for (unsigned i = 0; i < more0; i++)
		post(&rings[1], false, per + i);
	for (unsigned pass = 0; pass < 64 && tx_seen(1, ~0u, 0) < per + more0; pass++)
		fw_poll(&card);
	assert_int_equal(tx_seen(1, ~0u, 0), per + more0);
	assert_int_equal(tx_seen(3, ~0u, 0), before);
	uint16_t used1;
	memcpy(&used1, fake_host(&hal, rings[3].used + SVNIC_VRING_USED_IDX_OFF), 2);
	assert_int_equal(used1, before);
	/* back with 16 entries somewhere else, from the default state */
	assert_int_equal(attach_sized(3, 2, 16), SVNIC_MBOX_ST_OK);
	assert_int_equal(card.vif[vif].resetting, 0);
	for (unsigned i = 0; i < after1; i++) {
		post(&rings[3], false, 100 + i);
		uint32_t len;
		if (i >= 12) /* the ring is smaller now: let the card catch up */
			for (unsigned pass = 0; pass < 8; pass++) {
				fw_poll(&card);
				while (reap(&rings[3], &len))
					;
			}
	}
	for (unsigned pass = 0; pass < 64 && tx_seen(3, before, 100) < before + after1; pass++)
		fw_poll(&card);
	assert_int_equal(tx_seen(3, before, 100), before + after1);
	assert_int_equal(tx_seen(1, ~0u, 0), per + more0);
	assert_int_equal(hal.tx_sent, per + more0 + before + after1);
	assert_int_equal(card.vif[vif].pair_tx[0], per + more0);
	assert_int_equal(card.vif[vif].pair_tx[1], before + after1);
	assert_int_equal(card.vif[vif].tx_bad_frames, 0);
	assert_int_equal(card.vif[vif].errors, 0);
	memcpy(&used1, fake_host(&hal, rings[3].used + SVNIC_VRING_USED_IDX_OFF), 2);
	assert_int_equal(used1, after1);
}

/* RX: while pair 1's ring is being reset, frames steered to it are dropped
 * and counted, and pair 0 receives all of its own, in order; back, pair 1
 * receives again. */
static void rx_ring_reset_drops_only_its_frames(void **state)
{
	(void)state;
	unsigned got[FW_MAX_PAIRS];
	rr_vif(2);
	assert_int_equal(attach(0, 0), SVNIC_MBOX_ST_OK);
	assert_int_equal(attach(2, 1), SVNIC_MBOX_ST_OK);
	assert_int_equal(attach(4, 2), SVNIC_MBOX_ST_OK); /* the control queue */
	set_status(S_DOK, S_DOK);
	const uint8_t pairs2[] = { FW_VIRTIO_NET_CTRL_MQ, FW_VIRTIO_NET_CTRL_MQ_VQ_PAIRS_SET, 2, 0 };
	ctrl(pairs2, sizeof(pairs2));
	detach(2, SVNIC_QUEUE_DETACH_F_RESET);
	frames_arrive(NFRAMES, 11);
	unsigned want1 = 0;
	for (unsigned i = 0; i < NFRAMES; i++)
		want1 += want_mod2(&frames[i]);
	assert_true(want1 > 0 && want1 < NFRAMES);
	unsigned total = drain_rx(1u, want_mod2, got);
	assert_int_equal(total, NFRAMES - want1);
	assert_int_equal(got[0], NFRAMES - want1);
	assert_int_equal(card.vif[vif].rx_drop_reset, want1);
	assert_int_equal(card.vif[vif].rx_delivered, NFRAMES - want1);
	struct svnic_mbox_hdr qr = { SVNIC_MBOX_OP_VIF_QUERY_RX, sizeof(qr), vif };
	struct svnic_mbox_vif_query_rx_rsp rx;
	assert_int_equal(fake_mbox_exec(&hal, &card, &qr, sizeof(qr), &rx, sizeof(rx)), SVNIC_MBOX_ST_OK);
	assert_int_equal(rx.h.len, sizeof(rx));
	assert_int_equal(rx.rx_drop_reset, want1);
	/* back, smaller and elsewhere: both pairs receive, nothing dropped */
	assert_int_equal(attach_sized(2, 3, 16), SVNIC_MBOX_ST_OK);
	frames_arrive(NFRAMES, 12);
	total = drain_rx(3u, want_mod2, got);
	assert_int_equal(total, NFRAMES);
	assert_true(got[0] > 0 && got[1] > 0);
	assert_int_equal(card.vif[vif].rx_drop_reset, want1);
	assert_int_equal(card.vif[vif].pair_rx[1], got[1]);
	assert_int_equal(card.vif[vif].errors, 0);
}

/* A plain detach is a host stopping a ring for a while: frames for it
 * wait in the card, and with them the VIF's others. A ring reset is
 * refused where it cannot be one: a host that does not drive the status, a
 * driver without RING_RESET, before DRIVER_OK. */
static void detach_without_ring_reset_pauses(void **state)
{
	(void)state;
	unsigned got[FW_MAX_PAIRS];
	const uint8_t pairs2[] = { FW_VIRTIO_NET_CTRL_MQ, FW_VIRTIO_NET_CTRL_MQ_VQ_PAIRS_SET, 2, 0 };
	for (unsigned driven = 0; driven < 2; driven++) {
		card_reset(QPV);
		assert_int_equal(create_vif(2, BASE_FEATURES | MQ, &vif), SVNIC_MBOX_ST_OK);
		if (driven)
			rr_vif_status();
		assert_int_equal(attach(0, 0), SVNIC_MBOX_ST_OK);
		assert_int_equal(attach(2, 1), SVNIC_MBOX_ST_OK);
		assert_int_equal(attach(4, 2), SVNIC_MBOX_ST_OK);
		if (driven)
			set_status(S_DOK, S_DOK);
		ctrl(pairs2, sizeof(pairs2));
		struct svnic_mbox_queue_req rq = { { SVNIC_MBOX_OP_QUEUE_DETACH, sizeof(rq), vif }, 2,
						   SVNIC_QUEUE_DETACH_F_RESET };
		assert_int_equal(exec(&rq, sizeof(rq)), SVNIC_MBOX_ST_BAD_STATE);
		rq.flags = 2; /* no such flag */
		assert_int_equal(exec(&rq, sizeof(rq)), SVNIC_MBOX_ST_BAD_ARG);
		assert_true(card.vif[vif].vq[2].attached);
		detach(2, 0);
		assert_int_equal(card.vif[vif].resetting, 0);
		assert_int_equal(query_queues().queue_resets, 0);
		frames_arrive(NFRAMES, 11);
		unsigned first1 = 0;
		while (want_mod2(&frames[first1]) != 1u)
			first1++;
		for (unsigned i = 0; i < RING_SIZE; i++)
			post(&rings[0], true, 0);
		for (unsigned pass = 0; pass < 50; pass++)
			fw_poll(&card);
		/* held at the first frame for pair 1, none dropped */
		assert_int_equal(card.vif[vif].rx_drop_reset, 0);
		assert_int_equal(hal.rx_frames, NFRAMES - first1);
		assert_int_equal(card.vif[vif].rx_delivered, first1);
		assert_int_equal(attach(2, 3), SVNIC_MBOX_ST_OK);
		assert_int_equal(drain_rx(3u, want_mod2, got), NFRAMES);
		assert_int_equal(card.vif[vif].rx_delivered, NFRAMES);
	}
}

/* ------------------------------------------------------------------ mailbox */

static void create_checks_pairs(void **state)
{
	(void)state;
	uint32_t v;
	card_reset(QPV);
	assert_int_equal(card.max_pairs, 16);
	assert_int_equal(create_vif(17, 0, &v), SVNIC_MBOX_ST_BAD_ARG);
	assert_int_equal(create_vif(16, BASE_FEATURES | MQ, &vif), SVNIC_MBOX_ST_OK);
	assert_int_equal(card.vif[vif].max_pairs, 16);
	assert_int_equal(attach(32, 0), SVNIC_MBOX_ST_OK); /* the control queue */
	assert_int_equal(attach(31, 1), SVNIC_MBOX_ST_OK); /* TX of pair 15 */
	struct svnic_mbox_hdr q = { SVNIC_MBOX_OP_VIF_QUERY_QUEUES, sizeof(q), vif };
	struct svnic_mbox_vif_query_queues_rsp rs;
	assert_int_equal(fake_mbox_exec(&hal, &card, &q, sizeof(q), &rs, sizeof(rs)), SVNIC_MBOX_ST_OK);
	assert_int_equal(rs.h.len, sizeof(rs));
	assert_int_equal(rs.queue_pairs, 16);
	assert_int_equal(rs.attached, 1ull << 32 | 1ull << 31);
	struct svnic_mbox_vif_query_queues_req q2 = { { SVNIC_MBOX_OP_VIF_QUERY_QUEUES, sizeof(q2), vif },
						      16, 0 };
	assert_int_equal(exec(&q2, sizeof(q2)), SVNIC_MBOX_ST_BAD_ARG);
	/* a request of the old length: one pair */
	struct svnic_mbox_vif_create_req old;
	memset(&old, 0, sizeof(old));
	old.h = (struct svnic_mbox_hdr){ SVNIC_MBOX_OP_VIF_CREATE, SVNIC_MBOX_VIF_CREATE_V1_LEN, 0 };
	old.mac[0] = 2;
	old.mac[5] = 9;
	struct svnic_mbox_vif_create_rsp crs;
	assert_int_equal(fake_mbox_exec(&hal, &card, &old, SVNIC_MBOX_VIF_CREATE_V1_LEN, &crs, sizeof(crs)),
			 SVNIC_MBOX_ST_OK);
	assert_int_equal(card.vif[crs.vif].max_pairs, 1);
	/* a datapath of 4 queues per VIF has room for one pair */
	card_reset(4);
	assert_int_equal(card.max_pairs, 1);
	assert_int_equal(create_vif(2, 0, &v), SVNIC_MBOX_ST_BAD_ARG);
	assert_int_equal(create_vif(1, BASE_FEATURES | MQ, &vif), SVNIC_MBOX_ST_OK);
	assert_int_equal(attach(2, 0), SVNIC_MBOX_ST_OK);
}

/* Doorbells of queues past the first 32 reach their rings (DB_WORD). */
static void doorbells_past_word0(void **state)
{
	(void)state;
	card_reset(QPV);
	uint32_t v0, v1;
	assert_int_equal(create_vif(2, BIT(SVNIC_VIRTIO_F_VERSION_1) | MQ | BIT(SVNIC_VIRTIO_NET_F_CTRL_VQ),
				    &v0),
			 SVNIC_MBOX_ST_OK);
	(void)v0;
	struct svnic_mbox_vif_create_req rq;
	memset(&rq, 0, sizeof(rq));
	rq.h = (struct svnic_mbox_hdr){ SVNIC_MBOX_OP_VIF_CREATE, sizeof(rq), 0 };
	rq.mac[0] = 2;
	rq.mac[5] = 8;
	rq.queue_pairs = 2;
	struct svnic_mbox_vif_create_rsp rs;
	assert_int_equal(fake_mbox_exec(&hal, &card, &rq, sizeof(rq), &rs, sizeof(rs)), SVNIC_MBOX_ST_OK);
	v1 = rs.vif;
	struct svnic_mbox_dma_req m = { { SVNIC_MBOX_OP_DMA_MAP, sizeof(m), v1 }, FAKE_MEM_BASE,
					FAKE_MEM_SIZE };
	struct svnic_mbox_vif_features_req f = { { SVNIC_MBOX_OP_VIF_SET_FEATURES, sizeof(f), v1 },
						 BIT(SVNIC_VIRTIO_F_VERSION_1) | MQ | BIT(SVNIC_VIRTIO_NET_F_CTRL_VQ) };
	assert_int_equal(exec(&m, sizeof(m)), SVNIC_MBOX_ST_OK);
	assert_int_equal(exec(&f, sizeof(f)), SVNIC_MBOX_ST_OK);
	vif = v1; /* queue 1 * 33 + 3 = 36: word 1 */
	assert_int_equal(attach(3, 0), SVNIC_MBOX_ST_OK);
	for (unsigned i = 0; i < 4; i++)
		post(&rings[3], false, i);
	card.vif[v1].vq[3].active = false; /* waits for its doorbell */
	fw_poll(&card);
	assert_int_equal(hal.tx_sent, 4);
	for (unsigned i = 0; i < 4; i++)
		assert_int_equal(hal.sent[i].vif, v1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(rss_spreads_by_table),
		cmocka_unit_test(mq_steers_by_hash_modulo_pairs),
		cmocka_unit_test(pairs_from_attached_rings),
		cmocka_unit_test(without_mq_one_pair),
		cmocka_unit_test(tx_serves_every_pair),
		cmocka_unit_test(tx_ring_reset_keeps_other_pairs),
		cmocka_unit_test(rx_ring_reset_drops_only_its_frames),
		cmocka_unit_test(detach_without_ring_reset_pauses),
		cmocka_unit_test(create_checks_pairs),
		cmocka_unit_test(doorbells_past_word0),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
