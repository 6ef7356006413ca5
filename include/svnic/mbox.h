/* SPDX-License-Identifier: MIT */
/*
 * Host <-> firmware mailbox: the control contract of the card.
 *
 * The host takes MBOX_LOCK, writes a request into MBOX_CMD, rings
 * MBOX_DOORBELL and polls MBOX_STATUS until DONE, then reads the response
 * from MBOX_RSP and writes MBOX_LOCK to release it. Requests and responses
 * are the little-endian structs below, at most SVNIC_MBOX_BYTES each; every
 * field is naturally aligned so both sides can copy them word by word.
 */
#ifndef SVNIC_MBOX_H
#define SVNIC_MBOX_H

#include <stdint.h>

#include "svnic/virtio.h"

#define SVNIC_MBOX_BYTES 128u
#define SVNIC_MBOX_ABI_VERSION 1u

/* X(NAME, VALUE, DESCRIPTION) */
#define SVNIC_MBOX_OPS(X)                                                    \
	X(CARD_INFO, 0x01, "card identity, sizes and firmware version")          \
	X(CARD_STATS, 0x02, "wire counters")                                     \
	X(CARD_RESET, 0x03, "reset the card once the host releases the mailbox") \
	X(VIF_CREATE, 0x10, "claim a free VIF with a MAC")                       \
	X(VIF_DESTROY, 0x11, "detach queues, unmap and free a VIF")              \
	X(VIF_QUERY, 0x12, "state, MAC and counters of a VIF")                  \
	X(VIF_SET_FEATURES, 0x13, "virtio features the driver negotiated")       \
	X(VIF_RESET, 0x14, "detach queues, clear NEEDS_RESET, keep MAC and maps") \
	X(VIF_SET, 0x15, "change a VIF's VLAN, promiscuous and all-multicast")   \
	X(VIF_QUERY_TX, 0x16, "a VIF's TX weight, rate and burst")              \
	X(VIF_QUERY_RX, 0x17, "a VIF's RX buffer quota and drops by reason")    \
	X(VIF_QUERY_QUEUES, 0x18, "a VIF's queue pairs, queues and their counts") \
	X(VIF_SET_STATUS, 0x19, "the driver wrote the virtio device status")    \
	X(DMA_MAP, 0x20, "add [iova, iova+len) to the VIF's DMA window")         \
	X(DMA_UNMAP, 0x21, "remove [iova, iova+len) from the VIF's window")      \
	X(QUEUE_ATTACH, 0x30, "start serving a virtqueue of a VIF")              \
	X(QUEUE_DETACH, 0x31, "stop serving a virtqueue, return its indices")  \
	X(FLASH_INFO, 0x40, "boot state and one image slot of the card's flash") \
	X(FLASH_BEGIN, 0x41, "erase the slot not running, to receive an image")  \
	X(FLASH_WRITE, 0x42, "write the next chunk of the image")                \
	X(FLASH_FINISH, 0x43, "verify the image; if good, boot it next (pending)")

#define SVNIC_MBOX_STATUSES(X)                                               \
	X(OK, 0, "done")                                                         \
	X(BAD_OPCODE, 1, "unknown command")                                      \
	X(BAD_LENGTH, 2, "request length does not match the command")            \
	X(BAD_VIF, 3, "no such VIF, or the VIF is not in use")                   \
	X(BAD_ARG, 4, "an argument is out of range")                             \
	X(NO_SPACE, 5, "no free VIF, window, queue or forwarding table slot")   \
	X(EXISTS, 6, "the MAC or mapping is already in use")                     \
	X(BAD_STATE, 7, "the VIF or queue is not in a state that allows this")  \
	X(REFUSED, 8, "the firmware image was refused (the response says why)")

#define SVNIC_MBOX_ENUM_(name, val, desc) SVNIC_MBOX_OP_##name = (val),
enum svnic_mbox_op { SVNIC_MBOX_OPS(SVNIC_MBOX_ENUM_) };
#undef SVNIC_MBOX_ENUM_
#define SVNIC_MBOX_ENUM_(name, val, desc) SVNIC_MBOX_ST_##name = (val),
enum svnic_mbox_status { SVNIC_MBOX_STATUSES(SVNIC_MBOX_ENUM_) };
#undef SVNIC_MBOX_ENUM_

/* Every request starts with this header; len counts the whole request. */
struct svnic_mbox_hdr {
	uint16_t opcode;
	uint16_t len;
	uint32_t vif;
};

/* Every response starts with this header; len counts the whole response. */
struct svnic_mbox_rsp_hdr {
	uint32_t status; /* enum svnic_mbox_status */
	uint32_t len;
};

/* CARD_INFO: request is the bare header. The response used to end at
 * max_windows (SVNIC_MBOX_CARD_INFO_V1_LEN). */
