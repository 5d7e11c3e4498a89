/* engine.c -- syndication-aware deduplication (see engine.h). */
#include "dedup/engine.h"
#include "common/buf.h"
#include "common/log.h"
#include "common/mem.h"
#include "common/timeutil.h"
#include "dedup/fp.h"
#include "dedup/norm.h"

#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

/* ---- tuning constants (documented in the README) ----------------------------- */

#define CHROME_SHORT_WORDS 20   /* a line this short is chrome once seen on another page of its site */
#define CHROME_MAX_WORDS 60     /* longer paragraphs are never chrome; from 21 words: seen on 2 other pages,
                                   and only the first or last long paragraph of a page */
#define GLOBAL_SHORT_WORDS 10   /* a non-sentence line this short seen in 2 other articles anywhere is chrome */
#define LEAD_PREFIX_WORDS 5     /* opening words of an article's lead indexed for lead-only copies */
#define USEFUL_PARA_WORDS 10    /* paragraphs linked to their first appearance */
#define KEY_PARA_WORDS 5        /* paragraphs indexed as candidate keys */
#define NEAR_JACCARD 0.5        /* weighted Jaccard for a near duplicate */
#define STRONG_JACCARD 0.6      /* ... and for merging two clusters through one article */
#define SKETCH_MIN_JACCARD 0.15 /* a candidate found by LSH/SimHash alone needs this estimated Jaccard */
#define SKETCH_MAX_HAMMING 3    /*   or a SimHash this close to be read */
#define NEAR_SURE 0.9           /* below this, both leads must be in the other text: */
#define LEAD_WORDS 30           /*   the lead is the first words of the first sentence-like paragraph */
#define LEAD_MIN_WORDS 8        /*   (of at least this many words) */
#define LEAD_KEPT 0.6           /*   share of its shingles found in the other, */
#define VERBATIM_WORDS 20       /*   unless a paragraph this long was copied word for word */
#define CONTAIN_MIN 0.75        /* weighted containment of the shorter text in the longer */
#define CONTAIN_SOLID_SIZE 25.0 /* weighted shingles that make a containment match on its own */
#define CONTAIN_TITLE 0.6       /* else: title overlap that supports it */
#define CONTAIN_JACCARD 0.25    /* else: Jaccard that supports it */
#define EXTENDED_COVER 0.5      /* share of a new article that must come from the one it contains */
#define FACT_PARA_MATCH 0.3     /* paragraphs matched this much must agree on their facts */
#define FACT_BAD_SHARE 0.2      /* more than this share of facts missing: different story */
#define MAX_SHARED 256          /* shared paragraphs reported per article */

/* Key namespaces. */
enum { NS_EXACT = 1, NS_BAND, NS_SIM, NS_PARA, NS_PREFIX, NS_CHROME, NS_SHORT, NS_LEAD };

static inline uint64_t fmix64(uint64_t k)
{
    k ^= k >> 33;
    k *= 0xff51afd7ed558ccdULL;
    k ^= k >> 33;
    k *= 0xc4ceb9fe1a85ec53ULL;
    k ^= k >> 33;
    return k;
}

static inline uint64_t nskey(int ns, uint64_t h)
{
    return fmix64(h + (uint64_t)ns * 0x9e3779b97f4a7c15ULL);
}

static uint64_t chrome_key(const char *site, uint64_t shape)
{
    const char *s = site ? site : "";
    return XXH3_64bits_withSeed(s, strlen(s), shape ^ ((uint64_t)NS_CHROME << 56));
}

/* ---- a small hash set: 64-bit key -> float weight ----------------------------- */

typedef struct hset {
    uint64_t *k;      /* keys, 0 = empty */
    float *w;         /* weights */
    size_t cap;       /* slots, a power of two */
    size_t n;         /* keys held */
} hset;

static void hset_reset(hset *s, size_t want)
{
    size_t cap = 64;
    while (cap < 2 * want + 2) cap *= 2;
    if (cap > s->cap) {
        free(s->k);
        free(s->w);
        s->k = ak_malloc(cap * sizeof *s->k);
        s->w = ak_malloc(cap * sizeof *s->w);
        s->cap = cap;
    }
    memset(s->k, 0, s->cap * sizeof *s->k);
    s->n = 0;
}

static inline size_t hset_find(const hset *s, uint64_t key)
{
    size_t i = (size_t)(key ^ (key >> 29)) & (s->cap - 1);
    while (s->k[i] && s->k[i] != key) i = (i + 1) & (s->cap - 1);
    return i;
}

/* Adds key keeping the largest weight; returns true when new. */
static inline bool hset_add(hset *s, uint64_t key, float w)
{
    if (!key) key = 1;
    size_t i = hset_find(s, key);
    if (!s->k[i]) {
        s->k[i] = key;
        s->w[i] = w;
        s->n++;
        return true;
    }
    if (w > s->w[i]) s->w[i] = w;
    return false;
}

static inline const float *hset_get(const hset *s, uint64_t key)
{
    if (!key) key = 1;
    size_t i = hset_find(s, key);
    return s->k[i] ? &s->w[i] : NULL;
}

static void hset_free(hset *s)
{
    free(s->k);
    free(s->w);
    memset(s, 0, sizeof *s);
}

/* ---- an article prepared for verification -------------------------------------- */

#define MAX_TITLE_WORDS 64

