/* config.c -- INI settings through inih (see config.h). */
#include "config/config.h"
#include "common/buf.h"
#include "common/mem.h"
#include "common/netaddr.h"
#include "common/version.h"

#include <ctype.h>
#include <errno.h>
#include <ini.h>
#include <libxml/xpath.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

cf_config *cf_new(void)
{
    cf_config *c = ak_calloc(1, sizeof *c);
    c->db = ak_strdup("akhbar.db");
    c->contact = ak_strdup(AKHBAR_URL);
    c->max_transfers = 32;
    c->max_per_host = 2;
    c->delay_ms = 1000;
    c->connect_timeout_ms = 10000;
    c->timeout_ms = 60000;
    c->low_speed_bps = 100;
    c->low_speed_ms = 20000;
    c->max_feed_bytes = 16LL << 20;
    c->max_page_bytes = 8LL << 20;
    c->max_redirects = 5;
    c->retry_failed = 3;
    c->max_articles = 5000;
    c->max_run_bytes = 1LL << 30;
    c->max_run_time_ms = 12 * 60 * 1000;
    c->busy_timeout_ms = 10000;
    c->lock_wait_ms = 60000;
    c->max_robots_bytes = 512 * 1024;
    c->max_retry_wait_ms = 30000;
    c->retire_after = 3;
    c->backoff_base_ms = 10 * 60000;
    c->backoff_max_ms = 24 * 3600000;
    c->max_cache_wait_ms = 3600000;
    c->lease_ms = 10 * 60000;
    c->feed_interval_ms = 10 * 60000;
    return c;
}

void cf_free(cf_config *c)
{
    if (!c) return;
    for (size_t i = 0; i < c->nfeeds; i++) {
        free(c->feeds[i].name);
        free(c->feeds[i].url);
        free(c->feeds[i].site);
        free(c->feeds[i].lang);
        free(c->feeds[i].file);
    }
    for (size_t i = 0; i < c->nsites; i++) {
        free(c->sites[i].host);
        free(c->sites[i].file);
        free(c->sites[i].body_xpath);
        free(c->sites[i].title_xpath);
        free(c->sites[i].date_xpath);
        free(c->sites[i].author_xpath);
    }
    free(c->feeds);
    free(c->sites);
    for (size_t i = 0; i < c->nfiles; i++) free(c->files[i]);
    free(c->files);
    free(c->db);
    free(c->user_agent);
    free(c->contact);
    free(c->from);
    free(c->allow_private);
    free(c);
}

long long cf_parse_ms(const char *s)
{
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (end == s || errno || v < 0) return -1;
    while (isspace((unsigned char)*end)) end++;
    double mult = 1;
    if (!*end || strcmp(end, "ms") == 0) mult = 1;
    else if (strcmp(end, "s") == 0) mult = 1000;
    else if (strcmp(end, "m") == 0 || strcmp(end, "min") == 0) mult = 60000;
    else if (strcmp(end, "h") == 0) mult = 3600000;
    else return -1;
    v *= mult;
    return v > (double)INT_MAX ? -1 : (long long)v;
}

long long cf_parse_size(const char *s)
{
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (end == s || errno || v < 0) return -1;
    while (isspace((unsigned char)*end)) end++;
    double mult = 1;
    switch (toupper((unsigned char)*end)) {
    case '\0': break;
    case 'K': mult = 1024.0; break;
    case 'M': mult = 1024.0 * 1024; break;
    case 'G': mult = 1024.0 * 1024 * 1024; break;
    default: return -1;
    }
    if (*end && end[1] && !(toupper((unsigned char)end[1]) == 'B' && !end[2]) &&
        !(end[1] == 'i' && (end[2] == 'B' || !end[2])))
        return -1;
    v *= mult;
    return v >= 9.2e18 ? -1 : (long long)v; /* beyond long long: refused */
}

