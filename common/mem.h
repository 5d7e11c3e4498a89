/* mem.h -- allocation helpers shared by every module.
 *
 * Why this exists: akhbar treats out-of-memory as fatal (like redis'
 * zmalloc): a crawler that cannot allocate a few KB cannot do anything
 * useful, and checking every small allocation would bury the real error
 * paths.  These wrappers print a message and abort() on failure, so callers
 * never see NULL.  Everything they return is freed with plain free().
 */
#ifndef AK_MEM_H
#define AK_MEM_H

#include <stddef.h>
#include <stdlib.h> /* free() */

void *ak_malloc(size_t n);                 /* never NULL; free() */
void *ak_calloc(size_t n, size_t size);    /* zeroed; never NULL; free() */
void *ak_realloc(void *p, size_t n);       /* never NULL; free() */
char *ak_strdup(const char *s);            /* NULL in -> NULL out */
char *ak_strndup(const char *s, size_t n); /* copies at most n bytes, NUL-terminates */

#endif
