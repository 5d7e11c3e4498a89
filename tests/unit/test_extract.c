/* test_extract.c -- the article extractor on pages written for the tests:
 * each removal rule, title cleaning, dates, authors, charsets, bad input. */
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
#include "parser/extract.h"

#define P1 "أعلنت وزارة التجهيز والماء، اليوم الثلاثاء، عن إطلاق برنامج جديد لتأهيل الطرق القروية بعدد من الأقاليم، بكلفة إجمالية تناهز ثلاثة مليارات درهم، في إطار مخطط يمتد على خمس سنوات."
#define P2 "وأوضح بلاغ للوزارة أن البرنامج يشمل إنجاز وتوسيع أزيد من ألفي كيلومتر من الطرق، مع إعطاء الأولوية للمناطق الجبلية والنائية التي تعاني من العزلة خلال فصل الشتاء."
#define P3 "ويرتقب أن تنطلق الأشغال الأولى خلال الأشهر المقبلة، بتنسيق مع المجالس الجهوية والسلطات المحلية، وفق ما أكده المصدر ذاته."
#define TITLE "إطلاق برنامج لتأهيل الطرق القروية"

static px_article run(const char *html, const char *url, const char *ctype)
{
    px_article a;
    px_extract(html, strlen(html), url, ctype, 0, &a);
    return a;
}

static char *page(const char *head, const char *body)
{
    ak_buf b = {0};
    ak_buf_printf(&b, "<!DOCTYPE html><html lang=\"ar\" dir=\"rtl\"><head><meta charset=\"utf-8\">%s</head>"
                      "<body>%s</body></html>", head, body);
    return ak_buf_steal(&b);
}

static const char *const chrome_cases[][2] = {
    /* name, chrome markup that must not reach the body */
    {"nav menu", "<nav><ul><li><a href=\"/\">الرئيسية</a></li><li><a href=\"/s\">رياضة</a></li></ul></nav>"},
    {"share bar", "<div class=\"share-buttons\"><a href=\"#\">شارك على فيسبوك</a> <a href=\"#\">تويتر</a></div>"},
    {"breadcrumbs", "<div class=\"breadcrumb\"><a href=\"/\">الرئيسية</a> » <a href=\"/eco\">اقتصاد</a></div>"},
    {"tags", "<div class=\"post-tags\"><span>الوسوم:</span><a href=\"/t/1\">طرق</a><a href=\"/t/2\">قرى</a></div>"},
    {"related", "<div class=\"related-posts\"><h3>مقالات ذات صلة</h3><ul><li><a href=\"/1\">خبر أول عن الطرق</a></li><li><a href=\"/2\">خبر ثان عن الجهات</a></li></ul></div>"},
    {"prev/next", "<div class=\"post-navigation\"><a href=\"/p\">المقال السابق</a><a href=\"/n\">المقال التالي</a></div>"},
    {"prev/next without classes", "<div><p><a href=\"/p\">المقال السابق</a></p></div>"},
    {"read-also insert", "<p><strong>اقرأ أيضا:</strong> <a href=\"/x\">الحكومة تصادق على مشروع قانون المالية</a></p>"},
    {"newsletter", "<div class=\"newsletter-signup\"><p>اشترك في نشرتنا البريدية لتصلك آخر الأخبار يوميا</p></div>"},
    {"cookie box", "<div id=\"cookie-consent\"><p>يستخدم هذا الموقع ملفات تعريف الارتباط لتحسين تجربتكم.</p></div>"},
    {"caption", "<figure><img src=\"a.jpg\"><figcaption>صورة أرشيفية لطريق قروية بإقليم أزيلال</figcaption></figure>"},
    {"comments", "<section id=\"comments\" class=\"comments-area\"><h3>التعليقات</h3><p>مواطن: شكرا على هذا البرنامج المهم جدا للساكنة</p></section>"},
    {"script and style", "<script>var ad = 'إعلان مزعج';</script><style>.x{color:red}</style>"},
    {"hidden", "<div style=\"display: none\">نص مخفي لا يجب أن يظهر</div><div hidden>نص مخفي آخر</div>"},
    {"footer", "<footer><p>جميع الحقوق محفوظة © 2024 الموقع</p></footer>"},
    {"embedded tweet", "<blockquote class=\"twitter-tweet\"><p>تغريدة مدمجة عن الطرق</p></blockquote>"},
    {"byline line", "<p>بقلم: سعيد الإدريسي</p>"},
    {"date line", "<p>الثلاثاء 24 دجنبر 2024 - 10:30</p>"},
};

