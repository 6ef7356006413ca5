/* SPDX-License-Identifier: MIT */
/*
 * svnic-sim: the card as a process. The Verilated datapath, the firmware
 * (a `host` image booted from the card's flash) on its bus, host memory
 * behind the per-VIF IOMMU, and the host link on a Unix socket.
 */
#include <errno.h>
#include <getopt.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "boot.h"
#include "card.h"
#include "flash.h"
#include "fw_hal_sim.h"
#include "link_server.h"
#include "signing_key.h"
#include "speed.h"
#include "wire.h"

#define DEFAULT_SOCKET "/tmp/svnic-sim.sock"
#define IDLE_WAIT_MS 10 /* how long an idle card sleeps before polling again */
#define DRAIN_CYCLES 16 /* cycles run after an idle pass so messages get out */
#define DEFAULT_WATCHDOG_MS 3000u
/* How long a reset the firmware asked for waits for the host to collect the
 * response and let go of the mailbox. */
#define RESET_GRACE_MS 1000u

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

/*
 * Firmware cores 1 .. N-1 (--fw-cores N): a thread each, running the same
 * firmware's pass as core 0 (the main thread) on its own VIFs. An idle core
 * sleeps CORE_IDLE_US before its next pass; core 0 sleeps in the host
 * link's poll instead, which host requests and doorbells end early.
 */
#define CORE_IDLE_US 200
struct core_thread {
	pthread_t thread;
	unsigned id;
	struct sim_boot *fw;
	bool started;
};
static struct core_thread core_threads[SIM_FW_MAX_CORES];
static atomic_bool cores_run;

static void *core_main(void *arg)
{
	struct core_thread *ct = arg;
	struct timespec idle = { 0, CORE_IDLE_US * 1000L };
	sim_hal_set_core(ct->id);
	while (atomic_load(&cores_run)) {
		if (!ct->fw->entry->poll(ct->fw->card)) {
			if (ct->fw->entry->broken(ct->fw->card))
				break; /* the main thread reports it */
			nanosleep(&idle, NULL);
		}
	}
	return NULL;
}

/* Start cores 1 .. n-1 on the firmware that was just booted. 0 or -1. */
static int cores_start(struct sim_boot *fw, unsigned n)
{
	atomic_store(&cores_run, true);
	for (unsigned i = 1; i < n; i++) {
		struct core_thread *ct = &core_threads[i];
		ct->id = i;
		ct->fw = fw;
		int rc = pthread_create(&ct->thread, NULL, core_main, ct);
		if (rc != 0) {
			fprintf(stderr, "svnic-sim: cannot start firmware core %u: %s\n", i, strerror(rc));
			return -1;
		}
		ct->started = true;
	}
	return 0;
}

/* Stop them (each finishes its pass first): before a reset or exit. */
static void cores_stop(void)
{
	atomic_store(&cores_run, false);
	for (unsigned i = 1; i < SIM_FW_MAX_CORES; i++) {
		if (core_threads[i].started)
			pthread_join(core_threads[i].thread, NULL);
		core_threads[i].started = false;
	}
}

/* The host link, served between the firmware's bus operations too. */
static void serve_link(void *ctx)
{
	sim_link_poll(ctx, 0);
}

