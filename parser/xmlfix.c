/* xmlfix.c -- lenient XML tokeniser that emits well-formed XML (see xmlfix.h).
 *
 * A small state machine over the input: prolog (XML declaration, DOCTYPE
 * with its internal subset, comments, junk) until the root element, then
 * content (text runs, references, tags, CDATA), then the epilogue, which is
 * ignored.  Open elements are kept on a stack (offsets of their names in the
 * input), which is what makes end tags, truncation and self-nesting
 * repairable.  Output goes to a buffer that xf_read drains.
 */
#include "parser/xmlfix.h"
#include "common/buf.h"
#include "common/mem.h"
#include "common/utf8.h"

#include <libxml/HTMLparser.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

enum { PH_PROLOG, PH_CONTENT, PH_EPILOG, PH_DONE };

/* Kinds of repair, reported once each (then counted). */
enum kind {
    K_AMP, K_LT, K_ENTITY, K_CTRL, K_CHARREF, K_UNCLOSED, K_STRAY, K_ATTR, K_JUNK, K_TRAIL,
    K_EXTERNAL, K_DEPTH, K_TRUNC, K_NKINDS
};

static const char *const kind_name[K_NKINDS] = {
    [K_AMP] = "bare '&' escaped",
    [K_LT] = "stray '<' escaped",
    [K_ENTITY] = "undefined entity kept as text",
    [K_CTRL] = "control character replaced by a space",
    [K_CHARREF] = "invalid character reference replaced",
    [K_UNCLOSED] = "unclosed element closed",
    [K_STRAY] = "stray end tag dropped",
    [K_ATTR] = "malformed attribute repaired",
    [K_JUNK] = "junk before the root element skipped",
    [K_TRAIL] = "content after the end of the document ignored",
    [K_EXTERNAL] = "external entity not loaded",
    [K_DEPTH] = "element nested too deep flattened",
    [K_TRUNC] = "document truncated",
};

typedef struct xf_ent {
    const char *name;    /* in the input */
    size_t nlen;         /* its length */
    const char *value;   /* replacement text in the input, NULL for external */
    size_t vlen;         /* its length */
    const char *sys;     /* system id of an external entity, or NULL */
    size_t slen;         /* its length */
    char *exp;           /* expansion, escaped for XML text (owned), or NULL */
    size_t explen;       /* its length */
} xf_ent;

typedef struct open_el {
    size_t off;          /* name's offset in the input */
    unsigned len;        /* name's length */
} open_el;

struct xf_reader {
    const char *in;          /* input (not owned) */
    size_t len;              /* its length */
    size_t pos;              /* next byte to read */
    int phase;               /* PH_* */
    ak_buf out;              /* output not yet handed out */
    size_t out_off;          /* bytes of out already handed out */
    ak_buf attrs;            /* scratch: attributes of the tag being read */
    open_el stack[XF_MAX_DEPTH]; /* open elements */
    int depth;               /* entries in stack */
    xf_ent *ents;            /* entities declared in the internal subset */
    size_t nents;            /* entries in ents */
    size_t memo_bytes;       /* bytes of all expansions kept */
    size_t ref_bytes;        /* bytes emitted for references to declared entities */
    char *error;             /* why the document was refused, or NULL */
    xf_warn_fn *warn;        /* warning sink, or NULL */
    void *udata;             /* its argument */
    size_t line_pos;         /* input offset up to which lines are counted */
    int line;                /* line number at line_pos */
    size_t count[K_NKINDS];  /* repairs by kind */
    bool text_refs;          /* clean CDATA as <?akhbar-text OFF LEN?> */
};

#define MAX_ENTS 4096
#define MAX_ATTRS 64

/* ---- small helpers ------------------------------------------------------ */

int xf_line(xf_reader *x)
{
    size_t end = x->pos < x->len ? x->pos : x->len;
    while (x->line_pos < end) {
        const char *nl = memchr(x->in + x->line_pos, '\n', end - x->line_pos);
        if (!nl) {
            x->line_pos = end;
            break;
        }
        x->line++;
        x->line_pos = (size_t)(nl - x->in) + 1;
    }
    return x->line;
}

static void note(xf_reader *x, enum kind k, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void note(xf_reader *x, enum kind k, const char *fmt, ...)
{
    if (x->count[k]++ || !x->warn) return;
    char msg[256];
    int n = snprintf(msg, sizeof msg, "line %d: ", xf_line(x));
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg + n, sizeof msg - (size_t)n, fmt, ap);
    va_end(ap);
    x->warn(x->udata, msg);
}