static void test_removal_rules(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof chrome_cases / sizeof chrome_cases[0]; i++) {
        ak_buf body = {0};
        ak_buf_printf(&body, "<h1>" TITLE "</h1><div class=\"entry-content\"><p>" P1 "</p>%s<p>" P2 "</p><p>" P3 "</p></div>",
                      chrome_cases[i][1]);
        char *html = page("<title>" TITLE "</title>", ak_buf_str(&body));
        px_article a = run(html, "https://x.ma/a.html", NULL);
        const char *want = P1 "\n\n" P2 "\n\n" P3;
        if (strcmp(a.body, want) != 0)
            fail_msg("rule '%s': body was\n%s", chrome_cases[i][0], a.body);
        px_free(&a);
        free(html);
        ak_buf_free(&body);
    }
}

static void test_subheadings_lists_and_br(void **state)
{
    (void)state;
    char *html = page("<title>x</title>",
                      "<article><h1>" TITLE "</h1><div class=\"post-content\"><p>" P1 "</p><h2>تفاصيل البرنامج</h2><p>" P2 "</p>"
                      "<ul><li>الطرق الجبلية في الأطلس الكبير والمتوسط</li><li>المسالك القروية بالجنوب الشرقي</li></ul></div></article>");
    px_article a = run(html, NULL, NULL);
    assert_string_equal(a.body, P1 "\n\nتفاصيل البرنامج\n\n" P2 "\n\nالطرق الجبلية في الأطلس الكبير والمتوسط\n\nالمسالك القروية بالجنوب الشرقي");
    px_free(&a);
    free(html);
    html = page("", "<h1>" TITLE "</h1><div class=\"text\">" P1 "<br><br>" P2 "<br/><br/>" P3 "</div>");
    a = run(html, NULL, NULL);
    assert_string_equal(a.body, P1 "\n\n" P2 "\n\n" P3);
    px_free(&a);
    free(html);
}

static void test_title(void **state)
{
    (void)state;
    struct { const char *head, *h1, *want; } c[] = {
        {"<title>" TITLE " - هسبريس</title>", "", TITLE},
        {"<title>" TITLE " | Le360</title><meta property=\"og:site_name\" content=\"Le360\">", "", TITLE},
        {"<title>هسبريس | " TITLE "</title><meta property=\"og:site_name\" content=\"هسبريس\">", "", TITLE},
        {"<title>Site</title><meta property=\"og:title\" content=\"" TITLE "\">", "<h1>" TITLE "</h1>", TITLE},
        {"<title>" TITLE " - الموقع</title>", "<h1>" TITLE "</h1>", TITLE},
        {"<title>Quelque chose</title><script type=\"application/ld+json\">{\"@type\":\"NewsArticle\",\"headline\":\"Le titre &amp; la suite\"}</script>", "", "Le titre & la suite"},
    };
    for (size_t i = 0; i < sizeof c / sizeof c[0]; i++) {
        ak_buf body = {0};
        ak_buf_printf(&body, "%s<div class=\"content\"><p>" P1 "</p><p>" P2 "</p></div>", c[i].h1);
        char *html = page(c[i].head, body.data);
        px_article a = run(html, "https://www.hespress.com/x.html", NULL);
        if (!a.title || strcmp(a.title, c[i].want) != 0) fail_msg("title %zu: got '%s'", i, a.title ? a.title : "NULL");
        px_free(&a);
        free(html);
        ak_buf_free(&body);
    }
}

