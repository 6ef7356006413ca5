/* SPDX-License-Identifier: MIT */
/*
 * virtio-net receive: move the oldest frame of the VIF's RX buffer into the
 * next chain of its RX queue, header first, scattering across the chain's
 * buffers; with VIRTIO_NET_F_MRG_RXBUF into as many chains as it takes.
 */
#include "fw/dma.h"
#include "fw/fw.h"
#include "fw/mem.h"
#include "fw/net_csum.h"
#include "fw/vq.h"
#include "svnic/dmacmd.h"
#include "svnic/mbox.h"
#include "svnic/regs.h"
#include "svnic/virtio.h"

/* A write position inside a chain's buffers. */
struct cursor {
	const struct fw_chain *ch;
	unsigned seg;
	uint32_t off;
};

/*
 * Write `len` bytes at the cursor: from `hdr` when it is not NULL, else from
 * the RX frame starting at frame offset `frame_off`. The caller has checked
 * that the chain holds them. SVNIC_DMA_ST_OK or the failing status.
 */
static unsigned put(struct fw_card *c, unsigned vif, struct cursor *cur, const uint8_t *hdr,
		    unsigned frame_off, unsigned len)
{
	unsigned done = 0;
	while (done < len && cur->seg < cur->ch->nseg) {
		const struct fw_seg *s = &cur->ch->seg[cur->seg];
		unsigned room = s->len - cur->off;
		unsigned n = len - done < room ? len - done : room;
		if (n > 0xffffu)
			n = 0xffffu; /* the engine's length field */
		unsigned st = hdr ? fw_dma_write(c, vif, s->addr + cur->off, hdr + done, n)
				  : fw_dma_rxbuf_to_host(c, vif, s->addr + cur->off, n,
							 frame_off + done);
		if (st != SVNIC_DMA_ST_OK)
			return st;
		done += n;
		cur->off += n;
		if (cur->off == s->len) {
			cur->seg++;
			cur->off = 0;
		}
	}
	return done == len ? SVNIC_DMA_ST_OK : SVNIC_DMA_ST_BAD_ARG;
}

/* Bytes the recorded segments of the chain can hold. */
static uint64_t recorded_room(const struct fw_chain *ch)
{
	uint64_t room = 0;
	for (unsigned i = 0; i < ch->nseg; i++)
		room += ch->seg[i].len;
	return room;
}

/*
 * The header of a received frame: DATA_VALID when the card verified its
 * checksum for a VIF with GUEST_CSUM (net_csum.c), `nbufs` chains (virtio
 * 1.2 section 5.1.6.4: 1 without MRG_RXBUF, else the number of used
 * entries the frame takes, counted in its first chain's header only).
 */
static void rx_header(struct fw_card *c, unsigned vif, struct svnic_virtio_net_hdr *h,
		      unsigned nbufs)
{
	fw_memset(h, 0, sizeof(*h));
	h->num_buffers = (uint16_t)nbufs;
	h->flags = fw_rx_csum_flags(c, vif);
}

/* Write the header (v->hdr_len bytes of it) at the start of the chain. */
static int put_header(struct fw_card *c, unsigned vif, const struct fw_chain *ch, unsigned nbufs)
{
	struct svnic_virtio_net_hdr h;
	rx_header(c, vif, &h, nbufs);
	struct cursor cur = { ch, 0, 0 };
	if (put(c, vif, &cur, (const uint8_t *)&h, 0, c->vif[vif].hdr_len) != SVNIC_DMA_ST_OK) {
		fw_vif_fail(c, vif, SVNIC_VIF_ERR_DMA_FAULT);
		return -1;
	}
	return 0;
}

/*
 * Write `len` frame bytes from frame offset `frame_off` into the chain,
 * starting `skip` bytes into it (past the header in a frame's first
 * chain). -1 if the VIF failed.
 */
static int put_frame(struct fw_card *c, unsigned vif, const struct fw_chain *ch, unsigned skip,
		     unsigned frame_off, unsigned len)
{
	struct cursor cur = { ch, 0, 0 };
	for (; cur.seg < ch->nseg && skip >= ch->seg[cur.seg].len; cur.seg++)
		skip -= ch->seg[cur.seg].len;
	cur.off = skip;
	if (put(c, vif, &cur, 0, frame_off, len) != SVNIC_DMA_ST_OK) {
		fw_vif_fail(c, vif, SVNIC_VIF_ERR_DMA_FAULT);
		return -1;
	}
	return 0;
}

/* Deliver one frame of `len` bytes into the chain. -1 if the VIF failed. */
static int deliver(struct fw_card *c, unsigned vif, const struct fw_chain *ch, unsigned len)
{
	/* without MRG_RXBUF every frame takes one chain */
	if (put_header(c, vif, ch, 1) < 0)
		return -1;
	return put_frame(c, vif, ch, c->vif[vif].hdr_len, 0, len);
}

