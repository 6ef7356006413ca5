/* SPDX-License-Identifier: MIT */
/*
 * TCP segmentation offload (fw/tso.h).
 *
 * Checks, at the start of a packet, against the headers as read once:
 * the GSO type is one the VIF negotiated (TCPV4 with HOST_TSO4, TCPV6 with
 * HOST_TSO6; ECN and UDP are not offered), NEEDS_CSUM is set with the
 * checksum field at TCP's offset (virtio 1.2 section 5.1.6.2: the driver
 * must ask for the checksum with GSO), Ethernet II with up to two VLAN
 * tags, then IPv4 (no options limit, not a fragment) or IPv6 without
 * extension headers, whose end is csum_start, then TCP; all headers within
 * FW_TSO_HDR_MAX bytes, a payload, segments no longer than the datapath's
 * frame limit, and an IP length that fits its field. hdr_len from the
 * driver is only a hint (virtio 1.2) and is not used. A packet that fails
 * is dropped and counted (tx_gso_bad), its chain completed: like a bad
 * checksum request, it harms only itself.
 *
 * Each segment: the headers with IPv4 total length, identification (+1
 * per segment) and header checksum, or IPv6 payload length, rewritten;
 * the TCP sequence number advanced; FIN and PSH only on the last segment
 * and CWR only on the first (RFC 3168 section 6.1.2); and the TCP checksum
 * field seeded with the segment's pseudo-header sum so that the datapath's
 * checksum insertion (TXBUF_SEND's request) completes it. The firmware
 * writes the headers into the TX buffer (FW_TO_TXBUF), the payload follows
 * by DMA straight from the guest's buffers.
 */
#include "fw/dma.h"
#include "fw/fw.h"
#include "fw/mem.h"
#include "fw/tso.h"
#include "fw/tx.h"
#include "fw/vq.h"
#include "svnic/dmacmd.h"
#include "svnic/mbox.h"
#include "svnic/virtio.h"

#define ETH_P_IPV4 0x0800u
#define ETH_P_IPV6 0x86ddu
#define ETH_P_8021Q 0x8100u
#define ETH_P_8021AD 0x88a8u
#define IPPROTO_TCP_ 6u
#define TCP_CSUM_OFFSET 16u
#define TCP_FIN 0x01u
#define TCP_PSH 0x08u
#define TCP_CWR 0x80u

static unsigned be16(const uint8_t *p)
{
	return (unsigned)p[0] << 8 | p[1];
}

