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

/* Registers the "akhbar" FTS5 tokenizer on a connection (search.c); must
 * run before the migration that creates the full-text index.  Returns an
 * SQLite result code. */
int st_search_register(sqlite3 *db);

#endif
