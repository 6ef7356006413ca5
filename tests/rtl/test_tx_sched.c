/* SPDX-License-Identifier: MIT */
/*
 * rtl_tx_sched: the verilated svnic_tx_sched (NUM_VIFS = 4, 64, 256) against
 * a C reference of its DRR and against the properties of its token buckets.
 *
 * Per configuration, three phases, each after a reset:
 *  1. exact: every VIF permanently backlogged, random quanta, no rate
 *     limits, random frame-size distributions; every grant is compared with
 *     the C reference DRR, and the byte share of each VIF is checked to be
 *     within 5% of quantum / sum of quanta.
 *  2. rates: as 1, plus a random subset of VIFs rate limited well below
 *     their weighted share; each limited VIF must get its rate (>= 95%) and
 *     never more than burst + rate * ticks + one frame over any window; the
 *     unlimited VIFs must share the rest within 5% of their quanta.
 *  3. churn: random arrivals (VIFs go idle and come back through doorbells,
 *     duplicate doorbells), quanta rewritten on the fly, jumbo frames, grant
 *     stalls; no grant may name a VIF without frames, the window rate bound
 *     holds, and once arrivals stop (and rate limits are lifted) every
 *     frame is sent.
 * Usage: rtl_tx_sched [seed] [scale-percent]
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tx_sched_shim.h"
#include "tb_rng.h"

#define MAXV 256
#define DBQ_SIZE 4096
#define LEN_STD 1518u
#define LEN_JUMBO 9000u


enum { DIST_UNIFORM, DIST_BIMODAL, DIST_IMIX, DIST_FIXED, DIST_JUMBO, DIST_STD_COUNT = 4 };

enum link_state { LINK_IDLE, LINK_BUSY, LINK_DONE };

struct tb {
	const struct sched_model *md;
	void *m;
	struct sched_in in;
	struct sched_out out;
	unsigned nv, tick;
	uint64_t cycle, cycle0;
	unsigned long errors;

	/* configuration mirror */
	uint32_t quantum[MAXV], rate[MAXV], burst[MAXV];
	int dist[MAXV];
	unsigned fixed_len[MAXV];

	/* traffic sources: frames queued per VIF (-1: endless) */
	long backlog[MAXV];
	unsigned dbq[DBQ_SIZE];
	unsigned dbq_head, dbq_tail;
	int grant_ready_pct;

	/* link */
	enum link_state link;
	unsigned link_vif, link_len;
	int link_empty;
	/* a doorbell for the VIF was taken since it last went idle */
	uint8_t db_taken[MAXV];
	uint64_t empty_grants;
	long link_left;

	/* statistics for the current phase */
	uint64_t bytes[MAXV], frames[MAXV];
	uint64_t grants;
	int check_rates;
	int64_t cum[MAXV], minf[MAXV];
	int minf_set[MAXV];
	int64_t worst_margin; /* smallest slack left to the window rate bound */

	/* exact reference DRR (phase 1) */
	int ref_on;
	int64_t ref_def[MAXV];
	unsigned ref_fifo[MAXV + 1];
	unsigned ref_head, ref_tail;
	int ref_next;
};

static void fail(struct tb *t, const char *what)
{
	if (t->errors < 10)
		fprintf(stderr, "%s: cycle %" PRIu64 ": %s\n", t->md->name, t->cycle, what);
	t->errors++;
}

static unsigned gen_len(struct tb *t, unsigned v)
{
	switch (t->dist[v]) {
	case DIST_UNIFORM: return rnd_range(64, LEN_STD);
	case DIST_BIMODAL: return rnd_below(2) ? 64 : LEN_STD;
	case DIST_IMIX: {
		unsigned r = rnd_below(12);
		return r < 7 ? 64 : r < 11 ? 576 : LEN_STD;
	}
	case DIST_FIXED: return t->fixed_len[v];
	default: return rnd_range(64, LEN_JUMBO);
	}
}

static unsigned max_len(const struct tb *t, unsigned v)
{
	return t->dist[v] == DIST_JUMBO ? LEN_JUMBO : LEN_STD;
}

static void db_push(struct tb *t, unsigned v)
{
	if (t->dbq_tail - t->dbq_head >= DBQ_SIZE) {
		fail(t, "testbench doorbell queue overflow");
		return;
	}
	t->dbq[t->dbq_tail++ % DBQ_SIZE] = v;
}

