// SPDX-License-Identifier: MIT
// svnic_irq with NUM_VEC = 1088, CYCLES_PER_US = 2.
#define IRQ_HEADER "Virq1088.h"
#define IRQ_PREFIX Virq1088
#define IRQ_NAME irq1088
#define IRQ_VEC 1088
#define IRQ_CPU 2
#include "irq_shim.inc"
