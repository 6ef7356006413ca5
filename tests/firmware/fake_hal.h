/* SPDX-License-Identifier: MIT */
/*
 * A datapath stand-in for firmware unit tests: a register file and a DMA
 * engine whose host memory is one byte array behind one window.
 */
#ifndef TESTS_FIRMWARE_FAKE_HAL_H
#define TESTS_FIRMWARE_FAKE_HAL_H

#include <stdint.h>

#include "fw/hal.h"

#define FAKE_MEM_BASE 0x100000ull
#define FAKE_MEM_SIZE 0x10000u

struct fw_hal {
	uint32_t reg[0x2000 / 4];
	uint8_t mem[FAKE_MEM_SIZE];
	uint64_t irqs;
	unsigned rx_frames; /* frames "buffered" for RXBUF_POP */
};

void fake_hal_reset(struct fw_hal *h, unsigned num_vifs, unsigned qpv);

#endif
