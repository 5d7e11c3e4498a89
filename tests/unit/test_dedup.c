/* test_dedup.c -- normalisation (fast path against the reference),
 * fingerprints, the in-memory index and the engine's clustering rules. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "common/buf.h"
#include "common/timeutil.h"
#include "dedup/engine.h"
#include "dedup/fp.h"
#include "dedup/index.h"
#include "dedup/norm.h"

/* ---- normalisation -------------------------------------------------------------- */

static void expect_norm(const char *in, const char *want)
{
    ak_buf b = {0};
    dd_normalize(&b, in, strlen(in));
    if (strcmp(ak_buf_str(&b), want) != 0) fail_msg("normalize(%s) = [%s], want [%s]", in, ak_buf_str(&b), want);
    ak_buf_free(&b);
}

static void test_norm_words(void **state)
{
    (void)state;
    struct { const char *in, *want; } c[] = {
        {"الإعلان عن النتائج", "الاعلان عن النتايج"},      /* hamza under alef, ئ */
        {"الآن", "الان"},                                  /* madda */
        {"مؤسسة", "موسسه"},                                /* ؤ, ة */
        {"القضاء", "القضاء"},                              /* a lone hamza stays */
        {"على مستوى", "علي مستوي"},                        /* ى */
        {"عَلِمَتْ «الصباح»", "علمت الصباح"},              /* tashkeel, guillemets */
        {"الـمـغـرب", "المغرب"},                            /* tatweel */
        {"سنة ١٤٣٠هـ الموافق ٢٠٠٩م", "سنه 1430ه الموافق 2009م"}, /* Eastern digits */
        {"بـ296.4 مليار", "ب296 4 مليار"},
        {"کتاب ی", "كتاب ي"},                              /* Persian kaf and yeh */
        {"Sœur et Cœur", "soeur et coeur"},                /* œ ligature */
        {"Ex æquo", "ex aequo"},
        {"L’ÉTÉ « chaud » à Fès…", "l ete chaud a fes"},
        {"Hôpital d'Agadir — 2ᵉ tranche", "hopital d agadir 2e tranche"},
        {"ﻻ ﷲ", "لا الله"},                                /* presentation forms */
        {"a\xE2\x80\x8B" "b c\xC2\xAD" "d", "ab cd"},       /* zero-width space, soft hyphen */
        {"\xEF\xBB\xBFtexte", "texte"},                    /* BOM */
        {"x\xFFy", "x y"},                                  /* an invalid byte separates */
    };
    for (size_t i = 0; i < sizeof c / sizeof c[0]; i++) expect_norm(c[i].in, c[i].want);
}

/* The fast table must give the reference's output: every BMP code point
 * between two letters, and random strings mixing Arabic, Latin, marks,
 * Hangul jamo (which compose with their neighbours) and astral planes. */
static void test_norm_fast_equals_reference(void **state)
{
    (void)state;
    ak_buf a = {0}, b = {0};
    int bad = 0;
    for (int cp = 1; cp < 0x10000; cp++) {
        if (cp >= 0xD800 && cp <= 0xDFFF) continue;
        char s[16];
        int n = 0;
        s[n++] = 'a';
        n += (int)utf8proc_encode_char(cp, (utf8proc_uint8_t *)s + n);
        s[n++] = 'b';
        ak_buf_clear(&a);
        ak_buf_clear(&b);
        dd_normalize(&a, s, (size_t)n);
        dd_normalize_reference(&b, s, (size_t)n);
        if (strcmp(ak_buf_str(&a), ak_buf_str(&b)) != 0 && bad++ < 5)
            print_error("U+%04X: fast [%s] reference [%s]\n", cp, ak_buf_str(&a), ak_buf_str(&b));
    }
    uint64_t x = 88172645463325252ULL;
    for (int it = 0; it < 50000; it++) {
        char s[256];
        int n = 0;
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        int len = (int)(x % 24);
        for (int k = 0; k < len; k++) {
            x ^= x << 13, x ^= x >> 7, x ^= x << 17;
            int r = (int)(x % 10), cp;
            uint64_t y = x >> 8;
            if (r < 3) cp = 0x600 + (int)(y % 0x100);
            else if (r < 5) cp = 32 + (int)(y % 96);
            else if (r < 6) cp = 0x1100 + (int)(y % 0x100);
            else if (r < 7) cp = 0x300 + (int)(y % 0x70);
            else if (r < 8) cp = 0xAC00 + (int)(y % 0x2C00);
            else if (r < 9) cp = 1 + (int)(y % 0x10FFFF);
            else cp = (int)(y % 0x10000);
            if ((cp >= 0xD800 && cp <= 0xDFFF) || cp == 0) cp = 'x';
            n += (int)utf8proc_encode_char(cp, (utf8proc_uint8_t *)s + n);
        }
        ak_buf_clear(&a);
        ak_buf_clear(&b);
        dd_normalize(&a, s, (size_t)n);
        dd_normalize_reference(&b, s, (size_t)n);
        if (strcmp(ak_buf_str(&a), ak_buf_str(&b)) != 0 && bad++ < 10)
            print_error("random string %d: fast [%s] reference [%s]\n", it, ak_buf_str(&a), ak_buf_str(&b));
    }
    ak_buf_free(&a);
    ak_buf_free(&b);
    assert_int_equal(bad, 0);
}

