/* test_text.c -- UTF-8 repair, charset detection, normalisation, hashing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "common/utf8.h"
#include "dedup/norm.h"
#include "parser/charset.h"

static void test_utf8_sanitize(void **state)
{
    (void)state;
    struct { const char *in; size_t n; const char *out; size_t bad; } c[] = {
        {"abc", 3, "abc", 0},
        {"\xD8\xB9\xD8\xB1\xD8\xA8", 6, "عرب", 0},
        {"a\xFF" "b", 3, "a\xEF\xBF\xBD" "b", 1},                 /* invalid byte */
        {"\xC0\xAF", 2, "\xEF\xBF\xBD\xEF\xBF\xBD", 2},            /* overlong '/' */
        {"\xED\xA0\x80", 3, "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD", 3}, /* surrogate */
        {"x\xD8", 2, "x\xEF\xBF\xBD", 1},                          /* truncated */
        {"a\0b", 3, "a\xEF\xBF\xBD" "b", 1},                       /* NUL */
    };
    for (size_t i = 0; i < sizeof c / sizeof c[0]; i++) {
        ak_buf b = {0};
        size_t bad = ak_utf8_sanitize(&b, c[i].in, c[i].n);
        assert_string_equal(ak_buf_str(&b), c[i].out);
        assert_int_equal(bad, c[i].bad);
        assert_true(ak_utf8_valid(b.data, b.len));
        ak_buf_free(&b);
    }
    assert_false(ak_utf8_valid("a\xFF", 2));
    assert_false(ak_utf8_valid("a\0", 2));
}

static void test_collapse(void **state)
{
    (void)state;
    char *s = ak_text_clean("  a \t\n b\xC2\xA0\xC2\xA0 c\xE2\x80\x8B d  ");
    assert_string_equal(s, "a b c d");
    free(s);
    s = ak_text_clean("");
    assert_string_equal(s, "");
    free(s);
    assert_null(ak_text_clean(NULL));
}

static void test_charset_windows1256(void **state)
{
    (void)state;
    /* "المغرب" in windows-1256, declared only by the HTTP header. */
    const char in[] = "<p>\xC7\xE1\xE3\xDB\xD1\xC8</p>";
    size_t n;
    const char *used;
    char *out = pc_to_utf8(in, strlen(in), "text/html; charset=windows-1256", PC_HTML, &n, &used);
    assert_string_equal(used, "windows-1256");
    assert_string_equal(out, "<p>المغرب</p>");
    free(out);
    /* Declared in a meta tag only. */
    const char page[] = "<html><head><meta charset=\"windows-1256\"></head><body>\xC7\xE1\xE3\xDB\xD1\xC8</body></html>";
    out = pc_to_utf8(page, strlen(page), NULL, PC_HTML, &n, &used);
    assert_string_equal(used, "windows-1256");
    assert_non_null(strstr(out, "المغرب"));
    free(out);
    /* Declared nowhere: sniffed as Arabic. */
    const char bare[] = "\xC7\xE1\xE3\xDB\xD1\xC8 \xE6\xC7\xE1\xDA\xC7\xE1\xE3 \xC7\xE1\xDA\xD1\xC8\xED";
    out = pc_to_utf8(bare, strlen(bare), NULL, PC_HTML, &n, &used);
    assert_string_equal(used, "windows-1256");
    free(out);
}

