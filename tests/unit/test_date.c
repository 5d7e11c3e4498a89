/* test_date.c -- dates as feeds and Moroccan pages write them. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "common/timeutil.h"
#include "parser/date.h"

typedef struct dcase {
    const char *in;   /* text */
    int dflt;         /* default offset, minutes */
    const char *utc;  /* expected instant in UTC, or NULL for "no date" */
} dcase;

static const dcase cases[] = {
    /* ISO 8601 / RFC 3339 */
    {"2024-09-21T09:42:00Z", 0, "2024-09-21T09:42:00Z"},
    {"2024-09-21T10:42:00+01:00", 0, "2024-09-21T09:42:00Z"},
    {"2024-09-21T10:42:00.123+0100", 0, "2024-09-21T09:42:00Z"},
    {"2024-09-21 10:42", 60, "2024-09-21T09:42:00Z"},
    {"2024-09-21", 60, "2024-09-20T23:00:00Z"},
    {"20240921T094200Z", 0, "2024-09-21T09:42:00Z"},
    /* RFC 822 and its wild variants */
    {"Sat, 21 Sep 2024 09:42:00 GMT", 0, "2024-09-21T09:42:00Z"},
    {"Sat, 21 Sep 2024 10:42:00 +0100", 0, "2024-09-21T09:42:00Z"},
    {"Mon, 21 Sep 2024 09:42:00 +0000", 0, "2024-09-21T09:42:00Z"}, /* wrong weekday */
    {"21 Sep 2024 09:42 GMT", 0, "2024-09-21T09:42:00Z"},            /* no weekday, no seconds */
    {"Sat, 21 Sep 24 09:42:00 GMT", 0, "2024-09-21T09:42:00Z"},       /* 2-digit year */
    {"Sat,  21   Sep 2024   09:42:00   EDT", 0, "2024-09-21T13:42:00Z"},
    {"Sat, 21 Sep 2024 09:42:00 CEST", 0, "2024-09-21T07:42:00Z"},
    {"Sat, 21 Sep 2024 09:42:00", 0, "2024-09-21T09:42:00Z"},         /* no zone: default */
    {"Sat, 21 September 2024 09:42:00 +01:00", 0, "2024-09-21T08:42:00Z"},
    /* Arabic date lines with Maghrebi and Eastern month names */
    {"الجمعة 02 أكتوبر 2020 - 16:00", 60, "2020-10-02T15:00:00Z"},
    {"السبت 21 شتنبر 2024 - 10:42", 60, "2024-09-21T09:42:00Z"},
    {"21 سبتمبر 2024", 60, "2024-09-20T23:00:00Z"},
    {"الخميس 15 غشت 2024 | 08:30", 60, "2024-08-15T07:30:00Z"},
    {"15 أغسطس 2024", 60, "2024-08-14T23:00:00Z"},
    {"03 يوليوز 2023 على الساعة 14:05", 60, "2023-07-03T13:05:00Z"},
    {"1 ماي 2024", 60, "2024-04-30T23:00:00Z"},
    {"الأحد 10 نونبر 2024 - 9:05", 60, "2024-11-10T08:05:00Z"},
    {"الثلاثاء 24 دجنبر 2024", 60, "2024-12-23T23:00:00Z"},
    {"٢١ شتنبر ٢٠٢٤ - ١٠:٤٢", 60, "2024-09-21T09:42:00Z"},            /* Arabic-Indic digits */
    {"نشر في 12 كانون الثاني 2024", 60, "2024-01-11T23:00:00Z"},       /* Levantine */
    {"5 جوان 2024 - 08:00", 60, "2024-06-05T07:00:00Z"},              /* Algerian */
    {"21 شتنبر 2024 - 10:42 مساء", 60, "2024-09-21T21:42:00Z"},
    /* French */
    {"Le 07/04/2025 à 12h18", 60, "2025-04-07T11:18:00Z"},
    {"23.04.2025 - 18:37", 60, "2025-04-23T17:37:00Z"},
    {"7 avril 2025 à 12h18", 60, "2025-04-07T11:18:00Z"},
    {"Publié le samedi 21 septembre 2024 à 10h42", 60, "2024-09-21T09:42:00Z"},
    {"Mise à jour: 07/04/2025 12:18", 60, "2025-04-07T11:18:00Z"},
    {"Le 12 octobre 2023 à 15h38", 60, "2023-10-12T14:38:00Z"},
    {"1er août 2024", 60, "2024-07-31T23:00:00Z"},
    {"12 févr. 2024 10:00", 60, "2024-02-12T09:00:00Z"},
    {"Sept. 3, 2024, 5:10 PM", 0, "2024-09-03T17:10:00Z"},
    /* Not dates */
    {"", 0, NULL},
    {"demain", 0, NULL},
    {"2024", 0, NULL},
    {"32/13/2024", 0, NULL},
    {"31 فبراير 2024", 60, NULL},
    {"1970-01-01", 0, NULL},
    {"Sat, 21 Sep 1802 09:42:00 GMT", 0, NULL},
};

