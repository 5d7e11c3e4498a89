/* lockfile.c -- flock(2)-based single-writer lock (see lockfile.h). */
#include "common/lockfile.h"
#include "common/timeutil.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <time.h>
#include <unistd.h>

static long read_pid(int fd)
{
    char buf[32] = {0};
    ssize_t n = pread(fd, buf, sizeof buf - 1, 0);
    return n > 0 ? strtol(buf, NULL, 10) : 0;
}

ak_lock_result ak_lock_acquire(const char *path, int wait_ms, int *out, long *holder)
{
    int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0) return AK_LOCK_ERROR;
    int64_t deadline = ak_mono_ms() + wait_ms;
    for (;;) {
        if (flock(fd, LOCK_EX | LOCK_NB) == 0) break;
        if (errno != EWOULDBLOCK && errno != EINTR) {
            int e = errno;
            close(fd);
            errno = e;
            return AK_LOCK_ERROR;
        }
        if (ak_mono_ms() >= deadline) {
            if (holder) *holder = read_pid(fd);
            close(fd);
            return AK_LOCK_BUSY;
        }
        struct timespec ts = {0, 100 * 1000000L};
        nanosleep(&ts, NULL);
    }
    char pid[32];
    int n = snprintf(pid, sizeof pid, "%ld\n", (long)getpid());
    if (ftruncate(fd, 0) == 0 && pwrite(fd, pid, (size_t)n, 0) < 0) { /* the PID is informative only */ }
    *out = fd;
    return AK_LOCK_OK;
}

void ak_lock_release(int fd)
{
    if (fd < 0) return;
    if (ftruncate(fd, 0) != 0) { /* nothing to do: the lock goes with the descriptor */ }
    flock(fd, LOCK_UN);
    close(fd);
}
