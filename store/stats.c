/* stats.c -- what is in the store: articles per site and per day,
 * duplicate rates, feed health (for `akhbar stats`). */
#include "store/sqlite_int.h"
#include "common/buf.h"
#include "common/mem.h"
#include "common/timeutil.h"

#include <string.h>

static int fail(sqlite3 *db, const char *what, char **err)
{
    if (err) {
        ak_buf b = {0};
        ak_buf_printf(&b, "stats: %s: %s", what, sqlite3_errmsg(db));
        *err = ak_buf_steal(&b);
    }
    return ST_EMISC;
}

int st_stats(st_store *st, const st_stats_cb *cb, void *ud, char **err)
{
    sqlite3 *db = st__db(st);
    sqlite3_stmt *s;
    int rc, ret = 0;
    if (cb->site) {
        if (sqlite3_prepare_v2(db,
                               "SELECT coalesce(site, '-'), count(*), sum(duplicate_of IS NOT NULL),"
                               " max(fetched_at), min(sort_time), max(sort_time) FROM articles"
                               " GROUP BY 1 ORDER BY 2 DESC, 1",
                               -1, &s, NULL) != SQLITE_OK)
            return fail(db, "per site", err);
        while (ret == 0 && (rc = sqlite3_step(s)) == SQLITE_ROW)
            ret = cb->site((const char *)sqlite3_column_text(s, 0), sqlite3_column_int64(s, 1),
                           sqlite3_column_int64(s, 2), sqlite3_column_int64(s, 3),
                           sqlite3_column_int64(s, 4), sqlite3_column_int64(s, 5), ud);
        sqlite3_finalize(s);
        if (ret) return ret;
    }
    if (cb->day) {
        /* Days are UTC days of the publication (else fetch) time. */
        if (sqlite3_prepare_v2(db,
                               "SELECT sort_time / 86400 AS d, count(*), sum(duplicate_of IS NOT NULL)"
                               " FROM articles GROUP BY d ORDER BY d DESC LIMIT ?1",
                               -1, &s, NULL) != SQLITE_OK)
            return fail(db, "per day", err);
        sqlite3_bind_int(s, 1, cb->days > 0 ? cb->days : 14);
        while (ret == 0 && (rc = sqlite3_step(s)) == SQLITE_ROW)
            ret = cb->day(sqlite3_column_int64(s, 0) * 86400, sqlite3_column_int64(s, 1),
                          sqlite3_column_int64(s, 2), ud);
        sqlite3_finalize(s);
        if (ret) return ret;
    }
    if (cb->feed) {
        if (sqlite3_prepare_v2(db,
                               "SELECT url, site, last_ok, last_error_at, last_error, failures, entries"
                               " FROM feeds ORDER BY site, url",
                               -1, &s, NULL) != SQLITE_OK)
            return fail(db, "feeds", err);
        while (ret == 0 && (rc = sqlite3_step(s)) == SQLITE_ROW) {
            st_feed f = {
                .url = (const char *)sqlite3_column_text(s, 0),
                .site = (const char *)sqlite3_column_text(s, 1),
                .last_ok = sqlite3_column_type(s, 2) == SQLITE_NULL ? AK_TIME_NONE : sqlite3_column_int64(s, 2),
                .last_error_at = sqlite3_column_type(s, 3) == SQLITE_NULL ? AK_TIME_NONE : sqlite3_column_int64(s, 3),
                .last_error = (const char *)sqlite3_column_text(s, 4),
                .failures = sqlite3_column_int(s, 5),
                .entries = sqlite3_column_int64(s, 6),
            };
            ret = cb->feed(&f, ud);
        }
        sqlite3_finalize(s);
    }
    return ret;
}
