/* SPDX-License-Identifier: MIT */
/*
 * SHA-512 (FIPS 180-4, section 6.4), streaming: init, any number of updates,
 * final. Freestanding: no allocation, no libc; the context is the caller's.
 */
#ifndef FW_CRYPTO_SHA512_H
#define FW_CRYPTO_SHA512_H

#include <stddef.h>
#include <stdint.h>

#define FW_SHA512_DIGEST_LEN 64u
#define FW_SHA512_BLOCK_LEN 128u

struct fw_sha512 {
	uint64_t h[8];                     /* the intermediate hash value */
	uint64_t total;                    /* bytes absorbed so far (< 2^64) */
	uint8_t buf[FW_SHA512_BLOCK_LEN];  /* a partial block */
	uint32_t fill;                     /* bytes in buf, < 128 */
};

void fw_sha512_init(struct fw_sha512 *c);
/* data may be NULL when len is 0. */
void fw_sha512_update(struct fw_sha512 *c, const void *data, size_t len);
/* Writes the digest; c must be re-initialised before further use. */
void fw_sha512_final(struct fw_sha512 *c, uint8_t out[FW_SHA512_DIGEST_LEN]);
/* One-shot convenience. */
void fw_sha512(const void *data, size_t len, uint8_t out[FW_SHA512_DIGEST_LEN]);

#endif
