/* url.c -- URL resolution and identity normalisation on top of curl_url(). */
#include "common/url.h"
#include "common/buf.h"
#include "common/mem.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <curl/curl.h>
#include <string.h>
#include <strings.h>

/* Browsers accept what RFC 3986 does not: strip surrounding white space and
 * embedded tab/CR/LF, percent-encode raw non-ASCII bytes, spaces and the
 * few characters curl refuses, and turn '\' into '/'. */
static char *lenient(const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    while (*s && (unsigned char)*s <= ' ') s++;
    size_t n = strlen(s);
    while (n && (unsigned char)s[n - 1] <= ' ') n--;
    ak_buf b = {0};
    ak_buf_reserve(&b, n);
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '\t' || c == '\n' || c == '\r') continue;
        if (c >= 0x80 || c <= ' ' || c == '"' || c == '<' || c == '>' ||
            c == '^' || c == '`' || c == '{' || c == '|' || c == '}') {
            char e[3] = {'%', hex[c >> 4], hex[c & 15]};
            ak_buf_append(&b, e, 3);
        } else if (c == '\\') {
            ak_buf_putc(&b, '/');
        } else {
            ak_buf_putc(&b, (char)c);
        }
    }
    return ak_buf_steal(&b);
}

static bool has_scheme(const char *s)
{
    if (!isalpha((unsigned char)*s)) return false;
    for (const char *p = s + 1; *p; p++) {
        if (*p == ':') return true;
        if (!isalnum((unsigned char)*p) && *p != '+' && *p != '-' && *p != '.') return false;
    }
    return false;
}

bool ak_url_is_http(const char *url)
{
    return url && (strncasecmp(url, "http://", 7) == 0 || strncasecmp(url, "https://", 8) == 0);
}

/* A host akhbar can fetch: a DNS name (letters, digits, '-', '_', '.') or
 * a bracketed IPv6 literal.  curl decodes percent-escapes in host names,
 * so "x.m%AFa" would otherwise become a raw, invalid byte. */
static bool valid_host(const char *h)
{
    if (!h || !*h) return false;
    if (h[0] == '[') {
        for (const char *p = h + 1; *p && *p != ']'; p++)
            if (!isxdigit((unsigned char)*p) && *p != ':' && *p != '.') return false;
        return h[strlen(h) - 1] == ']';
    }
    /* Labels of letters, digits, '-' and '_', separated by single dots; a
     * final dot (the DNS root) is allowed. */
    size_t label = 0, labels = 0;
    for (const char *p = h; *p; p++) {
        if (*p == '.') {
            if (!label) return false;
            labels++;
            label = 0;
        } else if (isalnum((unsigned char)*p) || *p == '-' || *p == '_') {
            label++;
        } else {
            return false;
        }
    }
    return labels + (label > 0) > 0;
}

static char *resolve(const char *base, const char *ref, bool http_only)
{
    if (!ref) return NULL;
    char *r = lenient(ref);
    if (!*r) {
        free(r);
        return NULL;
    }
    if (has_scheme(r) && !ak_url_is_http(r)) {
        if (http_only) {
            free(r);
            return NULL;
        }
        return r; /* tag:, urn:, mailto: ids are kept verbatim */
    }
    CURLU *u = curl_url();
    char *out = NULL;
    CURLUcode rc = CURLUE_OK;
    if (base && *base && !ak_url_is_http(r)) {
        char *b = lenient(base);
        rc = curl_url_set(u, CURLUPART_URL, b, 0);
        free(b);
        if (rc == CURLUE_OK) rc = curl_url_set(u, CURLUPART_URL, r, 0);
    } else {
        rc = curl_url_set(u, CURLUPART_URL, r, 0);
    }
    char *s = NULL, *host = NULL;
    if (rc == CURLUE_OK && curl_url_get(u, CURLUPART_URL, &s, 0) == CURLUE_OK &&
        ak_url_is_http(s) && curl_url_get(u, CURLUPART_HOST, &host, 0) == CURLUE_OK &&
        valid_host(host))
        out = ak_strdup(s);
    curl_free(s);
    curl_free(host);
    curl_url_cleanup(u);
    free(r);
    return out;
}

