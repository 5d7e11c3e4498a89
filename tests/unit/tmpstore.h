/* tmpstore.h -- what the SQLite store tests share: a fresh temporary
 * directory per test (cmocka setup/teardown) and a store file in it.
 * Included by one test file each (after cmocka.h). */
#ifndef AK_TESTS_TMPSTORE_H
#define AK_TESTS_TMPSTORE_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store.h"

static char dir[64], db[128]; /* the test's directory, and the store file in it */

static inline int setup(void **state)
{
    (void)state;
    strcpy(dir, "/tmp/akhbar-test-XXXXXX");
    assert_non_null(mkdtemp(dir));
    snprintf(db, sizeof db, "%s/t.db", dir);
    return 0;
}

static inline int teardown(void **state)
{
    (void)state;
    char cmd[160];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    return system(cmd);
}

/* The store db, opened for writing (the test fails when it cannot be). */
static inline st_store *open_rw(void)
{
    int code = 0;
    char *err = NULL;
    st_store *st = st_open(db, 0, 1000, &code, &err);
    if (!st) fail_msg("open: %s", err);
    return st;
}

#endif
