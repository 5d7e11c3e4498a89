/* feed.c -- streaming RSS / Atom / sitemap parser (see feed.h).
 *
 * Pipeline: bytes -> UTF-8 (charset.h, no copy when already UTF-8) ->
 * xmlfix.h (lenient tokeniser emitting well-formed XML) -> libxml2 SAX2
 * (namespaces, character references, CDATA) -> the callbacks below.
 *
 * The callbacks keep one frame per open element (its role, xml:base and
 * xml:lang) and a small state machine: the root fixes the format; an
 * item/entry/url starts an entry, which is handed to the caller when it
 * closes; elements whose logical parent is the entry (or a media:group,
 * news:news, image:image inside it) fill its fields; elements under the
 * channel fill pf_info.  One element's text is captured at a time; content
 * elements re-serialise nested elements as markup.
 *
 * Repairs the tokeniser cannot know about are made here, with the feed's
 * vocabulary: a feed field that opens inside a text field (an unclosed
 * <title> before <link>) closes that field first; a field cut off by the
 * end of a truncated document is dropped, and the entry it belonged to is
 * kept only when it has a link or an id.
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
#include "parser/xmlfix.h"

#include <ctype.h>
#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#define MAXDEPTH (XF_MAX_DEPTH + 8)
#define MAXCATS 64
#define MAXENCL 32

/* ---- vocabulary ------------------------------------------------------- */

enum ns {
    N_NONE, N_ATOM, N_ATOM03, N_RSS1, N_RSS090, N_RDF, N_CONTENT, N_DC, N_DCTERMS, N_MEDIA,
    N_SITEMAP, N_NEWS, N_IMAGE, N_XHTML, N_XML, N_OTHER
};

static const struct { const char *uri; enum ns id; } namespaces[] = {
    /* compared without scheme, case and trailing '/' or '#' */
    {"www.w3.org/2005/atom", N_ATOM},
    {"purl.org/atom/ns", N_ATOM03},
    {"purl.org/rss/1.0", N_RSS1},
    {"my.netscape.com/rdf/simple/0.9", N_RSS090},
    {"www.w3.org/1999/02/22-rdf-syntax-ns", N_RDF},
    {"purl.org/rss/1.0/modules/content", N_CONTENT},
    {"purl.org/dc/elements/1.1", N_DC},
    {"purl.org/dc/terms", N_DCTERMS},
    {"search.yahoo.com/mrss", N_MEDIA},
    {"video.search.yahoo.com/mrss", N_MEDIA},
    {"www.sitemaps.org/schemas/sitemap/0.9", N_SITEMAP},
    {"www.google.com/schemas/sitemap/0.84", N_SITEMAP},
    {"www.google.com/schemas/sitemap/0.9", N_SITEMAP},
    {"www.google.com/schemas/sitemap-news/0.9", N_NEWS},
    {"www.google.com/schemas/sitemap-image/1.1", N_IMAGE},
    {"www.w3.org/1999/xhtml", N_XHTML},
    {"www.w3.org/xml/1998/namespace", N_XML},
};

/* Prefixes used without a declaration, as feedparser also accepts. */
static const struct { const char *prefix; enum ns id; } prefixes[] = {
    {"atom", N_ATOM}, {"content", N_CONTENT}, {"dc", N_DC}, {"dcterms", N_DCTERMS},
    {"media", N_MEDIA}, {"news", N_NEWS}, {"image", N_IMAGE}, {"rdf", N_RDF},
    {"xhtml", N_XHTML}, {"xml", N_XML},
};

static enum ns classify_ns(const char *uri)
{
    char buf[128];
    const char *u = uri;
    if (strncasecmp(u, "http://", 7) == 0) u += 7;
    else if (strncasecmp(u, "https://", 8) == 0) u += 8;
    size_t n = strlen(u);
    while (n && (u[n - 1] == '/' || u[n - 1] == '#')) n--;
    if (n >= sizeof buf) return N_OTHER;
    for (size_t i = 0; i < n; i++) buf[i] = (char)tolower((unsigned char)u[i]);
    buf[n] = '\0';
    for (size_t i = 0; i < sizeof namespaces / sizeof namespaces[0]; i++)
        if (strcmp(buf, namespaces[i].uri) == 0) return namespaces[i].id;
    return N_OTHER;
}

/* Element kinds.  "Plain" names are in no namespace or in the format's
 * own (RSS 1.0, RSS 0.90, Atom, sitemap). */
enum el {
    E_UNKNOWN, E_TITLE, E_LINK, E_GUID, E_ID, E_PUBDATE, E_PUBLISHED, E_ISSUED, E_CREATED,
    E_UPDATED, E_MODIFIED, E_LASTMOD, E_LASTBUILD, E_AUTHOR, E_NAME, E_EMAIL, E_DESCRIPTION,
    E_SUMMARY, E_CONTENT, E_CATEGORY, E_ENCLOSURE, E_LOC, E_LANGUAGE, E_ITEM, E_ENTRY, E_URL,
    E_SITEMAP, E_CHANNEL, E_SOURCE, E_COMMENTS,
    E_DC_CREATOR, E_DC_DATE, E_DC_SUBJECT, E_DC_TITLE, E_DC_DESCRIPTION, E_DC_LANGUAGE,
    E_DCT_ISSUED, E_DCT_CREATED, E_DCT_MODIFIED, E_ENCODED,
    E_MEDIA_CONTENT, E_MEDIA_THUMBNAIL, E_MEDIA_GROUP,
    E_NEWS_TITLE, E_NEWS_PUBDATE, E_NEWS_LANGUAGE, E_NEWS_KEYWORDS, E_NEWS_OTHER,
    E_IMAGE_IMAGE, E_IMAGE_LOC
};

static const struct { const char *name; enum el k; } plain_names[] = {
    {"title", E_TITLE}, {"link", E_LINK}, {"guid", E_GUID}, {"id", E_ID},
    {"pubDate", E_PUBDATE}, {"published", E_PUBLISHED}, {"issued", E_ISSUED},
    {"created", E_CREATED}, {"updated", E_UPDATED}, {"modified", E_MODIFIED},
    {"lastmod", E_LASTMOD}, {"lastBuildDate", E_LASTBUILD}, {"author", E_AUTHOR},
    {"name", E_NAME}, {"email", E_EMAIL}, {"description", E_DESCRIPTION},
    {"summary", E_SUMMARY}, {"content", E_CONTENT}, {"category", E_CATEGORY},
    {"enclosure", E_ENCLOSURE}, {"loc", E_LOC}, {"language", E_LANGUAGE}, {"item", E_ITEM},
    {"entry", E_ENTRY}, {"url", E_URL}, {"sitemap", E_SITEMAP}, {"channel", E_CHANNEL},
    {"source", E_SOURCE}, {"comments", E_COMMENTS},
};

static enum el classify(enum ns ns, const char *n)
{
    switch (ns) {
    case N_NONE: case N_ATOM: case N_ATOM03: case N_RSS1: case N_RSS090: case N_SITEMAP:
        for (size_t i = 0; i < sizeof plain_names / sizeof plain_names[0]; i++)
            if ((n[0] | 0x20) == (plain_names[i].name[0] | 0x20) && strcasecmp(n, plain_names[i].name) == 0)
                return plain_names[i].k; /* <PubDate>, <Title>: feedparser accepts any case */
        return E_UNKNOWN;
    case N_DC:
        if (!strcasecmp(n, "creator")) return E_DC_CREATOR;
        if (!strcasecmp(n, "date")) return E_DC_DATE;
        if (!strcasecmp(n, "subject")) return E_DC_SUBJECT;
        if (!strcasecmp(n, "title")) return E_DC_TITLE;
        if (!strcasecmp(n, "description")) return E_DC_DESCRIPTION;
        if (!strcasecmp(n, "language")) return E_DC_LANGUAGE;
        return E_UNKNOWN;
    case N_DCTERMS:
        if (!strcasecmp(n, "issued")) return E_DCT_ISSUED;
        if (!strcasecmp(n, "created")) return E_DCT_CREATED;
        if (!strcasecmp(n, "modified")) return E_DCT_MODIFIED;
        return E_UNKNOWN;
    case N_CONTENT:
        return strcasecmp(n, "encoded") == 0 ? E_ENCODED : E_UNKNOWN;
    case N_MEDIA:
        if (!strcasecmp(n, "content")) return E_MEDIA_CONTENT;
        if (!strcasecmp(n, "thumbnail")) return E_MEDIA_THUMBNAIL;
        if (!strcasecmp(n, "group")) return E_MEDIA_GROUP;
        return E_UNKNOWN;
    case N_NEWS:
        if (!strcasecmp(n, "title")) return E_NEWS_TITLE;
        if (!strcasecmp(n, "publication_date")) return E_NEWS_PUBDATE;
        if (!strcasecmp(n, "language")) return E_NEWS_LANGUAGE;
        if (!strcasecmp(n, "keywords")) return E_NEWS_KEYWORDS;
        return E_NEWS_OTHER;
    case N_IMAGE:
        if (!strcasecmp(n, "image")) return E_IMAGE_IMAGE;
        if (!strcasecmp(n, "loc")) return E_IMAGE_LOC;
        return E_UNKNOWN;
    default:
        return E_UNKNOWN;
    }
}

