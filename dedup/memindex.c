/* memindex.c -- the in-memory dd_index_ops (see index.h). */
#include "common/mem.h"
#include "common/timeutil.h"
#include "dedup/fp.h"
#include "dedup/index.h"

#include <string.h>

/* Open addressing map from a 64-bit key to a 32-bit slot in a side array. */
typedef struct map {
    uint64_t *keys;   /* key per slot */
    uint32_t *vals;   /* value + 1 per slot, 0 = empty */
    size_t cap;       /* slots, a power of two */
    size_t n;         /* used */
} map;

static inline uint64_t mix(uint64_t k)
{
    k ^= k >> 33;
    k *= 0xff51afd7ed558ccdULL;
    k ^= k >> 33;
    return k;
}

static void map_grow(map *m);

static uint32_t *map_slot(map *m, uint64_t key, bool insert)
{
    if (insert && (m->n + 1) * 4 >= m->cap * 3) map_grow(m);
    if (!m->cap) return NULL;
    size_t i = mix(key) & (m->cap - 1);
    for (;;) {
        if (!m->vals[i]) {
            if (!insert) return NULL;
            m->keys[i] = key;
            m->n++;
            return &m->vals[i];
        }
        if (m->keys[i] == key) return &m->vals[i];
        i = (i + 1) & (m->cap - 1);
    }
}

static void map_grow(map *m)
{
    map old = *m;
    m->cap = old.cap ? old.cap * 2 : 1024;
    m->keys = ak_calloc(m->cap, sizeof *m->keys);
    m->vals = ak_calloc(m->cap, sizeof *m->vals);
    m->n = 0;
    for (size_t i = 0; i < old.cap; i++)
        if (old.vals[i]) *map_slot(m, old.keys[i], true) = old.vals[i];
    free(old.keys);
    free(old.vals);
}

typedef struct mdoc {
    char *site, *title, *body;  /* owned copies */
    int64_t published, fetched; /* times */
    bool has_state;             /* doc_put was called */
    dd_state st;                /* its state; minhash and paras point into the fields below */
    uint32_t minhash[DD_MINHASH]; /* copy of the signature */
    void *paras;                /* copy of the paragraph records */
    int64_t duplicate_of;       /* original, 0 = none */
    int64_t next;               /* next member of its cluster, 0 = last */
} mdoc;

struct dd_mem {
    map keys;                   /* key -> index in recs */
    dd_keyrec *recs;            /* key records */
    size_t nrecs, caprecs;      /* used, allocated */
    mdoc *docs;                 /* docs[id - 1] */
    size_t ndocs, capdocs;      /* used, allocated */
    map clusters;               /* cluster id -> index in cl */
    dd_cluster *cl;             /* cluster records (id 0 = deleted) */
    int64_t *head;              /* first member of each cluster record, 0 = none */
    size_t ncl, capcl;          /* used, allocated */
};

dd_mem *dd_mem_new(void)
{
    return ak_calloc(1, sizeof(dd_mem));
}

void dd_mem_free(dd_mem *m)
{
    if (!m) return;
    free(m->keys.keys);
    free(m->keys.vals);
    free(m->recs);
    for (size_t i = 0; i < m->ndocs; i++) {
        free(m->docs[i].site);
        free(m->docs[i].title);
        free(m->docs[i].body);
        free(m->docs[i].paras);
    }
    free(m->docs);
    free(m->clusters.keys);
    free(m->clusters.vals);
    free(m->cl);
    free(m->head);
    free(m);
}

int64_t dd_mem_add_doc(dd_mem *m, const char *site, const char *title, const char *body,
                       int64_t published, int64_t fetched)
{
    if (m->ndocs == m->capdocs) {
        m->capdocs = m->capdocs ? 2 * m->capdocs : 1024;
        m->docs = ak_realloc(m->docs, m->capdocs * sizeof *m->docs);
    }
    mdoc *d = &m->docs[m->ndocs++];
    memset(d, 0, sizeof *d);
    d->site = ak_strdup(site);
    d->title = ak_strdup(title);
    d->body = ak_strdup(body ? body : "");
    d->published = published;
    d->fetched = fetched;
    return (int64_t)m->ndocs;
}

