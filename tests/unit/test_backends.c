/* test_backends.c -- the store interface on both backends: the same tests
 * run on an SQLite file and on a PostgreSQL database (the throwaway
 * server tests/run.sh starts; AKHBAR_TEST_PG_HOST names its socket
 * directory).  Without a server the PostgreSQL half fails, saying why.
 *
 * Identity and URL states, export order and bounds, read-only stores,
 * feed outcomes, host pauses, the robots.txt cache, sitemap lastmod, the
 * dedup tables and the engine across a reopen, search with Arabic and
 * French spelling variants, statistics, savepoints, a newer schema
 * refused; then what shared stores add (feed claims, the frontier and its
 * leases, host slots) and, on PostgreSQL, two crawlers storing copies of
 * one story at the same moment ending in one cluster. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <libpq-fe.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/timeutil.h"
#include "dedup/engine.h"
#include "dedup/norm.h"
#include "main/ddstore.h"
#include "main/shared.h"
#include "store/store.h"

/* ---- the store under test ---------------------------------------------------------- */

static bool pg;                /* the PostgreSQL run */
static char loc[512];          /* its location */
static char dir[64];           /* SQLite: temporary directory */
static char pgadmin[512];      /* PostgreSQL: the maintenance database */
static char pgdb[64];          /* PostgreSQL: the test database */

/* Runs SQL on the store under test, bypassing the interface (to move
 * time or simulate a newer akhbar). */
static void raw(const char *sql)
{
    if (pg) {
        PGconn *c = PQconnectdb(loc);
        PQclear(PQexec(c, "SET client_min_messages = warning"));
        PGresult *r = PQexec(c, sql);
        if (PQresultStatus(r) != PGRES_COMMAND_OK && PQresultStatus(r) != PGRES_TUPLES_OK)
            fail_msg("%s: %s", sql, PQerrorMessage(c));
        PQclear(r);
        PQfinish(c);
    } else {
        sqlite3 *h;
        assert_int_equal(sqlite3_open(loc, &h), SQLITE_OK);
        char *msg = NULL;
        if (sqlite3_exec(h, sql, NULL, NULL, &msg) != SQLITE_OK) fail_msg("%s: %s", sql, msg);
        sqlite3_close(h);
    }
}

static int group_setup_sqlite(void **state)
{
    (void)state;
    pg = false;
    return 0;
}

static int group_setup_pg(void **state)
{
    (void)state;
    pg = true;
    const char *host = getenv("AKHBAR_TEST_PG_HOST");
    if (!host || !*host) {
        fprintf(stderr, "PostgreSQL: AKHBAR_TEST_PG_HOST is not set (tests/run.sh starts a server; "
                        "by hand: sh tests/pg.sh start DIR, then AKHBAR_TEST_PG_HOST=DIR)\n");
        return -1;
    }
    snprintf(pgadmin, sizeof pgadmin, "postgresql://akhbar@/postgres?host=%s", host);
    snprintf(pgdb, sizeof pgdb, "akhbar_unit_%ld", (long)getpid());
    snprintf(loc, sizeof loc, "postgresql://akhbar@/%s?host=%s", pgdb, host);
    PGconn *c = PQconnectdb(pgadmin);
    if (PQstatus(c) != CONNECTION_OK) {
        fprintf(stderr, "PostgreSQL: cannot connect to the test server: %s", PQerrorMessage(c));
        PQfinish(c);
        return -1;
    }
    char q[160];
    snprintf(q, sizeof q, "DROP DATABASE IF EXISTS %s", pgdb);
    PQclear(PQexec(c, q));
    snprintf(q, sizeof q, "CREATE DATABASE %s", pgdb);
    PGresult *r = PQexec(c, q);
    int ok = PQresultStatus(r) == PGRES_COMMAND_OK;
    if (!ok) fprintf(stderr, "PostgreSQL: %s", PQerrorMessage(c));
    PQclear(r);
    PQfinish(c);
    return ok ? 0 : -1;
}

static int group_teardown_pg(void **state)
{
    (void)state;
    PGconn *c = PQconnectdb(pgadmin);
    char q[160];
    snprintf(q, sizeof q, "DROP DATABASE IF EXISTS %s WITH (FORCE)", pgdb);
    PQclear(PQexec(c, q));
    PQfinish(c);
    return 0;
}

/* A fresh, empty store for each test. */
static int setup(void **state)
{
    (void)state;
    if (pg) {
        raw("DROP SCHEMA public CASCADE; CREATE SCHEMA public");
        return 0;
    }
    strcpy(dir, "/tmp/akhbar-backends-XXXXXX");
    assert_non_null(mkdtemp(dir));
    snprintf(loc, sizeof loc, "%s/t.db", dir);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    if (pg) return 0;
    char cmd[160];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    return system(cmd);
}

static st_store *open_store(int flags)
{
    int code = 0;
    char *err = NULL;
    st_store *st = st_open(loc, flags, 2000, &code, &err);
    if (!st) fail_msg("open %s: %s", loc, err);
    return st;
}

static st_article art(const char *url, const char *canon, const char *body, int64_t published)
{
    st_article a = {
        .url = url, .canonical_url = canon, .site = "s", .feed_url = "https://s.ma/feed",
        .title = "T", .body = body, .content_hash = "0000000000000000000000000000000000000000000000000000000000000000",
        .published = published, .modified = AK_TIME_NONE, .fetched_at = 1000,
    };
    return a;
}

static int64_t put(st_store *st, const char *url, const char *site, const char *title, const char *body,
                   int64_t published)
{
    st_article a = art(url, NULL, body, published);
    a.site = site;
    a.title = title;
    char *err = NULL;
    if (st_put_article(st, &a, &err) != 1) fail_msg("put: %s", err);
    return a.id;
}

/* ---- articles, URLs, export --------------------------------------------------------- */

static void test_identity_and_states(void **state)
{
    (void)state;
    st_store *st = open_store(0);
    char *err = NULL;
    assert_int_equal(st_begin(st, &err), 0);
    st_article a = art("https://s.ma/a?x=1", "https://s.ma/a", "body a", 2000);
    assert_int_equal(st_put_article(st, &a, &err), 1);
    assert_true(a.id > 0);
    st_article b = art("https://s.ma/a?x=2", "https://s.ma/a", "body a", 2000);
    assert_int_equal(st_put_article(st, &b, &err), 0);
    assert_int_equal(b.id, a.id);
    st_article c = art("https://copy.ma/a", "https://s.ma/a", "body a", 2000);
    assert_int_equal(st_put_article(st, &c, &err), 1);
    assert_true(c.id != a.id);
    st_article d = art("https://s.ma/d", NULL, "x'); DROP TABLE articles; --\n\t\"\\ عربي", AK_TIME_NONE);
    assert_int_equal(st_put_article(st, &d, &err), 1);
    assert_int_equal(st_commit(st, &err), 0);

    assert_int_equal(st_url_state_get(st, "https://s.ma/a?x=1", 3, &err), ST_URL_STORED);
    assert_int_equal(st_url_state_get(st, "https://s.ma/a", 3, &err), ST_URL_STORED);
    assert_int_equal(st_url_state_get(st, "https://s.ma/new", 3, &err), ST_URL_NEW);
    for (int i = 0; i < 2; i++) {
        assert_int_equal(st_url_failed(st, "https://s.ma/flaky", "HTTP 500", false, &err), 0);
        assert_int_equal(st_url_state_get(st, "https://s.ma/flaky", 3, &err), ST_URL_NEW);
    }
    assert_int_equal(st_url_failed(st, "https://s.ma/flaky", "HTTP 500", false, &err), 0);
    assert_int_equal(st_url_state_get(st, "https://s.ma/flaky", 3, &err), ST_URL_DONE);
    assert_int_equal(st_url_failed(st, "https://s.ma/list", "no-article", true, &err), 0);
    assert_int_equal(st_url_state_get(st, "https://s.ma/list", 3, &err), ST_URL_DONE);
    assert_int_equal(st_url_failed(st, "https://s.ma/a?x=1", "HTTP 500", true, &err), 0);
    assert_int_equal(st_url_state_get(st, "https://s.ma/a?x=1", 3, &err), ST_URL_STORED);
    assert_int_equal(st_count_articles(st), 3);
    /* A rolled-back transaction leaves nothing. */
    assert_int_equal(st_begin(st, &err), 0);
    st_article e = art("https://s.ma/e", NULL, "e", 1);
    assert_int_equal(st_put_article(st, &e, &err), 1);
    st_rollback(st);
    assert_int_equal(st_count_articles(st), 3);
    assert_int_equal(st_url_state_get(st, "https://s.ma/e", 3, &err), ST_URL_NEW);
    st_close(st);
}

