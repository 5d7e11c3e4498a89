/* strset.c -- open-addressing string set (see strset.h). */
#include "common/strset.h"
#include "common/mem.h"

#include <string.h>
#include <xxhash.h>

static size_t find(char **slot, size_t cap, const char *s)
{
    size_t i = (size_t)XXH3_64bits(s, strlen(s)) & (cap - 1);
    while (slot[i] && strcmp(slot[i], s) != 0) i = (i + 1) & (cap - 1);
    return i;
}

bool ak_strset_has(const ak_strset *set, const char *s)
{
    return set->cap && set->slot[find(set->slot, set->cap, s)];
}

bool ak_strset_add(ak_strset *set, const char *s)
{
    if ((set->n + 1) * 4 > set->cap * 3) {
        size_t cap = set->cap ? set->cap * 2 : 64;
        char **slot = ak_calloc(cap, sizeof *slot);
        for (size_t i = 0; i < set->cap; i++)
            if (set->slot[i]) slot[find(slot, cap, set->slot[i])] = set->slot[i];
        free(set->slot);
        set->slot = slot;
        set->cap = cap;
    }
    size_t i = find(set->slot, set->cap, s);
    if (set->slot[i]) return false;
    set->slot[i] = ak_strdup(s);
    set->n++;
    return true;
}

void ak_strset_free(ak_strset *set)
{
    for (size_t i = 0; i < set->cap; i++) free(set->slot[i]);
    free(set->slot);
    set->slot = NULL;
    set->cap = set->n = 0;
}
