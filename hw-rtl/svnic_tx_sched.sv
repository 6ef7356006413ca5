// SPDX-License-Identifier: MIT
`resetall
`timescale 1ns / 1ps
`default_nettype none

/*
 * TX scheduler: deficit round robin (DRR) with a per-VIF quantum, combined
 * with a per-VIF token bucket, over up to 256 VIFs.
 *
 * Structure (scales with NUM_VIFS without a NUM_VIFS-wide mux or priority
 * encoder in any cycle):
 *  - Per-VIF state {active, deficit, tokens, last refill tick} and per-VIF
 *    configuration {quantum, rate, burst} live in RAMs indexed by VIF,
 *    read with one cycle of latency (block or LUT RAM).
 *  - VIFs with frames pending sit in an active queue, a FIFO of VIF numbers
 *    (NUM_VIFS entries; a VIF is in it at most once, so it never overflows).
 *  - One operation at a time goes through a three-cycle read / compute /
 *    write sequence (IDLE -> CALC -> EXEC), so no two operations ever touch
 *    the same state word at once: no forwarding, no in-flight table.
 *    Operations by priority: frame done, doorbell, visit of the queue head.
 *  Cost: one visit per 3 cycles, which is ample for 64-byte frames on a
 *  64-bit datapath (8 cycles each); a 512-bit datapath at line rate would
 *  need the pipelined form (several visits in flight, committed in order).
 *
 * Sources tell the scheduler that a VIF has frames with a doorbell
 * (s_axis_doorbell, idempotent). Exactly one grant is outstanding at a time:
 * the consumer takes it (m_axis_grant), sends one frame from that VIF and
 * reports it on s_axis_done with the frame length (tdata) and whether the
 * VIF still has frames queued (tuser). The next grant can come 3 cycles
 * after the done.
 *
 * DRR with charging after the fact (the frame length is only known at done):
 *  - visit of the queue head v (popped): if v is rate limited and has no
 *    tokens, it goes back to the tail untouched (skipped until refilled).
 *    Otherwise, if deficit <= 0, deficit += quantum; then if deficit > 0, v
 *    is granted, else it goes back to the tail (it waits a round).
 *  - done for v: deficit -= len; tokens -= len (rate limited only). With
 *    frames left: granted again at once if deficit > 0 and tokens allow,
 *    else back to the tail. Without: inactive, a positive deficit is
 *    dropped (a negative one is kept as debt).
 *  Each backlogged VIF thus receives quantum bytes per round, within one
 *  frame plus one quantum over any window. The quantum must be non-zero.
 *
 * Token bucket: tokens grow by `rate` bytes every TICK_CYCLES cycles, up to
 * `burst`; they are refilled lazily from the tick count when a VIF is
 * visited or charged. A rate-limited VIF is granted only with tokens > 0, so
 * over any window it sends at most burst + rate * ticks + one frame.
 * rate = 0 means unlimited (tokens unused). Buckets start empty at reset.
 * The last-refill tick is TS_W bits wide: a rate-limited VIF idle for more
 * than 2^TS_W ticks may see a short refill (never an excess).
 *
 * Configuration: cfg_wr_* writes one field of one VIF (quantum, rate or
 * burst); it takes effect at that VIF's next operation. After reset the
 * scheduler spends NUM_VIFS cycles initializing its RAMs (init_busy), during
 * which configuration writes are ignored and no doorbell is taken.
 * Doorbells for VIF numbers >= NUM_VIFS are taken and ignored.
 */
module svnic_tx_sched #(
  parameter int NUM_VIFS        = 4,      // VIFs (2..256)
  parameter int LEN_W           = 16,     // frame length width (bytes)
  parameter int QUANTUM_W       = 16,     // DRR quantum width (bytes)
  parameter int RATE_W          = 16,     // token rate width (bytes per tick)
  parameter int BURST_W         = 20,     // bucket size width (bytes)
  parameter int TS_W            = 32,     // last-refill tick width
  parameter int TICK_CYCLES     = 256,    // clock cycles per token tick (N)
  parameter int DEFAULT_QUANTUM = 2048,   // quantum after reset (bytes, non-zero)
  parameter int DEFAULT_BURST   = 16384,  // burst after reset (bytes)
  parameter int VIF_W           = $clog2(NUM_VIFS)  // VIF number width (derived)
) (
  input  wire                  clk,
  input  wire                  rst,

  /* configuration write port */
  input  wire                  cfg_wr_en,
  input  wire [VIF_W-1:0]      cfg_wr_vif,
  input  wire [1:0]            cfg_wr_sel,    // 0: quantum, 1: rate, 2: burst
  input  wire [31:0]           cfg_wr_data,   // low bits used
  output wire                  init_busy,     // RAM initialization after reset

  /* doorbells: the VIF in tdata has frames queued */
  input  wire [VIF_W-1:0]      s_axis_doorbell_tdata,
  input  wire                  s_axis_doorbell_tvalid,
  output wire                  s_axis_doorbell_tready,

  /* grant: send one frame from the VIF in tdata */
  output wire [VIF_W-1:0]      m_axis_grant_tdata,
  output wire                  m_axis_grant_tvalid,
  input  wire                  m_axis_grant_tready,

  /* frame done for the granted VIF */
  input  wire [LEN_W-1:0]      s_axis_done_tdata,   // frame length (bytes)
  input  wire                  s_axis_done_tuser,   // the VIF has more frames
  input  wire                  s_axis_done_tvalid,
  output wire                  s_axis_done_tready
);

  localparam int FIFO_DEPTH = 2 ** $clog2(NUM_VIFS);
  localparam int D_W = ((QUANTUM_W > LEN_W) ? QUANTUM_W : LEN_W) + 2;  // signed deficit
  localparam int T_W = ((BURST_W > LEN_W) ? BURST_W : LEN_W) + 2;      // signed tokens
  localparam int R_W = BURST_W + RATE_W + 2;                            // refill arithmetic
  localparam int ST_W = 1 + D_W + T_W + TS_W;
  localparam int TICK_W = (TICK_CYCLES > 1) ? $clog2(TICK_CYCLES) : 1;

  initial begin
    if (NUM_VIFS < 2 || NUM_VIFS > 256) $error("NUM_VIFS must be 2..256 (%m)");
    if (LEN_W < 8 || LEN_W > 24) $error("LEN_W must be 8..24 (%m)");
    if (QUANTUM_W < 8 || QUANTUM_W > 24) $error("QUANTUM_W must be 8..24 (%m)");
    if (RATE_W < 1 || RATE_W > 24) $error("RATE_W must be 1..24 (%m)");
    if (BURST_W < LEN_W || BURST_W > 30) $error("BURST_W must be LEN_W..30 (%m)");
    if (TS_W < BURST_W + 1 || TS_W > 48) $error("TS_W must be BURST_W+1..48 (%m)");
    if (TICK_CYCLES < 1) $error("TICK_CYCLES must be >= 1 (%m)");
    if (DEFAULT_QUANTUM < 1 || DEFAULT_QUANTUM >= 2 ** QUANTUM_W) $error("DEFAULT_QUANTUM must be 1..2^QUANTUM_W-1 (%m)");
    if (DEFAULT_BURST < 0 || DEFAULT_BURST >= 2 ** BURST_W) $error("DEFAULT_BURST must fit BURST_W (%m)");
  end

  localparam logic [1:0] ST_INIT = 2'd0, ST_IDLE = 2'd1, ST_CALC = 2'd2, ST_EXEC = 2'd3;
  localparam logic [1:0] OP_DONE = 2'd0, OP_DB = 2'd1, OP_VISIT = 2'd2;

  /* RAMs */
  logic [ST_W-1:0]      state_mem [0:NUM_VIFS-1];
  logic [QUANTUM_W-1:0] quantum_mem [0:NUM_VIFS-1];
  logic [RATE_W-1:0]    rate_mem [0:NUM_VIFS-1];
  logic [BURST_W-1:0]   burst_mem [0:NUM_VIFS-1];

  logic [ST_W-1:0]      state_rd_reg = '0;
  logic [QUANTUM_W-1:0] quantum_rd_reg = '0;
  logic [RATE_W-1:0]    rate_rd_reg = '0;
  logic [BURST_W-1:0]   burst_rd_reg = '0;

  /* control */
  logic [1:0]       fsm_reg = ST_INIT, fsm_next;
  logic [1:0]       op_reg = OP_VISIT, op_next;
  logic [VIF_W-1:0] op_vif_reg = '0, op_vif_next;
  logic [LEN_W-1:0] op_len_reg = '0, op_len_next;
  logic             op_more_reg = 1'b0, op_more_next;
  logic [VIF_W-1:0] init_ptr_reg = '0, init_ptr_next;

  logic             grant_valid_reg = 1'b0, grant_valid_next;
  logic             in_service_reg = 1'b0, in_service_next;
  logic [VIF_W-1:0] cur_vif_reg = '0, cur_vif_next;

  logic [TICK_W-1:0] tick_div_reg = '0;
  logic [TS_W-1:0]   tick_now_reg = '0;

  /* CALC stage results */
  logic             st_active_reg = 1'b0;
  logic signed [D_W-1:0] st_def_reg = '0;
  logic signed [T_W-1:0] st_tok_reg = '0;      // tokens after refill (raw when rate = 0)
  logic [TS_W-1:0]  st_ts_reg = '0;            // timestamp to store
  logic             st_limited_reg = 1'b0;     // rate != 0
  logic [QUANTUM_W-1:0] st_quantum_reg = '0;

  logic             rd_en;
  logic [VIF_W-1:0] rd_addr;
  logic             st_wr_en;
  logic [VIF_W-1:0] st_wr_addr;
  logic [ST_W-1:0]  st_wr_data;
  logic             push;
  logic [VIF_W-1:0] push_vif;
  logic             pop;

  wire [VIF_W-1:0] fifo_head;
  wire             fifo_valid;
  wire             fifo_ready_unused;
  wire [$clog2(FIFO_DEPTH):0] fifo_count_unused;

  svnic_fifo #(
    .WIDTH(VIF_W),
    .DEPTH(FIFO_DEPTH)
  ) active_queue (
    .clk(clk),
    .rst(rst),
    .s_data(push_vif),
    .s_valid(push),
    .s_ready(fifo_ready_unused),
    .m_data(fifo_head),
    .m_valid(fifo_valid),
    .m_ready(pop),
    .count(fifo_count_unused)
  );

  wire unused_ok = &{1'b0, fifo_ready_unused, fifo_count_unused, cfg_wr_data[31:0]};

  /* interface */
  wire db_in_range = {{(9 - VIF_W){1'b0}}, s_axis_doorbell_tdata} < 9'(NUM_VIFS);
  wire take_done = fsm_reg == ST_IDLE && in_service_reg && s_axis_done_tvalid;
  wire take_db = fsm_reg == ST_IDLE && !take_done && s_axis_doorbell_tvalid;
  wire take_visit = fsm_reg == ST_IDLE && !take_done && !s_axis_doorbell_tvalid &&
                    !grant_valid_reg && !in_service_reg && fifo_valid;

  assign init_busy = fsm_reg == ST_INIT;
  assign s_axis_doorbell_tready = take_db;
  assign s_axis_done_tready = take_done;
  assign m_axis_grant_tdata = cur_vif_reg;
  assign m_axis_grant_tvalid = grant_valid_reg;

  /* unpack the state word */
  wire                    rd_active = state_rd_reg[ST_W-1];
  wire signed [D_W-1:0]   rd_def = state_rd_reg[T_W+TS_W +: D_W];
  wire signed [T_W-1:0]   rd_tok = state_rd_reg[TS_W +: T_W];
  wire [TS_W-1:0]         rd_ts = state_rd_reg[0 +: TS_W];

  /* token refill (CALC) */
  wire [TS_W-1:0]     elapsed = tick_now_reg - rd_ts;
  wire [BURST_W-1:0]  elapsed_sat = (elapsed[TS_W-1:BURST_W] != '0) ? {BURST_W{1'b1}} : elapsed[BURST_W-1:0];
  wire [BURST_W+RATE_W-1:0] refill = elapsed_sat * rate_rd_reg;
  wire signed [R_W-1:0] tok_sum = R_W'(rd_tok) + $signed({2'b00, refill});
  wire signed [R_W-1:0] burst_ext = $signed({{(R_W-BURST_W){1'b0}}, burst_rd_reg});
  wire signed [R_W-1:0] tok_refilled = (tok_sum > burst_ext) ? burst_ext : tok_sum;
  wire unused_refill = &{1'b0, tok_refilled[R_W-1:T_W]};  // in [-2^LEN_W, burst]: fits T_W

  /* decision (EXEC) */
  localparam logic signed [T_W-1:0] TOK_FLOOR = -(T_W'(1) <<< LEN_W);
  wire signed [D_W-1:0] q_ext = $signed({{(D_W-QUANTUM_W){1'b0}}, st_quantum_reg});
  wire signed [D_W-1:0] len_d = $signed({{(D_W-LEN_W){1'b0}}, op_len_reg});
  wire signed [T_W-1:0] len_t = $signed({{(T_W-LEN_W){1'b0}}, op_len_reg});
  wire signed [D_W-1:0] def_topped = (st_def_reg <= 0) ? st_def_reg + q_ext : st_def_reg;
  wire signed [D_W-1:0] def_charged = st_def_reg - len_d;
  wire signed [T_W-1:0] tok_diff = st_tok_reg - len_t;
  wire signed [T_W-1:0] tok_charged = !st_limited_reg ? st_tok_reg :
                                      (tok_diff < TOK_FLOOR) ? TOK_FLOOR : tok_diff;
  wire tok_ok = !st_limited_reg || st_tok_reg > 0;
  wire tok_ok_after = !st_limited_reg || tok_charged > 0;

  always_comb begin
    fsm_next = fsm_reg;
    op_next = op_reg;
    op_vif_next = op_vif_reg;
    op_len_next = op_len_reg;
    op_more_next = op_more_reg;
    init_ptr_next = init_ptr_reg;
    grant_valid_next = grant_valid_reg;
    in_service_next = in_service_reg;
    cur_vif_next = cur_vif_reg;

    rd_en = 1'b0;
    rd_addr = op_vif_reg;
    st_wr_en = 1'b0;
    st_wr_addr = op_vif_reg;
    st_wr_data = {st_active_reg, st_def_reg, st_tok_reg, st_ts_reg};
    push = 1'b0;
    push_vif = op_vif_reg;
    pop = 1'b0;

    if (grant_valid_reg && m_axis_grant_tready) begin
      grant_valid_next = 1'b0;
      in_service_next = 1'b1;
    end

    case (fsm_reg)
      ST_INIT: begin
        st_wr_en = 1'b1;
        st_wr_addr = init_ptr_reg;
        st_wr_data = '0;
        init_ptr_next = init_ptr_reg + 1'b1;
        if (init_ptr_reg == VIF_W'(NUM_VIFS - 1)) fsm_next = ST_IDLE;
      end
      ST_IDLE: begin
        if (take_done) begin
          op_next = OP_DONE;
          op_vif_next = cur_vif_reg;
          op_len_next = s_axis_done_tdata;
          op_more_next = s_axis_done_tuser;
          in_service_next = 1'b0;
          rd_en = 1'b1;
          rd_addr = cur_vif_reg;
          fsm_next = ST_CALC;
        end else if (take_db) begin
          if (db_in_range) begin
            op_next = OP_DB;
            op_vif_next = s_axis_doorbell_tdata;
            rd_en = 1'b1;
            rd_addr = s_axis_doorbell_tdata;
            fsm_next = ST_CALC;
          end
        end else if (take_visit) begin
          op_next = OP_VISIT;
          op_vif_next = fifo_head;
          pop = 1'b1;
          rd_en = 1'b1;
          rd_addr = fifo_head;
          fsm_next = ST_CALC;
        end
      end
      ST_CALC: begin
        fsm_next = ST_EXEC;
      end
      default: begin  // ST_EXEC
        fsm_next = ST_IDLE;
        case (op_reg)
          OP_DB: begin
            if (!st_active_reg) begin
              st_wr_en = 1'b1;
              st_wr_data = {1'b1, st_def_reg, st_tok_reg, st_ts_reg};
              push = 1'b1;
            end
          end
          OP_VISIT: begin
            st_wr_en = 1'b1;
            if (!tok_ok) begin
              push = 1'b1;
            end else begin
              st_wr_data = {1'b1, def_topped, st_tok_reg, st_ts_reg};
              if (def_topped > 0) begin
                grant_valid_next = 1'b1;
                cur_vif_next = op_vif_reg;
              end else begin
                push = 1'b1;
              end
            end
          end
          default: begin  // OP_DONE
            st_wr_en = 1'b1;
            if (!op_more_reg) begin
              st_wr_data = {1'b0, (def_charged > 0) ? D_W'(0) : def_charged, tok_charged, st_ts_reg};
            end else begin
              st_wr_data = {1'b1, def_charged, tok_charged, st_ts_reg};
              if (def_charged > 0 && tok_ok_after) begin
                grant_valid_next = 1'b1;
                cur_vif_next = op_vif_reg;
              end else begin
                push = 1'b1;
              end
            end
          end
        endcase
      end
    endcase
  end

  always_ff @(posedge clk) begin
    fsm_reg <= fsm_next;
    op_reg <= op_next;
    op_vif_reg <= op_vif_next;
    op_len_reg <= op_len_next;
    op_more_reg <= op_more_next;
    init_ptr_reg <= init_ptr_next;
    grant_valid_reg <= grant_valid_next;
    in_service_reg <= in_service_next;
    cur_vif_reg <= cur_vif_next;

    if (tick_div_reg == TICK_W'(TICK_CYCLES - 1)) begin
      tick_div_reg <= '0;
      tick_now_reg <= tick_now_reg + 1'b1;
    end else begin
      tick_div_reg <= tick_div_reg + 1'b1;
    end

    // RAMs: state and configuration (registered reads at the same address)
    if (st_wr_en) state_mem[st_wr_addr] <= st_wr_data;
    if (fsm_reg == ST_INIT) begin
      quantum_mem[init_ptr_reg] <= QUANTUM_W'(DEFAULT_QUANTUM);
      rate_mem[init_ptr_reg] <= '0;
      burst_mem[init_ptr_reg] <= BURST_W'(DEFAULT_BURST);
    end else if (cfg_wr_en) begin
      if (cfg_wr_sel == 2'd0) quantum_mem[cfg_wr_vif] <= cfg_wr_data[QUANTUM_W-1:0];
      if (cfg_wr_sel == 2'd1) rate_mem[cfg_wr_vif] <= cfg_wr_data[RATE_W-1:0];
      if (cfg_wr_sel == 2'd2) burst_mem[cfg_wr_vif] <= cfg_wr_data[BURST_W-1:0];
    end
    if (rd_en) begin
      state_rd_reg <= state_mem[rd_addr];
      quantum_rd_reg <= quantum_mem[rd_addr];
      rate_rd_reg <= rate_mem[rd_addr];
      burst_rd_reg <= burst_mem[rd_addr];
    end

    // CALC: refill the bucket, register the operands of the decision
    if (fsm_reg == ST_CALC) begin
      st_active_reg <= rd_active;
      st_def_reg <= rd_def;
      st_limited_reg <= rate_rd_reg != '0;
      st_quantum_reg <= quantum_rd_reg;
      if (op_reg == OP_DB) begin
        // a doorbell does not refill: keep the idle time for the next refill
        st_tok_reg <= rd_tok;
        st_ts_reg <= rd_ts;
      end else begin
        st_tok_reg <= (rate_rd_reg != '0) ? tok_refilled[T_W-1:0] : rd_tok;
        st_ts_reg <= tick_now_reg;
      end
    end

    if (rst) begin
      fsm_reg <= ST_INIT;
      init_ptr_reg <= '0;
      grant_valid_reg <= 1'b0;
      in_service_reg <= 1'b0;
      cur_vif_reg <= '0;
      tick_div_reg <= '0;
      tick_now_reg <= '0;
    end
  end

endmodule

`resetall