/* Visible date lines of news pages (the extractor's part of the parser). */
static const dcase visible[] = {
    {"الخميس، 3 أكتوبر 2024، 10:00 صباحًا", 60, "2024-10-03T09:00:00Z"},
    {"نشر في : 2 أكتوبر 2020 - 4:00 مساءً", 60, "2020-10-02T15:00:00Z"},
    {"le 1er octobre 2024 à 9 h 30", 60, "2024-10-01T08:30:00Z"},
    {"Publié le 07 Avr. 2025 à 12H18", 60, "2025-04-07T11:18:00Z"},
    {"Mardi, 24 Décembre 2024 09:15", 60, "2024-12-24T08:15:00Z"},
    {"الأربعاء 2 دجنبر 2020 16h30", 60, "2020-12-02T15:30:00Z"},
    {"12 يوليو، 2020", 60, "2020-07-11T23:00:00Z"},
    {"2 أكتوبر 2020م", 60, "2020-10-01T23:00:00Z"},
    /* a time before the date: the date's "-" is not a zone */
    {"16h30 - 02/12/2020", 60, "2020-12-02T15:30:00Z"},
    {"١٦:٠٠ - ٠٢ أكتوبر ٢٠٢٠", 60, "2020-10-02T15:00:00Z"},
    {"10:42 GMT+1 - 21/09/2024", 60, "2024-09-21T09:42:00Z"},
    /* a Hijri date next to the Gregorian one */
    {"الجمعة 17 صفر 1442 / 2 أكتوبر 2020", 60, "2020-10-01T23:00:00Z"},
    /* two names for one month */
    {"2 نيسان (أبريل) 2021", 60, "2021-04-01T23:00:00Z"},
    {"2 أبريل/نيسان 2021", 60, "2021-04-01T23:00:00Z"},
    /* Spanish and Portuguese */
    {"Tánger, 3 de octubre de 2024 - 10:00", 60, "2024-10-03T09:00:00Z"},
    {"sexta-feira, 22 de outubro de 2010 às 20:13", 60, "2010-10-22T19:13:00Z"},
    /* relative dates are not dates */
    {"منذ 3 ساعات", 60, NULL},
    {"il y a 2 heures", 60, NULL},
};

static int run_table(const dcase *t, size_t n)
{
    int bad = 0;
    for (size_t i = 0; i < n; i++) {
        dt_result r;
        bool ok = dt_parse(t[i].in, t[i].dflt, &r);
        char got[AK_ISO_MAX] = "";
        if (ok) ak_time_iso(r.t, got);
        const char *want = t[i].utc;
        if ((!want && ok) || (want && (!ok || strcmp(got, want) != 0))) {
            print_error("dt_parse(\"%s\") = %s, want %s\n", t[i].in, ok ? got : "no date",
                        want ? want : "no date");
            bad++;
        }
    }
    return bad;
}

static void test_visible_lines(void **state)
{
    (void)state;
    assert_int_equal(run_table(visible, sizeof visible / sizeof visible[0]), 0);
}

