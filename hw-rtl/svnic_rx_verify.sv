// SPDX-License-Identifier: MIT
`resetall
`timescale 1ns / 1ps
`default_nettype none

/*
 * RX checksum stage in front of the VIF RX buffers: every frame the switch
 * hands to VIFs (from the wire or hairpinned from another VIF) leaves with
 * its TCP/UDP checksum verdict on the last beat (svnic_csum_rx: 0 not
 * checked, 1 OK, 2 bad), which the RX buffer stores with the frame.
 *
 * svnic_csum_rx wants the L3/L4 offsets with a frame's first beat, but
 * svnic_parser knows them only after it has seen the headers (up to
 * PARSE_BYTES + 16 bytes into the frame, and a few walk cycles later). So
 * the stream is forked at the input: each beat goes both into the parser
 * (whose own passthrough output is not used) and into a data FIFO of
 * FIFO_BEATS beats; the parser's records go into a small record FIFO. The
 * head of the data FIFO enters svnic_csum_rx only together with its
 * frame's record, which is popped with the frame's last beat. The data
 * FIFO never holds beats of an earlier frame still waiting for a record
 * (the parser emits a frame's record before it takes the next frame), so
 * it deadlocks only if one frame's header bytes do not fit: FIFO_BEATS must
 * cover PARSE_BYTES + 16 bytes (checked below). tdest (the destination
 * VIFs) travels in the data FIFO and is registered beside csum_rx's output
 * stage; the output has no back-pressure (RX buffers always take a beat).
 *
 * Throughput: one beat per cycle inside a frame, and csum_rx and the join
 * never stall. The parser takes a frame's first beat only once the record
 * of the previous frame has gone and its last beat has arrived, so between
 * frames it can hold the input for a few cycles (about 4 after a one-beat
 * IPv4/TCP frame, 5 plus one per extension header for IPv6). The switch in
 * front spends about 7 cycles on each frame's forwarding lookup, so at
 * this width the parser's gap is hidden behind it; a datapath without that
 * gap would need a parser that overlaps frames. Latency: the first beat
 * leaves when its frame's record is ready (up to about PARSE_BYTES / 8 + 8
 * cycles for deep headers, 4..6 for plain IPv4/TCP) plus one cycle.
 *
 * RSS: the parser's record also passes through svnic_rss (three pipeline
 * stages, one record per cycle) on its way into the record FIFO, so each
 * frame's Toeplitz hash and hash type leave with its last beat too. One
 * key for the card, the one svnic_rss resets to (no queue is chosen: a VIF
 * has one RX queue), every hash type enabled.
 */
module svnic_rx_verify #(
  parameter int NUM_VIFS    = 4,    // destination VIFs (tdest bits)
  parameter int PARSE_BYTES = 128,  // parser header window (power of two, 128..1024)
  parameter int FIFO_BEATS  = 32    // data FIFO (power of two, >= (PARSE_BYTES + 16) / 8 + 1)
) (
  input  wire                   clk,
  input  wire                   rst,

  /* frames from the switch */
  input  wire [63:0]            s_axis_tdata,
  input  wire [7:0]             s_axis_tkeep,
  input  wire                   s_axis_tvalid,
  output wire                   s_axis_tready,
  input  wire                   s_axis_tlast,
  input  wire                   s_axis_tuser,      // abort (RX buffers drop the frame)
  input  wire [NUM_VIFS-1:0]    s_axis_tdest,      // destination VIFs

  /* frames to the RX buffers (always accepted), verdict with tlast */
  output wire [63:0]            m_axis_tdata,
  output wire [7:0]             m_axis_tkeep,
  output wire [NUM_VIFS-1:0]    m_axis_tvalid,     // one per RX buffer
  output wire                   m_axis_tlast,
  output wire                   m_axis_tuser,
  output wire [1:0]             m_axis_csum_status,
  output wire [31:0]            m_axis_rss_hash,   // with tlast
  output wire [2:0]             m_axis_rss_type    // with tlast (svnic_rss hash types)
);

  localparam int OFF_W = $clog2(PARSE_BYTES);
  localparam int D_W = 64 + 8 + 1 + 1 + NUM_VIFS;  // data FIFO entry
  localparam int C_W = 2 + OFF_W + OFF_W + 2;      // what csum_rx needs of a record
  localparam int M_W = 3 + 32 + C_W;               // record FIFO entry: RSS type, hash, C_W

  initial begin
    if (FIFO_BEATS < (PARSE_BYTES + 16) / 8 + 1 || (FIFO_BEATS & (FIFO_BEATS - 1)) != 0)
      $error("FIFO_BEATS must be a power of two >= (PARSE_BYTES + 16) / 8 + 1 (%m)");
  end

  /* fork: a beat is taken when both the parser and the data FIFO can */
  wire p_ready, d_s_ready;
  assign s_axis_tready = p_ready && d_s_ready;

  wire m_valid, m_ready_p;
  wire rss_valid, rss_ready;
  wire [31:0] rss_hash;
  wire [2:0] rss_type;
  wire [C_W-1:0] rss_user;
  wire rss_queue_unused;
  wire is_ipv4, is_ipv6, is_tcp, is_udp, l4_valid;
  wire [4:0] l3_offset;
  wire [OFF_W-1:0] l4_offset;
  wire [63:0] p_tdata_unused;
  wire [7:0] p_tkeep_unused;
  wire p_tvalid_unused, p_tlast_unused, p_tuser_unused;
  wire p_has_vlan, p_has_qinq, p_frag, p_trunc, p_limit;
  wire [11:0] p_ovid, p_ivid;
  wire [2:0] p_opcp, p_ipcp, p_ext;
  wire [15:0] p_etype, p_sport, p_dport;
  wire [5:0] p_hlen;
  wire [127:0] p_src, p_dst;
  wire [7:0] p_proto;

  svnic_parser #(
    .DATA_WIDTH(64),
    .PARSE_BYTES(PARSE_BYTES)
  ) parser_inst (
    .clk(clk), .rst(rst),
    .s_axis_tdata(s_axis_tdata), .s_axis_tkeep(s_axis_tkeep), .s_axis_tvalid(s_axis_tvalid && d_s_ready),
    .s_axis_tready(p_ready), .s_axis_tlast(s_axis_tlast), .s_axis_tuser(s_axis_tuser),
    .m_axis_tdata(p_tdata_unused), .m_axis_tkeep(p_tkeep_unused), .m_axis_tvalid(p_tvalid_unused),
    .m_axis_tready(1'b1), .m_axis_tlast(p_tlast_unused), .m_axis_tuser(p_tuser_unused),
    .m_meta_valid(m_valid), .m_meta_ready(m_ready_p),
    .m_meta_has_vlan(p_has_vlan), .m_meta_has_qinq(p_has_qinq),
    .m_meta_vlan_outer_vid(p_ovid), .m_meta_vlan_outer_pcp(p_opcp),
    .m_meta_vlan_inner_vid(p_ivid), .m_meta_vlan_inner_pcp(p_ipcp),
    .m_meta_ethertype(p_etype), .m_meta_l3_offset(l3_offset),
    .m_meta_is_ipv4(is_ipv4), .m_meta_is_ipv6(is_ipv6), .m_meta_ip_hdr_len(p_hlen),
    .m_meta_ip_src(p_src), .m_meta_ip_dst(p_dst), .m_meta_ip_proto(p_proto),
    .m_meta_ip_ext_count(p_ext), .m_meta_ip_fragment(p_frag),
    .m_meta_l4_offset_valid(l4_valid), .m_meta_l4_offset(l4_offset),
    .m_meta_is_tcp(is_tcp), .m_meta_is_udp(is_udp),
    .m_meta_l4_src_port(p_sport), .m_meta_l4_dst_port(p_dport),
    .m_meta_truncated(p_trunc), .m_meta_parse_limit(p_limit)
  );

  /* data FIFO */
  wire [D_W-1:0] d_out;
  wire d_m_valid;
  logic d_m_ready;
  wire [$clog2(FIFO_BEATS):0] d_count_unused;

  svnic_fifo #(
    .WIDTH(D_W),
    .DEPTH(FIFO_BEATS)
  ) data_fifo (
    .clk(clk), .rst(rst),
    .s_data({s_axis_tdest, s_axis_tuser, s_axis_tlast, s_axis_tkeep, s_axis_tdata}),
    .s_valid(s_axis_tvalid && p_ready),
    .s_ready(d_s_ready),
    .m_data(d_out),
    .m_valid(d_m_valid),
    .m_ready(d_m_ready),
    .count(d_count_unused)
  );

  /* record FIFO: what csum_rx needs, in its encoding */
  wire [1:0] rec_l3 = is_ipv4 ? 2'd1 : is_ipv6 ? 2'd2 : 2'd0;
  wire [1:0] rec_l4 = !l4_valid ? 2'd0 : is_tcp ? 2'd1 : is_udp ? 2'd2 : 2'd0;
  wire [M_W-1:0] r_out;
  wire r_m_valid;
  logic r_m_ready;
  wire [2:0] r_count_unused;

  svnic_fifo #(
    .WIDTH(M_W),
    .DEPTH(4)
  ) rec_fifo (
    .clk(clk), .rst(rst),
    .s_data({rss_type, rss_hash, rss_user}),
    .s_valid(rss_valid),
    .s_ready(rss_ready),
    .m_data(r_out),
    .m_valid(r_m_valid),
    .m_ready(r_m_ready),
    .count(r_count_unused)
  );

  svnic_rss #(
    .QUEUE_W(1),
    .USER_W(C_W)
  ) rss_inst (
    .clk(clk), .rst(rst),
    .key_wr_en(1'b0), .key_wr_addr(4'd0), .key_wr_data(32'd0),
    .ind_wr_en(1'b0), .ind_wr_addr(7'd0), .ind_wr_data(1'b0),
    .hash_enable(6'h3f), .default_queue(1'b0),
    .s_meta_valid(m_valid), .s_meta_ready(m_ready_p),
    .s_meta_is_ipv4(is_ipv4), .s_meta_is_ipv6(is_ipv6), .s_meta_is_tcp(is_tcp), .s_meta_is_udp(is_udp),
    .s_meta_ip_src(p_src), .s_meta_ip_dst(p_dst),
    .s_meta_l4_src_port(p_sport), .s_meta_l4_dst_port(p_dport),
    .s_meta_user({rec_l3, OFF_W'(l3_offset), l4_offset, rec_l4}),
    .m_rss_valid(rss_valid), .m_rss_ready(rss_ready),
    .m_rss_hash(rss_hash), .m_rss_hash_type(rss_type), .m_rss_queue(rss_queue_unused), .m_rss_user(rss_user)
  );

  /* join */
  wire [63:0] j_data = d_out[63:0];
  wire [7:0] j_keep = d_out[71:64];
  wire j_last = d_out[72];
  wire j_user = d_out[73];
  wire [NUM_VIFS-1:0] j_dest = d_out[74 +: NUM_VIFS];
  wire c_ready;
  wire j_valid = d_m_valid && r_m_valid;
  wire j_fire = j_valid && c_ready;
  always_comb begin
    d_m_ready = r_m_valid && c_ready;
    r_m_ready = d_m_valid && c_ready && j_last;
  end

  wire c_valid;
  svnic_csum_rx #(
    .DATA_WIDTH(64),
    .OFF_W(OFF_W)
  ) csum_inst (
    .clk(clk), .rst(rst),
    .s_axis_tdata(j_data), .s_axis_tkeep(j_keep), .s_axis_tvalid(j_valid), .s_axis_tready(c_ready),
    .s_axis_tlast(j_last), .s_axis_tuser(j_user),
    .s_axis_l3_type(r_out[C_W-1 -: 2]), .s_axis_l3_offset(r_out[2 + OFF_W +: OFF_W]),
    .s_axis_l4_offset(r_out[2 +: OFF_W]), .s_axis_l4_proto(r_out[1:0]),
    .m_axis_tdata(m_axis_tdata), .m_axis_tkeep(m_axis_tkeep), .m_axis_tvalid(c_valid),
    .m_axis_tready(1'b1), .m_axis_tlast(m_axis_tlast), .m_axis_tuser(m_axis_tuser),
    .m_axis_csum_status(m_axis_csum_status)
  );

  // csum_rx's output register loads exactly on j_fire; tdest follows it
  logic [NUM_VIFS-1:0] dest_reg = '0;
  logic [34:0] rss_reg = '0;
  always_ff @(posedge clk) begin
    if (j_fire) begin
      dest_reg <= j_dest;
      rss_reg <= r_out[C_W +: 35];
    end
  end
  assign m_axis_rss_hash = rss_reg[31:0];
  assign m_axis_rss_type = rss_reg[34:32];
  assign m_axis_tvalid = c_valid ? dest_reg : '0;

  wire unused_ok = &{1'b0, p_tdata_unused, p_tkeep_unused, p_tvalid_unused, p_tlast_unused, p_tuser_unused,
                     p_has_vlan, p_has_qinq, p_frag, p_trunc, p_limit, p_ovid, p_ivid, p_opcp, p_ipcp, p_ext,
                     p_etype, p_hlen, p_proto, d_count_unused, r_count_unused, rss_queue_unused};

endmodule

`resetall
