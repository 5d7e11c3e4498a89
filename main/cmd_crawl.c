/* cmd_crawl.c -- `akhbar crawl`: the pipeline, wired.
 *
 * crawler -> parser -> dedup -> store, one way: the fetcher hands each
 * finished transfer to a callback here; feeds go to the feed parser, whose
 * entries become page requests; pages go to the extractor, then the dedup
 * normaliser (content hash), then the store, in batched transactions.
 */
#include "common/buf.h"
#include "common/lockfile.h"
#include "common/log.h"
#include "common/mem.h"
#include "common/strset.h"
#include "common/timeutil.h"
#include "common/url.h"
#include "common/utf8.h"
#include "common/version.h"
#include "crawler/fetch.h"
#include "crawler/policy.h"
#include "crawler/robots.h"
#include "dedup/engine.h"
#include "dedup/norm.h"
#include "main/cli.h"
#include "main/ddstore.h"
#include "common/pool.h"
#include "main/progress.h"
#include "main/shared.h"
#include "parser/discover.h"
#include "parser/extract.h"
#include "parser/feed.h"
#include "store/store.h"

#include <errno.h>
#include <getopt.h>
#include <pthread.h>
#include <jansson.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#define BATCH_WRITES 64       /* commit after this many writes... */
#define BATCH_MS 1000         /* ...or this long after the batch began */
#define MAX_SITEMAP_DEPTH 2   /* sitemap index -> sitemap -> urls */
#define SITE_MAX_FEEDS 3      /* declared feeds crawled for a configured site */
#define SITE_MAX_SITEMAPS 4   /* robots.txt sitemaps crawled for a configured site */
#define SITE_THIN 10          /* fewer entries than this in its feeds: add its news sitemaps */

typedef struct crawl {
    cf_config *cfg;          /* settings */
    st_store *st;            /* the store */
    cr_fetcher *f;           /* the fetcher */
    ak_strset queued;        /* article URLs queued this run */
    bool in_tx;              /* a batch transaction is open */
    int batch_writes;        /* writes in the open batch */
    int64_t batch_start;     /* when it began (monotonic ms) */
    bool store_failed;       /* a store error stopped the crawl */
    int store_code;          /* its st_err */
    int queued_articles;     /* page requests made this run */
    bool cap_logged;         /* the max_articles cap was reported */
    ak_progress progress;    /* live display on a terminal */
    ak_pool *pool;           /* workers: extract and store fetched pages */
    pthread_mutex_t lock;    /* this struct and the store: the fetcher's callbacks and a
                              * worker storing a page hold it (see cr_set_lock) */
    double cpu_extract;      /* CPU seconds per stage, all threads: extraction */
    double cpu_parse_dd;     /* ...dedup's text parsing (normalise, shingle, hash) */
    double cpu_feeds;        /* ...feed parsing */
    double cpu_store;        /* ...storing articles (SQLite, FTS) */
    double cpu_dedup;        /* ...dedup index, clustering and its tables */
    dd_engine *dd;           /* deduplication: every new article is clustered before commit */
    int copies;              /* new articles that joined a stored story */
    /* counters for the summary */
    int feeds_ok, feeds_unchanged, feeds_failed;
    int new_articles, skipped, pages_failed, no_article;
    /* politeness counters (second summary line) */
    int feeds_waiting;       /* not due yet (back-off, max-age) */
    int feeds_retired;       /* retired after repeated 404/410 */
    int feeds_deferred;      /* host paused by Retry-After */
    int pages_disallowed;    /* robots.txt said no */
    int pages_deferred;      /* host paused by Retry-After */
    char **pending;          /* URLs stored in the open batch, reported at commit */
    size_t npending, cap_pending;
    bool cap_run_logged;     /* a per-run cap (bytes, time) was reported */
    int64_t t0;              /* crawl start (monotonic ms) */
    int sitemaps_unchanged;  /* child sitemaps skipped: their <lastmod> did not move */
    cli_shared *sh;          /* shared store (several crawlers): leases, frontier; NULL otherwise */
    int batch_max;           /* writes per batch: BATCH_WRITES, 1 on a shared store (row locks stay short) */
    int pages_open;          /* page requests not answered yet */
    int producing;           /* feed and site jobs not finished (their URLs are still coming) */
    int retries;             /* articles stored again after a conflict with another crawler */
    bool feeds_read;         /* shared store: the feeds claimed are read (said once) */
} crawl;

typedef struct site_job site_job;

enum { FJ_FEED, FJ_PROBE }; /* feed_job roles: a feed, or a guessed address tried quietly */

typedef struct feed_job {
    crawl *c;                /* the crawl */
    const cf_feed *feed;     /* configured feed */
    char *url;               /* URL fetched (feed or child sitemap) */
    int depth;               /* sitemap nesting depth */
    int taken;               /* entries queued from this document */
    int failures;            /* consecutive failures stored before this fetch */
    site_job *site;          /* the configured site it was discovered for, or NULL */
    int role;                /* FJ_FEED or FJ_PROBE */
    int64_t lastmod;         /* <lastmod> its sitemap index gave it, or AK_TIME_NONE */
} feed_job;

typedef struct page_job {
    crawl *c;                /* the crawl */
    const cf_feed *feed;     /* feed it came from */
    char *url;               /* normalised article URL */
    char *feed_url;          /* document it was listed in */
    char *title;             /* entry title (fallback) */
    int64_t published;       /* entry date (fallback) */
    char *lang;              /* entry language (news:language, dc:language, xml:lang) or NULL */
} page_job;

/* A fetched page on its way through a worker. */
typedef struct page_work_t {
    page_job *j;             /* the article it is */
    char *body;              /* copy of the response body (freed by the worker) */
    size_t len;              /* its length */
    char *final_url;         /* URL after redirects */
    char *ctype;             /* Content-Type, or NULL */
    px_options popt;         /* per-site rules (strings owned by the config) */
    size_t max_bytes;        /* page size cap */
} page_work_t;

static volatile sig_atomic_t signals_seen = 0;
static cr_fetcher *signal_fetcher = NULL;
static void on_page_shared(const cr_response *r, void *ud);

/* First SIGINT/SIGTERM: start nothing new and let running transfers end,
 * but abort them after GRACE_S seconds (SIGALRM), so the crawl always
 * commits and exits within about 5 s.  A second signal aborts at once. */
#define GRACE_S 3
static void on_signal(int sig)
{
    if (sig == SIGALRM) {
        if (signal_fetcher) cr_stop(signal_fetcher, 0);
        return;
    }
    signals_seen++;
    if (signal_fetcher) cr_stop(signal_fetcher, signals_seen == 1);
    if (signals_seen == 1) alarm(GRACE_S);
}

/* ---- store batching ------------------------------------------------------ */

static void store_fail(crawl *c, int code, char *err)
{
    ak_error("%s%s", err ? err : "store error",
             code == ST_EFULL && c->cfg->max_store_size ? " (or raise max_store_size)" : "");
    free(err);
    if (!c->store_failed) ak_error("stopping the crawl: the store cannot be written");
    c->store_failed = true;
    c->store_code = code;
    cr_stop(c->f, 1);
}

