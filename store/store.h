/* store.h -- where articles, URLs tried and feed state live.
 *
 * Why this exists: the corpus must survive crashes, full disks and killed
 * processes, and later be shared by several machines.  Every module reaches
 * persistent state only through this interface; the SQLite backend (WAL,
 * versioned schema, prepared statements) is the embedded default and a
 * PostgreSQL backend can sit behind the same calls.
 *
 * Conventions:
 *  - Functions returning int give 0 (or a documented positive value) on
 *    success and a negative st_err code on failure; when err is not NULL a
 *    message is stored in *err (caller frees).
 *  - Strings passed in are copied by the store; strings handed to callbacks
 *    are valid only during the callback.
 *  - Times are seconds since the epoch (UTC); AK_TIME_NONE means unknown.
 *  - A st_store is used by one thread at a time.
 */
#ifndef AK_STORE_H
#define AK_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/buf.h"

typedef struct st_store st_store;

typedef enum st_err {
    ST_OK = 0,
    ST_EOPEN = -1,   /* cannot open or create the store */
    ST_EBUSY = -2,   /* locked by another process beyond the busy timeout */
    ST_EFULL = -3,   /* disk or quota full */
    ST_EIO = -4,     /* I/O error or corruption */
    ST_ESCHEMA = -5, /* written by a newer akhbar, or migration failed */
    ST_EMISC = -6,   /* any other failure (bad argument, constraint, ...) */
    ST_ECONFLICT = -7 /* shared store: another process writing at the same moment got in
                         the way (deadlock, a cluster merged meanwhile); roll back to the
                         savepoint and try again (see st_savepoint) */
} st_err;

enum { ST_READONLY = 1 }; /* st_open flags */

/* One stored article.  On st_put_article the store reads these fields; in
 * export callbacks it fills them. */
typedef struct st_article {
    int64_t id;              /* store id; set by st_put_article */
    const char *url;         /* normalised URL fetched (required) */
    const char *canonical_url; /* normalised canonical URL the page declared, or NULL */
    const char *site;        /* site label from the config */
    const char *feed_url;    /* feed the URL was found in */
    const char *title;       /* headline, or NULL */
    const char *body;        /* paragraphs joined by "\n\n" (required) */
    const char *author;      /* person's name, or NULL */
    const char *lang;        /* "ar", "fr", ... or NULL */
    const char *description; /* standfirst / meta description, or NULL */
    const char *image;       /* lead image URL, or NULL */
    const char *content_hash;/* SHA-256 hex of the normalised body (required) */
    int64_t published;       /* publication instant, AK_TIME_NONE if unknown */
    int published_offset;    /* UTC offset the page gave, minutes */
    int64_t modified;        /* last modification, AK_TIME_NONE if unknown */
    int64_t fetched_at;      /* when akhbar fetched it */
    int64_t duplicate_of;    /* id of the original, 0 = none */
    /* Dedup state, filled by st_export and st_dd_cluster_members: */
    int64_t cluster_id;      /* cluster, 0 = not deduplicated */
    int64_t cluster_size;    /* its members */
    int64_t match_id;        /* article it was matched to, 0 = none */
    double similarity;       /* of that match */
    const char *dup_kind;    /* original, exact, near, contained, extended, or NULL */
    const void *dd_paras;    /* paragraph records (dedup/index.h dd_para_rec), or NULL */
    size_t dd_paras_len;     /* their size in bytes */
} st_article;

/* Crawl state of one configured feed. */
typedef struct st_feed {
    const char *url;         /* configured URL (the key) */
    const char *site;        /* site label */
    const char *etag;        /* ETag of the last 200, verbatim, or NULL */
    const char *last_modified; /* Last-Modified of the last 200, verbatim, or NULL */
    int64_t last_ok;         /* last successful fetch, AK_TIME_NONE if never */
    int64_t last_error_at;   /* last failure, AK_TIME_NONE if never */
    const char *last_error;  /* its reason, or NULL */
    int failures;            /* consecutive failures */
    int64_t entries;         /* entries seen in the last successful parse */
    const char *current_url; /* where 301/308 redirects moved it, or NULL (fetch url) */
    int64_t not_before;      /* no fetch before (back-off, max-age, Retry-After), AK_TIME_NONE = any time */
    bool retired;            /* given up after repeated 404/410; skipped until st_feed_reset */
    int gone;                /* consecutive 404/410 answers */
    int last_status;         /* HTTP status of the last answer, 0 if none */
    int64_t last_checked;    /* last fetch attempt, AK_TIME_NONE if never */
} st_feed;

