/* norm.c -- the normal form of article text (see norm.h). */
#include "dedup/norm.h"
#include "common/utf8.h"

#include <openssl/evp.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

/* Arabic folds applied after NFKC + case folding + mark stripping. */
static int fold_cp(int cp)
{
    switch (cp) {
    case 0x0622: case 0x0623: case 0x0625: case 0x0671: case 0x0672: case 0x0673:
        return 0x0627;              /* alef forms -> bare alef */
    case 0x0624: return 0x0648;     /* ؤ -> و */
    case 0x0626: return 0x064A;     /* ئ -> ي */
    case 0x0649: return 0x064A;     /* ى -> ي */
    case 0x0629: return 0x0647;     /* ة -> ه */
    case 0x06A9: return 0x0643;     /* Persian kaf -> kaf */
    case 0x06CC: return 0x064A;     /* Farsi yeh -> yeh */
    case 0x0640: return -1;         /* tatweel: drop */
    default: break;
    }
    if (cp >= 0x0660 && cp <= 0x0669) return '0' + (cp - 0x0660);
    if (cp >= 0x06F0 && cp <= 0x06F9) return '0' + (cp - 0x06F0);
    if ((cp >= 0x064B && cp <= 0x065F) || cp == 0x0670 || (cp >= 0x06D6 && cp <= 0x06ED))
        return -1;                  /* any mark utf8proc left */
    return cp;
}

static bool is_sep(int cp)
{
    if (cp == ' ') return true;
    switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_PC: case UTF8PROC_CATEGORY_PD: case UTF8PROC_CATEGORY_PS:
    case UTF8PROC_CATEGORY_PE: case UTF8PROC_CATEGORY_PI: case UTF8PROC_CATEGORY_PF:
    case UTF8PROC_CATEGORY_PO: case UTF8PROC_CATEGORY_SM: case UTF8PROC_CATEGORY_SC:
    case UTF8PROC_CATEGORY_SK: case UTF8PROC_CATEGORY_SO: case UTF8PROC_CATEGORY_ZS:
    case UTF8PROC_CATEGORY_ZL: case UTF8PROC_CATEGORY_ZP: case UTF8PROC_CATEGORY_CC:
    case UTF8PROC_CATEGORY_CF:
        return true;
    default:
        return false;
    }
}

void dd_normalize(ak_buf *out, const char *s, size_t n)
{
    if (n == 0) return;
    utf8proc_uint8_t *mapped = NULL;
    utf8proc_ssize_t m = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n, &mapped,
                                      UTF8PROC_STABLE | UTF8PROC_COMPAT | UTF8PROC_COMPOSE |
                                          UTF8PROC_CASEFOLD | UTF8PROC_STRIPMARK |
                                          UTF8PROC_IGNORE);
    const char *src = s;
    size_t len = n;
    if (m >= 0) {
        src = (const char *)mapped;
        len = (size_t)m;
    }
    ak_buf_reserve(out, len);
    bool space = false, any = false;
    for (size_t i = 0; i < len;) {
        int cp;
        size_t l = ak_utf8_next(src + i, len - i, &cp);
        i += l;
        int f = fold_cp(cp);
        if (f < 0) continue;
        if (is_sep(f)) {
            space = any;
            continue;
        }
        if (space) ak_buf_putc(out, ' ');
        space = false;
        any = true;
        char enc[4];
        utf8proc_ssize_t el = utf8proc_encode_char(f, (utf8proc_uint8_t *)enc);
        ak_buf_append(out, enc, (size_t)el);
    }
    free(mapped);
}

void dd_content_hash(const char *body, char hex[65])
{
    ak_buf b = {0};
    dd_normalize(&b, body ? body : "", body ? strlen(body) : 0);
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int mdlen = 0;
    EVP_Digest(b.data ? b.data : "", b.len, md, &mdlen, EVP_sha256(), NULL);
    for (unsigned i = 0; i < mdlen && i < 32; i++) {
        static const char hx[] = "0123456789abcdef";
        hex[2 * i] = hx[md[i] >> 4];
        hex[2 * i + 1] = hx[md[i] & 15];
    }
    hex[64] = '\0';
    ak_buf_free(&b);
}
