/* sqlite.c -- the embedded SQLite backend of store.h.
 *
 * Why this exists: SQLite in WAL mode gives a crash-safe, transactional
 * single-file corpus with concurrent readers (export and search work while
 * a crawl writes).  The schema is versioned with PRAGMA user_version and
 * upgraded by the forward migrations below, each in its own transaction;
 * every statement is prepared once and reused.
 */
#include "store/sqlite_int.h"
#include "store/store.h"
#include "store/store_int.h"
#include "common/buf.h"
#include "common/mem.h"
#include "common/timeutil.h"
#include "common/url.h"

#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

/* Forward migrations: migrations[i] takes a store from version i to i+1. */
static const char *const migrations[] = {
    /* 0 -> 1: articles, URLs tried, feed state. */
    "CREATE TABLE articles("
    "  id INTEGER PRIMARY KEY,"
    "  key TEXT NOT NULL UNIQUE,"        /* identity: canonical URL, else URL */
    "  url TEXT NOT NULL,"
    "  canonical_url TEXT,"
    "  site TEXT, feed_url TEXT, title TEXT, body TEXT NOT NULL,"
    "  author TEXT, lang TEXT, description TEXT, image TEXT,"
    "  published INTEGER, published_offset INTEGER, modified INTEGER,"
    "  fetched_at INTEGER NOT NULL,"
    "  sort_time INTEGER NOT NULL,"      /* published, else fetched_at */
    "  content_hash TEXT NOT NULL,"
    "  duplicate_of INTEGER REFERENCES articles(id));"
    "CREATE INDEX articles_sort ON articles(sort_time, id);"
    "CREATE INDEX articles_url ON articles(url);"
    "CREATE INDEX articles_hash ON articles(content_hash);"
    "CREATE TABLE urls("
    "  url TEXT PRIMARY KEY,"
    "  status TEXT NOT NULL,"            /* stored | failed | done */
    "  article_id INTEGER,"
    "  attempts INTEGER NOT NULL DEFAULT 0,"
    "  last_try INTEGER, reason TEXT) WITHOUT ROWID;"
    "CREATE TABLE feeds("
    "  url TEXT PRIMARY KEY, site TEXT, etag TEXT, last_modified TEXT,"
    "  last_ok INTEGER, last_error_at INTEGER, last_error TEXT,"
    "  failures INTEGER NOT NULL DEFAULT 0, entries INTEGER) WITHOUT ROWID;",
    /* 1 -> 2: full-text index of titles and bodies (search.c's "akhbar"
     * tokenizer), kept in step with articles by triggers. */
    "CREATE VIRTUAL TABLE articles_fts USING fts5(title, body, content='articles',"
    "  content_rowid='id', tokenize='akhbar');"
    "CREATE TRIGGER articles_fts_ai AFTER INSERT ON articles BEGIN"
    "  INSERT INTO articles_fts(rowid, title, body) VALUES (new.id, new.title, new.body); END;"
    "CREATE TRIGGER articles_fts_ad AFTER DELETE ON articles BEGIN"
    "  INSERT INTO articles_fts(articles_fts, rowid, title, body)"
    "  VALUES ('delete', old.id, old.title, old.body); END;"
    "CREATE TRIGGER articles_fts_au AFTER UPDATE OF title, body ON articles BEGIN"
    "  INSERT INTO articles_fts(articles_fts, rowid, title, body)"
    "  VALUES ('delete', old.id, old.title, old.body);"
    "  INSERT INTO articles_fts(rowid, title, body) VALUES (new.id, new.title, new.body); END;"
    "INSERT INTO articles_fts(articles_fts) VALUES ('rebuild');",
    /* 2 -> 3: politeness state: where feeds moved, when they may be fetched
     * again, retirement; host pauses (Retry-After); cached robots.txt. */
    "ALTER TABLE feeds ADD COLUMN current_url TEXT;"      /* after 301/308; NULL = url */
    "ALTER TABLE feeds ADD COLUMN not_before INTEGER;"    /* no fetch before (back-off, max-age, Retry-After) */
    "ALTER TABLE feeds ADD COLUMN retired INTEGER NOT NULL DEFAULT 0;"
    "ALTER TABLE feeds ADD COLUMN gone INTEGER NOT NULL DEFAULT 0;" /* consecutive 404/410 */
    "ALTER TABLE feeds ADD COLUMN last_status INTEGER;"
    "ALTER TABLE feeds ADD COLUMN last_checked INTEGER;"
    "CREATE TABLE hosts("
    "  host TEXT PRIMARY KEY,"           /* host[:port] */
    "  not_before INTEGER NOT NULL, reason TEXT) WITHOUT ROWID;"
    "CREATE TABLE robots("
    "  origin TEXT PRIMARY KEY,"         /* scheme://host[:port] */
    "  fetched_at INTEGER NOT NULL, status INTEGER NOT NULL, body BLOB) WITHOUT ROWID;",
    /* 3 -> 4: the <lastmod> a sitemap index gave a child sitemap
     * when it was last read, so unchanged children are not fetched again. */
    "ALTER TABLE feeds ADD COLUMN lastmod INTEGER;",
    /* 4 -> 5: deduplication (dedup/index.h): fingerprint keys, per-article
     * dedup state, clusters.  One row per key, whatever its popularity. */
    "CREATE TABLE dd_keys("
    "  key INTEGER PRIMARY KEY,"         /* 64-bit fingerprint key */
    "  n INTEGER NOT NULL,"              /* articles holding it */
    "  first INTEGER NOT NULL,"          /* earliest holder (published, then fetched, then id) */
    "  first_time INTEGER NOT NULL,"     /* its sort time */
    "  r0 INTEGER, r1 INTEGER, r2 INTEGER, r3 INTEGER);" /* most recent holders, newest first */
    "CREATE TABLE dd_articles("
    "  article_id INTEGER PRIMARY KEY REFERENCES articles(id),"
    "  cluster INTEGER NOT NULL,"        /* cluster id (id of its founding article) */
    "  match INTEGER,"                   /* article it was matched to, NULL for a founder */
    "  similarity REAL NOT NULL,"        /* of that match, 0..1 */
    "  kind TEXT NOT NULL,"              /* original, exact, near, contained, extended */
    "  simhash INTEGER NOT NULL,"        /* 64-bit SimHash of the content */
    "  minhash BLOB NOT NULL,"           /* MinHash signature, 32-bit values, host order */
    "  paras BLOB);"                     /* paragraph records (dedup/index.h dd_para_rec) */
    "CREATE INDEX dd_articles_cluster ON dd_articles(cluster);"
    "CREATE TABLE dd_clusters("
    "  id INTEGER PRIMARY KEY,"
    "  original INTEGER NOT NULL,"       /* earliest member */
    "  original_time INTEGER NOT NULL,"
    "  size INTEGER NOT NULL);",
    /* 5 -> 6: new articles are indexed once per transaction, at commit
     * (fts_flush), not by a trigger per row: with the full-text table in a
     * transaction, FTS5 writes its pending terms to disk at every later
     * statement's savepoint, which made each dedup key write cost a flush. */
    "DROP TRIGGER articles_fts_ai;",
};
#define SCHEMA_VERSION ((int)(sizeof migrations / sizeof migrations[0]))

