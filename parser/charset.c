/* charset.c -- charset detection and conversion to UTF-8 (see charset.h). */
#include "parser/charset.h"
#include "common/buf.h"
#include "common/mem.h"
#include "common/utf8.h"

#include <ctype.h>
#include <errno.h>
#include <iconv.h>
#include <stdbool.h>
#include <string.h>
#include <strings.h>

/* WHATWG labels for the encodings akhbar meets, mapped to the name used
 * both in output and as the iconv name. */
static const struct { const char *label, *name; } labels[] = {
    {"utf-8", "utf-8"}, {"utf8", "utf-8"}, {"unicode-1-1-utf-8", "utf-8"},
    {"x-unicode20utf8", "utf-8"},
    {"utf-16", "utf-16le"}, {"utf-16le", "utf-16le"}, {"utf-16be", "utf-16be"},
    {"ucs-2", "utf-16le"}, {"unicode", "utf-16le"},
    {"windows-1256", "windows-1256"}, {"cp1256", "windows-1256"}, {"x-cp1256", "windows-1256"},
    {"iso-8859-6", "iso-8859-6"}, {"iso8859-6", "iso-8859-6"}, {"iso_8859-6", "iso-8859-6"},
    {"arabic", "iso-8859-6"}, {"asmo-708", "iso-8859-6"}, {"csisolatinarabic", "iso-8859-6"},
    {"ecma-114", "iso-8859-6"}, {"iso-ir-127", "iso-8859-6"}, {"iso-8859-6-i", "iso-8859-6"},
    {"iso-8859-6-e", "iso-8859-6"},
    /* WHATWG: Latin-1 and ASCII labels mean windows-1252. */
    {"windows-1252", "windows-1252"}, {"cp1252", "windows-1252"}, {"x-cp1252", "windows-1252"},
    {"iso-8859-1", "windows-1252"}, {"iso8859-1", "windows-1252"}, {"iso_8859-1", "windows-1252"},
    {"latin1", "windows-1252"}, {"l1", "windows-1252"}, {"us-ascii", "windows-1252"},
    {"ascii", "windows-1252"}, {"ansi_x3.4-1968", "windows-1252"}, {"cp819", "windows-1252"},
    {"iso-8859-15", "iso-8859-15"}, {"latin9", "iso-8859-15"}, {"iso_8859-15", "iso-8859-15"},
    {"iso-8859-2", "iso-8859-2"}, {"windows-1250", "windows-1250"},
    {"windows-1251", "windows-1251"}, {"koi8-r", "koi8-r"},
    {"windows-1254", "windows-1254"}, {"iso-8859-9", "windows-1254"},
    {"windows-1255", "windows-1255"}, {"iso-8859-8", "iso-8859-8"},
    {"shift_jis", "shift_jis"}, {"euc-jp", "euc-jp"}, {"gbk", "gbk"}, {"gb2312", "gbk"},
    {"gb18030", "gb18030"}, {"big5", "big5"}, {"euc-kr", "euc-kr"},
};

const char *pc_canonical(const char *label)
{
    if (!label) return NULL;
    char buf[64];
    size_t n = 0;
    while (isspace((unsigned char)*label) || *label == '"' || *label == '\'') label++;
    while (*label && n < sizeof buf - 1 && !isspace((unsigned char)*label) && *label != '"' &&
           *label != '\'' && *label != ';')
        buf[n++] = (char)tolower((unsigned char)*label++);
    buf[n] = '\0';
    for (size_t i = 0; i < sizeof labels / sizeof labels[0]; i++)
        if (strcmp(buf, labels[i].label) == 0) return labels[i].name;
    return NULL;
}

char *pc_ctype_charset(const char *ctype, char *out, size_t n)
{
    if (!ctype || !n) return NULL;
    const char *p = ctype;
    while ((p = strchr(p, ';'))) {
        p++;
        while (isspace((unsigned char)*p)) p++;
        if (strncasecmp(p, "charset", 7) == 0) {
            p += 7;
            while (isspace((unsigned char)*p)) p++;
            if (*p != '=') continue;
            p++;
            while (isspace((unsigned char)*p) || *p == '"' || *p == '\'') p++;
            size_t i = 0;
            while (*p && i < n - 1 && *p != ';' && *p != '"' && *p != '\'' &&
                   !isspace((unsigned char)*p))
                out[i++] = (char)tolower((unsigned char)*p++);
            out[i] = '\0';
            return i ? out : NULL;
        }
    }
    return NULL;
}

