/* SPDX-License-Identifier: MIT */
/*
 * rtl_rss: the verilated svnic_rss (and the svnic_rss_toeplitz inside it).
 *  1. The verification vectors Microsoft publishes for the RSS Toeplitz hash
 *     ("Verifying the RSS Hash Calculation": IPv4 and IPv4 with TCP, IPv6
 *     and IPv6 with TCP, under the default key), with the key the block
 *     resets to and again after writing that key through the key port; the
 *     C reference hash is checked against the same vectors.
 *  2. Random keys, indirection tables, hash-type enables, default queues and
 *     metadata (IPv4 / IPv6 / TCP / UDP / non-IP, junk in unused address
 *     bits), against the C reference, with random input gaps and output
 *     stalls: hash, hash type, queue (indirection mapping) and sideband.
 * Usage: rtl_rss [seed] [random-records]. SVNIC_RTL_FST=path dumps an FST.
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "rss_shim.h"
#include "tb_rng.h"

#define QUEUE_MASK 0xffu /* QUEUE_W = 8 */
#define USER_MASK 0xffffu /* USER_W = 16 */
#define EPOCH 500u
#define INFLIGHT 16u

enum { HT_NONE, HT_IPV4, HT_TCP_IPV4, HT_UDP_IPV4, HT_IPV6, HT_TCP_IPV6, HT_UDP_IPV6 };

static const uint8_t ms_key[40] = {
	0x6d, 0x5a, 0x56, 0xda, 0x25, 0x5b, 0x0e, 0xc2, 0x41, 0x67, 0x25, 0x3d, 0x43, 0xa3,
	0x8f, 0xb0, 0xd0, 0xca, 0x2b, 0xcb, 0xae, 0x7b, 0x30, 0xb4, 0x77, 0xcb, 0x2d, 0xa3,
	0x80, 0x30, 0xf2, 0x0c, 0x6a, 0x42, 0xb7, 0x3b, 0xbe, 0xac, 0x01, 0xfa,
};

/* Published vectors: destination, source, ports, hash over the addresses
 * alone and over addresses and ports (the input is source first). */
struct vec4 {
	uint8_t dst[4], src[4];
	unsigned dport, sport;
	uint32_t ip, tcp;
};
static const struct vec4 vec4[] = {
	{{161, 142, 100, 80}, {66, 9, 149, 187}, 1766, 2794, 0x323e8fc2, 0x51ccc178},
	{{65, 69, 140, 83}, {199, 92, 111, 2}, 4739, 14230, 0xd718262a, 0xc626b0ea},
	{{12, 22, 207, 184}, {24, 19, 198, 95}, 38024, 12898, 0xd2d0a5de, 0x5c2b394a},
	{{209, 142, 163, 6}, {38, 27, 205, 30}, 2217, 48228, 0x82989176, 0xafc7327f},
	{{202, 188, 127, 2}, {153, 39, 163, 191}, 1303, 44251, 0x5d1809c5, 0x10e828a2},
};
struct vec6 {
	uint8_t dst[16], src[16];
	unsigned dport, sport;
	uint32_t ip, tcp;
};
static const struct vec6 vec6[] = {
	/* 3ffe:2501:200:3::1 <- 3ffe:2501:200:1fff::7 */
	{{0x3f, 0xfe, 0x25, 0x01, 0x02, 0x00, 0x00, 0x03, 0, 0, 0, 0, 0, 0, 0, 0x01},
	 {0x3f, 0xfe, 0x25, 0x01, 0x02, 0x00, 0x1f, 0xff, 0, 0, 0, 0, 0, 0, 0, 0x07},
	 1766, 2794, 0x2cc18cd5, 0x40207d3d},
	/* ff02::1 <- 3ffe:501:8::260:97ff:fe40:efab */
	{{0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01},
	 {0x3f, 0xfe, 0x05, 0x01, 0x00, 0x08, 0, 0, 0x02, 0x60, 0x97, 0xff, 0xfe, 0x40, 0xef, 0xab},
	 4739, 14230, 0x0f0c461c, 0xdde51bbf},
	/* fe80::200:f8ff:fe21:67cf <- 3ffe:1900:4545:3:200:f8ff:fe21:67cf */
	{{0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0x02, 0x00, 0xf8, 0xff, 0xfe, 0x21, 0x67, 0xcf},
	 {0x3f, 0xfe, 0x19, 0x00, 0x45, 0x45, 0x00, 0x03, 0x02, 0x00, 0xf8, 0xff, 0xfe, 0x21, 0x67, 0xcf},
	 38024, 44251, 0x4b61e985, 0x02d1feef},
};


