/* SPDX-License-Identifier: MIT */
/*
 * VIRTIO_NET_F_MRG_RXBUF on the receive path (virtio 1.2 section 5.1.6.4),
 * on split and packed rings, with and without IN_ORDER and EVENT_IDX: a
 * frame spreads over as many RX chains as it needs, num_buffers in the
 * first chain's header counts them, each used entry's length is what its
 * chain got, and the driver sees the whole frame or none of it. A ring
 * that runs out mid-frame keeps the frame in the card until more chains
 * come; a frame no number of chains can hold is dropped and counted.
 * Without the feature, the old rule: one chain per frame.
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

#define FEAT(b) SVNIC_VIRTIO_BIT(SVNIC_VIRTIO_F_##b)
#define MRG SVNIC_VIRTIO_BIT(SVNIC_VIRTIO_NET_F_MRG_RXBUF)
#define HDR SVNIC_VIRTIO_NET_HDR_LEN
#define MEM(off) (FAKE_MEM_BASE + (off))
#define BUFS 0x1000u  /* chain buffers are laid out from here */
#define MAXQ 128u

/* The feature sets every scenario runs under. */
static const uint64_t variants[] = {
	FEAT(VERSION_1) | MRG,
	FEAT(VERSION_1) | MRG | FEAT(RING_EVENT_IDX),
	FEAT(VERSION_1) | MRG | FEAT(IN_ORDER),
	FEAT(VERSION_1) | MRG | FEAT(RING_PACKED),
	FEAT(VERSION_1) | MRG | FEAT(RING_PACKED) | FEAT(RING_EVENT_IDX),
	FEAT(VERSION_1) | MRG | FEAT(RING_PACKED) | FEAT(IN_ORDER),
};
#define NVARIANTS (sizeof(variants) / sizeof(variants[0]))

/* The driver's side of one RX ring, split or packed, at MEM(0). */
struct drv {
	uint32_t vif;
	bool packed;
	uint16_t size;
	uint64_t desc, avail, used; /* packed: ring, driver and device event areas */
	uint16_t next;              /* split: next descriptor; packed: next ring slot */
	uint16_t avail_idx;         /* split */
	uint16_t used_seen;         /* split: used entries reaped */
	bool wrap, used_wrap;       /* packed */
	uint16_t used_next;         /* packed */
	uint64_t addr[MAXQ];        /* per chain ID: its buffer */
	uint32_t cap[MAXQ];
	unsigned posted;
};

/* A card whose datapath carries 9018-byte frames, as svnic-sim does. */
static void card_reset(void)
{
	fake_hal_reset(&hal, 4, 2);
	hal.reg[SVNIC_FW_TXBUF_BYTES / 4] = 16384u;
	fake_hal_set_rx_share(&hal, 32768u);
	hal.reg[SVNIC_FW_MAX_FRAME / 4] = 9018u;
	assert_int_equal(fw_init(&card, &hal), 0);
}

static unsigned exec(const void *req, unsigned len)
{
	return fake_mbox_exec(&hal, &card, req, len, NULL, 0);
}

static void drv_attach(struct drv *d, uint64_t features, uint16_t size)
{
	memset(d, 0, sizeof(*d));
	d->vif = fake_make_vif(&hal, &card, 1, features);
	d->packed = (features & FEAT(RING_PACKED)) != 0;
	d->size = size;
	d->desc = MEM(0);
	d->avail = d->packed ? MEM(16u * size) : MEM(16u * size);
	d->used = d->packed ? MEM(16u * size + 4u) : MEM(16u * size + 0x200u + 2u * size);
	d->used = (d->used + 3u) & ~3ull;
	d->wrap = d->used_wrap = true;
	memset(fake_host(&hal, MEM(0)), 0, BUFS);
	struct svnic_mbox_queue_attach_req a;
	memset(&a, 0, sizeof(a));
	a.h = (struct svnic_mbox_hdr){ SVNIC_MBOX_OP_QUEUE_ATTACH, sizeof(a), d->vif };
	a.queue = 0;
	a.size = size;
	a.desc = d->desc;
	a.avail = d->avail;
	a.used = d->used;
	a.avail_idx = d->packed ? 0x8000 : 0;
	a.used_idx = d->packed ? 0x8000 : 0;
	a.vector = d->vif * 2u;
	a.flags = d->packed ? SVNIC_QUEUE_F_PACKED : 0;
	assert_int_equal(exec(&a, sizeof(a)), SVNIC_MBOX_ST_OK);
}

