/* fp.c -- fingerprints of one article (see fp.h). */
#include "dedup/fp.h"
#include "common/mem.h"
#include "common/utf8.h"
#include "dedup/norm.h"

#include <openssl/evp.h>
#include <pthread.h>
#include <string.h>
#include <utf8proc.h>
#define XXH_INLINE_ALL /* short inputs: inlined hashing is much faster */
#include <xxhash.h>

/* Seeds keep the hash families apart. */
#define SEED_WORD 0x61b2c3d4e5f60718ULL
#define SEED_PARA 0x9e3779b97f4a7c15ULL
#define SEED_SHAPE 0xc2b2ae3d27d4eb4fULL
#define SEED_PREFIX 0x165667b19e3779f9ULL

static inline uint64_t rotl(uint64_t x, int r)
{
    return (x << r) | (x >> (64 - r));
}

static inline uint64_t fmix64(uint64_t k)
{
    k ^= k >> 33;
    k *= 0xff51afd7ed558ccdULL;
    k ^= k >> 33;
    k *= 0xc4ceb9fe1a85ec53ULL;
    k ^= k >> 33;
    return k;
}

uint64_t dd_word_hash(const char *w, size_t n)
{
    return XXH3_64bits_withSeed(w, n, SEED_WORD);
}

uint64_t dd_shingle_hash(const uint64_t *w, size_t n)
{
    if (n >= 3)
        return fmix64(w[0] + rotl(w[1], 21) * 0x9e3779b97f4a7c15ULL +
                      rotl(w[2], 43) * 0xbf58476d1ce4e5b9ULL);
    if (n == 2) return fmix64(w[0] ^ rotl(w[1], 29) * 0x94d049bb133111ebULL ^ 0x2545F4914F6CDD1DULL);
    if (n == 1) return fmix64(w[0] ^ 0x27bb2ee687b0b0fdULL);
    return 0;
}

int dd_hamming(uint64_t a, uint64_t b)
{
    return __builtin_popcountll(a ^ b);
}

double dd_minhash_jaccard(const uint32_t *a, const uint32_t *b)
{
    if (a[0] == 0xFFFFFFFFu && a[1] == 0xFFFFFFFFu) return 0;
    if (b[0] == 0xFFFFFFFFu && b[1] == 0xFFFFFFFFu) return 0;
    int eq = 0;
    for (int i = 0; i < DD_MINHASH; i++) eq += a[i] == b[i];
    return (double)eq / DD_MINHASH;
}

/* ---- parsing ---------------------------------------------------------------- */

static void add_para(dd_doc *d, size_t tok0)
{
    if (d->npara == d->para_cap) {
        d->para_cap = d->para_cap ? 2 * d->para_cap : 32;
        d->para = ak_realloc(d->para, d->para_cap * sizeof *d->para);
    }
    dd_para *p = &d->para[d->npara++];
    memset(p, 0, sizeof *p);
    p->tok = (uint32_t)tok0;
    p->ntok = (uint32_t)(d->ntok - tok0);
}

/* The digits of a number word: one run of digits with at most 6 bytes
 * before it (ب, ال, بال glued to it) and 4 after (هـ, م); *dn = 0 when w
 * is no number. */
static const char *number_digits(const char *w, size_t n, size_t *dn)
{
    size_t i = 0;
    while (i < n && (unsigned char)(w[i] - '0') >= 10) i++;
    size_t k = i;
    while (k < n && (unsigned char)(w[k] - '0') < 10) k++;
    *dn = 0;
    if (i == n || i > 6 || n - k > 4) return NULL;
    for (size_t r = k; r < n; r++)
        if ((unsigned char)(w[r] - '0') < 10) return NULL;
    *dn = k - i;
    return w + i;
}

static inline void add_tok(dd_doc *d, const char *w, size_t n, bool digits)
{
    if (d->ntok == d->tok_cap) {
        d->tok_cap = d->tok_cap ? 2 * d->tok_cap : 512;
        d->tok = ak_realloc(d->tok, d->tok_cap * sizeof *d->tok);
        d->tokf = ak_realloc(d->tokf, d->tok_cap);
        d->num = ak_realloc(d->num, d->tok_cap * sizeof *d->num);
    }
    d->tok[d->ntok] = dd_word_hash(w, n);
    d->tokf[d->ntok] = 0;
    d->num[d->ntok] = 0;
    if (digits) {
        size_t dn;
        const char *v = number_digits(w, n, &dn);
        if (v) {
            d->tokf[d->ntok] = DD_TOK_NUMBER;
            d->num[d->ntok] = dn == n ? d->tok[d->ntok] : dd_word_hash(v, dn);
        }
    }
    d->ntok++;
}

