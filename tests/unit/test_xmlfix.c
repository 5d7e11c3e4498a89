/* test_xmlfix.c -- the lenient tokeniser: every repair, byte for byte. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "parser/xmlfix.h"

typedef struct xcase {
    const char *in;    /* input */
    const char *want;  /* repaired output */
} xcase;

static const xcase cases[] = {
    /* references */
    {"<r>a & b</r>", "<r>a &#38; b</r>"},
    {"<r>&amp;&lt;&gt;&quot;&apos;</r>", "<r>&#38;&#60;>&#34;'</r>"},
    {"<r>&eacute;&nbsp;&hellip;</r>", "<r>\xC3\xA9\xC2\xA0\xE2\x80\xA6</r>"},
    {"<r>&foo; &bar ;</r>", "<r>&#38;foo; &#38;bar ;</r>"},
    {"<r>&#1575;&#x41;&#150;&#0;&#xD800;</r>", "<r>\xD8\xA7" "A\xE2\x80\x93 \xEF\xBF\xBD</r>"},
    {"<r>&#12ab;</r>", "<r>&#38;#12ab;</r>"},
    /* tags */
    {"<r><a>x</r>", "<r><a>x</a></r>"},
    {"<r>x</b></r>", "<r>x</r>"},
    {"<r><item>a<item>b</item></r>", "<r><item>a</item><item>b</item></r>"},
    {"<r><br>x</br><img src=a.jpg></r>", "<r><br/>x<img src=\"a.jpg\"/></r>"},
    {"<r><P>x</p></r>", "<r><P>x</P></r>"},
    {"<r><p>a<p>b</r>", "<r><p>a</p><p>b</p></r>"},
    {"<r>a < b <= c</r>", "<r>a &#60; b &#60;= c</r>"},
    {"<\xD9\x85\xD9\x82\xD8\xA7\xD9\x84>x</\xD9\x85\xD9\x82\xD8\xA7\xD9\x84>",
     "<\xD9\x85\xD9\x82\xD8\xA7\xD9\x84>x</\xD9\x85\xD9\x82\xD8\xA7\xD9\x84>"},
    /* attributes */
    {"<r a=1 b c='x\"y' a=2 d=\"&eacute;<\"/>", "<r a=\"1\" b=\"\" c=\"x&#34;y\" d=\"\xC3\xA9&#60;\"/>"},
    {"<r xmlns:x=\"\" k=\"v\"/>", "<r k=\"v\"/>"},
    /* characters */
    {"<r>a\x01" "b\x1f" "c</r>", "<r>a b c</r>"},
    {"<r>\xEF\xBF\xBE\xEF\xBF\xBF</r>", "<r>\xEF\xBF\xBD\xEF\xBF\xBD</r>"},
    /* what is dropped */
    {"<?xml version='1.0'?><!-- c --><!DOCTYPE r><r><!--x-->y<?pi z?></r>", "<r>y</r>"},
    {"hello <r>x</r>", "<r>x</r>"},
    {"<r/>junk<x>more</x>", "<r/>"},
    {"<r>a</r>\n<!-- cache -->\n", "<r>a</r>"},
    /* CDATA and truncation */
    {"<r><![CDATA[<b>&]]></r>", "<r><![CDATA[<b>&]]></r>"},
    {"<r><a>x</a><b>y", "<r><a>x</a><b>y<?akhbar-truncated?></b></r>"},
    {"<r><![CDATA[abc", "<r><![CDATA[abc]]><?akhbar-truncated?></r>"},
    {"<r><a href=\"x", "<r><?akhbar-truncated?></r>"},
    /* DTD entities, expanded here */
    {"<!DOCTYPE r [<!ENTITY s \"A &amp; B\"><!ENTITY t \"&s;!\">]><r>&t;</r>", "<r>A &#38; B!</r>"},
    {"<!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><r>[&x;]</r>", "<r>[]</r>"},
    {"", ""},
};

