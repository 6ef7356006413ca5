/* SPDX-License-Identifier: MIT */
/*
 * rtl_fdb: the verilated svnic_fdb (three configurations of ENTRIES, WAYS,
 * NUM_VIFS, CHUNK) against a C reference of its forwarding rules.
 *
 * Per configuration, after a reset (the RAM clearing must end in time, with
 * no request accepted meanwhile), a number of epochs. Each epoch changes the
 * configuration through the write ports the way firmware would (VIF VLANs
 * and flags; table entries added at bucket * WAYS + way from the mirrored
 * hash, removed, refused when written to the wrong bucket, with the bucket
 * full fallback), then sends randomized lookups (unicast to known and
 * unknown MACs, duplicates, broadcast, subscribed and unsubscribed
 * multicast, from VIFs and from the wire on member and foreign VLANs,
 * disabled senders) with random gaps and result back-pressure. Every result
 * beat is compared with the reference; drop counters are compared at the
 * end of each epoch.
 * Usage: rtl_fdb [seed] [lookups-per-config]
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "fdb_shim.h"
#include "tb_rng.h"

#define MAXV 256
#define MAXE 256
#define EXPQ 8192
#define EPOCHS 20
/* VLAN of the entries written while lookups run; no lookup or VIF uses it */
#define SHADOW_VLAN 4001u

enum { DROP_NONE, DROP_UNKNOWN, DROP_NOMEMBER, DROP_SRCDIS };


/*
 * The bucket hash, as firmware computes it: CRC-16/CCITT (0x1021, initial
 * 0xffff, no reflection, no final xor) over the 60-bit key {vlan, mac}, most
 * significant bit first; mac byte 0 (first on the wire) in bits 7:0.
 */
static uint16_t fdb_hash(uint64_t mac, unsigned vlan)
{
	uint64_t key = ((uint64_t)(vlan & 0xfffu) << 48) | (mac & 0xffffffffffffull);
	uint16_t crc = 0xffff;
	for (int i = 59; i >= 0; i--) {
		unsigned fb = ((crc >> 15) ^ (unsigned)(key >> i)) & 1u;
		crc = (uint16_t)(crc << 1);
		if (fb)
			crc ^= 0x1021;
	}
	return crc;
}

struct entry {
	int valid;
	uint64_t mac;
	unsigned vlan, vif;
};

struct vif_attr {
	int enable, promisc, allmulti;
	unsigned vlan;
};

struct beat {
	unsigned chunk, drop, vlan;
	uint64_t mask;
	int last, to_wire;
};

struct tb {
	const struct fdb_model *md;
	void *m;
	struct fdb_in in;
	struct fdb_out out;
	unsigned nv, ne, ways, buckets, chunk, nch;
	uint64_t cycle;
	unsigned long errors;

	/* reference state */
	struct entry tbl[MAXE];
	struct vif_attr vif[MAXV];
	uint64_t vif_mac[MAXV];
	unsigned vlan_pool[4];
	uint64_t groups[8];
	uint32_t cnt_unknown, cnt_nomember, cnt_srcdis;

	/* expected result beats */
	struct beat expq[EXPQ];
	unsigned exp_head, exp_tail;

	/* statistics */
	unsigned long lookups, beats, n_bcast, n_mcast_hit, n_ucast_hit, n_hairpin, n_towire;
	unsigned long n_unknown, n_nomember, n_srcdis, n_promisc_copy, n_full, n_refused;
	unsigned long n_shadow;
};

static void fail(struct tb *t, const char *what)
{
	if (t->errors < 10)
		fprintf(stderr, "%s: cycle %" PRIu64 ": %s\n", t->md->name, t->cycle, what);
	t->errors++;
}

/* one clock cycle with the current inputs; outputs sampled before the edge */
static void step(struct tb *t)
{
	t->md->comb(t->m, &t->in, &t->out);
	t->md->posedge(t->m);
	t->cycle++;
}

static void settle(struct tb *t) { t->md->comb(t->m, &t->in, &t->out); }

static void reset(struct tb *t)
{
	memset(&t->in, 0, sizeof(t->in));
	t->in.rst = 1;
	step(t);
	t->in.rst = 0;
	unsigned limit = (t->buckets > t->nv ? t->buckets : t->nv) + 4, n = 0;
	t->in.req_valid = 1; /* must not be taken while clearing */
	for (;;) {
		settle(t);
		if (!t->out.init_busy)
			break;
		if (t->out.req_ready)
			fail(t, "request accepted while clearing");
		if (++n > limit) {
			fail(t, "RAM clearing does not end");
			break;
		}
		step(t);
	}
	t->in.req_valid = 0;
	memset(t->tbl, 0, sizeof(t->tbl));
	memset(t->vif, 0, sizeof(t->vif));
	t->cnt_unknown = t->cnt_nomember = t->cnt_srcdis = 0;
	t->exp_head = t->exp_tail = 0;
}

