/* robots.h -- robots.txt (RFC 9309): parsing and matching.
 *
 * Why this exists: several of the sites akhbar reads already answer bots
 * with 403; a crawler that ignores robots.txt gets blocked, and one that
 * misreads it either skips news it may fetch or fetches what it may not.
 * This module is the pure part: bytes in, a verdict out.  Fetching,
 * status handling (2xx parse, 4xx allow all, 5xx disallow all) and the
 * 24-hour cache live in the fetcher (fetch.h) and the store.
 *
 * What it implements (RFC 9309 and the reference parser's behaviour):
 *  - groups: the user-agent value is compared case-insensitively by its
 *    product token (the leading [A-Za-z_-] characters: "Foo Bar" -> "Foo");
 *    every group naming the agent applies, merged; when none does, every
 *    "*" group applies, merged; when there is none either, everything is
 *    allowed.  A group is one or more user-agent lines followed by rules;
 *    sitemap and unknown lines do not end a group; rules before any
 *    user-agent line are ignored.
 *  - rules: the longest matching pattern (in octets) wins, "allow" wins a
 *    tie; "*" matches any run of octets, "$" at the end anchors; an empty
 *    pattern matches nothing; matching is case-sensitive on the path and
 *    query.  /robots.txt itself is always allowed.
 *  - encoding: in patterns, octets >= 0x80 are percent-encoded and %xx
 *    escapes upper-cased, so "/أخبار" and "/%D8%A3..." are one pattern.
 *    The URL is compared as given (hex escapes upper-cased): callers pass
 *    URLs as sent on the wire, percent-encoded (the crawler's normalised
 *    URLs are); "%62" in a pattern is not "b" (it would be undefined
 *    whether a server treats them alike).
 *  - lines: LF, CR or CRLF; "#" starts a comment; a UTF-8 BOM is skipped;
 *    keys are case-insensitive with common typos accepted ("useragent",
 *    "disalow", "site-map" ...), a missing colon is accepted when the line
 *    has exactly two words; a line is cut at RB_MAX_LINE octets.
 *  - the reference parser's "/index.html" rule: "Allow: /d/index.html"
 *    also allows "/d/" exactly.
 *
 * Ownership: rb_rules is owned by the caller of rb_parse/rb_allow_all/
 * rb_disallow_all and released with rb_free.  Nothing here allocates
 * without ak_ allocators, does I/O or keeps global state.
 */
#ifndef AK_ROBOTS_H
#define AK_ROBOTS_H

#include <stdbool.h>
#include <stddef.h>

#define RB_MAX_BYTES (512 * 1024) /* default parse limit (RFC 9309 asks for >= 500 KiB) */
#define RB_MAX_LINE 16663         /* octets kept of one line (the reference parser's bound) */

typedef struct rb_rules rb_rules;

/* Why a URL was allowed or not, for messages and `akhbar robots -v`. */
typedef struct rb_verdict {
    bool allowed;        /* the answer */
    int line;            /* line of the deciding rule, 0 when no rule decided */
    bool rule_allow;     /* the deciding rule was an allow rule */
    const char *pattern; /* its pattern as compared (encoded, "$" kept), or NULL; valid while the rules live */
    const char *why;     /* short reason: "rule", "no matching rule", "allow all", "disallow all", "robots.txt itself" */
} rb_verdict;

/* Parses the first len octets of body (at most max_bytes of them; 0 means
 * RB_MAX_BYTES) for the product token agent (e.g. "akhbar").  Never fails:
 * any byte string is a robots.txt, possibly with no rules. */
rb_rules *rb_parse(const char *body, size_t len, const char *agent, size_t max_bytes);

/* Rules that allow everything (robots.txt "unavailable", RFC 9309 2.3.1.3)
 * or nothing (robots.txt "unreachable", 2.3.1.4). */
rb_rules *rb_allow_all(void);
rb_rules *rb_disallow_all(void);

/* Whether url may be fetched.  url is an absolute URL ("https://h/p?q")
 * or a path ("/p?q"); only its path, parameters and query are compared. */
bool rb_allowed(const rb_rules *r, const char *url);

/* The same, with the deciding rule filled in *v (v may be NULL). */
bool rb_check(const rb_rules *r, const char *url, rb_verdict *v);

/* Sitemap URLs the file listed (whatever group they appear in), in file
 * order; valid while the rules live. */
size_t rb_nsitemaps(const rb_rules *r);
const char *rb_sitemap(const rb_rules *r, size_t i);

/* Number of allow/disallow rules that apply to the agent (after group
 * selection). */
size_t rb_nrules(const rb_rules *r);

/* The product token of a User-Agent value: its leading [A-Za-z_-]
 * characters ("akhbar/0.1 (+https://x)" -> "akhbar").  Caller frees;
 * "" when there is none. */
char *rb_agent_token(const char *user_agent);

void rb_free(rb_rules *r);

#endif
