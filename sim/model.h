/* SPDX-License-Identifier: MIT */
/*
 * C interface to the Verilated card (hw-rtl/svnic_top.sv). One call runs one
 * clock cycle: inputs are applied, the outputs that settle before the rising
 * edge are returned (those are the values every ready/valid handshake of the
 * cycle is decided on), then the edge is taken.
 */
#ifndef SVNIC_SIM_MODEL_H
#define SVNIC_SIM_MODEL_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

struct svnic_axil_in {
	uint16_t awaddr;
	uint8_t awvalid;
	uint32_t wdata;
	uint8_t wstrb, wvalid, bready;
	uint16_t araddr;
	uint8_t arvalid, rready;
};

struct svnic_axil_out {
	uint8_t awready, wready, bvalid, bresp, arready, rvalid, rresp;
	uint32_t rdata;
};

struct svnic_model_in {
	uint8_t rst;
	struct svnic_axil_in host, fw;
	uint64_t fwcmd_tdata;
	uint8_t fwcmd_tvalid, fwcmd_tlast;
	uint8_t fwcpl_tready;
	uint8_t dma_rd_req_ready;
	uint64_t dma_rd_tdata; /* address-aligned completion beats */
	uint8_t dma_rd_tid, dma_rd_tvalid, dma_rd_tlast, dma_rd_tuser;
	uint8_t dma_wr_req_ready, dma_wr_tready;
	uint8_t dma_wr_done_valid, dma_wr_done_fault;
	uint64_t eth_rx_tdata;
	uint8_t eth_rx_tkeep, eth_rx_tvalid, eth_rx_tlast, eth_rx_tuser;
	uint8_t eth_tx_tready;
	uint8_t irq_ready;
};

struct svnic_model_out {
	struct svnic_axil_out host, fw;
	uint8_t fwcmd_tready;
	uint64_t fwcpl_tdata;
	uint8_t fwcpl_tvalid, fwcpl_tlast;
	uint64_t dma_rd_req_addr;
	uint16_t dma_rd_req_len;
	uint8_t dma_rd_req_domain, dma_rd_req_tag, dma_rd_req_valid;
	uint8_t dma_rd_tready;
	uint64_t dma_wr_req_addr;
	uint16_t dma_wr_req_len;
	uint8_t dma_wr_req_domain, dma_wr_req_valid;
	uint64_t dma_wr_tdata;
	uint8_t dma_wr_tkeep, dma_wr_tvalid, dma_wr_tlast;
	uint8_t dma_wr_done_ready;
	uint8_t eth_rx_tready;
	uint64_t eth_tx_tdata;
	uint8_t eth_tx_tkeep, eth_tx_tvalid, eth_tx_tlast;
	uint8_t irq_valid;
	uint16_t irq_vector;
};

struct svnic_model;

struct svnic_model *svnic_model_new(void);
void svnic_model_free(struct svnic_model *m);
/* Start dumping an FST waveform; 0, or -1 if tracing is unavailable. */
int svnic_model_trace(struct svnic_model *m, const char *path);
void svnic_model_cycle(struct svnic_model *m, const struct svnic_model_in *in,
		       struct svnic_model_out *out);
uint64_t svnic_model_cycles(const struct svnic_model *m);

#ifdef __cplusplus
}
#endif

#endif
