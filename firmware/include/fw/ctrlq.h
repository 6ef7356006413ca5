/* SPDX-License-Identifier: MIT */
/*
 * The virtio-net control virtqueue (virtio 1.2 section 5.1.6.5): the parser
 * and state machine for one command, as pure logic. The caller gathers the
 * driver-readable part of a command's descriptor chain into card memory
 * (class, command, command-specific data) and passes those bytes with the
 * negotiated features; fw_ctrl_handle() validates the whole command first and
 * then applies it to the VIF's struct fw_ctrl_state, or refuses it without
 * touching anything but one refusal counter. The caller writes the returned
 * ack byte into the device-writable part of the chain.
 *
 * Bounded: the work per command is at most one pass over the bytes given
 * (MAC and RSS tables are bounded by the sizes below before they are read).
 */
#ifndef FW_CTRLQ_H
#define FW_CTRLQ_H

#include <stdint.h>

#include "svnic/virtio.h"

/* Ack values the device writes back (the guest driver reads them too). */
#define FW_VIRTIO_NET_OK SVNIC_VIRTIO_NET_OK
#define FW_VIRTIO_NET_ERR SVNIC_VIRTIO_NET_ERR

/* Command classes and commands (virtio 1.2 section 5.1.6.5). */
#define FW_VIRTIO_NET_CTRL_RX 0u
#define FW_VIRTIO_NET_CTRL_RX_PROMISC 0u
#define FW_VIRTIO_NET_CTRL_RX_ALLMULTI 1u
#define FW_VIRTIO_NET_CTRL_RX_ALLUNI 2u  /* this and the next three: CTRL_RX_EXTRA */
#define FW_VIRTIO_NET_CTRL_RX_NOMULTI 3u
#define FW_VIRTIO_NET_CTRL_RX_NOUNI 4u
#define FW_VIRTIO_NET_CTRL_RX_NOBCAST 5u
#define FW_VIRTIO_NET_CTRL_MAC 1u
#define FW_VIRTIO_NET_CTRL_MAC_TABLE_SET 0u
#define FW_VIRTIO_NET_CTRL_MAC_ADDR_SET 1u
#define FW_VIRTIO_NET_CTRL_VLAN 2u
#define FW_VIRTIO_NET_CTRL_VLAN_ADD 0u
#define FW_VIRTIO_NET_CTRL_VLAN_DEL 1u
#define FW_VIRTIO_NET_CTRL_ANNOUNCE 3u
#define FW_VIRTIO_NET_CTRL_ANNOUNCE_ACK 0u
#define FW_VIRTIO_NET_CTRL_MQ SVNIC_VIRTIO_NET_CTRL_MQ
#define FW_VIRTIO_NET_CTRL_MQ_VQ_PAIRS_SET SVNIC_VIRTIO_NET_CTRL_MQ_VQ_PAIRS_SET
#define FW_VIRTIO_NET_CTRL_MQ_RSS_CONFIG SVNIC_VIRTIO_NET_CTRL_MQ_RSS_CONFIG
#define FW_VIRTIO_NET_CTRL_MQ_HASH_CONFIG SVNIC_VIRTIO_NET_CTRL_MQ_HASH_CONFIG

/* Config-space status bit the driver acknowledges with ANNOUNCE_ACK. */
#define FW_VIRTIO_NET_S_ANNOUNCE 2u

/*
 * What one VIF can hold. The device advertises the RSS limits in its config
 * space (rss_max_indirection_table_length, rss_max_key_size): 128 and 40 are
 * the smallest values the specification lets a device with VIRTIO_NET_F_RSS
 * advertise, and they keep a VIF's control state near 1.2 KiB of card memory.
 */
#define FW_CTRL_MAC_ENTRIES 64u     /* unicast + multicast filter entries together */
#define FW_CTRL_VLAN_IDS 4096u      /* 12-bit 802.1Q ids */
#define FW_CTRL_VLAN_WORDS (FW_CTRL_VLAN_IDS / 32u)
#define FW_CTRL_RSS_TABLE_MAX 128u  /* indirection table entries */
#define FW_CTRL_HASH_KEY_MAX 40u    /* Toeplitz key bytes */
#define FW_CTRL_MAX_PAIRS 0x8000u   /* the specification's ceiling on max_virtqueue_pairs */

