/* cmd_crawl.c -- `akhbar crawl`: the pipeline, wired.
 *
 * crawler -> parser -> dedup -> store, one way: the fetcher hands each
 * finished transfer to a callback here; feeds go to the feed parser, whose
 * entries become page requests; pages go to the extractor, then the dedup
 * normaliser (content hash), then the store, in batched transactions.
 */
#include "common/buf.h"
#include "common/log.h"
#include "common/mem.h"
#include "common/strset.h"
#include "common/timeutil.h"
#include "common/url.h"
#include "common/version.h"
#include "crawler/fetch.h"
#include "dedup/engine.h"
#include "dedup/norm.h"
#include "main/cli.h"
#include "main/ddstore.h"
#include "parser/extract.h"
#include "parser/feed.h"
#include "store/store.h"

#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BATCH_WRITES 64       /* commit after this many writes... */
#define BATCH_MS 2000         /* ...or this long after the batch began */
#define MAX_SITEMAP_DEPTH 2   /* sitemap index -> sitemap -> urls */

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
    dd_engine *dd;           /* deduplication: every new article is clustered before commit */
    int copies;              /* new articles that joined a stored story */
    /* counters for the summary */
    int feeds_ok, feeds_unchanged, feeds_failed;
    int new_articles, skipped, pages_failed, no_article;
} crawl;

typedef struct feed_job {
    crawl *c;                /* the crawl */
    const cf_feed *feed;     /* configured feed */
    char *url;               /* URL fetched (feed or child sitemap) */
    int depth;               /* sitemap nesting depth */
    int taken;               /* entries queued from this document */
} feed_job;

typedef struct page_job {
    crawl *c;                /* the crawl */
    const cf_feed *feed;     /* feed it came from */
    char *url;               /* normalised article URL */
    char *feed_url;          /* document it was listed in */
    char *title;             /* entry title (fallback) */
    int64_t published;       /* entry date (fallback) */
} page_job;

static volatile sig_atomic_t signals_seen = 0;
static cr_fetcher *signal_fetcher = NULL;

static void on_signal(int sig)
{
    (void)sig;
    signals_seen++;
    if (signal_fetcher) cr_stop(signal_fetcher, signals_seen == 1);
}

/* ---- store batching ------------------------------------------------------ */

