/* SPDX-License-Identifier: MIT */
/*
 * The card's flash, firmware side: the boot record (two copies, torn writes),
 * the boot ROM's choice (fallback, rollback), and the FLASH_* mailbox
 * commands with images signed here by libsodium: a good upload becomes the
 * pending image, and every refusal, misuse and power cut leaves the card
 * booting what it ran before.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <sodium.h>

#include "fake_hal.h"
#include "fw/flash.h"
#include "fw/fw.h"
#include "svnic/flash.h"
#include "svnic/mbox.h"
#include "svnic/regs.h"

#define PLEN 3000u
#define ILEN (SVNIC_IMAGE_HDR_BYTES + PLEN + SVNIC_IMAGE_SIG_BYTES)
#define OFF(f) offsetof(struct svnic_image_hdr, f)

static struct fw_hal hal;
static struct fw_card card;
static uint8_t flash[SVNIC_FLASH_BYTES];
static uint8_t pk[crypto_sign_PUBLICKEYBYTES], sk[crypto_sign_SECRETKEYBYTES];

/* A signed image for `target` at `version`, in a buffer of exactly ILEN. */
static uint8_t *image(uint32_t target, uint32_t version, const uint8_t *key)
{
	uint8_t *img = calloc(1, ILEN);
	struct svnic_image_hdr h = {
		.magic = SVNIC_IMAGE_MAGIC, .format = SVNIC_IMAGE_FORMAT,
		.hdr_size = SVNIC_IMAGE_HDR_BYTES, .target = target, .fw_version = version,
		.payload_len = PLEN, .load_addr = 0, .entry = 0,
	};
	assert_non_null(img);
	for (unsigned i = 0; i < PLEN; i++)
		img[SVNIC_IMAGE_HDR_BYTES + i] = (uint8_t)(i * 13 + version);
	crypto_hash_sha256(h.payload_sha256, img + SVNIC_IMAGE_HDR_BYTES, PLEN);
	memcpy(img, &h, sizeof(h));
	assert_int_equal(crypto_sign_detached(img + SVNIC_IMAGE_HDR_BYTES + PLEN, NULL, img,
					      SVNIC_IMAGE_HDR_BYTES + PLEN, key), 0);
	return img;
}

/* Program img into slot s and name it in the record as `state`. */
static void provision(unsigned s, const uint8_t *img, uint32_t state, unsigned active)
{
	struct svnic_boot_record rec;
	if (fw_bootrec_read(flash, sizeof(flash), &rec) != 0)
		fw_bootrec_blank(&rec);
	assert_int_equal(fw_hal_flash_erase(&hal, SVNIC_FLASH_SLOT_OFF(s), SVNIC_FLASH_SLOT_BYTES), 0);
	assert_int_equal(fw_hal_flash_program(&hal, SVNIC_FLASH_SLOT_OFF(s), img, ILEN), 0);
	rec.state[s] = state;
	rec.length[s] = ILEN;
	rec.version[s] = ((const struct svnic_image_hdr *)img)->fw_version;
	rec.active = active;
	rec.tries = 0;
	assert_int_equal(fw_bootrec_write(&hal, &rec), 0);
}

static struct svnic_boot_record record(void)
{
	struct svnic_boot_record rec;
	assert_int_equal(fw_bootrec_read(flash, sizeof(flash), &rec), 0);
	return rec;
}

/* A card that booted 1.0.0 from slot A (GOOD). */
static int setup(void **state)
{
	(void)state;
	fake_hal_reset(&hal, 4, 2);
	memset(flash, 0xff, sizeof(flash));
	hal.flash = flash;
	hal.key = pk;
	uint8_t *a = image(SVNIC_IMAGE_TARGET_HOST, SVNIC_IMAGE_VERSION(1, 0, 0), sk);
	provision(0, a, SVNIC_SLOT_GOOD, 0);
	free(a);
	assert_int_equal(fw_init(&card, &hal), 0);
	assert_int_equal(card.running_slot, 0);
	return 0;
}

static unsigned exec(const void *req, unsigned len, void *rsp, unsigned rsp_len)
{
	return fake_mbox_exec(&hal, &card, req, len, rsp, rsp_len);
}

