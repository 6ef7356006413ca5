/* SPDX-License-Identifier: MIT */
/*
 * The card's side of the host link (include/svnic/simlink.h): a Unix socket
 * that host processes (libsvnic) connect to, and the ioeventfds they
 * registered, which ring doorbells without a round trip through anyone.
 */
#ifndef SVNIC_SIM_LINK_SERVER_H
#define SVNIC_SIM_LINK_SERVER_H

#include <stdint.h>

#include "bus.h"

#define SIM_LINK_MAX_CLIENTS 16u
#define SIM_LINK_MAX_IOEVENTFDS 64u

struct sim_card;

struct sim_ioeventfd {
	int fd;
	uint32_t reg, value;
};

struct sim_link {
	int listen_fd;
	char path[108];
	struct sim_card *card;
	int client[SIM_LINK_MAX_CLIENTS];
	int lock_owner; /* client slot that holds MBOX_LOCK, or -1 */
	struct sim_ioeventfd ioev[SIM_LINK_MAX_IOEVENTFDS];
	uint64_t requests, doorbells;
	/* Taken while requests run the model (the firmware cores' bus arbiter,
	 * fw_hal_sim.h), never while waiting for them. NULL: not shared. */
	struct sim_bus *bus;
};

/* Listen on `path`. 0, or -1 with a message on stderr. */
int sim_link_open(struct sim_link *l, const char *path, struct sim_card *card);
void sim_link_close(struct sim_link *l);
/* A card reset ends every host session, as a PCIe reset does: connections
 * close (hosts see end-of-file and reconnect) and ioeventfds are dropped.
 * The socket keeps listening. */
void sim_link_drop_all(struct sim_link *l);
/* Wait up to timeout_ms for host requests and doorbells, and serve them. */
void sim_link_poll(struct sim_link *l, int timeout_ms);

#endif
