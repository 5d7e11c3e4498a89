/* pg.c -- the PostgreSQL backend of store.h: a store several crawlers
 * share.
 *
 * Why this exists: when one machine is not enough, several `akhbar crawl`
 * processes on several machines write one PostgreSQL database.  The
 * schema says what SQLite's does (same tables and meanings; full-text
 * search through a tsvector column, the leases and the frontier of
 * pg_share.c on top), is versioned in akhbar_schema and upgraded by the
 * forward migrations below under an advisory lock, so that workers
 * starting together migrate it once.  Statements are prepared once per
 * connection (pg_run).
 *
 * Concurrency: transactions run at READ COMMITTED; rows another worker is
 * writing are waited for (up to busy_ms: lock_timeout), a deadlock or a
 * cluster merged under us is ST_ECONFLICT with st_conflicted() true, and
 * the caller retries from its savepoint (main/shared.c).
 */
#include "store/pg_int.h"
#include "common/buf.h"
#include "common/mem.h"
#include "common/timeutil.h"
#include "common/url.h"
#include "common/utf8.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Forward migrations: migrations[i] takes a store from version i to i+1.
 * Version 1 holds everything SQLite's schema 5 holds, plus what sharing
 * needs (leases, the frontier, host slots). */
static const char *const migrations[] = {
    /* 0 -> 1 */
    "CREATE TABLE articles("
    "  id BIGSERIAL PRIMARY KEY,"
    "  key TEXT NOT NULL UNIQUE,"          /* identity: canonical URL, else URL */
    "  url TEXT NOT NULL, canonical_url TEXT,"
    "  site TEXT, feed_url TEXT, title TEXT, body TEXT NOT NULL,"
    "  author TEXT, lang TEXT, description TEXT, image TEXT,"
    "  published BIGINT, published_offset INTEGER, modified BIGINT,"
    "  fetched_at BIGINT NOT NULL,"
    "  sort_time BIGINT NOT NULL,"         /* published, else fetched_at */
    "  content_hash TEXT NOT NULL,"
    "  duplicate_of BIGINT REFERENCES articles(id),"
    "  fts tsvector);"                     /* folded words of title (weight A) and body */
    "CREATE INDEX articles_sort ON articles(sort_time, id);"
    "CREATE INDEX articles_url ON articles(url);"
    "CREATE INDEX articles_hash ON articles(content_hash);"
    "CREATE INDEX articles_fts ON articles USING gin(fts);"
    "CREATE TABLE urls("
    "  url TEXT PRIMARY KEY,"
    "  status TEXT NOT NULL,"              /* queued | stored | failed | done */
    "  article_id BIGINT,"
    "  attempts INTEGER NOT NULL DEFAULT 0,"
    "  last_try BIGINT, reason TEXT,"
    /* the frontier: what a queued URL needs to be fetched by any worker */
    "  seq BIGSERIAL,"                     /* order of discovery */
    "  host TEXT, feed TEXT, site TEXT, lang TEXT, feed_url TEXT, title TEXT, published BIGINT,"
    "  not_before BIGINT,"                 /* not claimed before (host paused, robots.txt) */
    "  lease_owner TEXT, lease_until BIGINT);" /* claim: worker and end (store clock) */
    "CREATE INDEX urls_queue ON urls(seq) WHERE status = 'queued';"
    "CREATE INDEX urls_lease ON urls(lease_owner) WHERE status = 'queued';"
    "CREATE TABLE feeds("
    "  url TEXT PRIMARY KEY, site TEXT, etag TEXT, last_modified TEXT,"
    "  last_ok BIGINT, last_error_at BIGINT, last_error TEXT,"
    "  failures INTEGER NOT NULL DEFAULT 0, entries BIGINT,"
    "  current_url TEXT, not_before BIGINT, retired INTEGER NOT NULL DEFAULT 0,"
    "  gone INTEGER NOT NULL DEFAULT 0, last_status INTEGER, last_checked BIGINT, lastmod BIGINT,"
    "  claimed_at BIGINT, claimed_by TEXT);" /* last claim by a worker (store clock) */
    "CREATE TABLE hosts("
    "  host TEXT PRIMARY KEY,"             /* host[:port] */
    "  not_before BIGINT NOT NULL DEFAULT 0, reason TEXT," /* pause (Retry-After), epoch s */
    "  next_ms BIGINT NOT NULL DEFAULT 0);" /* next request start reserved, epoch ms */
    "CREATE TABLE robots("
    "  origin TEXT PRIMARY KEY, fetched_at BIGINT NOT NULL, status INTEGER NOT NULL, body BYTEA);"
    "CREATE TABLE dd_keys("
    "  key BIGINT PRIMARY KEY, n BIGINT NOT NULL, first BIGINT NOT NULL, first_time BIGINT NOT NULL,"
    "  r0 BIGINT, r1 BIGINT, r2 BIGINT, r3 BIGINT);"
    "CREATE TABLE dd_articles("
    "  article_id BIGINT PRIMARY KEY REFERENCES articles(id),"
    "  cluster BIGINT NOT NULL, match BIGINT, similarity DOUBLE PRECISION NOT NULL,"
    "  kind TEXT NOT NULL, simhash BIGINT NOT NULL, minhash BYTEA NOT NULL, paras BYTEA);"
    "CREATE INDEX dd_articles_cluster ON dd_articles(cluster);"
    "CREATE TABLE dd_clusters("
    "  id BIGINT PRIMARY KEY, original BIGINT NOT NULL, original_time BIGINT NOT NULL,"
    "  size BIGINT NOT NULL);"
    /* A request to host may start now when the host's next allowed time
     * has come: it is then moved delay ms ahead, from the moment the start
     * is granted (under the row lock), so starts granted to any processes
     * are at least delay apart; otherwise the wait.  Also a pause
     * (Retry-After) another process recorded. */
    "CREATE FUNCTION akhbar_host_slot(h TEXT, delay BIGINT,"
    "  OUT wait_ms BIGINT, OUT paused_until BIGINT, OUT why TEXT) LANGUAGE plpgsql AS $f$"
    " DECLARE nx BIGINT; now_ms BIGINT;"
    " BEGIN"
    "  INSERT INTO hosts(host, not_before, next_ms) VALUES (h, 0, 0) ON CONFLICT DO NOTHING;"
    "  SELECT next_ms, not_before, reason INTO nx, paused_until, why FROM hosts WHERE host = h FOR UPDATE;"
    "  now_ms := (extract(epoch from clock_timestamp()) * 1000)::bigint;"
    "  IF nx <= now_ms THEN"
    "   UPDATE hosts SET next_ms = now_ms + delay WHERE host = h;"
    "   wait_ms := 0;"
    "  ELSE"
    "   wait_ms := nx - now_ms;"
    "  END IF;"
    " END $f$;",
};
#define SCHEMA_VERSION ((int)(sizeof migrations / sizeof migrations[0]))

/* Advisory lock keys (pg_advisory_*): "akhbar" + purpose. */
#define LOCK_MIGRATE 0x616b686261720001LL

