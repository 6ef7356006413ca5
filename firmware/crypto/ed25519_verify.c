/* SPDX-License-Identifier: MIT */
/*
 * Ed25519 verification after RFC 8032, section 5.1.
 *
 * Field elements mod p = 2^255 - 19 are eight 32-bit words, little-endian,
 * holding any value below 2^256 (so not necessarily reduced); products use
 * the 32x32->64 multiply that rv32im has (mul + mulhu). Since 2^256 = 38
 * (mod p), a carry out of the top word folds back in as 38. Values are
 * brought below p only to encode or compare them.
 *
 * Points are in extended twisted Edwards coordinates (X : Y : Z : T),
 * x = X/Z, y = Y/Z, x*y = T/Z, with the RFC's formulas (5.1.4), which are
 * complete for a = -1 and non-square d.
 */
#include "fw/crypto/ed25519.h"

#include "fw/mem.h"

#define NW 8 /* words per field element or scalar */

typedef struct {
	uint32_t w[NW];
} fe;

typedef struct {
	fe x, y, z, t;
} ge;

/* The constants, written out from their definitions in RFC 8032 and checked
 * against them by fw_ed25519_selftest(). */
static const fe FE_P = { { 0xffffffed, 0xffffffff, 0xffffffff, 0xffffffff,
			   0xffffffff, 0xffffffff, 0xffffffff, 0x7fffffff } };
static const fe FE_ONE = { { 1 } };
/* d = -121665/121666 mod p */
static const fe FE_D = { { 0x135978a3, 0x75eb4dca, 0x4141d8ab, 0x00700a4d,
			   0x7779e898, 0x8cc74079, 0x2b6ffe73, 0x52036cee } };
/* 2*d mod p */
static const fe FE_D2 = { { 0x26b2f159, 0xebd69b94, 0x8283b156, 0x00e0149a,
			    0xeef3d130, 0x198e80f2, 0x56dffce7, 0x2406d9dc } };
/* sqrt(-1) = 2^((p-1)/4) mod p */
static const fe FE_SQRTM1 = { { 0x4a0ea0b0, 0xc4ee1b27, 0xad2fe478, 0x2f431806,
				0x3dfbd7a7, 0x2b4d0099, 0x4fc1df0b, 0x2b832480 } };
/* Exponents: p - 2 (inversion), (p - 5)/8 (square roots), (p - 1)/4. */
static const fe EXP_PM2 = { { 0xffffffeb, 0xffffffff, 0xffffffff, 0xffffffff,
			      0xffffffff, 0xffffffff, 0xffffffff, 0x7fffffff } };
static const fe EXP_PM5_8 = { { 0xfffffffd, 0xffffffff, 0xffffffff, 0xffffffff,
				0xffffffff, 0xffffffff, 0xffffffff, 0x0fffffff } };
static const fe EXP_PM1_4 = { { 0xfffffffb, 0xffffffff, 0xffffffff, 0xffffffff,
				0xffffffff, 0xffffffff, 0xffffffff, 0x1fffffff } };
/* The base point B: y = 4/5 mod p, x the even root (RFC 8032 5.1). */
static const ge GE_B = {
	{ { 0x8f25d51a, 0xc9562d60, 0x9525a7b2, 0x692cc760,
	    0xfdd6dc5c, 0xc0a4e231, 0xcd6e53fe, 0x216936d3 } },
	{ { 0x66666658, 0x66666666, 0x66666666, 0x66666666,
	    0x66666666, 0x66666666, 0x66666666, 0x66666666 } },
	{ { 1 } },
	{ { 0 } }, /* T = x*y, filled in by base_point() */
};
/* L = 2^252 + 27742317777372353535851937790883648493 */
static const uint32_t SC_L[NW] = { 0x5cf5d3ed, 0x5812631a, 0xa2f79cd6, 0x14def9de,
				   0x00000000, 0x00000000, 0x00000000, 0x10000000 };

#define CTX_MAGIC 0x45643235u

/* ---- field arithmetic mod p ------------------------------------------ */

/* r += c * 2^256, i.e. r += 38 * c. Two passes always suffice: after the
 * first the carry is at most 1 and the low words are below 38 * 39, so the
 * second adds 38 without carrying out. */
