// SPDX-License-Identifier: MIT
// svnic_parser with DATA_WIDTH = 64.
#define PRS_HEADER "Vprs64.h"
#define PRS_PREFIX Vprs64
#define PRS_NAME prs64
#define PRS_BYTES 8
#include "parser_shim.inc"
