/* extract.c -- article extraction over the libxml2 HTML DOM (see extract.h).
 *
 * Passes, each a non-recursive walk (pages can nest 100,000 deep):
 *  1. scan: every element gets a slot in a side table (text and link
 *     lengths of its subtree, class hints, flags); metadata is read on the
 *     way (<meta>, <link rel=canonical>, JSON-LD, <title>, <h1>);
 *  2. title: JSON-LD headline, og:title, <h1> and <title> agree on one,
 *     without the site's name; the headline element is the anchor for the
 *     date and byline search;
 *  3. cleaning: scripts, styles, hidden nodes, site chrome (by tag, ARIA
 *     role and class/id words), embedded posts and link clusters inside
 *     running text are marked dead; the DOM itself is left whole for the
 *     metadata searches that follow;
 *  4. segmentation: the live DOM becomes a list of text blocks (paragraphs,
 *     headings, list items, data-table rows, <br><br>-separated runs) with
 *     length, link text and punctuation;
 *  5. scoring: blocks vote for their ancestors (Readability-style), weighted
 *     by class hints and link density; the best container, its worthy
 *     siblings (not a standfirst, not a "related" box) and containers of
 *     the same kind are the article;
 *  6. emission: the article's blocks minus boilerplate (read-also inserts,
 *     prev/next links, bylines, date, "updated" and relative-time lines,
 *     calls to follow or subscribe, credits, counters, pull quotes that
 *     repeat the text, unpunctuated promo lines at the end);
 *  7. date and author: metadata and the visible lines next to the headline
 *     are weighed against each other (see choose_date).
 *
 * Class and id words are matched with one Aho-Corasick automaton built on
 * first use, so a page costs one pass over each attribute, not one strstr
 * per word.
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
#include <libxml/xpath.h>
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
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
 * node's children; leave (may be NULL) is called for every node entered,
 * skipped or not. */
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

/* The node after n in document order, skipping n's children when
 * skip_children; NULL at the end. */
static xmlNode *next_node(xmlNode *n, bool skip_children)
{
    if (!skip_children && n->children) return n->children;
    while (n) {
        if (n->next) return n->next;
        n = n->parent;
    }
    return NULL;
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
    const char *name = (const char *)n->name;
    for (int i = 0; tags[i]; i++)
        if (name[0] == tags[i][0] && strcmp(name, tags[i]) == 0) return true;
    return false;
}

static bool heading(const xmlNode *n)
{
    return is_el(n) && n->name[0] == 'h' && n->name[1] >= '1' && n->name[1] <= '6' && !n->name[2];
}

/* Collapsed text of a subtree (scripts and styles left out). */
typedef struct text_ctx {
    ak_buf raw;  /* text gathered so far, not yet collapsed */
    size_t cap;  /* stop descending once raw holds more than this */
} text_ctx;

static bool text_enter(xmlNode *n, void *ud)
{
    text_ctx *t = ud;
    if (t->raw.len > t->cap) return false;
    if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
        if (n->content) ak_buf_puts(&t->raw, (const char *)n->content);
    } else if (tag_is(n, "br") || block_tag(n)) {
        ak_buf_putc(&t->raw, ' ');
    }
    return !tag_is(n, "script") && !tag_is(n, "style");
}

/* At most about cap bytes of the subtree's text are read. */
static char *node_text_max(xmlNode *n, size_t cap)
{
    text_ctx t = {{0}, cap};
    walk(n, text_enter, NULL, &t);
    ak_buf out = {0};
    ak_text_collapse(&out, ak_buf_str(&t.raw), t.raw.len);
    ak_buf_free(&t.raw);
    return ak_buf_steal(&out);
}

static char *node_text(xmlNode *n) { return node_text_max(n, SIZE_MAX / 2); }

/* ---- text helpers ------------------------------------------------------- */

static size_t chars(const char *s) { return s ? ak_utf8_count(s, strlen(s)) : 0; }

/* Length in characters as a reader counts them: code points, with each
 * run of ASCII white space counted once. */
static int tlen(const char *s)
{
    int n = 0;
    bool sp = true;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == ' ' || *p == '\n' || *p == '\t' || *p == '\r' || *p == '\f') {
            if (!sp) n++;
            sp = true;
        } else {
            if ((*p & 0xC0) != 0x80) n++;
            sp = false;
        }
    }
    return n;
}

/* CJK full stop and comma, full-width ! , . ? ; and the Devanagari danda. */
static bool wide_punct(const unsigned char *p, bool *end)
{
    if (p[0] == 0xE3 && p[1] == 0x80 && (p[2] == 0x82 || p[2] == 0x81)) {
        *end = p[2] == 0x82;
        return true;
    }
    if (p[0] == 0xEF && p[1] == 0xBC && (p[2] == 0x81 || p[2] == 0x8C || p[2] == 0x8E ||
                                         p[2] == 0x9F || p[2] == 0x9B)) {
        *end = p[2] == 0x81 || p[2] == 0x8E || p[2] == 0x9F;
        return true;
    }
    if (p[0] == 0xE0 && p[1] == 0xA5 && p[2] == 0xA4) {
        *end = true;
        return true;
    }
    return false;
}

/* Counts clause punctuation: , ، ؛ and sentence ends . ! ? ؟ 。 */
static int punct(const char *s)
{
    int n = 0;
    bool end;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == ',' || *p == '.' || *p == '!' || *p == '?' || *p == ';') n++;
        else if (p[0] == 0xD8 && (p[1] == 0x8C || p[1] == 0x9B || p[1] == 0x9F)) n++; /* ، ؛ ؟ */
        else if (*p >= 0xE0 && wide_punct(p, &end)) n++;
    }
    return n;
}

/* Sentence ends only: . ! ? ؟ 。 and their full-width forms. */
static int sentence_ends(const char *s)
{
    int n = 0;
    bool end;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '.' || *p == '!' || *p == '?') n++;
        else if (p[0] == 0xD8 && p[1] == 0x9F) n++;
        else if (*p >= 0xE0 && wide_punct(p, &end) && end) n++;
    }
    return n;
}

/* Folds s into buf for prefix and phrase matching: ASCII lower case,
 * French accents removed, Arabic alef forms to bare alef, taa marbuta to
 * haa, alef maqsura to yaa, tatweel and harakat dropped, punctuation to
 * spaces, white space collapsed.  At most cap - 1 bytes. */
/* Decodes one code point of a NUL-terminated string (U+FFFD and one byte
 * for an invalid sequence); returns its length. */
static int next_cp(const unsigned char *p, int *cp)
{
    if (p[0] < 0x80) {
        *cp = p[0];
        return 1;
    }
    if ((p[0] & 0xE0) == 0xC0 && (p[1] & 0xC0) == 0x80) {
        *cp = ((p[0] & 0x1F) << 6) | (p[1] & 0x3F);
        return 2;
    }
    if ((p[0] & 0xF0) == 0xE0 && (p[1] & 0xC0) == 0x80 && (p[2] & 0xC0) == 0x80) {
        *cp = ((p[0] & 0x0F) << 12) | ((p[1] & 0x3F) << 6) | (p[2] & 0x3F);
        return 3;
    }
    if ((p[0] & 0xF8) == 0xF0 && (p[1] & 0xC0) == 0x80 && (p[2] & 0xC0) == 0x80 && (p[3] & 0xC0) == 0x80) {
        *cp = ((p[0] & 0x07) << 18) | ((p[1] & 0x3F) << 12) | ((p[2] & 0x3F) << 6) | (p[3] & 0x3F);
        return 4;
    }
    *cp = 0xFFFD;
    return 1;
}

static void fold_text(const char *s, char *buf, size_t cap)
{
    size_t o = 0;
    bool sp = true;
    const unsigned char *u = (const unsigned char *)s;
    for (size_t i = 0; u[i] && o + 4 < cap;) {
        int cp;
        i += (size_t)next_cp(u + i, &cp);
        if (cp == 0x623 || cp == 0x625 || cp == 0x622 || cp == 0x671) cp = 0x627;
        else if (cp == 0x629) cp = 0x647;
        else if (cp == 0x649) cp = 0x64A;
        else if (cp == 0x640 || (cp >= 0x64B && cp <= 0x652) || cp == 0x670 || cp == 0x200F ||
                 cp == 0x200E || cp == 0x200B)
            continue;
        else if (cp >= 0xE0 && cp <= 0xE5) cp = 'a';
        else if (cp == 0xE7) cp = 'c';
        else if (cp >= 0xE8 && cp <= 0xEB) cp = 'e';
        else if (cp >= 0xEC && cp <= 0xEF) cp = 'i';
        else if (cp >= 0xF2 && cp <= 0xF6) cp = 'o';
        else if (cp >= 0xF9 && cp <= 0xFC) cp = 'u';
        else if (cp >= 0xC0 && cp <= 0xDD) {
            static const char up[] = "aaaaaaaceeeeiiiidnooooo ouuuuy";
            cp = up[cp - 0xC0];
        } else if (cp == 0x2019 || cp == 0x2018 || cp == 0x60C || cp == 0x61B || cp == 0x61F ||
                   cp == 0xAB || cp == 0xBB || cp == 0x2013 || cp == 0x2014 || cp == 0xA0 ||
                   cp == 0x2026)
            cp = ' ';
        if (cp < 0x80) {
            char c = (char)tolower(cp);
            if (!isalnum((unsigned char)c)) c = ' ';
            if (c == ' ') {
                if (sp) continue;
                sp = true;
            } else {
                sp = false;
            }
            buf[o++] = c;
        } else {
            sp = false;
            if (cp < 0x800) {
                buf[o++] = (char)(0xC0 | (cp >> 6));
                buf[o++] = (char)(0x80 | (cp & 0x3F));
            } else {
                buf[o++] = (char)(0xE0 | ((cp >> 12) & 0x0F));
                buf[o++] = (char)(0x80 | ((cp >> 6) & 0x3F));
                buf[o++] = (char)(0x80 | (cp & 0x3F));
            }
        }
    }
    while (o && buf[o - 1] == ' ') o--;
    buf[o] = '\0';
}

/* Folds s for the matchers below: " folded text " (padded with a space
 * each side) in buf. */
static void fold_padded(const char *s, char *buf, size_t cap)
{
    buf[0] = ' ';
    fold_text(s, buf + 1, cap - 2);
    size_t l = strlen(buf);
    buf[l] = ' ';
    buf[l + 1] = '\0';
}

/* The padded folded text starts with one of the folded prefixes, as whole
 * words. */
static bool starts_folded(const char *pf, const char *const *prefixes)
{
    const char *f = pf + 1;
    for (int i = 0; prefixes[i]; i++) {
        size_t n = strlen(prefixes[i]);
        if (strncmp(f, prefixes[i], n) == 0 && f[n] == ' ') return true;
    }
    return false;
}

static bool starts_with_any(const char *s, const char *const *prefixes)
{
    char buf[96]; /* longer than any prefix */
    fold_padded(s, buf, sizeof buf);
    return starts_folded(buf, prefixes);
}

/* The padded folded text contains one of the folded phrases, as whole
 * words (a phrase of several words may start inside a word: "vousSuivez"). */
static bool contains_folded(const char *pf, const char *const *phrases)
{
    for (int i = 0; phrases[i]; i++) {
        const char *p = strstr(pf, phrases[i]);
        size_t n = strlen(phrases[i]);
        bool multi = strchr(phrases[i], ' ') != NULL;
        for (; p; p = strstr(p + 1, phrases[i]))
            if ((multi || p[-1] == ' ') && p[n] == ' ') return true;
    }
    return false;
}

/* Boilerplate lines (folded: see fold_text). */
static const char *const boiler_prefixes[] = {
    "اقرا ايضا", "اقرا كذلك", "اقرا المزيد", "اقرا اكثر", "اقرا ايضًا", "اقرا", "المقال السابق",
    "المقال التالي", "الخبر السابق", "الخبر التالي", "الموضوع السابق", "الموضوع التالي",
    "مقالات ذات صله", "اخبار ذات صله", "مواضيع ذات صله", "مقالات مشابهه", "مقالات متعلقه",
    "الاكثر قراءه", "الاكثر مشاهده", "الاكثر تداولا", "تابعونا", "شارك المقال",
    "شارك هذا", "شاركوا", "للمزيد من", "اشترك في", "اشترك الان", "كلمات مفتاحيه",
    "الوسوم", "وسوم", "التعليقات", "اضف تعليق", "اترك تعليقا", "لا توجد تعليقات", "اعلان",
    "شاهد ايضا", "طالع ايضا", "يهمك ايضا", "قد يهمك", "اقرا التفاصيل",
    "lire aussi", "a lire aussi", "a lire", "lire la suite", "voir aussi", "sur le meme sujet",
    "articles similaires", "articles lies", "dans la meme rubrique", "partager", "partagez",
    "suivez nous", "abonnez vous", "inscrivez vous", "newsletter", "publicite", "commentaires",
    "laisser un commentaire", "mots cles", "tags", "read also", "read more", "see also",
    "related", "share this", "share on", "follow us", "advertisement", "sponsored", "subscribe",
    "sign up", "comments", "leave a comment", "previous article", "next article",
    "previous post", "next post", "article precedent", "article suivant", "also read",
    "recommended", "more from", "more on this", "you may also like", "you might also like",
    "click here", "cliquez ici", "advert", "this slideshow requires javascript",
    "please enable javascript", "javascript is disabled", "activez javascript", NULL};

