// SPDX-License-Identifier: MIT
`resetall
`timescale 1ns / 1ps
`default_nettype none

/*
 * Receive-side scaling: hash type, Toeplitz hash and queue of a frame from
 * its parser metadata (svnic_parser m_meta_* fields).
 *
 * Hash type (m_rss_hash_type) and tuple, first match:
 *   1 IPV4      is_ipv4 and hash_enable[0]:  src, dst (8 bytes)
 *   2 TCP_IPV4  is_ipv4, is_tcp, hash_enable[1]: src, dst, sport, dport (12)
 *   3 UDP_IPV4  is_ipv4, is_udp, hash_enable[2]: as TCP_IPV4
 *   4 IPV6      is_ipv6 and hash_enable[3]: src, dst (32 bytes)
 *   5 TCP_IPV6  is_ipv6, is_tcp, hash_enable[4]: src, dst, sport, dport (36)
 *   6 UDP_IPV6  is_ipv6, is_udp, hash_enable[5]: as TCP_IPV6
 *   0 NONE      anything else (non-IP, or its types disabled): hash 0
 * where the L4 types are tried before the IP-only type of the same family
 * (the parser clears is_tcp / is_udp for fragments, which therefore hash as
 * IP only). Fields go into the tuple in network byte order.
 *
 * Queue: hashed frames take entry hash[6:0] of a 128-entry indirection
 * table, others default_queue. The table is written through ind_wr_*; it
 * starts all zero. The 40-byte key is written through key_wr_* (word a
 * holds key bytes 4a..4a+3, byte 4a in [7:0]) and resets to the key
 * Microsoft documents for RSS verification
 * (6d5a56da 255b0ec2 4167253d 43a38fb0 d0ca2bcb ae7b30b4 77cb2da3 8030f20c
 * 6a42b73b beac01fa). Change the key or the table only while no metadata is
 * in flight.
 *
 * Pipeline: a record accepted on s_meta appears on m_rss three cycles later
 * (Toeplitz partial sums, hash, table lookup); one record per cycle. The
 * pipeline stalls as a whole while m_rss is valid and not ready
 * (s_meta_ready = !m_rss_valid || m_rss_ready).
 */
module svnic_rss #(
  parameter int QUEUE_W = 8,   // queue index width (1..16)
  parameter int USER_W  = 16   // sideband carried from s_meta to m_rss (a frame tag)
) (
  input  wire                clk,
  input  wire                rst,

  /* configuration */
  input  wire                key_wr_en,
  input  wire [3:0]          key_wr_addr,     // key word 0..9
  input  wire [31:0]         key_wr_data,
  input  wire                ind_wr_en,
  input  wire [6:0]          ind_wr_addr,
  input  wire [QUEUE_W-1:0]  ind_wr_data,
  input  wire [5:0]          hash_enable,     // IPV4, TCP_IPV4, UDP_IPV4, IPV6, TCP_IPV6, UDP_IPV6
  input  wire [QUEUE_W-1:0]  default_queue,   // queue of frames without a hash

  /* parser metadata */
  input  wire                s_meta_valid,
  output wire                s_meta_ready,
  input  wire                s_meta_is_ipv4,
  input  wire                s_meta_is_ipv6,
  input  wire                s_meta_is_tcp,
  input  wire                s_meta_is_udp,
  input  wire [127:0]        s_meta_ip_src,   // IPv4 in [31:0], network order as numbers
  input  wire [127:0]        s_meta_ip_dst,
  input  wire [15:0]         s_meta_l4_src_port,
  input  wire [15:0]         s_meta_l4_dst_port,
  input  wire [USER_W-1:0]   s_meta_user,

  /* result */
  output wire                m_rss_valid,
  input  wire                m_rss_ready,
  output wire [31:0]         m_rss_hash,
  output wire [2:0]          m_rss_hash_type,
  output wire [QUEUE_W-1:0]  m_rss_queue,
  output wire [USER_W-1:0]   m_rss_user
);

  localparam logic [2:0] HT_NONE = 3'd0;
  localparam logic [2:0] HT_IPV4 = 3'd1;
  localparam logic [2:0] HT_TCP_IPV4 = 3'd2;
  localparam logic [2:0] HT_UDP_IPV4 = 3'd3;
  localparam logic [2:0] HT_IPV6 = 3'd4;
  localparam logic [2:0] HT_TCP_IPV6 = 3'd5;
  localparam logic [2:0] HT_UDP_IPV6 = 3'd6;
  // default key, byte 0 in [7:0]
  localparam logic [319:0] DEFAULT_KEY =
    320'hfa01acbe3bb7426a0cf23080a32dcb77b4307baecb2bcad0b08fa3433d256741c20e5b25da565a6d;

  initial begin
    if (QUEUE_W < 1 || QUEUE_W > 16) $error("QUEUE_W must be 1..16 (%m)");
    if (USER_W < 1) $error("USER_W must be at least 1 (%m)");
  end

  logic [319:0] key_reg = DEFAULT_KEY;
  logic [QUEUE_W-1:0] ind_table [0:127];

  initial begin
    for (int i = 0; i < 128; i++) ind_table[i] = '0;
  end

  logic out_valid_reg = 1'b0;
  logic [31:0] out_hash_reg = '0;
  logic [2:0] out_type_reg = HT_NONE;
  logic [QUEUE_W-1:0] out_queue_reg = '0;
  logic [USER_W-1:0] out_user_reg = '0;

  wire ce = !out_valid_reg || m_rss_ready;
  assign s_meta_ready = ce;
  assign m_rss_valid = out_valid_reg;
  assign m_rss_hash = out_hash_reg;
  assign m_rss_hash_type = out_type_reg;
  assign m_rss_queue = out_queue_reg;
  assign m_rss_user = out_user_reg;

  /* hash type and tuple */
  logic [2:0] htype;
  logic [287:0] tuple;
  logic [5:0] tuple_len;
  always_comb begin
    htype = HT_NONE;
    if (s_meta_is_ipv4) begin
      if (s_meta_is_tcp && hash_enable[1]) htype = HT_TCP_IPV4;
      else if (s_meta_is_udp && hash_enable[2]) htype = HT_UDP_IPV4;
      else if (hash_enable[0]) htype = HT_IPV4;
    end else if (s_meta_is_ipv6) begin
      if (s_meta_is_tcp && hash_enable[4]) htype = HT_TCP_IPV6;
      else if (s_meta_is_udp && hash_enable[5]) htype = HT_UDP_IPV6;
      else if (hash_enable[3]) htype = HT_IPV6;
    end

    tuple = '0;
    tuple_len = '0;
    case (htype)
      HT_IPV4, HT_TCP_IPV4, HT_UDP_IPV4: begin
        for (int i = 0; i < 4; i++) begin
          tuple[8*i +: 8] = s_meta_ip_src[31-8*i -: 8];
          tuple[8*(4+i) +: 8] = s_meta_ip_dst[31-8*i -: 8];
        end
        tuple[8*8 +: 32] = {s_meta_l4_dst_port[7:0], s_meta_l4_dst_port[15:8],
                            s_meta_l4_src_port[7:0], s_meta_l4_src_port[15:8]};
        tuple_len = htype == HT_IPV4 ? 6'd8 : 6'd12;
      end
      HT_IPV6, HT_TCP_IPV6, HT_UDP_IPV6: begin
        for (int i = 0; i < 16; i++) begin
          tuple[8*i +: 8] = s_meta_ip_src[127-8*i -: 8];
          tuple[8*(16+i) +: 8] = s_meta_ip_dst[127-8*i -: 8];
        end
        tuple[8*32 +: 32] = {s_meta_l4_dst_port[7:0], s_meta_l4_dst_port[15:8],
                             s_meta_l4_src_port[7:0], s_meta_l4_src_port[15:8]};
        tuple_len = htype == HT_IPV6 ? 6'd32 : 6'd36;
      end
      default: begin
      end
    endcase
  end

  wire hash_valid;
  wire [31:0] hash;
  wire [USER_W+2:0] hash_user;

  svnic_rss_toeplitz #(
    .TUPLE_BYTES(36),
    .USER_W(USER_W + 3)
  ) toeplitz_inst (
    .clk(clk),
    .rst(rst),
    .ce(ce),
    .key(key_reg),
    .in_valid(s_meta_valid),
    .in_tuple(tuple),
    .in_len(tuple_len),
    .in_user({htype, s_meta_user}),
    .out_valid(hash_valid),
    .out_hash(hash),
    .out_user(hash_user)
  );

  wire [2:0] hash_type = hash_user[USER_W +: 3];
  wire [QUEUE_W-1:0] table_queue = ind_table[hash[6:0]];

  always_ff @(posedge clk) begin
    if (key_wr_en) begin
      for (int w = 0; w < 10; w++)
        if (key_wr_addr == w[3:0]) key_reg[32*w +: 32] <= key_wr_data;
    end
    if (ind_wr_en) ind_table[ind_wr_addr] <= ind_wr_data;

    if (ce) begin
      out_valid_reg <= hash_valid;
      out_hash_reg <= hash;
      out_type_reg <= hash_type;
      out_queue_reg <= hash_type == HT_NONE ? default_queue : table_queue;
      out_user_reg <= hash_user[USER_W-1:0];
    end

    if (rst) begin
      key_reg <= DEFAULT_KEY;
      out_valid_reg <= 1'b0;
    end
  end

endmodule

`resetall
