/* pg_int.h -- what the files of the PostgreSQL backend share (not part of
 * the store interface: only store/pg*.c include it).
 *
 * Why this exists: pg.c owns the connections, the schema and the error
 * mapping; pg_dedup.c (deduplication tables), pg_text.c (full-text search
 * and statistics) and pg_share.c (leases, the frontier, host slots) keep
 * their SQL apart.  Every statement is prepared once per connection and
 * run with text parameters (bytea ones binary) and binary results.
 *
 * Two connections: the main one carries the crawl's transactions
 * (st_begin ... st_commit); the side one, opened on first use, runs in
 * autocommit with asynchronous commits and carries what other processes
 * must see at once and what must never wait for the crawl's open
 * transaction: claims, frontier additions, lease renewals, host slots.
 */
#ifndef AK_STORE_PG_INT_H
#define AK_STORE_PG_INT_H

#include <libpq-fe.h>
#include <stdint.h>

#include "common/buf.h"
#include "store/store_int.h"

#define PG_NQ 128        /* statement ids: pg.c 0-47, pg_dedup.c 48-71, pg_text.c 72-87, pg_share.c 88-127 */
#define PG_KEEP 8        /* results whose strings were handed out, one slot per function */
#define PG_MAXARGS 24    /* parameters of one statement */

/* The store's clock in SQL: the server's time, seconds since the epoch. */
#define PG_NOW "(extract(epoch from clock_timestamp())::bigint)"

typedef struct pg_store {
    const st_backend *be;    /* &pg_backend (store_int.h: first member) */
    PGconn *db;              /* main connection */
    PGconn *side;            /* autocommit connection, NULL until first needed */
    char *uri;               /* location as given (to open the side connection) */
    char *shown;             /* location for messages, passwords hidden */
    int busy_ms;             /* lock wait before ST_EBUSY */
    bool readonly;           /* opened with ST_READONLY */
    bool in_tx;              /* inside st_begin ... st_commit */
    bool in_sp;              /* inside st_savepoint */
    bool sp_virtual;         /* that savepoint is the transaction's start (nothing written before
                                it): not sent; rolling back to it restarts the transaction */
    bool tx_used;            /* a statement ran on the main connection since BEGIN */
    bool conflict;           /* a conflict since the last begin or savepoint */
    unsigned char prep[2][PG_NQ]; /* statements prepared on [0] main, [1] side */
    PGresult *keep[PG_KEEP]; /* results handed out until the next call of the same function */
    int cursors;             /* cursors opened so far (unique names) */
    char worker[96];         /* lease owner name: host:pid:random */
    long long max_size;      /* quota in bytes, 0 = none */
    int64_t size_checked_ms; /* when the quota was last checked (monotonic ms) */
    char *slot_why;          /* reason of the last host pause seen by st_host_slot, owned */
    int64_t lease_s;         /* lease of the last claim or renewal (600 before): a feed claim
                                older than that is a dead process's */
} pg_store;

#define PGS(st) ((pg_store *)(void *)(st))

/* Parameters of one statement: text (NULL = SQL NULL; repaired when not
 * valid UTF-8, which PostgreSQL would refuse), integers, times
 * (AK_TIME_NONE = NULL), doubles, bytes (binary). */
typedef struct pg_args {
    int n;                          /* parameters set */
    const char *v[PG_MAXARGS];      /* values */
    int len[PG_MAXARGS];            /* lengths (binary ones) */
    int fmt[PG_MAXARGS];            /* 0 text, 1 binary */
    char num[PG_MAXARGS][32];       /* storage of numbers */
    char *own[PG_MAXARGS];          /* repaired text, owned */
} pg_args;

void pg_text(pg_args *a, const char *s);
void pg_i64(pg_args *a, int64_t v);
void pg_time(pg_args *a, int64_t t);
void pg_f64(pg_args *a, double v);
void pg_bytes(pg_args *a, const void *p, size_t n);
void pg_null(pg_args *a);
void pg_args_free(pg_args *a);

/* Runs statement id (sql prepared on first use) on the main connection
 * (side = false) or the side one, with args (may be NULL).  Returns the
 * result (caller PQclear()s) or NULL with *code (a st_err) and *err set
 * ("store LOCATION: what: reason").  Frees nothing of args. */
PGresult *pg_run(pg_store *p, bool side, int id, const char *sql, const pg_args *args, const char *what,
                 int *code, char **err);

/* pg_run for statements whose result is not needed: 0 or a st_err. */
int pg_do(pg_store *p, bool side, int id, const char *sql, const pg_args *args, const char *what, char **err);

/* A plain command on the main connection (BEGIN, SAVEPOINT...): 0 or a st_err. */
int pg_cmd(pg_store *p, const char *sql, const char *what, char **err);

/* Streams the rows of a query through a cursor on the main connection
 * (inside the open transaction, or one of its own), FETCHing them in
 * batches so that memory stays constant and row may run other statements
 * on the store.  row returns non-zero to stop (returned as is).  Returns
 * 0, row's value, or a st_err. */
