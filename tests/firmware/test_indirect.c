/* SPDX-License-Identifier: MIT */
/*
 * The split-ring walker with indirect tables: good chains, and each
 * malformation with the error it must give and the walk stopping there.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "fw/vring.h"
#include "svnic/mbox.h"

#define RING 8u
#define MEM_BASE 0x10000u /* guest memory the reads see: the first window */
#define MEM_SIZE 0x10000u

static const struct fw_window win[] = { { 0x10000, 0x10000 }, { 0x40000, 0x1000 } };

struct guest {
	struct svnic_vring_desc d[256]; /* the ring's descriptor table */
	uint8_t mem[MEM_SIZE];          /* [MEM_BASE, MEM_BASE + MEM_SIZE) */
	unsigned fetches, reads;
	int fault_at;     /* ring index whose fetch faults, or -1 */
	bool read_fault;  /* indirect table reads fault */
	bool scribble;    /* after a table read, the "driver" rewrites the table */
};

static struct guest g;

static int fetch(void *ctx, uint16_t idx, struct svnic_vring_desc *out)
{
	struct guest *t = ctx;
	t->fetches++;
	if ((int)idx == t->fault_at || idx >= 256)
		return -1;
	*out = t->d[idx];
	return 0;
}

static int read_mem(void *ctx, uint64_t addr, void *dst, unsigned len)
{
	struct guest *t = ctx;
	t->reads++;
	if (t->read_fault || addr < MEM_BASE || addr - MEM_BASE + len > MEM_SIZE)
		return -1;
	memcpy(dst, t->mem + (addr - MEM_BASE), len);
	if (t->scribble) /* a racing driver: every entry becomes nested INDIRECT */
		for (unsigned i = 0; i < len / 16; i++) {
			struct svnic_vring_desc bad = { 0, 0xffffffffu,
							SVNIC_VRING_DESC_F_INDIRECT, 0xffff };
			memcpy(t->mem + (addr - MEM_BASE) + 16 * i, &bad, 16);
		}
	return 0;
}

static int setup(void **state)
{
	(void)state;
	memset(&g, 0, sizeof(g));
	g.fault_at = -1;
	return 0;
}

/* Put table entry `i` of the table at guest address `table`. */
static void put(uint64_t table, unsigned i, struct svnic_vring_desc d)
{
	memcpy(g.mem + (table - MEM_BASE) + 16 * i, &d, 16);
}

static unsigned walk_n(uint16_t size, bool indirect, uint16_t head, bool writes,
		       struct fw_chain *ch)
{
	const struct fw_split_ring r = { size, indirect, win, 2, fetch, read_mem, &g };
	return fw_split_walk(&r, head, writes, ch);
}

static unsigned walk(uint16_t head, bool writes, struct fw_chain *ch)
{
	return walk_n(RING, true, head, writes, ch);
}

#define TAB 0x12000u
#define IND(len) ((struct svnic_vring_desc){ TAB, (len), SVNIC_VRING_DESC_F_INDIRECT, 0 })
#define F_N SVNIC_VRING_DESC_F_NEXT
#define F_W SVNIC_VRING_DESC_F_WRITE

static void head_indirect_table_walked_in_link_order(void **state)
{
	(void)state;
	struct fw_chain ch;
	g.d[2] = IND(3 * 16);
	put(TAB, 0, (struct svnic_vring_desc){ 0x10100, 12, F_N, 2 });
	put(TAB, 2, (struct svnic_vring_desc){ 0x40000, 0x100, F_N, 1 });
	put(TAB, 1, (struct svnic_vring_desc){ 0x11000, 60, 0, 0 });
	assert_int_equal(walk(2, false, &ch), SVNIC_VIF_ERR_NONE);
	assert_int_equal(ch.nseg, 3);
	assert_int_equal(ch.seg[0].addr, 0x10100);
	assert_int_equal(ch.seg[1].addr, 0x40000);
	assert_int_equal(ch.seg[2].addr, 0x11000);
	assert_int_equal(ch.total, 12 + 0x100 + 60);
	assert_int_equal(g.fetches, 1);
	assert_int_equal(g.reads, 1); /* the whole table in one copy */
}

