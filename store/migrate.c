/* migrate.c -- moving an SQLite store into PostgreSQL (st_migrate).
 *
 * Why this exists: a user who outgrows one machine keeps the corpus they
 * have.  Every table is streamed from SQLite with COPY into the empty
 * PostgreSQL store, in one transaction: the counts are compared before
 * the commit, so the target either holds everything or nothing.  Ids are
 * kept (duplicate_of, clusters and dedup keys refer to them), the search
 * vectors are computed from the text as the PostgreSQL backend does, and
 * the id sequence continues after the largest id.
 */
#include "store/pg_int.h"
#include "store/sqlite_int.h"
#include "common/buf.h"
#include "common/mem.h"
#include "common/utf8.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* One table: its columns in SQLite, and how each goes to COPY. */
enum { C_TEXT, C_INT, C_REAL, C_BLOB, C_FTS };
typedef struct table {
    const char *name;        /* table (same name on both sides) */
    const char *src;         /* SELECT on SQLite, columns in the order of dst */
    const char *dst;         /* COPY target: "table(col, ...)" */
    int kinds[24];           /* per column: C_*; C_FTS is computed from the two columns before */
    int ncols;               /* columns in src */
} table;

static const table tables[] = {
    {"articles",
     "SELECT id, key, url, canonical_url, site, feed_url, title, body, author, lang, description, image,"
     " published, published_offset, modified, fetched_at, sort_time, content_hash, duplicate_of FROM articles"
     " ORDER BY id",
     "articles(id, key, url, canonical_url, site, feed_url, title, body, author, lang, description, image,"
     " published, published_offset, modified, fetched_at, sort_time, content_hash, duplicate_of, fts)",
     {C_INT, C_TEXT, C_TEXT, C_TEXT, C_TEXT, C_TEXT, C_TEXT, C_TEXT, C_TEXT, C_TEXT, C_TEXT, C_TEXT, C_INT, C_INT,
      C_INT, C_INT, C_INT, C_TEXT, C_INT, C_FTS},
     19},
    {"urls", "SELECT url, status, article_id, attempts, last_try, reason FROM urls",
     "urls(url, status, article_id, attempts, last_try, reason)",
     {C_TEXT, C_TEXT, C_INT, C_INT, C_INT, C_TEXT}, 6},
    {"feeds",
     "SELECT url, site, etag, last_modified, last_ok, last_error_at, last_error, failures, entries, current_url,"
     " not_before, retired, gone, last_status, last_checked, lastmod FROM feeds",
     "feeds(url, site, etag, last_modified, last_ok, last_error_at, last_error, failures, entries, current_url,"
     " not_before, retired, gone, last_status, last_checked, lastmod)",
     {C_TEXT, C_TEXT, C_TEXT, C_TEXT, C_INT, C_INT, C_TEXT, C_INT, C_INT, C_TEXT, C_INT, C_INT, C_INT, C_INT, C_INT,
      C_INT},
     16},
    {"hosts", "SELECT host, not_before, reason FROM hosts", "hosts(host, not_before, reason)",
     {C_TEXT, C_INT, C_TEXT}, 3},
    {"robots", "SELECT origin, fetched_at, status, body FROM robots", "robots(origin, fetched_at, status, body)",
     {C_TEXT, C_INT, C_INT, C_BLOB}, 4},
    {"dd_keys", "SELECT key, n, first, first_time, r0, r1, r2, r3 FROM dd_keys",
     "dd_keys(key, n, first, first_time, r0, r1, r2, r3)",
     {C_INT, C_INT, C_INT, C_INT, C_INT, C_INT, C_INT, C_INT}, 8},
    {"dd_articles", "SELECT article_id, cluster, match, similarity, kind, simhash, minhash, paras FROM dd_articles",
     "dd_articles(article_id, cluster, match, similarity, kind, simhash, minhash, paras)",
     {C_INT, C_INT, C_INT, C_REAL, C_TEXT, C_INT, C_BLOB, C_BLOB}, 8},
    {"dd_clusters", "SELECT id, original, original_time, size FROM dd_clusters",
     "dd_clusters(id, original, original_time, size)", {C_INT, C_INT, C_INT, C_INT}, 4},
};