typedef struct seen {
    int n;                   /* articles seen */
    int64_t ids[16];         /* their ids */
    char bodies[16][64];     /* their bodies */
} seen;

static int collect(const st_article *a, void *ud)
{
    seen *s = ud;
    s->ids[s->n] = a->id;
    snprintf(s->bodies[s->n], sizeof s->bodies[0], "%s", a->body);
    s->n++;
    return 0;
}

static void test_export_and_readonly(void **state)
{
    (void)state;
    st_store *st = open_store(0);
    char *err = NULL;
    st_begin(st, &err);
    st_article a = art("https://s.ma/3", NULL, "third", 3000);
    st_article b = art("https://s.ma/1", NULL, "first", 1000);
    st_article c = art("https://s.ma/2", NULL, "second (no date: fetched_at 2000)", AK_TIME_NONE);
    c.fetched_at = 2000;
    c.lang = "fr";
    st_put_article(st, &a, &err);
    st_put_article(st, &b, &err);
    st_put_article(st, &c, &err);
    st_commit(st, &err);
    st_close(st);
    st = open_store(ST_READONLY);
    seen s = {0};
    st_query q = {.since = AK_TIME_NONE, .until = AK_TIME_NONE};
    assert_int_equal(st_export(st, &q, collect, &s, &err), 0);
    assert_int_equal(s.n, 3);
    assert_string_equal(s.bodies[0], "first");
    assert_string_equal(s.bodies[2], "third");
    memset(&s, 0, sizeof s);
    q.since = 2000;
    q.until = 3000;
    assert_int_equal(st_export(st, &q, collect, &s, &err), 0);
    assert_int_equal(s.n, 1);
    assert_string_equal(s.bodies[0], "second (no date: fetched_at 2000)");
    memset(&s, 0, sizeof s);
    st_query fr = {.since = AK_TIME_NONE, .until = AK_TIME_NONE, .lang = "fr"};
    assert_int_equal(st_export(st, &fr, collect, &s, &err), 0);
    assert_int_equal(s.n, 1);
    /* The read-only store refuses writes, and says so. */
    st_article d = art("https://s.ma/4", NULL, "x", 1);
    assert_true(st_put_article(st, &d, &err) < 0);
    assert_non_null(err);
    free(err);
    st_close(st);
}

static int stop_after_one(const st_article *a, void *ud)
{
    (void)a;
    (*(int *)ud)++;
    return 7;
}

/* Export streams: many articles, stopped early, and a callback that
 * reads the store while the export runs (as export does for shared
 * paragraphs). */
static int read_inside(const st_article *a, void *ud)
{
    st_store *st = ud;
    st_dd_key k;
    char *err = NULL;
    if (st_dd_key_get(st, (uint64_t)a->id, &k, &err) < 0) fail_msg("read inside export: %s", err);
    return 0;
}

static void test_export_streams(void **state)
{
    (void)state;
    st_store *st = open_store(0);
    char *err = NULL;
    st_begin(st, &err);
    for (int i = 0; i < 700; i++) {
        char url[64];
        snprintf(url, sizeof url, "https://s.ma/n%d", i);
        put(st, url, "s", "T", "body", 1000 + i);
    }
    st_commit(st, &err);
    int n = 0;
    st_query q = {.since = AK_TIME_NONE, .until = AK_TIME_NONE};
    assert_int_equal(st_export(st, &q, stop_after_one, &n, &err), 7);
    assert_int_equal(n, 1);
    assert_int_equal(st_export(st, &q, read_inside, st, &err), 0);
    st_close(st);
}

/* ---- feeds, politeness ------------------------------------------------------------- */

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

static void test_feed_outcomes(void **state)
{
    (void)state;
    st_store *st = open_store(0);
    char *err = NULL;
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
    record(st, (st_feed_result){.outcome = ST_FEED_UNCHANGED, .status = 304, .not_before = AK_TIME_NONE,
                                .now = 3000});
    f = get(st);
    assert_string_equal(f.etag, "\"a\"");
    assert_int_equal(f.last_ok, 3000);
    assert_true(f.not_before == AK_TIME_NONE);
    record(st, (st_feed_result){.outcome = ST_FEED_FETCHED, .status = 200,
                                .current_url = "https://example.ma/rss", .not_before = AK_TIME_NONE});
    record(st, (st_feed_result){.outcome = ST_FEED_FETCHED, .status = 200, .etag = "\"c\"",
                                .not_before = AK_TIME_NONE});
    assert_string_equal(get(st).current_url, "https://example.ma/rss");
    record(st, (st_feed_result){.outcome = ST_FEED_FAILED, .status = 500, .reason = "HTTP 500",
                                .not_before = 9000, .retire_after = 2, .now = 4000});
    f = get(st);
    assert_int_equal(f.failures, 1);
    assert_int_equal(f.gone, 0);
    assert_false(f.retired);
    assert_string_equal(f.last_error, "HTTP 500");
    assert_int_equal(f.not_before, 9000);
    record(st, (st_feed_result){.outcome = ST_FEED_DEFERRED, .status = 429, .reason = "HTTP 429",
                                .not_before = 12000});
    f = get(st);
    assert_int_equal(f.failures, 1);
    assert_int_equal(f.last_status, 429);
    st_feed_result gone = {.outcome = ST_FEED_FAILED, .status = 404, .reason = "HTTP 404", .gone = true,
                           .retire_after = 2, .not_before = AK_TIME_NONE};
    record(st, gone);
    assert_int_equal(get(st).gone, 1);
    record(st, (st_feed_result){.outcome = ST_FEED_FAILED, .status = 503, .reason = "HTTP 503",
                                .retire_after = 2, .not_before = AK_TIME_NONE});
    assert_int_equal(get(st).gone, 0);
    record(st, gone);
    record(st, gone);
    f = get(st);
    assert_int_equal(f.gone, 2);
    assert_true(f.retired);
    assert_int_equal(f.failures, 5);
    gone.retire_after = 1;
    assert_int_equal(st_feed_reset(st, F, &err), 1);
    f = get(st);
    assert_false(f.retired);
    assert_null(f.current_url);
    assert_null(f.etag);
    record(st, gone);
    assert_true(get(st).retired);
    assert_int_equal(st_feed_reset(st, "https://nowhere.ma/feed", &err), 0);
    /* The older calls: st_feed_ok / st_feed_failed. */
    assert_int_equal(st_feed_ok(st, "https://s.ma/feed", "s", "\"abc\"", NULL, 20, &err), 0);
    assert_int_equal(st_feed_failed(st, "https://s.ma/feed", "s", "timeout", &err), 0);
    assert_int_equal(st_feed_get(st, "https://s.ma/feed", &f, &err), 1);
    assert_int_equal(f.failures, 1);
    assert_string_equal(f.etag, "\"abc\"");
    assert_string_equal(f.last_error, "timeout");
    /* Server strings that are not UTF-8 do not make the store fail. */
    record(st, (st_feed_result){.outcome = ST_FEED_FETCHED, .status = 200, .etag = "\"\xff\xfe\"",
                                .not_before = AK_TIME_NONE});
    assert_non_null(get(st).etag);
    st_close(st);
}

