/* Reading a whole file into memory: one loader for every text or binary file the program reads
 * whole (model files, problem files, reports, files to hash). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dmv/file.h"

int dmv_file_read(char **out, size_t *len, const char *path, const char *what, dmv_error *err)
{
    FILE *f;
    char *s = NULL, *t;
    size_t n = 0, cap = 0, r;
    const char *sep = what != NULL ? " " : "";
    if (what == NULL)
        what = "";
    *out = NULL;
    if (len != NULL)
        *len = 0;
    if (path == NULL)
        return dmv_error_set(err, DMV_EINVAL, "%s: no file name", what[0] ? what : "file");
    f = fopen(path, "rb");
    if (f == NULL)
        return dmv_error_set(err, DMV_EIO, "%s%s%s: cannot open: %s", what, sep, path, strerror(errno));
    for (;;) {
        if (cap - n < 4096) {
            cap = cap ? 2 * cap : 65536;
            t = realloc(s, cap + 1);
            if (t == NULL) {
                free(s);
                fclose(f);
                return dmv_error_set(err, DMV_ENOMEM, "%s%s%s: out of memory", what, sep, path);
            }
            s = t;
        }
        r = fread(s + n, 1, cap - n, f);
        n += r;
        if (r == 0)
            break;
    }
    if (ferror(f)) {
        free(s);
        fclose(f);
        return dmv_error_set(err, DMV_EIO, "%s%s%s: read error", what, sep, path);
    }
    fclose(f);
    s[n] = '\0';
    *out = s;
    if (len != NULL)
        *len = n;
    return DMV_OK;
}

int dmv_file_dir(char **dir, const char *path)
{
    const char *slash = strrchr(path, '/');
    size_t k = slash ? (size_t) (slash - path + 1) : 0;
    *dir = calloc(k + 1, 1);
    if (*dir == NULL)
        return DMV_ENOMEM;
    memcpy(*dir, path, k);
    return DMV_OK;
}
