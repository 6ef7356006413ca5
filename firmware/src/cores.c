/* SPDX-License-Identifier: MIT */
/*
 * The firmware on N cores (docs/firmware-cores.md). Every core runs the same
 * image and fw_poll; what a core serves is its shard:
 *
 *  - VIF v belongs to core v % ncores, with all its queues: one core then
 *    owns the VIF's RX buffer, its rings, its TSO state and its counters, and
 *    no VIF field is written by two cores.
 *  - Core 0 also owns what is one per card: the mailbox, the doorbell words
 *    (read-and-clear: one reader), the flash and the boot record.
 *  - A mailbox command for another core's VIF is copied into that core's
 *    channel (a one-slot single-producer/single-consumer ring: the mailbox
 *    has one command in flight, so one slot is enough) and published with a
 *    release store; the owner runs it at the start of a pass and posts the
 *    response back the same way; core 0 answers the host then.
 *  - Core 0 hands the other cores their doorbells as bits in per-core
 *    pending words (atomic OR by core 0, atomic exchange by the owner), so no
 *    core clears a doorbell another core would have needed.
 *  - The datapath has one TX assembly buffer: a core's TX pass (frames
 *    written into it and sent, one after the other) holds it, taken with
 *    a single try as well; a core that had it last gives way to one that
 *    missed it, so neither core's TX starves. A TX buffer per core in the
 *    datapath would make this go away.
 *  - Control work that looks beyond one VIF (a free VIF, an address already
 *    taken, forwarding table entries) runs under one card-wide lock, taken
 *    with a single try: a core that misses it leaves the work for its next
 *    pass, so no loop waits on another core. RX and TX never take it.
 */
#include "fw/fw.h"

unsigned fw_core_self(struct fw_card *c)
{
	unsigned id = fw_hal_core_id(c->hal);
	return id < c->ncores ? id : c->ncores;
}

bool fw_ctl_trylock(struct fw_card *c, unsigned core)
{
	uint32_t free_val = 0;
	if (atomic_compare_exchange_strong_explicit(&c->ctl_lock, &free_val, core + 1u,
						    memory_order_acquire, memory_order_relaxed))
		return true;
	if (core < c->ncores)
		c->core[core].st.ctl_busy++;
	return false;
}

void fw_ctl_unlock(struct fw_card *c)
{
	atomic_store_explicit(&c->ctl_lock, 0u, memory_order_release);
}

bool fw_txbuf_trylock(struct fw_card *c, unsigned core)
{
	if (c->ncores == 1)
		return true;
	uint32_t me = 1u << core, free_val = 0;
	bool others = (atomic_load_explicit(&c->txbuf_want, memory_order_relaxed) & ~me) != 0;
	if (!(others && atomic_load_explicit(&c->txbuf_last, memory_order_relaxed) == core + 1u) &&
	    atomic_compare_exchange_strong_explicit(&c->txbuf_lock, &free_val, core + 1u,
						    memory_order_acquire, memory_order_relaxed)) {
		atomic_fetch_and_explicit(&c->txbuf_want, ~me, memory_order_relaxed);
		atomic_store_explicit(&c->txbuf_last, core + 1u, memory_order_relaxed);
		return true;
	}
	atomic_fetch_or_explicit(&c->txbuf_want, me, memory_order_relaxed);
	c->core[core].st.txbuf_busy++;
	return false;
}

void fw_txbuf_unlock(struct fw_card *c)
{
	if (c->ncores > 1)
		atomic_store_explicit(&c->txbuf_lock, 0u, memory_order_release);
}

static void db_mark(struct fw_card *c, unsigned core, unsigned vif, unsigned q)
{
	struct fw_vq *vq = &c->vif[vif].vq[q];
	c->core[core].st.doorbells++;
	if (vq->attached)
		vq->active = true;
}

void fw_db_route(struct fw_card *c, unsigned vif, unsigned q)
{
	unsigned owner = fw_vif_core(c, vif);
	if (owner == 0 || owner >= FW_MAX_CORES) {
		db_mark(c, 0, vif, q);
		return;
	}
	/* Only a bit: the owner reads the ring itself, so nothing else needs
	 * ordering with it. */
	unsigned bit = vif * FW_MAX_QUEUES + q;
	atomic_fetch_or_explicit(&c->core[owner].db_pend[bit / 32u], 1u << (bit % 32u),
				 memory_order_relaxed);
}

void fw_db_take(struct fw_card *c, unsigned core)
{
	struct fw_core *k = &c->core[core];
	for (unsigned w = 0; w < FW_DB_PEND_WORDS; w++) {
		if (atomic_load_explicit(&k->db_pend[w], memory_order_relaxed) == 0)
			continue;
		uint32_t bits = atomic_exchange_explicit(&k->db_pend[w], 0u, memory_order_relaxed);
		for (unsigned i = 0; bits && i < 32u; i++, bits >>= 1) {
			unsigned bit = 32u * w + i;
			if ((bits & 1u) && fw_vif_core(c, bit / FW_MAX_QUEUES) == core)
				db_mark(c, core, bit / FW_MAX_QUEUES, bit % FW_MAX_QUEUES);
		}
	}
}

/* Commands about the card rather than one VIF: core 0's. */
static bool card_op(unsigned opcode)
{
	switch (opcode) {
	case SVNIC_MBOX_OP_VIF_CREATE:
	case SVNIC_MBOX_OP_VIF_DESTROY:
	case SVNIC_MBOX_OP_VIF_QUERY:
	case SVNIC_MBOX_OP_VIF_QUERY_TX:
	case SVNIC_MBOX_OP_VIF_QUERY_RX:
	case SVNIC_MBOX_OP_VIF_QUERY_QUEUES:
	case SVNIC_MBOX_OP_VIF_SET_FEATURES:
	case SVNIC_MBOX_OP_VIF_RESET:
	case SVNIC_MBOX_OP_VIF_SET_STATUS:
	case SVNIC_MBOX_OP_VIF_SET:
	case SVNIC_MBOX_OP_DMA_MAP:
	case SVNIC_MBOX_OP_DMA_UNMAP:
	case SVNIC_MBOX_OP_QUEUE_ATTACH:
	case SVNIC_MBOX_OP_QUEUE_DETACH:
		return false;
	default:
		return true; /* CARD_*, FLASH_*, and opcodes nobody knows */
	}
}

unsigned fw_mbox_route(struct fw_card *c, struct svnic_mbox_hdr *h)
{
	if (card_op(h->opcode))
		return 0;
	if (h->opcode == SVNIC_MBOX_OP_VIF_CREATE) {
		/* The first free VIF. in_use changes only by commands, which run
		 * one at a time, so core 0 reads it here without the lock. */
		unsigned v = 0;
		while (v < c->num_vifs && c->in_use[v])
			v++;
		h->vif = v; /* == num_vifs: none free, core 0 answers NO_SPACE */
	}
	return h->vif < c->num_vifs ? fw_vif_core(c, h->vif) : 0u;
}

bool fw_xcmd_run(struct fw_card *c, unsigned core)
{
	struct fw_core *k = &c->core[core];
	if (atomic_load_explicit(&k->xcmd_state, memory_order_acquire) != FW_XCMD_POSTED)
		return false;
	if (!fw_ctl_trylock(c, core))
		return true;
	k->xcmd_len = fw_mailbox_exec(c, &k->xcmd_rq, &k->xcmd_rs);
	fw_ctl_unlock(c);
	k->st.mbox_cmds++;
	atomic_store_explicit(&k->xcmd_state, FW_XCMD_DONE, memory_order_release);
	return true;
}
