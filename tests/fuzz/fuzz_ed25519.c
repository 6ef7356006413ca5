/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer target: the firmware's Ed25519 verifier (fw/crypto/ed25519.h)
 * on attacker-chosen (signature, key, message), checked against libsodium's
 * crypto_sign_verify_detached, which follows the same rules.
 *
 * Input, first byte even: sig[64] || pub[32] || msg (raw bytes).
 * First byte odd: seed[32] || pos || mask || msg. A key pair is made from
 * the seed and msg signed with libsodium; then byte pos % 96 of sig || pub
 * is xored with mask. mask 0 must verify; anything else must get
 * libsodium's verdict. This keeps valid signatures in reach of mutation.
 *
 * Every input also goes through the streaming interface, fed in two
 * pieces: the same verdict shows both that the two paths agree and that the
 * verdict is deterministic.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "fw/crypto/ed25519.h"

static void check(const uint8_t sig[64], const uint8_t *msg, size_t len, const uint8_t pub[32],
		  int must_be_valid, size_t cut)
{
	int ours = fw_ed25519_verify(sig, msg, len, pub);
	if (ours > 0 || ours < FW_ED25519_ERR_STATE)
		abort(); /* not a documented verdict */
	struct fw_ed25519_verify_ctx c;
	fw_ed25519_verify_start(&c, sig, pub);
	fw_ed25519_verify_update(&c, msg, cut);
	fw_ed25519_verify_update(&c, msg + cut, len - cut);
	if (fw_ed25519_verify_finish(&c) != ours)
		abort(); /* streaming differs from one-shot, or not deterministic */
	int theirs = crypto_sign_verify_detached(sig, msg, len, pub);
	if ((ours == 0) != (theirs == 0))
		abort(); /* verdict differs from libsodium */
	if (must_be_valid && ours != 0)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	static int ready;
	if (!ready) {
		if (sodium_init() < 0)
			abort();
		ready = 1;
	}
	if (len < 1)
		return 0;
	if ((data[0] & 1) == 0) {
		if (len < 1 + 96)
			return 0;
		const uint8_t *msg = data + 97;
		size_t n = len - 97;
		check(data + 1, msg, n, data + 65, 0, n / 2);
		return 0;
	}
	if (len < 1 + 34)
		return 0;
	uint8_t pk[32], sk[64], sig[64];
	if (crypto_sign_seed_keypair(pk, sk, data + 1) != 0)
		abort();
	unsigned pos = data[33] % 96u;
	uint8_t mask = data[34];
	const uint8_t *msg = data + 35;
	size_t n = len - 35;
	if (crypto_sign_detached(sig, NULL, msg, n, sk) != 0)
		abort();
	if (pos < 64)
		sig[pos] ^= mask;
	else
		pk[pos - 64] ^= mask;
	check(sig, msg, n, pk, mask == 0, n / 3);
	return 0;
}
