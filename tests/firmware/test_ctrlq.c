/* SPDX-License-Identifier: MIT */
/*
 * The control virtqueue's command parser: every command it accepts, and each
 * way a command is refused. A refusal must answer VIRTIO_NET_ERR, count
 * itself under its reason and leave everything else exactly as it was; the
 * refused commands here are near misses of valid ones, so a parser that
 * applied part of one before noticing the fault would be caught.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "fw/ctrlq.h"

#define MAX_PAIRS 4u

#define F(b) SVNIC_VIRTIO_BIT(SVNIC_VIRTIO_NET_F_##b)
static const uint64_t ALL = F(CTRL_VQ) | F(CTRL_RX) | F(CTRL_VLAN) | F(CTRL_RX_EXTRA) |
			    F(GUEST_ANNOUNCE) | F(MQ) | F(CTRL_MAC_ADDR) | F(HASH_REPORT) |
			    F(RSS);

static const uint8_t PERM_MAC[6] = { 0x02, 0x00, 0x5e, 0x10, 0x00, 0x01 };
static const uint8_t UC1[6] = { 0x02, 0x11, 0x22, 0x33, 0x44, 0x55 };
static const uint8_t UC2[6] = { 0x00, 0x1b, 0x21, 0x0a, 0x0b, 0x0c };
static const uint8_t MC1[6] = { 0x01, 0x00, 0x5e, 0x00, 0x00, 0xfb };
static const uint8_t MC2[6] = { 0x33, 0x33, 0x00, 0x00, 0x00, 0x01 };
static const uint8_t BCAST[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };

/* A command as the driver lays it out. */
struct cmd {
	uint8_t b[2048];
	uint32_t n;
};

static void put8(struct cmd *c, uint8_t v)
{
	assert_true(c->n < sizeof(c->b));
	c->b[c->n++] = v;
}

static void put16(struct cmd *c, uint16_t v)
{
	put8(c, (uint8_t)v);
	put8(c, (uint8_t)(v >> 8));
}

static void put32(struct cmd *c, uint32_t v)
{
	put16(c, (uint16_t)v);
	put16(c, (uint16_t)(v >> 16));
}

static void putmac(struct cmd *c, const uint8_t *m)
{
	for (unsigned i = 0; i < 6; i++)
		put8(c, m[i]);
}

static struct cmd hdr(uint8_t cls, uint8_t cmd)
{
	struct cmd c;
	memset(&c, 0, sizeof(c));
	put8(&c, cls);
	put8(&c, cmd);
	return c;
}

static struct fw_ctrl_state fresh(void)
{
	struct fw_ctrl_state st;
	fw_ctrl_init(&st, MAX_PAIRS, FW_CTRL_HASH_TYPES_ALL, PERM_MAC);
	return st;
}

static void expect_ok(struct fw_ctrl_state *st, uint64_t features, const struct cmd *c)
{
	struct fw_ctrl_counters before = st->cnt;
	struct fw_ctrl_result r = fw_ctrl_handle(st, features, c->b, c->n);
	assert_int_equal(r.reason, FW_CTRL_R_OK);
	assert_int_equal(r.ack, FW_VIRTIO_NET_OK);
	assert_int_equal(st->cnt.accepted, before.accepted + 1);
	assert_memory_equal(st->cnt.refused, before.refused, sizeof(before.refused));
}

/* Refused for `reason`, with nothing but that counter changed. */
static void expect_refused(struct fw_ctrl_state *st, uint64_t features, const uint8_t *b,
			   uint32_t n, unsigned reason)
{
	struct fw_ctrl_state before = *st;
	struct fw_ctrl_result r = fw_ctrl_handle(st, features, b, n);
	assert_int_equal(r.ack, FW_VIRTIO_NET_ERR);
	assert_int_equal(r.reason, reason);
	assert_memory_equal(&st->cfg, &before.cfg, sizeof(before.cfg));
	assert_int_equal(st->max_pairs, before.max_pairs);
	assert_int_equal(st->hash_types_supported, before.hash_types_supported);
	assert_memory_equal(st->perm_mac, before.perm_mac, 6);
	assert_int_equal(st->cnt.accepted, before.cnt.accepted);
	for (unsigned i = 0; i < FW_CTRL_NREASONS; i++)
		assert_int_equal(st->cnt.refused[i],
				 before.cnt.refused[i] + (i == reason ? 1u : 0u));
}

static void expect_refused_cmd(struct fw_ctrl_state *st, uint64_t features,
			       const struct cmd *c, unsigned reason)
{
	expect_refused(st, features, c->b, c->n, reason);
}

/* A state far from reset, so that refusals are checked against non-zero
 * fields too. */
static struct fw_ctrl_state busy(void)
{
	struct fw_ctrl_state st = fresh();
	struct cmd c = hdr(FW_VIRTIO_NET_CTRL_RX, FW_VIRTIO_NET_CTRL_RX_ALLMULTI);
	put8(&c, 1);
	expect_ok(&st, ALL, &c);
	c = hdr(FW_VIRTIO_NET_CTRL_MAC, FW_VIRTIO_NET_CTRL_MAC_TABLE_SET);
	put32(&c, 1);
	putmac(&c, UC1);
	put32(&c, 1);
	putmac(&c, MC1);
	expect_ok(&st, ALL, &c);
	c = hdr(FW_VIRTIO_NET_CTRL_VLAN, FW_VIRTIO_NET_CTRL_VLAN_ADD);
	put16(&c, 100);
	expect_ok(&st, ALL, &c);
	c = hdr(FW_VIRTIO_NET_CTRL_MQ, FW_VIRTIO_NET_CTRL_MQ_RSS_CONFIG);
	put32(&c, 0x100); /* unlike the refused commands below, so a stray write shows */
	put16(&c, 1); /* two entries */
	put16(&c, 1);
	put16(&c, 0);
	put16(&c, 1);
	put16(&c, 2); /* max_tx_vq */
	put8(&c, 4);
	put32(&c, 0xdeadbeef);
	expect_ok(&st, ALL, &c);
	fw_ctrl_announce(&st);
	return st;
}

/* ---- reset ---- */

