/* SPDX-License-Identifier: MIT */
/*
 * rtl_parser: the verilated svnic_parser (DATA_WIDTH 64 and 512) against a C
 * reference parser written from the rules in the module header, on random
 * frames: none / one / two VLAN tags (802.1Q, 802.1ad + 802.1Q, an
 * unrecognised third tag), IPv4 with random options, bad versions and
 * fragments, IPv6 with random extension-header chains (hop-by-hop, routing,
 * fragment, destination options; long ones past the parse window and chains
 * past the walk bound), TCP / UDP / other, frames cut inside any header and
 * frames of 1..1518 bytes, with random tvalid / tready / meta-ready stalls.
 * Every metadata record is compared field by field, and the output stream
 * beat by beat (tdata including the bytes past tkeep, tkeep, tlast, tuser).
 * Usage: rtl_parser [seed] [frames-per-width]. SVNIC_RTL_FST=path dumps FST
 * waveforms to path.w64.fst and path.w512.fst (slow: use few frames).
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "parser_shim.h"
#include "tb_rng.h"

#define PARSE_BYTES 256u /* svnic_parser defaults */
#define MAX_EXT 4u
#define MAX_FRAME 1518u
#define BUF_BYTES 16384u /* generated headers can exceed a frame */
#define RING 16u


static unsigned be16(const uint8_t *p) { return (unsigned)p[0] << 8 | p[1]; }