#define SVNIC_MBOX_CARD_INFO_V1_LEN 32u
struct svnic_mbox_card_info_rsp {
	struct svnic_mbox_rsp_hdr h;
	uint32_t abi_version;
	uint32_t fw_version; /* major << 16 | minor << 8 | patch */
	uint32_t num_vifs;
	uint32_t queues_per_vif;
	uint32_t max_queue_size;
	uint32_t max_windows; /* DMA windows per VIF */
	/* Largest frame a VIF sends or receives, destination MAC to the end
	 * of the payload (no FCS): the datapath's MAX_FRAME register. */
	uint32_t max_frame;
	uint32_t reserved;
	/* The virtio features the firmware implements, the ones VIF_SET_FEATURES
	 * accepts: what a host offers its front-ends (absent from responses of
	 * SVNIC_MBOX_CARD_INFO_V2_LEN, whose features are not known). */
	uint64_t features;
};
#define SVNIC_MBOX_CARD_INFO_V2_LEN 36u

/* CARD_STATS: request is the bare header. The response used to end at
 * wire_tx_frames (SVNIC_MBOX_CARD_STATS_V1_LEN). */
#define SVNIC_MBOX_CARD_STATS_V1_LEN 40u
struct svnic_mbox_card_stats_rsp {
	struct svnic_mbox_rsp_hdr h;
	uint64_t wire_rx_frames;
	uint64_t wire_rx_drop_novif;   /* unicast no VIF on VLAN 0 takes */
	uint64_t wire_rx_drop_err;
	uint64_t wire_tx_frames;
	uint64_t wire_rx_drop_nomember; /* group address, no member on VLAN 0 */
	uint64_t tx_drop_srcdis;        /* sent by a VIF that is not enabled */
};

/*
 * VIF_CREATE: h.vif is ignored; the response names the VIF. The VIF is an
 * access port on `vlan` (0 = untagged, 1..SVNIC_VLAN_MAX a VLAN id): it
 * exchanges frames only with VIFs on the same VLAN, and only VLAN 0 VIFs
 * receive from the wire (svnic/regs.h, forwarding). `vlan` was a reserved
 * field that hosts sent as 0, so older requests create untagged VIFs.
 * (mac, vlan) must be unused (EXISTS); NO_SPACE also when the forwarding
 * table has no room for it (the VIF is then not created).
 *
 * TX scheduling (svnic/regs.h, SVNIC_FW_TXS_*): tx_weight is the VIF's
 * share under contention (1 .. SVNIC_TXS_WEIGHT_MAX; 0: 1), tx_rate_kbps
 * its rate limit in kbit/s (0: unlimited; else the scheduler's resolution,
 * SVNIC_TXS_RATE_STEP_BPS, up to SVNIC_TXS_RATE_MAX steps), tx_burst its
 * token bucket in bytes (0: SVNIC_TXS_BURST_DEFAULT; at most
 * SVNIC_TXS_BURST_MAX). BAD_ARG outside those. The request used to end at
 * vlan (SVNIC_MBOX_VIF_CREATE_V1_LEN): such a VIF gets the defaults.
 *
 * queue_pairs is the VIF's virtio max_virtqueue_pairs (VIRTIO_NET_F_MQ):
 * 1 .. SVNIC_MAX_QUEUE_PAIRS, and at most (CARD_INFO queues_per_vif - 1) / 2
 * (the control queue follows the pairs); 0 means 1, which is what hosts
 * that sent this field as a reserved 0 get. BAD_ARG above the card's limit.
 */
#define SVNIC_MAX_QUEUE_PAIRS 16u
#define SVNIC_MBOX_VIF_CREATE_V1_LEN 16u
struct svnic_mbox_vif_create_req {
	struct svnic_mbox_hdr h;
	uint8_t mac[6];
	uint16_t vlan;
	uint16_t tx_weight;
	uint16_t queue_pairs; /* 0: 1 (was reserved, sent as 0) */
	uint32_t tx_rate_kbps;
	uint32_t tx_burst;
};
struct svnic_mbox_vif_create_rsp {
	struct svnic_mbox_rsp_hdr h;
	uint32_t vif;
	uint32_t reserved;
};

/* VIF state, as VIF_QUERY reports it. */
enum svnic_vif_state {
	SVNIC_VIF_FREE = 0,
	SVNIC_VIF_READY = 1,       /* created, no queue served */
	SVNIC_VIF_RUNNING = 2,     /* at least one queue served */
	SVNIC_VIF_NEEDS_RESET = 3, /* the driver broke the rules; VIF stopped */
};

