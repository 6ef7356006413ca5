/* SPDX-License-Identifier: MIT */
/*
 * The arbiter in front of the simulated datapath: the firmware cores'
 * threads, the host link and the idle cycles take the Verilated model
 * (single-threaded) one operation at a time, in the order they asked for it,
 * as a round-robin bus arbiter grants masters. A plain mutex would let a
 * busy core take it again and again while core 0 and the host link wait.
 */
#ifndef SVNIC_SIM_BUS_H
#define SVNIC_SIM_BUS_H

#include <pthread.h>
#include <stdint.h>

struct sim_bus {
	pthread_mutex_t m;
	pthread_cond_t turn;
	uint64_t next, serving; /* tickets: the next to hand out, the one served */
};

void sim_bus_init(struct sim_bus *b);
void sim_bus_lock(struct sim_bus *b);
void sim_bus_unlock(struct sim_bus *b);

#endif
