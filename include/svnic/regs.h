/* SPDX-License-Identifier: MIT */
/*
 * svnic register map: the one source of truth for both register windows of
 * the card.
 *
 *  - The host window (PCIe BAR0) is what the host driver sees.
 *  - The firmware window is what the card's embedded cores see.
 *
 * Each table row is X(NAME, OFFSET, DESCRIPTION). The C side expands them into
 * enums below; hw-rtl/pkg/svnic_regs_pkg.sv is generated from the same tables by
 * svnic-gen-regs-pkg (hw-rtl/gen_regs_pkg.c) and a unit test checks that the
 * committed package matches the generator's output.
 */
#ifndef SVNIC_REGS_H
#define SVNIC_REGS_H

#include <stdint.h>

#define SVNIC_ID_MAGIC 0x53564e43u /* "SVNC" */
/* 2.0: the per-VIF MAC registers gave way to the forwarding table (FDB_*)
 * and the per-VIF ATTR register (VLANs). 2.1: build registers (DATA_WIDTH,
 * TXBUF_BYTES, RXBUF_BYTES, MAX_FRAME, and FDB_GEOMETRY in the host window)
 * in both windows. 2.2: the TX scheduler (SVNIC_FW_TXS_*), checksum
 * offload: per-VIF RX_HEAD_META (the head frame's checksum verdict and RSS
 * hash type), RX_HEAD_HASH and TX_CSUM_REFUSED. 2.3: the interrupt vector
 * table in the host window (IRQ_VECTORS, IRQ_STATUS, IRQ_PBA, IRQ_TABLE:
 * mask, pending and moderation per vector) and the configuration-change
 * vectors delivered. 2.4: one RX buffer shared by all VIFs (RXBUF_BYTES is
 * its size) with a quota per VIF: the RXB_* registers and per-VIF blocks
 * (SVNIC_FW_RXB_VIF_*); RX_DROP_FULL counts frames that found no free
 * cell. 2.5: more than 32 queues (multiqueue VIFs): doorbells pending in
 * DB_WORD words (DB_PENDING is word 0) with DB_SUMMARY naming the words
 * that have any. 2.6: the DMA window table (SVNIC_FW_DMAW_*). 2.7: up to
 * SVNIC_MAX_VIFS VIFs: RX_READY in RX_READY_WORD words (RX_READY is word
 * 0) with RX_READY_SUMMARY naming the words that have any, and the per-VIF
 * blocks of every VIF at VIFX_BASE, RXB_VIFX_BASE and TXS_VIFX_BASE (the
 * blocks at VIF_BASE, RXB_VIF_BASE and TXS_VIF_BASE stay, for VIFs below
 * SVNIC_FW_LEGACY_VIFS). */
#define SVNIC_REGMAP_VERSION 0x00020007u /* major << 16 | minor */

/*
 * What a build of the datapath is (read-only, identical in both windows):
 * DATA_WIDTH, TXBUF_BYTES, RXBUF_BYTES, MAX_FRAME, FDB_GEOMETRY. A frame
 * longer than MAX_FRAME is refused by TXBUF_SEND (BAD_ARG) and dropped
 * from the wire (counted as an error); software sizes its buffers and MTU
 * from these instead of assuming a build.
 */

/* Build limits of the walking-skeleton datapath. */
#define SVNIC_MBOX_WORDS 32u /* 128-byte command and response areas */
/* Queues of all VIFs together (NUM_VIFS * QUEUES_PER_VIF): DB_SUMMARY has
 * a bit per DB_WORD word of 32 queues. */
#define SVNIC_MAX_QUEUES 1024u
#define SVNIC_DB_WORDS(nq) (((unsigned)(nq) + 31u) / 32u)
/* VIFs of a build at most (2.7 on): every VIF number fits the 8-bit fields
 * (FDB_ENTRY, TXS_GRANT, DMAW_WRITE, DMAW_FAULT_INFO, command headers) and
 * the per-VIF areas at the *_VIFX_BASE offsets. */
#define SVNIC_MAX_VIFS 256u
/* VIFs whose per-VIF blocks also sit at the bases of register maps before
 * 2.7 (VIF_BASE, RXB_VIF_BASE, TXS_VIF_BASE): VIFs 0..31. */
#define SVNIC_FW_LEGACY_VIFS 32u
/* RX_READY_WORD words of a build of nv VIFs; RX_READY_SUMMARY has a bit
 * per word. */
#define SVNIC_RX_READY_WORDS(nv) (((unsigned)(nv) + 31u) / 32u)

