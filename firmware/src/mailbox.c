/* SPDX-License-Identifier: MIT */
/*
 * Host -> firmware mailbox: one table maps each opcode to its exact request
 * length and handler; every request is length-checked before its handler
 * sees it, and every handler validates its arguments.
 */
#include "fw/dma.h"
#include "fw/dma_win.h"
#include "fw/fw.h"
#include "fw/mbox_buf.h"
#include "fw/mem.h"
#include "svnic/mbox.h"
#include "svnic/regs.h"
#include "svnic/virtio.h"

/* Features the device implements (svnic/mbox.h); anything else is refused.
 * The control queue ones are offered only by a datapath with a third queue
 * per VIF (net_ctrl.c). */
#define FW_FEATURES (SVNIC_MBOX_VIF_FEATURES | FW_CTRL_FEATURES | SVNIC_MBOX_VIF_MQ_FEATURES)
#define FW_CTRL_FEATURES SVNIC_MBOX_VIF_CTRL_FEATURES

static uint64_t read_counter(struct fw_card *c, uint32_t lo_off)
{
	uint64_t lo = fw_hal_reg_read(c->hal, lo_off); /* latches the high half */
	uint64_t hi = fw_hal_reg_read(c->hal, lo_off + 4u);
	return hi << 32 | lo;
}

static uint64_t vif_counter(struct fw_card *c, unsigned vif, uint32_t reg)
{
	return read_counter(c, SVNIC_FW_VIF_REG(vif, reg));
}

/* The VIF named by a request, or NULL if it is not in use. */
static struct fw_vif *used_vif(struct fw_card *c, uint32_t vif)
{
	if (vif >= c->num_vifs || c->vif[vif].state == SVNIC_VIF_FREE)
		return 0;
	return &c->vif[vif];
}

static unsigned op_card_info(struct fw_card *c, union mbox_buf *rq, union mbox_buf *rs)
{
	(void)rq;
	rs->info.abi_version = SVNIC_MBOX_ABI_VERSION;
	rs->info.fw_version = FW_VERSION;
	rs->info.num_vifs = c->num_vifs;
	rs->info.queues_per_vif = c->qpv < FW_MAX_QUEUES ? c->qpv : FW_MAX_QUEUES;
	rs->info.max_queue_size = FW_MAX_QUEUE_SIZE;
	/* the datapath's window table may hold fewer than the firmware's */
	rs->info.max_windows = c->dmaw_windows ? c->dmaw_windows : FW_MAX_WINDOWS;
	rs->info.max_frame = c->max_frame;
	rs->info.reserved = 0;
	/* What VIF_SET_FEATURES accepts: the one list hosts offer from. */
	rs->info.features = FW_FEATURES & ~(c->qpv <= FW_DATA_QUEUES
						     ? FW_CTRL_FEATURES | SVNIC_MBOX_VIF_MQ_FEATURES
						     : 0);
	return sizeof(rs->info);
}

static unsigned op_card_stats(struct fw_card *c, union mbox_buf *rq, union mbox_buf *rs)
{
	(void)rq;
	rs->stats.wire_rx_frames = read_counter(c, SVNIC_FW_WIRE_RX_FRAMES_LO);
	rs->stats.wire_rx_drop_novif = read_counter(c, SVNIC_FW_WIRE_RX_DROP_NOVIF_LO);
	rs->stats.wire_rx_drop_err = read_counter(c, SVNIC_FW_WIRE_RX_DROP_ERR_LO);
	rs->stats.wire_tx_frames = read_counter(c, SVNIC_FW_WIRE_TX_FRAMES_LO);
	rs->stats.wire_rx_drop_nomember = read_counter(c, SVNIC_FW_WIRE_RX_DROP_NOMEMBER_LO);
	rs->stats.tx_drop_srcdis = read_counter(c, SVNIC_FW_TX_DROP_SRCDIS_LO);
	return sizeof(rs->stats);
}

/* TX scheduling settings VIF_CREATE / VIF_SET may carry: within range? */
static bool tx_weight_ok(unsigned w) { return w >= 1u && w <= SVNIC_TXS_WEIGHT_MAX; }
static bool tx_burst_ok(uint32_t b) { return b >= 1u && b <= SVNIC_TXS_BURST_MAX; }
static bool tx_rate_ok(uint32_t kbps)
{
	uint32_t u = svnic_txs_rate_units(kbps);
	return kbps == 0 || (u >= 1u && u <= SVNIC_TXS_RATE_MAX);
}

