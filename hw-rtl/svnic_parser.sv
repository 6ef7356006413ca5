// SPDX-License-Identifier: MIT
`resetall
`timescale 1ns / 1ps
`default_nettype none

/*
 * Frame header parser.
 *
 * Passes an AXI-Stream of Ethernet frames (no FCS) through unchanged behind
 * one register stage (tdata, tkeep, tlast, tuser untouched, one cycle of
 * latency), and emits one metadata record per frame on the m_meta_*
 * valid/ready interface.
 *
 * Assumptions: byte 0 of a beat is tdata[7:0]; tkeep is all ones on every
 * beat but the last, where it is contiguous from bit 0 (a frame's length is
 * the sum of its tkeep bits); frames are 1..65535 bytes.
 *
 * The first PARSE_BYTES bytes of each frame are captured into a header
 * buffer, and a walk steps over the headers one per cycle as soon as the
 * bytes it needs have arrived (or the frame has ended):
 *
 *   L2   Ethernet II; a first tag with TPID 0x8100 or 0x88a8, then a second
 *        tag with TPID 0x8100 (QinQ). Anything else after the tags is the
 *        final ethertype.
 *   L3   ethertype 0x0800: IPv4 (version 4, IHL >= 5, options allowed);
 *        ethertype 0x86dd: IPv6 (version 6). Another version: not IP.
 *   EXT  IPv6 only: extension headers hop-by-hop (0), routing (43),
 *        fragment (44, 8 bytes) and destination options (60, (len+1)*8
 *        bytes), at most MAX_EXT of them.
 *   L4   TCP (6, 20-byte minimum header) and UDP (17, 8 bytes): ports.
 *
 * A header is reported only when all of it lies inside the frame; when the
 * frame ends inside a header the walk stops there with truncated = 1 (for
 * TCP/UDP, the offset of the L4 header is still reported).
 * An IPv4 header with MF set or a non-zero fragment offset, or an IPv6
 * fragment header with M set or a non-zero offset, sets ip_fragment and
 * stops the walk before L4 (an atomic IPv6 fragment header is walked over).
 * The walk stops with parse_limit = 1 (L4 unknown) when the next header is
 * an IPv6 extension header and MAX_EXT of them have been walked already, or
 * when the first 4 bytes of the next extension or L4 header lie beyond
 * PARSE_BYTES. These checks come before the truncation check of that header.
 *
 * Metadata record (m_meta_*; fields of headers not reached are zero):
 *   has_vlan, has_qinq      one tag / two tags
 *   vlan_outer_vid/pcp      first tag (when has_vlan)
 *   vlan_inner_vid/pcp      second tag (when has_qinq)
 *   ethertype, l3_offset    after the tags; offset of the L3 header (14/18/22)
 *                           (both zero when the frame ends inside L2)
 *   is_ipv4, is_ipv6        a complete IPv4 / IPv6 header
 *   ip_hdr_len              IPv4: IHL * 4; IPv6: 40 (fixed header)
 *   ip_src, ip_dst          addresses as numbers in network order: IPv4 in
 *                           [31:0] (first byte in [31:24]), IPv6 in [127:0]
 *   ip_proto                IPv4 protocol; IPv6: next-header value of the
 *                           last header walked (the upper-layer protocol
 *                           when the walk reached L4)
 *   ip_ext_count            IPv6 extension headers walked (0..MAX_EXT)
 *   ip_fragment             see above
 *   l4_offset_valid,        the walk reached the upper-layer header at
 *   l4_offset               l4_offset (any protocol)
 *   is_tcp, is_udp          a complete minimal TCP / UDP header
 *   l4_src_port/dst_port    TCP/UDP ports
 *   truncated               the frame ended inside a header
 *   parse_limit             the walk hit MAX_EXT or PARSE_BYTES
 *
 * Latency and throughput: the walk takes 1 cycle for L2, 1 for L3, one per
 * extension header (+1), and 1 for L4 once the bytes are there; the record
 * may leave before the frame's last beat. The buffer holds one frame: the
 * first beat of the next frame waits (s_axis_tready low) until the record of
 * the previous one has been accepted and its last beat has arrived. A
 * one-beat IPv4/TCP frame therefore takes 4 cycles (IPv6: 5 plus one per
 * extension header). s_axis_tready depends combinationally on
 * m_axis_tready and m_meta_ready.
 */
module svnic_parser #(
  parameter int DATA_WIDTH  = 64,   // stream width in bits (64 or 512)
  parameter int KEEP_WIDTH  = DATA_WIDTH / 8,  // tkeep width (derived)
  parameter int PARSE_BYTES = 256,  // header window in bytes (power of two, 128..1024, >= KEEP_WIDTH)
  parameter int MAX_EXT     = 4,    // IPv6 extension headers walked at most (1..7)
  parameter int OFF_W       = $clog2(PARSE_BYTES)  // l4_offset width (derived)
) (
  input  wire                   clk,
  input  wire                   rst,

  /* frame input */
  input  wire [DATA_WIDTH-1:0]  s_axis_tdata,
  input  wire [KEEP_WIDTH-1:0]  s_axis_tkeep,
  input  wire                   s_axis_tvalid,
  output wire                   s_axis_tready,
  input  wire                   s_axis_tlast,
  input  wire                   s_axis_tuser,

  /* frame output (the input, one register stage later) */
  output wire [DATA_WIDTH-1:0]  m_axis_tdata,
  output wire [KEEP_WIDTH-1:0]  m_axis_tkeep,
  output wire                   m_axis_tvalid,
  input  wire                   m_axis_tready,
  output wire                   m_axis_tlast,
  output wire                   m_axis_tuser,

  /* metadata, one record per frame */
  output wire                   m_meta_valid,
  input  wire                   m_meta_ready,
  output wire                   m_meta_has_vlan,
  output wire                   m_meta_has_qinq,
  output wire [11:0]            m_meta_vlan_outer_vid,
  output wire [2:0]             m_meta_vlan_outer_pcp,
  output wire [11:0]            m_meta_vlan_inner_vid,
  output wire [2:0]             m_meta_vlan_inner_pcp,
  output wire [15:0]            m_meta_ethertype,
  output wire [4:0]             m_meta_l3_offset,
  output wire                   m_meta_is_ipv4,
  output wire                   m_meta_is_ipv6,
  output wire [5:0]             m_meta_ip_hdr_len,
  output wire [127:0]           m_meta_ip_src,
  output wire [127:0]           m_meta_ip_dst,
  output wire [7:0]             m_meta_ip_proto,
  output wire [2:0]             m_meta_ip_ext_count,
  output wire                   m_meta_ip_fragment,
  output wire                   m_meta_l4_offset_valid,
  output wire [OFF_W-1:0]       m_meta_l4_offset,
  output wire                   m_meta_is_tcp,
  output wire                   m_meta_is_udp,
  output wire [15:0]            m_meta_l4_src_port,
  output wire [15:0]            m_meta_l4_dst_port,
  output wire                   m_meta_truncated,
  output wire                   m_meta_parse_limit
);

  localparam int LEN_W = 16;                        // frame byte counts and offsets
  localparam int BUF_BEATS = PARSE_BYTES / KEEP_WIDTH;
  localparam int BEAT_W = $clog2(BUF_BEATS + 1);
  localparam int NQ = PARSE_BYTES / 4 - 1;          // dynamic read positions 4q+2
  localparam int KCNT_W = $clog2(KEEP_WIDTH + 1);

  initial begin
    if (DATA_WIDTH != 64 && DATA_WIDTH != 512) $error("DATA_WIDTH must be 64 or 512 (%m)");
    if (KEEP_WIDTH * 8 != DATA_WIDTH) $error("KEEP_WIDTH must be DATA_WIDTH / 8 (%m)");
    if (PARSE_BYTES < 128 || PARSE_BYTES > 1024 || (PARSE_BYTES & (PARSE_BYTES - 1)) != 0)
      $error("PARSE_BYTES must be a power of two, 128..1024 (%m)");
    if (PARSE_BYTES < KEEP_WIDTH) $error("PARSE_BYTES must be at least one beat (%m)");
    if (MAX_EXT < 1 || MAX_EXT > 7) $error("MAX_EXT must be 1..7 (%m)");
  end

  typedef enum logic [2:0] {
    ST_IDLE,  // between frames
    ST_L2,    // Ethernet and tags
    ST_L3,    // IPv4 / IPv6 header
    ST_EXT,   // IPv6 extension header chain
    ST_L4,    // upper-layer header
    ST_OUT,   // record valid
    ST_WAIT   // record gone, frame still arriving
  } state_t;

  /* passthrough register stage */
  logic [DATA_WIDTH-1:0] out_data_reg = '0;
  logic [KEEP_WIDTH-1:0] out_keep_reg = '0;
  logic out_valid_reg = 1'b0;
  logic out_last_reg = 1'b0;
  logic out_user_reg = 1'b0;

  /* capture */
  logic [PARSE_BYTES*8-1:0] hdr_buf_reg = '0;
  logic [BEAT_W-1:0] beat_idx_reg = '0, beat_idx_next;
  logic [LEN_W-1:0] byte_cnt_reg = '0, byte_cnt_next;
  logic frame_done_reg = 1'b1, frame_done_next;

  /* walk */
  state_t state_reg = ST_IDLE, state_next;
  logic [LEN_W-1:0] cur_reg = '0, cur_next;     // offset of the next header
  logic [7:0] nh_reg = '0, nh_next;             // its protocol number

  /* record */
  logic has_vlan_reg = 1'b0, has_vlan_next;
  logic has_qinq_reg = 1'b0, has_qinq_next;
  logic [15:0] outer_tci_reg = '0, outer_tci_next;
  logic [15:0] inner_tci_reg = '0, inner_tci_next;
  logic [15:0] ethertype_reg = '0, ethertype_next;
  logic [4:0] l3_offset_reg = '0, l3_offset_next;
  logic is_ipv4_reg = 1'b0, is_ipv4_next;
  logic is_ipv6_reg = 1'b0, is_ipv6_next;
  logic [5:0] ip_hdr_len_reg = '0, ip_hdr_len_next;
  logic [127:0] ip_src_reg = '0, ip_src_next;
  logic [127:0] ip_dst_reg = '0, ip_dst_next;
  logic [7:0] ip_proto_reg = '0, ip_proto_next;
  logic [2:0] ext_cnt_reg = '0, ext_cnt_next;
  logic ip_fragment_reg = 1'b0, ip_fragment_next;
  logic l4_valid_reg = 1'b0, l4_valid_next;
  logic [OFF_W-1:0] l4_offset_reg = '0, l4_offset_next;
  logic is_tcp_reg = 1'b0, is_tcp_next;
  logic is_udp_reg = 1'b0, is_udp_next;
  logic [15:0] sport_reg = '0, sport_next;
  logic [15:0] dport_reg = '0, dport_next;
  logic truncated_reg = 1'b0, truncated_next;
  logic parse_limit_reg = 1'b0, parse_limit_next;

  // A new frame may start once the previous one is fully handled.
  wire meta_take = state_reg == ST_OUT && m_meta_ready;
  wire new_frame_ok = state_reg == ST_IDLE || ((meta_take || state_reg == ST_WAIT) && frame_done_reg);
  wire out_free = !out_valid_reg || m_axis_tready;
  wire cap_ok = !frame_done_reg || new_frame_ok;
  assign s_axis_tready = out_free && cap_ok;
  wire accept = s_axis_tvalid && s_axis_tready;
  wire accept_first = accept && frame_done_reg;

  assign m_axis_tdata = out_data_reg;
  assign m_axis_tkeep = out_keep_reg;
  assign m_axis_tvalid = out_valid_reg;
  assign m_axis_tlast = out_last_reg;
  assign m_axis_tuser = out_user_reg;

  assign m_meta_valid = state_reg == ST_OUT;
  assign m_meta_has_vlan = has_vlan_reg;
  assign m_meta_has_qinq = has_qinq_reg;
  assign m_meta_vlan_outer_vid = outer_tci_reg[11:0];
  assign m_meta_vlan_outer_pcp = outer_tci_reg[15:13];
  assign m_meta_vlan_inner_vid = inner_tci_reg[11:0];
  assign m_meta_vlan_inner_pcp = inner_tci_reg[15:13];
  assign m_meta_ethertype = ethertype_reg;
  assign m_meta_l3_offset = l3_offset_reg;
  assign m_meta_is_ipv4 = is_ipv4_reg;
  assign m_meta_is_ipv6 = is_ipv6_reg;
  assign m_meta_ip_hdr_len = ip_hdr_len_reg;
  assign m_meta_ip_src = ip_src_reg;
  assign m_meta_ip_dst = ip_dst_reg;
  assign m_meta_ip_proto = ip_proto_reg;
  assign m_meta_ip_ext_count = ext_cnt_reg;
  assign m_meta_ip_fragment = ip_fragment_reg;
  assign m_meta_l4_offset_valid = l4_valid_reg;
  assign m_meta_l4_offset = l4_offset_reg;
  assign m_meta_is_tcp = is_tcp_reg;
  assign m_meta_is_udp = is_udp_reg;
  assign m_meta_l4_src_port = sport_reg;
  assign m_meta_l4_dst_port = dport_reg;
  assign m_meta_truncated = truncated_reg;
  assign m_meta_parse_limit = parse_limit_reg;

  function automatic [KCNT_W-1:0] keep_count(input [KEEP_WIDTH-1:0] keep);
    keep_count = '0;
    for (int i = 0; i < KEEP_WIDTH; i++) keep_count = keep_count + {{(KCNT_W-1){1'b0}}, keep[i]};
  endfunction

  function automatic logic is_ext(input [7:0] nh);
    is_ext = nh == 8'd0 || nh == 8'd43 || nh == 8'd44 || nh == 8'd60;
  endfunction

  // byte n of the header buffer
  function automatic [7:0] hb(input [PARSE_BYTES*8-1:0] b, input int n);
    hb = b[n*8 +: 8];
  endfunction

  // the bytes needed by a step are there, or the frame is complete
  wire [LEN_W-1:0] len = byte_cnt_reg;

  /* L3 window: 60 bytes from l3_offset (14, 18 or 22) */
  logic [479:0] l3w;
  always_comb begin
    case (l3_offset_reg)
      5'd18:   l3w = hdr_buf_reg[18*8 +: 480];
      5'd22:   l3w = hdr_buf_reg[22*8 +: 480];
      default: l3w = hdr_buf_reg[14*8 +: 480];
    endcase
  end

  function automatic [7:0] l3b(input [479:0] w, input int n);
    l3b = w[n*8 +: 8];
  endfunction

  /* dynamic read: the 4 bytes at cur_reg; every extension / L4 header starts
   * at an offset 2 mod 4 (L3 starts at 14/18/22, lengths are multiples of 4) */
  logic [31:0] dyn;
  always_comb begin
    dyn = '0;
    for (int q = 0; q < NQ; q++)
      if (cur_reg[LEN_W-1:2] == q[LEN_W-3:0]) dyn = hdr_buf_reg[(4*q+2)*8 +: 32];
  end
  wire [7:0] dyn0 = dyn[7:0];
  wire [7:0] dyn1 = dyn[15:8];
  wire [15:0] dyn_w0 = {dyn[7:0], dyn[15:8]};    // bytes 0-1, network order
  wire [15:0] dyn_w1 = {dyn[23:16], dyn[31:24]};  // bytes 2-3

  wire [8:0] ext_units = {1'b0, dyn1} + 9'd1;  // (hdr ext len + 1) 8-byte units
  wire [LEN_W-1:0] ext_hlen = nh_reg == 8'd44 ? 16'd8 : {4'd0, ext_units, 3'b000};
  wire [LEN_W-1:0] cur_plus4 = cur_reg + 16'd4;
  wire beyond_window = cur_plus4 > PARSE_BYTES[LEN_W-1:0];
  wire [LEN_W-1:0] l4_need = cur_reg + (nh_reg == 8'd6 ? 16'd20 : 16'd8);
  wire [LEN_W-1:0] ext_end = cur_reg + ext_hlen;
  wire [LEN_W-1:0] l3_end_max = {11'd0, l3_offset_reg} + 16'd60;

  // IPv4 / IPv6 fields from the L3 window
  wire [7:0] l3_byte0 = l3b(l3w, 0);
  wire [3:0] ip_ver = l3_byte0[7:4];
  wire [3:0] ihl = l3_byte0[3:0];
  wire [LEN_W-1:0] ipv4_end = {11'd0, l3_offset_reg} + {10'd0, ihl, 2'b00};
  wire [LEN_W-1:0] l3_end20 = {11'd0, l3_offset_reg} + 16'd20;
  wire [LEN_W-1:0] l3_end40 = {11'd0, l3_offset_reg} + 16'd40;
  wire [7:0] l3_byte6 = l3b(l3w, 6);
  wire ipv4_frag = l3_byte6[5] || {l3_byte6[4:0], l3b(l3w, 7)} != 13'd0;  // MF or offset
  logic [31:0] v4_src, v4_dst;
  logic [127:0] v6_src, v6_dst;
  always_comb begin
    for (int i = 0; i < 4; i++) begin
      v4_src[31-8*i -: 8] = l3b(l3w, 12 + i);
      v4_dst[31-8*i -: 8] = l3b(l3w, 16 + i);
    end
    for (int i = 0; i < 16; i++) begin
      v6_src[127-8*i -: 8] = l3b(l3w, 8 + i);
      v6_dst[127-8*i -: 8] = l3b(l3w, 24 + i);
    end
  end

  wire [15:0] et0 = {hb(hdr_buf_reg, 12), hb(hdr_buf_reg, 13)};
  wire [15:0] et1 = {hb(hdr_buf_reg, 16), hb(hdr_buf_reg, 17)};
  wire [15:0] et2 = {hb(hdr_buf_reg, 20), hb(hdr_buf_reg, 21)};
  wire [15:0] tci0 = {hb(hdr_buf_reg, 14), hb(hdr_buf_reg, 15)};
  wire [15:0] tci1 = {hb(hdr_buf_reg, 18), hb(hdr_buf_reg, 19)};

  always_comb begin
    state_next = state_reg;
    beat_idx_next = beat_idx_reg;
    byte_cnt_next = byte_cnt_reg;
    frame_done_next = frame_done_reg;
    cur_next = cur_reg;
    nh_next = nh_reg;
    has_vlan_next = has_vlan_reg;
    has_qinq_next = has_qinq_reg;
    outer_tci_next = outer_tci_reg;
    inner_tci_next = inner_tci_reg;
    ethertype_next = ethertype_reg;
    l3_offset_next = l3_offset_reg;
    is_ipv4_next = is_ipv4_reg;
    is_ipv6_next = is_ipv6_reg;
    ip_hdr_len_next = ip_hdr_len_reg;
    ip_src_next = ip_src_reg;
    ip_dst_next = ip_dst_reg;
    ip_proto_next = ip_proto_reg;
    ext_cnt_next = ext_cnt_reg;
    ip_fragment_next = ip_fragment_reg;
    l4_valid_next = l4_valid_reg;
    l4_offset_next = l4_offset_reg;
    is_tcp_next = is_tcp_reg;
    is_udp_next = is_udp_reg;
    sport_next = sport_reg;
    dport_next = dport_reg;
    truncated_next = truncated_reg;
    parse_limit_next = parse_limit_reg;

    case (state_reg)
      ST_L2: begin
        if (frame_done_reg || len >= 16'd22) begin
          state_next = ST_OUT;
          if (len < 16'd14) begin
            truncated_next = 1'b1;
          end else if (et0 == 16'h8100 || et0 == 16'h88a8) begin
            if (len < 16'd18) begin
              truncated_next = 1'b1;
            end else begin
              has_vlan_next = 1'b1;
              outer_tci_next = tci0;
              if (et1 == 16'h8100) begin
                if (len < 16'd22) begin
                  truncated_next = 1'b1;
                end else begin
                  has_qinq_next = 1'b1;
                  inner_tci_next = tci1;
                  ethertype_next = et2;
                  l3_offset_next = 5'd22;
                  if (et2 == 16'h0800 || et2 == 16'h86dd) state_next = ST_L3;
                end
              end else begin
                ethertype_next = et1;
                l3_offset_next = 5'd18;
                if (et1 == 16'h0800 || et1 == 16'h86dd) state_next = ST_L3;
              end
            end
          end else begin
            ethertype_next = et0;
            l3_offset_next = 5'd14;
            if (et0 == 16'h0800 || et0 == 16'h86dd) state_next = ST_L3;
          end
        end
      end
      ST_L3: begin
        if (frame_done_reg || len >= l3_end_max) begin
          state_next = ST_OUT;
          if (ethertype_reg == 16'h0800) begin
            if (len < l3_end20) begin
              truncated_next = 1'b1;
            end else if (ip_ver == 4'd4 && ihl >= 4'd5) begin
              if (len < ipv4_end) begin
                truncated_next = 1'b1;
              end else begin
                is_ipv4_next = 1'b1;
                ip_hdr_len_next = {ihl, 2'b00};
                ip_proto_next = l3b(l3w, 9);
                ip_src_next = {96'd0, v4_src};
                ip_dst_next = {96'd0, v4_dst};
                if (ipv4_frag) begin
                  ip_fragment_next = 1'b1;
                end else begin
                  nh_next = l3b(l3w, 9);
                  cur_next = ipv4_end;
                  state_next = ST_L4;
                end
              end
            end
          end else begin
            if (len < l3_end40) begin
              truncated_next = 1'b1;
            end else if (ip_ver == 4'd6) begin
              is_ipv6_next = 1'b1;
              ip_hdr_len_next = 6'd40;
              ip_proto_next = l3b(l3w, 6);
              ip_src_next = v6_src;
              ip_dst_next = v6_dst;
              nh_next = l3b(l3w, 6);
              cur_next = l3_end40;
              state_next = ST_EXT;
            end
          end
        end
      end
      ST_EXT: begin
        if (!is_ext(nh_reg)) begin
          state_next = ST_L4;
        end else if (ext_cnt_reg == MAX_EXT[2:0] || beyond_window) begin
          parse_limit_next = 1'b1;
          state_next = ST_OUT;
        end else if (frame_done_reg || len >= ext_end) begin
          // hlen >= 8: once len >= ext_end the bytes read are valid
          if (len < ext_end) begin
            truncated_next = 1'b1;
            state_next = ST_OUT;
          end else begin
            ext_cnt_next = ext_cnt_reg + 3'd1;
            ip_proto_next = dyn0;
            if (nh_reg == 8'd44 && (dyn_w1 & 16'hfff9) != 16'd0) begin
              ip_fragment_next = 1'b1;
              state_next = ST_OUT;
            end else begin
              nh_next = dyn0;
              cur_next = ext_end;
            end
          end
        end
      end
      ST_L4: begin
        if (beyond_window) begin
          parse_limit_next = 1'b1;
          state_next = ST_OUT;
        end else if (nh_reg != 8'd6 && nh_reg != 8'd17) begin
          l4_valid_next = 1'b1;
          l4_offset_next = cur_reg[OFF_W-1:0];
          state_next = ST_OUT;
        end else if (frame_done_reg || len >= l4_need) begin
          l4_valid_next = 1'b1;
          l4_offset_next = cur_reg[OFF_W-1:0];
          state_next = ST_OUT;
          if (len < l4_need) begin
            truncated_next = 1'b1;
          end else begin
            is_tcp_next = nh_reg == 8'd6;
            is_udp_next = nh_reg == 8'd17;
            sport_next = dyn_w0;
            dport_next = dyn_w1;
          end
        end
      end
      ST_OUT: begin
        if (m_meta_ready) begin
          if (frame_done_reg) state_next = ST_IDLE;
          else state_next = ST_WAIT;
        end
      end
      ST_WAIT: begin
        if (frame_done_reg) state_next = ST_IDLE;
      end
      default: begin
      end
    endcase

    // a beat comes in: count it; the first beat of a frame restarts the walk
    if (accept) begin
      if (accept_first) begin
        beat_idx_next = 1;
        byte_cnt_next = {{(LEN_W-KCNT_W){1'b0}}, keep_count(s_axis_tkeep)};
        state_next = ST_L2;
        has_vlan_next = 1'b0;
        has_qinq_next = 1'b0;
        outer_tci_next = '0;
        inner_tci_next = '0;
        ethertype_next = '0;
        l3_offset_next = '0;
        is_ipv4_next = 1'b0;
        is_ipv6_next = 1'b0;
        ip_hdr_len_next = '0;
        ip_src_next = '0;
        ip_dst_next = '0;
        ip_proto_next = '0;
        ext_cnt_next = '0;
        ip_fragment_next = 1'b0;
        l4_valid_next = 1'b0;
        l4_offset_next = '0;
        is_tcp_next = 1'b0;
        is_udp_next = 1'b0;
        sport_next = '0;
        dport_next = '0;
        truncated_next = 1'b0;
        parse_limit_next = 1'b0;
      end else begin
        if (beat_idx_reg != BUF_BEATS[BEAT_W-1:0]) beat_idx_next = beat_idx_reg + 1'b1;
        if (byte_cnt_reg <= 16'hffff - KEEP_WIDTH[LEN_W-1:0])
          byte_cnt_next = byte_cnt_reg + {{(LEN_W-KCNT_W){1'b0}}, keep_count(s_axis_tkeep)};
        else
          byte_cnt_next = 16'hffff;
      end
      frame_done_next = s_axis_tlast;
    end
  end

  wire [BEAT_W-1:0] wr_beat = accept_first ? '0 : beat_idx_reg;
  wire unused_ok = &{1'b0, hdr_buf_reg[95:0], cur_plus4[1:0], l3w[479:320], cur_reg[1:0], l3_byte6[7:6]};

  always_ff @(posedge clk) begin
    if (out_free) begin
      out_valid_reg <= s_axis_tvalid && cap_ok;
      out_data_reg <= s_axis_tdata;
      out_keep_reg <= s_axis_tkeep;
      out_last_reg <= s_axis_tlast;
      out_user_reg <= s_axis_tuser;
    end

    if (accept) begin
      for (int b = 0; b < BUF_BEATS; b++)
        if (wr_beat == b[BEAT_W-1:0]) hdr_buf_reg[b*DATA_WIDTH +: DATA_WIDTH] <= s_axis_tdata;
    end

    state_reg <= state_next;
    beat_idx_reg <= beat_idx_next;
    byte_cnt_reg <= byte_cnt_next;
    frame_done_reg <= frame_done_next;
    cur_reg <= cur_next;
    nh_reg <= nh_next;
    has_vlan_reg <= has_vlan_next;
    has_qinq_reg <= has_qinq_next;
    outer_tci_reg <= outer_tci_next;
    inner_tci_reg <= inner_tci_next;
    ethertype_reg <= ethertype_next;
    l3_offset_reg <= l3_offset_next;
    is_ipv4_reg <= is_ipv4_next;
    is_ipv6_reg <= is_ipv6_next;
    ip_hdr_len_reg <= ip_hdr_len_next;
    ip_src_reg <= ip_src_next;
    ip_dst_reg <= ip_dst_next;
    ip_proto_reg <= ip_proto_next;
    ext_cnt_reg <= ext_cnt_next;
    ip_fragment_reg <= ip_fragment_next;
    l4_valid_reg <= l4_valid_next;
    l4_offset_reg <= l4_offset_next;
    is_tcp_reg <= is_tcp_next;
    is_udp_reg <= is_udp_next;
    sport_reg <= sport_next;
    dport_reg <= dport_next;
    truncated_reg <= truncated_next;
    parse_limit_reg <= parse_limit_next;

    if (rst) begin
      out_valid_reg <= 1'b0;
      state_reg <= ST_IDLE;
      beat_idx_reg <= '0;
      byte_cnt_reg <= '0;
      frame_done_reg <= 1'b1;
    end
  end

endmodule

`resetall
