/* SPDX-License-Identifier: MIT */
/*
 * The boot record and the boot ROM's choice of image on the card's 32-bit
 * cores, against a flash kept in RAM (NOR rules: erase to 0xff by sector,
 * programming only clears bits, a power cut modelled as a program that
 * stops part way). The slots hold images signed on the host, among them
 * the card firmware itself.
 */
#include "fw/flash.h"
#include "fw/hal.h"
#include "harness.h"
#include "images.h"

struct fw_hal {
	uint8_t flash[SVNIC_FLASH_BYTES];
	uint32_t size;        /* what fw_hal_flash reports; 0: no flash */
	uint32_t cut_after;   /* program this many more bytes, then fail (0: never) */
	unsigned erases, programs;
};

static struct fw_hal hal;

const uint8_t *fw_hal_flash(struct fw_hal *h, uint32_t *size)
{
	*size = h->size;
	return h->size ? h->flash : 0;
}

int fw_hal_flash_erase(struct fw_hal *h, uint32_t off, uint32_t len)
{
	/* The firmware must respect the sector geometry. */
	if (!rv32_check(off % SVNIC_FLASH_SECTOR == 0 && len % SVNIC_FLASH_SECTOR == 0 &&
			off <= SVNIC_FLASH_BYTES && len <= SVNIC_FLASH_BYTES - off,
			"erase is sector-aligned and inside the flash", __FILE__, __LINE__))
		return -1;
	h->erases++;
	rv32_fill(&h->flash[off], 0xff, len);
	return 0;
}

int fw_hal_flash_program(struct fw_hal *h, uint32_t off, const uint8_t *src, uint32_t len)
{
	if (!rv32_check(off <= SVNIC_FLASH_BYTES && len <= SVNIC_FLASH_BYTES - off,
			"program is inside the flash", __FILE__, __LINE__))
		return -1;
	h->programs++;
	for (uint32_t i = 0; i < len; i++) {
		if (h->cut_after) {
			if (h->cut_after == 1) {
				h->cut_after = 0;
				return -1; /* power lost: the rest was never written */
			}
			h->cut_after--;
		}
		h->flash[off + i] &= src[i];
	}
	return 0;
}

static void flash_blank(void)
{
	rv32_fill(hal.flash, 0xff, sizeof(hal.flash));
	hal.size = SVNIC_FLASH_BYTES;
	hal.cut_after = 0;
	hal.erases = hal.programs = 0;
}

/* Put an image into a slot as the upload path would: erase, program. */
static void put_image(unsigned slot, const uint8_t *img, size_t len)
{
	uint32_t off = SVNIC_FLASH_SLOT_OFF(slot);
	CHECK(len <= SVNIC_FLASH_SLOT_BYTES);
	CHECK_EQ(fw_hal_flash_erase(&hal, off, SVNIC_FLASH_SLOT_BYTES), 0);
	CHECK_EQ(fw_hal_flash_program(&hal, off, img, (uint32_t)len), 0);
}

/* A record copy written directly, as an older firmware may have left it. */
static void put_record(unsigned copy, const struct svnic_boot_record *r)
{
	struct svnic_boot_record c = *r;
	c.crc32 = fw_crc32((const uint8_t *)&c, offsetof(struct svnic_boot_record, crc32));
	rv32_fill(&hal.flash[SVNIC_FLASH_RECORD_OFF(copy)], 0xff, SVNIC_FLASH_SECTOR);
	rv32_copy(&hal.flash[SVNIC_FLASH_RECORD_OFF(copy)], &c, sizeof(c));
}

static struct svnic_boot_record record(void)
{
	struct svnic_boot_record r;
	CHECK_EQ(fw_bootrec_read(hal.flash, hal.size, &r), 0);
	return r;
}

static const uint8_t *pub(void)
{
	return img_pubkey;
}

static void test_crc(void)
{
	rv32_case("crc32_check_value");
	CHECK_EQ(fw_crc32((const uint8_t *)"123456789", 9), 0xcbf43926u);
	CHECK_EQ(fw_crc32(0, 0), 0);
}

static void test_blank(void)
{
	rv32_case("bootrec_blank_flash");
	flash_blank();
	struct svnic_boot_record r;
	CHECK_EQ(fw_bootrec_read(hal.flash, hal.size, &r), -1);
	CHECK_EQ(r.magic, SVNIC_BOOT_RECORD_MAGIC);
	CHECK_EQ(r.min_version, SVNIC_FLASH_FACTORY_MIN_VERSION);
	CHECK_EQ(r.state[0], SVNIC_SLOT_EMPTY);
	CHECK_EQ(r.state[1], SVNIC_SLOT_EMPTY);
	struct fw_boot_choice ch;
	CHECK_EQ(fw_boot_select(&hal, pub(), SVNIC_IMAGE_TARGET_RV32, &ch), -1);
	CHECK_EQ(hal.programs, 0); /* nothing to record: nothing written */

	rv32_case("bootrec_no_flash");
	hal.size = 0;
	CHECK_EQ(fw_bootrec_read(0, 0, &r), -1);
	CHECK_EQ(fw_boot_select(&hal, pub(), SVNIC_IMAGE_TARGET_RV32, &ch), -1);
	CHECK_EQ(fw_bootrec_write(&hal, &r), -1);
	CHECK_EQ(fw_boot_confirm(&hal, 0), 0);
}

