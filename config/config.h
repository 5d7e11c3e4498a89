/* config.h -- akhbar's settings: defaults, the INI file, and the feed list.
 *
 * Why this exists: the same binary runs by hand and under a systemd timer;
 * both read their feeds and politeness settings from an INI file (parsed by
 * inih, Debian's libinih).  This module turns files into a cf_config and
 * reports mistakes with file and line, so a typo never silently becomes a
 * default.  Layout of a file:
 *
 *     [crawl]                 ; global settings, see cf_config below
 *     db = akhbar.db
 *     [feed hespress-ar]      ; one section per feed; NAME is free text
 *     url = https://www.hespress.com/feed
 *     site = hespress.com
 *     lang = ar
 *     [site www.hespress.com] ; per-host politeness and extraction rules
 *     delay = 3s
 *     body_xpath = //div[@class="article-content"]
 *
 * Ownership: cf_config and everything in it belongs to the caller of
 * cf_new(); cf_free() releases it all.
 */
#ifndef AK_CONFIG_H
#define AK_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

typedef struct cf_feed {
    char *name;  /* section name after "feed " */
    char *url;   /* feed, sitemap or site home page URL (required) */
    char *site;  /* site label in the corpus; default: the URL's host */
    char *lang;  /* expected language ("ar", "fr"), NULL = detect */
    char *file;  /* config file the section came from */
    int line;    /* line of the [feed ...] header, for messages */
} cf_feed;

typedef struct cf_site {
    char *host;       /* [site HOST] section name, lower case */
    int delay_ms;     /* per-site minimum gap between requests, -1 = global */
    int max_per_host; /* per-site concurrent transfers, -1 = global */
    bool insecure_tls;/* insecure_tls = yes: TLS verification off for this host (logged every run) */
    char *file;       /* config file the section came from */
    int line;         /* line of the [site ...] header, for messages */
    char *body_xpath;   /* XPath of the article text's elements, or NULL (generic) */
    char *title_xpath;  /* XPath of the headline, or NULL */
    char *date_xpath;   /* XPath of the published date line, or NULL */
    char *author_xpath; /* XPath of the byline, or NULL */
} cf_site;

typedef struct cf_config {
    char *db;              /* store location: a path, sqlite:PATH or postgresql://...; "akhbar.db"
                              (set by "db" or "store") */
    char *user_agent;      /* product token; "akhbar/VERSION (+contact)" */
    char *contact;         /* URL or mail address put in the User-Agent */
    char *from;            /* From: header (operator's mail), NULL = none */
    int max_transfers;     /* concurrent transfers in all (32) */
    int max_per_host;      /* concurrent transfers to one host (2) */
    int delay_ms;          /* minimum gap between requests to one host (1000) */
    int connect_timeout_ms;/* TCP+TLS connect timeout (10 s) */
    int timeout_ms;        /* whole-transfer timeout (60 s) */
    int low_speed_bps;     /* abort below this rate... (100 B/s) */
    int low_speed_ms;      /* ...sustained this long (20 s) */
    long long max_feed_bytes; /* decoded feed size cap (16 MiB) */
    long long max_page_bytes; /* decoded page size cap (8 MiB) */
    int max_redirects;     /* redirect hops followed (5) */
    int max_articles;      /* article fetches per run (5000), 0 = no cap */
    int threads;           /* worker threads for fetched pages, 0 = one per CPU (0) */
    bool sync_full;        /* sync = full: every commit flushed to disk (no: normal) */
    long long max_run_bytes; /* bytes downloaded per run (1 GiB), 0 = no cap */
    int max_run_time_ms;   /* wall time per run (12 min), 0 = no cap */
    long long max_store_size; /* store size quota in bytes, 0 = none */
    char *allow_private;   /* non-public networks that may be fetched from, or NULL */
    int max_per_feed;      /* newest entries taken per feed per run, 0 = all */
    int retry_failed;      /* attempts on a failing article URL (3) */
    int busy_timeout_ms;   /* wait for a store locked by another writer (10 s) */
    int lock_wait_ms;      /* wait for another crawl of the same store (60 s) */
    long long max_robots_bytes; /* robots.txt parse limit (512 KiB, at least 500 KiB) */
    int max_retry_wait_ms; /* longest Retry-After waited for within a run (30 s) */
    int retire_after;      /* consecutive 404/410 before a feed is retired (3), 0 = never */
    int backoff_base_ms;   /* first back-off after a feed failure (10 min), doubling */
    int backoff_max_ms;    /* longest back-off (24 h) */
    int max_cache_wait_ms; /* longest a Cache-Control max-age delays a feed (1 h) */
    int lease_ms;          /* shared store: how long a URL claimed from the frontier stays this
                              process's without renewal (10 min) */
    int feed_interval_ms;  /* shared store: each feed is fetched by one process once per
                              interval (10 min) */
    cf_feed *feeds;        /* feed list, in file order */
    size_t nfeeds;         /* entries in feeds */
    cf_site *sites;        /* per-site overrides */
    size_t nsites;         /* entries in sites */
    char **files;          /* config files read, in order */
    size_t nfiles;         /* entries in files */
} cf_config;

/* A config holding the defaults above and no feeds. */
cf_config *cf_new(void);

/* Reads path on top of cfg: settings in later files override earlier ones
 * one by one; a file that lists feeds replaces the feed list of the files
 * before it (so a test or user config never inherits the system's feeds).
 * Returns 0, or -1 with *err set to "FILE:LINE: message" (caller frees
 * *err).  Relative "db" paths are kept as written. */
int cf_read(cf_config *cfg, const char *path, char **err);

/* Checks the whole config (at least one feed, sane limits).  Returns 0 or
 * -1 with *err (caller frees). */
int cf_validate(const cf_config *cfg, char **err);

/* The per-site overrides for host, or NULL. */
const cf_site *cf_site_for(const cf_config *cfg, const char *host);

/* Writes the effective settings as an INI file to fp (what `akhbar config
 * check` prints): every [crawl] setting with its value, then the sites and
 * feeds, each with the file and line it came from. */
void cf_dump(const cf_config *cfg, FILE *fp);

void cf_free(cf_config *cfg);

/* Parses "1500", "1.5s", "250ms", "2m" into milliseconds; -1 if invalid. */
long long cf_parse_ms(const char *s);
/* Parses "65536", "64k", "16M", "1G" into bytes; -1 if invalid. */
long long cf_parse_size(const char *s);

#endif
