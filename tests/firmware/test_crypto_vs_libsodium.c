/* SPDX-License-Identifier: MIT */
/*
 * The firmware's SHA-256, SHA-512 and Ed25519 verifier against libsodium,
 * the host's crypto library, on thousands of random keys and messages and
 * on corrupted and adversarial signatures. The verdicts must be the same on
 * every input: fw/crypto/ed25519.h follows libsodium's rules (S < L,
 * canonical A, no small-order A or R, cofactorless equation compared as
 * encodings). Where RFC 8032 alone is looser (small-order A or R), both
 * reject; the cases are built here and counted.
 *
 * The random stream is libsodium's deterministic generator with a fixed
 * seed, so a failure reproduces.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>
#include <sodium.h>

#include "fw/crypto/ed25519.h"
#include "fw/crypto/sha256.h"
#include "fw/crypto/sha512.h"

#define NSIG 2000u
#define MAXMSG 4096u

/* A deterministic stream: ChaCha20 from a seed, refilled in blocks. */
static struct {
	uint8_t seed[randombytes_SEEDBYTES];
	uint8_t buf[4096];
	size_t pos;
	uint64_t block;
} rng;

static void rng_bytes(void *out, size_t n)
{
	uint8_t *o = out;
	for (size_t i = 0; i < n; i++) {
		if (rng.pos == 0 || rng.pos == sizeof(rng.buf)) {
			uint8_t s[randombytes_SEEDBYTES];
			memcpy(s, rng.seed, sizeof(s));
			memcpy(s, &rng.block, sizeof(rng.block));
			rng.block++;
			randombytes_buf_deterministic(rng.buf, sizeof(rng.buf), s);
			rng.pos = 0;
		}
		o[i] = rng.buf[rng.pos++];
	}
}

static uint32_t rng_below(uint32_t n)
{
	uint32_t v;
	rng_bytes(&v, sizeof(v));
	return (uint32_t)(((uint64_t)v * n) >> 32);
}

static int setup(void **state)
{
	(void)state;
	if (sodium_init() < 0)
		return -1;
	memset(&rng, 0, sizeof(rng));
	memcpy(rng.seed, "svnic fw crypto vs libsodium....", sizeof(rng.seed));
	return 0;
}

/* Both verdicts on one input; they must agree. Returns ours (0 = valid). */
static unsigned n_checked, n_valid;

static int both(const uint8_t sig[64], const uint8_t *m, size_t len, const uint8_t pub[32],
		const char *what)
{
	int ours = fw_ed25519_verify(sig, m, len, pub);
	int theirs = crypto_sign_verify_detached(sig, m, len, pub);
	if ((ours == 0) != (theirs == 0))
		fail_msg("%s (len %zu): firmware says %s, libsodium says %s", what, len,
			 fw_ed25519_strerror(ours), theirs == 0 ? "valid" : "invalid");
	n_checked++;
	n_valid += ours == 0;
	return ours;
}

static const uint8_t L_BYTES[32] = {
	0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9, 0xde, 0x14,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x10,
};

/* Flips one random bit; returns which, to flip it back. */
static uint32_t flip(uint8_t *p, size_t nbytes)
{
	uint32_t bit = rng_below((uint32_t)(8 * nbytes));
	p[bit / 8] ^= (uint8_t)(1u << (bit % 8));
	return bit;
}

/* A uniformly random scalar mod L from the deterministic stream. */
static void random_scalar(uint8_t s[32])
{
	uint8_t wide[64];
	rng_bytes(wide, sizeof(wide));
	crypto_core_ed25519_scalar_reduce(s, wide);
}

