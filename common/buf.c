/* buf.c -- growable NUL-terminated byte buffer (see buf.h). */
#include "common/buf.h"
#include "common/mem.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void ak_buf_reserve(ak_buf *b, size_t extra)
{
    size_t need = b->len + extra + 1;
    if (need <= b->cap) return;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < need) cap = cap < ((size_t)1 << 30) ? cap * 2 : cap + need;
    b->data = ak_realloc(b->data, cap);
    b->data[b->len] = '\0'; /* a fresh buffer is an empty string too */
    b->cap = cap;
}

void ak_buf_append(ak_buf *b, const void *p, size_t n)
{
    if (b->len + n + 1 > b->cap) ak_buf_reserve(b, n);
    if (n) memcpy(b->data + b->len, p, n);
    b->len += n;
    b->data[b->len] = '\0';
}

void ak_buf_puts(ak_buf *b, const char *s) { ak_buf_append(b, s, strlen(s)); }
void ak_buf_putc(ak_buf *b, char c) { ak_buf_append(b, &c, 1); }

void ak_buf_vprintf(ak_buf *b, const char *fmt, va_list ap)
{
    va_list cp;
    va_copy(cp, ap);
    int n = vsnprintf(NULL, 0, fmt, cp);
    va_end(cp);
    if (n <= 0) return;
    ak_buf_reserve(b, (size_t)n);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    b->len += (size_t)n;
}

void ak_buf_printf(ak_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    ak_buf_vprintf(b, fmt, ap);
    va_end(ap);
}

void ak_buf_clear(ak_buf *b)
{
    b->len = 0;
    if (b->data) b->data[0] = '\0';
}

void ak_buf_free(ak_buf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}

char *ak_buf_steal(ak_buf *b)
{
    char *p = b->data ? b->data : ak_strdup("");
    b->data = NULL;
    b->len = b->cap = 0;
    return p;
}

const char *ak_buf_str(const ak_buf *b) { return b->data ? b->data : ""; }
