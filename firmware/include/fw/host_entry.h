/* SPDX-License-Identifier: MIT */
/*
 * How svnic-sim's boot ROM starts a co-simulation (`host` target) image: the
 * payload is a loadable module that exports one symbol, svnic_fw_host_entry,
 * of this type. The module brings the whole firmware; the HAL (fw/hal.h) is
 * the simulator's. The boot ROM allocates card_size bytes (zeroed, aligned
 * for any type) for the firmware's state and drives it through these calls.
 */
#ifndef FW_HOST_ENTRY_H
#define FW_HOST_ENTRY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fw/hal.h"

#define FW_HOST_ENTRY_SYMBOL "svnic_fw_host_entry"
/* 2: init takes the number of cores from the HAL (fw_hal_cores) and poll
 * serves the core the calling thread is (fw_hal_core_id); the boot ROM may
 * call poll from one thread per core. */
#define FW_HOST_ENTRY_ABI 2u

struct fw_host_entry {
	uint32_t abi;        /* FW_HOST_ENTRY_ABI */
	uint32_t fw_version; /* major << 16 | minor << 8 | patch */
	size_t card_size;    /* bytes of firmware state */
	int (*init)(void *card, struct fw_hal *hal);   /* fw_init */
	bool (*poll)(void *card);                       /* fw_poll, of the calling core */
	bool (*broken)(const void *card); /* the DMA engine stopped answering */
};

#endif
