/* NumPy .npy files: read float32/float64 arrays as doubles, write float64.
 *
 * Reader: format versions 1.0, 2.0 and 3.0; dtype '<f4' or '<f8' (also
 * '|f8'-style no-byte-order marks are refused: floats always carry one);
 * C order (a 1-D array flagged fortran_order is accepted: it is the same
 * data); 1-D or 2-D shapes. Anything else, truncated data, trailing bytes,
 * and NaN or infinite values are DMV_EFORMAT with a message naming the file
 * and the problem; a file that cannot be opened or read is DMV_EIO.
 *
 * Writer: float64 ('<f8'), C order, version 1.0 header (2.0 if the header
 * would not fit), written to a temporary file in the same folder and renamed
 * over the target only when complete, so that a reader never sees a
 * half-written file. The streaming writer does the same row by row. */
#ifndef DMV_NPY_H
#define DMV_NPY_H

#include <stdio.h>

#include "dmv/error.h"

/* A 1-D (ndim = 1, shape[1] = 1) or 2-D array of doubles, C order. */
typedef struct {
    int ndim;       /* 1 or 2 */
    long shape[2];  /* rows, cols; a 1-D array of n values has shape {n, 1} */
    double *data;   /* shape[0] * shape[1] values, owned by the array */
} dmv_npy_array;

void dmv_npy_array_init(dmv_npy_array *a);
void dmv_npy_array_clear(dmv_npy_array *a);

/* Reads path into a (a must be initialised; its previous data is freed).
 * Negative zeros are kept as read (-0.0); callers decide what they mean. */
int dmv_npy_read(dmv_npy_array *a, const char *path, dmv_error *err);

/* Writes data (ndim 1: shape[0] values; ndim 2: shape[0] x shape[1], row-major)
 * atomically to path. Non-finite values are written as they are. */
int dmv_npy_write(const char *path, const double *data, int ndim, const long *shape, dmv_error *err);

/* ---- streaming reader ------------------------------------------------------
 * For files too large to hold (e.g. 10^6 x 3072 samples): open checks the
 * header and that the file holds exactly the announced data (no truncation,
 * no trailing bytes), then rows are read in order, as doubles. */
typedef struct {
    FILE *f;
    char *path;
    int ndim;
    long shape[2];   /* as dmv_npy_array: 1-D of n values is {n, 1} */
    int itemsize;    /* 4 or 8 */
    long rows_read;
} dmv_npy_reader;

void dmv_npy_reader_init(dmv_npy_reader *r);
int dmv_npy_reader_open(dmv_npy_reader *r, const char *path, dmv_error *err);
/* The next nrows rows (nrows * shape[1] values) into rows. More rows than remain is
 * DMV_EINVAL; a NaN or infinite value is DMV_EFORMAT naming its [row, column]. */
int dmv_npy_reader_read(dmv_npy_reader *r, double *rows, long nrows, dmv_error *err);
void dmv_npy_reader_clear(dmv_npy_reader *r);

/* ---- streaming writer ------------------------------------------------------ */
typedef struct {
    FILE *f;
    char *path, *tmp_path;
    int tmp_slot;       /* its slot in the SIGINT/SIGTERM clean-up table (dmv/cleanup.h), -1 none */
    int ndim;
    long rows, cols;    /* the announced shape (1-D: cols = 1) */
    long rows_written;
} dmv_npy_writer;

void dmv_npy_writer_init(dmv_npy_writer *w);
/* Opens a temporary file beside path and writes the header for the shape. */
int dmv_npy_writer_open(dmv_npy_writer *w, const char *path, int ndim, const long *shape, dmv_error *err);
/* Appends nrows rows of cols values (row-major). More rows than announced is DMV_EINVAL. */
int dmv_npy_writer_append(dmv_npy_writer *w, const double *rows, long nrows, dmv_error *err);
/* Checks that every announced row was written, flushes, and renames the
 * temporary file onto path. On any error the temporary file is removed and
 * path is left as it was. */
int dmv_npy_writer_close(dmv_npy_writer *w, dmv_error *err);
/* Abandons the file: removes the temporary, frees everything. Safe after close. */
void dmv_npy_writer_clear(dmv_npy_writer *w);

#endif
