/* dedup_bench.c -- speed and size of deduplication (run by bench/dedup.sh).
 *
 *   dedup_bench fp [N]             fingerprinting: N synthetic 2 KB articles
 *                                  (normalisation, SHA-256, SimHash, MinHash),
 *                                  single core, against a naive 128-permutation
 *                                  MinHash loop over the same shingles
 *   dedup_bench fp-file FILE [R]   the same on the bodies of a JSON lines file
 *   dedup_bench scale DB [MAX]     insert + dedup cost per article with the
 *                                  SQLite store at 10k, 100k, 1M (up to MAX)
 *                                  stored articles, and index size per article
 *
 * Synthetic articles are deterministic (xorshift PRNG, Zipf-distributed
 * vocabulary of pseudo-Arabic words, per-site chrome lines, 25% copies of
 * earlier articles: exact, lead-only, reworded, re-wrapped), so runs are
 * comparable.  Times are process CPU time for fp, wall time for scale (the
 * store's I/O is part of the cost).
 */
#include "common/buf.h"
#include "common/mem.h"
#include "common/timeutil.h"
#include "dedup/engine.h"
#include "dedup/fp.h"
#include "dedup/norm.h"
#include "main/ddstore.h"
#include "store/store.h"

#include <jansson.h>
#include <malloc.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static double wall_now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

/* ---- deterministic synthetic text -------------------------------------------------- */

