/* fuzz_url.c -- URL resolution and normalisation on arbitrary text (base
 * and reference separated by a newline); normalising twice changes nothing. */
#include "common/url.h"
#include "common/utf8.h"
#include "tests/fuzz/fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *s = fuzz_cstr(data, size);
    char *nl = strchr(s, '\n');
    const char *base = NULL, *ref = s;
    if (nl) {
        *nl = '\0';
        base = s;
        ref = nl + 1;
    }
    char *abs = ak_url_resolve(base, ref);
    char *any = ak_url_resolve_any(base, ref);
    if (abs) {
        char *n1 = ak_url_normalize(abs);
        if (n1) {
            char *n2 = ak_url_normalize(n1);
            if (!n2 || strcmp(n1, n2) != 0) abort(); /* idempotent */
            if (!ak_utf8_valid(n1, strlen(n1))) abort();
            free(n2);
        }
        free(n1);
        free(ak_url_host(abs));
        free(ak_url_origin(abs));
        free(ak_url_path_query(abs));
    }
    free(abs);
    free(any);
    free(s);
    return 0;
}
