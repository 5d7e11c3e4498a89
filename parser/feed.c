/* feed.c -- streaming RSS / Atom / sitemap parser on libxml2 SAX2.
 *
 * One pass over the document with a small state machine: the root element
 * fixes the format; elements inside an item/entry/url fill the entry being
 * built, which is handed to the callback when it closes; elements directly
 * under the channel fill pf_info.  Content elements (description,
 * content:encoded, atom:content) keep nested markup: decoded text is kept
 * as is (it is the publisher's HTML), nested elements are re-serialised.
 */
#include "parser/feed.h"
#include "common/buf.h"
#include "common/log.h"
#include "common/mem.h"
#include "common/timeutil.h"
#include "common/url.h"
#include "common/utf8.h"
#include "parser/charset.h"
#include "parser/date.h"
#include "parser/htmltext.h"

#include <ctype.h>
#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/entities.h>
#include <pthread.h>
#include <stdbool.h>
#include <string.h>
#include <strings.h>

#define NS_ATOM "http://www.w3.org/2005/Atom"
#define NS_ATOM03 "http://purl.org/atom/ns#"
#define NS_RSS1 "http://purl.org/rss/1.0/"
#define NS_RSS090 "http://my.netscape.com/rdf/simple/0.9/"
#define NS_RDF "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
#define NS_CONTENT "http://purl.org/rss/1.0/modules/content/"
#define NS_DC "http://purl.org/dc/elements/1.1/"
#define NS_DCTERMS "http://purl.org/dc/terms/"
#define NS_MEDIA "http://search.yahoo.com/mrss/"
#define NS_SITEMAP "http://www.sitemaps.org/schemas/sitemap/0.9"
#define NS_NEWS "http://www.google.com/schemas/sitemap-news/0.9"
#define NS_XML "http://www.w3.org/XML/1998/namespace"

#define MAXDEPTH 256
#define MAXCATS 64
#define MAXENCL 16

/* What the text of the element being captured goes to. */
enum field {
    F_NONE, F_TITLE, F_LINK, F_ID, F_AUTHOR, F_AUTHOR_NAME, F_AUTHOR_EMAIL, F_SUMMARY,
    F_CONTENT, F_PUBLISHED, F_UPDATED, F_CATEGORY, F_LANGUAGE,
    /* channel level */
    F_CH_TITLE, F_CH_LINK, F_CH_LANGUAGE, F_CH_UPDATED
};

typedef struct entry_acc {
    ak_buf id, title, link, author, author_email, summary, content, language;
    int64_t published, updated;
    int title_prio, link_prio, pub_prio, content_prio; /* better sources win */
    char *cats[MAXCATS];
    size_t ncats;
    pf_enclosure encl[MAXENCL];
    size_t nencl;
    bool permalink_false;  /* guid isPermaLink="false" */
    bool index;            /* sitemap index <sitemap> */
} entry_acc;

typedef struct state {
    pf_info *info;           /* results for the caller */
    pf_entry_fn *fn;         /* entry callback */
    void *udata;             /* its argument */
    const char *url;         /* document URL */
    int depth;               /* current element depth (root = 1) */
    bool root_seen;          /* a root element was parsed */
    bool not_feed;           /* root is html or unknown */
    char root_name[64];      /* for the "not a feed" message */
    int item_depth;          /* depth of the open item/entry, 0 = none */
    int channel_depth;       /* depth of channel (RSS) or feed (Atom) */
    char *base[MAXDEPTH];    /* xml:base set at this depth (owned) or NULL */
    /* capture of the current field */
    int cap_depth;           /* depth of the captured element, 0 = none */
    enum field cap_field;    /* where its text goes */
    bool cap_markup;         /* nested elements are re-serialised as markup */
    bool cap_in_author;      /* inside atom:author */
    ak_buf text;             /* captured text */
    int author_depth;        /* depth of an open atom:author, 0 = none */
    entry_acc e;             /* entry being built */
    bool stopped;            /* callback asked to stop */
    bool is_news;            /* a news: element was seen (news sitemap) */
} state;

