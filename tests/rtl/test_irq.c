/* SPDX-License-Identifier: MIT */
/*
 * rtl_irq: the verilated svnic_irq (NUM_VEC = 8, 40 and 1088: beyond one
 * 32-bit word of pending bits) against a C reference model, and against
 * the behaviour its contract promises (include/svnic/regs.h, IRQ_TABLE).
 *
 * Per configuration, after a reset:
 *  1. random: raises, mask / max_frames / max_usecs writes, table and
 *     pending-bit reads and output stalls at random, on a few hot vectors
 *     and on the whole table; the model runs beside the RTL cycle by cycle
 *     and every output (message valid and vector, read data, init_busy) must
 *     match in every cycle.
 *  2. contract, checked on the RTL alone: 0/0 sends a raise at once; with
 *     max_frames N the Nth raise sends and the first N-1 do not, however
 *     long they wait; with max_usecs U the message leaves no earlier than
 *     (U - 1) microseconds and no later than U microseconds plus one scan
 *     of the table; a masked vector sends nothing and shows its pending
 *     bit, unmasking sends once and clears it; a raise of a masked vector
 *     with moderation is held in pending, not counted.
 * Usage: rtl_irq [seed] [cycles-per-configuration]
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "irq_shim.h"
#include "tb_rng.h"

#define MAXV 2048u
#define FRAMES_MASK 0xffu
#define USECS_MASK 0xffffu
#define TS_MASK 0x1ffffu /* USECS_W + 1 bits */
enum { K_RAISE, K_UNMASK, K_SCAN };

/* The reference: svnic_irq's two stages, register by register. */
struct ref {
	unsigned n, cpu;
	uint8_t mask[MAXV];
	uint8_t frames[MAXV];
	uint16_t usecs[MAXV];
	uint8_t pend[MAXV], cnt[MAXV];
	uint32_t t0[MAXV];
	uint8_t pba[MAXV];
	unsigned cyc;
	uint32_t now;
	int init;
	unsigned init_ptr;
	int unm;
	unsigned unm_vec, scan;
	int b_valid, b_kind;
	unsigned b_vec;
	uint8_t q_pend, q_cnt, q_mask, q_frames;
	uint32_t q_t0;
	uint16_t q_usecs;
	int cw_valid;
	unsigned cw_vec, cw_sel;
	uint32_t cw_data;
	int fw_valid;
	unsigned fw_vec;
	uint8_t fw_pend, fw_cnt;
	uint32_t fw_t0;
	int valid;
	unsigned vec;
	uint32_t rd_data;
};

static void ref_reset(struct ref *r)
{
	r->init = 1;
	r->init_ptr = 0;
	r->unm = 0;
	r->scan = 0;
	r->b_valid = r->cw_valid = r->fw_valid = r->valid = 0;
	memset(r->pba, 0, sizeof(r->pba));
	r->rd_data = 0;
	r->cyc = 0;
	r->now = 0;
}

