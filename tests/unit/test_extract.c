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
    {"pull quote repeating the text", "<div class=\"quote-box\"><blockquote><p>بكلفة إجمالية تناهز ثلاثة مليارات درهم، في إطار مخطط يمتد على خمس سنوات.</p></blockquote></div>"},
    {"pull quote by class", "<aside class=\"pullquote\">الطرق القروية أولوية وطنية</aside><p class=\"td-pullquote\">الطرق القروية أولوية وطنية للحكومة</p>"},
    {"call to follow (Arabic)", "<p>تابعونا على قناة واتساب لتصلكم آخر الأخبار أولا بأول</p>"},
    {"call to follow (French, glued)", "<div><span>Si vous voulez que l'information se rapproche de vous</span><a href=\"https://whatsapp.com/channel/x\">Suivez la chaîne sur WhatsApp</a></div>"},
    {"ad label", "<div class=\"inline-ad\"><span>إعلان</span></div><p>إعلان</p><p>Advertisement</p>"},
    {"photo credit line", "<p>الصورة: أرشيف</p><p class=\"wp-caption-text\">مصدر الصورة: وكالات</p>"},
    {"updated line", "<p>آخر تحديث: 25 دجنبر 2024 - 09:00</p>"},
    {"French read-also", "<p class=\"lire\"><strong>Lire aussi :</strong> <a href=\"/y\">Le gouvernement adopte le projet de loi de finances</a></p>"},
    {"English prev/next", "<div><p><a href=\"/p\">Previous article</a></p><p><a href=\"/n\">Next article</a></p></div>"},
    {"shortcode leftover", "<p>[button link=\"/x\" type=\"big\"] أرسل مقالك[/button]</p>"},
    {"standfirst by class", "<p class=\"chapo\">برنامج جديد لفك العزلة عن العالم القروي في خمس سنوات</p>"},
    {"script-less JS notice", "<p>This slideshow requires JavaScript.</p>"},
    {"embedded post without its class", "<blockquote><p lang=\"ar\">المغرب يواصل تعزيز شراكاته الدولية في مختلف المجالات <a href=\"https://t.co/x\">pic.twitter.com/x</a></p>— MarocDiplo (@MarocDiplo) <a href=\"https://twitter.com/MarocDiplo/status/1\">October 2, 2020</a></blockquote>"},
    {"counter without words", "<div><span>1485</span> <span>21</span></div>"},
    {"relative time line", "<div><span>منذ 8 ساعات</span></div><p>il y a 3 heures</p>"},
    {"copyright line", "<p>صورة المنشأة © وكالة المغرب العربي للأنباء 2024</p>"},
    {"follow line with a link", "<p>Follow our full coverage of the elections at https://example.org/elections</p><p>تابعوا <a href=\"/t\">تغطيتنا الكاملة للانتخابات</a> على موقعنا</p>"},
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

