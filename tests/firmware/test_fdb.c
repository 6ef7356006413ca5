/* SPDX-License-Identifier: MIT */
/*
 * The firmware's side of the forwarding table: the bucket hash against
 * values from the RTL testbench's reference (tests/rtl/test_fdb.c, the
 * spec of hw-rtl/svnic_fdb.sv), and VIF_CREATE / VIF_SET / VIF_DESTROY /
 * VIF_QUERY programming the table and the VIF attributes, with a full
 * bucket and a refused write.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "fake_hal.h"
#include "fw/fdb.h"
#include "fw/fw.h"
#include "svnic/mbox.h"
#include "svnic/regs.h"

#define WAYS 4u
#define BUCKETS 64u /* fake_hal's geometry: 256 entries, 4 ways */

static struct fw_hal hal;
static struct fw_card card;

static int setup(void **state)
{
	(void)state;
	fake_hal_reset(&hal, 8, 2);
	assert_int_equal(fw_init(&card, &hal), 0);
	return 0;
}

static unsigned exec(const void *req, unsigned len, void *rsp, unsigned rsp_len)
{
	return fake_mbox_exec(&hal, &card, req, len, rsp, rsp_len);
}

static unsigned create(const uint8_t mac[6], uint16_t vlan, uint32_t *vif)
{
	struct svnic_mbox_vif_create_req rq = { { SVNIC_MBOX_OP_VIF_CREATE, sizeof(rq), 0 }, { 0 }, vlan, 0, 0, 0, 0 };
	struct svnic_mbox_vif_create_rsp rs;
	memcpy(rq.mac, mac, 6);
	unsigned st = exec(&rq, sizeof(rq), &rs, sizeof(rs));
	if (st == SVNIC_MBOX_ST_OK)
		*vif = rs.vif;
	return st;
}

static unsigned vif_set(uint32_t vif, uint32_t set, uint16_t vlan, uint8_t promisc, uint8_t allmulti)
{
	struct svnic_mbox_vif_set_req rq = { { SVNIC_MBOX_OP_VIF_SET, sizeof(rq), vif }, set, vlan, promisc, allmulti,
					     0, 0, 0, 0 };
	return exec(&rq, sizeof(rq), NULL, 0);
}

static unsigned destroy(uint32_t vif)
{
	struct svnic_mbox_hdr rq = { SVNIC_MBOX_OP_VIF_DESTROY, sizeof(rq), vif };
	return exec(&rq, sizeof(rq), NULL, 0);
}

static uint32_t reg(uint32_t off) { return hal.reg[off / 4]; }
static uint32_t attr(uint32_t vif) { return reg(SVNIC_FW_VIF_REG(vif, SVNIC_FW_VIF_ATTR)); }

static unsigned bucket(const uint8_t mac[6], unsigned vlan) { return fw_fdb_hash(mac, vlan) % BUCKETS; }

/* The last table write the datapath saw was (mac, vlan) -> vif at idx. */
static void assert_last_write(unsigned idx, const uint8_t mac[6], unsigned vlan, unsigned vif)
{
	assert_int_equal(reg(SVNIC_FW_FDB_WRITE), idx);
	assert_int_equal(reg(SVNIC_FW_FDB_MAC_LO),
			 (uint32_t)mac[0] | (uint32_t)mac[1] << 8 | (uint32_t)mac[2] << 16 | (uint32_t)mac[3] << 24);
	assert_int_equal(reg(SVNIC_FW_FDB_MAC_HI), (uint32_t)mac[4] | (uint32_t)mac[5] << 8);
	assert_int_equal(reg(SVNIC_FW_FDB_ENTRY), SVNIC_FDB_ENTRY_VALID | vif << SVNIC_FDB_ENTRY_VIF_SHIFT | vlan);
}

static void assert_last_clear(unsigned idx)
{
	assert_int_equal(reg(SVNIC_FW_FDB_WRITE), idx);
	assert_int_equal(reg(SVNIC_FW_FDB_ENTRY) & SVNIC_FDB_ENTRY_VALID, 0);
}

