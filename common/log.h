/* log.h -- one line per event on stderr.
 *
 * Why this exists: operators read akhbar's output in a terminal or through
 * journald.  Every module logs through here so that lines look the same
 * ("akhbar: warning: <what>: <url>: <reason>"), honour --quiet/--verbose,
 * and, when stderr is connected to the journal (JOURNAL_STREAM is set), carry
 * a syslog priority prefix ("<4>") that `journalctl -p warning` filters on.
 */
#ifndef AK_LOG_H
#define AK_LOG_H

/* Levels are syslog priorities, so they double as journald prefixes. */
enum {
    AK_LOG_ERROR = 3,  /* something failed and was given up */
    AK_LOG_WARN = 4,   /* a feed or page failed; the crawl goes on */
    AK_LOG_NOTICE = 5, /* summaries; shown unless --quiet */
    AK_LOG_INFO = 6,   /* per-item progress; shown with --verbose */
    AK_LOG_DEBUG = 7   /* protocol details; shown with -vv */
};

/* Sets the most verbose level printed (default AK_LOG_NOTICE) and detects
 * journald.  Safe to call more than once. */
void ak_log_init(int max_level);
int ak_log_level(void);
int ak_log_enabled(int level);

/* Prints one line; a trailing newline is added.  Thread-safe (one write(2)
 * per line). */
void ak_log(int level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* A hook called before each line is written and after it (used by the
 * progress display to erase and redraw its line).  NULL to clear. */
typedef void ak_log_hook_fn(int before, void *udata);
void ak_log_set_hook(ak_log_hook_fn *fn, void *udata);

#define ak_error(...) ak_log(AK_LOG_ERROR, __VA_ARGS__)
#define ak_warn(...) ak_log(AK_LOG_WARN, __VA_ARGS__)
#define ak_notice(...) ak_log(AK_LOG_NOTICE, __VA_ARGS__)
#define ak_info(...) ak_log(AK_LOG_INFO, __VA_ARGS__)
#define ak_debug(...) ak_log(AK_LOG_DEBUG, __VA_ARGS__)

#endif