static uint32_t be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static void put16(uint8_t *p, unsigned v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static void put32(uint8_t *p, uint32_t v)
{
	put16(p, v >> 16);
	put16(p + 2, v & 0xffffu);
}

static unsigned le16(const uint8_t *p)
{
	return (unsigned)p[0] | (unsigned)p[1] << 8;
}

/* Internet checksum arithmetic (RFC 1071): 16-bit big-endian words. */
static uint32_t sum16(const uint8_t *p, unsigned n, uint32_t acc)
{
	for (unsigned i = 0; i + 1u < n; i += 2u)
		acc += be16(p + i);
	if (n & 1u)
		acc += (uint32_t)p[n - 1u] << 8;
	return acc;
}

static unsigned fold(uint32_t s)
{
	s = (s & 0xffffu) + (s >> 16);
	s = (s & 0xffffu) + (s >> 16);
	return s;
}

static bool has(const struct fw_vif *v, unsigned bit)
{
	return (v->features & SVNIC_VIRTIO_BIT(bit)) != 0;
}

/* The frame's headers in t->hdr (`got` bytes of them): 1 if they are ones
 * the card segments, with t's offsets set. */
static bool parse(struct fw_tso *t, unsigned got, unsigned start)
{
	const uint8_t *h = t->hdr;
	unsigned l3 = 14u, et = be16(h + 12);
	for (unsigned tags = 0; tags < 2u && (et == ETH_P_8021Q || et == ETH_P_8021AD); tags++) {
		l3 += 4u;
		et = be16(h + l3 - 2u);
	}
	if (t->v6) {
		if (et != ETH_P_IPV6 || l3 + 40u > got || h[l3] >> 4 != 6u || h[l3 + 6u] != IPPROTO_TCP_ ||
		    start != l3 + 40u)
			return false;
	} else {
		if (et != ETH_P_IPV4 || l3 + 20u > got || h[l3] >> 4 != 4u)
			return false;
		unsigned ihl = (h[l3] & 0xfu) * 4u;
		if (ihl < 20u || start != l3 + ihl || h[l3 + 9u] != IPPROTO_TCP_ ||
		    (be16(h + l3 + 6u) & 0x3fffu) != 0) /* MF or a fragment offset */
			return false;
	}
	if (start + 20u > got)
		return false;
	unsigned doff = (unsigned)(h[start + 12u] >> 4) * 4u;
	if (doff < 20u || start + doff > got)
		return false;
	t->l3 = (uint16_t)l3;
	t->l4 = (uint16_t)start;
	t->hlen = (uint16_t)(start + doff);
	return true;
}

static int drop(struct fw_card *c, unsigned vif, unsigned pair, struct fw_tx_pass *p,
		const struct fw_vq_buf *b)
{
	c->vif[vif].tx_gso_bad++;
	return fw_tx_complete(c, vif, pair, p, b);
}

int fw_tso_start(struct fw_card *c, unsigned vif, unsigned pair, const struct fw_chain *ch,
		 const struct fw_vq_buf *b, const uint8_t *vh, struct fw_tx_pass *p)
{
	struct fw_vif *v = &c->vif[vif];
	struct fw_tso *t = &v->tso;
	unsigned type = vh[1], mss = le16(vh + 4), start = le16(vh + 6), offset = le16(vh + 8);
	uint64_t frame_len = ch->total - v->hdr_len;

	if (!(type == SVNIC_VIRTIO_NET_HDR_GSO_TCPV4 && has(v, SVNIC_VIRTIO_NET_F_HOST_TSO4)) &&
	    !(type == SVNIC_VIRTIO_NET_HDR_GSO_TCPV6 && has(v, SVNIC_VIRTIO_NET_F_HOST_TSO6)))
		return drop(c, vif, pair, p, b);
	if (!(vh[0] & SVNIC_VIRTIO_NET_HDR_F_NEEDS_CSUM) || offset != TCP_CSUM_OFFSET || mss == 0 ||
	    ch->overflow || frame_len <= (uint64_t)start + 20u || start + 20u > FW_TSO_HDR_MAX)
		return drop(c, vif, pair, p, b);
	unsigned got = frame_len < FW_TSO_HDR_MAX ? (unsigned)frame_len : FW_TSO_HDR_MAX;
	if (fw_chain_read(c, vif, ch, v->hdr_len, got, t->hdr) < 0)
		return -1;
	t->v6 = type == SVNIC_VIRTIO_NET_HDR_GSO_TCPV6;
	if (!parse(t, got, start) || frame_len <= t->hlen)
		return drop(c, vif, pair, p, b);
	/* The IP length fields of the whole packet must have fit (no jumbo
	 * payloads), and a full segment must fit the datapath. */
	uint64_t ip_len = frame_len - t->l3 - (t->v6 ? 40u : 0u);
	uint64_t payload = frame_len - t->hlen;
	if (ip_len > 0xffffu || t->hlen + (payload < mss ? payload : mss) > c->max_frame)
		return drop(c, vif, pair, p, b);

	t->mss = (uint16_t)mss;
	t->frame_len = (uint32_t)frame_len;
	t->next = t->hlen;
	t->seq = be32(t->hdr + t->l4 + 4u);
	t->ip_id = t->v6 ? 0 : (uint16_t)be16(t->hdr + t->l3 + 4u);
	t->buf_id = b->id;
	t->buf_ndesc = b->ndesc;
	t->pair = (uint8_t)pair;
	fw_memcpy(&t->ch, ch, sizeof(*ch));
	t->active = true;
	v->tx_tso_packets++;
	return fw_tso_next(c, vif, p);
}

/* The headers of the segment whose payload is [t->next, t->next + n). */
static void segment_headers(const struct fw_tso *t, uint8_t *h, uint32_t n, bool last)
{
	bool first = t->next == t->hlen;
	unsigned l3 = t->l3, l4 = t->l4;
	fw_memcpy(h, t->hdr, t->hlen);
	if (t->v6) {
		put16(h + l3 + 4u, t->hlen - l3 - 40u + n);
	} else {
		uint32_t k = (t->next - t->hlen) / t->mss;
		put16(h + l3 + 2u, t->hlen - l3 + n);
		put16(h + l3 + 4u, (t->ip_id + k) & 0xffffu);
		put16(h + l3 + 10u, 0);
		put16(h + l3 + 10u, ~fold(sum16(h + l3, l4 - l3, 0)) & 0xffffu);
	}
	put32(h + l4 + 4u, t->seq + (t->next - t->hlen));
	uint8_t flags = h[l4 + 13u];
	if (!last)
		flags &= (uint8_t)~(TCP_FIN | TCP_PSH);
	if (!first)
		flags &= (uint8_t)~TCP_CWR;
	h[l4 + 13u] = flags;
	/* pseudo header: addresses, protocol, TCP length (RFC 793, RFC 8200
	 * section 8.1); the datapath adds the segment and complements */
	uint32_t ps = t->v6 ? sum16(h + l3 + 8u, 32u, 0) : sum16(h + l3 + 12u, 8u, 0);
	ps += IPPROTO_TCP_ + (t->hlen - l4 + n);
	put16(h + l4 + TCP_CSUM_OFFSET, fold(ps));
}

int fw_tso_next(struct fw_card *c, unsigned vif, struct fw_tx_pass *p)
{
	struct fw_vif *v = &c->vif[vif];
	struct fw_tso *t = &v->tso;
	uint32_t left = t->frame_len - t->next;
	uint32_t n = left < t->mss ? left : t->mss;
	bool last = n == left;
	uint8_t h[FW_TSO_HDR_MAX];

	segment_headers(t, h, n, last);
	unsigned st = fw_dma_fw_to_txbuf(c, vif, h, t->hlen, 0);
	if (st == SVNIC_DMA_ST_OK) {
		if (fw_chain_to_txbuf(c, vif, &t->ch, v->hdr_len + t->next, n, t->hlen) < 0) {
			t->active = false;
			return -1;
		}
		st = fw_dma_txbuf_send_csum(c, vif, t->hlen + n, svnic_dma_send_csum(t->l4, TCP_CSUM_OFFSET));
	}
	if (st == SVNIC_DMA_ST_OK) {
		v->tx_tso_segs++;
		p->bytes += fw_tx_footprint(c, t->hlen + n);
	} else {
		v->tx_bad_frames++; /* the datapath refused it: the rest would fare alike */
		last = true;
	}
	t->next += n;
	if (!last)
		return 1;
	t->active = false;
	struct fw_vq_buf b = { t->buf_id, t->buf_ndesc };
	return fw_tx_complete(c, vif, t->pair, p, &b);
}

void fw_tso_finish(struct fw_card *c, unsigned vif, unsigned pair)
{
	struct fw_vif *v = &c->vif[vif];
	struct fw_tx_pass p;
	if (!v->tso.active || v->tso.pair != pair)
		return;
	if (!fw_vif_serving(v)) {
		/* a failed or stopped VIF completes nothing */
		v->tso.active = false;
		v->tx_tso_aborted++;
		return;
	}
	fw_memset(&p, 0, sizeof(p));
	/* bounded: every round sends one segment of at most 64 KiB of payload */
	for (unsigned i = 0; i <= 0xffffu && v->tso.active; i++)
		if (fw_tso_next(c, vif, &p) < 0)
			return;
	fw_tx_publish(c, vif, &p);
}
