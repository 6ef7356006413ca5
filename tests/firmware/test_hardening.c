/* SPDX-License-Identifier: MIT */
/*
 * Hardening: a driver that breaks the virtio rules stops its own VIF and
 * nothing else. One test per case of the hardening list, for split and
 * packed rings where the case applies, through fw_poll against the
 * stand-in datapath (fake_hal.c), with a second VIF sending at the same
 * time.
 *
 * A test of a violation checks that the offending VIF is in NEEDS_RESET
 * with the case's SVNIC_VIF_ERR_* (in the card and in VIF_QUERY), that its
 * error counter is 1, that its configuration-change vector
 * (SVNIC_IRQ_CONFIG_VECTOR) was raised once and no other VIF's was, and
 * that nothing of the bad chain was completed; and that a second VIF
 * sending throughout lost nothing: all its frames sent intact and in order,
 * one used entry per chain, its notifies equal to its queue's interrupts,
 * no error and no bad frame counted. The legal cases (headers split across
 * descriptors, header sizes, flooding, no double fetch) check the frames
 * and counters of every VIF they run; features a driver may not set are
 * refused at VIF_SET_FEATURES, before any queue runs.
 *
 * case                                           -> test (_split / _packed)
 * descriptor loop, chain longer than the ring    -> desc_loop_*
 * zero-length chain                              -> zero_length_chain_*
 * chain over 2^32 bytes in total                 -> chain_over_4gib_*
 * address outside the VIF's memory (and 2^64)    -> addr_outside_memory_*
 * buffer straddling regions (two windows, end)   -> addr_straddles_regions_*
 * nested indirect table                          -> indirect_nested_*
 * oversized indirect table (> ring, > 64)        -> indirect_oversized_*
 * misaligned indirect table (len % 16 != 0)      -> indirect_misaligned_*
 * INDIRECT together with NEXT (packed: not head) -> indirect_with_next_*
 * chain shorter than the virtio-net header TX/RX -> chain_shorter_than_header_*
 * header split across descriptors (legal: kept)  -> header_split_across_descriptors_*
 * header size across VERSION_1 / legacy          -> header_size_follows_features
 * HASH_REPORT (with MRG_RXBUF too), unoffered    -> unoffered_features_refused
 *   (BAD_ARG at VIF_SET_FEATURES)
 * avail index jump of more than the ring size    -> avail_idx_jump_split (packed
 *                                                   rings have no avail index)
 * bad queue indices (head, next; packed: event   -> bad_queue_index_*
 *   offset; host: queue number)
 * control-queue payload of the wrong size        -> ctrl_payload_wrong_size_*
 *   (a chain with no ack byte or a command over
 *   FW_CTRL_CMD_MAX: NEEDS_RESET; a well-formed
 *   chain whose command data has the wrong size:
 *   ERR ack, counted, the VIF runs on)
 * descriptor made available again while the     -> desc_inuse_packed (split
 *   device holds it (packed, IN_ORDER batches)      rings have no such state)
 * flooding one queue (bounded work per pass)     -> flood_does_not_starve_*
 * descriptors fetched once (no double fetch)     -> no_double_fetch_*
 *
 * The walkers' own unit tests (test_chain_walk.c, test_indirect.c,
 * test_packed_walk.c) go through more shapes of each violation; this file
 * is about what the whole card does with them.
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
#include "fw/vring_packed.h"
#include "svnic/dmacmd.h"
#include "svnic/mbox.h"
#include "svnic/regs.h"
#include "svnic/virtio.h"

static struct fw_hal hal;
static struct fw_card card;

#define NVIF 4u
#define QPV 3u
#define RXQ 0u
#define TXQ 1u
#define CTRLQ 2u
#define MEM(off) (FAKE_MEM_BASE + (off))
#define RING_AREA 0x8000u /* rings below, buffers above */
#define HDR SVNIC_VIRTIO_NET_HDR_LEN
#define FRAME 64u         /* bytes of every frame the tests send */
#define GOOD_FRAMES 8u    /* what the well-behaved VIF sends in most tests */
#define BIG_WIN 0x100000000ull /* a second window at 4 GiB, 8 GiB long */

#define F_N SVNIC_VRING_DESC_F_NEXT
#define F_W SVNIC_VRING_DESC_F_WRITE
#define F_I SVNIC_VRING_DESC_F_INDIRECT
#define BIT(b) SVNIC_VIRTIO_BIT(b)
#define F_V1 BIT(SVNIC_VIRTIO_F_VERSION_1)
#define F_IND BIT(SVNIC_VIRTIO_F_RING_INDIRECT_DESC)
#define F_EVT BIT(SVNIC_VIRTIO_F_RING_EVENT_IDX)
#define F_PACKED BIT(SVNIC_VIRTIO_F_RING_PACKED)
#define F_CTRL                                                                      \
	(BIT(SVNIC_VIRTIO_NET_F_CTRL_VQ) | BIT(SVNIC_VIRTIO_NET_F_CTRL_RX) |          \
	 BIT(SVNIC_VIRTIO_NET_F_CTRL_MAC_ADDR))

static uint64_t layout(bool packed)
{
	return F_V1 | F_IND | (packed ? F_PACKED : 0);
}

/* ---- fake guest memory: rings and buffers ---- */

static uint64_t ring_top, buf_top;

static uint64_t buf(unsigned len)
{
	uint64_t at = MEM(RING_AREA + buf_top);
	buf_top = (buf_top + len + 15u) & ~15ull;
	assert_true(RING_AREA + buf_top <= FAKE_MEM_SIZE);
	return at;
}

static uint8_t *host(uint64_t iova)
{
	return fake_host(&hal, iova);
}

static int setup(void **state)
{
	(void)state;
	fake_hal_reset(&hal, NVIF, QPV);
	assert_int_equal(fw_init(&card, &hal), 0);
	ring_top = buf_top = 0;
	return 0;
}

static unsigned exec(const void *req, unsigned len, void *rsp, unsigned rsp_len)
{
	return fake_mbox_exec(&hal, &card, req, len, rsp, rsp_len);
}

static unsigned set_features(uint32_t vif, uint64_t f)
{
	struct svnic_mbox_vif_features_req rq = { { SVNIC_MBOX_OP_VIF_SET_FEATURES, sizeof(rq), vif },
						  f };
	return exec(&rq, sizeof(rq), NULL, 0);
}

static unsigned dma_map(uint32_t vif, uint64_t iova, uint64_t len)
{
	struct svnic_mbox_dma_req rq = { { SVNIC_MBOX_OP_DMA_MAP, sizeof(rq), vif }, iova, len };
	return exec(&rq, sizeof(rq), NULL, 0);
}

