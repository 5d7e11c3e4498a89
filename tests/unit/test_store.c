/* test_store.c -- the SQLite store: migrations, identity, URL states,
 * feed state, export order, errors. */
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
#include "store/sqlite_int.h" /* st_search_register, for FTS5's integrity check */
#include "store/store.h"

#include "tests/unit/tmpstore.h"

static st_article art(const char *url, const char *canon, const char *body, int64_t published)
{
    st_article a = {
        .url = url, .canonical_url = canon, .site = "s", .feed_url = "https://s.ma/feed",
        .title = "T", .body = body, .content_hash = "0000000000000000000000000000000000000000000000000000000000000000",
        .published = published, .modified = AK_TIME_NONE, .fetched_at = 1000,
    };
    return a;
}

static void test_schema_and_wal(void **state)
{
    (void)state;
    st_store *st = open_rw();
    st_close(st);
    sqlite3 *h;
    assert_int_equal(sqlite3_open(db, &h), SQLITE_OK);
    sqlite3_stmt *s;
    sqlite3_prepare_v2(h, "PRAGMA user_version", -1, &s, NULL);
    assert_int_equal(sqlite3_step(s), SQLITE_ROW);
    assert_true(sqlite3_column_int(s, 0) >= 1);
    sqlite3_finalize(s);
    sqlite3_prepare_v2(h, "PRAGMA journal_mode", -1, &s, NULL);
    assert_int_equal(sqlite3_step(s), SQLITE_ROW);
    assert_string_equal((const char *)sqlite3_column_text(s, 0), "wal");
    sqlite3_finalize(s);
    /* A store from a newer akhbar is refused, not damaged. */
    sqlite3_exec(h, "PRAGMA user_version = 999", NULL, NULL, NULL);
    sqlite3_close(h);
    int code = 0;
    char *err = NULL;
    assert_null(st_open(db, 0, 1000, &code, &err));
    assert_int_equal(code, ST_ESCHEMA);
    assert_non_null(strstr(err, "newer"));
    free(err);
}

static void test_identity_and_states(void **state)
{
    (void)state;
    st_store *st = open_rw();
    char *err = NULL;
    assert_int_equal(st_begin(st, &err), 0);
    st_article a = art("https://s.ma/a?x=1", "https://s.ma/a", "body a", 2000);
    assert_int_equal(st_put_article(st, &a, &err), 1);
    assert_true(a.id > 0);
    /* Same canonical URL on the same host: the same article. */
    st_article b = art("https://s.ma/a?x=2", "https://s.ma/a", "body a", 2000);
    assert_int_equal(st_put_article(st, &b, &err), 0);
    assert_int_equal(b.id, a.id);
    /* A canonical URL on another host does not make it the same article. */
    st_article c = art("https://copy.ma/a", "https://s.ma/a", "body a", 2000);
    assert_int_equal(st_put_article(st, &c, &err), 1);
    assert_true(c.id != a.id);
    /* Quotes, control characters and SQL metacharacters are stored intact. */
    st_article d = art("https://s.ma/d", NULL, "x'); DROP TABLE articles; --\n\t\"\\", AK_TIME_NONE);
    assert_int_equal(st_put_article(st, &d, &err), 1);
    assert_int_equal(st_commit(st, &err), 0);

    assert_int_equal(st_url_state_get(st, "https://s.ma/a?x=1", 3, &err), ST_URL_STORED);
    assert_int_equal(st_url_state_get(st, "https://s.ma/a", 3, &err), ST_URL_STORED);
    assert_int_equal(st_url_state_get(st, "https://s.ma/new", 3, &err), ST_URL_NEW);
    assert_int_equal(st_url_failed(st, "https://s.ma/flaky", "HTTP 500", false, &err), 0);
    assert_int_equal(st_url_state_get(st, "https://s.ma/flaky", 3, &err), ST_URL_NEW);
    assert_int_equal(st_url_failed(st, "https://s.ma/flaky", "HTTP 500", false, &err), 0);
    assert_int_equal(st_url_failed(st, "https://s.ma/flaky", "HTTP 500", false, &err), 0);
    assert_int_equal(st_url_state_get(st, "https://s.ma/flaky", 3, &err), ST_URL_DONE);
    assert_int_equal(st_url_failed(st, "https://s.ma/list", "no-article", true, &err), 0);
    assert_int_equal(st_url_state_get(st, "https://s.ma/list", 3, &err), ST_URL_DONE);
    /* A failure report never downgrades a stored URL. */
    assert_int_equal(st_url_failed(st, "https://s.ma/a?x=1", "HTTP 500", true, &err), 0);
    assert_int_equal(st_url_state_get(st, "https://s.ma/a?x=1", 3, &err), ST_URL_STORED);
    assert_int_equal(st_count_articles(st), 3);
    st_close(st);
}