/* Caption and credit lines: boilerplate when short. */
static const char *const credit_prefixes[] = {
    "photo", "photos", "credit photo", "credit", "credits", "illustration", "الصوره", "صوره",
    "مصدر الصوره", "المصدر", "تصوير", "source", "image", "video", "فيديو", NULL};

/* Calls to act: a short line containing one of these is not article text. */
static const char *const cta_phrases[] = {
    "suivez la chaine", "suivez nous", "suivez notre", "rejoignez nous", "abonnez vous",
    "inscrivez vous", "telechargez l application", "follow us", "follow her on",
    "follow him on", "follow me on", "download our app", "tabonnez", "تابعونا", "تابعوا قناه",
    "تابعوا صفحه", "تابع قناه", "تابعوا حساب", "اشتركوا في", "انضموا الي", "حملوا تطبيق",
    "حمل تطبيق", "للتوصل باخر", "if you enjoyed this article", "si vous avez aime cet article",
    "اذا اعجبك هذا المقال", NULL};

/* Weaker ones, which news text can also say ("Morocco did not subscribe to
 * the declaration"): only in a line that links somewhere or ends the
 * article. */
static const char *const cta_weak[] = {
    "subscribe to", "sign up for", "sign up to", "join our", "download the app",
    "click here for more", "cliquez ici pour", "اشترك في", "انضم الي", "اضغط هنا", NULL};

/* "Follow ..." at the start of a short line that links somewhere. */
static const char *const follow_words[] = {"follow", "suivez", "retrouvez", "تابعوا", "تابع",
                                           "تابعونا", NULL};

/* "Updated"/"modified" line prefixes: such a line is not the published date
 * and not body text. */
static const char *const modified_prefixes[] = {
    "modifie", "modifie le", "mis a jour", "mise a jour", "maj", "updated", "last updated",
    "update", "اخر تحديث", "تحديث", "تم التحديث", "محدث", "عدل", "تعديل", NULL};

static const char *const byline_prefixes[] = {
    "بقلم", "كتب", "كتبه", "كتبت", "بواسطه", "اعداد", "حرر", "تحرير", "تقرير", "متابعه",
    "par", "by", "auteur", "ecrit par", "publie par", "redige par", "posted by", "written by",
    "author", "reporter", NULL};

/* ---- class / id hints ----------------------------------------------------- */

enum {
    H_NEG = 1 << 0,        /* site chrome */
    H_POS = 1 << 1,        /* article text */
    H_AUTHOR = 1 << 2,     /* byline, author name */
    H_DATE = 1 << 3,       /* date or time line */
    H_COMMENT = 1 << 4,    /* reader comments */
    H_STANDFIRST = 1 << 5, /* lead / standfirst / chapô */
    H_LOGO = 1 << 6,       /* the site's name or logo */
    H_STRONGNEG = 1 << 7,  /* chrome even on a paragraph */
};

/* Patterns over the normalised class+id string (lower-case letters and
 * digits, every other run of ASCII replaced by one space, padded with a
 * space each side).  A pattern with spaces at both ends matches a whole
 * word; " post nav" matches words starting so; "comment" matches anywhere. */
static const struct { const char *pat; int bits; } hint_pats[] = {
    /* chrome, anywhere in a word */
    {"comment", H_NEG | H_COMMENT | H_STRONGNEG}, {"disqus", H_NEG | H_COMMENT},
    {"respond", H_NEG | H_COMMENT}, {"share", H_NEG | H_STRONGNEG}, {"sharing", H_NEG},
    {"social", H_NEG | H_STRONGNEG}, {"related", H_NEG | H_STRONGNEG},
    {"breadcrumb", H_NEG}, {"newsletter", H_NEG | H_STRONGNEG}, {"sidebar", H_NEG},
    {"widget", H_NEG}, {"footer", H_NEG}, {"cookie", H_NEG | H_STRONGNEG},
    {"consent", H_NEG | H_STRONGNEG}, {"popup", H_NEG}, {"subscribe", H_NEG | H_STRONGNEG},
    {"promo", H_NEG | H_STRONGNEG}, {"pagination", H_NEG}, {"navigation", H_NEG},
    {"navbar", H_NEG}, {"menu", H_NEG}, {"advert", H_NEG | H_STRONGNEG},
    {"sponsor", H_NEG | H_STRONGNEG}, {"caption", H_NEG | H_STRONGNEG},
    {"byline", H_NEG | H_AUTHOR | H_DATE}, {"authorbox", H_NEG}, {"nextprev", H_NEG},
    {"prevnext", H_NEG}, {"readmore", H_NEG}, {"mostread", H_NEG}, {"popular", H_NEG},
    {"trending", H_NEG}, {"tagcloud", H_NEG}, {"outbrain", H_NEG | H_STRONGNEG},
    {"taboola", H_NEG | H_STRONGNEG}, {"recommend", H_NEG}, {"signup", H_NEG},
    {"masthead", H_NEG}, {"toolbar", H_NEG}, {"modal", H_NEG}, {"overlay", H_NEG},
    {"lightbox", H_NEG}, {"banner", H_NEG}, {"yarpp", H_NEG}, {"pullquote", H_NEG | H_STRONGNEG},
    {"pull quote", H_NEG | H_STRONGNEG}, {"screen reader", H_NEG}, {"visually hidden", H_NEG},
    {"sr only", H_NEG}, {"skip", H_NEG}, {" print ", H_NEG}, {"rating", H_NEG},
    {"author bio", H_NEG}, {"author box", H_NEG}, {"about author", H_NEG}, {" post nav", H_NEG},
    {"next prev", H_NEG}, {"prev next", H_NEG}, {"read more", H_NEG},
    {"read also", H_NEG | H_STRONGNEG}, {"also read", H_NEG | H_STRONGNEG},
    {"readalso", H_NEG | H_STRONGNEG}, {"lire aussi", H_NEG | H_STRONGNEG},
    {"lireaussi", H_NEG | H_STRONGNEG}, {"most read", H_NEG}, {"more news", H_NEG},
    {"more stories", H_NEG}, {"tags", H_NEG}, {"counter", H_NEG}, {"login", H_NEG},
    {"search", H_NEG}, {"entry meta", H_NEG | H_DATE}, {"post meta", H_NEG | H_DATE},
    {"article meta", H_NEG | H_DATE}, {"meta info", H_NEG | H_DATE}, {"dropdown", H_NEG},
    {"adsbygoogle", H_NEG | H_STRONGNEG}, {"gpt ad", H_NEG | H_STRONGNEG},
    {"twitter", H_NEG | H_STRONGNEG}, {"tweet", H_NEG | H_STRONGNEG},
    {"instagram", H_NEG | H_STRONGNEG}, {"tiktok", H_NEG | H_STRONGNEG},
    {"facebook", H_NEG | H_STRONGNEG}, {"whatsapp", H_NEG | H_STRONGNEG},
    {"telegram", H_NEG | H_STRONGNEG}, {"copyright", H_NEG | H_STRONGNEG},
    /* chrome, whole words */
    {" ad ", H_NEG | H_STRONGNEG}, {" ads ", H_NEG | H_STRONGNEG}, {" adv ", H_NEG},
    {" pub ", H_NEG | H_STRONGNEG}, {" nav ", H_NEG}, {" meta ", H_NEG | H_DATE},
    {" header ", H_NEG}, {" hidden ", H_NEG}, {" hide ", H_NEG}, {" date ", H_NEG | H_DATE},
    {" time ", H_NEG | H_DATE}, {" author ", H_NEG | H_AUTHOR}, {" credit ", H_NEG | H_STRONGNEG},
    {" credits ", H_NEG | H_STRONGNEG}, {" aside ", H_NEG}, {" gallery ", H_NEG},
    {" video ", H_NEG}, {" prev ", H_NEG}, {" next ", H_NEG}, {" previous ", H_NEG},
    {" follow ", H_NEG}, {" icons ", H_NEG}, {" icon ", H_NEG}, {" btn ", H_NEG},
    {" button ", H_NEG}, {" logo ", H_NEG | H_LOGO}, {" sponsored ", H_NEG},
    {" infos ", H_NEG}, {" foot ", H_NEG}, {" topbar ", H_NEG}, {" bottom ", H_NEG},
    {" bread ", H_NEG}, {" tools ", H_NEG},
    /* standfirst (chapô) */
    {" chapo ", H_STANDFIRST}, {" chapeau ", H_STANDFIRST}, {" standfirst ", H_STANDFIRST},
    {" dek ", H_STANDFIRST}, {" deck ", H_STANDFIRST},
    /* the site's own name */
    {"site title", H_LOGO | H_NEG}, {"site name", H_LOGO | H_NEG}, {"sitename", H_LOGO | H_NEG},
    {"site logo", H_LOGO | H_NEG}, {"sitetitle", H_LOGO | H_NEG}, {" brand", H_LOGO | H_NEG},
    /* authors and dates */
    {"author", H_AUTHOR}, {"auteur", H_AUTHOR}, {"writer", H_AUTHOR}, {"reporter", H_AUTHOR},
    {"journalist", H_AUTHOR}, {"signature", H_AUTHOR}, {" by ", H_AUTHOR},
    {"date", H_DATE}, {"time", H_DATE}, {"publish", H_DATE}, {"posted", H_DATE},
    {"updated", H_DATE}, {" info", H_DATE},
    /* article text */
    {"article", H_POS}, {"content", H_POS}, {"contenu", H_POS}, {" entry ", H_POS},
    {"entry content", H_POS}, {"post body", H_POS}, {"postbody", H_POS}, {"story", H_POS},
    {" main ", H_POS}, {" body ", H_POS}, {"articlebody", H_POS},
    {"article body", H_POS}, {"post content", H_POS}, {"postcontent", H_POS},
    {" single ", H_POS}, {"news details", H_POS}, {" detail ", H_POS}, {" details ", H_POS},
    {"the content", H_POS}, {" corps ", H_POS}, {"post text", H_POS}, {"article text", H_POS},
    {"entry text", H_POS}, {"story body", H_POS}, {"prose", H_POS},
};

#define AC_SYMS 38 /* a-z, 0-9, space, any byte >= 0x80 */
#define AC_MAX 1400

typedef struct ac_machine {
    short go[AC_MAX][AC_SYMS]; /* goto function (complete after build) */
    short fail[AC_MAX];        /* failure links */
    int out[AC_MAX];           /* bits of every pattern ending here */
    int n;                     /* states in use */
} ac_machine;

static ac_machine ac;
static pthread_once_t ac_once = PTHREAD_ONCE_INIT;

static int ac_sym(unsigned char c)
{
    if (c >= 'a' && c <= 'z') return c - 'a';
    if (c >= '0' && c <= '9') return 26 + c - '0';
    if (c >= 0x80) return 37;
    return 36;
}

static void ac_build(void)
{
    memset(&ac, -1, sizeof ac.go);
    ac.n = 1;
    ac.out[0] = 0;
    for (size_t i = 0; i < sizeof hint_pats / sizeof hint_pats[0]; i++) {
        int s = 0;
        for (const unsigned char *p = (const unsigned char *)hint_pats[i].pat; *p; p++) {
            int c = ac_sym(*p);
            if (ac.go[s][c] < 0) {
                if (ac.n >= AC_MAX) abort(); /* the table above outgrew AC_MAX */
                ac.out[ac.n] = 0;
                ac.go[s][c] = (short)ac.n++;
            }
            s = ac.go[s][c];
        }
        ac.out[s] |= hint_pats[i].bits;
    }
    /* breadth-first: failure links and the complete goto function */
    short queue[AC_MAX];
    int qh = 0, qt = 0;
    for (int c = 0; c < AC_SYMS; c++) {
        if (ac.go[0][c] < 0) ac.go[0][c] = 0;
        else {
            ac.fail[ac.go[0][c]] = 0;
            queue[qt++] = ac.go[0][c];
        }
    }
    while (qh < qt) {
        int s = queue[qh++];
        ac.out[s] |= ac.out[ac.fail[s]];
        for (int c = 0; c < AC_SYMS; c++) {
            int t = ac.go[s][c];
            if (t < 0) ac.go[s][c] = ac.go[ac.fail[s]][c];
            else {
                ac.fail[t] = ac.go[ac.fail[s]][c];
                queue[qt++] = (short)t;
            }
        }
    }
}

/* Runs the normalised form of s through the automaton from state s0;
 * returns the state reached and ORs matched bits into *bits. */