static void random_signatures_agree_with_libsodium(void **state)
{
	(void)state;
	static uint8_t m[MAXMSG + 1];
	unsigned rejected = 0;
	n_checked = n_valid = 0;
	for (unsigned i = 0; i < NSIG; i++) {
		uint8_t seed[32], pk[32], sk[64], sig[64], bad[64], pub[32];
		rng_bytes(seed, sizeof(seed));
		assert_int_equal(crypto_sign_seed_keypair(pk, sk, seed), 0);
		size_t len = rng_below(MAXMSG + 1);
		rng_bytes(m, len);
		assert_int_equal(crypto_sign_detached(sig, NULL, m, len, sk), 0);

		/* the genuine signature */
		assert_int_equal(both(sig, m, len, pk, "valid"), 0);

		/* a bit of R */
		memcpy(bad, sig, 64);
		flip(bad, 32);
		rejected += both(bad, m, len, pk, "R bit") != 0;
		/* a bit of S */
		memcpy(bad, sig, 64);
		flip(bad + 32, 32);
		rejected += both(bad, m, len, pk, "S bit") != 0;
		/* a bit of the message, or one byte more when it is empty */
		if (len > 0) {
			uint32_t bit = flip(m, len);
			rejected += both(sig, m, len, pk, "message bit") != 0;
			m[bit / 8] ^= (uint8_t)(1u << (bit % 8));
		} else {
			m[0] = (uint8_t)rng_below(256);
			rejected += both(sig, m, 1, pk, "message byte") != 0;
		}
		/* a bit of the public key */
		memcpy(pub, pk, 32);
		flip(pub, 32);
		rejected += both(sig, m, len, pub, "key bit") != 0;
		/* S + L: the same residue, non-canonical (S + L < 2^256 always) */
		memcpy(bad, sig, 64);
		unsigned c = 0;
		for (unsigned j = 0; j < 32; j++) {
			c += (unsigned)bad[32 + j] + L_BYTES[j];
			bad[32 + j] = (uint8_t)c;
			c >>= 8;
		}
		rejected += both(bad, m, len, pk, "S + L") != 0;
		/* a key with y in [p, 2^255), either sign */
		memset(pub, 0xff, 32);
		pub[0] = (uint8_t)(0xed + rng_below(19));
		pub[31] = rng_below(2) ? 0xff : 0x7f;
		rejected += both(sig, m, len, pub, "key y >= p") != 0;
	}
	print_message("%u signatures, %u verdicts compared, %u valid, %u/%u corruptions rejected\n",
		      NSIG, n_checked, n_valid, rejected, 6 * NSIG);
	assert_int_equal(n_valid, NSIG);
	assert_int_equal(rejected, 6 * NSIG);
}

/* Random bytes for all of (sig, key, message), S forced below 2^252 so that
 * the key and equation checks are reached: never valid, always agreed. */
static void random_garbage_agrees_with_libsodium(void **state)
{
	(void)state;
	uint8_t sig[64], pub[32], m[64];
	n_checked = n_valid = 0;
	for (unsigned i = 0; i < 2000; i++) {
		rng_bytes(sig, 64);
		rng_bytes(pub, 32);
		rng_bytes(m, sizeof(m));
		sig[63] &= 0x0f;
		both(sig, m, rng_below(65), pub, "garbage");
	}
	assert_int_equal(n_valid, 0);
}

/* [j]T for a point T by repeated addition (j < 8). */
static void mul_small(uint8_t out[32], const uint8_t t[32], unsigned j)
{
	static const uint8_t identity[32] = { 1 };
	memcpy(out, identity, 32);
	for (unsigned i = 0; i < j; i++)
		assert_int_equal(crypto_core_ed25519_add(out, out, t), 0);
}

/* One of the order-8 points (y = 2707385501...2022). */
static const uint8_t T8[32] = {
	0x26, 0xe8, 0x95, 0x8f, 0xc2, 0xb2, 0x27, 0xb0, 0x45, 0xc3, 0xf4, 0x89, 0xf2, 0xef, 0x98, 0xf0,
	0xd5, 0xdf, 0xac, 0x05, 0xd3, 0xc6, 0x33, 0x39, 0xb1, 0x38, 0x02, 0x88, 0x6d, 0x53, 0xfc, 0x05,
};

/* k = SHA-512(R || A || M) mod L, via libsodium. */
static void hram(uint8_t k[32], const uint8_t r[32], const uint8_t a[32], const uint8_t *m, size_t len)
{
	crypto_hash_sha512_state h;
	uint8_t d[64];
	crypto_hash_sha512_init(&h);
	crypto_hash_sha512_update(&h, r, 32);
	crypto_hash_sha512_update(&h, a, 32);
	crypto_hash_sha512_update(&h, m, len);
	crypto_hash_sha512_final(&h, d);
	crypto_core_ed25519_scalar_reduce(k, d);
}

/*
 * Mixed-order keys A' = aB + [j]T8. A signature made with the scalar a
 * satisfies the cofactorless equation iff [k][j]T8 is the identity, i.e.
 * k j = 0 mod 8: both verifiers accept exactly those, and agree.
 */
