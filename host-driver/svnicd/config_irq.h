/* SPDX-License-Identifier: MIT */
/*
 * The card's configuration-change interrupts (one vector per VIF, raised by
 * the firmware when it puts the VIF into NEEDS_RESET) on eventfds, watched
 * by one thread that hands each to a callback.
 */
#ifndef SVNICD_CONFIG_IRQ_H
#define SVNICD_CONFIG_IRQ_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include "svnic/libsvnic.h"

#define SVNICD_CONFIG_IRQ_MAX 64

/* Called on the watcher thread: VIF `vif` (index `idx` in the list given
 * to config_irq_start) signalled `n` times since the last call. */
typedef void (*config_irq_fn)(unsigned idx, uint32_t vif, uint64_t n);

struct config_irq {
	struct svnic *card;
	unsigned n;
	uint32_t vif[SVNICD_CONFIG_IRQ_MAX];
	int fd[SVNICD_CONFIG_IRQ_MAX];
	config_irq_fn fn;
	pthread_t thread;
	bool started;
	int stop_fd; /* written to end the thread */
};

/* Route the configuration vectors of `n` VIFs to eventfds and start the
 * watcher. 0, or -1 with a message on stderr (nothing left routed). */
int config_irq_start(struct config_irq *c, struct svnic *card,
		     const uint32_t *vifs, unsigned n, config_irq_fn fn);

/* Stop the watcher, unroute the vectors, close the eventfds. */
void config_irq_stop(struct config_irq *c);

#endif