static unsigned begin(uint32_t len)
{
	struct svnic_mbox_flash_begin_req q = { { SVNIC_MBOX_OP_FLASH_BEGIN, sizeof(q), 0 }, len, 0 };
	return exec(&q, sizeof(q), NULL, 0);
}

static unsigned chunk(const uint8_t *img, uint32_t off, uint32_t n, uint32_t *verdict)
{
	struct svnic_mbox_flash_write_req q = { { SVNIC_MBOX_OP_FLASH_WRITE, sizeof(q), 0 }, off, n, { 0 } };
	struct svnic_mbox_flash_verdict_rsp r = { 0 };
	memcpy(q.data, img + off, n);
	unsigned st = exec(&q, sizeof(q), &r, sizeof(r));
	if (verdict)
		*verdict = r.verdict;
	return st;
}

static unsigned finish(uint32_t *verdict)
{
	struct svnic_mbox_hdr q = { SVNIC_MBOX_OP_FLASH_FINISH, sizeof(q), 0 };
	struct svnic_mbox_flash_verdict_rsp r = { 0 };
	unsigned st = exec(&q, sizeof(q), &r, sizeof(r));
	if (verdict)
		*verdict = r.verdict;
	return st;
}

/* Upload img whole; returns the first non-OK status (verdict set). */
static unsigned upload(const uint8_t *img, uint32_t len, uint32_t *verdict)
{
	unsigned st = begin(len);
	*verdict = 0;
	for (uint32_t off = 0; st == SVNIC_MBOX_ST_OK && off < len; off += SVNIC_FLASH_CHUNK_MAX) {
		uint32_t n = len - off < SVNIC_FLASH_CHUNK_MAX ? len - off : SVNIC_FLASH_CHUNK_MAX;
		st = chunk(img, off, n, verdict);
	}
	return st == SVNIC_MBOX_ST_OK ? finish(verdict) : st;
}

/* ---- boot record ---- */

static void record_blank_flash_reads_as_blank(void **state)
{
	(void)state;
	struct svnic_boot_record rec;
	memset(flash, 0xff, sizeof(flash));
	assert_int_equal(fw_bootrec_read(flash, sizeof(flash), &rec), -1);
	assert_int_equal(rec.state[0], SVNIC_SLOT_EMPTY);
	assert_int_equal(rec.state[1], SVNIC_SLOT_EMPTY);
	assert_int_equal(rec.min_version, SVNIC_FLASH_FACTORY_MIN_VERSION);
	struct fw_boot_choice ch;
	assert_int_equal(fw_boot_select(&hal, pk, SVNIC_IMAGE_TARGET_HOST, &ch), -1);
}

static void record_alternates_copies_and_survives_a_torn_write(void **state)
{
	(void)state;
	struct svnic_boot_record r = record(), again;
	uint32_t seq = r.seq;
	r.min_version = SVNIC_IMAGE_VERSION(0, 5, 0);
	assert_int_equal(fw_bootrec_write(&hal, &r), 0);
	again = record();
	assert_int_equal(again.seq, seq + 1);
	assert_int_equal(again.min_version, SVNIC_IMAGE_VERSION(0, 5, 0));

	/* The power goes 20 bytes into the next write: that copy is torn, the
	 * other one (the last complete state) is what the card sees. */
	r.min_version = SVNIC_IMAGE_VERSION(0, 9, 0);
	hal.flash_fail_after = hal.flash_programmed + 20;
	assert_int_equal(fw_bootrec_write(&hal, &r), -1);
	hal.flash_fail_after = 0;
	again = record();
	assert_int_equal(again.seq, seq + 1);
	assert_int_equal(again.min_version, SVNIC_IMAGE_VERSION(0, 5, 0));

	/* Sequence numbers wrap: the newer copy still wins. */
	r = record();
	r.seq = UINT32_MAX;
	struct svnic_boot_record w = r;
	w.crc32 = fw_crc32((const uint8_t *)&w, offsetof(struct svnic_boot_record, crc32));
	assert_int_equal(fw_hal_flash_erase(&hal, SVNIC_FLASH_RECORD_OFF(0), SVNIC_FLASH_SECTOR), 0);
	assert_int_equal(fw_hal_flash_erase(&hal, SVNIC_FLASH_RECORD_OFF(1), SVNIC_FLASH_SECTOR), 0);
	assert_int_equal(fw_hal_flash_program(&hal, SVNIC_FLASH_RECORD_OFF(0), (uint8_t *)&w, sizeof(w)), 0);
	r.min_version = SVNIC_IMAGE_VERSION(0, 7, 0);
	assert_int_equal(fw_bootrec_write(&hal, &r), 0);
	again = record();
	assert_int_equal(again.seq, 0);
	assert_int_equal(again.min_version, SVNIC_IMAGE_VERSION(0, 7, 0));
}