static void fe_fold(fe *r, uint32_t c)
{
	for (unsigned pass = 0; pass < 2; pass++) {
		uint64_t t = (uint64_t)c * 38;
		for (unsigned i = 0; i < NW; i++) {
			t += r->w[i];
			r->w[i] = (uint32_t)t;
			t >>= 32;
		}
		c = (uint32_t)t;
	}
}

static void fe_add(fe *r, const fe *a, const fe *b)
{
	uint64_t t = 0;
	for (unsigned i = 0; i < NW; i++) {
		t += (uint64_t)a->w[i] + b->w[i];
		r->w[i] = (uint32_t)t;
		t >>= 32;
	}
	fe_fold(r, (uint32_t)t);
}

/* r = a - b. A borrow out of the top word means 2^256 was added, which is
 * 38 too much mod p: take 38 off, at most twice (as in fe_fold). */
static void fe_sub(fe *r, const fe *a, const fe *b)
{
	uint32_t borrow = 0;
	for (unsigned i = 0; i < NW; i++) {
		uint64_t t = (uint64_t)a->w[i] - b->w[i] - borrow;
		r->w[i] = (uint32_t)t;
		borrow = (uint32_t)(t >> 63);
	}
	for (unsigned pass = 0; pass < 2; pass++) {
		uint32_t sub = borrow * 38;
		borrow = 0;
		for (unsigned i = 0; i < NW; i++) {
			uint64_t t = (uint64_t)r->w[i] - sub - borrow;
			r->w[i] = (uint32_t)t;
			borrow = (uint32_t)(t >> 63);
			sub = 0;
		}
	}
}

static void fe_mul(fe *r, const fe *a, const fe *b)
{
	uint32_t t[2 * NW] = { 0 };
	for (unsigned i = 0; i < NW; i++) {
		uint64_t c = 0;
		for (unsigned j = 0; j < NW; j++) {
			/* at most (2^32-1)^2 + 2 (2^32-1) = 2^64 - 1 */
			c += (uint64_t)a->w[i] * b->w[j] + t[i + j];
			t[i + j] = (uint32_t)c;
			c >>= 32;
		}
		t[i + NW] = (uint32_t)c;
	}
	/* high half * 2^256 = high half * 38 */
	uint64_t c = 0;
	for (unsigned i = 0; i < NW; i++) {
		c += (uint64_t)t[i + NW] * 38 + t[i];
		r->w[i] = (uint32_t)c;
		c >>= 32;
	}
	fe_fold(r, (uint32_t)c);
}

static void fe_sq(fe *r, const fe *a)
{
	fe_mul(r, a, a);
}

/* r = a^e, square and multiply over all 256 bits of e. */
static void fe_pow(fe *r, const fe *a, const fe *e)
{
	fe acc = FE_ONE;
	for (int i = 255; i >= 0; i--) {
		fe_sq(&acc, &acc);
		if ((e->w[i / 32] >> (i % 32)) & 1)
			fe_mul(&acc, &acc, a);
	}
	*r = acc;
}

static void fe_inv(fe *r, const fe *a)
{
	fe_pow(r, a, &EXP_PM2);
}

/* Brings a below p. It starts below 2^256 = 2p + 38, so two conditional
 * subtractions of p suffice. */
static void fe_freeze(fe *r, const fe *a)
{
	*r = *a;
	for (unsigned pass = 0; pass < 2; pass++) {
		fe s;
		uint32_t borrow = 0;
		for (unsigned i = 0; i < NW; i++) {
			uint64_t t = (uint64_t)r->w[i] - FE_P.w[i] - borrow;
			s.w[i] = (uint32_t)t;
			borrow = (uint32_t)(t >> 63);
		}
		if (!borrow)
			*r = s;
	}
}

static int fe_eq(const fe *a, const fe *b)
{
	fe x, y;
	fe_freeze(&x, a);
	fe_freeze(&y, b);
	uint32_t diff = 0;
	for (unsigned i = 0; i < NW; i++)
		diff |= x.w[i] ^ y.w[i];
	return diff == 0;
}

static int fe_iszero(const fe *a)
{
	static const fe zero;
	return fe_eq(a, &zero);
}

/* The low bit of the reduced value: the RFC's "sign" of x. */
static unsigned fe_isodd(const fe *a)
{
	fe x;
	fe_freeze(&x, a);
	return x.w[0] & 1;
}