/* Why a VIF was put into NEEDS_RESET (the first offence is kept). */
#define SVNIC_VIF_ERRORS(X)                                                  \
	X(NONE, 0, "none")                                                      \
	X(DESC_INDEX, 1, "descriptor index outside the ring")                   \
	X(DESC_LOOP, 2, "descriptor chain longer than the ring")                \
	X(DESC_ADDR, 3, "buffer outside the VIF's DMA window")                  \
	X(DESC_FLAGS, 4, "descriptor flags not allowed here")                   \
	X(DESC_LEN, 5, "chain shorter than the header or longer than allowed")  \
	X(AVAIL_IDX, 6, "avail index moved by more than the ring size")         \
	X(DMA_FAULT, 7, "the card's IOMMU refused a ring access")               \
	X(DESC_INDIRECT, 8, "indirect descriptor table malformed or misplaced") \
	X(EVENT_SUPPR, 9, "packed ring event suppression area malformed")    \
	X(CTRL_CMD, 10, "control queue command malformed: readable part "     \
	  "empty or too long, or ack byte missing or misplaced")                 \
	X(DESC_INUSE, 11, "packed ring descriptor made available again before " \
	  "the device marked it used")                                          \
	X(STATUS, 12, "device status write out of order, clearing a bit, or "  \
	  "setting DEVICE_NEEDS_RESET")

#define SVNIC_MBOX_ENUM_(name, val, desc) SVNIC_VIF_ERR_##name = (val),
enum svnic_vif_error { SVNIC_VIF_ERRORS(SVNIC_MBOX_ENUM_) };
#undef SVNIC_MBOX_ENUM_

/* VIF_QUERY: request is the bare header with h.vif. */
struct svnic_mbox_vif_query_rsp {
	struct svnic_mbox_rsp_hdr h;
	uint32_t state;    /* enum svnic_vif_state */
	uint32_t error;    /* enum svnic_vif_error */
	uint8_t mac[6];
	uint16_t queues;   /* bit per attached queue 0..15 (VIF_QUERY_QUEUES: all) */
	uint64_t features; /* negotiated virtio features */
	/* datapath (RTL) counters */
	uint64_t rx_frames;     /* accepted into the card's RX buffer */
	uint64_t rx_bytes;
	uint64_t rx_drop_full;  /* card RX buffer full */
	uint64_t tx_frames;     /* sent into the switch */
	uint64_t tx_bytes;
	/* firmware counters */
	uint64_t rx_delivered;  /* frames written to the guest's RX ring */
	uint64_t rx_drop_small; /* frames dropped: guest RX buffer too small */
	uint64_t tx_bad_frames; /* TX chains dropped: runt or oversize frame */
	uint64_t notifies;      /* interrupts raised toward the guest */
	uint64_t errors;        /* rule violations seen (NEEDS_RESET events) */
	/* forwarding (absent from responses of SVNIC_MBOX_VIF_QUERY_V1_LEN) */
	uint16_t vlan;          /* access VLAN, 0 = untagged */
	uint8_t promisc;        /* 1: receives unicast for any address on its VLAN */
	uint8_t allmulti;       /* 1: receives all multicast on its VLAN */
	/* datapath: checksum requests it refused (TX_CSUM_REFUSED, low 32 bits;
	 * firmware checks the offsets first, so this stays 0). A reserved
	 * field that older firmware sent as 0. */
	uint32_t tx_csum_refused;
	/* TX chains dropped: NEEDS_CSUM field outside the frame (absent from
	 * responses of SVNIC_MBOX_VIF_QUERY_V2_LEN). The response now fills
	 * the mailbox. */
	uint64_t tx_csum_bad;
};
#define SVNIC_MBOX_VIF_QUERY_V1_LEN 112u
#define SVNIC_MBOX_VIF_QUERY_V2_LEN 120u

/* VIF_QUERY_RX: request is the bare header with h.vif; the VIF's share of
 * the card's shared RX buffer and the frames it dropped there for reasons
 * other than a full buffer (that is VIF_QUERY's rx_drop_full). A card
 * without a shared RX buffer (register map before 2.4) answers zeros. */
struct svnic_mbox_vif_query_rx_rsp {
	struct svnic_mbox_rsp_hdr h;
	uint32_t rx_quota_bytes;  /* what its RX buffer may hold (quota * cell) */
	uint32_t rx_held_bytes;   /* what it holds now, in whole cells */
	uint64_t rx_drop_quota;   /* frames dropped: over its quota */
	uint64_t rx_drop_toolong; /* frames dropped: longer than the card takes */
	/* frames dropped: steered to an RX queue being reset (VIF_SET_STATUS;
	 * absent from responses of SVNIC_MBOX_VIF_QUERY_RX_V1_LEN) */
	uint64_t rx_drop_reset;
};
#define SVNIC_MBOX_VIF_QUERY_RX_V1_LEN 32u