static const st_backend pg_backend;

/* ---- parameters and results ------------------------------------------------------ */

static void arg(pg_args *a, const char *v, int len, int fmt)
{
    if (a->n >= PG_MAXARGS) abort(); /* a programming error, caught by the tests */
    a->v[a->n] = v;
    a->len[a->n] = len;
    a->fmt[a->n] = fmt;
    a->n++;
}

void pg_text(pg_args *a, const char *s)
{
    if (s && !ak_utf8_valid(s, strlen(s))) {
        ak_buf b = {0};
        ak_utf8_sanitize(&b, s, strlen(s));
        a->own[a->n] = ak_buf_steal(&b);
        s = a->own[a->n];
    }
    arg(a, s, 0, 0);
}

void pg_i64(pg_args *a, int64_t v)
{
    snprintf(a->num[a->n], sizeof a->num[0], "%lld", (long long)v);
    arg(a, a->num[a->n], 0, 0);
}

void pg_time(pg_args *a, int64_t t)
{
    if (t == AK_TIME_NONE) arg(a, NULL, 0, 0);
    else pg_i64(a, t);
}

void pg_f64(pg_args *a, double v)
{
    snprintf(a->num[a->n], sizeof a->num[0], "%.17g", v);
    arg(a, a->num[a->n], 0, 0);
}

void pg_bytes(pg_args *a, const void *p, size_t n)
{
    arg(a, p ? (const char *)p : "", (int)n, 1);
}

void pg_null(pg_args *a) { arg(a, NULL, 0, 0); }

void pg_args_free(pg_args *a)
{
    for (int i = 0; i < a->n; i++) free(a->own[i]);
    memset(a->own, 0, sizeof a->own);
}

bool pg_get_null(const PGresult *r, int row, int col) { return PQgetisnull(r, row, col) != 0; }

int64_t pg_get_i64(const PGresult *r, int row, int col)
{
    if (PQgetisnull(r, row, col)) return 0;
    const unsigned char *p = (const unsigned char *)PQgetvalue(r, row, col);
    int n = PQgetlength(r, row, col);
    uint64_t v = 0;
    for (int i = 0; i < n; i++) v = (v << 8) | p[i];
    if (n == 2) return (int16_t)v;
    if (n == 4) return (int32_t)v;
    if (n == 1) return (int8_t)v; /* bool */
    return (int64_t)v;
}

int64_t pg_get_time(const PGresult *r, int row, int col)
{
    return PQgetisnull(r, row, col) ? AK_TIME_NONE : pg_get_i64(r, row, col);
}

double pg_get_f64(const PGresult *r, int row, int col)
{
    if (PQgetisnull(r, row, col)) return 0;
    const unsigned char *p = (const unsigned char *)PQgetvalue(r, row, col);
    if (PQgetlength(r, row, col) == 4) {
        uint32_t u = 0;
        for (int i = 0; i < 4; i++) u = (u << 8) | p[i];
        float f;
        memcpy(&f, &u, 4);
        return f;
    }
    uint64_t u = 0;
    for (int i = 0; i < 8; i++) u = (u << 8) | p[i];
    double d;
    memcpy(&d, &u, 8);
    return d;
}

const char *pg_get_text(const PGresult *r, int row, int col)
{
    return PQgetisnull(r, row, col) ? NULL : PQgetvalue(r, row, col);
}

const void *pg_get_bytes(const PGresult *r, int row, int col, size_t *len)
{
    *len = PQgetisnull(r, row, col) ? 0 : (size_t)PQgetlength(r, row, col);
    return PQgetisnull(r, row, col) ? NULL : PQgetvalue(r, row, col);
}

void pg_keep(pg_store *p, int slot, PGresult *r)
{
    PQclear(p->keep[slot]);
    p->keep[slot] = r;
}

/* ---- errors ---------------------------------------------------------------------- */

static int map_state(const char *state, PGconn *c)
{
    if (!state) return c && PQstatus(c) == CONNECTION_BAD ? ST_EIO : ST_EMISC;
    if (!strcmp(state, "40P01") || !strcmp(state, "40001")) return ST_ECONFLICT;
    if (!strcmp(state, "55P03") || !strcmp(state, "57014")) return ST_EBUSY;
    if (!strcmp(state, "53100")) return ST_EFULL;
    if (!strcmp(state, "25006") || !strncmp(state, "28", 2) || !strcmp(state, "3D000") ||
        !strcmp(state, "42501"))
        return ST_EOPEN;
    if (!strncmp(state, "08", 2) || !strncmp(state, "58", 2) || !strncmp(state, "XX", 2) ||
        !strcmp(state, "57P01") || !strcmp(state, "57P02") || !strcmp(state, "57P03"))
        return ST_EIO;
    return ST_EMISC;
}

/* Maps a failed result (or a connection failure, r = NULL) to a st_err
 * with "store LOCATION: what: reason" in *err. */
static int fail(pg_store *p, PGconn *c, const PGresult *r, const char *what, char **err)
{
    const char *state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;
    int code = map_state(state, c);
    if (code == ST_ECONFLICT) p->conflict = true;
    if (err) {
        ak_buf b = {0};
        const char *msg = r ? PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY) : NULL;
        if (!msg) msg = c ? PQerrorMessage(c) : "out of memory";
        ak_buf_printf(&b, "store %s: %s: %s", p->shown, what, msg);
        while (b.len && (b.data[b.len - 1] == '\n' || b.data[b.len - 1] == ' ')) b.data[--b.len] = '\0';
        if (code == ST_EBUSY) ak_buf_puts(&b, " (rows held by another akhbar process beyond busy_timeout)");
        if (code == ST_EFULL) ak_buf_puts(&b, " (the database server's disk is full; nothing stored was lost)");
        if (code == ST_ECONFLICT) ak_buf_puts(&b, " (another akhbar process wrote the same rows; retried)");
        if (code == ST_EIO && c && PQstatus(c) == CONNECTION_BAD) ak_buf_puts(&b, " (connection to the server lost)");
        free(*err);
        *err = ak_buf_steal(&b);
    }
    return code;
}

static bool ok_result(const PGresult *r)
{
    ExecStatusType s = PQresultStatus(r);
    return s == PGRES_COMMAND_OK || s == PGRES_TUPLES_OK;
}

PGresult *pg_run(pg_store *p, bool side, int id, const char *sql, const pg_args *args, const char *what,
                 int *code, char **err)
{
    PGconn *c = side ? p->side : p->db;
    char name[16];
    snprintf(name, sizeof name, "ak%d", id);
    if (!p->prep[side][id]) {
        PGresult *r = PQprepare(c, name, sql, 0, NULL);
        if (!r || !ok_result(r)) {
            *code = fail(p, c, r, what, err);
            PQclear(r);
            return NULL;
        }
        PQclear(r);
        p->prep[side][id] = 1;
    }
    if (!side) p->tx_used = true;
    PGresult *r = PQexecPrepared(c, name, args ? args->n : 0, args ? args->v : NULL,
                                 args ? args->len : NULL, args ? args->fmt : NULL, 1);
    if (!r || !ok_result(r)) {
        *code = fail(p, c, r, what, err);
        PQclear(r);
        return NULL;
    }
    return r;
}