/* ---- firmware-side writes ---- */

static void tbl_write(struct tb *t, unsigned index, int valid, uint64_t mac, unsigned vlan,
		      unsigned vif)
{
	memset(&t->in, 0, sizeof(t->in));
	t->in.tbl_wr_en = 1;
	t->in.tbl_wr_index = index;
	t->in.tbl_wr_valid = valid;
	t->in.tbl_wr_mac = mac;
	t->in.tbl_wr_vlan = vlan;
	t->in.tbl_wr_vif = vif;
	step(t);
	t->in.tbl_wr_en = 0;
	settle(t);
	int refused = valid && (fdb_hash(mac, vlan) & (t->buckets - 1)) != index / t->ways;
	if (!t->out.tbl_wr_err != !refused)
		fail(t, refused ? "write to the wrong bucket not refused" : "valid write refused");
	step(t); /* the refusal flag lasts one cycle: let it pass */
	if (refused) {
		t->n_refused++;
		return;
	}
	t->tbl[index].valid = valid;
	t->tbl[index].mac = valid ? mac : 0;
	t->tbl[index].vlan = valid ? vlan : 0;
	t->tbl[index].vif = valid ? vif : 0;
}

static void vif_write(struct tb *t, unsigned v, int enable, unsigned vlan, int promisc,
		      int allmulti)
{
	memset(&t->in, 0, sizeof(t->in));
	t->in.vif_wr_en = 1;
	t->in.vif_wr_vif = v;
	t->in.vif_wr_enable = enable;
	t->in.vif_wr_vlan = vlan;
	t->in.vif_wr_promisc = promisc;
	t->in.vif_wr_allmulti = allmulti;
	step(t);
	t->in.vif_wr_en = 0;
	t->vif[v].enable = enable;
	t->vif[v].vlan = vlan;
	t->vif[v].promisc = promisc;
	t->vif[v].allmulti = allmulti;
}

/* add (mac, vlan) -> v in a free way of its bucket; 0 if the bucket is full */
static int fw_add(struct tb *t, uint64_t mac, unsigned vlan, unsigned v)
{
	unsigned b = fdb_hash(mac, vlan) & (t->buckets - 1);
	for (unsigned w = 0; w < t->ways; w++) {
		if (!t->tbl[b * t->ways + w].valid) {
			tbl_write(t, b * t->ways + w, 1, mac, vlan, v);
			return 1;
		}
	}
	t->n_full++;
	return 0;
}

static uint64_t rand_ucast(void) { return (rnd() & 0xfffffffffffcull) | 2u; }
static uint64_t rand_mcast(void) { return (rnd() & 0xfffffffffffeull) | 1u; }

static void new_vlan_pool(struct tb *t)
{
	t->vlan_pool[0] = 0;
	for (unsigned i = 1; i < 4; i++) {
		t->vlan_pool[i] = 1 + rnd_below(4095);
		if (t->vlan_pool[i] == SHADOW_VLAN)
			t->vlan_pool[i]++;
	}
	if (chance(30))
		t->vlan_pool[3] = 4095;
}

static unsigned pick_vlan(struct tb *t) { return t->vlan_pool[rnd_below(4)]; }

