/* SPDX-License-Identifier: MIT */
/* svnicctl's TX scheduling options: parsing and printing rates and sizes. */
#ifndef SVNICCTL_QOS_H
#define SVNICCTL_QOS_H

#include <stddef.h>
#include <stdint.h>

/* Bits per second: a whole number or a decimal with an SI suffix (k or K,
 * M, G, T: powers of 1000), e.g. 100M, 2.5G; 0 is unlimited. The result
 * must be a whole number of bit/s. 0 or -EINVAL (syntax; the range is
 * svnic_tx_rate_check's). */
int svnicctl_parse_rate(const char *s, uint64_t *bps);

/* Bytes: a whole number with an optional K or M suffix (1024, 1048576),
 * 1..SVNIC_TXS_BURST_MAX. 0 or -EINVAL. */
int svnicctl_parse_burst(const char *s, uint32_t *bytes);

/* A weight, 1..SVNIC_TXS_WEIGHT_MAX. 0 or -EINVAL. */
int svnicctl_parse_weight(const char *s, uint16_t *weight);

/* A rate as an operator writes it ("100M", "2.5G", "unlimited" for 0)
 * into buf; returns buf. */
char *svnicctl_rate_str(uint64_t bps, char *buf, size_t len);

#endif