int pg_do(pg_store *p, bool side, int id, const char *sql, const pg_args *args, const char *what, char **err)
{
    int code = 0;
    PGresult *r = pg_run(p, side, id, sql, args, what, &code, err);
    PQclear(r);
    return r ? 0 : code;
}

int pg_cmd(pg_store *p, const char *sql, const char *what, char **err)
{
    PGresult *r = PQexec(p->db, sql);
    int code = r && ok_result(r) ? 0 : fail(p, p->db, r, what, err);
    PQclear(r);
    return code;
}

int pg_each(pg_store *p, const char *sql, const pg_args *args, int (*row)(PGresult *r, int i, void *ud),
            void *ud, const char *what, char **err)
{
    bool own = !p->in_tx;
    int rc;
    if (own && (rc = pg_cmd(p, "BEGIN", what, err))) return rc;
    char cur[32];
    snprintf(cur, sizeof cur, "ak_cursor%d", ++p->cursors);
    ak_buf q = {0};
    ak_buf_printf(&q, "DECLARE %s NO SCROLL CURSOR FOR %s", cur, sql);
    PGresult *r = PQexecParams(p->db, q.data, args ? args->n : 0, NULL, args ? args->v : NULL,
                               args ? args->len : NULL, args ? args->fmt : NULL, 1);
    ak_buf_free(&q);
    int ret = 0;
    if (!r || !ok_result(r)) ret = fail(p, p->db, r, what, err);
    PQclear(r);
    char fetch[64];
    snprintf(fetch, sizeof fetch, "FETCH 256 FROM %s", cur);
    while (ret == 0) {
        r = PQexecParams(p->db, fetch, 0, NULL, NULL, NULL, NULL, 1);
        if (!r || !ok_result(r)) {
            ret = fail(p, p->db, r, what, err);
            PQclear(r);
            break;
        }
        int n = PQntuples(r);
        for (int i = 0; i < n && ret == 0; i++) ret = row(r, i, ud);
        PQclear(r);
        if (n < 256) break;
    }
    char close_[64];
    snprintf(close_, sizeof close_, "CLOSE %s", cur);
    if (ret >= 0 || !own) PQclear(PQexec(p->db, close_));
    if (own) PQclear(PQexec(p->db, ret >= 0 ? "COMMIT" : "ROLLBACK"));
    return ret;
}

/* ---- connections ----------------------------------------------------------------- */

static void quiet(void *arg, const char *message) { (void)arg, (void)message; }

static PGconn *connect_to(pg_store *p, bool side, char **err, int *code)
{
    /* Defaults first: the URI's own settings override them.  A server
     * that vanishes mid-run (a network cut) is noticed in about a minute
     * instead of never (TCP keepalives, tcp_user_timeout). */
    const char *keys[] = {"connect_timeout", "application_name", "keepalives_idle", "keepalives_interval",
                          "keepalives_count", "tcp_user_timeout", "dbname", NULL};
    const char *vals[] = {"10", side ? "akhbar (leases)" : "akhbar", "30", "10", "3", "60000", p->uri, NULL};
    PGconn *c = PQconnectdbParams(keys, vals, 1);
    if (!c || PQstatus(c) != CONNECTION_OK) {
        if (err) {
            ak_buf b = {0};
            const char *msg = c ? PQerrorMessage(c) : "out of memory";
            ak_buf_printf(&b, "store %s: cannot connect: %s", p->shown, msg);
            while (b.len && (b.data[b.len - 1] == '\n' || b.data[b.len - 1] == ' ')) b.data[--b.len] = '\0';
            free(*err);
            *err = ak_buf_steal(&b);
        }
        *code = ST_EOPEN;
        PQfinish(c);
        return NULL;
    }
    PQsetNoticeProcessor(c, quiet, NULL);
    /* Rows another process writes are waited for busy_timeout at most. */
    char setup[160];
    snprintf(setup, sizeof setup, "SET client_min_messages = error; SET lock_timeout = %d%s",
             p->busy_ms > 0 ? p->busy_ms : 1, side ? "; SET synchronous_commit = off" : "");
    PGresult *r = PQexec(c, setup);
    if (!r || !ok_result(r)) {
        *code = fail(p, c, r, "setting up the connection", err);
        PQclear(r);
        PQfinish(c);
        return NULL;
    }
    PQclear(r);
    if (PQclientEncoding(c) != pg_char_to_encoding("UTF8") && PQsetClientEncoding(c, "UTF8") != 0) {
        *code = fail(p, c, NULL, "setting the client encoding to UTF8", err);
        PQfinish(c);
        return NULL;
    }
    return c;
}

int pg_side(pg_store *p, char **err)
{
    if (p->side) return 0;
    int code = 0;
    p->side = connect_to(p, true, err, &code);
    memset(p->prep[1], 0, sizeof p->prep[1]);
    return p->side ? 0 : code;
}

static int schema_version(pg_store *p, int *version, char **err)
{
    PGresult *r = PQexecParams(p->db,
                               "SELECT to_regclass('akhbar_schema') IS NOT NULL", 0, NULL, NULL, NULL, NULL, 0);
    if (!r || !ok_result(r)) {
        int code = fail(p, p->db, r, "reading the schema version", err);
        PQclear(r);
        return code;
    }
    bool exists = PQgetvalue(r, 0, 0)[0] == 't';
    PQclear(r);
    *version = 0;
    if (!exists) return 0;
    r = PQexecParams(p->db, "SELECT max(version) FROM akhbar_schema", 0, NULL, NULL, NULL, NULL, 0);
    if (!r || !ok_result(r)) {
        int code = fail(p, p->db, r, "reading the schema version", err);
        PQclear(r);
        return code;
    }
    if (PQntuples(r) && !PQgetisnull(r, 0, 0)) *version = atoi(PQgetvalue(r, 0, 0));
    PQclear(r);
    return 0;
}

static int newer(pg_store *p, int version, char **err)
{
    if (err) {
        ak_buf b = {0};
        ak_buf_printf(&b, "store %s: schema version %d is newer than this akhbar's (%d); upgrade akhbar",
                      p->shown, version, SCHEMA_VERSION);
        free(*err);
        *err = ak_buf_steal(&b);
    }
    return ST_ESCHEMA;
}

