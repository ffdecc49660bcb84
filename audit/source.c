/* Sample sources of the audit: .npy (streamed by io/npy.c's reader) and .csv (streamed line by
 * line after a validating first pass), read as doubles in chunks (docs/audit.md, "Inputs"). */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dmv/audit.h"
#include "dmv/npy.h"
#include "dmv/str.h"

struct dmv_audit_source {
    int csv;
    dmv_npy_reader npy;
    FILE *f;
    char *path, *line;
    size_t cap;
    long rows, cols, lineno, rows_read;
};

static int ends_with(const char *s, const char *suffix)
{
    size_t a = strlen(s), b = strlen(suffix);
    return a >= b && strcmp(s + a - b, suffix) == 0;
}

/* Reads one line (without the newline) into s->line; returns 1, or 0 at end of file, -1 no memory. */
static int read_line(dmv_audit_source *s)
{
    size_t len = 0;
    int ch;
    if (feof(s->f))
        return 0;
    for (;;) {
        ch = getc(s->f);
        if (ch == EOF && len == 0)
            return 0;
        if (len + 1 >= s->cap) {
            size_t cap = s->cap ? 2 * s->cap : 4096;
            char *p = realloc(s->line, cap);
            if (p == NULL)
                return -1;
            s->line = p;
            s->cap = cap;
        }
        if (ch == EOF || ch == '\n')
            break;
        s->line[len++] = (char) ch;
    }
    if (len > 0 && s->line[len - 1] == '\r')
        len--;
    s->line[len] = '\0';
    s->lineno++;
    return 1;
}

static int skip_line(const char *t)
{
    while (*t == ' ' || *t == '\t')
        t++;
    return *t == '\0' || *t == '#';
}

/* Parses the numbers of one line into out (NULL: only count); returns how many, or -1 (err set). */
static long parse_line(dmv_audit_source *s, double *out, long want, dmv_error *err)
{
    const char *t = s->line;
    long k = 0;
    for (;;) {
        char *end;
        double x;
        while (*t == ' ' || *t == '\t')
            t++;
        errno = 0;
        x = strtod(t, &end);
        if (end == t || !isfinite(x)) {
            dmv_error_set(err, DMV_EFORMAT, "%s: line %ld, field %ld: '%.40s' is not a finite number", s->path,
                          s->lineno, k + 1, t);
            return -1;
        }
        if (out != NULL && k < want)
            out[k] = x;
        k++;
        t = end;
        while (*t == ' ' || *t == '\t')
            t++;
        if (*t == '\0')
            return k;
        if (*t != ',') {
            dmv_error_set(err, DMV_EFORMAT, "%s: line %ld, field %ld: unexpected '%c' (numbers separated by commas)",
                          s->path, s->lineno, k, *t);
            return -1;
        }
        t++;
    }
}

int dmv_audit_source_open(dmv_audit_source **out, const char *path, dmv_error *err)
{
    dmv_audit_source *s = calloc(1, sizeof *s);
    int rc;
    *out = NULL;
    if (s == NULL || (s->path = dmv_strdup(path)) == NULL) {
        free(s);
        return dmv_error_set(err, DMV_ENOMEM, "%s: out of memory", path);
    }
    dmv_npy_reader_init(&s->npy);
    if (ends_with(path, ".csv")) {
        s->csv = 1;
        s->f = fopen(path, "rb");
        if (s->f == NULL) {
            rc = dmv_error_set(err, DMV_EIO, "%s: cannot open: %s", path, strerror(errno));
            dmv_audit_source_close(s);
            return rc;
        }
        /* first pass: every line has the same number of finite numbers */
        for (;;) {
            long k;
            int r = read_line(s);
            if (r < 0) {
                rc = dmv_error_set(err, DMV_ENOMEM, "%s: out of memory at line %ld", path, s->lineno);
                dmv_audit_source_close(s);
                return rc;
            }
            if (r == 0)
                break;
            if (skip_line(s->line))
                continue;
            k = parse_line(s, NULL, 0, err);
            if (k < 0) {
                dmv_audit_source_close(s);
                return DMV_EFORMAT;
            }
            if (s->rows > 0 && k != s->cols) {
                rc = dmv_error_set(err, DMV_EFORMAT, "%s: line %ld has %ld numbers, the first row had %ld", path,
                                   s->lineno, k, s->cols);
                dmv_audit_source_close(s);
                return rc;
            }
            s->cols = k;
            s->rows++;
        }
        if (ferror(s->f) || s->rows == 0) {
            rc = dmv_error_set(err, ferror(s->f) ? DMV_EIO : DMV_EFORMAT, "%s: %s", path,
                               ferror(s->f) ? "read error" : "no samples (no line with numbers)");
            dmv_audit_source_close(s);
            return rc;
        }
        rewind(s->f);
        clearerr(s->f);
        s->lineno = 0;
    } else if (ends_with(path, ".npy")) {
        rc = dmv_npy_reader_open(&s->npy, path, err);
        if (rc != DMV_OK) {
            dmv_audit_source_close(s);
            return rc;
        }
        s->rows = s->npy.shape[0];
        s->cols = s->npy.shape[1];
        if (s->rows < 1) {
            rc = dmv_error_set(err, DMV_EFORMAT, "%s: no samples (shape (%ld, %ld))", path, s->rows, s->cols);
            dmv_audit_source_close(s);
            return rc;
        }
    } else {
        rc = dmv_error_set(err, DMV_EINVAL, "%s: unknown file type: expected a .npy or .csv file", path);
        dmv_audit_source_close(s);
        return rc;
    }
    *out = s;
    return DMV_OK;
}

long dmv_audit_source_rows(const dmv_audit_source *s)
{
    return s->rows;
}

long dmv_audit_source_cols(const dmv_audit_source *s)
{
    return s->cols;
}

int dmv_audit_source_float_bits(const dmv_audit_source *s)
{
    return (!s->csv && s->npy.itemsize == 4) ? 32 : 64;
}

int dmv_audit_source_read(dmv_audit_source *s, double *rows, long nrows, dmv_error *err)
{
    long i;
    if (nrows < 0 || s->rows_read + nrows > s->rows)
        return dmv_error_set(err, DMV_EINVAL, "%s: %ld rows asked, %ld remain", s->path, nrows,
                             s->rows - s->rows_read);
    if (!s->csv) {
        int rc = dmv_npy_reader_read(&s->npy, rows, nrows, err);
        if (rc == DMV_OK)
            s->rows_read += nrows;
        return rc;
    }
    for (i = 0; i < nrows; i++) {
        int r;
        do
            r = read_line(s);
        while (r > 0 && skip_line(s->line));
        if (r <= 0)
            return dmv_error_set(err, r < 0 ? DMV_ENOMEM : DMV_EIO, "%s: the file changed while it was read (line %ld)",
                                 s->path, s->lineno);
        if (parse_line(s, rows + (size_t) i * (size_t) s->cols, s->cols, err) != s->cols)
            return dmv_error_set(err, DMV_EIO, "%s: line %ld changed while the file was read", s->path, s->lineno);
        s->rows_read++;
    }
    return DMV_OK;
}

void dmv_audit_source_close(dmv_audit_source *s)
{
    if (s == NULL)
        return;
    if (s->f != NULL)
        fclose(s->f);
    dmv_npy_reader_clear(&s->npy);
    free(s->path);
    free(s->line);
    free(s);
}