/* Field elements that are also HTML element names: inside content markup
 * they are HTML, not a sign that the content element was left open. */
static bool html_named(enum el k)
{
    return k == E_TITLE || k == E_LINK || k == E_SOURCE || k == E_SUMMARY || k == E_CONTENT ||
           k == E_NAME;
}

/* ---- state ------------------------------------------------------------ */

enum role {
    R_OTHER,   /* nothing we read */
    R_ROOT,    /* <rss>, <rdf:RDF>: items and channel below */
    R_CHANNEL, /* <channel>, Atom <feed>, <urlset>: feed-level fields below */
    R_ITEM,    /* the open entry */
    R_AUTHOR,  /* Atom <author> of the entry: name and email below */
    R_FAUTHOR, /* Atom <author> of the feed or of an entry's <source> */
    R_SOURCE,  /* Atom <source> of an entry: only its author is read */
    R_GROUP,   /* media:group, media:content, news:news, image:image: fields of the entry below */
    R_INSIDE,  /* an element inside captured content */
    R_VOID,    /* an HTML void element inside captured content */
    R_EMPTY    /* closed early: its children belong to its parent */
};

/* What the captured text becomes. */
enum field {
    F_NONE, F_TITLE, F_LINK, F_ID, F_PUB, F_UPD, F_AUTHOR, F_AUTHOR_NAME, F_AUTHOR_EMAIL,
    F_SUMMARY, F_CONTENT, F_CATEGORY, F_KEYWORDS, F_LANGUAGE, F_ENCL_URL, F_ALT_AUTHOR,
    F_CH_TITLE, F_CH_LINK, F_CH_LANGUAGE, F_CH_UPDATED
};

/* How a text construct is written. */
enum mode {
    M_TEXT,  /* plain text (Atom type="text") */
    M_GUESS, /* RSS: plain text, or escaped HTML when it looks like it */
    M_HTML,  /* escaped HTML (RSS description, Atom type="html") */
    M_XHTML  /* inline markup (Atom type="xhtml") */
};

typedef struct frame {
    unsigned char role;  /* enum role */
    char *base;          /* xml:base declared here, absolute (owned), or NULL */
    char *lang;          /* xml:lang declared here (owned), or NULL */
} frame;

typedef struct entry_acc {
    ak_buf id, title, link, author, author_email, summary, content, language;
    ak_buf src_author;     /* author of an Atom <source>, inherited when none of its own */
    int64_t published, updated;
    int title_prio, link_prio, id_prio, pub_prio, sum_prio, content_prio; /* better sources win */
    int permalink;         /* guid isPermaLink: -1 absent, 0 false, 1 true */
    char *cats[MAXCATS];   /* categories (owned) */
    size_t ncats;          /* entries in cats */
    pf_enclosure encl[MAXENCL]; /* enclosures (strings owned) */
    size_t nencl;          /* entries in encl */
    bool index;            /* sitemap index <sitemap> */
} entry_acc;

typedef struct state {
    pf_info *info;           /* results for the caller */
    pf_entry_fn *fn;         /* entry callback */
    void *udata;             /* its argument */
    const char *url;         /* document URL */
    const char *doc;         /* the decoded document given to the tokeniser */
    size_t doclen;           /* its length */
    xmlParserCtxtPtr ctxt;   /* for xmlStopParser */
    int depth;               /* current element depth (root = 1) */
    frame fr[MAXDEPTH];      /* open elements */
    bool root_seen;          /* a root element was parsed */
    bool not_feed;           /* root is html or unknown */
    bool rdf;                /* root is rdf:RDF: a feed only if RSS elements follow */
    bool rdf_rss;            /* RSS 0.90/1.0 elements were seen under it */
    bool atom, sitemap;      /* format family */
    bool is_news;            /* a news: element was seen (news sitemap) */
    bool truncated;          /* the tokeniser reported a cut-off end */
    char root_name[64];      /* for the "not a feed" message */
    int item_depth;          /* depth of the open entry, 0 = none */
    /* capture of the current field */
    int cap_depth;           /* depth of the captured element, 0 = none */
    enum field cap_field;    /* where its text goes */
    int cap_prio;            /* priority of the source element */
    enum mode cap_mode;      /* how its text is written */
    bool cap_markup;         /* nested elements are re-serialised as markup */
    bool cap_b64;            /* Atom 0.3 mode="base64" */
    int cap_div;             /* depth of the xhtml wrapper <div> being skipped */
    bool cap_div_seen;       /* the first child element was seen */
    ak_buf text;             /* captured text */
    entry_acc e;             /* entry being built */
    int ch_updated_prio;     /* priority of the feed date found */
    char *ch_lang;           /* xml:lang of the root or channel (owned) */
    char *feed_author;       /* Atom feed-level author, inherited by entries (owned) */
    bool stopped;            /* callback asked to stop, or not a feed */
    struct { const xmlChar *uri; enum ns id; } nscache[8]; /* URI pointer -> namespace */
    int nscache_next;        /* next slot to replace */
} state;

/* ---- helpers ------------------------------------------------------------ */

