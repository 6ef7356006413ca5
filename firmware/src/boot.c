/* SPDX-License-Identifier: MIT */
/* The boot ROM's choice of image, and the running image's confirmation. */
#include "fw/flash.h"
#include "fw/mem.h"

/* Verify slot s in place: the record's length, the image, the floor. */
static int verify_slot(const uint8_t *flash, const struct svnic_boot_record *rec, unsigned s,
		       const uint8_t *pub, uint32_t target, struct fw_image_info *info)
{
	if (rec->length[s] == 0 || rec->length[s] > SVNIC_FLASH_SLOT_BYTES)
		return FW_IMAGE_TRUNCATED;
	return fw_image_check(flash + SVNIC_FLASH_SLOT_OFF(s), rec->length[s], pub, target,
			      rec->min_version, info);
}

int fw_boot_select(struct fw_hal *hal, const uint8_t pub[SVNIC_IMAGE_PUBKEY_BYTES],
		   uint32_t target, struct fw_boot_choice *out)
{
	uint32_t size = 0;
	const uint8_t *flash = fw_hal_flash(hal, &size);
	fw_memset(out, 0, sizeof(*out));
	if (!flash || size < SVNIC_FLASH_BYTES)
		return -1;
	struct svnic_boot_record rec;
	if (fw_bootrec_read(flash, size, &rec) != 0)
		return -1;

	bool changed = false;
	int chosen = -1;
	/* At most one fallback: the active slot, then the other one. */
	for (unsigned attempt = 0; attempt < SVNIC_FLASH_SLOTS && chosen < 0; attempt++) {
		unsigned s = rec.active;
		if (attempt > 0) {
			/* Falling back: only an image that once proved itself. */
			if (rec.state[s] != SVNIC_SLOT_GOOD)
				break;
		}
		bool pending = rec.state[s] == SVNIC_SLOT_PENDING;
		if (pending && rec.tries >= 1) {
			/* It was started and never confirmed itself: roll back. */
			rec.state[s] = SVNIC_SLOT_BAD;
			out->rolled_back = true;
			rec.active = 1u - s;
			rec.tries = 0;
			changed = true;
			continue;
		}
		if (!pending && rec.state[s] != SVNIC_SLOT_GOOD) {
			if (attempt == 0) {
				rec.active = 1u - s;
				rec.tries = 0;
				changed = true;
			}
			continue;
		}
		int v = verify_slot(flash, &rec, s, pub, target, &out->info);
		if (v != FW_IMAGE_OK) {
			rec.state[s] = SVNIC_SLOT_BAD;
			out->rejected[s] = (unsigned)v;
			rec.active = 1u - s;
			rec.tries = 0;
			changed = true;
			continue;
		}
		if (pending) {
			rec.tries++;
			changed = true;
		}
		out->slot = s;
		out->pending = pending;
		out->image_off = SVNIC_FLASH_SLOT_OFF(s);
		out->image_len = rec.length[s];
		chosen = (int)s;
	}
	/* Record the outcome before starting anything, so a crash of the new
	 * image counts as its one try. */
	if (changed && fw_bootrec_write(hal, &rec) != 0)
		return -1;
	return chosen < 0 ? -1 : 0;
}

int fw_boot_confirm(struct fw_hal *hal, unsigned running_slot)
{
	uint32_t size = 0;
	const uint8_t *flash = fw_hal_flash(hal, &size);
	struct svnic_boot_record rec;
	if (!flash || running_slot >= SVNIC_FLASH_SLOTS || fw_bootrec_read(flash, size, &rec) != 0)
		return 0;
	if (rec.active != running_slot || rec.state[running_slot] != SVNIC_SLOT_PENDING)
		return 0;
	rec.state[running_slot] = SVNIC_SLOT_GOOD;
	rec.tries = 0;
	return fw_bootrec_write(hal, &rec) == 0 ? 1 : -1;
}
