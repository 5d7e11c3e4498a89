/* test_ddstore.c -- the store's deduplication tables: keys written once
 * and returning their previous holders, dedup state and duplicate_of,
 * clusters merged and re-based, articles pending deduplication, and the
 * engine on the SQLite store across a close and reopen. */
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
#include "dedup/engine.h"
#include "main/ddstore.h"
#include "store/store.h"

#include "tests/unit/tmpstore.h"

static int64_t put(st_store *st, const char *url, const char *site, const char *body, int64_t published)
{
    st_article a = {.url = url, .site = site, .feed_url = "https://s.ma/feed", .title = "T", .body = body,
                    .content_hash = "0000000000000000000000000000000000000000000000000000000000000000",
                    .published = published, .modified = AK_TIME_NONE, .fetched_at = 1000};
    char *err = NULL;
    if (st_put_article(st, &a, &err) != 1) fail_msg("put: %s", err);
    return a.id;
}

static void test_keys(void **state)
{
    (void)state;
    st_store *st = open_rw();
    st_dd_key k, prev;
    char *err = NULL;
    uint64_t key = 0xF123456789ABCDEFULL; /* above INT64_MAX: stored as a signed rowid */
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
    /* An earlier publication takes the first place; the writer learns it replaced it. */
    assert_int_equal(st_dd_key_add(st, key, 15, 100, &prev, &err), 0);
    assert_int_equal(prev.first, 0);
    st_dd_key_get(st, key, &k, &err);
    assert_int_equal(k.first, 15);
    assert_int_equal(k.first_time, 100);
    st_close(st);
}

static int collect(int64_t id, void *ud);
static int check(const st_article *x, void *ud);

static void test_state_and_clusters(void **state)
{
    (void)state;
    st_store *st = open_rw();
    char *err = NULL;
    int64_t a = put(st, "https://a.ma/1", "a", "نص أول", 100);
    int64_t b = put(st, "https://b.ma/1", "b", "نص ثان", 200);
    int64_t c = put(st, "https://c.ma/1", "c", "نص ثالث", 50);
    /* Pending: all three, oldest first. */
    int64_t seen[3] = {0}, n = 0;
    assert_int_equal(st_dd_pending(st, collect, seen, &err), 0);
    for (int i = 0; i < 3; i++) n += seen[i] != 0;
    assert_int_equal(n, 3);
    assert_int_equal(seen[0], a);
    uint32_t mh[4] = {1, 2, 3, 4};
    st_dd_state s = {.cluster = a, .match = 0, .similarity = 1, .kind = "original", .simhash = 0xFFFFFFFFFFFFFFFFULL,
                     .minhash = mh, .minhash_len = sizeof mh};
    assert_int_equal(st_dd_state_put(st, a, &s, 0, &err), 0);
    st_dd_cluster cl = {.id = a, .original = a, .original_time = 100, .size = 1};
    assert_int_equal(st_dd_cluster_put(st, &cl, &err), 0);
    s.match = a, s.similarity = 0.8, s.kind = "near";
    assert_int_equal(st_dd_state_put(st, b, &s, a, &err), 0);
    /* c founds its own cluster, then merges in and, published first, becomes the original. */
    s.cluster = c, s.match = 0, s.kind = "original";
    assert_int_equal(st_dd_state_put(st, c, &s, 0, &err), 0);
    assert_int_equal(st_dd_cluster_merge(st, c, a, &err), 0);
    assert_int_equal(st_dd_cluster_get(st, c, &cl, &err), 0);
    assert_int_equal(st_dd_cluster_set_original(st, a, c, a, c, 0.9, "contained", &err), 0);
    st_dd_state got;
    assert_int_equal(st_dd_state_get(st, a, &got, &err), 1);
    assert_int_equal(got.cluster, a);
    assert_int_equal(got.match, c);
    assert_string_equal(got.kind, "contained");
    assert_int_equal(got.simhash, 0xFFFFFFFFFFFFFFFFULL);
    assert_int_equal(got.minhash_len, sizeof mh);
    assert_memory_equal(got.minhash, mh, sizeof mh);
    uint32_t sig[4];
    uint64_t sh = 0;
    assert_int_equal(st_dd_sig_get(st, b, sig, sizeof sig, &sh, &err), 1);
    assert_memory_equal(sig, mh, sizeof mh);
    /* duplicate_of follows the new original. */
    int64_t members = 0;
    assert_int_equal(st_dd_cluster_members(st, a, check, &members, &err), 0);
    assert_int_equal(members, 3);
    int64_t left[3] = {0};
    assert_int_equal(st_dd_pending(st, collect, left, &err), 0);
    assert_int_equal(left[0], 0); /* nothing pending any more */
    st_close(st);
}

