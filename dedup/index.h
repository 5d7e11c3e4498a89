/* index.h -- what the dedup engine needs from storage, as callbacks.
 *
 * Why this exists: data flows crawler -> parser -> dedup -> store, and
 * dedup must not call the store, yet it must look up fingerprints of
 * stored articles, read their text, and record clusters.  This header
 * declares that need as a table of functions (dd_index_ops) that main/
 * wires to an implementation: the SQLite store (store/ddindex.h) for
 * crawls, or the in-memory one below for `akhbar dedup FILE` and tests.
 *
 * Data model:
 *  - Keys: 64-bit hashes (LSH bands, SimHash blocks, paragraphs, paragraph
 *    prefixes, content hashes, per-site paragraph shapes).  Each key has
 *    one record: how many articles hold it, the earliest holder (by
 *    publication time, then fetch time, then id) and the DD_RECENT most
 *    recent holders.  A lookup therefore costs one indexed read and returns
 *    at most DD_RECENT + 1 ids, whatever the store size; a key held by
 *    thousands of articles (site chrome, stock phrases) stays one row.
 *  - Articles: id (> 0, increasing in insertion order), site, title, body,
 *    times, and their dedup state (dd_state).
 *  - Clusters: id (the id of the article that founded it), original
 *    (earliest member), size.
 *
 * Conventions: every function returns 0 (or a documented positive value)
 * on success and a negative value on failure, with a message in *err
 * (caller frees).  Strings handed out by doc_get are valid until the next
 * call on the same ctx.  Times are seconds since the epoch, AK_TIME_NONE
 * when unknown.
 */
#ifndef AK_DD_INDEX_H
#define AK_DD_INDEX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define DD_RECENT 3 /* most recent holders remembered per key */

/* The record of one key. */
typedef struct dd_keyrec {
    int64_t n;                  /* articles that hold the key */
    int64_t first;              /* earliest holder (see above) */
    int64_t first_time;         /* its sort time (published, else fetched) */
    int64_t recent[DD_RECENT];  /* latest holders, newest first; 0 = none */
} dd_keyrec;

/* How an article matched the cluster it joined. */
typedef enum dd_kind {
    DD_ORIGINAL = 0,  /* founded its cluster (or is its earliest member) */
    DD_EXACT = 1,     /* same normalised body as the article it matched */
    DD_NEAR = 2,      /* near-duplicate text (rewording, chrome, reordering) */
    DD_CONTAINED = 3, /* its text is contained in the other (lead-only, excerpt) */
    DD_EXTENDED = 4   /* it contains the other's text plus more (added intro/outro) */
} dd_kind;

/* The dedup state of one article. */
typedef struct dd_state {
    int64_t cluster;            /* cluster id */
    int64_t match;              /* article it was matched to; 0 = none (founder) */
    double similarity;          /* similarity of that match, 0..1 (1 for a founder) */
    int kind;                   /* dd_kind of that match */
    uint64_t simhash;           /* SimHash of the content */
    const uint32_t *minhash;    /* DD_MINHASH values (fp.h) */
    const void *paras;          /* paragraph fingerprints, opaque to the store (see dd_para_rec) */
    size_t paras_len;           /* their size in bytes */
} dd_state;

/* One element of dd_state.paras: a paragraph worth linking to its first
 * appearance (long enough, not chrome). */
typedef struct dd_para_rec {
    uint32_t index;             /* paragraph number in the body, from 0 */
    uint32_t words;             /* its length in words */
    uint64_t key;               /* its paragraph key */
    uint64_t chrome_key;        /* its site-shape key (chrome if that key gets common) */
} dd_para_rec;

/* A stored article as the engine sees it. */
typedef struct dd_stored {
    int64_t id;                 /* article id */
    const char *site;           /* site label, or NULL */
    const char *title;          /* headline, or NULL */
    const char *body;           /* text, paragraphs separated by newlines */
    int64_t published;          /* publication time, or AK_TIME_NONE */
    int64_t fetched;            /* fetch time, or AK_TIME_NONE */
    int64_t cluster;            /* its cluster; 0 when not deduplicated yet */
} dd_stored;

/* A cluster. */
typedef struct dd_cluster {
    int64_t id;                 /* cluster id (the founder's article id) */
    int64_t original;           /* earliest member: published, then fetched, then id */
    int64_t original_time;      /* its sort time */
    int64_t size;               /* members */
} dd_cluster;

typedef struct dd_index_ops {
    /* Reads the record of key: 1 and *rec filled when known, 0 when not. */
    int (*key_get)(void *ctx, uint64_t key, dd_keyrec *rec, char **err);
    /* Adds article id (with sort time t) as a holder of key: n += 1, it
     * becomes the newest recent holder, and the first one when it is the
     * first holder or earlier than the current first (ties: lower id).
     * When prev is not NULL it receives the record as it was before (n = 0
     * for a new key; first = 0 when this article replaced it): one write
     * both looks the key up and records it. */
    int (*key_add)(void *ctx, uint64_t key, int64_t id, int64_t t, dd_keyrec *prev, char **err);
    /* Reads article id: 1 and *a filled, 0 when there is no such article. */
    int (*doc_get)(void *ctx, int64_t id, dd_stored *a, char **err);
    /* Records the dedup state of article id, and its duplicate_of (0 = it
     * is its cluster's original). */
    int (*doc_put)(void *ctx, int64_t id, const dd_state *s, int64_t duplicate_of, char **err);
    /* Reads the sketches recorded for article id (doc_put): 1 with
     * minhash[DD_MINHASH] and *simhash filled, 0 when it has none.  Lets
     * the engine drop a candidate whose only link is a sketch collision
     * without reading its text. */
    int (*doc_sig)(void *ctx, int64_t id, uint32_t *minhash, uint64_t *simhash, char **err);
    /* Reads cluster id: 1 and *c filled, 0 when unknown. */
    int (*cluster_get)(void *ctx, int64_t id, dd_cluster *c, char **err);
    /* Creates or replaces a cluster record. */
    int (*cluster_put)(void *ctx, const dd_cluster *c, char **err);
    /* Moves every member of cluster from into cluster into and forgets
     * cluster from (the caller then puts the merged record). */
    int (*cluster_merge)(void *ctx, int64_t from, int64_t into, char **err);
    /* Sets duplicate_of of every member of cluster id to original (and of
     * original itself to none), after the original changed; the old
     * original's match becomes (match, similarity, kind). */
    int (*cluster_set_original)(void *ctx, int64_t id, int64_t original, int64_t old_original,
                                int64_t match, double similarity, int kind, char **err);
} dd_index_ops;

/* ---- the in-memory implementation ------------------------------------------ */

/* An index kept in memory (hash tables): for `akhbar dedup FILE`, tests
 * and benchmarks.  Articles are added with dd_mem_add_doc (copies taken)
 * before the engine sees them. */
typedef struct dd_mem dd_mem;

dd_mem *dd_mem_new(void);
void dd_mem_free(dd_mem *m);
extern const dd_index_ops dd_mem_ops;  /* ctx = the dd_mem */

/* Stores an article; returns its id (1, 2, ...). */
int64_t dd_mem_add_doc(dd_mem *m, const char *site, const char *title, const char *body,
                       int64_t published, int64_t fetched);

/* The state recorded for article id, or NULL; *duplicate_of receives its
 * original (0 = none). */
const dd_state *dd_mem_state(const dd_mem *m, int64_t id, int64_t *duplicate_of);

/* Sizes, for reports: keys held, articles. */
size_t dd_mem_nkeys(const dd_mem *m);

#endif
