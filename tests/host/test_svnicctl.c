/* SPDX-License-Identifier: MIT */
/*
 * svnicctl as a program: usage errors (exit 2), an unreachable card (exit 1),
 * --help (exit 0), and every command against svnic-fake-sim.
 * Arguments: path of svnicctl, path of svnic-fake-sim.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <setjmp.h>
#include <signal.h>
#include <spawn.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

extern char **environ;

static const char *svnicctl_path;
static const char *fake_sim_path;
static char sock_path[108];
static pid_t sim_pid = -1;

struct result {
	int code;
	char out[8192];
	char err[4096];
};

static uint64_t ms_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

/* Run svnicctl with args (NULL-terminated); 10 s at most. */
static void run(struct result *r, const char *const *args)
{
	const char *argv[32];
	int po[2], pe[2];
	posix_spawn_file_actions_t fa;
	size_t no = 0, ne = 0;
	uint64_t deadline = ms_now() + 10000;
	pid_t pid;
	int st = 0, open_fds = 2;

	argv[0] = svnicctl_path;
	for (int i = 0; args[i] && i < 30; i++) {
		argv[i + 1] = args[i];
		argv[i + 2] = NULL;
	}
	if (!args[0])
		argv[1] = NULL;
	assert_int_equal(pipe2(po, O_CLOEXEC), 0);
	assert_int_equal(pipe2(pe, O_CLOEXEC), 0);
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, po[1], 1);
	posix_spawn_file_actions_adddup2(&fa, pe[1], 2);
	assert_int_equal(posix_spawn(&pid, svnicctl_path, &fa, NULL, (char **)argv,
				     environ),
			 0);
	posix_spawn_file_actions_destroy(&fa);
	close(po[1]);
	close(pe[1]);
	memset(r, 0, sizeof(*r));
	while (open_fds > 0 && ms_now() < deadline) {
		struct pollfd p[2] = { { po[0], POLLIN, 0 }, { pe[0], POLLIN, 0 } };
		ssize_t n;

		if (poll(p, 2, 100) <= 0)
			continue;
		if (p[0].revents) {
			n = read(po[0], r->out + no, sizeof(r->out) - 1 - no);
			if (n <= 0) {
				p[0].fd = -1;
				open_fds--;
				po[0] = (close(po[0]), -1);
			} else {
				no += (size_t)n;
			}
		}
		if (p[1].revents && pe[0] >= 0) {
			n = read(pe[0], r->err + ne, sizeof(r->err) - 1 - ne);
			if (n <= 0) {
				open_fds--;
				pe[0] = (close(pe[0]), -1);
			} else {
				ne += (size_t)n;
			}
		}
		if (po[0] < 0 && pe[0] < 0)
			break;
	}
	if (po[0] >= 0 || pe[0] >= 0) {
		kill(pid, SIGKILL);
		fail_msg("svnicctl hung");
	}
	waitpid(pid, &st, 0);
	r->code = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

#define RUN(r, ...) run((r), (const char *const[]){ __VA_ARGS__, NULL })

static void expect_usage(const char *const *args)
{
	struct result r;

	run(&r, args);
	if (r.code != 2)
		fail_msg("'%s %s' exited %d, not 2; stderr: %s", args[0] ? args[0] : "",
			 args[0] && args[1] ? args[1] : "", r.code, r.err);
	assert_non_null(strstr(r.err, "svnicctl: "));
	assert_non_null(strstr(r.err, "--help"));
	assert_string_equal(r.out, "");
}

