/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer target: the firmware mailbox. The input is a sequence of 128-byte
 * requests run against one card, so stateful paths (create, map, attach,
 * detach, destroy, device status and ring resets, flash uploads) are
 * reached; every response must be well formed, the device status keeps its
 * invariants, and nothing a request does may touch the running image's slot or
 * break the boot record.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fake_hal.h"
#include "fw/flash.h"
#include "fw/fw.h"
#include "svnic/mbox.h"
#include "svnic/regs.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	static struct fw_hal hal;
	static struct fw_card card;
	static uint8_t flash[SVNIC_FLASH_BYTES];
	static const uint8_t key[32] = { 1, 2, 3 }; /* no input can sign for it */
	fake_hal_reset(&hal, 4, 2);
	/* A card running from slot A; slot A's first bytes are a marker. */
	memset(flash, 0xff, sizeof(flash));
	hal.flash = flash;
	hal.key = key;
	memset(flash + SVNIC_FLASH_SLOT_OFF(0), 0x5a, 256);
	struct svnic_boot_record rec;
	fw_bootrec_blank(&rec);
	rec.state[0] = SVNIC_SLOT_GOOD;
	rec.length[0] = 256;
	if (fw_bootrec_write(&hal, &rec) != 0 || fw_init(&card, &hal) != 0)
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
		size_t payload_ok = h.status == SVNIC_MBOX_ST_OK ? SVNIC_MBOX_BYTES
				  : h.status == SVNIC_MBOX_ST_REFUSED
					  ? sizeof(struct svnic_mbox_flash_verdict_rsp)
					  : sizeof(h);
		if (!worked || h.len < sizeof(h) || h.len > payload_ok || h.len % 4 ||
		    (h.status == SVNIC_MBOX_ST_REFUSED && h.len != payload_ok))
			abort();
		if (fw_bootrec_read(flash, sizeof(flash), &rec) != 0 ||
		    rec.state[0] != SVNIC_SLOT_GOOD || flash[SVNIC_FLASH_SLOT_OFF(0)] != 0x5a ||
		    flash[SVNIC_FLASH_SLOT_OFF(0) + 255] != 0x5a)
			abort();
		for (unsigned v = 0; v < card.num_vifs; v++) {
			const struct fw_vif *vi = &card.vif[v];
			if (vi->nwin > FW_MAX_WINDOWS)
				abort();
			/* the device status: known bits only, the device's own
			 * never stored, queues served only at DRIVER_OK after
			 * FEATURES_OK and not FAILED, and a queue being reset
			 * is not attached */
			if ((vi->status & ~SVNIC_VIRTIO_S_ALL) || (vi->status & SVNIC_VIRTIO_S_NEEDS_RESET))
				abort();
			if (vi->status_driven && fw_vif_serving(vi) &&
			    (vi->status & (SVNIC_VIRTIO_S_FEATURES_OK | SVNIC_VIRTIO_S_DRIVER_OK |
					   SVNIC_VIRTIO_S_FAILED)) !=
				    (SVNIC_VIRTIO_S_FEATURES_OK | SVNIC_VIRTIO_S_DRIVER_OK))
				abort();
			for (unsigned q = 0; q < FW_MAX_QUEUES; q++)
				if (vi->vq[q].attached && (vi->resetting >> q & 1u))
					abort();
			if ((vi->status & SVNIC_VIRTIO_S_DRIVER_OK) && !(vi->status & SVNIC_VIRTIO_S_FEATURES_OK))
				abort();
		}
	}
	return 0;
}
