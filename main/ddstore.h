/* ddstore.h -- the dedup engine's index (dedup/index.h) on the SQLite store.
 *
 * Why this exists: dedup must not call the store and the store must not
 * know dedup; main/ wires them.  These are the dd_index_ops whose ctx is a
 * st_store, and the helpers the crawl, export and dups commands share.
 */
#ifndef AK_MAIN_DDSTORE_H
#define AK_MAIN_DDSTORE_H

#include <stdbool.h>
#include <stdint.h>

#include "dedup/engine.h"
#include "dedup/index.h"
#include "store/store.h"

/* ctx = st_store *. */
extern const dd_index_ops cli_dd_store_ops;

/* Deduplicates every stored article that has no dedup state yet (stored
 * by an akhbar without deduplication), oldest first, committing every
 * batch articles.  Returns how many were done, or a negative st_err with
 * *err set.  Call outside a transaction. */
int64_t cli_dd_backfill(st_store *st, dd_engine *e, int batch, char **err);

/* A paragraph of article a that first appeared elsewhere. */
typedef struct cli_shared {
    uint32_t paragraph;      /* index in the body, from 0 */
    int64_t first;           /* article where it first appeared */
} cli_shared;

/* The shared paragraphs of a (from its dedup state): paragraphs whose
 * first appearance is another article, leaving out lines its site repeats
 * on many pages.  Returns the count (up to max) or a negative st_err. */
int cli_dd_shared(st_store *st, const st_article *a, cli_shared *out, int max, char **err);

#endif
