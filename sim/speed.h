/* SPDX-License-Identifier: MIT */
#ifndef SVNIC_SIM_SPEED_H
#define SVNIC_SIM_SPEED_H

#include <stdint.h>

#include "card.h"

/* Run the datapath model alone for `cycles` cycles under full load with
 * `frame_len`-byte frames and print its simulation speed on stdout.
 * 0, or -1 with a message on stderr. */
int sim_speed_run(struct sim_card *c, uint64_t cycles, unsigned frame_len);

#endif
