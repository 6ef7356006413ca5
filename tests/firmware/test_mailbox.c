/* SPDX-License-Identifier: MIT */
/* The firmware's mailbox: every command, and the refusals. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "fake_hal.h"
#include "fw/fw.h"
#include "svnic/mbox.h"
#include "svnic/regs.h"
#include "svnic/virtio.h"

static struct fw_hal hal;
static struct fw_card card;

static int setup(void **state)
{
	(void)state;
	fake_hal_reset(&hal, 4, 2);
	assert_int_equal(fw_init(&card, &hal), 0);
	return 0;
}

static unsigned exec(const void *req, unsigned len, void *rsp, unsigned rsp_len)
{
	return fake_mbox_exec(&hal, &card, req, len, rsp, rsp_len);
}

static unsigned create(const uint8_t mac[6], uint32_t *vif)
{
	struct svnic_mbox_vif_create_req rq = { { SVNIC_MBOX_OP_VIF_CREATE, sizeof(rq), 0 }, { 0 }, 0, 0, 0, 0, 0 };
	struct svnic_mbox_vif_create_rsp rs;
	memcpy(rq.mac, mac, 6);
	unsigned st = exec(&rq, sizeof(rq), &rs, sizeof(rs));
	if (st == SVNIC_MBOX_ST_OK)
		*vif = rs.vif;
	return st;
}

static unsigned map(uint32_t vif, uint64_t iova, uint64_t len)
{
	struct svnic_mbox_dma_req rq = { { SVNIC_MBOX_OP_DMA_MAP, sizeof(rq), vif }, iova, len };
	return exec(&rq, sizeof(rq), NULL, 0);
}

static const uint8_t mac_a[6] = { 0x02, 0, 0, 0, 0, 0xa };

static void card_info(void **state)
{
	(void)state;
	struct svnic_mbox_hdr rq = { SVNIC_MBOX_OP_CARD_INFO, sizeof(rq), 0 };
	struct svnic_mbox_card_info_rsp rs;
	assert_int_equal(exec(&rq, sizeof(rq), &rs, sizeof(rs)), SVNIC_MBOX_ST_OK);
	assert_int_equal(rs.h.len, sizeof(rs));
	assert_int_equal(rs.num_vifs, 4);
	assert_int_equal(rs.fw_version, FW_VERSION);
	assert_int_equal(rs.abi_version, SVNIC_MBOX_ABI_VERSION);
	assert_int_equal(rs.max_frame, 1518);
}

/* The frame limit comes from the datapath's build registers, not from a
 * constant; a limit its buffers cannot hold, or none, is refused. */
static void card_info_reports_the_build(void **state)
{
	(void)state;
	struct svnic_mbox_hdr rq = { SVNIC_MBOX_OP_CARD_INFO, sizeof(rq), 0 };
	struct svnic_mbox_card_info_rsp rs;

	hal.reg[SVNIC_FW_TXBUF_BYTES / 4] = 16384u;
	fake_hal_set_rx_share(&hal, 32768u);
	hal.reg[SVNIC_FW_MAX_FRAME / 4] = 9018u;
	assert_int_equal(fw_init(&card, &hal), 0);
	assert_int_equal(card.txbuf_bytes, 16384u);
	assert_int_equal(card.rxbuf_bytes, 32768u);
	assert_int_equal(exec(&rq, sizeof(rq), &rs, sizeof(rs)), SVNIC_MBOX_ST_OK);
	assert_int_equal(rs.max_frame, 9018);

	hal.reg[SVNIC_FW_TXBUF_BYTES / 4] = 8192u;
	assert_int_equal(fw_init(&card, &hal), -1);
	hal.reg[SVNIC_FW_TXBUF_BYTES / 4] = 16384u;
	hal.reg[SVNIC_FW_MAX_FRAME / 4] = 0;
	assert_int_equal(fw_init(&card, &hal), -1);

	/* A 2.0 datapath has no build registers: its sizes are known. */
	hal.reg[SVNIC_FW_VERSION / 4] = 0x00020000u;
	assert_int_equal(fw_init(&card, &hal), 0);
	assert_int_equal(card.max_frame, 1518u);
	assert_int_equal(card.rxbuf_bytes, 16384u);
}

