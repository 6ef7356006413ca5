// SPDX-License-Identifier: MIT
`resetall
`timescale 1ns / 1ps
`default_nettype none

/*
 * AXI-Lite slave to a simple register port, one transaction of each kind in
 * flight. Writes: address and data are taken independently, then reg_wr_en
 * pulses for one cycle and reg_wr_err (decoded in that cycle) becomes the
 * response (SLVERR when set). Reads: reg_rd_en pulses in the cycle the
 * address is accepted; reg_rd_data / reg_rd_err must be valid from the next
 * cycle until the next reg_rd_en.
 */
module svnic_axil_regif (
  input  wire         clk,
  input  wire         rst,

  /* AXI-Lite slave */
  input  wire [15:0]  s_axil_awaddr,
  input  wire         s_axil_awvalid,
  output wire         s_axil_awready,
  input  wire [31:0]  s_axil_wdata,
  input  wire [3:0]   s_axil_wstrb,
  input  wire         s_axil_wvalid,
  output wire         s_axil_wready,
  output wire [1:0]   s_axil_bresp,
  output wire         s_axil_bvalid,
  input  wire         s_axil_bready,
  input  wire [15:0]  s_axil_araddr,
  input  wire         s_axil_arvalid,
  output wire         s_axil_arready,
  output wire [31:0]  s_axil_rdata,
  output wire [1:0]   s_axil_rresp,
  output wire         s_axil_rvalid,
  input  wire         s_axil_rready,

  /* register port */
  output wire         reg_wr_en,
  output wire [15:0]  reg_wr_addr,
  output wire [31:0]  reg_wr_data,
  output wire [3:0]   reg_wr_strb,
  input  wire         reg_wr_err,
  output wire         reg_rd_en,
  output wire [15:0]  reg_rd_addr,
  input  wire [31:0]  reg_rd_data,
  input  wire         reg_rd_err
);

  logic aw_have_reg = 1'b0;
  logic [15:0] awaddr_reg = '0;
  logic w_have_reg = 1'b0;
  logic [31:0] wdata_reg = '0;
  logic [3:0] wstrb_reg = '0;
  logic bvalid_reg = 1'b0;
  logic berr_reg = 1'b0;
  logic rd_wait_reg = 1'b0;
  logic rvalid_reg = 1'b0;

  assign s_axil_awready = !aw_have_reg;
  assign s_axil_wready = !w_have_reg;
  assign s_axil_bvalid = bvalid_reg;
  assign s_axil_bresp = berr_reg ? 2'b10 : 2'b00;

  wire wr_go = aw_have_reg && w_have_reg && !bvalid_reg;
  assign reg_wr_en = wr_go;
  assign reg_wr_addr = awaddr_reg;
  assign reg_wr_data = wdata_reg;
  assign reg_wr_strb = wstrb_reg;

  assign s_axil_arready = !rd_wait_reg && !rvalid_reg;
  assign reg_rd_en = s_axil_arvalid && s_axil_arready;
  assign reg_rd_addr = s_axil_araddr;
  assign s_axil_rvalid = rvalid_reg;
  assign s_axil_rdata = reg_rd_data;
  assign s_axil_rresp = reg_rd_err ? 2'b10 : 2'b00;

  always_ff @(posedge clk) begin
    if (s_axil_awvalid && !aw_have_reg) begin
      aw_have_reg <= 1'b1;
      awaddr_reg <= s_axil_awaddr;
    end
    if (s_axil_wvalid && !w_have_reg) begin
      w_have_reg <= 1'b1;
      wdata_reg <= s_axil_wdata;
      wstrb_reg <= s_axil_wstrb;
    end
    if (wr_go) begin
      aw_have_reg <= 1'b0;
      w_have_reg <= 1'b0;
      bvalid_reg <= 1'b1;
      berr_reg <= reg_wr_err;
    end
    if (bvalid_reg && s_axil_bready) bvalid_reg <= 1'b0;

    rd_wait_reg <= reg_rd_en;
    if (rd_wait_reg) rvalid_reg <= 1'b1;
    if (rvalid_reg && s_axil_rready) rvalid_reg <= 1'b0;

    if (rst) begin
      aw_have_reg <= 1'b0;
      w_have_reg <= 1'b0;
      bvalid_reg <= 1'b0;
      rd_wait_reg <= 1'b0;
      rvalid_reg <= 1'b0;
    end
  end

endmodule

`resetall
