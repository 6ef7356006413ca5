/* SPDX-License-Identifier: MIT */
/*
 * Firmware images signed on the host by svnic-image at build time and
 * linked into the test programs as data (images.S), with the public key
 * they were signed with. The card's verifier must accept what the host
 * tool makes, bit for bit.
 */
#ifndef TESTS_RV32_IMAGES_H
#define TESTS_RV32_IMAGES_H

#include <stddef.h>
#include <stdint.h>

#define IMAGE(name) extern const uint8_t name[], name##_end[];
IMAGE(img_rv32_v010) /* rv32, 0.1.0, load 0x1000, entry 0x1010 */
IMAGE(img_rv32_v020) /* rv32, 0.2.0, load 0x1000, entry 0x1010 */
IMAGE(img_rv32_v009) /* rv32, 0.0.9: below the factory floor */
IMAGE(img_host_v020) /* host, 0.2.0 */
IMAGE(img_firmware)  /* the card firmware itself, svnic-fw-rv32.img */
IMAGE(img_pubkey)    /* the 32-byte Ed25519 key all of them are signed with */
#undef IMAGE

#define IMAGE_LEN(name) ((size_t)(name##_end - name))

/* The test payload's parameters (CMakeLists.txt passes the same values to
 * svnic-image). */
#define TEST_LOAD 0x1000u
#define TEST_ENTRY 0x1010u

#endif