static void init_is_reset_state(void **state)
{
	(void)state;
	struct fw_ctrl_state st = fresh();
	assert_int_equal(st.cfg.rx_mode, 0);
	assert_int_equal(st.cfg.mac_uc + st.cfg.mac_mc, 0);
	assert_memory_equal(st.cfg.mac, PERM_MAC, 6);
	assert_int_equal(st.cfg.pairs, 1);
	assert_int_equal(st.cfg.steering, FW_CTRL_STEER_AUTO);
	assert_int_equal(st.cfg.hash_types, 0);
	assert_int_equal(st.cfg.announce, 0);
	for (unsigned id = 0; id < FW_CTRL_VLAN_IDS; id++)
		assert_false(fw_ctrl_vlan_allowed(&st.cfg, (uint16_t)id));
	assert_int_equal(st.max_pairs, MAX_PAIRS);
	assert_int_equal(st.cnt.accepted, 0);
}

static void init_clamps_limits(void **state)
{
	(void)state;
	struct fw_ctrl_state st;
	fw_ctrl_init(&st, 0, 0xffffffffu, PERM_MAC);
	assert_int_equal(st.max_pairs, 1);
	assert_int_equal(st.hash_types_supported, FW_CTRL_HASH_TYPES_ALL);
	fw_ctrl_init(&st, 0xffff, 0, PERM_MAC);
	assert_int_equal(st.max_pairs, FW_CTRL_MAX_PAIRS);
}

static void reset_keeps_counters_and_limits(void **state)
{
	(void)state;
	struct fw_ctrl_state st = busy();
	uint8_t bad[1] = { 0 };
	expect_refused(&st, ALL, bad, 1, FW_CTRL_R_SHORT);
	struct fw_ctrl_counters cnt = st.cnt;
	fw_ctrl_reset(&st);
	struct fw_ctrl_state ref = fresh();
	assert_memory_equal(&st.cfg, &ref.cfg, sizeof(ref.cfg));
	assert_memory_equal(&st.cnt, &cnt, sizeof(cnt));
	assert_int_equal(st.max_pairs, MAX_PAIRS);
}

/* ---- accepted commands ---- */

static void rx_flag(uint8_t cmd, uint8_t bit)
{
	struct fw_ctrl_state st = fresh();
	struct cmd on = hdr(FW_VIRTIO_NET_CTRL_RX, cmd);
	put8(&on, 1);
	expect_ok(&st, ALL, &on);
	assert_int_equal(st.cfg.rx_mode, bit);
	/* Any non-zero byte is "on". */
	struct cmd on2 = hdr(FW_VIRTIO_NET_CTRL_RX, cmd);
	put8(&on2, 0x80);
	expect_ok(&st, ALL, &on2);
	assert_int_equal(st.cfg.rx_mode, bit);
	struct cmd off = hdr(FW_VIRTIO_NET_CTRL_RX, cmd);
	put8(&off, 0);
	expect_ok(&st, ALL, &off);
	assert_int_equal(st.cfg.rx_mode, 0);
}

static void rx_promisc(void **state)
{
	(void)state;
	rx_flag(FW_VIRTIO_NET_CTRL_RX_PROMISC, FW_CTRL_RX_PROMISC);
}

static void rx_allmulti(void **state)
{
	(void)state;
	rx_flag(FW_VIRTIO_NET_CTRL_RX_ALLMULTI, FW_CTRL_RX_ALLMULTI);
}

static void rx_alluni(void **state)
{
	(void)state;
	rx_flag(FW_VIRTIO_NET_CTRL_RX_ALLUNI, FW_CTRL_RX_ALLUNI);
}

static void rx_nomulti(void **state)
{
	(void)state;
	rx_flag(FW_VIRTIO_NET_CTRL_RX_NOMULTI, FW_CTRL_RX_NOMULTI);
}

static void rx_nouni(void **state)
{
	(void)state;
	rx_flag(FW_VIRTIO_NET_CTRL_RX_NOUNI, FW_CTRL_RX_NOUNI);
}

static void rx_nobcast(void **state)
{
	(void)state;
	rx_flag(FW_VIRTIO_NET_CTRL_RX_NOBCAST, FW_CTRL_RX_NOBCAST);
}

static void rx_flags_are_independent(void **state)
{
	(void)state;
	struct fw_ctrl_state st = fresh();
	for (uint8_t cmd = 0; cmd <= FW_VIRTIO_NET_CTRL_RX_NOBCAST; cmd++) {
		struct cmd c = hdr(FW_VIRTIO_NET_CTRL_RX, cmd);
		put8(&c, 1);
		expect_ok(&st, ALL, &c);
	}
	assert_int_equal(st.cfg.rx_mode, FW_CTRL_RX_ALL);
	struct cmd c = hdr(FW_VIRTIO_NET_CTRL_RX, FW_VIRTIO_NET_CTRL_RX_NOUNI);
	put8(&c, 0);
	expect_ok(&st, ALL, &c);
	assert_int_equal(st.cfg.rx_mode, FW_CTRL_RX_ALL & ~FW_CTRL_RX_NOUNI);
}

static struct cmd mac_table(unsigned uc, const uint8_t *const *ucs, unsigned mc,
			    const uint8_t *const *mcs)
{
	struct cmd c = hdr(FW_VIRTIO_NET_CTRL_MAC, FW_VIRTIO_NET_CTRL_MAC_TABLE_SET);
	put32(&c, uc);
	for (unsigned i = 0; i < uc; i++)
		putmac(&c, ucs[i]);
	put32(&c, mc);
	for (unsigned i = 0; i < mc; i++)
		putmac(&c, mcs[i]);
	return c;
}