/* Host window (BAR0). */
#define SVNIC_HOST_REGS(X)                                                   \
	X(ID, 0x0000, "reads SVNIC_ID_MAGIC")                                    \
	X(VERSION, 0x0004, "register map version, major << 16 | minor")         \
	X(NUM_VIFS, 0x0008, "number of VIFs this build has")                    \
	X(QUEUES_PER_VIF, 0x000c,                                               \
	  "virtqueues per VIF: RX and TX of each pair, and a control queue")     \
	X(MBOX_LOCK, 0x0010,                                                     \
	  "read: 1 = caller now owns the mailbox, 0 = held; write: release")     \
	X(MBOX_STATUS, 0x0014, "bit0 busy (firmware working), bit1 done")       \
	X(MBOX_DOORBELL, 0x0018, "write: hand MBOX_CMD to the firmware")         \
	X(DATA_WIDTH, 0x0020, "datapath stream width in bits")                   \
	X(TXBUF_BYTES, 0x0024, "TX assembly buffer bytes")                       \
	X(RXBUF_BYTES, 0x0028,                                                   \
	  "RX buffer bytes (2.4 on: the buffer all VIFs share; before: each VIF's)") \
	X(MAX_FRAME, 0x002c,                                                     \
	  "largest frame the datapath carries, bytes from the destination MAC " \
	  "to the end of the payload (no FCS)")                                  \
	X(FDB_GEOMETRY, 0x0030,                                                  \
	  "forwarding table: bits 23:0 entries, bits 31:24 ways per bucket")     \
	X(IRQ_VECTORS, 0x0034,                                                   \
	  "interrupt vectors: NUM_VIFS * QUEUES_PER_VIF queue vectors, then "    \
	  "one configuration-change vector per VIF")                             \
	X(IRQ_STATUS, 0x0038,                                                    \
	  "bit0: the vector table is clearing after reset (table writes and "    \
	  "raises ignored)")                                                     \
	X(MBOX_CMD, 0x0100, "SVNIC_MBOX_WORDS command words, host writes")       \
	X(MBOX_RSP, 0x0200, "SVNIC_MBOX_WORDS response words, host reads")       \
	X(QUEUE_DOORBELL, 0x1000,                                                \
	  "write: notify queue (vif * QUEUES_PER_VIF + q), 4 bytes apart")        \
	X(IRQ_PBA, 0x7000,                                                       \
	  "read-only pending bits: vector v is bit v % 32 of word v / 32")       \
	X(IRQ_TABLE, 0x8000, "vector table, SVNIC_IRQ_ENTRY_STRIDE bytes a vector")

/*
 * Interrupt vector table (hw-rtl/svnic_irq.sv), MSI-X style: the host owns
 * it, as an operating system owns a PCIe function's MSI-X table; the
 * firmware only raises vectors (IRQ_RAISE) and decides when to (EVENT_IDX,
 * polling). Each entry (IRQ_TABLE + vector * SVNIC_IRQ_ENTRY_STRIDE):
 *  - CTRL bit 0 masks the vector. A raise of a masked vector sets its
 *    pending bit (IRQ_PBA) instead of sending; unmasking a vector whose
 *    pending bit is set sends the message.
 *  - MOD_FRAMES / MOD_USECS moderate an unmasked vector: its raises are
 *    held until MOD_FRAMES of them have accumulated or MOD_USECS
 *    microseconds (of SVNIC_CLOCK_HZ cycles) have passed since the first,
 *    whichever comes first; 0 disables a limit, 0 / 0 sends every raise at
 *    once (the reset state). The timer fires between MOD_USECS - 1 and
 *    MOD_USECS microseconds after the first held raise, plus at most
 *    IRQ_VECTORS cycles (the table's scan).
 * Every field reads back what was written (masked to its width). Reset
 * clears the table (all unmasked, 0 / 0) over IRQ_VECTORS cycles
 * (IRQ_STATUS bit 0).
 */
#define SVNIC_IRQ_ENTRY_STRIDE 0x10u
#define SVNIC_IRQ_MAX_VECTORS 2048u /* what IRQ_TABLE's space holds */
#define SVNIC_IRQ_MOD_FRAMES_MAX 255u /* MOD_FRAMES width 8 */
#define SVNIC_IRQ_MOD_USECS_MAX 65535u /* MOD_USECS width 16 */
#define SVNIC_IRQ_CTRL_MASK 0x1u
#define SVNIC_IRQ_STATUS_BUSY 0x1u

/* Registers inside each vector table entry of the host window. */
#define SVNIC_IRQ_ENTRY_REGS(X)                                              \
	X(CTRL, 0x0, "bit0: vector masked")                                      \
	X(MOD_FRAMES, 0x4, "send after this many raises (0: no frame limit)")    \
	X(MOD_USECS, 0x8, "send this many microseconds after the first raise "  \
	  "(0: no time limit)")

