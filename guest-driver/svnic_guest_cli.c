/* SPDX-License-Identifier: MIT */
/* svnic-guest: send or receive frames through a vhost-user back-end. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "svnic_guest.h"

static void usage(FILE *f)
{
	fprintf(f,
		"usage: svnic-guest --socket PATH [options] send [--count N] [--size S]\n"
		"                   [--dst MAC] [--src MAC]\n"
		"       svnic-guest --socket PATH [options] recv [--count N] [--timeout MS]\n"
		"\n"
		"Connects as a vhost-user front-end (one RX and one TX split virtqueue,\n"
		"VIRTIO_F_VERSION_1 only) to the back-end listening on PATH.\n"
		"\n"
		"  send   transmit N frames (default 1) of S bytes (18..1518, default 64)\n"
		"         from --src (default: the interface MAC 02:00:00:00:00:01) to\n"
		"         --dst (default ff:ff:ff:ff:ff:ff), ethertype 0x88b5, with a\n"
		"         32-bit sequence number after the header; waits until the\n"
		"         device has taken every frame\n"
		"  recv   receive N frames (default 1) and print one line per frame;\n"
		"         gives up after --timeout MS without a frame (default 5000)\n"
		"\n"
		"options:\n"
		"  --queue-size N        virtqueue entries, power of two (default 256)\n"
		"  --tx-separate-hdr     header and frame in two chained descriptors\n"
		"  --connect-timeout MS  keep retrying the connection (default 0)\n"
		"  --poll                busy-poll: ask the device not to interrupt\n"
		"  --quiet               recv: no per-frame lines\n"
		"  --help                this text\n"
		"\n"
		"Prints the driver's statistics at the end. Exit status 0 on success.\n");
}

static int parse_mac(const char *s, uint8_t mac[6])
{
	unsigned v[6];
	char extra;

	if (sscanf(s, "%x:%x:%x:%x:%x:%x%c", &v[0], &v[1], &v[2], &v[3], &v[4],
		   &v[5], &extra) != 6)
		return -1;
	for (int i = 0; i < 6; i++) {
		if (v[i] > 0xff)
			return -1;
		mac[i] = (uint8_t)v[i];
	}
	return 0;
}

static int parse_uint(const char *s, unsigned long max, unsigned long *out)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(s, &end, 0);
	if (errno || *s == '\0' || *end != '\0' || v > max)
		return -1;
	*out = v;
	return 0;
}

static void print_stats(struct svnic_guest *g)
{
	struct svnic_guest_stats st;

	svnic_guest_get_stats(g, &st);
	printf("stats: tx_frames=%" PRIu64 " tx_bytes=%" PRIu64
	       " rx_frames=%" PRIu64 " rx_bytes=%" PRIu64 " kicks=%" PRIu64
	       " interrupts=%" PRIu64 " rx_bad=%" PRIu64 "\n",
	       st.tx_frames, st.tx_bytes, st.rx_frames, st.rx_bytes, st.kicks,
	       st.interrupts, st.rx_bad);
}

int main(int argc, char **argv)
{
	struct svnic_guest_opts o;
	const char *sock = NULL, *cmd = NULL;
	unsigned long count = 1, size = 64, timeout = 5000, v;
	uint8_t dst[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff }, src[6];
	int have_src = 0, quiet = 0;
	char err[512];

	svnic_guest_opts_init(&o);
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		const char *val = i + 1 < argc ? argv[i + 1] : NULL;

		if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			usage(stdout);
			return 0;
		} else if (!strcmp(a, "send") || !strcmp(a, "recv")) {
			if (cmd) {
				fprintf(stderr, "svnic-guest: give one command\n");
				return 2;
			}
			cmd = a;
			continue;
		} else if (!strcmp(a, "--tx-separate-hdr")) {
			o.tx_layout = SVNIC_GUEST_TX_HDR_SEPARATE;
			continue;
		} else if (!strcmp(a, "--poll")) {
			o.no_interrupt = true;
			continue;
		} else if (!strcmp(a, "--quiet")) {
			quiet = 1;
			continue;
		}
		if (!val) {
			fprintf(stderr, "svnic-guest: %s needs a value (see --help)\n", a);
			return 2;
		}
		i++;
		if (!strcmp(a, "--socket")) {
			sock = val;
		} else if (!strcmp(a, "--dst") || !strcmp(a, "--src")) {
			if (parse_mac(val, a[2] == 'd' ? dst : src)) {
				fprintf(stderr, "svnic-guest: bad MAC '%s' (want aa:bb:cc:dd:ee:ff)\n", val);
				return 2;
			}
			have_src |= a[2] == 's';
		} else if (!strcmp(a, "--count") && !parse_uint(val, 1000000000ul, &v)) {
			count = v;
		} else if (!strcmp(a, "--size") && !parse_uint(val, 1518, &v) && v >= 18) {
			size = v;
		} else if (!strcmp(a, "--timeout") && !parse_uint(val, 3600000ul, &v)) {
			timeout = v;
		} else if (!strcmp(a, "--queue-size") && !parse_uint(val, 32768, &v)) {
			o.queue_size = (unsigned)v;
		} else if (!strcmp(a, "--connect-timeout") && !parse_uint(val, 3600000ul, &v)) {
			o.connect_timeout_ms = (unsigned)v;
		} else {
			fprintf(stderr, "svnic-guest: bad option or value: %s %s (see --help)\n",
				a, val);
			return 2;
		}
	}
	if (!sock || !cmd) {
		usage(stderr);
		return 2;
	}

	struct svnic_guest *g = svnic_guest_open(sock, &o, err, sizeof(err));

	if (!g) {
		fprintf(stderr, "svnic-guest: %s\n", err);
		return 1;
	}
	if (!have_src)
		svnic_guest_mac(g, src);

	int rc = 0;
	uint8_t frame[SVNIC_ETH_MAX_FRAME];

	if (!strcmp(cmd, "send")) {
		memset(frame, 0, sizeof(frame));
		memcpy(frame, dst, 6);
		memcpy(frame + 6, src, 6);
		frame[12] = 0x88;
		frame[13] = 0xb5;
		for (unsigned long n = 0; n < count && rc == 0;) {
			uint32_t seq = (uint32_t)n;

			memcpy(frame + 14, &seq, sizeof(seq));
			int s = svnic_guest_send(g, frame, size);

			if (s == 0) {
				n++;
			} else if (s == -EAGAIN) {
				if (svnic_guest_wait(g, (int)timeout) == 0 &&
				    svnic_guest_tx_reclaim(g) == 0 &&
				    svnic_guest_send(g, frame, size) == -EAGAIN) {
					fprintf(stderr, "svnic-guest: TX ring stayed full for %lu ms; is the back-end forwarding?\n",
						timeout);
					rc = 1;
				}
			} else {
				fprintf(stderr, "svnic-guest: send: %s\n", strerror(-s));
				rc = 1;
			}
		}
		/* Wait (bounded) for the device to take the last frames. */
		for (unsigned i = 0; rc == 0 && i < 100 && svnic_guest_tx_inflight(g); i++)
			svnic_guest_wait(g, 50);
	} else {
		for (unsigned long n = 0; n < count && rc == 0;) {
			size_t len;
			int r = svnic_guest_recv(g, frame, sizeof(frame), &len);

			if (r == 0) {
				if (!quiet)
					printf("frame %lu: %zu bytes %02x:%02x:%02x:%02x:%02x:%02x <- %02x:%02x:%02x:%02x:%02x:%02x type 0x%02x%02x\n",
					       n, len, frame[0], frame[1], frame[2],
					       frame[3], frame[4], frame[5], frame[6],
					       frame[7], frame[8], frame[9], frame[10],
					       frame[11], frame[12], frame[13]);
				n++;
			} else if (r == -EAGAIN) {
				if (svnic_guest_wait(g, (int)timeout) == 0) {
					fprintf(stderr, "svnic-guest: no frame for %lu ms (%lu of %lu received)\n",
						timeout, n, count);
					rc = 1;
				}
			} else if (r != -EMSGSIZE) {
				fprintf(stderr, "svnic-guest: recv: %s\n", strerror(-r));
				rc = 1;
			}
		}
	}
	print_stats(g);
	svnic_guest_close(g);
	return rc;
}
