/* SPDX-License-Identifier: MIT */
/*
 * The Internet checksum (RFC 1071) for the test programs' reference models:
 * the ones' complement sum of big-endian 16-bit words, an odd last byte
 * padded with zero, folded to 16 bits. The datapath and the firmware have
 * their own implementations, which these check.
 */
#ifndef SVNIC_TESTS_INET_SUM_H
#define SVNIC_TESTS_INET_SUM_H

#include <stddef.h>
#include <stdint.h>

/* Unfolded sum of the big-endian words of p[0, n). */
static inline uint64_t inet_sum_be(const uint8_t *p, size_t n)
{
	uint64_t s = 0;
	for (size_t i = 0; i + 1 < n; i += 2)
		s += (uint64_t)p[i] << 8 | p[i + 1];
	if (n & 1)
		s += (uint64_t)p[n - 1] << 8;
	return s;
}

/* A sum folded to 16 bits (end-around carries added back). */
static inline unsigned inet_fold16(uint64_t s)
{
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return (unsigned)s;
}

#endif
