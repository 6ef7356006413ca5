/* SPDX-License-Identifier: MIT */
/*
 * The simulated card: the Verilated RTL plus everything around it on a real
 * board: host memory behind the per-VIF IOMMU (DMA), the Ethernet port (a
 * pcap file), interrupt delivery (eventfds), and the bus masters of the host
 * (register window) and of the firmware cores (register window and DMA
 * command streams).
 */
#ifndef SVNIC_SIM_CARD_H
#define SVNIC_SIM_CARD_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "iommu.h"
#include "model.h"
#include "svnic/regs.h"

#define SIM_MAX_VECTORS SVNIC_IRQ_MAX_VECTORS
#define SIM_FRAME_MAX 16384u
#define SIM_BUS_TIMEOUT 100000u /* cycles before a bus access counts as hung */
#define SIM_CLOCK_MHZ (SVNIC_CLOCK_HZ / 1000000u) /* the modeled datapath clock */
#define SIM_PCIE_LATENCY_NS 1000u /* default host-memory read round trip */
#define SIM_RD_MAX 32u /* reads outstanding the host side takes (the card's tags) */

struct sim_wire;

struct sim_counters {
	uint64_t dma_reads, dma_writes, dma_read_bytes, dma_write_bytes;
	uint64_t dma_faults, irqs, irqs_unrouted, wire_tx_frames;
	uint64_t wire_rx_frames; /* frames from the wire's far end into the port */
	uint64_t dma_read_wait_cycles; /* cycles spent waiting on host memory */
};

struct sim_card {
	struct svnic_model *model;
	struct svnic_model_in in;
	struct svnic_model_out out;
	struct sim_iommu iommu;
	struct sim_wire *wire;
	int irq_fd[SIM_MAX_VECTORS];
	struct sim_counters cnt;
	unsigned num_vifs, qpv;
	unsigned num_vec; /* IRQ_VECTORS: queue vectors, then one configuration vector per VIF */
	bool verbose;
	/* Host-memory read round trip, in cycles: a read request's first data
	 * beat comes this long after the request (PCIe reads are non-posted).
	 * Every outstanding request waits its own round trip, so the waits of
	 * requests in flight together overlap. Writes are posted and complete
	 * without it. */
	uint32_t rd_latency;

	/* DMA reads outstanding (one per tag the card has out), and the one
	 * whose completion beats are being sent (-1: none). */
	struct sim_rd {
		bool used;
		uint8_t tag;
		uint8_t *src; /* NULL: refused */
		uint64_t addr, ready_at;
		uint32_t len, beats, pos;
	} rd[SIM_RD_MAX];
	int rd_cur;
	/* DMA write in progress. */
	bool wr_busy, wr_done_pending, wr_fault;
	uint8_t *wr_dst;
	uint64_t wr_addr;
	uint32_t wr_len, wr_pos; /* wr_pos: beats received */
	uint8_t wr_buf[65536];
	/* Ethernet TX frame being received from the card. */
	uint8_t eth_buf[SIM_FRAME_MAX];
	uint32_t eth_len;
	bool eth_overflow;
	/* Ethernet RX frame from the wire being fed to the card (wrx_len 0:
	 * none), and the cycle the wire is next looked at. */
	uint8_t wrx_buf[SIM_FRAME_MAX];
	uint32_t wrx_len, wrx_pos;
	uint64_t wrx_next_poll;
};

/* 0, or -1 with a message on stderr. */
int sim_card_init(struct sim_card *c, const char *trace_path, struct sim_wire *wire, bool verbose);
void sim_card_fini(struct sim_card *c);
/* Warm reset, as the card's reset line does it: the datapath restarts and
 * forgets interrupt routes and DMA mappings. 0, or -1 with a message. */
int sim_card_reset(struct sim_card *c);

/* Run one clock cycle with every agent. */
void sim_card_cycle(struct sim_card *c);

/* Register accesses on the host (BAR0) or firmware window. 0 or -EIO. */
int sim_card_host_read(struct sim_card *c, uint32_t off, uint32_t *val);
int sim_card_host_write(struct sim_card *c, uint32_t off, uint32_t val);
int sim_card_fw_read(struct sim_card *c, uint32_t off, uint32_t *val);
int sim_card_fw_write(struct sim_card *c, uint32_t off, uint32_t val);

/* One firmware command and its completion; completion word count or -1. */
int sim_card_fw_dma(struct sim_card *c, const uint64_t *cmd, unsigned ncmd, uint64_t *cpl,
		    unsigned maxcpl);

/* Route interrupt vector `v` (a queue's or a VIF's configuration vector)
 * to eventfd `fd` (takes ownership; -1 clears). */
int sim_card_set_irq(struct sim_card *c, unsigned v, int fd);

#endif
