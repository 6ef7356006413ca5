// SPDX-License-Identifier: MIT
// svnic_tx_sched with NUM_VIFS = 64, TICK_CYCLES = 64.
#define SCHED_HEADER "Vsched64.h"
#define SCHED_PREFIX Vsched64
#define SCHED_NAME sched64
#define SCHED_VIFS 64
#define SCHED_TICK 64
#include "tx_sched_shim.inc"
