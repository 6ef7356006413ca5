/* SPDX-License-Identifier: MIT */
/*
 * svnicctl: look at and manage an svnic card from the command line.
 * Exit codes: 0 done, 1 the card or a command failed, 2 usage error.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "flash.h"
#include "metrics.h"
#include "output.h"
#include "qos.h"
#include "svnic/libsvnic.h"
#include "svnic/mbox.h"
#include "svnic/regs.h"

#define MAX_WORDS 8

static const char usage_text[] =
	"Usage: svnicctl [--card URI] [--json] COMMAND\n"
	"\n"
	"Commands:\n"
	"  card info               card identity, firmware version, sizes and flash\n"
	"                          slots (state, version, hash, which one runs)\n"
	"  card stats              wire counters of the card\n"
	"  vif create --mac MAC    claim a free VIF for unicast MAC\n"
	"                          (xx:xx:xx:xx:xx:xx); prints its number\n"
	"      --vlan ID           its access VLAN: 0 untagged (default), 1..4094;\n"
	"                          VIFs talk only within their VLAN, and only\n"
	"                          VLAN 0 receives from the wire\n"
	"      --weight W          its share of the card's TX under contention,\n"
	"                          1..63 (default 1): weights 1 and 2 get 1:2\n"
	"      --rate R            its TX rate limit in bit/s, with k, M, G or T\n"
	"                          (100M, 2.5G); 0 unlimited (default)\n"
	"      --burst B           bytes it may send at once above its rate, with\n"
	"                          K or M (64K); default 16K, at most 2M - 1\n"
	"      --queues N          its virtio-net queue pairs (multiqueue), 1..16\n"
	"                          (default 1; the card may allow fewer)\n"
	"  vif set VIF             change a VIF's VLAN, filters and TX scheduling:\n"
	"      --vlan ID           move it to VLAN ID (0..4094)\n"
	"      --promisc on|off    receive unicast to any MAC on its VLAN\n"
	"      --allmulti on|off   receive every multicast on its VLAN\n"
	"      --weight W, --rate R, --burst B   as for 'vif create'\n"
	"  vif list                VIFs in use: number, state, MAC, VLAN, flags,\n"
	"                          queue pairs, attached queues, TX weight, rate\n"
	"                          and burst\n"
	"  vif stats VIF           state, error and every counter of VIF\n"
	"      --watch             repeat every second with per-second rates\n"
	"                          (--json: one object per line) until Ctrl-C\n"
	"      --interval S        seconds between samples with --watch (1)\n"
	"      --count N           stop after N samples\n"
	"  vif destroy VIF         detach the VIF's queues and free it\n"
	"  metrics                 card and VIF counters in the Prometheus text\n"
	"                          format (for a scraper or a textfile collector)\n"
	"  flash IMAGE             check IMAGE against the card (target, signing key,\n"
	"                          minimum version), write it to the spare flash slot,\n"
	"                          have the card verify it, reset the card and report\n"
	"                          the version that came up (or the rollback)\n"
	"      --no-reset          stop after the card verified it; it boots next reset\n"
	"      --timeout S         wait at most S seconds for the card to come back (30)\n"
	"\n"
	"Options (anywhere on the line):\n"
	"  --card URI   the card: sim:PATH is svnic-sim listening on the Unix\n"
	"               socket PATH; xrt:N is AMD Alveo card N through XRT\n"
	"               (card commands and flash only).\n"
	"               Default: $" SVNIC_CARD_ENV ", else "
	SVNIC_DEFAULT_URI ".\n"
	"  --json       print one JSON object on stdout instead of text; on a\n"
	"               card error it is {\"error\": {...}}\n"
	"  -h, --help   this text\n"
	"\n"
	"Exit status: 0 done, 1 the card or the command failed, 2 usage error.\n";

struct opts {
	const char *card;
	const char *mac;
	const char *timeout;
	const char *interval;
	const char *count;
	const char *vlan;
	const char *promisc;
	const char *allmulti;
	const char *weight;
	const char *rate;
	const char *burst;
	const char *queues;
	int watch;
	int no_reset;
	int json;
	int nwords;
	const char *words[MAX_WORDS];
};

static int usage_error(const char *fmt, const char *arg)
{
	fprintf(stderr, "svnicctl: ");
	fprintf(stderr, fmt, arg);
	fprintf(stderr, "\nTry 'svnicctl --help' for the commands and options.\n");
	return EXIT_USAGE;
}

static int card_error(const struct opts *o, const struct svnic_err *e)
{
	return svnicctl_card_error(o->json, e);
}

/* Strict decimal VLAN id, 0..SVNIC_VLAN_MAX. */
static int parse_vlan(const char *s, uint16_t *vlan)
{
	size_t n = strlen(s);
	unsigned long v;

	if (n == 0 || n > 4 || strspn(s, "0123456789") != n)
		return -EINVAL;
	v = strtoul(s, NULL, 10);
	if (v > SVNIC_VLAN_MAX)
		return -EINVAL;
	*vlan = (uint16_t)v;
	return 0;
}

