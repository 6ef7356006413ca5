// SPDX-License-Identifier: MIT
// svnic_tx_sched with NUM_VIFS = 256, TICK_CYCLES = 256.
#define SCHED_HEADER "Vsched256.h"
#define SCHED_PREFIX Vsched256
#define SCHED_NAME sched256
#define SCHED_VIFS 256
#define SCHED_TICK 256
#include "tx_sched_shim.inc"