typedef struct vdoc {
    dd_doc d;                 /* fingerprints */
    int64_t id;               /* article id */
    uint64_t site;            /* hash of its site label */
    int64_t cluster;          /* its cluster (0 = none yet) */
    float *pw;                /* weight of each paragraph, 0 for chrome */
    size_t cappw;             /* allocated */
    uint64_t *sh;             /* content shingles, in paragraph order */
    uint32_t *shp;            /* paragraph of each */
    size_t nsh, capsh;        /* used, allocated */
    hset u;                   /* unique content shingles -> weight */
    hset words;               /* content words */
    double wocc;              /* total weight of the shingle occurrences */
    double wuniq;             /* total weight of the unique shingles */
    uint64_t title[MAX_TITLE_WORDS]; /* distinct title words */
    size_t ntitle;            /* used */
} vdoc;

static void vdoc_free(vdoc *v)
{
    dd_doc_free(&v->d);
    free(v->pw);
    free(v->sh);
    free(v->shp);
    hset_free(&v->u);
    hset_free(&v->words);
    memset(v, 0, sizeof *v);
}

static void set_title(vdoc *v, const char *title, ak_buf *tmp)
{
    v->ntitle = 0;
    if (!title) return;
    ak_buf_clear(tmp);
    dd_normalize(tmp, title, strlen(title));
    const char *q = ak_buf_str(tmp);
    size_t len = tmp->len, a = 0;
    while (a < len && v->ntitle < MAX_TITLE_WORDS) {
        size_t b = a;
        while (b < len && q[b] != ' ') b++;
        uint64_t h = dd_word_hash(q + a, b - a);
        bool dup = false;
        for (size_t i = 0; i < v->ntitle && !dup; i++) dup = v->title[i] == h;
        if (!dup) v->title[v->ntitle++] = h;
        a = b + 1;
    }
}

/* Fills the verification form of v from its parsed text and chrome flags. */
static void vdoc_build(vdoc *v)
{
    dd_doc *d = &v->d;
    if (v->cappw < d->npara) {
        v->cappw = d->npara + 16;
        v->pw = ak_realloc(v->pw, v->cappw * sizeof *v->pw);
    }
    size_t need = d->ntok + d->npara;
    if (v->capsh < need) {
        v->capsh = need + 64;
        v->sh = ak_realloc(v->sh, v->capsh * sizeof *v->sh);
        v->shp = ak_realloc(v->shp, v->capsh * sizeof *v->shp);
    }
    v->nsh = 0;
    v->wocc = 0;
    for (size_t i = 0; i < d->npara; i++) {
        const dd_para *p = &d->para[i];
        v->pw[i] = p->chrome ? 0 : dd_para_weight(p->ntok, p->prose);
        if (p->chrome) continue;
        const uint64_t *w = d->tok + p->tok;
        if (p->ntok < DD_SHINGLE) {
            v->sh[v->nsh] = dd_shingle_hash(w, p->ntok);
            v->shp[v->nsh++] = (uint32_t)i;
        } else {
            for (uint32_t k = 0; k + DD_SHINGLE <= p->ntok; k++) {
                v->sh[v->nsh] = dd_shingle_hash(w + k, DD_SHINGLE);
                v->shp[v->nsh++] = (uint32_t)i;
            }
        }
    }
    hset_reset(&v->u, v->nsh);
    v->wuniq = 0;
    for (size_t k = 0; k < v->nsh; k++) {
        float w = v->pw[v->shp[k]];
        v->wocc += w;
        hset_add(&v->u, v->sh[k], w);
    }
    for (size_t i = 0; i < v->u.cap; i++)
        if (v->u.k[i]) v->wuniq += v->u.w[i];
    hset_reset(&v->words, d->ntok);
    for (size_t i = 0; i < d->npara; i++) {
        const dd_para *p = &d->para[i];
        if (p->chrome) continue;
        for (uint32_t k = 0; k < p->ntok; k++) {
            hset_add(&v->words, d->tok[p->tok + k], 1);
            if (d->num[p->tok + k]) hset_add(&v->words, d->num[p->tok + k], 1); /* "بـ8" holds 8 */
        }
    }
}

/* ---- the engine -------------------------------------------------------------------- */

typedef struct cand {
    int64_t id;               /* article */
    int hits;                 /* keys that pointed at it (weighted) */
    bool text;                /* one of them was a text key (content hash, paragraph, opening) */
} cand;

struct dd_engine {
    const dd_index_ops *ops;  /* the index */
    void *ctx;                /* its context */
    dd_options o;             /* tuning */
    vdoc nd;                  /* the new article */
    vdoc cd;                  /* a candidate */
    ak_buf tmp;               /* scratch */
    cand *cands;              /* candidates of the new article */
    size_t ncand, capcand;    /* used, allocated */
    int64_t *verified;        /* ids verified for the new article */
    size_t nverified;         /* used (capacity: max_candidates) */
    dd_shared shared[MAX_SHARED]; /* result: shared paragraphs */
    dd_para_rec *prec;        /* paragraph records of the new article */
    size_t capprec;           /* allocated */
    dd_stats st;              /* counters */
};

void dd_options_default(dd_options *o)
{
    o->bands = 16;
    o->rows = 4;
    o->simhash_keys = true;
    o->prefix_keys = true;
    o->max_candidates = 24;
}

