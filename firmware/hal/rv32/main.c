/* SPDX-License-Identifier: MIT */
/* Entry of a card core: bring the firmware up and serve forever. */
#include "fw/fw.h"

struct fw_hal *fw_hal_mmio(void);
int main(void);

static struct fw_card card; /* in .bss: the core's whole state */

int main(void)
{
	/* A datapath that does not identify itself is not ours: stop here
	 * rather than program it. */
	if (fw_init(&card, fw_hal_mmio()) != 0)
		return 1;
	/* The service loop is the firmware's reason to exist; each pass is
	 * bounded, and the loop ends only if the DMA engine dies. */
	while (!card.broken)
		fw_poll(&card);
	return 2;
}
