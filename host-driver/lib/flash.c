/* SPDX-License-Identifier: MIT */
/* Flash commands: slot information and image upload (svnic/mbox.h FLASH_*). */
#include <errno.h>
#include <string.h>

#include "fw/image.h"
#include "internal.h"
#include "svnic/flash.h"
#include "svnic/mbox.h"

static void hdr_init(struct svnic_mbox_hdr *h, uint16_t opcode, uint16_t len)
{
	h->opcode = opcode;
	h->len = len;
	h->vif = 0;
}

const char *svnic_slot_state_str(uint32_t state)
{
	switch (state) {
#define S_(name, val, short_name, desc) \
	case SVNIC_SLOT_##name: \
		return short_name;
		SVNIC_SLOT_STATES(S_)
#undef S_
	}
	return "unknown";
}

int svnic_flash_info(struct svnic *card, struct svnic_flash_info *info,
		     struct svnic_err *err)
{
	memset(info, 0, sizeof(*info));
	for (uint32_t s = 0; s < SVNIC_FLASH_SLOTS; s++) {
		struct svnic_mbox_flash_info_req q = { .slot = s };
		struct svnic_mbox_flash_info_rsp r;
		int rc;

		hdr_init(&q.h, SVNIC_MBOX_OP_FLASH_INFO, sizeof(q));
		rc = svnic_mbox_exec(card, &q, sizeof(q), &r, sizeof(r), sizeof(r), err);
		if (rc == -EBUSY && err)
			svnic_fail(err, rc, "the card has no flash its firmware can reach "
					    "(FLASH_INFO: BAD_STATE)");
		if (rc < 0)
			return rc;
		info->running = r.running;
		info->next = r.next;
		info->card_target = r.card_target;
		info->min_version = r.min_version;
		info->max_image = r.max_image;
		info->chunk_max = r.chunk_max;
		memcpy(info->pubkey, r.pubkey, sizeof(info->pubkey));
		info->slot[s].state = r.state;
		info->slot[s].fw_version = r.fw_version;
		info->slot[s].image_len = r.image_len;
		memcpy(info->slot[s].payload_sha256, r.payload_sha256,
		       sizeof(info->slot[s].payload_sha256));
	}
	return 0;
}

/* A REFUSED answer: the verdict, in words. */
static int refused(const struct svnic_mbox_flash_verdict_rsp *r, const char *when,
		   uint32_t *verdict, struct svnic_err *err)
{
	if (verdict)
		*verdict = r->verdict;
	svnic_fail(err, -EBADMSG, "the card refused the image %s: %s (%s); nothing "
				  "changed, the card still boots the image it runs",
		   when, fw_image_strerror((int)r->verdict), fw_image_errname((int)r->verdict));
	if (err)
		err->mbox_status = SVNIC_MBOX_ST_REFUSED;
	return -EBADMSG;
}

int svnic_flash_write(struct svnic *card, const uint8_t *img, size_t len,
		      svnic_flash_progress_fn progress, void *ctx,
		      uint32_t *slot, uint32_t *verdict, struct svnic_err *err)
{
	struct svnic_mbox_flash_begin_req b = { .image_len = (uint32_t)len };
	struct svnic_mbox_flash_begin_rsp br;
	struct svnic_mbox_flash_verdict_rsp vr;
	int rc;

	if (verdict)
		*verdict = FW_IMAGE_OK;
	if (!img || len == 0 || len > SVNIC_FLASH_SLOT_BYTES)
		return svnic_fail(err, -EINVAL, "an image of %zu bytes cannot fit a flash slot "
						"(%u bytes)", len, SVNIC_FLASH_SLOT_BYTES);
	hdr_init(&b.h, SVNIC_MBOX_OP_FLASH_BEGIN, sizeof(b));
	rc = svnic_mbox_exec(card, &b, sizeof(b), &br, sizeof(br), sizeof(br), err);
	if (rc < 0)
		return rc;

	for (size_t off = 0; off < len;) {
		struct svnic_mbox_flash_write_req w;
		size_t n = len - off < SVNIC_FLASH_CHUNK_MAX ? len - off : SVNIC_FLASH_CHUNK_MAX;

		hdr_init(&w.h, SVNIC_MBOX_OP_FLASH_WRITE, sizeof(w));
		w.offset = (uint32_t)off;
		w.len = (uint32_t)n;
		memset(w.data, 0, sizeof(w.data));
		memcpy(w.data, img + off, n);
		rc = svnic_mbox_exec(card, &w, sizeof(w), &vr, sizeof(vr),
				     sizeof(struct svnic_mbox_rsp_hdr), err);
		if (rc == -EBADMSG)
			return refused(&vr, "from its header", verdict, err);
		if (rc < 0)
			return rc;
		off += n;
		if (progress)
			progress(ctx, off, len);
	}

	struct svnic_mbox_hdr f;
	hdr_init(&f, SVNIC_MBOX_OP_FLASH_FINISH, sizeof(f));
	rc = svnic_mbox_exec(card, &f, sizeof(f), &vr, sizeof(vr), sizeof(vr), err);
	if (rc == -EBADMSG)
		return refused(&vr, "after verifying it", verdict, err);
	if (rc < 0)
		return rc;
	if (slot)
		*slot = vr.slot;
	return 0;
}
