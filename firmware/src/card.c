/* SPDX-License-Identifier: MIT */
/*
 * The firmware's main pass of one core (cores.c says how the VIFs are
 * shared out): on core 0 the mailbox and the doorbells, then each of the
 * core's VIFs' queues with a bounded budget, so one busy queue cannot starve
 * the others or the mailbox.
 */
#include "fw/dma_win.h"
#include "fw/flash.h"
#include "fw/fw.h"
#include "fw/mem.h"
#include "fw/vq.h"
#include "svnic/mbox.h"
#include "svnic/regs.h"
#include "svnic/virtio.h"

static bool is_pow2(uint32_t x) { return x != 0 && (x & (x - 1u)) == 0; }

/*
 * The shared RX buffer (register map 2.4 on): every VIF gets an equal share
 * of its cells, so a flooded VIF cannot take another's space; a VIF's RX
 * buffer is then its share. 0 or -1 (sizes that make no sense).
 */
static int fw_read_rxb(struct fw_card *c)
{
	uint32_t cell = fw_hal_reg_read(c->hal, SVNIC_FW_RXB_CELL_BYTES);
	uint32_t cells = fw_hal_reg_read(c->hal, SVNIC_FW_RXB_CELLS);
	if (!is_pow2(cell) || cell < 8u || cells < c->num_vifs || cells > c->rxbuf_bytes / cell)
		return -1;
	c->rxb_quota = cells / c->num_vifs;
	c->rx_unit = cell;
	c->rxbuf_bytes = c->rxb_quota * cell;
	return 0;
}

/*
 * The datapath's sizes: from its build registers (register map 2.1 on),
 * else those of the 2.0 datapath. A frame limit the buffers cannot hold
 * would make every big frame fail at the datapath: refuse it. 0 or -1.
 */
static int fw_read_build(struct fw_card *c)
{
	uint32_t minor = fw_hal_reg_read(c->hal, SVNIC_FW_VERSION) & 0xffffu;
	c->rx_unit = 8u;
	if (minor >= 1u) {
		c->txbuf_bytes = fw_hal_reg_read(c->hal, SVNIC_FW_TXBUF_BYTES);
		c->rxbuf_bytes = fw_hal_reg_read(c->hal, SVNIC_FW_RXBUF_BYTES);
		c->max_frame = fw_hal_reg_read(c->hal, SVNIC_FW_MAX_FRAME);
		c->tx_sched = minor >= 2u;
		c->dmaw_windows = fw_dmaw_probe(c);
		if (minor >= 4u && fw_read_rxb(c) != 0)
			return -1;
	} else {
		c->txbuf_bytes = FW_DP20_TXBUF_BYTES;
		c->rxbuf_bytes = FW_DP20_RXBUF_BYTES;
		c->max_frame = FW_DP20_MAX_FRAME;
	}
	if (c->max_frame < SVNIC_ETH_MIN_FRAME || c->max_frame > FW_MAX_FRAME_LIMIT ||
	    c->max_frame > c->txbuf_bytes || c->max_frame > c->rxbuf_bytes)
		return -1;
	return 0;
}