static struct svnic_mbox_vif_query_rsp query(uint32_t vif)
{
	struct svnic_mbox_hdr rq = { SVNIC_MBOX_OP_VIF_QUERY, sizeof(rq), vif };
	struct svnic_mbox_vif_query_rsp rs;
	assert_int_equal(exec(&rq, sizeof(rq), &rs, sizeof(rs)), SVNIC_MBOX_ST_OK);
	return rs;
}

static unsigned cfg_vector(uint32_t vif)
{
	return SVNIC_IRQ_CONFIG_VECTOR(NVIF, QPV, vif);
}

/* ---- the driver's side of a ring, split or packed ---- */

struct ring {
	bool packed;
	uint32_t vif, queue;
	uint16_t size;
	uint64_t desc, drv, dev; /* split: table, avail, used; packed: ring, event areas */
	uint16_t next;           /* split: next free descriptor; packed: next position */
	bool wrap;               /* packed: the driver's wrap counter */
	uint16_t avail_idx;      /* split: the driver's avail index */
};

static struct ring attach_at(uint32_t vif, uint32_t q, uint16_t size, bool packed)
{
	struct ring r;
	memset(&r, 0, sizeof(r));
	r.packed = packed;
	r.vif = vif;
	r.queue = q;
	r.size = size;
	r.desc = MEM(ring_top);
	r.drv = r.desc + 16u * size;
	r.dev = packed ? r.drv + 4u : (r.drv + 6u + 2u * size + 3u) & ~3ull;
	uint64_t end = r.dev + 6u + 8u * size;
	ring_top = (end - FAKE_MEM_BASE + 0xffu) & ~0xffull;
	assert_true(ring_top <= RING_AREA);
	memset(host(r.desc), 0, end - r.desc);
	r.wrap = true; /* a packed driver starts in lap 1 */

	struct svnic_mbox_queue_attach_req a;
	memset(&a, 0, sizeof(a));
	a.h = (struct svnic_mbox_hdr){ SVNIC_MBOX_OP_QUEUE_ATTACH, sizeof(a), vif };
	a.queue = q;
	a.size = size;
	a.desc = r.desc;
	a.avail = r.drv;
	a.used = r.dev;
	a.avail_idx = packed ? SVNIC_QUEUE_IDX_WRAP : 0;
	a.used_idx = packed ? SVNIC_QUEUE_IDX_WRAP : 0;
	a.vector = vif * QPV + q;
	a.flags = packed ? SVNIC_QUEUE_F_PACKED : 0;
	assert_int_equal(exec(&a, sizeof(a), NULL, 0), SVNIC_MBOX_ST_OK);
	return r;
}

/* One descriptor as the test writes it (split: `next` as given). */
struct d {
	uint64_t addr;
	uint32_t len;
	uint16_t flags;
	uint16_t next;
};

static void split_desc(const struct ring *r, uint16_t i, const struct d *d)
{
	struct svnic_vring_desc v = { d->addr, d->len, d->flags, d->next };
	memcpy(host(r->desc + 16u * i), &v, 16);
}

static void split_avail(struct ring *r, uint16_t head)
{
	memcpy(host(r->drv + SVNIC_VRING_AVAIL_RING_OFF(r->avail_idx % r->size)), &head, 2);
	r->avail_idx++;
	memcpy(host(r->drv + SVNIC_VRING_AVAIL_IDX_OFF), &r->avail_idx, 2);
}

/*
 * Make d[0 .. n) available as one chain at the ring's next descriptors,
 * exactly as given (split: `next` fields are not touched; packed: the
 * driver's lap bits are added and every descriptor gets ID `id`), the head
 * published last as a driver does. Returns the head's index or position.
 */
static uint16_t post_raw(struct ring *r, const struct d *d, unsigned n, uint16_t id)
{
	uint16_t head = r->next;
	if (!r->packed) {
		for (unsigned i = 0; i < n; i++)
			split_desc(r, (uint16_t)((head + i) % r->size), &d[i]);
		r->next = (uint16_t)((head + n) % r->size);
		split_avail(r, head);
		return head;
	}
	uint16_t head_flags = 0;
	for (unsigned i = 0; i < n; i++) {
		uint16_t f = d[i].flags | (r->wrap ? FW_PACKED_DESC_F_AVAIL : FW_PACKED_DESC_F_USED);
		struct fw_packed_desc p = { d[i].addr, d[i].len, id, i == 0 ? 0 : f };
		memcpy(host(r->desc + 16u * r->next), &p, 16);
		if (i == 0)
			head_flags = f;
		if (++r->next == r->size) {
			r->next = 0;
			r->wrap = !r->wrap;
		}
	}
	memcpy(host(r->desc + 16u * head + 14u), &head_flags, 2);
	return head;
}

/* As post_raw, with NEXT links added: a well-formed chain. */
static uint16_t post_chain(struct ring *r, const struct d *d, unsigned n, uint16_t id)
{
	struct d c[64];
	assert_true(n <= 64);
	for (unsigned i = 0; i < n; i++) {
		c[i] = d[i];
		if (i + 1 < n) {
			c[i].flags |= F_N;
			c[i].next = (uint16_t)((r->next + i + 1u) % r->size);
		}
	}
	return post_raw(r, c, n, id);
}

static void doorbell(const struct ring *r)
{
	hal.reg[SVNIC_FW_DB_PENDING / 4] |= 1u << (r->vif * QPV + r->queue);
}

static void run(unsigned passes)
{
	for (unsigned i = 0; i < passes; i++)
		fw_poll(&card);
}

/* Used entries the device completed on the ring, counted from the start. */
static unsigned used_count(const struct ring *r)
{
	if (!r->packed) {
		uint16_t idx;
		memcpy(&idx, host(r->dev + SVNIC_VRING_USED_IDX_OFF), 2);
		return idx;
	}
	/* Packed, first lap: used descriptors have AVAIL and USED set. */
	unsigned n = 0;
	for (unsigned i = 0; i < r->size; i++) {
		uint16_t f;
		memcpy(&f, host(r->desc + 16u * i + 14u), 2);
		if ((f & FW_PACKED_DESC_F_AVAIL) && (f & FW_PACKED_DESC_F_USED))
			n++;
	}
	return n;
}

/* The ID of the k-th used entry, for chains of `ndesc` descriptors. */
static uint16_t used_id(const struct ring *r, unsigned k, unsigned ndesc)
{
	if (!r->packed) {
		struct svnic_vring_used_elem e;
		memcpy(&e, host(r->dev + SVNIC_VRING_USED_RING_OFF(k % r->size)), sizeof(e));
		return (uint16_t)e.id;
	}
	struct fw_packed_desc p;
	memcpy(&p, host(r->desc + 16u * ((k * ndesc) % r->size)), 16);
	return p.id;
}

