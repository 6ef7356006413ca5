/* SPDX-License-Identifier: MIT */
/*
 * svnic-csum: checksum offload end to end. Two guests negotiate
 * VIRTIO_NET_F_CSUM and VIRTIO_NET_F_GUEST_CSUM and send each other TCP and
 * UDP frames over IPv4 and IPv6 through the card:
 *   - with NEEDS_CSUM and the pseudo-header sum in the field: they must
 *     arrive with the correct checksum and DATA_VALID;
 *   - fully checksummed: unchanged, with DATA_VALID;
 *   - with a wrong checksum: unchanged, without DATA_VALID;
 *   - with NEEDS_CSUM naming a field outside the frame: never delivered,
 *     counted as tx_csum_bad on the sender's VIF.
 * Then the card's counters must reconcile exactly.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "inet_sum.h"
#include "port.h"
#include "svnic/libsvnic.h"
#include "svnic/mbox.h"
#include "svnic/virtio.h"
#include "svnic_guest.h"

enum kind { K_PARTIAL, K_FULL, K_WRONG, K_OUTSIDE, K_KINDS };
static const char *const kind_name[K_KINDS] = { "partial", "full", "wrong", "outside" };

static uint64_t rng = 0x9e3779b97f4a7c15ull;
static unsigned rnd_below(unsigned n)
{
	rng ^= rng >> 12;
	rng ^= rng << 25;
	rng ^= rng >> 27;
	return (unsigned)((rng * 0x2545f4914f6cdd1dull) >> 33) % n;
}

static void wr16(uint8_t *p, unsigned v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

/* A TCP or UDP frame over IPv4 or IPv6 with a correct checksum; *l4, *ck:
 * offsets of the L4 header and its checksum field, *psum the pseudo-header
 * sum. Returns the length. */
static size_t build(uint8_t *b, const uint8_t dst[6], const uint8_t src[6], int v6, int udp, unsigned pay,
		    unsigned *l4, unsigned *ck, uint64_t *psum)
{
	memcpy(b, dst, 6);
	memcpy(b + 6, src, 6);
	wr16(b + 12, v6 ? 0x86dd : 0x0800);
	unsigned l3 = 14, hl = v6 ? 40 : 20, proto = udp ? 17 : 6, l4h = udp ? 8 : 20;
	for (unsigned i = 0; i < hl; i++)
		b[l3 + i] = (uint8_t)rnd_below(256);
	if (v6) {
		b[l3] = 0x60;
		b[l3 + 6] = (uint8_t)proto;
		b[l3 + 7] = 64;
		wr16(b + l3 + 4, l4h + pay);
	} else {
		b[l3] = 0x45;
		wr16(b + l3 + 2, hl + l4h + pay);
		b[l3 + 6] = 0x40; /* DF */
		b[l3 + 7] = 0;
		b[l3 + 8] = 64;
		b[l3 + 9] = (uint8_t)proto;
		wr16(b + l3 + 10, 0);
		wr16(b + l3 + 10, ~inet_fold16(inet_sum_be(b + l3, 20)) & 0xffff);
	}
	*l4 = l3 + hl;
	for (unsigned i = 0; i < l4h + pay; i++)
		b[*l4 + i] = (uint8_t)rnd_below(256);
	if (udp)
		wr16(b + *l4 + 4, l4h + pay);
	else
		b[*l4 + 12] = 0x50;
	*ck = *l4 + (udp ? 6 : 16);
	*psum = inet_sum_be(b + l3 + (v6 ? 8 : 12), v6 ? 32 : 8) + proto + l4h + pay;
	wr16(b + *ck, 0);
	unsigned c = ~inet_fold16(*psum + inet_sum_be(b + *l4, l4h + pay)) & 0xffff;
	wr16(b + *ck, c ? c : 0xffff);
	return *l4 + l4h + pay;
}

/* The L4 checksum of a frame build() made verifies. */
static int verifies(const uint8_t *b, size_t len, unsigned l4, uint64_t psum)
{
	return inet_fold16(psum + inet_sum_be(b + l4, len - l4)) == 0xffff;
}

static int recv_one(struct port *p, uint8_t *buf, size_t cap, size_t *len, uint8_t *flags, double deadline)
{
	while (now_s() < deadline) {
		int r = svnic_guest_recv_flags(p->g, buf, cap, len, flags);
		if (r != -EAGAIN)
			return r;
		svnic_guest_wait(p->g, 10);
	}
	return -ETIMEDOUT;
}

