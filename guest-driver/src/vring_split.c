/* SPDX-License-Identifier: MIT */
/* Driver side of a split virtqueue. */
#include "vring_split.h"

#include <endian.h>
#include <errno.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

/*
 * Ring indices and flags are 16-bit little-endian words shared with the
 * device. They are accessed as C11 atomics of the same size.
 */
_Static_assert(sizeof(_Atomic uint16_t) == sizeof(uint16_t),
	       "atomic u16 must have the size of u16");

static _Atomic uint16_t *u16_at(uint8_t *base, unsigned off)
{
	return (_Atomic uint16_t *)(void *)(base + off);
}

int svnic_vring_split_init(struct svnic_vring_split *vr, unsigned size,
			   void *desc, void *avail, void *used,
			   uint16_t start_idx)
{
	memset(vr, 0, sizeof(*vr));
	if (size == 0 || size > SVNIC_VIRTQ_MAX_SIZE || (size & (size - 1)))
		return -EINVAL;
	if (((uintptr_t)desc % SVNIC_VRING_SPLIT_DESC_ALIGN) ||
	    ((uintptr_t)avail % SVNIC_VRING_SPLIT_AVAIL_ALIGN) ||
	    ((uintptr_t)used % SVNIC_VRING_SPLIT_USED_ALIGN))
		return -EINVAL;
	vr->next = calloc(size, sizeof(*vr->next));
	vr->chain_len = calloc(size, sizeof(*vr->chain_len));
	if (!vr->next || !vr->chain_len) {
		svnic_vring_split_fini(vr);
		return -ENOMEM;
	}
	vr->size = size;
	vr->desc = desc;
	vr->avail = avail;
	vr->used = used;
	memset(desc, 0, SVNIC_VRING_DESC_BYTES(size));
	memset(avail, 0, SVNIC_VRING_AVAIL_BYTES(size));
	memset(used, 0, SVNIC_VRING_USED_BYTES(size));
	for (unsigned i = 0; i < size; i++)
		vr->next[i] = (uint16_t)((i + 1) % size);
	vr->free_head = 0;
	vr->num_free = size;
	vr->avail_idx = start_idx;
	vr->used_idx = start_idx;
	atomic_store_explicit(u16_at(vr->avail, SVNIC_VRING_AVAIL_IDX_OFF),
			      htole16(start_idx), memory_order_relaxed);
	atomic_store_explicit(u16_at(vr->used, SVNIC_VRING_USED_IDX_OFF),
			      htole16(start_idx), memory_order_relaxed);
	return 0;
}

void svnic_vring_split_fini(struct svnic_vring_split *vr)
{
	free(vr->next);
	free(vr->chain_len);
	vr->next = NULL;
	vr->chain_len = NULL;
}

int svnic_vring_split_add(struct svnic_vring_split *vr,
			  const struct svnic_vring_desc *d, unsigned n,
			  bool raw)
{
	uint16_t ids[64];
	uint16_t head;

	if (n == 0 || n > sizeof(ids) / sizeof(ids[0]) || n > vr->size)
		return -EINVAL;
	if (vr->num_free < n)
		return -EAGAIN;

	/* Take n descriptors off the private free list. */
	head = vr->free_head;
	for (unsigned i = 0; i < n; i++) {
		ids[i] = vr->free_head;
		vr->free_head = vr->next[vr->free_head];
	}
	vr->num_free -= n;

	for (unsigned i = 0; i < n; i++) {
		struct svnic_vring_desc out;

		out.addr = htole64(d[i].addr);
		out.len = htole32(d[i].len);
		if (raw) {
			out.flags = htole16(d[i].flags);
			out.next = htole16(d[i].next < n ? ids[d[i].next]
							 : d[i].next);
		} else {
			uint16_t f = d[i].flags & SVNIC_VRING_DESC_F_WRITE;

			if (i + 1 < n)
				f |= SVNIC_VRING_DESC_F_NEXT;
			out.flags = htole16(f);
			out.next = htole16(i + 1 < n ? ids[i + 1] : 0);
		}
		vr->desc[ids[i]] = out;
		/* Private chain for reclaim, whatever the shared links say. */
		vr->next[ids[i]] = i + 1 < n ? ids[i + 1] : ids[i];
	}
	vr->chain_len[head] = (uint16_t)n;

	atomic_store_explicit(
		u16_at(vr->avail,
		       SVNIC_VRING_AVAIL_RING_OFF(vr->avail_idx & (vr->size - 1))),
		htole16(head), memory_order_relaxed);
	vr->avail_idx++;
	return head;
}

void svnic_vring_split_publish(struct svnic_vring_split *vr)
{
	/* Descriptors and ring entries before the index the device polls. */
	atomic_store_explicit(u16_at(vr->avail, SVNIC_VRING_AVAIL_IDX_OFF),
			      htole16(vr->avail_idx), memory_order_release);
}

bool svnic_vring_split_kick_needed(struct svnic_vring_split *vr)
{
	uint16_t flags;

	/* Order the avail->idx store before the used->flags load. */
	atomic_thread_fence(memory_order_seq_cst);
	flags = le16toh(atomic_load_explicit(
		u16_at(vr->used, SVNIC_VRING_USED_FLAGS_OFF),
		memory_order_relaxed));
	return !(flags & SVNIC_VRING_USED_F_NO_NOTIFY);
}

int svnic_vring_split_pending(struct svnic_vring_split *vr)
{
	uint16_t idx = le16toh(atomic_load_explicit(
		u16_at(vr->used, SVNIC_VRING_USED_IDX_OFF),
		memory_order_acquire));
	uint16_t n = (uint16_t)(idx - vr->used_idx);

	if (n > vr->size)
		return -EIO;
	return n;
}

int svnic_vring_split_get_used(struct svnic_vring_split *vr, uint16_t *head,
			       uint32_t *len)
{
	int pending = svnic_vring_split_pending(vr);
	struct svnic_vring_used_elem e;
	unsigned slot;
	uint16_t id, n;

	if (pending < 0)
		return pending;
	if (pending == 0)
		return -EAGAIN;
	slot = vr->used_idx & (vr->size - 1);
	/* One copy of the element; validate the copy. */
	memcpy(&e, vr->used + SVNIC_VRING_USED_RING_OFF(slot), sizeof(e));
	vr->used_idx++;
	e.id = le32toh(e.id);
	e.len = le32toh(e.len);
	if (e.id >= vr->size || vr->chain_len[e.id] == 0)
		return -EIO;
	id = (uint16_t)e.id;
	n = vr->chain_len[id];
	vr->chain_len[id] = 0;

	/* Return the chain to the free list using the private links. */
	uint16_t tail = id;

	for (unsigned i = 1; i < n; i++)
		tail = vr->next[tail];
	vr->next[tail] = vr->free_head;
	vr->free_head = id;
	vr->num_free += n;

	*head = id;
	*len = e.len;
	return 0;
}

void svnic_vring_split_set_no_interrupt(struct svnic_vring_split *vr,
					bool no_interrupt)
{
	atomic_store_explicit(u16_at(vr->avail, SVNIC_VRING_AVAIL_FLAGS_OFF),
			      htole16(no_interrupt ? SVNIC_VRING_AVAIL_F_NO_INTERRUPT : 0),
			      memory_order_relaxed);
}
