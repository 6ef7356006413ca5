// SPDX-License-Identifier: MIT
// svnic_dma_win with NUM_VIFS = 32, N_WIN = 4.
#define DMAWIN_HEADER "Vdmawin32.h"
#define DMAWIN_PREFIX Vdmawin32
#define DMAWIN_NAME dmawin32
#define DMAWIN_VIFS 32
#define DMAWIN_WIN 4
#include "dma_win_shim.inc"