static int collect_pause(const char *host, int64_t until, const char *reason, void *ud)
{
    char line[200];
    snprintf(line, sizeof line, "%s %lld %s;", host, (long long)until, reason ? reason : "-");
    strcat(ud, line);
    return 0;
}

static void test_hosts_robots_sitemaps(void **state)
{
    (void)state;
    st_store *st = open_store(0);
    char *err = NULL;
    assert_int_equal(st_host_pause(st, "a.ma", 5000, "HTTP 429", &err), 0);
    assert_int_equal(st_host_pause(st, "b.ma:8080", 3000, "HTTP 503", &err), 0);
    assert_int_equal(st_host_pause(st, "a.ma", 4000, "HTTP 503", &err), 0);
    char out[1000] = "";
    assert_int_equal(st_host_pauses(st, 1000, collect_pause, out, &err), 0);
    assert_string_equal(out, "a.ma 5000 HTTP 429;b.ma:8080 3000 HTTP 503;");
    assert_int_equal(st_host_pause(st, "a.ma", 8000, "HTTP 429 again", &err), 0);
    out[0] = '\0';
    assert_int_equal(st_host_pauses(st, 3000, collect_pause, out, &err), 0);
    assert_string_equal(out, "a.ma 8000 HTTP 429 again;");

    st_robots r;
    assert_int_equal(st_robots_get(st, "https://a.ma", &r, &err), 0);
    const char body[] = "User-agent: *\nDisallow: /x\0binary\xff\n";
    st_robots in = {.fetched_at = 1234, .status = 200, .body = body, .len = sizeof body - 1};
    assert_int_equal(st_robots_put(st, "https://a.ma", &in, &err), 0);
    assert_int_equal(st_robots_get(st, "https://a.ma", &r, &err), 1);
    assert_int_equal(r.fetched_at, 1234);
    assert_int_equal(r.status, 200);
    assert_int_equal(r.len, sizeof body - 1);
    assert_memory_equal(r.body, body, sizeof body - 1);
    st_robots none = {.fetched_at = 2000, .status = 404, .body = "", .len = 0};
    assert_int_equal(st_robots_put(st, "https://a.ma", &none, &err), 0);
    assert_int_equal(st_robots_get(st, "https://a.ma", &r, &err), 1);
    assert_int_equal(r.status, 404);
    assert_int_equal(r.len, 0);
    assert_string_equal(r.body, "");
    assert_int_equal(st_robots_get(st, "http://a.ma", &r, &err), 0);

    int64_t lm;
    assert_int_equal(st_sitemap_lastmod_get(st, "https://a.ma/sitemap-1.xml", &lm, &err), 0);
    assert_int_equal(st_sitemap_lastmod_set(st, "https://a.ma/sitemap-1.xml", 777, &err), 0);
    assert_int_equal(st_sitemap_lastmod_get(st, "https://a.ma/sitemap-1.xml", &lm, &err), 1);
    assert_int_equal(lm, 777);
    st_close(st);
}

/* ---- deduplication ------------------------------------------------------------------ */

static void test_dd_keys(void **state)
{
    (void)state;
    st_store *st = open_store(0);
    st_dd_key k, prev;
    char *err = NULL;
    uint64_t key = 0xF123456789ABCDEFULL; /* above INT64_MAX */
    assert_int_equal(st_dd_key_get(st, key, &k, &err), 0);
    assert_int_equal(st_dd_key_add(st, key, 10, 500, &prev, &err), 0);
    assert_int_equal(prev.n, 0);
    for (int64_t id = 11; id <= 14; id++) assert_int_equal(st_dd_key_add(st, key, id, 500 + id, &prev, &err), 0);
    assert_int_equal(prev.n, 4);
    assert_int_equal(prev.first, 10);
    assert_int_equal(prev.recent[0], 13);
    assert_int_equal(prev.recent[2], 11);
    assert_int_equal(st_dd_key_get(st, key, &k, &err), 1);
    assert_int_equal(k.n, 5);
    assert_int_equal(k.recent[0], 14);
    assert_int_equal(st_dd_key_add(st, key, 15, 100, &prev, &err), 0);
    assert_int_equal(prev.first, 0);
    st_dd_key_get(st, key, &k, &err);
    assert_int_equal(k.first, 15);
    assert_int_equal(k.first_time, 100);
    /* Many keys at once, as one by one: a repeated key sees the occurrence before. */
    uint64_t keys[4] = {0x1111, 0xF000000000002222ULL, 0x1111, 0x3333};
    st_dd_key pv[4];
    assert_int_equal(st_dd_keys_add(st, keys, 4, 20, 900, pv, &err), 0);
    assert_int_equal(pv[0].n, 0);
    assert_int_equal(pv[1].n, 0);
    assert_int_equal(pv[2].n, 1);
    assert_int_equal(pv[2].recent[0], 20);
    assert_int_equal(pv[3].n, 0);
    assert_int_equal(st_dd_keys_add(st, keys, 2, 21, 800, pv, &err), 0);
    assert_int_equal(pv[0].n, 2);
    assert_int_equal(pv[0].first, 0); /* 21 is earlier: it took the first place */
    assert_int_equal(pv[1].n, 1);
    assert_int_equal(pv[1].first, 0);
    assert_int_equal(st_dd_key_get(st, keys[0], &k, &err), 1);
    assert_int_equal(k.n, 3);
    assert_int_equal(k.first, 21);
    assert_int_equal(k.recent[0], 21);
    assert_int_equal(k.recent[1], 20);
    assert_int_equal(st_dd_key_get(st, keys[1], &k, &err), 1);
    assert_int_equal(k.n, 2);
    st_close(st);
}

static int collect_id(int64_t id, void *ud)
{
    int64_t *ids = ud;
    for (int i = 0; i < 3; i++)
        if (!ids[i]) {
            ids[i] = id;
            return 0;
        }
    return 1;
}

static int check_member(const st_article *x, void *ud)
{
    int64_t *n = ud;
    if (*n == 0) assert_int_equal(x->id, 3);
    if (x->id == 3) assert_int_equal(x->duplicate_of, 0);
    else assert_int_equal(x->duplicate_of, 3);
    assert_int_equal(x->cluster_size, 3);
    (*n)++;
    return 0;
}

static int count_clusters(const st_dd_cluster *c, void *ud)
{
    assert_int_equal(c->size, 3);
    (*(int64_t *)ud)++;
    return 0;
}

