/* SPDX-License-Identifier: MIT */
/* C view of the verilated svnic_rx_pktbuf configurations. */
#ifndef SVNIC_PKTBUF_SHIM_H
#define SVNIC_PKTBUF_SHIM_H
#include <stdint.h>

struct pb_in {
	int rst;
	int cfg_wr_en;
	unsigned cfg_wr_vif, cfg_wr_quota;
	uint64_t s_tdata;
	unsigned s_tkeep, s_tdest;
	int s_tvalid, s_tlast;
	int rd_req_valid;
	unsigned rd_req_vif;
	int m_tready;
	unsigned stat_vif, stat_sel;
};

struct pb_out {
	int init_busy, s_tready;
	int ev_valid;
	unsigned ev_vif, ev_len, ev_status;
	int rd_req_ready, rd_empty;
	uint64_t m_tdata;
	unsigned m_tkeep, m_tdest;
	int m_tvalid, m_tlast;
	unsigned free_cells, stat_frames, stat_cells, stat_quota;
	uint32_t stat_count;
};

/* One verilated configuration and the parameters it was built with. */
struct pb_model {
	const char *name;
	unsigned num_vifs, buf_bytes, cell_bytes, desc_per_vif, max_frame;
	void *(*create)(void);
	void (*destroy)(void *m);
	/* apply inputs with the clock low and settle; read the outputs */
	void (*comb)(void *m, const struct pb_in *in, struct pb_out *out);
	/* one rising clock edge */
	void (*posedge)(void *m);
};

extern const struct pb_model pb4_model, pb16_model, pb256_model;

#endif
