/* SPDX-License-Identifier: MIT */
#include "iommu.h"

#include <errno.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

void sim_iommu_init(struct sim_iommu *io, unsigned ndomains)
{
	memset(io, 0, sizeof(*io));
	io->ndomains = ndomains < SIM_IOMMU_MAX_DOMAINS ? ndomains : SIM_IOMMU_MAX_DOMAINS;
}

static void drop_map(struct sim_map *m)
{
	munmap(m->mmap_base, m->mmap_len);
	memset(m, 0, sizeof(*m));
}

void sim_iommu_fini(struct sim_iommu *io)
{
	for (unsigned d = 0; d < io->ndomains; d++)
		for (unsigned i = 0; i < io->dom[d].nmaps; i++)
			drop_map(&io->dom[d].map[i]);
	memset(io, 0, sizeof(*io));
}

int sim_iommu_map(struct sim_iommu *io, unsigned domain, uint64_t iova, uint64_t size, int fd,
		  uint64_t offset)
{
	if (domain >= io->ndomains)
		return -EINVAL;
	if (size == 0 || iova + size < iova || offset + size < offset || fd < 0)
		return -EINVAL;
	struct sim_domain *d = &io->dom[domain];
	for (unsigned i = 0; i < d->nmaps; i++) {
		const struct sim_map *m = &d->map[i];
		if (iova < m->iova + m->size && m->iova < iova + size)
			return -EEXIST;
	}
	if (d->nmaps == SIM_IOMMU_MAX_MAPS)
		return -ENOSPC;

	/* mmap wants a page-aligned offset; map from the page below. */
	long page = sysconf(_SC_PAGESIZE);
	uint64_t lead = offset % (uint64_t)page;
	size_t len = (size_t)(size + lead);
	void *base = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, (off_t)(offset - lead));
	if (base == MAP_FAILED)
		return -errno;
	struct sim_map *m = &d->map[d->nmaps++];
	m->iova = iova;
	m->size = size;
	m->host = (uint8_t *)base + lead;
	m->mmap_base = base;
	m->mmap_len = len;
	return 0;
}

int sim_iommu_unmap(struct sim_iommu *io, unsigned domain, uint64_t iova, uint64_t size)
{
	if (domain >= io->ndomains)
		return -EINVAL;
	struct sim_domain *d = &io->dom[domain];
	for (unsigned i = 0; i < d->nmaps; i++) {
		if (d->map[i].iova == iova && d->map[i].size == size) {
			drop_map(&d->map[i]);
			d->map[i] = d->map[--d->nmaps];
			memset(&d->map[d->nmaps], 0, sizeof(d->map[0]));
			return 0;
		}
	}
	return -ENOENT;
}

uint8_t *sim_iommu_translate(struct sim_iommu *io, unsigned domain, uint64_t addr, uint64_t len)
{
	if (domain >= io->ndomains)
		return NULL;
	struct sim_domain *d = &io->dom[domain];
	for (unsigned i = 0; len && i < d->nmaps; i++) {
		const struct sim_map *m = &d->map[i];
		if (addr >= m->iova && len <= m->size && addr - m->iova <= m->size - len)
			return m->host + (addr - m->iova);
	}
	d->faults++;
	return NULL;
}
