/* ceil_sqlite.c -- the store ceiling: SQLite's bare insert rate of rows the
 * size of stored articles, with akhbar's settings (WAL, synchronous=FULL,
 * 64 rows per transaction, one unique index on the key).
 *
 *   ceil_sqlite DB ROWS ROW_BYTES
 *
 * Prints one JSON line: rows, seconds, rows_per_s.
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    if (argc != 4) {
        fprintf(stderr, "usage: ceil_sqlite DB ROWS ROW_BYTES\n");
        return 2;
    }
    int rows = atoi(argv[2]), size = atoi(argv[3]);
    remove(argv[1]);
    sqlite3 *db;
    if (sqlite3_open(argv[1], &db) != SQLITE_OK) return 1;
    sqlite3_exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;"
                     "CREATE TABLE t(id INTEGER PRIMARY KEY, key TEXT UNIQUE, body TEXT)", NULL, NULL, NULL);
    char *body = malloc((size_t)size + 1);
    unsigned seed = 1;
    for (int i = 0; i < size; i++) body[i] = (char)('a' + (seed = seed * 1103515245 + 12345) % 26);
    body[size] = '\0';
    sqlite3_stmt *s;
    sqlite3_prepare_v2(db, "INSERT INTO t(key, body) VALUES(?1, ?2)", -1, &s, NULL);
    double t0 = now_s();
    for (int i = 0; i < rows; i++) {
        if (i % 64 == 0) sqlite3_exec(db, "BEGIN", NULL, NULL, NULL);
        char key[64];
        snprintf(key, sizeof key, "http://site%02d.localhost/a%d.html", i % 10, i);
        body[i % size] = (char)('a' + i % 26);
        sqlite3_bind_text(s, 1, key, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(s, 2, body, size, SQLITE_STATIC);
        sqlite3_step(s);
        sqlite3_reset(s);
        if (i % 64 == 63 || i == rows - 1) sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
    }
    double secs = now_s() - t0;
    printf("{\"rows\": %d, \"row_bytes\": %d, \"seconds\": %.3f, \"rows_per_s\": %.1f}\n", rows, size, secs, rows / secs);
    sqlite3_finalize(s);
    sqlite3_close(db);
    free(body);
    return 0;
}
