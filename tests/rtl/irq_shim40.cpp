// SPDX-License-Identifier: MIT
// svnic_irq with NUM_VEC = 40, CYCLES_PER_US = 3.
#define IRQ_HEADER "Virq40.h"
#define IRQ_PREFIX Virq40
#define IRQ_NAME irq40
#define IRQ_VEC 40
#define IRQ_CPU 3
#include "irq_shim.inc"