static void store_fail(crawl *c, int code, char *err)
{
    ak_error("%s", err ? err : "store error");
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

static void batch_commit(crawl *c)
{
    if (!c->in_tx) return;
    char *err = NULL;
    int rc = st_commit(c->st, &err);
    c->in_tx = false;
    if (rc) store_fail(c, rc, err);
}

static void batch_wrote(crawl *c)
{
    c->batch_writes++;
    if (c->batch_writes >= BATCH_WRITES || ak_mono_ms() - c->batch_start >= BATCH_MS)
        batch_commit(c);
}

/* ---- pages ---------------------------------------------------------------- */

static void page_job_free(page_job *j)
{
    free(j->url);
    free(j->feed_url);
    free(j->title);
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

static void on_page(const cr_response *r, void *ud)
{
    page_job *j = ud;
    crawl *c = j->c;
    if (r->result == CR_ESTOPPED || c->store_failed) {
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
    px_article a;
    px_extract(r->body, r->len, r->final_url, r->content_type,
               (size_t)c->cfg->max_page_bytes, &a);
    if (strcmp(a.status, "ok") != 0) {
        ak_info("article %s: %s", j->url, a.status);
        c->no_article++;
        page_failed(c, j, a.status, true);
        px_free(&a);
        page_job_free(j);
        return;
    }
    char hash[65];
    dd_content_hash(a.body, hash);
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
        .lang = a.lang ? a.lang : j->feed->lang,
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
        int rc = st_put_article(c->st, &art, &err);
        if (rc < 0) {
            store_fail(c, rc, err);
        } else {
            if (rc == 1) {
                c->new_articles++;
                ak_info("stored %s (%zu paragraphs)", j->url, a.paragraphs);
                /* Deduplication, in the transaction that stores the article. */
                dd_article in = {.id = art.id, .site = art.site, .title = art.title, .body = art.body,
                                 .published = art.published, .fetched = art.fetched_at};
                dd_result dr;
                if (dd_engine_add(c->dd, &in, &dr, &err) < 0) {
                    /* Not half-recorded: the open batch is undone (its pages
                     * are fetched again next run) and the crawl stops. */
                    st_rollback(c->st);
                    c->in_tx = false;
                    store_fail(c, ST_EMISC, err);
                } else if (dr.duplicate_of > 0 || dr.match > 0) {
                    c->copies++;
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
    px_free(&a);
    page_job_free(j);
}

/* ---- feeds ---------------------------------------------------------------- */

static void add_feed_request(crawl *c, const cf_feed *feed, const char *url, int depth);

static int on_entry(const pf_entry *e, void *ud)
{
    feed_job *fj = ud;
    crawl *c = fj->c;
    if (c->store_failed) return 1;
    if (!e->link) return 0;
    if (e->is_sitemap_index) {
        if (fj->depth < MAX_SITEMAP_DEPTH) add_feed_request(c, fj->feed, e->link, fj->depth + 1);
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
        return 0;
    }
    page_job *j = ak_calloc(1, sizeof *j);
    j->c = c;
    j->feed = fj->feed;
    j->url = url;
    j->feed_url = ak_strdup(fj->url);
    j->title = ak_strdup(e->title);
    j->published = e->published;
    fj->taken++;
    c->queued_articles++;
    cr_request req = {.url = url, .kind = CR_PAGE};
    cr_add(c->f, &req, on_page, j);
    return 0;
}

static void feed_failed(crawl *c, feed_job *fj, const char *why)
{
    ak_warn("feed %s: %s", fj->url, why);
    if (fj->depth == 0) c->feeds_failed++;
    if (!batch_open(c)) return;
    char *err = NULL;
    int rc = st_feed_failed(c->st, fj->url, fj->feed->site, why, &err);
    if (rc) store_fail(c, rc, err);
    else batch_wrote(c);
}

static void on_feed(const cr_response *r, void *ud)
{
    feed_job *fj = ud;
    crawl *c = fj->c;
    if (r->result == CR_ESTOPPED || c->store_failed) goto done;
    if (r->result != CR_OK) {
        feed_failed(c, fj, r->error ? r->error : "failed");
        goto done;
    }
    if (r->status == 304) {
        ak_info("feed %s: not modified", fj->url);
        if (fj->depth == 0) c->feeds_ok++, c->feeds_unchanged++;
        goto done;
    }
    if (r->status != 200) {
        char why[64];
        snprintf(why, sizeof why, "HTTP %ld", r->status);
        feed_failed(c, fj, why);
        goto done;
    }
    pf_info info;
    char *err = NULL;
    int rc = pf_parse(r->body, r->len, r->final_url, r->content_type, on_entry, fj, &info, &err);
    if (rc == PF_ENOTFEED || rc == PF_EBROKEN) {
        feed_failed(c, fj, err ? err : "not a feed");
    } else if (!c->store_failed) {
        ak_info("feed %s: %s, %zu entries, %d new to fetch", fj->url, info.format ? info.format : "?",
                info.nentries, fj->taken);
        if (fj->depth == 0) c->feeds_ok++;
        if (batch_open(c)) {
            char *serr = NULL;
            int src = st_feed_ok(c->st, fj->url, fj->feed->site, r->etag, r->last_modified,
                                 (int64_t)info.nentries, &serr);
            if (src) store_fail(c, src, serr);
            else batch_wrote(c);
        }
    }
    free(err);
    pf_info_free(&info);
done:
    free(fj->url);
    free(fj);
}

static void add_feed_request(crawl *c, const cf_feed *feed, const char *url, int depth)
{
    feed_job *fj = ak_calloc(1, sizeof *fj);
    fj->c = c;
    fj->feed = feed;
    fj->url = ak_strdup(url);
    fj->depth = depth;
    cr_request req = {.url = url, .kind = CR_FEED};
    st_feed fs;
    char *err = NULL;
    int found = depth == 0 ? st_feed_get(c->st, url, &fs, &err) : 0;
    if (found < 0) {
        ak_warn("%s", err);
        free(err);
        found = 0;
    }
    /* Validators are sent only when the last fetch parsed (a feed that
     * failed must be fetched in full again). */
    if (found == 1 && fs.failures == 0) {
        req.etag = fs.etag;
        req.last_modified = fs.last_modified;
    }
    cr_add(c->f, &req, on_feed, fj);
}

/* ---- the command ------------------------------------------------------------ */

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
            "\n"
            "  --config FILE   feed list and settings (default: $AKHBAR_CONFIG,\n"
            "                  /etc/akhbar/akhbar.conf, then config/akhbar.conf)\n"
            "  --db FILE       store (default: the config's db setting)\n"
            "  -q, --quiet     only warnings and errors (the summary is still printed)\n"
            "  -v, --verbose   one line per feed and article; -vv adds each request\n"
            "  -h, --help      this text\n"
            "\n"
            "exit: 0 all feeds read, 1 some feeds failed, 2 config error, 3 store error\n");
}

static char *user_agent(const cf_config *cfg)
{
    if (cfg->user_agent) return ak_strdup(cfg->user_agent);
    ak_buf b = {0};
    ak_buf_printf(&b, "akhbar/%s (+%s)", AKHBAR_VERSION, cfg->contact ? cfg->contact : AKHBAR_URL);
    return ak_buf_steal(&b);
}

int cmd_crawl(int argc, char **argv)
{
    static const struct option opts[] = {
        {"config", required_argument, 0, 'c'}, {"db", required_argument, 0, 'd'},
        {"quiet", no_argument, 0, 'q'},        {"verbose", no_argument, 0, 'v'},
        {"help", no_argument, 0, 'h'},         {0, 0, 0, 0}};
    cli_common cc = {0};
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "c:d:qvh", opts, NULL)) != -1) {
        switch (c) {
        case 'c': cc.config = optarg; break;
        case 'd': cc.db = optarg; break;
        case 'q': cc.verbosity = -1; break;
        case 'v': cc.verbosity++; break;
        case 'h': help(stdout); return AK_EXIT_OK;
        default: help(stderr); return AK_EXIT_USAGE;
        }
    }
    if (optind != argc) {
        help(stderr);
        return AK_EXIT_USAGE;
    }
    cli_log_setup(&cc);
    cf_config *cfg = cli_load_config(&cc, true);
    if (!cfg) return AK_EXIT_USAGE;
    char *err = NULL;
    if (cf_validate(cfg, &err)) {
        ak_error("%s", err);
        free(err);
        cf_free(cfg);
        return AK_EXIT_USAGE;
    }
    int code = 0;
    st_store *st = st_open(cli_db_path(&cc, cfg), 0, cfg->busy_timeout_ms, &code, &err);
    if (!st) {
        ak_error("%s", err);
        free(err);
        cf_free(cfg);
        return AK_EXIT_STORE;
    }
    char *ua = user_agent(cfg);
    cr_options o = {
        .user_agent = ua,
        .from = cfg->from,
        .max_transfers = cfg->max_transfers,
        .max_per_host = cfg->max_per_host,
        .delay_ms = cfg->delay_ms,
        .connect_timeout_ms = cfg->connect_timeout_ms,
        .timeout_ms = cfg->timeout_ms,
        .low_speed_bps = cfg->low_speed_bps,
        .low_speed_ms = cfg->low_speed_ms,
        .max_redirects = cfg->max_redirects,
        .max_bytes = {[CR_FEED] = cfg->max_feed_bytes, [CR_PAGE] = cfg->max_page_bytes,
                      [CR_ROBOTS] = 512 * 1024},
    };
    crawl cr = {.cfg = cfg, .st = st};
    /* Dedup reads fingerprint keys all over the store: a 64 MB page cache
     * and reads through a memory map (up to 4 GB of the file) keep lookups
     * off system calls; commits stay durable. */
    if (st_tune(st, (int64_t)64 << 20, (int64_t)4 << 30, true, &err)) {
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
        free(ua);
        dd_engine_free(cr.dd);
        st_close(st);
        cf_free(cfg);
        return AK_EXIT_STORE;
    }
    if (backfilled > 0) ak_notice("dedup: clustered %lld articles stored before deduplication", (long long)backfilled);
    cr.f = cr_new(&o, &err);
    free(ua);
    if (!cr.f) {
        ak_error("%s", err);
        free(err);
        dd_engine_free(cr.dd);
        st_close(st);
        cf_free(cfg);
        return AK_EXIT_USAGE;
    }
    for (size_t i = 0; i < cfg->nsites; i++)
        cr_set_host(cr.f, cfg->sites[i].host, cfg->sites[i].delay_ms, cfg->sites[i].max_per_host);

    signal_fetcher = cr.f;
    struct sigaction sa = {0}, old_int, old_term;
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, &old_int);
    sigaction(SIGTERM, &sa, &old_term);

    int64_t t0 = ak_mono_ms();
    for (size_t i = 0; i < cfg->nfeeds; i++) add_feed_request(&cr, &cfg->feeds[i], cfg->feeds[i].url, 0);
    cr_run(cr.f);
    batch_commit(&cr);
    if (signals_seen) ak_notice("interrupted: stored what was extracted, %zu requests left for the next run",
                                cr_pending(cr.f));
    cr_stats stats;
    cr_get_stats(cr.f, &stats);
    cr_free(cr.f);
    batch_commit(&cr);
    signal_fetcher = NULL;
    sigaction(SIGINT, &old_int, NULL);
    sigaction(SIGTERM, &old_term, NULL);

    double secs = (double)(ak_mono_ms() - t0) / 1000.0;
    /* The summary is printed whatever the verbosity. */
    int saved = ak_log_level();
    if (saved < AK_LOG_NOTICE) ak_log_init(AK_LOG_NOTICE);
    ak_notice("crawl done: feeds %d ok (%d unchanged), %d failed; articles %d new, %d skipped, "
              "%d failed, %d without article; %.1f MB in %.1f s",
              cr.feeds_ok, cr.feeds_unchanged, cr.feeds_failed, cr.new_articles, cr.skipped,
              cr.pages_failed, cr.no_article, (double)stats.bytes / 1e6, secs);
    if (cr.new_articles > 0)
        ak_notice("dedup: %d of the %d new articles are copies of stories already stored", cr.copies,
                  cr.new_articles);
    ak_log_init(saved);
    dd_engine_free(cr.dd);
    st_close(st);
    ak_strset_free(&cr.queued);
    cf_free(cfg);
    if (cr.store_failed) return AK_EXIT_STORE;
    if (signals_seen) return AK_EXIT_PARTIAL;
    return cr.feeds_failed ? AK_EXIT_PARTIAL : AK_EXIT_OK;
}
