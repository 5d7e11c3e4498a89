/* extract.c -- article extraction over the libxml2 HTML DOM (see extract.h).
 *
 * Passes, each a non-recursive walk (pages can nest 100,000 deep):
 *  1. metadata: <meta>, <link rel=canonical>, JSON-LD, <title>, <h1>;
 *  2. cleaning: scripts, styles, hidden nodes and site chrome (by tag,
 *     role and class/id tokens) are unlinked;
 *  3. segmentation: the body becomes a list of text blocks (paragraphs,
 *     headings, list items, <br><br>-separated runs), each with its owner
 *     element, length, link text and punctuation;
 *  4. scoring: blocks vote for their ancestors (Readability-style), weighted
 *     by class hints and link density; the best container and its worthy
 *     siblings are the article;
 *  5. emission: the article's blocks minus boilerplate (read-also inserts,
 *     prev/next links, bylines, date lines, share prompts).
 */
#include "parser/extract.h"
#include "common/buf.h"
#include "common/mem.h"
#include "common/timeutil.h"
#include "common/url.h"
#include "common/utf8.h"
#include "parser/charset.h"
#include "parser/date.h"
#include "parser/htmltext.h"

#include <ctype.h>
#include <jansson.h>
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <math.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>

/* ---- DOM helpers -------------------------------------------------------- */

static bool is_el(const xmlNode *n) { return n && n->type == XML_ELEMENT_NODE; }

static bool tag_is(const xmlNode *n, const char *name)
{
    return is_el(n) && strcmp((const char *)n->name, name) == 0;
}

static const char *attr(const xmlNode *n, const char *name)
{
    if (!is_el(n)) return NULL;
    for (const xmlAttr *a = n->properties; a; a = a->next)
        if (strcasecmp((const char *)a->name, name) == 0)
            return a->children && a->children->content ? (const char *)a->children->content : "";
    return NULL;
}

/* Non-recursive pre/post-order walk.  enter returns false to skip the
 * node's children; leave may be NULL. */
typedef bool enter_fn(xmlNode *n, void *ud);
typedef void leave_fn(xmlNode *n, void *ud);

static void walk(xmlNode *root, enter_fn *enter, leave_fn *leave, void *ud)
{
    xmlNode *n = root;
    while (n) {
        if (enter(n, ud) && n->children) {
            n = n->children;
            continue;
        }
        for (;;) {
            if (leave) leave(n, ud);
            if (n == root) return;
            if (n->next) {
                n = n->next;
                break;
            }
            n = n->parent;
            if (!n) return;
        }
    }
}

static bool block_tag(const xmlNode *n)
{
    static const char *const tags[] = {
        "p", "div", "section", "article", "main", "h1", "h2", "h3", "h4", "h5", "h6", "ul",
        "ol", "li", "blockquote", "pre", "table", "tbody", "thead", "tfoot", "tr", "td", "th",
        "dl", "dt", "dd", "figure", "figcaption", "header", "footer", "aside", "nav", "form",
        "address", "hr", "center", "fieldset", "details", "summary", "body", "html", "caption",
        "hgroup", "menu", "dialog", "legend", "noscript", "option", "select", "textarea", NULL};
    if (!is_el(n)) return false;
    for (int i = 0; tags[i]; i++)
        if (strcmp((const char *)n->name, tags[i]) == 0) return true;
    return false;
}

static bool heading(const xmlNode *n)
{
    return is_el(n) && n->name[0] == 'h' && n->name[1] >= '1' && n->name[1] <= '6' && !n->name[2];
}

/* Appends the collapsed text of a subtree. */
typedef struct text_ctx { ak_buf raw; } text_ctx;

static bool text_enter(xmlNode *n, void *ud)
{
    text_ctx *t = ud;
    if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
        if (n->content) ak_buf_puts(&t->raw, (const char *)n->content);
    } else if (tag_is(n, "br") || block_tag(n)) {
        ak_buf_putc(&t->raw, ' ');
    }
    return !tag_is(n, "script") && !tag_is(n, "style");
}

static char *node_text(xmlNode *n)
{
    text_ctx t = {{0}};
    walk(n, text_enter, NULL, &t);
    ak_buf out = {0};
    ak_text_collapse(&out, ak_buf_str(&t.raw), t.raw.len);
    ak_buf_free(&t.raw);
    return ak_buf_steal(&out);
}

/* ---- text helpers ------------------------------------------------------- */

static size_t chars(const char *s) { return s ? ak_utf8_count(s, strlen(s)) : 0; }

/* Counts clause punctuation: , ، ؛ and sentence ends . ! ? ؟ */
static int punct(const char *s)
{
    int n = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == ',' || *p == '.' || *p == '!' || *p == '?' || *p == ';') n++;
        else if (p[0] == 0xD8 && (p[1] == 0x8C || p[1] == 0x9B)) n++; /* ، ؛ */
        else if (p[0] == 0xD8 && p[1] == 0x9F) n++;                   /* ؟ */
    }
    return n;
}

/* Starts with one of the prefixes, ignoring leading punctuation/space and
 * Arabic alef-hamza variants ("إقرأ" == "اقرأ"). */
static bool starts_with_any(const char *s, const char *const *prefixes)
{
    char buf[160];
    size_t o = 0;
    const char *p = s;
    while (*p && (isspace((unsigned char)*p) || ispunct((unsigned char)*p))) p++;
    size_t n = strlen(p);
    for (size_t i = 0; i < n && o + 4 < sizeof buf;) {
        int cp;
        size_t l = ak_utf8_next(p + i, n - i, &cp);
        if (cp == 0x623 || cp == 0x625 || cp == 0x622) { /* أ إ آ -> ا */
            buf[o++] = (char)0xD8;
            buf[o++] = (char)0xA7;
        } else if (cp == 0x640 || (cp >= 0x64B && cp <= 0x652)) {
            /* tatweel, harakat */
        } else if (cp < 0x80) {
            buf[o++] = (char)tolower(cp);
        } else {
            memcpy(buf + o, p + i, l);
            o += l;
        }
        i += l;
    }
    buf[o] = '\0';
    for (int i = 0; prefixes[i]; i++)
        if (strncmp(buf, prefixes[i], strlen(prefixes[i])) == 0) return true;
    return false;
}

/* Boilerplate lines in Arabic, French and English (folded: alef without
 * hamza, lower case). */
