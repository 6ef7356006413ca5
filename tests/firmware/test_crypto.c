/* SPDX-License-Identifier: MIT */
/*
 * The firmware's image-verification crypto against published answers:
 * SHA-256 and SHA-512 against the FIPS 180-4 examples (NIST CSRC), Ed25519
 * against RFC 8032 section 7.1, and the rejection rules that
 * fw/crypto/ed25519.h promises.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "fw/crypto/ed25519.h"
#include "fw/crypto/sha256.h"
#include "fw/crypto/sha512.h"

static size_t unhex(uint8_t *out, size_t cap, const char *hex)
{
	size_t n = strlen(hex) / 2;
	assert_true(n <= cap);
	for (size_t i = 0; i < n; i++) {
		unsigned v;
		assert_int_equal(sscanf(hex + 2 * i, "%2x", &v), 1);
		out[i] = (uint8_t)v;
	}
	return n;
}

static void assert_hex(const uint8_t *got, size_t n, const char *hex)
{
	uint8_t want[64];
	assert_int_equal(unhex(want, sizeof(want), hex), n);
	assert_memory_equal(got, want, n);
}

static const char MSG448[] = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
static const char MSG896[] = "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmno"
			     "ijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu";

static void sha256_matches_fips180_examples(void **state)
{
	(void)state;
	uint8_t d[32];
	fw_sha256("abc", 3, d);
	assert_hex(d, 32, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	fw_sha256(MSG448, 56, d);
	assert_hex(d, 32, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
	fw_sha256(MSG896, 112, d);
	assert_hex(d, 32, "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");
	fw_sha256(NULL, 0, d);
	assert_hex(d, 32, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	/* one million 'a', streamed in uneven pieces */
	static uint8_t a[1000];
	memset(a, 'a', sizeof(a));
	struct fw_sha256 c;
	fw_sha256_init(&c);
	size_t left = 1000000;
	for (size_t piece = 1; left > 0; piece = piece % 977 + 13) {
		size_t n = piece < left ? piece : left;
		fw_sha256_update(&c, a, n);
		left -= n;
	}
	fw_sha256_final(&c, d);
	assert_hex(d, 32, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

static void sha512_matches_fips180_examples(void **state)
{
	(void)state;
	uint8_t d[64];
	fw_sha512("abc", 3, d);
	assert_hex(d, 64, "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
			  "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f");
	fw_sha512(MSG448, 56, d);
	assert_hex(d, 64, "204a8fc6dda82f0a0ced7beb8e08a41657c16ef468b228a8279be331a703c335"
			  "96fd15c13b1b07f9aa1d3bea57789ca031ad85c7a71dd70354ec631238ca3445");
	fw_sha512(MSG896, 112, d);
	assert_hex(d, 64, "8e959b75dae313da8cf4f72814fc143f8f7779c6eb9f7fa17299aeadb6889018"
			  "501d289e4900f7e4331b99dec4b5433ac7d329eeb6dd26545e96e55b874be909");
	fw_sha512(NULL, 0, d);
	assert_hex(d, 64, "cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce"
			  "47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e");
	static uint8_t a[1000];
	memset(a, 'a', sizeof(a));
	struct fw_sha512 c;
	fw_sha512_init(&c);
	size_t left = 1000000;
	for (size_t piece = 1; left > 0; piece = piece % 977 + 13) {
		size_t n = piece < left ? piece : left;
		fw_sha512_update(&c, a, n);
		left -= n;
	}
	fw_sha512_final(&c, d);
	assert_hex(d, 64, "e718483d0ce769644e2e42c7bc15b4638e1f98b13b2044285632a803afa973eb"
			  "de0ff244877ea60a4cb0432ce577c31beb009c5c2c49aa2e4eadb217ad8cc09b");
}

/* Splitting the input anywhere gives the one-shot digest, across the padding
 * boundaries (55/56 and 111/112 bytes) and whole blocks. */
static void sha_split_anywhere_same_digest(void **state)
{
	(void)state;
	uint8_t m[300];
	for (unsigned i = 0; i < sizeof(m); i++)
		m[i] = (uint8_t)(i * 7 + 3);
	for (size_t len = 0; len <= sizeof(m); len += 1) {
		uint8_t w256[32], w512[64], g256[32], g512[64];
		fw_sha256(m, len, w256);
		fw_sha512(m, len, w512);
		for (size_t cut = 0; cut <= len; cut += 37) {
			struct fw_sha256 a;
			struct fw_sha512 b;
			fw_sha256_init(&a);
			fw_sha256_update(&a, m, cut);
			fw_sha256_update(&a, m + cut, len - cut);
			fw_sha256_final(&a, g256);
			fw_sha512_init(&b);
			fw_sha512_update(&b, m, cut);
			fw_sha512_update(&b, m + cut, len - cut);
			fw_sha512_final(&b, g512);
			assert_memory_equal(g256, w256, 32);
			assert_memory_equal(g512, w512, 64);
		}
	}
}

/* RFC 8032 section 7.1 (the secret keys are not needed to verify). */
static const char MSG1024[] =
	"08b8b2b733424243760fe426a4b54908632110a66c2f6591eabd3345e3e4eb98"
	"fa6e264bf09efe12ee50f8f54e9f77b1e355f6c50544e23fb1433ddf73be84d8"
	"79de7c0046dc4996d9e773f4bc9efe5738829adb26c81b37c93a1b270b20329d"
	"658675fc6ea534e0810a4432826bf58c941efb65d57a338bbd2e26640f89ffbc"
	"1a858efcb8550ee3a5e1998bd177e93a7363c344fe6b199ee5d02e82d522c4fe"
	"ba15452f80288a821a579116ec6dad2b3b310da903401aa62100ab5d1a36553e"
	"06203b33890cc9b832f79ef80560ccb9a39ce767967ed628c6ad573cb116dbef"
	"efd75499da96bd68a8a97b928a8bbc103b6621fcde2beca1231d206be6cd9ec7"
	"aff6f6c94fcd7204ed3455c68c83f4a41da4af2b74ef5c53f1d8ac70bdcb7ed1"
	"85ce81bd84359d44254d95629e9855a94a7c1958d1f8ada5d0532ed8a5aa3fb2"
	"d17ba70eb6248e594e1a2297acbbb39d502f1a8c6eb6f1ce22b3de1a1f40cc24"
	"554119a831a9aad6079cad88425de6bde1a9187ebb6092cf67bf2b13fd65f270"
	"88d78b7e883c8759d2c4f5c65adb7553878ad575f9fad878e80a0c9ba63bcbcc"
	"2732e69485bbc9c90bfbd62481d9089beccf80cfe2df16a2cf65bd92dd597b07"
	"07e0917af48bbb75fed413d238f5555a7a569d80c3414a8d0859dc65a46128ba"
	"b27af87a71314f318c782b23ebfe808b82b0ce26401d2e22f04d83d1255dc51a"
	"ddd3b75a2b1ae0784504df543af8969be3ea7082ff7fc9888c144da2af58429e"
	"c96031dbcad3dad9af0dcbaaaf268cb8fcffead94f3c7ca495e056a9b47acdb7"
	"51fb73e666c6c655ade8297297d07ad1ba5e43f1bca32301651339e22904cc8c"
	"42f58c30c04aafdb038dda0847dd988dcda6f3bfd15c4b4c4525004aa06eeff8"
	"ca61783aacec57fb3d1f92b0fe2fd1a85f6724517b65e614ad6808d6f6ee34df"
	"f7310fdc82aebfd904b01e1dc54b2927094b2db68d6f903b68401adebf5a7e08"
	"d78ff4ef5d63653a65040cf9bfd4aca7984a74d37145986780fc0b16ac451649"
	"de6188a7dbdf191f64b5fc5e2ab47b57f7f7276cd419c17a3ca8e1b939ae49e4"
	"88acba6b965610b5480109c8b17b80e1b7b750dfc7598d5d5011fd2dcc5600a3"
	"2ef5b52a1ecc820e308aa342721aac0943bf6686b64b2579376504ccc493d97e"
	"6aed3fb0f9cd71a43dd497f01f17c0e2cb3797aa2a2f256656168e6c496afc5f"
	"b93246f6b1116398a346f1a641f3b041e989f7914f90cc2c7fff357876e506b5"
	"0d334ba77c225bc307ba537152f3f1610e4eafe595f6d9d90d11faa933a15ef1"
	"369546868a7f3a45a96768d40fd9d03412c091c6315cf4fde7cb68606937380d"
	"b2eaaa707b4c4185c32eddcdd306705e4dc1ffc872eeee475a64dfac86aba41c"
	"0618983f8741c5ef68d3a101e8a3b8cac60c905c15fc910840b94c00a0b9d0";

static const struct {
	const char *name, *pub, *msg, *sig;
} RFC8032[] = {
	{ "TEST 1", "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", "",
	  "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155"
	  "5fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b" },
	{ "TEST 2", "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c", "72",
	  "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da"
	  "085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00" },
	{ "TEST 3", "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025", "af82",
	  "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac"
	  "18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a" },
	{ "TEST 1024", "278117fc144c72340f67d0f2316e8386ceffbf2b2428c9c51fef7c597f1d426e", MSG1024,
	  "0aab4c900501b3e24d7cdf4663326a3a87df5e4843b2cbdb67cbf6e460fec350"
	  "aa5371b1508f9f4528ecea23c436d94b5e8fcd4f681e30a6ac00a9704a188a03" },
	{ "TEST SHA(abc)", "ec172b93ad5e563bf4932c70e1245034c35467ef2efd4d64ebf819683467e2bf",
	  "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
	  "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f",
	  "dc2a4459e7369633a52b1bf277839a00201009a3efbf3ecb69bea2186c26b589"
	  "09351fc9ac90b3ecfdfbc7c66431e0303dca179c138ac17ad9bef1177331a704" },
};

struct vec {
	uint8_t pub[32], sig[64], msg[1024];
	size_t len;
};

static void load(struct vec *v, unsigned i)
{
	assert_int_equal(unhex(v->pub, 32, RFC8032[i].pub), 32);
	assert_int_equal(unhex(v->sig, 64, RFC8032[i].sig), 64);
	v->len = unhex(v->msg, sizeof(v->msg), RFC8032[i].msg);
}

static void ed25519_accepts_rfc8032_vectors(void **state)
{
	(void)state;
	for (unsigned i = 0; i < sizeof(RFC8032) / sizeof(RFC8032[0]); i++) {
		struct vec v;
		load(&v, i);
		int rc = fw_ed25519_verify(v.sig, v.msg, v.len, v.pub);
		if (rc != 0)
			fail_msg("%s: %s", RFC8032[i].name, fw_ed25519_strerror(rc));
	}
}

static void ed25519_rejects_any_flipped_bit_of_rfc8032_vectors(void **state)
{
	(void)state;
	for (unsigned i = 0; i < sizeof(RFC8032) / sizeof(RFC8032[0]); i++) {
		struct vec v;
		load(&v, i);
		for (unsigned bit = 0; bit < 512; bit += 3) {
			v.sig[bit / 8] ^= (uint8_t)(1u << (bit % 8));
			assert_int_not_equal(fw_ed25519_verify(v.sig, v.msg, v.len, v.pub), 0);
			v.sig[bit / 8] ^= (uint8_t)(1u << (bit % 8));
		}
		for (unsigned bit = 0; bit < 256; bit += 5) {
			v.pub[bit / 8] ^= (uint8_t)(1u << (bit % 8));
			assert_int_not_equal(fw_ed25519_verify(v.sig, v.msg, v.len, v.pub), 0);
			v.pub[bit / 8] ^= (uint8_t)(1u << (bit % 8));
		}
		for (size_t bit = 0; bit < 8 * v.len; bit += 8 * v.len / 16 + 1) {
			v.msg[bit / 8] ^= (uint8_t)(1u << (bit % 8));
			assert_int_equal(fw_ed25519_verify(v.sig, v.msg, v.len, v.pub),
					 FW_ED25519_ERR_MISMATCH);
			v.msg[bit / 8] ^= (uint8_t)(1u << (bit % 8));
		}
		/* a longer or shorter message */
		assert_int_not_equal(fw_ed25519_verify(v.sig, v.msg, v.len + 1, v.pub), 0);
		if (v.len > 0)
			assert_int_not_equal(fw_ed25519_verify(v.sig, v.msg, v.len - 1, v.pub), 0);
		assert_int_equal(fw_ed25519_verify(v.sig, v.msg, v.len, v.pub), 0);
	}
}

static void ed25519_streaming_equals_one_shot(void **state)
{
	(void)state;
	struct vec v;
	load(&v, 3); /* TEST 1024 */
	for (size_t piece = 1; piece <= 300; piece += 37) {
		struct fw_ed25519_verify_ctx c;
		fw_ed25519_verify_start(&c, v.sig, v.pub);
		for (size_t off = 0; off < v.len; off += piece)
			fw_ed25519_verify_update(&c, v.msg + off, v.len - off < piece ? v.len - off : piece);
		assert_int_equal(fw_ed25519_verify_finish(&c), 0);
		/* finish closes the context */
		assert_int_equal(fw_ed25519_verify_finish(&c), FW_ED25519_ERR_STATE);
	}
}

/* s += L (little-endian): the same residue mod L, no longer canonical. */
static void add_l(uint8_t s[32])
{
	static const uint8_t L[32] = {
		0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9, 0xde, 0x14,
		0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x10,
	};
	unsigned c = 0;
	for (unsigned i = 0; i < 32; i++) {
		c += (unsigned)s[i] + L[i];
		s[i] = (uint8_t)c;
		c >>= 8;
	}
}

static void ed25519_rejects_non_canonical_s(void **state)
{
	(void)state;
	for (unsigned i = 0; i < sizeof(RFC8032) / sizeof(RFC8032[0]); i++) {
		struct vec v;
		load(&v, i);
		add_l(v.sig + 32); /* same residue, S >= L: malleated */
		assert_int_equal(fw_ed25519_verify(v.sig, v.msg, v.len, v.pub), FW_ED25519_ERR_S_RANGE);
	}
	/* S = L exactly, and all ones */
	struct vec v;
	load(&v, 0);
	memset(v.sig + 32, 0, 32);
	add_l(v.sig + 32);
	assert_int_equal(fw_ed25519_verify(v.sig, NULL, 0, v.pub), FW_ED25519_ERR_S_RANGE);
	memset(v.sig + 32, 0xff, 32);
	assert_int_equal(fw_ed25519_verify(v.sig, NULL, 0, v.pub), FW_ED25519_ERR_S_RANGE);
}

/* Every y in [p, 2^255) with either sign bit is not a canonical key. */
static void ed25519_rejects_key_with_y_at_least_p(void **state)
{
	(void)state;
	struct vec v;
	load(&v, 0);
	for (unsigned low = 0xed; low <= 0xff; low++) {
		for (unsigned sign = 0; sign < 2; sign++) {
			uint8_t pub[32];
			memset(pub, 0xff, sizeof(pub));
			pub[0] = (uint8_t)low;
			pub[31] = (uint8_t)(0x7f | sign << 7);
			assert_int_equal(fw_ed25519_verify(v.sig, NULL, 0, pub), FW_ED25519_ERR_KEY_ENCODING);
		}
	}
	/* x = 0 with the sign bit set: y = 1 and y = -1 */
	uint8_t pub[32] = { 1 };
	pub[31] = 0x80;
	assert_int_equal(fw_ed25519_verify(v.sig, NULL, 0, pub), FW_ED25519_ERR_KEY_ENCODING);
	memset(pub, 0xff, sizeof(pub));
	pub[0] = 0xec;
	assert_int_equal(fw_ed25519_verify(v.sig, NULL, 0, pub), FW_ED25519_ERR_KEY_ENCODING);
	/* y = 2 is not on the curve (u/v is not a square) */
	memset(pub, 0, sizeof(pub));
	pub[0] = 2;
	assert_int_equal(fw_ed25519_verify(v.sig, NULL, 0, pub), FW_ED25519_ERR_KEY_ENCODING);
}

/* The eight points of small order, canonical encodings (sign bit clear). */
static const char *const SMALL_ORDER[] = {
	"0100000000000000000000000000000000000000000000000000000000000000", /* identity */
	"ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f", /* order 2 */
	"0000000000000000000000000000000000000000000000000000000000000000", /* order 4 */
	"26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05", /* order 8 */
	"c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a", /* order 8 */
};

static void ed25519_rejects_small_order_keys(void **state)
{
	(void)state;
	for (unsigned i = 0; i < 5; i++) {
		for (unsigned sign = 0; sign < 2; sign++) {
			uint8_t pub[32], sig[64] = { 0 };
			unhex(pub, 32, SMALL_ORDER[i]);
			pub[31] |= (uint8_t)(sign << 7);
			int want = FW_ED25519_ERR_KEY_SMALL_ORDER;
			if (sign && i < 2)
				want = FW_ED25519_ERR_KEY_ENCODING; /* x = 0 has no negative */
			/* A and R of small order, S = 0: the cofactorless equation
			 * holds for about one message in eight, but the key is
			 * refused whatever the message. */
			for (unsigned m = 0; m < 16; m++) {
				uint8_t msg = (uint8_t)m;
				unhex(sig, 32, SMALL_ORDER[(i + m) % 5]);
				assert_int_equal(fw_ed25519_verify(sig, &msg, 1, pub), want);
			}
		}
	}
}

static void ed25519_selftest_passes(void **state)
{
	(void)state;
	assert_int_equal(fw_ed25519_selftest(), 0);
}

static void ed25519_strerror_names_every_verdict(void **state)
{
	(void)state;
	for (int e = 0; e >= -7; e--)
		assert_non_null(fw_ed25519_strerror(e));
	assert_string_equal(fw_ed25519_strerror(0), "valid signature");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(sha256_matches_fips180_examples),
		cmocka_unit_test(sha512_matches_fips180_examples),
		cmocka_unit_test(sha_split_anywhere_same_digest),
		cmocka_unit_test(ed25519_accepts_rfc8032_vectors),
		cmocka_unit_test(ed25519_rejects_any_flipped_bit_of_rfc8032_vectors),
		cmocka_unit_test(ed25519_streaming_equals_one_shot),
		cmocka_unit_test(ed25519_rejects_non_canonical_s),
		cmocka_unit_test(ed25519_rejects_key_with_y_at_least_p),
		cmocka_unit_test(ed25519_rejects_small_order_keys),
		cmocka_unit_test(ed25519_selftest_passes),
		cmocka_unit_test(ed25519_strerror_names_every_verdict),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
