/* SPDX-License-Identifier: MIT */
/*
 * The firmware on two cores (firmware/src/cores.c): VIF v is core v % 2's.
 * Frames move between VIFs of different cores intact and in order; a
 * mailbox command for core 1's VIF is run by core 1, not core 0, and
 * answered once it has; doorbells of core 1's queues reach core 1 only;
 * control work waits for the control lock instead of racing it, and TX for
 * the datapath's one TX buffer, in turn; a flooded
 * TX ring on one core neither stops that core's other VIFs nor core 1's;
 * per-core and per-VIF counters add up to the frames that moved.
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

static struct fw_hal hal;
static struct fw_card card;

#define QPV 33u /* as the co-simulation's datapath: a VIF's queues straddle doorbell words */
#define FEAT SVNIC_VIRTIO_BIT(SVNIC_VIRTIO_F_VERSION_1)
#define HDR SVNIC_VIRTIO_NET_HDR_LEN
#define MEM(off) (FAKE_MEM_BASE + (off))
#define FRAME_LEN 64u
#define BUF_BYTES 128u
#define PASSES 64u /* passes a step may take before the test calls it stuck */

static int setup(void **state)
{
	(void)state;
	fake_hal_reset(&hal, 4, QPV);
	hal.cores = 2;
	assert_int_equal(fw_init(&card, &hal), 0);
	assert_int_equal(card.ncores, 2);
	return 0;
}

/* One pass of one core. */
static bool pass(unsigned core)
{
	hal.core = core;
	bool busy = fw_poll(&card);
	hal.core = 0;
	return busy;
}

/* Frame `seq` from VIF `src` to VIF `dst`: addresses 02:00:00:00:00:n+1
 * (fake_make_vif's), an experimental EtherType, a payload from both. */
static void frame(uint8_t *f, unsigned src, unsigned dst, unsigned seq)
{
	static const uint8_t base[6] = { 0x02, 0, 0, 0, 0, 0 };
	memcpy(f, base, 6);
	f[5] = (uint8_t)(dst + 1u);
	memcpy(f + 6, base, 6);
	f[11] = (uint8_t)(src + 1u);
	f[12] = 0x88;
	f[13] = 0xb5;
	for (unsigned i = 14; i < FRAME_LEN; i++)
		f[i] = (uint8_t)(seq * 7u + i + src * 31u);
}

/* A split ring of `size` entries at `base` as queue q of the VIF, with
 * the queue's own vector (vif * QPV + q). */
static struct fake_split attach(uint32_t vif, uint32_t q, uint64_t base, uint16_t size)
{
	return fake_split_attach(&hal, &card, vif, q, base, size);
}

/* TX chains on `r`: each one descriptor with a zero header and a frame,
 * its buffer at `buf` + slot * BUF_BYTES. Rings the doorbell. */
static void post_tx(struct fake_split *r, uint64_t buf, unsigned src, unsigned dst, unsigned first,
		    unsigned n)
{
	for (unsigned i = 0; i < n; i++) {
		uint16_t slot = (uint16_t)(r->avail_idx % r->size);
		uint64_t a = MEM(buf + slot * BUF_BYTES);
		memset(fake_host(&hal, a), 0, HDR);
		frame(fake_host(&hal, a + HDR), src, dst, first + i);
		fake_split_desc(&hal, r, slot, a, HDR + FRAME_LEN, 0, 0);
		fake_split_post(&hal, r, slot);
	}
}

/* Writable buffers on the RX ring `r`. */
static void post_rx(struct fake_split *r, uint64_t buf, unsigned n)
{
	for (unsigned i = 0; i < n; i++) {
		uint16_t slot = (uint16_t)(r->avail_idx % r->size);
		fake_split_desc(&hal, r, slot, MEM(buf + slot * BUF_BYTES), BUF_BYTES,
				SVNIC_VRING_DESC_F_WRITE, 0);
		fake_split_post(&hal, r, slot);
	}
}