/* VIF_QUERY_TX: request is the bare header with h.vif; the VIF's TX
 * scheduling as set by VIF_CREATE / VIF_SET (VIF_QUERY's response has no
 * room left in the mailbox), and its TSO counters. */
struct svnic_mbox_vif_query_tx_rsp {
	struct svnic_mbox_rsp_hdr h;
	uint16_t tx_weight;     /* 1 .. SVNIC_TXS_WEIGHT_MAX */
	uint16_t reserved;
	uint32_t tx_rate_kbps;  /* 0: unlimited */
	uint32_t tx_burst;      /* bytes */
	uint32_t reserved2;
	/* TSO (absent from responses of SVNIC_MBOX_VIF_QUERY_TX_V1_LEN) */
	uint64_t tx_tso_packets; /* GSO packets cut into segments */
	uint64_t tx_tso_segs;    /* segments sent */
	uint64_t tx_gso_bad;     /* GSO packets dropped: not negotiated, or not cut */
	/* GSO packets whose remaining segments were dropped because the
	 * device was reset, failed or stopped mid-packet (absent from
	 * responses of SVNIC_MBOX_VIF_QUERY_TX_V2_LEN). A queue reset at
	 * DRIVER_OK finishes the packet instead: nothing counted. */
	uint64_t tx_tso_aborted;
};
#define SVNIC_MBOX_VIF_QUERY_TX_V1_LEN 20u
#define SVNIC_MBOX_VIF_QUERY_TX_V2_LEN 48u

/*
 * VIF_QUERY_QUEUES: the VIF's queue pairs (VIF_CREATE), the pairs its driver
 * uses now (the control queue's VQ_PAIRS_SET / RSS_CONFIG, or the RX rings
 * attached from pair 0 up when the control queue is not on the card), the
 * attached queues (bit per queue: RX of pair p is 2p, TX 2p + 1, the
 * control queue 2 * queue_pairs with MQ negotiated, else 2) and per pair
 * the frames delivered into its RX ring and the chains taken from its TX
 * ring, for SVNIC_QUERY_QUEUES_PAIRS pairs from first_pair. The request is
 * the bare header (first_pair 0) or carries first_pair; BAD_ARG if it is
 * not below queue_pairs.
 */
#define SVNIC_QUERY_QUEUES_PAIRS 6u
struct svnic_mbox_vif_query_queues_req {
	struct svnic_mbox_hdr h;
	uint32_t first_pair;
	uint32_t reserved; /* must be 0 */
};
struct svnic_mbox_vif_query_queues_rsp {
	struct svnic_mbox_rsp_hdr h;
	uint16_t queue_pairs;
	uint16_t active_pairs;
	uint32_t first_pair;
	uint64_t attached;
	struct {
		uint64_t rx_frames; /* delivered into this pair's RX ring */
		uint64_t tx_frames; /* chains taken from its TX ring */
	} pair[SVNIC_QUERY_QUEUES_PAIRS]; /* pairs past queue_pairs read 0 */
	/* The VIF's virtio device status as its driver reads it
	 * (VIF_SET_STATUS), with DEVICE_NEEDS_RESET while the VIF is in
	 * NEEDS_RESET; status_driven 1 once a host wrote a status. Then
	 * queue_resets: queues detached at DRIVER_OK (ring resets). VIF_QUERY's
	 * response fills the mailbox, hence here. Absent from responses of
	 * SVNIC_MBOX_VIF_QUERY_QUEUES_V1_LEN. */
	uint8_t status;
	uint8_t status_driven;
	uint16_t reserved2;
	uint32_t queue_resets;
};
#define SVNIC_MBOX_VIF_QUERY_QUEUES_V1_LEN 120u

/*
 * VIF_SET: changes the fields `set` names (SVNIC_VIF_SET_*), leaves the
 * others. BAD_ARG for unknown bits in set, a VLAN id above SVNIC_VLAN_MAX or
 * a flag other than 0 / 1; EXISTS if another VIF has the VIF's MAC on the new
 * VLAN; NO_SPACE if the forwarding table has no room for the MAC on the new
 * VLAN (nothing changed then). The host's promiscuous and all-multicast
 * settings add to what the VIF's driver asks for on its control queue (and
 * to the fallbacks of a MAC filter that did not fit): VIF_QUERY reports the
 * flags the datapath applies, and a device reset clears only the driver's.
 */
#define SVNIC_VIF_SET_VLAN (1u << 0)
#define SVNIC_VIF_SET_PROMISC (1u << 1)
#define SVNIC_VIF_SET_ALLMULTI (1u << 2)
#define SVNIC_VIF_SET_WEIGHT (1u << 3)
#define SVNIC_VIF_SET_RATE (1u << 4)
#define SVNIC_VIF_SET_BURST (1u << 5)
#define SVNIC_VIF_SET_ALL                                                        \
	(SVNIC_VIF_SET_VLAN | SVNIC_VIF_SET_PROMISC | SVNIC_VIF_SET_ALLMULTI |   \
	 SVNIC_VIF_SET_WEIGHT | SVNIC_VIF_SET_RATE | SVNIC_VIF_SET_BURST)
