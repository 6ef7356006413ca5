/* SPDX-License-Identifier: MIT */
/*
 * rtl_dma_wr: the verilated svnic_dma_wr (MAX_PAYLOAD = 256, 64 and 4096)
 * against a C reference of its split and of the bytes it writes.
 *
 * Jobs of random length and byte alignment (a few refused) go in with their
 * data; every request must be the reference's next one (at most
 * MAX_PAYLOAD bytes, never across a MAX_PAYLOAD boundary), its data beats
 * address-aligned with exactly the request's bytes enabled, equal to the
 * job's bytes at those addresses, tlast on the last. The host answers each
 * request after a random delay, faulting some; each job's done must come in
 * order with a fault exactly when the job was refused or a request of it
 * faulted, and a refused job must take its data and issue nothing. Every
 * handshake stalls at random.
 * Usage: rtl_dma_wr [seed] [scale-percent]
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "dma_wr_shim.h"
#include "tb_rng.h"

#define MAX_JOBS 3000u
#define DATA_MAX 65536u
#define MAX_DONES 4096u

struct job {
	uint64_t addr;
	unsigned len, dom;
	int refused, faulted;
	uint8_t *data;
};

static struct job jobs[MAX_JOBS];

static int fail(const char *cfg, const char *what, uint64_t cyc)
{
	printf("FAIL %s: %s (cycle %" PRIu64 ")\n", cfg, what, cyc);
	return 1;
}

static int run(const struct dmawr_model *md, unsigned njobs, uint64_t *reqs_total)
{
	const char *cfg = md->name;
	unsigned mps = md->max_payload;
	void *m = md->create();
	struct dmawr_in in;
	struct dmawr_out out;
	memset(&in, 0, sizeof in);

	for (unsigned i = 0; i < njobs; i++) {
		struct job *j = &jobs[i];
		j->len = chance(2) ? rnd_range(4096, 65535) : rnd_range(1, 9000);
		if (chance(20))
			j->len = rnd_range(1, 16);
		j->addr = 0xffff000000000000ull + ((uint64_t)rnd() & 0xffffffffffull);
		if (chance(10))
			j->addr |= mps - 1 - rnd_below(8);
		j->dom = rnd_below(256);
		j->refused = chance(4);
		j->faulted = 0;
		j->data = malloc(j->len);
		for (unsigned b = 0; b < j->len; b++)
			j->data[b] = (uint8_t)rnd();
	}

	in.rst = 1;
	for (int i = 0; i < 4; i++) {
		md->comb(m, &in, &out);
		md->posedge(m);
	}
	in.rst = 0;

	/* reference state */
	unsigned job_in = 0, d_job = 0, d_beat = 0, job_done = 0, cur_job = 0;
	uint64_t r_addr = 0;
	unsigned r_left = 0;  /* bytes of the current job not yet requested */
	int in_req = 0;       /* a request's data is being received */
	uint64_t q_addr = 0;  /* current request */
	unsigned q_len = 0, q_beat = 0, q_beats = 0;
	uint64_t done_at[MAX_DONES];
	int done_fault[MAX_DONES];
	unsigned done_head = 0, done_tail = 0;
	uint64_t reqs = 0, cyc, limit = 50000000ull;
	int rc = 0;

	for (cyc = 0; cyc < limit && !rc && job_done < njobs; cyc++) {
		in.job_valid = job_in < njobs && chance(80);
		if (in.job_valid) {
			in.job_addr = jobs[job_in].addr;
			in.job_len = jobs[job_in].len;
			in.job_domain = jobs[job_in].dom;
			in.job_refused = jobs[job_in].refused;
		}
		/* the data stream runs ahead of the jobs on its own */
		in.data_valid = d_job < njobs && chance(80);
		if (in.data_valid) {
			const struct job *j = &jobs[d_job];
			unsigned n = j->len - 8 * d_beat < 8 ? j->len - 8 * d_beat : 8;
			in.data = rnd(); /* bytes past the job's end are ignored */
			memcpy(&in.data, &j->data[8 * d_beat], n);
		}
		in.req_ready = chance(70);
		in.wr_ready = chance(75);
		in.jdone_ready = chance(60);
		in.done_valid = done_head != done_tail && done_at[done_head % MAX_DONES] <= cyc;
		in.done_fault = in.done_valid && done_fault[done_head % MAX_DONES];

		md->comb(m, &in, &out);

		if (in.job_valid && out.job_ready) {
			cur_job = job_in++;
			r_addr = jobs[cur_job].addr;
			r_left = jobs[cur_job].refused ? 0 : jobs[cur_job].len;
		}
		if (in.data_valid && out.data_ready) {
			if (++d_beat == (jobs[d_job].len + 7) / 8) {
				d_job++;
				d_beat = 0;
			}
		}
		if (in.done_valid)
			done_head++;
		if (out.req_valid && in.req_ready) {
			unsigned room = mps - (unsigned)(r_addr % mps);
			unsigned want = r_left < room ? r_left : room;
			if (in_req || r_left == 0 || out.req_addr != r_addr || out.req_len != want ||
			    out.req_domain != jobs[cur_job].dom) {
				printf("  job %u: request 0x%" PRIx64 " +%u dom %u, want 0x%" PRIx64
				       " +%u dom %u%s\n", cur_job, out.req_addr, out.req_len,
				       out.req_domain, r_addr, want, jobs[cur_job].dom,
				       in_req ? " (data of the previous one still due)" : "");
				rc = fail(cfg, "request differs from the reference", cyc);
				break;
			}
			in_req = 1;
			q_addr = r_addr;
			q_len = want;
			q_beat = 0;
			q_beats = (unsigned)(((q_addr & 7) + q_len + 7) / 8);
			r_addr += want;
			r_left -= want;
			reqs++;
		}
		if (out.wr_valid && in.wr_ready) {
			const struct job *j = &jobs[cur_job];
			uint64_t wa = (q_addr & ~7ull) + 8ull * q_beat;
			unsigned keep = 0;
			uint8_t got[8];
			memcpy(got, &out.wr_data, 8);
			int bad = !in_req;
			for (unsigned b = 0; b < 8 && !bad; b++) {
				uint64_t a = wa + b;
				if (a >= q_addr && a < q_addr + q_len) {
					keep |= 1u << b;
					if ((out.wr_keep >> b & 1) && got[b] != j->data[a - j->addr])
						bad = 1;
				}
			}
			int last = q_beat + 1 == q_beats;
			if (bad || out.wr_keep != keep || out.wr_last != last) {
				printf("  job %u request 0x%" PRIx64 " +%u beat %u: keep %02x last %d, "
				       "want keep %02x last %d%s\n", cur_job, q_addr, q_len, q_beat,
				       out.wr_keep, out.wr_last, keep, last, bad ? " (data differs)" : "");
				rc = fail(cfg, "write data differs from the reference", cyc);
				break;
			}
			if (++q_beat == q_beats) {
				in_req = 0;
				int f = chance(3);
				if (f)
					jobs[cur_job].faulted = 1;
				uint64_t prev = done_head != done_tail ? done_at[(done_tail - 1) % MAX_DONES] : 0;
				uint64_t at = cyc + 1 + rnd_below(30);
				done_at[done_tail % MAX_DONES] = at > prev ? at : prev;
				done_fault[done_tail % MAX_DONES] = f;
				done_tail++;
			}
		}
		if (out.jdone_valid && in.jdone_ready) {
			const struct job *j = &jobs[job_done];
			int want = j->refused || j->faulted;
			if (job_done != cur_job || r_left || in_req || done_head != done_tail ||
			    out.jdone_fault != want || d_job <= job_done) {
				printf("  job %u done (fault %d), want fault %d; reference at job %u, "
				       "%u bytes unrequested, data through job %u\n", job_done,
				       out.jdone_fault, want, cur_job, r_left, d_job);
				rc = fail(cfg, "job done differs from the reference", cyc);
				break;
			}
			job_done++;
		}
		md->posedge(m);
	}
	if (!rc && job_done < njobs)
		rc = fail(cfg, "timed out", cyc);
	if (!rc)
		printf("  %-9s %u jobs, %" PRIu64 " requests in %" PRIu64 " cycles\n", cfg, njobs,
		       reqs, cyc);
	*reqs_total += reqs;
	for (unsigned i = 0; i < njobs; i++)
		free(jobs[i].data);
	md->destroy(m);
	return rc;
}

int main(int argc, char **argv)
{
	uint64_t seed = argc > 1 ? strtoull(argv[1], NULL, 0) : (uint64_t)time(NULL);
	unsigned scale = argc > 2 ? (unsigned)strtoul(argv[2], NULL, 0) : 100;
	const struct dmawr_model *models[] = {&dmawr256_model, &dmawr64_model, &dmawr4096_model};
	uint64_t reqs = 0;
	int fail_any = 0;

	if (scale == 0)
		scale = 1;
	unsigned njobs = 1500u * scale / 100u;
	if (njobs < 10)
		njobs = 10;
	if (njobs > MAX_JOBS)
		njobs = MAX_JOBS;
	printf("rtl_dma_wr seed %" PRIu64 " (rerun: rtl_dma_wr %" PRIu64 " %u)\n", seed, seed, scale);
	rng_seed(seed);
	for (unsigned i = 0; i < sizeof models / sizeof models[0]; i++)
		fail_any |= run(models[i], njobs, &reqs);
	printf("%" PRIu64 " write requests in total\n%s\n", reqs, fail_any ? "FAIL" : "PASS");
	return fail_any;
}