static int ac_feed(int st, const char *s, int *bits, bool *sp)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        unsigned char c = *p;
        if (c >= 'A' && c <= 'Z') c = (unsigned char)(c - 'A' + 'a');
        int sym = ac_sym(c);
        if (sym == 36) {
            if (*sp) continue;
            *sp = true;
        } else {
            *sp = false;
        }
        st = ac.go[st][sym];
        *bits |= ac.out[st];
    }
    return st;
}

static int hints_of(const xmlNode *n)
{
    const char *c = attr(n, "class"), *id = attr(n, "id");
    if ((!c || !*c) && (!id || !*id)) return 0;
    pthread_once(&ac_once, ac_build);
    int bits = 0;
    bool sp = false;
    int st = ac_feed(0, " ", &bits, &sp);
    if (c) st = ac_feed(st, c, &bits, &sp);
    if (id) st = ac_feed(st, " ", &bits, &sp), st = ac_feed(st, id, &bits, &sp);
    ac_feed(st, " ", &bits, &sp);
    return bits;
}

/* +1 positive, -1 chrome, 0 neutral or both. */
static int class_weight_bits(int bits)
{
    bool neg = bits & H_NEG, pos = bits & H_POS;
    return neg && pos ? 0 : neg ? -1 : pos ? 1 : 0;
}

/* ---- per-element side table ------------------------------------------------ */

typedef struct ninfo {
    int text;       /* characters of text in the subtree (scripts excluded) */
    int links;      /* of which inside <a> */
    int nlinks;     /* <a> elements in the subtree */
    bool digit;     /* the subtree's text holds a digit (ASCII or Arabic-Indic) */
    bool blocks;    /* the subtree holds block-level elements */
    int b0, b1;     /* blocks [b0, b1) segmented inside the subtree */
    int hints;      /* H_* bits of class and id, -1 = not computed yet */
    double score;   /* content score; meaningful when cand */
    bool cand;      /* received votes from blocks */
    bool killed;    /* chrome: left out of the segmentation */
} ninfo;

/* ---- metadata ----------------------------------------------------------- */

#define MAX_HEADS 32

/* Every string is plain text (entities decoded, white space collapsed),
 * owned, NULL when the page does not give it; the first occurrence wins. */
typedef struct meta {
    char *og_title, *tw_title;            /* og:title, twitter:title */
    char *og_site;                        /* og:site_name */
    char *og_desc, *desc;                 /* og:description, <meta name=description> */
    char *og_image, *og_url, *og_locale;  /* og:image, og:url, og:locale */
    char *canonical;                      /* <link rel=canonical href> */
    char *title_tag;                      /* <title> */
    char *html_lang, *content_lang;       /* <html lang>, http-equiv content-language */
    char *pub_meta, *mod_meta;            /* article:published_time / modified_time and kin */
    char *pub_itemprop, *mod_itemprop;    /* microdata datePublished / dateModified */
    char *author_meta;                    /* <meta name=author> and kin */
    char *article_author;                 /* article:author when not a URL */
    char *author_el;                      /* microdata author (meta content) */
    char *ld_headline;                    /* JSON-LD headline */
    char *ld_published, *ld_modified;     /* JSON-LD datePublished, dateModified */
    char *ld_author;                      /* JSON-LD author name (first) */
    char *ld_body;                        /* JSON-LD articleBody */
    char *ld_publisher;                   /* JSON-LD publisher name */
    char *ld_image;                       /* JSON-LD image URL */
    bool ld_author_org;  /* the JSON-LD author is an Organization */
    xmlNode *h1[MAX_HEADS]; /* <h1> elements in document order */
    int nh1;                /* entries in h1 */
    xmlNode *h2[MAX_HEADS]; /* <h2> elements in document order */
    int nh2;                /* entries in h2 */
} meta;

static void meta_free(meta *m)
{
    char **f[] = {&m->og_title, &m->tw_title, &m->og_site, &m->og_desc, &m->desc, &m->og_image,
                  &m->og_url, &m->og_locale, &m->canonical, &m->title_tag, &m->html_lang,
                  &m->content_lang, &m->pub_meta, &m->mod_meta, &m->pub_itemprop, &m->mod_itemprop,
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
                                        "SocialMediaPosting", "WebPage", "Blog", "PressRelease", NULL};
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

/* ---- the extraction state --------------------------------------------------- */

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

typedef struct ex {
    meta m;                  /* metadata */
    ninfo *ni;               /* side table, indexed by (intptr_t)node->_private - 1 */
    size_t nn, ncap;         /* entries used / allocated in ni */
    block *b;                /* blocks in document order */
    size_t nb, bcap;         /* entries used / allocated in b */
    int *pre_len, *pre_link; /* prefix sums of block len / link_len (nb + 1 entries) */
    xmlNode **cands;         /* elements that received votes */
    size_t ncands;           /* entries in cands */
    char *host;              /* page host, or NULL */
    char *title;             /* chosen title, or NULL */
    char *title_site;        /* site name cut off the title, or NULL */
    xmlNode *anchor;         /* the headline element, or NULL */
    xmlNode *body;           /* the <body> element (or the root) */
    int total;               /* characters of text in <body> */
    bool debug;              /* AKHBAR_EXTRACT_DEBUG set: trace to stderr */
} ex;

static ninfo *NI(const ex *x, const xmlNode *n)
{
    intptr_t i = (intptr_t)n->_private;
    return i > 0 && (size_t)i <= x->nn ? &x->ni[i - 1] : NULL;
}

static int hints(ex *x, const xmlNode *n)
{
    ninfo *f = NI(x, n);
    if (!f) return hints_of(n);
    if (f->hints < 0) f->hints = hints_of(n);
    return f->hints;
}

static int el_text(const ex *x, const xmlNode *n)
{
    const ninfo *f = NI(x, n);
    return f ? f->text : 0;
}

/* The node after c in document order without leaving root's subtree. */
static xmlNode *next_in(xmlNode *c, const xmlNode *root)
{
    if (c->children) return c->children;
    while (c && c != root) {
        if (c->next) return c->next;
        c = c->parent;
    }
    return NULL;
}

/* ---- pass 1: scan ------------------------------------------------------------ */

static bool has_digit(const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if ((*p >= '0' && *p <= '9') || (p[0] == 0xD9 && p[1] >= 0xA0 && p[1] <= 0xA9)) return true;
    return false;
}

/* Digits in s, ASCII or Arabic-Indic (a date with a year has at least 4). */
static int digits_in(const char *s)
{
    int n = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        n += (*p >= '0' && *p <= '9') || (p[0] == 0xD9 && p[1] >= 0xA0 && p[1] <= 0xA9) ||
             (p[0] == 0xDB && p[1] >= 0xB0 && p[1] <= 0xB9);
    return n;
}

/* The first non-blank text in a subtree (a borrowed pointer), or NULL. */
static const char *first_text(xmlNode *n)
{
    int steps = 0;
    for (xmlNode *c = n; c && steps < 200; c = next_in(c, n), steps++) {
        if ((c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) && c->content) {
            const char *t = (const char *)c->content;
            while (isspace((unsigned char)*t)) t++;
            if (*t) return t;
        }
    }
    return NULL;
}

static bool scan_enter(xmlNode *n, void *ud)
{
    ex *x = ud;
    if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
        if (n->content && n->parent) {
            ninfo *p = NI(x, n->parent);
            if (p) {
                p->text += tlen((const char *)n->content);
                if (!p->digit) p->digit = has_digit((const char *)n->content);
            }
        }
        return false;
    }
    if (!is_el(n)) return false;
    if (x->nn == x->ncap) {
        x->ncap = x->ncap ? x->ncap * 2 : 1024;
        x->ni = ak_realloc(x->ni, x->ncap * sizeof *x->ni);
    }
    ninfo *f = &x->ni[x->nn++];
    memset(f, 0, sizeof *f);
    f->hints = -1;
    n->_private = (void *)(intptr_t)x->nn;

    meta *m = &x->m;
    const char *name = (const char *)n->name;
    switch (name[0]) {
    case 'h':
        if (strcmp(name, "html") == 0) set_once(&m->html_lang, attr(n, "lang"));
        else if (strcmp(name, "h1") == 0 && m->nh1 < MAX_HEADS) m->h1[m->nh1++] = n;
        else if (strcmp(name, "h2") == 0 && m->nh2 < MAX_HEADS) m->h2[m->nh2++] = n;
        break;
    case 'm':
        if (strcmp(name, "meta") == 0) {
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
                         !strcasecmp(k, "dcterms.created") || !strcasecmp(k, "publication_date"))
                    set_once(&m->pub_meta, c);
                else if (!strcasecmp(k, "article:modified_time") || !strcasecmp(k, "og:updated_time") ||
                         !strcasecmp(k, "dateModified") || !strcasecmp(k, "last-modified") ||
                         !strcasecmp(k, "dcterms.modified"))
                    set_once(&m->mod_meta, c);
                else if (!strcasecmp(k, "author") || !strcasecmp(k, "dc.creator") ||
                         !strcasecmp(k, "parsely-author") || !strcasecmp(k, "sailthru.author"))
                    set_once(&m->author_meta, c);
                else if (!strcasecmp(k, "article:author") && !ak_url_is_http(c))
                    set_once(&m->article_author, c);
            }
            if (ip && !strcasecmp(ip, "datePublished")) set_once(&m->pub_itemprop, c);
            if (ip && !strcasecmp(ip, "dateModified")) set_once(&m->mod_itemprop, c);
            if (ip && !strcasecmp(ip, "author") && !ak_url_is_http(c)) set_once(&m->author_el, c);
            if (he && !strcasecmp(he, "content-language")) set_once(&m->content_lang, c);
            return false;
        }
        break;
    case 'l':
        if (strcmp(name, "link") == 0) {
            const char *rel = attr(n, "rel");
            if (rel && !strcasecmp(rel, "canonical")) set_once(&m->canonical, attr(n, "href"));
            return false;
        }
        break;
    case 't':
        if (strcmp(name, "title") == 0) {
            if (!m->title_tag) {
                char *t = node_text(n);
                set_once_text(&m->title_tag, t);
                free(t);
            }
            return false;
        }
        break;
    case 's':
        if (strcmp(name, "script") == 0) {
            const char *type = attr(n, "type");
            if (type && strstr(type, "ld+json") && n->children && n->children->content)
                parse_ld(m, (const char *)n->children->content);
            return false;
        }
        if (strcmp(name, "style") == 0) return false;
        break;
    }
    if (n->properties) {
        const char *ip = attr(n, "itemprop");
        if (ip && !strcasecmp(ip, "datePublished")) {
            const char *v = attr(n, "datetime");
            if (!v) v = attr(n, "content");
            set_once(&m->pub_itemprop, v);
        } else if (ip && !strcasecmp(ip, "dateModified")) {
            const char *v = attr(n, "datetime");
            if (!v) v = attr(n, "content");
            set_once(&m->mod_itemprop, v);
        }
    }
    return true;
}

static void scan_leave(xmlNode *n, void *ud)
{
    ex *x = ud;
    if (!is_el(n)) return;
    ninfo *f = NI(x, n);
    if (!f) return;
    if (tag_is(n, "a")) f->links = f->text, f->nlinks++;
    ninfo *p = n->parent ? NI(x, n->parent) : NULL;
    if (p) {
        p->text += f->text;
        p->links += f->links;
        p->nlinks += f->nlinks;
        p->digit = p->digit || f->digit;
        p->blocks = p->blocks || f->blocks || block_tag(n);
    }
}

/* ---- title ---------------------------------------------------------------- */

static bool eq_fold(const char *a, const char *b)
{
    if (!a || !b) return false;
    char x[512], y[512];
    fold_text(a, x, sizeof x);
    fold_text(b, y, sizeof y);
    return x[0] && strcmp(x, y) == 0;
}

/* a contains b (folded), b not trivially short. */
static bool contains_fold(const char *a, const char *b)
{
    if (!a || !b) return false;
    char x[1024], y[512];
    fold_text(a, x, sizeof x);
    fold_text(b, y, sizeof y);
    return strlen(y) >= 8 && strstr(x, y) != NULL;
}

/* Separators between a headline and a site name. */
static const char *const title_seps[] = {" | ", " - ", " – ", " — ", " :: ", " « ", " » ",
                                         " · ", " • ", " ~ ", " / ", " ‹ ", " › ", NULL};

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

/* The host's main label: "www.hespress.com" -> "hespress". */
static void host_label(const char *host, char *out, size_t n)
{
    out[0] = '\0';
    if (!host) return;
    const char *h = strncmp(host, "www.", 4) == 0 ? host + 4 : host;
    if (strncmp(h, "m.", 2) == 0 || strncmp(h, "fr.", 3) == 0 || strncmp(h, "ar.", 3) == 0)
        h = strchr(h, '.') + 1;
    size_t k = 0;
    while (h[k] && h[k] != '.' && k < n - 1) out[k] = (char)tolower((unsigned char)h[k]), k++;
    out[k] = '\0';
}

