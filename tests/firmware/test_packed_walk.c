/* SPDX-License-Identifier: MIT */
/*
 * The packed-ring walker: availability against the wrap counter, chains
 * across the end of the ring, buffer IDs, indirect tables, and each
 * malformed case with its error.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "fw/vring_packed.h"
#include "svnic/mbox.h"

#define MEM_BASE 0x10000u
#define MEM_SIZE 0x10000u
#define TAB 0x12000u

#define F_N SVNIC_VRING_DESC_F_NEXT
#define F_W SVNIC_VRING_DESC_F_WRITE
#define F_I SVNIC_VRING_DESC_F_INDIRECT
#define F_A FW_PACKED_DESC_F_AVAIL
#define F_U FW_PACKED_DESC_F_USED

static const struct fw_window win[] = { { 0x10000, 0x10000 }, { 0x40000, 0x1000 } };

struct guest {
	struct fw_packed_desc d[256];
	uint8_t mem[MEM_SIZE];
	unsigned fetches, reads;
	int fault_at;
	bool read_fault;
	bool scribble;
	bool always_avail; /* a racing driver: every fetch looks available */
	bool lap_wrap;     /* ...for the lap being fetched (see fetch) */
	uint16_t last_idx;
	uint16_t size;
};

static struct guest g;

static int fetch(void *ctx, uint16_t idx, struct fw_packed_desc *out)
{
	struct guest *t = ctx;
	if (idx >= t->size)
		fail_msg("fetch of index %u in a ring of %u", idx, t->size);
	if (t->fetches++ > 0 && idx <= t->last_idx)
		t->lap_wrap = !t->lap_wrap; /* the walker went past the end */
	t->last_idx = idx;
	if ((int)idx == t->fault_at)
		return -1;
	*out = t->d[idx];
	if (t->always_avail) /* available in whichever lap the walker is in */
		out->flags = (uint16_t)((out->flags & ~(F_A | F_U)) | (t->lap_wrap ? F_A : F_U));
	return 0;
}

static int read_mem(void *ctx, uint64_t addr, void *dst, unsigned len)
{
	struct guest *t = ctx;
	t->reads++;
	if (t->read_fault || addr < MEM_BASE || addr - MEM_BASE + len > MEM_SIZE)
		return -1;
	memcpy(dst, t->mem + (addr - MEM_BASE), len);
	if (t->scribble)
		memset(t->mem + (addr - MEM_BASE), 0xff, len);
	return 0;
}

static int setup(void **state)
{
	(void)state;
	memset(&g, 0, sizeof(g));
	g.fault_at = -1;
	g.size = 8;
	return 0;
}

/* Flags that make a descriptor available in the lap with wrap counter w. */
static uint16_t av(bool w)
{
	return w ? F_A : F_U;
}

static void put(unsigned i, struct fw_packed_desc d)
{
	memcpy(g.mem + (TAB - MEM_BASE) + 16 * i, &d, 16);
}

static unsigned walk_r(bool indirect, struct fw_packed_pos *pos, bool writes, struct fw_chain *ch,
		       struct fw_packed_buf *b)
{
	const struct fw_packed_ring r = { g.size, indirect, win, 2, fetch, read_mem, &g };
	return fw_packed_walk(&r, pos, writes, ch, b);
}

static unsigned walk(struct fw_packed_pos *pos, bool writes, struct fw_chain *ch,
		     struct fw_packed_buf *b)
{
	return walk_r(true, pos, writes, ch, b);
}

static void availability_against_wrap_counter(void **state)
{
	(void)state;
	assert_true(fw_packed_desc_avail(F_A, true));
	assert_false(fw_packed_desc_avail(F_A | F_U, true)); /* used in lap 1 */
	assert_false(fw_packed_desc_avail(0, true));
	assert_false(fw_packed_desc_avail(F_U, true));
	assert_true(fw_packed_desc_avail(F_U, false));
	assert_false(fw_packed_desc_avail(0, false)); /* used in lap 0 */
	assert_false(fw_packed_desc_avail(F_A, false));
	assert_false(fw_packed_desc_avail(F_A | F_U, false));
	/* other bits do not matter */
	assert_true(fw_packed_desc_avail(F_A | F_N | F_W | F_I, true));
}

