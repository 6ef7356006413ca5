/* SPDX-License-Identifier: MIT */
#include "config_irq.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/eventfd.h>
#include <unistd.h>

static void *watch(void *arg)
{
	struct config_irq *c = arg;
	struct pollfd pf[SVNICD_CONFIG_IRQ_MAX + 1];

	for (unsigned i = 0; i < c->n; i++)
		pf[i] = (struct pollfd){ .fd = c->fd[i], .events = POLLIN };
	pf[c->n] = (struct pollfd){ .fd = c->stop_fd, .events = POLLIN };
	for (;;) {
		if (poll(pf, c->n + 1, -1) < 0) {
			if (errno == EINTR)
				continue;
			fprintf(stderr, "svnicd: configuration interrupts: poll failed: %s; "
				"no longer watched\n", strerror(errno));
			return NULL;
		}
		if (pf[c->n].revents)
			return NULL;
		for (unsigned i = 0; i < c->n; i++) {
			uint64_t cnt;

			if (!pf[i].revents)
				continue;
			if (read(c->fd[i], &cnt, sizeof(cnt)) == (ssize_t)sizeof(cnt) && cnt)
				c->fn(i, c->vif[i], cnt);
		}
	}
}

static void unroute(struct config_irq *c)
{
	for (unsigned i = 0; i < c->n; i++) {
		if (c->fd[i] < 0)
			continue;
		(void)svnic_config_irq_set(c->card, c->vif[i], -1, NULL);
		close(c->fd[i]);
		c->fd[i] = -1;
	}
	if (c->stop_fd >= 0)
		close(c->stop_fd);
	c->stop_fd = -1;
}

int config_irq_start(struct config_irq *c, struct svnic *card,
		     const uint32_t *vifs, unsigned n, config_irq_fn fn)
{
	struct svnic_err e;

	memset(c, 0, sizeof(*c));
	c->card = card;
	c->fn = fn;
	c->stop_fd = -1;
	if (n > SVNICD_CONFIG_IRQ_MAX)
		n = SVNICD_CONFIG_IRQ_MAX;
	c->n = n;
	for (unsigned i = 0; i < n; i++)
		c->fd[i] = -1;
	c->stop_fd = eventfd(0, EFD_CLOEXEC);
	if (c->stop_fd < 0) {
		fprintf(stderr, "svnicd: eventfd: %s\n", strerror(errno));
		return -1;
	}
	for (unsigned i = 0; i < n; i++) {
		c->vif[i] = vifs[i];
		c->fd[i] = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
		if (c->fd[i] < 0) {
			fprintf(stderr, "svnicd: eventfd: %s\n", strerror(errno));
			unroute(c);
			return -1;
		}
		if (svnic_config_irq_set(card, vifs[i], c->fd[i], &e) < 0) {
			fprintf(stderr, "svnicd: VIF %u: configuration-change interrupts: %s\n",
				vifs[i], e.msg);
			close(c->fd[i]);
			c->fd[i] = -1;
			unroute(c);
			return -1;
		}
	}
	if (pthread_create(&c->thread, NULL, watch, c) != 0) {
		fprintf(stderr, "svnicd: cannot start the configuration interrupt thread\n");
		unroute(c);
		return -1;
	}
	c->started = true;
	return 0;
}

void config_irq_stop(struct config_irq *c)
{
	if (!c->card)
		return; /* never started */
	if (c->started) {
		uint64_t one = 1;

		if (write(c->stop_fd, &one, sizeof(one)) != (ssize_t)sizeof(one))
			fprintf(stderr, "svnicd: cannot stop the configuration interrupt thread\n");
		else
			pthread_join(c->thread, NULL);
		c->started = false;
	}
	unroute(c);
}
