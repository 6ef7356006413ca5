/* SPDX-License-Identifier: MIT */
/*
 * The image check on the card's 32-bit cores: images signed on the host
 * verify here, every tampering is refused, and the header's 64-bit load
 * and entry addresses are judged in 64 bits (an rv32 image must fit below
 * 4 GiB; a host image may sit anywhere up to 2^64).
 */
#include "fw/image.h"
#include "harness.h"
#include "images.h"

static uint8_t buf[SVNIC_IMAGE_MAX_BYTES + 1];

static void test_signed_images(void)
{
	struct fw_image_info info;
	const uint8_t *pub = img_pubkey;

	rv32_case("image_key");
	CHECK_EQ(IMAGE_LEN(img_pubkey), SVNIC_IMAGE_PUBKEY_BYTES);

	rv32_case("image_accepts_host_signed");
	size_t len = IMAGE_LEN(img_rv32_v020);
	CHECK_EQ(fw_image_check(img_rv32_v020, len, pub, SVNIC_IMAGE_TARGET_RV32, 0, &info),
		 FW_IMAGE_OK);
	CHECK_EQ(info.target, SVNIC_IMAGE_TARGET_RV32);
	CHECK_EQ(info.fw_version, SVNIC_IMAGE_VERSION(0, 2, 0));
	CHECK_EQ(info.load_addr, TEST_LOAD);
	CHECK_EQ(info.entry, TEST_ENTRY);
	CHECK_EQ(info.payload_off, SVNIC_IMAGE_HDR_BYTES);
	CHECK_EQ(info.payload_len, len - SVNIC_IMAGE_HDR_BYTES - SVNIC_IMAGE_SIG_BYTES);
	CHECK_EQ(fw_image_check(img_rv32_v020, len, pub, 0, 0, 0), FW_IMAGE_OK);
	CHECK_EQ(fw_image_check(img_host_v020, IMAGE_LEN(img_host_v020), pub, SVNIC_IMAGE_TARGET_HOST,
				0, &info), FW_IMAGE_OK);
	CHECK_EQ(info.target, SVNIC_IMAGE_TARGET_HOST);

	rv32_case("image_accepts_card_firmware");
	CHECK_EQ(fw_image_check(img_firmware, IMAGE_LEN(img_firmware), pub, SVNIC_IMAGE_TARGET_RV32,
				SVNIC_FW_BUILD_VERSION, &info), FW_IMAGE_OK);
	CHECK_EQ(info.load_addr, 0);
	CHECK_EQ(info.fw_version, SVNIC_FW_BUILD_VERSION);

	rv32_case("image_policy");
	CHECK_EQ(fw_image_check(img_rv32_v020, len, pub, SVNIC_IMAGE_TARGET_HOST, 0, &info),
		 FW_IMAGE_BAD_TARGET);
	CHECK_EQ(info.fw_version, 0); /* nothing reported for a refused image */
	CHECK_EQ(fw_image_check(img_rv32_v020, len, pub, 0, SVNIC_IMAGE_VERSION(0, 2, 1), 0),
		 FW_IMAGE_DOWNGRADE);
	CHECK_EQ(fw_image_check(img_rv32_v020, len, pub, 0, SVNIC_IMAGE_VERSION(0, 2, 0), 0),
		 FW_IMAGE_OK);
	CHECK_EQ(fw_image_check(img_rv32_v009, IMAGE_LEN(img_rv32_v009), pub, 0,
				SVNIC_IMAGE_VERSION(0, 1, 0), 0), FW_IMAGE_DOWNGRADE);
	CHECK_EQ(fw_image_check(img_rv32_v020, len, 0, 0, 0, 0), FW_IMAGE_BAD_SIGNATURE);

	rv32_case("image_refuses_tampering");
	rv32_copy(buf, img_rv32_v020, len);
	CHECK_EQ(fw_image_check(buf, len - 1, pub, 0, 0, 0), FW_IMAGE_TRUNCATED);
	buf[len] = 0;
	CHECK_EQ(fw_image_check(buf, len + 1, pub, 0, 0, 0), FW_IMAGE_LENGTH_MISMATCH);
	buf[SVNIC_IMAGE_HDR_BYTES + 7] ^= 0x04; /* payload */
	CHECK_EQ(fw_image_check(buf, len, pub, 0, 0, 0), FW_IMAGE_BAD_HASH);
	buf[SVNIC_IMAGE_HDR_BYTES + 7] ^= 0x04;
	buf[len - 1] ^= 0x01; /* signature */
	CHECK(fw_image_check(buf, len, pub, 0, 0, 0) == FW_IMAGE_BAD_SIGNATURE);
	buf[len - 1] ^= 0x01;
	buf[12] = 0x00; /* fw_version 0.2.0 -> 0.3.0: a forged upgrade */
	buf[13] = 0x03;
	CHECK_EQ(fw_image_check(buf, len, pub, 0, 0, 0), FW_IMAGE_BAD_SIGNATURE);
	/* The same forgery is a forgery, not a downgrade, under a floor. */
	buf[13] = 0x01;
	CHECK_EQ(fw_image_check(buf, len, pub, 0, SVNIC_IMAGE_VERSION(0, 2, 0), 0),
		 FW_IMAGE_BAD_SIGNATURE);
	buf[13] = 0x02;
	buf[100] = 1; /* reserved */
	CHECK_EQ(fw_image_check(buf, len, pub, 0, 0, 0), FW_IMAGE_RESERVED_NONZERO);
	buf[100] = 0;
	CHECK_EQ(fw_image_check(buf, len, pub, 0, 0, 0), FW_IMAGE_OK);
	uint8_t other[SVNIC_IMAGE_PUBKEY_BYTES];
	rv32_copy(other, pub, sizeof(other));
	other[31] ^= 0x02;
	CHECK(fw_image_check(buf, len, other, 0, 0, 0) != FW_IMAGE_OK);
}

