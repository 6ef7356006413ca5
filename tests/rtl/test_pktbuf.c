/* SPDX-License-Identifier: MIT */
/*
 * rtl_pktbuf: the verilated svnic_rx_pktbuf (three configurations of
 * NUM_VIFS, BUF_BYTES, CELL_BYTES, DESC_PER_VIF, MAX_FRAME) against a C
 * model of its admission rules and accounting.
 *
 * Per configuration, epochs of random quotas (guaranteed: quotas add up to
 * at most the buffer; or overcommitted), random frame lengths (runts to
 * jumbo, and longer than MAX_FRAME), often one flooded VIF that is hardly
 * ever read. Two kinds of phase:
 *  - fill: frames in, nothing read out: every outcome (admitted, QUOTA,
 *    FULL, TOOLONG) is predicted exactly, then per-VIF cells and frames and
 *    the free count are compared, then everything is drained;
 *  - concurrent: frames in and random read requests (also of empty VIFs)
 *    with output back-pressure: every outcome must be possible for the
 *    range the buffer's state can be in (cells being freed while a frame
 *    arrives), FULL never happens with guaranteed quotas, and the per-VIF
 *    status port stays within bounds every cycle.
 * Always: every frame read out is the next admitted frame of its VIF,
 * byte for byte, with the right tkeep/tlast/tdest; after every drain all
 * space has returned (free_cells = cells, no VIF holds a cell or frame) and
 * the per-VIF, per-outcome counters equal the outcomes seen.
 * Usage: rtl_pktbuf [seed] [frames-per-config]
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "pktbuf_shim.h"
#include "tb_rng.h"

#define MAXV 256
#define RING 64 /* admitted frames remembered per VIF (> DESC_PER_VIF) */
#define OUTQ 8
#define EPOCHS 12

enum { ST_OK, ST_QUOTA, ST_FULL, ST_LONG };
static const char *const st_name[] = { "admitted", "QUOTA", "FULL", "TOOLONG" };


