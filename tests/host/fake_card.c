/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "fake_card.h"
#include "svnic/regs.h"
#include "svnic/simlink.h"

void fake_card_init(struct fake_card *c)
{
	memset(c, 0, sizeof(*c));
	c->id = SVNIC_ID_MAGIC;
	c->version = SVNIC_REGMAP_VERSION;
	c->num_vifs = FAKE_VIFS;
	c->qpv = FAKE_QPV;
	c->force_status = -1;
	c->fail_reg_read = -1;
	for (unsigned i = 0; i < FAKE_MAX_VECTORS; i++) {
		c->irq_fd[i] = -1;
		c->db_fd[i] = -1;
	}
	for (unsigned i = 0; i < 32; i++)
		c->maps[i].fd = -1;
	c->wire[0] = 11;
	c->wire[1] = 22;
	c->wire[2] = 33;
	c->wire[3] = 44;
	c->wire[4] = 55;
	c->wire[5] = 66;
}

void fake_card_fini(struct fake_card *c)
{
	for (unsigned i = 0; i < FAKE_MAX_VECTORS; i++) {
		if (c->irq_fd[i] >= 0)
			close(c->irq_fd[i]);
		if (c->db_fd[i] >= 0)
			close(c->db_fd[i]);
		c->irq_fd[i] = c->db_fd[i] = -1;
	}
	for (unsigned i = 0; i < 32; i++) {
		if (c->maps[i].fd >= 0)
			close(c->maps[i].fd);
		c->maps[i].fd = -1;
		c->maps[i].used = false;
	}
}

/* ---- The scripted firmware ---- */

static uint32_t respond(struct fake_card *c, uint32_t status, const void *body,
			uint32_t len)
{
	memset(c->rsp, 0, sizeof(c->rsp));
	if (body)
		memcpy(c->rsp, body, len);
	c->rsp[0] = status;
	c->rsp[1] = len;
	return status;
}

static uint32_t fw_error(struct fake_card *c, uint32_t status)
{
	return respond(c, status, NULL, sizeof(struct svnic_mbox_rsp_hdr));
}

