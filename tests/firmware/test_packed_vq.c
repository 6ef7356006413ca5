/* SPDX-License-Identifier: MIT */
/*
 * Packed virtqueues on the live datapath, against the stand-in datapath:
 * QUEUE_ATTACH / QUEUE_DETACH with the packed layout and its wrap counters,
 * TX and RX across the end of the ring lap after lap (chains that straddle
 * it too), used descriptors written in place, indirect tables, event
 * suppression in both directions, VIRTIO_F_IN_ORDER (TX completed a pass
 * at a time), and malformed rings putting only their own VIF into
 * NEEDS_RESET.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "fake_hal.h"
#include "fw/fw.h"
#include "fw/vq.h"
#include "fw/vring_packed.h"
#include "svnic/dmacmd.h"
#include "svnic/mbox.h"
#include "svnic/regs.h"
#include "svnic/virtio.h"

static struct fw_hal hal;
static struct fw_card card;

#define F_N SVNIC_VRING_DESC_F_NEXT
#define F_W SVNIC_VRING_DESC_F_WRITE
#define F_I SVNIC_VRING_DESC_F_INDIRECT
#define F_AVAIL FW_PACKED_DESC_F_AVAIL
#define F_USED FW_PACKED_DESC_F_USED
#define FEAT(b) SVNIC_VIRTIO_BIT(SVNIC_VIRTIO_F_##b)
#define FEAT_PACKED (FEAT(VERSION_1) | FEAT(RING_PACKED))
#define HDR SVNIC_VIRTIO_NET_HDR_LEN
#define MEM(off) (FAKE_MEM_BASE + (off))
#define MAXQ 64u

/* The driver's side of one packed ring in the fake host memory. */
struct pring {
	uint32_t vif, queue;
	uint16_t size;
	uint64_t desc, drv, dev;   /* ring, driver and device event areas */
	uint16_t next;             /* where the driver makes the next chain available */
	bool wrap;                 /* the driver's ring wrap counter */
	uint16_t used_next;        /* where the driver expects the next used descriptor */
	bool used_wrap;            /* ... and in which lap */
	uint16_t ndesc[MAXQ];      /* descriptors of the chain posted with ID i */
};

static int setup(void **state)
{
	(void)state;
	fake_hal_reset(&hal, 4, 2);
	assert_int_equal(fw_init(&card, &hal), 0);
	/* The driver's event suppression, pass by pass: every interrupt it
	 * asks for at once (coalescing has its own tests in test_vq.c). */
	card.irq_hold_max = 0;
	return 0;
}

static unsigned exec(const void *req, unsigned len, void *rsp, unsigned rsp_len)
{
	return fake_mbox_exec(&hal, &card, req, len, rsp, rsp_len);
}

/* A VIF with all of the fake memory mapped and the given features. */
static uint32_t make_vif(uint8_t n, uint64_t features)
{
	return fake_make_vif(&hal, &card, n, features);
}

static struct svnic_mbox_queue_attach_req attach_req(uint32_t vif, uint32_t q, uint32_t size,
						     uint64_t base, uint16_t avail_idx,
						     uint16_t used_idx)
{
	struct svnic_mbox_queue_attach_req a;
	memset(&a, 0, sizeof(a));
	a.h = (struct svnic_mbox_hdr){ SVNIC_MBOX_OP_QUEUE_ATTACH, sizeof(a), vif };
	a.queue = q;
	a.size = size;
	a.desc = MEM(base);
	a.avail = MEM(base + 16u * size);
	a.used = MEM(base + 16u * size + 4u);
	a.avail_idx = avail_idx;
	a.used_idx = used_idx;
	a.vector = vif * 2 + q;
	a.flags = SVNIC_QUEUE_F_PACKED;
	return a;
}

/* Attach a fresh packed ring (both wrap counters 1, as a driver starts). */
static struct pring attach(uint32_t vif, uint32_t q, uint16_t size, uint64_t base)
{
	struct pring r;
	memset(&r, 0, sizeof(r));
	r.vif = vif;
	r.queue = q;
	r.size = size;
	r.desc = MEM(base);
	r.drv = MEM(base + 16u * size);
	r.dev = MEM(base + 16u * size + 4u);
	r.wrap = r.used_wrap = true;
	memset(fake_host(&hal, r.desc), 0, 16u * size + 8u);
	struct svnic_mbox_queue_attach_req a = attach_req(vif, q, size, base, 0x8000, 0x8000);
	assert_int_equal(exec(&a, sizeof(a), NULL, 0), SVNIC_MBOX_ST_OK);
	return r;
}

static struct fw_packed_desc get_desc(const struct pring *r, uint16_t i)
{
	struct fw_packed_desc d;
	memcpy(&d, fake_host(&hal, r->desc + 16u * i), 16);
	return d;
}

static void put_desc(const struct pring *r, uint16_t i, const struct fw_packed_desc *d)
{
	memcpy(fake_host(&hal, r->desc + 16u * i), d, 16);
}

struct buf {
	uint64_t addr;
	uint32_t len;
	uint16_t flags; /* NEXT is added for all but the last */
};

/*
 * Make a chain of n buffers available under buffer ID `id`, the head's
 * flags written last as a driver does.
 */