static const char *const boiler_prefixes[] = {
    "اقرا ايضا", "اقرا كذلك", "اقرا المزيد", "اقرا اكثر", "اقرا ايضاً", "المقال السابق",
    "المقال التالي", "الخبر السابق", "الخبر التالي", "مقالات ذات صلة", "اخبار ذات صلة",
    "مواضيع ذات صلة", "مقالات مشابهة", "الاكثر قراءة", "الاكثر مشاهدة", "تابعونا", "تابعوا",
    "شارك المقال", "شارك هذا", "شاركوا", "للمزيد من", "اشترك في", "اشترك الان", "كلمات مفتاحية",
    "الوسوم", "وسوم", "التعليقات", "اضف تعليق", "اترك تعليقا", "لا توجد تعليقات", "إعلان",
    "اعلان", "المصدر:", "شاهد ايضا", "شاهد أيضا",
    "lire aussi", "a lire aussi", "à lire aussi", "lire la suite", "voir aussi", "sur le même sujet",
    "sur le meme sujet", "articles similaires", "articles liés", "dans la même rubrique",
    "partager", "partagez", "suivez-nous", "suivez nous", "abonnez-vous", "inscrivez-vous",
    "newsletter", "publicité", "commentaires", "laisser un commentaire", "mots-clés", "mots clés",
    "tags:", "tags :", "read also", "read more", "see also", "related", "share this", "share on",
    "follow us", "advertisement", "sponsored", "subscribe", "sign up", "comments", "leave a comment",
    "previous article", "next article", "previous post", "next post", "article précédent",
    "article suivant", NULL};

static const char *const byline_prefixes[] = {
    "بقلم", "كتب ", "كتبه", "كتبت", "اعداد", "إعداد", "حرر", "par ", "par:", "by ", "auteur",
    "écrit par", "ecrit par", "publié par", "publie par", "rédigé par", "posted by", "written by",
    NULL};

/* ---- class / id hints --------------------------------------------------- */

/* Lower-case tokens of class and id ("td-post-content" ->
 * {"td","post","content"}) and the whole lower-cased string, for words that
 * themes glue ("postcontent"). */
typedef struct hints { char all[256]; } hints;

static void get_hints(const xmlNode *n, hints *h)
{
    const char *c = attr(n, "class"), *id = attr(n, "id");
    snprintf(h->all, sizeof h->all, " %s %s ", c ? c : "", id ? id : "");
    for (char *p = h->all; *p; p++) {
        unsigned char ch = (unsigned char)*p;
        *p = isalnum(ch) || ch >= 0x80 ? (char)tolower(ch) : ' ';
    }
}

static bool has_token(const hints *h, const char *tok)
{
    size_t n = strlen(tok);
    for (const char *p = strstr(h->all, tok); p; p = strstr(p + 1, tok))
        if (p[-1] == ' ' && p[n] == ' ') return true;
    return false;
}

static bool has_sub(const hints *h, const char *s) { return strstr(h->all, s) != NULL; }

static const char *const neg_sub[] = {
    "comment", "share", "sharing", "social", "related", "breadcrumb", "newsletter", "sidebar",
    "widget", "footer", "cookie", "consent", "popup", "subscribe", "promo", "pagination",
    "navigation", "navbar", "menu", "advert", "sponsor", "caption", "byline", "authorbox",
    "nextprev", "prevnext", "readmore", "mostread", "popular", "trending", "tagcloud",
    "disqus", "outbrain", "taboola", "recommend", "signup", "masthead", "toolbar", "modal",
    "overlay", "lightbox", "banner", "relatedposts", "yarpp", "jp relatedposts",
    "screen reader", "visually hidden", "sr only", "skip", "print", "rating", "author bio",
    "author box", "about author", "post nav", "next prev", "prev next", "read more", "read also",
    "lire aussi", "most read", "more news", "more stories", "tags", "share", "counter",
    "login", "search", "entry meta", "post meta", "article meta", "meta info", "dropdown",
    NULL};

static const char *const neg_tok[] = {
    "ad", "ads", "adv", "pub", "nav", "meta", "header", "hidden", "hide", "date",
    "time", "author", "credit", "credits", "caption", "aside", "widget", "gallery", "video",
    "prev", "next", "previous", "follow", "icons", "icon", "btn", "button", "logo", "copyright",
    "sponsored", "infos", "foot", "topbar", "bottom", "bread", NULL};

static const char *const pos_sub[] = {
    "article", "content", "entry", "post body", "postbody", "story", "main", "text", "body",
    "single", "news details", "detail", "article body", "articlebody", "post content",
    "td post content", "jeg content", "entry content", "the content", "contenu", "corps",
    NULL};

/* +1 positive, -1 chrome, 0 neutral. */
static int class_weight(const xmlNode *n)
{
    hints h;
    get_hints(n, &h);
    if (!h.all[2] && strlen(h.all) <= 2) return 0;
    bool neg = false, pos = false;
    for (int i = 0; neg_sub[i] && !neg; i++) neg = has_sub(&h, neg_sub[i]);
    for (int i = 0; neg_tok[i] && !neg; i++) neg = has_token(&h, neg_tok[i]);
    for (int i = 0; pos_sub[i] && !pos; i++) pos = has_sub(&h, pos_sub[i]);
    if (neg && pos) return 0;
    return neg ? -1 : pos ? 1 : 0;
}

/* ---- metadata ----------------------------------------------------------- */

typedef struct meta {
    char *og_title, *tw_title, *og_site, *og_desc, *desc, *og_image, *og_url, *og_locale;
    char *canonical, *title_tag, *h1, *html_lang, *content_lang;
    char *pub_meta, *mod_meta, *pub_itemprop, *time_dt;
    char *author_meta, *article_author, *author_el;
    char *ld_headline, *ld_published, *ld_modified, *ld_author, *ld_body, *ld_publisher, *ld_image;
    bool ld_author_org;
    int h1_count;
} meta;

static void meta_free(meta *m)
{
    char **f[] = {&m->og_title, &m->tw_title, &m->og_site, &m->og_desc, &m->desc, &m->og_image,
                  &m->og_url, &m->og_locale, &m->canonical, &m->title_tag, &m->h1, &m->html_lang,
                  &m->content_lang, &m->pub_meta, &m->mod_meta, &m->pub_itemprop, &m->time_dt,
                  &m->author_meta, &m->article_author, &m->author_el, &m->ld_headline,
                  &m->ld_published, &m->ld_modified, &m->ld_author, &m->ld_body,
                  &m->ld_publisher, &m->ld_image};
    for (size_t i = 0; i < sizeof f / sizeof f[0]; i++) free(*f[i]);
}

