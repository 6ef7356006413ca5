/* SPDX-License-Identifier: MIT */
#include "fw/ctrlq.h"

#include <stddef.h>

#include "fw/mem.h"

#define CTRL_HDR_LEN 2u     /* u8 class, u8 command */
#define MAC_LEN 6u
#define RSS_FIXED_LEN 8u    /* hash_types, indirection_table_mask, unclassified_queue */
#define RSS_TAIL_LEN 3u     /* max_tx_vq, hash_key_length */
#define HASH_CFG_FIXED 13u  /* hash_types, reserved[4], hash_key_length */
#define SIZE_VARIABLE 0xffu /* the handler checks the length itself */

/* Guest data is little-endian and may sit at any alignment: read bytewise. */
static uint16_t le16(const uint8_t *p)
{
	return (uint16_t)(p[0] | (unsigned)p[1] << 8);
}

static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* The I/G bit: set in multicast (and broadcast) addresses. */
static int mac_is_group(const uint8_t *m)
{
	return m[0] & 1u;
}

static int mac_is_zero(const uint8_t *m)
{
	unsigned acc = 0;
	for (unsigned i = 0; i < MAC_LEN; i++)
		acc |= m[i];
	return acc == 0;
}

/*
 * Handlers: validate the command's data completely and only then write the
 * configuration, so that a refusal leaves it as it was. `n` bytes of data at
 * `p`; fixed-size commands have had their size checked by the dispatcher.
 */
typedef unsigned (*ctrl_fn)(struct fw_ctrl_state *st, uint8_t cmd, const uint8_t *p, uint32_t n);

static unsigned rx_mode(struct fw_ctrl_state *st, uint8_t cmd, const uint8_t *p, uint32_t n)
{
	(void)n;
	/* The specification sends 0 or 1; any non-zero byte means on, as the
	 * header that drivers were written against always said. */
	uint8_t bit = (uint8_t)(1u << cmd);
	if (p[0])
		st->cfg.rx_mode |= bit;
	else
		st->cfg.rx_mode &= (uint8_t)~bit;
	return FW_CTRL_R_OK;
}

/*
 * Check one of TABLE_SET's two tables, le32 entries then entries * 6 bytes,
 * starting `off` bytes into the data. On success *count is its entries and
 * *next the offset past it. The count is compared with what is left by
 * division, so no product or sum can wrap whatever the driver wrote.
 */
static unsigned mac_table_part(const uint8_t *p, uint32_t n, uint32_t off, uint32_t *count,
			       uint32_t *next)
{
	if (n - off < 4u)
		return FW_CTRL_R_SHORT;
	uint32_t c = le32(p + off);
	off += 4u;
	if (c > (n - off) / MAC_LEN)
		return FW_CTRL_R_SHORT;
	*count = c;
	*next = off + c * MAC_LEN;
	return FW_CTRL_R_OK;
}

static unsigned mac_table_set(struct fw_ctrl_state *st, uint8_t cmd, const uint8_t *p,
			      uint32_t n)
{
	(void)cmd;
	uint32_t uc, mc, mc_off, end;
	unsigned r = mac_table_part(p, n, 0, &uc, &mc_off);
	if (r != FW_CTRL_R_OK)
		return r;
	r = mac_table_part(p, n, mc_off, &mc, &end);
	if (r != FW_CTRL_R_OK)
		return r;
	if (end != n)
		return FW_CTRL_R_LONG;
	/* Both counts are below 2^32 / 6 here, so the sum cannot wrap. A table
	 * that does not fit is refused rather than silently truncated: the
	 * driver learns the filter is not what it asked for. */
	if (uc + mc > FW_CTRL_MAC_ENTRIES)
		return FW_CTRL_R_MAC_TABLE;
	/* The first table holds individual addresses, the second group ones;
	 * the classifier matches each kind in its own way, so a misfiled
	 * address is refused. */
	for (uint32_t i = 0; i < uc; i++)
		if (mac_is_group(p + 4u + i * MAC_LEN))
			return FW_CTRL_R_MAC;
	for (uint32_t i = 0; i < mc; i++)
		if (!mac_is_group(p + mc_off + 4u + i * MAC_LEN))
			return FW_CTRL_R_MAC;

	uint8_t *macs = &st->cfg.macs[0][0];
	fw_memset(macs, 0, sizeof(st->cfg.macs));
	fw_memcpy(macs, p + 4u, uc * MAC_LEN);
	fw_memcpy(macs + uc * MAC_LEN, p + mc_off + 4u, mc * MAC_LEN);
	st->cfg.mac_uc = (uint16_t)uc;
	st->cfg.mac_mc = (uint16_t)mc;
	return FW_CTRL_R_OK;
}

