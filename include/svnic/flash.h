/* SPDX-License-Identifier: MIT */
/*
 * The card's flash: two firmware image slots (A and B) and a boot record.
 * The firmware writes it (mailbox FLASH_* commands), the boot ROM reads it
 * at every reset, and svnic-sim keeps it in a file so it survives restarts
 * of the simulated card.
 *
 *   [0x00000, 0x01000)  boot record, copy 0
 *   [0x01000, 0x02000)  boot record, copy 1
 *   [0x10000, 0x50000)  slot A: one image (svnic/image.h), from byte 0
 *   [0x50000, 0x90000)  slot B
 *
 * The flash is NOR: erased bytes read 0xff, programming can only clear
 * bits, erasing works on whole SVNIC_FLASH_SECTOR sectors. Reads are
 * memory-mapped.
 *
 * The record is written to the copy that is not the newest, with a sequence
 * number one above it and a CRC-32 over the rest: a write cut short by a
 * power loss leaves a copy whose CRC fails, and the other copy, one state
 * older, is used. So every record update is atomic.
 */
#ifndef SVNIC_FLASH_H
#define SVNIC_FLASH_H

#include <stddef.h>
#include <stdint.h>

#include "svnic/image.h"

#define SVNIC_FLASH_SECTOR 0x1000u
#define SVNIC_FLASH_RECORD_OFF(copy) ((uint32_t)(copy) * SVNIC_FLASH_SECTOR)
#define SVNIC_FLASH_SLOTS 2u
#define SVNIC_FLASH_SLOT_BYTES 0x40000u
#define SVNIC_FLASH_SLOT_OFF(slot) (0x10000u + (uint32_t)(slot) * SVNIC_FLASH_SLOT_BYTES)
#define SVNIC_FLASH_BYTES SVNIC_FLASH_SLOT_OFF(SVNIC_FLASH_SLOTS)

_Static_assert(SVNIC_IMAGE_MAX_BYTES <= SVNIC_FLASH_SLOT_BYTES, "an image fits a slot");

/* "SVBR" as the first four bytes of a boot record copy. */
#define SVNIC_BOOT_RECORD_MAGIC 0x52425653u

/* The oldest firmware a freshly provisioned card accepts (anti-rollback). */
#define SVNIC_FLASH_FACTORY_MIN_VERSION SVNIC_IMAGE_VERSION(0, 1, 0)

/* X(NAME, VALUE, SHORT, DESCRIPTION): the state of an image slot. */
#define SVNIC_SLOT_STATES(X)                                                     \
	X(EMPTY, 0, "empty", "erased, or being written")                              \
	X(PENDING, 1, "pending", "verified; boots next and must confirm itself")      \
	X(GOOD, 2, "good", "verified and confirmed healthy")                          \
	X(BAD, 3, "bad", "failed verification, or did not confirm itself in time")

#define SVNIC_SLOT_ENUM_(name, val, short_name, desc) SVNIC_SLOT_##name = (val),
enum svnic_slot_state { SVNIC_SLOT_STATES(SVNIC_SLOT_ENUM_) };
#undef SVNIC_SLOT_ENUM_

/* Little-endian on flash; every field naturally aligned. */
struct svnic_boot_record {
	uint32_t magic;       /* SVNIC_BOOT_RECORD_MAGIC */
	uint32_t seq;         /* the copy with the higher sequence is newer */
	uint32_t active;      /* the slot the boot ROM starts (0 = A, 1 = B) */
	uint32_t tries;       /* boots of a PENDING active slot so far */
	uint32_t min_version; /* images below this version are refused */
	uint32_t state[SVNIC_FLASH_SLOTS];   /* enum svnic_slot_state */
	uint32_t version[SVNIC_FLASH_SLOTS]; /* fw_version of each slot's image */
	uint32_t length[SVNIC_FLASH_SLOTS];  /* image bytes in each slot */
	uint32_t crc32;       /* CRC-32 (IEEE 802.3) of the bytes before it */
};

_Static_assert(sizeof(struct svnic_boot_record) == 48, "boot record size");
_Static_assert(offsetof(struct svnic_boot_record, crc32) == 44, "crc offset");

#endif
