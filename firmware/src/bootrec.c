/* SPDX-License-Identifier: MIT */
/* The boot record: two copies, the newest intact one wins (svnic/flash.h). */
#include "fw/flash.h"
#include "fw/mem.h"

uint32_t fw_crc32(const uint8_t *p, size_t n)
{
	uint32_t crc = 0xffffffffu;
	for (size_t i = 0; i < n; i++) {
		crc ^= p[i];
		for (unsigned b = 0; b < 8; b++)
			crc = (crc >> 1) ^ (0xedb88320u & (0u - (crc & 1u)));
	}
	return ~crc;
}

void fw_bootrec_blank(struct svnic_boot_record *rec)
{
	fw_memset(rec, 0, sizeof(*rec));
	rec->magic = SVNIC_BOOT_RECORD_MAGIC;
	rec->min_version = SVNIC_FLASH_FACTORY_MIN_VERSION;
}

/* A copy that is whole, self-consistent and names only known states. */
static bool intact(const struct svnic_boot_record *r)
{
	if (r->magic != SVNIC_BOOT_RECORD_MAGIC ||
	    r->crc32 != fw_crc32((const uint8_t *)r, offsetof(struct svnic_boot_record, crc32)))
		return false;
	if (r->active >= SVNIC_FLASH_SLOTS)
		return false;
	for (unsigned s = 0; s < SVNIC_FLASH_SLOTS; s++)
		if (r->state[s] > SVNIC_SLOT_BAD || r->length[s] > SVNIC_FLASH_SLOT_BYTES)
			return false;
	return true;
}

/* Which copy is newest: 0 or 1, or -1 if neither is intact. */
static int newest(const uint8_t *flash, uint32_t size, struct svnic_boot_record *rec)
{
	struct svnic_boot_record c[2];
	bool ok[2];
	for (unsigned i = 0; i < 2; i++) {
		ok[i] = size >= SVNIC_FLASH_RECORD_OFF(i) + sizeof(c[i]);
		if (ok[i]) {
			fw_memcpy(&c[i], flash + SVNIC_FLASH_RECORD_OFF(i), sizeof(c[i]));
			ok[i] = intact(&c[i]);
		}
	}
	int n;
	if (ok[0] && ok[1])
		/* Serial-number order, so the sequence may wrap. */
		n = (int32_t)(c[1].seq - c[0].seq) > 0 ? 1 : 0;
	else if (ok[0] || ok[1])
		n = ok[0] ? 0 : 1;
	else
		return -1;
	if (rec)
		*rec = c[n];
	return n;
}

int fw_bootrec_read(const uint8_t *flash, uint32_t size, struct svnic_boot_record *rec)
{
	if (flash && newest(flash, size, rec) >= 0)
		return 0;
	fw_bootrec_blank(rec);
	return -1;
}

int fw_bootrec_write(struct fw_hal *hal, struct svnic_boot_record *rec)
{
	uint32_t size = 0;
	const uint8_t *flash = fw_hal_flash(hal, &size);
	if (!flash || size < SVNIC_FLASH_BYTES)
		return -1;
	struct svnic_boot_record cur;
	int n = newest(flash, size, &cur);
	unsigned copy = n < 0 ? 0u : (unsigned)(1 - n);
	rec->magic = SVNIC_BOOT_RECORD_MAGIC;
	rec->seq = n < 0 ? 1u : cur.seq + 1u;
	rec->crc32 = fw_crc32((const uint8_t *)rec, offsetof(struct svnic_boot_record, crc32));
	if (fw_hal_flash_erase(hal, SVNIC_FLASH_RECORD_OFF(copy), SVNIC_FLASH_SECTOR) != 0 ||
	    fw_hal_flash_program(hal, SVNIC_FLASH_RECORD_OFF(copy), (const uint8_t *)rec,
				 sizeof(*rec)) != 0)
		return -1;
	/* Read it back: a flash that silently failed must not look updated. */
	struct svnic_boot_record back;
	fw_memcpy(&back, flash + SVNIC_FLASH_RECORD_OFF(copy), sizeof(back));
	return fw_memcmp(&back, rec, sizeof(back)) == 0 ? 0 : -1;
}