static unsigned sent_by(unsigned vif)
{
	unsigned n = 0;
	for (unsigned i = 0; i < hal.tx_sent && i < FAKE_SENT_MAX; i++)
		n += hal.sent[i].vif == vif;
	return n;
}

/*
 * The datapath's switch for sent frame `i`: into the RX buffer of the VIF
 * its destination address names, then passes of that VIF's core until it
 * is delivered. The fake holds one RX frame at a time.
 */
static void hairpin(unsigned i)
{
	const struct fake_sent *s = &hal.sent[i];
	unsigned dst = s->data[5] - 1u;
	assert_true(dst < card.num_vifs);
	memcpy(hal.rx_frame, s->data, s->len);
	hal.rx_frames = 1;
	hal.reg[SVNIC_FW_VIF_REG(dst, SVNIC_FW_VIF_RX_HEAD_LEN) / 4] = s->len;
	hal.reg[SVNIC_FW_RX_READY / 4] |= 1u << dst;
	for (unsigned p = 0; p < PASSES && hal.rx_frames; p++)
		pass(dst % card.ncores);
	assert_int_equal(hal.rx_frames, 0);
}

/* Received frame k of RX ring `r` (buffers at `buf`) is frame `seq` from src. */
static void assert_received(const struct fake_split *r, uint64_t buf, unsigned k, unsigned src,
			    unsigned dst, unsigned seq)
{
	uint32_t e[2];
	memcpy(e, fake_host(&hal, r->used + SVNIC_VRING_USED_RING_OFF(k % r->size)), 8);
	assert_int_equal(e[0], k % r->size); /* buffers are used in the order posted */
	assert_int_equal(e[1], HDR + FRAME_LEN);
	uint8_t want[FRAME_LEN];
	frame(want, src, dst, seq);
	assert_memory_equal(fake_host(&hal, MEM(buf + e[0] * BUF_BYTES) + HDR), want, FRAME_LEN);
}

/* Core 0 routed a doorbell of the VIF's queue q to `core`, not yet taken. */
static bool db_pending(unsigned core, unsigned vif, unsigned q)
{
	unsigned bit = vif * FW_MAX_QUEUES + q;
	return (atomic_load(&card.core[core].db_pend[bit / 32u]) >> (bit % 32u)) & 1u;
}

