/* SPDX-License-Identifier: MIT */
/* C view of the verilated svnic_dma_rd configurations. */
#ifndef SVNIC_DMA_RD_SHIM_H
#define SVNIC_DMA_RD_SHIM_H
#include <stdint.h>

struct dmard_in {
	int rst;
	uint64_t job_addr;
	unsigned job_len, job_domain;
	int job_refused, job_valid;
	int req_ready;
	uint64_t cpl_data;
	unsigned cpl_tag;
	int cpl_valid, cpl_last, cpl_err;
	int out_ready;
};

struct dmard_out {
	int job_ready;
	uint64_t req_addr;
	unsigned req_len, req_domain, req_tag;
	int req_valid;
	int cpl_ready;
	uint64_t out_data;
	unsigned out_keep;
	int out_valid, out_last, out_err;
	unsigned tags_in_use;
	int cpl_bad;
};

/* One verilated configuration: the parameters it was built with. */
struct dmard_model {
	const char *name;
	unsigned n_tags, max_read_req;
	void *(*create)(void);
	void (*destroy)(void *m);
	/* apply inputs with the clock low and settle; read the outputs */
	void (*comb)(void *m, const struct dmard_in *in, struct dmard_out *out);
	/* one rising clock edge */
	void (*posedge)(void *m);
};

extern const struct dmard_model dmard8_model, dmard4_model, dmard2_model;

#endif
