// SPDX-License-Identifier: MIT
`resetall
`timescale 1ns / 1ps
`default_nettype none

/*
 * Switch: frame-level round-robin arbitration between the TX path (frames
 * sent by VIFs) and the wire RX port, classification of each frame on its
 * first beat (svnic_classifier), then one registered stage that writes the
 * beats into every destination RX buffer in parallel and, when the frame
 * goes to the wire, to the Ethernet TX port.
 *
 * RX buffers always accept; only the Ethernet TX port back-pressures, and
 * only frames bound for the wire wait for it.
 * Wire frames with tuser on the last beat or shorter than 14 bytes are
 * aborted (tuser to the RX buffers) and counted as drop_err; this takes
 * precedence over drop_novif.
 */
module svnic_switch #(
  parameter int NUM_VIFS = 4,  // VIFs (2..32)
  parameter int VIF_W    = $clog2(NUM_VIFS)  // VIF number width (derived)
) (
  input  wire                   clk,
  input  wire                   rst,

  /* MAC table */
  input  wire [NUM_VIFS*48-1:0] mac_table,
  input  wire [NUM_VIFS-1:0]    mac_enable,

  /* frames from the VIFs (TX path) */
  input  wire [63:0]            s_axis_tx_tdata,
  input  wire [7:0]             s_axis_tx_tkeep,
  input  wire                   s_axis_tx_tvalid,
  output wire                   s_axis_tx_tready,
  input  wire                   s_axis_tx_tlast,
  input  wire [VIF_W-1:0]       s_axis_tx_tid,     // sending VIF

  /* frames from the wire */
  input  wire [63:0]            s_axis_wire_tdata,
  input  wire [7:0]             s_axis_wire_tkeep,
  input  wire                   s_axis_wire_tvalid,
  output wire                   s_axis_wire_tready,
  input  wire                   s_axis_wire_tlast,
  input  wire                   s_axis_wire_tuser,

  /* to the RX buffers (always accepted) */
  output wire [63:0]            m_axis_rx_tdata,
  output wire [7:0]             m_axis_rx_tkeep,
  output wire [NUM_VIFS-1:0]    m_axis_rx_tvalid,  // one per RX buffer
  output wire                   m_axis_rx_tlast,
  output wire                   m_axis_rx_tuser,   // abort

  /* to the wire */
  output wire [63:0]            m_axis_eth_tx_tdata,
  output wire [7:0]             m_axis_eth_tx_tkeep,
  output wire                   m_axis_eth_tx_tvalid,
  input  wire                   m_axis_eth_tx_tready,
  output wire                   m_axis_eth_tx_tlast,

  /* statistics events (one-cycle pulses) */
  output wire                   stat_wire_rx_frame,
  output wire                   stat_wire_rx_drop_novif,
  output wire                   stat_wire_rx_drop_err,
  output wire                   stat_wire_tx_frame
);

  // arbitration state
  logic in_frame_reg = 1'b0;
  logic sel_wire_reg = 1'b0;   // source of the current frame
  logic last_wire_reg = 1'b0;  // source of the previous frame
  logic [NUM_VIFS-1:0] mask_reg = '0;
  logic wire_reg = 1'b0;
  logic novif_reg = 1'b0;
  logic [4:0] len_reg = '0;    // bytes so far, saturating at 16

  // output stage
  logic [63:0] o_data_reg = '0;
  logic [7:0] o_keep_reg = '0;
  logic o_valid_reg = 1'b0;
  logic o_last_reg = 1'b0;
  logic o_abort_reg = 1'b0;
  logic [NUM_VIFS-1:0] o_mask_reg = '0;
  logic o_wire_reg = 1'b0;
  logic o_from_wire_reg = 1'b0;
  logic o_novif_reg = 1'b0;

  wire o_ready = !o_wire_reg || m_axis_eth_tx_tready;
  wire in_ready = !o_valid_reg || o_ready;

  // source selection for the next beat
  logic sel_wire;
  always_comb begin
    if (in_frame_reg) sel_wire = sel_wire_reg;
    else if (s_axis_tx_tvalid && s_axis_wire_tvalid) sel_wire = !last_wire_reg;
    else sel_wire = s_axis_wire_tvalid;
  end

  wire [63:0] in_data = sel_wire ? s_axis_wire_tdata : s_axis_tx_tdata;
  wire [7:0] in_keep = sel_wire ? s_axis_wire_tkeep : s_axis_tx_tkeep;
  wire in_valid = sel_wire ? s_axis_wire_tvalid : s_axis_tx_tvalid;
  wire in_last = sel_wire ? s_axis_wire_tlast : s_axis_tx_tlast;
  wire in_fire = in_valid && in_ready;

  assign s_axis_tx_tready = in_ready && !sel_wire;
  assign s_axis_wire_tready = in_ready && sel_wire;

  wire [NUM_VIFS-1:0] cls_mask;
  wire cls_wire;
  wire cls_novif;

  svnic_classifier #(
    .NUM_VIFS(NUM_VIFS)
  ) classifier_inst (
    .dst_mac(in_data[47:0]),
    .src_wire(sel_wire),
    .src_vif(s_axis_tx_tid),
    .mac_table(mac_table),
    .mac_enable(mac_enable),
    .dest_mask(cls_mask),
    .to_wire(cls_wire),
    .drop_novif(cls_novif)
  );

  wire [NUM_VIFS-1:0] cur_mask = in_frame_reg ? mask_reg : cls_mask;
  wire cur_wire = in_frame_reg ? wire_reg : cls_wire;
  wire cur_novif = in_frame_reg ? novif_reg : cls_novif;

  logic [3:0] keep_cnt;
  always_comb begin
    keep_cnt = 4'd0;
    for (int i = 0; i < 8; i++) keep_cnt = keep_cnt + {3'd0, in_keep[i]};
  end
  wire [5:0] len_sum = {1'b0, len_reg} + {2'd0, keep_cnt};
  wire [4:0] len_next = len_sum > 6'd16 ? 5'd16 : len_sum[4:0];
  wire in_abort = sel_wire && in_last && (s_axis_wire_tuser || len_sum < 6'd14);

  always_ff @(posedge clk) begin
    if (o_valid_reg && o_ready) o_valid_reg <= 1'b0;

    if (in_fire) begin
      o_valid_reg <= 1'b1;
      o_data_reg <= in_data;
      o_keep_reg <= in_keep;
      o_last_reg <= in_last;
      o_abort_reg <= in_abort;
      o_mask_reg <= cur_mask;
      o_wire_reg <= cur_wire;
      o_from_wire_reg <= sel_wire;
      o_novif_reg <= cur_novif;

      mask_reg <= cur_mask;
      wire_reg <= cur_wire;
      novif_reg <= cur_novif;
      sel_wire_reg <= sel_wire;
      if (in_last) begin
        in_frame_reg <= 1'b0;
        last_wire_reg <= sel_wire;
        len_reg <= '0;
      end else begin
        in_frame_reg <= 1'b1;
        len_reg <= len_next;
      end
    end

    if (rst) begin
      in_frame_reg <= 1'b0;
      sel_wire_reg <= 1'b0;
      last_wire_reg <= 1'b0;
      len_reg <= '0;
      o_valid_reg <= 1'b0;
    end
  end

  wire o_fire = o_valid_reg && o_ready;

  assign m_axis_rx_tdata = o_data_reg;
  assign m_axis_rx_tkeep = o_keep_reg;
  assign m_axis_rx_tvalid = o_fire ? o_mask_reg : '0;
  assign m_axis_rx_tlast = o_last_reg;
  assign m_axis_rx_tuser = o_abort_reg;

  assign m_axis_eth_tx_tdata = o_data_reg;
  assign m_axis_eth_tx_tkeep = o_keep_reg;
  assign m_axis_eth_tx_tvalid = o_valid_reg && o_wire_reg;
  assign m_axis_eth_tx_tlast = o_last_reg;

  wire o_end = o_fire && o_last_reg;
  assign stat_wire_rx_frame = o_end && o_from_wire_reg;
  assign stat_wire_rx_drop_err = o_end && o_from_wire_reg && o_abort_reg;
  assign stat_wire_rx_drop_novif = o_end && o_from_wire_reg && !o_abort_reg && o_novif_reg;
  assign stat_wire_tx_frame = o_end && o_wire_reg;

endmodule

`resetall
