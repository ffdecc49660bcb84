/* NumPy .npy reader and writer (format: numpy.lib.format, versions 1.0-3.0).
 * Byte order is handled byte by byte, so the code is right on any host. */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include "dmv/cleanup.h"
#include "dmv/npy.h"

#define NPY_MAX_HEADER (1L << 20)

void dmv_npy_array_init(dmv_npy_array *a)
{
    a->ndim = 0;
    a->shape[0] = a->shape[1] = 0;
    a->data = NULL;
}

void dmv_npy_array_clear(dmv_npy_array *a)
{
    free(a->data);
    dmv_npy_array_init(a);
}

/* ---- header parsing: a Python dict literal with three keys ------------------ */

typedef struct {
    const char *s;
    size_t n, i;
} hdr_cursor;

static void hdr_skip(hdr_cursor *c)
{
    while (c->i < c->n && (c->s[c->i] == ' ' || c->s[c->i] == '\t' || c->s[c->i] == '\n' || c->s[c->i] == '\r'))
        c->i++;
}

static int hdr_peek(hdr_cursor *c)
{
    hdr_skip(c);
    return c->i < c->n ? (unsigned char) c->s[c->i] : -1;
}

/* A quoted string ('...' or "...") into out (at most cap - 1 chars). */
static int hdr_string(hdr_cursor *c, char *out, size_t cap)
{
    int q = hdr_peek(c);
    size_t k = 0;
    if (q != '\'' && q != '"')
        return 0;
    c->i++;
    while (c->i < c->n && c->s[c->i] != q) {
        if (k + 1 >= cap)
            return 0;
        out[k++] = c->s[c->i++];
    }
    if (c->i >= c->n)
        return 0;
    c->i++;
    out[k] = '\0';
    return 1;
}

static int hdr_word(hdr_cursor *c, const char *w)
{
    size_t len = strlen(w);
    hdr_skip(c);
    if (c->n - c->i >= len && memcmp(c->s + c->i, w, len) == 0) {
        c->i += len;
        return 1;
    }
    return 0;
}

/* A tuple of non-negative integers: (), (n,), (n, m), ... ; at most 8 entries. */
static int hdr_tuple(hdr_cursor *c, long *dims, int *ndim)
{
    *ndim = 0;
    if (hdr_peek(c) != '(')
        return 0;
    c->i++;
    for (;;) {
        int ch = hdr_peek(c);
        long v = 0;
        if (ch == ')') {
            c->i++;
            return 1;
        }
        if (ch < '0' || ch > '9')
            return 0;
        while (c->i < c->n && c->s[c->i] >= '0' && c->s[c->i] <= '9') {
            int dig = c->s[c->i] - '0';
            if (v > (LONG_MAX - dig) / 10)
                return 0;
            v = 10 * v + dig;
            c->i++;
        }
        if (c->i < c->n && c->s[c->i] == 'L') /* Python 2 long suffix */
            c->i++;
        if (*ndim >= 8)
            return 0;
        dims[(*ndim)++] = v;
        ch = hdr_peek(c);
        if (ch == ',')
            c->i++;
        else if (ch != ')')
            return 0;
    }
}

typedef struct {
    int itemsize;  /* 4 or 8 */
    int ndim;
    long shape[2];
    long count;
} npy_layout;