/* ---- frames ---- */

static void pattern(uint8_t *p, unsigned len, uint32_t vif, unsigned n)
{
	for (unsigned i = 0; i < len; i++)
		p[i] = (uint8_t)(vif * 101u + n * 13u + i * 7u + 1u);
}

/* A header and frame n of `vif` in guest memory, as two descriptors. */
static void frame_chain(struct d *out, uint32_t vif, unsigned n)
{
	uint64_t h = buf(HDR), f = buf(FRAME);
	memset(host(h), 0, HDR);
	pattern(host(f), FRAME, vif, n);
	out[0] = (struct d){ h, HDR, 0, 0 };
	out[1] = (struct d){ f, FRAME, 0, 0 };
}

/* Check that the frames `vif` sent are exactly its frames 0 .. n-1, in order. */
static void check_sent(uint32_t vif, unsigned n)
{
	unsigned seen = 0;
	assert_true(hal.tx_sent <= FAKE_SENT_MAX);
	for (unsigned i = 0; i < hal.tx_sent; i++) {
		const struct fake_sent *s = &hal.sent[i];
		if (s->vif != vif)
			continue;
		uint8_t want[FRAME];
		pattern(want, FRAME, vif, seen);
		assert_int_equal(s->len, FRAME);
		assert_memory_equal(s->data, want, FRAME);
		seen++;
	}
	assert_int_equal(seen, n);
}

static unsigned sent_by(uint32_t vif)
{
	unsigned n = 0;
	for (unsigned i = 0; i < hal.tx_sent && i < FAKE_SENT_MAX; i++)
		n += hal.sent[i].vif == vif;
	return n;
}

/* ---- the well-behaved VIF, sending while the other one misbehaves ---- */

static uint32_t good;
static struct ring gtx;
static unsigned gposted;

static void good_post(unsigned n)
{
	for (unsigned i = 0; i < n; i++, gposted++) {
		struct d c[2];
		frame_chain(c, good, gposted);
		post_chain(&gtx, c, 2, (uint16_t)gposted);
	}
	doorbell(&gtx);
}

static void good_start(bool packed, uint16_t size, unsigned n)
{
	good = fake_make_vif(&hal, &card, 2, layout(packed));
	gtx = attach_at(good, TXQ, size, packed);
	gposted = 0;
	good_post(n);
}

/* Everything it posted went out intact and in order, and its counters agree. */
static void good_check(void)
{
	const struct fw_vif *v = &card.vif[good];
	check_sent(good, gposted);
	assert_int_equal(used_count(&gtx), gposted);
	for (unsigned k = 0; k < gposted; k++)
		assert_int_equal(used_id(&gtx, k, 2), gtx.packed ? k : (2u * k) % gtx.size);
	assert_int_equal(v->state, SVNIC_VIF_RUNNING);
	assert_int_equal(v->error, SVNIC_VIF_ERR_NONE);
	assert_int_equal(v->errors, 0);
	assert_int_equal(v->tx_bad_frames, 0);
	assert_int_equal(v->notifies, hal.irq_vec[good * QPV + TXQ]);
	assert_true(v->notifies >= 1);
	assert_int_equal(hal.irq_vec[cfg_vector(good)], 0);
}

/* ---- the offending VIF ---- */

static void assert_needs_reset(uint32_t vif, unsigned err)
{
	const struct fw_vif *v = &card.vif[vif];
	assert_int_equal(v->state, SVNIC_VIF_NEEDS_RESET);
	assert_int_equal(v->error, err);
	assert_int_equal(v->errors, 1);
	struct svnic_mbox_vif_query_rsp q = query(vif);
	assert_int_equal(q.state, SVNIC_VIF_NEEDS_RESET);
	assert_int_equal(q.error, err);
	assert_int_equal(q.errors, 1);
	assert_int_equal(hal.irq_vec[cfg_vector(vif)], 1);
}

/* The offender runs with the good VIF; both are judged after a few passes. */
static uint32_t bad;

static void start(bool packed, uint64_t bad_features)
{
	bad = fake_make_vif(&hal, &card, 1, bad_features);
	good_start(packed, 32, GOOD_FRAMES);
}

static void finish(uint32_t vif, unsigned err, const struct ring *bad_ring)
{
	run(4);
	assert_needs_reset(vif, err);
	if (bad_ring)
		assert_int_equal(used_count(bad_ring), 0);
	good_check();
}

/* No DMA command touched [lo, hi). */
static void assert_no_dma_in(uint64_t lo, uint64_t hi)
{
	assert_true(hal.nlog <= FAKE_LOG_MAX);
	for (unsigned i = 0; i < hal.nlog; i++)
		assert_false(hal.log[i].iova < hi && lo < hal.log[i].iova + hal.log[i].len);
}

#define SPLIT_AND_PACKED(name)                                                      \
	static void name##_split(void **state)                                       \
	{                                                                            \
		(void)state;                                                         \
		name(false);                                                         \
	}                                                                            \
	static void name##_packed(void **state)                                      \
	{                                                                            \
		(void)state;                                                         \
		name(true);                                                          \
	}

/* ---- descriptor loops and chains longer than the ring ---- */

static void desc_loop(bool packed)
{
	start(packed, layout(packed));
	struct ring t = attach_at(bad, TXQ, 16, packed);
	uint64_t b = buf(HDR + FRAME);
	struct d c[16];
	if (!packed) {
		/* 0 -> 1 -> 0 -> ...: each index visited again */
		c[0] = (struct d){ b, HDR, F_N, 1 };
		c[1] = (struct d){ b + HDR, FRAME, F_N, 0 };
		post_raw(&t, c, 2, 0);
	} else {
		/* all 16 descriptors of the ring, the last still saying NEXT */
		for (unsigned i = 0; i < 16; i++)
			c[i] = (struct d){ b, 4, F_N, 0 };
		post_raw(&t, c, 16, 0);
	}
	doorbell(&t);
	finish(bad, SVNIC_VIF_ERR_DESC_LOOP, &t);
}
SPLIT_AND_PACKED(desc_loop)

/* ---- zero-length and over-long chains ---- */

static void zero_length_chain(bool packed)
{
	start(packed, layout(packed));
	struct ring t = attach_at(bad, TXQ, 16, packed);
	struct d c[2] = { { buf(16), 0, 0, 0 }, { buf(16), 0, 0, 0 } };
	post_chain(&t, c, 2, 0);
	doorbell(&t);
	finish(bad, SVNIC_VIF_ERR_DESC_LEN, &t);
}
SPLIT_AND_PACKED(zero_length_chain)

