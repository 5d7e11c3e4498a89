/* cmd_export.c -- `akhbar export`: the corpus as JSON lines, streamed. */
#include "common/buf.h"
#include "common/log.h"
#include "common/mem.h"
#include "common/timeutil.h"
#include "dedup/engine.h"
#include "main/cli.h"
#include "main/ddstore.h"
#include "store/store.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void help(FILE *fp)
{
    fprintf(fp,
            "usage: akhbar export [--db FILE] [--config FILE] [--since ISO8601]\n"
            "                     [--until ISO8601] [--site SITE] [--lang LANG] [--unique]\n"
            "                     [--output FILE]\n"
            "\n"
            "Writes the stored articles as JSON lines, one article per line, oldest\n"
            "first (by publication time, or fetch time when unknown).  Memory use is\n"
            "constant whatever the store's size.  Fields: id, url, canonical_url, site,\n"
            "feed_url, title, body, published, fetched_at, author, lang, description,\n"
            "image, content_hash, duplicate_of (the cluster's original, null for an\n"
            "original), cluster_id, cluster_size, similarity, kind (original, exact,\n"
            "near, contained, extended) and shared: the paragraphs that appeared\n"
            "before in another article, [{\"paragraph\", \"first_id\", \"first_url\"}].\n"
            "\n"
            "  --db FILE          store to read (default: the config's db)\n"
            "  --config FILE      config file (for its db setting)\n"
            "  --since TIME       only articles at or after TIME (ISO 8601, UTC if no offset)\n"
            "  --until TIME       only articles before TIME\n"
            "  --site SITE        only articles of this site label (as in the config)\n"
            "  --lang LANG        only articles in this language (ar, fr, ...)\n"
            "  --unique           one article per story: cluster originals only\n"
            "  --output FILE      write to FILE atomically (temporary file, then rename)\n"
            "  -q, --quiet        only errors\n"
            "  -h, --help         this text\n");
}

typedef struct exp_ctx {
    st_store *st;   /* the store (for shared paragraphs) */
    int code;       /* a store error while reading them */
    char *err;      /* its message */
    FILE *fp;       /* output */
    int64_t n;      /* lines written */
    bool failed;    /* a write failed */
} exp_ctx;

static int on_article(const st_article *a, void *ud)
{
    exp_ctx *x = ud;
    json_t *o = json_object();
    json_object_set_new(o, "id", json_integer(a->id));
    json_object_set_new(o, "url", cli_jstr(a->url));
    json_object_set_new(o, "canonical_url", cli_jstr(a->canonical_url));
    json_object_set_new(o, "site", cli_jstr(a->site));
    json_object_set_new(o, "feed_url", cli_jstr(a->feed_url));
    json_object_set_new(o, "title", cli_jstr(a->title));
    json_object_set_new(o, "body", cli_jstr(a->body));
    json_object_set_new(o, "published", cli_jtime(a->published));
    json_object_set_new(o, "fetched_at", cli_jtime(a->fetched_at));
    json_object_set_new(o, "author", cli_jstr(a->author));
    json_object_set_new(o, "lang", cli_jstr(a->lang));
    json_object_set_new(o, "description", cli_jstr(a->description));
    json_object_set_new(o, "image", cli_jstr(a->image));
    json_object_set_new(o, "content_hash", cli_jstr(a->content_hash));
    json_object_set_new(o, "duplicate_of", a->duplicate_of > 0 ? json_integer(a->duplicate_of) : json_null());
    bool dd = a->cluster_id > 0;
    json_object_set_new(o, "cluster_id", dd ? json_integer(a->cluster_id) : json_null());
    json_object_set_new(o, "cluster_size", dd ? json_integer(a->cluster_size) : json_null());
    json_object_set_new(o, "similarity", dd ? json_real(a->duplicate_of > 0 ? a->similarity : 1.0) : json_null());
    json_object_set_new(o, "kind", !dd ? json_null()
                                       : json_string(a->duplicate_of > 0 && a->dup_kind ? a->dup_kind : "original"));
    json_t *sh = json_array();
    cli_shared shared[64];
    int ns = cli_dd_shared(x->st, a, shared, 64, &x->err);
    if (ns < 0) {
        json_decref(sh);
        json_decref(o);
        x->code = ns;
        return 1;
    }
    for (int i = 0; i < ns; i++) {
        json_t *e = json_object();
        json_object_set_new(e, "paragraph", json_integer(shared[i].paragraph));
        json_object_set_new(e, "first_id", json_integer(shared[i].first));
        st_dd_article f;
        int fr = st_dd_article_get(x->st, shared[i].first, &f, NULL);
        json_object_set_new(e, "first_url", fr == 1 ? cli_jstr(f.url) : json_null());
        json_array_append_new(sh, e);
    }
    json_object_set_new(o, "shared", sh);
    int rc = cli_print_json(x->fp, o, false);
    json_decref(o);
    if (rc) {
        x->failed = true;
        return 1;
    }
    x->n++;
    return 0;
}