static void expect_date(const char *head, const char *body_extra, const char *want)
{
    ak_buf body = {0};
    ak_buf_printf(&body, "<div class=\"top-bar\"><span class=\"date\">الأحد 29 نونبر 2026</span></div><h1>" TITLE "</h1>%s"
                         "<div class=\"content\"><p>" P1 "</p><p>" P2 "</p></div>", body_extra);
    char *html = page(head, body.data);
    px_article a = run(html, NULL, NULL);
    char got[AK_ISO_MAX] = "";
    ak_time_iso_offset(a.published, a.published_off, got);
    if (strcmp(got, want) != 0) fail_msg("date: got '%s', want '%s' (head %s)", got, want, head);
    px_free(&a);
    free(html);
    ak_buf_free(&body);
}

static void test_dates(void **state)
{
    (void)state;
    expect_date("<script type=\"application/ld+json\">{\"@context\":\"https://schema.org\",\"@type\":\"NewsArticle\",\"datePublished\":\"2024-09-21T10:42:00+01:00\"}</script>", "", "2024-09-21T10:42:00+01:00");
    expect_date("<script type=\"application/ld+json\">{\"@graph\":[{\"@type\":\"WebSite\"},{\"@type\":\"Article\",\"datePublished\":\"2024-09-21T09:42:00Z\"}]}</script>", "", "2024-09-21T09:42:00+00:00");
    expect_date("<meta property=\"article:published_time\" content=\"2024-09-21T09:42:00+00:00\">", "", "2024-09-21T09:42:00+00:00");
    expect_date("", "<time datetime=\"2024-09-21T10:42:00+01:00\">21 شتنبر</time>", "2024-09-21T10:42:00+01:00");
    /* Visible date lines: the one after the headline, not the top bar's "today". */
    expect_date("", "<div class=\"post-date\">الجمعة 02 أكتوبر 2020 - 16:00</div>", "2020-10-02T16:00:00+01:00");
    expect_date("", "<span class=\"date-publication\">Le 07/04/2025 à 12h18</span>", "2025-04-07T12:18:00+01:00");
    expect_date("", "<div class=\"meta\">نشر في 15 غشت 2024 على الساعة 08:30</div>", "2024-08-15T08:30:00+01:00");
    /* Nothing after the headline: the last date before it. */
    expect_date("", "", "2026-11-29T00:00:00+01:00");
}

static void test_author(void **state)
{
    (void)state;
    struct { const char *head, *extra; const char *want; } c[] = {
        {"<script type=\"application/ld+json\">{\"@type\":\"NewsArticle\",\"author\":{\"@type\":\"Person\",\"name\":\"Salma Idrissi\"}}</script>", "", "Salma Idrissi"},
        {"<script type=\"application/ld+json\">{\"@type\":\"NewsArticle\",\"author\":{\"@type\":\"Organization\",\"name\":\"هسبريس\"}}</script>", "", NULL},
        {"<meta name=\"author\" content=\"Karim Benjelloun\">", "", "Karim Benjelloun"},
        {"", "<div class=\"author-name\">بقلم: نادية بنعلي</div>", "نادية بنعلي"},
        {"", "<span class=\"byline\">Par Amine Tazi | Le 07/04/2025</span>", "Amine Tazi"},
        {"<meta property=\"og:site_name\" content=\"هسبريس\">", "<div class=\"author\">هسبريس من الرباط</div>", NULL},
        {"", "<div class=\"author\">و.م.ع</div>", NULL},
        {"", "", NULL},
    };
    for (size_t i = 0; i < sizeof c / sizeof c[0]; i++) {
        ak_buf body = {0};
        ak_buf_printf(&body, "<h1>" TITLE "</h1>%s<div class=\"content\"><p>" P1 "</p><p>" P2 "</p></div>", c[i].extra);
        char *html = page(c[i].head, body.data);
        px_article a = run(html, "https://www.hespress.com/1.html", NULL);
        bool ok = c[i].want ? a.author && strcmp(a.author, c[i].want) == 0 : a.author == NULL;
        if (!ok) fail_msg("author %zu: got '%s', want '%s'", i, a.author ? a.author : "NULL", c[i].want ? c[i].want : "NULL");
        px_free(&a);
        free(html);
        ak_buf_free(&body);
    }
}

