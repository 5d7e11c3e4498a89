/* fetch.c -- the libcurl multi loop with per-host queues, robots.txt,
 * redirects and Retry-After (see fetch.h).
 *
 * Life of a request: cr_add puts it at the tail of its host's queue.
 * start_ready pops it when the host's limits allow; if the robots.txt of
 * its origin is not known yet, a robots.txt request is put in front of it
 * and the request waits on the origin; once known, a disallowed request is
 * answered without being sent.  A finished transfer is either answered, or
 * (redirect, short Retry-After) put back at the head of a host queue as
 * the next hop, so every hop obeys the per-host limits and delay.
 */
#include "crawler/fetch.h"
#include "common/buf.h"
#include "common/log.h"
#include "common/netaddr.h"
#include "common/mem.h"
#include "common/timeutil.h"
#include "common/url.h"
#include "crawler/policy.h"
#include "crawler/robots.h"

#include <ctype.h>
#include <curl/curl.h>
#include <signal.h>
#include <stdbool.h>
#include <string.h>
#include <strings.h>

#define MAX_HOLDS 2                    /* a request is re-sent at most this often after 429/503 */
#define MAX_HOST_HOLDS 4               /* a host is waited for at most this often in a run, then deferred */
#define STALE_ROBOTS_S (30 * 86400)    /* a cached robots.txt stands in for an unreachable one this long */

typedef struct host host;
typedef struct origin origin;

typedef struct cr_fetcher cr_fetcher;
typedef struct xfer {
    struct xfer *next;          /* next in a host queue or an origin's wait list */
    cr_fetcher *f;              /* the fetcher (for the connection guard) */
    struct xfer *rprev, *rnext; /* running list links */
    host *h;                    /* host of the current hop */
    char *url;                  /* URL the caller asked for */
    char *cur;                  /* URL of the current hop */
    char *perm;                 /* where the leading permanent redirects led, or NULL */
    bool perm_broken;           /* a temporary redirect was followed */
    char **seen;                /* URLs of the hops so far (loop detection) */
    int redirects;              /* hops followed */
    cr_kind kind;               /* request kind */
    char *etag, *last_modified; /* validators to send */
    cr_done_fn *fn;             /* completion callback; NULL for internal robots.txt requests */
    void *udata;                /* its argument */
    origin *robots_for;         /* internal robots.txt request: the origin it is for */
    CURL *easy;                 /* running transfer, NULL while queued */
    struct curl_slist *headers; /* request headers */
    ak_buf body;                /* decoded body of the current hop */
    long long cap;              /* body cap */
    bool too_big;               /* cap hit */
    bool truncated;             /* cap hit and the body kept (robots.txt) */
    char *ctype, *r_etag, *r_lm;/* response headers of the last response */
    char *r_retry, *r_cc;       /* Retry-After and Cache-Control of the last response */
    long status;                /* HTTP status of the last response */
    int64_t paused_until;       /* host pause this request ran into (epoch s) */
    double seconds;             /* transfer time of the hops so far */
    int holds;                  /* times re-sent after a short Retry-After */
    char errbuf[CURL_ERROR_SIZE];
    char *blocked;              /* why the SSRF guard refused a connection, or NULL */
} xfer;

enum { O_UNKNOWN, O_FETCHING, O_READY };

struct origin {
    char *name;                 /* "scheme://host[:port]" */
    int state;                  /* O_* */
    rb_rules *rules;            /* when O_READY */
    cr_result unreach;          /* O_READY with robots.txt unreachable: answer for requests, else CR_OK */
    char *unreach_msg;          /* its message */
    char *stale;                /* an expired cached robots.txt body, or NULL */
    size_t stale_len;           /* its length */
    long stale_status;          /* its status */
    int64_t stale_at;           /* when it was fetched */
    xfer *wait_head, *wait_tail;/* requests waiting for robots.txt */
};

struct host {
    char *name;                 /* "host[:port]" */
    xfer *head, *tail;          /* queued requests */
    int active;                 /* running transfers */
    int64_t next_ms;            /* monotonic ms before which none may start */
    int delay_ms;               /* gap between starts, -1 = default */
    int max_per_host;           /* concurrency, -1 = default */
    bool insecure;              /* TLS verification off (explicit config) */
    int64_t pause_until_ms;     /* monotonic ms: requests held until then (short Retry-After) */
    int64_t deferred_until;     /* epoch s: requests answered CR_EDEFERRED until then, 0 = none */
    int holds;                  /* short pauses waited out in this run */
    char *pause_why;            /* reason of the last pause */
};

/* Per-site settings given by cr_set_host/cr_set_host_insecure; they apply
 * to "name" and to "name:port" for any port. */
typedef struct site_cfg {
    char *name;                 /* lower-case host[:port] as given */
    int delay_ms;               /* -1 = default */
    int max_per_host;           /* -1 = default */
    bool insecure;              /* TLS verification off */
} site_cfg;

struct cr_fetcher {
    CURLM *multi;               /* the one multi handle */
    site_cfg *sites;            /* per-site settings */
    size_t nsites;              /* entries in sites */
    cr_options o;               /* options (strings owned) */
    cr_hooks hooks;             /* persistence callbacks (zeroed when none) */
    host **hosts;               /* known hosts */
    size_t nhosts, cap;         /* used, allocated */
    origin **origins;           /* origins whose robots.txt is known or being fetched */
    size_t norigins, ocap;      /* used, allocated */
    size_t rr;                  /* round-robin start for fairness */
    size_t queued, active;      /* requests queued (incl. waiting for robots.txt), running */
    _Atomic int stop;           /* 0 run, 1 graceful stop, 2 abort (lock-free: signal- and thread-safe) */
    bool freeing;               /* inside cr_free: answer, do not re-queue */
    xfer *running;              /* transfers in the multi handle */
    cr_stats stats;             /* counters */
    ak_cidr_list allow;         /* allow_private, parsed */
    void (*lock)(void *, int);  /* caller's lock: (ud, 0) releases, (ud, 1) takes; or NULL */
    void *lock_ud;              /* its argument */
};

