/* SPDX-License-Identifier: MIT */
/* Split-ring bookkeeping of the guest driver, with the test as the device. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include <errno.h>
#include <stdlib.h>

#include "vring_split.h"

struct fixture {
	struct svnic_vring_split vr;
	unsigned size;
	uint16_t dev_used; /* the device's used index */
	uint16_t dev_avail; /* next avail index the device reads */
	_Alignas(16) uint8_t mem[3][SVNIC_VRING_USED_BYTES(SVNIC_VIRTQ_MAX_SIZE) + 64];
};

static struct fixture *fx_new(unsigned size, uint16_t start)
{
	struct fixture *f = calloc(1, sizeof(*f));

	assert_non_null(f);
	f->size = size;
	f->dev_used = f->dev_avail = start;
	assert_int_equal(svnic_vring_split_init(&f->vr, size, f->mem[0], f->mem[1],
						f->mem[2], start), 0);
	return f;
}

static void fx_free(struct fixture *f)
{
	svnic_vring_split_fini(&f->vr);
	free(f);
}

static uint16_t rd16(const uint8_t *p)
{
	uint16_t v;

	memcpy(&v, p, 2);
	return v;
}

static void wr16(uint8_t *p, uint16_t v)
{
	memcpy(p, &v, 2);
}

/* Device: read the next published avail entry (returns head). */
static uint16_t dev_pop_avail(struct fixture *f)
{
	uint16_t idx = rd16(f->vr.avail + SVNIC_VRING_AVAIL_IDX_OFF);

	assert_true((uint16_t)(idx - f->dev_avail) > 0);
	uint16_t head = rd16(f->vr.avail +
			     SVNIC_VRING_AVAIL_RING_OFF(f->dev_avail & (f->size - 1)));
	f->dev_avail++;
	return head;
}

/* Device: complete `id` with `len`. */
static void dev_complete(struct fixture *f, uint32_t id, uint32_t len)
{
	struct svnic_vring_used_elem e = { .id = id, .len = len };

	memcpy(f->vr.used + SVNIC_VRING_USED_RING_OFF(f->dev_used & (f->size - 1)),
	       &e, sizeof(e));
	f->dev_used++;
	wr16(f->vr.used + SVNIC_VRING_USED_IDX_OFF, f->dev_used);
}

static int add1(struct fixture *f, uint64_t addr, uint32_t len, uint16_t flags)
{
	struct svnic_vring_desc d = { .addr = addr, .len = len, .flags = flags };

	return svnic_vring_split_add(&f->vr, &d, 1, false);
}

static void init_rejects_bad_sizes(void **state)
{
	struct svnic_vring_split vr;
	_Alignas(16) static uint8_t m[3][4096];

	(void)state;
	assert_int_equal(svnic_vring_split_init(&vr, 0, m[0], m[1], m[2], 0), -EINVAL);
	assert_int_equal(svnic_vring_split_init(&vr, 3, m[0], m[1], m[2], 0), -EINVAL);
	assert_int_equal(svnic_vring_split_init(&vr, 65536, m[0], m[1], m[2], 0), -EINVAL);
	assert_int_equal(svnic_vring_split_init(&vr, 8, m[0] + 8, m[1], m[2], 0), -EINVAL);
	assert_int_equal(svnic_vring_split_init(&vr, 8, m[0], m[1], m[2] + 2, 0), -EINVAL);
	assert_int_equal(svnic_vring_split_init(&vr, 1, m[0], m[1], m[2], 0), 0);
	svnic_vring_split_fini(&vr);
}

static void add_publish_complete(void **state)
{
	struct fixture *f = fx_new(8, 0);
	uint16_t head;
	uint32_t len;

	(void)state;
	int h = add1(f, 0x40001000, 1530, SVNIC_VRING_DESC_F_WRITE);

	assert_true(h >= 0 && h < 8);
	/* Not visible before publish. */
	assert_int_equal(rd16(f->vr.avail + SVNIC_VRING_AVAIL_IDX_OFF), 0);
	svnic_vring_split_publish(&f->vr);
	assert_int_equal(rd16(f->vr.avail + SVNIC_VRING_AVAIL_IDX_OFF), 1);
	assert_int_equal(dev_pop_avail(f), h);
	assert_int_equal(f->vr.desc[h].addr, 0x40001000);
	assert_int_equal(f->vr.desc[h].len, 1530);
	assert_int_equal(f->vr.desc[h].flags, SVNIC_VRING_DESC_F_WRITE);
	assert_int_equal(svnic_vring_split_num_free(&f->vr), 7);

	assert_int_equal(svnic_vring_split_get_used(&f->vr, &head, &len), -EAGAIN);
	dev_complete(f, (uint32_t)h, 100);
	assert_int_equal(svnic_vring_split_pending(&f->vr), 1);
	assert_int_equal(svnic_vring_split_get_used(&f->vr, &head, &len), 0);
	assert_int_equal(head, h);
	assert_int_equal(len, 100);
	assert_int_equal(svnic_vring_split_num_free(&f->vr), 8);
	assert_int_equal(svnic_vring_split_get_used(&f->vr, &head, &len), -EAGAIN);
	fx_free(f);
}

