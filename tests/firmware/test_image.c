/* SPDX-License-Identifier: MIT */
/*
 * fw_image_check (fw/image.h) on images signed here with libsodium: a good
 * image is accepted and described; every way of breaking one is refused
 * with its own error, without reading outside the buffer.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <sodium.h>

#include "fw/image.h"
#include "svnic/image.h"

#define PLEN 1000u
#define ILEN (SVNIC_IMAGE_HDR_BYTES + PLEN + SVNIC_IMAGE_SIG_BYTES)
#define VER SVNIC_IMAGE_VERSION(1, 2, 3)

static uint8_t pk[crypto_sign_PUBLICKEYBYTES], sk[crypto_sign_SECRETKEYBYTES];
static uint8_t other_pk[crypto_sign_PUBLICKEYBYTES];

static void put32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static void put64(uint8_t *p, uint64_t v)
{
	for (int i = 0; i < 8; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

#define OFF(f) offsetof(struct svnic_image_hdr, f)

/* Hash and sign img (header || payload of plen bytes) in place. */
static void seal(uint8_t *img, uint32_t plen)
{
	crypto_hash_sha256(img + OFF(payload_sha256), img + SVNIC_IMAGE_HDR_BYTES, plen);
	size_t n = SVNIC_IMAGE_HDR_BYTES + plen;
	assert_int_equal(crypto_sign_detached(img + n, NULL, img, n, sk), 0);
}

/* Only re-sign (keeps whatever hash the header holds). */
static void resign(uint8_t *img, uint32_t plen)
{
	size_t n = SVNIC_IMAGE_HDR_BYTES + plen;
	assert_int_equal(crypto_sign_detached(img + n, NULL, img, n, sk), 0);
}

/* A good image, in a heap buffer of exactly its size (ASan sees overreads). */
static uint8_t *good_image(uint32_t target, uint32_t version)
{
	uint8_t *img = calloc(1, ILEN);
	assert_non_null(img);
	put32(img + OFF(magic), SVNIC_IMAGE_MAGIC);
	img[OFF(format)] = SVNIC_IMAGE_FORMAT;
	img[OFF(hdr_size)] = SVNIC_IMAGE_HDR_BYTES;
	put32(img + OFF(target), target);
	put32(img + OFF(fw_version), version);
	put32(img + OFF(payload_len), PLEN);
	put64(img + OFF(load_addr), 0x1000);
	put64(img + OFF(entry), 0x1010);
	for (unsigned i = 0; i < PLEN; i++)
		img[SVNIC_IMAGE_HDR_BYTES + i] = (uint8_t)(i * 7 + 3);
	seal(img, PLEN);
	return img;
}

static int check(const uint8_t *img, size_t len)
{
	return fw_image_check(img, len, pk, SVNIC_IMAGE_TARGET_RV32, SVNIC_IMAGE_VERSION(1, 0, 0), NULL);
}

/* Checks a copy of the first len bytes, in a buffer of exactly len bytes. */
static int check_prefix(const uint8_t *img, size_t len)
{
	uint8_t *copy = malloc(len ? len : 1);
	assert_non_null(copy);
	memcpy(copy, img, len);
	int err = check(copy, len);
	free(copy);
	return err;
}

static void test_good(void **state)
{
	(void)state;
	uint8_t *img = good_image(SVNIC_IMAGE_TARGET_RV32, VER);
	struct fw_image_info info;
	assert_int_equal(fw_image_check(img, ILEN, pk, SVNIC_IMAGE_TARGET_RV32, VER, &info), FW_IMAGE_OK);
	assert_int_equal(info.target, SVNIC_IMAGE_TARGET_RV32);
	assert_int_equal(info.fw_version, VER);
	assert_int_equal(info.payload_len, PLEN);
	assert_int_equal(info.payload_off, SVNIC_IMAGE_HDR_BYTES);
	assert_int_equal(info.load_addr, 0x1000);
	assert_int_equal(info.entry, 0x1010);
	assert_memory_equal(info.payload_sha256, img + OFF(payload_sha256), 32);
	/* want_target 0 accepts any known target; min_version 0 any version. */
	assert_int_equal(fw_image_check(img, ILEN, pk, 0, 0, NULL), FW_IMAGE_OK);
	free(img);

	img = good_image(SVNIC_IMAGE_TARGET_HOST, VER);
	assert_int_equal(fw_image_check(img, ILEN, pk, SVNIC_IMAGE_TARGET_HOST, 0, NULL), FW_IMAGE_OK);
	free(img);
}

