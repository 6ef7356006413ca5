/* SPDX-License-Identifier: MIT */
/*
 * The firmware image format, shared by the host tool that builds and signs
 * images (svnic-image) and the card that checks them before running one.
 *
 * An image is three parts, back to back, with no padding:
 *
 *   struct svnic_image_hdr   SVNIC_IMAGE_HDR_BYTES (128), little-endian
 *   payload                  hdr.payload_len bytes, loaded at hdr.load_addr
 *   signature                SVNIC_IMAGE_SIG_BYTES (64), Ed25519 over
 *                            header || payload (everything before it)
 *
 * so an image is exactly 128 + payload_len + 64 bytes long. Every field is
 * naturally aligned; multi-byte fields are little-endian. Readers must
 * decode the header byte by byte (or on a little-endian machine) and check
 * every field before using it; fw/image.h does this for the card.
 *
 * The header carries no downgrade floor: whether an older version may
 * replace the running one is the card's policy (fw_image_check's
 * min_version), not something an image may say about itself.
 */
#ifndef SVNIC_IMAGE_H
#define SVNIC_IMAGE_H

#include <stddef.h>
#include <stdint.h>

/* "SVFW" as the first four bytes of the image (0x57465653 little-endian). */
#define SVNIC_IMAGE_MAGIC 0x57465653u
#define SVNIC_IMAGE_FORMAT 1u
#define SVNIC_IMAGE_HDR_BYTES 128u
#define SVNIC_IMAGE_SIG_BYTES 64u    /* Ed25519 signature */
#define SVNIC_IMAGE_PUBKEY_BYTES 32u /* Ed25519 public key */
#define SVNIC_IMAGE_HASH_BYTES 32u   /* SHA-256 */
/* Largest payload: leaves 64 KiB of a 256 KiB core for data and stacks. */
#define SVNIC_IMAGE_MAX_PAYLOAD (192u * 1024u)
#define SVNIC_IMAGE_MAX_BYTES \
	(SVNIC_IMAGE_HDR_BYTES + SVNIC_IMAGE_MAX_PAYLOAD + SVNIC_IMAGE_SIG_BYTES)

/* X(NAME, VALUE, DESCRIPTION): what the payload was built for. */
#define SVNIC_IMAGE_TARGETS(X)                                               \
	X(RV32, 1, "rv32", "the card's rv32imac cores")                          \
	X(HOST, 2, "host", "the host co-simulation build (svnic-sim)")

#define SVNIC_IMAGE_ENUM_(name, val, short_name, desc) SVNIC_IMAGE_TARGET_##name = (val),
enum svnic_image_target { SVNIC_IMAGE_TARGETS(SVNIC_IMAGE_ENUM_) };
#undef SVNIC_IMAGE_ENUM_

/* major << 16 | minor << 8 | patch, as CARD_INFO reports fw_version. */
#define SVNIC_IMAGE_VERSION(major, minor, patch) \
	((uint32_t)(major) << 16 | (uint32_t)(minor) << 8 | (uint32_t)(patch))

struct svnic_image_hdr {
	uint32_t magic;          /* 0: SVNIC_IMAGE_MAGIC ("SVFW") */
	uint16_t format;         /* 4: SVNIC_IMAGE_FORMAT (1); other values refused */
	uint16_t hdr_size;       /* 6: SVNIC_IMAGE_HDR_BYTES (128); other values refused */
	uint32_t target;         /* 8: enum svnic_image_target */
	uint32_t fw_version;     /* 12: SVNIC_IMAGE_VERSION(major, minor, patch);
	                          *     bits 31..24 zero */
	uint32_t flags;          /* 16: none defined yet; must be zero */
	uint32_t payload_len;    /* 20: payload bytes, 1 .. SVNIC_IMAGE_MAX_PAYLOAD */
	uint64_t load_addr;      /* 24: where payload byte 0 goes in the core's
	                          *     address space; load_addr + payload_len
	                          *     must not wrap (rv32: must fit 32 bits) */
	uint64_t entry;          /* 32: first instruction; inside
	                          *     [load_addr, load_addr + payload_len) */
	uint8_t payload_sha256[SVNIC_IMAGE_HASH_BYTES]; /* 40: SHA-256 of the payload */
	uint8_t reserved[56];    /* 72: must be zero */
};

_Static_assert(sizeof(struct svnic_image_hdr) == SVNIC_IMAGE_HDR_BYTES, "image header size");
_Static_assert(offsetof(struct svnic_image_hdr, target) == 8, "target offset");
_Static_assert(offsetof(struct svnic_image_hdr, payload_len) == 20, "payload_len offset");
_Static_assert(offsetof(struct svnic_image_hdr, load_addr) == 24, "load_addr offset");
_Static_assert(offsetof(struct svnic_image_hdr, entry) == 32, "entry offset");
_Static_assert(offsetof(struct svnic_image_hdr, payload_sha256) == 40, "hash offset");
_Static_assert(offsetof(struct svnic_image_hdr, reserved) == 72, "reserved offset");

#endif
