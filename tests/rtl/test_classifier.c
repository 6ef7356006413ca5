/* SPDX-License-Identifier: MIT */
/*
 * rtl_classifier: the verilated svnic_classifier (NUM_VIFS = 4 and 32)
 * against a C reference model of the switch rules, on randomized MAC tables
 * (duplicates, disabled entries, group addresses) and frames.
 * Usage: rtl_classifier [seed] [cases-per-config]
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "classifier_shim.h"

static uint64_t rng_state;

static uint64_t rnd(void)
{
	/* xorshift64* */
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545f4914f6cdd1dull;
}

static unsigned rnd_below(unsigned n) { return (unsigned)(rnd() % n); }

static void reference(const struct cls_in *in, struct cls_out *out)
{
	uint32_t all = in->num_vifs == 32 ? 0xffffffffu : ((1u << in->num_vifs) - 1u);
	uint32_t match = 0, self = 0;
	for (unsigned v = 0; v < in->num_vifs; v++)
		if (((in->enable >> v) & 1u) && in->mac[v] == in->dst_mac)
			match |= 1u << v;
	if (!in->src_wire)
		self = 1u << in->src_vif;
	out->dest_mask = 0;
	out->to_wire = 0;
	out->drop_novif = 0;
	if (in->dst_mac & 1u) { /* group address: bit 0 of byte 0 */
		out->dest_mask = in->enable & all & ~self;
		out->to_wire = !in->src_wire;
	} else if (in->src_wire) {
		out->dest_mask = match;
		out->drop_novif = match == 0;
	} else {
		out->dest_mask = match & ~self;
		out->to_wire = out->dest_mask == 0;
	}
}

static uint64_t rand_mac(void) { return rnd() & 0xffffffffffffull; }

static int run_config(unsigned nv, void *model,
		      void (*eval)(void *, const struct cls_in *, struct cls_out *),
		      unsigned long cases)
{
	struct cls_in in;
	struct cls_out got, exp;
	uint64_t pool[8];
	unsigned long errors = 0;
	unsigned long n_mcast = 0, n_wire_src = 0, n_hairpin = 0, n_novif = 0, n_towire = 0;

	for (unsigned long c = 0; c < cases; c++) {
		if (c % 64 == 0) {
			/* new table: MACs from a small pool so that duplicates occur */
			for (unsigned i = 0; i < 8; i++) {
				pool[i] = rand_mac() & ~1ull; /* unicast */
				if (rnd_below(8) == 0)
					pool[i] |= 1; /* a group address in the table */
			}
			in.num_vifs = nv;
			for (unsigned v = 0; v < 32; v++)
				in.mac[v] = 0;
			for (unsigned v = 0; v < nv; v++)
				in.mac[v] = rnd_below(4) == 0 ? rand_mac() & ~1ull : pool[rnd_below(8)];
			in.enable = (uint32_t)rnd();
			if (rnd_below(4) == 0)
				in.enable = nv == 32 ? 0xffffffffu : (1u << nv) - 1u;
			if (nv < 32)
				in.enable &= (1u << nv) - 1u; /* bits past NUM_VIFS do not exist */
		}
		switch (rnd_below(6)) {
		case 0: in.dst_mac = 0xffffffffffffull; break;
		case 1: in.dst_mac = rand_mac() | 1; break;
		case 2: in.dst_mac = rand_mac() & ~1ull; break;
		default: in.dst_mac = in.mac[rnd_below(nv)]; break;
		}
		in.src_wire = rnd_below(3) == 0;
		in.src_vif = rnd_below(nv);
		reference(&in, &exp);
		eval(model, &in, &got);
		if (got.dest_mask != exp.dest_mask || !got.to_wire != !exp.to_wire ||
		    !got.drop_novif != !exp.drop_novif) {
			if (errors < 10)
				fprintf(stderr,
					"NUM_VIFS=%u case %lu: dst %012" PRIx64 " src %s%u en %08" PRIx32
					": got mask %08" PRIx32 " wire %d novif %d, want mask %08" PRIx32
					" wire %d novif %d\n",
					nv, c, in.dst_mac, in.src_wire ? "wire" : "vif", in.src_vif,
					in.enable, got.dest_mask, got.to_wire, got.drop_novif,
					exp.dest_mask, exp.to_wire, exp.drop_novif);
			errors++;
		}
		n_mcast += in.dst_mac & 1;
		n_wire_src += in.src_wire != 0;
		n_hairpin += !in.src_wire && !(in.dst_mac & 1) && exp.dest_mask;
		n_novif += exp.drop_novif != 0;
		n_towire += exp.to_wire != 0;
	}
	printf("NUM_VIFS=%u: %lu cases (%lu group, %lu from wire, %lu hairpin, %lu no-VIF drops, "
	       "%lu to wire), %lu mismatches\n",
	       nv, cases, n_mcast, n_wire_src, n_hairpin, n_novif, n_towire, errors);
	return errors ? 1 : 0;
}

int main(int argc, char **argv)
{
	uint64_t seed = argc > 1 ? strtoull(argv[1], NULL, 0) : (uint64_t)time(NULL);
	unsigned long cases = argc > 2 ? strtoul(argv[2], NULL, 0) : 120000;
	int fail = 0;

	printf("rtl_classifier seed %" PRIu64 " (rerun: rtl_classifier %" PRIu64 ")\n", seed, seed);
	rng_state = seed * 0x9e3779b97f4a7c15ull + 1;

	void *m4 = cls4_new();
	fail |= run_config(4, m4, cls4_eval, cases);
	cls4_free(m4);
	void *m32 = cls32_new();
	fail |= run_config(32, m32, cls32_eval, cases);
	cls32_free(m32);
	printf("%s\n", fail ? "FAIL" : "PASS");
	return fail;
}
