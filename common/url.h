/* url.h -- URL resolution and normalisation.
 *
 * Why this exists: an article's identity in the store is its normalised URL,
 * so "the same URL" must mean the same thing to the feed parser (resolving
 * relative links), the crawler (queueing, per-host scheduling) and the store
 * (uniqueness).  Parsing and relative resolution are done by libcurl's URL
 * API (curl_url); this module adds the web's leniency (spaces, raw Arabic
 * slugs) and the normalisation rules for identity.
 *
 * All functions return newly allocated strings that the caller frees, or
 * NULL when the input is not a usable http(s) URL.
 */
#ifndef AK_URL_H
#define AK_URL_H

#include <stdbool.h>
#include <stddef.h>

/* Resolves ref against base (either may be NULL; a NULL/empty ref yields
 * NULL).  Leading/trailing white space and embedded tabs/newlines are
 * removed and raw non-ASCII bytes percent-encoded first, as browsers do.
 * Only http and https results are returned. */
char *ak_url_resolve(const char *base, const char *ref);

/* Resolves like ak_url_resolve but keeps any absolute scheme (mailto:,
 * tag:, urn:) as is; used for feed ids, which need not be http URLs. */
char *ak_url_resolve_any(const char *base, const char *ref);

/* The identity form of an http(s) URL: lower-case scheme and host, no
 * default port, no fragment, dot segments resolved, percent-escapes in
 * upper case with unreserved characters decoded, tracking parameters
 * (utm_*, fbclid, gclid, ...) removed, an empty query dropped, an empty
 * path written "/". */
char *ak_url_normalize(const char *url);

/* Lower-case host name of an http(s) URL ("www.hespress.com"). */
char *ak_url_host(const char *url);

/* "scheme://host[:port]" of an http(s) URL, default port omitted. */
char *ak_url_origin(const char *url);

/* Path and query of an http(s) URL ("/a/b?x=1"), as sent on the wire. */
char *ak_url_path_query(const char *url);

/* True for a URL with an http or https scheme (case-insensitive). */
bool ak_url_is_http(const char *url);

/* True when the query parameter name is a known tracking parameter. */
bool ak_url_is_tracking_param(const char *name, size_t len);

#endif
