/* SPDX-License-Identifier: MIT */
/*
 * libsvnic above the transport: opening a card, the mailbox client and the
 * typed mailbox commands.
 */
#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "svnic/mbox.h"
#include "svnic/regs.h"
#include "svnic/svnic_transport.h"
#include "svnic/virtio.h"

#if !defined(__BYTE_ORDER__) || __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "the mailbox structs are copied word by word: little-endian hosts only"
#endif

#define MBOX_TIMEOUT_MS_DEFAULT 2000u
#define LOCK_TIMEOUT_MS_DEFAULT 1000u
#define MBOX_WORDS (SVNIC_MBOX_BYTES / 4u)

struct svnic {
	pthread_mutex_t lock; /* held for each public call */
	const struct svnic_transport_ops *ops;
	void *ctx;
	unsigned mbox_timeout_ms;
	unsigned lock_timeout_ms;
	uint32_t regmap_version;
	uint32_t num_vifs;
	uint32_t qpv;
	char name[64]; /* transport name, for messages */
};

static const char *op_name(uint32_t op)
{
	switch (op) {
#define O_(name, val, desc) \
	case SVNIC_MBOX_OP_##name: \
		return #name;
		SVNIC_MBOX_OPS(O_)
#undef O_
	}
	return "UNKNOWN_OPCODE";
}

/* ---- Opening ---- */

static int reg_read(struct svnic *c, uint32_t reg, uint32_t *v,
		    struct svnic_err *err)
{
	return c->ops->reg_read(c->ctx, reg, v, err);
}

static int reg_write(struct svnic *c, uint32_t reg, uint32_t v,
		     struct svnic_err *err)
{
	return c->ops->reg_write(c->ctx, reg, v, err);
}

int svnic_open_transport(const struct svnic_transport_ops *ops, void *ctx,
			 const struct svnic_open_opts *opts, struct svnic **card,
			 struct svnic_err *err)
{
	struct svnic *c;
	uint32_t id = 0;
	int rc;

	if (!ops || !card) {
		if (ops && ops->close)
			ops->close(ctx);
		return svnic_fail(err, -EINVAL, "svnic_open_transport: bad arguments");
	}
	c = calloc(1, sizeof(*c));
	if (!c) {
		ops->close(ctx);
		return svnic_fail(err, -ENOMEM, "out of memory");
	}
	c->ops = ops;
	c->ctx = ctx;
	c->mbox_timeout_ms = opts && opts->mbox_timeout_ms ? opts->mbox_timeout_ms
							     : MBOX_TIMEOUT_MS_DEFAULT;
	c->lock_timeout_ms = opts && opts->lock_timeout_ms ? opts->lock_timeout_ms
							     : LOCK_TIMEOUT_MS_DEFAULT;
	snprintf(c->name, sizeof(c->name), "%s", ops->name ? ops->name : "?");
	pthread_mutex_init(&c->lock, NULL);

	rc = reg_read(c, SVNIC_HOST_ID, &id, err);
	if (rc == 0 && id != SVNIC_ID_MAGIC)
		rc = svnic_fail(err, -ENODEV,
				"the %s device is not an svnic card (ID register "
				"reads 0x%08x, expected 0x%08x); check the card URI",
				c->name, id, SVNIC_ID_MAGIC);
	if (rc == 0)
		rc = reg_read(c, SVNIC_HOST_VERSION, &c->regmap_version, err);
	if (rc == 0 && (c->regmap_version >> 16) != (SVNIC_REGMAP_VERSION >> 16))
		rc = svnic_fail(err, -EPROTONOSUPPORT,
				"the card's register map is version %u.%u, libsvnic "
				"knows %u.x; use a matching libsvnic or card image",
				c->regmap_version >> 16, c->regmap_version & 0xffffu,
				SVNIC_REGMAP_VERSION >> 16);
	if (rc == 0)
		rc = reg_read(c, SVNIC_HOST_NUM_VIFS, &c->num_vifs, err);
	if (rc == 0)
		rc = reg_read(c, SVNIC_HOST_QUEUES_PER_VIF, &c->qpv, err);
	if (rc == 0 && (c->num_vifs == 0 || c->qpv == 0 || c->num_vifs > 4096u ||
			c->qpv > 256u))
		rc = svnic_fail(err, -EPROTO,
				"the card reports %u VIFs with %u queues each, "
				"which libsvnic cannot use; check the card image",
				c->num_vifs, c->qpv);
	if (rc < 0) {
		svnic_close(c);
		return rc;
	}
	*card = c;
	return 0;
}

int svnic_uri_parse(const char *uri, struct svnic_uri *out,
		    struct svnic_err *err)
{
	const char *colon;
	const char *t;
	size_t slen;

	if (!uri || !*uri)
		return svnic_fail(err, -EINVAL,
				  "empty card URI; use sim:PATH (svnic-sim's "
				  "socket), e.g. " SVNIC_DEFAULT_URI);
	colon = strchr(uri, ':');
	if (!colon)
		return svnic_fail(err, -EINVAL,
				  "card URI '%s' has no scheme; use sim:PATH "
				  "(e.g. sim:%s if that is svnic-sim's socket)",
				  uri, uri);
	slen = (size_t)(colon - uri);
	t = colon + 1;
	if (strlen(t) >= sizeof(out->target))
		return svnic_fail(err, -EINVAL, "card URI '%.40s...' is too long",
				  uri);
	if (slen == 3 && memcmp(uri, "sim", 3) == 0) {
		if (!*t || strlen(t) >= 108)
			return svnic_fail(err, -EINVAL,
					  "card URI '%s': sim: needs the path of "
					  "svnic-sim's Unix socket (1..107 bytes)",
					  uri);
		out->scheme = SVNIC_URI_SIM;
	} else if (slen == 3 && memcmp(uri, "xrt", 3) == 0) {
		size_t n = strlen(t);

		if (n == 0 || n > 2 || strspn(t, "0123456789") != n || atoi(t) > 63)
			return svnic_fail(err, -EINVAL,
					  "card URI '%s': xrt: needs XRT's device index, "
					  "0..63 (e.g. xrt:0)", uri);
		out->scheme = SVNIC_URI_XRT;
	} else {
		return svnic_fail(err, -EINVAL,
				  "unknown card URI scheme '%.*s' in '%s'; use "
				  "sim:PATH (the socket of svnic-sim) or xrt:N (an "
				  "Alveo card)",
				  (int)(slen > 32 ? 32 : slen), uri, uri);
	}
	memcpy(out->target, t, strlen(t) + 1);
	return 0;
}

