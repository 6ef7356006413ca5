/* SPDX-License-Identifier: MIT */
/*
 * The virtio device status of a VIF (VIF_SET_STATUS, firmware/src/vif_status.c):
 * every legal step of virtio 1.2 section 3.1.1 read back as written,
 * FEATURES_OK refused for features the device cannot run with, queues served
 * only at DRIVER_OK, every illegal write putting the VIF into NEEDS_RESET
 * (with its configuration interrupt) and changing nothing else, FAILED
 * stopping the VIF, and status 0 as a device reset that keeps MAC and DMA
 * windows.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "fake_hal.h"
#include "fw/fw.h"
#include "svnic/mbox.h"
#include "svnic/regs.h"
#include "svnic/virtio.h"

#define NVIF 4u
#define QPV 2u
#define BIT(b) SVNIC_VIRTIO_BIT(b)
#define V1 BIT(SVNIC_VIRTIO_F_VERSION_1)
#define ACK SVNIC_VIRTIO_S_ACKNOWLEDGE
#define DRV SVNIC_VIRTIO_S_DRIVER
#define FOK SVNIC_VIRTIO_S_FEATURES_OK
#define DOK SVNIC_VIRTIO_S_DRIVER_OK
#define NRS SVNIC_VIRTIO_S_NEEDS_RESET
#define FAIL SVNIC_VIRTIO_S_FAILED
#define HDR SVNIC_VIRTIO_NET_HDR_LEN
#define FRAME_LEN 60u
#define TXQ 1u
#define RING 0x0u    /* the TX ring's area in the fake memory */
#define BUFS 0x4000u /* its buffers */

static struct fw_hal hal;
static struct fw_card card;
static uint32_t vif;

static unsigned exec(const void *req, unsigned len)
{
	return fake_mbox_exec(&hal, &card, req, len, NULL, 0);
}

/* Write `status` for `v`: the mailbox status, and the status read back. */
static unsigned set_status_on(uint32_t v, uint32_t status, uint32_t *back)
{
	struct svnic_mbox_vif_status_req rq = { { SVNIC_MBOX_OP_VIF_SET_STATUS, sizeof(rq), v }, status, 0 };
	struct svnic_mbox_vif_status_rsp rs;
	memset(&rs, 0xa5, sizeof(rs));
	unsigned st = fake_mbox_exec(&hal, &card, &rq, sizeof(rq), &rs, sizeof(rs));
	if (st == SVNIC_MBOX_ST_OK) {
		assert_int_equal(rs.h.len, sizeof(rs));
		assert_int_equal(rs.reserved, 0);
		*back = rs.status;
	}
	return st;
}

/* Write a status the mailbox takes; returns what the driver reads back. */
static uint32_t set_status(uint32_t status)
{
	uint32_t back = 0xffff;
	assert_int_equal(set_status_on(vif, status, &back), SVNIC_MBOX_ST_OK);
	return back;
}

static unsigned set_features(uint64_t f)
{
	struct svnic_mbox_vif_features_req rq = { { SVNIC_MBOX_OP_VIF_SET_FEATURES, sizeof(rq), vif }, f };
	return exec(&rq, sizeof(rq));
}

/* VIF_QUERY_QUEUES: the status the host sees, and its fields. */
static struct svnic_mbox_vif_query_queues_rsp query_queues(void)
{
	struct svnic_mbox_hdr q = { SVNIC_MBOX_OP_VIF_QUERY_QUEUES, sizeof(q), vif };
	struct svnic_mbox_vif_query_queues_rsp rs;
	assert_int_equal(fake_mbox_exec(&hal, &card, &q, sizeof(q), &rs, sizeof(rs)), SVNIC_MBOX_ST_OK);
	assert_int_equal(rs.h.len, sizeof(rs));
	return rs;
}

