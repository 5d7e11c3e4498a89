/* store.c -- the store interface (store.h), dispatched to a backend.
 *
 * Why this exists: crawls, exports and searches call one interface
 * whatever holds the corpus: an SQLite file of one's own (the embedded
 * default) or a PostgreSQL database shared by several crawlers.  st_open
 * picks the backend by location; every other call goes through the
 * backend's table (store_int.h).
 */
#include "store/store_int.h"
#include "common/buf.h"
#include "common/mem.h"
#include "common/timeutil.h"

#include <string.h>
#include <strings.h>

/* A backend object starts with its table (store_int.h). */
static inline const st_backend *BE(st_store *st) { return *(const st_backend *const *)(void *)st; }

static bool is_pg(const char *location)
{
    return strncasecmp(location, "postgresql://", 13) == 0 || strncasecmp(location, "postgres://", 11) == 0;
}

const char *st_location_file(const char *location)
{
    if (!location || is_pg(location)) return NULL;
    if (strncmp(location, "sqlite:", 7) == 0) return location + 7;
    return location;
}

char *st_location_display(const char *location)
{
    if (!location) return ak_strdup("");
    if (!is_pg(location)) return ak_strdup(location);
    /* scheme://[user[:password]@]host...?...&password=...: hide passwords */
    ak_buf b = {0};
    const char *p = strstr(location, "://") + 3;
    const char *at = strchr(p, '@'), *slash = strchr(p, '/'), *q = strchr(p, '?');
    const char *colon = strchr(p, ':');
    if (at && (!slash || at < slash) && (!q || at < q) && colon && colon < at) {
        ak_buf_append(&b, location, (size_t)(colon + 1 - location));
        ak_buf_puts(&b, "***");
        p = at;
    } else {
        p = location;
    }
    while (*p) {
        const char *pw = strstr(p, "password=");
        if (!pw || !q || pw < q || (pw[-1] != '?' && pw[-1] != '&')) {
            ak_buf_puts(&b, p);
            break;
        }
        ak_buf_append(&b, p, (size_t)(pw + 9 - p));
        ak_buf_puts(&b, "***");
        p = pw + 9;
        while (*p && *p != '&') p++;
    }
    return ak_buf_steal(&b);
}

st_store *st_open(const char *location, int flags, int busy_ms, int *code, char **err)
{
    if (!location || !*location) {
        if (code) *code = ST_EOPEN;
        if (err) *err = ak_strdup("store: no location given (a file, sqlite:FILE or postgresql://...)");
        return NULL;
    }
    if (is_pg(location)) return st__pg_open(location, flags, busy_ms, code, err);
    return st__sqlite_open(st_location_file(location), flags, busy_ms, code, err);
}

void st_close(st_store *st)
{
    if (st) BE(st)->close(st);
}

const char *st_backend_name(st_store *st) { return BE(st)->name; }

bool st_shared(st_store *st) { return BE(st)->shared; }

static int unsupported(st_store *st, const char *what, char **err)
{
    if (err) {
        ak_buf b = {0};
        ak_buf_printf(&b, "store: %s needs a shared (PostgreSQL) store, not %s", what, BE(st)->name);
        free(*err);
        *err = ak_buf_steal(&b);
    }
    return ST_EMISC;
}

int st_savepoint(st_store *st, char **err) { return BE(st)->savepoint(st, err); }
int st_savepoint_release(st_store *st, char **err) { return BE(st)->savepoint_release(st, err); }
void st_savepoint_rollback(st_store *st) { BE(st)->savepoint_rollback(st); }
bool st_conflicted(st_store *st) { return BE(st)->conflicted ? BE(st)->conflicted(st) : false; }

int64_t st_clock(st_store *st) { return BE(st)->clock ? BE(st)->clock(st) : ak_now(); }

const char *st_worker(st_store *st) { return BE(st)->worker ? BE(st)->worker(st) : "local"; }

int st_feeds_claim(st_store *st, const char *const *urls, const char *const *sites, size_t n,
                   int64_t interval_s, bool *claimed, char **err)
{
    if (BE(st)->feeds_claim) return BE(st)->feeds_claim(st, urls, sites, n, interval_s, claimed, err);
    for (size_t i = 0; i < n; i++) claimed[i] = true; /* a store of one's own */
    return (int)n;
}

int st_feeds_done(st_store *st, char **err)
{
    return BE(st)->feeds_done ? BE(st)->feeds_done(st, err) : 0;
}

