/* SPDX-License-Identifier: MIT */
/*
 * A Linux TAP interface as the far end of the card's Ethernet port: what
 * the card sends to the wire is written to it, what the host sends into it
 * reaches the card's wire RX.
 */
#ifndef SVNIC_SIM_WIRE_TAP_H
#define SVNIC_SIM_WIRE_TAP_H

#include <stddef.h>
#include <stdint.h>

/*
 * Attach to TAP interface `name` (created if it does not exist; that needs
 * CAP_NET_ADMIN, and the interface goes when the last holder closes it).
 * The descriptor is non-blocking. -1 with a message in err.
 */
int sim_tap_open(const char *name, char *err, size_t errlen);

/* One frame from the interface into buf: its length, 0 when none is
 * waiting, -1 on an error (errno). A frame longer than cap is cut. */
long sim_tap_read(int fd, uint8_t *buf, size_t cap);

/* One frame out through the interface: 0, or -1 (errno; the interface
 * being down drops it). */
int sim_tap_write(int fd, const uint8_t *frame, size_t len);

#endif
