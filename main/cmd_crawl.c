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
#include "dedup/norm.h"
#include "main/cli.h"
#include "parser/discover.h"
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
    /* counters for the summary */
    int feeds_ok, feeds_unchanged, feeds_failed;
    int new_articles, skipped, pages_failed, no_article;
    int sitemaps_unchanged;  /* child sitemaps skipped: their <lastmod> did not move */
} crawl;

typedef struct site_job site_job;

enum { FJ_FEED, FJ_PROBE }; /* feed_job roles: a feed, or a guessed address tried quietly */

typedef struct feed_job {
    crawl *c;                /* the crawl */
    const cf_feed *feed;     /* configured feed */
    char *url;               /* URL fetched (feed or child sitemap) */
    int depth;               /* sitemap nesting depth */
    int taken;               /* entries queued from this document */
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
        int rc = st_put_article(c->st, &art, &err);
        if (rc < 0) {
            store_fail(c, rc, err);
        } else {
            if (rc == 1) {
                c->new_articles++;
                ak_info("stored %s (%zu paragraphs)", j->url, a.paragraphs);
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
        return 0;
    }
    page_job *j = ak_calloc(1, sizeof *j);
    j->c = c;
    j->feed = fj->feed;
    j->url = url;
    j->feed_url = ak_strdup(fj->url);
    j->title = ak_strdup(e->title);
    j->published = e->published;
    j->lang = e->language ? ak_strdup(e->language) : NULL;
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
    if (r->result == CR_ESTOPPED || c->store_failed) {
        if (fj->site) site_child_done(fj, false, 0, NULL);
        goto done;
    }
    if (r->result != CR_OK) {
        if (fj->site) site_child_done(fj, false, 0, r->error ? r->error : "failed");
        else feed_failed(c, fj, r->error ? r->error : "failed");
        goto done;
    }
    if (r->status == 304) {
        ak_info("feed %s: not modified", fj->url);
        if (fj->site) site_child_done(fj, true, SITE_THIN, NULL);
        else if (fj->depth == 0) c->feeds_ok++, c->feeds_unchanged++;
        goto done;
    }
    if (r->status != 200) {
        char why[64];
        snprintf(why, sizeof why, "HTTP %ld", r->status);
        if (fj->site) site_child_done(fj, false, 0, why);
        else feed_failed(c, fj, why);
        goto done;
    }
    pf_info info;
    char *err = NULL;
    int rc = pf_parse(r->body, r->len, r->final_url, r->content_type, on_entry, fj, &info, &err);
    for (size_t i = 0; i < info.nwarnings && i < PF_WARN_KEEP; i++)
        ak_debug("feed %s: %s", fj->url, info.warnings[i]);
    if (rc < 0 && rc != PF_ESTOPPED) {
        /* A configured address that is a site's page: crawl the site's feeds. */
        if (!(fj->depth == 0 && !fj->site && rc == PF_ENOTFEED && site_start(c, fj, r, err))) {
            if (fj->site) site_child_done(fj, false, 0, err ? err : "not a feed");
            else feed_failed(c, fj, err ? err : "not a feed");
        }
    } else if (!c->store_failed) {
        ak_info("feed %s: %s, %zu entries, %d new to fetch", fj->url, info.format ? info.format : "?",
                info.nentries, fj->taken);
        if (fj->site) site_child_done(fj, true, info.nentries, NULL);
        else if (fj->depth == 0) c->feeds_ok++;
        if (batch_open(c)) {
            char *serr = NULL;
            int src = st_feed_ok(c->st, fj->url, fj->feed->site, r->etag, r->last_modified,
                                 (int64_t)info.nentries, &serr);
            if (!src && fj->lastmod != AK_TIME_NONE)
                src = st_sitemap_lastmod_set(c->st, fj->url, fj->lastmod, &serr);
            if (src) store_fail(c, src, serr);
            else batch_wrote(c);
        }
    } else if (fj->site) {
        site_child_done(fj, false, 0, NULL);
    }
    free(err);
    pf_info_free(&info);
done:
    free(fj->url);
    free(fj);
}

static void add_feed_request(crawl *c, const cf_feed *feed, const char *url, int depth)
{
    add_feed_job(c, feed, url, depth, NULL, FJ_FEED, AK_TIME_NONE);
}

static void add_feed_job(crawl *c, const cf_feed *feed, const char *url, int depth, site_job *site,
                         int role, int64_t lastmod)
{
    feed_job *fj = ak_calloc(1, sizeof *fj);
    fj->c = c;
    fj->feed = feed;
    fj->url = ak_strdup(url);
    fj->depth = depth;
    fj->site = site;
    fj->role = role;
    fj->lastmod = lastmod;
    cr_request req = {.url = url, .kind = CR_FEED};
    st_feed fs;
    char *err = NULL;
    /* Discovered feeds and child sitemaps use their validators too. */
    int found = depth == 0 || site || lastmod != AK_TIME_NONE ? st_feed_get(c->st, url, &fs, &err) : 0;
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
        feed_failed(c, &fake, why.data);
        ak_buf_free(&why);
    }
    pd_urls_free(sj->guess, sj->nguess);
    free(sj->home);
    free(sj->why);
    free(sj);
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

static void help(FILE *fp)
{
    fprintf(fp,
            "usage: akhbar crawl [--config FILE] [--db FILE] [-q|-v]\n"
            "\n"
            "One crawl: fetches every configured feed concurrently, queues the article\n"
            "URLs not stored yet, fetches and extracts them, and stores the new\n"
            "articles.  Running it again stores nothing twice.  Ends with a summary\n"
            "line.  SIGINT/SIGTERM stop it cleanly (a second signal stops at once).\n"
            "A configured address may be a sitemap, a sitemap index (children whose\n"
            "<lastmod> has not moved are not fetched again) or a site's page: its\n"
            "declared feeds are crawled, else /feed, /rss, /rss.xml or /feed/, and its\n"
            "robots.txt news sitemaps when it has no feed or a thin one.\n"
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
    cr.f = cr_new(&o, &err);
    free(ua);
    if (!cr.f) {
        ak_error("%s", err);
        free(err);
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
    ak_log_init(saved);
    st_close(st);
    ak_strset_free(&cr.queued);
    cf_free(cfg);
    if (cr.store_failed) return AK_EXIT_STORE;
    if (signals_seen) return AK_EXIT_PARTIAL;
    return cr.feeds_failed ? AK_EXIT_PARTIAL : AK_EXIT_OK;
}
