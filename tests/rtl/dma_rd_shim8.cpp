// SPDX-License-Identifier: MIT
// svnic_dma_rd with N_TAGS = 8, MAX_READ_REQ = 512.
#define DMARD_HEADER "Vdmard8.h"
#define DMARD_PREFIX Vdmard8
#define DMARD_NAME dmard8
#define DMARD_TAGS 8
#define DMARD_MRRS 512
#include "dma_rd_shim.inc"