int svnic_open(const char *uri, const struct svnic_open_opts *opts,
	       struct svnic **card, struct svnic_err *err)
{
	const struct svnic_transport_ops *ops = NULL;
	struct svnic_uri u;
	void *ctx = NULL;
	int rc;

	if (!card)
		return svnic_fail(err, -EINVAL, "svnic_open: card is NULL");
	if (!uri)
		uri = getenv(SVNIC_CARD_ENV);
	if (!uri)
		uri = SVNIC_DEFAULT_URI;
	rc = svnic_uri_parse(uri, &u, err);
	if (rc < 0)
		return rc;
	switch (u.scheme) {
	case SVNIC_URI_SIM:
		rc = svnic_sim_connect(u.target, opts ? opts->link_timeout_ms : 0,
				       &ops, &ctx, err);
		break;
	case SVNIC_URI_XRT:
		rc = svnic_xrt_connect((unsigned)atoi(u.target), &ops, &ctx, err);
		break;
	}
	if (rc < 0)
		return rc;
	rc = svnic_open_transport(ops, ctx, opts, card, err);
	if (rc == 0)
		snprintf((*card)->name, sizeof((*card)->name), "%s", uri);
	return rc;
}

void svnic_close(struct svnic *card)
{
	if (!card)
		return;
	if (card->ops && card->ops->close)
		card->ops->close(card->ctx);
	pthread_mutex_destroy(&card->lock);
	free(card);
}

uint32_t svnic_num_vifs(const struct svnic *card)
{
	return card->num_vifs;
}

uint32_t svnic_queues_per_vif(const struct svnic *card)
{
	return card->qpv;
}

uint32_t svnic_regmap_version(const struct svnic *card)
{
	return card->regmap_version;
}

uint32_t svnic_queue_vector(const struct svnic *card, uint32_t vif,
			    uint32_t queue)
{
	return vif * card->qpv + queue;
}

static int check_vif(const struct svnic *c, uint32_t vif, struct svnic_err *err);

uint32_t svnic_config_vector(const struct svnic *card, uint32_t vif)
{
	return SVNIC_IRQ_CONFIG_VECTOR(card->num_vifs, card->qpv, vif);
}

int svnic_config_irq_set(struct svnic *card, uint32_t vif, int fd,
			 struct svnic_err *err)
{
	int rc = check_vif(card, vif, err);

	if (rc < 0)
		return rc;
	if ((card->regmap_version & 0xffffu) < 3u) /* 2.3: the config vectors */
		return svnic_fail(err, -EOPNOTSUPP,
				  "card %s (register map %u.%u) does not deliver "
				  "configuration-change interrupts; they need 2.3",
				  card->name, card->regmap_version >> 16,
				  card->regmap_version & 0xffffu);
	return card->ops->set_irq(card->ctx, svnic_config_vector(card, vif), fd, err);
}

/* ---- Mailbox ---- */

static int mbox_acquire(struct svnic *c, struct svnic_err *err)
{
	uint64_t deadline = svnic_now_ms() + c->lock_timeout_ms;
	/* One try per 100 us at best: this caps the loop even if the clock
	 * were to stall. */
	unsigned max_tries = c->lock_timeout_ms * 10u + 10u;

	for (unsigned i = 0; i < max_tries; i++) {
		uint32_t v = 0;
		int rc = reg_read(c, SVNIC_HOST_MBOX_LOCK, &v, err);

		if (rc < 0)
			return rc;
		if (v == 1)
			return 0;
		if (svnic_now_ms() >= deadline)
			break;
		svnic_sleep_us(i < 10 ? 100u : 1000u);
	}
	return svnic_fail(err, -ETIMEDOUT,
			  "the mailbox of card %s has been held by another "
			  "client for more than %u ms; another svnicctl or "
			  "svnicd may be stuck in a command: retry, and restart "
			  "the card (or svnic-sim) if it persists",
			  c->name, c->lock_timeout_ms);
}

static void mbox_release(struct svnic *c)
{
	/* Any write releases; a failure here has nothing better to report
	 * than the error already being returned. */
	(void)reg_write(c, SVNIC_HOST_MBOX_LOCK, 0, NULL);
}

static int mbox_wait_done(struct svnic *c, uint32_t opcode,
			  struct svnic_err *err)
{
	uint64_t deadline = svnic_now_ms() + c->mbox_timeout_ms;
	unsigned max_polls = c->mbox_timeout_ms * 20u + 64u;
	uint32_t st = 0;

	for (unsigned i = 0; i < max_polls; i++) {
		int rc = reg_read(c, SVNIC_HOST_MBOX_STATUS, &st, err);

		if (rc < 0)
			return rc;
		if (st & SVNIC_MBOX_STATUS_DONE)
			return 0;
		if (svnic_now_ms() >= deadline)
			break;
		/* Fast commands finish within a few polls; then back off to
		 * at most 1 ms between polls. */
		if (i >= 16)
			svnic_sleep_us(i < 36 ? 50u * (i - 15u) : 1000u);
	}
	return svnic_fail(err, -ETIMEDOUT,
			  "the firmware of card %s did not complete %s within "
			  "%u ms (MBOX_STATUS 0x%x%s); check that the firmware "
			  "is running, then reset the card",
			  c->name, op_name(opcode), c->mbox_timeout_ms, st,
			  st & SVNIC_MBOX_STATUS_BUSY ? ", busy" : ", idle");
}

