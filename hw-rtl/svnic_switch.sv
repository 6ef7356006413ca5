// SPDX-License-Identifier: MIT
`resetall
`timescale 1ns / 1ps
`default_nettype none

/*
 * Switch: frame-level round-robin arbitration between the TX path (frames
 * sent by VIFs) and the wire RX port, a forwarding-table lookup per frame
 * (svnic_fdb: (MAC, VLAN) -> VIFs, VLAN membership, broadcast/multicast
 * replication, promiscuous and all-multicast VIFs), then one registered
 * stage that writes the beats into every destination RX buffer in parallel
 * and, when the frame goes to the wire, to the Ethernet TX port.
 *
 * A frame from VIF s is switched on the VLAN of s (its ATTR); a frame from
 * the wire on VLAN 0: 802.1Q tags are not parsed, a tagged wire frame is
 * treated as untagged and delivered unchanged. Frames leave to the wire as
 * the VIF sent them (no tag is added).
 *
 * The lookup takes the destination MAC from the first beat while that beat
 * waits at the input (AXI-Stream keeps it stable), so each frame costs the
 * lookup latency (about 7 cycles) before its first beat moves; the table
 * evaluates up to 32 VIFs a cycle (CHUNK), so a build of more VIFs takes
 * one more cycle per further 32 (one result beat per chunk, collected into
 * the frame's destination mask).
 *
 * The RX side (one stream, tdest = the mask of destination VIFs, towards
 * the RX checksum stage and the RX buffers) and the Ethernet TX port both
 * back-pressure. A beat bound for both is offered to both and stays in the
 * output register until each has taken it (a side that took it first is
 * not offered it again), so neither side's tvalid depends on a tready.
 * Wire frames with tuser on the last beat, shorter than 14 bytes or longer
 * than MAX_FRAME_BYTES are aborted (tuser to the RX buffers) and counted as drop_err; this takes
 * precedence over the lookup's drop reasons (drop_novif: unicast no VIF
 * takes; drop_nomember: group address with no member on VLAN 0).
 */
module svnic_switch #(
  parameter int NUM_VIFS    = 4,    // VIFs (2..MAX_VIFS)
  parameter int FDB_ENTRIES = 256,  // forwarding table entries (power of two, >= 2 * FDB_WAYS)
  parameter int FDB_WAYS    = 4,    // ways per table bucket (power of two, 2..16)
  parameter int MAX_FRAME_BYTES = 1518, // longer wire frames are aborted (14..65534)
  parameter int VIF_W       = $clog2(NUM_VIFS),     // VIF number width (derived)
  parameter int FDB_IDX_W   = $clog2(FDB_ENTRIES)   // table index width (derived)
) (
  input  wire                   clk,
  input  wire                   rst,

  /* forwarding table and VIF attributes (firmware writes, svnic_fdb ports) */
  output wire                   fdb_init_busy,
  input  wire                   tbl_wr_en,
  input  wire [FDB_IDX_W-1:0]   tbl_wr_index,
  input  wire                   tbl_wr_valid,
  input  wire [47:0]            tbl_wr_mac,
  input  wire [11:0]            tbl_wr_vlan,
  input  wire [VIF_W-1:0]       tbl_wr_vif,
  output wire                   tbl_wr_err,
  input  wire                   vif_wr_en,
  input  wire [VIF_W-1:0]       vif_wr_vif,
  input  wire                   vif_wr_enable,
  input  wire [11:0]            vif_wr_vlan,
  input  wire                   vif_wr_promisc,
  input  wire                   vif_wr_allmulti,

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

  /* to the RX buffers */
  output wire [63:0]            m_axis_rx_tdata,
  output wire [7:0]             m_axis_rx_tkeep,
  output wire                   m_axis_rx_tvalid,
  input  wire                   m_axis_rx_tready,
  output wire [NUM_VIFS-1:0]    m_axis_rx_tdest,   // destination VIFs, one bit each
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
  output wire                   stat_wire_rx_drop_nomember,
  output wire                   stat_wire_rx_drop_err,
  output wire                   stat_wire_tx_frame,
  output wire                   stat_tx_drop_srcdis
);

  // svnic_fdb wants a power-of-two VIF count: VIFs past NUM_VIFS never
  // become members (their attributes stay disabled)
  localparam int FDB_VIFS = 1 << VIF_W;
  // 32 VIFs a cycle at most: the table's attribute RAM has two byte lanes
  // per VIF of a chunk, and Verilator unrolls at most 64 of them
  localparam int CHUNK = FDB_VIFS < 32 ? FDB_VIFS : 32;
  localparam int NCH = FDB_VIFS / CHUNK;
  localparam int CH_W = NCH > 1 ? $clog2(NCH) : 1;

  localparam logic [1:0] DROP_NOMEMBER = 2'd2;
  localparam logic [1:0] DROP_UNKNOWN = 2'd1;
  localparam logic [1:0] DROP_SRCDIS = 2'd3;

  initial begin
    if (NUM_VIFS < 2 || NUM_VIFS > svnic_regs_pkg::MAX_VIFS) $error("NUM_VIFS must be 2..MAX_VIFS (%m)");
    if (MAX_FRAME_BYTES < 14 || MAX_FRAME_BYTES > 65534) $error("MAX_FRAME_BYTES must be 14..65534 (%m)");
  end

  // arbitration state
  logic lk_busy_reg = 1'b0;    // lookup issued for the frame waiting at the input
  logic in_frame_reg = 1'b0;   // lookup done, forwarding the frame's beats
  logic sel_wire_reg = 1'b0;   // source of the current frame
  logic last_wire_reg = 1'b0;  // source of the previous frame
  logic [FDB_VIFS-1:0] mask_reg = '0;
  logic wire_reg = 1'b0;
  logic [1:0] drop_reg = 2'd0;
  logic [15:0] len_reg = '0;   // bytes so far, saturating above MAX_FRAME_BYTES

  // output stage
  logic [63:0] o_data_reg = '0;
  logic [7:0] o_keep_reg = '0;
  logic o_valid_reg = 1'b0;
  logic o_last_reg = 1'b0;
  logic o_abort_reg = 1'b0;
  logic [NUM_VIFS-1:0] o_mask_reg = '0;
  logic o_wire_reg = 1'b0;
  logic o_from_wire_reg = 1'b0;
  logic [1:0] o_drop_reg = 2'd0;

  logic o_rx_sent_reg = 1'b0;   // the RX side took the beat in the register
  logic o_eth_sent_reg = 1'b0;  // the Ethernet TX port took it
  wire o_to_rx = o_mask_reg != '0;
  wire o_rx_v = o_valid_reg && o_to_rx && !o_rx_sent_reg;
  wire o_eth_v = o_valid_reg && o_wire_reg && !o_eth_sent_reg;
  wire o_ready = (!o_to_rx || o_rx_sent_reg || m_axis_rx_tready) &&
                 (!o_wire_reg || o_eth_sent_reg || m_axis_eth_tx_tready);
  wire out_free = !o_valid_reg || o_ready;

  // source selection: free only between frames, before the lookup
  logic sel_wire;
  always_comb begin
    if (in_frame_reg || lk_busy_reg) sel_wire = sel_wire_reg;
    else if (s_axis_tx_tvalid && s_axis_wire_tvalid) sel_wire = !last_wire_reg;
    else sel_wire = s_axis_wire_tvalid;
  end

  wire [63:0] in_data = sel_wire ? s_axis_wire_tdata : s_axis_tx_tdata;
  wire [7:0] in_keep = sel_wire ? s_axis_wire_tkeep : s_axis_tx_tkeep;
  wire in_valid = sel_wire ? s_axis_wire_tvalid : s_axis_tx_tvalid;
  wire in_last = sel_wire ? s_axis_wire_tlast : s_axis_tx_tlast;
  wire in_ready = in_frame_reg && out_free;
  wire in_fire = in_valid && in_ready;

  assign s_axis_tx_tready = in_ready && !sel_wire;
  assign s_axis_wire_tready = in_ready && sel_wire;

  // ------------------------------------------------------------ lookup
  wire req_valid = !in_frame_reg && !lk_busy_reg && in_valid;
  wire req_ready;
  wire req_fire = req_valid && req_ready;
  wire res_valid;
  wire [CHUNK-1:0] res_mask;
  wire res_last, res_to_wire;
  wire [1:0] res_drop;
  wire [11:0] res_vlan;
  wire [CH_W-1:0] res_chunk;
  wire [31:0] fdb_cnt_unknown, fdb_cnt_nomember, fdb_cnt_srcdis;

  svnic_fdb #(
    .ENTRIES(FDB_ENTRIES),
    .WAYS(FDB_WAYS),
    .NUM_VIFS(FDB_VIFS),
    .CHUNK(CHUNK)
  ) fdb_inst (
    .clk(clk), .rst(rst),
    .init_busy(fdb_init_busy),
    .tbl_wr_en(tbl_wr_en), .tbl_wr_index(tbl_wr_index), .tbl_wr_valid(tbl_wr_valid),
    .tbl_wr_mac(tbl_wr_mac), .tbl_wr_vlan(tbl_wr_vlan), .tbl_wr_vif(tbl_wr_vif), .tbl_wr_err(tbl_wr_err),
    .vif_wr_en(vif_wr_en), .vif_wr_vif(vif_wr_vif), .vif_wr_enable(vif_wr_enable), .vif_wr_vlan(vif_wr_vlan),
    .vif_wr_promisc(vif_wr_promisc), .vif_wr_allmulti(vif_wr_allmulti),
    .s_req_valid(req_valid), .s_req_ready(req_ready),
    .s_req_dst_mac(in_data[47:0]), .s_req_src_wire(sel_wire), .s_req_src_vif(s_axis_tx_tid),
    .s_req_vlan(12'd0),
    .m_res_valid(res_valid), .m_res_ready(1'b1),
    .m_res_chunk(res_chunk), .m_res_mask(res_mask), .m_res_last(res_last),
    .m_res_to_wire(res_to_wire), .m_res_drop(res_drop), .m_res_vlan(res_vlan),
    .cnt_drop_unknown(fdb_cnt_unknown), .cnt_drop_nomember(fdb_cnt_nomember), .cnt_drop_srcdis(fdb_cnt_srcdis)
  );

  // The drop counters are kept per frame below instead, where an errored
  // wire frame counts once, as an error.
  wire unused_res = &{1'b0, res_vlan, fdb_cnt_unknown, fdb_cnt_nomember, fdb_cnt_srcdis,
                      mask_reg[FDB_VIFS-1:NUM_VIFS-1]};

  logic [3:0] keep_cnt;
  always_comb begin
    keep_cnt = 4'd0;
    for (int i = 0; i < 8; i++) keep_cnt = keep_cnt + {3'd0, in_keep[i]};
  end
  localparam logic [16:0] MF17 = 17'(MAX_FRAME_BYTES);
  wire [16:0] len_sum = {1'b0, len_reg} + {13'd0, keep_cnt};
  wire [15:0] len_next = len_sum > MF17 ? MF17[15:0] + 16'd1 : len_sum[15:0];
  wire in_abort = sel_wire && in_last && (s_axis_wire_tuser || len_sum < 17'd14 || len_sum > MF17);

  always_ff @(posedge clk) begin
    if (o_valid_reg && o_ready) o_valid_reg <= 1'b0;
    if (o_valid_reg && !o_ready) begin
      if (o_rx_v && m_axis_rx_tready) o_rx_sent_reg <= 1'b1;
      if (o_eth_v && m_axis_eth_tx_tready) o_eth_sent_reg <= 1'b1;
    end else begin
      o_rx_sent_reg <= 1'b0;
      o_eth_sent_reg <= 1'b0;
    end

    if (req_fire) begin
      lk_busy_reg <= 1'b1;
      sel_wire_reg <= sel_wire;
    end
    if (lk_busy_reg && res_valid) begin
      mask_reg[32'(res_chunk) * CHUNK +: CHUNK] <= res_mask;
      if (res_last) begin
        lk_busy_reg <= 1'b0;
        in_frame_reg <= 1'b1;
        wire_reg <= res_to_wire;
        drop_reg <= res_drop;
      end
    end

    if (in_fire) begin
      o_valid_reg <= 1'b1;
      o_data_reg <= in_data;
      o_keep_reg <= in_keep;
      o_last_reg <= in_last;
      o_abort_reg <= in_abort;
      o_mask_reg <= mask_reg[NUM_VIFS-1:0];
      o_wire_reg <= wire_reg;
      o_from_wire_reg <= sel_wire;
      o_drop_reg <= drop_reg;
      if (in_last) begin
        in_frame_reg <= 1'b0;
        last_wire_reg <= sel_wire;
        len_reg <= '0;
      end else begin
        len_reg <= len_next;
      end
    end

    if (rst) begin
      lk_busy_reg <= 1'b0;
      in_frame_reg <= 1'b0;
      sel_wire_reg <= 1'b0;
      last_wire_reg <= 1'b0;
      len_reg <= '0;
      o_valid_reg <= 1'b0;
      o_rx_sent_reg <= 1'b0;
      o_eth_sent_reg <= 1'b0;
    end
  end

  wire o_fire = o_valid_reg && o_ready;

  assign m_axis_rx_tdata = o_data_reg;
  assign m_axis_rx_tkeep = o_keep_reg;
  assign m_axis_rx_tvalid = o_rx_v;
  assign m_axis_rx_tdest = o_mask_reg;
  assign m_axis_rx_tlast = o_last_reg;
  assign m_axis_rx_tuser = o_abort_reg;

  assign m_axis_eth_tx_tdata = o_data_reg;
  assign m_axis_eth_tx_tkeep = o_keep_reg;
  assign m_axis_eth_tx_tvalid = o_eth_v;
  assign m_axis_eth_tx_tlast = o_last_reg;

  wire o_end = o_fire && o_last_reg;
  assign stat_wire_rx_frame = o_end && o_from_wire_reg;
  assign stat_wire_rx_drop_err = o_end && o_from_wire_reg && o_abort_reg;
  assign stat_wire_rx_drop_novif = o_end && o_from_wire_reg && !o_abort_reg && o_drop_reg == DROP_UNKNOWN;
  assign stat_wire_rx_drop_nomember = o_end && o_from_wire_reg && !o_abort_reg && o_drop_reg == DROP_NOMEMBER;
  assign stat_wire_tx_frame = o_end && o_wire_reg;
  assign stat_tx_drop_srcdis = o_end && !o_from_wire_reg && o_drop_reg == DROP_SRCDIS;

endmodule

`resetall