static void test_truncated(void **state)
{
	(void)state;
	uint8_t *img = good_image(SVNIC_IMAGE_TARGET_RV32, VER);
	static const size_t cuts[] = {
		0, 1, 4, 20, SVNIC_IMAGE_HDR_BYTES - 1,         /* inside the header */
		SVNIC_IMAGE_HDR_BYTES, SVNIC_IMAGE_HDR_BYTES + 1, /* inside the payload */
		SVNIC_IMAGE_HDR_BYTES + PLEN / 2, SVNIC_IMAGE_HDR_BYTES + PLEN - 1,
		SVNIC_IMAGE_HDR_BYTES + PLEN, /* inside the signature */
		SVNIC_IMAGE_HDR_BYTES + PLEN + 1, ILEN - 1,
	};
	for (size_t i = 0; i < sizeof(cuts) / sizeof(cuts[0]); i++)
		assert_int_equal(check_prefix(img, cuts[i]), FW_IMAGE_TRUNCATED);
	assert_int_equal(check(NULL, ILEN), FW_IMAGE_TRUNCATED);
	/* One byte too many: the length must be exact. */
	uint8_t *longer = calloc(1, ILEN + 1);
	assert_non_null(longer);
	memcpy(longer, img, ILEN);
	assert_int_equal(check(longer, ILEN + 1), FW_IMAGE_LENGTH_MISMATCH);
	free(longer);
	free(img);
}

/* Sets one header field, re-seals so only that field is wrong, checks. */
static void expect_field(size_t off, size_t width, uint64_t value, int want)
{
	uint8_t *img = good_image(SVNIC_IMAGE_TARGET_RV32, VER);
	for (size_t i = 0; i < width; i++)
		img[off + i] = (uint8_t)(value >> (8 * i));
	seal(img, PLEN);
	assert_int_equal(check(img, ILEN), want);
	free(img);
}

static void test_header_fields(void **state)
{
	(void)state;
	expect_field(OFF(magic), 4, 0x57465654u, FW_IMAGE_BAD_MAGIC);
	expect_field(OFF(magic), 1, 's', FW_IMAGE_BAD_MAGIC);
	expect_field(OFF(format), 2, 0, FW_IMAGE_BAD_FORMAT);
	expect_field(OFF(format), 2, 2, FW_IMAGE_BAD_FORMAT);
	expect_field(OFF(format), 2, 0x101, FW_IMAGE_BAD_FORMAT);
	expect_field(OFF(hdr_size), 2, 127, FW_IMAGE_BAD_HEADER_SIZE);
	expect_field(OFF(hdr_size), 2, 256, FW_IMAGE_BAD_HEADER_SIZE);
	expect_field(OFF(target), 4, SVNIC_IMAGE_TARGET_HOST, FW_IMAGE_BAD_TARGET); /* wrong one */
	expect_field(OFF(target), 4, 0, FW_IMAGE_BAD_TARGET);
	expect_field(OFF(target), 4, 3, FW_IMAGE_BAD_TARGET);
	expect_field(OFF(target), 4, 0xffffffffu, FW_IMAGE_BAD_TARGET);
	expect_field(OFF(fw_version), 4, 0x01000000u, FW_IMAGE_BAD_VERSION);
	expect_field(OFF(flags), 4, 1, FW_IMAGE_RESERVED_NONZERO);
	expect_field(OFF(flags), 4, 0x80000000u, FW_IMAGE_RESERVED_NONZERO);
	expect_field(OFF(reserved), 1, 1, FW_IMAGE_RESERVED_NONZERO);
	expect_field(OFF(reserved) + 55, 1, 0x80, FW_IMAGE_RESERVED_NONZERO);
	expect_field(OFF(reserved) + 20, 1, 0xff, FW_IMAGE_RESERVED_NONZERO);
	/* entry must be inside the payload; the load range must not wrap. */
	expect_field(OFF(entry), 8, 0xfff, FW_IMAGE_BAD_ADDRESS);
	expect_field(OFF(entry), 8, 0x1000 + PLEN, FW_IMAGE_BAD_ADDRESS);
	expect_field(OFF(entry), 8, 0x1000 + PLEN - 1, FW_IMAGE_OK);
	expect_field(OFF(load_addr), 8, 0x100000000ull, FW_IMAGE_BAD_ADDRESS); /* rv32 */
	expect_field(OFF(load_addr), 8, 0x100000000ull - PLEN + 1, FW_IMAGE_BAD_ADDRESS);
}