/* Text from the DOM is decoded already: only white space is folded (a
 * headline may legitimately read "a <b" or "&amp;"). */
static void set_once_text(char **dst, const char *v)
{
    if (*dst || !v) return;
    char *t = ak_text_clean(v);
    if (*t) *dst = t;
    else free(t);
}

static void set_once(char **dst, const char *v)
{
    if (!*dst && v && *v) {
        char *d = ph_plain_text(v);
        if (d && *d) *dst = d;
        else free(d);
    }
}

static bool ld_type_article(json_t *t)
{
    static const char *const types[] = {"NewsArticle", "Article", "BlogPosting", "ReportageNewsArticle",
                                        "AnalysisNewsArticle", "OpinionNewsArticle", "BackgroundNewsArticle",
                                        "Report", "LiveBlogPosting", "ScholarlyArticle", "TechArticle",
                                        "SocialMediaPosting", "WebPage", NULL};
    if (json_is_array(t)) {
        size_t i;
        json_t *v;
        json_array_foreach(t, i, v) if (ld_type_article(v)) return true;
        return false;
    }
    const char *s = json_string_value(t);
    if (!s) return false;
    for (int i = 0; types[i]; i++)
        if (strcmp(s, types[i]) == 0) return true;
    return false;
}

static const char *ld_str(json_t *o, const char *k)
{
    json_t *v = json_object_get(o, k);
    if (json_is_array(v)) v = json_array_get(v, 0);
    if (json_is_object(v)) {
        json_t *u = json_object_get(v, "url");
        if (!u) u = json_object_get(v, "name");
        v = u;
    }
    return json_string_value(v);
}

static void ld_article(meta *m, json_t *o)
{
    json_t *type = json_object_get(o, "@type");
    bool is_page = json_is_string(type) && strcmp(json_string_value(type), "WebPage") == 0;
    if (!ld_type_article(type)) return;
    if (is_page && !json_object_get(o, "headline")) return;
    set_once(&m->ld_headline, json_string_value(json_object_get(o, "headline")));
    set_once(&m->ld_published, json_string_value(json_object_get(o, "datePublished")));
    set_once(&m->ld_modified, json_string_value(json_object_get(o, "dateModified")));
    set_once(&m->ld_body, json_string_value(json_object_get(o, "articleBody")));
    set_once(&m->ld_image, ld_str(o, "image"));
    json_t *pub = json_object_get(o, "publisher");
    if (json_is_object(pub)) set_once(&m->ld_publisher, json_string_value(json_object_get(pub, "name")));
    json_t *a = json_object_get(o, "author");
    if (json_is_array(a)) a = json_array_get(a, 0);
    if (json_is_object(a) && !m->ld_author) {
        const char *t = json_string_value(json_object_get(a, "@type"));
        m->ld_author_org = t && strcmp(t, "Person") != 0;
        set_once(&m->ld_author, json_string_value(json_object_get(a, "name")));
    } else if (json_is_string(a)) {
        set_once(&m->ld_author, json_string_value(a));
    }
}

static void ld_visit(meta *m, json_t *j, int depth)
{
    if (depth > 8) return;
    if (json_is_array(j)) {
        size_t i;
        json_t *v;
        json_array_foreach(j, i, v) ld_visit(m, v, depth + 1);
    } else if (json_is_object(j)) {
        ld_article(m, j);
        json_t *g = json_object_get(j, "@graph");
        if (g) ld_visit(m, g, depth + 1);
        json_t *me = json_object_get(j, "mainEntity");
        if (json_is_object(me)) ld_visit(m, me, depth + 1);
    }
}

static void parse_ld(meta *m, const char *text)
{
    /* Raw control characters (newlines inside strings) are the common
     * defect; JSON allows them nowhere else but as white space. */
    char *t = ak_strdup(text);
    for (char *p = t; *p; p++)
        if ((unsigned char)*p < 0x20) *p = ' ';
    json_error_t e;
    json_t *j = json_loads(t, JSON_DECODE_ANY | JSON_ALLOW_NUL, &e);
    if (j) ld_visit(m, j, 0);
    json_decref(j);
    free(t);
}

typedef struct meta_ctx { meta *m; } meta_ctx;