/* Non-zero when some byte of x (as 8 bytes) lies strictly between m and n
 * (m, n <= 128; bytes >= 128 never count).  From "Bit Twiddling Hacks". */
static inline uint64_t has_between(uint64_t x, uint64_t m, uint64_t n)
{
    const uint64_t ones = ~(uint64_t)0 / 255;
    return ((ones * (127 + n) - (x & ones * 127)) & ~x & ((x & ones * 127) + ones * (127 - m))) &
           ones * 128;
}

/* Hash of a word with its digit runs replaced by one '0'. */
static uint64_t masked_word(const char *w, size_t n)
{
    char tmp[64];
    size_t k = 0;
    for (size_t i = 0; i < n && k < sizeof tmp; i++) {
        bool dig = w[i] >= '0' && w[i] <= '9';
        if (dig && k > 0 && tmp[k - 1] == '0' && i > 0 && w[i - 1] >= '0' && w[i - 1] <= '9')
            continue;
        tmp[k++] = dig ? '0' : w[i];
    }
    return dd_word_hash(tmp, k);
}

static bool has_upper_latin(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 'A' && c <= 'Z') return true;
        if (c == 0xC3 && i + 1 < n && (unsigned char)s[i + 1] >= 0x80 &&
            (unsigned char)s[i + 1] <= 0x9E)
            return true;
    }
    return false;
}

/* Marks as DD_TOK_NAME the words of tokens [t0, t1) written with a capital
 * inside a sentence in the raw line s[0..n) (French and other Latin-script
 * text; Arabic has no capitals). */
static void mark_names(dd_doc *d, const char *s, size_t n, size_t t0, size_t t1)
{
    bool sentence_start = true;
    size_t i = 0;
    ak_buf w = {0};
    while (i < n) {
        int cp;
        size_t l = ak_utf8_next(s + i, n - i, &cp);
        if (cp == ' ' || cp == '\t' || cp == 0xA0 || cp == 0x202F) {
            i += l;
            continue;
        }
        /* A raw word: up to the next white space. */
        size_t j = i;
        while (j < n) {
            int c2;
            size_t l2 = ak_utf8_next(s + j, n - j, &c2);
            if (c2 == ' ' || c2 == '\t' || c2 == 0xA0 || c2 == 0x202F) break;
            j += l2;
        }
        /* Skip leading punctuation and a French elision (l', d', qu'...). */
        size_t k = i;
        int first = 0;
        while (k < j) {
            int c3;
            size_t l3 = ak_utf8_next(s + k, j - k, &c3);
            utf8proc_category_t cat = utf8proc_category(c3);
            if (cat == UTF8PROC_CATEGORY_LU || cat == UTF8PROC_CATEGORY_LL ||
                cat == UTF8PROC_CATEGORY_LO || cat == UTF8PROC_CATEGORY_ND) {
                first = c3;
                break;
            }
            k += l3;
        }
        for (size_t e = k; e < j && e < k + 4; e++) {
            if (s[e] == '\'' || (j - e >= 3 && memcmp(s + e, "\xE2\x80\x99", 3) == 0)) {
                size_t skip = s[e] == '\'' ? 1 : 3;
                if (e + skip < j) {
                    int c4;
                    ak_utf8_next(s + e + skip, j - e - skip, &c4);
                    if (utf8proc_category(c4) == UTF8PROC_CATEGORY_LU) {
                        first = c4;
                        k = e + skip;
                    }
                }
                break;
            }
        }
        if (first && !sentence_start && utf8proc_category(first) == UTF8PROC_CATEGORY_LU) {
            ak_buf_clear(&w);
            dd_normalize(&w, s + k, j - k);
            /* The first normalised word of it, if long enough to be a name. */
            size_t wl = 0;
            while (wl < w.len && w.data[wl] != ' ') wl++;
            if (wl >= 3) {
                uint64_t h = dd_word_hash(w.data, wl);
                for (size_t t = t0; t < t1; t++)
                    if (d->tok[t] == h) d->tokf[t] |= DD_TOK_NAME;
            }
        }
        /* Does this word end a sentence? */
        size_t e = j;
        while (e > i && (s[e - 1] == '"' || s[e - 1] == ')' || s[e - 1] == '\'')) e--;
        sentence_start = first == 0 ? sentence_start
                                    : (e > i && (s[e - 1] == '.' || s[e - 1] == '!' ||
                                                 s[e - 1] == '?' ||
                                                 (e - i >= 3 && memcmp(s + e - 3, "\xE2\x80\xA6", 3) == 0)));
        i = j;
    }
    ak_buf_free(&w);
}