/* "on" or "off". */
static int parse_onoff(const char *s, bool *on)
{
	if (!strcmp(s, "on"))
		*on = true;
	else if (!strcmp(s, "off"))
		*on = false;
	else
		return -EINVAL;
	return 0;
}

static const char *flags_str(const struct svnic_vif_info *v)
{
	if (v->promisc && v->allmulti)
		return "promisc,allmulti";
	if (v->promisc)
		return "promisc";
	return v->allmulti ? "allmulti" : "-";
}

/* Strict decimal VIF number. */
static int parse_vif(const char *s, uint32_t *vif)
{
	size_t n = strlen(s);

	if (n == 0 || n > 6 || strspn(s, "0123456789") != n)
		return -EINVAL;
	*vif = (uint32_t)strtoul(s, NULL, 10);
	return 0;
}

static int cmd_card_info(struct svnic *c, const struct opts *o)
{
	struct svnic_card_info i;
	struct svnic_err e;
	uint32_t rv = svnic_regmap_version(c);

	if (svnic_card_info(c, &i, &e) < 0)
		return card_error(o, &e);
	if (o->json) {
		printf("{\"regmap_version\": \"%u.%u\", \"abi_version\": %u, "
		       "\"fw_version\": \"%u.%u.%u\", \"num_vifs\": %u, "
		       "\"queues_per_vif\": %u, \"max_queue_size\": %u, "
		       "\"max_windows\": %u, \"max_frame\": %u",
		       rv >> 16, rv & 0xffffu, i.abi_version, i.fw_version >> 16,
		       (i.fw_version >> 8) & 0xffu, i.fw_version & 0xffu,
		       i.num_vifs, i.queues_per_vif, i.max_queue_size,
		       i.max_windows, i.max_frame);
		int rc = svnicctl_print_slots(c, 1);
		printf("}\n");
		return rc;
	}
	printf("register map    %u.%u\n", rv >> 16, rv & 0xffffu);
	printf("mailbox ABI     %u%s\n", i.abi_version,
	       i.abi_version == SVNIC_MBOX_ABI_VERSION ? "" : " (svnicctl knows 1)");
	printf("firmware        %u.%u.%u\n", i.fw_version >> 16,
	       (i.fw_version >> 8) & 0xffu, i.fw_version & 0xffu);
	printf("VIFs            %u\n", i.num_vifs);
	printf("queues per VIF  %u\n", i.queues_per_vif);
	printf("max queue size  %u\n", i.max_queue_size);
	printf("DMA windows     %u per VIF\n", i.max_windows);
	/* MTU: the frame less its header and one VLAN tag */
	printf("max frame       %u bytes (MTU %u)\n", i.max_frame,
	       i.max_frame > 18u ? i.max_frame - 18u : 0u);
	return svnicctl_print_slots(c, 0);
}

static int cmd_card_stats(struct svnic *c, const struct opts *o)
{
	struct svnic_card_stats s;
	struct svnic_err e;

	if (svnic_card_stats(c, &s, &e) < 0)
		return card_error(o, &e);
	if (o->json) {
		printf("{\"wire_rx_frames\": %" PRIu64 ", \"wire_rx_drop_novif\": %" PRIu64
		       ", \"wire_rx_drop_err\": %" PRIu64 ", \"wire_tx_frames\": %" PRIu64
		       ", \"wire_rx_drop_nomember\": %" PRIu64 ", \"tx_drop_srcdis\": %" PRIu64
		       "}\n",
		       s.wire_rx_frames, s.wire_rx_drop_novif, s.wire_rx_drop_err,
		       s.wire_tx_frames, s.wire_rx_drop_nomember, s.tx_drop_srcdis);
		return 0;
	}
	printf("wire_rx_frames      %" PRIu64 "\n", s.wire_rx_frames);
	printf("wire_rx_drop_novif  %" PRIu64 "\n", s.wire_rx_drop_novif);
	printf("wire_rx_drop_err    %" PRIu64 "\n", s.wire_rx_drop_err);
	printf("wire_tx_frames      %" PRIu64 "\n", s.wire_tx_frames);
	printf("wire_rx_drop_nomember %" PRIu64 "\n", s.wire_rx_drop_nomember);
	printf("tx_drop_srcdis      %" PRIu64 "\n", s.tx_drop_srcdis);
	return 0;
}

