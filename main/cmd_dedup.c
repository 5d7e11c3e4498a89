/* cmd_dedup.c -- `akhbar dedup`: the dedup engine on a JSON lines corpus.
 *
 * Reads one {"id", "title", "body", "site", "published"} per line, in
 * order, runs every article through the engine with the in-memory index
 * (no store, no crawl), and prints one {"id", "cluster", "duplicate_of",
 * "similarity", "kind"} per article: at the end (final clusters, in input
 * order), or as each article is decided with --stream.
 */
#include "common/buf.h"
#include "common/log.h"
#include "common/mem.h"
#include "common/timeutil.h"
#include "common/utf8.h"
#include "dedup/engine.h"
#include "dedup/fp.h"
#include "dedup/index.h"
#include "main/cli.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_LINE (64u << 20) /* a longer line is refused, not loaded */

static void help(FILE *fp)
{
    fprintf(fp,
            "usage: akhbar dedup [--stream] [--shared] [--bands N] [--rows N] [--no-simhash]\n"
            "                    [--no-prefix] [-q|-v] [FILE|-]\n"
            "\n"
            "Runs the deduplication engine on a JSON lines corpus, without crawling\n"
            "or storing: one {\"id\", \"title\", \"body\", \"site\", \"published\"} per line,\n"
            "in the order the articles arrived.  \"published\" is ISO 8601 or seconds\n"
            "since the epoch (\"fetched\" likewise; without either, line order stands\n"
            "for time).  Prints one {\"id\", \"cluster\", \"duplicate_of\", \"similarity\",\n"
            "\"kind\"} per article, in input order, once all are read (clusters and\n"
            "originals as they end up).  cluster and duplicate_of are input ids: the\n"
            "cluster's founding article and its original (earliest published), null\n"
            "for the original itself.  kind: original, exact, near, contained (a\n"
            "lead-only copy or excerpt), extended (a copy with added text).\n"
            "\n"
            "  --stream        print each article's line as soon as it is decided\n"
            "                  (clusters as known then; later articles may change them)\n"
            "  --shared        add \"shared\": [{\"paragraph\", \"first\"}], the paragraphs\n"
            "                  that appeared before in another article\n"
            "  --bands N, --rows N   LSH bands and rows per band (default 16 x 4)\n"
            "  --no-simhash, --no-prefix   leave SimHash blocks or paragraph openings\n"
            "                  out of the candidate keys (to measure what they bring)\n"
            "  -q, --quiet     only errors\n"
            "  -v, --verbose   a summary line at the end\n"
            "  -h, --help      this text\n"
            "\n"
            "exit: 0 done, 1 some lines were unusable (skipped, each reported),\n"
            "2 usage, 4 input or output error\n");
}

typedef struct item {
    json_t *id;         /* the input's id value (owned reference) */
} item;

static bool get_time(json_t *v, int64_t *t)
{
    if (json_is_integer(v)) {
        *t = (int64_t)json_integer_value(v);
        return true;
    }
    if (json_is_real(v)) {
        *t = (int64_t)json_real_value(v);
        return true;
    }
    if (json_is_string(v)) return ak_time_parse_iso(json_string_value(v), 0, t, NULL, NULL);
    return false;
}

static json_t *line_for(item *items, int64_t id, const dd_state *s, int64_t dup, const dd_result *r,
                        bool shared)
{
    json_t *o = json_object();
    json_object_set(o, "id", items[id - 1].id);
    json_object_set(o, "cluster", items[s->cluster - 1].id);
    json_object_set_new(o, "duplicate_of", dup > 0 ? json_incref(items[dup - 1].id) : json_null());
    json_object_set_new(o, "similarity", json_real(dup > 0 ? s->similarity : 1.0));
    json_object_set_new(o, "kind", json_string(dd_kind_name(dup > 0 ? s->kind : DD_ORIGINAL)));
    if (shared && r) {
        json_t *a = json_array();
        for (size_t i = 0; i < r->nshared; i++) {
            json_t *x = json_object();
            json_object_set_new(x, "paragraph", json_integer(r->shared[i].index));
            json_object_set(x, "first", items[r->shared[i].first - 1].id);
            json_array_append_new(a, x);
        }
        json_object_set_new(o, "shared", a);
    }
    return o;
}