static unsigned op_vif_create(struct fw_card *c, union mbox_buf *rq, union mbox_buf *rs)
{
	const uint8_t *mac = rq->create.mac;
	static const uint8_t zero[6];
	unsigned vlan = rq->create.vlan;
	if ((mac[0] & 1u) || fw_memcmp(mac, zero, 6) == 0)
		return SVNIC_MBOX_ST_BAD_ARG; /* multicast or all-zero */
	if (vlan > SVNIC_VLAN_MAX)
		return SVNIC_MBOX_ST_BAD_ARG;
	/* a request without the TX fields reads them as 0: the defaults */
	unsigned weight = rq->create.tx_weight ? rq->create.tx_weight : 1u;
	uint32_t burst = rq->create.tx_burst ? rq->create.tx_burst : SVNIC_TXS_BURST_DEFAULT;
	unsigned pairs = rq->create.queue_pairs ? rq->create.queue_pairs : 1u;
	if (!tx_weight_ok(weight) || !tx_burst_ok(burst) || !tx_rate_ok(rq->create.tx_rate_kbps) ||
	    pairs > c->max_pairs)
		return SVNIC_MBOX_ST_BAD_ARG;
	if (fw_vif_key_taken(c, c->num_vifs, mac, vlan))
		return SVNIC_MBOX_ST_EXISTS;
	/* The free VIF was chosen when the command was routed to the core
	 * that owns it (fw_mbox_route); num_vifs: none was free. */
	unsigned free_vif = rq->h.vif;
	if (free_vif >= c->num_vifs || c->in_use[free_vif])
		return SVNIC_MBOX_ST_NO_SPACE;
	/* its share of the RX buffer before it can receive anything */
	if (fw_rx_quota_program(c, free_vif) != 0)
		return SVNIC_MBOX_ST_BAD_STATE;
	int idx = fw_fdb_add(c, free_vif, mac, vlan);
	if (idx == -1)
		return SVNIC_MBOX_ST_NO_SPACE; /* the key's bucket is full */
	if (idx < 0)
		return SVNIC_MBOX_ST_BAD_STATE; /* the datapath did not take the entry */
	struct fw_vif *v = &c->vif[free_vif];
	fw_vif_clear(c, free_vif);
	fw_memcpy(v->mac, mac, 6);
	v->vlan = (uint16_t)vlan;
	v->fdb_valid = true;
	v->fdb_index = (uint16_t)idx;
	v->state = SVNIC_VIF_READY;
	c->in_use[free_vif] = true;
	/* The host's MAC is the permanent one the device returns to at
	 * reset; RSS hashes of the types the datapath computes. */
	v->max_pairs = (uint8_t)pairs;
	fw_ctrl_init(&v->ctrl, (uint16_t)pairs, FW_HASH_TYPES, mac);
	fw_fdb_program_vif(c, free_vif);
	v->tx_weight = (uint8_t)weight;
	v->tx_rate_kbps = rq->create.tx_rate_kbps;
	v->tx_burst = burst;
	fw_tx_sched_program(c, free_vif);
	rs->create_rsp.vif = free_vif;
	return sizeof(rs->create_rsp);
}

static unsigned op_vif_destroy(struct fw_card *c, union mbox_buf *rq, union mbox_buf *rs)
{
	(void)rs;
	if (!used_vif(c, rq->h.vif))
		return SVNIC_MBOX_ST_BAD_VIF;
	struct fw_vif *v = &c->vif[rq->h.vif];
	/* Disabled first: from here on the datapath neither takes its frames
	 * nor hands it any, whatever the table still says. */
	fw_fdb_set_attr(c, rq->h.vif, false, 0, false, false);
	fw_vif_filter_clear(c, rq->h.vif);
	if (v->fdb_valid)
		fw_fdb_remove(c, v->fdb_index);
	v->fdb_valid = false;
	/* Frames still buffered for it belong to nobody now. */
	for (unsigned i = 0; i < FW_MAX_QUEUE_SIZE; i++)
		if (fw_dma_rxbuf_pop(c, rq->h.vif) != 0)
			break;
	fw_vif_clear(c, rq->h.vif);
	return 0;
}

static unsigned op_vif_query(struct fw_card *c, union mbox_buf *rq, union mbox_buf *rs)
{
	struct fw_vif *v = used_vif(c, rq->h.vif);
	unsigned n = rq->h.vif;
	if (!v)
		return SVNIC_MBOX_ST_BAD_VIF;
	struct svnic_mbox_vif_query_rsp *q = &rs->query;
	q->state = v->state;
	q->error = v->error;
	fw_memcpy(q->mac, v->mac, 6);
	q->queues = 0;
	for (unsigned i = 0; i < FW_MAX_QUEUES && i < 16u; i++)
		if (v->vq[i].attached)
			q->queues |= (uint16_t)(1u << i);
	q->features = v->features;
	q->rx_frames = vif_counter(c, n, SVNIC_FW_VIF_RX_FRAMES_LO);
	q->rx_bytes = vif_counter(c, n, SVNIC_FW_VIF_RX_BYTES_LO);
	q->rx_drop_full = vif_counter(c, n, SVNIC_FW_VIF_RX_DROP_FULL_LO);
	q->tx_frames = vif_counter(c, n, SVNIC_FW_VIF_TX_FRAMES_LO);
	q->tx_bytes = vif_counter(c, n, SVNIC_FW_VIF_TX_BYTES_LO);
	q->rx_delivered = v->rx_delivered;
	q->rx_drop_small = v->rx_drop_small;
	q->tx_bad_frames = v->tx_bad_frames;
	q->notifies = v->notifies;
	q->errors = v->errors;
	q->vlan = v->vlan;
	q->promisc = fw_vif_promisc(v);
	q->allmulti = fw_vif_allmulti(v);
	q->tx_csum_bad = v->tx_csum_bad;
	q->tx_csum_refused = (uint32_t)vif_counter(c, n, SVNIC_FW_VIF_TX_CSUM_REFUSED_LO);
	return sizeof(*q);
}