/* frame contents: word k of a frame is a function of its seed */
static uint64_t frame_word(uint64_t seed, unsigned k)
{
	uint64_t z = seed + (uint64_t)(k + 1) * 0x9e3779b97f4a7c15ull;
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

struct frame {
	unsigned vif, len, cells;
	uint64_t seed;
};

struct vstate {
	unsigned quota;
	struct frame adm[RING];
	unsigned n_adm, n_req, n_done; /* admitted, read requested, read out */
	unsigned used_hi, used_lo;     /* cells of frames not read out / not requested */
	uint32_t count[4];
};

struct tb {
	const struct pb_model *md;
	void *m;
	struct pb_in in;
	struct pb_out out;
	unsigned nv, cells, cell_words, desc, maxf;
	uint64_t cycle;
	unsigned long errors;
	struct vstate v[MAXV];
	unsigned sum_hi, sum_lo;

	/* epoch settings */
	int exact, guaranteed, reads;
	unsigned active[MAXV], n_active;
	int flood; /* flooded VIF or -1 */
	unsigned gap_pct, ready_pct, req_pct;

	/* ingress */
	int in_prog;
	struct frame cur;
	unsigned cur_beat;
	unsigned start_hi, start_frames_hi, start_free_lo;
	unsigned long sent;
	int ev_due;
	struct frame ev_frame;
	unsigned ev_hi, ev_frames_hi, ev_free_lo;

	/* egress */
	struct frame outq[OUTQ];
	unsigned out_head, out_tail, out_beat;
	int empty_due;

	/* statistics */
	unsigned long frames, outcome[4], read_frames, read_empty, beats_out, drains_timed;
};

static void fail(struct tb *t, const char *what)
{
	if (t->errors < 10)
		fprintf(stderr, "%s: cycle %" PRIu64 ": %s\n", t->md->name, t->cycle, what);
	t->errors++;
}

static void settle(struct tb *t) { t->md->comb(t->m, &t->in, &t->out); }

static void step(struct tb *t)
{
	t->md->posedge(t->m);
	t->cycle++;
}

static unsigned frame_cells(const struct tb *t, unsigned len)
{
	unsigned words = (len + 7) / 8;
	return (words + t->cell_words - 1) / t->cell_words;
}

static void reset(struct tb *t)
{
	memset(&t->in, 0, sizeof(t->in));
	t->in.rst = 1;
	settle(t);
	step(t);
	t->in.rst = 0;
	unsigned limit = (t->cells > 4 * t->nv ? t->cells : 4 * t->nv) + 4, n = 0;
	for (;;) {
		settle(t);
		if (!t->out.init_busy)
			break;
		if (t->out.s_tready || t->out.rd_req_ready)
			fail(t, "ready while clearing");
		if (++n > limit) {
			fail(t, "RAM clearing does not end");
			break;
		}
		step(t);
	}
	memset(t->v, 0, sizeof(t->v));
	t->sum_hi = t->sum_lo = 0;
	t->in_prog = 0;
	t->ev_due = 0;
	t->empty_due = 0;
	t->out_head = t->out_tail = t->out_beat = 0;
}

static void set_quota(struct tb *t, unsigned v, unsigned q)
{
	memset(&t->in, 0, sizeof(t->in));
	t->in.cfg_wr_en = 1;
	t->in.cfg_wr_vif = v;
	t->in.cfg_wr_quota = q;
	settle(t);
	step(t);
	t->in.cfg_wr_en = 0;
	t->v[v].quota = q;
}

/*
 * Free cells lie between these bounds: the frame being read out gives its
 * cells back before its last beat is seen, and they may be taken again, so
 * the upper bound of cells held can exceed the buffer.
 */
static unsigned free_lo(const struct tb *t) { return t->sum_hi >= t->cells ? 0 : t->cells - t->sum_hi; }
static unsigned free_hi(const struct tb *t) { return t->cells - t->sum_lo; }

/* ---- reference of the admission decision ---- */

static unsigned exact_status(const struct tb *t, const struct frame *f)
{
	const struct vstate *s = &t->v[f->vif];
	unsigned free_cells = free_lo(t); /* exact: nothing is being read */
	if (f->len > t->maxf)
		return ST_LONG;
	for (unsigned i = 1; i <= f->cells; i++) {
		if (s->used_hi + i > s->quota)
			return ST_QUOTA;
		if (free_cells < i)
			return ST_FULL;
	}
	if (s->n_adm - s->n_done >= t->desc)
		return ST_QUOTA;
	return ST_OK;
}

static void on_event(struct tb *t)
{
	char msg[200];
	const struct frame *f = &t->ev_frame;
	struct vstate *s = &t->v[f->vif];
	unsigned st = t->out.ev_status;

	if (t->out.ev_vif != f->vif || t->out.ev_len != f->len) {
		snprintf(msg, sizeof(msg), "event for VIF %u len %u, want VIF %u len %u",
			 t->out.ev_vif, t->out.ev_len, f->vif, f->len);
		fail(t, msg);
	}
	int ok;
	if (t->exact) {
		ok = st == exact_status(t, f);
	} else if (f->len > t->maxf) {
		ok = st == ST_LONG;
	} else {
		switch (st) {
		case ST_OK:
			ok = s->used_lo + f->cells <= s->quota && s->n_adm - s->n_req < t->desc &&
			     f->cells <= free_hi(t);
			break;
		case ST_QUOTA:
			ok = t->ev_hi + f->cells > s->quota || t->ev_frames_hi >= t->desc;
			break;
		case ST_FULL:
			ok = !t->guaranteed && t->ev_free_lo < f->cells;
			break;
		default:
			ok = 0;
		}
	}
	if (!ok) {
		snprintf(msg, sizeof(msg),
			 "VIF %u len %u (%u cells): %s, quota %u, cells held %u..%u, frames %u..%u, "
			 "free %u..%u (exact %s)",
			 f->vif, f->len, f->cells, st_name[st & 3], s->quota, s->used_lo, s->used_hi,
			 s->n_adm - s->n_req, s->n_adm - s->n_done, free_lo(t), free_hi(t),
			 st_name[exact_status(t, f)]);
		fail(t, msg);
	}
	s->count[st & 3]++;
	t->outcome[st & 3]++;
	t->frames++;
	if (st == ST_OK) {
		if (s->n_adm - s->n_done >= RING) {
			fail(t, "testbench ring overflow");
			return;
		}
		s->adm[s->n_adm % RING] = *f;
		s->n_adm++;
		s->used_hi += f->cells;
		s->used_lo += f->cells;
		t->sum_hi += f->cells;
		t->sum_lo += f->cells;
	}
}

/* ---- stimulus ---- */

static unsigned gen_len(const struct tb *t)
{
	unsigned r = rnd_below(100);
	if (r < 10)
		return rnd_range(1, 59);
	if (r < 30)
		return 60;
	if (r < 75)
		return rnd_range(60, 1518 < t->maxf ? 1518 : t->maxf);
	if (r < 92 && t->maxf > 1518)
		return rnd_range(1519, t->maxf);
	if (r < 95)
		return t->maxf;
	return rnd_range(t->maxf + 1, t->maxf + 300);
}

static unsigned pick_in_vif(const struct tb *t)
{
	if (t->flood >= 0 && chance(50))
		return (unsigned)t->flood;
	if (chance(5))
		return rnd_below(t->nv); /* possibly a VIF without quota */
	return t->active[rnd_below(t->n_active)];
}

static int pick_rd_vif(const struct tb *t, int draining, unsigned *vif)
{
	unsigned start = rnd_below(t->nv);
	if (!draining && chance(15)) {
		*vif = rnd_below(t->nv); /* maybe empty */
		return 1;
	}
	for (unsigned k = 0; k < t->nv; k++) {
		unsigned v = (start + k) % t->nv;
		if (!draining && (int)v == t->flood && !chance(5))
			continue;
		if (t->v[v].n_adm != t->v[v].n_req) {
			*vif = v;
			return 1;
		}
	}
	return 0;
}

static void configure_epoch(struct tb *t, unsigned e)
{
	t->guaranteed = e % 2 == 0;
	t->exact = e % 3 == 0;
	t->n_active = t->nv < 12 ? t->nv : rnd_range(4, 24);
	for (unsigned i = 0; i < t->n_active; i++)
		t->active[i] = t->nv < 12 ? i : rnd_below(t->nv);
	t->flood = e % 3 != 2 ? (int)t->active[rnd_below(t->n_active)] : -1;
	t->gap_pct = chance(30) ? 0 : rnd_below(40);
	t->ready_pct = chance(30) ? 100 : rnd_range(20, 100);
	t->req_pct = rnd_range(5, 60);

	/* quotas: every VIF gets one (0 for some); guaranteed ones add up to <= cells */
	unsigned budget = t->cells;
	for (unsigned v = 0; v < t->nv; v++) {
		unsigned q;
		if (t->guaranteed) {
			unsigned share = t->cells / (t->n_active + 2);
			q = chance(10) ? 0 : rnd_range(share / 4, share);
			if (q > budget)
				q = budget;
			budget -= q;
		} else {
			q = chance(10) ? 0 : rnd_range(1, t->cells);
		}
		if (t->v[v].quota != q || chance(10))
			set_quota(t, v, q);
	}
	/* active VIFs get what is left, so that jumbo frames fit somewhere */
	if (t->guaranteed) {
		for (unsigned i = 0; i < t->n_active && budget; i++) {
			unsigned v = t->active[i], extra = rnd_below(budget + 1);
			set_quota(t, v, t->v[v].quota + extra);
			budget -= extra;
		}
	}
}

/* ---- one cycle ---- */

static void check_beat(struct tb *t)
{
	char msg[200];
	if (t->out_head == t->out_tail) {
		fail(t, "output beat with no frame requested");
		return;
	}
	const struct frame *f = &t->outq[t->out_head % OUTQ];
	unsigned nwords = (f->len + 7) / 8, k = t->out_beat;
	int last = k == nwords - 1;
	unsigned rem = f->len - 8 * k;
	unsigned keep = last && rem < 8 ? (1u << rem) - 1u : 0xffu;
	uint64_t mask = 0;
	for (unsigned b = 0; b < 8; b++)
		if (keep & (1u << b))
			mask |= 0xffull << (8 * b);
	uint64_t want = frame_word(f->seed, k) & mask;
	if ((t->out.m_tdata & mask) != want || t->out.m_tkeep != keep || !t->out.m_tlast != !last ||
	    t->out.m_tdest != f->vif) {
		snprintf(msg, sizeof(msg),
			 "VIF %u frame len %u word %u: got %016" PRIx64 " keep %02x last %d dest %u, "
			 "want %016" PRIx64 " keep %02x last %d dest %u",
			 f->vif, f->len, k, t->out.m_tdata & mask, t->out.m_tkeep, t->out.m_tlast,
			 t->out.m_tdest, want, keep, last, f->vif);
		fail(t, msg);
	}
	t->beats_out++;
	t->out_beat++;
	if (last || t->out.m_tlast) {
		struct vstate *s = &t->v[f->vif];
		s->n_done++;
		s->used_hi -= f->cells;
		t->sum_hi -= f->cells;
		t->out_head++;
		t->out_beat = 0;
		t->read_frames++;
	}
}

static void check_stat_bounds(struct tb *t)
{
	char msg[200];
	unsigned v = t->in.stat_vif;
	const struct vstate *s = &t->v[v];
	if (t->out.stat_cells < s->used_lo || t->out.stat_cells > s->used_hi ||
	    t->out.stat_frames < s->n_adm - s->n_req || t->out.stat_frames > s->n_adm - s->n_done ||
	    t->out.stat_quota != s->quota) {
		snprintf(msg, sizeof(msg),
			 "VIF %u status: cells %u frames %u quota %u, want cells %u..%u frames %u..%u "
			 "quota %u",
			 v, t->out.stat_cells, t->out.stat_frames, t->out.stat_quota, s->used_lo,
			 s->used_hi, s->n_adm - s->n_req, s->n_adm - s->n_done, s->quota);
		fail(t, msg);
	}
	if (t->out.free_cells < free_lo(t) || t->out.free_cells > free_hi(t)) {
		snprintf(msg, sizeof(msg), "free cells %u, want %u..%u", t->out.free_cells,
			 free_lo(t), free_hi(t));
		fail(t, msg);
	}
}

/* one clock: drive, check, advance the models */
static void cycle(struct tb *t, int send, int draining)
{
	/* ingress beat */
	if (!t->in_prog && send) {
		t->cur.vif = pick_in_vif(t);
		t->cur.len = gen_len(t);
		t->cur.cells = frame_cells(t, t->cur.len);
		t->cur.seed = rnd();
		t->cur_beat = 0;
		t->in_prog = 1;
	}
	t->in.s_tvalid = t->in_prog && !chance(t->gap_pct);
	if (t->in_prog) {
		unsigned nwords = (t->cur.len + 7) / 8, rem = t->cur.len - 8 * t->cur_beat;
		t->in.s_tdata = frame_word(t->cur.seed, t->cur_beat);
		t->in.s_tlast = t->cur_beat == nwords - 1;
		t->in.s_tkeep = t->in.s_tlast && rem < 8 ? (1u << rem) - 1u : 0xffu;
		/* bytes past the frame are garbage on the bus */
		t->in.s_tdest = t->cur_beat == 0 ? t->cur.vif : rnd_below(t->nv);
	}
	/* read request */
	unsigned rv = 0;
	t->in.rd_req_valid = t->reads && chance(draining ? 100 : t->req_pct) &&
			     pick_rd_vif(t, draining, &rv);
	t->in.rd_req_vif = rv;
	t->in.m_tready = chance(t->ready_pct);
	t->in.stat_vif = chance(50) && t->n_active ? t->active[rnd_below(t->n_active)]
						   : rnd_below(t->nv);
	t->in.stat_sel = rnd_below(4);
	settle(t);

	/* outcome of the frame that ended last cycle */
	if (t->out.ev_valid && !t->ev_due)
		fail(t, "outcome event with no frame ended");
	if (t->ev_due) {
		if (!t->out.ev_valid)
			fail(t, "no outcome event the cycle after a frame's end");
		else
			on_event(t);
		t->ev_due = 0;
	}
	if (t->out.rd_empty != t->empty_due)
		fail(t, t->empty_due ? "no rd_empty for an empty VIF" : "unexpected rd_empty");
	t->empty_due = 0;
	if (t->out.rd_empty)
		t->read_empty++;
	if (t->out.m_tvalid && t->in.m_tready)
		check_beat(t);
	check_stat_bounds(t);
	if (t->out.s_tready != 1)
		fail(t, "s_axis_tready low after clearing");
	if (t->in.rd_req_valid && t->out.rd_req_ready) {
		struct vstate *s = &t->v[rv];
		if (s->n_adm != s->n_req) {
			if (t->out_tail - t->out_head >= OUTQ) {
				fail(t, "testbench output queue overflow");
			} else {
				struct frame *f = &s->adm[s->n_req % RING];
				t->outq[t->out_tail++ % OUTQ] = *f;
				s->n_req++;
				s->used_lo -= f->cells;
				t->sum_lo -= f->cells;
			}
		} else {
			t->empty_due = 1;
		}
	}
	if (t->in.s_tvalid && t->out.s_tready) {
		if (t->cur_beat == 0) {
			const struct vstate *s = &t->v[t->cur.vif];
			t->start_hi = s->used_hi;
			t->start_frames_hi = s->n_adm - s->n_done;
			t->start_free_lo = free_lo(t);
		}
		t->cur_beat++;
		if (t->in.s_tlast) {
			t->sent++;
			t->in_prog = 0;
			t->ev_due = 1;
			t->ev_frame = t->cur;
			t->ev_hi = t->start_hi;
			t->ev_frames_hi = t->start_frames_hi;
			t->ev_free_lo = t->start_free_lo;
		}
	}
	step(t);
}

static int all_read(const struct tb *t)
{
	for (unsigned v = 0; v < t->nv; v++)
		if (t->v[v].n_done != t->v[v].n_adm)
			return 0;
	return 1;
}

/* send n frames (with reads if t->reads), then read everything out */
static void phase(struct tb *t, unsigned long n)
{
	unsigned long end = t->sent + n;
	while (t->sent < end || t->in_prog)
		cycle(t, t->sent < end, 0);
	/* the last outcome */
	cycle(t, 0, 0);
}

/*
 * Read everything out. With the output always ready, a frame of w words
 * must take at most w + 4 cycles (request, descriptor read, link read,
 * then one word per cycle).
 */
static void drain(struct tb *t)
{
	uint64_t c0 = t->cycle;
	unsigned long beats0 = t->beats_out, frames0 = t->read_frames;
	t->reads = 1;
	while (!all_read(t) || t->out_head != t->out_tail) {
		cycle(t, 0, 1);
		if (t->cycle - c0 > 20000000ull) {
			fail(t, "drain does not end");
			return;
		}
	}
	if (t->ready_pct == 100) {
		uint64_t bound = (t->beats_out - beats0) + 4 * (t->read_frames - frames0) + 8;
		if (t->cycle - c0 > bound) {
			char msg[120];
			snprintf(msg, sizeof(msg), "drain of %lu frames, %lu words took %" PRIu64
				 " cycles, want <= %" PRIu64, t->read_frames - frames0,
				 t->beats_out - beats0, t->cycle - c0, bound);
			fail(t, msg);
		}
		t->drains_timed++;
	}
	/* settle with no requests: nothing may be left to check outside cycle() */
	t->reads = 0;
	for (unsigned i = 0; i < 8; i++)
		cycle(t, 0, 0);
}

/* quiescent: per-VIF state and free count exactly as the model says */
static void reconcile(struct tb *t, const char *when)
{
	char msg[200];
	unsigned sum = 0;
	for (unsigned v = 0; v < t->nv; v++) {
		struct vstate *s = &t->v[v];
		for (unsigned sel = 0; sel < 4; sel++) {
			t->in.stat_vif = v;
			t->in.stat_sel = sel;
			settle(t);
			if (t->out.stat_count != s->count[sel]) {
				snprintf(msg, sizeof(msg), "%s: VIF %u %s counter %u, want %u", when, v,
					 st_name[sel], t->out.stat_count, s->count[sel]);
				fail(t, msg);
			}
		}
		if (t->out.stat_cells != s->used_hi || t->out.stat_frames != s->n_adm - s->n_done) {
			snprintf(msg, sizeof(msg), "%s: VIF %u holds %u cells %u frames, want %u, %u",
				 when, v, t->out.stat_cells, t->out.stat_frames, s->used_hi,
				 s->n_adm - s->n_done);
			fail(t, msg);
		}
		sum += t->out.stat_cells;
	}
	if (t->out.free_cells != t->cells - t->sum_hi || t->out.free_cells + sum != t->cells) {
		snprintf(msg, sizeof(msg), "%s: free cells %u + held %u, want %u + %u = %u", when,
			 t->out.free_cells, sum, t->cells - t->sum_hi, t->sum_hi, t->cells);
		fail(t, msg);
	}
}

static int run_config(const struct pb_model *md, unsigned long frames)
{
	static struct tb tb;
	struct tb *t = &tb;
	memset(t, 0, sizeof(*t));
	t->md = md;
	t->nv = md->num_vifs;
	t->cells = md->buf_bytes / md->cell_bytes;
	t->cell_words = md->cell_bytes / 8;
	t->desc = md->desc_per_vif;
	t->maxf = md->max_frame;
	if (t->nv > MAXV || t->desc >= RING) {
		fprintf(stderr, "%s: configuration too large for the testbench\n", md->name);
		return 1;
	}
	t->m = md->create();
	reset(t);
	reconcile(t, "after reset");

	/* no quota yet: everything is dropped QUOTA (or TOOLONG) */
	t->n_active = 1;
	t->active[0] = 0;
	t->flood = -1;
	t->ready_pct = 100;
	t->exact = 1;
	phase(t, 20);
	reconcile(t, "without quotas");

	for (unsigned e = 0; e < EPOCHS; e++) {
		if (e == EPOCHS / 2) {
			reset(t);
			reconcile(t, "after a second reset");
		}
		configure_epoch(t, e);
		t->reads = !t->exact;
		phase(t, t->exact ? 4 * t->cells / 3 + 8 : frames / EPOCHS);
		if (t->exact) {
			reconcile(t, "after a fill");
			t->ready_pct = 100;
		}
		drain(t);
		reconcile(t, "after a drain");
	}

	printf("%s (NUM_VIFS=%u BUF_BYTES=%u CELL_BYTES=%u DESC_PER_VIF=%u MAX_FRAME=%u): "
	       "%lu frames in (%lu admitted, %lu QUOTA, %lu FULL, %lu TOOLONG), %lu read out "
	       "(%lu beats), %lu empty reads, %lu full-rate drains timed, %" PRIu64 " cycles, "
	       "%lu mismatches\n",
	       md->name, md->num_vifs, md->buf_bytes, md->cell_bytes, md->desc_per_vif,
	       md->max_frame, t->frames, t->outcome[ST_OK], t->outcome[ST_QUOTA],
	       t->outcome[ST_FULL], t->outcome[ST_LONG], t->read_frames, t->beats_out,
	       t->read_empty, t->drains_timed, t->cycle, t->errors);
	md->destroy(t->m);
	return t->errors ? 1 : 0;
}

int main(int argc, char **argv)
{
	uint64_t seed = argc > 1 ? strtoull(argv[1], NULL, 0) : (uint64_t)time(NULL);
	unsigned long frames = argc > 2 ? strtoul(argv[2], NULL, 0) : 20000;
	int failed = 0;

	printf("rtl_pktbuf seed %" PRIu64 " (rerun: rtl_pktbuf %" PRIu64 ")\n", seed, seed);
	rng_seed(seed);
	failed |= run_config(&pb4_model, frames);
	failed |= run_config(&pb16_model, frames);
	failed |= run_config(&pb256_model, frames);
	printf("%s\n", failed ? "FAIL" : "PASS");
	return failed;
}
