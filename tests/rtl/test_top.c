/* SPDX-License-Identifier: MIT */
/*
 * rtl_top: the verilated svnic_top (default parameters) in a C harness.
 *
 * Agents, all run every clock: AXI-Lite masters for the host and firmware
 * windows, the firmware command source and completion sink, a host memory
 * model (one allowed IOVA window per DMA domain, also stored in the
 * datapath's own window table; anything else is refused per the DMA
 * contract; reads are tagged and completed out of order after random
 * latencies, data address-aligned), an Ethernet RX source and TX sink, and an interrupt
 * sink. Every ready/valid a harness agent drives is randomly throttled.
 * A C model of the switch (forwarding table, per-VIF access VLANs with
 * enable, promiscuous and all-multicast; wire frames on VLAN 0), the shared
 * RX buffer (cells, per-VIF quotas, drops by reason), TX buffer and
 * counters is the reference. The harness programs
 * the table as firmware does, through the FDB_* registers with the bucket
 * hash mirrored in C. Checksum offload: TXBUF_SEND's checksum request is
 * checked against a C reference of the insertion, and the verdict every
 * buffered frame carries (RX_HEAD_META) against a C reference parser and
 * verifier.
 *
 * Usage: rtl_top [seed] [frames]. SVNIC_RTL_FST=path dumps an FST waveform.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "inet_sum.h"
#include "svnic/dmacmd.h"
#include "svnic/regs.h"
#include "top_shim.h"
#include "tb_rng.h"

/* The build under test (tests/rtl/CMakeLists.txt): svnic_top's defaults,
 * or a build of more VIFs (TOP_NV, TOP_QPV, TOP_RXBUF). */
#ifndef TOP_NV
#define TOP_NV 4u
#define TOP_QPV 33u /* svnic_top's default: 16 queue pairs and the control queue */
#define TOP_RXBUF 65536u
#endif
#define NV TOP_NV
#define QPV TOP_QPV
#define NQ (NV * QPV)
#define DBW SVNIC_DB_WORDS(NQ) /* doorbell words */
#define RXBUF_BYTES TOP_RXBUF /* the RX buffer all VIFs share */
#define CELL_BYTES 64u    /* and its cell */
#define CELLS (RXBUF_BYTES / CELL_BYTES)
#define QUOTA (CELLS / NV) /* what firmware gives each VIF: an equal share */
#define FRAMES_MAX (CELLS / NV) /* frames a VIF may hold */
#define TXBUF_BYTES 2048u
#define MAX_FRAME_BYTES 2000u /* the build's frame limit (tests/rtl/CMakeLists.txt) */
#define WIN_SIZE 0x10000u
#define HOST_MEM_SIZE ((NV + 2u) * WIN_SIZE)
#define MAX_FRAME 2048u
#define TIMEOUT_CYCLES 200000u
#define FDB_ENTRIES 256u /* svnic_top's default */
#define FDB_WAYS 4u
#define BCAST 0xffffffffffffull

enum { DROP_NONE, DROP_UNKNOWN, DROP_NOMEMBER, DROP_SRCDIS };

/*
 * Per-VIF blocks: every VIF's at the register map 2.7 bases; the older
 * bases answer for VIFs below 32 too, so odd VIFs there are reached at
 * those. PAST_*: the first block after the last VIF (an error), at the
 * older bases while the VIFs end before them.
 */
#define OLD_BASE(v) ((v) < SVNIC_FW_LEGACY_VIFS && ((v) & 1u))
#define VIF_REG(v, r) (OLD_BASE(v) ? SVNIC_FW_VIF_REG(v, r) : SVNIC_FW_VIFX_REG(v, r))
#define RXB_VIF_REG(v, r) (OLD_BASE(v) ? SVNIC_FW_RXB_VIF_REG(v, r) : SVNIC_FW_RXB_VIFX_REG(v, r))
#define TXS_VIF_REG(v, r) (OLD_BASE(v) ? SVNIC_FW_TXS_VIF_REG(v, r) : SVNIC_FW_TXS_VIFX_REG(v, r))
#define LEG_END (NV < SVNIC_FW_LEGACY_VIFS ? NV : SVNIC_FW_LEGACY_VIFS)
#define PAST_VIF (NV < SVNIC_FW_LEGACY_VIFS ? SVNIC_FW_VIF_REG(NV, 0) : SVNIC_FW_VIFX_REG(NV, 0))
#define PAST_RXB_VIF (NV < SVNIC_FW_LEGACY_VIFS ? SVNIC_FW_RXB_VIF_REG(NV, 0) : SVNIC_FW_RXB_VIFX_REG(NV, 0))
#define PAST_TXS_VIF \
	(NV < SVNIC_FW_LEGACY_VIFS ? SVNIC_FW_TXS_VIF_REG(NV, SVNIC_FW_TXS_VIF_RATE) \
				   : SVNIC_FW_TXS_VIFX_REG(NV, SVNIC_FW_TXS_VIF_RATE))

/* A set of VIFs (any NV). */
#define VSW ((NV + 63u) / 64u)
typedef struct {
	uint64_t w[VSW];
} vset;

static int vs_has(const vset *s, unsigned v) { return (int)(s->w[v / 64u] >> (v % 64u) & 1u); }
static void vs_put(vset *s, unsigned v, int on)
{
	uint64_t b = 1ull << (v % 64u);
	s->w[v / 64u] = on ? s->w[v / 64u] | b : s->w[v / 64u] & ~b;
}
static unsigned vs_count(const vset *s)
{
	unsigned n = 0;
	for (unsigned i = 0; i < VSW; i++)
		n += (unsigned)__builtin_popcountll(s->w[i]);
	return n;
}

/* ------------------------------------------------------------------ util */


static unsigned long n_checks;

static void fail(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fprintf(stderr, "FAIL: ");
	vfprintf(stderr, fmt, ap);
	fprintf(stderr, "\n");
	va_end(ap);
	exit(1);
}

#define CHECK(cond, ...)                                  \
	do {                                              \
		n_checks++;                               \
		if (!(cond))                              \
			fail(__VA_ARGS__);                \
	} while (0)

static unsigned words_of(unsigned len) { return (len + 7u) / 8u; }
static unsigned cells_of(unsigned len) { return (len + CELL_BYTES - 1u) / CELL_BYTES; }

/* ------------------------------------------------------------------ harness */

struct frame {
	uint8_t data[MAX_FRAME];
	unsigned len;
	int tuser;
};

struct axil_agent {
	int rd_pend, ar_done;
	uint32_t rd_addr, rd_data, rd_resp;
	int wr_pend, aw_done, w_done;
	uint32_t wr_addr, wr_data, wr_strb, wr_resp;
};

#define CMDQ 64u
#define CPLQ 64u
#define ETHQ 64u
#define RDQ 32u             /* reads the host model keeps outstanding */
#define DMA_MRRS 512u       /* svnic_top's DMA_MAX_READ_REQ */
#define DMA_MPS 256u        /* svnic_top's DMA_MAX_PAYLOAD */
#define DMA_TAGS 8u         /* svnic_top's DMA_TAGS */
#define IRQLOG 256u

/* A DMA read the host model has taken and not yet answered in full. */
struct host_rd {
	int used, refused;
	unsigned tag, len, beats, pos;
	uint64_t addr, ready_at;
};

static struct {
	void *m;
	struct top_in in;
	struct top_out out;
	uint64_t cycle;
	unsigned stall_pct; /* chance a harness agent idles in a cycle */
	struct axil_agent ax[2];
	/* command source */
	uint64_t cmd_w[CMDQ];
	int cmd_l[CMDQ];
	unsigned cmd_n, cmd_i;
	/* completion sink */
	uint64_t cpl[CPLQ];
	unsigned cpl_n;
	int cpl_done;
	/* DMA reads outstanding (by slot), the one being answered (-1: none) */
	struct host_rd rd[RDQ];
	int rd_cur;
	unsigned long n_rd, n_rd_refused;
	/* DMA write */
	int wr_state; /* 0 idle, 1 data, 2 done */
	uint64_t wr_addr;
	unsigned wr_len, wr_dom, wr_pos;
	uint8_t wr_buf[65536 + 8];
	int wr_fault;
	unsigned long n_wr, n_wr_refused;
	/* Ethernet RX source */
	struct frame *rxq[ETHQ];
	unsigned rxq_h, rxq_n, rx_pos;
	/* Ethernet TX sink */
	struct frame tx_cur;
	struct frame *txq[ETHQ];
	unsigned txq_h, txq_n;
	/* interrupts */
	int irq_enable;
	unsigned irq_log[IRQLOG];
	unsigned irq_n;
} S;

static uint8_t host_mem[HOST_MEM_SIZE];

static uint64_t win_base(unsigned dom) { return (uint64_t)(dom + 1u) * WIN_SIZE; }

static int dma_allowed(unsigned dom, uint64_t addr, unsigned len)
{
	if (dom >= NV || len == 0)
		return 0;
	uint64_t b = win_base(dom);
	return addr >= b && addr + len <= b + WIN_SIZE && addr + len >= addr;
}

static int go(void) { return rnd_below(100) >= S.stall_pct; }

static void step(void)
{
	struct top_in *in = &S.in;
	struct top_out *out = &S.out;

	/* --- drive inputs */
	for (int w = 0; w < 2; w++) {
		struct axil_agent *a = &S.ax[w];
		if (!in->arvalid[w])
			in->arvalid[w] = a->rd_pend && !a->ar_done && go();
		in->araddr[w] = a->rd_addr;
		in->rready[w] = go();
		if (!in->awvalid[w])
			in->awvalid[w] = a->wr_pend && !a->aw_done && go();
		in->awaddr[w] = a->wr_addr;
		if (!in->wvalid[w])
			in->wvalid[w] = a->wr_pend && !a->w_done && go();
		in->wdata[w] = a->wr_data;
		in->wstrb[w] = a->wr_strb;
		in->bready[w] = go();
	}
	if (!in->fwcmd_tvalid && S.cmd_i < S.cmd_n && go()) {
		in->fwcmd_tvalid = 1;
		in->fwcmd_tdata = S.cmd_w[S.cmd_i];
		in->fwcmd_tlast = S.cmd_l[S.cmd_i];
	}
	in->fwcpl_tready = go();
	unsigned rd_busy = 0;
	for (unsigned i = 0; i < RDQ; i++)
		rd_busy += S.rd[i].used;
	in->dma_rd_req_ready = rd_busy < RDQ && go();
	if (!in->dma_rd_tvalid && S.rd_cur < 0 && go()) {
		/* answer any request whose latency is over: out of order */
		unsigned nready = 0;
		for (unsigned i = 0; i < RDQ; i++)
			nready += S.rd[i].used && S.rd[i].ready_at <= S.cycle;
		if (nready) {
			unsigned k = rnd_below(nready);
			for (unsigned i = 0; i < RDQ; i++)
				if (S.rd[i].used && S.rd[i].ready_at <= S.cycle && k-- == 0)
					S.rd_cur = (int)i;
		}
	}
	if (!in->dma_rd_tvalid && S.rd_cur >= 0 && go()) {
		const struct host_rd *r = &S.rd[S.rd_cur];
		in->dma_rd_tvalid = 1;
		in->dma_rd_tid = r->tag;
		if (r->refused) {
			in->dma_rd_tdata = 0;
			in->dma_rd_tuser = 1;
			in->dma_rd_tlast = 1;
		} else {
			/* address-aligned: beat j holds (addr & ~7) + 8j .. + 7 */
			uint64_t wa = (r->addr & ~7ull) + 8ull * r->pos;
			uint64_t d = 0;
			for (unsigned i = 0; i < 8; i++)
				if (wa + i >= r->addr && wa + i < r->addr + r->len)
					d |= (uint64_t)host_mem[wa + i] << (8 * i);
			in->dma_rd_tdata = d;
			in->dma_rd_tuser = 0;
			in->dma_rd_tlast = r->pos + 1 == r->beats;
		}
	}
	in->dma_wr_req_ready = S.wr_state == 0 && go();
	in->dma_wr_tready = S.wr_state == 1 && go();
	if (!in->dma_wr_done_valid && S.wr_state == 2 && go()) {
		in->dma_wr_done_valid = 1;
		in->dma_wr_done_fault = S.wr_fault;
	}
	if (!in->eth_rx_tvalid && S.rxq_n && go()) {
		struct frame *f = S.rxq[S.rxq_h];
		unsigned n = f->len - S.rx_pos < 8 ? f->len - S.rx_pos : 8;
		uint64_t d = 0;
		for (unsigned i = 0; i < n; i++)
			d |= (uint64_t)f->data[S.rx_pos + i] << (8 * i);
		in->eth_rx_tvalid = 1;
		in->eth_rx_tdata = d;
		in->eth_rx_tkeep = (1u << n) - 1u;
		in->eth_rx_tlast = S.rx_pos + n >= f->len;
		in->eth_rx_tuser = in->eth_rx_tlast && f->tuser;
	}
	in->eth_tx_tready = go();
	in->irq_ready = S.irq_enable && go();

	top_comb(S.m, in, out);

	/* --- handshakes */
	for (int w = 0; w < 2; w++) {
		struct axil_agent *a = &S.ax[w];
		if (in->arvalid[w] && out->arready[w]) {
			in->arvalid[w] = 0;
			a->ar_done = 1;
		}
		if (out->rvalid[w] && in->rready[w]) {
			CHECK(a->rd_pend && a->ar_done, "window %d: read data without a read", w);
			a->rd_data = out->rdata[w];
			a->rd_resp = out->rresp[w];
			a->rd_pend = 0;
		}
		if (in->awvalid[w] && out->awready[w]) {
			in->awvalid[w] = 0;
			a->aw_done = 1;
		}
		if (in->wvalid[w] && out->wready[w]) {
			in->wvalid[w] = 0;
			a->w_done = 1;
		}
		if (out->bvalid[w] && in->bready[w]) {
			CHECK(a->wr_pend && a->aw_done && a->w_done, "window %d: write response without a write", w);
			a->wr_resp = out->bresp[w];
			a->wr_pend = 0;
		}
	}
	if (in->fwcmd_tvalid && out->fwcmd_tready) {
		in->fwcmd_tvalid = 0;
		S.cmd_i++;
	}
	if (out->fwcpl_tvalid && in->fwcpl_tready) {
		CHECK(!S.cpl_done && S.cpl_n < CPLQ, "unexpected completion word %016" PRIx64, out->fwcpl_tdata);
		S.cpl[S.cpl_n++] = out->fwcpl_tdata;
		if (out->fwcpl_tlast)
			S.cpl_done = 1;
	}
	if (out->dma_rd_req_valid && in->dma_rd_req_ready) {
		uint64_t a = out->dma_rd_req_addr;
		unsigned len = out->dma_rd_req_len;
		CHECK(len >= 1 && len <= DMA_MRRS && a / DMA_MRRS == (a + len - 1) / DMA_MRRS,
		      "DMA read 0x%" PRIx64 " +%u crosses a %u-byte boundary", a, len, DMA_MRRS);
		CHECK(out->dma_rd_req_tag < DMA_TAGS, "DMA read tag %u", out->dma_rd_req_tag);
		unsigned slot = RDQ;
		for (unsigned i = 0; i < RDQ; i++) {
			CHECK(!S.rd[i].used || S.rd[i].tag != out->dma_rd_req_tag,
			      "DMA read tag %u reused while outstanding", out->dma_rd_req_tag);
			if (!S.rd[i].used && slot == RDQ)
				slot = i;
		}
		S.rd[slot].used = 1;
		S.rd[slot].tag = out->dma_rd_req_tag;
		S.rd[slot].addr = a;
		S.rd[slot].len = len;
		S.rd[slot].pos = 0;
		S.rd[slot].beats = (unsigned)(((a & 7u) + len + 7u) / 8u);
		S.rd[slot].ready_at = S.cycle + rnd_below(40);
		S.rd[slot].refused = !dma_allowed(out->dma_rd_req_domain, a, len);
		S.n_rd++;
		S.n_rd_refused += S.rd[slot].refused;
	}
	if (in->dma_rd_tvalid && out->dma_rd_tready) {
		in->dma_rd_tvalid = 0;
		S.rd[S.rd_cur].pos++;
		if (in->dma_rd_tlast) {
			S.rd[S.rd_cur].used = 0;
			S.rd_cur = -1;
		}
	}
	if (out->dma_wr_req_valid && in->dma_wr_req_ready) {
		S.wr_state = 1;
		S.wr_addr = out->dma_wr_req_addr;
		S.wr_len = out->dma_wr_req_len;
		S.wr_dom = out->dma_wr_req_domain;
		S.wr_pos = 0;
		CHECK(S.wr_len > 0 && S.wr_len <= DMA_MPS &&
			      S.wr_addr / DMA_MPS == (S.wr_addr + S.wr_len - 1) / DMA_MPS,
		      "DMA write 0x%" PRIx64 " +%u: empty or across a %u-byte boundary", S.wr_addr, S.wr_len,
		      DMA_MPS);
		S.n_wr++;
	}
	if (out->dma_wr_tvalid && in->dma_wr_tready) {
		/* address-aligned: beat j holds (addr & ~7) + 8j .. + 7, keep the
		 * request's bytes */
		uint64_t wa = (S.wr_addr & ~7ull) + 8ull * S.wr_pos;
		unsigned beats = (unsigned)(((S.wr_addr & 7u) + S.wr_len + 7u) / 8u);
		int last = S.wr_pos + 1 == beats;
		uint32_t keep = 0;
		for (unsigned i = 0; i < 8; i++)
			if (wa + i >= S.wr_addr && wa + i < S.wr_addr + S.wr_len)
				keep |= 1u << i;
		CHECK(out->dma_wr_tkeep == keep && !out->dma_wr_tlast == !last,
		      "DMA write beat %u of %u at 0x%" PRIx64 " +%u: keep %02x last %d", S.wr_pos, beats,
		      S.wr_addr, S.wr_len, out->dma_wr_tkeep, out->dma_wr_tlast);
		for (unsigned i = 0; i < 8; i++)
			if (keep >> i & 1u)
				S.wr_buf[wa + i - S.wr_addr] = (uint8_t)(out->dma_wr_tdata >> (8 * i));
		S.wr_pos++;
		if (last) {
			S.wr_fault = !dma_allowed(S.wr_dom, S.wr_addr, S.wr_len);
			if (!S.wr_fault)
				memcpy(&host_mem[S.wr_addr], S.wr_buf, S.wr_len);
			S.n_wr_refused += S.wr_fault;
			S.wr_state = 2;
		}
	}
	if (in->dma_wr_done_valid && out->dma_wr_done_ready) {
		in->dma_wr_done_valid = 0;
		S.wr_state = 0;
	}
	if (in->eth_rx_tvalid && out->eth_rx_tready) {
		in->eth_rx_tvalid = 0;
		S.rx_pos += 8;
		if (in->eth_rx_tlast) {
			free(S.rxq[S.rxq_h]);
			S.rxq_h = (S.rxq_h + 1) % ETHQ;
			S.rxq_n--;
			S.rx_pos = 0;
		}
	}
	if (out->eth_tx_tvalid && in->eth_tx_tready) {
		uint32_t k = out->eth_tx_tkeep;
		CHECK(k != 0 && (k & (k + 1)) == 0 && (out->eth_tx_tlast || k == 0xff),
		      "eth tx keep %02x last %d", k, out->eth_tx_tlast);
		for (unsigned i = 0; i < 8 && (k >> i) & 1u; i++) {
			CHECK(S.tx_cur.len < MAX_FRAME, "eth tx frame too long");
			S.tx_cur.data[S.tx_cur.len++] = (uint8_t)(out->eth_tx_tdata >> (8 * i));
		}
		if (out->eth_tx_tlast) {
			CHECK(S.txq_n < ETHQ, "eth tx capture overflow");
			struct frame *f = malloc(sizeof(*f));
			*f = S.tx_cur;
			S.txq[(S.txq_h + S.txq_n) % ETHQ] = f;
			S.txq_n++;
			S.tx_cur.len = 0;
		}
	}
	if (out->irq_valid && in->irq_ready) {
		CHECK(S.irq_n < IRQLOG, "irq log overflow");
		S.irq_log[S.irq_n++] = out->irq_vector;
	}

	top_posedge(S.m);
	S.cycle++;
}

