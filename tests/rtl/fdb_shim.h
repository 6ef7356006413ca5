/* SPDX-License-Identifier: MIT */
/* C view of the verilated svnic_fdb configurations. */
#ifndef SVNIC_FDB_SHIM_H
#define SVNIC_FDB_SHIM_H
#include <stdint.h>

struct fdb_in {
	int rst;
	int tbl_wr_en, tbl_wr_valid;
	unsigned tbl_wr_index, tbl_wr_vlan, tbl_wr_vif;
	uint64_t tbl_wr_mac;
	int vif_wr_en, vif_wr_enable, vif_wr_promisc, vif_wr_allmulti;
	unsigned vif_wr_vif, vif_wr_vlan;
	int req_valid, req_src_wire;
	uint64_t req_dst_mac;
	unsigned req_src_vif, req_vlan;
	int res_ready;
};

struct fdb_out {
	int init_busy, tbl_wr_err, req_ready;
	int res_valid, res_last, res_to_wire;
	unsigned res_chunk, res_drop, res_vlan;
	uint64_t res_mask;
	uint32_t cnt_unknown, cnt_nomember, cnt_srcdis;
};

/* One verilated configuration and the parameters it was built with. */
struct fdb_model {
	const char *name;
	unsigned entries, ways, num_vifs, chunk;
	void *(*create)(void);
	void (*destroy)(void *m);
	/* apply inputs with the clock low and settle; read the outputs */
	void (*comb)(void *m, const struct fdb_in *in, struct fdb_out *out);
	/* one rising clock edge */
	void (*posedge)(void *m);
};

extern const struct fdb_model fdb16_model, fdb64_model, fdb256_model;

#endif