/* ---- HTML entities in XML: a process-wide table of predefined entities --- */

static pthread_mutex_t ent_lock = PTHREAD_MUTEX_INITIALIZER;
static xmlEntity *ent_cache[300];
static size_t ent_n;

static xmlEntityPtr html_entity(void *ctx, const xmlChar *name)
{
    (void)ctx;
    xmlEntityPtr pre = xmlGetPredefinedEntity(name);
    if (pre) return pre;
    const htmlEntityDesc *d = htmlEntityLookup(name);
    if (!d) return NULL;
    xmlEntityPtr found = NULL;
    pthread_mutex_lock(&ent_lock);
    for (size_t i = 0; i < ent_n && !found; i++)
        if (strcmp((const char *)ent_cache[i]->name, (const char *)name) == 0) found = ent_cache[i];
    if (!found && ent_n < sizeof ent_cache / sizeof ent_cache[0]) {
        /* Lives for the whole process: a few hundred bytes at most. */
        xmlEntity *e = ak_calloc(1, sizeof *e);
        unsigned v = d->value;
        char u[5] = {0};
        if (v < 0x80) u[0] = (char)v;
        else if (v < 0x800) u[0] = (char)(0xC0 | (v >> 6)), u[1] = (char)(0x80 | (v & 0x3F));
        else u[0] = (char)(0xE0 | (v >> 12)), u[1] = (char)(0x80 | ((v >> 6) & 0x3F)),
             u[2] = (char)(0x80 | (v & 0x3F));
        e->type = XML_ENTITY_DECL;
        e->etype = XML_INTERNAL_PREDEFINED_ENTITY;
        e->name = (const xmlChar *)ak_strdup((const char *)name);
        e->content = (xmlChar *)ak_strdup(u);
        e->orig = e->content;
        e->length = (int)strlen(u);
        ent_cache[ent_n++] = e;
        found = e;
    }
    pthread_mutex_unlock(&ent_lock);
    return found;
}

/* ---- helpers ---------------------------------------------------------- */

static bool ns_is(const xmlChar *uri, const char *ns)
{
    return uri && strcmp((const char *)uri, ns) == 0;
}

static bool name_is(const xmlChar *n, const char *s) { return strcmp((const char *)n, s) == 0; }

static const char *cur_base(state *s)
{
    for (int d = s->depth < MAXDEPTH ? s->depth : MAXDEPTH - 1; d >= 0; d--)
        if (s->base[d]) return s->base[d];
    return s->url;
}

static const xmlChar *attr(int nb, const xmlChar **attrs, const char *name, const char *ns,
                           int *len)
{
    for (int i = 0; i < nb; i++) {
        const xmlChar **a = attrs + i * 5; /* localname, prefix, URI, value, end */
        if (!name_is(a[0], name)) continue;
        if (ns ? !ns_is(a[2], ns) : a[2] != NULL) continue;
        *len = (int)(a[4] - a[3]);
        return a[3];
    }
    return NULL;
}

static char *attr_dup(int nb, const xmlChar **attrs, const char *name)
{
    int len;
    const xmlChar *v = attr(nb, attrs, name, NULL, &len);
    return v ? ak_strndup((const char *)v, (size_t)len) : NULL;
}

static void entry_reset(entry_acc *e)
{
    ak_buf *bufs[] = {&e->id, &e->title, &e->link, &e->author, &e->author_email,
                      &e->summary, &e->content, &e->language};
    for (size_t i = 0; i < sizeof bufs / sizeof bufs[0]; i++) ak_buf_clear(bufs[i]);
    for (size_t i = 0; i < e->ncats; i++) free(e->cats[i]);
    for (size_t i = 0; i < e->nencl; i++) {
        free((char *)e->encl[i].url);
        free((char *)e->encl[i].type);
    }
    e->ncats = e->nencl = 0;
    e->published = e->updated = AK_TIME_NONE;
    e->title_prio = e->link_prio = e->pub_prio = e->content_prio = 0;
    e->permalink_false = e->index = false;
}

