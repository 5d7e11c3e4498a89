/* fetch.c -- the libcurl multi loop with per-host queues (see fetch.h). */
#include "crawler/fetch.h"
#include "common/buf.h"
#include "common/log.h"
#include "common/mem.h"
#include "common/timeutil.h"
#include "common/url.h"

#include <ctype.h>
#include <curl/curl.h>
#include <signal.h>
#include <stdbool.h>
#include <string.h>
#include <strings.h>

typedef struct host host;

typedef struct xfer {
    struct xfer *next;          /* next in its host's queue */
    struct xfer *rprev, *rnext; /* running list links */
    host *h;                    /* host it belongs to */
    char *url;                  /* requested URL */
    cr_kind kind;               /* request kind */
    char *etag, *last_modified; /* validators to send */
    cr_done_fn *fn;             /* completion callback */
    void *udata;                /* its argument */
    CURL *easy;                 /* running transfer, NULL while queued */
    struct curl_slist *headers; /* request headers */
    ak_buf body;                /* decoded body so far */
    long long cap;              /* body cap */
    bool too_big;               /* cap hit */
    char *ctype, *r_etag, *r_lm;/* response headers of the last response */
    char errbuf[CURL_ERROR_SIZE];
} xfer;

struct host {
    char *name;                 /* "host[:port]" */
    xfer *head, *tail;          /* queued requests */
    int active;                 /* running transfers */
    int64_t next_ms;            /* monotonic ms before which none may start */
    int delay_ms;               /* gap between starts, -1 = default */
    int max_per_host;           /* concurrency, -1 = default */
};