enum {
    Q_URL_STATE, Q_URL_FAILED, Q_INSERT, Q_KEY_ID, Q_URL_STORED,
    Q_FEED_GET, Q_FEED_OK, Q_FEED_FAILED, Q_COUNT,
    Q_FEED_FETCHED, Q_FEED_UNCHANGED, Q_FEED_FAILED2, Q_FEED_DEFERRED, Q_FEED_RESET,
    Q_HOST_PAUSE, Q_HOST_PAUSES, Q_ROBOTS_GET, Q_ROBOTS_PUT, Q_LASTMOD_GET, Q_LASTMOD_SET, Q_FTS_ADD, NQ
};

static const char *const sql[NQ] = {
    [Q_URL_STATE] = "SELECT status, attempts FROM urls WHERE url = ?1",
    [Q_URL_FAILED] =
        "INSERT INTO urls(url, status, attempts, last_try, reason) VALUES(?1, ?2, 1, ?3, ?4)"
        " ON CONFLICT(url) DO UPDATE SET status = CASE WHEN status = 'stored' THEN status"
        " ELSE excluded.status END, attempts = attempts + 1, last_try = excluded.last_try,"
        " reason = excluded.reason",
    [Q_INSERT] =
        "INSERT OR IGNORE INTO articles(key, url, canonical_url, site, feed_url, title, body,"
        " author, lang, description, image, published, published_offset, modified, fetched_at,"
        " sort_time, content_hash, duplicate_of) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9,"
        " ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)",
    [Q_KEY_ID] = "SELECT id FROM articles WHERE key = ?1",
    [Q_URL_STORED] =
        "INSERT INTO urls(url, status, article_id, attempts, last_try) VALUES(?1, 'stored', ?2, 1, ?3)"
        " ON CONFLICT(url) DO UPDATE SET status = 'stored', article_id = excluded.article_id,"
        " attempts = attempts + 1, last_try = excluded.last_try, reason = NULL",
    [Q_FEED_GET] =
        "SELECT url, site, etag, last_modified, last_ok, last_error_at, last_error, failures,"
        " entries, current_url, not_before, retired, gone, last_status, last_checked"
        " FROM feeds WHERE url = ?1",
    [Q_FEED_OK] =
        "INSERT INTO feeds(url, site, etag, last_modified, last_ok, failures, entries)"
        " VALUES(?1, ?2, ?3, ?4, ?5, 0, ?6) ON CONFLICT(url) DO UPDATE SET site = excluded.site,"
        " etag = excluded.etag, last_modified = excluded.last_modified, last_ok = excluded.last_ok,"
        " failures = 0, entries = excluded.entries",
    [Q_FEED_FAILED] =
        "INSERT INTO feeds(url, site, last_error_at, last_error, failures) VALUES(?1, ?2, ?3, ?4, 1)"
        " ON CONFLICT(url) DO UPDATE SET site = excluded.site, last_error_at = excluded.last_error_at,"
        " last_error = excluded.last_error, failures = failures + 1",
    [Q_COUNT] = "SELECT count(*) FROM articles",
    /* st_feed_record: ?1 url, ?2 site, ?3 now, ?4 status, ?5 current_url,
     * ?6 not_before, then per outcome. */
    [Q_FEED_FETCHED] =
        "INSERT INTO feeds(url, site, last_checked, last_status, current_url, not_before, etag,"
        " last_modified, entries, last_ok, failures, gone, retired)"
        " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?3, 0, 0, 0) ON CONFLICT(url) DO UPDATE SET"
        " site = excluded.site, last_checked = ?3, last_status = ?4,"
        " current_url = coalesce(?5, current_url), not_before = ?6, etag = ?7,"
        " last_modified = ?8, entries = ?9, last_ok = ?3, failures = 0, gone = 0, retired = 0",
    [Q_FEED_UNCHANGED] =
        "INSERT INTO feeds(url, site, last_checked, last_status, current_url, not_before, etag,"
        " last_modified, last_ok, failures, gone, retired)"
        " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?3, 0, 0, 0) ON CONFLICT(url) DO UPDATE SET"
        " site = excluded.site, last_checked = ?3, last_status = ?4,"
        " current_url = coalesce(?5, current_url), not_before = ?6,"
        " etag = coalesce(?7, etag), last_modified = coalesce(?8, last_modified),"
        " last_ok = ?3, failures = 0, gone = 0, retired = 0",
    /* ?7 reason, ?8 gone (0/1), ?9 retire_after (0 = never) */
    [Q_FEED_FAILED2] =
        "INSERT INTO feeds(url, site, last_checked, last_status, current_url, not_before,"
        " last_error, last_error_at, failures, gone, retired)"
        " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?3, 1, ?8, ?8 AND ?9 > 0 AND ?9 <= 1)"
        " ON CONFLICT(url) DO UPDATE SET site = excluded.site, last_checked = ?3,"
        " last_status = ?4, current_url = coalesce(?5, current_url), not_before = ?6,"
        " last_error = ?7, last_error_at = ?3, failures = failures + 1,"
        " gone = CASE WHEN ?8 THEN gone + 1 ELSE 0 END,"
        " retired = CASE WHEN ?8 AND ?9 > 0 AND gone + 1 >= ?9 THEN 1 ELSE retired END",
    [Q_FEED_DEFERRED] =
        "INSERT INTO feeds(url, site, last_checked, last_status, current_url, not_before,"
        " last_error, last_error_at) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?3)"
        " ON CONFLICT(url) DO UPDATE SET site = excluded.site, last_checked = ?3,"
        " last_status = ?4, current_url = coalesce(?5, current_url), not_before = ?6,"
        " last_error = ?7, last_error_at = ?3",
    [Q_FEED_RESET] =
        "UPDATE feeds SET failures = 0, gone = 0, retired = 0, not_before = NULL,"
        " current_url = NULL, etag = NULL, last_modified = NULL WHERE url = ?1",
    [Q_HOST_PAUSE] =
        "INSERT INTO hosts(host, not_before, reason) VALUES(?1, ?2, ?3) ON CONFLICT(host)"
        " DO UPDATE SET not_before = max(not_before, excluded.not_before),"
        " reason = CASE WHEN excluded.not_before >= not_before THEN excluded.reason ELSE reason END",
    [Q_HOST_PAUSES] = "SELECT host, not_before, reason FROM hosts WHERE not_before > ?1 ORDER BY host",
    [Q_ROBOTS_GET] = "SELECT fetched_at, status, body FROM robots WHERE origin = ?1",
    [Q_ROBOTS_PUT] =
        "INSERT OR REPLACE INTO robots(origin, fetched_at, status, body) VALUES(?1, ?2, ?3, ?4)",
    [Q_LASTMOD_GET] = "SELECT lastmod FROM feeds WHERE url = ?1 AND failures = 0",
    [Q_FTS_ADD] = "INSERT INTO articles_fts(rowid, title, body) SELECT id, title, body FROM articles WHERE id >= ?1",
    [Q_LASTMOD_SET] =
        "INSERT INTO feeds(url, lastmod) VALUES(?1, ?2)"
        " ON CONFLICT(url) DO UPDATE SET lastmod = excluded.lastmod",
};

