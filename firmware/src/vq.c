/* SPDX-License-Identifier: MIT */
#include "fw/vq.h"

#include <stddef.h>

#include "fw/dma.h"
#include "fw/mem.h"
#include "fw/vring_packed.h"
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

/* Where descriptor `idx` of a packed ring, or a field of it, lives. */
static uint64_t packed_desc_at(const struct fw_vq *q, uint16_t idx, unsigned field_off)
{
	return q->desc + 16u * (uint64_t)idx + field_off;
}

#define PACKED_LEN_OFF 8u   /* offsetof(struct fw_packed_desc, len) */
#define PACKED_FLAGS_OFF 14u /* offsetof(struct fw_packed_desc, flags) */
#define PACKED_EVENT_FLAGS_OFF 2u /* offsetof(struct fw_packed_event, flags) */

/*
 * Packed: is the descriptor at the device's position available? Only its
 * flags are read here: the driver writes them last, so the walk that
 * follows (after a fence) reads the rest of the chain complete. Flags seen
 * available are kept (head_seen) and are the ones the walk uses: the ring
 * is not read twice for them, so a driver rewriting them meanwhile changes
 * nothing.
 */
static int packed_peek(struct fw_card *c, unsigned vif, struct fw_vq *q)
{
	uint16_t flags;
	if (q->head_seen)
		return 1;
	if (dma_ok(c, vif, fw_dma_read(c, vif, packed_desc_at(q, q->last_avail, PACKED_FLAGS_OFF),
				       &flags, 2)))
		return -1;
	if (!fw_packed_desc_avail(flags, q->avail_wrap))
		return 0;
	q->head_seen = true;
	q->head_flags = flags;
	return 1;
}

/* Packed: write the device event suppression flags. */
static int packed_set_event_flags(struct fw_card *c, unsigned vif, struct fw_vq *q, uint16_t flags)
{
	return dma_ok(c, vif, fw_dma_write(c, vif, q->used + PACKED_EVENT_FLAGS_OFF, &flags, 2));
}

