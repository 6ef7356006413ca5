/* SPDX-License-Identifier: MIT */
/*
 * Device side of one virtqueue over the DMA engine, split or packed:
 * finding available chains, walking them, publishing used entries and
 * deciding interrupts. Every failure of the driver's side puts the VIF into
 * NEEDS_RESET.
 *
 * The datapath uses fw_vq_get / fw_vq_put / fw_vq_publish, which serve both
 * layouts; the split-only steps below them are exposed for tests.
 */
#ifndef FW_VQ_H
#define FW_VQ_H

#include <stdbool.h>
#include <stdint.h>

#include "fw/fw.h"
#include "fw/vring.h"

/* A chain the device took from a ring: what its used entry must name. */
struct fw_vq_buf {
	uint16_t id;    /* split: the chain's head index; packed: its buffer ID */
	uint16_t ndesc; /* packed: ring descriptors the chain took (1 for split) */
};

/*
 * The next chain to serve, with the exitless policy applied (fw_vq_next_work
 * below), walked and validated (fw_vq_walk; packed rings through
 * fw_packed_walk): 1 with *ch and *b set, 0 when there is none this pass,
 * -1 if the VIF was failed.
 */
int fw_vq_get(struct fw_card *c, unsigned vif, struct fw_vq *q, unsigned dir,
	      struct fw_chain *ch, struct fw_vq_buf *b);

/*
 * Mark the chain `b` used with `len` bytes written into it. Split: one used
 * element, published later by fw_vq_publish. Packed: the used descriptor is
 * written in place at the device's position (ID and length first, then the
 * flags with AVAIL and USED equal to the used wrap counter, so the driver
 * never sees a half-written one) and the position moves past the chain's
 * descriptors. Chains are completed in the order they were taken, which is
 * what VIRTIO_F_IN_ORDER promises. -1 (VIF failed) or 0.
 */
int fw_vq_put(struct fw_card *c, unsigned vif, struct fw_vq *q, const struct fw_vq_buf *b,
	      uint32_t len);

/*
 * VIRTIO_F_IN_ORDER (virtio 1.2 sections 2.7.9 and 2.8.20): mark the last
 * `nbufs` chains taken, which took `ndesc` ring descriptors, used with one
 * used entry: `last` (the last chain's ID) and `len`, written where the
 * driver reads next (split: the next used element, the index then advanced
 * by nbufs; packed: the descriptor at the device's position, which then
 * moves past all ndesc). Only for chains taken in order whose used lengths
 * the driver does not need (TX): the skipped entries are not written.
 * -1 (VIF failed) or 0.
 */
int fw_vq_put_batch(struct fw_card *c, unsigned vif, struct fw_vq *q, const struct fw_vq_buf *last,
		    uint16_t nbufs, uint32_t ndesc, uint32_t len);

/*
 * Mark `n` chains taken in order (b[0] first) used, chain i with len[i]
 * bytes written, so that the driver sees all of them or none: split: n used
 * elements, which fw_vq_publish makes visible together; packed: the used
 * descriptors after the first are written complete, then the first's
 * flags, which the driver waits on. For a frame spread over several
 * chains (VIRTIO_NET_F_MRG_RXBUF). -1 (VIF failed) or 0.
 */
int fw_vq_put_chains(struct fw_card *c, unsigned vif, struct fw_vq *q, const struct fw_vq_buf *b,
		     const uint32_t *len, unsigned n);

/*
 * The device's position in the available ring, to give back the chains
 * taken after it (fw_vq_rewind) when they cannot be used yet: the next
 * fw_vq_get takes them again. Only chains not yet marked used.
 */
struct fw_vq_mark {
	uint16_t last_avail;
	bool avail_wrap;
	uint16_t taken;
};
void fw_vq_mark(const struct fw_vq *q, struct fw_vq_mark *m);
void fw_vq_rewind(struct fw_vq *q, const struct fw_vq_mark *m);

/*
 * Split: next available chain head. Returns 1 with *head set, 0 if the ring
 * is empty, -1 if the VIF was failed (bad avail index or DMA fault).
 * Packed: 1 if the descriptor at the device's position is available (*head
 * is then that position; the flags read are kept, and the walk of that
 * chain uses them instead of reading them again), 0 if not, -1 if the VIF
 * was failed.
 */
int fw_vq_next_avail(struct fw_card *c, unsigned vif, struct fw_vq *q, uint16_t *head);

