/* SPDX-License-Identifier: MIT */
/* C view of the verilated svnic_tx_sched configurations. */
#ifndef SVNIC_TX_SCHED_SHIM_H
#define SVNIC_TX_SCHED_SHIM_H
#include <stdint.h>

struct sched_in {
	int rst;
	int cfg_wr_en;
	unsigned cfg_wr_vif, cfg_wr_sel; /* sel 0: quantum, 1: rate, 2: burst */
	uint32_t cfg_wr_data;
	unsigned db_vif;
	int db_valid;
	int grant_ready;
	unsigned done_len;
	int done_more;
	int done_valid;
};

struct sched_out {
	int init_busy;
	int db_ready;
	unsigned grant_vif;
	int grant_valid;
	int done_ready;
};

/* One verilated configuration: NUM_VIFS and TICK_CYCLES it was built with. */
struct sched_model {
	const char *name;
	unsigned num_vifs, tick_cycles;
	void *(*create)(void);
	void (*destroy)(void *m);
	/* apply inputs with the clock low and settle; read the outputs */
	void (*comb)(void *m, const struct sched_in *in, struct sched_out *out);
	/* one rising clock edge */
	void (*posedge)(void *m);
};

extern const struct sched_model sched4_model, sched64_model, sched256_model;

#endif
