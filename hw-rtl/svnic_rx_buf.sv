// SPDX-License-Identifier: MIT
`resetall
`timescale 1ns / 1ps
`default_nettype none

/*
 * Per-VIF RX frame buffer.
 *
 * Frames arrive as 8-byte beats (always accepted, one per cycle), each frame
 * starting on a word boundary of a circular data RAM. A frame is written
 * speculatively and committed on tlast: its length goes into a length FIFO.
 * If the frame does not fit the free space it is dropped whole (drop_full);
 * tuser on the last beat aborts the frame silently (the switch counts it).
 *
 * The lengths of the head frame and of the one after it are kept in
 * registers (prefetched from the length FIFO), so a pop exposes the next
 * head in the following cycle; just after a commit the head appears two
 * cycles later (head_busy meanwhile).
 * The head (oldest committed) frame is read with a word offset relative to
 * its start (registered read, one cycle) and released with pop.
 * Every committed frame occupies at least two words (>= 14 bytes), so a
 * length FIFO of WORDS/2 entries can only fill when the data RAM is full;
 * it is checked anyway.
 * Each frame keeps META_W bits of metadata that come with its last beat
 * (s_axis_tmeta: the checksum verdict), stored beside its length and
 * readable as head_meta with the head frame.
 */
module svnic_rx_buf #(
  parameter int BUF_BYTES = 16384,  // buffer size in bytes (power of two)
  parameter int WORDS     = BUF_BYTES / 8,  // data words (derived)
  parameter int AW        = $clog2(WORDS),  // word address width (derived)
  parameter int LEN_W     = $clog2(BUF_BYTES) + 1, // frame length width (derived)
  parameter int META_W    = 2               // per-frame metadata bits
) (
  input  wire              clk,
  input  wire              rst,

  /* frame input (no back-pressure) */
  input  wire [63:0]       s_axis_tdata,
  input  wire [7:0]        s_axis_tkeep,
  input  wire              s_axis_tvalid,
  input  wire              s_axis_tlast,
  input  wire              s_axis_tuser,   // last beat: abort the frame
  input  wire [META_W-1:0] s_axis_tmeta,   // last beat: the frame's metadata

  /* head frame access */
  output wire              head_valid,     // a committed frame is buffered
  output wire              head_busy,      // the next head is being fetched
  output wire [LEN_W-1:0]  head_len,       // its length in bytes (0 if none)
  output wire [META_W-1:0] head_meta,      // its metadata (0 if none)
  input  wire              rd_en,
  input  wire [AW-1:0]     rd_addr,        // word offset inside the head frame
  output wire [63:0]       rd_data,        // valid the cycle after rd_en
  input  wire              pop,            // release the head frame

  /* statistics events */
  output wire              commit_valid,   // a frame was committed
  output wire [LEN_W-1:0]  commit_len,
  output wire              drop_full       // a frame was dropped: no room
);

  localparam int LF_WORDS = WORDS / 2;
  localparam int LF_AW = $clog2(LF_WORDS);
  localparam int LF_W = META_W + LEN_W;      // length FIFO entry: {meta, len}
  localparam int LF_BYTES = (LF_W + 7) / 8;

  initial begin
    if (BUF_BYTES < 64 || (BUF_BYTES & (BUF_BYTES - 1)) != 0) $error("BUF_BYTES must be a power of two >= 64 (%m)");
  end

  // pointers carry one extra wrap bit
  logic [AW:0] spec_ptr_reg = '0;    // next word to write (speculative)
  logic [AW:0] commit_ptr_reg = '0;  // first word of the frame being written
  logic [AW:0] head_ptr_reg = '0;    // first word of the head frame
  logic [LEN_W-1:0] frame_len_reg = '0;
  logic overflow_reg = 1'b0;

  logic [LF_AW:0] lf_wr_ptr_reg = '0;
  logic [LF_AW:0] lf_rd_ptr_reg = '0;
  logic lf_rd_pending_reg = 1'b0;
  logic head_valid_reg = 1'b0;
  logic [LEN_W-1:0] head_len_reg = '0;
  logic [META_W-1:0] head_meta_reg = '0;
  logic [META_W-1:0] next_meta_reg = '0;
  logic next_valid_reg = 1'b0;       // length of the frame after the head, prefetched
  logic [LEN_W-1:0] next_len_reg = '0;

  logic commit_valid_reg = 1'b0;
  logic [LEN_W-1:0] commit_len_reg = '0;
  logic drop_full_reg = 1'b0;

  assign head_valid = head_valid_reg;
  assign head_len = head_valid_reg ? head_len_reg : '0;
  assign head_meta = head_valid_reg ? head_meta_reg : '0;
  assign head_busy = !head_valid_reg && (lf_rd_pending_reg || lf_wr_ptr_reg != lf_rd_ptr_reg);
  assign commit_valid = commit_valid_reg;
  assign commit_len = commit_len_reg;
  assign drop_full = drop_full_reg;

  function automatic [3:0] keep_count(input [7:0] keep);
    keep_count = 4'd0;
    for (int i = 0; i < 8; i++) keep_count = keep_count + {3'd0, keep[i]};
  endfunction

  // data RAM
  wire [AW:0] used = spec_ptr_reg - head_ptr_reg;
  wire room = !used[AW];
  wire wr_ok = s_axis_tvalid && !overflow_reg && room;
  wire [AW-1:0] head_rd_addr = head_ptr_reg[AW-1:0] + rd_addr;

  svnic_sdp_ram #(
    .WORDS(WORDS),
    .BYTES(8)
  ) data_ram (
    .clk(clk),
    .wr_addr(spec_ptr_reg[AW-1:0]),
    .wr_data(s_axis_tdata),
    .wr_be(wr_ok ? 8'hff : 8'h00),
    .rd_en(rd_en),
    .rd_addr(head_rd_addr),
    .rd_data(rd_data)
  );

  // length FIFO
  wire [LF_AW:0] lf_occ = lf_wr_ptr_reg - lf_rd_ptr_reg;
  wire lf_full = lf_occ[LF_AW];
  wire [LEN_W-1:0] frame_len_next = frame_len_reg + {{(LEN_W-4){1'b0}}, keep_count(s_axis_tkeep)};
  wire frame_end = s_axis_tvalid && s_axis_tlast;
  wire frame_commit = frame_end && !s_axis_tuser && !overflow_reg && room && !lf_full;
  wire frame_nofit = frame_end && !s_axis_tuser && !(!overflow_reg && room && !lf_full);
  wire lf_rd_en = !(head_valid_reg && next_valid_reg) && !lf_rd_pending_reg && (lf_occ != '0);
  wire [LF_BYTES*8-1:0] lf_rd_data;

  svnic_sdp_ram #(
    .WORDS(LF_WORDS),
    .BYTES(LF_BYTES)
  ) len_ram (
    .clk(clk),
    .wr_addr(lf_wr_ptr_reg[LF_AW-1:0]),
    .wr_data({{(LF_BYTES*8-LF_W){1'b0}}, s_axis_tmeta, frame_len_next}),
    .wr_be(frame_commit ? {LF_BYTES{1'b1}} : {LF_BYTES{1'b0}}),
    .rd_en(lf_rd_en),
    .rd_addr(lf_rd_ptr_reg[LF_AW-1:0]),
    .rd_data(lf_rd_data)
  );

  // words occupied by the head frame
  wire [LEN_W-1:0] head_len_p7 = head_len_reg + 7;
  wire [AW:0] head_words = head_len_p7[LEN_W-1:3];

  wire unused_ok = &{1'b0, lf_rd_data, head_len_p7[2:0]};

  always_ff @(posedge clk) begin
    commit_valid_reg <= 1'b0;
    drop_full_reg <= 1'b0;

    if (s_axis_tvalid) begin
      if (wr_ok) spec_ptr_reg <= spec_ptr_reg + 1'b1;
      else overflow_reg <= 1'b1;
      frame_len_reg <= frame_len_next;
      if (s_axis_tlast) begin
        frame_len_reg <= '0;
        overflow_reg <= 1'b0;
        if (frame_commit) begin
          commit_ptr_reg <= spec_ptr_reg + 1'b1;
          lf_wr_ptr_reg <= lf_wr_ptr_reg + 1'b1;
          commit_valid_reg <= 1'b1;
          commit_len_reg <= frame_len_next;
        end else begin
          spec_ptr_reg <= commit_ptr_reg;
          drop_full_reg <= frame_nofit;
        end
      end
    end

    lf_rd_pending_reg <= lf_rd_en;
    if (lf_rd_en) lf_rd_ptr_reg <= lf_rd_ptr_reg + 1'b1;

    // two-entry show-ahead of the length FIFO: a pop exposes the next head at once
    if (pop && head_valid_reg) begin
      head_ptr_reg <= head_ptr_reg + head_words;
      head_valid_reg <= next_valid_reg;
      head_len_reg <= next_len_reg;
      head_meta_reg <= next_meta_reg;
      next_valid_reg <= 1'b0;
      if (lf_rd_pending_reg) begin
        if (next_valid_reg) begin
          next_valid_reg <= 1'b1;
          next_len_reg <= lf_rd_data[LEN_W-1:0];
          next_meta_reg <= lf_rd_data[LEN_W +: META_W];
        end else begin
          head_valid_reg <= 1'b1;
          head_len_reg <= lf_rd_data[LEN_W-1:0];
          head_meta_reg <= lf_rd_data[LEN_W +: META_W];
        end
      end
    end else if (lf_rd_pending_reg) begin
      if (head_valid_reg) begin
        next_valid_reg <= 1'b1;
        next_len_reg <= lf_rd_data[LEN_W-1:0];
        next_meta_reg <= lf_rd_data[LEN_W +: META_W];
      end else begin
        head_valid_reg <= 1'b1;
        head_len_reg <= lf_rd_data[LEN_W-1:0];
        head_meta_reg <= lf_rd_data[LEN_W +: META_W];
      end
    end

    if (rst) begin
      spec_ptr_reg <= '0;
      commit_ptr_reg <= '0;
      head_ptr_reg <= '0;
      frame_len_reg <= '0;
      overflow_reg <= 1'b0;
      lf_wr_ptr_reg <= '0;
      lf_rd_ptr_reg <= '0;
      lf_rd_pending_reg <= 1'b0;
      head_valid_reg <= 1'b0;
      head_len_reg <= '0;
      next_valid_reg <= 1'b0;
      commit_valid_reg <= 1'b0;
      drop_full_reg <= 1'b0;
    end
  end

endmodule

`resetall
