/* test_crawlstate.c -- the store's politeness state (migration 2): a
 * version-1 store is upgraded without losing feed state; feed outcomes
 * (fetched, unchanged, failed, gone, deferred), retirement and reset; host
 * pauses; the robots.txt cache (binary bodies). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/timeutil.h"
#include "store/store.h"

#include "tests/unit/tmpstore.h"

static const char *const F = "https://www.example.ma/feed";

static st_feed get(st_store *st)
{
    st_feed f;
    char *err = NULL;
    int rc = st_feed_get(st, F, &f, &err);
    if (rc != 1) fail_msg("st_feed_get: %d %s", rc, err ? err : "");
    return f;
}

static void record(st_store *st, st_feed_result r)
{
    char *err = NULL;
    r.site = "example";
    if (st_feed_record(st, F, &r, &err) != 0) fail_msg("st_feed_record: %s", err);
}

/* A store written by the first schema (feeds with validators) upgrades in
 * place: the feed's state survives and the new columns have defaults. */
static void test_upgrade_from_v1(void **state)
{
    (void)state;
    sqlite3 *h;
    assert_int_equal(sqlite3_open(db, &h), SQLITE_OK);
    const char *v1 =
        "CREATE TABLE feeds(url TEXT PRIMARY KEY, site TEXT, etag TEXT, last_modified TEXT,"
        " last_ok INTEGER, last_error_at INTEGER, last_error TEXT,"
        " failures INTEGER NOT NULL DEFAULT 0, entries INTEGER) WITHOUT ROWID;"
        "CREATE TABLE articles(id INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE, url TEXT NOT NULL,"
        " canonical_url TEXT, site TEXT, feed_url TEXT, title TEXT, body TEXT NOT NULL, author TEXT,"
        " lang TEXT, description TEXT, image TEXT, published INTEGER, published_offset INTEGER,"
        " modified INTEGER, fetched_at INTEGER NOT NULL, sort_time INTEGER NOT NULL,"
        " content_hash TEXT NOT NULL, duplicate_of INTEGER REFERENCES articles(id));"
        "CREATE TABLE urls(url TEXT PRIMARY KEY, status TEXT NOT NULL, article_id INTEGER,"
        " attempts INTEGER NOT NULL DEFAULT 0, last_try INTEGER, reason TEXT) WITHOUT ROWID;"
        "INSERT INTO feeds(url, site, etag, last_ok, failures, entries)"
        " VALUES('https://www.example.ma/feed', 'example', '\"e1\"', 1000, 0, 12);"
        "PRAGMA user_version = 1;";
    assert_int_equal(sqlite3_exec(h, v1, NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(h);
    st_store *st = open_rw();
    st_feed f = get(st);
    assert_string_equal(f.etag, "\"e1\"");
    assert_int_equal(f.last_ok, 1000);
    assert_int_equal(f.entries, 12);
    assert_null(f.current_url);
    assert_true(f.not_before == AK_TIME_NONE);
    assert_false(f.retired);
    assert_int_equal(f.gone, 0);
    st_close(st);
}

static void test_feed_outcomes(void **state)
{
    (void)state;
    st_store *st = open_rw();
    char *err = NULL;
    /* Unknown feed. */
    st_feed f;
    assert_int_equal(st_feed_get(st, F, &f, &err), 0);

    record(st, (st_feed_result){.outcome = ST_FEED_FETCHED, .status = 200, .etag = "\"a\"",
                                .last_modified = "Sat, 21 Sep 2024 09:42:00 GMT", .entries = 7,
                                .not_before = 5000, .now = 2000});
    f = get(st);
    assert_string_equal(f.etag, "\"a\"");
    assert_int_equal(f.entries, 7);
    assert_int_equal(f.last_ok, 2000);
    assert_int_equal(f.not_before, 5000);
    assert_int_equal(f.last_status, 200);

    /* 304: validators kept when none come back, failures reset. */
    record(st, (st_feed_result){.outcome = ST_FEED_UNCHANGED, .status = 304, .not_before = AK_TIME_NONE,
                                .now = 3000});
    f = get(st);
    assert_string_equal(f.etag, "\"a\"");
    assert_string_equal(f.last_modified, "Sat, 21 Sep 2024 09:42:00 GMT");
    assert_int_equal(f.last_ok, 3000);
    assert_true(f.not_before == AK_TIME_NONE);
    record(st, (st_feed_result){.outcome = ST_FEED_UNCHANGED, .status = 304, .etag = "\"b\"",
                                .not_before = AK_TIME_NONE, .now = 3100});
    assert_string_equal(get(st).etag, "\"b\"");

    /* A move is kept until another one. */
    record(st, (st_feed_result){.outcome = ST_FEED_FETCHED, .status = 200,
                                .current_url = "https://example.ma/rss", .not_before = AK_TIME_NONE});
    record(st, (st_feed_result){.outcome = ST_FEED_FETCHED, .status = 200, .etag = "\"c\"",
                                .not_before = AK_TIME_NONE});
    assert_string_equal(get(st).current_url, "https://example.ma/rss");

    /* Failures count; a 5xx does not count toward retirement. */
    record(st, (st_feed_result){.outcome = ST_FEED_FAILED, .status = 500, .reason = "HTTP 500",
                                .not_before = 9000, .retire_after = 2, .now = 4000});
    f = get(st);
    assert_int_equal(f.failures, 1);
    assert_int_equal(f.gone, 0);
    assert_false(f.retired);
    assert_string_equal(f.last_error, "HTTP 500");
    assert_int_equal(f.last_error_at, 4000);
    assert_int_equal(f.not_before, 9000);
    assert_string_equal(f.etag, "\"c\""); /* kept (not sent while failing) */

    /* Deferred (Retry-After): failures unchanged. */
    record(st, (st_feed_result){.outcome = ST_FEED_DEFERRED, .status = 429, .reason = "HTTP 429",
                                .not_before = 12000});
    f = get(st);
    assert_int_equal(f.failures, 1);
    assert_int_equal(f.not_before, 12000);
    assert_int_equal(f.last_status, 429);

    /* 404, 410 in a row: retired at retire_after = 2; a 500 between resets the run. */
    st_feed_result gone = {.outcome = ST_FEED_FAILED, .status = 404, .reason = "HTTP 404", .gone = true,
                           .retire_after = 2, .not_before = AK_TIME_NONE};
    record(st, gone);
    assert_int_equal(get(st).gone, 1);
    record(st, (st_feed_result){.outcome = ST_FEED_FAILED, .status = 503, .reason = "HTTP 503",
                                .retire_after = 2, .not_before = AK_TIME_NONE});
    f = get(st);
    assert_int_equal(f.gone, 0);
    assert_false(f.retired);
    record(st, gone);
    gone.status = 410;
    record(st, gone);
    f = get(st);
    assert_int_equal(f.gone, 2);
    assert_true(f.retired);
    assert_int_equal(f.failures, 5);

    /* retire_after = 0 never retires. */
    assert_int_equal(st_feed_reset(st, F, &err), 1);
    gone.retire_after = 0;
    for (int i = 0; i < 5; i++) record(st, gone);
    assert_false(get(st).retired);

    /* Reset clears everything a crawl uses to skip or redirect the feed. */
    gone.retire_after = 1;
    record(st, gone);
    assert_true(get(st).retired);
    assert_int_equal(st_feed_reset(st, F, &err), 1);
    f = get(st);
    assert_false(f.retired);
    assert_int_equal(f.failures, 0);
    assert_int_equal(f.gone, 0);
    assert_null(f.current_url);
    assert_null(f.etag);
    assert_true(f.not_before == AK_TIME_NONE);
    assert_int_equal(st_feed_reset(st, "https://nowhere.ma/feed", &err), 0);

    /* A success after retirement brings it back too. */
    record(st, gone);
    record(st, (st_feed_result){.outcome = ST_FEED_FETCHED, .status = 200, .not_before = AK_TIME_NONE});
    assert_false(get(st).retired);
    st_close(st);
}

static int collect(const char *host, int64_t until, const char *reason, void *ud)
{
    char *out = ud;
    char line[200];
    snprintf(line, sizeof line, "%s %lld %s;", host, (long long)until, reason ? reason : "-");
    strcat(out, line);
    return 0;
}

static void test_host_pauses(void **state)
{
    (void)state;
    st_store *st = open_rw();
    char *err = NULL;
    assert_int_equal(st_host_pause(st, "a.ma", 5000, "HTTP 429", &err), 0);
    assert_int_equal(st_host_pause(st, "b.ma:8080", 3000, "HTTP 503", &err), 0);
    /* A shorter pause does not shorten a longer one. */
    assert_int_equal(st_host_pause(st, "a.ma", 4000, "HTTP 503", &err), 0);
    char out[1000] = "";
    assert_int_equal(st_host_pauses(st, 1000, collect, out, &err), 0);
    assert_string_equal(out, "a.ma 5000 HTTP 429;b.ma:8080 3000 HTTP 503;");
    /* A longer one replaces it, with its reason; past pauses are not listed. */
    assert_int_equal(st_host_pause(st, "a.ma", 8000, "HTTP 429 again", &err), 0);
    out[0] = '\0';
    assert_int_equal(st_host_pauses(st, 3000, collect, out, &err), 0);
    assert_string_equal(out, "a.ma 8000 HTTP 429 again;");
    st_close(st);
}

static void test_robots_cache(void **state)
{
    (void)state;
    st_store *st = open_rw();
    char *err = NULL;
    st_robots r;
    assert_int_equal(st_robots_get(st, "https://a.ma", &r, &err), 0);
    const char body[] = "User-agent: *\nDisallow: /x\0binary\n";
    st_robots in = {.fetched_at = 1234, .status = 200, .body = body, .len = sizeof body - 1};
    assert_int_equal(st_robots_put(st, "https://a.ma", &in, &err), 0);
    assert_int_equal(st_robots_get(st, "https://a.ma", &r, &err), 1);
    assert_int_equal(r.fetched_at, 1234);
    assert_int_equal(r.status, 200);
    assert_int_equal(r.len, sizeof body - 1);
    assert_memory_equal(r.body, body, sizeof body - 1);
    /* Replaced, not added; http and https are different origins. */
    st_robots none = {.fetched_at = 2000, .status = 404, .body = "", .len = 0};
    assert_int_equal(st_robots_put(st, "https://a.ma", &none, &err), 0);
    assert_int_equal(st_robots_get(st, "https://a.ma", &r, &err), 1);
    assert_int_equal(r.status, 404);
    assert_int_equal(r.len, 0);
    assert_string_equal(r.body, "");
    assert_int_equal(st_robots_get(st, "http://a.ma", &r, &err), 0);
    st_close(st);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_upgrade_from_v1, setup, teardown),
        cmocka_unit_test_setup_teardown(test_feed_outcomes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_host_pauses, setup, teardown),
        cmocka_unit_test_setup_teardown(test_robots_cache, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