/* One clock edge with inputs `in`. */
static void ref_clock(struct ref *r, const struct irq_in *in)
{
	if (in->rst) {
		ref_reset(r);
		return;
	}
	/* stage A */
	int a_raise = in->raise && !r->init;
	int a_unmask = r->unm && !a_raise;
	int kind = a_raise ? K_RAISE : a_unmask ? K_UNMASK : K_SCAN;
	unsigned a_vec = a_raise ? in->raise_vec : a_unmask ? r->unm_vec : r->scan;
	int cfg_we = in->cfg_wr_en && !r->init;
	uint32_t wd = in->cfg_wr_data & 0xffffu;

	/* stage B */
	int cw_hit = r->cw_valid && r->cw_vec == r->b_vec;
	int mask = r->b_kind == K_UNMASK ? 0 : (cw_hit && r->cw_sel == 0) ? (int)(r->cw_data & 1u) : r->q_mask;
	unsigned frames = (cw_hit && r->cw_sel == 1) ? (r->cw_data & FRAMES_MASK) : r->q_frames;
	unsigned usecs = (cw_hit && r->cw_sel == 2) ? (r->cw_data & USECS_MASK) : r->q_usecs;
	int fwd = r->fw_valid && r->fw_vec == r->b_vec;
	unsigned pend = fwd ? r->fw_pend : r->q_pend;
	unsigned cnt = fwd ? r->fw_cnt : r->q_cnt;
	uint32_t t0 = fwd ? r->fw_t0 : r->q_t0;
	int accept = r->valid && in->irq_ready;
	int load = 0;
	if (r->b_kind == K_RAISE) {
		if (mask) {
			pend = 1;
		} else {
			if (cnt == 0)
				t0 = r->now;
			if (cnt != FRAMES_MASK)
				cnt++;
		}
	}
	uint32_t elapsed = (r->now - t0) & TS_MASK;
	int due = cnt != 0 && ((frames == 0 && usecs == 0) || (frames != 0 && cnt >= frames) ||
			       (usecs != 0 && elapsed >= usecs));
	if (mask) {
		if (due) {
			pend = 1;
			cnt = 0;
		}
	} else if (pend || due) {
		if (r->valid && !accept && r->vec == r->b_vec) {
			pend = 0;
			cnt = 0;
		} else if (!r->valid || accept) {
			load = 1;
			pend = 0;
			cnt = 0;
		}
	}
	if (!r->b_valid)
		load = 0;

	/* the edge: every register from the values above */
	unsigned rd_old_vec = in->rd_vec;
	uint32_t rd_val = 0;
	if (in->rd_pba) {
		for (unsigned i = 0; i < 32; i++)
			if (in->rd_word * 32 + i < r->n && r->pba[in->rd_word * 32 + i])
				rd_val |= 1u << i;
	} else if (in->rd_sel == 0) {
		rd_val = r->mask[rd_old_vec];
	} else if (in->rd_sel == 1) {
		rd_val = r->frames[rd_old_vec];
	} else if (in->rd_sel == 2) {
		rd_val = r->usecs[rd_old_vec];
	}
	uint8_t qm = r->mask[a_vec], qf = r->frames[a_vec];
	uint16_t qu = r->usecs[a_vec];
	uint8_t qp = r->pend[a_vec], qc = r->cnt[a_vec];
	uint32_t qt = r->t0[a_vec];

	if (r->init) {
		r->mask[r->init_ptr] = 0;
		r->frames[r->init_ptr] = 0;
		r->usecs[r->init_ptr] = 0;
	} else if (cfg_we) {
		if (in->cfg_wr_sel == 0)
			r->mask[in->cfg_wr_vec] = wd & 1u;
		else if (in->cfg_wr_sel == 1)
			r->frames[in->cfg_wr_vec] = (uint8_t)(wd & FRAMES_MASK);
		else if (in->cfg_wr_sel == 2)
			r->usecs[in->cfg_wr_vec] = (uint16_t)(wd & USECS_MASK);
	}
	if (r->init) {
		r->pend[r->init_ptr] = 0;
		r->cnt[r->init_ptr] = 0;
		r->t0[r->init_ptr] = 0;
	} else if (r->b_valid) {
		r->pend[r->b_vec] = (uint8_t)pend;
		r->cnt[r->b_vec] = (uint8_t)cnt;
		r->t0[r->b_vec] = t0;
	}
	if (r->b_valid)
		r->pba[r->b_vec] = (uint8_t)pend;
	r->fw_valid = r->b_valid;
	r->fw_vec = r->b_vec;
	r->fw_pend = (uint8_t)pend;
	r->fw_cnt = (uint8_t)cnt;
	r->fw_t0 = t0;
	if (accept)
		r->valid = 0;
	if (load) {
		r->valid = 1;
		r->vec = r->b_vec;
	}

	r->q_mask = qm;
	r->q_frames = qf;
	r->q_usecs = qu;
	r->q_pend = qp;
	r->q_cnt = qc;
	r->q_t0 = qt;
	r->b_valid = !r->init;
	r->b_kind = kind;
	r->b_vec = a_vec;
	r->cw_valid = cfg_we;
	r->cw_vec = in->cfg_wr_vec;
	r->cw_sel = in->cfg_wr_sel;
	r->cw_data = wd;
	if (!r->init && kind == K_SCAN)
		r->scan = r->scan == r->n - 1 ? 0 : r->scan + 1;
	if (a_unmask)
		r->unm = 0;
	if (cfg_we && in->cfg_wr_sel == 0 && !(wd & 1u)) {
		r->unm = 1;
		r->unm_vec = in->cfg_wr_vec;
	}
	if (r->init) {
		if (r->init_ptr == r->n - 1)
			r->init = 0;
		r->init_ptr++;
	}
	if (in->rd_en)
		r->rd_data = rd_val;
	if (r->cyc == r->cpu - 1) {
		r->cyc = 0;
		r->now = (r->now + 1) & TS_MASK;
	} else {
		r->cyc++;
	}
}

