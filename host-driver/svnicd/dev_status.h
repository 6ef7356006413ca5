/* SPDX-License-Identifier: MIT */
/*
 * The virtio device status of a VIF, as svnicd passes it on to the card.
 *
 * rte_vhost 22.11 keeps the status to itself: it answers a front-end's
 * VHOST_USER_SET_STATUS / GET_STATUS from its own copy and has neither a
 * callback for it nor a call that reads it. What it does show is when the
 * driver is done: with VHOST_USER_PROTOCOL_F_STATUS negotiated new_device
 * fires only once the status holds DRIVER_OK (without it, once every ring
 * is set up). So svnicd replays the driver's steps at new_device, in the
 * order virtio 1.2 section 3.1.1 has them: ACKNOWLEDGE, DRIVER, the
 * features, FEATURES_OK (which the card may refuse: the device is then
 * refused too, since the front-end already read FEATURES_OK back from
 * rte_vhost), the rings, DRIVER_OK. A refusal, a driver's FAILED, or a
 * reset (0) written between those points are not visible to svnicd.
 *
 * destroy_device does not tell a device reset from a ring being stopped
 * (rte_vhost calls it for any GET_VRING_BASE, a ring reset included) or
 * from a front-end going away: svnicd writes no status there. The next
 * new_device resumes a VIF found at DRIVER_OK with the same features, and
 * resets (status 0) one found otherwise before negotiating again.
 */
#ifndef SVNICD_DEV_STATUS_H
#define SVNICD_DEV_STATUS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "svnic/libsvnic.h"

enum svnicd_status_mode {
	SVNICD_STATUS_NONE,    /* firmware without the status: features only */
	SVNICD_STATUS_NEW,     /* negotiated now: DRIVER_OK after the rings */
	SVNICD_STATUS_RESUMED, /* found at DRIVER_OK with these features */
};

/*
 * Bring VIF `vif` (as `v` found it) to FEATURES_OK with `features`, or find
 * it at DRIVER_OK with them already. 0 with *mode set, or -1 with a message
 * in msg.
 */
int svnicd_status_negotiate(struct svnic *card, uint32_t vif, const struct svnic_vif_info *v,
			    uint64_t features, enum svnicd_status_mode *mode, char *msg, size_t len);

/* The rings are attached: DRIVER_OK (SVNICD_STATUS_NEW only). 0 or -1 with
 * a message in msg. */
int svnicd_status_driver_ok(struct svnic *card, uint32_t vif, enum svnicd_status_mode mode, char *msg,
			    size_t len);

#endif
