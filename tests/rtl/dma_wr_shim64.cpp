// SPDX-License-Identifier: MIT
// svnic_dma_wr with MAX_PAYLOAD = 64.
#define DMAWR_HEADER "Vdmawr64.h"
#define DMAWR_PREFIX Vdmawr64
#define DMAWR_NAME dmawr64
#define DMAWR_MPS 64
#include "dma_wr_shim.inc"