float dd_para_weight(uint32_t ntok, bool prose)
{
    double x = ntok / (prose ? 20.0 : 40.0);
    return x >= 1 ? 1.0f : (float)(x * x);
}

/* Does the raw line s[0..n) end like a sentence? */
static bool ends_as_prose(const char *s, size_t n)
{
    while (n > 0) {
        unsigned char c = (unsigned char)s[n - 1];
        if (c == ' ' || c == '\t' || c == '\r' || c == '"' || c == '\'' || c == ')' || c == ']') {
            n--;
            continue;
        }
        /* closing quotes: » ” ’ */
        if (n >= 2 && memcmp(s + n - 2, "\xC2\xBB", 2) == 0) { n -= 2; continue; }
        if (n >= 3 && (memcmp(s + n - 3, "\xE2\x80\x9D", 3) == 0 || memcmp(s + n - 3, "\xE2\x80\x99", 3) == 0)) {
            n -= 3;
            continue;
        }
        if (n >= 2 && memcmp(s + n - 2, "\xC2\xA0", 2) == 0) { n -= 2; continue; }
        break;
    }
    if (n == 0) return false;
    char c = s[n - 1];
    if (c == '.' || c == '!' || c == '?') return true;
    if (n >= 2 && memcmp(s + n - 2, "\xD8\x9F", 2) == 0) return true;       /* ؟ */
    if (n >= 3 && memcmp(s + n - 3, "\xE2\x80\xA6", 3) == 0) return true;  /* … */
    if (n >= 2 && memcmp(s + n - 2, "\xDB\x94", 2) == 0) return true;       /* ۔ */
    return false;
}

/* Arabic has no capitals: a word right after a place or person cue
 * (مدينة X, بإقليم X, جهة X, السيد X ...) is taken as a name.  The cues are
 * in normal form (norm.h), with their common proclitics. */
static const char *const name_cues[] = {
    "مدينه", "بمدينه", "لمدينه", "ومدينه", "اقليم", "باقليم", "لاقليم", "جهه", "بجهه", "لجهه",
    "عماله", "بعماله", "جماعه", "بجماعه", "ولايه", "بولايه", "قريه", "بقريه", "دوار", "بدوار",
    "منطقه", "بمنطقه", "حي", "بحي", "شارع", "بشارع", "السيد", "السيده", "للسيد", "والسيد",
};
static uint64_t cue_hash[sizeof name_cues / sizeof name_cues[0]];
static uint64_t cue_filter[16]; /* 1024-bit filter on the low bits of cue hashes */

static void init_cues(void)
{
    for (size_t i = 0; i < sizeof name_cues / sizeof name_cues[0]; i++) {
        cue_hash[i] = dd_word_hash(name_cues[i], strlen(name_cues[i]));
        cue_filter[(cue_hash[i] >> 6) & 15] |= (uint64_t)1 << (cue_hash[i] & 63);
    }
}

static void mark_cued_names(dd_doc *d, size_t t0, size_t t1)
{
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, init_cues);
    for (size_t t = t0; t + 1 < t1; t++) {
        uint64_t h = d->tok[t];
        if (!(cue_filter[(h >> 6) & 15] & ((uint64_t)1 << (h & 63)))) continue;
        for (size_t k = 0; k < sizeof cue_hash / sizeof cue_hash[0]; k++)
            if (h == cue_hash[k]) {
                if (!(d->tokf[t + 1] & DD_TOK_NUMBER)) d->tokf[t + 1] |= DD_TOK_NAME;
                break;
            }
    }
}

