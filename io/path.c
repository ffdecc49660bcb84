/* Checks of input and output paths before any compute. include/dmv/path.h. */
#define _XOPEN_SOURCE 700
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include "dmv/cleanup.h"
#include "dmv/path.h"

#ifndef PATH_MAX
#define PATH_MAX 4096
#endif

/* The folder part of path ("." if none; "/" for "/x"), malloc'd; *base points into path. */
static char *dir_of(const char *path, const char **base)
{
    const char *slash = strrchr(path, '/');
    size_t n;
    char *d;
    if (slash == NULL) {
        if (base)
            *base = path;
        d = malloc(2);
        if (d)
            strcpy(d, ".");
        return d;
    }
    n = (size_t) (slash - path);
    if (n == 0)
        n = 1;
    d = malloc(n + 1);
    if (d) {
        memcpy(d, path, n);
        d[n] = '\0';
    }
    if (base)
        *base = slash + 1;
    return d;
}

int dmv_path_check_input(const char *path, const char *what, dmv_error *err)
{
    struct stat st;
    int fd;
    if (path == NULL || *path == '\0')
        return dmv_error_set(err, DMV_EINVAL, "%s '': needs a file name", what);
    if (stat(path, &st) != 0)
        return dmv_error_set(err, DMV_EIO, "%s %s: %s", what, path, strerror(errno));
    if (S_ISDIR(st.st_mode))
        return dmv_error_set(err, DMV_EINVAL, "%s %s: is a folder, not a file", what, path);
    if (!S_ISREG(st.st_mode))
        return dmv_error_set(err, DMV_EINVAL, "%s %s: not a regular file", what, path);
    fd = open(path, O_RDONLY);
    if (fd < 0)
        return dmv_error_set(err, DMV_EIO, "%s %s: cannot be read: %s", what, path, strerror(errno));
    close(fd);
    return DMV_OK;
}

int dmv_path_check_input_dir(const char *path, const char *what, dmv_error *err)
{
    struct stat st;
    DIR *d;
    if (path == NULL || *path == '\0')
        return dmv_error_set(err, DMV_EINVAL, "%s '': needs a folder name", what);
    if (stat(path, &st) != 0)
        return dmv_error_set(err, DMV_EIO, "%s %s: %s", what, path, strerror(errno));
    if (!S_ISDIR(st.st_mode))
        return dmv_error_set(err, DMV_EINVAL, "%s %s: not a folder", what, path);
    d = opendir(path);
    if (d == NULL)
        return dmv_error_set(err, DMV_EIO, "%s %s: cannot be listed: %s", what, path, strerror(errno));
    closedir(d);
    return DMV_OK;
}

/* Creates and removes a temporary file (or folder) in dir. 0, or errno. */
static int probe(const char *dir, int folder)
{
    size_t n = strlen(dir);
    char *t = malloc(n + 32);
    int slot, e = 0;
    if (t == NULL)
        return ENOMEM;
    sprintf(t, "%s/.dmverify-probe.XXXXXX", dir);
    if (folder) {
        if (dmv_cleanup_mkdtemp(t, &slot) == NULL)
            e = errno;
        else {
            (void) rmdir(t);
            dmv_cleanup_forget(slot);
        }
    } else {
        int fd = dmv_cleanup_mkstemp(t, &slot);
        if (fd < 0)
            e = errno;
        else {
            close(fd);
            (void) unlink(t);
            dmv_cleanup_forget(slot);
        }
    }
    free(t);
    return e;
}

int dmv_path_check_output(const char *path, const char *what, dmv_error *err)
{
    struct stat st;
    const char *base;
    char *dir;
    int e, rc = DMV_OK;
    if (path == NULL || *path == '\0')
        return dmv_error_set(err, DMV_EINVAL, "%s '': needs a file name", what);
    if (path[strlen(path) - 1] == '/')
        return dmv_error_set(err, DMV_EINVAL, "%s %s: names a folder, not a file", what, path);
    if (stat(path, &st) == 0) {
        if (S_ISDIR(st.st_mode))
            return dmv_error_set(err, DMV_EINVAL, "%s %s: is a folder, not a file", what, path);
        if (!S_ISREG(st.st_mode))
            return dmv_error_set(err, DMV_EINVAL, "%s %s: exists and is not a regular file", what, path);
    }
    dir = dir_of(path, &base);
    if (dir == NULL)
        return dmv_error_set(err, DMV_ENOMEM, "%s %s: out of memory", what, path);
    if (strcmp(base, ".") == 0 || strcmp(base, "..") == 0)
        rc = dmv_error_set(err, DMV_EINVAL, "%s %s: names a folder, not a file", what, path);
    else if (stat(dir, &st) != 0)
        rc = dmv_error_set(err, DMV_EIO, "%s %s: folder %s: %s", what, path, dir, strerror(errno));
    else if (!S_ISDIR(st.st_mode))
        rc = dmv_error_set(err, DMV_EINVAL, "%s %s: %s is not a folder", what, path, dir);
    else if ((e = probe(dir, 0)) != 0)
        rc = dmv_error_set(err, DMV_EIO, "%s %s: cannot create a file in %s: %s", what, path, dir, strerror(e));
    free(dir);
    return rc;
}