static bool batch_open(crawl *c)
{
    if (c->store_failed) return false;
    if (c->in_tx) return true;
    char *err = NULL;
    int rc = st_begin(c->st, &err);
    if (rc) {
        store_fail(c, rc, err);
        return false;
    }
    c->in_tx = true;
    c->batch_writes = 0;
    c->batch_start = ak_mono_ms();
    return true;
}

/* Articles are reported (and counted as new) only once their batch is
 * committed: a crash can lose an uncommitted batch, never one that was
 * reported as stored. */
static void batch_commit(crawl *c)
{
    if (!c->in_tx) return;
    char *err = NULL;
    int rc = st_commit(c->st, &err);
    c->in_tx = false;
    if (rc) {
        store_fail(c, rc, err);
        if (c->npending)
            ak_warn("%zu articles of the failed batch were not stored; the next run fetches them again",
                    c->npending);
    } else {
        for (size_t i = 0; i < c->npending; i++) ak_info("stored %s", c->pending[i]);
        c->new_articles += (int)c->npending;
        c->progress.new_articles += (int)c->npending;
    }
    for (size_t i = 0; i < c->npending; i++) free(c->pending[i]);
    c->npending = 0;
}

static void batch_wrote(crawl *c)
{
    c->batch_writes++;
    if (c->batch_writes >= c->batch_max || ak_mono_ms() - c->batch_start >= BATCH_MS)
        batch_commit(c);
}

/* Per-run caps on bytes and time: a feed listing a million URLs, or a
 * crawl of hosts that all crawl along, cannot make a run endless.  What is
 * left waits for the next run. */
static void check_run_caps(crawl *c)
{
    if (c->cap_run_logged) return;
    cr_stats st;
    cr_get_stats(c->f, &st);
    const char *what = NULL;
    if (c->cfg->max_run_bytes > 0 && (long long)st.bytes >= c->cfg->max_run_bytes) what = "max_run_bytes";
    else if (c->cfg->max_run_time_ms > 0 && ak_mono_ms() - c->t0 >= c->cfg->max_run_time_ms) what = "max_run_time";
    if (!what) return;
    ak_notice("%s reached: stopping this run; the rest waits for the next one", what);
    c->cap_run_logged = true;
    cr_stop(c->f, 1);
}

/* ---- pages ---------------------------------------------------------------- */

static void page_job_free(page_job *j)
{
    free(j->url);
    free(j->feed_url);
    free(j->title);
    free(j->lang);
    free(j);
}

static void page_failed(crawl *c, page_job *j, const char *reason, bool final)
{
    if (!batch_open(c)) return;
    char *err = NULL;
    int rc = st_url_failed(c->st, j->url, reason, final, &err);
    if (rc) store_fail(c, rc, err);
    else batch_wrote(c);
}

static void page_work(void *arg);
static void store_page(crawl *c, page_job *j, px_article *ap, dd_doc *doc);

static void on_page(const cr_response *r, void *ud)
{
    page_job *j = ud;
    crawl *c = j->c;
    if (r->result == CR_ESTOPPED || c->store_failed) {
        page_job_free(j);
        return;
    }
    c->progress.fetched++;
    ak_progress_draw(&c->progress, false);
    check_run_caps(c);
    /* Not sent, or throttled: nothing is recorded, the next run asks again. */
    if (r->result == CR_EROBOTS) {
        ak_info("article %s: %s", j->url, r->error);
        c->pages_disallowed++;
        page_job_free(j);
        return;
    }
    if (r->result == CR_EDEFERRED || (r->result == CR_OK && r->paused_until > 0)) {
        if (r->result == CR_OK)
            ak_info("article %s: HTTP %ld, Retry-After %ld s; asked again in a later run", j->url,
                    r->status, r->retry_after);
        else
            ak_info("article %s: %s", j->url, r->error);
        c->pages_deferred++;
        page_job_free(j);
        return;
    }
    if (r->result != CR_OK || r->status != 200) {
        ak_buf why = {0};
        if (r->result != CR_OK) ak_buf_puts(&why, r->error ? r->error : "failed");
        else ak_buf_printf(&why, "HTTP %ld", r->status);
        ak_warn("article %s: %s", j->url, why.data);
        c->pages_failed++;
        page_failed(c, j, why.data, r->status == 404 || r->status == 410);
        ak_buf_free(&why);
        page_job_free(j);
        return;
    }
    /* The page goes to a worker, which extracts it and stores it while this
     * thread keeps fetching. */
    page_work_t *w = ak_calloc(1, sizeof *w);
    w->j = j;
    w->body = ak_malloc(r->len + 1);
    memcpy(w->body, r->body, r->len);
    w->body[r->len] = '\0';
    w->len = r->len;
    w->final_url = ak_strdup(r->final_url ? r->final_url : j->url);
    w->ctype = ak_strdup(r->content_type);
    char *page_host = ak_url_host(w->final_url);
    const cf_site *rules = cf_site_for(c->cfg, page_host);
    free(page_host);
    w->popt = (px_options){rules ? rules->body_xpath : NULL, rules ? rules->title_xpath : NULL,
                           rules ? rules->date_xpath : NULL, rules ? rules->author_xpath : NULL};
    w->max_bytes = (size_t)c->cfg->max_page_bytes;
    /* ak_pool_submit may wait for a worker, and workers take the lock to store. */
    pthread_mutex_unlock(&c->lock);
    ak_pool_submit(c->pool, w, page_work);
    pthread_mutex_lock(&c->lock);
}

/* cr_set_lock: the fetcher lets go of the crawl while it reads sockets. */
static void fetcher_lock(void *ud, int take)
{
    crawl *c = ud;
    if (take) pthread_mutex_lock(&c->lock);
    else pthread_mutex_unlock(&c->lock);
}

/* A worker: extraction and dedup's parsing need nothing but the page and
 * run without the lock; storing and clustering take it. */
static void page_work(void *arg)
{
    page_work_t *w = arg;
    page_job *j = w->j;
    crawl *c = j->c;
    px_article a;
    dd_doc doc = {0};
    double t0 = ak_cpu_thread();
    px_extract_opts(w->body, w->len, w->final_url, w->ctype, w->max_bytes, &w->popt, &a);
    free(w->body);
    double t1 = ak_cpu_thread();
    if (strcmp(a.status, "ok") == 0) dd_doc_parse(&doc, a.body);
    double t2 = ak_cpu_thread();
    pthread_mutex_lock(&c->lock);
    c->cpu_extract += t1 - t0;
    c->cpu_parse_dd += t2 - t1;
    if (!c->store_failed) {
        store_page(c, j, &a, &doc);
        c->cpu_store += ak_cpu_thread() - t2;
    }
    pthread_mutex_unlock(&c->lock);
    px_free(&a);
    dd_doc_free(&doc);
    free(w->final_url);
    free(w->ctype);
    page_job_free(j);
    free(w);
}