/* Firmware window. */
#define SVNIC_FW_REGS(X)                                                     \
	X(ID, 0x0000, "reads SVNIC_ID_MAGIC")                                    \
	X(VERSION, 0x0004, "register map version, major << 16 | minor")         \
	X(NUM_VIFS, 0x0008, "number of VIFs this build has")                    \
	X(QUEUES_PER_VIF, 0x000c, "virtqueues per VIF")                         \
	X(MBOX_PENDING, 0x0010,                                                  \
	  "read: bit0 a host command waits; write 1: command complete")          \
	X(DB_PENDING, 0x0014,                                                    \
	  "DB_WORD word 0 (queues 0..31, register maps before 2.5: all)")       \
	X(RX_READY, 0x0018,                                                      \
	  "bit per VIF: its RX buffer holds a whole frame (2.4 on: or may, "     \
	  "while one is being moved to the head: RX_HEAD_LEN reads 0 until then)" \
	  "; 2.7 on: RX_READY_WORD word 0 (VIFs 0..31)")                        \
	X(IRQ_RAISE, 0x001c, "write: raise the interrupt vector written")        \
	X(DATA_WIDTH, 0x0020, "datapath stream width in bits")                   \
	X(TXBUF_BYTES, 0x0024, "TX assembly buffer bytes")                       \
	X(RXBUF_BYTES, 0x0028,                                                   \
	  "RX buffer bytes (2.4 on: the buffer all VIFs share; before: each VIF's)") \
	X(MAX_FRAME, 0x002c,                                                     \
	  "largest frame the datapath carries, bytes from the destination MAC " \
	  "to the end of the payload (no FCS)")                                  \
	X(WIRE_RX_FRAMES_LO, 0x0040, "frames received from the wire")           \
	X(WIRE_RX_FRAMES_HI, 0x0044, "(upper 32 bits, latched by the LO read)") \
	X(WIRE_RX_DROP_NOVIF_LO, 0x0048,                                        \
	  "wire frames dropped: unicast to no VIF")                              \
	X(WIRE_RX_DROP_NOVIF_HI, 0x004c, "(upper 32 bits)")                     \
	X(WIRE_RX_DROP_ERR_LO, 0x0050, "wire frames dropped: MAC error flag")   \
	X(WIRE_RX_DROP_ERR_HI, 0x0054, "(upper 32 bits)")                       \
	X(WIRE_TX_FRAMES_LO, 0x0058, "frames sent to the wire")                 \
	X(WIRE_TX_FRAMES_HI, 0x005c, "(upper 32 bits)")                         \
	X(WIRE_RX_DROP_NOMEMBER_LO, 0x0060,                                     \
	  "wire frames dropped: group address, no VIF on VLAN 0 takes it")       \
	X(WIRE_RX_DROP_NOMEMBER_HI, 0x0064, "(upper 32 bits)")                  \
	X(TX_DROP_SRCDIS_LO, 0x0068, "VIF frames dropped: sender not enabled")  \
	X(TX_DROP_SRCDIS_HI, 0x006c, "(upper 32 bits)")                         \
	X(DB_SUMMARY, 0x0030,                                                    \
	  "bit w: DB_WORD word w has a doorbell pending (read-only)")            \
	X(RX_READY_SUMMARY, 0x0034,                                              \
	  "bit w: RX_READY_WORD word w has a bit set (read-only, 2.7 on)")       \
	X(FDB_GEOMETRY, 0x0080,                                                  \
	  "forwarding table: bits 23:0 entries, bits 31:24 ways per bucket")     \
	X(FDB_MAC_LO, 0x0084, "entry to write: MAC bytes 0..3, byte 0 in 7:0")   \
	X(FDB_MAC_HI, 0x0088, "entry to write: MAC bytes 4..5 in bits 15:0")     \
	X(FDB_ENTRY, 0x008c,                                                     \
	  "entry to write: bits 11:0 VLAN, 23:16 VIF, bit 31 valid (0: clear)")  \
	X(FDB_WRITE, 0x0090,                                                     \
	  "write: store the entry at this index (bucket * ways + way)")          \
	X(FDB_STATUS, 0x0094,                                                    \
	  "bit0 busy: clearing after reset (writes lost), or checking a write; " \
	  "bit1 the last FDB_WRITE was refused (final once bit0 is 0)")         \
	X(MBOX_CMD, 0x0100, "SVNIC_MBOX_WORDS command words, firmware reads")   \
	X(MBOX_RSP, 0x0200, "SVNIC_MBOX_WORDS response words, firmware writes") \
	X(DB_WORD, 0x0400,                                                       \
	  "read-and-clear, SVNIC_DB_WORDS(NUM_VIFS * QUEUES_PER_VIF) words 4 "  \
	  "bytes apart: bit i of word w is queue (vif * QUEUES_PER_VIF + q) = "  \
	  "32 * w + i, set when its doorbell was rung")                          \
	X(RX_READY_WORD, 0x0480,                                                 \
	  "read-only, SVNIC_RX_READY_WORDS(NUM_VIFS) words 4 bytes apart (2.7 " \
	  "on): bit i of word w is RX_READY of VIF 32 * w + i")                  \
	X(VIF_BASE, 0x1000,                                                      \
	  "per-VIF blocks of VIFs 0..31, SVNIC_FW_VIF_STRIDE apart")            \
	X(VIFX_BASE, 0x4000,                                                     \
	  "per-VIF blocks of every VIF, SVNIC_FW_VIF_STRIDE apart (2.7 on)")

