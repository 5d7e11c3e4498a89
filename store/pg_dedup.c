/* pg_dedup.c -- the deduplication tables of the PostgreSQL store (the
 * st_dd_* functions of store.h; schema in pg.c).
 *
 * As on SQLite, every lookup is one indexed read.  What sharing adds:
 * two workers storing copies of one story at the same moment must end in
 * one cluster.  A copy always shares a fingerprint key with what it
 * copies, and adding a key is an upsert: the second worker waits for the
 * first one's row, then sees its article among the key's holders, exactly
 * as if they had come one after the other.  Clusters are read FOR UPDATE
 * inside a transaction, so their sizes and originals are never computed
 * from a stale row; a cluster that vanished under us (merged by another
 * worker since we read which cluster a candidate was in) is ST_ECONFLICT,
 * and the caller retries the article (main/shared.c), as it does after a
 * deadlock between two such upserts.
 */
#include "store/pg_int.h"
#include "common/mem.h"
#include "common/timeutil.h"

#include <stdlib.h>
#include <string.h>

enum {
    D_KEY_GET = 48, D_KEY_ADD, D_ART_GET, D_STATE_PUT, D_DUP_SET, D_CL_GET, D_CL_GET_LOCK, D_CL_MEMBERS,
    D_CL_PUT, D_CL_MOVE, D_CL_DEL, D_CL_ORIG, D_MATCH_SET, D_STATE_GET, D_SIG_GET, D_PENDING_LOCK,
    D_PENDING_UNLOCK, D_SIZES, D_KEYS_ADD
};
enum { K_ART = 2, K_STATE = 3 }; /* keep slots (pg.c uses 0 and 1) */

/* Advisory lock of the backfill of articles without dedup state: one
 * worker does it, the others leave it to that one. */
#define LOCK_BACKFILL 0x616b686261720002LL

int pg_dd_key_get(st_store *st, uint64_t key, st_dd_key *k, char **err)
{
    pg_args a = {0};
    pg_i64(&a, (int64_t)key);
    int code = 0;
    PGresult *r = pg_run(PGS(st), false, D_KEY_GET,
                         "SELECT n, first, first_time, r0, r1, r2 FROM dd_keys WHERE key = $1", &a,
                         "reading a dedup key", &code, err);
    if (!r) return code;
    int found = PQntuples(r) > 0;
    if (found) {
        k->n = pg_get_i64(r, 0, 0);
        k->first = pg_get_i64(r, 0, 1);
        k->first_time = pg_get_i64(r, 0, 2);
        for (int i = 0; i < 3; i++) k->recent[i] = pg_get_i64(r, 0, 3 + i);
    }
    PQclear(r);
    return found;
}

int pg_dd_key_add(st_store *st, uint64_t key, int64_t id, int64_t t, st_dd_key *prev, char **err)
{
    pg_args a = {0};
    pg_i64(&a, (int64_t)key);
    pg_i64(&a, id);
    pg_i64(&a, t);
    int code = 0;
    PGresult *r = pg_run(PGS(st), false, D_KEY_ADD,
                         "INSERT INTO dd_keys AS k (key, n, first, first_time, r0) VALUES($1, 1, $2, $3, $2)"
                         " ON CONFLICT(key) DO UPDATE SET n = k.n + 1,"
                         " first = CASE WHEN EXCLUDED.first_time < k.first_time OR"
                         "   (EXCLUDED.first_time = k.first_time AND EXCLUDED.first < k.first)"
                         "   THEN EXCLUDED.first ELSE k.first END,"
                         " first_time = least(k.first_time, EXCLUDED.first_time),"
                         " r3 = k.r2, r2 = k.r1, r1 = k.r0, r0 = EXCLUDED.r0"
                         " RETURNING n, first, first_time, r1, r2, r3",
                         &a, "writing a dedup key", &code, err);
    if (!r) return code;
    if (prev && PQntuples(r)) {
        /* The row after the update: n - 1 and r1..r3 are what it was. */
        prev->n = pg_get_i64(r, 0, 0) - 1;
        prev->first = pg_get_i64(r, 0, 1);
        prev->first_time = pg_get_i64(r, 0, 2);
        for (int i = 0; i < 3; i++) prev->recent[i] = pg_get_i64(r, 0, 3 + i);
        if (prev->n == 0) {
            prev->first = 0;
            prev->first_time = 0;
        } else if (prev->first == id) {
            prev->first = 0; /* this article replaced the earliest holder */
            prev->first_time = INT64_MAX;
        }
    }
    PQclear(r);
    return 0;
}