static unsigned mac_addr_set(struct fw_ctrl_state *st, uint8_t cmd, const uint8_t *p,
			     uint32_t n)
{
	(void)cmd;
	(void)n;
	/* A station address is individual and not all zeroes; anything else
	 * would make the classifier match groups or nothing. */
	if (mac_is_group(p) || mac_is_zero(p))
		return FW_CTRL_R_MAC;
	fw_memcpy(st->cfg.mac, p, MAC_LEN);
	return FW_CTRL_R_OK;
}

static unsigned vlan(struct fw_ctrl_state *st, uint8_t cmd, const uint8_t *p, uint32_t n)
{
	(void)n;
	uint16_t id = le16(p);
	if (id >= FW_CTRL_VLAN_IDS)
		return FW_CTRL_R_VLAN;
	uint32_t bit = 1u << (id % 32u);
	if (cmd == FW_VIRTIO_NET_CTRL_VLAN_ADD)
		st->cfg.vlan[id / 32u] |= bit;
	else
		st->cfg.vlan[id / 32u] &= ~bit;
	return FW_CTRL_R_OK;
}

static unsigned announce_ack(struct fw_ctrl_state *st, uint8_t cmd, const uint8_t *p,
			     uint32_t n)
{
	(void)cmd;
	(void)p;
	(void)n;
	st->cfg.announce = 0;
	return FW_CTRL_R_OK;
}

/* Leave RSS: the last multiqueue command decides the steering mode. */
static void steer_auto(struct fw_ctrl_cfg *cfg)
{
	cfg->steering = FW_CTRL_STEER_AUTO;
	cfg->rss_table_len = 0;
	cfg->rss_unclassified = 0;
	fw_memset(cfg->rss_table, 0, sizeof(cfg->rss_table));
}

static void set_key(struct fw_ctrl_cfg *cfg, uint32_t types, const uint8_t *key, uint8_t klen)
{
	cfg->hash_types = types;
	cfg->hash_key_len = klen;
	fw_memset(cfg->hash_key, 0, sizeof(cfg->hash_key));
	fw_memcpy(cfg->hash_key, key, klen);
}

static unsigned vq_pairs_set(struct fw_ctrl_state *st, uint8_t cmd, const uint8_t *p,
			     uint32_t n)
{
	(void)cmd;
	(void)n;
	uint16_t pairs = le16(p);
	if (pairs < 1u || pairs > st->max_pairs)
		return FW_CTRL_R_PAIRS;
	st->cfg.pairs = pairs;
	steer_auto(&st->cfg);
	return FW_CTRL_R_OK;
}

/*
 * The key that ends RSS_CONFIG and HASH_CONFIG: hash_key_length at `off`,
 * then that many bytes, then nothing. A key longer than the device
 * advertises is refused whatever the length of the data.
 */
static unsigned check_key(const uint8_t *p, uint32_t n, uint32_t off)
{
	uint8_t klen = p[off];
	if (klen > FW_CTRL_HASH_KEY_MAX)
		return FW_CTRL_R_KEY;
	uint32_t left = n - off - 1u;
	if (left < klen)
		return FW_CTRL_R_SHORT;
	if (left > klen)
		return FW_CTRL_R_LONG;
	return FW_CTRL_R_OK;
}

