/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer target: the split-ring chain walker over a guest-controlled
 * descriptor table. Checks the walker's promises on every input: it ends
 * within the ring size, and a chain it accepts lies wholly inside the
 * windows with the total it reports.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fw/vring.h"
#include "svnic/mbox.h"

struct table {
	const struct svnic_vring_desc *d;
	uint16_t size;
	unsigned fetches;
};

static int fetch(void *ctx, uint16_t idx, struct svnic_vring_desc *out)
{
	struct table *t = ctx;
	t->fetches++;
	if (idx >= t->size)
		abort(); /* the walker must check the index before fetching */
	*out = t->d[idx];
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	static const struct fw_window win[] = { { 0x1000, 0x4000 }, { 0x100000, 0x100 } };
	static struct svnic_vring_desc d[256];
	if (len < 2)
		return 0;
	uint16_t size = (uint16_t)(1u << (data[0] % 9)); /* 1 .. 256 */
	uint16_t head = data[1];
	bool writes = data[0] & 0x80;
	memset(d, 0, sizeof(d));
	size_t n = (len - 2) / sizeof(d[0]);
	if (n > size)
		n = size;
	memcpy(d, data + 2, n * sizeof(d[0]));

	struct table t = { d, size, 0 };
	struct fw_chain ch;
	const struct fw_split_ring r = { size, false, win, 2, fetch, NULL, &t };
	unsigned err = fw_split_walk(&r, head, writes, &ch);
	if (t.fetches > size)
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