/* The mailbox sequence; c->lock held. */
static int mbox_exec_locked(struct svnic *c, const void *req, size_t req_len,
			    void *rsp, size_t rsp_size, size_t min_rsp_len,
			    struct svnic_err *err)
{
	uint32_t words[MBOX_WORDS];
	struct svnic_mbox_hdr hdr;
	uint32_t rsp_words[MBOX_WORDS];
	uint32_t status, len, nwords;
	int rc;

	if (!req || req_len < sizeof(hdr) || req_len > SVNIC_MBOX_BYTES || !rsp ||
	    rsp_size < sizeof(struct svnic_mbox_rsp_hdr))
		return svnic_fail(err, -EINVAL,
				  "mailbox request of %zu bytes or response "
				  "buffer of %zu bytes out of range",
				  req_len, rsp_size);
	memcpy(&hdr, req, sizeof(hdr));
	memset(words, 0, sizeof(words));
	memcpy(words, req, req_len);

	rc = mbox_acquire(c, err);
	if (rc < 0)
		return rc;
	for (uint32_t i = 0; rc == 0 && i < (req_len + 3u) / 4u; i++)
		rc = reg_write(c, SVNIC_HOST_MBOX_CMD + 4u * i, words[i], err);
	if (rc == 0)
		rc = reg_write(c, SVNIC_HOST_MBOX_DOORBELL, 1, err);
	if (rc == 0)
		rc = mbox_wait_done(c, hdr.opcode, err);
	if (rc == 0)
		rc = reg_read(c, SVNIC_HOST_MBOX_RSP, &rsp_words[0], err);
	if (rc == 0)
		rc = reg_read(c, SVNIC_HOST_MBOX_RSP + 4u, &rsp_words[1], err);
	if (rc < 0) {
		mbox_release(c);
		return rc;
	}
	status = rsp_words[0];
	len = rsp_words[1];
	if (len < sizeof(struct svnic_mbox_rsp_hdr) || len > SVNIC_MBOX_BYTES ||
	    len % 4u) {
		mbox_release(c);
		return svnic_fail(err, -EPROTO,
				  "the firmware of card %s answered %s with a "
				  "response length of %u bytes (must be 8..%u, a "
				  "multiple of 4); firmware and libsvnic disagree "
				  "on the mailbox ABI",
				  c->name, op_name(hdr.opcode), len,
				  SVNIC_MBOX_BYTES);
	}
	nwords = len / 4u;
	if (nwords > (uint32_t)(rsp_size / 4u))
		nwords = (uint32_t)(rsp_size / 4u);
	for (uint32_t i = 2; rc == 0 && i < nwords; i++)
		rc = reg_read(c, SVNIC_HOST_MBOX_RSP + 4u * i, &rsp_words[i], err);
	mbox_release(c);
	if (rc < 0)
		return rc;
	memset(rsp, 0, rsp_size);
	memcpy(rsp, rsp_words, nwords * 4u < rsp_size ? nwords * 4u : rsp_size);

	if (status != SVNIC_MBOX_ST_OK) {
		rc = svnic_mbox_status_errno(status);
		svnic_fail(err, rc, "card %s refused %s (VIF %u): %s: %s", c->name,
			   op_name(hdr.opcode), hdr.vif,
			   svnic_mbox_status_name(status),
			   svnic_mbox_status_str(status));
		if (err)
			err->mbox_status = (int)status;
		return rc;
	}
	if (len < min_rsp_len)
		return svnic_fail(err, -EPROTO,
				  "the firmware of card %s answered %s with %u "
				  "bytes, %zu expected; firmware and libsvnic "
				  "disagree on the mailbox ABI",
				  c->name, op_name(hdr.opcode), len, min_rsp_len);
	return 0;
}

int svnic_mbox_exec(struct svnic *card, const void *req, size_t req_len,
		    void *rsp, size_t rsp_size, size_t min_rsp_len,
		    struct svnic_err *err)
{
	int rc;

	pthread_mutex_lock(&card->lock);
	rc = mbox_exec_locked(card, req, req_len, rsp, rsp_size, min_rsp_len, err);
	pthread_mutex_unlock(&card->lock);
	return rc;
}

static void hdr_init(struct svnic_mbox_hdr *h, uint16_t opcode, uint16_t len,
		     uint32_t vif)
{
	h->opcode = opcode;
	h->len = len;
	h->vif = vif;
}

static int check_vif(const struct svnic *c, uint32_t vif, struct svnic_err *err)
{
	if (vif < c->num_vifs)
		return 0;
	return svnic_fail(err, -ENOENT,
			  "VIF %u does not exist: card %s has VIFs 0..%u", vif,
			  c->name, c->num_vifs - 1);
}

/* A request that is the bare header and a response of type `rsp`. */
static int simple_cmd(struct svnic *c, uint16_t opcode, uint32_t vif,
		      void *rsp, size_t rsp_size, struct svnic_err *err)
{
	struct svnic_mbox_hdr req;

	hdr_init(&req, opcode, sizeof(req), vif);
	return svnic_mbox_exec(c, &req, sizeof(req), rsp, rsp_size, rsp_size, err);
}

/* ---- Typed commands ---- */

int svnic_card_info(struct svnic *card, struct svnic_card_info *info,
		    struct svnic_err *err)
{
	struct svnic_mbox_card_info_rsp r;
	struct svnic_mbox_hdr req;
	int rc;