static int parse_header(const char *h, size_t n, const char *path, npy_layout *lay, dmv_error *err)
{
    hdr_cursor c = {h, n, 0};
    char key[64], descr[64];
    int have_descr = 0, have_order = 0, have_shape = 0, fortran = 0, ndim = 0;
    long dims[8];
    if (hdr_peek(&c) != '{')
        return dmv_error_set(err, DMV_EFORMAT, "%s: .npy header is not a dict literal", path);
    c.i++;
    for (;;) {
        int ch = hdr_peek(&c);
        if (ch == '}') {
            c.i++;
            break;
        }
        if (!hdr_string(&c, key, sizeof key))
            return dmv_error_set(err, DMV_EFORMAT, "%s: .npy header: expected a quoted key at byte %zu", path, c.i);
        if (hdr_peek(&c) != ':')
            return dmv_error_set(err, DMV_EFORMAT, "%s: .npy header: expected ':' after key '%s'", path, key);
        c.i++;
        if (strcmp(key, "descr") == 0) {
            if (!hdr_string(&c, descr, sizeof descr))
                return dmv_error_set(err, DMV_EFORMAT,
                                     "%s: .npy header: 'descr' is not a simple dtype string (structured dtypes "
                                     "are not supported)",
                                     path);
            have_descr = 1;
        } else if (strcmp(key, "fortran_order") == 0) {
            if (hdr_word(&c, "True"))
                fortran = 1;
            else if (hdr_word(&c, "False"))
                fortran = 0;
            else
                return dmv_error_set(err, DMV_EFORMAT, "%s: .npy header: 'fortran_order' is not True or False",
                                     path);
            have_order = 1;
        } else if (strcmp(key, "shape") == 0) {
            if (!hdr_tuple(&c, dims, &ndim))
                return dmv_error_set(err, DMV_EFORMAT, "%s: .npy header: 'shape' is not a tuple of integers",
                                     path);
            have_shape = 1;
        } else {
            return dmv_error_set(err, DMV_EFORMAT, "%s: .npy header: unexpected key '%s'", path, key);
        }
        ch = hdr_peek(&c);
        if (ch == ',')
            c.i++;
        else if (ch != '}')
            return dmv_error_set(err, DMV_EFORMAT, "%s: .npy header: expected ',' or '}' at byte %zu", path, c.i);
    }
    if (!have_descr || !have_order || !have_shape)
        return dmv_error_set(err, DMV_EFORMAT, "%s: .npy header lacks '%s'", path,
                             !have_descr ? "descr" : !have_order ? "fortran_order" : "shape");
    if (descr[0] == '>' && (strcmp(descr + 1, "f4") == 0 || strcmp(descr + 1, "f8") == 0))
        return dmv_error_set(err, DMV_EFORMAT, "%s: dtype '%s' is big-endian: only little-endian '<f4' and '<f8' "
                             "are supported", path, descr);
    if (strcmp(descr, "<f4") == 0)
        lay->itemsize = 4;
    else if (strcmp(descr, "<f8") == 0)
        lay->itemsize = 8;
    else
        return dmv_error_set(err, DMV_EFORMAT, "%s: dtype '%s' is not supported: only float32 '<f4' and float64 "
                             "'<f8'", path, descr);
    if (ndim != 1 && ndim != 2)
        return dmv_error_set(err, DMV_EFORMAT, "%s: the array has %d dimensions: only 1-D and 2-D are supported",
                             path, ndim);
    if (fortran && ndim == 2 && dims[0] > 1 && dims[1] > 1)
        return dmv_error_set(err, DMV_EFORMAT, "%s: the array is in Fortran (column-major) order: only C order is "
                             "supported (save it with numpy.ascontiguousarray)", path);
    lay->ndim = ndim;
    lay->shape[0] = dims[0];
    lay->shape[1] = ndim == 2 ? dims[1] : 1;
    if (lay->shape[1] != 0 && lay->shape[0] > (LONG_MAX / 8) / lay->shape[1])
        return dmv_error_set(err, DMV_EFORMAT, "%s: shape (%ld, %ld) is too large", path, lay->shape[0],
                             lay->shape[1]);
    lay->count = lay->shape[0] * lay->shape[1];
    return DMV_OK;
}

static uint32_t le32(const unsigned char *p)
{
    return (uint32_t) p[0] | (uint32_t) p[1] << 8 | (uint32_t) p[2] << 16 | (uint32_t) p[3] << 24;
}

static int host_little_endian(void)
{
    const uint64_t one = 1;
    unsigned char b[8];
    memcpy(b, &one, 8);
    return b[0] == 1 && sizeof(double) == 8;
}

static double decode(const unsigned char *p, int itemsize)
{
    if (itemsize == 4) {
        uint32_t u = le32(p);
        float x;
        memcpy(&x, &u, sizeof x);
        return (double) x;
    } else {
        uint64_t u = (uint64_t) le32(p) | (uint64_t) le32(p + 4) << 32;
        double x;
        memcpy(&x, &u, sizeof x);
        return x;
    }
}

