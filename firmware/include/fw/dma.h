/* SPDX-License-Identifier: MIT */
/*
 * Typed wrappers over the DMA engine's command stream (include/svnic/dmacmd.h).
 * Each returns an enum svnic_dma_status, or FW_DMA_DEAD if the engine did not
 * answer (the card is then marked broken).
 */
#ifndef FW_DMA_H
#define FW_DMA_H

#include <stdint.h>

struct fw_card;

#define FW_DMA_DEAD 0x100u

unsigned fw_dma_read(struct fw_card *c, unsigned vif, uint64_t iova, void *dst, unsigned len);
unsigned fw_dma_write(struct fw_card *c, unsigned vif, uint64_t iova, const void *src, unsigned len);
unsigned fw_dma_to_txbuf(struct fw_card *c, unsigned vif, uint64_t iova, unsigned len, unsigned off);
/* FW_TO_TXBUF: len (<= SVNIC_DMA_INLINE_MAX) bytes of src into the TX
 * buffer at off (a multiple of 8). */
unsigned fw_dma_fw_to_txbuf(struct fw_card *c, unsigned vif, const void *src, unsigned len, unsigned off);
unsigned fw_dma_txbuf_send(struct fw_card *c, unsigned vif, unsigned len);
/* TXBUF_SEND with its checksum word (svnic_dma_send_csum; 0: none). */
unsigned fw_dma_txbuf_send_csum(struct fw_card *c, unsigned vif, unsigned len, uint64_t csum);
unsigned fw_dma_rxbuf_to_host(struct fw_card *c, unsigned vif, uint64_t iova, unsigned len, unsigned off);
unsigned fw_dma_rxbuf_pop(struct fw_card *c, unsigned vif);

#endif
