/* shared.c -- crawling a shared store (see shared.h). */
#include "main/shared.h"
#include "common/log.h"
#include "common/mem.h"
#include "common/timeutil.h"
#include "common/url.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAX_ATTEMPTS 8 /* an article stored again after conflicts */

int cli_store_article(st_store *st, dd_engine *e, st_article *a, dd_doc *doc, dd_result *r, int *retries,
                      double *dd_cpu, char **err)
{
    for (int attempt = 1;; attempt++) {
        int rc = st_savepoint(st, err);
        if (rc) return rc;
        rc = st_put_article(st, a, err);
        if (rc == 1) {
            dd_article in = {.id = a->id, .site = a->site, .title = a->title, .body = a->body,
                             .published = a->published, .fetched = a->fetched_at};
            double t0 = dd_cpu ? ak_cpu_thread() : 0;
            /* The engine takes doc's contents: a second attempt parses again. */
            int drc = doc && attempt == 1 ? dd_engine_add_parsed(e, &in, doc, r, err) : dd_engine_add(e, &in, r, err);
            if (dd_cpu) *dd_cpu += ak_cpu_thread() - t0;
            if (drc < 0) rc = ST_EMISC;
        }
        if (rc >= 0) {
            int rr = st_savepoint_release(st, err);
            return rr ? rr : rc;
        }
        bool again = st_conflicted(st) && attempt < MAX_ATTEMPTS;
        st_savepoint_rollback(st);
        if (!again) return rc;
        /* Another process held rows this article needs (a deadlock was
         * broken in its favour, or it merged a cluster we had read): it
         * commits in a moment; then this article sees its work. */
        ak_debug("%s; storing %s again (attempt %d)", *err ? *err : "conflict", a->url, attempt + 1);
        free(*err);
        *err = NULL;
        a->id = 0;
        if (retries) (*retries)++;
        usleep((useconds_t)(1000 * (attempt * 5 + random() % 20)));
    }
}

struct cli_shared {
    st_store *st;            /* the store (borrowed) */
    const cf_config *cfg;    /* settings (borrowed) */
    int64_t run_start;       /* this run's start (ak_now()): URLs failed since are not retried in it */
    int64_t lease_s;         /* lease length */
    int64_t renewed_ms;      /* last renewal (monotonic ms) */
    cf_feed *standins;       /* feeds of URLs whose feed this config does not list */
    size_t nstandins;        /* entries in standins */
    bool slot_failed;        /* a slot reservation failed (logged once) */
    cli_shared_stats stats;  /* counters */
};

cli_shared *cli_shared_new(st_store *st, const cf_config *cfg)
{
    if (!st_shared(st)) return NULL;
    cli_shared *sh = ak_calloc(1, sizeof *sh);
    sh->st = st;
    sh->cfg = cfg;
    sh->run_start = ak_now();
    sh->lease_s = cfg->lease_ms / 1000 > 0 ? cfg->lease_ms / 1000 : 1;
    sh->renewed_ms = ak_mono_ms();
    return sh;
}

void cli_shared_free(cli_shared *sh)
{
    if (!sh) return;
    /* Even a run stopped early has read what it will read: nobody waits
     * for it (feeds it did not read wait for the next interval). */
    cli_shared_feeds_done(sh);
    char *err = NULL;
    int n = st_frontier_release_all(sh->st, &err);
    if (n < 0) ak_warn("%s", err);
    else if (n > 0) ak_info("gave back %d claimed URLs to the frontier", n);
    free(err);
    for (size_t i = 0; i < sh->nstandins; i++) {
        free(sh->standins[i].name);
        free(sh->standins[i].url);
        free(sh->standins[i].site);
        free(sh->standins[i].lang);
    }
    free(sh->standins);
    free(sh);
}

int cli_shared_claim_feeds(cli_shared *sh, bool *claimed, char **err)
{
    size_t n = sh->cfg->nfeeds;
    const char **urls = ak_calloc(n + 1, sizeof *urls), **sites = ak_calloc(n + 1, sizeof *sites);
    for (size_t i = 0; i < n; i++) {
        urls[i] = sh->cfg->feeds[i].url;
        sites[i] = sh->cfg->feeds[i].site;
    }
    int rc = st_feeds_claim(sh->st, urls, sites, n, sh->cfg->feed_interval_ms / 1000, claimed, err);
    free(urls);
    free(sites);
    if (rc >= 0) {
        sh->stats.feeds_claimed = rc;
        sh->stats.feeds_elsewhere = (int)n - rc;
    }
    return rc;
}

/* "host[:port]" of a URL, as the fetcher names hosts. */
static char *authority(const char *url)
{
    char *o = ak_url_origin(url);
    if (!o) return NULL;
    char *p = strstr(o, "://");
    char *a = ak_strdup(p ? p + 3 : o);
    free(o);
    return a;
}

