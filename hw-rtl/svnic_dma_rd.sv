// SPDX-License-Identifier: MIT
`resetall
`timescale 1ns / 1ps
`default_nettype none

/*
 * DMA read engine: splits read jobs into tagged requests, keeps several in
 * flight, and delivers the data in job order.
 *
 * A job (addr, len, domain) is cut into requests of at most MAX_READ_REQ
 * bytes that never cross a MAX_READ_REQ boundary (so never a 4 KiB one
 * either: MAX_READ_REQ divides 4096). Each request takes a tag; tags are
 * handed out in order, one per request, and up to N_TAGS requests are
 * outstanding at once, across jobs. Every tag owns a slot of the reorder
 * buffer (MAX_READ_REQ / 8 words of block RAM), so a completion is always
 * accepted (s_axis_cpl_tready is 1).
 *
 * Completions come in any order between tags, in order within one. A
 * request's data is address-aligned, as on PCIe or AXI: beat j of a request
 * at addr holds the host bytes (addr & ~7) + 8j .. + 7, and a request of len
 * bytes takes ((addr & 7) + len + 7) / 8 beats, tlast on its last. An error
 * completion (tuser) is one beat with tlast. A completion whose beat count
 * does not match its request, or for a tag not outstanding, is counted
 * (cpl_bad) and marks the request failed (or is ignored).
 *
 * The consumer stream m_axis_* is packed from byte 0 of each job: beat j
 * carries the job's bytes 8j .. 8j + 7, all beats full but the last, tlast
 * on the job's last beat. Data leaves as it arrives (cut-through), in
 * order. tuser marks a job whose data is not all good: once set it stays
 * set to the job's last beat; it is set at the latest on the first beat
 * holding bytes of a request that completed with an error, or holding the
 * last word of a request whose completion had too few or too many beats
 * (earlier beats of that request, delivered before, were good). A job is
 * good exactly when its last beat has no tuser. A job refused before any
 * request (s_job_refused, the window check of svnic_dma_win) issues
 * nothing and takes a tag only to keep its
 * place in order: it is delivered as a single beat with tuser and tlast and
 * no bytes (tkeep 0).
 */
module svnic_dma_rd #(
  parameter int N_TAGS       = 8,    // reads outstanding at once (power of two, 2..32)
  parameter int MAX_READ_REQ = 512,  // bytes per request (power of two, 64..4096)
  parameter int LEN_W        = 16,   // job length width (bytes, jobs of 1 .. 2^LEN_W - 1)
  parameter int TAG_W        = $clog2(N_TAGS)  // derived
) (
  input  wire               clk,
  input  wire               rst,

  /* read jobs */
  input  wire [63:0]        s_job_addr,
  input  wire [LEN_W-1:0]   s_job_len,      // >= 1
  input  wire [7:0]         s_job_domain,
  input  wire               s_job_refused,  // issue nothing, deliver one error beat
  input  wire               s_job_valid,
  output wire               s_job_ready,

  /* read requests to host memory */
  output wire [63:0]        m_req_addr,
  output wire [15:0]        m_req_len,
  output wire [7:0]         m_req_domain,
  output wire [TAG_W-1:0]   m_req_tag,
  output wire               m_req_valid,
  input  wire               m_req_ready,

  /* completions (address-aligned beats, tid = tag) */
  input  wire [63:0]        s_axis_cpl_tdata,
  input  wire [TAG_W-1:0]   s_axis_cpl_tid,
  input  wire               s_axis_cpl_tvalid,
  output wire               s_axis_cpl_tready,
  input  wire               s_axis_cpl_tlast,
  input  wire               s_axis_cpl_tuser,   // error completion

  /* job data, in job order */
  output wire [63:0]        m_axis_tdata,
  output wire [7:0]         m_axis_tkeep,
  output wire               m_axis_tvalid,
  input  wire               m_axis_tready,
  output wire               m_axis_tlast,
  output wire               m_axis_tuser,       // data lost (failed request or refused job)

  /* status */
  output wire [TAG_W:0]     tags_in_use,
  output wire               cpl_bad              // pulse: a completion that did not fit its request
);

  localparam int SLOT_WORDS = MAX_READ_REQ / 8;
  localparam int SLOT_W = $clog2(SLOT_WORDS);
  localparam int RAM_WORDS = N_TAGS * SLOT_WORDS;
  localparam int MRR_W = $clog2(MAX_READ_REQ);
  localparam int NW_W = SLOT_W + 1;       // words of one request, 1 .. SLOT_WORDS
  localparam int JW_W = LEN_W - 1;        // words of one job, up to (len + 14) / 8
  localparam int SIDE_W = 3 + 3 + LEN_W;  // first, err, refused, shift, len
  localparam logic [TAG_W:0] NT = (TAG_W + 1)'(N_TAGS);

  initial begin
    if (N_TAGS < 2 || N_TAGS > 32 || (N_TAGS & (N_TAGS - 1)) != 0)
      $error("N_TAGS must be a power of two in 2..32 (%m)");
    if (MAX_READ_REQ < 64 || MAX_READ_REQ > 4096 || (MAX_READ_REQ & (MAX_READ_REQ - 1)) != 0)
      $error("MAX_READ_REQ must be a power of two in 64..4096 (%m)");
    if (LEN_W <= $clog2(MAX_READ_REQ) || LEN_W > 16) $error("LEN_W must be log2(MAX_READ_REQ)+1..16 (%m)");
  end

  // ------------------------------------------------------------ splitter
  logic job_active_reg = 1'b0;
  logic [63:0] seg_addr_reg = '0;    // next request's address
  logic [LEN_W-1:0] rem_reg = '0;    // bytes of the job not yet requested
  logic [7:0] dom_reg = '0;
  logic refused_reg = 1'b0;
  logic first_reg = 1'b0;            // the next request is the job's first
  logic [2:0] job_shift_reg = '0;
  logic [LEN_W-1:0] job_len_reg = '0;

  logic [TAG_W:0] issue_ptr_reg = '0;  // tags handed out
  logic [TAG_W:0] drain_ptr_reg = '0;  // tags whose data left the buffer
  wire [TAG_W:0] in_use = issue_ptr_reg - drain_ptr_reg;
  wire tag_free = in_use < NT;
  wire [TAG_W-1:0] new_tag = issue_ptr_reg[TAG_W-1:0];

  logic [63:0] req_addr_reg = '0;
  logic [15:0] req_len_reg = '0;
  logic [7:0] req_dom_reg = '0;
  logic [TAG_W-1:0] req_tag_reg = '0;
  logic req_valid_reg = 1'b0;

  // bytes up to the next MAX_READ_REQ boundary, and this request's length
  wire [MRR_W:0] to_boundary = (MRR_W + 1)'(MAX_READ_REQ) - {1'b0, seg_addr_reg[MRR_W-1:0]};
  wire [LEN_W:0] rem_ext = {1'b0, rem_reg};
  wire seg_is_rest = rem_ext <= (LEN_W + 1)'(to_boundary);
  wire [MRR_W:0] seg_len = seg_is_rest ? rem_reg[MRR_W:0] : to_boundary;
  wire [MRR_W+1:0] seg_span = {1'b0, seg_len} + (MRR_W + 2)'(seg_addr_reg[2:0]) + (MRR_W + 2)'(7);
  wire [NW_W-1:0] seg_words = refused_reg ? NW_W'(1) : seg_span[MRR_W:3];
  wire seg_last = refused_reg || seg_is_rest;

  wire req_slot_free = !req_valid_reg || m_req_ready;
  wire alloc = job_active_reg && tag_free && (refused_reg || req_slot_free);

  assign s_job_ready = !job_active_reg;
  assign m_req_addr = req_addr_reg;
  assign m_req_len = req_len_reg;
  assign m_req_domain = req_dom_reg;
  assign m_req_tag = req_tag_reg;
  assign m_req_valid = req_valid_reg;
  assign tags_in_use = in_use;

  // per-tag state (registers: N_TAGS is small)
  logic [N_TAGS-1:0] t_done_reg = '0;
  logic [N_TAGS-1:0] t_err_reg = '0;
  logic [N_TAGS-1:0] t_ref_reg = '0;
  logic [N_TAGS-1:0] t_first_reg = '0;
  logic [NW_W-1:0] t_words_reg [0:N_TAGS-1];
  logic [NW_W-1:0] t_wcnt_reg [0:N_TAGS-1];
  logic [2:0] t_shift_reg [0:N_TAGS-1];
  logic [LEN_W-1:0] t_len_reg [0:N_TAGS-1];

  initial begin
    for (int i = 0; i < N_TAGS; i++) begin
      t_words_reg[i] = '0;
      t_wcnt_reg[i] = '0;
      t_shift_reg[i] = '0;
      t_len_reg[i] = '0;
    end
  end

  // ------------------------------------------------------------ completions
  wire [TAG_W-1:0] c_tag = s_axis_cpl_tid;
  wire [TAG_W:0] c_rel = {1'b0, c_tag - drain_ptr_reg[TAG_W-1:0]};
  wire c_outstanding = c_rel < in_use && !t_done_reg[c_tag];
  wire [NW_W-1:0] c_wcnt = t_wcnt_reg[c_tag];
  wire [NW_W-1:0] c_words = t_words_reg[c_tag];
  wire c_fire = s_axis_cpl_tvalid && c_outstanding;
  wire c_fits = c_wcnt < c_words;
  wire c_write = c_fire && !s_axis_cpl_tuser && c_fits;
  // a short or long data completion fails its request
  wire c_bad = c_fire && !s_axis_cpl_tuser &&
               (!c_fits || (s_axis_cpl_tlast && c_wcnt + 1'b1 != c_words));
  logic cpl_bad_reg = 1'b0;

  assign s_axis_cpl_tready = 1'b1;
  assign cpl_bad = cpl_bad_reg;

  // ------------------------------------------------------------ reorder buffer
  wire [TAG_W-1:0] d_tag = drain_ptr_reg[TAG_W-1:0];
  logic [NW_W-1:0] d_idx_reg = '0;   // words of the head tag read so far
  logic d_inflight_reg = 1'b0;
  logic [SIDE_W-1:0] d_side_reg = '0;
  wire fifo_s_ready;
  wire [63+SIDE_W:0] fifo_m_data;
  wire fifo_m_valid;
  logic fifo_pop;
  wire [2:0] fifo_count;
  wire [63:0] ram_rd_data;

  // cut-through: a word leaves once it was written (the RAM takes it the
  // cycle its count goes up); a request's last word waits for its end, so
  // its failure (error, too few or too many beats) is known by then
  wire d_tag_end = d_idx_reg + 1'b1 == t_words_reg[d_tag];
  wire d_ready = drain_ptr_reg != issue_ptr_reg &&
                 (t_done_reg[d_tag] || (!d_tag_end && d_idx_reg < t_wcnt_reg[d_tag]));
  wire d_read = d_ready && ({1'b0, fifo_count} + {3'd0, d_inflight_reg} < 4'd4);
  wire [SIDE_W-1:0] d_side = {t_first_reg[d_tag] && d_idx_reg == '0,
                              t_err_reg[d_tag], t_ref_reg[d_tag],
                              t_shift_reg[d_tag], t_len_reg[d_tag]};

  svnic_sdp_ram #(
    .WORDS(RAM_WORDS),
    .BYTES(8)
  ) rob_ram (
    .clk(clk),
    .wr_addr({c_tag, c_wcnt[SLOT_W-1:0]}),
    .wr_data(s_axis_cpl_tdata),
    .wr_be(c_write ? 8'hff : 8'h00),
    .rd_en(d_read),
    .rd_addr({d_tag, d_idx_reg[SLOT_W-1:0]}),
    .rd_data(ram_rd_data)
  );

  svnic_fifo #(
    .WIDTH(64 + SIDE_W),
    .DEPTH(4)
  ) word_fifo (
    .clk(clk),
    .rst(rst),
    .s_data({d_side_reg, ram_rd_data}),
    .s_valid(d_inflight_reg),
    .s_ready(fifo_s_ready),
    .m_data(fifo_m_data),
    .m_valid(fifo_m_valid),
    .m_ready(fifo_pop),
    .count(fifo_count)
  );

  // ------------------------------------------------------------ realignment
  wire [63:0] f_data = fifo_m_data[63:0];
  wire [LEN_W-1:0] f_len = fifo_m_data[64 +: LEN_W];
  wire [2:0] f_shift = fifo_m_data[64 + LEN_W +: 3];
  wire f_ref = fifo_m_data[64 + LEN_W + 3];
  wire f_err = fifo_m_data[64 + LEN_W + 4];
  wire f_first = fifo_m_data[64 + LEN_W + 5];

  logic a_active_reg = 1'b0;
  logic [2:0] a_shift_reg = '0;
  logic [JW_W-1:0] a_n_in_reg = '0;
  logic [JW_W-1:0] a_n_out_reg = '0;
  logic [JW_W-1:0] a_in_reg = '0;
  logic [JW_W-1:0] a_out_reg = '0;
  logic [7:0] a_last_keep_reg = '0;
  logic a_err_reg = 1'b0;
  logic [63:0] a_prev_reg = '0;

  logic [63:0] out_data_reg = '0;
  logic [7:0] out_keep_reg = '0;
  logic out_valid_reg = 1'b0;
  logic out_last_reg = 1'b0;
  logic out_user_reg = 1'b0;

  wire out_free = !out_valid_reg || m_axis_tready;
  wire a_more_in = a_in_reg != a_n_in_reg;
  wire a_start = !a_active_reg && fifo_m_valid && f_first;
  wire a_refuse = a_start && f_ref;
  wire [127:0] a_pair = {(a_more_in ? f_data : 64'd0), a_prev_reg};
  wire [127:0] a_shifted = a_pair >> {a_shift_reg, 3'b000};
  wire a_last_beat = a_out_reg == a_n_out_reg - 1'b1;
  wire [7:0] a_keep = a_last_beat ? a_last_keep_reg : 8'hff;
  wire a_produce = a_active_reg && out_free && (!a_more_in || fifo_m_valid);
  wire a_beat_err = a_err_reg || (a_more_in && f_err);
  logic [63:0] a_beat;
  always_comb begin
    for (int i = 0; i < 8; i++) a_beat[i*8 +: 8] = a_keep[i] ? a_shifted[i*8 +: 8] : 8'd0;
  end

  wire [LEN_W+3:0] f_span = {4'd0, f_len} + {{(LEN_W+1){1'b0}}, f_shift} + (LEN_W + 4)'(7);
  wire [LEN_W+3:0] f_len_p7 = {4'd0, f_len} + (LEN_W + 4)'(7);

  always_comb begin
    fifo_pop = 1'b0;
    if (a_start && (!a_refuse || out_free)) fifo_pop = 1'b1;
    if (a_produce && a_more_in) fifo_pop = 1'b1;
  end

  assign m_axis_tdata = out_data_reg;
  assign m_axis_tkeep = out_keep_reg;
  assign m_axis_tvalid = out_valid_reg;
  assign m_axis_tlast = out_last_reg;
  assign m_axis_tuser = out_user_reg;

  // ------------------------------------------------------------ state
  always_ff @(posedge clk) begin
    cpl_bad_reg <= c_bad || (s_axis_cpl_tvalid && !c_outstanding);

    // accept a job
    if (s_job_valid && !job_active_reg) begin
      job_active_reg <= 1'b1;
      seg_addr_reg <= s_job_addr;
      rem_reg <= s_job_len;
      dom_reg <= s_job_domain;
      refused_reg <= s_job_refused;
      first_reg <= 1'b1;
      job_shift_reg <= s_job_addr[2:0];
      job_len_reg <= s_job_len;
    end

    // hand out a tag (and issue its request)
    if (m_req_ready) req_valid_reg <= 1'b0;
    if (alloc) begin
      issue_ptr_reg <= issue_ptr_reg + 1'b1;
      t_done_reg[new_tag] <= refused_reg;
      t_err_reg[new_tag] <= refused_reg;
      t_ref_reg[new_tag] <= refused_reg;
      t_first_reg[new_tag] <= first_reg;
      t_words_reg[new_tag] <= seg_words;
      t_wcnt_reg[new_tag] <= '0;
      t_shift_reg[new_tag] <= job_shift_reg;
      t_len_reg[new_tag] <= job_len_reg;
      first_reg <= 1'b0;
      if (!refused_reg) begin
        req_valid_reg <= 1'b1;
        req_addr_reg <= seg_addr_reg;
        req_len_reg <= 16'(seg_len);
        req_dom_reg <= dom_reg;
        req_tag_reg <= new_tag;
      end
      seg_addr_reg <= seg_addr_reg + 64'(seg_len);
      rem_reg <= rem_reg - LEN_W'(seg_len);
      if (seg_last) job_active_reg <= 1'b0;
    end

    // completions
    if (c_fire) begin
      if (c_fits) t_wcnt_reg[c_tag] <= c_wcnt + 1'b1;
      if (s_axis_cpl_tuser || c_bad) t_err_reg[c_tag] <= 1'b1;
      if (s_axis_cpl_tlast) t_done_reg[c_tag] <= 1'b1;
    end

    // drain the head tag into the word FIFO
    d_inflight_reg <= d_read;
    d_side_reg <= d_side;
    if (d_read) begin
      if (d_tag_end) begin
        d_idx_reg <= '0;
        drain_ptr_reg <= drain_ptr_reg + 1'b1;
      end else begin
        d_idx_reg <= d_idx_reg + 1'b1;
      end
    end

    // realign each job's words into its output beats
    if (out_valid_reg && m_axis_tready) out_valid_reg <= 1'b0;
    if (a_start) begin
      if (a_refuse) begin
        if (out_free) begin
          out_valid_reg <= 1'b1;
          out_data_reg <= '0;
          out_keep_reg <= '0;
          out_last_reg <= 1'b1;
          out_user_reg <= 1'b1;
        end
      end else begin
        a_active_reg <= 1'b1;
        a_shift_reg <= f_shift;
        a_n_in_reg <= f_span[JW_W+2:3];
        a_n_out_reg <= f_len_p7[JW_W+2:3];
        a_in_reg <= JW_W'(1);
        a_out_reg <= '0;
        a_last_keep_reg <= f_len[2:0] == 3'd0 ? 8'hff : ~(8'hff << f_len[2:0]);
        a_err_reg <= f_err;
        a_prev_reg <= f_data;
      end
    end
    if (a_produce) begin
      out_valid_reg <= 1'b1;
      out_data_reg <= a_beat;
      out_keep_reg <= a_keep;
      out_last_reg <= a_last_beat;
      out_user_reg <= a_beat_err;
      a_out_reg <= a_out_reg + 1'b1;
      a_err_reg <= a_beat_err;
      if (a_more_in) begin
        a_prev_reg <= f_data;
        a_in_reg <= a_in_reg + 1'b1;
      end
      if (a_last_beat) a_active_reg <= 1'b0;
    end

    if (rst) begin
      job_active_reg <= 1'b0;
      issue_ptr_reg <= '0;
      drain_ptr_reg <= '0;
      req_valid_reg <= 1'b0;
      t_done_reg <= '0;
      d_idx_reg <= '0;
      d_inflight_reg <= 1'b0;
      a_active_reg <= 1'b0;
      out_valid_reg <= 1'b0;
      cpl_bad_reg <= 1'b0;
    end
  end

  wire unused_ok = &{1'b0, fifo_s_ready, seg_span[MRR_W+1], seg_span[2:0],
                     f_span[LEN_W+3:JW_W+3], f_span[2:0], f_len_p7[LEN_W+3:JW_W+3], f_len_p7[2:0]};

endmodule

`resetall