static void post(struct pring *r, uint16_t id, const struct buf *b, unsigned n)
{
	uint16_t head = r->next;
	uint16_t head_flags = 0;
	for (unsigned i = 0; i < n; i++) {
		uint16_t f = b[i].flags | (i + 1 < n ? F_N : 0);
		f |= r->wrap ? F_AVAIL : F_USED;
		struct fw_packed_desc d = { b[i].addr, b[i].len, id, i == 0 ? 0 : f };
		if (i == 0)
			head_flags = f;
		put_desc(r, r->next, &d);
		if (++r->next == r->size) {
			r->next = 0;
			r->wrap = !r->wrap;
		}
	}
	struct fw_packed_desc d = get_desc(r, head);
	d.flags = head_flags;
	put_desc(r, head, &d);
	r->ndesc[id] = (uint16_t)n;
}

/* Reap the next used descriptor: false if there is none yet. */
static bool reap(struct pring *r, uint16_t *id, uint32_t *len, uint16_t *flags)
{
	struct fw_packed_desc d = get_desc(r, r->used_next);
	bool avail = d.flags & F_AVAIL, used = d.flags & F_USED;
	if (avail != r->used_wrap || used != r->used_wrap)
		return false;
	*id = d.id;
	*len = d.len;
	*flags = d.flags;
	assert_true(d.id < MAXQ && r->ndesc[d.id] > 0);
	unsigned next = r->used_next + r->ndesc[d.id];
	if (next >= r->size) {
		next -= r->size;
		r->used_wrap = !r->used_wrap;
	}
	r->used_next = (uint16_t)next;
	return true;
}

static void doorbell(const struct pring *r)
{
	hal.reg[SVNIC_FW_DB_PENDING / 4] |= 1u << (r->vif * 2 + r->queue);
}

static struct fw_packed_event get_event(uint64_t iova)
{
	struct fw_packed_event e;
	memcpy(&e, fake_host(&hal, iova), 4);
	return e;
}

static void set_event(uint64_t iova, uint16_t off_wrap, uint16_t flags)
{
	struct fw_packed_event e = { off_wrap, flags };
	memcpy(fake_host(&hal, iova), &e, 4);
}

static void fill(uint64_t iova, unsigned len, uint8_t seed)
{
	uint8_t *p = fake_host(&hal, iova);
	for (unsigned i = 0; i < len; i++)
		p[i] = (uint8_t)(seed + i * 7u);
}

static void expect_sent(uint64_t frame, unsigned len)
{
	assert_int_equal(hal.tx_last_len, len);
	assert_memory_equal(hal.tx_last, fake_host(&hal, frame), len);
}

/* One frame of `len` bytes waiting in the card's RX buffer for `vif`. */
static void rx_frame(uint32_t vif, unsigned len, uint8_t seed)
{
	for (unsigned i = 0; i < len; i++)
		hal.rx_frame[i] = (uint8_t)(seed + i * 3u);
	hal.rx_frames = 1;
	hal.reg[SVNIC_FW_VIF_REG(vif, SVNIC_FW_VIF_RX_HEAD_LEN) / 4] = len;
	hal.reg[SVNIC_FW_RX_READY / 4] |= 1u << vif;
}

/* ---- the mailbox contract ---- */