static void mac_table_set(void **state)
{
	(void)state;
	struct fw_ctrl_state st = fresh();
	const uint8_t *ucs[] = { UC1, UC2 };
	const uint8_t *mcs[] = { MC1, MC2, BCAST };
	struct cmd c = mac_table(2, ucs, 3, mcs);
	expect_ok(&st, F(CTRL_VQ) | F(CTRL_RX), &c);
	assert_int_equal(st.cfg.mac_uc, 2);
	assert_int_equal(st.cfg.mac_mc, 3);
	assert_memory_equal(st.cfg.macs[0], UC1, 6);
	assert_memory_equal(st.cfg.macs[1], UC2, 6);
	assert_memory_equal(st.cfg.macs[2], MC1, 6);
	assert_memory_equal(st.cfg.macs[3], MC2, 6);
	assert_memory_equal(st.cfg.macs[4], BCAST, 6);

	/* A smaller table replaces the whole of the old one. */
	const uint8_t *mcs2[] = { MC2 };
	c = mac_table(0, NULL, 1, mcs2);
	expect_ok(&st, ALL, &c);
	assert_int_equal(st.cfg.mac_uc, 0);
	assert_int_equal(st.cfg.mac_mc, 1);
	assert_memory_equal(st.cfg.macs[0], MC2, 6);
	static const uint8_t zero[6];
	for (unsigned i = 1; i < FW_CTRL_MAC_ENTRIES; i++)
		assert_memory_equal(st.cfg.macs[i], zero, 6);
}

static void mac_table_set_empty(void **state)
{
	(void)state;
	struct fw_ctrl_state st = busy();
	struct cmd c = mac_table(0, NULL, 0, NULL);
	assert_int_equal(c.n, 10);
	expect_ok(&st, ALL, &c);
	assert_int_equal(st.cfg.mac_uc + st.cfg.mac_mc, 0);
	struct fw_ctrl_state ref = fresh();
	assert_memory_equal(st.cfg.macs, ref.cfg.macs, sizeof(ref.cfg.macs));
}

static void mac_table_set_full(void **state)
{
	(void)state;
	struct fw_ctrl_state st = fresh();
	const uint8_t *ucs[40], *mcs[24];
	for (unsigned i = 0; i < 40; i++)
		ucs[i] = UC1;
	for (unsigned i = 0; i < 24; i++)
		mcs[i] = MC1;
	struct cmd c = mac_table(40, ucs, 24, mcs);
	expect_ok(&st, ALL, &c);
	assert_int_equal(st.cfg.mac_uc, 40);
	assert_int_equal(st.cfg.mac_mc, 24);
	assert_memory_equal(st.cfg.macs[39], UC1, 6);
	assert_memory_equal(st.cfg.macs[40], MC1, 6);
	assert_memory_equal(st.cfg.macs[63], MC1, 6);
}

static void mac_addr_set(void **state)
{
	(void)state;
	struct fw_ctrl_state st = fresh();
	struct cmd c = hdr(FW_VIRTIO_NET_CTRL_MAC, FW_VIRTIO_NET_CTRL_MAC_ADDR_SET);
	putmac(&c, UC2);
	/* Only its own feature: drivers send it without CTRL_RX. */
	expect_ok(&st, F(CTRL_VQ) | F(CTRL_MAC_ADDR), &c);
	assert_memory_equal(st.cfg.mac, UC2, 6);
	assert_memory_equal(st.perm_mac, PERM_MAC, 6);
	fw_ctrl_reset(&st);
	assert_memory_equal(st.cfg.mac, PERM_MAC, 6);
}

static void vlan_cmd(struct fw_ctrl_state *st, uint8_t cmd, uint16_t id)
{
	struct cmd c = hdr(FW_VIRTIO_NET_CTRL_VLAN, cmd);
	put16(&c, id);
	expect_ok(st, F(CTRL_VQ) | F(CTRL_VLAN), &c);
}

static void vlan_add(void **state)
{
	(void)state;
	struct fw_ctrl_state st = fresh();
	vlan_cmd(&st, FW_VIRTIO_NET_CTRL_VLAN_ADD, 0);    /* priority tags */
	vlan_cmd(&st, FW_VIRTIO_NET_CTRL_VLAN_ADD, 33);   /* bit 1 of word 1 */
	vlan_cmd(&st, FW_VIRTIO_NET_CTRL_VLAN_ADD, 4095);
	vlan_cmd(&st, FW_VIRTIO_NET_CTRL_VLAN_ADD, 33);   /* twice is once */
	unsigned n = 0;
	for (unsigned id = 0; id < FW_CTRL_VLAN_IDS; id++)
		n += fw_ctrl_vlan_allowed(&st.cfg, (uint16_t)id) ? 1u : 0u;
	assert_int_equal(n, 3);
	assert_true(fw_ctrl_vlan_allowed(&st.cfg, 0));
	assert_true(fw_ctrl_vlan_allowed(&st.cfg, 33));
	assert_true(fw_ctrl_vlan_allowed(&st.cfg, 4095));
	assert_int_equal(st.cfg.vlan[1], 2u);
	assert_false(fw_ctrl_vlan_allowed(&st.cfg, 4096 + 33));
}

static void vlan_del(void **state)
{
	(void)state;
	struct fw_ctrl_state st = fresh();
	vlan_cmd(&st, FW_VIRTIO_NET_CTRL_VLAN_ADD, 10);
	vlan_cmd(&st, FW_VIRTIO_NET_CTRL_VLAN_ADD, 11);
	vlan_cmd(&st, FW_VIRTIO_NET_CTRL_VLAN_DEL, 10);
	vlan_cmd(&st, FW_VIRTIO_NET_CTRL_VLAN_DEL, 12); /* absent: still fine */
	assert_false(fw_ctrl_vlan_allowed(&st.cfg, 10));
	assert_true(fw_ctrl_vlan_allowed(&st.cfg, 11));
	assert_false(fw_ctrl_vlan_allowed(&st.cfg, 12));
}

static void announce_ack(void **state)
{
	(void)state;
	struct fw_ctrl_state st = fresh();
	fw_ctrl_announce(&st);
	assert_int_equal(st.cfg.announce, 1);
	struct cmd c = hdr(FW_VIRTIO_NET_CTRL_ANNOUNCE, FW_VIRTIO_NET_CTRL_ANNOUNCE_ACK);
	expect_ok(&st, F(CTRL_VQ) | F(GUEST_ANNOUNCE), &c);
	assert_int_equal(st.cfg.announce, 0);
	expect_ok(&st, F(CTRL_VQ) | F(GUEST_ANNOUNCE), &c); /* nothing pending: harmless */
}

static struct cmd pairs_cmd(uint16_t pairs)
{
	struct cmd c = hdr(FW_VIRTIO_NET_CTRL_MQ, FW_VIRTIO_NET_CTRL_MQ_VQ_PAIRS_SET);
	put16(&c, pairs);
	return c;
}

