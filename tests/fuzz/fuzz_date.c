/* fuzz_date.c -- the date parser on arbitrary text: never 1970, never a
 * crash, always within the documented years. */
#include "common/timeutil.h"
#include "parser/date.h"
#include "tests/fuzz/fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *s = fuzz_cstr(data, size);
    dt_result r;
    if (dt_parse(s, 60, &r)) {
        /* 1990-01-01 .. 2101-01-01, with a day of slack for offsets. */
        if (r.t < 631152000 - 86400 || r.t > 4133980800LL + 86400) abort();
        if (r.off_min < -24 * 60 || r.off_min > 24 * 60) abort();
    }
    int64_t t;
    ak_time_parse_iso(s, 0, &t, NULL, NULL);
    free(s);
    return 0;
}