/* Finds the value of encoding="..." in an XML declaration near the start
 * (junk such as a PHP warning may precede it). */
static const char *xml_decl_charset(const char *d, size_t len, char *out, size_t n)
{
    size_t lim = len < 4096 ? len : 4096;
    const char *decl = memmem(d, lim, "<?xml", 5);
    if (!decl) return NULL;
    size_t i = (size_t)(decl - d);
    const char *end = memchr(d + i, '>', len - i > 512 ? 512 : len - i);
    if (!end) return NULL;
    for (const char *p = d + i; p + 9 < end; p++) {
        if (strncmp(p, "encoding", 8) != 0) continue;
        p += 8;
        while (p < end && (isspace((unsigned char)*p) || *p == '=')) p++;
        if (p < end && (*p == '"' || *p == '\'')) p++;
        size_t k = 0;
        while (p < end && k < n - 1 && *p != '"' && *p != '\'' && !isspace((unsigned char)*p) && *p != '?')
            out[k++] = (char)tolower((unsigned char)*p++);
        out[k] = '\0';
        return k ? out : NULL;
    }
    return NULL;
}

/* A light version of the WHATWG <meta> prescan over the first 4 KB:
 * <meta charset=X> and <meta http-equiv=Content-Type content="...charset=X">. */
static const char *html_meta_charset(const char *d, size_t len, char *out, size_t n)
{
    size_t lim = len < 4096 ? len : 4096;
    for (size_t i = 0; i + 5 < lim; i++) {
        if (d[i] != '<' || strncasecmp(d + i + 1, "meta", 4) != 0) continue;
        const char *end = memchr(d + i, '>', lim - i);
        if (!end) break;
        for (const char *p = d + i + 5; p + 7 < end; p++) {
            if (strncasecmp(p, "charset", 7) != 0) continue;
            p += 7;
            while (p < end && isspace((unsigned char)*p)) p++;
            if (p >= end || *p != '=') continue;
            p++;
            while (p < end && (isspace((unsigned char)*p) || *p == '"' || *p == '\'')) p++;
            size_t k = 0;
            while (p < end && k < n - 1 && *p != '"' && *p != '\'' && *p != ';' && *p != '/' &&
                   !isspace((unsigned char)*p))
                out[k++] = (char)tolower((unsigned char)*p++);
            out[k] = '\0';
            if (k) return out;
        }
        i = (size_t)(end - d);
    }
    return NULL;
}

/* Byte classes of the upper half of the single-byte charsets met here:
 * A Arabic letter or mark, L Latin letter, U undefined, O anything else. */
static const char cls_1256[129] =
    "OAOLOOOOOOAOLAAA" "AOOOOOOOAOAOLOOA" "OOOOOOOOOOAOOOOO" "OOOOOOOOOOOOOOOO"
    "AAAAAAAAAAAAAAAA" "AAAAAAAOAAAAAAAA" "LALAAAALLLLLAALL" "AAAALAAOALALLOOA";
static const char cls_8859_6[129] =
    "UUUUUUUUUUUUUUUU" "UUUUUUUUUUUUUUUU" "OUUUOUUUUUUUOOUU" "UUUUUUUUUUUOUUUO"
    "UAAAAAAAAAAAAAAA" "AAAAAAAAAAAUUUUU" "AAAAAAAAAAAAAAAA" "AAAUUUUUUUUUUUUU";

/* How implausible Arabic text decoded with a class table is: undefined
 * bytes, and Latin letters glued to Arabic ones ("لâم" is a misread). */
static size_t arabic_misfit(const unsigned char *d, size_t len, const char *cls)
{
    size_t bad = 0;
    char prev = ' ';
    for (size_t i = 0; i < len; i++) {
        char c = d[i] < 0x80 ? (isalpha(d[i]) ? 'a' : ' ') : cls[d[i] - 0x80];
        if (c == 'U') bad += 2;
        else if ((c == 'A' && (prev == 'L' || prev == 'a')) || (c == 'L' && prev == 'A')) bad++;
        prev = c;
    }
    return bad;
}

/* Arabic text in a single-byte charset: windows-1256 unless its bytes fit
 * ISO-8859-6 clearly better. */
static const char *arabic_charset(const char *d, size_t len)
{
    const unsigned char *u = (const unsigned char *)d;
    size_t w = arabic_misfit(u, len, cls_1256), i = arabic_misfit(u, len, cls_8859_6);
    return i < w ? "iso-8859-6" : "windows-1256";
}