static void vq_pairs_set(void **state)
{
	(void)state;
	struct fw_ctrl_state st = fresh();
	struct cmd c = pairs_cmd(MAX_PAIRS);
	expect_ok(&st, F(CTRL_VQ) | F(MQ), &c);
	assert_int_equal(st.cfg.pairs, MAX_PAIRS);
	c = pairs_cmd(1);
	expect_ok(&st, F(CTRL_VQ) | F(MQ), &c);
	assert_int_equal(st.cfg.pairs, 1);
}

static void vq_pairs_set_leaves_rss(void **state)
{
	(void)state;
	struct fw_ctrl_state st = busy();
	assert_int_equal(st.cfg.steering, FW_CTRL_STEER_RSS);
	struct cmd c = pairs_cmd(3);
	expect_ok(&st, ALL, &c);
	assert_int_equal(st.cfg.pairs, 3);
	assert_int_equal(st.cfg.steering, FW_CTRL_STEER_AUTO);
	assert_int_equal(st.cfg.rss_table_len, 0);
	assert_int_equal(st.cfg.rss_table[0], 0); /* was queue 1 */
	/* The hash configuration stays for hash reports. */
	assert_int_equal(st.cfg.hash_types, 0x100);
	assert_int_equal(st.cfg.hash_key_len, 4);
}

/* RSS_CONFIG with `tlen` entries: entry i is queue i % pairs. */
static struct cmd rss_cmd(uint32_t types, unsigned tlen, uint16_t unclassified, uint16_t pairs,
			  unsigned klen)
{
	struct cmd c = hdr(FW_VIRTIO_NET_CTRL_MQ, FW_VIRTIO_NET_CTRL_MQ_RSS_CONFIG);
	put32(&c, types);
	put16(&c, (uint16_t)(tlen - 1u));
	put16(&c, unclassified);
	for (unsigned i = 0; i < tlen; i++)
		put16(&c, (uint16_t)(i % pairs));
	put16(&c, pairs);
	put8(&c, (uint8_t)klen);
	for (unsigned i = 0; i < klen; i++)
		put8(&c, (uint8_t)(0x6d + i));
	return c;
}

/* Offset of indirection table entry i in an RSS_CONFIG command. */
#define RSS_ENTRY(i) (2u + 8u + 2u * (i))

static void rss_config(void **state)
{
	(void)state;
	struct fw_ctrl_state st = fresh();
	struct cmd c = rss_cmd(0x1ff, 8, 2, 3, 40);
	expect_ok(&st, F(CTRL_VQ) | F(RSS), &c);
	assert_int_equal(st.cfg.steering, FW_CTRL_STEER_RSS);
	assert_int_equal(st.cfg.pairs, 3);
	assert_int_equal(st.cfg.hash_types, 0x1ff);
	assert_int_equal(st.cfg.rss_table_len, 8);
	assert_int_equal(st.cfg.rss_unclassified, 2);
	for (unsigned i = 0; i < 8; i++)
		assert_int_equal(st.cfg.rss_table[i], i % 3);
	for (unsigned i = 8; i < FW_CTRL_RSS_TABLE_MAX; i++)
		assert_int_equal(st.cfg.rss_table[i], 0);
	assert_int_equal(st.cfg.hash_key_len, 40);
	assert_int_equal(st.cfg.hash_key[0], 0x6d);
	assert_int_equal(st.cfg.hash_key[39], 0x6d + 39);

	/* A shorter table and key later leave no stale entries behind. */
	c = rss_cmd(0x2, 1, 0, 1, 0);
	expect_ok(&st, F(CTRL_VQ) | F(RSS), &c);
	assert_int_equal(st.cfg.rss_table_len, 1);
	assert_int_equal(st.cfg.pairs, 1);
	assert_int_equal(st.cfg.rss_table[1], 0);
	assert_int_equal(st.cfg.rss_table[2], 0);
	assert_int_equal(st.cfg.hash_key_len, 0);
	assert_int_equal(st.cfg.hash_key[0], 0);
	assert_int_equal(st.cfg.hash_key[39], 0);
}

static void rss_config_largest_table(void **state)
{
	(void)state;
	struct fw_ctrl_state st = fresh();
	struct cmd c = rss_cmd(0x1, FW_CTRL_RSS_TABLE_MAX, 0, MAX_PAIRS, 40);
	expect_ok(&st, ALL, &c);
	assert_int_equal(st.cfg.rss_table_len, FW_CTRL_RSS_TABLE_MAX);
	assert_int_equal(st.cfg.rss_table[127], 127 % MAX_PAIRS);
}

static struct cmd hash_cmd(uint32_t types, uint16_t reserved, unsigned klen)
{
	struct cmd c = hdr(FW_VIRTIO_NET_CTRL_MQ, FW_VIRTIO_NET_CTRL_MQ_HASH_CONFIG);
	put32(&c, types);
	for (unsigned i = 0; i < 4; i++)
		put16(&c, reserved);
	put8(&c, (uint8_t)klen);
	for (unsigned i = 0; i < klen; i++)
		put8(&c, (uint8_t)(0xa0 + i));
	return c;
}

static void hash_config(void **state)
{
	(void)state;
	struct fw_ctrl_state st = fresh();
	struct cmd c = hash_cmd(0x12, 0, 40);
	expect_ok(&st, F(CTRL_VQ) | F(HASH_REPORT), &c);
	assert_int_equal(st.cfg.hash_types, 0x12);
	assert_int_equal(st.cfg.hash_key_len, 40);
	assert_int_equal(st.cfg.hash_key[39], 0xa0 + 39);
	assert_int_equal(st.cfg.steering, FW_CTRL_STEER_AUTO);
	assert_int_equal(st.cfg.pairs, 1);
}

static void hash_config_after_rss(void **state)
{
	(void)state;
	struct fw_ctrl_state st = busy();
	/* The reserved words only keep the layout: they are not checked. */
	struct cmd c = hash_cmd(0x4, 0xffff, 8);
	expect_ok(&st, ALL, &c);
	assert_int_equal(st.cfg.steering, FW_CTRL_STEER_AUTO);
	assert_int_equal(st.cfg.rss_table_len, 0);
	assert_int_equal(st.cfg.rss_table[0], 0); /* was queue 1 */
	assert_int_equal(st.cfg.pairs, 2); /* as RSS_CONFIG left it */
	assert_int_equal(st.cfg.hash_types, 0x4);
	assert_int_equal(st.cfg.hash_key_len, 8);
	assert_int_equal(st.cfg.hash_key[8], 0);
}