static void rx_table_writable_and_indirect_write_flag_ignored(void **state)
{
	(void)state;
	struct fw_chain ch;
	g.d[0] = IND(2 * 16);
	g.d[0].flags |= F_W; /* the device ignores WRITE on the indirect descriptor */
	put(TAB, 0, (struct svnic_vring_desc){ 0x10000, 12, F_W | F_N, 1 });
	put(TAB, 1, (struct svnic_vring_desc){ 0x10800, 1514, F_W, 0 });
	assert_int_equal(walk(0, true, &ch), SVNIC_VIF_ERR_NONE);
	assert_int_equal(ch.total, 12 + 1514);
	/* and the same table is refused for a device-readable chain */
	assert_int_equal(walk(0, false, &ch), SVNIC_VIF_ERR_DESC_FLAGS);
}

static void direct_descriptors_then_one_indirect(void **state)
{
	(void)state;
	struct fw_chain ch;
	/* virtio 1.2 2.7.5.3.2: zero or more direct descriptors followed by a
	 * single indirect one is a valid chain. */
	g.d[5] = (struct svnic_vring_desc){ 0x10000, 12, F_N, 6 };
	g.d[6] = IND(16);
	put(TAB, 0, (struct svnic_vring_desc){ 0x10040, 64, 0, 0 });
	assert_int_equal(walk(5, false, &ch), SVNIC_VIF_ERR_NONE);
	assert_int_equal(ch.nseg, 2);
	assert_int_equal(ch.total, 76);
	assert_int_equal(g.fetches, 2);
}

static void indirect_not_negotiated(void **state)
{
	(void)state;
	struct fw_chain ch;
	g.d[0] = IND(16);
	put(TAB, 0, (struct svnic_vring_desc){ 0x10040, 64, 0, 0 });
	assert_int_equal(walk_n(RING, false, 0, false, &ch), SVNIC_VIF_ERR_DESC_FLAGS);
	assert_int_equal(g.reads, 0);
}

static void indirect_with_next(void **state)
{
	(void)state;
	struct fw_chain ch;
	g.d[0] = IND(16);
	g.d[0].flags |= F_N;
	g.d[0].next = 1;
	g.d[1] = (struct svnic_vring_desc){ 0x10000, 8, 0, 0 };
	put(TAB, 0, (struct svnic_vring_desc){ 0x10040, 64, 0, 0 });
	assert_int_equal(walk(0, false, &ch), SVNIC_VIF_ERR_DESC_INDIRECT);
	assert_int_equal(g.reads, 0);
	assert_int_equal(g.fetches, 1); /* stopped there */
}

static void table_length_rules(void **state)
{
	(void)state;
	struct fw_chain ch;
	for (unsigned i = 0; i < FW_MAX_INDIRECT + 2; i++)
		put(TAB, i, (struct svnic_vring_desc){ 0x10000, 1, F_N, (uint16_t)(i + 1) });
	const uint32_t bad[] = { 0, 8, 24, 17, 16 * RING + 16, 0xfffffff0u };
	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		g.d[0] = IND(bad[i]);
		g.reads = 0;
		assert_int_equal(walk(0, false, &ch), SVNIC_VIF_ERR_DESC_INDIRECT);
		assert_int_equal(g.reads, 0);
	}
	/* exactly the ring size is allowed (the last entry ends the chain) */
	put(TAB, RING - 1, (struct svnic_vring_desc){ 0x10000, 1, 0, 0 });
	g.d[0] = IND(16 * RING);
	assert_int_equal(walk(0, false, &ch), SVNIC_VIF_ERR_NONE);
	assert_int_equal(ch.total, RING);

	/* a big ring: the firmware's bound applies */
	put(TAB, RING - 1, (struct svnic_vring_desc){ 0x10000, 1, F_N, RING });
	put(TAB, FW_MAX_INDIRECT - 1, (struct svnic_vring_desc){ 0x10000, 1, 0, 0 });
	g.d[0] = IND(16 * FW_MAX_INDIRECT);
	assert_int_equal(walk_n(256, true, 0, false, &ch), SVNIC_VIF_ERR_NONE);
	assert_int_equal(ch.total, FW_MAX_INDIRECT);
	g.d[0] = IND(16 * (FW_MAX_INDIRECT + 1));
	assert_int_equal(walk_n(256, true, 0, false, &ch), SVNIC_VIF_ERR_DESC_INDIRECT);
}