int fw_vq_next_avail(struct fw_card *c, unsigned vif, struct fw_vq *q, uint16_t *head)
{
	if (q->packed) {
		*head = q->last_avail;
		return packed_peek(c, vif, q);
	}
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
	/* Packed: one flag turns notifications off, with or without
	 * EVENT_IDX. */
	if (q->packed)
		return packed_set_event_flags(c, vif, q, FW_PACKED_EVENT_DISABLE);
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
	if (q->packed) {
		int r;
		if (has_feature(&c->vif[vif], SVNIC_VIRTIO_F_RING_EVENT_IDX)) {
			/* Kick me when you make the descriptor I wait for
			 * available, in the lap I expect it in. One 4-byte
			 * write, so the driver never sees DESC with an old
			 * offset. */
			struct fw_packed_event ev = {
				(uint16_t)(q->last_avail | (q->avail_wrap ? SVNIC_QUEUE_IDX_WRAP : 0u)),
				FW_PACKED_EVENT_DESC,
			};
			r = dma_ok(c, vif, fw_dma_write(c, vif, q->used, &ev, sizeof(ev)));
		} else {
			r = packed_set_event_flags(c, vif, q, FW_PACKED_EVENT_ENABLE);
		}
		if (r < 0)
			return -1;
		q->suppressed = false;
		full_fence();
		r = packed_peek(c, vif, q);
		if (r != 0)
			return r < 0 ? -1 : 2;
		q->active = false;
		q->idle = 0;
		return 0;
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
	struct fw_vq *q; /* packed: its head_flags stand for the head's flags */
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
	       unsigned dir, struct fw_chain *chain)
{
	struct fw_vif *v = &c->vif[vif];
	struct fetch_ctx f = { c, vif, q->desc, q };
	const struct fw_split_ring r = {
		q->size, has_feature(v, SVNIC_VIRTIO_F_RING_INDIRECT_DESC), v->win, v->nwin,
		fetch_desc, read_mem, &f,
	};
	unsigned err = fw_split_walk(&r, head, dir, chain);
	if (err != SVNIC_VIF_ERR_NONE) {
		fw_vif_fail(c, vif, err);
		return -1;
	}
	return 0;
}

static int fetch_packed(void *ctx, uint16_t idx, struct fw_packed_desc *out)
{
	struct fetch_ctx *f = ctx;
	struct fw_vq *q = f->q;
	if (q->head_seen && idx == q->last_avail) {
		/* The head: everything but the flags the peek already read. */
		q->head_seen = false;
		out->flags = q->head_flags;
		unsigned st = fw_dma_read(f->c, f->vif, f->table + 16u * idx, out, PACKED_FLAGS_OFF);
		return st == SVNIC_DMA_ST_OK ? 0 : -1;
	}
	unsigned st = fw_dma_read(f->c, f->vif, f->table + 16u * idx, out, 16);
	return st == SVNIC_DMA_ST_OK ? 0 : -1;
}

/* Packed: walk the chain at the device's position and move past it. */
static int packed_walk(struct fw_card *c, unsigned vif, struct fw_vq *q, unsigned dir,
		       struct fw_chain *chain, struct fw_vq_buf *b)
{
	struct fw_vif *v = &c->vif[vif];
	struct fetch_ctx f = { c, vif, q->desc, q };
	const struct fw_packed_ring r = {
		q->size, has_feature(v, SVNIC_VIRTIO_F_RING_INDIRECT_DESC), v->win, v->nwin,
		fetch_packed, read_mem, &f,
	};
	struct fw_packed_pos pos = { q->last_avail, q->avail_wrap };
	struct fw_packed_buf buf;
	unsigned err = fw_packed_walk(&r, &pos, dir, chain, &buf);
	if (err != SVNIC_VIF_ERR_NONE) {
		fw_vif_fail(c, vif, err);
		return -1;
	}
	if (buf.ndesc == 0)
		return 0; /* the peek saw it available, the walk did not: wait */
	/* Chains taken but not yet used hold their descriptors: flags that
	 * make one available again before the device handed it back are the
	 * driver's error, and would move the used position past the ring. */
	if ((uint32_t)q->taken + buf.ndesc > q->size) {
		fw_vif_fail(c, vif, SVNIC_VIF_ERR_DESC_INUSE);
		return -1;
	}
	q->taken = (uint16_t)(q->taken + buf.ndesc);
	q->last_avail = pos.idx;
	q->avail_wrap = pos.wrap;
	b->id = buf.id;
	b->ndesc = buf.ndesc;
	return 1;
}

int fw_vq_get(struct fw_card *c, unsigned vif, struct fw_vq *q, unsigned dir,
	      struct fw_chain *ch, struct fw_vq_buf *b)
{
	uint16_t head;
	int r = fw_vq_next_work(c, vif, q, &head);
	if (r <= 0)
		return r;
	if (q->packed) {
		/* The head's flags said available: read the chain only now. */
		full_fence();
		return packed_walk(c, vif, q, dir, ch, b);
	}
	if (fw_vq_walk(c, vif, q, head, dir, ch) < 0)
		return -1;
	b->id = head;
	b->ndesc = 1;
	return 1;
}

int fw_vq_put(struct fw_card *c, unsigned vif, struct fw_vq *q, const struct fw_vq_buf *b,
	      uint32_t len)
{
	return fw_vq_put_batch(c, vif, q, b, 1, b->ndesc, len);
}

/* Packed: the length and ID of the used descriptor at `idx`, as they lie at
 * offsets 8 and 12 of the descriptor. */
static int packed_used_body(struct fw_card *c, unsigned vif, uint16_t idx, const struct fw_vq *q,
			    uint16_t id, uint32_t len)
{
	uint8_t body[6];
	fw_memcpy(body, &len, 4);
	fw_memcpy(body + 4, &id, 2);
	return dma_ok(c, vif, fw_dma_write(c, vif, packed_desc_at(q, idx, PACKED_LEN_OFF), body,
					   sizeof(body)));
}

/* Packed: the flags that hand the descriptor at `idx` back. The engine
 * completes writes in order, so they land after its ID and length. WRITE
 * says the length counts bytes written (the driver ignores it otherwise). */
static int packed_used_flags(struct fw_card *c, unsigned vif, uint16_t idx, bool wrap,
			     const struct fw_vq *q, uint32_t len)
{
	uint16_t flags = wrap ? (uint16_t)(FW_PACKED_DESC_F_AVAIL | FW_PACKED_DESC_F_USED) : 0u;
	if (len > 0)
		flags |= SVNIC_VRING_DESC_F_WRITE;
	return dma_ok(c, vif, fw_dma_write(c, vif, packed_desc_at(q, idx, PACKED_FLAGS_OFF), &flags, 2));
}

/* Packed: one used descriptor stands for a whole chain (or batch): move a
 * position past its `ndesc` descriptors. A batch was available all at
 * once, so it spans at most the ring. */
static void packed_advance(const struct fw_vq *q, uint16_t *idx, bool *wrap, uint32_t ndesc)
{
	uint32_t next = (uint32_t)*idx + ndesc;
	if (next >= q->size) {
		next -= q->size;
		*wrap = !*wrap;
	}
	*idx = (uint16_t)next;
}

int fw_vq_put_batch(struct fw_card *c, unsigned vif, struct fw_vq *q, const struct fw_vq_buf *last,
		    uint16_t nbufs, uint32_t ndesc, uint32_t len)
{
	if (!q->packed) {
		/* The element goes where the driver reads next, and the
		 * index skips the batch (virtio 1.2 section 2.7.9). */
		if (fw_vq_push_used(c, vif, q, last->id, len) < 0)
			return -1;
		q->used_idx = (uint16_t)(q->used_idx + nbufs - 1u);
		return 0;
	}
	if (packed_used_body(c, vif, q->used_idx, q, last->id, len) < 0 ||
	    packed_used_flags(c, vif, q->used_idx, q->used_wrap, q, len) < 0)
		return -1;
	/* The chain's (or batch's) descriptors are the driver's again. */
	q->taken = ndesc < q->taken ? (uint16_t)(q->taken - ndesc) : 0u;
	packed_advance(q, &q->used_idx, &q->used_wrap, ndesc);
	return 0;
}

int fw_vq_put_chains(struct fw_card *c, unsigned vif, struct fw_vq *q, const struct fw_vq_buf *b,
		     const uint32_t *len, unsigned n)
{
	if (n == 0)
		return 0;
	if (!q->packed) {
		/* Invisible until fw_vq_publish moves the index past all. */
		for (unsigned i = 0; i < n; i++)
			if (fw_vq_push_used(c, vif, q, b[i].id, len[i]) < 0)
				return -1;
		return 0;
	}
	/* The driver reads used descriptors in ring order and stops at the
	 * first it does not own: write the others complete, then the
	 * first's flags last, so it sees all n at once or none. */
	uint16_t idx = q->used_idx;
	bool wrap = q->used_wrap;
	if (packed_used_body(c, vif, idx, q, b[0].id, len[0]) < 0)
		return -1;
	packed_advance(q, &idx, &wrap, b[0].ndesc);
	for (unsigned i = 1; i < n; i++) {
		if (packed_used_body(c, vif, idx, q, b[i].id, len[i]) < 0 ||
		    packed_used_flags(c, vif, idx, wrap, q, len[i]) < 0)
			return -1;
		packed_advance(q, &idx, &wrap, b[i].ndesc);
	}
	if (packed_used_flags(c, vif, q->used_idx, q->used_wrap, q, len[0]) < 0)
		return -1;
	uint32_t ndesc = 0;
	for (unsigned i = 0; i < n; i++)
		ndesc += b[i].ndesc;
	q->taken = ndesc < q->taken ? (uint16_t)(q->taken - ndesc) : 0u;
	q->used_idx = idx;
	q->used_wrap = wrap;
	return 0;
}

void fw_vq_mark(const struct fw_vq *q, struct fw_vq_mark *m)
{
	m->last_avail = q->last_avail;
	m->avail_wrap = q->avail_wrap;
	m->taken = q->taken;
}

void fw_vq_rewind(struct fw_vq *q, const struct fw_vq_mark *m)
{
	/* Split: avail_cache stays, it is still at or ahead of the mark. */
	q->last_avail = m->last_avail;
	q->avail_wrap = m->avail_wrap;
	/* packed: the chains given back hold no descriptors, and the head
	 * flags kept by a peek belong to a position now behind */
	q->taken = m->taken;
	q->head_seen = false;
}

/*
 * Packed, EVENT_IDX: did the used descriptors written since the last
 * publish (from used_old to used_idx) include the one `off_wrap` names?
 * Positions are placed on one line, counted back from the device's
 * current lap, so the test holds across the end of the ring.
 */
static bool packed_need_event(const struct fw_vq *q, uint16_t off_wrap)
{
	int32_t size = q->size;
	int32_t now = q->used_idx;
	int32_t old = (int32_t)q->used_old - (q->used_old_wrap != q->used_wrap ? size : 0);
	int32_t ev = (int32_t)(off_wrap & SVNIC_QUEUE_IDX_MASK) -
		     (((off_wrap & SVNIC_QUEUE_IDX_WRAP) != 0) != q->used_wrap ? size : 0);
	return old <= ev && ev < now;
}

static int packed_publish(struct fw_card *c, unsigned vif, struct fw_vq *q)
{
	struct fw_vif *v = &c->vif[vif];
	struct fw_packed_event ev;
	/* Read what the driver wants only after the used descriptors are
	 * out, so a driver that re-enables interrupts after them is seen. */
	full_fence();
	if (dma_ok(c, vif, fw_dma_read(c, vif, q->avail, &ev, sizeof(ev))))
		return -1;
	bool event_idx = has_feature(v, SVNIC_VIRTIO_F_RING_EVENT_IDX);
	if ((ev.flags & ~FW_PACKED_EVENT_FLAGS_MASK) != 0 ||
	    (ev.flags != FW_PACKED_EVENT_ENABLE && ev.flags != FW_PACKED_EVENT_DISABLE &&
	     (ev.flags != FW_PACKED_EVENT_DESC || !event_idx)) ||
	    (ev.flags == FW_PACKED_EVENT_DESC && (ev.off_wrap & SVNIC_QUEUE_IDX_MASK) >= q->size)) {
		fw_vif_fail(c, vif, SVNIC_VIF_ERR_EVENT_SUPPR);
		return -1;
	}
	bool irq = ev.flags == FW_PACKED_EVENT_ENABLE ||
		   (ev.flags == FW_PACKED_EVENT_DESC && packed_need_event(q, ev.off_wrap));
	q->used_old = q->used_idx;
	q->used_old_wrap = q->used_wrap;
	fw_irq_request(c, vif, q, irq);
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
	if (q->packed)
		return packed_publish(c, vif, q);
	/* The engine completes DMA writes in order, so the elements are visible
	 * before the index that publishes them. */
	if (dma_ok(c, vif, fw_dma_write(c, vif, q->used + SVNIC_VRING_USED_IDX_OFF, &q->used_idx, 2)))
		return -1;
	/* Read what the driver wants only after publishing, so a driver that
	 * re-enables interrupts after our write is seen. */
	full_fence();
	bool want;
	if (has_feature(v, SVNIC_VIRTIO_F_RING_EVENT_IDX)) {
		uint16_t event, old = q->used_old;
		if (dma_ok(c, vif, fw_dma_read(c, vif, q->avail + SVNIC_VRING_AVAIL_RING_OFF(q->size),
					       &event, 2)))
			return -1;
		q->used_old = q->used_idx;
		want = fw_vq_need_event(event, q->used_idx, old);
	} else {
		uint16_t flags;
		if (dma_ok(c, vif, fw_dma_read(c, vif, q->avail + SVNIC_VRING_AVAIL_FLAGS_OFF, &flags, 2)))
			return -1;
		q->used_old = q->used_idx;
		want = !(flags & SVNIC_VRING_AVAIL_F_NO_INTERRUPT);
	}
	fw_irq_request(c, vif, q, want);
	return 0;
}

bool fw_vq_need_event(uint16_t event, uint16_t new_idx, uint16_t old_idx)
{
	/* Distances from new_idx backwards, modulo 2^16: the event index was
	 * passed if it is less than new_idx - old_idx entries behind new_idx. */
	return (uint16_t)(new_idx - event - 1u) < (uint16_t)(new_idx - old_idx);
}

/*
 * Bytes [from, from + len) of the chain, piece by piece: to the TX buffer
 * at `txoff` (dst NULL) or into dst (pieces of at most
 * SVNIC_DMA_INLINE_MAX bytes). 0, or -1 if the VIF failed (a DMA fault).
 */
static int chain_copy(struct fw_card *c, unsigned vif, const struct fw_chain *ch, uint64_t from,
		      uint32_t len, unsigned txoff, uint8_t *dst)
{
	uint64_t skip = from;
	for (unsigned i = 0; i < ch->nseg && len > 0; i++) {
		uint32_t seg = ch->seg[i].len;
		if (skip >= seg) {
			skip -= seg;
			continue;
		}
		uint64_t addr = ch->seg[i].addr + skip;
		uint32_t avail = seg - (uint32_t)skip;
		skip = 0;
		/* bounded: every round takes at least one byte of avail */
		while (avail > 0 && len > 0) {
			uint32_t n = avail < len ? avail : len;
			if (dst && n > SVNIC_DMA_INLINE_MAX)
				n = SVNIC_DMA_INLINE_MAX;
			unsigned st = dst ? fw_dma_read(c, vif, addr, dst, n) : fw_dma_to_txbuf(c, vif, addr, n, txoff);
			if (st != SVNIC_DMA_ST_OK) {
				fw_vif_fail(c, vif, SVNIC_VIF_ERR_DMA_FAULT);
				return -1;
			}
			addr += n;
			avail -= n;
			len -= n;
			txoff += n;
			if (dst)
				dst += n;
		}
	}
	return 0;
}

int fw_chain_to_txbuf(struct fw_card *c, unsigned vif, const struct fw_chain *ch, uint64_t from,
		      uint32_t len, unsigned txoff)
{
	return chain_copy(c, vif, ch, from, len, txoff, NULL);
}

int fw_chain_read(struct fw_card *c, unsigned vif, const struct fw_chain *ch, uint64_t from, uint32_t len,
		  uint8_t *dst)
{
	return chain_copy(c, vif, ch, from, len, 0, dst);
}
