/* SPDX-License-Identifier: MIT */
/*
 * Checksum offload: the virtio-net header's checksum fields on TX, and the
 * datapath's verdict as DATA_VALID on RX (fw/net_csum.h).
 *
 * An out-of-range NEEDS_CSUM request (csum_start + csum_offset + 2 past
 * the frame) drops the frame and counts it (tx_csum_bad) rather than
 * putting the VIF into NEEDS_RESET: the virtio 1.2 network device section
 * asks the driver for sane offsets but gives the device no rule that would
 * make such a frame a device-wide error, unlike malformed rings; a bad
 * header harms only its own frame, so only that frame goes.
 */
#include "fw/dma.h"
#include "fw/fw.h"
#include "fw/net_csum.h"
#include "svnic/dmacmd.h"
#include "svnic/mbox.h"
#include "svnic/regs.h"
#include "svnic/virtio.h"

static bool has(const struct fw_vif *v, unsigned bit)
{
	return (v->features & SVNIC_VIRTIO_BIT(bit)) != 0;
}

int fw_tx_csum_word(struct fw_vif *v, const uint8_t *vh, unsigned frame_len, uint64_t *word)
{
	*word = 0;
	if (!has(v, SVNIC_VIRTIO_NET_F_CSUM) || !(vh[0] & SVNIC_VIRTIO_NET_HDR_F_NEEDS_CSUM))
		return 1; /* the driver may not ask, or did not */
	unsigned start = (unsigned)vh[6] | (unsigned)vh[7] << 8;   /* little-endian */
	unsigned offset = (unsigned)vh[8] | (unsigned)vh[9] << 8;
	if (start + offset + 2u > frame_len) {
		v->tx_csum_bad++;
		return 0;
	}
	*word = svnic_dma_send_csum(start, offset);
	return 1;
}

uint8_t fw_rx_csum_flags(struct fw_card *c, unsigned vif)
{
	if (!has(&c->vif[vif], SVNIC_VIRTIO_NET_F_GUEST_CSUM))
		return 0; /* virtio 1.2: flags stay zero without GUEST_CSUM */
	uint32_t meta = fw_hal_reg_read(c->hal, SVNIC_FW_VIF_REG(vif, SVNIC_FW_VIF_RX_HEAD_META));
	return (meta & SVNIC_RX_META_CSUM_MASK) == SVNIC_RX_CSUM_OK ? SVNIC_VIRTIO_NET_HDR_F_DATA_VALID : 0;
}