static void entry_free(entry_acc *e)
{
    entry_reset(e);
    ak_buf *bufs[] = {&e->id, &e->title, &e->link, &e->author, &e->author_email,
                      &e->summary, &e->content, &e->language};
    for (size_t i = 0; i < sizeof bufs / sizeof bufs[0]; i++) ak_buf_free(bufs[i]);
}

static void add_enclosure(state *s, const char *url, const char *type, int64_t length)
{
    entry_acc *e = &s->e;
    char *abs = ak_url_resolve(cur_base(s), url);
    if (!abs || e->nencl >= MAXENCL) {
        free(abs);
        return;
    }
    for (size_t i = 0; i < e->nencl; i++)
        if (strcmp(e->encl[i].url, abs) == 0) {
            free(abs);
            return;
        }
    e->encl[e->nencl].url = abs;
    e->encl[e->nencl].type = type && *type ? ak_strdup(type) : NULL;
    e->encl[e->nencl].length = length;
    e->nencl++;
}

static void add_category(entry_acc *e, const char *c, size_t n)
{
    ak_buf b = {0};
    ak_text_collapse(&b, c, n);
    if (!b.len || e->ncats >= MAXCATS) {
        ak_buf_free(&b);
        return;
    }
    for (size_t i = 0; i < e->ncats; i++)
        if (strcmp(e->cats[i], b.data) == 0) {
            ak_buf_free(&b);
            return;
        }
    e->cats[e->ncats++] = ak_buf_steal(&b);
}

static void set_trimmed(ak_buf *dst, const char *s, size_t n)
{
    ak_buf_clear(dst);
    ak_text_collapse(dst, s, n);
}

/* Content markup: trim only, keep inner white space. */
static void set_markup(ak_buf *dst, const char *s, size_t n)
{
    while (n && isspace((unsigned char)*s)) s++, n--;
    while (n && isspace((unsigned char)s[n - 1])) n--;
    ak_buf_clear(dst);
    ak_buf_append(dst, s, n);
}

static int64_t parse_date(state *s, const char *txt)
{
    dt_result r;
    char *clean = ak_text_clean(txt);
    int64_t t = AK_TIME_NONE;
    if (clean && *clean) {
        if (dt_parse(clean, 0, &r)) t = r.t;
        else {
            s->info->nwarnings++;
            ak_debug("feed %s: unparseable date '%s'", s->url ? s->url : "-", clean);
        }
    }
    free(clean);
    return t;
}

/* "me@x (Name)" -> "Name"; "Name <me@x>" -> "Name"; "me@x" stays. */
static void clean_author(ak_buf *out, const char *s)
{
    char *c = ak_text_clean(s);
    const char *open = strchr(c, '('), *close = strrchr(c, ')');
    const char *lt = strchr(c, '<');
    ak_buf_clear(out);
    if (open && close && close > open + 1 && strchr(c, '@') && strchr(c, '@') < open) {
        ak_text_collapse(out, open + 1, (size_t)(close - open - 1));
    } else if (lt && lt > c && strchr(lt, '@')) {
        ak_text_collapse(out, c, (size_t)(lt - c));
    } else {
        ak_buf_puts(out, c);
    }
    free(c);
}

/* ---- SAX callbacks ---------------------------------------------------- */

static void start_capture(state *s, enum field f, bool markup)
{
    s->cap_depth = s->depth;
    s->cap_field = f;
    s->cap_markup = markup;
    ak_buf_clear(&s->text);
}

static void markup_escape(ak_buf *b, const char *t, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        switch (t[i]) {
        case '<': ak_buf_puts(b, "&lt;"); break;
        case '>': ak_buf_puts(b, "&gt;"); break;
        case '&': ak_buf_puts(b, "&amp;"); break;
        case '"': ak_buf_puts(b, "&quot;"); break;
        default: ak_buf_putc(b, t[i]);
        }
    }
}

