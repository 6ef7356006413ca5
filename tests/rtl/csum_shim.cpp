// SPDX-License-Identifier: MIT
// extern "C" access to the verilated svnic_csum_tx and svnic_csum_rx.
#include <cstdint>
#include "verilated.h"
#include "Vcsum_tx.h"
#include "Vcsum_rx.h"

extern "C" {
#include "csum_shim.h"
}

#ifndef CSUM_TX_MAX_FRAME
#error "CSUM_TX_MAX_FRAME must give the MAX_FRAME the model was built with"
#endif

extern "C" const unsigned csum_tx_max_frame = CSUM_TX_MAX_FRAME;

template <class M> static void *model_new()
{
	M *m = new M;
	m->clk = 0;
	m->eval();
	return m;
}

template <class M> static void model_posedge(void *vm)
{
	M *m = static_cast<M *>(vm);
	m->clk = 1;
	m->eval();
	m->clk = 0;
	m->eval();
}

template <class M> static void model_free(void *vm)
{
	M *m = static_cast<M *>(vm);
	m->final();
	delete m;
}

extern "C" void *csum_tx_new(void) { return model_new<Vcsum_tx>(); }
extern "C" void csum_tx_free(void *m) { model_free<Vcsum_tx>(m); }
extern "C" void csum_tx_posedge(void *m) { model_posedge<Vcsum_tx>(m); }

extern "C" void csum_tx_comb(void *vm, const struct ctx_in *in, struct ctx_out *out)
{
	Vcsum_tx *m = static_cast<Vcsum_tx *>(vm);
	m->rst = in->rst;
	m->s_axis_tdata = in->s.tdata;
	m->s_axis_tkeep = in->s.tkeep;
	m->s_axis_tvalid = in->s.tvalid;
	m->s_axis_tlast = in->s.tlast;
	m->s_axis_tuser = in->s.tuser;
	m->s_axis_csum_req = in->csum_req;
	m->s_axis_csum_start = in->csum_start;
	m->s_axis_csum_offset = in->csum_offset;
	m->m_axis_tready = in->m_tready;
	m->eval();
	out->s_tready = m->s_axis_tready;
	out->m.tdata = m->m_axis_tdata;
	out->m.tkeep = m->m_axis_tkeep;
	out->m.tvalid = m->m_axis_tvalid;
	out->m.tlast = m->m_axis_tlast;
	out->m.tuser = m->m_axis_tuser;
	out->stat_inserted = m->stat_inserted;
	out->stat_refused = m->stat_refused;
	out->stat_oversize = m->stat_oversize;
	out->refused_count = m->refused_count;
}

extern "C" void *csum_rx_new(void) { return model_new<Vcsum_rx>(); }
extern "C" void csum_rx_free(void *m) { model_free<Vcsum_rx>(m); }
extern "C" void csum_rx_posedge(void *m) { model_posedge<Vcsum_rx>(m); }

extern "C" void csum_rx_comb(void *vm, const struct crx_in *in, struct crx_out *out)
{
	Vcsum_rx *m = static_cast<Vcsum_rx *>(vm);
	m->rst = in->rst;
	m->s_axis_tdata = in->s.tdata;
	m->s_axis_tkeep = in->s.tkeep;
	m->s_axis_tvalid = in->s.tvalid;
	m->s_axis_tlast = in->s.tlast;
	m->s_axis_tuser = in->s.tuser;
	m->s_axis_l3_type = in->l3_type;
	m->s_axis_l3_offset = in->l3_offset;
	m->s_axis_l4_offset = in->l4_offset;
	m->s_axis_l4_proto = in->l4_proto;
	m->m_axis_tready = in->m_tready;
	m->eval();
	out->s_tready = m->s_axis_tready;
	out->m.tdata = m->m_axis_tdata;
	out->m.tkeep = m->m_axis_tkeep;
	out->m.tvalid = m->m_axis_tvalid;
	out->m.tlast = m->m_axis_tlast;
	out->m.tuser = m->m_axis_tuser;
	out->status = m->m_axis_csum_status;
}