static void fail(xf_reader *x, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void fail(xf_reader *x, const char *fmt, ...)
{
    if (x->error) return;
    ak_buf b = {0};
    va_list ap;
    va_start(ap, fmt);
    ak_buf_vprintf(&b, fmt, ap);
    va_end(ap);
    x->error = ak_buf_steal(&b);
    x->phase = PH_DONE;
}

static bool is_ws(unsigned char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

/* Control characters XML 1.0 forbids. */
static bool is_ctrl(unsigned char c) { return c < 0x20 && c != '\t' && c != '\n' && c != '\r'; }

static bool text_special(unsigned char c)
{
    return c < 0x20 ? (c != '\t' && c != '\n' && c != '\r') : (c == '<' || c == '&' || c == 0xEF);
}

static bool starts_n(const xf_reader *x, size_t p, const char *lit, size_t n)
{
    return p + n <= x->len && memcmp(x->in + p, lit, n) == 0;
}

/* lit must be a string literal. */
#define starts(x, p, lit) starts_n((x), (p), (lit), sizeof(lit) - 1)

static bool istarts_n(const xf_reader *x, size_t p, const char *lit, size_t n)
{
    return p + n <= x->len && strncasecmp(x->in + p, lit, n) == 0;
}

#define istarts(x, p, lit) istarts_n((x), (p), (lit), sizeof(lit) - 1)

static bool valid_xml_char(uint32_t c)
{
    return c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) ||
           (c >= 0xE000 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0x10FFFF);
}

static bool name_start_cp(uint32_t c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':' ||
           (c >= 0xC0 && c <= 0xD6) || (c >= 0xD8 && c <= 0xF6) || (c >= 0xF8 && c <= 0x2FF) ||
           (c >= 0x370 && c <= 0x37D) || (c >= 0x37F && c <= 0x1FFF) ||
           (c >= 0x200C && c <= 0x200D) || (c >= 0x2070 && c <= 0x218F) ||
           (c >= 0x2C00 && c <= 0x2FEF) || (c >= 0x3001 && c <= 0xD7FF) ||
           (c >= 0xF900 && c <= 0xFDCF) || (c >= 0xFDF0 && c <= 0xFFFD) ||
           (c >= 0x10000 && c <= 0xEFFFF);
}

static bool name_cp(uint32_t c)
{
    return name_start_cp(c) || c == '-' || c == '.' || (c >= '0' && c <= '9') || c == 0xB7 ||
           (c >= 0x300 && c <= 0x36F) || (c >= 0x203F && c <= 0x2040);
}

/* ASCII name characters: 1 = may start a name, 2 = may follow. */
static unsigned char ascii_name[128];

static void init_ascii_name(void)
{
    for (int c = 0; c < 128; c++)
        ascii_name[c] = name_start_cp((uint32_t)c) ? 3 : name_cp((uint32_t)c) ? 2 : 0;
}

/* Length of the name character at in[p] (0 if it is not one). */
static size_t name_char_at(const xf_reader *x, size_t p, bool start)
{
    if (p >= x->len) return 0;
    unsigned char c = (unsigned char)x->in[p];
    if (c < 0x80) return (ascii_name[c] & (start ? 1 : 2)) ? 1 : 0;
    int cp;
    size_t n = ak_utf8_next(x->in + p, x->len - p, &cp);
    return (start ? name_start_cp((uint32_t)cp) : name_cp((uint32_t)cp)) ? n : 0;
}

/* Scans a name at in[p]; returns its length (0 when there is none). */
static size_t scan_name(const xf_reader *x, size_t p)
{
    size_t n = name_char_at(x, p, true);
    if (!n) return 0;
    size_t q = p + n;
    for (;;) {
        while (q < x->len && (unsigned char)x->in[q] < 0x80 && (ascii_name[(unsigned char)x->in[q]] & 2)) q++;
        if (q >= x->len || (unsigned char)x->in[q] < 0x80 || !(n = name_char_at(x, q, false))) break;
        q += n;
    }
    return q - p;
}

static void put_cp(ak_buf *b, uint32_t cp)
{
    char u[4];
    size_t n;
    if (cp == '<') {
        ak_buf_append(b, "&#60;", 5);
        return;
    }
    if (cp == '&') {
        ak_buf_append(b, "&#38;", 5);
        return;
    }
    if (cp == '"') {
        ak_buf_append(b, "&#34;", 5);
        return;
    }
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

/* Character references to C1 controls mean windows-1252, as in HTML. */
static uint32_t c1_to_1252(uint32_t c)
{
    static const uint16_t map[32] = {
        0x20AC, 0x81, 0x201A, 0x192, 0x201E, 0x2026, 0x2020, 0x2021, 0x2C6, 0x2030, 0x160,
        0x2039, 0x152, 0x8D, 0x17D, 0x8F, 0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
        0x2013, 0x2014, 0x2DC, 0x2122, 0x161, 0x203A, 0x153, 0x9D, 0x17E, 0x178};
    return c >= 0x80 && c <= 0x9F ? map[c - 0x80] : c;
}

static xf_ent *find_ent(xf_reader *x, const char *name, size_t n)
{
    for (size_t i = 0; i < x->nents; i++)
        if (x->ents[i].nlen == n && memcmp(x->ents[i].name, name, n) == 0) return &x->ents[i];
    return NULL;
}

/* An HTML 4 entity's code point, or 0. */
static uint32_t html_entity(const char *name, size_t n)
{
    char buf[40];
    if (n >= sizeof buf) return 0;
    memcpy(buf, name, n);
    buf[n] = '\0';
    const htmlEntityDesc *d = htmlEntityLookup((const xmlChar *)buf);
    return d ? d->value : 0;
}

/* ---- references ----------------------------------------------------------- */

enum ref_kind { REF_BARE, REF_CHAR, REF_NAMED };

typedef struct ref {
    enum ref_kind kind;  /* what was found */
    uint32_t cp;         /* REF_CHAR: the code point (already checked) */
    const char *name;    /* REF_NAMED: the name */
    size_t nlen;         /* its length */
    size_t len;          /* bytes consumed from '&' */
} ref;

/* Parses a reference at s[0] == '&' within s[0..n). */
static ref parse_ref(const char *s, size_t n)
{
    ref r = {.kind = REF_BARE, .len = 1};
    if (n >= 3 && s[1] == '#') {
        bool hex = s[2] == 'x' || s[2] == 'X';
        size_t i = hex ? 3 : 2, start = i;
        uint64_t v = 0;
        while (i < n && i - start < 10) {
            char c = s[i];
            int d = c >= '0' && c <= '9' ? c - '0'
                    : hex && c >= 'a' && c <= 'f' ? c - 'a' + 10
                    : hex && c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
            if (d < 0) break;
            v = v * (hex ? 16 : 10) + (uint64_t)d;
            i++;
        }
        if (i == start) return r;
        if (i < n && s[i] == ';') i++;
        else if (i < n && ((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'z') ||
                           (s[i] >= 'A' && s[i] <= 'Z')))
            return r; /* "&#12ab" is not a reference */
        r.kind = REF_CHAR;
        r.len = i;
        r.cp = v > 0x10FFFF ? 0xFFFFFFFFu : (uint32_t)v;
        return r;
    }
    size_t i = 1;
    if (i < n && ((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') || s[i] == '_')) {
        i++;
        while (i < n && i < 64 &&
               ((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') ||
                (s[i] >= '0' && s[i] <= '9') || s[i] == '.' || s[i] == '-' || s[i] == '_'))
            i++;
        if (i < n && s[i] == ';') {
            r.kind = REF_NAMED;
            r.name = s + 1;
            r.nlen = i - 1;
            r.len = i + 1;
        }
    }
    return r;
}

/* The character a character reference stands for, repaired; 0 = a space. */
static uint32_t fix_charref(xf_reader *x, uint32_t cp)
{
    uint32_t c = c1_to_1252(cp);
    if (valid_xml_char(c)) return c;
    note(x, K_CHARREF, "invalid character reference &#%u;", (unsigned)cp);
    return c < 0x20 ? ' ' : 0xFFFD;
}

static const struct { const char *name; uint32_t cp; } predefined[] = {
    {"amp", '&'}, {"lt", '<'}, {"gt", '>'}, {"quot", '"'}, {"apos", '\''},
};

static uint32_t predefined_cp(const char *name, size_t n)
{
    if (n < 2 || n > 4) return 0;
    for (size_t i = 0; i < sizeof predefined / sizeof predefined[0]; i++)
        if (predefined[i].name[0] == name[0] && strlen(predefined[i].name) == n &&
            memcmp(predefined[i].name, name, n) == 0)
            return predefined[i].cp;
    return 0;
}

/* Emits the reference at in[*p] (which is '&') into dst, reading no further
 * than end. */
static void reference(xf_reader *x, ak_buf *dst, size_t *p, size_t end)
{
    ref r = parse_ref(x->in + *p, end - *p);
    if (r.kind == REF_CHAR) {
        put_cp(dst, fix_charref(x, r.cp));
    } else if (r.kind == REF_NAMED) {
        uint32_t cp = predefined_cp(r.name, r.nlen);
        xf_ent *e;
        if (cp) {
            put_cp(dst, cp);
        } else if ((e = find_ent(x, r.name, r.nlen))) {
            if (e->exp) {
                x->ref_bytes += e->explen;
                if (x->ref_bytes > XF_MAX_EXPANSION + x->len) {
                    fail(x, "line %d: references to DTD entities expand beyond %zu bytes "
                            "(an entity-expansion attack): document refused",
                         xf_line(x), (size_t)XF_MAX_EXPANSION + x->len);
                    return;
                }
                ak_buf_append(dst, e->exp, e->explen);
            } else if (!e->value) {
                note(x, K_EXTERNAL, "external entity &%.*s; (\"%.*s\") not loaded: akhbar never "
                                    "reads files or URLs named by a document",
                     (int)r.nlen, r.name, (int)(e->slen > 80 ? 80 : e->slen), e->sys ? e->sys : "");
            }
        } else if ((cp = html_entity(r.name, r.nlen))) {
            put_cp(dst, cp);
        } else {
            note(x, K_ENTITY, "undefined entity &%.*s; kept as text", (int)r.nlen, r.name);
            ak_buf_append(dst, "&#38;", 5);
            ak_buf_append(dst, r.name, r.nlen);
            ak_buf_putc(dst, ';');
        }
    } else {
        note(x, K_AMP, "bare '&' escaped");
        ak_buf_append(dst, "&#38;", 5);
    }
    *p += r.len;
}

/* Copies in[p..end) to dst as XML text: controls become spaces,
 * U+FFFE/U+FFFF become U+FFFD; with markup, '<' '&' '"' are escaped too
 * (references are resolved). */
static void copy_text(xf_reader *x, ak_buf *dst, size_t p, size_t end, bool markup)
{
    while (p < end) {
        size_t s = p;
        if (markup)
            while (p < end && !text_special((unsigned char)x->in[p]) && x->in[p] != '"') p++;
        else
            while (p < end && !is_ctrl((unsigned char)x->in[p]) && (unsigned char)x->in[p] != 0xEF) p++;
        if (p > s) ak_buf_append(dst, x->in + s, p - s);
        if (p >= end) break;
        unsigned char c = (unsigned char)x->in[p];
        if (c == 0xEF) {
            if (p + 2 < end && (unsigned char)x->in[p + 1] == 0xBF &&
                ((unsigned char)x->in[p + 2] == 0xBE || (unsigned char)x->in[p + 2] == 0xBF)) {
                ak_buf_append(dst, "\xEF\xBF\xBD", 3);
                p += 3;
            } else {
                ak_buf_putc(dst, (char)c);
                p++;
            }
        } else if (is_ctrl(c)) {
            note(x, K_CTRL, "control character U+%04X replaced by a space", c);
            ak_buf_putc(dst, ' ');
            p++;
        } else if (c == '&') {
            reference(x, dst, &p, end);
        } else if (c == '<') {
            ak_buf_append(dst, "&#60;", 5);
            p++;
        } else { /* '"' */
            ak_buf_append(dst, "&#34;", 5);
            p++;
        }
    }
}

/* ---- DTD internal subset: entity declarations -------------------------- */

/* Skips a quoted string at in[p]; returns the offset after it. */
static size_t skip_quoted(const xf_reader *x, size_t p)
{
    char q = x->in[p];
    const char *e = memchr(x->in + p + 1, q, x->len - p - 1);
    return e ? (size_t)(e - x->in) + 1 : x->len;
}

/* Skips a markup declaration to its '>' (quotes respected). */
static size_t skip_decl(const xf_reader *x, size_t p)
{
    while (p < x->len && x->in[p] != '>') {
        if (x->in[p] == '"' || x->in[p] == '\'') p = skip_quoted(x, p);
        else p++;
    }
    return p < x->len ? p + 1 : p;
}

static size_t skip_ws(const xf_reader *x, size_t p)
{
    while (p < x->len && is_ws((unsigned char)x->in[p])) p++;
    return p;
}

static size_t skip_past(const xf_reader *x, size_t p, const char *lit)
{
    size_t n = strlen(lit);
    if (p > x->len) return x->len;
    const char *e = memmem(x->in + p, x->len - p, lit, n);
    return e ? (size_t)(e - x->in) + n : x->len;
}

/* <!ENTITY name "value"> | <!ENTITY name SYSTEM "uri"> | ... ; p after "<!ENTITY". */
static size_t entity_decl(xf_reader *x, size_t p)
{
    p = skip_ws(x, p);
    if (p < x->len && x->in[p] == '%') return skip_decl(x, p); /* parameter entity: unused */
    size_t nlen = scan_name(x, p);
    if (!nlen) return skip_decl(x, p);
    xf_ent e = {.name = x->in + p, .nlen = nlen};
    p = skip_ws(x, p + nlen);
    if (p < x->len && (x->in[p] == '"' || x->in[p] == '\'')) {
        const char *close = memchr(x->in + p + 1, x->in[p], x->len - p - 1);
        e.value = x->in + p + 1;
        e.vlen = close ? (size_t)(close - e.value) : x->len - p - 1;
        p = close ? (size_t)(close - x->in) + 1 : x->len;
    } else if (starts(x, p, "SYSTEM") || starts(x, p, "PUBLIC")) {
        bool pub = x->in[p] == 'P';
        p = skip_ws(x, p + 6);
        if (pub && p < x->len && (x->in[p] == '"' || x->in[p] == '\'')) p = skip_ws(x, skip_quoted(x, p));
        if (p < x->len && (x->in[p] == '"' || x->in[p] == '\'')) {
            size_t end = skip_quoted(x, p);
            e.sys = x->in + p + 1;
            e.slen = end > p + 1 ? end - p - 2 : 0;
            p = end;
        }
    }
    p = skip_decl(x, p);
    /* The first declaration of a name binds (XML 1.0, 4.2). */
    if (!find_ent(x, e.name, e.nlen) && x->nents < MAX_ENTS) {
        x->ents = ak_realloc(x->ents, (x->nents + 1) * sizeof *x->ents);
        x->ents[x->nents++] = e;
    }
    return p;
}

/* Expands entity i into dst (escaped for XML text), iteratively, within
 * budget bytes.  Returns 0, -1 when too big, -2 on self-reference. */
static int expand(xf_reader *x, size_t i, ak_buf *dst, size_t budget)
{
    struct { const char *v; size_t n, at; size_t ent; } st[XF_MAX_ENTITY_DEPTH + 1];
    int sp = 0;
    st[0].v = x->ents[i].value;
    st[0].n = x->ents[i].vlen;
    st[0].at = 0;
    st[0].ent = i;
    size_t start = dst->len, cost = 0;
    while (sp >= 0) {
        if (dst->len - start + cost > budget) return -1;
        if (st[sp].at >= st[sp].n) {
            sp--;
            continue;
        }
        const char *s = st[sp].v + st[sp].at;
        size_t left = st[sp].n - st[sp].at;
        unsigned char c = (unsigned char)*s;
        if (c != '&') {
            if (c == '<') ak_buf_append(dst, "&#60;", 5);
            else if (c == '"') ak_buf_append(dst, "&#34;", 5);
            else if (is_ctrl(c)) ak_buf_putc(dst, ' ');
            else ak_buf_putc(dst, (char)c);
            st[sp].at++;
            continue;
        }
        ref r = parse_ref(s, left);
        st[sp].at += r.len;
        cost++; /* every reference costs, so empty entities cannot multiply for free */
        if (r.kind == REF_CHAR) {
            put_cp(dst, fix_charref(x, r.cp));
        } else if (r.kind == REF_BARE) {
            ak_buf_append(dst, "&#38;", 5);
        } else {
            uint32_t cp = predefined_cp(r.name, r.nlen);
            xf_ent *e = cp ? NULL : find_ent(x, r.name, r.nlen);
            if (cp) {
                put_cp(dst, cp);
            } else if (e && e->exp) {
                ak_buf_append(dst, e->exp, e->explen);
            } else if (e && e->value) {
                size_t j = (size_t)(e - x->ents);
                for (int k = 0; k <= sp; k++)
                    if (st[k].ent == j) return -2;
                if (sp + 1 > XF_MAX_ENTITY_DEPTH) return -2;
                sp++;
                st[sp].v = e->value;
                st[sp].n = e->vlen;
                st[sp].at = 0;
                st[sp].ent = j;
            } else if (!e && (cp = html_entity(r.name, r.nlen))) {
                put_cp(dst, cp);
            } else if (!e) {
                ak_buf_append(dst, "&#38;", 5);
                ak_buf_append(dst, r.name, r.nlen);
                ak_buf_putc(dst, ';');
            } /* external: nothing */
        }
    }
    return 0;
}

/* Expands every declared internal entity once, within the global budget. */
static void memoise(xf_reader *x)
{
    ak_buf b = {0};
    for (size_t i = 0; i < x->nents && !x->error; i++) {
        xf_ent *e = &x->ents[i];
        if (!e->value || e->exp) continue; /* expanded at an earlier DOCTYPE */
        ak_buf_clear(&b);
        size_t budget = XF_MAX_EXPANSION - x->memo_bytes;
        int rc = expand(x, i, &b, budget);
        if (rc == -1)
            fail(x, "entity &%.*s; expands beyond %u bytes (an entity-expansion attack such as "
                    "\"billion laughs\"): document refused",
                 (int)e->nlen, e->name, (unsigned)XF_MAX_EXPANSION);
        else if (rc == -2)
            fail(x, "entity &%.*s; refers to itself or nests deeper than %d levels: document refused",
                 (int)e->nlen, e->name, XF_MAX_ENTITY_DEPTH);
        else {
            e->exp = ak_strndup(ak_buf_str(&b), b.len);
            e->explen = b.len;
            x->memo_bytes += b.len;
        }
    }
    ak_buf_free(&b);
}

/* <!DOCTYPE ...>; p after "<!DOCTYPE".  Entity declarations are kept, the
 * rest is dropped; nothing is ever loaded. */
static size_t doctype(xf_reader *x, size_t p)
{
    while (p < x->len && x->in[p] != '>' && x->in[p] != '[') {
        if (x->in[p] == '"' || x->in[p] == '\'') p = skip_quoted(x, p);
        else p++;
    }
    if (p < x->len && x->in[p] == '[') {
        p++;
        for (;;) {
            p = skip_ws(x, p);
            if (p >= x->len) break;
            if (x->in[p] == ']') {
                p++;
                break;
            }
            if (starts(x, p, "<!ENTITY")) p = entity_decl(x, p + 8);
            else if (starts(x, p, "<!--")) p = skip_past(x, p + 4, "-->");
            else if (starts(x, p, "<?")) p = skip_past(x, p + 2, "?>");
            else if (starts(x, p, "<!")) p = skip_decl(x, p + 2);
            else if (x->in[p] == '%') {
                const char *semi = memchr(x->in + p, ';', x->len - p);
                p = semi ? (size_t)(semi - x->in) + 1 : x->len;
            } else p++;
        }
        p = skip_decl(x, p);
    } else if (p < x->len) {
        p++;
    }
    memoise(x);
    return p;
}

/* ---- tags --------------------------------------------------------------------- */

typedef struct word {
    const char *s;  /* the word */
    size_t n;       /* its length */
} word;

#define W(lit) {lit, sizeof(lit) - 1}

static bool in_list(const word *v, size_t nv, const char *name, size_t n, bool nocase)
{
    for (size_t i = 0; i < nv; i++)
        if (v[i].n == n && (nocase ? strncasecmp(v[i].s, name, n) : memcmp(v[i].s, name, n)) == 0)
            return true;
    return false;
}

static bool is_void(const char *name, size_t n)
{
    if (n < 2 || n > 6 || !strchr("abcehikmptwABCEHIKMPTW", name[0])) return false;
    static const word v[] = {W("br"), W("img"), W("hr"), W("area"), W("base"), W("col"),
                             W("embed"), W("input"), W("meta"), W("param"), W("track"),
                             W("wbr"), W("keygen")};
    return n <= 6 && in_list(v, sizeof v / sizeof v[0], name, n, true);
}

/* Feed elements that never contain themselves: opening one while it is
 * open means the earlier one was not closed. */
static bool no_self_nest(const char *name, size_t n)
{
    static const word v[] = {W("item"), W("entry"), W("url"), W("sitemap"), W("title"),
                             W("link"), W("description"), W("guid"), W("pubDate"),
                             W("category"), W("summary"), W("content"), W("id"), W("updated"),
                             W("published"), W("loc"), W("lastmod"), W("enclosure"),
                             W("p") /* HTML: a paragraph ends where the next begins */};
    return in_list(v, sizeof v / sizeof v[0], name, n, false);
}

static void emit_end(xf_reader *x, const open_el *e)
{
    ak_buf_append(&x->out, "</", 2);
    ak_buf_append(&x->out, x->in + e->off, e->len);
    ak_buf_putc(&x->out, '>');
}

/* Closes open elements down to (and including) stack index i. */
static void close_to(xf_reader *x, int i)
{
    while (x->depth > i) {
        x->depth--;
        emit_end(x, &x->stack[x->depth]);
    }
    if (x->depth == 0) x->phase = PH_EPILOG;
}

static int find_open(const xf_reader *x, const char *name, size_t n, bool nocase)
{
    for (int i = x->depth - 1; i >= 0; i--) {
        const open_el *e = &x->stack[i];
        if (e->len != n) continue;
        if (nocase ? strncasecmp(x->in + e->off, name, n) == 0 : memcmp(x->in + e->off, name, n) == 0)
            return i;
    }
    return -1;
}

/* A start tag at in[pos] == '<' followed by a name start. */
static void start_tag(xf_reader *x)
{
    size_t p = x->pos + 1;
    size_t nlen = scan_name(x, p);
    const char *name = x->in + p;
    size_t noff = p;
    p += nlen;
    ak_buf *a = &x->attrs;
    ak_buf_clear(a);
    struct { size_t off, len; } seen[MAX_ATTRS];
    int nseen = 0;
    bool self = false;
    for (;;) {
        p = skip_ws(x, p);
        if (p >= x->len) { /* truncated inside the tag: drop it */
            x->pos = x->len;
            return;
        }
        unsigned char c = (unsigned char)x->in[p];
        if (c == '>') {
            p++;
            break;
        }
        if (c == '/' && p + 1 < x->len && x->in[p + 1] == '>') {
            self = true;
            p += 2;
            break;
        }
        if (c == '<') { /* "<a href='x' <b>": the tag ended without '>' */
            note(x, K_ATTR, "tag <%.*s> not closed by '>'", (int)nlen, name);
            break;
        }
        size_t an = scan_name(x, p);
        if (!an) {
            note(x, K_ATTR, "junk in tag <%.*s> skipped", (int)nlen, name);
            int cp;
            p += ak_utf8_next(x->in + p, x->len - p, &cp);
            continue;
        }
        size_t aoff = p;
        p = skip_ws(x, p + an);
        size_t vs = 0, ve = 0;
        bool has_value = false;
        if (p < x->len && x->in[p] == '=') {
            p = skip_ws(x, p + 1);
            if (p >= x->len) {
                x->pos = x->len;
                return;
            }
            if (x->in[p] == '"' || x->in[p] == '\'') {
                const char *close = memchr(x->in + p + 1, x->in[p], x->len - p - 1);
                vs = p + 1;
                if (!close) { /* unterminated value: up to the next '>' */
                    const char *gt = memchr(x->in + vs, '>', x->len - vs);
                    if (!gt) {
                        x->pos = x->len;
                        return;
                    }
                    note(x, K_ATTR, "unterminated attribute value in <%.*s>", (int)nlen, name);
                    ve = (size_t)(gt - x->in);
                    p = ve;
                } else {
                    ve = (size_t)(close - x->in);
                    p = ve + 1;
                }
            } else {
                note(x, K_ATTR, "unquoted attribute value in <%.*s>", (int)nlen, name);
                vs = p;
                while (p < x->len && !is_ws((unsigned char)x->in[p]) && x->in[p] != '>' &&
                       !(x->in[p] == '/' && p + 1 < x->len && x->in[p + 1] == '>'))
                    p++;
                ve = p;
            }
            has_value = true;
        } else {
            note(x, K_ATTR, "attribute without a value in <%.*s>", (int)nlen, name);
        }
        bool dup = false;
        for (int i = 0; i < nseen && !dup; i++)
            dup = seen[i].len == an && memcmp(x->in + seen[i].off, x->in + aoff, an) == 0;
        if (dup || nseen >= MAX_ATTRS) {
            note(x, K_ATTR, "duplicate attribute in <%.*s> dropped", (int)nlen, name);
            continue;
        }
        /* xmlns:p="" is not allowed in XML 1.0 namespaces. */
        if (has_value && ve == vs && an > 6 && memcmp(x->in + aoff, "xmlns:", 6) == 0) continue;
        seen[nseen].off = aoff;
        seen[nseen].len = an;
        nseen++;
        ak_buf_putc(a, ' ');
        ak_buf_append(a, x->in + aoff, an);
        ak_buf_append(a, "=\"", 2);
        if (has_value) copy_text(x, a, vs, ve, true);
        ak_buf_putc(a, '"');
    }
    x->pos = p;
    const char *colon = memchr(name, ':', nlen);
    const char *local = colon ? colon + 1 : name;
    size_t llen = nlen - (size_t)(local - name);
    if (!colon && is_void(name, nlen)) self = true;
    if (x->depth > 0 && no_self_nest(local, llen)) {
        int i = find_open(x, name, nlen, false);
        if (i >= 1) { /* never the root: that would end the document */
            note(x, K_UNCLOSED, "<%.*s> opened inside an unclosed <%.*s>: closed the earlier one",
                 (int)nlen, name, (int)nlen, name);
            close_to(x, i);
        }
    }
    if (!self && x->depth >= XF_MAX_DEPTH) {
        note(x, K_DEPTH, "elements nested deeper than %d levels flattened", XF_MAX_DEPTH);
        self = true;
    }
    ak_buf_putc(&x->out, '<');
    ak_buf_append(&x->out, name, nlen);
    ak_buf_append(&x->out, a->data ? a->data : "", a->len);
    if (self) {
        ak_buf_append(&x->out, "/>", 2);
        if (x->depth == 0) x->phase = PH_EPILOG;
    } else {
        ak_buf_putc(&x->out, '>');
        x->stack[x->depth].off = noff;
        x->stack[x->depth].len = (unsigned)nlen;
        x->depth++;
        x->phase = PH_CONTENT;
    }
}

/* An end tag at in[pos] == '<', in[pos+1] == '/'. */
static void end_tag(xf_reader *x)
{
    size_t p = skip_ws(x, x->pos + 2);
    size_t nlen = scan_name(x, p);
    const char *name = x->in + p;
    const char *gt = memchr(x->in + p, '>', x->len - p);
    if (!gt) {
        x->pos = x->len;
        return;
    }
    x->pos = (size_t)(gt - x->in) + 1;
    if (!nlen) {
        note(x, K_STRAY, "empty end tag dropped");
        return;
    }
    if (!memchr(name, ':', nlen) && is_void(name, nlen)) return; /* </br> */
    int i = find_open(x, name, nlen, false);
    if (i < 0) i = find_open(x, name, nlen, true);
    if (i < 0) {
        note(x, K_STRAY, "end tag </%.*s> without a start tag dropped", (int)nlen, name);
        return;
    }
    if (i < x->depth - 1) {
        const open_el *top = &x->stack[x->depth - 1];
        note(x, K_UNCLOSED, "<%.*s> not closed before </%.*s>", (int)top->len, x->in + top->off,
             (int)nlen, name);
    }
    close_to(x, i);
}

/* ---- the state machine ------------------------------------------------------- */

static void finish(xf_reader *x)
{
    if (x->phase == PH_CONTENT && x->depth > 0) {
        const open_el *top = &x->stack[x->depth - 1];
        note(x, K_TRUNC, "document ends inside <%.*s> (truncated?): open elements closed",
             (int)top->len, x->in + top->off);
        ak_buf_puts(&x->out, "<?" XF_TRUNCATED_PI "?>");
        close_to(x, 0);
    }
    x->phase = PH_DONE;
    if (!x->warn) return;
    xf_line(x);
    for (int k = 0; k < K_NKINDS; k++)
        if (x->count[k] > 1) {
            char msg[160];
            snprintf(msg, sizeof msg, "%s %zu times in all", kind_name[k], x->count[k]);
            x->warn(x->udata, msg);
        }
}

/* Decimal digits of v (printf is slow for this hot path). */
static void put_num(ak_buf *b, size_t v)
{
    char d[24];
    int n = 0;
    do d[n++] = (char)('0' + v % 10); while ((v /= 10) > 0);
    while (n) ak_buf_putc(b, d[--n]);
}

static void markup(xf_reader *x)
{
    size_t p = x->pos;
    char c1 = p + 1 < x->len ? x->in[p + 1] : '\0';
    if (c1 != '!' && c1 != '?' && c1 != '/') { /* the common case: a start tag */
        if (name_char_at(x, p + 1, true)) {
            start_tag(x);
        } else if (x->phase == PH_CONTENT) {
            note(x, K_LT, "stray '<' escaped");
            ak_buf_append(&x->out, "&#60;", 5);
            x->pos = p + 1;
        } else {
            x->pos = p + 1;
        }
        return;
    }
    if (starts(x, p, "<!--")) {
        x->pos = skip_past(x, p + 4, "-->");
    } else if (starts(x, p, "<![CDATA[") && x->phase == PH_CONTENT) {
        const char *end = NULL; /* "]]>": memchr for ']' is much faster than memmem */
        for (const char *q = x->in + p + 9, *lim = x->in + x->len; q < lim;) {
            q = memchr(q, ']', (size_t)(lim - q));
            if (!q || q + 2 >= lim) break;
            if (q[1] == ']' && q[2] == '>') {
                end = q;
                break;
            }
            q++;
        }
        size_t e = end ? (size_t)(end - x->in) : x->len;
        bool clean = x->text_refs;
        for (size_t i = p + 9; i < e && clean;) {
            /* Eight bytes at a time: none below 0x20 and none 0xEF is clean. */
            if (i + 8 <= e) {
                uint64_t w, ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL;
                memcpy(&w, x->in + i, 8);
                uint64_t low = (w - ones * 0x20) & ~w & highs, ef = w ^ (ones * 0xEF);
                if (!low && !((ef - ones) & ~ef & highs)) {
                    i += 8;
                    continue;
                }
            }
            unsigned char c = (unsigned char)x->in[i];
            clean = !(is_ctrl(c) || (c == 0xEF && i + 2 < e && (unsigned char)x->in[i + 1] == 0xBF &&
                                     (unsigned char)x->in[i + 2] >= 0xBE));
            i++;
        }
        if (clean) {
            if (e > p + 9) {
                ak_buf_append(&x->out, "<?" XF_TEXT_PI " ", sizeof XF_TEXT_PI + 2);
                put_num(&x->out, p + 9);
                ak_buf_putc(&x->out, ' ');
                put_num(&x->out, e - p - 9);
                ak_buf_append(&x->out, "?>", 2);
            }
        } else {
            ak_buf_append(&x->out, "<![CDATA[", 9);
            copy_text(x, &x->out, p + 9, e, false);
            ak_buf_append(&x->out, "]]>", 3);
        }
        x->pos = end ? e + 3 : x->len;
    } else if (istarts(x, p, "<!DOCTYPE") && x->phase == PH_PROLOG) {
        x->pos = doctype(x, p + 9);
    } else if (starts(x, p, "<!")) {
        x->pos = skip_decl(x, p + 2);
    } else if (starts(x, p, "<?")) {
        x->pos = skip_past(x, p + 2, "?>");
    } else if (starts(x, p, "</") && x->phase == PH_CONTENT) {
        end_tag(x);
    } else if (name_char_at(x, p + 1, true)) {
        start_tag(x);
    } else if (x->phase == PH_CONTENT) {
        note(x, K_LT, "stray '<' escaped");
        ak_buf_append(&x->out, "&#60;", 5);
        x->pos = p + 1;
    } else {
        x->pos = p + 1;
    }
}

static void step(xf_reader *x)
{
    if (x->pos >= x->len) {
        finish(x);
        return;
    }
    const char *in = x->in;
    switch (x->phase) {
    case PH_PROLOG: {
        size_t p = skip_ws(x, x->pos);
        x->pos = p;
        if (p >= x->len) return;
        if (in[p] == '<') {
            markup(x);
        } else {
            note(x, K_JUNK, "text before the root element skipped");
            const char *lt = memchr(in + p, '<', x->len - p);
            x->pos = lt ? (size_t)(lt - in) : x->len;
        }
        return;
    }
    case PH_CONTENT: {
        size_t i = x->pos, lim = x->len - i > 65536 ? i + 65536 : x->len;
        bool cr = false;
        while (i < lim && !text_special((unsigned char)in[i])) cr |= in[i++] == '\r';
        if (i > x->pos) {
            if (x->text_refs && i - x->pos >= 48 && !cr) { /* long plain text: by reference */
                ak_buf_append(&x->out, "<?" XF_TEXT_PI " ", sizeof XF_TEXT_PI + 2);
                put_num(&x->out, x->pos);
                ak_buf_putc(&x->out, ' ');
                put_num(&x->out, i - x->pos);
                ak_buf_append(&x->out, "?>", 2);
            } else {
                ak_buf_append(&x->out, in + x->pos, i - x->pos);
            }
        }
        x->pos = i;
        if (i >= x->len || i == lim) return;
        unsigned char c = (unsigned char)in[i];
        if (c == '<') {
            markup(x);
        } else if (c == '&') {
            reference(x, &x->out, &x->pos, x->len);
        } else { /* a control character, or a U+FFFE/U+FFFF candidate */
            size_t n = c == 0xEF && x->len - i >= 3 ? 3 : 1;
            copy_text(x, &x->out, i, i + n, false);
            x->pos = i + n;
        }
        return;
    }
    case PH_EPILOG: {
        size_t p = skip_ws(x, x->pos);
        if (p < x->len) {
            x->pos = p;
            note(x, K_TRAIL, "content after the end of the document ignored");
        }
        x->pos = x->len;
        return;
    }
    default:
        return;
    }
}

xf_reader *xf_new(const char *in, size_t len, xf_warn_fn *warn, void *udata)
{
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, init_ascii_name);
    xf_reader *x = ak_calloc(1, sizeof *x);
    x->in = in;
    x->len = len;
    x->warn = warn;
    x->udata = udata;
    x->line = 1;
    x->phase = PH_PROLOG;
    return x;
}

size_t xf_read(xf_reader *x, char *out, size_t cap)
{
    if (x->out_off) { /* keep the buffer small: move what is left to the front */
        size_t left = x->out.len - x->out_off;
        memmove(x->out.data, x->out.data + x->out_off, left);
        x->out.len = left;
        x->out_off = 0;
    }
    while (x->out.len < cap && x->phase != PH_DONE) step(x);
    if (x->error) return 0;
    size_t n = x->out.len < cap ? x->out.len : cap;
    if (n) memcpy(out, x->out.data, n);
    x->out_off = n;
    return n;
}

const char *xf_error(const xf_reader *x) { return x->error; }

void xf_set_text_refs(xf_reader *x, bool on) { x->text_refs = on; }

void xf_free(xf_reader *x)
{
    if (!x) return;
    for (size_t i = 0; i < x->nents; i++) free(x->ents[i].exp);
    free(x->ents);
    ak_buf_free(&x->out);
    ak_buf_free(&x->attrs);
    free(x->error);
    free(x);
}
