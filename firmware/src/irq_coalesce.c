/* SPDX-License-Identifier: MIT */
/*
 * Interrupt coalescing per queue vector, following the rate (fw/vq.h).
 *
 * When to interrupt is the device's call as long as none is lost (virtio
 * 1.2 section 2.7.7: the driver's suppression is a hint). A pass that
 * publishes on a queue whose last publish was the pass before finds it
 * busy and lets it hold more: the driver of a busy queue is still working
 * through what the last interrupt told it, and one interrupt later covers
 * the entries of several passes. The first pass that publishes nothing on
 * it (the driver has caught up, or the traffic stopped) raises what it
 * owes and starts the allowance again from 0. The datapath's per-vector
 * moderation (host-set, IRQ_TABLE) still applies on top.
 */
#include "fw/fw.h"
#include "fw/vq.h"
#include "svnic/regs.h"

/* The VIF's core's pass, low 16 bits (0 before its first pass). */
static uint16_t pass_now(const struct fw_card *c, unsigned vif)
{
	return (uint16_t)c->core[fw_vif_core(c, vif)].st.passes;
}

static void raise(struct fw_card *c, struct fw_vif *v, struct fw_vq *q)
{
	fw_hal_reg_write(c->hal, SVNIC_FW_IRQ_RAISE, q->vector);
	v->notifies++;
	q->irq_held = 0;
	v->irq_owed &= ~(1ull << (unsigned)(q - v->vq));
}

void fw_irq_request(struct fw_card *c, unsigned vif, struct fw_vq *q, bool want)
{
	struct fw_vif *v = &c->vif[vif];
	uint16_t pass = pass_now(c, vif);
	if (pass != q->pub_pass) {
		/* Busy since the pass before: hold more (1, 2, 4 ..); else
		 * from nothing again. */
		bool busy = q->pub_pass != 0 && (uint16_t)(pass - q->pub_pass) == 1u;
		unsigned hold = busy ? (q->irq_hold == 0 ? 1u : 2u * q->irq_hold) : 0u;
		q->irq_hold = (uint8_t)(hold < c->irq_hold_max ? hold : c->irq_hold_max);
		q->pub_pass = pass;
	}
	uint64_t bit = 1ull << (unsigned)(q - v->vq);
	bool owed = (v->irq_owed & bit) != 0;
	if (!want && !owed)
		return;
	/* A wanted interrupt on top of a held one: one of the two is saved. */
	if (want && owed)
		v->irqs_coalesced++;
	if (q->irq_held < q->irq_hold) {
		q->irq_held++; /* publishes held, wanted or not: bounded */
		v->irq_owed |= bit;
		return;
	}
	raise(c, v, q);
}

bool fw_irq_flush(struct fw_card *c, unsigned vif)
{
	struct fw_vif *v = &c->vif[vif];
	uint16_t pass = pass_now(c, vif);
	uint64_t owed = v->irq_owed;
	for (unsigned i = 0; owed && i < FW_MAX_QUEUES; i++, owed >>= 1) {
		if (!(owed & 1u))
			continue;
		struct fw_vq *q = &v->vq[i];
		if (!q->attached) {
			v->irq_owed &= ~(1ull << i); /* its driver reset the ring */
			continue;
		}
		if (q->pub_pass == pass)
			continue; /* still busy: it may go on holding */
		raise(c, v, q);
		q->irq_hold = 0;
	}
	return v->irq_owed != 0;
}