static void store_page(crawl *c, page_job *j, px_article *ap, dd_doc *doc)
{
    px_article a = *ap;
    if (strcmp(a.status, "ok") != 0) {
        ak_info("article %s: %s", j->url, a.status);
        c->no_article++;
        page_failed(c, j, a.status, true);
        return;
    }
    const char *hash = doc->content_hash; /* SHA-256 of the normalised body (dd_doc_parse) */
    /* The feed's date is the publisher's metadata: it beats a date read
     * from the page's visible text when the two are more than a day apart
     * (the text may be a top bar's "today" or a related story's date). */
    int64_t published = a.published;
    int published_off = a.published_off;
    if (j->published != AK_TIME_NONE &&
        (published == AK_TIME_NONE ||
         (a.published_from && strcmp(a.published_from, "text") == 0 &&
          llabs(published - j->published) > 86400))) {
        published = j->published;
        published_off = 0;
    }
    char *canon = a.canonical_url ? ak_url_normalize(a.canonical_url) : NULL;
    st_article art = {
        .url = j->url,
        .canonical_url = canon,
        .site = j->feed->site,
        .feed_url = j->feed_url,
        .title = a.title ? a.title : j->title,
        .body = a.body,
        .author = a.author,
        .lang = a.lang ? a.lang : j->lang ? j->lang : j->feed->lang,
        .description = a.description,
        .image = a.image,
        .content_hash = hash,
        .published = published,
        .published_offset = published_off,
        .modified = a.modified,
        .fetched_at = ak_now(),
    };
    if (batch_open(c)) {
        char *err = NULL;
        /* Stored and deduplicated in the batch, under a savepoint: on a
         * failure nothing of it is left (and the crawl stops); on a shared
         * store, tried again when another crawler got in the way. */
        dd_result dr = {0};
        double dd_cpu = 0;
        int rc = cli_store_article(c->st, c->dd, &art, doc, &dr, &c->retries, &dd_cpu, &err);
        c->cpu_dedup += dd_cpu;
        c->cpu_store -= dd_cpu; /* counted under dedup, not store */
        if (rc < 0) {
            store_fail(c, rc, err);
        } else {
            if (rc == 1) {
                if (c->npending == c->cap_pending) {
                    c->cap_pending = c->cap_pending ? c->cap_pending * 2 : 64;
                    c->pending = ak_realloc(c->pending, c->cap_pending * sizeof *c->pending);
                }
                c->pending[c->npending++] = ak_strdup(j->url);
                if (dr.duplicate_of > 0 || dr.match > 0) {
                    c->copies++;
                    c->progress.duplicates++;
                    ak_info("  #%lld is a copy (%s, %.2f) of #%lld; story #%lld", (long long)art.id,
                            dd_kind_name(dr.kind), dr.similarity, (long long)dr.match,
                            (long long)dr.cluster);
                }
            } else {
                c->skipped++;
                ak_info("already stored as #%lld: %s", (long long)art.id, j->url);
            }
            batch_wrote(c);
        }
    }
    free(canon);
}

/* Fetches article url (taken) listed in feed's document feed_url. */
static void queue_page(crawl *c, const cf_feed *feed, char *url, const char *feed_url, const char *title,
                       int64_t published, const char *lang)
{
    page_job *j = ak_calloc(1, sizeof *j);
    j->c = c;
    j->feed = feed;
    j->url = url;
    j->feed_url = ak_strdup(feed_url);
    j->title = ak_strdup(title);
    j->published = published;
    j->lang = lang ? ak_strdup(lang) : NULL;
    c->queued_articles++;
    c->pages_open++;
    c->progress.queued++;
    cr_request req = {.url = url, .kind = CR_PAGE};
    cr_add(c->f, &req, c->sh ? on_page_shared : on_page, j);
}

/* ---- shared store: the frontier ------------------------------------------------ */

static void on_claimed(void *ud, const cf_feed *feed, const char *url, const char *feed_url, const char *title,
                       int64_t published, const char *lang)
{
    queue_page(ud, feed, ak_strdup(url), feed_url, title, published, lang);
}

/* Keeps the fetcher fed with URLs claimed from the shared frontier.
 * Returns how many were claimed. */
static int pump(crawl *c)
{
    if (!c->sh) return 0;
    if (!c->producing && !c->feeds_read) {
        c->feeds_read = true;
        cli_shared_feeds_done(c->sh);
    }
    /* Up to max_transfers pages open, claimed a quarter at a time, so
     * that the work spreads over the crawlers. */
    int window = c->cfg->max_transfers, batch = window / 4 > 4 ? window / 4 : (window < 4 ? window : 4);
    if (c->store_failed || signals_seen || c->cap_run_logged || c->pages_open > window - batch) return 0;
    cli_shared_tick(c->sh);
    int room = window - c->pages_open;
    if (c->cfg->max_articles > 0 && c->queued_articles + room > c->cfg->max_articles)
        room = c->cfg->max_articles - c->queued_articles;
    if (room <= 0) {
        if (!c->cap_logged) ak_notice("max_articles (%d) reached: the rest waits for the next run",
                                      c->cfg->max_articles);
        c->cap_logged = true;
        return 0;
    }
    char *err = NULL;
    int n = cli_shared_claim(c->sh, room, on_claimed, c, &err);
    if (n < 0) store_fail(c, n, err);
    return n > 0 ? n : 0;
}

/* on_page for a URL claimed from the frontier: a page that was not
 * fetched or not recorded goes back to the frontier (not before a host's
 * pause ends; disallowed ones an hour later), then the next batch. */
static void on_page_shared(const cr_response *r, void *ud)
{
    page_job *j = ud;
    crawl *c = j->c;
    char *url = ak_strdup(j->url);
    int64_t not_before = AK_TIME_NONE;
    bool unsent = r->result == CR_ESTOPPED || r->result == CR_EROBOTS || r->result == CR_EDEFERRED ||
                  (r->result == CR_OK && r->paused_until > 0);
    if (r->paused_until > 0) not_before = r->paused_until;
    else if (r->result == CR_EROBOTS) not_before = ak_now() + 3600;
    bool stopped = r->result == CR_ESTOPPED;
    on_page(r, ud);
    c->pages_open--;
    if (unsent || c->store_failed) cli_shared_release(c->sh, url, not_before);
    free(url);
    if (!stopped) pump(c); /* not while the fetcher is being stopped or freed */
}

/* ---- feeds ---------------------------------------------------------------- */

static void add_feed_request(crawl *c, const cf_feed *feed, const char *url, int depth);
static void add_feed_job(crawl *c, const cf_feed *feed, const char *url, int depth, site_job *site,
                         int role, int64_t lastmod);
static bool site_start(crawl *c, feed_job *fj, const cr_response *r, const char *why);
static void site_child_done(feed_job *fj, bool ok, size_t entries, const char *why);

