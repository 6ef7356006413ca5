// SPDX-License-Identifier: MIT
`resetall
`timescale 1ns / 1ps
`default_nettype none

/*
 * RX replicator: turns the switch's frames for a set of VIFs (tdest a mask,
 * a broadcast or multicast frame names several) into one frame per VIF
 * (tdest one-hot), as the shared RX buffer (svnic_rx_pktbuf) stores a frame
 * for one VIF at a time.
 *
 * The first copy, for the lowest VIF of the mask, passes straight through
 * (no added latency, one beat per cycle) while its beats are also written
 * into a frame store of FRAME_BYTES; once its last beat has gone, the copy
 * is replayed from the store for each remaining VIF of the mask, lowest
 * first, and the input is held meanwhile. So a frame for one VIF costs
 * nothing, and one for k VIFs takes the RX path k frame times. An aborted
 * frame (tuser on the last beat: the switch counted it) is passed once and
 * never replayed. A frame longer than the store is never replayed either;
 * the switch aborts every frame longer than MAX_FRAME_BYTES (<= FRAME_BYTES),
 * so that cannot lose a frame.
 *
 * The replay reads the store through a one-entry output register: the
 * store's registered read data is the output data, and the next word is
 * read only when the output register is empty or being taken.
 */
module svnic_rx_repl #(
  parameter int NUM_VIFS        = 4,     // destination VIFs (tdest bits)
  parameter int MAX_FRAME_BYTES = 1518,  // longest frame the switch does not abort
  parameter int FRAME_WORDS     = 1 << $clog2((MAX_FRAME_BYTES + 7) / 8),  // store size in beats (derived)
  parameter int AW              = $clog2(FRAME_WORDS)                       // store address width (derived)
) (
  input  wire                 clk,
  input  wire                 rst,

  /* frames from the switch (tdest: the destination VIFs) */
  input  wire [63:0]          s_axis_tdata,
  input  wire [7:0]           s_axis_tkeep,
  input  wire                 s_axis_tvalid,
  output wire                 s_axis_tready,
  input  wire                 s_axis_tlast,
  input  wire                 s_axis_tuser,
  input  wire [NUM_VIFS-1:0]  s_axis_tdest,

  /* one frame per destination VIF (tdest one-hot) */
  output wire [63:0]          m_axis_tdata,
  output wire [7:0]           m_axis_tkeep,
  output wire                 m_axis_tvalid,
  input  wire                 m_axis_tready,
  output wire                 m_axis_tlast,
  output wire                 m_axis_tuser,
  output wire [NUM_VIFS-1:0]  m_axis_tdest
);

  initial begin
    if (MAX_FRAME_BYTES < 14 || FRAME_WORDS * 8 < MAX_FRAME_BYTES) $error("the store must hold MAX_FRAME_BYTES (%m)");
  end

  logic replay_reg = 1'b0;              // replaying the stored frame
  logic [AW:0] wr_cnt_reg = '0;         // beats of the frame passing now (saturates past the store)
  logic [AW:0] beats_reg = '0;          // beats of the stored frame
  logic [AW:0] rd_cnt_reg = '0;         // next beat to read of the copy being replayed
  logic [NUM_VIFS-1:0] rem_reg = '0;    // VIFs still to be given a copy
  logic out_valid_reg = 1'b0;
  logic out_last_reg = 1'b0;
  logic [NUM_VIFS-1:0] out_dest_reg = '0;

  wire [NUM_VIFS-1:0] in_first = s_axis_tdest & (~s_axis_tdest + 1'b1);  // lowest VIF of the mask
  wire [NUM_VIFS-1:0] rem_first = rem_reg & (~rem_reg + 1'b1);
  wire pass_fire = !replay_reg && s_axis_tvalid && m_axis_tready;
  wire stored = wr_cnt_reg < (AW + 1)'(FRAME_WORDS);
  wire [NUM_VIFS-1:0] in_rest = s_axis_tdest & ~in_first;
  wire start_replay = pass_fire && s_axis_tlast && !s_axis_tuser && stored && in_rest != '0;

  wire out_adv = !out_valid_reg || m_axis_tready;
  wire issue = replay_reg && out_adv && rem_reg != '0;
  wire issue_last = rd_cnt_reg == beats_reg - 1'b1;
  wire [71:0] store_rd_data;

  svnic_sdp_ram #(
    .WORDS(FRAME_WORDS),
    .BYTES(9)
  ) store_ram (
    .clk(clk),
    .wr_addr(wr_cnt_reg[AW-1:0]),
    .wr_data({s_axis_tkeep, s_axis_tdata}),
    .wr_be(pass_fire && stored ? 9'h1ff : 9'h000),
    .rd_en(issue),
    .rd_addr(rd_cnt_reg[AW-1:0]),
    .rd_data(store_rd_data)
  );

  assign s_axis_tready = !replay_reg && m_axis_tready;
  assign m_axis_tvalid = replay_reg ? out_valid_reg : s_axis_tvalid;
  assign m_axis_tdata = replay_reg ? store_rd_data[63:0] : s_axis_tdata;
  assign m_axis_tkeep = replay_reg ? store_rd_data[71:64] : s_axis_tkeep;
  assign m_axis_tlast = replay_reg ? out_last_reg : s_axis_tlast;
  assign m_axis_tuser = replay_reg ? 1'b0 : s_axis_tuser;
  assign m_axis_tdest = replay_reg ? out_dest_reg : in_first;

  always_ff @(posedge clk) begin
    if (pass_fire) begin
      if (stored) wr_cnt_reg <= wr_cnt_reg + 1'b1;
      if (s_axis_tlast) wr_cnt_reg <= '0;
    end
    if (start_replay) begin
      replay_reg <= 1'b1;
      beats_reg <= wr_cnt_reg + 1'b1;
      rd_cnt_reg <= '0;
      rem_reg <= in_rest;
    end
    if (replay_reg && out_adv) begin
      out_valid_reg <= issue;
      if (rem_reg == '0) replay_reg <= 1'b0;  // the last beat of the last copy was taken
    end
    if (issue) begin
      out_last_reg <= issue_last;
      out_dest_reg <= rem_first;
      rd_cnt_reg <= issue_last ? '0 : rd_cnt_reg + 1'b1;
      if (issue_last) rem_reg <= rem_reg & ~rem_first;
    end
    if (rst) begin
      replay_reg <= 1'b0;
      wr_cnt_reg <= '0;
      rem_reg <= '0;
      out_valid_reg <= 1'b0;
    end
  end

endmodule

`resetall
