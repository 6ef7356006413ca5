// SPDX-License-Identifier: MIT
// svnic_rx_pktbuf with NUM_VIFS = 4, BUF_BYTES = 4096, CELL_BYTES = 16,
// DESC_PER_VIF = 8, MAX_FRAME = 1518.
#define PB_HEADER "Vpb4.h"
#define PB_PREFIX Vpb4
#define PB_NAME pb4
#define PB_VIFS 4
#define PB_BUF 4096
#define PB_CELL 16
#define PB_DESC 8
#define PB_MAXF 1518
#include "pktbuf_shim.inc"