static void record_rejects_bad_crc_and_states(void **state)
{
	(void)state;
	struct svnic_boot_record r = record();
	/* Corrupt the newest copy's state field: the CRC catches it. */
	for (unsigned c = 0; c < 2; c++)
		flash[SVNIC_FLASH_RECORD_OFF(c) + offsetof(struct svnic_boot_record, state)] ^= 0x04;
	struct svnic_boot_record got;
	assert_int_equal(fw_bootrec_read(flash, sizeof(flash), &got), -1);
	(void)r;
}

/* ---- boot choice ---- */

static void boot_good_slot(void **state)
{
	(void)state;
	struct fw_boot_choice ch;
	assert_int_equal(fw_boot_select(&hal, pk, SVNIC_IMAGE_TARGET_HOST, &ch), 0);
	assert_int_equal(ch.slot, 0);
	assert_false(ch.pending);
	assert_int_equal(ch.info.fw_version, SVNIC_IMAGE_VERSION(1, 0, 0));
	assert_int_equal(ch.image_len, ILEN);
	/* The wrong target or key boots nothing. */
	assert_int_equal(fw_boot_select(&hal, pk, SVNIC_IMAGE_TARGET_RV32, &ch), -1);
}

static void boot_pending_once_then_rollback(void **state)
{
	(void)state;
	uint8_t *b = image(SVNIC_IMAGE_TARGET_HOST, SVNIC_IMAGE_VERSION(2, 0, 0), sk);
	provision(1, b, SVNIC_SLOT_PENDING, 1);
	free(b);
	struct fw_boot_choice ch;
	assert_int_equal(fw_boot_select(&hal, pk, SVNIC_IMAGE_TARGET_HOST, &ch), 0);
	assert_int_equal(ch.slot, 1);
	assert_true(ch.pending);
	assert_int_equal(record().tries, 1);
	/* It never confirmed; the watchdog reset the card: roll back. */
	assert_int_equal(fw_boot_select(&hal, pk, SVNIC_IMAGE_TARGET_HOST, &ch), 0);
	assert_int_equal(ch.slot, 0);
	assert_false(ch.pending);
	assert_true(ch.rolled_back);
	struct svnic_boot_record r = record();
	assert_int_equal(r.state[1], SVNIC_SLOT_BAD);
	assert_int_equal(r.active, 0);
}

static void boot_pending_confirmed_stays(void **state)
{
	(void)state;
	uint8_t *b = image(SVNIC_IMAGE_TARGET_HOST, SVNIC_IMAGE_VERSION(2, 0, 0), sk);
	provision(1, b, SVNIC_SLOT_PENDING, 1);
	free(b);
	struct fw_boot_choice ch;
	assert_int_equal(fw_boot_select(&hal, pk, SVNIC_IMAGE_TARGET_HOST, &ch), 0);
	assert_int_equal(fw_boot_confirm(&hal, 1), 1);
	assert_int_equal(fw_boot_confirm(&hal, 1), 0); /* nothing left to confirm */
	assert_int_equal(fw_boot_select(&hal, pk, SVNIC_IMAGE_TARGET_HOST, &ch), 0);
	assert_int_equal(ch.slot, 1);
	assert_false(ch.pending);
	assert_int_equal(record().state[1], SVNIC_SLOT_GOOD);
}

