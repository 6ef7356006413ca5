/* SPDX-License-Identifier: MIT */
#include "wire.h"

#include <pcap/pcap.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "svnic/regs.h"
#include "wire_tap.h"

/* The shortest Ethernet frame, FCS excluded: a sending MAC pads to it. */
#define WIRE_MIN_FRAME 60u

/* Timestamps are simulated time at the datapath clock the model stands for. */
#define SIM_CLOCK_HZ ((unsigned long long)SVNIC_CLOCK_HZ)

struct sim_wire {
	pcap_t *dead;
	pcap_dumper_t *dump;
	int tap;  /* -1: none */
	struct sim_wire_stats st;
	uint8_t rx[65536]; /* a TAP read of any length lands here first */
};

struct sim_wire *sim_wire_open(const char *pcap_path, const char *tap_name)
{
	struct sim_wire *w = calloc(1, sizeof(*w));
	if (!w)
		return NULL;
	w->tap = -1;
	if (tap_name) {
		char err[256];
		w->tap = sim_tap_open(tap_name, err, sizeof(err));
		if (w->tap < 0) {
			fprintf(stderr, "svnic-sim: %s\n", err);
			sim_wire_close(w);
			return NULL;
		}
	}
	if (!pcap_path)
		return w;
	w->dead = pcap_open_dead(DLT_EN10MB, 65535);
	w->dump = w->dead ? pcap_dump_open(w->dead, pcap_path) : NULL;
	if (!w->dump) {
		fprintf(stderr, "svnic-sim: cannot write the wire capture %s: %s\n", pcap_path,
			w->dead ? pcap_geterr(w->dead) : "out of memory");
		sim_wire_close(w);
		return NULL;
	}
	return w;
}

void sim_wire_close(struct sim_wire *w)
{
	if (!w)
		return;
	if (w->dump)
		pcap_dump_close(w->dump);
	if (w->dead)
		pcap_close(w->dead);
	if (w->tap >= 0)
		close(w->tap);
	free(w);
}

void sim_wire_send(struct sim_wire *w, const uint8_t *frame, uint32_t len, uint64_t cycle)
{
	if (w->tap >= 0 && sim_tap_write(w->tap, frame, len) != 0)
		w->st.tap_tx_errors++;
	if (!w->dump)
		return;
	struct pcap_pkthdr h;
	uint64_t ns = cycle * (1000000000ull / SIM_CLOCK_HZ);
	h.ts.tv_sec = (time_t)(ns / 1000000000ull);
	h.ts.tv_usec = (suseconds_t)(ns % 1000000000ull / 1000u);
	h.caplen = len;
	h.len = len;
	pcap_dump((u_char *)w->dump, &h, frame);
	/* Readers (tshark, tests) may look while the card runs. */
	pcap_dump_flush(w->dump);
}

uint32_t sim_wire_recv(struct sim_wire *w, uint8_t *buf, uint32_t cap)
{
	if (w->tap < 0)
		return 0;
	/* Bounded: a burst of over-long frames is dropped a few at a time. */
	for (unsigned i = 0; i < 8u; i++) {
		long n = sim_tap_read(w->tap, w->rx, sizeof(w->rx));
		if (n <= 0)
			return 0;
		if ((unsigned long)n > cap) {
			w->st.tap_rx_toolong++;
			continue;
		}
		memcpy(buf, w->rx, (size_t)n);
		uint32_t len = (uint32_t)n;
		if (len < WIRE_MIN_FRAME && cap >= WIRE_MIN_FRAME) {
			memset(buf + len, 0, WIRE_MIN_FRAME - len);
			len = WIRE_MIN_FRAME;
		}
		w->st.tap_rx_frames++;
		return len;
	}
	return 0;
}

void sim_wire_stats(const struct sim_wire *w, struct sim_wire_stats *st)
{
	*st = w->st;
}
