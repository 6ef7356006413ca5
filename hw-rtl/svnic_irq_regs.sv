// SPDX-License-Identifier: MIT
`resetall
`timescale 1ns / 1ps
`default_nettype none

/*
 * The interrupt vector table (svnic_irq) on the host's register window:
 * IRQ_VECTORS and IRQ_STATUS, the pending bits (IRQ_PBA, read-only) and
 * the table (IRQ_TABLE: CTRL, MOD_FRAMES, MOD_USECS per vector), offsets
 * and semantics in include/svnic/regs.h. The firmware raises vectors
 * through svnic_ctrl_regs (IRQ_RAISE), which passes them on here.
 *
 * It snoops the host register port beside svnic_ctrl_regs: wr_hit / rd_sel
 * say an access is this block's, and the top takes this block's read data
 * for it. Reads have one cycle of latency, like svnic_ctrl_regs. Writes to
 * the read-only registers are ignored without an error (as for ID); an
 * address inside IRQ_TABLE beyond the last vector, or an entry's unused
 * fourth word, is not this block's (an error).
 */
module svnic_irq_regs #(
  parameter int NUM_VEC       = 8,    // vectors: queue vectors, then one configuration vector per VIF
  parameter int CYCLES_PER_US = 250,  // clock cycles per microsecond
  parameter int VEC_W = NUM_VEC > 1 ? $clog2(NUM_VEC) : 1  // derived
) (
  input  wire              clk,
  input  wire              rst,

  /* host window register port (shared with svnic_ctrl_regs) */
  input  wire              h_wr_en,
  input  wire [15:0]       h_wr_addr,
  input  wire [31:0]       h_wr_data,
  output wire              wr_hit,      // the write is this block's (no error)
  input  wire              h_rd_en,
  input  wire [15:0]       h_rd_addr,
  output wire              rd_sel,      // the last read was this block's
  output wire [31:0]       rd_data,

  /* raises from the firmware (svnic_ctrl_regs IRQ_RAISE, vector in range) */
  input  wire              raise,
  input  wire [VEC_W-1:0]  raise_vec,

  /* interrupt messages */
  output wire              m_irq_valid,
  input  wire              m_irq_ready,
  output wire [15:0]       m_irq_vector
);

  localparam int PBA_WORDS = (NUM_VEC + 31) / 32;
  localparam int PBA_W = PBA_WORDS > 1 ? $clog2(PBA_WORDS) : 1;
  localparam int FRAMES_W = 8;   // SVNIC_IRQ_MOD_FRAMES_MAX
  localparam int USECS_W = 16;   // SVNIC_IRQ_MOD_USECS_MAX
  localparam int CFG_W = 16;
  localparam int ESTRIDE_SH = $clog2(svnic_regs_pkg::IRQ_ENTRY_STRIDE);
  localparam logic [31:0] A_VECS = svnic_regs_pkg::HOST_IRQ_VECTORS;
  localparam logic [31:0] A_STATUS = svnic_regs_pkg::HOST_IRQ_STATUS;
  localparam logic [31:0] A_PBA = svnic_regs_pkg::HOST_IRQ_PBA;
  localparam logic [31:0] A_TABLE = svnic_regs_pkg::HOST_IRQ_TABLE;
  localparam logic [31:0] NV32 = NUM_VEC;
  localparam logic [31:0] PBW32 = PBA_WORDS;

  initial begin
    if (NUM_VEC < 1 || NUM_VEC > svnic_regs_pkg::IRQ_MAX_VECTORS) $error("NUM_VEC must be 1..IRQ_MAX_VECTORS (%m)");
    if (A_TABLE + NV32 * svnic_regs_pkg::IRQ_ENTRY_STRIDE > 32'h10000) $error("IRQ_TABLE does not fit the window (%m)");
    if (A_PBA + 4 * PBW32 > A_TABLE) $error("IRQ_PBA runs into IRQ_TABLE (%m)");
  end

  // ------------------------------------------------------------ decode
  function automatic [1:0] field(input [31:0] off);
    field = off == svnic_regs_pkg::IRQ_ENTRY_CTRL ? 2'd0 :
            off == svnic_regs_pkg::IRQ_ENTRY_MOD_FRAMES ? 2'd1 :
            off == svnic_regs_pkg::IRQ_ENTRY_MOD_USECS ? 2'd2 : 2'd3;
  endfunction

  wire [31:0] wa = {16'd0, h_wr_addr[15:2], 2'b00};
  wire [31:0] ra = {16'd0, h_rd_addr[15:2], 2'b00};
  wire [31:0] w_idx = (wa - A_TABLE) >> ESTRIDE_SH;
  wire [1:0] w_field = field((wa - A_TABLE) & (svnic_regs_pkg::IRQ_ENTRY_STRIDE - 1));
  wire w_entry = wa >= A_TABLE && w_idx < NV32 && w_field != 2'd3;
  wire w_ro = wa == A_VECS || wa == A_STATUS || (wa >= A_PBA && wa < A_PBA + 4 * PBW32);
  wire [31:0] r_idx = (ra - A_TABLE) >> ESTRIDE_SH;
  wire [1:0] r_field = field((ra - A_TABLE) & (svnic_regs_pkg::IRQ_ENTRY_STRIDE - 1));
  wire r_entry = ra >= A_TABLE && r_idx < NV32 && r_field != 2'd3;
  wire [31:0] r_word = (ra - A_PBA) >> 2;
  wire r_pba = ra >= A_PBA && ra < A_PBA + 4 * PBW32;
  wire r_plain = ra == A_VECS || ra == A_STATUS;

  assign wr_hit = w_entry || w_ro;

  // ------------------------------------------------------------ table
  wire init_busy;
  wire [31:0] tbl_rd_data;

  svnic_irq #(
    .NUM_VEC(NUM_VEC),
    .CYCLES_PER_US(CYCLES_PER_US),
    .FRAMES_W(FRAMES_W),
    .USECS_W(USECS_W)
  ) irq_inst (
    .clk(clk), .rst(rst),
    .init_busy(init_busy),
    .raise(raise), .raise_vec(raise_vec),
    .cfg_wr_en(h_wr_en && w_entry), .cfg_wr_vec(w_idx[VEC_W-1:0]), .cfg_wr_sel(w_field),
    .cfg_wr_data(h_wr_data[CFG_W-1:0]),
    .rd_en(h_rd_en && (r_entry || r_pba)), .rd_pba(r_pba), .rd_word(r_word[PBA_W-1:0]),
    .rd_vec(r_idx[VEC_W-1:0]), .rd_sel(r_field), .rd_data(tbl_rd_data),
    .m_irq_valid(m_irq_valid), .m_irq_ready(m_irq_ready), .m_irq_vector(m_irq_vector)
  );

  // ------------------------------------------------------------ read mux
  logic rd_sel_reg = 1'b0;
  logic rd_tbl_reg = 1'b0;
  logic [31:0] rd_val_reg = '0;
  assign rd_sel = rd_sel_reg;
  assign rd_data = rd_tbl_reg ? tbl_rd_data : rd_val_reg;

  always_ff @(posedge clk) begin
    if (h_rd_en) begin
      rd_sel_reg <= r_entry || r_pba || r_plain;
      rd_tbl_reg <= r_entry || r_pba;
      rd_val_reg <= ra == A_VECS ? NV32 : {31'd0, init_busy};
    end
    if (rst) begin
      rd_sel_reg <= 1'b0;
      rd_tbl_reg <= 1'b0;
    end
  end

  wire unused_ok = &{1'b0, h_wr_addr[1:0], h_rd_addr[1:0], h_wr_data[31:CFG_W], w_idx[31:VEC_W],
                     r_idx[31:VEC_W], r_word[31:PBA_W]};

endmodule

`resetall