/* The record a key had before this article was added, from the row after
 * the update (as pg_dd_key_add). */
static void prev_from_row(const PGresult *r, int row, int64_t id, st_dd_key *prev)
{
    prev->n = pg_get_i64(r, row, 1) - 1;
    prev->first = pg_get_i64(r, row, 2);
    prev->first_time = pg_get_i64(r, row, 3);
    for (int i = 0; i < 3; i++) prev->recent[i] = pg_get_i64(r, row, 4 + i);
    if (prev->n == 0) {
        prev->first = 0;
        prev->first_time = 0;
    } else if (prev->first == id) {
        prev->first = 0;
        prev->first_time = INT64_MAX;
    }
}

/* All of an article's keys in one statement, locked in ascending order
 * (two workers adding overlapping key sets then wait for each other
 * instead of deadlocking).  A key repeated in keys goes in a later
 * statement, so that each occurrence sees the one before, as key-by-key
 * calls would. */
int pg_dd_keys_add(st_store *st, const uint64_t *keys, size_t n, int64_t id, int64_t t, st_dd_key *prev,
                   char **err)
{
    pg_store *p = PGS(st);
    bool *done = ak_calloc(n + 1, sizeof *done);
    size_t *round = ak_malloc((n + 1) * sizeof *round);
    size_t left = n;
    int ret = 0;
    ak_buf arr = {0};
    while (left && ret == 0) {
        size_t m = 0;
        ak_buf_clear(&arr);
        ak_buf_putc(&arr, '{');
        for (size_t i = 0; i < n; i++) {
            if (done[i]) continue;
            bool dup = false;
            for (size_t k = 0; k < m && !dup; k++) dup = keys[round[k]] == keys[i];
            if (dup) continue;
            if (m) ak_buf_putc(&arr, ',');
            ak_buf_printf(&arr, "%lld", (long long)(int64_t)keys[i]);
            round[m++] = i;
        }
        ak_buf_putc(&arr, '}');
        pg_args a = {0};
        pg_text(&a, arr.data);
        pg_i64(&a, id);
        pg_i64(&a, t);
        int code = 0;
        PGresult *r = pg_run(p, false, D_KEYS_ADD,
                             "INSERT INTO dd_keys AS k (key, n, first, first_time, r0)"
                             " SELECT u.key, 1, $2, $3, $2 FROM unnest($1::bigint[]) AS u(key) ORDER BY u.key"
                             " ON CONFLICT(key) DO UPDATE SET n = k.n + 1,"
                             " first = CASE WHEN EXCLUDED.first_time < k.first_time OR"
                             "   (EXCLUDED.first_time = k.first_time AND EXCLUDED.first < k.first)"
                             "   THEN EXCLUDED.first ELSE k.first END,"
                             " first_time = least(k.first_time, EXCLUDED.first_time),"
                             " r3 = k.r2, r2 = k.r1, r1 = k.r0, r0 = EXCLUDED.r0"
                             " RETURNING key, n, first, first_time, r1, r2, r3",
                             &a, "writing dedup keys", &code, err);
        pg_args_free(&a);
        if (!r) {
            ret = code;
            break;
        }
        for (int row = 0; row < PQntuples(r); row++) {
            int64_t key = pg_get_i64(r, row, 0);
            for (size_t k = 0; k < m; k++)
                if ((int64_t)keys[round[k]] == key) {
                    if (prev) prev_from_row(r, row, id, &prev[round[k]]);
                    break;
                }
        }
        if ((size_t)PQntuples(r) != m && ret == 0) {
            ret = ST_EMISC;
            if (err) *err = ak_strdup("store: writing dedup keys: a key was not returned");
        }
        PQclear(r);
        for (size_t k = 0; k < m; k++) done[round[k]] = true;
        left -= m;
    }
    ak_buf_free(&arr);
    free(done);
    free(round);
    return ret;
}

