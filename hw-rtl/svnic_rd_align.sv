// SPDX-License-Identifier: MIT
`resetall
`timescale 1ns / 1ps
`default_nettype none

/*
 * Buffer reader with byte realignment.
 *
 * After start, reads the words needed to cover bytes [shift, shift+len) of a
 * word-addressed RAM starting at word start_addr (registered read, one cycle
 * latency), through a small credit-controlled FIFO, and emits them as an
 * AXI-Stream packed from byte 0: beat j carries bytes shift+8j .. shift+8j+7,
 * all beats full except the last (tkeep contiguous from bit 0, bytes past the
 * end zeroed). done pulses when the last beat is accepted.
 */
module svnic_rd_align #(
  parameter int ADDR_W = 16,  // RAM word address width
  parameter int LEN_W  = 16   // transfer length width (bytes)
) (
  input  wire               clk,
  input  wire               rst,

  /* control */
  input  wire               start,
  input  wire [ADDR_W-1:0]  start_addr,  // first word
  input  wire [2:0]         shift,       // byte offset in the first word
  input  wire [LEN_W-1:0]   len,         // bytes (>= 1)
  output wire               busy,
  output wire               done,

  /* RAM read port */
  output wire               ram_rd_en,
  output wire [ADDR_W-1:0]  ram_rd_addr,
  input  wire [63:0]        ram_rd_data,

  /* output stream */
  output wire [63:0]        m_axis_tdata,
  output wire [7:0]         m_axis_tkeep,
  output wire               m_axis_tvalid,
  input  wire               m_axis_tready,
  output wire               m_axis_tlast
);

  localparam int CNT_W = LEN_W - 2;  // enough for (len + 14) / 8

  logic active_reg = 1'b0;
  logic [ADDR_W-1:0] addr_reg = '0;
  logic [2:0] shift_reg = '0;
  logic [CNT_W-1:0] n_in_reg = '0;     // words to read
  logic [CNT_W-1:0] n_out_reg = '0;    // beats to emit
  logic [7:0] last_keep_reg = '0;
  logic [CNT_W-1:0] issue_cnt_reg = '0;
  logic [CNT_W-1:0] in_cnt_reg = '0;
  logic [CNT_W-1:0] out_cnt_reg = '0;
  logic inflight_reg = 1'b0;
  logic [63:0] prev_reg = '0;
  logic have_prev_reg = 1'b0;

  logic [63:0] out_data_reg = '0;
  logic [7:0] out_keep_reg = '0;
  logic out_valid_reg = 1'b0;
  logic out_last_reg = 1'b0;
  logic done_reg = 1'b0;

  wire fifo_s_ready;
  wire [63:0] fifo_data;
  wire fifo_valid;
  wire [2:0] fifo_count;
  logic fifo_pop;

  svnic_fifo #(
    .WIDTH(64),
    .DEPTH(4)
  ) fifo_inst (
    .clk(clk),
    .rst(rst || !active_reg),
    .s_data(ram_rd_data),
    .s_valid(inflight_reg),
    .s_ready(fifo_s_ready),
    .m_data(fifo_data),
    .m_valid(fifo_valid),
    .m_ready(fifo_pop),
    .count(fifo_count)
  );

  wire issue = active_reg && (issue_cnt_reg != n_in_reg) &&
               ({1'b0, fifo_count} + {3'd0, inflight_reg} < 4'd4);

  assign ram_rd_en = issue;
  assign ram_rd_addr = addr_reg + {{(ADDR_W-CNT_W){1'b0}}, issue_cnt_reg};
  assign busy = active_reg;
  assign done = done_reg;
  assign m_axis_tdata = out_data_reg;
  assign m_axis_tkeep = out_keep_reg;
  assign m_axis_tvalid = out_valid_reg;
  assign m_axis_tlast = out_last_reg;

  wire out_free = !out_valid_reg || m_axis_tready;
  wire more_in = in_cnt_reg != n_in_reg;
  wire [127:0] pair = {(more_in ? fifo_data : 64'd0), prev_reg};
  wire [127:0] pair_shifted = pair >> {shift_reg, 3'b000};
  wire last_beat = out_cnt_reg == n_out_reg - 1'b1;
  wire [7:0] beat_keep = last_beat ? last_keep_reg : 8'hff;
  logic [63:0] beat_data;
  always_comb begin
    for (int i = 0; i < 8; i++) beat_data[i*8 +: 8] = beat_keep[i] ? pair_shifted[i*8 +: 8] : 8'd0;
  end
  wire produce = active_reg && have_prev_reg && out_free && (out_cnt_reg != n_out_reg) &&
                 (!more_in || fifo_valid);

  always_comb begin
    fifo_pop = 1'b0;
    if (active_reg && !have_prev_reg && fifo_valid) fifo_pop = 1'b1;
    if (produce && more_in) fifo_pop = 1'b1;
  end

  wire [LEN_W+3:0] span = {4'd0, len} + {{(LEN_W+1){1'b0}}, shift} + 7;
  wire [LEN_W+3:0] len_p7 = {4'd0, len} + 7;

  wire unused_ok = &{1'b0, fifo_s_ready, span[LEN_W+3:CNT_W+3], span[2:0], len_p7[LEN_W+3:CNT_W+3], len_p7[2:0]};

  always_ff @(posedge clk) begin
    done_reg <= 1'b0;
    inflight_reg <= issue;
    if (issue) issue_cnt_reg <= issue_cnt_reg + 1'b1;

    if (out_valid_reg && m_axis_tready) begin
      out_valid_reg <= 1'b0;
      if (out_last_reg) begin
        active_reg <= 1'b0;
        done_reg <= 1'b1;
      end
    end

    if (active_reg && !have_prev_reg && fifo_valid) begin
      prev_reg <= fifo_data;
      have_prev_reg <= 1'b1;
      in_cnt_reg <= in_cnt_reg + 1'b1;
    end

    if (produce) begin
      out_valid_reg <= 1'b1;
      out_data_reg <= beat_data;
      out_keep_reg <= beat_keep;
      out_last_reg <= last_beat;
      out_cnt_reg <= out_cnt_reg + 1'b1;
      if (more_in) begin
        prev_reg <= fifo_data;
        in_cnt_reg <= in_cnt_reg + 1'b1;
      end
    end

    if (start && !active_reg) begin
      active_reg <= 1'b1;
      addr_reg <= start_addr;
      shift_reg <= shift;
      n_in_reg <= span[CNT_W+2:3];
      n_out_reg <= len_p7[CNT_W+2:3];
      last_keep_reg <= len[2:0] == 3'd0 ? 8'hff : ~(8'hff << len[2:0]);
      issue_cnt_reg <= '0;
      in_cnt_reg <= '0;
      out_cnt_reg <= '0;
      have_prev_reg <= 1'b0;
      prev_reg <= '0;
    end

    if (rst) begin
      active_reg <= 1'b0;
      out_valid_reg <= 1'b0;
      inflight_reg <= 1'b0;
      have_prev_reg <= 1'b0;
      done_reg <= 1'b0;
    end
  end

endmodule

`resetall
