/* test_robots.c -- robots.txt parsing and matching, from the text of
 * RFC 9309 (its examples and each rule of sections 2.1-2.5) and the
 * parser's own bounds.  Table-driven: {robots.txt, agent, URL, allowed}. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "crawler/robots.h"

typedef struct rcase {
    const char *robots; /* the file */
    const char *agent;  /* product token */
    const char *url;    /* URL or path */
    int allowed;        /* expected */
} rcase;

static void run_cases(const rcase *cs, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        rb_rules *r = rb_parse(cs[i].robots, strlen(cs[i].robots), cs[i].agent, 0);
        bool got = rb_allowed(r, cs[i].url);
        if (got != (cs[i].allowed != 0))
            fail_msg("case %zu: agent %s url %s: expected %s, got %s\nrobots.txt:\n%s", i, cs[i].agent,
                     cs[i].url, cs[i].allowed ? "allowed" : "disallowed", got ? "allowed" : "disallowed",
                     cs[i].robots);
        rb_free(r);
    }
}

/* RFC 9309 section 5.1, "Simple Example", with the outcomes its text gives. */
static const char *const rfc_5_1 =
    "User-Agent: *\n"
    "Disallow: *.gif$\n"
    "Disallow: /example/\n"
    "Allow: /publications/\n"
    "\n"
    "User-Agent: foobot\n"
    "Disallow:/\n"
    "Allow:/example/page.html\n"
    "Allow:/example/allowed.gif\n"
    "\n"
    "User-Agent: barbot\n"
    "User-Agent: bazbot\n"
    "Disallow: /example/page.html\n"
    "\n"
    "User-Agent: quxbot\n"
    "\n"
    "EOF\n";

static void test_rfc_simple_example(void **state)
{
    (void)state;
    const rcase cs[] = {
        /* "*": gifs, /example/ disallowed; /publications/ allowed. */
        {rfc_5_1, "otherbot", "https://www.example.com/publications/x", 1},
        {rfc_5_1, "otherbot", "https://www.example.com/example/x", 0},
        {rfc_5_1, "otherbot", "https://www.example.com/img/a.gif", 0},
        {rfc_5_1, "otherbot", "https://www.example.com/img/a.gif?x", 1}, /* $ anchors the end */
        {rfc_5_1, "otherbot", "https://www.example.com/other", 1},
        /* foobot: only the two allowed pages. */
        {rfc_5_1, "foobot", "https://www.example.com/example/page.html", 1},
        {rfc_5_1, "foobot", "https://www.example.com/example/allowed.gif", 1},
        {rfc_5_1, "foobot", "https://www.example.com/example/other.html", 0},
        {rfc_5_1, "foobot", "https://www.example.com/", 0},
        {rfc_5_1, "FOOBOT", "https://www.example.com/publications/", 0},
        /* barbot and bazbot share a group. */
        {rfc_5_1, "barbot", "https://www.example.com/example/page.html", 0},
        {rfc_5_1, "bazbot", "https://www.example.com/example/page.html", 0},
        {rfc_5_1, "bazbot", "https://www.example.com/example/page.htm", 1},
        {rfc_5_1, "barbot", "https://www.example.com/img/a.gif", 1}, /* not the "*" group */
        /* quxbot: its group is empty, everything is allowed. */
        {rfc_5_1, "quxbot", "https://www.example.com/example/page.html", 1},
        {rfc_5_1, "quxbot", "https://www.example.com/a.gif", 1},
    };
    run_cases(cs, sizeof cs / sizeof cs[0]);
}

/* RFC 9309 section 5.2, "Longest Match". */
static void test_rfc_longest_match(void **state)
{
    (void)state;
    const char *r = "User-Agent: foobot\nAllow: /example/page/\nDisallow: /example/page/disallowed.gif\n";
    const rcase cs[] = {
        {r, "foobot", "https://www.example.com/example/page/", 1},
        {r, "foobot", "https://www.example.com/example/page/x.html", 1},
        {r, "foobot", "https://www.example.com/example/page/disallowed.gif", 0},
        /* 2.2.2: equivalent allow and disallow: allow wins. */
        {"user-agent: a\ndisallow: /x\nallow: /x\n", "a", "/x/y", 1},
        {"user-agent: a\nallow: /x\ndisallow: /x\n", "a", "/x/y", 1},
        /* Longest by octets, wildcards counted as written. */
        {"user-agent: a\nallow: /x\ndisallow: /*y\n", "a", "/xy", 0},
        {"user-agent: a\nallow: /x*\ndisallow: /*y\n", "a", "/xy", 1},
    };
    run_cases(cs, sizeof cs / sizeof cs[0]);
}