int pg_dd_article_get(st_store *st, int64_t id, st_dd_article *x, char **err)
{
    pg_store *p = PGS(st);
    pg_args a = {0};
    pg_i64(&a, id);
    int code = 0;
    PGresult *r = pg_run(p, false, D_ART_GET,
                         "SELECT a.site, a.title, a.body, a.published, a.fetched_at, d.cluster, a.url FROM articles a"
                         " LEFT JOIN dd_articles d ON d.article_id = a.id WHERE a.id = $1",
                         &a, "reading an article", &code, err);
    if (!r) return code;
    if (!PQntuples(r)) {
        PQclear(r);
        return 0;
    }
    pg_keep(p, K_ART, r);
    x->id = id;
    x->site = pg_get_text(r, 0, 0);
    x->title = pg_get_text(r, 0, 1);
    x->body = pg_get_text(r, 0, 2);
    x->published = pg_get_time(r, 0, 3);
    x->fetched_at = pg_get_i64(r, 0, 4);
    x->cluster = pg_get_i64(r, 0, 5);
    x->url = pg_get_text(r, 0, 6);
    return 1;
}

int pg_dd_state_put(st_store *st, int64_t id, const st_dd_state *d, int64_t duplicate_of, char **err)
{
    pg_store *p = PGS(st);
    pg_args a = {0};
    pg_i64(&a, id);
    pg_i64(&a, d->cluster);
    if (d->match > 0) pg_i64(&a, d->match);
    else pg_null(&a);
    pg_f64(&a, d->similarity);
    pg_text(&a, d->kind ? d->kind : "original");
    pg_i64(&a, (int64_t)d->simhash);
    pg_bytes(&a, d->minhash, d->minhash ? d->minhash_len : 0);
    if (d->paras_len) pg_bytes(&a, d->paras, d->paras_len);
    else pg_null(&a);
    int rc = pg_do(p, false, D_STATE_PUT,
                   "INSERT INTO dd_articles(article_id, cluster, match, similarity, kind, simhash, minhash, paras)"
                   " VALUES($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT(article_id) DO UPDATE SET"
                   " cluster = EXCLUDED.cluster, match = EXCLUDED.match, similarity = EXCLUDED.similarity,"
                   " kind = EXCLUDED.kind, simhash = EXCLUDED.simhash, minhash = EXCLUDED.minhash,"
                   " paras = EXCLUDED.paras",
                   &a, "writing dedup state", err);
    pg_args_free(&a);
    if (rc) return rc;
    pg_args b = {0};
    pg_i64(&b, id);
    if (duplicate_of > 0) pg_i64(&b, duplicate_of);
    else pg_null(&b);
    return pg_do(p, false, D_DUP_SET, "UPDATE articles SET duplicate_of = $2 WHERE id = $1", &b,
                 "writing duplicate_of", err);
}

int pg_dd_sig_get(st_store *st, int64_t id, void *minhash, size_t len, uint64_t *simhash, char **err)
{
    pg_args a = {0};
    pg_i64(&a, id);
    int code = 0;
    PGresult *r = pg_run(PGS(st), false, D_SIG_GET, "SELECT minhash, simhash FROM dd_articles WHERE article_id = $1",
                         &a, "reading sketches", &code, err);
    if (!r) return code;
    if (!PQntuples(r)) {
        PQclear(r);
        return 0;
    }
    size_t n;
    const void *b = pg_get_bytes(r, 0, 0, &n);
    memset(minhash, 0xFF, len);
    if (b) memcpy(minhash, b, n < len ? n : len);
    *simhash = (uint64_t)pg_get_i64(r, 0, 1);
    PQclear(r);
    return 1;
}

int pg_dd_state_get(st_store *st, int64_t id, st_dd_state *d, char **err)
{
    pg_store *p = PGS(st);
    pg_args a = {0};
    pg_i64(&a, id);
    int code = 0;
    PGresult *r = pg_run(p, false, D_STATE_GET,
                         "SELECT cluster, match, similarity, kind, simhash, minhash, paras FROM dd_articles"
                         " WHERE article_id = $1",
                         &a, "reading dedup state", &code, err);
    if (!r) return code;
    if (!PQntuples(r)) {
        PQclear(r);
        return 0;
    }
    pg_keep(p, K_STATE, r);
    d->cluster = pg_get_i64(r, 0, 0);
    d->match = pg_get_i64(r, 0, 1);
    d->similarity = pg_get_f64(r, 0, 2);
    d->kind = pg_get_text(r, 0, 3);
    d->simhash = (uint64_t)pg_get_i64(r, 0, 4);
    d->minhash = pg_get_bytes(r, 0, 5, &d->minhash_len);
    d->paras = pg_get_bytes(r, 0, 6, &d->paras_len);
    if (!d->minhash) d->minhash = "";
    if (!d->paras) d->paras = "";
    return 1;
}