/* s names the site: its og:site_name / publisher, the name cut off the
 * title, or its host's label ("Hespress" on hespress.com, "le360" on
 * le360.ma, ignoring spaces and case). */
static bool names_site(const ex *x, const char *s)
{
    if (!s || !*s) return false;
    const char *names[] = {x->m.og_site, x->m.ld_publisher, x->title_site};
    for (int i = 0; i < 3; i++)
        if (names[i] && eq_fold(s, names[i])) return true;
    char label[64];
    host_label(x->host, label, sizeof label);
    if (strlen(label) < 3) return false;
    char f[256];
    size_t o = 0;
    for (const char *p = s; *p && o < sizeof f - 1; p++)
        if (isalnum((unsigned char)*p)) f[o++] = (char)tolower((unsigned char)*p);
        else if ((unsigned char)*p >= 0x80) o = 0, p += strlen(p) - 1; /* non-Latin: no match */
    f[o] = '\0';
    return o >= 3 && (strcmp(f, label) == 0 || (strstr(label, f) && o * 2 >= strlen(label)));
}

static char *strip_site(ex *x, const char *title, const char *other)
{
    if (!title) return NULL;
    for (int i = 0; title_seps[i]; i++) {
        const char *sep = title_seps[i];
        const char *first = strstr(title, sep), *last = NULL;
        for (const char *p = first; p; p = strstr(p + 1, sep)) last = p;
        if (!first) continue;
        char *head = ak_strndup(title, (size_t)(last - title));
        char *tail = ak_strdup(last + strlen(sep));
        char *head1 = ak_strndup(title, (size_t)(first - title));
        char *tail1 = ak_strdup(first + strlen(sep));
        char *pick = NULL, *site = NULL;
        if (names_site(x, tail)) pick = head, site = tail;
        else if (names_site(x, head1)) pick = tail1, site = head1;
        else if (other && eq_fold(head, other)) pick = head, site = tail;
        else if (other && eq_fold(tail1, other)) pick = tail1, site = head1;
        else if (i < 4 && words(tail) <= 4 && chars(tail) <= 30 && words(head) >= 4)
            pick = head, site = tail; /* "Headline - SiteName": a short suffix */
        if (pick) {
            if (!x->title_site && site) x->title_site = ak_strdup(site);
            char *r = ak_strdup(pick);
            free(head), free(tail), free(head1), free(tail1);
            return r;
        }
        free(head), free(tail), free(head1), free(tail1);
    }
    return ak_strdup(title);
}

/* href points at a site's home page ("/", "https://host/"). */
static bool home_link(const char *href)
{
    if (!href) return false;
    if (strcmp(href, "/") == 0) return true;
    const char *p = strstr(href, "://");
    if (!p || !ak_url_is_http(href)) return false;
    const char *slash = strchr(p + 3, '/');
    return !slash || !slash[1];
}

/* An <h1> that is the site's logo or name, not a headline. */
static bool logo_heading(ex *x, xmlNode *h)
{
    if (hints(x, h) & H_LOGO) return true;
    for (xmlNode *p = h->parent; p && is_el(p) && !tag_is(p, "body"); p = p->parent)
        if (hints(x, p) & H_LOGO) return true;
    /* the whole heading is a link to the home page */
    for (xmlNode *c = h->children; c; c = c->next)
        if (tag_is(c, "a") && home_link(attr(c, "href"))) return el_text(x, c) * 10 >= el_text(x, h) * 9;
    return false;
}

/* The first element in <body> whose whole text is s (folded), or NULL. */
typedef struct find_ctx {
    ex *x;
    const char *s;   /* text looked for */
    int len;         /* its length in characters */
    xmlNode *found;  /* result */
} find_ctx;

static bool find_enter(xmlNode *n, void *ud)
{
    find_ctx *f = ud;
    if (f->found || !is_el(n)) return false;
    int tl = el_text(f->x, n);
    if (tl < f->len - 3) return false; /* nothing inside can hold it */
    if (tl <= f->len + 3 && !tag_is(n, "a")) {
        char *t = node_text_max(n, 2000);
        bool eq = eq_fold(t, f->s);
        free(t);
        if (eq) {
            /* the innermost element holding it */
            xmlNode *e = n;
            for (bool again = true; again;) {
                again = false;
                for (xmlNode *c = e->children; c; c = c->next)
                    if (is_el(c) && el_text(f->x, c) * 10 >= el_text(f->x, e) * 9) {
                        e = c;
                        again = true;
                        break;
                    }
            }
            f->found = e;
            return false;
        }
    }
    return !tag_is(n, "script") && !tag_is(n, "style") && !tag_is(n, "head");
}

static xmlNode *element_with_text(ex *x, const char *s)
{
    int len = (int)chars(s);
    if (len < 8 || words(s) < 2) return NULL;
    find_ctx f = {x, s, len, NULL};
    walk(x->body, find_enter, NULL, &f);
    return f.found;
}

static void choose_title(ex *x)
{
    meta *m = &x->m;
    /* the first <h1> that is not the site's logo */
    char *h1 = NULL;
    xmlNode *h1n = NULL;
    int real = 0;
    for (int i = 0; i < m->nh1; i++) {
        if (logo_heading(x, m->h1[i])) continue;
        real++;
        if (!h1n) {
            h1n = m->h1[i];
            h1 = node_text_max(h1n, 2000);
        }
    }
    if (real > 2) { /* a list of headlines, not one */
        free(h1);
        h1 = NULL;
        h1n = NULL;
    }
    if (h1 && !*h1) {
        free(h1);
        h1 = NULL;
        h1n = NULL;
    }
    const char *cands[] = {m->ld_headline, m->og_title, m->tw_title, m->title_tag};
    char *title = NULL;
    if (h1 && (eq_fold(h1, m->og_title) || eq_fold(h1, m->ld_headline) || eq_fold(h1, m->tw_title))) {
        title = ak_strdup(h1);
    } else if (h1 && real == 1 && !m->ld_headline && !m->og_title && !m->tw_title && words(h1) >= 3 &&
               !contains_fold(m->title_tag, h1)) {
        /* only <title> against the one visible headline: the headline */
        title = ak_strdup(h1);
        if (m->title_tag) free(strip_site(x, m->title_tag, h1));
    } else {
        for (int i = 0; i < 4 && !title; i++) {
            if (!cands[i]) continue;
            char *t = strip_site(x, cands[i], h1);
            if (h1 && (eq_fold(t, h1) || (contains_fold(t, h1) && chars(h1) > 10))) {
                free(t);
                title = ak_strdup(h1);
            } else if (t && chars(t) > 3) {
                title = t;
            } else {
                free(t);
            }
        }
        if (!title && h1) title = ak_strdup(h1);
    }
    /* No <h1>: a part of the <title> shown as an element's whole text
     * ("Site - Headline" with the headline in <b> or <font>) is the
     * headline, and that element the anchor. */
    if (!h1n && title && x->body) {
        for (int i = 0; title_seps[i]; i++) {
            const char *sep = strstr(title, title_seps[i]);
            if (!sep) continue;
            char *parts[2] = {ak_strndup(title, (size_t)(sep - title)), ak_strdup(sep + strlen(title_seps[i]))};
            for (int k = 0; k < 2 && !x->anchor; k++) {
                xmlNode *e = element_with_text(x, parts[k]);
                if (e) {
                    x->anchor = e;
                    if (!x->title_site) x->title_site = ak_strdup(parts[1 - k]);
                    free(title);
                    title = ak_strdup(parts[k]);
                }
            }
            free(parts[0]);
            free(parts[1]);
            break;
        }
    }
    /* Learn the site's name from the <title> even when another source
     * gave the headline. */
    if (!x->title_site && m->title_tag) free(strip_site(x, m->title_tag, title));
    x->title = title;
    /* The anchor: the heading that shows the title. */
    if (title) {
        int tl = (int)chars(title);
        for (int i = 0; i < m->nh1 && !x->anchor; i++) {
            int hl = el_text(x, m->h1[i]);
            if (hl < tl / 2 || hl > tl * 3 + 20) continue;
            char *t = node_text_max(m->h1[i], 2000);
            if (eq_fold(t, title) || (contains_fold(t, title) && chars(t) < chars(title) * 2))
                x->anchor = m->h1[i];
            free(t);
        }
        for (int i = 0; i < m->nh2 && !x->anchor; i++) {
            int hl = el_text(x, m->h2[i]);
            if (hl < tl - 10 || hl > tl + 10) continue;
            char *t = node_text_max(m->h2[i], 2000);
            if (eq_fold(t, title)) x->anchor = m->h2[i];
            free(t);
        }
    }
    if (!x->anchor) x->anchor = h1n;
    free(h1);
}

/* ---- pass 3: cleaning ----------------------------------------------------- */

