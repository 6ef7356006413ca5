/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer target: the packed-ring walker over a guest-controlled ring and
 * guest memory holding indirect tables.
 * Input: byte 0 = ring size selector (low 4 bits) | 0x20 indirect negotiated
 * | 0x40 device writes | 0x80 driver wrap counter; byte 1 = position (mod
 * size + 1, so sometimes outside the ring); then `size` descriptors; then
 * the bytes of the first window.
 * Checks on every input: at most `size` fetches, all inside the ring; at most
 * one table read, only when negotiated and validated; on success the new
 * position is the old one moved by the chain's descriptor count (wrap
 * counter flipped when it passed the end), unchanged otherwise; an accepted
 * chain lies inside the windows with the total it reports.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fw/vring_packed.h"
#include "svnic/mbox.h"

#define W0_BASE 0x1000u
#define W0_LEN 0x4000u

static const struct fw_window win[] = { { W0_BASE, W0_LEN }, { 0x100000, 0x100 } };
static const uint16_t sizes[16] = { 1, 2, 3, 4, 5, 7, 8, 9, 16, 31, 32, 64, 100, 128, 255, 256 };

struct guest {
	const struct fw_packed_desc *d;
	const uint8_t *mem;
	uint16_t size;
	unsigned fetches, reads;
};

static int fetch(void *ctx, uint16_t idx, struct fw_packed_desc *out)
{
	struct guest *g = ctx;
	g->fetches++;
	if (idx >= g->size)
		abort();
	*out = g->d[idx];
	return 0;
}

static int read_mem(void *ctx, uint64_t addr, void *dst, unsigned len)
{
	struct guest *g = ctx;
	g->reads++;
	unsigned max = g->size < FW_MAX_INDIRECT ? g->size : FW_MAX_INDIRECT;
	if (len == 0 || len % 16 || len / 16 > max || !fw_window_contains(win, 2, addr, len))
		abort();
	if (addr >= W0_BASE && addr - W0_BASE + len <= W0_LEN)
		memcpy(dst, g->mem + (addr - W0_BASE), len);
	else
		memset(dst, 0, len);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	static struct fw_packed_desc d[256];
	static uint8_t mem[W0_LEN];
	if (len < 2)
		return 0;
	uint16_t size = sizes[data[0] & 0xf];
	bool indirect = data[0] & 0x20, writes = data[0] & 0x40, wrap = data[0] & 0x80;
	struct fw_packed_pos pos = { (uint16_t)(data[1] % (size + 1u)), wrap };
	const struct fw_packed_pos start = pos;
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
	const struct fw_packed_ring r = { size, indirect, win, 2, fetch, read_mem, &g };
	struct fw_chain ch;
	struct fw_packed_buf b;
	unsigned err = fw_packed_walk(&r, &pos, writes, &ch, &b);
	if (g.fetches > size || g.reads > 1 || (!indirect && g.reads))
		abort();
	if (err != SVNIC_VIF_ERR_NONE || b.ndesc == 0) {
		if (pos.idx != start.idx || pos.wrap != start.wrap)
			abort(); /* nothing taken: nothing moves */
		if (err == SVNIC_VIF_ERR_NONE && g.fetches != 1)
			abort(); /* empty is decided by the first descriptor */
		return 0;
	}
	unsigned end = (unsigned)start.idx + b.ndesc;
	if (b.ndesc > size || b.ndesc != g.fetches || pos.idx != end % size ||
	    pos.wrap != (end >= size ? !start.wrap : start.wrap))
		abort();
	if (b.id != d[(end - 1) % size].id)
		abort(); /* the buffer ID is the last descriptor's */
	uint64_t sum = 0;
	for (unsigned i = 0; i < ch.nseg; i++) {
		if (!fw_window_contains(win, 2, ch.seg[i].addr, ch.seg[i].len))
			abort();
		sum += ch.seg[i].len;
	}
	if (ch.total > 0xffffffffull || (!ch.overflow && sum != ch.total))
		abort();
	return 0;
}
