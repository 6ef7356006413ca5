/* SPDX-License-Identifier: MIT */
/*
 * The card's Ethernet port, seen from outside the card. Two backends, each
 * optional: a pcap file (libpcap, readable by tshark and Wireshark) that
 * receives every frame the card sends to the wire, and a Linux TAP
 * interface that is the port's link partner both ways. With neither, frames
 * sent are counted and discarded, and none arrive.
 */
#ifndef SVNIC_SIM_WIRE_H
#define SVNIC_SIM_WIRE_H

#include <stdint.h>

struct sim_wire;

struct sim_wire_stats {
	uint64_t tap_rx_frames;  /* frames read from the TAP interface for the card */
	uint64_t tap_rx_toolong; /* ... longer than the card's port takes: dropped */
	uint64_t tap_tx_errors;  /* frames the TAP interface refused (it is down) */
};

/* pcap_path, tap_name: NULL for none. NULL with a message on stderr if the
 * file cannot be written or the interface not attached. */
struct sim_wire *sim_wire_open(const char *pcap_path, const char *tap_name);
void sim_wire_close(struct sim_wire *w);
/* A frame the card transmitted, at simulated clock cycle `cycle`. */
void sim_wire_send(struct sim_wire *w, const uint8_t *frame, uint32_t len, uint64_t cycle);
/*
 * A frame arriving at the card's port, if one is waiting (non-blocking):
 * its length, at most cap, padded with zeros to the 60-byte Ethernet
 * minimum as a sending MAC would; 0 when none. Frames longer than cap are
 * dropped and counted.
 */
uint32_t sim_wire_recv(struct sim_wire *w, uint8_t *buf, uint32_t cap);
void sim_wire_stats(const struct sim_wire *w, struct sim_wire_stats *st);

#endif