static void fw_run(struct fake_card *c)
{
	uint8_t req[SVNIC_MBOX_BYTES];
	struct svnic_mbox_hdr h;
	struct fake_vif *v = NULL;

	memcpy(req, c->cmd, sizeof(req));
	memcpy(c->last_req, c->cmd, sizeof(c->last_req));
	memcpy(&h, req, sizeof(h));
	switch (h.opcode) {
#define KNOWN_(name, val, desc) case SVNIC_MBOX_OP_##name:
		SVNIC_MBOX_OPS(KNOWN_)
#undef KNOWN_
		break;
	default:
		fw_error(c, SVNIC_MBOX_ST_BAD_OPCODE);
		goto out;
	}
	/* Card-level commands (CARD_*, VIF_CREATE, FLASH_*) name no VIF; this
	 * fake has no flash, so FLASH_* end as BAD_OPCODE below. */
	if (h.opcode > SVNIC_MBOX_OP_VIF_CREATE && h.opcode < SVNIC_MBOX_OP_FLASH_INFO) {
		if (h.vif >= FAKE_VIFS || !c->vifs[h.vif].used) {
			fw_error(c, SVNIC_MBOX_ST_BAD_VIF);
			goto out;
		}
		v = &c->vifs[h.vif];
	}
#define WANT_LEN(t)                                           \
	do {                                                  \
		if (h.len != sizeof(t)) {                     \
			fw_error(c, SVNIC_MBOX_ST_BAD_LENGTH); \
			goto out;                             \
		}                                             \
	} while (0)
	switch (h.opcode) {
	case SVNIC_MBOX_OP_CARD_INFO: {
		struct svnic_mbox_card_info_rsp r = {
			.abi_version = SVNIC_MBOX_ABI_VERSION,
			.fw_version = 0x000102,
			.num_vifs = c->num_vifs,
			.queues_per_vif = c->qpv,
			.max_queue_size = 1024,
			.max_windows = FAKE_WINDOWS,
			.max_frame = FAKE_MAX_FRAME,
			.features = FAKE_FEATURES,
		};
		WANT_LEN(struct svnic_mbox_hdr);
		respond(c, 0, &r, sizeof(r));
		break;
	}
	case SVNIC_MBOX_OP_CARD_STATS: {
		struct svnic_mbox_card_stats_rsp r = {
			.wire_rx_frames = c->wire[0],
			.wire_rx_drop_novif = c->wire[1],
			.wire_rx_drop_err = c->wire[2],
			.wire_tx_frames = c->wire[3],
			.wire_rx_drop_nomember = c->wire[4],
			.tx_drop_srcdis = c->wire[5],
		};
		WANT_LEN(struct svnic_mbox_hdr);
		respond(c, 0, &r, sizeof(r));
		break;
	}
	case SVNIC_MBOX_OP_VIF_CREATE: {
		struct svnic_mbox_vif_create_req q;
		struct svnic_mbox_vif_create_rsp r = { .vif = 0 };
		unsigned i;

		/* both layouts, as the firmware; the short one has no TX fields */
		if (h.len != sizeof(q) && h.len != SVNIC_MBOX_VIF_CREATE_V1_LEN) {
			fw_error(c, SVNIC_MBOX_ST_BAD_LENGTH);
			goto out;
		}
		memset(&q, 0, sizeof(q));
		memcpy(&q, req, h.len);
		if ((q.mac[0] & 1u) || q.vlan > SVNIC_VLAN_MAX || q.tx_weight > SVNIC_TXS_WEIGHT_MAX ||
		    q.tx_burst > SVNIC_TXS_BURST_MAX) {
			fw_error(c, SVNIC_MBOX_ST_BAD_ARG);
			break;
		}
		for (i = 0; i < FAKE_VIFS; i++)
			if (c->vifs[i].used && !memcmp(c->vifs[i].mac, q.mac, 6) &&
			    c->vifs[i].vlan == q.vlan)
				break;
		if (i < FAKE_VIFS) {
			fw_error(c, SVNIC_MBOX_ST_EXISTS);
			break;
		}
		for (i = 0; i < FAKE_VIFS && c->vifs[i].used; i++)
			;
		if (i == FAKE_VIFS) {
			fw_error(c, SVNIC_MBOX_ST_NO_SPACE);
			break;
		}
		memset(&c->vifs[i], 0, sizeof(c->vifs[i]));
		c->vifs[i].used = true;
		c->vifs[i].state = SVNIC_VIF_READY;
		memcpy(c->vifs[i].mac, q.mac, 6);
		c->vifs[i].vlan = q.vlan;
		c->vifs[i].tx_weight = q.tx_weight ? q.tx_weight : 1u;
		c->vifs[i].tx_rate_kbps = q.tx_rate_kbps;
		c->vifs[i].tx_burst = q.tx_burst ? q.tx_burst : SVNIC_TXS_BURST_DEFAULT;
		c->vifs[i].queue_pairs = q.queue_pairs ? q.queue_pairs : 1u;
		r.vif = i;
		respond(c, 0, &r, sizeof(r));
		break;
	}
	case SVNIC_MBOX_OP_VIF_DESTROY:
		WANT_LEN(struct svnic_mbox_hdr);
		memset(v, 0, sizeof(*v));
		fw_error(c, SVNIC_MBOX_ST_OK);
		break;
	case SVNIC_MBOX_OP_VIF_QUERY: {
		struct svnic_mbox_vif_query_rsp r;

		WANT_LEN(struct svnic_mbox_hdr);
		memset(&r, 0, sizeof(r));
		r.state = v->state;
		r.error = SVNIC_VIF_ERR_NONE;
		memcpy(r.mac, v->mac, 6);
		r.queues = v->queues;
		r.features = v->features;
		r.rx_frames = 101;
		r.rx_bytes = 102;
		r.rx_drop_full = 103;
		r.tx_frames = 104;
		r.tx_bytes = 105;
		r.rx_delivered = 106;
		r.rx_drop_small = 107;
		r.tx_bad_frames = 108;
		r.notifies = 109;
		r.errors = 110;
		r.tx_csum_refused = 111;
		r.tx_csum_bad = 112;
		r.vlan = v->vlan;
		r.promisc = v->promisc;
		r.allmulti = v->allmulti;
		respond(c, 0, &r, sizeof(r));
		break;
	}
	case SVNIC_MBOX_OP_VIF_QUERY_RX: {
		struct svnic_mbox_vif_query_rx_rsp r;

		WANT_LEN(struct svnic_mbox_hdr);
		memset(&r, 0, sizeof(r));
		r.rx_quota_bytes = 16384;
		r.rx_held_bytes = 128;
		r.rx_drop_quota = 113;
		r.rx_drop_toolong = 114;
		r.rx_drop_reset = 116;
		respond(c, 0, &r, sizeof(r));
		break;
	}
	case SVNIC_MBOX_OP_VIF_QUERY_QUEUES: {
		struct svnic_mbox_vif_query_queues_req q;
		struct svnic_mbox_vif_query_queues_rsp r;

		WANT_LEN(struct svnic_mbox_vif_query_queues_req);
		memcpy(&q, req, sizeof(q));
		if (q.first_pair >= v->queue_pairs || q.reserved) {
			fw_error(c, SVNIC_MBOX_ST_BAD_ARG);
			break;
		}
		memset(&r, 0, sizeof(r));
		r.queue_pairs = v->queue_pairs;
		r.active_pairs = 1;
		r.first_pair = q.first_pair;
		r.attached = v->queues;
		r.status = v->status;
		r.status_driven = v->status_driven;
		r.queue_resets = 118;
		for (unsigned i = 0; i < SVNIC_QUERY_QUEUES_PAIRS; i++) {
			r.pair[i].rx_frames = q.first_pair + i < v->queue_pairs ? 200u + q.first_pair + i : 0;
			r.pair[i].tx_frames = q.first_pair + i < v->queue_pairs ? 300u + q.first_pair + i : 0;
		}
		respond(c, 0, &r, sizeof(r));
		break;
	}
	case SVNIC_MBOX_OP_VIF_QUERY_TX: {
		struct svnic_mbox_vif_query_tx_rsp r;

		WANT_LEN(struct svnic_mbox_hdr);
		memset(&r, 0, sizeof(r));
		r.tx_weight = v->tx_weight;
		r.tx_rate_kbps = v->tx_rate_kbps;
		r.tx_burst = v->tx_burst;
		r.tx_tso_packets = 113;
		r.tx_tso_segs = 114;
		r.tx_gso_bad = 115;
		r.tx_tso_aborted = 117;
		respond(c, 0, &r, sizeof(r));
		break;
	}
	case SVNIC_MBOX_OP_VIF_SET: {
		struct svnic_mbox_vif_set_req q;

		if (h.len != sizeof(q) && h.len != SVNIC_MBOX_VIF_SET_V1_LEN) {
			fw_error(c, SVNIC_MBOX_ST_BAD_LENGTH);
			goto out;
		}
		memset(&q, 0, sizeof(q));
		memcpy(&q, req, h.len);
		if ((q.set & ~SVNIC_VIF_SET_ALL) || q.promisc > 1 || q.allmulti > 1 ||
		    ((q.set & SVNIC_VIF_SET_VLAN) && q.vlan > SVNIC_VLAN_MAX) ||
		    ((q.set & SVNIC_VIF_SET_WEIGHT) && (q.tx_weight < 1 || q.tx_weight > SVNIC_TXS_WEIGHT_MAX)) ||
		    ((q.set & SVNIC_VIF_SET_BURST) && (q.tx_burst < 1 || q.tx_burst > SVNIC_TXS_BURST_MAX))) {
			fw_error(c, SVNIC_MBOX_ST_BAD_ARG);
			break;
		}
		if (q.set & SVNIC_VIF_SET_VLAN)
			v->vlan = q.vlan;
		if (q.set & SVNIC_VIF_SET_PROMISC)
			v->promisc = q.promisc;
		if (q.set & SVNIC_VIF_SET_ALLMULTI)
			v->allmulti = q.allmulti;
		if (q.set & SVNIC_VIF_SET_WEIGHT)
			v->tx_weight = q.tx_weight;
		if (q.set & SVNIC_VIF_SET_RATE)
			v->tx_rate_kbps = q.tx_rate_kbps;
		if (q.set & SVNIC_VIF_SET_BURST)
			v->tx_burst = q.tx_burst;
		fw_error(c, SVNIC_MBOX_ST_OK);
		break;
	}
	case SVNIC_MBOX_OP_VIF_SET_FEATURES: {
		struct svnic_mbox_vif_features_req q;

		WANT_LEN(q);
		memcpy(&q, req, sizeof(q));
		v->features = q.features;
		fw_error(c, SVNIC_MBOX_ST_OK);
		break;
	}
	case SVNIC_MBOX_OP_VIF_SET_STATUS: {
		struct svnic_mbox_vif_status_req q;
		struct svnic_mbox_vif_status_rsp r;

		WANT_LEN(struct svnic_mbox_vif_status_req);
		memcpy(&q, req, sizeof(q));
		if ((q.status & ~SVNIC_VIRTIO_S_ALL) || q.reserved) {
			fw_error(c, SVNIC_MBOX_ST_BAD_ARG);
			break;
		}
		v->status_driven = true;
		v->status = (uint8_t)q.status;
		if (!(v->features & SVNIC_VIRTIO_BIT(SVNIC_VIRTIO_F_VERSION_1)))
			v->status &= (uint8_t)~SVNIC_VIRTIO_S_FEATURES_OK;
		memset(&r, 0, sizeof(r));
		r.status = v->status;
		respond(c, 0, &r, sizeof(r));
		break;
	}
	case SVNIC_MBOX_OP_VIF_RESET:
		WANT_LEN(struct svnic_mbox_hdr);
		v->queues = 0;
		v->status = 0;
		v->state = SVNIC_VIF_READY;
		fw_error(c, SVNIC_MBOX_ST_OK);
		break;
	case SVNIC_MBOX_OP_DMA_MAP:
	case SVNIC_MBOX_OP_DMA_UNMAP: {
		struct svnic_mbox_dma_req q;
		unsigned i;

		WANT_LEN(q);
		memcpy(&q, req, sizeof(q));
		for (i = 0; i < FAKE_WINDOWS; i++)
			if (v->win[i].used && v->win[i].iova == q.iova &&
			    v->win[i].len == q.len)
				break;
		if (h.opcode == SVNIC_MBOX_OP_DMA_UNMAP) {
			if (i == FAKE_WINDOWS) {
				fw_error(c, SVNIC_MBOX_ST_BAD_ARG);
				break;
			}
			v->win[i].used = false;
			fw_error(c, SVNIC_MBOX_ST_OK);
			break;
		}
		if (i < FAKE_WINDOWS) {
			fw_error(c, SVNIC_MBOX_ST_EXISTS);
			break;
		}
		for (i = 0; i < FAKE_WINDOWS && v->win[i].used; i++)
			;
		if (i == FAKE_WINDOWS) {
			fw_error(c, SVNIC_MBOX_ST_NO_SPACE);
			break;
		}
		v->win[i].used = true;
		v->win[i].iova = q.iova;
		v->win[i].len = q.len;
		fw_error(c, SVNIC_MBOX_ST_OK);
		break;
	}
	case SVNIC_MBOX_OP_QUEUE_ATTACH: {
		struct svnic_mbox_queue_attach_req q;

		WANT_LEN(q);
		memcpy(&q, req, sizeof(q));
		if (q.queue >= c->qpv || q.size == 0 || q.size > 1024 ||
		    (q.size & (q.size - 1))) {
			fw_error(c, SVNIC_MBOX_ST_BAD_ARG);
			break;
		}
		if (v->queues & (1u << q.queue)) {
			fw_error(c, SVNIC_MBOX_ST_BAD_STATE);
			break;
		}
		v->q[q.queue] = q;
		v->queues |= (uint16_t)(1u << q.queue);
		v->state = SVNIC_VIF_RUNNING;
		fw_error(c, SVNIC_MBOX_ST_OK);
		break;
	}
	case SVNIC_MBOX_OP_QUEUE_DETACH: {
		struct svnic_mbox_queue_req q;
		struct svnic_mbox_queue_detach_rsp r;

		WANT_LEN(q);
		memcpy(&q, req, sizeof(q));
		if (q.queue >= c->qpv || !(v->queues & (1u << q.queue))) {
			fw_error(c, SVNIC_MBOX_ST_BAD_STATE);
			break;
		}
		memset(&r, 0, sizeof(r));
		/* Pretend the device moved on by 5 and 3 entries. */
		r.avail_idx = (uint16_t)(v->q[q.queue].avail_idx + 5u);
		r.used_idx = (uint16_t)(v->q[q.queue].used_idx + 3u);
		v->queues &= (uint16_t)~(1u << q.queue);
		if (!v->queues)
			v->state = SVNIC_VIF_READY;
		respond(c, 0, &r, sizeof(r));
		break;
	}
	default:
		fw_error(c, SVNIC_MBOX_ST_BAD_OPCODE);
		break;
	}
#undef WANT_LEN
out:
	if (c->force_status >= 0)
		c->rsp[0] = (uint32_t)c->force_status;
	if (c->rsp_len_override > 0)
		c->rsp[1] = (uint32_t)c->rsp_len_override;
}

