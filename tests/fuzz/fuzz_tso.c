/* SPDX-License-Identifier: MIT */
/*
 * The TX path with TSO (firmware/src/net_tso.c) on an arbitrary virtio-net
 * header and frame, posted as one well-formed chain on a split TX ring,
 * against the stand-in datapath.
 *
 * Input: a 4-byte header, the 10 bytes of the virtio-net header the
 * firmware reads (flags, gso_type, hdr_len, gso_size, csum_start,
 * csum_offset), then the frame:
 *   [0] bit 0 HOST_TSO4, bit 1 HOST_TSO6, bit 2 IN_ORDER
 *   [1], [2] where the frame is cut into up to three descriptors
 *   [3] unused
 * Invariants: the chain is completed, once, and the VIF keeps running (a
 * bad header harms only its packet); the firmware holds no packet in
 * progress afterwards; no frame sent is shorter than an Ethernet header or
 * longer than the datapath takes; every packet is accounted for: a GSO one
 * as segmented (its segments carrying exactly its payload, each IPv4
 * header checksum valid) or dropped, any other as a plain frame or a drop.
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

#define RING_OFF 0x1000u
#define HDR_OFF 0x2000u
#define FRAME_OFF 0x3000u
#define QSIZE 8u
#define MAX_PASSES 256u

static struct fw_hal hal;
static struct fw_card card;
static uint64_t seg_payload;
static unsigned seg_count;
static bool seg_bad;

static unsigned exec(const void *req, unsigned len)
{
	return fake_mbox_exec(&hal, &card, req, len, NULL, 0);
}

static void desc(unsigned i, uint64_t addr, uint32_t len, uint16_t flags, uint16_t next)
{
	struct svnic_vring_desc d = { FAKE_MEM_BASE + addr, len, flags, next };
	memcpy(fake_host(&hal, FAKE_MEM_BASE + RING_OFF + 16u * i), &d, 16);
}

/* Every frame sent: within the datapath's limits; a TSO segment's payload
 * counted, its IPv4 header checksum checked. */