static void empty_ring(void **state)
{
	(void)state;
	struct fw_chain ch;
	struct fw_packed_buf b;
	struct fw_packed_pos pos = { 3, true };
	g.d[3] = (struct fw_packed_desc){ 0x10000, 64, 1, F_A | F_U }; /* used last lap */
	assert_int_equal(walk(&pos, false, &ch, &b), SVNIC_VIF_ERR_NONE);
	assert_int_equal(b.ndesc, 0);
	assert_int_equal(pos.idx, 3);
	assert_true(pos.wrap);
	assert_int_equal(g.fetches, 1);
}

static void single_and_chained_buffers(void **state)
{
	(void)state;
	struct fw_chain ch;
	struct fw_packed_buf b;
	struct fw_packed_pos pos = { 0, true };
	g.d[0] = (struct fw_packed_desc){ 0x10000, 100, 7, av(true) };
	assert_int_equal(walk(&pos, false, &ch, &b), SVNIC_VIF_ERR_NONE);
	assert_int_equal(b.ndesc, 1);
	assert_int_equal(b.id, 7);
	assert_int_equal(ch.total, 100);
	assert_int_equal(pos.idx, 1);

	/* three descriptors; the ID is the last one's */
	g.d[1] = (struct fw_packed_desc){ 0x10000, 12, 0xaaaa, av(true) | F_N };
	g.d[2] = (struct fw_packed_desc){ 0x40000, 0, 0xbbbb, av(true) | F_N };
	g.d[3] = (struct fw_packed_desc){ 0x10100, 60, 5, av(true) };
	assert_int_equal(walk(&pos, false, &ch, &b), SVNIC_VIF_ERR_NONE);
	assert_int_equal(b.ndesc, 3);
	assert_int_equal(b.id, 5);
	assert_int_equal(ch.nseg, 2); /* the empty one is skipped */
	assert_int_equal(ch.total, 72);
	assert_int_equal(pos.idx, 4);
	assert_true(pos.wrap);
}

static void chain_across_the_end_flips_wrap(void **state)
{
	(void)state;
	struct fw_chain ch;
	struct fw_packed_buf b;
	g.size = 5; /* packed rings need not be a power of two */
	struct fw_packed_pos pos = { 3, false };
	g.d[3] = (struct fw_packed_desc){ 0x10000, 1, 0, av(false) | F_W | F_N };
	g.d[4] = (struct fw_packed_desc){ 0x10001, 1, 0, av(false) | F_W | F_N };
	g.d[0] = (struct fw_packed_desc){ 0x10002, 1, 9, av(true) | F_W };
	assert_int_equal(walk(&pos, true, &ch, &b), SVNIC_VIF_ERR_NONE);
	assert_int_equal(b.ndesc, 3);
	assert_int_equal(b.id, 9);
	assert_int_equal(pos.idx, 1);
	assert_true(pos.wrap);

	/* the same chain where the part after the end was not made available
	 * for the new lap */
	pos = (struct fw_packed_pos){ 3, false };
	g.d[0].flags = av(false) | F_W;
	assert_int_equal(walk(&pos, true, &ch, &b), SVNIC_VIF_ERR_DESC_FLAGS);
	assert_int_equal(pos.idx, 3); /* not moved on error */
}

static void rest_of_chain_not_available(void **state)
{
	(void)state;
	struct fw_chain ch;
	struct fw_packed_buf b;
	struct fw_packed_pos pos = { 0, true };
	g.d[0] = (struct fw_packed_desc){ 0x10000, 8, 0, av(true) | F_N };
	g.d[1] = (struct fw_packed_desc){ 0x10000, 8, 0, 0 };
	assert_int_equal(walk(&pos, false, &ch, &b), SVNIC_VIF_ERR_DESC_FLAGS);
	assert_int_equal(g.fetches, 2);
}

static void chain_longer_than_ring(void **state)
{
	(void)state;
	struct fw_chain ch;
	struct fw_packed_buf b;
	g.always_avail = true;
	g.lap_wrap = true;
	for (unsigned i = 0; i < g.size; i++)
		g.d[i] = (struct fw_packed_desc){ 0x10000, 1, 0, F_N };
	struct fw_packed_pos pos = { 2, true };
	assert_int_equal(walk(&pos, false, &ch, &b), SVNIC_VIF_ERR_DESC_LOOP);
	assert_int_equal(g.fetches, g.size);
}

