/* SPDX-License-Identifier: MIT */
/* svnicctl's flash commands. Both return an exit code (output.h). */
#ifndef SVNICCTL_FLASH_H
#define SVNICCTL_FLASH_H

#include "svnic/libsvnic.h"

/* The flash part of `card info`: boot slots, as text lines or as JSON
 * members (", \"flash\": {...}") inside the card's object. */
int svnicctl_print_slots(struct svnic *c, int json);

/* `flash IMAGE`: check, upload, reset (unless reset is 0), report. */
int svnicctl_flash(const char *uri, const char *path, int json, int reset, unsigned timeout_s);

#endif