static void on_start(void *ctx, const xmlChar *local, const xmlChar *prefix, const xmlChar *uri,
                     int nns, const xmlChar **nsdefs, int nattr, int ndef, const xmlChar **attrs)
{
    (void)nns, (void)nsdefs, (void)ndef;
    state *s = ctx;
    if (s->stopped) return;
    s->depth++;
    int d = s->depth;
    int len;
    const xmlChar *b = attr(nattr, attrs, "base", NS_XML, &len);
    if (b && d < MAXDEPTH) {
        char *v = ak_strndup((const char *)b, (size_t)len);
        free(s->base[d]);
        s->base[d] = ak_url_resolve(cur_base(s), v);
        free(v);
    }
    if (d == 1) {
        s->root_seen = true;
        snprintf(s->root_name, sizeof s->root_name, "%s", (const char *)local);
        pf_info *in = s->info;
        if (name_is(local, "rss")) {
            char *v = attr_dup(nattr, attrs, "version");
            in->format = v && strncmp(v, "0.9", 3) == 0 ? "rss0.9x" : "rss2.0";
            free(v);
        } else if (name_is(local, "RDF")) {
            in->format = "rss1.0";
            s->channel_depth = 0;
        } else if (name_is(local, "feed")) {
            in->format = ns_is(uri, NS_ATOM03) ? "atom0.3" : "atom1.0";
            s->channel_depth = 1;
        } else if (name_is(local, "urlset")) {
            in->format = "sitemap";
        } else if (name_is(local, "sitemapindex")) {
            in->format = "sitemap-index";
        } else {
            s->not_feed = true;
        }
        return;
    }
    if (s->not_feed) return;
    /* Inside a captured element: re-serialise as markup, or just descend. */
    if (s->cap_depth) {
        if (s->cap_markup) {
            ak_buf_putc(&s->text, '<');
            if (prefix && !ns_is(uri, "http://www.w3.org/1999/xhtml"))
                ak_buf_printf(&s->text, "%s:", (const char *)prefix);
            ak_buf_puts(&s->text, (const char *)local);
            for (int i = 0; i < nattr; i++) {
                const xmlChar **a = attrs + i * 5;
                ak_buf_printf(&s->text, " %s=\"", (const char *)a[0]);
                markup_escape(&s->text, (const char *)a[3], (size_t)(a[4] - a[3]));
                ak_buf_putc(&s->text, '"');
            }
            ak_buf_putc(&s->text, '>');
        }
        return;
    }
    const char *fmt = s->info->format;
    bool atom = fmt && strncmp(fmt, "atom", 4) == 0;
    bool sitemap = fmt && strncmp(fmt, "sitemap", 7) == 0;
    /* Channel (RSS) */
    if (!s->item_depth && name_is(local, "channel") && !atom) {
        s->channel_depth = d;
        return;
    }
    /* Item start */
    if (!s->item_depth &&
        ((name_is(local, "item") && !atom && !sitemap) || (name_is(local, "entry") && atom) ||
         (sitemap && (name_is(local, "url") || name_is(local, "sitemap"))))) {
        s->item_depth = d;
        entry_reset(&s->e);
        s->e.index = name_is(local, "sitemap");
        const xmlChar *about = attr(nattr, attrs, "about", NS_RDF, &len);
        if (about) ak_buf_append(&s->e.id, about, (size_t)len);
        return;
    }
    if (s->item_depth) {
        entry_acc *e = &s->e;
        bool plain = !uri || ns_is(uri, NS_RSS1) || ns_is(uri, NS_RSS090) ||
                     ns_is(uri, NS_ATOM) || ns_is(uri, NS_ATOM03) || ns_is(uri, NS_SITEMAP);
        if (s->author_depth) {
            if (name_is(local, "name")) start_capture(s, F_AUTHOR_NAME, false);
            else if (name_is(local, "email")) start_capture(s, F_AUTHOR_EMAIL, false);
            return;
        }
        /* Fields are children of the item; deeper elements (atom:source,
         * an RSS item's <image>) are not the item's own, except inside
         * media:group and the news: sitemap block. */
        if (d != s->item_depth + 1 && !ns_is(uri, NS_MEDIA) && !ns_is(uri, NS_NEWS)) return;
        if (plain && name_is(local, "title")) start_capture(s, F_TITLE, false);
        else if (plain && name_is(local, "link")) {
            int hl;
            const xmlChar *href = attr(nattr, attrs, "href", NULL, &hl);
            if (!href) {
                start_capture(s, F_LINK, false);
                return;
            }
            char *h = ak_strndup((const char *)href, (size_t)hl);
            char *rel = attr_dup(nattr, attrs, "rel");
            char *type = attr_dup(nattr, attrs, "type");
            if (rel && strcmp(rel, "enclosure") == 0) {
                char *l = attr_dup(nattr, attrs, "length");
                add_enclosure(s, h, type, l ? strtoll(l, NULL, 10) : -1);
                free(l);
            } else if (!rel || strcmp(rel, "alternate") == 0) {
                int prio = type && strstr(type, "html") ? 3 : 2;
                if (prio > e->link_prio) {
                    char *abs = ak_url_resolve(cur_base(s), h);
                    if (abs) {
                        ak_buf_clear(&e->link);
                        ak_buf_puts(&e->link, abs);
                        e->link_prio = prio;
                    }
                    free(abs);
                }
            }
            free(h);
            free(rel);
            free(type);
        } else if (plain && name_is(local, "loc")) start_capture(s, F_LINK, false);
        else if (plain && (name_is(local, "guid") || name_is(local, "id"))) {
            char *pl = attr_dup(nattr, attrs, "isPermaLink");
            e->permalink_false = pl && strcasecmp(pl, "false") == 0;
            free(pl);
            start_capture(s, F_ID, false);
        } else if ((plain && (name_is(local, "pubDate") || name_is(local, "published") ||
                              name_is(local, "issued") || name_is(local, "created"))) ||
                   (ns_is(uri, NS_DC) && name_is(local, "date")) ||
                   (ns_is(uri, NS_DCTERMS) && (name_is(local, "issued") || name_is(local, "created"))) ||
                   (ns_is(uri, NS_NEWS) && name_is(local, "publication_date")))
            start_capture(s, F_PUBLISHED, false);
        else if ((plain && (name_is(local, "updated") || name_is(local, "modified") ||
                            name_is(local, "lastmod"))) ||
                 (ns_is(uri, NS_DCTERMS) && name_is(local, "modified")))
            start_capture(s, F_UPDATED, false);
        else if (plain && name_is(local, "author") && atom) s->author_depth = d;
        else if ((plain && name_is(local, "author")) || (ns_is(uri, NS_DC) && name_is(local, "creator")))
            start_capture(s, F_AUTHOR, false);
        else if (plain && (name_is(local, "description") || name_is(local, "summary")))
            start_capture(s, F_SUMMARY, true); else if ((ns_is(uri, NS_CONTENT) && name_is(local, "encoded")) ||
                   (plain && atom && name_is(local, "content"))) {
            start_capture(s, F_CONTENT, true);
        } else if (plain && name_is(local, "category")) {
            int tl;
            const xmlChar *term = attr(nattr, attrs, "term", NULL, &tl);
            if (term) add_category(e, (const char *)term, (size_t)tl);
            else start_capture(s, F_CATEGORY, false);
        } else if (ns_is(uri, NS_DC) && name_is(local, "subject")) {
            start_capture(s, F_CATEGORY, false);
        } else if (plain && name_is(local, "enclosure")) {
            char *u = attr_dup(nattr, attrs, "url"), *t = attr_dup(nattr, attrs, "type"),
                 *l = attr_dup(nattr, attrs, "length");
            if (u) add_enclosure(s, u, t, l && *l ? strtoll(l, NULL, 10) : -1);
            free(u), free(t), free(l);
        } else if (ns_is(uri, NS_MEDIA) && name_is(local, "content")) {
            char *u = attr_dup(nattr, attrs, "url"), *t = attr_dup(nattr, attrs, "type"),
                 *l = attr_dup(nattr, attrs, "fileSize");
            if (u) add_enclosure(s, u, t, l && *l ? strtoll(l, NULL, 10) : -1);
            free(u), free(t), free(l);
        } else if (ns_is(uri, NS_NEWS) && name_is(local, "title")) {
            s->is_news = true;
            start_capture(s, F_TITLE, false);
        } else if (ns_is(uri, NS_NEWS) && name_is(local, "language")) {
            start_capture(s, F_LANGUAGE, false);
        } else if (ns_is(uri, NS_NEWS) && name_is(local, "keywords")) {
            start_capture(s, F_CATEGORY, false);
        } else if (ns_is(uri, NS_NEWS)) {
            s->is_news = true;
        }
        return;
    }
    /* Channel-level fields: direct children of channel / feed only. */
    if (d == s->channel_depth + 1 && s->channel_depth) {
        bool plain = !uri || ns_is(uri, NS_RSS1) || ns_is(uri, NS_RSS090) ||
                     ns_is(uri, NS_ATOM) || ns_is(uri, NS_ATOM03);
        if (plain && name_is(local, "title")) start_capture(s, F_CH_TITLE, false);
        else if (plain && name_is(local, "link")) {
            int hl;
            const xmlChar *href = attr(nattr, attrs, "href", NULL, &hl);
            if (!href) {
                if (!ns_is(uri, NS_ATOM)) start_capture(s, F_CH_LINK, false);
                return;
            }
            char *rel = attr_dup(nattr, attrs, "rel");
            if ((!rel || strcmp(rel, "alternate") == 0) && !s->info->link) {
                char *h = ak_strndup((const char *)href, (size_t)hl);
                s->info->link = ak_url_resolve(cur_base(s), h);
                free(h);
            }
            free(rel);
        } else if ((plain && name_is(local, "language")) || (ns_is(uri, NS_DC) && name_is(local, "language")))
            start_capture(s, F_CH_LANGUAGE, false);
        else if ((plain && (name_is(local, "lastBuildDate") || name_is(local, "updated") ||
                            name_is(local, "modified") || name_is(local, "pubDate"))) ||
                 (ns_is(uri, NS_DC) && name_is(local, "date")))
            start_capture(s, F_CH_UPDATED, false);
    }
}

