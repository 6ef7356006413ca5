// SPDX-License-Identifier: MIT
// svnic_dma_rd with N_TAGS = 4, MAX_READ_REQ = 128.
#define DMARD_HEADER "Vdmard4.h"
#define DMARD_PREFIX Vdmard4
#define DMARD_NAME dmard4
#define DMARD_TAGS 4
#define DMARD_MRRS 128
#include "dma_rd_shim.inc"
