/* SPDX-License-Identifier: MIT */
/*
 * The control virtqueue on the live firmware, against the stand-in datapath:
 * commands in split and packed rings answered with their ack byte and a used
 * entry, what they change reaching the datapath's registers and forwarding
 * table, QUEUE_ATTACH of the control queue only with VIRTIO_NET_F_CTRL_VQ,
 * VIF reset undoing the driver's changes, and malformed chains putting only
 * their own VIF into NEEDS_RESET.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "fake_hal.h"
#include "fw/ctrlq.h"
#include "fw/fdb.h"
#include "fw/fw.h"
#include "fw/vring_packed.h"
#include "svnic/mbox.h"
#include "svnic/regs.h"
#include "svnic/virtio.h"

static struct fw_hal hal;
static struct fw_card card;

#define CTRLQ 2u /* the control queue of a one-pair VIF */
#define QPV 4u
#define QSIZE 16u
#define F_N SVNIC_VRING_DESC_F_NEXT
#define F_W SVNIC_VRING_DESC_F_WRITE
#define BIT(b) SVNIC_VIRTIO_BIT(b)
#define FEAT_CTRL                                                                          \
	(BIT(SVNIC_VIRTIO_F_VERSION_1) | BIT(SVNIC_VIRTIO_NET_F_CTRL_VQ) |                  \
	 BIT(SVNIC_VIRTIO_NET_F_CTRL_RX) | BIT(SVNIC_VIRTIO_NET_F_CTRL_MAC_ADDR) |          \
	 BIT(SVNIC_VIRTIO_NET_F_CTRL_VLAN))
#define FEAT_PACKED (FEAT_CTRL | BIT(SVNIC_VIRTIO_F_RING_PACKED))
#define MEM(off) (FAKE_MEM_BASE + (off))
#define ACK_UNSET 0xeeu

/* The driver's side of a control queue, split or packed. */
struct cq {
	uint32_t vif;
	bool packed;
	uint64_t desc, avail, used; /* packed: ring, driver and device event areas */
	uint16_t next;              /* split: avail index; packed: next descriptor */
	bool wrap;                  /* packed: the driver's wrap counter */
	uint64_t buf;               /* where the command bytes go */
};

static int setup(void **state)
{
	(void)state;
	fake_hal_reset(&hal, 4, QPV);
	assert_int_equal(fw_init(&card, &hal), 0);
	return 0;
}

static unsigned exec(const void *req, unsigned len, void *rsp, unsigned rsp_len)
{
	return fake_mbox_exec(&hal, &card, req, len, rsp, rsp_len);
}

/* A VIF with all of the fake memory mapped and the given features. */
static uint32_t make_vif(uint8_t n, uint64_t features)
{
	return fake_make_vif(&hal, &card, n, features);
}

static struct svnic_mbox_queue_attach_req attach_req(uint32_t vif, uint32_t q, bool packed,
						     uint64_t base)
{
	struct svnic_mbox_queue_attach_req a;
	memset(&a, 0, sizeof(a));
	a.h = (struct svnic_mbox_hdr){ SVNIC_MBOX_OP_QUEUE_ATTACH, sizeof(a), vif };
	a.queue = q;
	a.size = QSIZE;
	a.desc = MEM(base);
	a.avail = MEM(base + 0x400);
	a.used = MEM(base + 0x800);
	a.vector = vif * QPV + q;
	if (packed) {
		a.flags = SVNIC_QUEUE_F_PACKED;
		a.avail_idx = a.used_idx = SVNIC_QUEUE_IDX_WRAP;
	}
	return a;
}

/* Attach the control queue of `vif`, its rings at base, its buffers after. */
static struct cq attach_cq(uint32_t vif, bool packed, uint64_t base)
{
	struct cq q = { vif, packed, MEM(base), MEM(base + 0x400), MEM(base + 0x800), 0, true,
			MEM(base + 0x1000) };
	memset(fake_host(&hal, q.desc), 0, 0x1000);
	struct svnic_mbox_queue_attach_req a = attach_req(vif, CTRLQ, packed, base);
	assert_int_equal(exec(&a, sizeof(a), NULL, 0), SVNIC_MBOX_ST_OK);
	return q;
}

/* One buffer of a chain: `len` bytes at `off` into the queue's buffer area. */
struct piece {
	uint32_t off, len;
	bool writable;
};

