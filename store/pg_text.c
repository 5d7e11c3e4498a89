/* pg_text.c -- full-text search and statistics on the PostgreSQL store.
 *
 * Why this exists: search must find the same articles whichever backend
 * holds them: "المغرب" must find "والمغرب", "economie" "Économie".  Words
 * are split and folded here, in C, exactly as SQLite's FTS5 tokenizer
 * does (fold.c: dedup's normaliser, the definite-article stem beside the
 * word), and handed to PostgreSQL as a ready tsvector (title weight A,
 * body D) in a GIN-indexed column; queries become a tsquery of folded
 * words the same way.  PostgreSQL's own parsers and dictionaries are not
 * used (they do not know Arabic orthography).  Snippets are cut here from
 * the stored text, with the matching words in [brackets].
 *
 * A body's vector is capped (PG_FTS_MAX bytes of folded words): beyond
 * some 70,000 words an article is indexed on its beginning only.
 */
#include "store/pg_int.h"
#include "common/buf.h"
#include "common/mem.h"
#include "common/timeutil.h"
#include "common/utf8.h"

#include <stdlib.h>
#include <string.h>

#define PG_FTS_MAX (512 * 1024) /* bytes of lexemes in one article's vector (PostgreSQL: 1 MB) */
#define SNIPPET_WORDS 16        /* words in a snippet, as FTS5's snippet(..., 16) */

enum { T_SEARCH = 72, T_SITES, T_DAYS, T_FEEDS };

/* ---- words ------------------------------------------------------------------------ */

/* Calls fn for every word of text (byte range [start, end)) with its
 * folded forms: the whole normal form split on spaces; an Arabic word with
 * the definite article also gives its stem (query: only the stem). */
typedef void word_fn(const char *lex, size_t n, size_t start, size_t end, int pos, void *ud);

static void words(const char *text, size_t n, bool query, word_fn *fn, void *ud)
{
    size_t i = 0, start = 0;
    bool in = false;
    int pos = 0;
    ak_buf norm = {0};
    while (i <= n) {
        int cp = 0;
        size_t len = i < n ? ak_utf8_next(text + i, n - i, &cp) : 1;
        bool w = i < n && st__word_cp(cp);
        if (w && !in) {
            in = true;
            start = i;
        } else if (!w && in) {
            in = false;
            ak_buf_clear(&norm);
            st__fold_word(&norm, text + start, i - start);
            pos++;
            const char *p = ak_buf_str(&norm);
            while (*p) {
                const char *sp = strchr(p, ' ');
                size_t k = sp ? (size_t)(sp - p) : strlen(p);
                size_t pre = st__article_prefix(p, k);
                if (pre && query) {
                    fn(p + pre, k - pre, start, i, pos, ud);
                } else if (k) {
                    fn(p, k, start, i, pos, ud);
                    if (pre) fn(p + pre, k - pre, start, i, pos, ud);
                }
                p += k;
                while (*p == ' ') p++;
            }
        }
        i += len ? len : 1;
    }
    ak_buf_free(&norm);
}

static void quote_lexeme(ak_buf *b, const char *s, size_t n)
{
    ak_buf_putc(b, '\'');
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '\'' || s[i] == '\\') ak_buf_putc(b, s[i]);
        ak_buf_putc(b, s[i]);
    }
    ak_buf_putc(b, '\'');
}

typedef struct vec {
    ak_buf *out;             /* the literal */
    char weight;             /* 'A' for the title, 0 for the body (D) */
    int base;                /* position offset (body after title) */
    int last;                /* last position emitted */
    size_t start;            /* out's length when this field began */
} vec;

static void vec_word(const char *lex, size_t n, size_t start, size_t end, int pos, void *ud)
{
    (void)start, (void)end;
    vec *v = ud;
    if (n == 0 || n > 2000 || v->out->len - v->start > PG_FTS_MAX) return;
    if (v->out->len) ak_buf_putc(v->out, ' ');
    quote_lexeme(v->out, lex, n);
    int p = v->base + pos;
    if (p > 16383) p = 16383; /* PostgreSQL's largest position */
    ak_buf_printf(v->out, ":%d", p < 1 ? 1 : p);
    if (v->weight) ak_buf_putc(v->out, v->weight);
    v->last = v->base + pos;
}

void pg_fts_vector(ak_buf *out, const char *title, const char *body)
{
    vec v = {.out = out, .weight = 'A', .start = out->len};
    if (title) words(title, strlen(title), false, vec_word, &v);
    v = (vec){.out = out, .weight = 0, .base = v.last + 1, .start = out->len};
    if (body) words(body, strlen(body), false, vec_word, &v);
}

/* ---- queries ---------------------------------------------------------------------- */

typedef struct terms {
    ak_buf *q;               /* the tsquery literal */
    char **lex;              /* folded query words (for snippets) */
    bool *prefix;            /* "word*" */
    size_t n, cap;           /* used, allocated */
    bool next_prefix;        /* the word being added ends in '*' */
} terms;

