// SPDX-License-Identifier: MIT
`resetall
`timescale 1ns / 1ps
`default_nettype none

/*
 * RX L4 checksum verification for TCP and UDP over IPv4 and IPv6.
 *
 * Parser sideband on the first beat of each frame: L3 type (none, IPv4,
 * IPv6), L3 offset, L4 offset and L4 protocol (other, TCP, UDP). The frame
 * passes through one register stage unchanged; its last beat carries
 * m_axis_csum_status:
 *   0 NOT_CHECKED  no IP, not TCP/UDP, an IPv4 fragment (MF set or offset
 *                  non-zero), or IPv4 UDP with checksum 0 (RFC 768: none)
 *   1 OK           the TCP/UDP checksum verifies
 *   2 BAD          it does not, or the frame is malformed: shorter than the
 *                  IP length says or than the L4 header (8 bytes UDP, 20
 *                  TCP), or an IP length too small for the L4 header.
 *                  IPv6 UDP with checksum 0 is BAD (RFC 8200).
 * The L4 length comes from the IP header (IPv4 total length - (L4 - L3),
 * IPv6 payload length + 40 - (L4 - L3), so extension headers count), so
 * Ethernet padding after the IP packet is excluded from the sum. The
 * pseudo-header is the source and destination addresses taken from the
 * frame, the protocol number and that L4 length. Non-first IPv6
 * fragments must not be marked TCP/UDP by the parser.
 *
 * The sum is accumulated as beats are taken in: every byte in the address
 * fields or in [L4 offset, IP end) is added as the high (even frame offset)
 * or low (odd offset) half of a 16-bit word; an odd L4 offset is fixed by a
 * byte swap of the folded sum (ones' complement sums commute with it).
 * The status is computed from registers while the last beat is presented.
 * Input beats are packed (tkeep all ones except on the last beat).
 * DATA_WIDTH is a parameter (64..512); at 512 bits, where the length field
 * and L4 bytes can share a beat, the per-lane compares and the 32-word adder
 * tree would want a pipeline stage in front of the accumulator.
 */
module svnic_csum_rx #(
  parameter int DATA_WIDTH = 64,  // AXI-Stream data width (64..512, power of two)
  parameter int KEEP_WIDTH = DATA_WIDTH / 8,  // byte lanes (derived)
  parameter int OFF_W      = 10   // width of the L3 / L4 offsets (bytes)
) (
  input  wire                   clk,
  input  wire                   rst,

  /* frames in, parser sideband on the first beat */
  input  wire [DATA_WIDTH-1:0]  s_axis_tdata,
  input  wire [KEEP_WIDTH-1:0]  s_axis_tkeep,
  input  wire                   s_axis_tvalid,
  output wire                   s_axis_tready,
  input  wire                   s_axis_tlast,
  input  wire                   s_axis_tuser,
  input  wire [1:0]             s_axis_l3_type,    // 0 none, 1 IPv4, 2 IPv6
  input  wire [OFF_W-1:0]       s_axis_l3_offset,
  input  wire [OFF_W-1:0]       s_axis_l4_offset,
  input  wire [1:0]             s_axis_l4_proto,   // 0 other, 1 TCP, 2 UDP

  /* frames out, verdict on the last beat */
  output wire [DATA_WIDTH-1:0]  m_axis_tdata,
  output wire [KEEP_WIDTH-1:0]  m_axis_tkeep,
  output wire                   m_axis_tvalid,
  input  wire                   m_axis_tready,
  output wire                   m_axis_tlast,
  output wire                   m_axis_tuser,
  output wire [1:0]             m_axis_csum_status  // 0 not checked, 1 ok, 2 bad (valid with tlast)
);

  localparam int LANE_W = $clog2(KEEP_WIDTH);
  localparam int POS_W = 18;
  localparam int ACC_W = 32;
  localparam int BSUM_W = 16 + $clog2(KEEP_WIDTH);
  localparam logic [1:0] L3_IPV4 = 2'd1, L3_IPV6 = 2'd2;
  localparam logic [1:0] L4_TCP = 2'd1, L4_UDP = 2'd2;
  localparam logic [1:0] ST_NOT_CHECKED = 2'd0, ST_OK = 2'd1, ST_BAD = 2'd2;
  localparam logic [POS_W-1:0] POS_MAX = {POS_W{1'b1}};

  initial begin
    if (DATA_WIDTH < 64 || DATA_WIDTH > 512 || (DATA_WIDTH & (DATA_WIDTH - 1)) != 0)
      $error("DATA_WIDTH must be 64, 128, 256 or 512 (%m)");
    if (KEEP_WIDTH * 8 != DATA_WIDTH) $error("KEEP_WIDTH must be DATA_WIDTH / 8 (%m)");
    if (OFF_W < 7 || OFF_W > 16) $error("OFF_W must be 7..16 (%m)");
  end

  function automatic [LANE_W:0] keep_count(input [KEEP_WIDTH-1:0] keep);
    keep_count = '0;
    for (int i = 0; i < KEEP_WIDTH; i++) keep_count = keep_count + {{LANE_W{1'b0}}, keep[i]};
  endfunction

  /* frame context, loaded from the sideband with the first beat */
  logic             first_reg = 1'b1;
  logic [1:0]       l3_type_reg = '0;
  logic [1:0]       l4_proto_reg = '0;
  logic [OFF_W-1:0] l3_off_reg = '0;
  logic [OFF_W-1:0] l4_off_reg = '0;
  logic [POS_W-1:0] pos_reg = '0;        // bytes of the frame so far (saturating)
  logic [ACC_W-1:0] sum_reg = '0;
  logic [7:0]       iplen_hi_reg = '0, iplen_lo_reg = '0;
  logic [7:0]       frag_hi_reg = '0, frag_lo_reg = '0;
  logic [7:0]       ck_hi_reg = '0, ck_lo_reg = '0;

  /* output register */
  logic [DATA_WIDTH-1:0] out_data_reg = '0;
  logic [KEEP_WIDTH-1:0] out_keep_reg = '0;
  logic                  out_valid_reg = 1'b0;
  logic                  out_last_reg = 1'b0;
  logic                  out_user_reg = 1'b0;

  assign s_axis_tready = !out_valid_reg || m_axis_tready;
  assign m_axis_tdata = out_data_reg;
  assign m_axis_tkeep = out_keep_reg;
  assign m_axis_tvalid = out_valid_reg;
  assign m_axis_tlast = out_last_reg;
  assign m_axis_tuser = out_user_reg;

  wire in_beat = s_axis_tvalid && s_axis_tready;

  wire [1:0]       cur_l3_type = first_reg ? s_axis_l3_type : l3_type_reg;
  wire [OFF_W-1:0] cur_l3 = first_reg ? s_axis_l3_offset : l3_off_reg;
  wire [OFF_W-1:0] cur_l4 = first_reg ? s_axis_l4_offset : l4_off_reg;
  wire [POS_W-1:0] base = first_reg ? '0 : pos_reg;
  wire [POS_W-1:0] l3p = POS_W'(cur_l3);
  wire [POS_W-1:0] l4p = POS_W'(cur_l4);
  wire is_v6 = cur_l3_type == L3_IPV6;

  // field positions
  wire [POS_W-1:0] len_pos = l3p + (is_v6 ? POS_W'(4) : POS_W'(2));   // IP length, 2 bytes
  wire [POS_W-1:0] frag_pos = l3p + POS_W'(6);                         // IPv4 flags / offset
  wire [POS_W-1:0] addr_lo = l3p + (is_v6 ? POS_W'(8) : POS_W'(12));  // addresses [lo, hi)
  wire [POS_W-1:0] addr_hi = l3p + (is_v6 ? POS_W'(40) : POS_W'(20));
  wire [POS_W-1:0] ck_pos = l4p + POS_W'(6);                           // UDP checksum

  // IP length bytes, forwarded from this beat when they are in it
  logic [7:0] iplen_hi_cur, iplen_lo_cur;
  always_comb begin
    iplen_hi_cur = first_reg ? 8'd0 : iplen_hi_reg;
    iplen_lo_cur = first_reg ? 8'd0 : iplen_lo_reg;
    for (int i = 0; i < KEEP_WIDTH; i++) begin
      if (base + POS_W'(i) == len_pos) iplen_hi_cur = s_axis_tdata[8*i +: 8];
      if (base + POS_W'(i) == len_pos + 1'b1) iplen_lo_cur = s_axis_tdata[8*i +: 8];
    end
  end
  wire [POS_W-1:0] ip_end = l3p + (is_v6 ? POS_W'(40) : POS_W'(0)) + POS_W'({iplen_hi_cur, iplen_lo_cur});

  // this beat's contribution: bytes in the address fields or in [L4, IP end)
  logic [BSUM_W-1:0] beat_sum;
  logic [KEEP_WIDTH-1:0] take;
  always_comb begin
    for (int i = 0; i < KEEP_WIDTH; i++) begin
      take[i] = s_axis_tkeep[i] &&
                ((base + POS_W'(i) >= addr_lo && base + POS_W'(i) < addr_hi) ||
                 (base + POS_W'(i) >= l4p && base + POS_W'(i) < ip_end));
    end
    beat_sum = '0;
    for (int j = 0; j < KEEP_WIDTH / 2; j++) begin
      beat_sum = beat_sum + BSUM_W'({take[2*j] ? s_axis_tdata[16*j +: 8] : 8'd0,
                                     take[2*j+1] ? s_axis_tdata[16*j+8 +: 8] : 8'd0});
    end
  end

  wire [POS_W:0] pos_sum = {1'b0, base} + (POS_W+1)'(keep_count(s_axis_tkeep));
  wire [POS_W-1:0] pos_next = pos_sum[POS_W] ? POS_MAX : pos_sum[POS_W-1:0];

  always_ff @(posedge clk) begin
    if (out_valid_reg && m_axis_tready) out_valid_reg <= 1'b0;
    if (in_beat) begin
      out_data_reg <= s_axis_tdata;
      out_keep_reg <= s_axis_tkeep;
      out_valid_reg <= 1'b1;
      out_last_reg <= s_axis_tlast;
      out_user_reg <= s_axis_tuser;

      first_reg <= s_axis_tlast;
      l3_type_reg <= cur_l3_type;
      l4_proto_reg <= first_reg ? s_axis_l4_proto : l4_proto_reg;
      l3_off_reg <= cur_l3;
      l4_off_reg <= cur_l4;
      pos_reg <= pos_next;
      sum_reg <= (first_reg ? '0 : sum_reg) + ACC_W'(beat_sum);
      iplen_hi_reg <= iplen_hi_cur;
      iplen_lo_reg <= iplen_lo_cur;
      if (first_reg) begin
        frag_hi_reg <= '0;
        frag_lo_reg <= '0;
        ck_hi_reg <= '0;
        ck_lo_reg <= '0;
      end
      for (int i = 0; i < KEEP_WIDTH; i++) begin
        if (base + POS_W'(i) == frag_pos) frag_hi_reg <= s_axis_tdata[8*i +: 8];
        if (base + POS_W'(i) == frag_pos + 1'b1) frag_lo_reg <= s_axis_tdata[8*i +: 8];
        if (base + POS_W'(i) == ck_pos) ck_hi_reg <= s_axis_tdata[8*i +: 8];
        if (base + POS_W'(i) == ck_pos + 1'b1) ck_lo_reg <= s_axis_tdata[8*i +: 8];
      end
    end
    if (rst) begin
      out_valid_reg <= 1'b0;
      first_reg <= 1'b1;
    end
  end

  /* verdict for the frame whose last beat is in the output register */
  wire r_v4 = l3_type_reg == L3_IPV4;
  wire r_v6 = l3_type_reg == L3_IPV6;
  wire r_tcp = l4_proto_reg == L4_TCP;
  wire r_udp = l4_proto_reg == L4_UDP;
  wire [POS_W-1:0] r_l3 = POS_W'(l3_off_reg);
  wire [POS_W-1:0] r_l4 = POS_W'(l4_off_reg);
  wire [POS_W-1:0] r_ip_end = r_l3 + (r_v6 ? POS_W'(40) : POS_W'(0)) + POS_W'({iplen_hi_reg, iplen_lo_reg});
  wire [POS_W-1:0] r_l4_min = r_l4 + (r_tcp ? POS_W'(20) : POS_W'(8));
  wire [POS_W-1:0] r_l4_len = r_ip_end - r_l4;
  wire r_frag_seen = pos_reg >= r_l3 + POS_W'(8);
  wire r_frag = r_v4 && r_frag_seen && ({frag_hi_reg[5:0], frag_lo_reg} != '0);
  wire r_malformed = pos_reg < r_l4_min || r_ip_end < r_l4_min || pos_reg < r_ip_end;

  wire [16:0] f1 = {1'b0, sum_reg[15:0]} + {1'b0, sum_reg[31:16]};
  wire [15:0] f2 = f1[15:0] + {15'd0, f1[16]};
  wire [15:0] f_al = r_l4[0] ? {f2[7:0], f2[15:8]} : f2;
  wire [17:0] p1 = {2'b00, f_al} + {2'b00, r_l4_len[15:0]} + (r_tcp ? 18'd6 : 18'd17);
  wire [16:0] p2 = {1'b0, p1[15:0]} + {15'd0, p1[17:16]};
  wire [15:0] p3 = p2[15:0] + {15'd0, p2[16]};

  logic [1:0] verdict;
  always_comb begin
    if (!(r_v4 || r_v6) || !(r_tcp || r_udp)) verdict = ST_NOT_CHECKED;
    else if (r_frag) verdict = ST_NOT_CHECKED;
    else if (r_malformed) verdict = ST_BAD;
    else if (r_v4 && r_udp && {ck_hi_reg, ck_lo_reg} == 16'd0) verdict = ST_NOT_CHECKED;
    else verdict = (p3 == 16'hffff) ? ST_OK : ST_BAD;
  end

  assign m_axis_csum_status = out_last_reg ? verdict : ST_NOT_CHECKED;

  wire unused_ok = &{1'b0, frag_hi_reg[7:6], r_l4_len[POS_W-1:16]};

endmodule

`resetall