static uint64_t ticks_now(const struct tb *t) { return (t->cycle - t->cycle0) / t->tick; }

/* ---- reference DRR, unlimited rates, permanent backlog ---- */

static void ref_push(struct tb *t, unsigned v) { t->ref_fifo[t->ref_tail++ % (MAXV + 1)] = v; }

static unsigned ref_grant(struct tb *t)
{
	if (t->ref_next >= 0) {
		unsigned v = (unsigned)t->ref_next;
		t->ref_next = -1;
		return v;
	}
	for (;;) {
		unsigned v = t->ref_fifo[t->ref_head++ % (MAXV + 1)];
		if (t->ref_def[v] <= 0)
			t->ref_def[v] += t->quantum[v];
		if (t->ref_def[v] > 0)
			return v;
		ref_push(t, v);
	}
}

static void ref_done(struct tb *t, unsigned v, unsigned len)
{
	t->ref_def[v] -= len;
	if (t->ref_def[v] > 0)
		t->ref_next = (int)v;
	else
		ref_push(t, v);
}

/* ---- one clock cycle ---- */

static void on_grant(struct tb *t, unsigned v)
{
	char msg[160];
	int empty = 0;
	if (v >= t->nv) {
		snprintf(msg, sizeof msg, "grant to VIF %u, which does not exist", v);
		fail(t, msg);
		v = 0;
	}
	if (t->backlog[v] == 0) {
		/* allowed only after a stale (duplicate) doorbell: the source reports an empty frame */
		if (!t->db_taken[v]) {
			snprintf(msg, sizeof msg, "grant to VIF %u, which has no frame and no doorbell", v);
			fail(t, msg);
		}
		empty = 1;
		t->empty_grants++;
	}
	if (t->ref_on) {
		unsigned want = ref_grant(t);
		if (want != v) {
			snprintf(msg, sizeof msg, "grant %" PRIu64 ": VIF %u, reference VIF %u", t->grants, v,
				 want);
			fail(t, msg);
		}
	}
	unsigned len = empty ? 0 : gen_len(t, v);
	t->grants++;
	t->bytes[v] += len;
	t->frames[v]++;
	if (t->check_rates && t->rate[v]) {
		/* window [s, now]: bytes granted in it <= burst + rate * (ticks + 2) + one frame */
		int64_t tk = (int64_t)ticks_now(t);
		int64_t f = t->cum[v] - (int64_t)t->rate[v] * tk;
		if (!t->minf_set[v] || f < t->minf[v]) {
			t->minf[v] = f;
			t->minf_set[v] = 1;
		}
		t->cum[v] += len;
		int64_t over = t->cum[v] - (int64_t)t->rate[v] * tk - t->minf[v];
		int64_t limit = (int64_t)t->burst[v] + 2 * (int64_t)t->rate[v] + max_len(t, v);
		if (limit - over < t->worst_margin)
			t->worst_margin = limit - over;
		if (over > limit) {
			snprintf(msg, sizeof msg,
				 "VIF %u exceeded its rate: %" PRId64 " bytes in a window allowing %" PRId64, v,
				 over, limit);
			fail(t, msg);
		}
	}
	t->link = LINK_BUSY;
	t->link_vif = v;
	t->link_len = len;
	t->link_empty = empty;
	t->link_left = (len + 7) / 8 + (rnd_below(8) == 0 ? rnd_below(4) : 0);
}

