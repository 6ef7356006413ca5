// SPDX-License-Identifier: MIT
`resetall
`timescale 1ns / 1ps
`default_nettype none

/*
 * Shared RX packet buffer with per-VIF quotas.
 *
 * One data RAM of BUF_BYTES holds the frames of every VIF, in cells of
 * CELL_BYTES. Frames arrive as 8-byte beats with their VIF in tdest (a
 * replicated frame arrives once per destination); a frame occupies a chain
 * of cells (each frame starts a new cell), linked through a link RAM. Free
 * cells sit in a free list (a FIFO of cell numbers). Each VIF has a ring of
 * DESC_PER_VIF frame descriptors {first cell, length} in a descriptor RAM,
 * so frames of a VIF leave in the order they arrived.
 *
 * Admission. A VIF may hold at most quota[v] cells (set by firmware; 0
 * after reset, so a VIF receives nothing until it is given a quota) and
 * DESC_PER_VIF frames. Each cell a frame needs is taken when its first beat
 * arrives: if the VIF would then hold more than its quota, the frame is
 * dropped with reason QUOTA; otherwise, if no free cell is left, with reason
 * FULL. A frame longer than MAX_FRAME bytes is dropped with reason TOOLONG
 * (whatever else happened to it), and a frame that finds its VIF's
 * descriptor ring full at its last beat with reason QUOTA. A dropped frame
 * stops taking cells at once and gives back the ones it took when its last
 * beat arrives: the free list is read speculatively and its read pointer
 * rewound (only the egress side writes the free list, and it can only
 * return cells held by committed frames, so the slots read speculatively
 * are never overwritten). When the quotas add up to at most the number of
 * cells, a flooded VIF can never take space another VIF is entitled to;
 * firmware may overcommit on purpose.
 *
 * Every frame's outcome is reported on ev_* (one cycle after its last beat)
 * and counted per VIF and per outcome (admitted, QUOTA, FULL, TOOLONG) in a
 * counter RAM read through the stat_* port. A frame with tuser on its last
 * beat is aborted: the stage in front counted it, so it is dropped here
 * without an event or a count.
 *
 * Metadata: META_W bits given with a frame's last beat (s_axis_tmeta) are
 * stored in its descriptor and leave with every beat of the frame
 * (m_axis_tmeta).
 *
 * Read out: a request names a VIF; if it holds a frame, the head frame
 * streams out on m_axis_* (tdest = the VIF), intact, and each cell returns
 * to the free list as soon as it has been read; otherwise rd_empty pulses.
 * One frame streams at a time; a new request is taken once the previous
 * frame's last word has been read from the RAM.
 *
 * Release: with RELEASE_AT_POP = 0, a frame's cells and descriptor stop
 * counting against its VIF (and the free space) as it is read out. With
 * RELEASE_AT_POP = 1 they count until the reader names the frame on rel_*
 * (its VIF and length), e.g. when a stage behind this buffer has done with
 * it: cells read out are back in the free list but reserved (not taken by
 * ingress) until then. So a VIF's quota covers every frame it has not
 * released, wherever it waits, and admission depends only on the order of
 * frames and releases, not on how fast frames are read out.
 *
 * Accounting: free_cells counts the cells neither held by a committed,
 * unreleased frame nor taken by the frame being written; with no frame
 * being written, free_cells plus the stat_cells of every VIF is CELLS.
 *
 * Assumptions: tkeep is contiguous from bit 0, all ones on every beat but
 * the last, never zero; tdest is constant within a frame (it is taken from
 * the first beat). s_axis_tready is low only while the RAMs are cleared
 * after reset (init_busy, for max(CELLS, 4 * NUM_VIFS) cycles); a quota
 * write is lost only in the first NUM_VIFS cycles of that, while the quotas
 * themselves are cleared.
 *
 * Per-VIF state (descriptor ring pointers, cells held, quota, counters) is
 * kept in small arrays with one write port each and asynchronous reads
 * (distributed RAM); data, links and descriptors are in block RAM.
 */
module svnic_rx_pktbuf #(
  parameter int NUM_VIFS     = 256,    // VIFs (power of two, 2..1024)
  parameter int BUF_BYTES    = 65536,  // shared buffer size in bytes (power of two)
  parameter int CELL_BYTES   = 128,    // allocation unit (power of two, >= 16, <= BUF_BYTES / 4)
  parameter int DESC_PER_VIF = 16,     // frames queued per VIF at most (power of two, >= 2)
  parameter int MAX_FRAME    = 9216,   // longest frame admitted, bytes (<= min(BUF_BYTES, 65000))
  parameter int CNT_W        = 32,     // statistics counter width
  parameter int META_W       = 1,      // per-frame metadata bits
  parameter int RELEASE_AT_POP = 0,    // 0: space is released as a frame is read; 1: by rel_*
  parameter int VIF_W        = $clog2(NUM_VIFS),        // VIF number width (derived)
  parameter int CELLS        = BUF_BYTES / CELL_BYTES,  // cells (derived)
  parameter int CELL_W       = $clog2(CELLS),           // cell number width (derived)
  parameter int DESC_W       = $clog2(DESC_PER_VIF)     // descriptor ring index width (derived)
) (
  input  wire               clk,
  input  wire               rst,
  output wire               init_busy,       // clearing the RAMs after reset

  /* quota configuration (firmware) */
  input  wire               cfg_wr_en,
  input  wire [VIF_W-1:0]   cfg_wr_vif,
  input  wire [CELL_W:0]    cfg_wr_quota,    // cells the VIF may hold

  /* frame input */
  input  wire [63:0]        s_axis_tdata,
  input  wire [7:0]         s_axis_tkeep,
  input  wire               s_axis_tvalid,
  output wire               s_axis_tready,
  input  wire               s_axis_tlast,
  input  wire               s_axis_tuser,    // last beat: abort the frame (counted in front)
  input  wire [VIF_W-1:0]   s_axis_tdest,
  input  wire [META_W-1:0]  s_axis_tmeta,    // last beat: the frame's metadata

  /* per-frame outcome, the cycle after the last beat */
  output wire               ev_valid,
  output wire [VIF_W-1:0]   ev_vif,
  output wire [15:0]        ev_len,          // bytes (saturated at 65535)
  output wire [1:0]         ev_status,       // 0 admitted, 1 QUOTA, 2 FULL, 3 TOOLONG

  /* read requests */
  input  wire               rd_req_valid,
  output wire               rd_req_ready,
  input  wire [VIF_W-1:0]   rd_req_vif,
  output wire               rd_empty,        // the cycle after a request: the VIF held no frame

  /* release of a frame read out (RELEASE_AT_POP = 1; in the order read, per VIF) */
  input  wire               rel_valid,
  input  wire [VIF_W-1:0]   rel_vif,
  input  wire [15:0]        rel_len,         // the frame's length, bytes

  /* frame output */
  output wire [63:0]        m_axis_tdata,
  output wire [7:0]         m_axis_tkeep,
  output wire               m_axis_tvalid,
  input  wire               m_axis_tready,
  output wire               m_axis_tlast,
  output wire [VIF_W-1:0]   m_axis_tdest,
  output wire [META_W-1:0]  m_axis_tmeta,    // every beat: the frame's metadata

  /* accounting and statistics */
  output wire [CELL_W:0]    free_cells,
  input  wire [VIF_W-1:0]   stat_vif,
  input  wire [1:0]         stat_sel,        // counter: 0 admitted, 1 QUOTA, 2 FULL, 3 TOOLONG
  output wire [DESC_W:0]    stat_frames,     // frames the VIF holds
  output wire [CELL_W:0]    stat_cells,      // cells the VIF holds
  output wire [CELL_W:0]    stat_quota,
  output wire [CNT_W-1:0]   stat_count
);

  localparam int WORDS = BUF_BYTES / 8;
  localparam int AW = $clog2(WORDS);
  localparam int CELL_WORDS = CELL_BYTES / 8;
  localparam int CWW = $clog2(CELL_WORDS);
  localparam int LEN_W = 16;
  localparam int DESC_N = NUM_VIFS * DESC_PER_VIF;
  localparam int DESC_AW = VIF_W + DESC_W;
  localparam int DESC_BYTES = (META_W + CELL_W + LEN_W + 7) / 8;
  localparam int LINK_BYTES = (CELL_W + 7) / 8;
  localparam int CNT_N = NUM_VIFS * 4;
  localparam int INIT_N = CELLS > CNT_N ? CELLS : CNT_N;
  localparam int INIT_W = $clog2(INIT_N) + 1;

  localparam logic [1:0] ST_OK = 2'd0;
  localparam logic [1:0] ST_QUOTA = 2'd1;
  localparam logic [1:0] ST_FULL = 2'd2;
  localparam logic [1:0] ST_LONG = 2'd3;

  initial begin
    if (NUM_VIFS < 2 || NUM_VIFS > 1024 || (NUM_VIFS & (NUM_VIFS - 1)) != 0) $error("NUM_VIFS must be a power of two 2..1024 (%m)");
    if (BUF_BYTES < 64 || (BUF_BYTES & (BUF_BYTES - 1)) != 0) $error("BUF_BYTES must be a power of two >= 64 (%m)");
    if (CELL_BYTES < 16 || CELL_BYTES > BUF_BYTES / 4 || (CELL_BYTES & (CELL_BYTES - 1)) != 0) $error("CELL_BYTES must be a power of two, 16..BUF_BYTES/4 (%m)");
    if (DESC_PER_VIF < 2 || (DESC_PER_VIF & (DESC_PER_VIF - 1)) != 0) $error("DESC_PER_VIF must be a power of two >= 2 (%m)");
    if (MAX_FRAME < 1 || MAX_FRAME > BUF_BYTES || MAX_FRAME > 65000) $error("MAX_FRAME must be 1..min(BUF_BYTES, 65000) (%m)");
  end

  /* ---- reset sweep ---- */

  logic init_reg = 1'b1;
  logic [INIT_W-1:0] init_cnt_reg = '0;

  assign init_busy = init_reg;

  always_ff @(posedge clk) begin
    if (init_reg) begin
      init_cnt_reg <= init_cnt_reg + 1'b1;
      if (init_cnt_reg == INIT_W'(INIT_N - 1)) init_reg <= 1'b0;
    end
    if (rst) begin
      init_reg <= 1'b1;
      init_cnt_reg <= '0;
    end
  end

  wire init_vif = init_reg && init_cnt_reg < INIT_W'(NUM_VIFS);
  wire init_cell = init_reg && init_cnt_reg < INIT_W'(CELLS);
  wire init_cnt = init_reg && init_cnt_reg < INIT_W'(CNT_N);
  wire [VIF_W-1:0] init_v = init_cnt_reg[VIF_W-1:0];

  /* ---- per-VIF state: one writer each ---- */

  // ingress side
  logic [DESC_W:0] desc_wr_mem [0:NUM_VIFS-1];
  logic [CELL_W:0] cells_in_mem [0:NUM_VIFS-1];
  // egress side
  logic [DESC_W:0] desc_rd_mem [0:NUM_VIFS-1];
  // released (egress side, or the rel_* port)
  logic [DESC_W:0] desc_rel_mem [0:NUM_VIFS-1];
  logic [CELL_W:0] cells_out_mem [0:NUM_VIFS-1];
  // firmware
  logic [CELL_W:0] quota_mem [0:NUM_VIFS-1];
  // statistics, entry v * 4 + outcome
  logic [CNT_W-1:0] cnt_mem [0:CNT_N-1];
  // free list: cell numbers, written by the egress side
  logic [CELL_W-1:0] free_mem [0:CELLS-1];

  logic [CELL_W:0] free_wr_reg = (CELL_W + 1)'(CELLS);     // free list write pointer (egress)
  logic [CELL_W:0] spec_rd_reg = '0;     // next free cell to take (ingress, speculative)
  logic [CELL_W:0] commit_rd_reg = '0;   // spec_rd at the start of the frame being written
  logic [CELL_W:0] staged_reg = '0;      // cells read out, not yet released (RELEASE_AT_POP = 1)

  assign free_cells = free_wr_reg - commit_rd_reg - staged_reg;
  assign stat_frames = desc_wr_mem[stat_vif] - desc_rel_mem[stat_vif];
  assign stat_cells = cells_in_mem[stat_vif] - cells_out_mem[stat_vif];
  assign stat_quota = quota_mem[stat_vif];
  assign stat_count = cnt_mem[{stat_vif, stat_sel}];

  // every array has exactly one write statement (address, data and enable
  // muxed outside) so that synthesis maps it to distributed RAM
  wire quota_we = init_vif || cfg_wr_en;

  always_ff @(posedge clk) begin
    if (quota_we) quota_mem[init_vif ? init_v : cfg_wr_vif] <= init_vif ? '0 : cfg_wr_quota;
  end

  /* ---- ingress ---- */

  logic in_frame_reg = 1'b0;
  logic [VIF_W-1:0] cur_vif_reg = '0;
  logic [LEN_W-1:0] cur_len_reg = '0;
  logic cur_long_reg = 1'b0;
  logic [1:0] cur_ovf_reg = ST_OK;       // QUOTA or FULL once the frame stopped taking cells
  logic [CWW-1:0] cur_wic_reg = '0;      // word in cell of the next beat
  logic [CELL_W-1:0] cur_cell_reg = '0;
  logic [CELL_W-1:0] first_cell_reg = '0;
  logic [CELL_W:0] frame_cells_reg = '0;

  assign s_axis_tready = !init_reg;

  function automatic [3:0] keep_count(input [7:0] keep);
    keep_count = 4'd0;
    for (int i = 0; i < 8; i++) keep_count = keep_count + {3'd0, keep[i]};
  endfunction

  wire s_fire = s_axis_tvalid && !init_reg;
  wire [VIF_W-1:0] in_v = in_frame_reg ? cur_vif_reg : s_axis_tdest;
  wire [CWW-1:0] in_wic = in_frame_reg ? cur_wic_reg : '0;
  wire [CELL_W:0] in_fcells = in_frame_reg ? frame_cells_reg : '0;
  wire [1:0] in_ovf = in_frame_reg ? cur_ovf_reg : ST_OK;
  wire [LEN_W:0] len_sum = {1'b0, in_frame_reg ? cur_len_reg : {LEN_W{1'b0}}} +
                           {{(LEN_W-3){1'b0}}, keep_count(s_axis_tkeep)};
  wire [LEN_W-1:0] in_len = len_sum[LEN_W] ? {LEN_W{1'b1}} : len_sum[LEN_W-1:0];
  wire in_long = (in_frame_reg && cur_long_reg) || in_len > LEN_W'(MAX_FRAME);

  wire [CELL_W:0] in_used = cells_in_mem[in_v] - cells_out_mem[in_v];
  wire [CELL_W:0] free_avail = free_wr_reg - spec_rd_reg;
  wire need_cell = in_ovf == ST_OK && !in_long && in_wic == '0;
  wire over_quota = {1'b0, in_used} + {1'b0, in_fcells} + 1'b1 > {1'b0, quota_mem[in_v]};
  wire no_cell = free_avail == staged_reg;
  wire take_cell = s_fire && need_cell && !over_quota && !no_cell;
  wire [CELL_W-1:0] new_cell = free_mem[spec_rd_reg[CELL_W-1:0]];

  logic [1:0] ovf_now;
  always_comb begin
    ovf_now = in_ovf;
    if (need_cell && over_quota) ovf_now = ST_QUOTA;
    else if (need_cell && no_cell) ovf_now = ST_FULL;
  end

  wire [CELL_W-1:0] wr_cell = need_cell ? new_cell : cur_cell_reg;
  wire [CELL_W-1:0] first_cell_now = (in_fcells == '0) ? new_cell : first_cell_reg;
  wire [CELL_W:0] fcells_now = in_fcells + {{CELL_W{1'b0}}, take_cell};
  wire data_wr = s_fire && ovf_now == ST_OK && !in_long;

  wire [DESC_W:0] in_desc_wr = desc_wr_mem[in_v];
  wire desc_full = (in_desc_wr - desc_rel_mem[in_v]) == (DESC_W + 1)'(DESC_PER_VIF);
  wire frame_end = s_fire && s_axis_tlast;

  logic [1:0] status;
  always_comb begin
    if (in_long) status = ST_LONG;
    else if (ovf_now != ST_OK) status = ovf_now;
    else if (desc_full) status = ST_QUOTA;
    else status = ST_OK;
  end

  wire abort = frame_end && s_axis_tuser;
  wire commit = frame_end && status == ST_OK && !s_axis_tuser;

  logic ev_valid_reg = 1'b0;
  logic [VIF_W-1:0] ev_vif_reg = '0;
  logic [LEN_W-1:0] ev_len_reg = '0;
  logic [1:0] ev_status_reg = ST_OK;

  assign ev_valid = ev_valid_reg;
  assign ev_vif = ev_vif_reg;
  assign ev_len = ev_len_reg;
  assign ev_status = ev_status_reg;

  always_ff @(posedge clk) begin
    ev_valid_reg <= 1'b0;
    if (s_fire) begin
      in_frame_reg <= 1'b1;
      cur_vif_reg <= in_v;
      cur_len_reg <= in_len;
      cur_long_reg <= in_long;
      cur_ovf_reg <= ovf_now;
      cur_wic_reg <= in_wic + 1'b1;
      if (take_cell) begin
        spec_rd_reg <= spec_rd_reg + 1'b1;
        cur_cell_reg <= new_cell;
      end
      first_cell_reg <= first_cell_now;
      frame_cells_reg <= fcells_now;
      if (s_axis_tlast) begin
        in_frame_reg <= 1'b0;
        ev_valid_reg <= !s_axis_tuser;
        ev_vif_reg <= in_v;
        ev_len_reg <= in_len;
        ev_status_reg <= status;
        if (commit) begin
          commit_rd_reg <= spec_rd_reg + {{CELL_W{1'b0}}, take_cell};
        end else begin
          // give back the cells the frame took
          spec_rd_reg <= commit_rd_reg;
        end
      end
    end
    if (rst) begin
      in_frame_reg <= 1'b0;
      cur_ovf_reg <= ST_OK;
      cur_long_reg <= 1'b0;
      cur_wic_reg <= '0;
      frame_cells_reg <= '0;
      spec_rd_reg <= '0;
      commit_rd_reg <= '0;
      ev_valid_reg <= 1'b0;
    end
  end

  wire [VIF_W-1:0] in_wr_v = init_reg ? init_v : in_v;

  always_ff @(posedge clk) begin
    if (init_vif || commit) desc_wr_mem[in_wr_v] <= init_reg ? '0 : in_desc_wr + 1'b1;
  end

  wire [CELL_W:0] cells_in_next = cells_in_mem[in_v] + fcells_now;

  always_ff @(posedge clk) begin
    if (init_vif || commit) cells_in_mem[in_wr_v] <= init_reg ? '0 : cells_in_next;
  end

  wire [VIF_W+1:0] cnt_idx = init_reg ? init_cnt_reg[VIF_W+1:0] : {in_v, status};
  wire [CNT_W-1:0] cnt_next = cnt_mem[cnt_idx] + 1'b1;

  always_ff @(posedge clk) begin
    if (init_cnt || (frame_end && !abort)) cnt_mem[cnt_idx] <= init_reg ? '0 : cnt_next;
  end

  // data, links (written when a frame takes its next cell) and descriptors
  wire eg_data_rd;
  wire [AW-1:0] eg_data_addr;
  wire eg_link_rd;
  wire [CELL_W-1:0] eg_link_addr;
  wire [LINK_BYTES*8-1:0] link_rd_data;
  wire eg_desc_rd;
  wire [DESC_AW-1:0] eg_desc_addr;
  wire [DESC_BYTES*8-1:0] desc_rd_data;
  wire [63:0] data_rd_data;

  svnic_sdp_ram #(
    .WORDS(WORDS),
    .BYTES(8)
  ) data_ram (
    .clk(clk),
    .wr_addr({wr_cell, in_wic}),
    .wr_data(s_axis_tdata),
    .wr_be(data_wr ? 8'hff : 8'h00),
    .rd_en(eg_data_rd),
    .rd_addr(eg_data_addr),
    .rd_data(data_rd_data)
  );

  svnic_sdp_ram #(
    .WORDS(CELLS),
    .BYTES(LINK_BYTES)
  ) link_ram (
    .clk(clk),
    .wr_addr(cur_cell_reg),
    .wr_data({{(LINK_BYTES*8-CELL_W){1'b0}}, new_cell}),
    .wr_be(take_cell && in_fcells != '0 ? {LINK_BYTES{1'b1}} : {LINK_BYTES{1'b0}}),
    .rd_en(eg_link_rd),
    .rd_addr(eg_link_addr),
    .rd_data(link_rd_data)
  );

  svnic_sdp_ram #(
    .WORDS(DESC_N),
    .BYTES(DESC_BYTES)
  ) desc_ram (
    .clk(clk),
    .wr_addr({in_v, in_desc_wr[DESC_W-1:0]}),
    .wr_data((DESC_BYTES*8)'({s_axis_tmeta, first_cell_now, in_len})),
    .wr_be(commit ? {DESC_BYTES{1'b1}} : {DESC_BYTES{1'b0}}),
    .rd_en(eg_desc_rd),
    .rd_addr(eg_desc_addr),
    .rd_data(desc_rd_data)
  );

  /* ---- egress ---- */

  localparam logic [1:0] EG_IDLE = 2'd0;
  localparam logic [1:0] EG_DESC = 2'd1;
  localparam logic [1:0] EG_STREAM = 2'd2;

  logic [1:0] eg_state_reg = EG_IDLE;
  logic [VIF_W-1:0] eg_vif_reg = '0;
  logic [CELL_W-1:0] eg_cell_reg = '0;
  logic [CWW-1:0] eg_wic_reg = '0;
  logic [LEN_W-1:0] eg_left_reg = '0;    // bytes not yet read
  logic rd_empty_reg = 1'b0;
  logic pend_reg = 1'b0;                 // a data word arrives from the RAM this cycle
  logic [7:0] pend_keep_reg = '0;
  logic pend_last_reg = 1'b0;
  logic [VIF_W-1:0] pend_vif_reg = '0;
  logic [META_W-1:0] eg_meta_reg = '0;
  logic [META_W-1:0] pend_meta_reg = '0;

  wire [2:0] fifo_count;
  wire fifo_s_ready;  // never low when a word arrives: reads are issued only with room
  wire [CELL_W-1:0] eg_first_cell = desc_rd_data[CELL_W+LEN_W-1:LEN_W];
  wire [LEN_W-1:0] eg_len = desc_rd_data[LEN_W-1:0];
  wire [META_W-1:0] eg_meta = desc_rd_data[CELL_W+LEN_W +: META_W];
  wire [CELL_W-1:0] eg_next_cell = link_rd_data[CELL_W-1:0];

  wire req_fire = rd_req_valid && eg_state_reg == EG_IDLE && !init_reg;
  wire req_has = desc_wr_mem[rd_req_vif] != desc_rd_mem[rd_req_vif];
  wire eg_issue = eg_state_reg == EG_STREAM && ({1'b0, fifo_count} + {3'd0, pend_reg}) < 4'd4;
  wire eg_last_word = eg_left_reg <= LEN_W'(8);
  wire eg_cell_end = eg_wic_reg == CWW'(CELL_WORDS - 1);
  wire eg_free = eg_issue && (eg_last_word || eg_cell_end);

  assign rd_req_ready = eg_state_reg == EG_IDLE && !init_reg;
  assign rd_empty = rd_empty_reg;

  wire [DESC_W:0] req_desc_rd = desc_rd_mem[rd_req_vif];
  // the link of a cell is read as the stream enters it: ready before its end
  wire eg_enter_next = eg_issue && eg_cell_end && !eg_last_word;

  assign eg_desc_rd = req_fire && req_has;
  assign eg_desc_addr = {rd_req_vif, req_desc_rd[DESC_W-1:0]};
  assign eg_link_rd = eg_state_reg == EG_DESC || eg_enter_next;
  assign eg_link_addr = eg_state_reg == EG_DESC ? eg_first_cell : eg_next_cell;
  assign eg_data_rd = eg_issue;
  assign eg_data_addr = {eg_cell_reg, eg_wic_reg};
  wire unused_rd = &{1'b0, link_rd_data, desc_rd_data, fifo_s_ready, req_desc_rd[DESC_W]};

  function automatic [7:0] keep_of(input [LEN_W-1:0] left);
    keep_of = 8'hff;
    if (left < LEN_W'(8)) keep_of = 8'hff >> (4'd8 - {1'b0, left[2:0]});
  endfunction

  always_ff @(posedge clk) begin
    rd_empty_reg <= req_fire && !req_has;
    pend_reg <= eg_issue;
    if (eg_issue) begin
      pend_keep_reg <= keep_of(eg_left_reg);
      pend_last_reg <= eg_last_word;
      pend_vif_reg <= eg_vif_reg;
      pend_meta_reg <= eg_meta_reg;
    end
    case (eg_state_reg)
      EG_IDLE: begin
        if (req_fire && req_has) begin
          eg_state_reg <= EG_DESC;
          eg_vif_reg <= rd_req_vif;
        end
      end
      EG_DESC: begin
        eg_state_reg <= EG_STREAM;
        eg_cell_reg <= eg_first_cell;
        eg_wic_reg <= '0;
        eg_left_reg <= eg_len;
        eg_meta_reg <= eg_meta;
      end
      default: begin
        if (eg_issue) begin
          eg_wic_reg <= eg_wic_reg + 1'b1;
          eg_left_reg <= eg_left_reg - LEN_W'(8);
          if (eg_cell_end) eg_cell_reg <= eg_next_cell;
          if (eg_last_word) eg_state_reg <= EG_IDLE;
        end
      end
    endcase
    if (eg_free) free_wr_reg <= free_wr_reg + 1'b1;
    if (rst) begin
      eg_state_reg <= EG_IDLE;
      rd_empty_reg <= 1'b0;
      pend_reg <= 1'b0;
      free_wr_reg <= (CELL_W + 1)'(CELLS);
    end
  end

  always_ff @(posedge clk) begin
    if (init_cell || eg_free) begin
      free_mem[init_reg ? init_cnt_reg[CELL_W-1:0] : free_wr_reg[CELL_W-1:0]] <=
        init_reg ? init_cnt_reg[CELL_W-1:0] : eg_cell_reg;
    end
  end

  wire [VIF_W-1:0] eg_wr_v = init_reg ? init_v : eg_vif_reg;
  wire [DESC_W:0] desc_rd_next = desc_rd_mem[eg_vif_reg] + 1'b1;

  // release: as read (one cell at a time) or named on rel_* (a whole frame)
  localparam int REL_SH = $clog2(CELL_BYTES);
  wire [16:0] rel_len_up = {1'b0, rel_len} + 17'(CELL_BYTES - 1);
  wire [16:0] rel_cells_w = rel_len_up >> REL_SH;
  wire [CELL_W:0] rel_cells = (CELL_W + 1)'(rel_cells_w);
  wire rel_frame = RELEASE_AT_POP != 0 ? rel_valid : eg_free && eg_last_word;
  wire rel_cell = RELEASE_AT_POP != 0 ? rel_valid : eg_free;
  wire [VIF_W-1:0] rel_v = init_reg ? init_v : RELEASE_AT_POP != 0 ? rel_vif : eg_vif_reg;
  wire [CELL_W:0] rel_n = RELEASE_AT_POP != 0 ? rel_cells : (CELL_W + 1)'(1);
  wire [CELL_W:0] cells_out_next = cells_out_mem[rel_v] + rel_n;
  wire [DESC_W:0] desc_rel_next = desc_rel_mem[rel_v] + 1'b1;
  wire unused_rel = &{1'b0, rel_cells_w};

  always_ff @(posedge clk) begin
    if (init_vif || rel_cell) cells_out_mem[rel_v] <= init_reg ? '0 : cells_out_next;
  end

  always_ff @(posedge clk) begin
    if (init_vif || rel_frame) desc_rel_mem[rel_v] <= init_reg ? '0 : desc_rel_next;
  end

  always_ff @(posedge clk) begin
    if (RELEASE_AT_POP != 0)
      staged_reg <= staged_reg + (CELL_W + 1)'(eg_free) - (rel_valid ? rel_cells : '0);
    if (rst) staged_reg <= '0;
  end

  always_ff @(posedge clk) begin
    if (init_vif || (eg_free && eg_last_word)) desc_rd_mem[eg_wr_v] <= init_reg ? '0 : desc_rd_next;
  end

  svnic_fifo #(
    .WIDTH(META_W + 64 + 8 + 1 + VIF_W),
    .DEPTH(4)
  ) out_fifo (
    .clk(clk),
    .rst(rst),
    .s_data({pend_meta_reg, pend_vif_reg, pend_last_reg, pend_keep_reg, data_rd_data}),
    .s_valid(pend_reg),
    .s_ready(fifo_s_ready),
    .m_data({m_axis_tmeta, m_axis_tdest, m_axis_tlast, m_axis_tkeep, m_axis_tdata}),
    .m_valid(m_axis_tvalid),
    .m_ready(m_axis_tready),
    .count(fifo_count)
  );

endmodule

`resetall