/* Structure-dependent removals, each on a page of its own. */
static void test_structural_rules(void **state)
{
    (void)state;
    const char *want = P1 "\n\n" P2 "\n\n" P3;
    struct { const char *name, *body; } c[] = {
        /* the paragraph right after the headline, outside the text's container */
        {"standfirst after the headline",
         "<main><h1>" TITLE "</h1><p class=\"lead\">وزارة التجهيز تعلن عن برنامج جديد لفك العزلة.</p>"
         "<figure><img src=\"x.jpg\"></figure><section class=\"body\"><p>" P1 "</p><p>" P2 "</p><p>" P3 "</p></section></main>"},
        /* "Outlet - Name" as the first paragraph: a byline, not text */
        {"outlet byline paragraph",
         "<h1>" TITLE "</h1><div class=\"entry-content\"><p>1057</p><p><strong>الموقع24 - سعيد الإدريسي</strong></p><p>" P1 "</p><p>" P2 "</p><p>" P3 "</p></div>"},
        /* an agency abbreviation with dots is still a byline line */
        {"outlet and agency byline",
         "<h1>" TITLE "</h1><div class=\"entry-content\"><p><strong>الموقع24 - أ.ف.ب</strong></p><p>" P1 "</p><p>" P2 "</p><p>" P3 "</p></div>"},
        /* a promo box's heading after the last sentence */
        {"unpunctuated tail",
         "<h1>" TITLE "</h1><div class=\"entry-content\"><p>" P1 "</p><p>" P2 "</p><p>" P3 "</p><div><span>حمل تطبيقنا الجديد الآن</span></div></div>"},
        /* a link cluster (hover card) inside a paragraph */
        {"hover card",
         "<h1>" TITLE "</h1><div class=\"entry-content\"><p>" P1 "<span class=\"card\"><a href=\"/a\">مقال أول عن الطرق في الجبال</a> <a href=\"/b\">مقال ثان عن القرى النائية</a> <a href=\"/c\">مقال ثالث عن الأقاليم</a></span></p><p>" P2 "</p><p>" P3 "</p></div>"},
        /* the text cut into several containers of one kind */
        {"repeated containers",
         "<h1>" TITLE "</h1><div class=\"wrap\"><div class=\"post-text\"><p>" P1 "</p></div></div><figure><img src=\"a.jpg\"></figure>"
         "<div class=\"wrap2\"><div class=\"post-text\"><p>" P2 "</p><p>" P3 "</p></div></div>"
         "<div class=\"sidebar-box\"><p>نص جانبي قصير</p></div>"},
    };
    for (size_t i = 0; i < sizeof c / sizeof c[0]; i++) {
        char *html = page("<title>" TITLE "</title><meta property=\"og:site_name\" content=\"الموقع24\">", c[i].body);
        px_article a = run(html, "https://x.ma/a.html", NULL);
        if (strcmp(a.body, want) != 0) fail_msg("rule '%s': body was\n%s", c[i].name, a.body);
        if (i == 1 && (!a.author || strcmp(a.author, "سعيد الإدريسي") != 0))
            fail_msg("outlet byline: author '%s'", a.author ? a.author : "NULL");
        px_free(&a);
        free(html);
    }
}

/* Per-site rules override the generic extractor; a rule matching nothing
 * leaves it in charge. */
static void test_site_rules(void **state)
{
    (void)state;
    char *html = page("<title>x</title>",
                      "<h1>" TITLE "</h1><div class=\"meta\"><span class=\"d\">2024-09-21 10:42</span> <em class=\"w\">سعيد الإدريسي</em></div>"
                      "<div id=\"txt\"><p>" P1 "</p></div><div class=\"entry-content\"><p>" P2 "</p><p>" P3 "</p></div>");
    px_options o = {"//div[@id='txt']", "//title", "//span[@class='d']", "//em[@class='w']"};
    px_article a;
    px_extract_opts(html, strlen(html), NULL, NULL, 0, &o, &a);
    assert_string_equal(a.body, P1);
    assert_string_equal(a.title, "x");
    assert_string_equal(a.author, "سعيد الإدريسي");
    char got[AK_ISO_MAX];
    ak_time_iso_offset(a.published, a.published_off, got);
    assert_string_equal(got, "2024-09-21T10:42:00+01:00");
    px_free(&a);
    px_options none = {"//article[@id='nothing']", NULL, NULL, NULL};
    px_extract_opts(html, strlen(html), NULL, NULL, 0, &none, &a);
    assert_string_equal(a.body, P2 "\n\n" P3);
    px_free(&a);
    assert_true(px_xpath_valid("//div[@id='txt']"));
    assert_false(px_xpath_valid("//div["));
    free(html);
}

/* A data table's row is one line, its one-digit cells included; a layout
 * table's cells stay apart. */