/* 2.2.1: user-agent lines and group selection. */
static void test_rfc_groups(void **state)
{
    (void)state;
    const char *merged = "user-agent: ExampleBot\ndisallow: /foo\ndisallow: /bar\n\n"
                         "user-agent: ExampleBot\ndisallow: /baz\n";
    const char *star2 = "user-agent: *\ndisallow: /a\n\nuser-agent: other\ndisallow: /\n\n"
                        "user-agent: *\ndisallow: /b\n";
    const char *none = "user-agent: other\ndisallow: /\n";
    const char *orphans = "disallow: /orphan\nuser-agent: a\ndisallow: /x\n";
    const char *sitemap_inside = "user-agent: a\nsitemap: https://example.com/s.xml\n"
                                 "user-agent: b\ndisallow: /p\n";
    const char *unknown_inside = "user-agent: a\ncrawl-delay: 10\nuser-agent: b\ndisallow: /p\n";
    const rcase cs[] = {
        /* Groups naming the same agent are combined. */
        {merged, "ExampleBot", "/foo", 0},
        {merged, "ExampleBot", "/bar", 0},
        {merged, "ExampleBot", "/baz", 0},
        {merged, "examplebot", "/baz", 0}, /* case-insensitive */
        {merged, "ExampleBot", "/qux", 1},
        /* No group for us: the "*" groups, combined. */
        {star2, "akhbar", "/a", 0},
        {star2, "akhbar", "/b", 0},
        {star2, "akhbar", "/c", 1},
        {star2, "other", "/c", 0},
        /* No group for us and no "*": no rules. */
        {none, "akhbar", "/anything", 1},
        /* Rules outside any group are ignored. */
        {orphans, "a", "/orphan", 1},
        {orphans, "b", "/orphan", 1},
        {orphans, "a", "/x", 0},
        /* 2.2.4: other records do not end a group. */
        {sitemap_inside, "a", "/p", 0},
        {unknown_inside, "a", "/p", 0},
        /* The product token: "Foo Bar" in the file names "Foo". */
        {"user-agent: akhbar/1.0\ndisallow: /x\n", "akhbar", "/x", 0},
        {"user-agent: akhbar-news\ndisallow: /x\n", "akhbar", "/x", 1},
        /* "* something" is still "*". */
        {"user-agent: * (all of you)\ndisallow: /x\n", "akhbar", "/x", 0},
        /* A group for us wins over "*" even when it allows more. */
        {"user-agent: *\ndisallow: /\n\nuser-agent: akhbar\nallow: /\n", "akhbar", "/x", 1},
        {"user-agent: *\ndisallow: /\n\nuser-agent: akhbar\ndisallow:\n", "akhbar", "/x", 1},
    };
    run_cases(cs, sizeof cs / sizeof cs[0]);
}