static const uint8_t mac_a[6] = { 0x02, 0, 0, 0, 0, 0x0a };

static void hash_matches_rtl_reference(void **state)
{
	(void)state;
	/* fdb_hash() of tests/rtl/test_fdb.c on the same keys */
	static const struct {
		uint8_t mac[6];
		unsigned vlan;
		uint16_t hash;
	} v[] = {
		{ { 0x02, 0, 0, 0, 0, 0x0a }, 0, 0x4b4f },
		{ { 0x02, 0, 0, 0, 0, 0x0a }, 10, 0xb801 },
		{ { 0x02, 0, 0, 0, 0, 0x0a }, 20, 0xbdf2 },
		{ { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff }, 0, 0x7ad0 },
		{ { 0x02, 0, 0x5e, 0, 0, 0x01 }, 10, 0x3e6c },
		{ { 0, 0, 0, 0, 0, 0 }, 0, 0xed0f },
		{ { 0x01, 0, 0x5e, 0, 0, 0x01 }, 4094, 0x3993 },
	};
	for (unsigned i = 0; i < sizeof(v) / sizeof(v[0]); i++)
		assert_int_equal(fw_fdb_hash(v[i].mac, v[i].vlan), v[i].hash);
	/* only the 12 bits of the VLAN id are part of the key */
	assert_int_equal(fw_fdb_hash(mac_a, 0x100a), fw_fdb_hash(mac_a, 10));
}

static void create_programs_entry_and_attr(void **state)
{
	(void)state;
	uint32_t vif = 99;
	assert_int_equal(create(mac_a, 10, &vif), SVNIC_MBOX_ST_OK);
	assert_int_equal(vif, 0);
	unsigned idx = bucket(mac_a, 10) * WAYS;
	assert_last_write(idx, mac_a, 10, 0);
	assert_int_equal(attr(0), SVNIC_VIF_ATTR_ENABLE | 10);
	assert_true(card.vif[0].fdb_valid);
	assert_int_equal(card.vif[0].fdb_index, idx);

	/* the same MAC on another VLAN is another key; on the same VLAN it exists */
	assert_int_equal(create(mac_a, 10, &vif), SVNIC_MBOX_ST_EXISTS);
	assert_int_equal(create(mac_a, 0, &vif), SVNIC_MBOX_ST_OK);
	assert_int_equal(vif, 1);
	assert_last_write(bucket(mac_a, 0) * WAYS, mac_a, 0, 1);
	assert_int_equal(attr(1), SVNIC_VIF_ATTR_ENABLE);

	/* VLAN ids: 4094 is the last one, 4095 and above are refused */
	const uint8_t mac_b[6] = { 0x02, 0, 0, 0, 0, 0x0b };
	assert_int_equal(create(mac_b, 4095, &vif), SVNIC_MBOX_ST_BAD_ARG);
	assert_int_equal(create(mac_b, 0xffff, &vif), SVNIC_MBOX_ST_BAD_ARG);
	assert_int_equal(create(mac_b, SVNIC_VLAN_MAX, &vif), SVNIC_MBOX_ST_OK);
	assert_int_equal(attr(vif), SVNIC_VIF_ATTR_ENABLE | SVNIC_VLAN_MAX);

	/* destroy disables the VIF and clears its entry; the way is free again */
	assert_int_equal(destroy(0), SVNIC_MBOX_ST_OK);
	assert_int_equal(attr(0), 0);
	assert_last_clear(idx);
	assert_false(card.vif[0].fdb_valid);
	assert_int_equal(create(mac_a, 10, &vif), SVNIC_MBOX_ST_OK);
	assert_int_equal(vif, 0);
	assert_int_equal(card.vif[0].fdb_index, idx);
}

