/* norm.c -- the normal form of article text (see norm.h).
 *
 * Two paths compute the same thing:
 *  - the reference: utf8proc_map (NFKC + case fold + mark stripping +
 *    ignorables) over the whole string, then fold() on each code point;
 *  - the fast path: a table, built once from the reference applied to each
 *    BMP code point alone, giving that code point's output bytes.  Per code
 *    point mapping equals whole-string mapping because marks are stripped
 *    before composition, so the only characters that compose with their
 *    neighbours are conjoining Hangul jamo; those (and non-BMP characters)
 *    are mapped as runs by the reference.
 */
#include "dedup/norm.h"
#include "common/mem.h"
#include "common/utf8.h"

#include <openssl/evp.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#define MAP_FLAGS                                                                          \
    (UTF8PROC_STABLE | UTF8PROC_COMPAT | UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD |            \
     UTF8PROC_STRIPMARK | UTF8PROC_IGNORE)

/* Folds applied after NFKC + case folding + mark stripping.  Writes the
 * replacement code points to out[] and returns how many (0 = drop). */
static int fold(int cp, int out[2])
{
    switch (cp) {
    case 0x0622: case 0x0623: case 0x0625: case 0x0671: case 0x0672: case 0x0673:
        out[0] = 0x0627; return 1; /* alef forms -> bare alef */
    case 0x0624: out[0] = 0x0648; return 1; /* ؤ -> و */
    case 0x0626: out[0] = 0x064A; return 1; /* ئ -> ي */
    case 0x0649: out[0] = 0x064A; return 1; /* ى -> ي */
    case 0x0629: out[0] = 0x0647; return 1; /* ة -> ه */
    case 0x06A9: out[0] = 0x0643; return 1; /* Persian kaf -> kaf */
    case 0x06CC: out[0] = 0x064A; return 1; /* Farsi yeh -> yeh */
    case 0x0640: return 0;                  /* tatweel: drop */
    case 0x0153: out[0] = 'o'; out[1] = 'e'; return 2; /* œ -> oe */
    case 0x00E6: out[0] = 'a'; out[1] = 'e'; return 2; /* æ -> ae */
    default: break;
    }
    if (cp >= 0x0660 && cp <= 0x0669) { out[0] = '0' + (cp - 0x0660); return 1; }
    if (cp >= 0x06F0 && cp <= 0x06F9) { out[0] = '0' + (cp - 0x06F0); return 1; }
    if ((cp >= 0x064B && cp <= 0x065F) || cp == 0x0670 || (cp >= 0x06D6 && cp <= 0x06ED))
        return 0; /* any Arabic mark utf8proc left */
    out[0] = cp;
    return 1;
}

static bool is_sep(int cp)
{
    if (cp == ' ') return true;
    switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_PC: case UTF8PROC_CATEGORY_PD: case UTF8PROC_CATEGORY_PS:
    case UTF8PROC_CATEGORY_PE: case UTF8PROC_CATEGORY_PI: case UTF8PROC_CATEGORY_PF:
    case UTF8PROC_CATEGORY_PO: case UTF8PROC_CATEGORY_SM: case UTF8PROC_CATEGORY_SC:
    case UTF8PROC_CATEGORY_SK: case UTF8PROC_CATEGORY_SO: case UTF8PROC_CATEGORY_ZS:
    case UTF8PROC_CATEGORY_ZL: case UTF8PROC_CATEGORY_ZP: case UTF8PROC_CATEGORY_CC:
    case UTF8PROC_CATEGORY_CF:
        return true;
    default:
        return false;
    }
}

/* Output state: words separated by one space, no leading/trailing space. */
typedef struct emitter {
    ak_buf *out;   /* destination */
    bool space;    /* a separator is pending */
    bool any;      /* something was written by this call */
} emitter;

static inline void emit_sep(emitter *e)
{
    e->space = e->any;
}

static inline void emit_bytes(emitter *e, const char *p, size_t n)
{
    if (e->space) ak_buf_putc(e->out, ' ');
    e->space = false;
    e->any = true;
    ak_buf_append(e->out, p, n);
}

