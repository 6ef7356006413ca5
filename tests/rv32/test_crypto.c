/* SPDX-License-Identifier: MIT */
/*
 * The image verifier's crypto on the card's 32-bit cores: SHA-256, SHA-512
 * (64-bit words done in 32-bit halves by libgcc here) and Ed25519 against
 * published known answers (FIPS 180-2 examples, RFC 8032 section 7.1), and
 * the rejections that make a signature check worth having.
 */
#include "fw/crypto/ed25519.h"
#include "fw/crypto/sha256.h"
#include "fw/crypto/sha512.h"
#include "harness.h"

/* Hex digits to bytes; returns the byte count. Vectors are typed as text so
 * they can be compared with their published form by eye. */
static size_t unhex(uint8_t *out, size_t max, const char *s)
{
	size_t n = 0;
	while (s[0] && s[1] && n < max) {
		unsigned v = 0;
		for (int k = 0; k < 2; k++) {
			char c = s[k];
			v = v << 4 | (unsigned)(c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10);
		}
		out[n++] = (uint8_t)v;
		s += 2;
	}
	return n;
}

static size_t str_len(const char *s)
{
	size_t n = 0;
	while (s[n])
		n++;
	return n;
}

static void check_hex(const uint8_t *got, size_t n, const char *want_hex, const char *what)
{
	uint8_t want[64];
	rv32_case(what);
	CHECK_EQ(unhex(want, sizeof(want), want_hex), n);
	CHECK_MEM(got, want, n);
}

static const char ABC56[] = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
static const char ABC112[] =
	"abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmno"
	"ijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu";

/* One million 'a' in pieces of varying size, so block boundaries fall in
 * the middle of updates as well as on them. */
static uint8_t many_a[997];

static void test_sha256(void)
{
	uint8_t d[32];
	fw_sha256("abc", 3, d);
	check_hex(d, 32, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
		  "sha256_abc");
	fw_sha256(0, 0, d);
	check_hex(d, 32, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
		  "sha256_empty");
	fw_sha256(ABC56, str_len(ABC56), d);
	check_hex(d, 32, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
		  "sha256_two_blocks");

	struct fw_sha256 c;
	fw_sha256_init(&c);
	rv32_fill(many_a, 'a', sizeof(many_a));
	size_t left = 1000000, step = 1;
	while (left) {
		size_t n = step < left ? step : left;
		fw_sha256_update(&c, many_a, n);
		left -= n;
		step = step * 7 % sizeof(many_a) + 1;
	}
	fw_sha256_final(&c, d);
	check_hex(d, 32, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0",
		  "sha256_million_a");
}

static void test_sha512(void)
{
	uint8_t d[64];
	fw_sha512("abc", 3, d);
	check_hex(d, 64,
		  "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
		  "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f",
		  "sha512_abc");
	fw_sha512(0, 0, d);
	check_hex(d, 64,
		  "cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce"
		  "47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e",
		  "sha512_empty");
	fw_sha512(ABC112, str_len(ABC112), d);
	check_hex(d, 64,
		  "8e959b75dae313da8cf4f72814fc143f8f7779c6eb9f7fa17299aeadb6889018"
		  "501d289e4900f7e4331b99dec4b5433ac7d329eeb6dd26545e96e55b874be909",
		  "sha512_two_blocks");

	struct fw_sha512 c;
	fw_sha512_init(&c);
	rv32_fill(many_a, 'a', sizeof(many_a));
	size_t left = 1000000, step = 3;
	while (left) {
		size_t n = step < left ? step : left;
		fw_sha512_update(&c, many_a, n);
		left -= n;
		step = step * 13 % sizeof(many_a) + 1;
	}
	fw_sha512_final(&c, d);
	check_hex(d, 64,
		  "e718483d0ce769644e2e42c7bc15b4638e1f98b13b2044285632a803afa973eb"
		  "de0ff244877ea60a4cb0432ce577c31beb009c5c2c49aa2e4eadb217ad8cc09b",
		  "sha512_million_a");
}

