// SPDX-License-Identifier: MIT
`resetall
`timescale 1ns / 1ps
`default_nettype none

/*
 * Forwarding database: the switch classifier at production depth.
 *
 * For every frame (a lookup request: destination MAC, source, and for frames
 * from the wire their VLAN id) it produces the set of VIFs that receive the
 * frame, whether it goes to the wire, and why it is dropped if it goes
 * nowhere.
 *
 * VLANs. Every VIF is an access port on one VLAN id (0 = untagged). A frame
 * from VIF s belongs to the VLAN of s; a frame from the wire belongs to the
 * VLAN id of its tag (the caller passes 0 for an untagged or priority-tagged
 * frame). A VIF is a member of VLAN L when it is enabled and its VLAN id is
 * L. Only members of the frame's VLAN other than the sender receive it.
 *
 * Exact-match table: (MAC, VLAN) -> VIF, ENTRIES entries in BUCKETS =
 * ENTRIES / WAYS buckets of WAYS ways. Each way is one RAM of BUCKETS words
 * of 61 + VIF_W bits (block RAM, or distributed RAM when shallow: at 256
 * entries and 4 ways each way is 64 words), all ways of a bucket are read in
 * the same cycle and compared in parallel: WAYS 60-bit comparators instead
 * of ENTRIES.
 *   bucket(mac, vlan) = crc16(key)[BKT_W-1:0], where key = {vlan, mac} is 60
 *   bits (mac byte 0, the first on the wire, in mac[7:0]) and crc16 is
 *   CRC-16/CCITT (polynomial 0x1021, initial value 0xffff, no reflection, no
 *   final xor) over the key bits from bit 59 down to bit 0.
 * Firmware mirrors this function, keeps a shadow of the table and writes
 * entry index = bucket * WAYS + way. A write of a valid entry whose key does
 * not hash to the bucket of its index is refused (tbl_wr_err pulses, nothing
 * is written); a write with valid = 0 always clears the entry. A bucket with
 * all WAYS ways in use is full: firmware cannot add a key that hashes there;
 * it refuses the address or falls back (for a unicast address, promiscuous
 * mode on that VIF; for a multicast address, all-multicast), as drivers do
 * when a filter overflows.
 * A key may appear in several ways of its bucket (one per VIF): every hit
 * counts, which is how a multicast group reaches up to WAYS subscribers.
 * A hit on a VIF that is not a member of the entry's VLAN is ignored.
 *
 * Rules, for the members of the frame's VLAN except the sender:
 *   broadcast   every member;
 *   multicast   members with all-multicast or promiscuous set, and members
 *               hit by a table entry for (MAC, VLAN);
 *   unicast     members hit by a table entry, and promiscuous members.
 * From a VIF: group frames also go to the wire; a unicast frame goes to the
 * wire when it hits no member (unknown unicast), and only then. From the
 * wire: a frame no VIF receives is dropped, reason UNKNOWN (unicast) or
 * NOMEMBER (group). A frame from a disabled VIF goes nowhere (SRCDIS).
 *
 * Results. The VIF set is too wide to compute in one cycle for 256 VIFs (a
 * 12-bit VLAN comparator per VIF), so the per-VIF attributes live in a RAM
 * of NCH = NUM_VIFS / CHUNK words of CHUNK VIFs each, and every frame walks
 * all NCH words, one per cycle: a frame yields NCH result beats (chunk
 * number, CHUNK-bit mask of VIFs chunk*CHUNK + j), the last one flagged and
 * carrying to_wire and the drop reason. CHUNK is the throughput knob: NCH
 * cycles per frame (256 VIFs, CHUNK 32: 8 cycles, a minimum frame on a
 * 64-bit stream), CHUNK = NUM_VIFS gives one beat per frame.
 *
 * Pipeline: request -> source attributes read -> hash and bucket read ->
 * compare -> chunk walk (attribute read, mask) -> result register. Lookups
 * of consecutive frames overlap with the walk of the previous one; a new
 * request is accepted every NCH cycles at full rate. m_res_ready stalls the
 * whole pipeline (s_req_ready depends on it combinationally). A write is
 * seen by the lookups that read the RAM after the write cycle; a VIF
 * attribute write during a frame's walk may be seen by some of its chunks
 * only. After rst the RAMs are cleared (init_busy, for max(BUCKETS,
 * NUM_VIFS) cycles): writes and requests wait for it.
 */
module svnic_fdb #(
  parameter int ENTRIES  = 256,  // table entries (power of two, >= 2 * WAYS)
  parameter int WAYS     = 4,    // ways per bucket (power of two, 2..16)
  parameter int NUM_VIFS = 256,  // VIFs (power of two, 2..2048)
  parameter int CHUNK    = 32,   // VIFs evaluated per cycle (power of two, <= NUM_VIFS, <= 64)
  parameter int VIF_W    = $clog2(NUM_VIFS),  // VIF number width (derived)
  parameter int IDX_W    = $clog2(ENTRIES),   // entry index width (derived)
  parameter int NCH      = NUM_VIFS / CHUNK,  // chunks (derived)
  parameter int CH_W     = NCH > 1 ? $clog2(NCH) : 1  // chunk number width (derived)
) (
  input  wire              clk,
  input  wire              rst,
  output wire              init_busy,        // clearing the RAMs after reset

  /* table write port (firmware) */
  input  wire              tbl_wr_en,
  input  wire [IDX_W-1:0]  tbl_wr_index,     // bucket * WAYS + way
  input  wire              tbl_wr_valid,     // 0: clear the entry
  input  wire [47:0]       tbl_wr_mac,       // byte 0 in [7:0]
  input  wire [11:0]       tbl_wr_vlan,
  input  wire [VIF_W-1:0]  tbl_wr_vif,
  output wire              tbl_wr_err,       // cycle after: key not in that bucket, refused

  /* VIF attribute write port (firmware) */
  input  wire              vif_wr_en,
  input  wire [VIF_W-1:0]  vif_wr_vif,
  input  wire              vif_wr_enable,
  input  wire [11:0]       vif_wr_vlan,      // access VLAN id, 0 = untagged
  input  wire              vif_wr_promisc,
  input  wire              vif_wr_allmulti,

  /* lookup requests */
  input  wire              s_req_valid,
  output wire              s_req_ready,
  input  wire [47:0]       s_req_dst_mac,    // byte 0 in [7:0]
  input  wire              s_req_src_wire,   // 1: from the wire
  input  wire [VIF_W-1:0]  s_req_src_vif,    // sender when s_req_src_wire = 0
  input  wire [11:0]       s_req_vlan,       // VLAN id of a wire frame (0 = untagged)

  /* results: NCH beats per request, in order */
  output wire              m_res_valid,
  input  wire              m_res_ready,
  output wire [CH_W-1:0]   m_res_chunk,      // VIFs m_res_chunk * CHUNK + j
  output wire [CHUNK-1:0]  m_res_mask,       // bit j: that VIF receives the frame
  output wire              m_res_last,       // last beat of the frame's result
  output wire              m_res_to_wire,    // last beat: the frame goes to the wire
  output wire [1:0]        m_res_drop,       // last beat: 0 none, 1 UNKNOWN, 2 NOMEMBER, 3 SRCDIS
  output wire [11:0]       m_res_vlan,       // the frame's VLAN

  /* drop counters (wrap around) */
  output wire [31:0]       cnt_drop_unknown,
  output wire [31:0]       cnt_drop_nomember,
  output wire [31:0]       cnt_drop_srcdis
);

  localparam int BUCKETS = ENTRIES / WAYS;
  localparam int BKT_W = $clog2(BUCKETS);
  localparam int WAY_W = $clog2(WAYS);
  localparam int LOG_CHUNK = $clog2(CHUNK);
  localparam int ENT_W = 1 + 12 + 48 + VIF_W;       // {vif, vlan, mac, valid}
  localparam int ENT_BYTES = (ENT_W + 7) / 8;
  localparam int ATTR_WORDS = NCH < 2 ? 2 : NCH;    // the RAM needs two words
  localparam int ATTR_AW = $clog2(ATTR_WORDS);
  localparam int INIT_N = BUCKETS > NUM_VIFS ? BUCKETS : NUM_VIFS;
  localparam int INIT_W = $clog2(INIT_N) + 1;

  localparam logic [1:0] DROP_NONE = 2'd0;
  localparam logic [1:0] DROP_UNKNOWN = 2'd1;
  localparam logic [1:0] DROP_NOMEMBER = 2'd2;
  localparam logic [1:0] DROP_SRCDIS = 2'd3;

  initial begin
    if (WAYS < 2 || WAYS > 16 || (WAYS & (WAYS - 1)) != 0) $error("WAYS must be a power of two 2..16 (%m)");
    if (ENTRIES < 2 * WAYS || (ENTRIES & (ENTRIES - 1)) != 0) $error("ENTRIES must be a power of two >= 2 * WAYS (%m)");
    if (BUCKETS > 65536) $error("at most 65536 buckets: the hash has 16 bits (%m)");
    if (NUM_VIFS < 2 || NUM_VIFS > 2048 || (NUM_VIFS & (NUM_VIFS - 1)) != 0) $error("NUM_VIFS must be a power of two 2..2048 (%m)");
    if (CHUNK < 1 || CHUNK > 64 || CHUNK > NUM_VIFS || (CHUNK & (CHUNK - 1)) != 0) $error("CHUNK must be a power of two <= min(64, NUM_VIFS) (%m)");
  end

  // CRC-16/CCITT of {vlan, mac}, most significant key bit first (see above)
  function automatic [15:0] fdb_hash(input [47:0] mac, input [11:0] vlan);
    logic [59:0] key;
    logic fb;
    key = {vlan, mac};
    fdb_hash = 16'hffff;
    for (int i = 59; i >= 0; i--) begin
      fb = fdb_hash[15] ^ key[i];
      fdb_hash = {fdb_hash[14:0], 1'b0} ^ (fb ? 16'h1021 : 16'h0000);
    end
  endfunction

  /* ---- reset sweep ---- */

  logic init_reg = 1'b1;
  logic [INIT_W-1:0] init_cnt_reg = '0;

  assign init_busy = init_reg;

  always_ff @(posedge clk) begin
    if (init_reg) begin
      init_cnt_reg <= init_cnt_reg + 1'b1;
      if (init_cnt_reg == INIT_W'(INIT_N - 1)) init_reg <= 1'b0;
    end
    if (rst) begin
      init_reg <= 1'b1;
      init_cnt_reg <= '0;
    end
  end

  /* ---- firmware writes ---- */

  wire [15:0] wr_hash = fdb_hash(tbl_wr_mac, tbl_wr_vlan);
  wire wr_bucket_ok = wr_hash[BKT_W-1:0] == tbl_wr_index[IDX_W-1:WAY_W];
  wire tbl_wr_do = !init_reg && tbl_wr_en && (!tbl_wr_valid || wr_bucket_ok);
  wire [ENT_W-1:0] tbl_wr_entry = tbl_wr_valid ? {tbl_wr_vif, tbl_wr_vlan, tbl_wr_mac, 1'b1} : '0;
  wire vif_wr_do = !init_reg && vif_wr_en;

  logic tbl_wr_err_reg = 1'b0;
  assign tbl_wr_err = tbl_wr_err_reg;

  always_ff @(posedge clk) begin
    tbl_wr_err_reg <= !init_reg && tbl_wr_en && tbl_wr_valid && !wr_bucket_ok;
    if (rst) tbl_wr_err_reg <= 1'b0;
  end

  wire unused_hash = &{1'b0, wr_hash[15:BKT_W]};

  /* ---- pipeline control ---- */

  // the result register drives everything: the walk moves when it can take a
  // beat, the front end when the walk takes its frame
  logic out_valid_reg = 1'b0;
  logic w1_valid_reg = 1'b0;
  logic [CH_W-1:0] w1_c_reg = '0;
  logic s1_valid_reg = 1'b0;
  logic s2_valid_reg = 1'b0;

  wire adv = !out_valid_reg || m_res_ready;
  wire w1_at_last = w1_c_reg == CH_W'(NCH - 1);
  wire w1_take = !w1_valid_reg || w1_at_last;
  wire fe_adv = !init_reg && (!s2_valid_reg || (adv && w1_take));
  wire req_fire = s_req_valid && fe_adv;

  assign s_req_ready = fe_adv;

  /* ---- stage 0 -> 1: source VIF attributes ---- */

  // {3'b0, enable, vlan}
  wire [15:0] src_attr;

  svnic_sdp_ram #(
    .WORDS(NUM_VIFS),
    .BYTES(2)
  ) src_attr_ram (
    .clk(clk),
    .wr_addr(init_reg ? init_cnt_reg[VIF_W-1:0] : vif_wr_vif),
    .wr_data(init_reg ? 16'd0 : {3'd0, vif_wr_enable, vif_wr_vlan}),
    .wr_be((init_reg && init_cnt_reg < INIT_W'(NUM_VIFS)) || vif_wr_do ? 2'b11 : 2'b00),
    .rd_en(fe_adv),
    .rd_addr(s_req_src_vif),
    .rd_data(src_attr)
  );

  logic [47:0] s1_mac_reg = '0;
  logic s1_src_wire_reg = 1'b0;
  logic [VIF_W-1:0] s1_src_vif_reg = '0;
  logic [11:0] s1_wvlan_reg = '0;

  wire [11:0] s1_vlan = s1_src_wire_reg ? s1_wvlan_reg : src_attr[11:0];
  wire s1_src_dis = !s1_src_wire_reg && !src_attr[12];
  wire [15:0] s1_hash = fdb_hash(s1_mac_reg, s1_vlan);
  wire unused_attr = &{1'b0, src_attr[15:13], s1_hash[15:BKT_W]};

  /* ---- stage 1 -> 2: bucket read, one RAM per way ---- */

  wire [ENT_BYTES*8-1:0] way_rd [0:WAYS-1];

  for (genvar w = 0; w < WAYS; w++) begin : g_way
    svnic_sdp_ram #(
      .WORDS(BUCKETS),
      .BYTES(ENT_BYTES)
    ) way_ram (
      .clk(clk),
      .wr_addr(init_reg ? init_cnt_reg[BKT_W-1:0] : tbl_wr_index[IDX_W-1:WAY_W]),
      .wr_data(init_reg ? {(ENT_BYTES*8){1'b0}} : {{(ENT_BYTES*8-ENT_W){1'b0}}, tbl_wr_entry}),
      .wr_be(((init_reg && init_cnt_reg < INIT_W'(BUCKETS)) ||
              (tbl_wr_do && tbl_wr_index[WAY_W-1:0] == WAY_W'(w))) ? {ENT_BYTES{1'b1}} : {ENT_BYTES{1'b0}}),
      .rd_en(fe_adv),
      .rd_addr(s1_hash[BKT_W-1:0]),
      .rd_data(way_rd[w])
    );
  end

  logic [47:0] s2_mac_reg = '0;
  logic s2_src_wire_reg = 1'b0;
  logic [VIF_W-1:0] s2_src_vif_reg = '0;
  logic [11:0] s2_vlan_reg = '0;
  logic s2_src_dis_reg = 1'b0;

  // compare the ways
  wire [WAYS-1:0] s2_hit;
  wire [VIF_W-1:0] s2_hit_vif [0:WAYS-1];

  for (genvar w = 0; w < WAYS; w++) begin : g_cmp
    assign s2_hit[w] = way_rd[w][0] && way_rd[w][48:1] == s2_mac_reg && way_rd[w][60:49] == s2_vlan_reg;
    assign s2_hit_vif[w] = way_rd[w][ENT_W-1:61];
  end

  always_ff @(posedge clk) begin
    if (fe_adv) begin
      s1_valid_reg <= req_fire;
      s1_mac_reg <= s_req_dst_mac;
      s1_src_wire_reg <= s_req_src_wire;
      s1_src_vif_reg <= s_req_src_vif;
      s1_wvlan_reg <= s_req_vlan;
      s2_valid_reg <= s1_valid_reg;
      s2_mac_reg <= s1_mac_reg;
      s2_src_wire_reg <= s1_src_wire_reg;
      s2_src_vif_reg <= s1_src_vif_reg;
      s2_vlan_reg <= s1_vlan;
      s2_src_dis_reg <= s1_src_dis;
    end
    if (rst) begin
      s1_valid_reg <= 1'b0;
      s2_valid_reg <= 1'b0;
    end
  end

  /* ---- walk: one chunk of VIF attributes per cycle ---- */

  // frame context of the walk (w1) and of the chunk being evaluated (w2)
  logic w1_src_wire_reg = 1'b0;
  logic [VIF_W-1:0] w1_src_vif_reg = '0;
  logic [11:0] w1_vlan_reg = '0;
  logic w1_src_dis_reg = 1'b0;
  logic w1_bcast_reg = 1'b0;
  logic w1_group_reg = 1'b0;
  logic [WAYS-1:0] w1_hit_reg = '0;
  logic [VIF_W-1:0] w1_hit_vif_reg [0:WAYS-1];

  logic w2_valid_reg = 1'b0;
  logic [CH_W-1:0] w2_c_reg = '0;
  logic w2_last_reg = 1'b0;
  logic w2_src_wire_reg = 1'b0;
  logic [VIF_W-1:0] w2_src_vif_reg = '0;
  logic [11:0] w2_vlan_reg = '0;
  logic w2_src_dis_reg = 1'b0;
  logic w2_bcast_reg = 1'b0;
  logic w2_group_reg = 1'b0;
  logic [WAYS-1:0] w2_hit_reg = '0;
  logic [VIF_W-1:0] w2_hit_vif_reg [0:WAYS-1];

  initial begin
    for (int w = 0; w < WAYS; w++) begin
      w1_hit_vif_reg[w] = '0;
      w2_hit_vif_reg[w] = '0;
    end
  end

  always_ff @(posedge clk) begin
    if (adv) begin
      if (w1_take) begin
        w1_valid_reg <= s2_valid_reg;
        w1_c_reg <= '0;
        w1_src_wire_reg <= s2_src_wire_reg;
        w1_src_vif_reg <= s2_src_vif_reg;
        w1_vlan_reg <= s2_vlan_reg;
        w1_src_dis_reg <= s2_src_dis_reg;
        w1_bcast_reg <= s2_mac_reg == 48'hffff_ffff_ffff;
        w1_group_reg <= s2_mac_reg[0];
        w1_hit_reg <= s2_hit;
        for (int w = 0; w < WAYS; w++) w1_hit_vif_reg[w] <= s2_hit_vif[w];
      end else begin
        w1_c_reg <= w1_c_reg + 1'b1;
      end
      w2_valid_reg <= w1_valid_reg;
      w2_c_reg <= w1_c_reg;
      w2_last_reg <= w1_at_last;
      w2_src_wire_reg <= w1_src_wire_reg;
      w2_src_vif_reg <= w1_src_vif_reg;
      w2_vlan_reg <= w1_vlan_reg;
      w2_src_dis_reg <= w1_src_dis_reg;
      w2_bcast_reg <= w1_bcast_reg;
      w2_group_reg <= w1_group_reg;
      w2_hit_reg <= w1_hit_reg;
      for (int w = 0; w < WAYS; w++) w2_hit_vif_reg[w] <= w1_hit_vif_reg[w];
    end
    if (rst) begin
      w1_valid_reg <= 1'b0;
      w1_c_reg <= '0;
      w2_valid_reg <= 1'b0;
    end
  end

  // chunk attributes: VIF j of a word in [j*16 +: 16] = {enable, promisc, allmulti, 1'b0, vlan}
  wire [CHUNK*16-1:0] chunk_attr;
  wire [ATTR_AW-1:0] wr_chunk = ATTR_AW'(vif_wr_vif >> LOG_CHUNK);
  wire [VIF_W-1:0] wr_slot = vif_wr_vif & VIF_W'(CHUNK - 1);
  logic [CHUNK*2-1:0] chunk_be;

  always_comb begin
    chunk_be = '0;
    if (init_reg) begin
      if (init_cnt_reg < INIT_W'(NCH)) chunk_be = '1;
    end else if (vif_wr_do) begin
      for (int j = 0; j < CHUNK; j++) begin
        if (wr_slot == VIF_W'(j)) chunk_be[j*2 +: 2] = 2'b11;
      end
    end
  end

  svnic_sdp_ram #(
    .WORDS(ATTR_WORDS),
    .BYTES(CHUNK * 2)
  ) chunk_attr_ram (
    .clk(clk),
    .wr_addr(init_reg ? init_cnt_reg[ATTR_AW-1:0] : wr_chunk),
    .wr_data(init_reg ? {(CHUNK*16){1'b0}}
                      : {CHUNK{vif_wr_enable, vif_wr_promisc, vif_wr_allmulti, 1'b0, vif_wr_vlan}}),
    .wr_be(chunk_be),
    .rd_en(adv),
    .rd_addr(ATTR_AW'(w1_c_reg)),
    .rd_data(chunk_attr)
  );

  // the chunk's mask
  wire [CHUNK-1:0] dest;
  wire [CHUNK-1:0] hit_member;

  for (genvar j = 0; j < CHUNK; j++) begin : g_vif
    wire [VIF_W-1:0] v = (VIF_W'(w2_c_reg) << LOG_CHUNK) | VIF_W'(j);
    wire en = chunk_attr[j*16 + 15];
    wire pr = chunk_attr[j*16 + 14];
    wire am = chunk_attr[j*16 + 13];
    wire member = en && chunk_attr[j*16 +: 12] == w2_vlan_reg && !(!w2_src_wire_reg && w2_src_vif_reg == v);
    logic hit;

    always_comb begin
      hit = 1'b0;
      for (int w = 0; w < WAYS; w++) hit = hit | (w2_hit_reg[w] && w2_hit_vif_reg[w] == v);
    end

    assign hit_member[j] = member && hit;
    assign dest[j] = w2_src_dis_reg ? 1'b0 :
                     w2_bcast_reg ? member :
                     w2_group_reg ? member && (am || pr || hit) :
                     member && (pr || hit);
  end

  wire unused_pad = &{1'b0, chunk_attr};

  /* ---- result register and counters ---- */

  logic [CH_W-1:0] out_chunk_reg = '0;
  logic [CHUNK-1:0] out_mask_reg = '0;
  logic out_last_reg = 1'b0;
  logic out_to_wire_reg = 1'b0;
  logic [1:0] out_drop_reg = DROP_NONE;
  logic [11:0] out_vlan_reg = '0;
  logic acc_dest_reg = 1'b0;   // a VIF receives the frame (chunks so far)
  logic acc_hit_reg = 1'b0;    // a member is hit by the table (chunks so far)
  logic [31:0] cnt_unknown_reg = '0;
  logic [31:0] cnt_nomember_reg = '0;
  logic [31:0] cnt_srcdis_reg = '0;

  assign m_res_valid = out_valid_reg;
  assign m_res_chunk = out_chunk_reg;
  assign m_res_mask = out_mask_reg;
  assign m_res_last = out_last_reg;
  assign m_res_to_wire = out_to_wire_reg;
  assign m_res_drop = out_drop_reg;
  assign m_res_vlan = out_vlan_reg;
  assign cnt_drop_unknown = cnt_unknown_reg;
  assign cnt_drop_nomember = cnt_nomember_reg;
  assign cnt_drop_srcdis = cnt_srcdis_reg;

  wire first_chunk = w2_c_reg == '0;
  wire acc_dest_next = (!first_chunk && acc_dest_reg) || dest != '0;
  wire acc_hit_next = (!first_chunk && acc_hit_reg) || hit_member != '0;
  wire to_wire = !w2_src_dis_reg && !w2_src_wire_reg && (w2_group_reg || !acc_hit_next);
  logic [1:0] drop;

  always_comb begin
    drop = DROP_NONE;
    if (w2_src_dis_reg) drop = DROP_SRCDIS;
    else if (w2_src_wire_reg && !acc_dest_next) drop = w2_group_reg ? DROP_NOMEMBER : DROP_UNKNOWN;
  end

  always_ff @(posedge clk) begin
    if (adv) begin
      out_valid_reg <= w2_valid_reg;
      out_chunk_reg <= w2_c_reg;
      out_mask_reg <= dest;
      out_last_reg <= w2_last_reg;
      out_to_wire_reg <= w2_last_reg && to_wire;
      out_drop_reg <= w2_last_reg ? drop : DROP_NONE;
      out_vlan_reg <= w2_vlan_reg;
      if (w2_valid_reg) begin
        acc_dest_reg <= acc_dest_next;
        acc_hit_reg <= acc_hit_next;
        if (w2_last_reg) begin
          if (drop == DROP_UNKNOWN) cnt_unknown_reg <= cnt_unknown_reg + 1'b1;
          if (drop == DROP_NOMEMBER) cnt_nomember_reg <= cnt_nomember_reg + 1'b1;
          if (drop == DROP_SRCDIS) cnt_srcdis_reg <= cnt_srcdis_reg + 1'b1;
        end
      end
    end
    if (rst) begin
      out_valid_reg <= 1'b0;
      acc_dest_reg <= 1'b0;
      acc_hit_reg <= 1'b0;
      cnt_unknown_reg <= '0;
      cnt_nomember_reg <= '0;
      cnt_srcdis_reg <= '0;
    end
  end

endmodule

`resetall
