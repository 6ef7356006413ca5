/* SPDX-License-Identifier: MIT */
/*
 * The split and packed chain walkers and the DMA-window check on the card's
 * 32-bit cores. Guest addresses are 64-bit: buffers above 4 GiB and windows
 * that end at 2^64 must be handled exactly, and every case below is chosen
 * so that an address, length or total kept in 32 bits gives another answer.
 */
#include "fw/vring.h"
#include "fw/vring_packed.h"
#include "harness.h"
#include "svnic/mbox.h"
#include "svnic/virtio.h"

#define HI(x) (0x100000000ull + (x))   /* the same offset, 4 GiB higher */
#define TOP(x) (0ull - (uint64_t)(x))   /* x bytes below 2^64 */
#define RING_MAX 128u
#define GUEST_BYTES 4096u

/* A ring's descriptor table, and a piece of guest memory for indirect
 * tables, at a guest address chosen by the test. */
struct ring {
	struct svnic_vring_desc desc[RING_MAX];
	struct fw_packed_desc pdesc[RING_MAX];
	uint64_t guest_base;
	uint8_t guest[GUEST_BYTES];
	int fault_at;     /* index whose fetch faults, or -1 */
	unsigned fetches;
	unsigned reads;
};

static struct ring R;

static int fetch_split(void *ctx, uint16_t idx, struct svnic_vring_desc *out)
{
	struct ring *r = ctx;
	r->fetches++;
	if (idx >= RING_MAX || (int)idx == r->fault_at)
		return -1;
	*out = r->desc[idx];
	return 0;
}

static int fetch_packed(void *ctx, uint16_t idx, struct fw_packed_desc *out)
{
	struct ring *r = ctx;
	r->fetches++;
	if (idx >= RING_MAX || (int)idx == r->fault_at)
		return -1;
	*out = r->pdesc[idx];
	return 0;
}

/* Guest memory exists only at [guest_base, guest_base + GUEST_BYTES): an
 * address that lost its upper half reads nothing. */
static int read_guest(void *ctx, uint64_t addr, void *dst, unsigned len)
{
	struct ring *r = ctx;
	r->reads++;
	if (addr < r->guest_base || addr - r->guest_base > GUEST_BYTES ||
	    len > GUEST_BYTES - (addr - r->guest_base))
		return -1;
	rv32_copy(dst, &r->guest[addr - r->guest_base], len);
	return 0;
}

static void ring_reset(uint64_t guest_base)
{
	rv32_fill(&R, 0, sizeof(R));
	R.guest_base = guest_base;
	R.fault_at = -1;
}

static void set_desc(uint16_t i, uint64_t addr, uint32_t len, uint16_t flags, uint16_t next)
{
	R.desc[i].addr = addr;
	R.desc[i].len = len;
	R.desc[i].flags = flags;
	R.desc[i].next = next;
}

static struct fw_split_ring split(uint16_t size, bool indirect, const struct fw_window *w,
				  unsigned nw)
{
	struct fw_split_ring r = { size, indirect, w, nw, fetch_split, read_guest, &R };
	return r;
}

static struct fw_chain chain;

/* Windows: one above 4 GiB, one ending exactly at 2^64, one low one whose
 * 32-bit image collides with the high one. */
static const struct fw_window win_hi = { HI(0), 0x10000 };
static const struct fw_window win_top = { TOP(0x10000), 0x10000 };
static const struct fw_window win_lo = { 0x1000, 0x1000 };

