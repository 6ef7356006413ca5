/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer target: the split-ring walker with indirect tables, over a
 * guest-controlled descriptor table and guest memory holding the tables.
 * Input: byte 0 = log2 ring size (low 4 bits, mod 9) | 0x40 indirect
 * negotiated | 0x80 device writes; byte 1 = head; then `size` descriptors;
 * then the bytes of the first window (where tables may live).
 * Checks on every input: the ring is fetched at most `size` times and only
 * inside it; at most one table read, only when negotiated, only of a
 * validated table (inside a window, a multiple of 16, within both bounds);
 * an accepted chain lies wholly inside the windows with the total it reports.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fw/vring.h"
#include "svnic/mbox.h"

#define W0_BASE 0x1000u
#define W0_LEN 0x4000u

static const struct fw_window win[] = { { W0_BASE, W0_LEN }, { 0x100000, 0x100 } };

struct guest {
	const struct svnic_vring_desc *d;
	const uint8_t *mem; /* window 0 */
	uint16_t size;
	unsigned fetches, reads;
};

static int fetch(void *ctx, uint16_t idx, struct svnic_vring_desc *out)
{
	struct guest *g = ctx;
	g->fetches++;
	if (idx >= g->size)
		abort(); /* the walker must check the index before fetching */
	*out = g->d[idx];
	return 0;
}

static int read_mem(void *ctx, uint64_t addr, void *dst, unsigned len)
{
	struct guest *g = ctx;
	g->reads++;
	unsigned max = g->size < FW_MAX_INDIRECT ? g->size : FW_MAX_INDIRECT;
	if (len == 0 || len % 16 || len / 16 > max || !fw_window_contains(win, 2, addr, len))
		abort(); /* read before validation */
	if (addr >= W0_BASE && addr - W0_BASE + len <= W0_LEN)
		memcpy(dst, g->mem + (addr - W0_BASE), len);
	else
		memset(dst, 0, len); /* window 1 reads as zeros */
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	static struct svnic_vring_desc d[256];
	static uint8_t mem[W0_LEN];
	if (len < 2)
		return 0;
	uint16_t size = (uint16_t)(1u << ((data[0] & 0xf) % 9)); /* 1 .. 256 */
	bool indirect = data[0] & 0x40, writes = data[0] & 0x80;
	uint16_t head = data[1];
	data += 2;
	len -= 2;
	memset(d, 0, sizeof(d));
	size_t n = len / sizeof(d[0]) < size ? len / sizeof(d[0]) : size;
	memcpy(d, data, n * sizeof(d[0]));
	data += n * sizeof(d[0]);
	len -= n * sizeof(d[0]);
	memset(mem, 0, sizeof(mem));
	memcpy(mem, data, len < sizeof(mem) ? len : sizeof(mem));

	struct guest g = { d, mem, size, 0, 0 };
	const struct fw_split_ring r = { size, indirect, win, 2, fetch, read_mem, &g };
	struct fw_chain ch;
	unsigned err = fw_split_walk(&r, head, writes, &ch);
	if (g.fetches > size || g.reads > 1 || (!indirect && g.reads))
		abort();
	if (err == SVNIC_VIF_ERR_NONE) {
		uint64_t sum = 0;
		for (unsigned i = 0; i < ch.nseg; i++) {
			if (!fw_window_contains(win, 2, ch.seg[i].addr, ch.seg[i].len))
				abort();
			sum += ch.seg[i].len;
		}
		if (ch.total > 0xffffffffull || (!ch.overflow && sum != ch.total))
			abort();
	}
	return 0;
}