static void fe_neg(fe *r, const fe *a)
{
	static const fe zero;
	fe_sub(r, &zero, a);
}

static void fe_load(fe *r, const uint8_t s[32])
{
	for (unsigned i = 0; i < NW; i++)
		r->w[i] = (uint32_t)s[4 * i] | (uint32_t)s[4 * i + 1] << 8 |
			  (uint32_t)s[4 * i + 2] << 16 | (uint32_t)s[4 * i + 3] << 24;
}

static void fe_store(uint8_t s[32], const fe *a)
{
	fe x;
	fe_freeze(&x, a);
	for (unsigned i = 0; i < NW; i++)
		for (unsigned j = 0; j < 4; j++)
			s[4 * i + j] = (uint8_t)(x.w[i] >> (8 * j));
}

/* ---- group operations --------------------------------------------------- */

static void ge_identity(ge *r)
{
	fw_memset(r, 0, sizeof(*r));
	r->y.w[0] = 1;
	r->z.w[0] = 1;
}

/* RFC 8032 5.1.4, addition; complete, so it also doubles. */
static void ge_add(ge *r, const ge *p, const ge *q)
{
	fe a, b, c, d, e, f, g, h, t;
	fe_sub(&a, &p->y, &p->x);
	fe_sub(&t, &q->y, &q->x);
	fe_mul(&a, &a, &t);
	fe_add(&b, &p->y, &p->x);
	fe_add(&t, &q->y, &q->x);
	fe_mul(&b, &b, &t);
	fe_mul(&c, &p->t, &FE_D2);
	fe_mul(&c, &c, &q->t);
	fe_mul(&d, &p->z, &q->z);
	fe_add(&d, &d, &d);
	fe_sub(&e, &b, &a);
	fe_sub(&f, &d, &c);
	fe_add(&g, &d, &c);
	fe_add(&h, &b, &a);
	fe_mul(&r->x, &e, &f);
	fe_mul(&r->y, &g, &h);
	fe_mul(&r->t, &e, &h);
	fe_mul(&r->z, &f, &g);
}

/* RFC 8032 5.1.4, doubling. */
static void ge_double(ge *r, const ge *p)
{
	fe a, b, c, e, f, g, h, t;
	fe_sq(&a, &p->x);
	fe_sq(&b, &p->y);
	fe_sq(&c, &p->z);
	fe_add(&c, &c, &c);
	fe_add(&h, &a, &b);
	fe_add(&t, &p->x, &p->y);
	fe_sq(&t, &t);
	fe_sub(&e, &h, &t);
	fe_sub(&g, &a, &b);
	fe_add(&f, &c, &g);
	fe_mul(&r->x, &e, &f);
	fe_mul(&r->y, &g, &h);
	fe_mul(&r->t, &e, &h);
	fe_mul(&r->z, &f, &g);
}

static void ge_neg(ge *r, const ge *p)
{
	fe_neg(&r->x, &p->x);
	r->y = p->y;
	r->z = p->z;
	fe_neg(&r->t, &p->t);
}

/* Projective equality to the identity (0 : 1): X = 0 and Y = Z. */
static int ge_is_identity(const ge *p)
{
	return fe_iszero(&p->x) && fe_eq(&p->y, &p->z);
}

/* [8]P is the identity exactly for the eight points of small order. */
static int ge_has_small_order(const ge *p)
{
	ge q;
	ge_double(&q, p);
	ge_double(&q, &q);
	ge_double(&q, &q);
	return ge_is_identity(&q);
}

/* RFC 8032 5.1.2. */
static void ge_encode(uint8_t s[32], const ge *p)
{
	fe zi, x, y;
	fe_inv(&zi, &p->z);
	fe_mul(&x, &p->x, &zi);
	fe_mul(&y, &p->y, &zi);
	fe_store(s, &y);
	s[31] |= (uint8_t)(fe_isodd(&x) << 7);
}

/* RFC 8032 5.1.3. Returns 0, or -1 if s is not the canonical encoding of a
 * point on the curve. */