static void test_dd_state_and_clusters(void **state)
{
    (void)state;
    st_store *st = open_store(0);
    char *err = NULL;
    int64_t a = put(st, "https://a.ma/1", "a", "T", "نص أول", 100);
    int64_t b = put(st, "https://b.ma/1", "b", "T", "نص ثان", 200);
    int64_t c = put(st, "https://c.ma/1", "c", "T", "نص ثالث", 50);
    assert_int_equal(c, 3);
    int64_t pending[3] = {0};
    assert_int_equal(st_dd_pending(st, collect_id, pending, &err), 0);
    assert_int_equal(pending[0], a);
    assert_int_equal(pending[2], c);
    uint32_t mh[4] = {1, 2, 3, 4};
    st_dd_state s = {.cluster = a, .similarity = 1, .kind = "original", .simhash = 0xFFFFFFFFFFFFFFFFULL,
                     .minhash = mh, .minhash_len = sizeof mh};
    assert_int_equal(st_dd_state_put(st, a, &s, 0, &err), 0);
    st_dd_cluster cl = {.id = a, .original = a, .original_time = 100, .size = 2};
    assert_int_equal(st_dd_cluster_put(st, &cl, &err), 0);
    s.match = a, s.similarity = 0.8, s.kind = "near";
    assert_int_equal(st_dd_state_put(st, b, &s, a, &err), 0);
    s.cluster = c, s.match = 0, s.kind = "original";
    assert_int_equal(st_dd_state_put(st, c, &s, 0, &err), 0);
    cl = (st_dd_cluster){.id = c, .original = c, .original_time = 50, .size = 1};
    assert_int_equal(st_dd_cluster_put(st, &cl, &err), 0);
    assert_int_equal(st_dd_cluster_merge(st, c, a, &err), 0);
    assert_int_equal(st_dd_cluster_get(st, c, &cl, &err), 0);
    cl = (st_dd_cluster){.id = a, .original = c, .original_time = 50, .size = 3};
    assert_int_equal(st_dd_cluster_put(st, &cl, &err), 0);
    assert_int_equal(st_dd_cluster_set_original(st, a, c, a, c, 0.9, "contained", &err), 0);
    st_dd_state got;
    assert_int_equal(st_dd_state_get(st, a, &got, &err), 1);
    assert_int_equal(got.cluster, a);
    assert_int_equal(got.match, c);
    assert_string_equal(got.kind, "contained");
    assert_true(got.simhash == 0xFFFFFFFFFFFFFFFFULL);
    assert_int_equal(got.minhash_len, sizeof mh);
    assert_memory_equal(got.minhash, mh, sizeof mh);
    uint32_t sig[4];
    uint64_t sh = 0;
    assert_int_equal(st_dd_sig_get(st, b, sig, sizeof sig, &sh, &err), 1);
    assert_memory_equal(sig, mh, sizeof mh);
    int64_t members = 0;
    assert_int_equal(st_dd_cluster_members(st, a, check_member, &members, &err), 0);
    assert_int_equal(members, 3);
    int64_t left[3] = {0};
    assert_int_equal(st_dd_pending(st, collect_id, left, &err), 0);
    assert_int_equal(left[0], 0);
    int64_t nclusters = 0;
    assert_int_equal(st_dd_clusters(st, 2, 0, count_clusters, &nclusters, &err), 0);
    assert_int_equal(nclusters, 1);
    st_query uq = {.since = AK_TIME_NONE, .until = AK_TIME_NONE, .unique = true};
    seen u = {0};
    assert_int_equal(st_export(st, &uq, collect, &u, &err), 0);
    assert_int_equal(u.n, 1);
    assert_int_equal(u.ids[0], c);
    st_close(st);
}

static const char *P1 = "أعلنت وزارة الداخلية عن فتح باب التسجيل في اللوائح الانتخابية العامة إلى غاية نهاية شهر دجنبر، وذلك عبر الموقع الإلكتروني المخصص لهذا الغرض.";
static const char *P2 = "ودعت الوزارة الشباب البالغين ثمانية عشر عاما إلى المبادرة بالتسجيل، مؤكدة أن العملية مجانية ولا تتطلب سوى الإدلاء بالبطاقة الوطنية.";

/* The engine on the store: a copy stored in a later run (after a close
 * and reopen) joins the story of the first. */
static void test_engine_across_runs(void **state)
{
    (void)state;
    char body[2048];
    snprintf(body, sizeof body, "%s\n\n%s", P1, P2);
    char *err = NULL;
    st_store *st = open_store(0);
    dd_engine *e = dd_engine_new(&cli_dd_store_ops, st, NULL);
    assert_int_equal(st_begin(st, &err), 0);
    st_article a = art("https://hespress.ma/x", NULL, body, 1000);
    a.site = "hespress";
    dd_result r;
    if (cli_store_article(st, e, &a, NULL, &r, NULL, NULL, &err) != 1) fail_msg("store: %s", err);
    assert_int_equal(r.kind, DD_ORIGINAL);
    assert_int_equal(st_commit(st, &err), 0);
    dd_engine_free(e);
    st_close(st);

    st = open_store(0);
    e = dd_engine_new(&cli_dd_store_ops, st, NULL);
    assert_int_equal(st_begin(st, &err), 0);
    st_article b = art("https://febrayer.ma/y", NULL, body, 2000);
    b.site = "febrayer";
    if (cli_store_article(st, e, &b, NULL, &r, NULL, NULL, &err) != 1) fail_msg("store: %s", err);
    assert_int_equal(st_commit(st, &err), 0);
    assert_int_equal(r.kind, DD_EXACT);
    assert_int_equal(r.duplicate_of, a.id);
    assert_int_equal(r.cluster, a.id);
    assert_int_equal(r.nshared, 2);
    int64_t keys = 0, arts = 0, cls = 0, bytes = 0, ib = 0;
    assert_int_equal(st_dd_sizes(st, &keys, &arts, &cls, &bytes, &ib, &err), 0);
    assert_int_equal(arts, 2);
    assert_int_equal(cls, 1);
    assert_true(keys > 10 && bytes > 0);
    /* The same identity again: stored already, nothing changes. */
    assert_int_equal(st_begin(st, &err), 0);
    st_article b2 = art("https://febrayer.ma/y", NULL, body, 2000);
    assert_int_equal(cli_store_article(st, e, &b2, NULL, &r, NULL, NULL, &err), 0);
    assert_int_equal(b2.id, b.id);
    assert_int_equal(st_commit(st, &err), 0);
    dd_engine_free(e);
    st_close(st);
}

/* ---- search and statistics --------------------------------------------------------- */

typedef struct hits {
    int n;                   /* hits */
    char snippet[512];       /* the first one's snippet */
    int64_t first;           /* the first one's id */
} hits;

static int on_hit(const st_hit *h, void *ud)
{
    hits *x = ud;
    if (!x->n) {
        snprintf(x->snippet, sizeof x->snippet, "%s", h->snippet ? h->snippet : "");
        x->first = h->id;
    }
    x->n++;
    return 0;
}

static hits search(st_store *st, const char *q, const char *lang)
{
    hits x = {0};
    char *err = NULL;
    st_query f = {.since = AK_TIME_NONE, .until = AK_TIME_NONE, .lang = lang};
    int rc = st_search(st, q, &f, 10, on_hit, &x, &err);
    if (rc < 0) fail_msg("search %s: %s", q, err);
    return x;
}