static void attach_validates_the_packed_layout(void **state)
{
	(void)state;
	uint32_t split_vif = make_vif(1, FEAT(VERSION_1));
	uint32_t vif = make_vif(2, FEAT_PACKED);
	struct svnic_mbox_queue_attach_req a;

	/* The layout must match the features, both ways. */
	a = attach_req(split_vif, 1, 8, 0x1000, 0x8000, 0x8000);
	assert_int_equal(exec(&a, sizeof(a), NULL, 0), SVNIC_MBOX_ST_BAD_ARG);
	a = attach_req(vif, 1, 8, 0x1000, 0x8000, 0x8000);
	a.flags = 0;
	assert_int_equal(exec(&a, sizeof(a), NULL, 0), SVNIC_MBOX_ST_BAD_ARG);
	/* The first, shorter request means split: refused for a packed VIF... */
	a = attach_req(vif, 1, 8, 0x1000, 0x8000, 0x8000);
	a.h.len = SVNIC_MBOX_QUEUE_ATTACH_V1_LEN;
	assert_int_equal(exec(&a, SVNIC_MBOX_QUEUE_ATTACH_V1_LEN, NULL, 0), SVNIC_MBOX_ST_BAD_ARG);
	/* ... and still served for a split one. */
	a = attach_req(split_vif, 1, 8, 0x1000, 3, 3);
	a.flags = 0;
	a.h.len = SVNIC_MBOX_QUEUE_ATTACH_V1_LEN;
	assert_int_equal(exec(&a, SVNIC_MBOX_QUEUE_ATTACH_V1_LEN, NULL, 0), SVNIC_MBOX_ST_OK);
	assert_false(card.vif[split_vif].vq[1].packed);
	/* Any other length stays refused. */
	a = attach_req(vif, 1, 8, 0x1000, 0x8000, 0x8000);
	a.h.len = SVNIC_MBOX_QUEUE_ATTACH_V1_LEN + 4;
	assert_int_equal(exec(&a, a.h.len, NULL, 0), SVNIC_MBOX_ST_BAD_LENGTH);

	a = attach_req(vif, 1, 8, 0x1000, 0x8000, 0x8000);
	a.flags |= 2u;
	assert_int_equal(exec(&a, sizeof(a), NULL, 0), SVNIC_MBOX_ST_BAD_ARG);
	a = attach_req(vif, 1, 8, 0x1000, 0x8000, 0x8000);
	a.reserved = 1;
	assert_int_equal(exec(&a, sizeof(a), NULL, 0), SVNIC_MBOX_ST_BAD_ARG);
	a = attach_req(vif, 1, 8, 0x1000, 0x8008, 0x8000); /* index 8 of 8 */
	assert_int_equal(exec(&a, sizeof(a), NULL, 0), SVNIC_MBOX_ST_BAD_ARG);
	a = attach_req(vif, 1, 8, 0x1000, 0x8000, 0x0008);
	assert_int_equal(exec(&a, sizeof(a), NULL, 0), SVNIC_MBOX_ST_BAD_ARG);
	a = attach_req(vif, 1, 8, 0x1000, 0x8000, 0x8000);
	a.avail += 2; /* event areas are 4-aligned */
	assert_int_equal(exec(&a, sizeof(a), NULL, 0), SVNIC_MBOX_ST_BAD_ARG);
	a = attach_req(vif, 1, 8, 0x1000, 0x8000, 0x8000);
	a.used = FAKE_MEM_BASE + FAKE_MEM_SIZE - 2; /* straddles the window's end */
	assert_int_equal(exec(&a, sizeof(a), NULL, 0), SVNIC_MBOX_ST_BAD_ARG);
	a = attach_req(vif, 1, 8, 0x1000, 0x8000, 0x8000);
	a.desc += 8;
	assert_int_equal(exec(&a, sizeof(a), NULL, 0), SVNIC_MBOX_ST_BAD_ARG);
	a = attach_req(vif, 1, 32769, 0x1000, 0x8000, 0x8000);
	assert_int_equal(exec(&a, sizeof(a), NULL, 0), SVNIC_MBOX_ST_BAD_ARG);
	assert_false(card.vif[vif].vq[1].attached);

	/* Any size works for packed; the wrap counters go in and come back
	 * in bit 15, unchanged by a queue that did nothing. */
	a = attach_req(vif, 1, 5, 0x1000, 0x0003, 0x8002);
	assert_int_equal(exec(&a, sizeof(a), NULL, 0), SVNIC_MBOX_ST_OK);
	const struct fw_vq *q = &card.vif[vif].vq[1];
	assert_true(q->packed);
	assert_int_equal(q->last_avail, 3);
	assert_false(q->avail_wrap);
	assert_int_equal(q->used_idx, 2);
	assert_true(q->used_wrap);
	struct svnic_mbox_queue_req d = { { SVNIC_MBOX_OP_QUEUE_DETACH, sizeof(d), vif }, 1, 0 };
	struct svnic_mbox_queue_detach_rsp rs;
	assert_int_equal(exec(&d, sizeof(d), &rs, sizeof(rs)), SVNIC_MBOX_ST_OK);
	assert_int_equal(rs.avail_idx, 0x0003);
	assert_int_equal(rs.used_idx, 0x8002);
}

/* ---- TX ---- */

/*
 * A ring of 5 descriptors and chains of 1, 2 and 3 of them: 40 frames are
 * 79 descriptors, 15 laps, with chains straddling the end of the ring.
 * Each frame leaves intact; each used descriptor lands where its chain
 * started, with its ID, length 0, no WRITE, AVAIL and USED equal to the lap's
 * wrap counter, and leaves the chain's other descriptors alone; the detach
 * position is where the driver's is.
 */