/* ------------------------------------------------------------------ registers */

enum { HOST = 0, FW = 1 };

static uint32_t reg_rd(int w, uint32_t addr, uint32_t *resp)
{
	struct axil_agent *a = &S.ax[w];
	a->rd_pend = 1;
	a->ar_done = 0;
	a->rd_addr = addr;
	uint64_t t0 = S.cycle;
	while (a->rd_pend) {
		step();
		CHECK(S.cycle - t0 < 1000, "register read timeout %d:%04x", w, addr);
	}
	if (resp)
		*resp = a->rd_resp;
	else
		CHECK(a->rd_resp == 0, "read %s %04x: resp %u", w ? "fw" : "host", addr, a->rd_resp);
	return a->rd_data;
}

static void reg_wr(int w, uint32_t addr, uint32_t data, uint32_t *resp)
{
	struct axil_agent *a = &S.ax[w];
	a->wr_pend = 1;
	a->aw_done = 0;
	a->w_done = 0;
	a->wr_addr = addr;
	a->wr_data = data;
	a->wr_strb = 0xf;
	uint64_t t0 = S.cycle;
	while (a->wr_pend) {
		step();
		CHECK(S.cycle - t0 < 1000, "register write timeout %d:%04x", w, addr);
	}
	if (resp)
		*resp = a->wr_resp;
	else
		CHECK(a->wr_resp == 0, "write %s %04x: resp %u", w ? "fw" : "host", addr, a->wr_resp);
}

/* RX_READY word w (bit i: VIF 32 * w + i has a frame); word 0 is also
 * RX_READY, read there every other cycle */
static uint32_t rx_ready_word(unsigned w)
{
	uint32_t off = w == 0 && (S.cycle & 1u) ? SVNIC_FW_RX_READY : SVNIC_FW_RX_READY_WORD + 4u * w;
	return reg_rd(FW, off, NULL);
}

static uint64_t cnt_rd(uint32_t lo_addr)
{
	uint32_t lo = reg_rd(FW, lo_addr, NULL);
	uint32_t hi = reg_rd(FW, lo_addr + 4, NULL);
	return (uint64_t)hi << 32 | lo;
}

/* Store DMA window idx of vif in the datapath's table, as firmware does
 * (size 0 clears it); returns DMAW_STATUS. */
static uint32_t dmaw_set(unsigned vif, unsigned idx, uint64_t base, uint64_t size)
{
	reg_wr(FW, SVNIC_FW_DMAW_BASE_LO, (uint32_t)base, NULL);
	reg_wr(FW, SVNIC_FW_DMAW_BASE_HI, (uint32_t)(base >> 32), NULL);
	reg_wr(FW, SVNIC_FW_DMAW_SIZE_LO, (uint32_t)size, NULL);
	reg_wr(FW, SVNIC_FW_DMAW_SIZE_HI, (uint32_t)(size >> 32), NULL);
	reg_wr(FW, SVNIC_FW_DMAW_WRITE, vif << SVNIC_DMAW_WRITE_VIF_SHIFT | idx, NULL);
	return reg_rd(FW, SVNIC_FW_DMAW_STATUS, NULL);
}

/* ------------------------------------------------------------------ commands */

static void cmd_push(uint64_t w, int last)
{
	CHECK(S.cmd_n < CMDQ, "command too long");
	S.cmd_w[S.cmd_n] = w;
	S.cmd_l[S.cmd_n] = last;
	S.cmd_n++;
}

/* Run the queued command words; returns the completion header. */
static uint64_t cmd_run(void)
{
	uint64_t t0 = S.cycle;
	S.cmd_i = 0;
	S.cpl_n = 0;
	S.cpl_done = 0;
	while (!S.cpl_done) {
		step();
		CHECK(S.cycle - t0 < TIMEOUT_CYCLES, "command timeout (hdr %016" PRIx64 ")", S.cmd_w[0]);
	}
	CHECK(S.cmd_i == S.cmd_n, "completion before all command words were taken (%u of %u)", S.cmd_i,
	      S.cmd_n);
	S.cmd_n = 0;
	S.cmd_i = 0;
	return S.cpl[0];
}

static unsigned tag_ctr;

static unsigned cmd_simple(unsigned op, unsigned vif, unsigned len, unsigned off, int has_iova,
			   uint64_t iova)
{
	unsigned tag = (tag_ctr++) & 0xffffu;
	cmd_push(svnic_dma_hdr(op, vif, len, off, tag), !has_iova);
	if (has_iova)
		cmd_push(iova, 1);
	uint64_t c = cmd_run();
	CHECK(svnic_dma_cpl_op(c) == (op & 0xffu) && svnic_dma_cpl_len(c) == (len & 0xffffu) &&
		      svnic_dma_cpl_tag(c) == tag,
	      "completion %016" PRIx64 " does not echo op %u len %u tag %u", c, op, len, tag);
	CHECK(S.cpl_n == 1 || (op == SVNIC_DMA_OP_HOST_TO_FW && svnic_dma_cpl_status(c) == SVNIC_DMA_ST_OK),
	      "completion of op %u carries %u words", op, S.cpl_n);
	return svnic_dma_cpl_status(c);
}

static unsigned cmd_f2h(unsigned vif, uint64_t iova, const uint8_t *data, unsigned len, int words_delta)
{
	unsigned tag = (tag_ctr++) & 0xffffu;
	int nw = (int)words_of(len) + words_delta;
	cmd_push(svnic_dma_hdr(SVNIC_DMA_OP_FW_TO_HOST, vif, len, 0, tag), 0);
	cmd_push(iova, nw <= 0);
	for (int i = 0; i < nw; i++) {
		uint64_t w = 0;
		for (unsigned b = 0; b < 8; b++) {
			unsigned p = (unsigned)i * 8 + b;
			if (p < len)
				w |= (uint64_t)data[p] << (8 * b);
		}
		cmd_push(w, i == nw - 1);
	}
	uint64_t c = cmd_run();
	CHECK(svnic_dma_cpl_tag(c) == tag && S.cpl_n == 1, "FW_TO_HOST completion %016" PRIx64, c);
	return svnic_dma_cpl_status(c);
}

/* FW_TO_TXBUF: header word, then the inline data (nw words + words_delta). */
static unsigned cmd_f2tx(unsigned vif, unsigned off, const uint8_t *data, unsigned len, int words_delta)
{
	unsigned tag = (tag_ctr++) & 0xffffu;
	int nw = (int)words_of(len) + words_delta;
	cmd_push(svnic_dma_hdr(SVNIC_DMA_OP_FW_TO_TXBUF, vif, len, off, tag), nw <= 0);
	for (int i = 0; i < nw; i++) {
		uint64_t w = 0;
		for (unsigned b = 0; b < 8; b++) {
			unsigned p = (unsigned)i * 8 + b;
			if (p < len)
				w |= (uint64_t)data[p] << (8 * b);
		}
		/* bytes past len carry garbage: the engine must not write them */
		if ((unsigned)i == words_of(len) - 1 && len % 8)
			w |= ~0ull << (8 * (len % 8));
		cmd_push(w, i == nw - 1);
	}
	uint64_t c = cmd_run();
	CHECK(svnic_dma_cpl_tag(c) == tag && S.cpl_n == 1 && svnic_dma_cpl_op(c) == SVNIC_DMA_OP_FW_TO_TXBUF,
	      "FW_TO_TXBUF completion %016" PRIx64, c);
	return svnic_dma_cpl_status(c);
}

/*
 * Run until the datapath has been quiet for long enough that nothing is in
 * flight: a sent frame waits in svnic_csum_tx (store and forward) and then
 * crosses the switch and the RX checksum stage without showing on any port.
 * A frame for k VIFs reaches the RX buffer as k copies, one after the
 * other, so the quiet time grows with the copies a frame since the last
 * settle was made into (quiet_copies, set by the model).
 */
#define QUIET_CYCLES(copies) (((copies) + 1u) * (MAX_FRAME_BYTES / 8u) + 64u)
static unsigned quiet_copies = 1;

static void settle(void)
{
	uint64_t t0 = S.cycle;
	unsigned quiet = 0;
	while (quiet < QUIET_CYCLES(quiet_copies)) {
		step();
		quiet = (S.rxq_n || S.in.eth_rx_tvalid || S.out.eth_tx_tvalid) ? 0 : quiet + 1;
		CHECK(S.cycle - t0 < TIMEOUT_CYCLES, "settle timeout");
	}
	quiet_copies = 1;
}

/* ------------------------------------------------------------------ model */

struct mframe {
	uint8_t *data;
	unsigned len;
	unsigned csum; /* expected RX_HEAD_META checksum verdict */
	unsigned htype; /* expected RSS hash type and hash */
	uint32_t hash;
};

#define MQ 1100u
struct mentry {
	int valid;
	uint64_t mac;
	unsigned vlan, vif;
};

static struct {
	uint64_t mac[NV];
	unsigned vlan[NV];
	int idx[NV]; /* VIF's table entry, -1: none (its bucket was full) */
	vset en, promisc, allmulti;
	struct mentry tbl[FDB_ENTRIES];
	struct mframe q[NV][MQ];
	unsigned qh[NV], qn[NV], used[NV]; /* used: cells held */
	unsigned quota[NV];
	uint64_t rx_frames[NV], rx_bytes[NV], rx_drop[NV], rx_drop_quota[NV], tx_frames[NV], tx_bytes[NV];
	uint64_t wire_rx, wire_novif, wire_nomember, wire_err, wire_tx, srcdis;
	uint8_t txbuf[TXBUF_BYTES];
	struct frame *wireq[ETHQ];
	unsigned wq_h, wq_n;
	unsigned long hairpin, bcast, to_wire, from_wire, vlan_blocked, bucket_full, refused;
	uint64_t csum_refused[NV];
	unsigned long verdicts[3]; /* checked at the head: not checked, OK, bad */
	unsigned long hash_types[7]; /* RSS hash types checked at the head */
} M;

/* ------------------------------------------------------------------ checksum and RSS references */

static unsigned rd16(const uint8_t *p) { return (unsigned)p[0] << 8 | p[1]; }

