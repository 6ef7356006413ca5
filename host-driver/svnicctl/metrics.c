/* SPDX-License-Identifier: MIT */
/*
 * svnicctl metrics: every card and VIF counter in the Prometheus text
 * exposition format (version 0.0.4), for a scrape wrapper or
 * node_exporter's textfile collector; and vif stats --watch.
 */
#include "metrics.h"

#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "output.h"
#include "svnic/mbox.h"

/* One VIF counter: its name, help text and where it is in the query. */
struct vif_counter {
	const char *name, *help;
	size_t off;
};

#define VC_(field, help) { #field, help, offsetof(struct svnic_vif_info, field) }
static const struct vif_counter vif_counters[] = {
	VC_(rx_frames, "Frames the datapath accepted into the VIF's RX buffer."),
	VC_(rx_bytes, "Bytes the datapath accepted into the VIF's RX buffer."),
	VC_(rx_drop_full, "Frames dropped because the card's RX buffer was full."),
	VC_(rx_drop_quota, "Frames dropped because the VIF had used its share of the RX buffer."),
	VC_(rx_drop_toolong, "Frames dropped because they were longer than the RX buffer takes."),
	VC_(tx_frames, "Frames the VIF sent into the switch."),
	VC_(tx_bytes, "Bytes the VIF sent into the switch."),
	VC_(rx_delivered, "Frames the firmware wrote into the guest's RX ring."),
	VC_(rx_drop_small, "Frames dropped because the guest's RX buffer was too small."),
	VC_(tx_bad_frames, "TX chains dropped: runt or oversize frame."),
	VC_(notifies, "Interrupts raised toward the guest."),
	VC_(errors, "Rule violations by the driver (NEEDS_RESET events)."),
	VC_(tx_csum_bad, "TX chains dropped: checksum field outside the frame."),
	VC_(tx_csum_refused, "Checksum requests the datapath refused (firmware checks them first)."),
	VC_(tx_tso_packets, "GSO packets the card cut into TCP segments."),
	VC_(tx_tso_segs, "TCP segments the card sent for GSO packets."),
	VC_(tx_gso_bad, "GSO packets dropped: a type not negotiated, or headers the card does not cut."),
	VC_(tx_tso_aborted, "GSO packets cut short by a device reset or FAILED: the rest of their segments not sent."),
	VC_(rx_drop_reset, "Frames dropped because the RX queue they were steered to was being reset."),
};
#undef VC_

static uint64_t counter_at(const struct svnic_vif_info *v, size_t off)
{
	uint64_t x;
	memcpy(&x, (const char *)v + off, sizeof(x));
	return x;
}

int svnicctl_metrics(struct svnic *c)
{
	struct svnic_card_stats s;
	struct svnic_card_info ci;
	struct svnic_err e;
	struct svnic_vif_info vifs[256];
	uint32_t n = svnic_num_vifs(c), used = 0;
	char m[SVNIC_MAC_STRLEN], ver[12];

	if (svnic_card_info(c, &ci, &e) < 0 || svnic_card_stats(c, &s, &e) < 0)
		return svnicctl_card_error(0, &e);
	for (uint32_t vif = 0; vif < n && used < 256; vif++) {
		int rc = svnic_vif_query(c, vif, &vifs[used], &e);
		if (rc == -ENOENT && e.mbox_status == SVNIC_MBOX_ST_BAD_VIF)
			continue;
		if (rc < 0)
			return svnicctl_card_error(0, &e);
		if (vifs[used].state != SVNIC_VIF_FREE)
			used++;
	}

	printf("# HELP svnic_card_info The card's firmware version and size (value 1).\n"
	       "# TYPE svnic_card_info gauge\n"
	       "svnic_card_info{fw_version=\"%s\",num_vifs=\"%u\",queues_per_vif=\"%u\"} 1\n",
	       svnicctl_version(ci.fw_version, ver), ci.num_vifs, ci.queues_per_vif);
	static const struct {
		const char *name, *help;
		size_t off;
	} wire[] = {
		{ "wire_rx_frames", "Frames received from the wire.",
		  offsetof(struct svnic_card_stats, wire_rx_frames) },
		{ "wire_rx_drop_novif", "Wire frames dropped: unicast to no VIF.",
		  offsetof(struct svnic_card_stats, wire_rx_drop_novif) },
		{ "wire_rx_drop_err", "Wire frames dropped: MAC error flag.",
		  offsetof(struct svnic_card_stats, wire_rx_drop_err) },
		{ "wire_tx_frames", "Frames sent to the wire.",
		  offsetof(struct svnic_card_stats, wire_tx_frames) },
		{ "wire_rx_drop_nomember", "Wire frames dropped: group address, no VIF on VLAN 0.",
		  offsetof(struct svnic_card_stats, wire_rx_drop_nomember) },
		{ "tx_drop_srcdis", "VIF frames dropped: the sending VIF is not enabled.",
		  offsetof(struct svnic_card_stats, tx_drop_srcdis) },
	};
	for (size_t i = 0; i < sizeof(wire) / sizeof(wire[0]); i++) {
		uint64_t x;
		memcpy(&x, (const char *)&s + wire[i].off, sizeof(x));
		printf("# HELP svnic_%s_total %s\n# TYPE svnic_%s_total counter\n"
		       "svnic_%s_total %" PRIu64 "\n",
		       wire[i].name, wire[i].help, wire[i].name, wire[i].name, x);
	}

	printf("# HELP svnic_vif_state VIF state: 1 for the state it is in.\n"
	       "# TYPE svnic_vif_state gauge\n");
	for (uint32_t i = 0; i < used; i++)
		printf("svnic_vif_state{vif=\"%u\",mac=\"%s\",state=\"%s\"} 1\n", vifs[i].vif,
		       svnic_mac_format(vifs[i].mac, m), svnic_vif_state_str(vifs[i].state));
	for (size_t k = 0; k < sizeof(vif_counters) / sizeof(vif_counters[0]); k++) {
		const struct vif_counter *vc = &vif_counters[k];
		printf("# HELP svnic_vif_%s_total %s\n# TYPE svnic_vif_%s_total counter\n",
		       vc->name, vc->help, vc->name);
		for (uint32_t i = 0; i < used; i++)
			printf("svnic_vif_%s_total{vif=\"%u\",mac=\"%s\"} %" PRIu64 "\n", vc->name,
			       vifs[i].vif, svnic_mac_format(vifs[i].mac, m),
			       counter_at(&vifs[i], vc->off));
	}
	return 0;
}