static void add_warning(state *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void add_warning(state *s, const char *fmt, ...)
{
    pf_info *in = s->info;
    size_t i = in->nwarnings++;
    if (i >= PF_WARN_KEEP) return;
    ak_buf b = {0};
    va_list ap;
    va_start(ap, fmt);
    ak_buf_vprintf(&b, fmt, ap);
    va_end(ap);
    in->warnings[i] = ak_buf_steal(&b);
}

static void on_xf_warn(void *udata, const char *msg) { add_warning(udata, "%s", msg); }

static enum ns ns_of(state *s, const xmlChar *uri, const xmlChar *prefix)
{
    if (!uri) {
        if (!prefix) return N_NONE;
        for (size_t i = 0; i < sizeof prefixes / sizeof prefixes[0]; i++)
            if (strcmp((const char *)prefix, prefixes[i].prefix) == 0) return prefixes[i].id;
        return N_OTHER;
    }
    for (int i = 0; i < 8; i++)
        if (s->nscache[i].uri == uri) return s->nscache[i].id;
    enum ns id = classify_ns((const char *)uri);
    s->nscache[s->nscache_next].uri = uri;
    s->nscache[s->nscache_next].id = id;
    s->nscache_next = (s->nscache_next + 1) % 8;
    return id;
}

static const char *cur_base(const state *s)
{
    for (int d = s->depth < MAXDEPTH ? s->depth : MAXDEPTH - 1; d >= 1; d--)
        if (s->fr[d].base) return s->fr[d].base;
    return s->url;
}

static const char *cur_lang(const state *s, int from)
{
    for (int d = from < MAXDEPTH ? from : MAXDEPTH - 1; d >= 1; d--)
        if (s->fr[d].lang) return s->fr[d].lang;
    return NULL;
}

/* Text, a name or a value libxml2 handed over, as valid UTF-8: t itself,
 * or its copy in *tmp (freed by the caller) with what libxml2's recovery
 * after a broken tag cut inside a character repaired to U+FFFD (found by
 * fuzz_feed); *n is updated. */
static const char *as_valid(const char *t, size_t *n, ak_buf *tmp)
{
    if (ak_utf8_valid(t, *n)) return t;
    ak_utf8_sanitize(tmp, t, *n);
    *n = tmp->len;
    return ak_buf_str(tmp);
}

static void put_valid(ak_buf *b, const char *t, size_t n)
{
    if (ak_utf8_valid(t, n)) ak_buf_append(b, t, n);
    else ak_utf8_sanitize(b, t, n);
}

static void put_name(ak_buf *b, const xmlChar *prefix, const xmlChar *local)
{
    if (prefix) {
        put_valid(b, (const char *)prefix, strlen((const char *)prefix));
        ak_buf_putc(b, ':');
    }
    put_valid(b, (const char *)local, strlen((const char *)local));
}

/* SAX2 attributes come as (localname, prefix, URI, value, end) quintuples. */
static const xmlChar *attr(int nb, const xmlChar **attrs, const char *name, int *len)
{
    for (int i = 0; i < nb; i++) {
        const xmlChar **a = attrs + i * 5;
        if (strcmp((const char *)a[0], name) != 0) continue;
        if (a[1] && strcmp((const char *)a[1], "xml") != 0 && a[2] &&
            strcmp((const char *)a[0], "about") != 0 && strcmp((const char *)a[0], "resource") != 0)
            continue; /* a namespaced attribute of some other vocabulary */
        *len = (int)(a[4] - a[3]);
        return a[3];
    }
    return NULL;
}

static char *attr_dup(int nb, const xmlChar **attrs, const char *name)
{
    int len;
    const xmlChar *v = attr(nb, attrs, name, &len);
    if (!v) return NULL;
    ak_buf b = {0}, tmp = {0};
    size_t n = (size_t)len;
    const char *t = as_valid((const char *)v, &n, &tmp);
    ak_text_collapse(&b, t, n);
    ak_buf_free(&tmp);
    return ak_buf_steal(&b);
}

static bool has_scheme(const char *s)
{
    if (!isalpha((unsigned char)*s)) return false;
    for (const char *p = s + 1; *p; p++) {
        if (*p == ':') return true;
        if (!isalnum((unsigned char)*p) && *p != '+' && *p != '-' && *p != '.') return false;
    }
    return false;
}

/* A URL from the document made absolute against the base in scope; kept
 * as written when it cannot be (no base, another scheme).  NULL for an
 * empty reference. */
static char *resolve(const state *s, const char *ref)
{
    char *r = ak_text_clean(ref);
    if (!r || !*r) {
        free(r);
        return NULL;
    }
    bool simple = strncmp(r, "https://", 8) == 0 || strncmp(r, "http://", 7) == 0;
    for (const char *p = r; *p && simple; p++) simple = *p > ' ' && *p < 0x7F && *p != '\\';
    if (simple) return r; /* already absolute and clean: the common case, kept as is */
    char *abs = ak_url_resolve(cur_base(s), r);
    if (abs) {
        free(r);
        return abs;
    }
    return r;
}

static void set_buf(ak_buf *b, const char *s)
{
    ak_buf_clear(b);
    if (s) ak_buf_puts(b, s);
}

/* feedparser's test for "this plain-text field holds escaped HTML": a
 * closing tag or an entity reference, and only HTML tags and entities. */
static bool looks_like_html(const char *s)
{
    bool evidence = false;
    for (const char *p = s; *p; p++) {
        if (*p == '<' && (isalpha((unsigned char)p[1]) || (p[1] == '/' && isalpha((unsigned char)p[2])))) {
            const char *n = p + (p[1] == '/' ? 2 : 1);
            char name[16];
            size_t k = 0;
            while (k < sizeof name - 1 && isalnum((unsigned char)n[k])) name[k] = (char)tolower((unsigned char)n[k]), k++;
            name[k] = '\0';
            if (!htmlTagLookup((const xmlChar *)name)) return false;
            if (p[1] == '/' && n[k] == '>') evidence = true;
        } else if (*p == '&') {
            const char *q = p + 1;
            if (*q == '#') {
                q++;
                if (*q == 'x' || *q == 'X') q++;
                const char *d = q;
                while (isxdigit((unsigned char)*q)) q++;
                if (q > d && *q == ';') evidence = true;
            } else {
                char name[16];
                size_t k = 0;
                while (k < sizeof name - 1 && isalnum((unsigned char)q[k])) name[k] = q[k], k++;
                name[k] = '\0';
                if (k && q[k] == ';') {
                    if (!htmlEntityLookup((const xmlChar *)name)) return false;
                    evidence = true;
                }
            }
        }
    }
    return evidence;
}

/* Plain text of a text construct. */
static char *text_value(const char *raw, enum mode m)
{
    if (m == M_HTML || m == M_XHTML || (m == M_GUESS && looks_like_html(raw))) return ph_plain_text(raw);
    return ak_text_clean(raw);
}

static void put_utf8(ak_buf *b, unsigned cp)
{
    char u[4];
    size_t n;
    if (cp < 0x80) u[0] = (char)cp, n = 1;
    else if (cp < 0x800) u[0] = (char)(0xC0 | (cp >> 6)), u[1] = (char)(0x80 | (cp & 0x3F)), n = 2;
    else if (cp < 0x10000)
        u[0] = (char)(0xE0 | (cp >> 12)), u[1] = (char)(0x80 | ((cp >> 6) & 0x3F)),
        u[2] = (char)(0x80 | (cp & 0x3F)), n = 3;
    else
        u[0] = (char)(0xF0 | (cp >> 18)), u[1] = (char)(0x80 | ((cp >> 12) & 0x3F)),
        u[2] = (char)(0x80 | ((cp >> 6) & 0x3F)), u[3] = (char)(0x80 | (cp & 0x3F)), n = 4;
    ak_buf_append(b, u, n);
}

/* Double-escaped HTML ("&lt;p&gt;" after XML decoding, and no real tag):
 * the publisher escaped twice; decode the references once more. */
static bool double_escaped(const char *s)
{
    if (strchr(s, '<')) return false;
    for (const char *p = strstr(s, "&lt;"); p; p = strstr(p + 4, "&lt;")) {
        const char *n = p + 4 + (p[4] == '/');
        char name[16];
        size_t k = 0;
        while (k < sizeof name - 1 && isalnum((unsigned char)n[k])) name[k] = (char)tolower((unsigned char)n[k]), k++;
        name[k] = '\0';
        if (k && htmlTagLookup((const xmlChar *)name) && strstr(n, "&gt;")) return true;
    }
    return false;
}

static void html_unescape(ak_buf *out, const char *s)
{
    for (const char *p = s; *p;) {
        if (*p == '&') {
            const char *semi = strchr(p, ';');
            unsigned cp = 0;
            if (semi && semi - p > 1 && semi - p < 12) {
                if (p[1] == '#') {
                    char *end;
                    cp = (p[2] == 'x' || p[2] == 'X') ? (unsigned)strtoul(p + 3, &end, 16)
                                                      : (unsigned)strtoul(p + 2, &end, 10);
                    if (end != semi) cp = 0;
                } else {
                    char name[16];
                    memcpy(name, p + 1, (size_t)(semi - p - 1));
                    name[semi - p - 1] = '\0';
                    const htmlEntityDesc *d = htmlEntityLookup((const xmlChar *)name);
                    if (d) cp = d->value;
                }
            }
            if (cp >= 0x20 && cp < 0x110000 && !(cp >= 0xD800 && cp < 0xE000) && cp != 0xFFFE && cp != 0xFFFF) {
                put_utf8(out, cp);
                p = semi + 1;
                continue;
            }
        }
        ak_buf_putc(out, *p++);
    }
}

static int b64val(int c)
{
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+' || c == '-') return 62;
    if (c == '/' || c == '_') return 63;
    return -1;
}

/* Atom 0.3 mode="base64": decoded bytes, made valid UTF-8. */
static void b64_decode(ak_buf *out, const char *s)
{
    ak_buf raw = {0};
    unsigned acc = 0;
    int bits = 0;
    for (const char *p = s; *p; p++) {
        int v = b64val((unsigned char)*p);
        if (v < 0) continue;
        acc = (acc << 6) | (unsigned)v;
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            ak_buf_putc(&raw, (char)((acc >> bits) & 0xFF));
        }
    }
    ak_utf8_sanitize(out, ak_buf_str(&raw), raw.len);
    ak_buf_free(&raw);
}

