/* SPDX-License-Identifier: MIT */
/*
 * svnicctl flash IMAGE: check the image against what the card trusts,
 * upload it into the spare slot, reset the card and report what came up;
 * and the flash part of `card info`.
 */
#include "flash.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fw/image.h"
#include "output.h"
#include "svnic/flash.h"

#define POLL_US 100000u

static const char *slot_name(uint32_t s)
{
	return s == 0 ? "A" : s == 1 ? "B" : "?";
}

static void hex(const uint8_t *p, size_t n, char *out)
{
	for (size_t i = 0; i < n; i++)
		sprintf(out + 2 * i, "%02x", p[i]);
}

int svnicctl_print_slots(struct svnic *c, int json)
{
	struct svnic_flash_info fi;
	struct svnic_err e;
	char v[12], h[65];

	if (svnic_flash_info(c, &fi, &e) < 0) {
		if (e.code != -EBUSY && e.code != -EOPNOTSUPP)
			return svnicctl_card_error(json, &e);
		/* A card whose firmware cannot reach a flash, or predates the
		 * FLASH commands: say so, no error. */
		if (json)
			printf(", \"flash\": null");
		else
			printf("flash           %s\n", e.code == -EBUSY
			       ? "none reachable by the firmware"
			       : "not reported by this firmware");
		return 0;
	}
	if (json) {
		printf(", \"flash\": {\"running\": \"%s\", \"next\": \"%s\", \"target\": \"%s\", "
		       "\"min_version\": \"%s\", \"slots\": [",
		       slot_name(fi.running), slot_name(fi.next),
		       fw_image_target_name(fi.card_target), svnicctl_version(fi.min_version, v));
		for (uint32_t s = 0; s < SVNIC_FLASH_SLOTS; s++) {
			const struct svnic_flash_slot *sl = &fi.slot[s];
			hex(sl->payload_sha256, 32, h);
			printf("%s{\"slot\": \"%s\", \"state\": \"%s\", \"fw_version\": ", s ? ", " : "",
			       slot_name(s), svnic_slot_state_str(sl->state));
			if (sl->state == SVNIC_SLOT_EMPTY)
				printf("null, \"image_len\": 0, \"sha256\": null");
			else
				printf("\"%s\", \"image_len\": %u, \"sha256\": \"%s\"",
				       svnicctl_version(sl->fw_version, v), sl->image_len, h);
			printf(", \"running\": %s, \"next\": %s}", s == fi.running ? "true" : "false",
			       s == fi.next ? "true" : "false");
		}
		printf("]}");
		return 0;
	}
	printf("min firmware    %s (older images are refused)\n", svnicctl_version(fi.min_version, v));
	printf("SLOT  STATE    VERSION  BYTES    SHA-256 (payload)  BOOT\n");
	for (uint32_t s = 0; s < SVNIC_FLASH_SLOTS; s++) {
		const struct svnic_flash_slot *sl = &fi.slot[s];
		char boot[32] = "";
		hex(sl->payload_sha256, 8, h);
		if (s == fi.running)
			strcat(boot, "running");
		if (s == fi.next)
			strcat(boot, s == fi.running ? ", next" : "next");
		if (sl->state == SVNIC_SLOT_EMPTY)
			printf("%-5s %-8s %-8s %-8s %-18s %s\n", slot_name(s), "empty", "-", "-", "-",
			       boot);
		else
			printf("%-5s %-8s %-8s %-8u %-18s %s\n", slot_name(s),
			       svnic_slot_state_str(sl->state), svnicctl_version(sl->fw_version, v),
			       sl->image_len, h, boot);
	}
	return 0;
}

/* Reads the whole file, at most max bytes (one more is "too large"). */
static uint8_t *read_image(const char *path, size_t max, size_t *len, struct svnic_err *e)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf = NULL;

	if (f) {
		buf = malloc(max + 1);
		*len = buf ? fread(buf, 1, max + 1, f) : 0;
		if (!buf || ferror(f)) {
			free(buf);
			buf = NULL;
		}
	}
	if (!buf) {
		e->code = -errno;
		e->mbox_status = -1;
		snprintf(e->msg, sizeof(e->msg), "cannot read %s: %s", path, strerror(errno));
	}
	if (f)
		fclose(f);
	return buf;
}

