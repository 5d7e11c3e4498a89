/* date.c -- tolerant date parsing for feeds and pages (see date.h).
 *
 * Strategy: strict ISO 8601 first; otherwise the text is cut into tokens
 * (numbers, words, separators) and scanned for a date pattern (day month
 * year in any supported language, or numeric), then a time, a meridiem
 * marker and a zone.  Weekday names and filler words ("Le", "à", "Publié")
 * are skipped, so a wrong weekday does not matter.
 */
#include "parser/date.h"
#include "common/timeutil.h"
#include "common/utf8.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

enum { T_NUM, T_WORD, T_SEP };

typedef struct tok {
    int type;          /* T_NUM, T_WORD or T_SEP */
    int val;           /* number value (T_NUM), separator char (T_SEP) */
    int ndig;          /* digits in a number */
    const char *s;     /* start in the folded text */
    int len;           /* bytes */
} tok;

#define MAXTOK 64

/* Folds the text into buf: ASCII lower case, Arabic-Indic and Persian
 * digits to ASCII, Arabic alef forms to bare alef, taa marbuta kept,
 * tatweel and diacritics dropped, French accents removed. */
static size_t fold(const char *s, char *buf, size_t cap)
{
    size_t n = strlen(s), o = 0;
    for (size_t i = 0; i < n && o + 4 < cap;) {
        int cp;
        size_t len = ak_utf8_next(s + i, n - i, &cp);
        i += len;
        if (cp >= 0x660 && cp <= 0x669) cp = '0' + cp - 0x660;
        else if (cp >= 0x6F0 && cp <= 0x6F9) cp = '0' + cp - 0x6F0;
        else if (cp == 0x623 || cp == 0x625 || cp == 0x622 || cp == 0x671) cp = 0x627;
        else if (cp == 0x640 || (cp >= 0x64B && cp <= 0x652) || cp == 0x670) continue;
        else if (cp >= 0xE0 && cp <= 0xE5) cp = 'a';
        else if (cp == 0xE7) cp = 'c';
        else if (cp >= 0xE8 && cp <= 0xEB) cp = 'e';
        else if (cp >= 0xEC && cp <= 0xEF) cp = 'i';
        else if (cp >= 0xF2 && cp <= 0xF6) cp = 'o';
        else if (cp >= 0xF9 && cp <= 0xFC) cp = 'u';
        else if (cp >= 0xC0 && cp <= 0xDD) { /* upper-case accented: fold via lower */
            static const char up[] = "aaaaaaaceeeeiiiidnooooo*ouuuuy";
            cp = up[cp - 0xC0];
        } else if (cp == 0x60C || cp == 0x61B) cp = ','; /* Arabic comma, semicolon */
        else if (cp == 0xA0 || cp == 0x202F) cp = ' ';
        if (cp < 0x80) {
            buf[o++] = (char)tolower(cp);
        } else {
            /* re-encode */
            if (cp < 0x800) {
                buf[o++] = (char)(0xC0 | (cp >> 6));
                buf[o++] = (char)(0x80 | (cp & 0x3F));
            } else if (cp < 0x10000) {
                buf[o++] = (char)(0xE0 | (cp >> 12));
                buf[o++] = (char)(0x80 | ((cp >> 6) & 0x3F));
                buf[o++] = (char)(0x80 | (cp & 0x3F));
            } else {
                buf[o++] = ' ';
            }
        }
    }
    buf[o] = '\0';
    return o;
}

