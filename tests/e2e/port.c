/* SPDX-License-Identifier: MIT */
#include "port.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "svnic/mbox.h"

double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

int port_parse(const char *arg, struct port *p, const char *name)
{
	char *end;
	unsigned long v = strtoul(arg, &end, 10);
	if (end == arg || *end != ':' || end[1] == '\0' || v > 255) {
		fprintf(stderr, "--%s wants VIF:SOCKET, e.g. 0:/tmp/vif0.sock; got '%s'\n", name, arg);
		return -1;
	}
	p->vif = (uint32_t)v;
	p->sock = end + 1;
	p->name = name;
	return 0;
}

int port_open(struct svnic *card, struct port *p, enum svnic_guest_tx_layout layout)
{
	struct svnic_err err;
	char msg[256];
	if (svnic_vif_query(card, p->vif, &p->base, &err) != 0) {
		fprintf(stderr, "VIF %u (guest %s): %s\n", p->vif, p->name, err.msg);
		return -1;
	}
	memcpy(p->mac, p->base.mac, 6);
	struct svnic_guest_opts go;
	svnic_guest_opts_init(&go);
	memcpy(go.mac, p->mac, 6);
	go.tx_layout = layout;
	go.csum_offload = p->csum_offload;
	go.ring_reset = p->ring_reset;
	go.connect_timeout_ms = 10000;
	go.mrg_rxbuf = p->rx_buf != 0;
	go.rx_buf_size = p->rx_buf;
	go.queue_pairs = p->pairs;
	p->g = svnic_guest_open(p->sock, &go, msg, sizeof(msg));
	if (!p->g) {
		fprintf(stderr, "guest %s: %s\n", p->name, msg);
		return -1;
	}
	return 0;
}

int port_wait_running(struct svnic *card, struct port *p, double timeout_s)
{
	double end = now_s() + timeout_s;
	struct svnic_vif_info vi = { 0 };
	struct svnic_err err;
	while (now_s() < end) {
		if (svnic_vif_query(card, p->vif, &vi, &err) != 0) {
			fprintf(stderr, "VIF %u: %s\n", p->vif, err.msg);
			return -1;
		}
		unsigned pairs = p->pairs > 1 ? p->pairs : 1u;
		uint64_t all = pairs > 1 ? (1ull << (2u * pairs + 1u)) - 1u : 3u;
		if (vi.state == SVNIC_VIF_RUNNING && (vi.queues_attached & all) == all &&
		    (pairs == 1 || vi.active_pairs == pairs))
			return 0;
		struct timespec ts = { 0, 10000000 };
		nanosleep(&ts, NULL);
	}
	fprintf(stderr, "VIF %u of guest %s did not start serving its queues within %.0f s "
			"(attached 0x%" PRIx64 ", %u pairs in use): is svnicd serving %s?\n",
		p->vif, p->name, timeout_s, vi.queues_attached, vi.active_pairs, p->sock);
	return -1;
}