static void create_programs_mac_and_refuses_bad_ones(void **state)
{
	(void)state;
	uint32_t vif = 99;
	assert_int_equal(create(mac_a, &vif), SVNIC_MBOX_ST_OK);
	assert_int_equal(vif, 0);
	/* the forwarding entry (test_fdb.c has the details) and the VIF enabled */
	assert_int_equal(hal.reg[SVNIC_FW_FDB_MAC_LO / 4], 0x00000002);
	assert_int_equal(hal.reg[SVNIC_FW_FDB_MAC_HI / 4], 0x0a00);
	assert_int_equal(hal.reg[SVNIC_FW_VIF_REG(0, SVNIC_FW_VIF_ATTR) / 4], SVNIC_VIF_ATTR_ENABLE);
	assert_int_equal(create(mac_a, &vif), SVNIC_MBOX_ST_EXISTS);
	const uint8_t mcast[6] = { 0x01, 0, 0x5e, 0, 0, 1 }, zero[6] = { 0 };
	assert_int_equal(create(mcast, &vif), SVNIC_MBOX_ST_BAD_ARG);
	assert_int_equal(create(zero, &vif), SVNIC_MBOX_ST_BAD_ARG);
	for (uint8_t i = 1; i < 4; i++) {
		uint8_t m[6] = { 0x02, 0, 0, 0, 1, i };
		assert_int_equal(create(m, &vif), SVNIC_MBOX_ST_OK);
		assert_int_equal(vif, i);
	}
	uint8_t m[6] = { 0x02, 0, 0, 0, 2, 0 };
	assert_int_equal(create(m, &vif), SVNIC_MBOX_ST_NO_SPACE);
}

static void malformed_requests(void **state)
{
	(void)state;
	struct svnic_mbox_hdr rq = { 0x7777, sizeof(rq), 0 };
	assert_int_equal(exec(&rq, sizeof(rq), NULL, 0), SVNIC_MBOX_ST_BAD_OPCODE);
	rq = (struct svnic_mbox_hdr){ SVNIC_MBOX_OP_CARD_INFO, sizeof(rq) + 4, 0 };
	assert_int_equal(exec(&rq, sizeof(rq), NULL, 0), SVNIC_MBOX_ST_BAD_LENGTH);
	rq = (struct svnic_mbox_hdr){ SVNIC_MBOX_OP_CARD_INFO, 0xffff, 0 };
	assert_int_equal(exec(&rq, sizeof(rq), NULL, 0), SVNIC_MBOX_ST_BAD_LENGTH);
	rq = (struct svnic_mbox_hdr){ SVNIC_MBOX_OP_VIF_QUERY, sizeof(rq), 3 };
	assert_int_equal(exec(&rq, sizeof(rq), NULL, 0), SVNIC_MBOX_ST_BAD_VIF);
	rq = (struct svnic_mbox_hdr){ SVNIC_MBOX_OP_VIF_QUERY, sizeof(rq), 0xffffffffu };
	assert_int_equal(exec(&rq, sizeof(rq), NULL, 0), SVNIC_MBOX_ST_BAD_VIF);
}

/* The datapath's window table holds exactly the firmware's windows of vif,
 * index for index, and nothing past them. */
static void check_hw_windows(uint32_t vif)
{
	const struct fw_vif *v = &card.vif[vif];
	for (unsigned i = 0; i < FAKE_DMAW_WINDOWS; i++) {
		if (i < v->nwin) {
			assert_int_equal(hal.dmaw[vif][i].base, v->win[i].iova);
			assert_int_equal(hal.dmaw[vif][i].size, v->win[i].len);
		} else {
			assert_int_equal(hal.dmaw[vif][i].size, 0);
		}
	}
}