static const st_backend sq_backend;
static void sq_close(st_store *st);
static void sq_rollback(st_store *st);

struct st_store {
    const st_backend *be;  /* sq_backend (store_int.h: first member) */
    sqlite3 *db;           /* connection */
    char *path;            /* file name, for messages */
    sqlite3_stmt *q[NQ];   /* prepared statements, lazily */
    bool in_tx;            /* inside st_begin/st_commit */
    int64_t fts_from;      /* first article id not yet in the full-text index, 0 = none */
    char *feed_str[6];     /* strings of the last st_feed_get, owned */
    char *robots_body;     /* body of the last st_robots_get, owned */
    sqlite3_stmt *ddq[ST_DDQ_MAX]; /* dedup statements (sqlite_dedup.c), lazily */
    char *ddstr[ST_DDSTR_MAX];     /* strings handed out by sqlite_dedup.c, owned */
};

static int map_code(int rc)
{
    switch (rc & 0xff) {
    case SQLITE_OK: case SQLITE_DONE: case SQLITE_ROW: return ST_OK;
    case SQLITE_BUSY: case SQLITE_LOCKED: return ST_EBUSY;
    case SQLITE_FULL: return ST_EFULL;
    case SQLITE_IOERR: case SQLITE_CORRUPT: case SQLITE_NOTADB: return ST_EIO;
    case SQLITE_CANTOPEN: case SQLITE_PERM: case SQLITE_READONLY: return ST_EOPEN;
    default: return ST_EMISC;
    }
}

static int fail(st_store *st, int rc, const char *what, char **err)
{
    int code = map_code(rc);
    if (err) {
        ak_buf b = {0};
        const char *msg = st->db ? sqlite3_errmsg(st->db) : sqlite3_errstr(rc);
        ak_buf_printf(&b, "store %s: %s: %s", st->path, what, msg);
        if (code == ST_EBUSY) ak_buf_puts(&b, " (another akhbar process holds the store)");
        if (code == ST_EFULL) ak_buf_puts(&b, " (free some disk space; nothing stored was lost)");
        free(*err);
        *err = ak_buf_steal(&b);
    }
    return code ? code : ST_EMISC;
}

static sqlite3_stmt *stmt(st_store *st, int which, char **err, int *code)
{
    if (!st->q[which]) {
        int rc = sqlite3_prepare_v3(st->db, sql[which], -1, SQLITE_PREPARE_PERSISTENT,
                                    &st->q[which], NULL);
        if (rc != SQLITE_OK) {
            *code = fail(st, rc, "preparing a statement", err);
            return NULL;
        }
    }
    sqlite3_reset(st->q[which]);
    sqlite3_clear_bindings(st->q[which]);
    return st->q[which];
}

static void bind_text(sqlite3_stmt *s, int i, const char *v)
{
    if (v) sqlite3_bind_text(s, i, v, -1, SQLITE_TRANSIENT);
    else sqlite3_bind_null(s, i);
}

static void bind_time(sqlite3_stmt *s, int i, int64_t t)
{
    if (t == AK_TIME_NONE) sqlite3_bind_null(s, i);
    else sqlite3_bind_int64(s, i, t);
}

static int exec(st_store *st, const char *q, const char *what, char **err)
{
    int rc = sqlite3_exec(st->db, q, NULL, NULL, NULL);
    return rc == SQLITE_OK ? 0 : fail(st, rc, what, err);
}

