/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "vhost_map.h"

int svnicd_va_to_gpa(const struct svnicd_region *regions, unsigned n,
		     uint64_t va, uint64_t len, uint64_t *gpa)
{
	for (unsigned i = 0; i < n; i++) {
		const struct svnicd_region *r = &regions[i];

		if (va < r->hva || va - r->hva >= r->size)
			continue;
		if (len > r->size - (va - r->hva))
			return -ERANGE; /* starts inside, ends outside */
		*gpa = r->gpa + (va - r->hva);
		return 0;
	}
	return -ERANGE;
}

int svnicd_parse_vif_arg(const char *arg, uint32_t *vif, char *path,
			 size_t path_size)
{
	const char *colon = arg ? strchr(arg, ':') : NULL;
	size_t ndig, plen;
	unsigned long v;

	if (!colon)
		return -EINVAL;
	ndig = (size_t)(colon - arg);
	if (ndig == 0 || ndig > 4 || strspn(arg, "0123456789") != ndig)
		return -EINVAL;
	v = strtoul(arg, NULL, 10);
	plen = strlen(colon + 1);
	if (plen == 0 || plen >= path_size || plen >= 108)
		return -EINVAL;
	*vif = (uint32_t)v;
	memcpy(path, colon + 1, plen + 1);
	return 0;
}

int svnicd_split_args(const char *s, char *buf, size_t buf_size, char **argv,
		      int max)
{
	size_t len = s ? strlen(s) : 0;
	int n = 0;

	if (!s || len >= buf_size)
		return -EINVAL;
	memcpy(buf, s, len + 1);
	for (size_t i = 0; i < len; i++) {
		if (buf[i] == ' ' || buf[i] == '\t') {
			buf[i] = '\0';
			continue;
		}
		if (i == 0 || buf[i - 1] == '\0') {
			if (n >= max)
				return -E2BIG;
			argv[n++] = &buf[i];
		}
	}
	return n;
}