/* The TX fields take VIF_CREATE's ranges, except that 0 is no default
 * here: tx_weight and tx_burst must be at least 1 (BAD_ARG). The request
 * used to end at allmulti (SVNIC_MBOX_VIF_SET_V1_LEN), without them. */
#define SVNIC_MBOX_VIF_SET_V1_LEN 16u
struct svnic_mbox_vif_set_req {
	struct svnic_mbox_hdr h;
	uint32_t set;      /* SVNIC_VIF_SET_* */
	uint16_t vlan;
	uint8_t promisc;   /* 0 or 1 */
	uint8_t allmulti;  /* 0 or 1 */
	uint16_t tx_weight;
	uint16_t reserved; /* must be 0 */
	uint32_t tx_rate_kbps;
	uint32_t tx_burst;
};

/*
 * VIF_SET_FEATURES: the features the VIF's driver accepted, which set the
 * virtio-net header size (12 bytes with VERSION_1, else 10). BAD_ARG, and
 * nothing changes, for a feature the card does not implement (MRG_RXBUF
 * and HASH_REPORT among them), a feature above bit 31 without VERSION_1,
 * or a control-queue feature without CTRL_VQ; BAD_STATE while a queue of
 * the VIF is attached.
 */
struct svnic_mbox_vif_features_req {
	struct svnic_mbox_hdr h;
	uint64_t features;
};

/*
 * The virtio features the firmware implements: VIF_SET_FEATURES refuses any
 * other (BAD_ARG), and the host offers drivers these (svnicd), so this is
 * the one list of them. The control queue ones need a datapath with a
 * third queue per VIF (CARD_INFO queues_per_vif > 2).
 */
#define SVNIC_MBOX_VIF_FEATURES                                  \
	(SVNIC_VIRTIO_BIT(SVNIC_VIRTIO_F_VERSION_1) |             \
	 SVNIC_VIRTIO_BIT(SVNIC_VIRTIO_NET_F_MRG_RXBUF) |         \
	 SVNIC_VIRTIO_BIT(SVNIC_VIRTIO_F_RING_INDIRECT_DESC) |    \
	 SVNIC_VIRTIO_BIT(SVNIC_VIRTIO_F_RING_EVENT_IDX) |        \
	 SVNIC_VIRTIO_BIT(SVNIC_VIRTIO_F_RING_PACKED) |           \
	 SVNIC_VIRTIO_BIT(SVNIC_VIRTIO_F_IN_ORDER) |              \
	 SVNIC_VIRTIO_BIT(SVNIC_VIRTIO_F_RING_RESET) |            \
	 SVNIC_VIRTIO_BIT(SVNIC_VIRTIO_NET_F_CSUM) |              \
	 SVNIC_VIRTIO_BIT(SVNIC_VIRTIO_NET_F_GUEST_CSUM) |        \
	 SVNIC_VIRTIO_BIT(SVNIC_VIRTIO_NET_F_HOST_TSO4) |         \
	 SVNIC_VIRTIO_BIT(SVNIC_VIRTIO_NET_F_HOST_TSO6))
#define SVNIC_MBOX_VIF_CTRL_FEATURES                             \
	(SVNIC_VIRTIO_BIT(SVNIC_VIRTIO_NET_F_CTRL_VQ) |           \
	 SVNIC_VIRTIO_BIT(SVNIC_VIRTIO_NET_F_CTRL_RX) |           \
	 SVNIC_VIRTIO_BIT(SVNIC_VIRTIO_NET_F_CTRL_VLAN) |         \
	 SVNIC_VIRTIO_BIT(SVNIC_VIRTIO_NET_F_CTRL_MAC_ADDR))
/* Multiqueue (a VIF's pairs: VIF_CREATE queue_pairs), offered with the
 * control queue ones. Accepted without CTRL_VQ: a front-end that keeps the
 * control queue to itself (QEMU, DPDK's virtio-user) negotiates MQ with the
 * driver and enables the rings of the pairs in use; the card then steers
 * over the RX rings attached. RSS takes effect through the card's control
 * queue only (RSS_CONFIG). */
#define SVNIC_MBOX_VIF_MQ_FEATURES                               \
	(SVNIC_VIRTIO_BIT(SVNIC_VIRTIO_NET_F_MQ) |                \
	 SVNIC_VIRTIO_BIT(SVNIC_VIRTIO_NET_F_RSS))

