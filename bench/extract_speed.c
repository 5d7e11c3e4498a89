/* extract_speed.c -- single-core throughput of the article extractor against
 * libxml2's bare HTML parse of the same pages.
 *
 *   extract_speed [--rounds N] LIST
 *
 * LIST names one HTML file per line.  All pages are read into memory first;
 * then N passes (default 5) over all of them time, page by page and
 * alternately, (a) bare htmlReadMemory + xmlFreeDoc with the options
 * px_extract uses and (b) px_extract + px_free.  Prints one JSON line: pages,
 * bytes, total seconds and pages/s of each, the same from the fastest of
 * the N runs of each page ("best": robust on a machine shared with other
 * work), and the process's peak RSS (KB).  Run it pinned to one core
 * (taskset -c 0) for a single-core figure.  Used by bench/extract_bench.py
 * (make bench-extract).
 */
#include "common/mem.h"
#include "parser/extract.h"

#include <libxml/HTMLparser.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

typedef struct page {
    char *data; /* file contents */
    size_t len; /* bytes */
} page;

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    size_t cap = 1 << 16, n = 0;
    char *b = ak_malloc(cap);
    size_t r;
    while ((r = fread(b + n, 1, cap - n, f)) > 0) {
        n += r;
        if (n == cap) b = ak_realloc(b, cap *= 2);
    }
    fclose(f);
    *len = n;
    return b;
}

int main(int argc, char **argv)
{
    int rounds = 5;
    const char *list = NULL;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--rounds") == 0 && i + 1 < argc) rounds = atoi(argv[++i]);
        else list = argv[i];
    }
    if (!list || rounds < 1) {
        fprintf(stderr, "usage: extract_speed [--rounds N] LIST\n");
        return 2;
    }
    FILE *f = fopen(list, "r");
    if (!f) {
        perror(list);
        return 2;
    }
    page *pages = NULL;
    size_t n = 0, cap = 0, bytes = 0;
    char line[4096];
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\r\n")] = '\0';
        if (!line[0]) continue;
        page p;
        p.data = slurp(line, &p.len);
        if (!p.data) {
            fprintf(stderr, "extract_speed: cannot read %s\n", line);
            return 2;
        }
        if (n == cap) pages = ak_realloc(pages, (cap = cap ? cap * 2 : 64) * sizeof *pages);
        pages[n++] = p;
        bytes += p.len;
    }
    fclose(f);
    if (!n) {
        fprintf(stderr, "extract_speed: no pages in %s\n", list);
        return 2;
    }
    double parse_s = 0, extract_s = 0;
    double *best_p = ak_malloc(n * sizeof *best_p), *best_e = ak_malloc(n * sizeof *best_e);
    size_t ok = 0;
    for (int r = 0; r < rounds; r++) {
        for (size_t i = 0; i < n; i++) {
            double t0 = now_s();
            htmlDocPtr d = htmlReadMemory(pages[i].data, (int)pages[i].len, NULL, NULL,
                                          HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                                              HTML_PARSE_NONET | HTML_PARSE_COMPACT);
            if (d) xmlFreeDoc(d);
            double t1 = now_s();
            px_article a;
            ok += px_extract(pages[i].data, pages[i].len, NULL, NULL, 0, &a) == 0;
            px_free(&a);
            double t2 = now_s();
            parse_s += t1 - t0;
            extract_s += t2 - t1;
            if (r == 0 || t1 - t0 < best_p[i]) best_p[i] = t1 - t0;
            if (r == 0 || t2 - t1 < best_e[i]) best_e[i] = t2 - t1;
        }
    }
    double bp = 0, be = 0;
    for (size_t i = 0; i < n; i++) bp += best_p[i], be += best_e[i];
    free(best_p);
    free(best_e);
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    double pages_total = (double)n * rounds;
    printf("{\"pages\": %zu, \"rounds\": %d, \"bytes\": %zu, \"articles\": %zu, "
           "\"parse_s\": %.3f, \"extract_s\": %.3f, \"parse_pps\": %.1f, \"extract_pps\": %.1f, "
           "\"best_parse_pps\": %.1f, \"best_extract_pps\": %.1f, \"maxrss_kb\": %ld}\n",
           n, rounds, bytes, ok / (size_t)rounds, parse_s, extract_s, pages_total / parse_s,
           pages_total / extract_s, n / bp, n / be, ru.ru_maxrss);
    for (size_t i = 0; i < n; i++) free(pages[i].data);
    free(pages);
    return 0;
}