int pg_each(pg_store *p, const char *sql, const pg_args *args, int (*row)(PGresult *r, int i, void *ud),
            void *ud, const char *what, char **err);

/* Opens the side connection when needed: 0 or a st_err. */
int pg_side(pg_store *p, char **err);

/* Keeps r in slot until the next call that uses the same slot (strings
 * handed out point into it). */
void pg_keep(pg_store *p, int slot, PGresult *r);

/* Binary result columns: integers of any width (NULL = 0), times (NULL =
 * AK_TIME_NONE), doubles, text (NULL = NULL), bytes. */
int64_t pg_get_i64(const PGresult *r, int row, int col);
int64_t pg_get_time(const PGresult *r, int row, int col);
double pg_get_f64(const PGresult *r, int row, int col);
const char *pg_get_text(const PGresult *r, int row, int col);
const void *pg_get_bytes(const PGresult *r, int row, int col, size_t *len);
bool pg_get_null(const PGresult *r, int row, int col);

/* Full-text search (pg_text.c): the tsvector literal of an article's
 * title and body (folded words, definite-article stems beside them, the
 * title weighted A), appended to out. */
void pg_fts_vector(ak_buf *out, const char *title, const char *body);

/* The functions of the other files, in the backend table (pg.c). */
int pg_search(st_store *st, const char *query, const st_query *filter, int limit, st_hit_fn *fn,
              void *udata, char **err);
int pg_stats(st_store *st, const st_stats_cb *cb, void *ud, char **err);
int pg_dd_key_get(st_store *st, uint64_t key, st_dd_key *k, char **err);
int pg_dd_key_add(st_store *st, uint64_t key, int64_t id, int64_t t, st_dd_key *prev, char **err);
int pg_dd_keys_add(st_store *st, const uint64_t *keys, size_t n, int64_t id, int64_t t, st_dd_key *prev,
                   char **err);
int pg_dd_article_get(st_store *st, int64_t id, st_dd_article *a, char **err);
int pg_dd_state_put(st_store *st, int64_t id, const st_dd_state *s, int64_t duplicate_of, char **err);
int pg_dd_sig_get(st_store *st, int64_t id, void *minhash, size_t len, uint64_t *simhash, char **err);
int pg_dd_state_get(st_store *st, int64_t id, st_dd_state *s, char **err);
int pg_dd_cluster_get(st_store *st, int64_t id, st_dd_cluster *c, char **err);
int pg_dd_cluster_put(st_store *st, const st_dd_cluster *c, char **err);
int pg_dd_cluster_merge(st_store *st, int64_t from, int64_t into, char **err);
int pg_dd_cluster_set_original(st_store *st, int64_t id, int64_t original, int64_t old_original,
                               int64_t match, double similarity, const char *kind, char **err);
int pg_dd_pending(st_store *st, int (*fn)(int64_t id, void *udata), void *udata, char **err);
int pg_dd_cluster_members(st_store *st, int64_t id, st_article_fn *fn, void *udata, char **err);
int pg_dd_clusters(st_store *st, int64_t min_size, int64_t limit,
                   int (*fn)(const st_dd_cluster *c, void *udata), void *udata, char **err);
int pg_dd_sizes(st_store *st, int64_t *keys, int64_t *articles, int64_t *clusters, int64_t *bytes,
                int64_t *index_bytes, char **err);
int64_t pg_clock(st_store *st);
int pg_feeds_claim(st_store *st, const char *const *urls, const char *const *sites, size_t n,
                   int64_t interval_s, bool *claimed, char **err);
int pg_feeds_done(st_store *st, char **err);
int pg_frontier_add(st_store *st, const st_frontier_entry *e, int max_attempts, int64_t run_start, char **err);
int pg_frontier_claim(st_store *st, int n, int64_t lease_s, st_frontier_fn *fn, void *udata, char **err);
int pg_frontier_release(st_store *st, const char *url, int64_t not_before, char **err);
int pg_frontier_renew(st_store *st, int64_t lease_s, char **err);
int pg_frontier_release_all(st_store *st, char **err);
int pg_frontier_counts(st_store *st, st_frontier_counts *c, char **err);
int pg_host_slot(st_store *st, const char *host, int delay_ms, int64_t *wait_ms, int64_t *paused_until,
                 const char **why, char **err);

/* The columns export and cluster listings read (FROM included), and
 * their mapping to an st_article (pg.c). */
#define PG_ARTICLE_COLUMNS                                                                       \
    "a.id, a.url, a.canonical_url, a.site, a.feed_url, a.title, a.body, a.author, a.lang,"       \
    " a.description, a.image, a.content_hash, a.published, a.published_offset, a.modified,"      \
    " a.fetched_at, a.duplicate_of, d.cluster, c.size, d.match, d.similarity, d.kind, d.paras"   \
    " FROM articles a LEFT JOIN dd_articles d ON d.article_id = a.id"                            \
    " LEFT JOIN dd_clusters c ON c.id = d.cluster"
void pg_row_article(const PGresult *r, int i, st_article *a);

#endif
