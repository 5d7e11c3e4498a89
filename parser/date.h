/* date.h -- dates as feeds and news pages write them.
 *
 * Why this exists: a corpus is only as useful as its dates.  Feeds use RFC
 * 822 in every broken variant and ISO 8601; Moroccan pages print dates in
 * Arabic with Maghrebi month names ("الجمعة 02 أكتوبر 2020 - 16:00",
 * "شتنبر", "غشت", "يوليوز") or French ("Le 07/04/2025 à 12h18").  One
 * tolerant parser serves the feed parser and the article extractor.  An
 * unparseable date is reported as such, never as 1970.
 */
#ifndef AK_DATE_H
#define AK_DATE_H

#include <stdbool.h>
#include <stdint.h>

typedef struct dt_result {
    int64_t t;      /* instant, seconds since the epoch (UTC) */
    int off_min;    /* UTC offset of the text (or the default), minutes */
    bool has_time;  /* false when only a day was given (t = local midnight) */
    bool has_zone;  /* true when the text carried its own offset */
} dt_result;

/* Parses s.  default_off_min is the offset assumed when the text names none
 * (0 for feeds, as RFC 822 readers do; +60 for Moroccan pages).  Accepts:
 *  - ISO 8601 / RFC 3339, with or without offset or seconds;
 *  - RFC 822/1123 and variants: optional or wrong weekday, 2- or 4-digit
 *    year, missing seconds, named (GMT, EST, CET...) or numeric zones;
 *  - day-month-year text with month names in Arabic (Maghrebi, Eastern,
 *    Levantine and Algerian forms, or two names: "نيسان (أبريل)"), French,
 *    English, Spanish and Portuguese, a time before or after the date, Arabic-Indic
 *    digits, "12h18", "à", "-", "|", صباحا/مساء, AM/PM;
 *  - numeric dates, day first ("07/04/2025", "23.04.2025") or year first.
 * Years outside 1990-2100 are refused.  Returns false when nothing usable
 * is found. */
bool dt_parse(const char *s, int default_off_min, dt_result *out);

/* Month number (1-12) of a month name in Arabic, French or English
 * (case- and accent-insensitive, Arabic alef forms folded), or 0. */
int dt_month_name(const char *word, int len);

#endif
