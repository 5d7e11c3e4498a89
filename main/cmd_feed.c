/* cmd_feed.c -- `akhbar feed`: the feed parser's public face. */
#include "common/log.h"
#include "common/mem.h"
#include "common/timeutil.h"
#include "main/cli.h"
#include "parser/feed.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void help(FILE *fp)
{
    fprintf(fp,
            "usage: akhbar feed [--url URL] [--content-type TYPE] [--pretty] FILE|-\n"
            "\n"
            "Parses one saved RSS, Atom or sitemap document and prints it as one JSON\n"
            "object: {\"format\", \"feed\": {title, link, language, updated},\n"
            "\"entries\": [{id, title, link, published, updated, author, summary,\n"
            "content, categories, enclosures}]}.  Dates are ISO 8601 UTC or null.\n"
            "\n"
            "  --url URL            address it was fetched from (base for relative links)\n"
            "  --content-type TYPE  its HTTP Content-Type header (for the charset)\n"
            "  --pretty             indent the JSON\n"
            "  -h, --help           this text\n"
            "\n"
            "Exit status 1 when the document is not a feed (an HTML page, say).\n");
}

static int on_entry(const pf_entry *e, void *ud)
{
    json_t *arr = ud;
    json_t *o = json_object();
    json_object_set_new(o, "id", cli_jstr(e->id));
    json_object_set_new(o, "title", cli_jstr(e->title));
    json_object_set_new(o, "link", cli_jstr(e->link));
    json_object_set_new(o, "published", cli_jtime(e->published));
    json_object_set_new(o, "updated", cli_jtime(e->updated));
    json_object_set_new(o, "author", cli_jstr(e->author));
    json_object_set_new(o, "summary", cli_jstr(e->summary));
    json_object_set_new(o, "content", cli_jstr(e->content));
    json_t *cats = json_array();
    for (size_t i = 0; i < e->ncategories; i++) json_array_append_new(cats, cli_jstr(e->categories[i]));
    json_object_set_new(o, "categories", cats);
    json_t *encl = json_array();
    for (size_t i = 0; i < e->nenclosures; i++) {
        json_t *x = json_object();
        json_object_set_new(x, "url", cli_jstr(e->enclosures[i].url));
        json_object_set_new(x, "type", cli_jstr(e->enclosures[i].type));
        json_object_set_new(x, "length", e->enclosures[i].length >= 0
                                              ? json_integer(e->enclosures[i].length)
                                              : json_null());
        json_array_append_new(encl, x);
    }
    json_object_set_new(o, "enclosures", encl);
    json_array_append_new(arr, o);
    return 0;
}

int cmd_feed(int argc, char **argv)
{
    static const struct option opts[] = {
        {"url", required_argument, 0, 'u'}, {"content-type", required_argument, 0, 't'},
        {"pretty", no_argument, 0, 'p'},    {"help", no_argument, 0, 'h'},
        {0, 0, 0, 0}};
    const char *url = NULL, *ctype = NULL;
    bool pretty = false;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "u:t:ph", opts, NULL)) != -1) {
        switch (c) {
        case 'u': url = optarg; break;
        case 't': ctype = optarg; break;
        case 'p': pretty = true; break;
        case 'h': help(stdout); return AK_EXIT_OK;
        default: help(stderr); return AK_EXIT_USAGE;
        }
    }
    if (optind != argc - 1) {
        help(stderr);
        return AK_EXIT_USAGE;
    }
    size_t len = 0;
    bool too_big = false;
    char *data = cli_read_file(argv[optind], 64u << 20, &len, &too_big);
    if (!data) return AK_EXIT_OUTPUT;
    if (too_big) {
        ak_error("%s: larger than 64 MiB", argv[optind]);
        free(data);
        return AK_EXIT_OUTPUT;
    }
    json_t *entries = json_array();
    pf_info info;
    char *err = NULL;
    int rc = pf_parse(data, len, url, ctype, on_entry, entries, &info, &err);
    free(data);
    int exit_code = AK_EXIT_OK;
    if (rc == PF_ENOTFEED || rc == PF_EBROKEN) {
        ak_error("%s: %s", argv[optind], err ? err : "not a feed");
        exit_code = AK_EXIT_PARTIAL;
    }
    free(err);
    json_t *o = json_object();
    json_object_set_new(o, "format", cli_jstr(info.format));
    json_t *f = json_object();
    json_object_set_new(f, "title", cli_jstr(info.title));
    json_object_set_new(f, "link", cli_jstr(info.link));
    json_object_set_new(f, "language", cli_jstr(info.language));
    json_object_set_new(f, "updated", cli_jtime(info.updated));
    json_object_set_new(o, "feed", f);
    json_object_set_new(o, "entries", entries);
    if (cli_print_json(stdout, o, pretty) || fflush(stdout)) exit_code = AK_EXIT_OUTPUT;
    json_decref(o);
    pf_info_free(&info);
    return exit_code;
}
