/* cmd_search.c -- `akhbar search`: find stored articles by words. */
#include "common/buf.h"
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
            "usage: akhbar search [--db FILE] [--config FILE] [--limit N] [--site SITE]\n"
            "                     [--lang LANG] [--since TIME] [--until TIME] [--json] WORDS...\n"
            "\n"
            "Full-text search of stored titles and bodies, best matches first, with a\n"
            "snippet of each body (matches in [brackets]).  Every word must appear.\n"
            "Spelling variants match: Arabic hamza and alef forms, ة/ه, ى/ي,\n"
            "diacritics, tatweel and the definite article (المغرب finds والمغرب and\n"
            "بالمغرب); French accents and case (economie finds Économie).  A word\n"
            "ending in * matches as a prefix.  Works while a crawl is running.\n"
            "\n"
            "  --limit N      at most N results (default 20)\n"
            "  --site SITE    only this site label\n"
            "  --lang LANG    only this language\n"
            "  --since TIME   only articles at or after TIME (ISO 8601)\n"
            "  --until TIME   only articles before TIME\n"
            "  --json         one JSON object per result: id, url, site, title, lang,\n"
            "                 published, duplicate_of, snippet, rank\n"
            "  --db FILE, --config FILE   the store (default: the config's db)\n"
            "  -h, --help     this text\n"
            "\n"
            "exit: 0 results found, 1 no result, 2 usage error, 3 store error\n");
}

typedef struct search_ctx {
    bool json;   /* JSON lines output */
    int n;       /* results printed */
} search_ctx;

static int on_hit(const st_hit *h, void *ud)
{
    search_ctx *x = ud;
    x->n++;
    if (x->json) {
        json_t *o = json_object();
        json_object_set_new(o, "id", json_integer(h->id));
        json_object_set_new(o, "url", cli_jstr(h->url));
        json_object_set_new(o, "site", cli_jstr(h->site));
        json_object_set_new(o, "title", cli_jstr(h->title));
        json_object_set_new(o, "lang", cli_jstr(h->lang));
        json_object_set_new(o, "published", cli_jtime(h->published));
        json_object_set_new(o, "duplicate_of", h->duplicate_of > 0 ? json_integer(h->duplicate_of) : json_null());
        json_object_set_new(o, "snippet", cli_jstr(h->snippet));
        json_object_set_new(o, "rank", json_real(h->rank));
        int rc = cli_print_json(stdout, o, false);
        json_decref(o);
        return rc;
    }
    char day[AK_ISO_MAX];
    ak_time_iso(h->published != AK_TIME_NONE ? h->published : h->fetched_at, day);
    day[10] = '\0';
    printf("#%lld  %s  %s  %s", (long long)h->id, day, h->site ? h->site : "-", h->title ? h->title : "(no title)");
    if (h->duplicate_of > 0) printf("  (copy of #%lld)", (long long)h->duplicate_of);
    printf("\n    %s\n    %s\n\n", h->url, h->snippet ? h->snippet : "");
    return ferror(stdout) ? 1 : 0;
}

static bool parse_time(const char *opt, const char *s, int64_t *t)
{
    if (ak_time_parse_iso(s, 0, t, NULL, NULL)) return true;
    ak_error("%s: '%s' is not an ISO 8601 date", opt, s);
    return false;
}

int cmd_search(int argc, char **argv)
{
    static const struct option opts[] = {
        {"db", required_argument, 0, 'd'},    {"config", required_argument, 0, 'c'},
        {"limit", required_argument, 0, 'n'}, {"site", required_argument, 0, 'S'},
        {"lang", required_argument, 0, 'L'},  {"since", required_argument, 0, 's'},
        {"until", required_argument, 0, 'u'}, {"json", no_argument, 0, 'j'},
        {"help", no_argument, 0, 'h'},        {0, 0, 0, 0}};
    cli_common cc = {0};
    st_query q = {.since = AK_TIME_NONE, .until = AK_TIME_NONE};
    search_ctx x = {0};
    int limit = 20, c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "d:c:n:S:L:s:u:jh", opts, NULL)) != -1) {
        switch (c) {
        case 'd': cc.db = optarg; break;
        case 'c': cc.config = optarg; break;
        case 'n':
            limit = atoi(optarg);
            if (limit <= 0) {
                ak_error("--limit: expected a positive number, got '%s'", optarg);
                return AK_EXIT_USAGE;
            }
            break;
        case 'S': q.site = optarg; break;
        case 'L': q.lang = optarg; break;
        case 's': if (!parse_time("--since", optarg, &q.since)) return AK_EXIT_USAGE; break;
        case 'u': if (!parse_time("--until", optarg, &q.until)) return AK_EXIT_USAGE; break;
        case 'j': x.json = true; break;
        case 'h': help(stdout); return AK_EXIT_OK;
        default: help(stderr); return AK_EXIT_USAGE;
        }
    }
    if (optind >= argc) {
        help(stderr);
        return AK_EXIT_USAGE;
    }
    ak_buf query = {0};
    for (int i = optind; i < argc; i++) {
        if (query.len) ak_buf_putc(&query, ' ');
        ak_buf_puts(&query, argv[i]);
    }
    cli_log_setup(&cc);
    cf_config *cfg = cli_load_config(&cc, false);
    if (!cfg) {
        ak_buf_free(&query);
        return AK_EXIT_USAGE;
    }
    char *err = NULL;
    int code = 0;
    st_store *st = st_open(cli_db_path(&cc, cfg), ST_READONLY, cfg->busy_timeout_ms, &code, &err);
    cf_free(cfg);
    if (!st) {
        ak_error("%s", err);
        free(err);
        ak_buf_free(&query);
        return AK_EXIT_STORE;
    }
    int rc = st_search(st, query.data, &q, limit, on_hit, &x, &err);
    st_close(st);
    ak_buf_free(&query);
    if (rc < 0) {
        bool usage = err && strstr(err, "no words");
        ak_error("%s", err ? err : "search failed");
        free(err);
        return usage ? AK_EXIT_USAGE : AK_EXIT_STORE;
    }
    if (fflush(stdout) != 0) return AK_EXIT_OUTPUT;
    if (!x.n && !x.json) fprintf(stderr, "akhbar: no article matches\n");
    return x.n ? AK_EXIT_OK : AK_EXIT_PARTIAL;
}