static bool meta_enter(xmlNode *n, void *ud)
{
    meta *m = ((meta_ctx *)ud)->m;
    if (!is_el(n)) return false;
    const char *name = (const char *)n->name;
    if (strcmp(name, "html") == 0) set_once(&m->html_lang, attr(n, "lang"));
    else if (strcmp(name, "meta") == 0) {
        const char *p = attr(n, "property"), *nm = attr(n, "name"), *c = attr(n, "content");
        const char *ip = attr(n, "itemprop"), *he = attr(n, "http-equiv");
        const char *k = p ? p : nm;
        if (!c) return false;
        if (k) {
            if (!strcasecmp(k, "og:title")) set_once(&m->og_title, c);
            else if (!strcasecmp(k, "twitter:title")) set_once(&m->tw_title, c);
            else if (!strcasecmp(k, "og:site_name")) set_once(&m->og_site, c);
            else if (!strcasecmp(k, "og:description")) set_once(&m->og_desc, c);
            else if (!strcasecmp(k, "description")) set_once(&m->desc, c);
            else if (!strcasecmp(k, "og:image")) set_once(&m->og_image, c);
            else if (!strcasecmp(k, "og:url")) set_once(&m->og_url, c);
            else if (!strcasecmp(k, "og:locale")) set_once(&m->og_locale, c);
            else if (!strcasecmp(k, "article:published_time") || !strcasecmp(k, "og:published_time") ||
                     !strcasecmp(k, "datePublished") || !strcasecmp(k, "pubdate") ||
                     !strcasecmp(k, "publishdate") || !strcasecmp(k, "publish-date") ||
                     !strcasecmp(k, "parsely-pub-date") || !strcasecmp(k, "sailthru.date") ||
                     !strcasecmp(k, "dc.date.issued") || !strcasecmp(k, "dc.date") ||
                     !strcasecmp(k, "date") || !strcasecmp(k, "article.published") ||
                     !strcasecmp(k, "dcterms.created"))
                set_once(&m->pub_meta, c);
            else if (!strcasecmp(k, "article:modified_time") || !strcasecmp(k, "og:updated_time") ||
                     !strcasecmp(k, "dateModified") || !strcasecmp(k, "last-modified"))
                set_once(&m->mod_meta, c);
            else if (!strcasecmp(k, "author") || !strcasecmp(k, "dc.creator") ||
                     !strcasecmp(k, "parsely-author") || !strcasecmp(k, "sailthru.author"))
                set_once(&m->author_meta, c);
            else if (!strcasecmp(k, "article:author") && !ak_url_is_http(c))
                set_once(&m->article_author, c);
        }
        if (ip && !strcasecmp(ip, "datePublished")) set_once(&m->pub_itemprop, c);
        if (ip && !strcasecmp(ip, "author") && !ak_url_is_http(c)) set_once(&m->author_el, c);
        if (he && !strcasecmp(he, "content-language")) set_once(&m->content_lang, c);
        return false;
    } else if (strcmp(name, "link") == 0) {
        const char *rel = attr(n, "rel");
        if (rel && !strcasecmp(rel, "canonical")) set_once(&m->canonical, attr(n, "href"));
        return false;
    } else if (strcmp(name, "title") == 0) {
        if (!m->title_tag) {
            char *t = node_text(n);
            set_once_text(&m->title_tag, t);
            free(t);
        }
        return false;
    } else if (strcmp(name, "script") == 0) {
        const char *type = attr(n, "type");
        if (type && strstr(type, "ld+json") && n->children && n->children->content)
            parse_ld(m, (const char *)n->children->content);
        return false;
    } else if (strcmp(name, "h1") == 0) {
        m->h1_count++;
        if (!m->h1) {
            char *t = node_text(n);
            set_once_text(&m->h1, t);
            free(t);
        }
        return false;
    } else if (strcmp(name, "time") == 0) {
        set_once(&m->time_dt, attr(n, "datetime"));
    }
    const char *ip = attr(n, "itemprop");
    if (ip && !strcasecmp(ip, "datePublished")) {
        const char *v = attr(n, "datetime");
        if (!v) v = attr(n, "content");
        set_once(&m->pub_itemprop, v);
    }
    const char *rel = attr(n, "rel");
    if ((ip && !strcasecmp(ip, "author")) || (rel && !strcasecmp(rel, "author"))) {
        if (!m->author_el) {
            char *t = node_text(n);
            if (chars(t) < 80) set_once(&m->author_el, t);
            free(t);
        }
    }
    return true;
}

/* ---- cleaning ----------------------------------------------------------- */

typedef struct clean_ctx {
    xmlNode **kill;  /* subtrees to unlink */
    size_t n, cap;
    size_t total;    /* characters of text in the whole body */
} clean_ctx;

/* An element holding much of the page's text is never chrome, whatever
 * its classes say (WordPress puts "tag-x format-video" on the article). */
static bool holds_page(const xmlNode *n, size_t total)
{
    char *t = node_text((xmlNode *)n);
    size_t c = chars(t);
    free(t);
    return c > 500 && c * 5 > total * 2;
}

static bool hidden(const xmlNode *n)
{
    if (attr(n, "hidden")) return true;
    const char *ah = attr(n, "aria-hidden");
    if (ah && !strcasecmp(ah, "true")) return true;
    const char *st = attr(n, "style");
    if (st) {
        char buf[256];
        size_t o = 0;
        for (const char *p = st; *p && o < sizeof buf - 1; p++)
            if (!isspace((unsigned char)*p)) buf[o++] = (char)tolower((unsigned char)*p);
        buf[o] = '\0';
        if (strstr(buf, "display:none") || strstr(buf, "visibility:hidden")) return true;
    }
    return false;
}

static bool clean_enter(xmlNode *n, void *ud)
{
    clean_ctx *c = ud;
    bool kill = false;
    if (n->type == XML_COMMENT_NODE || n->type == XML_PI_NODE) kill = true;
    else if (is_el(n)) {
        static const char *const junk[] = {
            "script", "style", "noscript", "template", "iframe", "object", "embed", "svg",
            "canvas", "nav", "aside", "footer", "button", "input", "select", "textarea", "label",
            "figcaption", "audio", "video", "source", "picture", "map", "dialog", "menu", "link",
            "meta", "form", NULL};
        const char *name = (const char *)n->name;
        for (int i = 0; junk[i] && !kill; i++) kill = strcmp(name, junk[i]) == 0;
        if (kill && strcmp(name, "form") == 0) {
            /* ASP.NET pages wrap the whole page in a form: keep big ones. */
            char *t = node_text(n);
            kill = chars(t) < 500;
            free(t);
        }
        if (!kill && strcmp(name, "body") != 0 && strcmp(name, "html") != 0) {
            const char *role = attr(n, "role");
            if (role && (!strcasecmp(role, "navigation") || !strcasecmp(role, "complementary") ||
                         !strcasecmp(role, "banner") || !strcasecmp(role, "contentinfo") ||
                         !strcasecmp(role, "menu") || !strcasecmp(role, "dialog") ||
                         !strcasecmp(role, "alert") || !strcasecmp(role, "search")))
                kill = true;
            else if (hidden(n)) kill = true;
            else if (class_weight(n) < 0 && strcmp(name, "p") != 0 && !heading(n) &&
                     strcmp(name, "article") != 0 && strcmp(name, "main") != 0 &&
                     !holds_page(n, c->total))
                kill = true;
            else if (strcmp(name, "blockquote") == 0) {
                const char *cls = attr(n, "class");
                kill = cls && (strstr(cls, "twitter") || strstr(cls, "instagram") ||
                               strstr(cls, "tiktok") || strstr(cls, "facebook") || strstr(cls, "pull"));
            }
        }
    }
    if (kill) {
        if (c->n == c->cap) {
            c->cap = c->cap ? c->cap * 2 : 64;
            c->kill = ak_realloc(c->kill, c->cap * sizeof *c->kill);
        }
        c->kill[c->n++] = n;
        return false;
    }
    return true;
}

/* ---- segmentation into blocks ------------------------------------------- */

typedef struct block {
    xmlNode *owner;   /* element whose (inline) content this is */
    char *text;       /* collapsed text */
    int len;          /* characters */
    int link_len;     /* characters inside <a> */
    int punct;        /* punctuation marks */
    bool heading;     /* h1-h6 */
    bool item;        /* li / dd */
    bool keep;        /* chosen for the body */
} block;