/* ", N queue pairs" */
static const char *pairs_str(unsigned n)
{
	static char buf[32];
	snprintf(buf, sizeof(buf), ", %u queue pairs", n);
	return buf;
}

static int cmd_vif_create(struct svnic *c, const struct opts *o,
			  const uint8_t mac[6], const struct svnic_vif_opts *vo)
{
	uint16_t vlan = vo->vlan;
	struct svnic_err e;
	char m[SVNIC_MAC_STRLEN];
	uint32_t vif;

	if (svnic_vif_create_opts(c, mac, vo, &vif, &e) < 0)
		return card_error(o, &e);
	svnic_mac_format(mac, m);
	if (o->json && vo->queue_pairs > 1)
		printf("{\"vif\": %u, \"mac\": \"%s\", \"vlan\": %u, \"queues\": %u}\n", vif, m, vlan,
		       vo->queue_pairs);
	else if (o->json)
		printf("{\"vif\": %u, \"mac\": \"%s\", \"vlan\": %u}\n", vif, m, vlan);
	else if (vlan)
		printf("VIF %u created with MAC %s on VLAN %u%s\n", vif, m, vlan,
		       vo->queue_pairs > 1 ? pairs_str(vo->queue_pairs) : "");
	else
		printf("VIF %u created with MAC %s%s\n", vif, m,
		       vo->queue_pairs > 1 ? pairs_str(vo->queue_pairs) : "");
	return 0;
}

static int cmd_vif_set(struct svnic *c, const struct opts *o, uint32_t vif,
		       const struct svnic_vif_settings *s)
{
	struct svnic_vif_info v;
	struct svnic_err e;

	char rate[32];

	if (svnic_vif_set(c, vif, s, &e) < 0 || svnic_vif_query(c, vif, &v, &e) < 0)
		return card_error(o, &e);
	if (o->json)
		printf("{\"vif\": %u, \"vlan\": %u, \"promisc\": %s, \"allmulti\": %s, "
		       "\"weight\": %u, \"rate_bps\": %" PRIu64 ", \"burst\": %u}\n", vif,
		       v.vlan, v.promisc ? "true" : "false", v.allmulti ? "true" : "false",
		       v.tx_weight, v.tx_rate_bps, v.tx_burst);
	else
		printf("VIF %u: VLAN %u, promisc %s, allmulti %s, weight %u, rate %s, burst %u\n",
		       vif, v.vlan, v.promisc ? "on" : "off", v.allmulti ? "on" : "off",
		       v.tx_weight, svnicctl_rate_str(v.tx_rate_bps, rate, sizeof(rate)), v.tx_burst);
	return 0;
}

static int cmd_vif_destroy(struct svnic *c, const struct opts *o, uint32_t vif)
{
	struct svnic_err e;

	if (svnic_vif_destroy(c, vif, &e) < 0)
		return card_error(o, &e);
	if (o->json)
		printf("{\"vif\": %u, \"destroyed\": true}\n", vif);
	else
		printf("VIF %u destroyed\n", vif);
	return 0;
}

/* Per pair counters as a JSON array. */
static void print_pair_array(const char *name, const uint64_t *n, unsigned pairs)
{
	printf(", \"%s\": [", name);
	for (unsigned i = 0; i < pairs; i++)
		printf("%s%" PRIu64, i ? ", " : "", n[i]);
	printf("]");
}