static void usage(FILE *f)
{
	fprintf(f,
		"usage: svnic-sim [--socket PATH] [--flash FILE] [--factory IMAGE]\n"
		"                 [--watchdog-ms N] [--pcie-latency-ns N] [--pcap FILE]\n"
		"                 [--wire-tap IFNAME]\n"
		"                 [--trace FILE.fst] [--fw-cores N] [--verbose]\n"
		"       svnic-sim --speed CYCLES [--speed-frame BYTES]\n"
		"\n"
		"Runs the svnic card as a process: the RTL datapath (Verilated), the firmware\n"
		"booted from the card's flash, and host memory with a DMA domain per VIF.\n"
		"Host programs (svnicd, svnicctl) reach it with the card URI sim:PATH.\n"
		"\n"
		"  --socket PATH     host link socket (default " DEFAULT_SOCKET ")\n"
		"  --flash FILE      the card's flash (A/B image slots and boot record), kept in\n"
		"                    FILE across runs; a new FILE starts blank. Without it the\n"
		"                    flash lives in memory and every run starts blank\n"
		"  --factory IMAGE   image a blank flash is provisioned with (slot A)\n"
		"                    (default " SIM_FACTORY_IMAGE ")\n"
		"  --watchdog-ms N   time a newly flashed image has to confirm itself healthy\n"
		"                    before the card resets and rolls back (default %u)\n"
		"  --pcie-latency-ns N  host-memory read round trip the card waits for, at\n"
		"                    the modeled %u MHz clock (default %u, or\n"
		"                    $SVNIC_SIM_PCIE_LATENCY_NS if set; 0: free memory)\n"
		"  --pcap FILE       write every frame the card sends to the wire to FILE\n"
		"                    (pcap, for tshark/Wireshark); without it they are counted\n"
		"  --wire-tap IFNAME connect the card's Ethernet port to Linux TAP interface\n"
		"                    IFNAME (created if missing, which needs CAP_NET_ADMIN; it\n"
		"                    goes when svnic-sim exits): frames the card sends to the\n"
		"                    wire come out of IFNAME, frames sent into IFNAME arrive\n"
		"                    at the card's port (set it up: ip link set IFNAME up)\n"
		"  --trace FILE.fst  dump the datapath's waveform (FST, for GTKWave); slow\n"
		"  --fw-cores N      firmware cores, 1..%u (default 1): VIF v is served by core\n"
		"                    v %% N, each core a thread of this process; their bus\n"
		"                    operations take turns on the one simulated datapath.\n"
		"                    With more than one core the TX scheduler's weights and\n"
		"                    rate limits are not applied (it has one grant port):\n"
		"                    each core takes turns among its own VIFs\n"
		"  --verbose         report every refused DMA, not only the first ones\n"
		"  --speed CYCLES    instead of serving: run the datapath model alone (no\n"
		"                    firmware, untraced) for CYCLES cycles with the wire and\n"
		"                    the command stream saturated, print simulated cycles per\n"
		"                    second and what moved, and exit\n"
		"  --speed-frame N   frame bytes for --speed, 60..1514 (default 64)\n"
		"  --help            this text\n"
		"\n"
		"Images are verified with the key in the card's fuses (the build's signing\n"
		"key). Stops on SIGINT or SIGTERM and prints its counters.\n", DEFAULT_WATCHDOG_MS,
		SIM_CLOCK_MHZ, SIM_PCIE_LATENCY_NS, SIM_FW_MAX_CORES);
}

/* Parse a decimal count in [lo, hi]; -1 if it is not one. */
static long parse_count(const char *s, long lo, long hi)
{
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	return errno || end == s || *end || v < lo || v > hi ? -1 : v;
}

/* The boot ROM, with one retry: an image that fails to start counts as its
 * one try, so the second pass falls back to the other slot. */
static int boot(struct sim_boot *b, struct fw_hal *hal, unsigned watchdog_ms)
{
	if (sim_boot_start(b, hal, watchdog_ms) == 0)
		return 0;
	return sim_boot_start(b, hal, watchdog_ms);
}

/* Card reset: every host session ends, the datapath restarts, and the boot
 * ROM starts an image again. */
static int card_reset(struct sim_card *card, struct sim_link *link, struct sim_boot *b,
		      struct fw_hal *hal, unsigned watchdog_ms)
{
	void (*serve_host)(void *) = hal->serve_host;
	int rc;

	unsigned cores = hal->cores;
	cores_stop();
	sim_boot_stop(b);
	sim_link_drop_all(link);
	hal->reset_requested = false;
	if (sim_card_reset(card) != 0)
		return -1;
	/* No host session during the boot ROM's run: hosts reconnect after. */
	hal->serve_host = NULL;
	rc = boot(b, hal, watchdog_ms);
	hal->serve_host = serve_host;
	if (rc == 0)
		rc = cores_start(b, cores);
	return rc;
}

