/* fuzz.h -- shared by the fuzz targets: libFuzzer's entry point, and a
 * replay main() (built with -DFUZZ_REPLAY) that runs saved inputs through
 * the same entry point, so every crash ever found stays a regression test
 * in `make test` without clang. */
#ifndef AK_FUZZ_H
#define AK_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A NUL-terminated copy of the input (callers free). */
static inline char *fuzz_cstr(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);
    if (!s) abort();
    if (size) memcpy(s, data, size);
    s[size] = '\0';
    return s;
}

#ifdef FUZZ_REPLAY
/* replay FILE... : runs each file through the target; prints TAP. */
int main(int argc, char **argv)
{
    int n = 0;
    for (int i = 1; i < argc; i++) {
        FILE *fp = fopen(argv[i], "rb");
        if (!fp) {
            printf("not ok %d - %s (cannot open)\n", ++n, argv[i]);
            continue;
        }
        size_t cap = 1 << 16, len = 0;
        uint8_t *buf = malloc(cap);
        size_t r;
        while ((r = fread(buf + len, 1, cap - len, fp)) > 0) {
            len += r;
            if (len == cap) buf = realloc(buf, cap *= 2);
        }
        fclose(fp);
        LLVMFuzzerTestOneInput(buf, len);
        free(buf);
        printf("ok %d - %s\n", ++n, argv[i]);
    }
    if (n == 0) printf("ok 1 - no saved inputs\n");
    return 0;
}
#endif

#endif
