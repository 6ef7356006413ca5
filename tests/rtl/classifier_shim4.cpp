// SPDX-License-Identifier: MIT
// svnic_classifier with NUM_VIFS = 4.
#define CLS_HEADER "Vcls4.h"
#define CLS_PREFIX Vcls4
#define CLS_NAME cls4
#include "classifier_shim.inc"