static volatile sig_atomic_t watch_stop;

static void on_int(int sig)
{
	(void)sig;
	watch_stop = 1;
}

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int svnicctl_vif_watch(struct svnic *c, uint32_t vif, int json, unsigned interval_ms,
		       unsigned count)
{
	struct svnic_vif_info prev, cur;
	struct svnic_err e;
	struct sigaction sa = { .sa_handler = on_int };
	int tty = isatty(STDOUT_FILENO);
	double t_prev, t_cur;
	char m[SVNIC_MAC_STRLEN];

	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	if (svnic_vif_query(c, vif, &prev, &e) < 0)
		return svnicctl_card_error(json, &e);
	t_prev = now_s();
	for (unsigned n = 0; !watch_stop && (count == 0 || n < count); n++) {
		usleep(interval_ms * 1000u);
		if (watch_stop)
			break;
		if (svnic_vif_query(c, vif, &cur, &e) < 0)
			return svnicctl_card_error(json, &e);
		t_cur = now_s();
		double dt = t_cur - t_prev > 1e-6 ? t_cur - t_prev : 1e-6;
		if (json) {
			/* One object per interval (NDJSON): totals and rates. */
			printf("{\"vif\": %u, \"interval_s\": %.3f, \"state\": \"%s\"", vif, dt,
			       svnic_vif_state_str(cur.state));
			for (size_t k = 0; k < sizeof(vif_counters) / sizeof(vif_counters[0]); k++) {
				const struct vif_counter *vc = &vif_counters[k];
				uint64_t a = counter_at(&cur, vc->off), b = counter_at(&prev, vc->off);
				printf(", \"%s\": %" PRIu64 ", \"%s_per_s\": %.1f", vc->name, a, vc->name,
				       (double)(a - b) / dt);
			}
			printf("}\n");
		} else {
			if (tty)
				printf("\033[H\033[2J");
			printf("VIF %u  %s  %s  (every %.1f s, Ctrl-C stops)\n", vif,
			       svnic_mac_format(cur.mac, m), svnic_vif_state_str(cur.state), dt);
			printf("%-16s %20s %14s\n", "COUNTER", "TOTAL", "PER SECOND");
			for (size_t k = 0; k < sizeof(vif_counters) / sizeof(vif_counters[0]); k++) {
				const struct vif_counter *vc = &vif_counters[k];
				uint64_t a = counter_at(&cur, vc->off), b = counter_at(&prev, vc->off);
				printf("%-16s %20" PRIu64 " %14.1f\n", vc->name, a, (double)(a - b) / dt);
			}
			if (!tty)
				printf("\n");
		}
		fflush(stdout);
		prev = cur;
		t_prev = t_cur;
	}
	return 0;
}
