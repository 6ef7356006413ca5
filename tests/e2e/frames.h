/* SPDX-License-Identifier: MIT */
/*
 * Test frames whose every byte is a function of (seed, stream, sequence), so
 * a receiver can rebuild what it should have got and compare byte for byte.
 */
#ifndef TESTS_E2E_FRAMES_H
#define TESTS_E2E_FRAMES_H

#include <stddef.h>
#include <stdint.h>

#define FRAME_ETHERTYPE 0x88b5u /* IEEE local experimental */
#define FRAME_HDR_LEN 24u       /* Ethernet header + stream, seq, length */

struct frame_gen {
	uint64_t seed;
	unsigned min_len, max_len;
};

/* Build frame `seq` of `stream` into buf (>= max_len); returns its length. */
size_t frame_build(const struct frame_gen *g, const uint8_t dst[6], const uint8_t src[6],
		   uint32_t stream, uint32_t seq, uint8_t *buf);

/* Stream and sequence a received test frame claims; -1 if it is not one. */
int frame_identify(const uint8_t *frame, size_t len, uint32_t *stream, uint32_t *seq);

#endif
