/* SPDX-License-Identifier: MIT */
/* Entry of the co-simulation build (fw/host_entry.h). */
#include "fw/fw.h"
#include "fw/host_entry.h"

static int entry_init(void *card, struct fw_hal *hal)
{
	return fw_init(card, hal);
}

static bool entry_poll(void *card)
{
	return fw_poll(card);
}

static bool entry_broken(const void *card)
{
	return ((const struct fw_card *)card)->broken;
}

__attribute__((visibility("default"))) extern const struct fw_host_entry svnic_fw_host_entry;
const struct fw_host_entry svnic_fw_host_entry = {
	.abi = FW_HOST_ENTRY_ABI,
	.fw_version = FW_VERSION,
	.card_size = sizeof(struct fw_card),
	.init = entry_init,
	.poll = entry_poll,
	.broken = entry_broken,
};