/* Toeplitz hash of in[0..n) under a 40-byte key (n <= 36). */
static uint32_t toeplitz(const uint8_t key[40], const uint8_t *in, unsigned n)
{
	uint32_t r = 0;
	uint32_t win = (uint32_t)key[0] << 24 | (uint32_t)key[1] << 16 | (uint32_t)key[2] << 8 | key[3];
	for (unsigned i = 0; i < 8 * n; i++) {
		unsigned next = i + 32;
		if ((in[i / 8] >> (7 - i % 8)) & 1)
			r ^= win;
		win = win << 1 | ((key[next / 8] >> (7 - next % 8)) & 1u);
	}
	return r;
}

struct model_cfg {
	uint8_t key[40];
	unsigned table[128];
	unsigned hash_enable, default_queue;
};

struct expect {
	uint32_t hash;
	unsigned type, queue, user;
};

/* The reference: hash type, tuple, hash and queue of one record. */
static void reference(const struct model_cfg *cfg, const struct rss_in *in, struct expect *e)
{
	uint8_t t[36];
	unsigned n = 0, addr = 0;

	e->type = HT_NONE;
	if (in->is_ipv4) {
		if (in->is_tcp && (cfg->hash_enable & 2))
			e->type = HT_TCP_IPV4;
		else if (in->is_udp && (cfg->hash_enable & 4))
			e->type = HT_UDP_IPV4;
		else if (cfg->hash_enable & 1)
			e->type = HT_IPV4;
		addr = 4;
	} else if (in->is_ipv6) {
		if (in->is_tcp && (cfg->hash_enable & 16))
			e->type = HT_TCP_IPV6;
		else if (in->is_udp && (cfg->hash_enable & 32))
			e->type = HT_UDP_IPV6;
		else if (cfg->hash_enable & 8)
			e->type = HT_IPV6;
		addr = 16;
	}
	if (e->type != HT_NONE) {
		memcpy(t, in->src + 16 - addr, addr);
		memcpy(t + addr, in->dst + 16 - addr, addr);
		n = 2 * addr;
		if (e->type != HT_IPV4 && e->type != HT_IPV6) {
			t[n++] = (uint8_t)(in->sport >> 8);
			t[n++] = (uint8_t)in->sport;
			t[n++] = (uint8_t)(in->dport >> 8);
			t[n++] = (uint8_t)in->dport;
		}
	}
	e->hash = n ? toeplitz(cfg->key, t, n) : 0;
	e->queue = e->type == HT_NONE ? cfg->default_queue : cfg->table[e->hash & 127];
	e->user = in->user;
}

struct bench {
	void *m;
	struct rss_in in;
	struct rss_out out;
	struct model_cfg cfg;
	unsigned long errors, cycles;
};

static void cycle(struct bench *b)
{
	rss_comb(b->m, &b->in, &b->out);
	rss_tick(b->m);
	b->cycles++;
}

static void write_key(struct bench *b, const uint8_t key[40])
{
	memset(&b->in, 0, sizeof(b->in));
	b->in.hash_enable = b->cfg.hash_enable;
	b->in.default_queue = b->cfg.default_queue;
	for (unsigned w = 0; w < 10; w++) {
		b->in.key_wr_en = 1;
		b->in.key_wr_addr = w;
		b->in.key_wr_data = (uint32_t)key[4 * w] | (uint32_t)key[4 * w + 1] << 8 |
				    (uint32_t)key[4 * w + 2] << 16 | (uint32_t)key[4 * w + 3] << 24;
		cycle(b);
	}
	b->in.key_wr_en = 0;
	memcpy(b->cfg.key, key, 40);
}

static void write_table(struct bench *b)
{
	for (unsigned i = 0; i < 128; i++) {
		b->in.ind_wr_en = 1;
		b->in.ind_wr_addr = i;
		b->in.ind_wr_data = b->cfg.table[i];
		cycle(b);
	}
	b->in.ind_wr_en = 0;
}

/* One record through the idle block, no stalls; returns the result. */
static void one(struct bench *b, const struct rss_in *rec, struct rss_out *res)
{
	unsigned waited = 0;
	b->in = *rec;
	b->in.hash_enable = b->cfg.hash_enable;
	b->in.default_queue = b->cfg.default_queue;
	b->in.s_valid = 1;
	b->in.m_ready = 1;
	for (;;) {
		rss_comb(b->m, &b->in, &b->out);
		if (b->out.m_valid) {
			*res = b->out;
			rss_tick(b->m);
			b->cycles++;
			break;
		}
		if (b->out.s_ready)
			b->in.s_valid = 0;
		rss_tick(b->m);
		b->cycles++;
		if (++waited > 10) {
			fprintf(stderr, "no result after 10 cycles\n");
			b->errors++;
			memset(res, 0, sizeof(*res));
			break;
		}
	}
	b->in.s_valid = 0;
}