static void chain_over_4gib(bool packed)
{
	start(packed, layout(packed));
	/* A window large enough that two buffers pass the address check. */
	assert_int_equal(dma_map(bad, BIG_WIN, 2 * BIG_WIN), SVNIC_MBOX_ST_OK);
	struct ring t = attach_at(bad, TXQ, 16, packed);
	struct d c[2] = { { BIG_WIN, 0xffffffffu, 0, 0 }, { 2 * BIG_WIN, 0xffffffffu, 0, 0 } };
	post_chain(&t, c, 2, 0);
	doorbell(&t);
	finish(bad, SVNIC_VIF_ERR_DESC_LEN, &t);
	assert_no_dma_in(BIG_WIN, 3 * BIG_WIN);
}
SPLIT_AND_PACKED(chain_over_4gib)

/* ---- addresses outside the VIF's memory, or straddling regions ---- */

static void addr_outside_memory(bool packed)
{
	start(packed, layout(packed));
	uint32_t wraps = fake_make_vif(&hal, &card, 3, layout(packed));
	struct ring t = attach_at(bad, TXQ, 16, packed);
	struct ring w = attach_at(wraps, TXQ, 16, packed);
	uint64_t hdr = buf(HDR);
	uint64_t outside = MEM(FAKE_MEM_SIZE) + 0x10000u;
	struct d c[2] = { { hdr, HDR, 0, 0 }, { outside, FRAME, 0, 0 } };
	post_chain(&t, c, 2, 0);
	/* a buffer whose end wraps past 2^64 into the window */
	struct d cw[2] = { { hdr, HDR, 0, 0 }, { 0xfffffffffffffff0ull, 0x20u, 0, 0 } };
	post_chain(&w, cw, 2, 0);
	doorbell(&t);
	doorbell(&w);
	finish(bad, SVNIC_VIF_ERR_DESC_ADDR, &t);
	assert_needs_reset(wraps, SVNIC_VIF_ERR_DESC_ADDR);
	assert_int_equal(used_count(&w), 0);
	assert_no_dma_in(outside, outside + FRAME);
	assert_no_dma_in(0xfffffffffffffff0ull, UINT64_MAX);
}
SPLIT_AND_PACKED(addr_outside_memory)

static void addr_straddles_regions(bool packed)
{
	start(packed, layout(packed));
	uint32_t edge = fake_make_vif(&hal, &card, 3, layout(packed));
	/* bad has a second window right after the first: a buffer across
	 * the seam lies in neither */
	uint64_t seam = MEM(FAKE_MEM_SIZE);
	assert_int_equal(dma_map(bad, seam, 0x1000), SVNIC_MBOX_ST_OK);
	struct ring t = attach_at(bad, TXQ, 16, packed);
	struct ring e = attach_at(edge, TXQ, 16, packed);
	uint64_t hdr = buf(HDR);
	struct d c[2] = { { hdr, HDR, 0, 0 }, { seam - 32u, FRAME, 0, 0 } };
	post_chain(&t, c, 2, 0);
	/* edge has one window: a buffer across its end */
	struct d ce[2] = { { hdr, HDR, 0, 0 }, { seam - 16u, FRAME, 0, 0 } };
	post_chain(&e, ce, 2, 0);
	doorbell(&t);
	doorbell(&e);
	finish(bad, SVNIC_VIF_ERR_DESC_ADDR, &t);
	assert_needs_reset(edge, SVNIC_VIF_ERR_DESC_ADDR);
	assert_int_equal(used_count(&e), 0);
	assert_no_dma_in(seam - 32u, seam + 0x1000u);
}
SPLIT_AND_PACKED(addr_straddles_regions)

/* ---- indirect tables ---- */

/* Entry i of an indirect table in the ring's layout (split: linked to i + 1). */
static void table_entry(bool packed, uint64_t t, unsigned i, uint64_t addr, uint32_t len,
			uint16_t flags)
{
	if (packed) {
		struct fw_packed_desc e = { addr, len, 0, flags };
		memcpy(host(t + 16u * i), &e, 16);
	} else {
		struct svnic_vring_desc e = { addr, len, flags, (uint16_t)(i + 1u) };
		memcpy(host(t + 16u * i), &e, 16);
	}
}

/* An indirect table of `n` entries: a header, a frame, then empty ones. */
static uint64_t table(bool packed, unsigned n, uint16_t first_flags)
{
	uint64_t t = buf(16u * n);
	uint64_t h = buf(HDR), f = buf(FRAME);
	memset(host(h), 0, HDR);
	pattern(host(f), FRAME, bad, 0);
	for (unsigned i = 0; i < n; i++) {
		uint16_t flags = i == 0 ? first_flags : 0;
		if (!packed && i + 1 < n)
			flags |= F_N;
		table_entry(packed, t, i, i == 1 ? f : h, i == 0 ? HDR : i == 1 ? FRAME : 0, flags);
	}
	return t;
}

static void indirect_nested(bool packed)
{
	start(packed, layout(packed));
	struct ring t = attach_at(bad, TXQ, 16, packed);
	struct d c = { table(packed, 2, F_I), 32, F_I, 0 };
	post_raw(&t, &c, 1, 0);
	doorbell(&t);
	finish(bad, SVNIC_VIF_ERR_DESC_INDIRECT, &t);
}
SPLIT_AND_PACKED(indirect_nested)

static void indirect_oversized(bool packed)
{
	start(packed, layout(packed));
	/* ring of 16: a table of 17 entries is longer than the ring; with a
	 * ring of 128, one of 65 is longer than the firmware takes */
	uint32_t big = fake_make_vif(&hal, &card, 3, layout(packed));
	struct ring t = attach_at(bad, TXQ, 16, packed);
	struct ring b = attach_at(big, TXQ, 128, packed);
	struct d c = { table(packed, 17, 0), 17 * 16, F_I, 0 };
	post_raw(&t, &c, 1, 0);
	struct d cb = { table(packed, 65, 0), 65 * 16, F_I, 0 };
	post_raw(&b, &cb, 1, 0);
	doorbell(&t);
	doorbell(&b);
	hal.nlog = 0;
	finish(bad, SVNIC_VIF_ERR_DESC_INDIRECT, &t);
	assert_needs_reset(big, SVNIC_VIF_ERR_DESC_INDIRECT);
	assert_int_equal(used_count(&b), 0);
	/* refused before a byte of either table was read */
	assert_no_dma_in(c.addr, c.addr + c.len);
	assert_no_dma_in(cb.addr, cb.addr + cb.len);
}
SPLIT_AND_PACKED(indirect_oversized)

