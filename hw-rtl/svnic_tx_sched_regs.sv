// SPDX-License-Identifier: MIT
`resetall
`timescale 1ns / 1ps
`default_nettype none

/*
 * The TX scheduler (svnic_tx_sched) on the firmware's register window: the
 * firmware, which walks the TX rings, asks it whose frame goes next.
 *
 * Contract (include/svnic/regs.h, SVNIC_FW_TXS_*):
 *  - TXS_DOORBELL write: VIF n has TX frames. Kept in a per-VIF pending bit
 *    until the scheduler takes it, so a doorbell written while the scheduler
 *    is busy is never lost; writing it again is harmless.
 *  - TXS_GRANT read: takes the outstanding grant (bit 31, VIF in 7:0). No
 *    grant: bit 30 says whether the scheduler still has work it may turn
 *    into a grant (doorbells or a done not yet applied, VIFs queued), so the
 *    firmware knows whether reading again can help.
 *  - The bytes the granted VIF sends into the switch (TXBUF_SEND, seen on
 *    the command engine's per-frame statistics) are summed here, so the
 *    charge is what left, not what the firmware says.
 *  - TXS_DONE write: ends the grant with the sum and bit 0 (more frames).
 *  - Per-VIF QUANTUM / RATE / BURST writes go to the scheduler's
 *    configuration port (write-only; reads return 0). The per-VIF blocks
 *    answer at TXS_VIFX_BASE for every VIF (register map 2.7) and at
 *    TXS_VIF_BASE for VIFs below FW_LEGACY_VIFS.
 *
 * It snoops the firmware register port beside svnic_ctrl_regs: wr_hit /
 * rd_hit say an access is this block's, and the top takes this block's
 * read data and error for it. Reads have one cycle of latency, like
 * svnic_ctrl_regs.
 */
module svnic_tx_sched_regs #(
  parameter int NUM_VIFS    = 4,     // VIFs (2..MAX_VIFS)
  parameter int TICK_CYCLES = 4096,  // clock cycles per token tick
  parameter int VIF_W       = $clog2(NUM_VIFS)  // derived
) (
  input  wire              clk,
  input  wire              rst,

  /* firmware window register port (shared with svnic_ctrl_regs) */
  input  wire              f_wr_en,
  input  wire [15:0]       f_wr_addr,
  input  wire [31:0]       f_wr_data,
  output wire              wr_hit,      // the write is this block's (no error)
  input  wire              f_rd_en,
  input  wire [15:0]       f_rd_addr,
  output wire              rd_sel,      // the last read was this block's
  output wire [31:0]       rd_data,

  /* frames sent into the switch (svnic_cmd_engine statistics) */
  input  wire              stat_tx_valid,
  input  wire [VIF_W-1:0]  stat_tx_vif,
  input  wire [15:0]       stat_tx_len
);

  localparam int LEN_W = 16;
  localparam logic [31:0] A_DB = svnic_regs_pkg::FW_TXS_DOORBELL;
  localparam logic [31:0] A_GRANT = svnic_regs_pkg::FW_TXS_GRANT;
  localparam logic [31:0] A_DONE = svnic_regs_pkg::FW_TXS_DONE;
  localparam logic [31:0] A_VIF = svnic_regs_pkg::FW_TXS_VIF_BASE;
  localparam logic [31:0] A_VIFX = svnic_regs_pkg::FW_TXS_VIFX_BASE;
  localparam logic [31:0] NLEG32 = NUM_VIFS < svnic_regs_pkg::FW_LEGACY_VIFS ? NUM_VIFS
                                                                             : svnic_regs_pkg::FW_LEGACY_VIFS;
  localparam logic [31:0] VSTRIDE = svnic_regs_pkg::FW_TXS_VIF_STRIDE;
  localparam int VSTRIDE_SH = $clog2(VSTRIDE);
  localparam logic [31:0] NV32 = NUM_VIFS;

  initial begin
    if (NUM_VIFS < 2 || NUM_VIFS > svnic_regs_pkg::MAX_VIFS) $error("NUM_VIFS must be 2..MAX_VIFS (%m)");
    if ((VSTRIDE & (VSTRIDE - 1)) != 0) $error("FW_TXS_VIF_STRIDE must be a power of two (%m)");
  end

  // ------------------------------------------------------------ decode
  wire [31:0] wa = {16'd0, f_wr_addr[15:2], 2'b00};
  wire [31:0] ra = {16'd0, f_rd_addr[15:2], 2'b00};
  // a per-VIF block at either base (both stride-aligned)
  wire [31:0] w_vidx_l = (wa - A_VIF) >> VSTRIDE_SH;
  wire [31:0] w_vidx_x = (wa - A_VIFX) >> VSTRIDE_SH;
  wire w_vif_x = wa >= A_VIFX && w_vidx_x < NV32;
  wire w_vif = (wa >= A_VIF && w_vidx_l < NLEG32) || w_vif_x;
  wire [31:0] w_vidx = w_vif_x ? w_vidx_x : w_vidx_l;
  wire [31:0] w_vreg = wa & (VSTRIDE - 1);
  wire [31:0] r_vidx_l = (ra - A_VIF) >> VSTRIDE_SH;
  wire [31:0] r_vidx_x = (ra - A_VIFX) >> VSTRIDE_SH;
  wire r_vif = (ra >= A_VIF && r_vidx_l < NLEG32) || (ra >= A_VIFX && r_vidx_x < NV32);
  wire w_cfg = w_vif && (w_vreg == svnic_regs_pkg::FW_TXS_VIF_QUANTUM ||
                         w_vreg == svnic_regs_pkg::FW_TXS_VIF_RATE ||
                         w_vreg == svnic_regs_pkg::FW_TXS_VIF_BURST);
  wire w_db = wa == A_DB;
  wire w_done = wa == A_DONE;
  wire r_grant = ra == A_GRANT;
  assign wr_hit = w_db || w_done || wa == A_GRANT || w_cfg;
  wire r_hit = ra == A_DB || r_grant || ra == A_DONE || r_vif;

  // ------------------------------------------------------------ scheduler
  logic [NUM_VIFS-1:0] db_pend_reg = '0;    // doorbells not yet taken
  logic [NUM_VIFS-1:0] active_reg = '0;     // mirror of the scheduler's active set
  logic done_pend_reg = 1'b0;               // TXS_DONE written, not yet taken
  logic done_more_reg = 1'b0;
  logic serving_reg = 1'b0;                 // a grant was read, no done yet
  logic [VIF_W-1:0] serve_vif_reg = '0;
  logic [LEN_W-1:0] sent_reg = '0;          // bytes sent under the grant (saturating)
  logic rd_sel_reg = 1'b0;
  logic [31:0] rd_data_reg = '0;

  // lowest pending doorbell
  logic [VIF_W-1:0] db_vif;
  always_comb begin
    db_vif = '0;
    for (int i = NUM_VIFS - 1; i >= 0; i--) if (db_pend_reg[i]) db_vif = VIF_W'(i);
  end

  wire init_busy, db_tready, grant_tvalid, done_tready;
  wire [VIF_W-1:0] grant_vif;
  wire take_grant = f_rd_en && r_grant && grant_tvalid;

  svnic_tx_sched #(
    .NUM_VIFS(NUM_VIFS),
    .LEN_W(LEN_W),
    .QUANTUM_W(16),
    .RATE_W(16),
    .BURST_W(21),
    .TS_W(32),
    .TICK_CYCLES(TICK_CYCLES),
    .DEFAULT_QUANTUM(svnic_regs_pkg::TXS_QUANTUM_UNIT),
    .DEFAULT_BURST(svnic_regs_pkg::TXS_BURST_DEFAULT)
  ) sched_inst (
    .clk(clk), .rst(rst),
    .cfg_wr_en(f_wr_en && w_cfg),
    .cfg_wr_vif(w_vidx[VIF_W-1:0]),
    .cfg_wr_sel(w_vreg[3:2]),
    .cfg_wr_data(f_wr_data),
    .init_busy(init_busy),
    .s_axis_doorbell_tdata(db_vif), .s_axis_doorbell_tvalid(db_pend_reg != '0),
    .s_axis_doorbell_tready(db_tready),
    .m_axis_grant_tdata(grant_vif), .m_axis_grant_tvalid(grant_tvalid),
    .m_axis_grant_tready(take_grant),
    .s_axis_done_tdata(sent_reg), .s_axis_done_tuser(done_more_reg),
    .s_axis_done_tvalid(done_pend_reg), .s_axis_done_tready(done_tready)
  );

  wire busy = init_busy || db_pend_reg != '0 || done_pend_reg || active_reg != '0;
  wire [31:0] grant_word = grant_tvalid ? (32'h8000_0000 | 32'(grant_vif)) :
                           busy ? 32'h4000_0000 : 32'd0;
  wire [LEN_W:0] sent_sum = {1'b0, sent_reg} + {1'b0, stat_tx_len};
  wire unused_ok = &{1'b0, f_wr_addr[1:0], f_rd_addr[1:0], w_vidx, w_vreg[1:0]};

  assign rd_sel = rd_sel_reg;
  assign rd_data = rd_data_reg;

  always_ff @(posedge clk) begin
    if (f_rd_en) begin
      rd_sel_reg <= r_hit;
      rd_data_reg <= r_grant ? grant_word : 32'd0;
    end

    // doorbells: set by writes, cleared when the scheduler takes them (a
    // write in the same cycle as the take stays pending)
    for (int i = 0; i < NUM_VIFS; i++) begin
      if (db_tready && db_vif == VIF_W'(i)) begin
        db_pend_reg[i] <= 1'b0;
        active_reg[i] <= 1'b1;
      end
      if (f_wr_en && w_db && f_wr_data[7:0] == 8'(i) && f_wr_data[31:8] == '0) db_pend_reg[i] <= 1'b1;
    end

    if (take_grant) begin
      serving_reg <= 1'b1;
      serve_vif_reg <= grant_vif;
      sent_reg <= '0;
    end else if (serving_reg && stat_tx_valid && stat_tx_vif == serve_vif_reg) begin
      sent_reg <= sent_sum[LEN_W] ? {LEN_W{1'b1}} : sent_sum[LEN_W-1:0];
    end
    // a done without a grant taken has nothing to end: ignored
    if (f_wr_en && w_done && serving_reg && !done_pend_reg) begin
      done_pend_reg <= 1'b1;
      done_more_reg <= f_wr_data[0];
    end
    if (done_tready) begin
      done_pend_reg <= 1'b0;
      serving_reg <= 1'b0;
      if (!done_more_reg) active_reg[serve_vif_reg] <= 1'b0;
    end

    if (rst) begin
      db_pend_reg <= '0;
      active_reg <= '0;
      done_pend_reg <= 1'b0;
      serving_reg <= 1'b0;
      sent_reg <= '0;
      rd_sel_reg <= 1'b0;
    end
  end

endmodule

`resetall