/* Opens (creating and migrating when writable) the store at location: a
 * file path or "sqlite:PATH" for SQLite, a "postgresql://..." (or
 * "postgres://...") URI for a PostgreSQL database that several crawlers
 * may share (libpq's URI syntax; the database must exist, akhbar creates
 * its tables).  A store locked by another writer is waited for up to
 * busy_ms milliseconds, then reported as ST_EBUSY.  NULL on failure with
 * *err and *code set. */
st_store *st_open(const char *location, int flags, int busy_ms, int *code, char **err);
void st_close(st_store *st);

/* Caps the store's size (a quota): writes beyond it fail with ST_EFULL,
 * exactly as on a full disk.  0 removes the cap.  Returns 0 or an st_err. */
int st_set_max_size(st_store *st, long long bytes, char **err);

/* Transactions: a crawl groups its writes in batches. */
int st_begin(st_store *st, char **err);
int st_commit(st_store *st, char **err);
void st_rollback(st_store *st);

/* What the store knows about an article URL (normalised). */
typedef enum st_url_state {
    ST_URL_NEW = 0,     /* never tried, or a retryable failure */
    ST_URL_STORED = 1,  /* an article with this URL is stored */
    ST_URL_DONE = 2     /* tried and given up (no article, or too many failures) */
} st_url_state;

/* Classifies url; max_attempts bounds retries of failed URLs.  Returns a
 * st_url_state, or a negative st_err. */
int st_url_state_get(st_store *st, const char *url, int max_attempts, char **err);

/* Records a failed or article-less fetch of url (attempts += 1).
 * final = true means "do not try again" (e.g. a page with no article). */
int st_url_failed(st_store *st, const char *url, const char *reason, bool final, char **err);

/* Stores a new article.  Returns 1 and sets a->id when inserted, 0 when an
 * article with the same identity (canonical URL, else URL) already exists
 * (a->id is then set to that article's id), or a negative st_err. */
int st_put_article(st_store *st, st_article *a, char **err);

/* Feed state: st_feed_get fills *f (strings valid until the next call on
 * st) and returns 1 when found, 0 when unknown. */
int st_feed_get(st_store *st, const char *url, st_feed *f, char **err);
int st_feed_ok(st_store *st, const char *url, const char *site, const char *etag,
               const char *last_modified, int64_t entries, char **err);
int st_feed_failed(st_store *st, const char *url, const char *site, const char *reason,
                   char **err);

/* ---- politeness state: feed outcomes, host pauses, robots.txt cache ---- */

typedef enum st_feed_outcome {
    ST_FEED_FETCHED = 0,     /* 200 and parsed: validators and entries replaced, failures reset */
    ST_FEED_UNCHANGED = 1,   /* 304: failures reset, validators kept (replaced when given) */
    ST_FEED_FAILED = 2,      /* failure: failures += 1; gone counts 404/410 in a row */
    ST_FEED_DEFERRED = 3     /* not fetched on purpose (host paused): failures unchanged */
} st_feed_outcome;

/* What one fetch of a feed gave. */
typedef struct st_feed_result {
    st_feed_outcome outcome; /* which of the above */
    const char *site;        /* site label */
    long status;             /* HTTP status, 0 if no response */
    const char *reason;      /* FAILED/DEFERRED: why, e.g. "HTTP 503" */
    const char *etag;        /* FETCHED/UNCHANGED: ETag verbatim, or NULL */
    const char *last_modified; /* FETCHED/UNCHANGED: Last-Modified verbatim, or NULL */
    int64_t entries;         /* FETCHED: entries parsed */
    const char *current_url; /* new permanent location (301/308), NULL = keep the stored one */
    int64_t not_before;      /* next fetch not before, AK_TIME_NONE = any time */
    bool gone;               /* FAILED: the answer was 404 or 410 */
    int retire_after;        /* FAILED: retire when gone reaches this (0 = never) */
    int64_t now;             /* time of the fetch (0 = ak_now()) */
} st_feed_result;

/* Records the outcome of a fetch of the feed whose configured URL is url. */
int st_feed_record(st_store *st, const char *url, const st_feed_result *r, char **err);

/* Clears failures, retirement, back-off, the moved URL and the validators
 * of a feed, so the next crawl fetches its configured URL afresh.  Returns
 * 1 when the feed was known, 0 when not, or a negative st_err. */
int st_feed_reset(st_store *st, const char *url, char **err);

