// SPDX-License-Identifier: MIT
`resetall
`timescale 1ns / 1ps
`default_nettype none

/*
 * Switch classifier: purely combinational function of a frame's destination
 * MAC, its source (a VIF or the wire) and the VIF MAC table.
 *
 * From a VIF:  broadcast/multicast -> every enabled VIF but the sender, and
 *              the wire; unicast matching enabled entries of other VIFs ->
 *              those VIFs; otherwise (no match, or only the sender's own
 *              entry) -> the wire.
 * From the wire: broadcast/multicast -> every enabled VIF; unicast matching
 *              enabled entries -> those VIFs; otherwise dropped (drop_novif).
 * Duplicate MACs: every matching enabled entry receives the frame.
 * MAC byte 0 (the first byte on the wire) is dst_mac[7:0]; bit 0 of byte 0
 * set means group address.
 */
module svnic_classifier #(
  parameter int NUM_VIFS = 4,  // VIFs (2..32)
  parameter int VIF_W    = $clog2(NUM_VIFS)  // VIF number width (derived)
) (
  input  wire [47:0]            dst_mac,     // destination MAC, byte 0 in [7:0]
  input  wire                   src_wire,    // 1: frame comes from the wire
  input  wire [VIF_W-1:0]       src_vif,     // sending VIF when src_wire = 0
  input  wire [NUM_VIFS*48-1:0] mac_table,   // entry v in [v*48 +: 48]
  input  wire [NUM_VIFS-1:0]    mac_enable,  // entry v enabled
  output logic [NUM_VIFS-1:0]   dest_mask,   // VIF RX buffers that get the frame
  output logic                  to_wire,     // frame goes to the wire
  output logic                  drop_novif   // wire unicast matching no VIF
);

  initial begin
    if (NUM_VIFS < 2 || NUM_VIFS > 32) $error("NUM_VIFS must be 2..32 (%m)");
  end

  logic [NUM_VIFS-1:0] match;
  logic [NUM_VIFS-1:0] self;
  logic [NUM_VIFS-1:0] other_match;

  always_comb begin
    for (int i = 0; i < NUM_VIFS; i++) begin
      match[i] = mac_enable[i] && (mac_table[i*48 +: 48] == dst_mac);
      self[i] = !src_wire && (src_vif == i[VIF_W-1:0]);
    end
    other_match = match & ~self;
    dest_mask = '0;
    to_wire = 1'b0;
    drop_novif = 1'b0;
    if (dst_mac[0]) begin
      dest_mask = mac_enable & ~self;
      to_wire = !src_wire;
    end else if (src_wire) begin
      dest_mask = match;
      drop_novif = match == '0;
    end else begin
      dest_mask = other_match;
      to_wire = other_match == '0;
    end
  end

endmodule

`resetall