static void help_tells_the_truth(void **state)
{
	struct result r;

	(void)state;
	RUN(&r, "--help");
	assert_int_equal(r.code, 0);
	assert_non_null(strstr(r.out, "Usage: svnicctl"));
	assert_non_null(strstr(r.out, "sim:/tmp/svnic-sim.sock"));
	assert_non_null(strstr(r.out, "$SVNIC_CARD"));
	assert_non_null(strstr(r.out, "--json"));
	static const char *const cmds[] = { "card info", "card stats", "vif create --mac MAC",
					    "vif list", "vif stats VIF", "vif destroy VIF",
					    "vif set VIF", "--vlan ID", "--promisc on|off",
					    "--allmulti on|off", "--weight W", "--rate R",
					    "--burst B" };
	for (size_t i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		assert_non_null(strstr(r.out, cmds[i]));
	RUN(&r, "-h");
	assert_int_equal(r.code, 0);
	RUN(&r, "vif", "stats", "--help");
	assert_int_equal(r.code, 0);
}

static void bad_arguments_exit_2(void **state)
{
	static const char *const cases[][8] = {
		{ NULL },
		{ "card", NULL },
		{ "card", "foo", NULL },
		{ "card", "info", "extra", NULL },
		{ "vif", NULL },
		{ "vif", "frobnicate", NULL },
		{ "vif", "stats", NULL },
		{ "vif", "stats", "x", NULL },
		{ "vif", "stats", "1x", NULL },
		{ "vif", "destroy", "", NULL },
		{ "vif", "destroy", "-1", NULL },
		{ "vif", "create", NULL },
		{ "vif", "create", "--mac", NULL },
		{ "vif", "create", "--mac", "zz:00:00:00:00:01", NULL },
		{ "vif", "create", "--mac", "02-00-00-00-00-01", NULL },
		{ "vif", "create", "--mac", "01:00:5e:00:00:01", NULL },
		{ "vif", "create", "--mac", "00:00:00:00:00:00", NULL },
		{ "--mac", "02:00:00:00:00:01", "card", "info", NULL },
		{ "--bogus", "card", "info", NULL },
		{ "--card", NULL },
		{ "--card", "nope:x", "card", "info", NULL },
		{ "--card", "/tmp/no-scheme.sock", "card", "info", NULL },
		{ "frob", NULL },
		{ "vif", "create", "--mac", "02:00:00:00:00:01", "--vlan", NULL },
		{ "vif", "create", "--mac", "02:00:00:00:00:01", "--vlan", "4095", NULL },
		{ "vif", "create", "--mac", "02:00:00:00:00:01", "--vlan", "-1", NULL },
		{ "vif", "create", "--mac", "02:00:00:00:00:01", "--vlan=10x", NULL },
		{ "vif", "create", "--mac", "02:00:00:00:00:01", "--promisc", "on", NULL },
		{ "vif", "set", NULL },
		{ "vif", "set", "0", NULL },
		{ "vif", "set", "x", "--vlan", "1", NULL },
		{ "vif", "set", "0", "--promisc", "yes", NULL },
		{ "vif", "set", "0", "--allmulti", NULL },
		{ "vif", "set", "0", "--vlan", "99999", NULL },
		{ "vif", "list", "--vlan", "1", NULL },
		{ "vif", "create", "--mac", "02:00:00:00:00:01", "--weight", "0", NULL },
		{ "vif", "create", "--mac", "02:00:00:00:00:01", "--weight", "64", NULL },
		{ "vif", "create", "--mac", "02:00:00:00:00:01", "--weight", "2x", NULL },
		{ "vif", "create", "--mac", "02:00:00:00:00:01", "--rate", "100m", NULL },
		{ "vif", "create", "--mac", "02:00:00:00:00:01", "--rate", "1.5", NULL },
		{ "vif", "create", "--mac", "02:00:00:00:00:01", "--rate", "-1M", NULL },
		{ "vif", "create", "--mac", "02:00:00:00:00:01", "--rate", "100k", NULL },
		{ "vif", "create", "--mac", "02:00:00:00:00:01", "--rate", "40G", NULL },
		{ "vif", "create", "--mac", "02:00:00:00:00:01", "--rate", NULL },
		{ "vif", "create", "--mac", "02:00:00:00:00:01", "--burst", "0", NULL },
		{ "vif", "create", "--mac", "02:00:00:00:00:01", "--burst", "2M", NULL },
		{ "vif", "create", "--mac", "02:00:00:00:00:01", "--burst", "1G", NULL },
		{ "vif", "set", "0", "--weight=", NULL },
		{ "vif", "set", "0", "--rate", "fast", NULL },
		{ "vif", "stats", "0", "--rate", "1M", NULL },
		{ "vif", "list", "--weight", "2", NULL },
		{ "vif", "create", "--mac", "02:00:00:00:00:01", "--queues", "0", NULL },
		{ "vif", "create", "--mac", "02:00:00:00:00:01", "--queues", "17", NULL },
		{ "vif", "create", "--mac", "02:00:00:00:00:01", "--queues", "4x", NULL },
		{ "vif", "create", "--mac", "02:00:00:00:00:01", "--queues", NULL },
		{ "vif", "set", "0", "--queues", "2", NULL },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		expect_usage(cases[i]);
}

/* The VLAN options' usage errors say what is wrong and what is allowed. */
static void vlan_usage_messages(void **state)
{
	struct result r;

	(void)state;
	RUN(&r, "vif", "create", "--mac", "02:00:00:00:00:01", "--vlan", "4095");
	assert_int_equal(r.code, 2);
	assert_non_null(strstr(r.err, "--vlan must be a VLAN id, 0 (untagged) or 1..4094, not '4095'"));
	RUN(&r, "vif", "set", "0");
	assert_int_equal(r.code, 2);
	assert_non_null(strstr(r.err, "'vif set' needs --vlan ID, --promisc on|off, --allmulti on|off, "
				      "--weight W, --rate R or --burst B"));
	RUN(&r, "vif", "set", "0", "--promisc", "yes");
	assert_int_equal(r.code, 2);
	assert_non_null(strstr(r.err, "--promisc takes 'on' or 'off', not 'yes'"));
	RUN(&r, "vif", "stats", "0", "--allmulti", "on");
	assert_int_equal(r.code, 2);
	assert_non_null(strstr(r.err, "--promisc and --allmulti only go with 'vif set'"));
	assert_string_equal(r.out, "");
}

/* --queues says its range. */
static void queues_usage_messages(void **state)
{
	struct result r;

	(void)state;
	RUN(&r, "vif", "create", "--mac", "02:00:00:00:00:01", "--queues", "17");
	assert_int_equal(r.code, 2);
	assert_non_null(strstr(r.err, "--queues must be a queue pair count, 1..16, not '17'"));
	RUN(&r, "vif", "stats", "0", "--queues=2");
	assert_int_equal(r.code, 2);
	assert_non_null(strstr(r.err, "--queues only goes with 'vif create'"));
	assert_string_equal(r.out, "");
}

/* The TX scheduling options' usage errors say what is wrong and what is
 * allowed. */
static void tx_usage_messages(void **state)
{
	struct result r;

	(void)state;
	RUN(&r, "vif", "create", "--mac", "02:00:00:00:00:01", "--weight", "64");
	assert_int_equal(r.code, 2);
	assert_non_null(strstr(r.err, "--weight must be a whole number 1..63, not '64'"));
	RUN(&r, "vif", "set", "0", "--rate", "2.5g");
	assert_int_equal(r.code, 2);
	assert_non_null(strstr(r.err, "--rate must be a whole number of bit/s, optionally with k, M, G or T, "
				      "such as 100M or 2.5G (0: unlimited), not '2.5g'"));
	RUN(&r, "vif", "set", "0", "--rate", "100k");
	assert_int_equal(r.code, 2);
	assert_non_null(strstr(r.err, "--rate 100k: rate 100000 bit/s is out of range: the card limits rates "
				      "from 245000 bit/s to 31999755000 bit/s (0 is unlimited)"));
	RUN(&r, "vif", "set", "0", "--rate=33G");
	assert_int_equal(r.code, 2);
	assert_non_null(strstr(r.err, "rate 33000000000 bit/s is out of range"));
	RUN(&r, "vif", "create", "--mac", "02:00:00:00:00:01", "--burst", "2M");
	assert_int_equal(r.code, 2);
	assert_non_null(strstr(r.err, "--burst must be 1..2097151 bytes, optionally with K (1024) or M (1048576), "
				      "such as 64K, not '2M'"));
	RUN(&r, "vif", "stats", "0", "--weight", "2");
	assert_int_equal(r.code, 2);
	assert_non_null(strstr(r.err, "--weight, --rate and --burst only go with 'vif create' and 'vif set'"));
	assert_string_equal(r.out, "");
}

static void unreachable_card_exits_1(void **state)
{
	struct result r;

	(void)state;
	RUN(&r, "--card", "sim:/nonexistent/svnic.sock", "card", "info");
	assert_int_equal(r.code, 1);
	assert_non_null(strstr(r.err, "cannot reach svnic-sim at /nonexistent/svnic.sock"));
	assert_non_null(strstr(r.err, "start svnic-sim"));
	RUN(&r, "--json", "--card", "sim:/nonexistent/svnic.sock", "vif", "list");
	assert_int_equal(r.code, 1);
	assert_non_null(strstr(r.out, "{\"error\": {\"errno\": 2"));
	/* The environment names the card when --card does not. */
	setenv("SVNIC_CARD", "sim:/nonexistent/from-env.sock", 1);
	RUN(&r, "card", "stats");
	assert_int_equal(r.code, 1);
	assert_non_null(strstr(r.err, "/nonexistent/from-env.sock"));
	RUN(&r, "--card", "vfio:0000:01:00.0", "card", "info");
	assert_int_equal(r.code, 2);
	assert_non_null(strstr(r.err, "unknown card URI scheme 'vfio'"));
	unsetenv("SVNIC_CARD");
}

/* No Alveo card can exist here: xrt:N must say so plainly, for every
 * command, including flash (which must not get as far as the image). */
static void xrt_without_card_exits_1(void **state)
{
	struct result r;

	(void)state;
	RUN(&r, "--card", "xrt:0", "card", "info");
	assert_int_equal(r.code, 1);
#ifdef SVNIC_HAVE_XRT
	assert_non_null(strstr(r.err, "no Alveo card at xrt:0: XRT found no device with index 0"));
	assert_non_null(strstr(r.err, "xocl/xclmgmt drivers"));
#else
	assert_non_null(strstr(r.err, "built without XRT"));
#endif
	assert_null(strstr(r.err, "XRT build version")); /* XRT's banner stays out */
	RUN(&r, "--json", "--card", "xrt:3", "flash", "/nonexistent.img");
	assert_int_equal(r.code, 1);
	assert_non_null(strstr(r.out, "{\"error\": {\"errno\": "));
	RUN(&r, "--card", "xrt:3", "flash", "/nonexistent.img");
	assert_int_equal(r.code, 1);
	assert_non_null(strstr(r.err, "cannot read /nonexistent.img"));
	RUN(&r, "--card", "xrt:64", "card", "info");
	assert_int_equal(r.code, 2);
	assert_non_null(strstr(r.err, "xrt: needs XRT's device index, 0..63"));
	RUN(&r, "--card", "xrt:", "card", "info");
	assert_int_equal(r.code, 2);
}

static int start_sim(void **state)
{
	const char *argv[3];
	posix_spawn_file_actions_t fa;
	uint64_t deadline = ms_now() + 5000;
	struct stat st;

	(void)state;
	snprintf(sock_path, sizeof(sock_path), "/tmp/svnicctl-test-%ld.sock",
		 (long)getpid());
	argv[0] = fake_sim_path;
	argv[1] = sock_path;
	argv[2] = NULL;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
	if (posix_spawn(&sim_pid, fake_sim_path, &fa, NULL, (char **)argv, environ))
		return -1;
	posix_spawn_file_actions_destroy(&fa);
	while (stat(sock_path, &st) < 0 && ms_now() < deadline)
		usleep(10000);
	{
		static char uri[128];

		snprintf(uri, sizeof(uri), "sim:%s", sock_path);
		setenv("SVNIC_CARD", uri, 1);
	}
	return stat(sock_path, &st);
}

static int stop_sim(void **state)
{
	(void)state;
	if (sim_pid > 0) {
		kill(sim_pid, SIGTERM);
		waitpid(sim_pid, NULL, 0);
	}
	unlink(sock_path);
	unsetenv("SVNIC_CARD");
	return 0;
}

static void commands_against_a_fake_card(void **state)
{
	struct result r;
	static const char *const counters[] = {
		"state", "error", "mac", "queues", "features", "rx_frames", "rx_bytes",
		"rx_drop_full", "rx_drop_quota", "rx_drop_toolong", "tx_frames", "tx_bytes", "rx_delivered",
		"rx_drop_small", "tx_bad_frames", "notifies", "errors", "tx_csum_bad", "tx_csum_refused",
		"tx_tso_packets", "tx_tso_segs", "tx_gso_bad", "status", "queue_resets", "rx_drop_reset",
		"tx_tso_aborted",
	};

	(void)state;
	RUN(&r, "card", "info");
	assert_int_equal(r.code, 0);
	assert_non_null(strstr(r.out, "VIFs            4"));
	assert_non_null(strstr(r.out, "firmware        0.1.2"));
	RUN(&r, "--json", "card", "info");
	assert_int_equal(r.code, 0);
	assert_non_null(strstr(r.out, "\"num_vifs\": 4"));
	RUN(&r, "card", "stats", "--json");
	assert_int_equal(r.code, 0);
	assert_non_null(strstr(r.out, "\"wire_tx_frames\": 44"));

	RUN(&r, "vif", "list");
	assert_int_equal(r.code, 0);
	assert_null(strstr(r.out, "02:00:00:00:00:01"));
	RUN(&r, "vif", "create", "--mac", "02:00:00:00:00:01");
	assert_int_equal(r.code, 0);
	assert_string_equal(r.out, "VIF 0 created with MAC 02:00:00:00:00:01\n");
	RUN(&r, "--json", "vif", "create", "--mac=02:00:00:00:00:02");
	assert_int_equal(r.code, 0);
	assert_string_equal(r.out, "{\"vif\": 1, \"mac\": \"02:00:00:00:00:02\", \"vlan\": 0}\n");
	RUN(&r, "vif", "create", "--mac", "02:00:00:00:00:01");
	assert_int_equal(r.code, 1);
	assert_non_null(strstr(r.err, "EXISTS"));

	RUN(&r, "vif", "list");
	assert_int_equal(r.code, 0);
	assert_non_null(strstr(r.out, "0    ready        02:00:00:00:00:01"));
	assert_non_null(strstr(r.out, "1    ready        02:00:00:00:00:02"));
	RUN(&r, "--json", "vif", "list");
	assert_int_equal(r.code, 0);
	assert_non_null(strstr(r.out, "{\"vifs\": [{\"vif\": 0"));
	assert_non_null(strstr(r.out, "}, {\"vif\": 1"));

	RUN(&r, "vif", "stats", "1");
	assert_int_equal(r.code, 0);
	for (size_t i = 0; i < sizeof(counters) / sizeof(counters[0]); i++)
		assert_non_null(strstr(r.out, counters[i]));
	assert_non_null(strstr(r.out, "notifies        109"));
	assert_non_null(strstr(r.out, "status          - (its host does not pass the device status on)\n"));
	assert_non_null(strstr(r.out, "tx_tso_aborted  117\nqueue_resets    118\nrx_drop_reset   116\n"));
	RUN(&r, "--json", "vif", "stats", "1");
	assert_int_equal(r.code, 0);
	for (size_t i = 0; i < sizeof(counters) / sizeof(counters[0]); i++) {
		char key[64];

		snprintf(key, sizeof(key), "\"%s\": ", counters[i]);
		assert_non_null(strstr(r.out, key));
	}
	/* Field by field: every value is the fake card's, under its name. */
	RUN(&r, "--json", "vif", "stats", "1");
	assert_int_equal(r.code, 0);
	assert_string_equal(r.out,
		"{\"vif\": 1, \"state\": \"ready\", \"error\": \"none\", \"error_code\": 0, "
		"\"mac\": \"02:00:00:00:00:02\", \"queues\": 1, \"active_queues\": 1, "
		"\"queues_attached\": 0, \"features\": 0, "
		"\"rx_frames\": 101, \"rx_bytes\": 102, \"rx_drop_full\": 103, "
		"\"rx_drop_quota\": 113, \"rx_drop_toolong\": 114, \"tx_frames\": 104, \"tx_bytes\": 105, \"rx_delivered\": 106, "
		"\"rx_drop_small\": 107, \"tx_bad_frames\": 108, \"notifies\": 109, "
		"\"errors\": 110, \"tx_csum_bad\": 112, \"tx_csum_refused\": 111, "
		"\"vlan\": 0, \"promisc\": false, \"allmulti\": false, "
		"\"weight\": 1, \"rate_bps\": 0, \"burst\": 16384, "
		"\"tx_tso_packets\": 113, \"tx_tso_segs\": 114, \"tx_gso_bad\": 115, "
		"\"rx_quota_bytes\": 16384, \"rx_held_bytes\": 128, "
		"\"status\": 0, \"status_bits\": \"reset\", \"status_driven\": false, "
		"\"queue_resets\": 118, \"rx_drop_reset\": 116, \"tx_tso_aborted\": 117, "
		"\"queue_rx_frames\": [200], \"queue_tx_frames\": [300]}\n");
	RUN(&r, "--json", "card", "stats");
	assert_int_equal(r.code, 0);
	assert_string_equal(r.out, "{\"wire_rx_frames\": 11, \"wire_rx_drop_novif\": 22, "
				   "\"wire_rx_drop_err\": 33, \"wire_tx_frames\": 44, "
				   "\"wire_rx_drop_nomember\": 55, \"tx_drop_srcdis\": 66}\n");
	RUN(&r, "card", "stats");
	assert_int_equal(r.code, 0);
	assert_non_null(strstr(r.out, "wire_rx_drop_nomember 55\n"));
	assert_non_null(strstr(r.out, "tx_drop_srcdis      66\n"));

	/* VLANs and filters: create on a VLAN, change them, see them listed. */
	RUN(&r, "vif", "create", "--mac", "02:00:00:00:00:03", "--vlan", "10");
	assert_int_equal(r.code, 0);
	assert_string_equal(r.out, "VIF 2 created with MAC 02:00:00:00:00:03 on VLAN 10\n");
	RUN(&r, "--json", "vif", "create", "--mac", "02:00:00:00:00:01", "--vlan=4094");
	assert_int_equal(r.code, 0);
	assert_string_equal(r.out, "{\"vif\": 3, \"mac\": \"02:00:00:00:00:01\", \"vlan\": 4094}\n");
	RUN(&r, "vif", "set", "2", "--vlan", "20", "--promisc", "on");
	assert_int_equal(r.code, 0);
	assert_string_equal(r.out, "VIF 2: VLAN 20, promisc on, allmulti off, weight 1, rate unlimited, "
				   "burst 16384\n");
	RUN(&r, "--json", "vif", "set", "2", "--allmulti=on", "--promisc=off");
	assert_int_equal(r.code, 0);
	assert_string_equal(r.out, "{\"vif\": 2, \"vlan\": 20, \"promisc\": false, \"allmulti\": true, "
				   "\"weight\": 1, \"rate_bps\": 0, \"burst\": 16384}\n");
	RUN(&r, "vif", "list");
	assert_int_equal(r.code, 0);
	assert_non_null(strstr(r.out, "VLAN  FLAGS"));
	assert_non_null(strstr(r.out, "2    ready        02:00:00:00:00:03  20    allmulti          1      0x0 "));
	assert_non_null(strstr(r.out, "0    ready        02:00:00:00:00:01  0     -                 1      0x0 "));
	RUN(&r, "vif", "stats", "2");
	assert_int_equal(r.code, 0);
	assert_non_null(strstr(r.out, "vlan            20\npromisc         off\nallmulti        on\n"));
	RUN(&r, "--json", "vif", "stats", "3");
	assert_int_equal(r.code, 0);
	assert_non_null(strstr(r.out, "\"errors\": 110, \"tx_csum_bad\": 112, \"tx_csum_refused\": 111, "
				      "\"vlan\": 4094, \"promisc\": false, \"allmulti\": false, "
				      "\"weight\": 1, \"rate_bps\": 0, \"burst\": 16384, \"tx_tso_packets\": 113, "
				      "\"tx_tso_segs\": 114, \"tx_gso_bad\": 115, "
				      "\"rx_quota_bytes\": 16384, \"rx_held_bytes\": 128, "
				      "\"status\": 0, \"status_bits\": \"reset\", \"status_driven\": false, "
				      "\"queue_resets\": 118, \"rx_drop_reset\": 116, \"tx_tso_aborted\": 117, "
				      "\"queue_rx_frames\": [200], \"queue_tx_frames\": [300]}\n"));

	RUN(&r, "vif", "set", "9", "--vlan", "1");
	assert_int_equal(r.code, 1);
	RUN(&r, "vif", "destroy", "2");
	assert_int_equal(r.code, 0);
	RUN(&r, "vif", "destroy", "3");
	assert_int_equal(r.code, 0);
	/* TX scheduling: set at creation and changed, as the card reports it. */
	RUN(&r, "vif", "create", "--mac", "02:00:00:00:00:04", "--weight", "4", "--rate", "2.5G",
	    "--burst", "64K");
	assert_int_equal(r.code, 0);
	assert_string_equal(r.out, "VIF 2 created with MAC 02:00:00:00:00:04\n");
	RUN(&r, "--json", "vif", "stats", "2");
	assert_int_equal(r.code, 0);
	assert_non_null(strstr(r.out, "\"weight\": 4, \"rate_bps\": 2500000000, \"burst\": 65536, "));
	assert_non_null(strstr(r.out, "\"tx_gso_bad\": 115, \"rx_quota_bytes\": 16384, \"rx_held_bytes\": 128, "
				      "\"status\": 0, \"status_bits\": \"reset\", \"status_driven\": false, "
				      "\"queue_resets\": 118, \"rx_drop_reset\": 116, \"tx_tso_aborted\": 117, "
				      "\"queue_rx_frames\": [200], \"queue_tx_frames\": [300]}\n"));
	RUN(&r, "vif", "stats", "2");
	assert_int_equal(r.code, 0);
	assert_non_null(strstr(r.out, "tx_weight       4\ntx_rate         2.5G\ntx_burst        65536\n"));
	RUN(&r, "vif", "set", "2", "--rate", "100M", "--weight=2");
	assert_int_equal(r.code, 0);
	assert_string_equal(r.out, "VIF 2: VLAN 0, promisc off, allmulti off, weight 2, rate 100M, burst 65536\n");
	RUN(&r, "--json", "vif", "set", "2", "--burst", "1M", "--rate", "0");
	assert_int_equal(r.code, 0);
	assert_string_equal(r.out, "{\"vif\": 2, \"vlan\": 0, \"promisc\": false, \"allmulti\": false, "
				   "\"weight\": 2, \"rate_bps\": 0, \"burst\": 1048576}\n");
	RUN(&r, "vif", "set", "2", "--rate", "31.25M");
	assert_int_equal(r.code, 0);
	RUN(&r, "vif", "list");
	assert_int_equal(r.code, 0);
	assert_non_null(strstr(r.out, "QUEUES ATTACHED    WEIGHT RATE       BURST    STATUS ERROR\n"));
	assert_non_null(strstr(r.out, "2    ready        02:00:00:00:00:04  0     -                 1      0x0         "
				      "2      31.25M     1048576  -      none\n"));
	RUN(&r, "--json", "vif", "list");
	assert_int_equal(r.code, 0);
	assert_non_null(strstr(r.out, "\"weight\": 2, \"rate_bps\": 31250000, \"burst\": 1048576, "));
	assert_non_null(strstr(r.out, "\"tx_gso_bad\": 115, \"rx_quota_bytes\": 16384, \"rx_held_bytes\": 128, "
				      "\"status\": 0, \"status_bits\": \"reset\", \"status_driven\": false, "
				      "\"queue_resets\": 118, \"rx_drop_reset\": 116, \"tx_tso_aborted\": 117, "
				      "\"queue_rx_frames\": [200], \"queue_tx_frames\": [300]}]}\n"));
	RUN(&r, "vif", "destroy", "2");
	assert_int_equal(r.code, 0);

	/* --watch: one JSON object per sample, totals and rates. */
	RUN(&r, "--json", "vif", "stats", "1", "--watch", "--interval", "0.1", "--count", "2");
	assert_int_equal(r.code, 0);
	{
		const char *second = strchr(r.out, '\n');
		assert_non_null(second);
		assert_non_null(strstr(second + 1, "\"notifies\": 109, \"notifies_per_s\": 0.0"));
		assert_string_equal(strchr(second + 1, '\n'), "\n"); /* exactly two lines */
		assert_non_null(strstr(r.out, "{\"vif\": 1, \"interval_s\": "));
	}
	RUN(&r, "vif", "stats", "1", "--watch", "--interval", "0.1", "--count", "1");
	assert_int_equal(r.code, 0);
	assert_non_null(strstr(r.out, "COUNTER"));
	assert_non_null(strstr(r.out, "tx_bytes"));
	RUN(&r, "vif", "stats", "1", "--interval", "1");
	assert_int_equal(r.code, 2);
	assert_non_null(strstr(r.err, "need --watch"));
	RUN(&r, "vif", "stats", "1", "--watch", "--interval", "0");
	assert_int_equal(r.code, 2);
	assert_non_null(strstr(r.err, "--interval must be 0.1..3600 seconds"));
	RUN(&r, "card", "info", "--watch");
	assert_int_equal(r.code, 2);

	/* Prometheus: HELP and TYPE once per metric, a sample per VIF. */
	RUN(&r, "metrics");
	assert_int_equal(r.code, 0);
	assert_non_null(strstr(r.out, "# TYPE svnic_wire_tx_frames_total counter\n"
				      "svnic_wire_tx_frames_total 44\n"));
	assert_non_null(strstr(r.out, "# TYPE svnic_vif_rx_bytes_total counter\n"
				      "svnic_vif_rx_bytes_total{vif=\"0\",mac=\"02:00:00:00:00:01\"} 102\n"
				      "svnic_vif_rx_bytes_total{vif=\"1\",mac=\"02:00:00:00:00:02\"} 102\n"));
	assert_non_null(strstr(r.out, "svnic_vif_errors_total{vif=\"1\",mac=\"02:00:00:00:00:02\"} 110\n"));
	assert_non_null(strstr(r.out, "svnic_vif_rx_drop_reset_total{vif=\"1\",mac=\"02:00:00:00:00:02\"} 116\n"));
	assert_non_null(strstr(r.out, "svnic_vif_tx_tso_aborted_total{vif=\"1\",mac=\"02:00:00:00:00:02\"} 117\n"));
	assert_non_null(strstr(r.out, "svnic_vif_state{vif=\"0\",mac=\"02:00:00:00:00:01\",state=\"ready\"} 1\n"));
	RUN(&r, "--json", "metrics");
	assert_int_equal(r.code, 2);

	RUN(&r, "vif", "stats", "3");
	assert_int_equal(r.code, 1);
	assert_non_null(strstr(r.err, "BAD_VIF"));
	RUN(&r, "vif", "stats", "9");
	assert_int_equal(r.code, 1);
	assert_non_null(strstr(r.err, "VIF 9 does not exist"));

	RUN(&r, "vif", "destroy", "0");
	assert_int_equal(r.code, 0);
	RUN(&r, "--json", "vif", "destroy", "0");
	assert_int_equal(r.code, 1);
	assert_non_null(strstr(r.out, "\"firmware_status\": \"BAD_VIF\""));
	RUN(&r, "vif", "destroy", "1");
	assert_int_equal(r.code, 0);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(help_tells_the_truth),
		cmocka_unit_test(bad_arguments_exit_2),
		cmocka_unit_test(vlan_usage_messages),
		cmocka_unit_test(queues_usage_messages),
		cmocka_unit_test(tx_usage_messages),
		cmocka_unit_test(unreachable_card_exits_1),
		cmocka_unit_test(xrt_without_card_exits_1),
		cmocka_unit_test_setup_teardown(commands_against_a_fake_card, start_sim,
						stop_sim),
	};

	if (argc != 3) {
		fprintf(stderr, "usage: %s SVNICCTL SVNIC_FAKE_SIM\n", argv[0]);
		return 2;
	}
	svnicctl_path = argv[1];
	fake_sim_path = argv[2];
	unsetenv("SVNIC_CARD");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
