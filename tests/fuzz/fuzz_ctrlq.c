/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer target: the control virtqueue's command parser on arbitrary
 * commands under arbitrary negotiated features, one VIF's state carried
 * through a sequence of them. Checks on every command:
 *  - the ack is VIRTIO_NET_OK or VIRTIO_NET_ERR and agrees with the reason;
 *  - a refusal leaves the state byte for byte as it was but for its own
 *    counter;
 *  - an accepted command had its features negotiated, and leaves the state
 *    within its bounds (counts, queue indices, key length, canonical zeroes).
 * Each command sits in a buffer of exactly its length, so ASan catches any
 * read past it.
 *
 * Input: le64 features, u8 max_pairs - 1, u8 supported hash types (low 8
 * bits; bit 0 also gives UDPv6_EX), then commands, each le16 length then its
 * bytes. Length bit 15 raises the announce bit first; 0x7fff resets the
 * device instead of sending a command.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fw/ctrlq.h"

#define F(b) SVNIC_VIRTIO_BIT(SVNIC_VIRTIO_NET_F_##b)
#define LEN_ANNOUNCE 0x8000u
#define LEN_RESET 0x7fffu

static const uint8_t PERM_MAC[6] = { 0x02, 0x00, 0x00, 0x00, 0x00, 0x01 };

static void check(int ok)
{
	if (!ok)
		abort();
}

static int all_zero(const void *p, size_t n)
{
	const uint8_t *b = p;
	for (size_t i = 0; i < n; i++)
		if (b[i])
			return 0;
	return 1;
}

/* The state a sequence of accepted commands can reach. */
static void check_bounds(const struct fw_ctrl_state *st)
{
	const struct fw_ctrl_cfg *c = &st->cfg;
	check((c->rx_mode & ~FW_CTRL_RX_ALL) == 0);
	check(c->announce <= 1);
	check(!(c->mac[0] & 1) && !all_zero(c->mac, 6));

	check((unsigned)c->mac_uc + c->mac_mc <= FW_CTRL_MAC_ENTRIES);
	for (unsigned i = 0; i < FW_CTRL_MAC_ENTRIES; i++) {
		if (i < c->mac_uc)
			check(!(c->macs[i][0] & 1));
		else if (i < (unsigned)c->mac_uc + c->mac_mc)
			check(c->macs[i][0] & 1);
		else
			check(all_zero(c->macs[i], 6));
	}

	check(c->pairs >= 1 && c->pairs <= st->max_pairs);
	check((c->hash_types & ~st->hash_types_supported) == 0);
	check(c->hash_key_len <= FW_CTRL_HASH_KEY_MAX);
	check(all_zero(c->hash_key + c->hash_key_len, FW_CTRL_HASH_KEY_MAX - c->hash_key_len));

	if (c->steering == FW_CTRL_STEER_AUTO) {
		check(c->rss_table_len == 0 && c->rss_unclassified == 0);
		check(all_zero(c->rss_table, sizeof(c->rss_table)));
	} else {
		check(c->steering == FW_CTRL_STEER_RSS);
		unsigned n = c->rss_table_len;
		check(n >= 1 && n <= FW_CTRL_RSS_TABLE_MAX && (n & (n - 1)) == 0);
		check(c->rss_unclassified < c->pairs);
		for (unsigned i = 0; i < FW_CTRL_RSS_TABLE_MAX; i++)
			check(i < n ? c->rss_table[i] < c->pairs : c->rss_table[i] == 0);
	}
}

/* The feature bit a command needs, derived independently of the parser's
 * table; 0 for commands the device does not implement. */
static uint64_t needed(const uint8_t *b)
{
	switch (b[0]) {
	case FW_VIRTIO_NET_CTRL_RX:
		if (b[1] <= FW_VIRTIO_NET_CTRL_RX_ALLMULTI)
			return F(CTRL_RX);
		return b[1] <= FW_VIRTIO_NET_CTRL_RX_NOBCAST ? F(CTRL_RX_EXTRA) : 0;
	case FW_VIRTIO_NET_CTRL_MAC:
		if (b[1] == FW_VIRTIO_NET_CTRL_MAC_TABLE_SET)
			return F(CTRL_RX);
		return b[1] == FW_VIRTIO_NET_CTRL_MAC_ADDR_SET ? F(CTRL_MAC_ADDR) : 0;
	case FW_VIRTIO_NET_CTRL_VLAN:
		return b[1] <= FW_VIRTIO_NET_CTRL_VLAN_DEL ? F(CTRL_VLAN) : 0;
	case FW_VIRTIO_NET_CTRL_ANNOUNCE:
		return b[1] == FW_VIRTIO_NET_CTRL_ANNOUNCE_ACK ? F(GUEST_ANNOUNCE) : 0;
	case FW_VIRTIO_NET_CTRL_MQ:
		if (b[1] == FW_VIRTIO_NET_CTRL_MQ_VQ_PAIRS_SET)
			return F(MQ);
		if (b[1] == FW_VIRTIO_NET_CTRL_MQ_RSS_CONFIG)
			return F(RSS);
		return b[1] == FW_VIRTIO_NET_CTRL_MQ_HASH_CONFIG ? F(HASH_REPORT) : 0;
	default:
		return 0;
	}
}

