/* SPDX-License-Identifier: MIT */
/* C view of the verilated svnic_dma_wr configurations. */
#ifndef SVNIC_DMA_WR_SHIM_H
#define SVNIC_DMA_WR_SHIM_H
#include <stdint.h>

struct dmawr_in {
	int rst;
	uint64_t job_addr;
	unsigned job_len, job_domain;
	int job_refused, job_valid;
	uint64_t data;
	int data_valid;
	int req_ready, wr_ready;
	int done_valid, done_fault;
	int jdone_ready;
};

struct dmawr_out {
	int job_ready, data_ready;
	uint64_t req_addr;
	unsigned req_len, req_domain;
	int req_valid;
	uint64_t wr_data;
	unsigned wr_keep;
	int wr_valid, wr_last;
	int jdone_valid, jdone_fault;
};

/* One verilated configuration: the MAX_PAYLOAD it was built with. */
struct dmawr_model {
	const char *name;
	unsigned max_payload;
	void *(*create)(void);
	void (*destroy)(void *m);
	/* apply inputs with the clock low and settle; read the outputs */
	void (*comb)(void *m, const struct dmawr_in *in, struct dmawr_out *out);
	/* one rising clock edge */
	void (*posedge)(void *m);
};

extern const struct dmawr_model dmawr256_model, dmawr64_model, dmawr4096_model;

#endif
