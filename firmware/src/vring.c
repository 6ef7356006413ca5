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

unsigned fw_chain_walk(uint16_t head, uint16_t size, bool device_writes,
		       const struct fw_window *win, unsigned nwin,
		       fw_desc_fetch_fn fetch, void *ctx, struct fw_chain *out)
{
	out->nseg = 0;
	out->overflow = false;
	out->total = 0;

	uint16_t idx = head;
	/* A chain visits each descriptor at most once, so more than `size`
	 * descriptors means a loop. */
	for (unsigned count = 0; count < size; count++) {
		if (idx >= size)
			return SVNIC_VIF_ERR_DESC_INDEX;

		struct svnic_vring_desc d; /* the one copy we validate and use */
		if (fetch(ctx, idx, &d) != 0)
			return SVNIC_VIF_ERR_DMA_FAULT;

		if (d.flags & SVNIC_VRING_DESC_F_INDIRECT)
			return SVNIC_VIF_ERR_DESC_FLAGS;
		if (!!(d.flags & SVNIC_VRING_DESC_F_WRITE) != device_writes)
			return SVNIC_VIF_ERR_DESC_FLAGS;
		if (d.len != 0) {
			if (!fw_window_contains(win, nwin, d.addr, d.len))
				return SVNIC_VIF_ERR_DESC_ADDR;
			out->total += d.len;
			if (out->total > 0xffffffffull)
				return SVNIC_VIF_ERR_DESC_LEN;
			if (out->nseg < FW_MAX_SEGS) {
				out->seg[out->nseg].addr = d.addr;
				out->seg[out->nseg].len = d.len;
				out->nseg++;
			} else {
				out->overflow = true;
			}
		}
		if (!(d.flags & SVNIC_VRING_DESC_F_NEXT))
			return SVNIC_VIF_ERR_NONE;
		idx = d.next;
	}
	return SVNIC_VIF_ERR_DESC_LOOP;
}