static int migrate(st_store *st, char **err)
{
    sqlite3_stmt *s;
    int version = 0, rc;
    if ((rc = exec(st, "BEGIN IMMEDIATE", "locking for migration", err))) return rc;
    rc = sqlite3_prepare_v2(st->db, "PRAGMA user_version", -1, &s, NULL);
    if (rc == SQLITE_OK && sqlite3_step(s) == SQLITE_ROW) version = sqlite3_column_int(s, 0);
    sqlite3_finalize(s);
    if (version > SCHEMA_VERSION) {
        exec(st, "ROLLBACK", "", NULL);
        if (err) {
            ak_buf b = {0};
            ak_buf_printf(&b, "store %s: schema version %d is newer than this akhbar's (%d); "
                              "upgrade akhbar", st->path, version, SCHEMA_VERSION);
            *err = ak_buf_steal(&b);
        }
        return ST_ESCHEMA;
    }
    for (int v = version; v < SCHEMA_VERSION; v++) {
        char set[64];
        snprintf(set, sizeof set, "PRAGMA user_version = %d", v + 1);
        if ((rc = exec(st, migrations[v], "migrating the schema", err)) ||
            (rc = exec(st, set, "migrating the schema", err))) {
            exec(st, "ROLLBACK", "", NULL);
            return rc;
        }
    }
    return exec(st, "COMMIT", "committing the migration", err);
}

st_store *st__sqlite_open(const char *location, int flags, int busy_ms, int *code, char **err)
{
    st_store *st = ak_calloc(1, sizeof *st);
    st->be = &sq_backend;
    st->path = ak_strdup(location);
    int oflags = (flags & ST_READONLY) ? SQLITE_OPEN_READONLY
                                       : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
    int rc = sqlite3_open_v2(location, &st->db, oflags | SQLITE_OPEN_NOMUTEX, NULL);
    int c = 0;
    if (rc != SQLITE_OK) {
        c = fail(st, rc, (flags & ST_READONLY) ? "cannot open (does it exist?)" : "cannot open",
                 err);
        goto bad;
    }
    sqlite3_extended_result_codes(st->db, 1);
    sqlite3_busy_timeout(st->db, busy_ms);
    if ((rc = st_search_register(st->db)) != SQLITE_OK) {
        c = fail(st, rc, "registering the search tokenizer", err);
        goto bad;
    }
    if (!(flags & ST_READONLY)) {
        /* WAL: readers never block the writer; FULL: a commit survives power loss. */
        if ((c = exec(st, "PRAGMA journal_mode = WAL", "enabling WAL", err)) ||
            (c = exec(st, "PRAGMA synchronous = FULL", "setting synchronous", err)) ||
            (c = exec(st, "PRAGMA foreign_keys = ON", "enabling foreign keys", err)) ||
            (c = migrate(st, err)))
            goto bad;
    } else {
        sqlite3_stmt *s;
        rc = sqlite3_prepare_v2(st->db, "PRAGMA user_version", -1, &s, NULL);
        int version = -1;
        if (rc == SQLITE_OK && sqlite3_step(s) == SQLITE_ROW) version = sqlite3_column_int(s, 0);
        if (rc == SQLITE_OK) rc = sqlite3_errcode(st->db);
        sqlite3_finalize(s);
        if (version <= 0 || version > SCHEMA_VERSION) {
            if (version < 0) c = fail(st, rc, "cannot read", err);
            else {
                c = version == 0 ? ST_EOPEN : ST_ESCHEMA;
                if (err) {
                    ak_buf b = {0};
                    ak_buf_printf(&b, "store %s: %s", location,
                                  version == 0 ? "not an akhbar store (empty; run a crawl first)"
                                               : "schema is newer than this akhbar; upgrade akhbar");
                    *err = ak_buf_steal(&b);
                }
            }
            goto bad;
        }
    }
    return st;
bad:
    if (code) *code = c ? c : ST_EOPEN;
    sq_close(st);
    return NULL;
}

static void sq_close(st_store *st)
{
    if (!st) return;
    for (int i = 0; i < NQ; i++) sqlite3_finalize(st->q[i]);
    for (int i = 0; i < 6; i++) free(st->feed_str[i]);
    free(st->robots_body);
    for (int i = 0; i < ST_DDQ_MAX; i++) sqlite3_finalize(st->ddq[i]);
    for (int i = 0; i < ST_DDSTR_MAX; i++) free(st->ddstr[i]);
    if (st->db) sqlite3_close_v2(st->db);
    free(st->path);
    free(st);
}

static int sq_set_max_size(st_store *st, long long bytes, char **err)
{
    sqlite3_stmt *s;
    int page = 4096;
    if (sqlite3_prepare_v2(st->db, "PRAGMA page_size", -1, &s, NULL) == SQLITE_OK) {
        if (sqlite3_step(s) == SQLITE_ROW) page = sqlite3_column_int(s, 0);
        sqlite3_finalize(s);
    }
    char q[80];
    /* 2^31 pages is SQLite's own upper bound (and "no cap"). */
    long long pages = bytes > 0 ? (bytes + page - 1) / page : 2147483646LL;
    if (pages > 2147483646LL) pages = 2147483646LL;
    snprintf(q, sizeof q, "PRAGMA max_page_count = %lld", pages);
    return exec(st, q, "setting the size cap", err);
}

/* Indexes the articles inserted since the last flush: they are exactly
 * those with id >= fts_from (ids only grow inside a write transaction, and
 * nothing changes the title or body of an article in the transaction that
 * inserted it). */
static int fts_flush(st_store *st, char **err)
{
    if (st->fts_from <= 0) return 0;
    int code = 0;
    sqlite3_stmt *s = stmt(st, Q_FTS_ADD, err, &code);
    if (!s) return code;
    sqlite3_bind_int64(s, 1, st->fts_from);
    int rc = sqlite3_step(s);
    sqlite3_reset(s);
    if (rc != SQLITE_DONE) return fail(st, rc, "indexing articles for search", err);
    st->fts_from = 0;
    return 0;
}

static int sq_begin(st_store *st, char **err)
{
    int rc = exec(st, "BEGIN IMMEDIATE", "starting a transaction", err);
    if (!rc) st->in_tx = true;
    return rc;
}

