/* SPDX-License-Identifier: MIT */
/*
 * virtio-net receive: move the oldest frame of the VIF's RX buffer into the
 * next chain of its RX queue, header first, scattering across the chain's
 * buffers.
 */
#include "fw/dma.h"
#include "fw/fw.h"
#include "fw/mem.h"
#include "fw/net_csum.h"
#include "fw/vq.h"
#include "svnic/dmacmd.h"
#include "svnic/mbox.h"
#include "svnic/regs.h"
#include "svnic/virtio.h"

/* A write position inside a chain's buffers. */
struct cursor {
	const struct fw_chain *ch;
	unsigned seg;
	uint32_t off;
};

/*
 * Write `len` bytes at the cursor: from `hdr` when it is not NULL, else from
 * the RX frame starting at frame offset `frame_off`. The caller has checked
 * that the chain holds them. SVNIC_DMA_ST_OK or the failing status.
 */
static unsigned put(struct fw_card *c, unsigned vif, struct cursor *cur, const uint8_t *hdr,
		    unsigned frame_off, unsigned len)
{
	unsigned done = 0;
	while (done < len && cur->seg < cur->ch->nseg) {
		const struct fw_seg *s = &cur->ch->seg[cur->seg];
		unsigned room = s->len - cur->off;
		unsigned n = len - done < room ? len - done : room;
		if (n > 0xffffu)
			n = 0xffffu; /* the engine's length field */
		unsigned st = hdr ? fw_dma_write(c, vif, s->addr + cur->off, hdr + done, n)
				  : fw_dma_rxbuf_to_host(c, vif, s->addr + cur->off, n,
							 frame_off + done);
		if (st != SVNIC_DMA_ST_OK)
			return st;
		done += n;
		cur->off += n;
		if (cur->off == s->len) {
			cur->seg++;
			cur->off = 0;
		}
	}
	return done == len ? SVNIC_DMA_ST_OK : SVNIC_DMA_ST_BAD_ARG;
}

/* Bytes the recorded segments of the chain can hold. */
static uint64_t recorded_room(const struct fw_chain *ch)
{
	uint64_t room = 0;
	for (unsigned i = 0; i < ch->nseg; i++)
		room += ch->seg[i].len;
	return room;
}

/* Deliver one frame of `len` bytes into the chain. -1 if the VIF failed. */
static int deliver(struct fw_card *c, unsigned vif, const struct fw_chain *ch, unsigned len)
{
	struct fw_vif *v = &c->vif[vif];
	struct svnic_virtio_net_hdr h;
	fw_memset(&h, 0, sizeof(h));
	h.num_buffers = 1; /* without MRG_RXBUF every frame takes one chain */
	h.flags = fw_rx_csum_flags(c, vif);

	struct cursor cur = { ch, 0, 0 };
	unsigned st = put(c, vif, &cur, (const uint8_t *)&h, 0, v->hdr_len);
	if (st == SVNIC_DMA_ST_OK)
		st = put(c, vif, &cur, 0, 0, len);
	if (st != SVNIC_DMA_ST_OK) {
		fw_vif_fail(c, vif, SVNIC_VIF_ERR_DMA_FAULT);
		return -1;
	}
	return 0;
}

bool fw_rx_queue(struct fw_card *c, unsigned vif)
{
	struct fw_vif *v = &c->vif[vif];
	struct fw_vq *q = &v->vq[SVNIC_VIRTIO_NET_RXQ(0)];
	struct fw_chain ch;
	unsigned done = 0;

	if (!q->attached || v->state != SVNIC_VIF_RUNNING || !q->active)
		return false;
	for (; done < FW_RX_BUDGET; done++) {
		unsigned len = fw_hal_reg_read(c->hal, SVNIC_FW_VIF_REG(vif, SVNIC_FW_VIF_RX_HEAD_LEN));
		if (len == 0)
			break;
		struct fw_vq_buf b;
		int r = fw_vq_get(c, vif, q, true, &ch, &b);
		if (r < 0)
			return true;
		if (r == 0)
			break; /* no buffers: the frame waits in the card */
		if (ch.total < v->hdr_len) {
			fw_vif_fail(c, vif, SVNIC_VIF_ERR_DESC_LEN);
			return true;
		}
		uint32_t used_len = 0;
		if (recorded_room(&ch) < (uint64_t)v->hdr_len + len) {
			v->rx_drop_small++;
		} else {
			if (deliver(c, vif, &ch, len) < 0)
				return true;
			used_len = v->hdr_len + len;
			v->rx_delivered++;
		}
		if (fw_dma_rxbuf_pop(c, vif) != SVNIC_DMA_ST_OK) {
			c->broken = true; /* RX_HEAD_LEN said a frame was there */
			return true;
		}
		if (fw_vq_put(c, vif, q, &b, used_len) < 0)
			return true;
	}
	if (done > 0)
		fw_vq_publish(c, vif, q);
	return done > 0;
}