/* A header with the given fields and a valid shape everywhere else. */
static void header(uint8_t *h, uint32_t target, uint32_t plen, uint64_t load, uint64_t entry)
{
	rv32_fill(h, 0, SVNIC_IMAGE_HDR_BYTES);
	const uint32_t w32[][2] = {
		{ 0, SVNIC_IMAGE_MAGIC }, { 8, target }, { 12, SVNIC_IMAGE_VERSION(1, 0, 0) },
		{ 20, plen },
	};
	for (unsigned i = 0; i < sizeof(w32) / sizeof(w32[0]); i++)
		for (unsigned b = 0; b < 4; b++)
			h[w32[i][0] + b] = (uint8_t)(w32[i][1] >> (8 * b));
	h[4] = SVNIC_IMAGE_FORMAT;
	h[6] = SVNIC_IMAGE_HDR_BYTES;
	for (unsigned b = 0; b < 8; b++) {
		h[24 + b] = (uint8_t)(load >> (8 * b));
		h[32 + b] = (uint8_t)(entry >> (8 * b));
	}
}

static int hdr_check(uint32_t target, uint32_t plen, uint64_t load, uint64_t entry,
		     struct fw_image_info *info)
{
	uint8_t h[SVNIC_IMAGE_HDR_BYTES];
	header(h, target, plen, load, entry);
	return fw_image_check_header(h, SVNIC_IMAGE_HDR_BYTES + (size_t)plen + SVNIC_IMAGE_SIG_BYTES,
				     0, 0, info);
}