static unsigned attach_tx(uint16_t size)
{
	struct svnic_mbox_queue_attach_req a;
	memset(&a, 0, sizeof(a));
	memset(fake_host(&hal, FAKE_MEM_BASE + RING), 0, 0x1000);
	a.h = (struct svnic_mbox_hdr){ SVNIC_MBOX_OP_QUEUE_ATTACH, sizeof(a), vif };
	a.queue = TXQ;
	a.size = size;
	a.desc = FAKE_MEM_BASE + RING;
	a.avail = FAKE_MEM_BASE + RING + 0x400;
	a.used = FAKE_MEM_BASE + RING + 0x800;
	a.vector = vif * QPV + TXQ;
	return exec(&a, sizeof(a));
}

/* The driver's TX ring as attach_tx laid it out. */
static struct fake_split tx_ring(uint16_t size)
{
	struct fake_split r = { vif, TXQ, size, FAKE_MEM_BASE + RING, FAKE_MEM_BASE + RING + 0x400,
				FAKE_MEM_BASE + RING + 0x800, 0 };
	return r;
}

/* Post frame `seq` (60 bytes, byte 14 = seq) on the TX ring. */
static void post_tx(struct fake_split *r, unsigned seq)
{
	uint16_t slot = (uint16_t)(r->avail_idx % r->size);
	uint64_t buf = FAKE_MEM_BASE + BUFS + 128u * slot;
	uint8_t *p = fake_host(&hal, buf);
	memset(p, 0, HDR);
	for (unsigned i = 0; i < FRAME_LEN; i++)
		p[HDR + i] = (uint8_t)(i + 1u);
	p[HDR + 14] = (uint8_t)seq;
	fake_split_desc(&hal, r, slot, buf, HDR + FRAME_LEN, 0, 0);
	fake_split_post(&hal, r, slot);
}

static void poll(unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		fw_poll(&card);
}

static unsigned cfg_irqs(void)
{
	return (unsigned)hal.irq_vec[SVNIC_IRQ_CONFIG_VECTOR(NVIF, QPV, vif)];
}

static void setup_vif(void)
{
	fake_hal_reset(&hal, NVIF, QPV);
	assert_int_equal(fw_init(&card, &hal), 0);
	/* features 0: the status sequence sets them */
	vif = fake_make_vif(&hal, &card, 1, 0);
}

/* Through ACKNOWLEDGE, DRIVER, the features and FEATURES_OK. */
static void negotiate(uint64_t features)
{
	assert_int_equal(set_status(0), 0);
	assert_int_equal(set_status(ACK), ACK);
	assert_int_equal(set_status(ACK | DRV), ACK | DRV);
	assert_int_equal(set_features(features), SVNIC_MBOX_ST_OK);
	assert_int_equal(set_status(ACK | DRV | FOK), ACK | DRV | FOK);
}

/* ------------------------------------------------------------------ legal */

