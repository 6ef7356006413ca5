/* SPDX-License-Identifier: MIT */
/*
 * Ed25519 signature verification (RFC 8032, section 5.1.7; pure Ed25519, no
 * prehash, no context), for checking firmware images before they boot.
 *
 * What is accepted, precisely:
 *  - S must be canonical: S < L, the prime order of the base point.
 *  - The public key A must be a canonical encoding (y < p) of a point on the
 *    curve, and must not be x = 0 with the sign bit set (RFC 8032 5.1.3).
 *  - A must not be of small order ([8]A != identity); RFC 8032 allows such
 *    keys but any message "verifies" under them for suitable R, S.
 *  - The check is the cofactorless one: the encoding of [S]B - [k]A, with
 *    k = SHA-512(R || A || M) mod L, must equal the 32 bytes R. As R is
 *    compared as bytes against a canonical encoding, non-canonical or
 *    undecodable R never verifies.
 *  - R must not be of small order either.
 * This is the rule set of libsodium's crypto_sign_verify_detached (1.0.18):
 * the two give the same verdict on every input (tests/firmware check it).
 *
 * Verification handles public data only, so nothing here is constant time.
 * Every loop has a fixed bound; nothing allocates; the stack is a few hundred
 * bytes plus the SHA-512 context.
 */
#ifndef FW_CRYPTO_ED25519_H
#define FW_CRYPTO_ED25519_H

#include <stddef.h>
#include <stdint.h>

#include "fw/crypto/sha512.h"

#define FW_ED25519_SIG_LEN 64u
#define FW_ED25519_PUB_LEN 32u

/* Why a signature was rejected; 0 is the only "valid". */
enum fw_ed25519_err {
	FW_ED25519_OK = 0,
	FW_ED25519_ERR_S_RANGE = -1,        /* S >= L (non-canonical or forged) */
	FW_ED25519_ERR_KEY_ENCODING = -2,   /* public key: y >= p, not on the curve, or -0 */
	FW_ED25519_ERR_KEY_SMALL_ORDER = -3, /* public key in the 8-torsion */
	FW_ED25519_ERR_R_SMALL_ORDER = -4,  /* R in the 8-torsion */
	FW_ED25519_ERR_MISMATCH = -5,       /* [S]B - [k]A does not encode to R */
	FW_ED25519_ERR_STATE = -6,          /* streaming context misused */
};

/* Returns 0 only if sig is a valid signature of msg[0..len) under pub;
 * otherwise a negative enum fw_ed25519_err. msg may be NULL if len is 0. */
int fw_ed25519_verify(const uint8_t sig[FW_ED25519_SIG_LEN], const uint8_t *msg, size_t len,
		      const uint8_t pub[FW_ED25519_PUB_LEN]);

/* A short, constant description of a verdict, for logs. */
const char *fw_ed25519_strerror(int err);

/*
 * The same check over a message that arrives in pieces (an image read from
 * flash): start, update any number of times, finish. start already decodes
 * the key and checks S; finish returns that error if there was one. The
 * fields are internal.
 */
struct fw_ed25519_verify_ctx {
	struct fw_sha512 h;
	uint32_t neg_a[4][8];  /* -A, extended coordinates */
	uint8_t sig[FW_ED25519_SIG_LEN];
	int err;               /* first error found, or 0 */
	uint32_t magic;        /* set by start, cleared by finish */
};

void fw_ed25519_verify_start(struct fw_ed25519_verify_ctx *c, const uint8_t sig[FW_ED25519_SIG_LEN],
			     const uint8_t pub[FW_ED25519_PUB_LEN]);
void fw_ed25519_verify_update(struct fw_ed25519_verify_ctx *c, const void *data, size_t len);
int fw_ed25519_verify_finish(struct fw_ed25519_verify_ctx *c);

/*
 * Power-on self-test of the built-in constants against their definitions in
 * RFC 8032 (d = -121665/121666, sqrt(-1), B = the point with y = 4/5 and
 * even x, [L]B = identity) and of one known-answer verification. 0 if all
 * hold, else -1: the verifier must then not be trusted.
 */
int fw_ed25519_selftest(void);

#endif