/*
 * VIF_SET_STATUS: the VIF's driver wrote `status` (SVNIC_VIRTIO_S_*, virtio
 * 1.2 section 2.1) to its device status; the response carries the status it
 * reads back. The first one makes the VIF status-driven until VIF_DESTROY;
 * a VIF whose host never sends one runs its queues as soon as they are
 * attached (hosts before this op).
 *
 * Status-driven, the card enforces the device side of section 3.1:
 *  - 0 is a device reset: as VIF_RESET (queues detached, control state and
 *    NEEDS_RESET cleared, MAC, VLAN and DMA windows kept), and the
 *    negotiated features are cleared too.
 *  - Bits are only added: DRIVER with ACKNOWLEDGE, FEATURES_OK with
 *    DRIVER, DRIVER_OK once FEATURES_OK was read back set; clearing a bit,
 *    setting DEVICE_NEEDS_RESET (the device's own bit; writing it back while
 *    it is set is fine) or skipping a step is a violation: the VIF goes to
 *    NEEDS_RESET (SVNIC_VIF_ERR_STATUS), the status reads back with
 *    DEVICE_NEEDS_RESET, and nothing else changes.
 *  - FEATURES_OK is refused (the status reads back without it, status OK)
 *    when the features set are not ones the device can run with: without
 *    VERSION_1 (this device offers it; a driver that set FEATURES_OK is a
 *    modern one and must accept it).
 *  - VIF_SET_FEATURES only between DRIVER and FEATURES_OK, QUEUE_ATTACH
 *    only from FEATURES_OK (BAD_STATE otherwise); attached queues are served
 *    only while DRIVER_OK is set and FAILED is not.
 *  - FAILED stops serving the VIF's queues until a reset; other writes
 *    then change nothing.
 * BAD_ARG for bits outside SVNIC_VIRTIO_S_ALL or a nonzero reserved field.
 *
 * Per-queue reset (VIRTIO_F_RING_RESET, section 2.6.1) is QUEUE_DETACH with
 * SVNIC_QUEUE_DETACH_F_RESET, then QUEUE_ATTACH with the ring's new size,
 * place and indices 0: the detach stops the one queue, finishes a TSO
 * packet in progress on a TX queue, and forgets its indices and ring; the
 * others run on. It is counted (VIF_QUERY_QUEUES queue_resets). While the
 * RX queue a frame is steered to is being reset (detached at
 * DRIVER_OK, not yet attached again) the frame is dropped and counted
 * (VIF_QUERY_RX rx_drop_reset) instead of holding up the VIF's other
 * queues.
 */
struct svnic_mbox_vif_status_req {
	struct svnic_mbox_hdr h;
	uint32_t status;   /* SVNIC_VIRTIO_S_* */
	uint32_t reserved; /* must be 0 */
};
struct svnic_mbox_vif_status_rsp {
	struct svnic_mbox_rsp_hdr h;
	uint32_t status;   /* as the driver reads it back */
	uint32_t reserved;
};

/* DMA_MAP / DMA_UNMAP */
struct svnic_mbox_dma_req {
	struct svnic_mbox_hdr h;
	uint64_t iova;
	uint64_t len;
};

/*
 * QUEUE_ATTACH: addresses are IOVAs in the VIF's domain.
 *
 * Ring layout (flags & SVNIC_QUEUE_F_PACKED), which must match whether the
 * VIF's features include VIRTIO_F_RING_PACKED:
 *   split:  desc = descriptor table (16-aligned, 16 * size bytes),
 *           avail = driver ring (2-aligned), used = device ring (4-aligned);
 *           size is a power of two; avail_idx / used_idx are the free-running
 *           16-bit ring indices.
 *   packed: desc = descriptor ring (16-aligned, 16 * size bytes),
 *           avail = driver event suppression area (4-aligned, 4 bytes),
 *           used = device event suppression area (4-aligned, 4 bytes);
 *           size is any value 1 .. max_queue_size; avail_idx and used_idx
 *           carry the ring position as vhost-user's vring base does:
 *           bits 0..14 the descriptor index (< size), bit 15 the wrap
 *           counter (avail_idx: the driver's ring wrap counter the device
 *           expects at that index; used_idx: the device's used wrap
 *           counter). A fresh packed ring starts at 0x8000 / 0x8000.
 * QUEUE_DETACH returns the indices in the same encoding as the queue was
 * attached with, so they can be handed to QUEUE_ATTACH (or a vhost-user
 * SET_VRING_BASE) as they are.
 *
 * Compatibility: the request used to end at `vector` (48 bytes,
 * SVNIC_MBOX_QUEUE_ATTACH_V1_LEN); the firmware still takes that length
 * and treats it as flags 0 (split).
 */
