/* SPDX-License-Identifier: MIT */
/*
 * The simulated card's boot ROM: at power-on and at every card reset it runs
 * the firmware's boot choice (fw_boot_select: the record's active slot,
 * fully verified, with fallback and rollback), loads the chosen `host`
 * image's module and starts it. A blank flash is first provisioned with the
 * factory image, as a card leaves the factory.
 */
#ifndef SVNIC_SIM_BOOT_H
#define SVNIC_SIM_BOOT_H

#include <stdbool.h>
#include <stdint.h>

#include "fw/host_entry.h"

struct sim_boot {
	void *dl;                 /* the running image's module */
	const struct fw_host_entry *entry;
	void *card;               /* the firmware's state */
	unsigned slot;            /* the slot it was booted from */
	uint32_t fw_version;
	bool pending;             /* not yet confirmed: the watchdog runs */
	uint64_t watchdog_deadline_ms; /* CLOCK_MONOTONIC */
};

/*
 * If the flash holds no boot record, program `factory` (an image file) into
 * slot A as the good image. 0 (provisioned, or nothing to do), or -1 with a
 * message.
 */
int sim_boot_provision(struct fw_hal *hal, const char *factory);

/*
 * Choose, verify, load and start an image; arm the watchdog for
 * watchdog_ms if it still has to confirm itself. 0, or -1 with a message
 * (no bootable image, or the chosen image would not load or start).
 */
int sim_boot_start(struct sim_boot *b, struct fw_hal *hal, unsigned watchdog_ms);

/* Stop the running firmware and unload it. */
void sim_boot_stop(struct sim_boot *b);

/*
 * The watchdog: true if the image booted PENDING is still not confirmed
 * now that its period is over (the card must be reset). Disarms itself
 * once the image has confirmed.
 */
bool sim_boot_watchdog_expired(struct sim_boot *b, struct fw_hal *hal);

uint64_t sim_boot_now_ms(void);

#endif
