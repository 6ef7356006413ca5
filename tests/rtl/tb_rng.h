/* SPDX-License-Identifier: MIT */
/*
 * The RTL testbenches' random numbers: xorshift64*, one stream per program,
 * seeded by the test (rng_state = seed), so a failing run repeats from its
 * seed.
 */
#ifndef TESTS_RTL_TB_RNG_H
#define TESTS_RTL_TB_RNG_H

#include <stdint.h>

static uint64_t rng_state;

static inline uint64_t rnd(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545f4914f6cdd1dull;
}

/* 0 .. n-1 */
static inline unsigned rnd_below(unsigned n)
{
	return (unsigned)(rnd() % n);
}

/* lo .. hi, both included */
static inline unsigned rnd_range(unsigned lo, unsigned hi)
{
	return lo + rnd_below(hi - lo + 1u);
}

/* true pct times in 100 */
static inline int chance(unsigned pct)
{
	return rnd_below(100) < pct;
}

#endif
