/* cmd_migrate.c -- `akhbar migrate`: an SQLite store moved into
 * PostgreSQL, for a corpus that outgrows one machine (store.h,
 * st_migrate). */
#include "common/lockfile.h"
#include "common/log.h"
#include "common/mem.h"
#include "main/cli.h"
#include "store/store.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void help(FILE *fp)
{
    fprintf(fp,
            "usage: akhbar migrate --from [sqlite:]FILE --to postgresql://... [--config FILE] [-q]\n"
            "\n"
            "Copies an SQLite store into an empty PostgreSQL database, where several\n"
            "crawlers can then share it (store = postgresql://... in their config):\n"
            "articles with their ids, URLs tried, feed and politeness state, the\n"
            "robots.txt cache, and the deduplication index and stories.  One\n"
            "transaction: the row counts of every table are checked before it\n"
            "commits, so the database holds everything or nothing.  The SQLite store\n"
            "is first brought to this akhbar's schema, as a crawl would, and is left\n"
            "as it was otherwise; no crawl may write it meanwhile (its lock is taken,\n"
            "waiting lock_wait).  The database must exist (createdb) and be empty;\n"
            "akhbar creates its tables.\n"
            "\n"
            "  --from STORE     the SQLite store: a file, or sqlite:FILE\n"
            "  --to URI         the PostgreSQL store (libpq URI: postgresql://USER@HOST/DB,\n"
            "                   postgresql:///DB?host=/run/postgresql for a local socket)\n"
            "  --config FILE    config file (for lock_wait and busy_timeout)\n"
            "  -q, --quiet      only errors\n"
            "  -h, --help       this text\n"
            "\n"
            "exit: 0 moved, 2 usage error, 3 store error (nothing was committed),\n"
            "      5 a crawl holds the SQLite store\n");
}

static void on_table(const char *table, int64_t rows, void *ud)
{
    (void)ud;
    ak_info("copied %s: %lld rows", table, (long long)rows);
}

typedef struct totals {
    int64_t articles, urls, feeds, keys, clusters; /* rows copied */
} totals;

static void on_table_total(const char *table, int64_t rows, void *ud)
{
    totals *t = ud;
    if (!strcmp(table, "articles")) t->articles = rows;
    else if (!strcmp(table, "urls")) t->urls = rows;
    else if (!strcmp(table, "feeds")) t->feeds = rows;
    else if (!strcmp(table, "dd_keys")) t->keys = rows;
    else if (!strcmp(table, "dd_clusters")) t->clusters = rows;
    on_table(table, rows, NULL);
}

int cmd_migrate(int argc, char **argv)
{
    static const struct option opts[] = {
        {"from", required_argument, 0, 'f'}, {"to", required_argument, 0, 't'},
        {"config", required_argument, 0, 'c'}, {"quiet", no_argument, 0, 'q'},
        {"verbose", no_argument, 0, 'v'}, {"help", no_argument, 0, 'h'}, {0, 0, 0, 0}};
    cli_common cc = {0};
    const char *from = NULL, *to = NULL;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "f:t:c:qvh", opts, NULL)) != -1) {
        switch (c) {
        case 'f': from = optarg; break;
        case 't': to = optarg; break;
        case 'c': cc.config = optarg; break;
        case 'q': cc.verbosity = -1; break;
        case 'v': cc.verbosity++; break;
        case 'h': help(stdout); return AK_EXIT_OK;
        default: help(stderr); return AK_EXIT_USAGE;
        }
    }
    if (optind != argc || !from || !to) {
        help(stderr);
        return AK_EXIT_USAGE;
    }
    cli_log_setup(&cc);
    const char *file = st_location_file(from);
    if (!file || !*file) {
        ak_error("migrate: --from must be an SQLite store (a file or sqlite:FILE), got '%s'", from);
        return AK_EXIT_USAGE;
    }
    if (st_location_file(to)) {
        ak_error("migrate: --to must be a PostgreSQL store (postgresql://...), got '%s'", to);
        return AK_EXIT_USAGE;
    }
    cf_config *cfg = cli_load_config(&cc, false);
    if (!cfg) return AK_EXIT_USAGE;
    FILE *probe = fopen(file, "rb");
    if (!probe) {
        ak_error("migrate: %s: %s", file, strerror(errno));
        cf_free(cfg);
        return AK_EXIT_STORE;
    }
    fclose(probe);
    /* No crawl writes the SQLite store meanwhile. */
    char lockpath[4096];
    snprintf(lockpath, sizeof lockpath, "%s.lock", file);
    int lockfd = -1;
    long holder = 0;
    ak_lock_result lr = ak_lock_acquire(lockpath, cfg->lock_wait_ms, &lockfd, &holder);
    if (lr != AK_LOCK_OK) {
        if (lr == AK_LOCK_BUSY) ak_error("a crawl (pid %ld) is writing %s; try again when it is done", holder, file);
        else ak_error("store %s: cannot create the lock file %s: %s", file, lockpath, strerror(errno));
        cf_free(cfg);
        return lr == AK_LOCK_BUSY ? AK_EXIT_LOCKED : AK_EXIT_STORE;
    }
    int code = 0, ret = AK_EXIT_OK;
    char *err = NULL;
    st_store *src = st_open(from, 0, cfg->busy_timeout_ms, &code, &err), *dst = NULL;
    if (src) dst = st_open(to, 0, cfg->busy_timeout_ms, &code, &err);
    totals t = {0};
    if (!src || !dst || st_migrate(src, dst, on_table_total, &t, &err) < 0) {
        ak_error("%s", err ? err : "migrate failed");
        ret = AK_EXIT_STORE;
    } else {
        char *shown = st_location_display(to);
        ak_notice("migrated %s to %s: %lld articles, %lld URLs, %lld feeds, %lld dedup keys, %lld stories",
                  file, shown, (long long)t.articles, (long long)t.urls, (long long)t.feeds, (long long)t.keys,
                  (long long)t.clusters);
        free(shown);
    }
    free(err);
    st_close(dst);
    st_close(src);
    ak_lock_release(lockfd);
    cf_free(cfg);
    return ret;
}