static void test_search_variants(void **state)
{
    (void)state;
    st_store *st = open_store(0);
    char *err = NULL;
    st_begin(st, &err);
    st_article a = art("https://s.ma/ar", NULL,
                       "افتتحت المدرسة الجديدة أبوابها في المغرب.\n\nوقال مدير المستشفى إن الإصلاح ضروري.", 10);
    a.title = "مدرسة جديدة للمغرب";
    a.lang = "ar";
    st_article b = art("https://s.ma/fr", NULL, "L'économie marocaine a progressé cet été, selon le ministère.", 20);
    b.title = "Économie : la croissance";
    b.lang = "fr";
    st_article c = art("https://s.ma/fr2", NULL, "Un texte sans rapport avec le reste.", 30);
    c.lang = "fr";
    assert_int_equal(st_put_article(st, &a, &err), 1);
    assert_int_equal(st_put_article(st, &b, &err), 1);
    assert_int_equal(st_put_article(st, &c, &err), 1);
    st_commit(st, &err);
    static const char *const pairs[][2] = {
        {"مدرسه", "المدرسة"}, {"مستشفي", "المستشفى"}, {"اصلاح", "الإصلاح"}, {"ECONOMIE", "économie"},
        {"ete", "été"}, {"المغرب", "المغرب"}, {"econ*", "économie"},
    };
    for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++) {
        hits x = search(st, pairs[i][0], NULL);
        if (x.n < 1) fail_msg("search '%s' found nothing", pairs[i][0]);
        char want[128];
        snprintf(want, sizeof want, "[%s]", pairs[i][1]);
        if (!strstr(x.snippet, want)) fail_msg("search '%s': snippet '%s' lacks '%s'", pairs[i][0], x.snippet, want);
    }
    /* Every word must appear; filters apply; the title weighs more. */
    assert_int_equal(search(st, "économie xylophone", NULL).n, 0);
    assert_int_equal(search(st, "économie", "ar").n, 0);
    assert_int_equal(search(st, "économie", "fr").n, 1);
    assert_int_equal(search(st, "xylophone", NULL).n, 0);
    hits t = search(st, "texte OR économie", NULL); /* operators are plain words */
    assert_int_equal(t.n, 0);
    hits none = {0};
    assert_true(st_search(st, "!!! ...", NULL, 10, on_hit, &none, &err) < 0);
    free(err);
    st_close(st);
}

typedef struct tally {
    int sites, days, feeds;  /* rows seen */
    int64_t articles, dups;  /* totals */
} tally;

static int on_site(const char *site, int64_t n, int64_t d, int64_t last, int64_t lo, int64_t hi, void *ud)
{
    (void)site, (void)last, (void)lo, (void)hi;
    tally *t = ud;
    t->sites++;
    t->articles += n;
    t->dups += d;
    return 0;
}

static int on_day(int64_t day, int64_t n, int64_t d, void *ud)
{
    (void)day, (void)n, (void)d;
    ((tally *)ud)->days++;
    return 0;
}

static int on_feed(const st_feed *f, void *ud)
{
    (void)f;
    ((tally *)ud)->feeds++;
    return 0;
}

static void test_stats(void **state)
{
    (void)state;
    st_store *st = open_store(0);
    char *err = NULL;
    int64_t a = put(st, "https://a.ma/1", "a", "T", "x", 86400 * 2);
    put(st, "https://a.ma/2", "a", "T", "y", 86400 * 2 + 5);
    put(st, "https://b.ma/1", "b", "T", "z", 86400 * 3);
    uint32_t mh[2] = {0};
    st_dd_state s = {.cluster = a, .similarity = 1, .kind = "near", .minhash = mh, .minhash_len = sizeof mh};
    assert_int_equal(st_dd_state_put(st, 3, &s, a, &err), 0);
    assert_int_equal(st_feed_ok(st, "https://a.ma/feed", "a", NULL, NULL, 2, &err), 0);
    tally t = {0};
    st_stats_cb cb = {.site = on_site, .day = on_day, .days = 10, .feed = on_feed};
    assert_int_equal(st_stats(st, &cb, &t, &err), 0);
    assert_int_equal(t.sites, 2);
    assert_int_equal(t.articles, 3);
    assert_int_equal(t.dups, 1);
    assert_int_equal(t.days, 2);
    assert_int_equal(t.feeds, 1);
    st_close(st);
}

/* ---- transactions and schema -------------------------------------------------------- */

static void test_savepoints(void **state)
{
    (void)state;
    st_store *st = open_store(0);
    char *err = NULL;
    assert_int_equal(st_begin(st, &err), 0);
    put(st, "https://s.ma/kept", "s", "T", "kept", 1);
    assert_int_equal(st_savepoint(st, &err), 0);
    put(st, "https://s.ma/undone", "s", "T", "undone", 2);
    st_savepoint_rollback(st);
    assert_int_equal(st_savepoint(st, &err), 0);
    put(st, "https://s.ma/released", "s", "T", "released", 3);
    assert_int_equal(st_savepoint_release(st, &err), 0);
    assert_int_equal(st_commit(st, &err), 0);
    assert_int_equal(st_count_articles(st), 2);
    assert_int_equal(st_url_state_get(st, "https://s.ma/undone", 3, &err), ST_URL_NEW);
    assert_false(st_conflicted(st));
    st_close(st);
}

static void test_newer_schema_refused(void **state)
{
    (void)state;
    st_store *st = open_store(0);
    st_close(st);
    raw(pg ? "UPDATE akhbar_schema SET version = 999" : "PRAGMA user_version = 999");
    int code = 0;
    char *err = NULL;
    assert_null(st_open(loc, 0, 1000, &code, &err));
    assert_int_equal(code, ST_ESCHEMA);
    assert_non_null(strstr(err, "newer"));
    free(err);
    err = NULL;
    assert_null(st_open(loc, ST_READONLY, 1000, &code, &err));
    assert_int_equal(code, ST_ESCHEMA);
    free(err);
}

static void test_open_errors(void **state)
{
    (void)state;
    int code = 0;
    char *err = NULL;
    char where[600];
    if (pg) {
        /* A database that does not exist, a server that does not answer;
         * a password never shows in messages. */
        snprintf(where, sizeof where, "%s", loc);
        char *q = strstr(where, "akhbar_unit_");
        memcpy(q, "nonexistent_", 12);
        assert_null(st_open(where, 0, 100, &code, &err));
        assert_int_equal(code, ST_EOPEN);
        assert_non_null(strstr(err, "nonexistent_"));
        free(err);
        err = NULL;
        assert_null(st_open("postgresql://akhbar:s3cret@/x?host=/nonexistent-dir", 0, 100, &code, &err));
        assert_int_equal(code, ST_EOPEN);
        assert_null(strstr(err, "s3cret"));
        assert_non_null(strstr(err, "akhbar:***@"));
        free(err);
        char *shown = st_location_display("postgres://u:pw@h:5/d?sslmode=require&password=pw2");
        assert_string_equal(shown, "postgres://u:***@h:5/d?sslmode=require&password=***");
        free(shown);
        /* Read-only on an empty database: not a store yet. */
        raw("DROP SCHEMA public CASCADE; CREATE SCHEMA public");
        err = NULL;
        assert_null(st_open(loc, ST_READONLY, 100, &code, &err));
        assert_int_equal(code, ST_EOPEN);
        assert_non_null(strstr(err, "not an akhbar store"));
        free(err);
    } else {
        assert_null(st_open(dir, 0, 100, &code, &err));
        assert_int_equal(code, ST_EOPEN);
        free(err);
        err = NULL;
        snprintf(where, sizeof where, "sqlite:%s/other.db", dir);
        st_store *st = st_open(where, 0, 100, &code, &err);
        assert_non_null(st);
        assert_string_equal(st_backend_name(st), "sqlite");
        assert_false(st_shared(st));
        st_close(st);
        snprintf(where, sizeof where, "%s/other.db", dir);
        assert_int_equal(access(where, F_OK), 0);
        assert_string_equal(st_location_file("sqlite:/x/y.db"), "/x/y.db");
        assert_null(st_location_file("postgresql:///db"));
    }
}

