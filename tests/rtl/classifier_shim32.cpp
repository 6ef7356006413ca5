// SPDX-License-Identifier: MIT
// svnic_classifier with NUM_VIFS = 32.
#define CLS_HEADER "Vcls32.h"
#define CLS_PREFIX Vcls32
#define CLS_NAME cls32
#include "classifier_shim.inc"