/* VIF 0 (core 0) and VIF 1 (core 1) send to each other. */
static void frames_cross_cores(void **state)
{
	(void)state;
	enum { N = 10 };
	assert_int_equal(fake_make_vif(&hal, &card, 1, FEAT), 0);
	assert_int_equal(fake_make_vif(&hal, &card, 2, FEAT), 1);
	struct fake_split tx0 = attach(0, 1, 0x0000, 16);
	struct fake_split rx1 = attach(1, 0, 0x1000, 16);
	struct fake_split tx1 = attach(1, 1, 0x2000, 16);
	struct fake_split rx0 = attach(0, 0, 0x3000, 16);
	/* create, map, features, two attaches: each by its VIF's core */
	assert_int_equal(card.core[0].st.mbox_cmds, 5);
	assert_int_equal(card.core[1].st.mbox_cmds, 5);

	post_rx(&rx1, 0x8000, N);
	post_rx(&rx0, 0xa000, N);
	post_tx(&tx0, 0x4000, 0, 1, 0, N);
	post_tx(&tx1, 0x6000, 1, 0, 0, N);

	/* Core 0 takes the doorbell words: its own rings start, core 1's
	 * doorbells wait for core 1. */
	pass(0);
	assert_int_equal(sent_by(0), N);
	assert_int_equal(sent_by(1), 0);
	assert_true(db_pending(1, 1, 0));
	assert_true(db_pending(1, 1, 1));
	assert_false(db_pending(0, 0, 1));
	assert_int_equal(card.core[1].st.doorbells, 0);
	pass(1);
	assert_false(db_pending(1, 1, 0));
	assert_false(db_pending(1, 1, 1));
	/* one per ring: the datapath's word holds one bit per queue however
	 * often it was rung */
	assert_int_equal(card.core[1].st.doorbells, 2);
	assert_int_equal(card.core[0].st.doorbells, 2);
	assert_int_equal(sent_by(1), N);
	/* One grant port for the card: with two cores it is not used. */
	assert_int_equal(hal.txs_grants, 0);

	assert_int_equal(hal.tx_sent, 2 * N);
	for (unsigned i = 0; i < hal.tx_sent; i++)
		hairpin(i);
	assert_int_equal(fake_split_used_idx(&hal, &rx1), N);
	assert_int_equal(fake_split_used_idx(&hal, &rx0), N);
	assert_int_equal(fake_split_used_idx(&hal, &tx0), N);
	assert_int_equal(fake_split_used_idx(&hal, &tx1), N);
	for (unsigned k = 0; k < N; k++) {
		assert_received(&rx1, 0x8000, k, 0, 1, k);
		assert_received(&rx0, 0xa000, k, 1, 0, k);
	}

	/* Counters: per VIF, per core, and the frames that moved. */
	assert_int_equal(card.vif[0].pair_tx[0], N);
	assert_int_equal(card.vif[1].pair_tx[0], N);
	assert_int_equal(card.vif[0].rx_delivered, N);
	assert_int_equal(card.vif[1].rx_delivered, N);
	assert_int_equal(card.core[0].st.tx_chains, N);
	assert_int_equal(card.core[1].st.tx_chains, N);
	assert_int_equal(card.core[0].st.rx_frames, N);
	assert_int_equal(card.core[1].st.rx_frames, N);
	assert_int_equal(card.vif[0].state, SVNIC_VIF_RUNNING);
	assert_int_equal(card.vif[1].state, SVNIC_VIF_RUNNING);
}

/* Put a request in the mailbox registers, as the host does. */
static void mbox_post(const void *req, unsigned len)
{
	memset(&hal.reg[SVNIC_FW_MBOX_CMD / 4], 0, SVNIC_MBOX_BYTES);
	memcpy(&hal.reg[SVNIC_FW_MBOX_CMD / 4], req, len);
	hal.reg[SVNIC_FW_MBOX_PENDING / 4] = 1;
}

static bool mbox_pending(void)
{
	return hal.reg[SVNIC_FW_MBOX_PENDING / 4] != 0;
}

