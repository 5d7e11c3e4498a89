/* sqlite_int.h -- what the files of the SQLite backend share (not part of
 * the store interface: only store/sqlite*.c include it).
 *
 * Why this exists: sqlite.c owns the connection, the schema and the error
 * mapping; sqlite_dedup.c (deduplication tables), search.c (full-text
 * index) and stats.c keep their SQL apart so they can change without
 * stepping on each other.
 */
#ifndef AK_STORE_SQLITE_INT_H
#define AK_STORE_SQLITE_INT_H

#include <sqlite3.h>

#include "store/store.h"

#define ST_DDQ_MAX 32  /* prepared statements kept for sqlite_dedup.c */
#define ST_DDSTR_MAX 8 /* strings sqlite_dedup.c hands out until its next call */

/* The connection. */
sqlite3 *st__db(st_store *st);

/* Maps an SQLite result code to a st_err, with "store PATH: what: reason"
 * in *err. */
int st__fail(st_store *st, int rc, const char *what, char **err);

/* ST_DDSTR_MAX string slots owned by the store (freed by st_close): a
 * sqlite_dedup.c function frees and replaces them to hand out copies. */
char **st__dd_strings(st_store *st);

/* Statement number which (< ST_DDQ_MAX) of sqlite_dedup.c, prepared from
 * sql_text at first use, reset and unbound; NULL with *code and *err set
 * when it cannot be prepared. */
sqlite3_stmt *st__dd_stmt(st_store *st, int which, const char *sql_text, char **err, int *code);

/* The backend's implementations of store.h (store.c dispatches st_NAME to
 * sq_NAME through the table in sqlite.c); same contracts. */
int sq_search(st_store *st, const char *query, const st_query *filter, int limit, st_hit_fn *fn,
              void *udata, char **err);
int sq_stats(st_store *st, const st_stats_cb *cb, void *ud, char **err);
int sq_dd_key_get(st_store *st, uint64_t key, st_dd_key *k, char **err);
int sq_dd_key_add(st_store *st, uint64_t key, int64_t id, int64_t t, st_dd_key *prev, char **err);
int sq_dd_article_get(st_store *st, int64_t id, st_dd_article *a, char **err);
int sq_dd_state_put(st_store *st, int64_t id, const st_dd_state *s, int64_t duplicate_of, char **err);
int sq_dd_sig_get(st_store *st, int64_t id, void *minhash, size_t len, uint64_t *simhash, char **err);
int sq_dd_state_get(st_store *st, int64_t id, st_dd_state *s, char **err);
int sq_dd_cluster_get(st_store *st, int64_t id, st_dd_cluster *c, char **err);
int sq_dd_cluster_put(st_store *st, const st_dd_cluster *c, char **err);
int sq_dd_cluster_merge(st_store *st, int64_t from, int64_t into, char **err);
int sq_dd_cluster_set_original(st_store *st, int64_t id, int64_t original, int64_t old_original,
                               int64_t match, double similarity, const char *kind, char **err);
int sq_dd_pending(st_store *st, int (*fn)(int64_t id, void *udata), void *udata, char **err);
int sq_dd_clusters(st_store *st, int64_t min_size, int64_t limit,
                   int (*fn)(const st_dd_cluster *c, void *udata), void *udata, char **err);
int sq_dd_sizes(st_store *st, int64_t *keys, int64_t *articles, int64_t *clusters, int64_t *bytes,
                int64_t *index_bytes, char **err);
int sq_tune(st_store *st, int64_t cache_bytes, int64_t mmap_bytes, st_sync sync, char **err);

/* Registers the "akhbar" FTS5 tokenizer on a connection (search.c); must
 * run before the migration that creates the full-text index.  Returns an
 * SQLite result code. */
int st_search_register(sqlite3 *db);

#endif
