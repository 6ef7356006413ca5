/* SPDX-License-Identifier: MIT */
#include "wire_tap.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/if.h>
#include <linux/if_tun.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

int sim_tap_open(const char *name, char *err, size_t errlen)
{
	struct ifreq ifr;

	if (!name || !*name || strlen(name) >= IFNAMSIZ) {
		snprintf(err, errlen, "TAP interface name '%s' is invalid: 1..%d characters",
			 name ? name : "", IFNAMSIZ - 1);
		return -1;
	}
	int fd = open("/dev/net/tun", O_RDWR | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0) {
		snprintf(err, errlen, "cannot open /dev/net/tun for TAP interface %s: %s "
				      "(is the tun module loaded?)", name, strerror(errno));
		return -1;
	}
	memset(&ifr, 0, sizeof(ifr));
	/* Bare Ethernet frames, no packet-information prefix. */
	ifr.ifr_flags = IFF_TAP | IFF_NO_PI;
	memcpy(ifr.ifr_name, name, strlen(name));
	if (ioctl(fd, TUNSETIFF, &ifr) < 0) {
		int e = errno;
		snprintf(err, errlen, "cannot attach to TAP interface %s: %s%s", name, strerror(e),
			 e == EPERM ? " (creating one needs CAP_NET_ADMIN: run as root, or create it "
				      "first with 'ip tuntap add dev NAME mode tap user USER')"
			 : e == EINVAL ? " (is NAME an interface of another kind?)" : "");
		close(fd);
		return -1;
	}
	return fd;
}

long sim_tap_read(int fd, uint8_t *buf, size_t cap)
{
	ssize_t n = read(fd, buf, cap);
	if (n < 0)
		return errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR ? 0 : -1;
	return (long)n;
}

int sim_tap_write(int fd, const uint8_t *frame, size_t len)
{
	ssize_t n = write(fd, frame, len);
	return n == (ssize_t)len ? 0 : -1;
}
