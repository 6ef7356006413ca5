// SPDX-License-Identifier: MIT
// svnic_dma_wr with MAX_PAYLOAD = 4096.
#define DMAWR_HEADER "Vdmawr4096.h"
#define DMAWR_PREFIX Vdmawr4096
#define DMAWR_NAME dmawr4096
#define DMAWR_MPS 4096
#include "dma_wr_shim.inc"
