/* SPDX-License-Identifier: MIT */
/*
 * Checksum offload in the firmware against the stand-in datapath: the
 * virtio-net header's NEEDS_CSUM request reaches TXBUF_SEND (or drops its
 * frame, counted, when the field lies outside the frame), is ignored
 * without VIRTIO_NET_F_CSUM, and the datapath's RX verdict becomes
 * DATA_VALID only for a VIF with VIRTIO_NET_F_GUEST_CSUM; CARD_INFO
 * reports the features and VIF_QUERY the drops.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "fake_hal.h"
#include "fw/fw.h"
#include "svnic/dmacmd.h"
#include "svnic/mbox.h"
#include "svnic/regs.h"
#include "svnic/virtio.h"

static struct fw_hal hal;
static struct fw_card card;

#define QSIZE 16u
#define F_N SVNIC_VRING_DESC_F_NEXT
#define F_W SVNIC_VRING_DESC_F_WRITE
#define MEM(off) (FAKE_MEM_BASE + (off))
#define FEAT_V1 SVNIC_VIRTIO_BIT(SVNIC_VIRTIO_F_VERSION_1)
#define FEAT_CSUM SVNIC_VIRTIO_BIT(SVNIC_VIRTIO_NET_F_CSUM)
#define FEAT_GUEST_CSUM SVNIC_VIRTIO_BIT(SVNIC_VIRTIO_NET_F_GUEST_CSUM)

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

/* A TX chain at head `head`: the 12-byte header (split after `split` bytes
 * into two descriptors when split < 12), then a `len`-byte frame. */
static void tx_chain(struct fake_split *tx, uint16_t head, uint8_t flags, uint16_t start, uint16_t offset,
		     unsigned split, unsigned len)
{
	uint64_t hdr = MEM(0x6000 + 0x100u * head), frame = MEM(0xc000);
	struct svnic_virtio_net_hdr h;
	memset(&h, 0, sizeof(h));
	h.flags = flags;
	h.csum_start = start;
	h.csum_offset = offset;
	memcpy(fake_host(&hal, hdr), &h, sizeof(h));
	uint8_t *f = fake_host(&hal, frame);
	for (unsigned i = 0; i < len; i++)
		f[i] = (uint8_t)(i * 13u + 1u);
	if (split < 12) {
		fake_split_desc(&hal, tx, head, hdr, split, F_N, (uint16_t)(head + 1));
		fake_split_desc(&hal, tx, (uint16_t)(head + 1), hdr + split, 12 - split, F_N, (uint16_t)(head + 2));
		fake_split_desc(&hal, tx, (uint16_t)(head + 2), frame, len, 0, 0);
	} else {
		fake_split_desc(&hal, tx, head, hdr, 12, F_N, (uint16_t)(head + 1));
		fake_split_desc(&hal, tx, (uint16_t)(head + 1), frame, len, 0, 0);
	}
	fake_split_post(&hal, tx, head);
}

static void needs_csum_reaches_the_datapath(void **state)
{
	(void)state;
	uint32_t vif = fake_make_vif(&hal, &card, 1, FEAT_V1 | FEAT_CSUM);
	struct fake_split tx = fake_split_attach(&hal, &card, vif, 1, 0x2000, QSIZE);
	tx_chain(&tx, 0, SVNIC_VIRTIO_NET_HDR_F_NEEDS_CSUM, 34, 16, 12, 60);
	fw_poll(&card);
	assert_int_equal(hal.tx_sent, 1);
	assert_int_equal(hal.tx_last_len, 60);
	assert_true(hal.tx_last_csum == svnic_dma_send_csum(34, 16));
	/* the header split over two descriptors, the field ending at the
	 * frame's last byte: still sent */
	tx_chain(&tx, 4, SVNIC_VIRTIO_NET_HDR_F_NEEDS_CSUM, 40, 18, 7, 60);
	fw_poll(&card);
	assert_int_equal(hal.tx_sent, 2);
	assert_true(hal.tx_last_csum == svnic_dma_send_csum(40, 18));
	/* no NEEDS_CSUM: no request */
	tx_chain(&tx, 8, 0, 40, 18, 12, 60);
	fw_poll(&card);
	assert_int_equal(hal.tx_sent, 3);
	assert_true(hal.tx_last_csum == 0);
	assert_int_equal(card.vif[vif].tx_csum_bad, 0);
	assert_int_equal(fake_split_used_idx(&hal, &tx), 3);
	assert_int_equal(card.vif[vif].state, SVNIC_VIF_RUNNING);
}