/* Post a chain of n pieces and ring the queue's doorbell. */
static void post(struct cq *q, const struct piece *p, unsigned n)
{
	if (!q->packed) {
		/* One chain at a time: it always starts at descriptor 0. */
		for (unsigned i = 0; i < n; i++) {
			struct svnic_vring_desc d = { q->buf + p[i].off, p[i].len,
						      (uint16_t)((i + 1 < n ? F_N : 0) |
								 (p[i].writable ? F_W : 0)),
						      (uint16_t)(i + 1) };
			memcpy(fake_host(&hal, q->desc + 16u * i), &d, 16);
		}
		uint16_t zero = 0;
		memcpy(fake_host(&hal, q->avail + SVNIC_VRING_AVAIL_RING_OFF(q->next % QSIZE)), &zero,
		       2);
		q->next++;
		memcpy(fake_host(&hal, q->avail + SVNIC_VRING_AVAIL_IDX_OFF), &q->next, 2);
	} else {
		/* The head's flags last, as a driver makes a chain available. */
		uint16_t first = q->next;
		uint16_t head_flags = 0;
		for (unsigned i = 0; i < n; i++) {
			uint16_t fl = (uint16_t)((i + 1 < n ? F_N : 0) | (p[i].writable ? F_W : 0));
			fl |= q->wrap ? FW_PACKED_DESC_F_AVAIL : FW_PACKED_DESC_F_USED;
			struct fw_packed_desc d = { q->buf + p[i].off, p[i].len, 7, i == 0 ? 0 : fl };
			if (i == 0)
				head_flags = fl;
			memcpy(fake_host(&hal, q->desc + 16u * q->next), &d, 16);
			if (++q->next == QSIZE) {
				q->next = 0;
				q->wrap = !q->wrap;
			}
		}
		memcpy(fake_host(&hal, q->desc + 16u * first + 14u), &head_flags, 2);
	}
	hal.reg[SVNIC_FW_DB_PENDING / 4] |= 1u << (q->vif * QPV + CTRLQ);
}

/* A command with its data in one readable buffer after the header, and the
 * ack in a writable one: the layout Linux and DPDK use. */
static void send_cmd(struct cq *q, uint8_t cls, uint8_t cmd, const void *data, uint32_t n)
{
	uint8_t *b = fake_host(&hal, q->buf);
	b[0] = cls;
	b[1] = cmd;
	memcpy(b + 0x10, data, n);
	b[0x300] = ACK_UNSET;
	struct piece p[3] = { { 0, 2, false }, { 0x10, n, false }, { 0x300, 1, true } };
	if (n == 0) {
		p[1] = p[2];
		post(q, p, 2);
	} else {
		post(q, p, 3);
	}
}

static uint8_t ack(const struct cq *q)
{
	return *(uint8_t *)fake_host(&hal, q->buf + 0x300);
}

static void run(void)
{
	for (unsigned i = 0; i < 4; i++)
		fw_poll(&card);
}

static uint32_t attr(uint32_t vif)
{
	return hal.reg[SVNIC_FW_VIF_REG(vif, SVNIC_FW_VIF_ATTR) / 4];
}

static struct svnic_mbox_vif_query_rsp query(uint32_t vif)
{
	struct svnic_mbox_hdr rq = { SVNIC_MBOX_OP_VIF_QUERY, sizeof(rq), vif };
	struct svnic_mbox_vif_query_rsp rs;
	assert_int_equal(exec(&rq, sizeof(rq), &rs, sizeof(rs)), SVNIC_MBOX_ST_OK);
	return rs;
}

static bool fdb_used(unsigned i)
{
	return (card.fdb_used[i / 32u] >> (i % 32u)) & 1u;
}

static unsigned bucket_of(const uint8_t *mac, unsigned vlan)
{
	unsigned buckets = card.fdb_entries / card.fdb_ways;
	return fw_fdb_hash(mac, vlan) % buckets;
}

/* Occupy every way of the bucket `mac` hashes to, as other keys would. */
static void fill_bucket(const uint8_t *mac, unsigned vlan)
{
	unsigned first = bucket_of(mac, vlan) * card.fdb_ways;
	for (unsigned w = 0; w < card.fdb_ways; w++)
		card.fdb_used[(first + w) / 32u] |= 1u << ((first + w) % 32u);
}

/* ---- tests ---- */

