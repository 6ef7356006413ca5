// SPDX-License-Identifier: MIT
// svnic_rx_pktbuf with NUM_VIFS = 16, BUF_BYTES = 16384, CELL_BYTES = 256,
// DESC_PER_VIF = 4, MAX_FRAME = 9216.
#define PB_HEADER "Vpb16.h"
#define PB_PREFIX Vpb16
#define PB_NAME pb16
#define PB_VIFS 16
#define PB_BUF 16384
#define PB_CELL 256
#define PB_DESC 4
#define PB_MAXF 9216
#include "pktbuf_shim.inc"