static void dma_windows(void **state)
{
	(void)state;
	uint32_t vif = 0;
	assert_int_equal(create(mac_a, &vif), SVNIC_MBOX_ST_OK);
	check_hw_windows(vif);
	assert_int_equal(map(vif, 0x1000, 0x1000), SVNIC_MBOX_ST_OK);
	assert_int_equal(map(vif, 0x1800, 0x1000), SVNIC_MBOX_ST_EXISTS);
	assert_int_equal(map(vif, 0x0, 0x1001), SVNIC_MBOX_ST_EXISTS);
	assert_int_equal(map(vif, 0x2000, 0), SVNIC_MBOX_ST_BAD_ARG);
	assert_int_equal(map(vif, 0xfffffffffffff000ull, 0x2000), SVNIC_MBOX_ST_BAD_ARG);
	for (unsigned i = 1; i < FW_MAX_WINDOWS; i++)
		assert_int_equal(map(vif, 0x10000ull * (i + 1), 0x100), SVNIC_MBOX_ST_OK);
	assert_int_equal(map(vif, 0x900000, 0x100), SVNIC_MBOX_ST_NO_SPACE);
	check_hw_windows(vif);
	assert_int_equal(card.vif[vif].nwin, FAKE_DMAW_WINDOWS);
	struct svnic_mbox_dma_req un = { { SVNIC_MBOX_OP_DMA_UNMAP, sizeof(un), vif }, 0x1000, 0x800 };
	assert_int_equal(exec(&un, sizeof(un), NULL, 0), SVNIC_MBOX_ST_BAD_ARG);
	check_hw_windows(vif);
	un.len = 0x1000;
	assert_int_equal(exec(&un, sizeof(un), NULL, 0), SVNIC_MBOX_ST_OK);
	check_hw_windows(vif); /* the last window moved into the hole, the last slot cleared */
	assert_int_equal(hal.dmaw[vif][0].base, 0x10000ull * FW_MAX_WINDOWS);
	assert_int_equal(map(vif, 0x1800, 0x100), SVNIC_MBOX_ST_OK);
	check_hw_windows(vif);
	/* the last window itself */
	un.iova = 0x1800;
	un.len = 0x100;
	assert_int_equal(exec(&un, sizeof(un), NULL, 0), SVNIC_MBOX_ST_OK);
	check_hw_windows(vif);
	/* a VIF destroyed takes its windows out of the datapath too */
	struct svnic_mbox_hdr del = { SVNIC_MBOX_OP_VIF_DESTROY, sizeof(del), vif };
	assert_int_equal(exec(&del, sizeof(del), NULL, 0), SVNIC_MBOX_ST_OK);
	for (unsigned i = 0; i < FAKE_DMAW_WINDOWS; i++)
		assert_int_equal(hal.dmaw[vif][i].size, 0);
}

static struct svnic_mbox_queue_attach_req attach_req(uint32_t vif, uint32_t q)
{
	struct svnic_mbox_queue_attach_req a;
	memset(&a, 0, sizeof(a));
	a.h = (struct svnic_mbox_hdr){ SVNIC_MBOX_OP_QUEUE_ATTACH, sizeof(a), vif };
	a.queue = q;
	a.size = 256;
	a.desc = FAKE_MEM_BASE;
	a.avail = FAKE_MEM_BASE + 0x1000;
	a.used = FAKE_MEM_BASE + 0x2000;
	a.avail_idx = 7;
	a.used_idx = 5;
	a.vector = vif * 2 + q;
	return a;
}

