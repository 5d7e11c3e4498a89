/* sqlite_dedup.c -- the deduplication tables of the SQLite store (the
 * st_dd_* functions of store.h; schema in sqlite.c, migration 2).
 *
 * Every lookup is one indexed read: dd_keys is keyed by the 64-bit key
 * (the rowid), dd_articles by article id, dd_clusters by cluster id; the
 * only scans are over one cluster's members (dd_articles_cluster index).
 */
#include "common/mem.h"
#include "common/timeutil.h"
#include "store/sqlite_int.h"
#include "store/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum {
    D_KEY_GET, D_KEY_ADD, D_ART_GET, D_STATE_PUT, D_DUP_SET, D_CL_GET, D_CL_PUT, D_CL_MOVE,
    D_CL_DEL, D_CL_ORIG, D_MATCH_SET, D_STATE_GET, D_SIG_GET, ND
};

static const char *const dsql[ND] = {
    [D_KEY_GET] = "SELECT n, first, first_time, r0, r1, r2 FROM dd_keys WHERE key = ?1",
    [D_KEY_ADD] =
        "INSERT INTO dd_keys(key, n, first, first_time, r0) VALUES(?1, 1, ?2, ?3, ?2)"
        " ON CONFLICT(key) DO UPDATE SET n = n + 1,"
        " first = CASE WHEN excluded.first_time < first_time OR"
        "   (excluded.first_time = first_time AND excluded.first < first) THEN excluded.first ELSE first END,"
        " first_time = MIN(first_time, excluded.first_time),"
        " r3 = r2, r2 = r1, r1 = r0, r0 = excluded.r0"
        " RETURNING n, first, first_time, r1, r2, r3",
    [D_ART_GET] =
        "SELECT a.site, a.title, a.body, a.published, a.fetched_at, d.cluster, a.url FROM articles a"
        " LEFT JOIN dd_articles d ON d.article_id = a.id WHERE a.id = ?1",
    [D_STATE_PUT] =
        "INSERT OR REPLACE INTO dd_articles(article_id, cluster, match, similarity, kind, simhash,"
        " minhash, paras) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    [D_DUP_SET] = "UPDATE articles SET duplicate_of = ?2 WHERE id = ?1",
    [D_CL_GET] = "SELECT original, original_time, size FROM dd_clusters WHERE id = ?1",
    [D_CL_PUT] = "INSERT OR REPLACE INTO dd_clusters(id, original, original_time, size) VALUES(?1, ?2, ?3, ?4)",
    [D_CL_MOVE] = "UPDATE dd_articles SET cluster = ?2 WHERE cluster = ?1",
    [D_CL_DEL] = "DELETE FROM dd_clusters WHERE id = ?1",
    [D_CL_ORIG] =
        "UPDATE articles SET duplicate_of = CASE WHEN id = ?2 THEN NULL ELSE ?2 END"
        " WHERE id IN (SELECT article_id FROM dd_articles WHERE cluster = ?1)",
    [D_MATCH_SET] = "UPDATE dd_articles SET match = ?2, similarity = ?3, kind = ?4 WHERE article_id = ?1",
    [D_SIG_GET] = "SELECT minhash, simhash FROM dd_articles WHERE article_id = ?1",
    [D_STATE_GET] =
        "SELECT cluster, match, similarity, kind, simhash, minhash, paras FROM dd_articles"
        " WHERE article_id = ?1",
};

static sqlite3_stmt *stmt(st_store *st, int which, char **err, int *code)
{
    return st__dd_stmt(st, which, dsql[which], err, code);
}

/* Runs a bound statement that returns no row. */
static int run(st_store *st, sqlite3_stmt *s, const char *what, char **err)
{
    int rc = sqlite3_step(s);
    sqlite3_reset(s);
    return rc == SQLITE_DONE ? 0 : st__fail(st, rc, what, err);
}

static int64_t col_i64(sqlite3_stmt *s, int i)
{
    return sqlite3_column_type(s, i) == SQLITE_NULL ? 0 : sqlite3_column_int64(s, i);
}

static const char *keep(st_store *st, int slot, const char *v)
{
    char **strs = st__dd_strings(st);
    free(strs[slot]);
    strs[slot] = v ? ak_strdup(v) : NULL;
    return strs[slot];
}

int sq_dd_key_get(st_store *st, uint64_t key, st_dd_key *k, char **err)
{
    int code = 0;
    sqlite3_stmt *s = stmt(st, D_KEY_GET, err, &code);
    if (!s) return code;
    sqlite3_bind_int64(s, 1, (int64_t)key);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        k->n = sqlite3_column_int64(s, 0);
        k->first = sqlite3_column_int64(s, 1);
        k->first_time = sqlite3_column_int64(s, 2);
        for (int i = 0; i < 3; i++) k->recent[i] = col_i64(s, 3 + i);
        sqlite3_reset(s);
        return 1;
    }
    sqlite3_reset(s);
    return rc == SQLITE_DONE ? 0 : st__fail(st, rc, "reading a dedup key", err);
}

