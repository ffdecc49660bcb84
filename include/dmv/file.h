/* io/file.c: whole-file reading. */
#ifndef DMV_FILE_H
#define DMV_FILE_H

#include <stddef.h>

#include "dmv/error.h"

/* Reads the file at path into a malloc'd, NUL-terminated buffer (*out, free() it; *len bytes, may be
 * NULL). Errors name what and the path: "WHAT PATH: cannot open: reason" (DMV_EIO), "...: read error"
 * (DMV_EIO), "...: out of memory" (DMV_ENOMEM); what may be NULL ("PATH: ..."). *out is NULL on error. */
int dmv_file_read(char **out, size_t *len, const char *path, const char *what, dmv_error *err);

/* The folder part of path with its trailing '/' ("" for a bare name), malloc'd: relative names inside a
 * file are resolved against it. DMV_ENOMEM if memory is short. */
int dmv_file_dir(char **dir, const char *path);

#endif