static unsigned op_vif_query_rx(struct fw_card *c, union mbox_buf *rq, union mbox_buf *rs)
{
	if (!used_vif(c, rq->h.vif))
		return SVNIC_MBOX_ST_BAD_VIF;
	unsigned n = rq->h.vif;
	struct svnic_mbox_vif_query_rx_rsp *q = &rs->query_rx;
	fw_memset(q, 0, sizeof(*q));
	if (c->rxb_quota != 0) {
		q->rx_quota_bytes = fw_hal_reg_read(c->hal, SVNIC_FW_RXB_VIF_REG(n, SVNIC_FW_RXB_VIF_QUOTA)) * c->rx_unit;
		q->rx_held_bytes = fw_hal_reg_read(c->hal, SVNIC_FW_RXB_VIF_REG(n, SVNIC_FW_RXB_VIF_CELLS)) * c->rx_unit;
		q->rx_drop_quota = read_counter(c, SVNIC_FW_RXB_VIF_REG(n, SVNIC_FW_RXB_VIF_DROP_QUOTA_LO));
		q->rx_drop_toolong = read_counter(c, SVNIC_FW_RXB_VIF_REG(n, SVNIC_FW_RXB_VIF_DROP_TOOLONG_LO));
	}
	q->rx_drop_reset = c->vif[n].rx_drop_reset;
	return sizeof(*q);
}

static unsigned op_vif_query_tx(struct fw_card *c, union mbox_buf *rq, union mbox_buf *rs)
{
	const struct fw_vif *v = used_vif(c, rq->h.vif);
	if (!v)
		return SVNIC_MBOX_ST_BAD_VIF;
	struct svnic_mbox_vif_query_tx_rsp *q = &rs->query_tx;
	q->tx_weight = v->tx_weight;
	q->reserved = 0;
	q->tx_rate_kbps = v->tx_rate_kbps;
	q->tx_burst = v->tx_burst;
	q->reserved2 = 0;
	q->tx_tso_packets = v->tx_tso_packets;
	q->tx_tso_segs = v->tx_tso_segs;
	q->tx_gso_bad = v->tx_gso_bad;
	q->tx_tso_aborted = v->tx_tso_aborted;
	return sizeof(*q);
}

static unsigned op_vif_query_queues(struct fw_card *c, union mbox_buf *rq, union mbox_buf *rs)
{
	const struct fw_vif *v = used_vif(c, rq->h.vif);
	/* the bare header reads first_pair and reserved as 0 */
	uint32_t first = rq->query_queues.first_pair;
	if (!v)
		return SVNIC_MBOX_ST_BAD_VIF;
	if (first >= v->max_pairs || rq->query_queues.reserved != 0)
		return SVNIC_MBOX_ST_BAD_ARG;
	struct svnic_mbox_vif_query_queues_rsp *q = &rs->query_queues_rsp;
	q->queue_pairs = v->max_pairs;
	q->active_pairs = (uint16_t)fw_vif_active_pairs(v);
	q->first_pair = first;
	q->attached = 0;
	for (unsigned i = 0; i < FW_MAX_QUEUES; i++)
		if (v->vq[i].attached)
			q->attached |= 1ull << i;
	for (unsigned i = 0; i < SVNIC_QUERY_QUEUES_PAIRS; i++) {
		unsigned p = first + i;
		q->pair[i].rx_frames = p < v->max_pairs ? v->pair_rx[p] : 0;
		q->pair[i].tx_frames = p < v->max_pairs ? v->pair_tx[p] : 0;
	}
	q->status = (uint8_t)fw_vif_status(v);
	q->status_driven = v->status_driven;
	q->reserved2 = 0;
	q->queue_resets = v->queue_resets;
	return sizeof(*q);
}

