// SPDX-License-Identifier: MIT
// svnic_rx_pktbuf with NUM_VIFS = 256, BUF_BYTES = 65536, CELL_BYTES = 128,
// DESC_PER_VIF = 16, MAX_FRAME = 9216.
#define PB_HEADER "Vpb256.h"
#define PB_PREFIX Vpb256
#define PB_NAME pb256
#define PB_VIFS 256
#define PB_BUF 65536
#define PB_CELL 128
#define PB_DESC 16
#define PB_MAXF 9216
#include "pktbuf_shim.inc"