/*
 * The exitless policy, around fw_vq_next_avail:
 *
 * fw_vq_busy() is called when the ring had work: the queue stays active and
 * is polled every pass, and the driver is told not to notify (split:
 * VRING_USED_F_NO_NOTIFY, or with EVENT_IDX avail_event is simply left
 * behind; packed: RING_EVENT_FLAGS_DISABLE in the device event suppression
 * area). -1 if the VIF was failed.
 *
 * fw_vq_idle() is called when the ring was found empty. For the first
 * c->poll_passes empty passes in a row it returns 1: keep polling. Then it
 * re-enables notifications (split with EVENT_IDX: avail_event = the entry it
 * waits for; packed: RING_EVENT_FLAGS_ENABLE, or with EVENT_IDX
 * RING_EVENT_FLAGS_DESC naming the descriptor and lap it waits for) and
 * only after that, past a full fence, looks at the ring once more,
 * so an entry the driver published before it could see the change is not
 * left waiting for a kick: 2 if work appeared (keep going), 0 if the queue
 * now waits for a doorbell, -1 if the VIF was failed.
 */
int fw_vq_busy(struct fw_card *c, unsigned vif, struct fw_vq *q);
int fw_vq_idle(struct fw_card *c, unsigned vif, struct fw_vq *q);

/*
 * The next chain to serve, with that policy applied: 1 with *head set, 0
 * when there is none this pass (the ring is polled again next pass, or now
 * waits for a doorbell), -1 if the VIF was failed.
 */
int fw_vq_next_work(struct fw_card *c, unsigned vif, struct fw_vq *q, uint16_t *head);

/*
 * Walk and validate the chain at `head` (buffers as `dir`, FW_CHAIN_*, says),
 * following an indirect table when the VIF negotiated
 * VIRTIO_F_RING_INDIRECT_DESC; -1 (VIF failed) or 0.
 */
int fw_vq_walk(struct fw_card *c, unsigned vif, struct fw_vq *q, uint16_t head,
	       unsigned dir, struct fw_chain *chain);

/* Write one used element (not yet published); -1 (VIF failed) or 0. */
int fw_vq_push_used(struct fw_card *c, unsigned vif, struct fw_vq *q, uint16_t head,
		    uint32_t len);

/*
 * Publish the used index and raise the queue's interrupt unless the driver
 * suppressed it: with VIRTIO_F_RING_EVENT_IDX by its used_event (read after
 * the index is published; VRING_AVAIL_F_NO_INTERRUPT is then ignored), else
 * by VRING_AVAIL_F_NO_INTERRUPT. -1 (VIF failed) or 0.
 *
 * Packed rings have no index to publish (fw_vq_put made each used
 * descriptor visible): past a full fence the driver event suppression area
 * is read and obeyed: DISABLE, ENABLE, or (only with EVENT_IDX) DESC, an
 * interrupt when a used descriptor written since the last publish is the
 * one it names. A reserved flags value, DESC without EVENT_IDX or an
 * offset outside the ring is SVNIC_VIF_ERR_EVENT_SUPPR.
 */
int fw_vq_publish(struct fw_card *c, unsigned vif, struct fw_vq *q);

/*
 * EVENT_IDX (virtio 1.2 section 2.7.10): true if moving an index from
 * old_idx to new_idx passes the other side's event index, i.e. event is one
 * of old_idx .. new_idx - 1 modulo 2^16.
 */
bool fw_vq_need_event(uint16_t event, uint16_t new_idx, uint16_t old_idx);

/*
 * Interrupt coalescing that follows the rate (irq_coalesce.c). A publish
 * tells whether the driver wants an interrupt now (`want`); a queue that
 * publishes pass after pass has its interrupts held, up to an allowance
 * that grows while it stays busy (1, 2, 4 .. FW_IRQ_HOLD_MAX publishes),
 * and one interrupt then covers them. fw_irq_flush, at the end of a pass,
 * raises what a queue owes as soon as a pass has nothing to publish on it,
 * so a queue at a low rate gets each interrupt at once and none is lost.
 */
void fw_irq_request(struct fw_card *c, unsigned vif, struct fw_vq *q, bool want);
/* The VIF's queues that owe an interrupt and published nothing this pass:
 * raise it. True while some of its queues still owe one. */
bool fw_irq_flush(struct fw_card *c, unsigned vif);

/*
 * Bytes [from, from + len) of a walked chain (offsets count from its first
 * buffer) into dst, or into the TX buffer at txoff, by DMA from the VIF's
 * memory, buffer by buffer: 0, or -1 if the VIF was failed (a DMA fault).
 */
int fw_chain_read(struct fw_card *c, unsigned vif, const struct fw_chain *ch, uint64_t from, uint32_t len,
		  uint8_t *dst);
int fw_chain_to_txbuf(struct fw_card *c, unsigned vif, const struct fw_chain *ch, uint64_t from,
		      uint32_t len, unsigned txoff);

#endif
