/* fetch.h -- many HTTP transfers at once, polite to each host.
 *
 * Why this exists: a crawl is hundreds of small transfers to a few dozen
 * hosts.  One libcurl multi handle runs them concurrently (keep-alive,
 * HTTP/2 multiplexing, one DNS cache), while this module decides when each
 * may start: a global limit, a per-host limit and a minimum gap between two
 * requests to one host, so one slow or throttling host never stalls the
 * others.  Bodies are capped while they stream (decompressed size, so a
 * gzip bomb is cut off), and every transfer has connect, total and
 * low-speed limits.
 *
 * Politeness the fetcher enforces by itself, so no caller can forget it:
 *  - robots.txt (RFC 9309), when options.robots_agent is set: before the
 *    first request to an origin its robots.txt is fetched (or taken from
 *    the cache hooks when younger than robots_max_age_s); 2xx is parsed
 *    (the first max_bytes[CR_ROBOTS] octets), 4xx allows everything, 5xx,
 *    429 or a network error disallows everything for this run (a cached
 *    copy of any age is used instead when there is one).  Up to 5
 *    redirects are followed and the rules apply to the first origin.  A
 *    disallowed request is never sent: it is answered CR_EROBOTS.
 *  - redirects are followed by the fetcher itself (not libcurl), hop by
 *    hop through the per-host queues, at most max_redirects, http/https
 *    only, loops detected; the response says where the leading permanent
 *    (301/308) hops led, so callers can update stored URLs.
 *  - 429 and 503 with Retry-After (seconds or HTTP-date; a 429 without it
 *    counts as default_retry_after_s) pause the host: when the pause is at
 *    most max_retry_wait_ms, its requests are held and the throttled one is
 *    sent again after it (twice per request and four times per host in a
 *    run at most); otherwise the host's requests are answered CR_EDEFERRED
 *    until the pause ends.  Every pause is reported through
 *    hooks->host_paused so it can outlive the run (cr_pause_host).
 *  - identity: User-Agent and From on every request, no cookies, no
 *    Referer; Accept-Encoding for every encoding libcurl decodes.
 *  - TLS verification is on (system CA store) unless a host was given
 *    cr_set_host_insecure.
 *
 * The fetcher knows nothing about feeds, articles or the store: the caller
 * (main) adds requests with a completion callback, plugs persistence in
 * through cr_hooks, and runs the loop; callbacks may add more requests.
 *
 * Ownership: every request added is answered by exactly one callback call,
 * even when the fetcher is stopped or freed first (result CR_ESTOPPED), so
 * the callback can always free its udata.  The cr_response and everything
 * it points to is valid only during the callback.
 */
#ifndef AK_FETCH_H
#define AK_FETCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct cr_fetcher cr_fetcher;

typedef enum cr_kind { CR_FEED, CR_PAGE, CR_ROBOTS, CR_NKINDS } cr_kind;

typedef enum cr_result {
    CR_OK = 0,        /* a response arrived; look at status */
    CR_ETIMEOUT,      /* connect, total or low-speed timeout */
    CR_ETOOBIG,       /* body larger than the cap for its kind */
    CR_ENET,          /* DNS, connection or TLS failure */
    CR_EREDIRECT,     /* too many redirects, a loop, or to a non-http(s) URL */
    CR_EBADURL,       /* not a fetchable http(s) URL */
    CR_ESTOPPED,      /* the fetcher was stopped before the transfer ended */
    CR_EOTHER,        /* anything else (message in error) */
    CR_EROBOTS,       /* not sent: robots.txt disallows it (or could not be read: see error) */
    CR_EDEFERRED,     /* not sent: the host asked us to wait longer than max_retry_wait_ms */
    CR_EBLOCKED       /* not connected: the address is loopback, private, link-local,
                         multicast or reserved and not in allow_private (SSRF guard) */
} cr_result;