static const struct { const char *name; int month; } months[] = {
    /* Arabic: Maghrebi, Eastern, Algerian/Tunisian (alef forms folded). */
    {"يناير", 1}, {"جانفي", 1}, {"فبراير", 2}, {"فيفري", 2}, {"مارس", 3},
    {"ابريل", 4}, {"افريل", 4}, {"ماي", 5}, {"مايو", 5}, {"يونيو", 6}, {"يونيه", 6},
    {"جوان", 6}, {"يوليوز", 7}, {"يوليو", 7}, {"يوليه", 7}, {"جويلية", 7}, {"جويليه", 7},
    {"غشت", 8}, {"اغسطس", 8}, {"اوت", 8}, {"شتنبر", 9}, {"سبتمبر", 9}, {"اكتوبر", 10},
    {"نونبر", 11}, {"نوفمبر", 11}, {"دجنبر", 12}, {"ديسمبر", 12},
    /* Levantine single-word months. */
    {"شباط", 2}, {"اذار", 3}, {"نيسان", 4}, {"ايار", 5}, {"حزيران", 6}, {"تموز", 7},
    {"اب", 8}, {"ايلول", 9},
    /* French (accents folded) and English. */
    {"janvier", 1}, {"janv", 1}, {"fevrier", 2}, {"fevr", 2}, {"fev", 2}, {"mars", 3},
    {"avril", 4}, {"avr", 4}, {"mai", 5}, {"juin", 6}, {"juillet", 7}, {"juil", 7},
    {"aout", 8}, {"septembre", 9}, {"octobre", 10}, {"novembre", 11}, {"decembre", 12},
    {"january", 1}, {"jan", 1}, {"february", 2}, {"feb", 2}, {"march", 3}, {"mar", 3},
    {"april", 4}, {"apr", 4}, {"may", 5}, {"june", 6}, {"jun", 6}, {"july", 7}, {"jul", 7},
    {"august", 8}, {"aug", 8}, {"september", 9}, {"sept", 9}, {"sep", 9}, {"october", 10},
    {"oct", 10}, {"november", 11}, {"nov", 11}, {"december", 12}, {"dec", 12},
    /* Spanish (northern Morocco's press) and Portuguese, accents folded. */
    {"enero", 1}, {"febrero", 2}, {"marzo", 3}, {"abril", 4}, {"mayo", 5}, {"junio", 6},
    {"julio", 7}, {"agosto", 8}, {"septiembre", 9}, {"setiembre", 9}, {"octubre", 10},
    {"noviembre", 11}, {"diciembre", 12}, {"janeiro", 1}, {"fevereiro", 2}, {"marco", 3},
    {"maio", 5}, {"junho", 6}, {"julho", 7}, {"setembro", 9}, {"outubro", 10},
    {"novembro", 11}, {"dezembro", 12},
};

static int month_folded(const char *w, int len)
{
    for (size_t i = 0; i < sizeof months / sizeof months[0]; i++)
        if (months[i].name[0] == w[0] && (int)strlen(months[i].name) == len &&
            memcmp(months[i].name, w, (size_t)len) == 0)
            return months[i].month;
    return 0;
}

int dt_month_name(const char *word, int len)
{
    char in[128], buf[256];
    if (len <= 0 || len >= (int)sizeof in) return 0;
    memcpy(in, word, (size_t)len);
    in[len] = '\0';
    size_t n = fold(in, buf, sizeof buf);
    while (n && buf[n - 1] == '.') n--;
    return month_folded(buf, (int)n);
}

/* Two-word Levantine months: كانون الثاني (1), كانون الاول (12),
 * تشرين الاول (10), تشرين الثاني (11). */
static int levantine(const tok *a, const tok *b)
{
    if (a->type != T_WORD || b->type != T_WORD) return 0;
    bool first = b->len == (int)strlen("الاول") && memcmp(b->s, "الاول", (size_t)b->len) == 0;
    bool second = b->len == (int)strlen("الثاني") && memcmp(b->s, "الثاني", (size_t)b->len) == 0;
    if (!first && !second) return 0;
    if (a->len == (int)strlen("كانون") && memcmp(a->s, "كانون", (size_t)a->len) == 0)
        return first ? 12 : 1;
    if (a->len == (int)strlen("تشرين") && memcmp(a->s, "تشرين", (size_t)a->len) == 0)
        return first ? 10 : 11;
    return 0;
}

static int tokenize(const char *s, tok *t, int max)
{
    int n = 0;
    const char *p = s;
    while (*p && n < max) {
        unsigned char c = (unsigned char)*p;
        if (isspace(c)) {
            p++;
            continue;
        }
        tok *k = &t[n];
        k->s = p;
        if (isdigit(c)) {
            k->type = T_NUM;
            k->val = 0;
            k->ndig = 0;
            while (isdigit((unsigned char)*p)) {
                if (k->ndig < 9) k->val = k->val * 10 + (*p - '0');
                k->ndig++;
                p++;
            }
        } else if (isalpha(c) || c >= 0x80) {
            k->type = T_WORD;
            while (*p && (isalpha((unsigned char)*p) || (unsigned char)*p >= 0x80)) p++;
        } else {
            k->type = T_SEP;
            k->val = c;
            p++;
        }
        k->len = (int)(p - k->s);
        n++;
    }
    return n;
}

static bool word_is(const tok *k, const char *w)
{
    return k->type == T_WORD && k->len == (int)strlen(w) && memcmp(k->s, w, (size_t)k->len) == 0;
}

