/* search.c -- full-text search over the store (SQLite FTS5).
 *
 * Why this exists: analysts look for stories by words, in Arabic and
 * French, whatever the spelling: "مدرسة" must find "مدرسه", "المغرب" must
 * find "والمغرب" and "بالمغرب", "economie" must find "Économie".  FTS5
 * indexes the articles' title and body through a tokenizer of our own
 * ("akhbar") that splits words on Unicode categories, normalises each with
 * the same function as dedup (set by st_set_text_normalizer) and, for an
 * Arabic word with the definite article (ال, وال, بال, كال, فال, لل), also
 * indexes the bare stem at the same position.  The index keeps the
 * original text (external content table), so snippets show it as written.
 */
#include "store/sqlite_int.h"
#include "common/buf.h"
#include "common/mem.h"
#include "common/timeutil.h"
#include "common/utf8.h"

#include <string.h>
#include <utf8proc.h>

static st_text_fn *normalizer = NULL;

void st_set_text_normalizer(st_text_fn *fn) { normalizer = fn; }

/* ---- tokenizer ------------------------------------------------------------ */

static bool word_cp(int cp)
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

/* Length in bytes of the definite-article prefix of a normalised Arabic
 * word, when at least three letters remain; 0 otherwise. */
static size_t article_prefix(const char *w, size_t n)
{
    static const char *const prefixes[] = {"وال", "بال", "كال", "فال", "لل", "ال", NULL};
    for (int i = 0; prefixes[i]; i++) {
        size_t pl = strlen(prefixes[i]);
        if (n > pl && memcmp(w, prefixes[i], pl) == 0 && ak_utf8_count(w + pl, n - pl) >= 3) return pl;
    }
    return 0;
}

typedef struct tok_ctx {
    void *ctx;   /* FTS5's context */
    int (*emit)(void *, int, const char *, int, int, int); /* xToken */
    bool query;  /* tokenizing a query */
} tok_ctx;

static int emit_word(tok_ctx *t, const char *text, int start, int end)
{
    ak_buf norm = {0};
    if (normalizer) normalizer(&norm, text + start, (size_t)(end - start));
    else ak_buf_append(&norm, text + start, (size_t)(end - start));
    int rc = SQLITE_OK;
    /* The normal form may hold several words (a ligature, internal marks). */
    const char *p = ak_buf_str(&norm);
    while (*p && rc == SQLITE_OK) {
        const char *sp = strchr(p, ' ');
        size_t n = sp ? (size_t)(sp - p) : strlen(p);
        size_t pre = article_prefix(p, n);
        if (pre && t->query) {
            rc = t->emit(t->ctx, 0, p + pre, (int)(n - pre), start, end);
        } else {
            rc = t->emit(t->ctx, 0, p, (int)n, start, end);
            if (rc == SQLITE_OK && pre)
                rc = t->emit(t->ctx, FTS5_TOKEN_COLOCATED, p + pre, (int)(n - pre), start, end);
        }
        p += n;
        while (*p == ' ') p++;
    }
    ak_buf_free(&norm);
    return rc;
}

static int tok_create(void *ud, const char **argv, int argc, Fts5Tokenizer **out)
{
    (void)ud, (void)argv, (void)argc;
    *out = (Fts5Tokenizer *)ak_malloc(1);
    return SQLITE_OK;
}

static void tok_delete(Fts5Tokenizer *t) { free(t); }

static int tok_tokenize(Fts5Tokenizer *tk, void *ctx, int flags, const char *text, int n,
                        int (*xToken)(void *, int, const char *, int, int, int))
{
    (void)tk;
    tok_ctx t = {ctx, xToken, (flags & FTS5_TOKENIZE_QUERY) != 0};
    int i = 0, start = -1, rc = SQLITE_OK;
    while (i < n && rc == SQLITE_OK) {
        int cp;
        size_t len = ak_utf8_next(text + i, (size_t)(n - i), &cp);
        bool w = word_cp(cp);
        if (w && start < 0) start = i;
        if (!w && start >= 0) {
            rc = emit_word(&t, text, start, i);
            start = -1;
        }
        i += (int)len;
    }
    if (rc == SQLITE_OK && start >= 0) rc = emit_word(&t, text, start, n);
    return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

int st_search_register(sqlite3 *db)
{
    fts5_api *api = NULL;
    sqlite3_stmt *s;
    int rc = sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &s, NULL);
    if (rc != SQLITE_OK) return rc;
    sqlite3_bind_pointer(s, 1, (void *)&api, "fts5_api_ptr", NULL);
    sqlite3_step(s);
    sqlite3_finalize(s);
    if (!api) return SQLITE_ERROR;
    static fts5_tokenizer tok = {tok_create, tok_delete, tok_tokenize};
    return api->xCreateTokenizer(api, "akhbar", NULL, &tok, NULL);
}