static uint64_t rng = 0x9E3779B97F4A7C15ULL;
static uint64_t rnd(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

#define VOCAB 40000
static char *words[VOCAB];
static double cdf[VOCAB];

static void make_vocab(void)
{
    /* Arabic letters (UTF-8), words of 2 to 8 letters; Zipf(1.0) weights. */
    static const char *const letters[] = {"ا", "ب", "ت", "ث", "ج", "ح", "خ", "د", "ذ", "ر", "ز", "س",
                                          "ش", "ص", "ض", "ط", "ظ", "ع", "غ", "ف", "ق", "ك", "ل", "م",
                                          "ن", "ه", "و", "ي", "ة", "ى", "أ", "إ"};
    double sum = 0;
    for (int i = 0; i < VOCAB; i++) {
        ak_buf b = {0};
        int len = 2 + (int)(rnd() % 7);
        for (int k = 0; k < len; k++) ak_buf_puts(&b, letters[rnd() % 32]);
        words[i] = ak_buf_steal(&b);
        sum += 1.0 / (i + 1);
        cdf[i] = sum;
    }
    for (int i = 0; i < VOCAB; i++) cdf[i] /= sum;
}

static const char *word(void)
{
    double u = (double)(rnd() >> 11) / 9007199254740992.0;
    int lo = 0, hi = VOCAB - 1;
    while (lo < hi) {
        int mid = (lo + hi) / 2;
        if (cdf[mid] < u) lo = mid + 1;
        else hi = mid;
    }
    return words[lo];
}

/* A paragraph of n words ending with a full stop. */
static void paragraph(ak_buf *b, int n)
{
    for (int i = 0; i < n; i++) {
        if (i) ak_buf_putc(b, ' ');
        ak_buf_puts(b, word());
        if (i % 11 == 10 && i + 1 < n) ak_buf_puts(b, "،");
    }
    ak_buf_putc(b, '.');
}

#define NSITES 60
typedef struct synth {
    char *title;   /* headline */
    char *body;    /* paragraphs */
    char site[16]; /* site label */
} synth;

static void synth_free(synth *s)
{
    free(s->title);
    free(s->body);
}

/* A fresh article of about 2 KB: 4 paragraphs and the site's chrome. */
static void fresh(synth *s, int site)
{
    snprintf(s->site, sizeof s->site, "site%02d", site);
    ak_buf t = {0}, b = {0};
    for (int i = 0; i < 8; i++) {
        if (i) ak_buf_putc(&t, ' ');
        ak_buf_puts(&t, word());
    }
    ak_buf_printf(&b, "تابعوا موقع %s على واتساب\n\nآخر تحديث: %02d/%02d/2024 %02d:%02d\n\n", s->site,
                  (int)(rnd() % 28) + 1, (int)(rnd() % 12) + 1, (int)(rnd() % 24), (int)(rnd() % 60));
    for (int p = 0; p < 4; p++) {
        paragraph(&b, 38 + (int)(rnd() % 12));
        ak_buf_puts(&b, "\n\n");
    }
    ak_buf_printf(&b, "حقوق النشر محفوظة لموقع %s", s->site);
    s->title = ak_buf_steal(&t);
    s->body = ak_buf_steal(&b);
}

/* A copy of o on another site: exact, lead-only, reworded or re-wrapped. */
static void copy_of(synth *s, const synth *o, int site)
{
    snprintf(s->site, sizeof s->site, "site%02d", site);
    s->title = ak_strdup(o->title);
    /* The story: the body without its site's chrome lines. */
    const char *a = strstr(o->body, "\n\n");
    a = a ? strstr(a + 2, "\n\n") : NULL;
    const char *z = strstr(o->body, "\n\nحقوق النشر");
    ak_buf story = {0};
    if (a && z && z > a) ak_buf_append(&story, a + 2, (size_t)(z - a - 2));
    else ak_buf_puts(&story, o->body);
    ak_buf b = {0};
    switch (rnd() % 4) {
    case 0: ak_buf_puts(&b, o->body); break; /* exact */
    case 1: {                                 /* lead-only */
        const char *e = strstr(story.data, "\n\n");
        ak_buf_append(&b, story.data, e ? (size_t)(e - story.data) : story.len);
        ak_buf_puts(&b, "\n\nاقرأ المزيد");
        break;
    }
    case 2: /* reworded: one word in twelve replaced */
        for (const char *p = story.data; *p;) {
            const char *sp = strpbrk(p, " \n");
            size_t n = sp ? (size_t)(sp - p) : strlen(p);
            if (rnd() % 12 == 0) ak_buf_puts(&b, word());
            else ak_buf_append(&b, p, n);
            if (!sp) break;
            ak_buf_putc(&b, *sp);
            p = sp + 1;
        }
        break;
    default: /* another site's chrome and an attribution */
        ak_buf_printf(&b, "تابعوا موقع %s على واتساب\n\nنقلت يومية الصباح أن\n\n%s\n\nحقوق النشر محفوظة لموقع %s",
                      s->site, story.data, s->site);
        break;
    }
    s->body = ak_buf_steal(&b);
    ak_buf_free(&story);
}

/* ---- fingerprinting ------------------------------------------------------------------- */

/* The naive reference: 128 independent hash permutations per shingle. */
static void naive_minhash(const dd_doc *d, uint32_t sig[128])
{
    static uint64_t a[128], c[128];
    if (!a[0])
        for (int i = 0; i < 128; i++) a[i] = rnd() | 1, c[i] = rnd();
    for (int i = 0; i < 128; i++) sig[i] = 0xFFFFFFFFu;
    for (size_t p = 0; p < d->npara; p++) {
        const dd_para *q = &d->para[p];
        for (uint32_t k = 0; k + DD_SHINGLE <= q->ntok; k++) {
            uint64_t h = dd_shingle_hash(d->tok + q->tok + k, DD_SHINGLE);
            for (int i = 0; i < 128; i++) {
                uint32_t v = (uint32_t)((a[i] * h + c[i]) >> 32);
                if (v < sig[i]) sig[i] = v;
            }
        }
    }
}

static int run_fp(char **bodies, size_t n, int reps)
{
    size_t bytes = 0;
    for (size_t i = 0; i < n; i++) bytes += strlen(bodies[i]);
    dd_doc d = {0};
    uint64_t sink = 0;
    /* Warm-up: tables built, caches filled. */
    for (size_t i = 0; i < n && i < 1000; i++) dd_doc_parse(&d, bodies[i]), dd_doc_sketch(&d);
    double best = 1e9;
    for (int r = 0; r < reps; r++) {
        double t0 = ak_cpu_process();
        for (size_t i = 0; i < n; i++) {
            dd_doc_parse(&d, bodies[i]);
            dd_doc_sketch(&d);
            sink += d.minhash[0];
        }
        double el = ak_cpu_process() - t0;
        if (el < best) best = el;
    }
    /* The reference: the same parse (normalisation, SHA-256), then 128
     * permutations per shingle instead of one-permutation hashing. */
    double ref = 1e9;
    uint32_t sig[128];
    for (int r = 0; r < (reps > 1 ? 2 : 1); r++) {
        double t0 = ak_cpu_process();
        for (size_t i = 0; i < n; i++) {
            dd_doc_parse(&d, bodies[i]);
            naive_minhash(&d, sig);
            sink += sig[0];
        }
        double el = ak_cpu_process() - t0;
        if (el < ref) ref = el;
    }
    double rate = (double)n / best, rref = (double)n / ref;
    printf("fingerprint: %zu articles, mean %.0f bytes: %.0f articles/s, %.1f MB/s, %.1f us/article (best of %d, CPU time)\n",
           n, (double)bytes / (double)n, rate, (double)bytes / best / 1e6, best / (double)n * 1e6, reps);
    printf("fingerprint: naive 128-permutation MinHash, same parse: %.0f articles/s; ours is %.1fx faster\n",
           rref, rate / rref);
    printf("fingerprint: per 2 KB: %.0f articles/s (scaled by size)\n", rate * ((double)bytes / (double)n) / 2048.0);
    dd_doc_free(&d);
    return (int)(sink & 0);
}

static int cmd_fp(size_t n)
{
    make_vocab();
    char **bodies = ak_malloc(n * sizeof *bodies);
    for (size_t i = 0; i < n; i++) {
        synth s;
        fresh(&s, (int)(i % NSITES));
        bodies[i] = s.body;
        free(s.title);
    }
    int rc = run_fp(bodies, n, 5);
    for (size_t i = 0; i < n; i++) free(bodies[i]);
    free(bodies);
    return rc;
}

static int cmd_fp_file(const char *path, int reps)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        perror(path);
        return 1;
    }
    char *line = NULL;
    size_t cap = 0, n = 0, ncap = 0;
    char **bodies = NULL;
    while (getline(&line, &cap, f) > 0) {
        json_t *j = json_loads(line, 0, NULL);
        const char *b = json_string_value(json_object_get(j, "body"));
        if (b) {
            if (n == ncap) bodies = ak_realloc(bodies, (ncap = ncap ? 2 * ncap : 1024) * sizeof *bodies);
            bodies[n++] = ak_strdup(b);
        }
        json_decref(j);
    }
    free(line);
    fclose(f);
    int rc = run_fp(bodies, n, reps);
    for (size_t i = 0; i < n; i++) free(bodies[i]);
    free(bodies);
    return rc;
}

