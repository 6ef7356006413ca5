/* SPDX-License-Identifier: MIT */
/* SHA-512 as specified in FIPS 180-4, sections 4.1.3, 4.2.3, 5 and 6.4. */
#include "fw/crypto/sha512.h"

#include "fw/mem.h"

/* Section 4.2.3: the first 64 bits of the fractional parts of the cube roots
 * of the first 80 primes. */
static const uint64_t K[80] = {
	0x428a2f98d728ae22, 0x7137449123ef65cd, 0xb5c0fbcfec4d3b2f, 0xe9b5dba58189dbbc,
	0x3956c25bf348b538, 0x59f111f1b605d019, 0x923f82a4af194f9b, 0xab1c5ed5da6d8118,
	0xd807aa98a3030242, 0x12835b0145706fbe, 0x243185be4ee4b28c, 0x550c7dc3d5ffb4e2,
	0x72be5d74f27b896f, 0x80deb1fe3b1696b1, 0x9bdc06a725c71235, 0xc19bf174cf692694,
	0xe49b69c19ef14ad2, 0xefbe4786384f25e3, 0x0fc19dc68b8cd5b5, 0x240ca1cc77ac9c65,
	0x2de92c6f592b0275, 0x4a7484aa6ea6e483, 0x5cb0a9dcbd41fbd4, 0x76f988da831153b5,
	0x983e5152ee66dfab, 0xa831c66d2db43210, 0xb00327c898fb213f, 0xbf597fc7beef0ee4,
	0xc6e00bf33da88fc2, 0xd5a79147930aa725, 0x06ca6351e003826f, 0x142929670a0e6e70,
	0x27b70a8546d22ffc, 0x2e1b21385c26c926, 0x4d2c6dfc5ac42aed, 0x53380d139d95b3df,
	0x650a73548baf63de, 0x766a0abb3c77b2a8, 0x81c2c92e47edaee6, 0x92722c851482353b,
	0xa2bfe8a14cf10364, 0xa81a664bbc423001, 0xc24b8b70d0f89791, 0xc76c51a30654be30,
	0xd192e819d6ef5218, 0xd69906245565a910, 0xf40e35855771202a, 0x106aa07032bbd1b8,
	0x19a4c116b8d2d0c8, 0x1e376c085141ab53, 0x2748774cdf8eeb99, 0x34b0bcb5e19b48a8,
	0x391c0cb3c5c95a63, 0x4ed8aa4ae3418acb, 0x5b9cca4f7763e373, 0x682e6ff3d6b2b8a3,
	0x748f82ee5defb2fc, 0x78a5636f43172f60, 0x84c87814a1f0ab72, 0x8cc702081a6439ec,
	0x90befffa23631e28, 0xa4506cebde82bde9, 0xbef9a3f7b2c67915, 0xc67178f2e372532b,
	0xca273eceea26619c, 0xd186b8c721c0c207, 0xeada7dd6cde0eb1e, 0xf57d4f7fee6ed178,
	0x06f067aa72176fba, 0x0a637dc5a2c898a6, 0x113f9804bef90dae, 0x1b710b35131c471b,
	0x28db77f523047d84, 0x32caab7b40c72493, 0x3c9ebe0a15c9bebc, 0x431d67c49c100d4c,
	0x4cc5d4becb3e42b6, 0x597f299cfc657e2a, 0x5fcb6fab3ad6faec, 0x6c44198c4a475817,
};

/* Section 5.3.5: the first 64 bits of the fractional parts of the square
 * roots of the first 8 primes. */
static const uint64_t H0[8] = {
	0x6a09e667f3bcc908, 0xbb67ae8584caa73b, 0x3c6ef372fe94f82b, 0xa54ff53a5f1d36f1,
	0x510e527fade682d1, 0x9b05688c2b3e6c1f, 0x1f83d9abfb41bd6b, 0x5be0cd19137e2179,
};

static uint64_t rotr(uint64_t x, unsigned n)
{
	return (x >> n) | (x << (64u - n));
}

/* Section 6.4.2: one 1024-bit block into the hash value. The message
 * schedule is kept as a 16-word window to hold the stack down. */
