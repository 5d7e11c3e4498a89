/* cli.h -- what the subcommands share: exit codes, config and store
 * resolution, reading input files, JSON output.
 *
 * Why this exists: main wires the modules together (crawler -> parser ->
 * dedup -> store); the subcommands are that wiring, and they must agree on
 * exit codes and on where the config and the store are.
 */
#ifndef AK_CLI_H
#define AK_CLI_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "config/config.h"
#include "crawler/fetch.h"

/* Exit codes, documented in the README, --help and akhbar(1). */
enum {
    AK_EXIT_OK = 0,       /* everything worked */
    AK_EXIT_PARTIAL = 1,  /* done, but some feeds failed */
    AK_EXIT_USAGE = 2,    /* bad command line or config */
    AK_EXIT_STORE = 3,    /* the store could not be opened, read or written */
    AK_EXIT_OUTPUT = 4,   /* output or input file could not be written/read */
    AK_EXIT_LOCKED = 5    /* another crawl holds the store (waited lock_wait) */
};

/* Common options every subcommand accepts. */
typedef struct cli_common {
    const char *config;   /* --config FILE, or NULL */
    const char *db;       /* --db FILE, or NULL */
    int verbosity;        /* -q = -1, default 0, -v = 1, -vv = 2 */
} cli_common;

/* Applies verbosity to the logger. */
void cli_log_setup(const cli_common *c);

/* Loads the config in layers, later ones overriding earlier ones: the
 * system file ($AKHBAR_SYSTEM_CONFIG, else SYSCONFDIR/akhbar/akhbar.conf),
 * the user file ($XDG_CONFIG_HOME/akhbar/akhbar.conf, else
 * ~/.config/akhbar/akhbar.conf), then --config FILE (or $AKHBAR_CONFIG),
 * each when it exists (--config must exist).  With none of them,
 * config/akhbar.conf of the source tree is used when present.
 * required = false returns the defaults when no file exists.  NULL on
 * error (message printed). */
cf_config *cli_load_config(const cli_common *c, bool required);

/* Store location: --db, else the config's db. */
const char *cli_db_path(const cli_common *c, const cf_config *cfg);

/* Reads a whole file ("-" = stdin), at most max bytes (0 = 64 MiB).
 * Returns a NUL-terminated buffer (caller frees) or NULL with a message
 * printed.  *too_big is set when the input exceeded max. */
char *cli_read_file(const char *path, size_t max, size_t *len, bool *too_big);

/* A fetcher configured as the config says: identity (User-Agent, From),
 * pacing, limits, robots.txt for the User-Agent's product token, the SSRF
 * allowlist, then the [site HOST] overrides (delay, concurrency, the TLS
 * opt-out, logged loudly).  hooks may be NULL.  NULL with *err on failure. */
cr_fetcher *cli_fetcher(const cf_config *cfg, const cr_hooks *hooks, char **err);

/* JSON helpers: a string or null (invalid UTF-8 is repaired first). */
json_t *cli_jstr(const char *s);
/* An ISO 8601 UTC string, or null for AK_TIME_NONE. */
json_t *cli_jtime(int64_t t);
/* An ISO 8601 string with the given offset, or null. */
json_t *cli_jtime_off(int64_t t, int off_min);

/* Writes j as one line of compact JSON (or indented when pretty) to fp.
 * Returns 0 or -1 on a write error. */
int cli_print_json(FILE *fp, json_t *j, bool pretty);

/* The subcommands. */
int cmd_crawl(int argc, char **argv);
int cmd_export(int argc, char **argv);
int cmd_extract(int argc, char **argv);
int cmd_feed(int argc, char **argv);
int cmd_config(int argc, char **argv);
int cmd_search(int argc, char **argv);
int cmd_stats(int argc, char **argv);
int cmd_robots(int argc, char **argv);
int cmd_feeds(int argc, char **argv);
int cmd_discover(int argc, char **argv);
int cmd_dedup(int argc, char **argv);
int cmd_dups(int argc, char **argv);

#endif