/* Parse state shared with the inih callbacks. */
typedef struct parse_ctx {
    cf_config *cfg;  /* config being filled */
    const char *path;/* file being read */
    FILE *fp;        /* its stream */
    int line;        /* lines read so far (the reader counts them) */
    int sect_line;   /* line of the last section header seen */
    char *err;       /* first error message, "FILE:LINE: ..." */
    char cur[256];   /* current section name (to detect a new section) */
    cf_feed *feed;   /* feed section being filled, or NULL */
    cf_site *site;   /* site section being filled, or NULL */
} parse_ctx;

static void fail(parse_ctx *p, int line, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void fail(parse_ctx *p, int line, const char *fmt, ...)
{
    if (p->err) return;
    ak_buf b = {0};
    ak_buf_printf(&b, "%s:%d: ", p->path, line);
    va_list ap;
    va_start(ap, fmt);
    ak_buf_vprintf(&b, fmt, ap);
    va_end(ap);
    p->err = ak_buf_steal(&b);
}

/* inih reader: fgets that counts lines, notes section headers and refuses
 * lines too long for inih's fixed buffer instead of splitting them. */
static char *reader(char *str, int num, void *stream)
{
    parse_ctx *p = stream;
    if (!fgets(str, num, p->fp)) return NULL;
    size_t n = strlen(str);
    if (n == (size_t)num - 1 && str[n - 1] != '\n' && !feof(p->fp)) {
        fail(p, p->line + 1, "line longer than %d characters", num - 2);
        int c;
        while ((c = fgetc(p->fp)) != EOF && c != '\n') {}
        str[0] = '\0';
    }
    p->line++;
    const char *s = str;
    while (isspace((unsigned char)*s)) s++;
    if (*s == '[') p->sect_line = p->line;
    return str;
}

static bool set_int(parse_ctx *p, int *dst, const char *v, long long lo, long long hi)
{
    char *end;
    errno = 0;
    long long x = strtoll(v, &end, 10);
    while (isspace((unsigned char)*end)) end++;
    if (end == v || *end || errno || x < lo || x > hi) {
        fail(p, p->line, "expected a whole number from %lld to %lld, got '%s'", lo, hi, v);
        return false;
    }
    *dst = (int)x;
    return true;
}

static bool set_ms(parse_ctx *p, int *dst, const char *v)
{
    long long ms = cf_parse_ms(v);
    if (ms < 0) {
        fail(p, p->line, "expected a duration such as 500ms, 2s or 1m, got '%s'", v);
        return false;
    }
    *dst = (int)ms;
    return true;
}

static bool set_size(parse_ctx *p, long long *dst, const char *v)
{
    long long n = cf_parse_size(v);
    if (n <= 0) {
        fail(p, p->line, "expected a size such as 65536, 512k or 16M, got '%s'", v);
        return false;
    }
    *dst = n;
    return true;
}

static bool set_bool(parse_ctx *p, bool *dst, const char *v)
{
    if (!strcasecmp(v, "yes") || !strcasecmp(v, "true") || !strcasecmp(v, "on") || !strcmp(v, "1"))
        *dst = true;
    else if (!strcasecmp(v, "no") || !strcasecmp(v, "false") || !strcasecmp(v, "off") || !strcmp(v, "0"))
        *dst = false;
    else {
        fail(p, p->line, "expected yes or no, got '%s'", v);
        return false;
    }
    return true;
}

static bool set_sync(parse_ctx *p, bool *full, const char *v)
{
    if (!strcasecmp(v, "normal")) *full = false;
    else if (!strcasecmp(v, "full")) *full = true;
    else {
        fail(p, p->line, "expected normal or full, got '%s'", v);
        return false;
    }
    return true;
}

/* A size where 0 means "no cap". */
static bool set_size0(parse_ctx *p, long long *dst, const char *v)
{
    long long n = cf_parse_size(v);
    if (n < 0) {
        fail(p, p->line, "expected a size such as 0, 512k or 16M, got '%s'", v);
        return false;
    }
    *dst = n;
    return true;
}

static void set_str(char **dst, const char *v)
{
    free(*dst);
    *dst = ak_strdup(v);
}

static int crawl_key(parse_ctx *p, const char *k, const char *v)
{
    cf_config *c = p->cfg;
    if (strcmp(k, "db") == 0) set_str(&c->db, v);
    else if (strcmp(k, "store") == 0) set_str(&c->db, v);
    else if (strcmp(k, "user_agent") == 0) set_str(&c->user_agent, v);
    else if (strcmp(k, "contact") == 0) set_str(&c->contact, v);
    else if (strcmp(k, "from") == 0) set_str(&c->from, v);
    else if (strcmp(k, "allow_private") == 0) {
        ak_cidr_list l = {0};
        const char *bad = NULL;
        size_t badlen = 0;
        int rc = ak_cidr_list_parse(&l, v, &bad, &badlen);
        ak_cidr_list_free(&l);
        if (rc != 0) {
            fail(p, p->line, "allow_private: '%.*s' is not an address or network (such as 127.0.0.1, "
                             "10.0.0.0/8 or ::1)", (int)badlen, bad);
            return 0;
        }
        set_str(&c->allow_private, v);
    }
    else if (strcmp(k, "max_transfers") == 0) return set_int(p, &c->max_transfers, v, 1, 1024);
    else if (strcmp(k, "max_per_host") == 0) return set_int(p, &c->max_per_host, v, 1, 64);
    else if (strcmp(k, "delay") == 0) return set_ms(p, &c->delay_ms, v);
    else if (strcmp(k, "connect_timeout") == 0) return set_ms(p, &c->connect_timeout_ms, v);
    else if (strcmp(k, "timeout") == 0) return set_ms(p, &c->timeout_ms, v);
    else if (strcmp(k, "low_speed_limit") == 0) return set_int(p, &c->low_speed_bps, v, 0, 1 << 30);
    else if (strcmp(k, "low_speed_time") == 0) return set_ms(p, &c->low_speed_ms, v);
    else if (strcmp(k, "max_feed_size") == 0) return set_size(p, &c->max_feed_bytes, v);
    else if (strcmp(k, "max_page_size") == 0) return set_size(p, &c->max_page_bytes, v);
    else if (strcmp(k, "max_redirects") == 0) return set_int(p, &c->max_redirects, v, 0, 20);
    else if (strcmp(k, "max_articles") == 0) return set_int(p, &c->max_articles, v, 0, INT_MAX);
    else if (strcmp(k, "threads") == 0) return set_int(p, &c->threads, v, 0, 256);
    else if (strcmp(k, "sync") == 0) return set_sync(p, &c->sync_full, v);
    else if (strcmp(k, "max_run_bytes") == 0) return set_size0(p, &c->max_run_bytes, v);
    else if (strcmp(k, "max_run_time") == 0) return set_ms(p, &c->max_run_time_ms, v);
    else if (strcmp(k, "max_store_size") == 0) return set_size0(p, &c->max_store_size, v);
    else if (strcmp(k, "max_per_feed") == 0) return set_int(p, &c->max_per_feed, v, 0, INT_MAX);
    else if (strcmp(k, "retry_failed") == 0) return set_int(p, &c->retry_failed, v, 0, 100);
    else if (strcmp(k, "busy_timeout") == 0) return set_ms(p, &c->busy_timeout_ms, v);
    else if (strcmp(k, "lock_wait") == 0) return set_ms(p, &c->lock_wait_ms, v);
    else if (strcmp(k, "max_robots_size") == 0) {
        if (!set_size(p, &c->max_robots_bytes, v)) return 0;
        if (c->max_robots_bytes < 500 * 1024 || c->max_robots_bytes > (64LL << 20)) {
            fail(p, p->line, "max_robots_size must be from 500k (RFC 9309) to 64M, got '%s'", v);
            return 0;
        }
    }
    else if (strcmp(k, "max_retry_wait") == 0) return set_ms(p, &c->max_retry_wait_ms, v);
    else if (strcmp(k, "retire_after") == 0) return set_int(p, &c->retire_after, v, 0, 1000);
    else if (strcmp(k, "backoff_base") == 0) return set_ms(p, &c->backoff_base_ms, v);
    else if (strcmp(k, "backoff_max") == 0) return set_ms(p, &c->backoff_max_ms, v);
    else if (strcmp(k, "max_cache_wait") == 0) return set_ms(p, &c->max_cache_wait_ms, v);
    else if (strcmp(k, "lease") == 0) {
        if (!set_ms(p, &c->lease_ms, v)) return 0;
        if (c->lease_ms < 10000) {
            fail(p, p->line, "lease must be at least 10s, got '%s'", v);
            return 0;
        }
    }
    else if (strcmp(k, "feed_interval") == 0) return set_ms(p, &c->feed_interval_ms, v);
    else {
        fail(p, p->line, "unknown setting '%s' in [crawl]", k);
        return 0;
    }
    return 1;
}

/* libxml2's own XPath error lines are replaced by ours. */
static void xpath_quiet(void *ctx, const char *msg, ...)
{
    (void)ctx;
    (void)msg;
}

/* An extraction rule: an XPath 1.0 expression, checked here so a typo is
 * reported with its line rather than silently ignored at crawl time. */
static int set_xpath(parse_ctx *p, char **dst, const char *v)
{
    xmlSetGenericErrorFunc(NULL, xpath_quiet); /* our message names file and line */
    xmlXPathCompExprPtr c = *v ? xmlXPathCompile((const xmlChar *)v) : NULL;
    xmlSetGenericErrorFunc(NULL, NULL);
    if (!c) {
        fail(p, p->line, "invalid XPath expression '%s'", v);
        return 0;
    }
    xmlXPathFreeCompExpr(c);
    set_str(dst, v);
    return 1;
}

static void begin_section(parse_ctx *p, const char *section)
{
    snprintf(p->cur, sizeof p->cur, "%s", section);
    p->feed = NULL;
    p->site = NULL;
    cf_config *c = p->cfg;
    if (strncmp(section, "feed ", 5) == 0) {
        const char *name = section + 5;
        while (*name == ' ') name++;
        c->feeds = ak_realloc(c->feeds, (c->nfeeds + 1) * sizeof *c->feeds);
        p->feed = &c->feeds[c->nfeeds++];
        memset(p->feed, 0, sizeof *p->feed);
        p->feed->name = ak_strdup(name);
        p->feed->file = ak_strdup(p->path);
        p->feed->line = p->sect_line;
    } else if (strncmp(section, "site ", 5) == 0) {
        const char *host = section + 5;
        while (*host == ' ') host++;
        c->sites = ak_realloc(c->sites, (c->nsites + 1) * sizeof *c->sites);
        p->site = &c->sites[c->nsites++];
        p->site->host = ak_strdup(host);
        for (char *h = p->site->host; *h; h++) *h = (char)tolower((unsigned char)*h);
        p->site->delay_ms = -1;
        p->site->max_per_host = -1;
        p->site->insecure_tls = false;
        p->site->file = ak_strdup(p->path);
        p->site->line = p->sect_line;
        p->site->body_xpath = p->site->title_xpath = NULL;
        p->site->date_xpath = p->site->author_xpath = NULL;
    }
}

static int handler(void *user, const char *section, const char *name, const char *value)
{
    parse_ctx *p = user;
    if (strcmp(section, p->cur) != 0) begin_section(p, section);
    if (!*section) {
        fail(p, p->line, "setting '%s' outside any section (start with [crawl])", name);
        return 0;
    }
    if (strcmp(section, "crawl") == 0) return crawl_key(p, name, value);
    if (p->feed) {
        cf_feed *f = p->feed;
        if (strcmp(name, "url") == 0) set_str(&f->url, value);
        else if (strcmp(name, "site") == 0) set_str(&f->site, value);
        else if (strcmp(name, "lang") == 0) set_str(&f->lang, value);
        else {
            fail(p, p->line, "unknown setting '%s' in [%s]", name, section);
            return 0;
        }
        return 1;
    }
    if (p->site) {
        if (strcmp(name, "delay") == 0) return set_ms(p, &p->site->delay_ms, value);
        if (strcmp(name, "max_per_host") == 0) return set_int(p, &p->site->max_per_host, value, 1, 64);
        if (strcmp(name, "insecure_tls") == 0) return set_bool(p, &p->site->insecure_tls, value);
        if (strcmp(name, "body_xpath") == 0) return set_xpath(p, &p->site->body_xpath, value);
        if (strcmp(name, "title_xpath") == 0) return set_xpath(p, &p->site->title_xpath, value);
        if (strcmp(name, "date_xpath") == 0) return set_xpath(p, &p->site->date_xpath, value);
        if (strcmp(name, "author_xpath") == 0) return set_xpath(p, &p->site->author_xpath, value);
        fail(p, p->line, "unknown setting '%s' in [%s]", name, section);
        return 0;
    }
    fail(p, p->line, "unknown section [%s] (expected [crawl], [feed NAME] or [site HOST])", section);
    return 0;
}

int cf_read(cf_config *cfg, const char *path, char **err)
{
    parse_ctx p = {.cfg = cfg, .path = path};
    p.fp = fopen(path, "r");
    if (!p.fp) {
        ak_buf b = {0};
        ak_buf_printf(&b, "%s: cannot read config: %s", path, strerror(errno));
        *err = ak_buf_steal(&b);
        return -1;
    }
    size_t first_feed = cfg->nfeeds;
    int rc = ini_parse_stream(reader, &p, handler, &p);
    fclose(p.fp);
    cfg->files = ak_realloc(cfg->files, (cfg->nfiles + 1) * sizeof *cfg->files);
    cfg->files[cfg->nfiles++] = ak_strdup(path);
    if (rc != 0 && !p.err) {
        if (rc > 0) fail(&p, rc, "syntax error (expected 'name = value' or '[section]')");
        else fail(&p, 0, "cannot parse config (out of memory)");
    }
    for (size_t i = first_feed; !p.err && i < cfg->nfeeds; i++) {
        cf_feed *f = &cfg->feeds[i];
        if (!f->url || !*f->url) fail(&p, f->line, "[feed %s] has no url", f->name);
        else if (strncasecmp(f->url, "http://", 7) && strncasecmp(f->url, "https://", 8))
            fail(&p, f->line, "[feed %s]: url must start with http:// or https://, got '%s'",
                 f->name, f->url);
    }
    if (p.err) {
        *err = p.err;
        return -1;
    }
    if (first_feed > 0 && cfg->nfeeds > first_feed) {
        /* This file has its own feed list: it replaces the earlier ones. */
        for (size_t i = 0; i < first_feed; i++) {
            free(cfg->feeds[i].name);
            free(cfg->feeds[i].url);
            free(cfg->feeds[i].site);
            free(cfg->feeds[i].lang);
            free(cfg->feeds[i].file);
        }
        memmove(cfg->feeds, cfg->feeds + first_feed, (cfg->nfeeds - first_feed) * sizeof *cfg->feeds);
        cfg->nfeeds -= first_feed;
    }
    return 0;
}

int cf_validate(const cf_config *cfg, char **err)
{
    ak_buf b = {0};
    if (cfg->nfeeds == 0) ak_buf_puts(&b, "no feeds configured (add a [feed NAME] section with a url)");
    else if (cfg->max_per_host > cfg->max_transfers)
        ak_buf_printf(&b, "max_per_host (%d) exceeds max_transfers (%d)", cfg->max_per_host,
                      cfg->max_transfers);
    if (!b.len) return 0;
    *err = ak_buf_steal(&b);
    return -1;
}

const cf_site *cf_site_for(const cf_config *cfg, const char *host)
{
    if (!host) return NULL;
    for (size_t i = 0; i < cfg->nsites; i++)
        if (strcasecmp(cfg->sites[i].host, host) == 0) return &cfg->sites[i];
    return NULL;
}

static void dump_ms(FILE *fp, const char *k, long long ms)
{
    if (ms % 1000 == 0) fprintf(fp, "%s = %llds\n", k, ms / 1000);
    else fprintf(fp, "%s = %lldms\n", k, ms);
}

void cf_dump(const cf_config *c, FILE *fp)
{
    fprintf(fp, "# effective settings, from:");
    if (!c->nfiles) fprintf(fp, " (defaults only)");
    for (size_t i = 0; i < c->nfiles; i++) fprintf(fp, " %s", c->files[i]);
    fprintf(fp, "\n[crawl]\n");
    /* A password in a store URI is not printed. */
    const char *at = strchr(c->db, '@'), *sep = strstr(c->db, "://");
    const char *colon = sep && at ? memchr(sep + 3, ':', (size_t)(at - sep - 3)) : NULL;
    if (colon) fprintf(fp, "db = %.*s***%s\n", (int)(colon + 1 - c->db), c->db, at);
    else fprintf(fp, "db = %s\n", c->db);
    if (c->user_agent) fprintf(fp, "user_agent = %s\n", c->user_agent);
    fprintf(fp, "contact = %s\n", c->contact ? c->contact : "");
    if (c->from) fprintf(fp, "from = %s\n", c->from);
    if (c->allow_private) fprintf(fp, "allow_private = %s\n", c->allow_private);
    fprintf(fp, "max_transfers = %d\n", c->max_transfers);
    fprintf(fp, "max_per_host = %d\n", c->max_per_host);
    dump_ms(fp, "delay", c->delay_ms);
    dump_ms(fp, "connect_timeout", c->connect_timeout_ms);
    dump_ms(fp, "timeout", c->timeout_ms);
    fprintf(fp, "low_speed_limit = %d\n", c->low_speed_bps);
    dump_ms(fp, "low_speed_time", c->low_speed_ms);
    fprintf(fp, "max_feed_size = %lld\n", c->max_feed_bytes);
    fprintf(fp, "max_page_size = %lld\n", c->max_page_bytes);
    fprintf(fp, "max_redirects = %d\n", c->max_redirects);
    fprintf(fp, "max_articles = %d\n", c->max_articles);
    fprintf(fp, "threads = %d\n", c->threads);
    fprintf(fp, "sync = %s\n", c->sync_full ? "full" : "normal");
    fprintf(fp, "max_run_bytes = %lld\n", c->max_run_bytes);
    dump_ms(fp, "max_run_time", c->max_run_time_ms);
    fprintf(fp, "max_store_size = %lld\n", c->max_store_size);
    fprintf(fp, "max_per_feed = %d\n", c->max_per_feed);
    fprintf(fp, "retry_failed = %d\n", c->retry_failed);
    dump_ms(fp, "busy_timeout", c->busy_timeout_ms);
    dump_ms(fp, "lock_wait", c->lock_wait_ms);
    dump_ms(fp, "lease", c->lease_ms);
    dump_ms(fp, "feed_interval", c->feed_interval_ms);
    for (size_t i = 0; i < c->nsites; i++) {
        fprintf(fp, "\n[site %s]\n", c->sites[i].host);
        if (c->sites[i].delay_ms >= 0) dump_ms(fp, "delay", c->sites[i].delay_ms);
        if (c->sites[i].max_per_host > 0) fprintf(fp, "max_per_host = %d\n", c->sites[i].max_per_host);
    }
    for (size_t i = 0; i < c->nfeeds; i++) {
        const cf_feed *f = &c->feeds[i];
        fprintf(fp, "\n[feed %s]   ; %s:%d\nurl = %s\n", f->name, f->file, f->line, f->url);
        if (f->site) fprintf(fp, "site = %s\n", f->site);
        if (f->lang) fprintf(fp, "lang = %s\n", f->lang);
    }
}
