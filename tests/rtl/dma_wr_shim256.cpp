// SPDX-License-Identifier: MIT
// svnic_dma_wr with MAX_PAYLOAD = 256.
#define DMAWR_HEADER "Vdmawr256.h"
#define DMAWR_PREFIX Vdmawr256
#define DMAWR_NAME dmawr256
#define DMAWR_MPS 256
#include "dma_wr_shim.inc"
