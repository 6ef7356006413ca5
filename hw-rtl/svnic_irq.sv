// SPDX-License-Identifier: MIT
`resetall
`timescale 1ns / 1ps
`default_nettype none

/*
 * Interrupt message generator. raise sets the pending bit of a vector; the
 * pending vectors are sent one per message, round robin, from a registered
 * output. A raise of a vector that is pending, or waiting in the output
 * register, coalesces with it; a raise in the cycle its message is accepted
 * makes it pending again.
 */
module svnic_irq #(
  parameter int NUM_VEC = 8,  // vectors (1..32)
  parameter int VEC_W   = NUM_VEC > 1 ? $clog2(NUM_VEC) : 1  // derived
) (
  input  wire              clk,
  input  wire              rst,

  input  wire              raise,
  input  wire [VEC_W-1:0]  raise_vec,

  output wire              m_irq_valid,
  input  wire              m_irq_ready,
  output wire [15:0]       m_irq_vector
);

  logic [NUM_VEC-1:0] pending_reg = '0;
  logic valid_reg = 1'b0;
  logic [VEC_W-1:0] vec_reg = '0;
  logic [VEC_W-1:0] last_reg = '0;

  assign m_irq_valid = valid_reg;
  assign m_irq_vector = {{(16-VEC_W){1'b0}}, vec_reg};

  wire accept = valid_reg && m_irq_ready;
  wire in_out = valid_reg && !accept && vec_reg == raise_vec;

  logic [NUM_VEC-1:0] set;
  logic [NUM_VEC-1:0] upper;
  logic found_hi;
  logic found_any;
  logic [VEC_W-1:0] pick_hi;
  logic [VEC_W-1:0] pick_any;
  always_comb begin
    for (int i = 0; i < NUM_VEC; i++) begin
      set[i] = raise && !in_out && raise_vec == i[VEC_W-1:0];
      upper[i] = i[VEC_W-1:0] > last_reg;
    end
    found_hi = 1'b0;
    found_any = 1'b0;
    pick_hi = '0;
    pick_any = '0;
    for (int i = NUM_VEC - 1; i >= 0; i--) begin
      if (pending_reg[i]) begin
        found_any = 1'b1;
        pick_any = i[VEC_W-1:0];
        if (upper[i]) begin
          found_hi = 1'b1;
          pick_hi = i[VEC_W-1:0];
        end
      end
    end
  end

  wire load = (!valid_reg || accept) && found_any;
  wire [VEC_W-1:0] pick = found_hi ? pick_hi : pick_any;

  logic [NUM_VEC-1:0] clr;
  always_comb begin
    for (int i = 0; i < NUM_VEC; i++) clr[i] = load && pick == i[VEC_W-1:0];
  end

  always_ff @(posedge clk) begin
    if (accept) valid_reg <= 1'b0;
    if (load) begin
      valid_reg <= 1'b1;
      vec_reg <= pick;
      last_reg <= pick;
    end
    pending_reg <= (pending_reg & ~clr) | (set & ~clr);

    if (rst) begin
      pending_reg <= '0;
      valid_reg <= 1'b0;
      last_reg <= '0;
    end
  end

endmodule

`resetall
