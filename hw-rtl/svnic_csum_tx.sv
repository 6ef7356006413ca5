// SPDX-License-Identifier: MIT
`resetall
`timescale 1ns / 1ps
`default_nettype none

/*
 * TX L4 checksum insertion (virtio-net VIRTIO_NET_HDR_F_NEEDS_CSUM).
 *
 * Per frame, sideband on the first beat: csum_req, csum_start, csum_offset.
 * With csum_req, the ones' complement sum of bytes [csum_start, end of
 * frame) is computed (16-bit big-endian words paired from csum_start, an odd
 * trailing byte padded with zero); the 16-bit field at csum_start +
 * csum_offset is part of that range and holds the pseudo-header partial sum
 * written by the driver. The folded complement of the sum replaces the
 * field; a result of 0x0000 is sent as 0xFFFF (equivalent for TCP and
 * UDP, and never "no checksum" for UDP), as Linux does in software.
 * If csum_start + csum_offset + 2 > frame length the request is refused:
 * the frame passes unchanged and stat_refused pulses (refused_count counts).
 * Nothing is ever written outside the frame.
 *
 * Store and forward, because the field may precede bytes it depends on:
 * two frame slots of MAX_FRAME bytes (ping-pong), so one frame is received
 * while the previous one is sent; both sides run at one beat per cycle.
 * The sum is accumulated while a frame is received; on the way out the two
 * field bytes are substituted in the beats that carry them. Frames longer
 * than MAX_FRAME are dropped whole (stat_oversize). tuser on the last beat
 * (an error mark) is carried to the output's last beat; the frame is still
 * processed. tid (the sender) is sampled on the first beat and leaves with
 * every beat of the frame.
 *
 * Input beats are packed: tkeep is all ones except possibly on the last
 * beat, whose tkeep is passed through as it came (its set bits are counted
 * for the length, so it must be contiguous from bit 0).
 * Latency: the first beat leaves 3 cycles after the last beat came in.
 *
 * DATA_WIDTH is a parameter (64..512). Per beat the sum adds KEEP_WIDTH/2
 * 16-bit words in one cycle, and each byte lane compares its position with
 * csum_start; at 512 bits (32 words) that adder tree and the per-lane
 * compares would need a pipeline stage or two to close timing (sum the beat
 * one cycle after it is written, add a cycle before the commit), which this
 * 64-bit-first version does not have.
 */
module svnic_csum_tx #(
  parameter int DATA_WIDTH = 64,    // AXI-Stream data width (64..512, power of two)
  parameter int KEEP_WIDTH = DATA_WIDTH / 8,  // byte lanes (derived)
  parameter int MAX_FRAME  = 9216,  // largest frame forwarded (bytes, 64..32768)
  parameter int ID_W       = 1,     // tid width, carried per frame (sampled on the first beat)
  parameter int SLOT_WORDS = 2 ** $clog2((MAX_FRAME + KEEP_WIDTH - 1) / KEEP_WIDTH),  // words per slot (derived)
  parameter int WORD_W     = $clog2(SLOT_WORDS)  // word index width (derived)
) (
  input  wire                   clk,
  input  wire                   rst,

  /* frames in, with the checksum request on the first beat */
  input  wire [DATA_WIDTH-1:0]  s_axis_tdata,
  input  wire [KEEP_WIDTH-1:0]  s_axis_tkeep,
  input  wire                   s_axis_tvalid,
  output wire                   s_axis_tready,
  input  wire                   s_axis_tlast,
  input  wire                   s_axis_tuser,
  input  wire [ID_W-1:0]        s_axis_tid,
  input  wire                   s_axis_csum_req,
  input  wire [15:0]            s_axis_csum_start,
  input  wire [15:0]            s_axis_csum_offset,

  /* frames out */
  output wire [DATA_WIDTH-1:0]  m_axis_tdata,
  output wire [KEEP_WIDTH-1:0]  m_axis_tkeep,
  output wire                   m_axis_tvalid,
  input  wire                   m_axis_tready,
  output wire                   m_axis_tlast,
  output wire                   m_axis_tuser,
  output wire [ID_W-1:0]        m_axis_tid,

  /* status (one-cycle pulses when a frame is taken in, and a counter) */
  output wire                   stat_inserted,
  output wire                   stat_refused,
  output wire                   stat_oversize,
  output wire [31:0]            refused_count
);

  localparam int LANE_W = $clog2(KEEP_WIDTH);
  localparam int POS_W = 18;  // byte positions and csum_start + csum_offset + 2
  localparam int ACC_W = 17 + $clog2(SLOT_WORDS * KEEP_WIDTH);
  localparam int BSUM_W = 16 + $clog2(KEEP_WIDTH);
  localparam int FIFO_W = DATA_WIDTH + KEEP_WIDTH + 2 + ID_W;

  initial begin
    if (DATA_WIDTH < 64 || DATA_WIDTH > 512 || (DATA_WIDTH & (DATA_WIDTH - 1)) != 0)
      $error("DATA_WIDTH must be 64, 128, 256 or 512 (%m)");
    if (KEEP_WIDTH * 8 != DATA_WIDTH) $error("KEEP_WIDTH must be DATA_WIDTH / 8 (%m)");
    if (MAX_FRAME < 64 || MAX_FRAME > 32768) $error("MAX_FRAME must be 64..32768 (%m)");
    if (ACC_W > 32) $error("checksum accumulator too wide (%m)");
  end

  function automatic [LANE_W:0] keep_count(input [KEEP_WIDTH-1:0] keep);
    keep_count = '0;
    for (int i = 0; i < KEEP_WIDTH; i++) keep_count = keep_count + {{LANE_W{1'b0}}, keep[i]};
  endfunction

  /* ---- input side ---- */
  logic             wr_slot_reg = 1'b0;
  logic             in_first_reg = 1'b1;
  logic [WORD_W:0]  in_word_reg = '0;    // beats of this frame so far
  logic [ACC_W-1:0] sum_reg = '0;
  logic             req_reg = 1'b0;
  logic [15:0]      start_reg = '0;
  logic [15:0]      offset_reg = '0;
  logic [ID_W-1:0]  id_reg = '0;

  /* per-slot metadata */
  logic [1:0]             slot_full_reg = 2'b00;
  logic [WORD_W:0]        slot_beats_reg [0:1];
  logic [KEEP_WIDTH-1:0]  slot_keep_reg [0:1];
  logic [ACC_W-1:0]       slot_sum_reg [0:1];
  logic                   slot_ins_reg [0:1];
  logic                   slot_odd_reg [0:1];
  logic [POS_W-1:0]       slot_pos_reg [0:1];
  logic                   slot_user_reg [0:1];
  logic [ID_W-1:0]        slot_id_reg [0:1];

  logic        stat_inserted_reg = 1'b0;
  logic        stat_refused_reg = 1'b0;
  logic        stat_oversize_reg = 1'b0;
  logic [31:0] refused_count_reg = '0;

  assign s_axis_tready = !slot_full_reg[wr_slot_reg];
  assign stat_inserted = stat_inserted_reg;
  assign stat_refused = stat_refused_reg;
  assign stat_oversize = stat_oversize_reg;
  assign refused_count = refused_count_reg;

  wire in_beat = s_axis_tvalid && !slot_full_reg[wr_slot_reg];
  wire in_fits = !in_word_reg[WORD_W];
  wire [15:0] cur_start = in_first_reg ? s_axis_csum_start : start_reg;
  wire [15:0] cur_offset = in_first_reg ? s_axis_csum_offset : offset_reg;
  wire cur_req = in_first_reg ? s_axis_csum_req : req_reg;
  wire [POS_W-1:0] beat_base = POS_W'(in_word_reg) * POS_W'(KEEP_WIDTH);
  wire [POS_W-1:0] frame_len = beat_base + POS_W'(keep_count(s_axis_tkeep));
  wire [POS_W-1:0] field_pos = POS_W'(cur_start) + POS_W'(cur_offset);
  wire in_range = field_pos + POS_W'(2) <= frame_len;
  wire oversize = !in_fits || frame_len > POS_W'(MAX_FRAME);

  // sum of this beat's bytes at or past csum_start, big-endian words paired
  // at even frame offsets (a swap fixes an odd csum_start at the end)
  logic [BSUM_W-1:0] beat_sum;
  logic [7:0] bs_hi, bs_lo;
  always_comb begin
    bs_hi = 8'd0;
    bs_lo = 8'd0;
    beat_sum = '0;
    for (int j = 0; j < KEEP_WIDTH / 2; j++) begin
      bs_hi = (s_axis_tkeep[2*j] && beat_base + POS_W'(2*j) >= POS_W'(cur_start)) ? s_axis_tdata[16*j +: 8] : 8'd0;
      bs_lo = (s_axis_tkeep[2*j+1] && beat_base + POS_W'(2*j+1) >= POS_W'(cur_start)) ? s_axis_tdata[16*j+8 +: 8] : 8'd0;
      beat_sum = beat_sum + BSUM_W'({bs_hi, bs_lo});
    end
  end

  wire [ACC_W-1:0] sum_next = sum_reg + ACC_W'(beat_sum);

  /* frame buffer: slot in the top address bit */
  logic                  rd_en;
  logic [WORD_W:0]       rd_addr;
  wire [DATA_WIDTH-1:0]  rd_data;

  svnic_sdp_ram #(
    .WORDS(2 * SLOT_WORDS),
    .BYTES(KEEP_WIDTH)
  ) frame_ram (
    .clk(clk),
    .wr_addr({wr_slot_reg, in_word_reg[WORD_W-1:0]}),
    .wr_data(s_axis_tdata),
    .wr_be((in_beat && in_fits) ? {KEEP_WIDTH{1'b1}} : {KEEP_WIDTH{1'b0}}),
    .rd_en(rd_en),
    .rd_addr(rd_addr),
    .rd_data(rd_data)
  );

  /* ---- output side ---- */
  logic            rd_slot_reg = 1'b0;
  logic [WORD_W:0] rd_word_reg = '0;     // next word to read
  logic            pend_valid_reg = 1'b0;  // read data arrives this cycle
  logic            pend_last_reg = 1'b0;
  logic [KEEP_WIDTH-1:0] pend_keep_reg = '0;
  logic            pend_user_reg = 1'b0;
  logic [ID_W-1:0] pend_id_reg = '0;
  logic            pend_hi_reg = 1'b0;     // checksum high byte in this word
  logic            pend_lo_reg = 1'b0;     // checksum low byte in this word
  logic [LANE_W-1:0] pend_hi_lane_reg = '0;
  logic [LANE_W-1:0] pend_lo_lane_reg = '0;
  logic [15:0]     pend_csum_reg = '0;

  wire [$clog2(4):0] fifo_count;
  wire fifo_s_ready_unused;

  // final checksum of the slot being read
  wire [ACC_W-1:0] rs_sum = slot_sum_reg[rd_slot_reg];
  wire [16:0] fold1 = {1'b0, rs_sum[15:0]} + 17'(rs_sum[ACC_W-1:16]);
  wire [15:0] fold2 = fold1[15:0] + {15'd0, fold1[16]};
  wire [15:0] fold_al = slot_odd_reg[rd_slot_reg] ? {fold2[7:0], fold2[15:8]} : fold2;
  wire [15:0] csum_val = (fold_al == 16'hffff) ? 16'hffff : ~fold_al;

  wire [POS_W-1:0] rs_pos = slot_pos_reg[rd_slot_reg];
  wire [POS_W-1:0] rs_pos_lo = rs_pos + 1'b1;
  wire [POS_W-LANE_W-1:0] rd_word_ext = (POS_W-LANE_W)'(rd_word_reg);
  wire rs_active = slot_full_reg[rd_slot_reg];
  wire rd_issue = rs_active && (rd_word_reg != slot_beats_reg[rd_slot_reg]) &&
                  (32'(fifo_count) + 32'(pend_valid_reg) < 4);
  wire rd_is_last = rd_word_reg + 1'b1 == slot_beats_reg[rd_slot_reg];

  assign rd_en = rd_issue;
  assign rd_addr = {rd_slot_reg, rd_word_reg[WORD_W-1:0]};

  logic [DATA_WIDTH-1:0] out_data;
  always_comb begin
    out_data = rd_data;
    if (pend_hi_reg) out_data[8*pend_hi_lane_reg +: 8] = pend_csum_reg[15:8];
    if (pend_lo_reg) out_data[8*pend_lo_lane_reg +: 8] = pend_csum_reg[7:0];
  end

  svnic_fifo #(
    .WIDTH(FIFO_W),
    .DEPTH(4)
  ) out_fifo (
    .clk(clk),
    .rst(rst),
    .s_data({pend_id_reg, pend_user_reg, pend_last_reg, pend_keep_reg, out_data}),
    .s_valid(pend_valid_reg),
    .s_ready(fifo_s_ready_unused),
    .m_data({m_axis_tid, m_axis_tuser, m_axis_tlast, m_axis_tkeep, m_axis_tdata}),
    .m_valid(m_axis_tvalid),
    .m_ready(m_axis_tready),
    .count(fifo_count)
  );

  wire unused_ok = &{1'b0, fifo_s_ready_unused};

  always_ff @(posedge clk) begin
    stat_inserted_reg <= 1'b0;
    stat_refused_reg <= 1'b0;
    stat_oversize_reg <= 1'b0;

    // input: write, sum, commit on tlast
    if (in_beat) begin
      in_first_reg <= 1'b0;
      if (in_first_reg) begin
        req_reg <= s_axis_csum_req;
        start_reg <= s_axis_csum_start;
        offset_reg <= s_axis_csum_offset;
        id_reg <= s_axis_tid;
      end
      if (in_fits) in_word_reg <= in_word_reg + 1'b1;
      sum_reg <= sum_next;
      if (s_axis_tlast) begin
        in_first_reg <= 1'b1;
        in_word_reg <= '0;
        sum_reg <= '0;
        if (oversize) begin
          stat_oversize_reg <= 1'b1;
        end else begin
          slot_full_reg[wr_slot_reg] <= 1'b1;
          wr_slot_reg <= !wr_slot_reg;
          slot_beats_reg[wr_slot_reg] <= in_word_reg + 1'b1;
          slot_keep_reg[wr_slot_reg] <= s_axis_tkeep;
          slot_sum_reg[wr_slot_reg] <= sum_next;
          slot_ins_reg[wr_slot_reg] <= cur_req && in_range;
          slot_odd_reg[wr_slot_reg] <= cur_start[0];
          slot_pos_reg[wr_slot_reg] <= field_pos;
          slot_user_reg[wr_slot_reg] <= s_axis_tuser;
          slot_id_reg[wr_slot_reg] <= in_first_reg ? s_axis_tid : id_reg;
          stat_inserted_reg <= cur_req && in_range;
          stat_refused_reg <= cur_req && !in_range;
          if (cur_req && !in_range) refused_count_reg <= refused_count_reg + 1'b1;
        end
      end
    end

    // output: read the slot word by word, mark the checksum bytes
    pend_valid_reg <= rd_issue;
    if (rd_issue) begin
      pend_last_reg <= rd_is_last;
      pend_keep_reg <= rd_is_last ? slot_keep_reg[rd_slot_reg] : {KEEP_WIDTH{1'b1}};
      pend_user_reg <= rd_is_last && slot_user_reg[rd_slot_reg];
      pend_id_reg <= slot_id_reg[rd_slot_reg];
      pend_hi_reg <= slot_ins_reg[rd_slot_reg] && rs_pos[POS_W-1:LANE_W] == rd_word_ext;
      pend_lo_reg <= slot_ins_reg[rd_slot_reg] && rs_pos_lo[POS_W-1:LANE_W] == rd_word_ext;
      pend_hi_lane_reg <= rs_pos[LANE_W-1:0];
      pend_lo_lane_reg <= rs_pos_lo[LANE_W-1:0];
      pend_csum_reg <= csum_val;
      rd_word_reg <= rd_word_reg + 1'b1;
      if (rd_is_last) begin
        rd_word_reg <= '0;
        slot_full_reg[rd_slot_reg] <= 1'b0;
        rd_slot_reg <= !rd_slot_reg;
      end
    end

    if (rst) begin
      wr_slot_reg <= 1'b0;
      in_first_reg <= 1'b1;
      in_word_reg <= '0;
      sum_reg <= '0;
      slot_full_reg <= 2'b00;
      rd_slot_reg <= 1'b0;
      rd_word_reg <= '0;
      pend_valid_reg <= 1'b0;
      stat_inserted_reg <= 1'b0;
      stat_refused_reg <= 1'b0;
      stat_oversize_reg <= 1'b0;
      refused_count_reg <= '0;
    end
  end

endmodule

`resetall