static void mixed_order_keys_agree_with_libsodium(void **state)
{
	(void)state;
	unsigned accepted = 0, expected = 0;
	n_checked = n_valid = 0;
	for (unsigned i = 0; i < 400; i++) {
		uint8_t a[32], r[32], A[32], R[32], T[32], k[32], ka[32], sig[64], m[32];
		unsigned j = 1 + rng_below(7);
		random_scalar(a);
		random_scalar(r);
		assert_int_equal(crypto_scalarmult_ed25519_base_noclamp(A, a), 0);
		assert_int_equal(crypto_scalarmult_ed25519_base_noclamp(R, r), 0);
		mul_small(T, T8, j);
		assert_int_equal(crypto_core_ed25519_add(A, A, T), 0);
		rng_bytes(m, sizeof(m));
		hram(k, R, A, m, sizeof(m));
		crypto_core_ed25519_scalar_mul(ka, k, a);
		memcpy(sig, R, 32);
		crypto_core_ed25519_scalar_add(sig + 32, r, ka);
		int ok = both(sig, m, sizeof(m), A, "mixed-order key") == 0;
		int want = ((k[0] & 7) * j) % 8 == 0;
		assert_int_equal(ok, want);
		accepted += ok;
		expected += want;
	}
	print_message("mixed-order keys: %u of 400 accepted by both (k j = 0 mod 8)\n", accepted);
	assert_true(accepted > 0 && accepted < 400);
}

/*
 * R of small order: with A' = aB + T8 and S = k a, [S]B - [k]A' = -[k]T8,
 * which equals R = [8 - (k mod 8)]T8 for one message in eight. RFC 8032's
 * equation alone accepts those; libsodium and the firmware both refuse, the
 * firmware with FW_ED25519_ERR_R_SMALL_ORDER.
 */
static void small_order_r_rejected_like_libsodium(void **state)
{
	(void)state;
	unsigned hits = 0;
	for (unsigned want_j = 0; want_j < 8; want_j++) {
		uint8_t a[32], A[32], R[32], k[32], sig[64], m[8];
		random_scalar(a);
		assert_int_equal(crypto_scalarmult_ed25519_base_noclamp(A, a), 0);
		assert_int_equal(crypto_core_ed25519_add(A, A, T8), 0);
		mul_small(R, T8, (8 - want_j) % 8);
		/* look for a message whose k is want_j mod 8: 1 in 8, so 400
		 * tries miss with probability (7/8)^400 < 1e-23 */
		unsigned tries = 0;
		for (; tries < 400; tries++) {
			rng_bytes(m, sizeof(m));
			hram(k, R, A, m, sizeof(m));
			if ((k[0] & 7) == want_j)
				break;
		}
		assert_true(tries < 400);
		memcpy(sig, R, 32);
		crypto_core_ed25519_scalar_mul(sig + 32, k, a);
		assert_int_equal(fw_ed25519_verify(sig, m, sizeof(m), A), FW_ED25519_ERR_R_SMALL_ORDER);
		assert_int_not_equal(crypto_sign_verify_detached(sig, m, sizeof(m), A), 0);
		hits++;
	}
	assert_int_equal(hits, 8);
}

/* Small-order keys with a small-order R and S = 0, the classic "verifies
 * anything" signature: both refuse every one. */
static void small_order_keys_rejected_like_libsodium(void **state)
{
	(void)state;
	n_checked = n_valid = 0;
	for (unsigned j = 0; j < 8; j++) {
		for (unsigned jr = 0; jr < 8; jr++) {
			uint8_t A[32], sig[64] = { 0 }, m[2] = { (uint8_t)j, (uint8_t)jr };
			mul_small(A, T8, j);
			mul_small(sig, T8, jr);
			assert_int_not_equal(both(sig, m, sizeof(m), A, "small-order key"), 0);
		}
	}
	assert_int_equal(n_valid, 0);
}

static void sha_agrees_with_libsodium(void **state)
{
	(void)state;
	static uint8_t m[MAXMSG];
	for (unsigned i = 0; i < 1000; i++) {
		size_t len = rng_below(MAXMSG + 1), cut = rng_below((uint32_t)len + 1);
		rng_bytes(m, len);
		uint8_t a[64], b[64];
		struct fw_sha256 c256;
		fw_sha256_init(&c256);
		fw_sha256_update(&c256, m, cut);
		fw_sha256_update(&c256, m + cut, len - cut);
		fw_sha256_final(&c256, a);
		crypto_hash_sha256(b, m, len);
		assert_memory_equal(a, b, 32);
		struct fw_sha512 c512;
		fw_sha512_init(&c512);
		fw_sha512_update(&c512, m, cut);
		fw_sha512_update(&c512, m + cut, len - cut);
		fw_sha512_final(&c512, a);
		crypto_hash_sha512(b, m, len);
		assert_memory_equal(a, b, 64);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(sha_agrees_with_libsodium),
		cmocka_unit_test(random_signatures_agree_with_libsodium),
		cmocka_unit_test(random_garbage_agrees_with_libsodium),
		cmocka_unit_test(mixed_order_keys_agree_with_libsodium),
		cmocka_unit_test(small_order_r_rejected_like_libsodium),
		cmocka_unit_test(small_order_keys_rejected_like_libsodium),
	};
	return cmocka_run_group_tests(tests, setup, NULL);
}
