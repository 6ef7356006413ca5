// SPDX-License-Identifier: MIT
`resetall
`timescale 1ns / 1ps
`default_nettype none

/*
 * Interrupt vector table with moderation, MSI-X style: every vector has a
 * mask bit, a pending bit, and a moderation setting (max_frames,
 * max_usecs).
 *
 *  - A raise of an unmasked vector is held; the held raises of a vector
 *    become one message when max_frames of them have accumulated, or when
 *    max_usecs have passed since the first of them (whichever comes first;
 *    0 disables that limit, 0/0 sends at once, the reset default).
 *  - A raise of a masked vector sets its pending bit; so does a masked
 *    vector's held raises coming due. Unmasking a vector with its pending
 *    bit set sends the message. A message already in the output register
 *    is sent even when its vector is masked meanwhile.
 *  - A raise of a vector waiting in the output register coalesces with it.
 *
 * The per-vector state (pending, held count, time of the first held raise)
 * and the settings live in RAM-style arrays: one engine does one operation
 * a cycle, a raise, an unmask, or else one step of a scan that visits every
 * vector in turn to find timers that ran out and messages that found the
 * output busy. So a timer fires between max_usecs - 1 and max_usecs
 * microseconds after the first held raise (the time base counts whole
 * microseconds), plus at most one scan (NUM_VEC cycles); the scan also
 * bounds how long a message waits behind a busy output.
 *
 * Two pipeline stages (read, then modify and write back); the second
 * forwards its own write and the settings written in the cycle of the
 * read. After reset the table clears itself for NUM_VEC cycles
 * (init_busy): raises and setting writes are ignored then.
 *
 * raise and cfg_wr_en come from register writes (svnic_axil_regif): at
 * most one of each every other cycle. An unmask waits one cycle when a
 * raise takes the engine.
 */
module svnic_irq #(
  parameter int NUM_VEC       = 8,    // vectors (1..2048)
  parameter int CYCLES_PER_US = 250,  // clock cycles per microsecond (SVNIC_CLOCK_HZ / 1e6)
  parameter int FRAMES_W      = 8,    // max_frames width (held raises saturate at its maximum)
  parameter int USECS_W       = 16,   // max_usecs width
  parameter int VEC_W   = NUM_VEC > 1 ? $clog2(NUM_VEC) : 1,  // derived
  parameter int PBA_WORDS = (NUM_VEC + 31) / 32,              // derived
  parameter int PBA_W   = PBA_WORDS > 1 ? $clog2(PBA_WORDS) : 1,  // derived
  parameter int CFG_W   = FRAMES_W > USECS_W ? FRAMES_W : USECS_W  // derived: setting width
) (
  input  wire              clk,
  input  wire              rst,
  output wire              init_busy,     // clearing the table after reset

  /* raise a vector (firmware) */
  input  wire              raise,
  input  wire [VEC_W-1:0]  raise_vec,

  /* table write: one setting of one vector (sel 0 mask, 1 max_frames, 2 max_usecs) */
  input  wire              cfg_wr_en,
  input  wire [VEC_W-1:0]  cfg_wr_vec,
  input  wire [1:0]        cfg_wr_sel,
  input  wire [CFG_W-1:0]  cfg_wr_data,

  /* table and pending-bit read: data the cycle after rd_en, held until the next */
  input  wire              rd_en,
  input  wire              rd_pba,         // 1: pending bits of vectors 32 * rd_word ..
  input  wire [PBA_W-1:0]  rd_word,
  input  wire [VEC_W-1:0]  rd_vec,         // 0: setting rd_sel of vector rd_vec
  input  wire [1:0]        rd_sel,
  output wire [31:0]       rd_data,

  /* interrupt messages */
  output wire              m_irq_valid,
  input  wire              m_irq_ready,
  output wire [15:0]       m_irq_vector
);

  localparam int PBA_IW = $clog2(PBA_WORDS * 32);
  localparam int TS_W = USECS_W + 1;  // time of the first held raise, microseconds (wraps)
  localparam int ST_W = 1 + FRAMES_W + TS_W;  // {pending, held count, first raise time}
  localparam int US_CW = CYCLES_PER_US > 1 ? $clog2(CYCLES_PER_US) : 1;
  localparam logic [1:0] K_RAISE = 2'd0;
  localparam logic [1:0] K_UNMASK = 2'd1;
  localparam logic [1:0] K_SCAN = 2'd2;

  initial begin
    if (NUM_VEC < 1 || NUM_VEC > 2048) $error("NUM_VEC must be 1..2048 (%m)");
    if (CYCLES_PER_US < 1) $error("CYCLES_PER_US must be >= 1 (%m)");
    if (FRAMES_W < 1 || FRAMES_W > 16 || USECS_W < 1 || USECS_W > 24) $error("FRAMES_W 1..16, USECS_W 1..24 (%m)");
  end

  // ------------------------------------------------------------ arrays
  logic              mask_mem [0:NUM_VEC-1];
  logic [FRAMES_W-1:0] frames_mem [0:NUM_VEC-1];
  logic [USECS_W-1:0]  usecs_mem [0:NUM_VEC-1];
  logic [ST_W-1:0]     st_mem [0:NUM_VEC-1];
  logic [PBA_WORDS*32-1:0] pba_reg = '0;  // the pending bits, mirrored for reads

  // ------------------------------------------------------------ time base
  logic [US_CW-1:0] cyc_reg = '0;
  logic [TS_W-1:0] now_reg = '0;
  always_ff @(posedge clk) begin
    if (cyc_reg == US_CW'(CYCLES_PER_US - 1)) begin
      cyc_reg <= '0;
      now_reg <= now_reg + 1'b1;
    end else begin
      cyc_reg <= cyc_reg + 1'b1;
    end
    if (rst) begin
      cyc_reg <= '0;
      now_reg <= '0;
    end
  end

  // ------------------------------------------------------------ init sweep
  logic init_reg = 1'b1;
  logic [VEC_W-1:0] init_ptr_reg = '0;
  assign init_busy = init_reg;

  // ------------------------------------------------------------ stage A: pick
  logic unm_reg = 1'b0;
  logic [VEC_W-1:0] unm_vec_reg = '0;
  logic [VEC_W-1:0] scan_reg = '0;

  wire a_raise = raise && !init_reg;
  wire a_unmask = unm_reg && !a_raise;
  wire [1:0] a_kind = a_raise ? K_RAISE : a_unmask ? K_UNMASK : K_SCAN;
  wire [VEC_W-1:0] a_vec = a_raise ? raise_vec : a_unmask ? unm_vec_reg : scan_reg;
  wire cfg_we = cfg_wr_en && !init_reg;

  logic b_valid_reg = 1'b0;
  logic [1:0] b_kind_reg = K_SCAN;
  logic [VEC_W-1:0] b_vec_reg = '0;
  logic [ST_W-1:0] st_q_reg = '0;
  logic b_mask_q_reg = 1'b0;
  logic [FRAMES_W-1:0] b_frames_q_reg = '0;
  logic [USECS_W-1:0] b_usecs_q_reg = '0;
  // the setting written in the cycle of stage A's read (forwarded)
  logic cw_valid_reg = 1'b0;
  logic [VEC_W-1:0] cw_vec_reg = '0;
  logic [1:0] cw_sel_reg = '0;
  logic [CFG_W-1:0] cw_data_reg = '0;
  // stage B's last write (forwarded to the next operation on the vector)
  logic fw_valid_reg = 1'b0;
  logic [VEC_W-1:0] fw_vec_reg = '0;
  logic [ST_W-1:0] fw_st_reg = '0;

  // ------------------------------------------------------------ stage B: modify
  logic valid_reg = 1'b0;
  logic [VEC_W-1:0] vec_reg = '0;
  assign m_irq_valid = valid_reg;
  assign m_irq_vector = 16'(vec_reg);
  wire accept = valid_reg && m_irq_ready;

  wire cw_hit = cw_valid_reg && cw_vec_reg == b_vec_reg;
  wire b_mask = b_kind_reg == K_UNMASK ? 1'b0 : (cw_hit && cw_sel_reg == 2'd0) ? cw_data_reg[0] : b_mask_q_reg;
  wire [FRAMES_W-1:0] b_frames = (cw_hit && cw_sel_reg == 2'd1) ? cw_data_reg[FRAMES_W-1:0] : b_frames_q_reg;
  wire [USECS_W-1:0] b_usecs = (cw_hit && cw_sel_reg == 2'd2) ? cw_data_reg[USECS_W-1:0] : b_usecs_q_reg;
  wire [ST_W-1:0] b_st = (fw_valid_reg && fw_vec_reg == b_vec_reg) ? fw_st_reg : st_q_reg;
  wire st_pend = b_st[ST_W-1];
  wire [FRAMES_W-1:0] st_cnt = b_st[TS_W +: FRAMES_W];
  wire [TS_W-1:0] st_t0 = b_st[TS_W-1:0];

  logic n_pend;
  logic [FRAMES_W-1:0] n_cnt;
  logic [TS_W-1:0] n_t0;
  logic due;
  logic load;
  logic [TS_W-1:0] elapsed;
  always_comb begin
    n_pend = st_pend;
    n_cnt = st_cnt;
    n_t0 = st_t0;
    load = 1'b0;
    if (b_kind_reg == K_RAISE) begin
      if (b_mask) begin
        n_pend = 1'b1;
      end else begin
        if (st_cnt == '0) n_t0 = now_reg;
        if (st_cnt != '1) n_cnt = st_cnt + 1'b1;
      end
    end
    elapsed = now_reg - n_t0;
    due = n_cnt != '0 && ((b_frames == '0 && b_usecs == '0) || (b_frames != '0 && n_cnt >= b_frames) ||
                          (b_usecs != '0 && elapsed >= TS_W'(b_usecs)));
    if (b_mask) begin
      if (due) begin
        n_pend = 1'b1;
        n_cnt = '0;
      end
    end else if (n_pend || due) begin
      if (valid_reg && !accept && vec_reg == b_vec_reg) begin
        // the message waiting in the output covers it
        n_pend = 1'b0;
        n_cnt = '0;
      end else if (!valid_reg || accept) begin
        load = 1'b1;
        n_pend = 1'b0;
        n_cnt = '0;
      end
    end
    if (!b_valid_reg) load = 1'b0;
  end
  wire [ST_W-1:0] n_st = {n_pend, n_cnt, n_t0};

  wire [2:0] set_we = init_reg ? 3'b111 : cfg_we ? 3'(1 << cfg_wr_sel) : 3'b000;
  wire [VEC_W-1:0] set_wa = init_reg ? init_ptr_reg : cfg_wr_vec;
  wire [CFG_W-1:0] set_wd = init_reg ? '0 : cfg_wr_data;

  // ------------------------------------------------------------ read port
  logic [31:0] rd_data_reg = '0;
  assign rd_data = rd_data_reg;

  // ------------------------------------------------------------ sequential
  always_ff @(posedge clk) begin
    // stage A; one write port per array, shared with the init sweep
    if (set_we[0]) mask_mem[set_wa] <= set_wd[0];
    if (set_we[1]) frames_mem[set_wa] <= set_wd[FRAMES_W-1:0];
    if (set_we[2]) usecs_mem[set_wa] <= set_wd[USECS_W-1:0];
    st_q_reg <= st_mem[a_vec];
    b_mask_q_reg <= mask_mem[a_vec];
    b_frames_q_reg <= frames_mem[a_vec];
    b_usecs_q_reg <= usecs_mem[a_vec];
    b_valid_reg <= !init_reg;
    b_kind_reg <= a_kind;
    b_vec_reg <= a_vec;
    cw_valid_reg <= cfg_we;
    cw_vec_reg <= cfg_wr_vec;
    cw_sel_reg <= cfg_wr_sel;
    cw_data_reg <= cfg_wr_data;
    if (!init_reg && a_kind == K_SCAN)
      scan_reg <= scan_reg == VEC_W'(NUM_VEC - 1) ? '0 : scan_reg + 1'b1;
    if (a_unmask) unm_reg <= 1'b0;
    if (cfg_we && cfg_wr_sel == 2'd0 && !cfg_wr_data[0]) begin
      unm_reg <= 1'b1;
      unm_vec_reg <= cfg_wr_vec;
    end

    // stage B
    if (b_valid_reg || init_reg) st_mem[init_reg ? init_ptr_reg : b_vec_reg] <= init_reg ? '0 : n_st;
    if (b_valid_reg) pba_reg[PBA_IW'(b_vec_reg)] <= n_pend;
    fw_valid_reg <= b_valid_reg;
    fw_vec_reg <= b_vec_reg;
    fw_st_reg <= n_st;
    if (accept) valid_reg <= 1'b0;
    if (load) begin
      valid_reg <= 1'b1;
      vec_reg <= b_vec_reg;
    end

    if (init_reg) begin
      init_ptr_reg <= init_ptr_reg + 1'b1;
      if (init_ptr_reg == VEC_W'(NUM_VEC - 1)) init_reg <= 1'b0;
    end

    if (rd_en) begin
      if (rd_pba) rd_data_reg <= pba_reg[32 * 32'(rd_word) +: 32];
      else if (rd_sel == 2'd0) rd_data_reg <= {31'd0, mask_mem[rd_vec]};
      else if (rd_sel == 2'd1) rd_data_reg <= 32'(frames_mem[rd_vec]);
      else if (rd_sel == 2'd2) rd_data_reg <= 32'(usecs_mem[rd_vec]);
      else rd_data_reg <= 32'd0;
    end

    if (rst) begin
      init_reg <= 1'b1;
      init_ptr_reg <= '0;
      unm_reg <= 1'b0;
      scan_reg <= '0;
      b_valid_reg <= 1'b0;
      cw_valid_reg <= 1'b0;
      fw_valid_reg <= 1'b0;
      valid_reg <= 1'b0;
      pba_reg <= '0;
      rd_data_reg <= '0;
    end
  end

endmodule

`resetall