/* Post one chain of one writable buffer of `cap` bytes at MEM(off). Its
 * ID (split: descriptor index; packed: buffer ID) is the post count. */
static uint16_t drv_post(struct drv *d, uint64_t off, uint32_t cap)
{
	uint16_t id = (uint16_t)d->posted++;
	assert_true(id < MAXQ);
	d->addr[id] = MEM(off);
	d->cap[id] = cap;
	memset(fake_host(&hal, MEM(off)), 0xee, cap);
	if (d->packed) {
		uint16_t f = SVNIC_VRING_DESC_F_WRITE |
			     (d->wrap ? FW_PACKED_DESC_F_AVAIL : FW_PACKED_DESC_F_USED);
		struct fw_packed_desc pd = { MEM(off), cap, id, f };
		memcpy(fake_host(&hal, d->desc + 16u * d->next), &pd, 16);
		if (++d->next == d->size) {
			d->next = 0;
			d->wrap = !d->wrap;
		}
		return id;
	}
	uint16_t slot = (uint16_t)(id % d->size);
	struct svnic_vring_desc sd = { MEM(off), cap, SVNIC_VRING_DESC_F_WRITE, 0 };
	memcpy(fake_host(&hal, d->desc + 16u * slot), &sd, 16);
	memcpy(fake_host(&hal, d->avail + SVNIC_VRING_AVAIL_RING_OFF(d->avail_idx % d->size)), &slot, 2);
	d->avail_idx++;
	memcpy(fake_host(&hal, d->avail + SVNIC_VRING_AVAIL_IDX_OFF), &d->avail_idx, 2);
	return id;
}

/* Post chains of the given sizes back to back from BUFS. */
static void drv_post_sizes(struct drv *d, const uint32_t *cap, unsigned n)
{
	uint64_t off = BUFS;
	for (unsigned i = 0; i < n; i++) {
		drv_post(d, off, cap[i]);
		off += cap[i];
	}
	assert_true(off <= FAKE_MEM_SIZE);
}

/* The next used entry, if the device published one. */
static bool drv_reap(struct drv *d, uint16_t *id, uint32_t *len)
{
	if (d->packed) {
		struct fw_packed_desc pd;
		memcpy(&pd, fake_host(&hal, d->desc + 16u * d->used_next), 16);
		bool avail = pd.flags & FW_PACKED_DESC_F_AVAIL, used = pd.flags & FW_PACKED_DESC_F_USED;
		if (avail != d->used_wrap || used != d->used_wrap)
			return false;
		*id = pd.id;
		*len = pd.len;
		if (++d->used_next == d->size) {
			d->used_next = 0;
			d->used_wrap = !d->used_wrap;
		}
		return true;
	}
	uint16_t idx;
	memcpy(&idx, fake_host(&hal, d->used + SVNIC_VRING_USED_IDX_OFF), 2);
	if (idx == d->used_seen)
		return false;
	struct svnic_vring_used_elem e;
	memcpy(&e, fake_host(&hal, d->used + SVNIC_VRING_USED_RING_OFF(d->used_seen % d->size)),
	       sizeof(e));
	d->used_seen++;
	*id = (uint16_t)e.id;
	*len = e.len;
	return true;
}

static void doorbell(const struct drv *d)
{
	hal.reg[SVNIC_FW_DB_PENDING / 4] |= 1u << (d->vif * 2);
}