/* Another writer holding what we need beyond busy_timeout: ST_EBUSY with
 * a message saying so (SQLite: the store's write lock; PostgreSQL: the
 * row). */
static void test_busy(void **state)
{
    (void)state;
    st_store *a = open_store(0);
    char *err = NULL;
    assert_int_equal(st_begin(a, &err), 0);
    put(a, "https://s.ma/held", "s", "T", "held", 1);
    int code = 0;
    st_store *b = st_open(loc, 0, 200, &code, &err); /* SQLite: opening writable takes the lock */
    int rc = b ? st_begin(b, &err) : code;
    if (b && rc == 0) {
        st_article x = art("https://s.ma/held", NULL, "held", 1);
        rc = st_put_article(b, &x, &err);
        st_rollback(b);
    }
    assert_int_equal(rc, ST_EBUSY);
    assert_non_null(strstr(err, "another akhbar process"));
    free(err);
    err = NULL;
    st_close(b);
    assert_int_equal(st_commit(a, &err), 0);
    st_close(a);
}

/* ---- shared stores -------------------------------------------------------------------- */

typedef struct got {
    int n;                   /* entries */
    char urls[64][64];       /* their URLs */
    char sites[64][16];      /* their sites */
} got;

static int on_entry(const st_frontier_entry *e, void *ud)
{
    got *g = ud;
    snprintf(g->urls[g->n], sizeof g->urls[0], "%s", e->url);
    snprintf(g->sites[g->n], sizeof g->sites[0], "%s", e->site ? e->site : "");
    g->n++;
    return 0;
}

static void test_shared_claims(void **state)
{
    (void)state;
    st_store *a = open_store(0), *b = open_store(0);
    char *err = NULL;
    const char *feeds[] = {"https://a.ma/feed", "https://b.ma/feed"}, *sites[] = {"a", "b"};
    bool ca[2], cb[2];
    assert_int_equal(st_feeds_claim(a, feeds, sites, 2, 600, ca, &err), 2);
    assert_true(ca[0] && ca[1]);
    int64_t wait = -1, until = -1;
    const char *why = NULL;
    assert_int_equal(st_host_slot(a, "a.ma", 500, &wait, &until, &why, &err), 0);
    assert_int_equal(wait, 0);
    if (!pg) {
        /* A store of one's own: everything is this process's. */
        assert_int_equal(st_feeds_claim(b, feeds, sites, 2, 600, cb, &err), 2);
        assert_int_equal(st_host_slot(a, "a.ma", 500, &wait, &until, &why, &err), 0);
        assert_int_equal(wait, 0);
        st_frontier_entry e = {.url = "https://a.ma/1"};
        assert_true(st_frontier_add(a, &e, 3, 0, &err) < 0);
        free(err);
        assert_string_equal(st_worker(a), "local");
        st_close(a);
        st_close(b);
        return;
    }
    assert_string_not_equal(st_worker(a), st_worker(b));
    /* Feeds: one claimer per interval. */
    assert_int_equal(st_feeds_claim(b, feeds, sites, 2, 600, cb, &err), 0);
    assert_false(cb[0] || cb[1]);
    raw("UPDATE feeds SET claimed_at = claimed_at - 601 WHERE url = 'https://b.ma/feed'");
    assert_int_equal(st_feeds_claim(b, feeds, sites, 2, 600, cb, &err), 1);
    assert_true(!cb[0] && cb[1]);
    st_frontier_counts fc;
    assert_int_equal(st_frontier_counts_get(a, &fc, &err), 0);
    assert_int_equal(fc.feeding, 1); /* b reads one */
    assert_int_equal(st_feeds_done(b, &err), 0);
    assert_int_equal(st_frontier_counts_get(a, &fc, &err), 0);
    assert_int_equal(fc.feeding, 0);

    /* Host slots: a's start was granted above; b's must wait for the
     * delay after it, and is not granted by asking again early. */
    assert_int_equal(st_host_slot(b, "a.ma", 500, &wait, &until, &why, &err), 0);
    assert_true(wait > 300 && wait <= 500);
    assert_int_equal(st_host_slot(b, "a.ma", 500, &wait, &until, &why, &err), 0);
    assert_true(wait > 300 && wait <= 500);
    /* Once the time has come (moved back with SQL), granted, and the next one waits again. */
    raw("UPDATE hosts SET next_ms = next_ms - 500 WHERE host = 'a.ma'");
    assert_int_equal(st_host_slot(b, "a.ma", 500, &wait, &until, &why, &err), 0);
    assert_int_equal(wait, 0);
    assert_int_equal(st_host_slot(a, "a.ma", 500, &wait, &until, &why, &err), 0);
    assert_true(wait > 300 && wait <= 500);
    assert_int_equal(st_host_slot(b, "other.ma", 500, &wait, &until, &why, &err), 0);
    assert_int_equal(wait, 0);
    assert_int_equal(st_host_pause(a, "p.ma", st_clock(a) + 100, "HTTP 429", &err), 0);
    assert_int_equal(st_host_slot(b, "p.ma", 500, &wait, &until, &why, &err), 0);
    assert_true(until > st_clock(b));
    assert_string_equal(why, "HTTP 429");

    /* The frontier: added once, claimed by one, released, leases. */
    char url[64];
    for (int i = 0; i < 6; i++) {
        snprintf(url, sizeof url, "https://a.ma/%d", i);
        st_frontier_entry e = {.url = url, .host = "a.ma", .feed = feeds[0], .site = "a", .title = "t",
                               .published = 1000 + i};
        assert_int_equal(st_frontier_add(a, &e, 3, ak_now(), &err), 1);
        assert_int_equal(st_frontier_add(b, &e, 3, ak_now(), &err), 0);
    }
    st_frontier_entry paused = {.url = "https://p.ma/1", .host = "p.ma", .site = "p"};
    assert_int_equal(st_frontier_add(a, &paused, 3, ak_now(), &err), 1);
    got ga = {0}, gb = {0};
    assert_int_equal(st_frontier_claim(a, 4, 60, on_entry, &ga, &err), 4);
    assert_string_equal(ga.urls[0], "https://a.ma/0"); /* oldest first */
    assert_string_equal(ga.sites[0], "a");
    /* b gets the rest, not what a holds, nor the paused host's. */
    assert_int_equal(st_frontier_claim(b, 10, 60, on_entry, &gb, &err), 2);
    assert_string_equal(gb.urls[0], "https://a.ma/4");
    assert_int_equal(st_frontier_claim(b, 10, 60, on_entry, &gb, &err), 0);
    assert_int_equal(st_frontier_counts_get(a, &fc, &err), 0);
    assert_int_equal(fc.queued, 7);
    assert_int_equal(fc.claimed, 6);
    assert_int_equal(fc.workers, 2);
    /* Stored and failed URLs leave the frontier; a release puts one back. */
    st_article x = art(ga.urls[0], NULL, "x", 1);
    assert_int_equal(st_put_article(a, &x, &err), 1);
    assert_int_equal(st_url_failed(a, ga.urls[1], "HTTP 500", false, &err), 0);
    assert_int_equal(st_frontier_release(a, ga.urls[2], AK_TIME_NONE, &err), 0);
    assert_int_equal(st_frontier_release(a, ga.urls[3], st_clock(a) + 3600, &err), 0);
    got gc = {0};
    assert_int_equal(st_frontier_claim(b, 10, 60, on_entry, &gc, &err), 1);
    assert_string_equal(gc.urls[0], ga.urls[2]);
    /* A failed URL comes back when a feed lists it again, unless it failed
     * since the run began. */
    st_frontier_entry again = {.url = ga.urls[1], .host = "a.ma", .site = "a"};
    assert_int_equal(st_frontier_add(b, &again, 3, 0, &err), 0);
    assert_int_equal(st_frontier_add(b, &again, 3, ak_now() + 10, &err), 1);
    /* A dead worker's claims come back when its lease runs out; a live
     * one's renewal keeps them. */
    raw("UPDATE urls SET lease_until = lease_until - 61");
    assert_int_equal(st_frontier_renew(b, 60, &err), 3);
    got gd = {0};
    assert_int_equal(st_frontier_claim(a, 10, 60, on_entry, &gd, &err), 1);
    assert_string_equal(gd.urls[0], ga.urls[1]);
    assert_int_equal(st_frontier_release_all(b, &err), 3);
    got ge = {0};
    assert_int_equal(st_frontier_claim(a, 10, 60, on_entry, &ge, &err), 3);
    st_close(a);
    st_close(b);
}