static void test_window_contains(void)
{
	rv32_case("window_contains");
	const struct fw_window w[] = { win_hi, win_top };
	CHECK(fw_window_contains(w, 2, HI(0), 0x10000));
	CHECK(fw_window_contains(w, 2, HI(0x1000), 0x100));
	CHECK(!fw_window_contains(w, 2, HI(0x1000), 0));       /* empty is never inside */
	CHECK(!fw_window_contains(w, 2, HI(0), 0x10001));      /* one byte past the end */
	CHECK(!fw_window_contains(w, 2, 0xfffff000u, 0x2000)); /* straddles 4 GiB from below */
	CHECK(!fw_window_contains(w, 2, 0x1000, 0x100));       /* the window's low 32 bits */

	/* The window that ends at 2^64: its end is not representable. */
	CHECK(fw_window_contains(w, 2, TOP(0x10000), 0x10000));
	CHECK(fw_window_contains(w, 2, TOP(1), 1));
	CHECK(!fw_window_contains(w, 2, TOP(1), 2));            /* would wrap to 0 */
	CHECK(!fw_window_contains(w, 2, TOP(0x10001), 0x10));   /* starts below it */
	CHECK(!fw_window_contains(w, 2, TOP(0x800), 0x1000));  /* runs past 2^64 */
	CHECK(!fw_window_contains(w, 2, 0xffff0000u, 0x100));   /* its low 32 bits */
	CHECK(!fw_window_contains(w, 2, 0, 0x10));

	/* A window and a buffer longer than 4 GiB. */
	const struct fw_window big = { 0x200000000ull, 0x200000000ull };
	CHECK(fw_window_contains(&big, 1, 0x200000000ull, 0x200000000ull));
	CHECK(fw_window_contains(&big, 1, 0x3fffff000ull, 0x1000));
	CHECK(!fw_window_contains(&big, 1, 0x3fffff001ull, 0x1000));
	CHECK(!fw_window_contains(&big, 1, 0x200000000ull, 0x200000001ull));
	CHECK(!fw_window_contains(&big, 1, 0x1000, 0x1000));

	/* The whole address space but its last byte, and an address 2^64 - 1. */
	const struct fw_window all = { 0, UINT64_MAX };
	CHECK(fw_window_contains(&all, 1, 0, UINT64_MAX));
	CHECK(fw_window_contains(&all, 1, TOP(2), 1));
	CHECK(!fw_window_contains(&all, 1, TOP(1), 1));
	CHECK(!fw_window_contains(&all, 1, 1, UINT64_MAX));

	/* Only the low window: its 4 GiB alias is outside. */
	CHECK(fw_window_contains(&win_lo, 1, 0x1800, 0x10));
	CHECK(!fw_window_contains(&win_lo, 1, HI(0x1800), 0x10));
	CHECK(!fw_window_contains(w, 0, HI(0), 1)); /* no windows, nothing inside */
}

static void test_chain_add(void)
{
	rv32_case("chain_add");
	const struct fw_window big = { HI(0), 0x300000000ull };
	fw_chain_init(&chain);
	CHECK_EQ(fw_chain_add(&chain, &big, 1, HI(0x10), 0xffffffffu, false, false),
		 SVNIC_VIF_ERR_NONE);
	CHECK_EQ(chain.total, 0xffffffffull);
	CHECK_EQ(chain.seg[0].addr, HI(0x10));
	CHECK_EQ(chain.seg[0].len, 0xffffffffu);
	/* One more byte makes the chain 2^32 long: a 32-bit total would wrap
	 * to 0 and accept it. */
	CHECK_EQ(fw_chain_add(&chain, &big, 1, HI(0x200000000ull), 1, false, false),
		 SVNIC_VIF_ERR_DESC_LEN);

	fw_chain_init(&chain);
	CHECK_EQ(fw_chain_add(&chain, &win_lo, 1, HI(0x1000), 16, false, false),
		 SVNIC_VIF_ERR_DESC_ADDR);
	CHECK_EQ(fw_chain_add(&chain, &win_lo, 1, 0x1000, 16, true, false), SVNIC_VIF_ERR_DESC_FLAGS);
	CHECK_EQ(fw_chain_add(&chain, &win_lo, 1, HI(0x1000), 0, false, false), SVNIC_VIF_ERR_NONE);
	CHECK_EQ(chain.nseg, 0); /* empty buffers are not recorded */
}