static void emit_entry(state *s)
{
    entry_acc *e = &s->e;
    /* A guid that is a permalink doubles as the link. */
    if (!e->link.len && e->id.len && !e->permalink_false) {
        char *abs = ak_url_resolve(cur_base(s), e->id.data);
        if (abs) ak_buf_puts(&e->link, abs);
        free(abs);
    }
    char *id = NULL;
    if (e->id.len) id = e->permalink_false ? ak_strdup(e->id.data) : ak_url_resolve_any(cur_base(s), e->id.data);
    if (!id && e->id.len) id = ak_strdup(e->id.data);
    const char *author = e->author.len ? e->author.data : e->author_email.len ? e->author_email.data : NULL;
    pf_entry out = {
        .id = id,
        .title = e->title.len ? e->title.data : NULL,
        .link = e->link.len ? e->link.data : NULL,
        .author = author,
        .summary = e->summary.len ? e->summary.data : NULL,
        .content = e->content.len ? e->content.data : NULL,
        .published = e->published,
        .updated = e->updated,
        .categories = (const char *const *)e->cats,
        .ncategories = e->ncats,
        .enclosures = e->encl,
        .nenclosures = e->nencl,
        .is_sitemap_index = e->index,
        .language = e->language.len ? e->language.data : NULL,
    };
    s->info->nentries++;
    if (s->fn && s->fn(&out, s->udata)) s->stopped = true;
    free(id);
}