struct progress {
	int tty;
	unsigned last; /* last percentage printed */
};

static void show_progress(void *ctx, size_t done, size_t total)
{
	struct progress *p = ctx;
	unsigned pct = (unsigned)(done * 100u / total);

	if (p->tty) {
		char bar[41];
		unsigned fill = pct * 40u / 100u;
		memset(bar, '#', fill);
		memset(bar + fill, '.', 40u - fill);
		bar[40] = '\0';
		fprintf(stderr, "\rwriting [%s] %3u%% %zu/%zu bytes", bar, pct, done, total);
		if (done == total)
			fputc('\n', stderr);
	} else if (pct >= p->last + 5u || done == total) {
		/* Logs get a line every 5%, not a line per chunk. */
		fprintf(stderr, "writing %3u%% %zu/%zu bytes\n", pct, done, total);
		p->last = pct;
	}
}

/* Why the image cannot go onto this card, with what to do about it. */
static void explain_refusal(int v, const struct fw_image_info *hi, const struct svnic_flash_info *fi)
{
	char a[12], b[12];
	switch (v) {
	case FW_IMAGE_BAD_TARGET:
		fprintf(stderr, "svnicctl: this card runs %s images; build the image for that "
				"target\n", fw_image_target_name(fi->card_target));
		break;
	case FW_IMAGE_DOWNGRADE:
		fprintf(stderr, "svnicctl: the image is version %s, the card's minimum is %s\n",
			svnicctl_version(hi->fw_version, a), svnicctl_version(fi->min_version, b));
		break;
	case FW_IMAGE_BAD_SIGNATURE:
		fprintf(stderr, "svnicctl: the image is not signed with the key this card "
				"trusts; sign it with that key (svnic-image build --key)\n");
		break;
	case FW_IMAGE_TRUNCATED:
	case FW_IMAGE_LENGTH_MISMATCH:
	case FW_IMAGE_BAD_HASH:
		fprintf(stderr, "svnicctl: the file is damaged; copy or build it again\n");
		break;
	default:
		break;
	}
}

/* Open the card again after a reset: it takes a moment to come back. */
static int reopen(const char *uri, unsigned timeout_ms, struct svnic **c, struct svnic_err *e)
{
	unsigned waited = 0;
	for (;;) {
		int rc = svnic_open(uri, NULL, c, e);
		if (rc == 0)
			return 0;
		if (waited >= timeout_ms)
			return rc;
		usleep(POLL_US);
		waited += POLL_US / 1000u;
	}
}

/*
 * After the reset: wait until the image that booted either confirmed itself
 * (its slot turns GOOD) or was rolled back (the card runs the other slot).
 * Every session may end again if the watchdog resets the card meanwhile.
 */
static int await_outcome(const char *uri, uint32_t slot, unsigned timeout_ms,
			 struct svnic_flash_info *fi, struct svnic_card_info *ci,
			 struct svnic_err *e)
{
	unsigned waited = 0;
	struct svnic *c = NULL;
	int rc = -ETIMEDOUT;

	while (waited <= timeout_ms) {
		if (!c && reopen(uri, timeout_ms - waited, &c, e) < 0)
			return -ETIMEDOUT;
		rc = svnic_flash_info(c, fi, e);
		if (rc == 0)
			rc = svnic_card_info(c, ci, e);
		if (rc < 0) {
			/* The card went down again (watchdog): start over. */
			svnic_close(c);
			c = NULL;
		} else if (fi->running != slot || fi->slot[slot].state == SVNIC_SLOT_GOOD) {
			svnic_close(c);
			return 0;
		}
		usleep(POLL_US);
		waited += POLL_US / 1000u;
	}
	svnic_close(c);
	return rc < 0 ? rc : -ETIMEDOUT;
}

