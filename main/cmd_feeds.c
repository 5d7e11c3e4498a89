/* cmd_feeds.c -- `akhbar feeds`: each configured feed's crawl state.
 *
 * What an operator needs to see after a night of unattended runs: which
 * feeds work, which fail and since when, which were retired after
 * repeated 404/410, which moved (301/308), which wait (back-off,
 * Cache-Control max-age, Retry-After), and which hosts asked for a pause.
 * --reset puts a feed back in service.
 */
#include "common/buf.h"
#include "common/log.h"
#include "common/mem.h"
#include "common/timeutil.h"
#include "main/cli.h"
#include "store/store.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void help(FILE *fp)
{
    fprintf(fp,
            "usage: akhbar feeds [--config FILE] [--db FILE] [--json] [--reset NAME|URL]...\n"
            "\n"
            "Lists every configured feed with its crawl state:\n"
            "  new       never fetched\n"
            "  ok        the last fetch worked (200 or 304)\n"
            "  waiting   not due yet: Cache-Control max-age, or its host asked to wait\n"
            "  failing   the last fetches failed; retried with exponential back-off\n"
            "  retired   answered 404/410 retire_after times in a row; no longer fetched\n"
            "A feed moved by a 301/308 redirect shows its new URL.  Hosts paused by a\n"
            "Retry-After are listed after the feeds.\n"
            "\n"
            "  --config FILE   feed list, read after the system and user config files\n"
            "                  (see akhbar.conf(5))\n"
            "  --db FILE       store (default: the config's db setting)\n"
            "  --json          one JSON object per feed and line instead of the table\n"
            "  --reset FEED    forget FEED's failures, retirement, back-off, new URL and\n"
            "                  validators (FEED is its [feed NAME] or its url); repeatable\n"
            "  -h, --help      this text\n"
            "\n"
            "exit: 0 done, 2 usage or config error (or unknown feed), 3 store error\n");
}

static const char *state_of(const st_feed *f, int found, int64_t now)
{
    if (found != 1) return "new";
    if (f->retired) return "retired";
    if (f->failures > 0) return "failing";
    if (f->not_before != AK_TIME_NONE && f->not_before > now) return "waiting";
    if (f->last_ok == AK_TIME_NONE) return "new";
    return "ok";
}

static const cf_feed *find_feed(const cf_config *cfg, const char *what)
{
    for (size_t i = 0; i < cfg->nfeeds; i++)
        if (strcmp(cfg->feeds[i].name, what) == 0 || strcmp(cfg->feeds[i].url, what) == 0)
            return &cfg->feeds[i];
    return NULL;
}

static void iso_or_dash(int64_t t, char out[AK_ISO_MAX])
{
    if (t == AK_TIME_NONE) strcpy(out, "-");
    else ak_time_iso(t, out);
}

static int print_pause(const char *host, int64_t until, const char *reason, void *ud)
{
    (void)ud;
    char iso[AK_ISO_MAX];
    ak_time_iso(until, iso);
    printf("host %s paused until %s (%s)\n", host, iso, reason ? reason : "");
    return 0;
}

