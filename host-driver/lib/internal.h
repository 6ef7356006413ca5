/* SPDX-License-Identifier: MIT */
/* libsvnic internals shared by its .c files. */
#ifndef SVNIC_LIB_INTERNAL_H
#define SVNIC_LIB_INTERNAL_H

#include "svnic/libsvnic.h"

/* Fill `err` (may be NULL) with code, mbox status -1 and a formatted
 * message; returns code so callers can `return svnic_fail(...)`. */
int svnic_fail(struct svnic_err *err, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Milliseconds of CLOCK_MONOTONIC. */
uint64_t svnic_now_ms(void);

/* Sleep `us` microseconds, resuming after signals. */
void svnic_sleep_us(unsigned us);

#endif
