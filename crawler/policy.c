/* policy.c -- Retry-After, Cache-Control max-age, back-off (see policy.h). */
#include "crawler/policy.h"

#include <ctype.h>
#include <stdbool.h>
#include <curl/curl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define MAX_RETRY_AFTER (30L * 86400)

long cr_parse_retry_after(const char *v, int64_t now)
{
    if (!v) return -1;
    while (*v == ' ' || *v == '\t') v++;
    if (!*v) return -1;
    if (isdigit((unsigned char)*v)) {
        const char *p = v;
        while (isdigit((unsigned char)*p)) p++;
        const char *q = p;
        while (*q == ' ' || *q == '\t') q++;
        if (!*q) {
            if (p - v > 9) return MAX_RETRY_AFTER; /* absurdly large: cap */
            long s = strtol(v, NULL, 10);
            return s > MAX_RETRY_AFTER ? MAX_RETRY_AFTER : s;
        }
        /* "1 Jan ..." style dates start with a digit too: fall through. */
    }
    time_t t = curl_getdate(v, NULL);
    if (t == (time_t)-1) return -1;
    int64_t d = (int64_t)t - now;
    if (d < 0) return 0;
    return d > MAX_RETRY_AFTER ? MAX_RETRY_AFTER : (long)d;
}

long cr_parse_max_age(const char *cc)
{
    if (!cc) return -1;
    long max_age = -1;
    const char *p = cc;
    while (*p) {
        while (*p == ' ' || *p == '\t' || *p == ',') p++;
        const char *name = p;
        while (*p && *p != '=' && *p != ',' && *p != ' ' && *p != '\t') p++;
        size_t nlen = (size_t)(p - name);
        while (*p == ' ' || *p == '\t') p++;
        const char *val = NULL;
        size_t vlen = 0;
        if (*p == '=') {
            p++;
            while (*p == ' ' || *p == '\t') p++;
            bool quoted = *p == '"';
            if (quoted) p++;
            val = p;
            while (*p && (quoted ? *p != '"' : (*p != ',' && *p != ' ' && *p != '\t'))) p++;
            vlen = (size_t)(p - val);
            if (quoted && *p == '"') p++;
            while (*p && *p != ',') p++;
        }
        if ((nlen == 8 && strncasecmp(name, "no-cache", 8) == 0) ||
            (nlen == 8 && strncasecmp(name, "no-store", 8) == 0))
            return 0;
        if (nlen == 7 && strncasecmp(name, "max-age", 7) == 0 && val && vlen > 0) {
            bool digits = true;
            for (size_t i = 0; i < vlen; i++) digits = digits && isdigit((unsigned char)val[i]);
            if (digits) max_age = vlen > 9 ? 999999999L : strtol(val, NULL, 10);
        }
    }
    return max_age;
}

int64_t cr_backoff_s(int n, int64_t base_s, int64_t max_s, double jitter01)
{
    if (n < 1 || base_s <= 0) return 0;
    int64_t d = base_s;
    for (int i = 1; i < n && d < max_s; i++) d *= 2;
    if (max_s > 0 && d > max_s) d = max_s;
    if (jitter01 < 0) jitter01 = 0;
    if (jitter01 >= 1) jitter01 = 0.999999;
    return d / 2 + (int64_t)((double)(d - d / 2) * jitter01);
}