static void split_rx_mode_reaches_attributes(void **state)
{
	(void)state;
	uint32_t vif = make_vif(1, FEAT_CTRL);
	struct cq q = attach_cq(vif, false, 0x0000);
	uint64_t irqs = hal.irqs;

	uint8_t on = 1, off = 0;
	send_cmd(&q, FW_VIRTIO_NET_CTRL_RX, FW_VIRTIO_NET_CTRL_RX_PROMISC, &on, 1);
	run();
	assert_int_equal(ack(&q), FW_VIRTIO_NET_OK);
	uint16_t uidx;
	memcpy(&uidx, fake_host(&hal, q.used + SVNIC_VRING_USED_IDX_OFF), 2);
	assert_int_equal(uidx, 1);
	struct svnic_vring_used_elem e;
	memcpy(&e, fake_host(&hal, q.used + SVNIC_VRING_USED_RING_OFF(0)), sizeof(e));
	assert_int_equal(e.id, 0);
	assert_int_equal(e.len, 1);
	assert_true(hal.irqs > irqs);
	assert_int_equal(hal.last_irq, vif * QPV + CTRLQ);
	assert_true(attr(vif) & SVNIC_VIF_ATTR_PROMISC);
	assert_false(attr(vif) & SVNIC_VIF_ATTR_ALLMULTI);
	assert_true(attr(vif) & SVNIC_VIF_ATTR_ENABLE);
	assert_int_equal(query(vif).promisc, 1);

	send_cmd(&q, FW_VIRTIO_NET_CTRL_RX, FW_VIRTIO_NET_CTRL_RX_ALLMULTI, &on, 1);
	run();
	assert_int_equal(ack(&q), FW_VIRTIO_NET_OK);
	assert_true(attr(vif) & SVNIC_VIF_ATTR_ALLMULTI);
	send_cmd(&q, FW_VIRTIO_NET_CTRL_RX, FW_VIRTIO_NET_CTRL_RX_PROMISC, &off, 1);
	run();
	assert_int_equal(ack(&q), FW_VIRTIO_NET_OK);
	assert_false(attr(vif) & SVNIC_VIF_ATTR_PROMISC);
	assert_true(attr(vif) & SVNIC_VIF_ATTR_ALLMULTI);
	struct svnic_mbox_vif_query_rsp r = query(vif);
	assert_int_equal(r.promisc, 0);
	assert_int_equal(r.allmulti, 1);
	assert_int_equal(r.queues, 1u << CTRLQ);
	assert_int_equal(r.state, SVNIC_VIF_RUNNING);

	/* A command the VIF did not negotiate the feature of: ERR, nothing
	 * changes, and the queue goes on. */
	uint16_t pairs = 1;
	send_cmd(&q, FW_VIRTIO_NET_CTRL_MQ, FW_VIRTIO_NET_CTRL_MQ_VQ_PAIRS_SET, &pairs, 2);
	run();
	assert_int_equal(ack(&q), FW_VIRTIO_NET_ERR);
	assert_int_equal(query(vif).state, SVNIC_VIF_RUNNING);

	/* VLAN filter: accepted and stored, the datapath untouched. */
	uint32_t before = attr(vif);
	uint16_t id = 5;
	send_cmd(&q, FW_VIRTIO_NET_CTRL_VLAN, FW_VIRTIO_NET_CTRL_VLAN_ADD, &id, 2);
	run();
	assert_int_equal(ack(&q), FW_VIRTIO_NET_OK);
	assert_true(fw_ctrl_vlan_allowed(&card.vif[vif].ctrl.cfg, 5));
	assert_int_equal(attr(vif), before);
}

