// SPDX-License-Identifier: MIT
`resetall
`timescale 1ns / 1ps
`default_nettype none

/*
 * Simple dual-port RAM: one write port with byte enables, one read port with a
 * registered output (read data valid the cycle after rd_en, held otherwise).
 * Written so that synthesis infers block RAM.
 */
module svnic_sdp_ram #(
  parameter int WORDS  = 256,  // number of words (power of two)
  parameter int BYTES  = 8,    // bytes per word
  parameter int ADDR_W = $clog2(WORDS)  // address width (derived)
) (
  input  wire                  clk,

  /* write port */
  input  wire [ADDR_W-1:0]     wr_addr,
  input  wire [BYTES*8-1:0]    wr_data,
  input  wire [BYTES-1:0]      wr_be,

  /* read port */
  input  wire                  rd_en,
  input  wire [ADDR_W-1:0]     rd_addr,
  output wire [BYTES*8-1:0]    rd_data
);

  initial begin
    if (WORDS < 2 || (WORDS & (WORDS - 1)) != 0) $error("WORDS must be a power of two >= 2 (%m)");
  end

  logic [BYTES*8-1:0] mem [0:WORDS-1];
  logic [BYTES*8-1:0] rd_data_reg = '0;

  assign rd_data = rd_data_reg;

  always_ff @(posedge clk) begin
    for (int i = 0; i < BYTES; i++) begin
      if (wr_be[i]) mem[wr_addr][i*8 +: 8] <= wr_data[i*8 +: 8];
    end
    if (rd_en) rd_data_reg <= mem[rd_addr];
  end

endmodule

`resetall
