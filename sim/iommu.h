/* SPDX-License-Identifier: MIT */
/*
 * Host memory as the card sees it: one DMA domain per VIF, each a set of
 * IOVA ranges backed by memory the host passed as file descriptors. Every
 * DMA the card makes is translated here; one that does not fall wholly
 * inside a single mapping of its own domain is refused and counted.
 */
#ifndef SVNIC_SIM_IOMMU_H
#define SVNIC_SIM_IOMMU_H

#include <stddef.h>
#include <stdint.h>

#define SIM_IOMMU_MAX_DOMAINS 32u
#define SIM_IOMMU_MAX_MAPS 16u /* per domain */

struct sim_map {
	uint64_t iova, size;
	uint8_t *host;    /* first byte of the range in our address space */
	void *mmap_base;  /* what munmap takes */
	size_t mmap_len;
};

struct sim_domain {
	unsigned nmaps;
	struct sim_map map[SIM_IOMMU_MAX_MAPS];
	uint64_t faults;
};

struct sim_iommu {
	unsigned ndomains;
	struct sim_domain dom[SIM_IOMMU_MAX_DOMAINS];
};

void sim_iommu_init(struct sim_iommu *io, unsigned ndomains);
void sim_iommu_fini(struct sim_iommu *io);

/* Map [iova, iova+size) of `domain` to `fd` at `offset`. 0 or -errno. */
int sim_iommu_map(struct sim_iommu *io, unsigned domain, uint64_t iova, uint64_t size, int fd,
		  uint64_t offset);
/* Remove exactly the mapping [iova, iova+size). 0 or -errno. */
int sim_iommu_unmap(struct sim_iommu *io, unsigned domain, uint64_t iova, uint64_t size);

/* Host pointer for [addr, addr+len) of `domain`, or NULL (counted as a fault). */
uint8_t *sim_iommu_translate(struct sim_iommu *io, unsigned domain, uint64_t addr, uint64_t len);

#endif