static const char *const accept_hdr[CR_NKINDS] = {
    [CR_FEED] = "Accept: application/rss+xml, application/atom+xml, application/xml;q=0.9, "
                "text/xml;q=0.8, */*;q=0.5",
    [CR_PAGE] = "Accept: text/html, application/xhtml+xml;q=0.9, */*;q=0.5",
    [CR_ROBOTS] = "Accept: text/plain, */*;q=0.5",
};

cr_fetcher *cr_new(const cr_options *o, char **err)
{
    static bool global_done = false;
    if (!global_done) {
        if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
            *err = ak_strdup("cannot initialise libcurl");
            return NULL;
        }
        global_done = true;
    }
    cr_fetcher *f = ak_calloc(1, sizeof *f);
    f->o = *o;
    f->o.user_agent = ak_strdup(o->user_agent);
    f->o.from = ak_strdup(o->from);
    f->o.robots_agent = ak_strdup(o->robots_agent);
    if (f->o.robots_max_age_s <= 0) f->o.robots_max_age_s = 86400;
    if (f->o.default_retry_after_s <= 0) f->o.default_retry_after_s = 60;
    if (f->o.max_retry_wait_ms < 0) f->o.max_retry_wait_ms = 0;
    if (f->o.max_redirects < 0) f->o.max_redirects = 0;
    if (f->o.max_bytes[CR_ROBOTS] <= 0) f->o.max_bytes[CR_ROBOTS] = RB_MAX_BYTES;
    if (o->hooks) f->hooks = *o->hooks;
    f->o.hooks = NULL;
    const char *bad = NULL;
    size_t badlen = 0;
    if (o->allow_private && ak_cidr_list_parse(&f->allow, o->allow_private, &bad, &badlen) != 0) {
        ak_buf b = {0};
        ak_buf_printf(&b, "allow_private: '%.*s' is not an address or network", (int)badlen, bad);
        *err = ak_buf_steal(&b);
        free((char *)f->o.user_agent);
        free((char *)f->o.from);
        free((char *)f->o.robots_agent);
        ak_cidr_list_free(&f->allow);
        free(f);
        return NULL;
    }
    f->o.allow_private = NULL;
    f->multi = curl_multi_init();
    if (!f->multi) {
        *err = ak_strdup("cannot create a libcurl multi handle");
        free((char *)f->o.user_agent);
        free((char *)f->o.from);
        free((char *)f->o.robots_agent);
        free(f);
        return NULL;
    }
    /* Concurrency is limited by the queues here, not by libcurl: its own
     * limits would queue transfers inside the multi handle, where the
     * timeouts already run. */
    curl_multi_setopt(f->multi, CURLMOPT_PIPELINING, CURLPIPE_MULTIPLEX);
    return f;
}

/* Does site setting s apply to host h ("name" matches "name:port")? */
static bool site_applies(const site_cfg *s, const host *h)
{
    size_t n = strlen(s->name);
    if (strncmp(h->name, s->name, n) != 0) return false;
    return h->name[n] == '\0' || (h->name[n] == ':' && !strchr(s->name, ':'));
}

/* Applies site settings to h: the exact "host:port" entry wins over "host". */
static void site_apply(cr_fetcher *f, host *h)
{
    const site_cfg *best = NULL;
    for (size_t i = 0; i < f->nsites; i++)
        if (site_applies(&f->sites[i], h) && (!best || strlen(f->sites[i].name) > strlen(best->name)))
            best = &f->sites[i];
    if (!best) return;
    h->delay_ms = best->delay_ms;
    h->max_per_host = best->max_per_host;
    h->insecure = best->insecure;
}

static host *host_get(cr_fetcher *f, const char *name)
{
    for (size_t i = 0; i < f->nhosts; i++)
        if (strcmp(f->hosts[i]->name, name) == 0) return f->hosts[i];
    if (f->nhosts == f->cap) {
        f->cap = f->cap ? f->cap * 2 : 16;
        f->hosts = ak_realloc(f->hosts, f->cap * sizeof *f->hosts);
    }
    host *h = ak_calloc(1, sizeof *h);
    h->name = ak_strdup(name);
    h->delay_ms = -1;
    h->max_per_host = -1;
    site_apply(f, h);
    f->hosts[f->nhosts++] = h;
    return h;
}

/* "host[:port]" of a URL; "" for unusable URLs (answered CR_EBADURL). */
static char *authority(const char *url)
{
    char *o = ak_url_origin(url);
    if (!o) return ak_strdup("");
    char *p = strstr(o, "://");
    char *a = ak_strdup(p ? p + 3 : o);
    free(o);
    return a;
}

static host *host_for_url(cr_fetcher *f, const char *url)
{
    char *a = authority(url);
    host *h = host_get(f, a);
    free(a);
    return h;
}

static host *host_named(cr_fetcher *f, const char *name)
{
    char *low = ak_strdup(name);
    for (char *p = low; *p; p++) *p = (char)tolower((unsigned char)*p);
    host *h = host_get(f, low);
    free(low);
    return h;
}

