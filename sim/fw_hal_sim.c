/* SPDX-License-Identifier: MIT */
#include "fw_hal_sim.h"

#include <stdio.h>
#include <time.h>

#include "card.h"
#include "flash.h"
#include "fw/hal.h"

/* Between two bus operations of the firmware: nothing is in flight on its
 * bus, so host accesses can run the model without disturbing it. */
static _Thread_local unsigned this_core;

void sim_hal_set_core(unsigned core)
{
	this_core = core;
}

unsigned fw_hal_cores(struct fw_hal *hal)
{
	return hal->cores ? hal->cores : 1u;
}

unsigned fw_hal_core_id(struct fw_hal *hal)
{
	(void)hal;
	return this_core;
}

static void serve_host_between_ops(struct fw_hal *hal)
{
	struct timespec ts;
	uint64_t now;

	if (!hal->serve_host || this_core != 0)
		return;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	now = (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
	if (now - hal->served_at_ns < SIM_HOST_SERVICE_NS)
		return;
	hal->served_at_ns = now;
	hal->serve_host(hal->serve_host_ctx);
}

uint32_t fw_hal_reg_read(struct fw_hal *hal, uint32_t off)
{
	uint32_t v = 0;

	serve_host_between_ops(hal);
	sim_bus_lock(&hal->bus);
	int rc = sim_card_fw_read(hal->card, off, &v);
	if (rc != 0)
		hal->bus_errors++;
	sim_bus_unlock(&hal->bus);
	if (rc != 0) {
		fprintf(stderr, "svnic-sim: firmware read of register 0x%04x refused\n", off);
		return 0;
	}
	return v;
}

void fw_hal_reg_write(struct fw_hal *hal, uint32_t off, uint32_t val)
{
	serve_host_between_ops(hal);
	sim_bus_lock(&hal->bus);
	int rc = sim_card_fw_write(hal->card, off, val);
	if (rc != 0)
		hal->bus_errors++;
	sim_bus_unlock(&hal->bus);
	if (rc != 0)
		fprintf(stderr, "svnic-sim: firmware write of register 0x%04x refused\n", off);
}

int fw_hal_dma(struct fw_hal *hal, const uint64_t *cmd, unsigned ncmd, uint64_t *cpl,
	       unsigned maxcpl)
{
	serve_host_between_ops(hal);
	sim_bus_lock(&hal->bus);
	int n = sim_card_fw_dma(hal->card, cmd, ncmd, cpl, maxcpl);
	sim_bus_unlock(&hal->bus);
	return n;
}

const uint8_t *fw_hal_flash(struct fw_hal *hal, uint32_t *size)
{
	*size = hal->flash ? hal->flash->size : 0;
	return hal->flash ? hal->flash->mem : NULL;
}

int fw_hal_flash_erase(struct fw_hal *hal, uint32_t off, uint32_t len)
{
	return hal->flash ? sim_flash_erase(hal->flash, off, len) : -1;
}

int fw_hal_flash_program(struct fw_hal *hal, uint32_t off, const uint8_t *src, uint32_t len)
{
	return hal->flash ? sim_flash_program(hal->flash, off, src, len) : -1;
}

const uint8_t *fw_hal_signing_key(struct fw_hal *hal)
{
	return hal->key;
}

void fw_hal_card_reset(struct fw_hal *hal)
{
	hal->reset_requested = true; /* main.c resets once the host let go */
}
