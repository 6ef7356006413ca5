/* SPDX-License-Identifier: MIT */
/*
 * The firmware HAL of co-simulation: a firmware core's bus on the model, and
 * the board around it (flash chip, key fuses, reset line).
 */
#ifndef SVNIC_SIM_FW_HAL_SIM_H
#define SVNIC_SIM_FW_HAL_SIM_H

#include <stdbool.h>
#include <stdint.h>

struct sim_card;
struct sim_flash;

struct fw_hal {
	struct sim_card *card;
	struct sim_flash *flash;
	const uint8_t *key;   /* the fuses: the image-signing public key */
	bool reset_requested; /* the firmware asked for a card reset */
	uint64_t bus_errors;  /* register accesses the datapath refused */
};

#endif
