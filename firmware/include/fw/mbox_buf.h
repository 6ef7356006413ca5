/* SPDX-License-Identifier: MIT */
/*
 * The mailbox's request and response buffers, and the handlers that live
 * outside mailbox.c. A handler returns a response length (at least the
 * 8-byte header; the payload is in rs) or a non-OK status, which is below
 * the header size.
 */
#ifndef FW_MBOX_BUF_H
#define FW_MBOX_BUF_H

#include "fw/fw.h"
#include "svnic/mbox.h"

/* Request and response buffers, as words so the copies are aligned. */
union mbox_buf {
	uint32_t w[SVNIC_MBOX_BYTES / 4];
	struct svnic_mbox_hdr h;
	struct svnic_mbox_rsp_hdr rh;
	struct svnic_mbox_vif_create_req create;
	struct svnic_mbox_vif_create_rsp create_rsp;
	struct svnic_mbox_vif_features_req features;
	struct svnic_mbox_vif_set_req vif_set;
	struct svnic_mbox_dma_req dma;
	struct svnic_mbox_queue_attach_req attach;
	struct svnic_mbox_queue_req queue;
	struct svnic_mbox_queue_detach_rsp detach_rsp;
	struct svnic_mbox_card_info_rsp info;
	struct svnic_mbox_card_stats_rsp stats;
	struct svnic_mbox_vif_query_rsp query;
	struct svnic_mbox_vif_query_tx_rsp query_tx;
	struct svnic_mbox_vif_query_rx_rsp query_rx;
	struct svnic_mbox_vif_query_queues_req query_queues;
	struct svnic_mbox_vif_query_queues_rsp query_queues_rsp;
	struct svnic_mbox_flash_info_req flash_info;
	struct svnic_mbox_flash_info_rsp flash_info_rsp;
	struct svnic_mbox_flash_begin_req flash_begin;
	struct svnic_mbox_flash_begin_rsp flash_begin_rsp;
	struct svnic_mbox_flash_write_req flash_write;
	struct svnic_mbox_flash_verdict_rsp flash_verdict;
	struct svnic_mbox_vif_status_req vif_status;
	struct svnic_mbox_vif_status_rsp vif_status_rsp;
};

unsigned fw_op_card_reset(struct fw_card *c, union mbox_buf *rq, union mbox_buf *rs);
unsigned fw_op_flash_info(struct fw_card *c, union mbox_buf *rq, union mbox_buf *rs);
unsigned fw_op_flash_begin(struct fw_card *c, union mbox_buf *rq, union mbox_buf *rs);
unsigned fw_op_flash_write(struct fw_card *c, union mbox_buf *rq, union mbox_buf *rs);
unsigned fw_op_vif_set_status(struct fw_card *c, union mbox_buf *rq, union mbox_buf *rs);
unsigned fw_op_flash_finish(struct fw_card *c, union mbox_buf *rq, union mbox_buf *rs);

#endif