/* ---- refused: framing ---- */

static void short_header(void **state)
{
	(void)state;
	struct fw_ctrl_state st = busy();
	uint8_t b[2] = { FW_VIRTIO_NET_CTRL_ANNOUNCE, FW_VIRTIO_NET_CTRL_ANNOUNCE_ACK };
	expect_refused(&st, ALL, b, 0, FW_CTRL_R_SHORT);
	expect_refused(&st, ALL, b, 1, FW_CTRL_R_SHORT);
	expect_refused(&st, ALL, NULL, 0, FW_CTRL_R_SHORT);
}

static void unknown_class(void **state)
{
	(void)state;
	struct fw_ctrl_state st = busy();
	/* GUEST_OFFLOADS (5), NOTF_COAL (6) and beyond are not implemented. */
	const uint8_t classes[] = { 5, 6, 7, 8, 9, 0x80, 0xff };
	for (unsigned i = 0; i < sizeof(classes); i++) {
		uint8_t b[3] = { classes[i], 0, 1 };
		expect_refused(&st, ALL, b, 3, FW_CTRL_R_UNKNOWN);
	}
}

static void unknown_command(void **state)
{
	(void)state;
	struct fw_ctrl_state st = busy();
	const uint8_t bad[][2] = {
		{ FW_VIRTIO_NET_CTRL_RX, 6 },       { FW_VIRTIO_NET_CTRL_RX, 0xff },
		{ FW_VIRTIO_NET_CTRL_MAC, 2 },      { FW_VIRTIO_NET_CTRL_VLAN, 2 },
		{ FW_VIRTIO_NET_CTRL_ANNOUNCE, 1 }, { FW_VIRTIO_NET_CTRL_MQ, 3 },
	};
	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		uint8_t b[4] = { bad[i][0], bad[i][1], 1, 0 };
		expect_refused(&st, ALL, b, 4, FW_CTRL_R_UNKNOWN);
	}
}

/* ---- refused: features ---- */

/* One valid command of each kind, and the feature it needs. */
struct sample {
	struct cmd c;
	uint64_t feature;
};

static unsigned samples(struct sample *s)
{
	unsigned n = 0;
	for (uint8_t cmd = 0; cmd <= FW_VIRTIO_NET_CTRL_RX_NOBCAST; cmd++) {
		s[n].c = hdr(FW_VIRTIO_NET_CTRL_RX, cmd);
		put8(&s[n].c, 1);
		s[n++].feature = cmd <= FW_VIRTIO_NET_CTRL_RX_ALLMULTI ? F(CTRL_RX) : F(CTRL_RX_EXTRA);
	}
	const uint8_t *ucs[] = { UC1 };
	s[n].c = mac_table(1, ucs, 0, NULL);
	s[n++].feature = F(CTRL_RX);
	s[n].c = hdr(FW_VIRTIO_NET_CTRL_MAC, FW_VIRTIO_NET_CTRL_MAC_ADDR_SET);
	putmac(&s[n].c, UC2);
	s[n++].feature = F(CTRL_MAC_ADDR);
	for (uint8_t cmd = FW_VIRTIO_NET_CTRL_VLAN_ADD; cmd <= FW_VIRTIO_NET_CTRL_VLAN_DEL; cmd++) {
		s[n].c = hdr(FW_VIRTIO_NET_CTRL_VLAN, cmd);
		put16(&s[n].c, 7);
		s[n++].feature = F(CTRL_VLAN);
	}
	s[n].c = hdr(FW_VIRTIO_NET_CTRL_ANNOUNCE, FW_VIRTIO_NET_CTRL_ANNOUNCE_ACK);
	s[n++].feature = F(GUEST_ANNOUNCE);
	s[n].c = pairs_cmd(2);
	s[n++].feature = F(MQ);
	s[n].c = rss_cmd(0x3, 4, 1, 2, 40);
	s[n++].feature = F(RSS);
	s[n].c = hash_cmd(0x3, 0, 40);
	s[n++].feature = F(HASH_REPORT);
	return n;
}

#define NSAMPLES 14u

static void feature_not_negotiated(void **state)
{
	(void)state;
	static struct sample s[NSAMPLES];
	assert_int_equal(samples(s), NSAMPLES);
	for (unsigned i = 0; i < NSAMPLES; i++) {
		struct fw_ctrl_state st = busy();
		/* Everything but the command's own feature. */
		expect_refused_cmd(&st, ALL & ~s[i].feature, &s[i].c, FW_CTRL_R_FEATURE);
		/* Its feature, but no control queue. */
		expect_refused_cmd(&st, s[i].feature, &s[i].c, FW_CTRL_R_FEATURE);
		expect_refused_cmd(&st, 0, &s[i].c, FW_CTRL_R_FEATURE);
		/* With both, the same command goes through. */
		expect_ok(&st, F(CTRL_VQ) | s[i].feature, &s[i].c);
	}
}

static void rx_extra_needs_its_own_bit(void **state)
{
	(void)state;
	struct fw_ctrl_state st = fresh();
	struct cmd c = hdr(FW_VIRTIO_NET_CTRL_RX, FW_VIRTIO_NET_CTRL_RX_NOBCAST);
	put8(&c, 1);
	expect_refused_cmd(&st, F(CTRL_VQ) | F(CTRL_RX), &c, FW_CTRL_R_FEATURE);
	/* and TABLE_SET needs CTRL_RX, not CTRL_MAC_ADDR */
	c = mac_table(0, NULL, 0, NULL);
	expect_refused_cmd(&st, F(CTRL_VQ) | F(CTRL_MAC_ADDR), &c, FW_CTRL_R_FEATURE);
}

/* ---- refused: sizes of the fixed-size commands ---- */