/* `count` frames of `len` bytes wait in the card's RX buffer. */
static void frames_arrive(const struct drv *d, unsigned len, unsigned count)
{
	assert_true(len <= FAKE_BUF_BYTES);
	for (unsigned i = 0; i < len; i++)
		hal.rx_frame[i] = (uint8_t)(i * 13u + (i >> 8) + 1u);
	hal.rx_frames = count;
	hal.reg[SVNIC_FW_VIF_REG(d->vif, SVNIC_FW_VIF_RX_HEAD_LEN) / 4] = len;
	hal.reg[SVNIC_FW_RX_READY / 4] |= 1u << d->vif;
}

/*
 * Reap one frame and check it against the frame in the card: the used
 * entries are the next chains in the order posted, with exactly the
 * lengths `want`, num_buffers counts them, and the bytes after the first
 * chain's header, chain after chain, are the frame.
 */
static void expect_frame(struct drv *d, unsigned len, const uint32_t *want, unsigned n,
			 uint16_t first_id)
{
	static uint8_t got[FAKE_BUF_BYTES];
	unsigned pos = 0;
	for (unsigned i = 0; i < n; i++) {
		uint16_t id;
		uint32_t ulen;
		assert_true(drv_reap(d, &id, &ulen));
		assert_int_equal(id, first_id + i);
		assert_int_equal(ulen, want[i]);
		assert_true(ulen <= d->cap[id]);
		const uint8_t *b = fake_host(&hal, d->addr[id]);
		if (i == 0) {
			struct svnic_virtio_net_hdr h;
			memcpy(&h, b, sizeof(h));
			assert_int_equal(h.num_buffers, n);
			assert_int_equal(h.flags, 0);
			assert_int_equal(h.gso_type, 0);
			b += HDR;
			ulen -= HDR;
		}
		assert_true(pos + ulen <= len);
		memcpy(got + pos, b, ulen);
		pos += ulen;
	}
	assert_int_equal(pos, len);
	assert_memory_equal(got, hal.rx_frame, len);
}

/* One frame over chains of the given sizes, in every variant. */
static void spread(unsigned len, const uint32_t *cap, unsigned ncap, const uint32_t *want,
		   unsigned nwant)
{
	for (unsigned v = 0; v < NVARIANTS; v++) {
		card_reset();
		struct drv d;
		drv_attach(&d, variants[v], 32);
		drv_post_sizes(&d, cap, ncap);
		doorbell(&d);
		frames_arrive(&d, len, 1);
		fw_poll(&card);
		assert_int_equal(card.vif[d.vif].state, SVNIC_VIF_RUNNING);
		assert_int_equal(card.vif[d.vif].rx_delivered, 1);
		assert_int_equal(card.vif[d.vif].rx_drop_small, 0);
		assert_int_equal(hal.rx_frames, 0);
		expect_frame(&d, len, want, nwant, 0);
		uint16_t id;
		uint32_t ulen;
		assert_false(drv_reap(&d, &id, &ulen)); /* the spare chains stay the driver's */
		assert_int_equal(hal.irqs, 1);
	}
}

static void frame_1514_over_1k_chains(void **state)
{
	(void)state;
	static const uint32_t cap[] = { 1024, 1024, 1024 };
	static const uint32_t want[] = { 1024, 1514 + HDR - 1024 };
	spread(1514, cap, 3, want, 2);
}

static void frame_1514_fits_one_2k_chain(void **state)
{
	(void)state;
	static const uint32_t cap[] = { 2048, 2048 };
	static const uint32_t want[] = { 1514 + HDR };
	spread(1514, cap, 2, want, 1);
}

static void frame_9000_over_2k_chains(void **state)
{
	(void)state;
	static const uint32_t cap[] = { 2048, 2048, 2048, 2048, 2048, 2048 };
	static const uint32_t want[] = { 2048, 2048, 2048, 2048, 9000 + HDR - 4 * 2048 };
	spread(9000, cap, 6, want, 5);
}

