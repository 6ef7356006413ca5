/* SPDX-License-Identifier: MIT */
#include "fw/vring.h"

#include "svnic/mbox.h"

bool fw_window_contains(const struct fw_window *win, unsigned nwin, uint64_t addr,
			uint64_t len)
{
	if (len == 0)
		return false;
	for (unsigned i = 0; i < nwin; i++) {
		/* Written so that no sum can wrap: addr + len may overflow. */
		if (addr >= win[i].iova && len <= win[i].len &&
		    addr - win[i].iova <= win[i].len - len)
			return true;
	}
	return false;
}

void fw_chain_init(struct fw_chain *out)
{
	out->nseg = 0;
	out->overflow = false;
	out->total = 0;
	out->nread = 0;
	out->rbytes = 0;
	out->wseen = false;
}

unsigned fw_chain_add(struct fw_chain *out, const struct fw_window *win, unsigned nwin,
		      uint64_t addr, uint32_t len, bool writable, unsigned dir)
{
	if (dir == FW_CHAIN_CTRL) {
		/* The command, then its ack: once the device-writable part
		 * began, a readable buffer means the ack is not last. */
		if (!writable && out->wseen)
			return SVNIC_VIF_ERR_CTRL_CMD;
		if (writable)
			out->wseen = true;
	} else if (writable != (dir == FW_CHAIN_DEV_WRITES)) {
		return SVNIC_VIF_ERR_DESC_FLAGS;
	}
	if (len == 0)
		return SVNIC_VIF_ERR_NONE; /* nothing to move: not recorded */
	if (!fw_window_contains(win, nwin, addr, len))
		return SVNIC_VIF_ERR_DESC_ADDR;
	out->total += len;
	if (out->total > 0xffffffffull)
		return SVNIC_VIF_ERR_DESC_LEN;
	if (!writable) {
		out->rbytes += len;
		if (out->nseg < FW_MAX_SEGS)
			out->nread++;
	}
	if (out->nseg < FW_MAX_SEGS) {
		out->seg[out->nseg].addr = addr;
		out->seg[out->nseg].len = len;
		out->nseg++;
	} else {
		out->overflow = true;
	}
	return SVNIC_VIF_ERR_NONE;
}

unsigned fw_indirect_fetch(const struct fw_window *win, unsigned nwin, uint16_t size,
			   fw_mem_read_fn read, void *ctx, uint64_t addr, uint32_t len,
			   void *tab, unsigned *n)
{
	*n = 0;
	/* Every descriptor layout the firmware knows is 16 bytes. */
	if (len == 0 || len % 16u != 0)
		return SVNIC_VIF_ERR_DESC_INDIRECT;
	if (len / 16u > size || len / 16u > FW_MAX_INDIRECT)
		return SVNIC_VIF_ERR_DESC_INDIRECT;
	if (!fw_window_contains(win, nwin, addr, len))
		return SVNIC_VIF_ERR_DESC_ADDR;
	if (!read || read(ctx, addr, tab, len) != 0)
		return SVNIC_VIF_ERR_DMA_FAULT;
	*n = len / 16u;
	return SVNIC_VIF_ERR_NONE;
}

/* The chain inside an indirect table, from the table's copy in card memory. */
static unsigned walk_table(const struct fw_split_ring *r, const struct svnic_vring_desc *ind,
			   unsigned dir, struct fw_chain *out)
{
	struct svnic_vring_desc tab[FW_MAX_INDIRECT];
	unsigned n;
	unsigned err = fw_indirect_fetch(r->win, r->nwin, r->size, r->read, r->ctx, ind->addr,
					 ind->len, tab, &n);
	if (err != SVNIC_VIF_ERR_NONE)
		return err;

	uint16_t i = 0; /* a table's chain starts at its first entry */
	for (unsigned count = 0; count < n; count++) {
		const struct svnic_vring_desc *d = &tab[i];
		if (d->flags & SVNIC_VRING_DESC_F_INDIRECT)
			return SVNIC_VIF_ERR_DESC_INDIRECT; /* one table per chain */
		err = fw_chain_add(out, r->win, r->nwin, d->addr, d->len,
				   d->flags & SVNIC_VRING_DESC_F_WRITE, dir);
		if (err != SVNIC_VIF_ERR_NONE)
			return err;
		if (!(d->flags & SVNIC_VRING_DESC_F_NEXT))
			return SVNIC_VIF_ERR_NONE;
		if (d->next >= n)
			return SVNIC_VIF_ERR_DESC_INDEX; /* links stay inside the copy */
		i = d->next;
	}
	/* n steps visited n entries, and the last one still had NEXT. */
	return SVNIC_VIF_ERR_DESC_LOOP;
}

unsigned fw_split_walk(const struct fw_split_ring *r, uint16_t head, unsigned dir,
		       struct fw_chain *out)
{
	fw_chain_init(out);

	uint16_t idx = head;
	/* A chain visits each descriptor at most once, so more than `size`
	 * descriptors means a loop. */
	for (unsigned count = 0; count < r->size; count++) {
		if (idx >= r->size)
			return SVNIC_VIF_ERR_DESC_INDEX;

		struct svnic_vring_desc d; /* the one copy we validate and use */
		if (r->fetch(r->ctx, idx, &d) != 0)
			return SVNIC_VIF_ERR_DMA_FAULT;

		if (d.flags & SVNIC_VRING_DESC_F_INDIRECT) {
			if (!r->indirect)
				return SVNIC_VIF_ERR_DESC_FLAGS;
			/* The indirect descriptor is the last one in the ring;
			 * its table holds the rest of the chain. */
			if (d.flags & SVNIC_VRING_DESC_F_NEXT)
				return SVNIC_VIF_ERR_DESC_INDIRECT;
			return walk_table(r, &d, dir, out);
		}
		unsigned err = fw_chain_add(out, r->win, r->nwin, d.addr, d.len,
					    d.flags & SVNIC_VRING_DESC_F_WRITE, dir);
		if (err != SVNIC_VIF_ERR_NONE)
			return err;
		if (!(d.flags & SVNIC_VRING_DESC_F_NEXT))
			return SVNIC_VIF_ERR_NONE;
		idx = d.next;
	}
	return SVNIC_VIF_ERR_DESC_LOOP;
}
