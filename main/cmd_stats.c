/* cmd_stats.c -- `akhbar stats`: what the corpus holds and how feeds fare. */
#include "common/log.h"
#include "common/timeutil.h"
#include "main/cli.h"
#include "store/store.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void help(FILE *fp)
{
    fprintf(fp,
            "usage: akhbar stats [--db FILE] [--config FILE] [--days N] [--json]\n"
            "\n"
            "Prints the corpus's figures: articles and duplicate rate per site, articles\n"
            "per day (publication day, UTC; the last N days that have articles), and the\n"
            "health of every feed (last success, last error and its reason,\n"
            "consecutive failures).  Works while a crawl is running.\n"
            "\n"
            "  --days N       days listed (default 14)\n"
            "  --json         one JSON object instead of tables\n"
            "  --db FILE, --config FILE   the store (default: the config's db)\n"
            "  -h, --help     this text\n");
}

typedef struct stats_ctx {
    bool json;               /* build JSON instead of printing */
    json_t *sites, *days, *feeds;
    int64_t total, dups;     /* totals over sites */
} stats_ctx;

static void day_str(int64_t t, char out[AK_ISO_MAX])
{
    ak_time_iso(t, out);
    out[10] = '\0';
}

static void minute_str(int64_t t, char out[AK_ISO_MAX])
{
    if (t == AK_TIME_NONE) {
        strcpy(out, "-");
        return;
    }
    ak_time_iso(t, out);
    out[10] = ' ';
    out[16] = '\0';
}

static int on_site(const char *site, int64_t n, int64_t dups, int64_t last, int64_t oldest, int64_t newest,
                   void *ud)
{
    stats_ctx *x = ud;
    x->total += n;
    x->dups += dups;
    if (x->json) {
        json_t *o = json_object();
        json_object_set_new(o, "site", cli_jstr(site));
        json_object_set_new(o, "articles", json_integer(n));
        json_object_set_new(o, "duplicates", json_integer(dups));
        json_object_set_new(o, "duplicate_rate", json_real(n ? (double)dups / (double)n : 0));
        json_object_set_new(o, "last_fetched", cli_jtime(last));
        json_object_set_new(o, "oldest", cli_jtime(oldest));
        json_object_set_new(o, "newest", cli_jtime(newest));
        json_array_append_new(x->sites, o);
        return 0;
    }
    char l[AK_ISO_MAX], a[AK_ISO_MAX], b[AK_ISO_MAX];
    minute_str(last, l);
    day_str(oldest, a);
    day_str(newest, b);
    printf("  %-24s %8lld %10lld %5.1f%%  %s .. %s  %s\n", site, (long long)n, (long long)dups,
           n ? 100.0 * (double)dups / (double)n : 0.0, a, b, l);
    return 0;
}

static int on_day(int64_t day, int64_t n, int64_t dups, void *ud)
{
    stats_ctx *x = ud;
    char d[AK_ISO_MAX];
    day_str(day, d);
    if (x->json) {
        json_t *o = json_object();
        json_object_set_new(o, "day", json_string(d));
        json_object_set_new(o, "articles", json_integer(n));
        json_object_set_new(o, "duplicates", json_integer(dups));
        json_array_append_new(x->days, o);
        return 0;
    }
    printf("  %s %8lld %10lld  ", d, (long long)n, (long long)dups);
    for (int64_t i = 0; i < n && i < 50; i++) fputs("#", stdout);
    fputs(n > 50 ? "+\n" : "\n", stdout);
    return 0;
}

static int on_feed(const st_feed *f, void *ud)
{
    stats_ctx *x = ud;
    if (x->json) {
        json_t *o = json_object();
        json_object_set_new(o, "url", cli_jstr(f->url));
        json_object_set_new(o, "site", cli_jstr(f->site));
        json_object_set_new(o, "last_ok", cli_jtime(f->last_ok));
        json_object_set_new(o, "last_error_at", cli_jtime(f->last_error_at));
        json_object_set_new(o, "last_error", cli_jstr(f->last_error));
        json_object_set_new(o, "failures", json_integer(f->failures));
        json_object_set_new(o, "entries", json_integer(f->entries));
        json_array_append_new(x->feeds, o);
        return 0;
    }
    char ok[AK_ISO_MAX], bad[AK_ISO_MAX];
    minute_str(f->last_ok, ok);
    minute_str(f->last_error_at, bad);
    printf("  %s\n      site %s | last ok %s | last error %s%s%s%s | failures in a row %d\n", f->url,
           f->site ? f->site : "-", ok, bad, f->last_error ? " (" : "", f->last_error ? f->last_error : "",
           f->last_error ? ")" : "", f->failures);
    return 0;
}