/* Counts evidence for Arabic (runs of two high bytes: Arabic words are all
 * high bytes) and for Latin (an ASCII letter followed by an accented one). */
static void script_evidence(const char *d, size_t len, size_t *arabic, size_t *latin)
{
    *arabic = *latin = 0;
    for (size_t i = 1; i < len; i++) {
        unsigned char c = (unsigned char)d[i], p = (unsigned char)d[i - 1];
        if (c < 0x80) continue;
        if (p >= 0xC1 && c >= 0xC1) (*arabic)++;
        else if (isalpha(p) && c >= 0xC0) (*latin)++;
    }
}

/* Guess for undeclared non-UTF-8 text. */
static const char *sniff_single_byte(const char *d, size_t len)
{
    size_t arabic, latin;
    script_evidence(d, len, &arabic, &latin);
    return arabic > latin ? arabic_charset(d, len) : "windows-1252";
}

/* A declared single-byte charset checked against the bytes: Arabic labels
 * are swapped when the other Arabic charset fits clearly better; a Latin
 * label on text that is plainly Arabic (words of high bytes only) gives way
 * to the Arabic charsets. */
static const char *check_single_byte(const char *enc, const char *d, size_t len)
{
    const unsigned char *u = (const unsigned char *)d;
    if (strcmp(enc, "windows-1256") == 0 || strcmp(enc, "iso-8859-6") == 0) {
        bool w = enc[0] == 'w';
        size_t mine = arabic_misfit(u, len, w ? cls_1256 : cls_8859_6);
        size_t other = arabic_misfit(u, len, w ? cls_8859_6 : cls_1256);
        if (mine > 8 && mine > 4 * other) return w ? "iso-8859-6" : "windows-1256";
        return enc;
    }
    if (strcmp(enc, "windows-1252") == 0) {
        size_t arabic, latin;
        script_evidence(d, len, &arabic, &latin);
        if (arabic >= 16 && arabic > 8 * latin) return arabic_charset(d, len);
    }
    return enc;
}

static char *convert(const char *in, size_t len, const char *from, size_t *out_len)
{
    ak_buf b = {0};
    if (strcmp(from, "utf-8") == 0) {
        ak_utf8_sanitize(&b, in, len);
        *out_len = b.len;
        return ak_buf_steal(&b);
    }
    iconv_t cd = iconv_open("UTF-8", from);
    if (cd == (iconv_t)-1) {
        ak_utf8_sanitize(&b, in, len);
        *out_len = b.len;
        return ak_buf_steal(&b);
    }
    ak_buf_reserve(&b, len * 2 + 16);
    char *src = (char *)in;
    size_t left = len;
    bool wide = strncmp(from, "utf-16", 6) == 0;
    while (left > 0) {
        ak_buf_reserve(&b, left * 3 + 16);
        char *dst = b.data + b.len;
        size_t room = b.cap - b.len - 1;
        size_t r = iconv(cd, &src, &left, &dst, &room);
        b.len = (size_t)(dst - b.data);
        if (r != (size_t)-1) break;
        if (errno == E2BIG) continue;
        /* EILSEQ or EINVAL (truncated): one replacement, skip a unit. */
        ak_buf_append(&b, "\xEF\xBF\xBD", 3);
        size_t skip = wide ? 2 : 1;
        if (skip > left) skip = left;
        src += skip;
        left -= skip;
    }
    iconv_close(cd);
    b.data[b.len] = '\0';
    /* Converted text can still hold NULs (from the source); clean once more. */
    if (!ak_utf8_valid(b.data, b.len)) {
        ak_buf c = {0};
        ak_utf8_sanitize(&c, b.data, b.len);
        ak_buf_free(&b);
        b = c;
    }
    *out_len = b.len;
    return ak_buf_steal(&b);
}

/* Text that is UTF-8 with a few damaged bytes (a truncated sequence, one
 * stray Latin-1 byte): many well-formed multi-byte sequences and at most
 * one invalid byte for 20 of them.  Such text is read as UTF-8 with U+FFFD
 * for the damage rather than reinterpreted byte by byte. */
