/* SPDX-License-Identifier: MIT */
/* C view of the verilated svnic_top (default parameters). */
#ifndef SVNIC_TOP_SHIM_H
#define SVNIC_TOP_SHIM_H
#include <stdint.h>

struct top_in {
	int rst;
	/* host and firmware AXI-Lite: index 0 = host, 1 = firmware */
	uint32_t awaddr[2], wdata[2], wstrb[2], araddr[2];
	int awvalid[2], wvalid[2], bready[2], arvalid[2], rready[2];
	uint64_t fwcmd_tdata;
	int fwcmd_tvalid, fwcmd_tlast;
	int fwcpl_tready;
	int dma_rd_req_ready;
	uint64_t dma_rd_tdata;
	uint32_t dma_rd_tid;
	int dma_rd_tvalid, dma_rd_tlast, dma_rd_tuser;
	int dma_wr_req_ready;
	int dma_wr_tready;
	int dma_wr_done_valid, dma_wr_done_fault;
	uint64_t eth_rx_tdata;
	uint32_t eth_rx_tkeep;
	int eth_rx_tvalid, eth_rx_tlast, eth_rx_tuser;
	int eth_tx_tready;
	int irq_ready;
};

struct top_out {
	int awready[2], wready[2], bvalid[2], arready[2], rvalid[2];
	uint32_t bresp[2], rdata[2], rresp[2];
	int fwcmd_tready;
	uint64_t fwcpl_tdata;
	int fwcpl_tvalid, fwcpl_tlast;
	uint64_t dma_rd_req_addr;
	uint32_t dma_rd_req_len, dma_rd_req_domain, dma_rd_req_tag;
	int dma_rd_req_valid;
	int dma_rd_tready;
	uint64_t dma_wr_req_addr;
	uint32_t dma_wr_req_len, dma_wr_req_domain;
	int dma_wr_req_valid;
	uint64_t dma_wr_tdata;
	uint32_t dma_wr_tkeep;
	int dma_wr_tvalid, dma_wr_tlast;
	int dma_wr_done_ready;
	int eth_rx_tready;
	uint64_t eth_tx_tdata;
	uint32_t eth_tx_tkeep;
	int eth_tx_tvalid, eth_tx_tlast;
	int irq_valid;
	uint32_t irq_vector;
};

/* fst_path: NULL for no waveform. */
void *top_new(const char *fst_path);
void top_free(void *m);
/* Apply inputs with the clock low and settle; read the outputs. */
void top_comb(void *m, const struct top_in *in, struct top_out *out);
/* One rising clock edge (then the clock goes low again). */
void top_posedge(void *m);

#endif
