// SPDX-License-Identifier: MIT
// svnic_dma_rd with N_TAGS = 2, MAX_READ_REQ = 4096.
#define DMARD_HEADER "Vdmard2.h"
#define DMARD_PREFIX Vdmard2
#define DMARD_NAME dmard2
#define DMARD_TAGS 2
#define DMARD_MRRS 4096
#include "dma_rd_shim.inc"
