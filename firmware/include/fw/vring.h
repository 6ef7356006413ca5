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
	/* FW_CHAIN_CTRL walks only: the device-readable buffers come first, so
	 * they are seg[0 .. nread) and hold rbytes bytes; wseen says a
	 * device-writable descriptor (even an empty one) was passed. */
	unsigned nread;
	uint64_t rbytes;
	bool wseen;
};

/*
 * Which way a chain's buffers must go (the walkers' `dir`; false and true
 * are the first two, as the callers that predate the control queue pass).
 */
#define FW_CHAIN_DEV_READS 0u  /* all device-readable (TX) */
#define FW_CHAIN_DEV_WRITES 1u /* all device-writable (RX) */
/* Device-readable ones, then device-writable ones (virtio 1.2 section
 * 2.7.4: readable before writable), as a control queue command is. A
 * readable descriptor after a writable one is SVNIC_VIF_ERR_CTRL_CMD. */
#define FW_CHAIN_CTRL 2u

/* Fetch descriptor `idx` of the table into `out`. 0, or -1 if the read faulted. */
typedef int (*fw_desc_fetch_fn)(void *ctx, uint16_t idx, struct svnic_vring_desc *out);

/*
 * Copy `len` bytes of guest memory at `addr` into card memory at `dst`
 * (indirect tables). 0, or -1 if the read faulted.
 */
typedef int (*fw_mem_read_fn)(void *ctx, uint64_t addr, void *dst, unsigned len);

/*
 * Descriptors one indirect table may hold: the firmware copies a whole table
 * into card memory (on the stack of the walk) before it looks at any entry.
 * A table that is longer is refused (SVNIC_VIF_ERR_DESC_INDIRECT); virtio-net
 * drivers put a header and at most a few dozen fragments in one.
 */
#define FW_MAX_INDIRECT 64u

_Static_assert(sizeof(struct svnic_vring_desc) == 16, "split descriptor layout");

/* A split ring as the walker sees it. */
struct fw_split_ring {
	uint16_t size;               /* entries of the ring (and of its descriptor table) */
	bool indirect;               /* VIRTIO_F_RING_INDIRECT_DESC was negotiated */
	const struct fw_window *win; /* the VIF's DMA windows */
	unsigned nwin;
	fw_desc_fetch_fn fetch;      /* descriptors of the ring's table */
	fw_mem_read_fn read;         /* indirect tables; unused when !indirect */
	void *ctx;                   /* passed to fetch and read */
};

/* True if [addr, addr + len) lies inside one window. len 0 is never inside. */
bool fw_window_contains(const struct fw_window *win, unsigned nwin, uint64_t addr,
			uint64_t len);

/*
 * Walk the chain that starts at `head` of a ring of r->size entries. Every
 * descriptor is fetched once into card memory and validated there: index in
 * the ring, at most r->size descriptors, buffers as `dir` (FW_CHAIN_*)
 * says, every
 * non-empty buffer inside one window, total below 2^32. Returns
 * SVNIC_VIF_ERR_NONE or the enum svnic_vif_error of the first violation.
 *
 * Indirect tables (virtio 1.2 section 2.7.5.3) are followed when
 * r->indirect: a chain is zero or more direct descriptors, then optionally
 * one descriptor with VRING_DESC_F_INDIRECT that ends the chain in the ring
 * and whose table holds the rest. The indirect descriptor must not have
 * VRING_DESC_F_NEXT; its table must lie inside one window, be a non-zero
 * multiple of 16 bytes and hold at most min(size, FW_MAX_INDIRECT)
 * descriptors. The table is copied once into card memory and only the copy
 * is read: its links must stay inside it, a chain in it is at most as long
 * as it, and none of its entries may be INDIRECT. The WRITE flag of the
 * indirect descriptor itself is ignored, as the specification requires.
 * INDIRECT when !r->indirect is SVNIC_VIF_ERR_DESC_FLAGS; the other
 * indirect-specific violations are SVNIC_VIF_ERR_DESC_INDIRECT, a table
 * outside the windows SVNIC_VIF_ERR_DESC_ADDR.
 */
unsigned fw_split_walk(const struct fw_split_ring *r, uint16_t head, unsigned dir,
		       struct fw_chain *out);

/* Shared by the split and packed walkers. */

/* Empty `out`. */
void fw_chain_init(struct fw_chain *out);

/*
 * Add one buffer to `out`: its direction must be one `dir` allows, a
 * non-empty one must lie inside one window, the total must stay below 2^32.
 * SVNIC_VIF_ERR_NONE or the violation.
 */
unsigned fw_chain_add(struct fw_chain *out, const struct fw_window *win, unsigned nwin,
		      uint64_t addr, uint32_t len, bool writable, unsigned dir);

/*
 * Validate an indirect table at [addr, addr + len) of a ring of `size`
 * entries and copy it into `tab` (room for FW_MAX_INDIRECT descriptors of 16
 * bytes) with one read. Sets *n to its descriptor count.
 * SVNIC_VIF_ERR_NONE, DESC_INDIRECT (length), DESC_ADDR or DMA_FAULT.
 */
unsigned fw_indirect_fetch(const struct fw_window *win, unsigned nwin, uint16_t size,
			   fw_mem_read_fn read, void *ctx, uint64_t addr, uint32_t len,
			   void *tab, unsigned *n);

#endif
