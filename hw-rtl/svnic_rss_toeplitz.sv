// SPDX-License-Identifier: MIT
`resetall
`timescale 1ns / 1ps
`default_nettype none

/*
 * Toeplitz hash (the RSS hash function) of a tuple of up to TUPLE_BYTES
 * bytes under a 40-byte key, one tuple per cycle, two pipeline stages.
 *
 * The tuple is the input byte stream presented in parallel: byte k of the
 * stream is in_tuple[8k +: 8], bytes at k >= in_len are ignored. Bits are
 * taken most significant first within a byte, bytes in order; for every
 * input bit that is 1, the 32 key bits starting at the same bit position
 * (key byte 0 first, most significant bit first) are XORed into the result.
 * Key byte k is key[8k +: 8]. The key must be stable while tuples are in
 * flight.
 *
 * Stage 1 registers the partial hashes of 4-byte chunks, stage 2 their XOR:
 * a tuple presented with in_valid while ce is high appears on out_* after
 * two more cycles with ce high. ce low freezes the pipeline.
 */
module svnic_rss_toeplitz #(
  parameter int TUPLE_BYTES = 36,  // longest tuple in bytes (4..36, multiple of 4)
  parameter int USER_W      = 1,   // sideband carried along with the tuple
  parameter int LEN_W       = $clog2(TUPLE_BYTES + 1)  // in_len width (derived)
) (
  input  wire                      clk,
  input  wire                      rst,
  input  wire                      ce,         // advance the pipeline

  input  wire [319:0]              key,

  input  wire                      in_valid,
  input  wire [TUPLE_BYTES*8-1:0]  in_tuple,
  input  wire [LEN_W-1:0]          in_len,     // bytes used (0..TUPLE_BYTES)
  input  wire [USER_W-1:0]         in_user,

  output wire                      out_valid,
  output wire [31:0]               out_hash,
  output wire [USER_W-1:0]         out_user
);

  localparam int CHUNKS = TUPLE_BYTES / 4;

  initial begin
    if (TUPLE_BYTES < 4 || TUPLE_BYTES > 36 || TUPLE_BYTES % 4 != 0)
      $error("TUPLE_BYTES must be a multiple of 4 in 4..36 (%m)");
    if (USER_W < 1) $error("USER_W must be at least 1 (%m)");
  end

  // key and tuple as bit streams, stream bit 0 in the most significant place
  // The partial hashes of a tuple's 4-byte chunks (key and tuple bits
  // taken most significant first). A function called only for a valid
  // tuple in the register stage below, so a simulator evaluates these
  // loops once per tuple rather than on every clock; the hardware is the
  // same AND/XOR network either way.
  function automatic [CHUNKS*32-1:0] partials(input [319:0] k, input [TUPLE_BYTES*8-1:0] tup,
                                              input [LEN_W-1:0] len);
    logic [319:0] ks;
    logic [TUPLE_BYTES*8-1:0] ts;
    logic [CHUNKS*32-1:0] p;
    for (int m = 0; m < 320; m++) ks[319-m] = k[8*(m/8) + 7 - m%8];
    for (int i = 0; i < TUPLE_BYTES*8; i++)
      ts[TUPLE_BYTES*8-1-i] = (i/8 < len) ? tup[8*(i/8) + 7 - i%8] : 1'b0;
    p = '0;
    for (int c = 0; c < CHUNKS; c++)
      for (int t = 0; t < 32; t++)
        p[c*32 +: 32] = p[c*32 +: 32] ^ (ks[319-(32*c+t) -: 32] & {32{ts[TUPLE_BYTES*8-1-(32*c+t)]}});
    partials = p;
  endfunction

  logic [CHUNKS*32-1:0] part_reg = '0;
  logic valid1_reg = 1'b0;
  logic [USER_W-1:0] user1_reg = '0;
  logic [31:0] hash_reg = '0, hash_next;
  logic valid2_reg = 1'b0;
  logic [USER_W-1:0] user2_reg = '0;

  always_comb begin
    hash_next = '0;
    for (int c = 0; c < CHUNKS; c++) hash_next = hash_next ^ part_reg[c*32 +: 32];
  end

  // key bits past the last window (stream bits TUPLE_BYTES*8+31 ..)
  assign out_valid = valid2_reg;
  assign out_hash = hash_reg;
  assign out_user = user2_reg;

  always_ff @(posedge clk) begin
    if (ce) begin
      if (in_valid) part_reg <= partials(key, in_tuple, in_len);
      valid1_reg <= in_valid;
      user1_reg <= in_user;
      hash_reg <= hash_next;
      valid2_reg <= valid1_reg;
      user2_reg <= user1_reg;
    end
    if (rst) begin
      valid1_reg <= 1'b0;
      valid2_reg <= 1'b0;
    end
  end

endmodule

`resetall
