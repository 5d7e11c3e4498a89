/* internal.h -- private to store/: what the SQLite backend's files share.
 * Nothing outside store/ includes this. */
#ifndef AK_STORE_INTERNAL_H
#define AK_STORE_INTERNAL_H

#include <sqlite3.h>

#include "store/store.h"

/* The connection behind a store. */
sqlite3 *st_db(st_store *st);

/* Registers the "akhbar" FTS5 tokenizer on a connection (search.c); must
 * run before the migration that creates the full-text index.  Returns an
 * SQLite result code. */
int st_search_register(sqlite3 *db);

#endif
