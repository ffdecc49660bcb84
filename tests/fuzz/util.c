/* The helpers of tests/fuzz/fuzz.h (not a target: the targets are tests/fuzz/fuzz_*.c). */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fuzz.h"

static char dmv_fuzz_paths[4][256];

static void dmv_fuzz_remove(void)
{
    int k;
    for (k = 0; k < 4; k++)
        if (dmv_fuzz_paths[k][0] != '\0')
            remove(dmv_fuzz_paths[k]);
}

const char *dmv_fuzz_file(const uint8_t *data, size_t size, const char *suffix)
{
    static int registered = 0;
    static const char *suffixes[4];
    const char *dir = getenv("TMPDIR");
    FILE *f;
    int k;
    for (k = 0; k < 4; k++)
        if (suffixes[k] == NULL || strcmp(suffixes[k], suffix) == 0)
            break;
    if (k == 4)
        return NULL;
    if (suffixes[k] == NULL) {
        suffixes[k] = suffix;
        snprintf(dmv_fuzz_paths[k], sizeof dmv_fuzz_paths[k], "%s/dmv-fuzz-%ld-%d%s",
                 dir != NULL && dir[0] != '\0' ? dir : "/tmp", (long) getpid(), k, suffix);
    }
    if (!registered) {
        registered = 1;
        atexit(dmv_fuzz_remove);
    }
    f = fopen(dmv_fuzz_paths[k], "wb");
    if (f == NULL)
        return NULL;
    if (size > 0 && fwrite(data, 1, size, f) != size) {
        fclose(f);
        return NULL;
    }
    if (fclose(f) != 0)
        return NULL;
    return dmv_fuzz_paths[k];
}

char *dmv_fuzz_text(const uint8_t *data, size_t size)
{
    char *t = malloc(size + 1);
    if (t == NULL)
        return NULL;
    if (size > 0)
        memcpy(t, data, size);
    t[size] = '\0';
    return t;
}