static void set_changes_vlan_and_flags(void **state)
{
	(void)state;
	uint32_t vif = 99, other = 99;
	assert_int_equal(create(mac_a, 10, &vif), SVNIC_MBOX_ST_OK);
	unsigned old = card.vif[vif].fdb_index;

	assert_int_equal(vif_set(vif, SVNIC_VIF_SET_PROMISC | SVNIC_VIF_SET_ALLMULTI, 0, 1, 1), SVNIC_MBOX_ST_OK);
	assert_int_equal(attr(vif), SVNIC_VIF_ATTR_ENABLE | SVNIC_VIF_ATTR_PROMISC | SVNIC_VIF_ATTR_ALLMULTI | 10);
	assert_int_equal(card.vif[vif].fdb_index, old); /* no VLAN bit: the VLAN stays */

	/* a new VLAN: a new entry, then the attribute, then the old entry goes */
	assert_int_equal(vif_set(vif, SVNIC_VIF_SET_VLAN | SVNIC_VIF_SET_PROMISC, 20, 0, 0), SVNIC_MBOX_ST_OK);
	assert_int_equal(attr(vif), SVNIC_VIF_ATTR_ENABLE | SVNIC_VIF_ATTR_ALLMULTI | 20);
	assert_last_clear(old);
	assert_int_equal(card.vif[vif].fdb_index, bucket(mac_a, 20) * WAYS);

	struct svnic_mbox_hdr q = { SVNIC_MBOX_OP_VIF_QUERY, sizeof(q), vif };
	struct svnic_mbox_vif_query_rsp r;
	assert_int_equal(exec(&q, sizeof(q), &r, sizeof(r)), SVNIC_MBOX_ST_OK);
	assert_int_equal(r.h.len, sizeof(r));
	assert_int_equal(r.vlan, 20);
	assert_int_equal(r.promisc, 0);
	assert_int_equal(r.allmulti, 1);

	/* refusals change nothing */
	uint32_t before = attr(vif);
	assert_int_equal(vif_set(vif, SVNIC_VIF_SET_VLAN, 4095, 0, 0), SVNIC_MBOX_ST_BAD_ARG);
	assert_int_equal(vif_set(vif, SVNIC_VIF_SET_PROMISC, 0, 2, 0), SVNIC_MBOX_ST_BAD_ARG);
	assert_int_equal(vif_set(vif, SVNIC_VIF_SET_ALL + 1, 0, 0, 0), SVNIC_MBOX_ST_BAD_ARG);
	assert_int_equal(vif_set(5, SVNIC_VIF_SET_VLAN, 1, 0, 0), SVNIC_MBOX_ST_BAD_VIF);
	assert_int_equal(vif_set(0xffffffffu, SVNIC_VIF_SET_VLAN, 1, 0, 0), SVNIC_MBOX_ST_BAD_VIF);
	assert_int_equal(create(mac_a, 30, &other), SVNIC_MBOX_ST_OK);
	assert_int_equal(vif_set(vif, SVNIC_VIF_SET_VLAN, 30, 0, 0), SVNIC_MBOX_ST_EXISTS);
	assert_int_equal(attr(vif), before);
	assert_int_equal(card.vif[vif].vlan, 20);
	struct svnic_mbox_vif_set_req shortrq = { { SVNIC_MBOX_OP_VIF_SET, sizeof(shortrq) - 4, vif }, 1, 0, 0, 0, 0, 0, 0, 0 };
	assert_int_equal(exec(&shortrq, sizeof(shortrq), NULL, 0), SVNIC_MBOX_ST_BAD_LENGTH);
}

/* Five MACs whose keys on `vlan` share one bucket. */
static void same_bucket(unsigned vlan, uint8_t macs[5][6])
{
	unsigned n = 0, want = 0;
	for (unsigned i = 1; n < 5 && i < 100000; i++) {
		uint8_t m[6] = { 0x02, 0x5e, 0, (uint8_t)(i >> 16), (uint8_t)(i >> 8), (uint8_t)i };
		if (n == 0)
			want = bucket(m, vlan);
		if (bucket(m, vlan) == want)
			memcpy(macs[n++], m, 6);
	}
	assert_int_equal(n, 5);
}