int pg_dd_cluster_get(st_store *st, int64_t id, st_dd_cluster *c, char **err)
{
    pg_store *p = PGS(st);
    /* Inside a writing transaction the row is locked: whoever else joins
     * or merges this cluster waits for our commit, then reads our sizes. */
    bool lock = p->in_tx && !p->readonly;
    pg_args a = {0};
    pg_i64(&a, id);
    int code = 0;
    PGresult *r = pg_run(p, false, lock ? D_CL_GET_LOCK : D_CL_GET,
                         lock ? "SELECT original, original_time, size FROM dd_clusters WHERE id = $1 FOR UPDATE"
                              : "SELECT original, original_time, size FROM dd_clusters WHERE id = $1",
                         &a, "reading a cluster", &code, err);
    if (!r) return code;
    int found = PQntuples(r) > 0;
    if (found) {
        c->id = id;
        c->original = pg_get_i64(r, 0, 0);
        c->original_time = pg_get_i64(r, 0, 1);
        c->size = pg_get_i64(r, 0, 2);
    }
    PQclear(r);
    if (found || !lock) return found;
    /* Gone: merged away by another worker after we read which cluster a
     * candidate was in (its members have moved), unless the store simply
     * lacks the record (members still point at it: answer as SQLite). */
    r = pg_run(p, false, D_CL_MEMBERS, "SELECT 1 FROM dd_articles WHERE cluster = $1 LIMIT 1", &a,
               "reading a cluster", &code, err);
    if (!r) return code;
    int members = PQntuples(r);
    PQclear(r);
    if (members) return 0;
    p->conflict = true;
    if (err) {
        ak_buf b = {0};
        ak_buf_printf(&b, "store %s: cluster %lld was merged by another process meanwhile; retried", p->shown,
                      (long long)id);
        free(*err);
        *err = ak_buf_steal(&b);
    }
    return ST_ECONFLICT;
}

int pg_dd_cluster_put(st_store *st, const st_dd_cluster *c, char **err)
{
    pg_args a = {0};
    pg_i64(&a, c->id);
    pg_i64(&a, c->original);
    pg_i64(&a, c->original_time);
    pg_i64(&a, c->size);
    return pg_do(PGS(st), false, D_CL_PUT,
                 "INSERT INTO dd_clusters(id, original, original_time, size) VALUES($1, $2, $3, $4)"
                 " ON CONFLICT(id) DO UPDATE SET original = EXCLUDED.original,"
                 " original_time = EXCLUDED.original_time, size = EXCLUDED.size",
                 &a, "writing a cluster", err);
}

int pg_dd_cluster_merge(st_store *st, int64_t from, int64_t into, char **err)
{
    pg_args a = {0};
    pg_i64(&a, from);
    pg_i64(&a, into);
    int rc = pg_do(PGS(st), false, D_CL_MOVE, "UPDATE dd_articles SET cluster = $2 WHERE cluster = $1", &a,
                   "merging clusters", err);
    if (rc) return rc;
    pg_args b = {0};
    pg_i64(&b, from);
    return pg_do(PGS(st), false, D_CL_DEL, "DELETE FROM dd_clusters WHERE id = $1", &b, "merging clusters", err);
}

int pg_dd_cluster_set_original(st_store *st, int64_t id, int64_t original, int64_t old_original,
                               int64_t match, double similarity, const char *kind, char **err)
{
    pg_args a = {0};
    pg_i64(&a, id);
    pg_i64(&a, original);
    int rc = pg_do(PGS(st), false, D_CL_ORIG,
                   "UPDATE articles SET duplicate_of = CASE WHEN id = $2 THEN NULL ELSE $2 END"
                   " WHERE id IN (SELECT article_id FROM dd_articles WHERE cluster = $1)",
                   &a, "updating a cluster's original", err);
    if (rc || old_original == original || old_original <= 0) return rc;
    pg_args b = {0};
    pg_i64(&b, old_original);
    pg_i64(&b, match);
    pg_f64(&b, similarity);
    pg_text(&b, kind ? kind : "near");
    rc = pg_do(PGS(st), false, D_MATCH_SET,
               "UPDATE dd_articles SET match = $2, similarity = $3, kind = $4 WHERE article_id = $1", &b,
               "updating a cluster's original", err);
    pg_args_free(&b);
    return rc;
}