/* ---- the bench ---- */

struct tb {
	const struct irq_model *md;
	void *m;
	struct irq_in in;
	struct irq_out out;
	struct ref ref;
	int with_ref;
	uint64_t cycle;
	unsigned long errors;
	/* messages seen (valid && ready) since the last clear */
	unsigned nmsg;
	unsigned msg_vec[64];
	uint64_t msg_cycle[64];
	uint64_t total_msgs;
};

#define CHECK(tb, cond, ...)                                                       \
	do {                                                                       \
		if (!(cond)) {                                                     \
			if ((tb)->errors++ < 10) {                                 \
				printf("  %s cycle %" PRIu64 ": ", (tb)->md->name, \
				       (tb)->cycle);                               \
				printf(__VA_ARGS__);                               \
				printf("\n");                                      \
			}                                                          \
		}                                                                  \
	} while (0)

/* One cycle: settle, compare with the model, record messages, clock. The
 * one-cycle inputs (raise, writes, reads) are cleared afterwards. */
static void step(struct tb *t)
{
	t->md->comb(t->m, &t->in, &t->out);
	if (t->with_ref) {
		const struct ref *r = &t->ref;
		CHECK(t, t->out.init_busy == r->init, "init_busy %d, model %d", t->out.init_busy, r->init);
		CHECK(t, t->out.irq_valid == r->valid, "irq_valid %d, model %d", t->out.irq_valid, r->valid);
		if (r->valid)
			CHECK(t, t->out.irq_vector == r->vec, "irq_vector %u, model %u", t->out.irq_vector, r->vec);
		CHECK(t, t->out.rd_data == r->rd_data, "rd_data 0x%x, model 0x%x", t->out.rd_data, r->rd_data);
	}
	if (t->out.irq_valid && t->in.irq_ready) {
		if (t->nmsg < 64) {
			t->msg_vec[t->nmsg] = t->out.irq_vector;
			t->msg_cycle[t->nmsg] = t->cycle;
		}
		t->nmsg++;
		t->total_msgs++;
	}
	if (t->with_ref)
		ref_clock(&t->ref, &t->in);
	t->md->posedge(t->m);
	t->cycle++;
	t->in.rst = 0;
	t->in.raise = 0;
	t->in.cfg_wr_en = 0;
	t->in.rd_en = 0;
}

static void run(struct tb *t, unsigned cycles)
{
	for (unsigned i = 0; i < cycles; i++)
		step(t);
}

static void reset(struct tb *t)
{
	memset(&t->in, 0, sizeof(t->in));
	t->in.rst = 1;
	step(t);
	t->in.rst = 1;
	step(t);
	t->in.irq_ready = 1;
	unsigned guard = 0;
	do {
		step(t);
	} while (t->out.init_busy && ++guard < 3 * MAXV);
	CHECK(t, !t->out.init_busy, "table still clearing after %u cycles", guard);
}

/* A raise, then one idle cycle (the register port's spacing). */
static void raise(struct tb *t, unsigned v)
{
	t->in.raise = 1;
	t->in.raise_vec = v;
	step(t);
	step(t);
}

static void cfg(struct tb *t, unsigned v, unsigned sel, uint32_t val)
{
	t->in.cfg_wr_en = 1;
	t->in.cfg_wr_vec = v;
	t->in.cfg_wr_sel = sel;
	t->in.cfg_wr_data = val;
	step(t);
	step(t);
}

static uint32_t rd(struct tb *t, int pba, unsigned idx, unsigned sel)
{
	t->in.rd_en = 1;
	t->in.rd_pba = pba;
	t->in.rd_word = pba ? idx : 0;
	t->in.rd_vec = pba ? 0 : idx;
	t->in.rd_sel = sel;
	step(t);
	t->md->comb(t->m, &t->in, &t->out);
	return t->out.rd_data;
}

static int pending_bit(struct tb *t, unsigned v)
{
	return (int)((rd(t, 1, v / 32, 0) >> (v % 32)) & 1u);
}