static void frame_9000_over_1k_chains(void **state)
{
	(void)state;
	uint32_t cap[10], want[9];
	for (unsigned i = 0; i < 10; i++)
		cap[i] = 1024;
	for (unsigned i = 0; i < 8; i++)
		want[i] = 1024;
	want[8] = 9000 + HDR - 8 * 1024;
	spread(9000, cap, 10, want, 9);
}

static void frame_9000_over_mixed_chains(void **state)
{
	(void)state;
	static const uint32_t cap[] = { 1024, 2048, 1024, 2048, 1024, 2048, 1024 };
	static const uint32_t want[] = { 1024, 2048, 1024, 2048, 1024, 9000 + HDR - 7168 };
	spread(9000, cap, 7, want, 6);
}

/* A first chain of exactly the header: the frame starts in the second. */
static void header_alone_in_first_chain(void **state)
{
	(void)state;
	static const uint32_t cap[] = { HDR, 1024, 1024 };
	static const uint32_t want[] = { HDR, 1024, 100 };
	spread(1124, cap, 3, want, 3);
}

/*
 * Packed: the driver must not see the first used descriptor (and with it
 * num_buffers) before the others are complete. Checked after every DMA
 * command the firmware issues.
 */
static struct drv *watched;
static unsigned watched_n;
static void first_used_last(struct fw_hal *h, const struct fake_dma_op *op)
{
	(void)op;
	struct fw_packed_desc pd;
	memcpy(&pd, fake_host(h, watched->desc), 16);
	if (!(pd.flags & FW_PACKED_DESC_F_USED))
		return;
	for (unsigned i = 1; i < watched_n; i++) {
		memcpy(&pd, fake_host(h, watched->desc + 16u * i), 16);
		assert_true(pd.flags & FW_PACKED_DESC_F_USED);
		assert_int_equal(pd.id, i);
		assert_true(pd.len > 0);
	}
}

static void packed_frame_appears_whole(void **state)
{
	(void)state;
	card_reset();
	struct drv d;
	drv_attach(&d, FEAT(VERSION_1) | MRG | FEAT(RING_PACKED), 32);
	static const uint32_t cap[] = { 1024, 1024, 1024, 1024, 1024, 1024, 1024, 1024, 1024, 1024 };
	drv_post_sizes(&d, cap, 10);
	doorbell(&d);
	frames_arrive(&d, 9000, 1);
	watched = &d;
	watched_n = 9;
	hal.after_dma = first_used_last;
	fw_poll(&card);
	hal.after_dma = 0;
	assert_int_equal(card.vif[d.vif].rx_delivered, 1);
	uint32_t want[9];
	for (unsigned i = 0; i < 8; i++)
		want[i] = 1024;
	want[8] = 9000 + HDR - 8 * 1024;
	expect_frame(&d, 9000, want, 9, 0);
}

/*
 * The ring runs out mid-frame: nothing is used, the frame stays in the
 * card, nothing is counted; once the driver adds a chain (and kicks), the
 * whole frame arrives in the chains it was meant for.
 */