static void check_vectors(struct bench *b, const char *when)
{
	unsigned n = 0;
	for (unsigned v = 0; v < sizeof(vec4) / sizeof(vec4[0]) + sizeof(vec6) / sizeof(vec6[0]); v++) {
		for (unsigned tcp = 0; tcp < 2; tcp++) {
			struct rss_in rec;
			struct rss_out res;
			uint32_t want;
			uint8_t t[36];
			unsigned tn;
			memset(&rec, 0, sizeof(rec));
			rec.is_tcp = (int)tcp;
			rec.user = v * 2 + tcp;
			if (v < 5) {
				rec.is_ipv4 = 1;
				memcpy(rec.src + 12, vec4[v].src, 4);
				memcpy(rec.dst + 12, vec4[v].dst, 4);
				rec.sport = vec4[v].sport;
				rec.dport = vec4[v].dport;
				want = tcp ? vec4[v].tcp : vec4[v].ip;
				memcpy(t, vec4[v].src, 4);
				memcpy(t + 4, vec4[v].dst, 4);
				tn = 8;
			} else {
				const struct vec6 *x = &vec6[v - 5];
				rec.is_ipv6 = 1;
				memcpy(rec.src, x->src, 16);
				memcpy(rec.dst, x->dst, 16);
				rec.sport = x->sport;
				rec.dport = x->dport;
				want = tcp ? x->tcp : x->ip;
				memcpy(t, x->src, 16);
				memcpy(t + 16, x->dst, 16);
				tn = 32;
			}
			if (tcp) {
				t[tn++] = (uint8_t)(rec.sport >> 8);
				t[tn++] = (uint8_t)rec.sport;
				t[tn++] = (uint8_t)(rec.dport >> 8);
				t[tn++] = (uint8_t)rec.dport;
			}
			if (toeplitz(ms_key, t, tn) != want) {
				fprintf(stderr, "reference hash of vector %u%s: %08" PRIx32 ", published %08" PRIx32 "\n",
					v, tcp ? " with TCP" : "", toeplitz(ms_key, t, tn), want);
				b->errors++;
			}
			one(b, &rec, &res);
			unsigned want_type = v < 5 ? (tcp ? HT_TCP_IPV4 : HT_IPV4) : (tcp ? HT_TCP_IPV6 : HT_IPV6);
			if (res.hash != want || res.type != want_type || res.user != rec.user ||
			    res.queue != b->cfg.table[want & 127]) {
				fprintf(stderr, "%s: vector %u%s: got hash %08" PRIx32 " type %u queue %u, want %08" PRIx32
					" type %u queue %u\n", when, v, tcp ? " with TCP" : "", res.hash, res.type,
					res.queue, want, want_type, b->cfg.table[want & 127]);
				b->errors++;
			}
			n++;
		}
	}
	printf("published vectors (%s): %u checked\n", when, n);
}

static void random_record(struct rss_in *r)
{
	unsigned k = rnd_below(20);
	memset(r, 0, sizeof(*r));
	r->is_ipv4 = k < 8;
	r->is_ipv6 = k >= 8 && k < 16;
	if (k == 19)
		r->is_ipv4 = r->is_ipv6 = 1; /* never from the parser: IPv4 wins */
	k = rnd_below(10);
	r->is_tcp = k < 4 || k == 9;
	r->is_udp = (k >= 4 && k < 8) || k == 9;
	for (unsigned i = 0; i < 16; i++) {
		r->src[i] = (uint8_t)rnd();
		r->dst[i] = (uint8_t)rnd();
	}
	r->sport = rnd_below(0x10000);
	r->dport = rnd_below(0x10000);
	r->user = rnd_below(0x10000);
}