static void test_split_high(void)
{
	rv32_case("split_walk_above_4g");
	const struct fw_window w[] = { win_lo, win_hi, win_top };
	ring_reset(0);
	set_desc(0, HI(0x0100), 12, SVNIC_VRING_DESC_F_NEXT, 5);
	set_desc(5, TOP(0x1000), 0x800, SVNIC_VRING_DESC_F_NEXT, 2);
	set_desc(2, 0x1800, 0x800, 0, 0);
	struct fw_split_ring r = split(8, false, w, 3);
	CHECK_EQ(fw_split_walk(&r, 0, false, &chain), SVNIC_VIF_ERR_NONE);
	CHECK_EQ(chain.nseg, 3);
	CHECK_EQ(chain.seg[0].addr, HI(0x0100));
	CHECK_EQ(chain.seg[0].len, 12);
	CHECK_EQ(chain.seg[1].addr, TOP(0x1000));
	CHECK_EQ(chain.seg[1].len, 0x800);
	CHECK_EQ(chain.seg[2].addr, 0x1800);
	CHECK_EQ(chain.total, 12 + 0x800 + 0x800);
	CHECK(!chain.overflow);
	CHECK_EQ(R.fetches, 3); /* each descriptor fetched exactly once */

	/* Same chain, device-writable: refused for the direction. */
	CHECK_EQ(fw_split_walk(&r, 0, true, &chain), SVNIC_VIF_ERR_DESC_FLAGS);

	/* Without the high window, the buffer above 4 GiB is outside, although
	 * its low 32 bits fall into the low window. */
	set_desc(0, HI(0x1800), 12, 0, 0);
	struct fw_split_ring lo = split(8, false, &win_lo, 1);
	CHECK_EQ(fw_split_walk(&lo, 0, false, &chain), SVNIC_VIF_ERR_DESC_ADDR);
	/* A buffer crossing 2^64 is outside the window that ends there. */
	set_desc(0, TOP(0x10), 0x20, 0, 0);
	CHECK_EQ(fw_split_walk(&r, 0, false, &chain), SVNIC_VIF_ERR_DESC_ADDR);
	/* Writable buffers at the very top, for RX. */
	set_desc(0, TOP(0x20), 0x10, SVNIC_VRING_DESC_F_WRITE | SVNIC_VRING_DESC_F_NEXT, 1);
	set_desc(1, TOP(0x10), 0x10, SVNIC_VRING_DESC_F_WRITE, 0);
	CHECK_EQ(fw_split_walk(&r, 0, true, &chain), SVNIC_VIF_ERR_NONE);
	CHECK_EQ(chain.nseg, 2);
	CHECK_EQ(chain.seg[1].addr, TOP(0x10));
}

static void test_split_errors(void)
{
	rv32_case("split_walk_errors");
	const struct fw_window w[] = { win_hi };
	ring_reset(0);
	struct fw_split_ring r = split(4, false, w, 1);
	/* A loop: 0 -> 1 -> 0. */
	set_desc(0, HI(0), 1, SVNIC_VRING_DESC_F_NEXT, 1);
	set_desc(1, HI(0), 1, SVNIC_VRING_DESC_F_NEXT, 0);
	CHECK_EQ(fw_split_walk(&r, 0, false, &chain), SVNIC_VIF_ERR_DESC_LOOP);
	/* next outside the ring; head outside the ring. */
	set_desc(1, HI(0), 1, SVNIC_VRING_DESC_F_NEXT, 4);
	CHECK_EQ(fw_split_walk(&r, 0, false, &chain), SVNIC_VIF_ERR_DESC_INDEX);
	CHECK_EQ(fw_split_walk(&r, 4, false, &chain), SVNIC_VIF_ERR_DESC_INDEX);
	/* A fetch that faults. */
	set_desc(1, HI(0), 1, 0, 0);
	R.fault_at = 1;
	CHECK_EQ(fw_split_walk(&r, 0, false, &chain), SVNIC_VIF_ERR_DMA_FAULT);
	R.fault_at = -1;
	CHECK_EQ(fw_split_walk(&r, 0, false, &chain), SVNIC_VIF_ERR_NONE);
	/* INDIRECT without the feature. */
	set_desc(0, HI(0), 16, SVNIC_VRING_DESC_F_INDIRECT, 0);
	CHECK_EQ(fw_split_walk(&r, 0, false, &chain), SVNIC_VIF_ERR_DESC_FLAGS);

	/* A chain of 2^32 bytes in two 2 GiB buffers. */
	const struct fw_window big = { HI(0), 0x100000000ull };
	struct fw_split_ring rb = split(4, false, &big, 1);
	set_desc(0, HI(0), 0x80000000u, SVNIC_VRING_DESC_F_NEXT, 1);
	set_desc(1, HI(0x80000000u), 0x80000000u, 0, 0);
	CHECK_EQ(fw_split_walk(&rb, 0, false, &chain), SVNIC_VIF_ERR_DESC_LEN);
	set_desc(1, HI(0x80000000u), 0x7fffffffu, 0, 0);
	CHECK_EQ(fw_split_walk(&rb, 0, false, &chain), SVNIC_VIF_ERR_NONE);
	CHECK_EQ(chain.total, 0xffffffffull);
}

