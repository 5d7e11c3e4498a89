/* utf8.c -- UTF-8 validation, repair and white-space folding (see utf8.h). */
#include "common/utf8.h"
#include "common/mem.h"

#include <stdint.h>
#include <string.h>
#include <utf8proc.h>

size_t ak_utf8_next(const char *s, size_t n, int *cp)
{
    unsigned char c = (unsigned char)s[0];
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    utf8proc_int32_t v;
    utf8proc_ssize_t len = utf8proc_iterate((const utf8proc_uint8_t *)s,
                                            (utf8proc_ssize_t)(n > 4 ? 4 : n), &v);
    if (len <= 0) {
        *cp = 0xFFFD;
        return 1;
    }
    *cp = v;
    return (size_t)len;
}

bool ak_utf8_valid(const char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        /* ASCII without NUL, eight bytes at a time. */
        while (i + 8 <= n) {
            uint64_t w;
            memcpy(&w, s + i, 8);
            if ((w & 0x8080808080808080ULL) || ((w - 0x0101010101010101ULL) & ~w & 0x8080808080808080ULL))
                break;
            i += 8;
        }
        if (i >= n) break;
        unsigned char c = (unsigned char)s[i];
        if (c && c < 0x80) {
            i++;
            continue;
        }
        if (!c) return false;
        /* Well-formed sequences (Unicode 3.9, table 3-7): no overlongs,
         * no surrogates, nothing above U+10FFFF. */
        const unsigned char *u = (const unsigned char *)s + i;
        size_t left = n - i;
        if (c >= 0xC2 && c <= 0xDF) {
            if (left < 2 || (u[1] & 0xC0) != 0x80) return false;
            i += 2;
            /* Runs of two-byte characters (Arabic, accented Latin). */
            while (i + 1 < n && (unsigned char)s[i] >= 0xC2 && (unsigned char)s[i] <= 0xDF &&
                   ((unsigned char)s[i + 1] & 0xC0) == 0x80)
                i += 2;
        } else if (c >= 0xE0 && c <= 0xEF) {
            if (left < 3 || (u[1] & 0xC0) != 0x80 || (u[2] & 0xC0) != 0x80 ||
                (c == 0xE0 && u[1] < 0xA0) || (c == 0xED && u[1] >= 0xA0))
                return false;
            i += 3;
        } else if (c >= 0xF0 && c <= 0xF4) {
            if (left < 4 || (u[1] & 0xC0) != 0x80 || (u[2] & 0xC0) != 0x80 || (u[3] & 0xC0) != 0x80 ||
                (c == 0xF0 && u[1] < 0x90) || (c == 0xF4 && u[1] >= 0x90))
                return false;
            i += 4;
        } else {
            return false;
        }
    }
    return true;
}

static const char REPLACEMENT[] = "\xEF\xBF\xBD";

size_t ak_utf8_sanitize(ak_buf *out, const char *s, size_t n)
{
    size_t bad = 0, i = 0, run = 0;
    ak_buf_reserve(out, n);
    while (i < n) {
        unsigned char c = (unsigned char)s[i];
        if (c && c < 0x80) {
            i++;
            continue;
        }
        int cp;
        size_t len = c ? ak_utf8_next(s + i, n - i, &cp) : 1;
        if (c && !(cp == 0xFFFD && len == 1)) {
            i += len;
            continue;
        }
        /* Invalid byte or NUL: flush the good run, then the replacement. */
        ak_buf_append(out, s + run, i - run);
        ak_buf_append(out, REPLACEMENT, 3);
        bad++;
        i++;
        run = i;
    }
    ak_buf_append(out, s + run, i - run);
    return bad;
}

/* Length of the white-space character at p, or 0: ASCII space, tab, CR,
 * LF, FF, VT, U+0085, NBSP, U+1680, U+2000-U+200B, U+2028, U+2029,
 * U+202F, U+205F, U+3000 and the BOM.  p holds valid UTF-8 with left bytes
 * available. */
static size_t space_len(const unsigned char *p, size_t left)
{
    unsigned char c = p[0];
    if (c < 0x80) return (c == ' ' || (c >= '\t' && c <= '\r')) ? 1 : 0;
    if (c == 0xC2 && left >= 2) return (p[1] == 0x85 || p[1] == 0xA0) ? 2 : 0;
    if (left < 3) return 0;
    if (c == 0xE1) return p[1] == 0x9A && p[2] == 0x80 ? 3 : 0;
    if (c == 0xE2) {
        if (p[1] == 0x80) return (p[2] <= 0x8B || p[2] == 0xA8 || p[2] == 0xA9 || p[2] == 0xAF) ? 3 : 0;
        return p[1] == 0x81 && p[2] == 0x9F ? 3 : 0;
    }
    if (c == 0xE3) return p[1] == 0x80 && p[2] == 0x80 ? 3 : 0;
    if (c == 0xEF) return p[1] == 0xBB && p[2] == 0xBF ? 3 : 0;
    return 0;
}

void ak_text_collapse(ak_buf *out, const char *s, size_t n)
{
    /* Whole runs of non-space bytes are copied at once; only bytes that may
     * start a space character are looked at closely. */
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0;
    bool any = false, pending = false;
    while (i < n) {
        size_t sp = space_len(u + i, n - i);
        if (sp) {
            pending = any;
            i += sp;
            continue;
        }
        size_t start = i++;
        while (i < n) {
            unsigned char c = u[i];
            if ((c <= ' ' || c == 0xC2 || c == 0xE1 || c == 0xE2 || c == 0xE3 || c == 0xEF) &&
                space_len(u + i, n - i))
                break;
            i++;
        }
        if (pending) ak_buf_putc(out, ' ');
        pending = false;
        any = true;
        ak_buf_append(out, s + start, i - start);
    }
}

char *ak_text_clean(const char *s)
{
    if (!s) return NULL;
    ak_buf b = {0};
    ak_text_collapse(&b, s, strlen(s));
    return ak_buf_steal(&b);
}

size_t ak_utf8_count(const char *s, size_t n)
{
    size_t c = 0;
    for (size_t i = 0; i < n; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80) c++;
    return c;
}