/* Two crawlers store copies of one story at the same moment, many times
 * over: each time both end in one cluster, with one original. */
typedef struct racer {
    int which;               /* 0 or 1 */
    int rounds;              /* stories */
    pthread_barrier_t *go;   /* both start each round together */
    int retries;             /* conflicts retried */
    char err[512];           /* the first failure */
    int64_t span[64][2];     /* each round's transaction: start and end (monotonic ms) */
} racer;

/* Round round's story: three paragraphs of words drawn for that round
 * (so that stories of different rounds share nothing); the second site's
 * copy adds an attribution at the end. */
static void story(char *out, size_t n, int round, int which)
{
    static const char *const words[] = {
        "الحكومة", "الوزارة", "البرلمان", "المدينة", "الجهة", "الإقليم", "المشروع", "البرنامج", "الميزانية",
        "المواطنين", "الشباب", "المدارس", "المستشفيات", "الطرق", "الفلاحة", "الصيد", "السياحة", "الصناعة",
        "الطاقة", "المياه", "الأمطار", "الجفاف", "الأسعار", "الأسواق", "الصادرات", "الواردات", "الاستثمار",
        "الشركات", "العمال", "النقابات", "الحوار", "الاتفاق", "القانون", "المحكمة", "القضية", "التحقيق",
        "الأمن", "الشرطة", "الحدود", "التعاون", "الشراكة", "الاتحاد", "الإفريقي", "الأوروبي", "الدولي",
        "الرياضة", "المنتخب", "البطولة", "المباراة", "الجمهور", "الثقافة", "المهرجان", "الكتاب", "الفنانين",
        "التعليم", "الجامعة", "الطلبة", "البحث", "العلمي", "الرقمي", "الإدارة", "الخدمات", "الصحة",
    };
    size_t nw = sizeof words / sizeof words[0];
    uint64_t x = 0x9E3779B97F4A7C15ULL * (uint64_t)(round + 1);
    size_t len = 0;
    out[0] = '\0';
    for (int p = 0; p < 3; p++) {
        for (int w = 0; w < 30 && len + 64 < n; w++) {
            x ^= x << 13, x ^= x >> 7, x ^= x << 17;
            len += (size_t)snprintf(out + len, n - len, "%s%s", w ? " " : "", words[x % nw]);
        }
        len += (size_t)snprintf(out + len, n - len, "%s.%s", which && p == 2 ? " حسب المصدر ذاته" : "",
                                p < 2 ? "\n\n" : "");
    }
}

static void *race(void *arg)
{
    racer *r = arg;
    int code = 0;
    char *err = NULL;
    st_store *st = st_open(loc, 0, 5000, &code, &err);
    if (!st) {
        snprintf(r->err, sizeof r->err, "open: %s", err);
        free(err);
        pthread_barrier_wait(r->go);
        return NULL;
    }
    dd_engine *e = dd_engine_new(&cli_dd_store_ops, st, NULL);
    for (int i = 0; i < r->rounds; i++) {
        char url[96], body[8192];
        snprintf(url, sizeof url, "https://site%d.ma/story-%d", r->which, i);
        story(body, sizeof body, i, r->which);
        st_article a = art(url, NULL, body, 5000 + i * 10 + r->which);
        a.site = r->which ? "febrayer" : "hespress";
        a.title = "افتتاح مدارس جديدة بالرباط";
        dd_result res;
        pthread_barrier_wait(r->go);
        if (!r->err[0]) {
            r->span[i][0] = ak_mono_ms();
            int rc = st_begin(st, &err);
            if (!rc) rc = cli_store_article(st, e, &a, NULL, &res, &r->retries, NULL, &err);
            if (rc >= 0) rc = st_commit(st, &err);
            else st_rollback(st);
            r->span[i][1] = ak_mono_ms();
            if (rc < 0) {
                snprintf(r->err, sizeof r->err, "round %d: %s", i, err ? err : "?");
                free(err);
                err = NULL;
            }
        }
    }
    dd_engine_free(e);
    st_close(st);
    return NULL;
}

static int count_cluster(const st_article *a, void *ud)
{
    int64_t *x = ud; /* [0] members, [1] originals, [2] cluster */
    x[0]++;
    if (a->duplicate_of == 0) x[1]++;
    x[2] = a->cluster_id;
    return 0;
}

static void test_concurrent_copies(void **state)
{
    (void)state;
    st_store *st = open_store(0); /* creates the schema */
    st_close(st);
    enum { ROUNDS = 24 };
    pthread_barrier_t go;
    pthread_barrier_init(&go, NULL, 2);
    racer r[2] = {{.which = 0, .rounds = ROUNDS, .go = &go}, {.which = 1, .rounds = ROUNDS, .go = &go}};
    pthread_t t[2];
    /* On SQLite the two writers take turns (one writer at a time): the
     * same outcome is expected, with no conflicts to retry. */
    for (int i = 0; i < 2; i++) pthread_create(&t[i], NULL, race, &r[i]);
    for (int i = 0; i < 2; i++) pthread_join(t[i], NULL);
    pthread_barrier_destroy(&go);
    for (int i = 0; i < 2; i++)
        if (r[i].err[0]) fail_msg("crawler %d: %s", i, r[i].err);
    st = open_store(ST_READONLY);
    char *err = NULL;
    for (int i = 0; i < ROUNDS; i++) {
        char u0[96], u1[96];
        snprintf(u0, sizeof u0, "https://site0.ma/story-%d", i);
        snprintf(u1, sizeof u1, "https://site1.ma/story-%d", i);
        int64_t ids[2] = {0};
        seen all = {0};
        st_query q = {.since = 5000 + i * 10, .until = 5000 + i * 10 + 2};
        assert_int_equal(st_export(st, &q, collect, &all, &err), 0);
        if (all.n != 2) fail_msg("round %d: %d articles stored", i, all.n);
        ids[0] = all.ids[0];
        ids[1] = all.ids[1];
        st_dd_state s0, s1;
        assert_int_equal(st_dd_state_get(st, ids[0], &s0, &err), 1);
        int64_t c0 = s0.cluster;
        assert_int_equal(st_dd_state_get(st, ids[1], &s1, &err), 1);
        if (c0 != s1.cluster) fail_msg("round %d: the two copies are in clusters %lld and %lld", i, (long long)c0,
                                       (long long)s1.cluster);
        int64_t x[3] = {0};
        assert_int_equal(st_dd_cluster_members(st, c0, count_cluster, x, &err), 0);
        if (x[0] != 2 || x[1] != 1) fail_msg("round %d: %lld members, %lld originals", i, (long long)x[0],
                                             (long long)x[1]);
        st_dd_cluster cl;
        assert_int_equal(st_dd_cluster_get(st, c0, &cl, &err), 1);
        assert_int_equal(cl.size, 2);
        assert_int_equal(cl.original, ids[0]); /* published first */
    }
    /* The race was run: the two transactions overlapped in time. */
    int overlaps = 0;
    for (int i = 0; i < ROUNDS; i++)
        overlaps += r[0].span[i][0] <= r[1].span[i][1] && r[1].span[i][0] <= r[0].span[i][1];
    print_message("# %d rounds, %d with both transactions open at once, %d conflicts retried\n", ROUNDS,
                  overlaps, r[0].retries + r[1].retries);
    if (pg && overlaps == 0) fail_msg("the two crawlers never wrote at the same moment: the race was not run");
    st_close(st);
}