int fw_init(struct fw_card *c, struct fw_hal *hal)
{
	fw_memset(c, 0, sizeof(*c));
	c->hal = hal;
	if (fw_hal_reg_read(hal, SVNIC_FW_ID) != SVNIC_ID_MAGIC)
		return -1;
	if ((fw_hal_reg_read(hal, SVNIC_FW_VERSION) >> 16) != (SVNIC_REGMAP_VERSION >> 16))
		return -1;
	c->poll_passes = FW_POLL_PASSES;
	c->irq_hold_max = FW_IRQ_HOLD_MAX;
	c->ncores = fw_hal_cores(hal);
	if (c->ncores == 0 || c->ncores > FW_MAX_CORES)
		return -1;
	c->num_vifs = fw_hal_reg_read(hal, SVNIC_FW_NUM_VIFS);
	c->qpv = fw_hal_reg_read(hal, SVNIC_FW_QUEUES_PER_VIF);
	/* A datapath with only RX and TX per VIF still serves them; the
	 * control queue is then not offered (mailbox.c). */
	/* Register map 2.5 on keeps doorbells in DB_WORD words; before, one
	 * DB_PENDING word held them all. */
	c->db_words = (fw_hal_reg_read(hal, SVNIC_FW_VERSION) & 0xffffu) >= 5u;
	unsigned max_nq = c->db_words ? SVNIC_MAX_QUEUES : 32u;
	if (c->num_vifs == 0 || c->qpv < FW_DATA_QUEUES || c->num_vifs > max_nq ||
	    c->qpv > max_nq / c->num_vifs)
		return -1;
	if (c->db_words)
		c->db_words = SVNIC_DB_WORDS(c->num_vifs * c->qpv);
	c->rx_ready_words = (fw_hal_reg_read(hal, SVNIC_FW_VERSION) & 0xffffu) >= 7u
		? SVNIC_RX_READY_WORDS(c->num_vifs) : 0u;
	/* From the datapath's VIF count, before the firmware's own limit. */
	c->cfg_vec_base = SVNIC_IRQ_CONFIG_VECTOR(c->num_vifs, c->qpv, 0);
	if (c->num_vifs > FW_MAX_VIFS)
		c->num_vifs = FW_MAX_VIFS;
	/* Pairs a VIF can have: its data queues and the control queue after
	 * them must fit the datapath's queues per VIF. */
	unsigned qn = c->qpv < FW_MAX_QUEUES ? c->qpv : FW_MAX_QUEUES;
	c->max_pairs = qn > FW_DATA_QUEUES ? (qn - 1u) / 2u : 1u;
	if (fw_read_build(c) != 0)
		return -1;
	/* The datapath's TX scheduler has one grant port: a grant read by one
	 * core may name another core's VIF. With more than one core each core
	 * takes turns among its own VIFs instead (tx_sched.c). */
	if (c->ncores > 1)
		c->tx_sched = false;
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

/* Reads of RXB_STATUS before giving up on the buffer clearing itself after
 * reset (it takes one cycle per cell; quota writes meanwhile are lost). */
#define RXB_BUSY_READS 100000u

int fw_rx_quota_program(struct fw_card *c, unsigned vif)
{
	if (c->rxb_quota == 0)
		return 0;
	unsigned i = 0;
	while (i < RXB_BUSY_READS && (fw_hal_reg_read(c->hal, SVNIC_FW_RXB_STATUS) & SVNIC_RXB_STATUS_BUSY))
		i++;
	if (i == RXB_BUSY_READS)
		return -1;
	fw_hal_reg_write(c->hal, SVNIC_FW_RXB_VIF_REG(vif, SVNIC_FW_RXB_VIF_QUOTA), c->rxb_quota);
	return fw_hal_reg_read(c->hal, SVNIC_FW_RXB_VIF_REG(vif, SVNIC_FW_RXB_VIF_QUOTA)) == c->rxb_quota ? 0 : -1;
}

void fw_vif_clear(struct fw_card *c, unsigned vif)
{
	struct fw_vif *v = &c->vif[vif];
	fw_memset(v, 0, sizeof(*v));
	fw_dmaw_clear_vif(c, vif); /* the datapath's copy of its windows goes too */
	v->state = SVNIC_VIF_FREE;
	c->in_use[vif] = false;
	v->hdr_len = SVNIC_VIRTIO_NET_HDR_LEN_LEGACY; /* until features say otherwise */
}

bool fw_vif_key_taken(const struct fw_card *c, unsigned self, const uint8_t *mac, unsigned vlan)
{
	/* The permanent address counts too: a VIF's driver may move it away
	 * (MAC ADDR_SET), and the VIF returns to it at reset. */
	for (unsigned i = 0; i < c->num_vifs; i++) {
		const struct fw_vif *v = &c->vif[i];
		if (i != self && c->in_use[i] && v->vlan == vlan &&
		    (fw_memcmp(v->mac, mac, 6) == 0 || fw_memcmp(v->ctrl.perm_mac, mac, 6) == 0))
			return true;
	}
	return false;
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
	/* Tell the VIF's driver (through its host side) that the device
	 * needs a reset, as a virtio device does with a configuration change
	 * notification; other VIFs' vectors are not touched. */
	fw_hal_reg_write(c->hal, SVNIC_FW_IRQ_RAISE, c->cfg_vec_base + vif);
}

/* Queue number nq (vif * qpv + q) had its doorbell rung: its core looks at it. */
static void doorbell(struct fw_card *c, unsigned nq)
{
	unsigned v = nq / c->qpv, q = nq % c->qpv;
	if (v < c->num_vifs && q < FW_MAX_QUEUES)
		fw_db_route(c, v, q);
}

/* Core 0: every doorbell word with bits (DB_SUMMARY says which), each bit
 * once (reading a word clears it). */
static void fw_doorbells(struct fw_card *c)
{
	uint32_t sum = 1u; /* a datapath before 2.5: word 0 only, DB_PENDING */
	unsigned words = 1u;
	if (c->db_words) {
		sum = fw_hal_reg_read(c->hal, SVNIC_FW_DB_SUMMARY);
		words = c->db_words;
	}
	for (unsigned w = 0; w < words && w < 32u; w++) {
		if (!(sum & (1u << w)))
			continue;
		uint32_t db = fw_hal_reg_read(c->hal, c->db_words ? SVNIC_FW_DB_WORD + 4u * w
								  : (uint32_t)SVNIC_FW_DB_PENDING);
		for (unsigned i = 0; db && i < 32u; i++, db >>= 1)
			if (db & 1u)
				doorbell(c, 32u * w + i);
	}
}

/* The core's VIFs' control queues, under the control lock (their commands
 * change forwarding table entries and look at other VIFs' addresses). */
static bool ctrl_pass(struct fw_card *c, unsigned core)
{
	bool worked = false;
	for (unsigned v = core; v < c->num_vifs; v += c->ncores) {
		const struct fw_vif *vi = &c->vif[v];
		if (!fw_vif_serving(vi) || !vi->vq[fw_vif_ctrlq(vi)].active)
			continue;
		if (!fw_ctl_trylock(c, core))
			return true; /* the next pass tries again */
		if (fw_ctrl_queue(c, v))
			worked = true;
		fw_ctl_unlock(c);
	}
	return worked;
}

bool fw_poll(struct fw_card *c)
{
	bool worked = false;
	unsigned core = fw_core_self(c);
	if (c->broken || core >= c->ncores)
		return false;
	struct fw_core_stats *st = &c->core[core].st;
	st->passes++;

	if (core == 0) {
		fw_mailbox_poll(c, &worked);
		fw_doorbells(c);
	} else {
		if (fw_xcmd_run(c, core))
			worked = true;
		fw_db_take(c, core);
	}

	/* Drain the card's RX buffers into the guests before sending more
	 * into them: a hairpinned burst then finds the space the last pass
	 * freed, and TX_BUDGET frames of every sender fit in a buffer. */
	_Static_assert(FW_MAX_VIFS <= 32u, "RX_READY word 0 covers the VIFs served");
	uint32_t rx_ready = fw_rx_ready_word(c, 0);
	for (unsigned v = core; v < c->num_vifs; v += c->ncores) {
		struct fw_vif *vi = &c->vif[v];
		uint64_t before = vi->rx_delivered;
		if ((rx_ready & (1u << v)) && fw_vif_serving(vi) && fw_rx_queue(c, v))
			worked = true;
		st->rx_frames += vi->rx_delivered - before;
	}
	if (fw_tx_pass(c, core))
		worked = true;
	if (ctrl_pass(c, core))
		worked = true;

	/* A ring being polled keeps the core busy: a TX or control ring (the
	 * driver was told not to notify it), or an RX ring with frames
	 * waiting for its buffers. */
	for (unsigned v = core; v < c->num_vifs && !worked; v += c->ncores) {
		const struct fw_vif *vi = &c->vif[v];
		if (!fw_vif_serving(vi))
			continue;
		if (vi->vq[fw_vif_ctrlq(vi)].active)
			worked = true;
		for (unsigned p = 0; p < fw_vif_pairs(vi) && !worked; p++)
			if (vi->vq[SVNIC_VIRTIO_NET_TXQ(p)].active ||
			    ((rx_ready & (1u << v)) && vi->vq[SVNIC_VIRTIO_NET_RXQ(p)].active))
				worked = true;
	}
	/* Interrupts held on queues that published nothing this pass go out
	 * now; one still held keeps the core busy, so the next pass comes. */
	for (unsigned v = core; v < c->num_vifs; v += c->ncores)
		if (c->vif[v].irq_owed && fw_irq_flush(c, v))
			worked = true;
	if (core == 0 && !c->broken)
		fw_flash_health(c);
	if (worked)
		st->busy_passes++;
	return worked;
}