/* ---- fingerprints ---------------------------------------------------------------- */

static void test_fp_paragraphs_and_flags(void **state)
{
    (void)state;
    dd_doc d = {0};
    const char *body = "Le président Aziz Akhannouch a reçu 12 ministres à Rabat.\n\n"
                       "\n"
                       "Accueil | Société\n"
                       "أعلنت السلطات المحلية بمدينة الحسيمة عن منع السباحة يوم 3 غشت";
    dd_doc_parse(&d, body);
    assert_int_equal(d.npara, 3);
    assert_true(d.para[0].prose);
    assert_false(d.para[1].prose);
    assert_false(d.para[2].prose);
    /* Words: numbers and names. */
    int numbers = 0, names = 0;
    for (size_t i = 0; i < d.ntok; i++) {
        numbers += (d.tokf[i] & DD_TOK_NUMBER) != 0;
        names += (d.tokf[i] & DD_TOK_NAME) != 0;
    }
    assert_int_equal(numbers, 2); /* 12, 3 */
    /* Aziz, Akhannouch, Rabat (not "Le", sentence-initial), Société (after a
     * bar, not a sentence end), الحسيمة after بمدينة */
    assert_int_equal(names, 5);
    assert_true(d.tokf[d.para[0].tok + 2] & DD_TOK_NAME);  /* aziz */
    assert_false(d.tokf[d.para[0].tok + 0] & DD_TOK_NAME); /* le */
    /* The content hash is that of the whole body. */
    char h[65];
    dd_content_hash(body, h);
    assert_string_equal(d.content_hash, h);
    /* Numbers glued to Arabic proclitics or suffixes are numbers too. */
    dd_doc_parse(&d, "أدين بـ8 أشهر إلى الـ7 من أكتوبر سنة ١٤٣٠هـ و2e");
    int nums = 0;
    for (size_t i = 0; i < d.ntok; i++) nums += (d.tokf[i] & DD_TOK_NUMBER) != 0;
    assert_int_equal(nums, 4); /* بـ8, الـ7, ١٤٣٠هـ, 2e (an ordinal) */
    assert_int_equal(d.num[1], dd_word_hash("8", 1));
    assert_int_equal(d.num[4], dd_word_hash("7", 1));
    dd_doc_free(&d);
}

static void test_fp_shapes_and_sketches(void **state)
{
    (void)state;
    dd_doc a = {0}, b = {0};
    dd_doc_parse(&a, "آخر تحديث: 06/12/2021 13:10\nنص المقال الأول هنا");
    dd_doc_parse(&b, "آخر تحديث: 01/07/2024 06:41\nنص آخر مختلف تماما");
    assert_int_equal(a.para[0].shape, b.para[0].shape); /* same line, other date */
    assert_int_not_equal(a.para[0].hash, b.para[0].hash);
    /* Identical content: identical sketches; no content: empty sketch. */
    const char *story =
        "أعلن المكتب الوطني للسكك الحديدية عن إطلاق خط جديد للقطارات يربط بين القنيطرة ومكناس.\n"
        "وأوضح المكتب أن الخط سيمكن من تقليص مدة الرحلة بين المدينتين إلى ساعة وعشرين دقيقة.";
    dd_doc_parse(&a, story);
    dd_doc_sketch(&a);
    dd_doc_parse(&b, story);
    dd_doc_sketch(&b);
    assert_true(a.nshingles > 10);
    assert_int_equal(a.simhash, b.simhash);
    assert_memory_equal(a.minhash, b.minhash, sizeof a.minhash);
    assert_true(dd_minhash_jaccard(a.minhash, b.minhash) == 1.0);
    dd_doc_parse(&b, "");
    dd_doc_sketch(&b);
    assert_int_equal(b.nshingles, 0);
    assert_int_equal(b.npara, 0);
    assert_true(dd_minhash_jaccard(a.minhash, b.minhash) == 0.0);
    dd_doc_free(&a);
    dd_doc_free(&b);
}

