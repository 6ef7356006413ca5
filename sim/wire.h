/* SPDX-License-Identifier: MIT */
/*
 * The card's Ethernet port. The backend of this version is a pcap file
 * (libpcap, readable by tshark and Wireshark) that receives every frame the
 * card sends to the wire; with no file, frames are counted and discarded.
 */
#ifndef SVNIC_SIM_WIRE_H
#define SVNIC_SIM_WIRE_H

#include <stdint.h>

struct sim_wire;

/* NULL with a message on stderr if the file cannot be written. */
struct sim_wire *sim_wire_open(const char *pcap_path);
void sim_wire_close(struct sim_wire *w);
/* A frame the card transmitted, at simulated clock cycle `cycle`. */
void sim_wire_send(struct sim_wire *w, const uint8_t *frame, uint32_t len, uint64_t cycle);

#endif