static void full_bucket_refuses_create_and_set(void **state)
{
	(void)state;
	uint8_t m[5][6];
	uint32_t vif = 99;
	same_bucket(7, m);
	for (unsigned i = 0; i < WAYS; i++) {
		assert_int_equal(create(m[i], 7, &vif), SVNIC_MBOX_ST_OK);
		assert_int_equal(card.vif[vif].fdb_index, bucket(m[0], 7) * WAYS + i);
	}
	uint32_t last_write = reg(SVNIC_FW_FDB_WRITE);
	assert_int_equal(create(m[4], 7, &vif), SVNIC_MBOX_ST_NO_SPACE);
	assert_int_equal(reg(SVNIC_FW_FDB_WRITE), last_write); /* nothing written */
	assert_int_equal(card.vif[4].state, SVNIC_VIF_FREE);
	assert_int_equal(attr(4), 0);
	/* the VIF on another VLAN fits, and cannot move into the full bucket */
	assert_int_equal(create(m[4], 8, &vif), SVNIC_MBOX_ST_OK);
	assert_int_equal(vif, 4);
	unsigned idx = card.vif[4].fdb_index;
	assert_int_equal(vif_set(4, SVNIC_VIF_SET_VLAN | SVNIC_VIF_SET_PROMISC, 7, 1, 0), SVNIC_MBOX_ST_NO_SPACE);
	assert_int_equal(card.vif[4].vlan, 8);
	assert_int_equal(card.vif[4].fdb_index, idx);
	assert_int_equal(attr(4), SVNIC_VIF_ATTR_ENABLE | 8);
	/* room again once one of the four goes */
	assert_int_equal(destroy(2), SVNIC_MBOX_ST_OK);
	assert_int_equal(vif_set(4, SVNIC_VIF_SET_VLAN, 7, 0, 0), SVNIC_MBOX_ST_OK);
	assert_int_equal(card.vif[4].fdb_index, bucket(m[0], 7) * WAYS + 2);
	assert_int_equal(attr(4), SVNIC_VIF_ATTR_ENABLE | 7);
}

static void datapath_refusal_creates_nothing(void **state)
{
	(void)state;
	uint32_t vif = 99;
	/* the datapath hashed the key elsewhere (a mirror out of step) */
	hal.reg[SVNIC_FW_FDB_STATUS / 4] = SVNIC_FDB_STATUS_REFUSED;
	assert_int_equal(create(mac_a, 0, &vif), SVNIC_MBOX_ST_BAD_STATE);
	assert_int_equal(card.vif[0].state, SVNIC_VIF_FREE);
	assert_int_equal(attr(0), 0);
	hal.reg[SVNIC_FW_FDB_STATUS / 4] = 0;
	assert_int_equal(create(mac_a, 0, &vif), SVNIC_MBOX_ST_OK);
	/* the way it tried was not kept as used */
	assert_int_equal(card.vif[0].fdb_index, bucket(mac_a, 0) * WAYS);
}

static void bad_geometry_stops_init(void **state)
{
	(void)state;
	fake_hal_reset(&hal, 4, 2);
	hal.reg[SVNIC_FW_FDB_GEOMETRY / 4] = 0;
	assert_int_equal(fw_init(&card, &hal), -1);
	hal.reg[SVNIC_FW_FDB_GEOMETRY / 4] = 4u << 24 | 100u; /* not a power of two */
	assert_int_equal(fw_init(&card, &hal), -1);
	hal.reg[SVNIC_FW_FDB_GEOMETRY / 4] = 4u << 24 | (FW_FDB_MAX_ENTRIES * 2u);
	assert_int_equal(fw_init(&card, &hal), -1);
	hal.reg[SVNIC_FW_FDB_GEOMETRY / 4] = 2u << 24 | 16u;
	assert_int_equal(fw_init(&card, &hal), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(hash_matches_rtl_reference),
		cmocka_unit_test_setup(create_programs_entry_and_attr, setup),
		cmocka_unit_test_setup(set_changes_vlan_and_flags, setup),
		cmocka_unit_test_setup(full_bucket_refuses_create_and_set, setup),
		cmocka_unit_test_setup(datapath_refusal_creates_nothing, setup),
		cmocka_unit_test(bad_geometry_stops_init),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
