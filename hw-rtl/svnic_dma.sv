// SPDX-License-Identifier: MIT
`resetall
`timescale 1ns / 1ps
`default_nettype none

/*
 * The card's DMA engine between the command engine and host memory.
 *
 * Every read and write job of the command engine is first checked against
 * its VIF's windows (svnic_dma_win, on the firmware register window); a
 * refused job issues nothing: a read returns one error beat (tuser, tlast),
 * a write takes its data and reports a fault. Reads are then split into
 * tagged requests of at most MAX_READ_REQ bytes, up to N_TAGS outstanding,
 * completed in any order and delivered in order (svnic_dma_rd); writes into
 * requests of at most MAX_PAYLOAD bytes (svnic_dma_wr). Toward the command
 * engine the data streams are packed from byte 0 of the job; toward host
 * memory they are address-aligned (see svnic_dma_rd / svnic_dma_wr).
 * Jobs are checked one at a time, reads first when both wait.
 */
module svnic_dma #(
  parameter int NUM_VIFS     = 4,    // VIFs (2..MAX_VIFS)
  parameter int N_WIN        = 8,    // DMA windows per VIF (power of two, 2..16)
  parameter int N_TAGS       = 8,    // reads outstanding (power of two, 2..32)
  parameter int MAX_READ_REQ = 512,  // bytes per read request (power of two, 64..4096)
  parameter int MAX_PAYLOAD  = 256,  // bytes per write request (power of two, 64..4096)
  parameter int TAG_W        = $clog2(N_TAGS)  // derived
) (
  input  wire               clk,
  input  wire               rst,

  /* firmware window register port (shared with svnic_ctrl_regs) */
  input  wire               f_wr_en,
  input  wire [15:0]        f_wr_addr,
  input  wire [31:0]        f_wr_data,
  output wire               wr_hit,
  input  wire               f_rd_en,
  input  wire [15:0]        f_rd_addr,
  output wire               rd_sel,
  output wire [31:0]        rd_data,

  /* command engine: read jobs and their data */
  input  wire [63:0]        s_rd_addr,
  input  wire [15:0]        s_rd_len,
  input  wire [7:0]         s_rd_domain,
  input  wire               s_rd_valid,
  output wire               s_rd_ready,
  output wire [63:0]        m_axis_rd_tdata,
  output wire [7:0]         m_axis_rd_tkeep,
  output wire               m_axis_rd_tvalid,
  input  wire               m_axis_rd_tready,
  output wire               m_axis_rd_tlast,
  output wire               m_axis_rd_tuser,

  /* command engine: write jobs, their data and done */
  input  wire [63:0]        s_wr_addr,
  input  wire [15:0]        s_wr_len,
  input  wire [7:0]         s_wr_domain,
  input  wire               s_wr_valid,
  output wire               s_wr_ready,
  input  wire [63:0]        s_axis_wr_tdata,
  input  wire               s_axis_wr_tvalid,
  output wire               s_axis_wr_tready,
  output wire               m_wr_done_valid,
  output wire               m_wr_done_fault,
  input  wire               m_wr_done_ready,

  /* host memory: reads */
  output wire [63:0]        m_dma_rd_req_addr,
  output wire [15:0]        m_dma_rd_req_len,
  output wire [7:0]         m_dma_rd_req_domain,
  output wire [TAG_W-1:0]   m_dma_rd_req_tag,
  output wire               m_dma_rd_req_valid,
  input  wire               m_dma_rd_req_ready,
  input  wire [63:0]        s_axis_dma_rd_tdata,
  input  wire [TAG_W-1:0]   s_axis_dma_rd_tid,
  input  wire               s_axis_dma_rd_tvalid,
  output wire               s_axis_dma_rd_tready,
  input  wire               s_axis_dma_rd_tlast,
  input  wire               s_axis_dma_rd_tuser,

  /* host memory: writes */
  output wire [63:0]        m_dma_wr_req_addr,
  output wire [15:0]        m_dma_wr_req_len,
  output wire [7:0]         m_dma_wr_req_domain,
  output wire               m_dma_wr_req_valid,
  input  wire               m_dma_wr_req_ready,
  output wire [63:0]        m_axis_dma_wr_tdata,
  output wire [7:0]         m_axis_dma_wr_tkeep,
  output wire               m_axis_dma_wr_tvalid,
  input  wire               m_axis_dma_wr_tready,
  output wire               m_axis_dma_wr_tlast,
  input  wire               s_dma_wr_done_valid,
  input  wire               s_dma_wr_done_fault,

  /* status */
  output wire               fault_event,    // a job was refused by the windows
  output wire               cpl_bad         // a read completion did not fit its request
);

  // ------------------------------------------------------------ window check
  wire pick_rd = s_rd_valid;
  wire c_ready;
  wire [63:0] c_addr;
  wire [15:0] c_len;
  wire [7:0] c_dom;
  wire c_write, c_refused, c_valid;
  logic c_take;

  assign s_rd_ready = c_ready && pick_rd;
  assign s_wr_ready = c_ready && !pick_rd;

  svnic_dma_win #(
    .NUM_VIFS(NUM_VIFS),
    .N_WIN(N_WIN),
    .LEN_W(16)
  ) win_inst (
    .clk(clk), .rst(rst),
    .f_wr_en(f_wr_en), .f_wr_addr(f_wr_addr), .f_wr_data(f_wr_data), .wr_hit(wr_hit),
    .f_rd_en(f_rd_en), .f_rd_addr(f_rd_addr), .rd_sel(rd_sel), .rd_data(rd_data),
    .s_job_addr(pick_rd ? s_rd_addr : s_wr_addr),
    .s_job_len(pick_rd ? s_rd_len : s_wr_len),
    .s_job_domain(pick_rd ? s_rd_domain : s_wr_domain),
    .s_job_write(!pick_rd),
    .s_job_valid(s_rd_valid || s_wr_valid),
    .s_job_ready(c_ready),
    .m_job_addr(c_addr), .m_job_len(c_len), .m_job_domain(c_dom), .m_job_write(c_write),
    .m_job_refused(c_refused), .m_job_valid(c_valid), .m_job_ready(c_take),
    .fault_event(fault_event)
  );

  wire rd_job_ready, wr_job_ready;
  always_comb c_take = c_write ? wr_job_ready : rd_job_ready;

  // ------------------------------------------------------------ reads
  wire [TAG_W:0] tags_in_use;

  svnic_dma_rd #(
    .N_TAGS(N_TAGS),
    .MAX_READ_REQ(MAX_READ_REQ),
    .LEN_W(16)
  ) rd_inst (
    .clk(clk), .rst(rst),
    .s_job_addr(c_addr), .s_job_len(c_len), .s_job_domain(c_dom), .s_job_refused(c_refused),
    .s_job_valid(c_valid && !c_write), .s_job_ready(rd_job_ready),
    .m_req_addr(m_dma_rd_req_addr), .m_req_len(m_dma_rd_req_len), .m_req_domain(m_dma_rd_req_domain),
    .m_req_tag(m_dma_rd_req_tag), .m_req_valid(m_dma_rd_req_valid), .m_req_ready(m_dma_rd_req_ready),
    .s_axis_cpl_tdata(s_axis_dma_rd_tdata), .s_axis_cpl_tid(s_axis_dma_rd_tid),
    .s_axis_cpl_tvalid(s_axis_dma_rd_tvalid), .s_axis_cpl_tready(s_axis_dma_rd_tready),
    .s_axis_cpl_tlast(s_axis_dma_rd_tlast), .s_axis_cpl_tuser(s_axis_dma_rd_tuser),
    .m_axis_tdata(m_axis_rd_tdata), .m_axis_tkeep(m_axis_rd_tkeep), .m_axis_tvalid(m_axis_rd_tvalid),
    .m_axis_tready(m_axis_rd_tready), .m_axis_tlast(m_axis_rd_tlast), .m_axis_tuser(m_axis_rd_tuser),
    .tags_in_use(tags_in_use), .cpl_bad(cpl_bad)
  );

  // ------------------------------------------------------------ writes
  svnic_dma_wr #(
    .MAX_PAYLOAD(MAX_PAYLOAD),
    .LEN_W(16)
  ) wr_inst (
    .clk(clk), .rst(rst),
    .s_job_addr(c_addr), .s_job_len(c_len), .s_job_domain(c_dom), .s_job_refused(c_refused),
    .s_job_valid(c_valid && c_write), .s_job_ready(wr_job_ready),
    .s_axis_tdata(s_axis_wr_tdata), .s_axis_tvalid(s_axis_wr_tvalid), .s_axis_tready(s_axis_wr_tready),
    .m_req_addr(m_dma_wr_req_addr), .m_req_len(m_dma_wr_req_len), .m_req_domain(m_dma_wr_req_domain),
    .m_req_valid(m_dma_wr_req_valid), .m_req_ready(m_dma_wr_req_ready),
    .m_axis_wr_tdata(m_axis_dma_wr_tdata), .m_axis_wr_tkeep(m_axis_dma_wr_tkeep),
    .m_axis_wr_tvalid(m_axis_dma_wr_tvalid), .m_axis_wr_tready(m_axis_dma_wr_tready),
    .m_axis_wr_tlast(m_axis_dma_wr_tlast),
    .s_done_valid(s_dma_wr_done_valid), .s_done_fault(s_dma_wr_done_fault),
    .m_done_valid(m_wr_done_valid), .m_done_fault(m_wr_done_fault), .m_done_ready(m_wr_done_ready)
  );

  wire unused_ok = &{1'b0, tags_in_use};

endmodule

`resetall