static int sq_commit(st_store *st, char **err)
{
    if (st->in_tx && sqlite3_get_autocommit(st->db)) {
        /* SQLite rolled the transaction back itself (e.g. SQLITE_FULL
         * without a statement journal): nothing of it is in the store. */
        st->in_tx = false;
        st->fts_from = 0;
        if (err) {
            ak_buf b = {0};
            ak_buf_printf(&b, "store %s: the open transaction was undone after the error above", st->path);
            free(*err);
            *err = ak_buf_steal(&b);
        }
        return ST_EMISC;
    }
    int rc = fts_flush(st, err);
    if (!rc) rc = exec(st, "COMMIT", "committing", err);
    if (rc) sq_rollback(st);
    else st->in_tx = false;
    return rc;
}

static void sq_rollback(st_store *st)
{
    if (sqlite3_get_autocommit(st->db) == 0) sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
    st->in_tx = false;
    st->fts_from = 0;
}

static int sq_url_state_get(st_store *st, const char *url, int max_attempts, char **err)
{
    int code = 0;
    sqlite3_stmt *s = stmt(st, Q_URL_STATE, err, &code);
    if (!s) return code;
    bind_text(s, 1, url);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        const char *status = (const char *)sqlite3_column_text(s, 0);
        int attempts = sqlite3_column_int(s, 1);
        int state = ST_URL_NEW;
        if (status && strcmp(status, "stored") == 0) state = ST_URL_STORED;
        else if (status && strcmp(status, "done") == 0) state = ST_URL_DONE;
        else if (attempts >= max_attempts) state = ST_URL_DONE;
        sqlite3_reset(s);
        return state;
    }
    if (rc != SQLITE_DONE) return fail(st, rc, "looking up a URL", err);
    /* Not tried under this URL; it may be stored under it as a canonical URL. */
    if (!(s = stmt(st, Q_KEY_ID, err, &code))) return code;
    bind_text(s, 1, url);
    rc = sqlite3_step(s);
    sqlite3_reset(s);
    if (rc == SQLITE_ROW) return ST_URL_STORED;
    if (rc != SQLITE_DONE) return fail(st, rc, "looking up a URL", err);
    return ST_URL_NEW;
}

static int sq_url_failed(st_store *st, const char *url, const char *reason, bool final, char **err)
{
    int code = 0;
    sqlite3_stmt *s = stmt(st, Q_URL_FAILED, err, &code);
    if (!s) return code;
    bind_text(s, 1, url);
    bind_text(s, 2, final ? "done" : "failed");
    sqlite3_bind_int64(s, 3, ak_now());
    bind_text(s, 4, reason);
    int rc = sqlite3_step(s);
    sqlite3_reset(s);
    return rc == SQLITE_DONE ? 0 : fail(st, rc, "recording a failed URL", err);
}

/* Identity: the canonical URL when the page declares one on its own host
 * (so tracking variants of one article collapse), else the URL fetched
 * (a cross-site canonical marks a copy, which is dedup's business). */
static const char *identity(const st_article *a, char **own)
{
    *own = NULL;
    if (!a->canonical_url) return a->url;
    char *h1 = ak_url_host(a->url), *h2 = ak_url_host(a->canonical_url);
    bool same = h1 && h2 && strcmp(h1, h2) == 0;
    free(h1);
    free(h2);
    return same ? a->canonical_url : a->url;
}

static int put_article(st_store *st, st_article *a, char **err);

static int sq_put_article(st_store *st, st_article *a, char **err)
{
    if (!a->url || !a->body || !a->content_hash) {
        if (err) *err = ak_strdup("store: article without url, body or content hash");
        return ST_EMISC;
    }
    if (st->in_tx) return put_article(st, a, err);
    /* Outside st_begin: the row, its URL and its index entry in one go. */
    int rc = sq_begin(st, err);
    if (rc) return rc;
    int inserted = put_article(st, a, err);
    if (inserted < 0) {
        sq_rollback(st);
        return inserted;
    }
    rc = sq_commit(st, err);
    return rc ? rc : inserted;
}

static int put_article(st_store *st, st_article *a, char **err)
{
    int code = 0;
    char *own;
    const char *key = identity(a, &own);
    sqlite3_stmt *s = stmt(st, Q_INSERT, err, &code);
    if (!s) return code;
    bind_text(s, 1, key);
    bind_text(s, 2, a->url);
    bind_text(s, 3, a->canonical_url);
    bind_text(s, 4, a->site);
    bind_text(s, 5, a->feed_url);
    bind_text(s, 6, a->title);
    bind_text(s, 7, a->body);
    bind_text(s, 8, a->author);
    bind_text(s, 9, a->lang);
    bind_text(s, 10, a->description);
    bind_text(s, 11, a->image);
    bind_time(s, 12, a->published);
    if (a->published != AK_TIME_NONE) sqlite3_bind_int(s, 13, a->published_offset);
    bind_time(s, 14, a->modified);
    sqlite3_bind_int64(s, 15, a->fetched_at);
    sqlite3_bind_int64(s, 16, a->published != AK_TIME_NONE ? a->published : a->fetched_at);
    bind_text(s, 17, a->content_hash);
    if (a->duplicate_of > 0) sqlite3_bind_int64(s, 18, a->duplicate_of);
    int rc = sqlite3_step(s);
    sqlite3_reset(s);
    if (rc != SQLITE_DONE) return fail(st, rc, "storing an article", err);
    int inserted = sqlite3_changes(st->db) > 0;
    if (inserted) {
        a->id = sqlite3_last_insert_rowid(st->db);
        if (st->fts_from <= 0) st->fts_from = a->id;
    } else {
        if (!(s = stmt(st, Q_KEY_ID, err, &code))) return code;
        bind_text(s, 1, key);
        rc = sqlite3_step(s);
        a->id = rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
        sqlite3_reset(s);
        if (rc != SQLITE_ROW && rc != SQLITE_DONE) return fail(st, rc, "finding an article", err);
    }
    if (!(s = stmt(st, Q_URL_STORED, err, &code))) return code;
    bind_text(s, 1, a->url);
    sqlite3_bind_int64(s, 2, a->id);
    sqlite3_bind_int64(s, 3, a->fetched_at);
    rc = sqlite3_step(s);
    sqlite3_reset(s);
    if (rc != SQLITE_DONE) return fail(st, rc, "recording a stored URL", err);
    return inserted;
}