static void legal_sequence_reads_back(void **state)
{
	(void)state;
	setup_vif();
	/* a host that never wrote a status: not status-driven, status 0 */
	struct svnic_mbox_vif_query_queues_rsp q = query_queues();
	assert_int_equal(q.status, 0);
	assert_int_equal(q.status_driven, 0);
	/* before DRIVER: no features, no queues */
	assert_int_equal(set_status(ACK), ACK);
	assert_int_equal(set_features(V1), SVNIC_MBOX_ST_BAD_STATE);
	assert_int_equal(set_status(ACK | DRV), ACK | DRV);
	assert_int_equal(attach_tx(16), SVNIC_MBOX_ST_BAD_STATE);
	assert_int_equal(set_features(V1 | BIT(SVNIC_VIRTIO_F_RING_RESET)), SVNIC_MBOX_ST_OK);
	/* a driver may write the same status again */
	assert_int_equal(set_status(ACK | DRV), ACK | DRV);
	assert_int_equal(set_status(ACK | DRV | FOK), ACK | DRV | FOK);
	/* features are final from FEATURES_OK */
	assert_int_equal(set_features(V1), SVNIC_MBOX_ST_BAD_STATE);
	assert_int_equal(card.vif[vif].features, V1 | BIT(SVNIC_VIRTIO_F_RING_RESET));
	/* queues may be set up now, but run only at DRIVER_OK */
	assert_int_equal(attach_tx(16), SVNIC_MBOX_ST_OK);
	struct fake_split r = tx_ring(16);
	post_tx(&r, 1);
	poll(4);
	assert_int_equal(hal.tx_sent, 0);
	assert_int_equal(fake_split_used_idx(&hal, &r), 0);
	assert_int_equal(set_status(ACK | DRV | FOK | DOK), ACK | DRV | FOK | DOK);
	poll(4);
	assert_int_equal(hal.tx_sent, 1);
	assert_int_equal(hal.tx_last_len, FRAME_LEN);
	assert_int_equal(hal.tx_last[14], 1);
	assert_int_equal(fake_split_used_idx(&hal, &r), 1);
	q = query_queues();
	assert_int_equal(q.status, ACK | DRV | FOK | DOK);
	assert_int_equal(q.status_driven, 1);
	assert_int_equal(q.queue_resets, 0);
	assert_int_equal(card.vif[vif].state, SVNIC_VIF_RUNNING);
	assert_int_equal(card.vif[vif].errors, 0);
	assert_int_equal(cfg_irqs(), 0);
}

/* Several bits in one write are fine while each comes with the one before. */
static void steps_may_combine(void **state)
{
	(void)state;
	setup_vif();
	assert_int_equal(set_status(ACK | DRV), ACK | DRV);
	assert_int_equal(set_features(V1), SVNIC_MBOX_ST_OK);
	assert_int_equal(set_status(ACK | DRV | FOK), ACK | DRV | FOK);
	assert_int_equal(card.vif[vif].state, SVNIC_VIF_READY);
	/* and from 0 straight to FEATURES_OK: the features are already there */
	assert_int_equal(set_status(0), 0);
	assert_int_equal(card.vif[vif].features, 0); /* the reset cleared them */
	assert_int_equal(set_status(ACK | DRV | FOK), ACK | DRV); /* refused: no VERSION_1 */
	assert_int_equal(card.vif[vif].errors, 0);
}

static void features_ok_refused_without_version_1(void **state)
{
	(void)state;
	setup_vif();
	assert_int_equal(set_status(ACK | DRV), ACK | DRV);
	assert_int_equal(set_features(BIT(SVNIC_VIRTIO_F_RING_INDIRECT_DESC)), SVNIC_MBOX_ST_OK);
	/* read back without FEATURES_OK, as section 3.1.1 has the driver check */
	assert_int_equal(set_status(ACK | DRV | FOK), ACK | DRV);
	assert_int_equal(query_queues().status, ACK | DRV);
	assert_int_equal(card.vif[vif].state, SVNIC_VIF_READY);
	assert_int_equal(card.vif[vif].errors, 0);
	/* no queues, no DRIVER_OK on a refused negotiation */
	assert_int_equal(attach_tx(16), SVNIC_MBOX_ST_BAD_STATE);
	/* negotiation is still open: the driver may try other features */
	assert_int_equal(set_features(V1 | BIT(SVNIC_VIRTIO_F_RING_INDIRECT_DESC)), SVNIC_MBOX_ST_OK);
	assert_int_equal(set_status(ACK | DRV | FOK), ACK | DRV | FOK);
	assert_int_equal(attach_tx(16), SVNIC_MBOX_ST_OK);
}

/* ------------------------------------------------------------------ illegal */

struct bad_case {
	uint32_t before; /* reached legally */
	uint32_t write;
	const char *why;
};

