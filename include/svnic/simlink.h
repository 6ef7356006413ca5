/* SPDX-License-Identifier: MIT */
/*
 * The PCIe-like link between the host side (libsvnic) and svnic-sim, over a
 * Unix stream socket. It has VFIO semantics so that everything above
 * libsvnic's transport layer is the same for the simulator and a real card:
 *
 *   REG_READ / REG_WRITE   32-bit access to the host register window (BAR0)
 *   DMA_MAP / DMA_UNMAP    give the card access to [iova, iova+size) of a
 *                          VIF's DMA domain, backed by a file descriptor
 *                          (memfd) at `offset`; cf. VFIO_IOMMU_MAP_DMA
 *   SET_IRQ                interrupt vector `value` signals the eventfd
 *                          passed (none: stop signalling); cf.
 *                          VFIO_DEVICE_SET_IRQS with EVENTFD
 *   SET_IOEVENTFD          a signal on the eventfd passed writes `value` to
 *                          register `addr`; cf. VFIO_DEVICE_IOEVENTFD
 *
 * Each request is one struct svnic_link_msg, with at most one file
 * descriptor in SCM_RIGHTS; each gets exactly one reply of the same struct
 * with `status` set (0 or a negative errno) and, for REG_READ, `value`.
 */
#ifndef SVNIC_SIMLINK_H
#define SVNIC_SIMLINK_H

#include <stdint.h>

#define SVNIC_LINK_MAGIC 0x4b4c5653u /* "SVLK" */
#define SVNIC_LINK_VERSION 1u

enum svnic_link_op {
	SVNIC_LINK_HELLO = 1,     /* value = SVNIC_LINK_VERSION */
	SVNIC_LINK_REG_READ = 2,  /* addr = register offset -> value */
	SVNIC_LINK_REG_WRITE = 3, /* addr = register offset, value */
	SVNIC_LINK_DMA_MAP = 4,   /* domain, addr = iova, size, offset + fd */
	SVNIC_LINK_DMA_UNMAP = 5, /* domain, addr = iova, size */
	SVNIC_LINK_SET_IRQ = 6,   /* value = vector, fd or none */
	SVNIC_LINK_SET_IOEVENTFD = 7, /* addr = register, value, fd or none */
};

struct svnic_link_msg {
	uint32_t magic;
	uint32_t op;     /* enum svnic_link_op */
	uint32_t domain; /* DMA domain: the VIF number */
	uint32_t value;
	uint64_t addr;
	uint64_t size;
	uint64_t offset;
	int32_t status;
	uint32_t reserved;
};

_Static_assert(sizeof(struct svnic_link_msg) == 48, "link message layout");

#endif