int sq_dd_key_add(st_store *st, uint64_t key, int64_t id, int64_t t, st_dd_key *prev, char **err)
{
    int code = 0;
    sqlite3_stmt *s = stmt(st, D_KEY_ADD, err, &code);
    if (!s) return code;
    sqlite3_bind_int64(s, 1, (int64_t)key);
    sqlite3_bind_int64(s, 2, id);
    sqlite3_bind_int64(s, 3, t);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW && prev) {
        /* The row after the update: n - 1 and r1..r3 are what it was. */
        prev->n = sqlite3_column_int64(s, 0) - 1;
        prev->first = sqlite3_column_int64(s, 1);
        prev->first_time = sqlite3_column_int64(s, 2);
        for (int i = 0; i < 3; i++) prev->recent[i] = col_i64(s, 3 + i);
        if (prev->n == 0) {
            prev->first = 0;
            prev->first_time = 0;
        } else if (prev->first == id) {
            prev->first = 0; /* this article replaced the earliest holder */
            prev->first_time = INT64_MAX;
        }
    }
    if (rc == SQLITE_ROW) rc = sqlite3_step(s);
    sqlite3_reset(s);
    return rc == SQLITE_DONE ? 0 : st__fail(st, rc, "writing a dedup key", err);
}

int sq_dd_article_get(st_store *st, int64_t id, st_dd_article *a, char **err)
{
    int code = 0;
    sqlite3_stmt *s = stmt(st, D_ART_GET, err, &code);
    if (!s) return code;
    sqlite3_bind_int64(s, 1, id);
    int rc = sqlite3_step(s);
    if (rc != SQLITE_ROW) {
        sqlite3_reset(s);
        return rc == SQLITE_DONE ? 0 : st__fail(st, rc, "reading an article", err);
    }
    a->id = id;
    a->site = keep(st, 0, (const char *)sqlite3_column_text(s, 0));
    a->title = keep(st, 1, (const char *)sqlite3_column_text(s, 1));
    a->body = keep(st, 2, (const char *)sqlite3_column_text(s, 2));
    a->published = sqlite3_column_type(s, 3) == SQLITE_NULL ? AK_TIME_NONE : sqlite3_column_int64(s, 3);
    a->fetched_at = sqlite3_column_int64(s, 4);
    a->cluster = col_i64(s, 5);
    a->url = keep(st, 6, (const char *)sqlite3_column_text(s, 6));
    sqlite3_reset(s);
    return 1;
}

int sq_dd_state_put(st_store *st, int64_t id, const st_dd_state *d, int64_t duplicate_of, char **err)
{
    int code = 0;
    sqlite3_stmt *s = stmt(st, D_STATE_PUT, err, &code);
    if (!s) return code;
    sqlite3_bind_int64(s, 1, id);
    sqlite3_bind_int64(s, 2, d->cluster);
    if (d->match > 0) sqlite3_bind_int64(s, 3, d->match);
    sqlite3_bind_double(s, 4, d->similarity);
    sqlite3_bind_text(s, 5, d->kind ? d->kind : "original", -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 6, (int64_t)d->simhash);
    sqlite3_bind_blob(s, 7, d->minhash ? d->minhash : "", (int)d->minhash_len, SQLITE_STATIC);
    if (d->paras_len) sqlite3_bind_blob(s, 8, d->paras, (int)d->paras_len, SQLITE_STATIC);
    int rc = run(st, s, "writing dedup state", err);
    if (rc) return rc;
    if (!(s = stmt(st, D_DUP_SET, err, &code))) return code;
    sqlite3_bind_int64(s, 1, id);
    if (duplicate_of > 0) sqlite3_bind_int64(s, 2, duplicate_of);
    return run(st, s, "writing duplicate_of", err);
}

int sq_dd_sig_get(st_store *st, int64_t id, void *minhash, size_t len, uint64_t *simhash, char **err)
{
    int code = 0;
    sqlite3_stmt *s = stmt(st, D_SIG_GET, err, &code);
    if (!s) return code;
    sqlite3_bind_int64(s, 1, id);
    int rc = sqlite3_step(s);
    if (rc != SQLITE_ROW) {
        sqlite3_reset(s);
        return rc == SQLITE_DONE ? 0 : st__fail(st, rc, "reading sketches", err);
    }
    size_t n = (size_t)sqlite3_column_bytes(s, 0);
    const void *b = sqlite3_column_blob(s, 0);
    memset(minhash, 0xFF, len);
    if (b) memcpy(minhash, b, n < len ? n : len);
    *simhash = (uint64_t)sqlite3_column_int64(s, 1);
    sqlite3_reset(s);
    return 1;
}

