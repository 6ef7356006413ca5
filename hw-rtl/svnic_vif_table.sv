// SPDX-License-Identifier: MIT
`resetall
`timescale 1ns / 1ps
`default_nettype none

/*
 * A value per VIF (a counter, or a register as last written) in LUT RAM
 * instead of flip-flops, so that per-VIF registers cost LUT RAM that grows
 * with NUM_VIFS rather than flops and a NUM_VIFS-way read multiplexer.
 *
 * One update port: adds upd_val to the entry of upd_idx (ADD = 1, a
 * counter; it wraps) or stores upd_val there (ADD = 0). One asynchronous
 * read port (rd_idx -> rd_data in the same cycle), for a register window
 * that registers its read data. The update reads its entry asynchronously
 * too, so the RAM has two read ports (synthesis duplicates LUT RAM).
 * Reset clears the entries one a cycle (NUM cycles, clr_busy); updates in
 * that time are lost, and reads return what the entries held.
 */
module svnic_vif_table #(
  parameter int NUM   = 4,    // entries (>= 2)
  parameter int W     = 64,   // bits per entry
  parameter int ADD   = 1,    // 1: updates add (counters), 0: updates store
  parameter int IDX_W = $clog2(NUM)  // derived
) (
  input  wire              clk,
  input  wire              rst,
  output wire              clr_busy,   // clearing after reset

  input  wire              upd_en,
  input  wire [IDX_W-1:0]  upd_idx,
  input  wire [W-1:0]      upd_val,

  input  wire [IDX_W-1:0]  rd_idx,
  output wire [W-1:0]      rd_data
);

  initial begin
    if (NUM < 2) $error("NUM must be >= 2 (%m)");
    if (W < 1) $error("W must be >= 1 (%m)");
    if (ADD != 0 && ADD != 1) $error("ADD must be 0 or 1 (%m)");
  end

  logic [W-1:0] mem [0:NUM-1];
  logic clr_reg = 1'b1;
  logic [IDX_W-1:0] clr_idx_reg = '0;

  // the first cycles after configuration also clear: the RAM has no
  // initial contents of its own
  assign clr_busy = clr_reg;
  assign rd_data = mem[rd_idx];

  wire [W-1:0] upd_next = ADD != 0 ? mem[upd_idx] + upd_val : upd_val;

  always_ff @(posedge clk) begin
    if (clr_reg) mem[clr_idx_reg] <= '0;
    else if (upd_en) mem[upd_idx] <= upd_next;
  end

  always_ff @(posedge clk) begin
    if (clr_reg) begin
      clr_idx_reg <= clr_idx_reg + 1'b1;
      if (32'(clr_idx_reg) == NUM - 1) clr_reg <= 1'b0;
    end
    if (rst) begin
      clr_reg <= 1'b1;
      clr_idx_reg <= '0;
    end
  end

endmodule

`resetall