static void illegal_writes_need_reset(void **state)
{
	(void)state;
	static const struct bad_case cases[] = {
		{ 0, DRV, "DRIVER without ACKNOWLEDGE" },
		{ 0, ACK | FOK, "FEATURES_OK without DRIVER" },
		{ ACK, ACK | FOK, "FEATURES_OK without DRIVER" },
		{ ACK | DRV, ACK | DRV | DOK, "DRIVER_OK without FEATURES_OK" },
		{ ACK | DRV, ACK | DRV | FOK | DOK, "DRIVER_OK before FEATURES_OK was read back" },
		{ ACK | DRV, ACK, "DRIVER cleared" },
		{ ACK | DRV | FOK, ACK | DRV, "FEATURES_OK cleared" },
		{ ACK | DRV | FOK | DOK, ACK | DRV | FOK, "DRIVER_OK cleared" },
		{ ACK | DRV | FOK | DOK, DRV | FOK | DOK, "ACKNOWLEDGE cleared" },
		{ ACK | DRV, ACK | DRV | NRS, "DEVICE_NEEDS_RESET set by the driver" },
		{ 0, NRS, "DEVICE_NEEDS_RESET set by the driver" },
	};
	for (unsigned i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct bad_case *b = &cases[i];
		print_message("case %u: %s\n", i, b->why);
		setup_vif();
		uint32_t s = 0;
		if (b->before & ACK)
			s = set_status(ACK);
		if (b->before & DRV)
			s = set_status(ACK | DRV);
		if (b->before & FOK) {
			assert_int_equal(set_features(V1), SVNIC_MBOX_ST_OK);
			s = set_status(ACK | DRV | FOK);
		}
		if (b->before & DOK) {
			assert_int_equal(attach_tx(16), SVNIC_MBOX_ST_OK);
			s = set_status(ACK | DRV | FOK | DOK);
		}
		assert_int_equal(s, b->before);
		uint64_t features = card.vif[vif].features;
		uint64_t queues = query_queues().attached;
		/* the violation: NEEDS_RESET, read back with its bit, the bits
		 * the device had otherwise unchanged */
		assert_int_equal(set_status(b->write), b->before | NRS);
		assert_int_equal(card.vif[vif].state, SVNIC_VIF_NEEDS_RESET);
		assert_int_equal(card.vif[vif].error, SVNIC_VIF_ERR_STATUS);
		assert_int_equal(card.vif[vif].errors, 1);
		assert_int_equal(cfg_irqs(), 1);
		assert_int_equal(card.vif[vif].features, features);
		struct svnic_mbox_vif_query_queues_rsp q = query_queues();
		assert_int_equal(q.status, b->before | NRS);
		assert_int_equal(q.attached, queues);
		/* and the VIF's queues are not served */
		if (b->before & DOK) {
			struct fake_split r = tx_ring(16);
			post_tx(&r, 9);
			poll(4);
			assert_int_equal(hal.tx_sent, 0);
		}
		/* writing back the device's bit is what drivers do: fine */
		assert_int_equal(set_status(b->before | NRS), b->before | NRS);
		assert_int_equal(card.vif[vif].errors, 1);
		assert_int_equal(cfg_irqs(), 1);
	}
}

/* What no driver can write is the host's error: BAD_ARG, nothing changes. */
static void malformed_requests_refused(void **state)
{
	(void)state;
	setup_vif();
	assert_int_equal(set_status(ACK), ACK);
	uint32_t back;
	assert_int_equal(set_status_on(vif, ACK | 0x10u, &back), SVNIC_MBOX_ST_BAD_ARG);
	assert_int_equal(set_status_on(vif, ACK | 0x20u, &back), SVNIC_MBOX_ST_BAD_ARG);
	assert_int_equal(set_status_on(vif, 0x101u, &back), SVNIC_MBOX_ST_BAD_ARG);
	struct svnic_mbox_vif_status_req rq = { { SVNIC_MBOX_OP_VIF_SET_STATUS, sizeof(rq), vif }, ACK, 1 };
	assert_int_equal(exec(&rq, sizeof(rq)), SVNIC_MBOX_ST_BAD_ARG);
	rq.reserved = 0;
	rq.h.len = sizeof(rq) - 4;
	assert_int_equal(exec(&rq, sizeof(rq) - 4), SVNIC_MBOX_ST_BAD_LENGTH);
	assert_int_equal(set_status_on(NVIF, ACK, &back), SVNIC_MBOX_ST_BAD_VIF);
	assert_int_equal(set_status_on(vif + 1u, ACK, &back), SVNIC_MBOX_ST_BAD_VIF); /* free */
	assert_int_equal(card.vif[vif].status, ACK);
	assert_int_equal(card.vif[vif].state, SVNIC_VIF_READY);
	assert_int_equal(card.vif[vif].errors, 0);
}

