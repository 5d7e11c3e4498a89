/* cli.c -- helpers shared by the subcommands (see cli.h). */
#include "main/cli.h"
#include "common/buf.h"
#include "common/log.h"
#include "common/mem.h"
#include "common/timeutil.h"
#include "common/utf8.h"
#include "common/version.h"
#include "crawler/robots.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void cli_log_setup(const cli_common *c)
{
    int level = AK_LOG_NOTICE;
    if (c->verbosity < 0) level = AK_LOG_WARN;
    else if (c->verbosity == 1) level = AK_LOG_INFO;
    else if (c->verbosity >= 2) level = AK_LOG_DEBUG;
    ak_log_init(level);
}

#ifndef AK_SYSCONFDIR
#define AK_SYSCONFDIR "/etc"
#endif

static bool readable(const char *p) { return p && *p && access(p, R_OK) == 0; }

cf_config *cli_load_config(const cli_common *c, bool required)
{
    cf_config *cfg = cf_new();
    char user[4096] = "";
    const char *sys = getenv("AKHBAR_SYSTEM_CONFIG");
    if (!sys) sys = AK_SYSCONFDIR "/akhbar/akhbar.conf";
    const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");
    if (xdg && *xdg) snprintf(user, sizeof user, "%s/akhbar/akhbar.conf", xdg);
    else if (home && *home) snprintf(user, sizeof user, "%s/.config/akhbar/akhbar.conf", home);
    const char *explicit = c->config;
    if (!explicit) explicit = getenv("AKHBAR_CONFIG");
    if (explicit && !*explicit) explicit = NULL;
    const char *layers[3] = {readable(sys) ? sys : NULL, readable(user) ? user : NULL, explicit};
    if (!layers[0] && !layers[1] && !layers[2] && readable("config/akhbar.conf"))
        layers[2] = "config/akhbar.conf";
    size_t read = 0;
    for (int i = 0; i < 3; i++) {
        if (!layers[i]) continue;
        char *err = NULL;
        if (cf_read(cfg, layers[i], &err) != 0) {
            ak_error("%s", err);
            free(err);
            cf_free(cfg);
            return NULL;
        }
        read++;
    }
    if (!read && required) {
        ak_error("no config found (give --config FILE, set AKHBAR_CONFIG, or install %s)", sys);
        cf_free(cfg);
        return NULL;
    }
    return cfg;
}

const char *cli_db_path(const cli_common *c, const cf_config *cfg)
{
    return c->db ? c->db : cfg->db;
}

char *cli_read_file(const char *path, size_t max, size_t *len, bool *too_big)
{
    if (!max) max = 64u << 20;
    *too_big = false;
    FILE *fp = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    if (!fp) {
        ak_error("%s: %s", path, strerror(errno));
        return NULL;
    }
    ak_buf b = {0};
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0) {
        if (b.len + n > max) {
            *too_big = true;
            break;
        }
        ak_buf_append(&b, chunk, n);
    }
    bool bad = ferror(fp);
    if (fp != stdin) fclose(fp);
    if (bad) {
        ak_error("%s: read error", path);
        ak_buf_free(&b);
        return NULL;
    }
    *len = b.len;
    return ak_buf_steal(&b);
}

json_t *cli_jstr(const char *s)
{
    if (!s) return json_null();
    size_t n = strlen(s);
    if (ak_utf8_valid(s, n)) return json_stringn(s, n);
    ak_buf b = {0};
    ak_utf8_sanitize(&b, s, n);
    json_t *j = json_stringn(ak_buf_str(&b), b.len);
    ak_buf_free(&b);
    return j;
}

json_t *cli_jtime(int64_t t)
{
    if (t == AK_TIME_NONE) return json_null();
    char iso[AK_ISO_MAX];
    ak_time_iso(t, iso);
    return json_string(iso);
}

json_t *cli_jtime_off(int64_t t, int off_min)
{
    if (t == AK_TIME_NONE) return json_null();
    char iso[AK_ISO_MAX];
    ak_time_iso_offset(t, off_min, iso);
    return json_string(iso);
}

int cli_print_json(FILE *fp, json_t *j, bool pretty)
{
    size_t flags = JSON_PRESERVE_ORDER | (pretty ? JSON_INDENT(2) : JSON_COMPACT);
    if (json_dumpf(j, fp, flags) != 0) return -1;
    if (fputc('\n', fp) == EOF) return -1;
    return 0;
}

cr_fetcher *cli_fetcher(const cf_config *cfg, const cr_hooks *hooks, char **err)
{
    ak_buf ua = {0};
    if (cfg->user_agent) ak_buf_puts(&ua, cfg->user_agent);
    else ak_buf_printf(&ua, "akhbar/%s (+%s)", AKHBAR_VERSION, cfg->contact ? cfg->contact : AKHBAR_URL);
    char *token = rb_agent_token(ua.data);
    cr_options o = {
        .user_agent = ua.data,
        .from = cfg->from,
        .max_transfers = cfg->max_transfers,
        .max_per_host = cfg->max_per_host,
        .delay_ms = cfg->delay_ms,
        .connect_timeout_ms = cfg->connect_timeout_ms,
        .timeout_ms = cfg->timeout_ms,
        .low_speed_bps = cfg->low_speed_bps,
        .low_speed_ms = cfg->low_speed_ms,
        .max_redirects = cfg->max_redirects,
        .max_bytes = {[CR_FEED] = cfg->max_feed_bytes, [CR_PAGE] = cfg->max_page_bytes,
                      [CR_ROBOTS] = cfg->max_robots_bytes},
        .robots_agent = token && *token ? token : "akhbar",
        .max_retry_wait_ms = cfg->max_retry_wait_ms,
        .hooks = hooks,
        .allow_private = cfg->allow_private,
    };
    cr_fetcher *f = cr_new(&o, err);
    ak_buf_free(&ua);
    free(token);
    for (size_t i = 0; f && i < cfg->nsites; i++) {
        const cf_site *site = &cfg->sites[i];
        cr_set_host(f, site->host, site->delay_ms, site->max_per_host);
        if (site->insecure_tls) {
            cr_set_host_insecure(f, site->host);
            ak_warn("TLS certificate verification is OFF for %s (insecure_tls = yes in [site %s], "
                    "%s:%d): its answers could come from anyone", site->host, site->host,
                    site->file ? site->file : "?", site->line);
        }
    }
    return f;
}
