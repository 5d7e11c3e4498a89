/* timeutil.h -- instants, ISO 8601 text and clocks.
 *
 * Why this exists: akhbar keeps every instant as seconds since the Unix
 * epoch (UTC) plus, where the source gave one, its UTC offset in minutes;
 * it prints them as ISO 8601.  The CLI (--since), the store and the parsers
 * share these conversions.  Richer formats (RFC 822, Arabic and French
 * date lines) live in parser/date.h.
 */
#ifndef AK_TIMEUTIL_H
#define AK_TIMEUTIL_H

#include <stdbool.h>
#include <stdint.h>

#define AK_TIME_NONE INT64_MIN  /* "no date" (never 1970) */
#define AK_ISO_MAX 32           /* buffer size for the formatters below */

/* Days since 1970-01-01 of a proleptic Gregorian date (any year). */
int64_t ak_days_from_civil(int64_t y, unsigned m, unsigned d);

/* Seconds since the epoch of a UTC calendar time; no range checks. */
int64_t ak_utc_seconds(int y, int mon, int day, int h, int min, int s);

/* "2024-09-21T09:42:00Z"; "" for AK_TIME_NONE. */
void ak_time_iso(int64_t t, char out[AK_ISO_MAX]);

/* The same instant in local time at offset off_min: "2024-09-21T10:42:00+01:00". */
void ak_time_iso_offset(int64_t t, int off_min, char out[AK_ISO_MAX]);

/* Parses ISO 8601 / RFC 3339: "2024-09-21", "2024-09-21T09:42",
 * "2024-09-21 09:42:00.123+01:00", "20240921T094200Z".  A missing offset
 * means default_off_min.  *has_time is set to false for a date alone.
 * Returns false (and leaves *t alone) when s is not such a date or is out of
 * range (years 1900-2200). */
bool ak_time_parse_iso(const char *s, int default_off_min, int64_t *t, int *off_min,
                       bool *has_time);

int64_t ak_now(void);        /* wall clock, seconds since the epoch */
int64_t ak_mono_ms(void);    /* monotonic clock, milliseconds */
double ak_cpu_process(void); /* CPU seconds used by the process, all threads */
double ak_cpu_thread(void);  /* CPU seconds used by the calling thread */

#endif