static bool sep_is(const tok *k, char c) { return k->type == T_SEP && k->val == c; }

static int year_of(const tok *k)
{
    if (k->type != T_NUM) return -1;
    if (k->ndig == 4) return k->val;
    if (k->ndig == 2) return k->val < 70 ? 2000 + k->val : 1900 + k->val;
    return -1;
}

/* Named zones of RFC 822 and the ones feeds use in practice. */
static bool zone_word(const tok *k, int *off)
{
    static const struct { const char *n; int off; } z[] = {
        {"gmt", 0}, {"ut", 0}, {"utc", 0}, {"z", 0}, {"wet", 0}, {"west", 60}, {"bst", 60},
        {"cet", 60}, {"cest", 120}, {"met", 60}, {"mest", 120}, {"eet", 120}, {"eest", 180},
        {"est", -300}, {"edt", -240}, {"cst", -360}, {"cdt", -300}, {"mst", -420},
        {"mdt", -360}, {"pst", -480}, {"pdt", -420},
        /* More names seen in feeds (unambiguous ones only). */
        {"wat", 60}, {"cat", 120}, {"sast", 120}, {"eat", 180}, {"msk", 180}, {"gst", 240},
        {"pkt", 300}, {"ist", 330}, {"sgt", 480}, {"hkt", 480}, {"jst", 540}, {"kst", 540},
        {"aest", 600}, {"aedt", 660}, {"nzst", 720}, {"nzdt", 780}, {"hst", -600},
        {"akst", -540}, {"akdt", -480},
    };
    for (size_t i = 0; i < sizeof z / sizeof z[0]; i++)
        if (word_is(k, z[i].n)) {
            *off = z[i].off;
            return true;
        }
    return false;
}

static int days_in(int y, int m)
{
    static const int dm[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0) ? 29 : dm[m - 1];
}

/* Finds a date; returns the index after it, or -1.  Sets y, m, d and the
 * token range [*from, ret). */
static int find_date(const tok *t, int n, int *y, int *m, int *d, int *from)
{
    for (int i = 0; i < n; i++) {
        /* Y-M-D, Y/M/D, Y.M.D */
        if (i + 4 < n && t[i].type == T_NUM && t[i].ndig == 4 && t[i + 1].type == T_SEP &&
            t[i + 2].type == T_NUM && t[i + 3].type == T_SEP && t[i + 3].val == t[i + 1].val &&
            t[i + 4].type == T_NUM && t[i + 2].ndig <= 2 && t[i + 4].ndig <= 2) {
            *y = t[i].val, *m = t[i + 2].val, *d = t[i + 4].val;
            *from = i;
            return i + 5;
        }
        /* D/M/Y, D.M.Y, D-M-Y (day first; month first only when forced) */
        if (i + 4 < n && t[i].type == T_NUM && t[i].ndig <= 2 && t[i + 1].type == T_SEP &&
            strchr("/.-", t[i + 1].val) && t[i + 2].type == T_NUM && t[i + 2].ndig <= 2 &&
            t[i + 3].type == T_SEP && t[i + 3].val == t[i + 1].val && year_of(&t[i + 4]) > 0) {
            *d = t[i].val, *m = t[i + 2].val, *y = year_of(&t[i + 4]);
            if (*m > 12 && *d <= 12) {
                int x = *d;
                *d = *m;
                *m = x;
            }
            *from = i;
            return i + 5;
        }
        /* D Month Y  (with optional "de", ",", ".", "-" between) */
        if (t[i].type == T_NUM && t[i].ndig <= 2) {
            int j = i + 1;
            if (j < n && (word_is(&t[j], "er") || word_is(&t[j], "eme"))) j++; /* "1er août" */
            while (j < n && (word_is(&t[j], "de") || sep_is(&t[j], ',') || sep_is(&t[j], '.') ||
                             sep_is(&t[j], '-') || sep_is(&t[j], '/')))
                j++;
            int mon = 0, used = 1;
            if (j < n && t[j].type == T_WORD) {
                mon = dt_month_name(t[j].s, t[j].len);
                if (!mon && j + 1 < n && (mon = levantine(&t[j], &t[j + 1]))) used = 2;
                if (!mon && j + 1 < n && sep_is(&t[j + 1], '.')) mon = dt_month_name(t[j].s, t[j].len);
            }
            if (mon) {
                int k = j + used;
                /* a second name for the month: "2 نيسان (أبريل) 2021", "أبريل/نيسان" */
                if (k + 1 < n && (sep_is(&t[k], '(') || sep_is(&t[k], '/')) && t[k + 1].type == T_WORD &&
                    dt_month_name(t[k + 1].s, t[k + 1].len) == mon) {
                    k += 2;
                    if (k < n && sep_is(&t[k], ')')) k++;
                }
                while (k < n && (sep_is(&t[k], ',') || sep_is(&t[k], '.') || sep_is(&t[k], '-') ||
                                 sep_is(&t[k], '/') || word_is(&t[k], "de")))
                    k++;
                if (k < n && year_of(&t[k]) > 0 && (t[k].ndig == 4 || !(k + 1 < n && sep_is(&t[k + 1], ':')))) {
                    *d = t[i].val, *m = mon, *y = year_of(&t[k]);
                    *from = i;
                    return k + 1;
                }
            }
        }
        /* Month D, Y  (English) */
        if (t[i].type == T_WORD && i + 2 < n) {
            int mon = dt_month_name(t[i].s, t[i].len);
            int j = i + 1;
            if (mon && j < n && sep_is(&t[j], '.')) j++;
            if (mon && j < n && t[j].type == T_NUM && t[j].ndig <= 2) {
                int k = j + 1;
                if (k < n && t[k].type == T_WORD && t[k].len == 2) k++; /* 1st, 2nd, 21st */
                while (k < n && (sep_is(&t[k], ',') || sep_is(&t[k], '.'))) k++;
                if (k < n && t[k].type == T_NUM && t[k].ndig == 4) {
                    *d = t[j].val, *m = mon, *y = t[k].val;
                    *from = i;
                    return k + 1;
                }
            }
        }
    }
    return -1;
}

