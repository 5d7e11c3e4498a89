/* feed.h -- RSS, Atom and sitemap parsing with one callback per entry.
 *
 * Why this exists: the crawler learns which articles exist from feeds and
 * news sitemaps, which arrive in every dialect and state of repair.  The
 * parser is streaming (libxml2 SAX2, in recovery mode, sfeed-style): it
 * never builds a tree, hands each entry to a callback as soon as it ends,
 * and so keeps memory flat whatever the feed's size.  It never loads a DTD,
 * an external entity or anything from the network; undefined entities are
 * read as HTML entities (&nbsp; &eacute;) and nothing else is expanded.
 *
 * Input bytes are converted to UTF-8 first (parser/charset.h), so every
 * string handed out is valid UTF-8.
 */
#ifndef AK_FEED_H
#define AK_FEED_H

#include <stddef.h>
#include <stdint.h>

typedef enum pf_err {
    PF_OK = 0,
    PF_ENOTFEED = -1, /* well-formed enough, but HTML or another XML vocabulary */
    PF_EBROKEN = -2,  /* no parseable document at all */
    PF_ESTOPPED = -3  /* the entry callback asked to stop */
} pf_err;

typedef struct pf_enclosure {
    const char *url;   /* absolute URL */
    const char *type;  /* MIME type or NULL */
    int64_t length;    /* bytes, -1 if unknown */
} pf_enclosure;

/* One item / entry / sitemap <url>.  All strings are valid UTF-8, owned by
 * the parser and valid only during the callback; NULL when absent. */
typedef struct pf_entry {
    const char *id;          /* guid / atom:id / rdf:about / loc */
    const char *title;       /* plain text, entities decoded, trimmed */
    const char *link;        /* absolute article URL */
    const char *author;      /* person's name ("me@x (Name)" -> "Name") */
    const char *summary;     /* description / summary, HTML kept as markup */
    const char *content;     /* content:encoded / atom:content, markup kept */
    int64_t published;       /* AK_TIME_NONE if absent or unparseable */
    int64_t updated;         /* AK_TIME_NONE if absent or unparseable */
    const char *const *categories; /* ncategories strings */
    size_t ncategories;
    const pf_enclosure *enclosures; /* nenclosures items */
    size_t nenclosures;
    int is_sitemap_index;    /* 1: link is a child sitemap, not an article */
    const char *language;    /* news:language (sitemaps) or NULL */
} pf_entry;

/* Feed-level facts, filled by pf_parse; release with pf_info_free(). */
typedef struct pf_info {
    const char *format;  /* "rss2.0", "rss1.0", "rss0.9x", "atom1.0", "atom0.3",
                            "sitemap", "sitemap-index", "news-sitemap", or NULL */
    char *title;         /* channel / feed title */
    char *link;          /* site link (absolute) */
    char *language;      /* "ar", "fr-FR", ... */
    int64_t updated;     /* lastBuildDate / updated, AK_TIME_NONE if absent */
    const char *charset; /* charset the bytes were decoded from */
    size_t nentries;     /* entries handed to the callback */
    size_t nwarnings;    /* recoverable problems (bad dates, XML errors) */
} pf_info;

/* Return 0 to continue, non-zero to stop parsing (pf_parse then returns
 * PF_ESTOPPED). */
typedef int pf_entry_fn(const pf_entry *e, void *udata);

/* Parses data[0..len).  url is where it came from (base for relative links,
 * may be NULL); content_type is the HTTP header (for the charset, may be
 * NULL).  Calls fn for each entry in document order.  info is always
 * filled (pf_info_free it even on error).  On PF_ENOTFEED / PF_EBROKEN,
 * *err (if err) gets a message; caller frees. */
int pf_parse(const char *data, size_t len, const char *url, const char *content_type,
             pf_entry_fn *fn, void *udata, pf_info *info, char **err);

void pf_info_free(pf_info *info);

#endif