/* A robots.txt as the cache hooks keep it. */
typedef struct cr_robots_entry {
    int64_t fetched_at;         /* when it was fetched (epoch seconds) */
    long status;                /* HTTP status of the final response (2xx or 4xx) */
    const char *body;           /* body (2xx), possibly "" */
    size_t len;                 /* its length */
} cr_robots_entry;

/* Persistence plugged in by the caller; any hook may be NULL.  Hooks are
 * called from inside cr_run and must not call back into the fetcher. */
typedef struct cr_hooks {
    /* Fills *e (valid until the next hook call) and returns 1 when a
     * robots.txt for origin ("https://host[:port]") is cached, else 0. */
    int (*robots_load)(void *udata, const char *origin, cr_robots_entry *e);
    /* A robots.txt was fetched with a 2xx or 4xx answer (not for 5xx or
     * network errors, which are not cached). */
    void (*robots_save)(void *udata, const char *origin, const cr_robots_entry *e);
    /* host ("host[:port]") asked not to be contacted before until (epoch
     * seconds); why is e.g. "HTTP 429, Retry-After 120". */
    void (*host_paused)(void *udata, const char *host, int64_t until, const char *why);
    /* Politeness shared with other processes crawling the same hosts:
     * called before a request to host starts, when its delay is not 0, to
     * ask whether it may start now among all of them: 0 = yes, else how
     * many ms to wait before asking again (the request is held until
     * then).  When another process recorded a pause of host that has not
     * ended, it sets *paused_until (epoch s) and *why (valid until the
     * next call): the host's requests are then held or deferred as after
     * a Retry-After.  NULL: delays hold within this process only. */
    int64_t (*host_slot)(void *udata, const char *host, int delay_ms, int64_t *paused_until, const char **why);
    void *udata;                /* passed to every hook */
} cr_hooks;

typedef struct cr_options {
    const char *user_agent;     /* full User-Agent value (required) */
    const char *from;           /* From: header value, or NULL */
    int max_transfers;          /* concurrent transfers in all */
    int max_per_host;           /* concurrent transfers per host */
    int delay_ms;               /* minimum gap between request starts to one host */
    int connect_timeout_ms;     /* connect (TCP + TLS) timeout */
    int timeout_ms;             /* whole-transfer timeout (all redirect hops together) */
    int low_speed_bps;          /* abort when slower than this... */
    int low_speed_ms;           /* ...for this long (0 = never) */
    int max_redirects;          /* redirects followed (http/https only) */
    long long max_bytes[CR_NKINDS]; /* decoded body cap per kind (robots: parse limit, body cut not failed) */
    const char *robots_agent;   /* product token for robots.txt groups; NULL = robots.txt not consulted */
    int robots_max_age_s;       /* a cached robots.txt younger than this is used (0 = 86400) */
    int max_retry_wait_ms;      /* longest Retry-After waited for within the run */
    int default_retry_after_s;  /* pause after a 429 without Retry-After (0 = 60) */
    const cr_hooks *hooks;      /* persistence callbacks (copied), or NULL */
    const char *allow_private;  /* networks that may be connected to although not
                                   public ("127.0.0.1 10.0.0.0/8 ::1"), or NULL: by
                                   default every connection goes to a public
                                   address only, checked on the address actually
                                   connected to (after DNS, every redirect hop) */
} cr_options;

typedef struct cr_request {
    const char *url;            /* absolute http(s) URL (copied) */
    cr_kind kind;               /* what it is, for caps and Accept */
    const char *etag;           /* sent as If-None-Match, or NULL (copied) */
    const char *last_modified;  /* sent as If-Modified-Since, or NULL (copied) */
} cr_request;

