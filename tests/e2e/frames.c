/* SPDX-License-Identifier: MIT */
#include "frames.h"

#include <string.h>

static uint64_t mix(uint64_t x)
{
	/* splitmix64 finaliser: a cheap bijective scramble */
	x += 0x9e3779b97f4a7c15ull;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
	return x ^ (x >> 31);
}

static void put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

size_t frame_build(const struct frame_gen *g, const uint8_t dst[6], const uint8_t src[6],
		   uint32_t stream, uint32_t seq, uint8_t *buf)
{
	uint64_t s = mix(g->seed ^ mix((uint64_t)stream << 32 | seq));
	size_t len = g->min_len + (size_t)(s % (g->max_len - g->min_len + 1u));
	memcpy(buf, dst, 6);
	memcpy(buf + 6, src, 6);
	buf[12] = FRAME_ETHERTYPE >> 8;
	buf[13] = FRAME_ETHERTYPE & 0xff;
	put32(buf + 14, stream);
	put32(buf + 18, seq);
	buf[22] = (uint8_t)(len >> 8);
	buf[23] = (uint8_t)len;
	for (size_t i = FRAME_HDR_LEN; i < len; i += 8) {
		s = mix(s);
		size_t n = len - i < 8 ? len - i : 8;
		memcpy(buf + i, &s, n);
	}
	return len;
}

int frame_identify(const uint8_t *frame, size_t len, uint32_t *stream, uint32_t *seq)
{
	if (len < FRAME_HDR_LEN || frame[12] != FRAME_ETHERTYPE >> 8 ||
	    frame[13] != (FRAME_ETHERTYPE & 0xff))
		return -1;
	*stream = get32(frame + 14);
	*seq = get32(frame + 18);
	return 0;
}
