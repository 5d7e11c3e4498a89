/* progress.c -- one-line live crawl progress on a terminal (see progress.h). */
#include "main/progress.h"
#include "common/log.h"
#include "common/timeutil.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

static void put(const char *s, size_t n)
{
    while (n) {
        ssize_t w = write(STDERR_FILENO, s, n);
        if (w <= 0) return;
        s += w;
        n -= (size_t)w;
    }
}

static void render(ak_progress *p)
{
    int64_t ms = ak_mono_ms() - p->start_ms;
    double secs = ms / 1000.0;
    double rate = secs > 0.5 ? p->fetched / secs : 0;
    char line[256];
    int n = snprintf(line, sizeof line,
                     "\r\033[Kfeeds %d/%d | articles %d/%d fetched | %d new | %d duplicates | %.1f/s | %d:%02d",
                     p->feeds_done, p->feeds_total, p->fetched, p->queued, p->new_articles,
                     p->duplicates, rate, (int)(ms / 60000), (int)(ms / 1000 % 60));
    if (n > 0) put(line, (size_t)n < sizeof line ? (size_t)n : sizeof line - 1);
    p->last_len = n;
}

/* Logger hook: erase before a log line, redraw after it. */
static void hook(int before, void *ud)
{
    ak_progress *p = ud;
    if (before) put("\r\033[K", 4);
    else render(p);
}

void ak_progress_start(ak_progress *p, bool enabled, int feeds_total)
{
    memset(p, 0, sizeof *p);
    p->on = enabled;
    p->feeds_total = feeds_total;
    p->start_ms = ak_mono_ms();
    if (p->on) {
        ak_log_set_hook(hook, p);
        ak_progress_draw(p, true);
    }
}

void ak_progress_draw(ak_progress *p, bool force)
{
    if (!p->on) return;
    int64_t now = ak_mono_ms();
    if (!force && now - p->drawn_ms < 100) return;
    p->drawn_ms = now;
    render(p);
}

void ak_progress_stop(ak_progress *p)
{
    if (!p->on) return;
    ak_log_set_hook(NULL, NULL);
    put("\r\033[K", 4);
    p->on = false;
}