static unsigned rss_config(struct fw_ctrl_state *st, uint8_t cmd, const uint8_t *p, uint32_t n)
{
	(void)cmd;
	if (n < RSS_FIXED_LEN)
		return FW_CTRL_R_SHORT;
	uint32_t types = le32(p);
	uint32_t tlen = (uint32_t)le16(p + 4) + 1u;
	uint16_t unclassified = le16(p + 6);
	/* The table's length decides where the rest of the data lies, so it is
	 * checked before anything past it is looked at. */
	if ((tlen & (tlen - 1u)) != 0 || tlen > FW_CTRL_RSS_TABLE_MAX)
		return FW_CTRL_R_RSS_TABLE;
	uint32_t tail = RSS_FIXED_LEN + 2u * tlen; /* offset of max_tx_vq */
	if (n < tail + RSS_TAIL_LEN)
		return FW_CTRL_R_SHORT;
	unsigned r = check_key(p, n, tail + 2u);
	if (r != FW_CTRL_R_OK)
		return r;
	if (types & ~st->hash_types_supported)
		return FW_CTRL_R_HASH_TYPES;
	/*
	 * max_tx_vq is the number of transmit queues the driver will use, and
	 * with it the queue pairs in use: drivers (Linux, DPDK) send it instead
	 * of VQ_PAIRS_SET when RSS is negotiated. Every receive queue the table
	 * names must belong to one of those pairs.
	 */
	uint16_t pairs = le16(p + tail);
	if (pairs < 1u || pairs > st->max_pairs)
		return FW_CTRL_R_PAIRS;
	if (unclassified >= pairs)
		return FW_CTRL_R_QUEUE;
	for (uint32_t i = 0; i < tlen; i++)
		if (le16(p + RSS_FIXED_LEN + 2u * i) >= pairs)
			return FW_CTRL_R_QUEUE;

	struct fw_ctrl_cfg *cfg = &st->cfg;
	fw_memset(cfg->rss_table, 0, sizeof(cfg->rss_table));
	for (uint32_t i = 0; i < tlen; i++)
		cfg->rss_table[i] = le16(p + RSS_FIXED_LEN + 2u * i);
	cfg->rss_table_len = (uint16_t)tlen;
	cfg->rss_unclassified = unclassified;
	cfg->pairs = pairs;
	cfg->steering = FW_CTRL_STEER_RSS;
	set_key(cfg, types, p + tail + 3u, p[tail + 2u]);
	return FW_CTRL_R_OK;
}

static unsigned hash_config(struct fw_ctrl_state *st, uint8_t cmd, const uint8_t *p,
			    uint32_t n)
{
	(void)cmd;
	if (n < HASH_CFG_FIXED)
		return FW_CTRL_R_SHORT;
	unsigned r = check_key(p, n, HASH_CFG_FIXED - 1u);
	if (r != FW_CTRL_R_OK)
		return r;
	uint32_t types = le32(p);
	if (types & ~st->hash_types_supported)
		return FW_CTRL_R_HASH_TYPES;
	/* reserved[4] only keeps the layout of virtio_net_rss_config; drivers
	 * that fill it from their RSS structure are not refused for it. Hash
	 * configuration means automatic steering from now on. */
	steer_auto(&st->cfg);
	set_key(&st->cfg, types, p + HASH_CFG_FIXED, p[HASH_CFG_FIXED - 1u]);
	return FW_CTRL_R_OK;
}

/* Every command the device implements: one line each. */
static const struct ctrl_cmd {
	uint8_t cls;
	uint8_t cmd;
	uint8_t feature; /* feature bit needed besides VIRTIO_NET_F_CTRL_VQ */
	uint8_t size;    /* bytes of command-specific data, or SIZE_VARIABLE */
	ctrl_fn fn;
} cmds[] = {
#define RX_(c, f) { FW_VIRTIO_NET_CTRL_RX, FW_VIRTIO_NET_CTRL_RX_##c, SVNIC_VIRTIO_NET_F_##f, 1, rx_mode }
	RX_(PROMISC, CTRL_RX),
	RX_(ALLMULTI, CTRL_RX),
	RX_(ALLUNI, CTRL_RX_EXTRA),
	RX_(NOMULTI, CTRL_RX_EXTRA),
	RX_(NOUNI, CTRL_RX_EXTRA),
	RX_(NOBCAST, CTRL_RX_EXTRA),
#undef RX_
	{ FW_VIRTIO_NET_CTRL_MAC, FW_VIRTIO_NET_CTRL_MAC_TABLE_SET, SVNIC_VIRTIO_NET_F_CTRL_RX,
	  SIZE_VARIABLE, mac_table_set },
	{ FW_VIRTIO_NET_CTRL_MAC, FW_VIRTIO_NET_CTRL_MAC_ADDR_SET, SVNIC_VIRTIO_NET_F_CTRL_MAC_ADDR,
	  MAC_LEN, mac_addr_set },
	{ FW_VIRTIO_NET_CTRL_VLAN, FW_VIRTIO_NET_CTRL_VLAN_ADD, SVNIC_VIRTIO_NET_F_CTRL_VLAN, 2, vlan },
	{ FW_VIRTIO_NET_CTRL_VLAN, FW_VIRTIO_NET_CTRL_VLAN_DEL, SVNIC_VIRTIO_NET_F_CTRL_VLAN, 2, vlan },
	{ FW_VIRTIO_NET_CTRL_ANNOUNCE, FW_VIRTIO_NET_CTRL_ANNOUNCE_ACK,
	  SVNIC_VIRTIO_NET_F_GUEST_ANNOUNCE, 0, announce_ack },
	{ FW_VIRTIO_NET_CTRL_MQ, FW_VIRTIO_NET_CTRL_MQ_VQ_PAIRS_SET, SVNIC_VIRTIO_NET_F_MQ, 2,
	  vq_pairs_set },
	{ FW_VIRTIO_NET_CTRL_MQ, FW_VIRTIO_NET_CTRL_MQ_RSS_CONFIG, SVNIC_VIRTIO_NET_F_RSS,
	  SIZE_VARIABLE, rss_config },
	{ FW_VIRTIO_NET_CTRL_MQ, FW_VIRTIO_NET_CTRL_MQ_HASH_CONFIG, SVNIC_VIRTIO_NET_F_HASH_REPORT,
	  SIZE_VARIABLE, hash_config },
};

