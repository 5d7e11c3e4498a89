/* charset.h -- bytes from the web to UTF-8.
 *
 * Why this exists: Moroccan sites serve UTF-8, windows-1256, ISO-8859-6 and
 * mislabelled windows-1252, declared (or not) in a BOM, the HTTP header, an
 * XML declaration or a <meta> tag, and sometimes declared wrongly.  Both
 * parsers call this first so they only ever see valid UTF-8.  Order of
 * evidence: BOM, then the HTTP charset, then the document's own declaration,
 * then a sniff (valid UTF-8, else Arabic or Latin single-byte by content).
 * A declared UTF-8 that is not valid UTF-8 gives way to the next evidence.
 * Conversion is iconv (glibc); undecodable bytes become U+FFFD.
 */
#ifndef AK_CHARSET_H
#define AK_CHARSET_H

#include <stdbool.h>
#include <stddef.h>

typedef enum pc_kind { PC_HTML, PC_XML } pc_kind;

/* Decides the charset of data[0..len) without converting: returns its
 * canonical name (static), sets *bom to the bytes of byte-order mark to
 * skip, and *valid_utf8 when the result is "utf-8" and the bytes after the
 * BOM are valid UTF-8 as they are (no conversion needed).  A declared
 * single-byte Arabic charset that the bytes contradict (ISO-8859-6 text
 * labelled windows-1256 or the reverse, Arabic labelled Latin-1) is
 * corrected. */
const char *pc_detect(const char *data, size_t len, const char *http_ctype, pc_kind kind,
                      size_t *bom, bool *valid_utf8);

/* Like pc_to_utf8, but copies only when it must: returns data itself
 * (past any BOM) when it is valid UTF-8 already, with *owned = NULL;
 * otherwise a converted buffer that is also stored in *owned for the caller
 * to free.  *out_len and *used as for pc_to_utf8. */
const char *pc_decode(const char *data, size_t len, const char *http_ctype, pc_kind kind,
                      size_t *out_len, const char **used, char **owned);

/* Converts data[0..len) to UTF-8 (without BOM).  http_ctype is the
 * Content-Type header or NULL.  Returns a NUL-terminated buffer the caller
 * frees, its length in *out_len, and the charset used in *used (a static
 * string such as "utf-8" or "windows-1256").  Never fails. */
char *pc_to_utf8(const char *data, size_t len, const char *http_ctype, pc_kind kind,
                 size_t *out_len, const char **used);

/* The charset parameter of a Content-Type value, lower-cased, copied into
 * out (size n); returns out, or NULL when there is none. */
char *pc_ctype_charset(const char *ctype, char *out, size_t n);

/* Canonical name for a charset label per the WHATWG Encoding Standard
 * ("latin1" -> "windows-1252", "arabic" -> "iso-8859-6"), or NULL when the
 * label is unknown. */
const char *pc_canonical(const char *label);

#endif
