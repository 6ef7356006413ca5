/* SPDX-License-Identifier: MIT */
/*
 * The RTL testbenches' random numbers: xorshift64*, one stream per program,
 * seeded by the test (rng_seed), so a failing run repeats from its seed.
 */
#ifndef TESTS_RTL_TB_RNG_H
#define TESTS_RTL_TB_RNG_H

#include <stdint.h>

static uint64_t rng_state;

/* Any seed, 0 included, gives a non-zero state. */
static inline void rng_seed(uint64_t seed)
{
	rng_state = seed * 0x9e3779b97f4a7c15ull + 1;
}

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
