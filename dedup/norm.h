/* norm.h -- text normalisation for comparing articles.
 *
 * Why this exists: two copies of one story differ in ways a reader ignores:
 * Unicode forms, case, Arabic diacritics and tatweel, alef/hamza forms,
 * ى/ي and ة/ه, Arabic-Indic digits, French accents, quote and dash styles,
 * punctuation.  Every fingerprint (content hash, SimHash, MinHash) and the
 * search index are computed on this one normal form, so equal-looking text
 * compares equal.  Unicode work is done by utf8proc (NFKC, case folding,
 * mark stripping); the Arabic folds are a small table on top.
 */
#ifndef AK_NORM_H
#define AK_NORM_H

#include <stddef.h>

#include "common/buf.h"

/* Appends the normal form of s[0..n) (valid UTF-8) to out: NFKC, case
 * folded, combining marks removed (tashkeel, U+0670, accents), tatweel
 * removed, أ إ آ ٱ -> ا, ؤ -> و, ئ -> ي, ى -> ي, ة -> ه, Arabic-Indic and
 * Persian digits -> ASCII, every punctuation or symbol character -> space,
 * white space collapsed to single spaces, trimmed.  Words stay separated by
 * exactly one space, which the fingerprinting relies on. */
void dd_normalize(ak_buf *out, const char *s, size_t n);

/* SHA-256 (OpenSSL) of the normal form of body, as 64 lower-case hex
 * characters written to hex[65]. */
void dd_content_hash(const char *body, char hex[65]);

#endif
