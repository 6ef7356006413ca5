/* SPDX-License-Identifier: MIT */
/*
 * virtio-net transmit: gather each chain (header, then frame) into the
 * datapath's TX buffer and send it into the switch, one frame per grant of
 * the datapath's TX scheduler (weights and rate limits per VIF).
 */
#include "fw/dma.h"
#include "fw/fw.h"
#include "fw/mem.h"
#include "fw/vq.h"
#include "svnic/dmacmd.h"
#include "svnic/mbox.h"
#include "svnic/regs.h"
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
static uint32_t tx_byte_budget(const struct fw_card *c)
{
	uint32_t big = rx_footprint(c->max_frame);
	return c->rxbuf_bytes > big ? c->rxbuf_bytes - big : 1u;
}

/* The used entries one pass owes a VIF's TX ring, published at its end. */
struct tx_pass {
	uint16_t done;        /* chains taken this pass */
	bool failed;          /* the VIF was failed: publish nothing */
	struct fw_vq_buf last; /* IN_ORDER: the last chain taken */
	uint32_t batch_desc;
	uint32_t bytes;       /* RX buffer footprint of what was sent */
};

/*
 * Send at most one chain of `vif`'s TX ring: 1 sent (or dropped and
 * counted), 0 nothing to send, -1 the VIF was failed.
 */
static int tx_one(struct fw_card *c, unsigned vif, struct tx_pass *p)
{
	struct fw_vif *v = &c->vif[vif];
	struct fw_vq *q = &v->vq[SVNIC_VIRTIO_NET_TXQ(0)];
	struct fw_chain ch;
	struct fw_vq_buf b;

	if (p->failed || !q->attached || v->state != SVNIC_VIF_RUNNING || !q->active)
		return 0;
	int r = fw_vq_get(c, vif, q, false, &ch, &b);
	if (r <= 0) {
		p->failed = r < 0;
		return r;
	}
	if (ch.total < v->hdr_len) {
		fw_vif_fail(c, vif, SVNIC_VIF_ERR_DESC_LEN);
		p->failed = true;
		return -1;
	}
	long len = gather(c, vif, &ch);
	if (len < 0) {
		p->failed = true;
		return -1;
	}
	if (len == 0)
		v->tx_bad_frames++;
	else if (fw_dma_txbuf_send(c, vif, (unsigned)len) != SVNIC_DMA_ST_OK)
		v->tx_bad_frames++; /* the datapath refused the length */
	else
		p->bytes += rx_footprint((uint32_t)len);
	p->done++;
	/* With IN_ORDER the pass's chains are completed by one used entry
	 * (the driver learns their lengths are 0 anyway): one or two DMA
	 * writes per pass instead of per frame. */
	if (v->features & SVNIC_VIRTIO_BIT(SVNIC_VIRTIO_F_IN_ORDER)) {
		p->last = b;
		p->batch_desc += b.ndesc;
	} else if (fw_vq_put(c, vif, q, &b, 0) < 0) {
		p->failed = true;
		return -1;
	}
	return 1;
}

static void tx_publish(struct fw_card *c, unsigned vif, struct tx_pass *p)
{
	struct fw_vif *v = &c->vif[vif];
	struct fw_vq *q = &v->vq[SVNIC_VIRTIO_NET_TXQ(0)];
	if (p->failed || p->done == 0)
		return;
	if ((v->features & SVNIC_VIRTIO_BIT(SVNIC_VIRTIO_F_IN_ORDER)) &&
	    fw_vq_put_batch(c, vif, q, &p->last, p->done, p->batch_desc, 0) < 0)
		return;
	fw_vq_publish(c, vif, q);
}

/*
 * Who sends next. With the datapath's scheduler (register map 2.2 on) it
 * is its grant; a datapath without one gets plain round robin from the
 * firmware, one VIF after the other. FW_TXS_NONE: nobody now; FW_TXS_RETRY:
 * the scheduler is still working, ask again.
 */
#define FW_TXS_NONE 0xffffu
#define FW_TXS_RETRY 0xfffeu