static int migrate(pg_store *p, char **err)
{
    int rc, version = 0;
    /* Up to date: nothing to lock or create (a role without the right to
     * create tables can then write the store). */
    if ((rc = schema_version(p, &version, err))) return rc;
    if (version == SCHEMA_VERSION) return 0;
    if (version > SCHEMA_VERSION) return newer(p, version, err);
    if ((rc = pg_cmd(p, "BEGIN", "locking for migration", err))) return rc;
    char lock[96];
    snprintf(lock, sizeof lock, "SELECT pg_advisory_xact_lock(%lld)", LOCK_MIGRATE);
    if ((rc = pg_cmd(p, lock, "locking for migration", err)) ||
        (rc = pg_cmd(p, "CREATE TABLE IF NOT EXISTS akhbar_schema(version INTEGER NOT NULL)",
                     "migrating the schema", err)) ||
        (rc = schema_version(p, &version, err)))
        goto bad;
    if (version > SCHEMA_VERSION) {
        rc = newer(p, version, err);
        goto bad;
    }
    for (int v = version; v < SCHEMA_VERSION; v++) {
        char set[96];
        snprintf(set, sizeof set, "DELETE FROM akhbar_schema; INSERT INTO akhbar_schema VALUES (%d)", v + 1);
        if ((rc = pg_cmd(p, migrations[v], "migrating the schema", err)) ||
            (rc = pg_cmd(p, set, "migrating the schema", err)))
            goto bad;
    }
    return pg_cmd(p, "COMMIT", "committing the migration", err);
bad:
    PQclear(PQexec(p->db, "ROLLBACK"));
    return rc;
}

static void pg_close(st_store *st);

st_store *st__pg_open(const char *uri, int flags, int busy_ms, int *code, char **err)
{
    pg_store *p = ak_calloc(1, sizeof *p);
    p->be = &pg_backend;
    p->uri = ak_strdup(uri);
    p->shown = st_location_display(uri);
    p->busy_ms = busy_ms;
    p->readonly = (flags & ST_READONLY) != 0;
    p->lease_s = 600;
    char host[64] = "";
    gethostname(host, sizeof host - 1);
    unsigned rnd = (unsigned)(ak_mono_ms() ^ (int64_t)getpid() * 2654435761u ^ ak_now());
    snprintf(p->worker, sizeof p->worker, "%s:%ld:%04x", host[0] ? host : "?", (long)getpid(), rnd & 0xffff);
    int c = 0;
    if (!(p->db = connect_to(p, false, err, &c))) goto bad;
    if (p->readonly) {
        int version = 0;
        if ((c = pg_cmd(p, "SET default_transaction_read_only = on", "opening read-only", err)) ||
            (c = schema_version(p, &version, err)))
            goto bad;
        if (version <= 0) {
            c = ST_EOPEN;
            if (err) {
                ak_buf b = {0};
                ak_buf_printf(&b, "store %s: not an akhbar store (empty; run a crawl first)", p->shown);
                free(*err);
                *err = ak_buf_steal(&b);
            }
            goto bad;
        }
        if (version > SCHEMA_VERSION) {
            c = newer(p, version, err);
            goto bad;
        }
    } else if ((c = migrate(p, err))) {
        goto bad;
    }
    return (st_store *)(void *)p;
bad:
    if (code) *code = c ? c : ST_EOPEN;
    pg_close((st_store *)(void *)p);
    return NULL;
}

static void pg_close(st_store *st)
{
    pg_store *p = PGS(st);
    for (int i = 0; i < PG_KEEP; i++) PQclear(p->keep[i]);
    if (p->side) {
        /* Claims still held go back to the pool at once (a crash leaves
         * them to their leases). */
        if (!p->readonly) pg_frontier_release_all(st, NULL);
        PQfinish(p->side);
    }
    if (p->db) PQfinish(p->db);
    free(p->slot_why);
    free(p->uri);
    free(p->shown);
    free(p);
}

/* ---- transactions ---------------------------------------------------------------- */

static int pg_set_max_size(st_store *st, long long bytes, char **err)
{
    (void)err;
    PGS(st)->max_size = bytes > 0 ? bytes : 0;
    PGS(st)->size_checked_ms = 0;
    return 0;
}

static int pg_begin(st_store *st, char **err)
{
    pg_store *p = PGS(st);
    int rc = pg_cmd(p, "BEGIN", "starting a transaction", err);
    if (!rc) p->in_tx = true;
    p->conflict = false;
    p->in_sp = false;
    p->tx_used = false;
    return rc;
}

static void pg_rollback(st_store *st)
{
    pg_store *p = PGS(st);
    if (PQtransactionStatus(p->db) != PQTRANS_IDLE) PQclear(PQexec(p->db, "ROLLBACK"));
    p->in_tx = false;
    p->in_sp = false;
}

/* The quota (max_store_size): the database's size, checked at most every
 * 2 s, before a commit. */
static int over_quota(pg_store *p, char **err)
{
    if (!p->max_size || ak_mono_ms() - p->size_checked_ms < 2000) return 0;
    p->size_checked_ms = ak_mono_ms();
    int code = 0;
    PGresult *r = pg_run(p, false, 0, "SELECT pg_database_size(current_database())", NULL,
                         "measuring the store", &code, err);
    if (!r) return code;
    long long size = (long long)pg_get_i64(r, 0, 0);
    PQclear(r);
    if (size <= p->max_size) return 0;
    if (err) {
        ak_buf b = {0};
        ak_buf_printf(&b, "store %s: the database takes %lld bytes, over the quota of %lld "
                          "(max_store_size); nothing stored was lost", p->shown, size, p->max_size);
        free(*err);
        *err = ak_buf_steal(&b);
    }
    return ST_EFULL;
}

static int pg_commit(st_store *st, char **err)
{
    pg_store *p = PGS(st);
    int rc = over_quota(p, err);
    if (rc) {
        pg_rollback(st);
        return rc;
    }
    PGresult *r = PQexec(p->db, "COMMIT");
    if (!r || !ok_result(r)) {
        rc = fail(p, p->db, r, "committing", err);
    } else if (strcmp(PQcmdStatus(r), "COMMIT") != 0) {
        /* An aborted transaction "commits" as ROLLBACK. */
        rc = ST_EMISC;
        if (err) {
            ak_buf b = {0};
            ak_buf_printf(&b, "store %s: committing: the transaction had failed and was rolled back",
                          p->shown);
            free(*err);
            *err = ak_buf_steal(&b);
        }
    }
    PQclear(r);
    if (rc) pg_rollback(st);
    p->in_tx = false;
    p->in_sp = false;
    return rc;
}

/* A savepoint at the start of a transaction (a crawl on a shared store
 * commits each article on its own) costs no round trip: undoing to it is
 * restarting the transaction. */
static int pg_savepoint(st_store *st, char **err)
{
    pg_store *p = PGS(st);
    p->conflict = false;
    p->sp_virtual = p->in_tx && !p->tx_used;
    int rc = p->sp_virtual ? 0 : pg_cmd(p, "SAVEPOINT ak_article", "setting a savepoint", err);
    if (!rc) p->in_sp = true;
    return rc;
}

static int pg_savepoint_release(st_store *st, char **err)
{
    pg_store *p = PGS(st);
    bool sent = p->in_sp && !p->sp_virtual;
    p->in_sp = p->sp_virtual = false;
    return sent ? pg_cmd(p, "RELEASE SAVEPOINT ak_article", "releasing a savepoint", err) : 0;
}

