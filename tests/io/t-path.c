/* io/path.c: output and input paths checked before any compute. Each case is a
 * file-system situation built here (a missing folder, a file where a folder is
 * expected, a hard link, a symlink) with the answer known by construction; the
 * checks must leave no probe file behind. */
#define _XOPEN_SOURCE 700
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dmv/cleanup.h"
#include "dmv/path.h"
#include "dmv_test.h"

static long entries(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    long n = 0;
    if (d == NULL)
        return -1;
    while ((e = readdir(d)) != NULL)
        n += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
    closedir(d);
    return n;
}

static void touch(const char *p)
{
    FILE *f = fopen(p, "w");
    if (f != NULL) {
        fputs("x", f);
        fclose(f);
    }
}

int main(void)
{
    char tmpl[] = "/tmp/dmv-t-path.XXXXXX", p[512], q[512];
    const char *dir = mkdtemp(tmpl);
    dmv_error err;
    int rc;
    DMV_CHECK(dir != NULL, "mkdtemp failed");
    if (dir == NULL)
        DMV_TEST_DONE("t-path");

    /* outputs */
    snprintf(p, sizeof p, "%s/out.json", dir);
    dmv_error_init(&err);
    DMV_CHECK(dmv_path_check_output(p, "--stats", &err) == DMV_OK, "new file in a writable folder: %s", err.msg);
    DMV_CHECK(entries(dir) == 0, "the probe left %ld entries", entries(dir));
    touch(p);
    dmv_error_init(&err);
    DMV_CHECK(dmv_path_check_output(p, "--stats", &err) == DMV_OK, "existing regular file: %s", err.msg);
    snprintf(q, sizeof q, "%s/nodir/out.json", dir);
    dmv_error_init(&err);
    rc = dmv_path_check_output(q, "--stats", &err);
    DMV_CHECK(rc != DMV_OK && strstr(err.msg, q) && strstr(err.msg, "--stats"), "missing folder: %d %s", rc, err.msg);
    dmv_error_init(&err);
    rc = dmv_path_check_output(dir, "--out", &err);
    DMV_CHECK(rc == DMV_EINVAL && strstr(err.msg, "folder"), "a folder as output: %d %s", rc, err.msg);
    snprintf(q, sizeof q, "%s/out.json/x", dir); /* a file used as a folder */
    dmv_error_init(&err);
    DMV_CHECK(dmv_path_check_output(q, "--out", &err) != DMV_OK, "file as folder accepted");
    dmv_error_init(&err);
    DMV_CHECK(dmv_path_check_output("", "--out", &err) == DMV_EINVAL, "empty name accepted");
    dmv_error_init(&err);
    DMV_CHECK(dmv_path_check_output("/dev/null", "--out", &err) == DMV_EINVAL && strstr(err.msg, "regular"),
              "/dev/null: %s", err.msg);
    dmv_error_init(&err);
    DMV_CHECK(dmv_path_check_output("/proc/x/s.json", "--stats", &err) != DMV_OK, "/proc/x accepted");

    /* output folders: nothing is created by the check */
    snprintf(q, sizeof q, "%s/a/b/c", dir);
    dmv_error_init(&err);
    DMV_CHECK(dmv_path_check_output_dir(q, "--report-dir", &err) == DMV_OK, "nested new folder: %s", err.msg);
    DMV_CHECK(entries(dir) == 1, "the folder check created something (%ld entries)", entries(dir));
    dmv_error_init(&err);
    DMV_CHECK(dmv_path_check_output_dir(dir, "--report-dir", &err) == DMV_OK, "existing folder: %s", err.msg);
    snprintf(q, sizeof q, "%s/out.json/r", dir);
    dmv_error_init(&err);
    rc = dmv_path_check_output_dir(q, "--report-dir", &err);
    DMV_CHECK(rc != DMV_OK && strstr(err.msg, q), "under a file: %d %s", rc, err.msg);
    dmv_error_init(&err);
    DMV_CHECK(dmv_path_check_output_dir(p, "--report-dir", &err) == DMV_EINVAL, "a file as report folder");
    dmv_error_init(&err);
    DMV_CHECK(dmv_path_check_output_dir("/proc/x", "--report-dir", &err) != DMV_OK, "/proc/x accepted");

    /* inputs */
    dmv_error_init(&err);
    DMV_CHECK(dmv_path_check_input(p, "--spectrum", &err) == DMV_OK, "readable file: %s", err.msg);
    snprintf(q, sizeof q, "%s/none.npy", dir);
    dmv_error_init(&err);
    rc = dmv_path_check_input(q, "--spectrum", &err);
    DMV_CHECK(rc == DMV_EIO && strstr(err.msg, q) && strstr(err.msg, "--spectrum"), "missing: %d %s", rc, err.msg);
    dmv_error_init(&err);
    DMV_CHECK(dmv_path_check_input(dir, "--spectrum", &err) == DMV_EINVAL, "folder as input accepted");
    dmv_error_init(&err);
    DMV_CHECK(dmv_path_check_input_dir(dir, "--data-dir", &err) == DMV_OK, "folder: %s", err.msg);
    dmv_error_init(&err);
    DMV_CHECK(dmv_path_check_input_dir(p, "--data-dir", &err) == DMV_EINVAL, "file as folder accepted");
    dmv_error_init(&err);
    DMV_CHECK(dmv_path_check_input_dir("/nonexistent", "--data-dir", &err) == DMV_EIO &&
                  strstr(err.msg, "/nonexistent"), "missing folder: %s", err.msg);

    /* the same file */
    snprintf(q, sizeof q, "%s/./out.json", dir);
    DMV_CHECK(dmv_path_same(p, q), "'./' spelling not recognised");
    snprintf(q, sizeof q, "%s/hard.json", dir);
    DMV_CHECK(link(p, q) == 0 && dmv_path_same(p, q), "hard link not recognised");
    snprintf(q, sizeof q, "%s/new.npy", dir);
    DMV_CHECK(!dmv_path_same(p, q), "different files called the same");
    {
        char a[512], b[512], l[512];
        snprintf(a, sizeof a, "%s/x.npy", dir); /* neither exists yet */
        snprintf(b, sizeof b, "%s//x.npy", dir);
        DMV_CHECK(dmv_path_same(a, b), "'//' spelling of a new file not recognised");
        snprintf(l, sizeof l, "%s/link.npy", dir);
        DMV_CHECK(symlink(a, l) == 0 && dmv_path_same(a, l), "dangling symlink to the other output not recognised");
        unlink(l);
    }
    DMV_CHECK(dmv_cleanup_count() == 0, "%d clean-up slots left registered", dmv_cleanup_count());

    snprintf(q, sizeof q, "rm -rf '%s'", dir);
    DMV_CHECK(system(q) == 0, "cleanup of %s", dir);
    DMV_TEST_DONE("t-path");
}
