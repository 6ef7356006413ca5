/* SPDX-License-Identifier: MIT */
/*
 * svnicd's DPDK-free helpers: command-line pieces and the translation of
 * svnicd's own virtual addresses (what rte_vhost hands out) back to guest
 * physical addresses (the IOVAs the card uses).
 */
#ifndef SVNICD_VHOST_MAP_H
#define SVNICD_VHOST_MAP_H

#include <stddef.h>
#include <stdint.h>

/* One guest memory region as svnicd maps it for the card. */
struct svnicd_region {
	uint64_t gpa;       /* guest physical address: the IOVA */
	uint64_t hva;       /* where svnicd sees it (rte_vhost host_user_addr) */
	uint64_t size;
	uint64_t fd_offset; /* offset of gpa's byte in fd */
	int fd;
};

/*
 * Translate [va, va+len) to a guest physical address. The whole range must
 * lie in one region. Returns 0 and *gpa, or -ERANGE.
 */
int svnicd_va_to_gpa(const struct svnicd_region *regions, unsigned n,
		     uint64_t va, uint64_t len, uint64_t *gpa);

/*
 * Parse "VIF:SOCKET_PATH" (VIF decimal, path non-empty and shorter than a
 * Unix socket address). Returns 0 or -EINVAL.
 */
int svnicd_parse_vif_arg(const char *arg, uint32_t *vif, char *path,
			 size_t path_size);

/*
 * Split `s` at blanks into at most `max` words written to `argv` (pointers
 * into `buf`, a copy of s of `buf_size` bytes). Returns the word count or
 * -E2BIG / -EINVAL.
 */
int svnicd_split_args(const char *s, char *buf, size_t buf_size, char **argv,
		      int max);

#endif
