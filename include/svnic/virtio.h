/* SPDX-License-Identifier: MIT */
/*
 * The parts of the virtio 1.2 specification that svnic's firmware and guest
 * driver share: feature bits, split-ring layout, the virtio-net header.
 * Written from the specification (OASIS virtio v1.2, sections 2.7 and 5.1);
 * every multi-byte field is little-endian.
 */
#ifndef SVNIC_VIRTIO_H
#define SVNIC_VIRTIO_H

#include <stdint.h>

/* Feature bits (bit numbers). */
#define SVNIC_VIRTIO_NET_F_CSUM 0
#define SVNIC_VIRTIO_NET_F_GUEST_CSUM 1
#define SVNIC_VIRTIO_NET_F_MAC 5
#define SVNIC_VIRTIO_NET_F_HOST_TSO4 11
#define SVNIC_VIRTIO_NET_F_HOST_TSO6 12
#define SVNIC_VIRTIO_NET_F_MRG_RXBUF 15
#define SVNIC_VIRTIO_NET_F_STATUS 16
#define SVNIC_VIRTIO_NET_F_CTRL_VQ 17
#define SVNIC_VIRTIO_NET_F_CTRL_RX 18
#define SVNIC_VIRTIO_NET_F_CTRL_VLAN 19
#define SVNIC_VIRTIO_NET_F_CTRL_RX_EXTRA 20
#define SVNIC_VIRTIO_NET_F_GUEST_ANNOUNCE 21
#define SVNIC_VIRTIO_NET_F_MQ 22
#define SVNIC_VIRTIO_NET_F_CTRL_MAC_ADDR 23
#define SVNIC_VIRTIO_F_RING_INDIRECT_DESC 28
#define SVNIC_VIRTIO_F_RING_EVENT_IDX 29
#define SVNIC_VIRTIO_F_VERSION_1 32
#define SVNIC_VIRTIO_F_RING_PACKED 34
#define SVNIC_VIRTIO_F_IN_ORDER 35
#define SVNIC_VIRTIO_F_RING_RESET 40
#define SVNIC_VIRTIO_NET_F_HASH_REPORT 57
#define SVNIC_VIRTIO_NET_F_RSS 60

#define SVNIC_VIRTIO_BIT(b) (1ull << (b))

/* Control virtqueue (virtio 1.2 section 5.1.6.5): the ack the device
 * writes, and the multiqueue class the guest driver uses too. */
#define SVNIC_VIRTIO_NET_OK 0u
#define SVNIC_VIRTIO_NET_ERR 1u
#define SVNIC_VIRTIO_NET_CTRL_MQ 4u
#define SVNIC_VIRTIO_NET_CTRL_MQ_VQ_PAIRS_SET 0u
#define SVNIC_VIRTIO_NET_CTRL_MQ_RSS_CONFIG 1u
#define SVNIC_VIRTIO_NET_CTRL_MQ_HASH_CONFIG 2u

/* Device status bits (virtio 1.2 section 2.1). */
#define SVNIC_VIRTIO_S_ACKNOWLEDGE 0x01u
#define SVNIC_VIRTIO_S_DRIVER 0x02u
#define SVNIC_VIRTIO_S_DRIVER_OK 0x04u
#define SVNIC_VIRTIO_S_FEATURES_OK 0x08u
#define SVNIC_VIRTIO_S_NEEDS_RESET 0x40u
#define SVNIC_VIRTIO_S_FAILED 0x80u
#define SVNIC_VIRTIO_S_ALL                                                   \
	(SVNIC_VIRTIO_S_ACKNOWLEDGE | SVNIC_VIRTIO_S_DRIVER | SVNIC_VIRTIO_S_DRIVER_OK | \
	 SVNIC_VIRTIO_S_FEATURES_OK | SVNIC_VIRTIO_S_NEEDS_RESET | SVNIC_VIRTIO_S_FAILED)

/* Split virtqueue descriptor flags. */
#define SVNIC_VRING_DESC_F_NEXT 1u
#define SVNIC_VRING_DESC_F_WRITE 2u
#define SVNIC_VRING_DESC_F_INDIRECT 4u

#define SVNIC_VRING_AVAIL_F_NO_INTERRUPT 1u
#define SVNIC_VRING_USED_F_NO_NOTIFY 1u

#define SVNIC_VIRTQ_MAX_SIZE 32768u

struct svnic_vring_desc {
	uint64_t addr;
	uint32_t len;
	uint16_t flags;
	uint16_t next;
};

/* avail: uint16_t flags, idx, ring[size] (, used_event) */
#define SVNIC_VRING_AVAIL_FLAGS_OFF 0u
#define SVNIC_VRING_AVAIL_IDX_OFF 2u
#define SVNIC_VRING_AVAIL_RING_OFF(i) (4u + 2u * (unsigned)(i))

struct svnic_vring_used_elem {
	uint32_t id;
	uint32_t len;
};

/* used: uint16_t flags, idx, struct used_elem ring[size] (, avail_event) */
#define SVNIC_VRING_USED_FLAGS_OFF 0u
#define SVNIC_VRING_USED_IDX_OFF 2u
#define SVNIC_VRING_USED_RING_OFF(i) (4u + 8u * (unsigned)(i))

/* Bytes each part of a split ring of `n` entries takes (with event fields). */
#define SVNIC_VRING_DESC_BYTES(n) (16u * (unsigned)(n))
#define SVNIC_VRING_AVAIL_BYTES(n) (6u + 2u * (unsigned)(n))
#define SVNIC_VRING_USED_BYTES(n) (6u + 8u * (unsigned)(n))

/* virtio-net header as VERSION_1 (or MRG_RXBUF) lays it out: 12 bytes. */
struct svnic_virtio_net_hdr {
	uint8_t flags;
	uint8_t gso_type;
	uint16_t hdr_len;
	uint16_t gso_size;
	uint16_t csum_start;
	uint16_t csum_offset;
	uint16_t num_buffers;
};

/* virtio-net header flags. */
#define SVNIC_VIRTIO_NET_HDR_F_NEEDS_CSUM 1u /* TX: checksum [csum_start, end) into csum_start + csum_offset */
#define SVNIC_VIRTIO_NET_HDR_F_DATA_VALID 2u /* RX: the device verified the L4 checksum */

/* virtio-net header gso_type. */
#define SVNIC_VIRTIO_NET_HDR_GSO_NONE 0u
#define SVNIC_VIRTIO_NET_HDR_GSO_TCPV4 1u
#define SVNIC_VIRTIO_NET_HDR_GSO_UDP 3u
#define SVNIC_VIRTIO_NET_HDR_GSO_TCPV6 4u
#define SVNIC_VIRTIO_NET_HDR_GSO_ECN 0x80u

#define SVNIC_VIRTIO_NET_HDR_LEN 12u
#define SVNIC_VIRTIO_NET_HDR_LEN_LEGACY 10u

/* Queue numbering of a virtio-net device: RX of pair p is 2p, TX is 2p + 1. */
#define SVNIC_VIRTIO_NET_RXQ(p) (2u * (unsigned)(p))
#define SVNIC_VIRTIO_NET_TXQ(p) (2u * (unsigned)(p) + 1u)

/* Ethernet frame limits the skeleton datapath accepts (no FCS). */
#define SVNIC_ETH_MIN_FRAME 14u
#define SVNIC_ETH_MAX_FRAME 1518u /* 1500 MTU + 14 header + 4 VLAN tag */

#endif
