/* fuzz_extract.c -- the article extractor on arbitrary bytes; the output
 * must be valid UTF-8 with a known status. */
#include "common/utf8.h"
#include "parser/extract.h"
#include "tests/fuzz/fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    px_article a;
    px_extract((const char *)data, size, "https://x.ma/a/b.html", size && (data[0] & 1) ? "text/html; charset=windows-1256" : NULL,
               0, &a);
    const char *fields[] = {a.title, a.body, a.author, a.lang, a.canonical_url, a.site_name, a.description, a.image};
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
        if (fields[i] && !ak_utf8_valid(fields[i], strlen(fields[i]))) abort();
    if (!a.status || !a.body) abort();
    px_free(&a);
    return 0;
}