int svnicctl_flash(const char *uri, const char *path, int json, int reset, unsigned timeout_s)
{
	struct svnic *c;
	struct svnic_err e;
	struct svnic_flash_info fi;
	struct svnic_card_info ci;
	struct fw_image_info hi;
	char v1[12], v2[12], v3[12];
	size_t len;
	uint32_t slot = 0, verdict = 0;
	int rc;

	uint8_t *img = read_image(path, SVNIC_FLASH_SLOT_BYTES, &len, &e);
	if (!img)
		return svnicctl_card_error(json, &e);
	if (svnic_open(uri, NULL, &c, &e) < 0 || svnic_flash_info(c, &fi, &e) < 0 ||
	    svnic_card_info(c, &ci, &e) < 0) {
		free(img);
		return svnicctl_card_error(json, &e);
	}

	/* The card's own check, run here first, so that an image the card
	 * would refuse is refused before anything is written. */
	int v = fw_image_check(img, len, fi.pubkey, fi.card_target, fi.min_version, &hi);
	if (v != FW_IMAGE_OK) {
		fw_image_check_header(img, len, 0, 0, &hi);
		snprintf(e.msg, sizeof(e.msg), "%s refused, nothing was written: %s (%s)", path,
			 fw_image_strerror(v), fw_image_errname(v));
		e.code = -EBADMSG;
		e.mbox_status = -1;
		svnicctl_card_error(json, &e);
		explain_refusal(v, &hi, &fi);
		svnic_close(c);
		free(img);
		return EXIT_CARD;
	}
	if (!json)
		printf("card runs %s from slot %s; writing %s (%zu bytes, version %s) to slot %s\n",
		       svnicctl_version(ci.fw_version, v1), slot_name(fi.running), path, len,
		       svnicctl_version(hi.fw_version, v2), slot_name(1u - fi.running));
	fflush(stdout);

	struct progress p = { .tty = isatty(STDERR_FILENO) };
	rc = svnic_flash_write(c, img, len, show_progress, &p, &slot, &verdict, &e);
	free(img);
	if (rc < 0) {
		svnic_close(c);
		return svnicctl_card_error(json, &e);
	}
	if (!reset) {
		svnic_close(c);
		if (json)
			printf("{\"slot\": \"%s\", \"fw_version\": \"%s\", \"state\": \"pending\", "
			       "\"reset\": false}\n", slot_name(slot), svnicctl_version(hi.fw_version, v1));
		else
			printf("slot %s verified by the card; it boots at the next card reset\n",
			       slot_name(slot));
		return 0;
	}

	uint32_t before = ci.fw_version;
	if (!json)
		printf("slot %s verified by the card; resetting the card\n", slot_name(slot));
	fflush(stdout);
	rc = svnic_card_reset(c, timeout_s * 1000u, &e);
	svnic_close(c);
	if (rc < 0)
		return svnicctl_card_error(json, &e);
	rc = await_outcome(uri, slot, timeout_s * 1000u, &fi, &ci, &e);
	if (rc < 0) {
		snprintf(e.msg, sizeof(e.msg), "the card did not come back with a confirmed image "
			 "within %u s after the reset; check it with 'svnicctl card info'", timeout_s);
		e.code = rc;
		e.mbox_status = -1;
		return svnicctl_card_error(json, &e);
	}
	bool ok = fi.running == slot;
	if (json) {
		printf("{\"slot\": \"%s\", \"fw_version\": \"%s\", \"previous_version\": \"%s\", "
		       "\"running\": \"%s\", \"running_version\": \"%s\", \"rolled_back\": %s}\n",
		       slot_name(slot), svnicctl_version(hi.fw_version, v1),
		       svnicctl_version(before, v2), slot_name(fi.running),
		       svnicctl_version(ci.fw_version, v3),
		       ok ? "false" : "true");
	} else if (ok) {
		printf("card came up with firmware %s from slot %s (was %s)\n",
		       svnicctl_version(ci.fw_version, v1), slot_name(fi.running),
		       svnicctl_version(before, v2));
	}
	if (!ok) {
		fprintf(stderr, "svnicctl: the new image in slot %s did not confirm itself healthy; "
				"the card rolled back to %s from slot %s\n", slot_name(slot),
			svnicctl_version(ci.fw_version, v1), slot_name(fi.running));
		return EXIT_CARD;
	}
	return 0;
}
