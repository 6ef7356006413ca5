/* SPDX-License-Identifier: MIT */
/*
 * The compiler may emit calls to these for struct copies even in
 * freestanding code; route them to the firmware's own helpers.
 */
#include <stddef.h>

#include "fw/mem.h"

void *memcpy(void *dst, const void *src, size_t n);
void *memset(void *dst, int v, size_t n);
int memcmp(const void *a, const void *b, size_t n);

void *memcpy(void *dst, const void *src, size_t n)
{
	fw_memcpy(dst, src, n);
	return dst;
}

void *memset(void *dst, int v, size_t n)
{
	fw_memset(dst, v, n);
	return dst;
}

int memcmp(const void *a, const void *b, size_t n)
{
	return fw_memcmp(a, b, n);
}