static void escape_into(ak_buf *b, const char *t, size_t n, bool attr_value);

/* Markup of a content construct: trimmed, inner white space kept.  Always
 * HTML: Atom's plain-text constructs are escaped, so that consumers can
 * treat every summary and content alike. */
static void markup_value(ak_buf *dst, const char *raw, size_t n, enum mode m, bool b64)
{
    ak_buf tmp = {0};
    if (b64) {
        b64_decode(&tmp, raw);
        raw = ak_buf_str(&tmp);
        n = tmp.len;
    }
    while (n && isspace((unsigned char)*raw)) raw++, n--;
    while (n && isspace((unsigned char)raw[n - 1])) n--;
    ak_buf_clear(dst);
    if (m == M_TEXT) escape_into(dst, raw, n, false);
    else ak_buf_append(dst, raw, n);
    if (m != M_TEXT && m != M_XHTML && double_escaped(ak_buf_str(dst))) {
        ak_buf un = {0};
        html_unescape(&un, ak_buf_str(dst));
        ak_buf_clear(dst);
        ak_buf_append(dst, ak_buf_str(&un), un.len);
        ak_buf_free(&un);
    }
    ak_buf_free(&tmp);
}

/* MIME type from a URL's extension, for enclosures that declare none. */
static const char *guess_type(const char *url)
{
    static const struct { const char *ext, *type; } t[] = {
        {"jpg", "image/jpeg"}, {"jpeg", "image/jpeg"}, {"png", "image/png"}, {"gif", "image/gif"},
        {"webp", "image/webp"}, {"avif", "image/avif"}, {"svg", "image/svg+xml"},
        {"mp3", "audio/mpeg"}, {"m4a", "audio/mp4"}, {"ogg", "audio/ogg"}, {"mp4", "video/mp4"},
        {"webm", "video/webm"}, {"pdf", "application/pdf"},
    };
    size_t end = strcspn(url, "?#");
    const char *dot = NULL;
    for (size_t i = 0; i < end; i++) {
        if (url[i] == '.') dot = url + i;
        if (url[i] == '/') dot = NULL;
    }
    if (!dot) return NULL;
    size_t n = (size_t)(url + end - dot - 1);
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
        if (strlen(t[i].ext) == n && strncasecmp(dot + 1, t[i].ext, n) == 0) return t[i].type;
    return NULL;
}

/* ---- entries ------------------------------------------------------------ */

static void entry_reset(entry_acc *e)
{
    ak_buf *bufs[] = {&e->id, &e->title, &e->link, &e->author, &e->author_email,
                      &e->summary, &e->content, &e->language, &e->src_author};
    for (size_t i = 0; i < sizeof bufs / sizeof bufs[0]; i++) ak_buf_clear(bufs[i]);
    for (size_t i = 0; i < e->ncats; i++) free(e->cats[i]);
    for (size_t i = 0; i < e->nencl; i++) {
        free((char *)e->encl[i].url);
        free((char *)e->encl[i].type);
    }
    e->ncats = e->nencl = 0;
    e->published = e->updated = AK_TIME_NONE;
    e->title_prio = e->link_prio = e->id_prio = e->pub_prio = e->sum_prio = e->content_prio = 0;
    e->permalink = -1;
    e->index = false;
}

static void entry_free(entry_acc *e)
{
    entry_reset(e);
    ak_buf *bufs[] = {&e->id, &e->title, &e->link, &e->author, &e->author_email,
                      &e->summary, &e->content, &e->language, &e->src_author};
    for (size_t i = 0; i < sizeof bufs / sizeof bufs[0]; i++) ak_buf_free(bufs[i]);
}

static void add_enclosure(state *s, const char *url, const char *type, const char *length)
{
    entry_acc *e = &s->e;
    char *abs = url ? resolve(s, url) : NULL;
    if (!abs) return;
    if (e->nencl >= MAXENCL) {
        free(abs);
        return;
    }
    int64_t len = -1;
    if (length && *length) {
        char *end;
        long long v = strtoll(length, &end, 10);
        if (end != length && *end == '\0' && v >= 0) len = v;
    }
    for (size_t i = 0; i < e->nencl; i++)
        if (strcmp(e->encl[i].url, abs) == 0) { /* the same file twice: merge what is known */
            if (e->encl[i].length < 0) e->encl[i].length = len;
            if (type && *type && (!e->encl[i].type || strcmp(e->encl[i].type, guess_type(abs) ? guess_type(abs) : "") == 0)) {
                free((char *)e->encl[i].type);
                e->encl[i].type = ak_strdup(type);
            }
            free(abs);
            return;
        }
    const char *t = type && *type ? type : guess_type(abs);
    e->encl[e->nencl].url = abs;
    e->encl[e->nencl].type = t ? ak_strdup(t) : NULL;
    e->encl[e->nencl].length = len;
    e->nencl++;
}

static void add_category(entry_acc *e, const char *c)
{
    char *v = text_value(c, M_GUESS);
    if (!v || !*v || e->ncats >= MAXCATS) {
        free(v);
        return;
    }
    for (size_t i = 0; i < e->ncats; i++)
        if (strcmp(e->cats[i], v) == 0) {
            free(v);
            return;
        }
    e->cats[e->ncats++] = v;
}

static int64_t parse_date(state *s, const char *txt, bool feed_level)
{
    dt_result r;
    char *clean = ak_text_clean(txt);
    int64_t t = AK_TIME_NONE;
    if (clean && *clean) {
        if (dt_parse(clean, 0, &r)) t = r.t;
        else if (feed_level) add_warning(s, "feed: unparseable date '%.60s' (left null)", clean);
        else add_warning(s, "entry %zu: unparseable date '%.60s' (left null)", s->info->nentries + 1, clean);
    }
    free(clean);
    return t;
}

/* A byline word before the name ("By", "Par", "بقلم"): not part of it. */
static const char *skip_byline(const char *c)
{
    static const char *const words[] = {"by ", "by:", "par ", "par:", "بقلم ", "بقلم:", "كتبه ", "كتبه:"};
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
        size_t n = strlen(words[i]);
        if (strncasecmp(c, words[i], n) == 0 && c[n]) {
            c += n;
            while (*c == ' ' || *c == ':') c++;
            return *c ? c : NULL;
        }
    }
    return NULL;
}

/* "me@x (Name)" -> "Name"; "Name <me@x>" -> "Name"; "Par Name" -> "Name";
 * "me@x" stays. */
static void clean_author(ak_buf *out, const char *raw)
{
    char *full = text_value(raw, M_GUESS);
    const char *c = skip_byline(full);
    if (!c) c = full;
    const char *open = strchr(c, '('), *close = strrchr(c, ')');
    const char *lt = strchr(c, '<'), *at = strchr(c, '@');
    ak_buf_clear(out);
    if (open && close && close > open + 1 && at && at < open) {
        ak_text_collapse(out, open + 1, (size_t)(close - open - 1));
    } else if (lt && lt > c && at && at > lt) {
        ak_text_collapse(out, c, (size_t)(lt - c));
    } else {
        ak_buf_puts(out, c);
    }
    free(full);
}