static void queue_attach_detach(void **state)
{
	(void)state;
	uint32_t vif = 0;
	assert_int_equal(create(mac_a, &vif), SVNIC_MBOX_ST_OK);
	struct svnic_mbox_queue_attach_req a = attach_req(vif, 1);
	/* No window yet: the rings are outside the VIF's memory. */
	assert_int_equal(exec(&a, sizeof(a), NULL, 0), SVNIC_MBOX_ST_BAD_ARG);
	assert_int_equal(map(vif, FAKE_MEM_BASE, FAKE_MEM_SIZE), SVNIC_MBOX_ST_OK);
	struct svnic_mbox_queue_attach_req bad[5];
	for (int i = 0; i < 5; i++)
		bad[i] = a;
	bad[0].size = 100;        /* not a power of two */
	bad[1].desc += 8;         /* misaligned descriptor table */
	bad[2].used += 2;         /* misaligned used ring */
	bad[3].vector = 0;        /* not this queue's vector */
	bad[4].queue = 2;         /* no such queue */
	for (int i = 0; i < 5; i++)
		assert_int_equal(exec(&bad[i], sizeof(a), NULL, 0), SVNIC_MBOX_ST_BAD_ARG);
	assert_int_equal(exec(&a, sizeof(a), NULL, 0), SVNIC_MBOX_ST_OK);
	assert_int_equal(exec(&a, sizeof(a), NULL, 0), SVNIC_MBOX_ST_BAD_STATE);
	assert_int_equal(card.vif[vif].state, SVNIC_VIF_RUNNING);

	struct svnic_mbox_queue_req d = { { SVNIC_MBOX_OP_QUEUE_DETACH, sizeof(d), vif }, 1, 0 };
	struct svnic_mbox_queue_detach_rsp r;
	assert_int_equal(exec(&d, sizeof(d), &r, sizeof(r)), SVNIC_MBOX_ST_OK);
	assert_int_equal(r.avail_idx, 7);
	assert_int_equal(r.used_idx, 5);
	assert_int_equal(card.vif[vif].state, SVNIC_VIF_READY);
	assert_int_equal(exec(&d, sizeof(d), NULL, 0), SVNIC_MBOX_ST_BAD_STATE);
}

static void features_and_query_and_destroy(void **state)
{
	(void)state;
	uint32_t vif = 0;
	assert_int_equal(create(mac_a, &vif), SVNIC_MBOX_ST_OK);
	struct svnic_mbox_vif_features_req f = { { SVNIC_MBOX_OP_VIF_SET_FEATURES, sizeof(f), vif },
						 SVNIC_VIRTIO_BIT(SVNIC_VIRTIO_NET_F_GUEST_ANNOUNCE) };
	assert_int_equal(exec(&f, sizeof(f), NULL, 0), SVNIC_MBOX_ST_BAD_ARG);
	f.features = SVNIC_VIRTIO_BIT(SVNIC_VIRTIO_F_VERSION_1);
	assert_int_equal(exec(&f, sizeof(f), NULL, 0), SVNIC_MBOX_ST_OK);
	assert_int_equal(card.vif[vif].hdr_len, 12);

	hal.reg[SVNIC_FW_VIF_REG(vif, SVNIC_FW_VIF_RX_FRAMES_LO) / 4] = 5;
	hal.reg[SVNIC_FW_VIF_REG(vif, SVNIC_FW_VIF_RX_FRAMES_HI) / 4] = 1;
	struct svnic_mbox_hdr q = { SVNIC_MBOX_OP_VIF_QUERY, sizeof(q), vif };
	struct svnic_mbox_vif_query_rsp r;
	assert_int_equal(exec(&q, sizeof(q), &r, sizeof(r)), SVNIC_MBOX_ST_OK);
	assert_int_equal(r.h.len, sizeof(r));
	assert_int_equal(r.state, SVNIC_VIF_READY);
	assert_memory_equal(r.mac, mac_a, 6);
	assert_int_equal(r.rx_frames, (1ull << 32) | 5);
	assert_int_equal(r.features, SVNIC_VIRTIO_BIT(SVNIC_VIRTIO_F_VERSION_1));

	hal.rx_frames = 3; /* frames left in the card for this VIF */
	struct svnic_mbox_hdr d = { SVNIC_MBOX_OP_VIF_DESTROY, sizeof(d), vif };
	assert_int_equal(exec(&d, sizeof(d), NULL, 0), SVNIC_MBOX_ST_OK);
	assert_int_equal(hal.rx_frames, 0);
	assert_int_equal(hal.reg[SVNIC_FW_VIF_REG(vif, SVNIC_FW_VIF_ATTR) / 4], 0);
	assert_int_equal(exec(&q, sizeof(q), NULL, 0), SVNIC_MBOX_ST_BAD_VIF);
}

