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

#include <stddef.h>

typedef enum pc_kind { PC_HTML, PC_XML } pc_kind;

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