static void test_addresses(void)
{
	struct fw_image_info info;
	const uint32_t rv = SVNIC_IMAGE_TARGET_RV32, host = SVNIC_IMAGE_TARGET_HOST;

	rv32_case("image_rv32_fits_32_bits");
	CHECK_EQ(hdr_check(rv, 0x100, 0xffffff00u, 0xffffff00u, &info), FW_IMAGE_OK);
	CHECK_EQ(hdr_check(rv, 0x100, 0xffffff00u, 0xffffffffu, &info), FW_IMAGE_OK);
	CHECK_EQ(hdr_check(rv, 0x101, 0xffffff00u, 0xffffff00u, &info), FW_IMAGE_BAD_ADDRESS);
	/* Above 4 GiB: its low 32 bits (0, 0x1000) would be a fine address. */
	CHECK_EQ(hdr_check(rv, 0x100, 0x100000000ull, 0x100000000ull, &info), FW_IMAGE_BAD_ADDRESS);
	CHECK_EQ(hdr_check(rv, 0x100, 0x100001000ull, 0x100001000ull, &info), FW_IMAGE_BAD_ADDRESS);

	rv32_case("image_host_64_bit_addresses");
	CHECK_EQ(hdr_check(host, 0x100, 0x100001000ull, 0x1000010ffull, &info), FW_IMAGE_OK);
	CHECK_EQ(info.load_addr, 0x100001000ull);
	CHECK_EQ(info.entry, 0x1000010ffull);
	/* Entry 4 GiB past the load address: the difference is 2^32, which
	 * is 0 in 32 bits. */
	CHECK_EQ(hdr_check(host, 0x100, 0x100001000ull, 0x200001000ull, &info), FW_IMAGE_BAD_ADDRESS);
	/* Entry 4 GiB below it: 0x1000 is the load address's low half. */
	CHECK_EQ(hdr_check(host, 0x100, 0x100001000ull, 0x1000, &info), FW_IMAGE_BAD_ADDRESS);
	CHECK_EQ(hdr_check(host, 0x100, 0x100001000ull, 0x100001100ull, &info), FW_IMAGE_BAD_ADDRESS);
	/* Up to the last byte below 2^64, and one past it. */
	CHECK_EQ(hdr_check(host, 0x1000, 0xfffffffffffff000ull, 0xffffffffffffffffull, &info),
		 FW_IMAGE_OK);
	CHECK_EQ(info.entry, 0xffffffffffffffffull);
	CHECK_EQ(hdr_check(host, 0x1001, 0xfffffffffffff000ull, 0xfffffffffffff000ull, &info),
		 FW_IMAGE_BAD_ADDRESS);
	CHECK_EQ(hdr_check(host, 0x10, 0xffffffffffffffffull, 0xffffffffffffffffull, &info),
		 FW_IMAGE_BAD_ADDRESS);

	rv32_case("image_header_shape");
	uint8_t h[SVNIC_IMAGE_HDR_BYTES];
	header(h, rv, 0x100, 0, 0);
	size_t total = SVNIC_IMAGE_HDR_BYTES + 0x100 + SVNIC_IMAGE_SIG_BYTES;
	CHECK_EQ(fw_image_check_header(h, total, 0, 0, &info), FW_IMAGE_OK);
	CHECK_EQ(fw_image_check_header(h, total, rv, SVNIC_IMAGE_VERSION(1, 0, 1), &info),
		 FW_IMAGE_DOWNGRADE);
	CHECK_EQ(fw_image_check_header(h, SVNIC_IMAGE_HDR_BYTES - 1, 0, 0, &info), FW_IMAGE_TRUNCATED);
	CHECK_EQ(hdr_check(rv, 0, 0, 0, &info), FW_IMAGE_TOO_LARGE);
	CHECK_EQ(hdr_check(rv, SVNIC_IMAGE_MAX_PAYLOAD + 1, 0, 0, &info), FW_IMAGE_TOO_LARGE);
	CHECK_EQ(hdr_check(rv, SVNIC_IMAGE_MAX_PAYLOAD, 0, 0, &info), FW_IMAGE_OK);
	/* A payload length near 2^32 must not wrap the length sum. */
	CHECK_EQ(hdr_check(rv, 0xffffffc0u, 0, 0, &info), FW_IMAGE_TOO_LARGE);
	h[0] ^= 1;
	CHECK_EQ(fw_image_check_header(h, total, 0, 0, &info), FW_IMAGE_BAD_MAGIC);
	h[0] ^= 1;
	h[15] = 1; /* version bits above major */
	CHECK_EQ(fw_image_check_header(h, total, 0, 0, &info), FW_IMAGE_BAD_VERSION);
	h[15] = 0;
	h[8] = 3; /* unknown target */
	CHECK_EQ(fw_image_check_header(h, total, 0, 0, &info), FW_IMAGE_BAD_TARGET);

	rv32_case("image_names");
	CHECK(fw_image_errname(FW_IMAGE_BAD_HASH)[4] == 'H');
	CHECK(fw_image_target_name(SVNIC_IMAGE_TARGET_RV32)[0] == 'r');
	CHECK(fw_image_strerror(99)[0] == 'u');
}

int main(void)
{
	test_signed_images();
	test_addresses();
	return rv32_finish("rv32_image");
}