static void test_tables(void **state)
{
    (void)state;
    char *html = page("", "<h1>" TITLE "</h1><div class=\"entry-content\"><p>" P1 "</p>"
                          "<table><tr><th>الرتبة</th><th>الفريق</th><th>النقاط</th></tr>"
                          "<tr><td>1</td><td>الرجاء</td><td>60</td></tr><tr><td>2</td><td>الوداد</td><td>58</td></tr></table>"
                          "<p>" P2 "</p></div>");
    px_article a = run(html, NULL, NULL);
    assert_string_equal(a.body, P1 "\n\nالرتبة الفريق النقاط\n\n1 الرجاء 60\n\n2 الوداد 58\n\n" P2);
    px_free(&a);
    free(html);
    html = page("", "<table><tr><td><ul><li><a href=\"/\">الرئيسية</a></li><li><a href=\"/s\">رياضة</a></li></ul></td>"
                    "<td><h1>" TITLE "</h1><p>" P1 "</p><p>" P2 "</p><p>" P3 "</p></td></tr></table>");
    a = run(html, NULL, NULL);
    assert_string_equal(a.body, P1 "\n\n" P2 "\n\n" P3);
    px_free(&a);
    free(html);
}

/* "Subscribe to" in news text stays; at the end, linking, it is a promo. */
static void test_weak_calls_to_act(void **state)
{
    (void)state;
    const char *mid = "Morocco did not subscribe to the declaration adopted on Monday by the ministers of the region, the foreign ministry said.";
    ak_buf b = {0};
    ak_buf_printf(&b, "<h1>Title of the story here</h1><div class=\"story-body\"><p>%s</p><p>%s</p><p>%s</p><p>%s</p><p>%s</p><p>%s</p>"
                      "<p>Subscribe to <a href=\"/nl\">our newsletters</a> for the latest news.</p></div>",
                  mid, P1, P2, P3, P1, P2);
    char *html = page("", b.data);
    px_article a = run(html, NULL, NULL);
    assert_non_null(strstr(a.body, mid));
    assert_null(strstr(a.body, "newsletters"));
    px_free(&a);
    free(html);
    ak_buf_free(&b);
}