static void chain_links_and_flags(void **state)
{
	struct fixture *f = fx_new(8, 0);
	struct svnic_vring_desc d[2] = {
		{ .addr = 0x1000, .len = 12, .flags = SVNIC_VRING_DESC_F_NEXT, .next = 7 },
		{ .addr = 0x2000, .len = 60 },
	};

	(void)state;
	int h = svnic_vring_split_add(&f->vr, d, 2, false);

	assert_true(h >= 0);
	uint16_t n = f->vr.desc[h].next;

	assert_int_equal(f->vr.desc[h].flags, SVNIC_VRING_DESC_F_NEXT);
	assert_int_not_equal(n, h);
	assert_int_equal(f->vr.desc[n].addr, 0x2000);
	assert_int_equal(f->vr.desc[n].flags, 0);
	fx_free(f);
}

static void ring_full_and_reclaim(void **state)
{
	struct fixture *f = fx_new(8, 0);
	struct svnic_vring_desc d[2] = { { .addr = 1, .len = 1 }, { .addr = 2, .len = 2 } };
	int heads[4];
	uint16_t head;
	uint32_t len;

	(void)state;
	for (int i = 0; i < 4; i++) {
		heads[i] = svnic_vring_split_add(&f->vr, d, 2, false);
		assert_true(heads[i] >= 0);
	}
	assert_int_equal(svnic_vring_split_add(&f->vr, d, 2, false), -EAGAIN);
	assert_int_equal(add1(f, 1, 1, 0), -EAGAIN);
	svnic_vring_split_publish(&f->vr);
	/* Out of order: complete the third chain first. */
	dev_complete(f, (uint32_t)heads[2], 0);
	assert_int_equal(svnic_vring_split_get_used(&f->vr, &head, &len), 0);
	assert_int_equal(head, heads[2]);
	assert_int_equal(svnic_vring_split_num_free(&f->vr), 2);
	/* A single, then a chain does not fit any more. */
	assert_true(add1(f, 1, 1, 0) >= 0);
	assert_int_equal(svnic_vring_split_add(&f->vr, d, 2, false), -EAGAIN);
	dev_complete(f, (uint32_t)heads[0], 0);
	dev_complete(f, (uint32_t)heads[1], 0);
	dev_complete(f, (uint32_t)heads[3], 0);
	for (int i = 0; i < 3; i++)
		assert_int_equal(svnic_vring_split_get_used(&f->vr, &head, &len), 0);
	assert_int_equal(svnic_vring_split_num_free(&f->vr), 7);
	fx_free(f);
}

static void indices_wrap_at_65536(void **state)
{
	struct fixture *f = fx_new(4, 65530);
	uint16_t head;
	uint32_t len;

	(void)state;
	/* 40 rounds of 3 buffers: avail and used indices wrap past 65535. */
	for (unsigned round = 0; round < 40; round++) {
		int h[3];

		for (int i = 0; i < 3; i++) {
			h[i] = add1(f, 0x1000u * (unsigned)i, 64, 0);
			assert_true(h[i] >= 0);
		}
		svnic_vring_split_publish(&f->vr);
		for (int i = 0; i < 3; i++)
			assert_int_equal(dev_pop_avail(f), h[i]);
		for (int i = 0; i < 3; i++)
			dev_complete(f, (uint32_t)h[i], (uint32_t)(round * 3 + (unsigned)i));
		assert_int_equal(svnic_vring_split_pending(&f->vr), 3);
		for (int i = 0; i < 3; i++) {
			assert_int_equal(svnic_vring_split_get_used(&f->vr, &head, &len), 0);
			assert_int_equal(head, h[i]);
			assert_int_equal(len, round * 3 + (unsigned)i);
		}
		assert_int_equal(svnic_vring_split_num_free(&f->vr), 4);
	}
	assert_int_equal(rd16(f->vr.avail + SVNIC_VRING_AVAIL_IDX_OFF),
			 (uint16_t)(65530u + 120u));
	assert_true(rd16(f->vr.avail + SVNIC_VRING_AVAIL_IDX_OFF) < 200);
	fx_free(f);
}

