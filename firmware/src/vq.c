/* SPDX-License-Identifier: MIT */
#include "fw/vq.h"

#include "fw/dma.h"
#include "fw/mem.h"
#include "svnic/dmacmd.h"
#include "svnic/mbox.h"
#include "svnic/regs.h"

static int dma_ok(struct fw_card *c, unsigned vif, unsigned st)
{
	if (st == SVNIC_DMA_ST_OK)
		return 0;
	/* The firmware checked the window before asking; a refusal means the
	 * mapping changed under a running queue or the engine broke. */
	fw_vif_fail(c, vif, SVNIC_VIF_ERR_DMA_FAULT);
	return -1;
}

int fw_vq_next_avail(struct fw_card *c, unsigned vif, struct fw_vq *q, uint16_t *head)
{
	if (q->last_avail == q->avail_cache) {
		uint16_t idx;
		if (dma_ok(c, vif, fw_dma_read(c, vif, q->avail + SVNIC_VRING_AVAIL_IDX_OFF, &idx, 2)))
			return -1;
		/* The driver can be at most a whole ring ahead of us. */
		if ((uint16_t)(idx - q->last_avail) > q->size) {
			fw_vif_fail(c, vif, SVNIC_VIF_ERR_AVAIL_IDX);
			return -1;
		}
		q->avail_cache = idx;
		if (idx == q->last_avail)
			return 0;
	}
	uint16_t h;
	uint64_t at = q->avail + SVNIC_VRING_AVAIL_RING_OFF(q->last_avail & (q->size - 1u));
	if (dma_ok(c, vif, fw_dma_read(c, vif, at, &h, 2)))
		return -1;
	q->last_avail++;
	*head = h;
	return 1;
}

struct fetch_ctx {
	struct fw_card *c;
	unsigned vif;
	uint64_t table;
};

static int fetch_desc(void *ctx, uint16_t idx, struct svnic_vring_desc *out)
{
	struct fetch_ctx *f = ctx;
	unsigned st = fw_dma_read(f->c, f->vif, f->table + 16u * idx, out, 16);
	return st == SVNIC_DMA_ST_OK ? 0 : -1;
}

int fw_vq_walk(struct fw_card *c, unsigned vif, struct fw_vq *q, uint16_t head,
	       bool device_writes, struct fw_chain *chain)
{
	struct fw_vif *v = &c->vif[vif];
	struct fetch_ctx f = { c, vif, q->desc };
	unsigned err = fw_chain_walk(head, q->size, device_writes, v->win, v->nwin,
				     fetch_desc, &f, chain);
	if (err != SVNIC_VIF_ERR_NONE) {
		fw_vif_fail(c, vif, err);
		return -1;
	}
	return 0;
}

int fw_vq_push_used(struct fw_card *c, unsigned vif, struct fw_vq *q, uint16_t head, uint32_t len)
{
	struct svnic_vring_used_elem e = { head, len };
	uint64_t at = q->used + SVNIC_VRING_USED_RING_OFF(q->used_idx & (q->size - 1u));
	if (dma_ok(c, vif, fw_dma_write(c, vif, at, &e, sizeof(e))))
		return -1;
	q->used_idx++;
	return 0;
}

int fw_vq_publish(struct fw_card *c, unsigned vif, struct fw_vq *q)
{
	struct fw_vif *v = &c->vif[vif];
	/* The engine completes DMA writes in order, so the elements are visible
	 * before the index that publishes them. */
	if (dma_ok(c, vif, fw_dma_write(c, vif, q->used + SVNIC_VRING_USED_IDX_OFF, &q->used_idx, 2)))
		return -1;
	/* Read the flags only after publishing, so a driver that re-enables
	 * interrupts after our write is seen. */
	uint16_t flags;
	if (dma_ok(c, vif, fw_dma_read(c, vif, q->avail + SVNIC_VRING_AVAIL_FLAGS_OFF, &flags, 2)))
		return -1;
	if (!(flags & SVNIC_VRING_AVAIL_F_NO_INTERRUPT)) {
		fw_hal_reg_write(c->hal, SVNIC_FW_IRQ_RAISE, q->vector);
		v->notifies++;
	}
	return 0;
}
