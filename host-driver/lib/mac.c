/* SPDX-License-Identifier: MIT */
/* MAC address text form. */
#include <errno.h>
#include <stdio.h>

#include "svnic/libsvnic.h"

static int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int svnic_mac_parse(const char *s, uint8_t mac[6])
{
	uint8_t out[6];

	if (!s || !mac)
		return -EINVAL;
	/* "xx:" five times then "xx" and the end of the string: 17 chars. */
	for (unsigned i = 0; i < 6; i++) {
		int hi = hex_digit(s[3 * i]);
		int lo = hi < 0 ? -1 : hex_digit(s[3 * i + 1]);
		char sep;

		if (hi < 0 || lo < 0)
			return -EINVAL;
		sep = s[3 * i + 2]; /* in bounds: s[3i+1] was a digit */
		if (i < 5 ? sep != ':' : sep != '\0')
			return -EINVAL;
		out[i] = (uint8_t)(hi << 4 | lo);
	}
	for (unsigned i = 0; i < 6; i++)
		mac[i] = out[i];
	return 0;
}

char *svnic_mac_format(const uint8_t mac[6], char buf[SVNIC_MAC_STRLEN])
{
	snprintf(buf, SVNIC_MAC_STRLEN, "%02x:%02x:%02x:%02x:%02x:%02x", mac[0],
		 mac[1], mac[2], mac[3], mac[4], mac[5]);
	return buf;
}

bool svnic_mac_is_unicast(const uint8_t mac[6])
{
	if (mac[0] & 1u)
		return false;
	for (unsigned i = 0; i < 6; i++)
		if (mac[i])
			return true;
	return false;
}