static void pg_savepoint_rollback(st_store *st)
{
    pg_store *p = PGS(st);
    if (p->in_sp && p->sp_virtual) {
        PQclear(PQexec(p->db, "ROLLBACK"));
        PGresult *r = PQexec(p->db, "BEGIN");
        p->in_tx = r && PQresultStatus(r) == PGRES_COMMAND_OK; /* else the next call reports the failure */
        PQclear(r);
        p->tx_used = false;
    } else if (p->in_sp) {
        PQclear(PQexec(p->db, "ROLLBACK TO SAVEPOINT ak_article; RELEASE SAVEPOINT ak_article"));
    }
    p->in_sp = p->sp_virtual = false;
}

static bool pg_conflicted(st_store *st) { return PGS(st)->conflict; }

static const char *pg_worker(st_store *st) { return PGS(st)->worker; }

/* ---- articles and URLs ----------------------------------------------------------- */

enum {
    Q_SIZE = 0, Q_URL_STATE, Q_URL_FAILED, Q_INSERT, Q_KEY_ID, Q_URL_STORED, Q_FEED_GET, Q_FEED_OK,
    Q_FEED_FAILED, Q_COUNT, Q_FEED_FETCHED, Q_FEED_UNCHANGED, Q_FEED_FAILED2, Q_FEED_DEFERRED,
    Q_FEED_RESET, Q_HOST_PAUSE, Q_HOST_PAUSES, Q_ROBOTS_GET, Q_ROBOTS_PUT, Q_LASTMOD_GET, Q_LASTMOD_SET,
    Q_CLOCK, Q_NEXT
};
enum { K_FEED, K_ROBOTS }; /* keep slots */

static int pg_url_state_get(st_store *st, const char *url, int max_attempts, char **err)
{
    pg_store *p = PGS(st);
    pg_args a = {0};
    pg_text(&a, url);
    int code = 0;
    PGresult *r = pg_run(p, false, Q_URL_STATE, "SELECT status, attempts FROM urls WHERE url = $1", &a,
                         "looking up a URL", &code, err);
    if (!r) goto out;
    if (PQntuples(r)) {
        const char *status = pg_get_text(r, 0, 0);
        int attempts = (int)pg_get_i64(r, 0, 1);
        code = ST_URL_NEW;
        if (status && !strcmp(status, "stored")) code = ST_URL_STORED;
        else if (status && !strcmp(status, "done")) code = ST_URL_DONE;
        else if (attempts >= max_attempts) code = ST_URL_DONE;
        PQclear(r);
        goto out;
    }
    PQclear(r);
    /* Not tried under this URL; it may be stored under it as a canonical URL. */
    r = pg_run(p, false, Q_KEY_ID, "SELECT id FROM articles WHERE key = $1", &a, "looking up a URL", &code, err);
    if (!r) goto out;
    code = PQntuples(r) ? ST_URL_STORED : ST_URL_NEW;
    PQclear(r);
out:
    pg_args_free(&a);
    return code;
}

static int pg_url_failed(st_store *st, const char *url, const char *reason, bool final, char **err)
{
    pg_args a = {0};
    pg_text(&a, url);
    pg_text(&a, final ? "done" : "failed");
    pg_i64(&a, ak_now());
    pg_text(&a, reason);
    int rc = pg_do(PGS(st), false, Q_URL_FAILED,
                   "INSERT INTO urls AS u (url, status, attempts, last_try, reason) VALUES($1, $2, 1, $3, $4)"
                   " ON CONFLICT(url) DO UPDATE SET status = CASE WHEN u.status = 'stored' THEN u.status"
                   " ELSE EXCLUDED.status END, attempts = u.attempts + 1, last_try = EXCLUDED.last_try,"
                   " reason = EXCLUDED.reason, lease_owner = NULL, lease_until = NULL",
                   &a, "recording a failed URL", err);
    pg_args_free(&a);
    return rc;
}

/* Identity, as in sqlite.c: the canonical URL when it is on the page's
 * own host, else the URL fetched. */
static const char *identity(const st_article *a)
{
    if (!a->canonical_url) return a->url;
    char *h1 = ak_url_host(a->url), *h2 = ak_url_host(a->canonical_url);
    bool same = h1 && h2 && strcmp(h1, h2) == 0;
    free(h1);
    free(h2);
    return same ? a->canonical_url : a->url;
}

static int pg_put_article(st_store *st, st_article *a, char **err)
{
    pg_store *p = PGS(st);
    if (!a->url || !a->body || !a->content_hash) {
        if (err) *err = ak_strdup("store: article without url, body or content hash");
        return ST_EMISC;
    }
    const char *key = identity(a);
    ak_buf fts = {0};
    pg_fts_vector(&fts, a->title, a->body);
    pg_args q = {0};
    pg_text(&q, key);
    pg_text(&q, a->url);
    pg_text(&q, a->canonical_url);
    pg_text(&q, a->site);
    pg_text(&q, a->feed_url);
    pg_text(&q, a->title);
    pg_text(&q, a->body);
    pg_text(&q, a->author);
    pg_text(&q, a->lang);
    pg_text(&q, a->description);
    pg_text(&q, a->image);
    pg_time(&q, a->published);
    if (a->published != AK_TIME_NONE) pg_i64(&q, a->published_offset);
    else pg_null(&q);
    pg_time(&q, a->modified);
    pg_i64(&q, a->fetched_at);
    pg_i64(&q, a->published != AK_TIME_NONE ? a->published : a->fetched_at);
    pg_text(&q, a->content_hash);
    if (a->duplicate_of > 0) pg_i64(&q, a->duplicate_of);
    else pg_null(&q);
    pg_text(&q, ak_buf_str(&fts));
    int code = 0, inserted = 0;
    PGresult *r = pg_run(p, false, Q_INSERT,
                         "INSERT INTO articles(key, url, canonical_url, site, feed_url, title, body, author,"
                         " lang, description, image, published, published_offset, modified, fetched_at,"
                         " sort_time, content_hash, duplicate_of, fts) VALUES($1, $2, $3, $4, $5, $6, $7, $8,"
                         " $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19::tsvector)"
                         " ON CONFLICT (key) DO NOTHING RETURNING id",
                         &q, "storing an article", &code, err);
    ak_buf_free(&fts);
    if (!r) goto out;
    if (PQntuples(r)) {
        inserted = 1;
        a->id = pg_get_i64(r, 0, 0);
        PQclear(r);
    } else {
        PQclear(r);
        pg_args k = {0};
        pg_text(&k, key);
        r = pg_run(p, false, Q_KEY_ID, "SELECT id FROM articles WHERE key = $1", &k, "finding an article", &code,
                   err);
        pg_args_free(&k);
        if (!r) goto out;
        a->id = PQntuples(r) ? pg_get_i64(r, 0, 0) : 0;
        PQclear(r);
    }
    pg_args u = {0};
    pg_text(&u, a->url);
    pg_i64(&u, a->id);
    pg_i64(&u, a->fetched_at);
    code = pg_do(p, false, Q_URL_STORED,
                 "INSERT INTO urls AS u (url, status, article_id, attempts, last_try) VALUES($1, 'stored', $2, 1, $3)"
                 " ON CONFLICT(url) DO UPDATE SET status = 'stored', article_id = EXCLUDED.article_id,"
                 " attempts = u.attempts + 1, last_try = EXCLUDED.last_try, reason = NULL,"
                 " lease_owner = NULL, lease_until = NULL",
                 &u, "recording a stored URL", err);
    pg_args_free(&u);
    if (!code) code = inserted;
out:
    pg_args_free(&q);
    return code;
}