static void table_outside_windows(void **state)
{
	(void)state;
	struct fw_chain ch;
	const struct svnic_vring_desc bad[] = {
		{ 0x0, 16, SVNIC_VRING_DESC_F_INDIRECT, 0 },                   /* below */
		{ 0x1fff0, 32, SVNIC_VRING_DESC_F_INDIRECT, 0 },               /* straddles */
		{ 0xfffffffffffffff0ull, 32, SVNIC_VRING_DESC_F_INDIRECT, 0 }, /* wraps */
		{ 0x41000, 16, SVNIC_VRING_DESC_F_INDIRECT, 0 },               /* just after */
	};
	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		g.d[1] = bad[i];
		assert_int_equal(walk(1, false, &ch), SVNIC_VIF_ERR_DESC_ADDR);
	}
	assert_int_equal(g.reads, 0);
}

static void nested_indirect(void **state)
{
	(void)state;
	struct fw_chain ch;
	g.d[0] = IND(2 * 16);
	put(TAB, 0, (struct svnic_vring_desc){ 0x10000, 8, F_N, 1 });
	put(TAB, 1, (struct svnic_vring_desc){ TAB, 16, SVNIC_VRING_DESC_F_INDIRECT, 0 });
	assert_int_equal(walk(0, false, &ch), SVNIC_VIF_ERR_DESC_INDIRECT);
	assert_int_equal(g.reads, 1); /* the nested table is never read */
}

static void link_outside_table(void **state)
{
	(void)state;
	struct fw_chain ch;
	g.d[0] = IND(2 * 16);
	put(TAB, 0, (struct svnic_vring_desc){ 0x10000, 8, F_N, 2 }); /* one past the end */
	put(TAB, 1, (struct svnic_vring_desc){ 0x10000, 8, 0, 0 });
	assert_int_equal(walk(0, false, &ch), SVNIC_VIF_ERR_DESC_INDEX);
	put(TAB, 0, (struct svnic_vring_desc){ 0x10000, 8, F_N, 0xffff });
	assert_int_equal(walk(0, false, &ch), SVNIC_VIF_ERR_DESC_INDEX);
	/* the table's copy is bounded by its length even if the ring is big */
	g.d[0] = IND(16);
	put(TAB, 0, (struct svnic_vring_desc){ 0x10000, 8, F_N, 1 });
	assert_int_equal(walk_n(256, true, 0, false, &ch), SVNIC_VIF_ERR_DESC_INDEX);
}

static void loops_inside_table(void **state)
{
	(void)state;
	struct fw_chain ch;
	g.d[0] = IND(3 * 16);
	put(TAB, 0, (struct svnic_vring_desc){ 0x10000, 8, F_N, 1 });
	put(TAB, 1, (struct svnic_vring_desc){ 0x10000, 8, F_N, 2 });
	put(TAB, 2, (struct svnic_vring_desc){ 0x10000, 8, F_N, 1 });
	assert_int_equal(walk(0, false, &ch), SVNIC_VIF_ERR_DESC_LOOP);
	assert_int_equal(ch.total, 3 * 8); /* stopped after the table's length */
	put(TAB, 0, (struct svnic_vring_desc){ 0x10000, 8, F_N, 0 }); /* self loop */
	assert_int_equal(walk(0, false, &ch), SVNIC_VIF_ERR_DESC_LOOP);
	assert_int_equal(g.reads, 2);
}