static int ge_decode(ge *r, const uint8_t s[32])
{
	uint8_t ys[32];
	fw_memcpy(ys, s, 32);
	unsigned x0 = ys[31] >> 7;
	ys[31] &= 0x7f;
	fe y, yr;
	fe_load(&y, ys);
	/* 1. y must be below p: reducing must not change it. */
	fe_freeze(&yr, &y);
	if (fw_memcmp(&yr, &y, sizeof(y)) != 0)
		return -1;
	/* 2. x^2 = u/v with u = y^2 - 1, v = d y^2 + 1; candidate root
	 *    x = u v^3 (u v^7)^((p-5)/8). */
	fe u, v, v3, v7, x, t;
	fe_sq(&t, &y);
	fe_sub(&u, &t, &FE_ONE);
	fe_mul(&v, &t, &FE_D);
	fe_add(&v, &v, &FE_ONE);
	fe_sq(&v3, &v);
	fe_mul(&v3, &v3, &v);
	fe_sq(&v7, &v3);
	fe_mul(&v7, &v7, &v);
	fe_mul(&t, &u, &v7);
	fe_pow(&t, &t, &EXP_PM5_8);
	fe_mul(&x, &u, &v3);
	fe_mul(&x, &x, &t);
	/* 3. v x^2 = u: root; v x^2 = -u: root times sqrt(-1); else none. */
	fe vx2, nu;
	fe_sq(&vx2, &x);
	fe_mul(&vx2, &vx2, &v);
	fe_neg(&nu, &u);
	if (fe_eq(&vx2, &nu))
		fe_mul(&x, &x, &FE_SQRTM1);
	else if (!fe_eq(&vx2, &u))
		return -1;
	/* 4. the sign bit picks the root; x = 0 has no negative. */
	if (fe_iszero(&x) && x0)
		return -1;
	if (fe_isodd(&x) != x0)
		fe_neg(&x, &x);
	r->x = x;
	r->y = y;
	r->z = FE_ONE;
	fe_mul(&r->t, &x, &y);
	return 0;
}

static void base_point(ge *b)
{
	*b = GE_B;
	fe_mul(&b->t, &b->x, &b->y);
}

/* ---- scalars mod L ------------------------------------------------------ */

/* Little-endian 256-bit a >= b. */
static int sc_geq(const uint32_t a[NW], const uint32_t b[NW])
{
	for (int i = NW - 1; i >= 0; i--)
		if (a[i] != b[i])
			return a[i] > b[i];
	return 1;
}

static void sc_sub(uint32_t r[NW], const uint32_t a[NW], const uint32_t b[NW])
{
	uint32_t borrow = 0;
	for (unsigned i = 0; i < NW; i++) {
		uint64_t t = (uint64_t)a[i] - b[i] - borrow;
		r[i] = (uint32_t)t;
		borrow = (uint32_t)(t >> 63);
	}
}

static void sc_load(uint32_t r[NW], const uint8_t s[32])
{
	fe t;
	fe_load(&t, s);
	fw_memcpy(r, t.w, sizeof(t.w));
}

/* r = h mod L for a 64-byte little-endian h, one bit at a time from the top:
 * r stays below L < 2^253, so 2r + 1 fits in 256 bits. */
static void sc_reduce512(uint32_t r[NW], const uint8_t h[64])
{
	fw_memset(r, 0, NW * sizeof(r[0]));
	for (int bit = 511; bit >= 0; bit--) {
		for (int i = NW - 1; i > 0; i--)
			r[i] = r[i] << 1 | r[i - 1] >> 31;
		r[0] = r[0] << 1 | ((h[bit / 8] >> (bit % 8)) & 1);
		if (sc_geq(r, SC_L))
			sc_sub(r, r, SC_L);
	}
}

static unsigned sc_bit(const uint32_t s[NW], unsigned i)
{
	return (s[i / 32] >> (i % 32)) & 1;
}

/* ---- verification ------------------------------------------------------- */

static int check_s_and_key(const uint8_t sig[64], const uint8_t pub[32], ge *neg_a)
{
	uint32_t s[NW];
	sc_load(s, sig + 32);
	if (sc_geq(s, SC_L))
		return FW_ED25519_ERR_S_RANGE;
	ge a;
	if (ge_decode(&a, pub) != 0)
		return FW_ED25519_ERR_KEY_ENCODING;
	if (ge_has_small_order(&a))
		return FW_ED25519_ERR_KEY_SMALL_ORDER;
	ge_neg(neg_a, &a);
	return FW_ED25519_OK;
}