static void field_outside_the_frame_drops_it(void **state)
{
	(void)state;
	uint32_t vif = fake_make_vif(&hal, &card, 1, FEAT_V1 | FEAT_CSUM);
	struct fake_split tx = fake_split_attach(&hal, &card, vif, 1, 0x2000, QSIZE);
	tx_chain(&tx, 0, SVNIC_VIRTIO_NET_HDR_F_NEEDS_CSUM, 40, 19, 12, 60); /* one byte past */
	tx_chain(&tx, 4, SVNIC_VIRTIO_NET_HDR_F_NEEDS_CSUM, 0xffff, 0xffff, 5, 60);
	tx_chain(&tx, 8, SVNIC_VIRTIO_NET_HDR_F_NEEDS_CSUM, 14, 0, 12, 60);
	fw_poll(&card);
	/* the two bad ones dropped and counted, completed; the VIF runs on */
	assert_int_equal(hal.tx_sent, 1);
	assert_true(hal.tx_last_csum == svnic_dma_send_csum(14, 0));
	assert_int_equal(card.vif[vif].tx_csum_bad, 2);
	assert_int_equal(card.vif[vif].tx_bad_frames, 0);
	assert_int_equal(fake_split_used_idx(&hal, &tx), 3);
	assert_int_equal(card.vif[vif].state, SVNIC_VIF_RUNNING);
	struct svnic_mbox_hdr q = { SVNIC_MBOX_OP_VIF_QUERY, sizeof(q), vif };
	struct svnic_mbox_vif_query_rsp r;
	hal.reg[SVNIC_FW_VIF_REG(vif, SVNIC_FW_VIF_TX_CSUM_REFUSED_LO) / 4] = 5;
	assert_int_equal(exec(&q, sizeof(q), &r, sizeof(r)), SVNIC_MBOX_ST_OK);
	assert_int_equal(r.h.len, sizeof(r));
	assert_true(r.tx_csum_bad == 2);
	assert_int_equal(r.tx_csum_refused, 5);
}

static void without_csum_the_header_is_not_read(void **state)
{
	(void)state;
	uint32_t vif = fake_make_vif(&hal, &card, 1, FEAT_V1);
	struct fake_split tx = fake_split_attach(&hal, &card, vif, 1, 0x2000, QSIZE);
	tx_chain(&tx, 0, SVNIC_VIRTIO_NET_HDR_F_NEEDS_CSUM, 0xffff, 0xffff, 12, 60);
	fw_poll(&card);
	assert_int_equal(hal.tx_sent, 1);
	assert_true(hal.tx_last_csum == 0);
	assert_int_equal(card.vif[vif].tx_csum_bad, 0);
	unsigned n = hal.nlog < FAKE_LOG_MAX ? hal.nlog : FAKE_LOG_MAX;
	for (unsigned i = 0; i < n; i++)
		assert_false(hal.log[i].op == SVNIC_DMA_OP_HOST_TO_FW && hal.log[i].iova == MEM(0x6000));
}

/* Deliver one 100-byte frame with datapath verdict `meta`; the header flags. */
static uint8_t rx_flags(uint32_t vif, struct fake_split *rx, uint16_t head, uint32_t meta)
{
	uint64_t b = MEM(0x8000 + 0x800u * head);
	fake_split_desc(&hal, rx, head, b, 1600, F_W, 0);
	fake_split_post(&hal, rx, head);
	memset(fake_host(&hal, b), 0xee, 12);
	hal.rx_frames = 1;
	hal.reg[SVNIC_FW_VIF_REG(vif, SVNIC_FW_VIF_RX_HEAD_LEN) / 4] = 100;
	hal.reg[SVNIC_FW_VIF_REG(vif, SVNIC_FW_VIF_RX_HEAD_META) / 4] = meta;
	hal.reg[SVNIC_FW_RX_READY / 4] = 1u << vif;
	fw_poll(&card);
	assert_int_equal(hal.rx_frames, 0);
	struct svnic_virtio_net_hdr h;
	memcpy(&h, fake_host(&hal, b), sizeof(h));
	assert_int_equal(h.num_buffers, 1);
	assert_int_equal(h.gso_type, 0);
	return h.flags;
}