/* Host pauses (Retry-After) that outlive a run; host is "host[:port]".
 * A pause never shortens a longer one already stored. */
int st_host_pause(st_store *st, const char *host, int64_t until, const char *reason, char **err);
/* Calls fn for every host paused beyond now (strings valid during the
 * call); fn returns non-zero to stop (returned as is). */
typedef int st_host_fn(const char *host, int64_t until, const char *reason, void *udata);
int st_host_pauses(st_store *st, int64_t now, st_host_fn *fn, void *udata, char **err);

/* A cached robots.txt (the last 2xx or 4xx answer for an origin). */
typedef struct st_robots {
    int64_t fetched_at;      /* when it was fetched */
    long status;             /* HTTP status */
    const char *body;        /* body (NUL-terminated; may hold other NULs), "" for 4xx */
    size_t len;              /* its length */
} st_robots;
/* Returns 1 and fills *r (body valid until the next st_robots_get) when
 * origin ("scheme://host[:port]") is cached, 0 when not. */
int st_robots_get(st_store *st, const char *origin, st_robots *r, char **err);
int st_robots_put(st_store *st, const char *origin, const st_robots *r, char **err);
/* Sitemap indexes: the <lastmod> given for a child sitemap when it was
 * last fetched and parsed.  st_sitemap_lastmod_get returns 1 and sets
 * *lastmod when one is known (and the child's last fetch did not fail), 0
 * when none (*lastmod = AK_TIME_NONE); st_sitemap_lastmod_set records it
 * after a successful parse.  A child whose index entry is not newer is not
 * fetched again. */
int st_sitemap_lastmod_get(st_store *st, const char *url, int64_t *lastmod, char **err);
int st_sitemap_lastmod_set(st_store *st, const char *url, int64_t lastmod, char **err);


/* Export: calls fn for each article with since <= sort time < until
 * (AK_TIME_NONE = open bound), oldest first, where sort time is the
 * publication time, or the fetch time when unknown; with unique, only
 * originals (one article per story: cluster originals and articles not
 * deduplicated yet).  Streams: memory use is constant.  fn returns 0 to go
 * on, non-zero to stop (returned as is). */
typedef int st_article_fn(const st_article *a, void *udata);
typedef struct st_query {
    int64_t since;      /* inclusive lower bound, AK_TIME_NONE = none */
    int64_t until;      /* exclusive upper bound, AK_TIME_NONE = none */
    const char *site;   /* only this site label, or NULL */
    const char *lang;   /* only this language, or NULL */
    bool unique;        /* only cluster originals: one article per story */
} st_query;
int st_export(st_store *st, const st_query *q, st_article_fn *fn, void *udata, char **err);

/* Counts for summaries and tests. */
int64_t st_count_articles(st_store *st);

/* ---- statistics (stats.c) ------------------------------------------------- */

/* Callbacks for st_stats; NULL ones are skipped.  Each returns non-zero
 * to stop (returned as is). */
typedef struct st_stats_cb {
    /* per site, most articles first: label, articles, duplicates, last
     * fetch time, oldest and newest article time */
    int (*site)(const char *site, int64_t articles, int64_t duplicates, int64_t last_fetched,
                int64_t oldest, int64_t newest, void *ud);
    /* per UTC day (start of day), newest first, at most `days` days */
    int (*day)(int64_t day, int64_t articles, int64_t duplicates, void *ud);
    int days;
    /* every feed ever crawled, by site then URL */
    int (*feed)(const st_feed *f, void *ud);
} st_stats_cb;

int st_stats(st_store *st, const st_stats_cb *cb, void *ud, char **err);

/* ---- full-text search (search.c) ------------------------------------------ */

/* The text normaliser the search index uses for every word (akhbar uses
 * dedup's dd_normalize).  Process-wide; set it before st_open.  Unset, words
 * are indexed as written. */
typedef void st_text_fn(ak_buf *out, const char *s, size_t n);
void st_set_text_normalizer(st_text_fn *fn);

/* One search result; strings valid during the callback only. */
typedef struct st_hit {
    int64_t id;              /* article id */
    const char *url;         /* its URL */
    const char *site;        /* site label */
    const char *title;       /* headline */
    const char *lang;        /* language */
    int64_t published;       /* AK_TIME_NONE if unknown */
    int64_t fetched_at;      /* fetch time */
    int64_t duplicate_of;    /* original's id, 0 = none */
    const char *snippet;     /* body excerpt, matches in [brackets] */
    double rank;             /* bm25 score (lower is better) */
} st_hit;
typedef int st_hit_fn(const st_hit *h, void *udata);