/* ---- insert + query at scale --------------------------------------------------------- */

#define KEEP 8192 /* recent articles kept in memory to copy from */
#define CRAWL_CACHE_BYTES ((int64_t)16 << 20) /* what `akhbar crawl` gives SQLite (cmd_crawl.c) */
#define CRAWL_MMAP_BYTES ((int64_t)0)         /* ... and its memory map (none) */

typedef struct loader {
    st_store *st;
    dd_engine *e;
    synth ring[KEEP];       /* recent articles */
    int64_t n;              /* articles stored */
    int64_t copies_found;   /* copies the engine attached to a cluster */
    int64_t clock;          /* fetch clock */
} loader;

static int add_one(loader *L)
{
    synth s;
    int site = (int)(rnd() % NSITES);
    bool copy = L->n > 100 && rnd() % 4 == 0;
    if (copy) copy_of(&s, &L->ring[rnd() % (L->n < KEEP ? (uint64_t)L->n : KEEP)], site);
    else fresh(&s, site);
    L->clock += 7;
    char url[64];
    snprintf(url, sizeof url, "https://%s.example/a/%lld", s.site, (long long)L->clock);
    char hash[65];
    dd_content_hash(s.body, hash);
    st_article a = {.url = url, .site = s.site, .feed_url = "https://feed.example/", .title = s.title,
                    .body = s.body, .content_hash = hash, .published = L->clock, .modified = AK_TIME_NONE,
                    .fetched_at = L->clock};
    char *err = NULL;
    int rc = st_put_article(L->st, &a, &err);
    if (rc != 1) {
        fprintf(stderr, "store: %s\n", err ? err : "article not inserted");
        return -1;
    }
    dd_article in = {.id = a.id, .site = s.site, .title = s.title, .body = s.body,
                     .published = a.published, .fetched = a.fetched_at};
    dd_result r;
    if (dd_engine_add(L->e, &in, &r, &err) < 0) {
        fprintf(stderr, "dedup: %s\n", err);
        return -1;
    }
    if (r.match > 0) L->copies_found++;
    synth *slot = &L->ring[L->n % KEEP];
    if (L->n >= KEEP) synth_free(slot);
    *slot = s;
    L->n++;
    return 0;
}

