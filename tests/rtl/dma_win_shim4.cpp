// SPDX-License-Identifier: MIT
// svnic_dma_win with NUM_VIFS = 4, N_WIN = 8.
#define DMAWIN_HEADER "Vdmawin4.h"
#define DMAWIN_PREFIX Vdmawin4
#define DMAWIN_NAME dmawin4
#define DMAWIN_VIFS 4
#define DMAWIN_WIN 8
#include "dma_win_shim.inc"