static void test_table(void **state)
{
    (void)state;
    int bad = 0;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        dt_result r;
        bool ok = dt_parse(cases[i].in, cases[i].dflt, &r);
        char got[AK_ISO_MAX] = "";
        if (ok) ak_time_iso(r.t, got);
        const char *want = cases[i].utc;
        if ((!want && ok) || (want && (!ok || strcmp(got, want) != 0))) {
            print_error("dt_parse(\"%s\") = %s, want %s\n", cases[i].in, ok ? got : "no date",
                        want ? want : "no date");
            bad++;
        }
    }
    assert_int_equal(bad, 0);
}

/* ---- feed dates (issue 3): RFC 822/1123 and ISO 8601 as feeds write them.
 * Feeds are read with a default offset of 0, as RFC 822 readers do. */
static const dcase feed_cases[] = {
    {"Sat, 21 Sep 2024 09:42:00 GMT", 0, "2024-09-21T09:42:00Z"},
    {"Sat, 21 Sep 2024 10:42:00 +0100", 0, "2024-09-21T09:42:00Z"},
    {"Sat,21 Sep 2024 09:42:00 GMT", 0, "2024-09-21T09:42:00Z"},             /* no space */
    {"Sat, 1 Sep 2024 9:42:00 GMT", 0, "2024-09-01T09:42:00Z"},              /* 1-digit day, hour */
    {"Sat, 21 Sep 99 09:42:00 GMT", 0, "1999-09-21T09:42:00Z"},              /* 2-digit year, 1900s */
    {"SAT, 21 SEP 2024 09:42:00 gmt", 0, "2024-09-21T09:42:00Z"},            /* case */
    {"Saturday, 21 Sept 2024 09:42:00 UT", 0, "2024-09-21T09:42:00Z"},       /* long names, UT */
    {"Fri, 21 Sep 2024 09:42:00 Z", 0, "2024-09-21T09:42:00Z"},              /* wrong weekday, Z */
    {"Sat, 21 Sep 2024 09:42:00 PDT", 0, "2024-09-21T16:42:00Z"},
    {"Sat, 21 Sep 2024 09:42:00 -0500", 0, "2024-09-21T14:42:00Z"},
    {"Sat, 21 Sep 2024 09:42:00 +01:00", 0, "2024-09-21T08:42:00Z"},         /* colon in offset */
    {"Sat, 21 Sep 2024 09:42:00 GMT+01:00", 0, "2024-09-21T08:42:00Z"},
    {"Sat, 21 Sep 2024 09:42:00 WEST", 0, "2024-09-21T08:42:00Z"},
    {"Sat, 21 Sep 2024 09:42:00 MSK", 0, "2024-09-21T06:42:00Z"},
    {"Sat, 21 Sep 2024 09:42:00.123 GMT", 0, "2024-09-21T09:42:00Z"},        /* fractions */
    {"Sat, 21-Sep-2024 09:42:00 GMT", 0, "2024-09-21T09:42:00Z"},            /* RFC 850-ish */
    {"Sat, 21 Sep 2024 09:42:00 +0100 (CET)", 0, "2024-09-21T08:42:00Z"},    /* comment */
    {"Sat, 21 Sep 2024 24:00:00 GMT", 0, "2024-09-22T00:00:00Z"},            /* 24:00 */
    {"Sat, 21 Sep 2024 9:42 pm GMT", 0, "2024-09-21T21:42:00Z"},
    {"Sat Sep 21 09:42:00 2024", 0, "2024-09-21T09:42:00Z"},                 /* asctime */
    {"Sat Sep 21 09:42:00 UTC 2024", 0, "2024-09-21T09:42:00Z"},             /* date(1) */
    {"Sat Sep 21 10:42:00 +0100 2024", 0, "2024-09-21T09:42:00Z"},
    {"sam., 21 sept. 2024 09:42:00 +0200", 0, "2024-09-21T07:42:00Z"},       /* French locale */
    {"السبت، 21 سبتمبر 2024 09:42:00 +0000", 0, "2024-09-21T09:42:00Z"},    /* Arabic locale */
    {"2024-09-21T10:42:00+01", 0, "2024-09-21T09:42:00Z"},                   /* offset hours only */
    {"2024-09-21T09:42Z", 0, "2024-09-21T09:42:00Z"},                        /* no seconds */
    {"2024-09-21T09:42:00.123456Z", 0, "2024-09-21T09:42:00Z"},
    {"2024-09-21 10:42:00 +0100", 0, "2024-09-21T09:42:00Z"},
    {"2024-09-21T10:42:00 +01:00", 0, "2024-09-21T09:42:00Z"},
    {"  2024-09-21T09:42:00Z  ", 0, "2024-09-21T09:42:00Z"},
    {"2024-09", 0, "2024-09-01T00:00:00Z"},                                  /* W3C-DTF */
    {"2024-13", 0, NULL},
    {"Sat, 31 Sep 2024 09:42:00 GMT", 0, NULL},                              /* no such day */
    {"Sat, 21 Foo 2024 09:42:00 GMT", 0, NULL},
    {"Thu, 01 Jan 1970 00:00:00 +0000", 0, NULL},                            /* never 1970 */
    {"0000-00-00 00:00:00", 0, NULL},
};

