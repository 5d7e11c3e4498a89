/* fuzz_config.c -- the INI config reader on arbitrary files. */
#include "config/config.h"
#include "tests/fuzz/fuzz.h"

#include <sys/mman.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    int fd = memfd_create("akhbar-fuzz-conf", 0);
    if (fd < 0) return 0;
    if (size && write(fd, data, size) != (ssize_t)size) {
        close(fd);
        return 0;
    }
    char path[64];
    snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
    cf_config *c = cf_new();
    char *err = NULL;
    if (cf_read(c, path, &err) == 0) {
        char *verr = NULL;
        cf_validate(c, &verr);
        free(verr);
    } else if (!err) {
        abort(); /* a failure always says why */
    }
    free(err);
    cf_free(c);
    close(fd);
    return 0;
}