static void fixed_sizes_off_by_one(void **state)
{
	(void)state;
	static struct sample s[NSAMPLES];
	samples(s);
	for (unsigned i = 0; i < NSAMPLES; i++) {
		uint8_t cls = s[i].c.b[0];
		uint8_t cmd = s[i].c.b[1];
		int variable = (cls == FW_VIRTIO_NET_CTRL_MAC && cmd == FW_VIRTIO_NET_CTRL_MAC_TABLE_SET) ||
			       (cls == FW_VIRTIO_NET_CTRL_MQ && cmd != FW_VIRTIO_NET_CTRL_MQ_VQ_PAIRS_SET);
		if (variable)
			continue;
		struct fw_ctrl_state st = busy();
		struct cmd c = s[i].c;
		if (c.n > 2)
			expect_refused(&st, ALL, c.b, c.n - 1, FW_CTRL_R_SHORT);
		put8(&c, 0);
		expect_refused_cmd(&st, ALL, &c, FW_CTRL_R_LONG);
	}
}

static void announce_with_data(void **state)
{
	(void)state;
	struct fw_ctrl_state st = busy();
	struct cmd c = hdr(FW_VIRTIO_NET_CTRL_ANNOUNCE, FW_VIRTIO_NET_CTRL_ANNOUNCE_ACK);
	put8(&c, 0);
	expect_refused_cmd(&st, ALL, &c, FW_CTRL_R_LONG);
	assert_int_equal(st.cfg.announce, 1);
}

/* ---- refused: MAC tables and addresses ---- */

static void mac_table_off_by_one(void **state)
{
	(void)state;
	struct fw_ctrl_state st = busy();
	const uint8_t *ucs[] = { UC2 };
	const uint8_t *mcs[] = { MC2, BCAST };
	struct cmd c = mac_table(1, ucs, 2, mcs);
	expect_refused(&st, ALL, c.b, c.n - 1, FW_CTRL_R_SHORT);
	put8(&c, 0);
	expect_refused_cmd(&st, ALL, &c, FW_CTRL_R_LONG);
}

static void mac_table_counts_do_not_add_up(void **state)
{
	(void)state;
	struct fw_ctrl_state st = busy();
	/* No second count at all. */
	struct cmd c = hdr(FW_VIRTIO_NET_CTRL_MAC, FW_VIRTIO_NET_CTRL_MAC_TABLE_SET);
	put32(&c, 1);
	putmac(&c, UC2);
	expect_refused_cmd(&st, ALL, &c, FW_CTRL_R_SHORT);
	/* Half a second count. */
	put16(&c, 0);
	expect_refused_cmd(&st, ALL, &c, FW_CTRL_R_SHORT);
	/* The first count claims the bytes of the second table. */
	const uint8_t *mcs[] = { MC1, MC2 };
	c = mac_table(0, NULL, 2, mcs);
	c.b[2] = 2; /* uc = 2: 12 bytes of "unicast", then a bogus count */
	expect_refused_cmd(&st, ALL, &c, FW_CTRL_R_SHORT);
	/* Too few entries for the counts, though both fit the table. */
	c = mac_table(0, NULL, 0, NULL);
	c.b[6] = 1; /* mc = 1, no entry */
	expect_refused_cmd(&st, ALL, &c, FW_CTRL_R_SHORT);
}

static void mac_table_counts_overflow(void **state)
{
	(void)state;
	struct fw_ctrl_state st = busy();
	/* 0x2aaaaaab * 6 == 2 (mod 2^32): a wrapping length check would take
	 * the 2 bytes after it for the whole table. */
	struct cmd c = hdr(FW_VIRTIO_NET_CTRL_MAC, FW_VIRTIO_NET_CTRL_MAC_TABLE_SET);
	put32(&c, 0x2aaaaaabu);
	put16(&c, 0);
	put32(&c, 0);
	expect_refused_cmd(&st, ALL, &c, FW_CTRL_R_SHORT);
	/* The same in the second table. */
	c = hdr(FW_VIRTIO_NET_CTRL_MAC, FW_VIRTIO_NET_CTRL_MAC_TABLE_SET);
	put32(&c, 0);
	put32(&c, 0x2aaaaaabu);
	put16(&c, 0x0100); /* looks like a multicast entry of 2 bytes */
	expect_refused_cmd(&st, ALL, &c, FW_CTRL_R_SHORT);
	/* Counts whose sum wraps 32 bits. */
	c = hdr(FW_VIRTIO_NET_CTRL_MAC, FW_VIRTIO_NET_CTRL_MAC_TABLE_SET);
	put32(&c, 0xffffffffu);
	put32(&c, 1);
	putmac(&c, MC1);
	expect_refused_cmd(&st, ALL, &c, FW_CTRL_R_SHORT);
}

static void mac_table_too_many_entries(void **state)
{
	(void)state;
	struct fw_ctrl_state st = busy();
	const uint8_t *ucs[65], *mcs[65];
	for (unsigned i = 0; i < 65; i++) {
		ucs[i] = UC1;
		mcs[i] = MC1;
	}
	struct cmd c = mac_table(40, ucs, 25, mcs); /* 65 */
	expect_refused_cmd(&st, ALL, &c, FW_CTRL_R_MAC_TABLE);
	c = mac_table(65, ucs, 0, mcs);
	expect_refused_cmd(&st, ALL, &c, FW_CTRL_R_MAC_TABLE);
	c = mac_table(0, ucs, 65, mcs);
	expect_refused_cmd(&st, ALL, &c, FW_CTRL_R_MAC_TABLE);
}

static void mac_table_misfiled_address(void **state)
{
	(void)state;
	struct fw_ctrl_state st = busy();
	const uint8_t *ucs[] = { UC1, MC2 }; /* a group address among the unicast ones */
	const uint8_t *mcs[] = { MC1 };
	struct cmd c = mac_table(2, ucs, 1, mcs);
	expect_refused_cmd(&st, ALL, &c, FW_CTRL_R_MAC);
	const uint8_t *ucs2[] = { UC1 };
	const uint8_t *mcs2[] = { MC1, UC2 }; /* an individual one among the multicast */
	c = mac_table(1, ucs2, 2, mcs2);
	expect_refused_cmd(&st, ALL, &c, FW_CTRL_R_MAC);
}