static void cycle(struct tb *t)
{
	struct sched_in *in = &t->in;

	in->db_valid = t->dbq_head != t->dbq_tail;
	in->db_vif = in->db_valid ? t->dbq[t->dbq_head % DBQ_SIZE] : 0;
	in->grant_ready = (int)rnd_below(100) < t->grant_ready_pct;
	if (t->link == LINK_DONE && !in->done_valid) {
		/* the frame count is latched when done is presented (AXI-Stream: stable while valid) */
		in->done_valid = 1;
		in->done_len = t->link_len;
		in->done_more = t->backlog[t->link_vif] < 0 ||
				t->backlog[t->link_vif] > (t->link_empty ? 0 : 1);
	}
	t->md->comb(t->m, in, &t->out);

	if (in->db_valid && t->out.db_ready) {
		if (in->db_vif < MAXV)
			t->db_taken[in->db_vif] = 1;
		t->dbq_head++;
	}
	if (t->out.grant_valid && in->grant_ready) {
		if (t->link != LINK_IDLE)
			fail(t, "second grant while a frame is outstanding");
		on_grant(t, t->out.grant_vif);
	}
	if (in->done_valid && t->out.done_ready) {
		unsigned v = t->link_vif;
		in->done_valid = 0;
		t->link = LINK_IDLE;
		if (t->backlog[v] > 0 && !t->link_empty)
			t->backlog[v]--;
		if (!in->done_more)
			t->db_taken[v] = 0;
		if (t->ref_on)
			ref_done(t, v, t->link_len);
		/* a frame that arrived after done was presented needs a doorbell */
		if (!in->done_more && t->backlog[v] != 0)
			db_push(t, v);
	}
	t->md->posedge(t->m);
	t->cycle++;
	in->cfg_wr_en = 0;
	if (t->link == LINK_BUSY && --t->link_left <= 0)
		t->link = LINK_DONE;
}

static void cfg_write(struct tb *t, unsigned v, unsigned sel, uint32_t val)
{
	t->in.cfg_wr_en = 1;
	t->in.cfg_wr_vif = v;
	t->in.cfg_wr_sel = sel;
	t->in.cfg_wr_data = val;
	if (sel == 0)
		t->quantum[v] = val;
	else if (sel == 1)
		t->rate[v] = val;
	else
		t->burst[v] = val;
	cycle(t);
}

/* Reset, wait for the RAM initialization, configure, clear statistics. */
static void phase_reset(struct tb *t)
{
	memset(&t->in, 0, sizeof t->in);
	t->dbq_head = t->dbq_tail = 0;
	t->link = LINK_IDLE;
	t->ref_on = 0;
	t->check_rates = 0;
	t->in.rst = 1;
	cycle(t);
	cycle(t);
	t->in.rst = 0;
	t->cycle0 = t->cycle;
	unsigned n = 0;
	do {
		cycle(t);
		n++;
	} while (t->out.init_busy && n < 1000);
	if (t->out.init_busy)
		fail(t, "initialization does not finish");
	for (unsigned v = 0; v < MAXV; v++) {
		t->quantum[v] = 2048;
		t->rate[v] = 0;
		t->burst[v] = 16384;
		t->backlog[v] = 0;
		t->bytes[v] = t->frames[v] = 0;
		t->cum[v] = t->minf[v] = 0;
		t->minf_set[v] = 0;
		t->ref_def[v] = 0;
		t->db_taken[v] = 0;
	}
	t->empty_grants = 0;
	t->grants = 0;
	t->ref_on = 0;
	t->ref_head = t->ref_tail = 0;
	t->ref_next = -1;
	t->check_rates = 0;
	t->worst_margin = INT64_MAX;
	t->grant_ready_pct = 100;
}

static void random_dists(struct tb *t, int jumbo)
{
	for (unsigned v = 0; v < t->nv; v++) {
		t->dist[v] = (int)rnd_below(DIST_STD_COUNT + (jumbo ? 1 : 0));
		t->fixed_len[v] = rnd_range(64, LEN_STD);
	}
}

/* Byte share of each VIF in set (mask) against its quantum share. */
static double share_error(struct tb *t, const uint8_t *set, const char *label)
{
	uint64_t tot = 0, qtot = 0;
	double worst = 0;
	unsigned worst_v = 0;
	for (unsigned v = 0; v < t->nv; v++)
		if (set[v]) {
			tot += t->bytes[v];
			qtot += t->quantum[v];
		}
	for (unsigned v = 0; v < t->nv; v++) {
		if (!set[v])
			continue;
		double want = (double)t->quantum[v] / (double)qtot;
		double got = (double)t->bytes[v] / (double)tot;
		double err = (got - want) / want;
		if (err < 0)
			err = -err;
		if (err > worst) {
			worst = err;
			worst_v = v;
		}
	}
	if (worst > 0.05) {
		char msg[160];
		snprintf(msg, sizeof msg, "%s: VIF %u share off by %.2f%% (quantum %u, %" PRIu64 " bytes)",
			 label, worst_v, worst * 100, t->quantum[worst_v], t->bytes[worst_v]);
		fail(t, msg);
	}
	return worst;
}