/* VIRTIO_NET_HASH_TYPE_* (virtio 1.2 section 5.1.6.4.3.1): IPv4, TCPv4, UDPv4,
 * IPv6, TCPv6, UDPv6, IPv6_EX, TCPv6_EX, UDPv6_EX in bits 0..8. */
#define FW_CTRL_HASH_TYPES_ALL 0x1ffu

/* Receive-mode bits of struct fw_ctrl_cfg.rx_mode: bit n is CTRL_RX command n. */
#define FW_CTRL_RX_PROMISC (1u << FW_VIRTIO_NET_CTRL_RX_PROMISC)
#define FW_CTRL_RX_ALLMULTI (1u << FW_VIRTIO_NET_CTRL_RX_ALLMULTI)
#define FW_CTRL_RX_ALLUNI (1u << FW_VIRTIO_NET_CTRL_RX_ALLUNI)
#define FW_CTRL_RX_NOMULTI (1u << FW_VIRTIO_NET_CTRL_RX_NOMULTI)
#define FW_CTRL_RX_NOUNI (1u << FW_VIRTIO_NET_CTRL_RX_NOUNI)
#define FW_CTRL_RX_NOBCAST (1u << FW_VIRTIO_NET_CTRL_RX_NOBCAST)
#define FW_CTRL_RX_ALL 0x3fu

/* How received packets are spread over the queue pairs in use. */
enum fw_ctrl_steering {
	FW_CTRL_STEER_AUTO = 0, /* automatic steering (reset, VQ_PAIRS_SET, HASH_CONFIG) */
	FW_CTRL_STEER_RSS = 1,  /* the indirection table (RSS_CONFIG) */
};

/* Why a command was refused: the index of its counter. */
enum fw_ctrl_reason {
	FW_CTRL_R_OK = 0,
	FW_CTRL_R_SHORT,      /* fewer bytes than the header or the command's data need */
	FW_CTRL_R_LONG,       /* bytes left over after the command's data */
	FW_CTRL_R_UNKNOWN,    /* a class or command this device does not implement */
	FW_CTRL_R_FEATURE,    /* a command whose feature bits were not negotiated */
	FW_CTRL_R_MAC,        /* a multicast or zero default MAC, or a table entry in the wrong table */
	FW_CTRL_R_MAC_TABLE,  /* more filter entries than FW_CTRL_MAC_ENTRIES */
	FW_CTRL_R_VLAN,       /* a VLAN id above 4095 */
	FW_CTRL_R_PAIRS,      /* a queue pair count of 0 or above max_pairs */
	FW_CTRL_R_RSS_TABLE,  /* an indirection table length not a power of two <= 128 */
	FW_CTRL_R_QUEUE,      /* a receive queue outside the pairs in use */
	FW_CTRL_R_KEY,        /* a hash key longer than FW_CTRL_HASH_KEY_MAX */
	FW_CTRL_R_HASH_TYPES, /* a hash type the device does not support */
	FW_CTRL_R_NO_ROOM,    /* valid, but the datapath could not take it (the caller
				 undoes the change and counts it here): a full
				 forwarding table bucket, or another VIF's address */
	FW_CTRL_NREASONS
};

/*
 * What the driver has set through the control queue; the datapath (MAC/VLAN
 * classifier, RSS) is programmed from it. Every field stays canonical (no
 * stale bytes past a count), so two equal configurations compare equal
 * byte for byte. Laid out without padding.
 */
