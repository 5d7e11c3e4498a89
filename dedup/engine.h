/* engine.h -- syndication-aware deduplication, one article at a time.
 *
 * Why this exists: Moroccan sites republish each other all day (the same
 * wire story under another headline, a lead-only copy with "read more", a
 * copy wrapped in the other site's chrome, an added "according to Assabah"
 * paragraph, light rewording, Arabic spelling variants).  Users want one
 * story per cluster, the original publisher named and every copy linked to
 * it, as the crawl goes and across runs.  The engine decides, for each new
 * article, which stored cluster it belongs to (if any), using a bounded
 * number of index lookups whatever the store size.
 *
 * For each article (dd_engine_add):
 *  1. fingerprints (fp.h): paragraphs, words, content hash;
 *  2. site chrome: a paragraph whose digit-masked shape already appeared
 *     on another page of the same site (twice for long paragraphs), or a
 *     short line common across sites, is chrome and left out of everything
 *     below, for the new article and for the stored ones it is compared to;
 *  3. sketches: SimHash and MinHash of the content;
 *  4. candidates: same content hash, same LSH band (MinHash), same SimHash
 *     block, same paragraph, same paragraph opening, same lead opening;
 *     each key is one write that returns its previous holders (at most
 *     DD_RECENT + 1 articles); a candidate linked by a sketch collision
 *     alone is dropped when its stored sketches differ; the originals of
 *     the candidates' clusters are added;
 *  5. verification of each candidate on the words themselves: weighted
 *     Jaccard similarity and containment of 3-word shingles (short lines
 *     weigh little, so lists of other headlines do not count), title
 *     overlap, and facts: numbers and (in Latin script) capitalised names
 *     of the shorter text's matching paragraphs must appear in the other
 *     (both ways for near duplicates, which must also keep each other's
 *     lead unless whole paragraphs were copied word for word), so a daily
 *     bulletin with other figures, a story about another city or person,
 *     or a follow-up that retells the background is not a copy;
 *  6. clustering: the article joins the cluster of its best accepted match;
 *     another cluster it matches strongly (exact or near-identical) is
 *     merged in, a weak or containment-only match never merges clusters
 *     (so one round-up article cannot chain two stories); the cluster's
 *     original is its earliest published member (then earliest fetched);
 *  7. its paragraphs are linked to their first appearance elsewhere.
 *
 * Errors come from the index callbacks (store errors); the engine itself
 * accepts any text.  Not thread-safe: one engine per thread.
 */
#ifndef AK_DD_ENGINE_H
#define AK_DD_ENGINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dedup/fp.h"
#include "dedup/index.h"

typedef struct dd_engine dd_engine;

/* Tuning; dd_options_default() gives the values the README documents. */
typedef struct dd_options {
    int bands;              /* LSH bands over the MinHash signature (default 16) */
    int rows;               /* rows per band; bands * rows <= DD_MINHASH (default 4) */
    bool simhash_keys;      /* index SimHash blocks (default true) */
    bool prefix_keys;       /* index each paragraph's first 8 words (default true) */
    int max_candidates;     /* articles verified per new article (default 24) */
} dd_options;

void dd_options_default(dd_options *o);

/* A new article.  Its id must already exist for the index (doc_get finds
 * it) and be greater than every id added before. */
typedef struct dd_article {
    int64_t id;             /* store id */
    const char *site;       /* site label (chrome is learnt per site), or NULL */
    const char *title;      /* headline, or NULL */
    const char *body;       /* paragraphs separated by newlines */
    int64_t published;      /* publication time, AK_TIME_NONE if unknown */
    int64_t fetched;        /* fetch time, AK_TIME_NONE if unknown */
} dd_article;

/* A paragraph of the new article that appeared before in another one. */
typedef struct dd_shared {
    uint32_t index;         /* paragraph number in the body, from 0 */
    int64_t first;          /* article where it first appeared */
} dd_shared;

/* What dd_engine_add decided. */
typedef struct dd_result {
    int64_t cluster;        /* cluster joined or founded */
    int64_t duplicate_of;   /* the cluster's original, 0 when this article is it */
    int64_t match;          /* article it matched, 0 = none */
    double similarity;      /* similarity of that match (1 when none) */
    int kind;               /* dd_kind of that match (DD_ORIGINAL when none) */
    int merged;             /* other clusters merged into this one */
    int verified;           /* candidates verified */
    char content_hash[65];  /* SHA-256 hex of the normalised body */
    size_t nshared;         /* entries in shared */
    const dd_shared *shared;/* owned by the engine, valid until the next call */
} dd_result;

/* Counters since dd_engine_new, for summaries and benchmarks. */
typedef struct dd_stats {
    int64_t articles;       /* articles added */
    int64_t lookups;        /* key lookups */
    int64_t candidates;     /* candidates verified */
    int64_t prefiltered;    /* candidates dropped on their stored sketches, text unread */
    int64_t accepted;       /* articles that joined an existing cluster */
    int64_t merges;         /* clusters merged */
} dd_stats;

/* A new engine over the given index (ops and ctx are borrowed).  o may be
 * NULL for the defaults. */
dd_engine *dd_engine_new(const dd_index_ops *ops, void *ctx, const dd_options *o);
void dd_engine_free(dd_engine *e);

/* Deduplicates article a and records the outcome through the index.
 * Returns 0, or a negative value with *err set when the index failed
 * (nothing is half-recorded only if the caller wraps the call in a
 * transaction, as the crawl does). */
int dd_engine_add(dd_engine *e, const dd_article *a, dd_result *r, char **err);

/* The same, with a->body already parsed by dd_doc_parse (fp.h) into
 * *parsed, possibly on another thread (parsing is the costly part that
 * needs no index).  The engine takes the document's contents and leaves
 * its previous buffers in *parsed, which the caller dd_doc_free()s. */
int dd_engine_add_parsed(dd_engine *e, const dd_article *a, dd_doc *parsed, dd_result *r, char **err);

void dd_engine_stats(const dd_engine *e, dd_stats *s);

/* "original", "exact", "near", "contained", "extended". */
const char *dd_kind_name(int kind);

#endif