static void print_vif_json(const struct svnic_vif_info *v)
{
	char m[SVNIC_MAC_STRLEN], st[SVNIC_VIRTIO_STATUS_STRLEN];

	printf("{\"vif\": %u, \"state\": \"%s\", \"error\": \"%s\", "
	       "\"error_code\": %u, \"mac\": \"%s\", \"queues\": %u, "
	       "\"active_queues\": %u, \"queues_attached\": %" PRIu64 ", "
	       "\"features\": %" PRIu64 ", \"rx_frames\": %" PRIu64
	       ", \"rx_bytes\": %" PRIu64 ", \"rx_drop_full\": %" PRIu64
	       ", \"rx_drop_quota\": %" PRIu64 ", \"rx_drop_toolong\": %" PRIu64
	       ", \"tx_frames\": %" PRIu64 ", \"tx_bytes\": %" PRIu64
	       ", \"rx_delivered\": %" PRIu64 ", \"rx_drop_small\": %" PRIu64
	       ", \"tx_bad_frames\": %" PRIu64
	       ", \"notifies\": %" PRIu64 ", \"errors\": %" PRIu64
	       ", \"tx_csum_bad\": %" PRIu64 ", \"tx_csum_refused\": %" PRIu64
	       ", \"vlan\": %u, \"promisc\": %s, \"allmulti\": %s"
	       ", \"weight\": %u, \"rate_bps\": %" PRIu64 ", \"burst\": %u"
	       ", \"tx_tso_packets\": %" PRIu64 ", \"tx_tso_segs\": %" PRIu64 ", \"tx_gso_bad\": %" PRIu64
	       ", \"rx_quota_bytes\": %u, \"rx_held_bytes\": %u"
	       ", \"status\": %u, \"status_bits\": \"%s\", \"status_driven\": %s"
	       ", \"queue_resets\": %u, \"rx_drop_reset\": %" PRIu64 ", \"tx_tso_aborted\": %" PRIu64,
	       v->vif, svnic_vif_state_str(v->state),
	       svnic_vif_error_str(v->error), v->error,
	       svnic_mac_format(v->mac, m), v->queue_pairs, v->active_pairs, v->queues_attached,
	       v->features, v->rx_frames,
	       v->rx_bytes, v->rx_drop_full, v->rx_drop_quota, v->rx_drop_toolong, v->tx_frames, v->tx_bytes,
	       v->rx_delivered, v->rx_drop_small, v->tx_bad_frames, v->notifies, v->errors,
	       v->tx_csum_bad, v->tx_csum_refused, v->vlan, v->promisc ? "true" : "false",
	       v->allmulti ? "true" : "false", v->tx_weight, v->tx_rate_bps, v->tx_burst, v->tx_tso_packets,
	       v->tx_tso_segs, v->tx_gso_bad, v->rx_quota_bytes, v->rx_held_bytes, v->status,
	       svnic_virtio_status_str(v->status, st, sizeof(st)), v->status_driven ? "true" : "false",
	       v->queue_resets, v->rx_drop_reset, v->tx_tso_aborted);
	print_pair_array("queue_rx_frames", v->pair_rx_frames, v->queue_pairs);
	print_pair_array("queue_tx_frames", v->pair_tx_frames, v->queue_pairs);
	printf("}");
}

