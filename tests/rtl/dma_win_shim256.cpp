// SPDX-License-Identifier: MIT
// svnic_dma_win with NUM_VIFS = 256, N_WIN = 8.
#define DMAWIN_HEADER "Vdmawin256.h"
#define DMAWIN_PREFIX Vdmawin256
#define DMAWIN_NAME dmawin256
#define DMAWIN_VIFS 256
#define DMAWIN_WIN 8
#include "dma_win_shim.inc"
