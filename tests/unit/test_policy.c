/* test_policy.c -- Retry-After, Cache-Control max-age, back-off, and the
 * politeness settings of the config. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/timeutil.h"
#include "config/config.h"
#include "crawler/policy.h"

static void test_retry_after(void **state)
{
    (void)state;
    int64_t now = ak_utc_seconds(2015, 10, 21, 7, 28, 0);
    assert_int_equal(cr_parse_retry_after("120", now), 120);
    assert_int_equal(cr_parse_retry_after("  0 ", now), 0);
    /* The three HTTP-date forms of RFC 9110 5.6.7. */
    assert_int_equal(cr_parse_retry_after("Wed, 21 Oct 2015 07:30:00 GMT", now), 120);
    assert_int_equal(cr_parse_retry_after("Wednesday, 21-Oct-15 07:29:00 GMT", now), 60);
    assert_int_equal(cr_parse_retry_after("Wed Oct 21 07:28:30 2015", now), 30);
    /* A date in the past means "now". */
    assert_int_equal(cr_parse_retry_after("Wed, 21 Oct 2015 07:00:00 GMT", now), 0);
    /* Absent or garbage: -1; negative numbers are not delta-seconds. */
    assert_int_equal(cr_parse_retry_after(NULL, now), -1);
    assert_int_equal(cr_parse_retry_after("", now), -1);
    assert_int_equal(cr_parse_retry_after("soon", now), -1);
    assert_int_equal(cr_parse_retry_after("-5", now), -1);
    assert_int_equal(cr_parse_retry_after("12abc", now), -1);
    /* Absurd values are capped at 30 days. */
    assert_int_equal(cr_parse_retry_after("99999999999999999999", now), 30L * 86400);
    assert_int_equal(cr_parse_retry_after("Fri, 21 Oct 2033 07:28:00 GMT", now), 30L * 86400);
}

static void test_max_age(void **state)
{
    (void)state;
    assert_int_equal(cr_parse_max_age("max-age=3600"), 3600);
    assert_int_equal(cr_parse_max_age("public, max-age=60, must-revalidate"), 60);
    assert_int_equal(cr_parse_max_age("Max-Age = 90"), 90);
    assert_int_equal(cr_parse_max_age("max-age=\"30\""), 30);
    assert_int_equal(cr_parse_max_age("no-cache"), 0);
    assert_int_equal(cr_parse_max_age("max-age=600, no-store"), 0);
    assert_int_equal(cr_parse_max_age("s-maxage=100"), -1);
    assert_int_equal(cr_parse_max_age("public"), -1);
    assert_int_equal(cr_parse_max_age("max-age=abc"), -1);
    assert_int_equal(cr_parse_max_age("max-age="), -1);
    assert_int_equal(cr_parse_max_age(""), -1);
    assert_int_equal(cr_parse_max_age(NULL), -1);
    assert_int_equal(cr_parse_max_age(",,=,max-age=5"), 5);
}

static void test_backoff(void **state)
{
    (void)state;
    /* base * 2^(n-1), capped, scaled into [1/2, 1] by the jitter. */
    assert_int_equal(cr_backoff_s(1, 600, 86400, 0.0), 300);
    assert_int_equal(cr_backoff_s(1, 600, 86400, 0.5), 450);
    assert_true(cr_backoff_s(1, 600, 86400, 0.999999) <= 600);
    assert_int_equal(cr_backoff_s(3, 600, 86400, 0.0), 1200);
    assert_int_equal(cr_backoff_s(20, 600, 86400, 0.0), 43200);
    assert_true(cr_backoff_s(1000, 600, 86400, 0.99) <= 86400);
    assert_int_equal(cr_backoff_s(0, 600, 86400, 0.5), 0);
    assert_int_equal(cr_backoff_s(1, 0, 86400, 0.5), 0);
    /* Out-of-range jitter is clamped. */
    assert_int_equal(cr_backoff_s(1, 600, 86400, -3), 300);
    assert_true(cr_backoff_s(1, 600, 86400, 7) <= 600);
    /* Successive failures never wait less than the one before at equal jitter. */
    for (int n = 1; n < 40; n++)
        assert_true(cr_backoff_s(n + 1, 600, 86400, 0.3) >= cr_backoff_s(n, 600, 86400, 0.3));
}

static char *write_tmp(const char *text)
{
    static char path[64];
    strcpy(path, "/tmp/akhbar-policy-XXXXXX");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *fp = fdopen(fd, "w");
    fputs(text, fp);
    fclose(fp);
    return path;
}

static void test_config(void **state)
{
    (void)state;
    cf_config *c = cf_new();
    assert_int_equal(c->max_robots_bytes, 512 * 1024);
    assert_int_equal(c->max_retry_wait_ms, 30000);
    assert_int_equal(c->retire_after, 3);
    assert_int_equal(c->backoff_base_ms, 600000);
    assert_int_equal(c->backoff_max_ms, 86400000);
    assert_int_equal(c->max_cache_wait_ms, 3600000);
    char *p = write_tmp("[crawl]\nmax_robots_size = 1M\nmax_retry_wait = 5s\nretire_after = 0\n"
                        "backoff_base = 1m\nbackoff_max = 2h\nmax_cache_wait = 30m\n"
                        "[site Example.COM]\ninsecure_tls = yes\ndelay = 3s\n[feed f]\nurl = https://example.com/feed\n");
    char *err = NULL;
    assert_int_equal(cf_read(c, p, &err), 0);
    unlink(p);
    assert_int_equal(c->max_robots_bytes, 1 << 20);
    assert_int_equal(c->max_retry_wait_ms, 5000);
    assert_int_equal(c->retire_after, 0);
    assert_int_equal(c->backoff_base_ms, 60000);
    assert_int_equal(c->backoff_max_ms, 7200000);
    assert_int_equal(c->max_cache_wait_ms, 1800000);
    const cf_site *s = cf_site_for(c, "example.com");
    assert_non_null(s);
    assert_true(s->insecure_tls);
    assert_int_equal(s->delay_ms, 3000);
    assert_int_equal(s->line, 8);
    cf_free(c);

    /* The RFC's floor for the robots.txt parse limit is enforced. */
    c = cf_new();
    p = write_tmp("[crawl]\nmax_robots_size = 100k\n");
    assert_int_equal(cf_read(c, p, &err), -1);
    unlink(p);
    assert_non_null(strstr(err, ":2: max_robots_size must be from 500k"));
    free(err);
    cf_free(c);
    c = cf_new();
    p = write_tmp("[crawl]\n[site x]\ninsecure_tls = perhaps\n");
    err = NULL;
    assert_int_equal(cf_read(c, p, &err), -1);
    unlink(p);
    assert_non_null(strstr(err, ":3: expected yes or no"));
    free(err);
    cf_free(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_retry_after),
        cmocka_unit_test(test_max_age),
        cmocka_unit_test(test_backoff),
        cmocka_unit_test(test_config),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