/* Given -A, S and the hash k of R || A || M: is R the encoding of
 * [S]B + [k](-A), and not of small order? */
static int check_equation(const uint8_t sig[64], const ge *neg_a, const uint8_t hram[64])
{
	uint32_t s[NW], k[NW];
	sc_load(s, sig + 32);
	sc_reduce512(k, hram);
	ge b, q;
	base_point(&b);
	ge_identity(&q);
	/* Both scalars are below 2^253; one shared chain of doublings. */
	for (int i = 252; i >= 0; i--) {
		ge_double(&q, &q);
		if (sc_bit(s, (unsigned)i))
			ge_add(&q, &q, &b);
		if (sc_bit(k, (unsigned)i))
			ge_add(&q, &q, neg_a);
	}
	uint8_t enc[32];
	ge_encode(enc, &q);
	if (fw_memcmp(enc, sig, 32) != 0)
		return FW_ED25519_ERR_MISMATCH;
	/* R decodes to q, as R is q's encoding. */
	if (ge_has_small_order(&q))
		return FW_ED25519_ERR_R_SMALL_ORDER;
	return FW_ED25519_OK;
}

void fw_ed25519_verify_start(struct fw_ed25519_verify_ctx *c, const uint8_t sig[FW_ED25519_SIG_LEN],
			     const uint8_t pub[FW_ED25519_PUB_LEN])
{
	_Static_assert(sizeof(c->neg_a) == sizeof(ge), "neg_a holds one point");
	ge neg_a;
	fw_memset(&neg_a, 0, sizeof(neg_a));
	c->err = check_s_and_key(sig, pub, &neg_a);
	fw_memcpy(c->neg_a, &neg_a, sizeof(neg_a));
	fw_memcpy(c->sig, sig, FW_ED25519_SIG_LEN);
	fw_sha512_init(&c->h);
	fw_sha512_update(&c->h, sig, 32);
	fw_sha512_update(&c->h, pub, FW_ED25519_PUB_LEN);
	c->magic = CTX_MAGIC;
}

void fw_ed25519_verify_update(struct fw_ed25519_verify_ctx *c, const void *data, size_t len)
{
	if (c->magic != CTX_MAGIC) {
		c->err = FW_ED25519_ERR_STATE;
		return;
	}
	if (c->err == FW_ED25519_OK)
		fw_sha512_update(&c->h, data, len);
}

int fw_ed25519_verify_finish(struct fw_ed25519_verify_ctx *c)
{
	if (c->magic != CTX_MAGIC)
		return FW_ED25519_ERR_STATE;
	c->magic = 0;
	if (c->err != FW_ED25519_OK)
		return c->err;
	uint8_t hram[64];
	fw_sha512_final(&c->h, hram);
	ge neg_a;
	fw_memcpy(&neg_a, c->neg_a, sizeof(neg_a));
	return check_equation(c->sig, &neg_a, hram);
}

int fw_ed25519_verify(const uint8_t sig[FW_ED25519_SIG_LEN], const uint8_t *msg, size_t len,
		      const uint8_t pub[FW_ED25519_PUB_LEN])
{
	struct fw_ed25519_verify_ctx c;
	fw_ed25519_verify_start(&c, sig, pub);
	fw_ed25519_verify_update(&c, msg, len);
	return fw_ed25519_verify_finish(&c);
}

const char *fw_ed25519_strerror(int err)
{
	switch (err) {
	case FW_ED25519_OK:
		return "valid signature";
	case FW_ED25519_ERR_S_RANGE:
		return "signature S not below the group order L";
	case FW_ED25519_ERR_KEY_ENCODING:
		return "public key is not a canonical encoding of a curve point";
	case FW_ED25519_ERR_KEY_SMALL_ORDER:
		return "public key is a point of small order";
	case FW_ED25519_ERR_R_SMALL_ORDER:
		return "signature R is a point of small order";
	case FW_ED25519_ERR_MISMATCH:
		return "signature does not match key and message";
	case FW_ED25519_ERR_STATE:
		return "verification context used without start";
	default:
		return "unknown Ed25519 verdict";
	}
}

/* ---- self-test ----------------------------------------------------------- */