static const char *col_text(sqlite3_stmt *s, int i)
{
    return (const char *)sqlite3_column_text(s, i);
}

static int64_t col_time(sqlite3_stmt *s, int i)
{
    return sqlite3_column_type(s, i) == SQLITE_NULL ? AK_TIME_NONE : sqlite3_column_int64(s, i);
}

static int sq_feed_get(st_store *st, const char *url, st_feed *f, char **err)
{
    int code = 0;
    sqlite3_stmt *s = stmt(st, Q_FEED_GET, err, &code);
    if (!s) return code;
    bind_text(s, 1, url);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_DONE) {
        sqlite3_reset(s);
        return 0;
    }
    if (rc != SQLITE_ROW) return fail(st, rc, "reading feed state", err);
    /* Copies, so that the statement can be reset now (no read left open). */
    static const int cols[6] = {0, 1, 2, 3, 6, 9};
    for (int i = 0; i < 6; i++) {
        free(st->feed_str[i]);
        st->feed_str[i] = ak_strdup(col_text(s, cols[i]));
    }
    f->url = st->feed_str[0];
    f->site = st->feed_str[1];
    f->etag = st->feed_str[2];
    f->last_modified = st->feed_str[3];
    f->last_error = st->feed_str[4];
    f->last_ok = col_time(s, 4);
    f->last_error_at = col_time(s, 5);
    f->failures = sqlite3_column_int(s, 7);
    f->entries = sqlite3_column_int64(s, 8);
    f->current_url = st->feed_str[5];
    f->not_before = col_time(s, 10);
    f->retired = sqlite3_column_int(s, 11) != 0;
    f->gone = sqlite3_column_int(s, 12);
    f->last_status = sqlite3_column_int(s, 13);
    f->last_checked = col_time(s, 14);
    sqlite3_reset(s);
    return 1;
}

static int sq_feed_ok(st_store *st, const char *url, const char *site, const char *etag,
               const char *last_modified, int64_t entries, char **err)
{
    int code = 0;
    sqlite3_stmt *s = stmt(st, Q_FEED_OK, err, &code);
    if (!s) return code;
    bind_text(s, 1, url);
    bind_text(s, 2, site);
    bind_text(s, 3, etag);
    bind_text(s, 4, last_modified);
    sqlite3_bind_int64(s, 5, ak_now());
    sqlite3_bind_int64(s, 6, entries);
    int rc = sqlite3_step(s);
    sqlite3_reset(s);
    return rc == SQLITE_DONE ? 0 : fail(st, rc, "recording feed state", err);
}

static int sq_feed_failed(st_store *st, const char *url, const char *site, const char *reason,
                   char **err)
{
    int code = 0;
    sqlite3_stmt *s = stmt(st, Q_FEED_FAILED, err, &code);
    if (!s) return code;
    bind_text(s, 1, url);
    bind_text(s, 2, site);
    sqlite3_bind_int64(s, 3, ak_now());
    bind_text(s, 4, reason);
    int rc = sqlite3_step(s);
    sqlite3_reset(s);
    return rc == SQLITE_DONE ? 0 : fail(st, rc, "recording feed state", err);
}

/* The columns export and cluster listings read, and their mapping. */
#define ARTICLE_COLUMNS                                                                          \
    "a.id, a.url, a.canonical_url, a.site, a.feed_url, a.title, a.body, a.author, a.lang,"       \
    " a.description, a.image, a.content_hash, a.published, a.published_offset, a.modified,"      \
    " a.fetched_at, a.duplicate_of, d.cluster, c.size, d.match, d.similarity, d.kind, d.paras"   \
    " FROM articles a LEFT JOIN dd_articles d ON d.article_id = a.id"                            \
    " LEFT JOIN dd_clusters c ON c.id = d.cluster"

static void row_article(sqlite3_stmt *s, st_article *a)
{
    *a = (st_article){
        .id = sqlite3_column_int64(s, 0),
        .url = col_text(s, 1),
        .canonical_url = col_text(s, 2),
        .site = col_text(s, 3),
        .feed_url = col_text(s, 4),
        .title = col_text(s, 5),
        .body = col_text(s, 6),
        .author = col_text(s, 7),
        .lang = col_text(s, 8),
        .description = col_text(s, 9),
        .image = col_text(s, 10),
        .content_hash = col_text(s, 11),
        .published = col_time(s, 12),
        .published_offset = sqlite3_column_int(s, 13),
        .modified = col_time(s, 14),
        .fetched_at = sqlite3_column_int64(s, 15),
        .duplicate_of = sqlite3_column_int64(s, 16),
        .cluster_id = sqlite3_column_int64(s, 17),
        .cluster_size = sqlite3_column_int64(s, 18),
        .match_id = sqlite3_column_int64(s, 19),
        .similarity = sqlite3_column_double(s, 20),
        .dup_kind = col_text(s, 21),
        .dd_paras = sqlite3_column_blob(s, 22),
        .dd_paras_len = (size_t)sqlite3_column_bytes(s, 22),
    };
}

static int sq_export(st_store *st, const st_query *q, st_article_fn *fn, void *udata, char **err)
{
    static const char *const select_sql =
        "SELECT " ARTICLE_COLUMNS
        " WHERE a.sort_time >= ?1 AND a.sort_time < ?2 AND (?3 = 0 OR a.duplicate_of IS NULL)"
        " AND (?4 IS NULL OR a.site = ?4) AND (?5 IS NULL OR a.lang = ?5)"
        " ORDER BY a.sort_time, a.id";
    sqlite3_stmt *s;
    int rc = sqlite3_prepare_v2(st->db, select_sql, -1, &s, NULL);
    if (rc != SQLITE_OK) return fail(st, rc, "preparing the export", err);
    sqlite3_bind_int64(s, 1, q && q->since != AK_TIME_NONE ? q->since : INT64_MIN);
    sqlite3_bind_int64(s, 2, q && q->until != AK_TIME_NONE ? q->until : INT64_MAX);
    sqlite3_bind_int(s, 3, q && q->unique);
    if (q && q->site) sqlite3_bind_text(s, 4, q->site, -1, SQLITE_TRANSIENT);
    if (q && q->lang) sqlite3_bind_text(s, 5, q->lang, -1, SQLITE_TRANSIENT);
    int ret = 0;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        st_article a;
        row_article(s, &a);
        if ((ret = fn(&a, udata)) != 0) break;
    }
    if (ret == 0 && rc != SQLITE_DONE && rc != SQLITE_ROW) ret = fail(st, rc, "reading articles", err);
    sqlite3_finalize(s);
    return ret;
}