static void test_split_many(void)
{
	rv32_case("split_walk_overflow");
	const struct fw_window w[] = { win_hi };
	ring_reset(0);
	/* 100 buffers, some empty: FW_MAX_SEGS are recorded, all are counted. */
	for (uint16_t i = 0; i < 100; i++)
		set_desc(i, HI(16u * i), i % 10 == 9 ? 0 : 16, i == 99 ? 0 : SVNIC_VRING_DESC_F_NEXT,
			 (uint16_t)(i + 1));
	struct fw_split_ring r = split(RING_MAX, false, w, 1);
	CHECK_EQ(fw_split_walk(&r, 0, false, &chain), SVNIC_VIF_ERR_NONE);
	CHECK_EQ(chain.nseg, FW_MAX_SEGS);
	CHECK(chain.overflow);
	CHECK_EQ(chain.total, 90u * 16u);
	CHECK_EQ(chain.seg[FW_MAX_SEGS - 1].addr, HI(16u * 70u));
}

static void put_table_desc(unsigned i, uint64_t addr, uint32_t len, uint16_t flags, uint16_t next)
{
	struct svnic_vring_desc d = { addr, len, flags, next };
	rv32_copy(&R.guest[i * 16u], &d, sizeof(d));
}

static void test_split_indirect(void)
{
	rv32_case("split_walk_indirect");
	const struct fw_window w[] = { win_hi, win_top };
	/* The table lives in guest memory above 4 GiB. */
	ring_reset(HI(0x2000));
	put_table_desc(0, TOP(0x100), 0x40, SVNIC_VRING_DESC_F_WRITE | SVNIC_VRING_DESC_F_NEXT, 2);
	put_table_desc(2, HI(0x8000), 0x400, SVNIC_VRING_DESC_F_WRITE | SVNIC_VRING_DESC_F_NEXT, 1);
	put_table_desc(1, HI(0x9000), 0x400, SVNIC_VRING_DESC_F_WRITE, 0);
	set_desc(0, HI(0xf000), 14, SVNIC_VRING_DESC_F_WRITE | SVNIC_VRING_DESC_F_NEXT, 3);
	set_desc(3, HI(0x2000), 3 * 16, SVNIC_VRING_DESC_F_INDIRECT, 0);
	struct fw_split_ring r = split(8, true, w, 2);
	CHECK_EQ(fw_split_walk(&r, 0, true, &chain), SVNIC_VIF_ERR_NONE);
	CHECK_EQ(chain.nseg, 4);
	CHECK_EQ(chain.seg[0].addr, HI(0xf000));
	CHECK_EQ(chain.seg[1].addr, TOP(0x100));
	CHECK_EQ(chain.seg[2].addr, HI(0x8000));
	CHECK_EQ(chain.seg[3].addr, HI(0x9000));
	CHECK_EQ(chain.total, 14 + 0x40 + 0x800);
	CHECK_EQ(R.reads, 1); /* the table is copied once */

	/* Malformed tables and indirect descriptors. */
	set_desc(3, HI(0x2000), 3 * 16 + 8, SVNIC_VRING_DESC_F_INDIRECT, 0);
	CHECK_EQ(fw_split_walk(&r, 0, true, &chain), SVNIC_VIF_ERR_DESC_INDIRECT);
	set_desc(3, HI(0x2000), 9 * 16, SVNIC_VRING_DESC_F_INDIRECT, 0); /* > ring size 8 */
	CHECK_EQ(fw_split_walk(&r, 0, true, &chain), SVNIC_VIF_ERR_DESC_INDIRECT);
	set_desc(3, HI(0x2000), 3 * 16, SVNIC_VRING_DESC_F_INDIRECT | SVNIC_VRING_DESC_F_NEXT, 4);
	CHECK_EQ(fw_split_walk(&r, 0, true, &chain), SVNIC_VIF_ERR_DESC_INDIRECT);
	/* A table at the low-32-bit alias of its real address: outside. */
	set_desc(3, 0x2000, 3 * 16, SVNIC_VRING_DESC_F_INDIRECT, 0);
	CHECK_EQ(fw_split_walk(&r, 0, true, &chain), SVNIC_VIF_ERR_DESC_ADDR);
	/* Inside a window but unreadable. */
	set_desc(3, HI(0x4000 - 16), 3 * 16, SVNIC_VRING_DESC_F_INDIRECT, 0);
	R.guest_base = HI(0x3000);
	CHECK_EQ(fw_split_walk(&r, 0, true, &chain), SVNIC_VIF_ERR_DMA_FAULT);
	R.guest_base = HI(0x2000);
	set_desc(3, HI(0x2000), 3 * 16, SVNIC_VRING_DESC_F_INDIRECT, 0);
	/* A link leaving the table, a loop inside it, a nested table. */
	put_table_desc(1, HI(0x9000), 0x400, SVNIC_VRING_DESC_F_WRITE | SVNIC_VRING_DESC_F_NEXT, 3);
	CHECK_EQ(fw_split_walk(&r, 0, true, &chain), SVNIC_VIF_ERR_DESC_INDEX);
	put_table_desc(1, HI(0x9000), 0x400, SVNIC_VRING_DESC_F_WRITE | SVNIC_VRING_DESC_F_NEXT, 0);
	CHECK_EQ(fw_split_walk(&r, 0, true, &chain), SVNIC_VIF_ERR_DESC_LOOP);
	put_table_desc(1, HI(0x2000), 16, SVNIC_VRING_DESC_F_INDIRECT, 0);
	CHECK_EQ(fw_split_walk(&r, 0, true, &chain), SVNIC_VIF_ERR_DESC_INDIRECT);
	/* A table entry above 4 GiB whose alias would be in the low window. */
	const struct fw_window w2[] = { win_lo, { HI(0x2000), 0x100 } };
	struct fw_split_ring r2 = split(8, true, w2, 2);
	put_table_desc(0, HI(0x1800), 0x10, SVNIC_VRING_DESC_F_WRITE, 0);
	set_desc(0, HI(0x2000), 16, SVNIC_VRING_DESC_F_INDIRECT, 0);
	CHECK_EQ(fw_split_walk(&r2, 0, true, &chain), SVNIC_VIF_ERR_DESC_ADDR);
	put_table_desc(0, 0x1800, 0x10, SVNIC_VRING_DESC_F_WRITE, 0);
	CHECK_EQ(fw_split_walk(&r2, 0, true, &chain), SVNIC_VIF_ERR_NONE);
	CHECK_EQ(chain.seg[0].addr, 0x1800);
}