/* reconfigure: some VIFs change, some entries go, new ones come */
static void reconfigure(struct tb *t, int full)
{
	memset(&t->in, 0, sizeof(t->in));
	if (full)
		new_vlan_pool(t);
	for (unsigned v = 0; v < t->nv; v++) {
		if (!full && !chance(10))
			continue;
		if (full || chance(30))
			t->vif_mac[v] = rand_ucast();
		/* about one promiscuous VIF in two hundred and fifty-six, one in eight of four */
		vif_write(t, v, chance(90), pick_vlan(t), rnd_below(t->nv * 4) < 2, chance(10));
	}
	/* remove entries */
	for (unsigned i = 0; i < t->ne; i++)
		if (t->tbl[i].valid && (full ? chance(70) : chance(15)))
			tbl_write(t, i, 0, 0, 0, 0);
	/* a refused write: a key at an index of another bucket */
	for (unsigned k = 0; k < 2; k++) {
		uint64_t mac = rand_ucast();
		unsigned vlan = pick_vlan(t);
		unsigned b = (fdb_hash(mac, vlan) + 1 + rnd_below(t->buckets - 1)) & (t->buckets - 1);
		tbl_write(t, b * t->ways + rnd_below(t->ways), 1, mac, vlan, rnd_below(t->nv));
	}
	/* multicast groups, each subscribed by a few VIFs of one VLAN */
	for (unsigned g = 0; g < 8; g++)
		if (full || chance(20))
			t->groups[g] = g == 0 ? 0x00005e0001ull | 1u : rand_mcast();
	unsigned target = t->ne * 3 / 4, used = 0;
	for (unsigned i = 0; i < t->ne; i++)
		used += t->tbl[i].valid != 0;
	for (unsigned tries = 0; used < target && tries < 4 * t->ne; tries++) {
		unsigned v = rnd_below(t->nv), r = rnd_below(100);
		uint64_t mac;
		unsigned vlan = t->vif[v].vlan;
		if (r < 60) {
			mac = t->vif_mac[v];
		} else if (r < 70) {
			/* duplicate: another VIF's address in the same VLAN */
			unsigned o = rnd_below(t->nv);
			mac = t->vif_mac[o];
		} else if (r < 75) {
			/* an entry for a VLAN the VIF is not on: never delivers */
			mac = t->vif_mac[v];
			vlan = pick_vlan(t);
		} else {
			mac = t->groups[rnd_below(8)];
		}
		/* skip exact repeats of (key, vif) */
		int dup = 0;
		for (unsigned i = 0; i < t->ne; i++)
			if (t->tbl[i].valid && t->tbl[i].mac == mac && t->tbl[i].vlan == vlan &&
			    t->tbl[i].vif == v)
				dup = 1;
		if (dup)
			continue;
		if (fw_add(t, mac, vlan, v)) {
			used++;
		} else if (!chance(25)) {
			/* bucket full: firmware refuses the address (no fallback) */
		} else if (mac & 1u) {
			vif_write(t, v, t->vif[v].enable, t->vif[v].vlan, t->vif[v].promisc, 1);
		} else if (mac == t->vif_mac[v] && vlan == t->vif[v].vlan) {
			vif_write(t, v, t->vif[v].enable, t->vif[v].vlan, 1, t->vif[v].allmulti);
		}
	}
	memset(&t->in, 0, sizeof(t->in));
}

/* ---- reference lookup ---- */

static void exp_push(struct tb *t, const struct beat *b)
{
	if (t->exp_tail - t->exp_head >= EXPQ) {
		fail(t, "testbench expectation queue overflow");
		return;
	}
	t->expq[t->exp_tail++ % EXPQ] = *b;
}

static void reference(struct tb *t, uint64_t dst, int src_wire, unsigned src_vif, unsigned wvlan)
{
	static uint8_t dest[MAXV], hitv[MAXV];
	unsigned vlan = src_wire ? wvlan : t->vif[src_vif].vlan;
	int src_dis = !src_wire && !t->vif[src_vif].enable;
	int bcast = dst == 0xffffffffffffull, group = (dst & 1u) != 0;
	int any_dest = 0, hit_member = 0, promisc_copy = 0;

	/* every entry of the key counts (wherever it is in the table) */
	memset(hitv, 0, sizeof(hitv));
	for (unsigned i = 0; i < t->ne; i++)
		if (t->tbl[i].valid && t->tbl[i].mac == dst && t->tbl[i].vlan == vlan)
			hitv[t->tbl[i].vif] = 1;
	for (unsigned v = 0; v < t->nv; v++) {
		int member = t->vif[v].enable && t->vif[v].vlan == vlan && (src_wire || v != src_vif);
		int hit = hitv[v];
		if (member && hit)
			hit_member = 1;
		if (src_dis)
			dest[v] = 0;
		else if (bcast)
			dest[v] = (uint8_t)member;
		else if (group)
			dest[v] = (uint8_t)(member && (t->vif[v].allmulti || t->vif[v].promisc || hit));
		else
			dest[v] = (uint8_t)(member && (t->vif[v].promisc || hit));
		any_dest |= dest[v];
		promisc_copy |= dest[v] && !hit && t->vif[v].promisc;
	}
	int to_wire = !src_dis && !src_wire && (group || !hit_member);
	unsigned drop = DROP_NONE;
	if (src_dis)
		drop = DROP_SRCDIS;
	else if (src_wire && !any_dest)
		drop = group ? DROP_NOMEMBER : DROP_UNKNOWN;

	for (unsigned c = 0; c < t->nch; c++) {
		struct beat b = { c, DROP_NONE, vlan, 0, c == t->nch - 1, 0 };
		for (unsigned j = 0; j < t->chunk; j++)
			if (dest[c * t->chunk + j])
				b.mask |= 1ull << j;
		if (b.last) {
			b.to_wire = to_wire;
			b.drop = drop;
		}
		exp_push(t, &b);
	}

	t->lookups++;
	t->n_bcast += bcast;
	t->n_mcast_hit += group && !bcast && hit_member;
	t->n_ucast_hit += !group && hit_member;
	t->n_hairpin += !src_wire && any_dest;
	t->n_towire += to_wire;
	t->n_promisc_copy += promisc_copy;
	t->cnt_unknown += drop == DROP_UNKNOWN;
	t->cnt_nomember += drop == DROP_NOMEMBER;
	t->cnt_srcdis += drop == DROP_SRCDIS;
	t->n_unknown += drop == DROP_UNKNOWN;
	t->n_nomember += drop == DROP_NOMEMBER;
	t->n_srcdis += drop == DROP_SRCDIS;
}

