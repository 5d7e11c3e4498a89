/* fuzz_feed.c -- the feed parser on arbitrary bytes (with and without an
 * HTTP charset); every entry's strings must be valid UTF-8. */
#include "common/utf8.h"
#include "parser/feed.h"
#include "tests/fuzz/fuzz.h"

static void must_be_utf8(const char *s)
{
    if (s && !ak_utf8_valid(s, strlen(s))) abort();
}

static int on_entry(const pf_entry *e, void *ud)
{
    (void)ud;
    must_be_utf8(e->id);
    must_be_utf8(e->title);
    must_be_utf8(e->link);
    must_be_utf8(e->author);
    must_be_utf8(e->summary);
    must_be_utf8(e->content);
    for (size_t i = 0; i < e->ncategories; i++) must_be_utf8(e->categories[i]);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const ctypes[] = {NULL, "application/rss+xml; charset=utf-8",
                                         "text/xml; charset=windows-1256", "application/xml; charset=iso-8859-1"};
    const char *ct = size ? ctypes[data[0] & 3] : NULL;
    pf_info info;
    char *err = NULL;
    pf_parse((const char *)data, size, "https://x.ma/feed/", ct, on_entry, NULL, &info, &err);
    must_be_utf8(info.title);
    must_be_utf8(info.link);
    pf_info_free(&info);
    free(err);
    return 0;
}