/* A command for core 1's VIF arrives at core 0's mailbox: core 1 runs it. */
static void command_runs_on_owner(void **state)
{
	(void)state;
	assert_int_equal(fake_make_vif(&hal, &card, 1, FEAT), 0);
	assert_int_equal(fake_make_vif(&hal, &card, 2, FEAT), 1);
	uint64_t c0 = card.core[0].st.mbox_cmds, c1 = card.core[1].st.mbox_cmds;

	struct svnic_mbox_hdr q = { SVNIC_MBOX_OP_VIF_QUERY, sizeof(q), 1 };
	mbox_post(&q, sizeof(q));
	pass(0);
	assert_true(mbox_pending()); /* handed to core 1, not answered */
	assert_int_equal(card.mbox_fwd, 1);
	assert_int_equal(atomic_load(&card.core[1].xcmd_state), FW_XCMD_POSTED);
	pass(0);
	assert_true(mbox_pending()); /* core 0 does not run it itself */
	assert_int_equal(card.core[0].st.mbox_cmds, c0);
	pass(1);
	assert_int_equal(atomic_load(&card.core[1].xcmd_state), FW_XCMD_DONE);
	assert_int_equal(card.core[1].st.mbox_cmds, c1 + 1);
	assert_true(mbox_pending()); /* core 0 answers the host */
	pass(0);
	assert_false(mbox_pending());
	assert_int_equal(card.mbox_fwd, 0);
	struct svnic_mbox_vif_query_rsp rs;
	memcpy(&rs, &hal.reg[SVNIC_FW_MBOX_RSP / 4], sizeof(rs));
	assert_int_equal(rs.h.status, SVNIC_MBOX_ST_OK);
	assert_int_equal(rs.h.len, sizeof(rs));
	assert_int_equal(rs.state, SVNIC_VIF_READY);
	assert_int_equal(rs.mac[5], 2);
	assert_int_equal(rs.features, FEAT);
	assert_int_equal(card.core[0].st.mbox_cmds, c0);

	/* Core 0's own VIF: answered in the pass it arrived. */
	q.vif = 0;
	mbox_post(&q, sizeof(q));
	pass(0);
	assert_false(mbox_pending());
	assert_int_equal(card.core[0].st.mbox_cmds, c0 + 1);
	memcpy(&rs, &hal.reg[SVNIC_FW_MBOX_RSP / 4], sizeof(rs));
	assert_int_equal(rs.mac[5], 1);

	/* A card command (CARD_INFO) is core 0's too. */
	struct svnic_mbox_hdr ci = { SVNIC_MBOX_OP_CARD_INFO, sizeof(ci), 1 };
	mbox_post(&ci, sizeof(ci));
	pass(0);
	assert_false(mbox_pending());
	assert_int_equal(card.core[0].st.mbox_cmds, c0 + 2);

	/* VIF_CREATE goes to the core of the VIF it will create: 2 is core 0's,
	 * then 3 is core 1's. */
	assert_int_equal(fake_make_vif(&hal, &card, 3, FEAT), 2);
	assert_int_equal(card.core[0].st.mbox_cmds, c0 + 5);
	assert_int_equal(fake_make_vif(&hal, &card, 4, FEAT), 3);
	assert_int_equal(card.core[1].st.mbox_cmds, c1 + 4);
	/* and with none free, core 0 answers NO_SPACE */
	struct svnic_mbox_vif_create_req cr;
	memset(&cr, 0, sizeof(cr));
	cr.h = (struct svnic_mbox_hdr){ SVNIC_MBOX_OP_VIF_CREATE, sizeof(cr), 0 };
	cr.mac[0] = 0x02;
	cr.mac[5] = 9;
	assert_int_equal(fake_mbox_exec(&hal, &card, &cr, sizeof(cr), NULL, 0), SVNIC_MBOX_ST_NO_SPACE);
	/* an address another core's VIF has is taken */
	cr.mac[5] = 2;
	struct svnic_mbox_hdr d = { SVNIC_MBOX_OP_VIF_DESTROY, sizeof(d), 2 };
	assert_int_equal(fake_mbox_exec(&hal, &card, &d, sizeof(d), NULL, 0), SVNIC_MBOX_ST_OK);
	assert_int_equal(fake_mbox_exec(&hal, &card, &cr, sizeof(cr), NULL, 0), SVNIC_MBOX_ST_EXISTS);
}

/* Control work waits for the control lock: nothing runs while another core
 * holds it, and it runs on a later pass. */
static void control_waits_for_the_lock(void **state)
{
	(void)state;
	assert_int_equal(fake_make_vif(&hal, &card, 1, FEAT), 0);
	assert_int_equal(fake_make_vif(&hal, &card, 2, FEAT), 1);
	uint64_t c0 = card.core[0].st.mbox_cmds, c1 = card.core[1].st.mbox_cmds;
	atomic_store(&card.ctl_lock, 2u); /* core 1 holds it */
	struct svnic_mbox_hdr q = { SVNIC_MBOX_OP_VIF_QUERY, sizeof(q), 0 };
	mbox_post(&q, sizeof(q));
	pass(0);
	pass(0);
	assert_true(mbox_pending());
	assert_int_equal(card.core[0].st.mbox_cmds, c0);
	assert_int_equal(card.core[0].st.ctl_busy, 2);
	atomic_store(&card.ctl_lock, 0u);
	pass(0);
	assert_false(mbox_pending());
	assert_int_equal(card.core[0].st.mbox_cmds, c0 + 1);

	/* the same on core 1, for a command routed to it */
	atomic_store(&card.ctl_lock, 1u); /* core 0 holds it */
	q.vif = 1;
	mbox_post(&q, sizeof(q));
	pass(0);
	pass(1);
	assert_int_equal(atomic_load(&card.core[1].xcmd_state), FW_XCMD_POSTED);
	assert_int_equal(card.core[1].st.ctl_busy, 1);
	atomic_store(&card.ctl_lock, 0u);
	pass(1);
	pass(0);
	assert_false(mbox_pending());
	assert_int_equal(card.core[1].st.mbox_cmds, c1 + 1);
	assert_int_equal(atomic_load(&card.ctl_lock), 0);
}