/* MinHash estimates Jaccard: two word sequences built to share a known
 * share of their shingles. */
static void test_fp_minhash_estimate(void **state)
{
    (void)state;
    ak_buf x = {0}, y = {0};
    for (int i = 0; i < 600; i++) ak_buf_printf(&x, "w%d ", i);
    for (int i = 200; i < 800; i++) ak_buf_printf(&y, "w%d ", i);
    ak_buf_puts(&x, ".");
    ak_buf_puts(&y, ".");
    dd_doc a = {0}, b = {0};
    dd_doc_parse(&a, x.data);
    dd_doc_parse(&b, y.data);
    dd_doc_sketch(&a);
    dd_doc_sketch(&b);
    /* 398 shared shingles of 598 + 598 - 398 = 798: J = 0.4988. */
    double j = dd_minhash_jaccard(a.minhash, b.minhash);
    if (j < 0.38 || j > 0.62) fail_msg("estimated Jaccard %.3f, true 0.499", j);
    /* SimHash of near-identical texts is close, of unrelated ones not. */
    ak_buf_clear(&y);
    for (int i = 0; i < 600; i++) ak_buf_printf(&y, i == 300 ? "other%d " : "w%d ", i);
    dd_doc_parse(&b, y.data);
    dd_doc_sketch(&b);
    assert_true(dd_hamming(a.simhash, b.simhash) <= 8);
    ak_buf_clear(&y);
    for (int i = 0; i < 600; i++) ak_buf_printf(&y, "z%d ", i);
    dd_doc_parse(&b, y.data);
    dd_doc_sketch(&b);
    assert_true(dd_hamming(a.simhash, b.simhash) >= 16);
    dd_doc_free(&a);
    dd_doc_free(&b);
    ak_buf_free(&x);
    ak_buf_free(&y);
}

/* ---- the in-memory index --------------------------------------------------------- */

static void test_mem_keys(void **state)
{
    (void)state;
    dd_mem *m = dd_mem_new();
    dd_keyrec r;
    assert_int_equal(dd_mem_ops.key_get(m, 42, &r, NULL), 0);
    for (int64_t id = 1; id <= 5; id++) dd_mem_ops.key_add(m, 42, id, 1000 + id, NULL, NULL);
    assert_int_equal(dd_mem_ops.key_get(m, 42, &r, NULL), 1);
    assert_int_equal(r.n, 5);
    assert_int_equal(r.first, 1);
    assert_int_equal(r.recent[0], 5);
    assert_int_equal(r.recent[DD_RECENT - 1], 5 - DD_RECENT + 1);
    /* A later holder published earlier becomes the first. */
    dd_keyrec prev;
    dd_mem_ops.key_add(m, 42, 6, 500, &prev, NULL);
    assert_int_equal(prev.n, 5);
    assert_int_equal(prev.recent[0], 5);
    assert_int_equal(prev.first, 0); /* replaced */
    dd_mem_ops.key_get(m, 42, &r, NULL);
    assert_int_equal(r.first, 6);
    assert_int_equal(r.first_time, 500);
    dd_mem_ops.key_add(m, 7, 9, 100, &prev, NULL);
    assert_int_equal(prev.n, 0);
    dd_mem_free(m);
}

/* ---- the engine -------------------------------------------------------------------- */

typedef struct world {
    dd_mem *m;
    dd_engine *e;
    int64_t clock;
} world;

