/* SPDX-License-Identifier: MIT */
/*
 * Which VIFs have RX frames: RX_READY, a bit per VIF. Register map 2.7
 * banks it in RX_READY_WORD words of 32 VIFs (builds of up to
 * SVNIC_MAX_VIFS); RX_READY itself is word 0 in every version, so word 0
 * is read there and a datapath before 2.7 still answers it.
 */
#include "fw/fw.h"
#include "svnic/regs.h"

uint32_t fw_rx_ready_word(const struct fw_card *c, unsigned w)
{
	if (w == 0u)
		return fw_hal_reg_read(c->hal, SVNIC_FW_RX_READY);
	if (w >= c->rx_ready_words)
		return 0u;
	return fw_hal_reg_read(c->hal, SVNIC_FW_RX_READY_WORD_OF(32u * w));
}