struct cr_fetcher {
    CURLM *multi;               /* the one multi handle */
    cr_options o;               /* options (strings owned) */
    host **hosts;               /* known hosts */
    size_t nhosts, cap;
    size_t rr;                  /* round-robin start for fairness */
    size_t queued, active;      /* counts */
    volatile sig_atomic_t stop; /* 0 run, 1 graceful stop, 2 abort */
    xfer *running;              /* transfers in the multi handle */
    cr_stats stats;             /* counters */
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
    f->multi = curl_multi_init();
    if (!f->multi) {
        *err = ak_strdup("cannot create a libcurl multi handle");
        free((char *)f->o.user_agent);
        free((char *)f->o.from);
        free(f);
        return NULL;
    }
    curl_multi_setopt(f->multi, CURLMOPT_MAX_TOTAL_CONNECTIONS, (long)o->max_transfers);
    curl_multi_setopt(f->multi, CURLMOPT_MAX_HOST_CONNECTIONS, (long)o->max_per_host);
    curl_multi_setopt(f->multi, CURLMOPT_PIPELINING, CURLPIPE_MULTIPLEX);
    return f;
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

void cr_set_host(cr_fetcher *f, const char *name, int delay_ms, int max_per_host)
{
    char *low = ak_strdup(name);
    for (char *p = low; *p; p++) *p = (char)tolower((unsigned char)*p);
    host *h = host_get(f, low);
    free(low);
    h->delay_ms = delay_ms;
    h->max_per_host = max_per_host;
}

void cr_add(cr_fetcher *f, const cr_request *req, cr_done_fn *fn, void *udata)
{
    xfer *x = ak_calloc(1, sizeof *x);
    x->url = ak_strdup(req->url ? req->url : "");
    x->kind = req->kind < CR_NKINDS ? req->kind : CR_PAGE;
    x->etag = ak_strdup(req->etag);
    x->last_modified = ak_strdup(req->last_modified);
    x->fn = fn;
    x->udata = udata;
    char *a = authority(x->url);
    x->h = host_get(f, a);
    free(a);
    if (x->h->tail) x->h->tail->next = x;
    else x->h->head = x;
    x->h->tail = x;
    f->queued++;
}

static void xfer_free(xfer *x)
{
    free(x->url);
    free(x->etag);
    free(x->last_modified);
    free(x->ctype);
    free(x->r_etag);
    free(x->r_lm);
    curl_slist_free_all(x->headers);
    ak_buf_free(&x->body);
    free(x);
}

/* Answers a request and frees it. */
static void answer(cr_fetcher *f, xfer *x, cr_result res, const char *error)
{
    cr_response r = {
        .url = x->url,
        .final_url = x->url,
        .kind = x->kind,
        .result = res,
        .error = error,
        .content_type = x->ctype,
        .etag = x->r_etag,
        .last_modified = x->r_lm,
        .retry_after = -1,
        .body = x->body.data ? x->body.data : "",
        .len = x->body.len,
    };
    if (x->easy) {
        char *eff = NULL;
        curl_easy_getinfo(x->easy, CURLINFO_EFFECTIVE_URL, &eff);
        if (eff) r.final_url = eff;
        curl_easy_getinfo(x->easy, CURLINFO_RESPONSE_CODE, &r.status);
        curl_off_t ra = -1;
        if (curl_easy_getinfo(x->easy, CURLINFO_RETRY_AFTER, &ra) == CURLE_OK && ra > 0)
            r.retry_after = (long)ra;
        curl_easy_getinfo(x->easy, CURLINFO_TOTAL_TIME, &r.seconds);
    }
    if (res != CR_OK) f->stats.failed++;
    f->stats.bytes += x->body.len;
    x->fn(&r, x->udata);
    if (x->easy) {
        curl_multi_remove_handle(f->multi, x->easy);
        curl_easy_cleanup(x->easy);
        x->easy = NULL;
        if (x->rprev) x->rprev->rnext = x->rnext;
        else if (f->running == x) f->running = x->rnext;
        if (x->rnext) x->rnext->rprev = x->rprev;
    }
    xfer_free(x);
}

static size_t on_body(char *p, size_t size, size_t n, void *ud)
{
    xfer *x = ud;
    size_t len = size * n;
    if ((long long)(x->body.len + len) > x->cap) {
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

static size_t on_header(char *p, size_t size, size_t n, void *ud)
{
    xfer *x = ud;
    size_t len = size * n;
    char *v;
    if (len > 5 && strncmp(p, "HTTP/", 5) == 0) {
        /* A new response (after a redirect or 100 Continue): forget the old one. */
        free(x->ctype), free(x->r_etag), free(x->r_lm);
        x->ctype = x->r_etag = x->r_lm = NULL;
    } else if ((v = header_value(p, len, "Content-Type"))) {
        free(x->ctype);
        x->ctype = v;
    } else if ((v = header_value(p, len, "ETag"))) {
        free(x->r_etag);
        x->r_etag = v;
    } else if ((v = header_value(p, len, "Last-Modified"))) {
        free(x->r_lm);
        x->r_lm = v;
    }
    return len;
}

static bool start(cr_fetcher *f, xfer *x)
{
    if (!ak_url_is_http(x->url) || !x->h->name[0]) {
        answer(f, x, CR_EBADURL, "not an http(s) URL");
        return false;
    }
    CURL *e = curl_easy_init();
    if (!e) {
        answer(f, x, CR_EOTHER, "cannot create a libcurl handle");
        return false;
    }
    x->easy = e;
    x->cap = f->o.max_bytes[x->kind] > 0 ? f->o.max_bytes[x->kind] : (8LL << 20);
    curl_easy_setopt(e, CURLOPT_URL, x->url);
    curl_easy_setopt(e, CURLOPT_PRIVATE, x);
    curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(e, CURLOPT_WRITEDATA, x);
    curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(e, CURLOPT_HEADERDATA, x);
    curl_easy_setopt(e, CURLOPT_ERRORBUFFER, x->errbuf);
    curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(e, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 1L);
    curl_easy_setopt(e, CURLOPT_MAXREDIRS, (long)f->o.max_redirects);
    curl_easy_setopt(e, CURLOPT_ACCEPT_ENCODING, "");
    curl_easy_setopt(e, CURLOPT_USERAGENT, f->o.user_agent);
    curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, (long)f->o.connect_timeout_ms);
    curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, (long)f->o.timeout_ms);
    if (f->o.low_speed_ms > 0 && f->o.low_speed_bps > 0) {
        curl_easy_setopt(e, CURLOPT_LOW_SPEED_LIMIT, (long)f->o.low_speed_bps);
        curl_easy_setopt(e, CURLOPT_LOW_SPEED_TIME, (long)((f->o.low_speed_ms + 999) / 1000));
    }
    curl_easy_setopt(e, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)x->cap);
    curl_easy_setopt(e, CURLOPT_PIPEWAIT, 1L);
    curl_easy_setopt(e, CURLOPT_TCP_KEEPALIVE, 1L);
    x->headers = curl_slist_append(x->headers, accept_hdr[x->kind]);
    if (f->o.from && *f->o.from) {
        char *h = ak_malloc(strlen(f->o.from) + 8);
        strcpy(h, "From: ");
        strcat(h, f->o.from);
        x->headers = curl_slist_append(x->headers, h);
        free(h);
    }
    if (x->etag) {
        char *h = ak_malloc(strlen(x->etag) + 20);
        strcpy(h, "If-None-Match: ");
        strcat(h, x->etag);
        x->headers = curl_slist_append(x->headers, h);
        free(h);
    }
    if (x->last_modified) {
        char *h = ak_malloc(strlen(x->last_modified) + 24);
        strcpy(h, "If-Modified-Since: ");
        strcat(h, x->last_modified);
        x->headers = curl_slist_append(x->headers, h);
        free(h);
    }
    curl_easy_setopt(e, CURLOPT_HTTPHEADER, x->headers);
    if (curl_multi_add_handle(f->multi, e) != CURLM_OK) {
        answer(f, x, CR_EOTHER, "cannot add a transfer to the libcurl multi handle");
        return false;
    }
    f->active++;
    x->h->active++;
    f->stats.requests++;
    x->rnext = f->running;
    if (f->running) f->running->rprev = x;
    f->running = x;
    ak_debug("GET %s", x->url);
    return true;
}