int main(int argc, char **argv)
{
	const char *sock = DEFAULT_SOCKET, *pcap = NULL, *trace = NULL, *tap = NULL;
	const char *flash_path = NULL, *factory = SIM_FACTORY_IMAGE;
	unsigned watchdog_ms = DEFAULT_WATCHDOG_MS, latency_ns = SIM_PCIE_LATENCY_NS, fw_cores = 1;
	bool verbose = false;
	long speed_cycles = 0, speed_frame = 64;
	static const struct option opts[] = {
		{ "socket", required_argument, 0, 's' }, { "pcap", required_argument, 0, 'p' },
		{ "trace", required_argument, 0, 't' },  { "verbose", no_argument, 0, 'v' },
		{ "flash", required_argument, 0, 'f' },  { "factory", required_argument, 0, 'F' },
		{ "watchdog-ms", required_argument, 0, 'w' },
		{ "pcie-latency-ns", required_argument, 0, 'L' },
		{ "speed", required_argument, 0, 'S' },  { "speed-frame", required_argument, 0, 'B' },
		{ "wire-tap", required_argument, 0, 'T' },
		{ "fw-cores", required_argument, 0, 'C' },
		{ "help", no_argument, 0, 'h' },         { 0, 0, 0, 0 },
	};
	/* The sanitizer builds run the whole suite with free memory: their
	 * model is slow enough already (CMakePresets.json sets this). */
	const char *lat_env = getenv("SVNIC_SIM_PCIE_LATENCY_NS");
	if (lat_env) {
		long v = parse_count(lat_env, 0, 100000);
		if (v < 0) {
			fprintf(stderr, "svnic-sim: SVNIC_SIM_PCIE_LATENCY_NS must be 0..100000, "
					"not '%s'\n", lat_env);
			return 2;
		}
		latency_ns = (unsigned)v;
	}
	for (int o; (o = getopt_long(argc, argv, "s:p:t:vf:F:w:L:S:B:T:C:h", opts, NULL)) != -1;) {
		long v;
		switch (o) {
		case 's': sock = optarg; break;
		case 'p': pcap = optarg; break;
		case 'T': tap = optarg; break;
		case 't': trace = optarg; break;
		case 'v': verbose = true; break;
		case 'f': flash_path = optarg; break;
		case 'F': factory = optarg; break;
		case 'w':
			if ((v = parse_count(optarg, 1, 3600000)) < 0) {
				fprintf(stderr, "svnic-sim: --watchdog-ms must be 1..3600000, not '%s'\n",
					optarg);
				return 2;
			}
			watchdog_ms = (unsigned)v;
			break;
		case 'L':
			if ((v = parse_count(optarg, 0, 100000)) < 0) {
				fprintf(stderr, "svnic-sim: --pcie-latency-ns must be 0..100000, not '%s'\n",
					optarg);
				return 2;
			}
			latency_ns = (unsigned)v;
			break;
		case 'S':
			if ((speed_cycles = parse_count(optarg, 1, 1000000000000L)) < 0) {
				fprintf(stderr, "svnic-sim: --speed must be 1..10^12 cycles, not '%s'\n",
					optarg);
				return 2;
			}
			break;
		case 'B':
			if ((speed_frame = parse_count(optarg, 60, 1514)) < 0) {
				fprintf(stderr, "svnic-sim: --speed-frame must be 60..1514, not '%s'\n",
					optarg);
				return 2;
			}
			break;
		case 'C':
			if ((v = parse_count(optarg, 1, SIM_FW_MAX_CORES)) < 0) {
				fprintf(stderr, "svnic-sim: --fw-cores must be 1..%u, not '%s'\n",
					SIM_FW_MAX_CORES, optarg);
				return 2;
			}
			fw_cores = (unsigned)v;
			break;
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
	static struct sim_link link;
	static struct sim_flash flash;
	static struct sim_boot fw;
	struct sim_wire *wire = sim_wire_open(pcap, tap);
	if (!wire)
		return 1;
	if (sim_flash_open(&flash, flash_path) != 0)
		return 1;
	if (sim_card_init(&card, trace, wire, verbose) != 0)
		return 1;
	card.rd_latency = latency_ns * SIM_CLOCK_MHZ / 1000u;
	if (speed_cycles) {
		int rc = sim_speed_run(&card, (uint64_t)speed_cycles, (unsigned)speed_frame);
		sim_card_fini(&card);
		sim_wire_close(wire);
		sim_flash_close(&flash);
		return rc ? 1 : 0;
	}
	static struct fw_hal hal;
	hal.card = &card;
	hal.flash = &flash;
	hal.key = sim_signing_key;
	hal.cores = fw_cores;
	sim_bus_init(&hal.bus);
	if (sim_boot_provision(&hal, factory) != 0 || boot(&fw, &hal, watchdog_ms) != 0)
		return 1;
	if (sim_link_open(&link, sock, &card) != 0)
		return 1;
	link.bus = &hal.bus;
	hal.serve_host = serve_link;
	hal.serve_host_ctx = &link;
	if (cores_start(&fw, fw_cores) != 0)
		return 1;

	struct sigaction sa = { .sa_handler = on_signal };
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	fprintf(stderr, "svnic-sim: card ready on %s: %u VIFs, %u queues each, %u firmware "
			"core%s\n", sock, card.num_vifs, card.qpv, fw_cores, fw_cores > 1 ? "s" : "");

	bool busy = false, broken = false;
	uint64_t reset_at = 0;
	while (!stop) {
		sim_link_poll(&link, busy ? 0 : IDLE_WAIT_MS);
		busy = fw.entry->poll(fw.card);
		if (fw.entry->broken(fw.card)) {
			fprintf(stderr, "svnic-sim: the DMA engine stopped answering the firmware\n");
			broken = true;
			break;
		}
		if (!busy) {
			sim_bus_lock(&hal.bus);
			for (int i = 0; i < DRAIN_CYCLES; i++)
				sim_card_cycle(&card);
			sim_bus_unlock(&hal.bus);
		}

		bool do_reset = false;
		if (hal.reset_requested) {
			if (!reset_at)
				reset_at = sim_boot_now_ms() + RESET_GRACE_MS;
			do_reset = link.lock_owner < 0 || sim_boot_now_ms() >= reset_at;
			busy = true;
		}
		if (sim_boot_watchdog_expired(&fw, &hal)) {
			fprintf(stderr, "svnic-sim: firmware %u.%u.%u in slot %s did not confirm itself "
					"healthy within %u ms: resetting the card\n",
				fw.fw_version >> 16 & 0xff, fw.fw_version >> 8 & 0xff,
				fw.fw_version & 0xff, fw.slot ? "B" : "A", watchdog_ms);
			do_reset = true;
		}
		if (do_reset) {
			reset_at = 0;
			fprintf(stderr, "svnic-sim: card reset\n");
			if (card_reset(&card, &link, &fw, &hal, watchdog_ms) != 0) {
				broken = true;
				break;
			}
		}
	}

	cores_stop();
	const struct sim_counters *k = &card.cnt;
	fprintf(stderr,
		"svnic-sim: %llu cycles, %llu host requests, %llu doorbells, %llu DMA reads "
		"(%llu B), %llu DMA writes (%llu B), %llu DMA faults, %llu interrupts "
		"(%llu unrouted), %llu frames to the wire, %llu firmware bus errors, "
		"%llu cycles waiting on host memory\n",
		(unsigned long long)svnic_model_cycles(card.model),
		(unsigned long long)link.requests, (unsigned long long)link.doorbells,
		(unsigned long long)k->dma_reads, (unsigned long long)k->dma_read_bytes,
		(unsigned long long)k->dma_writes, (unsigned long long)k->dma_write_bytes,
		(unsigned long long)k->dma_faults, (unsigned long long)k->irqs,
		(unsigned long long)k->irqs_unrouted, (unsigned long long)k->wire_tx_frames,
		(unsigned long long)hal.bus_errors, (unsigned long long)k->dma_read_wait_cycles);
	if (tap) {
		struct sim_wire_stats ws;
		sim_wire_stats(wire, &ws);
		fprintf(stderr,
			"svnic-sim: TAP %s: %llu frames in, %llu into the card's port, %llu too long "
			"(dropped), %llu frames out it refused (down?)\n",
			tap, (unsigned long long)ws.tap_rx_frames, (unsigned long long)k->wire_rx_frames,
			(unsigned long long)ws.tap_rx_toolong, (unsigned long long)ws.tap_tx_errors);
	}
	sim_boot_stop(&fw);
	sim_link_close(&link);
	sim_card_fini(&card);
	sim_flash_close(&flash);
	sim_wire_close(wire);
	return broken ? 1 : 0;
}