static void term_word(const char *lex, size_t n, size_t start, size_t end, int pos, void *ud)
{
    (void)start, (void)end, (void)pos;
    terms *t = ud;
    if (!n) return;
    if (t->q->len) ak_buf_puts(t->q, " & ");
    quote_lexeme(t->q, lex, n);
    if (t->next_prefix) ak_buf_puts(t->q, ":*");
    if (t->n == t->cap) {
        t->cap = t->cap ? 2 * t->cap : 8;
        t->lex = ak_realloc(t->lex, t->cap * sizeof *t->lex);
        t->prefix = ak_realloc(t->prefix, t->cap * sizeof *t->prefix);
    }
    t->lex[t->n] = ak_strndup(lex, n);
    t->prefix[t->n] = t->next_prefix;
    t->n++;
}

/* Every word of q must appear ("word*" is a prefix): the tsquery literal,
 * and the folded words. */
static void build_query(const char *q, terms *t)
{
    size_t n = strlen(q), i = 0;
    while (i < n) {
        int cp;
        size_t len = ak_utf8_next(q + i, n - i, &cp);
        if (!st__word_cp(cp)) {
            i += len ? len : 1;
            continue;
        }
        size_t start = i;
        while (i < n) {
            size_t l = ak_utf8_next(q + i, n - i, &cp);
            if (!st__word_cp(cp)) break;
            i += l ? l : 1;
        }
        t->next_prefix = i < n && q[i] == '*';
        words(q + start, i - start, true, term_word, t);
    }
}

static void terms_free(terms *t)
{
    for (size_t i = 0; i < t->n; i++) free(t->lex[i]);
    free(t->lex);
    free(t->prefix);
}

/* ---- snippets --------------------------------------------------------------------- */

typedef struct span {
    size_t start, end;       /* bytes of the word in the text */
    int pos;                 /* word number */
    bool hit;                /* one of its forms matches a query word */
    int term;                /* which (for counting distinct terms) */
} span;

typedef struct scan {
    const terms *t;          /* the query */
    span *s;                 /* words */
    size_t n, cap;           /* used, allocated */
} scan;

static void scan_word(const char *lex, size_t n, size_t start, size_t end, int pos, void *ud)
{
    scan *x = ud;
    if (!x->n || x->s[x->n - 1].pos != pos) {
        if (x->n == x->cap) {
            x->cap = x->cap ? 2 * x->cap : 256;
            x->s = ak_realloc(x->s, x->cap * sizeof *x->s);
        }
        x->s[x->n++] = (span){start, end, pos, false, -1};
    }
    span *s = &x->s[x->n - 1];
    for (size_t i = 0; i < x->t->n && !s->hit; i++) {
        size_t ln = strlen(x->t->lex[i]);
        if (x->t->prefix[i] ? (n >= ln && memcmp(lex, x->t->lex[i], ln) == 0)
                            : (n == ln && memcmp(lex, x->t->lex[i], ln) == 0)) {
            s->hit = true;
            s->term = (int)i;
        }
    }
}

/* The window of SNIPPET_WORDS words holding the most distinct query
 * words (then the most matches, then the earliest), as written, with
 * matches in [brackets] and "…" where it was cut. */
static char *snippet(const char *body, const terms *t)
{
    if (!body) return NULL;
    scan x = {.t = t};
    words(body, strlen(body), false, scan_word, &x);
    ak_buf b = {0};
    if (!x.n) {
        free(x.s);
        return ak_strdup("");
    }
    size_t best = 0, w = x.n < SNIPPET_WORDS ? x.n : SNIPPET_WORDS;
    int best_terms = -1, best_hits = -1;
    bool *seen = ak_calloc(t->n + 1, 1);
    for (size_t i = 0; i + w <= x.n; i++) {
        memset(seen, 0, t->n + 1);
        int terms_ = 0, hits = 0;
        for (size_t k = i; k < i + w; k++)
            if (x.s[k].hit) {
                hits++;
                if (!seen[x.s[k].term]) seen[x.s[k].term] = 1, terms_++;
            }
        if (terms_ > best_terms || (terms_ == best_terms && hits > best_hits)) {
            best = i;
            best_terms = terms_;
            best_hits = hits;
        }
        if (i > 20000) break; /* long bodies: the beginning will do */
    }
    free(seen);
    if (best > 0) ak_buf_puts(&b, "…");
    size_t at = x.s[best].start;
    for (size_t k = best; k < best + w; k++) {
        ak_buf_append(&b, body + at, x.s[k].start - at);
        if (x.s[k].hit) ak_buf_putc(&b, '[');
        ak_buf_append(&b, body + x.s[k].start, x.s[k].end - x.s[k].start);
        if (x.s[k].hit) ak_buf_putc(&b, ']');
        at = x.s[k].end;
    }
    if (best + w < x.n) ak_buf_puts(&b, "…");
    free(x.s);
    return ak_buf_steal(&b);
}