/* a random lookup request */
static void gen_request(struct tb *t)
{
	unsigned r = rnd_below(100);
	int src_wire = chance(40);
	unsigned src_vif = rnd_below(t->nv);
	unsigned wvlan = chance(90) ? pick_vlan(t) : rnd_below(4096);
	if (wvlan == SHADOW_VLAN)
		wvlan++;
	uint64_t dst;

	if (r < 35) {
		/* a table key; from the wire on its VLAN, or from a VIF (of its VLAN if any) */
		unsigned i = rnd_below(t->ne);
		for (unsigned k = 0; k < t->ne && (!t->tbl[i].valid || t->tbl[i].vlan == SHADOW_VLAN); k++)
			i = (i + 1) % t->ne;
		int usable = t->tbl[i].valid && t->tbl[i].vlan != SHADOW_VLAN;
		dst = usable ? t->tbl[i].mac : rand_ucast();
		wvlan = usable ? t->tbl[i].vlan : 0;
		if (!src_wire) {
			for (unsigned k = 0; k < 8; k++) {
				src_vif = rnd_below(t->nv);
				if (t->vif[src_vif].vlan == t->tbl[i].vlan)
					break;
			}
		}
	} else if (r < 55) {
		dst = t->vif_mac[rnd_below(t->nv)];
	} else if (r < 65) {
		dst = 0xffffffffffffull;
	} else if (r < 75) {
		dst = t->groups[rnd_below(8)];
	} else if (r < 82) {
		dst = rand_mcast();
	} else {
		dst = rand_ucast();
	}
	t->in.req_dst_mac = dst;
	t->in.req_src_wire = src_wire;
	t->in.req_src_vif = src_vif;
	t->in.req_vlan = wvlan;
}

static void check_beat(struct tb *t)
{
	char msg[256];
	if (t->exp_head == t->exp_tail) {
		fail(t, "result beat with no lookup outstanding");
		return;
	}
	const struct beat *e = &t->expq[t->exp_head++ % EXPQ];
	const struct fdb_out *o = &t->out;
	t->beats++;
	if (o->res_chunk != e->chunk || o->res_mask != e->mask || !o->res_last != !e->last ||
	    !o->res_to_wire != !e->to_wire || o->res_drop != e->drop || o->res_vlan != e->vlan) {
		snprintf(msg, sizeof(msg),
			 "beat: got chunk %u mask %016" PRIx64 " last %d wire %d drop %u vlan %u, "
			 "want chunk %u mask %016" PRIx64 " last %d wire %d drop %u vlan %u",
			 o->res_chunk, o->res_mask, o->res_last, o->res_to_wire, o->res_drop,
			 o->res_vlan, e->chunk, e->mask, e->last, e->to_wire, e->drop, e->vlan);
		fail(t, msg);
	}
}

/*
 * A table write in the same cycle as lookups: an entry of SHADOW_VLAN is
 * added, cleared, or written to a wrong bucket (refused). No lookup can hit
 * it, but its way RAM is written while the same buckets are being read.
 * Returns whether the write is expected to be refused, -1 if none is made.
 */
