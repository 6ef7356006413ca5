/* SPDX-License-Identifier: MIT */
/*
 * rtl_dma_win: the verilated svnic_dma_win (NUM_VIFS / N_WIN = 4 / 8,
 * 32 / 4 and 256 / 8) against a C model of the window table and of the
 * check.
 *
 * Random operations through the firmware register port and the job port:
 * windows stored, replaced and cleared at random (bases anywhere, up to the
 * top of the 64-bit space; sizes from 1 byte to 2^63; writes the block must
 * refuse: VIF or index out of range, base + size past 2^64), and jobs whose
 * ranges sit on, inside, across and just outside window edges, of the VIF's
 * own windows and of other VIFs', with lengths 0 .. 65535 and VIFs out of
 * range (below 256 VIFs: the fields have 8 bits). Each job must come out
 * unchanged with refused exactly as the model says, within N_WIN + 2
 * cycles (2 when the VIF's first window holds it), a fault_event pulse per
 * refusal;
 * FAULTS, FAULT_INFO (read-and-clear, the first refusal since the last
 * read), FAULT_ADDR and FAULT_LEN, STATUS and the staging registers must
 * read as the model says. Reset must invalidate every window.
 * Usage: rtl_dma_win [seed] [scale-percent]
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "dma_win_shim.h"
#include "svnic/regs.h"
#include "tb_rng.h"

#define MAXV 256
#define MAXW 16

struct win {
	int valid;
	uint64_t base, size;
};

struct ctx {
	const struct dmawin_model *md;
	void *m;
	struct dmawin_in in;
	struct dmawin_out out;
	uint64_t cyc;
	struct win w[MAXV][MAXW];
	uint32_t faults;
	int finfo_valid;
	unsigned finfo_vif;
	int finfo_write;
	uint64_t faddr;
	unsigned flen;
	int rc;
};

static void check(struct ctx *c, int ok, const char *what)
{
	if (!ok && !c->rc) {
		printf("FAIL %s: %s (cycle %" PRIu64 ")\n", c->md->name, what, c->cyc);
		c->rc = 1;
	}
}

/* One clock: inputs as set, outputs read before the edge. */
static void cycle(struct ctx *c)
{
	c->md->comb(c->m, &c->in, &c->out);
	c->md->posedge(c->m);
	c->cyc++;
}

static void reg_wr(struct ctx *c, unsigned addr, uint32_t val)
{
	c->in.wr_en = 1;
	c->in.wr_addr = addr;
	c->in.wr_data = val;
	c->md->comb(c->m, &c->in, &c->out);
	check(c, c->out.wr_hit, "a window register write not claimed");
	cycle(c);
	c->in.wr_en = 0;
}

static uint32_t reg_rd(struct ctx *c, unsigned addr)
{
	c->in.rd_en = 1;
	c->in.rd_addr = addr;
	cycle(c);
	c->in.rd_en = 0;
	c->md->comb(c->m, &c->in, &c->out);
	check(c, c->out.rd_sel, "a window register read not claimed");
	return c->out.rd_data;
}

static uint64_t rnd_u64_below_pow(unsigned bits)
{
	return bits >= 64 ? rnd() : rnd() & ((1ull << bits) - 1);
}

/* A window write through the staging registers, checked against the model. */
static void write_window(struct ctx *c)
{
	unsigned nv = c->md->num_vifs, nw = c->md->n_win;
	/* a VIF out of range, while the 8-bit field can name one */
	unsigned vif = nv < 256u && chance(5) ? rnd_range(nv, 255) : rnd_below(nv);
	unsigned idx = chance(5) ? rnd_range(nw, 255) : rnd_below(nw);
	uint64_t base, size;
	switch (rnd_below(4)) {
	case 0: base = rnd(); break;
	case 1: base = 0xffffffffffffffffull - rnd_u64_below_pow(20); break;
	case 2: base = rnd_u64_below_pow(24); break;
	default: base = 0x0000100000000000ull + (rnd_u64_below_pow(30) & ~0xfffull); break;
	}
	switch (rnd_below(5)) {
	case 0: size = 0; break;
	case 1: size = rnd_range(1, 4096); break;
	case 2: size = rnd_u64_below_pow(1 + rnd_below(63)) + 1; break;
	case 3: size = ~base + 1; break; /* up to the top of the space exactly */
	default: size = rnd_range(4096, 1u << 20); break;
	}
	reg_wr(c, SVNIC_FW_DMAW_BASE_LO, (uint32_t)base);
	reg_wr(c, SVNIC_FW_DMAW_BASE_HI, (uint32_t)(base >> 32));
	reg_wr(c, SVNIC_FW_DMAW_SIZE_LO, (uint32_t)size);
	reg_wr(c, SVNIC_FW_DMAW_SIZE_HI, (uint32_t)(size >> 32));
	if (chance(10)) {
		check(c, reg_rd(c, SVNIC_FW_DMAW_BASE_HI) == (uint32_t)(base >> 32), "BASE_HI readback");
		check(c, reg_rd(c, SVNIC_FW_DMAW_SIZE_LO) == (uint32_t)size, "SIZE_LO readback");
	}
	reg_wr(c, SVNIC_FW_DMAW_WRITE, vif << SVNIC_DMAW_WRITE_VIF_SHIFT | idx);
	int wraps = size && (unsigned __int128)base + size > ((unsigned __int128)1 << 64);
	int refused = vif >= nv || idx >= nw || wraps;
	check(c, reg_rd(c, SVNIC_FW_DMAW_STATUS) == (refused ? SVNIC_DMAW_STATUS_REFUSED : 0u),
	      "STATUS after a window write");
	if (!refused) {
		c->w[vif][idx].valid = size != 0;
		c->w[vif][idx].base = base;
		c->w[vif][idx].size = size;
	}
}