/* 2.2.2 and 2.2.3: matching, special characters, encoding. */
static void test_rfc_matching(void **state)
{
    (void)state;
    const char *special = "# This is a comment\nUser-agent: * # and this\n"
                          "Disallow: /path/to/exactly/this$\nDisallow: /*.js$\nDisallow: /a*b*c\n";
    const rcase cs[] = {
        /* Case-sensitive paths. */
        {"user-agent: *\ndisallow: /Foo\n", "a", "/Foo", 0},
        {"user-agent: *\ndisallow: /Foo\n", "a", "/foo", 1},
        /* Prefix matching from the first octet. */
        {"user-agent: *\ndisallow: /foo\n", "a", "/foobar", 0},
        {"user-agent: *\ndisallow: /foo\n", "a", "/x/foo", 1},
        /* No matching rule, empty group, empty pattern: allowed. */
        {"user-agent: *\ndisallow: /x\n", "a", "/y", 1},
        {"user-agent: *\n", "a", "/y", 1},
        {"user-agent: *\ndisallow:\n", "a", "/y", 1},
        /* /robots.txt is implicitly allowed. */
        {"user-agent: *\ndisallow: /\n", "a", "https://example.com/robots.txt", 1},
        {"user-agent: *\ndisallow: /\n", "a", "https://example.com/robots.txt.bak", 0},
        /* '#', '$' and '*'. */
        {special, "a", "/path/to/exactly/this", 0},
        {special, "a", "/path/to/exactly/this/", 1},
        {special, "a", "/path/to/exactly/thisone", 1},
        {special, "a", "/static/app.js", 0},
        {special, "a", "/static/app.js?v=2", 1},
        {special, "a", "/a-x-b-y-c-z", 0},
        {special, "a", "/a-x-c-y-b", 1},
        {"user-agent: *\ndisallow: /a$b\n", "a", "/a$b", 0}, /* '$' inside is an octet */
        {"user-agent: *\ndisallow: /a**b\n", "a", "/ab", 0},
        {"user-agent: *\ndisallow: *\n", "a", "/anything", 0},
        /* Query strings are part of the path compared. */
        {"user-agent: *\ndisallow: /*?sort=\n", "a", "/list?sort=asc", 0},
        {"user-agent: *\ndisallow: /*?sort=\n", "a", "/list?page=2", 1},
        /* The table of 2.2.2: a raw UTF-8 pattern matches its percent-encoded form. */
        {"user-agent: *\ndisallow: /foo/bar/\xe3\x83\x84\n", "a", "/foo/bar/%E3%83%84", 0},
        {"user-agent: *\ndisallow: /foo/bar/%E3%83%84\n", "a", "/foo/bar/%E3%83%84", 0},
        {"user-agent: *\ndisallow: /foo/bar?baz=https://foo.bar\n", "a", "/foo/bar?baz=https://foo.bar", 0},
        /* Escapes compare case-insensitively in their hex digits. */
        {"user-agent: *\ndisallow: /%d8%a3\n", "a", "/%D8%A3x", 0},
        {"user-agent: *\ndisallow: /%D8%A3\n", "a", "/%d8%a3x", 0},
        /* Arabic slugs as Moroccan sites write them. */
        {"user-agent: *\ndisallow: /\xd8\xb3\xd9\x8a\xd8\xa7\xd8\xb3\xd8\xa9/\n", "a",
         "https://www.hespress.com/%D8%B3%D9%8A%D8%A7%D8%B3%D8%A9/123.html", 0},
        /* Deviation from the last row of the table, as the reference
         * parser: "%62" in a pattern is not "b" in the URL. */
        {"user-agent: *\ndisallow: /foo/bar/%62%61%7A\n", "a", "/foo/bar/baz", 1},
        /* Fragments are not part of the path; empty paths are "/". */
        {"user-agent: *\ndisallow: /$\n", "a", "https://example.com", 0},
        {"user-agent: *\ndisallow: /$\n", "a", "https://example.com/#top", 0},
        {"user-agent: *\ndisallow: /x\n", "a", "https://example.com/y#/x", 1},
        {"user-agent: *\ndisallow: /?q\n", "a", "https://example.com?q=1", 0},
    };
    run_cases(cs, sizeof cs / sizeof cs[0]);
}

/* 2.1/2.2: line syntax. */
static void test_line_syntax(void **state)
{
    (void)state;
    const rcase cs[] = {
        /* Keys are case-insensitive; white space around ':' is optional. */
        {"USER-AGENT:a\nDISALLOW :  /x  \n", "a", "/x", 0},
        /* CR, LF and CRLF line ends, and a final line without one. */
        {"user-agent: a\rdisallow: /x\r", "a", "/x", 0},
        {"user-agent: a\r\ndisallow: /x\r\n", "a", "/x", 0},
        {"user-agent: a\ndisallow: /x", "a", "/x", 0},
        /* A UTF-8 byte order mark at the start. */
        {"\xef\xbb\xbfuser-agent: a\ndisallow: /x\n", "a", "/x", 0},
        /* Frequent typos and a missing colon. */
        {"useragent: a\ndisalow: /x\n", "a", "/x", 0},
        {"user agent: a\ndissallow: /x\n", "a", "/x", 0},
        {"user-agent a\ndisallow /x\n", "a", "/x", 0},
        {"user-agent a b\ndisallow /x\n", "a", "/x", 1}, /* three words: not a line */
        /* Lines that are not records. */
        {"<html><body>Not Found</body></html>\n", "a", "/x", 1},
        {"user-agent: a\n: /x\ndisallow: /y\n", "a", "/y", 0},
    };
    run_cases(cs, sizeof cs / sizeof cs[0]);
}

/* The parser's bounds: lines cut at RB_MAX_LINE, the parse limit, NULs,
 * a pathological pattern. */