static void emit_entry(state *s)
{
    entry_acc *e = &s->e;
    if (s->truncated && !e->link.len && !e->id.len) {
        add_warning(s, "entry %zu: cut off by the end of the document, dropped", s->info->nentries + 1);
        return;
    }
    /* A guid that is a permalink doubles as the link: when it says so, or
     * (isPermaLink absent) when it is an http(s) URL. */
    char *id = NULL;
    if (e->id.len) {
        const char *raw = e->id.data;
        bool url_like = ak_url_is_http(raw);
        if (!e->link.len && (e->permalink == 1 || (e->permalink == -1 && url_like))) {
            char *l = resolve(s, raw);
            if (l) ak_buf_puts(&e->link, l);
            free(l);
        }
        if (!has_scheme(raw) && (raw[0] == '/' || e->permalink == 1)) id = resolve(s, raw);
        if (!id) id = ak_strdup(raw);
    }
    /* Atom (RFC 4287, 4.1.2): an entry without an author takes its
     * source's, else the feed's. */
    const char *author = e->author.len         ? e->author.data
                         : e->author_email.len ? e->author_email.data
                         : e->src_author.len   ? e->src_author.data
                                               : s->feed_author;
    const char *lang = e->language.len ? e->language.data : cur_lang(s, s->item_depth);
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
        .language = lang,
    };
    s->info->nentries++;
    if (s->fn && s->fn(&out, s->udata)) {
        s->stopped = true;
        xmlStopParser(s->ctxt);
    }
    free(id);
}

/* ---- capture ------------------------------------------------------------ */

static void start_capture(state *s, enum field f, int prio, enum mode m, bool markup)
{
    s->cap_depth = s->depth;
    s->cap_field = f;
    s->cap_prio = prio;
    s->cap_mode = m;
    s->cap_markup = markup || m == M_XHTML;
    s->cap_b64 = false;
    s->cap_div = 0;
    s->cap_div_seen = false;
    ak_buf_clear(&s->text);
}

static void finish_capture(state *s)
{
    entry_acc *e = &s->e;
    ak_buf *t = &s->text;
    pf_info *in = s->info;
    const char *raw = ak_buf_str(t);
    enum field f = s->cap_field;
    s->cap_depth = 0;
    s->cap_field = F_NONE;
    if (s->truncated) return; /* cut off: the text is incomplete */
    switch (f) {
    case F_TITLE:
        if (s->cap_prio > e->title_prio) {
            char *v = text_value(raw, s->cap_mode);
            if (*v) {
                set_buf(&e->title, v);
                e->title_prio = s->cap_prio;
            }
            free(v);
        }
        break;
    case F_LINK:
        if (s->cap_prio > e->link_prio) {
            char *v = resolve(s, raw);
            if (v) {
                set_buf(&e->link, v);
                e->link_prio = s->cap_prio;
            }
            free(v);
        }
        break;
    case F_ID:
        if (s->cap_prio > e->id_prio) {
            char *v = ak_text_clean(raw);
            if (*v) {
                set_buf(&e->id, v);
                e->id_prio = s->cap_prio;
            }
            free(v);
        }
        break;
    case F_PUB:
        if (s->cap_prio > e->pub_prio) {
            int64_t v = parse_date(s, raw, false);
            if (v != AK_TIME_NONE) {
                e->published = v;
                e->pub_prio = s->cap_prio;
            }
        }
        break;
    case F_UPD:
        if (e->updated == AK_TIME_NONE) e->updated = parse_date(s, raw, false);
        break;
    case F_AUTHOR:
        if (!e->author.len) clean_author(&e->author, raw);
        break;
    case F_AUTHOR_NAME:
        if (!e->author.len) clean_author(&e->author, raw);
        break;
    case F_ALT_AUTHOR:
        if (s->item_depth) {
            if (!e->src_author.len) clean_author(&e->src_author, raw);
        } else if (!s->feed_author) {
            ak_buf b = {0};
            clean_author(&b, raw);
            if (b.len) s->feed_author = ak_buf_steal(&b);
            else ak_buf_free(&b);
        }
        break;
    case F_AUTHOR_EMAIL:
        if (!e->author_email.len) {
            char *v = ak_text_clean(raw);
            set_buf(&e->author_email, v);
            free(v);
        }
        break;
    case F_SUMMARY:
        if (s->cap_prio > e->sum_prio) {
            markup_value(&e->summary, raw, t->len, s->cap_mode, s->cap_b64);
            if (e->summary.len) e->sum_prio = s->cap_prio;
        }
        break;
    case F_CONTENT:
        if (s->cap_prio > e->content_prio) {
            markup_value(&e->content, raw, t->len, s->cap_mode, s->cap_b64);
            if (e->content.len) e->content_prio = s->cap_prio;
        }
        break;
    case F_CATEGORY:
        add_category(e, raw);
        break;
    case F_KEYWORDS: {
        char *all = ak_strdup(raw), *save = NULL;
        for (char *k = strtok_r(all, ",", &save); k; k = strtok_r(NULL, ",", &save)) add_category(e, k);
        free(all);
        break;
    }
    case F_LANGUAGE:
        if (!e->language.len) {
            char *v = ak_text_clean(raw);
            set_buf(&e->language, v);
            free(v);
        }
        break;
    case F_ENCL_URL:
        add_enclosure(s, raw, NULL, NULL);
        break;
    case F_CH_TITLE:
        if (!in->title) {
            char *v = text_value(raw, s->cap_mode);
            if (*v) in->title = v;
            else free(v);
        }
        break;
    case F_CH_LINK:
        if (!in->link) in->link = resolve(s, raw);
        break;
    case F_CH_LANGUAGE:
        if (!in->language) {
            char *v = ak_text_clean(raw);
            if (*v) in->language = v;
            else free(v);
        }
        break;
    case F_CH_UPDATED:
        if (s->cap_prio > s->ch_updated_prio) {
            int64_t v = parse_date(s, raw, true);
            if (v != AK_TIME_NONE) {
                in->updated = v;
                s->ch_updated_prio = s->cap_prio;
            }
        }
        break;
    case F_NONE:
        break;
    }
}

/* ---- SAX callbacks ---------------------------------------------------------- */

static void escape_into(ak_buf *b, const char *t, size_t n, bool attr_value)
{
    size_t run = 0;
    for (size_t i = 0; i < n; i++) {
        const char *rep = NULL;
        switch (t[i]) {
        case '<': rep = "&lt;"; break;
        case '>': rep = "&gt;"; break;
        case '&': rep = "&amp;"; break;
        case '"': rep = attr_value ? "&quot;" : NULL; break;
        default: break;
        }
        if (!rep) continue;
        ak_buf_append(b, t + run, i - run);
        ak_buf_puts(b, rep);
        run = i + 1;
    }
    ak_buf_append(b, t + run, n - run);
}

static bool void_name(const char *n)
{
    static const char *const v[] = {"br", "img", "hr", "area", "base", "col", "embed", "input",
                                    "meta", "param", "source", "track", "wbr"};
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++)
        if (strcasecmp(v[i], n) == 0) return true;
    return false;
}

/* A nested element inside captured content, written back as markup. */
static void markup_start(state *s, frame *f, const xmlChar *local, const xmlChar *prefix,
                         enum ns ns, int nattr, const xmlChar **attrs)
{
    f->role = R_INSIDE;
    if (s->cap_mode == M_XHTML && !s->cap_div_seen) {
        s->cap_div_seen = true;
        if (s->depth == s->cap_depth + 1 && strcmp((const char *)local, "div") == 0) {
            s->cap_div = s->depth; /* Atom's wrapper div is not part of the content */
            return;
        }
    }
    ak_buf *b = &s->text;
    ak_buf_putc(b, '<');
    put_name(b, ns != N_XHTML ? prefix : NULL, local);
    for (int i = 0; i < nattr; i++) {
        const xmlChar **a = attrs + i * 5;
        ak_buf_putc(b, ' ');
        put_name(b, a[1], a[0]);
        ak_buf_append(b, "=\"", 2);
        ak_buf tmp = {0};
        size_t vn = (size_t)(a[4] - a[3]);
        const char *v = as_valid((const char *)a[3], &vn, &tmp);
        escape_into(b, v, vn, true);
        ak_buf_free(&tmp);
        ak_buf_putc(b, '"');
    }
    ak_buf_putc(b, '>');
    if ((!prefix || ns == N_XHTML) && void_name((const char *)local)) f->role = R_VOID;
}

