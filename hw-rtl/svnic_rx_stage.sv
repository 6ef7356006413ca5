// SPDX-License-Identifier: MIT
`resetall
`timescale 1ns / 1ps
`default_nettype none

/*
 * RX head staging: the next two frames of every VIF, taken out of the
 * shared RX buffer (svnic_rx_pktbuf) into two slots of that VIF, where the
 * command engine reads them by word offset and pops them, and where the
 * firmware sees the head frame's length and metadata (RX_HEAD_*), exactly
 * as it did with one private buffer per VIF.
 *
 * Why slots instead of a read port into the shared buffer: firmware reads
 * a head frame in pieces at any offset (mergeable RX buffers), may leave it
 * at the head across passes while its guest has no buffers (net_rx.c), and
 * meanwhile serves other VIFs; the engine reads through svnic_rd_align,
 * one word per cycle with a fixed one-cycle latency. A frame in the shared
 * buffer is a chain of cells that is read once, front to back, and freed as
 * it is read; random access into it would mean walking the chain, and every
 * VIF's head length and metadata would have to be kept outside it anyway.
 * A slot per VIF gives all of that with plain addressing; the second slot
 * is filled while the firmware works on the first, so after a pop the next
 * head is there at once (as with the old buffer's show-ahead) instead of a
 * frame time later. Cost: NUM_VIFS * 2 * SLOT_BYTES of block RAM beside the
 * pool; the pool still holds the bursts, under the quotas.
 *
 * Filling: a pointer walks the VIFs one per cycle; a VIF with a free slot
 * that may have frames in the pool (an admitted-frame event since the pool
 * last said it had none) is asked for one (rd_req); the pool either answers
 * empty the next cycle or streams the frame, which is written into the
 * slot. One request at a time. A pop exposes the other slot the next cycle.
 * head_busy says a VIF's head is not known yet (its slots are empty and
 * the pool may still hold a frame for it), for the engine's EMPTY check.
 * A pop releases the frame's space in the pool (rel_*): the pool counts
 * staged frames against their VIF's quota, so what a VIF may hold does not
 * depend on how soon its frames were staged.
 * Per-VIF state is indexed, never looped over, on the per-cycle path: the
 * slots' lengths and metadata sit in RAM (LUT RAM, read asynchronously)
 * and are read for one VIF at a time, the engine's (rd_vif) and the
 * register window's (reg_vif); only the valid and busy bits are per-VIF
 * vectors (RX_READY).
 */
module svnic_rx_stage #(
  parameter int NUM_VIFS   = 4,      // VIFs (2..MAX_VIFS)
  parameter int SLOT_BYTES = 2048,   // bytes per slot (power of two, >= the longest frame)
  parameter int META_W     = 37,     // per-frame metadata bits
  parameter int VIF_W      = $clog2(NUM_VIFS),        // derived
  parameter int SLOT_AW    = $clog2(SLOT_BYTES / 8),  // word address in a slot (derived)
  parameter int LEN_W      = $clog2(SLOT_BYTES) + 1   // frame length width (derived)
) (
  input  wire                          clk,
  input  wire                          rst,

  /* requests to the shared buffer */
  output wire                          rd_req_valid,
  input  wire                          rd_req_ready,
  output wire [VIF_W-1:0]              rd_req_vif,
  input  wire                          rd_empty,
  output wire                          rel_valid,   // a frame was popped: its space is free
  output wire [VIF_W-1:0]              rel_vif,
  output wire [15:0]                   rel_len,

  /* admitted frames (the shared buffer's events) */
  input  wire                          ev_admit,
  input  wire [VIF_W-1:0]              ev_vif,

  /* frames out of the shared buffer (always taken) */
  input  wire [63:0]                   s_axis_tdata,
  input  wire [7:0]                    s_axis_tkeep,
  input  wire                          s_axis_tvalid,
  input  wire                          s_axis_tlast,
  input  wire [META_W-1:0]             s_axis_tmeta,

  /* head frames */
  output wire [NUM_VIFS-1:0]           head_valid,
  output wire [NUM_VIFS-1:0]           head_busy,
  input  wire [VIF_W-1:0]              reg_vif,     // the register window's VIF
  output wire [LEN_W-1:0]              reg_head_len,   // its head frame's length, 0 if none
  output wire [META_W-1:0]             reg_head_meta,  // its head frame's metadata, 0 if none
  input  wire [VIF_W-1:0]              rd_vif,
  output wire [LEN_W-1:0]              rd_head_len, // head frame length of rd_vif, 0 if none
  input  wire                          rd_en,
  input  wire [SLOT_AW-1:0]            rd_addr,     // word offset inside the head frame of rd_vif
  output wire [63:0]                   rd_data,     // the cycle after rd_en
  input  wire                          pop          // release the head frame of rd_vif
);

  initial begin
    if (NUM_VIFS < 2 || NUM_VIFS > svnic_regs_pkg::MAX_VIFS) $error("NUM_VIFS must be 2..MAX_VIFS (%m)");
    if (SLOT_BYTES < 64 || (SLOT_BYTES & (SLOT_BYTES - 1)) != 0) $error("SLOT_BYTES must be a power of two >= 64 (%m)");
  end

  // per VIF: frames staged (0..2), the slot of the head, frames may wait in the pool
  logic [NUM_VIFS*2-1:0] cnt_reg = '0;
  logic [NUM_VIFS-1:0] head_slot_reg = '0;
  logic [NUM_VIFS-1:0] maybe_reg = '0;
  // per slot (index vif * 2 + slot): length and metadata
  logic [LEN_W-1:0] len_mem [0:NUM_VIFS*2-1];
  logic [META_W-1:0] meta_mem [0:NUM_VIFS*2-1];

  logic [VIF_W-1:0] scan_reg = '0;
  logic fill_busy_reg = 1'b0;           // a request is out or its frame is streaming in
  logic probe_reg = 1'b0;               // the pool answers the request this cycle
  logic [VIF_W-1:0] fill_vif_reg = '0;
  logic fill_slot_reg = 1'b0;
  logic [SLOT_AW-1:0] fill_wcnt_reg = '0;
  logic [LEN_W-1:0] fill_len_reg = '0;

  function automatic [3:0] keep_count(input [7:0] keep);
    keep_count = 4'd0;
    for (int i = 0; i < 8; i++) keep_count = keep_count + {3'd0, keep[i]};
  endfunction

  wire [1:0] scan_cnt = cnt_reg[scan_reg*2 +: 2];
  assign rd_req_valid = !fill_busy_reg && maybe_reg[scan_reg] && scan_cnt != 2'd2;
  assign rd_req_vif = scan_reg;
  wire req_fire = rd_req_valid && rd_req_ready;

  wire [1:0] rd_cnt = cnt_reg[rd_vif*2 +: 2];
  wire pop_hit = pop && rd_cnt != 2'd0;
  wire fill_fire = fill_busy_reg && s_axis_tvalid;
  wire fill_done = fill_fire && s_axis_tlast;
  wire [LEN_W-1:0] fill_len_next = fill_len_reg + LEN_W'(keep_count(s_axis_tkeep));
  wire same = pop_hit && rd_vif == fill_vif_reg;
  wire [LEN_W-1:0] pop_len = len_mem[{rd_vif, head_slot_reg[rd_vif]}];

  assign rel_valid = pop_hit;
  assign rel_vif = rd_vif;
  assign rel_len = 16'(pop_len);

  always_ff @(posedge clk) begin
    if (!(rd_req_valid && !rd_req_ready)) scan_reg <= scan_reg + 1'b1;
    probe_reg <= req_fire;
    if (req_fire) begin
      fill_busy_reg <= 1'b1;
      fill_vif_reg <= scan_reg;
      fill_slot_reg <= head_slot_reg[scan_reg] ^ scan_cnt[0];
      fill_wcnt_reg <= '0;
      fill_len_reg <= '0;
    end
    if (probe_reg && rd_empty) begin
      fill_busy_reg <= 1'b0;
      maybe_reg[fill_vif_reg] <= 1'b0;
    end
    if (ev_admit) maybe_reg[ev_vif] <= 1'b1;  // after the clear: a frame admitted now is there
    if (fill_fire) begin
      fill_wcnt_reg <= fill_wcnt_reg + 1'b1;
      fill_len_reg <= fill_len_next;
    end
    if (fill_done) begin
      fill_busy_reg <= 1'b0;
      cnt_reg[fill_vif_reg*2 +: 2] <= same ? cnt_reg[fill_vif_reg*2 +: 2] : cnt_reg[fill_vif_reg*2 +: 2] + 1'b1;
      if (same) head_slot_reg[rd_vif] <= !head_slot_reg[rd_vif];
    end
    if (pop_hit && !(fill_done && same)) begin
      cnt_reg[rd_vif*2 +: 2] <= rd_cnt - 1'b1;
      head_slot_reg[rd_vif] <= !head_slot_reg[rd_vif];
    end
    if (rst) begin
      cnt_reg <= '0;
      head_slot_reg <= '0;
      maybe_reg <= '0;
      fill_busy_reg <= 1'b0;
      probe_reg <= 1'b0;
    end
  end

  always_ff @(posedge clk) begin
    if (fill_done) len_mem[{fill_vif_reg, fill_slot_reg}] <= fill_len_next;
  end

  always_ff @(posedge clk) begin
    if (fill_done) meta_mem[{fill_vif_reg, fill_slot_reg}] <= s_axis_tmeta;
  end

  svnic_sdp_ram #(
    .WORDS(NUM_VIFS * 2 * (SLOT_BYTES / 8)),
    .BYTES(8)
  ) slot_ram (
    .clk(clk),
    .wr_addr({fill_vif_reg, fill_slot_reg, fill_wcnt_reg}),
    .wr_data(s_axis_tdata),
    .wr_be(fill_fire ? 8'hff : 8'h00),
    .rd_en(rd_en),
    .rd_addr({rd_vif, head_slot_reg[rd_vif], rd_addr}),
    .rd_data(rd_data)
  );

  wire [NUM_VIFS-1:0] filling = fill_busy_reg ? NUM_VIFS'(1) << fill_vif_reg : '0;

  genvar v;
  generate
    for (v = 0; v < NUM_VIFS; v = v + 1) begin : g_head
      wire has = cnt_reg[v*2 +: 2] != 2'd0;
      assign head_valid[v] = has;
      assign head_busy[v] = !has && (maybe_reg[v] || filling[v]);
    end
  endgenerate

  assign rd_head_len = rd_cnt != 2'd0 ? pop_len : '0;
  wire reg_has = cnt_reg[reg_vif*2 +: 2] != 2'd0;
  wire [VIF_W:0] reg_idx = {reg_vif, head_slot_reg[reg_vif]};
  assign reg_head_len = reg_has ? len_mem[reg_idx] : '0;
  assign reg_head_meta = reg_has ? meta_mem[reg_idx] : '0;

endmodule

`resetall
