/* SPDX-License-Identifier: MIT */
/*
 * Forwarding table writes. The datapath refuses an entry whose key does not
 * hash to the bucket of its index, so the hash here must be the RTL's bit
 * for bit (tests/firmware/test_fdb.c checks it against values from the RTL
 * testbench's reference).
 */
#include "fw/fdb.h"
#include "fw/fw.h"
#include "svnic/mbox.h"
#include "svnic/regs.h"

/* Register reads to wait for the table to finish clearing after reset
 * (it takes one cycle per bucket; a read takes several). */
#define FDB_BUSY_READS 100000u

uint16_t fw_fdb_hash(const uint8_t mac[6], unsigned vlan)
{
	uint64_t key = (uint64_t)(vlan & 0xfffu) << 48;
	for (unsigned i = 0; i < 6; i++)
		key |= (uint64_t)mac[i] << (8 * i);
	uint16_t crc = 0xffff;
	for (int i = 59; i >= 0; i--) {
		unsigned fb = ((unsigned)(crc >> 15) ^ (unsigned)(key >> i)) & 1u;
		crc = (uint16_t)(crc << 1);
		if (fb)
			crc ^= 0x1021;
	}
	return crc;
}

static bool is_pow2(uint32_t x) { return x != 0 && (x & (x - 1u)) == 0; }

int fw_fdb_init(struct fw_card *c)
{
	uint32_t g = fw_hal_reg_read(c->hal, SVNIC_FW_FDB_GEOMETRY);
	uint32_t entries = g & 0xffffffu, ways = g >> 24;
	if (!is_pow2(entries) || !is_pow2(ways) || entries < 2u * ways || entries > FW_FDB_MAX_ENTRIES ||
	    entries / ways > 65536u)
		return -1;
	c->fdb_entries = entries;
	c->fdb_ways = ways;
	for (unsigned i = 0; i < sizeof(c->fdb_used) / sizeof(c->fdb_used[0]); i++)
		c->fdb_used[i] = 0;
	return 0;
}

static bool used(const struct fw_card *c, unsigned i) { return (c->fdb_used[i / 32u] >> (i % 32u)) & 1u; }

static void mark(struct fw_card *c, unsigned i, bool on)
{
	if (on)
		c->fdb_used[i / 32u] |= 1u << (i % 32u);
	else
		c->fdb_used[i / 32u] &= ~(1u << (i % 32u));
}

/* FDB_STATUS once it is not busy, or BUSY if it never came: writes to the
 * table while it clears after reset are lost, and a write's refusal is
 * known only once the datapath checked it. */
static uint32_t wait_ready(struct fw_card *c)
{
	for (unsigned i = 0; i < FDB_BUSY_READS; i++) {
		uint32_t st = fw_hal_reg_read(c->hal, SVNIC_FW_FDB_STATUS);
		if (!(st & SVNIC_FDB_STATUS_BUSY))
			return st;
	}
	return SVNIC_FDB_STATUS_BUSY;
}

static bool write_entry(struct fw_card *c, unsigned index, bool valid, const uint8_t *mac, unsigned vlan,
			unsigned vif)
{
	if (wait_ready(c) & SVNIC_FDB_STATUS_BUSY)
		return false;
	uint32_t lo = 0, hi = 0, e = 0;
	if (valid) {
		lo = (uint32_t)mac[0] | (uint32_t)mac[1] << 8 | (uint32_t)mac[2] << 16 | (uint32_t)mac[3] << 24;
		hi = (uint32_t)mac[4] | (uint32_t)mac[5] << 8;
		e = SVNIC_FDB_ENTRY_VALID | vif << SVNIC_FDB_ENTRY_VIF_SHIFT | (vlan & SVNIC_VIF_ATTR_VLAN_MASK);
	}
	fw_hal_reg_write(c->hal, SVNIC_FW_FDB_MAC_LO, lo);
	fw_hal_reg_write(c->hal, SVNIC_FW_FDB_MAC_HI, hi);
	fw_hal_reg_write(c->hal, SVNIC_FW_FDB_ENTRY, e);
	fw_hal_reg_write(c->hal, SVNIC_FW_FDB_WRITE, index);
	return wait_ready(c) == 0;
}

int fw_fdb_add(struct fw_card *c, unsigned vif, const uint8_t mac[6], unsigned vlan)
{
	if (c->fdb_ways == 0)
		return -2;
	unsigned buckets = c->fdb_entries / c->fdb_ways;
	unsigned first = (fw_fdb_hash(mac, vlan) % buckets) * c->fdb_ways;
	for (unsigned w = 0; w < c->fdb_ways; w++) {
		if (used(c, first + w))
			continue;
		if (!write_entry(c, first + w, true, mac, vlan, vif))
			return -2;
		mark(c, first + w, true);
		return (int)(first + w);
	}
	return -1;
}

void fw_fdb_remove(struct fw_card *c, unsigned index)
{
	if (index >= c->fdb_entries)
		return;
	/* A clearing write is never refused; if the table is still busy the
	 * entry is gone anyway (the clearing sweep empties it). */
	write_entry(c, index, false, 0, 0, 0);
	mark(c, index, false);
}

void fw_fdb_set_attr(struct fw_card *c, unsigned vif, bool enable, unsigned vlan, bool promisc,
		     bool allmulti)
{
	uint32_t a = (vlan & SVNIC_VIF_ATTR_VLAN_MASK) | (enable ? SVNIC_VIF_ATTR_ENABLE : 0u) |
		     (promisc ? SVNIC_VIF_ATTR_PROMISC : 0u) | (allmulti ? SVNIC_VIF_ATTR_ALLMULTI : 0u);
	wait_ready(c);
	fw_hal_reg_write(c->hal, SVNIC_FW_VIF_REG(vif, SVNIC_FW_VIF_ATTR), a);
}

void fw_fdb_program_vif(struct fw_card *c, unsigned vif)
{
	const struct fw_vif *v = &c->vif[vif];
	fw_fdb_set_attr(c, vif, v->state != SVNIC_VIF_FREE, v->vlan, fw_vif_promisc(v),
			fw_vif_allmulti(v));
}
