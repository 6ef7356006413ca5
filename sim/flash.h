/* SPDX-License-Identifier: MIT */
/*
 * The card's flash chip (layout: svnic/flash.h): NOR semantics, kept in a
 * file so it outlives the simulated card, or in memory for a card that
 * starts fresh each time.
 */
#ifndef SVNIC_SIM_FLASH_H
#define SVNIC_SIM_FLASH_H

#include <stdbool.h>
#include <stdint.h>

struct sim_flash {
	uint8_t *mem;  /* SVNIC_FLASH_BYTES, memory-mapped */
	uint32_t size;
	const char *path; /* NULL: in memory only */
	uint64_t erases, programmed; /* sectors erased, bytes programmed */
};

/*
 * Open the flash file at `path` (created erased if absent; an existing file
 * must be exactly SVNIC_FLASH_BYTES), or an erased in-memory flash if path
 * is NULL. 0, or -1 with a message on stderr.
 */
int sim_flash_open(struct sim_flash *f, const char *path);
void sim_flash_close(struct sim_flash *f);

/* Sector erase and program (bits only cleared), as fw/hal.h. 0 or -1. */
int sim_flash_erase(struct sim_flash *f, uint32_t off, uint32_t len);
int sim_flash_program(struct sim_flash *f, uint32_t off, const uint8_t *src, uint32_t len);

#endif