/* Phase 1: random traffic on the RTL and the model side by side. */
static void phase_random(struct tb *t, unsigned cycles)
{
	unsigned n = t->md->num_vec;
	unsigned hot[4] = {0, n - 1, n / 2, rnd_below(n)};
	int last_raise = 0, last_cfg = 0;

	t->with_ref = 1;
	for (unsigned c = 0; c < cycles; c++) {
		/* vary the mix over the run: busy phases and quiet ones */
		unsigned busy = (c / 4096) % 3;
		unsigned p_raise = busy == 0 ? 30 : busy == 1 ? 8 : 1;
		t->in.irq_ready = busy == 2 ? 1 : chance(75);
		if (!last_raise && chance(p_raise)) {
			t->in.raise = 1;
			t->in.raise_vec = chance(70) ? hot[rnd_below(4)] : rnd_below(n);
		}
		if (!last_cfg && chance(3)) {
			unsigned sel = rnd_below(4);
			uint32_t val;
			if (sel == 0)
				val = chance(60) ? 0 : (uint32_t)rnd(); /* bit 0 decides */
			else if (sel == 1)
				val = chance(40) ? 0 : chance(80) ? rnd_range(1, 4) : (uint32_t)rnd();
			else
				val = chance(40) ? 0 : chance(80) ? rnd_range(1, 6) : (uint32_t)rnd();
			t->in.cfg_wr_en = 1;
			t->in.cfg_wr_vec = chance(70) ? hot[rnd_below(4)] : rnd_below(n);
			t->in.cfg_wr_sel = sel;
			t->in.cfg_wr_data = val;
		}
		if (chance(10)) {
			t->in.rd_en = 1;
			t->in.rd_pba = chance(50);
			t->in.rd_word = rnd_below((n + 31) / 32);
			t->in.rd_vec = chance(70) ? hot[rnd_below(4)] : rnd_below(n);
			t->in.rd_sel = rnd_below(4);
		}
		last_raise = t->in.raise;
		last_cfg = t->in.cfg_wr_en;
		step(t);
	}
	t->with_ref = 0;
}

static void clear_msgs(struct tb *t)
{
	t->nmsg = 0;
}

