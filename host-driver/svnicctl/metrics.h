/* SPDX-License-Identifier: MIT */
/* svnicctl's counters for monitoring. Both return an exit code (output.h). */
#ifndef SVNICCTL_METRICS_H
#define SVNICCTL_METRICS_H

#include <stdint.h>

#include "svnic/libsvnic.h"

/* `metrics`: card and VIF counters in the Prometheus text format. */
int svnicctl_metrics(struct svnic *c);

/* `vif stats VIF --watch`: totals and per-second rates every interval_ms,
 * count times (0: until SIGINT/SIGTERM); with json one object per line. */
int svnicctl_vif_watch(struct svnic *c, uint32_t vif, int json, unsigned interval_ms,
		       unsigned count);

#endif
