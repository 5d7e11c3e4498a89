/* cmd_dups.c -- `akhbar dups [ID]`: the stories the store holds several
 * times, or one story (cluster) with its copies and shared paragraphs. */
#include "common/buf.h"
#include "common/log.h"
#include "common/mem.h"
#include "common/timeutil.h"
#include "dedup/norm.h"
#include "main/cli.h"
#include "main/ddstore.h"
#include "store/store.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void help(FILE *fp)
{
    fprintf(fp,
            "usage: akhbar dups [--db FILE] [--config FILE] [--json] [--limit N] [ID]\n"
            "\n"
            "Without ID: the stories published more than once (clusters of two or more\n"
            "articles), largest first, one line each: cluster id, number of articles,\n"
            "the original (earliest published) article's id, site, date and title.\n"
            "\n"
            "With the id of any article: its story, original first, then every copy\n"
            "with how it matched (exact, near, contained = lead-only or excerpt,\n"
            "extended = with added text), its similarity, and its paragraphs that\n"
            "first appeared in another article (another site's quote, a wire\n"
            "paragraph), with where they first appeared.\n"
            "\n"
            "  --db FILE       store to read (default: the config's db)\n"
            "  --config FILE   config file (for its db setting)\n"
            "  --json          one JSON object (with ID) or one per line (without)\n"
            "  --limit N       at most N stories in the list (default 50, 0 = all)\n"
            "  -h, --help      this text\n"
            "\n"
            "exit: 0 done, 2 usage or unknown article, 3 store error, 4 output error\n");
}

typedef struct dctx {
    st_store *st;          /* the store */
    bool json;             /* --json */
    json_t *arr;           /* members, for --json */
    int64_t original;      /* the cluster's original */
    int code;              /* a store error */
    char *err;             /* its message */
    ak_buf line;           /* scratch */
} dctx;

/* The text of paragraph index (as dedup numbers them: non-empty lines). */
static char *paragraph_text(const char *body, uint32_t index)
{
    const char *s = body ? body : "";
    uint32_t k = 0;
    ak_buf norm = {0};
    while (*s) {
        const char *e = strchr(s, '\n');
        size_t n = e ? (size_t)(e - s) : strlen(s);
        ak_buf_clear(&norm);
        dd_normalize(&norm, s, n);
        if (norm.len > 0) {
            if (k == index) {
                ak_buf_free(&norm);
                return ak_strndup(s, n);
            }
            k++;
        }
        s += n;
        if (*s) s++;
    }
    ak_buf_free(&norm);
    return NULL;
}

/* Up to max characters (not bytes) of s, with "…" when cut. */
static void snippet(ak_buf *out, const char *s, size_t max)
{
    size_t i = 0, chars = 0, n = strlen(s);
    while (i < n && chars < max) {
        unsigned char c = (unsigned char)s[i];
        i += c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
        chars++;
    }
    if (i > n) i = n;
    ak_buf_append(out, s, i);
    if (i < n) ak_buf_puts(out, "…");
}

static int on_member(const st_article *a, void *ud)
{
    dctx *x = ud;
    cli_shared sh[64];
    int ns = cli_dd_shared(x->st, a, sh, 64, &x->err);
    if (ns < 0) {
        x->code = ns;
        return 1;
    }
    const char *kind = a->id == x->original ? "original" : a->dup_kind ? a->dup_kind : "?";
    if (x->json) {
        json_t *o = json_object();
        json_object_set_new(o, "id", json_integer(a->id));
        json_object_set_new(o, "site", cli_jstr(a->site));
        json_object_set_new(o, "url", cli_jstr(a->url));
        json_object_set_new(o, "title", cli_jstr(a->title));
        json_object_set_new(o, "published", cli_jtime(a->published));
        json_object_set_new(o, "fetched_at", cli_jtime(a->fetched_at));
        json_object_set_new(o, "kind", json_string(kind));
        json_object_set_new(o, "similarity", json_real(a->id == x->original ? 1.0 : a->similarity));
        json_object_set_new(o, "match", a->match_id > 0 ? json_integer(a->match_id) : json_null());
        json_t *arr = json_array();
        for (int i = 0; i < ns; i++) {
            json_t *e = json_object();
            json_object_set_new(e, "paragraph", json_integer(sh[i].paragraph));
            json_object_set_new(e, "first_id", json_integer(sh[i].first));
            st_dd_article f;
            int fr = st_dd_article_get(x->st, sh[i].first, &f, NULL);
            json_object_set_new(e, "first_url", fr == 1 ? cli_jstr(f.url) : json_null());
            char *p = paragraph_text(a->body, sh[i].paragraph);
            json_object_set_new(e, "text", cli_jstr(p));
            free(p);
            json_array_append_new(arr, e);
        }
        json_object_set_new(o, "shared", arr);
        json_array_append_new(x->arr, o);
        return 0;
    }
    char when[AK_ISO_MAX];
    ak_time_iso(a->published != AK_TIME_NONE ? a->published : a->fetched_at, when);
    printf("#%lld  %-9s %.2f  %s  %s  %s\n", (long long)a->id, kind,
           a->id == x->original ? 1.0 : a->similarity, when, a->site ? a->site : "-",
           a->title ? a->title : "-");
    printf("      %s\n", a->url ? a->url : "");
    if (a->id != x->original && a->match_id > 0)
        printf("      matched #%lld\n", (long long)a->match_id);
    for (int i = 0; i < ns; i++) {
        st_dd_article f;
        int fr = st_dd_article_get(x->st, sh[i].first, &f, NULL);
        char *p = paragraph_text(a->body, sh[i].paragraph);
        ak_buf_clear(&x->line);
        snippet(&x->line, p ? p : "", 70);
        printf("      paragraph %u first appeared in #%lld (%s): %s\n", sh[i].paragraph + 1,
               (long long)sh[i].first, fr == 1 && f.site ? f.site : "?", ak_buf_str(&x->line));
        free(p);
    }
    return 0;
}

