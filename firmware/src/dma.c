/* SPDX-License-Identifier: MIT */
#include "fw/dma.h"

#include "fw/fw.h"
#include "fw/mem.h"
#include "svnic/dmacmd.h"

#define WORDS(len) (((len) + 7u) / 8u)

/* Issue a command, check that the completion matches it, return its status. */
static unsigned exchange(struct fw_card *c, uint64_t *cmd, unsigned ncmd, uint64_t *cpl,
			 unsigned maxcpl)
{
	if (c->broken)
		return FW_DMA_DEAD;
	int n = fw_hal_dma(c->hal, cmd, ncmd, cpl, maxcpl);
	if (n < 1 || svnic_dma_cpl_tag(cpl[0]) != svnic_dma_cpl_tag(cmd[0]) ||
	    svnic_dma_cpl_op(cpl[0]) != (unsigned)(cmd[0] & 0xffu)) {
		c->broken = true;
		return FW_DMA_DEAD;
	}
	return svnic_dma_cpl_status(cpl[0]);
}

static uint64_t hdr(struct fw_card *c, unsigned op, unsigned vif, unsigned len, unsigned off)
{
	/* Tags are per core: each core has its own command port. */
	unsigned core = fw_core_self(c);
	return svnic_dma_hdr(op, vif, len, off, ++c->core[core < FW_MAX_CORES ? core : 0].tag);
}

unsigned fw_dma_read(struct fw_card *c, unsigned vif, uint64_t iova, void *dst, unsigned len)
{
	uint64_t cmd[2] = { hdr(c, SVNIC_DMA_OP_HOST_TO_FW, vif, len, 0), iova };
	uint64_t cpl[1 + SVNIC_DMA_INLINE_MAX / 8];
	if (len == 0 || len > SVNIC_DMA_INLINE_MAX)
		return SVNIC_DMA_ST_BAD_ARG;
	unsigned st = exchange(c, cmd, 2, cpl, 1 + WORDS(len));
	if (st == SVNIC_DMA_ST_OK)
		fw_memcpy(dst, &cpl[1], len);
	return st;
}

unsigned fw_dma_write(struct fw_card *c, unsigned vif, uint64_t iova, const void *src, unsigned len)
{
	uint64_t cmd[2 + SVNIC_DMA_INLINE_MAX / 8];
	uint64_t cpl[1];
	if (len == 0 || len > SVNIC_DMA_INLINE_MAX)
		return SVNIC_DMA_ST_BAD_ARG;
	cmd[0] = hdr(c, SVNIC_DMA_OP_FW_TO_HOST, vif, len, 0);
	cmd[1] = iova;
	cmd[1 + WORDS(len)] = 0; /* pad the last word */
	fw_memcpy(&cmd[2], src, len);
	return exchange(c, cmd, 2 + WORDS(len), cpl, 1);
}

unsigned fw_dma_to_txbuf(struct fw_card *c, unsigned vif, uint64_t iova, unsigned len, unsigned off)
{
	uint64_t cmd[2] = { hdr(c, SVNIC_DMA_OP_HOST_TO_TXBUF, vif, len, off), iova };
	uint64_t cpl[1];
	return exchange(c, cmd, 2, cpl, 1);
}

unsigned fw_dma_fw_to_txbuf(struct fw_card *c, unsigned vif, const void *src, unsigned len, unsigned off)
{
	uint64_t cmd[1 + SVNIC_DMA_INLINE_MAX / 8];
	uint64_t cpl[1];
	if (len == 0 || len > SVNIC_DMA_INLINE_MAX || off % 8u)
		return SVNIC_DMA_ST_BAD_ARG;
	cmd[0] = hdr(c, SVNIC_DMA_OP_FW_TO_TXBUF, vif, len, off);
	cmd[WORDS(len)] = 0; /* pad the last word */
	fw_memcpy(&cmd[1], src, len);
	return exchange(c, cmd, 1 + WORDS(len), cpl, 1);
}

unsigned fw_dma_txbuf_send(struct fw_card *c, unsigned vif, unsigned len)
{
	uint64_t cmd[1] = { hdr(c, SVNIC_DMA_OP_TXBUF_SEND, vif, len, 0) };
	uint64_t cpl[1];
	return exchange(c, cmd, 1, cpl, 1);
}

unsigned fw_dma_txbuf_send_csum(struct fw_card *c, unsigned vif, unsigned len, uint64_t csum)
{
	if (csum == 0)
		return fw_dma_txbuf_send(c, vif, len);
	uint64_t cmd[2] = { hdr(c, SVNIC_DMA_OP_TXBUF_SEND, vif, len, 0), csum };
	uint64_t cpl[1];
	return exchange(c, cmd, 2, cpl, 1);
}

unsigned fw_dma_rxbuf_to_host(struct fw_card *c, unsigned vif, uint64_t iova, unsigned len, unsigned off)
{
	uint64_t cmd[2] = { hdr(c, SVNIC_DMA_OP_RXBUF_TO_HOST, vif, len, off), iova };
	uint64_t cpl[1];
	return exchange(c, cmd, 2, cpl, 1);
}

unsigned fw_dma_rxbuf_pop(struct fw_card *c, unsigned vif)
{
	uint64_t cmd[1] = { hdr(c, SVNIC_DMA_OP_RXBUF_POP, vif, 0, 0) };
	uint64_t cpl[1];
	return exchange(c, cmd, 1, cpl, 1);
}
