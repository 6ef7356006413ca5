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

/* union mbox_buf (the request and response buffers) is in fw/fw.h: the
 * cores' command channels hold them too. */

unsigned fw_op_card_reset(struct fw_card *c, union mbox_buf *rq, union mbox_buf *rs);
unsigned fw_op_flash_info(struct fw_card *c, union mbox_buf *rq, union mbox_buf *rs);
unsigned fw_op_flash_begin(struct fw_card *c, union mbox_buf *rq, union mbox_buf *rs);
unsigned fw_op_flash_write(struct fw_card *c, union mbox_buf *rq, union mbox_buf *rs);
unsigned fw_op_vif_set_status(struct fw_card *c, union mbox_buf *rq, union mbox_buf *rs);
unsigned fw_op_flash_finish(struct fw_card *c, union mbox_buf *rq, union mbox_buf *rs);

#endif
