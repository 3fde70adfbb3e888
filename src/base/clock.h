/* clock.h — the monotonic clock and short sleeps the waiting loops use. */
#ifndef DISCBURN_CLOCK_H
#define DISCBURN_CLOCK_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <time.h>

/* Seconds on the monotonic clock (for durations, never for dates). */
static inline double clock_now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static inline uint64_t clock_now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

static inline void clock_sleep_ms(unsigned ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000L };
	nanosleep(&ts, NULL);
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