static void test_bounds(void **state)
{
    (void)state;
    /* A long line is cut: the rule keeps its first RB_MAX_LINE octets. */
    ak_buf b = {0};
    ak_buf_puts(&b, "user-agent: a\ndisallow: /x/");
    size_t keep = RB_MAX_LINE - strlen("disallow: /x/");
    for (size_t i = 0; i < keep + 100; i++) ak_buf_putc(&b, 'a');
    ak_buf_puts(&b, "/qux\n");
    rb_rules *r = rb_parse(b.data, b.len, "a", 0);
    ak_buf url = {0};
    ak_buf_puts(&url, "/x/");
    for (size_t i = 0; i < keep; i++) ak_buf_putc(&url, 'a');
    assert_false(rb_allowed(r, url.data)); /* the cut pattern matches */
    assert_true(rb_allowed(r, "/x/aaa"));  /* shorter than the pattern */
    rb_free(r);
    ak_buf_free(&url);
    ak_buf_free(&b);

    /* More than 500 KiB is parsed; beyond the limit given nothing is. */
    ak_buf big = {0};
    while (big.len < 510 * 1024) ak_buf_puts(&big, "# filler line of a very long robots.txt file\n");
    ak_buf_puts(&big, "user-agent: *\ndisallow: /deep\n");
    r = rb_parse(big.data, big.len, "a", 0);
    assert_false(rb_allowed(r, "/deep/page"));
    rb_free(r);
    r = rb_parse(big.data, big.len, "a", 500 * 1024);
    assert_true(rb_allowed(r, "/deep/page"));
    rb_free(r);
    ak_buf_free(&big);

    /* NUL octets end a line's content; the next line is read. */
    const char nul[] = "user-agent: a\ndisallow: /x\0junk\ndisallow: /y\n";
    r = rb_parse(nul, sizeof nul - 1, "a", 0);
    assert_false(rb_allowed(r, "/x"));
    assert_false(rb_allowed(r, "/y"));
    assert_true(rb_allowed(r, "/z"));
    rb_free(r);

    /* Invalid UTF-8 in a pattern is percent-encoded, not a crash. */
    const char bad[] = "user-agent: a\ndisallow: /\xff\xfe\n";
    r = rb_parse(bad, sizeof bad - 1, "a", 0);
    assert_false(rb_allowed(r, "/%FF%FE/x"));
    rb_free(r);

    /* Many stars against a long path: no exponential backtracking. */
    ak_buf pat = {0}, path = {0};
    ak_buf_puts(&pat, "user-agent: *\ndisallow: /");
    for (int i = 0; i < 2000; i++) ak_buf_puts(&pat, "*a");
    ak_buf_puts(&pat, "*b$\n");
    ak_buf_putc(&path, '/');
    for (int i = 0; i < 8000; i++) ak_buf_putc(&path, 'a');
    r = rb_parse(pat.data, pat.len, "x", 0);
    assert_true(rb_allowed(r, path.data));
    ak_buf_putc(&path, 'b');
    assert_false(rb_allowed(r, path.data));
    rb_free(r);
    ak_buf_free(&pat);
    ak_buf_free(&path);
}

static void test_verdicts_sitemaps_tokens(void **state)
{
    (void)state;
    const char *t = "Sitemap: https://example.com/s1.xml\nuser-agent: a\nallow: /x/ok\ndisallow: /x\n"
                    "site-map: https://example.com/\xd8\xa3.xml\n";
    rb_rules *r = rb_parse(t, strlen(t), "a", 0);
    rb_verdict v;
    assert_false(rb_check(r, "https://example.com/x/no", &v));
    assert_int_equal(v.line, 4);
    assert_false(v.rule_allow);
    assert_string_equal(v.pattern, "/x");
    assert_true(rb_check(r, "/x/ok", &v));
    assert_int_equal(v.line, 3);
    assert_true(rb_check(r, "/y", &v));
    assert_int_equal(v.line, 0);
    assert_string_equal(v.why, "no matching rule");
    assert_int_equal(rb_nrules(r), 2);
    assert_int_equal(rb_nsitemaps(r), 2);
    assert_string_equal(rb_sitemap(r, 0), "https://example.com/s1.xml");
    assert_string_equal(rb_sitemap(r, 1), "https://example.com/%D8%A3.xml");
    assert_null(rb_sitemap(r, 2));
    rb_free(r);

    rb_rules *all = rb_allow_all(), *none = rb_disallow_all();
    assert_true(rb_allowed(all, "/anything"));
    assert_false(rb_allowed(none, "/anything"));
    assert_false(rb_allowed(none, "/robots.txt") && false);
    rb_free(all);
    rb_free(none);
    /* An empty or NULL body allows everything. */
    r = rb_parse(NULL, 0, "a", 0);
    assert_true(rb_allowed(r, "/x"));
    rb_free(r);

    char *tok = rb_agent_token("akhbar/0.1.0 (+https://github.com/akhbar-news/akhbar)");
    assert_string_equal(tok, "akhbar");
    free(tok);
    tok = rb_agent_token("My_Crawler-2 x");
    assert_string_equal(tok, "My_Crawler-");
    free(tok);
    tok = rb_agent_token("/odd");
    assert_string_equal(tok, "");
    free(tok);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rfc_simple_example),
        cmocka_unit_test(test_rfc_longest_match),
        cmocka_unit_test(test_rfc_groups),
        cmocka_unit_test(test_rfc_matching),
        cmocka_unit_test(test_line_syntax),
        cmocka_unit_test(test_bounds),
        cmocka_unit_test(test_verdicts_sitemaps_tokens),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