static unsigned tx_grant(struct fw_card *c, unsigned *rr, const uint32_t *want)
{
	if (c->tx_sched) {
		uint32_t g = fw_hal_reg_read(c->hal, SVNIC_FW_TXS_GRANT);
		if (g & SVNIC_TXS_GRANT_VALID)
			return g & SVNIC_TXS_GRANT_VIF_MASK;
		return (g & SVNIC_TXS_GRANT_BUSY) ? FW_TXS_RETRY : FW_TXS_NONE;
	}
	for (; *rr < c->num_vifs; (*rr)++)
		if (*want & (1u << *rr))
			return *rr;
	return FW_TXS_NONE;
}

static void tx_done(struct fw_card *c, unsigned *rr, uint32_t *want, unsigned vif, bool more)
{
	if (c->tx_sched) {
		fw_hal_reg_write(c->hal, SVNIC_FW_TXS_DONE, more ? SVNIC_TXS_DONE_MORE : 0u);
		return;
	}
	if (!more) {
		*want &= ~(1u << vif);
		(*rr)++;
	}
}

bool fw_tx_pass(struct fw_card *c)
{
	struct tx_pass p[FW_MAX_VIFS];
	uint32_t want = 0;
	unsigned rr = 0;
	bool worked = false;

	/* Tell the scheduler every VIF whose ring is being looked at; it has
	 * a VIF queued at most once, so asking again each pass costs a posted
	 * write and loses no wakeup. */
	fw_memset(p, 0, sizeof(p));
	for (unsigned v = 0; v < c->num_vifs; v++) {
		const struct fw_vq *q = &c->vif[v].vq[SVNIC_VIRTIO_NET_TXQ(0)];
		if (c->vif[v].state != SVNIC_VIF_RUNNING || !q->attached || !q->active)
			continue;
		want |= 1u << v;
		if (c->tx_sched)
			fw_hal_reg_write(c->hal, SVNIC_FW_TXS_DOORBELL, v);
	}
	if (want == 0 && !c->tx_sched)
		return false;

	/* One frame per grant. A VIF that used its pass budget (FW_TX_BUDGET
	 * chains, and the bytes an RX buffer holds: tx_byte_budget) ends the
	 * pass with its turn kept, so the scheduler's shares carry over from
	 * pass to pass. */
	uint32_t byte_budget = tx_byte_budget(c);
	unsigned grants = (FW_TX_BUDGET + 1u) * c->num_vifs, busy_run = 0, busy_all = 0;
	for (unsigned n = 0; n < grants;) {
		unsigned vif = tx_grant(c, &rr, &want);
		if (vif == FW_TXS_RETRY) {
			/* the next grant is a few cycles away, or buckets refill */
			if (++busy_run > FW_TXS_RETRIES || ++busy_all > grants)
				break;
			continue;
		}
		busy_run = 0;
		if (vif == FW_TXS_NONE)
			break;
		n++;
		if (vif >= c->num_vifs) {
			tx_done(c, &rr, &want, vif, false);
			continue;
		}
		if (p[vif].done >= FW_TX_BUDGET || p[vif].bytes >= byte_budget) {
			/* Without a scheduler the next VIF's turn comes. */
			tx_done(c, &rr, &want, vif, c->tx_sched);
			if (c->tx_sched)
				break;
			continue;
		}
		int r = tx_one(c, vif, &p[vif]);
		tx_done(c, &rr, &want, vif, r > 0);
		if (r != 0)
			worked = true;
	}
	for (unsigned v = 0; v < c->num_vifs; v++)
		tx_publish(c, v, &p[v]);
	return worked;
}

/* The VIF's TX weight, rate and burst into the datapath's scheduler. */
void fw_tx_sched_program(struct fw_card *c, unsigned vif)
{
	const struct fw_vif *v = &c->vif[vif];
	if (!c->tx_sched)
		return;
	fw_hal_reg_write(c->hal, SVNIC_FW_TXS_VIF_REG(vif, SVNIC_FW_TXS_VIF_QUANTUM),
			 (uint32_t)v->tx_weight * SVNIC_TXS_QUANTUM_UNIT);
	fw_hal_reg_write(c->hal, SVNIC_FW_TXS_VIF_REG(vif, SVNIC_FW_TXS_VIF_RATE),
			 svnic_txs_rate_units(v->tx_rate_kbps));
	fw_hal_reg_write(c->hal, SVNIC_FW_TXS_VIF_REG(vif, SVNIC_FW_TXS_VIF_BURST), v->tx_burst);
}