static int sq_dd_cluster_members(st_store *st, int64_t id, st_article_fn *fn, void *udata, char **err)
{
    static const char *const select_sql =
        "SELECT " ARTICLE_COLUMNS " WHERE d.cluster = ?1 ORDER BY a.sort_time, a.id";
    sqlite3_stmt *s;
    int rc = sqlite3_prepare_v2(st->db, select_sql, -1, &s, NULL);
    if (rc != SQLITE_OK) return fail(st, rc, "preparing a cluster listing", err);
    sqlite3_bind_int64(s, 1, id);
    int ret = 0;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        st_article a;
        row_article(s, &a);
        if ((ret = fn(&a, udata)) != 0) break;
    }
    if (ret == 0 && rc != SQLITE_DONE && rc != SQLITE_ROW) ret = fail(st, rc, "reading a cluster", err);
    sqlite3_finalize(s);
    return ret;
}

static int64_t sq_count_articles(st_store *st)
{
    int code = 0;
    sqlite3_stmt *s = stmt(st, Q_COUNT, NULL, &code);
    if (!s) return code;
    int64_t n = sqlite3_step(s) == SQLITE_ROW ? sqlite3_column_int64(s, 0) : -1;
    sqlite3_reset(s);
    return n;
}

/* ---- politeness state (migration 2) ----------------------------------------- */

static int sq_feed_record(st_store *st, const char *url, const st_feed_result *r, char **err)
{
    static const int which[] = {[ST_FEED_FETCHED] = Q_FEED_FETCHED,
                                [ST_FEED_UNCHANGED] = Q_FEED_UNCHANGED,
                                [ST_FEED_FAILED] = Q_FEED_FAILED2,
                                [ST_FEED_DEFERRED] = Q_FEED_DEFERRED};
    if ((int)r->outcome < 0 || r->outcome > ST_FEED_DEFERRED) {
        if (err) *err = ak_strdup("store: bad feed outcome");
        return ST_EMISC;
    }
    int code = 0;
    sqlite3_stmt *s = stmt(st, which[r->outcome], err, &code);
    if (!s) return code;
    bind_text(s, 1, url);
    bind_text(s, 2, r->site);
    sqlite3_bind_int64(s, 3, r->now != AK_TIME_NONE && r->now ? r->now : ak_now());
    if (r->status > 0) sqlite3_bind_int64(s, 4, r->status);
    else sqlite3_bind_null(s, 4);
    bind_text(s, 5, r->current_url);
    bind_time(s, 6, r->not_before);
    switch (r->outcome) {
    case ST_FEED_FETCHED:
        bind_text(s, 7, r->etag);
        bind_text(s, 8, r->last_modified);
        sqlite3_bind_int64(s, 9, r->entries);
        break;
    case ST_FEED_UNCHANGED:
        bind_text(s, 7, r->etag);
        bind_text(s, 8, r->last_modified);
        break;
    case ST_FEED_FAILED:
        bind_text(s, 7, r->reason);
        sqlite3_bind_int(s, 8, r->gone ? 1 : 0);
        sqlite3_bind_int(s, 9, r->retire_after);
        break;
    case ST_FEED_DEFERRED:
        bind_text(s, 7, r->reason);
        break;
    }
    int rc = sqlite3_step(s);
    sqlite3_reset(s);
    return rc == SQLITE_DONE ? 0 : fail(st, rc, "recording feed state", err);
}

static int sq_feed_reset(st_store *st, const char *url, char **err)
{
    int code = 0;
    sqlite3_stmt *s = stmt(st, Q_FEED_RESET, err, &code);
    if (!s) return code;
    bind_text(s, 1, url);
    int rc = sqlite3_step(s);
    sqlite3_reset(s);
    if (rc != SQLITE_DONE) return fail(st, rc, "resetting feed state", err);
    return sqlite3_changes(st->db) > 0 ? 1 : 0;
}

static int sq_host_pause(st_store *st, const char *host, int64_t until, const char *reason, char **err)
{
    int code = 0;
    sqlite3_stmt *s = stmt(st, Q_HOST_PAUSE, err, &code);
    if (!s) return code;
    bind_text(s, 1, host);
    sqlite3_bind_int64(s, 2, until);
    bind_text(s, 3, reason);
    int rc = sqlite3_step(s);
    sqlite3_reset(s);
    return rc == SQLITE_DONE ? 0 : fail(st, rc, "recording a host pause", err);
}

static int sq_host_pauses(st_store *st, int64_t now, st_host_fn *fn, void *udata, char **err)
{
    int code = 0;
    sqlite3_stmt *s = stmt(st, Q_HOST_PAUSES, err, &code);
    if (!s) return code;
    sqlite3_bind_int64(s, 1, now);
    int rc, ret = 0;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW)
        if ((ret = fn(col_text(s, 0), sqlite3_column_int64(s, 1), col_text(s, 2), udata)) != 0) break;
    if (ret == 0 && rc != SQLITE_DONE) ret = fail(st, rc, "reading host pauses", err);
    sqlite3_reset(s);
    return ret;
}

