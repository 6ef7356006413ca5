/* SPDX-License-Identifier: MIT */
/*
 * Split-virtqueue descriptor chains: the bounded, validating walker. Pure
 * logic (descriptors come through a fetch callback) so it is unit-tested and
 * fuzzed on the host without a card.
 */
#ifndef FW_VRING_H
#define FW_VRING_H

#include <stdbool.h>
#include <stdint.h>

#include "svnic/virtio.h"

#define FW_MAX_SEGS 64u /* buffers of one chain the firmware records */

/* A range of the VIF's DMA domain the host mapped for it. */
struct fw_window {
	uint64_t iova;
	uint64_t len;
};

struct fw_seg {
	uint64_t addr;
	uint32_t len;
};

struct fw_chain {
	struct fw_seg seg[FW_MAX_SEGS];
	unsigned nseg;   /* segments recorded (zero-length ones are skipped) */
	bool overflow;   /* the chain had more non-empty buffers than FW_MAX_SEGS */
	uint64_t total;  /* bytes in the whole chain */
};

/* Fetch descriptor `idx` of the table into `out`. 0, or -1 if the read faulted. */
typedef int (*fw_desc_fetch_fn)(void *ctx, uint16_t idx, struct svnic_vring_desc *out);

/* True if [addr, addr + len) lies inside one window. len 0 is never inside. */
bool fw_window_contains(const struct fw_window *win, unsigned nwin, uint64_t addr,
			uint64_t len);

/*
 * Walk the chain that starts at `head` of a ring of `size` entries. Every
 * descriptor is fetched once into card memory and validated there: index in
 * the ring, at most `size` descriptors, no INDIRECT (not offered), all
 * buffers device-readable (device_writes false, TX) or all device-writable
 * (true, RX), every non-empty buffer inside one window, total below 2^32.
 * Returns SVNIC_VIF_ERR_NONE or the enum svnic_vif_error of the first
 * violation.
 */
unsigned fw_chain_walk(uint16_t head, uint16_t size, bool device_writes,
		       const struct fw_window *win, unsigned nwin,
		       fw_desc_fetch_fn fetch, void *ctx, struct fw_chain *out);

#endif