static int shadow_write(struct tb *t, struct entry *e, unsigned *index)
{
	unsigned r = rnd_below(3);
	if (r == 0) {
		unsigned i = rnd_below(t->ne);
		if (!t->tbl[i].valid || t->tbl[i].vlan != SHADOW_VLAN)
			return -1;
		memset(e, 0, sizeof(*e));
		*index = i;
		return 0;
	}
	e->valid = 1;
	e->mac = rand_ucast();
	e->vlan = SHADOW_VLAN;
	e->vif = rnd_below(t->nv);
	unsigned b = fdb_hash(e->mac, e->vlan) & (t->buckets - 1);
	if (r == 1) {
		b = (b + 1 + rnd_below(t->buckets - 1)) & (t->buckets - 1);
		*index = b * t->ways + rnd_below(t->ways);
		return 1;
	}
	for (unsigned w = 0; w < t->ways; w++) {
		if (!t->tbl[b * t->ways + w].valid) {
			*index = b * t->ways + w;
			return 0;
		}
	}
	return -1;
}

/* send n lookups with random gaps and back-pressure, then drain */
static void traffic(struct tb *t, unsigned long n)
{
	int err_due = 0;
	unsigned gap_pct = rnd_below(4) == 0 ? 0 : rnd_below(60);
	unsigned ready_pct = rnd_below(4) == 0 ? 100 : 30 + rnd_below(70);
	unsigned long sent = 0;
	uint64_t idle = 0;
	int have = 0;

	memset(&t->in, 0, sizeof(t->in));
	while (sent < n || t->exp_head != t->exp_tail) {
		if (!have && sent < n) {
			gen_request(t);
			have = 1;
		}
		t->in.req_valid = have && !chance(gap_pct);
		t->in.res_ready = chance(ready_pct);
		struct entry e;
		unsigned index = 0;
		int refuse = chance(3) ? shadow_write(t, &e, &index) : -1;
		t->in.tbl_wr_en = refuse >= 0;
		if (refuse >= 0) {
			t->in.tbl_wr_index = index;
			t->in.tbl_wr_valid = e.valid;
			t->in.tbl_wr_mac = e.mac;
			t->in.tbl_wr_vlan = e.vlan;
			t->in.tbl_wr_vif = e.vif;
		}
		settle(t);
		if (!t->out.tbl_wr_err != !(err_due == 1))
			fail(t, err_due == 1 ? "write to the wrong bucket not refused during lookups"
					     : "write refused during lookups");
		err_due = refuse;
		if (refuse == 0)
			t->tbl[index] = e;
		if (refuse >= 0)
			t->n_shadow++;
		if (t->out.res_valid && t->in.res_ready) {
			check_beat(t);
			idle = 0;
		}
		if (t->in.req_valid && t->out.req_ready) {
			reference(t, t->in.req_dst_mac, t->in.req_src_wire, t->in.req_src_vif,
				  t->in.req_vlan);
			have = 0;
			sent++;
		}
		step(t);
		if (++idle > 10000) {
			fail(t, "pipeline stuck");
			break;
		}
	}
	/* nothing more may come out */
	memset(&t->in, 0, sizeof(t->in));
	t->in.res_ready = 1;
	for (unsigned i = 0; i < 16; i++) {
		settle(t);
		if (i == 0 && !t->out.tbl_wr_err != !(err_due == 1))
			fail(t, "refusal of the last write during lookups");
		if (t->out.res_valid)
			fail(t, "result beat with no lookup outstanding");
		step(t);
	}
}

/* full rate: back-to-back requests, always ready; one lookup per NCH cycles */
static void throughput(struct tb *t, unsigned long n)
{
	uint64_t c0 = t->cycle;
	unsigned long sent = 0;
	memset(&t->in, 0, sizeof(t->in));
	while (sent < n || t->exp_head != t->exp_tail) {
		if (sent < n)
			gen_request(t);
		t->in.req_valid = sent < n;
		t->in.res_ready = 1;
		settle(t);
		if (t->out.res_valid)
			check_beat(t);
		if (t->in.req_valid && t->out.req_ready) {
			reference(t, t->in.req_dst_mac, t->in.req_src_wire, t->in.req_src_vif,
				  t->in.req_vlan);
			sent++;
		}
		step(t);
		if (t->cycle - c0 > (uint64_t)n * t->nch * 4 + 1000) {
			fail(t, "throughput run stuck");
			break;
		}
	}
	uint64_t cycles = t->cycle - c0, bound = (uint64_t)n * t->nch + 16;
	if (cycles > bound) {
		char msg[128];
		snprintf(msg, sizeof(msg), "%lu back-to-back lookups took %" PRIu64 " cycles, want <= %" PRIu64,
			 n, cycles, bound);
		fail(t, msg);
	}
}

