/* norm.h -- text normalisation for comparing articles.
 *
 * Why this exists: two copies of one story differ in ways a reader ignores:
 * Unicode forms, case, Arabic diacritics and tatweel, alef/hamza forms,
 * ى/ي and ة/ه, Arabic-Indic digits, French accents and ligatures, quote and
 * dash styles, punctuation.  Every fingerprint (content hash, SimHash,
 * MinHash, paragraph hashes) and the search index are computed on this one
 * normal form, so equal-looking text compares equal.  Unicode work is done
 * by utf8proc (NFKC, case folding, mark stripping); the Arabic and French
 * folds are a small table on top.
 *
 * Speed: the fingerprinting budget is a few microseconds per article, so
 * the normal form of every code point of the Basic Multilingual Plane is
 * computed once (by utf8proc, at first use, about 10 ms, thread-safe) into
 * a table; normalising is then one table lookup per character.  Conjoining
 * Hangul jamo and characters outside the BMP, whose normal form can depend
 * on their neighbours, go through utf8proc as a run.  The result is the
 * same as dd_normalize_reference() on every valid UTF-8 input (a unit test
 * checks that).
 */
#ifndef AK_NORM_H
#define AK_NORM_H

#include <stddef.h>

#include "common/buf.h"

/* Appends the normal form of s[0..n) to out: NFKC, case folded, combining
 * marks removed (tashkeel, U+0670, accents), tatweel and default-ignorable
 * characters (ZWJ, ZWNJ, soft hyphen) removed, أ إ آ ٱ -> ا, ؤ -> و,
 * ئ -> ي, ى -> ي, ة -> ه, ک -> ك, ی -> ي, œ -> oe, æ -> ae, Arabic-Indic and
 * Persian digits -> ASCII, every punctuation or symbol character -> space,
 * white space collapsed to single spaces, trimmed.  Words stay separated by
 * exactly one space, which the fingerprinting relies on.  Input should be
 * valid UTF-8; an invalid byte counts as a separator. */
void dd_normalize(ak_buf *out, const char *s, size_t n);

/* The same normal form computed the slow way (utf8proc_map on the whole
 * string, then the folds).  Kept as the definition the fast path is tested
 * against; not meant for production use. */
void dd_normalize_reference(ak_buf *out, const char *s, size_t n);

/* SHA-256 (OpenSSL) of the normal form of body, as 64 lower-case hex
 * characters written to hex[65]. */
void dd_content_hash(const char *body, char hex[65]);

#endif