static int sq_robots_get(st_store *st, const char *origin, st_robots *r, char **err)
{
    int code = 0;
    sqlite3_stmt *s = stmt(st, Q_ROBOTS_GET, err, &code);
    if (!s) return code;
    bind_text(s, 1, origin);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_DONE) {
        sqlite3_reset(s);
        return 0;
    }
    if (rc != SQLITE_ROW) return fail(st, rc, "reading a cached robots.txt", err);
    r->fetched_at = sqlite3_column_int64(s, 0);
    r->status = sqlite3_column_int(s, 1);
    size_t n = (size_t)sqlite3_column_bytes(s, 2);
    const void *b = sqlite3_column_blob(s, 2);
    free(st->robots_body);
    st->robots_body = ak_malloc(n + 1);
    if (n) memcpy(st->robots_body, b, n);
    st->robots_body[n] = '\0';
    r->body = st->robots_body;
    r->len = n;
    sqlite3_reset(s);
    return 1;
}

static int sq_robots_put(st_store *st, const char *origin, const st_robots *r, char **err)
{
    int code = 0;
    sqlite3_stmt *s = stmt(st, Q_ROBOTS_PUT, err, &code);
    if (!s) return code;
    bind_text(s, 1, origin);
    sqlite3_bind_int64(s, 2, r->fetched_at);
    sqlite3_bind_int(s, 3, (int)r->status);
    sqlite3_bind_blob(s, 4, r->body ? r->body : "", (int)r->len, SQLITE_TRANSIENT);
    int rc = sqlite3_step(s);
    sqlite3_reset(s);
    return rc == SQLITE_DONE ? 0 : fail(st, rc, "caching a robots.txt", err);
}

static int sq_sitemap_lastmod_get(st_store *st, const char *url, int64_t *lastmod, char **err)
{
    int code = 0;
    *lastmod = AK_TIME_NONE;
    sqlite3_stmt *s = stmt(st, Q_LASTMOD_GET, err, &code);
    if (!s) return code;
    bind_text(s, 1, url);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        *lastmod = col_time(s, 0);
        sqlite3_reset(s);
        return *lastmod == AK_TIME_NONE ? 0 : 1;
    }
    sqlite3_reset(s);
    return rc == SQLITE_DONE ? 0 : fail(st, rc, "reading sitemap state", err);
}

static int sq_sitemap_lastmod_set(st_store *st, const char *url, int64_t lastmod, char **err)
{
    int code = 0;
    sqlite3_stmt *s = stmt(st, Q_LASTMOD_SET, err, &code);
    if (!s) return code;
    bind_text(s, 1, url);
    bind_time(s, 2, lastmod);
    int rc = sqlite3_step(s);
    sqlite3_reset(s);
    return rc == SQLITE_DONE ? 0 : fail(st, rc, "recording sitemap state", err);
}

/* ---- for the other files of the SQLite backend (sqlite_int.h) ---------------- */

sqlite3 *st__db(st_store *st)
{
    return st->db;
}

int st__fail(st_store *st, int rc, const char *what, char **err)
{
    return fail(st, rc, what, err);
}

char **st__dd_strings(st_store *st)
{
    return st->ddstr;
}

sqlite3_stmt *st__dd_stmt(st_store *st, int which, const char *sql_text, char **err, int *code)
{
    if (!st->ddq[which]) {
        int rc = sqlite3_prepare_v3(st->db, sql_text, -1, SQLITE_PREPARE_PERSISTENT, &st->ddq[which], NULL);
        if (rc != SQLITE_OK) {
            *code = fail(st, rc, "preparing a statement", err);
            return NULL;
        }
    }
    sqlite3_reset(st->ddq[which]);
    sqlite3_clear_bindings(st->ddq[which]);
    return st->ddq[which];
}

/* ---- savepoints and the backend table -------------------------------------------- */

static int sq_savepoint(st_store *st, char **err)
{
    return exec(st, "SAVEPOINT ak_article", "setting a savepoint", err);
}

static int sq_savepoint_release(st_store *st, char **err)
{
    return exec(st, "RELEASE ak_article", "releasing a savepoint", err);
}

static void sq_savepoint_rollback(st_store *st)
{
    sqlite3_exec(st->db, "ROLLBACK TO ak_article; RELEASE ak_article", NULL, NULL, NULL);
}

static const st_backend sq_backend = {
    .name = "sqlite",
    .shared = false,
    .close = sq_close,
    .set_max_size = sq_set_max_size,
    .begin = sq_begin,
    .commit = sq_commit,
    .rollback = sq_rollback,
    .savepoint = sq_savepoint,
    .savepoint_release = sq_savepoint_release,
    .savepoint_rollback = sq_savepoint_rollback,
    .url_state_get = sq_url_state_get,
    .url_failed = sq_url_failed,
    .put_article = sq_put_article,
    .feed_get = sq_feed_get,
    .feed_ok = sq_feed_ok,
    .feed_failed = sq_feed_failed,
    .feed_record = sq_feed_record,
    .feed_reset = sq_feed_reset,
    .host_pause = sq_host_pause,
    .host_pauses = sq_host_pauses,
    .robots_get = sq_robots_get,
    .robots_put = sq_robots_put,
    .sitemap_lastmod_get = sq_sitemap_lastmod_get,
    .sitemap_lastmod_set = sq_sitemap_lastmod_set,
    .export_ = sq_export,
    .count_articles = sq_count_articles,
    .stats = sq_stats,
    .search = sq_search,
    .dd_key_get = sq_dd_key_get,
    .dd_key_add = sq_dd_key_add,
    .dd_article_get = sq_dd_article_get,
    .dd_state_put = sq_dd_state_put,
    .dd_cluster_get = sq_dd_cluster_get,
    .dd_cluster_put = sq_dd_cluster_put,
    .dd_cluster_merge = sq_dd_cluster_merge,
    .dd_cluster_set_original = sq_dd_cluster_set_original,
    .dd_pending = sq_dd_pending,
    .dd_sig_get = sq_dd_sig_get,
    .dd_state_get = sq_dd_state_get,
    .dd_cluster_members = sq_dd_cluster_members,
    .dd_clusters = sq_dd_clusters,
    .tune = sq_tune,
    .dd_sizes = sq_dd_sizes,
};