#define NCMDS (sizeof(cmds) / sizeof(cmds[0]))

static unsigned dispatch(struct fw_ctrl_state *st, uint64_t features, const uint8_t *buf,
			 uint32_t len)
{
	if (len < CTRL_HDR_LEN)
		return FW_CTRL_R_SHORT;
	const struct ctrl_cmd *c = NULL;
	for (unsigned i = 0; i < NCMDS; i++) {
		if (cmds[i].cls == buf[0] && cmds[i].cmd == buf[1]) {
			c = &cmds[i];
			break;
		}
	}
	if (!c)
		return FW_CTRL_R_UNKNOWN;
	uint64_t need = SVNIC_VIRTIO_BIT(SVNIC_VIRTIO_NET_F_CTRL_VQ) | SVNIC_VIRTIO_BIT(c->feature);
	if ((features & need) != need)
		return FW_CTRL_R_FEATURE;
	uint32_t n = len - CTRL_HDR_LEN;
	if (c->size != SIZE_VARIABLE) {
		if (n < c->size)
			return FW_CTRL_R_SHORT;
		if (n > c->size)
			return FW_CTRL_R_LONG;
	}
	return c->fn(st, buf[1], buf + CTRL_HDR_LEN, n);
}

struct fw_ctrl_result fw_ctrl_handle(struct fw_ctrl_state *st, uint64_t features,
				     const uint8_t *cmd, uint32_t len)
{
	struct fw_ctrl_result res;
	unsigned r = dispatch(st, features, cmd, len);
	res.reason = (uint8_t)r;
	if (r == FW_CTRL_R_OK) {
		res.ack = FW_VIRTIO_NET_OK;
		st->cnt.accepted++;
	} else {
		res.ack = FW_VIRTIO_NET_ERR;
		st->cnt.refused[r]++;
	}
	return res;
}

void fw_ctrl_reset(struct fw_ctrl_state *st)
{
	fw_memset(&st->cfg, 0, sizeof(st->cfg));
	st->cfg.pairs = 1;
	st->cfg.steering = FW_CTRL_STEER_AUTO;
	fw_memcpy(st->cfg.mac, st->perm_mac, MAC_LEN);
}

void fw_ctrl_init(struct fw_ctrl_state *st, uint16_t max_pairs, uint32_t hash_types_supported,
		  const uint8_t mac[6])
{
	fw_memset(st, 0, sizeof(*st));
	if (max_pairs < 1u)
		max_pairs = 1;
	if (max_pairs > FW_CTRL_MAX_PAIRS)
		max_pairs = FW_CTRL_MAX_PAIRS;
	st->max_pairs = max_pairs;
	st->hash_types_supported = hash_types_supported & FW_CTRL_HASH_TYPES_ALL;
	fw_memcpy(st->perm_mac, mac, MAC_LEN);
	fw_ctrl_reset(st);
}

void fw_ctrl_announce(struct fw_ctrl_state *st)
{
	st->cfg.announce = 1;
}