static void tx_wraps_the_ring_lap_after_lap(void **state)
{
	(void)state;
	uint32_t vif = make_vif(1, FEAT_PACKED);
	struct pring tx = attach(vif, 1, 5, 0x1000);
	set_event(tx.drv, 0, FW_PACKED_EVENT_ENABLE);
	uint64_t hdr = MEM(0x4000), frame = MEM(0x5000);
	memset(fake_host(&hal, hdr), 0, HDR);
	unsigned laps = 0;
	for (unsigned k = 0; k < 40; k++) {
		unsigned n = 1 + k % 3, len = 60 + k;
		uint64_t f = frame + 0x100u * (k % 8);
		fill(f, len + HDR, (uint8_t)k);
		struct buf b[3];
		if (n == 1) {
			memset(fake_host(&hal, f), 0, HDR);
			b[0] = (struct buf){ f, HDR + len, 0 };
		} else if (n == 2) {
			b[0] = (struct buf){ hdr, HDR, 0 };
			b[1] = (struct buf){ f + HDR, len, 0 };
		} else {
			b[0] = (struct buf){ hdr, HDR, 0 };
			b[1] = (struct buf){ f + HDR, 20, 0 };
			b[2] = (struct buf){ f + HDR + 20, len - 20, 0 };
		}
		uint16_t head = tx.next, id = (uint16_t)(10 + k % 40);
		uint16_t second = (uint16_t)((head + 1) % 5);
		bool wrap_before = tx.wrap;
		post(&tx, id, b, n);
		if (tx.wrap != wrap_before)
			laps++;
		struct fw_packed_desc before = get_desc(&tx, second);
		doorbell(&tx);
		unsigned sent = hal.tx_sent;
		fw_poll(&card);
		assert_int_equal(hal.tx_sent, sent + 1);
		expect_sent(f + HDR, len);
		uint16_t uid, uflags;
		uint32_t ulen;
		bool lap = tx.used_wrap;
		assert_int_equal(tx.used_next, head);
		assert_true(reap(&tx, &uid, &ulen, &uflags));
		assert_int_equal(uid, id);
		assert_int_equal(ulen, 0);
		assert_int_equal(uflags & F_W, 0);
		assert_int_equal(uflags & (F_AVAIL | F_USED), lap ? (F_AVAIL | F_USED) : 0);
		if (n > 1) {
			struct fw_packed_desc after = get_desc(&tx, second);
			assert_memory_equal(&before, &after, 16);
		}
		assert_false(reap(&tx, &uid, &ulen, &uflags));
	}
	assert_int_equal(laps, 15);
	assert_int_equal(card.vif[vif].state, SVNIC_VIF_RUNNING);
	struct svnic_mbox_queue_req d = { { SVNIC_MBOX_OP_QUEUE_DETACH, sizeof(d), vif }, 1, 0 };
	struct svnic_mbox_queue_detach_rsp rs;
	assert_int_equal(exec(&d, sizeof(d), &rs, sizeof(rs)), SVNIC_MBOX_ST_OK);
	assert_int_equal(rs.avail_idx, tx.next | (tx.wrap ? 0x8000u : 0));
	assert_int_equal(rs.used_idx, tx.used_next | (tx.used_wrap ? 0x8000u : 0));
}

/*
 * A burst of chains in one pass (ring of 7, chains of 2: the bursts wrap).
 * Without IN_ORDER: one used descriptor each, in order. With it: one used
 * descriptor for the burst, where its first chain started, with the last
 * chain's ID; the other chains' descriptors are left as the driver wrote
 * them, and the device's position moves past the whole burst.
 */
static void tx_burst_used_per_chain_or_batched(void **state)
{
	(void)state;
	for (unsigned in_order = 0; in_order < 2; in_order++) {
		setup(NULL);
		uint32_t vif = make_vif(1, FEAT_PACKED | (in_order ? FEAT(IN_ORDER) : 0));
		struct pring tx = attach(vif, 1, 7, 0x1000);
		set_event(tx.drv, 0, FW_PACKED_EVENT_ENABLE);
		uint64_t hdr = MEM(0x4000);
		memset(fake_host(&hal, hdr), 0, HDR);
		for (unsigned round = 0; round < 5; round++) {
			uint16_t heads[3];
			for (unsigned k = 0; k < 3; k++) {
				struct buf b[2] = { { hdr, HDR, 0 },
						    { MEM(0x5000 + 0x100 * k), 64, 0 } };
				heads[k] = tx.next;
				post(&tx, (uint16_t)(round * 3 + k), b, 2);
			}
			struct fw_packed_desc later[2] = { get_desc(&tx, heads[1]),
							   get_desc(&tx, heads[2]) };
			doorbell(&tx);
			unsigned sent = hal.tx_sent;
			uint64_t irqs = hal.irqs;
			fw_poll(&card);
			assert_int_equal(hal.tx_sent, sent + 3);
			assert_int_equal(hal.irqs, irqs + 1);
			uint16_t id, flags;
			uint32_t len;
			if (!in_order) {
				for (unsigned k = 0; k < 3; k++) {
					assert_true(reap(&tx, &id, &len, &flags));
					assert_int_equal(id, round * 3 + k);
				}
			} else {
				bool lap = tx.used_wrap;
				assert_true(reap(&tx, &id, &len, &flags));
				assert_int_equal(id, round * 3 + 2);
				assert_int_equal(flags, lap ? F_AVAIL | F_USED : 0);
				struct fw_packed_desc now[2] = { get_desc(&tx, heads[1]),
								 get_desc(&tx, heads[2]) };
				assert_memory_equal(later, now, sizeof(now));
				/* The driver skips the burst: 6 descriptors. */
				for (unsigned k = 0; k < 4; k++) {
					if (++tx.used_next == tx.size) {
						tx.used_next = 0;
						tx.used_wrap = !tx.used_wrap;
					}
				}
			}
			assert_int_equal(tx.used_next, tx.next);
			assert_false(reap(&tx, &id, &len, &flags));
		}
		const struct fw_vq *q = &card.vif[vif].vq[1];
		assert_int_equal(q->used_idx, tx.next);
		assert_int_equal(q->used_wrap, tx.wrap);
	}
}

/* ---- RX ---- */

/*
 * A ring of 3 descriptors, chains of 1 and 2 writable buffers, 20 frames
 * (10 laps): each arrives intact behind its header, its used descriptor
 * says the bytes written, with WRITE.
 */