typedef struct seen { int n; int64_t ids[16]; char bodies[16][64]; } seen;

static int collect(const st_article *a, void *ud)
{
    seen *s = ud;
    s->ids[s->n] = a->id;
    snprintf(s->bodies[s->n], sizeof s->bodies[0], "%s", a->body);
    s->n++;
    return 0;
}

static void test_export_order_and_bounds(void **state)
{
    (void)state;
    st_store *st = open_rw();
    char *err = NULL;
    st_begin(st, &err);
    st_article a = art("https://s.ma/3", NULL, "third", 3000);
    st_article b = art("https://s.ma/1", NULL, "first", 1000);
    st_article c = art("https://s.ma/2", NULL, "second (no date: fetched_at 2000)", AK_TIME_NONE);
    c.fetched_at = 2000;
    st_put_article(st, &a, &err);
    st_put_article(st, &b, &err);
    st_put_article(st, &c, &err);
    st_commit(st, &err);
    st_close(st);
    int code;
    st = st_open(db, ST_READONLY, 1000, &code, &err);
    assert_non_null(st);
    seen s = {0};
    st_query q = {.since = AK_TIME_NONE, .until = AK_TIME_NONE};
    assert_int_equal(st_export(st, &q, collect, &s, &err), 0);
    assert_int_equal(s.n, 3);
    assert_string_equal(s.bodies[0], "first");
    assert_string_equal(s.bodies[2], "third");
    memset(&s, 0, sizeof s);
    q.since = 2000;
    q.until = 3000;
    st_export(st, &q, collect, &s, &err);
    assert_int_equal(s.n, 1);
    assert_string_equal(s.bodies[0], "second (no date: fetched_at 2000)");
    /* The read-only store refuses writes. */
    st_article d = art("https://s.ma/4", NULL, "x", 1);
    assert_true(st_put_article(st, &d, &err) < 0);
    free(err);
    st_close(st);
}

static void test_feed_state(void **state)
{
    (void)state;
    st_store *st = open_rw();
    char *err = NULL;
    st_feed f;
    assert_int_equal(st_feed_get(st, "https://s.ma/feed", &f, &err), 0);
    assert_int_equal(st_feed_ok(st, "https://s.ma/feed", "s", "\"abc\"", "Sat, 21 Sep 2024 09:42:00 GMT", 20, &err), 0);
    assert_int_equal(st_feed_get(st, "https://s.ma/feed", &f, &err), 1);
    assert_string_equal(f.etag, "\"abc\"");
    assert_string_equal(f.last_modified, "Sat, 21 Sep 2024 09:42:00 GMT");
    assert_int_equal(f.failures, 0);
    assert_int_equal(f.entries, 20);
    assert_int_equal(st_feed_failed(st, "https://s.ma/feed", "s", "HTTP 503", &err), 0);
    assert_int_equal(st_feed_failed(st, "https://s.ma/feed", "s", "timeout", &err), 0);
    assert_int_equal(st_feed_get(st, "https://s.ma/feed", &f, &err), 1);
    assert_int_equal(f.failures, 2);
    assert_string_equal(f.last_error, "timeout");
    assert_string_equal(f.etag, "\"abc\"");
    st_close(st);
}

static int count_hit(const st_hit *h, void *ud)
{
    (void)h;
    ++*(int *)ud;
    return 0;
}

