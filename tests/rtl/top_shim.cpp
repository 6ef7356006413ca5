// SPDX-License-Identifier: MIT
// extern "C" access to the verilated svnic_top, with optional FST dumping.
#include <cstdint>
#include "verilated.h"
#include "verilated_fst_c.h"
#include "Vsvnic_top.h"

extern "C" {
#include "top_shim.h"
}

namespace {
struct top_ctx {
	VerilatedContext ctx;
	Vsvnic_top *m = nullptr;
	VerilatedFstC *fst = nullptr;
	uint64_t t = 0;
};
}

extern "C" void *top_new(const char *fst_path)
{
	top_ctx *c = new top_ctx;
	if (fst_path)
		c->ctx.traceEverOn(true);
	c->m = new Vsvnic_top(&c->ctx);
	if (fst_path) {
		c->fst = new VerilatedFstC;
		c->m->trace(c->fst, 99);
		c->fst->open(fst_path);
	}
	c->m->clk = 0;
	c->m->eval();
	return c;
}

extern "C" void top_free(void *vc)
{
	top_ctx *c = static_cast<top_ctx *>(vc);
	c->m->final();
	if (c->fst) {
		c->fst->close();
		delete c->fst;
	}
	delete c->m;
	delete c;
}

extern "C" void top_comb(void *vc, const struct top_in *in, struct top_out *out)
{
	top_ctx *c = static_cast<top_ctx *>(vc);
	Vsvnic_top *m = c->m;
	m->rst = in->rst;
	m->s_axil_host_awaddr = in->awaddr[0];
	m->s_axil_host_awvalid = in->awvalid[0];
	m->s_axil_host_wdata = in->wdata[0];
	m->s_axil_host_wstrb = in->wstrb[0];
	m->s_axil_host_wvalid = in->wvalid[0];
	m->s_axil_host_bready = in->bready[0];
	m->s_axil_host_araddr = in->araddr[0];
	m->s_axil_host_arvalid = in->arvalid[0];
	m->s_axil_host_rready = in->rready[0];
	m->s_axil_fw_awaddr = in->awaddr[1];
	m->s_axil_fw_awvalid = in->awvalid[1];
	m->s_axil_fw_wdata = in->wdata[1];
	m->s_axil_fw_wstrb = in->wstrb[1];
	m->s_axil_fw_wvalid = in->wvalid[1];
	m->s_axil_fw_bready = in->bready[1];
	m->s_axil_fw_araddr = in->araddr[1];
	m->s_axil_fw_arvalid = in->arvalid[1];
	m->s_axil_fw_rready = in->rready[1];
	m->s_axis_fwcmd_tdata = in->fwcmd_tdata;
	m->s_axis_fwcmd_tvalid = in->fwcmd_tvalid;
	m->s_axis_fwcmd_tlast = in->fwcmd_tlast;
	m->m_axis_fwcpl_tready = in->fwcpl_tready;
	m->m_dma_rd_req_ready = in->dma_rd_req_ready;
	m->s_axis_dma_rd_tdata = in->dma_rd_tdata;
	m->s_axis_dma_rd_tid = in->dma_rd_tid;
	m->s_axis_dma_rd_tvalid = in->dma_rd_tvalid;
	m->s_axis_dma_rd_tlast = in->dma_rd_tlast;
	m->s_axis_dma_rd_tuser = in->dma_rd_tuser;
	m->m_dma_wr_req_ready = in->dma_wr_req_ready;
	m->m_axis_dma_wr_tready = in->dma_wr_tready;
	m->s_dma_wr_done_valid = in->dma_wr_done_valid;
	m->s_dma_wr_done_fault = in->dma_wr_done_fault;
	m->s_axis_eth_rx_tdata = in->eth_rx_tdata;
	m->s_axis_eth_rx_tkeep = in->eth_rx_tkeep;
	m->s_axis_eth_rx_tvalid = in->eth_rx_tvalid;
	m->s_axis_eth_rx_tlast = in->eth_rx_tlast;
	m->s_axis_eth_rx_tuser = in->eth_rx_tuser;
	m->m_axis_eth_tx_tready = in->eth_tx_tready;
	m->m_irq_ready = in->irq_ready;
	m->clk = 0;
	m->eval();

	out->awready[0] = m->s_axil_host_awready;
	out->wready[0] = m->s_axil_host_wready;
	out->bvalid[0] = m->s_axil_host_bvalid;
	out->bresp[0] = m->s_axil_host_bresp;
	out->arready[0] = m->s_axil_host_arready;
	out->rvalid[0] = m->s_axil_host_rvalid;
	out->rdata[0] = m->s_axil_host_rdata;
	out->rresp[0] = m->s_axil_host_rresp;
	out->awready[1] = m->s_axil_fw_awready;
	out->wready[1] = m->s_axil_fw_wready;
	out->bvalid[1] = m->s_axil_fw_bvalid;
	out->bresp[1] = m->s_axil_fw_bresp;
	out->arready[1] = m->s_axil_fw_arready;
	out->rvalid[1] = m->s_axil_fw_rvalid;
	out->rdata[1] = m->s_axil_fw_rdata;
	out->rresp[1] = m->s_axil_fw_rresp;
	out->fwcmd_tready = m->s_axis_fwcmd_tready;
	out->fwcpl_tdata = m->m_axis_fwcpl_tdata;
	out->fwcpl_tvalid = m->m_axis_fwcpl_tvalid;
	out->fwcpl_tlast = m->m_axis_fwcpl_tlast;
	out->dma_rd_req_addr = m->m_dma_rd_req_addr;
	out->dma_rd_req_len = m->m_dma_rd_req_len;
	out->dma_rd_req_domain = m->m_dma_rd_req_domain;
	out->dma_rd_req_tag = m->m_dma_rd_req_tag;
	out->dma_rd_req_valid = m->m_dma_rd_req_valid;
	out->dma_rd_tready = m->s_axis_dma_rd_tready;
	out->dma_wr_req_addr = m->m_dma_wr_req_addr;
	out->dma_wr_req_len = m->m_dma_wr_req_len;
	out->dma_wr_req_domain = m->m_dma_wr_req_domain;
	out->dma_wr_req_valid = m->m_dma_wr_req_valid;
	out->dma_wr_tdata = m->m_axis_dma_wr_tdata;
	out->dma_wr_tkeep = m->m_axis_dma_wr_tkeep;
	out->dma_wr_tvalid = m->m_axis_dma_wr_tvalid;
	out->dma_wr_tlast = m->m_axis_dma_wr_tlast;
	out->dma_wr_done_ready = m->s_dma_wr_done_ready;
	out->eth_rx_tready = m->s_axis_eth_rx_tready;
	out->eth_tx_tdata = m->m_axis_eth_tx_tdata;
	out->eth_tx_tkeep = m->m_axis_eth_tx_tkeep;
	out->eth_tx_tvalid = m->m_axis_eth_tx_tvalid;
	out->eth_tx_tlast = m->m_axis_eth_tx_tlast;
	out->irq_valid = m->m_irq_valid;
	out->irq_vector = m->m_irq_vector;
	if (c->fst)
		c->fst->dump(c->t);
	c->t += 5;
}

extern "C" void top_posedge(void *vc)
{
	top_ctx *c = static_cast<top_ctx *>(vc);
	c->m->clk = 1;
	c->m->eval();
	if (c->fst)
		c->fst->dump(c->t);
	c->t += 5;
	c->m->clk = 0;
}