static void indirect_misaligned(bool packed)
{
	start(packed, layout(packed));
	struct ring t = attach_at(bad, TXQ, 16, packed);
	struct d c = { table(packed, 2, 0), 24, F_I, 0 }; /* 1.5 descriptors */
	post_raw(&t, &c, 1, 0);
	doorbell(&t);
	hal.nlog = 0;
	finish(bad, SVNIC_VIF_ERR_DESC_INDIRECT, &t);
	assert_no_dma_in(c.addr, c.addr + 32);
}
SPLIT_AND_PACKED(indirect_misaligned)

static void indirect_with_next(bool packed)
{
	start(packed, layout(packed));
	struct ring t = attach_at(bad, TXQ, 16, packed);
	uint64_t tab = table(packed, 2, 0);
	struct d c[2] = { { tab, 32, F_I | F_N, 1 }, { buf(16), 16, 0, 0 } };
	post_raw(&t, c, 2, 0);
	doorbell(&t);
	if (packed) {
		/* packed: an indirect descriptor after others in a chain */
		uint32_t late = fake_make_vif(&hal, &card, 3, layout(packed));
		struct ring l = attach_at(late, TXQ, 16, packed);
		struct d cl[2] = { { buf(HDR), HDR, F_N, 0 }, { tab, 32, F_I, 0 } };
		post_raw(&l, cl, 2, 0);
		doorbell(&l);
		finish(bad, SVNIC_VIF_ERR_DESC_INDIRECT, &t);
		assert_needs_reset(late, SVNIC_VIF_ERR_DESC_INDIRECT);
		assert_int_equal(used_count(&l), 0);
		return;
	}
	finish(bad, SVNIC_VIF_ERR_DESC_INDIRECT, &t);
}
SPLIT_AND_PACKED(indirect_with_next)

/* ---- the virtio-net header ---- */

static void rx_frame_waits(uint32_t vif, unsigned len)
{
	for (unsigned i = 0; i < len; i++)
		hal.rx_frame[i] = (uint8_t)(0x30 + i * 3u);
	hal.rx_frames = 1;
	hal.reg[SVNIC_FW_VIF_REG(vif, SVNIC_FW_VIF_RX_HEAD_LEN) / 4] = len;
	hal.reg[SVNIC_FW_RX_READY / 4] |= 1u << vif;
}

static void chain_shorter_than_header(bool packed)
{
	start(packed, layout(packed));
	uint32_t rxv = fake_make_vif(&hal, &card, 3, layout(packed));
	struct ring t = attach_at(bad, TXQ, 16, packed);
	struct ring r = attach_at(rxv, RXQ, 16, packed);
	/* TX: 8 of the header's 12 bytes in two pieces, nothing after */
	struct d c[2] = { { buf(4), 4, 0, 0 }, { buf(4), 4, 0, 0 } };
	post_chain(&t, c, 2, 0);
	/* RX: 8 writable bytes for a 12-byte header and a frame */
	struct d cr = { buf(8), 8, F_W, 0 };
	post_chain(&r, &cr, 1, 0);
	rx_frame_waits(rxv, 60);
	doorbell(&t);
	doorbell(&r);
	finish(bad, SVNIC_VIF_ERR_DESC_LEN, &t);
	assert_needs_reset(rxv, SVNIC_VIF_ERR_DESC_LEN);
	assert_int_equal(used_count(&r), 0);
	assert_int_equal(card.vif[rxv].rx_delivered, 0);
}
SPLIT_AND_PACKED(chain_shorter_than_header)

/* Legal (VERSION_1 lets a driver frame buffers as it likes): delivered intact. */
static void header_split_across_descriptors(bool packed)
{
	good = fake_make_vif(&hal, &card, 2, layout(packed));
	uint32_t rxv = fake_make_vif(&hal, &card, 3, layout(packed));
	gtx = attach_at(good, TXQ, 32, packed);
	struct ring r = attach_at(rxv, RXQ, 16, packed);
	gposted = 1;
	/* TX: header bytes 0..4 | header 5..11 and frame 0..19 | frame 20.. */
	uint64_t a = buf(5), b = buf(7 + 20), f = buf(FRAME - 20);
	uint8_t frame[FRAME];
	pattern(frame, FRAME, good, 0);
	memset(host(a), 0, 5);
	memset(host(b), 0, 7);
	memcpy(host(b + 7), frame, 20);
	memcpy(host(f), frame + 20, FRAME - 20);
	struct d c[3] = { { a, 5, 0, 0 }, { b, 27, 0, 0 }, { f, FRAME - 20, 0, 0 } };
	post_chain(&gtx, c, 3, 0);
	doorbell(&gtx);
	/* RX: 5 bytes | 7 + 30 bytes | 200 bytes, for a 100-byte frame */
	uint64_t r0 = buf(5), r1 = buf(37), r2 = buf(200);
	memset(host(r0), 0xee, 5);
	memset(host(r1), 0xee, 37);
	memset(host(r2), 0xee, 200);
	struct d cr[3] = { { r0, 5, F_W, 0 }, { r1, 37, F_W, 0 }, { r2, 200, F_W, 0 } };
	post_chain(&r, cr, 3, 9);
	rx_frame_waits(rxv, 100);
	doorbell(&r);
	run(4);

	check_sent(good, 1);
	assert_int_equal(used_count(&gtx), 1);
	assert_int_equal(card.vif[good].state, SVNIC_VIF_RUNNING);
	assert_int_equal(card.vif[good].errors, 0);
	assert_int_equal(card.vif[good].tx_bad_frames, 0);

	assert_int_equal(card.vif[rxv].state, SVNIC_VIF_RUNNING);
	assert_int_equal(card.vif[rxv].errors, 0);
	assert_int_equal(card.vif[rxv].rx_delivered, 1);
	uint8_t got[HDR + 100];
	memcpy(got, host(r0), 5);
	memcpy(got + 5, host(r1), 37);
	memcpy(got + 42, host(r2), HDR + 100 - 42);
	struct svnic_virtio_net_hdr want;
	memset(&want, 0, sizeof(want));
	want.num_buffers = 1;
	assert_memory_equal(got, &want, HDR);
	assert_memory_equal(got + HDR, hal.rx_frame, 100);
	assert_int_equal(host(r2)[HDR + 100 - 42], 0xee); /* nothing past the frame */
	assert_int_equal(used_count(&r), 1);
	assert_int_equal(used_id(&r, 0, 3), packed ? 9 : 0);
	assert_int_equal(hal.irq_vec[cfg_vector(good)] + hal.irq_vec[cfg_vector(rxv)], 0);
}
SPLIT_AND_PACKED(header_split_across_descriptors)

/*
 * The header is 10 bytes without VERSION_1 and 12 with it, on both paths:
 * a frame is taken from right after it and written right after it.
 */