static int cmd_vif_stats(struct svnic *c, const struct opts *o, uint32_t vif)
{
	struct svnic_vif_info v;
	struct svnic_err e;
	char m[SVNIC_MAC_STRLEN], rate[32], st[SVNIC_VIRTIO_STATUS_STRLEN];

	if (svnic_vif_query(c, vif, &v, &e) < 0)
		return card_error(o, &e);
	if (o->json) {
		print_vif_json(&v);
		putchar('\n');
		return 0;
	}
	printf("vif             %u\n", v.vif);
	printf("state           %s\n", svnic_vif_state_str(v.state));
	printf("error           %s (%u)\n", svnic_vif_error_str(v.error), v.error);
	if (v.status_driven)
		printf("status          0x%02x %s\n", v.status,
		       svnic_virtio_status_str(v.status, st, sizeof(st)));
	else
		printf("status          - (its host does not pass the device status on)\n");
	printf("mac             %s\n", svnic_mac_format(v.mac, m));
	printf("vlan            %u\n", v.vlan);
	printf("promisc         %s\n", v.promisc ? "on" : "off");
	printf("allmulti        %s\n", v.allmulti ? "on" : "off");
	printf("tx_weight       %u\n", v.tx_weight);
	printf("tx_rate         %s\n", svnicctl_rate_str(v.tx_rate_bps, rate, sizeof(rate)));
	printf("tx_burst        %u\n", v.tx_burst);
	printf("rx_quota        %u bytes (%u held)\n", v.rx_quota_bytes, v.rx_held_bytes);
	printf("queues          %u (in use %u)\n", v.queue_pairs, v.active_pairs);
	printf("attached        0x%" PRIx64 "\n", v.queues_attached);
	for (unsigned i = 0; i < v.queue_pairs && v.queue_pairs > 1; i++)
		printf("pair %-2u         rx %" PRIu64 " tx %" PRIu64 "\n", i, v.pair_rx_frames[i],
		       v.pair_tx_frames[i]);
	printf("features        0x%016" PRIx64 "\n", v.features);
	printf("rx_frames       %" PRIu64 "\n", v.rx_frames);
	printf("rx_bytes        %" PRIu64 "\n", v.rx_bytes);
	printf("rx_drop_full    %" PRIu64 "\n", v.rx_drop_full);
	printf("rx_drop_quota   %" PRIu64 "\n", v.rx_drop_quota);
	printf("rx_drop_toolong %" PRIu64 "\n", v.rx_drop_toolong);
	printf("tx_frames       %" PRIu64 "\n", v.tx_frames);
	printf("tx_bytes        %" PRIu64 "\n", v.tx_bytes);
	printf("rx_delivered    %" PRIu64 "\n", v.rx_delivered);
	printf("rx_drop_small   %" PRIu64 "\n", v.rx_drop_small);
	printf("tx_bad_frames   %" PRIu64 "\n", v.tx_bad_frames);
	printf("notifies        %" PRIu64 "\n", v.notifies);
	printf("errors          %" PRIu64 "\n", v.errors);
	printf("tx_csum_bad     %" PRIu64 "\n", v.tx_csum_bad);
	printf("tx_csum_refused %" PRIu64 "\n", v.tx_csum_refused);
	printf("tx_tso_packets  %" PRIu64 "\n", v.tx_tso_packets);
	printf("tx_tso_segs     %" PRIu64 "\n", v.tx_tso_segs);
	printf("tx_gso_bad      %" PRIu64 "\n", v.tx_gso_bad);
	printf("tx_tso_aborted  %" PRIu64 "\n", v.tx_tso_aborted);
	printf("queue_resets    %u\n", v.queue_resets);
	printf("rx_drop_reset   %" PRIu64 "\n", v.rx_drop_reset);
	return 0;
}

static int cmd_vif_list(struct svnic *c, const struct opts *o)
{
	uint32_t n = svnic_num_vifs(c);
	unsigned shown = 0;

	if (o->json)
		printf("{\"vifs\": [");
	else
		printf("VIF  STATE        MAC                VLAN  FLAGS             QUEUES "
		       "ATTACHED    WEIGHT RATE       BURST    STATUS ERROR\n");
	for (uint32_t vif = 0; vif < n; vif++) {
		struct svnic_vif_info v;
		struct svnic_err e;
		char m[SVNIC_MAC_STRLEN], rate[32], st[8];
		int rc = svnic_vif_query(c, vif, &v, &e);

		if (rc == -ENOENT && e.mbox_status == SVNIC_MBOX_ST_BAD_VIF)
			continue; /* not in use */
		if (rc < 0) {
			if (o->json)
				printf("]}\n");
			return card_error(o, &e);
		}
		if (v.state == SVNIC_VIF_FREE)
			continue;
		if (o->json) {
			printf(shown ? ", " : "");
			print_vif_json(&v);
		} else {
			/* the device status in hex ('vif stats' names the bits);
			 * '-' when the VIF's host does not pass it on */
			if (v.status_driven)
				snprintf(st, sizeof(st), "0x%02x", v.status);
			else
				snprintf(st, sizeof(st), "-");
			printf("%-4u %-12s %-18s %-5u %-17s %-6u 0x%-9" PRIx64 " %-6u %-10s %-8u %-6s %s\n",
			       vif, svnic_vif_state_str(v.state),
			       svnic_mac_format(v.mac, m), v.vlan, flags_str(&v), v.queue_pairs,
			       v.queues_attached,
			       v.tx_weight, svnicctl_rate_str(v.tx_rate_bps, rate, sizeof(rate)),
			       v.tx_burst, st, svnic_vif_error_str(v.error));
		}
		shown++;
	}
	if (o->json)
		printf("]}\n");
	return 0;
}