/*
 * VIF 0 (core 0) floods its TX ring; VIF 2 (core 0) and VIF 1 (core 1) have
 * one frame each. One pass of core 0 sends VIF 0's budget and VIF 2's
 * frame; core 1 sends VIF 1's whatever core 0 has left; VIF 0's frames all
 * go out in order over the next passes.
 */
static void flood_starves_nobody(void **state)
{
	(void)state;
	enum { FLOOD = 32 };
	for (unsigned i = 0; i < 3; i++)
		assert_int_equal(fake_make_vif(&hal, &card, (uint8_t)(i + 1), FEAT), i);
	struct fake_split tx0 = attach(0, 1, 0x0000, 32);
	struct fake_split tx1 = attach(1, 1, 0x1000, 32);
	struct fake_split tx2 = attach(2, 1, 0x2000, 32);
	post_tx(&tx0, 0x4000, 0, 1, 0, FLOOD);
	post_tx(&tx2, 0x6000, 2, 1, 0, 1);
	post_tx(&tx1, 0x7000, 1, 0, 0, 1);

	pass(0);
	assert_int_equal(sent_by(0), FW_TX_BUDGET);
	assert_int_equal(sent_by(2), 1);
	pass(1);
	assert_int_equal(sent_by(1), 1);
	assert_true(card.vif[0].vq[1].active); /* still has frames */
	for (unsigned p = 0; p < PASSES && sent_by(0) < FLOOD; p++)
		pass(0);
	assert_int_equal(sent_by(0), FLOOD);
	assert_int_equal(fake_split_used_idx(&hal, &tx0), FLOOD);
	assert_int_equal(fake_split_used_idx(&hal, &tx1), 1);
	assert_int_equal(fake_split_used_idx(&hal, &tx2), 1);
	/* VIF 0's frames in the order posted */
	unsigned seq = 0;
	for (unsigned i = 0; i < hal.tx_sent; i++) {
		if (hal.sent[i].vif != 0)
			continue;
		uint8_t want[FRAME_LEN];
		frame(want, 0, 1, seq++);
		assert_int_equal(hal.sent[i].len, FRAME_LEN);
		assert_memory_equal(hal.sent[i].data, want, FRAME_LEN);
	}
	assert_int_equal(card.core[0].st.tx_chains, FLOOD + 1);
	assert_int_equal(card.core[1].st.tx_chains, 1);
	assert_int_equal(card.vif[0].pair_tx[0] + card.vif[2].pair_tx[0], card.core[0].st.tx_chains);
	assert_int_equal(card.vif[1].pair_tx[0], card.core[1].st.tx_chains);
	assert_int_equal(hal.tx_sent, FLOOD + 2);
}

/*
 * The datapath has one TX assembly buffer: a core's TX pass holds it, a
 * core that misses it sends on a later pass, and the core that had it last
 * gives way to the one that missed it.
 */