#define SVNIC_FW_VIF_STRIDE 0x40u

/*
 * Shared RX buffer (hw-rtl/svnic_rx_pktbuf.sv, register map 2.4 on; its
 * registers fill the window from the end of the 32 per-VIF blocks up to
 * 0x2000): frames
 * for every VIF are stored in cells of RXB_CELL_BYTES taken from one pool of
 * RXBUF_BYTES. A VIF may hold at most QUOTA cells (its per-VIF RXB block);
 * QUOTA is 0 after reset, so a VIF receives nothing until firmware gives it
 * one (the firmware gives each VIF an equal share when it creates it:
 * RXB_CELLS / NUM_VIFS). A frame is dropped and counted on its VIF, by
 * reason: over the quota (DROP_QUOTA: also when the VIF already holds
 * RXB_FRAMES_MAX frames), no free cell (RX_DROP_FULL of the per-VIF block
 * above), longer than MAX_FRAME (DROP_TOOLONG). A frame counts against its
 * VIF's quota from its arrival until it is popped (RXBUF_POP), also while
 * it waits at the head (RX_HEAD_*), so a VIF holds at most QUOTA cells; a
 * frame takes len / RXB_CELL_BYTES cells, rounded up. While RXB_STATUS bit0
 * is set (clearing after reset, a few thousand cycles) QUOTA writes may be
 * lost.
 */
#define SVNIC_FW_RXB_REGS(X)                                                 \
	X(CELL_BYTES, 0x1800, "bytes per cell (frames start on a cell)")        \
	X(CELLS, 0x1804, "cells in the shared RX buffer")                       \
	X(FREE_CELLS, 0x1808, "cells no frame holds now")                       \
	X(FRAMES_MAX, 0x180c, "frames a VIF may hold at most")       \
	X(STATUS, 0x1810, "bit0 busy: clearing after reset (QUOTA writes lost)") \
	X(VIF_BASE, 0x1c00,                                                      \
	  "per-VIF blocks of VIFs 0..31, SVNIC_FW_RXB_VIF_STRIDE apart")        \
	X(VIFX_BASE, 0x8000,                                                     \
	  "per-VIF blocks of every VIF, SVNIC_FW_RXB_VIF_STRIDE apart (2.7 on)")

#define SVNIC_FW_RXB_VIF_STRIDE 0x20u
#define SVNIC_RXB_STATUS_BUSY 0x1u

/* Registers inside each per-VIF block of the shared RX buffer. */
#define SVNIC_FW_RXB_VIF_REGS(X)                                             \
	X(QUOTA, 0x00, "cells this VIF may hold (above RXB_CELLS: all of them)")         \
	X(CELLS, 0x04, "cells this VIF holds now")                              \
	X(FRAMES, 0x08, "frames this VIF holds now")                 \
	X(DROP_QUOTA_LO, 0x10, "frames dropped: over the VIF's quota")          \
	X(DROP_QUOTA_HI, 0x14, "(upper 32 bits, latched by the LO read)")       \
	X(DROP_TOOLONG_LO, 0x18, "frames dropped: longer than MAX_FRAME")       \
	X(DROP_TOOLONG_HI, 0x1c, "(upper 32 bits)")

/* Registers inside each per-VIF block of the firmware window. */
#define SVNIC_FW_VIF_REGS(X)                                                 \
	X(ATTR, 0x00,                                                            \
	  "bits 11:0 VLAN id; bit 29 all-multicast, 30 promiscuous, 31 enable")  \
	X(RX_HEAD_LEN, 0x08, "length of the oldest buffered RX frame, 0: none")  \
	X(RX_FRAMES_LO, 0x10, "frames accepted into this VIF's RX buffer")      \
	X(RX_FRAMES_HI, 0x14, "(upper 32 bits, latched by the LO read)")        \
	X(RX_BYTES_LO, 0x18, "bytes accepted into this VIF's RX buffer")        \
	X(RX_BYTES_HI, 0x1c, "(upper 32 bits)")                                 \
	X(RX_DROP_FULL_LO, 0x20, "frames dropped: RX buffer full (no free cell)") \
	X(RX_DROP_FULL_HI, 0x24, "(upper 32 bits)")                             \
	X(TX_FRAMES_LO, 0x28, "frames this VIF sent into the switch")           \
	X(TX_FRAMES_HI, 0x2c, "(upper 32 bits)")                                \
	X(TX_BYTES_LO, 0x30, "bytes this VIF sent into the switch")             \
	X(TX_BYTES_HI, 0x34, "(upper 32 bits)")                                 \
	X(RX_HEAD_META, 0x0c,                                                    \
	  "what the datapath found in the oldest buffered RX frame: bits 1:0 "   \
	  "its TCP/UDP checksum (SVNIC_RX_CSUM_*), bits 6:4 its RSS hash type "  \
	  "(SVNIC_RX_HASH_*); 0 when none is buffered")                         \
	X(TX_CSUM_REFUSED_LO, 0x38,                                              \
	  "TXBUF_SEND checksum requests refused: field outside the frame "       \
	  "(the frame was sent unchanged)")                                      \
	X(TX_CSUM_REFUSED_HI, 0x3c, "(upper 32 bits)")                         \
	X(RX_HEAD_HASH, 0x04,                                                    \
	  "the RSS (Toeplitz) hash of the oldest buffered RX frame, of the type " \
	  "in RX_HEAD_META; 0 when none is buffered")