/* asctime and date(1) order, as some feeds write it: "Sat Sep 21 09:42:00
 * [UTC] 2024" (month, day, time, optional zone, then the year).  Returns
 * the index after the day, like find_date, so the time is found after it. */
static int find_asctime(const tok *t, int n, int *y, int *m, int *d, int *from)
{
    for (int i = 0; i + 5 < n; i++) {
        if (t[i].type != T_WORD) continue;
        int mon = dt_month_name(t[i].s, t[i].len);
        if (!mon || t[i + 1].type != T_NUM || t[i + 1].ndig > 2 || t[i + 2].type != T_NUM ||
            !sep_is(&t[i + 3], ':'))
            continue;
        for (int k = i + 4; k < n && k < i + 12; k++)
            if (t[k].type == T_NUM && t[k].ndig == 4 && !sep_is(&t[k - 1], '+') && !sep_is(&t[k - 1], '-')) {
                *y = t[k].val, *m = mon, *d = t[i + 1].val;
                *from = i;
                return i + 2;
            }
    }
    return -1;
}

/* Finds a time H:MM[:SS] or HhMM in [lo, hi). */
static int find_time(const tok *t, int lo, int hi, int *h, int *mi, int *s)
{
    for (int i = lo; i + 2 < hi; i++) {
        if (t[i].type != T_NUM || t[i].ndig > 2 || t[i + 2].type != T_NUM || t[i + 2].ndig != 2)
            continue;
        bool colon = sep_is(&t[i + 1], ':');
        bool hsep = word_is(&t[i + 1], "h");
        if (!colon && !hsep) continue;
        *h = t[i].val;
        *mi = t[i + 2].val;
        *s = 0;
        int k = i + 3;
        if (colon && k + 1 < hi && sep_is(&t[k], ':') && t[k + 1].type == T_NUM && t[k + 1].ndig == 2) {
            *s = t[k + 1].val;
            k += 2;
            if (k + 1 < hi && sep_is(&t[k], '.') && t[k + 1].type == T_NUM) k += 2; /* fractions */
        }
        if ((*h > 23 && !(*h == 24 && *mi == 0 && *s == 0)) || *mi > 59 || *s > 60) continue;
        return k; /* 24:00:00 is the next day's midnight */
    }
    /* "12h" alone */
    for (int i = lo; i + 1 < hi; i++)
        if (t[i].type == T_NUM && t[i].ndig <= 2 && t[i].val < 24 && word_is(&t[i + 1], "h")) {
            *h = t[i].val;
            *mi = *s = 0;
            return i + 2;
        }
    return -1;
}