/* Factory state: the card firmware in slot A, GOOD. */
static void provision(void)
{
	flash_blank();
	put_image(0, img_firmware, IMAGE_LEN(img_firmware));
	struct svnic_boot_record r;
	fw_bootrec_blank(&r);
	r.state[0] = SVNIC_SLOT_GOOD;
	r.version[0] = SVNIC_FW_BUILD_VERSION;
	r.length[0] = (uint32_t)IMAGE_LEN(img_firmware);
	CHECK_EQ(fw_bootrec_write(&hal, &r), 0);
}

static void test_factory(void)
{
	rv32_case("boot_factory_image");
	provision();
	struct svnic_boot_record r = record();
	CHECK_EQ(r.seq, 1);
	unsigned programs = hal.programs;
	struct fw_boot_choice ch;
	CHECK_EQ(fw_boot_select(&hal, pub(), SVNIC_IMAGE_TARGET_RV32, &ch), 0);
	CHECK_EQ(ch.slot, 0);
	CHECK(!ch.pending);
	CHECK(!ch.rolled_back);
	CHECK_EQ(ch.image_off, SVNIC_FLASH_SLOT_OFF(0));
	CHECK_EQ(ch.image_len, IMAGE_LEN(img_firmware));
	CHECK_EQ(ch.info.fw_version, SVNIC_FW_BUILD_VERSION);
	CHECK_EQ(ch.info.target, SVNIC_IMAGE_TARGET_RV32);
	CHECK_EQ(hal.programs, programs); /* a plain boot writes nothing */
	/* The host build's boot ROM wants a host image: none here. */
	CHECK_EQ(fw_boot_select(&hal, pub(), SVNIC_IMAGE_TARGET_HOST, &ch), -1);
	CHECK_EQ(ch.rejected[0], FW_IMAGE_BAD_TARGET);
}

/* An update to 0.2.0 in slot B, PENDING. */
static void stage_update(void)
{
	put_image(1, img_rv32_v020, IMAGE_LEN(img_rv32_v020));
	struct svnic_boot_record r = record();
	r.active = 1;
	r.tries = 0;
	r.state[1] = SVNIC_SLOT_PENDING;
	r.version[1] = SVNIC_IMAGE_VERSION(0, 2, 0);
	r.length[1] = (uint32_t)IMAGE_LEN(img_rv32_v020);
	CHECK_EQ(fw_bootrec_write(&hal, &r), 0);
}

static void test_update_rollback(void)
{
	rv32_case("boot_pending_then_rollback");
	provision();
	stage_update();
	struct fw_boot_choice ch;
	CHECK_EQ(fw_boot_select(&hal, pub(), SVNIC_IMAGE_TARGET_RV32, &ch), 0);
	CHECK_EQ(ch.slot, 1);
	CHECK(ch.pending);
	CHECK_EQ(ch.info.entry, TEST_ENTRY);
	struct svnic_boot_record r = record();
	CHECK_EQ(r.tries, 1); /* recorded before the image runs */
	CHECK_EQ(r.seq, 3);
	/* It never confirmed: the next reset rolls back to A. */
	CHECK_EQ(fw_boot_select(&hal, pub(), SVNIC_IMAGE_TARGET_RV32, &ch), 0);
	CHECK_EQ(ch.slot, 0);
	CHECK(ch.rolled_back);
	CHECK(!ch.pending);
	r = record();
	CHECK_EQ(r.state[1], SVNIC_SLOT_BAD);
	CHECK_EQ(r.active, 0);
	CHECK_EQ(r.tries, 0);

	rv32_case("boot_pending_then_confirm");
	provision();
	stage_update();
	CHECK_EQ(fw_boot_select(&hal, pub(), SVNIC_IMAGE_TARGET_RV32, &ch), 0);
	CHECK_EQ(ch.slot, 1);
	CHECK_EQ(fw_boot_confirm(&hal, 0), 0); /* not the running slot */
	CHECK_EQ(fw_boot_confirm(&hal, 1), 1);
	CHECK_EQ(fw_boot_confirm(&hal, 1), 0); /* nothing left to confirm */
	CHECK_EQ(fw_boot_confirm(&hal, 2), 0);
	r = record();
	CHECK_EQ(r.state[1], SVNIC_SLOT_GOOD);
	CHECK_EQ(r.tries, 0);
	CHECK_EQ(fw_boot_select(&hal, pub(), SVNIC_IMAGE_TARGET_RV32, &ch), 0);
	CHECK_EQ(ch.slot, 1);
	CHECK(!ch.pending);
}

