/* SPDX-License-Identifier: MIT */
/*
 * A datapath stand-in for firmware unit tests: a register file and a DMA
 * engine whose host memory is one byte array behind one window, with one TX
 * assembly buffer, one buffered RX frame, and a log of the DMA commands in
 * the order the firmware issued them.
 */
#ifndef TESTS_FIRMWARE_FAKE_HAL_H
#define TESTS_FIRMWARE_FAKE_HAL_H

#include <stdbool.h>
#include <stdint.h>

#include "fw/hal.h"

#define FAKE_MEM_BASE 0x100000ull
#define FAKE_MEM_SIZE 0x10000u
#define FAKE_BUF_BYTES 9216u /* a 9018-byte frame and then some */
#define FAKE_LOG_MAX 256u
#define FAKE_VECTORS 64u    /* interrupt vectors counted one by one */
#define FAKE_SENT_MAX 512u  /* frames TXBUF_SEND recorded */
#define FAKE_SENT_BYTES 1536u /* bytes kept of each recorded frame */

/* One frame TXBUF_SEND sent into the switch, and which VIF sent it. */
struct fake_sent {
	unsigned vif;
	unsigned len;
	uint64_t csum;                 /* its checksum word (TXBUF_SEND word 1), 0: none */
	uint8_t data[FAKE_SENT_BYTES]; /* its first bytes */
};

/* One DMA command as the engine saw it. */
struct fake_dma_op {
	unsigned op;  /* enum svnic_dma_op */
	unsigned vif;
	uint64_t iova;
	unsigned len;
	unsigned st;  /* enum svnic_dma_status it completed with */
};

#define FAKE_DMAW_WINDOWS 8u /* the datapath's DMA windows per VIF */

struct fw_hal {
	uint32_t reg[0x2000 / 4];
	/* The datapath's DMA window table (SVNIC_FW_DMAW_*): staging
	 * registers and windows (size 0: invalid); dmaw_writes counts WRITEs. */
	uint64_t dmaw_base, dmaw_size;
	struct { uint64_t base, size; } dmaw[32][FAKE_DMAW_WINDOWS];
	unsigned dmaw_writes;
	uint8_t mem[FAKE_MEM_SIZE];
	uint64_t irqs;
	uint32_t last_irq;  /* vector of the last IRQ_RAISE */
	uint64_t irq_vec[FAKE_VECTORS]; /* IRQ_RAISE writes per vector */
	unsigned rx_frames; /* frames "buffered" for RXBUF_POP */
	uint8_t rx_frame[FAKE_BUF_BYTES]; /* the head RX frame, for RXBUF_TO_HOST */
	uint8_t txbuf[FAKE_BUF_BYTES];    /* HOST_TO_TXBUF lands here */
	uint8_t tx_last[FAKE_BUF_BYTES];  /* the last frame TXBUF_SEND sent */
	unsigned tx_last_len;
	uint64_t tx_last_csum; /* its checksum word (TXBUF_SEND word 1), 0: none */
	unsigned tx_sent;
	struct fake_sent sent[FAKE_SENT_MAX]; /* the first FAKE_SENT_MAX frames sent */
	struct fake_dma_op log[FAKE_LOG_MAX]; /* the first FAKE_LOG_MAX commands */
	unsigned nlog;                        /* commands seen (may exceed the log) */
	/* TX scheduler: plain round robin over the VIFs doorbelled, one
	 * grant at a time (weights and rates are the RTL tests' business). */
	uint32_t txs_want;    /* VIFs with frames */
	unsigned txs_next;    /* where the next grant search starts */
	bool txs_serving;     /* a grant was read, its done not yet written */
	unsigned txs_vif;     /* the VIF of that grant */
	unsigned txs_grants, txs_bad_done; /* grants read; dones without one */
	/* Board: flash (NULL: none; else SVNIC_FLASH_BYTES the test owns),
	 * key fuses (NULL: none) and card resets requested. A flash write
	 * fails once flash_fail_after more bytes were programmed (0: never),
	 * which is how a power cut is modelled. */
	uint8_t *flash;
	const uint8_t *key;
	unsigned resets;
	uint64_t flash_programmed, flash_fail_after;
	/* Firmware cores (fw_hal_cores; fake_hal_reset: 1) and the one the
	 * test is running now (fw_hal_core_id). */
	unsigned cores, core;
	/* Called after each DMA command, so a test can act as the driver at an
	 * exact point of the firmware's sequence. */
	void (*after_dma)(struct fw_hal *h, const struct fake_dma_op *op);
};

void fake_hal_reset(struct fw_hal *h, unsigned num_vifs, unsigned qpv);

/* The shared RX buffer of a datapath that gives each of its VIFs `bytes`
 * (RXBUF_BYTES, RXB_CELL_BYTES and RXB_CELLS; fake_hal_reset: 16384). */
void fake_hal_set_rx_share(struct fw_hal *h, uint32_t bytes);

struct fw_card;
/*
 * Run one mailbox request through the register window, as the host does:
 * returns the response's status and copies rsp_len response bytes to rsp
 * (which may be NULL). Aborts if the firmware leaves the request unanswered
 * or answers with a malformed header: a broken harness, not a verdict.
 * With more than one core, a request routed to another core is run there
 * (fw_xcmd_run, as that core) and answered by core 0.
 */
unsigned fake_mbox_exec(struct fw_hal *h, struct fw_card *c, const void *req, unsigned len,
			void *rsp, unsigned rsp_len);

/*
 * Create a VIF with MAC 02:00:00:00:00:n, map all of the fake memory into
 * its window and set its features, through the mailbox. Returns the VIF;
 * aborts if the firmware refuses any step (a broken harness).
 */
uint32_t fake_make_vif(struct fw_hal *h, struct fw_card *c, uint8_t n, uint64_t features);

/* Ring the doorbell of queue q of the VIF (DB_WORD, as the datapath does). */
void fake_doorbell(struct fw_hal *h, unsigned vif, unsigned q);

/*
 * A split ring of `size` entries in the fake memory at FAKE_MEM_BASE + base
 * (descriptors, then the avail ring at +0x400 and the used ring at +0x800),
 * attached as queue q of the VIF through the mailbox, with the queue's own
 * vector (vif * queues per VIF + q).
 */
struct fake_split {
	uint32_t vif, queue;
	uint16_t size;
	uint64_t desc, avail, used;
	uint16_t avail_idx;
};
struct fake_split fake_split_attach(struct fw_hal *h, struct fw_card *c, uint32_t vif, uint32_t q, uint64_t base,
				    uint16_t size);
/* Write descriptor i. */
void fake_split_desc(struct fw_hal *h, const struct fake_split *r, uint16_t i, uint64_t addr, uint32_t len,
		     uint16_t flags, uint16_t next);
/* Make chain `head` available and ring the queue's doorbell. */
void fake_split_post(struct fw_hal *h, struct fake_split *r, uint16_t head);
/* The used ring's index as the firmware last wrote it. */
uint16_t fake_split_used_idx(struct fw_hal *h, const struct fake_split *r);

/* Host memory at `iova` (inside the fake window) for the test to fill or read. */
void *fake_host(struct fw_hal *h, uint64_t iova);

#endif