typedef struct ids {
    int64_t *v;              /* ids */
    size_t n, cap;           /* used, allocated */
} ids;

static int collect_id(PGresult *r, int i, void *ud)
{
    ids *x = ud;
    if (x->n == x->cap) {
        x->cap = x->cap ? 2 * x->cap : 256;
        x->v = ak_realloc(x->v, x->cap * sizeof *x->v);
    }
    x->v[x->n++] = pg_get_i64(r, i, 0);
    return 0;
}

int pg_dd_pending(st_store *st, int (*fn)(int64_t id, void *udata), void *udata, char **err)
{
    pg_store *p = PGS(st);
    int code = 0;
    pg_args l = {0};
    pg_i64(&l, LOCK_BACKFILL);
    PGresult *r = pg_run(p, false, D_PENDING_LOCK, "SELECT pg_try_advisory_lock($1)", &l,
                         "listing articles to deduplicate", &code, err);
    if (!r) return code;
    bool mine = pg_get_i64(r, 0, 0) != 0;
    PQclear(r);
    if (!mine) return 0; /* another worker is doing it */
    ids x = {0};
    int ret = pg_each(p,
                      "SELECT a.id FROM articles a LEFT JOIN dd_articles d ON d.article_id = a.id"
                      " WHERE d.article_id IS NULL ORDER BY a.id",
                      NULL, collect_id, &x, "listing articles to deduplicate", err);
    for (size_t i = 0; i < x.n && ret == 0; i++) ret = fn(x.v[i], udata);
    free(x.v);
    pg_do(p, false, D_PENDING_UNLOCK, "SELECT pg_advisory_unlock($1)", &l, "unlocking", NULL);
    return ret;
}

typedef struct cl_iter {
    int (*fn)(const st_dd_cluster *c, void *udata); /* caller's callback */
    void *udata;                                      /* its argument */
} cl_iter;

static int cl_row(PGresult *r, int i, void *ud)
{
    cl_iter *it = ud;
    st_dd_cluster c = {pg_get_i64(r, i, 0), pg_get_i64(r, i, 1), pg_get_i64(r, i, 2), pg_get_i64(r, i, 3)};
    return it->fn(&c, it->udata);
}

int pg_dd_clusters(st_store *st, int64_t min_size, int64_t limit,
                   int (*fn)(const st_dd_cluster *c, void *udata), void *udata, char **err)
{
    pg_args a = {0};
    pg_i64(&a, min_size);
    if (limit > 0) pg_i64(&a, limit);
    else pg_null(&a);
    cl_iter it = {fn, udata};
    return pg_each(PGS(st),
                   "SELECT id, original, original_time, size FROM dd_clusters WHERE size >= $1::bigint"
                   " ORDER BY size DESC, original_time DESC, id DESC LIMIT $2::bigint",
                   &a, cl_row, &it, "listing clusters", err);
}

int pg_dd_sizes(st_store *st, int64_t *keys, int64_t *articles, int64_t *clusters, int64_t *bytes,
                int64_t *index_bytes, char **err)
{
    int code = 0;
    PGresult *r = pg_run(PGS(st), false, D_SIZES,
                         "SELECT (SELECT count(*) FROM dd_keys), (SELECT count(*) FROM dd_articles),"
                         " (SELECT count(*) FROM dd_clusters), pg_database_size(current_database()),"
                         " (pg_total_relation_size('dd_keys') + pg_total_relation_size('dd_articles')"
                         "  + pg_total_relation_size('dd_clusters'))::bigint",
                         NULL, "measuring the store", &code, err);
    if (!r) return code;
    int64_t *out[5] = {keys, articles, clusters, bytes, index_bytes};
    for (int i = 0; i < 5; i++)
        if (out[i]) *out[i] = pg_get_i64(r, 0, i);
    PQclear(r);
    return 0;
}
