/* cmd_extract.c -- `akhbar extract`: the extractor's public face. */
#include "common/log.h"
#include "common/mem.h"
#include "common/timeutil.h"
#include "main/cli.h"
#include "parser/extract.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void help(FILE *fp)
{
    fprintf(fp,
            "usage: akhbar extract [--url URL] [--content-type TYPE] [--pretty]\n"
            "                      [--body-xpath X] [--title-xpath X] [--date-xpath X]\n"
            "                      [--author-xpath X] FILE|-\n"
            "\n"
            "Extracts the article from one saved HTML page (FILE, or - for stdin) and\n"
            "prints one JSON object: title, body (paragraphs joined by a blank line),\n"
            "published (ISO 8601 with offset, or a bare YYYY-MM-DD when the page gives a\n"
            "day without a time), modified (ISO 8601 with offset), author, lang,\n"
            "canonical_url, site_name, description, image, status (ok, no-article,\n"
            "not-html, too-large).  A page without an article is not an error (exit 0).\n"
            "\n"
            "  --url URL            address the page was fetched from (for relative links)\n"
            "  --content-type TYPE  its HTTP Content-Type header (for the charset)\n"
            "  --pretty             indent the JSON\n"
            "  --body-xpath X       XPath 1.0 of the article text's elements (overrides the\n"
            "                       generic extractor when it matches; the config's\n"
            "                       [site HOST] body_xpath does the same in a crawl)\n"
            "  --title-xpath X, --date-xpath X, --author-xpath X\n"
            "                       the same for the headline, published date and byline\n"
            "  -h, --help           this text\n");
}

/* "YYYY-MM-DD" of t in its page's offset: a date printed without a time. */
static json_t *json_day(int64_t t, int off_min)
{
    char iso[AK_ISO_MAX];
    ak_time_iso_offset(t, off_min, iso);
    iso[10] = '\0';
    return json_string(iso);
}

int cmd_extract(int argc, char **argv)
{
    static const struct option opts[] = {
        {"url", required_argument, 0, 'u'}, {"content-type", required_argument, 0, 't'},
        {"pretty", no_argument, 0, 'p'},    {"help", no_argument, 0, 'h'},
        {"body-xpath", required_argument, 0, 'B'}, {"title-xpath", required_argument, 0, 'T'},
        {"date-xpath", required_argument, 0, 'D'}, {"author-xpath", required_argument, 0, 'A'},
        {0, 0, 0, 0}};
    px_options popt = {0};
    const char *url = NULL, *ctype = NULL;
    bool pretty = false;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "u:t:ph", opts, NULL)) != -1) {
        switch (c) {
        case 'u': url = optarg; break;
        case 't': ctype = optarg; break;
        case 'p': pretty = true; break;
        case 'B': popt.body_xpath = optarg; break;
        case 'T': popt.title_xpath = optarg; break;
        case 'D': popt.date_xpath = optarg; break;
        case 'A': popt.author_xpath = optarg; break;
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
    const char *rules[] = {popt.body_xpath, popt.title_xpath, popt.date_xpath, popt.author_xpath};
    for (int i = 0; i < 4; i++) {
        if (rules[i] && !px_xpath_valid(rules[i])) {
            fprintf(stderr, "akhbar extract: invalid XPath expression '%s'\n", rules[i]);
            free(data);
            return AK_EXIT_USAGE;
        }
    }
    px_extract_opts(data, too_big ? max + 1 : len, url, ctype, max, &popt, &a);
    free(data);
    json_t *o = json_object();
    json_object_set_new(o, "title", cli_jstr(a.title));
    json_object_set_new(o, "body", cli_jstr(a.body));
    json_object_set_new(o, "published", a.published_has_time || a.published == AK_TIME_NONE
                                            ? cli_jtime_off(a.published, a.published_off)
                                            : json_day(a.published, a.published_off));
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