static site_cfg *site_get(cr_fetcher *f, const char *name)
{
    char *low = ak_strdup(name);
    for (char *p = low; *p; p++) *p = (char)tolower((unsigned char)*p);
    for (size_t i = 0; i < f->nsites; i++)
        if (strcmp(f->sites[i].name, low) == 0) {
            free(low);
            return &f->sites[i];
        }
    f->sites = ak_realloc(f->sites, (f->nsites + 1) * sizeof *f->sites);
    site_cfg *s = &f->sites[f->nsites++];
    *s = (site_cfg){.name = low, .delay_ms = -1, .max_per_host = -1};
    return s;
}

static void sites_reapply(cr_fetcher *f)
{
    for (size_t i = 0; i < f->nhosts; i++) site_apply(f, f->hosts[i]);
}

void cr_set_host(cr_fetcher *f, const char *name, int delay_ms, int max_per_host)
{
    site_cfg *s = site_get(f, name);
    s->delay_ms = delay_ms;
    s->max_per_host = max_per_host;
    sites_reapply(f);
}

void cr_set_host_insecure(cr_fetcher *f, const char *name)
{
    site_get(f, name)->insecure = true;
    sites_reapply(f);
}

static void push_tail(cr_fetcher *f, host *h, xfer *x)
{
    x->next = NULL;
    x->h = h;
    if (h->tail) h->tail->next = x;
    else h->head = x;
    h->tail = x;
    f->queued++;
}

static void push_head(cr_fetcher *f, host *h, xfer *x)
{
    x->h = h;
    x->next = h->head;
    h->head = x;
    if (!h->tail) h->tail = x;
    f->queued++;
}

static xfer *pop_head(cr_fetcher *f, host *h)
{
    xfer *x = h->head;
    if (!x) return NULL;
    h->head = x->next;
    if (!h->head) h->tail = NULL;
    x->next = NULL;
    f->queued--;
    return x;
}

static xfer *xfer_new(const char *url, cr_kind kind)
{
    xfer *x = ak_calloc(1, sizeof *x);
    x->url = ak_strdup(url ? url : "");
    x->cur = ak_strdup(x->url);
    x->kind = kind < CR_NKINDS ? kind : CR_PAGE;
    return x;
}

void cr_add(cr_fetcher *f, const cr_request *req, cr_done_fn *fn, void *udata)
{
    xfer *x = xfer_new(req->url, req->kind);
    x->etag = ak_strdup(req->etag);
    x->last_modified = ak_strdup(req->last_modified);
    x->fn = fn;
    x->udata = udata;
    push_tail(f, host_for_url(f, x->cur), x);
}

/* Forgets the response of the last hop (before a new hop or a re-send). */
static void reset_response(xfer *x)
{
    free(x->ctype), free(x->r_etag), free(x->r_lm), free(x->r_retry), free(x->r_cc);
    x->ctype = x->r_etag = x->r_lm = x->r_retry = x->r_cc = NULL;
    ak_buf_clear(&x->body);
    x->too_big = x->truncated = false;
    x->status = 0;
    x->errbuf[0] = '\0';
    curl_slist_free_all(x->headers);
    x->headers = NULL;
}

static void xfer_free(xfer *x)
{
    reset_response(x);
    free(x->url);
    free(x->cur);
    free(x->perm);
    for (int i = 0; i < x->redirects; i++) free(x->seen[i]);
    free(x->seen);
    free(x->etag);
    free(x->last_modified);
    free(x->blocked);
    ak_buf_free(&x->body);
    free(x);
}

static void running_remove(cr_fetcher *f, xfer *x)
{
    if (!x->easy) return;
    curl_multi_remove_handle(f->multi, x->easy);
    curl_easy_cleanup(x->easy);
    x->easy = NULL;
    if (x->rprev) x->rprev->rnext = x->rnext;
    else if (f->running == x) f->running = x->rnext;
    if (x->rnext) x->rnext->rprev = x->rprev;
    x->rprev = x->rnext = NULL;
}

static void robots_done(cr_fetcher *f, xfer *x, cr_result res, const char *error);

/* Answers a request and frees it. */
static void answer(cr_fetcher *f, xfer *x, cr_result res, const char *error)
{
    running_remove(f, x);
    if (res != CR_OK) f->stats.failed++;
    if (!x->fn) {
        robots_done(f, x, res, error);
        xfer_free(x);
        return;
    }
    cr_response r = {
        .url = x->url,
        .final_url = x->cur,
        .permanent_url = x->perm,
        .redirects = x->redirects,
        .kind = x->kind,
        .result = res,
        .error = error,
        .status = x->status,
        .content_type = x->ctype,
        .etag = x->r_etag,
        .last_modified = x->r_lm,
        .retry_after = cr_parse_retry_after(x->r_retry, ak_now()),
        .max_age = cr_parse_max_age(x->r_cc),
        .paused_until = x->paused_until,
        .body = x->body.data ? x->body.data : "",
        .len = x->body.len,
        .truncated = x->truncated,
        .seconds = x->seconds,
    };
    x->fn(&r, x->udata);
    xfer_free(x);
}

/* ---- robots.txt ------------------------------------------------------------ */

static origin *origin_find(cr_fetcher *f, const char *name)
{
    for (size_t i = 0; i < f->norigins; i++)
        if (strcmp(f->origins[i]->name, name) == 0) return f->origins[i];
    return NULL;
}

/* Applies a robots.txt answer (2xx body or 4xx) to o. */
static void robots_apply(cr_fetcher *f, origin *o, long status, const char *body, size_t len)
{
    rb_free(o->rules);
    if (status >= 200 && status < 300)
        o->rules = rb_parse(body, len, f->o.robots_agent, (size_t)f->o.max_bytes[CR_ROBOTS]);
    else
        o->rules = rb_allow_all();
    o->unreach = CR_OK;
    o->state = O_READY;
}