dd_engine *dd_engine_new(const dd_index_ops *ops, void *ctx, const dd_options *o)
{
    dd_engine *e = ak_calloc(1, sizeof *e);
    e->ops = ops;
    e->ctx = ctx;
    if (o) e->o = *o;
    else dd_options_default(&e->o);
    if (e->o.bands < 1) e->o.bands = 1;
    if (e->o.rows < 1) e->o.rows = 1;
    if (e->o.bands * e->o.rows > DD_MINHASH) e->o.bands = DD_MINHASH / e->o.rows;
    if (e->o.max_candidates < 1) e->o.max_candidates = 1;
    e->verified = ak_calloc((size_t)e->o.max_candidates * 2 + 2, sizeof *e->verified);
    return e;
}

void dd_engine_free(dd_engine *e)
{
    if (!e) return;
    vdoc_free(&e->nd);
    vdoc_free(&e->cd);
    ak_buf_free(&e->tmp);
    free(e->cands);
    free(e->verified);
    free(e->prec);
    free(e);
}

void dd_engine_stats(const dd_engine *e, dd_stats *s)
{
    *s = e->st;
}

const char *dd_kind_name(int kind)
{
    switch (kind) {
    case DD_EXACT: return "exact";
    case DD_NEAR: return "near";
    case DD_CONTAINED: return "contained";
    case DD_EXTENDED: return "extended";
    default: return "original";
    }
}

static int64_t sort_time(int64_t published, int64_t fetched)
{
    return published != AK_TIME_NONE ? published : fetched != AK_TIME_NONE ? fetched : 0;
}

static int get(dd_engine *e, uint64_t key, dd_keyrec *r, char **err)
{
    e->st.lookups++;
    int rc = e->ops->key_get(e->ctx, key, r, err);
    if (rc == 0) memset(r, 0, sizeof *r);
    return rc;
}

/* Paragraphs whose site counters are kept: short lines anywhere, and the
 * first and last longer paragraph (where a site's signature, disclaimer or
 * "about us" blurb sits), so the story's own paragraphs in between cost no
 * counter. */
static bool chrome_candidate(const dd_doc *d, size_t i)
{
    const dd_para *p = &d->para[i];
    if (p->ntok <= CHROME_SHORT_WORDS) return true;
    if (p->ntok > CHROME_MAX_WORDS) return false;
    for (size_t k = 0; k < i; k++)
        if (d->para[k].ntok > CHROME_SHORT_WORDS) goto not_first;
    return true;
not_first:
    for (size_t k = i + 1; k < d->npara; k++)
        if (d->para[k].ntok > CHROME_SHORT_WORDS) return false;
    return true;
}

/* Marks chrome paragraphs of the new article while its site counters
 * learn it: one write per counter tells how often the line was seen
 * before. */
static int mark_chrome_new(dd_engine *e, vdoc *v, const char *site, int64_t id, int64_t t, char **err)
{
    dd_doc *d = &v->d;
    for (size_t i = 0; i < d->npara; i++) {
        dd_para *p = &d->para[i];
        p->chrome = false;
        if (!chrome_candidate(d, i)) continue;
        dd_keyrec r;
        e->st.lookups++;
        if (e->ops->key_add(e->ctx, chrome_key(site, p->shape), id, t, &r, err) < 0) return -1;
        if (r.n >= 2 || (r.n >= 1 && p->ntok <= CHROME_SHORT_WORDS)) p->chrome = true;
        if (p->ntok <= GLOBAL_SHORT_WORDS && !p->prose) {
            e->st.lookups++;
            if (e->ops->key_add(e->ctx, nskey(NS_SHORT, p->shape), id, t, &r, err) < 0) return -1;
            if (r.n >= 2) p->chrome = true;
        }
    }
    return 0;
}

/* Marks chrome paragraphs of stored article v (its counters include it,
 * and the new article). */
static int mark_chrome(dd_engine *e, vdoc *v, const char *site, char **err)
{
    dd_doc *d = &v->d;
    const int self = 1;
    for (size_t i = 0; i < d->npara; i++) {
        dd_para *p = &d->para[i];
        p->chrome = false;
        if (!chrome_candidate(d, i)) continue;
        dd_keyrec r;
        if (get(e, chrome_key(site, p->shape), &r, err) < 0) return -1;
        int64_t others = r.n - self;
        if (others >= 2 || (others >= 1 && p->ntok <= CHROME_SHORT_WORDS)) {
            p->chrome = true;
            continue;
        }
        if (p->ntok <= GLOBAL_SHORT_WORDS && !p->prose) {
            if (get(e, nskey(NS_SHORT, p->shape), &r, err) < 0) return -1;
            if (r.n - self >= 2) p->chrome = true;
        }
    }
    return 0;
}

static void add_cand(dd_engine *e, int64_t id, int weight)
{
    if (id <= 0 || id == e->nd.id) return;
    for (size_t i = 0; i < e->ncand; i++)
        if (e->cands[i].id == id) {
            e->cands[i].hits += weight;
            e->cands[i].text |= weight >= 2;
            return;
        }
    if (e->ncand == e->capcand) {
        e->capcand = e->capcand ? 2 * e->capcand : 64;
        e->cands = ak_realloc(e->cands, e->capcand * sizeof *e->cands);
    }
    e->cands[e->ncand].id = id;
    e->cands[e->ncand].hits = weight;
    e->cands[e->ncand].text = weight >= 2;
    e->ncand++;
}

