// SPDX-License-Identifier: MIT
// svnic_parser with DATA_WIDTH = 512.
#define PRS_HEADER "Vprs512.h"
#define PRS_PREFIX Vprs512
#define PRS_NAME prs512
#define PRS_BYTES 64
#include "parser_shim.inc"