static int on_entry(const pf_entry *e, void *ud)
{
    feed_job *fj = ud;
    crawl *c = fj->c;
    if (c->store_failed) return 1;
    if (!e->link) return 0;
    if (e->is_sitemap_index) {
        if (fj->depth >= MAX_SITEMAP_DEPTH) return 0;
        /* A child whose <lastmod> has not moved since it was last read is
         * not fetched again (an index lists years of monthly sitemaps). */
        int64_t seen;
        char *serr = NULL;
        int known = e->updated != AK_TIME_NONE ? st_sitemap_lastmod_get(c->st, e->link, &seen, &serr) : 0;
        if (known < 0) {
            store_fail(c, known, serr);
            return 1;
        }
        if (known == 1 && e->updated <= seen) {
            ak_debug("sitemap %s: unchanged since it was last read", e->link);
            c->sitemaps_unchanged++;
            return 0;
        }
        add_feed_job(c, fj->feed, e->link, fj->depth + 1, NULL, FJ_FEED, e->updated);
        return 0;
    }
    int per_feed = c->cfg->max_per_feed;
    if (per_feed > 0 && fj->taken >= per_feed) return 0;
    char *url = ak_url_normalize(e->link);
    if (!url) {
        ak_debug("feed %s: skipping unusable link '%s'", fj->url, e->link);
        return 0;
    }
    if (!ak_strset_add(&c->queued, url)) {
        free(url);
        return 0;
    }
    char *err = NULL;
    int state = st_url_state_get(c->st, url, c->cfg->retry_failed, &err);
    if (state < 0) {
        store_fail(c, state, err);
        free(url);
        return 1;
    }
    if (state != ST_URL_NEW) {
        c->skipped++;
        free(url);
        return 0;
    }
    if (c->cfg->max_articles > 0 && c->queued_articles >= c->cfg->max_articles) {
        if (!c->cap_logged) ak_notice("max_articles (%d) reached: the rest waits for the next run",
                                      c->cfg->max_articles);
        c->cap_logged = true;
        free(url);
        return 1; /* stop reading this feed: nothing more will be queued */
    }
    fj->taken++;
    if (c->sh) {
        /* Shared store: into the frontier; whichever crawler claims it
         * fetches it (pump). */
        int rc = cli_shared_enqueue(c->sh, url, fj->feed, fj->url, e->title, e->published, e->language, &err);
        free(url);
        if (rc < 0) {
            store_fail(c, rc, err);
            return 1;
        }
        return 0;
    }
    queue_page(c, fj->feed, url, fj->url, e->title, e->published, e->language);
    return 0;
}

/* Store key of a feed document: the configured URL (a moved feed keeps
 * its key), or the child sitemap's own URL. */
static const char *feed_key(const feed_job *fj) { return fj->depth == 0 ? fj->feed->url : fj->url; }

static void feed_record(crawl *c, feed_job *fj, st_feed_result *res)
{
    if (!batch_open(c)) return;
    char *err = NULL;
    res->site = fj->feed->site;
    res->now = ak_now();
    /* Reasons quote servers (headers, URLs): stored as valid UTF-8. */
    ak_buf why = {0};
    if (res->reason) {
        ak_utf8_sanitize(&why, res->reason, strlen(res->reason));
        res->reason = ak_buf_str(&why);
    }
    int rc = st_feed_record(c->st, feed_key(fj), res, &err);
    ak_buf_free(&why);
    if (rc) store_fail(c, rc, err);
    else batch_wrote(c);
}

/* "Not before" from a Cache-Control max-age, capped by max_cache_wait. */
static int64_t fresh_until(const crawl *c, const cr_response *r)
{
    if (r->max_age <= 0) return AK_TIME_NONE;
    int64_t cap = c->cfg->max_cache_wait_ms / 1000;
    return ak_now() + (r->max_age < cap ? r->max_age : cap);
}

/* A 301/308 chain moved the feed: say so once; the store keeps it. */
static const char *moved_to(const feed_job *fj, const cr_response *r)
{
    if (fj->depth != 0 || !r->permanent_url || strcmp(r->permanent_url, r->url) == 0) return NULL;
    ak_notice("feed %s: moved permanently to %s; fetching that from now on", fj->url, r->permanent_url);
    return r->permanent_url;
}

static void feed_failed_r(crawl *c, feed_job *fj, const char *why, const cr_response *r)
{
    ak_warn("feed %s: %s", fj->url, why);
    if (fj->depth == 0) c->feeds_failed++;
    long status = r ? r->status : 0;
    bool gone = status == 404 || status == 410;
    int n = fj->failures + 1;
    int64_t wait = cr_backoff_s(n, c->cfg->backoff_base_ms / 1000, c->cfg->backoff_max_ms / 1000,
                                (double)random() / ((double)RAND_MAX + 1.0));
    st_feed_result res = {
        .outcome = ST_FEED_FAILED,
        .status = status,
        .reason = why,
        .current_url = r ? moved_to(fj, r) : NULL,
        .not_before = wait > 0 ? ak_now() + wait : AK_TIME_NONE,
        .gone = gone,
        .retire_after = c->cfg->retire_after,
    };
    feed_record(c, fj, &res);
    if (fj->depth == 0 && gone && c->cfg->retire_after > 0 && !c->store_failed) {
        st_feed fs;
        char *err = NULL;
        if (st_feed_get(c->st, fj->feed->url, &fs, &err) == 1 && fs.retired)
            ak_warn("feed %s: retired after %d answers 404/410 in a row; `akhbar feeds --reset %s` "
                    "to try it again", fj->url, fs.gone, fj->feed->name);
        free(err);
    }
}

static void __attribute__((unused)) feed_failed(crawl *c, feed_job *fj, const char *why)
{
    feed_failed_r(c, fj, why, NULL);
}

/* Host paused by Retry-After: not a failure of the feed. */
static void feed_deferred(crawl *c, feed_job *fj, const char *why, const cr_response *r)
{
    ak_notice("feed %s: %s", fj->url, why);
    if (fj->depth == 0) c->feeds_deferred++;
    st_feed_result res = {
        .outcome = ST_FEED_DEFERRED,
        .status = r->status,
        .reason = why,
        .current_url = moved_to(fj, r),
        .not_before = r->paused_until > 0 ? r->paused_until : AK_TIME_NONE,
    };
    feed_record(c, fj, &res);
}