static void check_counters(struct tb *t)
{
	settle(t);
	if (t->out.cnt_unknown != t->cnt_unknown || t->out.cnt_nomember != t->cnt_nomember ||
	    t->out.cnt_srcdis != t->cnt_srcdis) {
		char msg[160];
		snprintf(msg, sizeof(msg),
			 "drop counters unknown/nomember/srcdis %u/%u/%u, want %u/%u/%u",
			 t->out.cnt_unknown, t->out.cnt_nomember, t->out.cnt_srcdis, t->cnt_unknown,
			 t->cnt_nomember, t->cnt_srcdis);
		fail(t, msg);
	}
}

static int run_config(const struct fdb_model *md, unsigned long lookups)
{
	static struct tb tb;
	struct tb *t = &tb;
	memset(t, 0, sizeof(*t));
	t->md = md;
	t->nv = md->num_vifs;
	t->ne = md->entries;
	t->ways = md->ways;
	t->buckets = md->entries / md->ways;
	t->chunk = md->chunk;
	t->nch = md->num_vifs / md->chunk;
	if (t->nv > MAXV || t->ne > MAXE || t->chunk > 64) {
		fprintf(stderr, "%s: configuration too large for the testbench\n", md->name);
		return 1;
	}
	t->m = md->create();

	reset(t);
	/* after clearing: nothing in the table, no VIF enabled */
	t->vlan_pool[0] = 0;
	for (unsigned i = 1; i < 4; i++)
		t->vlan_pool[i] = i;
	traffic(t, 64);
	check_counters(t);

	for (unsigned e = 0; e < EPOCHS; e++) {
		if (e == EPOCHS / 2) {
			/* a reset mid-run: everything cleared again, counters too */
			reset(t);
			traffic(t, 64);
			check_counters(t);
		}
		reconfigure(t, e == 0 || e == EPOCHS / 2 || chance(20));
		if (e % 5 == 4)
			throughput(t, lookups / EPOCHS);
		else
			traffic(t, lookups / EPOCHS);
		check_counters(t);
	}

	printf("%s (ENTRIES=%u WAYS=%u NUM_VIFS=%u CHUNK=%u): %lu lookups, %lu beats, %" PRIu64
	       " cycles; %lu broadcast, %lu multicast hits, %lu unicast hits, %lu VIF-sourced "
	       "delivered, %lu to wire, %lu promiscuous copies; drops %lu unknown, %lu no member, "
	       "%lu disabled sender; %lu bucket-full adds, %lu refused writes, %lu writes during "
	       "lookups; %lu mismatches\n",
	       md->name, md->entries, md->ways, md->num_vifs, md->chunk, t->lookups, t->beats,
	       t->cycle, t->n_bcast, t->n_mcast_hit, t->n_ucast_hit, t->n_hairpin, t->n_towire,
	       t->n_promisc_copy, t->n_unknown, t->n_nomember, t->n_srcdis, t->n_full,
	       t->n_refused, t->n_shadow, t->errors);
	md->destroy(t->m);
	return t->errors ? 1 : 0;
}

int main(int argc, char **argv)
{
	uint64_t seed = argc > 1 ? strtoull(argv[1], NULL, 0) : (uint64_t)time(NULL);
	unsigned long lookups = argc > 2 ? strtoul(argv[2], NULL, 0) : 200000;
	int failed = 0;

	printf("rtl_fdb seed %" PRIu64 " (rerun: rtl_fdb %" PRIu64 ")\n", seed, seed);
	rng_seed(seed);

	/* the hash must be CRC-16/CCITT-FALSE: check value over "123456789" */
	{
		uint16_t crc = 0xffff;
		const char *s = "123456789";
		for (; *s; s++)
			for (int i = 7; i >= 0; i--) {
				unsigned fb = ((crc >> 15) ^ ((unsigned)*s >> i)) & 1u;
				crc = (uint16_t)(crc << 1);
				if (fb)
					crc ^= 0x1021;
			}
		if (crc != 0x29b1) {
			fprintf(stderr, "CRC-16/CCITT check value %04x, want 29b1\n", crc);
			failed = 1;
		}
	}

	failed |= run_config(&fdb16_model, lookups);
	failed |= run_config(&fdb64_model, lookups);
	failed |= run_config(&fdb256_model, lookups);
	printf("%s\n", failed ? "FAIL" : "PASS");
	return failed;
}