/*
 * TX scheduler (hw-rtl/svnic_tx_sched.sv behind svnic_tx_sched_regs.sv):
 * deficit round robin across VIFs, each with a quantum (its weight) and a
 * token bucket (rate, burst). The firmware is the descriptor engine; the
 * scheduler decides whose frame goes next:
 *  - TXS_DOORBELL: the firmware writes a VIF number when that VIF has TX
 *    frames (idempotent; kept until the scheduler takes it, never lost).
 *  - TXS_GRANT: reading it takes the grant: bit 31 set and bits 7:0 name
 *    the VIF that may send one frame now. Bit 31 clear: no grant; then bit
 *    30 set means the scheduler still has VIFs queued (a done being
 *    applied, a round being turned, buckets refilling): read again later.
 *  - The firmware sends at most one frame of that VIF (TXBUF_SEND); the
 *    datapath counts its bytes itself. Then it writes TXS_DONE (bit 0: the
 *    VIF has more frames), which charges the bytes and ends the grant. A
 *    grant with nothing sent is ended the same way (0 bytes charged).
 * So a frame costs one register read (the grant) and one posted write; the
 * next grant is ready a few cycles after the done, before the firmware's
 * next read. The per-VIF registers (TXS_VIF_BASE + vif * TXS_VIF_STRIDE)
 * are write-only (read 0): the firmware keeps what it wrote.
 *
 * Units: the datapath runs at SVNIC_CLOCK_HZ; tokens are bytes and arrive
 * every SVNIC_TXS_TICK_CYCLES cycles, RATE bytes per tick (0: unlimited).
 * A rate of R bit/s is R * TICK_CYCLES / (8 * CLOCK_HZ) bytes per tick
 * (svnic_txs_rate_units; one step is 488281.25 bit/s). QUANTUM is weight *
 * SVNIC_TXS_QUANTUM_UNIT bytes. Over any window a rate-limited VIF sends
 * at most BURST + RATE * ticks + one frame; backlogged VIFs share what is
 * left in proportion to their quanta.
 */
#define SVNIC_CLOCK_HZ 250000000u /* the datapath clock the model stands for */
#define SVNIC_TXS_TICK_CYCLES 4096u /* clock cycles per token tick */
#define SVNIC_TXS_RATE_MAX 65535u /* bytes per tick (RATE register width 16) */
#define SVNIC_TXS_BURST_MAX 2097151u /* bytes (BURST register width 21) */
#define SVNIC_TXS_BURST_DEFAULT 16384u
#define SVNIC_TXS_QUANTUM_UNIT 1024u /* bytes of quantum per unit of weight */
#define SVNIC_TXS_WEIGHT_MAX 63u /* QUANTUM register width 16 */
#define SVNIC_TXS_GRANT_VALID (1u << 31)
#define SVNIC_TXS_GRANT_BUSY (1u << 30)
#define SVNIC_TXS_GRANT_VIF_MASK 0xffu
#define SVNIC_TXS_DONE_MORE 0x1u
#define SVNIC_FW_TXS_VIF_STRIDE 0x10u

/* Firmware window: TX scheduler registers. */
#define SVNIC_FW_TXS_REGS(X)                                                 \
	X(DOORBELL, 0x0800, "write: the VIF written has TX frames")             \
	X(GRANT, 0x0804,                                                         \
	  "read-and-take: bit31 granted, 7:0 VIF; bit30 no grant yet, retry")    \
	X(DONE, 0x0808, "write: end the grant; bit0 the VIF has more frames")  \
	X(VIF_BASE, 0x0c00,                                                      \
	  "per-VIF blocks of VIFs 0..31, SVNIC_FW_TXS_VIF_STRIDE apart")        \
	X(VIFX_BASE, 0xa000,                                                     \
	  "per-VIF blocks of every VIF, SVNIC_FW_TXS_VIF_STRIDE apart (2.7 on)")

