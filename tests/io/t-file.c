/* io/file.c: dmv_file_read reads back exactly the bytes written (random sizes around the growth steps of
 * its buffer, embedded NULs), NUL-terminates, and names what and the path in its errors; dmv_file_dir
 * against hand-written cases. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dmv/file.h"
#include "dmv_test.h"

int main(void)
{
    dmv_test_rng rng = {20261207};
    static const size_t sizes[] = {0, 1, 4095, 4096, 61440, 61441, 65535, 65536, 65537, 200000};
    char path[] = "/tmp/dmv-t-file-XXXXXX";
    int fd = mkstemp(path);
    long k, it;
    dmv_error err;
    DMV_CHECK(fd >= 0, "mkstemp");
    close(fd);
    for (it = 0; it < dmv_test_iters(3); it++)
        for (k = 0; k < (long) (sizeof sizes / sizeof sizes[0]); k++) {
            size_t n = sizes[k] + (it > 0 ? (size_t) (dmv_test_next(&rng) % 3) : 0), i, got = 7;
            unsigned char *buf = malloc(n + 1);
            char *back = NULL;
            FILE *f = fopen(path, "wb");
            DMV_CHECK(buf != NULL && f != NULL, "setup");
            for (i = 0; i < n; i++)
                buf[i] = (unsigned char) (dmv_test_next(&rng) & 0xff); /* NULs included */
            DMV_CHECK(fwrite(buf, 1, n, f) == n && fclose(f) == 0, "write %zu bytes", n);
            dmv_error_init(&err);
            DMV_CHECK(dmv_file_read(&back, &got, path, "test file", &err) == DMV_OK, "read: %s", err.msg);
            DMV_CHECK(got == n && back != NULL && memcmp(back, buf, n) == 0 && back[n] == '\0',
                      "%zu bytes: read %zu, content or terminator differs", n, got);
            free(back);
            free(buf);
        }
    /* errors: the kind and the path in the message, nothing returned */
    {
        char *out = (char *) &err; /* must be reset to NULL */
        remove(path);
        dmv_error_init(&err);
        DMV_CHECK(dmv_file_read(&out, NULL, path, "problem", &err) == DMV_EIO && out == NULL &&
                      strncmp(err.msg, "problem /tmp/dmv-t-file-", 24) == 0 && strstr(err.msg, "cannot open"),
                  "missing file: '%s'", err.msg);
        dmv_error_init(&err);
        DMV_CHECK(dmv_file_read(&out, NULL, "/tmp", NULL, &err) == DMV_EIO && out == NULL &&
                      strncmp(err.msg, "/tmp: ", 6) == 0,
                  "a folder: '%s'", err.msg);
        dmv_error_init(&err);
        DMV_CHECK(dmv_file_read(&out, NULL, NULL, "model file", &err) == DMV_EINVAL && strstr(err.msg, "model file"),
                  "no name: '%s'", err.msg);
    }
    {
        static const char *const cases[][2] = {
            {"a/b/c.json", "a/b/"}, {"c.json", ""}, {"/x", "/"}, {"./m.json", "./"}, {"d/", "d/"}, {"", ""}};
        for (k = 0; k < (long) (sizeof cases / sizeof cases[0]); k++) {
            char *dir = NULL;
            DMV_CHECK(dmv_file_dir(&dir, cases[k][0]) == DMV_OK && dir != NULL && strcmp(dir, cases[k][1]) == 0,
                      "dir of '%s': '%s', by hand '%s'", cases[k][0], dir ? dir : "(null)", cases[k][1]);
            free(dir);
        }
    }
    DMV_TEST_DONE("io/t-file");
}