static void bad_position_and_buffers(void **state)
{
	(void)state;
	struct fw_chain ch;
	struct fw_packed_buf b;
	struct fw_packed_pos pos = { 8, true };
	assert_int_equal(walk(&pos, false, &ch, &b), SVNIC_VIF_ERR_DESC_INDEX);
	assert_int_equal(g.fetches, 0);

	pos = (struct fw_packed_pos){ 0, true };
	g.d[0] = (struct fw_packed_desc){ 0x20000, 8, 0, av(true) };
	assert_int_equal(walk(&pos, false, &ch, &b), SVNIC_VIF_ERR_DESC_ADDR);
	g.d[0] = (struct fw_packed_desc){ 0xfffffffffffffff0ull, 0x20, 0, av(true) };
	assert_int_equal(walk(&pos, false, &ch, &b), SVNIC_VIF_ERR_DESC_ADDR);
	g.d[0] = (struct fw_packed_desc){ 0x10000, 8, 0, av(true) | F_W };
	assert_int_equal(walk(&pos, false, &ch, &b), SVNIC_VIF_ERR_DESC_FLAGS);
	g.d[0] = (struct fw_packed_desc){ 0x10000, 8, 0, av(true) };
	assert_int_equal(walk(&pos, true, &ch, &b), SVNIC_VIF_ERR_DESC_FLAGS);
	g.fault_at = 1;
	g.d[0].flags |= F_N;
	assert_int_equal(walk(&pos, false, &ch, &b), SVNIC_VIF_ERR_DMA_FAULT);
	assert_int_equal(pos.idx, 0);

	static const struct fw_window big[] = { { 0, 0xffffffffffffull } };
	g.fault_at = -1;
	g.d[0] = (struct fw_packed_desc){ 0x1000, 0xffffffffu, 0, av(true) | F_N };
	g.d[1] = (struct fw_packed_desc){ 0x1000, 1, 0, av(true) };
	const struct fw_packed_ring r = { g.size, false, big, 1, fetch, read_mem, &g };
	assert_int_equal(fw_packed_walk(&r, &pos, false, &ch, &b), SVNIC_VIF_ERR_DESC_LEN);
}

static void indirect_table(void **state)
{
	(void)state;
	struct fw_chain ch;
	struct fw_packed_buf b;
	struct fw_packed_pos pos = { 7, true };
	g.d[7] = (struct fw_packed_desc){ TAB, 3 * 16, 42, av(true) | F_I };
	/* entries in order; their NEXT and ID are ignored */
	put(0, (struct fw_packed_desc){ 0x10000, 12, 0x1111, F_W | F_N });
	put(1, (struct fw_packed_desc){ 0x40000, 0x100, 0, F_W });
	put(2, (struct fw_packed_desc){ 0x10800, 60, 0x2222, F_W | F_N });
	assert_int_equal(walk(&pos, true, &ch, &b), SVNIC_VIF_ERR_NONE);
	assert_int_equal(b.ndesc, 1);
	assert_int_equal(b.id, 42);
	assert_int_equal(ch.nseg, 3);
	assert_int_equal(ch.seg[2].addr, 0x10800);
	assert_int_equal(ch.total, 12 + 0x100 + 60);
	assert_int_equal(pos.idx, 0);
	assert_false(pos.wrap);
	assert_int_equal(g.reads, 1);

	/* read once: the driver rewriting the table afterwards changes nothing */
	pos = (struct fw_packed_pos){ 7, true };
	g.scribble = true;
	assert_int_equal(walk(&pos, true, &ch, &b), SVNIC_VIF_ERR_NONE);
	assert_int_equal(ch.total, 12 + 0x100 + 60);
	assert_int_equal(g.reads, 2);
}

