/* SPDX-License-Identifier: MIT */
/*
 * rtl_csum: the verilated svnic_csum_tx and svnic_csum_rx (DATA_WIDTH 64)
 * against C reference checksums (RFC 1071 sums, RFC 768 / 793 / 8200
 * pseudo-headers) on frames built here: Ethernet (VLAN tags, odd L3
 * offsets), IPv4 with options or IPv6 with extension headers, TCP with
 * options or UDP, padding and trailers, random input gaps and output stalls.
 *
 * TX: virtio NEEDS_CSUM frames (field holding the pseudo-header sum, whose
 * result must verify), random bytes with random valid csum_start /
 * csum_offset, out-of-range requests (passed unchanged, counted), no request,
 * oversize frames (dropped), tuser carried. Every output frame is compared
 * byte for byte with the reference.
 * RX: good frames and frames corrupted in the L4 bytes, the addresses, the IP
 * length, headers outside the sum, padding; truncated frames, IPv4
 * fragments, UDP with checksum 0, non-TCP/UDP and non-IP frames; the verdict
 * on each last beat is compared with the reference, the data byte for byte.
 * Usage: rtl_csum [seed] [frames-per-block]
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "inet_sum.h"
#include "csum_shim.h"
#include "tb_rng.h"

#define MAXF 9600
#define QLEN 16


enum { L3_NONE, L3_IPV4, L3_IPV6 };
enum { L4_OTHER, L4_TCP, L4_UDP };
enum { ST_NOT_CHECKED, ST_OK, ST_BAD };

struct frame {
	uint8_t b[MAXF];
	unsigned len;
	int tuser;
	/* TX sideband */
	int req;
	unsigned start, offset;
	/* RX sideband (parser view) */
	unsigned l3_type, l3, l4, proto;
	/* expected results */
	int exp_drop;    /* TX: oversize, no output */
	int exp_event;   /* TX: 0 none, 1 inserted, 2 refused */
	unsigned exp_st; /* RX verdict */
};

/* ---- reference checksums ---- */

static unsigned rd16(const uint8_t *p) { return (unsigned)p[0] << 8 | p[1]; }