int st_frontier_counts_get(st_store *st, st_frontier_counts *c, char **err)
{
    memset(c, 0, sizeof *c);
    return BE(st)->frontier_counts ? BE(st)->frontier_counts(st, c, err) : 0;
}

int st_host_slot(st_store *st, const char *host, int delay_ms, int64_t *wait_ms, int64_t *paused_until,
                 const char **why, char **err)
{
    *wait_ms = 0;
    *paused_until = 0;
    *why = NULL;
    return BE(st)->host_slot ? BE(st)->host_slot(st, host, delay_ms, wait_ms, paused_until, why, err) : 0;
}

int st_dd_keys_add(st_store *st, const uint64_t *keys, size_t n, int64_t id, int64_t t, st_dd_key *prev,
                   char **err)
{
    if (BE(st)->dd_keys_add) return BE(st)->dd_keys_add(st, keys, n, id, t, prev, err);
    for (size_t i = 0; i < n; i++) {
        int rc = BE(st)->dd_key_add(st, keys[i], id, t, prev ? &prev[i] : NULL, err);
        if (rc < 0) return rc;
    }
    return 0;
}

/* ---- the text normaliser of full-text search ------------------------------------ */

static st_text_fn *normalizer = NULL;

void st_set_text_normalizer(st_text_fn *fn) { normalizer = fn; }

st_text_fn *st__text_normalizer(void) { return normalizer; }

/* ---- one-line dispatch ---------------------------------------------------------- */

int st_set_max_size(st_store *st, long long bytes, char **err)
{
    return BE(st)->set_max_size(st, bytes, err);
}

int st_begin(st_store *st, char **err)
{
    return BE(st)->begin(st, err);
}

int st_commit(st_store *st, char **err)
{
    return BE(st)->commit(st, err);
}

void st_rollback(st_store *st)
{
    BE(st)->rollback(st);
}

int st_url_state_get(st_store *st, const char *url, int max_attempts, char **err)
{
    return BE(st)->url_state_get(st, url, max_attempts, err);
}

int st_url_failed(st_store *st, const char *url, const char *reason, bool final, char **err)
{
    return BE(st)->url_failed(st, url, reason, final, err);
}

int st_put_article(st_store *st, st_article *a, char **err)
{
    return BE(st)->put_article(st, a, err);
}

int st_feed_get(st_store *st, const char *url, st_feed *f, char **err)
{
    return BE(st)->feed_get(st, url, f, err);
}

int st_feed_ok(st_store *st, const char *url, const char *site, const char *etag, const char *last_modified, int64_t entries, char **err)
{
    return BE(st)->feed_ok(st, url, site, etag, last_modified, entries, err);
}

int st_feed_failed(st_store *st, const char *url, const char *site, const char *reason, char **err)
{
    return BE(st)->feed_failed(st, url, site, reason, err);
}

int st_feed_record(st_store *st, const char *url, const st_feed_result *r, char **err)
{
    return BE(st)->feed_record(st, url, r, err);
}

int st_feed_reset(st_store *st, const char *url, char **err)
{
    return BE(st)->feed_reset(st, url, err);
}

int st_host_pause(st_store *st, const char *host, int64_t until, const char *reason, char **err)
{
    return BE(st)->host_pause(st, host, until, reason, err);
}

int st_host_pauses(st_store *st, int64_t now, st_host_fn *fn, void *udata, char **err)
{
    return BE(st)->host_pauses(st, now, fn, udata, err);
}

int st_robots_get(st_store *st, const char *origin, st_robots *r, char **err)
{
    return BE(st)->robots_get(st, origin, r, err);
}

int st_robots_put(st_store *st, const char *origin, const st_robots *r, char **err)
{
    return BE(st)->robots_put(st, origin, r, err);
}

int st_sitemap_lastmod_get(st_store *st, const char *url, int64_t *lastmod, char **err)
{
    return BE(st)->sitemap_lastmod_get(st, url, lastmod, err);
}

int st_sitemap_lastmod_set(st_store *st, const char *url, int64_t lastmod, char **err)
{
    return BE(st)->sitemap_lastmod_set(st, url, lastmod, err);
}

int st_export(st_store *st, const st_query *q, st_article_fn *fn, void *udata, char **err)
{
    return BE(st)->export_(st, q, fn, udata, err);
}

int64_t st_count_articles(st_store *st)
{
    return BE(st)->count_articles(st);
}

int st_stats(st_store *st, const st_stats_cb *cb, void *ud, char **err)
{
    return BE(st)->stats(st, cb, ud, err);
}

