/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer target: the firmware mailbox. The input is a sequence of 128-byte
 * requests run against one card, so stateful paths (create, map, attach,
 * detach, destroy) are reached; every response must be well formed.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fake_hal.h"
#include "fw/fw.h"
#include "svnic/mbox.h"
#include "svnic/regs.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	static struct fw_hal hal;
	static struct fw_card card;
	fake_hal_reset(&hal, 4, 2);
	if (fw_init(&card, &hal) != 0)
		abort();
	for (size_t off = 0; off < len && off < 64 * SVNIC_MBOX_BYTES; off += SVNIC_MBOX_BYTES) {
		size_t n = len - off < SVNIC_MBOX_BYTES ? len - off : SVNIC_MBOX_BYTES;
		memset(&hal.reg[SVNIC_FW_MBOX_CMD / 4], 0, SVNIC_MBOX_BYTES);
		memcpy(&hal.reg[SVNIC_FW_MBOX_CMD / 4], data + off, n);
		hal.reg[SVNIC_FW_MBOX_PENDING / 4] = 1;
		bool worked = false;
		fw_mailbox_poll(&card, &worked);
		struct svnic_mbox_rsp_hdr h;
		memcpy(&h, &hal.reg[SVNIC_FW_MBOX_RSP / 4], sizeof(h));
		if (!worked || h.len < sizeof(h) || h.len > SVNIC_MBOX_BYTES || h.len % 4 ||
		    (h.status != SVNIC_MBOX_ST_OK && h.len != sizeof(h)))
			abort();
		for (unsigned v = 0; v < card.num_vifs; v++)
			if (card.vif[v].nwin > FW_MAX_WINDOWS)
				abort();
	}
	return 0;
}