	/* Firmware before the frame limit answers the shorter response: its
	 * datapath carried standard frames. */
	memset(&r, 0, sizeof(r));
	hdr_init(&req, SVNIC_MBOX_OP_CARD_INFO, sizeof(req), 0);
	rc = svnic_mbox_exec(card, &req, sizeof(req), &r, sizeof(r),
			     SVNIC_MBOX_CARD_INFO_V1_LEN, err);
	if (rc < 0)
		return rc;
	if (r.h.len < SVNIC_MBOX_CARD_INFO_V2_LEN)
		r.max_frame = SVNIC_ETH_MAX_FRAME;
	if (r.h.len < sizeof(r))
		r.features = 0;
	info->abi_version = r.abi_version;
	info->fw_version = r.fw_version;
	info->num_vifs = r.num_vifs;
	info->queues_per_vif = r.queues_per_vif;
	info->max_queue_size = r.max_queue_size;
	info->max_windows = r.max_windows;
	info->max_frame = r.max_frame;
	info->features = r.features;
	return 0;
}

int svnic_card_reset(struct svnic *card, unsigned timeout_ms,
		     struct svnic_err *err)
{
	struct svnic_mbox_rsp r;
	int rc;

	if (!card->ops->wait_reset)
		return svnic_fail(err, -EOPNOTSUPP,
				  "card %s: the %s transport cannot follow a card reset",
				  card->name, card->ops->name);
	rc = simple_cmd(card, SVNIC_MBOX_OP_CARD_RESET, 0, &r, sizeof(r), err);
	if (rc < 0)
		return rc;
	pthread_mutex_lock(&card->lock);
	rc = card->ops->wait_reset(card->ctx, timeout_ms ? timeout_ms : 10000u, err);
	pthread_mutex_unlock(&card->lock);
	return rc;
}

int svnic_card_stats(struct svnic *card, struct svnic_card_stats *stats,
		     struct svnic_err *err)
{
	struct svnic_mbox_card_stats_rsp r;
	struct svnic_mbox_hdr req;
	int rc;

	/* Firmware before the drop reasons of the forwarding table answers
	 * the shorter response: those counters read 0 then. */
	memset(&r, 0, sizeof(r));
	hdr_init(&req, SVNIC_MBOX_OP_CARD_STATS, sizeof(req), 0);
	rc = svnic_mbox_exec(card, &req, sizeof(req), &r, sizeof(r),
			     SVNIC_MBOX_CARD_STATS_V1_LEN, err);
	if (rc < 0)
		return rc;
	if (r.h.len < sizeof(r))
		r.wire_rx_drop_nomember = r.tx_drop_srcdis = 0;
	stats->wire_rx_frames = r.wire_rx_frames;
	stats->wire_rx_drop_novif = r.wire_rx_drop_novif;
	stats->wire_rx_drop_err = r.wire_rx_drop_err;
	stats->wire_tx_frames = r.wire_tx_frames;
	stats->wire_rx_drop_nomember = r.wire_rx_drop_nomember;
	stats->tx_drop_srcdis = r.tx_drop_srcdis;
	return 0;
}

int svnic_vif_create(struct svnic *card, const uint8_t mac[6], uint32_t *vif,
		     struct svnic_err *err)
{
	return svnic_vif_create_opts(card, mac, NULL, vif, err);
}

/* The range of rates the scheduler keeps, in whole kbit/s as the mailbox
 * carries them: RATE from 1 to SVNIC_TXS_RATE_MAX after rounding. */
static uint64_t tx_rate_min_bps(void)
{
	uint64_t den = 8ull * SVNIC_CLOCK_HZ, step = 1000ull * SVNIC_TXS_TICK_CYCLES;
	return (den / 2u + step - 1u) / step * 1000u;
}

static uint64_t tx_rate_max_bps(void)
{
	uint64_t den = 8ull * SVNIC_CLOCK_HZ, step = 1000ull * SVNIC_TXS_TICK_CYCLES;
	return ((2ull * SVNIC_TXS_RATE_MAX + 1u) * den / 2u - 1u) / step * 1000u;
}

int svnic_tx_rate_check(uint64_t bps, struct svnic_err *err)
{
	/* The mailbox carries kbit/s; the scheduler bytes per tick. */
	uint64_t kbps = bps / 1000u;
	uint32_t units = kbps > UINT32_MAX ? UINT32_MAX : svnic_txs_rate_units((uint32_t)kbps);

	if (bps == 0 || (kbps <= UINT32_MAX && units >= 1u && units <= SVNIC_TXS_RATE_MAX))
		return 0;
	return svnic_fail(err, -EINVAL,
			  "rate %" PRIu64 " bit/s is out of range: the card limits "
			  "rates from %" PRIu64 " bit/s to %" PRIu64 " bit/s (0 is unlimited)",
			  bps, tx_rate_min_bps(), tx_rate_max_bps());
}

/* TX settings shared by VIF_CREATE and VIF_SET, checked: 0 or -EINVAL. */
static int tx_check(uint16_t weight, bool weight_zero_ok, uint64_t bps, uint32_t burst,
		    bool burst_zero_ok, struct svnic_err *err)
{
	if ((weight == 0 && !weight_zero_ok) || weight > SVNIC_TXS_WEIGHT_MAX)
		return svnic_fail(err, -EINVAL, "weight %u is out of range: use 1..%u", weight,
				  SVNIC_TXS_WEIGHT_MAX);
	if ((burst == 0 && !burst_zero_ok) || burst > SVNIC_TXS_BURST_MAX)
		return svnic_fail(err, -EINVAL, "burst %u bytes is out of range: use 1..%u", burst,
				  SVNIC_TXS_BURST_MAX);
	return svnic_tx_rate_check(bps, err);
}