static void set_pdesc(uint16_t i, uint64_t addr, uint32_t len, uint16_t id, uint16_t flags)
{
	R.pdesc[i].addr = addr;
	R.pdesc[i].len = len;
	R.pdesc[i].id = id;
	R.pdesc[i].flags = flags;
}

/* Flags of a descriptor the driver made available in the lap `wrap`. */
static uint16_t avail(bool wrap)
{
	return wrap ? FW_PACKED_DESC_F_AVAIL : FW_PACKED_DESC_F_USED;
}

static void test_packed(void)
{
	rv32_case("packed_walk");
	const struct fw_window w[] = { win_lo, win_hi, win_top };
	ring_reset(HI(0x4000));
	struct fw_packed_ring r = { 4, true, w, 3, fetch_packed, read_guest, &R };
	struct fw_packed_pos pos = { 2, true };
	struct fw_packed_buf buf;

	/* Nothing available: descriptors still from the previous lap. */
	set_pdesc(2, HI(0), 1, 7, avail(false));
	CHECK_EQ(fw_packed_walk(&r, &pos, false, &chain, &buf), SVNIC_VIF_ERR_NONE);
	CHECK_EQ(buf.ndesc, 0);
	CHECK_EQ(pos.idx, 2);

	/* A chain of three that runs over the end of the ring: its last
	 * descriptor is in the next lap (wrap counter flipped). */
	set_pdesc(2, HI(0x10), 0x100, 0, avail(true) | SVNIC_VRING_DESC_F_NEXT);
	set_pdesc(3, TOP(0x200), 0x200, 0, avail(true) | SVNIC_VRING_DESC_F_NEXT);
	set_pdesc(0, 0x1000, 0x20, 0x1234, avail(false));
	CHECK_EQ(fw_packed_walk(&r, &pos, false, &chain, &buf), SVNIC_VIF_ERR_NONE);
	CHECK_EQ(buf.ndesc, 3);
	CHECK_EQ(buf.id, 0x1234);
	CHECK_EQ(pos.idx, 1);
	CHECK(!pos.wrap);
	CHECK_EQ(chain.nseg, 3);
	CHECK_EQ(chain.seg[0].addr, HI(0x10));
	CHECK_EQ(chain.seg[1].addr, TOP(0x200));
	CHECK_EQ(chain.seg[2].addr, 0x1000);
	CHECK_EQ(chain.total, 0x320);

	/* The tail not yet available: refused, position unchanged. */
	pos.idx = 2;
	pos.wrap = true;
	set_pdesc(0, 0x1000, 0x20, 0x1234, avail(true));
	CHECK_EQ(fw_packed_walk(&r, &pos, false, &chain, &buf), SVNIC_VIF_ERR_DESC_FLAGS);
	CHECK_EQ(pos.idx, 2);
	/* A buffer whose alias is in the low window but which is not. */
	set_pdesc(2, 0x200001000ull, 0x20, 9, avail(true));
	CHECK_EQ(fw_packed_walk(&r, &pos, false, &chain, &buf), SVNIC_VIF_ERR_DESC_ADDR);
	/* Position outside the ring; a fetch fault. */
	struct fw_packed_pos bad = { 4, true };
	CHECK_EQ(fw_packed_walk(&r, &bad, false, &chain, &buf), SVNIC_VIF_ERR_DESC_INDEX);
	R.fault_at = 2;
	CHECK_EQ(fw_packed_walk(&r, &pos, false, &chain, &buf), SVNIC_VIF_ERR_DMA_FAULT);
	R.fault_at = -1;
	/* Every descriptor available and linked: a chain as long as the ring
	 * that never ends. */
	for (uint16_t i = 0; i < 4; i++)
		set_pdesc(i, HI(0), 1, 0, avail(i >= 2) | SVNIC_VRING_DESC_F_NEXT);
	CHECK_EQ(fw_packed_walk(&r, &pos, false, &chain, &buf), SVNIC_VIF_ERR_DESC_LOOP);

	/* Indirect: a table above 4 GiB holding buffers near 2^64. */
	struct fw_packed_desc t[2] = {
		{ TOP(0x1000), 0x800, 0, SVNIC_VRING_DESC_F_WRITE },
		{ HI(0xe000), 0x1000, 0, SVNIC_VRING_DESC_F_WRITE },
	};
	rv32_copy(R.guest, t, sizeof(t));
	set_pdesc(2, HI(0x4000), sizeof(t), 42, avail(true) | SVNIC_VRING_DESC_F_INDIRECT);
	CHECK_EQ(fw_packed_walk(&r, &pos, true, &chain, &buf), SVNIC_VIF_ERR_NONE);
	CHECK_EQ(buf.id, 42);
	CHECK_EQ(buf.ndesc, 1);
	CHECK_EQ(chain.nseg, 2);
	CHECK_EQ(chain.seg[0].addr, TOP(0x1000));
	CHECK_EQ(chain.seg[1].addr, HI(0xe000));
	CHECK_EQ(pos.idx, 3);
	/* The table's low-32-bit alias is in no window. */
	pos.idx = 2;
	set_pdesc(2, 0x4000, sizeof(t), 42, avail(true) | SVNIC_VRING_DESC_F_INDIRECT);
	CHECK_EQ(fw_packed_walk(&r, &pos, true, &chain, &buf), SVNIC_VIF_ERR_DESC_ADDR);
	/* Indirect after another descriptor, or with NEXT. */
	set_pdesc(2, HI(0), 1, 0, avail(true) | SVNIC_VRING_DESC_F_WRITE | SVNIC_VRING_DESC_F_NEXT);
	set_pdesc(3, HI(0x4000), sizeof(t), 42, avail(true) | SVNIC_VRING_DESC_F_INDIRECT);
	CHECK_EQ(fw_packed_walk(&r, &pos, true, &chain, &buf), SVNIC_VIF_ERR_DESC_INDIRECT);
	set_pdesc(2, HI(0x4000), sizeof(t), 42,
		  avail(true) | SVNIC_VRING_DESC_F_INDIRECT | SVNIC_VRING_DESC_F_NEXT);
	CHECK_EQ(fw_packed_walk(&r, &pos, true, &chain, &buf), SVNIC_VIF_ERR_DESC_INDIRECT);
	r.indirect = false;
	set_pdesc(2, HI(0x4000), sizeof(t), 42, avail(true) | SVNIC_VRING_DESC_F_INDIRECT);
	CHECK_EQ(fw_packed_walk(&r, &pos, true, &chain, &buf), SVNIC_VIF_ERR_DESC_FLAGS);

	CHECK(fw_packed_desc_avail(FW_PACKED_DESC_F_AVAIL, true));
	CHECK(!fw_packed_desc_avail(FW_PACKED_DESC_F_AVAIL | FW_PACKED_DESC_F_USED, true));
	CHECK(fw_packed_desc_avail(FW_PACKED_DESC_F_USED, false));
	CHECK(!fw_packed_desc_avail(0, false));
}

int main(void)
{
	test_window_contains();
	test_chain_add();
	test_split_high();
	test_split_errors();
	test_split_many();
	test_split_indirect();
	test_packed();
	return rv32_finish("rv32_vring");
}