/* Reads the magic string, version and header of an open file; leaves f at the data. */
static int read_header(FILE *f, const char *path, npy_layout *lay, dmv_error *err)
{
    unsigned char pre[12];
    char *header;
    size_t hlen, got;
    int major, rc;
    got = fread(pre, 1, 10, f);
    if (got < 8 || memcmp(pre, "\x93NUMPY", 6) != 0)
        return dmv_error_set(err, DMV_EFORMAT, "%s: not a .npy file (no \\x93NUMPY magic string)", path);
    major = pre[6];
    if (major < 1 || major > 3 || pre[7] != 0)
        return dmv_error_set(err, DMV_EFORMAT, "%s: .npy format version %d.%d is not supported (1.0, 2.0, 3.0 are)",
                             path, pre[6], pre[7]);
    if (got < 10)
        return dmv_error_set(err, DMV_EFORMAT, "%s: truncated .npy header", path);
    if (major == 1) {
        hlen = (size_t) pre[8] | (size_t) pre[9] << 8;
    } else {
        if (fread(pre + 10, 1, 2, f) != 2)
            return dmv_error_set(err, DMV_EFORMAT, "%s: truncated .npy header", path);
        hlen = (size_t) le32(pre + 8);
        if (hlen > (size_t) NPY_MAX_HEADER)
            return dmv_error_set(err, DMV_EFORMAT, "%s: .npy header length %zu is implausible", path, hlen);
    }
    header = malloc(hlen + 1);
    if (header == NULL)
        return dmv_error_set(err, DMV_ENOMEM, "%s: no memory for a %zu-byte header", path, hlen);
    if (fread(header, 1, hlen, f) != hlen) {
        free(header);
        return dmv_error_set(err, DMV_EFORMAT, "%s: truncated .npy header (%zu bytes announced)", path, hlen);
    }
    header[hlen] = '\0';
    if (memchr(header, '\0', hlen) != NULL) {
        free(header);
        return dmv_error_set(err, DMV_EFORMAT, "%s: .npy header contains a NUL byte", path);
    }
    rc = parse_header(header, hlen, path, lay, err);
    free(header);
    return rc;
}

/* Reads count values into data (index `first` of the whole array, for messages). */
static int read_values(FILE *f, const char *path, const npy_layout *lay, double *data, long first, long count,
                       dmv_error *err)
{
    unsigned char buf[8 * 1024];
    long i = 0;
    while (i < count) {
        size_t want = (size_t) (count - i), k, got;
        if (want > sizeof buf / (size_t) lay->itemsize)
            want = sizeof buf / (size_t) lay->itemsize;
        got = fread(buf, (size_t) lay->itemsize, want, f);
        for (k = 0; k < got; k++, i++) {
            data[i] = decode(buf + k * (size_t) lay->itemsize, lay->itemsize);
            if (!isfinite(data[i])) {
                long g = first + i;
                if (lay->ndim == 1)
                    return dmv_error_set(err, DMV_EFORMAT, "%s: value [%ld] = %g is not finite", path, g, data[i]);
                return dmv_error_set(err, DMV_EFORMAT, "%s: value [%ld, %ld] = %g is not finite", path,
                                     g / lay->shape[1], g % lay->shape[1], data[i]);
            }
        }
        if (got < want) {
            if (ferror(f))
                return dmv_error_set(err, DMV_EIO, "%s: read error: %s", path, strerror(errno));
            return dmv_error_set(err, DMV_EFORMAT, "%s: truncated data: shape announces %ld values, the file "
                                 "holds %ld", path, lay->count, first + i);
        }
    }
    return DMV_OK;
}

int dmv_npy_read(dmv_npy_array *a, const char *path, dmv_error *err)
{
    FILE *f;
    int rc;
    npy_layout lay = {0, 0, {0, 0}, 0};
    double *data = NULL;

    if (path == NULL)
        return dmv_error_set(err, DMV_EINVAL, "npy path: NULL");
    f = fopen(path, "rb");
    if (f == NULL)
        return dmv_error_set(err, DMV_EIO, "%s: cannot open: %s", path, strerror(errno));
    rc = read_header(f, path, &lay, err);
    if (rc != DMV_OK)
        goto done;
    /* A file shorter than its shape announces fails before the allocation: a header of a few bytes
     * must not make the reader allocate gigabytes (found by tests/fuzz/fuzz_npy.c). A file that
     * cannot seek (a pipe) is read as before: the truncation is then found while reading. */
    {
        long start = ftell(f), end;
        if (start >= 0 && fseek(f, 0, SEEK_END) == 0 && (end = ftell(f)) >= 0 && fseek(f, start, SEEK_SET) == 0 &&
            end - start < lay.count * lay.itemsize) {
            rc = dmv_error_set(err, DMV_EFORMAT, "%s: truncated data: shape announces %ld values, the file "
                               "holds %ld", path, lay.count, (end - start) / lay.itemsize);
            goto done;
        }
    }
    if ((size_t) lay.count > SIZE_MAX / sizeof(double)) {
        rc = dmv_error_set(err, DMV_ENOMEM, "%s: %ld values do not fit in memory", path, lay.count);
        goto done;
    }
    data = malloc(lay.count > 0 ? (size_t) lay.count * sizeof(double) : 1);
    if (data == NULL) {
        rc = dmv_error_set(err, DMV_ENOMEM, "%s: no memory for %ld values", path, lay.count);
        goto done;
    }
    rc = read_values(f, path, &lay, data, 0, lay.count, err);
    if (rc != DMV_OK)
        goto done;
    if (fgetc(f) != EOF) {
        rc = dmv_error_set(err, DMV_EFORMAT, "%s: trailing bytes after the %ld announced values", path, lay.count);
        goto done;
    }
    free(a->data);
    a->data = data;
    data = NULL;
    a->ndim = lay.ndim;
    a->shape[0] = lay.shape[0];
    a->shape[1] = lay.shape[1];
done:
    free(data);
    fclose(f);
    return rc;
}