typedef struct lctx {
    st_store *st;          /* the store */
    bool json;             /* --json */
    int64_t n;             /* clusters listed */
} lctx;

static int on_cluster(const st_dd_cluster *c, void *ud)
{
    lctx *x = ud;
    st_dd_article a;
    int rc = st_dd_article_get(x->st, c->original, &a, NULL);
    x->n++;
    if (x->json) {
        json_t *o = json_object();
        json_object_set_new(o, "cluster", json_integer(c->id));
        json_object_set_new(o, "size", json_integer(c->size));
        json_object_set_new(o, "original", json_integer(c->original));
        json_object_set_new(o, "site", rc == 1 ? cli_jstr(a.site) : json_null());
        json_object_set_new(o, "title", rc == 1 ? cli_jstr(a.title) : json_null());
        json_object_set_new(o, "published", cli_jtime(c->original_time));
        int w = cli_print_json(stdout, o, false);
        json_decref(o);
        return w ? 1 : 0;
    }
    char when[AK_ISO_MAX];
    ak_time_iso(c->original_time, when);
    printf("story #%lld  %lld articles  original #%lld  %s  %s  %s\n", (long long)c->id,
           (long long)c->size, (long long)c->original, when, rc == 1 && a.site ? a.site : "-",
           rc == 1 && a.title ? a.title : "-");
    return 0;
}

int cmd_dups(int argc, char **argv)
{
    static const struct option opts[] = {
        {"db", required_argument, 0, 'd'}, {"config", required_argument, 0, 'c'},
        {"json", no_argument, 0, 'j'},     {"limit", required_argument, 0, 'n'},
        {"help", no_argument, 0, 'h'},     {0, 0, 0, 0}};
    cli_common cc = {0};
    bool json = false;
    long limit = 50;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "d:c:jn:h", opts, NULL)) != -1) {
        switch (c) {
        case 'd': cc.db = optarg; break;
        case 'c': cc.config = optarg; break;
        case 'j': json = true; break;
        case 'n': {
            char *end;
            errno = 0;
            limit = strtol(optarg, &end, 10);
            if (errno || *end || limit < 0) {
                ak_error("--limit: '%s' is not a number of stories", optarg);
                return AK_EXIT_USAGE;
            }
            break;
        }
        case 'h': help(stdout); return AK_EXIT_OK;
        default: help(stderr); return AK_EXIT_USAGE;
        }
    }
    if (argc - optind > 1) {
        help(stderr);
        return AK_EXIT_USAGE;
    }
    int64_t id = 0;
    if (optind < argc) {
        char *end;
        errno = 0;
        long long v = strtoll(argv[optind], &end, 10);
        if (errno || *end || v <= 0) {
            ak_error("'%s' is not an article id (a positive number, as in export's \"id\")", argv[optind]);
            return AK_EXIT_USAGE;
        }
        id = v;
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
    int exit_code = AK_EXIT_OK;
    if (!id) {
        lctx x = {.st = st, .json = json};
        int rc = st_dd_clusters(st, 2, limit, on_cluster, &x, &err);
        if (rc < 0) {
            ak_error("%s", err);
            exit_code = AK_EXIT_STORE;
        } else if (rc > 0) {
            exit_code = AK_EXIT_OUTPUT;
        } else if (!json && x.n == 0) {
            printf("no story is stored more than once\n");
        }
    } else {
        st_dd_state s;
        int rc = st_dd_state_get(st, id, &s, &err);
        if (rc < 0) {
            ak_error("%s", err);
            exit_code = AK_EXIT_STORE;
        } else if (rc == 0) {
            st_dd_article a;
            int ar = st_dd_article_get(st, id, &a, NULL);
            ak_error(ar == 1 ? "article #%lld is not deduplicated yet (run a crawl)" : "no article #%lld in the store",
                     (long long)id);
            exit_code = AK_EXIT_USAGE;
        } else {
            st_dd_cluster cl;
            int64_t cluster = s.cluster;
            rc = st_dd_cluster_get(st, cluster, &cl, &err);
            if (rc < 0) {
                ak_error("%s", err);
                exit_code = AK_EXIT_STORE;
            } else {
                dctx x = {.st = st, .json = json, .original = rc == 1 ? cl.original : 0};
                if (json) x.arr = json_array();
                else printf("story #%lld: %lld article%s\n", (long long)cluster, (long long)(rc == 1 ? cl.size : 1),
                            rc == 1 && cl.size == 1 ? "" : "s");
                int mr = st_dd_cluster_members(st, cluster, on_member, &x, &err);
                if (x.code || mr < 0) {
                    ak_error("%s", x.err ? x.err : err);
                    exit_code = AK_EXIT_STORE;
                } else if (json) {
                    json_t *o = json_object();
                    json_object_set_new(o, "cluster", json_integer(cluster));
                    json_object_set_new(o, "original", x.original ? json_integer(x.original) : json_null());
                    json_object_set_new(o, "articles", x.arr);
                    x.arr = NULL;
                    if (cli_print_json(stdout, o, true) != 0) exit_code = AK_EXIT_OUTPUT;
                    json_decref(o);
                }
                json_decref(x.arr);
                free(x.err);
                ak_buf_free(&x.line);
            }
        }
    }
    free(err);
    st_close(st);
    if (exit_code == AK_EXIT_OK && fflush(stdout) != 0) {
        ak_error("writing standard output: %s", strerror(errno));
        exit_code = AK_EXIT_OUTPUT;
    }
    return exit_code;
}
