/* discover.h -- where a site's feeds are, from its home page and robots.txt.
 *
 * Why this exists: operators know a news site's address, rarely its feed's;
 * the config may list a site instead of a feed, and `akhbar discover`
 * answers "what can I crawl here?".  This module only reads documents (it
 * fetches nothing): the feeds an HTML page declares with
 * <link rel="alternate" type="application/rss+xml|atom+xml|rdf+xml">, the
 * addresses to try when it declares none (/feed, /rss, /rss.xml, /feed/),
 * and the sitemaps a robots.txt lists.  main/ fetches and checks them.
 *
 * Ownership: every array and string returned belongs to the caller; free
 * with pd_links_free / pd_urls_free.
 */
#ifndef AK_DISCOVER_H
#define AK_DISCOVER_H

#include <stdbool.h>
#include <stddef.h>

#define PD_MAX_LINKS 32  /* declared feeds read from one page */

/* A feed a page declares. */
typedef struct pd_link {
    char *url;       /* absolute (resolved against <base href> and the page URL) */
    char *type;      /* declared MIME type, lower case */
    char *title;     /* title attribute, white space collapsed, or NULL */
    bool comments;   /* a comments feed (WordPress "Comments Feed", /comments/feed/) */
} pd_link;

/* Feeds declared by the HTML page html[0..len) fetched from url (its
 * Content-Type in ctype, may be NULL): <link> elements whose rel holds
 * "alternate" (or "feed") and whose type is an RSS, Atom or RDF type, in
 * document order with comments feeds last, duplicates removed.  Returns
 * the count and the array in *out (NULL when none). */
size_t pd_find_feeds(const char *html, size_t len, const char *url, const char *ctype,
                     pd_link **out);
void pd_links_free(pd_link *links, size_t n);

/* Addresses to try on the site of url when its page declares no feed:
 * origin + /feed, /rss, /rss.xml, /feed/ (in that order).  Returns the
 * count (0 when url is not an http(s) URL). */
size_t pd_guess_urls(const char *url, char ***out);

/* The Sitemap: lines of a robots.txt (text[0..len), fetched from
 * robots_url), resolved, duplicates removed, at most 64. */
size_t pd_robots_sitemaps(const char *text, size_t len, const char *robots_url, char ***out);

/* True when a sitemap address looks like a news sitemap ("news" in it:
 * sitemap-news.xml, news-sitemap.xml, /sitemap-news/). */
bool pd_news_sitemap_url(const char *url);

void pd_urls_free(char **urls, size_t n);

#endif
