/* ddstore.c -- dd_index_ops on the SQLite store (see ddstore.h). */
#include "main/ddstore.h"
#include "common/log.h"
#include "common/mem.h"
#include "common/timeutil.h"
#include "dedup/fp.h"

#include <string.h>

static int s_key_get(void *ctx, uint64_t key, dd_keyrec *rec, char **err)
{
    st_dd_key k;
    int rc = st_dd_key_get(ctx, key, &k, err);
    if (rc == 1) {
        rec->n = k.n;
        rec->first = k.first;
        rec->first_time = k.first_time;
        for (int i = 0; i < DD_RECENT && i < 3; i++) rec->recent[i] = k.recent[i];
    }
    return rc;
}

static int s_key_add(void *ctx, uint64_t key, int64_t id, int64_t t, dd_keyrec *prev, char **err)
{
    st_dd_key k;
    int rc = st_dd_key_add(ctx, key, id, t, prev ? &k : NULL, err);
    if (rc == 0 && prev) {
        prev->n = k.n;
        prev->first = k.first;
        prev->first_time = k.first_time;
        for (int i = 0; i < DD_RECENT && i < 3; i++) prev->recent[i] = k.recent[i];
    }
    return rc;
}

static int s_doc_get(void *ctx, int64_t id, dd_stored *a, char **err)
{
    st_dd_article x;
    int rc = st_dd_article_get(ctx, id, &x, err);
    if (rc == 1) {
        a->id = id;
        a->site = x.site;
        a->title = x.title;
        a->body = x.body;
        a->published = x.published;
        a->fetched = x.fetched_at;
        a->cluster = x.cluster;
    }
    return rc;
}

static int s_doc_put(void *ctx, int64_t id, const dd_state *s, int64_t duplicate_of, char **err)
{
    st_dd_state x = {
        .cluster = s->cluster,
        .match = s->match,
        .similarity = s->similarity,
        .kind = dd_kind_name(s->kind),
        .simhash = s->simhash,
        .minhash = s->minhash,
        .minhash_len = s->minhash ? DD_MINHASH * sizeof(uint32_t) : 0,
        .paras = s->paras,
        .paras_len = s->paras_len,
    };
    return st_dd_state_put(ctx, id, &x, duplicate_of, err);
}

static int s_doc_sig(void *ctx, int64_t id, uint32_t *minhash, uint64_t *simhash, char **err)
{
    return st_dd_sig_get(ctx, id, minhash, DD_MINHASH * sizeof(uint32_t), simhash, err);
}

static int s_cluster_get(void *ctx, int64_t id, dd_cluster *c, char **err)
{
    st_dd_cluster x;
    int rc = st_dd_cluster_get(ctx, id, &x, err);
    if (rc == 1) *c = (dd_cluster){x.id, x.original, x.original_time, x.size};
    return rc;
}

static int s_cluster_put(void *ctx, const dd_cluster *c, char **err)
{
    st_dd_cluster x = {c->id, c->original, c->original_time, c->size};
    return st_dd_cluster_put(ctx, &x, err);
}

static int s_cluster_merge(void *ctx, int64_t from, int64_t into, char **err)
{
    return st_dd_cluster_merge(ctx, from, into, err);
}

static int s_cluster_set_original(void *ctx, int64_t id, int64_t original, int64_t old_original,
                                  int64_t match, double similarity, int kind, char **err)
{
    return st_dd_cluster_set_original(ctx, id, original, old_original, match, similarity,
                                      dd_kind_name(kind), err);
}

const dd_index_ops cli_dd_store_ops = {
    .key_get = s_key_get,
    .key_add = s_key_add,
    .doc_get = s_doc_get,
    .doc_put = s_doc_put,
    .doc_sig = s_doc_sig,
    .cluster_get = s_cluster_get,
    .cluster_put = s_cluster_put,
    .cluster_merge = s_cluster_merge,
    .cluster_set_original = s_cluster_set_original,
};

/* ---- backfill -------------------------------------------------------------------- */

typedef struct backfill {
    st_store *st;            /* the store */
    dd_engine *e;            /* the engine */
    int batch;               /* articles per transaction */
    int in_batch;            /* articles in the open transaction */
    int64_t done;            /* articles deduplicated */
    char **err;              /* where errors go */
    int code;                /* the first error */
} backfill;

static int backfill_one(int64_t id, void *ud)
{
    backfill *b = ud;
    if (b->in_batch == 0 && (b->code = st_begin(b->st, b->err)) != 0) return 1;
    st_dd_article a;
    int rc = st_dd_article_get(b->st, id, &a, b->err);
    if (rc < 0) {
        b->code = rc;
        return 1;
    }
    if (rc == 1) {
        /* The engine reads the store between calls: copy what it needs. */
        char *site = ak_strdup(a.site), *title = ak_strdup(a.title), *body = ak_strdup(a.body);
        dd_article in = {.id = id, .site = site, .title = title, .body = body,
                         .published = a.published, .fetched = a.fetched_at};
        dd_result r;
        rc = dd_engine_add(b->e, &in, &r, b->err);
        free(site);
        free(title);
        free(body);
        if (rc < 0) {
            b->code = ST_EMISC;
            return 1;
        }
        b->done++;
    }
    if (++b->in_batch >= b->batch) {
        b->in_batch = 0;
        if ((b->code = st_commit(b->st, b->err)) != 0) return 1;
    }
    return 0;
}

int64_t cli_dd_backfill(st_store *st, dd_engine *e, int batch, char **err)
{
    backfill b = {.st = st, .e = e, .batch = batch > 0 ? batch : 256, .err = err};
    int rc = st_dd_pending(st, backfill_one, &b, err);
    if (b.code) {
        st_rollback(st);
        return b.code < 0 ? b.code : ST_EMISC;
    }
    if (rc < 0) return rc;
    if (b.in_batch && (rc = st_commit(st, err)) != 0) return rc;
    return b.done;
}

/* ---- shared paragraphs ----------------------------------------------------------- */

int cli_dd_shared(st_store *st, const st_article *a, cli_shared *out, int max, char **err)
{
    if (!a->dd_paras || a->dd_paras_len < sizeof(dd_para_rec)) return 0;
    size_t n = a->dd_paras_len / sizeof(dd_para_rec);
    int k = 0;
    for (size_t i = 0; i < n && k < max; i++) {
        dd_para_rec rec;
        memcpy(&rec, (const char *)a->dd_paras + i * sizeof rec, sizeof rec);
        st_dd_key key;
        int rc = st_dd_key_get(st, rec.key, &key, err);
        if (rc < 0) return rc;
        if (rc == 0 || key.first == a->id || key.n < 2) continue;
        /* A line the site repeats on other pages is its own, not a quote. */
        st_dd_key ck;
        rc = st_dd_key_get(st, rec.chrome_key, &ck, err);
        if (rc < 0) return rc;
        if (rc == 1 && ck.n >= (rec.words <= 20 ? 2 : 3)) continue;
        out[k].paragraph = rec.index;
        out[k].first = key.first;
        k++;
    }
    return k;
}