static void device_errors_are_caught(void **state)
{
	struct fixture *f = fx_new(8, 0);
	uint16_t head;
	uint32_t len;

	(void)state;
	int h = add1(f, 1, 1, 0);

	svnic_vring_split_publish(&f->vr);
	/* id out of range */
	dev_complete(f, 8, 0);
	assert_int_equal(svnic_vring_split_get_used(&f->vr, &head, &len), -EIO);
	/* id in range but not in flight */
	dev_complete(f, (uint32_t)(h + 1) % 8, 0);
	assert_int_equal(svnic_vring_split_get_used(&f->vr, &head, &len), -EIO);
	/* the real one still completes */
	dev_complete(f, (uint32_t)h, 5);
	assert_int_equal(svnic_vring_split_get_used(&f->vr, &head, &len), 0);
	assert_int_equal(head, h);
	/* the same id twice */
	dev_complete(f, (uint32_t)h, 5);
	assert_int_equal(svnic_vring_split_get_used(&f->vr, &head, &len), -EIO);
	assert_int_equal(svnic_vring_split_num_free(&f->vr), 8);
	/* used index jumps beyond the ring size */
	wr16(f->vr.used + SVNIC_VRING_USED_IDX_OFF, (uint16_t)(f->dev_used + 9));
	assert_int_equal(svnic_vring_split_pending(&f->vr), -EIO);
	assert_int_equal(svnic_vring_split_get_used(&f->vr, &head, &len), -EIO);
	fx_free(f);
}

static void notify_flags(void **state)
{
	struct fixture *f = fx_new(8, 0);

	(void)state;
	assert_true(svnic_vring_split_kick_needed(&f->vr));
	wr16(f->vr.used + SVNIC_VRING_USED_FLAGS_OFF, SVNIC_VRING_USED_F_NO_NOTIFY);
	assert_false(svnic_vring_split_kick_needed(&f->vr));
	svnic_vring_split_set_no_interrupt(&f->vr, true);
	assert_int_equal(rd16(f->vr.avail + SVNIC_VRING_AVAIL_FLAGS_OFF),
			 SVNIC_VRING_AVAIL_F_NO_INTERRUPT);
	svnic_vring_split_set_no_interrupt(&f->vr, false);
	assert_int_equal(rd16(f->vr.avail + SVNIC_VRING_AVAIL_FLAGS_OFF), 0);
	fx_free(f);
}

static void raw_chains_keep_caller_links(void **state)
{
	struct fixture *f = fx_new(8, 0);
	/* A two-descriptor loop and an out-of-range link. */
	struct svnic_vring_desc loop[2] = {
		{ .addr = 0xdead0000, .len = 64, .flags = SVNIC_VRING_DESC_F_NEXT, .next = 1 },
		{ .addr = 0, .len = 64, .flags = SVNIC_VRING_DESC_F_NEXT, .next = 0 },
	};
	struct svnic_vring_desc wild = { .addr = 1, .len = 1,
					 .flags = SVNIC_VRING_DESC_F_NEXT, .next = 500 };
	uint16_t head;
	uint32_t len;

	(void)state;
	int h = svnic_vring_split_add(&f->vr, loop, 2, true);

	assert_true(h >= 0);
	uint16_t second = f->vr.desc[h].next;

	assert_int_equal(f->vr.desc[second].next, h);
	assert_int_equal(f->vr.desc[second].flags, SVNIC_VRING_DESC_F_NEXT);
	assert_int_equal(f->vr.desc[h].addr, 0xdead0000);
	int w = svnic_vring_split_add(&f->vr, &wild, 1, true);

	assert_true(w >= 0);
	assert_int_equal(f->vr.desc[w].next, 500);
	/* Reclaim uses the private links: both chains come back whole. */
	svnic_vring_split_publish(&f->vr);
	dev_complete(f, (uint32_t)h, 0);
	dev_complete(f, (uint32_t)w, 0);
	assert_int_equal(svnic_vring_split_get_used(&f->vr, &head, &len), 0);
	assert_int_equal(svnic_vring_split_get_used(&f->vr, &head, &len), 0);
	assert_int_equal(svnic_vring_split_num_free(&f->vr), 8);
	fx_free(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(init_rejects_bad_sizes),
		cmocka_unit_test(add_publish_complete),
		cmocka_unit_test(chain_links_and_flags),
		cmocka_unit_test(ring_full_and_reclaim),
		cmocka_unit_test(indices_wrap_at_65536),
		cmocka_unit_test(device_errors_are_caught),
		cmocka_unit_test(notify_flags),
		cmocka_unit_test(raw_chains_keep_caller_links),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