/* ------------------------------------------------------------------ FAILED, reset */

static void failed_stops_the_vif_until_reset(void **state)
{
	(void)state;
	setup_vif();
	negotiate(V1);
	assert_int_equal(attach_tx(16), SVNIC_MBOX_ST_OK);
	assert_int_equal(set_status(ACK | DRV | FOK | DOK), ACK | DRV | FOK | DOK);
	struct fake_split r = tx_ring(16);
	post_tx(&r, 1);
	poll(4);
	assert_int_equal(hal.tx_sent, 1);
	/* the driver gives up */
	assert_int_equal(set_status(ACK | DRV | FOK | DOK | FAIL), ACK | DRV | FOK | DOK | FAIL);
	post_tx(&r, 2);
	poll(4);
	assert_int_equal(hal.tx_sent, 1);
	assert_int_equal(fake_split_used_idx(&hal, &r), 1);
	/* nothing but a reset changes a failed device; none of it is an offence */
	assert_int_equal(set_status(ACK | DRV | FOK | DOK), ACK | DRV | FOK | DOK | FAIL);
	assert_int_equal(set_status(ACK), ACK | DRV | FOK | DOK | FAIL);
	assert_int_equal(set_features(V1), SVNIC_MBOX_ST_BAD_STATE);
	assert_int_equal(card.vif[vif].errors, 0);
	assert_int_equal(cfg_irqs(), 0);
	/* FAILED is legal from any state, also with bits left out */
	assert_int_equal(set_status(0), 0);
	assert_int_equal(set_status(ACK), ACK);
	assert_int_equal(set_status(FAIL), ACK | FAIL);
	assert_int_equal(card.vif[vif].errors, 0);
	assert_int_equal(attach_tx(16), SVNIC_MBOX_ST_BAD_STATE);
}

/* 0 is a device reset: queues detached, NEEDS_RESET and the features
 * cleared, MAC, VLAN and windows kept; the VIF starts over and runs. */
static void zero_resets_the_device(void **state)
{
	(void)state;
	setup_vif();
	negotiate(V1);
	assert_int_equal(attach_tx(16), SVNIC_MBOX_ST_OK);
	assert_int_equal(set_status(ACK | DRV | FOK | DOK), ACK | DRV | FOK | DOK);
	/* a violation first, so the reset has something to clear */
	assert_int_equal(set_status(ACK), ACK | DRV | FOK | DOK | NRS);
	uint8_t mac[6];
	memcpy(mac, card.vif[vif].mac, 6);
	assert_int_equal(set_status(0), 0);
	const struct fw_vif *v = &card.vif[vif];
	assert_int_equal(v->state, SVNIC_VIF_READY);
	assert_int_equal(v->error, SVNIC_VIF_ERR_NONE);
	assert_int_equal(v->features, 0);
	assert_int_equal(v->hdr_len, SVNIC_VIRTIO_NET_HDR_LEN_LEGACY);
	assert_int_equal(v->nwin, 1);
	assert_memory_equal(v->mac, mac, 6);
	assert_int_equal(v->errors, 1); /* counters are the operator's: kept */
	struct svnic_mbox_vif_query_queues_rsp q = query_queues();
	assert_int_equal(q.status, 0);
	assert_int_equal(q.attached, 0);
	assert_int_equal(q.status_driven, 1);
	/* status-driven still: no queue before FEATURES_OK */
	assert_int_equal(attach_tx(16), SVNIC_MBOX_ST_BAD_STATE);
	/* and the VIF runs again after a new negotiation, on a new ring */
	negotiate(V1);
	assert_int_equal(attach_tx(8), SVNIC_MBOX_ST_OK);
	assert_int_equal(set_status(ACK | DRV | FOK | DOK), ACK | DRV | FOK | DOK);
	struct fake_split r = tx_ring(8);
	post_tx(&r, 5);
	poll(4);
	assert_int_equal(hal.tx_sent, 1);
	assert_int_equal(hal.tx_last[14], 5);
	assert_int_equal(fake_split_used_idx(&hal, &r), 1);
}