void dd_doc_parse(dd_doc *d, const char *body)
{
    ak_buf_clear(&d->norm);
    d->npara = 0;
    d->ntok = 0;
    d->nshingles = 0;
    d->simhash = 0;
    memset(d->minhash, 0xFF, sizeof d->minhash);
    EVP_MD_CTX *sha = EVP_MD_CTX_new();
    EVP_DigestInit_ex(sha, EVP_sha256(), NULL);
    bool first_out = true;
    const char *s = body ? body : "";
    size_t n = strlen(s);
    size_t i = 0;
    uint64_t *mask = NULL;
    size_t mask_cap = 0;
    while (i < n) {
        const char *nl = memchr(s + i, '\n', n - i);
        size_t j = nl ? (size_t)(nl - s) : n;
        size_t start = d->norm.len;
        dd_normalize(&d->norm, s + i, j - i);
        size_t end = d->norm.len;
        if (end > start) {
            /* The content hash is that of the whole normalised body, where
             * paragraphs are separated by one space. */
            if (!first_out) EVP_DigestUpdate(sha, " ", 1);
            EVP_DigestUpdate(sha, d->norm.data + start, end - start);
            first_out = false;
            size_t tok0 = d->ntok;
            const char *q = d->norm.data + start;
            size_t len = end - start;
            /* Digits and Latin letters anywhere in it, 8 bytes at a time. */
            uint64_t dig = 0, lat = 0;
            size_t c = 0;
            for (; c + 8 <= len; c += 8) {
                uint64_t x;
                memcpy(&x, q + c, 8);
                dig |= has_between(x, '0' - 1, '9' + 1);
                lat |= has_between(x, 'a' - 1, 'z' + 1);
            }
            for (; c < len; c++) {
                unsigned char ch = (unsigned char)q[c];
                dig |= (unsigned char)(ch - '0') < 10;
                lat |= (unsigned char)(ch - 'a') < 26;
            }
            bool digits = dig != 0, latin = lat != 0;
            size_t a = 0;
            while (a < len) {
                const char *sp = memchr(q + a, ' ', len - a);
                size_t b = sp ? (size_t)(sp - q) : len;
                add_tok(d, q + a, b - a, digits);
                a = b + 1;
            }
            add_para(d, tok0);
            dd_para *p = &d->para[d->npara - 1];
            p->prose = ends_as_prose(s + i, j - i);
            const uint64_t *t = d->tok + p->tok;
            p->hash = XXH3_64bits_withSeed(t, p->ntok * sizeof *t, SEED_PARA);
            p->prefix = p->ntok >= DD_PREFIX_WORDS
                            ? XXH3_64bits_withSeed(t, DD_PREFIX_WORDS * sizeof *t, SEED_PREFIX)
                            : 0;
            if (!digits) {
                p->shape = XXH3_64bits_withSeed(t, p->ntok * sizeof *t, SEED_SHAPE);
            } else {
                if (mask_cap < p->ntok) {
                    mask_cap = p->ntok * 2;
                    mask = ak_realloc(mask, mask_cap * sizeof *mask);
                }
                size_t a2 = 0, k = 0;
                while (a2 < len) {
                    size_t b = a2;
                    bool dg = false;
                    for (; b < len && q[b] != ' '; b++) dg |= q[b] >= '0' && q[b] <= '9';
                    mask[k] = dg ? masked_word(q + a2, b - a2) : t[k];
                    k++;
                    a2 = b + 1;
                }
                p->shape = XXH3_64bits_withSeed(mask, p->ntok * sizeof *mask, SEED_SHAPE);
            }
            if (latin && has_upper_latin(s + i, j - i)) mark_names(d, s + i, j - i, tok0, d->ntok);
            mark_cued_names(d, tok0, d->ntok);
            ak_buf_putc(&d->norm, '\n');
        }
        i = j + 1;
    }
    free(mask);
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int mdlen = 0;
    EVP_DigestFinal_ex(sha, md, &mdlen);
    EVP_MD_CTX_free(sha);
    static const char hx[] = "0123456789abcdef";
    for (unsigned k = 0; k < 32; k++) {
        d->content_hash[2 * k] = hx[md[k] >> 4];
        d->content_hash[2 * k + 1] = hx[md[k] & 15];
    }
    d->content_hash[64] = '\0';
}

/* ---- sketches --------------------------------------------------------------- */

/* Byte lanes: lane k of lanes[x] is bit k of x (0 or 1). */
static uint64_t lanes[256];
static void init_lanes(void)
{
    for (int x = 0; x < 256; x++) {
        uint64_t v = 0;
        for (int k = 0; k < 8; k++)
            if (x & (1 << k)) v |= (uint64_t)1 << (8 * k);
        lanes[x] = v;
    }
}

typedef struct sketcher {
    uint32_t bins[DD_MINHASH];  /* smallest value per bin */
    uint64_t filled[DD_MINHASH / 64]; /* bins that got a value */
    uint64_t acc[8];            /* SimHash bit counts, 8 byte lanes per word */
    uint32_t count[64];         /* SimHash bit counts, flushed */
    unsigned pending;           /* shingles in acc */
    size_t n;                   /* shingles seen */
} sketcher;