int cli_shared_enqueue(cli_shared *sh, const char *url, const cf_feed *feed, const char *feed_url,
                       const char *title, int64_t published, const char *lang, char **err)
{
    char *host = authority(url);
    st_frontier_entry e = {.url = url, .host = host, .feed = feed->url, .site = feed->site,
                           .lang = lang ? lang : feed->lang, .feed_url = feed_url, .title = title,
                           .published = published};
    int rc = st_frontier_add(sh->st, &e, sh->cfg->retry_failed, sh->run_start, err);
    free(host);
    if (rc == 1) sh->stats.queued++;
    return rc;
}

static const cf_feed *feed_for(cli_shared *sh, const st_frontier_entry *e)
{
    for (size_t i = 0; e->feed && i < sh->cfg->nfeeds; i++)
        if (strcmp(sh->cfg->feeds[i].url, e->feed) == 0) return &sh->cfg->feeds[i];
    /* Another worker's config listed it: keep its site and language. */
    for (size_t i = 0; i < sh->nstandins; i++) {
        const cf_feed *f = &sh->standins[i];
        if (!strcmp(f->url, e->feed ? e->feed : "") && !strcmp(f->site ? f->site : "", e->site ? e->site : "") &&
            !strcmp(f->lang ? f->lang : "", e->lang ? e->lang : ""))
            return f;
    }
    sh->standins = ak_realloc(sh->standins, (sh->nstandins + 1) * sizeof *sh->standins);
    cf_feed *f = &sh->standins[sh->nstandins++];
    memset(f, 0, sizeof *f);
    f->name = ak_strdup(e->feed ? e->feed : "(frontier)");
    f->url = ak_strdup(e->feed ? e->feed : "");
    f->site = ak_strdup(e->site);
    f->lang = ak_strdup(e->lang);
    return f;
}

typedef struct claim_ctx {
    cli_shared *sh;          /* the state */
    cli_page_fn *fn;         /* the crawl's callback */
    void *udata;             /* its argument */
} claim_ctx;

static int on_claimed(const st_frontier_entry *e, void *ud)
{
    claim_ctx *c = ud;
    const cf_feed *feed = feed_for(c->sh, e);
    c->fn(c->udata, feed, e->url, e->feed_url, e->title, e->published, e->lang);
    return 0;
}

int cli_shared_claim(cli_shared *sh, int n, cli_page_fn *fn, void *udata, char **err)
{
    claim_ctx c = {sh, fn, udata};
    int rc = st_frontier_claim(sh->st, n, sh->lease_s, on_claimed, &c, err);
    if (rc > 0) sh->stats.claimed += rc;
    return rc;
}

void cli_shared_release(cli_shared *sh, const char *url, int64_t not_before)
{
    char *err = NULL;
    if (st_frontier_release(sh->st, url, not_before, &err) < 0) ak_warn("%s", err);
    free(err);
}

void cli_shared_feeds_done(cli_shared *sh)
{
    char *err = NULL;
    if (st_feeds_done(sh->st, &err) < 0) ak_warn("%s", err);
    free(err);
}

bool cli_shared_others_feeding(cli_shared *sh)
{
    st_frontier_counts c;
    char *err = NULL;
    int rc = st_frontier_counts_get(sh->st, &c, &err);
    if (rc < 0) ak_warn("%s", err);
    free(err);
    return rc == 0 && c.feeding > 0;
}

void cli_shared_tick(cli_shared *sh)
{
    if (!sh || ak_mono_ms() - sh->renewed_ms < sh->lease_s * 1000 / 3) return;
    sh->renewed_ms = ak_mono_ms();
    char *err = NULL;
    int n = st_frontier_renew(sh->st, sh->lease_s, &err);
    if (n < 0) ak_warn("%s", err);
    else ak_debug("renewed %d leases", n);
    free(err);
}

int64_t cli_shared_slot(void *udata, const char *host, int delay_ms, int64_t *paused_until, const char **why)
{
    cli_shared *sh = udata;
    int64_t wait = 0;
    char *err = NULL;
    cli_shared_tick(sh);
    if (st_host_slot(sh->st, host, delay_ms, &wait, paused_until, why, &err) < 0) {
        /* The delay still holds within this process. */
        if (!sh->slot_failed) ak_warn("%s; pacing %s within this process only", err, host);
        sh->slot_failed = true;
        wait = 0;
        *paused_until = 0;
    }
    free(err);
    return wait;
}

void cli_shared_get_stats(const cli_shared *sh, cli_shared_stats *s)
{
    if (sh) *s = sh->stats;
    else memset(s, 0, sizeof *s);
}
