/* utf8.h -- UTF-8 validation, repair and whitespace folding.
 *
 * Why this exists: everything akhbar stores and exports must be valid UTF-8,
 * yet the web sends truncated sequences, overlong forms, surrogates and NUL
 * bytes.  These helpers are the single place where bytes become text:
 * invalid sequences become U+FFFD, never dropped silently and never passed
 * on.  Decoding is done by utf8proc (utf8proc_iterate), not by hand.
 */
#ifndef AK_UTF8_H
#define AK_UTF8_H

#include <stdbool.h>
#include <stddef.h>

#include "common/buf.h"

/* True when s[0..n) is valid UTF-8 without NUL bytes. */
bool ak_utf8_valid(const char *s, size_t n);

/* Appends s[0..n) to out with every invalid sequence (and NUL) replaced by
 * U+FFFD.  Returns the number of replacements made. */
size_t ak_utf8_sanitize(ak_buf *out, const char *s, size_t n);

/* Appends s[0..n) to out with runs of white space (ASCII, NBSP, the
 * Unicode Zs spaces, line/paragraph separators, zero-width space, BOM)
 * collapsed to one ASCII space and leading/trailing space removed.  The
 * input must be valid UTF-8. */
void ak_text_collapse(ak_buf *out, const char *s, size_t n);

/* Returns a newly allocated, collapsed copy of s (NULL in -> NULL out);
 * caller frees. */
char *ak_text_clean(const char *s);

/* Decodes one code point at s (n bytes available); returns its length in
 * bytes (>= 1) and stores the code point in *cp, or U+FFFD for an invalid
 * sequence (length 1). */
size_t ak_utf8_next(const char *s, size_t n, int *cp);

/* Number of code points in a valid UTF-8 string. */
size_t ak_utf8_count(const char *s, size_t n);

#endif