/* Folds the already utf8proc-mapped src[0..len) into e. */
static void fold_mapped(emitter *e, const char *src, size_t len)
{
    for (size_t i = 0; i < len;) {
        int cp;
        i += ak_utf8_next(src + i, len - i, &cp);
        int f[2];
        int nf = fold(cp, f);
        for (int k = 0; k < nf; k++) {
            if (is_sep(f[k])) {
                emit_sep(e);
                continue;
            }
            char enc[4];
            utf8proc_ssize_t el = utf8proc_encode_char(f[k], (utf8proc_uint8_t *)enc);
            emit_bytes(e, enc, (size_t)el);
        }
    }
}

/* The reference mapping of s[0..n) into e. */
static void map_reference(emitter *e, const char *s, size_t n)
{
    if (n == 0) return;
    utf8proc_uint8_t *mapped = NULL;
    utf8proc_ssize_t m = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n, &mapped,
                                      MAP_FLAGS);
    if (m >= 0) fold_mapped(e, (const char *)mapped, (size_t)m);
    else fold_mapped(e, s, n); /* invalid UTF-8: folds only, bad bytes become U+FFFD (a symbol) */
    free(mapped);
}

void dd_normalize_reference(ak_buf *out, const char *s, size_t n)
{
    emitter e = {out, false, false};
    map_reference(&e, s, n);
}

/* ---- the table ------------------------------------------------------------ */

/* Entry for one BMP code point: its output is pool[off .. off+len), where a
 * ' ' byte stands for a separator; len 0 = nothing (dropped); SPECIAL =
 * needs the reference path with its neighbours. */
#define SPECIAL 0xFF
typedef struct entry {
    uint32_t off;  /* into pool */
    uint8_t len;   /* bytes, 0 = drop, SPECIAL = run through utf8proc */
    uint8_t plain; /* 1 = no separator in it: copied as is */
} entry;

static entry *table;       /* 0x10000 entries */
static char *pool;         /* output bytes of all entries */
static pthread_once_t table_once = PTHREAD_ONCE_INIT;

static bool needs_context(int cp)
{
    return (cp >= 0x1100 && cp <= 0x11FF) || (cp >= 0xA960 && cp <= 0xA97F) ||
           (cp >= 0xD7B0 && cp <= 0xD7FF) || (cp >= 0x3130 && cp <= 0x318F) ||
           (cp >= 0xAC00 && cp <= 0xD7AF) || (cp >= 0xD800 && cp <= 0xDFFF);
}

/* True when mapped text holds Hangul that may compose with a neighbour. */
static bool has_hangul(const char *s, size_t n)
{
    for (size_t i = 0; i < n;) {
        int cp;
        i += ak_utf8_next(s + i, n - i, &cp);
        if (needs_context(cp)) return true;
    }
    return false;
}

static void build_table(void)
{
    table = ak_calloc(0x10000, sizeof *table);
    ak_buf p = {0};
    ak_buf one = {0};
    for (int cp = 0; cp < 0x10000; cp++) {
        if (needs_context(cp)) {
            table[cp].len = SPECIAL;
            continue;
        }
        char enc[4];
        utf8proc_ssize_t el = utf8proc_encode_char(cp, (utf8proc_uint8_t *)enc);
        ak_buf_clear(&one);
        /* Surround with separators so that the entry keeps a leading or
         * trailing separator as a ' ' (the emitter trims them otherwise). */
        emitter e = {&one, false, true};
        map_reference(&e, enc, (size_t)el);
        if (e.space) ak_buf_putc(&one, ' ');
        if (one.len >= SPECIAL || has_hangul(one.data, one.len)) {
            table[cp].len = SPECIAL;
            continue;
        }
        table[cp].off = (uint32_t)p.len;
        table[cp].len = (uint8_t)one.len;
        table[cp].plain = one.len > 0 && !memchr(one.data, ' ', one.len);
        ak_buf_append(&p, one.data ? one.data : "", one.len);
    }
    ak_buf_free(&one);
    ak_buf_append(&p, "\0\0\0\0", 4); /* slack for the fixed-size copies */
    pool = ak_buf_steal(&p);
}

static inline void emit_entry(emitter *e, const entry *t)
{
    const char *q = pool + t->off;
    size_t n = t->len;
    size_t i = 0;
    while (i < n) {
        if (q[i] == ' ') {
            emit_sep(e);
            i++;
            continue;
        }
        size_t j = i;
        while (j < n && q[j] != ' ') j++;
        emit_bytes(e, q + i, j - i);
        i = j;
    }
}