/* Registers inside each per-VIF TX scheduler block (write-only). */
#define SVNIC_FW_TXS_VIF_REGS(X)                                             \
	X(QUANTUM, 0x0, "DRR quantum, bytes (non-zero)")                        \
	X(RATE, 0x4, "token rate, bytes per tick; 0 = unlimited")               \
	X(BURST, 0x8, "token bucket size, bytes")

/*
 * DMA windows (hw-rtl/svnic_dma_win.sv, register map 2.6): the datapath's
 * own copy of each VIF's IOMMU windows, checked before any DMA request of
 * that VIF leaves the card. An access must lie wholly inside one valid
 * window of its VIF; one that does not is refused: no request is issued,
 * the command completes with FAULT (include/svnic/dmacmd.h), DMAW_FAULTS
 * counts it and DMAW_FAULT_* record the first one since the firmware last
 * read DMAW_FAULT_INFO. The firmware keeps the table in step with the
 * host's DMA_MAP / DMA_UNMAP (the mailbox): it stages a window in
 * DMAW_BASE_* and DMAW_SIZE_* and stores it with DMAW_WRITE (VIF in bits
 * 15:8, index in 7:0; size 0 clears the window). A WRITE with a VIF or
 * index out of range, or whose base + size wraps past 2^64, is refused
 * (DMAW_STATUS bit0) and changes nothing. Every window is invalid after
 * reset. A window changed while an access of its VIF is being checked may
 * count as either version for it: change windows of queues not in use.
 */
#define SVNIC_DMAW_WRITE_VIF_SHIFT 8
#define SVNIC_DMAW_STATUS_REFUSED 0x1u
#define SVNIC_DMAW_FAULT_VALID (1u << 31)
#define SVNIC_DMAW_FAULT_WRITE (1u << 16)
#define SVNIC_DMAW_FAULT_VIF_MASK 0xffu

/* Firmware window: DMA window table. */
#define SVNIC_FW_DMAW_REGS(X)                                                \
	X(WINDOWS, 0x2000, "windows per VIF (read-only)")                       \
	X(BASE_LO, 0x2004, "window to store: first IOVA, bits 31:0")            \
	X(BASE_HI, 0x2008, "window to store: first IOVA, bits 63:32")           \
	X(SIZE_LO, 0x200c, "window to store: bytes, bits 31:0 (size 0 clears)") \
	X(SIZE_HI, 0x2010, "window to store: bytes, bits 63:32")                \
	X(WRITE, 0x2014,                                                         \
	  "write: store the staged window at index bits 7:0 of VIF bits 15:8")   \
	X(STATUS, 0x2018, "bit0: the last DMAW_WRITE was refused")              \
	X(FAULTS, 0x201c, "accesses refused by the windows (wraps at 2^32)")    \
	X(FAULT_INFO, 0x2020,                                                    \
	  "read-and-clear: bit31 a refusal is recorded (the first since the "    \
	  "last read): bits 7:0 its VIF, bit16 a write; FAULT_ADDR_*, FAULT_LEN") \
	X(FAULT_ADDR_LO, 0x2024, "the recorded refusal's IOVA, bits 31:0")      \
	X(FAULT_ADDR_HI, 0x2028, "the recorded refusal's IOVA, bits 63:32")     \
	X(FAULT_LEN, 0x202c, "the recorded refusal's length, bytes")

/*
 * Forwarding (hw-rtl/svnic_fdb.sv). Every VIF is an access port on one VLAN
 * (ATTR); frames from the wire are switched on VLAN 0 (untagged: the card
 * does not parse 802.1Q tags, a tagged frame is classified on VLAN 0 as it
 * is). The exact-match table maps (MAC, VLAN) to a VIF; an entry lives in
 * bucket hash(mac, vlan) mod (entries / ways), at index bucket * ways + way
 * (svnic_fdb.sv defines the hash; firmware mirrors it). A write whose key
 * does not hash to the bucket of its index is refused (FDB_STATUS bit1).
 */