static void mac_addr_set_bad_address(void **state)
{
	(void)state;
	struct fw_ctrl_state st = busy();
	static const uint8_t zero[6];
	const uint8_t *bad[] = { MC1, BCAST, zero };
	for (unsigned i = 0; i < 3; i++) {
		struct cmd c = hdr(FW_VIRTIO_NET_CTRL_MAC, FW_VIRTIO_NET_CTRL_MAC_ADDR_SET);
		putmac(&c, bad[i]);
		expect_refused_cmd(&st, ALL, &c, FW_CTRL_R_MAC);
	}
}

/* ---- refused: VLAN ---- */

static void vlan_bad_id(void **state)
{
	(void)state;
	struct fw_ctrl_state st = busy();
	const uint16_t ids[] = { 4096, 4096 + 100, 0x8000, 0xffff };
	for (unsigned i = 0; i < 4; i++) {
		for (uint8_t cmd = FW_VIRTIO_NET_CTRL_VLAN_ADD; cmd <= FW_VIRTIO_NET_CTRL_VLAN_DEL;
		     cmd++) {
			struct cmd c = hdr(FW_VIRTIO_NET_CTRL_VLAN, cmd);
			put16(&c, ids[i]);
			expect_refused_cmd(&st, ALL, &c, FW_CTRL_R_VLAN);
		}
	}
	/* 4096 + 100 would alias VLAN 100 in a 12-bit table: it is still there. */
	assert_true(fw_ctrl_vlan_allowed(&st.cfg, 100));
}

/* ---- refused: multiqueue ---- */

static void vq_pairs_out_of_range(void **state)
{
	(void)state;
	struct fw_ctrl_state st = busy();
	const uint16_t bad[] = { 0, MAX_PAIRS + 1, 0x8000, 0xffff };
	for (unsigned i = 0; i < 4; i++) {
		struct cmd c = pairs_cmd(bad[i]);
		expect_refused_cmd(&st, ALL, &c, FW_CTRL_R_PAIRS);
	}
}

static void rss_off_by_one(void **state)
{
	(void)state;
	struct fw_ctrl_state st = busy();
	struct cmd c = rss_cmd(0x3f, 16, 3, 4, 40);
	expect_refused(&st, ALL, c.b, c.n - 1, FW_CTRL_R_SHORT);
	put8(&c, 0);
	expect_refused_cmd(&st, ALL, &c, FW_CTRL_R_LONG);
	/* Cut inside the fixed part, the table and the tail. */
	expect_refused(&st, ALL, c.b, 2 + 7, FW_CTRL_R_SHORT);
	expect_refused(&st, ALL, c.b, RSS_ENTRY(15) + 1, FW_CTRL_R_SHORT);
	expect_refused(&st, ALL, c.b, RSS_ENTRY(16) + 2, FW_CTRL_R_SHORT);
}

static void rss_bad_table_length(void **state)
{
	(void)state;
	struct fw_ctrl_state st = busy();
	/* Masks whose length (mask + 1) is not a power of two, or above 128. */
	const uint16_t masks[] = { 2, 5, 126, 255, 0xfffe, 0xffff };
	for (unsigned i = 0; i < sizeof(masks) / sizeof(masks[0]); i++) {
		struct cmd c = rss_cmd(0x3, 8, 0, 2, 40);
		c.b[6] = (uint8_t)masks[i];
		c.b[7] = (uint8_t)(masks[i] >> 8);
		expect_refused_cmd(&st, ALL, &c, FW_CTRL_R_RSS_TABLE);
	}
	/* 256 entries, all present: still above what the device advertises. */
	struct cmd big = hdr(FW_VIRTIO_NET_CTRL_MQ, FW_VIRTIO_NET_CTRL_MQ_RSS_CONFIG);
	put32(&big, 0x3);
	put16(&big, 255);
	put16(&big, 0);
	for (unsigned i = 0; i < 256; i++)
		put16(&big, 0);
	put16(&big, 1);
	put8(&big, 0);
	expect_refused_cmd(&st, ALL, &big, FW_CTRL_R_RSS_TABLE);
}

static void rss_bad_queue_in_table(void **state)
{
	(void)state;
	struct fw_ctrl_state st = busy();
	/* pairs 3: queue 3 is outside, whichever entry holds it. */
	const unsigned at[] = { 0, 5, 31 };
	for (unsigned i = 0; i < 3; i++) {
		struct cmd c = rss_cmd(0x3, 32, 0, 3, 40);
		c.b[RSS_ENTRY(at[i])] = 3;
		expect_refused_cmd(&st, ALL, &c, FW_CTRL_R_QUEUE);
	}
	/* Within max_pairs but above the pairs the command puts in use. */
	struct cmd c = rss_cmd(0x3, 4, 0, 2, 40);
	c.b[RSS_ENTRY(2)] = 3;
	expect_refused_cmd(&st, ALL, &c, FW_CTRL_R_QUEUE);
	/* The reserved top bit of a queue id. */
	c = rss_cmd(0x3, 4, 0, 2, 40);
	c.b[RSS_ENTRY(1) + 1] = 0x80;
	expect_refused_cmd(&st, ALL, &c, FW_CTRL_R_QUEUE);
}

static void rss_bad_unclassified_queue(void **state)
{
	(void)state;
	struct fw_ctrl_state st = busy();
	struct cmd c = rss_cmd(0x3, 4, 2, 2, 40);
	expect_refused_cmd(&st, ALL, &c, FW_CTRL_R_QUEUE);
	c = rss_cmd(0x3, 4, 0xffff, MAX_PAIRS, 40);
	expect_refused_cmd(&st, ALL, &c, FW_CTRL_R_QUEUE);
}

static void rss_bad_max_tx_vq(void **state)
{
	(void)state;
	struct fw_ctrl_state st = busy();
	struct cmd c = rss_cmd(0x3, 4, 0, 1, 40);
	c.b[RSS_ENTRY(4)] = 0; /* max_tx_vq 0 */
	expect_refused_cmd(&st, ALL, &c, FW_CTRL_R_PAIRS);
	c = rss_cmd(0x3, 4, 0, 1, 40);
	c.b[RSS_ENTRY(4)] = MAX_PAIRS + 1;
	expect_refused_cmd(&st, ALL, &c, FW_CTRL_R_PAIRS);
}