static origin *origin_get(cr_fetcher *f, const char *name)
{
    origin *o = origin_find(f, name);
    if (o) return o;
    if (f->norigins == f->ocap) {
        f->ocap = f->ocap ? f->ocap * 2 : 16;
        f->origins = ak_realloc(f->origins, f->ocap * sizeof *f->origins);
    }
    o = ak_calloc(1, sizeof *o);
    o->name = ak_strdup(name);
    f->origins[f->norigins++] = o;
    cr_robots_entry e = {0};
    if (f->hooks.robots_load && f->hooks.robots_load(f->hooks.udata, name, &e) == 1) {
        int64_t age = ak_now() - e.fetched_at;
        if (age >= 0 && age < f->o.robots_max_age_s) {
            robots_apply(f, o, e.status, e.body, e.len);
            f->stats.robots_cached++;
            ak_debug("robots.txt %s: cached %lld s ago (HTTP %ld)", name, (long long)age, e.status);
        } else {
            o->stale = ak_strndup(e.body ? e.body : "", e.len);
            o->stale_len = e.len;
            o->stale_status = e.status;
            o->stale_at = e.fetched_at;
        }
    }
    return o;
}

/* The end of an internal robots.txt request. */
static void robots_done(cr_fetcher *f, xfer *x, cr_result res, const char *error)
{
    origin *o = x->robots_for;
    if (f->freeing || res == CR_ESTOPPED) {
        o->state = O_UNKNOWN; /* the waiting requests are answered by cr_free */
        return;
    }
    long st = x->status;
    /* 2xx: the rules; 4xx but 429: "unavailable", everything allowed; a
     * redirect chain that leads nowhere counts as unavailable too (RFC 9309
     * 2.3.1.2); 5xx, 429 and network errors: "unreachable". */
    bool available = (res == CR_OK && ((st >= 200 && st < 300) || (st >= 400 && st < 500 && st != 429))) ||
                     res == CR_EREDIRECT;
    if (available) {
        const char *body = x->body.data ? x->body.data : "";
        size_t len = x->body.len;
        if (!(st >= 200 && st < 300)) body = "", len = 0;
        else if (x->truncated) {
            /* Cut at the cap: drop the partial last line rather than read half a rule. */
            while (len > 0 && body[len - 1] != '\n' && body[len - 1] != '\r') len--;
            ak_notice("robots.txt %s: larger than %lld bytes; the rest is ignored", o->name,
                      f->o.max_bytes[CR_ROBOTS]);
        }
        if (res != CR_OK) st = 404; /* too many redirects: "unavailable" */
        robots_apply(f, o, st, body, len);
        if (st >= 200 && st < 300)
            ak_info("robots.txt %s: %zu rules for %s", o->name, rb_nrules(o->rules), f->o.robots_agent);
        else
            ak_info("robots.txt %s: %s; everything allowed", o->name,
                    res == CR_OK ? "unavailable (HTTP 4xx)" : "redirects lead nowhere");
        if (f->hooks.robots_save) {
            cr_robots_entry e = {.fetched_at = ak_now(), .status = st, .body = body, .len = len};
            f->hooks.robots_save(f->hooks.udata, o->name, &e);
        }
    } else {
        ak_buf why = {0};
        if (res == CR_OK) ak_buf_printf(&why, "HTTP %ld", st);
        else ak_buf_puts(&why, error ? error : "failed");
        if (o->stale && ak_now() - o->stale_at < STALE_ROBOTS_S) {
            ak_notice("robots.txt %s unreachable (%s); using the copy fetched %lld h ago", o->name,
                      why.data, (long long)((ak_now() - o->stale_at) / 3600));
            robots_apply(f, o, o->stale_status, o->stale, o->stale_len);
        } else {
            if (res != CR_EDEFERRED)
                ak_warn("robots.txt %s unreachable (%s): nothing is fetched from this origin in this run",
                        o->name, why.data);
            rb_free(o->rules);
            o->rules = rb_disallow_all();
            o->state = O_READY;
            o->unreach = res == CR_OK ? CR_EOTHER : res;
            free(o->unreach_msg);
            ak_buf b = {0};
            ak_buf_printf(&b, "robots.txt unreachable (%s); the origin is treated as disallowed", why.data);
            if (res == CR_EDEFERRED) {
                ak_buf_clear(&b);
                ak_buf_puts(&b, error ? error : "host paused");
            }
            o->unreach_msg = ak_buf_steal(&b);
        }
        ak_buf_free(&why);
    }
    /* The waiting requests go back to the head of their host queue, in order. */
    xfer *w = o->wait_head, *rev = NULL;
    o->wait_head = o->wait_tail = NULL;
    while (w) {
        xfer *n = w->next;
        w->next = rev;
        rev = w;
        w = n;
    }
    while (rev) {
        xfer *n = rev->next;
        f->queued--; /* push_head counts it again */
        push_head(f, rev->h, rev);
        rev = n;
    }
}

/* ---- pauses -------------------------------------------------------------- */

/* Pauses h for secs: held (requests wait within the run) when hold is
 * true, else deferred (requests answered CR_EDEFERRED until then). */
static void pause_host(cr_fetcher *f, host *h, long secs, const char *why, bool report, bool hold)
{
    int64_t until = ak_now() + secs;
    char iso[AK_ISO_MAX];
    ak_time_iso(until, iso);
    free(h->pause_why);
    h->pause_why = ak_strdup(why);
    if (hold) {
        int64_t t = ak_mono_ms() + (int64_t)secs * 1000;
        if (t > h->pause_until_ms) h->pause_until_ms = t;
        if (report) ak_info("host %s: %s: holding its requests for %ld s", h->name, why, secs);
    } else {
        if (until > h->deferred_until) h->deferred_until = until;
        if (report)
            ak_notice("host %s: %s: its requests wait for a run after %s", h->name, why, iso);
    }
    if (report && f->hooks.host_paused) f->hooks.host_paused(f->hooks.udata, h->name, until, why);
}

