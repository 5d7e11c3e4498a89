/* test_url.c -- URL resolution and identity normalisation. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "common/url.h"

static void expect_norm(const char *in, const char *want)
{
    char *got = ak_url_normalize(in);
    if (!want) {
        if (got) fail_msg("normalize(%s) = %s, want NULL", in ? in : "NULL", got);
        return;
    }
    if (!got || strcmp(got, want) != 0) fail_msg("normalize(%s) = %s, want %s", in ? in : "NULL", got ? got : "NULL", want);
    free(got);
}

static void expect_resolve(const char *base, const char *ref, const char *want)
{
    char *got = ak_url_resolve(base, ref);
    if (!want) {
        if (got) fail_msg("resolve(%s, %s) = %s, want NULL", base ? base : "NULL", ref, got);
        return;
    }
    if (!got || strcmp(got, want) != 0)
        fail_msg("resolve(%s, %s) = %s, want %s", base ? base : "NULL", ref, got ? got : "NULL", want);
    free(got);
}

static void test_normalize_case_port_fragment(void **state)
{
    (void)state;
    expect_norm("HTTP://WWW.Hespress.COM:80/a/b?x=1#frag", "http://www.hespress.com/a/b?x=1");
    expect_norm("https://le360.ma:443/fr/", "https://le360.ma/fr/");
    expect_norm("https://le360.ma:8443/fr/", "https://le360.ma:8443/fr/");
    expect_norm("https://le360.ma", "https://le360.ma/");
    expect_norm("https://le360.ma./x", "https://le360.ma/x");
    expect_norm("https://x.ma/Path/Keeps/Case", "https://x.ma/Path/Keeps/Case");
}

static void test_normalize_dot_segments_and_escapes(void **state)
{
    (void)state;
    expect_norm("https://x.ma/a/./b/../c", "https://x.ma/a/c");
    expect_norm("https://x.ma/%7euser/%41%2f", "https://x.ma/~user/A%2F");
    expect_norm("https://x.ma/%d8%a7", "https://x.ma/%D8%A7");
    /* A raw Arabic slug and its percent-encoded form are the same article. */
    expect_norm("https://x.ma/مقال", "https://x.ma/%D9%85%D9%82%D8%A7%D9%84");
    expect_norm("https://x.ma/a b", "https://x.ma/a%20b");
    expect_norm("https://x.ma/%2%44", "https://x.ma/%252D");   /* found by fuzzing */
    expect_norm("https://x.ma/100%", "https://x.ma/100%25");
    expect_norm("https://x.ma/a/%2e/%2E%2e/b", "https://x.ma/b");   /* found by fuzzing */
}

static void test_normalize_tracking(void **state)
{
    (void)state;
    expect_norm("https://x.ma/a?utm_source=rss&utm_medium=feed", "https://x.ma/a");
    expect_norm("https://x.ma/a?id=5&utm_campaign=x&fbclid=abc", "https://x.ma/a?id=5");
    expect_norm("https://x.ma/a?gclid=1&p=2&at_medium=x", "https://x.ma/a?p=2");
    expect_norm("https://x.ma/a?", "https://x.ma/a");
    expect_norm("https://x.ma/a?utmost=1", "https://x.ma/a?utmost=1");
}

static void test_normalize_rejects(void **state)
{
    (void)state;
    expect_norm("ftp://x.ma/a", NULL);
    expect_norm("file:///etc/passwd", NULL);
    expect_norm("javascript:alert(1)", NULL);
    expect_norm("", NULL);
    expect_norm(NULL, NULL);
    expect_norm("http://", NULL);
    /* curl decodes escapes in host names: a raw byte must not come out. */
    expect_norm("https://x.m%AFa/", NULL);
    expect_norm("https://x.m\xAF" "a/", NULL);
    expect_norm("https://exa mple.ma/", NULL);
    expect_norm("https://../x", NULL);       /* found by fuzzing */
    expect_norm("https://x..ma/", NULL);
    expect_norm("https://8./m", "https://0.0.0.8/m");   /* found by fuzzing */
    expect_norm("http://0x7f.1:8642/a", "http://127.0.0.1:8642/a");
    expect_norm("http://[::1]:8080/a", "http://[::1]:8080/a");
}

static void test_resolve(void **state)
{
    (void)state;
    expect_resolve("https://x.ma/a/b/c.html", "../d?x=1", "https://x.ma/a/d?x=1");
    expect_resolve("https://x.ma/a/b/c.html", "/feed", "https://x.ma/feed");
    expect_resolve("https://x.ma/a/", "//medias24.com/feed/", "https://medias24.com/feed/");
    expect_resolve("https://x.ma/a/", "  https://y.ma/z \n", "https://y.ma/z");
    expect_resolve(NULL, "https://y.ma/z", "https://y.ma/z");
    expect_resolve("https://x.ma/a/", "mailto:me@x.ma", NULL);
    expect_resolve("https://x.ma/a/", "", NULL);
    expect_resolve(NULL, "relative/only", NULL);
    char *id = ak_url_resolve_any("https://x.ma/", "tag:x.ma,2024:1");
    assert_string_equal(id, "tag:x.ma,2024:1");
    free(id);
}

static void test_host_origin_path(void **state)
{
    (void)state;
    char *h = ak_url_host("https://WWW.Hespress.com/x");
    assert_string_equal(h, "www.hespress.com");
    free(h);
    char *o = ak_url_origin("HTTPS://x.ma:443/a?b");
    assert_string_equal(o, "https://x.ma");
    free(o);
    o = ak_url_origin("http://127.0.0.1:8642/a");
    assert_string_equal(o, "http://127.0.0.1:8642");
    free(o);
    char *p = ak_url_path_query("https://x.ma/a/b?c=d#e");
    assert_string_equal(p, "/a/b?c=d");
    free(p);
    assert_true(ak_url_is_tracking_param("utm_source", 10));
    assert_false(ak_url_is_tracking_param("id", 2));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_normalize_case_port_fragment),
        cmocka_unit_test(test_normalize_dot_segments_and_escapes),
        cmocka_unit_test(test_normalize_tracking),
        cmocka_unit_test(test_normalize_rejects),
        cmocka_unit_test(test_resolve),
        cmocka_unit_test(test_host_origin_path),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