static void packed_addr_set_moves_the_table_entry(void **state)
{
	(void)state;
	uint32_t vif = make_vif(1, FEAT_PACKED);
	struct cq q = attach_cq(vif, true, 0x0000);
	unsigned old = card.vif[vif].fdb_index;
	assert_true(fdb_used(old));

	const uint8_t mac[6] = { 0x02, 0xaa, 0xbb, 0xcc, 0xdd, 0x01 };
	send_cmd(&q, FW_VIRTIO_NET_CTRL_MAC, FW_VIRTIO_NET_CTRL_MAC_ADDR_SET, mac, 6);
	run();
	assert_int_equal(ack(&q), FW_VIRTIO_NET_OK);
	/* The used descriptor is written in place over the head, ID 7, one byte. */
	struct fw_packed_desc d;
	memcpy(&d, fake_host(&hal, q.desc), 16);
	assert_int_equal(d.id, 7);
	assert_int_equal(d.len, 1);
	assert_true(d.flags & FW_PACKED_DESC_F_USED);
	assert_true(d.flags & FW_PACKED_DESC_F_AVAIL);
	assert_int_equal(hal.last_irq, vif * QPV + CTRLQ);

	const struct fw_vif *v = &card.vif[vif];
	assert_memory_equal(v->mac, mac, 6);
	assert_memory_equal(v->ctrl.cfg.mac, mac, 6);
	assert_true(v->fdb_valid);
	assert_int_equal(v->fdb_index / card.fdb_ways, bucket_of(mac, 0));
	assert_true(fdb_used(v->fdb_index));
	assert_false(fdb_used(old));
	assert_memory_equal(query(vif).mac, mac, 6);

	/* A full bucket: ERR, and the address and the entry stay. */
	const uint8_t mac2[6] = { 0x02, 0xaa, 0xbb, 0xcc, 0xdd, 0x02 };
	fill_bucket(mac2, 0);
	unsigned idx = v->fdb_index;
	send_cmd(&q, FW_VIRTIO_NET_CTRL_MAC, FW_VIRTIO_NET_CTRL_MAC_ADDR_SET, mac2, 6);
	run();
	assert_int_equal(ack(&q), FW_VIRTIO_NET_ERR);
	assert_memory_equal(v->mac, mac, 6);
	assert_memory_equal(v->ctrl.cfg.mac, mac, 6);
	assert_int_equal(v->fdb_index, idx);
	assert_int_equal(v->ctrl.cnt.refused[FW_CTRL_R_NO_ROOM], 1);

	/* Another VIF's address: ERR too. */
	uint32_t other = make_vif(2, FEAT_PACKED);
	send_cmd(&q, FW_VIRTIO_NET_CTRL_MAC, FW_VIRTIO_NET_CTRL_MAC_ADDR_SET, card.vif[other].mac, 6);
	run();
	assert_int_equal(ack(&q), FW_VIRTIO_NET_ERR);
	assert_memory_equal(v->mac, mac, 6);

	/* Reset: back to the permanent address, the new entry freed. */
	struct svnic_mbox_hdr rst = { SVNIC_MBOX_OP_VIF_RESET, sizeof(rst), vif };
	assert_int_equal(exec(&rst, sizeof(rst), NULL, 0), SVNIC_MBOX_ST_OK);
	const uint8_t perm[6] = { 0x02, 0, 0, 0, 0, 1 };
	assert_memory_equal(v->mac, perm, 6);
	assert_memory_equal(v->ctrl.cfg.mac, perm, 6);
	assert_false(fdb_used(idx));
	assert_true(fdb_used(v->fdb_index));
}

/* TABLE_SET data: uc entries then mc entries. */
static uint32_t table(uint8_t *out, const uint8_t (*uc)[6], uint32_t nuc, const uint8_t (*mc)[6],
		      uint32_t nmc)
{
	uint32_t n = 0;
	memcpy(out + n, &nuc, 4);
	n += 4;
	memcpy(out + n, uc, 6u * nuc);
	n += 6u * nuc;
	memcpy(out + n, &nmc, 4);
	n += 4;
	memcpy(out + n, mc, 6u * nmc);
	return n + 6u * nmc;
}