static void check_dma(struct fw_hal *h, const struct fake_dma_op *op)
{
	if (op->op != SVNIC_DMA_OP_TXBUF_SEND || op->st != SVNIC_DMA_ST_OK)
		return;
	if (op->len < 14u || op->len > h->reg[SVNIC_FW_MAX_FRAME / 4])
		abort();
	const struct fw_tso *t = &card.vif[0].tso;
	if (!t->active)
		return;
	seg_count++;
	if (op->len <= t->hlen)
		seg_bad = true;
	seg_payload += op->len - t->hlen;
	if (!t->v6) {
		uint32_t s = 0;
		for (unsigned i = t->l3; i < t->l4; i += 2)
			s += (uint32_t)h->txbuf[i] << 8 | h->txbuf[i + 1];
		while (s >> 16)
			s = (s & 0xffffu) + (s >> 16);
		if (s != 0xffffu)
			seg_bad = true;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	if (len < 14)
		return 0;
	size_t flen = len - 14;
	if (flen > 0x8000u)
		return 0;
	fake_hal_reset(&hal, 4, 2);
	if (fw_init(&card, &hal) != 0)
		abort();
	uint64_t features = SVNIC_VIRTIO_BIT(SVNIC_VIRTIO_F_VERSION_1) | SVNIC_VIRTIO_BIT(SVNIC_VIRTIO_NET_F_CSUM);
	if (data[0] & 1u)
		features |= SVNIC_VIRTIO_BIT(SVNIC_VIRTIO_NET_F_HOST_TSO4);
	if (data[0] & 2u)
		features |= SVNIC_VIRTIO_BIT(SVNIC_VIRTIO_NET_F_HOST_TSO6);
	if (data[0] & 4u)
		features |= SVNIC_VIRTIO_BIT(SVNIC_VIRTIO_F_IN_ORDER);
	struct svnic_mbox_vif_create_req c = { { SVNIC_MBOX_OP_VIF_CREATE, sizeof(c), 0 },
					       { 0x02, 0, 0, 0, 0, 1 }, 0, 0, 0, 0, 0 };
	struct svnic_mbox_dma_req m = { { SVNIC_MBOX_OP_DMA_MAP, sizeof(m), 0 }, FAKE_MEM_BASE, FAKE_MEM_SIZE };
	struct svnic_mbox_vif_features_req f = { { SVNIC_MBOX_OP_VIF_SET_FEATURES, sizeof(f), 0 }, features };
	if (exec(&c, sizeof(c)) != SVNIC_MBOX_ST_OK || exec(&m, sizeof(m)) != SVNIC_MBOX_ST_OK ||
	    exec(&f, sizeof(f)) != SVNIC_MBOX_ST_OK)
		abort();

	/* The header, then the frame in up to three descriptors. */
	uint8_t vh[12] = { 0 };
	memcpy(vh, data + 4, 10);
	memcpy(fake_host(&hal, FAKE_MEM_BASE + HDR_OFF), vh, 12);
	memcpy(fake_host(&hal, FAKE_MEM_BASE + FRAME_OFF), data + 14, flen);
	size_t a = data[1] * flen / 256u, b = a + data[2] * (flen - a) / 256u;
	size_t cuts[4] = { 0, a, b, flen };
	uint32_t off[4] = { HDR_OFF }, dlen[4] = { 12 };
	unsigned n = 1;
	for (unsigned i = 0; i < 3; i++)
		if (cuts[i + 1] > cuts[i] || (i == 2 && n == 1)) {
			off[n] = FRAME_OFF + (uint32_t)cuts[i];
			dlen[n++] = (uint32_t)(cuts[i + 1] - cuts[i]);
		}
	for (unsigned i = 0; i < n; i++)
		desc(i, off[i], dlen[i], i + 1 < n ? SVNIC_VRING_DESC_F_NEXT : 0, (uint16_t)(i + 1));

	struct svnic_mbox_queue_attach_req q;
	memset(&q, 0, sizeof(q));
	q.h = (struct svnic_mbox_hdr){ SVNIC_MBOX_OP_QUEUE_ATTACH, sizeof(q), 0 };
	q.queue = 1;
	q.size = QSIZE;
	q.desc = FAKE_MEM_BASE + RING_OFF;
	q.avail = q.desc + 16u * QSIZE;
	q.used = q.avail + 0x100u;
	q.vector = 1;
	uint16_t avail[3] = { 0, 1, 0 }; /* flags, idx, ring[0] = head 0 */
	memcpy(fake_host(&hal, q.avail), avail, sizeof(avail));
	memset(fake_host(&hal, q.used), 0, 4 + 8u * QSIZE);
	if (exec(&q, sizeof(q)) != SVNIC_MBOX_ST_OK)
		abort();

	seg_payload = 0;
	seg_count = 0;
	seg_bad = false;
	hal.after_dma = check_dma;
	uint16_t used = 0;
	for (unsigned pass = 0; pass < MAX_PASSES && used == 0; pass++) {
		hal.reg[SVNIC_FW_DB_PENDING / 4] = 2u;
		fw_poll(&card);
		memcpy(&used, fake_host(&hal, q.used + 2u), 2);
	}
	hal.after_dma = NULL;

	const struct fw_vif *v = &card.vif[0];
	if (used != 1 || v->state != SVNIC_VIF_RUNNING || v->tso.active || seg_bad)
		abort();
	if (vh[1] == SVNIC_VIRTIO_NET_HDR_GSO_NONE) {
		if (v->tx_tso_packets || v->tx_gso_bad || hal.tx_sent + v->tx_bad_frames + v->tx_csum_bad != 1)
			abort();
	} else if (v->tx_tso_packets + v->tx_gso_bad != 1) {
		abort();
	} else if (v->tx_tso_packets) {
		if (seg_count != v->tx_tso_segs || seg_count != hal.tx_sent || v->tx_bad_frames ||
		    seg_payload != flen - v->tso.hlen)
			abort();
	} else if (hal.tx_sent != 0) {
		abort();
	}
	return 0;
}
