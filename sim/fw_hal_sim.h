/* SPDX-License-Identifier: MIT */
/*
 * The firmware HAL of co-simulation: a firmware core's bus on the model, and
 * the board around it (flash chip, key fuses, reset line).
 */
#ifndef SVNIC_SIM_FW_HAL_SIM_H
#define SVNIC_SIM_FW_HAL_SIM_H

#include <stdbool.h>
#include <stdint.h>

#include "bus.h"
#include "fw/hal.h"

struct sim_card;
struct sim_flash;

struct fw_hal {
	struct sim_card *card;
	struct sim_flash *flash;
	const uint8_t *key;   /* the fuses: the image-signing public key */
	bool reset_requested; /* the firmware asked for a card reset */
	uint64_t bus_errors;  /* register accesses the datapath refused */
	/*
	 * On a card the host's register accesses are answered by the datapath
	 * while the cores work; here one thread runs both, and a firmware
	 * pass under load lasts long (tens of ms of wall time). So the HAL
	 * calls serve_host (svnic-sim: the host link) between the firmware's
	 * bus operations, at most every SIM_HOST_SERVICE_NS, never inside one.
	 * NULL: the host is served between passes only.
	 */
	void (*serve_host)(void *ctx);
	void *serve_host_ctx;
	uint64_t served_at_ns;
	/*
	 * Firmware cores (--fw-cores): one host thread each. On a card each
	 * core has its own port into the datapath; the Verilated model is
	 * single-threaded, so here the cores' bus operations, the host link and
	 * the idle cycles take turns on `bus` (bus.h), like masters behind one
	 * arbiter: an operation runs whole (a DMA command with its completion)
	 * before the next starts. Only core 0 serves the host link between its
	 * operations (serve_host), as svnic-sim's main thread is core 0.
	 */
	unsigned cores;
	struct sim_bus bus;
};

#define SIM_FW_MAX_CORES FW_HAL_MAX_CORES

/* The firmware core the calling thread runs (0 unless set). */
void sim_hal_set_core(unsigned core);

/* Longest a host register access waits while the firmware is busy. */
#define SIM_HOST_SERVICE_NS 500000u

#endif