static int collect(int64_t id, void *ud)
{
    int64_t *seen = ud;
    for (int i = 0; i < 3; i++)
        if (!seen[i]) {
            seen[i] = id;
            return 0;
        }
    return 1; /* more than three pending: an error */
}

static int check(const st_article *x, void *ud)
{
    int64_t *n = ud;
    /* c (id 3) is the original, published first; it comes first. */
    if (*n == 0) assert_int_equal(x->id, 3);
    if (x->id == 3) assert_int_equal(x->duplicate_of, 0);
    else assert_int_equal(x->duplicate_of, 3);
    (*n)++;
    return 0;
}

/* The engine on the SQLite store: a copy crawled in a later run (after a
 * close and reopen) joins the story of the first. */
static void test_engine_across_runs(void **state)
{
    (void)state;
    const char *p1 = "أعلنت وزارة الداخلية عن فتح باب التسجيل في اللوائح الانتخابية العامة إلى غاية نهاية شهر دجنبر، وذلك عبر الموقع الإلكتروني المخصص لهذا الغرض.";
    const char *p2 = "ودعت الوزارة الشباب البالغين ثمانية عشر عاما إلى المبادرة بالتسجيل، مؤكدة أن العملية مجانية ولا تتطلب سوى الإدلاء بالبطاقة الوطنية.";
    char body[2048];
    snprintf(body, sizeof body, "%s\n\n%s", p1, p2);
    char *err = NULL;
    st_store *st = open_rw();
    dd_engine *e = dd_engine_new(&cli_dd_store_ops, st, NULL);
    assert_int_equal(st_begin(st, &err), 0);
    int64_t a = put(st, "https://hespress.ma/x", "hespress", body, 1000);
    dd_article in = {.id = a, .site = "hespress", .title = "التسجيل", .body = body, .published = 1000, .fetched = 1000};
    dd_result r;
    assert_int_equal(dd_engine_add(e, &in, &r, &err), 0);
    assert_int_equal(r.kind, DD_ORIGINAL);
    assert_int_equal(st_commit(st, &err), 0);
    dd_engine_free(e);
    st_close(st);

    st = open_rw();
    e = dd_engine_new(&cli_dd_store_ops, st, NULL);
    assert_int_equal(st_begin(st, &err), 0);
    int64_t b = put(st, "https://febrayer.ma/y", "febrayer", body, 2000);
    in = (dd_article){.id = b, .site = "febrayer", .title = "التسجيل", .body = body, .published = 2000, .fetched = 2000};
    assert_int_equal(dd_engine_add(e, &in, &r, &err), 0);
    assert_int_equal(st_commit(st, &err), 0);
    assert_int_equal(r.kind, DD_EXACT);
    assert_int_equal(r.duplicate_of, a);
    assert_int_equal(r.cluster, a);
    assert_int_equal(r.nshared, 2);
    int64_t keys = 0, arts = 0, cls = 0, bytes = 0, ib = 0;
    assert_int_equal(st_dd_sizes(st, &keys, &arts, &cls, &bytes, &ib, &err), 0);
    assert_int_equal(arts, 2);
    assert_int_equal(cls, 1);
    assert_true(keys > 10 && bytes > 0);
    dd_engine_free(e);
    st_close(st);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_keys, setup, teardown),
        cmocka_unit_test_setup_teardown(test_state_and_clusters, setup, teardown),
        cmocka_unit_test_setup_teardown(test_engine_across_runs, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