/* A conflict between two crawlers is undone and retried: crawler B's
 * article needs the keys A holds while A waits for one B holds (a
 * deadlock PostgreSQL breaks by failing B, which waited first); B stores
 * it again once A is done.  PostgreSQL only (SQLite has one writer at a
 * time: a second waits and never conflicts). */
static uint64_t rec_keys[256];
static size_t nrec;

static int recording_keys_add(void *ctx, const uint64_t *keys, size_t n, int64_t id, int64_t t, dd_keyrec *prev,
                              char **err)
{
    for (size_t i = 0; i < n && nrec < 256; i++) rec_keys[nrec++] = keys[i];
    return cli_dd_store_ops.keys_add(ctx, keys, n, id, t, prev, err);
}

typedef struct blocked {
    char body[2048];         /* the article */
    int rc;                  /* cli_store_article's answer */
    int retries;             /* conflicts retried */
    char err[512];           /* its message */
} blocked;

static void *store_blocked(void *arg)
{
    blocked *b = arg;
    int code = 0;
    char *err = NULL;
    st_store *st = st_open(loc, 0, 20000, &code, &err);
    if (!st) {
        b->rc = code;
        snprintf(b->err, sizeof b->err, "%s", err);
        return NULL;
    }
    dd_engine *e = dd_engine_new(&cli_dd_store_ops, st, NULL);
    st_article a = art("https://b.ma/story", NULL, b->body, 3000);
    dd_result r;
    b->rc = st_begin(st, &err);
    if (!b->rc) b->rc = cli_store_article(st, e, &a, NULL, &r, &b->retries, NULL, &err);
    if (b->rc >= 0) b->rc = st_commit(st, &err);
    if (err) snprintf(b->err, sizeof b->err, "%s", err);
    free(err);
    dd_engine_free(e);
    st_close(st);
    return NULL;
}

static int64_t waiting(void)
{
    PGconn *c = PQconnectdb(loc);
    PGresult *r = PQexec(c, "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'");
    int64_t n = PQresultStatus(r) == PGRES_TUPLES_OK ? atoll(PQgetvalue(r, 0, 0)) : -1;
    PQclear(r);
    PQfinish(c);
    return n;
}

static void test_conflict_retried(void **state)
{
    (void)state;
    blocked b = {0};
    snprintf(b.body, sizeof b.body, "%s\n\n%s", P1, P2);
    char *err = NULL;
    /* Which keys the article takes (a dry run, rolled back). */
    st_store *a = open_store(0);
    dd_index_ops ops = cli_dd_store_ops;
    ops.keys_add = recording_keys_add;
    dd_engine *e = dd_engine_new(&ops, a, NULL);
    assert_int_equal(st_begin(a, &err), 0);
    st_article dry = art("https://b.ma/dry", NULL, b.body, 3000);
    dd_result r;
    assert_int_equal(cli_store_article(a, e, &dry, NULL, &r, NULL, NULL, &err), 1);
    st_rollback(a);
    dd_engine_free(e);
    assert_true(nrec >= 4);
    uint64_t lo = rec_keys[0], hi = rec_keys[0];
    for (size_t i = 0; i < nrec; i++) {
        if ((int64_t)rec_keys[i] < (int64_t)lo) lo = rec_keys[i];
        if ((int64_t)rec_keys[i] > (int64_t)hi) hi = rec_keys[i];
    }
    /* A holds the key B takes last; B blocks on it holding the first. */
    assert_int_equal(st_begin(a, &err), 0);
    assert_int_equal(st_dd_key_add(a, hi, 999, 1, NULL, &err), 0);
    pthread_t t;
    pthread_create(&t, NULL, store_blocked, &b);
    for (int i = 0; i < 500 && waiting() < 1; i++) usleep(10000);
    assert_int_equal(waiting(), 1);
    /* A now wants B's first key: a deadlock; B, waiting first, is failed. */
    int rc = st_dd_key_add(a, lo, 999, 1, NULL, &err);
    if (rc < 0) fail_msg("the deadlock failed the wrong side: %s", err);
    assert_int_equal(st_commit(a, &err), 0);
    pthread_join(t, NULL);
    if (b.rc != 0) fail_msg("crawler B: %d %s", b.rc, b.err);
    assert_true(b.retries >= 1);
    assert_int_equal(st_url_state_get(a, "https://b.ma/story", 3, &err), ST_URL_STORED);
    st_dd_key k;
    assert_int_equal(st_dd_key_get(a, lo, &k, &err), 1);
    assert_int_equal(k.n, 2); /* A's and B's, once each: B's failed attempt left nothing */
    st_close(a);
}

#define T(prefix, f) {prefix #f, f, setup, teardown, NULL}
#define ALL(prefix)                                                                                      \
    T(prefix, test_identity_and_states), T(prefix, test_export_and_readonly),                            \
    T(prefix, test_export_streams), T(prefix, test_feed_outcomes), T(prefix, test_hosts_robots_sitemaps), \
    T(prefix, test_dd_keys), T(prefix, test_dd_state_and_clusters), T(prefix, test_engine_across_runs),   \
    T(prefix, test_search_variants), T(prefix, test_stats), T(prefix, test_savepoints),                   \
    T(prefix, test_newer_schema_refused), T(prefix, test_open_errors), T(prefix, test_busy),              \
    T(prefix, test_shared_claims),                                                                       \
    T(prefix, test_concurrent_copies)

int main(void)
{
    st_set_text_normalizer(dd_normalize);
    const struct CMUnitTest sqlite_tests[] = {ALL("sqlite: ")};
    const struct CMUnitTest pg_tests[] = {ALL("postgresql: "), T("postgresql: ", test_conflict_retried)};
    int failed = cmocka_run_group_tests_name("sqlite", sqlite_tests, group_setup_sqlite, NULL);
    failed += cmocka_run_group_tests_name("postgresql", pg_tests, group_setup_pg, group_teardown_pg);
    return failed ? 1 : 0;
}
