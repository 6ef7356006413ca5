/* SPDX-License-Identifier: MIT */
/*
 * rtl_dma_rd: the verilated svnic_dma_rd (N_TAGS / MAX_READ_REQ = 8 / 512,
 * 4 / 128 and 2 / 4096) against a C reference of its splitting and of its
 * in-order delivery, with a host model that completes out of order.
 *
 * Jobs of random length and byte alignment (a few refused, as the window
 * check does) go in; every request must be exactly the reference's next
 * one (address, length, domain, tag: at most MAX_READ_REQ bytes, never
 * across a MAX_READ_REQ or 4 KiB boundary, tags in order). The host answers
 * each request after a random latency, interleaving the beats of different
 * tags at random, and fails some (error completions, completions a beat
 * short or long, beats for tags not outstanding, each of the last three
 * counted by cpl_bad). Every output beat is compared with the reference:
 * the job's bytes from host memory, packed from byte 0 (beats without
 * tuser), tkeep and tlast; tuser must be sticky within a job, set where
 * the block's rule requires it (from a beat holding bytes of an error
 * completion or the last word of a miscounted one, the realigner looking
 * one word ahead), never before the first beat that may hold failed data,
 * and on the last beat exactly when a request of the job failed.
 *
 * Two phases per configuration, each after a reset:
 *  1. latency: long round trips (100..400 cycles), consumer always ready:
 *     the host must at some point have N_TAGS requests outstanding.
 *  2. stress: short and zero latencies, a consumer and a host that stall at
 *     random, errors and stray completions, lengths up to 65535.
 * Usage: rtl_dma_rd [seed] [scale-percent]
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "dma_rd_shim.h"
#include "tb_rng.h"

#define MEM_SZ (1u << 18)
#define MEM_BASE 0x0000123400000000ull
#define MAX_JOBS 4000u
#define MAX_REQS 200000u
#define MAX_PEND 64u

enum cpl_mode { CPL_OK, CPL_ERR, CPL_SHORT, CPL_LONG };

struct job {
	uint64_t addr;
	unsigned len, dom;
	int refused;
	unsigned first_req, nreq; /* its requests in reqs[] */
};

struct req {
	uint64_t addr;
	unsigned len, dom, tag;
	int accepted, failed;
	int no_data; /* failed with an error completion: none of its words arrived */
};

struct pend {
	unsigned req; /* index in reqs[] */
	unsigned beats, pos;
	uint64_t ready_at;
	enum cpl_mode mode;
};

struct phase {
	const char *name;
	unsigned lat_min, lat_max;
	unsigned out_ready_pct, req_ready_pct, cpl_gap_pct, job_gap_pct;
	unsigned err_pct, bad_pct, stray_pct;
	unsigned len_max, huge_pct;
};

static uint8_t mem[MEM_SZ];
static struct job jobs[MAX_JOBS];
static struct req reqs[MAX_REQS];
static struct pend pend[MAX_PEND];

static int fail(const char *cfg, const char *what, uint64_t cyc)
{
	printf("FAIL %s: %s (cycle %" PRIu64 ")\n", cfg, what, cyc);
	return 1;
}

/* The reference split: requests of at most mrrs bytes within one mrrs block. */
static unsigned ref_split(struct job *j, unsigned *nreqs, unsigned *tag_ctr, unsigned mrrs,
			  unsigned n_tags)
{
	j->first_req = *nreqs;
	j->nreq = 0;
	if (j->refused) {
		++*tag_ctr; /* a refused job holds a tag for its place in order */
		return 0;
	}
	uint64_t a = j->addr;
	unsigned left = j->len;
	while (left) {
		unsigned room = mrrs - (unsigned)(a % mrrs);
		unsigned n = left < room ? left : room;
		struct req *r = &reqs[(*nreqs)++];
		memset(r, 0, sizeof(*r));
		r->addr = a;
		r->len = n;
		r->dom = j->dom;
		r->tag = (*tag_ctr)++ % n_tags;
		a += n;
		left -= n;
		j->nreq++;
	}
	return j->nreq;
}

/* Host word wa (8-aligned) of job j: 0 if its request succeeded, 1 if it
 * failed but the word may have been delivered before the failure was
 * known, 2 if the block must mark it (an error completion's word, or the
 * last word of a failed request). */
