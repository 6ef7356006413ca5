/* SPDX-License-Identifier: MIT */
/*
 * Firmware <-> datapath command and completion streams (the card-internal
 * contract between the firmware cores and the RTL DMA engine).
 *
 * A command is a sequence of 64-bit words on the command stream, tlast on the
 * final one. Word 0 is the header:
 *   [7:0] opcode  [15:8] vif  [31:16] len (bytes)  [47:32] off  [63:48] tag
 * Word 1, when the opcode takes one, is a host IOVA in the VIF's DMA domain.
 * FW_TO_HOST carries ceil(len / 8) inline data words after it, little-endian
 * (byte 0 of the transfer in bits 7:0 of the first data word). FW_TO_TXBUF
 * has no word 1: its ceil(len / 8) data words follow the header (the
 * firmware writes headers it built, e.g. each segment's under TSO).
 *
 * TXBUF_SEND takes an optional word 1, the L4 checksum request of the frame
 * (virtio-net VIRTIO_NET_HDR_F_NEEDS_CSUM, built by svnic_dma_send_csum):
 *   [0] insert  [31:16] csum_start  [47:32] csum_offset
 * The datapath (hw-rtl/svnic_csum_tx.sv) then writes the ones' complement
 * checksum of bytes [csum_start, len) into the 16 bits at csum_start +
 * csum_offset. A request whose field does not lie inside the frame is
 * refused: the frame is sent unchanged and the sending VIF's
 * TX_CSUM_REFUSED counter counts it (svnic/regs.h); the completion is OK
 * either way, so firmware checks the offsets before it asks.
 *
 * Every command produces exactly one completion: a header word
 *   [7:0] opcode  [15:8] status  [31:16] len  [63:48] tag
 * followed, for a successful HOST_TO_FW, by ceil(len / 8) data words.
 *
 * One table for C and SystemVerilog (hw-rtl/pkg/svnic_regs_pkg.sv).
 */
#ifndef SVNIC_DMACMD_H
#define SVNIC_DMACMD_H

#include <stdint.h>

/* X(NAME, VALUE, DESCRIPTION) */
#define SVNIC_DMA_OPS(X)                                                    \
	X(HOST_TO_FW, 0x01, "read len (<= INLINE_MAX) bytes at iova, return them") \
	X(FW_TO_HOST, 0x02, "write len inline bytes at iova")                   \
	X(HOST_TO_TXBUF, 0x03, "read len bytes at iova into TX buffer at off")  \
	X(TXBUF_SEND, 0x04, "send TX buffer [0, len) into the switch from vif, " \
	  "word 1 (optional): checksum request") \
	X(RXBUF_TO_HOST, 0x05, "write head RX frame of vif [off, off+len) at iova") \
	X(RXBUF_POP, 0x06, "release the head RX frame of vif")              \
	X(FW_TO_TXBUF, 0x07, "write len inline bytes into TX buffer at off (a multiple of 8)")

#define SVNIC_DMA_STATUSES(X)                                               \
	X(OK, 0x00, "done")                                                     \
	X(FAULT, 0x01, "the access was refused: outside the VIF's DMA windows " \
	  "(the datapath's check, svnic/regs.h DMAW_*) or by host memory")     \
	X(BAD_ARG, 0x02, "length, offset, vif or opcode out of range")          \
	X(EMPTY, 0x03, "no RX frame buffered for that vif")

#define SVNIC_DMA_INLINE_MAX 256u /* bytes, HOST_TO_FW and FW_TO_HOST */

/* TXBUF_SEND word 1: the checksum request. */
#define SVNIC_DMA_SEND_CSUM_INSERT 0x1u
#define SVNIC_DMA_SEND_CSUM_START_SHIFT 16
#define SVNIC_DMA_SEND_CSUM_OFFSET_SHIFT 32

#define SVNIC_DMA_ENUM_(name, val, desc) SVNIC_DMA_OP_##name = (val),
enum svnic_dma_op { SVNIC_DMA_OPS(SVNIC_DMA_ENUM_) };
#undef SVNIC_DMA_ENUM_
#define SVNIC_DMA_ENUM_(name, val, desc) SVNIC_DMA_ST_##name = (val),
enum svnic_dma_status { SVNIC_DMA_STATUSES(SVNIC_DMA_ENUM_) };
#undef SVNIC_DMA_ENUM_

static inline uint64_t svnic_dma_hdr(unsigned op, unsigned vif, unsigned len,
				     unsigned off, unsigned tag)
{
	return (uint64_t)(op & 0xffu) | (uint64_t)(vif & 0xffu) << 8 |
	       (uint64_t)(len & 0xffffu) << 16 | (uint64_t)(off & 0xffffu) << 32 |
	       (uint64_t)(tag & 0xffffu) << 48;
}

static inline uint64_t svnic_dma_send_csum(unsigned csum_start, unsigned csum_offset)
{
	return (uint64_t)SVNIC_DMA_SEND_CSUM_INSERT |
	       (uint64_t)(csum_start & 0xffffu) << SVNIC_DMA_SEND_CSUM_START_SHIFT |
	       (uint64_t)(csum_offset & 0xffffu) << SVNIC_DMA_SEND_CSUM_OFFSET_SHIFT;
}

static inline unsigned svnic_dma_cpl_op(uint64_t w) { return (unsigned)(w & 0xffu); }
static inline unsigned svnic_dma_cpl_status(uint64_t w) { return (unsigned)(w >> 8) & 0xffu; }
static inline unsigned svnic_dma_cpl_len(uint64_t w) { return (unsigned)(w >> 16) & 0xffffu; }
static inline unsigned svnic_dma_cpl_tag(uint64_t w) { return (unsigned)(w >> 48) & 0xffffu; }

#endif
