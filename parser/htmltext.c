/* htmltext.c -- HTML fragments to plain text (see htmltext.h). */
#include "parser/htmltext.h"
#include "common/buf.h"
#include "common/mem.h"
#include "common/utf8.h"

#include <libxml/HTMLparser.h>
#include <stdlib.h>
#include <string.h>

static void put_cp(ak_buf *b, unsigned cp)
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

char *ph_plain_text(const char *s)
{
    if (!s) return NULL;
    if (!strchr(s, '&') && !strchr(s, '<')) return ak_text_clean(s);
    ak_buf b = {0};
    for (const char *p = s; *p;) {
        if (*p == '<') {
            /* A tag: "<" followed by a letter, "/" or "!" up to ">". */
            const char *q = p + 1;
            if ((*q >= 'a' && *q <= 'z') || (*q >= 'A' && *q <= 'Z') || *q == '/' || *q == '!') {
                const char *end = strchr(q, '>');
                if (end) {
                    ak_buf_putc(&b, ' ');
                    p = end + 1;
                    continue;
                }
            }
        } else if (*p == '&') {
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
            if (cp > 0 && cp < 0x110000 && !(cp >= 0xD800 && cp < 0xE000)) {
                put_cp(&b, cp);
                p = semi + 1;
                continue;
            }
        }
        ak_buf_putc(&b, *p++);
    }
    char *out = ak_text_clean(ak_buf_str(&b));
    ak_buf_free(&b);
    return out;
}
