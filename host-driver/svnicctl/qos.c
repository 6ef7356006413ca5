/* SPDX-License-Identifier: MIT */
#include "qos.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "svnic/regs.h"

/* Digits only, at most `max` of them, as a number. 0 or -EINVAL. */
static int digits(const char *s, size_t n, size_t max, uint64_t *v)
{
	if (n == 0 || n > max)
		return -EINVAL;
	*v = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -EINVAL;
		*v = *v * 10u + (uint64_t)(s[i] - '0');
	}
	return 0;
}

int svnicctl_parse_rate(const char *s, uint64_t *bps)
{
	static const char units[] = "kKMGT";
	static const uint64_t scale[] = { 1000ull, 1000ull, 1000000ull, 1000000000ull,
					  1000000000000ull };
	size_t n = strlen(s);
	uint64_t unit = 1, whole = 0, frac = 0, div = 1;

	if (n > 0) {
		const char *u = strchr(units, s[n - 1]);
		if (u && *u) {
			unit = scale[u - units];
			n--;
		}
	}
	const char *dot = memchr(s, '.', n);
	size_t wn = dot ? (size_t)(dot - s) : n;
	/* plain bit/s: whole numbers only */
	if ((unit == 1 && dot) || digits(s, wn, unit == 1 ? 15 : 6, &whole) < 0)
		return -EINVAL;
	if (dot) {
		size_t fn = n - wn - 1;
		if (digits(dot + 1, fn, 6, &frac) < 0)
			return -EINVAL;
		for (size_t i = 0; i < fn; i++)
			div *= 10u;
		if (frac * unit % div != 0)
			return -EINVAL; /* a fraction of a bit/s */
	}
	*bps = whole * unit + frac * unit / div;
	return 0;
}

int svnicctl_parse_burst(const char *s, uint32_t *bytes)
{
	size_t n = strlen(s);
	uint64_t unit = 1, v;

	if (n > 0 && (s[n - 1] == 'K' || s[n - 1] == 'k' || s[n - 1] == 'M')) {
		unit = s[n - 1] == 'M' ? 1048576u : 1024u;
		n--;
	}
	if (digits(s, n, 8, &v) < 0 || v * unit < 1u || v * unit > SVNIC_TXS_BURST_MAX)
		return -EINVAL;
	*bytes = (uint32_t)(v * unit);
	return 0;
}

int svnicctl_parse_weight(const char *s, uint16_t *weight)
{
	uint64_t v;

	if (digits(s, strlen(s), 3, &v) < 0 || v < 1u || v > SVNIC_TXS_WEIGHT_MAX)
		return -EINVAL;
	*weight = (uint16_t)v;
	return 0;
}

char *svnicctl_rate_str(uint64_t bps, char *buf, size_t len)
{
	static const char units[] = "TGMk";
	uint64_t scale = 1000000000000ull;

	if (bps == 0) {
		snprintf(buf, len, "unlimited");
		return buf;
	}
	for (size_t i = 0; i < 4; i++, scale /= 1000u) {
		if (bps < scale)
			continue;
		/* up to three decimals, trailing zeros dropped */
		uint64_t milli = bps / (scale / 1000u);
		char num[32];
		snprintf(num, sizeof(num), "%" PRIu64 ".%03u", milli / 1000u, (unsigned)(milli % 1000u));
		size_t k = strlen(num);
		while (num[k - 1] == '0')
			num[--k] = '\0';
		if (num[k - 1] == '.')
			num[--k] = '\0';
		snprintf(buf, len, "%s%c", num, units[i]);
		return buf;
	}
	snprintf(buf, len, "%" PRIu64, bps);
	return buf;
}