static int64_t put(world *w, const char *site, const char *title, const char *body, int64_t published,
                   dd_result *r)
{
    w->clock += 60;
    int64_t id = dd_mem_add_doc(w->m, site, title, body, published, w->clock);
    dd_article a = {.id = id, .site = site, .title = title, .body = body, .published = published,
                    .fetched = w->clock};
    dd_result tmp;
    char *err = NULL;
    if (dd_engine_add(w->e, &a, r ? r : &tmp, &err) != 0) fail_msg("engine: %s", err);
    return id;
}

static int64_t cluster_of(world *w, int64_t id, int64_t *dup)
{
    const dd_state *s = dd_mem_state(w->m, id, dup);
    assert_non_null(s);
    return s->cluster;
}

#define P1 "أعلنت وزارة الداخلية عن فتح باب التسجيل في اللوائح الانتخابية العامة إلى غاية نهاية شهر دجنبر، وذلك عبر الموقع الإلكتروني المخصص لهذا الغرض أو لدى مكاتب السلطات المحلية."
#define P2 "ودعت الوزارة الشباب البالغين ثمانية عشر عاما إلى المبادرة بالتسجيل، مؤكدة أن العملية مجانية ولا تتطلب سوى الإدلاء بالبطاقة الوطنية للتعريف الإلكترونية."
#define P3 "وأشارت الوزارة إلى أن اللجان الإدارية ستعقد اجتماعاتها خلال الشهر المقبل لدراسة طلبات القيد الجديدة والبت في طلبات نقل التسجيل من دائرة إلى أخرى."

static void test_engine_exact_and_original(void **state)
{
    (void)state;
    world w = {dd_mem_new(), NULL, 1700000000};
    w.e = dd_engine_new(&dd_mem_ops, w.m, NULL);
    dd_result r;
    /* The copy is crawled first, but published after the original. */
    int64_t copy = put(&w, "febrayer", "التسجيل في اللوائح", P1 "\n\n" P2, 1700090000, &r);
    assert_int_equal(r.kind, DD_ORIGINAL);
    assert_int_equal(r.duplicate_of, 0);
    int64_t orig = put(&w, "hespress", "فتح باب التسجيل", P1 "\n\n" P2, 1700080000, &r);
    assert_int_equal(r.cluster, copy);
    assert_int_equal(r.duplicate_of, 0); /* it is the original now */
    assert_int_equal(r.kind, DD_ORIGINAL);
    int64_t dup = -1;
    assert_int_equal(cluster_of(&w, copy, &dup), copy);
    assert_int_equal(dup, orig);
    const dd_state *s = dd_mem_state(w.m, copy, NULL);
    assert_int_equal(s->kind, DD_EXACT);
    assert_int_equal(s->match, orig);
    /* A third copy points at the original, and its paragraphs at their
     * first appearance (the original, published first). */
    int64_t third = put(&w, "alyaoum24", "التسجيل", P1 "\n\n" P2, 1700095000, &r);
    assert_int_equal(r.kind, DD_EXACT);
    assert_int_equal(r.duplicate_of, orig);
    assert_int_equal(r.nshared, 2);
    assert_int_equal(r.shared[0].first, orig);
    assert_int_equal(cluster_of(&w, third, NULL), copy);
    dd_engine_free(w.e);
    dd_mem_free(w.m);
}

/* Two clusters that one article matches near-identically are one story;
 * an article that merely contains both (a round-up) merges nothing. */