static void test_cjk_sentences(void **state)
{
    (void)state;
    /* Sentences ending in 。 are sentences: nothing is trimmed as a tail. */
    char *html = page("", "<h1>タイトル</h1><div class=\"entry-content\"><p>今回はそのデスクトップアプリに関する話です。とても便利なものです。</p>"
                          "<p>これが非常に困ったもの。何が困るかといえば、起動ショートカットキーと同じなのです。</p>"
                          "<p>再起動して完了。</p></div>");
    px_article a = run(html, NULL, NULL);
    assert_non_null(strstr(a.body, "再起動して完了。"));
    px_free(&a);
    free(html);
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
        /* only <title> against the one visible headline: the headline */
        {"<title>عنوان الصفحة</title>", "<h1>" TITLE "</h1>", TITLE},
        /* the site's logo is an <h1> too */
        {"<title>" TITLE " | الجريدة 24</title>", "<h1 class=\"site-title\"><a href=\"/\">الجريدة 24</a></h1><h1>" TITLE "</h1>", TITLE},
        {"<title>" TITLE " | الجريدة 24</title>", "<header><h1><a href=\"https://www.aljarida24.ma/\">الجريدة 24</a></h1></header><h1>" TITLE "</h1>", TITLE},
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
    /* Evidence weighed: a JSON-LD date later than its own dateModified is
     * wrong; the OpenGraph time and the visible line agree. */
    expect_date("<script type=\"application/ld+json\">{\"@type\":\"NewsArticle\",\"datePublished\":\"2024-09-25T18:00:00+01:00\",\"dateModified\":\"2024-09-22T10:00:00+01:00\"}</script>"
                "<meta property=\"article:published_time\" content=\"2024-09-21T09:42:00+00:00\">",
                "<span class=\"post-date\">21 شتنبر 2024 - 10:42</span>", "2024-09-21T09:42:00+00:00");
    /* A local time mislabelled as UTC: the visible line wins. */
    expect_date("<script type=\"application/ld+json\">{\"@type\":\"NewsArticle\",\"datePublished\":\"2024-09-21T10:42:00Z\"}</script>",
                "<div>السبت 21 شتنبر 2024 - 10:42</div>", "2024-09-21T10:42:00+01:00");
    /* A visible day agreeing with one source and not the other. */
    expect_date("<script type=\"application/ld+json\">{\"@type\":\"NewsArticle\",\"datePublished\":\"2024-09-24T10:00:00+01:00\"}</script>"
                "<meta property=\"article:published_time\" content=\"2024-09-21T08:00:00+00:00\">",
                "<span>21 شتنبر 2024</span>", "2024-09-21T08:00:00+00:00");
    /* An "updated" line before the published one is not the published date. */
    expect_date("", "<div class=\"infos\"><span>Mis à jour le 22/09/2024 à 11h00</span> <span>Publié le 21/09/2024 à 10h42</span></div>",
                "2024-09-21T10:42:00+01:00");
    /* A visible time without zone is read in the page's own zone. */
    expect_date("<meta property=\"article:published_time\" content=\"2024-09-21T05:42:00-04:00\">",
                "<p class=\"when\">Sept. 21, 2024, 5:42 AM</p>", "2024-09-21T05:42:00-04:00");
    /* Two sources disagreeing and nothing else: the earlier one (a modified
     * time in a published field is the usual mistake). */
    expect_date("<script type=\"application/ld+json\">{\"@type\":\"NewsArticle\",\"datePublished\":\"2024-09-23T18:00:00+01:00\"}</script>"
                "<meta property=\"article:published_time\" content=\"2024-09-21T09:42:00+00:00\">",
                "", "2024-09-21T09:42:00+00:00");
    /* A time before the date, and Arabic-Indic digits. */
    expect_date("", "<div>١٠:٤٢ - ٢١ شتنبر ٢٠٢٤</div>", "2024-09-21T10:42:00+01:00");
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
        /* outlet and name: the name */
        {"<meta property=\"og:site_name\" content=\"هسبريس\">", "<span class=\"author\"><a href=\"/author/209\">هسبريس - فاطمة الزهراء بنعلي</a></span>", "فاطمة الزهراء بنعلي"},
        /* a link to an author page, with a byline word before it */
        {"", "<div class=\"post-by\"><span>بواسطة</span> <a href=\"/author/17/\">عبد الإله شبل</a></div>", "عبد الإله شبل"},
        {"", "<div class=\"line\">Par <a href=\"/auteur/meryem-bennani/\">Meryem Bennani</a></div>", "Meryem Bennani"},
        /* readers' names in comments are not the author */
        {"", "<div class=\"comments\"><div class=\"comment-author\">Ahmed</div><p>Bravo</p></div>", NULL},
        /* a JSON-LD "Person" that is the outlet */
        {"<meta property=\"og:site_name\" content=\"هسبريس\"><script type=\"application/ld+json\">{\"@type\":\"NewsArticle\",\"author\":{\"@type\":\"Person\",\"name\":\"هسبريس\"}}</script>", "", NULL},
        /* a photo credit in brackets after the name */
        {"<meta property=\"og:site_name\" content=\"هسبريس\">", "<span class=\"author\"><a href=\"/author/129\">هسبريس - محمد الراجي (صور: منير محيمدات)</a></span>", "محمد الراجي"},
        /* the editorial desk */
        {"", "<div class=\"byline\">بقلم هيئة التحرير</div>", NULL},
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
        cmocka_unit_test(test_structural_rules),
        cmocka_unit_test(test_tables),
        cmocka_unit_test(test_weak_calls_to_act),
        cmocka_unit_test(test_cjk_sentences),
        cmocka_unit_test(test_site_rules),
        cmocka_unit_test(test_subheadings_lists_and_br),
        cmocka_unit_test(test_title),
        cmocka_unit_test(test_dates),
        cmocka_unit_test(test_author),
        cmocka_unit_test(test_charset_and_lang),
        cmocka_unit_test(test_bad_input),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
