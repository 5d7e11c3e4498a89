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
 * The fetcher knows nothing about feeds or articles: the caller (main)
 * adds requests with a completion callback and runs the loop; callbacks may
 * add more requests.  Data flows out through the callback only.
 *
 * Ownership: every request added is answered by exactly one callback call,
 * even when the fetcher is stopped or freed first (result CR_ESTOPPED), so
 * the callback can always free its udata.  The cr_response and everything
 * it points to is valid only during the callback.
 */
#ifndef AK_FETCH_H
#define AK_FETCH_H

#include <stddef.h>
#include <stdint.h>

typedef struct cr_fetcher cr_fetcher;

typedef enum cr_kind { CR_FEED, CR_PAGE, CR_ROBOTS, CR_NKINDS } cr_kind;

typedef enum cr_result {
    CR_OK = 0,        /* a response arrived; look at status */
    CR_ETIMEOUT,      /* connect, total or low-speed timeout */
    CR_ETOOBIG,       /* body larger than the cap for its kind */
    CR_ENET,          /* DNS, connection or TLS failure */
    CR_EREDIRECT,     /* too many redirects, or to a non-http(s) URL */
    CR_EBADURL,       /* not a fetchable http(s) URL */
    CR_ESTOPPED,      /* the fetcher was stopped before the transfer ended */
    CR_EOTHER         /* anything else (message in error) */
} cr_result;

typedef struct cr_options {
    const char *user_agent;     /* full User-Agent value (required) */
    const char *from;           /* From: header value, or NULL */
    int max_transfers;          /* concurrent transfers in all */
    int max_per_host;           /* concurrent transfers per host */
    int delay_ms;               /* minimum gap between request starts to one host */
    int connect_timeout_ms;     /* connect (TCP + TLS) timeout */
    int timeout_ms;             /* whole-transfer timeout */
    int low_speed_bps;          /* abort when slower than this... */
    int low_speed_ms;           /* ...for this long (0 = never) */
    int max_redirects;          /* redirects followed (http/https only) */
    long long max_bytes[CR_NKINDS]; /* decoded body cap per kind */
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
    cr_kind kind;               /* as requested */
    cr_result result;           /* CR_OK or why there is no response */
    const char *error;          /* human-readable reason when result != CR_OK */
    long status;                /* HTTP status of the last response, 0 if none */
    const char *content_type;   /* Content-Type header or NULL */
    const char *etag;           /* ETag header, verbatim, or NULL */
    const char *last_modified;  /* Last-Modified header, verbatim, or NULL */
    long retry_after;           /* Retry-After in seconds, -1 if absent */
    const char *body;           /* decoded body (NUL-terminated), "" if none */
    size_t len;                 /* its length */
    double seconds;             /* transfer time */
} cr_response;

typedef void cr_done_fn(const cr_response *r, void *udata);

/* Statistics since cr_new. */
typedef struct cr_stats {
    uint64_t requests;          /* transfers started */
    uint64_t bytes;             /* decoded body bytes received */
    uint64_t failed;            /* transfers that ended without a response */
} cr_stats;

/* NULL with *err set (caller frees) when libcurl cannot be initialised. */
cr_fetcher *cr_new(const cr_options *o, char **err);

/* Queues a request; fn is called exactly once with the outcome. */
void cr_add(cr_fetcher *f, const cr_request *req, cr_done_fn *fn, void *udata);

/* Overrides delay and per-host concurrency for one host (e.g. from
 * [site HOST] config); -1 keeps the default. */
void cr_set_host(cr_fetcher *f, const char *host, int delay_ms, int max_per_host);

/* Runs transfers until nothing is queued or running, or cr_stop was
 * called.  Returns 0, or -1 on a libcurl failure of the multi handle. */
int cr_run(cr_fetcher *f);

/* Asks cr_run to start nothing new and return once running transfers have
 * ended (graceful = 1) or at once, aborting them (graceful = 0).  Safe to
 * call from a signal handler. */
void cr_stop(cr_fetcher *f, int graceful);

/* Requests queued or running. */
size_t cr_pending(const cr_fetcher *f);

void cr_get_stats(const cr_fetcher *f, cr_stats *s);

/* Answers every remaining request with CR_ESTOPPED, then frees. */
void cr_free(cr_fetcher *f);

#endif