static void test_bad_images(void)
{
	struct fw_boot_choice ch;
	struct svnic_boot_record r;

	rv32_case("boot_corrupt_image_falls_back");
	provision();
	stage_update();
	CHECK_EQ(fw_boot_select(&hal, pub(), SVNIC_IMAGE_TARGET_RV32, &ch), 0);
	CHECK_EQ(fw_boot_confirm(&hal, 1), 1);
	/* A bit of B's payload decays. */
	hal.flash[SVNIC_FLASH_SLOT_OFF(1) + SVNIC_IMAGE_HDR_BYTES + 3] ^= 0x10;
	CHECK_EQ(fw_boot_select(&hal, pub(), SVNIC_IMAGE_TARGET_RV32, &ch), 0);
	CHECK_EQ(ch.slot, 0);
	CHECK_EQ(ch.rejected[1], FW_IMAGE_BAD_HASH);
	r = record();
	CHECK_EQ(r.state[1], SVNIC_SLOT_BAD);
	CHECK_EQ(r.active, 0);

	rv32_case("boot_version_floor");
	provision();
	put_image(1, img_rv32_v009, IMAGE_LEN(img_rv32_v009));
	r = record();
	r.active = 1;
	r.state[1] = SVNIC_SLOT_PENDING;
	r.length[1] = (uint32_t)IMAGE_LEN(img_rv32_v009);
	CHECK_EQ(fw_bootrec_write(&hal, &r), 0);
	CHECK_EQ(fw_boot_select(&hal, pub(), SVNIC_IMAGE_TARGET_RV32, &ch), 0);
	CHECK_EQ(ch.slot, 0);
	CHECK_EQ(ch.rejected[1], FW_IMAGE_DOWNGRADE);

	rv32_case("boot_wrong_key_nothing_boots");
	provision();
	uint8_t other[SVNIC_IMAGE_PUBKEY_BYTES];
	rv32_copy(other, img_pubkey, sizeof(other));
	other[0] ^= 0x40;
	CHECK_EQ(fw_boot_select(&hal, other, SVNIC_IMAGE_TARGET_RV32, &ch), -1);
	CHECK_EQ(ch.rejected[0], FW_IMAGE_BAD_SIGNATURE);

	rv32_case("boot_length_beyond_slot");
	provision();
	r = record();
	r.length[0] = SVNIC_FLASH_SLOT_BYTES + 1;
	put_record(1, &r); /* not intact: the older copy 0 is used */
	r = record();
	CHECK_EQ(r.length[0], IMAGE_LEN(img_firmware));
}

static void test_record_copies(void)
{
	struct svnic_boot_record r, a, b;

	rv32_case("bootrec_newest_copy_wins");
	flash_blank();
	fw_bootrec_blank(&a);
	a.seq = 7;
	a.active = 0;
	b = a;
	b.seq = 8;
	b.active = 1;
	put_record(0, &a);
	put_record(1, &b);
	CHECK_EQ(record().active, 1);

	rv32_case("bootrec_sequence_wraps");
	a.seq = 0xffffffffu;
	b.seq = 0; /* one after 0xffffffff */
	put_record(0, &a);
	put_record(1, &b);
	r = record();
	CHECK_EQ(r.seq, 0);
	CHECK_EQ(r.active, 1);
	CHECK_EQ(fw_bootrec_write(&hal, &r), 0); /* goes to copy 0, seq 1 */
	CHECK_EQ(r.seq, 1);
	CHECK_EQ(hal.flash[SVNIC_FLASH_RECORD_OFF(0) + 4], 1);

	rv32_case("bootrec_crc_damage");
	hal.flash[SVNIC_FLASH_RECORD_OFF(0) + 8] ^= 1; /* active, under the CRC */
	r = record();
	CHECK_EQ(r.seq, 0); /* copy 1 again */

	rv32_case("bootrec_power_cut");
	flash_blank();
	fw_bootrec_blank(&a);
	a.state[0] = SVNIC_SLOT_GOOD;
	CHECK_EQ(fw_bootrec_write(&hal, &a), 0);
	b = a;
	b.active = 1;
	hal.cut_after = 20; /* the second write stops inside the record */
	CHECK_EQ(fw_bootrec_write(&hal, &b), -1);
	r = record();
	CHECK_EQ(r.seq, 1);
	CHECK_EQ(r.active, 0); /* the update is lost, the old record holds */
	CHECK_EQ(fw_bootrec_write(&hal, &b), 0);
	r = record();
	CHECK_EQ(r.seq, 2);
	CHECK_EQ(r.active, 1);
}

int main(void)
{
	test_crc();
	test_blank();
	test_factory();
	test_update_rollback();
	test_bad_images();
	test_record_copies();
	return rv32_finish("rv32_boot");
}