static void test_engine_merge_rules(void **state)
{
    (void)state;
    world w = {dd_mem_new(), NULL, 1700000000};
    w.e = dd_engine_new(&dd_mem_ops, w.m, NULL);
    dd_result r;
    int64_t x = put(&w, "a", "t1", P1 "\n\n" P2, AK_TIME_NONE, &r);
    int64_t y = put(&w, "b", "t2", P2 "\n\n" P3, AK_TIME_NONE, &r);
    assert_int_not_equal(cluster_of(&w, x, NULL), cluster_of(&w, y, NULL));
    int64_t z = put(&w, "c", "t3", P1 "\n\n" P2 "\n\n" P3, AK_TIME_NONE, &r);
    assert_int_equal(r.merged, 1);
    assert_int_equal(cluster_of(&w, x, NULL), cluster_of(&w, y, NULL));
    assert_int_equal(cluster_of(&w, z, NULL), cluster_of(&w, x, NULL));
    int64_t dx = -1, dy = -1;
    cluster_of(&w, x, &dx);
    cluster_of(&w, y, &dy);
    assert_int_equal(dx, 0); /* x, fetched first, is the original */
    assert_int_equal(dy, x);
    dd_engine_free(w.e);
    dd_mem_free(w.m);

    w = (world){dd_mem_new(), NULL, 1700000000};
    w.e = dd_engine_new(&dd_mem_ops, w.m, NULL);
    x = put(&w, "a", "t1", P1, AK_TIME_NONE, &r);
    y = put(&w, "b", "t2", P3, AK_TIME_NONE, &r);
    put(&w, "c", "t3", P1 "\n\n" P3 "\n\nوفي أخبار أخرى، عرفت الأسواق ارتفاعا في أسعار الخضر.", AK_TIME_NONE, &r);
    assert_int_equal(r.merged, 0);
    assert_int_not_equal(cluster_of(&w, x, NULL), cluster_of(&w, y, NULL));
    dd_engine_free(w.e);
    dd_mem_free(w.m);
}

/* A line seen on another page of the same site is chrome: it neither makes
 * two stories alike nor hides a copy. */
static void test_engine_site_chrome(void **state)
{
    (void)state;
    world w = {dd_mem_new(), NULL, 1700000000};
    w.e = dd_engine_new(&dd_mem_ops, w.m, NULL);
    const char *sig = "تابعوا آخر الأخبار الوطنية والدولية عبر تطبيق موقعنا على هواتفكم الذكية، "
                      "وشاركونا آراءكم وتعليقاتكم حول مختلف القضايا التي تهم المواطنين، مع الالتزام "
                      "بقواعد النشر واحترام الرأي الآخر.";
    ak_buf b = {0};
    int64_t ids[4];
    const char *stories[4] = {
        "أطلقت السلطات المحلية حملة واسعة لتنظيف شواطئ المضيق استعدادا لموسم الاصطياف.",
        "تم افتتاح مستشفى إقليمي جديد بتارودانت بطاقة استيعابية تصل إلى مائتي سرير.",
        "نظمت جمعية محلية حملة تحسيسية لفائدة تلاميذ المدارس حول أهمية الحفاظ على البيئة.",
        "استقبلت دار الثقافة معرضا تشكيليا جماعيا يضم أعمال فنانين شباب من جهات مختلفة.",
    };
    for (int i = 0; i < 4; i++) {
        ak_buf_clear(&b);
        ak_buf_printf(&b, "آخر تحديث: 0%d/07/2024 1%d:05\n\n%s\n\n%s\n\nحقوق النشر محفوظة", i + 1, i, stories[i], sig);
        ids[i] = put(&w, "akhbarona", "خبر", b.data, AK_TIME_NONE, NULL);
    }
    for (int i = 1; i < 4; i++) assert_int_not_equal(cluster_of(&w, ids[i], NULL), cluster_of(&w, ids[0], NULL));
    /* The site updates one of its own stories: that is a copy. */
    int64_t x = put(&w, "akhbarona", "التسجيل", P1 "\n\n" P2, AK_TIME_NONE, NULL);
    dd_result r;
    int64_t x2 = put(&w, "akhbarona", "التسجيل (محين)", P1 "\n\n" P2 "\n\n" P3, AK_TIME_NONE, &r);
    assert_int_equal(cluster_of(&w, x2, NULL), cluster_of(&w, x, NULL));
    assert_int_equal(r.duplicate_of, x);
    ak_buf_free(&b);
    dd_engine_free(w.e);
    dd_mem_free(w.m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_norm_words),
        cmocka_unit_test(test_norm_fast_equals_reference),
        cmocka_unit_test(test_fp_paragraphs_and_flags),
        cmocka_unit_test(test_fp_shapes_and_sketches),
        cmocka_unit_test(test_fp_minhash_estimate),
        cmocka_unit_test(test_mem_keys),
        cmocka_unit_test(test_engine_exact_and_original),
        cmocka_unit_test(test_engine_merge_rules),
        cmocka_unit_test(test_engine_site_chrome),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