void cr_pause_host(cr_fetcher *f, const char *name, int64_t until, const char *why)
{
    int64_t secs = until - ak_now();
    if (secs <= 0) return;
    pause_host(f, host_named(f, name), (long)secs, why ? why : "paused", false,
               secs * 1000 <= f->o.max_retry_wait_ms);
}

/* ---- transfers ------------------------------------------------------------- */

static size_t on_body(char *p, size_t size, size_t n, void *ud)
{
    xfer *x = ud;
    size_t len = size * n;
    if ((long long)(x->body.len + len) > x->cap) {
        if (x->kind == CR_ROBOTS) {
            ak_buf_append(&x->body, p, (size_t)(x->cap - (long long)x->body.len));
            x->truncated = true;
        }
        x->too_big = true;
        return 0; /* aborts the transfer with CURLE_WRITE_ERROR */
    }
    ak_buf_append(&x->body, p, len);
    return len;
}

static char *header_value(const char *line, size_t len, const char *name)
{
    size_t n = strlen(name);
    if (len <= n || strncasecmp(line, name, n) != 0 || line[n] != ':') return NULL;
    const char *v = line + n + 1, *end = line + len;
    while (v < end && (*v == ' ' || *v == '\t')) v++;
    while (end > v && (end[-1] == '\r' || end[-1] == '\n' || end[-1] == ' ' || end[-1] == '\t')) end--;
    return ak_strndup(v, (size_t)(end - v));
}

static void set_header(char **dst, char *v)
{
    free(*dst);
    *dst = v;
}

static size_t on_header(char *p, size_t size, size_t n, void *ud)
{
    xfer *x = ud;
    size_t len = size * n;
    char *v;
    if (len > 5 && strncmp(p, "HTTP/", 5) == 0) {
        /* A new response (after 100 Continue): forget the old one. */
        free(x->ctype), free(x->r_etag), free(x->r_lm), free(x->r_retry), free(x->r_cc);
        x->ctype = x->r_etag = x->r_lm = x->r_retry = x->r_cc = NULL;
    } else if ((v = header_value(p, len, "Content-Type"))) set_header(&x->ctype, v);
    else if ((v = header_value(p, len, "ETag"))) set_header(&x->r_etag, v);
    else if ((v = header_value(p, len, "Last-Modified"))) set_header(&x->r_lm, v);
    else if ((v = header_value(p, len, "Retry-After"))) set_header(&x->r_retry, v);
    else if ((v = header_value(p, len, "Cache-Control"))) set_header(&x->r_cc, v);
    return len;
}

static void add_header(xfer *x, const char *name, const char *value)
{
    ak_buf b = {0};
    ak_buf_printf(&b, "%s: %s", name, value);
    x->headers = curl_slist_append(x->headers, b.data);
    ak_buf_free(&b);
}

/* The SSRF guard: libcurl asks here for every socket it connects, with
 * the address it resolved, so a name that resolves to the operator's own
 * network (or changes its answer after a check) is refused at the one
 * moment that counts. */
static curl_socket_t open_guarded(void *ud, curlsocktype purpose, struct curl_sockaddr *a)
{
    xfer *x = ud;
    if (purpose == CURLSOCKTYPE_IPCXN) {
        const char *kind = ak_addr_special(&a->addr);
        if (kind && !ak_cidr_list_match(&x->f->allow, &a->addr)) {
            char ip[64];
            ak_addr_text(&a->addr, ip, sizeof ip);
            ak_buf b = {0};
            ak_buf_printf(&b, "refused to connect to %s, %s %s address (SSRF guard; allow it with "
                              "allow_private)", ip, strchr("aeiou", kind[0]) ? "an" : "a", kind);
            free(x->blocked);
            x->blocked = ak_buf_steal(&b);
            return CURL_SOCKET_BAD;
        }
    }
    return socket(a->family, a->socktype, a->protocol);
}