static void bad_buffers_inside_table(void **state)
{
	(void)state;
	struct fw_chain ch;
	g.d[0] = IND(2 * 16);
	put(TAB, 0, (struct svnic_vring_desc){ 0x10000, 8, F_N, 1 });
	put(TAB, 1, (struct svnic_vring_desc){ 0x20000, 8, 0, 0 }); /* outside */
	assert_int_equal(walk(0, false, &ch), SVNIC_VIF_ERR_DESC_ADDR);
	put(TAB, 1, (struct svnic_vring_desc){ 0x10000, 8, F_W, 0 }); /* wrong way */
	assert_int_equal(walk(0, false, &ch), SVNIC_VIF_ERR_DESC_FLAGS);
	put(TAB, 1, (struct svnic_vring_desc){ 0x40000, 0, 0, 0 }); /* empty: skipped */
	assert_int_equal(walk(0, false, &ch), SVNIC_VIF_ERR_NONE);
	assert_int_equal(ch.nseg, 1);

	static const struct fw_window big[] = { { 0, 0xffffffffffffull } };
	put(TAB, 0, (struct svnic_vring_desc){ 0x100000, 0xffffffffu, F_N, 1 });
	put(TAB, 1, (struct svnic_vring_desc){ 0x100000, 1, 0, 0 });
	const struct fw_split_ring r = { RING, true, big, 1, fetch, read_mem, &g };
	assert_int_equal(fw_split_walk(&r, 0, false, &ch), SVNIC_VIF_ERR_DESC_LEN);
}

static void table_read_fault(void **state)
{
	(void)state;
	struct fw_chain ch;
	g.d[0] = IND(16);
	g.read_fault = true;
	assert_int_equal(walk(0, false, &ch), SVNIC_VIF_ERR_DMA_FAULT);
	/* no read callback at all is a fault too, not a crash */
	const struct fw_split_ring r = { RING, true, win, 2, fetch, NULL, &g };
	assert_int_equal(fw_split_walk(&r, 0, false, &ch), SVNIC_VIF_ERR_DMA_FAULT);
}

static void table_read_once_and_copy_used(void **state)
{
	(void)state;
	struct fw_chain ch;
	g.d[0] = IND(2 * 16);
	put(TAB, 0, (struct svnic_vring_desc){ 0x10000, 12, F_N, 1 });
	put(TAB, 1, (struct svnic_vring_desc){ 0x10100, 100, 0, 0 });
	g.scribble = true; /* guest memory changes right after the copy */
	assert_int_equal(walk(0, false, &ch), SVNIC_VIF_ERR_NONE);
	assert_int_equal(ch.nseg, 2);
	assert_int_equal(ch.seg[1].addr, 0x10100);
	assert_int_equal(ch.total, 112);
	assert_int_equal(g.reads, 1);
}

static void ring_part_still_bounded(void **state)
{
	(void)state;
	struct fw_chain ch;
	/* A loop of direct descriptors never reaches the indirect one. */
	for (unsigned i = 0; i < RING; i++)
		g.d[i] = (struct svnic_vring_desc){ 0x10000, 1, F_N, (uint16_t)((i + 1) % RING) };
	assert_int_equal(walk(0, false, &ch), SVNIC_VIF_ERR_DESC_LOOP);
	assert_int_equal(g.fetches, RING);
	g.d[3] = (struct svnic_vring_desc){ 0x10000, 1, F_N, RING };
	assert_int_equal(walk(3, false, &ch), SVNIC_VIF_ERR_DESC_INDEX);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(head_indirect_table_walked_in_link_order, setup),
		cmocka_unit_test_setup(rx_table_writable_and_indirect_write_flag_ignored, setup),
		cmocka_unit_test_setup(direct_descriptors_then_one_indirect, setup),
		cmocka_unit_test_setup(indirect_not_negotiated, setup),
		cmocka_unit_test_setup(indirect_with_next, setup),
		cmocka_unit_test_setup(table_length_rules, setup),
		cmocka_unit_test_setup(table_outside_windows, setup),
		cmocka_unit_test_setup(nested_indirect, setup),
		cmocka_unit_test_setup(link_outside_table, setup),
		cmocka_unit_test_setup(loops_inside_table, setup),
		cmocka_unit_test_setup(bad_buffers_inside_table, setup),
		cmocka_unit_test_setup(table_read_fault, setup),
		cmocka_unit_test_setup(table_read_once_and_copy_used, setup),
		cmocka_unit_test_setup(ring_part_still_bounded, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