/* RFC 8032 section 7.1, TEST 1: the empty message. */
static const uint8_t KAT_PUB[32] = {
	0xd7, 0x5a, 0x98, 0x01, 0x82, 0xb1, 0x0a, 0xb7, 0xd5, 0x4b, 0xfe, 0xd3, 0xc9, 0x64, 0x07, 0x3a,
	0x0e, 0xe1, 0x72, 0xf3, 0xda, 0xa6, 0x23, 0x25, 0xaf, 0x02, 0x1a, 0x68, 0xf7, 0x07, 0x51, 0x1a,
};
static const uint8_t KAT_SIG[64] = {
	0xe5, 0x56, 0x43, 0x00, 0xc3, 0x60, 0xac, 0x72, 0x90, 0x86, 0xe2, 0xcc, 0x80, 0x6e, 0x82, 0x8a,
	0x84, 0x87, 0x7f, 0x1e, 0xb8, 0xe5, 0xd9, 0x74, 0xd8, 0x73, 0xe0, 0x65, 0x22, 0x49, 0x01, 0x55,
	0x5f, 0xb8, 0x82, 0x15, 0x90, 0xa3, 0x3b, 0xac, 0xc6, 0x1e, 0x39, 0x70, 0x1c, 0xf9, 0xb4, 0x6b,
	0xd2, 0x5b, 0xf5, 0xf0, 0x59, 0x5b, 0xbe, 0x24, 0x65, 0x51, 0x41, 0x43, 0x8e, 0x7a, 0x10, 0x0b,
};

static fe fe_small(uint32_t v)
{
	fe r = { { v } };
	return r;
}

int fw_ed25519_selftest(void)
{
	fe t;
	/* d * 121666 = -121665 */
	fe c1 = fe_small(121666), c2 = fe_small(121665);
	fe_mul(&t, &FE_D, &c1);
	fe_add(&t, &t, &c2);
	if (!fe_iszero(&t))
		return -1;
	/* 2d */
	fe_add(&t, &FE_D, &FE_D);
	if (!fe_eq(&t, &FE_D2))
		return -1;
	/* sqrt(-1) = 2^((p-1)/4), and it squares to -1 */
	fe two = fe_small(2);
	fe_pow(&t, &two, &EXP_PM1_4);
	if (!fe_eq(&t, &FE_SQRTM1))
		return -1;
	fe_sq(&t, &FE_SQRTM1);
	fe_add(&t, &t, &FE_ONE);
	if (!fe_iszero(&t))
		return -1;
	/* the exponents: 8 (p-5)/8 + 5 = p, 4 (p-1)/4 + 1 = p, (p-2) + 2 = p */
	fe_mul(&t, &EXP_PM5_8, &(fe){ { 8 } });
	fe_add(&t, &t, &(fe){ { 5 } });
	if (!fe_iszero(&t))
		return -1;
	fe_mul(&t, &EXP_PM1_4, &(fe){ { 4 } });
	fe_add(&t, &t, &FE_ONE);
	if (!fe_iszero(&t))
		return -1;
	fe_add(&t, &EXP_PM2, &two);
	if (!fe_iszero(&t))
		return -1;
	/* B: 5y = 4, and decoding (y = 4/5, sign 0) gives back B's x */
	fe_mul(&t, &GE_B.y, &(fe){ { 5 } });
	if (!fe_eq(&t, &(fe){ { 4 } }))
		return -1;
	uint8_t enc[32];
	fe_store(enc, &GE_B.y);
	ge b, q;
	if (ge_decode(&q, enc) != 0 || !fe_eq(&q.x, &GE_B.x))
		return -1;
	/* [L]B = identity, and B itself is not */
	base_point(&b);
	ge_identity(&q);
	for (int i = 255; i >= 0; i--) {
		ge_double(&q, &q);
		if (sc_bit(SC_L, (unsigned)i))
			ge_add(&q, &q, &b);
	}
	if (!ge_is_identity(&q) || ge_is_identity(&b))
		return -1;
	/* one known answer, and its one-bit corruption */
	if (fw_ed25519_verify(KAT_SIG, NULL, 0, KAT_PUB) != FW_ED25519_OK)
		return -1;
	uint8_t bad[64];
	fw_memcpy(bad, KAT_SIG, sizeof(bad));
	bad[0] ^= 1;
	if (fw_ed25519_verify(bad, NULL, 0, KAT_PUB) == FW_ED25519_OK)
		return -1;
	return 0;
}