static bool parse_time(const char *opt, const char *s, int64_t *t)
{
    if (ak_time_parse_iso(s, 0, t, NULL, NULL)) return true;
    ak_error("%s: '%s' is not an ISO 8601 date (e.g. 2024-09-21 or 2024-09-21T09:42:00Z)", opt, s);
    return false;
}

int cmd_export(int argc, char **argv)
{
    static const struct option opts[] = {
        {"db", required_argument, 0, 'd'},    {"config", required_argument, 0, 'c'},
        {"since", required_argument, 0, 's'}, {"until", required_argument, 0, 'u'},
        {"output", required_argument, 0, 'o'}, {"quiet", no_argument, 0, 'q'},
        {"site", required_argument, 0, 'S'},  {"lang", required_argument, 0, 'L'},
        {"unique", no_argument, 0, 'U'},
        {"verbose", no_argument, 0, 'v'},     {"help", no_argument, 0, 'h'},
        {0, 0, 0, 0}};
    cli_common cc = {0};
    st_query q = {.since = AK_TIME_NONE, .until = AK_TIME_NONE};
    const char *output = NULL;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "d:c:s:u:o:qvh", opts, NULL)) != -1) {
        switch (c) {
        case 'd': cc.db = optarg; break;
        case 'c': cc.config = optarg; break;
        case 's': if (!parse_time("--since", optarg, &q.since)) return AK_EXIT_USAGE; break;
        case 'u': if (!parse_time("--until", optarg, &q.until)) return AK_EXIT_USAGE; break;
        case 'o': output = optarg; break;
        case 'S': q.site = optarg; break;
        case 'L': q.lang = optarg; break;
        case 'U': q.unique = true; break;
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
    cf_config *cfg = cli_load_config(&cc, false);
    if (!cfg) return AK_EXIT_USAGE;
    char *err = NULL;
    int code = 0;
    st_store *st = st_open(cli_db_path(&cc, cfg), ST_READONLY, cfg->busy_timeout_ms, &code, &err);
    cf_free(cfg);
    if (!st) {
        ak_error("%s", err);
        free(err);
        return AK_EXIT_STORE;
    }
    exp_ctx x = {.st = st, .fp = stdout};
    char *tmp = NULL;
    if (output) {
        ak_buf b = {0};
        ak_buf_printf(&b, "%s.tmp.%ld", output, (long)getpid());
        tmp = ak_buf_steal(&b);
        x.fp = fopen(tmp, "w");
        if (!x.fp) {
            ak_error("%s: %s", tmp, strerror(errno));
            free(tmp);
            st_close(st);
            return AK_EXIT_OUTPUT;
        }
    }
    int rc = st_export(st, &q, on_article, &x, &err);
    if (x.code) {
        rc = x.code;
        free(err);
        err = x.err;
        x.err = NULL;
    }
    st_close(st);
    int exit_code = AK_EXIT_OK;
    if (fflush(x.fp) != 0) x.failed = true;
    if (output) {
        if (fsync(fileno(x.fp)) != 0) x.failed = true;
        if (fclose(x.fp) != 0) x.failed = true;
    }
    if (x.failed) {
        ak_error("writing %s: %s", output ? output : "standard output", strerror(errno));
        exit_code = AK_EXIT_OUTPUT;
    } else if (rc < 0) {
        ak_error("%s", err ? err : "export failed");
        exit_code = AK_EXIT_STORE;
    }
    free(err);
    if (output) {
        if (exit_code == AK_EXIT_OK && rename(tmp, output) != 0) {
            ak_error("renaming %s to %s: %s", tmp, output, strerror(errno));
            exit_code = AK_EXIT_OUTPUT;
        }
        if (exit_code != AK_EXIT_OK) unlink(tmp);
        free(tmp);
    }
    if (exit_code == AK_EXIT_OK) ak_info("exported %lld articles", (long long)x.n);
    return exit_code;
}