/* ---- Registers ---- */

static int reg_read(struct fake_card *c, uint32_t reg, uint32_t *v)
{
	if (c->fail_reg_read >= 0 && (uint32_t)c->fail_reg_read == reg)
		return -EIO;
	if (reg >= SVNIC_HOST_MBOX_RSP && reg < SVNIC_HOST_MBOX_RSP + SVNIC_MBOX_BYTES) {
		c->rsp_reads++;
		*v = c->rsp[(reg - SVNIC_HOST_MBOX_RSP) / 4];
		return 0;
	}
	if (reg >= SVNIC_HOST_MBOX_CMD && reg < SVNIC_HOST_MBOX_CMD + SVNIC_MBOX_BYTES) {
		*v = c->cmd[(reg - SVNIC_HOST_MBOX_CMD) / 4];
		return 0;
	}
	switch (reg) {
	case SVNIC_HOST_ID:
		*v = c->id;
		return 0;
	case SVNIC_HOST_VERSION:
		*v = c->version;
		return 0;
	case SVNIC_HOST_NUM_VIFS:
		*v = c->num_vifs;
		return 0;
	case SVNIC_HOST_QUEUES_PER_VIF:
		*v = c->qpv;
		return 0;
	case SVNIC_HOST_MBOX_LOCK:
		if (c->other_holder_reads != 0) {
			if (c->other_holder_reads > 0)
				c->other_holder_reads--;
			*v = 0;
			return 0;
		}
		*v = c->lock_held ? 0 : 1;
		c->lock_held = true;
		return 0;
	case SVNIC_HOST_MBOX_STATUS:
		if (c->busy_polls != 0) {
			if (c->busy_polls > 0)
				c->busy_polls--;
			*v = SVNIC_MBOX_STATUS_BUSY;
			return 0;
		}
		*v = c->status;
		return 0;
	}
	*v = 0xffffffffu;
	return 0;
}

