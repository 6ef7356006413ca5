/* SPDX-License-Identifier: MIT */
#include "fw/dma_win.h"

#include "fw/fw.h"
#include "svnic/regs.h"

unsigned fw_dmaw_probe(struct fw_card *c)
{
	uint32_t minor = fw_hal_reg_read(c->hal, SVNIC_FW_VERSION) & 0xffffu;
	uint32_t n = minor >= 6u ? fw_hal_reg_read(c->hal, SVNIC_FW_DMAW_WINDOWS) : 0u;
	/* The firmware's table is the smaller one: windows past it are never
	 * written, so they stay invalid. */
	return n < FW_MAX_WINDOWS ? n : FW_MAX_WINDOWS;
}

int fw_dmaw_store(struct fw_card *c, unsigned vif, unsigned idx, uint64_t iova, uint64_t len)
{
	if (idx >= c->dmaw_windows)
		return c->dmaw_windows ? -1 : 0;
	struct fw_hal *h = c->hal;
	fw_hal_reg_write(h, SVNIC_FW_DMAW_BASE_LO, (uint32_t)iova);
	fw_hal_reg_write(h, SVNIC_FW_DMAW_BASE_HI, (uint32_t)(iova >> 32));
	fw_hal_reg_write(h, SVNIC_FW_DMAW_SIZE_LO, (uint32_t)len);
	fw_hal_reg_write(h, SVNIC_FW_DMAW_SIZE_HI, (uint32_t)(len >> 32));
	fw_hal_reg_write(h, SVNIC_FW_DMAW_WRITE, vif << SVNIC_DMAW_WRITE_VIF_SHIFT | idx);
	return (fw_hal_reg_read(h, SVNIC_FW_DMAW_STATUS) & SVNIC_DMAW_STATUS_REFUSED) ? -1 : 0;
}

void fw_dmaw_clear_vif(struct fw_card *c, unsigned vif)
{
	if (c->dmaw_windows == 0)
		return;
	fw_hal_reg_write(c->hal, SVNIC_FW_DMAW_SIZE_LO, 0);
	fw_hal_reg_write(c->hal, SVNIC_FW_DMAW_SIZE_HI, 0);
	for (unsigned i = 0; i < c->dmaw_windows; i++)
		fw_hal_reg_write(c->hal, SVNIC_FW_DMAW_WRITE, vif << SVNIC_DMAW_WRITE_VIF_SHIFT | i);
}
