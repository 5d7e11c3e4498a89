/* feed.h -- RSS, Atom and sitemap parsing with one callback per entry.
 *
 * Why this exists: the crawler learns which articles exist from feeds and
 * news sitemaps, which arrive in every dialect and state of repair.  The
 * parser is streaming: the decoded text goes through a lenient tokeniser
 * (parser/xmlfix.h) that repairs what the web breaks (bare '&', HTML
 * entities, unclosed and stray tags, truncation, junk) into well-formed
 * XML, which libxml2's SAX2 parser reads; entries are handed to a callback
 * as soon as they close, so memory stays flat whatever the feed's size.
 * Nothing is ever loaded from a DTD, a file or the network; entities a
 * document declares are expanded within fixed bounds, and a document whose
 * entities expand beyond them (billion laughs) is refused.
 *
 * Formats: RSS 0.90-0.94, 2.0, RSS 1.0 (RDF), Atom 0.3 and 1.0, sitemaps,
 * sitemap indexes and Google News sitemaps, with the namespaces news feeds
 * use (content, dc, dcterms, media, atom, news, image; slash and wfw are
 * recognised and ignored).
 *
 * Input bytes are converted to UTF-8 first (parser/charset.h), so every
 * string handed out is valid UTF-8.
 */
#ifndef AK_FEED_H
#define AK_FEED_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define PF_MAX_BYTES ((size_t)64 << 20) /* larger documents are refused */
#define PF_WARN_KEEP 10                 /* warning messages kept in pf_info */

typedef enum pf_err {
    PF_OK = 0,
    PF_ENOTFEED = -1, /* parseable, but HTML or another XML vocabulary */
    PF_EBROKEN = -2,  /* no parseable document at all */
    PF_ESTOPPED = -3, /* the entry callback asked to stop */
    PF_ETOOBIG = -4,  /* larger than PF_MAX_BYTES */
    PF_EUNSAFE = -5   /* DTD entities expanding beyond bounds (billion laughs) */
} pf_err;

typedef struct pf_enclosure {
    const char *url;   /* absolute URL */
    const char *type;  /* MIME type (declared, else guessed from the URL's extension) or NULL */
    int64_t length;    /* bytes, -1 if unknown */
} pf_enclosure;

/* One item / entry / sitemap <url> or <sitemap>.  All strings are valid
 * UTF-8, owned by the parser and valid only during the callback; NULL when
 * absent. */
typedef struct pf_entry {
    const char *id;          /* guid / atom:id / rdf:about, verbatim unless a relative URL */
    const char *title;       /* plain text, entities decoded once, trimmed */
    const char *link;        /* article URL (absolute when a base is known) */
    const char *author;      /* person's name ("me@x (Name)" -> "Name") */
    const char *summary;     /* description / summary, HTML kept as markup */
    const char *content;     /* content:encoded / atom:content, markup kept */
    int64_t published;       /* AK_TIME_NONE if absent or unparseable */
    int64_t updated;         /* AK_TIME_NONE if absent or unparseable */
    const char *const *categories; /* ncategories strings */
    size_t ncategories;      /* entries in categories */
    const pf_enclosure *enclosures; /* nenclosures items */
    size_t nenclosures;      /* entries in enclosures */
    int is_sitemap_index;    /* 1: link is a child sitemap, not an article */
    const char *language;    /* news:language, dc:language or xml:lang, or NULL */
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
    size_t nwarnings;    /* recoverable problems (bad dates, repairs) */
    char *warnings[PF_WARN_KEEP]; /* the first of them as messages, owned */
    bool truncated;      /* the document ended with elements open */
} pf_info;

/* Return 0 to continue, non-zero to stop parsing (pf_parse then returns
 * PF_ESTOPPED). */
typedef int pf_entry_fn(const pf_entry *e, void *udata);

/* Parses data[0..len).  url is where it came from (base for relative links,
 * may be NULL); content_type is the HTTP header (for the charset, may be
 * NULL).  Calls fn for each entry in document order.  info is always
 * filled (pf_info_free it even on error).  Returns PF_OK, PF_ESTOPPED, or
 * a negative pf_err with a message in *err (if err; caller frees). */
int pf_parse(const char *data, size_t len, const char *url, const char *content_type,
             pf_entry_fn *fn, void *udata, pf_info *info, char **err);

void pf_info_free(pf_info *info);

#endif
