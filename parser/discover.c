/* discover.c -- feed autodiscovery in HTML, guesses, robots.txt sitemaps
 * (see discover.h).  The page is parsed with libxml2's HTML parser (after
 * charset.h) and walked iteratively. */
#include "parser/discover.h"
#include "common/buf.h"
#include "common/mem.h"
#include "common/url.h"
#include "common/utf8.h"
#include "parser/charset.h"

#include <ctype.h>
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <string.h>
#include <strings.h>

static bool feed_type(const char *t)
{
    static const char *const types[] = {"application/rss+xml", "application/atom+xml",
                                        "application/rdf+xml", "application/rss", "application/atom",
                                        "text/rss+xml", "text/atom+xml", "application/x-rss+xml"};
    for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
        if (strcasecmp(t, types[i]) == 0) return true;
    return false;
}

/* rel is a space-separated token list. */
static bool rel_has(const char *rel, const char *token)
{
    size_t n = strlen(token);
    for (const char *p = rel; *p;) {
        while (*p && isspace((unsigned char)*p)) p++;
        const char *s = p;
        while (*p && !isspace((unsigned char)*p)) p++;
        if ((size_t)(p - s) == n && strncasecmp(s, token, n) == 0) return true;
    }
    return false;
}

static bool comments_feed(const char *url, const char *title)
{
    static const char *const words[] = {"comment", "تعليق", "commentaire"};
    if (strcasestr(url, "/comments/") || strcasestr(url, "comments-feed") || strcasestr(url, "/comments/feed"))
        return true;
    if (title)
        for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
            if (strcasestr(title, words[i])) return true;
    return false;
}

static char *prop(xmlNodePtr n, const char *name)
{
    xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
    if (!v) return NULL;
    char *s = ak_text_clean((const char *)v);
    xmlFree(v);
    return s;
}

size_t pd_find_feeds(const char *html, size_t len, const char *url, const char *ctype,
                     pd_link **out)
{
    *out = NULL;
    size_t ulen;
    char *owned;
    const char *text = pc_decode(html, len, ctype, PC_HTML, &ulen, NULL, &owned);
    htmlDocPtr doc = htmlReadMemory(text, (int)(ulen > 0x7fffffff ? 0x7fffffff : ulen), url, "UTF-8",
                                    HTML_PARSE_RECOVER | HTML_PARSE_NONET | HTML_PARSE_NOERROR |
                                        HTML_PARSE_NOWARNING | HTML_PARSE_COMPACT);
    free(owned);
    if (!doc) return 0;
    pd_link found[PD_MAX_LINKS];
    size_t n = 0;
    char *base = NULL;
    /* Iterative walk in document order (pages nest deep). */
    for (xmlNodePtr node = xmlDocGetRootElement(doc); node && n < PD_MAX_LINKS;) {
        if (node->type == XML_ELEMENT_NODE && node->name) {
            const char *name = (const char *)node->name;
            if (strcasecmp(name, "base") == 0 && !base) {
                char *h = prop(node, "href");
                if (h) base = ak_url_resolve(url, h);
                free(h);
            } else if (strcasecmp(name, "link") == 0) {
                char *rel = prop(node, "rel"), *type = prop(node, "type"), *href = prop(node, "href");
                if (rel && type && href && (rel_has(rel, "alternate") || rel_has(rel, "feed")) &&
                    feed_type(type)) {
                    char *abs = ak_url_resolve(base ? base : url, href);
                    bool dup = false;
                    for (size_t i = 0; abs && i < n && !dup; i++) dup = strcmp(found[i].url, abs) == 0;
                    if (abs && !dup) {
                        for (char *p = type; *p; p++) *p = (char)tolower((unsigned char)*p);
                        found[n].url = abs;
                        found[n].type = type;
                        found[n].title = prop(node, "title");
                        found[n].comments = comments_feed(abs, found[n].title);
                        n++;
                        type = NULL;
                    } else {
                        free(abs);
                    }
                }
                free(rel), free(type), free(href);
            }
        }
        if (node->children && node->type == XML_ELEMENT_NODE) {
            node = node->children;
            continue;
        }
        while (node && !node->next) node = node->parent;
        if (node) node = node->next;
    }
    free(base);
    xmlFreeDoc(doc);
    if (!n) return 0;
    /* Comments feeds last, order kept otherwise. */
    pd_link *res = ak_calloc(n, sizeof *res);
    size_t k = 0;
    for (int pass = 0; pass < 2; pass++)
        for (size_t i = 0; i < n; i++)
            if (found[i].comments == (pass == 1)) res[k++] = found[i];
    *out = res;
    return n;
}

void pd_links_free(pd_link *links, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(links[i].url);
        free(links[i].type);
        free(links[i].title);
    }
    free(links);
}

size_t pd_guess_urls(const char *url, char ***out)
{
    static const char *const paths[] = {"/feed", "/rss", "/rss.xml", "/feed/"};
    *out = NULL;
    char *origin = ak_url_origin(url);
    if (!origin) return 0;
    size_t n = sizeof paths / sizeof paths[0];
    char **v = ak_calloc(n, sizeof *v);
    for (size_t i = 0; i < n; i++) {
        ak_buf b = {0};
        ak_buf_printf(&b, "%s%s", origin, paths[i]);
        v[i] = ak_buf_steal(&b);
    }
    free(origin);
    *out = v;
    return n;
}

size_t pd_robots_sitemaps(const char *text, size_t len, const char *robots_url, char ***out)
{
    *out = NULL;
    char **v = NULL;
    size_t n = 0;
    for (size_t i = 0; i < len && n < 64;) {
        size_t e = i;
        while (e < len && text[e] != '\n' && text[e] != '\r') e++;
        const char *line = text + i;
        size_t ll = e - i;
        i = e + 1;
        while (ll && isspace((unsigned char)*line)) line++, ll--;
        if (ll < 8 || strncasecmp(line, "sitemap", 7) != 0) continue;
        size_t k = 7;
        while (k < ll && isspace((unsigned char)line[k])) k++;
        if (k >= ll || line[k] != ':') continue;
        k++;
        const char *hash = memchr(line + k, '#', ll - k);
        size_t vl = hash ? (size_t)(hash - line - (ptrdiff_t)k) : ll - k;
        ak_buf raw = {0};
        ak_utf8_sanitize(&raw, line + k, vl);
        char *abs = ak_url_resolve(robots_url, ak_buf_str(&raw));
        ak_buf_free(&raw);
        bool dup = false;
        for (size_t j = 0; abs && j < n && !dup; j++) dup = strcmp(v[j], abs) == 0;
        if (!abs || dup) {
            free(abs);
            continue;
        }
        v = ak_realloc(v, (n + 1) * sizeof *v);
        v[n++] = abs;
    }
    *out = v;
    return n;
}

bool pd_news_sitemap_url(const char *url) { return url && strcasestr(url, "news") != NULL; }

void pd_urls_free(char **urls, size_t n)
{
    for (size_t i = 0; i < n; i++) free(urls[i]);
    free(urls);
}
