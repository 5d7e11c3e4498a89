/* test_feed.c -- the streaming feed parser on small inline documents.
 * (Format-by-format fixture files with expected JSON live in tests/feeds.) */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "common/timeutil.h"
#include "parser/feed.h"

typedef struct got {
    int n;
    char title[8][256], link[8][256], id[8][256], author[8][128], content[8][512];
    int64_t published[8];
    size_t ncat[8], nencl[8];
} got;

static int collect(const pf_entry *e, void *ud)
{
    got *g = ud;
    if (g->n >= 8) return 1;
    int i = g->n++;
    snprintf(g->title[i], sizeof g->title[i], "%s", e->title ? e->title : "(null)");
    snprintf(g->link[i], sizeof g->link[i], "%s", e->link ? e->link : "(null)");
    snprintf(g->id[i], sizeof g->id[i], "%s", e->id ? e->id : "(null)");
    snprintf(g->author[i], sizeof g->author[i], "%s", e->author ? e->author : "(null)");
    snprintf(g->content[i], sizeof g->content[i], "%s", e->content ? e->content : e->summary ? e->summary : "(null)");
    g->published[i] = e->published;
    g->ncat[i] = e->ncategories;
    g->nencl[i] = e->nenclosures;
    return 0;
}

static int parse(const char *doc, const char *url, got *g, pf_info *info)
{
    memset(g, 0, sizeof *g);
    return pf_parse(doc, strlen(doc), url, NULL, collect, g, info, NULL);
}

static void test_rss2(void **state)
{
    (void)state;
    const char *doc =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        "<rss version=\"2.0\" xmlns:content=\"http://purl.org/rss/1.0/modules/content/\" "
        "xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><channel>"
        "<title> هسبريس </title><link>https://www.hespress.com</link><language>ar</language>"
        "<image><title>not the channel title</title><link>https://x/logo</link></image>"
        "<item><title><![CDATA[أنقرة &amp; الرباط]]></title><link>https://www.hespress.com/a-1.html</link>"
        "<guid isPermaLink=\"false\">1234</guid><pubDate>Sat, 21 Sep 2024 09:42:00 +0000</pubDate>"
        "<dc:creator><![CDATA[سعيد]]></dc:creator><category>سياسة</category><category>المغرب</category>"
        "<description>Le&nbsp;r&eacute;sum&eacute; &lt;b&gt;gras&lt;/b&gt;</description>"
        "<content:encoded><![CDATA[<p>نص <b>المقال</b></p>]]></content:encoded>"
        "<enclosure url=\"/img/a.jpg\" type=\"image/jpeg\" length=\"1234\"/></item>"
        "<item><title>Deux</title><guid>https://www.hespress.com/b-2.html</guid>"
        "<author>redac@hespress.com (Karim B.)</author><pubDate>not a date</pubDate></item>"
        "</channel></rss>";
    got g;
    pf_info info;
    assert_int_equal(parse(doc, "https://www.hespress.com/feed", &g, &info), PF_OK);
    assert_string_equal(info.format, "rss2.0");
    assert_string_equal(info.title, "هسبريس");
    assert_string_equal(info.language, "ar");
    assert_int_equal(g.n, 2);
    assert_string_equal(g.title[0], "أنقرة & الرباط");
    assert_string_equal(g.link[0], "https://www.hespress.com/a-1.html");
    assert_string_equal(g.id[0], "1234");
    assert_string_equal(g.author[0], "سعيد");
    assert_string_equal(g.content[0], "<p>نص <b>المقال</b></p>");
    assert_int_equal(g.ncat[0], 2);
    assert_int_equal(g.nencl[0], 1);
    char iso[AK_ISO_MAX];
    ak_time_iso(g.published[0], iso);
    assert_string_equal(iso, "2024-09-21T09:42:00Z");
    /* The permalink guid doubles as the link; "me@x (Name)" -> Name. */
    assert_string_equal(g.link[1], "https://www.hespress.com/b-2.html");
    assert_string_equal(g.author[1], "Karim B.");
    assert_true(g.published[1] == AK_TIME_NONE);
    assert_true(info.nwarnings >= 1);
    pf_info_free(&info);
}