static unsigned op_vif_set(struct fw_card *c, union mbox_buf *rq, union mbox_buf *rs)
{
	(void)rs;
	struct fw_vif *v = used_vif(c, rq->h.vif);
	const struct svnic_mbox_vif_set_req *r = &rq->vif_set;
	if (!v)
		return SVNIC_MBOX_ST_BAD_VIF;
	if ((r->set & ~SVNIC_VIF_SET_ALL) || r->promisc > 1u || r->allmulti > 1u ||
	    ((r->set & SVNIC_VIF_SET_VLAN) && r->vlan > SVNIC_VLAN_MAX) ||
	    ((r->set & SVNIC_VIF_SET_WEIGHT) && !tx_weight_ok(r->tx_weight)) ||
	    ((r->set & SVNIC_VIF_SET_RATE) && !tx_rate_ok(r->tx_rate_kbps)) ||
	    ((r->set & SVNIC_VIF_SET_BURST) && !tx_burst_ok(r->tx_burst)) || r->reserved != 0)
		return SVNIC_MBOX_ST_BAD_ARG;
	/* Scheduling first: it cannot fail, and a VLAN move below returns
	 * early. */
	if (r->set & (SVNIC_VIF_SET_WEIGHT | SVNIC_VIF_SET_RATE | SVNIC_VIF_SET_BURST)) {
		if (r->set & SVNIC_VIF_SET_WEIGHT)
			v->tx_weight = (uint8_t)r->tx_weight;
		if (r->set & SVNIC_VIF_SET_RATE)
			v->tx_rate_kbps = r->tx_rate_kbps;
		if (r->set & SVNIC_VIF_SET_BURST)
			v->tx_burst = r->tx_burst;
		fw_tx_sched_program(c, rq->h.vif);
	}
	if ((r->set & SVNIC_VIF_SET_VLAN) && r->vlan != v->vlan) {
		if (fw_vif_key_taken(c, rq->h.vif, v->mac, r->vlan))
			return SVNIC_MBOX_ST_EXISTS;
		/* The new entry first: if there is no room nothing changes.
		 * Until the attribute moves the VIF to the new VLAN, the new
		 * entry hits a non-member and is ignored, the old one keeps
		 * working. */
		int idx = fw_fdb_add(c, rq->h.vif, v->mac, r->vlan);
		if (idx == -1)
			return SVNIC_MBOX_ST_NO_SPACE;
		if (idx < 0)
			return SVNIC_MBOX_ST_BAD_STATE;
		bool had = v->fdb_valid;
		unsigned old = v->fdb_index;
		v->vlan = r->vlan;
		v->fdb_valid = true;
		v->fdb_index = (uint16_t)idx;
		if (r->set & SVNIC_VIF_SET_PROMISC)
			v->promisc = r->promisc != 0;
		if (r->set & SVNIC_VIF_SET_ALLMULTI)
			v->allmulti = r->allmulti != 0;
		fw_fdb_program_vif(c, rq->h.vif);
		if (had)
			fw_fdb_remove(c, old);
		/* The driver's filter entries follow the VIF to its VLAN. */
		fw_vif_filter_apply(c, rq->h.vif);
		return 0;
	}
	if (r->set & SVNIC_VIF_SET_PROMISC)
		v->promisc = r->promisc != 0;
	if (r->set & SVNIC_VIF_SET_ALLMULTI)
		v->allmulti = r->allmulti != 0;
	fw_fdb_program_vif(c, rq->h.vif);
	return 0;
}

static bool any_attached(const struct fw_vif *v)
{
	for (unsigned i = 0; i < FW_MAX_QUEUES; i++)
		if (v->vq[i].attached)
			return true;
	return false;
}

static unsigned op_vif_set_features(struct fw_card *c, union mbox_buf *rq, union mbox_buf *rs)
{
	(void)rs;
	struct fw_vif *v = used_vif(c, rq->h.vif);
	if (!v)
		return SVNIC_MBOX_ST_BAD_VIF;
	if (rq->features.features & ~FW_FEATURES)
		return SVNIC_MBOX_ST_BAD_ARG;
	/* The control queue needs a third queue of the datapath. */
	if ((rq->features.features & (FW_CTRL_FEATURES | SVNIC_MBOX_VIF_MQ_FEATURES)) &&
	    c->qpv <= FW_DATA_QUEUES)
		return SVNIC_MBOX_ST_BAD_ARG;
	/* Bits 32 and up exist only for drivers of the VERSION_1 interface,
	 * which must accept VERSION_1 when it is offered (virtio 1.2 section
	 * 6.1): without it the header would be the legacy one under a ring
	 * the driver lays out as a modern one. */
	if ((rq->features.features >> 32) &&
	    !(rq->features.features & SVNIC_VIRTIO_BIT(SVNIC_VIRTIO_F_VERSION_1)))
		return SVNIC_MBOX_ST_BAD_ARG;
	/* Its commands need the queue itself (virtio 1.2 section 5.1.3.1):
	 * a driver may not accept one without it. */
	if ((rq->features.features & FW_CTRL_FEATURES) &&
	    !(rq->features.features & SVNIC_VIRTIO_BIT(SVNIC_VIRTIO_NET_F_CTRL_VQ)))
		return SVNIC_MBOX_ST_BAD_ARG;
	/* TSO packets come with a checksum request (virtio 1.2 section
	 * 5.1.3.1: HOST_TSO4 and HOST_TSO6 require CSUM). */
	if ((rq->features.features & (SVNIC_VIRTIO_BIT(SVNIC_VIRTIO_NET_F_HOST_TSO4) |
				      SVNIC_VIRTIO_BIT(SVNIC_VIRTIO_NET_F_HOST_TSO6))) &&
	    !(rq->features.features & SVNIC_VIRTIO_BIT(SVNIC_VIRTIO_NET_F_CSUM)))
		return SVNIC_MBOX_ST_BAD_ARG;
	if (any_attached(v) || !fw_vif_features_open(v))
		return SVNIC_MBOX_ST_BAD_STATE; /* the header size would change under a queue,
						   or the driver is past negotiating */
	v->features = rq->features.features;
	/* num_buffers is there with either (virtio 1.2 section 5.1.6). */
	v->hdr_len = (v->features & (SVNIC_VIRTIO_BIT(SVNIC_VIRTIO_F_VERSION_1) |
				     SVNIC_VIRTIO_BIT(SVNIC_VIRTIO_NET_F_MRG_RXBUF)))
			     ? SVNIC_VIRTIO_NET_HDR_LEN
			     : SVNIC_VIRTIO_NET_HDR_LEN_LEGACY;
	return 0;
}