static void wr16(uint8_t *p, unsigned v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

/* Pseudo-header sum: the IP addresses, the protocol and the L4 length. */
static uint64_t pseudo_sum(const uint8_t *b, unsigned l3, int v6, unsigned proto, unsigned l4_len)
{
	return inet_sum_be(b + l3 + (v6 ? 8u : 12u), v6 ? 32u : 8u) + proto + l4_len;
}

/* The virtio NEEDS_CSUM insertion, in place; 0 if the field is outside. */
static int ref_insert(uint8_t *b, unsigned len, unsigned start, unsigned offset)
{
	if (start + offset + 2 > len)
		return 0;
	unsigned c = ~inet_fold16(inet_sum_be(b + start, len - start)) & 0xffffu;
	wr16(b + start + offset, c ? c : 0xffffu);
	return 1;
}

/*
 * The verdict the card must give a frame (svnic_parser's walk, svnic_csum_rx's
 * rules) for the frames these tests build: up to two tags, IPv4 with
 * options, IPv6 with hop-by-hop / routing / destination options headers,
 * TCP and UDP with their whole minimal header in the frame.
 */
static unsigned ref_rx_verdict(const uint8_t *b, unsigned len)
{
	if (len < 14)
		return SVNIC_RX_CSUM_NOT_CHECKED;
	unsigned p = 12, et = rd16(b + 12);
	if (et == 0x8100 || et == 0x88a8) {
		if (len < 18)
			return SVNIC_RX_CSUM_NOT_CHECKED;
		p = 16;
		et = rd16(b + 16);
		if (et == 0x8100) {
			if (len < 22)
				return SVNIC_RX_CSUM_NOT_CHECKED;
			p = 20;
			et = rd16(b + 20);
		}
	}
	unsigned l3 = p + 2, l4, proto, ip_end;
	int v6 = et == 0x86dd;
	if (et == 0x0800) {
		unsigned ihl = (len > l3 ? b[l3] & 0xfu : 0) * 4u;
		if (len < l3 + 20 || b[l3] >> 4 != 4 || ihl < 20 || len < l3 + ihl)
			return SVNIC_RX_CSUM_NOT_CHECKED;
		if ((b[l3 + 6] & 0x3fu) || b[l3 + 7])
			return SVNIC_RX_CSUM_NOT_CHECKED; /* a fragment */
		proto = b[l3 + 9];
		l4 = l3 + ihl;
		ip_end = l3 + rd16(b + l3 + 2);
	} else if (v6) {
		if (len < l3 + 40 || b[l3] >> 4 != 6)
			return SVNIC_RX_CSUM_NOT_CHECKED;
		proto = b[l3 + 6];
		l4 = l3 + 40;
		for (unsigned n = 0; proto == 0 || proto == 43 || proto == 60; n++) {
			if (n == 4 || len < l4 + 8)
				return SVNIC_RX_CSUM_NOT_CHECKED;
			proto = b[l4];
			l4 += 8u * (b[l4 + 1] + 1u);
		}
		ip_end = l3 + 40 + rd16(b + l3 + 4);
	} else {
		return SVNIC_RX_CSUM_NOT_CHECKED;
	}
	unsigned l4_min = l4 + (proto == 6 ? 20u : 8u);
	if ((proto != 6 && proto != 17) || len < l4_min)
		return SVNIC_RX_CSUM_NOT_CHECKED; /* the parser marks neither TCP nor UDP */
	if (ip_end < l4_min || len < ip_end)
		return SVNIC_RX_CSUM_BAD;
	if (!v6 && proto == 17 && rd16(b + l4 + 6) == 0)
		return SVNIC_RX_CSUM_NOT_CHECKED;
	unsigned l4_len = ip_end - l4;
	uint64_t sum = pseudo_sum(b, l3, v6, proto, l4_len) + inet_sum_be(b + l4, l4_len);
	return inet_fold16(sum) == 0xffffu ? SVNIC_RX_CSUM_OK : SVNIC_RX_CSUM_BAD;
}

/*
 * The bucket hash of svnic_fdb, as firmware mirrors it: CRC-16/CCITT
 * (0x1021, initial 0xffff, no reflection, no final xor) over the 60-bit key
 * {vlan, mac}, most significant bit first, mac byte 0 in bits 7:0.
 */
static unsigned fdb_bucket(uint64_t mac, unsigned vlan)
{
	uint64_t key = ((uint64_t)(vlan & 0xfffu) << 48) | (mac & 0xffffffffffffull);
	uint16_t crc = 0xffff;
	for (int i = 59; i >= 0; i--) {
		unsigned fb = ((crc >> 15) ^ (unsigned)(key >> i)) & 1u;
		crc = (uint16_t)(crc << 1);
		if (fb)
			crc ^= 0x1021;
	}
	return crc % (FDB_ENTRIES / FDB_WAYS);
}

static uint64_t frame_dst(const uint8_t *f)
{
	uint64_t d = 0;
	for (unsigned i = 0; i < 6; i++)
		d |= (uint64_t)f[i] << (8 * i);
	return d;
}

/* svnic_fdb's rules for the members of the frame's VLAN but the sender. */
static void model_classify(uint64_t dst, int src_wire, unsigned src, vset *mask, int *wire, int *drop)
{
	memset(mask, 0, sizeof(*mask));
	*wire = 0;
	*drop = DROP_NONE;
	if (!src_wire && !vs_has(&M.en, src)) {
		*drop = DROP_SRCDIS;
		return;
	}
	unsigned vlan = src_wire ? 0 : M.vlan[src];
	vset member = {{0}}, hit = {{0}}, all = {{0}};
	for (unsigned v = 0; v < NV; v++) {
		if (vs_has(&M.en, v) && M.vlan[v] == vlan && (src_wire || v != src))
			vs_put(&member, v, 1);
		if (vs_has(&M.en, v) && (src_wire || v != src))
			vs_put(&all, v, 1);
	}
	for (unsigned i = 0; i < FDB_ENTRIES; i++)
		if (M.tbl[i].valid && M.tbl[i].mac == dst && M.tbl[i].vlan == vlan)
			vs_put(&hit, M.tbl[i].vif, 1);
	int any_hit = 0, blocked = 0, any = 0;
	for (unsigned i = 0; i < VSW; i++) {
		hit.w[i] &= member.w[i];
		if (dst == BCAST)
			mask->w[i] = member.w[i];
		else if (dst & 1u)
			mask->w[i] = member.w[i] & (M.allmulti.w[i] | M.promisc.w[i] | hit.w[i]);
		else
			mask->w[i] = member.w[i] & (M.promisc.w[i] | hit.w[i]);
		any_hit |= hit.w[i] != 0;
		blocked |= (all.w[i] & ~member.w[i]) != 0;
		any |= mask->w[i] != 0;
	}
	if ((dst & 1u) && blocked)
		M.vlan_blocked++;
	if (!src_wire)
		*wire = (dst & 1u) || !any_hit;
	else if (!any)
		*drop = (dst & 1u) ? DROP_NOMEMBER : DROP_UNKNOWN;
}

/* The key svnic_rss starts with (the RSS verification key). */
static const uint8_t rss_key[40] = {
	0x6d, 0x5a, 0x56, 0xda, 0x25, 0x5b, 0x0e, 0xc2, 0x41, 0x67, 0x25, 0x3d, 0x43, 0xa3,
	0x8f, 0xb0, 0xd0, 0xca, 0x2b, 0xcb, 0xae, 0x7b, 0x30, 0xb4, 0x77, 0xcb, 0x2d, 0xa3,
	0x80, 0x30, 0xf2, 0x0c, 0x6a, 0x42, 0xb7, 0x3b, 0xbe, 0xac, 0x01, 0xfa,
};

/* Toeplitz hash of n input bytes: for every input bit set (most
 * significant first), xor in the 32 key bits starting at that bit. */
static uint32_t toeplitz(const uint8_t *in, unsigned n)
{
	uint32_t r = 0;
	for (unsigned i = 0; i < 8 * n; i++) {
		if (!((in[i / 8] >> (7 - i % 8)) & 1u))
			continue;
		uint32_t w = 0;
		for (unsigned k = 0; k < 32; k++)
			w = w << 1 | ((rss_key[(i + k) / 8] >> (7 - (i + k) % 8)) & 1u);
		r ^= w;
	}
	return r;
}

/*
 * The RSS hash and type the card must store with a frame (svnic_rss's
 * rules over svnic_parser's view), for the frames these tests build, as
 * ref_rx_verdict: addresses of a whole IP header, ports of a whole TCP/UDP
 * header when not a fragment.
 */
static uint32_t ref_rss(const uint8_t *b, unsigned len, unsigned *type)
{
	*type = SVNIC_RX_HASH_NONE;
	if (len < 14)
		return 0;
	unsigned p = 12, et = rd16(b + 12);
	if (et == 0x8100 || et == 0x88a8) {
		if (len < 18)
			return 0;
		p = 16;
		et = rd16(b + 16);
		if (et == 0x8100) {
			if (len < 22)
				return 0;
			p = 20;
			et = rd16(b + 20);
		}
	}
	unsigned l3 = p + 2, l4, proto, alen;
	uint8_t t[36];
	int v6 = et == 0x86dd, frag = 0;
	if (et == 0x0800) {
		unsigned ihl = (len > l3 ? b[l3] & 0xfu : 0) * 4u;
		if (len < l3 + 20 || b[l3] >> 4 != 4 || ihl < 20 || len < l3 + ihl)
			return 0;
		frag = (b[l3 + 6] & 0x3fu) || b[l3 + 7];
		proto = b[l3 + 9];
		l4 = l3 + ihl;
		alen = 8;
		memcpy(t, b + l3 + 12, 8);
	} else if (v6) {
		if (len < l3 + 40 || b[l3] >> 4 != 6)
			return 0;
		proto = b[l3 + 6];
		l4 = l3 + 40;
		alen = 32;
		memcpy(t, b + l3 + 8, 32);
		for (unsigned n = 0; proto == 0 || proto == 43 || proto == 60; n++) {
			if (n == 4 || len < l4 + 8) {
				proto = 0xff; /* the walk stops before L4 */
				break;
			}
			proto = b[l4];
			l4 += 8u * (b[l4 + 1] + 1u);
		}
	} else {
		return 0;
	}
	int l4ok = !frag && ((proto == 6 && len >= l4 + 20) || (proto == 17 && len >= l4 + 8));
	if (l4ok)
		memcpy(t + alen, b + l4, 4);
	*type = v6 ? (l4ok ? (proto == 6 ? SVNIC_RX_HASH_TCP_IPV6 : SVNIC_RX_HASH_UDP_IPV6) : SVNIC_RX_HASH_IPV6)
		   : (l4ok ? (proto == 6 ? SVNIC_RX_HASH_TCP_IPV4 : SVNIC_RX_HASH_UDP_IPV4) : SVNIC_RX_HASH_IPV4);
	return toeplitz(t, alen + (l4ok ? 4u : 0u));
}

static unsigned model_free(void)
{
	unsigned used = 0;
	for (unsigned v = 0; v < NV; v++)
		used += M.used[v];
	return CELLS - used;
}

/* svnic_rx_pktbuf's verdict on a frame for VIF d: 0 admitted, 1 QUOTA, 2
 * FULL. It takes a frame's cells one by one; the first that would put the
 * VIF over its quota drops it for QUOTA, the first that finds no free cell
 * for FULL; a VIF holding FRAMES_MAX frames drops it for QUOTA. Frames count
 * until popped. */
static unsigned model_admit(unsigned d, unsigned len)
{
	unsigned need = cells_of(len), free = model_free();
	unsigned i_quota = M.used[d] >= M.quota[d] ? 1u : M.quota[d] - M.used[d] + 1u;
	unsigned i_full = free + 1u;
	if (need >= i_quota || need >= i_full)
		return i_quota <= i_full ? 1u : 2u;
	if (M.qn[d] >= FRAMES_MAX)
		return 1u;
	CHECK(M.qn[d] < MQ, "model queue overflow");
	return 0;
}

static void model_deliver(const uint8_t *data, unsigned len, int src_wire, unsigned src, int tuser)
{
	unsigned csum = ref_rx_verdict(data, len), htype;
	uint32_t hash = ref_rss(data, len, &htype);
	vset mask;
	int wire, drop;
	if (src_wire) {
		M.wire_rx++;
		M.from_wire++;
		if (tuser || len < 14 || len > MAX_FRAME_BYTES) {
			M.wire_err++;
			return;
		}
	} else {
		M.tx_frames[src]++;
		M.tx_bytes[src] += len;
	}
	model_classify(frame_dst(data), src_wire, src, &mask, &wire, &drop);
	M.wire_novif += drop == DROP_UNKNOWN;
	M.wire_nomember += drop == DROP_NOMEMBER;
	M.srcdis += drop == DROP_SRCDIS;
	unsigned copies = vs_count(&mask);
	if (copies > quiet_copies)
		quiet_copies = copies;
	if (data[0] & 1u)
		M.bcast++;
	else if (!src_wire && copies)
		M.hairpin++;
	for (unsigned d = 0; d < NV; d++) {
		if (!vs_has(&mask, d))
			continue;
		unsigned st = model_admit(d, len);
		if (st == 0) {
			struct mframe *f = &M.q[d][(M.qh[d] + M.qn[d]) % MQ];
			f->data = malloc(len);
			memcpy(f->data, data, len);
			f->len = len;
			f->csum = csum;
			f->htype = htype;
			f->hash = hash;
			M.qn[d]++;
			M.used[d] += cells_of(len);
			M.rx_frames[d]++;
			M.rx_bytes[d] += len;
		} else if (st == 1) {
			M.rx_drop_quota[d]++;
		} else {
			M.rx_drop[d]++;
		}
	}
	if (wire) {
		struct frame *f = malloc(sizeof(*f));
		memcpy(f->data, data, len);
		f->len = len;
		CHECK(M.wq_n < ETHQ, "model wire queue overflow");
		M.wireq[(M.wq_h + M.wq_n) % ETHQ] = f;
		M.wq_n++;
		M.wire_tx++;
		M.to_wire++;
	}
}

static void model_pop(unsigned v)
{
	struct mframe *f = &M.q[v][M.qh[v]];
	M.used[v] -= cells_of(f->len);
	free(f->data);
	M.qh[v] = (M.qh[v] + 1) % MQ;
	M.qn[v]--;
}

/* Compare what reached the wire with what the model sent there. */
static void check_wire(void)
{
	CHECK(S.txq_n == M.wq_n, "wire: %u frames captured, model expects %u", S.txq_n, M.wq_n);
	while (S.txq_n) {
		struct frame *g = S.txq[S.txq_h], *e = M.wireq[M.wq_h];
		CHECK(g->len == e->len && memcmp(g->data, e->data, e->len) == 0,
		      "wire frame differs (len %u, want %u)", g->len, e->len);
		free(g);
		free(e);
		S.txq_h = (S.txq_h + 1) % ETHQ;
		S.txq_n--;
		M.wq_h = (M.wq_h + 1) % ETHQ;
		M.wq_n--;
	}
}

/* The RX buffer once it has cleared itself after reset. */
static void rxb_wait_ready(void)
{
	uint64_t t0 = S.cycle;
	while (reg_rd(FW, SVNIC_FW_RXB_STATUS, NULL) & SVNIC_RXB_STATUS_BUSY)
		CHECK(S.cycle - t0 < 4u * CELLS + 1000u, "RXB_STATUS busy for too long");
}

static void set_quota(unsigned v, unsigned cells)
{
	uint32_t r;
	reg_wr(FW, RXB_VIF_REG(v, SVNIC_FW_RXB_VIF_QUOTA), cells, &r);
	CHECK(r == 0, "QUOTA write refused");
	M.quota[v] = cells > CELLS ? CELLS : cells;
	CHECK(reg_rd(FW, RXB_VIF_REG(v, SVNIC_FW_RXB_VIF_QUOTA), NULL) == M.quota[v], "VIF %u QUOTA %u", v,
	      M.quota[v]);
}

/* FDB_STATUS once it is final (not busy). */
static uint32_t fdb_wait_ready(void)
{
	uint64_t t0 = S.cycle;
	uint32_t st;
	while ((st = reg_rd(FW, SVNIC_FW_FDB_STATUS, NULL)) & SVNIC_FDB_STATUS_BUSY)
		CHECK(S.cycle - t0 < 10000, "FDB_STATUS busy for too long");
	return st;
}

/* Write table entry `idx` through the FDB_* registers; the datapath must
 * refuse it exactly when the key does not hash to the entry's bucket. */
static void tbl_write(unsigned idx, int valid, uint64_t mac, unsigned vlan, unsigned vif)
{
	int refuse = valid && fdb_bucket(mac, vlan) != idx / FDB_WAYS;
	reg_wr(FW, SVNIC_FW_FDB_MAC_LO, (uint32_t)mac, NULL);
	reg_wr(FW, SVNIC_FW_FDB_MAC_HI, (uint32_t)(mac >> 32 & 0xffffu), NULL);
	reg_wr(FW, SVNIC_FW_FDB_ENTRY,
	       (vlan & SVNIC_VIF_ATTR_VLAN_MASK) | vif << SVNIC_FDB_ENTRY_VIF_SHIFT |
		       (valid ? SVNIC_FDB_ENTRY_VALID : 0u),
	       NULL);
	reg_wr(FW, SVNIC_FW_FDB_WRITE, idx, NULL);
	uint32_t st = fdb_wait_ready();
	CHECK(!(st & SVNIC_FDB_STATUS_REFUSED) == !refuse, "FDB write %u (valid %d vlan %u): status %x, refusal %s", idx,
	      valid, vlan, st, refuse ? "expected" : "not expected");
	if (refuse) {
		M.refused++;
		return;
	}
	M.tbl[idx].valid = valid;
	M.tbl[idx].mac = mac;
	M.tbl[idx].vlan = vlan;
	M.tbl[idx].vif = vif;
}

static void set_attr(unsigned v, int enable, unsigned vlan, int promisc, int allmulti)
{
	uint32_t a = vlan | (enable ? SVNIC_VIF_ATTR_ENABLE : 0u) | (promisc ? SVNIC_VIF_ATTR_PROMISC : 0u) |
		     (allmulti ? SVNIC_VIF_ATTR_ALLMULTI : 0u);
	reg_wr(FW, VIF_REG(v, SVNIC_FW_VIF_ATTR), a | 0x0000f000u, NULL); /* reserved bits ignored */
	/* read back at the other base where a VIF has two */
	uint32_t back = v < SVNIC_FW_LEGACY_VIFS && !OLD_BASE(v) ? SVNIC_FW_VIF_REG(v, SVNIC_FW_VIF_ATTR)
								  : SVNIC_FW_VIFX_REG(v, SVNIC_FW_VIF_ATTR);
	CHECK(reg_rd(FW, back, NULL) == a, "VIF %u ATTR read back", v);
	M.vlan[v] = vlan;
	vs_put(&M.en, v, enable);
	vs_put(&M.promisc, v, promisc);
	vs_put(&M.allmulti, v, allmulti);
}

/* Give VIF v the address (mac, vlan) the way firmware does: clear its old
 * entry, take a free way of the key's bucket (none free: the VIF keeps no
 * entry), then the attributes. */
static void set_vif(unsigned v, uint64_t mac, unsigned vlan, int enable, int promisc, int allmulti)
{
	if (M.idx[v] >= 0)
		tbl_write((unsigned)M.idx[v], 0, 0, 0, 0);
	M.idx[v] = -1;
	unsigned b = fdb_bucket(mac, vlan);
	for (unsigned w = 0; w < FDB_WAYS; w++) {
		if (!M.tbl[b * FDB_WAYS + w].valid) {
			M.idx[v] = (int)(b * FDB_WAYS + w);
			tbl_write(b * FDB_WAYS + w, 1, mac, vlan, v);
			break;
		}
	}
	M.bucket_full += M.idx[v] < 0;
	M.mac[v] = mac;
	set_attr(v, enable, vlan, promisc, allmulti);
}

/* ------------------------------------------------------------------ operations */

/* Gather `len` bytes into the TX buffer through HOST_TO_TXBUF in 1..3
 * segments from an unaligned host address of VIF `vif`, then send them. */
/* csum: 0, or TXBUF_SEND's checksum word (svnic_dma_send_csum). */
static void vif_send_csum(unsigned vif, const uint8_t *data, unsigned len, uint64_t csum)
{
	uint64_t base = win_base(vif) + rnd_below(WIN_SIZE - len - 8);
	memcpy(&host_mem[base], data, len);
	unsigned nseg = rnd_range(1, 3), cut[4];
	cut[0] = 0;
	cut[nseg] = len;
	for (unsigned i = 1; i < nseg; i++)
		cut[i] = rnd_range(cut[i - 1], len - 1);
	unsigned order[3] = { 0, 1, 2 };
	for (unsigned i = nseg; i > 1; i--) {
		unsigned j = rnd_below(i), t = order[i - 1];
		order[i - 1] = order[j];
		order[j] = t;
	}
	for (unsigned k = 0; k < nseg; k++) {
		unsigned i = order[k];
		unsigned a = cut[i], n = cut[i + 1] - cut[i];
		if (n == 0)
			continue;
		unsigned st = cmd_simple(SVNIC_DMA_OP_HOST_TO_TXBUF, vif, n, a, 1, base + a);
		CHECK(st == SVNIC_DMA_ST_OK, "HOST_TO_TXBUF off %u len %u: status %u", a, n, st);
		memcpy(&M.txbuf[a], data + a, n);
	}
	unsigned st = cmd_simple(SVNIC_DMA_OP_TXBUF_SEND, vif, len, 0, csum != 0, csum);
	CHECK(st == SVNIC_DMA_ST_OK, "TXBUF_SEND len %u: status %u", len, st);
	/* what leaves: the frame with the checksum inserted, or unchanged */
	uint8_t out[MAX_FRAME];
	memcpy(out, data, len);
	if (csum && !ref_insert(out, len, (unsigned)(csum >> SVNIC_DMA_SEND_CSUM_START_SHIFT) & 0xffffu,
				(unsigned)(csum >> SVNIC_DMA_SEND_CSUM_OFFSET_SHIFT) & 0xffffu))
		M.csum_refused[vif]++;
	model_deliver(out, len, 0, vif, 0);
	settle();
	check_wire();
}

static void vif_send(unsigned vif, const uint8_t *data, unsigned len)
{
	vif_send_csum(vif, data, len, 0);
}

static void wire_inject(const uint8_t *data, unsigned len, int tuser)
{
	CHECK(S.rxq_n < ETHQ, "eth rx queue full");
	struct frame *f = malloc(sizeof(*f));
	memcpy(f->data, data, len);
	f->len = len;
	f->tuser = tuser;
	S.rxq[(S.rxq_h + S.rxq_n) % ETHQ] = f;
	S.rxq_n++;
	model_deliver(data, len, 1, 0, tuser);
}

/*
 * RX_READY once it says which VIFs hold frames, as the model does. A frame
 * shows at the head (RX_HEAD_*) once it has been moved into its VIF's head
 * slot, within a frame time of arriving or of the pop that freed the slot;
 * meanwhile RX_READY may already say so (firmware then keeps polling), and
 * for a few cycles after the last frame went it may still.
 */
static void rx_ready_settles(void)
{
	uint64_t t0 = S.cycle;
	uint32_t want_sum = 0, sum;
	for (unsigned w = 0; w < SVNIC_RX_READY_WORDS(NV); w++) {
		uint32_t want = 0, rdy;
		for (unsigned d = 32u * w; d < NV && d < 32u * w + 32u; d++)
			want |= (uint32_t)(M.qn[d] != 0) << (d % 32u);
		want_sum |= (uint32_t)(want != 0) << w;
		while ((rdy = rx_ready_word(w)) != want)
			CHECK(S.cycle - t0 < 4u * (MAX_FRAME_BYTES / 8u) + 200u, "RX_READY word %u %08x, want %08x", w,
			      rdy, want);
	}
	/* and the summary: a bit per word that has any */
	while ((sum = reg_rd(FW, SVNIC_FW_RX_READY_SUMMARY, NULL)) != want_sum)
		CHECK(S.cycle - t0 < 4u * (MAX_FRAME_BYTES / 8u) + 200u, "RX_READY_SUMMARY %08x, want %08x", sum,
		      want_sum);
}

/* VIF v's head frame, once it is at the head: RX_READY says so first. */
static void wait_head(unsigned v)
{
	uint64_t t0 = S.cycle;
	while (reg_rd(FW, VIF_REG(v, SVNIC_FW_VIF_RX_HEAD_LEN), NULL) == 0) {
		CHECK(rx_ready_word(v / 32u) & SVNIC_RX_READY_BIT(v), "VIF %u holds a frame, RX_READY says none", v);
		CHECK(S.cycle - t0 < 4u * (MAX_FRAME_BYTES / 8u) + 200u, "VIF %u: no frame at the head", v);
	}
}

/* Read VIF v's head frame to host memory in 1..3 unaligned pieces, compare,
 * and pop it. */
static void vif_drain_one(unsigned v)
{
	if (M.qn[v] == 0) {
		CHECK(cmd_simple(SVNIC_DMA_OP_RXBUF_TO_HOST, v, 64, 0, 1, win_base(v)) == SVNIC_DMA_ST_EMPTY,
		      "RXBUF_TO_HOST on empty VIF %u", v);
		CHECK(cmd_simple(SVNIC_DMA_OP_RXBUF_POP, v, 0, 0, 0, 0) == SVNIC_DMA_ST_EMPTY,
		      "RXBUF_POP on empty VIF %u", v);
		return;
	}
	struct mframe *f = &M.q[v][M.qh[v]];
	wait_head(v);
	uint32_t meta = reg_rd(FW, VIF_REG(v, SVNIC_FW_VIF_RX_HEAD_META), NULL);
	CHECK((meta & SVNIC_RX_META_CSUM_MASK) == f->csum &&
		      (meta & SVNIC_RX_META_HASH_TYPE_MASK) >> SVNIC_RX_META_HASH_TYPE_SHIFT == f->htype &&
		      (meta & ~(SVNIC_RX_META_CSUM_MASK | SVNIC_RX_META_HASH_TYPE_MASK)) == 0,
	      "VIF %u RX_HEAD_META %x, want checksum verdict %u, hash type %u (frame of %u bytes)", v, meta, f->csum,
	      f->htype, f->len);
	uint32_t hash = reg_rd(FW, VIF_REG(v, SVNIC_FW_VIF_RX_HEAD_HASH), NULL);
	CHECK(hash == f->hash, "VIF %u RX_HEAD_HASH %08x, want %08x (type %u)", v, hash, f->hash, f->htype);
	M.verdicts[f->csum]++;
	M.hash_types[f->htype]++;
	if (rnd_below(4) == 0) {
		uint32_t hl = reg_rd(FW, VIF_REG(v, SVNIC_FW_VIF_RX_HEAD_LEN), NULL);
		CHECK(hl == f->len, "VIF %u RX_HEAD_LEN %u, want %u", v, hl, f->len);
		rx_ready_settles();
	}
	unsigned nseg = rnd_range(1, 3), cut[4];
	cut[0] = 0;
	cut[nseg] = f->len;
	for (unsigned i = 1; i < nseg; i++)
		cut[i] = rnd_range(cut[i - 1], f->len - 1);
	for (unsigned i = 0; i < nseg; i++) {
		unsigned a = cut[i], n = cut[i + 1] - cut[i];
		if (n == 0)
			continue;
		uint64_t dst = win_base(v) + rnd_below(WIN_SIZE - n - 16);
		memset(&host_mem[dst - 8 < win_base(v) ? dst : dst - 8], 0xa5, n + 16 > WIN_SIZE ? n : n + 8);
		uint8_t before = host_mem[dst + n];
		unsigned st = cmd_simple(SVNIC_DMA_OP_RXBUF_TO_HOST, v, n, a, 1, dst);
		CHECK(st == SVNIC_DMA_ST_OK, "RXBUF_TO_HOST VIF %u off %u len %u: status %u", v, a, n, st);
		CHECK(memcmp(&host_mem[dst], f->data + a, n) == 0, "RXBUF_TO_HOST VIF %u off %u len %u: data differs",
		      v, a, n);
		CHECK(host_mem[dst + n] == before, "RXBUF_TO_HOST wrote past the end");
	}
	CHECK(cmd_simple(SVNIC_DMA_OP_RXBUF_POP, v, 0, 0, 0, 0) == SVNIC_DMA_ST_OK, "RXBUF_POP VIF %u", v);
	model_pop(v);
}

static void check_counters(void)
{
	for (unsigned v = 0; v < NV; v++) {
		uint64_t rxf = cnt_rd(VIF_REG(v, SVNIC_FW_VIF_RX_FRAMES_LO));
		CHECK(rxf == M.rx_frames[v], "VIF %u RX_FRAMES %" PRIu64 ", want %" PRIu64, v, rxf, M.rx_frames[v]);
		CHECK(cnt_rd(VIF_REG(v, SVNIC_FW_VIF_RX_BYTES_LO)) == M.rx_bytes[v], "VIF %u RX_BYTES", v);
		CHECK(cnt_rd(VIF_REG(v, SVNIC_FW_VIF_RX_DROP_FULL_LO)) == M.rx_drop[v],
		      "VIF %u RX_DROP_FULL %" PRIu64 " want %" PRIu64, v,
		      cnt_rd(VIF_REG(v, SVNIC_FW_VIF_RX_DROP_FULL_LO)), M.rx_drop[v]);
		uint64_t dq = cnt_rd(RXB_VIF_REG(v, SVNIC_FW_RXB_VIF_DROP_QUOTA_LO));
		CHECK(dq == M.rx_drop_quota[v], "VIF %u RXB DROP_QUOTA %" PRIu64 " want %" PRIu64, v, dq,
		      M.rx_drop_quota[v]);
		/* the switch aborts longer frames before the buffer sees them */
		CHECK(cnt_rd(RXB_VIF_REG(v, SVNIC_FW_RXB_VIF_DROP_TOOLONG_LO)) == 0, "VIF %u DROP_TOOLONG", v);
		uint32_t cells = reg_rd(FW, RXB_VIF_REG(v, SVNIC_FW_RXB_VIF_CELLS), NULL);
		uint32_t frames = reg_rd(FW, RXB_VIF_REG(v, SVNIC_FW_RXB_VIF_FRAMES), NULL);
		CHECK(cells == M.used[v] && frames == M.qn[v], "VIF %u holds %u cells, %u frames; want %u, %u", v,
		      cells, frames, M.used[v], M.qn[v]);
		CHECK(reg_rd(FW, RXB_VIF_REG(v, SVNIC_FW_RXB_VIF_QUOTA), NULL) == M.quota[v], "VIF %u QUOTA", v);
		CHECK(cnt_rd(VIF_REG(v, SVNIC_FW_VIF_TX_FRAMES_LO)) == M.tx_frames[v], "VIF %u TX_FRAMES", v);
		CHECK(cnt_rd(VIF_REG(v, SVNIC_FW_VIF_TX_BYTES_LO)) == M.tx_bytes[v], "VIF %u TX_BYTES", v);
		CHECK(cnt_rd(VIF_REG(v, SVNIC_FW_VIF_TX_CSUM_REFUSED_LO)) == M.csum_refused[v],
		      "VIF %u TX_CSUM_REFUSED", v);
	}
	CHECK(cnt_rd(SVNIC_FW_WIRE_RX_FRAMES_LO) == M.wire_rx, "WIRE_RX_FRAMES");
	CHECK(cnt_rd(SVNIC_FW_WIRE_RX_DROP_NOVIF_LO) == M.wire_novif, "WIRE_RX_DROP_NOVIF");
	CHECK(cnt_rd(SVNIC_FW_WIRE_RX_DROP_ERR_LO) == M.wire_err, "WIRE_RX_DROP_ERR");
	CHECK(cnt_rd(SVNIC_FW_WIRE_TX_FRAMES_LO) == M.wire_tx, "WIRE_TX_FRAMES");
	CHECK(cnt_rd(SVNIC_FW_WIRE_RX_DROP_NOMEMBER_LO) == M.wire_nomember, "WIRE_RX_DROP_NOMEMBER");
	CHECK(cnt_rd(SVNIC_FW_TX_DROP_SRCDIS_LO) == M.srcdis, "TX_DROP_SRCDIS");
	uint32_t free = reg_rd(FW, SVNIC_FW_RXB_FREE_CELLS, NULL);
	CHECK(free == model_free(), "RXB_FREE_CELLS %u, want %u", free, model_free());
}

/* Send the TX buffer, as far as the frame limit allows, to the wire and
 * compare with the model: proves a failed command left it untouched. */
static void check_txbuf(void)
{
	/* destination: an unknown unicast address, so the frame goes to the wire */
	static const uint8_t unk[6] = { 0x02, 0xee, 0xee, 0xee, 0xee, 0x01 };
	if (memcmp(M.txbuf, unk, 6) != 0) {
		uint64_t base = win_base(0);
		memcpy(&host_mem[base], unk, 6);
		CHECK(cmd_simple(SVNIC_DMA_OP_HOST_TO_TXBUF, 0, 6, 0, 1, base) == SVNIC_DMA_ST_OK, "txbuf dst");
		memcpy(M.txbuf, unk, 6);
	}
	CHECK(cmd_simple(SVNIC_DMA_OP_TXBUF_SEND, 0, MAX_FRAME_BYTES, 0, 0, 0) == SVNIC_DMA_ST_OK, "full send");
	model_deliver(M.txbuf, MAX_FRAME_BYTES, 0, 0, 0);
	settle();
	check_wire();
}

/* ------------------------------------------------------------------ tests */

static void test_ident(void)
{
	for (int w = 0; w < 2; w++) {
		CHECK(reg_rd(w, SVNIC_HOST_ID, NULL) == SVNIC_ID_MAGIC, "ID");
		CHECK(reg_rd(w, SVNIC_HOST_VERSION, NULL) == SVNIC_REGMAP_VERSION, "VERSION");
		CHECK(reg_rd(w, SVNIC_HOST_NUM_VIFS, NULL) == NV, "NUM_VIFS");
		CHECK(reg_rd(w, SVNIC_HOST_QUEUES_PER_VIF, NULL) == QPV, "QUEUES_PER_VIF");
	}
	/* The build registers: what this build is, the same in both windows,
	 * read-only (a write is ignored, without an error). */
	static const struct {
		uint32_t host, fw, val;
		const char *name;
	} build[] = {
		{ SVNIC_HOST_DATA_WIDTH, SVNIC_FW_DATA_WIDTH, 64u, "DATA_WIDTH" },
		{ SVNIC_HOST_TXBUF_BYTES, SVNIC_FW_TXBUF_BYTES, TXBUF_BYTES, "TXBUF_BYTES" },
		{ SVNIC_HOST_RXBUF_BYTES, SVNIC_FW_RXBUF_BYTES, RXBUF_BYTES, "RXBUF_BYTES" },
		{ SVNIC_HOST_MAX_FRAME, SVNIC_FW_MAX_FRAME, MAX_FRAME_BYTES, "MAX_FRAME" },
		{ SVNIC_HOST_FDB_GEOMETRY, SVNIC_FW_FDB_GEOMETRY, FDB_WAYS << 24 | FDB_ENTRIES, "FDB_GEOMETRY" },
	};
	uint32_t r;
	for (unsigned i = 0; i < sizeof(build) / sizeof(build[0]); i++) {
		for (int w = 0; w < 2; w++) {
			uint32_t off = w == HOST ? build[i].host : build[i].fw;
			CHECK(reg_rd(w, off, &r) == build[i].val && r == 0, "%s window %d", build[i].name, w);
			reg_wr(w, off, 0x12345678u, &r);
			CHECK(r == 0, "%s window %d: write refused", build[i].name, w);
			CHECK(reg_rd(w, off, NULL) == build[i].val, "%s window %d: changed by a write", build[i].name, w);
		}
	}
	/* the shared RX buffer's geometry, and its per-VIF blocks end with the VIFs */
	CHECK(reg_rd(FW, SVNIC_FW_RXB_CELL_BYTES, &r) == CELL_BYTES && r == 0, "RXB_CELL_BYTES");
	CHECK(reg_rd(FW, SVNIC_FW_RXB_CELLS, &r) == CELLS && r == 0, "RXB_CELLS");
	CHECK(reg_rd(FW, SVNIC_FW_RXB_FRAMES_MAX, &r) == FRAMES_MAX && r == 0, "RXB_FRAMES_MAX");
	CHECK(reg_rd(FW, SVNIC_FW_RXB_STATUS, &r) == 0 && r == 0, "RXB_STATUS");
	CHECK(reg_rd(FW, PAST_RXB_VIF, &r) == 0 && r == 2, "fw read past the last VIF's RXB block");
	reg_wr(FW, PAST_RXB_VIF, 1, &r);
	CHECK(r == 2, "fw write past the last VIF's RXB block");
	CHECK(reg_rd(FW, SVNIC_FW_RXB_VIFX_REG(NV, 0), &r) == 0 && r == 2, "fw read past the last VIF's RXB block (2.7)");
	reg_wr(FW, SVNIC_FW_RXB_VIFX_REG(NV, 0), 1, &r);
	CHECK(r == 2, "fw write past the last VIF's RXB block (2.7)");
	CHECK(reg_rd(HOST, 0x003c, &r) == 0 && r == 2, "host unmapped read");
	reg_wr(HOST, 0x003c, 1, &r);
	CHECK(r == 2, "host unmapped write");
	reg_wr(HOST, SVNIC_HOST_DOORBELL(NV - 1, QPV, QPV), 1, &r);
	CHECK(r == 2, "doorbell past the last queue");
	CHECK(reg_rd(HOST, 0x4000, &r) == 0 && r == 2, "host unmapped read 2");
	CHECK(reg_rd(FW, PAST_VIF, &r) == 0 && r == 2, "fw read past the last VIF");
	/* the older per-VIF bases answer VIFs 0..31 only: the TX scheduler's
	 * next word is unmapped */
	if (NV > SVNIC_FW_LEGACY_VIFS) {
		reg_wr(FW, SVNIC_FW_TXS_VIF_REG(SVNIC_FW_LEGACY_VIFS, SVNIC_FW_TXS_VIF_QUANTUM), 1, &r);
		CHECK(r == 2, "TXS block of VIF 32 at the older base");
	}
	/* RX_READY in words of 32 VIFs, RX_READY word 0; nothing is buffered
	 * yet */
	for (unsigned w = 0; w < SVNIC_RX_READY_WORDS(NV); w++)
		CHECK(reg_rd(FW, SVNIC_FW_RX_READY_WORD + 4u * w, &r) == 0 && r == 0, "RX_READY_WORD %u", w);
	CHECK(reg_rd(FW, SVNIC_FW_RX_READY_WORD + 4u * SVNIC_RX_READY_WORDS(NV), &r) == 0 && r == 2,
	      "RX_READY_WORD past the last");
	CHECK(reg_rd(FW, SVNIC_FW_RX_READY_SUMMARY, &r) == 0 && r == 0, "RX_READY_SUMMARY");
	CHECK(reg_rd(FW, VIF_REG(0, SVNIC_FW_VIF_RX_HEAD_HASH), &r) == 0 && r == 0, "empty VIF's hash");
	reg_wr(FW, 0x0038, 1, &r);
	CHECK(r == 2, "fw unmapped write");
	printf("  ident/unmapped ok\n");
}

static void test_mailbox(void)
{
	CHECK(reg_rd(HOST, SVNIC_HOST_MBOX_LOCK, NULL) == 1, "lock free");
	CHECK(reg_rd(HOST, SVNIC_HOST_MBOX_LOCK, NULL) == 0, "lock held");
	CHECK(reg_rd(HOST, SVNIC_HOST_MBOX_STATUS, NULL) == 0, "status idle");
	for (unsigned i = 0; i < SVNIC_MBOX_WORDS; i++)
		reg_wr(HOST, SVNIC_HOST_MBOX_CMD + 4 * i, 0xc0de0000u + i * 0x1111u, NULL);
	CHECK(reg_rd(FW, SVNIC_FW_MBOX_PENDING, NULL) == 0, "no pending yet");
	reg_wr(HOST, SVNIC_HOST_MBOX_DOORBELL, 1, NULL);
	CHECK(reg_rd(HOST, SVNIC_HOST_MBOX_STATUS, NULL) == SVNIC_MBOX_STATUS_BUSY, "status busy");
	CHECK(reg_rd(FW, SVNIC_FW_MBOX_PENDING, NULL) == 1, "pending");
	for (unsigned i = 0; i < SVNIC_MBOX_WORDS; i++) {
		CHECK(reg_rd(FW, SVNIC_FW_MBOX_CMD + 4 * i, NULL) == 0xc0de0000u + i * 0x1111u, "fw cmd word %u", i);
		CHECK(reg_rd(HOST, SVNIC_HOST_MBOX_CMD + 4 * i, NULL) == 0xc0de0000u + i * 0x1111u, "host cmd word %u", i);
		reg_wr(FW, SVNIC_FW_MBOX_RSP + 4 * i, 0x5e5e0000u ^ (i * 77u), NULL);
	}
	reg_wr(FW, SVNIC_FW_MBOX_PENDING, 0, NULL);
	CHECK(reg_rd(FW, SVNIC_FW_MBOX_PENDING, NULL) == 1, "write 0 keeps pending");
	reg_wr(FW, SVNIC_FW_MBOX_PENDING, 1, NULL);
	CHECK(reg_rd(FW, SVNIC_FW_MBOX_PENDING, NULL) == 0, "pending cleared");
	CHECK(reg_rd(HOST, SVNIC_HOST_MBOX_STATUS, NULL) == SVNIC_MBOX_STATUS_DONE, "status done");
	for (unsigned i = 0; i < SVNIC_MBOX_WORDS; i++) {
		CHECK(reg_rd(HOST, SVNIC_HOST_MBOX_RSP + 4 * i, NULL) == (0x5e5e0000u ^ (i * 77u)), "rsp word %u", i);
		CHECK(reg_rd(FW, SVNIC_FW_MBOX_RSP + 4 * i, NULL) == (0x5e5e0000u ^ (i * 77u)), "fw rsp word %u", i);
	}
	reg_wr(HOST, SVNIC_HOST_MBOX_LOCK, 0, NULL);
	CHECK(reg_rd(HOST, SVNIC_HOST_MBOX_LOCK, NULL) == 1, "lock retaken");
	reg_wr(HOST, SVNIC_HOST_MBOX_LOCK, 0, NULL);
	printf("  mailbox ok\n");
}

/* Every DB_WORD word read at once; the summary read first must name
 * exactly the words that have bits. */
static void db_read_all(uint32_t *words)
{
	uint32_t sum = reg_rd(FW, SVNIC_FW_DB_SUMMARY, NULL);
	for (unsigned w = 0; w < DBW; w++) {
		words[w] = reg_rd(FW, SVNIC_FW_DB_WORD + 4u * w, NULL);
		CHECK(((sum >> w) & 1u) == (words[w] != 0), "DB_SUMMARY bit %u: %08x, word %08x", w, sum,
		      words[w]);
	}
	CHECK((sum >> DBW) == 0, "DB_SUMMARY beyond the words: %08x", sum);
}

static void test_doorbells(void)
{
	uint32_t words[DBW];
	uint32_t r;
	db_read_all(words);
	for (unsigned w = 0; w < DBW; w++)
		CHECK(words[w] == 0, "DB_WORD %u clear", w);
	CHECK(reg_rd(FW, SVNIC_FW_DB_WORD + 4u * DBW, &r) == 0 && r == 2, "DB_WORD past the last");
	for (unsigned q = 0; q < NQ; q += 3)
		reg_wr(HOST, SVNIC_HOST_DOORBELL(q / QPV, q % QPV, QPV), 1, NULL);
	db_read_all(words);
	for (unsigned w = 0; w < DBW; w++) {
		uint32_t want = 0;
		for (unsigned q = 0; q < NQ; q += 3)
			if (q / 32u == w)
				want |= SVNIC_DB_BIT(q);
		CHECK(words[w] == want, "DB_WORD %u bits %08x, want %08x", w, words[w], want);
	}
	db_read_all(words);
	for (unsigned w = 0; w < DBW; w++)
		CHECK(words[w] == 0, "DB_WORD %u cleared by read", w);
	/* DB_PENDING is word 0; reading one word leaves the others */
	reg_wr(HOST, SVNIC_HOST_DOORBELL(0, 1, QPV), 1, NULL);
	reg_wr(HOST, SVNIC_HOST_DOORBELL(NV - 1, QPV - 1, QPV), 1, NULL);
	CHECK(reg_rd(FW, SVNIC_FW_DB_PENDING, NULL) == 2u, "DB_PENDING is word 0");
	CHECK(reg_rd(FW, SVNIC_FW_DB_SUMMARY, NULL) == 1u << ((NQ - 1) / 32u), "summary: the last word");
	CHECK(reg_rd(FW, SVNIC_FW_DB_WORD_OF(NQ - 1), NULL) == SVNIC_DB_BIT(NQ - 1), "last queue's bit");
	CHECK(reg_rd(FW, SVNIC_FW_DB_SUMMARY, NULL) == 0, "summary clear");
	/* a doorbell racing with the read-and-clear of its word is never lost */
	unsigned races = 0;
	for (unsigned delay = 0; delay < 8; delay++) {
		for (unsigned rep = 0; rep < 8; rep++) {
			unsigned q = (delay * 37u + rep * 11u) % NQ;
			struct axil_agent *h = &S.ax[HOST], *f = &S.ax[FW];
			h->wr_pend = 1;
			h->aw_done = h->w_done = 0;
			h->wr_addr = SVNIC_HOST_DOORBELL(q / QPV, q % QPV, QPV);
			h->wr_data = 1;
			h->wr_strb = 0xf;
			for (unsigned i = 0; i < delay; i++)
				step();
			f->rd_pend = 1;
			f->ar_done = 0;
			f->rd_addr = SVNIC_FW_DB_WORD_OF(q);
			while (h->wr_pend || f->rd_pend)
				step();
			uint32_t r1 = f->rd_data;
			uint32_t r2 = reg_rd(FW, SVNIC_FW_DB_WORD_OF(q), NULL);
			CHECK((r1 | r2) == SVNIC_DB_BIT(q) && (r1 & r2) == 0,
			      "doorbell race q %u: %08x then %08x", q, r1, r2);
			races += r1 != 0 && delay > 0;
		}
	}
	printf("  doorbells ok (%u queues in %u words, %u races won by the read)\n", NQ, DBW, races);
}

/* Cycles for the vector table to scan every vector once and send what it
 * holds, with the random output stalls: held vectors leave in scan order. */
#define IRQ_SCAN_CYCLES (3u * (NQ + NV) + 50u)

static void test_irq(void)
{
	S.irq_enable = 0;
	S.irq_n = 0;
	for (int i = 0; i < 5; i++)
		reg_wr(FW, SVNIC_FW_IRQ_RAISE, 3, NULL);
	reg_wr(FW, SVNIC_FW_IRQ_RAISE, NQ + NV, NULL); /* out of range: ignored */
	reg_wr(FW, SVNIC_FW_IRQ_RAISE, 0xffffffffu, NULL);
	for (int i = 0; i < 20; i++)
		step();
	CHECK(S.irq_n == 0, "irq sent while not ready");
	S.irq_enable = 1;
	for (unsigned i = 0; i < IRQ_SCAN_CYCLES; i++)
		step();
	CHECK(S.irq_n == 1 && S.irq_log[0] == 3, "coalesced irq: %u messages, first %u", S.irq_n, S.irq_log[0]);
	S.irq_enable = 0;
	S.irq_n = 0;
	reg_wr(FW, SVNIC_FW_IRQ_RAISE, 2, NULL);
	reg_wr(FW, SVNIC_FW_IRQ_RAISE, 5, NULL);
	reg_wr(FW, SVNIC_FW_IRQ_RAISE, 1, NULL);
	reg_wr(FW, SVNIC_FW_IRQ_RAISE, 5, NULL);
	reg_wr(FW, SVNIC_FW_IRQ_RAISE, 7, NULL);
	S.irq_enable = 1;
	for (unsigned i = 0; i < 2u * IRQ_SCAN_CYCLES; i++)
		step();
	/* the first (2) waited in the output register; the others, held
	 * meanwhile, leave in the table's scan order, one message each */
	CHECK(S.irq_n == 4, "irq count %u", S.irq_n);
	unsigned seen = 0;
	for (unsigned i = 1; i < S.irq_n && i < 4; i++)
		seen |= 1u << S.irq_log[i];
	CHECK(S.irq_log[0] == 2 && seen == (1u << 1 | 1u << 5 | 1u << 7),
	      "irq order %u %u %u %u", S.irq_log[0], S.irq_log[1], S.irq_log[2], S.irq_log[3]);
	/* raise while sending continuously: every raise after acceptance is a new message */
	S.irq_n = 0;
	unsigned sent = 0;
	for (int i = 0; i < 20; i++) {
		reg_wr(FW, SVNIC_FW_IRQ_RAISE, (unsigned)i % NQ, NULL);
		for (unsigned k = 0; k < IRQ_SCAN_CYCLES; k++)
			step();
		sent++;
	}
	CHECK(S.irq_n == sent, "irq one per spaced raise: %u of %u", S.irq_n, sent);
	for (unsigned i = 0; i < sent; i++)
		CHECK(S.irq_log[i] == i % NQ, "irq %u vector %u", i, S.irq_log[i]);
	printf("  irq ok\n");
}

static unsigned irq_pending(unsigned v)
{
	return (reg_rd(HOST, SVNIC_HOST_IRQ_PBA + 4u * (v / 32u), NULL) >> (v % 32u)) & 1u;
}

/* Run `cycles` more, then count the messages of each vector logged since
 * S.irq_n was last cleared. */
static void irq_collect(unsigned cycles, unsigned *count, unsigned nvec)
{
	for (unsigned i = 0; i < cycles; i++)
		step();
	memset(count, 0, nvec * sizeof(*count));
	for (unsigned i = 0; i < S.irq_n; i++) {
		CHECK(S.irq_log[i] < nvec, "message for vector %u of %u", S.irq_log[i], nvec);
		if (S.irq_log[i] < nvec)
			count[S.irq_log[i]]++;
	}
}

/* The vector table in the host window: configuration-change vectors (a
 * VIF put into NEEDS_RESET), mask and pending bits, moderation. */
static void test_irq_table(void)
{
	const unsigned nvec = NQ + NV;
	unsigned count[NQ + NV];
	uint32_t r;

	S.irq_enable = 1;
	CHECK(reg_rd(HOST, SVNIC_HOST_IRQ_VECTORS, NULL) == nvec, "IRQ_VECTORS");
	CHECK(reg_rd(HOST, SVNIC_HOST_IRQ_STATUS, NULL) == 0, "IRQ_STATUS busy after start");
	CHECK(SVNIC_IRQ_CONFIG_VECTOR(NV, QPV, 0) == NQ, "config vectors follow the queue vectors");

	/* VIF 2's configuration vector (what the firmware raises on
	 * NEEDS_RESET) arrives; the queue vectors of the other VIFs raised
	 * around it arrive as they are, once each */
	unsigned cfg2 = SVNIC_IRQ_CONFIG_VECTOR(NV, QPV, 2);
	S.irq_n = 0;
	reg_wr(FW, SVNIC_FW_IRQ_RAISE, 0 * QPV + 0, NULL);
	reg_wr(FW, SVNIC_FW_IRQ_RAISE, cfg2, NULL);
	reg_wr(FW, SVNIC_FW_IRQ_RAISE, 1 * QPV + 1, NULL);
	reg_wr(FW, SVNIC_FW_IRQ_RAISE, 3 * QPV + 0, NULL);
	irq_collect(100, count, nvec);
	for (unsigned v = 0; v < nvec; v++) {
		unsigned want = v == cfg2 || v == 0 || v == QPV + 1 || v == 3 * QPV ? 1 : 0;
		CHECK(count[v] == want, "config vector test: vector %u sent %u times, want %u", v, count[v], want);
	}

	/* masked: the raise is pending, other VIFs' vectors go on; unmasking
	 * sends it once */
	unsigned cfg1 = SVNIC_IRQ_CONFIG_VECTOR(NV, QPV, 1);
	reg_wr(HOST, SVNIC_HOST_IRQ_ENTRY(cfg1, SVNIC_IRQ_ENTRY_CTRL), SVNIC_IRQ_CTRL_MASK, NULL);
	CHECK(reg_rd(HOST, SVNIC_HOST_IRQ_ENTRY(cfg1, SVNIC_IRQ_ENTRY_CTRL), NULL) == 1, "mask reads back");
	S.irq_n = 0;
	reg_wr(FW, SVNIC_FW_IRQ_RAISE, cfg1, NULL);
	reg_wr(FW, SVNIC_FW_IRQ_RAISE, 2 * QPV, NULL);
	irq_collect(100, count, nvec);
	CHECK(count[cfg1] == 0 && count[2 * QPV] == 1 && S.irq_n == 1, "masked: %u messages", S.irq_n);
	CHECK(irq_pending(cfg1) == 1, "pending bit of masked config vector");
	CHECK(irq_pending(2 * QPV) == 0, "pending bit of a sent vector");
	S.irq_n = 0;
	reg_wr(HOST, SVNIC_HOST_IRQ_ENTRY(cfg1, SVNIC_IRQ_ENTRY_CTRL), 0, NULL);
	irq_collect(100, count, nvec);
	CHECK(count[cfg1] == 1 && S.irq_n == 1, "unmask: %u messages", S.irq_n);
	CHECK(irq_pending(cfg1) == 0, "pending bit after unmask");

	/* moderation: max_frames 3 on queue vector 5 */
	reg_wr(HOST, SVNIC_HOST_IRQ_ENTRY(5, SVNIC_IRQ_ENTRY_MOD_FRAMES), 3, NULL);
	CHECK(reg_rd(HOST, SVNIC_HOST_IRQ_ENTRY(5, SVNIC_IRQ_ENTRY_MOD_FRAMES), NULL) == 3, "MOD_FRAMES");
	S.irq_n = 0;
	reg_wr(FW, SVNIC_FW_IRQ_RAISE, 5, NULL);
	reg_wr(FW, SVNIC_FW_IRQ_RAISE, 5, NULL);
	irq_collect(200, count, nvec);
	CHECK(S.irq_n == 0, "max_frames 3: two raises sent %u", S.irq_n);
	S.irq_n = 0;
	reg_wr(FW, SVNIC_FW_IRQ_RAISE, 5, NULL);
	irq_collect(50, count, nvec);
	CHECK(count[5] == 1 && S.irq_n == 1, "max_frames 3: third raise sent %u", S.irq_n);
	/* max_usecs 2 on vector 6: one message, 1..2 us after the raise */
	reg_wr(HOST, SVNIC_HOST_IRQ_ENTRY(6, SVNIC_IRQ_ENTRY_MOD_USECS), 2, NULL);
	S.irq_n = 0;
	uint64_t c0 = S.cycle;
	reg_wr(FW, SVNIC_FW_IRQ_RAISE, 6, NULL);
	reg_wr(FW, SVNIC_FW_IRQ_RAISE, 6, NULL);
	uint64_t c1 = 0;
	/* up to 2 us and a scan of the table, then some */
	while (S.cycle - c0 < 3u * (SVNIC_CLOCK_HZ / 1000000u) + nvec) {
		step();
		if (S.irq_n && !c1)
			c1 = S.cycle;
	}
	CHECK(S.irq_n == 1 && S.irq_log[0] == 6, "max_usecs 2: %u messages", S.irq_n);
	CHECK(c1 - c0 >= SVNIC_CLOCK_HZ / 1000000u && c1 - c0 <= 2u * (SVNIC_CLOCK_HZ / 1000000u) + nvec + 20,
	      "max_usecs 2: message %llu cycles after the raise", (unsigned long long)(c1 - c0));
	reg_wr(HOST, SVNIC_HOST_IRQ_ENTRY(5, SVNIC_IRQ_ENTRY_MOD_FRAMES), 0, NULL);
	reg_wr(HOST, SVNIC_HOST_IRQ_ENTRY(6, SVNIC_IRQ_ENTRY_MOD_USECS), 0, NULL);

	/* the entry's fourth word and vectors past the table are not registers */
	S.irq_n = 0;
	reg_wr(HOST, SVNIC_HOST_IRQ_ENTRY(0, 0xc), 1, &r);
	CHECK(r == 2, "write of an entry's unused word: resp %u", r);
	reg_wr(HOST, SVNIC_HOST_IRQ_ENTRY(nvec, SVNIC_IRQ_ENTRY_CTRL), 1, &r);
	CHECK(r == 2, "write past the table: resp %u", r);
	CHECK(reg_rd(HOST, SVNIC_HOST_IRQ_ENTRY(nvec, SVNIC_IRQ_ENTRY_CTRL), &r) == 0 && r == 2, "read past the table");
	irq_collect(100, count, nvec);
	CHECK(S.irq_n == 0, "stray messages after the table test: %u", S.irq_n);
	printf("  irq table ok (configuration vectors, mask, pending, moderation)\n");
}

static void test_inline(unsigned rounds)
{
	uint8_t buf[256], rnd_bytes[256];
	for (unsigned r = 0; r < rounds; r++) {
		unsigned v = rnd_below(NV), len = rnd_range(1, 256);
		uint64_t a = win_base(v) + rnd_below(WIN_SIZE - 256);
		for (unsigned i = 0; i < len; i++)
			rnd_bytes[i] = (uint8_t)rnd();
		uint8_t after = host_mem[a + len];
		CHECK(cmd_f2h(v, a, rnd_bytes, len, 0) == SVNIC_DMA_ST_OK, "FW_TO_HOST len %u", len);
		CHECK(memcmp(&host_mem[a], rnd_bytes, len) == 0 && host_mem[a + len] == after, "FW_TO_HOST data len %u",
		      len);
		uint64_t b = win_base(v) + rnd_below(WIN_SIZE - 256);
		unsigned len2 = rnd_range(1, 256);
		for (unsigned i = 0; i < len2 + 8; i++)
			host_mem[b + i] = (uint8_t)rnd();
		CHECK(cmd_simple(SVNIC_DMA_OP_HOST_TO_FW, v, len2, 0, 1, b) == SVNIC_DMA_ST_OK, "HOST_TO_FW");
		CHECK(S.cpl_n == 1 + words_of(len2), "HOST_TO_FW data words %u for len %u", S.cpl_n - 1, len2);
		memset(buf, 0, sizeof(buf));
		for (unsigned i = 0; i < words_of(len2) * 8; i++) {
			uint8_t byte = (uint8_t)(S.cpl[1 + i / 8] >> (8 * (i % 8)));
			if (i < len2)
				CHECK(byte == host_mem[b + i], "HOST_TO_FW byte %u of %u", i, len2);
			else
				CHECK(byte == 0, "HOST_TO_FW byte %u past len %u not zero", i, len2);
		}
	}
	printf("  inline round trips ok (%u)\n", rounds);
}

static void random_frame(uint8_t *f, unsigned len, int src_wire, unsigned src);

/*
 * Frames assembled the way TSO builds a segment: headers the firmware wrote
 * (FW_TO_TXBUF at 0, in one or more aligned pieces), the rest by DMA from
 * the VIF's memory after them. What leaves must be byte for byte the frame.
 */
static void test_fw_txbuf(unsigned rounds)
{
	uint8_t f[MAX_FRAME];
	for (unsigned r = 0; r < rounds; r++) {
		unsigned v = rnd_below(NV), len = rnd_range(14, r % 4 == 0 ? MAX_FRAME_BYTES : 600);
		random_frame(f, len, 0, v);
		unsigned head = rnd_range(1, len < 512 ? len : 512), at = 0;
		while (at < head) {
			unsigned n = head - at < 256 ? head - at : rnd_range(1, 32) * 8u;
			if (n > head - at)
				n = head - at;
			CHECK(cmd_f2tx(v, at, f + at, n, 0) == SVNIC_DMA_ST_OK, "FW_TO_TXBUF off %u len %u", at, n);
			memcpy(&M.txbuf[at], f + at, n);
			at += n;
		}
		if (head < len) {
			uint64_t base = win_base(v) + rnd_below(WIN_SIZE - len - 8);
			memcpy(&host_mem[base], f + head, len - head);
			CHECK(cmd_simple(SVNIC_DMA_OP_HOST_TO_TXBUF, v, len - head, head, 1, base) == SVNIC_DMA_ST_OK,
			      "HOST_TO_TXBUF after FW_TO_TXBUF");
			memcpy(&M.txbuf[head], f + head, len - head);
		}
		CHECK(cmd_simple(SVNIC_DMA_OP_TXBUF_SEND, v, len, 0, 0, 0) == SVNIC_DMA_ST_OK, "send");
		model_deliver(f, len, 0, v, 0);
		settle();
		check_wire();
	}
	for (unsigned v = 0; v < NV; v++)
		while (M.qn[v])
			vif_drain_one(v);
	check_counters();
	printf("  firmware-written TX headers ok (%u frames)\n", rounds);
}

static void random_frame(uint8_t *f, unsigned len, int src_wire, unsigned src)
{
	for (unsigned i = 0; i < len; i++)
		f[i] = (uint8_t)rnd();
	if (len < 6)
		return;
	uint64_t dst;
	unsigned k = rnd_below(10);
	if (k == 0)
		dst = 0xffffffffffffull;
	else if (k == 1)
		dst = (rnd() & 0xffffffffffffull) | 1u;
	else if (k == 2)
		dst = (rnd() & 0xfffffffffffeull);
	else if (k == 3 && !src_wire)
		dst = M.mac[src];
	else
		dst = M.mac[rnd_below(NV)];
	for (unsigned i = 0; i < 6; i++)
		f[i] = (uint8_t)(dst >> (8 * i));
	/* random frames are never IP (or tagged): checksum frames are built below */
	if (len >= 14 && (rd16(f + 12) == 0x0800 || rd16(f + 12) == 0x86dd || rd16(f + 12) == 0x8100 ||
			  rd16(f + 12) == 0x88a8))
		f[13] ^= 0x01;
}

static void test_directed_paths(void)
{
	uint8_t f[MAX_FRAME];
	/* hairpin 0 -> 2 from 3 unaligned segments, read back in pieces */
	random_frame(f, 333, 0, 0);
	for (unsigned i = 0; i < 6; i++)
		f[i] = (uint8_t)(M.mac[2] >> (8 * i));
	vif_send(0, f, 333);
	CHECK(M.qn[2] == 1, "hairpin to VIF 2");
	vif_drain_one(2);
	/* broadcast from VIF 1: every other enabled VIF and the wire */
	memset(f, 0xff, 6);
	vif_send(1, f, 100);
	CHECK(M.qn[0] == 1 && M.qn[2] == 1 && M.qn[3] == 1 && M.qn[1] == 0 && M.wire_tx >= 1, "broadcast");
	/* unknown unicast to the wire */
	f[0] = 0x02;
	f[5] = 0x77;
	vif_send(3, f, 64);
	/* wire RX to a VIF, a short frame, an errored frame, an unknown unicast */
	for (unsigned i = 0; i < 6; i++)
		f[i] = (uint8_t)(M.mac[1] >> (8 * i));
	wire_inject(f, 200, 0);
	wire_inject(f, 13, 0);
	wire_inject(f, 300, 1);
	/* the largest frame the build carries arrives; one byte more is an error */
	wire_inject(f, MAX_FRAME_BYTES, 0);
	wire_inject(f, MAX_FRAME_BYTES + 1, 0);
	f[0] = 0x06;
	wire_inject(f, 90, 0);
	settle();
	CHECK(M.qn[1] == 2 && M.wire_err == 3 && M.wire_novif == 1, "wire rx");
	for (unsigned v = 0; v < NV; v++)
		while (M.qn[v])
			vif_drain_one(v);
	check_counters();
	printf("  hairpin/broadcast/wire paths ok\n");
}

static void set_dst(uint8_t *f, uint64_t dst)
{
	for (unsigned i = 0; i < 6; i++)
		f[i] = (uint8_t)(dst >> (8 * i));
}

/* VLAN isolation, the per-VIF flags, a disabled sender, the write port's
 * refusal and a full bucket, each checked against what it must do (not only
 * against the model). */
static void test_vlans(void)
{
	uint8_t f[MAX_FRAME];
	uint64_t mac[NV];
	for (unsigned v = 0; v < NV; v++)
		mac[v] = M.mac[v];
	CHECK(reg_rd(FW, SVNIC_FW_FDB_GEOMETRY, NULL) == (FDB_WAYS << 24 | FDB_ENTRIES), "FDB_GEOMETRY");
	/* a key written to the wrong bucket is refused, the next good write clears the flag */
	uint64_t k = 0x0000000aa002ull;
	unsigned b = fdb_bucket(k, 7), nb = FDB_ENTRIES / FDB_WAYS;
	tbl_write(((b + 1) % nb) * FDB_WAYS + 2, 1, k, 7, 1);
	tbl_write(b * FDB_WAYS + 3, 1, k, 7, 1);
	tbl_write(b * FDB_WAYS + 3, 0, 0, 0, 0);
	CHECK(M.refused == 1, "one refused write");

	/* VIFs 0 and 1 on VLAN 10, 2 on VLAN 20, 3 untagged */
	set_vif(0, mac[0], 10, 1, 0, 0);
	set_vif(1, mac[1], 10, 1, 0, 0);
	set_vif(2, mac[2], 20, 1, 0, 0);
	random_frame(f, 120, 0, 0);
	set_dst(f, BCAST);
	uint64_t wire0 = M.wire_tx;
	vif_send(0, f, 120);
	CHECK(M.qn[1] == 1 && M.qn[2] == 0 && M.qn[3] == 0 && M.wire_tx == wire0 + 1,
	      "broadcast on VLAN 10 reaches VIF 1 and the wire only");
	set_dst(f, mac[1]);
	vif_send(0, f, 120);
	CHECK(M.qn[1] == 2 && M.wire_tx == wire0 + 1, "unicast 0 -> 1 on VLAN 10");
	set_dst(f, mac[2]);
	vif_send(0, f, 120);
	CHECK(M.qn[2] == 0 && M.wire_tx == wire0 + 2, "unicast to a VIF on another VLAN goes to the wire");
	/* from the wire (VLAN 0): broadcast to VIF 3 only; VIF 1's MAC is unknown there */
	uint64_t novif0 = M.wire_novif, nomember0 = M.wire_nomember;
	set_dst(f, BCAST);
	wire_inject(f, 90, 0);
	set_dst(f, mac[1]);
	wire_inject(f, 90, 0);
	settle();
	CHECK(M.qn[3] == 1 && M.qn[1] == 2 && M.wire_novif == novif0 + 1, "wire frames stay on VLAN 0");
	/* multicast from the wire: only with all-multicast (or promiscuous) */
	set_dst(f, 0x0000015e0001ull | 0x01u);
	wire_inject(f, 70, 0);
	settle();
	CHECK(M.qn[3] == 1 && M.wire_nomember == nomember0 + 1, "multicast without subscribers dropped");
	set_attr(3, 1, 0, 0, 1);
	wire_inject(f, 70, 0);
	settle();
	CHECK(M.qn[3] == 2, "all-multicast VIF takes multicast");
	set_dst(f, 0x0000c0ffee02ull);
	wire_inject(f, 70, 0);
	settle(); /* the model takes frames in order with the register writes */
	set_attr(3, 1, 0, 1, 0);
	wire_inject(f, 70, 0);
	settle();
	CHECK(M.qn[3] == 3 && M.wire_novif == novif0 + 2, "promiscuous VIF takes unknown unicast");
	set_attr(3, 1, 0, 0, 0);
	/* a disabled VIF's frames go nowhere; frames to it neither */
	uint64_t srcdis0 = M.srcdis;
	set_attr(2, 0, 20, 0, 0);
	set_dst(f, BCAST);
	vif_send(2, f, 64);
	CHECK(M.srcdis == srcdis0 + 1 && M.wire_tx == wire0 + 2, "disabled sender dropped");
	/* a full bucket: VIF 2 cannot get an entry for its new key on VLAN 10 */
	uint64_t key2 = 0x0000abcd0a02ull;
	unsigned b2 = fdb_bucket(key2, 10);
	uint64_t filler[FDB_WAYS];
	for (unsigned w = 0; w < FDB_WAYS; w++) {
		do
			filler[w] = rnd() & 0xfffffffffffeull;
		while (fdb_bucket(filler[w], 30) != b2);
		tbl_write(b2 * FDB_WAYS + w, 1, filler[w], 30, 3);
	}
	set_vif(2, key2, 10, 1, 0, 0);
	CHECK(M.idx[2] < 0, "full bucket left VIF 2 without an entry");
	set_dst(f, key2);
	vif_send(0, f, 100);
	CHECK(M.qn[2] == 0 && M.wire_tx == wire0 + 3, "no entry: unicast is unknown, to the wire");
	for (unsigned w = 0; w < FDB_WAYS; w++)
		tbl_write(b2 * FDB_WAYS + w, 0, 0, 0, 0);
	set_vif(2, key2, 10, 1, 0, 0);
	CHECK(M.idx[2] >= 0, "entry once the bucket has room");
	vif_send(0, f, 100);
	CHECK(M.qn[2] == 1 && M.wire_tx == wire0 + 3, "unicast 0 -> 2 on VLAN 10");
	for (unsigned v = 0; v < NV; v++)
		while (M.qn[v])
			vif_drain_one(v);
	check_counters();
	for (unsigned v = 0; v < NV; v++)
		set_vif(v, mac[v], 0, 1, 0, 0);
	printf("  VLANs, flags, disabled sender, refused write, full bucket ok\n");
}

/* A frame from the wire to VIF v, of len bytes. */
static void wire_to(unsigned v, unsigned len)
{
	uint8_t f[MAX_FRAME];
	random_frame(f, len, 1, 0);
	for (unsigned i = 0; i < 6; i++)
		f[i] = (uint8_t)(M.mac[v] >> (8 * i));
	wire_inject(f, len, 0);
}

static void test_quota_drop(void)
{
	unsigned sent = 0;
	uint64_t drops0 = M.rx_drop_quota[3];
	/* fill VIF 3 from the wire with large frames until some are dropped */
	while (M.rx_drop_quota[3] < drops0 + 3) {
		wire_to(3, rnd_range(1000, 1518));
		settle();
		sent++;
	}
	/* a smaller frame still fits in the cells the large one could not use */
	unsigned gap = M.quota[3] - M.used[3];
	if (gap >= 1) {
		wire_to(3, gap * CELL_BYTES - rnd_below(CELL_BYTES - 14u));
		settle();
		CHECK(M.used[3] == M.quota[3], "exact fill");
	}
	check_counters();
	unsigned n = M.qn[3];
	/* back-to-back pops at full speed: never a false EMPTY */
	unsigned stall = S.stall_pct;
	S.stall_pct = 0;
	for (unsigned i = 0; i < n / 2; i++) {
		CHECK(cmd_simple(SVNIC_DMA_OP_RXBUF_POP, 3, 0, 0, 0, 0) == SVNIC_DMA_ST_OK, "back-to-back pop %u", i);
		model_pop(3);
	}
	S.stall_pct = stall;
	while (M.qn[3])
		vif_drain_one(3);
	check_counters();
	printf("  RX quota: %u frames sent, %u buffered, %" PRIu64 " dropped whole\n", sent, n,
	       M.rx_drop_quota[3] - drops0);
}

/*
 * One VIF flooded from the wire far past its quota, back to back, while
 * another receives from the wire (between the flood's frames) and from a
 * third VIF: the other loses nothing and gets its frames intact and in
 * order; the flooded one's QUOTA drops are exactly the frames it sent and
 * did not get (read from the card, not from the model). Then the flooded
 * VIF is given the whole buffer (overcommitted, on purpose) and flooded
 * again: now the buffer runs out for everyone and the drops are FULL.
 */
static void test_flood(void)
{
	const unsigned a = 1, b = 2, src = 0;
	uint8_t f[MAX_FRAME];
	uint64_t a_frames0 = cnt_rd(VIF_REG(a, SVNIC_FW_VIF_RX_FRAMES_LO));
	uint64_t a_quota0 = cnt_rd(RXB_VIF_REG(a, SVNIC_FW_RXB_VIF_DROP_QUOTA_LO));
	uint64_t b_drops0 = M.rx_drop_quota[b] + M.rx_drop[b];
	unsigned a_sent = 0, b_sent = 0, a_got = 0, b_got = 0;

	for (unsigned round = 0; round < 12; round++) {
		/* a burst on the wire: flood frames with one for b among them */
		unsigned nb = rnd_range(6, 12), at = rnd_below(nb);
		for (unsigned k = 0; k < nb; k++) {
			if (k == at) {
				wire_to(b, rnd_range(60, 1518));
				b_sent++;
			}
			wire_to(a, rnd_range(600, 1518));
			a_sent++;
		}
		settle();
		/* and one for b from another VIF */
		unsigned len = rnd_range(60, 1518);
		random_frame(f, len, 0, src);
		for (unsigned i = 0; i < 6; i++)
			f[i] = (uint8_t)(M.mac[b] >> (8 * i));
		vif_send(src, f, len);
		b_sent++;
		/* b is served now and then, a never */
		if (round % 3 == 2)
			while (M.qn[b]) {
				vif_drain_one(b);
				b_got++;
			}
	}
	check_counters();
	CHECK(M.rx_drop_quota[b] + M.rx_drop[b] == b_drops0, "VIF %u lost frames to the flood", b);
	while (M.qn[b]) {
		vif_drain_one(b);
		b_got++;
	}
	CHECK(b_got == b_sent, "VIF %u got %u of %u frames", b, b_got, b_sent);
	while (M.qn[a]) {
		vif_drain_one(a);
		a_got++;
	}
	uint64_t a_frames = cnt_rd(VIF_REG(a, SVNIC_FW_VIF_RX_FRAMES_LO)) - a_frames0;
	uint64_t a_quota = cnt_rd(RXB_VIF_REG(a, SVNIC_FW_RXB_VIF_DROP_QUOTA_LO)) - a_quota0;
	CHECK(a_frames == a_got && a_quota == a_sent - a_got && a_quota > 0,
	      "flooded VIF: %u sent, %u received, card counts %" PRIu64 " received, %" PRIu64 " over quota", a_sent,
	      a_got, a_frames, a_quota);
	check_counters();
	printf("  flood: VIF %u got %u of %u (%" PRIu64 " over its quota), VIF %u got all %u\n", a, a_got, a_sent,
	       a_quota, b, b_got);

	/* overcommitted: a (and, when one VIF's FRAMES_MAX frames of 1000
	 * bytes or more cannot fill the buffer, VIFs from 3 on too) may take
	 * every cell, so the buffer itself runs out */
	const unsigned nflood = 1u + CELLS / (FRAMES_MAX * 16u);
	CHECK(nflood + 2u <= NV, "VIFs to overcommit the buffer");
	unsigned fv[NV];
	uint64_t full0 = 0, full = 0;
	for (unsigned v = 0; v < NV; v++)
		full0 += M.rx_drop[v];
	for (unsigned i = 0; i < nflood; i++) {
		fv[i] = i == 0 ? a : 2u + i;
		set_quota(fv[i], CELLS);
	}
	for (unsigned round = 0; round < 6u * (CELLS / 1024u + 1u) && full < 4; round++) {
		for (unsigned i = 0; i < nflood; i++)
			for (unsigned k = 0; k < 12; k++)
				wire_to(fv[i], rnd_range(1000, 1518));
		wire_to(b, rnd_range(60, 1518));
		settle();
		full = 0;
		for (unsigned v = 0; v < NV; v++)
			full += M.rx_drop[v];
		full -= full0;
	}
	check_counters();
	CHECK(full >= 4, "no FULL drops with the buffer overcommitted");
	for (unsigned v = 0; v < NV; v++)
		while (M.qn[v])
			vif_drain_one(v);
	for (unsigned i = 0; i < nflood; i++)
		set_quota(fv[i], QUOTA);
	check_counters();
	CHECK(reg_rd(FW, SVNIC_FW_RXB_FREE_CELLS, NULL) == CELLS, "cells lost after the flood");
	printf("  overcommitted: %" PRIu64 " dropped for a full buffer (%u VIFs flooded)\n", full, nflood);
}

static void test_errors(void)
{
	uint8_t f[MAX_FRAME];
	unsigned st;
	/* put one frame in VIF 2 to check RX side effects */
	random_frame(f, 150, 1, 0);
	for (unsigned i = 0; i < 6; i++)
		f[i] = (uint8_t)(M.mac[2] >> (8 * i));
	wire_inject(f, 150, 0);
	settle();
	CHECK(M.qn[2] == 1, "setup frame");
	uint64_t w = win_base(1);
	static const unsigned bad_ops[] = { 0x00, 0x08, 0x80, 0xff };
	for (unsigned i = 0; i < 4; i++)
		CHECK(cmd_simple(bad_ops[i], 0, 8, 0, 0, 0) == SVNIC_DMA_ST_BAD_ARG, "unknown op %u", bad_ops[i]);
	for (unsigned op = SVNIC_DMA_OP_HOST_TO_FW; op <= SVNIC_DMA_OP_RXBUF_POP; op++) {
		int iova = op != SVNIC_DMA_OP_TXBUF_SEND && op != SVNIC_DMA_OP_RXBUF_POP;
		if (op == SVNIC_DMA_OP_FW_TO_HOST) {
			CHECK(cmd_f2h(NV, win_base(0), f, 8, 0) == SVNIC_DMA_ST_BAD_ARG, "F2H vif NV");
			CHECK(cmd_f2h(0, win_base(0), f, 0, 0) == SVNIC_DMA_ST_BAD_ARG, "F2H len 0");
			continue;
		}
		CHECK(cmd_simple(op, NV, 16, 0, iova, win_base(0)) == SVNIC_DMA_ST_BAD_ARG, "op %u vif NV", op);
		CHECK(cmd_simple(op, 0xff, 16, 0, iova, win_base(0)) == SVNIC_DMA_ST_BAD_ARG, "op %u vif 255", op);
		if (op != SVNIC_DMA_OP_RXBUF_POP)
			CHECK(cmd_simple(op, 2, 0, 0, iova, win_base(2)) == SVNIC_DMA_ST_BAD_ARG, "op %u len 0", op);
		/* wrong word count: missing IOVA, or an extra word */
		unsigned tag = tag_ctr++;
		cmd_push(svnic_dma_hdr(op, 2, 16, 0, tag), 0);
		cmd_push(0, 0);
		cmd_push(win_base(2), 1);
		if (op == SVNIC_DMA_OP_RXBUF_POP) { /* TXBUF_SEND takes a second word: three is too many */
			S.cmd_n = 0;
			cmd_push(svnic_dma_hdr(op, 2, 16, 0, tag), 0);
			cmd_push(0, 1);
		}
		CHECK(svnic_dma_cpl_status(cmd_run()) == SVNIC_DMA_ST_BAD_ARG, "op %u extra word", op);
		if (iova) {
			cmd_push(svnic_dma_hdr(op, 2, 16, 0, tag), 1);
			CHECK(svnic_dma_cpl_status(cmd_run()) == SVNIC_DMA_ST_BAD_ARG, "op %u missing iova", op);
		}
	}
	CHECK(cmd_simple(SVNIC_DMA_OP_HOST_TO_FW, 1, 257, 0, 1, w) == SVNIC_DMA_ST_BAD_ARG, "H2F 257");
	uint8_t big[264] = { 0 };
	memset(&host_mem[w], 0x3c, 300);
	CHECK(cmd_f2h(1, w, big, 257, 0) == SVNIC_DMA_ST_BAD_ARG, "F2H 257");
	CHECK(cmd_f2h(1, w, big, 100, -1) == SVNIC_DMA_ST_BAD_ARG, "F2H short data");
	CHECK(cmd_f2h(1, w, big, 100, 1) == SVNIC_DMA_ST_BAD_ARG, "F2H long data");
	for (unsigned i = 0; i < 300; i++)
		CHECK(host_mem[w + i] == 0x3c, "F2H BAD_ARG wrote host memory");
	CHECK(cmd_simple(SVNIC_DMA_OP_HOST_TO_TXBUF, 1, 100, TXBUF_BYTES - 99, 1, w) == SVNIC_DMA_ST_BAD_ARG,
	      "H2TX past end");
	CHECK(cmd_simple(SVNIC_DMA_OP_HOST_TO_TXBUF, 1, TXBUF_BYTES + 1, 0, 1, w) == SVNIC_DMA_ST_BAD_ARG,
	      "H2TX too long");
	CHECK(cmd_simple(SVNIC_DMA_OP_HOST_TO_TXBUF, 1, 1, 0xffff, 1, w) == SVNIC_DMA_ST_BAD_ARG, "H2TX off");
	/* FW_TO_TXBUF refusals leave the TX buffer as it was (check_txbuf below) */
	CHECK(cmd_f2tx(1, 4, big, 16, 0) == SVNIC_DMA_ST_BAD_ARG, "F2TX unaligned off");
	CHECK(cmd_f2tx(1, 0, big, 257, 0) == SVNIC_DMA_ST_BAD_ARG, "F2TX 257");
	CHECK(cmd_f2tx(1, 0, big, 0, 1) == SVNIC_DMA_ST_BAD_ARG, "F2TX len 0");
	CHECK(cmd_f2tx(1, TXBUF_BYTES - 8, big, 16, 0) == SVNIC_DMA_ST_BAD_ARG, "F2TX past end");
	CHECK(cmd_f2tx(1, 0, big, 100, -1) == SVNIC_DMA_ST_BAD_ARG, "F2TX short data");
	CHECK(cmd_f2tx(1, 0, big, 100, 1) == SVNIC_DMA_ST_BAD_ARG, "F2TX long data");
	CHECK(cmd_f2tx(NV, 0, big, 16, 0) == SVNIC_DMA_ST_BAD_ARG, "F2TX vif NV");
	CHECK(cmd_simple(SVNIC_DMA_OP_TXBUF_SEND, 1, 13, 0, 0, 0) == SVNIC_DMA_ST_BAD_ARG, "SEND 13");
	CHECK(cmd_simple(SVNIC_DMA_OP_TXBUF_SEND, 1, TXBUF_BYTES + 1, 0, 0, 0) == SVNIC_DMA_ST_BAD_ARG, "SEND big");
	CHECK(cmd_simple(SVNIC_DMA_OP_TXBUF_SEND, 1, MAX_FRAME_BYTES + 1, 0, 0, 0) == SVNIC_DMA_ST_BAD_ARG,
	      "SEND past the frame limit");
	CHECK(cmd_simple(SVNIC_DMA_OP_RXBUF_TO_HOST, 2, 150, 1, 1, win_base(2)) == SVNIC_DMA_ST_BAD_ARG, "RX2H past");
	CHECK(cmd_simple(SVNIC_DMA_OP_RXBUF_TO_HOST, 2, 151, 0, 1, win_base(2)) == SVNIC_DMA_ST_BAD_ARG, "RX2H len");
	CHECK(cmd_simple(SVNIC_DMA_OP_RXBUF_TO_HOST, 0, 1, 0, 1, win_base(0)) == SVNIC_DMA_ST_EMPTY, "RX2H empty");
	CHECK(cmd_simple(SVNIC_DMA_OP_RXBUF_POP, 0, 0, 0, 0, 0) == SVNIC_DMA_ST_EMPTY, "POP empty");
	/* faults: IOVA in another VIF's window, straddling the window end, out
	 * of all windows: the datapath's window check refuses each before any
	 * request leaves, counts it, and records the first */
	unsigned long rd0 = S.n_rd, wr0 = S.n_wr;
	uint32_t faults0 = reg_rd(FW, SVNIC_FW_DMAW_FAULTS, NULL);
	(void)reg_rd(FW, SVNIC_FW_DMAW_FAULT_INFO, NULL); /* clears any earlier record */
	CHECK(cmd_simple(SVNIC_DMA_OP_HOST_TO_FW, 1, 64, 0, 1, win_base(2)) == SVNIC_DMA_ST_FAULT, "H2F fault");
	CHECK(cmd_simple(SVNIC_DMA_OP_HOST_TO_FW, 1, 16, 0, 1, win_base(1) + WIN_SIZE - 8) == SVNIC_DMA_ST_FAULT,
	      "H2F straddle");
	memset(&host_mem[win_base(3)], 0x5a, 64);
	CHECK(cmd_f2h(1, win_base(3), big, 64, 0) == SVNIC_DMA_ST_FAULT, "F2H fault");
	for (unsigned i = 0; i < 64; i++)
		CHECK(host_mem[win_base(3) + i] == 0x5a, "F2H fault wrote host memory");
	CHECK(cmd_simple(SVNIC_DMA_OP_HOST_TO_TXBUF, 1, 500, 3, 1, 0x10) == SVNIC_DMA_ST_FAULT, "H2TX fault");
	CHECK(cmd_simple(SVNIC_DMA_OP_HOST_TO_TXBUF, 0, TXBUF_BYTES, 0, 1, win_base(1)) == SVNIC_DMA_ST_FAULT,
	      "H2TX fault 2");
	st = cmd_simple(SVNIC_DMA_OP_RXBUF_TO_HOST, 2, 150, 0, 1, win_base(1));
	CHECK(st == SVNIC_DMA_ST_FAULT, "RX2H fault: %u", st);
	CHECK(S.n_rd == rd0 && S.n_wr == wr0, "a refused DMA reached host memory (%lu reads, %lu writes)",
	      S.n_rd - rd0, S.n_wr - wr0);
	CHECK(reg_rd(FW, SVNIC_FW_DMAW_FAULTS, NULL) == faults0 + 6, "DMAW_FAULTS after 6 refusals");
	CHECK(reg_rd(FW, SVNIC_FW_DMAW_FAULT_INFO, NULL) == (SVNIC_DMAW_FAULT_VALID | 1u), "FAULT_INFO");
	CHECK(cnt_rd(SVNIC_FW_DMAW_FAULT_ADDR_LO) == win_base(2) && reg_rd(FW, SVNIC_FW_DMAW_FAULT_LEN, NULL) == 64,
	      "FAULT_ADDR / FAULT_LEN: the first refusal");
	CHECK(reg_rd(FW, SVNIC_FW_DMAW_FAULT_INFO, NULL) == 0, "FAULT_INFO not cleared by its read");
	/* a window taken away refuses at once; given back, it serves again */
	CHECK(dmaw_set(1, 1, 0, 0) == 0, "clearing a window");
	CHECK(cmd_simple(SVNIC_DMA_OP_HOST_TO_FW, 1, 64, 0, 1, win_base(1)) == SVNIC_DMA_ST_FAULT, "H2F, no window");
	CHECK(dmaw_set(1, 9, 0, 16) == SVNIC_DMAW_STATUS_REFUSED && dmaw_set(NV, 0, 0, 16) == SVNIC_DMAW_STATUS_REFUSED &&
		      dmaw_set(1, 2, ~0ull - 7, 9) == SVNIC_DMAW_STATUS_REFUSED,
	      "window writes out of range or wrapping not refused");
	CHECK(dmaw_set(1, 5, win_base(1) + 64, 64) == 0, "a 64-byte window");
	CHECK(cmd_simple(SVNIC_DMA_OP_HOST_TO_FW, 1, 64, 0, 1, win_base(1) + 64) == SVNIC_DMA_ST_OK, "H2F in it");
	CHECK(cmd_simple(SVNIC_DMA_OP_HOST_TO_FW, 1, 65, 0, 1, win_base(1) + 64) == SVNIC_DMA_ST_FAULT,
	      "H2F one byte past it");
	CHECK(dmaw_set(1, 5, 0, 0) == 0 && dmaw_set(1, 1, win_base(1), WIN_SIZE) == 0, "restoring the window");
	CHECK(cmd_simple(SVNIC_DMA_OP_HOST_TO_FW, 1, 64, 0, 1, win_base(1)) == SVNIC_DMA_ST_OK, "H2F, window back");
	CHECK(reg_rd(FW, VIF_REG(2, SVNIC_FW_VIF_RX_HEAD_LEN), NULL) == 150, "frame kept after errors");
	check_txbuf();
	vif_drain_one(2);
	check_counters();
	printf("  BAD_ARG / EMPTY / FAULT cases ok (%lu DMA reads refused, %lu writes refused)\n", S.n_rd_refused,
	       S.n_wr_refused);
}

/* ------------------------------------------------------------------ TX scheduling */

/* Send one frame of `len` bytes from `vif` to the wire (an unknown unicast
 * address), checked there against the model. */
static void sched_send(unsigned vif, unsigned len)
{
	static const uint8_t unk[6] = { 0x02, 0xee, 0xee, 0xee, 0xee, 0x02 };
	uint8_t f[MAX_FRAME];
	random_frame(f, len, 0, vif);
	memcpy(f, unk, 6);
	vif_send(vif, f, len);
}

/*
 * Act as the firmware: take grants and send one frame per grant until
 * `cycles` have passed, every VIF in `vifs` always backlogged. Adds the
 * bytes each VIF sent to bytes[]; returns the grant reads that found no
 * grant (the scheduler still busy). No grant with nothing busy is an error
 * while VIFs are backlogged.
 */
static unsigned sched_run(uint32_t vifs, uint64_t cycles, uint64_t *bytes)
{
	unsigned empty = 0;
	uint64_t t0 = S.cycle;
	for (unsigned v = 0; v < NV && v < 32u; v++)
		if (vifs & (1u << v))
			reg_wr(FW, SVNIC_FW_TXS_DOORBELL, v, NULL);
	while (S.cycle - t0 < cycles) {
		uint32_t g = reg_rd(FW, SVNIC_FW_TXS_GRANT, NULL);
		if (!(g & SVNIC_TXS_GRANT_VALID)) {
			CHECK(g == SVNIC_TXS_GRANT_BUSY, "GRANT %08x with VIFs backlogged", g);
			empty++;
			continue;
		}
		unsigned v = g & SVNIC_TXS_GRANT_VIF_MASK;
		CHECK(v < 32u && (vifs & (1u << v)), "grant to VIF %u, not backlogged", v);
		unsigned len = rnd_range(60, 1518);
		sched_send(v, len);
		bytes[v] += len;
		reg_wr(FW, SVNIC_FW_TXS_DONE, SVNIC_TXS_DONE_MORE, NULL);
	}
	return empty;
}

/* Let every VIF go idle: each grant answered "no more frames". A VIF leaves
 * only through a grant, so a rate-limited one waits for its tokens first. */
static void sched_drain(void)
{
	uint64_t t0 = S.cycle;
	for (;;) {
		CHECK(S.cycle - t0 < 100u * SVNIC_TXS_TICK_CYCLES,
		      "the scheduler still busy 100 ticks after every VIF went idle");
		uint32_t g = reg_rd(FW, SVNIC_FW_TXS_GRANT, NULL);
		if (g & SVNIC_TXS_GRANT_VALID)
			reg_wr(FW, SVNIC_FW_TXS_DONE, 0, NULL);
		else if (g == 0)
			break;
	}
}

static void sched_cfg(unsigned v, unsigned weight, unsigned rate, unsigned burst)
{
	reg_wr(FW, TXS_VIF_REG(v, SVNIC_FW_TXS_VIF_QUANTUM), weight * SVNIC_TXS_QUANTUM_UNIT, NULL);
	reg_wr(FW, TXS_VIF_REG(v, SVNIC_FW_TXS_VIF_RATE), rate, NULL);
	reg_wr(FW, TXS_VIF_REG(v, SVNIC_FW_TXS_VIF_BURST), burst, NULL);
}

/* Byte shares of VIFs 0..2 (weights 1:2:4) within 5% of the weighted share. */
static void sched_check_shares(const char *what, const uint64_t *bytes)
{
	static const unsigned w[3] = { 1, 2, 4 };
	uint64_t total = bytes[0] + bytes[1] + bytes[2];
	printf("  %s: bytes %" PRIu64 " / %" PRIu64 " / %" PRIu64 ", shares", what, bytes[0], bytes[1], bytes[2]);
	for (unsigned v = 0; v < 3; v++) {
		double share = (double)bytes[v] / (double)total, want = w[v] / 7.0;
		printf(" %.4f (want %.4f)", share, want);
		CHECK(share >= want * 0.95 && share <= want * 1.05, "%s: VIF %u share %.4f, weighted share %.4f", what,
		      v, share, want);
	}
	printf("\n");
}

static void test_tx_sched(void)
{
	uint32_t resp;
	/* every VIF untagged and enabled: unknown unicast goes to the wire */
	for (unsigned v = 0; v < NV; v++)
		set_vif(v, 0x0000beef0002ull | (uint64_t)(v + 1) << 40, 0, 1, 0, 0);

	/* the window: no errors on the scheduler's registers, per-VIF
	 * settings read as 0, nothing granted while nobody has frames, a
	 * done without a grant and a doorbell past the VIFs ignored */
	reg_wr(FW, TXS_VIF_REG(NV - 1, SVNIC_FW_TXS_VIF_BURST), 4096, &resp);
	CHECK(resp == 0, "TXS BURST write refused");
	CHECK(reg_rd(FW, TXS_VIF_REG(1, SVNIC_FW_TXS_VIF_RATE), &resp) == 0 && resp == 0, "TXS RATE read");
	reg_rd(FW, PAST_TXS_VIF, &resp);
	CHECK(resp != 0, "TXS register of VIF %u answered", NV);
	reg_wr(FW, SVNIC_FW_TXS_DONE, SVNIC_TXS_DONE_MORE, NULL);
	reg_wr(FW, SVNIC_FW_TXS_DOORBELL, NV, NULL);
	for (int i = 0; i < 8; i++)
		step();
	CHECK(reg_rd(FW, SVNIC_FW_TXS_GRANT, NULL) == 0, "grant with no VIF doorbelled");

	/* weights 1:2:4, no rate limits */
	for (unsigned v = 0; v < NV; v++)
		sched_cfg(v, v < 3 ? 1u << v : 1u, 0, SVNIC_TXS_BURST_DEFAULT);
	uint64_t bytes[NV] = { 0 };
	uint64_t t_a = S.cycle;
	unsigned empty = sched_run(0x7u, 600000, bytes);
	double rate_a = (double)(bytes[0] + bytes[1] + bytes[2]) / (double)(S.cycle - t_a);
	sched_check_shares("weights 1:2:4", bytes);
	CHECK(bytes[3] == 0, "VIF 3 sent without a doorbell");
	sched_drain();

	/* VIF 3 limited to RATE bytes a tick with a BURST bucket, beside the
	 * three unlimited ones: it stays within burst + rate * time (and one
	 * frame), and the others share the rest by weight */
	const unsigned rate = 64, burst = 4096;
	sched_cfg(3, 4, rate, burst);
	memset(bytes, 0, sizeof(bytes));
	uint64_t t0 = S.cycle;
	empty += sched_run(0xfu, 1200000, bytes);
	uint64_t ticks = (S.cycle - t0) / SVNIC_TXS_TICK_CYCLES + 1;
	uint64_t limit = burst + rate * ticks + 1518;
	printf("  rate %u B/tick, burst %u: VIF 3 sent %" PRIu64 " bytes in %" PRIu64 " ticks (limit %" PRIu64
	       ", rate alone %" PRIu64 "); the others %" PRIu64 "\n",
	       rate, burst, bytes[3], ticks, limit, rate * ticks, bytes[0] + bytes[1] + bytes[2]);
	CHECK(bytes[3] <= limit, "rate-limited VIF sent %" PRIu64 " bytes, limit %" PRIu64, bytes[3], limit);
	CHECK(bytes[3] * 10 >= rate * (ticks - 1) * 9, "rate-limited VIF got %" PRIu64 " bytes, under 90%% of its rate",
	      bytes[3]);
	sched_check_shares("weights 1:2:4 beside a limited VIF", bytes);
	/* the unlimited VIFs take what the limited one leaves: the bytes a
	 * cycle of all four are those of the three alone */
	double rate_b = (double)(bytes[0] + bytes[1] + bytes[2] + bytes[3]) / (double)(S.cycle - t0);
	printf("  bytes a cycle: %.3f by three unlimited VIFs, %.3f with the limited one beside them\n", rate_a,
	       rate_b);
	CHECK(rate_b >= rate_a * 0.95, "with a limited VIF the card sent %.3f bytes a cycle, %.3f without", rate_b,
	      rate_a);
	sched_drain();
	sched_cfg(3, 1, 0, SVNIC_TXS_BURST_DEFAULT);
	check_counters();
	printf("  TX scheduler ok (%u grant reads found the scheduler busy)\n", empty);
}

/*
 * An Ethernet / IPv4 or IPv6 / TCP or UDP frame to `dst` with `pay` payload
 * bytes and a correct L4 checksum; sometimes a VLAN tag, IPv4 options or
 * IPv6 extension headers. Returns the length; *l4 and *ck: the offsets of
 * the L4 header and of its checksum field, *psum the pseudo-header sum.
 */
static unsigned build_l4_frame(uint8_t *b, uint64_t dst, int v6, int udp, unsigned pay, unsigned *l4,
			       unsigned *ck, uint64_t *psum)
{
	unsigned p = 12;
	for (unsigned i = 0; i < 6; i++)
		b[i] = (uint8_t)(dst >> (8 * i));
	for (unsigned i = 6; i < 12; i++)
		b[i] = (uint8_t)rnd();
	if (rnd_below(4) == 0) {
		wr16(b + p, 0x8100);
		wr16(b + p + 2, rnd_below(4096));
		p += 4;
	}
	wr16(b + p, v6 ? 0x86dd : 0x0800);
	unsigned l3 = p + 2, proto = udp ? 17 : 6, hl;
	if (!v6) {
		unsigned ihl = rnd_below(4) == 0 ? rnd_range(6, 8) : 5;
		hl = ihl * 4;
		for (unsigned i = 0; i < hl; i++)
			b[l3 + i] = (uint8_t)rnd();
		b[l3] = (uint8_t)(0x40 | ihl);
		b[l3 + 6] = rnd_below(2) ? 0x40 : 0x00; /* DF or nothing: not a fragment */
		b[l3 + 7] = 0;
		b[l3 + 9] = (uint8_t)proto;
	} else {
		for (unsigned i = 0; i < 40; i++)
			b[l3 + i] = (uint8_t)rnd();
		b[l3] = (uint8_t)(0x60 | (b[l3] & 0x0fu));
		unsigned next_at = l3 + 6;
		hl = 40;
		if (rnd_below(3) == 0) {
			static const uint8_t ext[3] = { 0, 43, 60 };
			unsigned k = rnd_below(2);
			b[next_at] = ext[rnd_below(3)];
			for (unsigned i = 0; i < 8 * (k + 1); i++)
				b[l3 + hl + i] = (uint8_t)rnd();
			b[l3 + hl + 1] = (uint8_t)k;
			next_at = l3 + hl;
			hl += 8 * (k + 1);
		}
		b[next_at] = (uint8_t)proto;
	}
	*l4 = l3 + hl;
	unsigned l4h = udp ? 8 : 20, l4_len = l4h + pay;
	for (unsigned i = 0; i < l4_len; i++)
		b[*l4 + i] = (uint8_t)rnd();
	if (!udp)
		b[*l4 + 12] = 0x50;
	else
		wr16(b + *l4 + 4, l4_len);
	if (!v6)
		wr16(b + l3 + 2, hl + l4_len);
	else
		wr16(b + l3 + 4, hl - 40 + l4_len);
	*ck = *l4 + (udp ? 6 : 16);
	*psum = pseudo_sum(b, l3, v6, proto, l4_len);
	wr16(b + *ck, 0);
	unsigned c = ~inet_fold16(*psum + inet_sum_be(b + *l4, l4_len)) & 0xffffu;
	wr16(b + *ck, c ? c : 0xffffu);
	return *l4 + l4_len;
}

/*
 * Checksum offload end to end through the top: TX insertion over TCP/UDP,
 * IPv4/IPv6 (to the wire, where the bytes are compared, and hairpinned,
 * where the receiver's verdict must be OK), requests outside the frame
 * refused and counted with the frame unchanged, and RX verdicts for good,
 * corrupted, UDP-without-checksum and non-IP frames from the wire.
 */
static void test_csum_offload(unsigned frames)
{
	uint8_t f[MAX_FRAME];
	unsigned l4, ck, n_ins = 0, n_ref = 0, n_rx = 0;
	uint64_t psum;
	uint64_t unk = 0x0000aaaa0002ull | (uint64_t)0x55 << 40; /* unicast to no VIF: the wire */
	for (unsigned n = 0; n < frames; n++) {
		int v6 = rnd_below(2), udp = rnd_below(2);
		unsigned src = rnd_below(NV), dv = (src + 1 + rnd_below(NV - 1)) % NV;
		uint64_t dst = rnd_below(2) ? M.mac[dv] : unk;
		unsigned len = build_l4_frame(f, dst, v6, udp, rnd_below(4) ? rnd_below(200) : rnd_below(1400), &l4,
					      &ck, &psum);
		unsigned k = rnd_below(10);
		if (k < 6) {
			/* what a driver with VIRTIO_NET_F_CSUM hands over: the field
			 * holds the folded pseudo-header sum */
			wr16(f + ck, inet_fold16(psum));
			vif_send_csum(src, f, len, svnic_dma_send_csum(l4, ck - l4));
			n_ins++;
		} else if (k < 8) {
			/* refused: the field would lie (partly) past the end */
			unsigned start = rnd_below(2) ? l4 : rnd_below(len);
			unsigned off = len - start - 1 + rnd_below(40);
			wr16(f + ck, inet_fold16(psum));
			vif_send_csum(src, f, len, svnic_dma_send_csum(start, off));
			n_ref++;
		} else {
			/* from the wire: good, corrupted, UDP over IPv4 without one, not IP */
			unsigned w = rnd_below(4);
			for (unsigned i = 0; i < 6; i++)
				f[i] = (uint8_t)(M.mac[dv] >> (8 * i));
			if (w == 1)
				f[l4 + rnd_below(len - l4)] ^= (uint8_t)(1u << rnd_below(8));
			else if (w == 2 && udp && !v6)
				wr16(f + ck, 0);
			else if (w == 3)
				f[12] = 0x08, f[13] = 0x06; /* ARP */
			wire_inject(f, len, 0);
			settle();
			n_rx++;
		}
		if (M.qn[dv] > 4)
			while (M.qn[dv])
				vif_drain_one(dv);
	}
	for (unsigned v = 0; v < NV; v++)
		while (M.qn[v])
			vif_drain_one(v);
	check_counters();
	uint64_t refused = 0;
	for (unsigned v = 0; v < NV; v++)
		refused += M.csum_refused[v];
	CHECK(refused == n_ref, "refused requests: %" PRIu64 " counted, %u sent", refused, n_ref);
	printf("  checksum offload: %u inserted, %u refused, %u from the wire; verdicts so far: %lu not checked, "
	       "%lu OK, %lu bad; RSS hash types: %lu none, %lu/%lu/%lu IPv4 (IP/TCP/UDP), %lu/%lu/%lu IPv6\n",
	       n_ins, n_ref, n_rx, M.verdicts[0], M.verdicts[1], M.verdicts[2], M.hash_types[0], M.hash_types[1],
	       M.hash_types[2], M.hash_types[3], M.hash_types[4], M.hash_types[5], M.hash_types[6]);
	CHECK(M.verdicts[1] > 0 && M.verdicts[2] > 0 && M.verdicts[0] > 0, "every verdict seen");
	CHECK(M.hash_types[2] > 0 && M.hash_types[3] > 0 && M.hash_types[5] > 0 && M.hash_types[6] > 0,
	      "every TCP/UDP hash type seen");
}

static void test_random(unsigned frames)
{
	uint8_t f[MAX_FRAME];
	unsigned sent = 0, wire = 0;
	for (unsigned n = 0; n < frames; n++) {
		unsigned k = rnd_below(100);
		if (k < 45) {
			unsigned v = rnd_below(NV), len = rnd_range(14, 1518);
			random_frame(f, len, 0, v);
			vif_send(v, f, len);
			sent++;
		} else if (k < 85) {
			/* a burst of wire frames, including short and errored ones */
			unsigned nb = rnd_range(1, 4);
			for (unsigned b = 0; b < nb; b++) {
				unsigned len = rnd_below(20) == 0 ? rnd_range(1, 13) : rnd_range(14, 1518);
				random_frame(f, len, 1, 0);
				wire_inject(f, len, rnd_below(25) == 0);
				wire++;
			}
			settle();
			n += nb - 1;
		} else {
			unsigned v = rnd_below(NV);
			unsigned cnt = rnd_range(1, 6);
			for (unsigned i = 0; i < cnt; i++)
				vif_drain_one(v);
		}
		if (rnd_below(300) == 0) {
			/* reprogram one VIF: address (duplicates sometimes), VLAN
			 * (half the time 0, so wire traffic still finds VIFs),
			 * disabled, promiscuous or all-multicast sometimes */
			static const unsigned vlans[4] = { 0, 0, 10, 4094 };
			unsigned v = rnd_below(NV);
			uint64_t mac = rnd_below(3) == 0 ? M.mac[rnd_below(NV)] : (rnd() & 0xfffffffffffeull);
			set_vif(v, mac, vlans[rnd_below(4)], rnd_below(6) != 0, rnd_below(6) == 0, rnd_below(4) == 0);
		}
		if (n % 500 == 499)
			check_counters();
	}
	settle();
	check_wire();
	for (unsigned v = 0; v < NV; v++)
		while (M.qn[v])
			vif_drain_one(v);
	check_counters();
	printf("  random: %u VIF sends, %u wire frames (hairpin %lu, group %lu, to wire %lu, group frames kept off "
	       "other VLANs %lu, full buckets %lu, refused writes %lu)\n",
	       sent, wire, M.hairpin, M.bcast, M.to_wire, M.vlan_blocked, M.bucket_full, M.refused);
}

int main(int argc, char **argv)
{
	uint64_t seed = argc > 1 ? strtoull(argv[1], NULL, 0) : (uint64_t)time(NULL);
	unsigned frames = argc > 2 ? (unsigned)strtoul(argv[2], NULL, 0) : 5000;
	const char *fst = getenv("SVNIC_RTL_FST");

	printf("rtl_top seed %" PRIu64 " frames %u (rerun: rtl_top %" PRIu64 " %u)%s%s\n", seed, frames, seed, frames,
	       fst ? ", FST " : "", fst ? fst : "");
	setvbuf(stdout, NULL, _IOLBF, 0);
	rng_seed(seed);
	S.m = top_new(fst && *fst ? fst : NULL);
	S.rd_cur = -1;
	S.stall_pct = 20;
	S.irq_enable = 1;
	S.in.rst = 1;
	for (int i = 0; i < 5; i++)
		step();
	S.in.rst = 0;
	step();
	/* the table clears itself after reset and says so */
	CHECK(reg_rd(FW, SVNIC_FW_FDB_STATUS, NULL) & SVNIC_FDB_STATUS_BUSY, "FDB_STATUS not busy right after reset");
	fdb_wait_ready();
	/* so does the RX buffer; then every VIF gets its share, as firmware
	 * gives it (a quota of 0, the reset value, takes no frame) */
	CHECK(reg_rd(FW, SVNIC_FW_RXB_STATUS, NULL) & SVNIC_RXB_STATUS_BUSY, "RXB_STATUS not busy right after reset");
	rxb_wait_ready();
	for (unsigned v = 0; v < NV; v++) {
		CHECK(reg_rd(FW, RXB_VIF_REG(v, SVNIC_FW_RXB_VIF_QUOTA), NULL) == 0, "quota after reset");
		set_quota(v, QUOTA);
	}
	CHECK(reg_rd(FW, SVNIC_FW_RXB_FREE_CELLS, NULL) == CELLS, "RXB_FREE_CELLS after reset");
	/* each VIF's window in the datapath's table too (window 1 of each
	 * VIF, so that index 0 and the rest stay empty) */
	CHECK(reg_rd(FW, SVNIC_FW_DMAW_WINDOWS, NULL) == 8, "DMAW_WINDOWS");
	for (unsigned v = 0; v < NV; v++)
		CHECK(dmaw_set(v, 1, win_base(v), WIN_SIZE) == 0, "DMA window of VIF %u refused", v);

	test_ident();
	test_mailbox();
	test_doorbells();
	test_irq();
	test_irq_table();
	S.irq_n = 0;
	/* VIF MACs: locally administered unicast, all on VLAN 0 */
	for (unsigned v = 0; v < NV; v++)
		M.idx[v] = -1;
	for (unsigned v = 0; v < NV; v++)
		set_vif(v, 0x0000beef0002ull | (uint64_t)(v + 1) << 40, 0, 1, 0, 0);
	test_inline(60);
	test_fw_txbuf(60);
	test_directed_paths();
	test_vlans();
	test_quota_drop();
	test_flood();
	test_errors();
	test_tx_sched();
	test_csum_offload(400);
	S.stall_pct = 10;
	test_random(frames);
	CHECK(S.irq_n == 0, "stray interrupts");
	uint64_t drops = 0;
	for (unsigned v = 0; v < NV; v++)
		drops += M.rx_drop[v] + M.rx_drop_quota[v];
	printf("rtl_top PASS: %" PRIu64 " cycles, %lu checks, %lu DMA reads, %lu DMA writes, %" PRIu64
	       " RX buffer drops, %" PRIu64 " wire err drops, %" PRIu64 " no-VIF drops\n",
	       S.cycle, n_checks, S.n_rd, S.n_wr, drops, M.wire_err, M.wire_novif);
	top_free(S.m);
	return 0;
}