static void header_size_follows_features(void **state)
{
	(void)state;
	struct {
		uint64_t features;
		bool packed;
		unsigned hdr;
	} kind[3] = { { 0, false, SVNIC_VIRTIO_NET_HDR_LEN_LEGACY },
		      { F_V1, false, SVNIC_VIRTIO_NET_HDR_LEN },
		      { F_V1 | F_PACKED, true, SVNIC_VIRTIO_NET_HDR_LEN } };
	for (unsigned k = 0; k < 3; k++) {
		uint32_t vif = fake_make_vif(&hal, &card, (uint8_t)(1 + k), kind[k].features);
		assert_int_equal(card.vif[vif].hdr_len, kind[k].hdr);
		struct ring t = attach_at(vif, TXQ, 16, kind[k].packed);
		struct ring r = attach_at(vif, RXQ, 16, kind[k].packed);
		/* TX: one buffer, header then frame; the header's bytes are
		 * not zero so that a frame taken from the wrong offset shows */
		uint64_t b = buf(kind[k].hdr + FRAME);
		memset(host(b), 0x5a, kind[k].hdr);
		pattern(host(b + kind[k].hdr), FRAME, vif, 0);
		struct d c = { b, kind[k].hdr + FRAME, 0, 0 };
		post_chain(&t, &c, 1, 0);
		doorbell(&t);
		/* RX: one 200-byte buffer */
		uint64_t rb = buf(200);
		memset(host(rb), 0xee, 200);
		struct d cr = { rb, 200, F_W, 0 };
		post_chain(&r, &cr, 1, 0);
		doorbell(&r);
		rx_frame_waits(vif, 70);
		run(3);
		check_sent(vif, 1);
		assert_int_equal(card.vif[vif].rx_delivered, 1);
		for (unsigned i = 0; i < kind[k].hdr; i++)
			assert_int_equal(host(rb)[i], i == 10 ? 1 : 0); /* num_buffers = 1 */
		assert_memory_equal(host(rb + kind[k].hdr), hal.rx_frame, 70);
		assert_int_equal(host(rb)[kind[k].hdr + 70], 0xee);
		if (!r.packed) {
			struct svnic_vring_used_elem e;
			memcpy(&e, host(r.dev + SVNIC_VRING_USED_RING_OFF(0)), sizeof(e));
			assert_int_equal(e.len, kind[k].hdr + 70);
		} else {
			struct fw_packed_desc p;
			memcpy(&p, host(r.desc), 16);
			assert_int_equal(p.len, kind[k].hdr + 70);
		}
		assert_int_equal(card.vif[vif].state, SVNIC_VIF_RUNNING);
		assert_int_equal(card.vif[vif].errors, 0);
	}
}

/*
 * What the card did not offer is refused at VIF_SET_FEATURES, and the VIF
 * keeps the header size it had: hash reports (a 20-byte header, also
 * beside merged RX buffers, which are offered), bits the card does not know, bits above 31 without VERSION_1,
 * and control commands without the control queue.
 */
static void unoffered_features_refused(void **state)
{
	(void)state;
	uint32_t vif = fake_make_vif(&hal, &card, 1, F_V1);
	static const uint64_t refused[] = {
		F_V1 | BIT(SVNIC_VIRTIO_NET_F_HASH_REPORT),
		F_V1 | BIT(SVNIC_VIRTIO_NET_F_MRG_RXBUF) | BIT(SVNIC_VIRTIO_NET_F_HASH_REPORT),
		F_V1 | BIT(63),
		F_PACKED,
		BIT(SVNIC_VIRTIO_F_IN_ORDER),
		F_V1 | BIT(SVNIC_VIRTIO_NET_F_CTRL_RX),
		F_V1 | BIT(SVNIC_VIRTIO_NET_F_CTRL_MAC_ADDR),
	};
	for (unsigned i = 0; i < sizeof(refused) / sizeof(refused[0]); i++) {
		assert_int_equal(set_features(vif, refused[i]), SVNIC_MBOX_ST_BAD_ARG);
		assert_int_equal(card.vif[vif].features, F_V1);
		assert_int_equal(card.vif[vif].hdr_len, SVNIC_VIRTIO_NET_HDR_LEN);
	}
	/* and what it offered is taken */
	assert_int_equal(set_features(vif, F_V1 | F_PACKED | F_CTRL), SVNIC_MBOX_ST_OK);
	assert_int_equal(set_features(vif, 0), SVNIC_MBOX_ST_OK);
	assert_int_equal(card.vif[vif].hdr_len, SVNIC_VIRTIO_NET_HDR_LEN_LEGACY);
	/* no change of header size under a running queue */
	attach_at(vif, TXQ, 16, false);
	assert_int_equal(set_features(vif, F_V1), SVNIC_MBOX_ST_BAD_STATE);
	assert_int_equal(card.vif[vif].hdr_len, SVNIC_VIRTIO_NET_HDR_LEN_LEGACY);
}

/* ---- avail index and queue indices ---- */

static void avail_idx_jump_split(void **state)
{
	(void)state;
	start(false, layout(false));
	struct ring t = attach_at(bad, TXQ, 16, false);
	struct d c[2];
	frame_chain(c, bad, 0);
	post_chain(&t, c, 2, 0);
	uint16_t idx = 17; /* 17 entries ahead of a ring of 16 */
	memcpy(host(t.drv + SVNIC_VRING_AVAIL_IDX_OFF), &idx, 2);
	doorbell(&t);
	finish(bad, SVNIC_VIF_ERR_AVAIL_IDX, &t);
	assert_int_equal(sent_by(bad), 0);
}

static void bad_queue_index_split(void **state)
{
	(void)state;
	start(false, layout(false));
	uint32_t nxt = fake_make_vif(&hal, &card, 3, layout(false));
	struct ring t = attach_at(bad, TXQ, 16, false);
	struct ring n = attach_at(nxt, TXQ, 16, false);
	/* a head outside the ring */
	struct d c[2];
	frame_chain(c, bad, 0);
	split_desc(&t, 0, &c[0]);
	split_avail(&t, 16);
	/* a link outside the ring */
	c[0].flags = F_N;
	c[0].next = 40;
	post_raw(&n, c, 1, 0);
	doorbell(&t);
	doorbell(&n);
	finish(bad, SVNIC_VIF_ERR_DESC_INDEX, &t);
	assert_needs_reset(nxt, SVNIC_VIF_ERR_DESC_INDEX);
	assert_int_equal(used_count(&n), 0);

	/* the host's queue numbers: refused, nothing changes */
	struct svnic_mbox_queue_attach_req a;
	memset(&a, 0, sizeof(a));
	a.h = (struct svnic_mbox_hdr){ SVNIC_MBOX_OP_QUEUE_ATTACH, sizeof(a), good };
	a.queue = QPV;
	a.size = 16;
	a.desc = MEM(0x7000);
	a.avail = MEM(0x7100);
	a.used = MEM(0x7200);
	a.vector = good * QPV + QPV;
	assert_int_equal(exec(&a, sizeof(a), NULL, 0), SVNIC_MBOX_ST_BAD_ARG);
	struct svnic_mbox_queue_req dq = { { SVNIC_MBOX_OP_QUEUE_DETACH, sizeof(dq), good }, 7, 0 };
	assert_int_equal(exec(&dq, sizeof(dq), NULL, 0), SVNIC_MBOX_ST_BAD_ARG);
	good_post(2);
	run(2);
	good_check();
}