/* What an accepted fixed-size command must have done. */
static void check_effect(const struct fw_ctrl_state *st, const uint8_t *b, uint32_t len)
{
	const struct fw_ctrl_cfg *c = &st->cfg;
	uint16_t v = len >= 4 ? (uint16_t)(b[2] | b[3] << 8) : 0;
	switch (b[0]) {
	case FW_VIRTIO_NET_CTRL_RX:
		check(len == 3);
		check(!!(c->rx_mode & (1u << b[1])) == !!b[2]);
		break;
	case FW_VIRTIO_NET_CTRL_MAC:
		if (b[1] == FW_VIRTIO_NET_CTRL_MAC_ADDR_SET)
			check(len == 8 && memcmp(c->mac, b + 2, 6) == 0);
		break;
	case FW_VIRTIO_NET_CTRL_VLAN:
		check(len == 4 && v < FW_CTRL_VLAN_IDS);
		check(fw_ctrl_vlan_allowed(c, v) == (b[1] == FW_VIRTIO_NET_CTRL_VLAN_ADD));
		break;
	case FW_VIRTIO_NET_CTRL_ANNOUNCE:
		check(len == 2 && c->announce == 0);
		break;
	case FW_VIRTIO_NET_CTRL_MQ:
		if (b[1] == FW_VIRTIO_NET_CTRL_MQ_VQ_PAIRS_SET)
			check(len == 4 && c->pairs == v && c->steering == FW_CTRL_STEER_AUTO);
		else if (b[1] == FW_VIRTIO_NET_CTRL_MQ_RSS_CONFIG)
			check(c->steering == FW_CTRL_STEER_RSS);
		else
			check(c->steering == FW_CTRL_STEER_AUTO);
		break;
	default:
		check(0);
	}
}

static void one(struct fw_ctrl_state *st, uint64_t features, const uint8_t *b, uint32_t len)
{
	static struct fw_ctrl_state before;
	before = *st;
	struct fw_ctrl_result r = fw_ctrl_handle(st, features, b, len);
	check(r.ack == FW_VIRTIO_NET_OK || r.ack == FW_VIRTIO_NET_ERR);
	check(r.reason < FW_CTRL_NREASONS);
	check((r.ack == FW_VIRTIO_NET_OK) == (r.reason == FW_CTRL_R_OK));
	check(st->max_pairs == before.max_pairs);
	check(st->hash_types_supported == before.hash_types_supported);
	check(memcmp(st->perm_mac, before.perm_mac, 6) == 0);
	for (unsigned i = 0; i < FW_CTRL_NREASONS; i++)
		check(st->cnt.refused[i] == before.cnt.refused[i] +
			      (r.ack == FW_VIRTIO_NET_ERR && i == r.reason ? 1u : 0u));
	if (r.ack == FW_VIRTIO_NET_ERR) {
		check(st->cnt.accepted == before.cnt.accepted);
		check(memcmp(&st->cfg, &before.cfg, sizeof(before.cfg)) == 0);
		return;
	}
	check(st->cnt.accepted == before.cnt.accepted + 1);
	check(len >= 2);
	uint64_t need = needed(b);
	check(need != 0);
	need |= F(CTRL_VQ);
	check((features & need) == need);
	check_effect(st, b, len);
	check_bounds(st);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	if (len < 10)
		return 0;
	uint64_t features = 0;
	for (unsigned i = 0; i < 8; i++)
		features |= (uint64_t)data[i] << (8 * i);
	uint32_t hash = data[9] | (uint32_t)(data[9] & 1u) << 8;
	struct fw_ctrl_state st;
	fw_ctrl_init(&st, (uint16_t)(data[8] + 1u), hash, PERM_MAC);
	check_bounds(&st);

	size_t off = 10;
	/* Every command takes at least its 2-byte length: bounded by the input. */
	while (len - off >= 2) {
		uint32_t n = data[off] | (uint32_t)data[off + 1] << 8;
		off += 2;
		if (n & LEN_ANNOUNCE) {
			fw_ctrl_announce(&st);
			n &= ~LEN_ANNOUNCE;
		}
		if (n == LEN_RESET) {
			struct fw_ctrl_counters cnt = st.cnt;
			fw_ctrl_reset(&st);
			check(memcmp(&cnt, &st.cnt, sizeof(cnt)) == 0);
			check_bounds(&st);
			continue;
		}
		if (n > len - off)
			n = (uint32_t)(len - off);
		/* Exactly n bytes: a read past the command is an ASan report. */
		uint8_t *b = malloc(n ? n : 1);
		if (!b)
			abort();
		memcpy(b, data + off, n);
		one(&st, features, b, n);
		free(b);
		off += n;
	}
	return 0;
}