/* Searches titles and bodies for every word of query (spelling variants
 * folded as in st_set_text_normalizer; "word*" is a prefix), best first,
 * at most limit results (0 = 20), filtered by *filter (may be NULL).
 * fn returns non-zero to stop.  Returns 0 or a negative st_err. */
int st_search(st_store *st, const char *query, const st_query *filter, int limit,
              st_hit_fn *fn, void *udata, char **err);

/* ---- deduplication --------------------------------------------------------------
 * What the dedup engine needs (dedup/index.h; main/ddstore.c adapts these
 * to it): fingerprint keys, per-article dedup state, clusters.  The store
 * keeps the values it is given and knows nothing of how they are made. */

/* A key's record: n holders, the earliest, the three most recent. */
typedef struct st_dd_key {
    int64_t n;               /* articles holding the key */
    int64_t first;           /* earliest holder */
    int64_t first_time;      /* its sort time */
    int64_t recent[3];       /* newest holders first, 0 = none */
} st_dd_key;

/* 1 and *k filled when key is known, 0 when not, or a negative st_err. */
int st_dd_key_get(st_store *st, uint64_t key, st_dd_key *k, char **err);
/* Adds article id (sort time t) as a holder of key: n + 1, newest recent
 * holder, and first holder when earlier than the current one (ties: the
 * lower id).  When prev is not NULL it receives the record as it was
 * before (n = 0 for a new key, first = 0 when id replaced it). */
int st_dd_key_add(st_store *st, uint64_t key, int64_t id, int64_t t, st_dd_key *prev, char **err);

/* st_dd_key_add for n keys, as n calls in order would (a key may repeat);
 * prev (may be NULL) receives n records.  One round trip on PostgreSQL,
 * the keys locked in ascending order. */
int st_dd_keys_add(st_store *st, const uint64_t *keys, size_t n, int64_t id, int64_t t, st_dd_key *prev,
                   char **err);

/* An article as dedup reads it; strings valid until the next call on st. */
typedef struct st_dd_article {
    int64_t id;              /* article id */
    const char *url;         /* its URL */
    const char *site;        /* site label */
    const char *title;       /* headline, or NULL */
    const char *body;        /* text */
    int64_t published;       /* AK_TIME_NONE when unknown */
    int64_t fetched_at;      /* fetch time */
    int64_t cluster;         /* its cluster, 0 when not deduplicated yet */
} st_dd_article;
int st_dd_article_get(st_store *st, int64_t id, st_dd_article *a, char **err);

/* The dedup state of an article (written once it is clustered). */
typedef struct st_dd_state {
    int64_t cluster;         /* cluster id */
    int64_t match;           /* article it matched, 0 = none */
    double similarity;       /* of that match */
    const char *kind;        /* original, exact, near, contained, extended */
    uint64_t simhash;        /* SimHash */
    const void *minhash;     /* MinHash signature bytes */
    size_t minhash_len;      /* their size */
    const void *paras;       /* paragraph records, opaque bytes */
    size_t paras_len;        /* their size */
} st_dd_state;
/* Records the state of article id and sets its duplicate_of (0 = NULL). */
int st_dd_state_put(st_store *st, int64_t id, const st_dd_state *s, int64_t duplicate_of, char **err);

typedef struct st_dd_cluster {
    int64_t id;              /* cluster id */
    int64_t original;        /* earliest member */
    int64_t original_time;   /* its sort time */
    int64_t size;            /* members */
} st_dd_cluster;
int st_dd_cluster_get(st_store *st, int64_t id, st_dd_cluster *c, char **err); /* 1, 0 or < 0 */
int st_dd_cluster_put(st_store *st, const st_dd_cluster *c, char **err);
/* Moves the members of cluster from into cluster into; deletes from. */
int st_dd_cluster_merge(st_store *st, int64_t from, int64_t into, char **err);
/* Points duplicate_of of every member of cluster id at original (NULL for
 * original itself); old_original, no longer the original, gets (match,
 * similarity, kind) as its match. */
int st_dd_cluster_set_original(st_store *st, int64_t id, int64_t original, int64_t old_original,
                               int64_t match, double similarity, const char *kind, char **err);

/* Calls fn with the id of each article that has no dedup state yet
 * (stored before deduplication existed), oldest first; fn returns non-zero
 * to stop.  The ids are read first, so fn may write to the store. */
int st_dd_pending(st_store *st, int (*fn)(int64_t id, void *udata), void *udata, char **err);