static void rx_wraps_the_ring_lap_after_lap(void **state)
{
	(void)state;
	uint32_t vif = make_vif(1, FEAT_PACKED);
	struct pring rx = attach(vif, 0, 3, 0x1000);
	set_event(rx.drv, 0, FW_PACKED_EVENT_ENABLE);
	for (unsigned k = 0; k < 20; k++) {
		unsigned n = 1 + k % 2, len = 60 + 3 * k;
		uint64_t b0 = MEM(0x4000 + 0x1000 * (k % 2)), b1 = b0 + 0x800;
		memset(fake_host(&hal, b0), 0xee, 0x1000);
		struct buf b[2];
		if (n == 1) {
			b[0] = (struct buf){ b0, 1600, F_W };
		} else {
			b[0] = (struct buf){ b0, HDR + 10, F_W };
			b[1] = (struct buf){ b1, 1600, F_W };
		}
		post(&rx, (uint16_t)k, b, n);
		rx_frame(vif, len, (uint8_t)k);
		unsigned irqs = (unsigned)hal.irqs;
		fw_poll(&card);
		assert_int_equal(card.vif[vif].rx_delivered, k + 1);
		assert_int_equal(hal.irqs, irqs + 1);
		uint16_t id, flags;
		uint32_t ulen;
		bool lap = rx.used_wrap;
		assert_true(reap(&rx, &id, &ulen, &flags));
		assert_int_equal(id, k);
		assert_int_equal(ulen, HDR + len);
		assert_int_equal(flags, F_W | (lap ? F_AVAIL | F_USED : 0));
		struct svnic_virtio_net_hdr h;
		memcpy(&h, fake_host(&hal, b0), sizeof(h));
		assert_int_equal(h.num_buffers, 1);
		if (n == 1) {
			assert_memory_equal(fake_host(&hal, b0 + HDR), hal.rx_frame, len);
		} else {
			assert_memory_equal(fake_host(&hal, b0 + HDR), hal.rx_frame, 10);
			assert_memory_equal(fake_host(&hal, b1), hal.rx_frame + 10, len - 10);
		}
	}
	assert_int_equal(card.vif[vif].state, SVNIC_VIF_RUNNING);
}

/* ---- indirect ---- */

static void indirect_tables_on_tx_and_rx(void **state)
{
	(void)state;
	uint32_t vif = make_vif(1, FEAT_PACKED | FEAT(RING_INDIRECT_DESC));
	struct pring tx = attach(vif, 1, 4, 0x1000);
	struct pring rx = attach(vif, 0, 4, 0x2000);
	set_event(tx.drv, 0, FW_PACKED_EVENT_ENABLE);
	set_event(rx.drv, 0, FW_PACKED_EVENT_ENABLE);
	uint64_t tab = MEM(0x3000), hdr = MEM(0x4000), frame = MEM(0x5000);
	memset(fake_host(&hal, hdr), 0, HDR);
	/* Six indirect TX chains take one ring descriptor each: 1.5 laps. */
	for (unsigned k = 0; k < 6; k++) {
		fill(frame, 90, (uint8_t)(k + 1));
		struct fw_packed_desc t[3] = { { hdr, HDR, 0, 0 }, { frame, 30, 0, 0 },
					       { frame + 30, 60, 0, 0 } };
		memcpy(fake_host(&hal, tab), t, sizeof(t));
		struct buf b = { tab, sizeof(t), F_I };
		post(&tx, (uint16_t)k, &b, 1);
		doorbell(&tx);
		fw_poll(&card);
		expect_sent(frame, 90);
		uint16_t id, flags;
		uint32_t len;
		assert_true(reap(&tx, &id, &len, &flags));
		assert_int_equal(id, k);
	}
	assert_int_equal(tx.used_next, 2);
	assert_false(tx.used_wrap);

	/* RX into an indirect table of two writable buffers. */
	uint64_t b0 = MEM(0x6000), b1 = MEM(0x7000);
	struct fw_packed_desc t[2] = { { b0, HDR + 4, 0, F_W }, { b1, 1500, 0, F_W } };
	memcpy(fake_host(&hal, tab + 0x100), t, sizeof(t));
	struct buf b = { tab + 0x100, sizeof(t), F_I };
	post(&rx, 7, &b, 1);
	rx_frame(vif, 100, 9);
	fw_poll(&card);
	uint16_t id, flags;
	uint32_t len;
	assert_true(reap(&rx, &id, &len, &flags));
	assert_int_equal(id, 7);
	assert_int_equal(len, HDR + 100);
	assert_memory_equal(fake_host(&hal, b0 + HDR), hal.rx_frame, 4);
	assert_memory_equal(fake_host(&hal, b1), hal.rx_frame + 4, 96);
	assert_int_equal(card.vif[vif].state, SVNIC_VIF_RUNNING);
}

/* ---- event suppression ---- */

/* Run empty passes until the queue stops being polled (bounded). */
static void poll_until_idle(const struct pring *r)
{
	for (unsigned i = 0; i < 2 * FW_POLL_PASSES + 4 && card.vif[r->vif].vq[r->queue].active; i++)
		fw_poll(&card);
	assert_false(card.vif[r->vif].vq[r->queue].active);
}

static void tx_one(struct pring *tx, uint16_t id)
{
	struct buf b = { MEM(0x5000), HDR + 60, 0 };
	post(tx, id, &b, 1);
}

/*
 * Without EVENT_IDX: DISABLE while the ring is polled, ENABLE once it goes
 * idle; the driver's DISABLE / ENABLE decide interrupts.
 */