/* ---- streaming reader ---------------------------------------------------------- */

void dmv_npy_reader_init(dmv_npy_reader *r)
{
    memset(r, 0, sizeof *r);
}

void dmv_npy_reader_clear(dmv_npy_reader *r)
{
    if (r->f != NULL)
        fclose(r->f);
    free(r->path);
    dmv_npy_reader_init(r);
}

int dmv_npy_reader_open(dmv_npy_reader *r, const char *path, dmv_error *err)
{
    npy_layout lay = {0, 0, {0, 0}, 0};
    long start, end;
    int rc;
    dmv_npy_reader_init(r);
    if (path == NULL)
        return dmv_error_set(err, DMV_EINVAL, "npy path: NULL");
    r->path = malloc(strlen(path) + 1);
    if (r->path == NULL)
        return dmv_error_set(err, DMV_ENOMEM, "%s: no memory", path);
    strcpy(r->path, path);
    r->f = fopen(path, "rb");
    if (r->f == NULL) {
        rc = dmv_error_set(err, DMV_EIO, "%s: cannot open: %s", path, strerror(errno));
        dmv_npy_reader_clear(r);
        return rc;
    }
    rc = read_header(r->f, path, &lay, err);
    /* the data must be exactly count values: checked now, so that a truncated file fails before any row */
    if (rc == DMV_OK) {
        start = ftell(r->f);
        if (start < 0 || fseek(r->f, 0, SEEK_END) != 0 || (end = ftell(r->f)) < 0 ||
            fseek(r->f, start, SEEK_SET) != 0)
            rc = dmv_error_set(err, DMV_EIO, "%s: cannot seek: %s", path, strerror(errno));
        else if (end - start < lay.count * lay.itemsize)
            rc = dmv_error_set(err, DMV_EFORMAT, "%s: truncated data: shape announces %ld values, the file "
                               "holds %ld", path, lay.count, (end - start) / lay.itemsize);
        else if (end - start > lay.count * lay.itemsize)
            rc = dmv_error_set(err, DMV_EFORMAT, "%s: trailing bytes after the %ld announced values", path,
                               lay.count);
    }
    if (rc != DMV_OK) {
        dmv_npy_reader_clear(r);
        return rc;
    }
    r->ndim = lay.ndim;
    r->shape[0] = lay.shape[0];
    r->shape[1] = lay.shape[1];
    r->itemsize = lay.itemsize;
    r->rows_read = 0;
    return DMV_OK;
}

int dmv_npy_reader_read(dmv_npy_reader *r, double *rows, long nrows, dmv_error *err)
{
    npy_layout lay;
    int rc;
    if (r->f == NULL)
        return dmv_error_set(err, DMV_EINVAL, "npy reader: not open");
    if (nrows < 0 || nrows > r->shape[0] - r->rows_read)
        return dmv_error_set(err, DMV_EINVAL, "%s: reading %ld rows after %ld of the %ld in the file", r->path,
                             nrows, r->rows_read, r->shape[0]);
    lay.itemsize = r->itemsize;
    lay.ndim = r->ndim;
    lay.shape[0] = r->shape[0];
    lay.shape[1] = r->shape[1];
    lay.count = r->shape[0] * r->shape[1];
    rc = read_values(r->f, r->path, &lay, rows, r->rows_read * r->shape[1], nrows * r->shape[1], err);
    if (rc == DMV_OK)
        r->rows_read += nrows;
    return rc;
}