static void test_charset_and_lang(void **state)
{
    (void)state;
    /* windows-1256 page declared by http-equiv: "المغرب" x many. */
    ak_buf b = {0};
    ak_buf_puts(&b, "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1256\"></head><body><div class=\"content\"><p>");
    for (int i = 0; i < 20; i++) ak_buf_puts(&b, "\xC7\xE1\xE3\xDB\xD1\xC8 \xE6\xC7\xE1\xCA\xDA\xE1\xED\xE3\xA1 ");
    ak_buf_puts(&b, "</p></div></body></html>");
    px_article a = run(b.data, NULL, NULL);
    assert_string_equal(a.charset, "windows-1256");
    assert_non_null(strstr(a.body, "المغرب والتعليم،"));
    assert_string_equal(a.lang, "ar");
    px_free(&a);
    ak_buf_free(&b);
    const char *fr = "<html lang=\"en\"><body><div class=\"article-body\"><p>Le gouvernement a présenté mardi le projet de loi de finances pour l'année prochaine, qui prévoit une hausse des investissements publics dans les régions.</p><p>Les députés examineront le texte dans les prochaines semaines, selon le calendrier fixé par le bureau de la Chambre.</p></div></body></html>";
    a = run(fr, NULL, NULL);
    assert_string_equal(a.lang, "fr"); /* the template's lang="en" is a leftover */
    px_free(&a);
}

static void test_bad_input(void **state)
{
    (void)state;
    px_article a = run("%PDF-1.4 binary", NULL, NULL);
    assert_string_equal(a.status, "not-html");
    px_free(&a);
    a = run("<html><body><p>x</p></body></html>", NULL, "image/png");
    assert_string_equal(a.status, "not-html");
    px_free(&a);
    a = run("<html><body><ul><li><a href=/1>one</a></li><li><a href=/2>two</a></li></ul></body></html>", NULL, NULL);
    assert_string_equal(a.status, "no-article");
    assert_string_equal(a.body, "");
    px_free(&a);
    a = run("", NULL, NULL);
    assert_string_equal(a.status, "no-article");
    px_free(&a);
    px_extract("<html>", 100 << 20, NULL, NULL, 1 << 20, &a); /* length beyond the cap: never read */
    assert_string_equal(a.status, "too-large");
    px_free(&a);
    /* Deep nesting and garbage never crash. */
    ak_buf deep = {0};
    for (int i = 0; i < 20000; i++) ak_buf_puts(&deep, "<div>");
    ak_buf_puts(&deep, "<p>" P1 "</p><p>" P2 "</p>");
    a = run(deep.data, NULL, NULL);
    px_free(&a);
    ak_buf_free(&deep);
    char junk[4096];
    for (size_t i = 0; i < sizeof junk - 1; i++) junk[i] = (char)((i * 7919) % 251 + 1);
    junk[sizeof junk - 1] = '\0';
    a = run(junk, NULL, NULL);
    px_free(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_removal_rules),
        cmocka_unit_test(test_subheadings_lists_and_br),
        cmocka_unit_test(test_title),
        cmocka_unit_test(test_dates),
        cmocka_unit_test(test_author),
        cmocka_unit_test(test_charset_and_lang),
        cmocka_unit_test(test_bad_input),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