static int word_failed(const struct job *j, uint64_t wa)
{
	uint64_t a = wa < j->addr ? j->addr : wa;
	for (unsigned k = 0; k < j->nreq; k++) {
		const struct req *r = &reqs[j->first_req + k];
		if (a >= r->addr && a < r->addr + r->len) {
			if (!r->failed)
				return 0;
			int last = wa == ((r->addr + r->len - 1) & ~7ull);
			return r->no_data || last ? 2 : 1;
		}
	}
	return 2; /* not reached for a word of the job */
}

/* Expected beat b of job j: data, keep, last; err_must: tuser required;
 * err_may: tuser allowed. */
static void ref_beat(const struct job *j, unsigned b, uint64_t *data, unsigned *keep, int *last,
		     int *err_must, int *err_may)
{
	if (j->refused) {
		*data = 0;
		*keep = 0;
		*last = 1;
		*err_must = *err_may = 1;
		return;
	}
	unsigned n_out = (j->len + 7) / 8;
	unsigned shift = (unsigned)(j->addr & 7);
	unsigned n_in = (shift + j->len + 7) / 8;
	unsigned n = j->len - 8 * b < 8 ? j->len - 8 * b : 8;
	uint64_t d = 0;
	memcpy(&d, &mem[j->addr - MEM_BASE + 8 * b], n);
	*data = d;
	*keep = n == 8 ? 0xffu : (1u << n) - 1u;
	*last = b + 1 == n_out;
	/* The realigner looks one word ahead: beat b has seen words up to
	 * b + 1; tuser is sticky from there. */
	unsigned upto = b + 1 < n_in - 1 ? b + 1 : n_in - 1;
	*err_must = *err_may = 0;
	for (unsigned w = 0; w <= upto; w++) {
		int f = word_failed(j, (j->addr & ~7ull) + 8ull * w);
		*err_may |= f != 0;
		*err_must |= f == 2;
	}
}

