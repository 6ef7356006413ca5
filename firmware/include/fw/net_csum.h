/* SPDX-License-Identifier: MIT */
/*
 * Checksum offload between the virtio-net header and the datapath:
 * VIRTIO_NET_F_CSUM (the driver hands over frames with NEEDS_CSUM, the
 * datapath inserts the checksum) and VIRTIO_NET_F_GUEST_CSUM (the driver
 * learns, by DATA_VALID, that the datapath verified a received frame).
 */
#ifndef FW_NET_CSUM_H
#define FW_NET_CSUM_H

#include <stdint.h>

struct fw_card;
struct fw_vif;

/*
 * The TXBUF_SEND checksum word for a frame of `frame_len` bytes whose
 * virtio-net header starts with the bytes vh (FW_VNET_HDR_READ of them, as
 * read once from the chain; zeros without CSUM): 0 when the VIF did not
 * negotiate VIRTIO_NET_F_CSUM or the header does not ask. Returns 1 to send
 * (with *word), 0 to drop the frame (its field lies outside it: counted in
 * tx_csum_bad).
 */
int fw_tx_csum_word(struct fw_vif *v, const uint8_t *vh, unsigned frame_len, uint64_t *word);

/* The virtio-net header flags for the VIF's head RX frame. */
uint8_t fw_rx_csum_flags(struct fw_card *c, unsigned vif);

#endif
