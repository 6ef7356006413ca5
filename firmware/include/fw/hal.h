/* SPDX-License-Identifier: MIT */
/*
 * Hardware abstraction of one firmware core: its register window into the
 * datapath, its command/completion streams to the DMA engine, and the
 * board around it (flash, fuses, reset). There is one
 * implementation per target: hal/rv32 (MMIO on the card's cores) and the
 * co-simulation one in sim/ (drives the Verilated RTL).
 */
#ifndef FW_HAL_H
#define FW_HAL_H

#include <stdint.h>

struct fw_hal;

uint32_t fw_hal_reg_read(struct fw_hal *hal, uint32_t off);
void fw_hal_reg_write(struct fw_hal *hal, uint32_t off, uint32_t val);

/*
 * The firmware cores of the card, all running this image, and which of
 * them is calling (0 .. cores - 1: the hart id on the card). Each core has
 * its own command port to the DMA engine; on the card a register access or
 * a command of one core does not wait for another's.
 */
#define FW_HAL_MAX_CORES 8u /* the most fw_hal_cores may say */
unsigned fw_hal_cores(struct fw_hal *hal);
unsigned fw_hal_core_id(struct fw_hal *hal);

/*
 * Issue one command (`ncmd` words, the last one with tlast) and wait for its
 * completion. Stores at most `maxcpl` completion words in `cpl`. Returns the
 * number of completion words, or -1 if the engine did not answer in bounded
 * time (a hardware fault: the caller treats the card as broken).
 */
int fw_hal_dma(struct fw_hal *hal, const uint64_t *cmd, unsigned ncmd,
	       uint64_t *cpl, unsigned maxcpl);

/*
 * The card's flash (svnic/flash.h), memory-mapped for reads: *size bytes
 * at the returned address. NULL (and *size 0) if this build has no flash.
 */
const uint8_t *fw_hal_flash(struct fw_hal *hal, uint32_t *size);

/* Erase [off, off + len) to 0xff; both sector-aligned. 0, or -1. */
int fw_hal_flash_erase(struct fw_hal *hal, uint32_t off, uint32_t len);

/* Program len bytes at off; NOR: bits already 0 stay 0. 0, or -1. */
int fw_hal_flash_program(struct fw_hal *hal, uint32_t off, const uint8_t *src, uint32_t len);

/*
 * The Ed25519 public key firmware images must be signed with, from the
 * card's one-time-programmable fuses (SVNIC_IMAGE_PUBKEY_BYTES), or NULL
 * if none was burnt: then no image is accepted.
 */
const uint8_t *fw_hal_signing_key(struct fw_hal *hal);

/*
 * Reset the whole card: the datapath and every core restart and the boot
 * ROM chooses an image again. The platform performs it once the host has
 * collected the mailbox response that announced it; this call returns.
 */
void fw_hal_card_reset(struct fw_hal *hal);

#endif