static uint32_t txs_reg(uint32_t vif, uint32_t reg)
{
	return hal.reg[SVNIC_FW_TXS_VIF_REG(vif, reg) / 4];
}

/*
 * A new VIF gets an equal share of the shared RX buffer before it can
 * receive; VIF_QUERY_RX reports the share and the datapath's drop counters
 * by reason. A 2.2 datapath (one buffer per VIF) gets no quota writes.
 */
static void rx_quota_at_create(void **state)
{
	(void)state;
	uint32_t vif = 99;
	uint32_t qoff = SVNIC_FW_RXB_VIF_REG(1, SVNIC_FW_RXB_VIF_QUOTA);
	hal.reg[SVNIC_FW_RXB_VIF_REG(0, SVNIC_FW_RXB_VIF_QUOTA) / 4] = 7; /* a VIF's own, kept */
	hal.reg[SVNIC_FW_RXB_VIF_REG(1, SVNIC_FW_RXB_VIF_DROP_QUOTA_LO) / 4] = 5;
	hal.reg[SVNIC_FW_RXB_VIF_REG(1, SVNIC_FW_RXB_VIF_DROP_QUOTA_HI) / 4] = 1;
	hal.reg[SVNIC_FW_RXB_VIF_REG(1, SVNIC_FW_RXB_VIF_DROP_TOOLONG_LO) / 4] = 3;
	hal.reg[SVNIC_FW_RXB_VIF_REG(1, SVNIC_FW_RXB_VIF_CELLS) / 4] = 2;
	card.vif[0].state = SVNIC_VIF_READY; /* VIF 0 taken: the new one is 1 */
	card.in_use[0] = true;
	assert_int_equal(create(mac_a, &vif), SVNIC_MBOX_ST_OK);
	assert_int_equal(vif, 1);
	/* 4 VIFs share 4 * 16384 bytes in 64-byte cells */
	assert_int_equal(hal.reg[qoff / 4], 256);
	assert_int_equal(hal.reg[SVNIC_FW_RXB_VIF_REG(0, SVNIC_FW_RXB_VIF_QUOTA) / 4], 7);
	assert_int_equal(card.rxbuf_bytes, 16384);

	struct svnic_mbox_hdr rq = { SVNIC_MBOX_OP_VIF_QUERY_RX, sizeof(rq), vif };
	struct svnic_mbox_vif_query_rx_rsp rs;
	assert_int_equal(exec(&rq, sizeof(rq), &rs, sizeof(rs)), SVNIC_MBOX_ST_OK);
	assert_int_equal(rs.h.len, sizeof(rs));
	assert_int_equal(rs.rx_quota_bytes, 16384);
	assert_int_equal(rs.rx_held_bytes, 128);
	assert_true(rs.rx_drop_quota == (1ull << 32 | 5u));
	assert_int_equal(rs.rx_drop_toolong, 3);
	rq.vif = 2; /* not in use */
	assert_int_equal(exec(&rq, sizeof(rq), &rs, sizeof(rs)), SVNIC_MBOX_ST_BAD_VIF);

	/* a datapath that reads busy forever: the VIF is not created */
	hal.reg[SVNIC_FW_RXB_STATUS / 4] = SVNIC_RXB_STATUS_BUSY;
	assert_int_equal(create((const uint8_t[6]){ 0x02, 0, 0, 0, 0, 0xb }, &vif), SVNIC_MBOX_ST_BAD_STATE);
	hal.reg[SVNIC_FW_RXB_STATUS / 4] = 0;

	fake_hal_reset(&hal, 4, 2);
	hal.reg[SVNIC_FW_VERSION / 4] = 0x00020002u;
	assert_int_equal(fw_init(&card, &hal), 0);
	assert_int_equal(create(mac_a, &vif), SVNIC_MBOX_ST_OK);
	assert_int_equal(hal.reg[SVNIC_FW_RXB_VIF_REG(vif, SVNIC_FW_RXB_VIF_QUOTA) / 4], 0);
	assert_int_equal(card.rxbuf_bytes, 4 * 16384);
	rq.vif = vif;
	assert_int_equal(exec(&rq, sizeof(rq), &rs, sizeof(rs)), SVNIC_MBOX_ST_OK);
	assert_int_equal(rs.rx_quota_bytes, 0);
}