static void run_random(struct bench *b, unsigned long records)
{
	struct expect fifo[INFLIGHT];
	unsigned long sent = 0, got = 0, epochs = 0, types[7] = {0};
	unsigned hit[128] = {0}, hit_count = 0;

	while (got < records) {
		/* a new configuration, written while nothing is in flight */
		unsigned long end = sent + EPOCH < records ? sent + EPOCH : records;
		unsigned gap = 0, stall = 0;
		uint8_t key[40];
		for (unsigned i = 0; i < 40; i++)
			key[i] = (uint8_t)rnd();
		b->cfg.hash_enable = rnd_below(3) ? 0x3f : rnd_below(64);
		b->cfg.default_queue = rnd_below(256);
		for (unsigned i = 0; i < 128; i++)
			b->cfg.table[i] = rnd_below(4) ? i % (1u + rnd_below(64)) : rnd_below(256);
		write_key(b, key);
		write_table(b);
		epochs++;
		for (unsigned long c = 0; got < end; c++) {
			if (c % 32 == 0) {
				gap = rnd_below(4) == 0 ? 50 : 0;
				stall = rnd_below(4) == 0 ? 60 : rnd_below(2) ? 10 : 0;
			}
			if (!b->in.s_valid && sent < end && sent - got < INFLIGHT && rnd_below(100) >= gap) {
				random_record(&b->in);
				b->in.hash_enable = b->cfg.hash_enable;
				b->in.default_queue = b->cfg.default_queue;
				b->in.s_valid = 1;
			}
			b->in.m_ready = rnd_below(100) >= stall;
			rss_comb(b->m, &b->in, &b->out);
			if (b->in.s_valid && b->out.s_ready) {
				reference(&b->cfg, &b->in, &fifo[sent % INFLIGHT]);
				sent++;
				b->in.s_valid = 0;
			}
			if (b->out.m_valid && b->in.m_ready) {
				const struct expect *e = &fifo[got % INFLIGHT];
				if (got >= sent || b->out.hash != e->hash || b->out.type != e->type ||
				    b->out.queue != e->queue || b->out.user != e->user) {
					if (b->errors < 10)
						fprintf(stderr, "record %lu: got hash %08" PRIx32 " type %u queue %u user %04x, "
							"want %08" PRIx32 " type %u queue %u user %04x\n", got, b->out.hash,
							b->out.type, b->out.queue, b->out.user, e->hash, e->type, e->queue,
							e->user);
					b->errors++;
				}
				types[e->type]++;
				if (e->type != HT_NONE && !hit[e->hash & 127]++)
					hit_count++;
				got++;
			}
			rss_tick(b->m);
			b->cycles++;
			if (c > 100000) {
				fprintf(stderr, "no progress (sent %lu, got %lu)\n", sent, got);
				b->errors++;
				return;
			}
		}
	}
	printf("random: %lu records (none %lu, IPv4 %lu, TCP/IPv4 %lu, UDP/IPv4 %lu, IPv6 %lu, "
	       "TCP/IPv6 %lu, UDP/IPv6 %lu), %lu keys and tables, %u of 128 table entries used\n",
	       got, types[0], types[1], types[2], types[3], types[4], types[5], types[6], epochs,
	       hit_count);
}

int main(int argc, char **argv)
{
	uint64_t seed = argc > 1 ? strtoull(argv[1], NULL, 0) : (uint64_t)time(NULL);
	unsigned long records = argc > 2 ? strtoul(argv[2], NULL, 0) : 60000;
	const char *fst = getenv("SVNIC_RTL_FST");
	static struct bench b;

	printf("rtl_rss seed %" PRIu64 " (rerun: rtl_rss %" PRIu64 " %lu)%s%s\n", seed, seed, records,
	       fst ? ", FST " : "", fst ? fst : "");
	rng_seed(seed);
	b.m = rss_new(fst);

	/* reset: the default key, an all-zero table */
	memcpy(b.cfg.key, ms_key, 40);
	b.cfg.hash_enable = 0x3f;
	b.in.rst = 1;
	b.in.hash_enable = 0x3f;
	for (int i = 0; i < 4; i++)
		cycle(&b);
	b.in.rst = 0;
	check_vectors(&b, "key after reset, table all zero");

	/* another key, then the default key again through the key port, and an
	 * indirection table that maps every index to itself */
	{
		uint8_t key[40];
		struct rss_in rec;
		struct rss_out res;
		struct expect e;
		for (unsigned i = 0; i < 40; i++)
			key[i] = (uint8_t)rnd();
		write_key(&b, key);
		memset(&rec, 0, sizeof(rec));
		rec.is_ipv4 = 1;
		memcpy(rec.src + 12, vec4[0].src, 4);
		memcpy(rec.dst + 12, vec4[0].dst, 4);
		one(&b, &rec, &res);
		reference(&b.cfg, &rec, &e);
		if (res.hash != e.hash || res.hash == vec4[0].ip) {
			fprintf(stderr, "random key: got %08" PRIx32 ", want %08" PRIx32 "\n", res.hash, e.hash);
			b.errors++;
		}
	}
	for (unsigned i = 0; i < 128; i++)
		b.cfg.table[i] = i;
	write_table(&b);
	write_key(&b, ms_key);
	check_vectors(&b, "key written, identity table");

	run_random(&b, records);
	rss_free(b.m);
	printf("%lu cycles, %lu mismatches\n%s\n", b.cycles, b.errors, b.errors ? "FAIL" : "PASS");
	return b.errors ? 1 : 0;
}