static void boot_falls_back_from_a_damaged_image(void **state)
{
	(void)state;
	uint8_t *b = image(SVNIC_IMAGE_TARGET_HOST, SVNIC_IMAGE_VERSION(2, 0, 0), sk);
	provision(1, b, SVNIC_SLOT_GOOD, 1);
	free(b);
	/* A bit of slot B's payload flips (bits only go 1 -> 0 on NOR). */
	flash[SVNIC_FLASH_SLOT_OFF(1) + SVNIC_IMAGE_HDR_BYTES + 10] &= 0x7e;
	struct fw_boot_choice ch;
	assert_int_equal(fw_boot_select(&hal, pk, SVNIC_IMAGE_TARGET_HOST, &ch), 0);
	assert_int_equal(ch.slot, 0);
	assert_int_equal(ch.rejected[1], FW_IMAGE_BAD_HASH);
	assert_int_equal(record().state[1], SVNIC_SLOT_BAD);
	/* Both bad: nothing boots. */
	flash[SVNIC_FLASH_SLOT_OFF(0) + SVNIC_IMAGE_HDR_BYTES + 10] &= 0x7e;
	assert_int_equal(fw_boot_select(&hal, pk, SVNIC_IMAGE_TARGET_HOST, &ch), -1);
}

/* ---- FLASH_* mailbox commands ---- */

static void flash_info_describes_both_slots(void **state)
{
	(void)state;
	struct svnic_mbox_flash_info_req q = { { SVNIC_MBOX_OP_FLASH_INFO, sizeof(q), 0 }, 0, 0 };
	struct svnic_mbox_flash_info_rsp r;
	assert_int_equal(exec(&q, sizeof(q), &r, sizeof(r)), SVNIC_MBOX_ST_OK);
	assert_int_equal(r.running, 0);
	assert_int_equal(r.state, SVNIC_SLOT_GOOD);
	assert_int_equal(r.fw_version, SVNIC_IMAGE_VERSION(1, 0, 0));
	assert_int_equal(r.image_len, ILEN);
	assert_int_equal(r.card_target, SVNIC_IMAGE_TARGET_HOST);
	assert_memory_equal(r.pubkey, pk, 32);
	assert_memory_equal(r.payload_sha256, flash + SVNIC_FLASH_SLOT_OFF(0) + OFF(payload_sha256), 32);
	q.slot = 1;
	assert_int_equal(exec(&q, sizeof(q), &r, sizeof(r)), SVNIC_MBOX_ST_OK);
	assert_int_equal(r.state, SVNIC_SLOT_EMPTY);
	assert_int_equal(r.fw_version, 0);
	q.slot = 2;
	assert_int_equal(exec(&q, sizeof(q), &r, sizeof(r)), SVNIC_MBOX_ST_BAD_ARG);
	/* A board without flash says so. */
	hal.flash = NULL;
	q.slot = 0;
	assert_int_equal(exec(&q, sizeof(q), &r, sizeof(r)), SVNIC_MBOX_ST_BAD_STATE);
	hal.flash = flash;
}

static void good_upload_becomes_pending(void **state)
{
	(void)state;
	uint8_t *b = image(SVNIC_IMAGE_TARGET_HOST, SVNIC_IMAGE_VERSION(2, 0, 0), sk);
	uint32_t verdict;
	assert_int_equal(upload(b, ILEN, &verdict), SVNIC_MBOX_ST_OK);
	assert_int_equal(verdict, FW_IMAGE_OK);
	assert_memory_equal(flash + SVNIC_FLASH_SLOT_OFF(1), b, ILEN);
	struct svnic_boot_record r = record();
	assert_int_equal(r.active, 1);
	assert_int_equal(r.state[1], SVNIC_SLOT_PENDING);
	assert_int_equal(r.version[1], SVNIC_IMAGE_VERSION(2, 0, 0));
	assert_int_equal(r.state[0], SVNIC_SLOT_GOOD);
	free(b);

	/* CARD_RESET: answered first, then the reset. */
	struct svnic_mbox_hdr q = { SVNIC_MBOX_OP_CARD_RESET, sizeof(q), 0 };
	assert_int_equal(hal.resets, 0);
	assert_int_equal(exec(&q, sizeof(q), NULL, 0), SVNIC_MBOX_ST_OK);
	assert_int_equal(hal.resets, 1);
}