int sq_dd_state_get(st_store *st, int64_t id, st_dd_state *d, char **err)
{
    int code = 0;
    sqlite3_stmt *s = stmt(st, D_STATE_GET, err, &code);
    if (!s) return code;
    sqlite3_bind_int64(s, 1, id);
    int rc = sqlite3_step(s);
    if (rc != SQLITE_ROW) {
        sqlite3_reset(s);
        return rc == SQLITE_DONE ? 0 : st__fail(st, rc, "reading dedup state", err);
    }
    d->cluster = sqlite3_column_int64(s, 0);
    d->match = col_i64(s, 1);
    d->similarity = sqlite3_column_double(s, 2);
    d->kind = keep(st, 3, (const char *)sqlite3_column_text(s, 3));
    d->simhash = (uint64_t)sqlite3_column_int64(s, 4);
    /* Blobs are copied into string slots (they may hold NUL bytes: the
     * length is what counts). */
    char **strs = st__dd_strings(st);
    for (int k = 0; k < 2; k++) {
        int col = 5 + k, n = sqlite3_column_bytes(s, col);
        const void *b = sqlite3_column_blob(s, col);
        free(strs[4 + k]);
        strs[4 + k] = ak_malloc((size_t)n + 1);
        if (n) memcpy(strs[4 + k], b, (size_t)n);
        if (k == 0) d->minhash = strs[4], d->minhash_len = (size_t)n;
        else d->paras = strs[5], d->paras_len = (size_t)n;
    }
    sqlite3_reset(s);
    return 1;
}

int sq_dd_cluster_get(st_store *st, int64_t id, st_dd_cluster *c, char **err)
{
    int code = 0;
    sqlite3_stmt *s = stmt(st, D_CL_GET, err, &code);
    if (!s) return code;
    sqlite3_bind_int64(s, 1, id);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        c->id = id;
        c->original = sqlite3_column_int64(s, 0);
        c->original_time = sqlite3_column_int64(s, 1);
        c->size = sqlite3_column_int64(s, 2);
        sqlite3_reset(s);
        return 1;
    }
    sqlite3_reset(s);
    return rc == SQLITE_DONE ? 0 : st__fail(st, rc, "reading a cluster", err);
}

int sq_dd_cluster_put(st_store *st, const st_dd_cluster *c, char **err)
{
    int code = 0;
    sqlite3_stmt *s = stmt(st, D_CL_PUT, err, &code);
    if (!s) return code;
    sqlite3_bind_int64(s, 1, c->id);
    sqlite3_bind_int64(s, 2, c->original);
    sqlite3_bind_int64(s, 3, c->original_time);
    sqlite3_bind_int64(s, 4, c->size);
    return run(st, s, "writing a cluster", err);
}

int sq_dd_cluster_merge(st_store *st, int64_t from, int64_t into, char **err)
{
    int code = 0;
    sqlite3_stmt *s = stmt(st, D_CL_MOVE, err, &code);
    if (!s) return code;
    sqlite3_bind_int64(s, 1, from);
    sqlite3_bind_int64(s, 2, into);
    int rc = run(st, s, "merging clusters", err);
    if (rc) return rc;
    if (!(s = stmt(st, D_CL_DEL, err, &code))) return code;
    sqlite3_bind_int64(s, 1, from);
    return run(st, s, "merging clusters", err);
}

int sq_dd_cluster_set_original(st_store *st, int64_t id, int64_t original, int64_t old_original,
                               int64_t match, double similarity, const char *kind, char **err)
{
    int code = 0;
    sqlite3_stmt *s = stmt(st, D_CL_ORIG, err, &code);
    if (!s) return code;
    sqlite3_bind_int64(s, 1, id);
    sqlite3_bind_int64(s, 2, original);
    int rc = run(st, s, "updating a cluster's original", err);
    if (rc || old_original == original || old_original <= 0) return rc;
    if (!(s = stmt(st, D_MATCH_SET, err, &code))) return code;
    sqlite3_bind_int64(s, 1, old_original);
    sqlite3_bind_int64(s, 2, match);
    sqlite3_bind_double(s, 3, similarity);
    sqlite3_bind_text(s, 4, kind ? kind : "near", -1, SQLITE_STATIC);
    return run(st, s, "updating a cluster's original", err);
}