static unsigned query(uint32_t vif, struct svnic_mbox_vif_query_rsp *rs)
{
	struct svnic_mbox_hdr rq = { SVNIC_MBOX_OP_VIF_QUERY, sizeof(rq), vif };
	return exec(&rq, sizeof(rq), rs, sizeof(*rs));
}

static unsigned query_tx(uint32_t vif, struct svnic_mbox_vif_query_tx_rsp *rs)
{
	struct svnic_mbox_hdr rq = { SVNIC_MBOX_OP_VIF_QUERY_TX, sizeof(rq), vif };
	return exec(&rq, sizeof(rq), rs, sizeof(*rs));
}

/* Weight, rate and burst: checked, programmed into the scheduler in its
 * units, reported by VIF_QUERY_TX; requests of the first layouts still work. */
static void tx_scheduling_settings(void **state)
{
	(void)state;
	struct svnic_mbox_vif_create_req rq = { { SVNIC_MBOX_OP_VIF_CREATE, sizeof(rq), 0 },
						{ 0x02, 0, 0, 0, 0, 1 }, 0, 4, 0, 100000, 65536 };
	struct svnic_mbox_vif_create_rsp rs;
	struct svnic_mbox_vif_query_rsp q;
	struct svnic_mbox_vif_query_tx_rsp t;
	assert_int_equal(exec(&rq, sizeof(rq), &rs, sizeof(rs)), SVNIC_MBOX_ST_OK);
	assert_int_equal(txs_reg(rs.vif, SVNIC_FW_TXS_VIF_QUANTUM), 4 * SVNIC_TXS_QUANTUM_UNIT);
	/* 100 Mbit/s: 100e6 * 4096 / (8 * 250e6) = 204.8 bytes a tick */
	assert_int_equal(txs_reg(rs.vif, SVNIC_FW_TXS_VIF_RATE), 205);
	assert_int_equal(txs_reg(rs.vif, SVNIC_FW_TXS_VIF_BURST), 65536);
	assert_int_equal(query_tx(rs.vif, &t), SVNIC_MBOX_ST_OK);
	assert_int_equal(t.h.len, sizeof(t));
	assert_int_equal(t.tx_weight, 4);
	assert_int_equal(t.tx_rate_kbps, 100000);
	assert_int_equal(t.tx_burst, 65536);
	assert_int_equal(query_tx(FW_MAX_VIFS, &t), SVNIC_MBOX_ST_BAD_VIF);

	/* the first layout: the defaults */
	rq.mac[5] = 2;
	assert_int_equal(exec(&rq, SVNIC_MBOX_VIF_CREATE_V1_LEN, &rs, sizeof(rs)), SVNIC_MBOX_ST_OK);
	assert_int_equal(txs_reg(rs.vif, SVNIC_FW_TXS_VIF_QUANTUM), SVNIC_TXS_QUANTUM_UNIT);
	assert_int_equal(txs_reg(rs.vif, SVNIC_FW_TXS_VIF_RATE), 0);
	assert_int_equal(txs_reg(rs.vif, SVNIC_FW_TXS_VIF_BURST), SVNIC_TXS_BURST_DEFAULT);
	uint32_t v2 = rs.vif;

	/* out of range: nothing created */
	const struct { uint16_t w; uint32_t kbps, burst; } bad[] = {
		{ 64, 0, 0 },          /* weight above the maximum */
		{ 1, 100, 0 },         /* rounds to 0 bytes a tick */
		{ 1, 40000000, 0 },    /* above 65535 bytes a tick */
		{ 1, 0, SVNIC_TXS_BURST_MAX + 1 },
	};
	rq.mac[5] = 3;
	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		rq.tx_weight = bad[i].w;
		rq.tx_rate_kbps = bad[i].kbps;
		rq.tx_burst = bad[i].burst;
		assert_int_equal(exec(&rq, sizeof(rq), &rs, sizeof(rs)), SVNIC_MBOX_ST_BAD_ARG);
	}
	rq.tx_weight = 1;
	rq.tx_rate_kbps = 0;
	rq.tx_burst = 0;
	rq.queue_pairs = 2; /* two queues per VIF: room for one pair only */
	assert_int_equal(exec(&rq, sizeof(rq), &rs, sizeof(rs)), SVNIC_MBOX_ST_BAD_ARG);

	/* VIF_SET changes what `set` names, the rest stays */
	struct svnic_mbox_vif_set_req s = { { SVNIC_MBOX_OP_VIF_SET, sizeof(s), v2 },
					    SVNIC_VIF_SET_WEIGHT | SVNIC_VIF_SET_RATE, 0, 0, 0, 2, 0, 2500000, 0 };
	assert_int_equal(exec(&s, sizeof(s), NULL, 0), SVNIC_MBOX_ST_OK);
	assert_int_equal(txs_reg(v2, SVNIC_FW_TXS_VIF_QUANTUM), 2 * SVNIC_TXS_QUANTUM_UNIT);
	assert_int_equal(txs_reg(v2, SVNIC_FW_TXS_VIF_RATE), 5120);
	assert_int_equal(txs_reg(v2, SVNIC_FW_TXS_VIF_BURST), SVNIC_TXS_BURST_DEFAULT);
	s.set = SVNIC_VIF_SET_BURST;
	s.tx_burst = 0; /* no default here */
	assert_int_equal(exec(&s, sizeof(s), NULL, 0), SVNIC_MBOX_ST_BAD_ARG);
	s.set = SVNIC_VIF_SET_WEIGHT;
	s.tx_weight = 0;
	assert_int_equal(exec(&s, sizeof(s), NULL, 0), SVNIC_MBOX_ST_BAD_ARG);
	s.set = SVNIC_VIF_SET_RATE;
	s.tx_rate_kbps = 0; /* unlimited again */
	assert_int_equal(exec(&s, sizeof(s), NULL, 0), SVNIC_MBOX_ST_OK);
	assert_int_equal(txs_reg(v2, SVNIC_FW_TXS_VIF_RATE), 0);
	/* the first layout of VIF_SET still works, without the TX fields */
	s = (struct svnic_mbox_vif_set_req){ { SVNIC_MBOX_OP_VIF_SET, SVNIC_MBOX_VIF_SET_V1_LEN, v2 },
					     SVNIC_VIF_SET_PROMISC, 0, 1, 0, 0, 0, 0, 0 };
	assert_int_equal(exec(&s, SVNIC_MBOX_VIF_SET_V1_LEN, NULL, 0), SVNIC_MBOX_ST_OK);
	assert_int_equal(query(v2, &q), SVNIC_MBOX_ST_OK);
	assert_int_equal(q.promisc, 1);
	assert_int_equal(query_tx(v2, &t), SVNIC_MBOX_ST_OK);
	assert_int_equal(t.tx_weight, 2);
	assert_int_equal(t.tx_rate_kbps, 0);
	assert_int_equal(t.tx_burst, SVNIC_TXS_BURST_DEFAULT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(card_info, setup),
		cmocka_unit_test_setup(card_info_reports_the_build, setup),
		cmocka_unit_test_setup(create_programs_mac_and_refuses_bad_ones, setup),
		cmocka_unit_test_setup(malformed_requests, setup),
		cmocka_unit_test_setup(dma_windows, setup),
		cmocka_unit_test_setup(queue_attach_detach, setup),
		cmocka_unit_test_setup(features_and_query_and_destroy, setup),
		cmocka_unit_test_setup(tx_scheduling_settings, setup),
		cmocka_unit_test_setup(rx_quota_at_create, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
