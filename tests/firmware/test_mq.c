/* SPDX-License-Identifier: MIT */
/*
 * Multiqueue VIFs (VIRTIO_NET_F_MQ, VIRTIO_NET_F_RSS): the queue layout
 * (RX of pair p at 2p, TX at 2p + 1, the control queue after the last
 * pair), receive steering (the driver's indirection table over the card's
 * hash; the hash modulo the pairs in use without RSS; pairs from the
 * attached RX rings when the control queue is not on the card), TX served
 * from every pair in turn within the pass budget, and the mailbox's pair
 * count (VIF_CREATE, VIF_QUERY_QUEUES). Frames keep their order per queue
 * and every counter adds up to the frames sent.
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

static unsigned attach(unsigned queue, unsigned slot)
{
	struct ring *r = &rings[queue];
	memset(r, 0, sizeof(*r));
	r->queue = queue;
	r->desc = MEM(slot * RING_AREA);
	r->avail = r->desc + 16u * RING_SIZE;
	r->used = r->avail + 0x100u;
	memset(fake_host(&hal, r->desc), 0, RING_AREA);
	struct svnic_mbox_queue_attach_req a;
	memset(&a, 0, sizeof(a));
	a.h = (struct svnic_mbox_hdr){ SVNIC_MBOX_OP_QUEUE_ATTACH, sizeof(a), vif };
	a.queue = queue;
	a.size = RING_SIZE;
	a.desc = r->desc;
	a.avail = r->avail;
	a.used = r->used;
	a.vector = vif * hal.reg[SVNIC_FW_QUEUES_PER_VIF / 4] + queue;
	return exec(&a, sizeof(a));
}

/* Post one chain of one buffer; RX buffers are writable, TX ones carry
 * a header and a frame whose bytes 14..17 are (queue, seq). */
static void post(struct ring *r, bool rx, unsigned seq)
{
	uint16_t slot = (uint16_t)(r->posted % RING_SIZE);
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
	memcpy(fake_host(&hal, r->avail + SVNIC_VRING_AVAIL_RING_OFF(r->avail_idx % RING_SIZE)), &slot,
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
	memcpy(&e, fake_host(&hal, r->used + SVNIC_VRING_USED_RING_OFF(r->used_seen % RING_SIZE)),
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

/* Run the firmware until the card's buffer is empty, keeping every RX
 * ring of `pairs` stocked; then every frame must be in the ring of the
 * pair `want` names, in order, intact, and the counters must agree. */
static void deliver_and_check(unsigned pairs, unsigned (*want)(const struct rx_frame *))
{
	unsigned got[FW_MAX_PAIRS] = { 0 };
	unsigned last[FW_MAX_PAIRS];
	unsigned total = 0;
	for (unsigned p = 0; p < pairs; p++) {
		last[p] = ~0u;
		for (unsigned i = 0; i < RING_SIZE; i++)
			post(&rings[SVNIC_VIRTIO_NET_RXQ(p)], true, 0);
	}
	for (unsigned pass = 0; pass < 10u * NFRAMES && total < nframes; pass++) {
		fw_poll(&card);
		assert_int_equal(card.vif[vif].state, SVNIC_VIF_RUNNING);
		for (unsigned p = 0; p < pairs; p++) {
			struct ring *r = &rings[SVNIC_VIRTIO_NET_RXQ(p)];
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
		cmocka_unit_test(create_checks_pairs),
		cmocka_unit_test(doorbells_past_word0),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
