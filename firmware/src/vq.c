/* SPDX-License-Identifier: MIT */
#include "fw/vq.h"

#include "fw/dma.h"
#include "fw/mem.h"
#include "svnic/dmacmd.h"
#include "svnic/mbox.h"
#include "svnic/regs.h"
#include "svnic/virtio.h"

static int dma_ok(struct fw_card *c, unsigned vif, unsigned st)
{
	if (st == SVNIC_DMA_ST_OK)
		return 0;
	/* The firmware checked the window before asking; a refusal means the
	 * mapping changed under a running queue or the engine broke. */
	fw_vif_fail(c, vif, SVNIC_VIF_ERR_DMA_FAULT);
	return -1;
}

static bool has_feature(const struct fw_vif *v, unsigned bit)
{
	return (v->features & SVNIC_VIRTIO_BIT(bit)) != 0;
}

/*
 * Order the firmware's DMA accesses: the engine completes each command
 * before the next is issued, and this keeps the compiler and the core from
 * moving the accesses around the exchange.
 */
static void full_fence(void)
{
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
}

/* Read the avail index into q->avail_cache; -1 if the VIF was failed. */
static int read_avail_idx(struct fw_card *c, unsigned vif, struct fw_vq *q)
{
	uint16_t idx;
	if (dma_ok(c, vif, fw_dma_read(c, vif, q->avail + SVNIC_VRING_AVAIL_IDX_OFF, &idx, 2)))
		return -1;
	/* The driver can be at most a whole ring ahead of us. */
	if ((uint16_t)(idx - q->last_avail) > q->size) {
		fw_vif_fail(c, vif, SVNIC_VIF_ERR_AVAIL_IDX);
		return -1;
	}
	q->avail_cache = idx;
	return 0;
}

int fw_vq_next_avail(struct fw_card *c, unsigned vif, struct fw_vq *q, uint16_t *head)
{
	if (q->last_avail == q->avail_cache) {
		if (read_avail_idx(c, vif, q) < 0)
			return -1;
		if (q->avail_cache == q->last_avail)
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

int fw_vq_busy(struct fw_card *c, unsigned vif, struct fw_vq *q)
{
	q->idle = 0;
	if (c->poll_passes == 0 || q->suppressed)
		return 0;
	q->suppressed = true;
	/* With EVENT_IDX the driver kicks only when it crosses avail_event,
	 * which the device leaves where it was: nothing to write. */
	if (has_feature(&c->vif[vif], SVNIC_VIRTIO_F_RING_EVENT_IDX))
		return 0;
	uint16_t flags = SVNIC_VRING_USED_F_NO_NOTIFY;
	return dma_ok(c, vif, fw_dma_write(c, vif, q->used + SVNIC_VRING_USED_FLAGS_OFF, &flags, 2));
}

int fw_vq_idle(struct fw_card *c, unsigned vif, struct fw_vq *q)
{
	if (q->idle < c->poll_passes) {
		q->idle++;
		return 1;
	}
	if (has_feature(&c->vif[vif], SVNIC_VIRTIO_F_RING_EVENT_IDX)) {
		/* Kick me when you publish the entry I wait for. */
		uint16_t ev = q->last_avail;
		if (dma_ok(c, vif, fw_dma_write(c, vif, q->used + SVNIC_VRING_USED_RING_OFF(q->size),
						&ev, 2)))
			return -1;
	} else if (q->suppressed) {
		uint16_t flags = 0;
		if (dma_ok(c, vif, fw_dma_write(c, vif, q->used + SVNIC_VRING_USED_FLAGS_OFF, &flags, 2)))
			return -1;
	}
	q->suppressed = false;
	full_fence();
	if (read_avail_idx(c, vif, q) < 0)
		return -1;
	if (q->avail_cache != q->last_avail)
		return 2;
	q->active = false;
	q->idle = 0;
	return 0;
}

int fw_vq_next_work(struct fw_card *c, unsigned vif, struct fw_vq *q, uint16_t *head)
{
	/* fw_vq_idle finds new work (2) at most once, so two turns suffice. */
	for (unsigned turn = 0; turn < 2; turn++) {
		int r = fw_vq_next_avail(c, vif, q, head);
		if (r < 0)
			return -1;
		if (r == 1)
			return fw_vq_busy(c, vif, q) < 0 ? -1 : 1;
		int s = fw_vq_idle(c, vif, q);
		if (s < 0)
			return -1;
		if (s != 2)
			return 0;
	}
	return 0;
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

/* Guest memory into card memory, in as many engine reads as it takes. */
static int read_mem(void *ctx, uint64_t addr, void *dst, unsigned len)
{
	struct fetch_ctx *f = ctx;
	uint8_t *d = dst;
	for (unsigned done = 0; done < len;) {
		unsigned n = len - done < SVNIC_DMA_INLINE_MAX ? len - done : SVNIC_DMA_INLINE_MAX;
		if (fw_dma_read(f->c, f->vif, addr + done, d + done, n) != SVNIC_DMA_ST_OK)
			return -1;
		done += n;
	}
	return 0;
}

int fw_vq_walk(struct fw_card *c, unsigned vif, struct fw_vq *q, uint16_t head,
	       bool device_writes, struct fw_chain *chain)
{
	struct fw_vif *v = &c->vif[vif];
	struct fetch_ctx f = { c, vif, q->desc };
	const struct fw_split_ring r = {
		q->size, has_feature(v, SVNIC_VIRTIO_F_RING_INDIRECT_DESC), v->win, v->nwin,
		fetch_desc, read_mem, &f,
	};
	unsigned err = fw_split_walk(&r, head, device_writes, chain);
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
	/* Read what the driver wants only after publishing, so a driver that
	 * re-enables interrupts after our write is seen. */
	full_fence();
	if (has_feature(v, SVNIC_VIRTIO_F_RING_EVENT_IDX)) {
		uint16_t event, old = q->used_old;
		if (dma_ok(c, vif, fw_dma_read(c, vif, q->avail + SVNIC_VRING_AVAIL_RING_OFF(q->size),
					       &event, 2)))
			return -1;
		q->used_old = q->used_idx;
		if (!fw_vq_need_event(event, q->used_idx, old))
			return 0;
	} else {
		uint16_t flags;
		if (dma_ok(c, vif, fw_dma_read(c, vif, q->avail + SVNIC_VRING_AVAIL_FLAGS_OFF, &flags, 2)))
			return -1;
		q->used_old = q->used_idx;
		if (flags & SVNIC_VRING_AVAIL_F_NO_INTERRUPT)
			return 0;
	}
	fw_hal_reg_write(c->hal, SVNIC_FW_IRQ_RAISE, q->vector);
	v->notifies++;
	return 0;
}

bool fw_vq_need_event(uint16_t event, uint16_t new_idx, uint16_t old_idx)
{
	/* Distances from new_idx backwards, modulo 2^16: the event index was
	 * passed if it is less than new_idx - old_idx entries behind new_idx. */
	return (uint16_t)(new_idx - event - 1u) < (uint16_t)(new_idx - old_idx);
}