int svnic_vif_create_opts(struct svnic *card, const uint8_t mac[6],
			  const struct svnic_vif_opts *opts, uint32_t *vif,
			  struct svnic_err *err)
{
	struct svnic_mbox_vif_create_req req;
	struct svnic_mbox_vif_create_rsp r;
	char m[SVNIC_MAC_STRLEN];
	int rc;

	if (!mac || !vif)
		return svnic_fail(err, -EINVAL, "svnic_vif_create: NULL argument");
	if (!svnic_mac_is_unicast(mac))
		return svnic_fail(err, -EINVAL,
				  "MAC %s cannot name a VIF: it is %s; use a "
				  "unicast address such as 02:00:00:00:00:01",
				  svnic_mac_format(mac, m),
				  mac[0] & 1u ? "multicast or broadcast"
					      : "all zeros");
	if (opts && opts->vlan > SVNIC_VLAN_MAX)
		return svnic_fail(err, -EINVAL,
				  "VLAN id %u is out of range: use 0 (untagged) "
				  "or 1..%u",
				  opts->vlan, SVNIC_VLAN_MAX);
	rc = opts ? tx_check(opts->tx_weight, true, opts->tx_rate_bps, opts->tx_burst, true, err) : 0;
	if (rc < 0)
		return rc;
	uint32_t pairs = opts && opts->queue_pairs ? opts->queue_pairs : 1u;
	if (pairs > svnic_max_queue_pairs(card))
		return svnic_fail(err, -EINVAL,
				  "%u queue pairs is out of range: card %s gives a "
				  "VIF 1..%u",
				  pairs, card->name, svnic_max_queue_pairs(card));
	bool tx = opts && (opts->tx_weight || opts->tx_rate_bps || opts->tx_burst);
	memset(&req, 0, sizeof(req));
	/* Without TX settings or pairs, the first layout: firmware of any age
	 * takes it. */
	hdr_init(&req.h, SVNIC_MBOX_OP_VIF_CREATE,
		 tx || pairs > 1u ? sizeof(req) : SVNIC_MBOX_VIF_CREATE_V1_LEN, 0);
	memcpy(req.mac, mac, 6);
	req.vlan = opts ? opts->vlan : 0;
	if (tx) {
		req.tx_weight = opts->tx_weight;
		req.tx_rate_kbps = (uint32_t)(opts->tx_rate_bps / 1000u);
		req.tx_burst = opts->tx_burst;
	}
	req.queue_pairs = (uint16_t)(pairs > 1u ? pairs : 0u);
	rc = svnic_mbox_exec(card, &req, req.h.len, &r, sizeof(r), sizeof(r),
			     err);
	if (rc < 0)
		return rc;
	if (r.vif >= card->num_vifs)
		return svnic_fail(err, -EPROTO,
				  "the firmware of card %s created VIF %u, beyond "
				  "its %u VIFs",
				  card->name, r.vif, card->num_vifs);
	*vif = r.vif;
	return 0;
}

int svnic_vif_destroy(struct svnic *card, uint32_t vif, struct svnic_err *err)
{
	struct svnic_mbox_rsp r;
	int rc = check_vif(card, vif, err);

	if (rc < 0)
		return rc;
	return simple_cmd(card, SVNIC_MBOX_OP_VIF_DESTROY, vif, &r, sizeof(r), err);
}

uint32_t svnic_max_queue_pairs(const struct svnic *card)
{
	/* The firmware checks its own limit too (VIF_CREATE BAD_ARG). */
	uint32_t p = card->qpv > 2u ? (card->qpv - 1u) / 2u : 1u;
	return p < SVNIC_MAX_QUEUE_PAIRS ? p : SVNIC_MAX_QUEUE_PAIRS;
}

/* VIF_QUERY_QUEUES, as many times as the pairs take. Firmware without it
 * has one pair per VIF. */
static int query_queues(struct svnic *card, uint32_t vif, struct svnic_vif_info *info,
			struct svnic_err *err)
{
	info->queue_pairs = 1;
	info->active_pairs = 1;
	info->queues_attached = info->queues;
	for (uint32_t first = 0; first < info->queue_pairs; first += SVNIC_QUERY_QUEUES_PAIRS) {
		struct svnic_mbox_vif_query_queues_req req;
		struct svnic_mbox_vif_query_queues_rsp r;
		struct svnic_err qerr;

		memset(&req, 0, sizeof(req));
		hdr_init(&req.h, SVNIC_MBOX_OP_VIF_QUERY_QUEUES, sizeof(req), vif);
		req.first_pair = first;
		/* Firmware before the device status answers without it:
		 * status 0, not driven. */
		memset(&r, 0, sizeof(r));
		if (svnic_mbox_exec(card, &req, sizeof(req), &r, sizeof(r),
				    SVNIC_MBOX_VIF_QUERY_QUEUES_V1_LEN, &qerr) < 0) {
			if (qerr.mbox_status == SVNIC_MBOX_ST_BAD_OPCODE && first == 0)
				return 0;
			*err = qerr;
			return qerr.code;
		}
		if (r.queue_pairs < 1u || r.queue_pairs > SVNIC_MAX_QUEUE_PAIRS || r.first_pair != first)
			return svnic_fail(err, -EPROTO,
					  "the firmware of card %s reports %u queue pairs "
					  "(from pair %u) for VIF %u: 1..%u expected",
					  card->name, r.queue_pairs, r.first_pair, vif,
					  SVNIC_MAX_QUEUE_PAIRS);
		info->queue_pairs = r.queue_pairs;
		info->active_pairs = r.active_pairs;
		info->queues_attached = r.attached;
		info->status = r.status;
		info->status_driven = r.status_driven != 0;
		info->queue_resets = r.queue_resets;
		for (uint32_t i = 0; i < SVNIC_QUERY_QUEUES_PAIRS && first + i < r.queue_pairs; i++) {
			info->pair_rx_frames[first + i] = r.pair[i].rx_frames;
			info->pair_tx_frames[first + i] = r.pair[i].tx_frames;
		}
	}
	return 0;
}

