/* SPDX-License-Identifier: MIT */
/*
 * svnic-sim: the card as a process. The Verilated datapath, the firmware
 * (host build) on its bus, host memory behind the per-VIF IOMMU, and the
 * host link on a Unix socket.
 */
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "card.h"
#include "fw/fw.h"
#include "fw_hal_sim.h"
#include "link_server.h"
#include "wire.h"

#define DEFAULT_SOCKET "/tmp/svnic-sim.sock"
#define IDLE_WAIT_MS 10 /* how long an idle card sleeps before polling again */
#define DRAIN_CYCLES 16 /* cycles run after an idle pass so messages get out */

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static void usage(FILE *f)
{
	fprintf(f,
		"usage: svnic-sim [--socket PATH] [--pcap FILE] [--trace FILE.fst] [--verbose]\n"
		"\n"
		"Runs the svnic card as a process: the RTL datapath (Verilated), the firmware\n"
		"and host memory with a DMA domain per VIF. Host programs (svnicd, svnicctl)\n"
		"reach it with the card URI sim:PATH.\n"
		"\n"
		"  --socket PATH     host link socket (default " DEFAULT_SOCKET ")\n"
		"  --pcap FILE       write every frame the card sends to the wire to FILE\n"
		"                    (pcap, for tshark/Wireshark); without it they are counted\n"
		"  --trace FILE.fst  dump the datapath's waveform (FST, for GTKWave); slow\n"
		"  --verbose         report every refused DMA, not only the first ones\n"
		"  --help            this text\n"
		"\n"
		"Stops on SIGINT or SIGTERM and prints its counters.\n");
}

int main(int argc, char **argv)
{
	const char *sock = DEFAULT_SOCKET, *pcap = NULL, *trace = NULL;
	bool verbose = false;
	static const struct option opts[] = {
		{ "socket", required_argument, 0, 's' }, { "pcap", required_argument, 0, 'p' },
		{ "trace", required_argument, 0, 't' },  { "verbose", no_argument, 0, 'v' },
		{ "help", no_argument, 0, 'h' },         { 0, 0, 0, 0 },
	};
	for (int o; (o = getopt_long(argc, argv, "s:p:t:vh", opts, NULL)) != -1;) {
		switch (o) {
		case 's': sock = optarg; break;
		case 'p': pcap = optarg; break;
		case 't': trace = optarg; break;
		case 'v': verbose = true; break;
		case 'h': usage(stdout); return 0;
		default: usage(stderr); return 2;
		}
	}
	if (optind != argc) {
		fprintf(stderr, "svnic-sim: unexpected argument '%s'\n", argv[optind]);
		usage(stderr);
		return 2;
	}

	static struct sim_card card;
	static struct fw_card fw;
	static struct sim_link link;
	struct sim_wire *wire = sim_wire_open(pcap);
	if (!wire)
		return 1;
	if (sim_card_init(&card, trace, wire, verbose) != 0)
		return 1;
	struct fw_hal hal = { &card, 0 };
	if (fw_init(&fw, &hal) != 0) {
		fprintf(stderr, "svnic-sim: the firmware refused the datapath (identity or sizes)\n");
		return 1;
	}
	if (sim_link_open(&link, sock, &card) != 0)
		return 1;

	struct sigaction sa = { .sa_handler = on_signal };
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	fprintf(stderr, "svnic-sim: card ready on %s: %u VIFs, %u queues each\n", sock,
		card.num_vifs, card.qpv);

	bool busy = false;
	while (!stop) {
		sim_link_poll(&link, busy ? 0 : IDLE_WAIT_MS);
		busy = fw_poll(&fw);
		if (fw.broken) {
			fprintf(stderr, "svnic-sim: the DMA engine stopped answering the firmware\n");
			break;
		}
		if (!busy)
			for (int i = 0; i < DRAIN_CYCLES; i++)
				sim_card_cycle(&card);
	}

	const struct sim_counters *k = &card.cnt;
	fprintf(stderr,
		"svnic-sim: %llu cycles, %llu host requests, %llu doorbells, %llu DMA reads "
		"(%llu B), %llu DMA writes (%llu B), %llu DMA faults, %llu interrupts "
		"(%llu unrouted), %llu frames to the wire, %llu firmware bus errors\n",
		(unsigned long long)svnic_model_cycles(card.model),
		(unsigned long long)link.requests, (unsigned long long)link.doorbells,
		(unsigned long long)k->dma_reads, (unsigned long long)k->dma_read_bytes,
		(unsigned long long)k->dma_writes, (unsigned long long)k->dma_write_bytes,
		(unsigned long long)k->dma_faults, (unsigned long long)k->irqs,
		(unsigned long long)k->irqs_unrouted, (unsigned long long)k->wire_tx_frames,
		(unsigned long long)hal.bus_errors);
	sim_link_close(&link);
	sim_card_fini(&card);
	sim_wire_close(wire);
	return fw.broken ? 1 : 0;
}