static void mac_table_adds_entries_or_falls_back(void **state)
{
	(void)state;
	uint32_t vif = make_vif(1, FEAT_CTRL);
	struct cq q = attach_cq(vif, false, 0x0000);
	const struct fw_vif *v = &card.vif[vif];
	const uint8_t uc[1][6] = { { 0x02, 0x11, 0, 0, 0, 1 } };
	const uint8_t mc[2][6] = { { 0x01, 0x00, 0x5e, 0, 0, 1 }, { 0x33, 0x33, 0, 0, 0, 1 } };
	uint8_t data[64];
	uint32_t n = table(data, uc, 1, mc, 2);
	send_cmd(&q, FW_VIRTIO_NET_CTRL_MAC, FW_VIRTIO_NET_CTRL_MAC_TABLE_SET, data, n);
	run();
	assert_int_equal(ack(&q), FW_VIRTIO_NET_OK);
	assert_int_equal(v->nfilter, 3);
	for (unsigned i = 0; i < 3; i++)
		assert_true(fdb_used(v->filter[i]));
	assert_int_equal(v->filter[1] / card.fdb_ways, bucket_of(mc[0], 0));
	assert_false(attr(vif) & (SVNIC_VIF_ATTR_PROMISC | SVNIC_VIF_ATTR_ALLMULTI));
	unsigned first[3] = { v->filter[0], v->filter[1], v->filter[2] };

	/* The next table replaces it; a multicast address without room turns
	 * all-multicast on, a unicast one promiscuous. */
	const uint8_t mc2[1][6] = { { 0x01, 0x00, 0x5e, 0, 0, 9 } };
	const uint8_t uc2[1][6] = { { 0x02, 0x11, 0, 0, 0, 9 } };
	fill_bucket(mc2[0], 0);
	n = table(data, uc, 0, mc2, 1);
	send_cmd(&q, FW_VIRTIO_NET_CTRL_MAC, FW_VIRTIO_NET_CTRL_MAC_TABLE_SET, data, n);
	run();
	assert_int_equal(ack(&q), FW_VIRTIO_NET_OK);
	assert_int_equal(v->nfilter, 0);
	for (unsigned i = 0; i < 3; i++)
		assert_false(fdb_used(first[i]));
	assert_true(attr(vif) & SVNIC_VIF_ATTR_ALLMULTI);
	assert_false(attr(vif) & SVNIC_VIF_ATTR_PROMISC);
	assert_int_equal(query(vif).allmulti, 1);

	fill_bucket(uc2[0], 0);
	n = table(data, uc2, 1, mc2, 0);
	send_cmd(&q, FW_VIRTIO_NET_CTRL_MAC, FW_VIRTIO_NET_CTRL_MAC_TABLE_SET, data, n);
	run();
	assert_int_equal(ack(&q), FW_VIRTIO_NET_OK);
	assert_true(attr(vif) & SVNIC_VIF_ATTR_PROMISC);
	assert_false(attr(vif) & SVNIC_VIF_ATTR_ALLMULTI);

	/* An empty table ends the fallback. */
	n = table(data, uc2, 0, mc2, 0);
	send_cmd(&q, FW_VIRTIO_NET_CTRL_MAC, FW_VIRTIO_NET_CTRL_MAC_TABLE_SET, data, n);
	run();
	assert_int_equal(ack(&q), FW_VIRTIO_NET_OK);
	assert_false(attr(vif) & (SVNIC_VIF_ATTR_PROMISC | SVNIC_VIF_ATTR_ALLMULTI));
}

static void reset_undoes_the_drivers_rx_mode(void **state)
{
	(void)state;
	uint32_t vif = make_vif(1, FEAT_CTRL);
	struct cq q = attach_cq(vif, false, 0x0000);
	uint8_t on = 1;
	send_cmd(&q, FW_VIRTIO_NET_CTRL_RX, FW_VIRTIO_NET_CTRL_RX_PROMISC, &on, 1);
	run();
	assert_true(attr(vif) & SVNIC_VIF_ATTR_PROMISC);
	struct svnic_mbox_hdr rst = { SVNIC_MBOX_OP_VIF_RESET, sizeof(rst), vif };
	assert_int_equal(exec(&rst, sizeof(rst), NULL, 0), SVNIC_MBOX_ST_OK);
	assert_false(attr(vif) & SVNIC_VIF_ATTR_PROMISC);

	/* The host's setting is its own: a reset of the device keeps it. */
	struct svnic_mbox_vif_set_req s = { { SVNIC_MBOX_OP_VIF_SET, sizeof(s), vif },
					    SVNIC_VIF_SET_PROMISC, 0, 1, 0, 0, 0, 0, 0 };
	assert_int_equal(exec(&s, sizeof(s), NULL, 0), SVNIC_MBOX_ST_OK);
	assert_int_equal(exec(&rst, sizeof(rst), NULL, 0), SVNIC_MBOX_ST_OK);
	assert_true(attr(vif) & SVNIC_VIF_ATTR_PROMISC);
}

static void control_queue_needs_the_feature(void **state)
{
	(void)state;
	uint32_t vif = make_vif(1, BIT(SVNIC_VIRTIO_F_VERSION_1));
	struct svnic_mbox_queue_attach_req a = attach_req(vif, CTRLQ, false, 0);
	assert_int_equal(exec(&a, sizeof(a), NULL, 0), SVNIC_MBOX_ST_BAD_ARG);
	/* Queue 3 is past what the firmware serves. */
	uint32_t v2 = make_vif(2, FEAT_CTRL);
	a = attach_req(v2, 3, false, 0);
	assert_int_equal(exec(&a, sizeof(a), NULL, 0), SVNIC_MBOX_ST_BAD_ARG);
	a = attach_req(v2, CTRLQ, false, 0);
	assert_int_equal(exec(&a, sizeof(a), NULL, 0), SVNIC_MBOX_ST_OK);
}