static int run_phase(const struct dmard_model *md, const struct phase *ph, unsigned njobs,
		     uint64_t *beats_total)
{
	char cfg[96];
	snprintf(cfg, sizeof cfg, "%s/%s", md->name, ph->name);
	void *m = md->create();
	struct dmard_in in;
	struct dmard_out out;
	memset(&in, 0, sizeof in);

	for (unsigned i = 0; i < MEM_SZ; i++)
		mem[i] = (uint8_t)rnd();

	unsigned nreqs = 0, tag_ctr = 0;
	for (unsigned i = 0; i < njobs; i++) {
		struct job *j = &jobs[i];
		unsigned len = chance(ph->huge_pct) ? rnd_range(4096, 65535) : rnd_range(1, ph->len_max);
		if (chance(20))
			len = rnd_range(1, 16);
		j->len = len;
		j->addr = MEM_BASE + 8 + rnd_below(MEM_SZ - 16 - len);
		if (chance(10)) /* start right before a request boundary */
			j->addr = MEM_BASE + 8 + ((j->addr - MEM_BASE) | (md->max_read_req - 1)) -
				  rnd_below(8);
		if (j->addr + len > MEM_BASE + MEM_SZ - 8)
			j->addr = MEM_BASE + MEM_SZ - 8 - len;
		j->dom = rnd_below(256);
		j->refused = chance(4);
		if (nreqs + 70 > MAX_REQS) {
			njobs = i;
			break;
		}
		ref_split(j, &nreqs, &tag_ctr, md->max_read_req, md->n_tags);
	}

	in.rst = 1;
	for (int i = 0; i < 4; i++) {
		md->comb(m, &in, &out);
		md->posedge(m);
	}
	in.rst = 0;

	unsigned job_in = 0, req_next = 0, job_out = 0, beat_out = 0, npend = 0;
	int cur = -1;
	unsigned max_pend = 0;
	uint64_t bad_expected = 0, bad_seen = 0, beats = 0;
	uint64_t limit = 20000000ull, cyc;
	int stray_now = 0;
	int prev_err = 0; /* tuser of the job's previous beat */
	int rc = 0;

	for (cyc = 0; cyc < limit && !rc; cyc++) {
		/* inputs of this cycle */
		in.job_valid = job_in < njobs && !chance(ph->job_gap_pct);
		if (in.job_valid) {
			in.job_addr = jobs[job_in].addr;
			in.job_len = jobs[job_in].len;
			in.job_domain = jobs[job_in].dom;
			in.job_refused = jobs[job_in].refused;
		}
		in.req_ready = chance(ph->req_ready_pct);
		in.out_ready = chance(ph->out_ready_pct);
		in.cpl_valid = 0;
		stray_now = 0;
		int pick = -1;
		if (!chance(ph->cpl_gap_pct)) {
			if (cur >= 0 && chance(60)) {
				pick = cur;
			} else {
				unsigned nready = 0;
				for (unsigned i = 0; i < npend; i++)
					nready += pend[i].ready_at <= cyc;
				if (nready) {
					unsigned k = rnd_below(nready);
					for (unsigned i = 0; i < npend; i++)
						if (pend[i].ready_at <= cyc && k-- == 0)
							pick = (int)i;
				}
			}
		}
		if (pick >= 0) {
			struct pend *p = &pend[pick];
			const struct req *r = &reqs[p->req];
			uint64_t wa = (r->addr & ~7ull) + 8ull * p->pos;
			in.cpl_valid = 1;
			in.cpl_tag = r->tag;
			memcpy(&in.cpl_data, &mem[wa - MEM_BASE], 8);
			in.cpl_err = p->mode == CPL_ERR;
			in.cpl_last = p->pos + 1 == p->beats;
		} else if (chance(ph->stray_pct)) {
			/* A beat for a tag the host has nothing outstanding on and
			 * the block is not presenting a request for (its registered
			 * outputs, read back with no completion driven). */
			md->comb(m, &in, &out);
			unsigned t = rnd_below(md->n_tags), busy = out.req_valid;
			for (unsigned i = 0; i < npend; i++)
				busy |= reqs[pend[i].req].tag == t;
			if (!busy) {
				in.cpl_valid = 1;
				in.cpl_tag = t;
				in.cpl_data = rnd();
				in.cpl_err = chance(50);
				in.cpl_last = chance(50);
				stray_now = 1;
			}
		}

		md->comb(m, &in, &out);

		if (out.tags_in_use > md->n_tags) {
			rc = fail(cfg, "more tags in use than N_TAGS", cyc);
			break;
		}
		if (!out.cpl_ready && in.cpl_valid) {
			rc = fail(cfg, "a completion was not accepted", cyc);
			break;
		}
		if (out.cpl_bad)
			bad_seen++;
		if (in.job_valid && out.job_ready)
			job_in++;
		if (out.req_valid && in.req_ready) {
			if (req_next >= nreqs) {
				rc = fail(cfg, "a request the reference does not make", cyc);
				break;
			}
			struct req *r = &reqs[req_next];
			if (out.req_addr != r->addr || out.req_len != r->len || out.req_domain != r->dom ||
			    out.req_tag != r->tag) {
				printf("  request %u: got 0x%" PRIx64 " +%u dom %u tag %u, want 0x%" PRIx64
				       " +%u dom %u tag %u\n", req_next, out.req_addr, out.req_len,
				       out.req_domain, out.req_tag, r->addr, r->len, r->dom, r->tag);
				rc = fail(cfg, "request differs from the reference", cyc);
				break;
			}
			if (npend == MAX_PEND) {
				rc = fail(cfg, "host model overflow", cyc);
				break;
			}
			struct pend *p = &pend[npend++];
			p->req = req_next;
			p->beats = (unsigned)(((r->addr & 7) + r->len + 7) / 8);
			p->pos = 0;
			p->ready_at = cyc + rnd_range(ph->lat_min, ph->lat_max);
			p->mode = CPL_OK;
			if (chance(ph->err_pct)) {
				p->mode = CPL_ERR;
				p->beats = 1;
			} else if (chance(ph->bad_pct)) {
				if (p->beats >= 2 && chance(50)) {
					p->mode = CPL_SHORT;
					p->beats--;
				} else {
					p->mode = CPL_LONG;
					p->beats++;
				}
				bad_expected++;
			}
			r->accepted = 1;
			r->failed = p->mode != CPL_OK;
			r->no_data = p->mode == CPL_ERR;
			req_next++;
			if (npend > max_pend)
				max_pend = npend;
		}
		if (in.cpl_valid && stray_now) {
			bad_expected++;
		} else if (in.cpl_valid) {
			struct pend *p = &pend[pick];
			cur = pick;
			if (++p->pos == p->beats) {
				pend[pick] = pend[--npend];
				cur = -1;
			}
		}
		if (out.out_valid && in.out_ready) {
			if (job_out >= njobs) {
				rc = fail(cfg, "output beat after the last job", cyc);
				break;
			}
			const struct job *j = &jobs[job_out];
			uint64_t d;
			unsigned keep;
			int last, must, may;
			ref_beat(j, beat_out, &d, &keep, &last, &must, &may);
			int failed = j->refused;
			for (unsigned k = 0; k < j->nreq; k++)
				failed |= reqs[j->first_req + k].failed;
			int err_ok = out.out_err ? may : !must && !prev_err;
			if (last && out.out_err != failed)
				err_ok = 0;
			if (out.out_keep != keep || out.out_last != last || !err_ok ||
			    (!out.out_err && out.out_data != d)) {
				printf("  job %u (0x%" PRIx64 " +%u%s) beat %u: got %016" PRIx64
				       " keep %02x last %d err %d, want %016" PRIx64
				       " keep %02x last %d err %s (job %s)\n",
				       job_out, j->addr, j->len, j->refused ? " refused" : "", beat_out,
				       out.out_data, out.out_keep, out.out_last, out.out_err, d, keep,
				       last, must ? "1" : may ? "0 or 1" : "0", failed ? "failed" : "good");
				rc = fail(cfg, "output beat differs from the reference", cyc);
				break;
			}
			beats++;
			beat_out++;
			prev_err = out.out_err;
			if (last) {
				job_out++;
				beat_out = 0;
				prev_err = 0;
			}
		}
		md->posedge(m);
		if (job_out == njobs && req_next == nreqs && npend == 0)
			break;
	}
	/* one more cycle shows the last cpl_bad pulse */
	memset(&in, 0, sizeof in);
	md->comb(m, &in, &out);
	bad_seen += out.cpl_bad;
	if (!rc && cyc >= limit)
		rc = fail(cfg, "timed out", cyc);
	if (!rc && out.tags_in_use != 0)
		rc = fail(cfg, "tags still in use at the end", cyc);
	if (!rc && bad_seen != bad_expected) {
		printf("  cpl_bad pulses %" PRIu64 ", want %" PRIu64 "\n", bad_seen, bad_expected);
		rc = fail(cfg, "cpl_bad count", cyc);
	}
	if (!rc && ph->lat_min >= 100 && max_pend != md->n_tags) {
		printf("  at most %u requests outstanding\n", max_pend);
		rc = fail(cfg, "never N_TAGS requests outstanding under long latency", cyc);
	}
	if (!rc)
		printf("  %-10s %u jobs, %u requests, %" PRIu64 " beats in %" PRIu64
		       " cycles, up to %u outstanding, %" PRIu64 " bad completions counted\n",
		       cfg, njobs, nreqs, beats, cyc, max_pend, bad_seen);
	*beats_total += beats;
	md->destroy(m);
	return rc;
}