static void add_rec(dd_engine *e, const dd_keyrec *r, int weight)
{
    if (r->n <= 0) return;
    add_cand(e, r->first, weight);
    for (int i = 0; i < DD_RECENT; i++)
        if (r->recent[i] != r->first) add_cand(e, r->recent[i], weight);
}

/* The keys of the new article, in the order they are looked up and added. */
typedef struct keyset {
    uint64_t *k;              /* keys */
    int *w;                   /* candidate weight of a hit on each */
    size_t n, cap;            /* used, allocated */
} keyset;

static void keys_push(keyset *ks, uint64_t k, int w)
{
    for (size_t i = 0; i < ks->n; i++)
        if (ks->k[i] == k) return; /* a key counts once per article */
    if (ks->n == ks->cap) {
        ks->cap = ks->cap ? 2 * ks->cap : 128;
        ks->k = ak_realloc(ks->k, ks->cap * sizeof *ks->k);
        ks->w = ak_realloc(ks->w, ks->cap * sizeof *ks->w);
    }
    ks->k[ks->n] = k;
    ks->w[ks->n] = w;
    ks->n++;
}

static void content_keys(dd_engine *e, const vdoc *v, keyset *ks)
{
    const dd_doc *d = &v->d;
    keys_push(ks, nskey(NS_EXACT, XXH3_64bits(d->content_hash, 64)), 8);
    if (d->nshingles > 0) {
        int R = e->o.rows;
        for (int b = 0; b < e->o.bands; b++)
            keys_push(ks, XXH3_64bits_withSeed(d->minhash + b * R, (size_t)R * sizeof(uint32_t),
                                               ((uint64_t)NS_BAND << 56) | (uint64_t)b),
                      1);
        if (e->o.simhash_keys) {
            /* Three blocks of 21, 21 and 22 bits: two SimHashes within
             * Hamming distance 2 agree on a whole block, so share a key. */
            static const int start[3] = {0, 21, 42}, len[3] = {21, 21, 22};
            for (int b = 0; b < 3; b++) {
                uint64_t x = ((d->simhash >> start[b]) & (((uint64_t)1 << len[b]) - 1)) | ((uint64_t)b << 32);
                keys_push(ks, nskey(NS_SIM, x), 1);
            }
        }
    }
    /* The opening words of the lead (first sentence-like paragraph): a
     * lead-only copy may keep no more than that. */
    for (size_t i = 0; i < d->npara; i++) {
            const dd_para *p = &d->para[i];
            if (p->chrome || !p->prose || p->ntok < LEAD_PREFIX_WORDS) continue;
            keys_push(ks, XXH3_64bits_withSeed(d->tok + p->tok, LEAD_PREFIX_WORDS * sizeof(uint64_t),
                                               (uint64_t)NS_LEAD << 56),
                      2);
            break;
    }
    for (size_t i = 0; i < d->npara; i++) {
        const dd_para *p = &d->para[i];
        if (p->chrome || p->ntok < KEY_PARA_WORDS) continue;
        bool again = false; /* the same paragraph twice in one article counts once */
        for (size_t j = 0; j < i && !again; j++)
            again = d->para[j].hash == p->hash && !d->para[j].chrome && d->para[j].ntok >= KEY_PARA_WORDS;
        if (again) continue;
        keys_push(ks, nskey(NS_PARA, p->hash), 2);
        if (e->o.prefix_keys && p->prefix) keys_push(ks, nskey(NS_PREFIX, p->prefix), 2);
    }
}

static int cmp_cand(const void *a, const void *b)
{
    const cand *x = a, *y = b;
    if (x->hits != y->hits) return y->hits - x->hits;
    return x->id < y->id ? 1 : x->id > y->id ? -1 : 0; /* newer first */
}

/* ---- verification ------------------------------------------------------------------ */

typedef struct edge {
    bool ok;                  /* a copy relation */
    bool strong;              /* strong enough to merge two clusters */
    int kind;                 /* dd_kind, from the new article's side */
    double score;             /* to rank matches */
    double sim;               /* similarity reported */
} edge;

/* Weighted containment of a's content in b; ratio[i] receives the share of
 * paragraph i of a found in b (when ratio is not NULL). */
static double containment(const vdoc *a, const vdoc *b, float *ratio, uint32_t *cnt)
{
    if (a->wocc <= 0) return 0;
    double hit = 0;
    if (ratio) {
        memset(ratio, 0, a->d.npara * sizeof *ratio);
        memset(cnt, 0, a->d.npara * sizeof *cnt);
    }
    for (size_t k = 0; k < a->nsh; k++) {
        bool in = hset_get(&b->u, a->sh[k]) != NULL;
        if (in) hit += a->pw[a->shp[k]];
        if (ratio) {
            ratio[a->shp[k]] += in;
            cnt[a->shp[k]]++;
        }
    }
    if (ratio)
        for (size_t i = 0; i < a->d.npara; i++)
            if (cnt[i]) ratio[i] /= (float)cnt[i];
    return hit / a->wocc;
}

static double wjaccard(const vdoc *a, const vdoc *b)
{
    const vdoc *s = a->u.n <= b->u.n ? a : b, *l = s == a ? b : a;
    double inter = 0;
    for (size_t i = 0; i < s->u.cap; i++) {
        if (!s->u.k[i]) continue;
        const float *w = hset_get(&l->u, s->u.k[i]);
        if (w) inter += *w < s->u.w[i] ? *w : s->u.w[i];
    }
    double uni = a->wuniq + b->wuniq - inter;
    return uni > 0 ? inter / uni : 0;
}