#define SVNIC_VIF_ATTR_VLAN_MASK 0xfffu
#define SVNIC_VIF_ATTR_ALLMULTI_BIT 29
#define SVNIC_VIF_ATTR_PROMISC_BIT 30
#define SVNIC_VIF_ATTR_ENABLE_BIT 31
#define SVNIC_VIF_ATTR_ALLMULTI (1u << SVNIC_VIF_ATTR_ALLMULTI_BIT)
#define SVNIC_VIF_ATTR_PROMISC (1u << SVNIC_VIF_ATTR_PROMISC_BIT)
#define SVNIC_VIF_ATTR_ENABLE (1u << SVNIC_VIF_ATTR_ENABLE_BIT)
#define SVNIC_FDB_ENTRY_VIF_SHIFT 16
#define SVNIC_FDB_ENTRY_VALID_BIT 31
#define SVNIC_FDB_ENTRY_VALID (1u << SVNIC_FDB_ENTRY_VALID_BIT)
#define SVNIC_FDB_STATUS_BUSY 0x1u
#define SVNIC_FDB_STATUS_REFUSED 0x2u
#define SVNIC_VLAN_MAX 4094u /* 4095 is reserved by 802.1Q */
/* RX_HEAD_META: the checksum verdict of svnic_csum_rx for the head frame. */
#define SVNIC_RX_META_CSUM_MASK 0x3u
#define SVNIC_RX_CSUM_NOT_CHECKED 0u /* not TCP/UDP over IP, a fragment, or IPv4 UDP without one */
#define SVNIC_RX_CSUM_OK 1u
#define SVNIC_RX_CSUM_BAD 2u /* wrong checksum, or the IP/L4 lengths do not fit the frame */
/* RX_HEAD_META bits 6:4: the RSS hash type of RX_HEAD_HASH (svnic_rss.sv),
 * hashed with the card's one key (for now the RSS verification key
 * svnic_rss resets to: 6d5a56da 255b0ec2 ...). */
#define SVNIC_RX_META_HASH_TYPE_SHIFT 4
#define SVNIC_RX_META_HASH_TYPE_MASK 0x70u
#define SVNIC_RX_HASH_NONE 0u
#define SVNIC_RX_HASH_IPV4 1u
#define SVNIC_RX_HASH_TCP_IPV4 2u
#define SVNIC_RX_HASH_UDP_IPV4 3u
#define SVNIC_RX_HASH_IPV6 4u
#define SVNIC_RX_HASH_TCP_IPV6 5u
#define SVNIC_RX_HASH_UDP_IPV6 6u
#define SVNIC_MBOX_STATUS_BUSY 0x1u
#define SVNIC_MBOX_STATUS_DONE 0x2u

#define SVNIC_REG_ENUM_(name, off, desc) SVNIC_HOST_##name = (off),
enum svnic_host_reg { SVNIC_HOST_REGS(SVNIC_REG_ENUM_) };
#undef SVNIC_REG_ENUM_
#define SVNIC_REG_ENUM_(name, off, desc) SVNIC_FW_##name = (off),
enum svnic_fw_reg { SVNIC_FW_REGS(SVNIC_REG_ENUM_) };
#undef SVNIC_REG_ENUM_
#define SVNIC_REG_ENUM_(name, off, desc) SVNIC_FW_VIF_##name = (off),
enum svnic_fw_vif_reg { SVNIC_FW_VIF_REGS(SVNIC_REG_ENUM_) };
#undef SVNIC_REG_ENUM_

#define SVNIC_REG_ENUM_(name, off, desc) SVNIC_IRQ_ENTRY_##name = (off),
enum svnic_irq_entry_reg { SVNIC_IRQ_ENTRY_REGS(SVNIC_REG_ENUM_) };
#undef SVNIC_REG_ENUM_
#define SVNIC_REG_ENUM_(name, off, desc) SVNIC_FW_RXB_##name = (off),
enum svnic_fw_rxb_reg { SVNIC_FW_RXB_REGS(SVNIC_REG_ENUM_) };
#undef SVNIC_REG_ENUM_
#define SVNIC_REG_ENUM_(name, off, desc) SVNIC_FW_RXB_VIF_##name = (off),
enum svnic_fw_rxb_vif_reg { SVNIC_FW_RXB_VIF_REGS(SVNIC_REG_ENUM_) };
#undef SVNIC_REG_ENUM_

#define SVNIC_REG_ENUM_(name, off, desc) SVNIC_FW_DMAW_##name = (off),
enum svnic_fw_dmaw_reg { SVNIC_FW_DMAW_REGS(SVNIC_REG_ENUM_) };
#undef SVNIC_REG_ENUM_
#define SVNIC_REG_ENUM_(name, off, desc) SVNIC_FW_TXS_##name = (off),
enum svnic_fw_txs_reg { SVNIC_FW_TXS_REGS(SVNIC_REG_ENUM_) };
#undef SVNIC_REG_ENUM_
#define SVNIC_REG_ENUM_(name, off, desc) SVNIC_FW_TXS_VIF_##name = (off),
enum svnic_fw_txs_vif_reg { SVNIC_FW_TXS_VIF_REGS(SVNIC_REG_ENUM_) };
#undef SVNIC_REG_ENUM_

/* A rate in kbit/s as the scheduler's RATE (bytes per tick, rounded to the
 * nearest); the host and the firmware both check ranges with it. */