char *ak_url_resolve(const char *base, const char *ref) { return resolve(base, ref, true); }
char *ak_url_resolve_any(const char *base, const char *ref) { return resolve(base, ref, false); }

bool ak_url_is_tracking_param(const char *name, size_t len)
{
    static const char *const exact[] = {
        "fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "igshid",
        "mc_cid", "mc_eid", "_ga", "_gl", "ncid", "cmpid", "ocid", "spm",
        "__twitter_impression", "amp_js_v", "amp_gsa", "usqp", NULL};
    if (len > 4 && strncasecmp(name, "utm_", 4) == 0) return true;
    if (len > 3 && strncasecmp(name, "at_", 3) == 0) return true; /* AT Internet */
    for (int i = 0; exact[i]; i++)
        if (strlen(exact[i]) == len && strncasecmp(name, exact[i], len) == 0) return true;
    return false;
}

static int hexval(int c)
{
    if (c >= '0' && c <= '9') return c - '0';
    c = tolower(c);
    return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* Percent-escapes in upper case; escapes of unreserved characters decoded;
 * a '%' that starts no escape written "%25". */
static void norm_escapes(ak_buf *b, const char *s, size_t n)
{
    static const char hex[] = "0123456789ABCDEF";
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '%' && i + 2 < n && hexval(s[i + 1]) >= 0 && hexval(s[i + 2]) >= 0) {
            int c = hexval(s[i + 1]) * 16 + hexval(s[i + 2]);
            if (isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
                ak_buf_putc(b, (char)c);
            } else {
                char e[3] = {'%', hex[c >> 4], hex[c & 15]};
                ak_buf_append(b, e, 3);
            }
            i += 2;
        } else if (s[i] == '%') {
            /* A stray '%' is written "%25", so that decoding a following
             * escape can never form a new one ("%2%44" must not become
             * "%2D" and then "-"). */
            ak_buf_puts(b, "%25");
        } else {
            ak_buf_putc(b, s[i]);
        }
    }
}

static char *get_part(CURLU *u, CURLUPart part, unsigned flags)
{
    char *s = NULL;
    if (curl_url_get(u, part, &s, flags) != CURLUE_OK) return NULL;
    char *out = ak_strdup(s);
    curl_free(s);
    return out;
}

static CURLU *parse_http(const char *url)
{
    if (!url) return NULL;
    char *r = lenient(url);
    CURLU *u = curl_url();
    char *host = NULL;
    if (!ak_url_is_http(r) || curl_url_set(u, CURLUPART_URL, r, 0) != CURLUE_OK ||
        curl_url_get(u, CURLUPART_HOST, &host, 0) != CURLUE_OK || !valid_host(host)) {
        curl_url_cleanup(u);
        u = NULL;
    }
    curl_free(host);
    free(r);
    return u;
}

static void lower(char *s)
{
    for (; s && *s; s++) *s = (char)tolower((unsigned char)*s);
}

