/* SPDX-License-Identifier: MIT */
/*
 * The card's flash as the firmware and the boot ROM use it (layout and
 * record format: svnic/flash.h): the boot record, and the choice of the
 * image a reset starts.
 */
#ifndef FW_FLASH_H
#define FW_FLASH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fw/hal.h"
#include "fw/image.h"
#include "svnic/flash.h"

/* CRC-32 as Ethernet and zlib compute it (reflected 0xedb88320). */
uint32_t fw_crc32(const uint8_t *p, size_t n);

/*
 * The newest intact boot record on the flash (size bytes at flash). 0 and
 * *rec filled; -1 if neither copy is intact (blank or never provisioned),
 * and then *rec is the record of a card with nothing bootable.
 */
int fw_bootrec_read(const uint8_t *flash, uint32_t size, struct svnic_boot_record *rec);

/*
 * Write *rec as the newest record: into the copy that is not the newest,
 * with seq one above it and a fresh CRC (both set in *rec). The newest copy
 * stays untouched, so a power loss in the middle loses only this update.
 * 0, or -1 if the flash refused the erase or the program.
 */
int fw_bootrec_write(struct fw_hal *hal, struct svnic_boot_record *rec);

/* A blank record: both slots EMPTY, slot A active, the factory floor. */
void fw_bootrec_blank(struct svnic_boot_record *rec);

/* What the boot ROM decided. */
struct fw_boot_choice {
	unsigned slot;  /* the slot to start */
	bool pending;   /* its image has not confirmed itself yet: watch it */
	struct fw_image_info info; /* the verified image in that slot */
	uint32_t image_off, image_len; /* where it is on the flash */
	unsigned rejected[SVNIC_FLASH_SLOTS]; /* fw_image_err of a slot whose
					       * image failed verification
					       * this boot, else 0 */
	bool rolled_back; /* a PENDING image that never confirmed was dropped */
};

/*
 * The boot ROM's decision, run at every reset: start the record's active
 * slot if it is GOOD, or PENDING and not yet tried; a PENDING slot that
 * was already tried once (it did not confirm itself, and the watchdog
 * reset the card) and an image that no longer verifies are marked BAD and
 * the other slot is used. Every image is fully verified (hash, signature,
 * target, the record's version floor) before it is chosen. The record is
 * written back when anything changed. 0 and *out, or -1 if no slot holds a
 * bootable image.
 */
int fw_boot_select(struct fw_hal *hal, const uint8_t pub[SVNIC_IMAGE_PUBKEY_BYTES],
		   uint32_t target, struct fw_boot_choice *out);

/*
 * The running firmware declares itself healthy: if it was booted from a
 * PENDING slot, that slot becomes GOOD (the rollback is cancelled). 1 if
 * the record changed, 0 if there was nothing to confirm, -1 on a flash
 * error.
 */
int fw_boot_confirm(struct fw_hal *hal, unsigned running_slot);

#endif
