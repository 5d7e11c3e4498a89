/* cmd_discover.c -- `akhbar discover URL`: which feeds and sitemaps a site has.
 *
 * Fetches the page; if it is itself a feed, that is the answer.  Otherwise
 * it fetches, concurrently, the feeds the page declares
 * (<link rel="alternate">), the common paths when it declares none (/feed,
 * /rss, /rss.xml, /feed/) and the sitemaps listed in robots.txt, parses
 * each, and prints those that are feeds: the same checks the crawler makes
 * when the config lists a site instead of a feed.
 */
#include "common/buf.h"
#include "common/log.h"
#include "common/mem.h"
#include "common/url.h"
#include "common/version.h"
#include "crawler/fetch.h"
#include "main/cli.h"
#include "parser/discover.h"
#include "parser/feed.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct cand {
    char *url;            /* address requested */
    char *final_url;      /* after redirects, once fetched */
    const char *found;    /* "self", "declared", "path" or "robots" */
    bool comments;        /* declared as a comments feed */
    bool ok;              /* fetched and parsed as a feed */
    const char *format;   /* pf_info.format (static) */
    char *title;          /* feed title, or NULL */
    size_t entries;       /* entries parsed */
} cand;

typedef struct disc {
    cr_fetcher *f;        /* the fetcher */
    const char *url;      /* the site address given */
    cand *c;              /* candidates, in the order found */
    size_t n;             /* entries in c */
    bool failed;          /* the page itself could not be fetched */
} disc;

typedef struct job {
    disc *d;              /* the discovery */
    size_t i;             /* candidate index, or (size_t)-1 for the page / robots.txt */
} job;

static void add(disc *d, const char *url, const char *found, bool comments, cr_kind kind,
                cr_done_fn *fn)
{
    for (size_t i = 0; i < d->n; i++)
        if (strcmp(d->c[i].url, url) == 0) return;
    d->c = ak_realloc(d->c, (d->n + 1) * sizeof *d->c);
    cand *c = &d->c[d->n];
    memset(c, 0, sizeof *c);
    c->url = ak_strdup(url);
    c->found = found;
    c->comments = comments;
    job *j = ak_calloc(1, sizeof *j);
    j->d = d;
    j->i = d->n++;
    cr_request req = {.url = url, .kind = kind};
    cr_add(d->f, &req, fn, j);
}

/* Parses a response as a feed into candidate c; true when it is one. */
static bool check_feed(cand *c, const cr_response *r)
{
    if (r->result != CR_OK) {
        ak_info("%s: %s", c->url, r->error ? r->error : "failed");
        return false;
    }
    if (r->status != 200) {
        ak_info("%s: HTTP %ld", c->url, r->status);
        return false;
    }
    pf_info info;
    char *err = NULL;
    int rc = pf_parse(r->body, r->len, r->final_url, r->content_type, NULL, NULL, &info, &err);
    if (rc == PF_OK) {
        c->ok = true;
        c->format = info.format;
        c->title = info.title ? ak_strdup(info.title) : NULL;
        c->entries = info.nentries;
        c->final_url = ak_strdup(r->final_url);
    } else {
        ak_info("%s: %s", c->url, err ? err : "not a feed");
    }
    free(err);
    pf_info_free(&info);
    return c->ok;
}

static void on_cand(const cr_response *r, void *ud)
{
    job *j = ud;
    if (r->result != CR_ESTOPPED) check_feed(&j->d->c[j->i], r);
    free(j);
}

static void on_robots(const cr_response *r, void *ud)
{
    job *j = ud;
    disc *d = j->d;
    free(j);
    if (r->result != CR_OK || r->status != 200) return;
    char **maps;
    size_t n = pd_robots_sitemaps(r->body, r->len, r->final_url, &maps);
    for (size_t i = 0; i < n; i++) add(d, maps[i], "robots", false, CR_FEED, on_cand);
    pd_urls_free(maps, n);
}

static void on_page(const cr_response *r, void *ud)
{
    job *j = ud;
    disc *d = j->d;
    free(j);
    if (r->result == CR_ESTOPPED) return;
    if (r->result != CR_OK || r->status != 200) {
        if (r->result != CR_OK) ak_error("%s: %s", d->url, r->error ? r->error : "failed");
        else ak_error("%s: HTTP %ld", d->url, r->status);
        d->failed = true;
        return;
    }
    /* The address may be a feed already. */
    d->c = ak_realloc(d->c, (d->n + 1) * sizeof *d->c);
    cand *self = &d->c[d->n++];
    memset(self, 0, sizeof *self);
    self->url = ak_strdup(d->url);
    self->found = "self";
    if (check_feed(self, r)) return;
    pd_link *links;
    size_t n = pd_find_feeds(r->body, r->len, r->final_url, r->content_type, &links);
    size_t real = 0;
    for (size_t i = 0; i < n; i++) {
        add(d, links[i].url, "declared", links[i].comments, CR_FEED, on_cand);
        real += !links[i].comments;
    }
    pd_links_free(links, n);
    if (!real) {
        char **guess;
        size_t g = pd_guess_urls(r->final_url, &guess);
        for (size_t i = 0; i < g; i++) add(d, guess[i], "path", false, CR_FEED, on_cand);
        pd_urls_free(guess, g);
    }
    char *origin = ak_url_origin(r->final_url);
    if (origin) {
        ak_buf b = {0};
        ak_buf_printf(&b, "%s/robots.txt", origin);
        job *rj = ak_calloc(1, sizeof *rj);
        rj->d = d;
        cr_request req = {.url = b.data, .kind = CR_ROBOTS};
        cr_add(d->f, &req, on_robots, rj);
        ak_buf_free(&b);
        free(origin);
    }
}