/* The sketches of article id: 1 with minhash (len bytes copied) and
 * *simhash filled, 0 when it has no dedup state. */
int st_dd_sig_get(st_store *st, int64_t id, void *minhash, size_t len, uint64_t *simhash, char **err);

/* The dedup state of article id for display: 1 and *s filled (strings and
 * bytes valid until the next call on st), 0 when it has none. */
int st_dd_state_get(st_store *st, int64_t id, st_dd_state *s, char **err);

/* Members of cluster id, oldest first (sort time, then id), as full
 * articles (cluster_id, similarity, dup_kind and dd_paras filled). */
int st_dd_cluster_members(st_store *st, int64_t id, st_article_fn *fn, void *udata, char **err);

/* Clusters with at least min_size members, largest first (then newest
 * original): fn gets the cluster record.  At most limit (0 = all). */
int st_dd_clusters(st_store *st, int64_t min_size, int64_t limit,
                   int (*fn)(const st_dd_cluster *c, void *udata), void *udata, char **err);

/* How commits reach the disk (SQLite's PRAGMA synchronous, WAL mode):
 * FULL flushes every commit; NORMAL only at checkpoints (a killed process
 * loses nothing committed, a power cut may undo the last commits, never
 * corrupts); OFF never (bulk loads and benchmarks).  st_open uses FULL. */
typedef enum st_sync { ST_SYNC_OFF, ST_SYNC_NORMAL, ST_SYNC_FULL } st_sync;

/* Connection tuning: cache_bytes of page cache (0 = SQLite's default),
 * mmap_bytes of the file read through memory mapping (0 = none; lookups
 * spread over a large index then cost no system call; the mapped pages
 * count in the process's RSS), and the st_sync level.  Moving to a level
 * other than OFF checkpoints the WAL into the store and truncates it. */
int st_tune(st_store *st, int64_t cache_bytes, int64_t mmap_bytes, st_sync sync, char **err);

/* Sizes for reports: rows in dd_keys, deduplicated articles, clusters, and
 * the store file's size in bytes (page_count * page_size).  When
 * index_bytes is not NULL it receives the bytes of the dedup tables and
 * their indexes (a scan of them; -1 when SQLite lacks the dbstat table). */
int st_dd_sizes(st_store *st, int64_t *keys, int64_t *articles, int64_t *clusters, int64_t *bytes,
                int64_t *index_bytes, char **err);

/* ---- backends ------------------------------------------------------------------ */

/* The file of an SQLite location (location itself, or what follows
 * "sqlite:"); NULL for a PostgreSQL URI. */
const char *st_location_file(const char *location);

/* location for messages: a password in a URI is replaced by "***".
 * Caller frees. */
char *st_location_display(const char *location);

/* "sqlite" or "postgresql". */
const char *st_backend_name(st_store *st);

/* True when several processes may write the store at once (PostgreSQL):
 * crawlers then share the work through leases (below), and keep their
 * transactions short. */
bool st_shared(st_store *st);

/* Savepoints inside a transaction: what was written since st_savepoint is
 * undone by st_savepoint_rollback (and its row locks released) or kept by
 * st_savepoint_release.  One level. */
int st_savepoint(st_store *st, char **err);
int st_savepoint_release(st_store *st, char **err);
void st_savepoint_rollback(st_store *st);

/* True when a call since the last st_begin or st_savepoint failed because
 * another process was writing the same rows (ST_ECONFLICT; also a failure
 * reported through dedup's callbacks): roll back to the savepoint and try
 * again.  Always false on a store of one's own. */
bool st_conflicted(st_store *st);

/* ---- moving a store --------------------------------------------------------------------- */

/* Copies everything of the SQLite store from into the PostgreSQL store to,
 * which must be empty: articles (with their ids), URLs tried, feed and
 * politeness state, the robots.txt cache and the dedup tables, in one
 * transaction whose row counts are checked before it commits (all or
 * nothing).  progress (may be NULL) is called after each table.  Returns
 * 0 or a negative st_err with *err set. */
typedef void st_migrate_fn(const char *table, int64_t rows, void *udata);
int st_migrate(st_store *from, st_store *to, st_migrate_fn *progress, void *udata, char **err);