int svnic_vif_query(struct svnic *card, uint32_t vif,
		    struct svnic_vif_info *info, struct svnic_err *err)
{
	struct svnic_mbox_vif_query_rsp r;
	int rc = check_vif(card, vif, err);

	if (rc == 0) {
		struct svnic_mbox_hdr req;

		/* Firmware without VLANs answers the shorter response: the
		 * forwarding fields read 0 (untagged, no flags) then. */
		memset(&r, 0, sizeof(r));
		hdr_init(&req, SVNIC_MBOX_OP_VIF_QUERY, sizeof(req), vif);
		rc = svnic_mbox_exec(card, &req, sizeof(req), &r, sizeof(r),
				     SVNIC_MBOX_VIF_QUERY_V1_LEN, err);
	}
	if (rc < 0)
		return rc;
	if (r.h.len < SVNIC_MBOX_VIF_QUERY_V2_LEN)
		r.vlan = r.promisc = r.allmulti = 0;
	if (r.h.len < sizeof(r))
		r.tx_csum_bad = 0;
	memset(info, 0, sizeof(*info));
	info->vif = vif;
	info->state = r.state;
	info->error = r.error;
	memcpy(info->mac, r.mac, 6);
	info->queues = r.queues;
	info->features = r.features;
	info->rx_frames = r.rx_frames;
	info->rx_bytes = r.rx_bytes;
	info->rx_drop_full = r.rx_drop_full;
	info->tx_frames = r.tx_frames;
	info->tx_bytes = r.tx_bytes;
	info->rx_delivered = r.rx_delivered;
	info->rx_drop_small = r.rx_drop_small;
	info->tx_bad_frames = r.tx_bad_frames;
	info->notifies = r.notifies;
	info->errors = r.errors;
	info->tx_csum_bad = r.tx_csum_bad;
	info->tx_csum_refused = r.tx_csum_refused;
	info->vlan = r.vlan;
	info->promisc = r.promisc != 0;
	info->allmulti = r.allmulti != 0;
	/* Firmware without TX scheduling does not know VIF_QUERY_TX: its
	 * settings then read 0 (tx_weight 0: not reported). */
	struct svnic_mbox_vif_query_tx_rsp t;
	struct svnic_mbox_hdr treq;
	struct svnic_err terr;
	hdr_init(&treq, SVNIC_MBOX_OP_VIF_QUERY_TX, sizeof(treq), vif);
	memset(&t, 0, sizeof(t));
	if (svnic_mbox_exec(card, &treq, sizeof(treq), &t, sizeof(t), SVNIC_MBOX_VIF_QUERY_TX_V1_LEN, &terr) == 0) {
		info->tx_weight = t.tx_weight;
		info->tx_rate_bps = (uint64_t)t.tx_rate_kbps * 1000u;
		info->tx_burst = t.tx_burst;
		if (t.h.len >= SVNIC_MBOX_VIF_QUERY_TX_V2_LEN) {
			info->tx_tso_packets = t.tx_tso_packets;
			info->tx_tso_segs = t.tx_tso_segs;
			info->tx_gso_bad = t.tx_gso_bad;
		}
		if (t.h.len >= sizeof(t))
			info->tx_tso_aborted = t.tx_tso_aborted;
	} else if (terr.mbox_status != SVNIC_MBOX_ST_BAD_OPCODE) {
		*err = terr;
		return terr.code;
	}
	/* Firmware without a shared RX buffer does not know VIF_QUERY_RX:
	 * its quota and drop reasons then read 0. */
	struct svnic_mbox_vif_query_rx_rsp x;
	hdr_init(&treq, SVNIC_MBOX_OP_VIF_QUERY_RX, sizeof(treq), vif);
	memset(&x, 0, sizeof(x)); /* rx_drop_reset: absent from older firmware's */
	if (svnic_mbox_exec(card, &treq, sizeof(treq), &x, sizeof(x), SVNIC_MBOX_VIF_QUERY_RX_V1_LEN,
			    &terr) == 0) {
		info->rx_drop_reset = x.rx_drop_reset;
		info->rx_quota_bytes = x.rx_quota_bytes;
		info->rx_held_bytes = x.rx_held_bytes;
		info->rx_drop_quota = x.rx_drop_quota;
		info->rx_drop_toolong = x.rx_drop_toolong;
	} else if (terr.mbox_status != SVNIC_MBOX_ST_BAD_OPCODE) {
		*err = terr;
		return terr.code;
	}
	return query_queues(card, vif, info, err);
}