static void wr16(uint8_t *p, unsigned v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

/* Byte of the frame, 0 past its end (what the hardware sees of a short frame). */
static unsigned byte_at(const struct frame *f, unsigned pos) { return pos < f->len ? f->b[pos] : 0; }

/* End of the IP packet from the IP length field. */
static unsigned ip_end_of(const struct frame *f)
{
	unsigned lp = f->l3 + (f->l3_type == L3_IPV6 ? 4 : 2);
	unsigned iplen = byte_at(f, lp) << 8 | byte_at(f, lp + 1);
	return f->l3 + (f->l3_type == L3_IPV6 ? 40 : 0) + iplen;
}

/* Pseudo-header sum: addresses, protocol, L4 length. */
static uint64_t pseudo_sum(const struct frame *f, unsigned l4_len)
{
	int v6 = f->l3_type == L3_IPV6;
	unsigned a = f->l3 + (v6 ? 8 : 12), n = v6 ? 32 : 8;
	return inet_sum_be(f->b + a, n) + (f->proto == L4_TCP ? 6 : 17) + l4_len;
}

/* TX reference: the virtio NEEDS_CSUM result, in place. Returns 1 if inserted. */
static int ref_insert(uint8_t *b, unsigned len, unsigned start, unsigned offset)
{
	if (start + offset + 2 > len)
		return 0;
	uint16_t c = (uint16_t)~inet_fold16(inet_sum_be(b + start, len - start));
	if (c == 0)
		c = 0xffff;
	wr16(b + start + offset, c);
	return 1;
}

/* RX reference verdict, the rules of svnic_csum_rx. */
static unsigned ref_verdict(const struct frame *f)
{
	int v4 = f->l3_type == L3_IPV4, v6 = f->l3_type == L3_IPV6;
	int tcp = f->proto == L4_TCP, udp = f->proto == L4_UDP;
	if (!(v4 || v6) || !(tcp || udp))
		return ST_NOT_CHECKED;
	if (v4 && f->len >= f->l3 + 8 && ((byte_at(f, f->l3 + 6) & 0x3f) || byte_at(f, f->l3 + 7)))
		return ST_NOT_CHECKED;
	unsigned ip_end = ip_end_of(f), l4_min = f->l4 + (tcp ? 20 : 8);
	if (f->len < l4_min || ip_end < l4_min || f->len < ip_end)
		return ST_BAD;
	if (v4 && udp && rd16(f->b + f->l4 + 6) == 0)
		return ST_NOT_CHECKED;
	unsigned l4_len = ip_end - f->l4;
	uint64_t s = pseudo_sum(f, l4_len) + inet_sum_be(f->b + f->l4, l4_len);
	return inet_fold16(s) == 0xffff ? ST_OK : ST_BAD;
}

/* ---- frame construction ---- */

static void rand_bytes(uint8_t *p, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		p[i] = (uint8_t)rnd();
}

static unsigned rand_payload(unsigned max)
{
	switch (rnd_below(4)) {
	case 0: return rnd_below(65 < max ? 65 : max);
	case 1: return rnd_below(max < 1400 ? max : 1400);
	case 2: return rnd_below(max);
	default: return rnd_below(2) ? 0 : rnd_below(300);
	}
}

/*
 * A well-formed Ethernet / IP / TCP or UDP frame with a correct checksum;
 * the whole frame fits max_len bytes.
 */
static void build_ip_frame(struct frame *f, unsigned max_len)
{
	uint8_t *b = f->b;
	unsigned p = 12;
	rand_bytes(b, 12);
	if (rnd_below(4) == 0) {
		b[p] = 0x81;
		b[p + 1] = 0x00;
		rand_bytes(b + p + 2, 2);
		p += 4;
	}
	if (rnd_below(5) == 0) {
		/* unusual L3 offsets, odd ones too: the parser tells where L3 is */
		unsigned extra = rnd_range(1, 7);
		rand_bytes(b + p, extra);
		p += extra;
	}
	int v6 = rnd_below(2);
	wr16(b + p, v6 ? 0x86dd : 0x0800);
	p += 2;
	f->l3 = p;
	f->l3_type = v6 ? L3_IPV6 : L3_IPV4;
	f->proto = rnd_below(2) ? L4_TCP : L4_UDP;
	unsigned protonum = f->proto == L4_TCP ? 6 : 17;
	if (!v6) {
		unsigned ihl = rnd_below(4) == 0 ? rnd_range(6, 15) : 5;
		rand_bytes(b + p, ihl * 4);
		b[p] = (uint8_t)(0x40 | ihl);
		b[p + 6] = rnd_below(2) ? 0x40 : 0x00; /* DF or nothing, offset 0 */
		b[p + 7] = 0;
		b[p + 9] = (uint8_t)protonum;
		wr16(b + p + 10, 0);
		p += ihl * 4;
	} else {
		rand_bytes(b + p, 40);
		b[p] = (uint8_t)(0x60 | (b[p] & 0x0f));
		unsigned next_at = p + 6;
		p += 40;
		unsigned next = rnd_below(3) == 0 ? rnd_range(1, 2) : 0;
		for (unsigned i = 0; i < next; i++) {
			unsigned k = rnd_below(4);
			b[next_at] = i == 0 ? 0 : 60; /* hop-by-hop, then destination options */
			rand_bytes(b + p, 8 * (k + 1));
			b[p + 1] = (uint8_t)k;
			next_at = p;
			p += 8 * (k + 1);
		}
		b[next_at] = (uint8_t)protonum;
	}
	f->l4 = p;
	unsigned hdr = 8;
	if (f->proto == L4_TCP) {
		unsigned doff = rnd_below(4) == 0 ? rnd_range(6, 15) : 5;
		hdr = doff * 4;
		rand_bytes(b + p, hdr);
		b[p + 12] = (uint8_t)(doff << 4 | (b[p + 12] & 0x0f));
	} else {
		rand_bytes(b + p, 8);
	}
	unsigned room = max_len - 8 - (p + hdr);
	unsigned pay = rand_payload(room);
	rand_bytes(b + p + hdr, pay);
	unsigned l4_len = hdr + pay, ip_end = p + l4_len;
	if (!v6)
		wr16(b + f->l3 + 2, ip_end - f->l3);
	else
		wr16(b + f->l3 + 4, ip_end - f->l3 - 40);
	if (f->proto == L4_UDP)
		wr16(b + p + 4, l4_len);
	f->len = ip_end;
	if (f->len < 60 || rnd_below(8) == 0) {
		/* Ethernet padding or a trailer: not part of the IP packet */
		unsigned pad = f->len < 60 ? 60 - f->len : 0;
		pad += rnd_below(2) ? rnd_below(8) : 0;
		rand_bytes(b + f->len, pad);
		f->len += pad;
	}
	if (!v6) {
		unsigned ihl4 = (b[f->l3] & 0x0f) * 4;
		wr16(b + f->l3 + 10, (uint16_t)~inet_fold16(inet_sum_be(b + f->l3, ihl4)));
	}
	unsigned ck = p + (f->proto == L4_TCP ? 16 : 6);
	wr16(b + ck, 0);
	uint16_t c = (uint16_t)~inet_fold16(pseudo_sum(f, l4_len) + inet_sum_be(b + p, l4_len));
	wr16(b + ck, c ? c : 0xffff);
}

/* ---- stream harness ---- */

struct queue {
	struct frame *q[QLEN];
	unsigned head, tail;
};

static struct frame *q_push(struct queue *q)
{
	struct frame *f = q->q[q->tail % QLEN];
	q->tail++;
	return f;
}

struct src {
	struct frame *cur; /* frame being sent, NULL if none */
	unsigned off;      /* next byte */
	int valid;         /* a beat is presented (held until taken) */
};

static void src_beat(const struct src *s, struct axis_beat *bt)
{
	const struct frame *f = s->cur;
	unsigned n = f->len - s->off < 8 ? f->len - s->off : 8;
	bt->tdata = 0;
	for (unsigned i = 0; i < n; i++)
		bt->tdata |= (uint64_t)f->b[s->off + i] << (8 * i);
	bt->tkeep = (1u << n) - 1;
	bt->tlast = s->off + n >= f->len;
	bt->tuser = bt->tlast && f->tuser;
	bt->tvalid = 1;
}

struct sink {
	uint8_t b[MAXF + 64];
	unsigned len;
};

struct stats {
	unsigned long frames, beats, errors;
	unsigned long kinds[10];
	unsigned long verdicts[3];
	unsigned long inserted, refused, oversize;
	unsigned long want_ins, want_ref, want_over;
	uint64_t cycles;
};

static void error(struct stats *st, const char *block, unsigned long n, const char *what)
{
	if (st->errors < 10)
		fprintf(stderr, "%s frame %lu: %s\n", block, n, what);
	st->errors++;
}

/* Append an output beat; returns 1 at the end of a frame. */
static int sink_beat(struct sink *k, const struct axis_beat *bt, struct stats *st, const char *block)
{
	unsigned n = 0;
	while (n < 8 && (bt->tkeep >> n & 1))
		n++;
	if ((bt->tkeep >> n) != 0 || n == 0 || (!bt->tlast && n != 8))
		error(st, block, st->frames, "tkeep not packed");
	for (unsigned i = 0; i < n && k->len < sizeof k->b; i++)
		k->b[k->len++] = (uint8_t)(bt->tdata >> (8 * i));
	st->beats++;
	return bt->tlast;
}

static void compare_frame(const struct sink *k, const struct frame *e, int tuser, struct stats *st,
			  const char *block)
{
	char msg[160];
	if (k->len != e->len) {
		snprintf(msg, sizeof msg, "length %u, expected %u", k->len, e->len);
		error(st, block, st->frames, msg);
	} else if (memcmp(k->b, e->b, e->len) != 0) {
		unsigned i = 0;
		while (k->b[i] == e->b[i])
			i++;
		snprintf(msg, sizeof msg, "byte %u is %02x, expected %02x (len %u, start %u, offset %u)", i,
			 k->b[i], e->b[i], e->len, e->start, e->offset);
		error(st, block, st->frames, msg);
	}
	if (!tuser != !e->tuser)
		error(st, block, st->frames, "tuser differs");
}

/* ---- TX block ---- */

static void make_tx_frame(struct frame *in, struct frame *exp, struct stats *st, unsigned max_frame)
{
	unsigned kind = rnd_below(100);
	in->tuser = rnd_below(20) == 0;
	in->req = 1;
	if (kind < 40) {
		/* NEEDS_CSUM as a driver sends it: field = folded pseudo-header sum */
		build_ip_frame(in, rnd_below(10) == 0 ? max_frame : 1518);
		in->start = in->l4;
		in->offset = in->proto == L4_TCP ? 16 : 6;
		wr16(in->b + in->start + in->offset, inet_fold16(pseudo_sum(in, ip_end_of(in) - in->l4)));
		memcpy(exp->b, in->b, in->len);
		ref_insert(exp->b, in->len, in->start, in->offset);
		st->kinds[0]++;
	} else {
		unsigned len;
		if (kind < 47)
			len = rnd_range(1, 24);
		else if (kind < 50)
			len = rnd_range(max_frame - 16, max_frame);
		else
			len = rnd_range(1, 1600);
		rand_bytes(in->b, len);
		in->len = len;
		if (kind < 75 && len >= 2) {
			in->start = rnd_below(len - 1);
			in->offset = rnd_below(len - 1 - in->start);
			st->kinds[1]++;
		} else if (kind < 92) {
			/* out of range: the field would end past the frame */
			switch (rnd_below(3)) {
			case 0:
				in->start = rnd_range(len > 1 ? len - 1 : 0, len + 2);
				in->offset = rnd_below(4);
				break;
			case 1:
				in->start = rnd_below(len);
				in->offset = rnd_range(len - in->start - 1, 0xffff);
				break;
			default:
				in->start = rnd_range(0, 0xffff);
				in->offset = rnd_range(0, 0xffff);
				break;
			}
			if (in->start + in->offset + 2 <= len)
				in->offset = 0xffff;
			st->kinds[2]++;
		} else {
			in->req = 0;
			in->start = rnd_below(0x10000);
			in->offset = rnd_below(0x10000);
			st->kinds[3]++;
		}
		memcpy(exp->b, in->b, len);
		if (in->req)
			ref_insert(exp->b, len, in->start, in->offset);
	}
	if (rnd_below(100) == 0) {
		/* oversize: dropped */
		in->len = rnd_range(max_frame + 1, MAXF);
		rand_bytes(in->b, in->len);
		st->kinds[4]++;
	}
	exp->len = in->len;
	exp->tuser = in->tuser;
	exp->start = in->start;
	exp->offset = in->offset;
	exp->exp_drop = in->len > max_frame;
	exp->exp_event = exp->exp_drop || !in->req ? 0 : in->start + in->offset + 2 <= in->len ? 1 : 2;
	if (exp->exp_drop)
		st->want_over++;
	else if (exp->exp_event == 1)
		st->want_ins++;
	else if (exp->exp_event == 2)
		st->want_ref++;
	if (kind < 40 && !exp->exp_drop && ip_end_of(in) == in->len) {
		/* without padding, the inserted checksum must verify as a whole */
		exp->l3 = in->l3, exp->l4 = in->l4, exp->l3_type = in->l3_type, exp->proto = in->proto;
		if (ref_verdict(exp) != ST_OK)
			error(st, "tx-ref", st->frames, "reference insertion does not verify");
	}
}

static int run_tx(unsigned long nframes, struct stats *st)
{
	static struct frame pool[QLEN], cur_in;
	struct queue exp = {0};
	struct src s = {0};
	struct sink k = {0};
	struct ctx_in in;
	struct ctx_out out;
	void *m = csum_tx_new();
	unsigned long made = 0, refused = 0;
	unsigned vpct = 100, rpct = 100;

	for (unsigned i = 0; i < QLEN; i++)
		exp.q[i] = &pool[i];
	memset(&in, 0, sizeof in);
	in.rst = 1;
	csum_tx_comb(m, &in, &out);
	csum_tx_posedge(m);
	in.rst = 0;
	for (;;) {
		if (st->cycles % 20000 == 0) {
			static const unsigned pcts[] = {100, 95, 70, 30};
			vpct = pcts[rnd_below(4)];
			rpct = pcts[rnd_below(4)];
		}
		if (!s.cur && made < nframes && exp.tail - exp.head < QLEN - 1) {
			struct frame *e = q_push(&exp);
			make_tx_frame(&cur_in, e, st, csum_tx_max_frame);
			s.cur = &cur_in;
			s.off = 0;
			made++;
		}
		if (!s.cur && made >= nframes && exp.head == exp.tail)
			break;
		if (st->cycles > 50000000ull) {
			error(st, "tx", st->frames, "timeout");
			break;
		}
		if (s.cur && !s.valid && (unsigned)rnd_below(100) < vpct)
			s.valid = 1;
		if (s.valid)
			src_beat(&s, &in.s);
		else
			memset(&in.s, 0, sizeof in.s);
		in.csum_req = s.cur ? s.cur->req : 0;
		in.csum_start = s.cur ? s.cur->start : 0;
		in.csum_offset = s.cur ? s.cur->offset : 0;
		in.m_tready = (unsigned)rnd_below(100) < rpct;
		csum_tx_comb(m, &in, &out);

		st->inserted += out.stat_inserted;
		st->refused += out.stat_refused;
		st->oversize += out.stat_oversize;
		refused = out.refused_count;
		if (in.s.tvalid && out.s_tready) {
			s.valid = 0;
			s.off += 8;
			if (in.s.tlast)
				s.cur = NULL;
		}
		/* dropped frames leave the expectation once fully sent in */
		while (exp.head != exp.tail && exp.q[exp.head % QLEN]->exp_drop &&
		       !(s.cur && exp.head + 1 == exp.tail))
			exp.head++;
		if (out.m.tvalid && in.m_tready) {
			if (exp.head == exp.tail) {
				error(st, "tx", st->frames, "output beat with no frame expected");
			} else if (sink_beat(&k, &out.m, st, "tx")) {
				compare_frame(&k, exp.q[exp.head % QLEN], out.m.tuser, st, "tx");
				exp.head++;
				st->frames++;
				k.len = 0;
			}
		}
		csum_tx_posedge(m);
		st->cycles++;
		if (st->errors >= 10)
			break;
	}
	/* settle the last status pulses */
	for (unsigned i = 0; i < 4; i++) {
		memset(&in.s, 0, sizeof in.s);
		csum_tx_comb(m, &in, &out);
		st->inserted += out.stat_inserted;
		st->refused += out.stat_refused;
		st->oversize += out.stat_oversize;
		refused = out.refused_count;
		csum_tx_posedge(m);
	}
	unsigned long want_ins = st->want_ins, want_ref = st->want_ref, want_over = st->want_over;
	if (st->inserted != want_ins || st->refused != want_ref || st->oversize != want_over ||
	    refused != want_ref) {
		char msg[200];
		snprintf(msg, sizeof msg,
			 "status pulses inserted %lu refused %lu (counter %lu) oversize %lu, expected %lu %lu %lu",
			 st->inserted, st->refused, refused, st->oversize, want_ins, want_ref, want_over);
		error(st, "tx", st->frames, msg);
	}
	csum_tx_free(m);
	return st->errors != 0;
}

/* ---- RX block ---- */

static const char *const rx_kind_names[10] = {
	"good", "L4 byte", "address", "IP length", "outside sum", "padding", "truncated",
	"UDP zero", "IPv4 fragment", "not TCP/UDP or IP",
};

static void make_rx_frame(struct frame *f, struct stats *st)
{
	unsigned kind = rnd_below(10);
	build_ip_frame(f, rnd_below(10) == 0 ? MAXF : 1518);
	f->tuser = rnd_below(20) == 0;
	unsigned ip_end = ip_end_of(f);
	unsigned ck = f->l4 + (f->proto == L4_TCP ? 16 : 6);
	switch (kind) {
	case 1: f->b[rnd_range(f->l4, ip_end - 1)] ^= (uint8_t)rnd_range(1, 255); break;
	case 2: {
		unsigned a = f->l3 + (f->l3_type == L3_IPV6 ? 8 : 12);
		f->b[a + rnd_below(f->l3_type == L3_IPV6 ? 32 : 8)] ^= (uint8_t)rnd_range(1, 255);
		break;
	}
	case 3: {
		unsigned lp = f->l3 + (f->l3_type == L3_IPV6 ? 4 : 2);
		wr16(f->b + lp, (rd16(f->b + lp) + rnd_range(1, 40) * (rnd_below(2) ? 1u : 0xffffu)) & 0xffff);
		break;
	}
	case 4: /* TTL / hop limit: not covered */
		f->b[f->l3 + (f->l3_type == L3_IPV6 ? 7 : 8)] ^= (uint8_t)rnd_range(1, 255);
		break;
	case 5:
		if (f->len > ip_end)
			f->b[rnd_range(ip_end, f->len - 1)] ^= (uint8_t)rnd_range(1, 255);
		break;
	case 6: f->len = rnd_range(1, ip_end - 1); break;
	case 7: wr16(f->b + ck, 0); break;
	case 8:
		if (f->l3_type == L3_IPV4) {
			if (rnd_below(2))
				f->b[f->l3 + 6] |= 0x20; /* MF */
			else
				wr16(f->b + f->l3 + 6, rnd_range(1, 0x1fff));
		}
		break;
	case 9:
		if (rnd_below(2))
			f->proto = L4_OTHER;
		else
			f->l3_type = L3_NONE;
		break;
	default: break;
	}
	st->kinds[kind]++;
	f->exp_st = ref_verdict(f);
	st->verdicts[f->exp_st]++;
}

static int run_rx(unsigned long nframes, struct stats *st)
{
	static struct frame pool[QLEN];
	struct queue q = {0};
	struct src s = {0};
	struct sink k = {0};
	struct crx_in in;
	struct crx_out out;
	void *m = csum_rx_new();
	unsigned long made = 0;
	unsigned vpct = 100, rpct = 100;

	for (unsigned i = 0; i < QLEN; i++)
		q.q[i] = &pool[i];
	memset(&in, 0, sizeof in);
	in.rst = 1;
	csum_rx_comb(m, &in, &out);
	csum_rx_posedge(m);
	in.rst = 0;
	for (;;) {
		if (st->cycles % 20000 == 0) {
			static const unsigned pcts[] = {100, 95, 70, 30};
			vpct = pcts[rnd_below(4)];
			rpct = pcts[rnd_below(4)];
		}
		if (!s.cur && made < nframes && q.tail - q.head < QLEN - 1) {
			s.cur = q_push(&q);
			make_rx_frame(s.cur, st);
			s.off = 0;
			made++;
		}
		if (!s.cur && made >= nframes && q.head == q.tail)
			break;
		if (st->cycles > 50000000ull) {
			error(st, "rx", st->frames, "timeout");
			break;
		}
		if (s.cur && !s.valid && (unsigned)rnd_below(100) < vpct)
			s.valid = 1;
		if (s.valid) {
			src_beat(&s, &in.s);
			in.l3_type = s.off == 0 ? s.cur->l3_type : rnd_below(4);
			in.l3_offset = s.off == 0 ? s.cur->l3 : rnd_below(1024);
			in.l4_offset = s.off == 0 ? s.cur->l4 : rnd_below(1024);
			in.l4_proto = s.off == 0 ? s.cur->proto : rnd_below(4);
		} else {
			memset(&in.s, 0, sizeof in.s);
		}
		in.m_tready = (unsigned)rnd_below(100) < rpct;
		csum_rx_comb(m, &in, &out);
		if (in.s.tvalid && out.s_tready) {
			s.valid = 0;
			s.off += 8;
			if (in.s.tlast)
				s.cur = NULL;
		}
		if (out.m.tvalid && in.m_tready) {
			if (q.head == q.tail) {
				error(st, "rx", st->frames, "output beat with no frame expected");
			} else {
				const struct frame *e = q.q[q.head % QLEN];
				if (!out.m.tlast && out.status != ST_NOT_CHECKED)
					error(st, "rx", st->frames, "verdict before the last beat");
				if (sink_beat(&k, &out.m, st, "rx")) {
					compare_frame(&k, e, out.m.tuser, st, "rx");
					if (out.status != e->exp_st) {
						char msg[160];
						snprintf(msg, sizeof msg,
							 "verdict %u, expected %u (l3 type %u at %u, l4 %u at %u, len %u)",
							 out.status, e->exp_st, e->l3_type, e->l3, e->proto, e->l4, e->len);
						error(st, "rx", st->frames, msg);
					}
					q.head++;
					st->frames++;
					k.len = 0;
				}
			}
		}
		csum_rx_posedge(m);
		st->cycles++;
		if (st->errors >= 10)
			break;
	}
	csum_rx_free(m);
	return st->errors != 0;
}

int main(int argc, char **argv)
{
	uint64_t seed = argc > 1 ? strtoull(argv[1], NULL, 0) : (uint64_t)time(NULL);
	unsigned long n = argc > 2 ? strtoul(argv[2], NULL, 0) : 12000;
	struct stats tx = {0}, rx = {0};
	int fail = 0;

	printf("rtl_csum seed %" PRIu64 " (rerun: rtl_csum %" PRIu64 " %lu)\n", seed, seed, n);
	rng_seed(seed);
	fail |= run_tx(n, &tx);
	printf("csum_tx: %lu frames out (%lu NEEDS_CSUM, %lu random in range, %lu out of range, %lu "
	       "no request, %lu oversize), %lu beats, %lu cycles; status: %lu inserted, %lu refused, "
	       "%lu oversize; %lu errors\n",
	       tx.frames, tx.kinds[0], tx.kinds[1], tx.kinds[2], tx.kinds[3], tx.kinds[4], tx.beats,
	       (unsigned long)tx.cycles, tx.inserted, tx.refused, tx.oversize, tx.errors);
	fail |= run_rx(n, &rx);
	printf("csum_rx: %lu frames, %lu beats, %lu cycles; verdicts expected: %lu not checked, %lu ok, "
	       "%lu bad; %lu errors\n",
	       rx.frames, rx.beats, (unsigned long)rx.cycles, rx.verdicts[0], rx.verdicts[1],
	       rx.verdicts[2], rx.errors);
	printf("  rx cases:");
	for (unsigned i = 0; i < 10; i++)
		printf(" %s %lu%s", rx_kind_names[i], rx.kinds[i], i < 9 ? "," : "\n");
	printf("%lu frames in total\n%s\n", tx.frames + rx.frames, fail ? "FAIL" : "PASS");
	return fail;
}