/*
 * Packed rings carry no indices from the driver except the descriptor
 * offset of its event suppression area: one outside the ring.
 */
static void bad_queue_index_packed(void **state)
{
	(void)state;
	start(true, layout(true) | F_EVT);
	struct ring t = attach_at(bad, TXQ, 16, true);
	struct d c[2];
	frame_chain(c, bad, 0);
	post_chain(&t, c, 2, 0);
	struct fw_packed_event ev = { 16, FW_PACKED_EVENT_DESC };
	memcpy(host(t.drv), &ev, sizeof(ev));
	doorbell(&t);
	run(4);
	assert_needs_reset(bad, SVNIC_VIF_ERR_EVENT_SUPPR);
	good_check();
}

/* ---- control queue payloads of the wrong size ---- */

static void ctrl_payload_wrong_size(bool packed)
{
	bad = fake_make_vif(&hal, &card, 1, layout(packed) | F_CTRL);
	good_start(packed, 32, GOOD_FRAMES);
	uint32_t noack = fake_make_vif(&hal, &card, 3, layout(packed) | F_CTRL);
	uint32_t odd = fake_make_vif(&hal, &card, 4, layout(packed) | F_CTRL);
	struct ring q = attach_at(bad, CTRLQ, 16, packed);
	struct ring qn = attach_at(noack, CTRLQ, 16, packed);
	struct ring qo = attach_at(odd, CTRLQ, 16, packed);

	/* more command than a command can be, then the ack byte */
	uint64_t big = buf(FW_CTRL_CMD_MAX + 1u), ack = buf(1);
	memset(host(big), 0, FW_CTRL_CMD_MAX + 1u);
	struct d c[2] = { { big, FW_CTRL_CMD_MAX + 1u, 0, 0 }, { ack, 1, F_W, 0 } };
	post_chain(&q, c, 2, 0);
	/* a command with no room for the ack */
	uint64_t cmd = buf(3);
	uint8_t promisc_on[3] = { FW_VIRTIO_NET_CTRL_RX, FW_VIRTIO_NET_CTRL_RX_PROMISC, 1 };
	memcpy(host(cmd), promisc_on, 3);
	struct d cn[2] = { { cmd, 3, 0, 0 }, { buf(1), 0, F_W, 0 } };
	post_chain(&qn, cn, 2, 0);
	/* a well-formed chain whose command has a byte too many: the device
	 * answers ERR (virtio 1.2 section 5.1.6.5) and the VIF runs on */
	uint64_t cmd4 = buf(4), ack4 = buf(1);
	uint8_t promisc_long[4] = { FW_VIRTIO_NET_CTRL_RX, FW_VIRTIO_NET_CTRL_RX_PROMISC, 1, 0 };
	memcpy(host(cmd4), promisc_long, 4);
	*host(ack4) = 0xee;
	struct d co[2] = { { cmd4, 4, 0, 0 }, { ack4, 1, F_W, 0 } };
	post_chain(&qo, co, 2, 0);
	doorbell(&q);
	doorbell(&qn);
	doorbell(&qo);

	finish(bad, SVNIC_VIF_ERR_CTRL_CMD, &q);
	assert_int_equal(*host(ack), 0);
	assert_needs_reset(noack, SVNIC_VIF_ERR_CTRL_CMD);
	assert_int_equal(used_count(&qn), 0);
	assert_int_equal(card.vif[odd].state, SVNIC_VIF_RUNNING);
	assert_int_equal(card.vif[odd].errors, 0);
	assert_int_equal(*host(ack4), FW_VIRTIO_NET_ERR);
	assert_int_equal(card.vif[odd].ctrl.cnt.refused[FW_CTRL_R_LONG], 1);
	assert_int_equal(card.vif[odd].ctrl.cnt.accepted, 0);
	assert_false(card.vif[odd].ctrl.cfg.rx_mode & FW_CTRL_RX_PROMISC);
	assert_int_equal(used_count(&qo), 1);
	assert_int_equal(hal.irq_vec[cfg_vector(odd)], 0);
}
SPLIT_AND_PACKED(ctrl_payload_wrong_size)

/* ---- descriptors made available again while in use ---- */

/*
 * With IN_ORDER a TX pass marks its chains used at its end. A driver that
 * flags a descriptor available for the next lap before then hands the
 * device more descriptors than the ring has (here: each one again right
 * after the device read it); the used position would move past the ring.
 */
static struct ring *reuse_ring;

static void repost_after_read(struct fw_hal *h, const struct fake_dma_op *op)
{
	(void)h;
	struct ring *r = reuse_ring;
	if (op->op != SVNIC_DMA_OP_HOST_TO_FW || op->iova < r->desc ||
	    op->iova >= r->desc + 16u * r->size || (op->iova - r->desc) % 16u != 0)
		return;
	/* the descriptor's body was just read: flag it available for the
	 * next lap, as if the device had used it */
	uint16_t f;
	memcpy(&f, host(op->iova + 14u), 2);
	f ^= FW_PACKED_DESC_F_AVAIL | FW_PACKED_DESC_F_USED;
	memcpy(host(op->iova + 14u), &f, 2);
}

static void desc_inuse_packed(void **state)
{
	(void)state;
	start(true, layout(true) | BIT(SVNIC_VIRTIO_F_IN_ORDER));
	struct ring t = attach_at(bad, TXQ, 2, true);
	uint64_t b = buf(HDR + FRAME);
	memset(host(b), 0, HDR);
	pattern(host(b + HDR), FRAME, bad, 0);
	struct d c = { b, HDR + FRAME, 0, 0 };
	post_chain(&t, &c, 1, 0);
	post_chain(&t, &c, 1, 1);
	reuse_ring = &t;
	hal.after_dma = repost_after_read;
	doorbell(&t);
	fw_poll(&card);
	hal.after_dma = NULL;
	run(3);
	assert_needs_reset(bad, SVNIC_VIF_ERR_DESC_INUSE);
	assert_int_equal(sent_by(bad), 2); /* the two chains the ring held */
	assert_int_equal(card.vif[bad].vq[TXQ].used_idx, 0);
	good_check();
}