static void on_feed(const cr_response *r, void *ud)
{
    feed_job *fj = ud;
    crawl *c = fj->c;
    if (fj->depth == 0 && !fj->site) c->progress.feeds_done++;
    ak_progress_draw(&c->progress, false);
    check_run_caps(c);
    if (r->result == CR_ESTOPPED || c->store_failed) {
        if (fj->site) site_child_done(fj, false, 0, NULL);
        goto done;
    }
    if (r->result == CR_EDEFERRED) {
        if (fj->site) site_child_done(fj, false, 0, r->error);
        else feed_deferred(c, fj, r->error, r);
        goto done;
    }
    if (r->result != CR_OK) {
        if (fj->site) site_child_done(fj, false, 0, r->error ? r->error : "failed");
        else feed_failed_r(c, fj, r->error ? r->error : "failed", r);
        goto done;
    }
    if (r->status == 304) {
        ak_info("feed %s: not modified", fj->url);
        st_feed_result res = {.outcome = ST_FEED_UNCHANGED, .status = 304, .etag = r->etag,
                              .last_modified = r->last_modified, .current_url = moved_to(fj, r),
                              .not_before = fresh_until(c, r)};
        feed_record(c, fj, &res);
        if (fj->site) site_child_done(fj, true, SITE_THIN, NULL);
        else if (fj->depth == 0) c->feeds_ok++, c->feeds_unchanged++;
        goto done;
    }
    if (r->status != 200) {
        char why[96];
        if (r->paused_until > 0) {
            snprintf(why, sizeof why, "HTTP %ld, Retry-After %ld s", r->status, r->retry_after);
            if (fj->site) site_child_done(fj, false, 0, why);
            else feed_deferred(c, fj, why, r);
        } else {
            snprintf(why, sizeof why, "HTTP %ld", r->status);
            if (fj->site) site_child_done(fj, false, 0, why);
            else feed_failed_r(c, fj, why, r);
        }
        goto done;
    }
    pf_info info;
    char *err = NULL;
    double tp = ak_cpu_thread();
    int rc = pf_parse(r->body, r->len, r->final_url, r->content_type, on_entry, fj, &info, &err);
    c->cpu_feeds += ak_cpu_thread() - tp;
    for (size_t i = 0; i < info.nwarnings && i < PF_WARN_KEEP; i++)
        ak_debug("feed %s: %s", fj->url, info.warnings[i]);
    if (rc < 0 && rc != PF_ESTOPPED) {
        /* A configured address that is a site's page: crawl the site's feeds. */
        if (!(fj->depth == 0 && !fj->site && rc == PF_ENOTFEED && site_start(c, fj, r, err))) {
            if (fj->site) site_child_done(fj, false, 0, err ? err : "not a feed");
            else feed_failed_r(c, fj, err ? err : "not a feed", r);
        }
    } else if (!c->store_failed) {
        ak_info("feed %s: %s, %zu entries, %d new to fetch", fj->url, info.format ? info.format : "?",
                info.nentries, fj->taken);
        st_feed_result res = {.outcome = ST_FEED_FETCHED, .status = r->status, .etag = r->etag,
                              .last_modified = r->last_modified, .entries = (int64_t)info.nentries,
                              .current_url = moved_to(fj, r), .not_before = fresh_until(c, r)};
        feed_record(c, fj, &res);
        if (fj->lastmod != AK_TIME_NONE && batch_open(c)) {
            char *serr = NULL;
            int src = st_sitemap_lastmod_set(c->st, fj->url, fj->lastmod, &serr);
            if (src) store_fail(c, src, serr);
            else batch_wrote(c);
        }
        if (fj->site) site_child_done(fj, true, info.nentries, NULL);
        else if (fj->depth == 0) c->feeds_ok++;
    } else if (fj->site) {
        site_child_done(fj, false, 0, NULL);
    }
    free(err);
    pf_info_free(&info);
done:
    c->producing--;
    free(fj->url);
    free(fj);
    if (r->result != CR_ESTOPPED) pump(c); /* not while the fetcher is being stopped or freed */
}

static void add_feed_request(crawl *c, const cf_feed *feed, const char *url, int depth)
{
    add_feed_job(c, feed, url, depth, NULL, FJ_FEED, AK_TIME_NONE);
}

static void add_feed_job(crawl *c, const cf_feed *feed, const char *url, int depth, site_job *site,
                         int role, int64_t lastmod)
{
    st_feed fs;
    char *err = NULL;
    /* Discovered feeds and child sitemaps use their validators too. */
    int found = depth == 0 || site || lastmod != AK_TIME_NONE ? st_feed_get(c->st, url, &fs, &err) : 0;
    if (found < 0) {
        ak_warn("%s", err);
        free(err);
        found = 0;
    }
    if (found == 1 && fs.retired && !site) {
        ak_info("feed %s: retired (%s); `akhbar feeds --reset %s` to try it again", url,
                fs.last_error ? fs.last_error : "gone", feed->name);
        c->feeds_retired++;
        return;
    }
    if (found == 1 && !site && fs.not_before != AK_TIME_NONE && fs.not_before > ak_now()) {
        char iso[AK_ISO_MAX];
        ak_time_iso(fs.not_before, iso);
        bool errored = fs.last_error_at != AK_TIME_NONE &&
                       (fs.last_ok == AK_TIME_NONE || fs.last_error_at >= fs.last_ok);
        if (fs.failures)
            ak_info("feed %s: not due before %s (back-off after %d failures; last: %s)", url, iso,
                    fs.failures, fs.last_error ? fs.last_error : "?");
        else
            ak_info("feed %s: not due before %s (%s)", url, iso,
                    errored && fs.last_error ? fs.last_error : "Cache-Control max-age");
        c->feeds_waiting++;
        return;
    }
    const char *fetch = found == 1 && fs.current_url ? fs.current_url : url;
    feed_job *fj = ak_calloc(1, sizeof *fj);
    fj->c = c;
    fj->feed = feed;
    fj->url = ak_strdup(fetch);
    fj->depth = depth;
    fj->site = site;
    fj->role = role;
    fj->lastmod = lastmod;
    fj->failures = found == 1 ? fs.failures : 0;
    c->producing++;
    cr_request req = {.url = fetch, .kind = CR_FEED};
    /* Validators are sent only when the last fetch parsed (a feed that
     * failed must be fetched in full again). */
    if (found == 1 && fs.failures == 0) {
        req.etag = fs.etag;
        req.last_modified = fs.last_modified;
    }
    cr_add(c->f, &req, on_feed, fj);
}

/* ---- fetcher hooks: robots.txt cache and host pauses in the store ------------ */

static int hook_robots_load(void *ud, const char *origin, cr_robots_entry *e)
{
    crawl *c = ud;
    if (c->store_failed) return 0;
    st_robots r;
    char *err = NULL;
    int rc = st_robots_get(c->st, origin, &r, &err);
    if (rc < 0) {
        ak_warn("%s", err);
        free(err);
        return 0;
    }
    if (rc == 0) return 0;
    e->fetched_at = r.fetched_at;
    e->status = r.status;
    e->body = r.body;
    e->len = r.len;
    return 1;
}

static void hook_robots_save(void *ud, const char *origin, const cr_robots_entry *e)
{
    crawl *c = ud;
    if (!batch_open(c)) return;
    st_robots r = {.fetched_at = e->fetched_at, .status = e->status, .body = e->body, .len = e->len};
    char *err = NULL;
    int rc = st_robots_put(c->st, origin, &r, &err);
    if (rc) store_fail(c, rc, err);
    else batch_wrote(c);
}

static void hook_host_paused(void *ud, const char *host, int64_t until, const char *why)
{
    crawl *c = ud;
    if (!batch_open(c)) return;
    char *err = NULL;
    ak_buf clean = {0};
    ak_utf8_sanitize(&clean, why, strlen(why));
    int rc = st_host_pause(c->st, host, until, ak_buf_str(&clean), &err);
    ak_buf_free(&clean);
    if (rc) store_fail(c, rc, err);
    else batch_wrote(c);
}

static int64_t hook_host_slot(void *ud, const char *host, int delay_ms, int64_t *paused_until, const char **why)
{
    crawl *c = ud;
    return cli_shared_slot(c->sh, host, delay_ms, paused_until, why);
}

static int load_pause(const char *host, int64_t until, const char *reason, void *ud)
{
    crawl *c = ud;
    char iso[AK_ISO_MAX];
    ak_time_iso(until, iso);
    ak_info("host %s: paused until %s by an earlier answer (%s)", host, iso, reason ? reason : "");
    cr_pause_host(c->f, host, until, reason);
    return 0;
}

/* ---- sites: a configured address that answers with an HTML page --------------
 *
 * Its feeds are crawled in its place: the ones the page declares
 * (<link rel="alternate">, comments feeds aside), else the first of the
 * common paths (/feed, /rss, /rss.xml, /feed/) that is a feed; when none is
 * found, or the feeds are thin (fewer than SITE_THIN entries), the news
 * sitemaps its robots.txt lists (any sitemap when none says "news").  The
 * site counts as one feed in the summary: ok when something was crawled. */