/* Parse the command line into o; returns 0, or an exit code (help, usage). */
static int parse(int argc, char **argv, struct opts *o, int *help)
{
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			*help = 1;
		} else if (!strcmp(a, "--json")) {
			o->json = 1;
		} else if (!strcmp(a, "--no-reset")) {
			o->no_reset = 1;
		} else if (!strcmp(a, "--watch")) {
			o->watch = 1;
		} else if (!strcmp(a, "--interval") || !strcmp(a, "--count")) {
			if (i + 1 >= argc)
				return usage_error("option %s needs a value", a);
			if (a[2] == 'i')
				o->interval = argv[++i];
			else
				o->count = argv[++i];
		} else if (!strcmp(a, "--timeout")) {
			if (i + 1 >= argc)
				return usage_error("option %s needs a value", a);
			o->timeout = argv[++i];
		} else if (!strcmp(a, "--card") || !strcmp(a, "--mac")) {
			if (i + 1 >= argc)
				return usage_error("option %s needs a value", a);
			if (a[2] == 'c')
				o->card = argv[++i];
			else
				o->mac = argv[++i];
		} else if (!strcmp(a, "--vlan") || !strcmp(a, "--promisc") ||
			   !strcmp(a, "--allmulti") || !strcmp(a, "--weight") ||
			   !strcmp(a, "--rate") || !strcmp(a, "--burst") || !strcmp(a, "--queues")) {
			if (i + 1 >= argc)
				return usage_error("option %s needs a value", a);
			if (a[2] == 'v')
				o->vlan = argv[++i];
			else if (a[2] == 'p')
				o->promisc = argv[++i];
			else if (a[2] == 'a')
				o->allmulti = argv[++i];
			else if (a[2] == 'w')
				o->weight = argv[++i];
			else if (a[2] == 'r')
				o->rate = argv[++i];
			else if (a[2] == 'q')
				o->queues = argv[++i];
			else
				o->burst = argv[++i];
		} else if (!strncmp(a, "--weight=", 9)) {
			o->weight = a + 9;
		} else if (!strncmp(a, "--rate=", 7)) {
			o->rate = a + 7;
		} else if (!strncmp(a, "--burst=", 8)) {
			o->burst = a + 8;
		} else if (!strncmp(a, "--queues=", 9)) {
			o->queues = a + 9;
		} else if (!strncmp(a, "--vlan=", 7)) {
			o->vlan = a + 7;
		} else if (!strncmp(a, "--promisc=", 10)) {
			o->promisc = a + 10;
		} else if (!strncmp(a, "--allmulti=", 11)) {
			o->allmulti = a + 11;
		} else if (!strncmp(a, "--card=", 7)) {
			o->card = a + 7;
		} else if (!strncmp(a, "--mac=", 6)) {
			o->mac = a + 6;
		} else if (a[0] == '-' && a[1] != '\0') {
			return usage_error("unknown option '%s'", a);
		} else {
			if (o->nwords >= MAX_WORDS)
				return usage_error("too many words at '%s'", a);
			o->words[o->nwords++] = a;
		}
	}
	return 0;
}

enum cmd { C_CARD_INFO, C_CARD_STATS, C_VIF_CREATE, C_VIF_LIST, C_VIF_STATS,
	   C_VIF_DESTROY, C_VIF_SET, C_FLASH, C_METRICS };