/* Adds count articles in transactions of batch. */
static int load(loader *L, int64_t count, int batch)
{
    char *err = NULL;
    for (int64_t i = 0; i < count; i += batch) {
        double t0 = wall_now(), c0 = ak_cpu_process();
        if (st_begin(L->st, &err)) {
            fprintf(stderr, "%s\n", err);
            return -1;
        }
        for (int64_t k = i; k < count && k < i + batch; k++)
            if (add_one(L) < 0) return -1;
        double t1 = wall_now();
        if (st_commit(L->st, &err)) {
            fprintf(stderr, "%s\n", err);
            return -1;
        }
        if (getenv("BENCH_VERBOSE") && batch >= 1000)
            fprintf(stderr, "fill: %lld stored, %d articles: %.0f us/article (commit %.0f ms, CPU %.0f us/article)\n",
                    (long long)L->n, batch, (wall_now() - t0) / batch * 1e6, (wall_now() - t1) * 1e3,
                    (ak_cpu_process() - c0) / batch * 1e6);
    }
    return 0;
}

static int cmd_scale(const char *db, int64_t max)
{
    make_vocab();
    unlink(db);
    char wal[512];
    snprintf(wal, sizeof wal, "%s-wal", db);
    unlink(wal);
    snprintf(wal, sizeof wal, "%s-shm", db);
    unlink(wal);
    int code = 0;
    char *err = NULL;
    loader L = {0};
    L.clock = 1700000000;
    L.st = st_open(db, 0, 10000, &code, &err);
    if (!L.st) {
        fprintf(stderr, "%s\n", err);
        return 1;
    }
    L.e = dd_engine_new(&cli_dd_store_ops, L.st, NULL);
    static const int64_t marks[] = {10000, 100000, 1000000};
    const int sample = 2000;
    double cost[3] = {0}, cpu[3] = {0};
    int done = 0;
    double t_load = wall_now();
    for (int m = 0; m < 3 && marks[m] <= max; m++) {
        /* Fill up to the mark: the same code path, in bulk (large
         * transactions, big cache, no flush: only the fill, not measured). */
        if (st_tune(L.st, (int64_t)4 << 30, CRAWL_MMAP_BYTES, ST_SYNC_OFF, &err) ||
            load(&L, marks[m] - L.n, 100000) < 0)
            return 1;
        /* Measure: sample articles added the way a crawl adds them: the
         * crawl's cache, durable commits, transactions of 64. */
        if (st_tune(L.st, CRAWL_CACHE_BYTES, CRAWL_MMAP_BYTES, ST_SYNC_NORMAL, &err)) return 1;
        dd_stats s0, s1;
        dd_engine_stats(L.e, &s0);
        double t0 = wall_now(), c0 = ak_cpu_process();
        if (load(&L, sample, 64) < 0) return 1;
        double el = wall_now() - t0, ec = ak_cpu_process() - c0;
        dd_engine_stats(L.e, &s1);
        cost[m] = el / sample * 1e6;
        cpu[m] = ec / sample * 1e6;
        int64_t keys = 0, arts = 0, cls = 0, bytes = 0, ibytes = -1;
        st_dd_sizes(L.st, &keys, &arts, &cls, &bytes, marks[m] <= 100000 ? &ibytes : NULL, &err);
        printf("scale: %7lld stored: %.0f us per article inserted + deduplicated (%.0f us CPU; %.1f key lookups, "
               "%.2f candidates verified and %.2f dropped on their sketches per article); %.1f keys/article; "
               "store %.1f MB (%.0f bytes/article)",
               (long long)marks[m], cost[m], cpu[m], (double)(s1.lookups - s0.lookups) / sample,
               (double)(s1.candidates - s0.candidates) / sample,
               (double)(s1.prefiltered - s0.prefiltered) / sample, (double)keys / (double)arts,
               (double)bytes / 1e6, (double)bytes / (double)L.n);
        if (ibytes >= 0)
            printf(", dedup index %.1f MB (%.0f bytes/article)", (double)ibytes / 1e6, (double)ibytes / (double)L.n);
        printf("\n");
        if (marks[m] == 100000)
            printf("scale: store at 1M estimated from 100k: %.1f GB, of which the dedup index %.1f GB\n",
                   (double)bytes / (double)L.n * 1e6 / 1e9, ibytes >= 0 ? (double)ibytes / (double)L.n * 1e6 / 1e9 : -1.0);
        fflush(stdout);
        done = m + 1;
    }
    printf("scale: built in %.0f s; %lld articles, %lld recognised as copies (25%% were generated as copies)\n",
           wall_now() - t_load, (long long)L.n, (long long)L.copies_found);
    for (int m = 1; m < done; m++)
        printf("scale: cost per article at %lld / at %lld stored = %.2f (wall), %.2f (CPU)\n",
               (long long)marks[m], (long long)marks[0], cost[m] / cost[0], cpu[m] / cpu[0]);
    dd_engine_free(L.e);
    st_close(L.st);
    for (int i = 0; i < KEEP && i < L.n; i++) synth_free(&L.ring[i]);
    return 0;
}