static void ring_exhausted_mid_frame_waits(void **state)
{
	(void)state;
	for (unsigned v = 0; v < NVARIANTS; v++) {
		card_reset();
		card.poll_passes = 0; /* the queue waits for a kick at once */
		struct drv d;
		drv_attach(&d, variants[v], 32);
		drv_post(&d, BUFS, 1024);
		drv_post(&d, BUFS + 1024, 1024);
		doorbell(&d);
		frames_arrive(&d, 3000, 2);
		for (unsigned pass = 0; pass < 3; pass++)
			fw_poll(&card);
		uint16_t id;
		uint32_t ulen;
		assert_false(drv_reap(&d, &id, &ulen));
		assert_int_equal(hal.rx_frames, 2);
		assert_int_equal(card.vif[d.vif].state, SVNIC_VIF_RUNNING);
		assert_int_equal(card.vif[d.vif].rx_delivered, 0);
		assert_int_equal(card.vif[d.vif].rx_drop_small, 0);
		assert_int_equal(hal.irqs, 0);
		/* One more chain: the first frame fits; the second waits. */
		drv_post(&d, BUFS + 2048, 1024);
		doorbell(&d);
		fw_poll(&card);
		static const uint32_t want[] = { 1024, 1024, 3000 + HDR - 2048 };
		expect_frame(&d, 3000, want, 3, 0);
		assert_false(drv_reap(&d, &id, &ulen));
		assert_int_equal(card.vif[d.vif].rx_delivered, 1);
		assert_int_equal(hal.rx_frames, 1);
		/* Three more, one kick: the second frame. */
		drv_post(&d, BUFS + 3072, 1024);
		drv_post(&d, BUFS + 4096, 1024);
		drv_post(&d, BUFS + 5120, 1024);
		doorbell(&d);
		fw_poll(&card);
		expect_frame(&d, 3000, want, 3, 3);
		assert_int_equal(card.vif[d.vif].rx_delivered, 2);
		assert_int_equal(card.vif[d.vif].rx_drop_small, 0);
		assert_int_equal(hal.rx_frames, 0);
	}
}

/*
 * A frame the whole ring cannot hold is dropped and counted; its chains
 * stay the driver's and take the next frame.
 */
static void frame_larger_than_whole_ring_dropped(void **state)
{
	(void)state;
	for (unsigned v = 0; v < NVARIANTS; v++) {
		card_reset();
		struct drv d;
		drv_attach(&d, variants[v], 4);
		static const uint32_t cap[] = { 256, 256, 256, 256 };
		drv_post_sizes(&d, cap, 4);
		doorbell(&d);
		frames_arrive(&d, 1514, 1);
		fw_poll(&card);
		uint16_t id;
		uint32_t ulen;
		assert_false(drv_reap(&d, &id, &ulen));
		assert_int_equal(card.vif[d.vif].state, SVNIC_VIF_RUNNING);
		assert_int_equal(card.vif[d.vif].rx_drop_small, 1);
		assert_int_equal(card.vif[d.vif].rx_delivered, 0);
		assert_int_equal(hal.rx_frames, 0);
		frames_arrive(&d, 300, 1);
		fw_poll(&card);
		static const uint32_t want[] = { 256, 300 + HDR - 256 };
		expect_frame(&d, 300, want, 2, 0);
		assert_int_equal(card.vif[d.vif].rx_delivered, 1);
		assert_int_equal(card.vif[d.vif].rx_drop_small, 1);
	}
}

/* More chains than the firmware follows for one frame: dropped, counted. */
static void frame_needing_too_many_chains_dropped(void **state)
{
	(void)state;
	for (unsigned v = 0; v < NVARIANTS; v++) {
		card_reset();
		struct drv d;
		drv_attach(&d, variants[v], 128);
		for (unsigned i = 0; i < 100; i++)
			drv_post(&d, BUFS + 64u * i, 64);
		doorbell(&d);
		frames_arrive(&d, 9000, 1); /* 141 chains of 64 bytes */
		fw_poll(&card);
		uint16_t id;
		uint32_t ulen;
		assert_false(drv_reap(&d, &id, &ulen));
		assert_int_equal(card.vif[d.vif].state, SVNIC_VIF_RUNNING);
		assert_int_equal(card.vif[d.vif].rx_drop_small, 1);
		assert_int_equal(card.vif[d.vif].rx_delivered, 0);
		assert_int_equal(hal.rx_frames, 0);
	}
}