/* A COPY text-format field (valid UTF-8: SQLite kept some server
 * strings verbatim, PostgreSQL refuses invalid ones). */
static void copy_text(ak_buf *b, const char *s, size_t n)
{
    ak_buf fixed = {0};
    if (!ak_utf8_valid(s, n)) {
        ak_utf8_sanitize(&fixed, s, n);
        s = ak_buf_str(&fixed);
        n = fixed.len;
    }
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        switch (c) {
        case '\\': ak_buf_puts(b, "\\\\"); break;
        case '\t': ak_buf_puts(b, "\\t"); break;
        case '\n': ak_buf_puts(b, "\\n"); break;
        case '\r': ak_buf_puts(b, "\\r"); break;
        case '\0': break; /* PostgreSQL text holds no NUL */
        default: ak_buf_putc(b, c);
        }
    }
    ak_buf_free(&fixed);
}

static void copy_blob(ak_buf *b, const unsigned char *p, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    ak_buf_puts(b, "\\\\x");
    for (size_t i = 0; i < n; i++) {
        ak_buf_putc(b, hex[p[i] >> 4]);
        ak_buf_putc(b, hex[p[i] & 15]);
    }
}

static int pg_error(pg_store *p, const char *what, char **err)
{
    if (err) {
        ak_buf b = {0};
        ak_buf_printf(&b, "store %s: %s: %s", p->shown, what, PQerrorMessage(p->db));
        while (b.len && (b.data[b.len - 1] == '\n' || b.data[b.len - 1] == ' ')) b.data[--b.len] = '\0';
        free(*err);
        *err = ak_buf_steal(&b);
    }
    return ST_EIO;
}

/* Streams one table; *rows receives how many were copied. */
static int copy_table(st_store *from, pg_store *p, const table *t, int64_t *rows, char **err)
{
    sqlite3 *db = st__db(from);
    sqlite3_stmt *s;
    int rc = sqlite3_prepare_v2(db, t->src, -1, &s, NULL);
    if (rc != SQLITE_OK) return st__fail(from, rc, "reading the SQLite store", err);
    ak_buf q = {0};
    ak_buf_printf(&q, "COPY %s FROM STDIN", t->dst);
    PGresult *r = PQexec(p->db, q.data);
    ak_buf_free(&q);
    if (PQresultStatus(r) != PGRES_COPY_IN) {
        PQclear(r);
        sqlite3_finalize(s);
        return pg_error(p, "starting COPY", err);
    }
    PQclear(r);
    ak_buf line = {0}, fts = {0};
    int ret = 0;
    *rows = 0;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        ak_buf_clear(&line);
        for (int i = 0; i < t->ncols; i++) {
            if (i) ak_buf_putc(&line, '\t');
            if (sqlite3_column_type(s, i) == SQLITE_NULL) {
                ak_buf_puts(&line, "\\N");
                continue;
            }
            switch (t->kinds[i]) {
            case C_INT: ak_buf_printf(&line, "%lld", (long long)sqlite3_column_int64(s, i)); break;
            case C_REAL: ak_buf_printf(&line, "%.17g", sqlite3_column_double(s, i)); break;
            case C_BLOB:
                copy_blob(&line, sqlite3_column_blob(s, i), (size_t)sqlite3_column_bytes(s, i));
                break;
            default:
                copy_text(&line, (const char *)sqlite3_column_text(s, i), (size_t)sqlite3_column_bytes(s, i));
            }
        }
        if (t->kinds[t->ncols] == C_FTS) { /* title and body: columns 6 and 7 */
            ak_buf_clear(&fts);
            pg_fts_vector(&fts, (const char *)sqlite3_column_text(s, 6), (const char *)sqlite3_column_text(s, 7));
            ak_buf_putc(&line, '\t');
            copy_text(&line, fts.data ? fts.data : "", fts.len);
        }
        ak_buf_putc(&line, '\n');
        if (PQputCopyData(p->db, line.data, (int)line.len) != 1) {
            ret = pg_error(p, "copying rows", err);
            break;
        }
        (*rows)++;
    }
    if (!ret && rc != SQLITE_DONE) ret = st__fail(from, rc, "reading the SQLite store", err);
    sqlite3_finalize(s);
    ak_buf_free(&line);
    ak_buf_free(&fts);
    if (PQputCopyEnd(p->db, ret ? "akhbar: migration failed" : NULL) != 1 && !ret) ret = pg_error(p, "ending COPY", err);
    while ((r = PQgetResult(p->db))) {
        if (!ret && PQresultStatus(r) != PGRES_COMMAND_OK) {
            ak_buf b = {0};
            ak_buf_printf(&b, "copying %s", t->name);
            ret = ST_EMISC;
            if (err) {
                free(*err);
                ak_buf c = {0};
                ak_buf_printf(&c, "store %s: %s: %s", p->shown, b.data,
                              PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY) ? PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY)
                                                                               : PQerrorMessage(p->db));
                *err = ak_buf_steal(&c);
            }
            ak_buf_free(&b);
        }
        PQclear(r);
    }
    return ret;
}

