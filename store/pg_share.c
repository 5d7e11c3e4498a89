/* pg_share.c -- what crawlers sharing a PostgreSQL store coordinate
 * through it: feed claims, the frontier of article URLs with leases, and
 * per-host request slots (store.h, "shared stores").
 *
 * Everything here runs on the side connection (autocommit, asynchronous
 * commit): a claim must be visible to the other workers at once, and must
 * never wait for this worker's own open transaction.  Losing the last
 * milliseconds of these writes in a server crash costs at most a page
 * fetched twice; a later synchronous commit (an article) makes them
 * durable too, since PostgreSQL's log is written in order.
 *
 * Claims use FOR UPDATE SKIP LOCKED, so workers never wait for each other
 * to hand out work, and leases (the server's clock) bring a dead worker's
 * URLs back.  A feed is claimed for feed_interval: whoever claims it first
 * in an interval fetches it, and nobody else does.  A host's next allowed
 * start (epoch ms) lives in hosts.next_ms: a worker asks for the start
 * (akhbar_host_slot, in the schema: one call), is granted it when the time
 * has come, and is otherwise told how long to wait; the grant moves the
 * time delay ahead, so requests to one host keep their delay whichever
 * workers send them.
 */
#include "store/pg_int.h"
#include "common/buf.h"
#include "common/mem.h"
#include "common/timeutil.h"

#include <stdlib.h>
#include <string.h>

enum {
    S_FEEDS_ADD = 88, S_FEEDS_CLAIM, S_ADD, S_CLAIM, S_RELEASE, S_RENEW, S_RELEASE_ALL, S_COUNTS, S_SLOT,
    S_FEEDS_DONE
};

/* A text[] literal of n strings (NULL elements as NULL). */
static void array_literal(ak_buf *b, const char *const *v, size_t n)
{
    ak_buf_putc(b, '{');
    for (size_t i = 0; i < n; i++) {
        if (i) ak_buf_putc(b, ',');
        if (!v[i]) {
            ak_buf_puts(b, "NULL");
            continue;
        }
        ak_buf_putc(b, '"');
        for (const char *p = v[i]; *p; p++) {
            if (*p == '"' || *p == '\\') ak_buf_putc(b, '\\');
            ak_buf_putc(b, *p);
        }
        ak_buf_putc(b, '"');
    }
    ak_buf_putc(b, '}');
}

int pg_feeds_claim(st_store *st, const char *const *urls, const char *const *sites, size_t n,
                   int64_t interval_s, bool *claimed, char **err)
{
    pg_store *p = PGS(st);
    int rc = pg_side(p, err);
    if (rc) return rc;
    for (size_t i = 0; i < n; i++) claimed[i] = false;
    if (!n) return 0;
    ak_buf u = {0}, s = {0};
    array_literal(&u, urls, n);
    array_literal(&s, sites, n);
    pg_args a = {0};
    pg_text(&a, u.data);
    pg_text(&a, s.data);
    rc = pg_do(p, true, S_FEEDS_ADD,
               "INSERT INTO feeds(url, site) SELECT * FROM unnest($1::text[], $2::text[]) ON CONFLICT DO NOTHING",
               &a, "listing the feeds", err);
    pg_args_free(&a);
    ak_buf_free(&s);
    if (rc) {
        ak_buf_free(&u);
        return rc;
    }
    pg_args b = {0};
    pg_text(&b, u.data);
    pg_i64(&b, interval_s);
    pg_text(&b, p->worker);
    int code = 0;
    PGresult *r = pg_run(p, true, S_FEEDS_CLAIM,
                         "UPDATE feeds f SET claimed_at = " PG_NOW ", claimed_by = $3 FROM ("
                         "  SELECT url FROM feeds WHERE url = ANY($1::text[])"
                         "  AND (claimed_at IS NULL OR claimed_at <= " PG_NOW " - $2::bigint)"
                         "  FOR UPDATE SKIP LOCKED) c WHERE f.url = c.url RETURNING f.url",
                         &b, "claiming feeds", &code, err);
    pg_args_free(&b);
    ak_buf_free(&u);
    if (!r) return code;
    int got = PQntuples(r);
    for (int k = 0; k < got; k++) {
        const char *url = pg_get_text(r, k, 0);
        for (size_t i = 0; i < n; i++)
            if (!claimed[i] && strcmp(urls[i], url) == 0) claimed[i] = true;
    }
    PQclear(r);
    return got;
}

/* feeds.claimed_by stays set while the claimer reads the feeds; the
 * claim itself (claimed_at) lasts feed_interval. */
