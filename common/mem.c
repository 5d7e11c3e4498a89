/* mem.c -- abort-on-OOM allocation wrappers (see mem.h for why). */
#include "common/mem.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void oom(size_t n)
{
    fprintf(stderr, "akhbar: fatal: out of memory allocating %zu bytes\n", n);
    abort();
}

void *ak_malloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p) oom(n);
    return p;
}

void *ak_calloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size ? size : 1);
    if (!p) oom(n * size);
    return p;
}

void *ak_realloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q) oom(n);
    return q;
}

char *ak_strdup(const char *s)
{
    return s ? ak_strndup(s, strlen(s)) : NULL;
}

char *ak_strndup(const char *s, size_t n)
{
    if (!s) return NULL;
    size_t len = strnlen(s, n);
    char *p = ak_malloc(len + 1);
    memcpy(p, s, len);
    p[len] = '\0';
    return p;
}