static void test_lengths(void **state)
{
	(void)state;
	/* Oversize lengths are refused before any sum is formed. */
	static const uint32_t bad[] = { 0, SVNIC_IMAGE_MAX_PAYLOAD + 1, 0x7fffffffu, 0xffffffffu,
					0xffffffffu - SVNIC_IMAGE_HDR_BYTES - SVNIC_IMAGE_SIG_BYTES + 1 };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		expect_field(OFF(payload_len), 4, bad[i], FW_IMAGE_TOO_LARGE);
	/* Smaller or larger than the bytes that follow, but in range. */
	expect_field(OFF(payload_len), 4, PLEN + 1, FW_IMAGE_TRUNCATED);
	expect_field(OFF(payload_len), 4, PLEN - 1, FW_IMAGE_LENGTH_MISMATCH);
	expect_field(OFF(payload_len), 4, SVNIC_IMAGE_MAX_PAYLOAD, FW_IMAGE_TRUNCATED);
	/* A huge len argument with a header that is fine otherwise. */
	uint8_t *img = good_image(SVNIC_IMAGE_TARGET_RV32, VER);
	assert_int_equal(fw_image_check(img, SIZE_MAX, pk, SVNIC_IMAGE_TARGET_RV32, 0, NULL),
			 FW_IMAGE_LENGTH_MISMATCH);
	free(img);

	/* The largest payload allowed is accepted. */
	size_t n = SVNIC_IMAGE_MAX_BYTES;
	uint8_t *big = calloc(1, n);
	assert_non_null(big);
	put32(big + OFF(magic), SVNIC_IMAGE_MAGIC);
	big[OFF(format)] = 1;
	big[OFF(hdr_size)] = SVNIC_IMAGE_HDR_BYTES;
	put32(big + OFF(target), SVNIC_IMAGE_TARGET_RV32);
	put32(big + OFF(payload_len), SVNIC_IMAGE_MAX_PAYLOAD);
	put64(big + OFF(load_addr), 0x100000000ull - SVNIC_IMAGE_MAX_PAYLOAD); /* ends at 4 GiB */
	put64(big + OFF(entry), 0x100000000ull - 4);
	seal(big, SVNIC_IMAGE_MAX_PAYLOAD);
	assert_int_equal(fw_image_check(big, n, pk, SVNIC_IMAGE_TARGET_RV32, 0, NULL), FW_IMAGE_OK);
	free(big);
}

