/* Fuzz target: .csv sample files of `dmverify audit --samples` (audit/source.c: a validating first
 * pass, then the rows streamed in chunks), through dmv_audit_source_open/read as the program calls them. */
#include <stdlib.h>

#include "dmv/audit.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *path = dmv_fuzz_file(data, size, ".csv");
    dmv_audit_source *s = NULL;
    dmv_error err;
    if (path == NULL)
        return 0;
    dmv_error_init(&err);
    if (dmv_audit_source_open(&s, path, &err) == DMV_OK) {
        long cols = dmv_audit_source_cols(s), left = dmv_audit_source_rows(s);
        double *rows = cols > 0 && cols <= 4096 ? malloc(2 * (size_t) cols * sizeof *rows) : NULL;
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