struct site_job {
    crawl *c;                /* the crawl */
    const cf_feed *feed;     /* configured entry */
    char *home;              /* its address */
    char *why;               /* why the address itself is not a feed */
    char **guess;            /* common paths */
    size_t nguess, next;     /* their count, and the next to try */
    int pending;             /* feed jobs and robots.txt requests outstanding */
    int feeds;               /* discovered feeds or sitemaps that parsed */
    size_t entries;          /* entries in them */
    bool robots;             /* robots.txt was asked for */
};

static void site_finish(site_job *sj)
{
    crawl *c = sj->c;
    if (sj->feeds) {
        ak_info("site %s: crawled through %d feed%s found on it", sj->home, sj->feeds,
                sj->feeds > 1 ? "s" : "");
        c->feeds_ok++;
    } else {
        ak_buf why = {0};
        ak_buf_printf(&why, "%s; no feed found on the site (no <link rel=\"alternate\"> feed, "
                            "nothing at /feed, /rss, /rss.xml, /feed/, no sitemap in robots.txt)",
                      sj->why);
        feed_job fake = {.c = c, .feed = sj->feed, .url = sj->home};
        feed_failed_r(c, &fake, why.data, NULL);
        ak_buf_free(&why);
    }
    pd_urls_free(sj->guess, sj->nguess);
    free(sj->home);
    free(sj->why);
    free(sj);
    c->producing--;
}

static void on_site_robots(const cr_response *r, void *ud)
{
    site_job *sj = ud;
    if (r->result == CR_OK && r->status == 200 && !sj->c->store_failed) {
        char **maps;
        size_t n = pd_robots_sitemaps(r->body, r->len, r->final_url, &maps);
        size_t news = 0, taken = 0;
        for (size_t i = 0; i < n; i++) news += pd_news_sitemap_url(maps[i]);
        for (size_t i = 0; i < n && taken < SITE_MAX_SITEMAPS; i++) {
            /* Thin feeds get the news sitemaps only; no feed at all, any. */
            if (news ? !pd_news_sitemap_url(maps[i]) : sj->feeds > 0) continue;
            ak_info("site %s: crawling sitemap %s (robots.txt)", sj->home, maps[i]);
            sj->pending++;
            add_feed_job(sj->c, sj->feed, maps[i], 1, sj, FJ_FEED, AK_TIME_NONE);
            taken++;
        }
        pd_urls_free(maps, n);
    }
    site_child_done(&(feed_job){.site = sj, .role = FJ_PROBE}, false, 0, NULL);
}

static void site_robots(site_job *sj)
{
    sj->robots = true;
    char *origin = ak_url_origin(sj->home);
    if (!origin) return;
    ak_buf b = {0};
    ak_buf_printf(&b, "%s/robots.txt", origin);
    free(origin);
    sj->pending++;
    cr_request req = {.url = b.data, .kind = CR_ROBOTS};
    cr_add(sj->c->f, &req, on_site_robots, sj);
    ak_buf_free(&b);
}

/* A feed, probe or robots.txt of the site has finished. */
static void site_child_done(feed_job *fj, bool ok, size_t entries, const char *why)
{
    site_job *sj = fj->site;
    if (ok) {
        sj->feeds++;
        sj->entries += entries;
    } else if (why) {
        if (fj->role == FJ_PROBE) ak_debug("site %s: %s: %s", sj->home, fj->url, why);
        else ak_info("site %s: %s: %s", sj->home, fj->url, why);
    }
    if (!ok && fj->role == FJ_PROBE && fj->url && !sj->feeds && sj->next < sj->nguess &&
        !sj->c->store_failed) {
        sj->pending++; /* the next common path */
        add_feed_job(sj->c, sj->feed, sj->guess[sj->next++], 1, sj, FJ_PROBE, AK_TIME_NONE);
    }
    if (--sj->pending > 0) return;
    if (!sj->robots && sj->entries < SITE_THIN && !sj->c->store_failed) {
        site_robots(sj);
        if (sj->pending > 0) return;
    }
    site_finish(sj);
}

/* Called when a configured address is not a feed; true when the site is
 * taken over (its page is HTML), false to report the failure as usual. */
static bool site_start(crawl *c, feed_job *fj, const cr_response *r, const char *why)
{
    bool html = (r->content_type && strcasestr(r->content_type, "html")) ||
                (why && strstr(why, "HTML page"));
    if (!html) return false;
    site_job *sj = ak_calloc(1, sizeof *sj);
    c->producing++;
    sj->c = c;
    sj->feed = fj->feed;
    sj->home = ak_strdup(fj->url);
    sj->why = ak_strdup(why ? why : "not a feed");
    pd_link *links;
    size_t n = pd_find_feeds(r->body, r->len, r->final_url, r->content_type, &links);
    int taken = 0;
    for (size_t i = 0; i < n && taken < SITE_MAX_FEEDS; i++) {
        if (links[i].comments) continue;
        ak_info("site %s: crawling declared feed %s", sj->home, links[i].url);
        sj->pending++;
        add_feed_job(c, fj->feed, links[i].url, 1, sj, FJ_FEED, AK_TIME_NONE);
        taken++;
    }
    pd_links_free(links, n);
    if (!taken) {
        sj->nguess = pd_guess_urls(r->final_url, &sj->guess);
        if (sj->nguess) {
            sj->pending++;
            add_feed_job(c, fj->feed, sj->guess[sj->next++], 1, sj, FJ_PROBE, AK_TIME_NONE);
        }
    }
    if (!sj->pending) site_robots(sj);
    if (!sj->pending) site_finish(sj);
    return true;
}

/* ---- the command ------------------------------------------------------------ */

/* --timings: the run's figures for make bench (bench/run.py reads them). */
static void write_timings(const char *path, const crawl *c, const cr_stats *s, int workers, double wall,
                          double cpu, double cpu_main)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    json_t *o = json_pack("{s:f, s:f, s:i, s:I, s:I, s:I, s:i, s:i, s:i, s:i, s:i, s:i, s:I}", "wall_s", wall,
                          "cpu_s", cpu, "threads", workers, "requests", (json_int_t)s->requests, "bytes",
                          (json_int_t)s->bytes, "failed_requests", (json_int_t)s->failed, "feeds_ok",
                          c->feeds_ok, "feeds_unchanged", c->feeds_unchanged, "feeds_failed", c->feeds_failed,
                          "new_articles", c->new_articles, "copies", c->copies, "pages_failed",
                          c->pages_failed, "max_rss_kb", (json_int_t)ru.ru_maxrss);
    json_t *st = json_pack("{s:f, s:f, s:f, s:f, s:f}", "feeds", c->cpu_feeds, "extract", c->cpu_extract,
                           "dedup_parse", c->cpu_parse_dd, "store", c->cpu_store, "dedup", c->cpu_dedup);
    if (o) json_object_set_new(o, "cpu_main_s", json_real(cpu_main));
    if (o && st) json_object_set_new(o, "cpu_stage_s", st);
    else json_decref(st);
    if (!o || json_dump_file(o, path, JSON_INDENT(2)) != 0)
        ak_warn("--timings %s: cannot write the file", path);
    json_decref(o);
}