static void put16(uint8_t *p, unsigned v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static int is_ext(unsigned nh) { return nh == 0 || nh == 43 || nh == 44 || nh == 60; }

/* The reference parser: rules of svnic_parser.sv, reading only f[0..len). */
static void ref_parse(const uint8_t *f, unsigned len, struct prs_meta *m)
{
	unsigned et, off, cur, nh;

	memset(m, 0, sizeof(*m));
	if (len < 14) {
		m->truncated = 1;
		return;
	}
	et = be16(f + 12);
	off = 14;
	if (et == 0x8100 || et == 0x88a8) {
		if (len < 18) {
			m->truncated = 1;
			return;
		}
		m->has_vlan = 1;
		m->outer_vid = be16(f + 14) & 0xfff;
		m->outer_pcp = f[14] >> 5;
		et = be16(f + 16);
		off = 18;
		if (et == 0x8100) {
			if (len < 22) {
				m->truncated = 1;
				return;
			}
			m->has_qinq = 1;
			m->inner_vid = be16(f + 18) & 0xfff;
			m->inner_pcp = f[18] >> 5;
			et = be16(f + 20);
			off = 22;
		}
	}
	m->ethertype = et;
	m->l3_offset = off;
	if (et == 0x0800) {
		unsigned ihl;
		if (len < off + 20) {
			m->truncated = 1;
			return;
		}
		ihl = f[off] & 15;
		if (f[off] >> 4 != 4 || ihl < 5)
			return;
		if (len < off + ihl * 4) {
			m->truncated = 1;
			return;
		}
		m->is_ipv4 = 1;
		m->ip_hdr_len = ihl * 4;
		m->ip_proto = f[off + 9];
		memcpy(m->ip_src + 12, f + off + 12, 4);
		memcpy(m->ip_dst + 12, f + off + 16, 4);
		if ((f[off + 6] & 0x20) || (be16(f + off + 6) & 0x1fff)) {
			m->ip_fragment = 1;
			return;
		}
		cur = off + ihl * 4;
		nh = m->ip_proto;
	} else if (et == 0x86dd) {
		if (len < off + 40) {
			m->truncated = 1;
			return;
		}
		if (f[off] >> 4 != 6)
			return;
		m->is_ipv6 = 1;
		m->ip_hdr_len = 40;
		nh = f[off + 6];
		m->ip_proto = nh;
		memcpy(m->ip_src, f + off + 8, 16);
		memcpy(m->ip_dst, f + off + 24, 16);
		cur = off + 40;
		while (is_ext(nh)) {
			unsigned hlen;
			if (m->ext_count == MAX_EXT || cur + 4 > PARSE_BYTES) {
				m->parse_limit = 1;
				return;
			}
			if (len < cur + 8) {
				m->truncated = 1;
				return;
			}
			hlen = nh == 44 ? 8 : (f[cur + 1] + 1u) * 8;
			if (len < cur + hlen) {
				m->truncated = 1;
				return;
			}
			m->ext_count++;
			m->ip_proto = f[cur];
			if (nh == 44 && (be16(f + cur + 2) & 0xfff9)) {
				m->ip_fragment = 1;
				return;
			}
			nh = f[cur];
			cur += hlen;
		}
	} else {
		return;
	}
	if (cur + 4 > PARSE_BYTES) {
		m->parse_limit = 1;
		return;
	}
	m->l4_valid = 1;
	m->l4_offset = cur;
	if (nh == 6 || nh == 17) {
		unsigned need = nh == 6 ? 20 : 8;
		if (len < cur + need) {
			m->truncated = 1;
			return;
		}
		m->is_tcp = nh == 6;
		m->is_udp = nh == 17;
		m->sport = be16(f + cur);
		m->dport = be16(f + cur + 2);
	}
}

static unsigned pick_l4_proto(void)
{
	static const unsigned odd[] = {0, 43, 44, 60, 1, 58, 59, 132, 50, 51};
	unsigned r = rnd_below(10);
	if (r < 4)
		return 6;
	if (r < 7)
		return 17;
	if (r < 9)
		return odd[rnd_below(10)];
	return rnd_below(256);
}

/* Writes an L4 header for proto at f + n; returns its length. */
static unsigned put_l4(uint8_t *f, unsigned n, unsigned proto)
{
	if (proto == 6) {
		unsigned doff = rnd_below(2) ? 5 : 5 + rnd_below(11);
		f[n + 12] = (uint8_t)(doff << 4 | (f[n + 12] & 15));
		return doff * 4;
	}
	if (proto == 17)
		return 8;
	return rnd_below(3) ? 8 : 0;
}

/* A random frame in f (BUF_BYTES, pre-filled with random bytes); returns
 * its length and the length of the generated headers in *hdr. */
static unsigned gen_frame(uint8_t *f, unsigned *hdr)
{
	unsigned n = 12, r, et, len;

	for (unsigned i = 0; i < BUF_BYTES; i += 8) {
		uint64_t v = rnd();
		memcpy(f + i, &v, 8);
	}
	/* tags */
	r = rnd_below(20);
	if (r >= 8) {
		put16(f + n, rnd_below(2) ? 0x8100 : 0x88a8);
		n += 4; /* TCI stays random */
		if (r >= 14) {
			put16(f + n, rnd_below(10) ? 0x8100 : 0x88a8);
			n += 4;
		}
	} else if (r == 0) {
		put16(f + n, 0x9100); /* not a recognised TPID */
		n += 4;
	}
	r = rnd_below(20);
	if (r < 9)
		et = 0x0800;
	else if (r < 16)
		et = 0x86dd;
	else if (r == 16)
		et = 0x8100;
	else if (r == 17)
		et = 0x0806;
	else
		et = rnd_below(0x10000);
	put16(f + n, et);
	n += 2;
	if (et == 0x0800) {
		unsigned ihl = rnd_below(2) ? 5 : 5 + rnd_below(11), proto = pick_l4_proto();
		unsigned ver = rnd_below(30) ? 4 : rnd_below(16);
		if (rnd_below(40) == 0)
			ihl = rnd_below(5);
		f[n] = (uint8_t)(ver << 4 | ihl);
		r = rnd_below(24);
		f[n + 6] &= 0xc0; /* reserved and DF random; MF and offset chosen */
		f[n + 7] = 0;
		if (r == 0)
			f[n + 6] |= 0x20;
		else if (r == 1)
			f[n + 6] |= (uint8_t)(rnd_below(2) ? 0x01 : 0x10);
		else if (r == 2)
			f[n + 7] = (uint8_t)(1 + rnd_below(255));
		else if (r == 3)
			f[n + 6] |= 0x20, f[n + 7] = 8;
		f[n + 9] = (uint8_t)proto;
		n += ihl * 4;
		if (ihl < 5)
			n += 20;
		n += put_l4(f, n, proto);
	} else if (et == 0x86dd) {
		unsigned ver = rnd_below(30) ? 6 : rnd_below(16), next_at, chain;
		static const unsigned ext[] = {0, 43, 44, 60};
		f[n] = (uint8_t)(ver << 4 | (f[n] & 15));
		next_at = n + 6;
		n += 40;
		r = rnd_below(20);
		chain = r < 6 ? 0 : r < 11 ? 1 : r < 14 ? 2 : r < 16 ? 3 : r < 18 ? 4 : 5 + rnd_below(3);
		for (unsigned k = 0; k < chain && n < BUF_BYTES - 2200; k++) {
			unsigned t = ext[rnd_below(4)];
			f[next_at] = (uint8_t)t;
			next_at = n;
			if (t == 44) {
				unsigned fo;
				r = rnd_below(16);
				fo = r < 12 ? (unsigned)rnd_below(4) << 1 /* atomic, reserved bits */
				   : r < 14 ? 1u
				   : r < 15 ? (1u + rnd_below(0x1fff)) << 3
				   : (unsigned)rnd_below(0x10000);
				put16(f + n + 2, fo);
				n += 8;
			} else {
				unsigned el = rnd_below(20) ? rnd_below(4) : rnd_below(256);
				f[n + 1] = (uint8_t)el;
				n += (el + 1) * 8;
			}
		}
		unsigned proto = pick_l4_proto();
		f[next_at] = (uint8_t)proto;
		n += put_l4(f, n, proto);
	}
	*hdr = n;
	/* length */
	r = rnd_below(100);
	if (r < 2) {
		len = 1 + rnd_below(13);
	} else if (r < 22 && n > 14) {
		len = 14 + rnd_below((n < MAX_FRAME ? n : MAX_FRAME) - 14); /* inside the headers */
	} else if (n >= MAX_FRAME) {
		len = MAX_FRAME;
	} else if (r < 70) {
		len = n + rnd_below(65);
		if (len > MAX_FRAME)
			len = MAX_FRAME;
	} else {
		len = n + rnd_below(MAX_FRAME - n + 1);
	}
	if (len < 14 && r >= 2)
		len = 14;
	/* bytes past the end: garbage or the rest of the headers */
	if (rnd_below(2))
		for (unsigned i = len; i < len + 64; i++)
			f[i] = (uint8_t)rnd();
	return len;
}

struct stats {
	unsigned long vlan, qinq, ipv4, ipv4_opt, ipv6, ext[MAX_EXT + 1], frag, tcp, udp, l4_other, trunc,
		limit, not_ip;
};

static void count(struct stats *s, const struct prs_meta *m)
{
	s->vlan += m->has_vlan;
	s->qinq += m->has_qinq;
	s->ipv4 += m->is_ipv4;
	s->ipv4_opt += m->is_ipv4 && m->ip_hdr_len > 20;
	s->ipv6 += m->is_ipv6;
	if (m->is_ipv6)
		s->ext[m->ext_count]++;
	s->frag += m->ip_fragment;
	s->tcp += m->is_tcp;
	s->udp += m->is_udp;
	s->l4_other += m->l4_valid && !m->is_tcp && !m->is_udp && !m->truncated;
	s->trunc += m->truncated;
	s->limit += m->parse_limit;
	s->not_ip += !m->is_ipv4 && !m->is_ipv6;
}

static int meta_equal(const struct prs_meta *a, const struct prs_meta *b)
{
	return a->has_vlan == b->has_vlan && a->has_qinq == b->has_qinq &&
	       a->outer_vid == b->outer_vid && a->outer_pcp == b->outer_pcp &&
	       a->inner_vid == b->inner_vid && a->inner_pcp == b->inner_pcp &&
	       a->ethertype == b->ethertype && a->l3_offset == b->l3_offset &&
	       a->is_ipv4 == b->is_ipv4 && a->is_ipv6 == b->is_ipv6 &&
	       a->ip_hdr_len == b->ip_hdr_len && !memcmp(a->ip_src, b->ip_src, 16) &&
	       !memcmp(a->ip_dst, b->ip_dst, 16) && a->ip_proto == b->ip_proto &&
	       a->ext_count == b->ext_count && a->ip_fragment == b->ip_fragment &&
	       a->l4_valid == b->l4_valid && a->l4_offset == b->l4_offset &&
	       a->is_tcp == b->is_tcp && a->is_udp == b->is_udp && a->sport == b->sport &&
	       a->dport == b->dport && a->truncated == b->truncated &&
	       a->parse_limit == b->parse_limit;
}

static void print_meta(const char *tag, const struct prs_meta *m)
{
	fprintf(stderr,
		"  %s: vlan %u/%u outer %u/%u inner %u/%u et %04x l3 %u v4 %u v6 %u hl %u proto %u "
		"ext %u frag %u l4 %u@%u tcp %u udp %u ports %u>%u trunc %u limit %u src ",
		tag, m->has_vlan, m->has_qinq, m->outer_vid, m->outer_pcp, m->inner_vid, m->inner_pcp,
		m->ethertype, m->l3_offset, m->is_ipv4, m->is_ipv6, m->ip_hdr_len, m->ip_proto,
		m->ext_count, m->ip_fragment, m->l4_valid, m->l4_offset, m->is_tcp, m->is_udp, m->sport,
		m->dport, m->truncated, m->parse_limit);
	for (unsigned i = 0; i < 16; i++)
		fprintf(stderr, "%02x", m->ip_src[i]);
	fprintf(stderr, " dst ");
	for (unsigned i = 0; i < 16; i++)
		fprintf(stderr, "%02x", m->ip_dst[i]);
	fprintf(stderr, "\n");
}

struct slot {
	uint8_t f[BUF_BYTES];
	unsigned len, hdr;
	int tuser;
	struct prs_meta exp;
};

struct model {
	unsigned width; /* bits */
	void *(*mk)(const char *);
	void (*del)(void *);
	void (*comb)(void *, const struct prs_in *, struct prs_out *);
	void (*tick)(void *);
};

static int run_width(const struct model *md, unsigned long frames, const char *fst)
{
	static struct slot ring[RING];
	const unsigned bb = md->width / 8;
	struct prs_in in;
	struct prs_out out;
	struct stats st;
	unsigned long tx = 0, tx_off = 0, rx = 0, rx_off = 0, mx = 0, gen = 0, errors = 0;
	unsigned long cycles = 0, idle = 0, beats = 0;
	unsigned stall_in = 0, stall_out = 0, stall_meta = 0;
	char path[512];
	void *m;

	if (fst)
		snprintf(path, sizeof(path), "%s.w%u.fst", fst, md->width);
	m = md->mk(fst ? path : NULL);
	memset(&in, 0, sizeof(in));
	memset(&st, 0, sizeof(st));
	in.rst = 1;
	for (int i = 0; i < 4; i++) {
		md->comb(m, &in, &out);
		md->tick(m);
	}
	in.rst = 0;

	while (mx < frames || rx < frames) {
		/* a stall profile per 500 frames: none, light, heavy, random */
		if (cycles == 0 || (tx % 500 == 0 && tx_off == 0 && !in.tvalid)) {
			switch (rnd_below(4)) {
			case 0: stall_in = stall_out = stall_meta = 0; break;
			case 1: stall_in = 10, stall_out = 10, stall_meta = 10; break;
			case 2: stall_in = 50, stall_out = 60, stall_meta = 70; break;
			default: stall_in = rnd_below(90), stall_out = rnd_below(90), stall_meta = rnd_below(90);
			}
		}
		while (gen < frames && gen < rx + RING - 1 && gen < mx + RING - 1) {
			struct slot *s = &ring[gen % RING];
			s->len = gen_frame(s->f, &s->hdr);
			s->tuser = rnd_below(8) == 0;
			ref_parse(s->f, s->len, &s->exp);
			gen++;
		}
		if (!in.tvalid && tx < gen && rnd_below(100) >= stall_in) {
			const struct slot *s = &ring[tx % RING];
			unsigned n = s->len - tx_off < bb ? s->len - (unsigned)tx_off : bb;
			memset(in.data, 0, sizeof(in.data));
			memcpy(in.data, s->f + tx_off, bb); /* past the end: whatever follows */
			in.keep = bb == 64 && n == 64 ? ~0ull : (1ull << n) - 1;
			in.tlast = tx_off + n == s->len;
			in.tuser = in.tlast ? s->tuser : (int)rnd_below(2);
			in.tvalid = 1;
		}
		in.m_tready = rnd_below(100) >= stall_out;
		in.meta_ready = rnd_below(100) >= stall_meta;
		md->comb(m, &in, &out);
		idle++;

		if (in.tvalid && out.s_tready) {
			unsigned n = __builtin_popcountll(in.keep);
			tx_off += n;
			if (in.tlast) {
				tx++;
				tx_off = 0;
			}
			in.tvalid = 0;
			idle = 0;
		}
		if (out.m_tvalid && in.m_tready) {
			const struct slot *s = &ring[rx % RING];
			unsigned n = s->len - rx_off < bb ? s->len - (unsigned)rx_off : bb;
			uint64_t keep = bb == 64 && n == 64 ? ~0ull : (1ull << n) - 1;
			int last = rx_off + n == s->len;
			if (rx >= tx + 1 || memcmp(out.data, s->f + rx_off, bb) || out.keep != keep ||
			    out.m_tlast != last || (last && out.m_tuser != s->tuser)) {
				if (errors < 10)
					fprintf(stderr,
						"w%u frame %lu beat at %lu: stream mismatch (keep %016" PRIx64
						" want %016" PRIx64 ", last %d want %d)\n",
						md->width, rx, rx_off, out.keep, keep, out.m_tlast, last);
				errors++;
			}
			beats++;
			rx_off += n;
			if (last) {
				rx++;
				rx_off = 0;
			}
			idle = 0;
		}
		if (out.meta_valid && in.meta_ready) {
			if (mx >= gen || mx > tx || (mx == tx && tx_off == 0)) {
				if (errors < 10)
					fprintf(stderr, "w%u: record %lu before its frame\n", md->width, mx);
				errors++;
			} else {
				const struct slot *s = &ring[mx % RING];
				count(&st, &s->exp);
				if (!meta_equal(&out.meta, &s->exp)) {
					if (errors < 10) {
						fprintf(stderr, "w%u frame %lu (len %u, headers %u): metadata mismatch\n",
							md->width, mx, s->len, s->hdr);
						print_meta("got ", &out.meta);
						print_meta("want", &s->exp);
					}
					errors++;
				}
			}
			mx++;
			idle = 0;
		}
		md->tick(m);
		cycles++;
		if (idle > 100000) {
			fprintf(stderr, "w%u: no progress for 100000 cycles (tx %lu rx %lu records %lu)\n",
				md->width, tx, rx, mx);
			errors++;
			break;
		}
	}
	/* nothing more may come out */
	in.tvalid = 0;
	in.m_tready = in.meta_ready = 1;
	for (int i = 0; i < 64; i++) {
		md->comb(m, &in, &out);
		if (out.m_tvalid || out.meta_valid) {
			fprintf(stderr, "w%u: output after the last frame\n", md->width);
			errors++;
			break;
		}
		md->tick(m);
	}
	md->del(m);
	printf("DATA_WIDTH=%u: %lu frames, %lu beats, %lu cycles; %lu VLAN (%lu QinQ), %lu IPv4 "
	       "(%lu with options), %lu IPv6 (ext 0/1/2/3/4: %lu/%lu/%lu/%lu/%lu), %lu fragments, "
	       "%lu TCP, %lu UDP, %lu other L4, %lu non-IP, %lu truncated, %lu parse-limit; "
	       "%lu mismatches\n",
	       md->width, mx, beats, cycles, st.vlan, st.qinq, st.ipv4, st.ipv4_opt, st.ipv6, st.ext[0],
	       st.ext[1], st.ext[2], st.ext[3], st.ext[4], st.frag, st.tcp, st.udp, st.l4_other,
	       st.not_ip, st.trunc, st.limit, errors);
	return errors ? 1 : 0;
}

int main(int argc, char **argv)
{
	uint64_t seed = argc > 1 ? strtoull(argv[1], NULL, 0) : (uint64_t)time(NULL);
	unsigned long frames = argc > 2 ? strtoul(argv[2], NULL, 0) : 100000;
	const char *fst = getenv("SVNIC_RTL_FST");
	static const struct model models[] = {
		{64, prs64_new, prs64_free, prs64_comb, prs64_tick},
		{512, prs512_new, prs512_free, prs512_comb, prs512_tick},
	};
	int fail = 0;

	printf("rtl_parser seed %" PRIu64 " (rerun: rtl_parser %" PRIu64 " %lu)%s%s\n", seed, seed,
	       frames, fst ? ", FST " : "", fst ? fst : "");
	for (unsigned i = 0; i < 2; i++) {
		rng_seed(seed + i);
		fail |= run_width(&models[i], frames, fst);
	}
	printf("%s\n", fail ? "FAIL" : "PASS");
	return fail;
}