/* --weight, --rate and --burst into vo: 0, or EXIT_USAGE with the reason. */
static int parse_tx(const struct opts *o, enum cmd cmd, struct svnic_vif_opts *vo)
{
	struct svnic_err e;

	if ((o->weight || o->rate || o->burst) && cmd != C_VIF_CREATE && cmd != C_VIF_SET)
		return usage_error("%s", "--weight, --rate and --burst only go with 'vif create' "
				   "and 'vif set'");
	if (o->weight && svnicctl_parse_weight(o->weight, &vo->tx_weight) < 0)
		return usage_error("--weight must be a whole number 1..63, not '%s'", o->weight);
	if (o->burst && svnicctl_parse_burst(o->burst, &vo->tx_burst) < 0)
		return usage_error("--burst must be 1..2097151 bytes, optionally with K (1024) or "
				   "M (1048576), such as 64K, not '%s'",
				   o->burst);
	if (o->rate && svnicctl_parse_rate(o->rate, &vo->tx_rate_bps) < 0)
		return usage_error("--rate must be a whole number of bit/s, optionally with k, M, "
				   "G or T, such as 100M or 2.5G (0: unlimited), not '%s'",
				   o->rate);
	if (o->rate && svnic_tx_rate_check(vo->tx_rate_bps, &e) < 0) {
		char msg[sizeof(e.msg) + 64];
		snprintf(msg, sizeof(msg), "--rate %s: %s", o->rate, e.msg);
		return usage_error("%s", msg);
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct opts o = { 0 };
	struct svnic_err e;
	struct svnic *card;
	uint8_t mac[6];
	uint32_t vif = 0;
	uint16_t vlan = 0;
	struct svnic_vif_settings set = { 0 };
	struct svnic_vif_opts vo = { 0 };
	int help = 0, rc, want;
	enum cmd cmd;

	rc = parse(argc, argv, &o, &help);
	if (rc)
		return rc;
	if (help) {
		fputs(usage_text, stdout);
		return 0;
	}
	if (o.nwords == 0)
		return usage_error("%s", "no command given");
	if (!strcmp(o.words[0], "card")) {
		if (o.nwords < 2)
			return usage_error("%s", "'card' needs 'info' or 'stats'");
		if (!strcmp(o.words[1], "info"))
			cmd = C_CARD_INFO;
		else if (!strcmp(o.words[1], "stats"))
			cmd = C_CARD_STATS;
		else
			return usage_error("unknown command 'card %s'", o.words[1]);
		want = 2;
	} else if (!strcmp(o.words[0], "vif")) {
		if (o.nwords < 2)
			return usage_error(
				"%s",
				"'vif' needs 'create', 'set', 'list', 'stats' or 'destroy'");
		if (!strcmp(o.words[1], "create")) {
			cmd = C_VIF_CREATE;
			want = 2;
		} else if (!strcmp(o.words[1], "list")) {
			cmd = C_VIF_LIST;
			want = 2;
		} else if (!strcmp(o.words[1], "stats")) {
			cmd = C_VIF_STATS;
			want = 3;
		} else if (!strcmp(o.words[1], "destroy")) {
			cmd = C_VIF_DESTROY;
			want = 3;
		} else if (!strcmp(o.words[1], "set")) {
			cmd = C_VIF_SET;
			want = 3;
		} else {
			return usage_error("unknown command 'vif %s'", o.words[1]);
		}
		if (want == 3 && o.nwords < 3)
			return usage_error("'vif %s' needs a VIF number", o.words[1]);
		if (want == 3 && parse_vif(o.words[2], &vif) < 0)
			return usage_error("'%s' is not a VIF number (0, 1, ...)",
					   o.words[2]);
	} else if (!strcmp(o.words[0], "metrics")) {
		cmd = C_METRICS;
		want = 1;
		if (o.json)
			return usage_error("%s", "'metrics' prints the Prometheus format; "
					   "--json does not go with it");
	} else if (!strcmp(o.words[0], "flash")) {
		cmd = C_FLASH;
		want = 2;
		if (o.nwords < 2)
			return usage_error("%s", "'flash' needs an IMAGE file");
	} else {
		return usage_error("unknown command '%s'", o.words[0]);
	}
	unsigned interval_ms = 1000, count = 0;
	if ((o.watch || o.interval || o.count) && cmd != C_VIF_STATS)
		return usage_error("%s", "--watch, --interval and --count only go with "
				   "'vif stats'");
	if ((o.interval || o.count) && !o.watch)
		return usage_error("%s", "--interval and --count need --watch");
	if (o.interval) {
		char *end;
		double v = strtod(o.interval, &end);
		if (end == o.interval || *end || !(v >= 0.1 && v <= 3600))
			return usage_error("--interval must be 0.1..3600 seconds, not '%s'",
					   o.interval);
		interval_ms = (unsigned)(v * 1000.0 + 0.5);
	}
	if (o.count) {
		uint32_t n;
		if (parse_vif(o.count, &n) < 0 || n == 0)
			return usage_error("--count must be a positive number, not '%s'", o.count);
		count = n;
	}
	unsigned timeout_s = 30;
	if ((o.no_reset || o.timeout) && cmd != C_FLASH)
		return usage_error("%s", "--no-reset and --timeout only go with 'flash'");
	if (o.timeout) {
		uint32_t t;
		if (parse_vif(o.timeout, &t) < 0 || t == 0 || t > 3600)
			return usage_error("--timeout must be 1..3600 seconds, not '%s'", o.timeout);
		timeout_s = t;
	}
	if (o.nwords > want)
		return usage_error("unexpected argument '%s'", o.words[want]);
	if (cmd == C_VIF_CREATE) {
		if (!o.mac)
			return usage_error("%s", "'vif create' needs --mac MAC");
		if (svnic_mac_parse(o.mac, mac) < 0)
			return usage_error("'%s' is not a MAC address; write six "
					   "hex pairs like 02:00:00:00:00:01",
					   o.mac);
		if (!svnic_mac_is_unicast(mac))
			return usage_error("MAC %s is multicast, broadcast or zero; "
					   "a VIF needs a unicast MAC such as "
					   "02:00:00:00:00:01",
					   o.mac);
	} else if (o.mac) {
		return usage_error("%s", "--mac only goes with 'vif create'");
	}
	if (o.vlan && cmd != C_VIF_CREATE && cmd != C_VIF_SET)
		return usage_error("%s", "--vlan only goes with 'vif create' and 'vif set'");
	if ((o.promisc || o.allmulti) && cmd != C_VIF_SET)
		return usage_error("%s", "--promisc and --allmulti only go with 'vif set'");
	if (o.vlan && parse_vlan(o.vlan, &vlan) < 0)
		return usage_error("--vlan must be a VLAN id, 0 (untagged) or 1..4094, not '%s'",
				   o.vlan);
	if (o.promisc && parse_onoff(o.promisc, &set.promisc) < 0)
		return usage_error("--promisc takes 'on' or 'off', not '%s'", o.promisc);
	if (o.allmulti && parse_onoff(o.allmulti, &set.allmulti) < 0)
		return usage_error("--allmulti takes 'on' or 'off', not '%s'", o.allmulti);
	rc = parse_tx(&o, cmd, &vo);
	if (rc)
		return rc;
	if (o.queues && cmd != C_VIF_CREATE)
		return usage_error("%s", "--queues only goes with 'vif create'");
	if (o.queues) {
		_Static_assert(SVNIC_MAX_QUEUE_PAIRS == 16, "the message names the range");
		uint32_t n;
		if (parse_vif(o.queues, &n) < 0 || n < 1 || n > SVNIC_MAX_QUEUE_PAIRS)
			return usage_error("--queues must be a queue pair count, 1..16, not '%s'",
					   o.queues);
		vo.queue_pairs = (uint16_t)n;
	}
	vo.vlan = vlan;
	if (cmd == C_VIF_SET) {
		if (!o.vlan && !o.promisc && !o.allmulti && !o.weight && !o.rate && !o.burst)
			return usage_error("%s", "'vif set' needs --vlan ID, --promisc on|off, "
					   "--allmulti on|off, --weight W, --rate R or --burst B");
		set.set = (o.vlan ? SVNIC_VIF_SET_VLAN : 0u) |
			  (o.promisc ? SVNIC_VIF_SET_PROMISC : 0u) |
			  (o.allmulti ? SVNIC_VIF_SET_ALLMULTI : 0u) |
			  (o.weight ? SVNIC_VIF_SET_WEIGHT : 0u) |
			  (o.rate ? SVNIC_VIF_SET_RATE : 0u) |
			  (o.burst ? SVNIC_VIF_SET_BURST : 0u);
		set.vlan = vlan;
		set.tx_weight = vo.tx_weight;
		set.tx_rate_bps = vo.tx_rate_bps;
		set.tx_burst = vo.tx_burst;
	}

	{
		const char *uri = o.card ? o.card : getenv(SVNIC_CARD_ENV);
		struct svnic_uri u;

		if (!uri)
			uri = SVNIC_DEFAULT_URI;
		if (svnic_uri_parse(uri, &u, &e) < 0)
			return usage_error("%s", e.msg);
		o.card = uri;
	}
	if (cmd == C_FLASH)
		return svnicctl_flash(o.card, o.words[1], o.json, !o.no_reset, timeout_s);
	if (svnic_open(o.card, NULL, &card, &e) < 0)
		return card_error(&o, &e);
	switch (cmd) {
	case C_CARD_INFO:
		rc = cmd_card_info(card, &o);
		break;
	case C_CARD_STATS:
		rc = cmd_card_stats(card, &o);
		break;
	case C_VIF_CREATE:
		rc = cmd_vif_create(card, &o, mac, &vo);
		break;
	case C_VIF_LIST:
		rc = cmd_vif_list(card, &o);
		break;
	case C_VIF_STATS:
		rc = o.watch ? svnicctl_vif_watch(card, vif, o.json, interval_ms, count)
			     : cmd_vif_stats(card, &o, vif);
		break;
	case C_METRICS:
		rc = svnicctl_metrics(card);
		break;
	case C_VIF_DESTROY:
		rc = cmd_vif_destroy(card, &o, vif);
		break;
	case C_VIF_SET:
		rc = cmd_vif_set(card, &o, vif, &set);
		break;
	default:
		rc = EXIT_USAGE;
	}
	svnic_close(card);
	return rc;
}