int pg_search(st_store *st, const char *query, const st_query *filter, int limit, st_hit_fn *fn,
              void *udata, char **err)
{
    ak_buf q = {0};
    terms t = {.q = &q};
    build_query(query, &t);
    if (!q.len) {
        if (err) *err = ak_strdup("search: the query has no words");
        ak_buf_free(&q);
        terms_free(&t);
        return ST_EMISC;
    }
    pg_args a = {0};
    pg_text(&a, q.data);
    pg_i64(&a, filter && filter->since != AK_TIME_NONE ? filter->since : INT64_MIN);
    pg_i64(&a, filter && filter->until != AK_TIME_NONE ? filter->until : INT64_MAX);
    pg_text(&a, filter ? filter->site : NULL);
    pg_text(&a, filter ? filter->lang : NULL);
    pg_i64(&a, limit > 0 ? limit : 20);
    int code = 0;
    PGresult *r = pg_run(PGS(st), false, T_SEARCH,
                         "SELECT a.id, a.url, a.site, a.title, a.lang, a.published, a.fetched_at, a.duplicate_of,"
                         " a.body, ts_rank_cd('{0.25, 0.25, 0.25, 1.0}', a.fts, q)::float8 AS rank"
                         " FROM articles a, CAST($1 AS tsquery) q"
                         " WHERE a.fts @@ q AND a.sort_time >= $2 AND a.sort_time < $3"
                         " AND ($4::text IS NULL OR a.site = $4::text) AND ($5::text IS NULL OR a.lang = $5::text)"
                         " ORDER BY rank DESC, a.id LIMIT $6",
                         &a, "search", &code, err);
    pg_args_free(&a);
    int ret = code;
    if (r) {
        ret = 0;
        for (int i = 0; i < PQntuples(r) && ret == 0; i++) {
            char *snip = snippet(pg_get_text(r, i, 8), &t);
            st_hit h = {
                .id = pg_get_i64(r, i, 0),
                .url = pg_get_text(r, i, 1),
                .site = pg_get_text(r, i, 2),
                .title = pg_get_text(r, i, 3),
                .lang = pg_get_text(r, i, 4),
                .published = pg_get_time(r, i, 5),
                .fetched_at = pg_get_i64(r, i, 6),
                .duplicate_of = pg_get_i64(r, i, 7),
                .snippet = snip,
                .rank = -pg_get_f64(r, i, 9), /* lower is better, as bm25 */
            };
            ret = fn(&h, udata);
            free(snip);
        }
        PQclear(r);
    }
    ak_buf_free(&q);
    terms_free(&t);
    return ret;
}

/* ---- statistics ------------------------------------------------------------------- */

int pg_stats(st_store *st, const st_stats_cb *cb, void *ud, char **err)
{
    pg_store *p = PGS(st);
    int code = 0, ret = 0;
    PGresult *r;
    if (cb->site) {
        r = pg_run(p, false, T_SITES,
                   "SELECT coalesce(site, '-'), count(*), count(duplicate_of), max(fetched_at),"
                   " min(sort_time), max(sort_time) FROM articles GROUP BY 1 ORDER BY 2 DESC, 1",
                   NULL, "stats: per site", &code, err);
        if (!r) return code;
        for (int i = 0; i < PQntuples(r) && ret == 0; i++)
            ret = cb->site(pg_get_text(r, i, 0), pg_get_i64(r, i, 1), pg_get_i64(r, i, 2), pg_get_i64(r, i, 3),
                           pg_get_i64(r, i, 4), pg_get_i64(r, i, 5), ud);
        PQclear(r);
        if (ret) return ret;
    }
    if (cb->day) {
        /* Days are UTC days of the publication (else fetch) time. */
        pg_args a = {0};
        pg_i64(&a, cb->days > 0 ? cb->days : 14);
        r = pg_run(p, false, T_DAYS,
                   "SELECT sort_time / 86400 AS d, count(*), count(duplicate_of) FROM articles"
                   " GROUP BY d ORDER BY d DESC LIMIT $1",
                   &a, "stats: per day", &code, err);
        if (!r) return code;
        for (int i = 0; i < PQntuples(r) && ret == 0; i++)
            ret = cb->day(pg_get_i64(r, i, 0) * 86400, pg_get_i64(r, i, 1), pg_get_i64(r, i, 2), ud);
        PQclear(r);
        if (ret) return ret;
    }
    if (cb->feed) {
        r = pg_run(p, false, T_FEEDS,
                   "SELECT url, site, last_ok, last_error_at, last_error, failures, entries FROM feeds"
                   " WHERE coalesce(last_checked, last_ok, last_error_at, lastmod) IS NOT NULL" /* not just claimed */
                   " ORDER BY site, url",
                   NULL, "stats: feeds", &code, err);
        if (!r) return code;
        for (int i = 0; i < PQntuples(r) && ret == 0; i++) {
            st_feed f = {
                .url = pg_get_text(r, i, 0),
                .site = pg_get_text(r, i, 1),
                .last_ok = pg_get_time(r, i, 2),
                .last_error_at = pg_get_time(r, i, 3),
                .last_error = pg_get_text(r, i, 4),
                .failures = (int)pg_get_i64(r, i, 5),
                .entries = pg_get_i64(r, i, 6),
            };
            ret = cb->feed(&f, ud);
        }
        PQclear(r);
    }
    return ret;
}
