/* SPDX-License-Identifier: MIT */
/*
 * The datapath's copy of each VIF's DMA windows (register map 2.6,
 * SVNIC_FW_DMAW_* in svnic/regs.h): the firmware keeps it equal to its own
 * table (struct fw_vif win[]), index for index, so the hardware refuses
 * every access outside the windows the host mapped, whatever the firmware
 * asks for.
 */
#ifndef SVNIC_FW_DMA_WIN_H
#define SVNIC_FW_DMA_WIN_H

#include <stdint.h>

struct fw_card;

/* Windows per VIF the datapath checks (0: a datapath before 2.6, which
 * checks none). Called once the register map version is known. */
unsigned fw_dmaw_probe(struct fw_card *c);

/* Store window idx of vif as [iova, iova + len); len 0 clears it. 0, or
 * -1 if the datapath refused it (it then keeps the window it had). */
int fw_dmaw_store(struct fw_card *c, unsigned vif, unsigned idx, uint64_t iova, uint64_t len);

/* Clear every window of vif. */
void fw_dmaw_clear_vif(struct fw_card *c, unsigned vif);

#endif