int cmd_stats(int argc, char **argv)
{
    static const struct option opts[] = {
        {"db", required_argument, 0, 'd'}, {"config", required_argument, 0, 'c'},
        {"days", required_argument, 0, 'n'}, {"json", no_argument, 0, 'j'},
        {"help", no_argument, 0, 'h'},     {0, 0, 0, 0}};
    cli_common cc = {0};
    stats_ctx x = {0};
    int days = 14, c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "d:c:n:jh", opts, NULL)) != -1) {
        switch (c) {
        case 'd': cc.db = optarg; break;
        case 'c': cc.config = optarg; break;
        case 'n':
            days = atoi(optarg);
            if (days <= 0) {
                ak_error("--days: expected a positive number, got '%s'", optarg);
                return AK_EXIT_USAGE;
            }
            break;
        case 'j': x.json = true; break;
        case 'h': help(stdout); return AK_EXIT_OK;
        default: help(stderr); return AK_EXIT_USAGE;
        }
    }
    if (optind != argc) {
        help(stderr);
        return AK_EXIT_USAGE;
    }
    cli_log_setup(&cc);
    cf_config *cfg = cli_load_config(&cc, false);
    if (!cfg) return AK_EXIT_USAGE;
    char *err = NULL;
    int code = 0;
    const char *db = cli_db_path(&cc, cfg);
    st_store *st = st_open(db, ST_READONLY, cfg->busy_timeout_ms, &code, &err);
    if (!st) {
        ak_error("%s", err);
        free(err);
        cf_free(cfg);
        return AK_EXIT_STORE;
    }
    st_stats_cb cb = {.site = on_site, .day = on_day, .days = days, .feed = on_feed};
    int rc;
    if (x.json) {
        x.sites = json_array();
        x.days = json_array();
        x.feeds = json_array();
        rc = st_stats(st, &cb, &x, &err);
        json_t *o = json_object();
        char *shown = st_location_display(db);
        json_object_set_new(o, "store", json_string(shown));
        free(shown);
        json_object_set_new(o, "articles", json_integer(x.total));
        json_object_set_new(o, "duplicates", json_integer(x.dups));
        json_object_set_new(o, "sites", x.sites);
        json_object_set_new(o, "days", x.days);
        json_object_set_new(o, "feeds", x.feeds);
        st_frontier_counts fc;
        if (rc == 0 && st_shared(st) && (rc = st_frontier_counts_get(st, &fc, &err)) == 0)
            json_object_set_new(o, "frontier", json_pack("{sIsIsI}", "queued", (json_int_t)fc.queued,
                                                         "claimed", (json_int_t)fc.claimed,
                                                         "crawlers", (json_int_t)fc.workers));
        if (rc == 0 && cli_print_json(stdout, o, true)) rc = 1;
        json_decref(o);
    } else {
        char *shown = st_location_display(db);
        printf("store %s\n\nper site:                  articles duplicates  rate   articles from .. to      last fetched\n", shown);
        free(shown);
        cb.day = NULL;
        cb.feed = NULL;
        rc = st_stats(st, &cb, &x, &err);
        if (rc == 0) {
            printf("  %-24s %8lld %10lld %5.1f%%\n", "all", (long long)x.total, (long long)x.dups,
                   x.total ? 100.0 * (double)x.dups / (double)x.total : 0.0);
            printf("\nper day (UTC):   articles duplicates\n");
            st_stats_cb cb2 = {.day = on_day, .days = days};
            rc = st_stats(st, &cb2, &x, &err);
        }
        if (rc == 0) {
            printf("\nfeeds:\n");
            st_stats_cb cb3 = {.feed = on_feed};
            rc = st_stats(st, &cb3, &x, &err);
        }
        st_frontier_counts fc;
        if (rc == 0 && st_shared(st) && (rc = st_frontier_counts_get(st, &fc, &err)) == 0)
            printf("\nfrontier (shared store): %lld URLs waiting, %lld of them claimed by %lld crawlers\n",
                   (long long)fc.queued, (long long)fc.claimed, (long long)fc.workers);
    }
    st_close(st);
    cf_free(cfg);
    if (rc < 0) {
        ak_error("%s", err ? err : "stats failed");
        free(err);
        return AK_EXIT_STORE;
    }
    return fflush(stdout) == 0 && rc == 0 ? AK_EXIT_OK : AK_EXIT_OUTPUT;
}