int cmd_dedup(int argc, char **argv)
{
    static const struct option opts[] = {
        {"stream", no_argument, 0, 's'}, {"shared", no_argument, 0, 'p'},
        {"bands", required_argument, 0, 'B'}, {"rows", required_argument, 0, 'R'},
        {"no-simhash", no_argument, 0, 'S'}, {"no-prefix", no_argument, 0, 'P'},
        {"quiet", no_argument, 0, 'q'},  {"verbose", no_argument, 0, 'v'},
        {"help", no_argument, 0, 'h'},   {0, 0, 0, 0}};
    cli_common cc = {0};
    bool stream = false, shared = false;
    dd_options o;
    dd_options_default(&o);
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "spqvh", opts, NULL)) != -1) {
        switch (c) {
        case 's': stream = true; break;
        case 'p': shared = true; break;
        case 'B':
        case 'R': {
            char *end;
            long v = strtol(optarg, &end, 10);
            if (*end || v < 1 || v > DD_MINHASH) {
                ak_error("--%s: '%s' is not a number from 1 to %d", c == 'B' ? "bands" : "rows", optarg,
                         DD_MINHASH);
                return AK_EXIT_USAGE;
            }
            if (c == 'B') o.bands = (int)v;
            else o.rows = (int)v;
            break;
        }
        case 'S': o.simhash_keys = false; break;
        case 'P': o.prefix_keys = false; break;
        case 'q': cc.verbosity = -1; break;
        case 'v': cc.verbosity++; break;
        case 'h': help(stdout); return AK_EXIT_OK;
        default: help(stderr); return AK_EXIT_USAGE;
        }
    }
    if (argc - optind > 1) {
        help(stderr);
        return AK_EXIT_USAGE;
    }
    cli_log_setup(&cc);
    const char *path = optind < argc ? argv[optind] : "-";
    FILE *in = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    if (!in) {
        ak_error("%s: %s", path, strerror(errno));
        return AK_EXIT_OUTPUT;
    }
    dd_mem *m = dd_mem_new();
    dd_engine *e = dd_engine_new(&dd_mem_ops, m, &o);
    item *items = NULL;
    size_t nitems = 0, capitems = 0;
    /* Per item, the shared paragraphs found at insertion (for --shared). */
    json_t *shared_lists = shared ? json_array() : NULL;
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    long lineno = 0;
    int bad = 0, rc = AK_EXIT_OK;
    int64_t t0 = ak_mono_ms();
    while ((len = getline(&line, &cap, in)) != -1) {
        lineno++;
        if ((size_t)len > MAX_LINE) {
            ak_warn("%s:%ld: line longer than %u MB, skipped", path, lineno, MAX_LINE >> 20);
            bad++;
            continue;
        }
        const char *p = line;
        while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n') p++;
        if (!*p) continue;
        json_error_t je;
        json_t *j = json_loadb(line, (size_t)len, 0, &je);
        if (!j || !json_is_object(j)) {
            ak_warn("%s:%ld: not a JSON object (%s), skipped", path, lineno, j ? "not an object" : je.text);
            json_decref(j);
            bad++;
            continue;
        }
        json_t *id = json_object_get(j, "id");
        json_t *body = json_object_get(j, "body");
        if (!id || json_is_null(id) || !json_is_string(body)) {
            ak_warn("%s:%ld: needs an \"id\" and a string \"body\", skipped", path, lineno);
            json_decref(j);
            bad++;
            continue;
        }
        int64_t published = AK_TIME_NONE, fetched = (int64_t)lineno;
        json_t *pv = json_object_get(j, "published");
        if (pv && !json_is_null(pv) && !get_time(pv, &published))
            ak_warn("%s:%ld: \"published\" is not a date, ignored", path, lineno);
        json_t *fv = json_object_get(j, "fetched");
        if (fv && !json_is_null(fv) && !get_time(fv, &fetched))
            ak_warn("%s:%ld: \"fetched\" is not a date, ignored", path, lineno);
        const char *site = json_string_value(json_object_get(j, "site"));
        const char *title = json_string_value(json_object_get(j, "title"));
        int64_t aid = dd_mem_add_doc(m, site, title, json_string_value(body), published, fetched);
        if (nitems == capitems) {
            capitems = capitems ? 2 * capitems : 1024;
            items = ak_realloc(items, capitems * sizeof *items);
        }
        items[nitems].id = json_incref(id);
        nitems++;
        dd_article a = {.id = aid, .site = site, .title = title, .body = json_string_value(body),
                        .published = published, .fetched = fetched};
        dd_result r;
        char *err = NULL;
        if (dd_engine_add(e, &a, &r, &err) < 0) {
            ak_error("%s:%ld: %s", path, lineno, err ? err : "dedup failed");
            free(err);
            json_decref(j);
            rc = AK_EXIT_OUTPUT;
            break;
        }
        if (shared) {
            json_t *l = json_array();
            for (size_t i = 0; i < r.nshared; i++) {
                json_t *x = json_object();
                json_object_set_new(x, "paragraph", json_integer(r.shared[i].index));
                json_object_set_new(x, "first", json_integer(r.shared[i].first));
                json_array_append_new(l, x);
            }
            json_array_append_new(shared_lists, l);
        }
        if (stream) {
            int64_t dup = 0;
            const dd_state *s = dd_mem_state(m, aid, &dup);
            json_t *o = line_for(items, aid, s, dup, &r, shared);
            if (cli_print_json(stdout, o, false) != 0 || fflush(stdout) != 0) rc = AK_EXIT_OUTPUT;
            json_decref(o);
        }
        json_decref(j);
        if (rc) break;
    }
    if (rc == AK_EXIT_OK && ferror(in)) {
        ak_error("%s: read error", path);
        rc = AK_EXIT_OUTPUT;
    }
    if (in != stdin) fclose(in);
    free(line);
    if (rc == AK_EXIT_OK && !stream) {
        for (size_t i = 0; i < nitems && rc == AK_EXIT_OK; i++) {
            int64_t dup = 0;
            const dd_state *s = dd_mem_state(m, (int64_t)i + 1, &dup);
            json_t *o = line_for(items, (int64_t)i + 1, s, dup, NULL, false);
            if (shared) {
                json_t *l = json_array();
                json_t *src = json_array_get(shared_lists, i);
                for (size_t k = 0; k < json_array_size(src); k++) {
                    json_t *x = json_array_get(src, k);
                    int64_t first = json_integer_value(json_object_get(x, "first"));
                    json_t *y = json_object();
                    json_object_set(y, "paragraph", json_object_get(x, "paragraph"));
                    json_object_set(y, "first", items[first - 1].id);
                    json_array_append_new(l, y);
                }
                json_object_set_new(o, "shared", l);
            }
            if (cli_print_json(stdout, o, false) != 0) rc = AK_EXIT_OUTPUT;
            json_decref(o);
        }
        if (fflush(stdout) != 0) rc = AK_EXIT_OUTPUT;
        if (rc) ak_error("writing standard output: %s", strerror(errno));
    }
    dd_stats st;
    dd_engine_stats(e, &st);
    ak_info("dedup: %lld articles, %lld joined a cluster, %lld merges, %lld candidates verified, "
            "%lld lookups, %zu keys, %.1f s", (long long)st.articles, (long long)st.accepted,
            (long long)st.merges, (long long)st.candidates, (long long)st.lookups, dd_mem_nkeys(m),
            (double)(ak_mono_ms() - t0) / 1000.0);
    for (size_t i = 0; i < nitems; i++) json_decref(items[i].id);
    free(items);
    json_decref(shared_lists);
    dd_engine_free(e);
    dd_mem_free(m);
    if (rc == AK_EXIT_OK && bad) rc = AK_EXIT_PARTIAL;
    return rc;
}