static inline void flush_acc(sketcher *k)
{
    for (int j = 0; j < 8; j++) {
        uint64_t v = k->acc[j];
        for (int b = 0; b < 8; b++) k->count[8 * j + b] += (uint32_t)((v >> (8 * b)) & 0xFF);
        k->acc[j] = 0;
    }
    k->pending = 0;
}

static inline void add_shingle(sketcher *k, uint64_t h)
{
    unsigned bin = (unsigned)(h >> 57);
    uint32_t v = (uint32_t)h;
    if (!(k->filled[bin >> 6] & ((uint64_t)1 << (bin & 63)))) {
        k->filled[bin >> 6] |= (uint64_t)1 << (bin & 63);
        k->bins[bin] = v;
    } else if (v < k->bins[bin]) {
        k->bins[bin] = v;
    }
    /* SimHash counts, on an independent mix of the shingle hash. */
    uint64_t s = fmix64(h ^ 0x5851f42d4c957f2dULL);
    for (int j = 0; j < 8; j++) k->acc[j] += lanes[(s >> (8 * j)) & 0xFF];
    if (++k->pending == 255) flush_acc(k);
    k->n++;
}

static void add_para_shingles(sketcher *k, const dd_doc *d, const dd_para *p, float w)
{
    const uint64_t *t = d->tok + p->tok;
    uint32_t keep = w >= 1 ? 0xFFFFFFFFu : (uint32_t)(w * 4294967295.0);
    if (p->ntok < DD_SHINGLE) {
        uint64_t h = dd_shingle_hash(t, p->ntok);
        if ((uint32_t)(h >> 24) <= keep) add_shingle(k, h);
        return;
    }
    for (uint32_t i = 0; i + DD_SHINGLE <= p->ntok; i++) {
        uint64_t h = dd_shingle_hash(t + i, DD_SHINGLE);
        if ((uint32_t)(h >> 24) <= keep) add_shingle(k, h);
    }
}

static inline uint64_t splitmix64(uint64_t x)
{
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

void dd_doc_sketch(dd_doc *d)
{
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, init_lanes);
    sketcher k;
    memset(&k, 0, sizeof k);
    bool any_content = false;
    for (size_t i = 0; i < d->npara; i++) any_content |= !d->para[i].chrome;
    float wmax = 0;
    for (size_t i = 0; i < d->npara; i++) {
        const dd_para *p = &d->para[i];
        float w = dd_para_weight(p->ntok, p->prose);
        if ((!any_content || !p->chrome) && w > wmax) wmax = w;
    }
    for (size_t i = 0; i < d->npara; i++) {
        const dd_para *p = &d->para[i];
        if (any_content && p->chrome) continue;
        float w = wmax > 0 ? dd_para_weight(p->ntok, p->prose) / wmax : 1;
        add_para_shingles(&k, d, p, w);
    }
    flush_acc(&k);
    d->nshingles = k.n;
    if (k.n == 0) {
        d->simhash = 0;
        memset(d->minhash, 0xFF, sizeof d->minhash);
        return;
    }
    uint64_t sim = 0;
    for (int b = 0; b < 64; b++)
        if (2 * (uint64_t)k.count[b] > k.n) sim |= (uint64_t)1 << b;
    d->simhash = sim;
    /* Optimal densification: an empty bin copies the bin its own probe
     * sequence first hits among the filled ones. */
    for (unsigned i = 0; i < DD_MINHASH; i++) {
        if (k.filled[i >> 6] & ((uint64_t)1 << (i & 63))) {
            d->minhash[i] = k.bins[i];
            continue;
        }
        uint32_t v = 0xFFFFFFFFu;
        for (uint64_t a = 1; a < 4096; a++) {
            unsigned j = (unsigned)(splitmix64(((uint64_t)i << 32) | a) >> 57);
            if (k.filled[j >> 6] & ((uint64_t)1 << (j & 63))) {
                v = k.bins[j];
                break;
            }
        }
        if (v == 0xFFFFFFFFu) /* astronomically unlikely: first filled bin */
            for (unsigned j = 0; j < DD_MINHASH; j++)
                if (k.filled[j >> 6] & ((uint64_t)1 << (j & 63))) {
                    v = k.bins[j];
                    break;
                }
        d->minhash[i] = v;
    }
}

void dd_doc_free(dd_doc *d)
{
    ak_buf_free(&d->norm);
    free(d->para);
    free(d->tok);
    free(d->tokf);
    free(d->num);
    memset(d, 0, sizeof *d);
}