/* ---- writer ----------------------------------------------------------------- */

void dmv_npy_writer_init(dmv_npy_writer *w)
{
    memset(w, 0, sizeof *w);
    w->tmp_slot = -1;
}

void dmv_npy_writer_clear(dmv_npy_writer *w)
{
    if (w->f != NULL)
        fclose(w->f);
    if (w->tmp_path != NULL)
        remove(w->tmp_path);
    dmv_cleanup_forget(w->tmp_slot);
    free(w->tmp_path);
    free(w->path);
    dmv_npy_writer_init(w);
}

static int write_header(FILE *f, int ndim, long rows, long cols)
{
    char dict[256];
    unsigned char pre[12];
    size_t len, total, pre_len;
    int major = 1;
    if (ndim == 1)
        snprintf(dict, sizeof dict, "{'descr': '<f8', 'fortran_order': False, 'shape': (%ld,), }", rows);
    else
        snprintf(dict, sizeof dict, "{'descr': '<f8', 'fortran_order': False, 'shape': (%ld, %ld), }", rows, cols);
    len = strlen(dict) + 1; /* with the final '\n' */
    pre_len = 10;
    total = (pre_len + len + 63) / 64 * 64;
    if (total - pre_len > 65535) { /* cannot happen with two longs, kept for the format's sake */
        major = 2;
        pre_len = 12;
        total = (pre_len + len + 63) / 64 * 64;
    }
    memcpy(pre, "\x93NUMPY", 6);
    pre[6] = (unsigned char) major;
    pre[7] = 0;
    len = total - pre_len;
    if (major == 1) {
        pre[8] = (unsigned char) (len & 0xff);
        pre[9] = (unsigned char) (len >> 8);
    } else {
        pre[8] = (unsigned char) (len & 0xff);
        pre[9] = (unsigned char) ((len >> 8) & 0xff);
        pre[10] = (unsigned char) ((len >> 16) & 0xff);
        pre[11] = (unsigned char) ((len >> 24) & 0xff);
    }
    if (fwrite(pre, 1, pre_len, f) != pre_len || fputs(dict, f) < 0)
        return -1;
    for (len = pre_len + strlen(dict); len + 1 < total; len++)
        if (fputc(' ', f) == EOF)
            return -1;
    return fputc('\n', f) == EOF ? -1 : 0;
}

int dmv_npy_writer_open(dmv_npy_writer *w, const char *path, int ndim, const long *shape, dmv_error *err)
{
    size_t n;
    int fd;
    mode_t mask;
    if (path == NULL || shape == NULL)
        return dmv_error_set(err, DMV_EINVAL, "npy writer: path or shape is NULL");
    if (ndim != 1 && ndim != 2)
        return dmv_error_set(err, DMV_EINVAL, "%s: ndim = %d: only 1-D and 2-D arrays can be written", path, ndim);
    if (shape[0] < 0 || (ndim == 2 && shape[1] < 0))
        return dmv_error_set(err, DMV_EINVAL, "%s: shape (%ld, %ld) has a negative dimension", path, shape[0],
                             ndim == 2 ? shape[1] : 1L);
    dmv_npy_writer_init(w);
    n = strlen(path);
    w->path = malloc(n + 1);
    w->tmp_path = malloc(n + 16);
    if (w->path == NULL || w->tmp_path == NULL) {
        dmv_npy_writer_clear(w);
        return dmv_error_set(err, DMV_ENOMEM, "%s: no memory", path);
    }
    memcpy(w->path, path, n + 1);
    memcpy(w->tmp_path, path, n);
    memcpy(w->tmp_path + n, ".tmp.XXXXXX", 12);
    fd = dmv_cleanup_mkstemp(w->tmp_path, &w->tmp_slot); /* removed on SIGINT/SIGTERM too */
    if (fd < 0) {
        int e = errno;
        free(w->tmp_path);
        w->tmp_path = NULL;
        dmv_npy_writer_clear(w);
        return dmv_error_set(err, DMV_EIO, "%s: cannot create a temporary file beside it: %s", path, strerror(e));
    }
    mask = umask(0);
    umask(mask);
    (void) fchmod(fd, (mode_t) (0666 & ~mask)); /* mkstemp makes 0600; a saved array is an ordinary file */
    w->f = fdopen(fd, "wb");
    if (w->f == NULL) {
        close(fd);
        dmv_npy_writer_clear(w);
        return dmv_error_set(err, DMV_EIO, "%s: cannot open the temporary file: %s", path, strerror(errno));
    }
    w->ndim = ndim;
    w->rows = shape[0];
    w->cols = ndim == 2 ? shape[1] : 1;
    w->rows_written = 0;
    if (write_header(w->f, ndim, w->rows, w->cols) != 0) {
        int e = errno;
        dmv_npy_writer_clear(w);
        return dmv_error_set(err, DMV_EIO, "%s: cannot write the header: %s", path, strerror(e));
    }
    return DMV_OK;
}