/* ---- shared stores: leases, the frontier, host slots ------------------------------
 * Several `akhbar crawl` processes (on one machine or many) share one
 * PostgreSQL store: each configured feed is fetched by one of them per
 * interval, article URLs found in feeds go to a shared frontier from which
 * every process claims batches with leases (a process that dies loses its
 * claims when their leases run out), and the next allowed request time of
 * each host lives in the store, so per-host delays hold across processes.
 * Times here are the store's clock (the PostgreSQL server's).  On a store
 * of one's own (SQLite) the crawl does not use the frontier: claims always
 * succeed, slots never wait, and the frontier calls fail with ST_EMISC. */

/* The store's clock, seconds since the epoch (ak_now() for SQLite). */
int64_t st_clock(st_store *st);

/* Who this process is in leases: "host:pid:random" ("local" for SQLite). */
const char *st_worker(st_store *st);

/* For each of the n configured feeds (urls[i], labelled sites[i]),
 * claimed[i] = true when this process may fetch it now: no process claimed
 * it in the last interval_s seconds (it is then claimed, at once, for
 * everyone).  Returns the number claimed or a negative st_err. */
int st_feeds_claim(st_store *st, const char *const *urls, const char *const *sites, size_t n,
                   int64_t interval_s, bool *claimed, char **err);

/* This process has read the feeds it claimed: the URLs they list are all
 * in the frontier (other processes stop waiting for more from it). */
int st_feeds_done(st_store *st, char **err);

/* An article URL found in a feed, waiting to be fetched. */
typedef struct st_frontier_entry {
    const char *url;         /* normalised article URL (required) */
    const char *host;        /* its "host[:port]" (host pauses skip it), or NULL */
    const char *feed;        /* configured URL of the feed it came from, or NULL */
    const char *site;        /* site label, or NULL */
    const char *lang;        /* language hint, or NULL */
    const char *feed_url;    /* document it was listed in, or NULL */
    const char *title;       /* entry title (fallback headline), or NULL */
    int64_t published;       /* entry date, AK_TIME_NONE if unknown */
} st_frontier_entry;

/* Adds e to the frontier, committed at once (other processes may claim it
 * right away).  Returns 1 when added, or when a failed URL with attempts
 * left (fewer than max_attempts) that has not failed since run_start is
 * put back; 0 when it is queued already, stored or given up. */
int st_frontier_add(st_store *st, const st_frontier_entry *e, int max_attempts, int64_t run_start,
                    char **err);

/* Claims up to n queued URLs that no live lease holds (oldest first,
 * skipping hosts paused by Retry-After) for lease_s seconds and calls fn
 * for each (strings valid during the call; fn returns non-zero to stop
 * calling, the rest stay claimed).  A URL stays claimed until it is stored
 * (st_put_article), recorded as failed (st_url_failed), released, or its
 * lease runs out.  Returns how many were claimed, or a negative st_err. */
typedef int st_frontier_fn(const st_frontier_entry *e, void *udata);
int st_frontier_claim(st_store *st, int n, int64_t lease_s, st_frontier_fn *fn, void *udata, char **err);

/* Gives back this process's claim on url, unfetched (host paused,
 * disallowed, run stopped): no process claims it before not_before
 * (AK_TIME_NONE: at once). */
int st_frontier_release(st_store *st, const char *url, int64_t not_before, char **err);

/* Extends every claim this process holds to lease_s seconds from now;
 * returns how many. */
int st_frontier_renew(st_store *st, int64_t lease_s, char **err);

/* Gives back every claim this process still holds (end of a run). */
int st_frontier_release_all(st_store *st, char **err);

/* What waits in the frontier (for `akhbar stats`). */
typedef struct st_frontier_counts {
    int64_t queued;          /* URLs waiting, claimed or not */
    int64_t claimed;         /* of them, held by a live lease */
    int64_t workers;         /* distinct processes holding those leases */
    int64_t feeding;         /* other processes still reading feeds they claimed (within their lease) */
} st_frontier_counts;
int st_frontier_counts_get(st_store *st, st_frontier_counts *c, char **err);

/* Asks to start a request to host ("host[:port]") now, among all the
 * processes sharing the store: *wait_ms = 0 grants it (the host's next
 * start is then delay_ms from now, for everyone), else it is how long to
 * wait before asking again.  Starts granted are at least delay_ms apart
 * whoever asks, however late each one asks.  When a process recorded a
 * pause of host (st_host_pause) that has not ended, *paused_until
 * receives its end and *why its reason (valid until the next call), else
 * 0 and NULL.  A store of one's own always grants. */
int st_host_slot(st_store *st, const char *host, int delay_ms, int64_t *wait_ms, int64_t *paused_until,
                 const char **why, char **err);

#endif
