/* Fuzz target: the noise file of `dmverify audit --noise` (docs/audit.md, "Noise file"; audit/noise.c
 * gives the layout: 1 + S blocks of d columns per row). The input is the noise file (.npy when it
 * starts with the .npy magic, else .csv); the problem (d = 2, Euler-Maruyama, 3 steps) and the
 * samples (4 rows) are fixed. The checks and calls are those of cli/cmd_audit.c: open both sources,
 * the column and row counts, then dmv_audit_new / dmv_audit_stream / dmv_audit_finish. */
#include <stdlib.h>
#include <string.h>

#include "dmv/audit.h"
#include "dmv/fast.h"
#include "dmv/npy.h"
#include "fuzz.h"

#define FUZZ_D 2
#define FUZZ_N 4

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static char samples[256];
    static double lambda[FUZZ_D] = {1.0, 0.5}, mean[FUZZ_D] = {0.25, -1.0};
    dmv_problem p;
    dmv_audit_config cfg;
    dmv_audit_source *src = NULL, *nsrc = NULL;
    dmv_audit *a = NULL;
    dmv_run_result res;
    dmv_error err;
    const char *path;
    long finished = 0;
    dmv_error_init(&err);
    memset(&p, 0, sizeof p);
    dmv_process_default(&p.process, DMV_PROCESS_VP_LINEAR);
    dmv_grid_default(&p.grid);
    p.grid.steps = 3;
    p.scheme.kind = DMV_SCHEME_EM;
    p.scheme.eta = 0;
    dmv_init_default(&p.init);
    p.data.d = FUZZ_D;
    p.data.lambda = lambda;
    p.data.mean = mean;
    p.data.basis = NULL;
    p.seed = 7;
    if (samples[0] == '\0') {
        static const double x[FUZZ_N * FUZZ_D] = {0.1, -0.2, 1.5, 0.3, -0.7, -1.1, 0.9, 0.0};
        const long shape[2] = {FUZZ_N, FUZZ_D};
        const uint8_t none = 0;
        const char *tmp = dmv_fuzz_file(&none, 0, "-samples.npy");
        if (tmp == NULL || strlen(tmp) >= sizeof samples || dmv_npy_write(tmp, x, 2, shape, &err) != DMV_OK)
            abort();
        strcpy(samples, tmp);
    }
    path = dmv_fuzz_file(data, size, size > 0 && data[0] == 0x93 ? ".npy" : ".csv");
    if (path == NULL || dmv_audit_source_open(&src, samples, &err) != DMV_OK)
        abort();
    if (dmv_audit_source_open(&nsrc, path, &err) == DMV_OK &&
        dmv_audit_source_cols(nsrc) == dmv_audit_noise_blocks(&p) * FUZZ_D &&
        dmv_audit_source_rows(nsrc) == dmv_audit_source_rows(src)) {
        dmv_audit_config_default(&cfg);
        cfg.float_bits = dmv_audit_source_float_bits(src);
        cfg.source = samples;
        if (dmv_audit_new(&a, &p, &cfg, 1, &err) != DMV_OK)
            abort(); /* the fixed problem is valid */
        if (dmv_audit_stream(a, src, nsrc, 3, &err) == DMV_OK && dmv_audit_finish(a, &res, &err) == DMV_OK)
            finished = res.n; /* res is owned by the audit (include/dmv/audit.h) */
        dmv_audit_free(a);
    }
    dmv_audit_source_close(nsrc);
    dmv_audit_source_close(src);
    (void) finished;
    return 0;
}