int dmv_npy_writer_append(dmv_npy_writer *w, const double *rows, long nrows, dmv_error *err)
{
    unsigned char buf[8 * 1024];
    long total, i = 0;
    if (w->f == NULL)
        return dmv_error_set(err, DMV_EINVAL, "npy writer: not open");
    if (nrows < 0 || nrows > w->rows - w->rows_written)
        return dmv_error_set(err, DMV_EINVAL, "%s: appending %ld rows after %ld of the %ld announced", w->path,
                             nrows, w->rows_written, w->rows);
    total = nrows * w->cols;
    if (host_little_endian()) { /* the bytes are already '<f8' */
        if (total > 0 && fwrite(rows, 8, (size_t) total, w->f) != (size_t) total)
            return dmv_error_set(err, DMV_EIO, "%s: write error: %s", w->path, strerror(errno));
        i = total;
    }
    while (i < total) {
        size_t k, m = (size_t) (total - i);
        if (m > sizeof buf / 8)
            m = sizeof buf / 8;
        for (k = 0; k < m; k++) {
            uint64_t u;
            int b;
            memcpy(&u, &rows[i + (long) k], sizeof u);
            for (b = 0; b < 8; b++)
                buf[8 * k + (size_t) b] = (unsigned char) (u >> (8 * b));
        }
        if (fwrite(buf, 8, m, w->f) != m)
            return dmv_error_set(err, DMV_EIO, "%s: write error: %s", w->path, strerror(errno));
        i += (long) m;
    }
    w->rows_written += nrows;
    return DMV_OK;
}

int dmv_npy_writer_close(dmv_npy_writer *w, dmv_error *err)
{
    int rc = DMV_OK;
    if (w->f == NULL)
        return dmv_error_set(err, DMV_EINVAL, "npy writer: not open");
    if (w->rows_written != w->rows) {
        rc = dmv_error_set(err, DMV_EINVAL, "%s: closed after %ld of the %ld announced rows", w->path,
                           w->rows_written, w->rows);
    } else if (fflush(w->f) != 0 || fsync(fileno(w->f)) != 0) {
        rc = dmv_error_set(err, DMV_EIO, "%s: cannot flush the temporary file: %s", w->path, strerror(errno));
    }
    if (fclose(w->f) != 0 && rc == DMV_OK)
        rc = dmv_error_set(err, DMV_EIO, "%s: cannot close the temporary file: %s", w->path, strerror(errno));
    w->f = NULL;
    if (rc == DMV_OK && rename(w->tmp_path, w->path) != 0)
        rc = dmv_error_set(err, DMV_EIO, "%s: cannot rename %s onto it: %s", w->path, w->tmp_path, strerror(errno));
    if (rc == DMV_OK) {
        dmv_cleanup_forget(w->tmp_slot);
        w->tmp_slot = -1;
        free(w->tmp_path);
        w->tmp_path = NULL; /* nothing left to remove */
    }
    dmv_npy_writer_clear(w);
    return rc;
}

int dmv_npy_write(const char *path, const double *data, int ndim, const long *shape, dmv_error *err)
{
    dmv_npy_writer w;
    int rc;
    if (data == NULL && shape != NULL && shape[0] > 0)
        return dmv_error_set(err, DMV_EINVAL, "%s: data is NULL", path ? path : "(null)");
    rc = dmv_npy_writer_open(&w, path, ndim, shape, err);
    if (rc != DMV_OK)
        return rc;
    if (w.rows > 0)
        rc = dmv_npy_writer_append(&w, data, w.rows, err);
    if (rc != DMV_OK) {
        dmv_npy_writer_clear(&w);
        return rc;
    }
    return dmv_npy_writer_close(&w, err);
}
