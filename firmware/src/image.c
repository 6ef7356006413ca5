/* SPDX-License-Identifier: MIT */
#include "fw/image.h"

#include <stddef.h>
#include <stdint.h>

#include "fw/crypto/ed25519.h"
#include "fw/crypto/sha256.h"
#include "fw/mem.h"

static uint16_t ld16(const uint8_t *p)
{
	return (uint16_t)(p[0] | (uint16_t)p[1] << 8);
}

static uint32_t ld32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint64_t ld64(const uint8_t *p)
{
	return (uint64_t)ld32(p) | (uint64_t)ld32(p + 4) << 32;
}

static int known_target(uint32_t t)
{
#define FW_IMAGE_T_(name, val, short_name, desc) if (t == (val)) return 1;
	SVNIC_IMAGE_TARGETS(FW_IMAGE_T_)
#undef FW_IMAGE_T_
	return 0;
}

/* Constant-time compare, so a hash mismatch says nothing about where. */
static int differ(const uint8_t *a, const uint8_t *b, size_t n)
{
	uint8_t acc = 0;
	for (size_t i = 0; i < n; i++)
		acc |= (uint8_t)(a[i] ^ b[i]);
	return acc != 0;
}

int fw_image_check_header(const uint8_t *img, size_t len, uint32_t want_target,
			  uint32_t min_version, struct fw_image_info *out)
{
	if (out)
		fw_memset(out, 0, sizeof(*out));
	if (!img || len < SVNIC_IMAGE_HDR_BYTES)
		return FW_IMAGE_TRUNCATED;

	const uint8_t *h = img;
	if (ld32(h + offsetof(struct svnic_image_hdr, magic)) != SVNIC_IMAGE_MAGIC)
		return FW_IMAGE_BAD_MAGIC;
	if (ld16(h + offsetof(struct svnic_image_hdr, format)) != SVNIC_IMAGE_FORMAT)
		return FW_IMAGE_BAD_FORMAT;
	if (ld16(h + offsetof(struct svnic_image_hdr, hdr_size)) != SVNIC_IMAGE_HDR_BYTES)
		return FW_IMAGE_BAD_HEADER_SIZE;

	uint32_t target = ld32(h + offsetof(struct svnic_image_hdr, target));
	if (!known_target(target) || (want_target != 0 && target != want_target))
		return FW_IMAGE_BAD_TARGET;

	uint32_t version = ld32(h + offsetof(struct svnic_image_hdr, fw_version));
	if (version >> 24)
		return FW_IMAGE_BAD_VERSION;

	if (ld32(h + offsetof(struct svnic_image_hdr, flags)) != 0)
		return FW_IMAGE_RESERVED_NONZERO;
	{
		const uint8_t *r = h + offsetof(struct svnic_image_hdr, reserved);
		uint8_t acc = 0;
		for (size_t i = 0; i < sizeof(((struct svnic_image_hdr *)0)->reserved); i++)
			acc |= r[i];
		if (acc)
			return FW_IMAGE_RESERVED_NONZERO;
	}

	uint32_t plen = ld32(h + offsetof(struct svnic_image_hdr, payload_len));
	if (plen == 0 || plen > SVNIC_IMAGE_MAX_PAYLOAD)
		return FW_IMAGE_TOO_LARGE;

	/* plen is bounded above, so this sum cannot overflow a 32-bit size_t. */
	size_t total = (size_t)SVNIC_IMAGE_HDR_BYTES + plen + SVNIC_IMAGE_SIG_BYTES;
	if (len < total)
		return FW_IMAGE_TRUNCATED;
	if (len > total)
		return FW_IMAGE_LENGTH_MISMATCH;

	uint64_t load = ld64(h + offsetof(struct svnic_image_hdr, load_addr));
	uint64_t entry = ld64(h + offsetof(struct svnic_image_hdr, entry));
	uint64_t limit = target == SVNIC_IMAGE_TARGET_RV32 ? 0xffffffffull : UINT64_MAX;
	/* load + plen - 1 <= limit, written so that it cannot wrap. */
	if (load > limit || limit - load < (uint64_t)plen - 1u)
		return FW_IMAGE_BAD_ADDRESS;
	if (entry < load || entry - load >= plen)
		return FW_IMAGE_BAD_ADDRESS;

	if (version < min_version)
		return FW_IMAGE_DOWNGRADE;

	if (out) {
		out->target = target;
		out->fw_version = version;
		out->load_addr = load;
		out->entry = entry;
		out->payload_len = plen;
		out->payload_off = SVNIC_IMAGE_HDR_BYTES;
		fw_memcpy(out->payload_sha256, h + offsetof(struct svnic_image_hdr, payload_sha256),
			  SVNIC_IMAGE_HASH_BYTES);
	}
	return FW_IMAGE_OK;
}

int fw_image_check(const uint8_t *img, size_t len, const uint8_t pub[SVNIC_IMAGE_PUBKEY_BYTES],
		   uint32_t want_target, uint32_t min_version, struct fw_image_info *out)
{
	struct fw_image_info info;
	if (out)
		fw_memset(out, 0, sizeof(*out));
	if (!pub)
		return FW_IMAGE_BAD_SIGNATURE;
	/* The version policy is applied last: only a signed version is worth
	 * comparing, and a forged old image must read as forged. */
	int r = fw_image_check_header(img, len, want_target, 0, &info);
	if (r != FW_IMAGE_OK)
		return r;

	uint8_t digest[FW_SHA256_DIGEST_LEN];
	fw_sha256(img + info.payload_off, info.payload_len, digest);
	if (differ(digest, info.payload_sha256, sizeof(digest)))
		return FW_IMAGE_BAD_HASH;

	const uint8_t *sig = img + SVNIC_IMAGE_HDR_BYTES + info.payload_len;
	if (fw_ed25519_verify(sig, img, SVNIC_IMAGE_HDR_BYTES + (size_t)info.payload_len, pub) != 0)
		return FW_IMAGE_BAD_SIGNATURE;

	if (info.fw_version < min_version)
		return FW_IMAGE_DOWNGRADE;
	if (out)
		*out = info;
	return FW_IMAGE_OK;
}

const char *fw_image_strerror(int err)
{
	switch (err) {
#define FW_IMAGE_S_(name, val, desc) case (val): return desc;
	FW_IMAGE_ERRORS(FW_IMAGE_S_)
#undef FW_IMAGE_S_
	default:
		return "unknown image error";
	}
}

const char *fw_image_errname(int err)
{
	switch (err) {
#define FW_IMAGE_S_(name, val, desc) case (val): return #name;
	FW_IMAGE_ERRORS(FW_IMAGE_S_)
#undef FW_IMAGE_S_
	default:
		return "UNKNOWN";
	}
}

const char *fw_image_target_name(uint32_t target)
{
	switch (target) {
#define FW_IMAGE_T_(name, val, short_name, desc) case (val): return short_name;
	SVNIC_IMAGE_TARGETS(FW_IMAGE_T_)
#undef FW_IMAGE_T_
	default:
		return "unknown";
	}
}