static int model_refuses(const struct ctx *c, uint64_t addr, unsigned len, unsigned dom)
{
	if (len == 0 || dom >= c->md->num_vifs ||
	    (unsigned __int128)addr + len > ((unsigned __int128)1 << 64))
		return 1;
	for (unsigned i = 0; i < c->md->n_win; i++) {
		const struct win *w = &c->w[dom][i];
		if (w->valid && addr >= w->base && addr - w->base <= w->size - 1 &&
		    len - 1 <= w->size - 1 - (addr - w->base))
			return 0;
	}
	return 1;
}

static void job(struct ctx *c)
{
	unsigned nv = c->md->num_vifs;
	unsigned dom = nv < 256u && chance(3) ? rnd_range(nv, 255) : rnd_below(nv);
	/* aim at an edge of a window of this VIF (or, at times, another's) */
	unsigned wv = chance(80) || dom >= nv ? (dom < nv ? dom : 0) : rnd_below(nv);
	const struct win *w = &c->w[wv][rnd_below(c->md->n_win)];
	unsigned len = chance(3) ? 0 : chance(30) ? rnd_range(1, 16) : rnd_range(1, 65535);
	uint64_t addr;
	uint64_t last = w->base + w->size - 1;
	switch (rnd_below(6)) {
	case 0: addr = w->base; break;
	case 1: addr = w->base - rnd_range(1, 8); break;
	case 2: addr = last - len + 1 + rnd_range(0, 2); break;
	case 3: addr = last - (len ? len - 1 : 0) - rnd_range(0, 2); break;
	case 4: addr = w->base + (w->size ? rnd() % w->size : 0); break;
	default: addr = rnd(); break;
	}
	int want = model_refuses(c, addr, len, dom);
	/* the first window holding it ends the check early */
	int first_holds = !want && dom < nv && c->w[dom][0].valid && addr >= c->w[dom][0].base &&
			  addr - c->w[dom][0].base <= c->w[dom][0].size - 1 &&
			  len - 1 <= c->w[dom][0].size - 1 - (addr - c->w[dom][0].base);
	int wr = chance(50);

	c->in.job_valid = 1;
	c->in.job_addr = addr;
	c->in.job_len = len;
	c->in.job_domain = dom;
	c->in.job_write = wr;
	c->md->comb(c->m, &c->in, &c->out);
	check(c, c->out.job_ready, "job port not ready when idle");
	cycle(c);
	c->in.job_valid = 0;
	unsigned waited = 0;
	for (;;) {
		c->in.out_ready = chance(70);
		c->md->comb(c->m, &c->in, &c->out);
		if (c->out.out_valid)
			break;
		check(c, !c->out.fault_event, "fault_event without a job handed on");
		cycle(c);
		if (++waited > c->md->n_win + 2) {
			check(c, 0, "check took more than N_WIN + 2 cycles");
			return;
		}
	}
	if (first_holds && waited != 1) {
		printf("  VIF %u job held by window 0 came out after %u cycles\n", dom, waited + 1);
		check(c, 0, "window 0 hit not answered in 2 cycles");
	}
	while (!c->in.out_ready) {
		check(c, !c->out.fault_event, "fault_event before the job is taken");
		cycle(c);
		c->in.out_ready = chance(50);
		c->md->comb(c->m, &c->in, &c->out);
	}
	if (c->out.out_refused != want) {
		printf("  VIF %u job 0x%016" PRIx64 " +%u: refused %d, model %d\n", dom, addr, len,
		       c->out.out_refused, want);
		check(c, 0, "refusal differs from the model");
	}
	check(c, c->out.out_addr == addr && c->out.out_len == len && c->out.out_domain == dom &&
		     c->out.out_write == wr, "job fields changed on the way");
	check(c, c->out.fault_event == want, "fault_event differs from the refusal");
	cycle(c);
	c->in.out_ready = 0;
	if (want) {
		c->faults++;
		if (!c->finfo_valid) {
			c->finfo_valid = 1;
			c->finfo_vif = dom;
			c->finfo_write = wr;
			c->faddr = addr;
			c->flen = len;
		}
	}
}