static bool start(cr_fetcher *f, xfer *x)
{
    if (!ak_url_is_http(x->cur) || !x->h->name[0]) {
        answer(f, x, CR_EBADURL, "not an http(s) URL");
        return false;
    }
    long remaining = (long)f->o.timeout_ms - (long)(x->seconds * 1000);
    if (f->o.timeout_ms > 0 && remaining <= 0) {
        answer(f, x, CR_ETIMEOUT, "timed out across redirects");
        return false;
    }
    CURL *e = curl_easy_init();
    if (!e) {
        answer(f, x, CR_EOTHER, "cannot create a libcurl handle");
        return false;
    }
    x->easy = e;
    x->cap = f->o.max_bytes[x->kind] > 0 ? f->o.max_bytes[x->kind] : (8LL << 20);
    curl_easy_setopt(e, CURLOPT_URL, x->cur);
    curl_easy_setopt(e, CURLOPT_PRIVATE, x);
    curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(e, CURLOPT_WRITEDATA, x);
    curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(e, CURLOPT_HEADERDATA, x);
    curl_easy_setopt(e, CURLOPT_ERRORBUFFER, x->errbuf);
    curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
    /* Redirects are followed here, hop by hop, to see each status. */
    curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(e, CURLOPT_ACCEPT_ENCODING, "");
    curl_easy_setopt(e, CURLOPT_USERAGENT, f->o.user_agent);
    curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, (long)f->o.connect_timeout_ms);
    if (f->o.timeout_ms > 0) curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, remaining);
    if (f->o.low_speed_ms > 0 && f->o.low_speed_bps > 0) {
        curl_easy_setopt(e, CURLOPT_LOW_SPEED_LIMIT, (long)f->o.low_speed_bps);
        curl_easy_setopt(e, CURLOPT_LOW_SPEED_TIME, (long)((f->o.low_speed_ms + 999) / 1000));
    }
    /* A declared Content-Length over the cap fails at once (the stream is
     * capped too); robots.txt is cut instead, so it cannot be refused. */
    if (x->kind != CR_ROBOTS) curl_easy_setopt(e, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)x->cap);
    curl_easy_setopt(e, CURLOPT_PIPEWAIT, 1L);
    curl_easy_setopt(e, CURLOPT_TCP_KEEPALIVE, 1L);
    x->f = f;
    free(x->blocked); /* a new hop: only its own connections count */
    x->blocked = NULL;
    curl_easy_setopt(e, CURLOPT_OPENSOCKETFUNCTION, open_guarded);
    curl_easy_setopt(e, CURLOPT_OPENSOCKETDATA, x);
    if (x->h->insecure) {
        curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, 0L);
        curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, 0L);
    }
    x->headers = curl_slist_append(x->headers, accept_hdr[x->kind]);
    if (f->o.from && *f->o.from) add_header(x, "From", f->o.from);
    if (x->etag) add_header(x, "If-None-Match", x->etag);
    if (x->last_modified) add_header(x, "If-Modified-Since", x->last_modified);
    curl_easy_setopt(e, CURLOPT_HTTPHEADER, x->headers);
    if (curl_multi_add_handle(f->multi, e) != CURLM_OK) {
        curl_easy_cleanup(e);
        x->easy = NULL;
        answer(f, x, CR_EOTHER, "cannot add a transfer to the libcurl multi handle");
        return false;
    }
    f->active++;
    x->h->active++;
    f->stats.requests++;
    if (x->kind == CR_ROBOTS && !x->fn && x->redirects == 0) f->stats.robots_fetched++;
    x->rnext = f->running;
    if (f->running) f->running->rprev = x;
    f->running = x;
    ak_debug("GET %s", x->cur);
    return true;
}

/* Robots gate for a request about to start.  Returns true when it may
 * start now; otherwise it has been parked or answered. */
static bool robots_gate(cr_fetcher *f, host *h, xfer *x)
{
    if (!f->o.robots_agent || x->kind == CR_ROBOTS || !ak_url_is_http(x->cur)) return true;
    char *oname = ak_url_origin(x->cur);
    if (!oname) return true; /* answered CR_EBADURL by start() */
    origin *o = origin_get(f, oname);
    if (o->state != O_READY) {
        if (o->state == O_UNKNOWN) {
            ak_buf u = {0};
            ak_buf_printf(&u, "%s/robots.txt", oname);
            xfer *rx = xfer_new(u.data, CR_ROBOTS);
            ak_buf_free(&u);
            rx->robots_for = o;
            o->state = O_FETCHING;
            push_head(f, h, rx);
        }
        x->next = NULL;
        if (o->wait_tail) o->wait_tail->next = x;
        else o->wait_head = x;
        o->wait_tail = x;
        f->queued++;
        free(oname);
        return false;
    }
    free(oname);
    if (o->unreach != CR_OK) {
        answer(f, x, o->unreach, o->unreach_msg);
        return false;
    }
    rb_verdict v;
    if (rb_check(o->rules, x->cur, &v)) return true;
    f->stats.disallowed++;
    ak_buf why = {0};
    if (v.line) ak_buf_printf(&why, "disallowed by robots.txt (line %d: disallow: %s)", v.line, v.pattern);
    else ak_buf_printf(&why, "disallowed by robots.txt (%s)", v.why);
    answer(f, x, CR_EROBOTS, why.data);
    ak_buf_free(&why);
    return false;
}

static void answer_deferred(cr_fetcher *f, host *h, xfer *x)
{
    char iso[AK_ISO_MAX];
    ak_time_iso(h->deferred_until, iso);
    ak_buf why = {0};
    ak_buf_printf(&why, "host %s paused until %s (%s)", h->name, iso, h->pause_why ? h->pause_why : "");
    x->paused_until = h->deferred_until;
    f->stats.deferred++;
    answer(f, x, CR_EDEFERRED, why.data);
    ak_buf_free(&why);
}

/* Politeness shared with other processes (hooks.host_slot): true when x
 * may start now; otherwise x is back at the head of its host's queue,
 * asking again when the host's next start comes (*wait lowered to it) or
 * when a pause another process recorded ends. */
static bool shared_slot(cr_fetcher *f, host *h, xfer *x, int64_t now, int64_t wall, int delay, int64_t *wait)
{
    if (!f->hooks.host_slot || delay <= 0) return true;
    int64_t until = 0;
    const char *why = NULL;
    int64_t w = f->hooks.host_slot(f->hooks.udata, h->name, delay, &until, &why);
    if (until > wall) {
        push_head(f, h, x);
        int64_t secs = until - wall;
        pause_host(f, h, (long)secs, why ? why : "paused by another akhbar process", false,
                   secs * 1000 <= f->o.max_retry_wait_ms);
        ak_info("host %s: paused by another akhbar process until %+lld s (%s)", h->name, (long long)secs,
                why ? why : "");
        if (secs * 1000 < *wait) *wait = secs * 1000;
        return false;
    }
    if (w <= 0) return true;
    push_head(f, h, x);
    h->next_ms = now + w;
    if (w < *wait) *wait = w;
    return false;
}

/* Starts every request whose host allows it now; returns ms until the next
 * queued request may start (INT64_MAX if none waits on a timer). */
