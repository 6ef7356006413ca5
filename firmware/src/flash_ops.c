/* SPDX-License-Identifier: MIT */
/*
 * Firmware update through the mailbox (svnic/mbox.h, FLASH_*), and the
 * card reset that starts the new image.
 *
 * Only the slot the card is not running from is written. The boot record
 * forgets that slot's old image before the slot is erased, and names the
 * new image (PENDING, active) only after it verified in place: whatever
 * happens in between (a refusal, a lost host, a power cut) leaves the card
 * booting the image it runs now.
 */
#include "fw/flash.h"
#include "fw/mbox_buf.h"
#include "fw/mem.h"

static const uint8_t *flash_of(struct fw_card *c, uint32_t *size)
{
	const uint8_t *f = fw_hal_flash(c->hal, size);
	return f && *size >= SVNIC_FLASH_BYTES ? f : 0;
}

/* The largest image this card takes: the format's limit, or a slot. */
static uint32_t max_image(void)
{
	return SVNIC_IMAGE_MAX_BYTES < SVNIC_FLASH_SLOT_BYTES ? SVNIC_IMAGE_MAX_BYTES
							       : SVNIC_FLASH_SLOT_BYTES;
}

static unsigned refuse(struct fw_card *c, union mbox_buf *rs, int verdict, uint32_t version)
{
	c->up.active = false;
	rs->rh.status = SVNIC_MBOX_ST_REFUSED;
	rs->flash_verdict.verdict = (uint32_t)verdict;
	rs->flash_verdict.fw_version = version;
	rs->flash_verdict.slot = c->up.slot;
	return sizeof(rs->flash_verdict);
}

unsigned fw_op_card_reset(struct fw_card *c, union mbox_buf *rq, union mbox_buf *rs)
{
	(void)rq;
	(void)rs;
	c->reset_requested = true; /* fw_mailbox_poll resets after the response */
	return sizeof(struct svnic_mbox_rsp_hdr);
}

unsigned fw_op_flash_info(struct fw_card *c, union mbox_buf *rq, union mbox_buf *rs)
{
	uint32_t size = 0;
	const uint8_t *flash = flash_of(c, &size);
	uint32_t slot = rq->flash_info.slot;
	if (!flash)
		return SVNIC_MBOX_ST_BAD_STATE;
	if (slot >= SVNIC_FLASH_SLOTS)
		return SVNIC_MBOX_ST_BAD_ARG;
	struct svnic_boot_record rec;
	fw_bootrec_read(flash, size, &rec); /* a blank flash reads as all EMPTY */

	struct svnic_mbox_flash_info_rsp *r = &rs->flash_info_rsp;
	r->running = c->running_slot;
	r->next = rec.active;
	r->card_target = FW_TARGET;
	r->min_version = rec.min_version;
	r->max_image = max_image();
	r->chunk_max = SVNIC_FLASH_CHUNK_MAX;
	r->slot = slot;
	r->state = rec.state[slot];
	if (rec.state[slot] != SVNIC_SLOT_EMPTY) {
		r->fw_version = rec.version[slot];
		r->image_len = rec.length[slot];
		fw_memcpy(r->payload_sha256,
			  flash + SVNIC_FLASH_SLOT_OFF(slot) +
				  offsetof(struct svnic_image_hdr, payload_sha256),
			  sizeof(r->payload_sha256));
	}
	const uint8_t *key = fw_hal_signing_key(c->hal);
	if (key)
		fw_memcpy(r->pubkey, key, sizeof(r->pubkey));
	return sizeof(*r);
}

unsigned fw_op_flash_begin(struct fw_card *c, union mbox_buf *rq, union mbox_buf *rs)
{
	uint32_t size = 0;
	const uint8_t *flash = flash_of(c, &size);
	uint32_t len = rq->flash_begin.image_len;
	if (!flash || !fw_hal_signing_key(c->hal))
		return SVNIC_MBOX_ST_BAD_STATE;
	if (len < SVNIC_IMAGE_HDR_BYTES + 1u + SVNIC_IMAGE_SIG_BYTES || len > max_image())
		return SVNIC_MBOX_ST_BAD_ARG;

	unsigned slot = 1u - c->running_slot;
	struct svnic_boot_record rec;
	fw_bootrec_read(flash, size, &rec);
	if (rec.state[slot] != SVNIC_SLOT_EMPTY || rec.active == slot) {
		/* The record stops naming the slot before a byte of it changes.
		 * An image staged there and not yet started is dropped too. */
		rec.state[slot] = SVNIC_SLOT_EMPTY;
		rec.version[slot] = 0;
		rec.length[slot] = 0;
		rec.active = c->running_slot;
		rec.tries = 0;
		if (fw_bootrec_write(c->hal, &rec) != 0)
			return SVNIC_MBOX_ST_BAD_STATE;
	}
	if (fw_hal_flash_erase(c->hal, SVNIC_FLASH_SLOT_OFF(slot), SVNIC_FLASH_SLOT_BYTES) != 0)
		return SVNIC_MBOX_ST_BAD_STATE;
	c->up = (struct fw_flash_upload){ .active = true, .slot = (uint8_t)slot, .len = len };
	rs->flash_begin_rsp.slot = slot;
	return sizeof(rs->flash_begin_rsp);
}

