/* SPDX-License-Identifier: MIT */
/* C view of the verilated svnic_irq configurations. */
#ifndef SVNIC_IRQ_SHIM_H
#define SVNIC_IRQ_SHIM_H
#include <stdint.h>

struct irq_in {
	int rst;
	int raise;
	unsigned raise_vec;
	int cfg_wr_en;
	unsigned cfg_wr_vec, cfg_wr_sel; /* sel 0: mask, 1: max_frames, 2: max_usecs */
	uint32_t cfg_wr_data;
	int rd_en, rd_pba;
	unsigned rd_word, rd_vec, rd_sel;
	int irq_ready;
};

struct irq_out {
	int init_busy;
	uint32_t rd_data;
	int irq_valid;
	unsigned irq_vector;
};

/* One verilated configuration: the NUM_VEC and CYCLES_PER_US it was built
 * with (FRAMES_W 8, USECS_W 16, the defaults). */
struct irq_model {
	const char *name;
	unsigned num_vec, cycles_per_us;
	void *(*create)(void);
	void (*destroy)(void *m);
	/* apply inputs with the clock low and settle; read the outputs */
	void (*comb)(void *m, const struct irq_in *in, struct irq_out *out);
	/* one rising clock edge */
	void (*posedge)(void *m);
};

extern const struct irq_model irq8_model, irq40_model, irq1088_model;

#endif
