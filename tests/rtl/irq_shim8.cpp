// SPDX-License-Identifier: MIT
// svnic_irq with NUM_VEC = 8, CYCLES_PER_US = 4.
#define IRQ_HEADER "Virq8.h"
#define IRQ_PREFIX Virq8
#define IRQ_NAME irq8
#define IRQ_VEC 8
#define IRQ_CPU 4
#include "irq_shim.inc"
