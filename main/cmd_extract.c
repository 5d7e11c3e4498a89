/* cmd_extract.c -- `akhbar extract`: the extractor's public face. */
#include "common/log.h"
#include "common/mem.h"
#include "main/cli.h"
#include "parser/extract.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void help(FILE *fp)
{
    fprintf(fp,
            "usage: akhbar extract [--url URL] [--content-type TYPE] [--pretty] FILE|-\n"
            "\n"
            "Extracts the article from one saved HTML page (FILE, or - for stdin) and\n"
            "prints one JSON object: title, body (paragraphs joined by a blank line),\n"
            "published, modified (ISO 8601 with offset), author, lang, canonical_url,\n"
            "site_name, description, image, status (ok, no-article, not-html,\n"
            "too-large).  A page without an article is not an error (exit 0).\n"
            "\n"
            "  --url URL            address the page was fetched from (for relative links)\n"
            "  --content-type TYPE  its HTTP Content-Type header (for the charset)\n"
            "  --pretty             indent the JSON\n"
            "  -h, --help           this text\n");
}

int cmd_extract(int argc, char **argv)
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
    const size_t max = 32u << 20;
    size_t len = 0;
    bool too_big = false;
    char *data = cli_read_file(argv[optind], max, &len, &too_big);
    if (!data) return AK_EXIT_OUTPUT;
    px_article a;
    px_extract(data, too_big ? max + 1 : len, url, ctype, max, &a);
    free(data);
    json_t *o = json_object();
    json_object_set_new(o, "title", cli_jstr(a.title));
    json_object_set_new(o, "body", cli_jstr(a.body));
    json_object_set_new(o, "published", cli_jtime_off(a.published, a.published_off));
    json_object_set_new(o, "modified", cli_jtime_off(a.modified, a.modified_off));
    json_object_set_new(o, "author", cli_jstr(a.author));
    json_object_set_new(o, "lang", cli_jstr(a.lang));
    json_object_set_new(o, "canonical_url", cli_jstr(a.canonical_url));
    json_object_set_new(o, "site_name", cli_jstr(a.site_name));
    json_object_set_new(o, "description", cli_jstr(a.description));
    json_object_set_new(o, "image", cli_jstr(a.image));
    json_object_set_new(o, "status", json_string(a.status));
    int rc = cli_print_json(stdout, o, pretty) || fflush(stdout) ? AK_EXIT_OUTPUT : AK_EXIT_OK;
    json_decref(o);
    px_free(&a);
    return rc;
}
