// SPDX-License-Identifier: MIT
`resetall
`timescale 1ns / 1ps
`default_nettype none

/*
 * Control registers of both windows (offsets: svnic_regs_pkg).
 *
 * Host window: identification, build registers, mailbox (lock, status,
 * doorbell, command and response areas) and queue doorbells. Firmware
 * window: identification, build registers,
 * mailbox pending/complete, doorbells pending (DB_WORD: one read-and-clear
 * word per 32 queues, DB_PENDING its word 0, DB_SUMMARY a bit per word that
 * has any; a doorbell in the same cycle as the read stays pending),
 * RX_READY (RX_READY_WORD: a word per 32 VIFs, RX_READY its word 0,
 * RX_READY_SUMMARY a bit per word that has any), IRQ_RAISE, the wire
 * and per-VIF counters, the forwarding table's write port (FDB_*: an entry
 * staged in FDB_MAC_LO/HI and FDB_ENTRY, stored by writing its index to
 * FDB_WRITE) and the per-VIF attributes (ATTR: VLAN, enable, promiscuous,
 * all-multicast). Both reach svnic_fdb one cycle after the register write;
 * while the table clears after reset it ignores them. FDB_STATUS bit0 is
 * set while the table clears and while a table write is being checked, so
 * bit1 (the last write was refused) is final once bit0 reads 0.
 *
 * Counters are 64 bits. Reading a *_LO register latches the high half in a
 * shadow; a following read of the matching *_HI returns the shadow until another *_LO is read
 * (a *_HI whose *_LO was not the last *_LO read returns the live half).
 * Unmapped addresses: reads return 0 with an error, writes are ignored with
 * an error (SLVERR in svnic_axil_regif). Byte strobes apply to the mailbox
 * areas; other writes act on any strobe and take the whole word.
 * Reads have one cycle of latency (registered mailbox RAMs).
 * IRQ_RAISE passes vectors below NUM_VIFS * (QUEUES_PER_VIF + 1) (queue
 * and configuration vectors) on to the vector table (svnic_irq_regs, which
 * also answers the table's host registers); others are ignored.
 * Checksum offload and RSS: per VIF, RX_HEAD_META (the head frame's
 * checksum verdict and RSS hash type), RX_HEAD_HASH (its RSS hash) and
 * TX_CSUM_REFUSED (a 64-bit counter like the others).
 * Shared RX buffer (svnic_rx_pktbuf): the RXB_* registers and per-VIF RXB
 * blocks. Its per-VIF counters (RX_FRAMES, RX_DROP_FULL, RXB DROP_QUOTA,
 * DROP_TOOLONG) live in its counter RAM, read through its stat port
 * (stat_vif/stat_sel, asynchronous) in the same cycle as the register;
 * QUOTA writes go straight to it, and it keeps the quotas.
 * Per-VIF blocks (both the VIF_BASE block and the RXB one) answer at two
 * places: at the *_VIFX_BASE offsets for every VIF (register map 2.7),
 * and at the older bases for VIFs below FW_LEGACY_VIFS. The per-VIF
 * counters and attributes kept here sit in LUT RAM (svnic_vif_table),
 * cleared over NUM_VIFS cycles after reset; FDB_STATUS bit0 covers that
 * time too (ATTR writes then are lost, as the forwarding table's are).
 * The head frame's length and metadata come from svnic_rx_stage for the
 * VIF of the read address (rx_head_vif), in the same cycle.
 */
module svnic_ctrl_regs #(
  parameter int NUM_VIFS       = 4,  // VIFs (2..MAX_VIFS)
  parameter int QUEUES_PER_VIF = 2,  // virtqueues per VIF (NUM_VIFS * QUEUES_PER_VIF <= MAX_QUEUES)
  parameter int RX_LEN_W       = 15, // RX frame length width
  parameter int RX_META_W      = 37, // RX frame metadata: {RSS type[2:0], RSS hash[31:0], checksum[1:0]}
  parameter int FDB_ENTRIES    = 256, // forwarding table entries (reported in FDB_GEOMETRY)
  parameter int FDB_WAYS       = 4,  // ways per table bucket (reported in FDB_GEOMETRY)
  parameter int DATA_W         = 64, // datapath stream width in bits (reported in DATA_WIDTH)
  parameter int TXBUF_BYTES    = 2048,  // TX assembly buffer (reported in TXBUF_BYTES)
  parameter int RXBUF_BYTES    = 65536, // shared RX buffer (reported in RXBUF_BYTES)
  parameter int RXB_CELL_BYTES = 64,    // its cell size (reported in RXB_CELL_BYTES)
  parameter int RXB_FRAMES_MAX = 256,   // frames a VIF may hold in it (reported in RXB_FRAMES_MAX)
  parameter int MAX_FRAME_BYTES = 1518, // largest frame carried (reported in MAX_FRAME)
  parameter int FDB_IDX_W      = $clog2(FDB_ENTRIES),           // derived
  parameter int VIF_W          = $clog2(NUM_VIFS),              // derived
  parameter int NQ             = NUM_VIFS * QUEUES_PER_VIF,     // derived
  parameter int NVEC           = NQ + NUM_VIFS,                 // derived: queue and configuration vectors
  parameter int NVEC_W         = $clog2(NVEC),                  // derived
  parameter int DBW            = (NQ + 31) / 32,                // derived: DB_WORD words
  parameter int RRW            = (NUM_VIFS + 31) / 32           // derived: RX_READY_WORD words
) (
  input  wire                         clk,
  input  wire                         rst,

  /* host window register port */
  input  wire                         h_wr_en,
  input  wire [15:0]                  h_wr_addr,
  input  wire [31:0]                  h_wr_data,
  input  wire [3:0]                   h_wr_strb,
  output logic                        h_wr_err,
  input  wire                         h_rd_en,
  input  wire [15:0]                  h_rd_addr,
  output wire [31:0]                  h_rd_data,
  output wire                         h_rd_err,

  /* firmware window register port */
  input  wire                         f_wr_en,
  input  wire [15:0]                  f_wr_addr,
  input  wire [31:0]                  f_wr_data,
  input  wire [3:0]                   f_wr_strb,
  output logic                        f_wr_err,
  input  wire                         f_rd_en,
  input  wire [15:0]                  f_rd_addr,
  output wire [31:0]                  f_rd_data,
  output wire                         f_rd_err,

  /* forwarding table write port and VIF attributes (to svnic_fdb) */
  input  wire                         fdb_init_busy,
  output wire                         tbl_wr_en,
  output wire [FDB_IDX_W-1:0]         tbl_wr_index,
  output wire                         tbl_wr_valid,
  output wire [47:0]                  tbl_wr_mac,
  output wire [11:0]                  tbl_wr_vlan,
  output wire [VIF_W-1:0]             tbl_wr_vif,
  input  wire                         tbl_wr_err,
  output wire                         vif_wr_en,
  output wire [VIF_W-1:0]             vif_wr_vif,
  output wire                         vif_wr_enable,
  output wire [11:0]                  vif_wr_vlan,
  output wire                         vif_wr_promisc,
  output wire                         vif_wr_allmulti,

  /* RX buffer state */
  input  wire [NUM_VIFS-1:0]          rx_ready,
  output wire [VIF_W-1:0]             rx_head_vif,    // the VIF of the read address
  input  wire [RX_LEN_W-1:0]          rx_head_len,    // its head frame (0: none)
  input  wire [RX_META_W-1:0]         rx_head_meta,

  /* shared RX buffer: quotas, state, per-VIF counters, frame events */
  input  wire                         rxb_init_busy,
  output wire                         rxb_quota_wr_en,
  output wire [VIF_W-1:0]             rxb_quota_wr_vif,
  output wire [31:0]                  rxb_quota_wr_cells,
  input  wire [31:0]                  rxb_free_cells,
  output wire [VIF_W-1:0]             rxb_stat_vif,
  output wire [1:0]                   rxb_stat_sel,   // 0 admitted, 1 QUOTA, 2 FULL, 3 TOOLONG
  input  wire [63:0]                  rxb_stat_count,
  input  wire [31:0]                  rxb_stat_frames,
  input  wire [31:0]                  rxb_stat_cells,
  input  wire [31:0]                  rxb_stat_quota,
  input  wire                         rxb_ev_valid,
  input  wire [VIF_W-1:0]             rxb_ev_vif,
  input  wire [15:0]                  rxb_ev_len,
  input  wire [1:0]                   rxb_ev_status,  // as rxb_stat_sel

  /* statistics events */
  input  wire                         stat_tx_valid,
  input  wire [VIF_W-1:0]             stat_tx_vif,
  input  wire [15:0]                  stat_tx_len,
  input  wire                         stat_wire_rx_frame,
  input  wire                         stat_wire_rx_drop_novif,
  input  wire                         stat_wire_rx_drop_nomember,
  input  wire                         stat_tx_drop_srcdis,
  input  wire                         stat_wire_rx_drop_err,
  input  wire                         stat_wire_tx_frame,
  input  wire                         stat_csum_refused,      // a TX checksum request refused
  input  wire [VIF_W-1:0]             stat_csum_refused_vif,  // by this VIF's frame

  /* interrupt raise */
  output wire                         irq_raise,
  output wire [NVEC_W-1:0]            irq_raise_vec
);

  localparam int MBW = svnic_regs_pkg::MBOX_WORDS;
  localparam int MB_AW = $clog2(MBW);
  localparam int STRIDE = svnic_regs_pkg::FW_VIF_STRIDE;
  localparam int EN_BIT = svnic_regs_pkg::VIF_ATTR_ENABLE_BIT;
  localparam int PR_BIT = svnic_regs_pkg::VIF_ATTR_PROMISC_BIT;
  localparam int AM_BIT = svnic_regs_pkg::VIF_ATTR_ALLMULTI_BIT;
  localparam int EV_SH = svnic_regs_pkg::FDB_ENTRY_VIF_SHIFT;
  localparam int EV_BIT = svnic_regs_pkg::FDB_ENTRY_VALID_BIT;
  localparam logic [31:0] FDB_GEO = (32'(FDB_WAYS) << 24) | 32'(FDB_ENTRIES);
  localparam logic [31:0] DW32 = DATA_W;
  localparam logic [31:0] TXB32 = TXBUF_BYTES;
  localparam logic [31:0] RXB32 = RXBUF_BYTES;
  localparam logic [31:0] MF32 = MAX_FRAME_BYTES;
  localparam int STRIDE_SH = $clog2(STRIDE);
  localparam logic [31:0] NV32 = NUM_VIFS;
  localparam logic [31:0] QPV32 = QUEUES_PER_VIF;
  localparam logic [31:0] NQ32 = NQ;
  localparam logic [31:0] MB_BYTES = 4 * MBW;
  localparam logic [31:0] H_CMD = svnic_regs_pkg::HOST_MBOX_CMD;
  localparam logic [31:0] H_RSP = svnic_regs_pkg::HOST_MBOX_RSP;
  localparam logic [31:0] H_DB = svnic_regs_pkg::HOST_QUEUE_DOORBELL;
  localparam logic [31:0] F_CMD = svnic_regs_pkg::FW_MBOX_CMD;
  localparam logic [31:0] F_RSP = svnic_regs_pkg::FW_MBOX_RSP;
  localparam logic [31:0] F_VIF = svnic_regs_pkg::FW_VIF_BASE;
  localparam logic [31:0] F_VIFX = svnic_regs_pkg::FW_VIFX_BASE;
  localparam logic [31:0] F_RXB_VIF = svnic_regs_pkg::FW_RXB_VIF_BASE;
  localparam logic [31:0] F_RXB_VIFX = svnic_regs_pkg::FW_RXB_VIFX_BASE;
  // VIFs whose blocks also answer at the older bases
  localparam logic [31:0] NLEG32 = NUM_VIFS < svnic_regs_pkg::FW_LEGACY_VIFS ? NUM_VIFS
                                                                             : svnic_regs_pkg::FW_LEGACY_VIFS;
  localparam logic [31:0] F_RRW = svnic_regs_pkg::FW_RX_READY_WORD;
  localparam logic [31:0] RRW32 = RRW;
  localparam int RXB_STRIDE = svnic_regs_pkg::FW_RXB_VIF_STRIDE;
  localparam int RXB_STRIDE_SH = $clog2(RXB_STRIDE);
  localparam logic [31:0] RXB_CB32 = RXB_CELL_BYTES;
  localparam logic [31:0] RXB_CELLS32 = RXBUF_BYTES / RXB_CELL_BYTES;
  localparam logic [31:0] RXB_FM32 = RXB_FRAMES_MAX;
  localparam logic [31:0] F_DBW = svnic_regs_pkg::FW_DB_WORD;
  localparam logic [31:0] DBW32 = DBW;
  localparam logic [DBW*32-1:0] DB_ONE = 1;

  initial begin
    if (NUM_VIFS < 2 || NUM_VIFS > svnic_regs_pkg::MAX_VIFS) $error("NUM_VIFS must be 2..MAX_VIFS (%m)");
    if (QUEUES_PER_VIF < 1 || NQ > svnic_regs_pkg::MAX_QUEUES)
      $error("NUM_VIFS * QUEUES_PER_VIF must be 1..MAX_QUEUES (%m)");
    if ((STRIDE & (STRIDE - 1)) != 0) $error("FW_VIF_STRIDE must be a power of two (%m)");
    if (FDB_ENTRIES >= (1 << 24) || FDB_WAYS > 255) $error("FDB_GEOMETRY cannot describe the table (%m)");
  end

  function automatic [31:0] apply_strb(input [31:0] old, input [31:0] val, input [3:0] strb);
    for (int i = 0; i < 4; i++) apply_strb[i*8 +: 8] = strb[i] ? val[i*8 +: 8] : old[i*8 +: 8];
  endfunction

  // ------------------------------------------------------------ state
  logic mbox_lock_reg = 1'b0;
  logic mbox_pending_reg = 1'b0;
  logic [1:0] mbox_status_reg = 2'b00;
  logic [DBW*32-1:0] db_pending_reg = '0;  // bits from NQ up stay 0
  // forwarding table write staging, and the attributes as last written
  // (read back from ATTR: the table's copy sits in RAM behind the datapath)
  logic [47:0] fdb_mac_reg = '0;
  logic [11:0] fdb_vlan_reg = '0;
  logic [VIF_W-1:0] fdb_vif_reg = '0;
  logic fdb_valid_reg = 1'b0;
  logic fdb_refused_reg = 1'b0;
  logic tbl_wr_en_reg = 1'b0;
  logic tbl_wr_chk_reg = 1'b0;                // svnic_fdb answers tbl_wr_err now
  logic [FDB_IDX_W-1:0] tbl_wr_index_reg = '0;
  logic vif_wr_en_reg = 1'b0;
  logic [VIF_W-1:0] vif_wr_vif_reg = '0;
  logic [15:0] vif_wr_attr_reg = '0;          // {enable, promisc, allmulti, 1'b0, vlan}

  logic [63:0] wire_rx_frames_reg = '0;
  logic [63:0] wire_rx_novif_reg = '0;
  logic [63:0] wire_rx_nomember_reg = '0;
  logic [63:0] tx_srcdis_reg = '0;
  logic [63:0] wire_rx_err_reg = '0;
  logic [63:0] wire_tx_frames_reg = '0;

  logic [31:0] shadow_reg = '0;
  logic [31:0] shadow_addr_reg = '0;

  logic [31:0] cmd_mem [0:MBW-1];
  logic [31:0] rsp_mem [0:MBW-1];

  assign tbl_wr_en = tbl_wr_en_reg;
  assign tbl_wr_index = tbl_wr_index_reg;
  assign tbl_wr_valid = fdb_valid_reg;
  assign tbl_wr_mac = fdb_mac_reg;
  assign tbl_wr_vlan = fdb_vlan_reg;
  assign tbl_wr_vif = fdb_vif_reg;
  assign vif_wr_en = vif_wr_en_reg;
  assign vif_wr_vif = vif_wr_vif_reg;
  assign vif_wr_enable = vif_wr_attr_reg[15];
  assign vif_wr_promisc = vif_wr_attr_reg[14];
  assign vif_wr_allmulti = vif_wr_attr_reg[13];
  assign vif_wr_vlan = vif_wr_attr_reg[11:0];

  // ------------------------------------------------------------ host decode
  wire [31:0] hwa = {16'd0, h_wr_addr[15:2], 2'b00};
  wire [31:0] hra = {16'd0, h_rd_addr[15:2], 2'b00};
  wire hw_cmd = hwa >= H_CMD && hwa < H_CMD + MB_BYTES;
  wire hw_rsp = hwa >= H_RSP && hwa < H_RSP + MB_BYTES;
  wire hw_db = hwa >= H_DB && hwa < H_DB + 4 * NQ32;
  wire [31:0] hw_db_idx = (hwa - H_DB) >> 2;
  wire [31:0] hw_mb_idx = hwa >> 2;
  wire hr_cmd = hra >= H_CMD && hra < H_CMD + MB_BYTES;
  wire hr_rsp = hra >= H_RSP && hra < H_RSP + MB_BYTES;
  wire hr_db = hra >= H_DB && hra < H_DB + 4 * NQ32;
  wire [31:0] hr_mb_idx = hra >> 2;

  wire hw_lock = hwa == svnic_regs_pkg::HOST_MBOX_LOCK;
  wire hw_doorbell = hwa == svnic_regs_pkg::HOST_MBOX_DOORBELL;
  wire hr_lock = hra == svnic_regs_pkg::HOST_MBOX_LOCK;

  // build registers: the same values in both windows, read-only (a write is
  // ignored without an error, as for ID)
  function automatic build_hit(input [31:0] a, input host);
    build_hit = (host ? (a == svnic_regs_pkg::HOST_DATA_WIDTH || a == svnic_regs_pkg::HOST_TXBUF_BYTES ||
                         a == svnic_regs_pkg::HOST_RXBUF_BYTES || a == svnic_regs_pkg::HOST_MAX_FRAME ||
                         a == svnic_regs_pkg::HOST_FDB_GEOMETRY)
                      : (a == svnic_regs_pkg::FW_DATA_WIDTH || a == svnic_regs_pkg::FW_TXBUF_BYTES ||
                         a == svnic_regs_pkg::FW_RXBUF_BYTES || a == svnic_regs_pkg::FW_MAX_FRAME ||
                         a == svnic_regs_pkg::FW_FDB_GEOMETRY));
  endfunction
  function automatic [31:0] build_val(input [31:0] a, input host);
    build_val = 32'd0;
    if (a == (host ? svnic_regs_pkg::HOST_DATA_WIDTH : svnic_regs_pkg::FW_DATA_WIDTH)) build_val = DW32;
    if (a == (host ? svnic_regs_pkg::HOST_TXBUF_BYTES : svnic_regs_pkg::FW_TXBUF_BYTES)) build_val = TXB32;
    if (a == (host ? svnic_regs_pkg::HOST_RXBUF_BYTES : svnic_regs_pkg::FW_RXBUF_BYTES)) build_val = RXB32;
    if (a == (host ? svnic_regs_pkg::HOST_MAX_FRAME : svnic_regs_pkg::FW_MAX_FRAME)) build_val = MF32;
    if (a == (host ? svnic_regs_pkg::HOST_FDB_GEOMETRY : svnic_regs_pkg::FW_FDB_GEOMETRY)) build_val = FDB_GEO;
  endfunction
  wire h_build = build_hit(hwa, 1'b1);
  wire hr_build = build_hit(hra, 1'b1);

  always_comb begin
    h_wr_err = 1'b1;
    if (hwa == svnic_regs_pkg::HOST_ID || hwa == svnic_regs_pkg::HOST_VERSION ||
        hwa == svnic_regs_pkg::HOST_NUM_VIFS || hwa == svnic_regs_pkg::HOST_QUEUES_PER_VIF ||
        h_build || hw_lock || hwa == svnic_regs_pkg::HOST_MBOX_STATUS || hw_doorbell ||
        hw_cmd || hw_rsp || hw_db)
      h_wr_err = 1'b0;
  end

  logic [31:0] h_rd_val;
  logic h_rd_bad;
  always_comb begin
    h_rd_val = 32'd0;
    h_rd_bad = 1'b0;
    if (hra == svnic_regs_pkg::HOST_ID) h_rd_val = svnic_regs_pkg::ID_MAGIC;
    else if (hra == svnic_regs_pkg::HOST_VERSION) h_rd_val = svnic_regs_pkg::REGMAP_VERSION;
    else if (hra == svnic_regs_pkg::HOST_NUM_VIFS) h_rd_val = NV32;
    else if (hra == svnic_regs_pkg::HOST_QUEUES_PER_VIF) h_rd_val = QPV32;
    else if (hr_build) h_rd_val = build_val(hra, 1'b1);
    else if (hr_lock) h_rd_val = {31'd0, !mbox_lock_reg};
    else if (hra == svnic_regs_pkg::HOST_MBOX_STATUS) h_rd_val = {30'd0, mbox_status_reg};
    else if (hra == svnic_regs_pkg::HOST_MBOX_DOORBELL || hr_db || hr_cmd || hr_rsp) h_rd_val = 32'd0;
    else h_rd_bad = 1'b1;
  end

  // ------------------------------------------------------------ firmware decode
  wire [31:0] fwa = {16'd0, f_wr_addr[15:2], 2'b00};
  wire [31:0] fra = {16'd0, f_rd_addr[15:2], 2'b00};
  wire fw_rsp = fwa >= F_RSP && fwa < F_RSP + MB_BYTES;
  wire fw_cmd = fwa >= F_CMD && fwa < F_CMD + MB_BYTES;
  wire [31:0] fw_mb_idx = fwa >> 2;
  wire fr_rsp = fra >= F_RSP && fra < F_RSP + MB_BYTES;
  wire fr_cmd = fra >= F_CMD && fra < F_CMD + MB_BYTES;
  wire [31:0] fr_mb_idx = fra >> 2;
  // a per-VIF block: {hit, VIF number} of an address, at the older base
  // (VIFs below NLEG32) or at the 2.7 one (every VIF); the bases are
  // stride-aligned, so the register inside is the address modulo the stride
  function automatic [32:0] vif_dec(input [31:0] a, input [31:0] base_l, input [31:0] base_x,
                                    input int sh);
    logic [31:0] il, ix;
    il = (a - base_l) >> sh;
    ix = (a - base_x) >> sh;
    vif_dec = {1'b0, 32'd0};
    if (a >= base_l && il < NLEG32) vif_dec = {1'b1, il};
    if (a >= base_x && ix < NV32) vif_dec = {1'b1, ix};
  endfunction
  wire [32:0] fw_vdec = vif_dec(fwa, F_VIF, F_VIFX, STRIDE_SH);
  wire [32:0] fr_vdec = vif_dec(fra, F_VIF, F_VIFX, STRIDE_SH);
  wire [31:0] fw_vidx = fw_vdec[31:0];
  wire [31:0] fw_vreg = fwa & (STRIDE - 1);
  wire fw_vif = fw_vdec[32];
  wire [31:0] fr_vidx = fr_vdec[31:0];
  wire [31:0] fr_vreg = fra & (STRIDE - 1);
  wire fr_vif = fr_vdec[32];
  wire [VIF_W-1:0] fw_v = fw_vidx[VIF_W-1:0];
  wire [VIF_W-1:0] fr_v = fr_vidx[VIF_W-1:0];
  wire [32:0] fw_rxb_dec = vif_dec(fwa, F_RXB_VIF, F_RXB_VIFX, RXB_STRIDE_SH);
  wire [32:0] fr_rxb_dec = vif_dec(fra, F_RXB_VIF, F_RXB_VIFX, RXB_STRIDE_SH);
  wire [31:0] fw_rxb_idx = fw_rxb_dec[31:0];
  wire [31:0] fw_rxb_reg = fwa & (RXB_STRIDE - 1);
  wire fw_rxb = fw_rxb_dec[32];
  wire [31:0] fr_rxb_idx = fr_rxb_dec[31:0];
  wire [31:0] fr_rxb_reg = fra & (RXB_STRIDE - 1);
  wire fr_rxb = fr_rxb_dec[32];
  assign rx_head_vif = fr_v;
  wire [15:0] attr_word = {f_wr_data[EN_BIT], f_wr_data[PR_BIT], f_wr_data[AM_BIT], 1'b0, f_wr_data[11:0]};

  wire fw_pending = fwa == svnic_regs_pkg::FW_MBOX_PENDING;
  wire fw_irq = fwa == svnic_regs_pkg::FW_IRQ_RAISE;
  wire fw_attr = fw_vif && fw_vreg == svnic_regs_pkg::FW_VIF_ATTR;
  wire fw_fdb_mac_lo = fwa == svnic_regs_pkg::FW_FDB_MAC_LO;
  wire fw_fdb_mac_hi = fwa == svnic_regs_pkg::FW_FDB_MAC_HI;
  wire fw_fdb_entry = fwa == svnic_regs_pkg::FW_FDB_ENTRY;
  wire fw_fdb_write = fwa == svnic_regs_pkg::FW_FDB_WRITE;
  // doorbell words: DB_PENDING is word 0
  wire fr_dbw = fra >= F_DBW && fra < F_DBW + 4 * DBW32;
  wire fw_dbw = fwa >= F_DBW && fwa < F_DBW + 4 * DBW32;
  wire fr_db = fra == svnic_regs_pkg::FW_DB_PENDING || fr_dbw;
  wire [31:0] fr_db_idx = fra == svnic_regs_pkg::FW_DB_PENDING ? 32'd0 : (fra - F_DBW) >> 2;
  logic [31:0] db_summary;
  logic [31:0] db_word;
  always_comb begin
    db_summary = '0;
    db_word = '0;
    for (int w = 0; w < DBW; w++) begin
      db_summary[w] = |db_pending_reg[w*32 +: 32];
      if (fr_db_idx == 32'(w)) db_word = db_pending_reg[w*32 +: 32];
    end
  end
  // RX_READY words: RX_READY is word 0
  wire fr_rrw = fra >= F_RRW && fra < F_RRW + 4 * RRW32;
  wire fw_rrw = fwa >= F_RRW && fwa < F_RRW + 4 * RRW32;
  wire fr_rr = fra == svnic_regs_pkg::FW_RX_READY || fr_rrw;
  wire [31:0] fr_rr_idx = fra == svnic_regs_pkg::FW_RX_READY ? 32'd0 : (fra - F_RRW) >> 2;
  logic [RRW*32-1:0] rr_bits;  // bits from NUM_VIFS up are 0
  logic [31:0] rr_summary;
  logic [31:0] rr_word;
  always_comb begin
    rr_bits = '0;
    rr_bits[NUM_VIFS-1:0] = rx_ready;
    rr_summary = '0;
    rr_word = '0;
    for (int w = 0; w < RRW; w++) begin
      rr_summary[w] = |rr_bits[w*32 +: 32];
      if (fr_rr_idx == 32'(w)) rr_word = rr_bits[w*32 +: 32];
    end
  end
  wire fw_quota = fw_rxb && fw_rxb_reg == svnic_regs_pkg::FW_RXB_VIF_QUOTA;
  wire fw_rxb_mapped = fw_quota ||
                       (fw_rxb && (fw_rxb_reg == svnic_regs_pkg::FW_RXB_VIF_CELLS ||
                                   fw_rxb_reg == svnic_regs_pkg::FW_RXB_VIF_FRAMES ||
                                   fw_rxb_reg == svnic_regs_pkg::FW_RXB_VIF_DROP_QUOTA_LO ||
                                   fw_rxb_reg == svnic_regs_pkg::FW_RXB_VIF_DROP_QUOTA_HI ||
                                   fw_rxb_reg == svnic_regs_pkg::FW_RXB_VIF_DROP_TOOLONG_LO ||
                                   fw_rxb_reg == svnic_regs_pkg::FW_RXB_VIF_DROP_TOOLONG_HI)) ||
                       fwa == svnic_regs_pkg::FW_RXB_CELL_BYTES || fwa == svnic_regs_pkg::FW_RXB_CELLS ||
                       fwa == svnic_regs_pkg::FW_RXB_FREE_CELLS || fwa == svnic_regs_pkg::FW_RXB_FRAMES_MAX ||
                       fwa == svnic_regs_pkg::FW_RXB_STATUS;

  // the shared buffer's stat port follows the read address
  assign rxb_stat_vif = fr_rxb ? fr_rxb_idx[VIF_W-1:0] : fr_vidx[VIF_W-1:0];
  assign rxb_stat_sel = fr_rxb ? (fr_rxb_reg == svnic_regs_pkg::FW_RXB_VIF_DROP_QUOTA_LO ||
                                  fr_rxb_reg == svnic_regs_pkg::FW_RXB_VIF_DROP_QUOTA_HI ? 2'd1 : 2'd3)
                               : (fr_vreg == svnic_regs_pkg::FW_VIF_RX_DROP_FULL_LO ||
                                  fr_vreg == svnic_regs_pkg::FW_VIF_RX_DROP_FULL_HI ? 2'd2 : 2'd0);
  assign rxb_quota_wr_en = f_wr_en && fw_quota;
  assign rxb_quota_wr_vif = fw_rxb_idx[VIF_W-1:0];
  assign rxb_quota_wr_cells = f_wr_data;
  wire f_build = build_hit(fwa, 1'b0);
  wire fr_build = build_hit(fra, 1'b0);

  // ------------------------------------------------------------ checksum offload
  wire fw_off_vreg = fw_vreg == svnic_regs_pkg::FW_VIF_RX_HEAD_META ||
                     fw_vreg == svnic_regs_pkg::FW_VIF_RX_HEAD_HASH ||
                     fw_vreg == svnic_regs_pkg::FW_VIF_TX_CSUM_REFUSED_LO ||
                     fw_vreg == svnic_regs_pkg::FW_VIF_TX_CSUM_REFUSED_HI;

  // ------------------------------------------------------------ per-VIF tables
  // Counters and attributes in LUT RAM, read at the read address's VIF.
  wire [63:0] rx_bytes_q, tx_frames_q, tx_bytes_q, csum_refused_q;
  wire [15:0] attr_q;
  wire [4:0] tbl_clr;
  wire tables_clearing = |tbl_clr;

  svnic_vif_table #(.NUM(NUM_VIFS), .W(64), .ADD(1)) rx_bytes_tbl (
    .clk(clk), .rst(rst), .clr_busy(tbl_clr[0]),
    .upd_en(rxb_ev_valid && rxb_ev_status == 2'd0), .upd_idx(rxb_ev_vif), .upd_val({48'd0, rxb_ev_len}),
    .rd_idx(fr_v), .rd_data(rx_bytes_q)
  );
  svnic_vif_table #(.NUM(NUM_VIFS), .W(64), .ADD(1)) tx_frames_tbl (
    .clk(clk), .rst(rst), .clr_busy(tbl_clr[1]),
    .upd_en(stat_tx_valid), .upd_idx(stat_tx_vif), .upd_val(64'd1),
    .rd_idx(fr_v), .rd_data(tx_frames_q)
  );
  svnic_vif_table #(.NUM(NUM_VIFS), .W(64), .ADD(1)) tx_bytes_tbl (
    .clk(clk), .rst(rst), .clr_busy(tbl_clr[2]),
    .upd_en(stat_tx_valid), .upd_idx(stat_tx_vif), .upd_val({48'd0, stat_tx_len}),
    .rd_idx(fr_v), .rd_data(tx_bytes_q)
  );
  svnic_vif_table #(.NUM(NUM_VIFS), .W(64), .ADD(1)) csum_refused_tbl (
    .clk(clk), .rst(rst), .clr_busy(tbl_clr[3]),
    .upd_en(stat_csum_refused), .upd_idx(stat_csum_refused_vif), .upd_val(64'd1),
    .rd_idx(fr_v), .rd_data(csum_refused_q)
  );
  // attributes as last written (same layout as vif_wr_attr_reg)
  svnic_vif_table #(.NUM(NUM_VIFS), .W(16), .ADD(0)) attr_tbl (
    .clk(clk), .rst(rst), .clr_busy(tbl_clr[4]),
    .upd_en(f_wr_en && fw_attr), .upd_idx(fw_v), .upd_val(attr_word),
    .rd_idx(fr_v), .rd_data(attr_q)
  );

  logic fw_vif_mapped;
  always_comb begin
    fw_vif_mapped = 1'b0;
    if (fw_vreg == svnic_regs_pkg::FW_VIF_ATTR ||
        fw_vreg == svnic_regs_pkg::FW_VIF_RX_HEAD_LEN ||
        fw_vreg == svnic_regs_pkg::FW_VIF_RX_FRAMES_LO || fw_vreg == svnic_regs_pkg::FW_VIF_RX_FRAMES_HI ||
        fw_vreg == svnic_regs_pkg::FW_VIF_RX_BYTES_LO || fw_vreg == svnic_regs_pkg::FW_VIF_RX_BYTES_HI ||
        fw_vreg == svnic_regs_pkg::FW_VIF_RX_DROP_FULL_LO || fw_vreg == svnic_regs_pkg::FW_VIF_RX_DROP_FULL_HI ||
        fw_vreg == svnic_regs_pkg::FW_VIF_TX_FRAMES_LO || fw_vreg == svnic_regs_pkg::FW_VIF_TX_FRAMES_HI ||
        fw_vreg == svnic_regs_pkg::FW_VIF_TX_BYTES_LO || fw_vreg == svnic_regs_pkg::FW_VIF_TX_BYTES_HI ||
        fw_off_vreg)
      fw_vif_mapped = fw_vif;
    f_wr_err = 1'b1;
    if (fwa == svnic_regs_pkg::FW_ID || fwa == svnic_regs_pkg::FW_VERSION ||
        fwa == svnic_regs_pkg::FW_NUM_VIFS || fwa == svnic_regs_pkg::FW_QUEUES_PER_VIF ||
        fw_pending || fwa == svnic_regs_pkg::FW_DB_PENDING || fw_dbw || fwa == svnic_regs_pkg::FW_DB_SUMMARY ||
        fwa == svnic_regs_pkg::FW_RX_READY || fw_rrw || fwa == svnic_regs_pkg::FW_RX_READY_SUMMARY ||
        fw_irq || f_build ||
        fwa == svnic_regs_pkg::FW_WIRE_RX_FRAMES_LO || fwa == svnic_regs_pkg::FW_WIRE_RX_FRAMES_HI ||
        fwa == svnic_regs_pkg::FW_WIRE_RX_DROP_NOVIF_LO || fwa == svnic_regs_pkg::FW_WIRE_RX_DROP_NOVIF_HI ||
        fwa == svnic_regs_pkg::FW_WIRE_RX_DROP_ERR_LO || fwa == svnic_regs_pkg::FW_WIRE_RX_DROP_ERR_HI ||
        fwa == svnic_regs_pkg::FW_WIRE_TX_FRAMES_LO || fwa == svnic_regs_pkg::FW_WIRE_TX_FRAMES_HI ||
        fwa == svnic_regs_pkg::FW_WIRE_RX_DROP_NOMEMBER_LO || fwa == svnic_regs_pkg::FW_WIRE_RX_DROP_NOMEMBER_HI ||
        fwa == svnic_regs_pkg::FW_TX_DROP_SRCDIS_LO || fwa == svnic_regs_pkg::FW_TX_DROP_SRCDIS_HI ||
        fw_fdb_mac_lo || fw_fdb_mac_hi || fw_fdb_entry ||
        fw_fdb_write || fwa == svnic_regs_pkg::FW_FDB_STATUS ||
        fw_cmd || fw_rsp || fw_vif_mapped || fw_rxb_mapped)
      f_wr_err = 1'b0;
  end

  // firmware read: plain registers and counters
  logic [31:0] f_rd_val;
  logic f_rd_bad;
  logic [63:0] f_cnt;
  logic f_cnt_lo;
  logic f_cnt_hi;
  always_comb begin
    f_rd_val = 32'd0;
    f_rd_bad = 1'b0;
    f_cnt = 64'd0;
    f_cnt_lo = 1'b0;
    f_cnt_hi = 1'b0;
    if (fra == svnic_regs_pkg::FW_ID) f_rd_val = svnic_regs_pkg::ID_MAGIC;
    else if (fra == svnic_regs_pkg::FW_VERSION) f_rd_val = svnic_regs_pkg::REGMAP_VERSION;
    else if (fra == svnic_regs_pkg::FW_NUM_VIFS) f_rd_val = NV32;
    else if (fra == svnic_regs_pkg::FW_QUEUES_PER_VIF) f_rd_val = QPV32;
    else if (fra == svnic_regs_pkg::FW_MBOX_PENDING) f_rd_val = {31'd0, mbox_pending_reg};
    else if (fr_db) f_rd_val = db_word;
    else if (fra == svnic_regs_pkg::FW_DB_SUMMARY) f_rd_val = db_summary;
    else if (fr_rr) f_rd_val = rr_word;
    else if (fra == svnic_regs_pkg::FW_RX_READY_SUMMARY) f_rd_val = rr_summary;
    else if (fra == svnic_regs_pkg::FW_IRQ_RAISE || fr_cmd || fr_rsp) f_rd_val = 32'd0;
    else if (fra == svnic_regs_pkg::FW_WIRE_RX_FRAMES_LO) begin f_cnt = wire_rx_frames_reg; f_cnt_lo = 1'b1; end
    else if (fra == svnic_regs_pkg::FW_WIRE_RX_FRAMES_HI) begin f_cnt = wire_rx_frames_reg; f_cnt_hi = 1'b1; end
    else if (fra == svnic_regs_pkg::FW_WIRE_RX_DROP_NOVIF_LO) begin f_cnt = wire_rx_novif_reg; f_cnt_lo = 1'b1; end
    else if (fra == svnic_regs_pkg::FW_WIRE_RX_DROP_NOVIF_HI) begin f_cnt = wire_rx_novif_reg; f_cnt_hi = 1'b1; end
    else if (fra == svnic_regs_pkg::FW_WIRE_RX_DROP_ERR_LO) begin f_cnt = wire_rx_err_reg; f_cnt_lo = 1'b1; end
    else if (fra == svnic_regs_pkg::FW_WIRE_RX_DROP_ERR_HI) begin f_cnt = wire_rx_err_reg; f_cnt_hi = 1'b1; end
    else if (fra == svnic_regs_pkg::FW_WIRE_TX_FRAMES_LO) begin f_cnt = wire_tx_frames_reg; f_cnt_lo = 1'b1; end
    else if (fra == svnic_regs_pkg::FW_WIRE_TX_FRAMES_HI) begin f_cnt = wire_tx_frames_reg; f_cnt_hi = 1'b1; end
    else if (fra == svnic_regs_pkg::FW_WIRE_RX_DROP_NOMEMBER_LO) begin f_cnt = wire_rx_nomember_reg; f_cnt_lo = 1'b1; end
    else if (fra == svnic_regs_pkg::FW_WIRE_RX_DROP_NOMEMBER_HI) begin f_cnt = wire_rx_nomember_reg; f_cnt_hi = 1'b1; end
    else if (fra == svnic_regs_pkg::FW_TX_DROP_SRCDIS_LO) begin f_cnt = tx_srcdis_reg; f_cnt_lo = 1'b1; end
    else if (fra == svnic_regs_pkg::FW_TX_DROP_SRCDIS_HI) begin f_cnt = tx_srcdis_reg; f_cnt_hi = 1'b1; end
    else if (fr_build) f_rd_val = build_val(fra, 1'b0);
    else if (fra == svnic_regs_pkg::FW_FDB_MAC_LO) f_rd_val = fdb_mac_reg[31:0];
    else if (fra == svnic_regs_pkg::FW_FDB_MAC_HI) f_rd_val = {16'd0, fdb_mac_reg[47:32]};
    else if (fra == svnic_regs_pkg::FW_FDB_ENTRY)
      f_rd_val = ({31'd0, fdb_valid_reg} << EV_BIT) | (32'(fdb_vif_reg) << EV_SH) | {20'd0, fdb_vlan_reg};
    else if (fra == svnic_regs_pkg::FW_FDB_WRITE) f_rd_val = 32'd0;
    else if (fra == svnic_regs_pkg::FW_FDB_STATUS)
      f_rd_val = {30'd0, fdb_refused_reg, fdb_init_busy || tables_clearing || tbl_wr_en_reg || tbl_wr_chk_reg};
    else if (fr_vif) begin
      if (fr_vreg == svnic_regs_pkg::FW_VIF_ATTR)
        f_rd_val = ({31'd0, attr_q[15]} << EN_BIT) | ({31'd0, attr_q[14]} << PR_BIT) |
                   ({31'd0, attr_q[13]} << AM_BIT) | {20'd0, attr_q[11:0]};
      else if (fr_vreg == svnic_regs_pkg::FW_VIF_RX_HEAD_LEN)
        f_rd_val = {{(32-RX_LEN_W){1'b0}}, rx_head_len};
      else if (fr_vreg == svnic_regs_pkg::FW_VIF_RX_FRAMES_LO) begin f_cnt = rxb_stat_count; f_cnt_lo = 1'b1; end
      else if (fr_vreg == svnic_regs_pkg::FW_VIF_RX_FRAMES_HI) begin f_cnt = rxb_stat_count; f_cnt_hi = 1'b1; end
      else if (fr_vreg == svnic_regs_pkg::FW_VIF_RX_BYTES_LO) begin f_cnt = rx_bytes_q; f_cnt_lo = 1'b1; end
      else if (fr_vreg == svnic_regs_pkg::FW_VIF_RX_BYTES_HI) begin f_cnt = rx_bytes_q; f_cnt_hi = 1'b1; end
      else if (fr_vreg == svnic_regs_pkg::FW_VIF_RX_DROP_FULL_LO) begin f_cnt = rxb_stat_count; f_cnt_lo = 1'b1; end
      else if (fr_vreg == svnic_regs_pkg::FW_VIF_RX_DROP_FULL_HI) begin f_cnt = rxb_stat_count; f_cnt_hi = 1'b1; end
      else if (fr_vreg == svnic_regs_pkg::FW_VIF_TX_FRAMES_LO) begin f_cnt = tx_frames_q; f_cnt_lo = 1'b1; end
      else if (fr_vreg == svnic_regs_pkg::FW_VIF_TX_FRAMES_HI) begin f_cnt = tx_frames_q; f_cnt_hi = 1'b1; end
      else if (fr_vreg == svnic_regs_pkg::FW_VIF_TX_BYTES_LO) begin f_cnt = tx_bytes_q; f_cnt_lo = 1'b1; end
      else if (fr_vreg == svnic_regs_pkg::FW_VIF_TX_BYTES_HI) begin f_cnt = tx_bytes_q; f_cnt_hi = 1'b1; end
      else if (fr_vreg == svnic_regs_pkg::FW_VIF_RX_HEAD_META)
        f_rd_val = (32'(rx_head_meta[34 +: 3]) << svnic_regs_pkg::RX_META_HASH_TYPE_SHIFT) |
                   32'(rx_head_meta[1:0]);
      else if (fr_vreg == svnic_regs_pkg::FW_VIF_RX_HEAD_HASH)
        f_rd_val = rx_head_meta[2 +: 32];
      else if (fr_vreg == svnic_regs_pkg::FW_VIF_TX_CSUM_REFUSED_LO) begin f_cnt = csum_refused_q; f_cnt_lo = 1'b1; end
      else if (fr_vreg == svnic_regs_pkg::FW_VIF_TX_CSUM_REFUSED_HI) begin f_cnt = csum_refused_q; f_cnt_hi = 1'b1; end
      else f_rd_bad = 1'b1;
    end else if (fra == svnic_regs_pkg::FW_RXB_CELL_BYTES) f_rd_val = RXB_CB32;
    else if (fra == svnic_regs_pkg::FW_RXB_CELLS) f_rd_val = RXB_CELLS32;
    else if (fra == svnic_regs_pkg::FW_RXB_FREE_CELLS) f_rd_val = rxb_free_cells;
    else if (fra == svnic_regs_pkg::FW_RXB_FRAMES_MAX) f_rd_val = RXB_FM32;
    else if (fra == svnic_regs_pkg::FW_RXB_STATUS) f_rd_val = {31'd0, rxb_init_busy};
    else if (fr_rxb) begin
      if (fr_rxb_reg == svnic_regs_pkg::FW_RXB_VIF_QUOTA) f_rd_val = rxb_stat_quota;
      else if (fr_rxb_reg == svnic_regs_pkg::FW_RXB_VIF_CELLS) f_rd_val = rxb_stat_cells;
      else if (fr_rxb_reg == svnic_regs_pkg::FW_RXB_VIF_FRAMES) f_rd_val = rxb_stat_frames;
      else if (fr_rxb_reg == svnic_regs_pkg::FW_RXB_VIF_DROP_QUOTA_LO ||
               fr_rxb_reg == svnic_regs_pkg::FW_RXB_VIF_DROP_TOOLONG_LO) begin f_cnt = rxb_stat_count; f_cnt_lo = 1'b1; end
      else if (fr_rxb_reg == svnic_regs_pkg::FW_RXB_VIF_DROP_QUOTA_HI ||
               fr_rxb_reg == svnic_regs_pkg::FW_RXB_VIF_DROP_TOOLONG_HI) begin f_cnt = rxb_stat_count; f_cnt_hi = 1'b1; end
      else f_rd_bad = 1'b1;
    end else f_rd_bad = 1'b1;
    if (f_cnt_lo) f_rd_val = f_cnt[31:0];
    if (f_cnt_hi) f_rd_val = fra == shadow_addr_reg ? shadow_reg : f_cnt[63:32];
  end

  // ------------------------------------------------------------ read outputs
  localparam logic [1:0] RD_VAL = 2'd0;
  localparam logic [1:0] RD_CMD = 2'd1;
  localparam logic [1:0] RD_RSP = 2'd2;

  logic [1:0] h_rd_src_reg = RD_VAL;
  logic [31:0] h_rd_val_reg = '0;
  logic h_rd_err_reg = 1'b0;
  logic [1:0] f_rd_src_reg = RD_VAL;
  logic [31:0] f_rd_val_reg = '0;
  logic f_rd_err_reg = 1'b0;
  logic [31:0] h_cmd_q_reg = '0;
  logic [31:0] h_rsp_q_reg = '0;
  logic [31:0] f_cmd_q_reg = '0;
  logic [31:0] f_rsp_q_reg = '0;

  assign h_rd_data = h_rd_src_reg == RD_CMD ? h_cmd_q_reg :
                     h_rd_src_reg == RD_RSP ? h_rsp_q_reg : h_rd_val_reg;
  assign h_rd_err = h_rd_err_reg;
  assign f_rd_data = f_rd_src_reg == RD_CMD ? f_cmd_q_reg :
                     f_rd_src_reg == RD_RSP ? f_rsp_q_reg : f_rd_val_reg;
  assign f_rd_err = f_rd_err_reg;

  // mailbox RAMs: one write port, two registered read ports each
  wire cmd_we = h_wr_en && hw_cmd;
  wire rsp_we = f_wr_en && fw_rsp;
  wire [MB_AW-1:0] cmd_wa = hw_mb_idx[MB_AW-1:0];
  wire [MB_AW-1:0] rsp_wa = fw_mb_idx[MB_AW-1:0];

  always_ff @(posedge clk) begin
    if (cmd_we) cmd_mem[cmd_wa] <= apply_strb(cmd_mem[cmd_wa], h_wr_data, h_wr_strb);
    if (h_rd_en) h_cmd_q_reg <= cmd_mem[hr_mb_idx[MB_AW-1:0]];
    if (f_rd_en) f_cmd_q_reg <= cmd_mem[fr_mb_idx[MB_AW-1:0]];
  end

  always_ff @(posedge clk) begin
    if (rsp_we) rsp_mem[rsp_wa] <= apply_strb(rsp_mem[rsp_wa], f_wr_data, f_wr_strb);
    if (h_rd_en) h_rsp_q_reg <= rsp_mem[hr_mb_idx[MB_AW-1:0]];
    if (f_rd_en) f_rsp_q_reg <= rsp_mem[fr_mb_idx[MB_AW-1:0]];
  end

  // ------------------------------------------------------------ doorbells, irq
  // decoded by index, not compared bit by bit: one write sets one bit
  // (hw_db keeps the index below NQ), one read clears one word (a doorbell
  // of the same cycle stays)
  logic [DBW*32-1:0] db_set;
  logic [DBW*32-1:0] db_clr;
  always_comb begin
    db_set = (h_wr_en && hw_db) ? DB_ONE << hw_db_idx : '0;
    db_clr = '0;
    for (int w = 0; w < DBW; w++)
      if (f_rd_en && fr_db && fr_db_idx == 32'(w)) db_clr[w*32 +: 32] = '1;
  end

  // queue vectors and the configuration vectors after them (svnic_irq_regs)
  wire [31:0] irq_val = f_wr_data;
  assign irq_raise = f_wr_en && fw_irq && irq_val < NQ32 + NV32;
  assign irq_raise_vec = irq_val[NVEC_W-1:0];

  wire unused_ok = &{1'b0, h_wr_addr[1:0], h_rd_addr[1:0], f_wr_addr[1:0], f_rd_addr[1:0],
                     hw_mb_idx, hr_mb_idx, fw_mb_idx, fr_mb_idx, vif_wr_attr_reg[12], attr_q[12],
                     fw_vidx, fr_vidx, fw_rxb_idx, fr_rxb_idx};  // VIF numbers: the low VIF_W bits

  // ------------------------------------------------------------ sequential
  always_ff @(posedge clk) begin
    // host window
    if (h_rd_en) begin
      h_rd_src_reg <= hr_cmd ? RD_CMD : hr_rsp ? RD_RSP : RD_VAL;
      h_rd_val_reg <= h_rd_val;
      h_rd_err_reg <= h_rd_bad;
      if (hr_lock) mbox_lock_reg <= 1'b1;
    end
    if (h_wr_en) begin
      if (hw_lock) mbox_lock_reg <= 1'b0;
      if (hw_doorbell) begin
        mbox_pending_reg <= 1'b1;
        mbox_status_reg <= 2'b01;
      end
    end

    // firmware window
    if (f_rd_en) begin
      f_rd_src_reg <= fr_cmd ? RD_CMD : fr_rsp ? RD_RSP : RD_VAL;
      f_rd_val_reg <= f_rd_val;
      f_rd_err_reg <= f_rd_bad;
      if (f_cnt_lo) begin
        shadow_reg <= f_cnt[63:32];
        shadow_addr_reg <= fra + 32'd4;
      end
    end
    if (f_wr_en) begin
      if (fw_pending && f_wr_data[0]) begin
        mbox_pending_reg <= 1'b0;
        mbox_status_reg <= 2'b10;
      end
      if (fw_fdb_mac_lo) fdb_mac_reg[31:0] <= f_wr_data;
      if (fw_fdb_mac_hi) fdb_mac_reg[47:32] <= f_wr_data[15:0];
      if (fw_fdb_entry) begin
        fdb_vlan_reg <= f_wr_data[11:0];
        fdb_vif_reg <= f_wr_data[EV_SH +: VIF_W];
        fdb_valid_reg <= f_wr_data[EV_BIT];
      end
    end
    // table and attribute writes reach svnic_fdb registered, off the
    // register decode path
    tbl_wr_en_reg <= f_wr_en && fw_fdb_write;
    tbl_wr_chk_reg <= tbl_wr_en_reg;
    if (f_wr_en && fw_fdb_write) begin
      tbl_wr_index_reg <= f_wr_data[FDB_IDX_W-1:0];
      fdb_refused_reg <= 1'b0;
    end
    if (tbl_wr_err) fdb_refused_reg <= 1'b1;
    vif_wr_en_reg <= f_wr_en && fw_attr;
    if (f_wr_en && fw_attr) begin
      vif_wr_vif_reg <= fw_v;
      vif_wr_attr_reg <= attr_word;
    end
    db_pending_reg <= (db_pending_reg & ~db_clr) | db_set;

    // counters
    if (stat_wire_rx_frame) wire_rx_frames_reg <= wire_rx_frames_reg + 1'b1;
    if (stat_wire_rx_drop_novif) wire_rx_novif_reg <= wire_rx_novif_reg + 1'b1;
    if (stat_wire_rx_drop_nomember) wire_rx_nomember_reg <= wire_rx_nomember_reg + 1'b1;
    if (stat_tx_drop_srcdis) tx_srcdis_reg <= tx_srcdis_reg + 1'b1;
    if (stat_wire_rx_drop_err) wire_rx_err_reg <= wire_rx_err_reg + 1'b1;
    if (stat_wire_tx_frame) wire_tx_frames_reg <= wire_tx_frames_reg + 1'b1;

    if (rst) begin
      mbox_lock_reg <= 1'b0;
      mbox_pending_reg <= 1'b0;
      mbox_status_reg <= 2'b00;
      db_pending_reg <= '0;
      fdb_refused_reg <= 1'b0;
      tbl_wr_en_reg <= 1'b0;
      tbl_wr_chk_reg <= 1'b0;
      vif_wr_en_reg <= 1'b0;
      wire_rx_frames_reg <= '0;
      wire_rx_novif_reg <= '0;
      wire_rx_nomember_reg <= '0;
      tx_srcdis_reg <= '0;
      wire_rx_err_reg <= '0;
      wire_tx_frames_reg <= '0;
      shadow_reg <= '0;
      shadow_addr_reg <= 32'hffff_ffff;
      h_rd_err_reg <= 1'b0;
      f_rd_err_reg <= 1'b0;
    end
  end

endmodule

`resetall
