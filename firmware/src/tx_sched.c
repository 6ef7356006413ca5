/* SPDX-License-Identifier: MIT */
/*
 * The firmware's TX pass in the order the datapath's TX scheduler grants
 * (svnic/regs.h, SVNIC_FW_TXS_*: DRR weights and token buckets per VIF),
 * and the scheduler's per-VIF settings.
 */
#include "fw/fw.h"
#include "fw/mem.h"
#include "fw/tx.h"
#include "svnic/mbox.h"
#include "svnic/regs.h"
#include "svnic/virtio.h"

/*
 * Who sends next. With the datapath's scheduler (register map 2.2 on) it
 * is its grant; a datapath without one gets plain round robin from the
 * firmware, one VIF after the other, and so does a card with more than one
 * core (fw_init), each core among its own VIFs (only they are in `want`).
 * FW_TXS_NONE: nobody now; FW_TXS_RETRY:
 * the scheduler is still working, ask again.
 */
#define FW_TXS_NONE 0xffffu
#define FW_TXS_RETRY 0xfffeu

static unsigned tx_grant(struct fw_card *c, unsigned *rr, const uint32_t *want)
{
	if (c->tx_sched) {
		uint32_t g = fw_hal_reg_read(c->hal, SVNIC_FW_TXS_GRANT);
		if (g & SVNIC_TXS_GRANT_VALID)
			return g & SVNIC_TXS_GRANT_VIF_MASK;
		return (g & SVNIC_TXS_GRANT_BUSY) ? FW_TXS_RETRY : FW_TXS_NONE;
	}
	for (; *rr < c->num_vifs; (*rr)++)
		if (*want & (1u << *rr))
			return *rr;
	return FW_TXS_NONE;
}

static void tx_done(struct fw_card *c, unsigned *rr, uint32_t *want, unsigned vif, bool more)
{
	if (c->tx_sched) {
		fw_hal_reg_write(c->hal, SVNIC_FW_TXS_DONE, more ? SVNIC_TXS_DONE_MORE : 0u);
		return;
	}
	if (!more) {
		*want &= ~(1u << vif);
		(*rr)++;
	}
}

/* A TX ring of the VIF is being looked at (a doorbell came, or it is polled). */
static bool fw_vif_tx_pending(const struct fw_vif *v)
{
	for (unsigned p = 0; p < fw_vif_pairs(v); p++) {
		const struct fw_vq *q = &v->vq[SVNIC_VIRTIO_NET_TXQ(p)];
		if (q->attached && q->active)
			return true;
	}
	return false;
}

bool fw_tx_pass(struct fw_card *c, unsigned core)
{
	struct fw_tx_pass p[FW_MAX_VIFS];
	uint32_t want = 0;
	unsigned rr = 0;
	bool worked = false;

	/* Tell the scheduler every VIF whose ring is being looked at; it has
	 * a VIF queued at most once, so asking again each pass costs a posted
	 * write and loses no wakeup. */
	fw_memset(p, 0, sizeof(p));
	for (unsigned v = core; v < c->num_vifs; v += c->ncores) {
		if (!fw_vif_serving(&c->vif[v]) || !fw_vif_tx_pending(&c->vif[v]))
			continue;
		want |= 1u << v;
		if (c->tx_sched)
			fw_hal_reg_write(c->hal, SVNIC_FW_TXS_DOORBELL, v);
	}
	if (want == 0 && !c->tx_sched)
		return false;
	/* More than one core: the TX buffer is the card's (cores.c). */
	if (!fw_txbuf_trylock(c, core))
		return true;

	/* One frame per grant. A VIF that used its pass budget (FW_TX_BUDGET
	 * chains, and the bytes an RX buffer holds: fw_tx_byte_budget) ends the
	 * pass with its turn kept, so the scheduler's shares carry over from
	 * pass to pass. */
	uint32_t byte_budget = fw_tx_byte_budget(c);
	unsigned grants = (FW_TX_BUDGET + 1u) * c->num_vifs, busy_run = 0, busy_all = 0;
	for (unsigned n = 0; n < grants;) {
		unsigned vif = tx_grant(c, &rr, &want);
		if (vif == FW_TXS_RETRY) {
			/* the next grant is a few cycles away, or buckets refill */
			if (++busy_run > FW_TXS_RETRIES || ++busy_all > grants)
				break;
			continue;
		}
		busy_run = 0;
		if (vif == FW_TXS_NONE)
			break;
		n++;
		if (vif >= c->num_vifs) {
			tx_done(c, &rr, &want, vif, false);
			continue;
		}
		if (p[vif].done >= FW_TX_BUDGET || p[vif].bytes >= byte_budget) {
			/* Without a scheduler the next VIF's turn comes. */
			tx_done(c, &rr, &want, vif, c->tx_sched);
			if (c->tx_sched)
				break;
			continue;
		}
		int r = fw_tx_one(c, vif, &p[vif]);
		tx_done(c, &rr, &want, vif, r > 0);
		if (r != 0)
			worked = true;
	}
	fw_txbuf_unlock(c);
	for (unsigned v = core; v < c->num_vifs; v += c->ncores) {
		c->core[core].st.tx_chains += p[v].done;
		fw_tx_publish(c, v, &p[v]);
	}
	return worked;
}

/* The VIF's TX weight, rate and burst into the datapath's scheduler. */
void fw_tx_sched_program(struct fw_card *c, unsigned vif)
{
	const struct fw_vif *v = &c->vif[vif];
	if (!c->tx_sched)
		return;
	fw_hal_reg_write(c->hal, SVNIC_FW_TXS_VIF_REG(vif, SVNIC_FW_TXS_VIF_QUANTUM),
			 (uint32_t)v->tx_weight * SVNIC_TXS_QUANTUM_UNIT);
	fw_hal_reg_write(c->hal, SVNIC_FW_TXS_VIF_REG(vif, SVNIC_FW_TXS_VIF_RATE),
			 svnic_txs_rate_units(v->tx_rate_kbps));
	fw_hal_reg_write(c->hal, SVNIC_FW_TXS_VIF_REG(vif, SVNIC_FW_TXS_VIF_BURST), v->tx_burst);
}
