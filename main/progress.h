/* progress.h -- the live one-line progress display of `akhbar crawl`.
 *
 * Why this exists: an analyst running a crawl by hand wants to see it move;
 * a timer run under systemd wants none of it in the journal.  The display
 * is drawn on stderr only when stderr is a terminal (and not --quiet),
 * redrawn at most ten times a second, and erased around log lines (through
 * the logger's hook) so messages and the display never mix.
 */
#ifndef AK_PROGRESS_H
#define AK_PROGRESS_H

#include <stdbool.h>
#include <stdint.h>

typedef struct ak_progress {
    bool on;            /* drawing (stderr is a terminal) */
    int feeds_total;    /* feeds configured */
    int feeds_done;     /* feeds answered (ok or failed) */
    int queued;         /* article pages queued */
    int fetched;        /* article pages answered */
    int new_articles;   /* articles stored */
    int duplicates;     /* stored articles found to be copies */
    int64_t start_ms;   /* monotonic start */
    int64_t drawn_ms;   /* last redraw */
    int last_len;       /* columns of the last line drawn */
} ak_progress;

/* Starts the display if enabled (callers pass isatty(2) && !quiet). */
void ak_progress_start(ak_progress *p, bool enabled, int feeds_total);

/* Redraws when 100 ms have passed since the last draw (force: now). */
void ak_progress_draw(ak_progress *p, bool force);

/* Erases the line and detaches from the logger. */
void ak_progress_stop(ak_progress *p);

#endif