static int64_t pg_count_articles(st_store *st)
{
    int code = 0;
    PGresult *r = pg_run(PGS(st), false, Q_COUNT, "SELECT count(*) FROM articles", NULL, "counting", &code, NULL);
    if (!r) return code;
    int64_t n = pg_get_i64(r, 0, 0);
    PQclear(r);
    return n;
}

int64_t pg_clock(st_store *st)
{
    int code = 0;
    PGresult *r = pg_run(PGS(st), false, Q_CLOCK, "SELECT " PG_NOW, NULL, "reading the clock", &code, NULL);
    if (!r) return ak_now();
    int64_t t = pg_get_i64(r, 0, 0);
    PQclear(r);
    return t;
}

/* ---- feeds ----------------------------------------------------------------------- */

static int pg_feed_get(st_store *st, const char *url, st_feed *f, char **err)
{
    pg_store *p = PGS(st);
    pg_args a = {0};
    pg_text(&a, url);
    int code = 0;
    PGresult *r = pg_run(p, false, Q_FEED_GET,
                         "SELECT url, site, etag, last_modified, last_ok, last_error_at, last_error, failures,"
                         " entries, current_url, not_before, retired, gone, last_status, last_checked"
                         " FROM feeds WHERE url = $1",
                         &a, "reading feed state", &code, err);
    pg_args_free(&a);
    if (!r) return code;
    if (!PQntuples(r)) {
        PQclear(r);
        return 0;
    }
    pg_keep(p, K_FEED, r);
    f->url = pg_get_text(r, 0, 0);
    f->site = pg_get_text(r, 0, 1);
    f->etag = pg_get_text(r, 0, 2);
    f->last_modified = pg_get_text(r, 0, 3);
    f->last_ok = pg_get_time(r, 0, 4);
    f->last_error_at = pg_get_time(r, 0, 5);
    f->last_error = pg_get_text(r, 0, 6);
    f->failures = (int)pg_get_i64(r, 0, 7);
    f->entries = pg_get_i64(r, 0, 8);
    f->current_url = pg_get_text(r, 0, 9);
    f->not_before = pg_get_time(r, 0, 10);
    f->retired = pg_get_i64(r, 0, 11) != 0;
    f->gone = (int)pg_get_i64(r, 0, 12);
    f->last_status = (int)pg_get_i64(r, 0, 13);
    f->last_checked = pg_get_time(r, 0, 14);
    return 1;
}

static int pg_feed_ok(st_store *st, const char *url, const char *site, const char *etag,
                      const char *last_modified, int64_t entries, char **err)
{
    pg_args a = {0};
    pg_text(&a, url);
    pg_text(&a, site);
    pg_text(&a, etag);
    pg_text(&a, last_modified);
    pg_i64(&a, ak_now());
    pg_i64(&a, entries);
    int rc = pg_do(PGS(st), false, Q_FEED_OK,
                   "INSERT INTO feeds(url, site, etag, last_modified, last_ok, failures, entries)"
                   " VALUES($1, $2, $3, $4, $5, 0, $6) ON CONFLICT(url) DO UPDATE SET site = EXCLUDED.site,"
                   " etag = EXCLUDED.etag, last_modified = EXCLUDED.last_modified, last_ok = EXCLUDED.last_ok,"
                   " failures = 0, entries = EXCLUDED.entries",
                   &a, "recording feed state", err);
    pg_args_free(&a);
    return rc;
}

static int pg_feed_failed(st_store *st, const char *url, const char *site, const char *reason, char **err)
{
    pg_args a = {0};
    pg_text(&a, url);
    pg_text(&a, site);
    pg_i64(&a, ak_now());
    pg_text(&a, reason);
    int rc = pg_do(PGS(st), false, Q_FEED_FAILED,
                   "INSERT INTO feeds AS f (url, site, last_error_at, last_error, failures)"
                   " VALUES($1, $2, $3, $4, 1) ON CONFLICT(url) DO UPDATE SET site = EXCLUDED.site,"
                   " last_error_at = EXCLUDED.last_error_at, last_error = EXCLUDED.last_error,"
                   " failures = f.failures + 1",
                   &a, "recording feed state", err);
    pg_args_free(&a);
    return rc;
}

static int pg_feed_record(st_store *st, const char *url, const st_feed_result *r, char **err)
{
    /* $1 url, $2 site, $3 now, $4 status, $5 current_url, $6 not_before, then per outcome */
    static const char *const sql[] = {
        [ST_FEED_FETCHED] =
            "INSERT INTO feeds AS f (url, site, last_checked, last_status, current_url, not_before, etag,"
            " last_modified, entries, last_ok, failures, gone, retired)"
            " VALUES($1, $2, $3, $4, $5, $6, $7, $8, $9, $3, 0, 0, 0) ON CONFLICT(url) DO UPDATE SET"
            " site = EXCLUDED.site, last_checked = $3, last_status = $4,"
            " current_url = coalesce($5, f.current_url), not_before = $6, etag = $7,"
            " last_modified = $8, entries = $9, last_ok = $3, failures = 0, gone = 0, retired = 0",
        [ST_FEED_UNCHANGED] =
            "INSERT INTO feeds AS f (url, site, last_checked, last_status, current_url, not_before, etag,"
            " last_modified, last_ok, failures, gone, retired)"
            " VALUES($1, $2, $3, $4, $5, $6, $7, $8, $3, 0, 0, 0) ON CONFLICT(url) DO UPDATE SET"
            " site = EXCLUDED.site, last_checked = $3, last_status = $4,"
            " current_url = coalesce($5, f.current_url), not_before = $6,"
            " etag = coalesce($7, f.etag), last_modified = coalesce($8, f.last_modified),"
            " last_ok = $3, failures = 0, gone = 0, retired = 0",
        /* $7 reason, $8 gone (0/1), $9 retire_after (0 = never) */
        [ST_FEED_FAILED] =
            "INSERT INTO feeds AS f (url, site, last_checked, last_status, current_url, not_before,"
            " last_error, last_error_at, failures, gone, retired)"
            " VALUES($1, $2, $3, $4, $5, $6, $7, $3, 1, $8::int,"
            " CASE WHEN $8::int = 1 AND $9::int > 0 AND $9::int <= 1 THEN 1 ELSE 0 END)"
            " ON CONFLICT(url) DO UPDATE SET site = EXCLUDED.site, last_checked = $3,"
            " last_status = $4, current_url = coalesce($5, f.current_url), not_before = $6,"
            " last_error = $7, last_error_at = $3, failures = f.failures + 1,"
            " gone = CASE WHEN $8::int = 1 THEN f.gone + 1 ELSE 0 END,"
            " retired = CASE WHEN $8::int = 1 AND $9::int > 0 AND f.gone + 1 >= $9::int THEN 1 ELSE f.retired END",
        [ST_FEED_DEFERRED] =
            "INSERT INTO feeds AS f (url, site, last_checked, last_status, current_url, not_before,"
            " last_error, last_error_at) VALUES($1, $2, $3, $4, $5, $6, $7, $3)"
            " ON CONFLICT(url) DO UPDATE SET site = EXCLUDED.site, last_checked = $3,"
            " last_status = $4, current_url = coalesce($5, f.current_url), not_before = $6,"
            " last_error = $7, last_error_at = $3",
    };
    if ((int)r->outcome < 0 || r->outcome > ST_FEED_DEFERRED) {
        if (err) *err = ak_strdup("store: bad feed outcome");
        return ST_EMISC;
    }
    pg_args a = {0};
    pg_text(&a, url);
    pg_text(&a, r->site);
    pg_i64(&a, r->now != AK_TIME_NONE && r->now ? r->now : ak_now());
    if (r->status > 0) pg_i64(&a, r->status);
    else pg_null(&a);
    pg_text(&a, r->current_url);
    pg_time(&a, r->not_before);
    switch (r->outcome) {
    case ST_FEED_FETCHED:
        pg_text(&a, r->etag);
        pg_text(&a, r->last_modified);
        pg_i64(&a, r->entries);
        break;
    case ST_FEED_UNCHANGED:
        pg_text(&a, r->etag);
        pg_text(&a, r->last_modified);
        break;
    case ST_FEED_FAILED:
        pg_text(&a, r->reason);
        pg_i64(&a, r->gone ? 1 : 0);
        pg_i64(&a, r->retire_after);
        break;
    case ST_FEED_DEFERRED:
        pg_text(&a, r->reason);
        break;
    }
    int rc = pg_do(PGS(st), false, Q_FEED_FETCHED + (int)r->outcome, sql[r->outcome], &a,
                   "recording feed state", err);
    pg_args_free(&a);
    return rc;
}