static char *fix(const char *in, size_t len, bool refs, char **err)
{
    xf_reader *x = xf_new(in, len, NULL, NULL);
    xf_set_text_refs(x, refs);
    ak_buf b = {0};
    char chunk[7]; /* tiny reads: the reader must resume anywhere */
    size_t n;
    while ((n = xf_read(x, chunk, sizeof chunk)) > 0) ak_buf_append(&b, chunk, n);
    if (err) *err = xf_error(x) ? strdup(xf_error(x)) : NULL;
    xf_free(x);
    return ak_buf_steal(&b);
}

static void test_table(void **state)
{
    (void)state;
    int bad = 0;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *got = fix(cases[i].in, strlen(cases[i].in), false, NULL);
        if (strcmp(got, cases[i].want) != 0) {
            print_error("in:   %s\ngot:  %s\nwant: %s\n", cases[i].in, got, cases[i].want);
            bad++;
        }
        free(got);
    }
    assert_int_equal(bad, 0);
}

static void test_depth(void **state)
{
    (void)state;
    ak_buf in = {0};
    for (int i = 0; i < 1000; i++) ak_buf_puts(&in, "<d>");
    ak_buf_puts(&in, "x");
    char *out = fix(in.data, in.len, false, NULL);
    int depth = 0, max = 0;
    for (const char *p = out; *p; p++) {
        if (p[0] == '<' && p[1] == 'd' && p[2] == '>') max = ++depth > max ? depth : max;
        else if (p[0] == '<' && p[1] == '/') depth--;
    }
    assert_true(max <= XF_MAX_DEPTH);
    assert_int_equal(depth, 0);
    free(out);
    ak_buf_free(&in);
}

static void test_entity_bounds(void **state)
{
    (void)state;
    char *err = NULL;
    ak_buf in = {0};
    ak_buf_puts(&in, "<!DOCTYPE r [<!ENTITY a0 \"0123456789\">");
    for (int i = 1; i < 8; i++) {
        ak_buf_printf(&in, "<!ENTITY a%d \"", i);
        for (int k = 0; k < 10; k++) ak_buf_printf(&in, "&a%d;", i - 1);
        ak_buf_puts(&in, "\">");
    }
    ak_buf_puts(&in, "]><r>&a7;</r>");
    char *out = fix(in.data, in.len, false, &err);
    assert_non_null(err);
    assert_non_null(strstr(err, "billion laughs"));
    assert_true(strlen(out) < 1024); /* nothing of it came out */
    free(out);
    free(err);
    ak_buf_free(&in);
    /* Empty entities nested a million times: each entity is expanded once
     * and remembered, so the work is the size of the DTD, not 10^6. */
    ak_buf_puts(&in, "<!DOCTYPE r [<!ENTITY e0 \"\">");
    for (int i = 1; i < 7; i++) {
        ak_buf_printf(&in, "<!ENTITY e%d \"", i);
        for (int k = 0; k < 10; k++) ak_buf_printf(&in, "&e%d;", i - 1);
        ak_buf_puts(&in, "\">");
    }
    ak_buf_puts(&in, "]><r>&e6;&e6;</r>");
    out = fix(in.data, in.len, false, &err);
    assert_null(err);
    assert_string_equal(out, "<r></r>");
    free(out);
    free(err);
    ak_buf_free(&in);
}

static void test_text_refs(void **state)
{
    (void)state;
    const char *in = "<r><![CDATA[abc]]><t>short</t><u>a text run long enough to be handed over by reference</u>"
                     "<v><![CDATA[bad\x01]]></v></r>";
    char *out = fix(in, strlen(in), true, NULL);
    assert_string_equal(out, "<r><?akhbar-text 12 3?><t>short</t><u><?akhbar-text 33 53?></u>"
                             "<v><![CDATA[bad ]]></v></r>");
    assert_memory_equal(in + 12, "abc", 3);
    assert_memory_equal(in + 33, "a text run", 10);
    free(out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_table),
        cmocka_unit_test(test_depth),
        cmocka_unit_test(test_entity_bounds),
        cmocka_unit_test(test_text_refs),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