static enum mode atom_mode(state *s, int nattr, const xmlChar **attrs, bool *b64)
{
    char *type = attr_dup(nattr, attrs, "type");
    char *mode = attr_dup(nattr, attrs, "mode"); /* Atom 0.3 */
    enum mode m = M_TEXT;
    *b64 = mode && strcasecmp(mode, "base64") == 0;
    if (type) {
        for (char *p = type; *p; p++) *p = (char)tolower((unsigned char)*p);
        if (strcmp(type, "html") == 0 || strcmp(type, "text/html") == 0) m = M_HTML;
        else if (strcmp(type, "xhtml") == 0 || strstr(type, "xhtml") || strstr(type, "/xml") ||
                 strstr(type, "+xml"))
            m = M_XHTML;
    }
    if (mode && strcasecmp(mode, "escaped") == 0 && m == M_XHTML) m = M_HTML;
    else if (mode && strcasecmp(mode, "escaped") == 0 && !type) m = M_HTML;
    else if (m == M_HTML && mode && strcasecmp(mode, "xml") == 0) m = M_XHTML;
    else if (m == M_HTML && !mode && s->info->format && strcmp(s->info->format, "atom0.3") == 0)
        m = M_XHTML; /* Atom 0.3's default mode is "xml" */
    free(type);
    free(mode);
    return m;
}

/* A link element with href (Atom, or atom:link in RSS). */
static void href_link(state *s, int nattr, const xmlChar **attrs, bool channel)
{
    char *href = attr_dup(nattr, attrs, "href");
    if (!href) return;
    char *rel = attr_dup(nattr, attrs, "rel");
    char *type = attr_dup(nattr, attrs, "type");
    if (channel) {
        if ((!rel || strcmp(rel, "alternate") == 0) && !s->info->link) s->info->link = resolve(s, href);
    } else if (rel && strcmp(rel, "enclosure") == 0) {
        char *l = attr_dup(nattr, attrs, "length");
        add_enclosure(s, href, type, l);
        free(l);
    } else if (!rel || strcmp(rel, "alternate") == 0) {
        int prio = !type || strstr(type, "html") ? 3 : 2;
        if (prio > s->e.link_prio) {
            char *abs = resolve(s, href);
            if (abs) {
                set_buf(&s->e.link, abs);
                s->e.link_prio = prio;
            }
            free(abs);
        }
    }
    free(href);
    free(rel);
    free(type);
}

static void root_start(state *s, frame *f, const char *local, enum ns ns, int nattr,
                       const xmlChar **attrs)
{
    pf_info *in = s->info;
    s->root_seen = true;
    snprintf(s->root_name, sizeof s->root_name, "%s", local);
    f->role = R_ROOT;
    if (strcasecmp(local, "rss") == 0 || strcasecmp(local, "channel") == 0) {
        char *v = attr_dup(nattr, attrs, "version");
        in->format = v && strncmp(v, "0.9", 3) == 0 ? "rss0.9x" : "rss2.0";
        free(v);
        if ((local[0] | 0x20) == 'c') f->role = R_CHANNEL;
    } else if (strcasecmp(local, "RDF") == 0) {
        in->format = "rss1.0";
        s->rdf = true;
    } else if (strcasecmp(local, "feed") == 0) {
        char *v = attr_dup(nattr, attrs, "version");
        in->format = ns == N_ATOM03 || (v && strcmp(v, "0.3") == 0) ? "atom0.3" : "atom1.0";
        free(v);
        s->atom = true;
        f->role = R_CHANNEL;
    } else if (strcasecmp(local, "urlset") == 0) {
        in->format = "sitemap";
        s->sitemap = true;
        f->role = R_CHANNEL;
    } else if (strcasecmp(local, "sitemapindex") == 0) {
        in->format = "sitemap-index";
        s->sitemap = true;
        f->role = R_CHANNEL;
    } else {
        s->not_feed = true;
        s->stopped = true;
        xmlStopParser(s->ctxt);
    }
}

static void item_start(state *s, frame *f, int nattr, const xmlChar **attrs, enum el k)
{
    if (s->item_depth) { /* an entry inside an entry: the first was not closed */
        emit_entry(s);
        s->fr[s->item_depth].role = R_EMPTY;
    }
    f->role = R_ITEM;
    s->item_depth = s->depth;
    entry_reset(&s->e);
    s->e.index = k == E_SITEMAP;
    int len;
    const xmlChar *about = attr(nattr, attrs, "about", &len);
    if (about) {
        put_valid(&s->e.id, (const char *)about, (size_t)len);
        s->e.id_prio = 1;
    }
}

static void item_field(state *s, frame *f, enum el k, enum ns ns, int nattr, const xmlChar **attrs)
{
    bool atomish = s->atom || ns == N_ATOM || ns == N_ATOM03;
    bool b64 = false;
    enum mode m;
    switch (k) {
    case E_TITLE:
        m = s->atom ? atom_mode(s, nattr, attrs, &b64) : M_GUESS;
        start_capture(s, F_TITLE, 2, m, false);
        break;
    case E_DC_TITLE: start_capture(s, F_TITLE, 1, M_GUESS, false); break;
    case E_NEWS_TITLE:
        s->is_news = true;
        start_capture(s, F_TITLE, 2, M_GUESS, false);
        break;
    case E_LINK: {
        int hl;
        if (attr(nattr, attrs, "href", &hl)) {
            href_link(s, nattr, attrs, false);
            f->role = R_EMPTY;
        } else {
            start_capture(s, F_LINK, s->atom ? 1 : 4, M_TEXT, false);
        }
        break;
    }
    case E_LOC: start_capture(s, F_LINK, 4, M_TEXT, false); break;
    case E_GUID: {
        char *pl = attr_dup(nattr, attrs, "isPermaLink");
        s->e.permalink = !pl ? -1 : strcasecmp(pl, "false") == 0 ? 0 : 1;
        free(pl);
        start_capture(s, F_ID, 2, M_TEXT, false);
        break;
    }
    case E_ID: start_capture(s, F_ID, 2, M_TEXT, false); break;
    case E_PUBDATE: case E_PUBLISHED: case E_ISSUED: case E_NEWS_PUBDATE:
        if (k == E_NEWS_PUBDATE) s->is_news = true;
        start_capture(s, F_PUB, 3, M_TEXT, false);
        break;
    case E_DC_DATE: case E_DCT_ISSUED: start_capture(s, F_PUB, 2, M_TEXT, false); break;
    case E_CREATED: case E_DCT_CREATED: start_capture(s, F_PUB, 1, M_TEXT, false); break;
    case E_UPDATED: case E_MODIFIED: case E_LASTMOD: case E_DCT_MODIFIED:
        start_capture(s, F_UPD, 1, M_TEXT, false);
        break;
    case E_AUTHOR:
        if (atomish) f->role = R_AUTHOR;
        else start_capture(s, F_AUTHOR, 1, M_GUESS, false);
        break;
    case E_DC_CREATOR: start_capture(s, F_AUTHOR, 1, M_GUESS, false); break;
    case E_DESCRIPTION: case E_SUMMARY:
        m = s->atom ? atom_mode(s, nattr, attrs, &b64) : M_HTML;
        start_capture(s, F_SUMMARY, 2, m, true);
        s->cap_b64 = b64;
        break;
    case E_DC_DESCRIPTION: start_capture(s, F_SUMMARY, 1, M_HTML, true); break;
    case E_CONTENT: {
        int sl;
        if (attr(nattr, attrs, "src", &sl)) break; /* out-of-line content */
        m = s->atom ? atom_mode(s, nattr, attrs, &b64) : M_HTML;
        start_capture(s, F_CONTENT, 2, m, true);
        s->cap_b64 = b64;
        break;
    }
    case E_ENCODED: start_capture(s, F_CONTENT, 2, M_HTML, true); break;
    case E_CATEGORY: {
        char *term = attr_dup(nattr, attrs, "term");
        if (term) add_category(&s->e, term);
        else start_capture(s, F_CATEGORY, 1, M_GUESS, false);
        free(term);
        break;
    }
    case E_DC_SUBJECT: start_capture(s, F_CATEGORY, 1, M_GUESS, false); break;
    case E_NEWS_KEYWORDS: start_capture(s, F_KEYWORDS, 1, M_GUESS, false); break;
    case E_ENCLOSURE: {
        char *u = attr_dup(nattr, attrs, "url"), *t = attr_dup(nattr, attrs, "type"),
             *l = attr_dup(nattr, attrs, "length");
        add_enclosure(s, u, t, l);
        free(u), free(t), free(l);
        f->role = R_EMPTY;
        break;
    }
    case E_MEDIA_CONTENT: {
        char *u = attr_dup(nattr, attrs, "url"), *t = attr_dup(nattr, attrs, "type"),
             *l = attr_dup(nattr, attrs, "fileSize");
        add_enclosure(s, u, t, l);
        free(u), free(t), free(l);
        f->role = R_GROUP;
        break;
    }
    case E_MEDIA_THUMBNAIL: {
        char *u = attr_dup(nattr, attrs, "url");
        add_enclosure(s, u, NULL, NULL);
        free(u);
        break;
    }
    case E_MEDIA_GROUP: case E_IMAGE_IMAGE: f->role = R_GROUP; break;
    case E_SOURCE:
        if (atomish) f->role = R_SOURCE;
        break;
    case E_NEWS_OTHER:
        s->is_news = true;
        f->role = R_GROUP;
        break;
    case E_IMAGE_LOC: start_capture(s, F_ENCL_URL, 1, M_TEXT, false); break;
    case E_LANGUAGE: case E_DC_LANGUAGE: case E_NEWS_LANGUAGE:
        start_capture(s, F_LANGUAGE, 1, M_TEXT, false);
        break;
    default: break;
    }
}