#define SVNIC_QUEUE_F_PACKED (1u << 0) /* the ring is a packed virtqueue */
#define SVNIC_QUEUE_F_ALL SVNIC_QUEUE_F_PACKED
#define SVNIC_QUEUE_IDX_WRAP 0x8000u     /* packed: the wrap counter bit */
#define SVNIC_QUEUE_IDX_MASK 0x7fffu     /* packed: the descriptor index */
#define SVNIC_MBOX_QUEUE_ATTACH_V1_LEN 48u
struct svnic_mbox_queue_attach_req {
	struct svnic_mbox_hdr h;
	uint32_t queue;      /* 0 = RX of pair 0, 1 = TX of pair 0, ... */
	uint32_t size;       /* split: power of two; 1 .. max_queue_size */
	uint64_t desc;
	uint64_t avail;
	uint64_t used;
	uint16_t avail_idx;  /* where the device resumes reading avail */
	uint16_t used_idx;   /* where the device resumes writing used */
	uint32_t vector;     /* interrupt vector raised for this queue */
	uint32_t flags;      /* SVNIC_QUEUE_F_*; other bits must be 0 */
	uint32_t reserved;   /* must be 0 */
};

/*
 * QUEUE_DETACH. flags SVNIC_QUEUE_DETACH_F_RESET: the VIF's driver resets
 * this ring (VIRTIO_F_RING_RESET, virtio 1.2 section 2.6.1), as opposed to
 * its host stopping it for a while (vhost-user's GET_VRING_BASE): only at
 * DRIVER_OK of a status-driven VIF whose driver negotiated RING_RESET
 * (BAD_STATE otherwise, nothing detached). `flags` was a reserved field
 * that hosts sent as 0, and older firmware ignores it.
 */
#define SVNIC_QUEUE_DETACH_F_RESET (1u << 0)
struct svnic_mbox_queue_req {
	struct svnic_mbox_hdr h;
	uint32_t queue;
	uint32_t flags; /* SVNIC_QUEUE_DETACH_F_* (QUEUE_DETACH); other bits 0 */
};
struct svnic_mbox_queue_detach_rsp {
	struct svnic_mbox_rsp_hdr h;
	uint16_t avail_idx; /* encoded as QUEUE_ATTACH's (packed: wrap in bit 15) */
	uint16_t used_idx;
	uint32_t reserved;
};

/*
 * Flash (svnic/flash.h). An update is FLASH_BEGIN, FLASH_WRITE chunks in
 * order from offset 0, FLASH_FINISH, then CARD_RESET. Only the slot the
 * card is not running from is ever written, and the boot record changes
 * only when FLASH_FINISH accepted the whole image: a refused or interrupted
 * update leaves the card booting what it ran before.
 */
/* FLASH_INFO */
struct svnic_mbox_flash_info_req {
	struct svnic_mbox_hdr h;
	uint32_t slot;     /* 0 = A, 1 = B */
	uint32_t reserved;
};
struct svnic_mbox_flash_info_rsp {
	struct svnic_mbox_rsp_hdr h;
	uint32_t running;     /* slot the running firmware was booted from */
	uint32_t next;        /* slot the next reset boots (the record's active) */
	uint32_t card_target; /* enum svnic_image_target this card runs */
	uint32_t min_version; /* images below it are refused (DOWNGRADE) */
	uint32_t max_image;   /* largest image the card takes, in bytes */
	uint32_t chunk_max;   /* largest FLASH_WRITE chunk */
	uint32_t slot;        /* the slot asked about */
	uint32_t state;       /* enum svnic_slot_state */
	uint32_t fw_version;  /* of the image in the slot (0: none) */
	uint32_t image_len;   /* bytes of that image */
	uint8_t payload_sha256[32]; /* from that image's header */
	uint8_t pubkey[32];   /* Ed25519 key images must be signed with */
};

/* FLASH_BEGIN */
struct svnic_mbox_flash_begin_req {
	struct svnic_mbox_hdr h;
	uint32_t image_len; /* bytes that will follow in FLASH_WRITE chunks */
	uint32_t reserved;
};
struct svnic_mbox_flash_begin_rsp {
	struct svnic_mbox_rsp_hdr h;
	uint32_t slot;      /* the slot being written */
	uint32_t reserved;
};

/* FLASH_WRITE: chunks in order; offset must be where the last one ended. */
#define SVNIC_FLASH_CHUNK_MAX 112u
struct svnic_mbox_flash_write_req {
	struct svnic_mbox_hdr h;
	uint32_t offset;
	uint32_t len;       /* 1 .. SVNIC_FLASH_CHUNK_MAX */
	uint8_t data[SVNIC_FLASH_CHUNK_MAX];
};

/*
 * Responses of FLASH_WRITE (once the header is in, the card checks it) and
 * FLASH_FINISH (the whole image): status OK, or REFUSED with `verdict`
 * saying why (firmware/include/fw/image.h, FW_IMAGE_*).
 */