typedef struct seg_ctx {
    block *b;          /* blocks in document order */
    size_t n, cap;
    ak_buf run;        /* current inline run */
    int run_links;     /* link characters in the run so far */
    xmlNode *run_owner;/* block element the run belongs to */
    bool br;           /* last inline thing was a <br> */
} seg_ctx;

static xmlNode *block_owner(xmlNode *n)
{
    for (xmlNode *p = n->parent; p; p = p->parent)
        if (block_tag(p)) return p;
    return NULL;
}

static bool in_link(xmlNode *n, xmlNode *stop)
{
    for (xmlNode *p = n->parent; p && p != stop; p = p->parent)
        if (tag_is(p, "a")) return true;
    return false;
}

static void flush(seg_ctx *s)
{
    if (s->run.len) {
        ak_buf t = {0};
        ak_text_collapse(&t, s->run.data, s->run.len);
        if (t.len) {
            if (s->n == s->cap) {
                s->cap = s->cap ? s->cap * 2 : 128;
                s->b = ak_realloc(s->b, s->cap * sizeof *s->b);
            }
            block *b = &s->b[s->n++];
            memset(b, 0, sizeof *b);
            b->owner = s->run_owner;
            b->len = (int)ak_utf8_count(t.data, t.len);
            b->link_len = s->run_links > b->len ? b->len : s->run_links;
            b->punct = punct(t.data);
            b->heading = heading(s->run_owner);
            b->item = tag_is(s->run_owner, "li") || tag_is(s->run_owner, "dd");
            b->text = ak_buf_steal(&t);
        }
        ak_buf_free(&t);
    }
    ak_buf_clear(&s->run);
    s->run_links = 0;
    s->br = false;
}

static bool seg_enter(xmlNode *n, void *ud)
{
    seg_ctx *s = ud;
    if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
        if (!n->content) return false;
        xmlNode *owner = block_owner(n);
        if (owner != s->run_owner) {
            flush(s);
            s->run_owner = owner;
        }
        const char *t = (const char *)n->content;
        bool blank = true;
        for (const char *p = t; *p && blank; p++) blank = isspace((unsigned char)*p);
        if (!blank) s->br = false;
        ak_buf_puts(&s->run, t);
        if (in_link(n, owner)) {
            ak_buf tmp = {0};
            ak_text_collapse(&tmp, t, strlen(t));
            s->run_links += (int)ak_utf8_count(tmp.data ? tmp.data : "", tmp.len);
            ak_buf_free(&tmp);
        }
        return false;
    }
    if (tag_is(n, "br")) {
        if (s->br) flush(s); /* <br><br> ends a paragraph */
        else {
            ak_buf_putc(&s->run, ' ');
            s->br = true;
        }
        return false;
    }
    if (block_tag(n)) flush(s);
    return is_el(n);
}

static void seg_leave(xmlNode *n, void *ud)
{
    if (block_tag(n)) flush(ud);
}

/* ---- scoring -------------------------------------------------------------- */

typedef struct cand {
    xmlNode *node;
    double score;
} cand;

typedef struct cands {
    cand *c;
    size_t n, cap;
} cands;

static cand *cand_get(cands *cs, xmlNode *n)
{
    if (n->_private) return &cs->c[(intptr_t)n->_private - 1];
    if (cs->n == cs->cap) {
        cs->cap = cs->cap ? cs->cap * 2 : 64;
        cs->c = ak_realloc(cs->c, cs->cap * sizeof *cs->c);
    }
    cand *c = &cs->c[cs->n++];
    c->node = n;
    c->score = 0;
    n->_private = (void *)(intptr_t)cs->n;
    return c;
}

static bool is_inside(const xmlNode *n, const xmlNode *anc)
{
    for (; n; n = n->parent)
        if (n == anc) return true;
    return false;
}

/* Text and link characters of a subtree, from the blocks. */
static void subtree_text(const seg_ctx *s, const xmlNode *root, int *text, int *links)
{
    *text = *links = 0;
    for (size_t i = 0; i < s->n; i++)
        if (is_inside(s->b[i].owner, root)) {
            *text += s->b[i].len;
            *links += s->b[i].link_len;
        }
}

/* ---- title ---------------------------------------------------------------- */

static bool eq_fold(const char *a, const char *b)
{
    if (!a || !b) return false;
    char *x = ak_text_clean(a), *y = ak_text_clean(b);
    bool r = strcasecmp(x, y) == 0;
    free(x);
    free(y);
    return r;
}

/* Separators between a headline and a site name. */
static const char *const title_seps[] = {" | ", " - ", " – ", " — ", " :: ", " « ", " » ",
                                         " · ", " • ", " ~ ", " / ", NULL};

static int words(const char *s)
{
    int n = 0;
    bool in = false;
    for (; *s; s++) {
        bool sp = *s == ' ';
        if (!sp && !in) n++;
        in = !sp;
    }
    return n;
}

static char *strip_site(const char *title, const char *site, const char *host, const char *other)
{
    if (!title) return NULL;
    /* If another source gives exactly one part, that part is the title. */
    for (int i = 0; title_seps[i]; i++) {
        const char *sep = title_seps[i];
        const char *first = strstr(title, sep), *last = NULL;
        for (const char *p = first; p; p = strstr(p + 1, sep)) last = p;
        if (!first) continue;
        char *head = ak_strndup(title, (size_t)(last - title));
        char *tail = ak_strdup(last + strlen(sep));
        char *head1 = ak_strndup(title, (size_t)(first - title));
        char *tail1 = ak_strdup(first + strlen(sep));
        char *pick = NULL;
        if (other && eq_fold(head, other)) pick = head, head = NULL;
        else if (other && eq_fold(tail1, other)) pick = tail1, tail1 = NULL;
        else if ((site && eq_fold(tail, site)) || (host && strcasestr(host, tail) && chars(tail) > 2))
            pick = head, head = NULL;
        else if ((site && eq_fold(head1, site)) || (host && strcasestr(host, head1) && chars(head1) > 2))
            pick = tail1, tail1 = NULL;
        else if (site && strcasestr(tail, site) && chars(tail) < chars(head))
            pick = head, head = NULL;
        else if (i < 4 && words(tail) <= 3 && chars(tail) <= 25 && words(head) >= 4)
            pick = head, head = NULL; /* "Headline - SiteName": a short suffix */
        free(head), free(tail), free(head1), free(tail1);
        if (pick) return pick;
    }
    return ak_strdup(title);
}