static void two_queue_datapath_refuses_ctrl_vq(void **state)
{
	(void)state;
	fake_hal_reset(&hal, 4, 2);
	assert_int_equal(fw_init(&card, &hal), 0);
	struct svnic_mbox_vif_create_req rq = { { SVNIC_MBOX_OP_VIF_CREATE, sizeof(rq), 0 },
						{ 0x02, 0, 0, 0, 0, 1 }, 0, 0, 0, 0, 0 };
	struct svnic_mbox_vif_create_rsp rs;
	assert_int_equal(exec(&rq, sizeof(rq), &rs, sizeof(rs)), SVNIC_MBOX_ST_OK);
	struct svnic_mbox_vif_features_req f = { { SVNIC_MBOX_OP_VIF_SET_FEATURES, sizeof(f), rs.vif },
						 FEAT_CTRL };
	assert_int_equal(exec(&f, sizeof(f), NULL, 0), SVNIC_MBOX_ST_BAD_ARG);
	f.features = BIT(SVNIC_VIRTIO_F_VERSION_1);
	assert_int_equal(exec(&f, sizeof(f), NULL, 0), SVNIC_MBOX_ST_OK);
}

/* A malformed chain on VIF a fails a alone; b's control queue goes on. */
static void expect_fault(bool packed, const struct piece *p, unsigned n)
{
	uint64_t f = packed ? FEAT_PACKED : FEAT_CTRL;
	uint32_t a = make_vif(1, f), b = make_vif(2, f);
	struct cq qa = attach_cq(a, packed, 0x0000);
	struct cq qb = attach_cq(b, packed, 0x4000);
	uint8_t *buf = fake_host(&hal, qa.buf);
	buf[0] = FW_VIRTIO_NET_CTRL_RX;
	buf[1] = FW_VIRTIO_NET_CTRL_RX_PROMISC;
	buf[2] = 1;
	post(&qa, p, n);
	uint8_t on = 1;
	send_cmd(&qb, FW_VIRTIO_NET_CTRL_RX, FW_VIRTIO_NET_CTRL_RX_PROMISC, &on, 1);
	run();
	assert_int_equal(card.vif[a].state, SVNIC_VIF_NEEDS_RESET);
	assert_int_equal(card.vif[a].error, SVNIC_VIF_ERR_CTRL_CMD);
	assert_false(attr(a) & SVNIC_VIF_ATTR_PROMISC);
	assert_int_equal(card.vif[b].state, SVNIC_VIF_RUNNING);
	assert_int_equal(ack(&qb), FW_VIRTIO_NET_OK);
	assert_true(attr(b) & SVNIC_VIF_ATTR_PROMISC);
}

static void no_ack_byte(void **state)
{
	(void)state;
	const struct piece p[2] = { { 0, 2, false }, { 2, 1, false } };
	expect_fault(false, p, 2);
}

static void ack_before_the_command(void **state)
{
	(void)state;
	const struct piece p[3] = { { 0, 2, false }, { 0x300, 1, true }, { 2, 1, false } };
	expect_fault(false, p, 3);
}

static void ack_before_the_command_packed(void **state)
{
	(void)state;
	const struct piece p[3] = { { 0x300, 1, true }, { 0, 2, false }, { 2, 1, false } };
	expect_fault(true, p, 3);
}

static void readable_part_too_long(void **state)
{
	(void)state;
	const struct piece p[3] = { { 0, 2, false }, { 2, FW_CTRL_CMD_MAX, false },
				    { 0x1800, 1, true } };
	expect_fault(false, p, 3);
}

static void no_command_packed(void **state)
{
	(void)state;
	const struct piece p[1] = { { 0x300, 1, true } };
	expect_fault(true, p, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(split_rx_mode_reaches_attributes, setup),
		cmocka_unit_test_setup(packed_addr_set_moves_the_table_entry, setup),
		cmocka_unit_test_setup(mac_table_adds_entries_or_falls_back, setup),
		cmocka_unit_test_setup(reset_undoes_the_drivers_rx_mode, setup),
		cmocka_unit_test_setup(control_queue_needs_the_feature, setup),
		cmocka_unit_test_setup(two_queue_datapath_refuses_ctrl_vq, setup),
		cmocka_unit_test_setup(no_ack_byte, setup),
		cmocka_unit_test_setup(ack_before_the_command, setup),
		cmocka_unit_test_setup(ack_before_the_command_packed, setup),
		cmocka_unit_test_setup(readable_part_too_long, setup),
		cmocka_unit_test_setup(no_command_packed, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