const dd_state *dd_mem_state(const dd_mem *m, int64_t id, int64_t *duplicate_of)
{
    if (id < 1 || (size_t)id > m->ndocs || !m->docs[id - 1].has_state) return NULL;
    if (duplicate_of) *duplicate_of = m->docs[id - 1].duplicate_of;
    return &m->docs[id - 1].st;
}

size_t dd_mem_nkeys(const dd_mem *m)
{
    return m->nrecs;
}

static mdoc *doc(dd_mem *m, int64_t id)
{
    return id >= 1 && (size_t)id <= m->ndocs ? &m->docs[id - 1] : NULL;
}

/* Index + 1 of the record of cluster id, creating it when asked. */
static uint32_t cl_index(dd_mem *m, int64_t id, bool create)
{
    uint32_t *v = map_slot(&m->clusters, (uint64_t)id, create);
    if (!v) return 0;
    if (!*v) {
        if (m->ncl == m->capcl) {
            m->capcl = m->capcl ? 2 * m->capcl : 1024;
            m->cl = ak_realloc(m->cl, m->capcl * sizeof *m->cl);
            m->head = ak_realloc(m->head, m->capcl * sizeof *m->head);
        }
        memset(&m->cl[m->ncl], 0, sizeof m->cl[0]);
        m->head[m->ncl] = 0;
        *v = (uint32_t)++m->ncl;
    }
    return *v;
}

static void unlink_member(dd_mem *m, int64_t id, int64_t cluster)
{
    uint32_t c = cl_index(m, cluster, false);
    if (!c) return;
    int64_t *pp = &m->head[c - 1];
    while (*pp && *pp != id) pp = &m->docs[*pp - 1].next;
    if (*pp == id) *pp = m->docs[id - 1].next;
    m->docs[id - 1].next = 0;
}

static int m_key_get(void *ctx, uint64_t key, dd_keyrec *rec, char **err)
{
    (void)err;
    dd_mem *m = ctx;
    uint32_t *v = map_slot(&m->keys, key, false);
    if (!v) return 0;
    *rec = m->recs[*v - 1];
    return 1;
}

static int m_key_add(void *ctx, uint64_t key, int64_t id, int64_t t, dd_keyrec *prev, char **err)
{
    (void)err;
    dd_mem *m = ctx;
    uint32_t *v = map_slot(&m->keys, key, true);
    if (!*v) {
        if (m->nrecs == m->caprecs) {
            m->caprecs = m->caprecs ? 2 * m->caprecs : 4096;
            m->recs = ak_realloc(m->recs, m->caprecs * sizeof *m->recs);
        }
        memset(&m->recs[m->nrecs], 0, sizeof m->recs[0]);
        *v = (uint32_t)++m->nrecs;
    }
    dd_keyrec *r = &m->recs[*v - 1];
    if (prev) *prev = *r;
    if (r->n == 0 || t < r->first_time || (t == r->first_time && id < r->first)) {
        if (prev && r->n > 0) prev->first = 0, prev->first_time = INT64_MAX;
        r->first = id;
        r->first_time = t;
    }
    memmove(r->recent + 1, r->recent, (DD_RECENT - 1) * sizeof r->recent[0]);
    r->recent[0] = id;
    r->n++;
    return 0;
}

static int m_doc_get(void *ctx, int64_t id, dd_stored *a, char **err)
{
    (void)err;
    dd_mem *m = ctx;
    mdoc *d = doc(m, id);
    if (!d) return 0;
    a->id = id;
    a->site = d->site;
    a->title = d->title;
    a->body = d->body;
    a->published = d->published;
    a->fetched = d->fetched;
    a->cluster = d->has_state ? d->st.cluster : 0;
    return 1;
}