static void flags_suppress_both_ways(void **state)
{
	(void)state;
	uint32_t vif = make_vif(1, FEAT_PACKED);
	struct pring tx = attach(vif, 1, 4, 0x1000);
	memset(fake_host(&hal, MEM(0x5000)), 0, HDR);
	set_event(tx.drv, 0, FW_PACKED_EVENT_DISABLE);
	tx_one(&tx, 1);
	doorbell(&tx);
	fw_poll(&card);
	assert_int_equal(hal.tx_sent, 1);
	assert_int_equal(get_event(tx.dev).flags, FW_PACKED_EVENT_DISABLE);
	assert_int_equal(hal.irqs, 0); /* the driver said DISABLE */

	set_event(tx.drv, 0, FW_PACKED_EVENT_ENABLE);
	tx_one(&tx, 2); /* no doorbell: the ring is being polled */
	fw_poll(&card);
	assert_int_equal(hal.tx_sent, 2);
	assert_int_equal(hal.irqs, 1);
	assert_int_equal(hal.last_irq, vif * 2 + 1);

	poll_until_idle(&tx);
	assert_int_equal(get_event(tx.dev).flags, FW_PACKED_EVENT_ENABLE);
	/* Idle now: a chain without a doorbell waits for one. */
	tx_one(&tx, 3);
	fw_poll(&card);
	assert_int_equal(hal.tx_sent, 2);
	doorbell(&tx);
	fw_poll(&card);
	assert_int_equal(hal.tx_sent, 3);
	assert_int_equal(get_event(tx.dev).flags, FW_PACKED_EVENT_DISABLE);
}

/* The driver makes a chain available just as the device re-enables
 * notifications: the re-check after the fence finds it. */
static struct pring *race_ring;
static void post_on_enable(struct fw_hal *h, const struct fake_dma_op *op)
{
	if (op->op == SVNIC_DMA_OP_FW_TO_HOST && race_ring &&
	    (op->iova == race_ring->dev || op->iova == race_ring->dev + 2)) {
		h->after_dma = NULL;
		tx_one(race_ring, 9);
	}
}

static void rearm_rechecks_the_ring(void **state)
{
	(void)state;
	for (unsigned ev = 0; ev < 2; ev++) {
		setup(NULL);
		uint32_t vif = make_vif(1, FEAT_PACKED | (ev ? FEAT(RING_EVENT_IDX) : 0));
		struct pring tx = attach(vif, 1, 4, 0x1000);
		memset(fake_host(&hal, MEM(0x5000)), 0, HDR);
		set_event(tx.drv, 0, FW_PACKED_EVENT_ENABLE);
		tx_one(&tx, 1);
		doorbell(&tx);
		fw_poll(&card);
		assert_int_equal(hal.tx_sent, 1);
		race_ring = &tx;
		hal.after_dma = post_on_enable;
		for (unsigned i = 0; i < FW_POLL_PASSES + 2; i++)
			fw_poll(&card);
		race_ring = NULL;
		assert_null(hal.after_dma); /* the re-arm happened */
		assert_int_equal(hal.tx_sent, 2);
		assert_true(card.vif[vif].vq[1].active);
		hal.after_dma = NULL;
	}
}

/*
 * EVENT_IDX: idle, the device asks for a kick at its position (DESC with
 * the lap); the driver's DESC asks for an interrupt at one used descriptor,
 * across the end of the ring: every second chain here.
 */
static void event_idx_names_descriptors_across_laps(void **state)
{
	(void)state;
	uint32_t vif = make_vif(1, FEAT_PACKED | FEAT(RING_EVENT_IDX));
	struct pring tx = attach(vif, 1, 4, 0x1000);
	memset(fake_host(&hal, MEM(0x5000)), 0, HDR);
	/* Ask for the interrupt at chain j's used descriptor. */
#define AT(j) ((uint16_t)(((j) % 4u) | (((j) / 4u) % 2u == 0 ? 0x8000u : 0u)))
	set_event(tx.drv, AT(1u), FW_PACKED_EVENT_DESC);
	for (unsigned k = 0; k < 12; k++) {
		tx_one(&tx, (uint16_t)k);
		doorbell(&tx);
		uint64_t irqs = hal.irqs;
		fw_poll(&card);
		uint16_t id, flags;
		uint32_t len;
		assert_true(reap(&tx, &id, &len, &flags));
		if (k % 2 == 1) {
			assert_int_equal(hal.irqs, irqs + 1);
			set_event(tx.drv, AT(k + 2u), FW_PACKED_EVENT_DESC);
		} else {
			assert_int_equal(hal.irqs, irqs);
		}
	}
	/* Several chains in one pass: an interrupt if the named one is among
	 * them, else none. */
	set_event(tx.drv, AT(13u), FW_PACKED_EVENT_DESC);
	for (unsigned k = 12; k < 15; k++)
		tx_one(&tx, (uint16_t)k);
	uint64_t irqs = hal.irqs;
	fw_poll(&card);
	assert_int_equal(hal.irqs, irqs + 1);
	set_event(tx.drv, AT(18u), FW_PACKED_EVENT_DESC);
	for (unsigned k = 15; k < 18; k++)
		tx_one(&tx, (uint16_t)k);
	fw_poll(&card);
	assert_int_equal(hal.irqs, irqs + 1);
#undef AT

	poll_until_idle(&tx);
	struct fw_packed_event dev = get_event(tx.dev);
	assert_int_equal(dev.flags, FW_PACKED_EVENT_DESC);
	/* 18 descriptors used of a ring of 4: position 2, lap 4 (wrap 1). */
	assert_int_equal(dev.off_wrap, 0x8002);
	assert_int_equal(card.vif[vif].state, SVNIC_VIF_RUNNING);
}