static bool mostly_utf8(const char *data, size_t len)
{
    size_t good = 0, bad = 0, i = 0;
    while (i < len) {
        unsigned char c = (unsigned char)data[i];
        if (c < 0x80) { /* NUL bytes count as neither: they become U+FFFD */
            i++;
            continue;
        }
        int cp;
        size_t n = ak_utf8_next(data + i, len - i, &cp);
        if (cp == 0xFFFD && n == 1) bad++;
        else good++;
        i += n;
    }
    return bad == 0 || (good >= 8 && bad * 20 <= good);
}

/* UTF-16 without a byte-order mark: many NUL bytes, nearly all on one side
 * of each pair (ASCII characters such as the markup). */
static const char *utf16_by_nuls(const char *d, size_t len)
{
    size_t even = 0, odd = 0;
    for (size_t i = 0; i < len; i++)
        if (!d[i]) {
            if (i & 1) odd++;
            else even++;
        }
    if ((even + odd) * 4 < len) return NULL;
    if (odd > 8 * even) return "utf-16le";
    if (even > 8 * odd) return "utf-16be";
    return NULL;
}

const char *pc_detect(const char *data, size_t len, const char *http_ctype, pc_kind kind,
                      size_t *bom, bool *valid_utf8)
{
    const unsigned char *u = (const unsigned char *)data;
    *bom = 0;
    *valid_utf8 = false;
    /* 1. BOM */
    if (len >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF) {
        *bom = 3;
        *valid_utf8 = ak_utf8_valid(data + 3, len - 3);
        return "utf-8";
    }
    if (len >= 2 && u[0] == 0xFF && u[1] == 0xFE) {
        *bom = 2;
        return "utf-16le";
    }
    if (len >= 2 && u[0] == 0xFE && u[1] == 0xFF) {
        *bom = 2;
        return "utf-16be";
    }
    if (len >= 4 && u[0] == '<' && u[1] == 0 && u[2] == '?' && u[3] == 0) return "utf-16le";
    if (len >= 4 && u[0] == 0 && u[1] == '<' && u[2] == 0 && u[3] == '?') return "utf-16be";
    bool valid = ak_utf8_valid(data, len);
    const char *wide = valid ? NULL : utf16_by_nuls(data, len);
    if (wide) return wide;
    bool utf8ish = valid || mostly_utf8(data, len);
    char hb[64], db[64];
    const char *cands[2] = {pc_canonical(pc_ctype_charset(http_ctype, hb, sizeof hb)),
                            pc_canonical(kind == PC_XML ? xml_decl_charset(data, len, db, sizeof db)
                                                        : html_meta_charset(data, len, db, sizeof db))};
    const char *enc = NULL;
    for (int i = 0; i < 2 && !enc; i++) {
        const char *c = cands[i];
        if (!c) continue;
        if (strcmp(c, "utf-8") == 0 && !utf8ish) continue; /* declared wrongly */
        if (strncmp(c, "utf-16", 6) == 0) continue;         /* no BOM, no NULs: wrong */
        if (utf8ish && strcmp(c, "utf-8") != 0) {
            /* "iso-8859-1" or "windows-1256" on bytes that are valid,
             * non-ASCII UTF-8 is a common lie: legacy text almost never
             * forms valid multi-byte sequences by chance. */
            bool ascii = true;
            for (size_t k = 0; k < len && ascii; k++) ascii = u[k] < 0x80;
            if (!ascii) c = "utf-8";
        }
        enc = c;
    }
    if (!enc) enc = utf8ish ? "utf-8" : sniff_single_byte(data, len);
    else if (!utf8ish) enc = check_single_byte(enc, data, len);
    *valid_utf8 = valid && strcmp(enc, "utf-8") == 0;
    return enc;
}

const char *pc_decode(const char *data, size_t len, const char *http_ctype, pc_kind kind,
                      size_t *out_len, const char **used, char **owned)
{
    size_t bom;
    bool valid;
    const char *enc = pc_detect(data, len, http_ctype, kind, &bom, &valid);
    if (used) *used = enc;
    *owned = NULL;
    if (valid) {
        *out_len = len - bom;
        return data + bom;
    }
    *owned = convert(data + bom, len - bom, enc, out_len);
    return *owned;
}

char *pc_to_utf8(const char *data, size_t len, const char *http_ctype, pc_kind kind,
                 size_t *out_len, const char **used)
{
    size_t bom;
    bool valid;
    const char *enc = pc_detect(data, len, http_ctype, kind, &bom, &valid);
    if (used) *used = enc;
    return convert(data + bom, len - bom, enc, out_len);
}