static void test_charset_lies_and_boms(void **state)
{
    (void)state;
    size_t n;
    const char *used;
    /* HTTP says UTF-8, bytes are windows-1252, the XML declaration knows. */
    const char xml[] = "<?xml version=\"1.0\" encoding=\"iso-8859-1\"?><t>\xE9t\xE9</t>";
    char *out = pc_to_utf8(xml, strlen(xml), "application/xml; charset=utf-8", PC_XML, &n, &used);
    assert_string_equal(used, "windows-1252");
    assert_non_null(strstr(out, "été"));
    free(out);
    /* Declared latin-1, actually UTF-8. */
    const char u8[] = "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><t>été</t>";
    out = pc_to_utf8(u8, strlen(u8), NULL, PC_XML, &n, &used);
    assert_string_equal(used, "utf-8");
    assert_non_null(strstr(out, "été"));
    free(out);
    /* UTF-8 BOM wins and is dropped. */
    const char bom[] = "\xEF\xBB\xBF<t>x</t>";
    out = pc_to_utf8(bom, strlen(bom), "text/xml; charset=windows-1256", PC_XML, &n, &used);
    assert_string_equal(used, "utf-8");
    assert_string_equal(out, "<t>x</t>");
    free(out);
    /* UTF-16LE with BOM. */
    const char u16[] = "\xFF\xFE<\0t\0>\0'\x06<\0/\0t\0>\0";
    out = pc_to_utf8(u16, sizeof u16 - 1, NULL, PC_XML, &n, &used);
    assert_string_equal(used, "utf-16le");
    assert_string_equal(out, "<t>\xD8\xA7</t>");
    free(out);
    /* ISO-8859-6 label. */
    const char iso6[] = "\xC7\xE4\xE5\xBA\xD1\xC8";
    out = pc_to_utf8(iso6, strlen(iso6), "text/plain; charset=ISO-8859-6", PC_HTML, &n, &used);
    assert_string_equal(used, "iso-8859-6");
    assert_true(ak_utf8_valid(out, n));
    free(out);
    char cs[32];
    assert_string_equal(pc_ctype_charset("text/html; Charset=\"UTF-8\"", cs, sizeof cs), "utf-8");
    assert_null(pc_ctype_charset("text/html", cs, sizeof cs));
    assert_string_equal(pc_canonical("Latin1"), "windows-1252");
    assert_null(pc_canonical("klingon"));
}

static void expect_norm(const char *in, const char *want)
{
    ak_buf b = {0};
    dd_normalize(&b, in, strlen(in));
    if (strcmp(ak_buf_str(&b), want) != 0) fail_msg("normalize(%s) = [%s], want [%s]", in, ak_buf_str(&b), want);
    ak_buf_free(&b);
}

static void test_normalize_arabic(void **state)
{
    (void)state;
    expect_norm("أحمد", "احمد");
    expect_norm("إسلام", "اسلام");
    expect_norm("آمال", "امال");
    expect_norm("ٱلله", "الله");
    expect_norm("مستشفى", "مستشفي");
    expect_norm("مدرسة", "مدرسه");
    expect_norm("مُحَمَّدٌ", "محمد");                /* tashkeel */
    expect_norm("هٰذا", "هذا");                      /* superscript alef */
    expect_norm("المـــغرب", "المغرب");              /* tatweel */
    expect_norm("٢٠٢٤ و۱۲", "2024 و12");              /* Arabic-Indic, Persian digits */
    expect_norm("مسؤول", "مسوول");
    expect_norm("رئيس", "رييس");
    expect_norm("الرباط، الدار البيضاء؛ هل؟", "الرباط الدار البيضاء هل");
    expect_norm("ﻻ", "لا");                          /* presentation form via NFKC */
}

static void test_normalize_french(void **state)
{
    (void)state;
    expect_norm("Élèves ÉTÉ", "eleves ete");
    expect_norm("l’économie « marocaine »", "l economie marocaine");
    expect_norm("L'ÉCONOMIE — marocaine...", "l economie marocaine");
    expect_norm("ﬁnance Straße", "finance strasse");
    expect_norm("  a\t\nb  ", "a b");
    expect_norm("", "");
}

static void test_content_hash(void **state)
{
    (void)state;
    char a[65], b[65], c[65];
    dd_content_hash("أحمد، في المدرسة.", a);
    dd_content_hash("احمد في   المدرسه", b);
    dd_content_hash("احمد في البيت", c);
    assert_int_equal(strlen(a), 64);
    assert_string_equal(a, b);
    assert_string_not_equal(a, c);
    dd_content_hash("", a);
    assert_string_equal(a, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_utf8_sanitize),
        cmocka_unit_test(test_collapse),
        cmocka_unit_test(test_charset_windows1256),
        cmocka_unit_test(test_charset_lies_and_boms),
        cmocka_unit_test(test_normalize_arabic),
        cmocka_unit_test(test_normalize_french),
        cmocka_unit_test(test_content_hash),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