static void finish_capture(state *s)
{
    entry_acc *e = &s->e;
    ak_buf *t = &s->text;
    pf_info *in = s->info;
    switch (s->cap_field) {
    case F_TITLE:
        /* Titles are plain text; publishers escape HTML in them. */
        if (!e->title.len) {
            char *plain = ph_plain_text(ak_buf_str(t));
            ak_buf_puts(&e->title, plain);
            free(plain);
        }
        break;
    case F_LINK:
        if (e->link_prio < 1) {
            char *clean = ak_text_clean(ak_buf_str(t));
            char *abs = ak_url_resolve(cur_base(s), clean);
            if (abs) {
                ak_buf_clear(&e->link);
                ak_buf_puts(&e->link, abs);
                e->link_prio = 1;
            }
            free(abs);
            free(clean);
        }
        break;
    case F_ID:
        set_trimmed(&e->id, ak_buf_str(t), t->len); /* guid/id beats rdf:about */
        break;
    case F_AUTHOR:
        if (!e->author.len) clean_author(&e->author, ak_buf_str(t));
        break;
    case F_AUTHOR_NAME:
        if (!e->author.len) set_trimmed(&e->author, ak_buf_str(t), t->len);
        break;
    case F_AUTHOR_EMAIL:
        if (!e->author_email.len) set_trimmed(&e->author_email, ak_buf_str(t), t->len);
        break;
    case F_SUMMARY:
        if (!e->summary.len) set_markup(&e->summary, ak_buf_str(t), t->len);
        break;
    case F_CONTENT:
        if (!e->content.len) set_markup(&e->content, ak_buf_str(t), t->len);
        break;
    case F_PUBLISHED:
        if (e->published == AK_TIME_NONE) e->published = parse_date(s, ak_buf_str(t));
        break;
    case F_UPDATED:
        if (e->updated == AK_TIME_NONE) e->updated = parse_date(s, ak_buf_str(t));
        break;
    case F_CATEGORY:
        add_category(e, ak_buf_str(t), t->len);
        break;
    case F_LANGUAGE:
        if (!e->language.len) set_trimmed(&e->language, ak_buf_str(t), t->len);
        break;
    case F_CH_TITLE:
        if (!in->title) in->title = ph_plain_text(ak_buf_str(t));
        break;
    case F_CH_LINK:
        if (!in->link) {
            char *clean = ak_text_clean(ak_buf_str(t));
            in->link = ak_url_resolve(cur_base(s), clean);
            free(clean);
        }
        break;
    case F_CH_LANGUAGE:
        if (!in->language) in->language = ak_text_clean(ak_buf_str(t));
        break;
    case F_CH_UPDATED:
        if (in->updated == AK_TIME_NONE) in->updated = parse_date(s, ak_buf_str(t));
        break;
    case F_NONE:
        break;
    }
    s->cap_depth = 0;
    s->cap_field = F_NONE;
}