static void help(FILE *fp)
{
    fprintf(fp,
            "usage: akhbar crawl [--config FILE] [--db FILE] [-q|-v]\n"
            "\n"
            "One crawl: fetches every configured feed concurrently, queues the article\n"
            "URLs not stored yet, fetches and extracts them, and stores the new\n"
            "articles, each clustered with the stories already stored (a copy gets\n"
            "duplicate_of: its story's original) in the transaction that stores it.\n"
            "Running it again stores nothing twice.  Ends with a summary line.\n"
            "SIGINT/SIGTERM stop it cleanly (a second signal stops at once).\n"
            "A configured address may be a sitemap, a sitemap index (children whose\n"
            "<lastmod> has not moved are not fetched again) or a site's page: its\n"
            "declared feeds are crawled, else /feed, /rss, /rss.xml or /feed/, and its\n"
            "robots.txt news sitemaps when it has no feed or a thin one.\n"
            "\n"
            "Politely: robots.txt is obeyed (cached 24 h), requests to one host are\n"
            "paced (delay, max_per_host), Retry-After is honoured across runs, failing\n"
            "feeds back off, feeds answering 404/410 repeatedly are retired, 301/308\n"
            "moves are remembered.  `akhbar feeds` shows each feed's state.\n"
            "\n"
            "  --config FILE   feed list and settings (default: $AKHBAR_CONFIG,\n"
            "                  /etc/akhbar/akhbar.conf, then config/akhbar.conf)\n"
            "  --db STORE      store: a file (SQLite), sqlite:FILE or postgresql://...\n"
            "                  (default: the config's db or store setting)\n"
            "  -q, --quiet     only warnings and errors (the summary is still printed);\n"
            "                  no progress display\n"
            "  -v, --verbose   one line per feed and article; -vv adds each request\n"
            "  --timings FILE  write the run's figures as JSON to FILE: wall and CPU\n"
            "                  seconds (process and per stage), requests, bytes,\n"
            "                  articles, peak memory (for make bench and tuning)\n"
            "  -h, --help      this text\n"
            "\n"
            "On a terminal a live progress line shows feeds and articles done, new\n"
            "articles, duplicates, rate and elapsed time; there is none when stderr is\n"
            "not a terminal (under systemd, in a pipe).\n"
            "\n"
            "Only one crawl writes an SQLite store at a time: a second one waits\n"
            "lock_wait (60 s), then exits with status 5.  A PostgreSQL store is shared:\n"
            "any number of crawls, on one machine or many, write it at once; each feed\n"
            "is read by one of them per feed_interval, article URLs are claimed from a\n"
            "frontier in the store with leases (lease), and each host's delay holds\n"
            "across all of them.\n"
            "\n"
            "exit: 0 all feeds read, 1 some feeds failed or interrupted, 2 config error,\n"
            "      3 store error, 5 another crawl holds the store\n");
}