int cmd_feeds(int argc, char **argv)
{
    static const struct option opts[] = {
        {"config", required_argument, 0, 'c'}, {"db", required_argument, 0, 'd'},
        {"json", no_argument, 0, 'j'},         {"reset", required_argument, 0, 'r'},
        {"help", no_argument, 0, 'h'},         {0, 0, 0, 0}};
    cli_common cc = {0};
    bool json = false;
    const char **resets = NULL;
    size_t nresets = 0;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "c:d:h", opts, NULL)) != -1) {
        switch (c) {
        case 'c': cc.config = optarg; break;
        case 'd': cc.db = optarg; break;
        case 'j': json = true; break;
        case 'r':
            resets = ak_realloc(resets, (nresets + 1) * sizeof *resets);
            resets[nresets++] = optarg;
            break;
        case 'h': help(stdout); return AK_EXIT_OK;
        default: free(resets); help(stderr); return AK_EXIT_USAGE;
        }
    }
    if (optind != argc) {
        free(resets);
        help(stderr);
        return AK_EXIT_USAGE;
    }
    cli_log_setup(&cc);
    cf_config *cfg = cli_load_config(&cc, true);
    if (!cfg) {
        free(resets);
        return AK_EXIT_USAGE;
    }
    int ret = AK_EXIT_OK;
    for (size_t i = 0; i < nresets; i++)
        if (!find_feed(cfg, resets[i])) {
            ak_error("no feed named or with url '%s' in the config", resets[i]);
            ret = AK_EXIT_USAGE;
        }
    const char *db = cli_db_path(&cc, cfg);
    st_store *st = NULL;
    char *err = NULL;
    int code = 0;
    if (ret == AK_EXIT_OK && (nresets > 0 || !st_location_file(db) || access(st_location_file(db), F_OK) == 0)) {
        st = st_open(db, nresets > 0 ? 0 : ST_READONLY, cfg->busy_timeout_ms, &code, &err);
        if (!st) {
            ak_error("%s", err);
            free(err);
            ret = AK_EXIT_STORE;
        }
    }
    for (size_t i = 0; st && i < nresets; i++) {
        const cf_feed *f = find_feed(cfg, resets[i]);
        int rc = st_feed_reset(st, f->url, &err);
        if (rc < 0) {
            ak_error("%s", err);
            free(err), err = NULL;
            ret = AK_EXIT_STORE;
        } else {
            printf("feed %s: %s; the next crawl fetches %s\n", f->name,
                   rc ? "reset" : "nothing stored yet", f->url);
        }
    }
    if (ret != AK_EXIT_OK || nresets > 0) goto out;
    if (!json)
        printf("%-18s %-8s %-20s %5s  %-20s  %s\n", "feed", "state", "last ok", "fails", "not before",
               "url");
    int64_t now = ak_now();
    for (size_t i = 0; i < cfg->nfeeds; i++) {
        const cf_feed *cf = &cfg->feeds[i];
        st_feed f = {0};
        int found = st ? st_feed_get(st, cf->url, &f, &err) : 0;
        if (found < 0) {
            ak_error("%s (a store from an older akhbar is upgraded by the next crawl)", err);
            free(err);
            ret = AK_EXIT_STORE;
            break;
        }
        const char *state = state_of(&f, found, now);
        const char *url = found == 1 && f.current_url ? f.current_url : cf->url;
        if (json) {
            json_t *j = json_object();
            json_object_set_new(j, "name", cli_jstr(cf->name));
            json_object_set_new(j, "url", cli_jstr(cf->url));
            json_object_set_new(j, "current_url", cli_jstr(found == 1 ? f.current_url : NULL));
            json_object_set_new(j, "site", cli_jstr(cf->site));
            json_object_set_new(j, "state", json_string(state));
            json_object_set_new(j, "last_ok", cli_jtime(found == 1 ? f.last_ok : AK_TIME_NONE));
            json_object_set_new(j, "last_checked", cli_jtime(found == 1 ? f.last_checked : AK_TIME_NONE));
            json_object_set_new(j, "last_status", found == 1 && f.last_status ? json_integer(f.last_status)
                                                                              : json_null());
            json_object_set_new(j, "failures", json_integer(found == 1 ? f.failures : 0));
            json_object_set_new(j, "last_error", cli_jstr(found == 1 ? f.last_error : NULL));
            json_object_set_new(j, "last_error_at", cli_jtime(found == 1 ? f.last_error_at : AK_TIME_NONE));
            json_object_set_new(j, "not_before", cli_jtime(found == 1 && f.not_before > now ? f.not_before
                                                                                            : AK_TIME_NONE));
            json_object_set_new(j, "entries", found == 1 && f.last_ok != AK_TIME_NONE ? json_integer(f.entries)
                                                                                      : json_null());
            int rc = cli_print_json(stdout, j, false);
            json_decref(j);
            if (rc) {
                ret = AK_EXIT_OUTPUT;
                break;
            }
            continue;
        }
        char ok[AK_ISO_MAX], nb[AK_ISO_MAX];
        iso_or_dash(found == 1 ? f.last_ok : AK_TIME_NONE, ok);
        iso_or_dash(found == 1 && f.not_before > now ? f.not_before : AK_TIME_NONE, nb);
        printf("%-18s %-8s %-20s %5d  %-20s  %s\n", cf->name, state, ok, found == 1 ? f.failures : 0,
               nb, url);
        if (found == 1 && f.current_url) printf("%-18s moved from %s (301/308)\n", "", cf->url);
        if (found == 1 && f.last_error && (f.failures > 0 || f.retired || strcmp(state, "waiting") == 0))
            printf("%-18s last error: %s\n", "", f.last_error);
    }
    if (!json && st && ret == AK_EXIT_OK && st_host_pauses(st, now, print_pause, NULL, &err) < 0) {
        ak_error("%s", err);
        free(err);
        ret = AK_EXIT_STORE;
    }
    if (fflush(stdout) != 0 && ret == AK_EXIT_OK) ret = AK_EXIT_OUTPUT;
out:
    st_close(st);
    cf_free(cfg);
    free(resets);
    return ret;
}
