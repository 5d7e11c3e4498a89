/* pg.c -- placeholder while the PostgreSQL backend is written. */
#include "store/store_int.h"
#include "common/mem.h"

st_store *st__pg_open(const char *uri, int flags, int busy_ms, int *code, char **err)
{
    (void)uri, (void)flags, (void)busy_ms;
    if (code) *code = ST_EOPEN;
    if (err) *err = ak_strdup("store: PostgreSQL is not supported yet");
    return NULL;
}
