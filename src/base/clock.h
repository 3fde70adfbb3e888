/* SPDX-License-Identifier: GPL-3.0-or-later */
/* clock.h — the monotonic clock and short sleeps the waiting loops use. */
#ifndef DISCBURN_CLOCK_H
#define DISCBURN_CLOCK_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#ifdef DISCBURN_FAKE_CLOCK
/* A build for tests/fuzz: time is virtual and sleeping only advances it, so
 * a drive that keeps answering BUSY costs no real time. The harness defines
 * these two. */
uint64_t discburn_fake_now_ns(void);
void discburn_fake_sleep_ns(uint64_t ns);
#endif

/* Seconds on the monotonic clock (for durations, never for dates). */
static inline double clock_now_s(void)
{
#ifdef DISCBURN_FAKE_CLOCK
	return (double)discburn_fake_now_ns() / 1e9;
#else
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
#endif
}

static inline uint64_t clock_now_ms(void)
{
#ifdef DISCBURN_FAKE_CLOCK
	return discburn_fake_now_ns() / 1000000;
#else
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
#endif
}

static inline void clock_sleep_ms(unsigned ms)
{
#ifdef DISCBURN_FAKE_CLOCK
	discburn_fake_sleep_ns((uint64_t)ms * 1000000);
#else
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000L };
	nanosleep(&ts, NULL);
#endif
}

/* Sleep ms, or less when *cancel becomes nonzero (looked at every 20 ms), so
 * that no waiting loop keeps Ctrl-C waiting. Returns true when cancelled.
 * cancel may be NULL. */
static inline bool clock_sleep_cancel_ms(unsigned ms, const atomic_int *cancel)
{
	enum { SLICE_MS = 20 };
	for (;;) {
		if (cancel && atomic_load(cancel))
			return true;
		if (!ms)
			return false;
		unsigned n = ms < SLICE_MS ? ms : SLICE_MS;
		clock_sleep_ms(n);
		ms -= n;
	}
}

#endif
