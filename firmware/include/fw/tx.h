/* SPDX-License-Identifier: MIT */
/* Between the TX pass (tx_sched.c) and the frame sender (net_tx.c). */
#ifndef SVNIC_FW_TX_H
#define SVNIC_FW_TX_H

#include "fw/fw.h"
#include "fw/vq.h"

/* One pass over a VIF's TX rings: what it took, and which rings it found
 * empty (not asked again this pass) or owes used entries (published at
 * its end; IN_ORDER batches are kept in each ring, struct fw_vq owed). */
struct fw_tx_pass {
	uint16_t done;         /* chains taken this pass, all rings */
	bool failed;           /* the VIF was failed: publish nothing */
	uint32_t empty;        /* bit per pair: its TX ring had nothing */
	uint32_t touched;      /* bit per pair: chains of its TX ring completed (publish) */
	uint32_t bytes;        /* RX buffer footprint of what was sent */
};
struct fw_vq_buf;
/* Send at most one chain of the VIF's TX rings, taking the rings of its
 * pairs in turn (net_tx.c): 1 sent (or dropped and counted), 0 nothing to
 * send, -1 the VIF was failed. */
int fw_tx_one(struct fw_card *c, unsigned vif, struct fw_tx_pass *p);
/* Complete the pass's chains of the VIF in its used ring. */
void fw_tx_publish(struct fw_card *c, unsigned vif, struct fw_tx_pass *p);
/* The bytes one pass may send from one VIF (net_tx.c). */
uint32_t fw_tx_byte_budget(const struct fw_card *c);
/* Bytes a frame of `len` bytes takes in an RX buffer (whole cells or words). */
uint32_t fw_tx_footprint(const struct fw_card *c, uint32_t len);
/* Complete a chain taken from the TX ring of the VIF's pair `pair` (used
 * now, or with the ring's batch under IN_ORDER): 1, or -1 if the VIF was
 * failed. */
int fw_tx_complete(struct fw_card *c, unsigned vif, unsigned pair, struct fw_tx_pass *p,
		   const struct fw_vq_buf *b);

#endif
