// SPDX-License-Identifier: MIT
// extern "C" access to the verilated svnic_rss, with optional FST dumping.
#include <cstdint>
#include "verilated.h"
#include "verilated_fst_c.h"
#include "Vrss.h"

extern "C" {
#include "rss_shim.h"
}

namespace {
struct rss_ctx {
	VerilatedContext ctx;
	Vrss *m = nullptr;
	VerilatedFstC *fst = nullptr;
	uint64_t t = 0;
};

// a 128-bit port from 16 bytes in network order (byte 0 in [127:120])
void put_addr(VlWide<4> &w, const uint8_t *b)
{
	for (unsigned k = 0; k < 4; k++)
		w[3 - k] = (uint32_t)b[4 * k] << 24 | (uint32_t)b[4 * k + 1] << 16 |
			   (uint32_t)b[4 * k + 2] << 8 | b[4 * k + 3];
}
}

extern "C" void *rss_new(const char *fst_path)
{
	rss_ctx *c = new rss_ctx;
	if (fst_path)
		c->ctx.traceEverOn(true);
	c->m = new Vrss(&c->ctx);
	if (fst_path) {
		c->fst = new VerilatedFstC;
		c->m->trace(c->fst, 99);
		c->fst->open(fst_path);
	}
	c->m->clk = 0;
	c->m->eval();
	return c;
}

extern "C" void rss_free(void *vc)
{
	rss_ctx *c = static_cast<rss_ctx *>(vc);
	c->m->final();
	if (c->fst) {
		c->fst->close();
		delete c->fst;
	}
	delete c->m;
	delete c;
}

extern "C" void rss_comb(void *vc, const struct rss_in *in, struct rss_out *out)
{
	rss_ctx *c = static_cast<rss_ctx *>(vc);
	Vrss *m = c->m;
	m->rst = in->rst;
	m->key_wr_en = in->key_wr_en ? 1 : 0;
	m->key_wr_addr = in->key_wr_addr;
	m->key_wr_data = in->key_wr_data;
	m->ind_wr_en = in->ind_wr_en ? 1 : 0;
	m->ind_wr_addr = in->ind_wr_addr;
	m->ind_wr_data = in->ind_wr_data;
	m->hash_enable = in->hash_enable;
	m->default_queue = in->default_queue;
	m->s_meta_valid = in->s_valid ? 1 : 0;
	m->s_meta_is_ipv4 = in->is_ipv4 ? 1 : 0;
	m->s_meta_is_ipv6 = in->is_ipv6 ? 1 : 0;
	m->s_meta_is_tcp = in->is_tcp ? 1 : 0;
	m->s_meta_is_udp = in->is_udp ? 1 : 0;
	put_addr(m->s_meta_ip_src, in->src);
	put_addr(m->s_meta_ip_dst, in->dst);
	m->s_meta_l4_src_port = in->sport;
	m->s_meta_l4_dst_port = in->dport;
	m->s_meta_user = in->user;
	m->m_rss_ready = in->m_ready ? 1 : 0;
	m->clk = 0;
	m->eval();
	out->s_ready = m->s_meta_ready;
	out->m_valid = m->m_rss_valid;
	out->hash = m->m_rss_hash;
	out->type = m->m_rss_hash_type;
	out->queue = m->m_rss_queue;
	out->user = m->m_rss_user;
	if (c->fst)
		c->fst->dump(c->t);
	c->t += 5;
}

extern "C" void rss_tick(void *vc)
{
	rss_ctx *c = static_cast<rss_ctx *>(vc);
	c->m->clk = 1;
	c->m->eval();
	if (c->fst)
		c->fst->dump(c->t);
	c->t += 5;
	c->m->clk = 0; // evaluated with the next inputs
}
