/* store_int.h -- how store.c reaches a backend (not part of the store
 * interface: only the files of store/ include it).
 *
 * Why this exists: one interface (store.h), two backends: SQLite (an
 * embedded file of one's own: sqlite.c, sqlite_dedup.c, search.c, stats.c) and
 * PostgreSQL (a server several crawlers share: the pg files).  Every public st_*
 * function of store.h is a one-line dispatch in store.c through the
 * table below; a backend object is any struct whose first member is its
 * `const st_backend *`.
 *
 * Adding a store function: declare it in store.h, add its entry here,
 * implement it in both backends (the sqlite and pg files) and dispatch it in
 * store.c.  An entry left NULL makes the call fail with ST_EMISC and a
 * message naming the backend.
 */
#ifndef AK_STORE_INT_H
#define AK_STORE_INT_H

#include "store/store.h"

typedef struct st_backend {
    const char *name; /* "sqlite", "postgresql" */
    bool shared;      /* several processes may write at once */
    void (*close)(st_store *st);
    int (*set_max_size)(st_store *st, long long bytes, char **err);
    int (*begin)(st_store *st, char **err);
    int (*commit)(st_store *st, char **err);
    void (*rollback)(st_store *st);
    int (*savepoint)(st_store *st, char **err);
    int (*savepoint_release)(st_store *st, char **err);
    void (*savepoint_rollback)(st_store *st);
    bool (*conflicted)(st_store *st);
    int (*url_state_get)(st_store *st, const char *url, int max_attempts, char **err);
    int (*url_failed)(st_store *st, const char *url, const char *reason, bool final, char **err);
    int (*put_article)(st_store *st, st_article *a, char **err);
    int (*feed_get)(st_store *st, const char *url, st_feed *f, char **err);
    int (*feed_ok)(st_store *st, const char *url, const char *site, const char *etag,
                   const char *last_modified, int64_t entries, char **err);
    int (*feed_failed)(st_store *st, const char *url, const char *site, const char *reason, char **err);
    int (*feed_record)(st_store *st, const char *url, const st_feed_result *r, char **err);
    int (*feed_reset)(st_store *st, const char *url, char **err);
    int (*host_pause)(st_store *st, const char *host, int64_t until, const char *reason, char **err);
    int (*host_pauses)(st_store *st, int64_t now, st_host_fn *fn, void *udata, char **err);
    int (*robots_get)(st_store *st, const char *origin, st_robots *r, char **err);
    int (*robots_put)(st_store *st, const char *origin, const st_robots *r, char **err);
    int (*sitemap_lastmod_get)(st_store *st, const char *url, int64_t *lastmod, char **err);
    int (*sitemap_lastmod_set)(st_store *st, const char *url, int64_t lastmod, char **err);
    int (*export_)(st_store *st, const st_query *q, st_article_fn *fn, void *udata, char **err);
    int64_t (*count_articles)(st_store *st);
    int (*stats)(st_store *st, const st_stats_cb *cb, void *ud, char **err);
    int (*search)(st_store *st, const char *query, const st_query *filter, int limit, st_hit_fn *fn,
                  void *udata, char **err);
    int (*dd_key_get)(st_store *st, uint64_t key, st_dd_key *k, char **err);
    int (*dd_key_add)(st_store *st, uint64_t key, int64_t id, int64_t t, st_dd_key *prev, char **err);
    int (*dd_keys_add)(st_store *st, const uint64_t *keys, size_t n, int64_t id, int64_t t, st_dd_key *prev,
                       char **err);
    int (*dd_article_get)(st_store *st, int64_t id, st_dd_article *a, char **err);
    int (*dd_state_put)(st_store *st, int64_t id, const st_dd_state *s, int64_t duplicate_of, char **err);
    int (*dd_cluster_get)(st_store *st, int64_t id, st_dd_cluster *c, char **err);
    int (*dd_cluster_put)(st_store *st, const st_dd_cluster *c, char **err);
    int (*dd_cluster_merge)(st_store *st, int64_t from, int64_t into, char **err);
    int (*dd_cluster_set_original)(st_store *st, int64_t id, int64_t original, int64_t old_original,
                                   int64_t match, double similarity, const char *kind, char **err);
    int (*dd_pending)(st_store *st, int (*fn)(int64_t id, void *udata), void *udata, char **err);
    int (*dd_sig_get)(st_store *st, int64_t id, void *minhash, size_t len, uint64_t *simhash, char **err);
    int (*dd_state_get)(st_store *st, int64_t id, st_dd_state *s, char **err);
    int (*dd_cluster_members)(st_store *st, int64_t id, st_article_fn *fn, void *udata, char **err);
    int (*dd_clusters)(st_store *st, int64_t min_size, int64_t limit,
                       int (*fn)(const st_dd_cluster *c, void *udata), void *udata, char **err);
    int (*tune)(st_store *st, int64_t cache_bytes, int64_t mmap_bytes, st_sync sync, char **err);
    int (*dd_sizes)(st_store *st, int64_t *keys, int64_t *articles, int64_t *clusters, int64_t *bytes,
                    int64_t *index_bytes, char **err);
    /* shared stores (NULL for a store of one's own; store.c gives the
     * single-process answers documented in store.h) */
    int64_t (*clock)(st_store *st);
    const char *(*worker)(st_store *st);
    int (*feeds_claim)(st_store *st, const char *const *urls, const char *const *sites, size_t n,
                       int64_t interval_s, bool *claimed, char **err);
    int (*feeds_done)(st_store *st, char **err);
    int (*frontier_add)(st_store *st, const st_frontier_entry *e, int max_attempts, int64_t run_start,
                        char **err);
    int (*frontier_claim)(st_store *st, int n, int64_t lease_s, st_frontier_fn *fn, void *udata, char **err);
    int (*frontier_release)(st_store *st, const char *url, int64_t not_before, char **err);
    int (*frontier_renew)(st_store *st, int64_t lease_s, char **err);
    int (*frontier_release_all)(st_store *st, char **err);
    int (*frontier_counts)(st_store *st, st_frontier_counts *c, char **err);
    int (*host_slot)(st_store *st, const char *host, int delay_ms, int64_t *wait_ms, int64_t *paused_until,
                     const char **why, char **err);
} st_backend;

/* The backends' constructors (st_open picks one by location). */
st_store *st__sqlite_open(const char *path, int flags, int busy_ms, int *code, char **err);
st_store *st__pg_open(const char *uri, int flags, int busy_ms, int *code, char **err);

/* The normaliser set by st_set_text_normalizer, or NULL. */
st_text_fn *st__text_normalizer(void);

/* Word splitting and folding shared by both backends' full-text search
 * (fold.c): whether code point cp belongs to a word; the length in bytes
 * of an Arabic definite-article prefix (ال, وال, بال, كال, فال, لل) of a
 * normalised word when at least three letters remain, else 0; the normal
 * form of one word (the normaliser's output: possibly several words
 * separated by spaces) appended to out. */
bool st__word_cp(int cp);
size_t st__article_prefix(const char *w, size_t n);
void st__fold_word(ak_buf *out, const char *s, size_t n);

#endif
