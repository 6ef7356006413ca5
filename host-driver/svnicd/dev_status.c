/* SPDX-License-Identifier: MIT */
/* The device status svnicd passes on to the card (dev_status.h). */
#include "dev_status.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>

#include "svnic/virtio.h"

#define S_FOK (SVNIC_VIRTIO_S_ACKNOWLEDGE | SVNIC_VIRTIO_S_DRIVER | SVNIC_VIRTIO_S_FEATURES_OK)
#define S_DOK (S_FOK | SVNIC_VIRTIO_S_DRIVER_OK)

/* Write one status; -1 unless the card reads back `want`. */
static int step(struct svnic *card, uint32_t vif, uint8_t status, uint8_t want, char *msg, size_t len)
{
	struct svnic_err e;
	char sb[SVNIC_VIRTIO_STATUS_STRLEN], bb[SVNIC_VIRTIO_STATUS_STRLEN], wb[SVNIC_VIRTIO_STATUS_STRLEN];
	uint8_t back = 0;

	if (svnic_vif_set_status(card, vif, status, &back, &e) < 0) {
		snprintf(msg, len, "writing device status %s: %s",
			 svnic_virtio_status_str(status, sb, sizeof(sb)), e.msg);
		return -1;
	}
	if (back != want) {
		snprintf(msg, len, "device status %s reads back as %s (%s expected)%s",
			 svnic_virtio_status_str(status, sb, sizeof(sb)),
			 svnic_virtio_status_str(back, bb, sizeof(bb)),
			 svnic_virtio_status_str(want, wb, sizeof(wb)),
			 (status & SVNIC_VIRTIO_S_FEATURES_OK) && !(back & SVNIC_VIRTIO_S_FEATURES_OK)
				 ? ": the card refused the features"
				 : "");
		return -1;
	}
	return 0;
}

int svnicd_status_negotiate(struct svnic *card, uint32_t vif, const struct svnic_vif_info *v,
			    uint64_t features, enum svnicd_status_mode *mode, char *msg, size_t len)
{
	struct svnic_err e;
	uint8_t back = 0;

	*mode = SVNICD_STATUS_NEW;
	if (v->status_driven &&
	    (v->status & (S_DOK | SVNIC_VIRTIO_S_FAILED | SVNIC_VIRTIO_S_NEEDS_RESET)) == S_DOK &&
	    v->features == features) {
		/* The same driver, back after its rings were stopped (a ring
		 * reset, svnicd restarting): nothing to negotiate. */
		*mode = SVNICD_STATUS_RESUMED;
		return 0;
	}
	/* A driver's device of before: reset it. A VIF at status 0 (fresh,
	 * or left by an svnicd that did not pass the status on) is not reset:
	 * the control state its driver set stays. The first write also tells
	 * whether the firmware keeps a status at all. */
	uint8_t first = v->status ? 0 : SVNIC_VIRTIO_S_ACKNOWLEDGE;
	if (svnic_vif_set_status(card, vif, first, &back, &e) < 0) {
		if (e.code == -EOPNOTSUPP) {
			*mode = SVNICD_STATUS_NONE;
			if (svnic_vif_set_features(card, vif, features, &e) == 0)
				return 0;
		}
		snprintf(msg, len, "%s", e.msg);
		return -1;
	}
	if (back != first) {
		snprintf(msg, len, "device status 0x%02x reads back as 0x%02x", first, back);
		return -1;
	}
	if ((v->status && step(card, vif, SVNIC_VIRTIO_S_ACKNOWLEDGE, SVNIC_VIRTIO_S_ACKNOWLEDGE, msg, len) < 0) ||
	    step(card, vif, SVNIC_VIRTIO_S_ACKNOWLEDGE | SVNIC_VIRTIO_S_DRIVER,
		 SVNIC_VIRTIO_S_ACKNOWLEDGE | SVNIC_VIRTIO_S_DRIVER, msg, len) < 0)
		return -1;
	if (svnic_vif_set_features(card, vif, features, &e) < 0) {
		snprintf(msg, len, "setting features 0x%" PRIx64 ": %s", features, e.msg);
		return -1;
	}
	return step(card, vif, S_FOK, S_FOK, msg, len);
}

int svnicd_status_driver_ok(struct svnic *card, uint32_t vif, enum svnicd_status_mode mode, char *msg,
			    size_t len)
{
	if (mode != SVNICD_STATUS_NEW)
		return 0;
	return step(card, vif, S_DOK, S_DOK, msg, len);
}