static void tx_buffer_taken_in_turn(void **state)
{
	(void)state;
	assert_int_equal(fake_make_vif(&hal, &card, 1, FEAT), 0);
	assert_int_equal(fake_make_vif(&hal, &card, 2, FEAT), 1);
	struct fake_split tx0 = attach(0, 1, 0x0000, 16);
	struct fake_split tx1 = attach(1, 1, 0x1000, 16);
	post_tx(&tx0, 0x4000, 0, 1, 0, 2);
	post_tx(&tx1, 0x6000, 1, 0, 0, 2);

	atomic_store(&card.txbuf_lock, 2u); /* core 1 is sending */
	assert_true(pass(0));
	assert_int_equal(sent_by(0), 0);
	assert_int_equal(card.core[0].st.txbuf_busy, 1);
	atomic_store(&card.txbuf_lock, 0u);
	atomic_store(&card.txbuf_last, 2u);
	pass(1); /* had it last, core 0 waits: gives way */
	assert_int_equal(sent_by(1), 0);
	assert_int_equal(card.core[1].st.txbuf_busy, 1);
	pass(0);
	assert_int_equal(sent_by(0), 2);
	pass(1);
	assert_int_equal(sent_by(1), 2);
	assert_int_equal(atomic_load(&card.txbuf_lock), 0);
	assert_int_equal(atomic_load(&card.txbuf_want), 0);
	/* each frame whole: written and sent by one core at a time */
	for (unsigned i = 0; i < hal.tx_sent; i++) {
		uint8_t want[FRAME_LEN];
		unsigned src = hal.sent[i].vif, k = i < 2 ? i : i - 2;
		frame(want, src, 1u - src, k);
		assert_memory_equal(hal.sent[i].data, want, FRAME_LEN);
	}
}

/* Four cores, a VIF each: a VIF's frames leave only in its core's pass,
 * and each core ran exactly its VIF's commands. */
static void four_cores_a_vif_each(void **state)
{
	(void)state;
	fake_hal_reset(&hal, 4, QPV);
	hal.cores = 4;
	assert_int_equal(fw_init(&card, &hal), 0);
	struct fake_split tx[4];
	for (unsigned v = 0; v < 4; v++) {
		assert_int_equal(fake_make_vif(&hal, &card, (uint8_t)(v + 1), FEAT), v);
		tx[v] = attach(v, 1, 0x1000u * v, 16);
		post_tx(&tx[v], 0x8000u + 0x800u * v, v, (v + 1u) % 4u, 0, 3);
	}
	pass(0); /* takes the doorbell words for everyone */
	for (unsigned k = 1; k < 4; k++) {
		assert_int_equal(sent_by(k), 0);
		pass(k);
		assert_int_equal(sent_by(k), 3);
	}
	for (unsigned k = 0; k < 4; k++) {
		assert_int_equal(sent_by(k), 3);
		assert_int_equal(card.core[k].st.tx_chains, 3);
		assert_int_equal(card.core[k].st.mbox_cmds, 4); /* create, map, features, attach */
		assert_int_equal(card.vif[k].pair_tx[0], 3);
		assert_int_equal(fake_split_used_idx(&hal, &tx[k]), 3);
	}
	assert_int_equal(hal.tx_sent, 12);
}

/* The platform decides the cores: more than the firmware has is refused,
 * and a core the card lacks does nothing. */
static void core_count_checked(void **state)
{
	(void)state;
	fake_hal_reset(&hal, 4, QPV);
	hal.cores = FW_MAX_CORES + 1u;
	assert_int_equal(fw_init(&card, &hal), -1);
	hal.cores = 0;
	assert_int_equal(fw_init(&card, &hal), -1);
	hal.cores = FW_MAX_CORES;
	assert_int_equal(fw_init(&card, &hal), 0);
	hal.cores = 2;
	assert_int_equal(fw_init(&card, &hal), 0);
	assert_false(pass(5));
	assert_int_equal(card.core[0].st.passes + card.core[1].st.passes, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(frames_cross_cores, setup),
		cmocka_unit_test_setup(command_runs_on_owner, setup),
		cmocka_unit_test_setup(control_waits_for_the_lock, setup),
		cmocka_unit_test_setup(flood_starves_nobody, setup),
		cmocka_unit_test_setup(tx_buffer_taken_in_turn, setup),
		cmocka_unit_test_setup(four_cores_a_vif_each, setup),
		cmocka_unit_test_setup(core_count_checked, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