static void read_faults(struct ctx *c)
{
	check(c, reg_rd(c, SVNIC_FW_DMAW_FAULTS) == c->faults, "FAULTS count");
	uint32_t info = reg_rd(c, SVNIC_FW_DMAW_FAULT_INFO);
	uint32_t want = c->finfo_valid ? SVNIC_DMAW_FAULT_VALID | c->finfo_vif |
					     (c->finfo_write ? SVNIC_DMAW_FAULT_WRITE : 0u) : 0u;
	if (info != want)
		printf("  FAULT_INFO 0x%08x, want 0x%08x\n", info, want);
	check(c, info == want, "FAULT_INFO");
	if (c->finfo_valid) {
		uint64_t a = reg_rd(c, SVNIC_FW_DMAW_FAULT_ADDR_LO);
		a |= (uint64_t)reg_rd(c, SVNIC_FW_DMAW_FAULT_ADDR_HI) << 32;
		check(c, a == c->faddr, "FAULT_ADDR");
		check(c, reg_rd(c, SVNIC_FW_DMAW_FAULT_LEN) == c->flen, "FAULT_LEN");
	}
	c->finfo_valid = 0;
}

static void reset(struct ctx *c)
{
	memset(&c->in, 0, sizeof c->in);
	c->in.rst = 1;
	for (int i = 0; i < 3; i++)
		cycle(c);
	c->in.rst = 0;
	memset(c->w, 0, sizeof c->w);
	c->faults = 0;
	c->finfo_valid = 0;
}

static int run(const struct dmawin_model *md, unsigned ops, uint64_t *jobs_total)
{
	struct ctx c;
	memset(&c, 0, sizeof c);
	c.md = md;
	c.m = md->create();
	reset(&c);
	check(&c, reg_rd(&c, SVNIC_FW_DMAW_WINDOWS) == md->n_win, "WINDOWS");
	uint64_t jobs = 0, refused = 0;
	for (unsigned i = 0; i < ops && !c.rc; i++) {
		unsigned r = rnd_below(100);
		if (r < 30) {
			write_window(&c);
		} else if (r < 95) {
			uint32_t f = c.faults;
			job(&c);
			jobs++;
			refused += c.faults != f;
		} else if (r < 99) {
			read_faults(&c);
		} else {
			reset(&c);
		}
	}
	if (!c.rc) {
		/* after a reset nothing passes, not even a job that passed before */
		reset(&c);
		for (unsigned v = 0; v < md->num_vifs && !c.rc; v++) {
			c.in.job_valid = 1;
			c.in.job_addr = 0;
			c.in.job_len = 1;
			c.in.job_domain = v;
			c.in.out_ready = 1;
			cycle(&c);
			c.in.job_valid = 0;
			c.md->comb(c.m, &c.in, &c.out);
			for (unsigned t = 0; t < md->n_win + 2 && !c.out.out_valid; t++) {
				cycle(&c);
				c.md->comb(c.m, &c.in, &c.out);
			}
			check(&c, c.out.out_valid && c.out.out_refused, "a job passed right after reset");
			cycle(&c);
		}
	}
	if (!c.rc)
		printf("  %-9s %u operations, %" PRIu64 " jobs checked, %" PRIu64 " refused\n", md->name,
		       ops, jobs, refused);
	*jobs_total += jobs;
	md->destroy(c.m);
	return c.rc;
}

int main(int argc, char **argv)
{
	uint64_t seed = argc > 1 ? strtoull(argv[1], NULL, 0) : (uint64_t)time(NULL);
	unsigned scale = argc > 2 ? (unsigned)strtoul(argv[2], NULL, 0) : 100;
	const struct dmawin_model *models[] = {&dmawin4_model, &dmawin32_model, &dmawin256_model};
	uint64_t jobs = 0;
	int fail_any = 0;

	if (scale == 0)
		scale = 1;
	printf("rtl_dma_win seed %" PRIu64 " (rerun: rtl_dma_win %" PRIu64 " %u)\n", seed, seed, scale);
	rng_seed(seed);
	for (unsigned i = 0; i < sizeof models / sizeof models[0]; i++)
		fail_any |= run(models[i], 200000u * scale / 100u + 10u, &jobs);
	printf("%" PRIu64 " jobs checked in total\n%s\n", jobs, fail_any ? "FAIL" : "PASS");
	return fail_any;
}