static char *normalize_once(const char *url)
{
    CURLU *u = parse_http(url);
    if (!u) return NULL;
    char *scheme = get_part(u, CURLUPART_SCHEME, 0);
    char *host = get_part(u, CURLUPART_HOST, 0);
    char *port = get_part(u, CURLUPART_PORT, 0);
    char *path = get_part(u, CURLUPART_PATH, 0);
    char *query = get_part(u, CURLUPART_QUERY, 0);
    curl_url_cleanup(u);
    char *out = NULL;
    if (scheme && host && *host) {
        lower(scheme);
        lower(host);
        size_t hl = strlen(host);
        if (hl && host[hl - 1] == '.') host[hl - 1] = '\0'; /* "x.ma." == "x.ma" */
        /* Numeric hosts in any of the forms resolvers accept ("8",
         * "0x7f.1", "127.1") are written as a dotted quad, as curl does. */
        struct in_addr in;
        if (host[0] && strspn(host, "0123456789abcdefx.") == strlen(host) && inet_aton(host, &in)) {
            free(host);
            host = ak_strdup(inet_ntoa(in));
        }
        ak_buf b = {0};
        ak_buf_printf(&b, "%s://%s", scheme, host);
        bool dflt = !port || (strcmp(scheme, "http") == 0 && strcmp(port, "80") == 0) ||
                    (strcmp(scheme, "https") == 0 && strcmp(port, "443") == 0);
        if (!dflt) ak_buf_printf(&b, ":%s", port);
        if (!path || !*path) ak_buf_putc(&b, '/');
        else norm_escapes(&b, path, strlen(path));
        if (query && *query) {
            size_t mark = b.len;
            ak_buf_putc(&b, '?');
            const char *p = query;
            bool first = true;
            while (*p) {
                const char *amp = strchr(p, '&');
                size_t len = amp ? (size_t)(amp - p) : strlen(p);
                const char *eq = memchr(p, '=', len);
                size_t nlen = eq ? (size_t)(eq - p) : len;
                if (len && !ak_url_is_tracking_param(p, nlen)) {
                    if (!first) ak_buf_putc(&b, '&');
                    norm_escapes(&b, p, len);
                    first = false;
                }
                p += len + (amp ? 1 : 0);
            }
            if (first) { /* every parameter was tracking: drop the '?' */
                b.len = mark;
                b.data[mark] = '\0';
            }
        }
        out = ak_buf_steal(&b);
    }
    free(scheme);
    free(host);
    free(port);
    free(path);
    free(query);
    return out;
}

/* One pass can expose work for the next ("%2e" decodes to a dot segment
 * that the next parse removes), so passes repeat until nothing changes. */
char *ak_url_normalize(const char *url)
{
    char *cur = normalize_once(url);
    for (int i = 0; cur && i < 4; i++) {
        char *next = normalize_once(cur);
        if (!next || strcmp(next, cur) == 0) {
            free(next);
            break;
        }
        free(cur);
        cur = next;
    }
    return cur;
}

char *ak_url_host(const char *url)
{
    CURLU *u = parse_http(url);
    if (!u) return NULL;
    char *host = get_part(u, CURLUPART_HOST, 0);
    curl_url_cleanup(u);
    lower(host);
    if (host && !*host) {
        free(host);
        host = NULL;
    }
    return host;
}

char *ak_url_origin(const char *url)
{
    CURLU *u = parse_http(url);
    if (!u) return NULL;
    char *scheme = get_part(u, CURLUPART_SCHEME, 0);
    char *host = get_part(u, CURLUPART_HOST, 0);
    char *port = get_part(u, CURLUPART_PORT, 0);
    curl_url_cleanup(u);
    char *out = NULL;
    if (scheme && host) {
        lower(scheme);
        lower(host);
        ak_buf b = {0};
        ak_buf_printf(&b, "%s://%s", scheme, host);
        if (port && !((strcmp(scheme, "http") == 0 && strcmp(port, "80") == 0) ||
                      (strcmp(scheme, "https") == 0 && strcmp(port, "443") == 0)))
            ak_buf_printf(&b, ":%s", port);
        out = ak_buf_steal(&b);
    }
    free(scheme);
    free(host);
    free(port);
    return out;
}

char *ak_url_path_query(const char *url)
{
    CURLU *u = parse_http(url);
    if (!u) return NULL;
    char *path = get_part(u, CURLUPART_PATH, 0);
    char *query = get_part(u, CURLUPART_QUERY, 0);
    curl_url_cleanup(u);
    ak_buf b = {0};
    ak_buf_puts(&b, path && *path ? path : "/");
    if (query) ak_buf_printf(&b, "?%s", query);
    free(path);
    free(query);
    return ak_buf_steal(&b);
}