/* ASCII: lower-case letters and digits as they are, everything else a
 * separator, except the C0 controls that utf8proc's IGNORE drops... none:
 * every control is a separator (category Cc). */
static inline int ascii_class(unsigned char c)
{
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) return c;
    if (c >= 'A' && c <= 'Z') return c + 32;
    return -1;
}

/* Decodes one valid 2- or 3-byte sequence (BMP); returns its length, or 0
 * when s[0..n) does not start with one. */
static inline size_t decode_bmp(const unsigned char *s, size_t n, int *cp)
{
    unsigned char c = s[0];
    if (c >= 0xC2 && c <= 0xDF) {
        if (n < 2 || (s[1] & 0xC0) != 0x80) return 0;
        *cp = ((c & 0x1F) << 6) | (s[1] & 0x3F);
        return 2;
    }
    if (c >= 0xE0 && c <= 0xEF) {
        if (n < 3 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80) return 0;
        int v = ((c & 0x0F) << 12) | ((s[1] & 0x3F) << 6) | (s[2] & 0x3F);
        if (v < 0x800 || (v >= 0xD800 && v <= 0xDFFF)) return 0;
        *cp = v;
        return 3;
    }
    return 0;
}

void dd_normalize(ak_buf *out, const char *s, size_t n)
{
    if (n == 0) return;
    pthread_once(&table_once, build_table);
    emitter e = {out, false, false};
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0;
    while (i < n) {
        /* Fast loop: ASCII and table characters written straight into the
         * buffer; room for the longest entry is kept at hand. */
        ak_buf_reserve(out, (n - i) + 2 * SPECIAL);
        char *w = out->data + out->len;
        char *limit = out->data + out->cap - SPECIAL - 2;
        while (i < n && w < limit) {
            unsigned char c = u[i];
            if (c < 0x80) {
                int v = ascii_class(c);
                i++;
                if (v < 0) {
                    e.space = e.any;
                    continue;
                }
                if (e.space) *w++ = ' ';
                e.space = false;
                e.any = true;
                *w++ = (char)v;
                while (i < n && u[i] < 0x80 && w < limit && (v = ascii_class(u[i])) >= 0) {
                    *w++ = (char)v;
                    i++;
                }
                continue;
            }
            int cp;
            size_t l = decode_bmp(u + i, n - i, &cp);
            if (!l) break;
            const entry *t = &table[cp];
            if (t->len == SPECIAL) break;
            i += l;
            if (t->len == 0) continue;
            const char *q = pool + t->off;
            if (t->plain) {
                if (e.space) *w++ = ' ';
                e.space = false;
                e.any = true;
                if (t->len <= 4) memcpy(w, q, 4); /* fixed size: one move (pool and buffer have slack) */
                else memcpy(w, q, t->len);
                w += t->len;
                continue;
            }
            if (t->len == 1) { /* a lone separator */
                e.space = e.any;
                continue;
            }
            out->len = (size_t)(w - out->data);
            emit_entry(&e, t);
            w = out->data + out->len;
        }
        out->len = (size_t)(w - out->data);
        out->data[out->len] = '\0';
        if (i >= n) break;
        if (w >= limit) continue;
        /* A run of characters that need utf8proc with their context
         * (conjoining jamo, Hangul, non-BMP, invalid bytes). */
        size_t j = i;
        while (j < n && u[j] >= 0x80) {
            int c2;
            size_t l2 = decode_bmp(u + j, n - j, &c2);
            /* Dropped characters (marks) stay in the run: jamo compose across them. */
            if (l2 && table[c2].len != SPECIAL && table[c2].len != 0) break;
            if (!l2) {
                int dummy;
                l2 = ak_utf8_next(s + j, n - j, &dummy);
            }
            j += l2;
        }
        map_reference(&e, s + i, j - i);
        i = j;
    }
}

void dd_content_hash(const char *body, char hex[65])
{
    ak_buf b = {0};
    dd_normalize(&b, body ? body : "", body ? strlen(body) : 0);
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int mdlen = 0;
    EVP_Digest(b.data ? b.data : "", b.len, md, &mdlen, EVP_sha256(), NULL);
    for (unsigned i = 0; i < mdlen && i < 32; i++) {
        static const char hx[] = "0123456789abcdef";
        hex[2 * i] = hx[md[i] >> 4];
        hex[2 * i + 1] = hx[md[i] & 15];
    }
    hex[64] = '\0';
    ak_buf_free(&b);
}
