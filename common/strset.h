/* strset.h -- a set of strings (open addressing, xxhash).
 *
 * Why this exists: a crawl must not queue the same article URL twice in one
 * run, whatever number of feeds list it.  The set copies what it is given
 * and frees it all in ak_strset_free().
 */
#ifndef AK_STRSET_H
#define AK_STRSET_H

#include <stdbool.h>
#include <stddef.h>

typedef struct ak_strset {
    char **slot;   /* NULL = empty; owned strings */
    size_t cap;    /* slots, a power of two (0 before first insert) */
    size_t n;      /* strings stored */
} ak_strset;

/* Inserts s; returns true when it was not there before. */
bool ak_strset_add(ak_strset *set, const char *s);
bool ak_strset_has(const ak_strset *set, const char *s);
void ak_strset_free(ak_strset *set);

#endif
