/* SPDX-License-Identifier: MIT */
/*
 * virtio-net transmit: gather each chain (header, then frame) into the
 * datapath's TX buffer and send it into the switch, one frame at a time
 * (tx_sched.c decides whose).
 */
#include "fw/dma.h"
#include "fw/fw.h"
#include "fw/net_csum.h"
#include "fw/tso.h"
#include "fw/tx.h"
#include "fw/vq.h"
#include "svnic/dmacmd.h"
#include "svnic/mbox.h"
#include "svnic/virtio.h"

/*
 * Copy the frame part of the chain (everything after the virtio-net header)
 * into the TX buffer. Returns the frame length, 0 if the frame is not
 * sendable (counted, not an error of the driver), or -1 if the VIF failed.
 */
static long gather(struct fw_card *c, unsigned vif, const struct fw_chain *ch)
{
	struct fw_vif *v = &c->vif[vif];
	uint64_t len = ch->total - v->hdr_len;

	if (ch->overflow || len > c->max_frame || len < SVNIC_ETH_MIN_FRAME)
		return 0;
	return fw_chain_to_txbuf(c, vif, ch, v->hdr_len, (uint32_t)len, 0) < 0 ? -1 : (long)len;
}

/* Bytes a frame of `len` bytes takes in an RX buffer: whole cells of the
 * shared buffer, or whole 8-byte words of a per-VIF one. */
uint32_t fw_tx_footprint(const struct fw_card *c, uint32_t len)
{
	return (len + c->rx_unit - 1u) & ~(c->rx_unit - 1u);
}

/*
 * The bytes one pass may send from one VIF: what an empty RX buffer of the
 * receiver holds, less one largest frame, since the budget is checked before
 * each frame's length is known. Frames of a pass to one receiver then always
 * fit the room the RX drain before it left (the datapath drops what does
 * not fit the receiver's quota, counted per reason); with standard frames
 * the frame budget is the tighter one.
 */
uint32_t fw_tx_byte_budget(const struct fw_card *c)
{
	uint32_t big = fw_tx_footprint(c, c->max_frame);
	return c->rxbuf_bytes > big ? c->rxbuf_bytes - big : 1u;
}

/* Take the chain `ch` of pair `pair`'s TX ring and send its frame (or, for
 * a GSO packet, its first segment). 1, or -1 if the VIF failed. */
static int tx_chain(struct fw_card *c, unsigned vif, unsigned pair, struct fw_tx_pass *p,
		    const struct fw_chain *ch, const struct fw_vq_buf *b)
{
	struct fw_vif *v = &c->vif[vif];
	if (ch->total < v->hdr_len) {
		fw_vif_fail(c, vif, SVNIC_VIF_ERR_DESC_LEN);
		return -1;
	}
	/* The header's offload fields exist for the driver only with CSUM
	 * (which TSO needs): read them once, then act on that copy. */
	uint8_t vh[FW_VNET_HDR_READ] = { 0 };
	if ((v->features & SVNIC_VIRTIO_BIT(SVNIC_VIRTIO_NET_F_CSUM)) &&
	    fw_chain_read(c, vif, ch, 0, FW_VNET_HDR_READ, vh) < 0)
		return -1;
	if (vh[1] != SVNIC_VIRTIO_NET_HDR_GSO_NONE)
		return fw_tso_start(c, vif, pair, ch, b, vh, p);
	long len = gather(c, vif, ch);
	if (len < 0)
		return -1;
	/* checksum offload: the request, or a drop (counted) */
	uint64_t csum = 0;
	int send = len > 0 ? fw_tx_csum_word(v, vh, (unsigned)len, &csum) : 1;
	if (len == 0)
		v->tx_bad_frames++;
	else if (send == 0)
		; /* counted in tx_csum_bad */
	else if (fw_dma_txbuf_send_csum(c, vif, (unsigned)len, csum) != SVNIC_DMA_ST_OK)
		v->tx_bad_frames++; /* the datapath refused the length */
	else
		p->bytes += fw_tx_footprint(c, (uint32_t)len);
	return fw_tx_complete(c, vif, pair, p, b);
}

int fw_tx_complete(struct fw_card *c, unsigned vif, unsigned pair, struct fw_tx_pass *p,
		   const struct fw_vq_buf *b)
{
	struct fw_vif *v = &c->vif[vif];
	struct fw_vq *q = &v->vq[SVNIC_VIRTIO_NET_TXQ(pair)];
	p->done++;
	p->touched |= 1u << pair;
	v->pair_tx[pair]++;
	/* With IN_ORDER the pass's chains are completed by one used entry
	 * (the driver learns their lengths are 0 anyway): one or two DMA
	 * writes per pass instead of per frame. */
	if (v->features & SVNIC_VIRTIO_BIT(SVNIC_VIRTIO_F_IN_ORDER)) {
		q->owed++;
		q->owed_id = b->id;
		q->owed_ndesc = b->ndesc;
		q->owed_desc += b->ndesc;
	} else if (fw_vq_put(c, vif, q, b, 0) < 0) {
		return -1;
	}
	return 1;
}

int fw_tx_one(struct fw_card *c, unsigned vif, struct fw_tx_pass *p)
{
	struct fw_vif *v = &c->vif[vif];
	unsigned pairs = fw_vif_pairs(v);

	if (p->failed || !fw_vif_serving(v))
		return 0;
	/* A GSO packet being cut goes on first: its pair's ring is held. */
	if (v->tso.active) {
		int r = v->vq[SVNIC_VIRTIO_NET_TXQ(v->tso.pair)].attached ? fw_tso_next(c, vif, p) : 0;
		p->failed = r < 0;
		return r;
	}
	/* The pairs in turn from the one after the last served, so that one
	 * busy ring cannot take the whole budget of the VIF's pass. */
	for (unsigned i = 0; i < pairs; i++) {
		unsigned pair = (v->tx_next + i) % pairs;
		struct fw_vq *q = &v->vq[SVNIC_VIRTIO_NET_TXQ(pair)];
		if ((p->empty & (1u << pair)) || !q->attached || !q->active)
			continue;
		struct fw_chain ch;
		struct fw_vq_buf b;
		int r = fw_vq_get(c, vif, q, false, &ch, &b);
		if (r < 0) {
			p->failed = true;
			return -1;
		}
		if (r == 0) {
			p->empty |= 1u << pair;
			continue;
		}
		v->tx_next = (uint8_t)((pair + 1u) % pairs);
		if (tx_chain(c, vif, pair, p, &ch, &b) < 0) {
			p->failed = true;
			return -1;
		}
		return 1;
	}
	return 0;
}

void fw_tx_publish(struct fw_card *c, unsigned vif, struct fw_tx_pass *p)
{
	struct fw_vif *v = &c->vif[vif];
	if (p->failed)
		return;
	for (unsigned pair = 0; p->touched >> pair && pair < FW_MAX_PAIRS; pair++) {
		struct fw_vq *q = &v->vq[SVNIC_VIRTIO_NET_TXQ(pair)];
		if (!(p->touched & (1u << pair)))
			continue;
		if (q->owed > 0) {
			struct fw_vq_buf last = { q->owed_id, q->owed_ndesc };
			uint16_t n = q->owed;
			uint32_t nd = q->owed_desc;
			q->owed = 0;
			q->owed_desc = 0;
			if (fw_vq_put_batch(c, vif, q, &last, n, nd, 0) < 0)
				return;
		}
		if (fw_vq_publish(c, vif, q) < 0)
			return;
	}
}
