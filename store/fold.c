/* fold.c -- words for full-text search, shared by both backends (see
 * store_int.h): where words break, and how each is folded (dedup's
 * normaliser, set by st_set_text_normalizer) so that Arabic and French
 * spelling variants meet. */
#include "store/store_int.h"
#include "common/buf.h"
#include "common/utf8.h"

#include <string.h>
#include <utf8proc.h>

bool st__word_cp(int cp)
{
    if (cp < 0x80) return (cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');
    if (cp == 0x640 || cp == 0x200C || cp == 0x200D) return true; /* tatweel, ZWNJ, ZWJ */
    switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL: case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM: case UTF8PROC_CATEGORY_LO: case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_MC: case UTF8PROC_CATEGORY_ME: case UTF8PROC_CATEGORY_ND:
    case UTF8PROC_CATEGORY_NL: case UTF8PROC_CATEGORY_NO:
        return true;
    default:
        return false;
    }
}

size_t st__article_prefix(const char *w, size_t n)
{
    static const char *const prefixes[] = {"وال", "بال", "كال", "فال", "لل", "ال", NULL};
    for (int i = 0; prefixes[i]; i++) {
        size_t pl = strlen(prefixes[i]);
        if (n > pl && memcmp(w, prefixes[i], pl) == 0 && ak_utf8_count(w + pl, n - pl) >= 3) return pl;
    }
    return 0;
}

void st__fold_word(ak_buf *out, const char *s, size_t n)
{
    st_text_fn *fn = st__text_normalizer();
    if (fn) fn(out, s, n);
    else ak_buf_append(out, s, n);
}
