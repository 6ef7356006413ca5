/* SPDX-License-Identifier: MIT */
#include "bus.h"

void sim_bus_init(struct sim_bus *b)
{
	pthread_mutex_init(&b->m, NULL);
	pthread_cond_init(&b->turn, NULL);
	b->next = b->serving = 0;
}

void sim_bus_lock(struct sim_bus *b)
{
	pthread_mutex_lock(&b->m);
	uint64_t ticket = b->next++;
	while (ticket != b->serving)
		pthread_cond_wait(&b->turn, &b->m);
	pthread_mutex_unlock(&b->m);
}

void sim_bus_unlock(struct sim_bus *b)
{
	pthread_mutex_lock(&b->m);
	b->serving++;
	pthread_cond_broadcast(&b->turn);
	pthread_mutex_unlock(&b->m);
}
