/* SPDX-License-Identifier: MIT */
#include "fw/vring_packed.h"

#include "svnic/mbox.h"

bool fw_packed_desc_avail(uint16_t flags, bool wrap)
{
	bool avail = flags & FW_PACKED_DESC_F_AVAIL;
	bool used = flags & FW_PACKED_DESC_F_USED;
	return avail == wrap && used != wrap;
}

/* The buffers of an indirect table, from its copy in card memory. */
static unsigned walk_table(const struct fw_packed_ring *r, const struct fw_packed_desc *ind,
			   unsigned dir, struct fw_chain *out)
{
	struct fw_packed_desc tab[FW_MAX_INDIRECT];
	unsigned n;
	unsigned err = fw_indirect_fetch(r->win, r->nwin, r->size, r->read, r->ctx, ind->addr,
					 ind->len, tab, &n);
	if (err != SVNIC_VIF_ERR_NONE)
		return err;
	/* A packed table is a plain array: its entries are used in order. */
	for (unsigned i = 0; i < n; i++) {
		if (tab[i].flags & SVNIC_VRING_DESC_F_INDIRECT)
			return SVNIC_VIF_ERR_DESC_INDIRECT;
		err = fw_chain_add(out, r->win, r->nwin, tab[i].addr, tab[i].len,
				   tab[i].flags & SVNIC_VRING_DESC_F_WRITE, dir);
		if (err != SVNIC_VIF_ERR_NONE)
			return err;
	}
	return SVNIC_VIF_ERR_NONE;
}

unsigned fw_packed_walk(const struct fw_packed_ring *r, struct fw_packed_pos *pos,
			unsigned dir, struct fw_chain *out, struct fw_packed_buf *buf)
{
	fw_chain_init(out);
	buf->id = 0;
	buf->ndesc = 0;
	if (pos->idx >= r->size)
		return SVNIC_VIF_ERR_DESC_INDEX;

	uint16_t idx = pos->idx;
	bool wrap = pos->wrap;
	/* A chain takes at most the whole ring. */
	for (unsigned count = 0; count < r->size; count++) {
		struct fw_packed_desc d; /* the one copy we validate and use */
		if (r->fetch(r->ctx, idx, &d) != 0)
			return SVNIC_VIF_ERR_DMA_FAULT;
		if (!fw_packed_desc_avail(d.flags, wrap)) {
			if (count == 0)
				return SVNIC_VIF_ERR_NONE; /* nothing available */
			/* The driver makes a chain available head last, so the
			 * rest of it must be available already. */
			return SVNIC_VIF_ERR_DESC_FLAGS;
		}
		if (++idx == r->size) {
			idx = 0;
			wrap = !wrap;
		}

		unsigned err;
		if (d.flags & SVNIC_VRING_DESC_F_INDIRECT) {
			if (!r->indirect)
				return SVNIC_VIF_ERR_DESC_FLAGS;
			/* In a packed ring an indirect descriptor is a chain of
			 * its own: not linked to others, not after others. */
			if ((d.flags & SVNIC_VRING_DESC_F_NEXT) || count != 0)
				return SVNIC_VIF_ERR_DESC_INDIRECT;
			err = walk_table(r, &d, dir, out);
		} else {
			err = fw_chain_add(out, r->win, r->nwin, d.addr, d.len,
					   d.flags & SVNIC_VRING_DESC_F_WRITE, dir);
		}
		if (err != SVNIC_VIF_ERR_NONE)
			return err;
		if (!(d.flags & SVNIC_VRING_DESC_F_NEXT)) {
			buf->id = d.id;
			buf->ndesc = (uint16_t)(count + 1u);
			pos->idx = idx;
			pos->wrap = wrap;
			return SVNIC_VIF_ERR_NONE;
		}
	}
	return SVNIC_VIF_ERR_DESC_LOOP;
}