typedef struct cr_response {
    const char *url;            /* URL requested */
    const char *final_url;      /* URL of the last response (after redirects) */
    const char *permanent_url;  /* where the leading 301/308 hops led, NULL if the first hop was not permanent */
    int redirects;              /* redirect hops followed */
    cr_kind kind;               /* as requested */
    cr_result result;           /* CR_OK or why there is no response */
    const char *error;          /* human-readable reason when result != CR_OK */
    long status;                /* HTTP status of the last response, 0 if none */
    const char *content_type;   /* Content-Type header or NULL */
    const char *etag;           /* ETag header, verbatim, or NULL */
    const char *last_modified;  /* Last-Modified header, verbatim, or NULL */
    long retry_after;           /* Retry-After in seconds (either form), -1 if absent */
    long max_age;               /* Cache-Control max-age in seconds, -1 if absent (0 for no-cache) */
    int64_t paused_until;       /* CR_EDEFERRED / 429 / 503: host paused until (epoch s), else 0 */
    const char *body;           /* decoded body (NUL-terminated), "" if none */
    size_t len;                 /* its length */
    bool truncated;             /* the body was cut at the cap (robots.txt only) */
    double seconds;             /* transfer time, all hops */
} cr_response;

typedef void cr_done_fn(const cr_response *r, void *udata);

/* Statistics since cr_new. */
typedef struct cr_stats {
    uint64_t requests;          /* transfers started (every hop and robots.txt counted) */
    uint64_t bytes;             /* decoded body bytes received */
    uint64_t failed;            /* requests answered without a response */
    uint64_t robots_fetched;    /* robots.txt files requested */
    uint64_t robots_cached;     /* robots.txt files taken from the cache */
    uint64_t disallowed;        /* requests not sent because robots.txt disallows them */
    uint64_t deferred;          /* requests not sent because their host is paused */
    uint64_t held;              /* requests held and re-sent after a short Retry-After */
} cr_stats;

/* NULL with *err set (caller frees) when libcurl cannot be initialised. */
cr_fetcher *cr_new(const cr_options *o, char **err);

/* Queues a request; fn is called exactly once with the outcome (never
 * from inside cr_add). */
void cr_add(cr_fetcher *f, const cr_request *req, cr_done_fn *fn, void *udata);

/* Overrides delay and per-host concurrency for one host (e.g. from
 * [site HOST] config); -1 keeps the default.  "name" applies to every
 * port of that host, "name:port" to that port only (and wins). */
void cr_set_host(cr_fetcher *f, const char *host, int delay_ms, int max_per_host);

/* Turns TLS certificate and host name verification off for host (matched
 * like cr_set_host).  Only for an explicit per-site opt-out; the caller
 * logs it. */
void cr_set_host_insecure(cr_fetcher *f, const char *host);

/* Pauses host ("host[:port]", as reported by hooks->host_paused) until
 * the epoch second until: held when that is within max_retry_wait_ms,
 * else its requests are answered CR_EDEFERRED.  A past time does
 * nothing. */
void cr_pause_host(cr_fetcher *f, const char *host, int64_t until, const char *why);

/* Runs transfers until nothing is queued or running, or cr_stop was
 * called.  Returns 0, or -1 on a libcurl failure of the multi handle. */
int cr_run(cr_fetcher *f);

/* Asks cr_run to start nothing new and return once running transfers have
 * ended (graceful = 1) or at once, aborting them (graceful = 0).  Safe to
 * call from a signal handler and from any thread. */
void cr_stop(cr_fetcher *f, int graceful);

/* Lets other threads share the caller's state while cr_run reads the
 * network: cr_run calls fn(udata, 0) (release) before each round of
 * transfers and each wait, and fn(udata, 1) (take) after.  The caller
 * enters and leaves cr_run holding its lock, so every callback and hook
 * runs with it held; the fetcher's own state is never touched by the
 * other threads (only cr_stop is safe from them).  NULL removes it. */
void cr_set_lock(cr_fetcher *f, void (*fn)(void *udata, int take), void *udata);

/* Requests queued or running. */
size_t cr_pending(const cr_fetcher *f);

void cr_get_stats(const cr_fetcher *f, cr_stats *s);

/* Answers every remaining request with CR_ESTOPPED, then frees. */
void cr_free(cr_fetcher *f);

#endif
