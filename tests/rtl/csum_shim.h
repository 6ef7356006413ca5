/* SPDX-License-Identifier: MIT */
/* C view of the verilated svnic_csum_tx and svnic_csum_rx (DATA_WIDTH 64). */
#ifndef SVNIC_CSUM_SHIM_H
#define SVNIC_CSUM_SHIM_H
#include <stdint.h>

/* an AXI-Stream beat */
struct axis_beat {
	uint64_t tdata;
	uint32_t tkeep;
	int tvalid, tlast, tuser;
};

struct ctx_in {
	int rst;
	struct axis_beat s;
	int csum_req;
	unsigned csum_start, csum_offset;
	int m_tready;
};

struct ctx_out {
	int s_tready;
	struct axis_beat m;
	int stat_inserted, stat_refused, stat_oversize;
	uint32_t refused_count;
};

struct crx_in {
	int rst;
	struct axis_beat s;
	unsigned l3_type, l3_offset, l4_offset, l4_proto;
	int m_tready;
};

struct crx_out {
	int s_tready;
	struct axis_beat m;
	unsigned status;
};

/* MAX_FRAME the TX model was verilated with */
extern const unsigned csum_tx_max_frame;

void *csum_tx_new(void);
void csum_tx_free(void *m);
/* apply inputs with the clock low and settle; read the outputs */
void csum_tx_comb(void *m, const struct ctx_in *in, struct ctx_out *out);
void csum_tx_posedge(void *m);

void *csum_rx_new(void);
void csum_rx_free(void *m);
void csum_rx_comb(void *m, const struct crx_in *in, struct crx_out *out);
void csum_rx_posedge(void *m);

#endif