int pg_feeds_done(st_store *st, char **err)
{
    pg_store *p = PGS(st);
    int rc = pg_side(p, err);
    if (rc) return rc;
    pg_args a = {0};
    pg_text(&a, p->worker);
    rc = pg_do(p, true, S_FEEDS_DONE, "UPDATE feeds SET claimed_by = NULL WHERE claimed_by = $1", &a,
               "recording the feeds read", err);
    pg_args_free(&a);
    return rc;
}

int pg_frontier_add(st_store *st, const st_frontier_entry *e, int max_attempts, int64_t run_start, char **err)
{
    pg_store *p = PGS(st);
    int rc = pg_side(p, err);
    if (rc) return rc;
    pg_args a = {0};
    pg_text(&a, e->url);
    pg_text(&a, e->host);
    pg_text(&a, e->feed);
    pg_text(&a, e->site);
    pg_text(&a, e->lang);
    pg_text(&a, e->feed_url);
    pg_text(&a, e->title);
    pg_time(&a, e->published);
    pg_i64(&a, max_attempts);
    pg_i64(&a, run_start);
    int code = 0;
    PGresult *r = pg_run(p, true, S_ADD,
                         "INSERT INTO urls AS u (url, status, attempts, host, feed, site, lang, feed_url, title,"
                         " published) VALUES($1, 'queued', 0, $2, $3, $4, $5, $6, $7, $8)"
                         " ON CONFLICT(url) DO UPDATE SET status = 'queued', host = EXCLUDED.host,"
                         " feed = EXCLUDED.feed, site = EXCLUDED.site, lang = EXCLUDED.lang,"
                         " feed_url = EXCLUDED.feed_url, title = EXCLUDED.title, published = EXCLUDED.published,"
                         " not_before = NULL"
                         " WHERE u.status = 'failed' AND u.attempts < $9::int"
                         " AND (u.last_try IS NULL OR u.last_try < $10::bigint)"
                         " AND (u.lease_until IS NULL OR u.lease_until < " PG_NOW ")"
                         " RETURNING 1",
                         &a, "adding a URL to the frontier", &code, err);
    pg_args_free(&a);
    if (!r) return code;
    int added = PQntuples(r) > 0;
    PQclear(r);
    return added;
}

int pg_frontier_claim(st_store *st, int n, int64_t lease_s, st_frontier_fn *fn, void *udata, char **err)
{
    pg_store *p = PGS(st);
    int rc = pg_side(p, err);
    if (rc) return rc;
    if (n <= 0) return 0;
    p->lease_s = lease_s;
    pg_args a = {0};
    pg_i64(&a, n);
    pg_i64(&a, lease_s);
    pg_text(&a, p->worker);
    int code = 0;
    PGresult *r = pg_run(p, true, S_CLAIM,
                         "UPDATE urls u SET lease_owner = $3, lease_until = " PG_NOW " + $2::bigint FROM ("
                         "  SELECT url FROM urls q WHERE status = 'queued'"
                         "  AND (lease_until IS NULL OR lease_until < " PG_NOW ")"
                         "  AND (not_before IS NULL OR not_before <= " PG_NOW ")"
                         "  AND NOT EXISTS (SELECT 1 FROM hosts h WHERE h.host = q.host"
                         "                  AND h.not_before > " PG_NOW ")"
                         "  ORDER BY seq LIMIT $1::int FOR UPDATE SKIP LOCKED) c"
                         " WHERE u.url = c.url"
                         " RETURNING u.url, u.host, u.feed, u.site, u.lang, u.feed_url, u.title, u.published, u.seq",
                         &a, "claiming URLs", &code, err);
    pg_args_free(&a);
    if (!r) return code;
    int got = PQntuples(r), ret = 0;
    /* Oldest first (RETURNING has no order of its own). */
    int *order = ak_malloc((size_t)(got ? got : 1) * sizeof *order);
    for (int i = 0; i < got; i++) order[i] = i;
    for (int i = 1; i < got; i++)
        for (int k = i; k > 0 && pg_get_i64(r, order[k - 1], 8) > pg_get_i64(r, order[k], 8); k--) {
            int t = order[k];
            order[k] = order[k - 1];
            order[k - 1] = t;
        }
    for (int k = 0; k < got && ret == 0; k++) {
        int i = order[k];
        st_frontier_entry e = {
            .url = pg_get_text(r, i, 0),
            .host = pg_get_text(r, i, 1),
            .feed = pg_get_text(r, i, 2),
            .site = pg_get_text(r, i, 3),
            .lang = pg_get_text(r, i, 4),
            .feed_url = pg_get_text(r, i, 5),
            .title = pg_get_text(r, i, 6),
            .published = pg_get_time(r, i, 7),
        };
        ret = fn(&e, udata);
    }
    free(order);
    PQclear(r);
    return got;
}