static int reg_write(struct fake_card *c, uint32_t reg, uint32_t v)
{
	if (reg >= SVNIC_HOST_MBOX_CMD && reg < SVNIC_HOST_MBOX_CMD + SVNIC_MBOX_BYTES) {
		if (!c->lock_held)
			return -EPERM; /* the test would see a protocol bug */
		c->cmd[(reg - SVNIC_HOST_MBOX_CMD) / 4] = v;
		c->cmd_writes++;
		return 0;
	}
	switch (reg) {
	case SVNIC_HOST_MBOX_LOCK:
		c->lock_held = false;
		c->lock_releases++;
		return 0;
	case SVNIC_HOST_MBOX_DOORBELL:
		if (!c->lock_held)
			return -EPERM;
		c->doorbells++;
		c->rsp_reads = 0;
		c->status = 0;
		fw_run(c);
		c->last_cmd_writes = c->cmd_writes;
		c->cmd_writes = 0;
		c->status = SVNIC_MBOX_STATUS_DONE;
		return 0;
	}
	return 0;
}

/* ---- Transport operations ---- */

static int replace_fd(int *slot, int fd)
{
	int d = -1;

	if (fd >= 0) {
		d = dup(fd);
		if (d < 0)
			return -errno;
	}
	if (*slot >= 0)
		close(*slot);
	*slot = d;
	return 0;
}