int svnic_vif_set(struct svnic *card, uint32_t vif,
		  const struct svnic_vif_settings *s, struct svnic_err *err)
{
	struct svnic_mbox_vif_set_req req;
	struct svnic_mbox_rsp r;
	int rc = check_vif(card, vif, err);

	if (rc < 0)
		return rc;
	if (!s)
		return svnic_fail(err, -EINVAL, "svnic_vif_set: NULL argument");
	if (s->set & ~SVNIC_VIF_SET_ALL)
		return svnic_fail(err, -EINVAL,
				  "svnic_vif_set: unknown change bits %#x",
				  s->set & ~SVNIC_VIF_SET_ALL);
	if ((s->set & SVNIC_VIF_SET_VLAN) && s->vlan > SVNIC_VLAN_MAX)
		return svnic_fail(err, -EINVAL,
				  "VLAN id %u is out of range: use 0 (untagged) "
				  "or 1..%u",
				  s->vlan, SVNIC_VLAN_MAX);
	rc = tx_check((s->set & SVNIC_VIF_SET_WEIGHT) ? s->tx_weight : 1u, false,
		      (s->set & SVNIC_VIF_SET_RATE) ? s->tx_rate_bps : 0u,
		      (s->set & SVNIC_VIF_SET_BURST) ? s->tx_burst : 1u, false, err);
	if (rc < 0)
		return rc;
	bool tx = (s->set & (SVNIC_VIF_SET_WEIGHT | SVNIC_VIF_SET_RATE | SVNIC_VIF_SET_BURST)) != 0;
	memset(&req, 0, sizeof(req));
	/* Without TX changes, the first layout: firmware of any age takes it. */
	hdr_init(&req.h, SVNIC_MBOX_OP_VIF_SET, tx ? sizeof(req) : SVNIC_MBOX_VIF_SET_V1_LEN, vif);
	req.set = s->set;
	req.vlan = s->vlan;
	req.promisc = s->promisc ? 1 : 0;
	req.allmulti = s->allmulti ? 1 : 0;
	req.tx_weight = s->tx_weight;
	req.tx_rate_kbps = (uint32_t)(s->tx_rate_bps / 1000u);
	req.tx_burst = s->tx_burst;
	return svnic_mbox_exec(card, &req, req.h.len, &r, sizeof(r), sizeof(r),
			       err);
}

int svnic_vif_set_features(struct svnic *card, uint32_t vif,
			   uint64_t features, struct svnic_err *err)
{
	struct svnic_mbox_vif_features_req req;
	struct svnic_mbox_rsp r;
	int rc = check_vif(card, vif, err);

	if (rc < 0)
		return rc;
	memset(&req, 0, sizeof(req));
	hdr_init(&req.h, SVNIC_MBOX_OP_VIF_SET_FEATURES, sizeof(req), vif);
	req.features = features;
	return svnic_mbox_exec(card, &req, sizeof(req), &r, sizeof(r), sizeof(r),
			       err);
}

int svnic_vif_reset(struct svnic *card, uint32_t vif, struct svnic_err *err)
{
	struct svnic_mbox_rsp r;
	int rc = check_vif(card, vif, err);

	if (rc < 0)
		return rc;
	return simple_cmd(card, SVNIC_MBOX_OP_VIF_RESET, vif, &r, sizeof(r), err);
}

int svnic_vif_set_status(struct svnic *card, uint32_t vif, uint8_t status,
			 uint8_t *back, struct svnic_err *err)
{
	struct svnic_mbox_vif_status_req req;
	struct svnic_mbox_vif_status_rsp r;
	struct svnic_err e;
	int rc = check_vif(card, vif, err);

	if (rc < 0)
		return rc;
	if (status & ~SVNIC_VIRTIO_S_ALL)
		return svnic_fail(err, -EINVAL,
				  "device status 0x%02x has bits that are no virtio "
				  "status bits (0x%02x)",
				  status, status & ~SVNIC_VIRTIO_S_ALL);
	memset(&req, 0, sizeof(req));
	hdr_init(&req.h, SVNIC_MBOX_OP_VIF_SET_STATUS, sizeof(req), vif);
	req.status = status;
	rc = svnic_mbox_exec(card, &req, sizeof(req), &r, sizeof(r), sizeof(r), &e);
	if (rc < 0 && e.mbox_status == SVNIC_MBOX_ST_BAD_OPCODE) {
		rc = svnic_fail(err, -EOPNOTSUPP,
				"the firmware of card %s does not keep a virtio "
				"device status (no VIF_SET_STATUS): update it",
				card->name);
		if (err)
			err->mbox_status = e.mbox_status;
		return rc;
	}
	if (rc < 0) {
		if (err)
			*err = e;
		return rc;
	}
	if (back)
		*back = (uint8_t)r.status;
	return 0;
}

static int dma_cmd(struct svnic *c, uint16_t op, uint32_t vif, uint64_t iova,
		   uint64_t len, struct svnic_err *err)
{
	struct svnic_mbox_dma_req req;
	struct svnic_mbox_rsp r;

	memset(&req, 0, sizeof(req));
	hdr_init(&req.h, op, sizeof(req), vif);
	req.iova = iova;
	req.len = len;
	return mbox_exec_locked(c, &req, sizeof(req), &r, sizeof(r), sizeof(r),
				err);
}

static int check_range(const struct svnic *c, uint32_t vif, uint64_t iova,
		       uint64_t len, struct svnic_err *err)
{
	int rc = check_vif(c, vif, err);

	if (rc < 0)
		return rc;
	if (len == 0 || iova + len < iova)
		return svnic_fail(err, -EINVAL,
				  "DMA window [0x%llx, +0x%llx) of VIF %u is empty "
				  "or wraps around",
				  (unsigned long long)iova, (unsigned long long)len,
				  vif);
	return 0;
}

int svnic_dma_map(struct svnic *card, uint32_t vif, uint64_t iova,
		  uint64_t len, int fd, uint64_t offset, struct svnic_err *err)
{
	int rc = check_range(card, vif, iova, len, err);

	if (rc < 0)
		return rc;
	pthread_mutex_lock(&card->lock);
	rc = card->ops->dma_map(card->ctx, vif, iova, len, fd, offset, err);
	if (rc == 0) {
		rc = dma_cmd(card, SVNIC_MBOX_OP_DMA_MAP, vif, iova, len, err);
		if (rc < 0)
			(void)card->ops->dma_unmap(card->ctx, vif, iova, len, NULL);
	}
	pthread_mutex_unlock(&card->lock);
	return rc;
}

