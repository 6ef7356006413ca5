/* SPDX-License-Identifier: MIT */
#include "fw_hal_sim.h"

#include <stdio.h>

#include "card.h"
#include "fw/hal.h"

uint32_t fw_hal_reg_read(struct fw_hal *hal, uint32_t off)
{
	uint32_t v = 0;
	if (sim_card_fw_read(hal->card, off, &v) != 0) {
		hal->bus_errors++;
		fprintf(stderr, "svnic-sim: firmware read of register 0x%04x refused\n", off);
		return 0;
	}
	return v;
}

void fw_hal_reg_write(struct fw_hal *hal, uint32_t off, uint32_t val)
{
	if (sim_card_fw_write(hal->card, off, val) != 0) {
		hal->bus_errors++;
		fprintf(stderr, "svnic-sim: firmware write of register 0x%04x refused\n", off);
	}
}

int fw_hal_dma(struct fw_hal *hal, const uint64_t *cmd, unsigned ncmd, uint64_t *cpl,
	       unsigned maxcpl)
{
	return sim_card_fw_dma(hal->card, cmd, ncmd, cpl, maxcpl);
}
