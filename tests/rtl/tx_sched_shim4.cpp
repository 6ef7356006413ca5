// SPDX-License-Identifier: MIT
// svnic_tx_sched with NUM_VIFS = 4, TICK_CYCLES = 16.
#define SCHED_HEADER "Vsched4.h"
#define SCHED_PREFIX Vsched4
#define SCHED_NAME sched4
#define SCHED_VIFS 4
#define SCHED_TICK 16
#include "tx_sched_shim.inc"