static int fk_reg_read(void *ctx, uint32_t reg, uint32_t *value,
		       struct svnic_err *err)
{
	int rc = reg_read(ctx, reg, value);

	if (rc < 0 && err) {
		err->code = rc;
		err->mbox_status = -1;
		strcpy(err->msg, "fake transport: read failed");
	}
	return rc;
}

static int fk_reg_write(void *ctx, uint32_t reg, uint32_t value,
			struct svnic_err *err)
{
	int rc = reg_write(ctx, reg, value);

	if (rc < 0 && err) {
		err->code = rc;
		err->mbox_status = -1;
		strcpy(err->msg, "fake transport: write refused");
	}
	return rc;
}

static int fk_dma_map(void *ctx, uint32_t domain, uint64_t iova, uint64_t size,
		      int fd, uint64_t offset, struct svnic_err *err)
{
	struct fake_card *c = ctx;

	c->map_calls++;
	if (c->fail_dma_map) {
		if (err) {
			err->code = -c->fail_dma_map;
			err->mbox_status = -1;
			strcpy(err->msg, "fake transport: map refused");
		}
		return -c->fail_dma_map;
	}
	for (unsigned i = 0; i < 32; i++) {
		struct fake_map *m = &c->maps[i];

		if (m->used)
			continue;
		if (replace_fd(&m->fd, fd) < 0)
			return -EBADF;
		m->used = true;
		m->domain = domain;
		m->iova = iova;
		m->size = size;
		m->offset = offset;
		return 0;
	}
	return -ENOSPC;
}

