/* buf.h -- a growable byte buffer, always NUL-terminated.
 *
 * Why this exists: the fetcher accumulates bodies, the parsers build text
 * and the exporter builds lines; they all need the same append-only buffer.
 * A zero-initialised ak_buf ({0}) is a valid empty buffer.  The buffer owns
 * its data; ak_buf_free() releases it, ak_buf_steal() hands it to the caller.
 */
#ifndef AK_BUF_H
#define AK_BUF_H

#include <stdarg.h>
#include <stddef.h>

typedef struct ak_buf {
    char *data; /* bytes, NUL-terminated when non-NULL; owned */
    size_t len; /* bytes used, excluding the terminating NUL */
    size_t cap; /* bytes allocated */
} ak_buf;

void ak_buf_reserve(ak_buf *b, size_t extra);  /* ensure room for extra bytes */
void ak_buf_append(ak_buf *b, const void *p, size_t n);
void ak_buf_puts(ak_buf *b, const char *s);
void ak_buf_putc(ak_buf *b, char c);
void ak_buf_printf(ak_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void ak_buf_vprintf(ak_buf *b, const char *fmt, va_list ap);
void ak_buf_clear(ak_buf *b);                  /* len = 0, keeps memory */
void ak_buf_free(ak_buf *b);                   /* releases memory, resets */
char *ak_buf_steal(ak_buf *b);                 /* caller frees; never NULL */
const char *ak_buf_str(const ak_buf *b);       /* "" when empty */

#endif