int dmv_path_check_output_dir(const char *dir, const char *what, dmv_error *err)
{
    struct stat st;
    char *cur, *up;
    int e, rc = DMV_OK;
    if (dir == NULL || *dir == '\0')
        return dmv_error_set(err, DMV_EINVAL, "%s '': needs a folder name", what);
    if (stat(dir, &st) == 0) {
        if (!S_ISDIR(st.st_mode))
            return dmv_error_set(err, DMV_EINVAL, "%s %s: exists and is not a folder", what, dir);
        if ((e = probe(dir, 0)) != 0)
            return dmv_error_set(err, DMV_EIO, "%s %s: cannot create a file in it: %s", what, dir, strerror(e));
        return DMV_OK;
    }
    if (errno != ENOENT)
        return dmv_error_set(err, DMV_EIO, "%s %s: %s", what, dir, strerror(errno));
    /* the nearest existing ancestor must be a folder where a folder can be made */
    cur = malloc(strlen(dir) + 1);
    if (cur == NULL)
        return dmv_error_set(err, DMV_ENOMEM, "%s %s: out of memory", what, dir);
    strcpy(cur, dir);
    for (;;) {
        size_t n = strlen(cur);
        while (n > 1 && cur[n - 1] == '/') /* "a/b/" -> "a/b" */
            cur[--n] = '\0';
        up = dir_of(cur, NULL);
        if (up == NULL) {
            rc = dmv_error_set(err, DMV_ENOMEM, "%s %s: out of memory", what, dir);
            break;
        }
        free(cur);
        cur = up;
        if (stat(cur, &st) == 0) {
            if (!S_ISDIR(st.st_mode))
                rc = dmv_error_set(err, DMV_EINVAL, "%s %s: %s is not a folder", what, dir, cur);
            else if ((e = probe(cur, 1)) != 0)
                rc = dmv_error_set(err, DMV_EIO, "%s %s: cannot create a folder in %s: %s", what, dir, cur,
                                   strerror(e));
            break;
        }
        if (errno != ENOENT) {
            rc = dmv_error_set(err, DMV_EIO, "%s %s: %s: %s", what, dir, cur, strerror(errno));
            break;
        }
        if (strcmp(cur, ".") == 0 || strcmp(cur, "/") == 0) { /* cannot happen: both exist */
            rc = dmv_error_set(err, DMV_EIO, "%s %s: no existing parent folder", what, dir);
            break;
        }
    }
    free(cur);
    return rc;
}

/* realpath of the folder + "/" + base name (malloc'd), or NULL. */
static char *canonical(const char *path)
{
    const char *base;
    char *dir = dir_of(path, &base), *out = NULL, real[PATH_MAX];
    if (dir == NULL)
        return NULL;
    if (realpath(dir, real) != NULL) {
        out = malloc(strlen(real) + strlen(base) + 2);
        if (out)
            sprintf(out, "%s/%s", real, base);
    }
    free(dir);
    return out;
}

/* Follows symbolic links of the last component, also dangling ones (at most 40), malloc'd. */
static char *follow_links(const char *path)
{
    char *cur = malloc(strlen(path) + 1), target[PATH_MAX];
    int hops;
    if (cur == NULL)
        return NULL;
    strcpy(cur, path);
    for (hops = 0; hops < 40; hops++) {
        struct stat st;
        ssize_t n;
        char *next;
        if (lstat(cur, &st) != 0 || !S_ISLNK(st.st_mode))
            break;
        n = readlink(cur, target, sizeof target - 1);
        if (n <= 0)
            break;
        target[n] = '\0';
        if (target[0] == '/') {
            next = malloc((size_t) n + 1);
            if (next)
                strcpy(next, target);
        } else {
            char *dir = dir_of(cur, NULL);
            next = dir ? malloc(strlen(dir) + (size_t) n + 2) : NULL;
            if (next)
                sprintf(next, "%s/%s", dir, target);
            free(dir);
        }
        if (next == NULL)
            break;
        free(cur);
        cur = next;
    }
    return cur;
}

int dmv_path_same(const char *a, const char *b)
{
    struct stat sa, sb;
    char *ca, *cb, *fa, *fb;
    int same;
    if (a == NULL || b == NULL)
        return 0;
    if (stat(a, &sa) == 0 && stat(b, &sb) == 0)
        return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
    if (strcmp(a, b) == 0)
        return 1;
    fa = follow_links(a); /* a dangling link to the other output names it too */
    fb = follow_links(b);
    ca = fa ? canonical(fa) : NULL;
    cb = fb ? canonical(fb) : NULL;
    free(fa);
    free(fb);
    same = ca != NULL && cb != NULL && strcmp(ca, cb) == 0;
    free(ca);
    free(cb);
    return same;
}