static double title_overlap(const vdoc *a, const vdoc *b)
{
    if (!a->ntitle || !b->ntitle) return 0;
    size_t common = 0;
    for (size_t i = 0; i < a->ntitle; i++)
        for (size_t j = 0; j < b->ntitle; j++)
            if (a->title[i] == b->title[j]) {
                common++;
                break;
            }
    size_t m = a->ntitle < b->ntitle ? a->ntitle : b->ntitle;
    return (double)common / (double)m;
}

/* Share of the shingles of a's lead (the opening words of its first
 * sentence-like paragraph) found in b; 1 when a has no such lead.  A copy
 * keeps the lead, whatever it adds or rewords; a follow-up or the same
 * template about another school, case or city starts with its own. */
static double lead_in(const vdoc *a, const vdoc *b)
{
    const dd_doc *d = &a->d;
    for (size_t i = 0; i < d->npara; i++) {
        const dd_para *p = &d->para[i];
        if (p->chrome || !p->prose || p->ntok < LEAD_MIN_WORDS) continue;
        uint32_t n = p->ntok < LEAD_WORDS ? p->ntok : LEAD_WORDS;
        int hit = 0, tot = 0;
        for (uint32_t k = 0; k + DD_SHINGLE <= n; k++, tot++)
            hit += hset_get(&b->u, dd_shingle_hash(d->tok + p->tok + k, DD_SHINGLE)) != NULL;
        return tot ? (double)hit / tot : 1;
    }
    return 1;
}

/* Does a have a paragraph of VERBATIM_WORDS words or more that b has word
 * for word?  Syndication copies whole paragraphs (often under a rewritten
 * lead); a follow-up retells the background in new sentences. */
static bool verbatim_para(const vdoc *a, const vdoc *b)
{
    for (size_t i = 0; i < a->d.npara; i++) {
        const dd_para *p = &a->d.para[i];
        if (p->chrome || p->ntok < VERBATIM_WORDS) continue;
        for (size_t k = 0; k < b->d.npara; k++)
            if (!b->d.para[k].chrome && b->d.para[k].hash == p->hash) return true;
    }
    return false;
}

/* Numbers in the matching paragraphs of a that b lacks: a text that
 * contains another and adds figures or dates to it is a follow-up (a new
 * hearing date, a new toll), not the same story with an attribution. */
static int new_numbers(const vdoc *a, const vdoc *b, const float *ratio)
{
    int k = 0;
    const dd_doc *d = &a->d;
    for (size_t i = 0; i < d->npara; i++) {
        const dd_para *p = &d->para[i];
        if (p->chrome || ratio[i] < FACT_PARA_MATCH) continue;
        for (uint32_t t = 0; t < p->ntok; t++)
            if ((d->tokf[p->tok + t] & DD_TOK_NUMBER) && !hset_get(&b->words, d->num[p->tok + t])) k++;
    }
    return k;
}

/* Facts of the matching paragraphs of s missing from o: returns false when
 * too many are missing (a different story told with the same words). */
static bool facts_agree(const vdoc *s, const vdoc *o, const float *ratio)
{
    int checked = 0, bad = 0;
    const dd_doc *d = &s->d;
    for (size_t i = 0; i < d->npara; i++) {
        const dd_para *p = &d->para[i];
        if (p->chrome || ratio[i] < FACT_PARA_MATCH) continue;
        for (uint32_t k = 0; k < p->ntok; k++) {
            if (!(d->tokf[p->tok + k] & (DD_TOK_NUMBER | DD_TOK_NAME))) continue;
            checked++;
            uint64_t h = (d->tokf[p->tok + k] & DD_TOK_NUMBER) ? d->num[p->tok + k] : d->tok[p->tok + k];
            if (!hset_get(&o->words, h)) bad++;
        }
    }
    return !(bad >= 1 && bad > FACT_BAD_SHARE * checked);
}

static edge judge_text(dd_engine *e, const vdoc *n, const vdoc *c)
{
    edge r = {0};
    if (n->wocc <= 0 || c->wocc <= 0) return r;
    /* Per-paragraph match ratios of both sides (scratch space). */
    size_t np = n->d.npara > c->d.npara ? n->d.npara : c->d.npara;
    ak_buf_clear(&e->tmp);
    ak_buf_reserve(&e->tmp, np * 2 * (sizeof(float) + sizeof(uint32_t)) + 16);
    float *rn = (float *)(void *)e->tmp.data;
    float *rc = rn + np;
    uint32_t *cnt = (uint32_t *)(void *)(rc + np);
    double cn = containment(n, c, rn, cnt);
    double cc = containment(c, n, rc, cnt);
    double j = wjaccard(n, c);
    bool n_small = n->wocc <= c->wocc;
    const vdoc *s = n_small ? n : c, *o = n_small ? c : n;
    double cs = n_small ? cn : cc;
    bool facts = facts_agree(s, o, n_small ? rn : rc);
    /* A near duplicate tells the same facts both ways (a follow-up on the
     * same case, or a template filled for another place, adds its own). */
    bool facts_both = facts && facts_agree(o, s, n_small ? rc : rn);
    if (ak_log_enabled(AK_LOG_DEBUG))
        ak_debug("dedup: judge %lld %lld J=%.3f cn=%.3f cc=%.3f wn=%.1f wc=%.1f t=%.2f facts=%d lead=%.2f/%.2f",
                 (long long)n->id, (long long)c->id, j, cn, cc, n->wocc, c->wocc, title_overlap(n, c),
                 facts + facts_both, lead_in(n, c), lead_in(c, n));
    if (!facts) return r;
    /* The lead test, unless whole paragraphs were copied word for word. */
    bool verbatim = verbatim_para(s, o);
    if (j >= NEAR_JACCARD && facts_both &&
        (j >= NEAR_SURE || verbatim || (lead_in(n, c) >= LEAD_KEPT && lead_in(c, n) >= LEAD_KEPT))) {
        r.ok = true;
        r.kind = DD_NEAR;
        r.score = 1 + j;
        r.sim = j;
        r.strong = j >= STRONG_JACCARD;
        return r;
    }
    /* A new article that contains a stored one must be mostly that text
     * (an added intro or attribution), not a round-up quoting it. */
    if (!n_small && (cn < EXTENDED_COVER || new_numbers(n, c, rn) > 0)) return r;
    if (cs >= CONTAIN_MIN && (verbatim || lead_in(s, o) >= LEAD_KEPT) &&
        (s->wocc >= CONTAIN_SOLID_SIZE || title_overlap(n, c) >= CONTAIN_TITLE || j >= CONTAIN_JACCARD)) {
        r.ok = true;
        r.kind = n_small ? DD_CONTAINED : DD_EXTENDED;
        r.score = cs;
        r.sim = cs;
        return r;
    }
    return r;
}