int sq_dd_pending(st_store *st, int (*fn)(int64_t id, void *udata), void *udata, char **err)
{
    sqlite3_stmt *s;
    int rc = sqlite3_prepare_v2(st__db(st),
                                "SELECT a.id FROM articles a LEFT JOIN dd_articles d ON d.article_id = a.id"
                                " WHERE d.article_id IS NULL ORDER BY a.id",
                                -1, &s, NULL);
    if (rc != SQLITE_OK) return st__fail(st, rc, "listing articles to deduplicate", err);
    int64_t *ids = NULL;
    size_t n = 0, cap = 0;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        if (n == cap) {
            cap = cap ? 2 * cap : 256;
            ids = ak_realloc(ids, cap * sizeof *ids);
        }
        ids[n++] = sqlite3_column_int64(s, 0);
    }
    sqlite3_finalize(s);
    int ret = rc == SQLITE_DONE ? 0 : st__fail(st, rc, "listing articles to deduplicate", err);
    for (size_t i = 0; i < n && ret == 0; i++) ret = fn(ids[i], udata);
    free(ids);
    return ret;
}

int sq_dd_clusters(st_store *st, int64_t min_size, int64_t limit,
                   int (*fn)(const st_dd_cluster *c, void *udata), void *udata, char **err)
{
    sqlite3_stmt *s;
    int rc = sqlite3_prepare_v2(st__db(st),
                                "SELECT id, original, original_time, size FROM dd_clusters WHERE size >= ?1"
                                " ORDER BY size DESC, original_time DESC, id DESC LIMIT ?2",
                                -1, &s, NULL);
    if (rc != SQLITE_OK) return st__fail(st, rc, "listing clusters", err);
    sqlite3_bind_int64(s, 1, min_size);
    sqlite3_bind_int64(s, 2, limit > 0 ? limit : -1);
    int ret = 0;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        st_dd_cluster c = {sqlite3_column_int64(s, 0), sqlite3_column_int64(s, 1),
                           sqlite3_column_int64(s, 2), sqlite3_column_int64(s, 3)};
        if ((ret = fn(&c, udata)) != 0) break;
    }
    if (ret == 0 && rc != SQLITE_DONE) ret = st__fail(st, rc, "listing clusters", err);
    sqlite3_finalize(s);
    return ret;
}

int sq_dd_sizes(st_store *st, int64_t *keys, int64_t *articles, int64_t *clusters, int64_t *bytes,
                int64_t *index_bytes, char **err)
{
    if (index_bytes) {
        sqlite3_stmt *s;
        *index_bytes = -1;
        if (sqlite3_prepare_v2(st__db(st),
                               "SELECT sum(pgsize) FROM dbstat WHERE name IN"
                               " ('dd_keys', 'dd_articles', 'dd_articles_cluster', 'dd_clusters')",
                               -1, &s, NULL) == SQLITE_OK) {
            if (sqlite3_step(s) == SQLITE_ROW) *index_bytes = sqlite3_column_int64(s, 0);
            sqlite3_finalize(s);
        }
    }
    static const char *const q[4] = {
        "SELECT count(*) FROM dd_keys", "SELECT count(*) FROM dd_articles",
        "SELECT count(*) FROM dd_clusters",
        "SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()"};
    int64_t *out[4] = {keys, articles, clusters, bytes};
    for (int i = 0; i < 4; i++) {
        sqlite3_stmt *s;
        int rc = sqlite3_prepare_v2(st__db(st), q[i], -1, &s, NULL);
        if (rc != SQLITE_OK) return st__fail(st, rc, "measuring the store", err);
        rc = sqlite3_step(s);
        if (out[i]) *out[i] = rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : -1;
        sqlite3_finalize(s);
        if (rc != SQLITE_ROW) return st__fail(st, rc, "measuring the store", err);
    }
    return 0;
}

int sq_tune(st_store *st, int64_t cache_bytes, int64_t mmap_bytes, st_sync sync, char **err)
{
    char q[256];
    snprintf(q, sizeof q, "PRAGMA cache_size = %lld; PRAGMA mmap_size = %lld; PRAGMA synchronous = %s%s",
             cache_bytes > 0 ? -(long long)(cache_bytes / 1024) : -2000LL,
             (long long)(mmap_bytes > 0 ? mmap_bytes : 0),
             sync == ST_SYNC_FULL ? "FULL" : sync == ST_SYNC_NORMAL ? "NORMAL" : "OFF",
             sync != ST_SYNC_OFF ? "; PRAGMA wal_checkpoint(TRUNCATE)" : "");
    int rc = sqlite3_exec(st__db(st), q, NULL, NULL, NULL);
    return rc == SQLITE_OK ? 0 : st__fail(st, rc, "tuning the connection", err);
}