static int hits(st_store *st, const char *q)
{
    int n = 0;
    char *err = NULL;
    if (st_search(st, q, NULL, 100, count_hit, &n, &err) != 0) fail_msg("search: %s", err);
    return n;
}

/* The full-text index is written once per transaction, at commit: what a
 * transaction inserted is searchable after it commits, never after a
 * rollback, and an article stored outside a transaction at once. */
static void test_search_index_at_commit(void **state)
{
    (void)state;
    st_store *st = open_rw();
    char *err = NULL;
    st_article a = art("https://s.ma/1", NULL, "zebra alone", 2000);
    assert_int_equal(st_put_article(st, &a, &err), 1); /* no transaction */
    assert_int_equal(hits(st, "zebra"), 1);
    assert_int_equal(st_begin(st, &err), 0);
    st_article b = art("https://s.ma/2", NULL, "zebra giraffe", 2000);
    st_article c = art("https://s.ma/3", NULL, "giraffe okapi", 2000);
    assert_int_equal(st_put_article(st, &b, &err), 1);
    assert_int_equal(st_put_article(st, &c, &err), 1);
    assert_int_equal(st_commit(st, &err), 0);
    assert_int_equal(hits(st, "giraffe"), 2);
    assert_int_equal(hits(st, "zebra"), 2);
    assert_int_equal(st_begin(st, &err), 0);
    st_article d = art("https://s.ma/4", NULL, "okapi gnu", 2000);
    assert_int_equal(st_put_article(st, &d, &err), 1);
    st_rollback(st);
    assert_int_equal(hits(st, "gnu"), 0);
    assert_int_equal(st_begin(st, &err), 0); /* the rolled-back id is reused */
    st_article e = art("https://s.ma/5", NULL, "okapi wildebeest", 2000);
    assert_int_equal(st_put_article(st, &e, &err), 1);
    assert_int_equal(st_commit(st, &err), 0);
    assert_int_equal(hits(st, "okapi"), 2);
    assert_int_equal(hits(st, "gnu"), 0);
    st_close(st);
    /* FTS5's own check: the index matches the articles table exactly. */
    sqlite3 *h;
    assert_int_equal(sqlite3_open(db, &h), SQLITE_OK);
    assert_int_equal(st_search_register(h), SQLITE_OK);
    int rc = sqlite3_exec(h, "INSERT INTO articles_fts(articles_fts) VALUES('integrity-check')", NULL, NULL, NULL);
    if (rc != SQLITE_OK) fail_msg("integrity-check: %s", sqlite3_errmsg(h));
    sqlite3_close(h);
}

static void test_open_errors(void **state)
{
    (void)state;
    int code = 0;
    char *err = NULL;
    assert_null(st_open(dir, 0, 100, &code, &err)); /* a directory */
    assert_int_equal(code, ST_EOPEN);
    free(err);
    err = NULL;
    char missing[160];
    snprintf(missing, sizeof missing, "%s/none.db", dir);
    assert_null(st_open(missing, ST_READONLY, 100, &code, &err));
    assert_non_null(err);
    free(err);
    /* Not a database at all. */
    char junk[160];
    snprintf(junk, sizeof junk, "%s/junk.db", dir);
    FILE *fp = fopen(junk, "w");
    fputs("this is not an SQLite file, just text that is long enough to have a header........", fp);
    fclose(fp);
    err = NULL;
    assert_null(st_open(junk, 0, 100, &code, &err));
    assert_int_equal(code, ST_EIO);
    assert_non_null(strstr(err, junk));
    free(err);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_schema_and_wal, setup, teardown),
        cmocka_unit_test_setup_teardown(test_identity_and_states, setup, teardown),
        cmocka_unit_test_setup_teardown(test_export_order_and_bounds, setup, teardown),
        cmocka_unit_test_setup_teardown(test_feed_state, setup, teardown),
        cmocka_unit_test_setup_teardown(test_open_errors, setup, teardown),
        cmocka_unit_test_setup_teardown(test_search_index_at_commit, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
