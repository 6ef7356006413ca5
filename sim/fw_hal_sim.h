/* SPDX-License-Identifier: MIT */
/* The firmware HAL of co-simulation: a firmware core's bus on the model. */
#ifndef SVNIC_SIM_FW_HAL_SIM_H
#define SVNIC_SIM_FW_HAL_SIM_H

#include <stdint.h>

struct sim_card;

struct fw_hal {
	struct sim_card *card;
	uint64_t bus_errors; /* register accesses the datapath refused */
};

#endif