/* Phase 2: the contract, on the RTL alone (after a reset). */
static void phase_contract(struct tb *t)
{
	unsigned n = t->md->num_vec, cpu = t->md->cycles_per_us;
	unsigned v = n - 1, w = n > 1 ? n / 2 : 0;

	reset(t);
	/* 0 / 0: at once */
	clear_msgs(t);
	raise(t, v);
	run(t, 2);
	CHECK(t, t->nmsg == 1 && t->msg_vec[0] == v, "0/0 raise of %u: %u messages", v, t->nmsg);

	/* max_frames 3 */
	cfg(t, v, 1, 3);
	for (unsigned k = 0; k < 3; k++) {
		clear_msgs(t);
		raise(t, v);
		raise(t, v);
		run(t, 3 * n + 100 * cpu);
		CHECK(t, t->nmsg == 0, "max_frames 3: two raises sent %u messages", t->nmsg);
		raise(t, v);
		run(t, 2);
		CHECK(t, t->nmsg == 1 && t->msg_vec[0] == v, "max_frames 3: third raise sent %u", t->nmsg);
	}
	cfg(t, v, 1, 0);

	/* max_usecs 5 (and max_frames 0): one message per window */
	cfg(t, w, 2, 5);
	for (unsigned k = 0; k < 3; k++) {
		clear_msgs(t);
		uint64_t c0 = t->cycle;
		raise(t, w);
		raise(t, w);
		run(t, 5 * cpu + n + 8);
		CHECK(t, t->nmsg == 1, "max_usecs 5: %u messages", t->nmsg);
		if (t->nmsg == 1) {
			uint64_t d = t->msg_cycle[0] - c0;
			CHECK(t, d >= 4 * cpu && d <= 5 * cpu + n + 4,
			      "max_usecs 5: message after %" PRIu64 " cycles (%u cycles a microsecond)", d, cpu);
		}
	}
	/* both limits: frames first */
	cfg(t, w, 1, 2);
	cfg(t, w, 2, 50);
	clear_msgs(t);
	raise(t, w);
	raise(t, w);
	run(t, 2);
	CHECK(t, t->nmsg == 1, "frames 2 / usecs 50: the second raise sent %u", t->nmsg);
	cfg(t, w, 1, 0);
	cfg(t, w, 2, 0);

	/* mask and pending */
	cfg(t, v, 0, 1);
	CHECK(t, rd(t, 0, v, 0) == 1, "mask reads back %u", t->out.rd_data);
	clear_msgs(t);
	raise(t, v);
	raise(t, v);
	run(t, 2 * n + 8);
	CHECK(t, t->nmsg == 0, "masked vector sent %u", t->nmsg);
	CHECK(t, pending_bit(t, v), "pending bit of masked raised vector %u clear", v);
	if (w != v)
		CHECK(t, !pending_bit(t, w), "pending bit of vector %u set", w);
	cfg(t, v, 0, 0);
	run(t, 2);
	CHECK(t, t->nmsg == 1 && t->msg_vec[0] == v, "unmask sent %u messages", t->nmsg);
	CHECK(t, !pending_bit(t, v), "pending bit still set after unmask");
	run(t, 2 * n + 8);
	CHECK(t, t->nmsg == 1, "unmask: %u messages in the end", t->nmsg);

	/* masked with moderation: pending, not counted; unmask sends */
	cfg(t, v, 1, 4);
	cfg(t, v, 0, 1);
	clear_msgs(t);
	raise(t, v);
	run(t, 2 * n + 8);
	CHECK(t, t->nmsg == 0 && pending_bit(t, v), "masked moderated raise: %u messages", t->nmsg);
	cfg(t, v, 0, 0);
	run(t, 2);
	CHECK(t, t->nmsg == 1 && !pending_bit(t, v), "unmask of moderated vector: %u messages", t->nmsg);

	/* setting reads */
	cfg(t, w, 1, 0x1234);
	cfg(t, w, 2, 0x12345);
	CHECK(t, rd(t, 0, w, 1) == 0x34, "max_frames reads 0x%x", t->out.rd_data);
	CHECK(t, rd(t, 0, w, 2) == 0x2345, "max_usecs reads 0x%x", t->out.rd_data);

	/* a reset clears the table */
	reset(t);
	CHECK(t, rd(t, 0, v, 0) == 0 && rd(t, 0, v, 1) == 0 && rd(t, 0, w, 2) == 0,
	      "settings survived reset");
	clear_msgs(t);
	raise(t, v);
	run(t, 2);
	CHECK(t, t->nmsg == 1, "after reset a raise sent %u", t->nmsg);
}

static int run_model(const struct irq_model *md, unsigned cycles)
{
	struct tb *t = calloc(1, sizeof(*t));
	if (!t) {
		printf("out of memory\n");
		return 1;
	}
	t->md = md;
	t->m = md->create();
	t->ref.n = md->num_vec;
	t->ref.cpu = md->cycles_per_us;
	ref_reset(&t->ref); /* the RTL starts clearing at power-up too */
	/* the reset in phase 1 runs with the model */
	t->with_ref = 1;
	memset(&t->in, 0, sizeof(t->in));
	t->in.rst = 1;
	step(t);
	t->in.irq_ready = 1;
	run(t, md->num_vec + 2);
	phase_random(t, cycles);
	uint64_t random_msgs = t->total_msgs;
	phase_contract(t);
	printf("  %s: NUM_VEC %u, %u cycles against the model (%" PRIu64 " messages), contract checks: %s\n",
	       md->name, md->num_vec, cycles, random_msgs, t->errors ? "FAIL" : "ok");
	int fail = t->errors != 0;
	md->destroy(t->m);
	free(t);
	return fail;
}

int main(int argc, char **argv)
{
	uint64_t seed = argc > 1 ? strtoull(argv[1], NULL, 0) : (uint64_t)time(NULL);
	unsigned cycles = argc > 2 ? (unsigned)strtoul(argv[2], NULL, 0) : 400000;
	const struct irq_model *models[] = {&irq8_model, &irq40_model, &irq1088_model};
	int fail = 0;

	printf("rtl_irq seed %" PRIu64 " (rerun: rtl_irq %" PRIu64 " %u)\n", seed, seed, cycles);
	rng_seed(seed);
	for (unsigned i = 0; i < sizeof models / sizeof models[0]; i++)
		fail |= run_model(models[i], cycles);
	printf("%s\n", fail ? "FAIL" : "PASS");
	return fail;
}
