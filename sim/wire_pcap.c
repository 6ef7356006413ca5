/* SPDX-License-Identifier: MIT */
#include <pcap/pcap.h>
#include <stdio.h>
#include <stdlib.h>

#include "svnic/regs.h"
#include "wire.h"

/* Timestamps are simulated time at the datapath clock the model stands for. */
#define SIM_CLOCK_HZ ((unsigned long long)SVNIC_CLOCK_HZ)

struct sim_wire {
	pcap_t *dead;
	pcap_dumper_t *dump;
};

struct sim_wire *sim_wire_open(const char *pcap_path)
{
	struct sim_wire *w = calloc(1, sizeof(*w));
	if (!w)
		return NULL;
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
	free(w);
}

void sim_wire_send(struct sim_wire *w, const uint8_t *frame, uint32_t len, uint64_t cycle)
{
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
