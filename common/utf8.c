/* utf8.c -- UTF-8 validation, repair and white-space folding (see utf8.h). */
#include "common/utf8.h"
#include "common/mem.h"

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
        unsigned char c = (unsigned char)s[i];
        if (c && c < 0x80) {
            i++;
            continue;
        }
        if (!c) return false;
        utf8proc_int32_t v;
        utf8proc_ssize_t len = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
                                                (utf8proc_ssize_t)(n - i > 4 ? 4 : n - i), &v);
        if (len <= 0) return false;
        i += (size_t)len;
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

static bool is_space_cp(int cp)
{
    switch (cp) {
    case ' ': case '\t': case '\n': case '\r': case '\f': case '\v':
    case 0x85: case 0xA0: case 0x1680: case 0x2028: case 0x2029:
    case 0x202F: case 0x205F: case 0x3000: case 0x200B: case 0xFEFF:
        return true;
    default:
        return cp >= 0x2000 && cp <= 0x200A;
    }
}

void ak_text_collapse(ak_buf *out, const char *s, size_t n)
{
    size_t i = 0;
    int pending = 0, any = 0;
    while (i < n) {
        int cp;
        size_t len = ak_utf8_next(s + i, n - i, &cp);
        if (is_space_cp(cp)) {
            pending = any;
        } else {
            if (pending) ak_buf_putc(out, ' ');
            pending = 0;
            any = 1;
            ak_buf_append(out, s + i, len);
        }
        i += len;
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