static inline uint32_t svnic_txs_rate_units(uint32_t kbps)
{
	uint64_t num = (uint64_t)kbps * 1000u * SVNIC_TXS_TICK_CYCLES;
	uint64_t den = 8ull * SVNIC_CLOCK_HZ;
	return (uint32_t)((num + den / 2u) / den);
}

/* Offset of TX scheduler register `reg` (an SVNIC_FW_TXS_VIF_*) of VIF `vif`
 * (below SVNIC_FW_LEGACY_VIFS; any VIF from 2.7 on: SVNIC_FW_TXS_VIFX_REG). */
#define SVNIC_FW_TXS_VIF_REG(vif, reg) \
	(SVNIC_FW_TXS_VIF_BASE + (unsigned)(vif) * SVNIC_FW_TXS_VIF_STRIDE + (unsigned)(reg))

/* Offset of shared RX buffer register `reg` (an SVNIC_FW_RXB_VIF_*) of VIF
 * `vif` (below SVNIC_FW_LEGACY_VIFS; any VIF from 2.7 on: SVNIC_FW_RXB_VIFX_REG). */
#define SVNIC_FW_RXB_VIF_REG(vif, reg) \
	(SVNIC_FW_RXB_VIF_BASE + (unsigned)(vif) * SVNIC_FW_RXB_VIF_STRIDE + (unsigned)(reg))

/* Offset of register `reg` (an SVNIC_FW_VIF_*) of VIF `vif` (below
 * SVNIC_FW_LEGACY_VIFS; any VIF from 2.7 on: SVNIC_FW_VIFX_REG). */
#define SVNIC_FW_VIF_REG(vif, reg) \
	(SVNIC_FW_VIF_BASE + (unsigned)(vif) * SVNIC_FW_VIF_STRIDE + (unsigned)(reg))

/* The same blocks for any VIF below SVNIC_MAX_VIFS (register map 2.7 on). */
#define SVNIC_FW_VIFX_REG(vif, reg) \
	(SVNIC_FW_VIFX_BASE + (unsigned)(vif) * SVNIC_FW_VIF_STRIDE + (unsigned)(reg))
#define SVNIC_FW_RXB_VIFX_REG(vif, reg) \
	(SVNIC_FW_RXB_VIFX_BASE + (unsigned)(vif) * SVNIC_FW_RXB_VIF_STRIDE + (unsigned)(reg))
#define SVNIC_FW_TXS_VIFX_REG(vif, reg) \
	(SVNIC_FW_TXS_VIFX_BASE + (unsigned)(vif) * SVNIC_FW_TXS_VIF_STRIDE + (unsigned)(reg))

/* Offset of the RX_READY_WORD word holding VIF `vif`, and its bit there
 * (word 0 is RX_READY in every register map version). */
#define SVNIC_FW_RX_READY_WORD_OF(vif) (SVNIC_FW_RX_READY_WORD + 4u * ((unsigned)(vif) / 32u))
#define SVNIC_RX_READY_BIT(vif) (1u << ((unsigned)(vif) % 32u))

/*
 * Interrupt vectors (the value written to IRQ_RAISE): vif * QUEUES_PER_VIF
 * + q for queue q of a VIF, then one configuration-change vector per VIF,
 * which the firmware raises when it puts the VIF into NEEDS_RESET (virtio's
 * DEVICE_NEEDS_RESET comes with a configuration change notification).
 * num_vifs and qpv are the datapath's NUM_VIFS and QUEUES_PER_VIF; the
 * host window's IRQ_VECTORS is their total. (Before register map 2.3 the
 * datapath had only the queue vectors and dropped configuration-change
 * raises.)
 */
#define SVNIC_IRQ_CONFIG_VECTOR(num_vifs, qpv, vif) \
	((unsigned)(num_vifs) * (unsigned)(qpv) + (unsigned)(vif))

/* Offset of register `reg` (an SVNIC_IRQ_ENTRY_*) of vector `vec`'s table entry. */
#define SVNIC_HOST_IRQ_ENTRY(vec, reg) \
	(SVNIC_HOST_IRQ_TABLE + (unsigned)(vec) * SVNIC_IRQ_ENTRY_STRIDE + (unsigned)(reg))
/* Offset of the DB_WORD word holding queue number `nq` (vif * qpv + q),
 * and its bit there. */
#define SVNIC_FW_DB_WORD_OF(nq) (SVNIC_FW_DB_WORD + 4u * ((unsigned)(nq) / 32u))
#define SVNIC_DB_BIT(nq) (1u << ((unsigned)(nq) % 32u))

/* Offset of the doorbell of queue `q` of VIF `vif` in the host window. */
#define SVNIC_HOST_DOORBELL(vif, q, qpv) \
	(SVNIC_HOST_QUEUE_DOORBELL + 4u * ((unsigned)(vif) * (unsigned)(qpv) + (unsigned)(q)))

#endif