static void test_hash_and_signature(void **state)
{
	(void)state;
	uint8_t *img = good_image(SVNIC_IMAGE_TARGET_RV32, VER);

	/* A payload byte flipped: the hash catches it first. */
	for (size_t at = 0; at < PLEN; at += 333) {
		img[SVNIC_IMAGE_HDR_BYTES + at] ^= 0x01;
		assert_int_equal(check(img, ILEN), FW_IMAGE_BAD_HASH);
		/* ... even when the signature covers the changed payload. */
		resign(img, PLEN);
		assert_int_equal(check(img, ILEN), FW_IMAGE_BAD_HASH);
		img[SVNIC_IMAGE_HDR_BYTES + at] ^= 0x01;
		resign(img, PLEN);
		assert_int_equal(check(img, ILEN), FW_IMAGE_OK);
	}
	/* The header's hash changed to match a changed payload, unsigned. */
	img[SVNIC_IMAGE_HDR_BYTES] ^= 0x80;
	crypto_hash_sha256(img + OFF(payload_sha256), img + SVNIC_IMAGE_HDR_BYTES, PLEN);
	assert_int_equal(check(img, ILEN), FW_IMAGE_BAD_SIGNATURE);
	free(img);

	/* Header fields changed after signing (still valid values). */
	static const size_t offs[] = { OFF(fw_version), OFF(fw_version) + 1, OFF(load_addr),
				       OFF(entry) };
	for (size_t i = 0; i < sizeof(offs) / sizeof(offs[0]); i++) {
		img = good_image(SVNIC_IMAGE_TARGET_RV32, VER);
		if (offs[i] == OFF(load_addr)) {
			img[OFF(load_addr)] = 0x08; /* 0x1008: entry 0x1010 still inside */
		} else if (offs[i] == OFF(entry)) {
			img[OFF(entry)] = 0x20;
		} else {
			img[offs[i]] ^= 0x01;
		}
		assert_int_equal(check(img, ILEN), FW_IMAGE_BAD_SIGNATURE);
		free(img);
	}

	/* Each signature byte flipped (R, then S). */
	img = good_image(SVNIC_IMAGE_TARGET_RV32, VER);
	for (size_t at = 0; at < SVNIC_IMAGE_SIG_BYTES; at += 7) {
		img[SVNIC_IMAGE_HDR_BYTES + PLEN + at] ^= 0x04;
		assert_int_equal(check(img, ILEN), FW_IMAGE_BAD_SIGNATURE);
		img[SVNIC_IMAGE_HDR_BYTES + PLEN + at] ^= 0x04;
	}
	assert_int_equal(check(img, ILEN), FW_IMAGE_OK);

	/* Another key, and a key that is not a valid point. */
	assert_int_equal(fw_image_check(img, ILEN, other_pk, SVNIC_IMAGE_TARGET_RV32, 0, NULL),
			 FW_IMAGE_BAD_SIGNATURE);
	uint8_t junk[32];
	memset(junk, 0xff, sizeof(junk));
	assert_int_equal(fw_image_check(img, ILEN, junk, SVNIC_IMAGE_TARGET_RV32, 0, NULL),
			 FW_IMAGE_BAD_SIGNATURE);
	free(img);
}

static void test_downgrade(void **state)
{
	(void)state;
	uint8_t *img = good_image(SVNIC_IMAGE_TARGET_RV32, SVNIC_IMAGE_VERSION(1, 2, 3));
	assert_int_equal(fw_image_check(img, ILEN, pk, 1, SVNIC_IMAGE_VERSION(1, 2, 3), NULL), FW_IMAGE_OK);
	assert_int_equal(fw_image_check(img, ILEN, pk, 1, SVNIC_IMAGE_VERSION(1, 2, 4), NULL),
			 FW_IMAGE_DOWNGRADE);
	assert_int_equal(fw_image_check(img, ILEN, pk, 1, SVNIC_IMAGE_VERSION(2, 0, 0), NULL),
			 FW_IMAGE_DOWNGRADE);
	free(img);
	img = good_image(SVNIC_IMAGE_TARGET_RV32, SVNIC_IMAGE_VERSION(0, 9, 9));
	assert_int_equal(check(img, ILEN), FW_IMAGE_DOWNGRADE);
	/* A forged image is reported as forged, not as old. */
	img[SVNIC_IMAGE_HDR_BYTES + PLEN] ^= 1;
	assert_int_equal(check(img, ILEN), FW_IMAGE_BAD_SIGNATURE);
	free(img);
}

static void test_strings(void **state)
{
	(void)state;
	for (int e = 0; e <= FW_IMAGE_BAD_VERSION; e++) {
		assert_non_null(fw_image_strerror(e));
		assert_string_not_equal(fw_image_errname(e), "UNKNOWN");
	}
	assert_string_equal(fw_image_errname(FW_IMAGE_DOWNGRADE), "DOWNGRADE");
	assert_string_equal(fw_image_errname(99), "UNKNOWN");
	assert_string_equal(fw_image_target_name(SVNIC_IMAGE_TARGET_RV32), "rv32");
	assert_string_equal(fw_image_target_name(SVNIC_IMAGE_TARGET_HOST), "host");
	assert_string_equal(fw_image_target_name(7), "unknown");
}

int main(void)
{
	if (sodium_init() < 0)
		return 1;
	uint8_t seed[crypto_sign_SEEDBYTES], other_sk[crypto_sign_SECRETKEYBYTES];
	memset(seed, 0x42, sizeof(seed));
	crypto_sign_seed_keypair(pk, sk, seed);
	memset(seed, 0x43, sizeof(seed));
	crypto_sign_seed_keypair(other_pk, other_sk, seed);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_header_fields),
		cmocka_unit_test(test_lengths),
		cmocka_unit_test(test_hash_and_signature),
		cmocka_unit_test(test_downgrade),
		cmocka_unit_test(test_strings),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