int st_search(st_store *st, const char *query, const st_query *filter, int limit, st_hit_fn *fn, void *udata, char **err)
{
    return BE(st)->search(st, query, filter, limit, fn, udata, err);
}

int st_dd_key_get(st_store *st, uint64_t key, st_dd_key *k, char **err)
{
    return BE(st)->dd_key_get(st, key, k, err);
}

int st_dd_key_add(st_store *st, uint64_t key, int64_t id, int64_t t, st_dd_key *prev, char **err)
{
    return BE(st)->dd_key_add(st, key, id, t, prev, err);
}

int st_dd_article_get(st_store *st, int64_t id, st_dd_article *a, char **err)
{
    return BE(st)->dd_article_get(st, id, a, err);
}

int st_dd_state_put(st_store *st, int64_t id, const st_dd_state *s, int64_t duplicate_of, char **err)
{
    return BE(st)->dd_state_put(st, id, s, duplicate_of, err);
}

int st_dd_cluster_get(st_store *st, int64_t id, st_dd_cluster *c, char **err)
{
    return BE(st)->dd_cluster_get(st, id, c, err);
}

int st_dd_cluster_put(st_store *st, const st_dd_cluster *c, char **err)
{
    return BE(st)->dd_cluster_put(st, c, err);
}

int st_dd_cluster_merge(st_store *st, int64_t from, int64_t into, char **err)
{
    return BE(st)->dd_cluster_merge(st, from, into, err);
}

int st_dd_cluster_set_original(st_store *st, int64_t id, int64_t original, int64_t old_original, int64_t match, double similarity, const char *kind, char **err)
{
    return BE(st)->dd_cluster_set_original(st, id, original, old_original, match, similarity, kind, err);
}

int st_dd_pending(st_store *st, int (*fn)(int64_t id, void *udata), void *udata, char **err)
{
    return BE(st)->dd_pending(st, fn, udata, err);
}

int st_dd_sig_get(st_store *st, int64_t id, void *minhash, size_t len, uint64_t *simhash, char **err)
{
    return BE(st)->dd_sig_get(st, id, minhash, len, simhash, err);
}

int st_dd_state_get(st_store *st, int64_t id, st_dd_state *s, char **err)
{
    return BE(st)->dd_state_get(st, id, s, err);
}

int st_dd_cluster_members(st_store *st, int64_t id, st_article_fn *fn, void *udata, char **err)
{
    return BE(st)->dd_cluster_members(st, id, fn, udata, err);
}

int st_dd_clusters(st_store *st, int64_t min_size, int64_t limit, int (*fn)(const st_dd_cluster *c, void *udata), void *udata, char **err)
{
    return BE(st)->dd_clusters(st, min_size, limit, fn, udata, err);
}

int st_tune(st_store *st, int64_t cache_bytes, int64_t mmap_bytes, st_sync sync, char **err)
{
    return BE(st)->tune(st, cache_bytes, mmap_bytes, sync, err);
}

int st_dd_sizes(st_store *st, int64_t *keys, int64_t *articles, int64_t *clusters, int64_t *bytes, int64_t *index_bytes, char **err)
{
    return BE(st)->dd_sizes(st, keys, articles, clusters, bytes, index_bytes, err);
}

int st_frontier_add(st_store *st, const st_frontier_entry *e, int max_attempts, int64_t run_start, char **err)
{
    if (!BE(st)->frontier_add) return unsupported(st, "st_frontier_add", err);
    return BE(st)->frontier_add(st, e, max_attempts, run_start, err);
}

int st_frontier_claim(st_store *st, int n, int64_t lease_s, st_frontier_fn *fn, void *udata, char **err)
{
    if (!BE(st)->frontier_claim) return unsupported(st, "st_frontier_claim", err);
    return BE(st)->frontier_claim(st, n, lease_s, fn, udata, err);
}

int st_frontier_release(st_store *st, const char *url, int64_t not_before, char **err)
{
    if (!BE(st)->frontier_release) return unsupported(st, "st_frontier_release", err);
    return BE(st)->frontier_release(st, url, not_before, err);
}

int st_frontier_renew(st_store *st, int64_t lease_s, char **err)
{
    if (!BE(st)->frontier_renew) return unsupported(st, "st_frontier_renew", err);
    return BE(st)->frontier_renew(st, lease_s, err);
}

int st_frontier_release_all(st_store *st, char **err)
{
    if (!BE(st)->frontier_release_all) return unsupported(st, "st_frontier_release_all", err);
    return BE(st)->frontier_release_all(st, err);
}
