/* test_config.c -- the INI config: defaults, values, errors with lines. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config/config.h"

static char path[64];

static void write_conf(const char *text)
{
    strcpy(path, "/tmp/akhbar-test-XXXXXX");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
    close(fd);
}

static char *read_err(const char *text)
{
    write_conf(text);
    cf_config *c = cf_new();
    char *err = NULL;
    int rc = cf_read(c, path, &err);
    cf_free(c);
    unlink(path);
    assert_int_equal(rc, -1);
    assert_non_null(err);
    return err;
}

static void test_defaults(void **state)
{
    (void)state;
    cf_config *c = cf_new();
    assert_string_equal(c->db, "akhbar.db");
    assert_int_equal(c->max_transfers, 32);
    assert_int_equal(c->max_per_host, 2);
    assert_int_equal(c->delay_ms, 1000);
    assert_int_equal(c->max_redirects, 5);
    assert_int_equal(c->threads, 0);
    assert_false(c->sync_full);
    assert_int_equal(c->nfeeds, 0);
    char *err = NULL;
    assert_int_equal(cf_validate(c, &err), -1);
    assert_non_null(strstr(err, "no feeds"));
    free(err);
    cf_free(c);
}

static void test_full(void **state)
{
    (void)state;
    write_conf("# comment\n"
               "[crawl]\n"
               "db = /var/lib/akhbar/akhbar.db\n"
               "delay = 1.5s   ; inline comment\n"
               "timeout = 2m\n"
               "max_page_size = 4M\n"
               "max_per_host = 3\n"
               "from = ops@example.org\n"
               "threads = 3\n"
               "sync = FULL\n"
               "\n"
               "[feed hespress-ar]\n"
               "url = https://www.hespress.com/feed\n"
               "site = hespress.com\n"
               "lang = ar\n"
               "[site www.Hespress.com]\n"
               "delay = 5s\n"
               "body_xpath = //div[@class='article-content']\n"
               "date_xpath = //span[@class='date-post']\n"
               "[feed le360]\n"
               "url = https://ar.le360.ma/arc/outboundfeeds/rss/?outputType=xml\n");
    cf_config *c = cf_new();
    char *err = NULL;
    int rc = cf_read(c, path, &err);
    unlink(path);
    if (rc) fail_msg("%s", err);
    assert_string_equal(c->db, "/var/lib/akhbar/akhbar.db");
    assert_int_equal(c->delay_ms, 1500);
    assert_int_equal(c->timeout_ms, 120000);
    assert_int_equal(c->max_page_bytes, 4 << 20);
    assert_int_equal(c->max_per_host, 3);
    assert_string_equal(c->from, "ops@example.org");
    assert_int_equal(c->threads, 3);
    assert_true(c->sync_full);
    assert_int_equal(c->nfeeds, 2);
    assert_string_equal(c->feeds[0].name, "hespress-ar");
    assert_string_equal(c->feeds[0].lang, "ar");
    assert_int_equal(c->feeds[0].line, 12);
    assert_string_equal(c->feeds[1].url, "https://ar.le360.ma/arc/outboundfeeds/rss/?outputType=xml");
    assert_null(c->feeds[1].site);
    const cf_site *s = cf_site_for(c, "www.hespress.com");
    assert_non_null(s);
    assert_int_equal(s->delay_ms, 5000);
    assert_string_equal(s->body_xpath, "//div[@class='article-content']");
    assert_string_equal(s->date_xpath, "//span[@class='date-post']");
    assert_null(s->title_xpath);
    assert_null(s->author_xpath);
    assert_null(cf_site_for(c, "le360.ma"));
    assert_int_equal(cf_validate(c, &err), 0);
    cf_free(c);
}

static void test_errors(void **state)
{
    (void)state;
    struct { const char *text, *want; } c[] = {
        {"[crawl]\ncolour = blue\n", ":2: unknown setting 'colour' in [crawl]"},
        {"[crawl]\ndelay = soon\n", ":2: expected a duration"},
        {"[crawl]\nmax_per_host = 0\n", ":2: expected a whole number from 1 to 64"},
        {"[crawl]\nmax_feed_size = lots\n", ":2: expected a size"},
        {"[crawl]\nsync = sometimes\n", ":2: expected normal or full, got 'sometimes'"},
        {"[crawl]\nthreads = 1000\n", ":2: expected a whole number from 0 to 256"},
        {"delay = 1\n", ":1: setting 'delay' outside any section"},
        {"[crawl]\n\n[feed x]\nsite = x\n", ":3: [feed x] has no url"},
        {"[feed x]\nurl = ftp://x/feed\n", ":1: [feed x]: url must start with http"},
        {"[feed x]\nurl = https://x\nmood = good\n", ":3: unknown setting 'mood' in [feed x]"},
        {"[weird]\na = b\n", ":2: unknown section [weird]"},
        {"[crawl]\nthis line has no equals sign\n", ":2: syntax error"},
        {"[site x.ma]\nbody_xpath = //div[\n", ":2: invalid XPath expression '//div['"},
    };
    for (size_t i = 0; i < sizeof c / sizeof c[0]; i++) {
        char *err = read_err(c[i].text);
        if (!strstr(err, c[i].want)) fail_msg("config %zu: got '%s', want '%s'", i, err, c[i].want);
        assert_non_null(strstr(err, "/tmp/akhbar-test-"));
        free(err);
    }
    /* A line too long for inih is refused, not split. */
    char big[400];
    memset(big, 'a', sizeof big);
    memcpy(big, "[feed x]\nurl = https://x/", 25);
    big[sizeof big - 2] = '\n';
    big[sizeof big - 1] = '\0';
    char *err = read_err(big);
    assert_non_null(strstr(err, ":2: line longer than"));
    free(err);
    cf_config *cfg = cf_new();
    assert_int_equal(cf_read(cfg, "/nonexistent/akhbar.conf", &err), -1);
    assert_non_null(strstr(err, "/nonexistent/akhbar.conf: cannot read config"));
    free(err);
    cf_free(cfg);
}

static void test_units(void **state)
{
    (void)state;
    assert_int_equal(cf_parse_ms("250ms"), 250);
    assert_int_equal(cf_parse_ms("2"), 2);
    assert_int_equal(cf_parse_ms("1.5s"), 1500);
    assert_int_equal(cf_parse_ms("1m"), 60000);
    assert_int_equal(cf_parse_ms("-1s"), -1);
    assert_int_equal(cf_parse_ms("fast"), -1);
    assert_int_equal(cf_parse_size("64k"), 65536);
    assert_int_equal(cf_parse_size("16M"), 16 << 20);
    assert_int_equal(cf_parse_size("1GiB"), 1LL << 30);
    assert_int_equal(cf_parse_size("12MB"), 12 << 20);
    assert_int_equal(cf_parse_size("12 parsecs"), -1);
    assert_int_equal(cf_parse_size("777777777777777777777G"), -1); /* found by fuzzing */
    assert_int_equal(cf_parse_ms("1e300h"), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_defaults),
        cmocka_unit_test(test_full),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_units),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