static int pg_feed_reset(st_store *st, const char *url, char **err)
{
    pg_args a = {0};
    pg_text(&a, url);
    int code = 0;
    PGresult *r = pg_run(PGS(st), false, Q_FEED_RESET,
                         "UPDATE feeds SET failures = 0, gone = 0, retired = 0, not_before = NULL,"
                         " current_url = NULL, etag = NULL, last_modified = NULL, claimed_at = NULL,"
                         " claimed_by = NULL WHERE url = $1",
                         &a, "resetting feed state", &code, err);
    pg_args_free(&a);
    if (!r) return code;
    int n = atoi(PQcmdTuples(r));
    PQclear(r);
    return n > 0 ? 1 : 0;
}

/* ---- politeness state ------------------------------------------------------------ */

static int pg_host_pause(st_store *st, const char *host, int64_t until, const char *reason, char **err)
{
    pg_args a = {0};
    pg_text(&a, host);
    pg_i64(&a, until);
    pg_text(&a, reason);
    int rc = pg_do(PGS(st), false, Q_HOST_PAUSE,
                   "INSERT INTO hosts AS h (host, not_before, reason) VALUES($1, $2, $3) ON CONFLICT(host)"
                   " DO UPDATE SET not_before = greatest(h.not_before, EXCLUDED.not_before),"
                   " reason = CASE WHEN EXCLUDED.not_before >= h.not_before THEN EXCLUDED.reason"
                   " ELSE h.reason END",
                   &a, "recording a host pause", err);
    pg_args_free(&a);
    return rc;
}

static int pg_host_pauses(st_store *st, int64_t now, st_host_fn *fn, void *udata, char **err)
{
    pg_args a = {0};
    pg_i64(&a, now);
    int code = 0;
    PGresult *r = pg_run(PGS(st), false, Q_HOST_PAUSES,
                         "SELECT host, not_before, reason FROM hosts WHERE not_before > $1 ORDER BY host", &a,
                         "reading host pauses", &code, err);
    pg_args_free(&a);
    if (!r) return code;
    int ret = 0;
    for (int i = 0; i < PQntuples(r) && ret == 0; i++)
        ret = fn(pg_get_text(r, i, 0), pg_get_i64(r, i, 1), pg_get_text(r, i, 2), udata);
    PQclear(r);
    return ret;
}

static int pg_robots_get(st_store *st, const char *origin, st_robots *rb, char **err)
{
    pg_store *p = PGS(st);
    pg_args a = {0};
    pg_text(&a, origin);
    int code = 0;
    PGresult *r = pg_run(p, false, Q_ROBOTS_GET, "SELECT fetched_at, status, body FROM robots WHERE origin = $1",
                         &a, "reading a cached robots.txt", &code, err);
    pg_args_free(&a);
    if (!r) return code;
    if (!PQntuples(r)) {
        PQclear(r);
        return 0;
    }
    pg_keep(p, K_ROBOTS, r);
    rb->fetched_at = pg_get_i64(r, 0, 0);
    rb->status = (long)pg_get_i64(r, 0, 1);
    rb->body = pg_get_bytes(r, 0, 2, &rb->len);
    if (!rb->body) rb->body = ""; /* libpq NUL-terminates every value */
    return 1;
}

static int pg_robots_put(st_store *st, const char *origin, const st_robots *rb, char **err)
{
    pg_args a = {0};
    pg_text(&a, origin);
    pg_i64(&a, rb->fetched_at);
    pg_i64(&a, rb->status);
    pg_bytes(&a, rb->body ? rb->body : "", rb->len);
    int rc = pg_do(PGS(st), false, Q_ROBOTS_PUT,
                   "INSERT INTO robots(origin, fetched_at, status, body) VALUES($1, $2, $3, $4)"
                   " ON CONFLICT(origin) DO UPDATE SET fetched_at = EXCLUDED.fetched_at,"
                   " status = EXCLUDED.status, body = EXCLUDED.body",
                   &a, "caching a robots.txt", err);
    pg_args_free(&a);
    return rc;
}

static int pg_sitemap_lastmod_get(st_store *st, const char *url, int64_t *lastmod, char **err)
{
    *lastmod = AK_TIME_NONE;
    pg_args a = {0};
    pg_text(&a, url);
    int code = 0;
    PGresult *r = pg_run(PGS(st), false, Q_LASTMOD_GET, "SELECT lastmod FROM feeds WHERE url = $1 AND failures = 0",
                         &a, "reading sitemap state", &code, err);
    pg_args_free(&a);
    if (!r) return code;
    if (PQntuples(r)) *lastmod = pg_get_time(r, 0, 0);
    PQclear(r);
    return *lastmod == AK_TIME_NONE ? 0 : 1;
}

