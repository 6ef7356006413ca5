/* SPDX-License-Identifier: MIT */
/* The split-ring chain walker: good chains and each malformed case. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "fw/vring.h"
#include "svnic/mbox.h"

#define RING 8u

struct table {
	struct svnic_vring_desc d[RING];
	unsigned fetches;
	int fault_at; /* index whose fetch faults, or -1 */
};

static int fetch(void *ctx, uint16_t idx, struct svnic_vring_desc *out)
{
	struct table *t = ctx;
	t->fetches++;
	if ((int)idx == t->fault_at || idx >= RING)
		return -1;
	*out = t->d[idx];
	return 0;
}

static const struct fw_window win[] = { { 0x10000, 0x10000 }, { 0x40000, 0x1000 } };

static struct table fresh(void)
{
	struct table t;
	memset(&t, 0, sizeof(t));
	t.fault_at = -1;
	return t;
}

static unsigned walk(struct table *t, uint16_t head, bool writes, struct fw_chain *ch)
{
	const struct fw_split_ring r = { RING, false, win, 2, fetch, NULL, t };
	return fw_split_walk(&r, head, writes, ch);
}

static void single_buffer(void **state)
{
	(void)state;
	struct table t = fresh();
	struct fw_chain ch;
	t.d[3] = (struct svnic_vring_desc){ 0x10010, 100, 0, 0 };
	assert_int_equal(walk(&t, 3, false, &ch), SVNIC_VIF_ERR_NONE);
	assert_int_equal(ch.nseg, 1);
	assert_int_equal(ch.total, 100);
	assert_int_equal(ch.seg[0].addr, 0x10010);
	assert_int_equal(t.fetches, 1);
}

static void chain_across_windows_and_zero_length(void **state)
{
	(void)state;
	struct table t = fresh();
	struct fw_chain ch;
	t.d[0] = (struct svnic_vring_desc){ 0x10000, 12, SVNIC_VRING_DESC_F_NEXT, 5 };
	t.d[5] = (struct svnic_vring_desc){ 0, 0, SVNIC_VRING_DESC_F_NEXT, 7 }; /* empty: skipped */
	t.d[7] = (struct svnic_vring_desc){ 0x40800, 0x800, 0, 0 };
	assert_int_equal(walk(&t, 0, false, &ch), SVNIC_VIF_ERR_NONE);
	assert_int_equal(ch.nseg, 2);
	assert_int_equal(ch.total, 12 + 0x800);
	assert_int_equal(t.fetches, 3);
}

static void rx_chain_must_be_writable(void **state)
{
	(void)state;
	struct table t = fresh();
	struct fw_chain ch;
	t.d[1] = (struct svnic_vring_desc){ 0x10000, 64, SVNIC_VRING_DESC_F_WRITE, 0 };
	assert_int_equal(walk(&t, 1, true, &ch), SVNIC_VIF_ERR_NONE);
	assert_int_equal(walk(&t, 1, false, &ch), SVNIC_VIF_ERR_DESC_FLAGS);
	t.d[1].flags = 0;
	assert_int_equal(walk(&t, 1, true, &ch), SVNIC_VIF_ERR_DESC_FLAGS);
}

static void loop_is_caught_within_ring_size(void **state)
{
	(void)state;
	struct table t = fresh();
	struct fw_chain ch;
	for (unsigned i = 0; i < RING; i++)
		t.d[i] = (struct svnic_vring_desc){ 0x10000, 1, SVNIC_VRING_DESC_F_NEXT,
						    (uint16_t)((i + 1) % RING) };
	assert_int_equal(walk(&t, 2, false, &ch), SVNIC_VIF_ERR_DESC_LOOP);
	assert_int_equal(t.fetches, RING);
	/* self loop */
	t = fresh();
	t.d[4] = (struct svnic_vring_desc){ 0x10000, 1, SVNIC_VRING_DESC_F_NEXT, 4 };
	assert_int_equal(walk(&t, 4, false, &ch), SVNIC_VIF_ERR_DESC_LOOP);
}

static void index_outside_ring(void **state)
{
	(void)state;
	struct table t = fresh();
	struct fw_chain ch;
	assert_int_equal(walk(&t, RING, false, &ch), SVNIC_VIF_ERR_DESC_INDEX);
	assert_int_equal(t.fetches, 0); /* refused before any fetch */
	t.d[0] = (struct svnic_vring_desc){ 0x10000, 1, SVNIC_VRING_DESC_F_NEXT, 0xffff };
	assert_int_equal(walk(&t, 0, false, &ch), SVNIC_VIF_ERR_DESC_INDEX);
}