/* ---- queries -------------------------------------------------------------- */

/* Turns free text into an FTS5 query: every word must appear (AND), each
 * quoted so that FTS5 operators in user input are plain words.  A word
 * ending in "*" stays a prefix query. */
static char *fts_query(const char *q)
{
    ak_buf b = {0};
    const char *p = q;
    size_t n = strlen(q);
    size_t i = 0;
    while (i < n) {
        int cp;
        size_t len = ak_utf8_next(p + i, n - i, &cp);
        if (!word_cp(cp)) {
            i += len;
            continue;
        }
        size_t start = i;
        while (i < n) {
            size_t l = ak_utf8_next(p + i, n - i, &cp);
            if (!word_cp(cp)) break;
            i += l;
        }
        if (b.len) ak_buf_putc(&b, ' ');
        ak_buf_putc(&b, '"');
        ak_buf_append(&b, p + start, i - start);
        ak_buf_putc(&b, '"');
        if (i < n && p[i] == '*') ak_buf_putc(&b, '*');
    }
    return b.len ? ak_buf_steal(&b) : (ak_buf_free(&b), NULL);
}

int st_search(st_store *st, const char *query, const st_query *filter, int limit,
              st_hit_fn *fn, void *udata, char **err)
{
    char *fq = fts_query(query);
    if (!fq) {
        if (err) *err = ak_strdup("search: the query has no words");
        return ST_EMISC;
    }
    sqlite3 *db = st__db(st);
    sqlite3_stmt *s;
    int rc = sqlite3_prepare_v2(
        db,
        "SELECT a.id, a.url, a.site, a.title, a.lang, a.published, a.fetched_at, a.duplicate_of,"
        " snippet(articles_fts, 1, '[', ']', '…', 16), bm25(articles_fts, 4.0, 1.0)"
        " FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid"
        " WHERE articles_fts MATCH ?1 AND a.sort_time >= ?2 AND a.sort_time < ?3"
        " AND (?4 IS NULL OR a.site = ?4) AND (?5 IS NULL OR a.lang = ?5)"
        " ORDER BY bm25(articles_fts, 4.0, 1.0) LIMIT ?6",
        -1, &s, NULL);
    if (rc != SQLITE_OK) {
        if (err) {
            ak_buf b = {0};
            ak_buf_printf(&b, "search: %s", sqlite3_errmsg(db));
            *err = ak_buf_steal(&b);
        }
        free(fq);
        return ST_EMISC;
    }
    sqlite3_bind_text(s, 1, fq, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(s, 2, filter && filter->since != AK_TIME_NONE ? filter->since : INT64_MIN);
    sqlite3_bind_int64(s, 3, filter && filter->until != AK_TIME_NONE ? filter->until : INT64_MAX);
    if (filter && filter->site) sqlite3_bind_text(s, 4, filter->site, -1, SQLITE_TRANSIENT);
    if (filter && filter->lang) sqlite3_bind_text(s, 5, filter->lang, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int(s, 6, limit > 0 ? limit : 20);
    free(fq);
    int ret = 0;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        st_hit h = {
            .id = sqlite3_column_int64(s, 0),
            .url = (const char *)sqlite3_column_text(s, 1),
            .site = (const char *)sqlite3_column_text(s, 2),
            .title = (const char *)sqlite3_column_text(s, 3),
            .lang = (const char *)sqlite3_column_text(s, 4),
            .published = sqlite3_column_type(s, 5) == SQLITE_NULL ? AK_TIME_NONE : sqlite3_column_int64(s, 5),
            .fetched_at = sqlite3_column_int64(s, 6),
            .duplicate_of = sqlite3_column_int64(s, 7),
            .snippet = (const char *)sqlite3_column_text(s, 8),
            .rank = sqlite3_column_double(s, 9),
        };
        if ((ret = fn(&h, udata)) != 0) break;
    }
    if (ret == 0 && rc != SQLITE_DONE) {
        if (err) {
            ak_buf b = {0};
            ak_buf_printf(&b, "search: %s", sqlite3_errmsg(db));
            *err = ak_buf_steal(&b);
        }
        ret = ST_EMISC;
    }
    sqlite3_finalize(s);
    return ret;
}