static unsigned op_vif_reset(struct fw_card *c, union mbox_buf *rq, union mbox_buf *rs)
{
	(void)rs;
	if (!used_vif(c, rq->h.vif))
		return SVNIC_MBOX_ST_BAD_VIF;
	fw_vif_device_reset(c, rq->h.vif, true);
	return 0;
}

static unsigned op_dma_map(struct fw_card *c, union mbox_buf *rq, union mbox_buf *rs)
{
	(void)rs;
	struct fw_vif *v = used_vif(c, rq->h.vif);
	uint64_t iova = rq->dma.iova, len = rq->dma.len;
	if (!v)
		return SVNIC_MBOX_ST_BAD_VIF;
	if (len == 0 || iova + len < iova)
		return SVNIC_MBOX_ST_BAD_ARG;
	for (unsigned i = 0; i < v->nwin; i++)
		if (iova < v->win[i].iova + v->win[i].len && v->win[i].iova < iova + len)
			return SVNIC_MBOX_ST_EXISTS;
	if (v->nwin == FW_MAX_WINDOWS || (c->dmaw_windows && v->nwin == c->dmaw_windows))
		return SVNIC_MBOX_ST_NO_SPACE;
	/* The datapath checks every DMA against its copy: store it there
	 * first (it refuses a window past the top of the address space). */
	if (fw_dmaw_store(c, rq->h.vif, v->nwin, iova, len) != 0)
		return SVNIC_MBOX_ST_BAD_ARG;
	v->win[v->nwin].iova = iova;
	v->win[v->nwin].len = len;
	v->nwin++;
	return 0;
}

static unsigned op_dma_unmap(struct fw_card *c, union mbox_buf *rq, union mbox_buf *rs)
{
	(void)rs;
	struct fw_vif *v = used_vif(c, rq->h.vif);
	if (!v)
		return SVNIC_MBOX_ST_BAD_VIF;
	for (unsigned i = 0; i < v->nwin; i++) {
		if (v->win[i].iova == rq->dma.iova && v->win[i].len == rq->dma.len) {
			/* The last window moves into the hole, in both copies (no
			 * DMA runs while the mailbox is served); the datapath took
			 * that window before, so it takes it again. */
			unsigned last = --v->nwin;
			v->win[i] = v->win[last];
			if (i != last)
				(void)fw_dmaw_store(c, rq->h.vif, i, v->win[i].iova, v->win[i].len);
			(void)fw_dmaw_store(c, rq->h.vif, last, 0, 0);
			return 0;
		}
	}
	return SVNIC_MBOX_ST_BAD_ARG;
}

static bool aligned_in(const struct fw_vif *v, uint64_t addr, uint64_t len, uint64_t align)
{
	return (addr & (align - 1u)) == 0 && fw_window_contains(v->win, v->nwin, addr, len);
}