static void on_end(void *ctx, const xmlChar *local, const xmlChar *prefix, const xmlChar *uri)
{
    (void)uri;
    state *s = ctx;
    if (s->stopped) return;
    int d = s->depth;
    if (s->cap_depth && d > s->cap_depth) {
        if (s->cap_markup) {
            ak_buf_puts(&s->text, "</");
            if (prefix && !ns_is(uri, "http://www.w3.org/1999/xhtml"))
                ak_buf_printf(&s->text, "%s:", (const char *)prefix);
            ak_buf_printf(&s->text, "%s>", (const char *)local);
        }
    } else if (s->cap_depth && d == s->cap_depth) {
        finish_capture(s);
    } else if (s->author_depth && d == s->author_depth) {
        s->author_depth = 0;
    } else if (s->item_depth && d == s->item_depth) {
        emit_entry(s);
        s->item_depth = 0;
    }
    if (d < MAXDEPTH && s->base[d]) {
        free(s->base[d]);
        s->base[d] = NULL;
    }
    s->depth--;
}

static void on_chars(void *ctx, const xmlChar *ch, int len)
{
    state *s = ctx;
    if (!s->cap_depth || s->stopped) return;
    if (s->cap_markup && s->depth > s->cap_depth) markup_escape(&s->text, (const char *)ch, (size_t)len);
    else ak_buf_append(&s->text, ch, (size_t)len);
}

static void on_error(void *ctx, xmlErrorPtr err)
{
    state *s = ctx;
    (void)err;
    s->info->nwarnings++;
}

