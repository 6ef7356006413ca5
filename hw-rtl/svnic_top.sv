// SPDX-License-Identifier: MIT
`resetall
`timescale 1ns / 1ps
`default_nettype none

/*
 * svnic datapath top level.
 *
 * Host and firmware AXI-Lite register windows (svnic_axil_regif +
 * svnic_ctrl_regs), the firmware command engine with the TX assembly buffer
 * (svnic_cmd_engine), the switch (svnic_switch with the forwarding table
 * svnic_fdb: (MAC, VLAN) -> VIF, one access VLAN per VIF, frames from the
 * wire on VLAN 0), the RX path (svnic_rx_repl: one copy of a frame per
 * destination VIF; svnic_rx_verify; svnic_rx_pktbuf: one RX buffer shared
 * by all VIFs, with a quota per VIF set by firmware and drops counted per
 * VIF and reason; svnic_rx_stage: each VIF's next two frames, where the
 * command engine reads them), the interrupt vector table with mask,
 * pending and moderation per vector (svnic_irq_regs: a vector per queue,
 * then a configuration vector per VIF); the TX scheduler the firmware asks
 * whose frame goes next (svnic_tx_sched_regs), and checksum offload on both
 * paths (TX: svnic_csum_tx between the command engine and the switch; RX:
 * svnic_rx_verify, see the blocks below; it also computes each frame's RSS
 * hash, stored with the frame); the DMA engine (svnic_dma: the per-VIF
 * window check, tagged reads completed out of order, writes split at the
 * payload limit) between the command engine and host memory.
 * Single clock, synchronous active-high reset. The parameters that shape a
 * build are readable in both register
 * windows (DATA_WIDTH, TXBUF_BYTES, RXBUF_BYTES, MAX_FRAME, FDB_GEOMETRY),
 * so software sizes itself from the card it finds.
 */
module svnic_top #(
  parameter int NUM_VIFS       = 4,     // VIFs (power of two, 2..MAX_VIFS)
  // virtqueues per VIF: virtio-net's layout, RX and TX of each queue pair
  // then the control queue (33: 16 pairs); NUM_VIFS*QUEUES_PER_VIF <= 1024
  parameter int QUEUES_PER_VIF = 33,
  parameter int RXBUF_BYTES    = 65536, // RX buffer shared by all VIFs, bytes (power of two, 4096..1048576)
  parameter int RXB_CELL_BYTES = 64,    // its allocation unit, bytes (power of two, 16..RXBUF_BYTES / 4)
  parameter int TXBUF_BYTES    = 2048,  // TX assembly buffer, bytes (power of two, >= MAX_FRAME_BYTES)
  // largest frame carried, destination MAC to end of payload (no FCS):
  // 1518 = 1500 MTU + 14 header + 4 (one VLAN tag); 64..min(TXBUF_BYTES, RXBUF_BYTES, 65000)
  parameter int MAX_FRAME_BYTES = 1518,
  parameter int FDB_ENTRIES    = 256,   // forwarding table entries (power of two, >= 2 * FDB_WAYS)
  parameter int FDB_WAYS       = 4,     // ways per forwarding table bucket (power of two, 2..16)
  parameter int DMA_WINDOWS    = 8,     // DMA windows per VIF (power of two, 2..16)
  parameter int DMA_TAGS       = 8,     // DMA reads outstanding (power of two, 2..32)
  parameter int DMA_MAX_READ_REQ = 512, // bytes per DMA read request (power of two, 64..4096)
  parameter int DMA_MAX_PAYLOAD  = 256  // bytes per DMA write request (power of two, 64..4096)
) (
  input  wire         clk,
  input  wire         rst,

  /* host register window (PCIe BAR0) */
  input  wire [15:0]  s_axil_host_awaddr,
  input  wire         s_axil_host_awvalid,
  output wire         s_axil_host_awready,
  input  wire [31:0]  s_axil_host_wdata,
  input  wire [3:0]   s_axil_host_wstrb,
  input  wire         s_axil_host_wvalid,
  output wire         s_axil_host_wready,
  output wire [1:0]   s_axil_host_bresp,
  output wire         s_axil_host_bvalid,
  input  wire         s_axil_host_bready,
  input  wire [15:0]  s_axil_host_araddr,
  input  wire         s_axil_host_arvalid,
  output wire         s_axil_host_arready,
  output wire [31:0]  s_axil_host_rdata,
  output wire [1:0]   s_axil_host_rresp,
  output wire         s_axil_host_rvalid,
  input  wire         s_axil_host_rready,

  /* firmware register window */
  input  wire [15:0]  s_axil_fw_awaddr,
  input  wire         s_axil_fw_awvalid,
  output wire         s_axil_fw_awready,
  input  wire [31:0]  s_axil_fw_wdata,
  input  wire [3:0]   s_axil_fw_wstrb,
  input  wire         s_axil_fw_wvalid,
  output wire         s_axil_fw_wready,
  output wire [1:0]   s_axil_fw_bresp,
  output wire         s_axil_fw_bvalid,
  input  wire         s_axil_fw_bready,
  input  wire [15:0]  s_axil_fw_araddr,
  input  wire         s_axil_fw_arvalid,
  output wire         s_axil_fw_arready,
  output wire [31:0]  s_axil_fw_rdata,
  output wire [1:0]   s_axil_fw_rresp,
  output wire         s_axil_fw_rvalid,
  input  wire         s_axil_fw_rready,

  /* firmware command stream */
  input  wire [63:0]  s_axis_fwcmd_tdata,
  input  wire         s_axis_fwcmd_tvalid,
  output wire         s_axis_fwcmd_tready,
  input  wire         s_axis_fwcmd_tlast,

  /* firmware completion stream */
  output wire [63:0]  m_axis_fwcpl_tdata,
  output wire         m_axis_fwcpl_tvalid,
  input  wire         m_axis_fwcpl_tready,
  output wire         m_axis_fwcpl_tlast,

  /* DMA read requests (tagged; svnic_dma) */
  output wire [63:0]  m_dma_rd_req_addr,
  output wire [15:0]  m_dma_rd_req_len,
  output wire [7:0]   m_dma_rd_req_domain,
  output wire [7:0]   m_dma_rd_req_tag,
  output wire         m_dma_rd_req_valid,
  input  wire         m_dma_rd_req_ready,

  /* DMA read completions: address-aligned beats, any order between tags */
  input  wire [63:0]  s_axis_dma_rd_tdata,
  input  wire [7:0]   s_axis_dma_rd_tid,
  input  wire         s_axis_dma_rd_tvalid,
  output wire         s_axis_dma_rd_tready,
  input  wire         s_axis_dma_rd_tlast,
  input  wire         s_axis_dma_rd_tuser,

  /* DMA writes: address-aligned beats, a done per request */
  output wire [63:0]  m_dma_wr_req_addr,
  output wire [15:0]  m_dma_wr_req_len,
  output wire [7:0]   m_dma_wr_req_domain,
  output wire         m_dma_wr_req_valid,
  input  wire         m_dma_wr_req_ready,
  output wire [63:0]  m_axis_dma_wr_tdata,
  output wire [7:0]   m_axis_dma_wr_tkeep,
  output wire         m_axis_dma_wr_tvalid,
  input  wire         m_axis_dma_wr_tready,
  output wire         m_axis_dma_wr_tlast,
  input  wire         s_dma_wr_done_valid,
  input  wire         s_dma_wr_done_fault,
  output wire         s_dma_wr_done_ready,

  /* Ethernet port */
  input  wire [63:0]  s_axis_eth_rx_tdata,
  input  wire [7:0]   s_axis_eth_rx_tkeep,
  input  wire         s_axis_eth_rx_tvalid,
  output wire         s_axis_eth_rx_tready,
  input  wire         s_axis_eth_rx_tlast,
  input  wire         s_axis_eth_rx_tuser,
  output wire [63:0]  m_axis_eth_tx_tdata,
  output wire [7:0]   m_axis_eth_tx_tkeep,
  output wire         m_axis_eth_tx_tvalid,
  input  wire         m_axis_eth_tx_tready,
  output wire         m_axis_eth_tx_tlast,

  /* interrupt messages */
  output wire         m_irq_valid,
  input  wire         m_irq_ready,
  output wire [15:0]  m_irq_vector
);

  localparam int DATA_W = 64;  // every stream of this datapath (reported in DATA_WIDTH)
  localparam int VIF_W = $clog2(NUM_VIFS);
  localparam int NQ = NUM_VIFS * QUEUES_PER_VIF;
  localparam int NVEC = NQ + NUM_VIFS;  // queue vectors, then one configuration vector per VIF
  localparam int NVEC_W = $clog2(NVEC);
  // RX staging slots hold one frame each; the engine addresses them
  localparam int SLOT_BYTES = 1 << $clog2(MAX_FRAME_BYTES);
  localparam int RX_AW = $clog2(SLOT_BYTES / 8);
  localparam int RX_LEN_W = $clog2(SLOT_BYTES) + 1;
  localparam int RXB_CELLS = RXBUF_BYTES / RXB_CELL_BYTES;
  localparam int RXB_CELL_W = $clog2(RXB_CELLS);
  // a VIF at an equal share can hold a frame in each of its cells
  localparam int RXB_DESC = RXB_CELLS / NUM_VIFS;
  localparam int FDB_IDX_W = $clog2(FDB_ENTRIES);

  initial begin
    if (NUM_VIFS < 2 || NUM_VIFS > svnic_regs_pkg::MAX_VIFS || (NUM_VIFS & (NUM_VIFS - 1)) != 0)
      $error("NUM_VIFS must be a power of two in 2..MAX_VIFS (%m)");
    if (QUEUES_PER_VIF < 1 || NQ > svnic_regs_pkg::MAX_QUEUES)
      $error("NUM_VIFS * QUEUES_PER_VIF must be 1..MAX_QUEUES (%m)");
    if (RXBUF_BYTES < 4096 || RXBUF_BYTES > 1048576 || (RXBUF_BYTES & (RXBUF_BYTES - 1)) != 0)
      $error("RXBUF_BYTES must be a power of two in 4096..1048576 (%m)");
    if (RXB_CELLS < 2 * NUM_VIFS) $error("RXBUF_BYTES must hold two cells per VIF (%m)");
    if (MAX_FRAME_BYTES < 64 || MAX_FRAME_BYTES > TXBUF_BYTES || MAX_FRAME_BYTES > RXBUF_BYTES ||
        MAX_FRAME_BYTES > 65000)
      $error("MAX_FRAME_BYTES must be 64..min(TXBUF_BYTES, RXBUF_BYTES, 65000) (%m)");
  end

  // ------------------------------------------------------------ registers
  wire h_wr_en, h_wr_err, h_rd_en, h_rd_err;
  wire [15:0] h_wr_addr, h_rd_addr;
  wire [31:0] h_wr_data, h_rd_data;
  wire [3:0] h_wr_strb;
  wire host_wr_err_m, host_rd_err_m;  // ctrl_regs and the vector table merged
  wire [31:0] host_rd_data_m;
  wire f_wr_en, f_wr_err, f_rd_en, f_rd_err;
  wire [15:0] f_wr_addr, f_rd_addr;
  wire [31:0] f_wr_data, f_rd_data;
  wire [3:0] f_wr_strb;

  svnic_axil_regif host_regif (
    .clk(clk), .rst(rst),
    .s_axil_awaddr(s_axil_host_awaddr), .s_axil_awvalid(s_axil_host_awvalid), .s_axil_awready(s_axil_host_awready),
    .s_axil_wdata(s_axil_host_wdata), .s_axil_wstrb(s_axil_host_wstrb), .s_axil_wvalid(s_axil_host_wvalid),
    .s_axil_wready(s_axil_host_wready),
    .s_axil_bresp(s_axil_host_bresp), .s_axil_bvalid(s_axil_host_bvalid), .s_axil_bready(s_axil_host_bready),
    .s_axil_araddr(s_axil_host_araddr), .s_axil_arvalid(s_axil_host_arvalid), .s_axil_arready(s_axil_host_arready),
    .s_axil_rdata(s_axil_host_rdata), .s_axil_rresp(s_axil_host_rresp), .s_axil_rvalid(s_axil_host_rvalid),
    .s_axil_rready(s_axil_host_rready),
    .reg_wr_en(h_wr_en), .reg_wr_addr(h_wr_addr), .reg_wr_data(h_wr_data), .reg_wr_strb(h_wr_strb),
    .reg_wr_err(host_wr_err_m),
    .reg_rd_en(h_rd_en), .reg_rd_addr(h_rd_addr), .reg_rd_data(host_rd_data_m), .reg_rd_err(host_rd_err_m)
  );

  svnic_axil_regif fw_regif (
    .clk(clk), .rst(rst),
    .s_axil_awaddr(s_axil_fw_awaddr), .s_axil_awvalid(s_axil_fw_awvalid), .s_axil_awready(s_axil_fw_awready),
    .s_axil_wdata(s_axil_fw_wdata), .s_axil_wstrb(s_axil_fw_wstrb), .s_axil_wvalid(s_axil_fw_wvalid),
    .s_axil_wready(s_axil_fw_wready),
    .s_axil_bresp(s_axil_fw_bresp), .s_axil_bvalid(s_axil_fw_bvalid), .s_axil_bready(s_axil_fw_bready),
    .s_axil_araddr(s_axil_fw_araddr), .s_axil_arvalid(s_axil_fw_arvalid), .s_axil_arready(s_axil_fw_arready),
    .s_axil_rdata(s_axil_fw_rdata), .s_axil_rresp(s_axil_fw_rresp), .s_axil_rvalid(s_axil_fw_rvalid),
    .s_axil_rready(s_axil_fw_rready),
    .reg_wr_en(f_wr_en), .reg_wr_addr(f_wr_addr), .reg_wr_data(f_wr_data), .reg_wr_strb(f_wr_strb),
    .reg_wr_err(fw_wr_err_m),
    .reg_rd_en(f_rd_en), .reg_rd_addr(f_rd_addr), .reg_rd_data(fw_rd_data_m), .reg_rd_err(fw_rd_err_m)
  );

  wire fdb_init_busy, tbl_wr_en, tbl_wr_valid, tbl_wr_err;
  wire [FDB_IDX_W-1:0] tbl_wr_index;
  wire [47:0] tbl_wr_mac;
  wire [11:0] tbl_wr_vlan, vif_wr_vlan;
  wire [VIF_W-1:0] tbl_wr_vif, vif_wr_vif;
  wire vif_wr_en, vif_wr_enable, vif_wr_promisc, vif_wr_allmulti;
  wire [NUM_VIFS-1:0] rx_head_valid;
  wire [NUM_VIFS-1:0] rx_head_busy;
  localparam int RX_META_W = 2 + 32 + 3;  // per frame: {RSS type, RSS hash, checksum verdict}
  wire [VIF_W-1:0] reg_head_vif;          // the register window's VIF, and its head frame
  wire [RX_LEN_W-1:0] reg_head_len;
  wire [RX_META_W-1:0] reg_head_meta;
  wire [RX_LEN_W-1:0] rx_head_len;        // the engine's VIF's head frame
  wire csum_refused;
  logic [VIF_W-1:0] csum_in_vif_reg = '0;
  wire rxb_init_busy, rxb_quota_wr_en, rxb_ev_valid;
  wire [VIF_W-1:0] rxb_quota_wr_vif, rxb_stat_vif, rxb_ev_vif;
  wire [31:0] rxb_quota_wr_cells;
  wire [1:0] rxb_stat_sel, rxb_ev_status;
  wire [63:0] rxb_stat_count;
  wire [RXB_CELL_W:0] rxb_free_cells, rxb_stat_cells, rxb_stat_quota;
  wire [$clog2(RXB_DESC):0] rxb_stat_frames;
  wire [15:0] rxb_ev_len;
  wire stat_tx_valid;
  wire [VIF_W-1:0] stat_tx_vif;
  wire [15:0] stat_tx_len;
  wire stat_wire_rx_frame, stat_wire_rx_drop_novif, stat_wire_rx_drop_err, stat_wire_tx_frame;
  wire stat_wire_rx_drop_nomember, stat_tx_drop_srcdis;
  wire irq_raise;
  wire [NVEC_W-1:0] irq_raise_vec;

  svnic_ctrl_regs #(
    .NUM_VIFS(NUM_VIFS),
    .QUEUES_PER_VIF(QUEUES_PER_VIF),
    .RX_LEN_W(RX_LEN_W),
    .RX_META_W(RX_META_W),
    .FDB_ENTRIES(FDB_ENTRIES),
    .FDB_WAYS(FDB_WAYS),
    .DATA_W(DATA_W),
    .TXBUF_BYTES(TXBUF_BYTES),
    .RXBUF_BYTES(RXBUF_BYTES),
    .RXB_CELL_BYTES(RXB_CELL_BYTES),
    .RXB_FRAMES_MAX(RXB_DESC),
    .MAX_FRAME_BYTES(MAX_FRAME_BYTES)
  ) ctrl_regs_inst (
    .clk(clk), .rst(rst),
    .h_wr_en(h_wr_en), .h_wr_addr(h_wr_addr), .h_wr_data(h_wr_data), .h_wr_strb(h_wr_strb), .h_wr_err(h_wr_err),
    .h_rd_en(h_rd_en), .h_rd_addr(h_rd_addr), .h_rd_data(h_rd_data), .h_rd_err(h_rd_err),
    .f_wr_en(f_wr_en), .f_wr_addr(f_wr_addr), .f_wr_data(f_wr_data), .f_wr_strb(f_wr_strb), .f_wr_err(f_wr_err),
    .f_rd_en(f_rd_en), .f_rd_addr(f_rd_addr), .f_rd_data(f_rd_data), .f_rd_err(f_rd_err),
    .fdb_init_busy(fdb_init_busy),
    .tbl_wr_en(tbl_wr_en), .tbl_wr_index(tbl_wr_index), .tbl_wr_valid(tbl_wr_valid), .tbl_wr_mac(tbl_wr_mac),
    .tbl_wr_vlan(tbl_wr_vlan), .tbl_wr_vif(tbl_wr_vif), .tbl_wr_err(tbl_wr_err),
    .vif_wr_en(vif_wr_en), .vif_wr_vif(vif_wr_vif), .vif_wr_enable(vif_wr_enable), .vif_wr_vlan(vif_wr_vlan),
    .vif_wr_promisc(vif_wr_promisc), .vif_wr_allmulti(vif_wr_allmulti),
    .rx_ready(rx_head_valid | rx_head_busy), .rx_head_vif(reg_head_vif), .rx_head_len(reg_head_len),
    .rx_head_meta(reg_head_meta),
    .stat_csum_refused(csum_refused), .stat_csum_refused_vif(csum_in_vif_reg),
    .rxb_init_busy(rxb_init_busy), .rxb_quota_wr_en(rxb_quota_wr_en), .rxb_quota_wr_vif(rxb_quota_wr_vif),
    .rxb_quota_wr_cells(rxb_quota_wr_cells), .rxb_free_cells(32'(rxb_free_cells)),
    .rxb_stat_vif(rxb_stat_vif), .rxb_stat_sel(rxb_stat_sel), .rxb_stat_count(rxb_stat_count),
    .rxb_stat_frames(32'(rxb_stat_frames)), .rxb_stat_cells(32'(rxb_stat_cells)),
    .rxb_stat_quota(32'(rxb_stat_quota)),
    .rxb_ev_valid(rxb_ev_valid), .rxb_ev_vif(rxb_ev_vif), .rxb_ev_len(rxb_ev_len), .rxb_ev_status(rxb_ev_status),
    .stat_tx_valid(stat_tx_valid), .stat_tx_vif(stat_tx_vif), .stat_tx_len(stat_tx_len),
    .stat_wire_rx_frame(stat_wire_rx_frame), .stat_wire_rx_drop_novif(stat_wire_rx_drop_novif),
    .stat_wire_rx_drop_err(stat_wire_rx_drop_err), .stat_wire_tx_frame(stat_wire_tx_frame),
    .stat_wire_rx_drop_nomember(stat_wire_rx_drop_nomember), .stat_tx_drop_srcdis(stat_tx_drop_srcdis),
    .irq_raise(irq_raise), .irq_raise_vec(irq_raise_vec)
  );

  // ------------------------------------------------------------ interrupts
  // The vector table's registers sit in the host window beside
  // svnic_ctrl_regs, which answers every other address.
  wire irq_wr_hit, irq_rd_sel;
  wire [31:0] irq_rd_data;

  svnic_irq_regs #(
    .NUM_VEC(NVEC),
    .CYCLES_PER_US(svnic_regs_pkg::CLOCK_HZ / 1000000)
  ) irq_inst (
    .clk(clk), .rst(rst),
    .h_wr_en(h_wr_en), .h_wr_addr(h_wr_addr), .h_wr_data(h_wr_data), .wr_hit(irq_wr_hit),
    .h_rd_en(h_rd_en), .h_rd_addr(h_rd_addr), .rd_sel(irq_rd_sel), .rd_data(irq_rd_data),
    .raise(irq_raise), .raise_vec(irq_raise_vec),
    .m_irq_valid(m_irq_valid), .m_irq_ready(m_irq_ready), .m_irq_vector(m_irq_vector)
  );

  assign host_wr_err_m = h_wr_err && !irq_wr_hit;
  assign host_rd_data_m = irq_rd_sel ? irq_rd_data : h_rd_data;
  assign host_rd_err_m = h_rd_err && !irq_rd_sel;

  // ------------------------------------------------------------ command engine
  wire [63:0] tx_tdata;
  wire [7:0] tx_tkeep;
  wire tx_tvalid, tx_tready, tx_tlast;
  wire [VIF_W-1:0] tx_tid;
  wire tx_csum_req;
  wire [15:0] tx_csum_start, tx_csum_offset;
  wire [VIF_W-1:0] rx_vif;
  wire rx_rd_en;
  wire [RX_AW-1:0] rx_rd_addr;
  wire [63:0] rx_rd_data;
  wire rx_pop;
  // the command engine's DMA jobs, to svnic_dma
  wire [63:0] ce_rd_addr, ce_wr_addr, ce_rd_tdata, ce_wr_tdata;
  wire [15:0] ce_rd_len, ce_wr_len;
  wire [7:0] ce_rd_domain, ce_wr_domain, ce_rd_tkeep, ce_wr_tkeep;
  wire ce_rd_valid, ce_rd_ready, ce_rd_tvalid, ce_rd_tready, ce_rd_tlast, ce_rd_tuser;
  wire ce_wr_valid, ce_wr_ready, ce_wr_tvalid, ce_wr_tready, ce_wr_tlast;
  wire ce_wr_done_valid, ce_wr_done_fault, ce_wr_done_ready;

  svnic_cmd_engine #(
    .NUM_VIFS(NUM_VIFS),
    .TXBUF_BYTES(TXBUF_BYTES),
    .RXBUF_BYTES(SLOT_BYTES),
    .MAX_FRAME_BYTES(MAX_FRAME_BYTES)
  ) cmd_engine_inst (
    .clk(clk), .rst(rst),
    .s_axis_cmd_tdata(s_axis_fwcmd_tdata), .s_axis_cmd_tvalid(s_axis_fwcmd_tvalid),
    .s_axis_cmd_tready(s_axis_fwcmd_tready), .s_axis_cmd_tlast(s_axis_fwcmd_tlast),
    .m_axis_cpl_tdata(m_axis_fwcpl_tdata), .m_axis_cpl_tvalid(m_axis_fwcpl_tvalid),
    .m_axis_cpl_tready(m_axis_fwcpl_tready), .m_axis_cpl_tlast(m_axis_fwcpl_tlast),
    .m_dma_rd_req_addr(ce_rd_addr), .m_dma_rd_req_len(ce_rd_len),
    .m_dma_rd_req_domain(ce_rd_domain), .m_dma_rd_req_valid(ce_rd_valid),
    .m_dma_rd_req_ready(ce_rd_ready),
    .s_axis_dma_rd_tdata(ce_rd_tdata), .s_axis_dma_rd_tkeep(ce_rd_tkeep),
    .s_axis_dma_rd_tvalid(ce_rd_tvalid), .s_axis_dma_rd_tready(ce_rd_tready),
    .s_axis_dma_rd_tlast(ce_rd_tlast), .s_axis_dma_rd_tuser(ce_rd_tuser),
    .m_dma_wr_req_addr(ce_wr_addr), .m_dma_wr_req_len(ce_wr_len),
    .m_dma_wr_req_domain(ce_wr_domain), .m_dma_wr_req_valid(ce_wr_valid),
    .m_dma_wr_req_ready(ce_wr_ready),
    .m_axis_dma_wr_tdata(ce_wr_tdata), .m_axis_dma_wr_tkeep(ce_wr_tkeep),
    .m_axis_dma_wr_tvalid(ce_wr_tvalid), .m_axis_dma_wr_tready(ce_wr_tready),
    .m_axis_dma_wr_tlast(ce_wr_tlast),
    .s_dma_wr_done_valid(ce_wr_done_valid), .s_dma_wr_done_fault(ce_wr_done_fault),
    .s_dma_wr_done_ready(ce_wr_done_ready),
    .m_axis_tx_tdata(tx_tdata), .m_axis_tx_tkeep(tx_tkeep), .m_axis_tx_tvalid(tx_tvalid),
    .m_axis_tx_tready(tx_tready), .m_axis_tx_tlast(tx_tlast), .m_axis_tx_tid(tx_tid),
    .m_axis_tx_csum_req(tx_csum_req), .m_axis_tx_csum_start(tx_csum_start),
    .m_axis_tx_csum_offset(tx_csum_offset),
    .rx_vif(rx_vif), .rx_head_valid(rx_head_valid), .rx_head_busy(rx_head_busy),
    .rx_head_len(rx_head_len), .rx_rd_en(rx_rd_en), .rx_rd_addr(rx_rd_addr), .rx_rd_data(rx_rd_data), .rx_pop(rx_pop),
    .stat_tx_valid(stat_tx_valid), .stat_tx_vif(stat_tx_vif), .stat_tx_len(stat_tx_len)
  );

  // ------------------------------------------------------------ TX checksum insertion
  // Store and forward (two frame slots of MAX_FRAME_BYTES): TXBUF_SEND's
  // checksum request rides with the frame; the sender's VIF is sampled at
  // the last beat in, which is when svnic_csum_tx decides on a refusal.
  wire [63:0] cs_tdata;
  wire [7:0] cs_tkeep;
  wire cs_tvalid, cs_tready, cs_tlast, cs_tuser_unused;
  wire [VIF_W-1:0] cs_tid;
  wire cs_inserted_unused, cs_oversize_unused;
  wire [31:0] cs_refused_count_unused;

  svnic_csum_tx #(
    .DATA_WIDTH(DATA_W),
    .MAX_FRAME(MAX_FRAME_BYTES),
    .ID_W(VIF_W)
  ) csum_tx_inst (
    .clk(clk), .rst(rst),
    .s_axis_tdata(tx_tdata), .s_axis_tkeep(tx_tkeep), .s_axis_tvalid(tx_tvalid), .s_axis_tready(tx_tready),
    .s_axis_tlast(tx_tlast), .s_axis_tuser(1'b0), .s_axis_tid(tx_tid),
    .s_axis_csum_req(tx_csum_req), .s_axis_csum_start(tx_csum_start), .s_axis_csum_offset(tx_csum_offset),
    .m_axis_tdata(cs_tdata), .m_axis_tkeep(cs_tkeep), .m_axis_tvalid(cs_tvalid), .m_axis_tready(cs_tready),
    .m_axis_tlast(cs_tlast), .m_axis_tuser(cs_tuser_unused), .m_axis_tid(cs_tid),
    .stat_inserted(cs_inserted_unused), .stat_refused(csum_refused), .stat_oversize(cs_oversize_unused),
    .refused_count(cs_refused_count_unused)
  );

  always_ff @(posedge clk) begin
    if (tx_tvalid && tx_tready && tx_tlast) csum_in_vif_reg <= tx_tid;
  end

  // ------------------------------------------------------------ switch
  wire [63:0] sw_rx_tdata;
  wire [7:0] sw_rx_tkeep;
  wire sw_rx_tvalid, sw_rx_tready;
  wire [NUM_VIFS-1:0] sw_rx_tdest;
  wire sw_rx_tlast, sw_rx_tuser;

  svnic_switch #(
    .NUM_VIFS(NUM_VIFS),
    .FDB_ENTRIES(FDB_ENTRIES),
    .FDB_WAYS(FDB_WAYS),
    .MAX_FRAME_BYTES(MAX_FRAME_BYTES)
  ) switch_inst (
    .clk(clk), .rst(rst),
    .fdb_init_busy(fdb_init_busy),
    .tbl_wr_en(tbl_wr_en), .tbl_wr_index(tbl_wr_index), .tbl_wr_valid(tbl_wr_valid), .tbl_wr_mac(tbl_wr_mac),
    .tbl_wr_vlan(tbl_wr_vlan), .tbl_wr_vif(tbl_wr_vif), .tbl_wr_err(tbl_wr_err),
    .vif_wr_en(vif_wr_en), .vif_wr_vif(vif_wr_vif), .vif_wr_enable(vif_wr_enable), .vif_wr_vlan(vif_wr_vlan),
    .vif_wr_promisc(vif_wr_promisc), .vif_wr_allmulti(vif_wr_allmulti),
    .s_axis_tx_tdata(cs_tdata), .s_axis_tx_tkeep(cs_tkeep), .s_axis_tx_tvalid(cs_tvalid),
    .s_axis_tx_tready(cs_tready), .s_axis_tx_tlast(cs_tlast), .s_axis_tx_tid(cs_tid),
    .s_axis_wire_tdata(s_axis_eth_rx_tdata), .s_axis_wire_tkeep(s_axis_eth_rx_tkeep),
    .s_axis_wire_tvalid(s_axis_eth_rx_tvalid), .s_axis_wire_tready(s_axis_eth_rx_tready),
    .s_axis_wire_tlast(s_axis_eth_rx_tlast), .s_axis_wire_tuser(s_axis_eth_rx_tuser),
    .m_axis_rx_tdata(sw_rx_tdata), .m_axis_rx_tkeep(sw_rx_tkeep), .m_axis_rx_tvalid(sw_rx_tvalid),
    .m_axis_rx_tready(sw_rx_tready), .m_axis_rx_tdest(sw_rx_tdest),
    .m_axis_rx_tlast(sw_rx_tlast), .m_axis_rx_tuser(sw_rx_tuser),
    .m_axis_eth_tx_tdata(m_axis_eth_tx_tdata), .m_axis_eth_tx_tkeep(m_axis_eth_tx_tkeep),
    .m_axis_eth_tx_tvalid(m_axis_eth_tx_tvalid), .m_axis_eth_tx_tready(m_axis_eth_tx_tready),
    .m_axis_eth_tx_tlast(m_axis_eth_tx_tlast),
    .stat_wire_rx_frame(stat_wire_rx_frame), .stat_wire_rx_drop_novif(stat_wire_rx_drop_novif),
    .stat_wire_rx_drop_err(stat_wire_rx_drop_err), .stat_wire_tx_frame(stat_wire_tx_frame),
    .stat_wire_rx_drop_nomember(stat_wire_rx_drop_nomember), .stat_tx_drop_srcdis(stat_tx_drop_srcdis)
  );

  // ------------------------------------------------------------ TX scheduler
  // Decides which VIF's frame the firmware sends next (DRR + token bucket
  // per VIF); its registers sit in the firmware window beside
  // svnic_ctrl_regs, which answers every other address.
  wire fw_wr_err_m, fw_rd_err_m;
  wire [31:0] fw_rd_data_m;
  wire txs_wr_hit, txs_rd_sel;
  wire [31:0] txs_rd_data;

  svnic_tx_sched_regs #(
    .NUM_VIFS(NUM_VIFS),
    .TICK_CYCLES(svnic_regs_pkg::TXS_TICK_CYCLES)
  ) tx_sched_inst (
    .clk(clk), .rst(rst),
    .f_wr_en(f_wr_en), .f_wr_addr(f_wr_addr), .f_wr_data(f_wr_data), .wr_hit(txs_wr_hit),
    .f_rd_en(f_rd_en), .f_rd_addr(f_rd_addr), .rd_sel(txs_rd_sel), .rd_data(txs_rd_data),
    .stat_tx_valid(stat_tx_valid), .stat_tx_vif(stat_tx_vif), .stat_tx_len(stat_tx_len)
  );

  assign fw_wr_err_m = f_wr_err && !txs_wr_hit && !dma_wr_hit;
  assign fw_rd_data_m = txs_rd_sel ? txs_rd_data : dma_rd_sel ? dma_rd_data : f_rd_data;
  assign fw_rd_err_m = f_rd_err && !txs_rd_sel && !dma_rd_sel;

  // ------------------------------------------------------------ DMA engine
  // The per-VIF window check (its table on the firmware window, beside
  // svnic_ctrl_regs), tagged reads completed out of order, writes split at
  // the payload limit: svnic_dma between the command engine and host memory.
  localparam int DMA_TAG_W = $clog2(DMA_TAGS);
  wire dma_wr_hit, dma_rd_sel, dma_fault_event, dma_cpl_bad;
  wire [31:0] dma_rd_data;
  wire [DMA_TAG_W-1:0] dma_rd_tag;

  svnic_dma #(
    .NUM_VIFS(NUM_VIFS),
    .N_WIN(DMA_WINDOWS),
    .N_TAGS(DMA_TAGS),
    .MAX_READ_REQ(DMA_MAX_READ_REQ),
    .MAX_PAYLOAD(DMA_MAX_PAYLOAD)
  ) dma_inst (
    .clk(clk), .rst(rst),
    .f_wr_en(f_wr_en), .f_wr_addr(f_wr_addr), .f_wr_data(f_wr_data), .wr_hit(dma_wr_hit),
    .f_rd_en(f_rd_en), .f_rd_addr(f_rd_addr), .rd_sel(dma_rd_sel), .rd_data(dma_rd_data),
    .s_rd_addr(ce_rd_addr), .s_rd_len(ce_rd_len), .s_rd_domain(ce_rd_domain),
    .s_rd_valid(ce_rd_valid), .s_rd_ready(ce_rd_ready),
    .m_axis_rd_tdata(ce_rd_tdata), .m_axis_rd_tkeep(ce_rd_tkeep), .m_axis_rd_tvalid(ce_rd_tvalid),
    .m_axis_rd_tready(ce_rd_tready), .m_axis_rd_tlast(ce_rd_tlast), .m_axis_rd_tuser(ce_rd_tuser),
    .s_wr_addr(ce_wr_addr), .s_wr_len(ce_wr_len), .s_wr_domain(ce_wr_domain),
    .s_wr_valid(ce_wr_valid), .s_wr_ready(ce_wr_ready),
    .s_axis_wr_tdata(ce_wr_tdata), .s_axis_wr_tvalid(ce_wr_tvalid), .s_axis_wr_tready(ce_wr_tready),
    .m_wr_done_valid(ce_wr_done_valid), .m_wr_done_fault(ce_wr_done_fault),
    .m_wr_done_ready(ce_wr_done_ready),
    .m_dma_rd_req_addr(m_dma_rd_req_addr), .m_dma_rd_req_len(m_dma_rd_req_len),
    .m_dma_rd_req_domain(m_dma_rd_req_domain), .m_dma_rd_req_tag(dma_rd_tag),
    .m_dma_rd_req_valid(m_dma_rd_req_valid), .m_dma_rd_req_ready(m_dma_rd_req_ready),
    .s_axis_dma_rd_tdata(s_axis_dma_rd_tdata), .s_axis_dma_rd_tid(s_axis_dma_rd_tid[DMA_TAG_W-1:0]),
    .s_axis_dma_rd_tvalid(s_axis_dma_rd_tvalid), .s_axis_dma_rd_tready(s_axis_dma_rd_tready),
    .s_axis_dma_rd_tlast(s_axis_dma_rd_tlast), .s_axis_dma_rd_tuser(s_axis_dma_rd_tuser),
    .m_dma_wr_req_addr(m_dma_wr_req_addr), .m_dma_wr_req_len(m_dma_wr_req_len),
    .m_dma_wr_req_domain(m_dma_wr_req_domain), .m_dma_wr_req_valid(m_dma_wr_req_valid),
    .m_dma_wr_req_ready(m_dma_wr_req_ready),
    .m_axis_dma_wr_tdata(m_axis_dma_wr_tdata), .m_axis_dma_wr_tkeep(m_axis_dma_wr_tkeep),
    .m_axis_dma_wr_tvalid(m_axis_dma_wr_tvalid), .m_axis_dma_wr_tready(m_axis_dma_wr_tready),
    .m_axis_dma_wr_tlast(m_axis_dma_wr_tlast),
    .s_dma_wr_done_valid(s_dma_wr_done_valid), .s_dma_wr_done_fault(s_dma_wr_done_fault),
    .fault_event(dma_fault_event), .cpl_bad(dma_cpl_bad)
  );

  assign m_dma_rd_req_tag = 8'(dma_rd_tag);
  // every request's done is taken at once (svnic_dma_wr counts them)
  assign s_dma_wr_done_ready = 1'b1;
  // the engine packs write data itself; refusals are counted in DMAW_FAULTS,
  // a bad completion fails its read (FAULT)
  wire unused_dma = &{1'b0, ce_wr_tkeep, ce_wr_tlast, dma_fault_event, dma_cpl_bad,
                      s_axis_dma_rd_tid[7:DMA_TAG_W]};

  // ------------------------------------------------------------ RX replication
  // One copy per destination VIF: the shared buffer stores a frame for one.
  wire [63:0] rp_tdata;
  wire [7:0] rp_tkeep;
  wire rp_tvalid, rp_tready, rp_tlast, rp_tuser;
  wire [NUM_VIFS-1:0] rp_tdest;

  svnic_rx_repl #(
    .NUM_VIFS(NUM_VIFS),
    .MAX_FRAME_BYTES(MAX_FRAME_BYTES)
  ) rx_repl_inst (
    .clk(clk), .rst(rst),
    .s_axis_tdata(sw_rx_tdata), .s_axis_tkeep(sw_rx_tkeep), .s_axis_tvalid(sw_rx_tvalid),
    .s_axis_tready(sw_rx_tready), .s_axis_tlast(sw_rx_tlast), .s_axis_tuser(sw_rx_tuser),
    .s_axis_tdest(sw_rx_tdest),
    .m_axis_tdata(rp_tdata), .m_axis_tkeep(rp_tkeep), .m_axis_tvalid(rp_tvalid),
    .m_axis_tready(rp_tready && !rxb_init_busy), .m_axis_tlast(rp_tlast), .m_axis_tuser(rp_tuser),
    .m_axis_tdest(rp_tdest)
  );

  // ------------------------------------------------------------ RX checksum verification
  // Parser and svnic_csum_rx on every copy; the verdict and the RSS hash
  // are stored with the frame in the shared buffer (RX_HEAD_META).
  wire [63:0] vf_tdata;
  wire [7:0] vf_tkeep;
  wire [NUM_VIFS-1:0] vf_tvalid;
  wire vf_tlast, vf_tuser;
  wire [1:0] vf_csum;
  wire [31:0] vf_hash;
  wire [2:0] vf_htype;

  svnic_rx_verify #(
    .NUM_VIFS(NUM_VIFS)
  ) rx_verify_inst (
    .clk(clk), .rst(rst),
    .s_axis_tdata(rp_tdata), .s_axis_tkeep(rp_tkeep), .s_axis_tvalid(rp_tvalid && !rxb_init_busy),
    .s_axis_tready(rp_tready), .s_axis_tlast(rp_tlast), .s_axis_tuser(rp_tuser),
    .s_axis_tdest(rp_tdest),
    .m_axis_tdata(vf_tdata), .m_axis_tkeep(vf_tkeep), .m_axis_tvalid(vf_tvalid),
    .m_axis_tlast(vf_tlast), .m_axis_tuser(vf_tuser), .m_axis_csum_status(vf_csum),
    .m_axis_rss_hash(vf_hash), .m_axis_rss_type(vf_htype)
  );

  wire unused_csum = &{1'b0, cs_tuser_unused, cs_inserted_unused, cs_oversize_unused, cs_refused_count_unused};

  // ------------------------------------------------------------ RX buffer
  // svnic_rx_verify has no back-pressure and its copies are one-hot; the
  // shared buffer takes a beat every cycle once it has cleared its RAMs
  // after reset, and until then nothing enters svnic_rx_verify (the
  // replicator's output is held).
  wire [VIF_W-1:0] vf_vif;
  wire pb_tready_unused;
  wire rxb_req_valid, rxb_req_ready, rxb_empty;
  wire [VIF_W-1:0] rxb_req_vif, rxb_rel_vif;
  wire rxb_rel_valid;
  wire [15:0] rxb_rel_len;
  wire [63:0] pb_tdata;
  wire [7:0] pb_tkeep;
  wire pb_tvalid, pb_tlast;
  wire [VIF_W-1:0] pb_tdest_unused;
  wire [RX_META_W-1:0] pb_tmeta;

  // the number of the one VIF a copy is for: bit b of it is set when the
  // copy's VIF is one whose number has bit b set (constant masks, no loop
  // evaluated per cycle)
  function automatic [NUM_VIFS-1:0] vif_bit_mask(input int b);
    for (int i = 0; i < NUM_VIFS; i++) vif_bit_mask[i] = ((i >> b) & 1) != 0;
  endfunction

  genvar vb;
  generate
    for (vb = 0; vb < VIF_W; vb = vb + 1) begin : g_vf_vif
      localparam logic [NUM_VIFS-1:0] MASK = vif_bit_mask(vb);
      assign vf_vif[vb] = |(vf_tvalid & MASK);
    end
  endgenerate

  // a quota above the cell count means all of it
  wire [RXB_CELL_W:0] rxb_quota = rxb_quota_wr_cells > 32'(RXB_CELLS) ? (RXB_CELL_W + 1)'(RXB_CELLS)
                                                                      : rxb_quota_wr_cells[RXB_CELL_W:0];

  svnic_rx_pktbuf #(
    .NUM_VIFS(NUM_VIFS),
    .BUF_BYTES(RXBUF_BYTES),
    .CELL_BYTES(RXB_CELL_BYTES),
    .DESC_PER_VIF(RXB_DESC),
    .MAX_FRAME(MAX_FRAME_BYTES),
    .CNT_W(64),
    .META_W(RX_META_W),
    .RELEASE_AT_POP(1)
  ) rx_pktbuf_inst (
    .clk(clk), .rst(rst),
    .init_busy(rxb_init_busy),
    .cfg_wr_en(rxb_quota_wr_en), .cfg_wr_vif(rxb_quota_wr_vif), .cfg_wr_quota(rxb_quota),
    .s_axis_tdata(vf_tdata), .s_axis_tkeep(vf_tkeep), .s_axis_tvalid(|vf_tvalid),
    .s_axis_tready(pb_tready_unused), .s_axis_tlast(vf_tlast), .s_axis_tuser(vf_tuser),
    .s_axis_tdest(vf_vif), .s_axis_tmeta({vf_htype, vf_hash, vf_csum}),
    .ev_valid(rxb_ev_valid), .ev_vif(rxb_ev_vif), .ev_len(rxb_ev_len), .ev_status(rxb_ev_status),
    .rd_req_valid(rxb_req_valid), .rd_req_ready(rxb_req_ready), .rd_req_vif(rxb_req_vif), .rd_empty(rxb_empty),
    .rel_valid(rxb_rel_valid), .rel_vif(rxb_rel_vif), .rel_len(rxb_rel_len),
    .m_axis_tdata(pb_tdata), .m_axis_tkeep(pb_tkeep), .m_axis_tvalid(pb_tvalid), .m_axis_tready(1'b1),
    .m_axis_tlast(pb_tlast), .m_axis_tdest(pb_tdest_unused), .m_axis_tmeta(pb_tmeta),
    .free_cells(rxb_free_cells),
    .stat_vif(rxb_stat_vif), .stat_sel(rxb_stat_sel), .stat_frames(rxb_stat_frames),
    .stat_cells(rxb_stat_cells), .stat_quota(rxb_stat_quota), .stat_count(rxb_stat_count)
  );

  svnic_rx_stage #(
    .NUM_VIFS(NUM_VIFS),
    .SLOT_BYTES(SLOT_BYTES),
    .META_W(RX_META_W)
  ) rx_stage_inst (
    .clk(clk), .rst(rst),
    .rd_req_valid(rxb_req_valid), .rd_req_ready(rxb_req_ready), .rd_req_vif(rxb_req_vif), .rd_empty(rxb_empty),
    .rel_valid(rxb_rel_valid), .rel_vif(rxb_rel_vif), .rel_len(rxb_rel_len),
    .ev_admit(rxb_ev_valid && rxb_ev_status == 2'd0), .ev_vif(rxb_ev_vif),
    .s_axis_tdata(pb_tdata), .s_axis_tkeep(pb_tkeep), .s_axis_tvalid(pb_tvalid), .s_axis_tlast(pb_tlast),
    .s_axis_tmeta(pb_tmeta),
    .head_valid(rx_head_valid), .head_busy(rx_head_busy),
    .reg_vif(reg_head_vif), .reg_head_len(reg_head_len), .reg_head_meta(reg_head_meta),
    .rd_vif(rx_vif), .rd_head_len(rx_head_len), .rd_en(rx_rd_en), .rd_addr(rx_rd_addr), .rd_data(rx_rd_data), .pop(rx_pop)
  );

  wire unused_rx = &{1'b0, pb_tready_unused, pb_tdest_unused};

endmodule

`resetall