/* Each bad image is refused and the boot choice is what it was. */
static void refusals_leave_the_card_booting_its_image(void **state)
{
	(void)state;
	uint8_t other_pk[32], other_sk[64];
	crypto_sign_keypair(other_pk, other_sk);
	struct {
		uint8_t *img;
		unsigned st, verdict;
	} cases[] = {
		{ image(SVNIC_IMAGE_TARGET_RV32, SVNIC_IMAGE_VERSION(2, 0, 0), sk),
		  SVNIC_MBOX_ST_REFUSED, FW_IMAGE_BAD_TARGET },
		{ image(SVNIC_IMAGE_TARGET_HOST, SVNIC_IMAGE_VERSION(0, 0, 9), sk),
		  SVNIC_MBOX_ST_REFUSED, FW_IMAGE_DOWNGRADE },
		{ image(SVNIC_IMAGE_TARGET_HOST, SVNIC_IMAGE_VERSION(2, 0, 0), other_sk),
		  SVNIC_MBOX_ST_REFUSED, FW_IMAGE_BAD_SIGNATURE },
		{ image(SVNIC_IMAGE_TARGET_HOST, SVNIC_IMAGE_VERSION(2, 0, 0), sk),
		  SVNIC_MBOX_ST_REFUSED, FW_IMAGE_BAD_HASH },
	};
	cases[3].img[SVNIC_IMAGE_HDR_BYTES + 5] ^= 1; /* payload corrupted after signing */
	for (unsigned i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		uint32_t verdict;
		assert_int_equal(upload(cases[i].img, ILEN, &verdict), cases[i].st);
		assert_int_equal(verdict, cases[i].verdict);
		struct svnic_boot_record r = record();
		assert_int_equal(r.active, 0);
		assert_int_equal(r.state[0], SVNIC_SLOT_GOOD);
		assert_int_not_equal(r.state[1], SVNIC_SLOT_PENDING);
		struct fw_boot_choice ch;
		assert_int_equal(fw_boot_select(&hal, pk, SVNIC_IMAGE_TARGET_HOST, &ch), 0);
		assert_int_equal(ch.slot, 0);
		/* A refused upload is over: FINISH now is out of order. */
		assert_int_equal(finish(NULL), SVNIC_MBOX_ST_BAD_STATE);
		free(cases[i].img);
	}
	/* A length that does not match the header is refused from the header. */
	uint8_t *b = image(SVNIC_IMAGE_TARGET_HOST, SVNIC_IMAGE_VERSION(2, 0, 0), sk);
	uint32_t verdict;
	assert_int_equal(upload(b, ILEN - 1, &verdict), SVNIC_MBOX_ST_REFUSED);
	assert_int_equal(verdict, FW_IMAGE_TRUNCATED);
	free(b);
}

static void misuse_is_refused(void **state)
{
	(void)state;
	uint8_t *b = image(SVNIC_IMAGE_TARGET_HOST, SVNIC_IMAGE_VERSION(2, 0, 0), sk);
	/* Writes and FINISH without BEGIN. */
	assert_int_equal(chunk(b, 0, 16, NULL), SVNIC_MBOX_ST_BAD_STATE);
	assert_int_equal(finish(NULL), SVNIC_MBOX_ST_BAD_STATE);
	/* Lengths out of range. */
	assert_int_equal(begin(0), SVNIC_MBOX_ST_BAD_ARG);
	assert_int_equal(begin(SVNIC_IMAGE_MAX_BYTES + 1), SVNIC_MBOX_ST_BAD_ARG);
	/* Chunks out of order, empty, too long, past the end. */
	assert_int_equal(begin(ILEN), SVNIC_MBOX_ST_OK);
	assert_int_equal(chunk(b, 16, 16, NULL), SVNIC_MBOX_ST_BAD_ARG);
	assert_int_equal(chunk(b, 0, 0, NULL), SVNIC_MBOX_ST_BAD_ARG);
	struct svnic_mbox_flash_write_req q = { { SVNIC_MBOX_OP_FLASH_WRITE, sizeof(q), 0 }, 0,
						SVNIC_FLASH_CHUNK_MAX + 1, { 0 } };
	assert_int_equal(exec(&q, sizeof(q), NULL, 0), SVNIC_MBOX_ST_BAD_ARG);
	/* FINISH before every byte arrived. */
	assert_int_equal(chunk(b, 0, 100, NULL), SVNIC_MBOX_ST_OK);
	assert_int_equal(finish(NULL), SVNIC_MBOX_ST_BAD_STATE);
	assert_int_equal(record().active, 0);
	free(b);
}

