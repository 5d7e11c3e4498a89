/* fuzz_robots.c -- the robots.txt parser and matcher on arbitrary bytes.
 * The first line of the input is a URL (or path) to check, the rest is the
 * robots.txt.  Invariants: never a crash; /robots.txt itself is always
 * allowed; rb_check and rb_allowed agree; a rule verdict names its
 * pattern; the sitemap list is readable (each at most the %-encoded input); a parse capped at a few bytes
 * is still a valid rule set. */
#include "crawler/robots.h"
#include "tests/fuzz/fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const uint8_t *nl = memchr(data, '\n', size);
    size_t ulen = nl ? (size_t)(nl - data) : size;
    char *url = fuzz_cstr(data, ulen);
    const char *body = nl ? (const char *)nl + 1 : "";
    size_t blen = nl ? size - ulen - 1 : 0;
    const char *agents[] = {"akhbar", "googlebot", "*", ""};
    for (size_t a = 0; a < sizeof agents / sizeof agents[0]; a++) {
        rb_rules *r = rb_parse(body, blen, agents[a], 0);
        if (!r) abort();
        rb_verdict v;
        bool ok = rb_check(r, url, &v);
        if (ok != rb_allowed(r, url)) abort();
        if (!v.why) abort();
        if (strcmp(v.why, "rule") == 0 && !v.pattern) abort();
        if (!rb_allowed(r, "/robots.txt") || !rb_allowed(r, "https://example.org/robots.txt")) abort();
        for (size_t i = 0; i < rb_nsitemaps(r); i++)
            if (!rb_sitemap(r, i) || strlen(rb_sitemap(r, i)) > 3 * blen) abort(); /* %-encoded */
        rb_free(r);
    }
    /* A tiny byte cap (the parser is given at least its minimum). */
    rb_rules *r = rb_parse(body, blen, "akhbar", 16);
    if (!r) abort();
    (void)rb_allowed(r, url);
    rb_free(r);
    char *tok = rb_agent_token(url);
    if (!tok) abort();
    free(tok);
    free(url);
    return 0;
}
