/* cmd_robots.c -- `akhbar robots`: is this URL allowed by this robots.txt?
 *
 * The crawler's own matcher (crawler/robots.h) on a saved file, for tests
 * and for operators checking a site before adding it.
 */
#include "common/log.h"
#include "common/mem.h"
#include "crawler/robots.h"
#include "main/cli.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void help(FILE *fp)
{
    fprintf(fp,
            "usage: akhbar robots [--agent NAME] [-v] [--sitemaps] ROBOTS_FILE|- URL\n"
            "\n"
            "Prints 'allowed' or 'disallowed': whether robots.txt ROBOTS_FILE lets the\n"
            "crawler NAME fetch URL, by RFC 9309 (the crawler's own matcher).  The exit\n"
            "status is 0 either way.  The first %d KiB of the file are read.  URL is\n"
            "compared as given: write non-ASCII path characters percent-encoded, as\n"
            "they are sent (the crawler always sends them so).\n"
            "\n"
            "  --agent NAME    product token to match user-agent lines against\n"
            "                  (default: akhbar)\n"
            "  -v, --verbose   add a second line naming the deciding rule\n"
            "  --sitemaps      then print the file's Sitemap URLs, one a line\n"
            "  -h, --help      this text\n"
            "\n"
            "exit: 0 answered, 2 usage error, 4 the file cannot be read\n",
            RB_MAX_BYTES / 1024);
}

int cmd_robots(int argc, char **argv)
{
    static const struct option opts[] = {{"agent", required_argument, 0, 'a'},
                                         {"verbose", no_argument, 0, 'v'},
                                         {"sitemaps", no_argument, 0, 's'},
                                         {"help", no_argument, 0, 'h'},
                                         {0, 0, 0, 0}};
    const char *agent = "akhbar";
    bool verbose = false, sitemaps = false;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "a:vh", opts, NULL)) != -1) {
        switch (c) {
        case 'a': agent = optarg; break;
        case 'v': verbose = true; break;
        case 's': sitemaps = true; break;
        case 'h': help(stdout); return AK_EXIT_OK;
        default: help(stderr); return AK_EXIT_USAGE;
        }
    }
    if (argc - optind != 2) {
        help(stderr);
        return AK_EXIT_USAGE;
    }
    size_t len = 0;
    bool too_big = false;
    /* Read a chunk more than the limit so that "larger" is known exactly. */
    char *body = cli_read_file(argv[optind], RB_MAX_BYTES + 65536, &len, &too_big);
    if (!body) return AK_EXIT_OUTPUT;
    if (len > RB_MAX_BYTES) ak_notice("%s: larger than %d KiB; the rest is ignored", argv[optind], RB_MAX_BYTES / 1024);
    rb_rules *r = rb_parse(body, len, agent, RB_MAX_BYTES);
    rb_verdict v;
    bool ok = rb_check(r, argv[optind + 1], &v);
    printf("%s\n", ok ? "allowed" : "disallowed");
    if (verbose) {
        if (v.line) printf("  line %d: %s: %s\n", v.line, v.rule_allow ? "allow" : "disallow", v.pattern);
        else printf("  %s (%zu rules apply to %s)\n", v.why, rb_nrules(r), agent);
    }
    if (sitemaps)
        for (size_t i = 0; i < rb_nsitemaps(r); i++) printf("%s\n", rb_sitemap(r, i));
    rb_free(r);
    free(body);
    return fflush(stdout) == 0 ? AK_EXIT_OK : AK_EXIT_OUTPUT;
}