/* VIF_RESET is the same device reset, keeping the features. */
static void vif_reset_shares_the_reset(void **state)
{
	(void)state;
	setup_vif();
	negotiate(V1);
	assert_int_equal(attach_tx(16), SVNIC_MBOX_ST_OK);
	assert_int_equal(set_status(ACK | DRV | FOK | DOK), ACK | DRV | FOK | DOK);
	/* a TSO packet in progress is lost with its ring: counted */
	card.vif[vif].tso.active = true;
	struct svnic_mbox_hdr rq = { SVNIC_MBOX_OP_VIF_RESET, sizeof(rq), vif };
	assert_int_equal(exec(&rq, sizeof(rq)), SVNIC_MBOX_ST_OK);
	assert_int_equal(card.vif[vif].features, V1);
	assert_int_equal(query_queues().status, 0);
	assert_int_equal(query_queues().attached, 0);
	assert_false(card.vif[vif].tso.active);
	struct svnic_mbox_hdr qt = { SVNIC_MBOX_OP_VIF_QUERY_TX, sizeof(qt), vif };
	struct svnic_mbox_vif_query_tx_rsp tx;
	assert_int_equal(fake_mbox_exec(&hal, &card, &qt, sizeof(qt), &tx, sizeof(tx)), SVNIC_MBOX_ST_OK);
	assert_int_equal(tx.h.len, sizeof(tx));
	assert_int_equal(tx.tx_tso_aborted, 1);
}

/* The card offers RING_RESET, and takes it. */
static void ring_reset_offered(void **state)
{
	(void)state;
	setup_vif();
	struct svnic_mbox_hdr rq = { SVNIC_MBOX_OP_CARD_INFO, sizeof(rq), 0 };
	struct svnic_mbox_card_info_rsp info;
	assert_int_equal(fake_mbox_exec(&hal, &card, &rq, sizeof(rq), &info, sizeof(info)), SVNIC_MBOX_ST_OK);
	assert_true(info.features & BIT(SVNIC_VIRTIO_F_RING_RESET));
	/* a legacy driver cannot take it: bits from 32 up need VERSION_1 */
	assert_int_equal(set_features(BIT(SVNIC_VIRTIO_F_RING_RESET)), SVNIC_MBOX_ST_BAD_ARG);
	assert_int_equal(set_features(V1 | BIT(SVNIC_VIRTIO_F_RING_RESET)), SVNIC_MBOX_ST_OK);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(legal_sequence_reads_back),
		cmocka_unit_test(steps_may_combine),
		cmocka_unit_test(features_ok_refused_without_version_1),
		cmocka_unit_test(illegal_writes_need_reset),
		cmocka_unit_test(malformed_requests_refused),
		cmocka_unit_test(failed_stops_the_vif_until_reset),
		cmocka_unit_test(zero_resets_the_device),
		cmocka_unit_test(vif_reset_shares_the_reset),
		cmocka_unit_test(ring_reset_offered),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