static bool has_para(const vdoc *v, uint64_t hash)
{
    for (size_t i = 0; i < v->d.npara; i++)
        if (!v->d.para[i].chrome && v->d.para[i].hash == hash) return true;
    return false;
}

/* Paragraphs of a that b does not have verbatim, among a's real ones. */
static bool has_own_text(const vdoc *a, const vdoc *b)
{
    for (size_t i = 0; i < a->d.npara; i++) {
        const dd_para *p = &a->d.para[i];
        if (!p->chrome && p->ntok >= KEY_PARA_WORDS && !has_para(b, p->hash)) return true;
    }
    return false;
}

static edge judge(dd_engine *e, vdoc *n, vdoc *c)
{
    if (strcmp(n->d.content_hash, c->d.content_hash) == 0 && n->d.ntok > 0)
        return (edge){.ok = true, .strong = true, .kind = DD_EXACT, .score = 3, .sim = 1};
    /* Two pages of one site: what they share verbatim is the site's (a
     * signature not learnt yet), unless one page has nothing else (the
     * site republished or updated its own story). */
    if (n->site != c->site || !has_own_text(n, c) || !has_own_text(c, n)) return judge_text(e, n, c);
    bool *nm = ak_calloc(n->d.npara + c->d.npara + 1, sizeof *nm), *cm = nm + n->d.npara;
    bool any = false;
    for (size_t i = 0; i < n->d.npara; i++) {
        dd_para *p = &n->d.para[i];
        if (!p->chrome && has_para(c, p->hash)) nm[i] = any = true;
    }
    for (size_t i = 0; i < c->d.npara; i++) {
        dd_para *p = &c->d.para[i];
        if (!p->chrome && has_para(n, p->hash)) cm[i] = any = true;
    }
    edge r;
    if (!any) {
        r = judge_text(e, n, c);
    } else {
        for (size_t i = 0; i < n->d.npara; i++) n->d.para[i].chrome |= nm[i];
        for (size_t i = 0; i < c->d.npara; i++) c->d.para[i].chrome |= cm[i];
        vdoc_build(n);
        vdoc_build(c);
        r = judge_text(e, n, c);
        for (size_t i = 0; i < n->d.npara; i++) if (nm[i]) n->d.para[i].chrome = false;
        for (size_t i = 0; i < c->d.npara; i++) if (cm[i]) c->d.para[i].chrome = false;
        vdoc_build(n);
        vdoc_build(c);
    }
    free(nm);
    return r;
}

/* Loads stored article id into e->cd, ready to compare.  Returns 1 when
 * usable, 0 when not (gone, or not deduplicated yet), -1 on error. */
static int load_candidate(dd_engine *e, int64_t id, char **err)
{
    dd_stored a;
    memset(&a, 0, sizeof a);
    int rc = e->ops->doc_get(e->ctx, id, &a, err);
    if (rc <= 0) return rc;
    if (a.cluster <= 0) return 0;
    vdoc *v = &e->cd;
    v->id = id;
    v->cluster = a.cluster;
    v->site = XXH3_64bits(a.site ? a.site : "", a.site ? strlen(a.site) : 0);
    dd_doc_parse(&v->d, a.body);
    set_title(v, a.title, &e->tmp);
    if (mark_chrome(e, v, a.site, err) < 0) return -1;
    vdoc_build(v);
    return 1;
}

/* The best accepted match per cluster. */
typedef struct cmatch {
    int64_t cluster;          /* cluster */
    int64_t with;             /* article matched in it */
    edge e;                   /* the match */
} cmatch;

static bool was_verified(dd_engine *e, int64_t id)
{
    for (size_t i = 0; i < e->nverified; i++)
        if (e->verified[i] == id) return true;
    return false;
}

static int inverse_kind(int k)
{
    return k == DD_CONTAINED ? DD_EXTENDED : k == DD_EXTENDED ? DD_CONTAINED : k;
}

static int add_parsed(dd_engine *e, const dd_article *a, dd_result *res, char **err);