static int fk_dma_unmap(void *ctx, uint32_t domain, uint64_t iova,
			uint64_t size, struct svnic_err *err)
{
	struct fake_card *c = ctx;

	(void)err;
	c->unmap_calls++;
	for (unsigned i = 0; i < 32; i++) {
		struct fake_map *m = &c->maps[i];

		if (m->used && m->domain == domain && m->iova == iova &&
		    m->size == size) {
			replace_fd(&m->fd, -1);
			m->used = false;
			return 0;
		}
	}
	return -ENOENT;
}

static int fk_set_irq(void *ctx, uint32_t vector, int fd, struct svnic_err *err)
{
	struct fake_card *c = ctx;

	(void)err;
	if (vector >= FAKE_MAX_VECTORS)
		return -EINVAL;
	c->irq_sets++;
	return replace_fd(&c->irq_fd[vector], fd);
}

static int fk_set_ioeventfd(void *ctx, uint32_t reg, uint32_t value, int fd,
			    struct svnic_err *err)
{
	struct fake_card *c = ctx;
	uint32_t n = (reg - SVNIC_HOST_QUEUE_DOORBELL) / 4u;

	(void)err;
	if (reg < SVNIC_HOST_QUEUE_DOORBELL || n >= FAKE_MAX_VECTORS)
		return -EINVAL;
	c->ioeventfd_sets++;
	c->db_value[n] = value;
	return replace_fd(&c->db_fd[n], fd);
}

static void fk_close(void *ctx)
{
	(void)ctx;
}

const struct svnic_transport_ops fake_card_ops = {
	.name = "fake",
	.reg_read = fk_reg_read,
	.reg_write = fk_reg_write,
	.dma_map = fk_dma_map,
	.dma_unmap = fk_dma_unmap,
	.set_irq = fk_set_irq,
	.set_ioeventfd = fk_set_ioeventfd,
	.close = fk_close,
};

void fake_card_link(struct fake_card *c, const struct svnic_link_msg *req,
		    int fd, struct svnic_link_msg *reply)
{
	*reply = *req;
	reply->status = 0;
	switch (req->op) {
	case SVNIC_LINK_HELLO:
		reply->value = SVNIC_LINK_VERSION;
		reply->status = req->value == SVNIC_LINK_VERSION ? 0 : -EPROTONOSUPPORT;
		break;
	case SVNIC_LINK_REG_READ:
		reply->status = reg_read(c, (uint32_t)req->addr, &reply->value);
		break;
	case SVNIC_LINK_REG_WRITE:
		reply->status = reg_write(c, (uint32_t)req->addr, req->value);
		break;
	case SVNIC_LINK_DMA_MAP:
		reply->status = fd < 0 ? -EBADF
				       : fk_dma_map(c, req->domain, req->addr,
						    req->size, fd, req->offset,
						    NULL);
		break;
	case SVNIC_LINK_DMA_UNMAP:
		reply->status = fk_dma_unmap(c, req->domain, req->addr, req->size,
					     NULL);
		break;
	case SVNIC_LINK_SET_IRQ:
		reply->status = fk_set_irq(c, req->value, fd, NULL);
		break;
	case SVNIC_LINK_SET_IOEVENTFD:
		reply->status = fk_set_ioeventfd(c, (uint32_t)req->addr,
						 req->value, fd, NULL);
		break;
	default:
		reply->status = -EOPNOTSUPP;
	}
}