static unsigned op_queue_attach(struct fw_card *c, union mbox_buf *rq, union mbox_buf *rs)
{
	(void)rs;
	struct fw_vif *v = used_vif(c, rq->h.vif);
	const struct svnic_mbox_queue_attach_req *a = &rq->attach;
	if (!v)
		return SVNIC_MBOX_ST_BAD_VIF;
	/* A request of the first, shorter layout reads flags 0: split. */
	bool packed = (a->flags & SVNIC_QUEUE_F_PACKED) != 0;
	if ((a->flags & ~SVNIC_QUEUE_F_ALL) || a->reserved ||
	    packed != ((v->features & SVNIC_VIRTIO_BIT(SVNIC_VIRTIO_F_RING_PACKED)) != 0))
		return SVNIC_MBOX_ST_BAD_ARG;
	/* Packed rings may have any size; split ones a power of two. */
	if (a->queue >= FW_MAX_QUEUES || a->queue >= c->qpv || a->size == 0 ||
	    a->size > FW_MAX_QUEUE_SIZE || (!packed && (a->size & (a->size - 1u))) ||
	    a->vector != rq->h.vif * c->qpv + a->queue)
		return SVNIC_MBOX_ST_BAD_ARG;
	/* The queues of the VIF's pairs (all of them with MQ, else one), and
	 * the control queue after them when the driver negotiated it. */
	bool ctrlq = a->queue == fw_vif_ctrlq(v);
	if (ctrlq ? !(v->features & SVNIC_VIRTIO_BIT(SVNIC_VIRTIO_NET_F_CTRL_VQ))
		  : a->queue >= 2u * fw_vif_pairs(v))
		return SVNIC_MBOX_ST_BAD_ARG;
	if (packed) {
		/* Positions inside the ring (virtio 1.2 section 2.8), areas
		 * aligned and placed as section 2.8.10 requires. */
		if ((a->avail_idx & SVNIC_QUEUE_IDX_MASK) >= a->size ||
		    (a->used_idx & SVNIC_QUEUE_IDX_MASK) >= a->size)
			return SVNIC_MBOX_ST_BAD_ARG;
		if (!aligned_in(v, a->desc, SVNIC_VRING_DESC_BYTES(a->size), 16) ||
		    !aligned_in(v, a->avail, 4, 4) || !aligned_in(v, a->used, 4, 4))
			return SVNIC_MBOX_ST_BAD_ARG;
	} else if (!aligned_in(v, a->desc, SVNIC_VRING_DESC_BYTES(a->size), 16) ||
		   !aligned_in(v, a->avail, SVNIC_VRING_AVAIL_BYTES(a->size), 2) ||
		   !aligned_in(v, a->used, SVNIC_VRING_USED_BYTES(a->size), 4)) {
		/* Ring alignment and placement as virtio 1.2 section 2.7 requires. */
		return SVNIC_MBOX_ST_BAD_ARG;
	}
	if ((v->state != SVNIC_VIF_READY && v->state != SVNIC_VIF_RUNNING) ||
	    v->vq[a->queue].attached || !fw_vif_queues_open(v))
		return SVNIC_MBOX_ST_BAD_STATE;
	struct fw_vq *q = &v->vq[a->queue];
	q->size = (uint16_t)a->size; /* 32768 fits: sizes are < 65536 */
	q->desc = a->desc;
	q->avail = a->avail;
	q->used = a->used;
	q->last_avail = a->avail_idx;
	q->avail_cache = a->avail_idx;
	q->used_idx = a->used_idx;
	q->used_old = a->used_idx;
	q->packed = packed;
	if (packed) {
		q->last_avail = a->avail_idx & SVNIC_QUEUE_IDX_MASK;
		q->avail_wrap = (a->avail_idx & SVNIC_QUEUE_IDX_WRAP) != 0;
		q->avail_cache = q->last_avail; /* unused by packed rings */
		q->used_idx = a->used_idx & SVNIC_QUEUE_IDX_MASK;
		q->used_wrap = (a->used_idx & SVNIC_QUEUE_IDX_WRAP) != 0;
		q->used_old = q->used_idx;
		q->used_old_wrap = q->used_wrap;
	}
	q->vector = a->vector;
	q->active = true; /* the ring may hold work already */
	q->attached = true;
	v->resetting &= ~(1ull << a->queue); /* a reset queue is back */
	v->state = SVNIC_VIF_RUNNING;
	return 0;
}