/* Meridiem and zone after the time. */
static void after_time(const tok *t, int i, int n, int *h, int *off, bool *has_zone)
{
    for (int k = i; k < n && k < i + 4; k++) {
        if (word_is(&t[k], "pm") || word_is(&t[k], "م") || word_is(&t[k], "مساء") ||
            word_is(&t[k], "مساءا") || word_is(&t[k], "ظهرا") || word_is(&t[k], "عصرا") ||
            word_is(&t[k], "ليلا")) {
            if (*h < 12 && !(word_is(&t[k], "ظهرا") && *h >= 11)) *h += 12;
            continue;
        }
        if (word_is(&t[k], "am") || word_is(&t[k], "ص") || word_is(&t[k], "صباحا") ||
            word_is(&t[k], "صباح")) {
            if (*h == 12) *h = 0;
            continue;
        }
        int zo;
        if (zone_word(&t[k], &zo)) {
            *off = zo;
            *has_zone = true;
            /* "GMT+1", "UTC+01:00" */
            if (k + 2 < n && (sep_is(&t[k + 1], '+') || sep_is(&t[k + 1], '-')) &&
                t[k + 2].type == T_NUM) {
                int sign = sep_is(&t[k + 1], '-') ? -1 : 1;
                int v = t[k + 2].val, hh, mm = 0;
                if (t[k + 2].ndig <= 2) {
                    hh = v;
                    if (k + 4 < n && sep_is(&t[k + 3], ':') && t[k + 4].type == T_NUM) mm = t[k + 4].val;
                } else {
                    hh = v / 100;
                    mm = v % 100;
                }
                if (hh <= 14 && mm < 60) *off = sign * (hh * 60 + mm);
            }
            return;
        }
        if ((sep_is(&t[k], '+') || sep_is(&t[k], '-')) && k + 1 < n && t[k + 1].type == T_NUM &&
            (t[k + 1].ndig == 4 || t[k + 1].ndig == 2)) {
            int sign = sep_is(&t[k], '-') ? -1 : 1;
            int hh, mm = 0;
            if (t[k + 1].ndig == 4) {
                hh = t[k + 1].val / 100;
                mm = t[k + 1].val % 100;
            } else {
                hh = t[k + 1].val;
                if (k + 3 < n && sep_is(&t[k + 2], ':') && t[k + 3].type == T_NUM && t[k + 3].ndig == 2)
                    mm = t[k + 3].val;
                else if (k + 2 < n && t[k + 2].type == T_NUM) /* "- 16" is not a zone */
                    return;
            }
            if (hh <= 14 && mm < 60) {
                *off = sign * (hh * 60 + mm);
                *has_zone = true;
            }
            return;
        }
    }
}

/* The common RFC 822/1123 form, exactly: "[Www, ]D[D] Mmm YYYY HH:MM[:SS]
 * ZONE" with English names and a numeric or GMT/UT/UTC/Z zone.  Most feed
 * dates are this; reading them directly is some twenty times faster than
 * the tolerant path, which handles everything else (and this too). */
