/* Atomic file writes (temporary file in the same folder, fsync, rename),
 * mkdir -p, and reading a whole file. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include "dmv/cleanup.h"
#include "dmv/file.h"
#include "dmv/report.h"

/* Splits path into its folder ("." if none) and base name. */
static int split_path(const char *path, char **dir, const char **base)
{
    const char *slash = strrchr(path, '/');
    size_t n;
    if (slash == NULL) {
        *dir = malloc(2);
        if (*dir == NULL)
            return 0;
        strcpy(*dir, ".");
        *base = path;
        return 1;
    }
    n = (size_t) (slash - path);
    if (n == 0)
        n = 1; /* "/name" */
    *dir = malloc(n + 1);
    if (*dir == NULL)
        return 0;
    memcpy(*dir, path, n);
    (*dir)[n] = '\0';
    *base = slash + 1;
    return 1;
}

int dmv_report_write_atomic(const char *path, const char *data, size_t len, dmv_error *err)
{
    char *dir = NULL, *tmp = NULL;
    const char *base;
    size_t off = 0;
    int fd, dfd, slot;
    if (path == NULL || *path == '\0' || path[strlen(path) - 1] == '/')
        return dmv_error_set(err, DMV_EINVAL, "write: path '%s' is not a file name", path ? path : "(null)");
    if (!split_path(path, &dir, &base))
        return dmv_error_set(err, DMV_ENOMEM, "write %s: out of memory", path);
    tmp = malloc(strlen(dir) + strlen(base) + 32);
    if (tmp == NULL) {
        free(dir);
        return dmv_error_set(err, DMV_ENOMEM, "write %s: out of memory", path);
    }
    sprintf(tmp, "%s/.%s.tmp.XXXXXX", dir, base);
    fd = dmv_cleanup_mkstemp(tmp, &slot); /* a SIGINT/SIGTERM removes it (dmv/cleanup.h) */
    if (fd < 0) {
        int e = errno;
        free(tmp);
        free(dir);
        return dmv_error_set(err, DMV_EIO, "write %s: cannot create a temporary file: %s", path, strerror(e));
    }
    (void) fchmod(fd, 0644);
    while (off < len) {
        ssize_t w = write(fd, data + off, len - off);
        if (w < 0) {
            int e = errno;
            if (e == EINTR)
                continue;
            close(fd);
            unlink(tmp);
            dmv_cleanup_forget(slot);
            free(tmp);
            free(dir);
            return dmv_error_set(err, DMV_EIO, "write %s: %s", path, strerror(e));
        }
        off += (size_t) w;
    }
    if (fsync(fd) != 0 || close(fd) != 0) {
        int e = errno;
        unlink(tmp);
        dmv_cleanup_forget(slot);
        free(tmp);
        free(dir);
        return dmv_error_set(err, DMV_EIO, "write %s: cannot flush: %s", path, strerror(e));
    }
    if (rename(tmp, path) != 0) {
        int e = errno;
        unlink(tmp);
        dmv_cleanup_forget(slot);
        free(tmp);
        free(dir);
        return dmv_error_set(err, DMV_EIO, "write %s: cannot rename the temporary file: %s", path, strerror(e));
    }
    dmv_cleanup_forget(slot);
    /* Make the rename itself durable (best effort). */
    dfd = open(dir, O_RDONLY);
    if (dfd >= 0) {
        (void) fsync(dfd);
        close(dfd);
    }
    free(tmp);
    free(dir);
    return DMV_OK;
}

int dmv_report_mkdir_p(const char *dir, dmv_error *err)
{
    char *p, *s;
    struct stat st;
    if (dir == NULL || *dir == '\0')
        return dmv_error_set(err, DMV_EINVAL, "mkdir: empty folder name");
    s = malloc(strlen(dir) + 1);
    if (s == NULL)
        return dmv_error_set(err, DMV_ENOMEM, "mkdir %s: out of memory", dir);
    strcpy(s, dir);
    for (p = s + 1;; p++) {
        if (*p == '/' || *p == '\0') {
            char c = *p;
            *p = '\0';
            if (mkdir(s, 0755) != 0 && errno != EEXIST) {
                int e = errno;
                int code = dmv_error_set(err, DMV_EIO, "mkdir %s: %s", s, strerror(e));
                free(s);
                return code;
            }
            *p = c;
            if (c == '\0')
                break;
        }
    }
    free(s);
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
        return dmv_error_set(err, DMV_EIO, "mkdir %s: exists and is not a folder", dir);
    return DMV_OK;
}

int dmv_report_read_file(char **out, size_t *len, const char *path, dmv_error *err)
{
    return dmv_file_read(out, len, path, NULL, err);
}