static void data_valid_only_for_verified_frames_with_guest_csum(void **state)
{
	(void)state;
	uint32_t a = fake_make_vif(&hal, &card, 1, FEAT_V1 | FEAT_GUEST_CSUM);
	uint32_t b = fake_make_vif(&hal, &card, 2, FEAT_V1);
	struct fake_split ra = fake_split_attach(&hal, &card, a, 0, 0x0000, QSIZE), rb = fake_split_attach(&hal, &card, b, 0, 0x1000, QSIZE);
	assert_int_equal(rx_flags(a, &ra, 0, SVNIC_RX_CSUM_OK), SVNIC_VIRTIO_NET_HDR_F_DATA_VALID);
	assert_int_equal(rx_flags(a, &ra, 1, SVNIC_RX_CSUM_BAD), 0);
	assert_int_equal(rx_flags(a, &ra, 2, SVNIC_RX_CSUM_NOT_CHECKED), 0);
	/* without GUEST_CSUM the flags stay zero whatever the card found */
	assert_int_equal(rx_flags(b, &rb, 0, SVNIC_RX_CSUM_OK), 0);
	assert_int_equal(card.vif[a].rx_delivered, 3);
	assert_int_equal(card.vif[b].rx_delivered, 1);
}

static void card_info_reports_what_set_features_accepts(void **state)
{
	(void)state;
	struct svnic_mbox_hdr q = { SVNIC_MBOX_OP_CARD_INFO, sizeof(q), 0 };
	struct svnic_mbox_card_info_rsp r;
	assert_int_equal(exec(&q, sizeof(q), &r, sizeof(r)), SVNIC_MBOX_ST_OK);
	assert_int_equal(r.h.len, sizeof(r));
	assert_true((r.features & (FEAT_V1 | FEAT_CSUM | FEAT_GUEST_CSUM)) == (FEAT_V1 | FEAT_CSUM | FEAT_GUEST_CSUM));
	/* two queues per VIF: no control queue offered */
	assert_true((r.features & SVNIC_VIRTIO_BIT(SVNIC_VIRTIO_NET_F_CTRL_VQ)) == 0);
	uint32_t vif = fake_make_vif(&hal, &card, 1, r.features);
	assert_true(card.vif[vif].features == r.features);
	/* every bit is one VIF_SET_FEATURES takes, and nothing beyond them
	 * (bits 32 and up only with VERSION_1, which a modern driver must
	 * accept with them; TSO only with CSUM) */
	for (unsigned bit = 0; bit < 64; bit++) {
		uint64_t f = 1ull << bit | (bit >= 32 ? FEAT_V1 : 0);
		if (bit == SVNIC_VIRTIO_NET_F_HOST_TSO4 || bit == SVNIC_VIRTIO_NET_F_HOST_TSO6)
			f |= FEAT_CSUM;
		struct svnic_mbox_vif_features_req s = { { SVNIC_MBOX_OP_VIF_SET_FEATURES, sizeof(s), vif }, f };
		unsigned st = exec(&s, sizeof(s), NULL, 0);
		if (st != ((r.features & f) == f ? SVNIC_MBOX_ST_OK : SVNIC_MBOX_ST_BAD_ARG))
			fail_msg("feature bit %u (features 0x%llx): status %u", bit, (unsigned long long)f, st);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(needs_csum_reaches_the_datapath, setup),
		cmocka_unit_test_setup(field_outside_the_frame_drops_it, setup),
		cmocka_unit_test_setup(without_csum_the_header_is_not_read, setup),
		cmocka_unit_test_setup(data_valid_only_for_verified_frames_with_guest_csum, setup),
		cmocka_unit_test_setup(card_info_reports_what_set_features_accepts, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