/* RFC 8032 section 7.1, TEST 1 to TEST 3. */
static const struct {
	const char *pub, *msg, *sig;
} RFC8032[] = {
	{ "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", "",
	  "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155"
	  "5fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b" },
	{ "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c", "72",
	  "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da"
	  "085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00" },
	{ "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025", "af82",
	  "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac"
	  "18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a" },
};

/* L, the order of the base point, little-endian. */
static const char L_HEX[] = "edd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010";

static void test_ed25519(void)
{
	rv32_case("ed25519_selftest");
	CHECK_EQ(fw_ed25519_selftest(), 0);

	for (unsigned i = 0; i < sizeof(RFC8032) / sizeof(RFC8032[0]); i++) {
		uint8_t pub[32], sig[64], msg[4];
		rv32_case(i == 0 ? "ed25519_rfc8032_test1" : i == 1 ? "ed25519_rfc8032_test2"
								 : "ed25519_rfc8032_test3");
		CHECK_EQ(unhex(pub, 32, RFC8032[i].pub), 32);
		CHECK_EQ(unhex(sig, 64, RFC8032[i].sig), 64);
		size_t len = unhex(msg, sizeof(msg), RFC8032[i].msg);
		CHECK_EQ(fw_ed25519_verify(sig, len ? msg : 0, len, pub), FW_ED25519_OK);

		/* The streaming form, one byte at a time. */
		struct fw_ed25519_verify_ctx c;
		fw_ed25519_verify_start(&c, sig, pub);
		for (size_t k = 0; k < len; k++)
			fw_ed25519_verify_update(&c, &msg[k], 1);
		CHECK_EQ(fw_ed25519_verify_finish(&c), FW_ED25519_OK);

		/* Any changed bit of R, of the message or of the key fails. */
		sig[0] ^= 0x01;
		CHECK(fw_ed25519_verify(sig, msg, len, pub) != FW_ED25519_OK);
		sig[0] ^= 0x01;
		if (len) {
			msg[len - 1] ^= 0x80;
			CHECK_EQ(fw_ed25519_verify(sig, msg, len, pub), FW_ED25519_ERR_MISMATCH);
			msg[len - 1] ^= 0x80;
		} else {
			uint8_t extra = 0;
			CHECK_EQ(fw_ed25519_verify(sig, &extra, 1, pub), FW_ED25519_ERR_MISMATCH);
		}
		pub[5] ^= 0x10;
		CHECK(fw_ed25519_verify(sig, msg, len, pub) != FW_ED25519_OK);
		pub[5] ^= 0x10;

		/* S + L is the same scalar, but non-canonical: refused before
		 * any curve arithmetic (signature malleability). */
		uint8_t l[32];
		unhex(l, 32, L_HEX);
		unsigned carry = 0;
		for (unsigned k = 0; k < 32; k++) {
			unsigned s = sig[32 + k] + l[k] + carry;
			sig[32 + k] = (uint8_t)s;
			carry = s >> 8;
		}
		CHECK_EQ(fw_ed25519_verify(sig, msg, len, pub), FW_ED25519_ERR_S_RANGE);
	}

	/* Small-order and non-canonical keys (RFC 8032 5.1.3; the module's
	 * documented policy). */
	rv32_case("ed25519_bad_keys");
	uint8_t sig[64], pub[32];
	unhex(sig, 64, RFC8032[0].sig);
	unhex(pub, 32, "0100000000000000000000000000000000000000000000000000000000000000");
	CHECK_EQ(fw_ed25519_verify(sig, 0, 0, pub), FW_ED25519_ERR_KEY_SMALL_ORDER);
	unhex(pub, 32, "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f");
	CHECK_EQ(fw_ed25519_verify(sig, 0, 0, pub), FW_ED25519_ERR_KEY_ENCODING);
}

int main(void)
{
	test_sha256();
	test_sha512();
	test_ed25519();
	return rv32_finish("rv32_crypto");
}
