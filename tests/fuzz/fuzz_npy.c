/* Fuzz target: .npy files (io/npy.c: every dtype, byte order, header form; the whole-array reader
 * dmv_npy_read, the streaming reader, and the audit's sample source on top of it, audit/source.c). */
#include <stdlib.h>

#include "dmv/audit.h"
#include "dmv/npy.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *path = dmv_fuzz_file(data, size, ".npy");
    dmv_npy_array a;
    dmv_npy_reader r;
    dmv_audit_source *s = NULL;
    dmv_error err;
    if (path == NULL)
        return 0;
    dmv_error_init(&err);
    dmv_npy_array_init(&a);
    if (dmv_npy_read(&a, path, &err) == DMV_OK && a.shape[0] * a.shape[1] > 0)
        (void) (a.data[0] + a.data[a.shape[0] * a.shape[1] - 1]); /* ASan: the announced size is allocated */
    dmv_npy_array_clear(&a);
    dmv_error_init(&err);
    dmv_npy_reader_init(&r);
    if (dmv_npy_reader_open(&r, path, &err) == DMV_OK && r.shape[1] > 0 && r.shape[1] <= 4096) {
        double *rows = malloc(3 * (size_t) r.shape[1] * sizeof *rows);
        while (rows != NULL && r.rows_read < r.shape[0]) {
            long m = r.shape[0] - r.rows_read < 3 ? r.shape[0] - r.rows_read : 3;
            if (dmv_npy_reader_read(&r, rows, m, &err) != DMV_OK)
                break;
        }
        free(rows);
    }
    dmv_npy_reader_clear(&r);
    dmv_error_init(&err);
    if (dmv_audit_source_open(&s, path, &err) == DMV_OK) {
        long cols = dmv_audit_source_cols(s), left = dmv_audit_source_rows(s);
        double *rows = cols > 0 && cols <= 4096 ? malloc(2 * (size_t) cols * sizeof *rows) : NULL;
        (void) dmv_audit_source_float_bits(s);
        while (rows != NULL && left > 0) {
            long m = left < 2 ? left : 2;
            if (dmv_audit_source_read(s, rows, m, &err) != DMV_OK)
                break;
            left -= m;
        }
        free(rows);
        dmv_audit_source_close(s);
    }
    return 0;
}
