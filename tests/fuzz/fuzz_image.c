/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer target: the firmware image check (fw/image.h) on arbitrary
 * bytes, with a fixed public key. It must never read outside the image,
 * and an image it accepts must really be one: exact length, header rules
 * checked again here independently, payload SHA-256 and Ed25519 signature
 * confirmed by libsodium.
 *
 * The key pair comes from a fixed seed (FUZZ_SEED_BYTE repeated), so the
 * committed seed corpus can hold validly signed images.
 *
 * Input, first byte even: the raw image (after the first byte); bits 1..2
 * of the first byte pick want_target (0 = any), bits 3..7 a min_version
 * major.
 * First byte odd: pos[2] || mask || image. The harness fixes up the
 * payload hash (bit 1 of the first byte) and signs header || payload with
 * the secret key when the image is long enough, then xors byte pos of the
 * image with mask. This keeps signed images in reach of mutation.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "fw/image.h"
#include "svnic/image.h"

#define FUZZ_SEED_BYTE 0x5a

static uint8_t pk[crypto_sign_PUBLICKEYBYTES], sk[crypto_sign_SECRETKEYBYTES];
static uint8_t work[4096 + SVNIC_IMAGE_SIG_BYTES];

static uint32_t rd32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint64_t rd64(const uint8_t *p)
{
	return (uint64_t)rd32(p) | (uint64_t)rd32(p + 4) << 32;
}

#define OFF(f) offsetof(struct svnic_image_hdr, f)

/* An accepted image, checked again without the firmware's code. */
static void confirm(const uint8_t *img, size_t len, uint32_t want_target, uint32_t min_version,
		    const struct fw_image_info *info)
{
	if (len < SVNIC_IMAGE_HDR_BYTES + SVNIC_IMAGE_SIG_BYTES)
		abort();
	uint32_t plen = rd32(img + OFF(payload_len));
	if (plen == 0 || plen > SVNIC_IMAGE_MAX_PAYLOAD ||
	    len != (size_t)SVNIC_IMAGE_HDR_BYTES + plen + SVNIC_IMAGE_SIG_BYTES)
		abort();
	if (rd32(img) != SVNIC_IMAGE_MAGIC || memcmp(img, "SVFW", 4) != 0)
		abort();
	if (img[4] != 1 || img[5] != 0 || img[6] != 128 || img[7] != 0)
		abort();
	uint32_t target = rd32(img + OFF(target));
	if (target != SVNIC_IMAGE_TARGET_RV32 && target != SVNIC_IMAGE_TARGET_HOST)
		abort();
	if (want_target && target != want_target)
		abort();
	uint32_t version = rd32(img + OFF(fw_version));
	if (version >> 24 || version < min_version)
		abort();
	for (size_t i = OFF(flags); i < OFF(flags) + 4; i++)
		if (img[i])
			abort();
	for (size_t i = OFF(reserved); i < SVNIC_IMAGE_HDR_BYTES; i++)
		if (img[i])
			abort();
	uint64_t load = rd64(img + OFF(load_addr)), entry = rd64(img + OFF(entry));
	if (entry < load || entry - load >= plen)
		abort();
	if (target == SVNIC_IMAGE_TARGET_RV32 && (load >> 32 || ((load + plen - 1) >> 32)))
		abort();
	uint8_t h[32];
	crypto_hash_sha256(h, img + SVNIC_IMAGE_HDR_BYTES, plen);
	if (memcmp(h, img + OFF(payload_sha256), 32) != 0)
		abort();
	size_t n = SVNIC_IMAGE_HDR_BYTES + plen;
	if (crypto_sign_verify_detached(img + n, img, n, pk) != 0)
		abort();
	if (info->target != target || info->fw_version != version || info->payload_len != plen ||
	    info->load_addr != load || info->entry != entry || info->payload_off != 128 ||
	    memcmp(info->payload_sha256, h, 32) != 0)
		abort();
}

static void run(const uint8_t *img, size_t len, uint32_t want_target, uint32_t min_version)
{
	/* An exact-size heap copy, so ASan sees any read past the end. */
	uint8_t *copy = malloc(len ? len : 1);
	if (!copy)
		abort();
	if (len)
		memcpy(copy, img, len);
	struct fw_image_info info;
	int err = fw_image_check(copy, len, pk, want_target, min_version, &info);
	if (err < 0 || err > FW_IMAGE_BAD_VERSION || !fw_image_strerror(err))
		abort(); /* not a documented verdict */
	if (err == FW_IMAGE_OK)
		confirm(copy, len, want_target, min_version, &info);
	else if (fw_image_check(copy, len, pk, want_target, min_version, NULL) != err)
		abort(); /* not deterministic, or depends on out */
	free(copy);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	static int ready;
	if (!ready) {
		uint8_t seed[crypto_sign_SEEDBYTES];
		if (sodium_init() < 0)
			abort();
		memset(seed, FUZZ_SEED_BYTE, sizeof(seed));
		crypto_sign_seed_keypair(pk, sk, seed);
		ready = 1;
	}
	if (len < 1)
		return 0;
	uint32_t want_target = (data[0] >> 1) & 3u;
	uint32_t min_version = SVNIC_IMAGE_VERSION(data[0] >> 3, 0, 0);
	if ((data[0] & 1) == 0) {
		run(data + 1, len - 1, want_target, min_version);
		return 0;
	}
	if (len < 4 || len - 4 > sizeof(work) - SVNIC_IMAGE_SIG_BYTES)
		return 0;
	size_t pos = (size_t)data[1] | (size_t)data[2] << 8;
	uint8_t mask = data[3];
	size_t n = len - 4;
	memcpy(work, data + 4, n);
	/* Sign what the header says is the payload, if it is all there. */
	uint32_t plen = n >= SVNIC_IMAGE_HDR_BYTES ? rd32(work + OFF(payload_len)) : 0;
	if (n >= SVNIC_IMAGE_HDR_BYTES && plen <= n - SVNIC_IMAGE_HDR_BYTES) {
		if (data[0] & 2)
			crypto_hash_sha256(work + OFF(payload_sha256), work + SVNIC_IMAGE_HDR_BYTES, plen);
		size_t body = SVNIC_IMAGE_HDR_BYTES + plen;
		if (crypto_sign_detached(work + body, NULL, work, body, sk) != 0)
			abort();
		if (body + SVNIC_IMAGE_SIG_BYTES > n)
			n = body + SVNIC_IMAGE_SIG_BYTES; /* fits: body <= n <= sizeof - 64 */
	}
	if (n)
		work[pos % n] ^= mask;
	run(work, n, want_target & 2u ? 0 : want_target, data[0] & 4u ? 0 : min_version);
	return 0;
}
