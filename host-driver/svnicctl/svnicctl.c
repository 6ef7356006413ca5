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
	"  vif set VIF             change a VIF's VLAN and filters:\n"
	"      --vlan ID           move it to VLAN ID (0..4094)\n"
	"      --promisc on|off    receive unicast to any MAC on its VLAN\n"
	"      --allmulti on|off   receive every multicast on its VLAN\n"
	"  vif list                VIFs in use: number, state, MAC, VLAN, flags, queues\n"
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

static int cmd_vif_create(struct svnic *c, const struct opts *o,
			  const uint8_t mac[6], uint16_t vlan)
{
	struct svnic_vif_opts vo = { .vlan = vlan };
	struct svnic_err e;
	char m[SVNIC_MAC_STRLEN];
	uint32_t vif;

	if (svnic_vif_create_opts(c, mac, &vo, &vif, &e) < 0)
		return card_error(o, &e);
	svnic_mac_format(mac, m);
	if (o->json)
		printf("{\"vif\": %u, \"mac\": \"%s\", \"vlan\": %u}\n", vif, m, vlan);
	else if (vlan)
		printf("VIF %u created with MAC %s on VLAN %u\n", vif, m, vlan);
	else
		printf("VIF %u created with MAC %s\n", vif, m);
	return 0;
}

static int cmd_vif_set(struct svnic *c, const struct opts *o, uint32_t vif,
		       const struct svnic_vif_settings *s)
{
	struct svnic_vif_info v;
	struct svnic_err e;

	if (svnic_vif_set(c, vif, s, &e) < 0 || svnic_vif_query(c, vif, &v, &e) < 0)
		return card_error(o, &e);
	if (o->json)
		printf("{\"vif\": %u, \"vlan\": %u, \"promisc\": %s, \"allmulti\": %s}\n", vif,
		       v.vlan, v.promisc ? "true" : "false", v.allmulti ? "true" : "false");
	else
		printf("VIF %u: VLAN %u, promisc %s, allmulti %s\n", vif, v.vlan,
		       v.promisc ? "on" : "off", v.allmulti ? "on" : "off");
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

static void print_vif_json(const struct svnic_vif_info *v)
{
	char m[SVNIC_MAC_STRLEN];

	printf("{\"vif\": %u, \"state\": \"%s\", \"error\": \"%s\", "
	       "\"error_code\": %u, \"mac\": \"%s\", \"queues\": %u, "
	       "\"features\": %" PRIu64 ", \"rx_frames\": %" PRIu64
	       ", \"rx_bytes\": %" PRIu64 ", \"rx_drop_full\": %" PRIu64
	       ", \"tx_frames\": %" PRIu64 ", \"tx_bytes\": %" PRIu64
	       ", \"rx_delivered\": %" PRIu64 ", \"rx_drop_small\": %" PRIu64
	       ", \"tx_bad_frames\": %" PRIu64
	       ", \"notifies\": %" PRIu64 ", \"errors\": %" PRIu64
	       ", \"tx_csum_bad\": %" PRIu64 ", \"tx_csum_refused\": %" PRIu64
	       ", \"vlan\": %u, \"promisc\": %s, \"allmulti\": %s}",
	       v->vif, svnic_vif_state_str(v->state),
	       svnic_vif_error_str(v->error), v->error,
	       svnic_mac_format(v->mac, m), v->queues, v->features, v->rx_frames,
	       v->rx_bytes, v->rx_drop_full, v->tx_frames, v->tx_bytes,
	       v->rx_delivered, v->rx_drop_small, v->tx_bad_frames, v->notifies, v->errors,
	       v->tx_csum_bad, v->tx_csum_refused, v->vlan, v->promisc ? "true" : "false", v->allmulti ? "true" : "false");
}

static int cmd_vif_stats(struct svnic *c, const struct opts *o, uint32_t vif)
{
	struct svnic_vif_info v;
	struct svnic_err e;
	char m[SVNIC_MAC_STRLEN];

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
	printf("mac             %s\n", svnic_mac_format(v.mac, m));
	printf("vlan            %u\n", v.vlan);
	printf("promisc         %s\n", v.promisc ? "on" : "off");
	printf("allmulti        %s\n", v.allmulti ? "on" : "off");
	printf("queues          0x%04x\n", v.queues);
	printf("features        0x%016" PRIx64 "\n", v.features);
	printf("rx_frames       %" PRIu64 "\n", v.rx_frames);
	printf("rx_bytes        %" PRIu64 "\n", v.rx_bytes);
	printf("rx_drop_full    %" PRIu64 "\n", v.rx_drop_full);
	printf("tx_frames       %" PRIu64 "\n", v.tx_frames);
	printf("tx_bytes        %" PRIu64 "\n", v.tx_bytes);
	printf("rx_delivered    %" PRIu64 "\n", v.rx_delivered);
	printf("rx_drop_small   %" PRIu64 "\n", v.rx_drop_small);
	printf("tx_bad_frames   %" PRIu64 "\n", v.tx_bad_frames);
	printf("notifies        %" PRIu64 "\n", v.notifies);
	printf("errors          %" PRIu64 "\n", v.errors);
	printf("tx_csum_bad     %" PRIu64 "\n", v.tx_csum_bad);
	printf("tx_csum_refused %" PRIu64 "\n", v.tx_csum_refused);
	return 0;
}

static int cmd_vif_list(struct svnic *c, const struct opts *o)
{
	uint32_t n = svnic_num_vifs(c);
	unsigned shown = 0;

	if (o->json)
		printf("{\"vifs\": [");
	else
		printf("VIF  STATE        MAC                VLAN  FLAGS             QUEUES  ERROR\n");
	for (uint32_t vif = 0; vif < n; vif++) {
		struct svnic_vif_info v;
		struct svnic_err e;
		char m[SVNIC_MAC_STRLEN];
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
			printf("%-4u %-12s %-18s %-5u %-17s 0x%04x  %s\n", vif,
			       svnic_vif_state_str(v.state),
			       svnic_mac_format(v.mac, m), v.vlan, flags_str(&v), v.queues,
			       svnic_vif_error_str(v.error));
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
			   !strcmp(a, "--allmulti")) {
			if (i + 1 >= argc)
				return usage_error("option %s needs a value", a);
			if (a[2] == 'v')
				o->vlan = argv[++i];
			else if (a[2] == 'p')
				o->promisc = argv[++i];
			else
				o->allmulti = argv[++i];
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

int main(int argc, char **argv)
{
	struct opts o = { 0 };
	struct svnic_err e;
	struct svnic *card;
	uint8_t mac[6];
	uint32_t vif = 0;
	uint16_t vlan = 0;
	struct svnic_vif_settings set = { 0 };
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
	if (cmd == C_VIF_SET) {
		if (!o.vlan && !o.promisc && !o.allmulti)
			return usage_error("%s", "'vif set' needs --vlan ID, --promisc on|off "
					   "or --allmulti on|off");
		set.set = (o.vlan ? SVNIC_VIF_SET_VLAN : 0u) |
			  (o.promisc ? SVNIC_VIF_SET_PROMISC : 0u) |
			  (o.allmulti ? SVNIC_VIF_SET_ALLMULTI : 0u);
		set.vlan = vlan;
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
		rc = cmd_vif_create(card, &o, mac, vlan);
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