static int m_doc_put(void *ctx, int64_t id, const dd_state *s, int64_t duplicate_of, char **err)
{
    dd_mem *m = ctx;
    mdoc *d = doc(m, id);
    if (!d) {
        if (err) *err = ak_strdup("dedup: no such article");
        return -1;
    }
    if (!d->has_state || d->st.cluster != s->cluster) {
        if (d->has_state) unlink_member(m, id, d->st.cluster);
        uint32_t c = cl_index(m, s->cluster, true);
        d->next = m->head[c - 1];
        m->head[c - 1] = id;
    }
    d->has_state = true;
    d->st = *s;
    if (s->minhash) {
        memcpy(d->minhash, s->minhash, sizeof d->minhash);
        d->st.minhash = d->minhash;
    }
    free(d->paras);
    d->paras = NULL;
    if (s->paras_len) {
        d->paras = ak_malloc(s->paras_len);
        memcpy(d->paras, s->paras, s->paras_len);
    }
    d->st.paras = d->paras;
    d->duplicate_of = duplicate_of;
    return 0;
}

static int m_doc_sig(void *ctx, int64_t id, uint32_t *minhash, uint64_t *simhash, char **err)
{
    (void)err;
    dd_mem *m = ctx;
    mdoc *d = doc(m, id);
    if (!d || !d->has_state) return 0;
    memcpy(minhash, d->minhash, sizeof d->minhash);
    *simhash = d->st.simhash;
    return 1;
}

static int m_cluster_get(void *ctx, int64_t id, dd_cluster *c, char **err)
{
    (void)err;
    dd_mem *m = ctx;
    uint32_t i = cl_index(m, id, false);
    if (!i || m->cl[i - 1].id == 0) return 0;
    *c = m->cl[i - 1];
    return 1;
}

static int m_cluster_put(void *ctx, const dd_cluster *c, char **err)
{
    (void)err;
    dd_mem *m = ctx;
    uint32_t i = cl_index(m, c->id, true);
    m->cl[i - 1] = *c;
    return 0;
}

static int m_cluster_merge(void *ctx, int64_t from, int64_t into, char **err)
{
    (void)err;
    dd_mem *m = ctx;
    uint32_t f = cl_index(m, from, false);
    if (!f) return 0;
    uint32_t t = cl_index(m, into, true);
    int64_t id = m->head[f - 1], last = 0;
    for (; id; id = m->docs[id - 1].next) {
        m->docs[id - 1].st.cluster = into;
        last = id;
    }
    if (last) {
        m->docs[last - 1].next = m->head[t - 1];
        m->head[t - 1] = m->head[f - 1];
    }
    m->head[f - 1] = 0;
    m->cl[f - 1].id = 0;
    return 0;
}

static int m_cluster_set_original(void *ctx, int64_t id, int64_t original, int64_t old_original,
                                  int64_t match, double similarity, int kind, char **err)
{
    (void)err;
    dd_mem *m = ctx;
    uint32_t c = cl_index(m, id, false);
    for (int64_t i = c ? m->head[c - 1] : 0; i; i = m->docs[i - 1].next)
        m->docs[i - 1].duplicate_of = i == original ? 0 : original;
    mdoc *o = doc(m, old_original);
    if (o && o->has_state && old_original != original) {
        o->st.match = match;
        o->st.similarity = similarity;
        o->st.kind = kind;
    }
    return 0;
}

const dd_index_ops dd_mem_ops = {
    .key_get = m_key_get,
    .key_add = m_key_add,
    .doc_get = m_doc_get,
    .doc_put = m_doc_put,
    .doc_sig = m_doc_sig,
    .cluster_get = m_cluster_get,
    .cluster_put = m_cluster_put,
    .cluster_merge = m_cluster_merge,
    .cluster_set_original = m_cluster_set_original,
};