static void test_atom_and_base(void **state)
{
    (void)state;
    const char *doc =
        "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:base=\"https://fr.le360.ma/\">"
        "<title type=\"text\">Le360</title><link rel=\"self\" href=\"/feed.atom\"/>"
        "<link rel=\"alternate\" href=\"/\"/><updated>2024-09-21T10:00:00+01:00</updated>"
        "<entry xml:base=\"politique/\"><title>Un titre</title>"
        "<link rel=\"enclosure\" href=\"img.jpg\" type=\"image/jpeg\"/>"
        "<link rel=\"alternate\" type=\"text/html\" href=\"article-1\"/>"
        "<id>tag:le360.ma,2024:1</id><published>2024-09-21T10:42:00+01:00</published>"
        "<author><name>Salma</name><email>s@le360.ma</email></author>"
        "<category term=\"politique\"/>"
        "<content type=\"xhtml\"><div xmlns=\"http://www.w3.org/1999/xhtml\"><p>Un <em>texte</em> &amp; plus</p></div></content>"
        "</entry></feed>";
    got g;
    pf_info info;
    assert_int_equal(parse(doc, "https://example.org/x", &g, &info), PF_OK);
    assert_string_equal(info.format, "atom1.0");
    assert_string_equal(info.link, "https://fr.le360.ma/");
    assert_int_equal(g.n, 1);
    assert_string_equal(g.link[0], "https://fr.le360.ma/politique/article-1");
    assert_string_equal(g.id[0], "tag:le360.ma,2024:1");
    assert_string_equal(g.author[0], "Salma");
    assert_int_equal(g.nencl[0], 1);
    assert_non_null(strstr(g.content[0], "<p>Un <em>texte</em> &amp; plus</p>"));
    char iso[AK_ISO_MAX];
    ak_time_iso(g.published[0], iso);
    assert_string_equal(iso, "2024-09-21T09:42:00Z");
    pf_info_free(&info);
}

static void test_rss1_and_sitemaps(void **state)
{
    (void)state;
    const char *rdf =
        "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" xmlns=\"http://purl.org/rss/1.0/\" "
        "xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><channel rdf:about=\"https://x.ma/\"><title>X</title></channel>"
        "<item rdf:about=\"https://x.ma/1\"><title>One</title><link>https://x.ma/1</link>"
        "<dc:date>2024-09-21T10:42:00+01:00</dc:date></item></rdf:RDF>";
    got g;
    pf_info info;
    assert_int_equal(parse(rdf, NULL, &g, &info), PF_OK);
    assert_string_equal(info.format, "rss1.0");
    assert_string_equal(g.id[0], "https://x.ma/1");
    pf_info_free(&info);
    const char *news =
        "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" "
        "xmlns:news=\"http://www.google.com/schemas/sitemap-news/0.9\"><url><loc>https://x.ma/a</loc>"
        "<news:news><news:publication><news:name>X</news:name><news:language>fr</news:language></news:publication>"
        "<news:publication_date>2024-09-21T10:42:00+01:00</news:publication_date><news:title>Titre</news:title>"
        "</news:news></url></urlset>";
    assert_int_equal(parse(news, NULL, &g, &info), PF_OK);
    assert_string_equal(info.format, "news-sitemap");
    assert_string_equal(g.title[0], "Titre");
    assert_string_equal(g.link[0], "https://x.ma/a");
    pf_info_free(&info);
}

static void test_broken_and_not_feeds(void **state)
{
    (void)state;
    got g;
    pf_info info;
    /* Junk before the declaration, an unescaped &, an undefined entity,
     * unclosed tags, truncation: entries before the damage survive. */
    const char *broken =
        "<br />\n<b>Warning</b>: something in /var/www\n<?xml version=\"1.0\"?><rss version=\"2.0\"><channel>"
        "<item><title>A & B &hellip; &bogus;</title><link>https://x.ma/1</link></item>"
        "<item><title>Second<link>https://x.ma/2</link></item>"
        "<item><title>Third</title><link>https://x.ma/3</li";
    assert_int_equal(parse(broken, NULL, &g, &info), PF_OK);
    assert_true(g.n >= 1);
    assert_string_equal(g.link[0], "https://x.ma/1");
    assert_non_null(strstr(g.title[0], "A"));
    pf_info_free(&info);
    char *err = NULL;
    const char *html = "<!DOCTYPE html><html><head><title>x</title></head><body>hi</body></html>";
    assert_int_equal(pf_parse(html, strlen(html), NULL, NULL, collect, &g, &info, &err), PF_ENOTFEED);
    assert_non_null(strstr(err, "HTML page"));
    free(err);
    pf_info_free(&info);
    err = NULL;
    const char junk[] = "\x01\x02\x03 binary \xff\xfe";
    assert_int_equal(pf_parse(junk, sizeof junk - 1, NULL, NULL, collect, &g, &info, &err), PF_EBROKEN);
    free(err);
    pf_info_free(&info);
    err = NULL;
    assert_int_equal(pf_parse("", 0, NULL, NULL, collect, &g, &info, &err), PF_EBROKEN);
    free(err);
    pf_info_free(&info);
}