/* Measures sample crawl-like insertions into an existing store (profiling aid). */
static int cmd_measure(const char *db, int sample)
{
    make_vocab();
    int code = 0;
    char *err = NULL;
    loader L = {0};
    L.clock = 1800000000;
    L.st = st_open(db, 0, 10000, &code, &err);
    if (!L.st) {
        fprintf(stderr, "%s\n", err);
        return 1;
    }
    L.n = st_count_articles(L.st);
    L.e = dd_engine_new(&cli_dd_store_ops, L.st, NULL);
    if (st_tune(L.st, CRAWL_CACHE_BYTES, CRAWL_MMAP_BYTES, ST_SYNC_NORMAL, &err)) return 1;
    int64_t n0 = L.n;
    L.n = 0; /* the ring is empty: fresh articles first */
    double t0 = wall_now(), c0 = ak_cpu_process();
    if (load(&L, sample, 64) < 0) return 1;
    printf("measure: %lld stored: %.0f us per article (%.0f us CPU)\n", (long long)n0,
           (wall_now() - t0) / sample * 1e6, (ak_cpu_process() - c0) / sample * 1e6);
    dd_engine_free(L.e);
    st_close(L.st);
    return 0;
}

int main(int argc, char **argv)
{
    /* Keep freed memory: SQLite's page cache and the engine's buffers are
     * reused at once, and returning the heap top to the kernel after every
     * statement costs more than the work measured. */
    mallopt(M_TRIM_THRESHOLD, 512 << 20);
    mallopt(M_TOP_PAD, 64 << 20);
    mallopt(M_MMAP_THRESHOLD, 64 << 20);
    if (argc >= 2 && strcmp(argv[1], "fp") == 0) return cmd_fp(argc > 2 ? (size_t)atol(argv[2]) : 20000);
    if (argc >= 3 && strcmp(argv[1], "fp-file") == 0) return cmd_fp_file(argv[2], argc > 3 ? atoi(argv[3]) : 5);
    if (argc >= 3 && strcmp(argv[1], "measure") == 0) return cmd_measure(argv[2], argc > 3 ? atoi(argv[3]) : 2000);
    if (argc >= 3 && strcmp(argv[1], "scale") == 0)
        return cmd_scale(argv[2], argc > 3 ? atoll(argv[3]) : 1000000);
    fprintf(stderr, "usage: dedup_bench fp [N] | fp-file FILE [REPS] | scale DB [MAX]\n");
    return 2;
}