static void indirect_malformations(void **state)
{
	(void)state;
	struct fw_chain ch;
	struct fw_packed_buf b;
	struct fw_packed_pos pos = { 0, true };
	put(0, (struct fw_packed_desc){ 0x10000, 12, 0, 0 });
	put(1, (struct fw_packed_desc){ 0x10000, 12, 0, 0 });

	g.d[0] = (struct fw_packed_desc){ TAB, 32, 0, av(true) | F_I };
	assert_int_equal(walk_r(false, &pos, false, &ch, &b), SVNIC_VIF_ERR_DESC_FLAGS);

	g.d[0].flags |= F_N; /* indirect linked to more */
	g.d[1] = (struct fw_packed_desc){ 0x10000, 12, 0, av(true) };
	assert_int_equal(walk(&pos, false, &ch, &b), SVNIC_VIF_ERR_DESC_INDIRECT);

	/* indirect after a direct descriptor of the same chain */
	g.d[0] = (struct fw_packed_desc){ 0x10000, 12, 0, av(true) | F_N };
	g.d[1] = (struct fw_packed_desc){ TAB, 32, 0, av(true) | F_I };
	assert_int_equal(walk(&pos, false, &ch, &b), SVNIC_VIF_ERR_DESC_INDIRECT);
	assert_int_equal(g.reads, 0);

	const uint32_t bad_len[] = { 0, 8, 40, 16 * 9 };
	for (unsigned i = 0; i < 4; i++) {
		g.d[0] = (struct fw_packed_desc){ TAB, bad_len[i], 0, av(true) | F_I };
		assert_int_equal(walk(&pos, false, &ch, &b), SVNIC_VIF_ERR_DESC_INDIRECT);
	}
	g.size = 128;
	g.d[0] = (struct fw_packed_desc){ TAB, 16 * (FW_MAX_INDIRECT + 1), 0, av(true) | F_I };
	assert_int_equal(walk(&pos, false, &ch, &b), SVNIC_VIF_ERR_DESC_INDIRECT);
	g.size = 8;
	assert_int_equal(g.reads, 0);

	g.d[0] = (struct fw_packed_desc){ 0x1fff0, 32, 0, av(true) | F_I };
	assert_int_equal(walk(&pos, false, &ch, &b), SVNIC_VIF_ERR_DESC_ADDR);
	assert_int_equal(g.reads, 0);

	g.d[0] = (struct fw_packed_desc){ TAB, 32, 0, av(true) | F_I };
	put(1, (struct fw_packed_desc){ TAB, 16, 0, F_I }); /* nested */
	assert_int_equal(walk(&pos, false, &ch, &b), SVNIC_VIF_ERR_DESC_INDIRECT);
	put(1, (struct fw_packed_desc){ 0x30000, 16, 0, 0 }); /* outside */
	assert_int_equal(walk(&pos, false, &ch, &b), SVNIC_VIF_ERR_DESC_ADDR);
	put(1, (struct fw_packed_desc){ 0x10000, 16, 0, F_W }); /* wrong way */
	assert_int_equal(walk(&pos, false, &ch, &b), SVNIC_VIF_ERR_DESC_FLAGS);
	g.read_fault = true;
	assert_int_equal(walk(&pos, false, &ch, &b), SVNIC_VIF_ERR_DMA_FAULT);
	assert_int_equal(pos.idx, 0);
	assert_true(pos.wrap);
}

static void walks_a_whole_ring_of_chains(void **state)
{
	(void)state;
	struct fw_chain ch;
	struct fw_packed_buf b;
	/* Two laps of 2-descriptor chains over a ring of 5: positions and wrap
	 * counters follow the ring. */
	g.size = 5;
	struct fw_packed_pos pos = { 0, true };
	unsigned taken = 0;
	for (unsigned n = 0; n < 5; n++) {
		for (unsigned k = 0; k < 2; k++) {
			unsigned i = (taken + k) % 5;
			bool w = ((taken + k) / 5) % 2 == 0;
			g.d[i] = (struct fw_packed_desc){ 0x10000 + i, 1, (uint16_t)n,
							  (uint16_t)(av(w) | (k == 0 ? F_N : 0)) };
		}
		assert_int_equal(walk(&pos, false, &ch, &b), SVNIC_VIF_ERR_NONE);
		assert_int_equal(b.ndesc, 2);
		assert_int_equal(b.id, n);
		taken += 2;
		assert_int_equal(pos.idx, taken % 5);
		assert_int_equal(pos.wrap, (taken / 5) % 2 == 0);
	}
	/* everything is consumed: the next position holds last lap's chain */
	assert_int_equal(walk(&pos, false, &ch, &b), SVNIC_VIF_ERR_NONE);
	assert_int_equal(b.ndesc, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(availability_against_wrap_counter, setup),
		cmocka_unit_test_setup(empty_ring, setup),
		cmocka_unit_test_setup(single_and_chained_buffers, setup),
		cmocka_unit_test_setup(chain_across_the_end_flips_wrap, setup),
		cmocka_unit_test_setup(rest_of_chain_not_available, setup),
		cmocka_unit_test_setup(chain_longer_than_ring, setup),
		cmocka_unit_test_setup(bad_position_and_buffers, setup),
		cmocka_unit_test_setup(indirect_table, setup),
		cmocka_unit_test_setup(indirect_malformations, setup),
		cmocka_unit_test_setup(walks_a_whole_ring_of_chains, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