static char *choose_title(const meta *m, const char *host)
{
    const char *site = m->og_site ? m->og_site : m->ld_publisher;
    const char *h1 = m->h1_count >= 1 && m->h1_count <= 2 ? m->h1 : NULL;
    /* The <h1> wins when another source confirms it. */
    if (h1 && (eq_fold(h1, m->og_title) || eq_fold(h1, m->ld_headline) || eq_fold(h1, m->tw_title)))
        return ak_strdup(h1);
    const char *cands[] = {m->ld_headline, m->og_title, m->tw_title, m->title_tag};
    for (int i = 0; i < 4; i++) {
        if (!cands[i]) continue;
        char *t = strip_site(cands[i], site, host, h1);
        if (h1 && (eq_fold(t, h1) || (strstr(t, h1) && chars(h1) > 10))) {
            free(t);
            return ak_strdup(h1);
        }
        if (t && chars(t) > 3) return t;
        free(t);
    }
    return h1 ? ak_strdup(h1) : NULL;
}

/* ---- author ---------------------------------------------------------------- */

static bool outlet_name(const char *a, const meta *m, const char *host)
{
    static const char *const generic[] = {
        "rédaction", "redaction", "la rédaction", "التحرير", "هيئة التحرير", "وكالات", "وكالة",
        "agence", "agences", "map", "afp", "reuters", "ap", "و.م.ع", "ومع", "admin", "administrator",
        "editor", "staff", "webmaster", "desk", "newsroom", "الموقع", NULL};
    char *c = ak_text_clean(a);
    bool out = false;
    for (int i = 0; generic[i] && !out; i++)
        out = strcasecmp(c, generic[i]) == 0 || (strncasecmp(c, generic[i], strlen(generic[i])) == 0 &&
                                                strlen(generic[i]) > 4);
    const char *site = m->og_site ? m->og_site : m->ld_publisher;
    if (!out && site) out = strcasestr(c, site) != NULL || strcasestr(site, c) != NULL;
    if (!out && host) {
        const char *h = strncmp(host, "www.", 4) == 0 ? host + 4 : host;
        char label[64];
        size_t k = 0;
        while (h[k] && h[k] != '.' && k < sizeof label - 1) label[k] = h[k], k++;
        label[k] = '\0';
        out = k > 2 && strcasestr(c, label) != NULL;
    }
    free(c);
    return out;
}

static char *clean_author(const char *a)
{
    if (!a) return NULL;
    char *c = ak_text_clean(a);
    const char *p = c;
    for (int again = 1; again;) {
        again = 0;
        for (int i = 0; byline_prefixes[i]; i++) {
            size_t n = strlen(byline_prefixes[i]);
            if (strncasecmp(p, byline_prefixes[i], n) == 0) {
                p += n;
                again = 1;
            }
        }
        while (*p == ':' || *p == ' ' || *p == '-' || *p == '|') p++, again = again || 0;
    }
    /* Cut at a separator that starts a date, place or outlet. */
    ak_buf b = {0};
    ak_buf_puts(&b, p);
    const char *cuts[] = {" | ", " - ", " – ", " — ", ",", "،", " le ", " في ", " من ", "\xE2\x80\x8F", NULL};
    for (int i = 0; cuts[i]; i++) {
        char *x = strstr(b.data ? b.data : "", cuts[i]);
        if (x && x != b.data) {
            *x = '\0';
            b.len = (size_t)(x - b.data);
        }
    }
    char *out = ak_text_clean(ak_buf_str(&b));
    ak_buf_free(&b);
    free(c);
    size_t n = chars(out);
    int words = 1;
    for (const char *q = out; *q; q++) words += *q == ' ';
    bool digits = false;
    for (const char *q = out; *q; q++) digits = digits || isdigit((unsigned char)*q);
    if (n < 3 || n > 60 || words > 6 || digits || strchr(out, '@') || strstr(out, "http")) {
        free(out);
        return NULL;
    }
    return out;
}

static char *choose_author(const meta *m, const char *host, const char *byline)
{
    const char *cands[] = {m->ld_author_org ? NULL : m->ld_author, m->author_el, m->author_meta,
                           m->article_author, byline};
    for (int i = 0; i < 5; i++) {
        if (!cands[i]) continue;
        char *a = clean_author(cands[i]);
        if (a && !outlet_name(a, m, host)) return a;
        free(a);
        /* An outlet or agency named by a strong source means "no author". */
        if (i == 0 && a) return NULL;
    }
    return NULL;
}

/* ---- dates ------------------------------------------------------------------ */

static bool parse_meta_date(const char *s, dt_result *r)
{
    return s && dt_parse(s, PX_DEFAULT_OFFSET, r);
}

/* A visible date line: short text in an element hinting at a date.  Pages
 * also print today's date in their top bar, so the line that counts is the
 * first one after the headline (<h1>) in document order, else the last one
 * before it. */
typedef struct vis_ctx {
    dt_result before, after;  /* candidates on each side of the <h1> */
    bool has_before, has_after;
    bool seen_h1;             /* the walk has passed the first <h1> */
} vis_ctx;

static bool vis_enter(xmlNode *n, void *ud)
{
    vis_ctx *v = ud;
    if (v->has_after || !is_el(n)) return false;
    if (tag_is(n, "script") || tag_is(n, "style") || tag_is(n, "head")) return false;
    if (tag_is(n, "h1")) {
        v->seen_h1 = true;
        return false;
    }
    hints h;
    get_hints(n, &h);
    bool datey = tag_is(n, "time") || has_sub(&h, "date") || has_sub(&h, "time") ||
                 has_sub(&h, "publish") || has_sub(&h, "posted") || has_sub(&h, "meta") ||
                 has_sub(&h, "byline") || has_sub(&h, "info") || has_sub(&h, "تاريخ");
    if (datey) {
        char *t = node_text(n);
        dt_result r;
        bool found = chars(t) < 120 && dt_parse(t, PX_DEFAULT_OFFSET, &r);
        free(t);
        if (found) {
            if (v->seen_h1) {
                v->after = r;
                v->has_after = true;
            } else {
                v->before = r;
                v->has_before = true;
            }
            return false;
        }
    }
    return true;
}

/* ---- language ------------------------------------------------------------- */