static void phase_exact(struct tb *t, unsigned long frames)
{
	phase_reset(t);
	random_dists(t, 0);
	unsigned base = t->nv <= 4 ? rnd_range(64, 2048) : 1024;
	for (unsigned v = 0; v < t->nv; v++)
		cfg_write(t, v, 0, base * rnd_range(1, 4) + rnd_below(64));
	t->ref_on = 1;
	for (unsigned v = 0; v < t->nv; v++) {
		t->backlog[v] = -1;
		db_push(t, v);
		ref_push(t, v);
	}
	uint64_t c0 = t->cycle;
	while (t->grants < frames && t->errors < 10)
		cycle(t);
	uint8_t all[MAXV];
	memset(all, 1, sizeof all);
	uint64_t tot = 0;
	for (unsigned v = 0; v < t->nv; v++)
		tot += t->bytes[v];
	double err = share_error(t, all, "exact phase");
	printf("  %s exact: %" PRIu64 " grants matched the reference (quantum base %u), "
	       "%.2f bytes/cycle, worst share error %.2f%%\n",
	       t->md->name, t->grants, base, (double)tot / (double)(t->cycle - c0), err * 100);
}

static void phase_rates(struct tb *t, unsigned long frames)
{
	phase_reset(t);
	random_dists(t, 0);
	uint8_t limited[MAXV] = {0}, unlimited[MAXV] = {0};
	uint64_t qtot = 0;
	for (unsigned v = 0; v < t->nv; v++) {
		cfg_write(t, v, 0, 1024 * rnd_range(1, 4) + rnd_below(64));
		qtot += t->quantum[v];
	}
	unsigned nlim = 0;
	for (unsigned v = 0; v < t->nv; v++) {
		if (nlim + 2 < t->nv && rnd_below(4) == 0) {
			/* a rate of 15..45% of the weighted share of a 4 bytes/cycle link */
			double share = 4.0 * (double)t->quantum[v] / (double)qtot * t->tick;
			unsigned r = (unsigned)(share * (0.15 + 0.3 * (double)rnd_below(1000) / 1000.0));
			cfg_write(t, v, 1, r ? r : 1);
			cfg_write(t, v, 2, rnd_range(LEN_STD, 4 * LEN_STD));
			limited[v] = 1;
			nlim++;
		} else {
			unlimited[v] = 1;
		}
	}
	t->check_rates = 1;
	t->grant_ready_pct = 80;
	for (unsigned v = 0; v < t->nv; v++) {
		t->backlog[v] = -1;
		db_push(t, v);
	}
	while (t->grants < frames && t->errors < 10)
		cycle(t);
	double err = share_error(t, unlimited, "rates phase, unlimited VIFs");
	double worst_rate = 1e9;
	uint64_t tk = ticks_now(t);
	for (unsigned v = 0; v < t->nv; v++) {
		if (!limited[v])
			continue;
		double want = (double)t->rate[v] * (double)tk;
		double got = (double)t->bytes[v] + 2.0 * max_len(t, v);
		if (got / want < worst_rate)
			worst_rate = got / want;
		if (got < 0.95 * want) {
			char msg[160];
			snprintf(msg, sizeof msg, "VIF %u got %" PRIu64 " bytes, rate %u over %" PRIu64 " ticks",
				 v, t->bytes[v], t->rate[v], tk);
			fail(t, msg);
		}
	}
	printf("  %s rates: %" PRIu64 " grants, %u rate-limited VIFs (lowest achieved/rate %.3f, "
	       "closest approach to the window bound %" PRId64 " bytes), unlimited share error %.2f%%\n",
	       t->md->name, t->grants, nlim, nlim ? worst_rate : 1.0, t->worst_margin, err * 100);
}