/* Each chain must hold a header (5.1.6.3.1): a shorter one is the driver's fault. */
static void chain_shorter_than_header_fails_vif(void **state)
{
	(void)state;
	for (unsigned v = 0; v < NVARIANTS; v++) {
		card_reset();
		struct drv d;
		drv_attach(&d, variants[v], 32);
		drv_post(&d, BUFS, 1024);
		drv_post(&d, BUFS + 1024, HDR - 1);
		drv_post(&d, BUFS + 2048, 1024);
		doorbell(&d);
		frames_arrive(&d, 1514, 1);
		fw_poll(&card);
		assert_int_equal(card.vif[d.vif].state, SVNIC_VIF_NEEDS_RESET);
		assert_int_equal(card.vif[d.vif].error, SVNIC_VIF_ERR_DESC_LEN);
	}
}

/* Without MRG_RXBUF: one chain per frame; too small a chain drops the frame. */
static void without_mrg_rxbuf_one_chain_per_frame(void **state)
{
	(void)state;
	static const uint64_t old[] = { FEAT(VERSION_1), FEAT(VERSION_1) | FEAT(RING_PACKED) };
	for (unsigned v = 0; v < 2; v++) {
		card_reset();
		struct drv d;
		drv_attach(&d, old[v], 32);
		drv_post(&d, BUFS, 1024);
		drv_post(&d, BUFS + 1024, 2048);
		doorbell(&d);
		frames_arrive(&d, 1514, 2);
		fw_poll(&card);
		uint16_t id;
		uint32_t ulen;
		assert_true(drv_reap(&d, &id, &ulen));
		assert_int_equal(id, 0);
		assert_int_equal(ulen, 0); /* too small: used empty */
		static const uint32_t want[] = { 1514 + HDR };
		expect_frame(&d, 1514, want, 1, 1);
		assert_int_equal(card.vif[d.vif].rx_drop_small, 1);
		assert_int_equal(card.vif[d.vif].rx_delivered, 1);
		assert_int_equal(hal.rx_frames, 0);
	}
}

/* The header is 12 bytes with VERSION_1 or MRG_RXBUF, 10 with neither. */
static void header_length_per_features(void **state)
{
	(void)state;
	static const struct {
		uint64_t f;
		unsigned hdr;
	} c[] = {
		{ 0, SVNIC_VIRTIO_NET_HDR_LEN_LEGACY },
		{ MRG, HDR },
		{ FEAT(VERSION_1), HDR },
		{ FEAT(VERSION_1) | MRG, HDR },
	};
	for (unsigned i = 0; i < 4; i++) {
		card_reset();
		struct drv d;
		drv_attach(&d, c[i].f, 32);
		assert_int_equal(card.vif[d.vif].hdr_len, c[i].hdr);
		drv_post(&d, BUFS, 2048);
		doorbell(&d);
		frames_arrive(&d, 200, 1);
		fw_poll(&card);
		uint16_t id;
		uint32_t ulen;
		assert_true(drv_reap(&d, &id, &ulen));
		assert_int_equal(ulen, 200 + c[i].hdr);
		const uint8_t *b = fake_host(&hal, d.addr[0]);
		assert_memory_equal(b + c[i].hdr, hal.rx_frame, 200);
		if (c[i].hdr == HDR) {
			uint16_t nb;
			memcpy(&nb, b + 10, 2);
			assert_int_equal(nb, 1);
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(frame_1514_over_1k_chains),
		cmocka_unit_test(frame_1514_fits_one_2k_chain),
		cmocka_unit_test(frame_9000_over_2k_chains),
		cmocka_unit_test(frame_9000_over_1k_chains),
		cmocka_unit_test(frame_9000_over_mixed_chains),
		cmocka_unit_test(header_alone_in_first_chain),
		cmocka_unit_test(packed_frame_appears_whole),
		cmocka_unit_test(ring_exhausted_mid_frame_waits),
		cmocka_unit_test(frame_larger_than_whole_ring_dropped),
		cmocka_unit_test(frame_needing_too_many_chains_dropped),
		cmocka_unit_test(chain_shorter_than_header_fails_vif),
		cmocka_unit_test(without_mrg_rxbuf_one_chain_per_frame),
		cmocka_unit_test(header_length_per_features),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