static bool hidden(const xmlNode *n)
{
    if (!n->properties) return false;
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

/* An element holding much of the page's text is never chrome, whatever
 * its classes say (WordPress puts "tag-x format-video" on the article). */
static bool holds_page(const ex *x, const xmlNode *n)
{
    int c = el_text(x, n);
    return c > 500 && c * 5 > x->total * 2;
}

/* A quoted post from a social network (an embedded tweet whose script was
 * not run): a link to the post inside the quote. */
static bool social_embed(xmlNode *q)
{
    static const char *const hosts[] = {"twitter.com/", "x.com/", "instagram.com/p/", "tiktok.com/@",
                                        "facebook.com/", "t.co/", NULL};
    int steps = 0;
    for (xmlNode *e = q; e && steps < 500; e = next_in(e, q), steps++) {
        if (!tag_is(e, "a")) continue;
        const char *href = attr(e, "href");
        for (int i = 0; href && hosts[i]; i++)
            if (strstr(href, hosts[i])) return true;
    }
    return false;
}

static bool clean_enter(xmlNode *n, void *ud)
{
    ex *x = ud;
    if (!is_el(n)) return false;
    const char *name = (const char *)n->name;
    if (strcmp(name, "body") == 0 || strcmp(name, "html") == 0) return true;
    bool kill = false;
    static const char *const junk[] = {
        "script", "style", "noscript", "template", "iframe", "object", "embed", "svg",
        "canvas", "nav", "aside", "footer", "button", "input", "select", "textarea", "label",
        "figcaption", "audio", "video", "source", "picture", "map", "dialog", "menu", "link",
        "meta", "form", "head", "title", NULL};
    for (int i = 0; junk[i] && !kill; i++) kill = name[0] == junk[i][0] && strcmp(name, junk[i]) == 0;
    /* ASP.NET pages wrap the whole page in a form: keep big ones. */
    if (kill && strcmp(name, "form") == 0) kill = el_text(x, n) < 500;
    if (!kill) {
        const char *role = n->properties ? attr(n, "role") : NULL;
        int h = hints(x, n);
        bool para = strcmp(name, "p") == 0 || heading(n);
        if (role && (!strcasecmp(role, "navigation") || !strcasecmp(role, "complementary") ||
                     !strcasecmp(role, "banner") || !strcasecmp(role, "contentinfo") ||
                     !strcasecmp(role, "menu") || !strcasecmp(role, "dialog") ||
                     !strcasecmp(role, "alert") || !strcasecmp(role, "search")))
            kill = true;
        else if (hidden(n)) kill = true;
        else if (class_weight_bits(h) < 0 && !para && strcmp(name, "article") != 0 &&
                 strcmp(name, "main") != 0 && !holds_page(x, n))
            kill = true;
        /* A paragraph or heading only for chrome words that never name
         * article text (caption, share, read-also...), and only when short. */
        else if (para && (h & H_STRONGNEG) && !(h & H_POS) && el_text(x, n) < 300)
            kill = true;
        else if ((h & H_STANDFIRST) && !holds_page(x, n))
            kill = true;
        else if (strcmp(name, "blockquote") == 0 && social_embed(n))
            kill = true;
        /* A cluster of links inside running text (a hover card, a list of
         * "more on" links) would otherwise merge into the paragraph. */
        else if (!block_tag(n) && strcmp(name, "a") != 0 && n->properties && attr(n, "class")) {
            const ninfo *f = NI(x, n);
            kill = f && f->nlinks >= 3 && f->text >= 60 && f->links * 10 >= f->text * 8;
        }
    }
    if (kill) {
        ninfo *f = NI(x, n);
        if (f) f->killed = true;
        return false;
    }
    return true;
}

/* ---- pass 4: segmentation into blocks ------------------------------------- */

typedef struct seg_ctx {
    ex *x;
    ak_buf run;           /* current inline run */
    int run_links;        /* link characters in the run so far */
    xmlNode *run_owner;   /* block element the run belongs to */
    bool br;              /* last inline thing was a <br> */
    bool run_text;        /* the run holds more than white space */
    xmlNode **stack;      /* open block elements */
    size_t ns, scap;      /* entries used / allocated in stack */
    int link_depth;       /* open <a> elements */
    int *stack_links;     /* link_depth when each stack entry was opened */
} seg_ctx;

/* Length in bytes of a white-space character at p (the set
 * ak_text_collapse folds), or 0. */
static int space_at(const unsigned char *p)
{
    switch (p[0]) {
    case ' ': case '\t': case '\n': case '\r': case '\f': case '\v': return 1;
    case 0xC2: return p[1] == 0x85 || p[1] == 0xA0 ? 2 : 0;
    case 0xE1: return p[1] == 0x9A && p[2] == 0x80 ? 3 : 0;
    case 0xE2:
        if (p[1] == 0x80 && (p[2] <= 0x8B || p[2] == 0xA8 || p[2] == 0xA9 || p[2] == 0xAF)) return 3;
        return p[1] == 0x81 && p[2] == 0x9F ? 3 : 0;
    case 0xE3: return p[1] == 0x80 && p[2] == 0x80 ? 3 : 0;
    case 0xEF: return p[1] == 0xBB && p[2] == 0xBF ? 3 : 0;
    default: return 0;
    }
}

/* ak_text_collapse for valid UTF-8 (what libxml2 hands out), in one pass:
 * runs of white space become one space, none at either end.  Returns the
 * number of characters appended. */
static int collapse(ak_buf *out, const char *s, size_t n)
{
    ak_buf_reserve(out, n + 1);
    char *o = out->data + out->len;
    const unsigned char *p = (const unsigned char *)s, *end = p + n;
    int count = 0;
    bool pending = false;
    while (p < end) {
        int w = *p < 0x80 && *p > ' ' ? 0 : space_at(p);
        if (w) {
            pending = o != out->data + out->len;
            p += w;
            continue;
        }
        if (pending) {
            *o++ = ' ';
            count++;
            pending = false;
        }
        if ((*p & 0xC0) != 0x80) count++;
        *o++ = (char)*p++;
    }
    out->len = (size_t)(o - out->data);
    out->data[out->len] = '\0';
    return count;
}

static void flush(seg_ctx *s)
{
    ex *x = s->x;
    if (s->run.len) {
        ak_buf t = {0};
        int count = collapse(&t, s->run.data, s->run.len);
        if (t.len) {
            if (x->nb == x->bcap) {
                x->bcap = x->bcap ? x->bcap * 2 : 128;
                x->b = ak_realloc(x->b, x->bcap * sizeof *x->b);
            }
            block *b = &x->b[x->nb++];
            memset(b, 0, sizeof *b);
            b->owner = s->run_owner;
            b->len = count;
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
    s->run_text = false;
}

/* A table cell holding only text and inline elements: its row, not the
 * cell, is the unit of text (layout cells holding blocks stay blocks). */
static bool data_cell(const ex *x, const xmlNode *n)
{
    if (!tag_is(n, "td") && !tag_is(n, "th")) return false;
    const ninfo *f = NI(x, n);
    return f && !f->blocks;
}

static bool seg_block(const ex *x, const xmlNode *n)
{
    return block_tag(n) && !data_cell(x, n);
}

static bool seg_enter(xmlNode *n, void *ud)
{
    seg_ctx *s = ud;
    ex *x = s->x;
    if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
        if (!n->content) return false;
        xmlNode *owner = s->ns ? s->stack[s->ns - 1] : NULL;
        if (owner != s->run_owner) {
            flush(s);
            s->run_owner = owner;
        }
        const char *t = (const char *)n->content;
        bool blank = true;
        for (const unsigned char *p = (const unsigned char *)t; *p && blank;) {
            int w = *p <= ' ' ? 1 : space_at(p);
            if (w) p += w;
            else blank = false;
        }
        if (!blank) s->br = false, s->run_text = true;
        ak_buf_puts(&s->run, t);
        if (s->link_depth > (s->ns ? s->stack_links[s->ns - 1] : 0)) s->run_links += tlen(t);
        return false;
    }
    if (!is_el(n)) return false;
    ninfo *f = NI(x, n);
    if (f && f->killed) {
        if (block_tag(n)) flush(s); /* a removed block still separates text */
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
    if (data_cell(x, n)) ak_buf_putc(&s->run, ' '); /* a table row is one line */
    bool blk = seg_block(x, n);
    if (blk) {
        flush(s);
        if (s->ns == s->scap) {
            s->scap = s->scap ? s->scap * 2 : 64;
            s->stack = ak_realloc(s->stack, s->scap * sizeof *s->stack);
            s->stack_links = ak_realloc(s->stack_links, s->scap * sizeof *s->stack_links);
        }
        s->stack_links[s->ns] = s->link_depth;
        s->stack[s->ns++] = n;
    }
    if (tag_is(n, "a")) s->link_depth++;
    /* an inline element's blocks start after the pending run's (if that
     * run holds any text, it becomes a block of the enclosing owner) */
    if (f) f->b0 = (int)x->nb + (!blk && s->run_text ? 1 : 0);
    return true;
}

static void seg_leave(xmlNode *n, void *ud)
{
    seg_ctx *s = ud;
    if (!is_el(n)) return;
    ninfo *f = NI(s->x, n);
    if (f && f->killed) return;
    if (tag_is(n, "br")) return;
    if (data_cell(s->x, n)) ak_buf_putc(&s->run, ' ');
    if (seg_block(s->x, n)) {
        flush(s);
        if (s->ns && s->stack[s->ns - 1] == n) s->ns--;
    }
    if (tag_is(n, "a") && s->link_depth > 0) s->link_depth--;
    if (f) {
        f->b1 = (int)s->x->nb;
        if (f->b1 < f->b0) f->b1 = f->b0;
    }
}

/* Text and link characters of the blocks inside a subtree. */
static void subtree_text(const ex *x, const xmlNode *n, int *text, int *links)
{
    const ninfo *f = NI(x, n);
    *text = *links = 0;
    if (!f || f->b1 <= f->b0) return;
    *text = x->pre_len[f->b1] - x->pre_len[f->b0];
    *links = x->pre_link[f->b1] - x->pre_link[f->b0];
}

static bool block_inside(const ex *x, size_t bi, const xmlNode *n)
{
    const ninfo *f = NI(x, n);
    return f && (int)bi >= f->b0 && (int)bi < f->b1;
}

/* ---- author -------------------------------------------------------------- */

static const char *const generic_authors[] = {
    "redaction", "la redaction", "التحرير", "هيئه التحرير", "هيئه التحرير", "فريق التحرير",
    "وكالات", "وكاله", "متابعه", "متابعات", "الموقع", "agence", "agences", "avec agences",
    "avec map", "map", "afp", "reuters", "ap", "و م ع", "ومع", "admin", "administrator",
    "editor", "editors", "staff", "webmaster", "desk", "newsroom", "redacteur", "البوابه",
    "مراسلون", "correspondant", "correspondants", "web", NULL};

static bool generic_author(const char *s)
{
    char f[256];
    fold_text(s, f, sizeof f);
    for (int i = 0; generic_authors[i]; i++)
        if (strcmp(f, generic_authors[i]) == 0) return true;
    return false;
}

/* A byline part names the outlet (or the outlet and a place: "هسبريس من
 * الرباط", "Le360 avec MAP"). */
static bool outlet_part(const ex *x, const char *part)
{
    if (generic_author(part) || names_site(x, part)) return true;
    const char *names[] = {x->m.og_site, x->m.ld_publisher, x->title_site};
    char f[256];
    fold_text(part, f, sizeof f);
    for (int i = 0; i < 3; i++) {
        if (!names[i]) continue;
        char s[256];
        fold_text(names[i], s, sizeof s);
        size_t n = strlen(s);
        if (n >= 3 && strncmp(f, s, n) == 0 && (f[n] == ' ' || !f[n])) return true;
    }
    return false;
}

/* A plausible person's name (or agency credit): short, no digits, no
 * address, not a sentence. */
static bool name_like(const char *s)
{
    size_t n = chars(s);
    if (n < 3 || n > 60 || words(s) > 6) return false;
    for (const char *p = s; *p; p++)
        if (isdigit((unsigned char)*p) || *p == '@' || *p == ':' || *p == '/') return false;
    if (sentence_ends(s) > 3) return false;
    return true;
}

/* The person named by a byline text, or NULL.  *outlet is set when the
 * byline names only the outlet or an agency. */
static char *author_from_text(const ex *x, const char *raw, bool *outlet)
{
    *outlet = false;
    if (!raw) return NULL;
    char *c = ak_text_clean(raw);
    /* strip byline words ("بقلم", "Par", "By:") at the start, repeatedly */
    const char *p = c;
    for (int again = 1; again;) {
        again = 0;
        while (*p == ' ' || *p == ':' || *p == '-' || *p == '|' || *p == '.' || *p == ',') p++;
        char f[128];
        size_t k = 0;
        const char *q = p;
        while (*q && *q != ' ' && *q != ':' && k < sizeof f - 1) f[k++] = *q++;
        f[k] = '\0';
        char ff[160];
        fold_text(f, ff, sizeof ff);
        for (int i = 0; byline_prefixes[i] && !again; i++)
            if (strcmp(ff, byline_prefixes[i]) == 0 && (*q == ' ' || *q == ':')) {
                p = q;
                again = 1;
            }
        /* two-word prefixes ("écrit par", "posted by") */
        if (!again && *q == ' ') {
            const char *r = q + 1;
            while (*r && *r != ' ' && *r != ':') r++;
            char two[160];
            size_t l = (size_t)(r - p) < sizeof two - 1 ? (size_t)(r - p) : sizeof two - 1;
            memcpy(two, p, l);
            two[l] = '\0';
            char tf[200];
            fold_text(two, tf, sizeof tf);
            for (int i = 0; byline_prefixes[i] && !again; i++)
                if (strchr(byline_prefixes[i], ' ') && strcmp(tf, byline_prefixes[i]) == 0) {
                    p = r;
                    again = 1;
                }
        }
    }
    /* parts: "Outlet - Name", "Name | date", "Name، الرباط" */
    char *work = ak_strdup(p);
    const char *seps[] = {" - ", " – ", " — ", " | ", "|", "،", ",", " / ", " le ", " Le ",
                          "\xE2\x80\x8F", " في ", NULL};
    char *parts[16];
    int np = 0;
    parts[np++] = work;
    for (int s = 0; seps[s]; s++) {
        for (int i = 0; i < np && np < 16; i++) {
            char *hit = strstr(parts[i], seps[s]);
            if (hit) {
                *hit = '\0';
                /* keep order: insert after i */
                memmove(&parts[i + 2], &parts[i + 1], (size_t)(np - i - 1) * sizeof *parts);
                parts[i + 1] = hit + strlen(seps[s]);
                np++;
            }
        }
    }
    char *found = NULL;
    for (int i = 0; i < np && !found; i++) {
        /* asides in brackets go: "Name (صور: X)", "Name (avec MAP)" */
        for (char *o = strchr(parts[i], '('); o; o = strchr(o, '(')) {
            char *c = strchr(o, ')');
            if (!c) {
                *o = '\0';
                break;
            }
            memmove(o, c + 1, strlen(c + 1) + 1);
        }
        char *t = ak_text_clean(parts[i]);
        /* "Name من الرباط" / "Name depuis Rabat": the place goes */
        char *from = strstr(t, " من ");
        if (from) *from = '\0';
        char *t2 = ak_text_clean(t);
        free(t);
        if (!*t2) {
            free(t2);
            continue;
        }
        dt_result r;
        if (outlet_part(x, t2)) *outlet = true;
        else if (name_like(t2) && !dt_parse(t2, PX_DEFAULT_OFFSET, &r)) {
            found = t2;
            t2 = NULL;
        }
        free(t2);
    }
    free(work);
    free(c);
    if (found) *outlet = false;
    return found;
}

/* ---- visible date and byline near the headline ----------------------------- */

typedef struct near_info {
    char *date_text;      /* first date line after the headline */
    char *mod_text;       /* first "updated" line */
    char *time_dt;        /* datetime of the first <time> after the headline */
    char *byline;         /* person named by the first byline, or NULL */
    bool byline_outlet;   /* the first byline named only the outlet */
    bool byline_seen;     /* a byline element was found */
} near_info;

static bool author_link(const xmlNode *n)
{
    if (!tag_is(n, "a")) return false;
    const char *rel = attr(n, "rel");
    if (rel && strcasestr(rel, "author")) return true;
    const char *href = attr(n, "href");
    return href && (strstr(href, "/author/") || strstr(href, "/auteur/") || strstr(href, "/writer/") ||
                    strstr(href, "/authors/") || strstr(href, "/journalist"));
}

/* n is a byline element ("author" in its class, a link to an author page,
 * itemprop=author, or a short line opening with "بقلم", "Par", "By"...):
 * records the person it names, or that it names only the outlet. */
static void byline_probe(ex *x, xmlNode *n, int tl, int h, near_info *ni)
{
    char *t = NULL;
    if (tl > 1 && tl <= 120 && !heading(n) &&
        ((h & H_AUTHOR) || author_link(n) || (attr(n, "itemprop") && strcasestr(attr(n, "itemprop"), "author"))))
        t = node_text_max(n, 600);
    else if (tl > 3 && tl <= 80 && !heading(n) && first_text(n) && starts_with_any(first_text(n), byline_prefixes))
        t = node_text_max(n, 400);
    if (!t) return;
    bool outlet;
    char *a = author_from_text(x, t, &outlet);
    if (a || outlet) {
        ni->byline_seen = true;
        ni->byline = a;
        ni->byline_outlet = outlet;
    }
    free(t);
}

/* Looks at the elements after the headline (about `budget` characters of
 * text) for the first date line, <time datetime> and byline; without a
 * headline, from the start of the article's container (inside). */
static void scan_near(ex *x, xmlNode *start, bool inside, int budget, near_info *ni)
{
    int seen = 0, steps = 0;
    for (xmlNode *n = start ? next_node(start, !inside) : NULL; n && steps < 5000; steps++) {
        if (n->type == XML_TEXT_NODE) {
            if (n->content) seen += tlen((const char *)n->content);
            if (seen > budget) break;
            n = next_node(n, true);
            continue;
        }
        if (!is_el(n) || tag_is(n, "script") || tag_is(n, "style") || tag_is(n, "noscript")) {
            n = next_node(n, true);
            continue;
        }
        int tl = el_text(x, n);
        int h = hints(x, n);
        if (h & H_COMMENT) { /* readers' names and dates are not the article's */
            n = next_node(n, true);
            continue;
        }
        if (!ni->time_dt && tag_is(n, "time")) {
            const char *dt = attr(n, "datetime");
            if (dt && *dt) ni->time_dt = ak_strdup(dt);
        }
        /* byline */
        if (!ni->byline_seen) byline_probe(x, n, tl, h, ni);
        /* date line: the smallest element holding a date ("updated" lines
         * apart) */
        const ninfo *nf = NI(x, n);
        /* once the date is found, only an "updated" line is still of use */
        bool want = !ni->date_text || (!ni->mod_text && first_text(n) &&
                                        starts_with_any(first_text(n), modified_prefixes));
        if (want && tl >= 6 && tl <= 120 && !heading(n) && nf && nf->digit) {
            char *t = node_text_max(n, 600);
            dt_result r;
            if (digits_in(t) >= 4 && dt_parse(t, PX_DEFAULT_OFFSET, &r)) {
                bool child = false; /* an element child holds a date alone: look there */
                for (xmlNode *c = n->children; c && !child; c = c->next) {
                    if (!is_el(c) || el_text(x, c) < 6 || !NI(x, c) || !NI(x, c)->digit) continue;
                    char *ct = node_text_max(c, 600);
                    dt_result cr;
                    child = digits_in(ct) >= 4 && dt_parse(ct, PX_DEFAULT_OFFSET, &cr);
                    free(ct);
                }
                if (!child) {
                    if (starts_with_any(t, modified_prefixes)) {
                        if (!ni->mod_text) ni->mod_text = t, t = NULL;
                    } else if (!ni->date_text) {
                        ni->date_text = t, t = NULL;
                    }
                }
            }
            free(t);
        }
        if (ni->date_text && ni->byline_seen && ni->time_dt) break;
        n = next_node(n, false);
    }
    /* A byline just above the headline (in the same header block). */
    int k = 0;
    for (xmlNode *p = start && !inside ? start->prev : NULL; p && !ni->byline_seen && k < 6; p = p->prev) {
        if (!is_el(p)) continue;
        k++;
        if (hints(x, p) & H_COMMENT || el_text(x, p) > 300) continue;
        for (xmlNode *e = p; e && !ni->byline_seen; e = next_in(e, p))
            if (is_el(e)) byline_probe(x, e, el_text(x, e), hints(x, e), ni);
    }
}

/* The old-style fallback: the last date line in an element hinting at a
 * date before the headline (top bars print today's date). */
typedef struct vis_ctx {
    ex *x;
    xmlNode *stop;        /* the headline */
    char *before;         /* last date line seen before it */
    bool done;            /* reached the headline */
} vis_ctx;

static bool vis_enter(xmlNode *n, void *ud)
{
    vis_ctx *v = ud;
    if (v->done || !is_el(n)) return false;
    if (n == v->stop) {
        v->done = true;
        return false;
    }
    if (tag_is(n, "script") || tag_is(n, "style") || tag_is(n, "head")) return false;
    int tl = el_text(v->x, n);
    if ((tag_is(n, "time") || (hints(v->x, n) & H_DATE)) && tl >= 6 && tl < 120) {
        char *t = node_text_max(n, 600);
        dt_result r;
        if (dt_parse(t, PX_DEFAULT_OFFSET, &r)) {
            free(v->before);
            v->before = t;
            return false;
        }
        free(t);
    }
    return true;
}

/* ---- dates ------------------------------------------------------------------ */

typedef struct dcand {
    dt_result r;       /* the instant */
    const char *from;  /* "json-ld", "meta", "microdata", "time", "text" */
    double w;          /* prior weight of the source */
    bool bad;          /* ruled out */
} dcand;

static void set_date(px_article *out, const dt_result *r, const char *from)
{
    out->published_from = from;
    out->published = r->t;
    out->published_off = r->has_zone ? r->off_min : PX_DEFAULT_OFFSET;
    out->published_has_time = r->has_time;
}

static bool same_minute(const dt_result *a, const dt_result *b)
{
    return a->has_time && b->has_time && llabs(a->t - b->t) < 60;
}

/* Same calendar day in Morocco's time (or the page's own offsets). */
static bool same_day(const dt_result *a, const dt_result *b)
{
    int oa = a->has_zone ? a->off_min : PX_DEFAULT_OFFSET;
    int ob = b->has_zone ? b->off_min : PX_DEFAULT_OFFSET;
    int64_t da = (a->t + oa * 60) / 86400, db = (b->t + ob * 60) / 86400;
    int64_t ma = (a->t + PX_DEFAULT_OFFSET * 60) / 86400, mb = (b->t + PX_DEFAULT_OFFSET * 60) / 86400;
    return da == db || ma == mb;
}

/* Weighs the published-date evidence as a careful reader would:
 *  - a published date later than the same source's modified date is wrong;
 *  - a zone-less visible date is read in the page's own zone (the first
 *    non-UTC offset in its metadata), else Morocco's;
 *  - a metadata time in UTC whose wall clock equals the visible time is a
 *    local time mislabelled as UTC;
 *  - sources that agree to the minute (or a timed source and a date-only
 *    line on the same day) support each other; the best supported wins,
 *    a tie going to the earlier instant (a modified time put in a published
 *    field is the common mistake). */
static void choose_date(ex *x, const near_info *nr, const char *before, px_article *out)
{
    meta *m = &x->m;
    dcand c[8];
    int n = 0;
    dt_result ldmod, metamod, ipmod;
    bool has_ldmod = m->ld_modified && dt_parse(m->ld_modified, PX_DEFAULT_OFFSET, &ldmod);
    bool has_metamod = m->mod_meta && dt_parse(m->mod_meta, PX_DEFAULT_OFFSET, &metamod);
    bool has_ipmod = m->mod_itemprop && dt_parse(m->mod_itemprop, PX_DEFAULT_OFFSET, &ipmod);
    struct { const char *s; const char *from; double w; const dt_result *mod; } src[] = {
        {m->ld_published, "json-ld", 3.0, has_ldmod ? &ldmod : NULL},
        {m->pub_meta, "meta", 3.0, has_metamod ? &metamod : NULL},
        {m->pub_itemprop, "microdata", 2.5, has_ipmod ? &ipmod : NULL},
        {nr->time_dt, "time", 2.5, NULL},
    };
    for (size_t i = 0; i < sizeof src / sizeof src[0]; i++) {
        if (!src[i].s || !dt_parse(src[i].s, PX_DEFAULT_OFFSET, &c[n].r)) continue;
        c[n].from = src[i].from;
        c[n].w = src[i].w;
        c[n].bad = src[i].mod && src[i].mod->t + 60 < c[n].r.t;
        n++;
    }
    /* the page's zone */
    int zone = PX_DEFAULT_OFFSET;
    for (int i = 0; i < n; i++)
        if (c[i].r.has_zone && c[i].r.off_min != 0) {
            zone = c[i].r.off_min;
            break;
        }
    int text_i = -1;
    if (nr->date_text && dt_parse(nr->date_text, zone, &c[n].r)) {
        c[n].from = "text";
        c[n].w = c[n].r.has_time ? 3.5 : 1.5;
        c[n].bad = false;
        text_i = n++;
    }
    if (text_i >= 0 && c[text_i].r.has_time && !c[text_i].r.has_zone) {
        const dt_result *t = &c[text_i].r;
        int64_t wall = t->t + (int64_t)t->off_min * 60; /* the digits shown, read as UTC */
        for (int i = 0; i < text_i; i++)
            if (c[i].r.has_time && c[i].r.has_zone && c[i].r.off_min == 0 && t->off_min != 0 &&
                llabs(c[i].r.t - wall) < 60)
                c[i].bad = true;
    }
    int best = -1;
    double best_s = -1e9;
    for (int i = 0; i < n; i++) {
        if (c[i].bad) continue;
        double s = c[i].w;
        for (int j = 0; j < n; j++) {
            if (j == i || c[j].bad) continue;
            if (same_minute(&c[i].r, &c[j].r)) s += 2;
            else if ((!c[i].r.has_time || !c[j].r.has_time) && same_day(&c[i].r, &c[j].r)) s += 1;
            else if (c[i].r.has_time && c[j].r.has_time && !same_day(&c[i].r, &c[j].r)) s -= 0.5;
        }
        /* on a tie the earlier instant: a modified time leaking into a
         * published field is the usual mistake, never the reverse */
        if (best < 0 || s > best_s + 1e-9 || (s > best_s - 1e-9 && c[i].r.t < c[best].r.t))
            best_s = s, best = i;
        if (x->debug) {
            char iso[AK_ISO_MAX];
            ak_time_iso(c[i].r.t, iso);
            fprintf(stderr, "date cand %s %s%s score %.1f\n", c[i].from, iso, c[i].r.has_time ? "" : " (day)", s);
        }
    }
    if (best >= 0) {
        /* A date-only winner takes the time of an agreeing timed source;
         * a visible time agreeing with metadata is reported as the
         * metadata (it carries its own offset). */
        if (!c[best].r.has_time)
            for (int j = 0; j < n; j++)
                if (!c[j].bad && c[j].r.has_time && same_day(&c[best].r, &c[j].r)) {
                    best = j;
                    break;
                }
        if (best == text_i)
            for (int j = 0; j < n; j++)
                if (j != text_i && !c[j].bad && same_minute(&c[j].r, &c[best].r)) {
                    best = j;
                    break;
                }
        set_date(out, &c[best].r, c[best].from);
    } else if (n > 0) {
        /* everything looked wrong: the structured source still beats nothing */
        set_date(out, &c[0].r, c[0].from);
    } else if (before) {
        dt_result r;
        if (dt_parse(before, PX_DEFAULT_OFFSET, &r)) set_date(out, &r, "text");
    }
    /* modified */
    const dt_result *mods[] = {has_ldmod ? &ldmod : NULL, has_metamod ? &metamod : NULL,
                               has_ipmod ? &ipmod : NULL};
    for (int i = 0; i < 3; i++) {
        if (!mods[i]) continue;
        if (out->published != AK_TIME_NONE && mods[i]->t + 60 < out->published) continue;
        out->modified = mods[i]->t;
        out->modified_off = mods[i]->has_zone ? mods[i]->off_min : PX_DEFAULT_OFFSET;
        break;
    }
    dt_result r;
    if (out->modified == AK_TIME_NONE && nr->mod_text && dt_parse(nr->mod_text, zone, &r) &&
        (out->published == AK_TIME_NONE || r.t >= out->published)) {
        out->modified = r.t;
        out->modified_off = r.has_zone ? r.off_min : zone;
    }
}

/* ---- language ------------------------------------------------------------- */

static char *guess_lang(const char *text, const meta *m)
{
    const char *decl = m->html_lang ? m->html_lang : m->og_locale ? m->og_locale : m->content_lang;
    size_t arabic = 0, latin = 0;
    int fr = 0, en = 0;
    size_t n = strlen(text);
    for (size_t i = 0; i < n && i < 4000;) {
        int cp;
        size_t l = ak_utf8_next(text + i, n - i, &cp);
        if (cp >= 0x600 && cp <= 0x6FF) arabic++;
        else if ((cp < 0x80 && isalpha(cp)) || (cp >= 0xC0 && cp <= 0x24F)) latin++;
        i += l;
    }
    static const char *const frw[] = {" le ", " la ", " les ", " des ", " du ", " une ", " est ",
                                      " et ", " dans ", " pour ", " qui ", " sur ", " au ", NULL};
    static const char *const enw[] = {" the ", " and ", " of ", " to ", " is ", " that ", " for ",
                                      " with ", " was ", " on ", NULL};
    for (int i = 0; frw[i]; i++)
        for (const char *p = strstr(text, frw[i]); p && p - text < 4000; p = strstr(p + 1, frw[i])) fr++;
    for (int i = 0; enw[i]; i++)
        for (const char *p = strstr(text, enw[i]); p && p - text < 4000; p = strstr(p + 1, enw[i])) en++;
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

/* ---- pass 5: scoring -------------------------------------------------------- */

static void vote(ex *x, xmlNode *a, double s, xmlNode ***cands, size_t *nc, size_t *cc)
{
    ninfo *f = NI(x, a);
    if (!f) return;
    if (!f->cand) {
        f->cand = true;
        f->score = 0;
        if (*nc == *cc) {
            *cc = *cc ? *cc * 2 : 64;
            *cands = ak_realloc(*cands, *cc * sizeof **cands);
        }
        (*cands)[(*nc)++] = a;
    }
    f->score += s;
}

/* The best container, or NULL. */
static xmlNode *score_blocks(ex *x)
{
    xmlNode **cands = NULL;
    size_t nc = 0, cc = 0;
    for (size_t i = 0; i < x->nb; i++) {
        block *b = &x->b[i];
        if (!b->owner || b->len < 25 || b->heading) continue;
        double s = 1 + b->punct + fmin(b->len / 100.0, 3.0);
        s *= 1.0 - (double)b->link_len / b->len;
        /* A <p> votes for its container; a text run for its own element. */
        xmlNode *start = tag_is(b->owner, "p") || b->item || tag_is(b->owner, "td") ||
                                 tag_is(b->owner, "pre") || tag_is(b->owner, "blockquote")
                             ? b->owner->parent
                             : b->owner;
        if (b->item && start) start = start->parent; /* li -> ul -> container */
        static const double div[] = {1, 2, 3};
        xmlNode *a = start;
        for (int lvl = 0; lvl < 3 && a && is_el(a); lvl++, a = a->parent) {
            if (tag_is(a, "html")) break;
            vote(x, a, s / div[lvl], &cands, &nc, &cc);
        }
    }
    xmlNode *top = NULL;
    double top_s = 0;
    for (size_t i = 0; i < nc; i++) {
        xmlNode *n = cands[i];
        ninfo *f = NI(x, n);
        int t, l;
        subtree_text(x, n, &t, &l);
        double ld = t ? (double)l / t : 0;
        f->score = f->score * (1 - ld) + 25 * class_weight_bits(hints(x, n));
        if (tag_is(n, "article")) f->score += 10;
        if (!top || f->score > top_s) top = n, top_s = f->score;
    }
    if (x->debug) {
        for (size_t i = 0; i < nc; i++) {
            ninfo *f = NI(x, cands[i]);
            if (f->score < top_s * 0.2) continue;
            const char *c = attr(cands[i], "class"), *id = attr(cands[i], "id");
            fprintf(stderr, "cand %s.%s#%s score %.1f%s\n", cands[i]->name, c ? c : "", id ? id : "",
                    f->score, cands[i] == top ? " TOP" : "");
        }
    }
    x->cands = cands;
    x->ncands = nc;
    return top;
}

/* A box of other stories: its first line is a "related", "read more",
 * "most read" title ("اقرأ المزيد", "Sur le même sujet"). */
static bool related_box(const ex *x, const xmlNode *n)
{
    const ninfo *f = NI(x, n);
    if (!f || f->b1 <= f->b0) return false;
    const block *b = &x->b[f->b0];
    return b->len < 60 && starts_with_any(b->text, boiler_prefixes);
}

/* The picked containers: top and its worthy siblings. */
static size_t pick(ex *x, xmlNode *top, xmlNode **picked, size_t max)
{
    size_t np = 0;
    if (!top) return 0;
    ninfo *tf = NI(x, top);
    double thr = fmax(10, tf->score * 0.2);
    xmlNode *parent = top->parent;
    bool after_top = false;
    for (xmlNode *sib = parent ? parent->children : top; sib && np < max; sib = sib->next) {
        if (!is_el(sib)) continue;
        ninfo *f = NI(x, sib);
        bool take = sib == top;
        if (sib == top) after_top = true;
        if (!take && f && !f->killed && f->cand && f->score >= thr && !related_box(x, sib)) take = true;
        if (!take && f && !f->killed && tag_is(sib, "p")) {
            int t, l;
            subtree_text(x, sib, &t, &l);
            /* a paragraph right after the headline, outside the article's
             * container, is its standfirst (chapô), not its text */
            xmlNode *prev = sib->prev;
            while (prev && !is_el(prev)) prev = prev->prev;
            bool standfirst = !after_top && prev && heading(prev);
            if (standfirst) take = false;
            else if (t > 80 && l < t / 4) take = true;
            else if (t > 0 && t <= 80 && l == 0 && f->b1 > f->b0 && punct(x->b[f->b0].text) > 0)
                take = true;
        }
        if (take) picked[np++] = sib;
        if (!parent) break;
    }
    /* An article cut into several containers of one kind (text sections
     * between figures): the others like the top one come along. */
    const char *tc = attr(top, "class");
    for (size_t i = 0; i < x->ncands && tc && *tc && np < max; i++) {
        xmlNode *c = x->cands[i];
        if (c == top || NI(x, c)->score < thr || strcmp((const char *)c->name, (const char *)top->name))
            continue;
        const char *cc = attr(c, "class");
        if (!cc || strcmp(cc, tc) != 0) continue;
        bool nested = false;
        for (size_t k = 0; k < np && !nested; k++) {
            const ninfo *a = NI(x, c), *b = NI(x, picked[k]);
            nested = a->b0 < b->b1 && b->b0 < a->b1; /* overlapping block ranges */
        }
        if (!nested) picked[np++] = c;
    }
    return np;
}

/* ---- pass 6: emission -------------------------------------------------------- */

static bool is_date_line(const block *b)
{
    dt_result r;
    return b->len < 80 && b->punct <= 3 && digits_in(b->text) >= 4 && dt_parse(b->text, PX_DEFAULT_OFFSET, &r);
}

/* "Outlet - Name" or "Outlet - متابعة" as a paragraph of its own. */
/* Sentence ends followed by a space (abbreviations like "أ.ف.ب" or
 * "M.A.P" are not sentences). */
static int spaced_sentence_ends(const char *s)
{
    int n = 0;
    for (const char *p = s; *p; p++)
        if ((*p == '.' || *p == '!' || *p == '?') && p[1] == ' ') n++;
    return n;
}

static bool outlet_byline(ex *x, const block *b, char **author)
{
    if (b->len > 80 || spaced_sentence_ends(b->text) > 0) return false;
    const char *seps[] = {" - ", " – ", " — ", " | ", ":", NULL};
    for (int i = 0; seps[i]; i++) {
        const char *hit = strstr(b->text, seps[i]);
        if (!hit) continue;
        char *head = ak_strndup(b->text, (size_t)(hit - b->text));
        bool outlet = outlet_part(x, head);
        free(head);
        if (!outlet) continue;
        bool o2;
        char *a = author_from_text(x, hit + strlen(seps[i]), &o2);
        if (a && author && !*author) *author = a;
        else free(a);
        return true;
    }
    return false;
}

/* Any letter (ASCII, Latin-1 and beyond, Arabic...): a line without one
 * is a counter or a stray number. */
static bool has_letter(const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if (isalpha(*p) || (*p >= 0xC3 && *p != 0xD9 && *p != 0xE2) || (p[0] == 0xD9 && (p[1] < 0xA0 || p[1] > 0xA9)))
            return true;
    return false;
}

/* "منذ 3 ساعات", "il y a 2 heures", "3 hours ago": a relative time line
 * (padded folded text). */
static bool relative_time(const char *pf)
{
    static const char *const units[] = {
        "ساعه", "ساعات", "ساعتين", "دقيقه", "دقائق", "دقيقتين", "يوم", "ايام", "يومين", "اسبوع",
        "اسابيع", "شهر", "اشهر", "ثانيه", "ثوان", "heure", "heures", "minute", "minutes", "jour",
        "jours", "semaine", "semaines", "mois", "hour", "hours", "minutes", "day", "days",
        "week", "weeks", "month", "months", "h", "min", "mn", NULL};
    static const char *const lead[] = {"منذ", "قبل", "il y a", "ago", "depuis", NULL};
    return contains_folded(pf, lead) && contains_folded(pf, units);
}

/* The attribution line of an embedded post: "— Name (@handle) date". */
static bool tweet_signature(const char *s)
{
    const char *at = strstr(s, "(@");
    return at && strchr(at, ')') && (strstr(s, "\xE2\x80\x94") || strstr(s, "\xE2\x80\x93") || s[0] == '-');
}

static void emit(ex *x, xmlNode **picked, size_t np, char **inbody_author, ak_buf *out, size_t *kept)
{
    bool kept_long = false; /* a paragraph of some length was kept */
    int title_len = x->title ? (int)chars(x->title) : 0;
    size_t last_inside = 0; /* index after the article's last block */
    for (size_t k = 0; k < np; k++) {
        const ninfo *f = NI(x, picked[k]);
        if (f && f->b1 > f->b0 && (size_t)f->b1 > last_inside) last_inside = (size_t)f->b1;
    }
    for (size_t i = 0; i < x->nb; i++) {
        block *b = &x->b[i];
        bool inside = false;
        for (size_t k = 0; k < np && !inside; k++) inside = block_inside(x, i, picked[k]);
        const char *why = NULL;
        char fb[1024];
        /* prefixes need the start only; calls to act are short lines */
        if (inside) fold_padded(b->text, fb, b->len < 200 ? sizeof fb : 300);
        if (!inside) why = "outside";
        else if (b->len < 2) why = "tiny";
        else if (b->link_len * 2 > b->len &&
                 !(b->len >= 100 && sentence_ends(b->text) > 0 && b->link_len * 10 < b->len * 9))
            why = "links";
        else if (b->len < 300 && starts_folded(fb, boiler_prefixes)) why = "boilerplate";
        else if (b->len < 100 && starts_folded(fb, credit_prefixes)) why = "credit";
        else if (b->text[0] == '[' && strstr(b->text, "[/")) why = "shortcode";
        else if (b->len < 150 && strstr(b->text, "\xC2\xA9")) why = "copyright";
        else if (b->len < 200 && contains_folded(fb, cta_phrases)) why = "call to act";
        else if (b->len < 300 && (b->link_len > 0 || i + 4 >= last_inside) &&
                 (contains_folded(fb, cta_weak) || (b->len >= 200 && contains_folded(fb, cta_phrases))))
            why = "call to act";
        else if (b->len < 200 && starts_folded(fb, follow_words) &&
                 (b->link_len > 0 || strstr(b->text, "http") || strchr(b->text, '@')))
            why = "call to follow";
        else if (b->len < 80 && starts_folded(fb, byline_prefixes)) {
            why = "byline";
            if (!*inbody_author) {
                bool o;
                *inbody_author = author_from_text(x, b->text, &o);
            }
        } else if (x->title && b->len <= title_len + 8 && b->len + 8 >= title_len &&
                   eq_fold(b->text, x->title))
            why = "title";
        else if (tag_is(b->owner, "h1")) why = "h1";
        else if (b->len < 100 && starts_folded(fb, modified_prefixes)) why = "updated line";
        else if (is_date_line(b)) why = "date line";
        else if (!kept_long && outlet_byline(x, b, inbody_author)) why = "outlet byline";
        else if (b->len < 40 && !has_letter(b->text)) why = "no words";
        else if (b->len < 40 && relative_time(fb)) why = "relative time";
        else if (strstr(b->text, "pic.twitter.com/") || (b->len < 120 && tweet_signature(b->text)))
            why = "embedded post";
        if (!why) {
            b->keep = true;
            if (b->len >= 80) kept_long = true;
        }
        if (x->debug && inside)
            fprintf(stderr, "block %zu %s [%s] %.70s\n", i, b->keep ? "KEEP" : "drop", why ? why : "",
                    b->text);
    }
    /* A short kept block whose text recurs inside another kept block is a
     * pull quote (or a repeated teaser); quotes sit near what they repeat,
     * so only neighbours are compared (linear time on huge pages). */
    for (size_t i = 0; i < x->nb; i++) {
        block *b = &x->b[i];
        if (!b->keep || b->len < 30 || b->len > 600) continue;
        size_t lo = i > 40 ? i - 40 : 0, hi = i + 40 < x->nb ? i + 40 : x->nb;
        for (size_t j = lo; j < hi; j++) {
            if (j == i || !x->b[j].keep || x->b[j].len <= b->len) continue;
            if (strstr(x->b[j].text, b->text)) {
                b->keep = false;
                if (x->debug) fprintf(stderr, "block %zu drop [repeats %zu]\n", i, j);
                break;
            }
        }
    }
    /* The article ends with its last sentence: short unpunctuated lines
     * after it (a promo box's heading, a signature) are not text. */
    for (size_t i = x->nb, cut = 0; i-- > 0 && cut < 2;) {
        block *b = &x->b[i];
        if (!b->keep) continue;
        if (b->item || b->heading || b->len >= 100 || sentence_ends(b->text) > 0) break;
        cut++;
        const char *end = b->text + strlen(b->text);
        if (end > b->text && strchr(":»\"”)", end[-1])) break;
        b->keep = false;
        if (x->debug) fprintf(stderr, "block %zu drop [unpunctuated tail]\n", i);
    }
    /* Headings only when a kept paragraph follows them. */
    for (size_t i = 0; i < x->nb; i++) {
        block *b = &x->b[i];
        if (!b->keep || !b->heading) continue;
        bool follows = false;
        for (size_t j = i + 1; j < x->nb; j++) {
            if (!x->b[j].keep) continue;
            follows = !x->b[j].heading;
            break;
        }
        if (!follows) b->keep = false;
    }
    const char *prev = NULL;
    for (size_t i = 0; i < x->nb; i++) {
        block *b = &x->b[i];
        if (!b->keep) continue;
        if (prev && strcmp(prev, b->text) == 0) continue;
        if (out->len) ak_buf_puts(out, "\n\n");
        ak_buf_puts(out, b->text);
        prev = b->text;
        (*kept)++;
    }
}

/* ---- per-site XPath hints ---------------------------------------------------- */

static void xpath_quiet(void *ctx, const char *msg, ...)
{
    (void)ctx;
    (void)msg;
}

bool px_xpath_valid(const char *expr)
{
    if (!expr || !*expr) return false;
    xmlSetGenericErrorFunc(NULL, xpath_quiet);
    xmlXPathCompExprPtr c = xmlXPathCompile((const xmlChar *)expr);
    xmlSetGenericErrorFunc(NULL, NULL);
    if (!c) return false;
    xmlXPathFreeCompExpr(c);
    return true;
}

/* Nodes matching expr, or NULL (caller frees with xmlXPathFreeObject). */
static xmlXPathObjectPtr xpath_nodes(htmlDocPtr doc, const char *expr)
{
    if (!expr || !*expr) return NULL;
    xmlXPathContextPtr ctx = xmlXPathNewContext(doc);
    if (!ctx) return NULL;
    xmlXPathObjectPtr o = xmlXPathEvalExpression((const xmlChar *)expr, ctx);
    xmlXPathFreeContext(ctx);
    if (o && (o->type != XPATH_NODESET || !o->nodesetval || o->nodesetval->nodeNr == 0)) {
        xmlXPathFreeObject(o);
        o = NULL;
    }
    return o;
}

/* Text of the first node matching expr, or NULL. */
static char *xpath_text(htmlDocPtr doc, const char *expr)
{
    xmlXPathObjectPtr o = xpath_nodes(doc, expr);
    if (!o) return NULL;
    xmlNode *n = o->nodesetval->nodeTab[0];
    char *t = NULL;
    if (n->type == XML_ATTRIBUTE_NODE) {
        xmlChar *v = xmlNodeGetContent(n);
        t = ak_text_clean(v ? (const char *)v : "");
        xmlFree(v);
    } else {
        t = node_text(n);
    }
    xmlXPathFreeObject(o);
    if (t && !*t) {
        free(t);
        t = NULL;
    }
    return t;
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

/* s[0..n) is valid UTF-8 (no overlong forms, surrogates or code points
 * past U+10FFFF) without NUL bytes; ASCII is checked eight bytes at a time. */
static bool utf8_valid_fast(const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s, *end = p + n;
    while (p < end) {
        if (end - p >= 8) {
            uint64_t w;
            memcpy(&w, p, 8);
            /* no high bit and no zero byte in the word */
            if (!(w & 0x8080808080808080ULL) && !((w - 0x0101010101010101ULL) & ~w & 0x8080808080808080ULL)) {
                p += 8;
                continue;
            }
        }
        unsigned char c = *p;
        if (c == 0) return false;
        if (c < 0x80) {
            p++;
            continue;
        }
        size_t need;
        unsigned lo = 0x80, hi = 0xBF;
        if (c >= 0xC2 && c <= 0xDF) need = 1;
        else if (c >= 0xE0 && c <= 0xEF) {
            need = 2;
            if (c == 0xE0) lo = 0xA0;
            if (c == 0xED) hi = 0x9F;
        } else if (c >= 0xF0 && c <= 0xF4) {
            need = 3;
            if (c == 0xF0) lo = 0x90;
            if (c == 0xF4) hi = 0x8F;
        } else {
            return false;
        }
        if ((size_t)(end - p) <= need) return false;
        if (p[1] < lo || p[1] > hi) return false;
        for (size_t k = 2; k <= need; k++)
            if ((p[k] & 0xC0) != 0x80) return false;
        p += need + 1;
    }
    return true;
}

static bool ctype_not_html(const char *ct)
{
    if (!ct || !*ct) return false;
    return !(strcasestr(ct, "html") || strcasestr(ct, "xml") || strcasestr(ct, "text/plain") ||
             strcasestr(ct, "octet-stream"));
}

int px_extract(const char *data, size_t len, const char *url, const char *content_type,
               size_t max_bytes, px_article *out)
{
    return px_extract_opts(data, len, url, content_type, max_bytes, NULL, out);
}

int px_extract_opts(const char *data, size_t len, const char *url, const char *content_type,
                    size_t max_bytes, const px_options *opt, px_article *out)
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
    /* Bytes that are valid UTF-8 are read as UTF-8 whatever the page
     * declares (charset.h does the same: legacy text almost never forms
     * valid multi-byte sequences, and pure ASCII reads alike in every
     * ASCII-compatible charset), without a copy; anything else goes
     * through charset.h. */
    size_t ulen;
    char *utf8 = NULL;
    const char *text = data;
    if (utf8_valid_fast(data, len)) {
        if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) text += 3, len -= 3;
        ulen = len;
        out->charset = "utf-8";
    } else {
        utf8 = pc_to_utf8(data, len, content_type, PC_HTML, &ulen, &out->charset);
        text = utf8;
    }
    htmlDocPtr doc = ulen <= INT32_MAX ? htmlReadMemory(text, (int)ulen, url, "UTF-8",
                                                        HTML_PARSE_RECOVER | HTML_PARSE_NOERROR |
                                                            HTML_PARSE_NOWARNING | HTML_PARSE_NONET |
                                                            HTML_PARSE_COMPACT)
                                       : NULL;
    free(utf8);
    xmlNode *root = doc ? xmlDocGetRootElement(doc) : NULL;
    if (!root) {
        if (doc) xmlFreeDoc(doc);
        out->body = ak_strdup("");
        return 1;
    }
    ex x;
    memset(&x, 0, sizeof x);
    const char *dbg = getenv("AKHBAR_EXTRACT_DEBUG");
    x.debug = dbg && *dbg && strcmp(dbg, "0") != 0;
    x.host = ak_url_host(url);

    /* 1. scan: side table, text lengths, metadata */
    walk(root, scan_enter, scan_leave, &x);
    xmlNode *body = root;
    for (xmlNode *c = root->children; c; c = c->next)
        if (tag_is(c, "body")) body = c;
    x.total = el_text(&x, body);
    x.body = body;

    /* 2. title and headline */
    choose_title(&x);
    if (opt && opt->title_xpath) {
        char *t = xpath_text(doc, opt->title_xpath);
        if (t) {
            free(x.title);
            x.title = t;
        }
    }

    /* 3. cleaning */
    walk(body, clean_enter, NULL, &x);

    /* 4. segmentation */
    seg_ctx sg;
    memset(&sg, 0, sizeof sg);
    sg.x = &x;
    walk(body, seg_enter, seg_leave, &sg);
    flush(&sg);
    ak_buf_free(&sg.run);
    free(sg.stack);
    free(sg.stack_links);
    x.pre_len = ak_malloc((x.nb + 1) * sizeof *x.pre_len);
    x.pre_link = ak_malloc((x.nb + 1) * sizeof *x.pre_link);
    x.pre_len[0] = x.pre_link[0] = 0;
    for (size_t i = 0; i < x.nb; i++) {
        x.pre_len[i + 1] = x.pre_len[i] + x.b[i].len;
        x.pre_link[i + 1] = x.pre_link[i] + x.b[i].link_len;
    }

    /* 5. scoring (or the site's own rule) */
    xmlNode *picked[256];
    size_t npicked = 0;
    xmlXPathObjectPtr bx = opt ? xpath_nodes(doc, opt->body_xpath) : NULL;
    if (bx) {
        for (int i = 0; i < bx->nodesetval->nodeNr && npicked < 256; i++)
            if (is_el(bx->nodesetval->nodeTab[i])) picked[npicked++] = bx->nodesetval->nodeTab[i];
        xmlXPathFreeObject(bx);
    }
    if (!npicked) npicked = pick(&x, score_blocks(&x), picked, 256);

    /* 6. emission */
    ak_buf bodyb = {0};
    size_t kept = 0;
    char *inbody_author = NULL;
    emit(&x, picked, npicked, &inbody_author, &bodyb, &kept);
    /* JSON-LD articleBody when the DOM gave (almost) nothing. */
    if (chars(ak_buf_str(&bodyb)) < 80 && x.m.ld_body && chars(x.m.ld_body) > 200) {
        ak_buf_clear(&bodyb);
        ak_buf_puts(&bodyb, x.m.ld_body);
        kept = 1;
    }
    out->paragraphs = kept;
    out->body = ak_buf_steal(&bodyb);
    out->title = x.title;
    x.title = NULL;
    out->status = chars(out->body) >= 80 || (kept >= 1 && chars(out->body) >= 40) ? "ok" : "no-article";
    if (strcmp(out->status, "ok") != 0) {
        free(out->body);
        out->body = ak_strdup("");
        out->paragraphs = 0;
    }

    /* 7. date and author: next to the headline, else next to the text */
    xmlNode *start = x.anchor;
    if (!start && npicked) start = picked[0];
    near_info nr;
    memset(&nr, 0, sizeof nr);
    if (start) scan_near(&x, start, start != x.anchor, 1500, &nr);
    char *dx = opt ? xpath_text(doc, opt->date_xpath) : NULL;
    if (dx) {
        free(nr.date_text);
        nr.date_text = dx;
    }
    vis_ctx vc = {&x, x.anchor, NULL, false};
    if (!nr.date_text) walk(body, vis_enter, NULL, &vc);
    if (dx) {
        /* the site's rule is the published date */
        dt_result r;
        int zone = PX_DEFAULT_OFFSET;
        if (dt_parse(dx, zone, &r)) set_date(out, &r, "text");
        else choose_date(&x, &nr, vc.before, out);
    } else {
        choose_date(&x, &nr, vc.before, out);
    }
    if (x.debug)
        fprintf(stderr, "near: date '%s' time '%s' byline '%s'%s inbody '%s'\n",
                nr.date_text ? nr.date_text : "", nr.time_dt ? nr.time_dt : "",
                nr.byline ? nr.byline : "", nr.byline_outlet ? " (outlet)" : "",
                inbody_author ? inbody_author : "");

    /* author: a Person in JSON-LD, else the byline by the headline, else
     * the meta tags, else a byline line in the text; an outlet named by
     * the strongest source present means "no author" */
    meta *m = &x.m;
    char *author = NULL;
    bool outlet = false;
    if (opt && opt->author_xpath) {
        char *t = xpath_text(doc, opt->author_xpath);
        if (t) author = author_from_text(&x, t, &outlet);
        free(t);
    }
    if (!author && !outlet && m->ld_author && !m->ld_author_org) author = author_from_text(&x, m->ld_author, &outlet);
    if (!author && !outlet && nr.byline) author = ak_strdup(nr.byline);
    if (!author && !outlet && nr.byline_outlet) outlet = true;
    const char *weak[] = {m->author_el, m->author_meta, m->article_author};
    for (int i = 0; i < 3 && !author && !outlet; i++)
        if (weak[i]) author = author_from_text(&x, weak[i], &outlet);
    if (!author && !outlet && inbody_author) author = ak_strdup(inbody_author);
    out->author = author;

    out->lang = guess_lang(out->body[0] ? out->body : out->title ? out->title : "", m);
    const char *canon = m->canonical ? m->canonical : m->og_url;
    out->canonical_url = canon ? ak_url_resolve(url, canon) : NULL;
    out->site_name = ak_strdup(m->og_site ? m->og_site : m->ld_publisher);
    out->description = ak_strdup(m->og_desc ? m->og_desc : m->desc);
    const char *img = m->og_image ? m->og_image : m->ld_image;
    out->image = img ? ak_url_resolve(url, img) : NULL;

    free(nr.date_text);
    free(nr.mod_text);
    free(nr.time_dt);
    free(nr.byline);
    free(vc.before);
    free(inbody_author);
    for (size_t i = 0; i < x.nb; i++) free(x.b[i].text);
    free(x.b);
    free(x.pre_len);
    free(x.pre_link);
    free(x.cands);
    free(x.ni);
    free(x.host);
    free(x.title);
    free(x.title_site);
    meta_free(&x.m);
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
