/* cmd_config.c -- `akhbar config check`: validate and show the settings. */
#include "common/log.h"
#include "main/cli.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void help(FILE *fp)
{
    fprintf(fp,
            "usage: akhbar config check [--config FILE]\n"
            "\n"
            "Reads the config layers (system file, user file, --config; later ones\n"
            "override earlier ones, and a file with feeds replaces the feed list),\n"
            "validates them, and prints the effective settings as an INI file, each\n"
            "feed with the file and line it came from.  Exit 0 when valid, 2 when not\n"
            "(the message names the file and line).\n"
            "\n"
            "  --config FILE   a config file read last\n"
            "  -h, --help      this text\n");
}

int cmd_config(int argc, char **argv)
{
    static const struct option opts[] = {
        {"config", required_argument, 0, 'c'}, {"help", no_argument, 0, 'h'}, {0, 0, 0, 0}};
    cli_common cc = {0};
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "c:h", opts, NULL)) != -1) {
        switch (c) {
        case 'c': cc.config = optarg; break;
        case 'h': help(stdout); return AK_EXIT_OK;
        default: help(stderr); return AK_EXIT_USAGE;
        }
    }
    if (optind != argc - 1 || strcmp(argv[optind], "check") != 0) {
        help(stderr);
        return AK_EXIT_USAGE;
    }
    cli_log_setup(&cc);
    cf_config *cfg = cli_load_config(&cc, true);
    if (!cfg) return AK_EXIT_USAGE;
    char *err = NULL;
    int rc = cf_validate(cfg, &err);
    cf_dump(cfg, stdout);
    if (rc) {
        ak_error("%s", err);
        free(err);
    }
    cf_free(cfg);
    return rc ? AK_EXIT_USAGE : AK_EXIT_OK;
}
