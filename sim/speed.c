/* SPDX-License-Identifier: MIT */
/*
 * svnic-sim --speed CYCLES: how fast the datapath model simulates, untraced,
 * with every path busy. No firmware runs: this drives the model's ports
 * directly, so the figure is the model's (and the thin port agents'), not
 * the firmware's or the host link's.
 *
 * Load: the wire offers back-to-back frames of --speed-frame bytes (default
 * 64) to VIF 0, which is promiscuous; the command stream alternates
 * TXBUF_SEND from VIF 1 (the same buffer, to an unknown unicast address, so
 * it leaves on the wire) with RXBUF_POP of VIF 0, which keeps VIF 0's RX
 * buffer draining. VIF 0 gets the quota the firmware would give it (an
 * equal share of the shared RX buffer). Reports simulated cycles per wall-clock second and what
 * moved, so a run that moved nothing cannot pass for a fast one.
 */
#include "speed.h"

#include <stdio.h>
#include <time.h>

#include "svnic/dmacmd.h"
#include "svnic/regs.h"

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int read64(struct sim_card *c, unsigned lo, uint64_t *v)
{
	uint32_t a, b;
	if (sim_card_fw_read(c, lo, &a) || sim_card_fw_read(c, lo + 4u, &b))
		return -1;
	*v = (uint64_t)b << 32 | a;
	return 0;
}

int sim_speed_run(struct sim_card *c, uint64_t cycles, unsigned frame_len)
{
	struct svnic_model_in *in = &c->in;
	const struct svnic_model_out *o = &c->out;

	if (c->num_vifs < 2 || frame_len < 60 || frame_len > 1514) {
		fprintf(stderr, "svnic-sim: --speed needs 2 VIFs and a frame of 60..1514 bytes\n");
		return -1;
	}
	/* Attribute writes are lost while the forwarding table clears itself
	 * after reset. */
	uint32_t st = SVNIC_FDB_STATUS_BUSY;
	for (unsigned t = 0; t < 100000 && (st & SVNIC_FDB_STATUS_BUSY); t++)
		if (sim_card_fw_read(c, SVNIC_FW_FDB_STATUS, &st))
			break;
	/* ... and quota writes while the RX buffer clears itself. */
	uint32_t rxb = SVNIC_RXB_STATUS_BUSY, cells = 0;
	for (unsigned t = 0; t < 100000 && (rxb & SVNIC_RXB_STATUS_BUSY); t++)
		if (sim_card_fw_read(c, SVNIC_FW_RXB_STATUS, &rxb))
			break;
	if (st & SVNIC_FDB_STATUS_BUSY || rxb & SVNIC_RXB_STATUS_BUSY ||
	    sim_card_fw_read(c, SVNIC_FW_RXB_CELLS, &cells) ||
	    sim_card_fw_write(c, SVNIC_FW_RXB_VIF_REG(0, SVNIC_FW_RXB_VIF_QUOTA), cells / c->num_vifs) ||
	    sim_card_fw_write(c, SVNIC_FW_VIF_REG(0, SVNIC_FW_VIF_ATTR),
			      SVNIC_VIF_ATTR_ENABLE | SVNIC_VIF_ATTR_PROMISC) ||
	    sim_card_fw_write(c, SVNIC_FW_VIF_REG(1, SVNIC_FW_VIF_ATTR), SVNIC_VIF_ATTR_ENABLE)) {
		fprintf(stderr, "svnic-sim: --speed: the datapath refused its set-up\n");
		return -1;
	}

	/* Wire frame: unicast to 02:00:00:00:00:01 from 02:00:00:00:00:02. */
	uint8_t frame[1514] = { 0x02, 0, 0, 0, 0, 0x01, 0x02, 0, 0, 0, 0, 0x02, 0x88, 0xb5 };
	for (unsigned i = 14; i < frame_len; i++)
		frame[i] = (uint8_t)i;
	const uint64_t cmds[2] = {
		svnic_dma_hdr(SVNIC_DMA_OP_TXBUF_SEND, 1, frame_len, 0, 1),
		svnic_dma_hdr(SVNIC_DMA_OP_RXBUF_POP, 0, 0, 0, 2),
	};
	unsigned rx_pos = 0, next_cmd = 0;
	uint64_t wire_in = 0, sends = 0, pops = 0;
	uint64_t wire_out0 = c->cnt.wire_tx_frames, start = svnic_model_cycles(c->model);

	in->fwcpl_tready = 1;
	double t0 = now_s();
	for (uint64_t n = 0; n < cycles; n++) {
		in->eth_rx_tvalid = 1;
		uint64_t w = 0;
		unsigned left = frame_len - rx_pos;
		for (unsigned i = 0; i < 8 && i < left; i++)
			w |= (uint64_t)frame[rx_pos + i] << (8 * i);
		in->eth_rx_tdata = w;
		in->eth_rx_tkeep = (uint8_t)(left >= 8 ? 0xffu : (1u << left) - 1u);
		in->eth_rx_tlast = left <= 8;
		in->eth_rx_tuser = 0;
		in->fwcmd_tvalid = 1;
		in->fwcmd_tdata = cmds[next_cmd];
		in->fwcmd_tlast = 1;

		sim_card_cycle(c);

		if (o->eth_rx_tready) {
			rx_pos += 8;
			if (rx_pos >= frame_len) {
				rx_pos = 0;
				wire_in++;
			}
		}
		if (o->fwcmd_tready) {
			if (next_cmd == 0)
				sends++;
			else
				pops++;
			next_cmd ^= 1u;
		}
	}
	double secs = now_s() - t0;
	in->eth_rx_tvalid = 0;
	in->fwcmd_tvalid = 0;
	for (int i = 0; i < 64; i++) /* let the last frames and completions out */
		sim_card_cycle(c);
	in->fwcpl_tready = 0;

	uint64_t ran = svnic_model_cycles(c->model) - start;
	uint64_t rx_frames = 0, rx_drops = 0, rx_quota = 0;
	if (read64(c, SVNIC_FW_VIF_REG(0, SVNIC_FW_VIF_RX_FRAMES_LO), &rx_frames) ||
	    read64(c, SVNIC_FW_VIF_REG(0, SVNIC_FW_VIF_RX_DROP_FULL_LO), &rx_drops) ||
	    read64(c, SVNIC_FW_RXB_VIF_REG(0, SVNIC_FW_RXB_VIF_DROP_QUOTA_LO), &rx_quota))
		return -1;
	printf("svnic-sim speed: %llu cycles in %.3f s: %.3f M cycles/s untraced "
	       "(model and port agents, no firmware)\n",
	       (unsigned long long)ran, secs, secs > 0 ? (double)ran / secs / 1e6 : 0.0);
	printf("svnic-sim speed: %u-byte frames: %llu in from the wire (%llu into VIF 0, "
	       "%llu dropped over its quota, %llu full), %llu TXBUF_SEND and %llu RXBUF_POP commands, "
	       "%llu out to the wire\n",
	       frame_len, (unsigned long long)wire_in, (unsigned long long)rx_frames,
	       (unsigned long long)rx_quota, (unsigned long long)rx_drops, (unsigned long long)sends, (unsigned long long)pops,
	       (unsigned long long)(c->cnt.wire_tx_frames - wire_out0));
	if (wire_in == 0 || sends == 0 || c->cnt.wire_tx_frames == wire_out0) {
		fprintf(stderr, "svnic-sim: --speed: the datapath moved nothing; no figure\n");
		return -1;
	}
	return 0;
}