int pg_frontier_release(st_store *st, const char *url, int64_t not_before, char **err)
{
    pg_store *p = PGS(st);
    int rc = pg_side(p, err);
    if (rc) return rc;
    pg_args a = {0};
    pg_text(&a, url);
    pg_time(&a, not_before);
    pg_text(&a, p->worker);
    rc = pg_do(p, true, S_RELEASE,
               "UPDATE urls SET lease_owner = NULL, lease_until = NULL, not_before = $2"
               " WHERE url = $1 AND lease_owner = $3 AND status = 'queued'",
               &a, "releasing a URL", err);
    pg_args_free(&a);
    return rc;
}

int pg_frontier_renew(st_store *st, int64_t lease_s, char **err)
{
    pg_store *p = PGS(st);
    int rc = pg_side(p, err);
    if (rc) return rc;
    p->lease_s = lease_s;
    pg_args a = {0};
    pg_text(&a, p->worker);
    pg_i64(&a, lease_s);
    int code = 0;
    /* Rows this worker's own transaction is writing are skipped, not
     * waited for: it is about to record them anyway. */
    PGresult *r = pg_run(p, true, S_RENEW,
                         "UPDATE urls u SET lease_until = " PG_NOW " + $2::bigint FROM ("
                         "  SELECT url FROM urls WHERE lease_owner = $1 AND status = 'queued'"
                         "  FOR UPDATE SKIP LOCKED) c WHERE u.url = c.url",
                         &a, "renewing leases", &code, err);
    pg_args_free(&a);
    if (!r) return code;
    int n = atoi(PQcmdTuples(r));
    PQclear(r);
    return n;
}

int pg_frontier_release_all(st_store *st, char **err)
{
    pg_store *p = PGS(st);
    int rc = pg_side(p, err);
    if (rc) return rc;
    pg_args a = {0};
    pg_text(&a, p->worker);
    int code = 0;
    PGresult *r = pg_run(p, true, S_RELEASE_ALL,
                         "UPDATE urls u SET lease_owner = NULL, lease_until = NULL FROM ("
                         "  SELECT url FROM urls WHERE lease_owner = $1 AND status = 'queued'"
                         "  FOR UPDATE SKIP LOCKED) c WHERE u.url = c.url",
                         &a, "releasing URLs", &code, err);
    pg_args_free(&a);
    if (!r) return code;
    int n = atoi(PQcmdTuples(r));
    PQclear(r);
    return n;
}

int pg_frontier_counts(st_store *st, st_frontier_counts *c, char **err)
{
    pg_store *p = PGS(st);
    int code = 0;
    pg_args a = {0};
    pg_text(&a, p->worker);
    pg_i64(&a, p->lease_s);
    PGresult *r = pg_run(p, false, S_COUNTS,
                         "SELECT count(*), count(*) FILTER (WHERE lease_until >= " PG_NOW "),"
                         " count(DISTINCT lease_owner) FILTER (WHERE lease_until >= " PG_NOW "),"
                         " (SELECT count(DISTINCT claimed_by) FROM feeds WHERE claimed_by IS NOT NULL"
                         "  AND claimed_by <> $1 AND claimed_at > " PG_NOW " - $2::bigint)"
                         " FROM urls WHERE status = 'queued'",
                         &a, "counting the frontier", &code, err);
    pg_args_free(&a);
    if (!r) return code;
    c->queued = pg_get_i64(r, 0, 0);
    c->claimed = pg_get_i64(r, 0, 1);
    c->workers = pg_get_i64(r, 0, 2);
    c->feeding = pg_get_i64(r, 0, 3);
    PQclear(r);
    return 0;
}

int pg_host_slot(st_store *st, const char *host, int delay_ms, int64_t *wait_ms, int64_t *paused_until,
                 const char **why, char **err)
{
    pg_store *p = PGS(st);
    int rc = pg_side(p, err);
    if (rc) return rc;
    pg_args a = {0};
    pg_text(&a, host);
    pg_i64(&a, delay_ms > 0 ? delay_ms : 0);
    int code = 0;
    /* Granted now (wait 0), or how long until the host's next start. */
    PGresult *r = pg_run(p, true, S_SLOT,
                         "SELECT wait_ms, paused_until, why, " PG_NOW " FROM akhbar_host_slot($1, $2)",
                         &a, "asking for a request slot", &code, err);
    pg_args_free(&a);
    if (!r) return code;
    *wait_ms = pg_get_i64(r, 0, 0);
    int64_t nb = pg_get_i64(r, 0, 1), now = pg_get_i64(r, 0, 3);
    if (nb > now) {
        *paused_until = nb;
        free(p->slot_why);
        p->slot_why = ak_strdup(pg_get_text(r, 0, 2));
        *why = p->slot_why;
    }
    PQclear(r);
    return 0;
}
