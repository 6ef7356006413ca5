// SPDX-License-Identifier: MIT
`resetall
`timescale 1ns / 1ps
`default_nettype none

/*
 * Small synchronous first-word-fall-through FIFO (register / LUT RAM based),
 * used as an elastic stage behind registered-read block RAMs.
 */
module svnic_fifo #(
  parameter int WIDTH = 64,  // bits per entry
  parameter int DEPTH = 4,   // entries (power of two, >= 2)
  parameter int CNT_W = $clog2(DEPTH) + 1  // occupancy width (derived)
) (
  input  wire              clk,
  input  wire              rst,

  input  wire [WIDTH-1:0]  s_data,
  input  wire              s_valid,
  output wire              s_ready,

  output wire [WIDTH-1:0]  m_data,
  output wire              m_valid,
  input  wire              m_ready,

  output wire [CNT_W-1:0]  count
);

  localparam int AW = $clog2(DEPTH);

  initial begin
    if (DEPTH < 2 || (DEPTH & (DEPTH - 1)) != 0) $error("DEPTH must be a power of two >= 2 (%m)");
  end

  logic [WIDTH-1:0] mem [0:DEPTH-1];
  logic [AW:0] wr_ptr_reg = '0;
  logic [AW:0] rd_ptr_reg = '0;

  wire [AW:0] occ = wr_ptr_reg - rd_ptr_reg;
  wire full = occ[AW];
  wire empty = wr_ptr_reg == rd_ptr_reg;

  assign s_ready = !full;
  assign m_valid = !empty;
  assign m_data = mem[rd_ptr_reg[AW-1:0]];
  assign count = occ;

  always_ff @(posedge clk) begin
    if (s_valid && !full) begin
      mem[wr_ptr_reg[AW-1:0]] <= s_data;
      wr_ptr_reg <= wr_ptr_reg + 1'b1;
    end
    if (m_ready && !empty) rd_ptr_reg <= rd_ptr_reg + 1'b1;
    if (rst) begin
      wr_ptr_reg <= '0;
      rd_ptr_reg <= '0;
    end
  end

endmodule

`resetall
