/* SPDX-License-Identifier: MIT */
/*
 * The virtio device status of a VIF (virtio 1.2 sections 2.1 and 3.1), as
 * the card's truth: the host passes on what the VIF's driver writes
 * (VIF_SET_STATUS), the firmware keeps the bits the device accepts, refuses
 * FEATURES_OK for features it cannot run with, serves queues only at
 * DRIVER_OK and treats any other order as a broken driver (NEEDS_RESET).
 * svnic/mbox.h has the contract.
 */
#include "fw/fw.h"
#include "fw/mbox_buf.h"
#include "fw/mem.h"
#include "svnic/mbox.h"
#include "svnic/virtio.h"

#define S_ACK SVNIC_VIRTIO_S_ACKNOWLEDGE
#define S_DRIVER SVNIC_VIRTIO_S_DRIVER
#define S_DRIVER_OK SVNIC_VIRTIO_S_DRIVER_OK
#define S_FEATURES_OK SVNIC_VIRTIO_S_FEATURES_OK
#define S_NEEDS_RESET SVNIC_VIRTIO_S_NEEDS_RESET
#define S_FAILED SVNIC_VIRTIO_S_FAILED

unsigned fw_vif_status(const struct fw_vif *v)
{
	return v->status | (v->state == SVNIC_VIF_NEEDS_RESET ? S_NEEDS_RESET : 0u);
}

bool fw_vif_features_open(const struct fw_vif *v)
{
	return !v->status_driven ||
	       (v->status & (S_DRIVER | S_FEATURES_OK | S_FAILED)) == S_DRIVER;
}

bool fw_vif_queues_open(const struct fw_vif *v)
{
	return !v->status_driven || (v->status & (S_FEATURES_OK | S_FAILED)) == S_FEATURES_OK;
}

void fw_vif_device_reset(struct fw_card *c, unsigned vif, bool features)
{
	struct fw_vif *v = &c->vif[vif];
	/* The chain of a packet being cut went with its ring: the rest of
	 * its segments are never sent. */
	if (v->tso.active)
		v->tx_tso_aborted++;
	v->tso.active = false;
	fw_memset(v->vq, 0, sizeof(v->vq));
	v->state = SVNIC_VIF_READY;
	v->error = SVNIC_VIF_ERR_NONE;
	v->status = 0;
	v->resetting = 0;
	if (!features) {
		v->features = 0;
		v->hdr_len = SVNIC_VIRTIO_NET_HDR_LEN_LEGACY;
	}
	fw_vif_ctrl_reset(c, vif);
}

/* Can the device run with the features the driver set? The device offers
 * VERSION_1, and only a modern driver writes FEATURES_OK: one that did not
 * accept it is refused (virtio 1.2 section 6.1). */
static bool features_acceptable(const struct fw_vif *v)
{
	return (v->features & SVNIC_VIRTIO_BIT(SVNIC_VIRTIO_F_VERSION_1)) != 0;
}

/* Is `want` (DEVICE_NEEDS_RESET stripped) a legal next status after `cur`?
 * Bits are only ever added, each step with the one before it. */
static bool legal_step(unsigned cur, unsigned want)
{
	if (cur & ~want)
		return false; /* a bit cleared other than by a reset */
	unsigned add = want & ~cur;
	if ((add & S_DRIVER) && !(want & S_ACK))
		return false;
	if ((add & S_FEATURES_OK) && !(want & S_DRIVER))
		return false;
	/* The driver must have read FEATURES_OK back before DRIVER_OK. */
	if ((add & S_DRIVER_OK) && !(cur & S_FEATURES_OK))
		return false;
	return true;
}

unsigned fw_op_vif_set_status(struct fw_card *c, union mbox_buf *rq, union mbox_buf *rs)
{
	uint32_t vif = rq->h.vif;
	uint32_t want = rq->vif_status.status;
	if (vif >= c->num_vifs || c->vif[vif].state == SVNIC_VIF_FREE)
		return SVNIC_MBOX_ST_BAD_VIF;
	if ((want & ~SVNIC_VIRTIO_S_ALL) || rq->vif_status.reserved != 0)
		return SVNIC_MBOX_ST_BAD_ARG;
	struct fw_vif *v = &c->vif[vif];
	v->status_driven = true;
	if (want == 0) {
		fw_vif_device_reset(c, vif, false);
	} else if (v->status & S_FAILED) {
		/* The driver gave up: only a reset brings the device back. */
	} else if (want & S_FAILED) {
		/* Legal at any time (section 2.1): stop serving the queues. */
		v->status |= S_FAILED;
	} else if ((want & S_NEEDS_RESET) && v->state != SVNIC_VIF_NEEDS_RESET) {
		fw_vif_fail(c, vif, SVNIC_VIF_ERR_STATUS);
	} else if (!legal_step(v->status, want & ~S_NEEDS_RESET)) {
		fw_vif_fail(c, vif, SVNIC_VIF_ERR_STATUS);
	} else {
		unsigned next = want & ~S_NEEDS_RESET;
		if ((next & ~v->status & S_FEATURES_OK) && !features_acceptable(v))
			next &= ~S_FEATURES_OK; /* read back without it: refused */
		v->status = (uint8_t)next;
	}
	rs->vif_status_rsp.status = fw_vif_status(v);
	rs->vif_status_rsp.reserved = 0;
	return sizeof(rs->vif_status_rsp);
}
