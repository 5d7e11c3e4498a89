/* fuzz_norm.c -- text normalisation and charset conversion on arbitrary
 * bytes: output is valid UTF-8, normalising twice changes nothing. */
#include "common/utf8.h"
#include "dedup/norm.h"
#include "parser/charset.h"
#include "tests/fuzz/fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    size_t n;
    const char *used;
    char *u = pc_to_utf8((const char *)data, size, size && (data[0] & 1) ? "text/html; charset=windows-1256" : NULL,
                         size && (data[0] & 2) ? PC_XML : PC_HTML, &n, &used);
    if (!ak_utf8_valid(u, n) || strlen(u) != n) abort();
    ak_buf a = {0}, b = {0};
    dd_normalize(&a, u, n);
    if (!ak_utf8_valid(ak_buf_str(&a), a.len)) abort();
    dd_normalize(&b, ak_buf_str(&a), a.len);
    if (strcmp(ak_buf_str(&a), ak_buf_str(&b)) != 0) abort(); /* idempotent */
    ak_buf_free(&a);
    ak_buf_free(&b);
    ak_buf raw = {0};
    dd_normalize(&raw, (const char *)data, size); /* invalid input too */
    if (!ak_utf8_valid(ak_buf_str(&raw), raw.len)) abort();
    ak_buf_free(&raw);
    free(u);
    return 0;
}