int cmd_crawl(int argc, char **argv)
{
    static const struct option opts[] = {
        {"config", required_argument, 0, 'c'}, {"db", required_argument, 0, 'd'},
        {"quiet", no_argument, 0, 'q'},        {"verbose", no_argument, 0, 'v'},
        {"help", no_argument, 0, 'h'},         {"timings", required_argument, 0, 'T'},
        {0, 0, 0, 0}};
    const char *timings = NULL;
    cli_common cc = {0};
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "c:d:qvh", opts, NULL)) != -1) {
        switch (c) {
        case 'c': cc.config = optarg; break;
        case 'd': cc.db = optarg; break;
        case 'q': cc.verbosity = -1; break;
        case 'v': cc.verbosity++; break;
        case 'T': timings = optarg; break;
        case 'h': help(stdout); return AK_EXIT_OK;
        default: help(stderr); return AK_EXIT_USAGE;
        }
    }
    if (optind != argc) {
        help(stderr);
        return AK_EXIT_USAGE;
    }
    cli_log_setup(&cc);
    /* Signals are caught from the start: one arriving while the store is
     * being opened ends the run cleanly before any transfer starts. */
    struct sigaction sa = {0}, old_int, old_term, old_alrm;
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, &old_int);
    sigaction(SIGTERM, &sa, &old_term);
    sigaction(SIGALRM, &sa, &old_alrm);
    cf_config *cfg = cli_load_config(&cc, true);
    if (!cfg) return AK_EXIT_USAGE;
    char *err = NULL;
    if (cf_validate(cfg, &err)) {
        ak_error("%s", err);
        free(err);
        cf_free(cfg);
        return AK_EXIT_USAGE;
    }
    /* One writer at a time: the lock file lives next to the store (a
     * shared store takes several crawlers: no lock). */
    const char *db = cli_db_path(&cc, cfg);
    char lockpath[4096];
    snprintf(lockpath, sizeof lockpath, "%s.lock", st_location_file(db) ? st_location_file(db) : "");
    int lockfd = -1;
    long holder = 0;
    ak_lock_result lr = st_location_file(db) ? ak_lock_acquire(lockpath, cfg->lock_wait_ms, &lockfd, &holder)
                                             : AK_LOCK_OK;
    if (lr == AK_LOCK_BUSY) {
        if (holder > 0)
            ak_error("another crawl (pid %ld) is writing %s; waited %d s, giving up (try again later)",
                     holder, db, cfg->lock_wait_ms / 1000);
        else
            ak_error("another crawl is writing %s; waited %d s, giving up (try again later)", db,
                     cfg->lock_wait_ms / 1000);
        cf_free(cfg);
        return AK_EXIT_LOCKED;
    }
    if (lr == AK_LOCK_ERROR) {
        ak_error("store %s: cannot create the lock file %s: %s", db, lockpath, strerror(errno));
        cf_free(cfg);
        return AK_EXIT_STORE;
    }
    int code = 0;
    st_store *st = st_open(db, 0, cfg->busy_timeout_ms, &code, &err);
    if (!st) {
        ak_error("%s", err);
        free(err);
        cf_free(cfg);
        ak_lock_release(lockfd);
        return AK_EXIT_STORE;
    }
    crawl cr = {.cfg = cfg, .st = st, .t0 = ak_mono_ms(), .batch_max = BATCH_WRITES};
    cr_hooks hooks = {.robots_load = hook_robots_load, .robots_save = hook_robots_save,
                      .host_paused = hook_host_paused, .udata = &cr};
    if (st_shared(st)) hooks.host_slot = hook_host_slot; /* cr.sh is there before cr_run */
    if (cfg->max_store_size > 0 && (code = st_set_max_size(st, cfg->max_store_size, &err)) != 0) {
        ak_error("%s", err);
        free(err);
        st_close(st);
        cf_free(cfg);
        ak_lock_release(lockfd);
        return AK_EXIT_STORE;
    }
    /* A 16 MB page cache, no memory map: memory stays flat however large
     * the store grows (the kernel's page cache serves the dedup lookups;
     * make bench measured no loss against 64 MB + a 4 GB map).  Commits
     * are flushed at every commit with sync = full, else at checkpoints. */
    if (st_tune(st, (int64_t)16 << 20, 0, cfg->sync_full ? ST_SYNC_FULL : ST_SYNC_NORMAL, &err)) {
        ak_warn("%s", err);
        free(err);
        err = NULL;
    }
    cr.dd = dd_engine_new(&cli_dd_store_ops, st, NULL);
    /* Articles stored by an akhbar without deduplication are clustered
     * first, oldest first, so that new ones can join them. */
    int64_t backfilled = cli_dd_backfill(st, cr.dd, 256, &err);
    if (backfilled < 0) {
        ak_error("%s", err ? err : "deduplicating stored articles failed");
        free(err);
        dd_engine_free(cr.dd);
        st_close(st);
        cf_free(cfg);
        ak_lock_release(lockfd);
        return AK_EXIT_STORE;
    }
    if (backfilled > 0) ak_notice("dedup: clustered %lld articles stored before deduplication", (long long)backfilled);
    cr.f = cli_fetcher(cfg, &hooks, &err);
    if (!cr.f) {
        ak_error("%s", err);
        free(err);
        dd_engine_free(cr.dd);
        st_close(st);
        cf_free(cfg);
        ak_lock_release(lockfd);
        return AK_EXIT_USAGE;
    }
    srandom((unsigned)(ak_mono_ms() ^ (int64_t)getpid() ^ ak_now()));
    /* Shared store: short transactions (other crawlers wait for our row
     * locks), work claimed through leases. */
    if ((cr.sh = cli_shared_new(st, cfg))) cr.batch_max = 1;
    char *perr = NULL;
    if (st_host_pauses(st, ak_now(), load_pause, &cr, &perr) < 0) {
        ak_warn("%s", perr);
        free(perr);
    }

    signal_fetcher = cr.f;
    if (signals_seen) cr_stop(cr.f, 1); /* a signal came during start-up */
    ak_progress_start(&cr.progress, isatty(STDERR_FILENO) && cc.verbosity >= 0, (int)cfg->nfeeds);

    /* Pages are extracted and stored on every core while this thread runs
     * the fetcher; the crawl's lock is let go while it reads the network. */
    long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
    int nworkers = cfg->threads > 0 ? cfg->threads : (int)(ncpu > 0 ? ncpu : 1);
    cr.pool = ak_pool_new(nworkers, nworkers * 4);
    if (ak_pool_threads(cr.pool) < nworkers)
        ak_warn("only %d of %d worker threads could be started", ak_pool_threads(cr.pool), nworkers);
    nworkers = ak_pool_threads(cr.pool);
    pthread_mutex_init(&cr.lock, NULL);
    cr_set_lock(cr.f, fetcher_lock, &cr);

    int64_t t0 = ak_mono_ms();
    bool *mine = cr.sh ? ak_calloc(cfg->nfeeds + 1, sizeof *mine) : NULL;
    double cpu0 = ak_cpu_process(), main_cpu0 = ak_cpu_thread();
    pthread_mutex_lock(&cr.lock);
    int claimed = cr.sh ? cli_shared_claim_feeds(cr.sh, mine, &err) : 0;
    if (claimed < 0) store_fail(&cr, claimed, err), err = NULL;
    for (size_t i = 0; i < cfg->nfeeds && !cr.store_failed; i++)
        if (!mine || mine[i]) add_feed_request(&cr, &cfg->feeds[i], cfg->feeds[i].url, 0);
    free(mine);
    pump(&cr);
    int run_rc = cr_run(cr.f);
    /* Shared store: more URLs from the frontier while there are some, or
     * while other crawlers are still reading feeds. */
    while (cr.sh && run_rc == 0 && !cr.store_failed && !signals_seen && !cr.cap_run_logged && !cr.cap_logged) {
        if (pump(&cr) > 0 || cr_pending(cr.f) > 0) {
            run_rc = cr_run(cr.f);
            continue;
        }
        if (!cli_shared_others_feeding(cr.sh)) break;
        pthread_mutex_unlock(&cr.lock); /* the workers store meanwhile */
        usleep(200 * 1000);
        pthread_mutex_lock(&cr.lock);
        check_run_caps(&cr);
    }
    double main_cpu = ak_cpu_thread() - main_cpu0; /* the fetcher's thread */
    pthread_mutex_unlock(&cr.lock);
    ak_pool_free(cr.pool); /* the last pages are stored */
    cr.pool = NULL;
    pthread_mutex_destroy(&cr.lock);
    batch_commit(&cr);
    if (signals_seen) ak_notice("interrupted: stored what was extracted, %zu requests left for the next run",
                                cr_pending(cr.f));
    cr_stats stats;
    cr_get_stats(cr.f, &stats);
    cr_free(cr.f);
    batch_commit(&cr);
    alarm(0);
    signal_fetcher = NULL;
    sigaction(SIGINT, &old_int, NULL);
    sigaction(SIGTERM, &old_term, NULL);
    sigaction(SIGALRM, &old_alrm, NULL);
    ak_progress_stop(&cr.progress);

    double secs = (double)(ak_mono_ms() - t0) / 1000.0;
    /* The summary is printed whatever the verbosity. */
    int saved = ak_log_level();
    if (saved < AK_LOG_NOTICE) ak_log_init(AK_LOG_NOTICE);
    ak_notice("crawl done: feeds %d ok (%d unchanged), %d failed; articles %d new, %d skipped, "
              "%d failed, %d without article; %.1f MB in %.1f s",
              cr.feeds_ok, cr.feeds_unchanged, cr.feeds_failed, cr.new_articles, cr.skipped,
              cr.pages_failed, cr.no_article, (double)stats.bytes / 1e6, secs);
    ak_notice("politeness: feeds %d not due, %d retired, %d deferred; pages %d disallowed by "
              "robots.txt, %d deferred; robots.txt %llu fetched, %llu cached; %llu requests held "
              "by Retry-After",
              cr.feeds_waiting, cr.feeds_retired, cr.feeds_deferred, cr.pages_disallowed,
              cr.pages_deferred, (unsigned long long)stats.robots_fetched,
              (unsigned long long)stats.robots_cached, (unsigned long long)stats.held);
    if (cr.new_articles > 0)
        ak_notice("dedup: %d of the %d new articles are copies of stories already stored", cr.copies,
                  cr.new_articles);
    if (cr.sh) {
        cli_shared_stats ss;
        cli_shared_get_stats(cr.sh, &ss);
        ak_notice("shared store (%s): feeds %d read here, %d already taken this feed_interval; "
                  "URLs %d queued, %d claimed here; %d articles stored again after a conflict",
                  st_worker(st), ss.feeds_claimed, ss.feeds_elsewhere, ss.queued, ss.claimed, cr.retries);
    }
    ak_log_init(saved);
    if (timings) write_timings(timings, &cr, &stats, nworkers, secs, ak_cpu_process() - cpu0, main_cpu);
    cli_shared_free(cr.sh);
    dd_engine_free(cr.dd);
    st_close(st);
    ak_lock_release(lockfd);
    ak_strset_free(&cr.queued);
    free(cr.pending);
    cf_free(cfg);
    if (cr.store_failed) return AK_EXIT_STORE;
    if (signals_seen) return AK_EXIT_PARTIAL;
    return cr.feeds_failed ? AK_EXIT_PARTIAL : AK_EXIT_OK;
}