static char *guess_lang(const char *text, const meta *m)
{
    const char *decl = m->html_lang ? m->html_lang : m->og_locale ? m->og_locale : m->content_lang;
    size_t arabic = 0, latin = 0;
    int fr = 0, en = 0;
    size_t n = strlen(text);
    for (size_t i = 0; i < n && i < 20000;) {
        int cp;
        size_t l = ak_utf8_next(text + i, n - i, &cp);
        if (cp >= 0x600 && cp <= 0x6FF) arabic++;
        else if (isalpha(cp) || (cp >= 0xC0 && cp <= 0x24F)) latin++;
        i += l;
    }
    static const char *const frw[] = {" le ", " la ", " les ", " des ", " du ", " une ", " est ",
                                      " et ", " dans ", " pour ", " qui ", " sur ", " au ", NULL};
    static const char *const enw[] = {" the ", " and ", " of ", " to ", " is ", " that ", " for ",
                                      " with ", " was ", " on ", NULL};
    for (int i = 0; frw[i]; i++)
        for (const char *p = strstr(text, frw[i]); p && p - text < 20000; p = strstr(p + 1, frw[i])) fr++;
    for (int i = 0; enw[i]; i++)
        for (const char *p = strstr(text, enw[i]); p && p - text < 20000; p = strstr(p + 1, enw[i])) en++;
    const char *detected = NULL;
    if (arabic + latin >= 20) detected = arabic > latin ? "ar" : fr > en ? "fr" : en > fr ? "en" : NULL;
    if (decl && *decl) {
        char code[3] = {(char)tolower((unsigned char)decl[0]), (char)tolower((unsigned char)decl[1]), 0};
        /* A template's lang="en" on an Arabic page is a common leftover. */
        if (!detected || strcmp(code, detected) == 0 || !isalpha((unsigned char)code[1]))
            return isalpha((unsigned char)code[0]) && isalpha((unsigned char)code[1]) ? ak_strdup(code)
                                                                                    : ak_strdup(detected);
    }
    return detected ? ak_strdup(detected) : NULL;
}

/* ---- main ----------------------------------------------------------------- */

static bool looks_binary(const char *d, size_t n)
{
    if (n >= 4 && (memcmp(d, "%PDF", 4) == 0 || memcmp(d, "\x89PNG", 4) == 0 ||
                   memcmp(d, "GIF8", 4) == 0 || memcmp(d, "\xFF\xD8\xFF", 3) == 0 ||
                   memcmp(d, "PK\x03\x04", 4) == 0 || memcmp(d, "\x1F\x8B", 2) == 0))
        return true;
    size_t zeros = 0, lim = n < 1024 ? n : 1024;
    for (size_t i = 0; i < lim; i++) zeros += d[i] == 0;
    return zeros > lim / 8 && !(n >= 2 && ((unsigned char)d[0] == 0xFF || (unsigned char)d[0] == 0xFE));
}

static bool ctype_not_html(const char *ct)
{
    if (!ct || !*ct) return false;
    return !(strcasestr(ct, "html") || strcasestr(ct, "xml") || strcasestr(ct, "text/plain") ||
             strcasestr(ct, "octet-stream"));
}

static void set_date(px_article *out, const dt_result *r, const char *from)
{
    out->published_from = from;
    out->published = r->t;
    out->published_off = r->has_zone ? r->off_min : PX_DEFAULT_OFFSET;
    out->published_has_time = r->has_time;
}

