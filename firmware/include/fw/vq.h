/* SPDX-License-Identifier: MIT */
/*
 * Device side of one split virtqueue over the DMA engine: reading avail,
 * walking chains, publishing used entries and deciding interrupts. Every
 * failure of the driver's side puts the VIF into NEEDS_RESET.
 */
#ifndef FW_VQ_H
#define FW_VQ_H

#include <stdbool.h>
#include <stdint.h>

#include "fw/fw.h"
#include "fw/vring.h"

/*
 * Next available chain head. Returns 1 with *head set, 0 if the ring is
 * empty, -1 if the VIF was failed (bad avail index or DMA fault).
 */
int fw_vq_next_avail(struct fw_card *c, unsigned vif, struct fw_vq *q, uint16_t *head);

/*
 * The exitless policy, around fw_vq_next_avail:
 *
 * fw_vq_busy() is called when the ring had work: the queue stays active and
 * is polled every pass, and the driver is told not to notify
 * (VRING_USED_F_NO_NOTIFY; with EVENT_IDX, avail_event is simply left
 * behind). -1 if the VIF was failed.
 *
 * fw_vq_idle() is called when the ring was found empty. For the first
 * c->poll_passes empty passes in a row it returns 1: keep polling. Then it
 * re-enables notifications (with EVENT_IDX: avail_event = the entry it waits
 * for) and only after that, past a full fence, looks at the ring once more,
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
 * Walk and validate the chain at `head`, following an indirect table when
 * the VIF negotiated VIRTIO_F_RING_INDIRECT_DESC; -1 (VIF failed) or 0.
 */
int fw_vq_walk(struct fw_card *c, unsigned vif, struct fw_vq *q, uint16_t head,
	       bool device_writes, struct fw_chain *chain);

/* Write one used element (not yet published); -1 (VIF failed) or 0. */
int fw_vq_push_used(struct fw_card *c, unsigned vif, struct fw_vq *q, uint16_t head,
		    uint32_t len);

/*
 * Publish the used index and raise the queue's interrupt unless the driver
 * suppressed it: with VIRTIO_F_RING_EVENT_IDX by its used_event (read after
 * the index is published; VRING_AVAIL_F_NO_INTERRUPT is then ignored), else
 * by VRING_AVAIL_F_NO_INTERRUPT. -1 (VIF failed) or 0.
 */
int fw_vq_publish(struct fw_card *c, unsigned vif, struct fw_vq *q);

/*
 * EVENT_IDX (virtio 1.2 section 2.7.10): true if moving an index from
 * old_idx to new_idx passes the other side's event index, i.e. event is one
 * of old_idx .. new_idx - 1 modulo 2^16.
 */
bool fw_vq_need_event(uint16_t event, uint16_t new_idx, uint16_t old_idx);

#endif