static void bad_driver_event_area_needs_reset(void **state)
{
	(void)state;
	static const struct {
		uint64_t features;
		uint16_t off_wrap, flags;
	} cases[] = {
		{ 0, 0, 3 },                               /* reserved value */
		{ 0, 0, 0x10 },                            /* reserved bits */
		{ 0, 0, FW_PACKED_EVENT_DESC },            /* DESC without EVENT_IDX */
		{ FEAT(RING_EVENT_IDX), 4, FW_PACKED_EVENT_DESC }, /* outside the ring */
	};
	for (unsigned i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		setup(NULL);
		uint32_t vif = make_vif(1, FEAT_PACKED | cases[i].features);
		uint32_t other = make_vif(2, FEAT_PACKED | cases[i].features);
		struct pring tx = attach(vif, 1, 4, 0x1000);
		struct pring tx2 = attach(other, 1, 4, 0x2000);
		memset(fake_host(&hal, MEM(0x5000)), 0, HDR);
		set_event(tx.drv, cases[i].off_wrap, cases[i].flags);
		set_event(tx2.drv, 0, FW_PACKED_EVENT_ENABLE);
		tx_one(&tx, 1);
		tx_one(&tx2, 1);
		doorbell(&tx);
		doorbell(&tx2);
		fw_poll(&card);
		assert_int_equal(card.vif[vif].state, SVNIC_VIF_NEEDS_RESET);
		assert_int_equal(card.vif[vif].error, SVNIC_VIF_ERR_EVENT_SUPPR);
		assert_int_equal(card.vif[other].state, SVNIC_VIF_RUNNING);
		assert_int_equal(hal.last_irq, other * 2 + 1);
	}
}

/* ---- malformed rings ---- */

static void malformed_descriptor_stops_only_its_vif(void **state)
{
	(void)state;
	enum { OUTSIDE, HALF_AVAILABLE, INDIRECT_WITH_NEXT, INDIRECT_UNNEGOTIATED, RX_READONLY };
	static const unsigned want[] = { SVNIC_VIF_ERR_DESC_ADDR, SVNIC_VIF_ERR_DESC_FLAGS,
					 SVNIC_VIF_ERR_DESC_INDIRECT, SVNIC_VIF_ERR_DESC_FLAGS,
					 SVNIC_VIF_ERR_DESC_FLAGS };
	for (unsigned c = 0; c < 5; c++) {
		setup(NULL);
		uint64_t ind = c == INDIRECT_UNNEGOTIATED ? 0 : FEAT(RING_INDIRECT_DESC);
		uint32_t vif = make_vif(1, FEAT_PACKED | ind);
		uint32_t other = make_vif(2, FEAT_PACKED);
		struct pring bad = attach(vif, c == RX_READONLY ? 0 : 1, 4, 0x1000);
		struct pring good = attach(other, 1, 4, 0x2000);
		set_event(bad.drv, 0, FW_PACKED_EVENT_ENABLE);
		set_event(good.drv, 0, FW_PACKED_EVENT_ENABLE);
		uint64_t tab = MEM(0x3000);
		struct fw_packed_desc t[1] = { { MEM(0x5000), HDR + 60, 0, 0 } };
		memcpy(fake_host(&hal, tab), t, sizeof(t));
		if (c == OUTSIDE) {
			struct buf b[2] = { { MEM(0x5000), HDR, 0 },
					    { FAKE_MEM_BASE + FAKE_MEM_SIZE - 8, 64, 0 } };
			post(&bad, 0, b, 2);
		} else if (c == HALF_AVAILABLE) {
			struct buf b[2] = { { MEM(0x5000), HDR, 0 }, { MEM(0x5100), 64, 0 } };
			post(&bad, 0, b, 2);
			struct fw_packed_desc d = get_desc(&bad, 1);
			d.flags ^= F_AVAIL | F_USED; /* the second one is not available */
			put_desc(&bad, 1, &d);
		} else if (c == INDIRECT_WITH_NEXT) {
			struct buf b[2] = { { tab, sizeof(t), F_I }, { MEM(0x5100), 64, 0 } };
			post(&bad, 0, b, 2);
		} else if (c == INDIRECT_UNNEGOTIATED) {
			struct buf b = { tab, sizeof(t), F_I };
			post(&bad, 0, &b, 1);
		} else {
			struct buf b = { MEM(0x5000), 1600, 0 }; /* RX buffer not writable */
			post(&bad, 0, &b, 1);
			rx_frame(vif, 60, 1);
		}
		memset(fake_host(&hal, MEM(0x5000)), 0, HDR);
		tx_one(&good, 4);
		doorbell(&bad);
		doorbell(&good);
		unsigned sent = hal.tx_sent;
		fw_poll(&card);
		assert_int_equal(card.vif[vif].state, SVNIC_VIF_NEEDS_RESET);
		assert_int_equal(card.vif[vif].error, want[c]);
		assert_int_equal(card.vif[other].state, SVNIC_VIF_RUNNING);
		assert_int_equal(hal.tx_sent, sent + 1); /* only the good VIF's frame */
		uint16_t id, flags;
		uint32_t len;
		assert_true(reap(&good, &id, &len, &flags));
		assert_int_equal(id, 4);
		assert_false(reap(&bad, &id, &len, &flags)); /* nothing used */
	}
}

