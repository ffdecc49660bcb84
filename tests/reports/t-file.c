/* Atomic writes, mkdir -p and read_file: contents read back byte for byte
 * (including NUL bytes), an overwrite replaces the file whole, no temporary
 * file is left, a concurrent reader only ever sees the old or the new
 * complete file, and errors name the path. */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "dmv/report.h"
#include "dmv_test.h"

static long tmp_files(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *de;
    long n = 0;
    if (d == NULL)
        return -1;
    while ((de = readdir(d)) != NULL)
        n += strstr(de->d_name, ".tmp.") != NULL;
    closedir(d);
    return n;
}

int main(void)
{
    char dir[1024], path[4200], nested[4200];
    dmv_error err;
    dmv_test_rng rng = {5};
    char *back = NULL, *data;
    size_t len = 0, n;
    long it;
    int code;
    snprintf(dir, sizeof dir, "%s/reports-t-file.%ld", DMV_BINARY_DIR, (long) getpid());
    snprintf(nested, sizeof nested, "%s/a/b/c", dir);
    dmv_error_init(&err);
    DMV_CHECK(dmv_report_mkdir_p(nested, &err) == DMV_OK, "mkdir -p %s: %s", nested, err.msg);
    DMV_CHECK(dmv_report_mkdir_p(nested, &err) == DMV_OK, "mkdir -p on an existing folder: %s", err.msg);
    snprintf(path, sizeof path, "%.2000s/x.bin", nested);

    data = malloc(1 << 20);
    for (it = 0; it < dmv_test_iters(20); it++) {
        size_t k;
        n = (size_t) (dmv_test_next(&rng) % (1 << 20));
        for (k = 0; k < n; k++)
            data[k] = (char) (dmv_test_next(&rng) & 0xff);
        code = dmv_report_write_atomic(path, data, n, &err);
        DMV_CHECK(code == DMV_OK, "write %zu bytes: %s", n, err.msg);
        code = dmv_report_read_file(&back, &len, path, &err);
        DMV_CHECK(code == DMV_OK && len == n && memcmp(back, data, n) == 0 && back[n] == '\0',
                  "read back %zu of %zu bytes", len, n);
        free(back);
    }
    DMV_CHECK(tmp_files(nested) == 0, "temporary files left in %s", nested);
    {
        struct stat st;
        DMV_CHECK(stat(path, &st) == 0 && (st.st_mode & 0644) == 0644, "mode %o: reports must be readable",
                  (unsigned) st.st_mode);
    }

    /* a reader racing the writer sees a complete old or new file, never a mix */
    {
        const size_t big = 1 << 20;
        pid_t pid;
        memset(data, 'A', big);
        DMV_CHECK(dmv_report_write_atomic(path, data, big, &err) == DMV_OK, "write A");
        pid = fork();
        if (pid == 0) {
            int j;
            for (j = 0; j < 20; j++) {
                memset(data, (j % 2) ? 'A' : 'B', big);
                if (dmv_report_write_atomic(path, data, big, NULL) != DMV_OK)
                    _exit(1);
            }
            _exit(0);
        } else {
            int status = 0, j;
            for (j = 0; j < 200; j++) {
                size_t k;
                int mixed = 0;
                if (dmv_report_read_file(&back, &len, path, NULL) != DMV_OK)
                    continue;
                for (k = 1; k < len; k++)
                    mixed |= back[k] != back[0];
                DMV_CHECK(len == big && !mixed, "reader saw %zu bytes%s", len, mixed ? ", mixed" : "");
                free(back);
            }
            waitpid(pid, &status, 0);
            DMV_CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0, "writer process failed");
        }
    }
    free(data);

    /* errors name the path */
    dmv_error_init(&err);
    code = dmv_report_read_file(&back, &len, "/nonexistent/dmv/report.json", &err);
    DMV_CHECK(code == DMV_EIO && strstr(err.msg, "/nonexistent/dmv/report.json") != NULL, "read error: %d %s", code,
              err.msg);
    dmv_error_init(&err);
    code = dmv_report_write_atomic("/nonexistent/dmv/report.json", "x", 1, &err);
    DMV_CHECK(code == DMV_EIO && strstr(err.msg, "/nonexistent/dmv/report.json") != NULL, "write error: %d %s", code,
              err.msg);
    dmv_error_init(&err);
    code = dmv_report_write_atomic("dir/", "x", 1, &err);
    DMV_CHECK(code == DMV_EINVAL, "a folder name is not a file name: %d", code);
    dmv_error_init(&err);
    snprintf(nested, sizeof nested, "%.2000s/sub", path); /* under a regular file */
    code = dmv_report_mkdir_p(nested, &err);
    DMV_CHECK(code == DMV_EIO && strstr(err.msg, path) != NULL, "mkdir under a file: %d %s", code, err.msg);

    /* clean up */
    unlink(path);
    snprintf(nested, sizeof nested, "%s/a/b/c", dir);
    rmdir(nested);
    snprintf(nested, sizeof nested, "%s/a/b", dir);
    rmdir(nested);
    snprintf(nested, sizeof nested, "%s/a", dir);
    rmdir(nested);
    rmdir(dir);
    DMV_TEST_DONE("reports/t-file");
}
