/* SPDX-License-Identifier: MIT */
/*
 * virtio-net transmit: gather each chain (header, then frame) into the
 * datapath's TX buffer and send it into the switch, one frame at a time
 * (tx_sched.c decides whose).
 */
#include "fw/dma.h"
#include "fw/fw.h"
#include "fw/net_csum.h"
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
	uint64_t skip = v->hdr_len;
	unsigned pos = 0;

	if (ch->overflow || ch->total - v->hdr_len > c->max_frame ||
	    ch->total - v->hdr_len < SVNIC_ETH_MIN_FRAME)
		return 0;
	for (unsigned i = 0; i < ch->nseg; i++) {
		uint64_t addr = ch->seg[i].addr;
		uint32_t len = ch->seg[i].len;
		if (skip >= len) {
			skip -= len;
			continue;
		}
		addr += skip;
		len -= (uint32_t)skip;
		skip = 0;
		unsigned st = fw_dma_to_txbuf(c, vif, addr, len, pos);
		if (st != SVNIC_DMA_ST_OK) {
			fw_vif_fail(c, vif, SVNIC_VIF_ERR_DMA_FAULT);
			return -1;
		}
		pos += len;
	}
	return (long)pos;
}

/* Bytes a frame of `len` bytes takes in an RX buffer (whole 8-byte words). */
static uint32_t rx_footprint(uint32_t len)
{
	return (len + 7u) & ~7u;
}

/*
 * The bytes one pass may send from one VIF: what an empty RX buffer of the
 * receiver holds, less one largest frame, since the budget is checked before
 * each frame's length is known. Frames of a pass to one receiver then always
 * fit the room the RX drain before it left (svnic_rx_buf drops what does not
 * fit, counted as rx_drop_full); with standard frames the frame budget is
 * the tighter one.
 */
uint32_t fw_tx_byte_budget(const struct fw_card *c)
{
	uint32_t big = rx_footprint(c->max_frame);
	return c->rxbuf_bytes > big ? c->rxbuf_bytes - big : 1u;
}

/* Take the chain `ch` of ring q and send its frame. 1, or -1 if the VIF failed. */
static int tx_chain(struct fw_card *c, unsigned vif, unsigned pair, struct fw_tx_pass *p,
		    const struct fw_chain *ch, const struct fw_vq_buf *b)
{
	struct fw_vif *v = &c->vif[vif];
	struct fw_vq *q = &v->vq[SVNIC_VIRTIO_NET_TXQ(pair)];
	if (ch->total < v->hdr_len) {
		fw_vif_fail(c, vif, SVNIC_VIF_ERR_DESC_LEN);
		return -1;
	}
	long len = gather(c, vif, ch);
	if (len < 0)
		return -1;
	/* checksum offload: the request, or a drop (counted) */
	uint64_t csum = 0;
	int send = len > 0 ? fw_tx_csum_word(c, vif, ch, (unsigned)len, &csum) : 1;
	if (send < 0)
		return -1;
	if (len == 0)
		v->tx_bad_frames++;
	else if (send == 0)
		; /* counted in tx_csum_bad */
	else if (fw_dma_txbuf_send_csum(c, vif, (unsigned)len, csum) != SVNIC_DMA_ST_OK)
		v->tx_bad_frames++; /* the datapath refused the length */
	else
		p->bytes += rx_footprint((uint32_t)len);
	p->done++;
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

	if (p->failed || v->state != SVNIC_VIF_RUNNING)
		return 0;
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
		p->touched |= 1u << pair;
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
