/* test_discover.c -- feed autodiscovery in HTML, guesses, robots.txt. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "parser/discover.h"

static void test_declared(void **state)
{
    (void)state;
    const char *html =
        "<!DOCTYPE html><html lang=\"ar\"><head><meta charset=\"utf-8\">"
        "<base href=\"https://site.example.ma/ar/\">"
        "<link rel=\"alternate\" type=\"application/rss+xml\" title=\"الموقع &raquo; التعليقات\" href=\"/comments/feed/\">"
        "<link rel=\"alternate\" type=\"application/rss+xml\" title=\"الموقع &raquo; الخلاصة\" href=\"feed/\">"
        "<link rel=\"ALTERNATE feed\" type=\"Application/Atom+XML\" href=\"https://site.example.ma/atom.xml\">"
        "<link rel=\"alternate\" type=\"application/rss+xml\" href=\"feed/\">"          /* duplicate */
        "<link rel=\"alternate\" hreflang=\"fr\" href=\"/fr/\">"                        /* not a feed */
        "<link rel=\"stylesheet\" type=\"application/rss+xml\" href=\"/x.xml\">"       /* wrong rel */
        "<link rel=\"alternate\" type=\"application/json+oembed\" href=\"/oembed\">"   /* wrong type */
        "</head><body><div><div><link rel=\"alternate\" type=\"application/rss+xml\" href=\"/sport/feed\"></div></div>"
        "</body></html>";
    pd_link *l;
    size_t n = pd_find_feeds(html, strlen(html), "https://site.example.ma/ar/index.html", NULL, &l);
    assert_int_equal(n, 4);
    assert_string_equal(l[0].url, "https://site.example.ma/ar/feed/");
    assert_string_equal(l[0].title, "الموقع » الخلاصة");
    assert_false(l[0].comments);
    assert_string_equal(l[1].url, "https://site.example.ma/atom.xml");
    assert_string_equal(l[1].type, "application/atom+xml");
    assert_null(l[1].title);
    assert_string_equal(l[2].url, "https://site.example.ma/sport/feed");
    assert_string_equal(l[3].url, "https://site.example.ma/comments/feed/"); /* comments last */
    assert_true(l[3].comments);
    pd_links_free(l, n);
    /* English and French WordPress titles mark comments feeds too. */
    const char *wp = "<head><link rel=alternate type=application/rss+xml title='Blog &raquo; Flux des commentaires' href=/c>"
                     "<link rel=alternate type=application/rss+xml title='Post Comments Feed' href=/p/feed/></head>";
    n = pd_find_feeds(wp, strlen(wp), "http://b.example.ma/", "text/html", &l);
    assert_int_equal(n, 2);
    assert_true(l[0].comments && l[1].comments);
    pd_links_free(l, n);
    /* windows-1256 page: titles come out as UTF-8. */
    const char w1256[] = "<html><head><meta charset=windows-1256><link rel=alternate type=application/rss+xml "
                         "title=\"\xC7\xE1\xCE\xC8\xD1\" href=/rss></head></html>";
    n = pd_find_feeds(w1256, sizeof w1256 - 1, "http://c.example.ma/", NULL, &l);
    assert_int_equal(n, 1);
    assert_string_equal(l[0].title, "الخبر");
    pd_links_free(l, n);
    assert_int_equal(pd_find_feeds("<html><body>rien</body></html>", 30, "http://d.example.ma/", NULL, &l), 0);
    assert_null(l);
    assert_int_equal(pd_find_feeds("", 0, "http://d.example.ma/", NULL, &l), 0);
}

static void test_guesses(void **state)
{
    (void)state;
    char **g;
    size_t n = pd_guess_urls("https://www.site.example.ma:8443/ar/page.html?x=1", &g);
    assert_int_equal(n, 4);
    assert_string_equal(g[0], "https://www.site.example.ma:8443/feed");
    assert_string_equal(g[1], "https://www.site.example.ma:8443/rss");
    assert_string_equal(g[2], "https://www.site.example.ma:8443/rss.xml");
    assert_string_equal(g[3], "https://www.site.example.ma:8443/feed/");
    pd_urls_free(g, n);
    assert_int_equal(pd_guess_urls("ftp://x.example.ma/", &g), 0);
}

static void test_robots(void **state)
{
    (void)state;
    const char *robots = "User-agent: *\r\nDisallow: /wp-admin/\r\n"
                         "Sitemap: https://s.example.ma/sitemap_index.xml\r\n"
                         "sitemap:/news-sitemap.xml   # the news\r\n"
                         "  SITEMAP : https://s.example.ma/sitemap_index.xml\n" /* duplicate */
                         "Sitemaps: https://s.example.ma/not-this.xml\n"
                         "# Sitemap: https://s.example.ma/commented.xml\n"
                         "Sitemap:\n";
    char **m;
    size_t n = pd_robots_sitemaps(robots, strlen(robots), "https://s.example.ma/robots.txt", &m);
    assert_int_equal(n, 2);
    assert_string_equal(m[0], "https://s.example.ma/sitemap_index.xml");
    assert_string_equal(m[1], "https://s.example.ma/news-sitemap.xml");
    assert_false(pd_news_sitemap_url(m[0]));
    assert_true(pd_news_sitemap_url(m[1]));
    assert_true(pd_news_sitemap_url("https://fr.x.ma/arc/outboundfeeds/sitemap-news/"));
    pd_urls_free(m, n);
    assert_int_equal(pd_robots_sitemaps("", 0, "https://s.example.ma/robots.txt", &m), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_declared),
        cmocka_unit_test(test_guesses),
        cmocka_unit_test(test_robots),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
