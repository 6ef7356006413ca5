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

/* Walk and validate the chain at `head`; -1 (VIF failed) or 0. */
int fw_vq_walk(struct fw_card *c, unsigned vif, struct fw_vq *q, uint16_t head,
	       bool device_writes, struct fw_chain *chain);

/* Write one used element (not yet published); -1 (VIF failed) or 0. */
int fw_vq_push_used(struct fw_card *c, unsigned vif, struct fw_vq *q, uint16_t head,
		    uint32_t len);

/*
 * Publish the used index and raise the queue's interrupt unless the driver
 * suppressed it. -1 (VIF failed) or 0.
 */
int fw_vq_publish(struct fw_card *c, unsigned vif, struct fw_vq *q);

#endif
