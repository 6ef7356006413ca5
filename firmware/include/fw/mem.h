/* SPDX-License-Identifier: MIT */
/* The firmware is freestanding: its own memory helpers, no libc. */
#ifndef FW_MEM_H
#define FW_MEM_H

#include <stddef.h>

void fw_memcpy(void *dst, const void *src, size_t n);
void fw_memset(void *dst, int v, size_t n);
int fw_memcmp(const void *a, const void *b, size_t n);

/* Guest and card data are little-endian; so are both firmware targets. */
_Static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "little-endian target");

#endif