/* Starts every request whose host allows it now; returns ms until the next
 * queued request may start (INT64_MAX if none waits on a timer). */
static int64_t start_ready(cr_fetcher *f)
{
    int64_t now = ak_mono_ms(), wait = INT64_MAX;
    size_t nh = f->nhosts;
    for (size_t k = 0; k < nh; k++) {
        host *h = f->hosts[(f->rr + k) % nh];
        int maxh = h->max_per_host > 0 ? h->max_per_host : f->o.max_per_host;
        int delay = h->delay_ms >= 0 ? h->delay_ms : f->o.delay_ms;
        while (h->head && h->active < maxh && (int)f->active < f->o.max_transfers) {
            if (now < h->next_ms) {
                if (h->next_ms - now < wait) wait = h->next_ms - now;
                break;
            }
            xfer *x = h->head;
            h->head = x->next;
            if (!h->head) h->tail = NULL;
            x->next = NULL;
            f->queued--;
            if (start(f, x)) h->next_ms = now + delay;
        }
    }
    f->rr = nh ? (f->rr + 1) % nh : 0;
    return wait;
}

static cr_result map_error(CURLcode rc, xfer *x)
{
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

static void finish(cr_fetcher *f, CURL *e, CURLcode rc)
{
    xfer *x = NULL;
    curl_easy_getinfo(e, CURLINFO_PRIVATE, (char **)&x);
    if (!x) return;
    f->active--;
    x->h->active--;
    cr_result res = map_error(rc, x);
    ak_buf msg = {0};
    if (res == CR_ETOOBIG) ak_buf_printf(&msg, "body larger than %lld bytes (cut off)", x->cap);
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
        if (curl_multi_perform(f->multi, &running) != CURLM_OK) {
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
        curl_multi_poll(f->multi, NULL, 0, (int)t, NULL);
    }
    return ret;
}

void cr_stop(cr_fetcher *f, int graceful) { f->stop = graceful ? 1 : 2; }

size_t cr_pending(const cr_fetcher *f) { return f->queued + f->active; }

void cr_get_stats(const cr_fetcher *f, cr_stats *s) { *s = f->stats; }

void cr_free(cr_fetcher *f)
{
    if (!f) return;
    for (size_t i = 0; i < f->nhosts; i++) {
        host *h = f->hosts[i];
        while (h->head) {
            xfer *x = h->head;
            h->head = x->next;
            answer(f, x, CR_ESTOPPED, "crawl stopped before this request was sent");
        }
    }
    abort_running(f);
    for (size_t i = 0; i < f->nhosts; i++) {
        free(f->hosts[i]->name);
        free(f->hosts[i]);
    }
    free(f->hosts);
    curl_multi_cleanup(f->multi);
    free((char *)f->o.user_agent);
    free((char *)f->o.from);
    free(f);
}