static void rss_key_too_long(void **state)
{
	(void)state;
	struct fw_ctrl_state st = busy();
	struct cmd c = rss_cmd(0x3, 4, 0, 2, FW_CTRL_HASH_KEY_MAX + 1);
	expect_refused_cmd(&st, ALL, &c, FW_CTRL_R_KEY);
	/* Also when the bytes present would match a valid key's length. */
	expect_refused(&st, ALL, c.b, c.n - 1, FW_CTRL_R_KEY);
	c = rss_cmd(0x3, 4, 0, 2, 255);
	expect_refused_cmd(&st, ALL, &c, FW_CTRL_R_KEY);
}

static void rss_unsupported_hash_type(void **state)
{
	(void)state;
	struct fw_ctrl_state st = busy();
	struct cmd c = rss_cmd(1u << 9, 4, 0, 2, 40);
	expect_refused_cmd(&st, ALL, &c, FW_CTRL_R_HASH_TYPES);
	c = rss_cmd(0x80000001u, 4, 0, 2, 40);
	expect_refused_cmd(&st, ALL, &c, FW_CTRL_R_HASH_TYPES);
	/* A device that supports fewer types refuses the others. */
	struct fw_ctrl_state few;
	fw_ctrl_init(&few, MAX_PAIRS, 0x3, PERM_MAC);
	c = rss_cmd(0x4, 4, 0, 2, 40);
	expect_refused_cmd(&few, ALL, &c, FW_CTRL_R_HASH_TYPES);
	c = rss_cmd(0x3, 4, 0, 2, 40);
	expect_ok(&few, ALL, &c);
}

static void hash_config_off_by_one(void **state)
{
	(void)state;
	struct fw_ctrl_state st = busy();
	struct cmd c = hash_cmd(0x3, 0, 40);
	expect_refused(&st, ALL, c.b, c.n - 1, FW_CTRL_R_SHORT);
	expect_refused(&st, ALL, c.b, 2 + 12, FW_CTRL_R_SHORT); /* no key length */
	put8(&c, 0);
	expect_refused_cmd(&st, ALL, &c, FW_CTRL_R_LONG);
}

static void hash_config_bad_values(void **state)
{
	(void)state;
	struct fw_ctrl_state st = busy();
	struct cmd c = hash_cmd(0x3, 0, FW_CTRL_HASH_KEY_MAX + 1);
	expect_refused_cmd(&st, ALL, &c, FW_CTRL_R_KEY);
	c = hash_cmd(0x200, 0, 40);
	expect_refused_cmd(&st, ALL, &c, FW_CTRL_R_HASH_TYPES);
}

/* Every reason has its own counter, and counts only its own refusals. */
static void counters_per_reason(void **state)
{
	(void)state;
	struct fw_ctrl_state st = fresh();
	uint8_t unknown[2] = { 9, 9 };
	for (unsigned i = 0; i < 3; i++)
		fw_ctrl_handle(&st, ALL, unknown, 2);
	struct cmd c = pairs_cmd(0);
	fw_ctrl_handle(&st, ALL, c.b, c.n);
	c = pairs_cmd(2);
	fw_ctrl_handle(&st, ALL, c.b, c.n);
	assert_int_equal(st.cnt.refused[FW_CTRL_R_UNKNOWN], 3);
	assert_int_equal(st.cnt.refused[FW_CTRL_R_PAIRS], 1);
	assert_int_equal(st.cnt.refused[FW_CTRL_R_OK], 0);
	assert_int_equal(st.cnt.accepted, 1);
	unsigned sum = 0;
	for (unsigned i = 0; i < FW_CTRL_NREASONS; i++)
		sum += st.cnt.refused[i];
	assert_int_equal(sum, 4);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(init_is_reset_state),
		cmocka_unit_test(init_clamps_limits),
		cmocka_unit_test(reset_keeps_counters_and_limits),
		cmocka_unit_test(rx_promisc),
		cmocka_unit_test(rx_allmulti),
		cmocka_unit_test(rx_alluni),
		cmocka_unit_test(rx_nomulti),
		cmocka_unit_test(rx_nouni),
		cmocka_unit_test(rx_nobcast),
		cmocka_unit_test(rx_flags_are_independent),
		cmocka_unit_test(mac_table_set),
		cmocka_unit_test(mac_table_set_empty),
		cmocka_unit_test(mac_table_set_full),
		cmocka_unit_test(mac_addr_set),
		cmocka_unit_test(vlan_add),
		cmocka_unit_test(vlan_del),
		cmocka_unit_test(announce_ack),
		cmocka_unit_test(vq_pairs_set),
		cmocka_unit_test(vq_pairs_set_leaves_rss),
		cmocka_unit_test(rss_config),
		cmocka_unit_test(rss_config_largest_table),
		cmocka_unit_test(hash_config),
		cmocka_unit_test(hash_config_after_rss),
		cmocka_unit_test(short_header),
		cmocka_unit_test(unknown_class),
		cmocka_unit_test(unknown_command),
		cmocka_unit_test(feature_not_negotiated),
		cmocka_unit_test(rx_extra_needs_its_own_bit),
		cmocka_unit_test(fixed_sizes_off_by_one),
		cmocka_unit_test(announce_with_data),
		cmocka_unit_test(mac_table_off_by_one),
		cmocka_unit_test(mac_table_counts_do_not_add_up),
		cmocka_unit_test(mac_table_counts_overflow),
		cmocka_unit_test(mac_table_too_many_entries),
		cmocka_unit_test(mac_table_misfiled_address),
		cmocka_unit_test(mac_addr_set_bad_address),
		cmocka_unit_test(vlan_bad_id),
		cmocka_unit_test(vq_pairs_out_of_range),
		cmocka_unit_test(rss_off_by_one),
		cmocka_unit_test(rss_bad_table_length),
		cmocka_unit_test(rss_bad_queue_in_table),
		cmocka_unit_test(rss_bad_unclassified_queue),
		cmocka_unit_test(rss_bad_max_tx_vq),
		cmocka_unit_test(rss_key_too_long),
		cmocka_unit_test(rss_unsupported_hash_type),
		cmocka_unit_test(hash_config_off_by_one),
		cmocka_unit_test(hash_config_bad_values),
		cmocka_unit_test(counters_per_reason),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
