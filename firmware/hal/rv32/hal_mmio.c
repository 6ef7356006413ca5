/* SPDX-License-Identifier: MIT */
/*
 * HAL of a card core: the datapath's firmware register window and the DMA
 * engine's command/completion streams are memory-mapped on the core's bus.
 *
 *   FW_REGS_BASE            the firmware register window (include/svnic/regs.h)
 *   FW_DMA_BASE + 0x00/0x04 command word, low/high half; writing the high
 *                           half pushes the word
 *   FW_DMA_BASE + 0x08      high half that pushes the word with tlast
 *   FW_DMA_BASE + 0x10      completion status: bit0 a word waits, bit1 it is
 *                           the last of its completion
 *   FW_DMA_BASE + 0x14/0x18 completion word, low/high half; reading the high
 *                           half pops the word
 */
#include "fw/hal.h"

#include <stdint.h>

#define FW_REGS_BASE 0x40000000u
#define FW_DMA_BASE 0x40010000u
#define FW_DMA_SPIN_LIMIT 1000000u /* polls before the engine counts as dead */

struct fw_hal {
	int unused;
};

static inline volatile uint32_t *reg(uint32_t addr)
{
	return (volatile uint32_t *)(uintptr_t)addr;
}

uint32_t fw_hal_reg_read(struct fw_hal *hal, uint32_t off)
{
	(void)hal;
	return *reg(FW_REGS_BASE + off);
}

void fw_hal_reg_write(struct fw_hal *hal, uint32_t off, uint32_t val)
{
	(void)hal;
	*reg(FW_REGS_BASE + off) = val;
}

int fw_hal_dma(struct fw_hal *hal, const uint64_t *cmd, unsigned ncmd, uint64_t *cpl,
	       unsigned maxcpl)
{
	(void)hal;
	for (unsigned i = 0; i < ncmd; i++) {
		*reg(FW_DMA_BASE + 0x00) = (uint32_t)cmd[i];
		*reg(FW_DMA_BASE + (i + 1 == ncmd ? 0x08 : 0x04)) = (uint32_t)(cmd[i] >> 32);
	}
	unsigned n = 0;
	for (uint32_t spin = 0; spin < FW_DMA_SPIN_LIMIT; spin++) {
		uint32_t st = *reg(FW_DMA_BASE + 0x10);
		if (!(st & 1u))
			continue;
		uint64_t lo = *reg(FW_DMA_BASE + 0x14);
		uint64_t w = (uint64_t)*reg(FW_DMA_BASE + 0x18) << 32 | lo;
		if (n < maxcpl)
			cpl[n] = w;
		n++;
		if (st & 2u)
			return n <= maxcpl ? (int)n : -1;
	}
	return -1;
}

/*
 * Cores running this image. The build's board gives the firmware one core:
 * more need the card-wide state (struct fw_card) in RAM the cores share and
 * a stack per hart in crt0, which this board's 256 KiB of core-local RAM
 * does not have (docs/firmware-cores.md); the build keeps state for one
 * core (FW_MAX_CORES).
 */
unsigned fw_hal_cores(struct fw_hal *hal)
{
	(void)hal;
	return 1u;
}

unsigned fw_hal_core_id(struct fw_hal *hal)
{
	(void)hal;
	unsigned long id;
	__asm__ volatile("csrr %0, mhartid" : "=r"(id));
	return (unsigned)id;
}

static struct fw_hal the_hal;

struct fw_hal *fw_hal_mmio(void)
{
	return &the_hal;
}

/*
 * This build's board has no flash controller and no key fuses wired to the
 * cores: the mailbox's FLASH_* commands answer BAD_STATE, and images are
 * flashed through the board's management controller instead.
 */
const uint8_t *fw_hal_flash(struct fw_hal *hal, uint32_t *size)
{
	(void)hal;
	*size = 0;
	return 0;
}

int fw_hal_flash_erase(struct fw_hal *hal, uint32_t off, uint32_t len)
{
	(void)hal;
	(void)off;
	(void)len;
	return -1;
}

int fw_hal_flash_program(struct fw_hal *hal, uint32_t off, const uint8_t *src, uint32_t len)
{
	(void)hal;
	(void)off;
	(void)src;
	(void)len;
	return -1;
}

const uint8_t *fw_hal_signing_key(struct fw_hal *hal)
{
	(void)hal;
	return 0;
}

/* Without a board reset line, restart this core's firmware from its reset
 * vector: crt0 clears .bss and main() brings the firmware up again. */
void _start(void);
void fw_hal_card_reset(struct fw_hal *hal)
{
	(void)hal;
	_start();
}