static unsigned op_queue_detach(struct fw_card *c, union mbox_buf *rq, union mbox_buf *rs)
{
	struct fw_vif *v = used_vif(c, rq->h.vif);
	if (!v)
		return SVNIC_MBOX_ST_BAD_VIF;
	if (rq->queue.queue >= FW_MAX_QUEUES || rq->queue.queue >= c->qpv ||
	    (rq->queue.flags & ~SVNIC_QUEUE_DETACH_F_RESET))
		return SVNIC_MBOX_ST_BAD_ARG;
	struct fw_vq *q = &v->vq[rq->queue.queue];
	bool reset = (rq->queue.flags & SVNIC_QUEUE_DETACH_F_RESET) != 0;
	if (!q->attached)
		return SVNIC_MBOX_ST_BAD_STATE;
	/* A ring reset is the driver's, at DRIVER_OK, with the feature
	 * (virtio 1.2 section 2.6.1). */
	if (reset && !(v->status_driven && fw_vif_serving(v) &&
		       (v->features & SVNIC_VIRTIO_BIT(SVNIC_VIRTIO_F_RING_RESET))))
		return SVNIC_MBOX_ST_BAD_STATE;
	if (rq->queue.queue % 2u == 1u) /* a TX queue of a pair (the control queue is even) */
		fw_tso_finish(c, rq->h.vif, rq->queue.queue / 2u);
	/* A ring reset: the VIF's other queues go on, frames for this one
	 * are dropped until it is back (net_rx.c). A plain detach (a host
	 * stopping the ring for a while) leaves frames waiting in the card. */
	if (reset) {
		v->resetting |= 1ull << rq->queue.queue;
		v->queue_resets++;
	}
	rs->detach_rsp.avail_idx = q->last_avail;
	rs->detach_rsp.used_idx = q->used_idx;
	if (q->packed) {
		/* As vhost-user's vring base: the wrap counter in bit 15. */
		if (q->avail_wrap)
			rs->detach_rsp.avail_idx |= SVNIC_QUEUE_IDX_WRAP;
		if (q->used_wrap)
			rs->detach_rsp.used_idx |= SVNIC_QUEUE_IDX_WRAP;
	}
	fw_memset(q, 0, sizeof(*q));
	if (v->state == SVNIC_VIF_RUNNING && !any_attached(v))
		v->state = SVNIC_VIF_READY;
	return sizeof(rs->detach_rsp);
}

/*
 * Handlers return either a response length (>= sizeof(header), the payload
 * is in rs, and the status OK unless the handler set rs->rh.status) or a
 * non-OK status below sizeof(header).
 */
struct mbox_op {
	uint16_t opcode;
	uint16_t req_len;
	unsigned (*fn)(struct fw_card *c, union mbox_buf *rq, union mbox_buf *rs);
};

static const struct mbox_op ops[] = {
	{ SVNIC_MBOX_OP_CARD_INFO, sizeof(struct svnic_mbox_hdr), op_card_info },
	{ SVNIC_MBOX_OP_CARD_STATS, sizeof(struct svnic_mbox_hdr), op_card_stats },
	{ SVNIC_MBOX_OP_VIF_CREATE, sizeof(struct svnic_mbox_vif_create_req), op_vif_create },
	/* without the TX scheduling fields: the defaults */
	{ SVNIC_MBOX_OP_VIF_CREATE, SVNIC_MBOX_VIF_CREATE_V1_LEN, op_vif_create },
	{ SVNIC_MBOX_OP_VIF_DESTROY, sizeof(struct svnic_mbox_hdr), op_vif_destroy },
	{ SVNIC_MBOX_OP_VIF_QUERY, sizeof(struct svnic_mbox_hdr), op_vif_query },
	{ SVNIC_MBOX_OP_VIF_QUERY_TX, sizeof(struct svnic_mbox_hdr), op_vif_query_tx },
	{ SVNIC_MBOX_OP_VIF_QUERY_RX, sizeof(struct svnic_mbox_hdr), op_vif_query_rx },
	{ SVNIC_MBOX_OP_VIF_QUERY_QUEUES, sizeof(struct svnic_mbox_hdr), op_vif_query_queues },
	{ SVNIC_MBOX_OP_VIF_QUERY_QUEUES, sizeof(struct svnic_mbox_vif_query_queues_req),
	  op_vif_query_queues },
	{ SVNIC_MBOX_OP_VIF_SET_FEATURES, sizeof(struct svnic_mbox_vif_features_req), op_vif_set_features },
	{ SVNIC_MBOX_OP_VIF_RESET, sizeof(struct svnic_mbox_hdr), op_vif_reset },
	{ SVNIC_MBOX_OP_VIF_SET_STATUS, sizeof(struct svnic_mbox_vif_status_req), fw_op_vif_set_status },
	{ SVNIC_MBOX_OP_VIF_SET, sizeof(struct svnic_mbox_vif_set_req), op_vif_set },
	{ SVNIC_MBOX_OP_VIF_SET, SVNIC_MBOX_VIF_SET_V1_LEN, op_vif_set },
	{ SVNIC_MBOX_OP_DMA_MAP, sizeof(struct svnic_mbox_dma_req), op_dma_map },
	{ SVNIC_MBOX_OP_DMA_UNMAP, sizeof(struct svnic_mbox_dma_req), op_dma_unmap },
	{ SVNIC_MBOX_OP_QUEUE_ATTACH, sizeof(struct svnic_mbox_queue_attach_req), op_queue_attach },
	/* The first layout, without flags: split rings. */
	{ SVNIC_MBOX_OP_QUEUE_ATTACH, SVNIC_MBOX_QUEUE_ATTACH_V1_LEN, op_queue_attach },
	{ SVNIC_MBOX_OP_QUEUE_DETACH, sizeof(struct svnic_mbox_queue_req), op_queue_detach },
	{ SVNIC_MBOX_OP_CARD_RESET, sizeof(struct svnic_mbox_hdr), fw_op_card_reset },
	{ SVNIC_MBOX_OP_FLASH_INFO, sizeof(struct svnic_mbox_flash_info_req), fw_op_flash_info },
	{ SVNIC_MBOX_OP_FLASH_BEGIN, sizeof(struct svnic_mbox_flash_begin_req), fw_op_flash_begin },
	{ SVNIC_MBOX_OP_FLASH_WRITE, sizeof(struct svnic_mbox_flash_write_req), fw_op_flash_write },
	{ SVNIC_MBOX_OP_FLASH_FINISH, sizeof(struct svnic_mbox_hdr), fw_op_flash_finish },
};