int svnic_dma_unmap(struct svnic *card, uint32_t vif, uint64_t iova,
		    uint64_t len, struct svnic_err *err)
{
	struct svnic_err e2;
	int rc = check_range(card, vif, iova, len, err);
	int rc2;

	if (rc < 0)
		return rc;
	pthread_mutex_lock(&card->lock);
	rc = dma_cmd(card, SVNIC_MBOX_OP_DMA_UNMAP, vif, iova, len, err);
	rc2 = card->ops->dma_unmap(card->ctx, vif, iova, len, &e2);
	pthread_mutex_unlock(&card->lock);
	if (rc == 0 && rc2 < 0) {
		if (err)
			*err = e2;
		rc = rc2;
	}
	return rc;
}

int svnic_queue_attach(struct svnic *card, uint32_t vif,
		       const struct svnic_queue_cfg *cfg, struct svnic_err *err)
{
	struct svnic_mbox_queue_attach_req req;
	struct svnic_mbox_rsp r;
	uint32_t vector, db;
	int rc = check_vif(card, vif, err);

	if (rc < 0)
		return rc;
	if (!cfg)
		return svnic_fail(err, -EINVAL, "svnic_queue_attach: cfg is NULL");
	if (cfg->queue >= card->qpv)
		return svnic_fail(err, -EINVAL,
				  "queue %u of VIF %u does not exist: card %s has "
				  "queues 0..%u per VIF",
				  cfg->queue, vif, card->name, card->qpv - 1);
	if (cfg->flags & ~SVNIC_QUEUE_F_ALL)
		return svnic_fail(err, -EINVAL,
				  "queue %u of VIF %u: unknown flags 0x%x",
				  cfg->queue, vif, cfg->flags & ~SVNIC_QUEUE_F_ALL);
	if (cfg->size == 0 || cfg->size > 32768u ||
	    (!(cfg->flags & SVNIC_QUEUE_F_PACKED) && (cfg->size & (cfg->size - 1))))
		return svnic_fail(err, -EINVAL,
				  "queue %u of VIF %u: size %u is not %s in "
				  "1..32768",
				  cfg->queue, vif, cfg->size,
				  (cfg->flags & SVNIC_QUEUE_F_PACKED)
					  ? "a packed ring size"
					  : "a power of two");
	vector = svnic_queue_vector(card, vif, cfg->queue);
	db = SVNIC_HOST_DOORBELL(vif, cfg->queue, card->qpv);
	memset(&req, 0, sizeof(req));
	hdr_init(&req.h, SVNIC_MBOX_OP_QUEUE_ATTACH, sizeof(req), vif);
	req.queue = cfg->queue;
	req.size = cfg->size;
	req.desc = cfg->desc;
	req.avail = cfg->avail;
	req.used = cfg->used;
	req.avail_idx = cfg->avail_idx;
	req.used_idx = cfg->used_idx;
	req.vector = vector;
	req.flags = cfg->flags;

	pthread_mutex_lock(&card->lock);
	rc = card->ops->set_irq(card->ctx, vector, cfg->callfd, err);
	if (rc == 0) {
		rc = card->ops->set_ioeventfd(card->ctx, db, cfg->queue,
					      cfg->kickfd, err);
		if (rc == 0) {
			rc = mbox_exec_locked(card, &req, sizeof(req), &r,
					      sizeof(r), sizeof(r), err);
			if (rc < 0)
				(void)card->ops->set_ioeventfd(card->ctx, db,
							       cfg->queue, -1,
							       NULL);
		}
		if (rc < 0)
			(void)card->ops->set_irq(card->ctx, vector, -1, NULL);
	}
	pthread_mutex_unlock(&card->lock);
	return rc;
}

static int queue_detach(struct svnic *card, uint32_t vif, uint32_t queue, uint32_t flags,
			uint16_t *avail_idx, uint16_t *used_idx, struct svnic_err *err)
{
	struct svnic_mbox_queue_req req;
	struct svnic_mbox_queue_detach_rsp r;
	struct svnic_err e2;
	uint32_t vector, db;
	int rc = check_vif(card, vif, err);
	int rc2, rc3;

	if (rc < 0)
		return rc;
	if (queue >= card->qpv)
		return svnic_fail(err, -EINVAL,
				  "queue %u of VIF %u does not exist: card %s has "
				  "queues 0..%u per VIF",
				  queue, vif, card->name, card->qpv - 1);
	vector = svnic_queue_vector(card, vif, queue);
	db = SVNIC_HOST_DOORBELL(vif, queue, card->qpv);
	memset(&req, 0, sizeof(req));
	hdr_init(&req.h, SVNIC_MBOX_OP_QUEUE_DETACH, sizeof(req), vif);
	req.queue = queue;
	req.flags = flags;

	pthread_mutex_lock(&card->lock);
	rc = mbox_exec_locked(card, &req, sizeof(req), &r, sizeof(r), sizeof(r),
			      err);
	rc2 = card->ops->set_ioeventfd(card->ctx, db, queue, -1, &e2);
	rc3 = card->ops->set_irq(card->ctx, vector, -1, rc2 < 0 ? NULL : &e2);
	pthread_mutex_unlock(&card->lock);
	if (rc == 0) {
		if (avail_idx)
			*avail_idx = r.avail_idx;
		if (used_idx)
			*used_idx = r.used_idx;
		if (rc2 < 0 || rc3 < 0) {
			if (err)
				*err = e2;
			rc = rc2 < 0 ? rc2 : rc3;
		}
	}
	return rc;
}

int svnic_queue_detach(struct svnic *card, uint32_t vif, uint32_t queue,
		       uint16_t *avail_idx, uint16_t *used_idx,
		       struct svnic_err *err)
{
	return queue_detach(card, vif, queue, 0, avail_idx, used_idx, err);
}

int svnic_queue_reset(struct svnic *card, uint32_t vif, uint32_t queue, uint16_t *avail_idx,
		      uint16_t *used_idx, struct svnic_err *err)
{
	return queue_detach(card, vif, queue, SVNIC_QUEUE_DETACH_F_RESET, avail_idx, used_idx, err);
}