static int64_t count(PGconn *c, const char *table)
{
    char q[96];
    snprintf(q, sizeof q, "SELECT count(*) FROM %s", table);
    PGresult *r = PQexec(c, q);
    int64_t n = PQresultStatus(r) == PGRES_TUPLES_OK ? strtoll(PQgetvalue(r, 0, 0), NULL, 10) : -1;
    PQclear(r);
    return n;
}

int st_migrate(st_store *from, st_store *to, st_migrate_fn *progress, void *udata, char **err)
{
    if (strcmp(st_backend_name(from), "sqlite") != 0 || strcmp(st_backend_name(to), "postgresql") != 0) {
        if (err) *err = ak_strdup("migrate: from an SQLite store to a PostgreSQL store only");
        return ST_EMISC;
    }
    pg_store *p = PGS(to);
    for (size_t i = 0; i < sizeof tables / sizeof tables[0]; i++) {
        int64_t n = count(p->db, tables[i].name);
        if (n != 0) {
            if (err) {
                ak_buf b = {0};
                ak_buf_printf(&b, "store %s: not empty (%s has %lld rows); migrate into an empty database",
                              p->shown, tables[i].name, (long long)n);
                *err = ak_buf_steal(&b);
            }
            return ST_EMISC;
        }
    }
    int rc = pg_cmd(p, "BEGIN", "starting the migration", err);
    if (rc) return rc;
    p->in_tx = true;
    /* A snapshot of the source: the counts compared below are its. */
    if ((rc = sqlite3_exec(st__db(from), "BEGIN", NULL, NULL, NULL)) != SQLITE_OK) {
        rc = st__fail(from, rc, "reading the SQLite store", err);
        goto bad;
    }
    for (size_t i = 0; i < sizeof tables / sizeof tables[0] && !rc; i++) {
        int64_t rows = 0;
        if ((rc = copy_table(from, p, &tables[i], &rows, err))) break;
        int64_t there = count(p->db, tables[i].name);
        if (there != rows) {
            if (err) {
                ak_buf b = {0};
                ak_buf_printf(&b, "migrate: %s: %lld rows read, %lld written; nothing was committed",
                              tables[i].name, (long long)rows, (long long)there);
                free(*err);
                *err = ak_buf_steal(&b);
            }
            rc = ST_EMISC;
            break;
        }
        if (progress) progress(tables[i].name, rows, udata);
    }
    sqlite3_exec(st__db(from), "COMMIT", NULL, NULL, NULL);
    if (!rc)
        rc = pg_cmd(p, "SELECT setval('articles_id_seq', coalesce((SELECT max(id) FROM articles), 0) + 1, false)",
                    "continuing the id sequence", err);
    if (!rc) return st_commit(to, err);
bad:
    st_rollback(to);
    return rc;
}