/* ---- flooding one queue ---- */

/*
 * One VIF fills a ring of 256 chains, the other posts 32: every pass sends
 * at most FW_TX_BUDGET of the flood, and the other VIF's frames go out in
 * each pass until they are all out. Nothing is lost on either side.
 */
static void flood_does_not_starve(bool packed)
{
	uint32_t flood = fake_make_vif(&hal, &card, 1, layout(packed));
	struct ring f = attach_at(flood, TXQ, 256, packed);
	for (unsigned i = 0; i < 256; i++) {
		uint64_t b = buf(HDR + FRAME);
		memset(host(b), 0, HDR);
		pattern(host(b + HDR), FRAME, flood, i);
		struct d c = { b, HDR + FRAME, 0, 0 };
		post_chain(&f, &c, 1, (uint16_t)i);
	}
	doorbell(&f);
	good_start(packed, 64, 32);

	unsigned g_prev = 0, f_prev = 0, passes = 0;
	while (sent_by(flood) < 256) {
		assert_true(++passes <= 256 / FW_TX_BUDGET + 1);
		fw_poll(&card);
		unsigned g = sent_by(good), fl = sent_by(flood);
		assert_true(fl - f_prev <= FW_TX_BUDGET);
		if (g_prev < gposted)
			assert_int_equal(g - g_prev, gposted - g_prev < FW_TX_BUDGET ? gposted - g_prev
										  : FW_TX_BUDGET);
		g_prev = g;
		f_prev = fl;
	}
	assert_int_equal(passes, 256 / FW_TX_BUDGET);
	check_sent(flood, 256);
	assert_int_equal(used_count(&f), 256);
	assert_int_equal(card.vif[flood].state, SVNIC_VIF_RUNNING);
	assert_int_equal(card.vif[flood].errors, 0);
	good_check();
}
SPLIT_AND_PACKED(flood_does_not_starve)

/* ---- no double fetch ---- */

/*
 * The driver overwrites what the firmware read right after each read of
 * the ring (avail entries, descriptors, indirect tables): garbage that
 * would fail the VIF if the firmware looked again. The firmware acts on
 * its first copy, and reads each descriptor byte exactly once.
 */
struct watch {
	uint64_t lo, hi;
};
static struct watch watched[4];
static unsigned nwatched;

static void rewrite_after_read(struct fw_hal *h, const struct fake_dma_op *op)
{
	(void)h;
	if (op->op != SVNIC_DMA_OP_HOST_TO_FW || op->st != SVNIC_DMA_ST_OK)
		return;
	for (unsigned w = 0; w < nwatched; w++)
		for (uint64_t a = op->iova; a < op->iova + op->len; a++)
			if (a >= watched[w].lo && a < watched[w].hi)
				*host(a) = 0x5a;
}

/* Reads of each byte of [lo, hi) in the DMA log: all exactly one. */
static void assert_read_once(uint64_t lo, uint64_t hi)
{
	assert_true(hal.nlog <= FAKE_LOG_MAX);
	for (uint64_t a = lo; a < hi; a++) {
		unsigned reads = 0;
		for (unsigned i = 0; i < hal.nlog; i++)
			if (hal.log[i].op == SVNIC_DMA_OP_HOST_TO_FW && a >= hal.log[i].iova &&
			    a < hal.log[i].iova + hal.log[i].len)
				reads++;
		assert_int_equal(reads, 1);
	}
}

static void no_double_fetch(bool packed)
{
	uint32_t vif = fake_make_vif(&hal, &card, 1, layout(packed));
	good = vif;
	gtx = attach_at(vif, TXQ, 16, packed);
	/* chain 0: header and frame 0 in the ring; chain 1: frame 1 in an
	 * indirect table */
	struct d c[2];
	frame_chain(c, vif, 0);
	post_chain(&gtx, c, 2, 0);
	uint64_t tab = buf(32);
	struct d t[2];
	frame_chain(t, vif, 1);
	table_entry(packed, tab, 0, t[0].addr, t[0].len, packed ? 0 : F_N);
	table_entry(packed, tab, 1, t[1].addr, t[1].len, 0);
	struct d ci = { tab, 32, F_I, 0 };
	post_raw(&gtx, &ci, 1, 1);
	gposted = 2;

	nwatched = 0;
	watched[nwatched++] = (struct watch){ gtx.desc, gtx.desc + 3u * 16u };
	watched[nwatched++] = (struct watch){ tab, tab + 32 };
	if (!packed)
		watched[nwatched++] = (struct watch){ gtx.drv + SVNIC_VRING_AVAIL_RING_OFF(0),
						      gtx.drv + SVNIC_VRING_AVAIL_RING_OFF(2) };
	hal.after_dma = rewrite_after_read;
	hal.nlog = 0;
	doorbell(&gtx);
	run(3);
	hal.after_dma = NULL;

	for (unsigned w = 0; w < nwatched; w++)
		assert_read_once(watched[w].lo, watched[w].hi);
	check_sent(vif, 2);
	assert_int_equal(used_count(&gtx), 2);
	assert_int_equal(used_id(&gtx, 0, 2), 0);
	assert_int_equal(card.vif[vif].state, SVNIC_VIF_RUNNING);
	assert_int_equal(card.vif[vif].errors, 0);
	assert_int_equal(card.vif[vif].tx_bad_frames, 0);
	assert_int_equal(hal.irq_vec[cfg_vector(vif)], 0);
}
SPLIT_AND_PACKED(no_double_fetch)

#define BOTH(name) cmocka_unit_test_setup(name##_split, setup), cmocka_unit_test_setup(name##_packed, setup)

int main(void)
{
	const struct CMUnitTest tests[] = {
		BOTH(desc_loop),
		BOTH(zero_length_chain),
		BOTH(chain_over_4gib),
		BOTH(addr_outside_memory),
		BOTH(addr_straddles_regions),
		BOTH(indirect_nested),
		BOTH(indirect_oversized),
		BOTH(indirect_misaligned),
		BOTH(indirect_with_next),
		BOTH(chain_shorter_than_header),
		BOTH(header_split_across_descriptors),
		cmocka_unit_test_setup(header_size_follows_features, setup),
		cmocka_unit_test_setup(unoffered_features_refused, setup),
		cmocka_unit_test_setup(avail_idx_jump_split, setup),
		cmocka_unit_test_setup(bad_queue_index_split, setup),
		cmocka_unit_test_setup(bad_queue_index_packed, setup),
		BOTH(ctrl_payload_wrong_size),
		cmocka_unit_test_setup(desc_inuse_packed, setup),
		BOTH(flood_does_not_starve),
		BOTH(no_double_fetch),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
