/* SPDX-License-Identifier: MIT */
/*
 * The live split-ring paths against the stand-in datapath: indirect tables on
 * TX and RX through fw_poll, EVENT_IDX interrupt suppression (the wrap-safe
 * test, and the order of the used index write and the used_event read),
 * avail_event with its re-check, and interrupt coalescing on a busy queue. Malformed tables and the other rule
 * violations, with a second VIF's traffic checked, are in test_hardening.c.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "fake_hal.h"
#include "fw/fw.h"
#include "fw/vq.h"
#include "svnic/dmacmd.h"
#include "svnic/mbox.h"
#include "svnic/regs.h"
#include "svnic/virtio.h"

static struct fw_hal hal;
static struct fw_card card;

#define QSIZE 16u
#define F_N SVNIC_VRING_DESC_F_NEXT
#define F_W SVNIC_VRING_DESC_F_WRITE
#define F_I SVNIC_VRING_DESC_F_INDIRECT
#define FEAT_ALL                                                                      \
	(SVNIC_VIRTIO_BIT(SVNIC_VIRTIO_F_VERSION_1) |                                   \
	 SVNIC_VIRTIO_BIT(SVNIC_VIRTIO_F_RING_INDIRECT_DESC) |                          \
	 SVNIC_VIRTIO_BIT(SVNIC_VIRTIO_F_RING_EVENT_IDX))
#define FEAT_V1 SVNIC_VIRTIO_BIT(SVNIC_VIRTIO_F_VERSION_1)

/* The driver's view of one split ring in the fake host memory. */
struct ring {
	uint32_t vif, queue;
	uint64_t desc, avail, used;
	uint16_t avail_idx; /* the driver's next avail entry */
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

static unsigned set_features(uint32_t vif, uint64_t f)
{
	struct svnic_mbox_vif_features_req rq = { { SVNIC_MBOX_OP_VIF_SET_FEATURES, sizeof(rq), vif }, f };
	return exec(&rq, sizeof(rq), NULL, 0);
}

/* A VIF with all of the fake memory mapped and the given features. */
static uint32_t make_vif(uint8_t n, uint64_t features)
{
	return fake_make_vif(&hal, &card, n, features);
}

/* Attach queue `q` of `vif` with its rings at FAKE_MEM_BASE + base. */
static struct ring attach(uint32_t vif, uint32_t q, uint64_t base, uint16_t idx)
{
	struct ring r = { vif, q, FAKE_MEM_BASE + base, FAKE_MEM_BASE + base + 0x400,
			  FAKE_MEM_BASE + base + 0x800, idx };
	struct svnic_mbox_queue_attach_req a;
	memset(&a, 0, sizeof(a));
	a.h = (struct svnic_mbox_hdr){ SVNIC_MBOX_OP_QUEUE_ATTACH, sizeof(a), vif };
	a.queue = q;
	a.size = QSIZE;
	a.desc = r.desc;
	a.avail = r.avail;
	a.used = r.used;
	a.avail_idx = idx;
	a.used_idx = idx;
	a.vector = vif * 2 + q;
	uint16_t i = idx;
	memcpy(fake_host(&hal, r.avail + SVNIC_VRING_AVAIL_IDX_OFF), &i, 2);
	memcpy(fake_host(&hal, r.used + SVNIC_VRING_USED_IDX_OFF), &i, 2);
	assert_int_equal(exec(&a, sizeof(a), NULL, 0), SVNIC_MBOX_ST_OK);
	return r;
}

static void desc(const struct ring *r, uint16_t i, uint64_t addr, uint32_t len, uint16_t flags,
		 uint16_t next)
{
	struct svnic_vring_desc d = { addr, len, flags, next };
	memcpy(fake_host(&hal, r->desc + 16u * i), &d, 16);
}

static void table_entry(uint64_t table, unsigned i, uint64_t addr, uint32_t len, uint16_t flags,
			uint16_t next)
{
	struct svnic_vring_desc d = { addr, len, flags, next };
	memcpy(fake_host(&hal, table + 16u * i), &d, 16);
}

/* Make chain `head` available (without a doorbell). */
static void post(struct ring *r, uint16_t head)
{
	memcpy(fake_host(&hal, r->avail + SVNIC_VRING_AVAIL_RING_OFF(r->avail_idx % QSIZE)), &head, 2);
	r->avail_idx++;
	memcpy(fake_host(&hal, r->avail + SVNIC_VRING_AVAIL_IDX_OFF), &r->avail_idx, 2);
}

static void doorbell(const struct ring *r)
{
	hal.reg[SVNIC_FW_DB_PENDING / 4] |= 1u << (r->vif * 2 + r->queue);
}

static uint16_t get16(uint64_t iova)
{
	uint16_t v;
	memcpy(&v, fake_host(&hal, iova), 2);
	return v;
}

static void set16(uint64_t iova, uint16_t v)
{
	memcpy(fake_host(&hal, iova), &v, 2);
}

static uint16_t used_idx(const struct ring *r)
{
	return get16(r->used + SVNIC_VRING_USED_IDX_OFF);
}

static struct svnic_vring_used_elem used_elem(const struct ring *r, uint16_t i)
{
	struct svnic_vring_used_elem e;
	memcpy(&e, fake_host(&hal, r->used + SVNIC_VRING_USED_RING_OFF(i % QSIZE)), sizeof(e));
	return e;
}

static void set_used_event(const struct ring *r, uint16_t ev)
{
	set16(r->avail + SVNIC_VRING_AVAIL_RING_OFF(QSIZE), ev);
}

static uint16_t avail_event(const struct ring *r)
{
	return get16(r->used + SVNIC_VRING_USED_RING_OFF(QSIZE));
}

static void fill(uint64_t iova, unsigned len, uint8_t seed)
{
	uint8_t *p = fake_host(&hal, iova);
	for (unsigned i = 0; i < len; i++)
		p[i] = (uint8_t)(seed + i * 7u);
}

#define MEM(off) (FAKE_MEM_BASE + (off))

/* ---- the wrap-safe predicate ---- */

/* Reference: the event index is one of the entries old .. new - 1, counted
 * one by one from old (no modular comparison involved). */
static bool ref_need_event(unsigned event, unsigned new_idx, unsigned old_idx)
{
	unsigned n = (new_idx + 65536u - old_idx) % 65536u; /* entries published */
	unsigned dist = (event + 65536u - old_idx) % 65536u; /* event's distance from old */
	return dist < n;
}

static void need_event_at_wrap_edges(void **state)
{
	(void)state;
	static const uint16_t olds[] = { 0, 1, 2, 0x7ffe, 0x7fff, 0x8000, 0x8001, 0xfff0, 0xfffe, 0xffff };
	static const uint16_t big[] = { 0x7fff, 0x8000, 0x8001, 0xfffe, 0xffff };
	unsigned checked = 0;
	for (unsigned o = 0; o < sizeof(olds) / sizeof(olds[0]); o++) {
		for (unsigned d = 0; d < 40 + sizeof(big) / sizeof(big[0]); d++) {
			uint16_t n = d < 40 ? (uint16_t)d : big[d - 40];
			uint16_t nw = (uint16_t)(olds[o] + n);
			for (unsigned ev = 0; ev < 65536u; ev++) {
				bool want = ref_need_event(ev, nw, olds[o]);
				if (fw_vq_need_event((uint16_t)ev, nw, olds[o]) != want)
					fail_msg("event %u new %u old %u: want %d", ev, nw, olds[o], want);
				checked++;
			}
		}
	}
	assert_int_equal(checked, 10u * 45u * 65536u);
	/* every (event, new) pair for old at the wrap, one lap's worth of new */
	for (unsigned nw = 0xff00u; nw < 0x10100u; nw++)
		for (unsigned ev = 0; ev < 65536u; ev++)
			if (fw_vq_need_event((uint16_t)ev, (uint16_t)nw, 0xfffe) !=
			    ref_need_event(ev, nw % 65536u, 0xfffe))
				fail_msg("event %u new %u old 0xfffe", ev, nw);
	/* the classic cases */
	assert_false(fw_vq_need_event(5, 5, 5)); /* nothing published */
	assert_true(fw_vq_need_event(5, 6, 5));  /* exactly the awaited entry */
	assert_false(fw_vq_need_event(6, 6, 5)); /* not yet */
	assert_true(fw_vq_need_event(0xffff, 1, 0xfffe));
	assert_true(fw_vq_need_event(0, 1, 0xfffe));
	assert_false(fw_vq_need_event(1, 1, 0xfffe));
}

/* ---- features ---- */

static void implemented_features_accepted(void **state)
{
	(void)state;
	uint32_t vif = make_vif(1, FEAT_ALL);
	assert_int_equal(card.vif[vif].features, FEAT_ALL);
	/* Packed rings, in-order use and merged RX buffers are implemented;
	 * guest announcements are not. */
	uint64_t all = FEAT_ALL | SVNIC_VIRTIO_BIT(SVNIC_VIRTIO_F_RING_PACKED) |
		       SVNIC_VIRTIO_BIT(SVNIC_VIRTIO_F_IN_ORDER) |
		       SVNIC_VIRTIO_BIT(SVNIC_VIRTIO_NET_F_MRG_RXBUF);
	assert_int_equal(set_features(vif, all), SVNIC_MBOX_ST_OK);
	assert_int_equal(set_features(vif, FEAT_ALL | SVNIC_VIRTIO_BIT(SVNIC_VIRTIO_NET_F_GUEST_ANNOUNCE)),
			 SVNIC_MBOX_ST_BAD_ARG);
	assert_int_equal(card.vif[vif].features, all);
	assert_int_equal(set_features(vif, SVNIC_VIRTIO_BIT(SVNIC_VIRTIO_F_RING_EVENT_IDX)),
			 SVNIC_MBOX_ST_OK);
	assert_int_equal(card.vif[vif].hdr_len, SVNIC_VIRTIO_NET_HDR_LEN_LEGACY);
}

/* ---- indirect on the live paths ---- */

static void tx_indirect_frame_is_sent(void **state)
{
	(void)state;
	uint32_t vif = make_vif(1, FEAT_ALL);
	struct ring tx = attach(vif, 1, 0x2000, 0);
	set_used_event(&tx, 0);
	uint64_t tab = MEM(0x4000), hdr = MEM(0x8000), frame = MEM(0x9000);
	memset(fake_host(&hal, hdr), 0, 12);
	fill(frame, 60, 3);
	table_entry(tab, 0, hdr, 12, F_N, 1);
	table_entry(tab, 1, frame, 60, 0, 0);
	desc(&tx, 4, tab, 32, F_I, 0);
	post(&tx, 4);
	doorbell(&tx);
	fw_poll(&card);
	assert_int_equal(card.vif[vif].state, SVNIC_VIF_RUNNING);
	assert_int_equal(hal.tx_sent, 1);
	assert_int_equal(hal.tx_last_len, 60);
	assert_memory_equal(hal.tx_last, fake_host(&hal, frame), 60);
	assert_int_equal(used_idx(&tx), 1);
	assert_int_equal(used_elem(&tx, 0).id, 4);
	assert_int_equal(hal.irqs, 1);
	assert_int_equal(hal.last_irq, vif * 2 + 1);
}

static void tx_direct_then_indirect(void **state)
{
	(void)state;
	uint32_t vif = make_vif(1, FEAT_ALL);
	struct ring tx = attach(vif, 1, 0x2000, 0);
	uint64_t tab = MEM(0x4000), hdr = MEM(0x8000), frame = MEM(0x9000);
	memset(fake_host(&hal, hdr), 0, 12);
	fill(frame, 1514, 9);
	desc(&tx, 0, hdr, 12, F_N, 7);
	desc(&tx, 7, tab, 48, F_I, 0);
	table_entry(tab, 0, frame, 500, F_N, 2); /* the frame in three pieces */
	table_entry(tab, 2, frame + 500, 14, F_N, 1);
	table_entry(tab, 1, frame + 514, 1000, 0, 0);
	post(&tx, 0);
	doorbell(&tx);
	fw_poll(&card);
	assert_int_equal(card.vif[vif].state, SVNIC_VIF_RUNNING);
	assert_int_equal(hal.tx_sent, 1);
	assert_int_equal(hal.tx_last_len, 1514);
	assert_memory_equal(hal.tx_last, fake_host(&hal, frame), 1514);
	assert_int_equal(used_elem(&tx, 0).id, 0);
}

static void rx_into_indirect_table(void **state)
{
	(void)state;
	uint32_t vif = make_vif(1, FEAT_ALL);
	struct ring rx = attach(vif, 0, 0x0000, 0);
	set_used_event(&rx, 0);
	uint64_t tab = MEM(0x4000), b0 = MEM(0x8000), b1 = MEM(0x9000);
	table_entry(tab, 0, b0, 12, F_W | F_N, 1);
	table_entry(tab, 1, b1, 1600, F_W, 0);
	desc(&rx, 3, tab, 32, F_I, 0);
	post(&rx, 3);
	doorbell(&rx);
	for (unsigned i = 0; i < 100; i++)
		hal.rx_frame[i] = (uint8_t)(0x40 + i);
	hal.rx_frames = 1;
	hal.reg[SVNIC_FW_VIF_REG(vif, SVNIC_FW_VIF_RX_HEAD_LEN) / 4] = 100;
	hal.reg[SVNIC_FW_RX_READY / 4] = 1u << vif;
	fw_poll(&card);
	assert_int_equal(card.vif[vif].state, SVNIC_VIF_RUNNING);
	assert_int_equal(card.vif[vif].rx_delivered, 1);
	struct svnic_virtio_net_hdr h;
	memcpy(&h, fake_host(&hal, b0), sizeof(h));
	assert_int_equal(h.num_buffers, 1);
	assert_memory_equal(fake_host(&hal, b1), hal.rx_frame, 100);
	assert_int_equal(used_idx(&rx), 1);
	assert_int_equal(used_elem(&rx, 0).id, 3);
	assert_int_equal(used_elem(&rx, 0).len, 112);
	assert_int_equal(hal.irqs, 1);
}

static void indirect_without_feature_is_refused(void **state)
{
	(void)state;
	uint32_t vif = make_vif(1, FEAT_V1);
	struct ring tx = attach(vif, 1, 0x2000, 0);
	table_entry(MEM(0x4000), 0, MEM(0x9000), 76, 0, 0);
	desc(&tx, 0, MEM(0x4000), 16, F_I, 0);
	post(&tx, 0);
	doorbell(&tx);
	fw_poll(&card);
	assert_int_equal(card.vif[vif].state, SVNIC_VIF_NEEDS_RESET);
	assert_int_equal(card.vif[vif].error, SVNIC_VIF_ERR_DESC_FLAGS);
	assert_int_equal(hal.tx_sent, 0);
}

/* ---- EVENT_IDX on the publish path ---- */

static void publish(uint32_t vif, struct ring *r, unsigned n)
{
	struct fw_vq *q = &card.vif[vif].vq[r->queue];
	for (unsigned i = 0; i < n; i++)
		assert_int_equal(fw_vq_push_used(&card, vif, q, (uint16_t)i, 0), 0);
	hal.nlog = 0;
	assert_int_equal(fw_vq_publish(&card, vif, q), 0);
}

static void used_event_read_after_used_index_written(void **state)
{
	(void)state;
	uint32_t vif = make_vif(1, FEAT_ALL);
	struct ring tx = attach(vif, 1, 0x2000, 5);
	set_used_event(&tx, 6);
	publish(vif, &tx, 3); /* 5 -> 8: entry 6 passed */
	assert_int_equal(used_idx(&tx), 8);
	assert_int_equal(hal.irqs, 1);
	assert_int_equal(hal.nlog, 2);
	assert_int_equal(hal.log[0].op, SVNIC_DMA_OP_FW_TO_HOST);
	assert_int_equal(hal.log[0].iova, tx.used + SVNIC_VRING_USED_IDX_OFF);
	assert_int_equal(hal.log[1].op, SVNIC_DMA_OP_HOST_TO_FW);
	assert_int_equal(hal.log[1].iova, tx.avail + SVNIC_VRING_AVAIL_RING_OFF(QSIZE));
	assert_int_equal(hal.log[1].len, 2);
}

static void used_event_decides_interrupts(void **state)
{
	(void)state;
	uint32_t vif = make_vif(1, FEAT_ALL);
	struct ring tx = attach(vif, 1, 0x2000, 5);
	set_used_event(&tx, 10);
	publish(vif, &tx, 2); /* 5 -> 7: 10 not reached */
	assert_int_equal(hal.irqs, 0);
	publish(vif, &tx, 4); /* 7 -> 11: 10 passed */
	assert_int_equal(hal.irqs, 1);
	publish(vif, &tx, 1); /* 11 -> 12: 10 was before this batch */
	assert_int_equal(hal.irqs, 1);
	set_used_event(&tx, 12);
	publish(vif, &tx, 1); /* 12 -> 13 */
	assert_int_equal(hal.irqs, 2);
	/* NO_INTERRUPT is ignored with EVENT_IDX */
	set16(tx.avail + SVNIC_VRING_AVAIL_FLAGS_OFF, SVNIC_VRING_AVAIL_F_NO_INTERRUPT);
	set_used_event(&tx, 13);
	publish(vif, &tx, 1); /* 13 -> 14 */
	assert_int_equal(hal.irqs, 3);
	assert_int_equal(card.vif[vif].notifies, 3);
	/* a batch without an interrupt still moves the old index: an event the
	 * driver sets inside that batch afterwards is not fired late */
	set_used_event(&tx, 100);
	publish(vif, &tx, 2); /* 14 -> 16 */
	assert_int_equal(hal.irqs, 3);
	set_used_event(&tx, 15);
	publish(vif, &tx, 1); /* 16 -> 17: 15 belongs to the last batch */
	assert_int_equal(hal.irqs, 3);
	set_used_event(&tx, 17);
	publish(vif, &tx, 1); /* 17 -> 18 */
	assert_int_equal(hal.irqs, 4);
}

static void used_event_across_the_16_bit_wrap(void **state)
{
	(void)state;
	uint32_t vif = make_vif(1, FEAT_ALL);
	struct ring tx = attach(vif, 1, 0x2000, 0xfffe);
	set_used_event(&tx, 0xffff);
	publish(vif, &tx, 3); /* 0xfffe -> 1 */
	assert_int_equal(used_idx(&tx), 1);
	assert_int_equal(hal.irqs, 1);
	set_used_event(&tx, 3);
	publish(vif, &tx, 2); /* 1 -> 3: 3 not reached */
	assert_int_equal(hal.irqs, 1);
	publish(vif, &tx, 1); /* 3 -> 4 */
	assert_int_equal(hal.irqs, 2);
}

static void without_event_idx_flags_decide(void **state)
{
	(void)state;
	uint32_t vif = make_vif(1, FEAT_V1);
	struct ring tx = attach(vif, 1, 0x2000, 5);
	set_used_event(&tx, 100); /* not read: EVENT_IDX not negotiated */
	publish(vif, &tx, 1);
	assert_int_equal(hal.irqs, 1);
	assert_int_equal(hal.log[1].iova, tx.avail + SVNIC_VRING_AVAIL_FLAGS_OFF);
	set16(tx.avail + SVNIC_VRING_AVAIL_FLAGS_OFF, SVNIC_VRING_AVAIL_F_NO_INTERRUPT);
	publish(vif, &tx, 1);
	assert_int_equal(hal.irqs, 1);
}

/* ---- interrupt coalescing (irq_coalesce.c) ---- */

/* One publish of one entry in pass `pass` (the driver always wants an
 * interrupt: no EVENT_IDX, flags 0), then the end of that pass. */
static void publish_in_pass(uint32_t vif, struct ring *r, uint64_t pass, bool publishes)
{
	card.core[0].st.passes = pass;
	if (publishes)
		publish(vif, r, 1);
	fw_irq_flush(&card, vif);
}

static void busy_queue_interrupts_coalesced_none_lost(void **state)
{
	(void)state;
	uint32_t vif = make_vif(1, FEAT_V1);
	struct ring tx = attach(vif, 1, 0x2000, 0);
	const struct fw_vif *v = &card.vif[vif];
	/* Pass 1 raises at once; from pass 2 the queue is busy and holds 1,
	 * then 2, then 4 publishes: the 6th pass raises for passes 2..6. */
	unsigned want_irqs[10] = { 1, 1, 1, 1, 1, 2, 2, 2, 2, 2 };
	for (unsigned p = 1; p <= 10; p++) {
		publish_in_pass(vif, &tx, p, true);
		assert_int_equal(hal.irqs, want_irqs[p - 1]);
		assert_int_equal(hal.last_irq, vif * 2 + 1);
	}
	assert_true(v->irq_owed != 0);
	/* The first pass without a publish raises what is owed. */
	publish_in_pass(vif, &tx, 11, false);
	assert_int_equal(hal.irqs, 3);
	assert_int_equal(v->irq_owed, 0);
	assert_int_equal(v->notifies, 3);
	assert_int_equal(v->irqs_coalesced, 10 - 3);
	/* And the queue starts from nothing: the next publish raises at once. */
	publish_in_pass(vif, &tx, 13, true);
	assert_int_equal(hal.irqs, 4);
}

static void quiet_queue_interrupts_at_once(void **state)
{
	(void)state;
	uint32_t vif = make_vif(1, FEAT_V1);
	struct ring tx = attach(vif, 1, 0x2000, 0);
	for (unsigned p = 1; p <= 9; p++)
		publish_in_pass(vif, &tx, p, p % 2 == 1); /* every other pass */
	assert_int_equal(hal.irqs, 5);
	assert_int_equal(card.vif[vif].irqs_coalesced, 0);
}

static void coalescing_off_interrupts_every_publish(void **state)
{
	(void)state;
	card.irq_hold_max = 0;
	uint32_t vif = make_vif(1, FEAT_V1);
	struct ring tx = attach(vif, 1, 0x2000, 0);
	for (unsigned p = 1; p <= 6; p++)
		publish_in_pass(vif, &tx, p, true);
	assert_int_equal(hal.irqs, 6);
	assert_int_equal(card.vif[vif].irq_owed, 0);
}

static void suppressed_interrupt_is_not_owed(void **state)
{
	(void)state;
	uint32_t vif = make_vif(1, FEAT_V1);
	struct ring tx = attach(vif, 1, 0x2000, 0);
	publish_in_pass(vif, &tx, 1, true);
	set16(tx.avail + SVNIC_VRING_AVAIL_FLAGS_OFF, SVNIC_VRING_AVAIL_F_NO_INTERRUPT);
	for (unsigned p = 2; p <= 5; p++)
		publish_in_pass(vif, &tx, p, true);
	publish_in_pass(vif, &tx, 6, false);
	assert_int_equal(hal.irqs, 1); /* the driver never asked again */
	assert_int_equal(card.vif[vif].irq_owed, 0);
}

/* ---- avail_event ---- */

static struct ring *race_ring;
static unsigned race_posts;

/* The driver adds a chain right after the device asks for a kick, before it
 * could have seen the request: it rings no doorbell. */
static void driver_races(struct fw_hal *h, const struct fake_dma_op *op)
{
	(void)h;
	if (op->op == SVNIC_DMA_OP_FW_TO_HOST &&
	    op->iova == race_ring->used + SVNIC_VRING_USED_RING_OFF(QSIZE) && race_posts > 0) {
		race_posts--;
		post(race_ring, 1);
	}
}

static void avail_event_asks_for_the_next_entry_and_rechecks(void **state)
{
	(void)state;
	card.poll_passes = 0; /* notification-driven: no polling window */
	uint32_t vif = make_vif(1, FEAT_ALL);
	struct ring tx = attach(vif, 1, 0x2000, 7);
	uint64_t frame = MEM(0x9000);
	memset(fake_host(&hal, frame), 0, 12);
	fill(frame + 12, 64, 1);
	desc(&tx, 1, frame, 76, 0, 0);
	set_used_event(&tx, 0xffff);

	/* empty ring: the device asks for a kick at entry 7 and waits */
	fw_poll(&card);
	assert_int_equal(avail_event(&tx), 7);
	assert_false(card.vif[vif].vq[1].active);

	/* one chain and a doorbell: after it the device waits for entry 8 */
	post(&tx, 1);
	doorbell(&tx);
	fw_poll(&card);
	assert_int_equal(hal.tx_sent, 1);
	assert_int_equal(avail_event(&tx), 8);

	/* a chain added right after that request is still served */
	race_ring = &tx;
	race_posts = 1;
	hal.after_dma = driver_races;
	post(&tx, 1);
	doorbell(&tx);
	fw_poll(&card);
	hal.after_dma = NULL;
	assert_int_equal(hal.tx_sent, 3);
	assert_int_equal(used_idx(&tx), 10);
	assert_int_equal(avail_event(&tx), 10);
	assert_false(card.vif[vif].vq[1].active);
	assert_int_equal(card.vif[vif].state, SVNIC_VIF_RUNNING);
}

/* ---- exitless policy: poll while busy, re-arm when idle ---- */

static uint16_t used_flags(const struct ring *r)
{
	return get16(r->used + SVNIC_VRING_USED_FLAGS_OFF);
}

/* A TX ring with one 76-byte chain at descriptor 1, ready to post. */
static struct ring polled_tx(uint64_t features)
{
	card.poll_passes = 2;
	uint32_t vif = make_vif(1, features);
	struct ring tx = attach(vif, 1, 0x2000, 0);
	uint64_t frame = MEM(0x9000);
	memset(fake_host(&hal, frame), 0, 12);
	fill(frame + 12, 64, 1);
	desc(&tx, 1, frame, 76, 0, 0);
	return tx;
}

static void busy_ring_is_polled_without_notifications(void **state)
{
	(void)state;
	struct ring tx = polled_tx(FEAT_V1);
	fw_poll(&card);                  /* attach leaves the ring active: empty pass 1 */
	post(&tx, 1);                    /* no doorbell: the ring is being polled */
	assert_true(fw_poll(&card));
	assert_int_equal(hal.tx_sent, 1);
	assert_int_equal(used_flags(&tx), SVNIC_VRING_USED_F_NO_NOTIFY);

	/* Two empty looks keep polling (and keep the core busy): one at the
	 * end of the pass that sent, one in the next pass... */
	assert_true(fw_poll(&card));
	assert_true(card.vif[tx.vif].vq[1].active);
	assert_int_equal(used_flags(&tx), SVNIC_VRING_USED_F_NO_NOTIFY);
	/* ...the third re-enables notifications and waits for a doorbell. */
	assert_false(fw_poll(&card));
	assert_false(card.vif[tx.vif].vq[1].active);
	assert_int_equal(used_flags(&tx), 0);

	/* Work without a doorbell now waits; a doorbell brings it in. */
	post(&tx, 1);
	assert_false(fw_poll(&card));
	assert_int_equal(hal.tx_sent, 1);
	doorbell(&tx);
	assert_true(fw_poll(&card));
	assert_int_equal(hal.tx_sent, 2);
	assert_int_equal(used_flags(&tx), SVNIC_VRING_USED_F_NO_NOTIFY);
}

static struct ring *rearm_ring;

/* The driver publishes a chain just as the device re-enables notifications,
 * too early to see them: it rings no doorbell. */
static void driver_races_rearm(struct fw_hal *h, const struct fake_dma_op *op)
{
	(void)h;
	if (op->op == SVNIC_DMA_OP_FW_TO_HOST &&
	    op->iova == rearm_ring->used + SVNIC_VRING_USED_FLAGS_OFF && used_flags(rearm_ring) == 0) {
		hal.after_dma = NULL;
		post(rearm_ring, 1);
	}
}

static void rearm_rechecks_the_ring(void **state)
{
	(void)state;
	struct ring tx = polled_tx(FEAT_V1);
	post(&tx, 1);
	fw_poll(&card);
	assert_int_equal(hal.tx_sent, 1);
	fw_poll(&card);
	rearm_ring = &tx;
	hal.after_dma = driver_races_rearm;
	fw_poll(&card); /* re-arms, finds the racing chain, sends it */
	hal.after_dma = NULL;
	assert_int_equal(hal.tx_sent, 2);
	assert_int_equal(used_idx(&tx), 2);
	assert_true(card.vif[tx.vif].vq[1].active); /* still polling */
}

static void event_idx_ring_polled_then_asks_for_a_kick(void **state)
{
	(void)state;
	struct ring tx = polled_tx(FEAT_ALL);
	set16(tx.used + SVNIC_VRING_USED_RING_OFF(QSIZE), 0x7777);
	post(&tx, 1);
	post(&tx, 1);
	fw_poll(&card);
	assert_int_equal(hal.tx_sent, 2);
	/* While polling, avail_event is left alone (the driver does not kick)
	 * and the flags are not used. */
	fw_poll(&card);
	assert_int_equal(avail_event(&tx), 0x7777);
	assert_int_equal(used_flags(&tx), 0);
	assert_false(fw_poll(&card));
	assert_int_equal(avail_event(&tx), 2); /* kick me at entry 2 */
}

static void rx_ring_waits_for_buffers_then_rearms(void **state)
{
	(void)state;
	card.poll_passes = 2;
	uint32_t vif = make_vif(1, FEAT_V1);
	struct ring rx = attach(vif, 0, 0x2000, 0);
	hal.rx_frames = 1; /* a frame waits in the card, no buffers posted */
	hal.reg[SVNIC_FW_RX_READY / 4] = 1u << vif;
	hal.reg[SVNIC_FW_VIF_REG(vif, SVNIC_FW_VIF_RX_HEAD_LEN) / 4] = 60;
	assert_true(fw_poll(&card));  /* polls the empty ring: frames wait */
	assert_true(fw_poll(&card));
	assert_false(fw_poll(&card)); /* re-armed: waits for the doorbell */
	assert_false(card.vif[vif].vq[0].active);
	assert_int_equal(hal.rx_frames, 1);
	assert_int_equal(used_idx(&rx), 0);
}

static void avail_event_untouched_without_feature(void **state)
{
	(void)state;
	uint32_t vif = make_vif(1, FEAT_V1);
	struct ring tx = attach(vif, 1, 0x2000, 7);
	set16(tx.used + SVNIC_VRING_USED_RING_OFF(QSIZE), 0x1234);
	hal.nlog = 0;
	fw_poll(&card);
	assert_int_equal(avail_event(&tx), 0x1234);
	for (unsigned i = 0; i < hal.nlog; i++)
		assert_int_not_equal(hal.log[i].op, SVNIC_DMA_OP_FW_TO_HOST);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(need_event_at_wrap_edges),
		cmocka_unit_test_setup(implemented_features_accepted, setup),
		cmocka_unit_test_setup(tx_indirect_frame_is_sent, setup),
		cmocka_unit_test_setup(tx_direct_then_indirect, setup),
		cmocka_unit_test_setup(rx_into_indirect_table, setup),
		cmocka_unit_test_setup(indirect_without_feature_is_refused, setup),
		cmocka_unit_test_setup(used_event_read_after_used_index_written, setup),
		cmocka_unit_test_setup(used_event_decides_interrupts, setup),
		cmocka_unit_test_setup(used_event_across_the_16_bit_wrap, setup),
		cmocka_unit_test_setup(without_event_idx_flags_decide, setup),
		cmocka_unit_test_setup(avail_event_asks_for_the_next_entry_and_rechecks, setup),
		cmocka_unit_test_setup(avail_event_untouched_without_feature, setup),
		cmocka_unit_test_setup(busy_ring_is_polled_without_notifications, setup),
		cmocka_unit_test_setup(rearm_rechecks_the_ring, setup),
		cmocka_unit_test_setup(event_idx_ring_polled_then_asks_for_a_kick, setup),
		cmocka_unit_test_setup(rx_ring_waits_for_buffers_then_rearms, setup),
		cmocka_unit_test_setup(busy_queue_interrupts_coalesced_none_lost, setup),
		cmocka_unit_test_setup(quiet_queue_interrupts_at_once, setup),
		cmocka_unit_test_setup(coalescing_off_interrupts_every_publish, setup),
		cmocka_unit_test_setup(suppressed_interrupt_is_not_owed, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
