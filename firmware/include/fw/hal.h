/* SPDX-License-Identifier: MIT */
/*
 * Hardware abstraction of one firmware core: its register window into the
 * datapath and its command/completion streams to the DMA engine. There is one
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
 * Issue one command (`ncmd` words, the last one with tlast) and wait for its
 * completion. Stores at most `maxcpl` completion words in `cpl`. Returns the
 * number of completion words, or -1 if the engine did not answer in bounded
 * time (a hardware fault: the caller treats the card as broken).
 */
int fw_hal_dma(struct fw_hal *hal, const uint64_t *cmd, unsigned ncmd,
	       uint64_t *cpl, unsigned maxcpl);

#endif