struct svnic_mbox_flash_verdict_rsp {
	struct svnic_mbox_rsp_hdr h;
	uint32_t verdict;
	uint32_t fw_version; /* of the image, once its header is in */
	uint32_t slot;
	uint32_t reserved;
};

/* Generic response for commands that return nothing else. */
struct svnic_mbox_rsp {
	struct svnic_mbox_rsp_hdr h;
};

#define SVNIC_MBOX_CHECK_SIZE_(t) \
	_Static_assert(sizeof(t) <= SVNIC_MBOX_BYTES && sizeof(t) % 4 == 0, #t)
SVNIC_MBOX_CHECK_SIZE_(struct svnic_mbox_card_info_rsp);
_Static_assert(sizeof(struct svnic_mbox_card_info_rsp) == SVNIC_MBOX_CARD_INFO_V2_LEN + 12,
	       "CARD_INFO grows only at its end");
SVNIC_MBOX_CHECK_SIZE_(struct svnic_mbox_card_stats_rsp);
SVNIC_MBOX_CHECK_SIZE_(struct svnic_mbox_vif_create_req);
SVNIC_MBOX_CHECK_SIZE_(struct svnic_mbox_vif_query_rsp);
_Static_assert(sizeof(struct svnic_mbox_vif_query_rsp) == SVNIC_MBOX_VIF_QUERY_V2_LEN + 8,
	       "VIF_QUERY grows only at its end");
_Static_assert(sizeof(struct svnic_mbox_vif_create_req) == SVNIC_MBOX_VIF_CREATE_V1_LEN + 12,
	       "VIF_CREATE grows only at its end");
_Static_assert(sizeof(struct svnic_mbox_vif_set_req) == SVNIC_MBOX_VIF_SET_V1_LEN + 12,
	       "VIF_SET grows only at its end");
_Static_assert(sizeof(struct svnic_mbox_card_stats_rsp) == SVNIC_MBOX_CARD_STATS_V1_LEN + 16,
	       "CARD_STATS grows only at its end");
SVNIC_MBOX_CHECK_SIZE_(struct svnic_mbox_vif_set_req);
SVNIC_MBOX_CHECK_SIZE_(struct svnic_mbox_vif_query_rx_rsp);
SVNIC_MBOX_CHECK_SIZE_(struct svnic_mbox_vif_query_queues_req);
SVNIC_MBOX_CHECK_SIZE_(struct svnic_mbox_vif_query_queues_rsp);
_Static_assert(sizeof(struct svnic_mbox_vif_query_queues_rsp) == SVNIC_MBOX_VIF_QUERY_QUEUES_V1_LEN + 8,
	       "VIF_QUERY_QUEUES grows only at its end");
_Static_assert(sizeof(struct svnic_mbox_vif_query_rx_rsp) == SVNIC_MBOX_VIF_QUERY_RX_V1_LEN + 8,
	       "VIF_QUERY_RX grows only at its end");
_Static_assert(sizeof(struct svnic_mbox_vif_query_tx_rsp) == SVNIC_MBOX_VIF_QUERY_TX_V2_LEN + 8,
	       "VIF_QUERY_TX grows only at its end");
SVNIC_MBOX_CHECK_SIZE_(struct svnic_mbox_vif_status_req);
SVNIC_MBOX_CHECK_SIZE_(struct svnic_mbox_vif_status_rsp);
SVNIC_MBOX_CHECK_SIZE_(struct svnic_mbox_vif_features_req);
SVNIC_MBOX_CHECK_SIZE_(struct svnic_mbox_dma_req);
SVNIC_MBOX_CHECK_SIZE_(struct svnic_mbox_queue_attach_req);
_Static_assert(sizeof(struct svnic_mbox_queue_attach_req) == SVNIC_MBOX_QUEUE_ATTACH_V1_LEN + 8,
	       "QUEUE_ATTACH grows only at its end");
SVNIC_MBOX_CHECK_SIZE_(struct svnic_mbox_queue_detach_rsp);
SVNIC_MBOX_CHECK_SIZE_(struct svnic_mbox_flash_info_req);
SVNIC_MBOX_CHECK_SIZE_(struct svnic_mbox_flash_info_rsp);
SVNIC_MBOX_CHECK_SIZE_(struct svnic_mbox_flash_begin_req);
SVNIC_MBOX_CHECK_SIZE_(struct svnic_mbox_flash_begin_rsp);
SVNIC_MBOX_CHECK_SIZE_(struct svnic_mbox_flash_write_req);
SVNIC_MBOX_CHECK_SIZE_(struct svnic_mbox_flash_verdict_rsp);
#undef SVNIC_MBOX_CHECK_SIZE_

#endif