static void test_feed_table(void **state)
{
    (void)state;
    int bad = 0;
    for (size_t i = 0; i < sizeof feed_cases / sizeof feed_cases[0]; i++) {
        dt_result r;
        bool ok = dt_parse(feed_cases[i].in, feed_cases[i].dflt, &r);
        char got[AK_ISO_MAX] = "";
        if (ok) ak_time_iso(r.t, got);
        const char *want = feed_cases[i].utc;
        if ((!want && ok) || (want && (!ok || strcmp(got, want) != 0))) {
            print_error("dt_parse(\"%s\") = %s, want %s\n", feed_cases[i].in, ok ? got : "no date",
                        want ? want : "no date");
            bad++;
        }
    }
    assert_int_equal(bad, 0);
}

static void test_flags(void **state)
{
    (void)state;
    dt_result r;
    assert_true(dt_parse("21 شتنبر 2024", 60, &r));
    assert_false(r.has_time);
    assert_false(r.has_zone);
    assert_int_equal(r.off_min, 60);
    assert_true(dt_parse("2024-09-21T10:42:00+01:00", 0, &r));
    assert_true(r.has_time);
    assert_true(r.has_zone);
    assert_int_equal(r.off_min, 60);
}

static void test_month_names(void **state)
{
    (void)state;
    static const char *const ar[] = {"يناير", "فبراير", "مارس", "أبريل", "ماي", "يونيو",
                                     "يوليوز", "غشت", "شتنبر", "أكتوبر", "نونبر", "دجنبر"};
    for (int i = 0; i < 12; i++) assert_int_equal(dt_month_name(ar[i], (int)strlen(ar[i])), i + 1);
    assert_int_equal(dt_month_name("Février", 8), 2);
    assert_int_equal(dt_month_name("AOÛT", 5), 8);
    assert_int_equal(dt_month_name("xyz", 3), 0);
}

static void test_iso_roundtrip(void **state)
{
    (void)state;
    char buf[AK_ISO_MAX];
    ak_time_iso_offset(ak_utc_seconds(2024, 9, 21, 9, 42, 0), 60, buf);
    assert_string_equal(buf, "2024-09-21T10:42:00+01:00");
    ak_time_iso(ak_utc_seconds(1999, 12, 31, 23, 59, 59), buf);
    assert_string_equal(buf, "1999-12-31T23:59:59Z");
    ak_time_iso(AK_TIME_NONE, buf);
    assert_string_equal(buf, "");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_table),
        cmocka_unit_test(test_visible_lines),
        cmocka_unit_test(test_feed_table),
        cmocka_unit_test(test_flags),
        cmocka_unit_test(test_month_names),
        cmocka_unit_test(test_iso_roundtrip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
