// SPDX-License-Identifier: MIT
`resetall
`timescale 1ns / 1ps
`default_nettype none

/*
 * Firmware command engine (formats: include/svnic/dmacmd.h).
 *
 * Executes one command at a time: collects all words of a command up to
 * tlast (header, IOVA, inline data into a 32-word inline buffer), validates
 * it, runs it, and emits exactly one completion. Holds the TX assembly
 * buffer (byte-enable block RAM) and reads the RX head frames through the
 * head frame port of svnic_rx_stage.
 *
 * Validation (BAD_ARG, no side effect): unknown opcode; vif >= NUM_VIFS;
 * len 0 (all but RXBUF_POP, which ignores len); inline len > 256;
 * HOST_TO_TXBUF off + len > TXBUF_BYTES; FW_TO_TXBUF off not a multiple of
 * 8 or off + len > TXBUF_BYTES; TXBUF_SEND len outside
 * [14, MAX_FRAME_BYTES]; RXBUF_TO_HOST off + len > head frame length; a word
 * count that does not match the opcode (tlast early or late).
 * FW_TO_TXBUF copies its inline words from the inline buffer into the TX
 * buffer after validation, a word per cycle (the byte enables cut the last
 * one at len), so a refused command leaves the TX buffer as it was.
 * TXBUF_SEND takes one word, or two with the checksum request (word 1):
 * the request leaves on m_axis_tx_csum_* with the frame, for svnic_csum_tx.
 * EMPTY: RXBUF_TO_HOST / RXBUF_POP with no frame buffered (the check waits
 * while the RX buffer is still fetching the length of its next head frame,
 * e.g. just after a pop).
 * FAULT: the DMA was refused. Refused by the window check (svnic_dma),
 * nothing was issued and nothing is written to card buffers (the read
 * returns a single error beat). Refused by host memory after a read was
 * split, the beats from the failed request on carry the error and are not
 * written; a TX buffer partly filled that way is not sent by the firmware.
 * The DMA ports below face svnic_dma: jobs of any length, their data
 * packed from byte 0.
 */
module svnic_cmd_engine #(
  parameter int NUM_VIFS    = 4,      // VIFs (2..MAX_VIFS)
  parameter int TXBUF_BYTES = 2048,   // TX assembly buffer (power of two, >= 1518)
  parameter int RXBUF_BYTES = 16384,  // RX head frame slot (power of two, >= the longest frame)
  parameter int MAX_FRAME_BYTES = 1518, // largest frame TXBUF_SEND takes (<= TXBUF_BYTES)
  parameter int VIF_W       = $clog2(NUM_VIFS),         // derived
  parameter int RX_AW       = $clog2(RXBUF_BYTES / 8),  // derived
  parameter int RX_LEN_W    = $clog2(RXBUF_BYTES) + 1   // derived
) (
  input  wire                         clk,
  input  wire                         rst,

  /* command and completion streams */
  input  wire [63:0]                  s_axis_cmd_tdata,
  input  wire                         s_axis_cmd_tvalid,
  output wire                         s_axis_cmd_tready,
  input  wire                         s_axis_cmd_tlast,
  output wire [63:0]                  m_axis_cpl_tdata,
  output wire                         m_axis_cpl_tvalid,
  input  wire                         m_axis_cpl_tready,
  output wire                         m_axis_cpl_tlast,

  /* DMA read */
  output wire [63:0]                  m_dma_rd_req_addr,
  output wire [15:0]                  m_dma_rd_req_len,
  output wire [7:0]                   m_dma_rd_req_domain,
  output wire                         m_dma_rd_req_valid,
  input  wire                         m_dma_rd_req_ready,
  input  wire [63:0]                  s_axis_dma_rd_tdata,
  input  wire [7:0]                   s_axis_dma_rd_tkeep,
  input  wire                         s_axis_dma_rd_tvalid,
  output wire                         s_axis_dma_rd_tready,
  input  wire                         s_axis_dma_rd_tlast,
  input  wire                         s_axis_dma_rd_tuser,

  /* DMA write */
  output wire [63:0]                  m_dma_wr_req_addr,
  output wire [15:0]                  m_dma_wr_req_len,
  output wire [7:0]                   m_dma_wr_req_domain,
  output wire                         m_dma_wr_req_valid,
  input  wire                         m_dma_wr_req_ready,
  output wire [63:0]                  m_axis_dma_wr_tdata,
  output wire [7:0]                   m_axis_dma_wr_tkeep,
  output wire                         m_axis_dma_wr_tvalid,
  input  wire                         m_axis_dma_wr_tready,
  output wire                         m_axis_dma_wr_tlast,
  input  wire                         s_dma_wr_done_valid,
  input  wire                         s_dma_wr_done_fault,
  output wire                         s_dma_wr_done_ready,

  /* frames into the switch */
  output wire [63:0]                  m_axis_tx_tdata,
  output wire [7:0]                   m_axis_tx_tkeep,
  output wire                         m_axis_tx_tvalid,
  input  wire                         m_axis_tx_tready,
  output wire                         m_axis_tx_tlast,
  output wire [VIF_W-1:0]             m_axis_tx_tid,
  output wire                         m_axis_tx_csum_req,    // stable during the frame
  output wire [15:0]                  m_axis_tx_csum_start,
  output wire [15:0]                  m_axis_tx_csum_offset,

  /* RX buffers (head frame of VIF rx_vif) */
  output wire [VIF_W-1:0]             rx_vif,
  input  wire [NUM_VIFS-1:0]          rx_head_valid,
  input  wire [NUM_VIFS-1:0]          rx_head_busy,   // head of that buffer not yet known
  input  wire [RX_LEN_W-1:0]          rx_head_len,    // of VIF rx_vif, 0 if none
  output wire                         rx_rd_en,
  output wire [RX_AW-1:0]             rx_rd_addr,
  input  wire [63:0]                  rx_rd_data,     // of VIF rx_vif
  output wire                         rx_pop,

  /* TX statistics: one pulse per frame sent */
  output wire                         stat_tx_valid,
  output wire [VIF_W-1:0]             stat_tx_vif,
  output wire [15:0]                  stat_tx_len
);

  localparam int TX_WORDS = TXBUF_BYTES / 8;
  localparam int TX_AW = $clog2(TX_WORDS);
  localparam int IN_WORDS = svnic_regs_pkg::DMA_INLINE_MAX / 8;
  localparam int IN_AW = $clog2(IN_WORDS);

  localparam logic [31:0] OP_H2F = svnic_regs_pkg::DMA_OP_HOST_TO_FW;
  localparam logic [31:0] OP_F2H = svnic_regs_pkg::DMA_OP_FW_TO_HOST;
  localparam logic [31:0] OP_H2TX = svnic_regs_pkg::DMA_OP_HOST_TO_TXBUF;
  localparam logic [31:0] OP_SEND = svnic_regs_pkg::DMA_OP_TXBUF_SEND;
  localparam logic [31:0] OP_RX2H = svnic_regs_pkg::DMA_OP_RXBUF_TO_HOST;
  localparam logic [31:0] OP_POP = svnic_regs_pkg::DMA_OP_RXBUF_POP;
  localparam logic [31:0] OP_F2TX = svnic_regs_pkg::DMA_OP_FW_TO_TXBUF;
  localparam logic [31:0] ST_OK = svnic_regs_pkg::DMA_ST_OK;
  localparam logic [31:0] ST_FAULT = svnic_regs_pkg::DMA_ST_FAULT;
  localparam logic [31:0] ST_BAD_ARG = svnic_regs_pkg::DMA_ST_BAD_ARG;
  localparam logic [31:0] ST_EMPTY = svnic_regs_pkg::DMA_ST_EMPTY;
  localparam logic [31:0] INLINE_MAX = svnic_regs_pkg::DMA_INLINE_MAX;
  localparam logic [31:0] TXB = TXBUF_BYTES;
  localparam logic [31:0] MFB = MAX_FRAME_BYTES;
  localparam logic [31:0] NV = NUM_VIFS;

  initial begin
    if (NUM_VIFS < 2 || NUM_VIFS > svnic_regs_pkg::MAX_VIFS) $error("NUM_VIFS must be 2..MAX_VIFS (%m)");
    if (TXBUF_BYTES < 1518 || TXBUF_BYTES > 32768 || (TXBUF_BYTES & (TXBUF_BYTES - 1)) != 0)
      $error("TXBUF_BYTES must be a power of two in 2048..32768 (%m)");
    if (MAX_FRAME_BYTES < 14 || MAX_FRAME_BYTES > TXBUF_BYTES)
      $error("MAX_FRAME_BYTES must be 14..TXBUF_BYTES (%m)");
  end

  typedef enum logic [3:0] {
    S_COLLECT, S_CHECK, S_RD_REQ, S_RD_DATA, S_TX_FLUSH, S_WR_REQ, S_WR_DATA,
    S_WR_DONE, S_SEND, S_CPL_HDR, S_CPL_DATA, S_IN_COPY
  } state_t;

  localparam logic [1:0] SRC_INLINE = 2'd0;
  localparam logic [1:0] SRC_TXBUF = 2'd1;
  localparam logic [1:0] SRC_RXBUF = 2'd2;

  state_t state_reg = S_COLLECT;

  // command fields
  logic [7:0] op_reg = '0;
  logic [7:0] vif_reg = '0;
  logic [15:0] len_reg = '0;
  logic [15:0] off_reg = '0;
  logic [15:0] tag_reg = '0;
  logic [63:0] iova_reg = '0;
  logic [5:0] wcount_reg = '0;  // words collected, saturating
  logic [7:0] status_reg = '0;
  logic fault_reg = 1'b0;
  logic [12:0] beat_reg = '0;   // DMA read beats received
  logic [63:0] prev_reg = '0;   // previous DMA read beat (TX buffer realignment)
  logic [1:0] src_reg = SRC_INLINE;
  logic align_start_reg = 1'b0;
  logic rd_req_valid_reg = 1'b0;
  logic wr_req_valid_reg = 1'b0;
  logic pop_reg = 1'b0;
  logic stat_tx_reg = 1'b0;

  wire op_h2f = {24'd0, op_reg} == OP_H2F;
  wire op_f2h = {24'd0, op_reg} == OP_F2H;
  wire op_h2tx = {24'd0, op_reg} == OP_H2TX;
  wire op_send = {24'd0, op_reg} == OP_SEND;
  wire op_rx2h = {24'd0, op_reg} == OP_RX2H;
  wire op_pop = {24'd0, op_reg} == OP_POP;
  wire op_f2tx = {24'd0, op_reg} == OP_F2TX;
  wire needs_iova = op_h2f || op_f2h || op_h2tx || op_rx2h;

  wire [VIF_W-1:0] vif = vif_reg[VIF_W-1:0];
  wire vif_ok = {24'd0, vif_reg} < NV;
  wire [RX_LEN_W-1:0] head_len = rx_head_len;
  wire head_valid = rx_head_valid[vif];
  wire head_wait = vif_ok && (op_rx2h || op_pop) && rx_head_busy[vif];

  // validation
  wire send_csum_words = op_send && wcount_reg == 6'd2;  // TXBUF_SEND with its checksum word
  wire [16:0] off_plus_len = {1'b0, off_reg} + {1'b0, len_reg};
  wire [16:0] len_p7 = {1'b0, len_reg} + 17'd7;
  wire [5:0] exp_words = 6'd1 + {5'd0, needs_iova} + (op_f2h || op_f2tx ? len_p7[8:3] : 6'd0);
  wire len_zero = len_reg == 16'd0;
  wire inline_len_bad = len_zero || {16'd0, len_reg} > INLINE_MAX;
  logic arg_bad;
  logic empty;
  always_comb begin
    arg_bad = 1'b1;
    empty = 1'b0;
    if (op_h2f || op_f2h) arg_bad = inline_len_bad;
    else if (op_h2tx) arg_bad = len_zero || {15'd0, off_plus_len} > TXB;
    else if (op_f2tx) arg_bad = inline_len_bad || off_reg[2:0] != 3'd0 || {15'd0, off_plus_len} > TXB;
    else if (op_send) arg_bad = {16'd0, len_reg} < 32'd14 || {16'd0, len_reg} > MFB;
    else if (op_rx2h) arg_bad = len_zero;
    else if (op_pop) arg_bad = 1'b0;
    if (!vif_ok || (wcount_reg != exp_words && !send_csum_words)) arg_bad = 1'b1;
    if (!arg_bad && (op_rx2h || op_pop) && !head_valid) empty = 1'b1;
    if (!arg_bad && !empty && op_rx2h && {15'd0, off_plus_len} > {{(32-RX_LEN_W){1'b0}}, head_len})
      arg_bad = 1'b1;
  end

  // FW_TO_TXBUF: inline word beat_reg is read, written to the TX buffer in
  // the next cycle (copy_wv_reg, word copy_wa_reg)
  wire copy_rd = state_reg == S_IN_COPY && beat_reg < {7'd0, len_p7[8:3]};
  logic copy_wv_reg = 1'b0;
  logic [IN_AW-1:0] copy_wa_reg = '0;
  logic [7:0] copy_be;
  always_comb begin
    for (int b = 0; b < 8; b++)
      copy_be[b] = copy_wv_reg && 16'({copy_wa_reg, b[2:0]}) < len_reg;
  end
  always_ff @(posedge clk) begin
    copy_wv_reg <= copy_rd;
    copy_wa_reg <= beat_reg[IN_AW-1:0];
    if (rst) copy_wv_reg <= 1'b0;
  end

  // inline buffer
  logic in_wr_en;
  logic [IN_AW-1:0] in_wr_addr;
  logic [63:0] in_wr_data;
  wire [63:0] in_rd_data;
  wire align_rd_en;
  wire [15:0] align_rd_addr;

  svnic_sdp_ram #(
    .WORDS(IN_WORDS),
    .BYTES(8)
  ) inline_ram (
    .clk(clk),
    .wr_addr(in_wr_addr),
    .wr_data(in_wr_data),
    .wr_be(in_wr_en ? 8'hff : 8'h00),
    .rd_en(copy_rd || (align_rd_en && src_reg == SRC_INLINE)),
    .rd_addr(copy_rd ? beat_reg[IN_AW-1:0] : align_rd_addr[IN_AW-1:0]),
    .rd_data(in_rd_data)
  );


  // TX buffer: HOST_TO_TXBUF placement, byte-accurate
  wire dma_rd_fire = s_axis_dma_rd_tvalid && state_reg == S_RD_DATA;
  wire [2:0] tx_shift = off_reg[2:0];
  wire [63:0] tx_cur = state_reg == S_TX_FLUSH ? 64'd0 : s_axis_dma_rd_tdata;
  wire [127:0] tx_pair = {tx_cur, prev_reg} >> (7'd64 - {1'b0, tx_shift, 3'b000});
  wire [TX_AW-1:0] tx_wr_addr = off_reg[TX_AW+2:3] + beat_reg[TX_AW-1:0];
  logic [7:0] tx_be;
  wire tx_wr_phase = op_h2tx && !fault_reg &&
                     ((dma_rd_fire && !s_axis_dma_rd_tuser) || state_reg == S_TX_FLUSH);
  wire [19:0] tx_pos0 = {4'd0, beat_reg, 3'b000};
  wire [19:0] tx_end = {17'd0, tx_shift} + {4'd0, len_reg};
  always_comb begin
    for (int b = 0; b < 8; b++) begin
      tx_be[b] = tx_wr_phase && (tx_pos0 | b[19:0]) >= {17'd0, tx_shift} && (tx_pos0 | b[19:0]) < tx_end;
    end
  end
  wire [63:0] tx_rd_data;

  svnic_sdp_ram #(
    .WORDS(TX_WORDS),
    .BYTES(8)
  ) tx_ram (
    .clk(clk),
    .wr_addr(copy_wv_reg ? off_reg[TX_AW+2:3] + TX_AW'(copy_wa_reg) : tx_wr_addr),
    .wr_data(copy_wv_reg ? in_rd_data : tx_pair[63:0]),
    .wr_be(copy_wv_reg ? copy_be : tx_be),
    .rd_en(align_rd_en && src_reg == SRC_TXBUF),
    .rd_addr(align_rd_addr[TX_AW-1:0]),
    .rd_data(tx_rd_data)
  );

  // reader with realignment, shared by every buffer-to-stream transfer
  wire [63:0] rx_sel_data = rx_rd_data;
  wire [63:0] align_rd_data = src_reg == SRC_TXBUF ? tx_rd_data :
                              src_reg == SRC_RXBUF ? rx_sel_data : in_rd_data;
  wire [63:0] a_tdata;
  wire [7:0] a_tkeep;
  wire a_tvalid;
  wire a_tlast;
  logic a_tready;
  wire align_done;
  wire align_busy;
  wire [15:0] align_start_addr = src_reg == SRC_RXBUF ? {3'd0, off_reg[15:3]} : 16'd0;
  wire [2:0] align_shift = src_reg == SRC_RXBUF ? off_reg[2:0] : 3'd0;

  svnic_rd_align #(
    .ADDR_W(16),
    .LEN_W(16)
  ) align_inst (
    .clk(clk),
    .rst(rst),
    .start(align_start_reg),
    .start_addr(align_start_addr),
    .shift(align_shift),
    .len(len_reg),
    .busy(align_busy),
    .done(align_done),
    .ram_rd_en(align_rd_en),
    .ram_rd_addr(align_rd_addr),
    .ram_rd_data(align_rd_data),
    .m_axis_tdata(a_tdata),
    .m_axis_tkeep(a_tkeep),
    .m_axis_tvalid(a_tvalid),
    .m_axis_tready(a_tready),
    .m_axis_tlast(a_tlast)
  );

  assign rx_vif = vif;
  assign rx_rd_en = align_rd_en && src_reg == SRC_RXBUF;
  assign rx_rd_addr = align_rd_addr[RX_AW-1:0];
  assign rx_pop = pop_reg;

  always_comb begin
    a_tready = 1'b0;
    case (state_reg)
      S_WR_DATA: a_tready = m_axis_dma_wr_tready;
      S_SEND: a_tready = m_axis_tx_tready;
      S_CPL_DATA: a_tready = m_axis_cpl_tready;
      default: a_tready = 1'b0;
    endcase
  end

  // outputs
  wire cpl_has_data = op_h2f && status_reg == ST_OK[7:0];
  wire [63:0] cpl_hdr = {tag_reg, 16'd0, len_reg, status_reg, op_reg};

  assign s_axis_cmd_tready = state_reg == S_COLLECT;
  assign m_axis_cpl_tdata = state_reg == S_CPL_HDR ? cpl_hdr : a_tdata;
  assign m_axis_cpl_tvalid = state_reg == S_CPL_HDR || (state_reg == S_CPL_DATA && a_tvalid);
  assign m_axis_cpl_tlast = state_reg == S_CPL_HDR ? !cpl_has_data : a_tlast;

  assign m_dma_rd_req_addr = iova_reg;
  assign m_dma_rd_req_len = len_reg;
  assign m_dma_rd_req_domain = vif_reg;
  assign m_dma_rd_req_valid = rd_req_valid_reg;
  assign s_axis_dma_rd_tready = state_reg == S_RD_DATA;

  assign m_dma_wr_req_addr = iova_reg;
  assign m_dma_wr_req_len = len_reg;
  assign m_dma_wr_req_domain = vif_reg;
  assign m_dma_wr_req_valid = wr_req_valid_reg;
  assign m_axis_dma_wr_tdata = a_tdata;
  assign m_axis_dma_wr_tkeep = a_tkeep;
  assign m_axis_dma_wr_tvalid = state_reg == S_WR_DATA && a_tvalid;
  assign m_axis_dma_wr_tlast = a_tlast;
  assign s_dma_wr_done_ready = state_reg == S_WR_DONE;

  assign m_axis_tx_tdata = a_tdata;
  assign m_axis_tx_tkeep = a_tkeep;
  assign m_axis_tx_tvalid = state_reg == S_SEND && a_tvalid;
  assign m_axis_tx_tlast = a_tlast;
  assign m_axis_tx_tid = vif;

  assign stat_tx_valid = stat_tx_reg;
  assign stat_tx_vif = vif;
  assign stat_tx_len = len_reg;

  // inline buffer write port
  wire [5:0] wcount_m2 = wcount_reg - 6'd2;
  wire [5:0] wcount_m1 = wcount_reg - 6'd1;
  logic [63:0] rd_keep_mask;
  always_comb begin
    for (int i = 0; i < 8; i++) rd_keep_mask[i*8 +: 8] = {8{s_axis_dma_rd_tkeep[i]}};
    in_wr_en = 1'b0;
    in_wr_addr = '0;
    in_wr_data = s_axis_cmd_tdata;
    if (state_reg == S_COLLECT) begin
      // FW_TO_TXBUF has no IOVA word: its data starts at word 1 (op_reg
      // holds the opcode from then on)
      if (op_f2tx) begin
        in_wr_en = s_axis_cmd_tvalid && wcount_reg >= 6'd1 && wcount_reg < 6'd1 + IN_WORDS[5:0];
        in_wr_addr = wcount_m1[IN_AW-1:0];
      end else begin
        in_wr_en = s_axis_cmd_tvalid && wcount_reg >= 6'd2 && wcount_reg < 6'd2 + IN_WORDS[5:0];
        in_wr_addr = wcount_m2[IN_AW-1:0];
      end
    end else if (state_reg == S_RD_DATA) begin
      in_wr_en = dma_rd_fire && op_h2f && !s_axis_dma_rd_tuser && !fault_reg && beat_reg < IN_WORDS[12:0];
      in_wr_addr = beat_reg[IN_AW-1:0];
      in_wr_data = s_axis_dma_rd_tdata & rd_keep_mask;
    end
  end

  always_ff @(posedge clk) begin
    align_start_reg <= 1'b0;
    pop_reg <= 1'b0;
    stat_tx_reg <= 1'b0;

    case (state_reg)
      S_COLLECT: begin
        if (s_axis_cmd_tvalid) begin
          if (wcount_reg == 6'd0) begin
            op_reg <= s_axis_cmd_tdata[7:0];
            vif_reg <= s_axis_cmd_tdata[15:8];
            len_reg <= s_axis_cmd_tdata[31:16];
            off_reg <= s_axis_cmd_tdata[47:32];
            tag_reg <= s_axis_cmd_tdata[63:48];
          end
          if (wcount_reg == 6'd1) iova_reg <= s_axis_cmd_tdata;
          if (wcount_reg != 6'h3f) wcount_reg <= wcount_reg + 1'b1;
          if (s_axis_cmd_tlast) state_reg <= S_CHECK;
        end
      end
      S_CHECK: if (!head_wait) begin
        wcount_reg <= '0;
        fault_reg <= 1'b0;
        beat_reg <= '0;
        prev_reg <= '0;
        status_reg <= ST_OK[7:0];
        if (arg_bad) begin
          status_reg <= ST_BAD_ARG[7:0];
          state_reg <= S_CPL_HDR;
        end else if (empty) begin
          status_reg <= ST_EMPTY[7:0];
          state_reg <= S_CPL_HDR;
        end else if (op_h2f || op_h2tx) begin
          rd_req_valid_reg <= 1'b1;
          state_reg <= S_RD_REQ;
        end else if (op_f2h || op_rx2h) begin
          src_reg <= op_f2h ? SRC_INLINE : SRC_RXBUF;
          wr_req_valid_reg <= 1'b1;
          state_reg <= S_WR_REQ;
        end else if (op_f2tx) begin
          state_reg <= S_IN_COPY;
        end else if (op_send) begin
          src_reg <= SRC_TXBUF;
          align_start_reg <= 1'b1;
          state_reg <= S_SEND;
        end else begin
          pop_reg <= 1'b1;
          state_reg <= S_CPL_HDR;
        end
      end
      S_RD_REQ: begin
        if (m_dma_rd_req_ready) begin
          rd_req_valid_reg <= 1'b0;
          state_reg <= S_RD_DATA;
        end
      end
      S_RD_DATA: begin
        if (s_axis_dma_rd_tvalid) begin
          if (s_axis_dma_rd_tuser) fault_reg <= 1'b1;
          prev_reg <= s_axis_dma_rd_tdata;
          beat_reg <= beat_reg + 1'b1;
          if (s_axis_dma_rd_tlast) begin
            if (s_axis_dma_rd_tuser || fault_reg) begin
              status_reg <= ST_FAULT[7:0];
              state_reg <= S_CPL_HDR;
            end else begin
              state_reg <= op_h2tx ? S_TX_FLUSH : S_CPL_HDR;
            end
          end
        end
      end
      S_TX_FLUSH: state_reg <= S_CPL_HDR;
      S_WR_REQ: begin
        if (m_dma_wr_req_ready) begin
          wr_req_valid_reg <= 1'b0;
          align_start_reg <= 1'b1;
          state_reg <= S_WR_DATA;
        end
      end
      S_WR_DATA: if (align_done) state_reg <= S_WR_DONE;
      S_WR_DONE: begin
        if (s_dma_wr_done_valid) begin
          if (s_dma_wr_done_fault) status_reg <= ST_FAULT[7:0];
          state_reg <= S_CPL_HDR;
        end
      end
      S_SEND: begin
        if (align_done) begin
          stat_tx_reg <= 1'b1;
          state_reg <= S_CPL_HDR;
        end
      end
      S_CPL_HDR: begin
        if (m_axis_cpl_tready) begin
          if (cpl_has_data) begin
            src_reg <= SRC_INLINE;
            align_start_reg <= 1'b1;
            state_reg <= S_CPL_DATA;
          end else begin
            state_reg <= S_COLLECT;
          end
        end
      end
      S_CPL_DATA: if (align_done) state_reg <= S_COLLECT;
      S_IN_COPY: begin
        // the last word is written in the cycle this state is left
        if (copy_rd) beat_reg <= beat_reg + 1'b1;
        else state_reg <= S_CPL_HDR;
      end
      default: state_reg <= S_COLLECT;
    endcase

    if (rst) begin
      state_reg <= S_COLLECT;
      wcount_reg <= '0;
      rd_req_valid_reg <= 1'b0;
      wr_req_valid_reg <= 1'b0;
      align_start_reg <= 1'b0;
      pop_reg <= 1'b0;
      stat_tx_reg <= 1'b0;
      fault_reg <= 1'b0;
    end
  end

  // ------------------------------------------------------------ TX checksum request
  // TXBUF_SEND word 1 (dmacmd.h) was collected into iova_reg, which holds
  // still until the next command's words arrive.
  localparam int CS_START_SH = svnic_regs_pkg::DMA_SEND_CSUM_START_SHIFT;
  localparam int CS_OFF_SH = svnic_regs_pkg::DMA_SEND_CSUM_OFFSET_SHIFT;
  localparam logic [63:0] CS_INSERT = 64'(svnic_regs_pkg::DMA_SEND_CSUM_INSERT);
  logic send_csum_reg = 1'b0;
  always_ff @(posedge clk) begin
    if (state_reg == S_CHECK) send_csum_reg <= send_csum_words && (iova_reg & CS_INSERT) != 64'd0;
    if (rst) send_csum_reg <= 1'b0;
  end
  assign m_axis_tx_csum_req = send_csum_reg;
  assign m_axis_tx_csum_start = iova_reg[CS_START_SH +: 16];
  assign m_axis_tx_csum_offset = iova_reg[CS_OFF_SH +: 16];

  wire unused_ok = &{1'b0, align_busy, len_p7[16:9], len_p7[2:0], align_rd_addr, tx_pair[127:64], wcount_m2[5], wcount_m1[5]};

endmodule

`resetall