/* ---- VIRTIO_F_IN_ORDER on split rings: the chains of a TX pass are
 * completed by one used element, at the first slot of the batch, naming
 * the head of the last chain; the index moves by the batch. ---- */

static void split_in_order_batches_tx(void **state)
{
	(void)state;
	uint32_t vif = make_vif(1, FEAT(VERSION_1) | FEAT(IN_ORDER));
	uint64_t base = 0x1000, desc = MEM(base), avail = MEM(base + 0x400), used = MEM(base + 0x800);
	struct svnic_mbox_queue_attach_req a = attach_req(vif, 1, 8, base, 0, 0);
	a.avail = avail;
	a.used = used;
	a.flags = 0;
	memset(fake_host(&hal, desc), 0, 0xc00);
	assert_int_equal(exec(&a, sizeof(a), NULL, 0), SVNIC_MBOX_ST_OK);
	memset(fake_host(&hal, MEM(0x5000)), 0, HDR);
	/* Chains at descriptors 0, 2 and 4 (two buffers each). */
	for (uint16_t k = 0; k < 3; k++) {
		struct svnic_vring_desc d[2] = { { MEM(0x5000), HDR, F_N, (uint16_t)(2 * k + 1) },
						 { MEM(0x5100), 64, 0, 0 } };
		memcpy(fake_host(&hal, desc + 32u * k), d, sizeof(d));
		uint16_t head = (uint16_t)(2 * k);
		memcpy(fake_host(&hal, avail + SVNIC_VRING_AVAIL_RING_OFF(k)), &head, 2);
	}
	uint16_t idx = 3;
	memcpy(fake_host(&hal, avail + SVNIC_VRING_AVAIL_IDX_OFF), &idx, 2);
	struct svnic_vring_used_elem mark = { 0xdead, 0xbeef };
	for (unsigned k = 0; k < 8; k++)
		memcpy(fake_host(&hal, used + SVNIC_VRING_USED_RING_OFF(k)), &mark, sizeof(mark));
	hal.reg[SVNIC_FW_DB_PENDING / 4] |= 1u << (vif * 2 + 1);
	fw_poll(&card);
	assert_int_equal(hal.tx_sent, 3);
	uint16_t uidx;
	memcpy(&uidx, fake_host(&hal, used + SVNIC_VRING_USED_IDX_OFF), 2);
	assert_int_equal(uidx, 3);
	for (unsigned k = 0; k < 3; k++) {
		struct svnic_vring_used_elem e;
		memcpy(&e, fake_host(&hal, used + SVNIC_VRING_USED_RING_OFF(k)), sizeof(e));
		assert_int_equal(e.id, k == 0 ? 4u : 0xdeadu);
		assert_int_equal(e.len, k == 0 ? 0u : 0xbeefu);
	}
	/* The next pass's batch starts where this one ended. */
	uint16_t head = 6;
	struct svnic_vring_desc d = { MEM(0x5000), HDR + 64, 0, 0 };
	memcpy(fake_host(&hal, desc + 16u * head), &d, sizeof(d));
	memcpy(fake_host(&hal, avail + SVNIC_VRING_AVAIL_RING_OFF(3)), &head, 2);
	idx = 4;
	memcpy(fake_host(&hal, avail + SVNIC_VRING_AVAIL_IDX_OFF), &idx, 2);
	fw_poll(&card);
	assert_int_equal(hal.tx_sent, 4);
	memcpy(&uidx, fake_host(&hal, used + SVNIC_VRING_USED_IDX_OFF), 2);
	assert_int_equal(uidx, 4);
	struct svnic_vring_used_elem e;
	memcpy(&e, fake_host(&hal, used + SVNIC_VRING_USED_RING_OFF(3)), sizeof(e));
	assert_int_equal(e.id, 6);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(attach_validates_the_packed_layout, setup),
		cmocka_unit_test_setup(tx_wraps_the_ring_lap_after_lap, setup),
		cmocka_unit_test_setup(tx_burst_used_per_chain_or_batched, setup),
		cmocka_unit_test_setup(rx_wraps_the_ring_lap_after_lap, setup),
		cmocka_unit_test_setup(indirect_tables_on_tx_and_rx, setup),
		cmocka_unit_test_setup(flags_suppress_both_ways, setup),
		cmocka_unit_test_setup(rearm_rechecks_the_ring, setup),
		cmocka_unit_test_setup(event_idx_names_descriptors_across_laps, setup),
		cmocka_unit_test_setup(bad_driver_event_area_needs_reset, setup),
		cmocka_unit_test_setup(malformed_descriptor_stops_only_its_vif, setup),
		cmocka_unit_test_setup(split_in_order_batches_tx, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
