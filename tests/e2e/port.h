/* SPDX-License-Identifier: MIT */
/* A guest driver attached to one VIF of a card, for the e2e tools. */
#ifndef TESTS_E2E_PORT_H
#define TESTS_E2E_PORT_H

#include <stdbool.h>
#include <stdint.h>

#include "svnic/libsvnic.h"
#include "svnic_guest.h"

struct port {
	const char *name;
	const char *sock;
	uint32_t vif;
	struct svnic_guest *g;
	uint8_t mac[6];
	struct svnic_vif_info base; /* card counters before the run */
	bool csum_offload;          /* negotiate checksum offload (port_open) */
	bool ring_reset;            /* negotiate VIRTIO_F_RING_RESET (port_open) */
	unsigned rx_buf; /* RX buffer bytes with MRG_RXBUF; 0: whole-frame buffers */
	unsigned pairs;  /* queue pairs (multiqueue, port_open); 0: 1 */
	uint64_t rx_multi; /* frames received that needed more than one RX buffer */
};

double now_s(void);
/* Parse "VIF:SOCKET" into p; -1 with a message naming option `name`. */
int port_parse(const char *arg, struct port *p, const char *name);
/* Read the VIF's MAC and counters, attach a guest driver to its socket. */
int port_open(struct svnic *card, struct port *p, enum svnic_guest_tx_layout layout);
/* Wait until the card serves the port's VIF: both queues, or with pairs
 * every queue and the control queue, and every pair in use. */
int port_wait_running(struct svnic *card, struct port *p, double timeout_s);

#endif
