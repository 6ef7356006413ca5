/* SPDX-License-Identifier: MIT */
/*
 * Packed-virtqueue descriptor chains (virtio 1.2 section 2.8): the bounded,
 * validating walker. Pure logic, like the split walker: descriptors come
 * through a fetch callback, so it is unit-tested and fuzzed on the host.
 * The datapath (vq.c) drives it for queues attached with
 * SVNIC_QUEUE_F_PACKED.
 */
#ifndef FW_VRING_PACKED_H
#define FW_VRING_PACKED_H

#include <stdbool.h>
#include <stdint.h>

#include "fw/vring.h"

/* Descriptor flags of a packed ring; NEXT, WRITE and INDIRECT are the split
 * ring's values (SVNIC_VRING_DESC_F_*). */
#define FW_PACKED_DESC_F_AVAIL (1u << 7)
#define FW_PACKED_DESC_F_USED (1u << 15)

/*
 * Event suppression areas (virtio 1.2 section 2.8.10): the driver's tells
 * the device when to interrupt, the device's tells the driver when to
 * notify. `off_wrap` names one descriptor (bits 0..14) in one lap (bit 15,
 * the wrap counter) and counts only with FW_PACKED_EVENT_DESC, which needs
 * VIRTIO_F_RING_EVENT_IDX.
 */
struct fw_packed_event {
	uint16_t off_wrap;
	uint16_t flags;
};
_Static_assert(sizeof(struct fw_packed_event) == 4, "event suppression layout");
#define FW_PACKED_EVENT_ENABLE 0u
#define FW_PACKED_EVENT_DISABLE 1u
#define FW_PACKED_EVENT_DESC 2u
#define FW_PACKED_EVENT_FLAGS_MASK 3u /* value 3 is reserved */

/* One descriptor of a packed ring or of a packed indirect table. */
struct fw_packed_desc {
	uint64_t addr;
	uint32_t len;
	uint16_t id;    /* buffer ID; read from the last descriptor of a chain */
	uint16_t flags;
};

_Static_assert(sizeof(struct fw_packed_desc) == 16, "packed descriptor layout");

/* Fetch ring descriptor `idx` into `out`. 0, or -1 if the read faulted. */
typedef int (*fw_packed_fetch_fn)(void *ctx, uint16_t idx, struct fw_packed_desc *out);

/* A packed ring as the walker sees it. */
struct fw_packed_ring {
	uint16_t size;               /* descriptors in the ring, 1 .. 32768, any value */
	bool indirect;               /* VIRTIO_F_RING_INDIRECT_DESC was negotiated */
	const struct fw_window *win; /* the VIF's DMA windows */
	unsigned nwin;
	fw_packed_fetch_fn fetch;    /* descriptors of the ring */
	fw_mem_read_fn read;         /* indirect tables; unused when !indirect */
	void *ctx;                   /* passed to fetch and read */
};

/* Where the device reads next, and the driver's ring wrap counter there. */
struct fw_packed_pos {
	uint16_t idx;
	bool wrap;
};

/* What one chain took: its buffer ID and the ring descriptors it used (the
 * device's used descriptor then skips as many). */
struct fw_packed_buf {
	uint16_t id;
	uint16_t ndesc; /* 0: no chain was available at the position */
};

/* True if a descriptor with these flags was made available by the driver in
 * the lap whose wrap counter is `wrap`: AVAIL equals it and USED does not. */
bool fw_packed_desc_avail(uint16_t flags, bool wrap);

/*
 * Walk the chain at *pos. If the descriptor there is not available the ring
 * is empty: SVNIC_VIF_ERR_NONE with buf->ndesc 0 and *pos unchanged.
 * Otherwise every descriptor is fetched once into card memory and validated
 * there: each one of the chain available in its lap (the chain follows NEXT
 * across the end of the ring, flipping the wrap counter), at most `size` of
 * them, buffers as `dir` (FW_CHAIN_*) says, every non-empty buffer inside
 * one window, total
 * below 2^32. INDIRECT (only when r->indirect, else DESC_FLAGS) must be the
 * only descriptor of its chain, without NEXT; its table is validated and
 * copied like the split walker's (fw_indirect_fetch), its entries are used in
 * order, all of them, and none may be INDIRECT (their NEXT and ID are
 * ignored, as the specification requires). On success `out` holds the
 * buffers, buf the ID and descriptor count, and *pos is moved past the
 * chain. Returns SVNIC_VIF_ERR_NONE or the enum svnic_vif_error of the first
 * violation, with the same codes as fw_split_walk (a descriptor of the chain
 * that is not available is DESC_FLAGS).
 */
unsigned fw_packed_walk(const struct fw_packed_ring *r, struct fw_packed_pos *pos,
			unsigned dir, struct fw_chain *out, struct fw_packed_buf *buf);

#endif
