// SPDX-License-Identifier: MIT
`resetall
`timescale 1ns / 1ps
`default_nettype none

/*
 * DMA window check: every DMA job of a VIF is checked against that VIF's
 * windows before any request of it is issued (register map 2.6,
 * SVNIC_FW_DMAW_* in include/svnic/regs.h).
 *
 * A job (addr, len, domain = VIF, write) passes through: it comes out on
 * m_job_* with refused set unless [addr, addr + len) lies wholly inside one
 * valid window of its VIF (len 0, a VIF out of range or a range that wraps
 * past 2^64 are refused too). The check reads the VIF's windows from block
 * RAM, one a cycle from the cycle the job is taken, and stops at the first
 * that holds it: a job comes out 2 cycles after it was taken when its VIF's
 * first window holds it, N_WIN + 2 when it is refused. A refusal counts
 * in FAULTS when the job is handed on, pulses fault_event, and is recorded
 * in FAULT_INFO / FAULT_ADDR / FAULT_LEN unless an earlier one is still
 * unread there.
 *
 * Windows are stored as base and last byte; their valid bits are flops, so
 * every window is invalid right after reset. The firmware writes them
 * through its register window: this block snoops the port beside
 * svnic_ctrl_regs (wr_hit / rd_sel say an access is this block's; reads
 * have one cycle of latency).
 */
module svnic_dma_win #(
  parameter int NUM_VIFS = 4,   // VIFs (2..MAX_VIFS)
  parameter int N_WIN    = 8,   // windows per VIF (power of two, 2..16)
  parameter int LEN_W    = 16,  // job length width (bytes)
  parameter int VIF_W    = $clog2(NUM_VIFS)  // derived
) (
  input  wire               clk,
  input  wire               rst,

  /* firmware window register port (shared with svnic_ctrl_regs) */
  input  wire               f_wr_en,
  input  wire [15:0]        f_wr_addr,
  input  wire [31:0]        f_wr_data,
  output wire               wr_hit,      // the write is this block's (no error)
  input  wire               f_rd_en,
  input  wire [15:0]        f_rd_addr,
  output wire               rd_sel,      // the last read was this block's
  output wire [31:0]        rd_data,

  /* jobs to check */
  input  wire [63:0]        s_job_addr,
  input  wire [LEN_W-1:0]   s_job_len,
  input  wire [7:0]         s_job_domain,
  input  wire               s_job_write,
  input  wire               s_job_valid,
  output wire               s_job_ready,

  /* checked jobs */
  output wire [63:0]        m_job_addr,
  output wire [LEN_W-1:0]   m_job_len,
  output wire [7:0]         m_job_domain,
  output wire               m_job_write,
  output wire               m_job_refused,
  output wire               m_job_valid,
  input  wire               m_job_ready,

  /* a job was refused */
  output wire               fault_event
);

  localparam int WIN_W = $clog2(N_WIN);
  localparam int RAM_WORDS = (1 << VIF_W) * N_WIN;
  localparam logic [31:0] NV32 = NUM_VIFS;
  localparam logic [31:0] NW32 = N_WIN;

  initial begin
    if (NUM_VIFS < 2 || NUM_VIFS > svnic_regs_pkg::MAX_VIFS) $error("NUM_VIFS must be 2..MAX_VIFS (%m)");
    if (N_WIN < 2 || N_WIN > 16 || (N_WIN & (N_WIN - 1)) != 0)
      $error("N_WIN must be a power of two in 2..16 (%m)");
    if (LEN_W < 1 || LEN_W > 32) $error("LEN_W must be 1..32 (%m)");
  end

  // ------------------------------------------------------------ registers
  localparam logic [31:0] A_WINDOWS = svnic_regs_pkg::FW_DMAW_WINDOWS;
  localparam logic [31:0] A_BASE_LO = svnic_regs_pkg::FW_DMAW_BASE_LO;
  localparam logic [31:0] A_BASE_HI = svnic_regs_pkg::FW_DMAW_BASE_HI;
  localparam logic [31:0] A_SIZE_LO = svnic_regs_pkg::FW_DMAW_SIZE_LO;
  localparam logic [31:0] A_SIZE_HI = svnic_regs_pkg::FW_DMAW_SIZE_HI;
  localparam logic [31:0] A_WRITE = svnic_regs_pkg::FW_DMAW_WRITE;
  localparam logic [31:0] A_STATUS = svnic_regs_pkg::FW_DMAW_STATUS;
  localparam logic [31:0] A_FAULTS = svnic_regs_pkg::FW_DMAW_FAULTS;
  localparam logic [31:0] A_FINFO = svnic_regs_pkg::FW_DMAW_FAULT_INFO;
  localparam logic [31:0] A_FADDR_LO = svnic_regs_pkg::FW_DMAW_FAULT_ADDR_LO;
  localparam logic [31:0] A_FADDR_HI = svnic_regs_pkg::FW_DMAW_FAULT_ADDR_HI;
  localparam logic [31:0] A_FLEN = svnic_regs_pkg::FW_DMAW_FAULT_LEN;
  localparam int VSH = svnic_regs_pkg::DMAW_WRITE_VIF_SHIFT;

  wire [31:0] wa = {16'd0, f_wr_addr[15:2], 2'b00};
  wire [31:0] ra = {16'd0, f_rd_addr[15:2], 2'b00};
  assign wr_hit = wa == A_BASE_LO || wa == A_BASE_HI || wa == A_SIZE_LO || wa == A_SIZE_HI ||
                  wa == A_WRITE;
  wire r_hit = ra == A_WINDOWS || ra == A_BASE_LO || ra == A_BASE_HI || ra == A_SIZE_LO ||
               ra == A_SIZE_HI || ra == A_WRITE || ra == A_STATUS || ra == A_FAULTS ||
               ra == A_FINFO || ra == A_FADDR_LO || ra == A_FADDR_HI || ra == A_FLEN;

  logic [63:0] stage_base_reg = '0;
  logic [63:0] stage_size_reg = '0;
  logic refused_wr_reg = 1'b0;
  logic [31:0] faults_reg = '0;
  logic finfo_valid_reg = 1'b0;
  logic [7:0] finfo_vif_reg = '0;
  logic finfo_write_reg = 1'b0;
  logic [63:0] faddr_reg = '0;
  logic [LEN_W-1:0] flen_reg = '0;
  logic rd_sel_reg = 1'b0;
  logic [31:0] rd_data_reg = '0;

  // a window write: in range, and base + size - 1 does not wrap
  wire [31:0] w_vif = 32'(f_wr_data[VSH +: 8]);
  wire [31:0] w_idx = 32'(f_wr_data[7:0]);
  wire [64:0] w_end = {1'b0, stage_base_reg} + {1'b0, stage_size_reg};  // one past the last byte
  wire w_clear = stage_size_reg == 64'd0;
  wire w_bad = w_vif >= NV32 || w_idx >= NW32 || f_wr_data[31:16] != 16'd0 ||
               (!w_clear && w_end > 65'h1_0000_0000_0000_0000);
  wire w_store = f_wr_en && wa == A_WRITE && !w_bad;
  wire [VIF_W+WIN_W-1:0] w_slot = {w_vif[VIF_W-1:0], w_idx[WIN_W-1:0]};
  wire [63:0] w_last = w_end[63:0] - 64'd1;

  // valid bits in flops (cleared by reset), base and last byte in RAM
  logic [RAM_WORDS-1:0] win_valid_reg = '0;
  wire [135:0] ram_rd_data;
  logic ram_rd_en;
  logic [VIF_W+WIN_W-1:0] ram_rd_addr;

  svnic_sdp_ram #(
    .WORDS(RAM_WORDS),
    .BYTES(17)
  ) win_ram (
    .clk(clk),
    .wr_addr(w_slot),
    .wr_data({8'd0, w_last, stage_base_reg}),
    .wr_be({17{w_store && !w_clear}}),
    .rd_en(ram_rd_en),
    .rd_addr(ram_rd_addr),
    .rd_data(ram_rd_data)
  );

  // ------------------------------------------------------------ check
  typedef enum logic [1:0] {S_IDLE, S_SCAN, S_OUT} state_t;
  state_t state_reg = S_IDLE;

  logic [63:0] addr_reg = '0;
  logic [LEN_W-1:0] len_reg = '0;
  logic [7:0] dom_reg = '0;
  logic write_reg = 1'b0;
  logic [63:0] last_reg = '0;      // addr + len - 1
  logic bad_reg = 1'b0;            // refused whatever the windows say
  logic [WIN_W:0] idx_reg = '0;    // next window to read
  logic cmp_reg = 1'b0;            // ram_rd_data holds window cmp_idx_reg
  logic [WIN_W-1:0] cmp_idx_reg = '0;
  logic hit_reg = 1'b0;

  wire [64:0] j_end = {1'b0, s_job_addr} + 65'(s_job_len);   // one past the last byte
  wire [63:0] j_last = j_end[63:0] - 64'd1;
  wire j_bad = s_job_len == '0 || j_end > 65'h1_0000_0000_0000_0000 ||
               32'(s_job_domain) >= NV32;
  wire [VIF_W-1:0] dom = dom_reg[VIF_W-1:0];
  wire [63:0] win_base = ram_rd_data[63:0];
  wire [63:0] win_last = ram_rd_data[127:64];
  wire cmp_valid = win_valid_reg[{dom, cmp_idx_reg}];
  wire cmp_hit = cmp_reg && cmp_valid && addr_reg >= win_base && last_reg <= win_last;
  wire scan_done = idx_reg == (WIN_W + 1)'(N_WIN);
  wire [VIF_W-1:0] s_dom = s_job_domain[VIF_W-1:0];
  wire refuse = bad_reg || !hit_reg;
  wire hand_on = state_reg == S_OUT && m_job_ready;

  // window 0 is read as the job is taken, the next ones while none held it
  always_comb begin
    ram_rd_en = (state_reg == S_IDLE && s_job_valid) || (state_reg == S_SCAN && !scan_done && !cmp_hit);
    ram_rd_addr = state_reg == S_IDLE ? {s_dom, {WIN_W{1'b0}}} : {dom, idx_reg[WIN_W-1:0]};
  end

  assign s_job_ready = state_reg == S_IDLE;
  assign m_job_addr = addr_reg;
  assign m_job_len = len_reg;
  assign m_job_domain = dom_reg;
  assign m_job_write = write_reg;
  assign m_job_refused = refuse;
  assign m_job_valid = state_reg == S_OUT;
  assign fault_event = hand_on && refuse;
  assign rd_sel = rd_sel_reg;
  assign rd_data = rd_data_reg;

  wire [31:0] finfo_word = finfo_valid_reg ?
      (svnic_regs_pkg::DMAW_FAULT_VALID | (finfo_write_reg ? svnic_regs_pkg::DMAW_FAULT_WRITE : 32'd0) |
       32'(finfo_vif_reg)) : 32'd0;
  logic [31:0] r_val;
  always_comb begin
    r_val = 32'd0;
    if (ra == A_WINDOWS) r_val = NW32;
    else if (ra == A_BASE_LO) r_val = stage_base_reg[31:0];
    else if (ra == A_BASE_HI) r_val = stage_base_reg[63:32];
    else if (ra == A_SIZE_LO) r_val = stage_size_reg[31:0];
    else if (ra == A_SIZE_HI) r_val = stage_size_reg[63:32];
    else if (ra == A_STATUS) r_val = {31'd0, refused_wr_reg};
    else if (ra == A_FAULTS) r_val = faults_reg;
    else if (ra == A_FINFO) r_val = finfo_word;
    else if (ra == A_FADDR_LO) r_val = faddr_reg[31:0];
    else if (ra == A_FADDR_HI) r_val = faddr_reg[63:32];
    else if (ra == A_FLEN) r_val = 32'(flen_reg);
  end

  always_ff @(posedge clk) begin
    // register port
    if (f_rd_en) begin
      rd_sel_reg <= r_hit;
      rd_data_reg <= r_val;
      if (ra == A_FINFO) finfo_valid_reg <= 1'b0;
    end
    if (f_wr_en) begin
      if (wa == A_BASE_LO) stage_base_reg[31:0] <= f_wr_data;
      if (wa == A_BASE_HI) stage_base_reg[63:32] <= f_wr_data;
      if (wa == A_SIZE_LO) stage_size_reg[31:0] <= f_wr_data;
      if (wa == A_SIZE_HI) stage_size_reg[63:32] <= f_wr_data;
      if (wa == A_WRITE) refused_wr_reg <= w_bad;
    end
    if (w_store) win_valid_reg[w_slot] <= !w_clear;

    // check
    cmp_reg <= ram_rd_en;
    cmp_idx_reg <= ram_rd_addr[WIN_W-1:0];
    case (state_reg)
      S_IDLE: if (s_job_valid) begin
        addr_reg <= s_job_addr;
        len_reg <= s_job_len;
        dom_reg <= s_job_domain;
        write_reg <= s_job_write;
        last_reg <= j_last;
        bad_reg <= j_bad;
        idx_reg <= (WIN_W + 1)'(1);
        hit_reg <= 1'b0;
        state_reg <= S_SCAN;
      end
      S_SCAN: begin
        if (ram_rd_en) idx_reg <= idx_reg + 1'b1;
        // a window holds it: done; none did: the last compare is the
        // cycle after the last read
        if (cmp_hit) begin
          hit_reg <= 1'b1;
          state_reg <= S_OUT;
        end else if (scan_done && !cmp_reg) begin
          state_reg <= S_OUT;
        end
      end
      S_OUT: if (m_job_ready) state_reg <= S_IDLE;
      default: state_reg <= S_IDLE;
    endcase

    // a refusal: counted, recorded unless one is unread (a FAULT_INFO read
    // in the same cycle clears the old one first)
    if (fault_event) begin
      faults_reg <= faults_reg + 1'b1;
      if (!finfo_valid_reg || (f_rd_en && ra == A_FINFO)) begin
        finfo_valid_reg <= 1'b1;
        finfo_vif_reg <= dom_reg;
        finfo_write_reg <= write_reg;
        faddr_reg <= addr_reg;
        flen_reg <= len_reg;
      end
    end

    if (rst) begin
      state_reg <= S_IDLE;
      win_valid_reg <= '0;
      cmp_reg <= 1'b0;
      refused_wr_reg <= 1'b0;
      faults_reg <= '0;
      finfo_valid_reg <= 1'b0;
      rd_sel_reg <= 1'b0;
    end
  end

  wire unused_ok = &{1'b0, f_wr_addr[1:0], f_rd_addr[1:0], w_vif, w_idx, ram_rd_data[135:128],
                     j_end[63:0], w_end[63:0]};

endmodule

`resetall