static int pg_sitemap_lastmod_set(st_store *st, const char *url, int64_t lastmod, char **err)
{
    pg_args a = {0};
    pg_text(&a, url);
    pg_time(&a, lastmod);
    int rc = pg_do(PGS(st), false, Q_LASTMOD_SET,
                   "INSERT INTO feeds(url, lastmod) VALUES($1, $2)"
                   " ON CONFLICT(url) DO UPDATE SET lastmod = EXCLUDED.lastmod",
                   &a, "recording sitemap state", err);
    pg_args_free(&a);
    return rc;
}

/* ---- export ---------------------------------------------------------------------- */

void pg_row_article(const PGresult *r, int i, st_article *a)
{
    size_t plen;
    const void *paras = pg_get_bytes(r, i, 22, &plen);
    *a = (st_article){
        .id = pg_get_i64(r, i, 0),
        .url = pg_get_text(r, i, 1),
        .canonical_url = pg_get_text(r, i, 2),
        .site = pg_get_text(r, i, 3),
        .feed_url = pg_get_text(r, i, 4),
        .title = pg_get_text(r, i, 5),
        .body = pg_get_text(r, i, 6),
        .author = pg_get_text(r, i, 7),
        .lang = pg_get_text(r, i, 8),
        .description = pg_get_text(r, i, 9),
        .image = pg_get_text(r, i, 10),
        .content_hash = pg_get_text(r, i, 11),
        .published = pg_get_time(r, i, 12),
        .published_offset = (int)pg_get_i64(r, i, 13),
        .modified = pg_get_time(r, i, 14),
        .fetched_at = pg_get_i64(r, i, 15),
        .duplicate_of = pg_get_i64(r, i, 16),
        .cluster_id = pg_get_i64(r, i, 17),
        .cluster_size = pg_get_i64(r, i, 18),
        .match_id = pg_get_i64(r, i, 19),
        .similarity = pg_get_f64(r, i, 20),
        .dup_kind = pg_get_text(r, i, 21),
        .dd_paras = plen ? paras : NULL,
        .dd_paras_len = plen,
    };
}

typedef struct art_iter {
    st_article_fn *fn;       /* caller's callback */
    void *udata;             /* its argument */
} art_iter;

static int art_row(PGresult *r, int i, void *ud)
{
    art_iter *it = ud;
    st_article a;
    pg_row_article(r, i, &a);
    return it->fn(&a, it->udata);
}

static int pg_export(st_store *st, const st_query *q, st_article_fn *fn, void *udata, char **err)
{
    pg_args a = {0};
    pg_i64(&a, q && q->since != AK_TIME_NONE ? q->since : INT64_MIN);
    pg_i64(&a, q && q->until != AK_TIME_NONE ? q->until : INT64_MAX);
    pg_i64(&a, q && q->unique);
    pg_text(&a, q ? q->site : NULL);
    pg_text(&a, q ? q->lang : NULL);
    art_iter it = {fn, udata};
    int rc = pg_each(PGS(st),
                     "SELECT " PG_ARTICLE_COLUMNS
                     " WHERE a.sort_time >= $1::bigint AND a.sort_time < $2::bigint"
                     " AND ($3::int = 0 OR a.duplicate_of IS NULL)"
                     " AND ($4::text IS NULL OR a.site = $4::text) AND ($5::text IS NULL OR a.lang = $5::text)"
                     " ORDER BY a.sort_time, a.id",
                     &a, art_row, &it, "reading articles", err);
    pg_args_free(&a);
    return rc;
}

int pg_dd_cluster_members(st_store *st, int64_t id, st_article_fn *fn, void *udata, char **err)
{
    pg_args a = {0};
    pg_i64(&a, id);
    art_iter it = {fn, udata};
    int rc = pg_each(PGS(st), "SELECT " PG_ARTICLE_COLUMNS " WHERE d.cluster = $1::bigint ORDER BY a.sort_time, a.id",
                     &a, art_row, &it, "reading a cluster", err);
    pg_args_free(&a);
    return rc;
}

static int pg_tune(st_store *st, int64_t cache_bytes, int64_t mmap_bytes, st_sync sync, char **err)
{
    (void)cache_bytes, (void)mmap_bytes; /* the server's business */
    /* normal and full both wait for the server's WAL flush: a crawl logs an
     * article as stored only once committed, and that must survive the
     * server's crash too. */
    return pg_cmd(PGS(st), sync != ST_SYNC_OFF ? "SET synchronous_commit = on" : "SET synchronous_commit = off",
                  "tuning the connection", err);
}

static const st_backend pg_backend = {
    .name = "postgresql",
    .shared = true,
    .close = pg_close,
    .set_max_size = pg_set_max_size,
    .begin = pg_begin,
    .commit = pg_commit,
    .rollback = pg_rollback,
    .savepoint = pg_savepoint,
    .savepoint_release = pg_savepoint_release,
    .savepoint_rollback = pg_savepoint_rollback,
    .conflicted = pg_conflicted,
    .url_state_get = pg_url_state_get,
    .url_failed = pg_url_failed,
    .put_article = pg_put_article,
    .feed_get = pg_feed_get,
    .feed_ok = pg_feed_ok,
    .feed_failed = pg_feed_failed,
    .feed_record = pg_feed_record,
    .feed_reset = pg_feed_reset,
    .host_pause = pg_host_pause,
    .host_pauses = pg_host_pauses,
    .robots_get = pg_robots_get,
    .robots_put = pg_robots_put,
    .sitemap_lastmod_get = pg_sitemap_lastmod_get,
    .sitemap_lastmod_set = pg_sitemap_lastmod_set,
    .export_ = pg_export,
    .count_articles = pg_count_articles,
    .stats = pg_stats,
    .search = pg_search,
    .dd_key_get = pg_dd_key_get,
    .dd_key_add = pg_dd_key_add,
    .dd_keys_add = pg_dd_keys_add,
    .dd_article_get = pg_dd_article_get,
    .dd_state_put = pg_dd_state_put,
    .dd_cluster_get = pg_dd_cluster_get,
    .dd_cluster_put = pg_dd_cluster_put,
    .dd_cluster_merge = pg_dd_cluster_merge,
    .dd_cluster_set_original = pg_dd_cluster_set_original,
    .dd_pending = pg_dd_pending,
    .dd_sig_get = pg_dd_sig_get,
    .dd_state_get = pg_dd_state_get,
    .dd_cluster_members = pg_dd_cluster_members,
    .dd_clusters = pg_dd_clusters,
    .tune = pg_tune,
    .dd_sizes = pg_dd_sizes,
    .clock = pg_clock,
    .worker = pg_worker,
    .feeds_claim = pg_feeds_claim,
    .feeds_done = pg_feeds_done,
    .frontier_add = pg_frontier_add,
    .frontier_claim = pg_frontier_claim,
    .frontier_release = pg_frontier_release,
    .frontier_renew = pg_frontier_renew,
    .frontier_release_all = pg_frontier_release_all,
    .frontier_counts = pg_frontier_counts,
    .host_slot = pg_host_slot,
};