_Static_assert(sizeof(struct svnic_mbox_rsp_hdr) == 8 && SVNIC_MBOX_ST_BAD_STATE < 8,
	       "statuses a handler returns are below the header size");

/* Executes the request in rq; leaves the response in rs, returns its length.
 * The caller holds the control lock and is the core the request was routed
 * to (fw_mbox_route). */
unsigned fw_mailbox_exec(struct fw_card *c, union mbox_buf *rq, union mbox_buf *rs)
{
	unsigned r = SVNIC_MBOX_ST_BAD_OPCODE;
	fw_memset(rs, 0, sizeof(*rs));
	/* An opcode may have several entries, one per request length it
	 * accepts (a request that grew keeps its older length). */
	for (unsigned i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
		if (ops[i].opcode != rq->h.opcode)
			continue;
		r = SVNIC_MBOX_ST_BAD_LENGTH;
		if (rq->h.len != ops[i].req_len)
			continue;
		r = ops[i].fn(c, rq, rs);
		break;
	}
	if (r < sizeof(struct svnic_mbox_rsp_hdr)) {
		fw_memset(rs, 0, sizeof(*rs));
		rs->rh.status = r;
		r = sizeof(struct svnic_mbox_rsp_hdr);
	}
	/* else: the status stays OK (0, rs was cleared) unless the handler set
	 * one that comes with a payload (REFUSED and its verdict). */
	rs->rh.len = r;
	return r;
}

/* The response into the mailbox, and the request done. */
static void respond(struct fw_card *c, const union mbox_buf *rs, unsigned len)
{
	for (unsigned i = 0; i < len / 4u; i++)
		fw_hal_reg_write(c->hal, SVNIC_FW_MBOX_RSP + 4u * i, rs->w[i]);
	fw_hal_reg_write(c->hal, SVNIC_FW_MBOX_PENDING, 1u);
	if (c->reset_requested) {
		c->reset_requested = false;
		fw_hal_card_reset(c->hal);
	}
}

/*
 * Core 0. A request for a VIF of another core goes to that core's channel
 * (cores.c) and is answered on a later pass, once the owner ran it; the
 * host keeps polling MBOX_PENDING meanwhile, as for any slow command.
 */
void fw_mailbox_poll(struct fw_card *c, bool *worked)
{
	if (c->mbox_fwd && c->mbox_fwd < FW_MAX_CORES) {
		struct fw_core *k = &c->core[c->mbox_fwd];
		*worked = true;
		if (atomic_load_explicit(&k->xcmd_state, memory_order_acquire) != FW_XCMD_DONE)
			return;
		respond(c, &k->xcmd_rs, k->xcmd_len);
		atomic_store_explicit(&k->xcmd_state, FW_XCMD_IDLE, memory_order_relaxed);
		c->mbox_fwd = 0;
		return;
	}
	if (!(fw_hal_reg_read(c->hal, SVNIC_FW_MBOX_PENDING) & 1u))
		return;
	union mbox_buf rq, rs;
	fw_memset(&rq, 0, sizeof(rq));
	rq.w[0] = fw_hal_reg_read(c->hal, SVNIC_FW_MBOX_CMD);
	/* Read only as many words as the request says it has, bounded by the
	 * mailbox; a length the table does not expect is refused there. */
	unsigned words = (rq.h.len + 3u) / 4u;
	if (words > SVNIC_MBOX_BYTES / 4)
		words = SVNIC_MBOX_BYTES / 4;
	for (unsigned i = 1; i < words; i++)
		rq.w[i] = fw_hal_reg_read(c->hal, SVNIC_FW_MBOX_CMD + 4u * i);
	*worked = true;
	unsigned owner = fw_mbox_route(c, &rq.h);
	if (owner != 0 && owner < FW_MAX_CORES) {
		struct fw_core *k = &c->core[owner];
		k->xcmd_rq = rq;
		atomic_store_explicit(&k->xcmd_state, FW_XCMD_POSTED, memory_order_release);
		c->mbox_fwd = owner;
		return;
	}
	if (!fw_ctl_trylock(c, 0))
		return; /* read again next pass */
	unsigned len = fw_mailbox_exec(c, &rq, &rs);
	fw_ctl_unlock(c);
	c->core[0].st.mbox_cmds++;
	respond(c, &rs, len);
}