static void channel_field(state *s, frame *f, enum el k, int nattr, const xmlChar **attrs)
{
    bool b64;
    switch (k) {
    case E_TITLE:
        start_capture(s, F_CH_TITLE, 1, s->atom ? atom_mode(s, nattr, attrs, &b64) : M_GUESS, false);
        break;
    case E_LINK: {
        int hl;
        if (attr(nattr, attrs, "href", &hl)) {
            href_link(s, nattr, attrs, true);
            f->role = R_EMPTY;
        } else {
            start_capture(s, F_CH_LINK, 1, M_TEXT, false);
        }
        break;
    }
    case E_LANGUAGE: case E_DC_LANGUAGE: start_capture(s, F_CH_LANGUAGE, 1, M_TEXT, false); break;
    case E_AUTHOR:
        if (s->atom) f->role = R_FAUTHOR;
        break;
    case E_LASTBUILD: case E_UPDATED: case E_MODIFIED: case E_DC_DATE: case E_DCT_MODIFIED:
        start_capture(s, F_CH_UPDATED, 2, M_TEXT, false);
        break;
    case E_PUBDATE: case E_PUBLISHED: start_capture(s, F_CH_UPDATED, 1, M_TEXT, false); break;
    default: break;
    }
}

/* Does element kind k belong to an entry (so that, met inside a field,
 * it shows the field was left open)? */
static bool entry_field(enum el k)
{
    return k != E_UNKNOWN && k != E_NAME && k != E_EMAIL && k != E_CHANNEL;
}

static void on_start(void *ctx, const xmlChar *local, const xmlChar *prefix, const xmlChar *uri,
                     int nns, const xmlChar **nsdefs, int nattr, int ndef, const xmlChar **attrs)
{
    (void)nns, (void)nsdefs, (void)ndef;
    state *s = ctx;
    if (s->stopped) return;
    int d = ++s->depth;
    if (d >= MAXDEPTH) return; /* cannot happen: the tokeniser caps nesting */
    frame *f = &s->fr[d];
    f->role = R_OTHER;
    enum ns ns = ns_of(s, uri, prefix);
    const char *name = (const char *)local;
    for (int i = 0; i < nattr; i++) { /* xml:base, xml:lang */
        const xmlChar **a = attrs + i * 5;
        if (!a[1] || strcmp((const char *)a[1], "xml") != 0) continue;
        char *v = ak_strndup((const char *)a[3], (size_t)(a[4] - a[3]));
        if (strcmp((const char *)a[0], "base") == 0 && !s->cap_depth) {
            f->base = resolve(s, v);
            free(v);
        } else if (strcmp((const char *)a[0], "lang") == 0 && !s->cap_depth) {
            f->lang = ak_text_clean(v);
            free(v);
        } else {
            free(v);
        }
    }
    if (d == 1) {
        root_start(s, f, name, ns, nattr, attrs);
        if (f->lang && !s->ch_lang) s->ch_lang = ak_strdup(f->lang);
        return;
    }
    enum el k = classify(ns, name);
    if (s->rdf && (ns == N_RSS1 || ns == N_RSS090 || ns == N_NONE) &&
        (k == E_CHANNEL || k == E_ITEM)) {
        s->rdf_rss = true;
        if (ns == N_RSS090) s->info->format = "rss0.9x";
    }
    if (s->cap_depth) {
        bool field = s->item_depth && entry_field(k) &&
                     !(s->cap_markup && (s->cap_mode == M_XHTML || html_named(k) || ns == N_XHTML));
        if (!field) {
            if (s->cap_markup) markup_start(s, f, local, prefix, ns, nattr, attrs);
            else f->role = R_INSIDE;
            return;
        }
        /* A feed field inside a field: that field was left open. */
        int cd = s->cap_depth;
        finish_capture(s);
        s->fr[cd].role = R_EMPTY;
        add_warning(s, "entry %zu: <%s> inside another field: that field was closed", s->info->nentries + 1, name);
    }
    int pd = d - 1;
    while (pd > 1 && s->fr[pd].role == R_EMPTY) pd--;
    unsigned char parent = s->fr[pd].role;
    if ((k == E_ITEM && !s->atom && !s->sitemap) || (k == E_ENTRY && s->atom) ||
        (s->sitemap && (k == E_URL || k == E_SITEMAP))) {
        if (parent == R_ROOT || parent == R_CHANNEL || parent == R_ITEM || parent == R_EMPTY ||
            parent == R_OTHER) {
            item_start(s, f, nattr, attrs, k);
            return;
        }
    }
    if (k == E_CHANNEL && !s->atom && !s->item_depth && (parent == R_ROOT || parent == R_OTHER)) {
        f->role = R_CHANNEL;
        if (f->lang && !s->ch_lang) s->ch_lang = ak_strdup(f->lang);
        return;
    }
    if (parent == R_ITEM) {
        item_field(s, f, k, ns, nattr, attrs);
    } else if (parent == R_GROUP && s->item_depth) {
        if (ns == N_MEDIA || ns == N_NEWS || ns == N_IMAGE) item_field(s, f, k, ns, nattr, attrs);
    } else if (parent == R_AUTHOR) {
        if (k == E_NAME) start_capture(s, F_AUTHOR_NAME, 1, M_TEXT, false);
        else if (k == E_EMAIL) start_capture(s, F_AUTHOR_EMAIL, 1, M_TEXT, false);
    } else if (parent == R_SOURCE) {
        if (k == E_AUTHOR) f->role = R_FAUTHOR;
    } else if (parent == R_FAUTHOR) {
        if (k == E_NAME) start_capture(s, F_ALT_AUTHOR, 1, M_TEXT, false);
    } else if (parent == R_CHANNEL && !s->item_depth) {
        channel_field(s, f, k, nattr, attrs);
    }
}

static void on_end(void *ctx, const xmlChar *local, const xmlChar *prefix, const xmlChar *uri)
{
    state *s = ctx;
    int d = s->depth;
    if (s->stopped || d >= MAXDEPTH) {
        s->depth--;
        return;
    }
    frame *f = &s->fr[d];
    if (s->cap_depth && d > s->cap_depth) {
        if (s->cap_markup && f->role == R_INSIDE && d != s->cap_div) {
            ak_buf_puts(&s->text, "</");
            put_name(&s->text, prefix && ns_of(s, uri, prefix) != N_XHTML ? prefix : NULL, local);
            ak_buf_putc(&s->text, '>');
        }
    } else if (s->cap_depth && d == s->cap_depth) {
        finish_capture(s);
    } else if (f->role == R_ITEM && d == s->item_depth) {
        emit_entry(s);
        s->item_depth = 0;
    }
    free(f->base);
    free(f->lang);
    f->base = f->lang = NULL;
    s->depth--;
}