static int64_t start_ready(cr_fetcher *f)
{
    int64_t now = ak_mono_ms(), wait = INT64_MAX;
    int64_t wall = ak_now();
    size_t nh = f->nhosts;
    for (size_t k = 0; k < nh; k++) {
        host *h = f->hosts[(f->rr + k) % nh];
        if (h->deferred_until > wall) {
            xfer *x;
            while ((x = pop_head(f, h))) answer_deferred(f, h, x);
            continue;
        }
        if (h->head && now < h->pause_until_ms) {
            if (h->pause_until_ms - now < wait) wait = h->pause_until_ms - now;
            continue;
        }
        int maxh = h->max_per_host > 0 ? h->max_per_host : f->o.max_per_host;
        int delay = h->delay_ms >= 0 ? h->delay_ms : f->o.delay_ms;
        while (h->head && h->active < maxh && (int)f->active < f->o.max_transfers) {
            if (now < h->next_ms) {
                if (h->next_ms - now < wait) wait = h->next_ms - now;
                break;
            }
            xfer *x = pop_head(f, h);
            if (!robots_gate(f, h, x)) continue;
            if (!shared_slot(f, h, x, now, wall, delay, &wait)) break;
            if (start(f, x)) h->next_ms = now + delay;
        }
    }
    f->rr = nh ? (f->rr + 1) % nh : 0;
    return wait;
}

static cr_result map_error(CURLcode rc, xfer *x)
{
    if (x->truncated) return CR_OK;
    if (x->too_big || rc == CURLE_FILESIZE_EXCEEDED) return CR_ETOOBIG;
    switch (rc) {
    case CURLE_OK: return CR_OK;
    case CURLE_OPERATION_TIMEDOUT: return CR_ETIMEOUT;
    case CURLE_TOO_MANY_REDIRECTS: case CURLE_UNSUPPORTED_PROTOCOL: return CR_EREDIRECT;
    case CURLE_URL_MALFORMAT: return CR_EBADURL;
    case CURLE_COULDNT_RESOLVE_HOST: case CURLE_COULDNT_RESOLVE_PROXY:
    case CURLE_COULDNT_CONNECT: case CURLE_SSL_CONNECT_ERROR: case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SEND_ERROR: case CURLE_RECV_ERROR: case CURLE_GOT_NOTHING:
    case CURLE_SSL_CERTPROBLEM: case CURLE_SSL_CACERT_BADFILE: case CURLE_PARTIAL_FILE:
    case CURLE_HTTP2: case CURLE_HTTP2_STREAM: case CURLE_WEIRD_SERVER_REPLY:
        return CR_ENET;
    default: return CR_EOTHER;
    }
}

static bool is_redirect(long st)
{
    return st == 301 || st == 302 || st == 303 || st == 307 || st == 308;
}

/* A 3xx with a Location: the next hop, or an answer when it must not be
 * followed.  Returns true when x was answered. */
static bool follow(cr_fetcher *f, xfer *x, const char *raw)
{
    /* Raw octets in a Location are percent-encoded, as browsers do, so
     * what is requested, reported and stored is ASCII. */
    char *clean = ak_url_is_http(raw) ? ak_url_resolve(x->cur, raw) : NULL;
    const char *loc = clean ? clean : raw;
    ak_buf why = {0};
    /* RFC 9309 2.3.1.2: at least five hops for robots.txt. */
    int max = x->kind == CR_ROBOTS && f->o.max_redirects < 5 ? 5 : f->o.max_redirects;
    if (!ak_url_is_http(loc)) {
        ak_buf_printf(&why, "redirect (HTTP %ld) to a non-http(s) URL: %s", x->status, loc);
    } else if (x->redirects >= max) {
        ak_buf_printf(&why, "more than %d redirects (last to %s)", max, loc);
    } else {
        bool loop = strcmp(loc, x->url) == 0;
        for (int i = 0; i < x->redirects && !loop; i++) loop = strcmp(loc, x->seen[i]) == 0;
        if (loop) ak_buf_printf(&why, "redirect loop (HTTP %ld back to %s)", x->status, loc);
    }
    if (why.len) {
        answer(f, x, CR_EREDIRECT, why.data);
        ak_buf_free(&why);
        free(clean);
        return true;
    }
    bool permanent = x->status == 301 || x->status == 308;
    if (!permanent) x->perm_broken = true;
    else if (!x->perm_broken) {
        free(x->perm);
        x->perm = ak_strdup(loc);
    }
    x->seen = ak_realloc(x->seen, (size_t)(x->redirects + 1) * sizeof *x->seen);
    x->seen[x->redirects++] = ak_strdup(loc);
    ak_debug("redirect %ld %s -> %s", x->status, x->cur, loc);
    free(x->cur);
    x->cur = ak_strdup(loc);
    reset_response(x);
    push_head(f, host_for_url(f, x->cur), x);
    free(clean);
    return false;
}