static void compress(uint64_t h[8], const uint8_t blk[FW_SHA512_BLOCK_LEN])
{
	uint64_t w[16];
	for (unsigned t = 0; t < 16; t++) {
		uint64_t v = 0;
		for (unsigned i = 0; i < 8; i++)
			v = v << 8 | blk[8 * t + i];
		w[t] = v;
	}
	uint64_t a = h[0], b = h[1], c = h[2], d = h[3];
	uint64_t e = h[4], f = h[5], g = h[6], hh = h[7];
	for (unsigned t = 0; t < 80; t++) {
		uint64_t wt;
		if (t < 16) {
			wt = w[t];
		} else {
			uint64_t w15 = w[(t - 15) & 15], w2 = w[(t - 2) & 15];
			uint64_t s0 = rotr(w15, 1) ^ rotr(w15, 8) ^ (w15 >> 7);
			uint64_t s1 = rotr(w2, 19) ^ rotr(w2, 61) ^ (w2 >> 6);
			wt = s1 + w[(t - 7) & 15] + s0 + w[t & 15]; /* w[t-16] */
			w[t & 15] = wt;
		}
		uint64_t S1 = rotr(e, 14) ^ rotr(e, 18) ^ rotr(e, 41);
		uint64_t ch = (e & f) ^ (~e & g);
		uint64_t t1 = hh + S1 + ch + K[t] + wt;
		uint64_t S0 = rotr(a, 28) ^ rotr(a, 34) ^ rotr(a, 39);
		uint64_t maj = (a & b) ^ (a & c) ^ (b & c);
		uint64_t t2 = S0 + maj;
		hh = g;
		g = f;
		f = e;
		e = d + t1;
		d = c;
		c = b;
		b = a;
		a = t1 + t2;
	}
	h[0] += a;
	h[1] += b;
	h[2] += c;
	h[3] += d;
	h[4] += e;
	h[5] += f;
	h[6] += g;
	h[7] += hh;
}

void fw_sha512_init(struct fw_sha512 *c)
{
	fw_memcpy(c->h, H0, sizeof(H0));
	c->total = 0;
	c->fill = 0;
}

void fw_sha512_update(struct fw_sha512 *c, const void *data, size_t len)
{
	const uint8_t *p = data;
	c->total += len;
	/* Top up a partial block first, then whole blocks straight from the
	 * input, then keep the tail; each step consumes input, so the loop
	 * runs at most len / 128 + 2 times. */
	while (len > 0) {
		if (c->fill == 0 && len >= FW_SHA512_BLOCK_LEN) {
			compress(c->h, p);
			p += FW_SHA512_BLOCK_LEN;
			len -= FW_SHA512_BLOCK_LEN;
			continue;
		}
		size_t n = FW_SHA512_BLOCK_LEN - c->fill;
		if (n > len)
			n = len;
		fw_memcpy(c->buf + c->fill, p, n);
		c->fill += (uint32_t)n;
		p += n;
		len -= n;
		if (c->fill == FW_SHA512_BLOCK_LEN) {
			compress(c->h, c->buf);
			c->fill = 0;
		}
	}
}

void fw_sha512_final(struct fw_sha512 *c, uint8_t out[FW_SHA512_DIGEST_LEN])
{
	/* Section 5.1.2: a 1 bit, zeros, and the 128-bit message length in
	 * bits; the byte count is below 2^64, so the length's top 61 bits
	 * come from its top 3 bits. */
	uint64_t lo = c->total << 3, hi = c->total >> 61;
	c->buf[c->fill++] = 0x80;
	if (c->fill > FW_SHA512_BLOCK_LEN - 16) {
		fw_memset(c->buf + c->fill, 0, FW_SHA512_BLOCK_LEN - c->fill);
		compress(c->h, c->buf);
		c->fill = 0;
	}
	fw_memset(c->buf + c->fill, 0, FW_SHA512_BLOCK_LEN - 16 - c->fill);
	for (unsigned i = 0; i < 8; i++) {
		c->buf[FW_SHA512_BLOCK_LEN - 1 - i] = (uint8_t)(lo >> (8 * i));
		c->buf[FW_SHA512_BLOCK_LEN - 9 - i] = (uint8_t)(hi >> (8 * i));
	}
	compress(c->h, c->buf);
	for (unsigned i = 0; i < 8; i++)
		for (unsigned j = 0; j < 8; j++)
			out[8 * i + j] = (uint8_t)(c->h[i] >> (56 - 8 * j));
}

void fw_sha512(const void *data, size_t len, uint8_t out[FW_SHA512_DIGEST_LEN])
{
	struct fw_sha512 c;
	fw_sha512_init(&c);
	fw_sha512_update(&c, data, len);
	fw_sha512_final(&c, out);
}