struct fw_ctrl_cfg {
	uint32_t vlan[FW_CTRL_VLAN_WORDS]; /* bit (id % 32) of word id / 32: id is accepted */
	uint32_t hash_types;               /* VIRTIO_NET_HASH_TYPE_* enabled */
	uint16_t pairs;                    /* queue pairs in use, 1 .. max_pairs */
	uint16_t rss_table_len;            /* 0 unless steering is RSS, else a power of two */
	uint16_t rss_unclassified;         /* receive queue (0-based) for packets not hashed */
	uint16_t rss_table[FW_CTRL_RSS_TABLE_MAX]; /* receive queues (0-based) */
	uint16_t mac_uc;                   /* unicast entries, first in macs[] */
	uint16_t mac_mc;                   /* multicast entries, after them */
	uint8_t rx_mode;                   /* FW_CTRL_RX_* */
	uint8_t steering;                  /* enum fw_ctrl_steering */
	uint8_t announce;                  /* 1: VIRTIO_NET_S_ANNOUNCE is set in status */
	uint8_t hash_key_len;
	uint8_t mac[6];                    /* the default MAC (config space, ADDR_SET) */
	uint8_t macs[FW_CTRL_MAC_ENTRIES][6];
	uint8_t hash_key[FW_CTRL_HASH_KEY_MAX];
};

_Static_assert(sizeof(struct fw_ctrl_cfg) ==
		       4u * (FW_CTRL_VLAN_WORDS + 1u) + 2u * (5u + FW_CTRL_RSS_TABLE_MAX) + 10u +
			       6u * FW_CTRL_MAC_ENTRIES + FW_CTRL_HASH_KEY_MAX,
	       "struct fw_ctrl_cfg has no padding");

struct fw_ctrl_counters {
	uint32_t accepted;
	uint32_t refused[FW_CTRL_NREASONS]; /* [FW_CTRL_R_OK] stays 0 */
};

/* One VIF's control state. */
struct fw_ctrl_state {
	struct fw_ctrl_cfg cfg;
	/* Fixed when the VIF is created; commands only read them. */
	uint32_t hash_types_supported; /* config space supported_hash_types */
	uint16_t max_pairs;            /* config space max_virtqueue_pairs */
	uint8_t perm_mac[6];           /* config space mac as the host set it */
	struct fw_ctrl_counters cnt;
};

/* What one command did. */
struct fw_ctrl_result {
	uint8_t ack;    /* FW_VIRTIO_NET_OK or FW_VIRTIO_NET_ERR */
	uint8_t reason; /* enum fw_ctrl_reason */
};

/*
 * Set up a VIF's control state: limits as the device advertises them
 * (max_pairs clamped to 1 .. FW_CTRL_MAX_PAIRS, hash types to the ones known),
 * zero counters, and the configuration of a device after reset.
 */
void fw_ctrl_init(struct fw_ctrl_state *st, uint16_t max_pairs, uint32_t hash_types_supported,
		  const uint8_t mac[6]);

/*
 * Device reset: the configuration goes back to what the specification
 * prescribes after reset (empty MAC and VLAN filters, one queue pair with
 * automatic steering, hashing off, the host's MAC) and every receive-mode
 * flag off. Limits and counters are kept.
 */
void fw_ctrl_reset(struct fw_ctrl_state *st);

/*
 * Execute one command: `cmd` holds `len` bytes (class, command, data).
 * `features` are the negotiated feature bits; every command needs
 * VIRTIO_NET_F_CTRL_VQ and its own feature. A refused command changes
 * nothing but cnt.refused[reason]; an accepted one increments cnt.accepted.
 */
struct fw_ctrl_result fw_ctrl_handle(struct fw_ctrl_state *st, uint64_t features,
				     const uint8_t *cmd, uint32_t len);

/* Ask the driver to announce itself (after a migration): sets the status bit
 * that ANNOUNCE_ACK clears. Only meaningful with VIRTIO_NET_F_GUEST_ANNOUNCE. */
void fw_ctrl_announce(struct fw_ctrl_state *st);

/* True if VLAN `id` is in the filter (ids above 4095 never are). */
static inline int fw_ctrl_vlan_allowed(const struct fw_ctrl_cfg *cfg, uint16_t id)
{
	return id < FW_CTRL_VLAN_IDS && ((cfg->vlan[id / 32u] >> (id % 32u)) & 1u);
}

#endif