/* Skips what precedes the document: white space, junk before the XML
 * declaration (PHP warnings, a stray BOM), so recovery can start. */
static size_t doc_start(const char *d, size_t len)
{
    size_t lim = len < 4096 ? len : 4096;
    for (size_t i = 0; i + 5 <= lim; i++)
        if (memcmp(d + i, "<?xml", 5) == 0) return i;
    size_t i = 0;
    while (i < len && d[i] != '<') i++;
    return i < len ? i : 0;
}

int pf_parse(const char *data, size_t len, const char *url, const char *content_type,
             pf_entry_fn *fn, void *udata, pf_info *info, char **err)
{
    memset(info, 0, sizeof *info);
    info->updated = AK_TIME_NONE;
    size_t ulen;
    char *utf8 = pc_to_utf8(data, len, content_type, PC_XML, &ulen, &info->charset);
    size_t off = doc_start(utf8, ulen);
    state *s = ak_calloc(1, sizeof *s);
    s->info = info;
    s->fn = fn;
    s->udata = udata;
    s->url = url;
    entry_reset(&s->e);
    xmlSAXHandler sax;
    memset(&sax, 0, sizeof sax);
    sax.initialized = XML_SAX2_MAGIC;
    sax.startElementNs = on_start;
    sax.endElementNs = on_end;
    sax.characters = on_chars;
    sax.cdataBlock = on_chars;
    sax.getEntity = html_entity;
    sax.serror = on_error;
    int rc = PF_OK;
    xmlParserCtxtPtr ctxt = xmlCreatePushParserCtxt(&sax, s, NULL, 0, url);
    if (!ctxt) {
        rc = PF_EBROKEN;
    } else {
        xmlCtxtUseOptions(ctxt, XML_PARSE_RECOVER | XML_PARSE_NONET | XML_PARSE_NOERROR |
                                    XML_PARSE_NOWARNING | XML_PARSE_IGNORE_ENC | XML_PARSE_COMPACT);
        xmlSwitchEncoding(ctxt, XML_CHAR_ENCODING_UTF8);
        /* Feed it in slices so a callback's stop request takes effect early. */
        const size_t slice = 1 << 16;
        for (size_t pos = off; pos < ulen && !s->stopped;) {
            size_t n = ulen - pos < slice ? ulen - pos : slice;
            xmlParseChunk(ctxt, utf8 + pos, (int)n, 0);
            pos += n;
        }
        if (!s->stopped) xmlParseChunk(ctxt, NULL, 0, 1);
        /* A DOCTYPE makes libxml2 build a document to hold the DTD; the
         * context does not own it. */
        if (ctxt->myDoc) xmlFreeDoc(ctxt->myDoc);
        xmlFreeParserCtxt(ctxt);
    }
    if (s->is_news && info->format && strcmp(info->format, "sitemap") == 0) info->format = "news-sitemap";
    if (rc == PF_OK && s->stopped) rc = PF_ESTOPPED;
    else if (rc == PF_OK && !s->root_seen) rc = PF_EBROKEN;
    else if (rc == PF_OK && s->not_feed) rc = PF_ENOTFEED;
    if (rc != PF_OK && rc != PF_ESTOPPED && err) {
        ak_buf b = {0};
        if (rc == PF_ENOTFEED)
            ak_buf_printf(&b, "not a feed (document root is <%s>%s)", s->root_name,
                          strcasecmp(s->root_name, "html") == 0 ? ", an HTML page" : "");
        else
            ak_buf_printf(&b, "not a feed (no XML document found in %zu bytes)", len);
        *err = ak_buf_steal(&b);
    }
    for (int d = 0; d < MAXDEPTH; d++) free(s->base[d]);
    entry_free(&s->e);
    ak_buf_free(&s->text);
    free(s);
    free(utf8);
    return rc;
}

void pf_info_free(pf_info *info)
{
    free(info->title);
    free(info->link);
    free(info->language);
    info->title = info->link = info->language = NULL;
}
