// SPDX-License-Identifier: MIT
`resetall
`timescale 1ns / 1ps
`default_nettype none

/*
 * DMA write engine: splits write jobs into requests of at most MAX_PAYLOAD
 * bytes and turns the job's data into address-aligned request data.
 *
 * A job (addr, len, domain) comes with its data on s_axis_* packed from
 * byte 0 (ceil(len / 8) beats, the last one's bytes past len ignored). It is
 * cut into requests that never cross a MAX_PAYLOAD boundary (so never a
 * 4 KiB one). Each request is presented on m_req_* before its data, and the
 * next one only once the last beat of the one before was taken. The data
 * beats are address-aligned, as on PCIe or AXI: beat j of a request at addr
 * holds the host bytes (addr & ~7) + 8j .. + 7, tkeep marks the
 * request's bytes, tlast its last beat. Writes are posted: the host answers
 * each request with s_done (in request order), fault set if it refused it.
 * Once every request of the job is answered, m_done reports the job, with
 * fault if any request faulted. A refused job (s_job_refused, the window
 * check of svnic_dma_win) issues nothing: its data is taken and dropped,
 * and m_done reports a fault. One job at a time.
 */
module svnic_dma_wr #(
  parameter int MAX_PAYLOAD = 256,  // bytes per write request (power of two, 64..4096)
  parameter int LEN_W       = 16    // job length width (bytes, jobs of 1 .. 2^LEN_W - 1)
) (
  input  wire               clk,
  input  wire               rst,

  /* write jobs and their data */
  input  wire [63:0]        s_job_addr,
  input  wire [LEN_W-1:0]   s_job_len,      // >= 1
  input  wire [7:0]         s_job_domain,
  input  wire               s_job_refused,  // issue nothing, drop the data, report a fault
  input  wire               s_job_valid,
  output wire               s_job_ready,
  input  wire [63:0]        s_axis_tdata,
  input  wire               s_axis_tvalid,
  output wire               s_axis_tready,

  /* write requests to host memory */
  output wire [63:0]        m_req_addr,
  output wire [15:0]        m_req_len,
  output wire [7:0]         m_req_domain,
  output wire               m_req_valid,
  input  wire               m_req_ready,
  output wire [63:0]        m_axis_wr_tdata,
  output wire [7:0]         m_axis_wr_tkeep,
  output wire               m_axis_wr_tvalid,
  input  wire               m_axis_wr_tready,
  output wire               m_axis_wr_tlast,
  input  wire               s_done_valid,   // one per request, in order
  input  wire               s_done_fault,

  /* job done */
  output wire               m_done_valid,
  output wire               m_done_fault,
  input  wire               m_done_ready
);

  localparam int MPS_W = $clog2(MAX_PAYLOAD);
  localparam int CNT_W = LEN_W - 2;  // beats and requests of one job

  initial begin
    if (MAX_PAYLOAD < 64 || MAX_PAYLOAD > 4096 || (MAX_PAYLOAD & (MAX_PAYLOAD - 1)) != 0)
      $error("MAX_PAYLOAD must be a power of two in 64..4096 (%m)");
    if (LEN_W <= MPS_W || LEN_W > 16) $error("LEN_W must be log2(MAX_PAYLOAD)+1..16 (%m)");
  end

  typedef enum logic [2:0] {S_IDLE, S_REQ, S_DATA, S_NEXT, S_WAIT, S_DROP, S_DONE} state_t;
  state_t state_reg = S_IDLE;

  logic [63:0] seg_addr_reg = '0;     // current request's address
  logic [LEN_W-1:0] rem_reg = '0;     // job bytes from the current request on
  logic [7:0] dom_reg = '0;
  logic [2:0] shift_reg = '0;         // job address & 7
  logic [CNT_W-1:0] n_in_reg = '0;    // input beats of the job
  logic [CNT_W-1:0] in_cnt_reg = '0;  // input beats taken
  logic [63:0] prev_reg = '0;         // previous input beat
  logic [63:0] waddr_reg = '0;        // host address of the next output word (8-aligned)
  logic [CNT_W-1:0] issued_reg = '0;  // requests issued
  logic [CNT_W-1:0] answered_reg = '0;
  logic fault_reg = 1'b0;
  logic req_valid_reg = 1'b0;

  logic [63:0] out_data_reg = '0;
  logic [7:0] out_keep_reg = '0;
  logic out_valid_reg = 1'b0;
  logic out_last_reg = 1'b0;

  // the current request: up to the next MAX_PAYLOAD boundary
  wire [MPS_W:0] to_boundary = (MPS_W + 1)'(MAX_PAYLOAD) - {1'b0, seg_addr_reg[MPS_W-1:0]};
  wire seg_is_rest = {1'b0, rem_reg} <= (LEN_W + 1)'(to_boundary);
  wire [MPS_W:0] seg_len = seg_is_rest ? rem_reg[MPS_W:0] : to_boundary;
  wire [63:0] seg_end = seg_addr_reg + 64'(seg_len);

  // output word at waddr: job bytes from (waddr - job addr), realigned
  wire out_free = !out_valid_reg || m_axis_wr_tready;
  wire more_in = in_cnt_reg != n_in_reg;
  wire [127:0] pair = {(more_in ? s_axis_tdata : 64'd0), prev_reg};
  wire [127:0] pair_sh = pair << {shift_reg, 3'b000};
  wire [63:0] w_next = waddr_reg + 64'd8;
  wire w_last = w_next >= seg_end;              // last word of the request
  logic [7:0] w_keep;
  always_comb begin
    for (int b = 0; b < 8; b++)
      w_keep[b] = (waddr_reg | 64'(b)) >= seg_addr_reg && (waddr_reg | 64'(b)) < seg_end;
  end
  wire produce = state_reg == S_DATA && out_free && (!more_in || s_axis_tvalid);
  wire drop = state_reg == S_DROP && more_in && s_axis_tvalid;

  assign s_job_ready = state_reg == S_IDLE;
  assign s_axis_tready = (produce && more_in) || drop;
  assign m_req_addr = seg_addr_reg;
  assign m_req_len = 16'(seg_len);
  assign m_req_domain = dom_reg;
  assign m_req_valid = req_valid_reg;
  assign m_axis_wr_tdata = out_data_reg;
  assign m_axis_wr_tkeep = out_keep_reg;
  assign m_axis_wr_tvalid = out_valid_reg;
  assign m_axis_wr_tlast = out_last_reg;
  assign m_done_valid = state_reg == S_DONE;
  assign m_done_fault = fault_reg;

  wire [LEN_W+3:0] len_p7 = {4'd0, s_job_len} + (LEN_W + 4)'(7);

  always_ff @(posedge clk) begin
    if (out_valid_reg && m_axis_wr_tready) out_valid_reg <= 1'b0;
    if (s_done_valid && answered_reg != issued_reg) begin
      answered_reg <= answered_reg + 1'b1;
      if (s_done_fault) fault_reg <= 1'b1;
    end

    case (state_reg)
      S_IDLE: if (s_job_valid) begin
        seg_addr_reg <= s_job_addr;
        rem_reg <= s_job_len;
        dom_reg <= s_job_domain;
        shift_reg <= s_job_addr[2:0];
        n_in_reg <= len_p7[CNT_W+2:3];
        in_cnt_reg <= '0;
        prev_reg <= '0;
        waddr_reg <= {s_job_addr[63:3], 3'b000};
        issued_reg <= '0;
        answered_reg <= '0;
        fault_reg <= s_job_refused;
        if (s_job_refused) begin
          state_reg <= S_DROP;
        end else begin
          req_valid_reg <= 1'b1;
          state_reg <= S_REQ;
        end
      end
      S_REQ: if (m_req_ready) begin
        req_valid_reg <= 1'b0;
        issued_reg <= issued_reg + 1'b1;
        state_reg <= S_DATA;
      end
      S_DATA: if (produce) begin
        out_valid_reg <= 1'b1;
        out_data_reg <= pair_sh[127:64];
        out_keep_reg <= w_keep;
        out_last_reg <= w_last;
        waddr_reg <= w_next;
        // word w takes input beat w (the one before it is in prev_reg);
        // the word after the job's last input beat takes none
        if (more_in) begin
          prev_reg <= s_axis_tdata;
          in_cnt_reg <= in_cnt_reg + 1'b1;
        end
        if (w_last) begin
          seg_addr_reg <= seg_end;
          rem_reg <= rem_reg - LEN_W'(seg_len);
          if (seg_is_rest) begin
            state_reg <= S_WAIT;
          end else begin
            state_reg <= S_NEXT;
          end
        end
      end
      // the next request goes out once the last beat of this one is taken
      S_NEXT: if (m_axis_wr_tready) begin
        req_valid_reg <= 1'b1;
        state_reg <= S_REQ;
      end
      S_WAIT: if (answered_reg == issued_reg && !out_valid_reg) state_reg <= S_DONE;
      S_DROP: begin
        if (drop) in_cnt_reg <= in_cnt_reg + 1'b1;
        if (!more_in) state_reg <= S_DONE;
      end
      S_DONE: if (m_done_ready) state_reg <= S_IDLE;
      default: state_reg <= S_IDLE;
    endcase

    if (rst) begin
      state_reg <= S_IDLE;
      req_valid_reg <= 1'b0;
      out_valid_reg <= 1'b0;
      issued_reg <= '0;
      answered_reg <= '0;
    end
  end

  wire unused_ok = &{1'b0, pair_sh[63:0], len_p7[LEN_W+3:CNT_W+3], len_p7[2:0]};

endmodule

`resetall
