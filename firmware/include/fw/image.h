/* SPDX-License-Identifier: MIT */
/*
 * Firmware image check (the format is svnic/image.h): the card runs this on
 * a received image before it loads anything; svnic-image verify runs the
 * same code on the host.
 */
#ifndef FW_IMAGE_H
#define FW_IMAGE_H

#include <stddef.h>
#include <stdint.h>

#include "svnic/image.h"

/* X(NAME, VALUE, DESCRIPTION): why an image was refused; 0 is accepted. */
#define FW_IMAGE_ERRORS(X)                                                          \
	X(OK, 0, "image accepted")                                                      \
	X(TRUNCATED, 1, "image is shorter than its header says (truncated)")             \
	X(BAD_MAGIC, 2, "not a firmware image (magic is not \"SVFW\")")                  \
	X(BAD_FORMAT, 3, "unsupported image format version")                             \
	X(BAD_HEADER_SIZE, 4, "header size is not 128")                                  \
	X(BAD_TARGET, 5, "image is built for another target")                            \
	X(TOO_LARGE, 6, "payload is empty or larger than the maximum")                   \
	X(LENGTH_MISMATCH, 7, "image is longer than header + payload + signature")       \
	X(BAD_HASH, 8, "payload SHA-256 does not match the header")                      \
	X(BAD_SIGNATURE, 9, "signature does not verify with this public key")            \
	X(DOWNGRADE, 10, "firmware version is below the minimum allowed")                \
	X(RESERVED_NONZERO, 11, "flags or reserved header bytes are not zero")           \
	X(BAD_ADDRESS, 12, "load range wraps, or entry point is outside the payload")    \
	X(BAD_VERSION, 13, "firmware version has bits above major set")

#define FW_IMAGE_ENUM_(name, val, desc) FW_IMAGE_##name = (val),
enum fw_image_err { FW_IMAGE_ERRORS(FW_IMAGE_ENUM_) };
#undef FW_IMAGE_ENUM_

/* What fw_image_check found in an accepted image (zeroed on refusal). */
struct fw_image_info {
	uint32_t target;      /* enum svnic_image_target */
	uint32_t fw_version;  /* major << 16 | minor << 8 | patch */
	uint64_t load_addr;
	uint64_t entry;
	uint32_t payload_len;
	uint32_t payload_off; /* payload starts at img + payload_off (128) */
	uint8_t payload_sha256[SVNIC_IMAGE_HASH_BYTES];
};

/*
 * Checks img[0..len) completely: every header field, the exact length, the
 * payload's SHA-256, the Ed25519 signature under pub, then the version
 * policy. want_target is an enum svnic_image_target, or 0 for any known
 * target; the image's version must be >= min_version (0 allows any).
 * Returns FW_IMAGE_OK (0) and fills *out (if not NULL), or the first
 * enum fw_image_err found. Bounded: reads each byte of img at most twice.
 */
int fw_image_check(const uint8_t *img, size_t len, const uint8_t pub[SVNIC_IMAGE_PUBKEY_BYTES],
		   uint32_t want_target, uint32_t min_version, struct fw_image_info *out);

/*
 * The checks of fw_image_check that need only the 128-byte header and the
 * image's total length: every header field, len == header + payload +
 * signature, and version >= min_version. Lets a card refuse an upload as
 * soon as its header arrives. img needs only SVNIC_IMAGE_HDR_BYTES bytes;
 * len is the length the whole image will have. On FW_IMAGE_OK, *out holds
 * the header's values (its payload_sha256 is the claimed hash, unchecked).
 */
int fw_image_check_header(const uint8_t *img, size_t len, uint32_t want_target,
			  uint32_t min_version, struct fw_image_info *out);

/* A short, constant description of a verdict, for logs. */
const char *fw_image_strerror(int err);
/* The constant's name ("BAD_HASH"), or "UNKNOWN". */
const char *fw_image_errname(int err);
/* "rv32", "host", or "unknown". */
const char *fw_image_target_name(uint32_t target);

#endif
