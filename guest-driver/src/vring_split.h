/* SPDX-License-Identifier: MIT */
/*
 * Driver side of a split virtqueue (virtio 1.2 section 2.7), internal to
 * svnic_guest.
 *
 * The rings live in shared memory the device also writes; everything the
 * driver needs to trust (free list, chain membership, which heads are in
 * flight) is kept in private arrays, and every index the device returns is
 * checked against them before use. A packed-ring variant would provide the
 * same operations (add / publish / kick_needed / get_used / pending /
 * set_no_interrupt) over its own layout; guest.c calls only those.
 */
#ifndef SVNIC_GUEST_VRING_SPLIT_H
#define SVNIC_GUEST_VRING_SPLIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "svnic/virtio.h"

struct svnic_vring_split {
	unsigned size; /* entries, power of two, 1..SVNIC_VIRTQ_MAX_SIZE */
	struct svnic_vring_desc *desc; /* shared */
	uint8_t *avail;		       /* shared */
	uint8_t *used;		       /* shared */
	uint16_t avail_idx;	       /* next avail index to fill */
	uint16_t used_idx;	       /* next used index to consume */
	uint16_t free_head;
	unsigned num_free;
	uint16_t *next;	     /* private: free-list links and chain links */
	uint16_t *chain_len; /* private: per head, descriptors; 0 = not in flight */
};

/* Bytes (and alignment) of each part for `size` entries. */
#define SVNIC_VRING_SPLIT_DESC_ALIGN 16u
#define SVNIC_VRING_SPLIT_AVAIL_ALIGN 2u
#define SVNIC_VRING_SPLIT_USED_ALIGN 4u

/*
 * Initialise over zeroed-or-not shared memory (it is cleared here).
 * start_idx is the ring base (SET_VRING_BASE) for both avail and used.
 * Returns 0, -EINVAL (size not a power of two in 1..32768, misaligned
 * pointer) or -ENOMEM.
 */
int svnic_vring_split_init(struct svnic_vring_split *vr, unsigned size,
			   void *desc, void *avail, void *used,
			   uint16_t start_idx);
void svnic_vring_split_fini(struct svnic_vring_split *vr);

/*
 * Place a chain of n descriptors and its avail entry (not yet visible to
 * the device: see publish). Normal mode (raw == false): d[i].addr, len and
 * the WRITE flag are used; NEXT/next are set by the ring. Raw mode: flags
 * are taken as given and d[i].next is an index into d[] (mapped to the
 * descriptor actually used), or, if >= n, written unchanged; this lets
 * tests build loops and out-of-range links. Returns the head id (>= 0),
 * -EAGAIN when fewer than n descriptors are free, -EINVAL for n == 0.
 */
int svnic_vring_split_add(struct svnic_vring_split *vr,
			  const struct svnic_vring_desc *d, unsigned n,
			  bool raw);

/* Make every added entry visible: store-release of avail->idx. */
void svnic_vring_split_publish(struct svnic_vring_split *vr);

/* After publish: full fence, then true unless the device set NO_NOTIFY. */
bool svnic_vring_split_kick_needed(struct svnic_vring_split *vr);

/*
 * Used entries waiting (acquire-load of used->idx). Returns 0..size, or
 * -EIO when the device moved used->idx by more than the ring size.
 */
int svnic_vring_split_pending(struct svnic_vring_split *vr);

/*
 * Consume one used entry: *head gets the chain head, *len the device's
 * written length; the chain's descriptors return to the free list.
 * Returns 0, -EAGAIN (none), or -EIO when the device returned an id that
 * is out of range or not in flight (the entry is consumed and skipped).
 */
int svnic_vring_split_get_used(struct svnic_vring_split *vr, uint16_t *head,
			       uint32_t *len);

/* Set or clear VRING_AVAIL_F_NO_INTERRUPT. */
void svnic_vring_split_set_no_interrupt(struct svnic_vring_split *vr,
					bool no_interrupt);

static inline unsigned svnic_vring_split_num_free(const struct svnic_vring_split *vr)
{
	return vr->num_free;
}

#endif