int px_extract(const char *data, size_t len, const char *url, const char *content_type,
               size_t max_bytes, px_article *out)
{
    memset(out, 0, sizeof *out);
    out->published = out->modified = AK_TIME_NONE;
    out->status = "no-article";
    if (!max_bytes) max_bytes = 32u << 20;
    if (len > max_bytes) {
        out->status = "too-large";
        out->body = ak_strdup("");
        return 1;
    }
    if (ctype_not_html(content_type) || looks_binary(data, len)) {
        out->status = "not-html";
        out->body = ak_strdup("");
        return 1;
    }
    size_t ulen;
    char *utf8 = pc_to_utf8(data, len, content_type, PC_HTML, &ulen, &out->charset);
    htmlDocPtr doc = htmlReadMemory(utf8, (int)ulen, url, "UTF-8",
                                    HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                                        HTML_PARSE_NONET | HTML_PARSE_COMPACT);
    free(utf8);
    xmlNode *root = doc ? xmlDocGetRootElement(doc) : NULL;
    if (!root) {
        if (doc) xmlFreeDoc(doc);
        out->body = ak_strdup("");
        return 1;
    }
    char *host = ak_url_host(url);

    /* 1. metadata */
    meta m;
    memset(&m, 0, sizeof m);
    meta_ctx mc = {&m};
    walk(root, meta_enter, NULL, &mc);

    /* 2. cleaning (visible date first: date lines are chrome to the body) */
    xmlNode *body = root;
    for (xmlNode *c = root->children; c; c = c->next)
        if (tag_is(c, "body")) body = c;
    vis_ctx vc;
    memset(&vc, 0, sizeof vc);
    walk(body, vis_enter, NULL, &vc);
    clean_ctx cc = {0};
    {
        char *all = node_text(body);
        cc.total = chars(all);
        free(all);
    }
    walk(body, clean_enter, NULL, &cc);
    /* Byline from the chrome before it goes. */
    char *byline = NULL;
    for (size_t i = 0; i < cc.n && !byline; i++) {
        hints h;
        get_hints(cc.kill[i], &h);
        if (is_el(cc.kill[i]) && (has_token(&h, "author") || has_sub(&h, "byline") ||
                                  has_sub(&h, "auteur") || has_sub(&h, "writer"))) {
            char *t = node_text(cc.kill[i]);
            if (chars(t) > 2 && chars(t) < 80) byline = t;
            else free(t);
        }
    }
    for (size_t i = 0; i < cc.n; i++) {
        xmlUnlinkNode(cc.kill[i]);
        xmlFreeNode(cc.kill[i]);
    }
    free(cc.kill);

    /* 3. segmentation */
    seg_ctx sg = {0};
    walk(body, seg_enter, seg_leave, &sg);
    flush(&sg);
    ak_buf_free(&sg.run);

    /* 4. scoring */
    cands cs = {0};
    for (size_t i = 0; i < sg.n; i++) {
        block *b = &sg.b[i];
        if (!b->owner || b->len < 25 || b->heading) continue;
        double s = 1 + b->punct + fmin(b->len / 100.0, 3.0);
        s *= 1.0 - (double)b->link_len / b->len;
        /* A <p> votes for its container; a text run for its own element. */
        xmlNode *start = tag_is(b->owner, "p") || b->item || tag_is(b->owner, "td") ||
                                 tag_is(b->owner, "pre") || tag_is(b->owner, "blockquote")
                             ? b->owner->parent
                             : b->owner;
        if (b->item && start) start = start->parent; /* li -> ul -> container */
        double div[] = {1, 2, 3};
        xmlNode *a = start;
        for (int lvl = 0; lvl < 3 && a && is_el(a); lvl++, a = a->parent) {
            if (tag_is(a, "html")) break;
            cand_get(&cs, a)->score += s / div[lvl];
        }
    }
    cand *top = NULL;
    for (size_t i = 0; i < cs.n; i++) {
        cand *c = &cs.c[i];
        int t, l;
        subtree_text(&sg, c->node, &t, &l);
        double ld = t ? (double)l / t : 0;
        c->score = c->score * (1 - ld) + 25 * class_weight(c->node);
        if (tag_is(c->node, "article")) c->score += 10;
        if (!top || c->score > top->score) top = c;
    }

    /* Container set: the top candidate and its worthy siblings. */
    xmlNode *picked[256];
    size_t npicked = 0;
    if (top) {
        xmlNode *tn = top->node;
        double thr = fmax(10, top->score * 0.2);
        xmlNode *parent = tn->parent;
        for (xmlNode *sib = parent ? parent->children : tn; sib && npicked < 256; sib = sib->next) {
            if (!is_el(sib)) continue;
            bool take = sib == tn;
            if (!take && sib->_private && cs.c[(intptr_t)sib->_private - 1].score >= thr) take = true;
            if (!take && tag_is(sib, "p")) {
                int t, l;
                subtree_text(&sg, sib, &t, &l);
                char *txt = node_text(sib);
                if (t > 80 && l < t / 4) take = true;
                else if (t > 0 && t <= 80 && l == 0 && punct(txt) > 0) take = true;
                free(txt);
            }
            if (take) picked[npicked++] = sib;
            if (!parent) break;
        }
    }

    /* 5. emission */
    char *title = choose_title(&m, host);
    ak_buf bodyb = {0};
    size_t kept = 0;
    for (size_t i = 0; i < sg.n; i++) {
        block *b = &sg.b[i];
        bool inside = false;
        for (size_t k = 0; k < npicked && !inside; k++) inside = is_inside(b->owner, picked[k]);
        if (!inside) continue;
        if (b->len < 2) continue;
        if (b->link_len * 2 > b->len) continue;                 /* link lists, prev/next */
        if (starts_with_any(b->text, boiler_prefixes)) continue; /* read-also, share, tags */
        if (b->len < 80 && starts_with_any(b->text, byline_prefixes)) {
            if (!byline) byline = ak_strdup(b->text);
            continue;
        }
        if (title && eq_fold(b->text, title)) continue;
        if (tag_is(b->owner, "h1")) continue;
        dt_result r;
        if (b->len < 60 && b->punct <= 2 && dt_parse(b->text, PX_DEFAULT_OFFSET, &r)) continue;
        b->keep = true;
    }
    /* Headings only when a kept paragraph follows them. */
    for (size_t i = 0; i < sg.n; i++) {
        block *b = &sg.b[i];
        if (!b->keep || !b->heading) continue;
        bool follows = false;
        for (size_t j = i + 1; j < sg.n && !follows; j++) {
            if (!sg.b[j].keep) continue;
            follows = !sg.b[j].heading;
            break;
        }
        if (!follows) b->keep = false;
    }
    const char *prev = NULL;
    for (size_t i = 0; i < sg.n; i++) {
        block *b = &sg.b[i];
        if (!b->keep) continue;
        if (prev && strcmp(prev, b->text) == 0) continue;
        if (bodyb.len) ak_buf_puts(&bodyb, "\n\n");
        ak_buf_puts(&bodyb, b->text);
        prev = b->text;
        kept++;
    }
    /* JSON-LD articleBody when the DOM gave (almost) nothing. */
    if (chars(ak_buf_str(&bodyb)) < 80 && m.ld_body && chars(m.ld_body) > 200) {
        ak_buf_clear(&bodyb);
        ak_buf_puts(&bodyb, m.ld_body);
        kept = 1;
    }
    out->paragraphs = kept;
    out->body = ak_buf_steal(&bodyb);
    out->title = title;
    out->status = chars(out->body) >= 80 || (kept >= 1 && chars(out->body) >= 40) ? "ok" : "no-article";
    if (strcmp(out->status, "ok") != 0) {
        free(out->body);
        out->body = ak_strdup("");
        out->paragraphs = 0;
    }

    /* dates */
    dt_result r;
    if (parse_meta_date(m.ld_published, &r)) set_date(out, &r, "json-ld");
    else if (parse_meta_date(m.pub_meta, &r)) set_date(out, &r, "meta");
    else if (parse_meta_date(m.pub_itemprop, &r)) set_date(out, &r, "microdata");
    else if (parse_meta_date(m.time_dt, &r)) set_date(out, &r, "time");
    else if (vc.has_after) set_date(out, &vc.after, "text");
    else if (vc.has_before) set_date(out, &vc.before, "text");
    if (parse_meta_date(m.ld_modified, &r) || parse_meta_date(m.mod_meta, &r)) {
        out->modified = r.t;
        out->modified_off = r.has_zone ? r.off_min : PX_DEFAULT_OFFSET;
    }

    out->author = choose_author(&m, host, byline);
    out->lang = guess_lang(out->body[0] ? out->body : title ? title : "", &m);
    const char *canon = m.canonical ? m.canonical : m.og_url;
    out->canonical_url = canon ? ak_url_resolve(url, canon) : NULL;
    out->site_name = ak_strdup(m.og_site ? m.og_site : m.ld_publisher);
    out->description = ak_strdup(m.og_desc ? m.og_desc : m.desc);
    const char *img = m.og_image ? m.og_image : m.ld_image;
    out->image = img ? ak_url_resolve(url, img) : NULL;

    for (size_t i = 0; i < sg.n; i++) free(sg.b[i].text);
    free(sg.b);
    free(cs.c);
    free(byline);
    free(host);
    meta_free(&m);
    xmlFreeDoc(doc);
    return strcmp(out->status, "ok") == 0 ? 0 : 1;
}

void px_free(px_article *a)
{
    free(a->title);
    free(a->body);
    free(a->author);
    free(a->lang);
    free(a->canonical_url);
    free(a->site_name);
    free(a->description);
    free(a->image);
    memset(a, 0, sizeof *a);
}