static void help(FILE *fp)
{
    fprintf(fp,
            "usage: akhbar discover [--config FILE] [-q|-v] URL\n"
            "\n"
            "Finds the feeds of a site.  URL is fetched; if it is a feed, it is the\n"
            "answer.  Otherwise the feeds its page declares (<link rel=\"alternate\"\n"
            "type=\"application/rss+xml|atom+xml\">) are fetched, or, when it declares\n"
            "none, the common paths /feed, /rss, /rss.xml and /feed/; the sitemaps\n"
            "listed in its robots.txt are fetched too.  Each candidate is parsed and\n"
            "the real feeds and sitemaps are printed as one JSON object:\n"
            "  {\"url\", \"feeds\": [{\"url\", \"format\", \"title\", \"entries\",\n"
            "                      \"found\": \"self|declared|path|robots\", \"comments\"}]}\n"
            "(\"url\" after redirects; \"comments\" marks a comments feed).  The crawler\n"
            "does the same when the config lists a site instead of a feed.\n"
            "\n"
            "  --config FILE   settings for the requests (User-Agent, delays, timeouts);\n"
            "                  default: $AKHBAR_CONFIG, /etc/akhbar/akhbar.conf,\n"
            "                  config/akhbar.conf, else built-in defaults\n"
            "  -q, --quiet     only errors\n"
            "  -v, --verbose   say why each rejected candidate was rejected\n"
            "  -h, --help      this text\n"
            "\n"
            "exit: 0 feeds found, 1 none (or the page could not be fetched), 2 usage or\n"
            "config error\n");
}

int cmd_discover(int argc, char **argv)
{
    static const struct option opts[] = {
        {"config", required_argument, 0, 'c'}, {"quiet", no_argument, 0, 'q'},
        {"verbose", no_argument, 0, 'v'},      {"help", no_argument, 0, 'h'},
        {0, 0, 0, 0}};
    cli_common cc = {0};
    int ch;
    optind = 1;
    while ((ch = getopt_long(argc, argv, "c:qvh", opts, NULL)) != -1) {
        switch (ch) {
        case 'c': cc.config = optarg; break;
        case 'q': cc.verbosity = -1; break;
        case 'v': cc.verbosity++; break;
        case 'h': help(stdout); return AK_EXIT_OK;
        default: help(stderr); return AK_EXIT_USAGE;
        }
    }
    if (optind != argc - 1) {
        help(stderr);
        return AK_EXIT_USAGE;
    }
    const char *url = argv[optind];
    if (!ak_url_is_http(url)) {
        ak_error("%s: not an http(s) URL", url);
        return AK_EXIT_USAGE;
    }
    cli_log_setup(&cc);
    cf_config *cfg = cli_load_config(&cc, false);
    if (!cfg) return AK_EXIT_USAGE;
    char *err = NULL;
    disc d = {.url = url};
    d.f = cli_fetcher(cfg, NULL, &err);
    if (!d.f) {
        ak_error("%s", err);
        free(err);
        cf_free(cfg);
        return AK_EXIT_USAGE;
    }
    for (size_t i = 0; i < cfg->nsites; i++)
        cr_set_host(d.f, cfg->sites[i].host, cfg->sites[i].delay_ms, cfg->sites[i].max_per_host);
    job *j = ak_calloc(1, sizeof *j);
    j->d = &d;
    cr_request req = {.url = url, .kind = CR_FEED};
    cr_add(d.f, &req, on_page, j);
    cr_run(d.f);
    cr_free(d.f);

    json_t *feeds = json_array();
    size_t found = 0;
    for (size_t i = 0; i < d.n; i++) {
        cand *c = &d.c[i];
        bool dup = false;
        for (size_t k = 0; k < i && c->ok && !dup; k++) {
            /* the same address, or the same but for a trailing slash (/feed, /feed/) */
            size_t a = strlen(d.c[k].final_url ? d.c[k].final_url : ""), b = strlen(c->final_url);
            dup = d.c[k].ok && (a == b || a + 1 == b || b + 1 == a) &&
                  strncmp(d.c[k].final_url, c->final_url, a < b ? a : b) == 0 &&
                  (a == b || (a > b ? d.c[k].final_url[b] : c->final_url[a]) == '/');
        }
        if (c->ok && !dup) {
            json_t *o2 = json_object();
            json_object_set_new(o2, "url", cli_jstr(c->final_url));
            json_object_set_new(o2, "format", cli_jstr(c->format));
            json_object_set_new(o2, "title", cli_jstr(c->title));
            json_object_set_new(o2, "entries", json_integer((json_int_t)c->entries));
            json_object_set_new(o2, "found", json_string(c->found));
            json_object_set_new(o2, "comments", json_boolean(c->comments));
            json_array_append_new(feeds, o2);
            found++;
        }
    }
    for (size_t i = 0; i < d.n; i++) { /* after the loop: the dedup above reads earlier ones */
        free(d.c[i].url);
        free(d.c[i].final_url);
        free(d.c[i].title);
    }
    free(d.c);
    int code = AK_EXIT_OK;
    if (!found && !d.failed)
        ak_error("%s: no feed found (no <link rel=\"alternate\"> feed that parses, nothing at "
                 "/feed, /rss, /rss.xml or /feed/, no sitemap in robots.txt)", url);
    if (!found) code = AK_EXIT_PARTIAL;
    json_t *top = json_object();
    json_object_set_new(top, "url", json_string(url));
    json_object_set_new(top, "feeds", feeds);
    if (cli_print_json(stdout, top, false) || fflush(stdout)) code = AK_EXIT_OUTPUT;
    json_decref(top);
    cf_free(cfg);
    return code;
}