int main(int argc, char **argv)
{
	static const struct option lo[] = {
		{ "card", required_argument, 0, 'c' }, { "a", required_argument, 0, 'a' },
		{ "b", required_argument, 0, 'b' },    { "frames", required_argument, 0, 'n' },
		{ "timeout", required_argument, 0, 't' }, { "help", no_argument, 0, 'h' },
		{ 0, 0, 0, 0 },
	};
	const char *uri = NULL;
	struct port pa = { 0 }, pb = { 0 };
	unsigned frames = 1000, timeout_s = 120;
	bool have_a = false, have_b = false;
	for (int c; (c = getopt_long(argc, argv, "h", lo, NULL)) != -1;) {
		switch (c) {
		case 'c': uri = optarg; break;
		case 'a': if (port_parse(optarg, &pa, "a")) return 2; have_a = true; break;
		case 'b': if (port_parse(optarg, &pb, "b")) return 2; have_b = true; break;
		case 'n': frames = (unsigned)strtoul(optarg, NULL, 0); break;
		case 't': timeout_s = (unsigned)strtoul(optarg, NULL, 0); break;
		case 'h':
			printf("usage: svnic-csum --a VIF:SOCKET --b VIF:SOCKET [--frames N] [--card URI] "
			       "[--timeout SEC]\n");
			return 0;
		default: return 2;
		}
	}
	if (optind != argc || !have_a || !have_b || frames == 0) {
		fprintf(stderr, "svnic-csum: --a and --b are required, --frames > 0\n");
		return 2;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);

	struct svnic *card;
	struct svnic_err err;
	if (svnic_open(uri, NULL, &card, &err)) {
		fprintf(stderr, "svnic-csum: %s\n", err.msg);
		return 1;
	}
	pa.csum_offload = pb.csum_offload = true;
	if (port_open(card, &pa, SVNIC_GUEST_TX_HDR_INLINE) || port_open(card, &pb, SVNIC_GUEST_TX_HDR_SEPARATE) ||
	    port_wait_running(card, &pa, 10) || port_wait_running(card, &pb, 10))
		return 1;
	uint64_t want_f = SVNIC_VIRTIO_BIT(SVNIC_VIRTIO_NET_F_CSUM) | SVNIC_VIRTIO_BIT(SVNIC_VIRTIO_NET_F_GUEST_CSUM);
	if ((svnic_guest_features(pa.g) & want_f) != want_f || (svnic_guest_features(pb.g) & want_f) != want_f) {
		fprintf(stderr, "svnic-csum: checksum offload not negotiated (features a 0x%" PRIx64 ", b 0x%" PRIx64
				"): does svnicd offer what the card reports?\n",
			svnic_guest_features(pa.g), svnic_guest_features(pb.g));
		return 1;
	}

	static uint8_t f[2048], sent[2048], got[2048];
	unsigned count[2][K_KINDS] = { { 0 } }, bad = 0;
	double deadline = now_s() + timeout_s;
	for (unsigned n = 0; n < frames && !bad; n++) {
		struct port *from = n & 1 ? &pb : &pa, *to = n & 1 ? &pa : &pb;
		unsigned k = rnd_below(10), l4, ck;
		enum kind kind = k < 6 ? K_PARTIAL : k < 7 ? K_FULL : k < 8 ? K_WRONG : K_OUTSIDE;
		uint64_t psum;
		size_t len = build(f, to->mac, from->mac, (int)rnd_below(2), (int)rnd_below(2),
				   rnd_below(4) ? rnd_below(200) : rnd_below(1400), &l4, &ck, &psum);
		memcpy(sent, f, len);
		int r;
		for (;;) {
			if (kind == K_PARTIAL || kind == K_OUTSIDE) {
				wr16(sent + ck, inet_fold16(psum));
				unsigned start = kind == K_PARTIAL ? l4 : (unsigned)len - 1;
				unsigned off = kind == K_PARTIAL ? ck - l4 : rnd_below(64);
				r = svnic_guest_send_csum(from->g, sent, len, (uint16_t)start, (uint16_t)off);
			} else {
				if (kind == K_WRONG)
					sent[l4 + rnd_below((unsigned)(len - l4))] ^= (uint8_t)(1u << rnd_below(8));
				r = svnic_guest_send(from->g, sent, len);
			}
			if (r != -EAGAIN || now_s() > deadline)
				break;
			memcpy(sent, f, len);
			svnic_guest_wait(from->g, 1);
		}
		if (r < 0) {
			fprintf(stderr, "svnic-csum: frame %u: send: %s\n", n, strerror(-r));
			return 1;
		}
		count[from == &pb][kind]++;
		if (kind == K_OUTSIDE)
			continue; /* dropped: whatever arrives next must be the next frame */
		size_t glen;
		uint8_t flags;
		r = recv_one(to, got, sizeof(got), &glen, &flags, deadline);
		const uint8_t *want = kind == K_WRONG ? sent : f;
		int data_valid = (flags & SVNIC_VIRTIO_NET_HDR_F_DATA_VALID) != 0;
		if (r != 0 || glen != len || memcmp(got, want, len) != 0 ||
		    data_valid != (kind != K_WRONG) || verifies(got, glen, l4, psum) != (kind != K_WRONG)) {
			fprintf(stderr, "svnic-csum: frame %u (%s, %zu bytes, %s -> %s): %s\n", n, kind_name[kind], len,
				from->name, to->name,
				r ? strerror(-r) : glen != len ? "wrong length"
				: memcmp(got, want, len) ? "bytes differ"
				: data_valid != (kind != K_WRONG) ? "DATA_VALID wrong" : "checksum does not verify");
			bad++;
		}
	}
	while ((svnic_guest_tx_inflight(pa.g) || svnic_guest_tx_inflight(pb.g)) && now_s() < deadline) {
		svnic_guest_wait(pa.g, 1);
		svnic_guest_wait(pb.g, 1);
	}
	/* Nothing else may arrive: the frames outside their field were dropped. */
	size_t glen;
	uint8_t flags;
	unsigned extra = 0;
	double quiet = now_s() + 0.5;
	while (now_s() < quiet) {
		extra += svnic_guest_recv_flags(pa.g, got, sizeof(got), &glen, &flags) == 0;
		extra += svnic_guest_recv_flags(pb.g, got, sizeof(got), &glen, &flags) == 0;
	}

	struct svnic_vif_info va, vb;
	struct svnic_guest_stats sa, sb;
	if (svnic_vif_query(card, pa.vif, &va, &err) || svnic_vif_query(card, pb.vif, &vb, &err)) {
		fprintf(stderr, "svnic-csum: %s\n", err.msg);
		return 1;
	}
	svnic_guest_get_stats(pa.g, &sa);
	svnic_guest_get_stats(pb.g, &sb);
	uint64_t bad_a = va.tx_csum_bad - pa.base.tx_csum_bad, bad_b = vb.tx_csum_bad - pb.base.tx_csum_bad;
	for (int d = 0; d < 2; d++)
		printf("svnic-csum: %s sent %u partial, %u full, %u wrong, %u outside\n", d ? "b" : "a",
		       count[d][K_PARTIAL], count[d][K_FULL], count[d][K_WRONG], count[d][K_OUTSIDE]);
	printf("svnic-csum: card: tx_csum_bad a %" PRIu64 " b %" PRIu64 ", tx_csum_refused a %" PRIu64 " b %" PRIu64
	       ", rx_drop_full a %" PRIu64 " b %" PRIu64 "; guests: rx_bad %" PRIu64 " / %" PRIu64
	       ", frames after the end %u\n",
	       bad_a, bad_b, va.tx_csum_refused - pa.base.tx_csum_refused, vb.tx_csum_refused - pb.base.tx_csum_refused,
	       va.rx_drop_full - pa.base.rx_drop_full, vb.rx_drop_full - pb.base.rx_drop_full, sa.rx_bad, sb.rx_bad,
	       extra);
	unsigned sent_a = count[0][K_PARTIAL] + count[0][K_FULL] + count[0][K_WRONG];
	unsigned sent_b = count[1][K_PARTIAL] + count[1][K_FULL] + count[1][K_WRONG];
	bool ok = bad == 0 && extra == 0 && bad_a == count[0][K_OUTSIDE] && bad_b == count[1][K_OUTSIDE] &&
		  va.tx_csum_refused == pa.base.tx_csum_refused && vb.tx_csum_refused == pb.base.tx_csum_refused &&
		  va.tx_frames - pa.base.tx_frames == sent_a && vb.tx_frames - pb.base.tx_frames == sent_b &&
		  vb.rx_delivered - pb.base.rx_delivered == sent_a && va.rx_delivered - pa.base.rx_delivered == sent_b &&
		  va.rx_drop_full == pa.base.rx_drop_full && vb.rx_drop_full == pb.base.rx_drop_full &&
		  va.rx_drop_quota == pa.base.rx_drop_quota && vb.rx_drop_quota == pb.base.rx_drop_quota &&
		  sa.rx_bad == 0 && sb.rx_bad == 0 && va.state == SVNIC_VIF_RUNNING && vb.state == SVNIC_VIF_RUNNING;
	printf("svnic-csum: %s\n", ok ? "PASS" : "FAIL");
	svnic_guest_close(pa.g);
	svnic_guest_close(pb.g);
	svnic_close(card);
	return ok ? 0 : 1;
}