int main(int argc, char **argv)
{
	uint64_t seed = argc > 1 ? strtoull(argv[1], NULL, 0) : (uint64_t)time(NULL);
	unsigned scale = argc > 2 ? (unsigned)strtoul(argv[2], NULL, 0) : 100;
	const struct dmard_model *models[] = {&dmard8_model, &dmard4_model, &dmard2_model};
	static const struct phase phases[] = {
		{ "latency", 100, 400, 100, 100, 0, 5, 0, 0, 0, 4000, 0 },
		{ "stress", 0, 60, 70, 70, 20, 10, 2, 1, 1, 9000, 2 },
	};
	uint64_t beats = 0;
	int fail_any = 0;

	if (scale == 0)
		scale = 1;
	unsigned njobs = 1500u * scale / 100u;
	if (njobs < 10)
		njobs = 10;
	if (njobs > MAX_JOBS)
		njobs = MAX_JOBS;
	printf("rtl_dma_rd seed %" PRIu64 " (rerun: rtl_dma_rd %" PRIu64 " %u)\n", seed, seed, scale);
	rng_seed(seed);
	for (unsigned i = 0; i < sizeof models / sizeof models[0]; i++)
		for (unsigned p = 0; p < sizeof phases / sizeof phases[0]; p++)
			fail_any |= run_phase(models[i], &phases[p], njobs, &beats);
	printf("%" PRIu64 " beats delivered in total\n%s\n", beats, fail_any ? "FAIL" : "PASS");
	return fail_any;
}