int dd_engine_add(dd_engine *e, const dd_article *a, dd_result *res, char **err)
{
    dd_doc_parse(&e->nd.d, a->body);
    return add_parsed(e, a, res, err);
}

int dd_engine_add_parsed(dd_engine *e, const dd_article *a, dd_doc *parsed, dd_result *res, char **err)
{
    /* Swap: the engine takes the parsed document, the caller gets the
     * engine's previous buffers back (to free or reuse). */
    dd_doc tmp = e->nd.d;
    e->nd.d = *parsed;
    *parsed = tmp;
    return add_parsed(e, a, res, err);
}

static int add_parsed(dd_engine *e, const dd_article *a, dd_result *res, char **err)
{
    memset(res, 0, sizeof *res);
    const dd_index_ops *ops = e->ops;
    vdoc *n = &e->nd;
    n->id = a->id;
    n->cluster = 0;
    n->site = XXH3_64bits(a->site ? a->site : "", a->site ? strlen(a->site) : 0);
    int64_t t = sort_time(a->published, a->fetched);
    memcpy(res->content_hash, n->d.content_hash, sizeof res->content_hash);
    set_title(n, a->title, &e->tmp);
    e->st.articles++;

    /* 1. Chrome; the site's counters learn this page at the same time. */
    if (mark_chrome_new(e, n, a->site, a->id, t, err) < 0) return -1;
    dd_doc_sketch(&n->d);
    vdoc_build(n);

    /* 2. Candidates. */
    keyset ks = {0};
    content_keys(e, n, &ks);
    e->ncand = 0;
    dd_keyrec *recs = ak_malloc((ks.n + 1) * sizeof *recs);
    int rc = 0;
    /* Each key is recorded for this article and returns who held it
     * before: one write per key, no separate lookup (all at once when the
     * index can). */
    if (ops->keys_add && ks.n) {
        e->st.lookups += (int64_t)ks.n;
        if (ops->keys_add(e->ctx, ks.k, ks.n, a->id, t, recs, err) < 0) {
            rc = -1;
            goto out;
        }
        for (size_t i = 0; i < ks.n; i++) add_rec(e, &recs[i], ks.w[i]);
    }
    for (size_t i = 0; i < ks.n && !ops->keys_add; i++) {
        e->st.lookups++;
        if (ops->key_add(e->ctx, ks.k[i], a->id, t, &recs[i], err) < 0) {
            rc = -1;
            goto out;
        }
        add_rec(e, &recs[i], ks.w[i]);
    }
    if (e->ncand > 1) qsort(e->cands, e->ncand, sizeof *e->cands, cmp_cand);
    if (ak_log_enabled(AK_LOG_DEBUG)) {
        ak_buf_clear(&e->tmp);
        for (size_t i = 0; i < e->ncand && i < 64; i++)
            ak_buf_printf(&e->tmp, " %lld/%d", (long long)e->cands[i].id, e->cands[i].hits);
        ak_debug("dedup: cands %lld:%s", (long long)a->id, ak_buf_str(&e->tmp));
    }

    /* 3. Verification: the best candidates, then their clusters' originals. */
    cmatch *best = ak_calloc((size_t)e->o.max_candidates * 2 + 2, sizeof *best);
    size_t nbest = 0;
    e->nverified = 0;
    size_t limit = (size_t)e->o.max_candidates;
    int64_t *queue = ak_calloc(limit * 2 + 2, sizeof *queue);
    bool *sketch_only = ak_calloc(limit * 2 + 2, sizeof *sketch_only);
    size_t nq = 0, qi = 0;
    for (size_t i = 0; i < e->ncand && nq < limit; i++) {
        sketch_only[nq] = !e->cands[i].text;
        queue[nq++] = e->cands[i].id;
    }
    while (qi < nq && e->nverified < limit * 2) {
        bool sk = sketch_only[qi];
        int64_t id = queue[qi++];
        if (was_verified(e, id)) continue;
        e->verified[e->nverified++] = id;
        if (sk) {
            /* Linked by a sketch collision only: its stored MinHash must
             * look alike before its text is read (at a million articles,
             * chance band collisions would otherwise cost most of the work). */
            uint32_t mh[DD_MINHASH];
            uint64_t sh = 0;
            int sg = ops->doc_sig(e->ctx, id, mh, &sh, err);
            if (sg < 0) {
                rc = -1;
                break;
            }
            if (sg == 1 && dd_minhash_jaccard(n->d.minhash, mh) < SKETCH_MIN_JACCARD &&
                dd_hamming(n->d.simhash, sh) > SKETCH_MAX_HAMMING) {
                e->st.prefiltered++;
                continue;
            }
        }
        int lc = load_candidate(e, id, err);
        if (lc < 0) {
            rc = -1;
            break;
        }
        if (lc == 0) continue;
        e->st.candidates++;
        res->verified++;
        edge g = judge(e, n, &e->cd);
        int64_t cl = e->cd.cluster;
        /* The cluster's original is worth a look too (the most complete
         * text, usually). */
        dd_cluster c;
        int cg = ops->cluster_get(e->ctx, cl, &c, err);
        if (cg < 0) {
            rc = -1;
            break;
        }
        if (cg == 1 && c.original != id && !was_verified(e, c.original) && nq < limit * 2)
            queue[nq++] = c.original;
        if (!g.ok) continue;
        size_t k = 0;
        while (k < nbest && best[k].cluster != cl) k++;
        if (k == nbest) {
            best[nbest].cluster = cl;
            best[nbest].with = id;
            best[nbest].e = g;
            nbest++;
        } else if (g.score > best[k].e.score) {
            best[k].with = id;
            best[k].e = g;
        }
    }
    free(queue);
    free(sketch_only);
    if (rc < 0) {
        free(best);
        goto out;
    }

    /* 4. Clustering. */
    size_t top = 0;
    for (size_t k = 1; k < nbest; k++)
        if (best[k].e.score > best[top].e.score) top = k;
    dd_state s;
    memset(&s, 0, sizeof s);
    s.simhash = n->d.simhash;
    s.minhash = n->d.minhash;
    int64_t duplicate_of = 0;
    if (nbest == 0) {
        dd_cluster c = {.id = a->id, .original = a->id, .original_time = t, .size = 1};
        if (ops->cluster_put(e->ctx, &c, err) < 0) rc = -1;
        s.cluster = a->id;
        s.match = 0;
        s.similarity = 1;
        s.kind = DD_ORIGINAL;
    } else {
        cmatch *m = &best[top];
        dd_cluster c;
        int cg = ops->cluster_get(e->ctx, m->cluster, &c, err);
        if (cg < 0) rc = -1;
        if (cg == 0) c = (dd_cluster){.id = m->cluster, .original = m->with, .original_time = t, .size = 1};
        /* Other clusters matched strongly are the same story: merge. */
        for (size_t k = 0; k < nbest && rc == 0; k++) {
            if (k == top || !best[k].e.strong) continue;
            dd_cluster o;
            int og = ops->cluster_get(e->ctx, best[k].cluster, &o, err);
            if (og < 0) {
                rc = -1;
                break;
            }
            if (og == 0) continue;
            if (ops->cluster_merge(e->ctx, o.id, c.id, err) < 0) {
                rc = -1;
                break;
            }
            c.size += o.size;
            res->merged++;
            e->st.merges++;
            if (o.original_time < c.original_time ||
                (o.original_time == c.original_time && o.original < c.original)) {
                int64_t old = c.original;
                c.original = o.original;
                c.original_time = o.original_time;
                if (ops->cluster_set_original(e->ctx, c.id, c.original, old, a->id,
                                              best[k].e.sim, DD_NEAR, err) < 0)
                    rc = -1;
            } else if (ops->cluster_set_original(e->ctx, c.id, c.original, o.original, a->id,
                                                 best[k].e.sim, DD_NEAR, err) < 0) {
                rc = -1;
            }
        }
        c.size++;
        s.cluster = c.id;
        s.match = m->with;
        s.similarity = m->e.sim;
        s.kind = m->e.kind;
        if (rc == 0 && t < c.original_time) {
            /* Published before the cluster's original: it becomes it. */
            int64_t old = c.original;
            c.original = a->id;
            c.original_time = t;
            if (ops->cluster_set_original(e->ctx, c.id, a->id, old, a->id, m->e.sim,
                                          inverse_kind(m->e.kind), err) < 0)
                rc = -1;
            s.kind = DD_ORIGINAL;
        }
        duplicate_of = c.original == a->id ? 0 : c.original;
        if (rc == 0 && ops->cluster_put(e->ctx, &c, err) < 0) rc = -1;
        e->st.accepted++;
    }
    free(best);
    if (rc < 0) goto out;
    res->cluster = s.cluster;
    res->duplicate_of = duplicate_of;
    res->match = s.match;
    res->similarity = s.similarity;
    res->kind = duplicate_of == 0 ? DD_ORIGINAL : s.kind;

    /* 5. Shared paragraphs: useful ones already held by another article. */
    size_t np = 0;
    if (e->capprec < n->d.npara) {
        e->capprec = n->d.npara + 16;
        e->prec = ak_realloc(e->prec, e->capprec * sizeof *e->prec);
    }
    size_t ki = 0;
    for (size_t i = 0; i < n->d.npara; i++) {
        const dd_para *p = &n->d.para[i];
        if (p->chrome || p->ntok < KEY_PARA_WORDS) continue;
        /* Its paragraph key sits at the position content_keys() gave it. */
        uint64_t pk = nskey(NS_PARA, p->hash);
        size_t at = ki;
        while (at < ks.n && ks.k[at] != pk) at++;
        if (at == ks.n) /* a repeated paragraph: its key came earlier */
            for (at = 0; at < ks.n && ks.k[at] != pk;) at++;
        else
            ki = at;
        if (p->ntok < USEFUL_PARA_WORDS) continue;
        e->prec[np].index = (uint32_t)i;
        e->prec[np].words = p->ntok;
        e->prec[np].key = pk;
        e->prec[np].chrome_key = chrome_key(a->site, p->shape);
        np++;
        if (at < ks.n && recs[at].n > 0 && res->nshared < MAX_SHARED &&
            (recs[at].first_time < t || (recs[at].first_time == t && recs[at].first < a->id))) {
            e->shared[res->nshared].index = (uint32_t)i;
            e->shared[res->nshared].first = recs[at].first;
            res->nshared++;
        }
    }
    res->shared = e->shared;
    s.paras = e->prec;
    s.paras_len = np * sizeof *e->prec;
    if (ops->doc_put(e->ctx, a->id, &s, duplicate_of, err) < 0) {
        rc = -1;
        goto out;
    }

out:
    free(recs);
    free(ks.k);
    free(ks.w);
    return rc;
}
