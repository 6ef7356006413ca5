/* SPDX-License-Identifier: MIT */
/*
 * TCP segmentation offload (VIRTIO_NET_F_HOST_TSO4 / HOST_TSO6): a TX
 * chain whose virtio-net header asks for GSO carries one TCP packet of up
 * to 64 KiB; the card cuts it into segments of gso_size payload bytes,
 * each with its own IP and TCP header, and sends them one per TX grant.
 */
#ifndef FW_TSO_H
#define FW_TSO_H

#include <stdbool.h>
#include <stdint.h>

#include "fw/vring.h"

/* L2 to L4 header bytes of a TSO packet the card takes: what one
 * FW_TO_TXBUF command carries (SVNIC_DMA_INLINE_MAX). */
#define FW_TSO_HDR_MAX 256u
/* Bytes of the virtio-net header the TX path reads: up to csum_offset. */
#define FW_VNET_HDR_READ 10u

/*
 * A packet being segmented. The chain (walked and checked once) and the
 * packet's headers (read once) are kept here until its last segment is
 * out, so a packet may span TX passes without anything being fetched from
 * the guest twice, except the payload bytes, which are copied once each.
 */
struct fw_tso {
	bool active;
	bool v6;
	uint16_t hlen;   /* L2 .. end of the TCP header */
	uint16_t l3, l4; /* IP and TCP header offsets in the frame */
	uint16_t mss;    /* payload bytes per segment (gso_size) */
	uint16_t ip_id;  /* IPv4 identification of the first segment */
	uint16_t buf_id, buf_ndesc; /* the chain, for the used ring (fw_vq_buf) */
	uint8_t pair;               /* whose TX ring it came from */
	uint32_t frame_len; /* frame bytes after the virtio-net header */
	uint32_t next;      /* frame offset of the next segment's payload */
	uint32_t seq;       /* TCP sequence number of the first payload byte */
	uint8_t hdr[FW_TSO_HDR_MAX];
	struct fw_chain ch;
};

struct fw_card;
struct fw_tx_pass;
struct fw_vq_buf;

/*
 * Take the chain `ch` (buffer `b`) whose virtio-net header `vh` asks for
 * GSO: check it and start segmenting it, then send its first segment.
 * Returns what fw_tx_one returns: 1 (a segment went, or the packet was
 * dropped and counted in tx_gso_bad), -1 if the VIF was failed.
 */
int fw_tso_start(struct fw_card *c, unsigned vif, unsigned pair, const struct fw_chain *ch,
		 const struct fw_vq_buf *b, const uint8_t *vh, struct fw_tx_pass *p);
/* Send the next segment of the VIF's packet in progress (1), completing
 * the chain after its last one; -1 if the VIF was failed. */
int fw_tso_next(struct fw_card *c, unsigned vif, struct fw_tx_pass *p);
/* The TX queue of the VIF's pair `pair` is taken away (QUEUE_DETACH): send
 * the rest of a packet in progress from it and complete its chain now, so
 * the ring position the host gets back has every chain before it done,
 * once. */
void fw_tso_finish(struct fw_card *c, unsigned vif, unsigned pair);

#endif
