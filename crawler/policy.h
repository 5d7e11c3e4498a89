/* policy.h -- when to come back: Retry-After, Cache-Control and back-off.
 *
 * Why this exists: a crawler run every 15 minutes must remember between
 * runs what servers told it ("not before 10:00", "fresh for an hour") and
 * how often a feed failed, or it hammers hosts that are down and gets
 * blocked.  These are the pure rules (header parsing, the back-off curve);
 * the fetcher applies them within a run and main stores them across runs.
 */
#ifndef AK_POLICY_H
#define AK_POLICY_H

#include <stdint.h>

/* Seconds to wait from a Retry-After value: delta-seconds ("120") or an
 * HTTP-date ("Wed, 21 Oct 2015 07:28:00 GMT", also RFC 850 and asctime
 * forms), relative to now (epoch seconds).  0 for a date in the past; -1
 * when absent (NULL) or unparseable.  Capped at 30 days. */
long cr_parse_retry_after(const char *value, int64_t now);

/* max-age of a Cache-Control value in seconds (s-maxage is for shared
 * caches and ignored); 0 for no-cache or no-store; -1 when absent or
 * unparseable. */
long cr_parse_max_age(const char *cache_control);

/* Back-off before retrying a feed after its n-th consecutive failure
 * (n >= 1): base_s * 2^(n-1), capped at max_s, then scaled into
 * [1/2, 1] of that by jitter01 (a uniform random number in [0, 1)), so
 * that feeds failing together spread out.  0 when n < 1. */
int64_t cr_backoff_s(int n, int64_t base_s, int64_t max_s, double jitter01);

#endif