static void phase_churn(struct tb *t, unsigned long frames)
{
	phase_reset(t);
	random_dists(t, 1);
	unsigned nlim = 0;
	for (unsigned v = 0; v < t->nv; v++) {
		cfg_write(t, v, 0, rnd_below(4) ? rnd_range(64, 4096) : rnd_range(1, 63));
		if (rnd_below(4) == 0) {
			cfg_write(t, v, 1, rnd_range(1, 8 * t->tick / t->nv + 1));
			cfg_write(t, v, 2, rnd_range(0, 3 * LEN_JUMBO));
			nlim++;
		}
	}
	t->check_rates = 1;
	t->grant_ready_pct = 60;
	/* offered load: about one 600-byte frame per 80 cycles, spread unevenly over the VIFs */
	unsigned hot = rnd_below(t->nv);
	uint64_t arrived = 0, dup_db = 0, cfg_changes = 0;
	while (t->grants < frames && t->errors < 10) {
		if (rnd_below(80) == 0) {
			unsigned v = rnd_below(4) == 0 ? hot : rnd_below(t->nv);
			if (t->backlog[v] < 64) {
				if (t->backlog[v]++ == 0)
					db_push(t, v);
				arrived++;
			}
		}
		if (rnd_below(500) == 0) {
			unsigned v = rnd_below(t->nv);
			if (t->backlog[v] > 0) {
				db_push(t, v);
				dup_db++;
			}
		}
		if (rnd_below(2000) == 0) {
			cfg_write(t, rnd_below(t->nv), 0, rnd_range(1, 4096));
			cfg_changes++;
		} else {
			cycle(t);
		}
	}
	/* drain: lift the rate limits, every queued frame must go */
	t->check_rates = 0;
	for (unsigned v = 0; v < t->nv; v++)
		if (t->rate[v])
			cfg_write(t, v, 1, 0);
	uint64_t left = 0, c0 = t->cycle;
	do {
		left = 0;
		for (unsigned v = 0; v < t->nv; v++)
			left += (uint64_t)t->backlog[v];
		if (left)
			cycle(t);
	} while (left && t->cycle - c0 < 50000000ull && t->errors < 10);
	if (left) {
		char msg[80];
		snprintf(msg, sizeof msg, "%" PRIu64 " frames never granted", left);
		fail(t, msg);
	}
	printf("  %s churn: %" PRIu64 " arrivals, %" PRIu64 " grants, %" PRIu64
	       " duplicate doorbells (%" PRIu64 " empty grants), %" PRIu64
	       " quantum rewrites, %u rate-limited VIFs, "
	       "closest approach to the window bound %" PRId64 " bytes, drained in %" PRIu64 " cycles\n",
	       t->md->name, arrived, t->grants, dup_db, t->empty_grants, cfg_changes, nlim, t->worst_margin,
	       t->cycle - c0);
}

static int run_model(const struct sched_model *md, unsigned scale, uint64_t *total_grants)
{
	struct tb *t = calloc(1, sizeof *t);
	if (!t) {
		fprintf(stderr, "out of memory\n");
		return 1;
	}
	t->md = md;
	t->nv = md->num_vifs;
	t->tick = md->tick_cycles;
	t->m = md->create();
	unsigned long f1 = (t->nv * 400ul > 30000ul ? t->nv * 400ul : 30000ul) * scale / 100;
	unsigned long f2 = (t->nv * 300ul > 30000ul ? t->nv * 300ul : 30000ul) * scale / 100;
	unsigned long f3 = 30000ul * scale / 100;
	uint64_t c0 = t->cycle;
	phase_exact(t, f1);
	*total_grants += t->grants;
	phase_rates(t, f2);
	*total_grants += t->grants;
	phase_churn(t, f3);
	*total_grants += t->grants;
	printf("%s: NUM_VIFS=%u TICK_CYCLES=%u, %" PRIu64 " cycles, %lu errors\n", md->name, t->nv,
	       t->tick, t->cycle - c0, t->errors);
	int bad = t->errors != 0;
	md->destroy(t->m);
	free(t);
	return bad;
}

int main(int argc, char **argv)
{
	uint64_t seed = argc > 1 ? strtoull(argv[1], NULL, 0) : (uint64_t)time(NULL);
	unsigned scale = argc > 2 ? (unsigned)strtoul(argv[2], NULL, 0) : 100;
	const struct sched_model *models[] = {&sched4_model, &sched64_model, &sched256_model};
	uint64_t grants = 0;
	int fail_any = 0;

	if (scale == 0)
		scale = 1;
	printf("rtl_tx_sched seed %" PRIu64 " (rerun: rtl_tx_sched %" PRIu64 " %u)\n", seed, seed, scale);
	rng_seed(seed);
	for (unsigned i = 0; i < sizeof models / sizeof models[0]; i++)
		fail_any |= run_model(models[i], scale, &grants);
	printf("%" PRIu64 " frames scheduled in total\n%s\n", grants, fail_any ? "FAIL" : "PASS");
	return fail_any;
}
