/* fp.h -- fingerprints of one article: paragraphs, words, SimHash, MinHash.
 *
 * Why this exists: deduplication compares every new article with the few
 * stored ones that look like it.  Finding those few without scanning the
 * store needs compact fingerprints (a 64-bit SimHash, a MinHash signature
 * cut into LSH bands, one hash per paragraph); deciding needs the words.
 * Both come from one pass over the normalised text (norm.h), cheap enough
 * to run on every article of a crawl (tens of thousands per second).
 *
 * Model: the body is split into paragraphs at line breaks; each paragraph
 * is normalised and cut into words (hashed with xxh3).  Shingles are runs
 * of DD_SHINGLE consecutive words inside one paragraph (a paragraph shorter
 * than that is one shingle).  Chrome paragraphs (a site's signatures,
 * "follow us" lines...) are marked by the caller (the engine knows the
 * site's history) before the sketches are computed, and left out of them.
 *
 * MinHash is one-permutation hashing with optimal densification
 * (Shrivastava 2017): each shingle is hashed once, its hash picks one of
 * DD_MINHASH bins and the bin keeps the smallest value; empty bins borrow
 * from a pseudo-randomly probed filled bin, so two sets agree on a bin with
 * probability equal to their Jaccard similarity.
 */
#ifndef AK_DD_FP_H
#define AK_DD_FP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/buf.h"

#define DD_MINHASH 128      /* MinHash signature length (32-bit values) */
#define DD_SHINGLE 3        /* words per shingle */
#define DD_PREFIX_WORDS 8   /* words hashed into a paragraph's prefix key */

/* Word flags. */
enum {
    DD_TOK_NUMBER = 1,      /* a number: digits, perhaps with an Arabic proclitic or a short
                               suffix glued to it (Arabic digits are ASCII after normalisation) */
    DD_TOK_NAME = 2         /* written capitalised inside a sentence (a proper name) */
};

/* One paragraph (a non-empty line of the body). */
typedef struct dd_para {
    uint32_t tok;           /* index of its first word in dd_doc.tok */
    uint32_t ntok;          /* number of words (>= 1) */
    uint64_t hash;          /* hash of its normalised words */
    uint64_t shape;         /* the same with digits masked ("12:30" ~ "09:15"): chrome detection */
    uint64_t prefix;        /* hash of its first DD_PREFIX_WORDS words, 0 when shorter */
    bool prose;             /* the line ends like a sentence (. ! ? ؟ …), not like a headline or menu item */
    bool chrome;            /* site chrome: left out of sketches and comparisons (caller sets) */
} dd_para;

/* A parsed article.  Zero-initialise, dd_doc_parse() as often as needed,
 * dd_doc_free() at the end (buffers are reused between parses). */
typedef struct dd_doc {
    ak_buf norm;            /* normalised paragraphs, each followed by '\n' */
    dd_para *para;          /* paragraphs, in order; owned */
    size_t npara;           /* paragraphs used */
    size_t para_cap;        /* paragraphs allocated */
    uint64_t *tok;          /* word hashes (xxh3), paragraph after paragraph; owned */
    uint8_t *tokf;          /* DD_TOK_* flags per word; owned */
    uint64_t *num;          /* per word: hash of its digits when it is a number
                               ("12", "بـ8" -> "8", "1430هـ" -> "1430"), else 0; owned */
    size_t ntok;            /* words used */
    size_t tok_cap;         /* words allocated */
    char content_hash[65];  /* SHA-256 hex of the normalised body (dd_content_hash) */
    /* Sketches over the non-chrome paragraphs, set by dd_doc_sketch(): */
    size_t nshingles;       /* content shingles hashed (0: nothing to sketch) */
    uint64_t simhash;       /* 64-bit SimHash of the content shingles */
    uint32_t minhash[DD_MINHASH]; /* MinHash signature; all 0xFFFFFFFF when nshingles is 0 */
} dd_doc;

/* Parses body (valid UTF-8; NULL = empty): paragraphs, words, flags,
 * hashes and the content hash.  Marks no paragraph as chrome and leaves
 * the sketches empty. */
void dd_doc_parse(dd_doc *d, const char *body);

/* Weight of a paragraph of ntok words in comparisons: short lines weigh
 * little (a list of other headlines must not make two pages alike), prose
 * (a line ending like a sentence) less so. */
float dd_para_weight(uint32_t ntok, bool prose);

/* Computes nshingles, simhash and minhash over the paragraphs not marked
 * chrome (over all of them when every paragraph is chrome).  Shingles of
 * light paragraphs are sampled in proportion to their weight relative to
 * the article's heaviest paragraph (consistently: a shingle kept in one
 * article is kept in any other where its paragraph weighs as much). */
void dd_doc_sketch(dd_doc *d);

void dd_doc_free(dd_doc *d);

/* Hash of shingle i..i+n of words w (n = DD_SHINGLE, or fewer for a short
 * paragraph): the value MinHash, SimHash and the verifier share. */
uint64_t dd_shingle_hash(const uint64_t *w, size_t n);

/* Hash of one normalised word, as stored in dd_doc.tok. */
uint64_t dd_word_hash(const char *w, size_t n);

/* Number of differing bits of two SimHashes. */
int dd_hamming(uint64_t a, uint64_t b);

/* Estimated Jaccard similarity of two MinHash signatures (share of equal
 * bins); 0 when either is empty. */
double dd_minhash_jaccard(const uint32_t *a, const uint32_t *b);

#endif
