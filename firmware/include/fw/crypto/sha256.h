/* SPDX-License-Identifier: MIT */
/*
 * SHA-256 (FIPS 180-4, section 6.2), streaming: init, any number of updates,
 * final. Freestanding: no allocation, no libc; the context is the caller's.
 */
#ifndef FW_CRYPTO_SHA256_H
#define FW_CRYPTO_SHA256_H

#include <stddef.h>
#include <stdint.h>

#define FW_SHA256_DIGEST_LEN 32u
#define FW_SHA256_BLOCK_LEN 64u

struct fw_sha256 {
	uint32_t h[8];                     /* the intermediate hash value */
	uint64_t total;                    /* bytes absorbed so far */
	uint8_t buf[FW_SHA256_BLOCK_LEN];  /* a partial block */
	uint32_t fill;                     /* bytes in buf, < 64 */
};

void fw_sha256_init(struct fw_sha256 *c);
/* data may be NULL when len is 0. */
void fw_sha256_update(struct fw_sha256 *c, const void *data, size_t len);
/* Writes the digest; c must be re-initialised before further use. */
void fw_sha256_final(struct fw_sha256 *c, uint8_t out[FW_SHA256_DIGEST_LEN]);
/* One-shot convenience. */
void fw_sha256(const void *data, size_t len, uint8_t out[FW_SHA256_DIGEST_LEN]);

#endif