static void indirect_not_offered(void **state)
{
	(void)state;
	struct table t = fresh();
	struct fw_chain ch;
	t.d[0] = (struct svnic_vring_desc){ 0x10000, 32, SVNIC_VRING_DESC_F_INDIRECT, 0 };
	assert_int_equal(walk(&t, 0, false, &ch), SVNIC_VIF_ERR_DESC_FLAGS);
}

static void addresses_outside_or_straddling(void **state)
{
	(void)state;
	struct table t = fresh();
	struct fw_chain ch;
	const struct svnic_vring_desc bad[] = {
		{ 0x0, 16, 0, 0 },                      /* below every window */
		{ 0x1fff0, 0x20, 0, 0 },                /* runs off the end of the first */
		{ 0x1ffff, 0x40002 - 0x1ffff, 0, 0 },   /* spans the gap between windows */
		{ 0xfffffffffffffff0ull, 0x20, 0, 0 },  /* wraps the address space */
		{ 0x40000, 0x1001, 0, 0 },              /* one byte too long */
	};
	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		t.d[0] = bad[i];
		assert_int_equal(walk(&t, 0, false, &ch), SVNIC_VIF_ERR_DESC_ADDR);
	}
	t.d[0] = (struct svnic_vring_desc){ 0x40000, 0x1000, 0, 0 }; /* exactly the window */
	assert_int_equal(walk(&t, 0, false, &ch), SVNIC_VIF_ERR_NONE);
}

static void total_over_4g(void **state)
{
	(void)state;
	static const struct fw_window big[] = { { 0, 0xffffffffffffull } };
	struct table t = fresh();
	struct fw_chain ch;
	for (unsigned i = 0; i < 3; i++)
		t.d[i] = (struct svnic_vring_desc){ 0x1000, 0x7fffffffu, SVNIC_VRING_DESC_F_NEXT,
						    (uint16_t)(i + 1) };
	t.d[2].flags = 0;
	const struct fw_split_ring r = { RING, false, big, 1, fetch, NULL, &t };
	assert_int_equal(fw_split_walk(&r, 0, false, &ch),
			 SVNIC_VIF_ERR_DESC_LEN);
}

static void fetch_fault(void **state)
{
	(void)state;
	struct table t = fresh();
	struct fw_chain ch;
	t.d[0] = (struct svnic_vring_desc){ 0x10000, 8, SVNIC_VRING_DESC_F_NEXT, 1 };
	t.fault_at = 1;
	assert_int_equal(walk(&t, 0, false, &ch), SVNIC_VIF_ERR_DMA_FAULT);
}

static struct svnic_vring_desc long_chain[128];

static int fetch_long(void *ctx, uint16_t idx, struct svnic_vring_desc *out)
{
	(void)ctx;
	*out = long_chain[idx];
	return 0;
}

static void more_segments_than_recorded(void **state)
{
	(void)state;
	struct fw_chain ch;
	/* A ring of 128 whose chain has FW_MAX_SEGS + 6 one-byte buffers. */
	for (unsigned i = 0; i < 128; i++)
		long_chain[i] = (struct svnic_vring_desc){ 0x10000 + i, 1, SVNIC_VRING_DESC_F_NEXT,
							   (uint16_t)(i + 1) };
	long_chain[FW_MAX_SEGS + 5].flags = 0;
	const struct fw_split_ring r = { 128, false, win, 2, fetch_long, NULL, NULL };
	assert_int_equal(fw_split_walk(&r, 0, false, &ch),
			 SVNIC_VIF_ERR_NONE);
	assert_int_equal(ch.nseg, FW_MAX_SEGS);
	assert_true(ch.overflow);
	assert_int_equal(ch.total, FW_MAX_SEGS + 6);
}

static void window_edges(void **state)
{
	(void)state;
	assert_false(fw_window_contains(win, 2, 0x10000, 0));
	assert_true(fw_window_contains(win, 2, 0x1ffff, 1));
	assert_false(fw_window_contains(win, 2, 0x20000, 1));
	assert_false(fw_window_contains(win, 2, 0xffff, 2));
	assert_false(fw_window_contains(win, 0, 0x10000, 1));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(single_buffer),
		cmocka_unit_test(chain_across_windows_and_zero_length),
		cmocka_unit_test(rx_chain_must_be_writable),
		cmocka_unit_test(loop_is_caught_within_ring_size),
		cmocka_unit_test(index_outside_ring),
		cmocka_unit_test(indirect_not_offered),
		cmocka_unit_test(addresses_outside_or_straddling),
		cmocka_unit_test(total_over_4g),
		cmocka_unit_test(fetch_fault),
		cmocka_unit_test(more_segments_than_recorded),
		cmocka_unit_test(window_edges),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