static void on_chars(void *ctx, const xmlChar *ch, int len)
{
    state *s = ctx;
    if (!s->cap_depth || s->stopped) return;
    /* The input is valid UTF-8 (charset.c, xmlfix.c); libxml2's recovery
     * may still cut a character (as_valid). */
    ak_buf tmp = {0};
    size_t n = (size_t)len;
    const char *t = as_valid((const char *)ch, &n, &tmp);
    if (s->cap_markup && (s->depth > s->cap_depth || s->cap_mode == M_XHTML))
        escape_into(&s->text, t, n, false);
    else
        ak_buf_append(&s->text, t, n);
    ak_buf_free(&tmp);
}

static void on_pi(void *ctx, const xmlChar *target, const xmlChar *data)
{
    state *s = ctx;
    if (strcmp((const char *)target, XF_TEXT_PI) == 0) {
        /* CDATA or long text handed over by reference (xmlfix.h). */
        char *end;
        unsigned long long off = strtoull((const char *)data, &end, 10);
        unsigned long long n = strtoull(end, NULL, 10);
        if (off <= s->doclen && n <= s->doclen - off) on_chars(s, (const xmlChar *)s->doc + off, (int)n);
        return;
    }
    if (strcmp((const char *)target, XF_TRUNCATED_PI) == 0) {
        s->truncated = true;
        s->info->truncated = true;
    }
}

static void on_error(void *ctx, xmlErrorPtr err)
{
    state *s = ctx;
    char msg[200];
    snprintf(msg, sizeof msg, "%s", err && err->message ? err->message : "XML error");
    size_t n = strlen(msg);
    while (n && (msg[n - 1] == '\n' || msg[n - 1] == ' ')) msg[--n] = '\0';
    add_warning(s, "XML: %s", msg);
}

static int io_read(void *ctx, char *buf, int len)
{
    return (int)xf_read(ctx, buf, len > 0 ? (size_t)len : 0);
}

/* ---- the document ---------------------------------------------------------- */

static bool known_root_at(const char *d, size_t n)
{
    static const char *const roots[] = {"rss", "feed", "RDF", "urlset", "sitemapindex", "channel"};
    if (n < 2 || d[0] != '<') return false;
    size_t i = 1;
    while (i < n && i < 24 && (isalnum((unsigned char)d[i]) || d[i] == '_' || d[i] == '-')) i++;
    size_t start = 1;
    if (i < n && d[i] == ':') { /* a prefix */
        start = ++i;
        while (i < n && i < 48 && isalnum((unsigned char)d[i])) i++;
    }
    if (i >= n || !(isspace((unsigned char)d[i]) || d[i] == '>' || d[i] == '/')) return false;
    for (size_t k = 0; k < sizeof roots / sizeof roots[0]; k++)
        if (strlen(roots[k]) == i - start && memcmp(d + start, roots[k], i - start) == 0) return true;
    return false;
}

/* Where the document starts: junk before it (PHP warnings, stray markup)
 * is skipped when a feed root or an XML declaration follows. */
static size_t doc_start(const char *d, size_t len)
{
    size_t lim = len < 65536 ? len : 65536;
    const char *decl = memmem(d, lim, "<?xml", 5);
    const char *lt = memchr(d, '<', lim);
    if (!lt) return 0;
    size_t i = (size_t)(lt - d);
    if (decl && (size_t)(decl - d) >= i) {
        /* Junk before the declaration unless what precedes is itself XML. */
        return (size_t)(decl - d);
    }
    if (lt[1] == '!' || lt[1] == '?' || known_root_at(lt, len - i) ||
        (len - i >= 5 && strncasecmp(lt, "<html", 5) == 0))
        return i;
    for (const char *p = lt + 1; p < d + lim; p++) {
        p = memchr(p, '<', (size_t)(d + lim - p));
        if (!p) break;
        if (known_root_at(p, len - (size_t)(p - d))) return (size_t)(p - d);
    }
    return i;
}

int pf_parse(const char *data, size_t len, const char *url, const char *content_type,
             pf_entry_fn *fn, void *udata, pf_info *info, char **err)
{
    memset(info, 0, sizeof *info);
    info->updated = AK_TIME_NONE;
    if (len > PF_MAX_BYTES) {
        if (err) {
            ak_buf b = {0};
            ak_buf_printf(&b, "document too large (%zu bytes; the limit is %zu)", len, PF_MAX_BYTES);
            *err = ak_buf_steal(&b);
        }
        return PF_ETOOBIG;
    }
    size_t ulen;
    char *owned;
    const char *text = pc_decode(data, len, content_type, PC_XML, &ulen, &info->charset, &owned);
    size_t off = doc_start(text, ulen);
    state *s = ak_calloc(1, sizeof *s);
    s->info = info;
    s->fn = fn;
    s->udata = udata;
    s->url = url;
    entry_reset(&s->e);
    s->doc = text + off;
    s->doclen = ulen - off;
    xf_reader *xf = xf_new(text + off, ulen - off, on_xf_warn, s);
    xf_set_text_refs(xf, true);
    xmlSAXHandler sax;
    memset(&sax, 0, sizeof sax);
    sax.initialized = XML_SAX2_MAGIC;
    sax.startElementNs = on_start;
    sax.endElementNs = on_end;
    sax.characters = on_chars;
    sax.cdataBlock = on_chars;
    sax.processingInstruction = on_pi;
    sax.serror = on_error;
    int rc = PF_OK;
    xmlParserCtxtPtr ctxt = xmlCreateIOParserCtxt(&sax, s, io_read, NULL, xf, XML_CHAR_ENCODING_UTF8);
    if (!ctxt) {
        rc = PF_EBROKEN;
    } else {
        /* NOENT: with entities substituted libxml2 also decodes "&#38;" in
         * attribute values (it keeps it verbatim otherwise).  The tokeniser
         * leaves no DTD and no named reference, so nothing else changes. */
        xmlCtxtUseOptions(ctxt, XML_PARSE_RECOVER | XML_PARSE_NONET | XML_PARSE_NOERROR |
                                    XML_PARSE_NOWARNING | XML_PARSE_NOENT);
        s->ctxt = ctxt;
        xmlParseDocument(ctxt);
        xmlFreeParserCtxt(ctxt);
    }
    if (s->is_news && info->format && strcmp(info->format, "sitemap") == 0) info->format = "news-sitemap";
    if (!info->language && s->ch_lang) info->language = ak_strdup(s->ch_lang);
    const char *unsafe = xf_error(xf);
    if (rc == PF_OK && unsafe) rc = PF_EUNSAFE;
    else if (rc == PF_OK && s->not_feed) rc = PF_ENOTFEED;
    else if (rc == PF_OK && s->stopped) rc = PF_ESTOPPED;
    else if (rc == PF_OK && !s->root_seen) rc = PF_EBROKEN;
    else if (rc == PF_OK && s->rdf && !s->rdf_rss) rc = PF_ENOTFEED;
    if (rc == PF_ENOTFEED) info->format = NULL;
    if (rc != PF_OK && rc != PF_ESTOPPED && err) {
        ak_buf b = {0};
        if (rc == PF_EUNSAFE)
            ak_buf_puts(&b, unsafe);
        else if (rc == PF_ENOTFEED)
            ak_buf_printf(&b, "not a feed (document root is <%s>%s)", s->root_name,
                          strcasecmp(s->root_name, "html") == 0 ? ", an HTML page" : "");
        else if (len == 0)
            ak_buf_puts(&b, "not a feed (empty document)");
        else
            ak_buf_printf(&b, "not a feed (no XML document found in %zu bytes)", len);
        *err = ak_buf_steal(&b);
    }
    for (int d = 0; d < MAXDEPTH; d++) {
        free(s->fr[d].base);
        free(s->fr[d].lang);
    }
    xf_free(xf);
    entry_free(&s->e);
    ak_buf_free(&s->text);
    free(s->ch_lang);
    free(s->feed_author);
    free(s);
    free(owned);
    return rc;
}

void pf_info_free(pf_info *info)
{
    free(info->title);
    free(info->link);
    free(info->language);
    for (size_t i = 0; i < PF_WARN_KEEP; i++) free(info->warnings[i]);
    memset(info->warnings, 0, sizeof info->warnings);
    info->title = info->link = info->language = NULL;
}