static bool rfc822_strict(const char *s, dt_result *out)
{
    static const char mons[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
    const char *p = s;
    if (isalpha((unsigned char)p[0]) && isalpha((unsigned char)p[1]) && isalpha((unsigned char)p[2]) &&
        p[3] == ',' && p[4] == ' ')
        p += 5;
    if (!isdigit((unsigned char)p[0])) return false;
    int d = p[0] - '0';
    p++;
    if (isdigit((unsigned char)*p)) d = d * 10 + (*p++ - '0');
    if (*p++ != ' ') return false;
    int m = 0;
    for (int i = 0; i < 12 && !m; i++)
        if (p[0] == mons[i * 3] && p[1] == mons[i * 3 + 1] && p[2] == mons[i * 3 + 2]) m = i + 1;
    if (!m || p[3] != ' ') return false;
    p += 4;
    for (int i = 0; i < 4; i++)
        if (!isdigit((unsigned char)p[i])) return false;
    int y = (p[0] - '0') * 1000 + (p[1] - '0') * 100 + (p[2] - '0') * 10 + (p[3] - '0');
    p += 4;
    if (*p++ != ' ' || !isdigit((unsigned char)p[0]) || !isdigit((unsigned char)p[1]) || p[2] != ':' ||
        !isdigit((unsigned char)p[3]) || !isdigit((unsigned char)p[4]))
        return false;
    int h = (p[0] - '0') * 10 + (p[1] - '0'), mi = (p[3] - '0') * 10 + (p[4] - '0'), sec = 0;
    p += 5;
    if (p[0] == ':' && isdigit((unsigned char)p[1]) && isdigit((unsigned char)p[2])) {
        sec = (p[1] - '0') * 10 + (p[2] - '0');
        p += 3;
    }
    if (*p++ != ' ') return false;
    int off;
    if ((p[0] == '+' || p[0] == '-') && isdigit((unsigned char)p[1]) && isdigit((unsigned char)p[2]) &&
        isdigit((unsigned char)p[3]) && isdigit((unsigned char)p[4]) && p[5] == '\0') {
        int hh = (p[1] - '0') * 10 + (p[2] - '0'), mm = (p[3] - '0') * 10 + (p[4] - '0');
        if (hh > 14 || mm > 59) return false;
        off = (p[0] == '-' ? -1 : 1) * (hh * 60 + mm);
    } else if (strcmp(p, "GMT") == 0 || strcmp(p, "UT") == 0 || strcmp(p, "UTC") == 0 || strcmp(p, "Z") == 0) {
        off = 0;
    } else {
        return false;
    }
    if (y < 1990 || y > 2100 || d < 1 || d > days_in(y, m) || h > 23 || mi > 59 || sec > 60) return false;
    if (sec == 60) sec = 59;
    out->t = ak_utc_seconds(y, m, d, h, mi, sec) - (int64_t)off * 60;
    out->off_min = off;
    out->has_time = true;
    out->has_zone = true;
    return true;
}

bool dt_parse(const char *s, int default_off_min, dt_result *out)
{
    if (!s) return false;
    while (isspace((unsigned char)*s)) s++;
    if (!*s || strlen(s) > 200) return false;
    if (rfc822_strict(s, out)) return true;
    int64_t t;
    int off;
    bool has_time;
    /* W3C-DTF year and month ("2024-09", dc:date allows it): the 1st. */
    if (strlen(s) == 7 && isdigit((unsigned char)s[0]) && isdigit((unsigned char)s[3]) && s[4] == '-' &&
        isdigit((unsigned char)s[5]) && isdigit((unsigned char)s[6]) && strspn(s, "0123456789") == 4) {
        int yy = atoi(s), mm = atoi(s + 5);
        if (yy >= 1990 && yy <= 2100 && mm >= 1 && mm <= 12) {
            out->t = ak_utc_seconds(yy, mm, 1, 0, 0, 0) - (int64_t)default_off_min * 60;
            out->off_min = default_off_min;
            out->has_time = out->has_zone = false;
            return true;
        }
    }
    if (ak_time_parse_iso(s, default_off_min, &t, &off, &has_time) && t >= ak_utc_seconds(1990, 1, 1, 0, 0, 0) &&
        t < ak_utc_seconds(2101, 1, 1, 0, 0, 0)) {
        out->t = t;
        out->off_min = off;
        out->has_time = has_time;
        out->has_zone = has_time && (strchr(s + 10, 'Z') || strchr(s + 10, 'z') ||
                                     strchr(s + 10, '+') || strchr(s + 10, '-') ||
                                     strstr(s, "UTC") || strstr(s, "GMT"));
        if (!out->has_zone) out->off_min = default_off_min;
        return true;
    }
    char buf[512];
    fold(s, buf, sizeof buf);
    tok tk[MAXTOK];
    int n = tokenize(buf, tk, MAXTOK);
    int y, m, d, from;
    int end = find_date(tk, n, &y, &m, &d, &from);
    if (end < 0) end = find_asctime(tk, n, &y, &m, &d, &from);
    if (end < 0 || y < 1990 || y > 2100 || m < 1 || m > 12 || d < 1 || d > days_in(y, m))
        return false;
    int h = 0, mi = 0, sec = 0;
    off = default_off_min;
    bool zone = false;
    int te = find_time(tk, end, n, &h, &mi, &sec);
    int zone_end = n;
    if (te < 0) {
        /* a time before the date ("16h30 - 02/12/2020"): its zone, if any,
         * sits between the two, and the date's "-" is not one */
        te = find_time(tk, 0, from, &h, &mi, &sec);
        zone_end = from;
    }
    if (te >= 0) after_time(tk, te, zone_end, &h, &off, &zone);
    if (sec == 60) sec = 59;
    out->has_time = te >= 0;
    out->has_zone = zone;
    out->off_min = off;
    out->t = ak_utc_seconds(y, m, d, h, mi, sec) - (int64_t)off * 60;
    return true;
}