/* What became of the frame at the head of the VIF's RX buffer. */
enum rx_outcome {
	RX_FAILED = -1,  /* the VIF was failed (or the card broke) */
	RX_WAIT,         /* no chains (left) for it: it stays, retried later */
	RX_DELIVERED,
	RX_DROPPED,      /* the guest's buffers cannot hold it: rx_drop_small */
};

/* Take the frame out of the card's RX buffer. */
static enum rx_outcome pop_frame(struct fw_card *c, unsigned vif, enum rx_outcome outcome)
{
	if (fw_dma_rxbuf_pop(c, vif) != SVNIC_DMA_ST_OK) {
		c->broken = true; /* RX_HEAD_LEN said a frame was there */
		return RX_FAILED;
	}
	if (outcome == RX_DELIVERED)
		c->vif[vif].rx_delivered++;
	else
		c->vif[vif].rx_drop_small++;
	return outcome;
}

/*
 * Without MRG_RXBUF: the frame goes into one chain, or is dropped if that
 * chain cannot hold it (the chain is then used with length 0).
 */
static enum rx_outcome rx_one_chain(struct fw_card *c, unsigned vif, struct fw_vq *q, unsigned len)
{
	struct fw_vif *v = &c->vif[vif];
	struct fw_chain ch;
	struct fw_vq_buf b;
	int r = fw_vq_get(c, vif, q, true, &ch, &b);
	if (r <= 0)
		return r < 0 ? RX_FAILED : RX_WAIT; /* no buffers: the frame waits in the card */
	if (ch.total < v->hdr_len) {
		fw_vif_fail(c, vif, SVNIC_VIF_ERR_DESC_LEN);
		return RX_FAILED;
	}
	uint32_t used_len = 0;
	enum rx_outcome outcome = RX_DROPPED;
	if (recorded_room(&ch) >= (uint64_t)v->hdr_len + len) {
		if (deliver(c, vif, &ch, len) < 0)
			return RX_FAILED;
		used_len = v->hdr_len + len;
		outcome = RX_DELIVERED;
	}
	outcome = pop_frame(c, vif, outcome);
	if (outcome != RX_FAILED && fw_vq_put(c, vif, q, &b, used_len) < 0)
		return RX_FAILED;
	return outcome;
}

/*
 * Chains one frame may take with MRG_RXBUF. A 9018-byte frame fills 24
 * chains of 384 bytes (DPDK mbufs of 512 bytes); Linux posts buffers of at
 * least 1.5 KiB. A frame that needs more is dropped (rx_drop_small).
 */
#define FW_RX_MAX_BUFS 64u

/* The chains a frame has taken so far, in the order taken. */
struct rx_bufs {
	unsigned n;
	uint32_t ndesc; /* ring entries they took (split: heads) */
	struct fw_vq_buf b[FW_RX_MAX_BUFS];
	uint32_t len[FW_RX_MAX_BUFS]; /* bytes written into each */
};

/*
 * With MRG_RXBUF (virtio 1.2 section 5.1.6.4): the frame fills as many
 * chains as it needs, the header (with num_buffers, the chain count) only
 * at the start of the first, and each used entry's length is the bytes
 * written into its chain. The frame data goes into the chains as they are
 * taken; the header, once the count is known, and the used entries only
 * when the whole frame is in, so the driver never sees part of a frame.
 *
 * If the ring runs out of chains mid-frame, the chains taken are given
 * back and the frame stays at the head of the card's RX buffer, retried
 * on a later pass (the queue is polled or waits for the driver's kick, as
 * for a frame that finds no chain at all): what Linux vhost-net
 * (vhost_discard_vq_desc) and QEMU's virtio-net (which checks the ring
 * holds enough bytes and otherwise queues the packet) do. A driver that
 * refills its ring only as frames arrive would otherwise lose every large
 * frame that meets a nearly empty ring. Frames behind it wait; those
 * that do not fit the card's buffer meanwhile are counted (rx_drop_full).
 *
 * A frame that more chains can never hold is dropped instead
 * (rx_drop_small), its chains given back: one that takes FW_RX_MAX_BUFS
 * chains, or every entry of the ring, and still does not fit.
 */
static enum rx_outcome rx_merged(struct fw_card *c, unsigned vif, struct fw_vq *q, unsigned len)
{
	struct fw_vif *v = &c->vif[vif];
	struct fw_chain first, ch;
	struct rx_bufs bufs;
	struct fw_vq_mark mark;
	unsigned done = 0; /* frame bytes written */

