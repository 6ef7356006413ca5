/* SPDX-License-Identifier: MIT */
/*
 * The firmware's main pass: mailbox, doorbells, then each VIF's queues with a
 * bounded budget, so one busy queue cannot starve the others or the mailbox.
 */
#include "fw/flash.h"
#include "fw/fw.h"
#include "fw/mem.h"
#include "svnic/mbox.h"
#include "svnic/regs.h"
#include "svnic/virtio.h"

int fw_init(struct fw_card *c, struct fw_hal *hal)
{
	fw_memset(c, 0, sizeof(*c));
	c->hal = hal;
	if (fw_hal_reg_read(hal, SVNIC_FW_ID) != SVNIC_ID_MAGIC)
		return -1;
	if ((fw_hal_reg_read(hal, SVNIC_FW_VERSION) >> 16) != (SVNIC_REGMAP_VERSION >> 16))
		return -1;
	c->poll_passes = FW_POLL_PASSES;
	c->num_vifs = fw_hal_reg_read(hal, SVNIC_FW_NUM_VIFS);
	c->qpv = fw_hal_reg_read(hal, SVNIC_FW_QUEUES_PER_VIF);
	if (c->num_vifs == 0 || c->qpv < FW_MAX_QUEUES || c->num_vifs * c->qpv > SVNIC_MAX_QUEUE_BITS)
		return -1;
	if (c->num_vifs > FW_MAX_VIFS)
		c->num_vifs = FW_MAX_VIFS;
	if (fw_fdb_init(c) != 0)
		return -1;
	for (unsigned i = 0; i < c->num_vifs; i++)
		fw_vif_clear(c, i);

	/* The boot ROM leaves the record's active slot naming the image it
	 * started (fw_boot_select). */
	uint32_t size = 0;
	struct svnic_boot_record rec;
	const uint8_t *flash = fw_hal_flash(hal, &size);
	if (flash && fw_bootrec_read(flash, size, &rec) == 0)
		c->running_slot = rec.active;
	return 0;
}

void fw_vif_clear(struct fw_card *c, unsigned vif)
{
	struct fw_vif *v = &c->vif[vif];
	fw_memset(v, 0, sizeof(*v));
	v->state = SVNIC_VIF_FREE;
	v->hdr_len = SVNIC_VIRTIO_NET_HDR_LEN_LEGACY; /* until features say otherwise */
}

void fw_vif_fail(struct fw_card *c, unsigned vif, unsigned error)
{
	struct fw_vif *v = &c->vif[vif];
	v->errors++;
	if (v->state == SVNIC_VIF_NEEDS_RESET)
		return;
	/* Stop serving every queue of this VIF, and only of this VIF. The
	 * first offence is kept for the operator. */
	v->state = SVNIC_VIF_NEEDS_RESET;
	v->error = (uint8_t)error;
}

bool fw_poll(struct fw_card *c)
{
	bool worked = false;
	if (c->broken)
		return false;

	fw_mailbox_poll(c, &worked);

	uint32_t db = fw_hal_reg_read(c->hal, SVNIC_FW_DB_PENDING);
	for (unsigned v = 0; db && v < c->num_vifs; v++) {
		for (unsigned q = 0; q < FW_MAX_QUEUES; q++) {
			uint32_t bit = 1u << (v * c->qpv + q);
			if ((db & bit) && c->vif[v].vq[q].attached)
				c->vif[v].vq[q].active = true;
		}
	}

	/* Drain the card's RX buffers into the guests before sending more
	 * into them: a hairpinned burst then finds the space the last pass
	 * freed, and TX_BUDGET frames of every sender fit in a buffer. */
	uint32_t rx_ready = fw_hal_reg_read(c->hal, SVNIC_FW_RX_READY);
	for (unsigned v = 0; v < c->num_vifs; v++)
		if ((rx_ready & (1u << v)) && c->vif[v].state == SVNIC_VIF_RUNNING &&
		    fw_rx_queue(c, v))
			worked = true;
	for (unsigned v = 0; v < c->num_vifs; v++)
		if (c->vif[v].state == SVNIC_VIF_RUNNING && fw_tx_queue(c, v))
			worked = true;

	/* A ring being polled keeps the core busy: a TX ring, or an RX ring
	 * with frames waiting for its buffers. */
	for (unsigned v = 0; v < c->num_vifs && !worked; v++) {
		const struct fw_vif *vi = &c->vif[v];
		if (vi->state != SVNIC_VIF_RUNNING)
			continue;
		if (vi->vq[SVNIC_VIRTIO_NET_TXQ(0)].active ||
		    ((rx_ready & (1u << v)) && vi->vq[SVNIC_VIRTIO_NET_RXQ(0)].active))
			worked = true;
	}
	if (!c->broken)
		fw_flash_health(c);
	return worked;
}
