/* lockfile.h -- one writer at a time, across processes.
 *
 * Why this exists: the systemd timer and a manual `akhbar crawl` may start
 * at the same moment against the same store.  A crawl takes an exclusive
 * flock(2) on "<store>.lock" (holding the holder's PID, for messages);
 * a second crawl waits a bounded time, then gives up with a clear message.
 * Readers (export, search, stats) never take it: SQLite's WAL lets them
 * read during a crawl.  The kernel releases the lock when the process
 * dies, even by SIGKILL, so a crash never leaves a stale lock.
 */
#ifndef AK_LOCKFILE_H
#define AK_LOCKFILE_H

#include <stdbool.h>

typedef enum ak_lock_result {
    AK_LOCK_OK = 0,       /* acquired */
    AK_LOCK_BUSY = 1,     /* still held by another process after wait_ms */
    AK_LOCK_ERROR = -1    /* the lock file cannot be created (errno set) */
} ak_lock_result;

/* Acquires the lock file at path, waiting up to wait_ms.  On success *fd
 * holds it (release with ak_lock_release).  On AK_LOCK_BUSY, *holder is
 * the holder's PID when known, else 0. */
ak_lock_result ak_lock_acquire(const char *path, int wait_ms, int *fd, long *holder);

void ak_lock_release(int fd);

#endif
