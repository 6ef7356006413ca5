// SPDX-License-Identifier: MIT
// The only C++ of the simulator: Verilator's generated model demands it.
// Everything else talks to the card through model.h.
#include "model.h"

#include <memory>

#include "Vsvnic_top.h"
#include "verilated.h"
#include "verilated_fst_c.h"

struct svnic_model {
	std::unique_ptr<VerilatedContext> ctx;
	std::unique_ptr<Vsvnic_top> top;
	std::unique_ptr<VerilatedFstC> fst;
	uint64_t cycles = 0;
};

extern "C" struct svnic_model *svnic_model_new(void)
{
	auto *m = new svnic_model;
	m->ctx = std::make_unique<VerilatedContext>();
	m->top = std::make_unique<Vsvnic_top>(m->ctx.get(), "svnic_top");
	return m;
}

extern "C" void svnic_model_free(struct svnic_model *m)
{
	if (!m)
		return;
	if (m->fst)
		m->fst->close();
	m->top->final();
	delete m;
}

extern "C" int svnic_model_trace(struct svnic_model *m, const char *path)
{
	m->ctx->traceEverOn(true);
	m->fst = std::make_unique<VerilatedFstC>();
	m->top->trace(m->fst.get(), 99);
	m->fst->open(path);
	return m->fst->isOpen() ? 0 : -1;
}

extern "C" uint64_t svnic_model_cycles(const struct svnic_model *m)
{
	return m->cycles;
}

#define AXIL_IN(pfx, s)                                                    \
	t->s_axil_##pfx##_awaddr = s.awaddr;                               \
	t->s_axil_##pfx##_awvalid = s.awvalid;                             \
	t->s_axil_##pfx##_wdata = s.wdata;                                 \
	t->s_axil_##pfx##_wstrb = s.wstrb;                                 \
	t->s_axil_##pfx##_wvalid = s.wvalid;                               \
	t->s_axil_##pfx##_bready = s.bready;                               \
	t->s_axil_##pfx##_araddr = s.araddr;                               \
	t->s_axil_##pfx##_arvalid = s.arvalid;                             \
	t->s_axil_##pfx##_rready = s.rready

#define AXIL_OUT(pfx, s)                                                   \
	s.awready = t->s_axil_##pfx##_awready;                             \
	s.wready = t->s_axil_##pfx##_wready;                               \
	s.bvalid = t->s_axil_##pfx##_bvalid;                               \
	s.bresp = t->s_axil_##pfx##_bresp;                                 \
	s.arready = t->s_axil_##pfx##_arready;                             \
	s.rvalid = t->s_axil_##pfx##_rvalid;                               \
	s.rresp = t->s_axil_##pfx##_rresp;                                 \
	s.rdata = t->s_axil_##pfx##_rdata

extern "C" void svnic_model_cycle(struct svnic_model *m, const struct svnic_model_in *in,
				  struct svnic_model_out *out)
{
	Vsvnic_top *t = m->top.get();
	t->rst = in->rst;
	AXIL_IN(host, in->host);
	AXIL_IN(fw, in->fw);
	t->s_axis_fwcmd_tdata = in->fwcmd_tdata;
	t->s_axis_fwcmd_tvalid = in->fwcmd_tvalid;
	t->s_axis_fwcmd_tlast = in->fwcmd_tlast;
	t->m_axis_fwcpl_tready = in->fwcpl_tready;
	t->m_dma_rd_req_ready = in->dma_rd_req_ready;
	t->s_axis_dma_rd_tdata = in->dma_rd_tdata;
	t->s_axis_dma_rd_tid = in->dma_rd_tid;
	t->s_axis_dma_rd_tvalid = in->dma_rd_tvalid;
	t->s_axis_dma_rd_tlast = in->dma_rd_tlast;
	t->s_axis_dma_rd_tuser = in->dma_rd_tuser;
	t->m_dma_wr_req_ready = in->dma_wr_req_ready;
	t->m_axis_dma_wr_tready = in->dma_wr_tready;
	t->s_dma_wr_done_valid = in->dma_wr_done_valid;
	t->s_dma_wr_done_fault = in->dma_wr_done_fault;
	t->s_axis_eth_rx_tdata = in->eth_rx_tdata;
	t->s_axis_eth_rx_tkeep = in->eth_rx_tkeep;
	t->s_axis_eth_rx_tvalid = in->eth_rx_tvalid;
	t->s_axis_eth_rx_tlast = in->eth_rx_tlast;
	t->s_axis_eth_rx_tuser = in->eth_rx_tuser;
	t->m_axis_eth_tx_tready = in->eth_tx_tready;
	t->m_irq_ready = in->irq_ready;

	t->clk = 0;
	t->eval();
	if (m->fst)
		m->fst->dump(m->ctx->time());
	m->ctx->timeInc(1);

	AXIL_OUT(host, out->host);
	AXIL_OUT(fw, out->fw);
	out->fwcmd_tready = t->s_axis_fwcmd_tready;
	out->fwcpl_tdata = t->m_axis_fwcpl_tdata;
	out->fwcpl_tvalid = t->m_axis_fwcpl_tvalid;
	out->fwcpl_tlast = t->m_axis_fwcpl_tlast;
	out->dma_rd_req_addr = t->m_dma_rd_req_addr;
	out->dma_rd_req_len = t->m_dma_rd_req_len;
	out->dma_rd_req_domain = t->m_dma_rd_req_domain;
	out->dma_rd_req_tag = t->m_dma_rd_req_tag;
	out->dma_rd_req_valid = t->m_dma_rd_req_valid;
	out->dma_rd_tready = t->s_axis_dma_rd_tready;
	out->dma_wr_req_addr = t->m_dma_wr_req_addr;
	out->dma_wr_req_len = t->m_dma_wr_req_len;
	out->dma_wr_req_domain = t->m_dma_wr_req_domain;
	out->dma_wr_req_valid = t->m_dma_wr_req_valid;
	out->dma_wr_tdata = t->m_axis_dma_wr_tdata;
	out->dma_wr_tkeep = t->m_axis_dma_wr_tkeep;
	out->dma_wr_tvalid = t->m_axis_dma_wr_tvalid;
	out->dma_wr_tlast = t->m_axis_dma_wr_tlast;
	out->dma_wr_done_ready = t->s_dma_wr_done_ready;
	out->eth_rx_tready = t->s_axis_eth_rx_tready;
	out->eth_tx_tdata = t->m_axis_eth_tx_tdata;
	out->eth_tx_tkeep = t->m_axis_eth_tx_tkeep;
	out->eth_tx_tvalid = t->m_axis_eth_tx_tvalid;
	out->eth_tx_tlast = t->m_axis_eth_tx_tlast;
	out->irq_valid = t->m_irq_valid;
	out->irq_vector = t->m_irq_vector;

	t->clk = 1;
	t->eval();
	if (m->fst)
		m->fst->dump(m->ctx->time());
	m->ctx->timeInc(1);
	m->cycles++;
}