static void test_safety(void **state)
{
    (void)state;
    got g;
    pf_info info;
    char *err = NULL;
    /* External entities are never loaded; declared entities expand within
     * bounds (here 10,000 bytes). */
    const char *xxe =
        "<?xml version=\"1.0\"?><!DOCTYPE rss [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">"
        "<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">"
        "<!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\"><!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\">]>"
        "<rss version=\"2.0\"><channel><item><title>&xxe;&d;</title><link>https://x.ma/1</link></item></channel></rss>";
    assert_int_equal(parse(xxe, NULL, &g, &info), PF_OK);
    assert_int_equal(g.n, 1);
    assert_null(strstr(g.title[0], "root:"));
    assert_int_equal(strspn(g.title[0], "a"), strlen(g.title[0]));
    assert_true(info.nwarnings >= 1); /* the external entity */
    pf_info_free(&info);
    /* Billion laughs: refused with a clear error, quickly. */
    ak_buf bomb = {0};
    ak_buf_puts(&bomb, "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol0 \"lol\">");
    for (int i = 1; i <= 9; i++) {
        ak_buf_printf(&bomb, "<!ENTITY lol%d \"", i);
        for (int k = 0; k < 10; k++) ak_buf_printf(&bomb, "&lol%d;", i - 1);
        ak_buf_puts(&bomb, "\">");
    }
    ak_buf_puts(&bomb, "]><rss><channel><item><title>&lol9;</title></item></channel></rss>");
    memset(&g, 0, sizeof g);
    assert_int_equal(pf_parse(bomb.data, bomb.len, NULL, NULL, collect, &g, &info, &err), PF_EUNSAFE);
    assert_non_null(strstr(err, "billion laughs"));
    assert_int_equal(g.n, 0);
    free(err);
    err = NULL;
    pf_info_free(&info);
    ak_buf_free(&bomb);
    /* Entities that refer to each other. */
    const char *loop = "<!DOCTYPE r [<!ENTITY a \"x&b;\"><!ENTITY b \"y&a;\">]><rss><channel>"
                       "<item><title>&a;</title></item></channel></rss>";
    assert_int_equal(pf_parse(loop, strlen(loop), NULL, NULL, collect, &g, &info, &err), PF_EUNSAFE);
    assert_non_null(strstr(err, "refers to itself"));
    free(err);
    err = NULL;
    pf_info_free(&info);
    /* Size bound: refused before anything is read. */
    char *huge = calloc(PF_MAX_BYTES + 1, 1);
    assert_non_null(huge);
    assert_int_equal(pf_parse(huge, PF_MAX_BYTES + 1, NULL, NULL, collect, &g, &info, &err), PF_ETOOBIG);
    assert_non_null(strstr(err, "too large"));
    free(err);
    free(huge);
    pf_info_free(&info);
}

static void test_stop(void **state)
{
    (void)state;
    const char *doc = "<rss version=\"2.0\"><channel>"
                      "<item><link>https://x.ma/1</link></item><item><link>https://x.ma/2</link></item>"
                      "<item><link>https://x.ma/3</link></item><item><link>https://x.ma/4</link></item>"
                      "<item><link>https://x.ma/5</link></item><item><link>https://x.ma/6</link></item>"
                      "<item><link>https://x.ma/7</link></item><item><link>https://x.ma/8</link></item>"
                      "<item><link>https://x.ma/9</link></item></channel></rss>";
    got g;
    pf_info info;
    assert_int_equal(parse(doc, NULL, &g, &info), PF_ESTOPPED);
    assert_int_equal(g.n, 8);
    pf_info_free(&info);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rss2),
        cmocka_unit_test(test_atom_and_base),
        cmocka_unit_test(test_rss1_and_sitemaps),
        cmocka_unit_test(test_broken_and_not_feeds),
        cmocka_unit_test(test_safety),
        cmocka_unit_test(test_stop),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