static void finish(cr_fetcher *f, CURL *e, CURLcode rc)
{
    xfer *x = NULL;
    curl_easy_getinfo(e, CURLINFO_PRIVATE, (char **)&x);
    if (!x) return;
    f->active--;
    x->h->active--;
    curl_easy_getinfo(e, CURLINFO_RESPONSE_CODE, &x->status);
    double secs = 0;
    curl_easy_getinfo(e, CURLINFO_TOTAL_TIME, &secs);
    x->seconds += secs;
    char *loc = NULL;
    curl_easy_getinfo(e, CURLINFO_REDIRECT_URL, &loc);
    char *next = loc ? ak_strdup(loc) : NULL;
    f->stats.bytes += x->body.len;
    running_remove(f, x);
    cr_result res = map_error(rc, x);
    if (res == CR_OK && (x->status == 429 || x->status == 503)) {
        long ra = cr_parse_retry_after(x->r_retry, ak_now());
        if (ra < 0 && x->status == 429) ra = f->o.default_retry_after_s;
        if (ra > 0) {
            /* Waited out when short, a few times per request and per host
             * (a host that keeps throttling is left for a later run). */
            bool hold = (long long)ra * 1000 <= f->o.max_retry_wait_ms && x->holds < MAX_HOLDS &&
                        x->h->holds < MAX_HOST_HOLDS && !f->stop;
            ak_buf why = {0};
            ak_buf_printf(&why, "HTTP %ld, Retry-After %s", x->status, x->r_retry ? x->r_retry : "absent");
            if (!hold && (long long)ra * 1000 <= f->o.max_retry_wait_ms)
                ak_buf_printf(&why, ", %d times in this run", x->h->holds + 1);
            pause_host(f, x->h, ra, why.data, true, hold);
            ak_buf_free(&why);
            if (hold) {
                x->h->holds++;
                x->holds++;
                f->stats.held++;
                reset_response(x);
                push_head(f, x->h, x);
                free(next);
                return;
            }
            x->paused_until = ak_now() + ra;
        }
    }
    if (res == CR_OK && is_redirect(x->status) && next) {
        follow(f, x, next);
        free(next);
        return;
    }
    free(next);
    ak_buf msg = {0};
    if (res != CR_OK && res != CR_ETOOBIG && x->blocked) {
        res = CR_EBLOCKED;
        ak_buf_puts(&msg, x->blocked);
    } else if (res == CR_ETOOBIG) ak_buf_printf(&msg, "body larger than %lld bytes (cut off)", x->cap);
    else if (res != CR_OK) ak_buf_puts(&msg, x->errbuf[0] ? x->errbuf : curl_easy_strerror(rc));
    answer(f, x, res, res == CR_OK ? NULL : msg.data);
    ak_buf_free(&msg);
}

static void abort_running(cr_fetcher *f)
{
    while (f->running) {
        xfer *x = f->running;
        f->active--;
        x->h->active--;
        answer(f, x, CR_ESTOPPED, "crawl stopped during the transfer");
    }
}

int cr_run(cr_fetcher *f)
{
    int ret = 0;
    for (;;) {
        int64_t wait = f->stop ? INT64_MAX : start_ready(f);
        if (f->active == 0 && (f->queued == 0 || f->stop)) break;
        if (f->stop == 2) {
            abort_running(f);
            break;
        }
        int running = 0;
        if (f->lock) f->lock(f->lock_ud, 0);
        CURLMcode mc = curl_multi_perform(f->multi, &running);
        if (f->lock) f->lock(f->lock_ud, 1);
        if (mc != CURLM_OK) {
            ak_error("libcurl multi handle failed");
            ret = -1;
            break;
        }
        CURLMsg *m;
        int left;
        bool done_any = false;
        while ((m = curl_multi_info_read(f->multi, &left)))
            if (m->msg == CURLMSG_DONE) {
                finish(f, m->easy_handle, m->data.result);
                done_any = true;
            }
        if (done_any) continue; /* callbacks may have queued work: start it now */
        long t = -1;
        curl_multi_timeout(f->multi, &t);
        if (t < 0 || t > 250) t = 250; /* stay responsive to cr_stop */
        if (wait < t) t = (long)wait;
        if (f->active == 0 && wait == INT64_MAX) t = 0;
        if (f->lock) f->lock(f->lock_ud, 0);
        curl_multi_poll(f->multi, NULL, 0, (int)t, NULL);
        if (f->lock) f->lock(f->lock_ud, 1);
    }
    return ret;
}

void cr_set_lock(cr_fetcher *f, void (*fn)(void *udata, int take), void *udata)
{
    f->lock = fn;
    f->lock_ud = udata;
}

void cr_stop(cr_fetcher *f, int graceful) { f->stop = graceful ? 1 : 2; }

size_t cr_pending(const cr_fetcher *f) { return f->queued + f->active; }

void cr_get_stats(const cr_fetcher *f, cr_stats *s) { *s = f->stats; }

void cr_free(cr_fetcher *f)
{
    if (!f) return;
    f->freeing = true;
    abort_running(f);
    for (size_t i = 0; i < f->norigins; i++) {
        origin *o = f->origins[i];
        while (o->wait_head) {
            xfer *x = o->wait_head;
            o->wait_head = x->next;
            f->queued--;
            answer(f, x, CR_ESTOPPED, "crawl stopped before this request was sent");
        }
    }
    for (size_t i = 0; i < f->nhosts; i++) {
        host *h = f->hosts[i];
        xfer *x;
        while ((x = pop_head(f, h))) answer(f, x, CR_ESTOPPED, "crawl stopped before this request was sent");
    }
    for (size_t i = 0; i < f->nhosts; i++) {
        free(f->hosts[i]->name);
        free(f->hosts[i]->pause_why);
        free(f->hosts[i]);
    }
    for (size_t i = 0; i < f->norigins; i++) {
        origin *o = f->origins[i];
        rb_free(o->rules);
        free(o->unreach_msg);
        free(o->stale);
        free(o->name);
        free(o);
    }
    for (size_t i = 0; i < f->nsites; i++) free(f->sites[i].name);
    free(f->sites);
    free(f->hosts);
    free(f->origins);
    curl_multi_cleanup(f->multi);
    ak_cidr_list_free(&f->allow);
    free((char *)f->o.user_agent);
    free((char *)f->o.from);
    free((char *)f->o.robots_agent);
    free(f);
}
