/* log.c -- stderr / journald line logger (see log.h). */
#include "common/log.h"
#include "common/buf.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdlib.h>
#include <unistd.h>

static int max_level = AK_LOG_NOTICE;
static int journal = 0;
static ak_log_hook_fn *hook = NULL;
static void *hook_udata = NULL;
static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;

void ak_log_init(int level)
{
    max_level = level;
    const char *js = getenv("JOURNAL_STREAM");
    journal = js && *js;
}

int ak_log_level(void) { return max_level; }
int ak_log_enabled(int level) { return level <= max_level; }

void ak_log_set_hook(ak_log_hook_fn *fn, void *udata)
{
    pthread_mutex_lock(&log_lock);
    hook = fn;
    hook_udata = udata;
    pthread_mutex_unlock(&log_lock);
}

static const char *level_name(int level)
{
    switch (level) {
    case AK_LOG_ERROR: return "error: ";
    case AK_LOG_WARN: return "warning: ";
    case AK_LOG_DEBUG: return "debug: ";
    default: return "";
    }
}

void ak_log(int level, const char *fmt, ...)
{
    if (level > max_level) return;
    ak_buf line = {0};
    if (journal) ak_buf_printf(&line, "<%d>", level);
    else ak_buf_puts(&line, "akhbar: ");
    ak_buf_puts(&line, level_name(level));
    va_list ap;
    va_start(ap, fmt);
    ak_buf_vprintf(&line, fmt, ap);
    va_end(ap);
    /* One event is one line: fold any newline a message may carry. */
    for (size_t i = 0; i < line.len; i++)
        if (line.data[i] == '\n' || line.data[i] == '\r') line.data[i] = ' ';
    ak_buf_putc(&line, '\n');
    pthread_mutex_lock(&log_lock);
    if (hook) hook(1, hook_udata);
    size_t off = 0;
    while (off < line.len) {
        ssize_t w = write(STDERR_FILENO, line.data + off, line.len - off);
        if (w <= 0) break;
        off += (size_t)w;
    }
    if (hook) hook(0, hook_udata);
    pthread_mutex_unlock(&log_lock);
    ak_buf_free(&line);
}