static void power_cut_mid_upload_keeps_the_old_image(void **state)
{
	(void)state;
	uint8_t *b = image(SVNIC_IMAGE_TARGET_HOST, SVNIC_IMAGE_VERSION(2, 0, 0), sk);
	/* The flash stops taking writes halfway through the image. */
	hal.flash_fail_after = hal.flash_programmed + ILEN / 2;
	uint32_t verdict;
	assert_int_equal(upload(b, ILEN, &verdict), SVNIC_MBOX_ST_BAD_STATE);
	hal.flash_fail_after = 0;
	struct fw_boot_choice ch;
	assert_int_equal(fw_boot_select(&hal, pk, SVNIC_IMAGE_TARGET_HOST, &ch), 0);
	assert_int_equal(ch.slot, 0);
	assert_int_equal(ch.info.fw_version, SVNIC_IMAGE_VERSION(1, 0, 0));
	/* And the card takes the image whole afterwards. */
	assert_int_equal(upload(b, ILEN, &verdict), SVNIC_MBOX_ST_OK);
	free(b);
}

static void running_firmware_confirms_itself(void **state)
{
	(void)state;
	uint8_t *b = image(SVNIC_IMAGE_TARGET_HOST, SVNIC_IMAGE_VERSION(2, 0, 0), sk);
	provision(1, b, SVNIC_SLOT_PENDING, 1);
	free(b);
	struct fw_boot_choice ch;
	assert_int_equal(fw_boot_select(&hal, pk, SVNIC_IMAGE_TARGET_HOST, &ch), 0);
	assert_int_equal(fw_init(&card, &hal), 0);
	assert_int_equal(card.running_slot, 1);
	fw_poll(&card); /* one healthy pass */
	assert_int_equal(record().state[1], SVNIC_SLOT_GOOD);
	/* Now slot A is the spare one: an upload goes there. */
	b = image(SVNIC_IMAGE_TARGET_HOST, SVNIC_IMAGE_VERSION(3, 0, 0), sk);
	uint32_t verdict;
	assert_int_equal(upload(b, ILEN, &verdict), SVNIC_MBOX_ST_OK);
	assert_int_equal(record().active, 0);
	assert_int_equal(record().state[0], SVNIC_SLOT_PENDING);
	free(b);
}

int main(void)
{
	if (sodium_init() < 0)
		return 1;
	crypto_sign_keypair(pk, sk);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(record_blank_flash_reads_as_blank, setup),
		cmocka_unit_test_setup(record_alternates_copies_and_survives_a_torn_write, setup),
		cmocka_unit_test_setup(record_rejects_bad_crc_and_states, setup),
		cmocka_unit_test_setup(boot_good_slot, setup),
		cmocka_unit_test_setup(boot_pending_once_then_rollback, setup),
		cmocka_unit_test_setup(boot_pending_confirmed_stays, setup),
		cmocka_unit_test_setup(boot_falls_back_from_a_damaged_image, setup),
		cmocka_unit_test_setup(flash_info_describes_both_slots, setup),
		cmocka_unit_test_setup(good_upload_becomes_pending, setup),
		cmocka_unit_test_setup(refusals_leave_the_card_booting_its_image, setup),
		cmocka_unit_test_setup(misuse_is_refused, setup),
		cmocka_unit_test_setup(power_cut_mid_upload_keeps_the_old_image, setup),
		cmocka_unit_test_setup(running_firmware_confirms_itself, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
