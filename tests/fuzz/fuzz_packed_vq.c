/* SPDX-License-Identifier: MIT */
/*
 * The packed-ring datapath (fw_poll over a VIF attached with packed TX and
 * RX rings) on arbitrary ring contents, against the stand-in datapath.
 *
 * Input: an 8-byte header, then the bytes of both rings (each: size
 * descriptors, the driver's and the device's event suppression areas, 8
 * bytes of padding; TX ring first), then bytes for the area the
 * descriptors may point at (buffers, indirect tables):
 *   [0] features: bit 0 EVENT_IDX, bit 1 INDIRECT_DESC, bit 2 IN_ORDER
 *   [1] ring size - 1 (mod 32), [2] TX start index (bit 7: its wrap
 *   counter), [3] RX start index, likewise, [4..5] RX frame length,
 *   [6] passes, [7] unused.
 * Invariants: the firmware never issues a DMA outside the VIF's window
 * (every buffer is validated first), positions stay inside the ring, and a
 * VIF is either still running or in NEEDS_RESET with a reason.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fake_hal.h"
#include "fw/fw.h"
#include "svnic/dmacmd.h"
#include "svnic/mbox.h"
#include "svnic/regs.h"
#include "svnic/virtio.h"

#define RINGS_OFF 0x1000u
#define DATA_OFF 0x4000u
/* The VIF's window: the fake memory but its last 4 KiB, so descriptors can
 * point outside it into memory the engine would still reach. */
#define WIN_LEN (FAKE_MEM_SIZE - 0x1000u)

static struct fw_hal hal;
static struct fw_card card;

static void check_dma(struct fw_hal *h, const struct fake_dma_op *op)
{
	(void)h;
	bool addressed = op->op == SVNIC_DMA_OP_HOST_TO_FW || op->op == SVNIC_DMA_OP_FW_TO_HOST ||
			 op->op == SVNIC_DMA_OP_HOST_TO_TXBUF ||
			 op->op == SVNIC_DMA_OP_RXBUF_TO_HOST;
	if (!addressed)
		return;
	if (op->iova < FAKE_MEM_BASE || op->iova - FAKE_MEM_BASE + op->len > WIN_LEN)
		abort(); /* a DMA the firmware should have refused to issue */
}

static unsigned exec(const void *req, unsigned len)
{
	return fake_mbox_exec(&hal, &card, req, len, NULL, 0);
}

static void attach(uint32_t q, uint32_t size, uint64_t base, uint16_t idx)
{
	struct svnic_mbox_queue_attach_req a;
	memset(&a, 0, sizeof(a));
	a.h = (struct svnic_mbox_hdr){ SVNIC_MBOX_OP_QUEUE_ATTACH, sizeof(a), 0 };
	a.queue = q;
	a.size = size;
	a.desc = FAKE_MEM_BASE + base;
	a.avail = a.desc + 16u * size;
	a.used = a.avail + 4u;
	a.avail_idx = idx;
	a.used_idx = idx;
	a.vector = q;
	a.flags = SVNIC_QUEUE_F_PACKED;
	if (exec(&a, sizeof(a)) != SVNIC_MBOX_ST_OK)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	if (len < 8)
		return 0;
	fake_hal_reset(&hal, 4, 2);
	if (fw_init(&card, &hal) != 0)
		abort();
	uint64_t features = SVNIC_VIRTIO_BIT(SVNIC_VIRTIO_F_VERSION_1) |
			    SVNIC_VIRTIO_BIT(SVNIC_VIRTIO_F_RING_PACKED);
	if (data[0] & 1u)
		features |= SVNIC_VIRTIO_BIT(SVNIC_VIRTIO_F_RING_EVENT_IDX);
	if (data[0] & 2u)
		features |= SVNIC_VIRTIO_BIT(SVNIC_VIRTIO_F_RING_INDIRECT_DESC);
	if (data[0] & 4u)
		features |= SVNIC_VIRTIO_BIT(SVNIC_VIRTIO_F_IN_ORDER);
	uint32_t size = 1u + data[1] % 32u;
	uint16_t tx_idx = (uint16_t)((data[2] & 0x7fu) % size | (data[2] & 0x80u ? 0x8000u : 0));
	uint16_t rx_idx = (uint16_t)((data[3] & 0x7fu) % size | (data[3] & 0x80u ? 0x8000u : 0));
	unsigned rx_len = (unsigned)(data[4] | data[5] << 8) % FAKE_BUF_BYTES;
	unsigned passes = 1u + data[6] % 8u;

	struct svnic_mbox_vif_create_req c = { { SVNIC_MBOX_OP_VIF_CREATE, sizeof(c), 0 },
					       { 0x02, 0, 0, 0, 0, 1 }, 0, 0, 0, 0, 0 };
	struct svnic_mbox_dma_req m = { { SVNIC_MBOX_OP_DMA_MAP, sizeof(m), 0 }, FAKE_MEM_BASE,
					WIN_LEN };
	struct svnic_mbox_vif_features_req f = { { SVNIC_MBOX_OP_VIF_SET_FEATURES, sizeof(f), 0 },
						 features };
	if (exec(&c, sizeof(c)) != SVNIC_MBOX_ST_OK || exec(&m, sizeof(m)) != SVNIC_MBOX_ST_OK ||
	    exec(&f, sizeof(f)) != SVNIC_MBOX_ST_OK)
		abort();

	/* Both rings back to back, TX first, each padded to 16 bytes (the
	 * descriptor ring's alignment), then the data area. */
	unsigned ring_bytes = 16u * size + 16u;
	const uint8_t *p = data + 8;
	size_t left = len - 8;
	size_t n = left < 2u * ring_bytes ? left : 2u * ring_bytes;
	memcpy(fake_host(&hal, FAKE_MEM_BASE + RINGS_OFF), p, n);
	p += n;
	left -= n;
	n = left < WIN_LEN - DATA_OFF ? left : WIN_LEN - DATA_OFF;
	memcpy(fake_host(&hal, FAKE_MEM_BASE + DATA_OFF), p, n);

	attach(1, size, RINGS_OFF, tx_idx);
	attach(0, size, RINGS_OFF + ring_bytes, rx_idx);
	hal.after_dma = check_dma;
	for (unsigned i = 0; i < rx_len; i++)
		hal.rx_frame[i] = (uint8_t)i;
	for (unsigned pass = 0; pass < passes; pass++) {
		hal.reg[SVNIC_FW_DB_PENDING / 4] = 3u;
		if (rx_len) {
			hal.rx_frames = 2;
			hal.reg[SVNIC_FW_VIF_REG(0, SVNIC_FW_VIF_RX_HEAD_LEN) / 4] = rx_len;
			hal.reg[SVNIC_FW_RX_READY / 4] = 1u;
		}
		fw_poll(&card);
	}
	hal.after_dma = NULL;

	const struct fw_vif *v = &card.vif[0];
	if (v->state == SVNIC_VIF_NEEDS_RESET) {
		if (v->error == SVNIC_VIF_ERR_NONE)
			abort();
	} else if (v->state != SVNIC_VIF_RUNNING) {
		abort();
	}
	for (unsigned q = 0; q < 2; q++)
		if (v->vq[q].last_avail >= size || v->vq[q].used_idx >= size)
			abort();
	return 0;
}
