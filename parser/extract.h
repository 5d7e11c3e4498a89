/* extract.h -- the article in a news page: body, title, date, author.
 *
 * Why this exists: a corpus is useless if bodies carry menus, share bars,
 * "اقرأ أيضا" boxes or "المقال السابق" links, or if titles carry the site's
 * name.  The extractor parses the page with libxml2's HTML parser and scores
 * the DOM (text and link density, punctuation including Arabic ، ؛ ؟,
 * class/id hints in English, French and Arabic themes) to find the article,
 * then reads metadata (JSON-LD, OpenGraph, <time>, visible date lines in
 * Arabic or French) and picks the best title, date and author, weighing the
 * sources against each other as a careful reader would (see extract.c).
 * Used by `akhbar extract` and by the crawler alike.  Thread-safe: no
 * global state but a read-only table built once (pthread_once).
 *
 * Debugging: with AKHBAR_EXTRACT_DEBUG=1 in the environment, the candidate
 * containers, every block's keep/drop reason and the date evidence are
 * traced to stderr.
 */
#ifndef AK_EXTRACT_H
#define AK_EXTRACT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Morocco's UTC offset (UTC+1 outside Ramadan since 2018), assumed for
 * dates printed without one. */
#define PX_DEFAULT_OFFSET 60

typedef struct px_article {
    char *title;         /* headline without site-name affixes, or NULL */
    char *body;          /* paragraphs joined by "\n\n"; "" when no article */
    char *author;        /* person's name; NULL if only an outlet/agency */
    char *lang;          /* "ar", "fr", "en", ... or NULL */
    char *canonical_url; /* absolute <link rel=canonical> / og:url, or NULL */
    char *site_name;     /* og:site_name / publisher, or NULL */
    char *description;   /* meta/og description, or NULL */
    char *image;         /* og:image / JSON-LD image, absolute, or NULL */
    int64_t published;   /* AK_TIME_NONE if unknown */
    int published_off;   /* offset of published, minutes */
    bool published_has_time; /* false for a date without time */
    const char *published_from; /* static: "json-ld", "meta", "microdata",
                                   "time" (<time datetime> after the headline),
                                   "text" (a visible date line, or a site's
                                   date_xpath), or NULL; a visible line that
                                   agrees with metadata reports the metadata */
    int64_t modified;    /* AK_TIME_NONE if unknown */
    int modified_off;    /* offset of modified, minutes */
    const char *status;  /* static: "ok", "no-article", "not-html", "too-large" */
    const char *charset; /* static: charset the page was decoded from ("utf-8"
                            for any page that is valid UTF-8) */
    size_t paragraphs;   /* number of paragraphs in body */
} px_article;

/* Per-site rules (the config's [site HOST] body_xpath, title_xpath,
 * date_xpath, author_xpath): XPath 1.0 expressions over the parsed page that
 * override the generic extractor for that part when they match; NULL or
 * "" = generic.  A rule that matches nothing falls back to the generic
 * extractor.  Strings belong to the caller. */
typedef struct px_options {
    const char *body_xpath;   /* elements holding the article text */
    const char *title_xpath;  /* element or attribute holding the headline */
    const char *date_xpath;   /* element or attribute holding the published date */
    const char *author_xpath; /* element or attribute holding the byline */
} px_options;

/* Extracts the article from data[0..len).  url is the page's address
 * (base for relative links; may be NULL); content_type the HTTP header (may
 * be NULL).  Pages over max_bytes (0 = 32 MiB) get status "too-large".
 * Always fills *out (release with px_free); returns 0 when an article was
 * found, 1 otherwise (see out->status).  Never crashes on garbage. */
int px_extract(const char *data, size_t len, const char *url, const char *content_type,
               size_t max_bytes, px_article *out);

/* True when expr is a valid XPath 1.0 expression (for checking rules
 * given on the command line; the config checks its own). */
bool px_xpath_valid(const char *expr);

/* px_extract with per-site rules (opt may be NULL). */
int px_extract_opts(const char *data, size_t len, const char *url, const char *content_type,
                    size_t max_bytes, const px_options *opt, px_article *out);

void px_free(px_article *a);

#endif