	fw_vq_mark(q, &mark);
	bufs.n = 0;
	bufs.ndesc = 0;
	while (bufs.n < FW_RX_MAX_BUFS && bufs.ndesc < q->size) {
		struct fw_vq_buf b;
		int r = fw_vq_get(c, vif, q, true, bufs.n == 0 ? &first : &ch, &b);
		if (r < 0)
			return RX_FAILED;
		if (r == 0) {
			fw_vq_rewind(q, &mark);
			return RX_WAIT;
		}
		const struct fw_chain *cur = bufs.n == 0 ? &first : &ch;
		/* Each buffer holds at least a header (5.1.6.3.1). */
		if (cur->total < v->hdr_len) {
			fw_vif_fail(c, vif, SVNIC_VIF_ERR_DESC_LEN);
			return RX_FAILED;
		}
		unsigned skip = bufs.n == 0 ? v->hdr_len : 0;
		uint64_t room = recorded_room(cur);
		if (room < skip)
			break; /* the header is beyond the segments recorded: drop */
		room -= skip;
		unsigned n = room < len - done ? (unsigned)room : len - done;
		if (n > 0 && put_frame(c, vif, cur, skip, done, n) < 0)
			return RX_FAILED;
		done += n;
		bufs.b[bufs.n] = b;
		bufs.len[bufs.n] = skip + n;
		bufs.n++;
		bufs.ndesc += b.ndesc;
		if (done == len)
			break;
	}
	if (done < len) {
		fw_vq_rewind(q, &mark);
		return pop_frame(c, vif, RX_DROPPED);
	}
	if (put_header(c, vif, &first, bufs.n) < 0)
		return RX_FAILED;
	enum rx_outcome outcome = pop_frame(c, vif, RX_DELIVERED);
	if (outcome != RX_FAILED && fw_vq_put_chains(c, vif, q, bufs.b, bufs.len, bufs.n) < 0)
		return RX_FAILED;
	return outcome;
}

/*
 * The RX queue of the pair that takes the frame at the head of the VIF's
 * buffer (net_steer.c), or NULL when that queue cannot take it now (not
 * attached, or waiting for buffers): the frame then waits in the card, and
 * the frames behind it with it, since the VIF's buffer is one queue. A
 * queue being reset (vif_status.c) would hold up the VIF's other queues
 * for as long as the driver takes: its frames are dropped and counted
 * (*drop set) instead.
 */
static struct fw_vq *rx_target(struct fw_card *c, unsigned vif, bool *drop)
{
	struct fw_vif *v = &c->vif[vif];
	unsigned pair = 0;
	if (fw_vif_pairs(v) > 1u) {
		uint32_t meta = fw_hal_reg_read(c->hal, SVNIC_FW_VIF_REG(vif, SVNIC_FW_VIF_RX_HEAD_META));
		uint32_t hash = fw_hal_reg_read(c->hal, SVNIC_FW_VIF_REG(vif, SVNIC_FW_VIF_RX_HEAD_HASH));
		unsigned type = (meta & SVNIC_RX_META_HASH_TYPE_MASK) >> SVNIC_RX_META_HASH_TYPE_SHIFT;
		pair = fw_rx_steer(v, type, hash);
	}
	struct fw_vq *q = &v->vq[SVNIC_VIRTIO_NET_RXQ(pair)];
	*drop = (v->resetting & (1ull << SVNIC_VIRTIO_NET_RXQ(pair))) != 0;
	return q->attached && q->active ? q : 0;
}

bool fw_rx_queue(struct fw_card *c, unsigned vif)
{
	struct fw_vif *v = &c->vif[vif];
	bool merge = (v->features & SVNIC_VIRTIO_BIT(SVNIC_VIRTIO_NET_F_MRG_RXBUF)) != 0;
	uint32_t filled = 0; /* bit per pair whose RX ring got frames */
	unsigned done = 0;

	if (!fw_vif_serving(v))
		return false;
	for (; done < FW_RX_BUDGET; done++) {
		unsigned len = fw_hal_reg_read(c->hal, SVNIC_FW_VIF_REG(vif, SVNIC_FW_VIF_RX_HEAD_LEN));
		if (len == 0)
			break;
		bool drop = false;
		struct fw_vq *q = rx_target(c, vif, &drop);
		if (drop) {
			if (fw_dma_rxbuf_pop(c, vif) != SVNIC_DMA_ST_OK) {
				c->broken = true; /* RX_HEAD_LEN said a frame was there */
				return true;
			}
			v->rx_drop_reset++;
			continue;
		}
		if (!q)
			break;
		enum rx_outcome r = merge ? rx_merged(c, vif, q, len) : rx_one_chain(c, vif, q, len);
		if (r == RX_FAILED)
			return true;
		if (r == RX_WAIT)
			break;
		unsigned pair = (unsigned)(q - v->vq) / 2u;
		if (r == RX_DELIVERED)
			v->pair_rx[pair]++;
		filled |= 1u << pair;
	}
	for (unsigned p = 0; filled && p < FW_MAX_PAIRS; p++, filled >>= 1)
		if ((filled & 1u) && fw_vq_publish(c, vif, &v->vq[SVNIC_VIRTIO_NET_RXQ(p)]) < 0)
			return true;
	return done > 0;
}