unsigned fw_op_flash_write(struct fw_card *c, union mbox_buf *rq, union mbox_buf *rs)
{
	const struct svnic_mbox_flash_write_req *w = &rq->flash_write;
	struct fw_flash_upload *up = &c->up;
	uint32_t size = 0;
	const uint8_t *flash = flash_of(c, &size);
	if (!flash || !up->active)
		return SVNIC_MBOX_ST_BAD_STATE;
	if (w->offset != up->written || w->len == 0 || w->len > SVNIC_FLASH_CHUNK_MAX ||
	    w->len > up->len - up->written)
		return SVNIC_MBOX_ST_BAD_ARG;
	if (fw_hal_flash_program(c->hal, SVNIC_FLASH_SLOT_OFF(up->slot) + w->offset, w->data,
				 w->len) != 0) {
		up->active = false;
		return SVNIC_MBOX_ST_BAD_STATE;
	}
	up->written += w->len;

	/* As soon as the header is in, refuse what can be refused from it: a
	 * wrong target, a downgrade or a length that does not add up need not
	 * wait for the whole image. */
	if (!up->header_ok && up->written >= SVNIC_IMAGE_HDR_BYTES) {
		struct svnic_boot_record rec;
		struct fw_image_info info;
		fw_bootrec_read(flash, size, &rec);
		int v = fw_image_check_header(flash + SVNIC_FLASH_SLOT_OFF(up->slot), up->len,
					      FW_TARGET, rec.min_version, &info);
		if (v != FW_IMAGE_OK)
			return refuse(c, rs, v, info.fw_version);
		up->header_ok = true;
	}
	return sizeof(struct svnic_mbox_rsp_hdr);
}

unsigned fw_op_flash_finish(struct fw_card *c, union mbox_buf *rq, union mbox_buf *rs)
{
	(void)rq;
	struct fw_flash_upload *up = &c->up;
	uint32_t size = 0;
	const uint8_t *flash = flash_of(c, &size);
	if (!flash || !up->active || up->written != up->len)
		return SVNIC_MBOX_ST_BAD_STATE;

	struct svnic_boot_record rec;
	struct fw_image_info info;
	fw_bootrec_read(flash, size, &rec);
	/* Verified where it will boot from: what was written, not what was sent. */
	int v = fw_image_check(flash + SVNIC_FLASH_SLOT_OFF(up->slot), up->len,
			       fw_hal_signing_key(c->hal), FW_TARGET, rec.min_version, &info);
	if (v != FW_IMAGE_OK)
		return refuse(c, rs, v, info.fw_version);

	rec.state[up->slot] = SVNIC_SLOT_PENDING;
	rec.version[up->slot] = info.fw_version;
	rec.length[up->slot] = up->len;
	rec.active = up->slot;
	rec.tries = 0;
	if (fw_bootrec_write(c->hal, &rec) != 0) {
		up->active = false;
		return SVNIC_MBOX_ST_BAD_STATE;
	}
	up->active = false;
	rs->flash_verdict.verdict = FW_IMAGE_OK;
	rs->flash_verdict.fw_version = info.fw_version;
	rs->flash_verdict.slot = up->slot;
	return sizeof(rs->flash_verdict);
}

void fw_flash_health(struct fw_card *c)
{
	if (c->confirmed)
		return;
	c->confirmed = true;
#ifndef SVNIC_FW_TEST_NEVER_CONFIRM
	/* Reached after a full pass with the datapath answering: the image
	 * works well enough to keep. */
	fw_boot_confirm(c->hal, c->running_slot);
#endif
}
