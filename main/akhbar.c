/* akhbar.c -- the command-line entry point: dispatches to subcommands.
 *
 * Why this exists: one binary serves the systemd timer (akhbar crawl) and
 * the analyst at a terminal (export, extract, feed ...).  Each subcommand
 * lives in its own cmd_*.c and wires the modules it needs.
 */
#include "common/log.h"
#include "common/version.h"
#include "dedup/norm.h"
#include "main/cli.h"
#include "store/store.h"

#include <curl/curl.h>
#include <libxml/parser.h>
#include <libxml/xmlversion.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

typedef struct command {
    const char *name;          /* subcommand word */
    int (*run)(int, char **);  /* entry point: argv[0] is the subcommand */
    const char *summary;       /* one line for `akhbar --help` */
} command;

static const command commands[] = {
    {"crawl", cmd_crawl, "fetch the configured feeds and store new articles"},
    {"export", cmd_export, "write stored articles as JSON lines"},
    {"extract", cmd_extract, "extract the article from one saved HTML page"},
    {"feed", cmd_feed, "parse one saved feed or sitemap and print it as JSON"},
    {"search", cmd_search, "full-text search of stored articles (Arabic and French)"},
    {"stats", cmd_stats, "articles per site and per day, duplicate rates, feed health"},
    {"config", cmd_config, "check the configuration and print the effective settings"},
    {"robots", cmd_robots, "check a URL against a saved robots.txt (RFC 9309)"},
    {"feeds", cmd_feeds, "show each configured feed's crawl state; reset retired feeds"},
    {"discover", cmd_discover, "find the feeds and sitemaps of a site"},
    {"dedup", cmd_dedup, "cluster a JSON lines corpus into stories (no crawl, no store)"},
    {"dups", cmd_dups, "list stories stored more than once, or show one with its copies"},
};

static void usage(FILE *fp)
{
    fprintf(fp,
            "usage: akhbar COMMAND [OPTIONS]\n"
            "\n"
            "A crawler and deduplicator for Moroccan news (Arabic and French).\n"
            "\n"
            "commands:\n");
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(fp, "  %-9s %s\n", commands[i].name, commands[i].summary);
    fprintf(fp,
            "\n"
            "`akhbar COMMAND --help` describes a command's options.\n"
            "\n"
            "exit codes:\n"
            "  0  success\n"
            "  1  partial failure (some feeds failed; the rest was stored)\n"
            "  2  usage or config error\n"
            "  3  store error (cannot open, locked, disk full, I/O error)\n"
            "  4  input or output file error\n"
            "  5  another crawl holds the store (waited lock_wait)\n");
}

int main(int argc, char **argv)
{
    ak_log_init(AK_LOG_NOTICE);
    /* The search index folds spelling variants exactly as dedup does. */
    st_set_text_normalizer(dd_normalize);
    if (argc < 2) {
        usage(stderr);
        return AK_EXIT_USAGE;
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0) {
        if (strcmp(cmd, "help") == 0 && argc > 2) {
            char *hargv[] = {argv[2], "--help", NULL};
            for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
                if (strcmp(commands[i].name, argv[2]) == 0) return commands[i].run(2, hargv);
        }
        usage(stdout);
        return AK_EXIT_OK;
    }
    if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "-V") == 0) {
        printf("akhbar %s (libcurl %s, libxml2 %s, SQLite %s)\n", AKHBAR_VERSION,
               curl_version_info(CURLVERSION_NOW)->version, LIBXML_DOTTED_VERSION, sqlite3_libversion());
        return AK_EXIT_OK;
    }
    xmlInitParser();
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (strcmp(commands[i].name, cmd) == 0) {
            int rc = commands[i].run(argc - 1, argv + 1);
            xmlCleanupParser();
            return rc;
        }
    fprintf(stderr, "akhbar: unknown command '%s'\n\n", cmd);
    usage(stderr);
    return AK_EXIT_USAGE;
}
