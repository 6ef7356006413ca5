/* SPDX-License-Identifier: MIT */
/* C view of the verilated svnic_dma_win configurations. */
#ifndef SVNIC_DMA_WIN_SHIM_H
#define SVNIC_DMA_WIN_SHIM_H
#include <stdint.h>

struct dmawin_in {
	int rst;
	int wr_en;
	unsigned wr_addr;
	uint32_t wr_data;
	int rd_en;
	unsigned rd_addr;
	uint64_t job_addr;
	unsigned job_len, job_domain;
	int job_write, job_valid;
	int out_ready;
};

struct dmawin_out {
	int wr_hit, rd_sel;
	uint32_t rd_data;
	int job_ready;
	uint64_t out_addr;
	unsigned out_len, out_domain;
	int out_write, out_refused, out_valid;
	int fault_event;
};

/* One verilated configuration: the parameters it was built with. */
struct dmawin_model {
	const char *name;
	unsigned num_vifs, n_win;
	void *(*create)(void);
	void (*destroy)(void *m);
	/* apply inputs with the clock low and settle; read the outputs */
	void (*comb)(void *m, const struct dmawin_in *in, struct dmawin_out *out);
	/* one rising clock edge */
	void (*posedge)(void *m);
};

extern const struct dmawin_model dmawin4_model, dmawin32_model, dmawin256_model;

#endif
