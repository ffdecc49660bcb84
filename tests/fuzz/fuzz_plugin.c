/* Fuzz target: the plug-in host of `dmverify audit --plugin` (audit/plugin.c, include/dmv/plugin.h,
 * docs/security.md). A plug-in is code, so what is fuzzed is what the host checks: the descriptor
 * (entry point returning NULL, abi_version, struct_size, a missing sample function), then the host's
 * callbacks called with the arguments the input chooses (times, steps, row ranges, block indices, also
 * out of range), the values the plug-in returns (NaN, inf, huge) and its error message (unterminated).
 * The library loaded is tests/fuzz/plugin_stub.c (built next to this program), whose entry point returns
 * the descriptor below. Problem: d = 2, Euler-Maruyama, 3 steps (as fuzz_noise.c). */
#define _POSIX_C_SOURCE 200809L
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dmv/audit.h"
#include "dmv/fast.h"
#include "dmv/plugin.h"
#include "fuzz.h"

#define FUZZ_D 2
#define FUZZ_MAXROWS 16

/* read by the stub (exported: ENABLE_EXPORTS) */
dmv_plugin dmv_fuzz_plugin_desc;
int dmv_fuzz_plugin_null;

static const uint8_t *fz_data;
static size_t fz_size, fz_pos;

static int take(void *dst, size_t n)
{
    if (fz_size - fz_pos < n) {
        memset(dst, 0, n);
        fz_pos = fz_size;
        return 0;
    }
    memcpy(dst, fz_data + fz_pos, n);
    fz_pos += n;
    return 1;
}

static long take_rows(void)
{
    signed char c = 0;
    (void) take(&c, 1);
    return (long) (c % (FUZZ_MAXROWS + 2)); /* -17 .. 17: also negative and more than a chunk */
}

static int fuzz_sample(const dmv_plugin_host *host, long first, long n, double *out, char *msg, size_t msg_size)
{
    double x[FUZZ_MAXROWS * FUZZ_D * 2], y[FUZZ_MAXROWS * FUZZ_D * 2];
    long i, ops = 0;
    memset(x, 0, sizeof x);
    for (i = 0; i < n * FUZZ_D; i++)
        out[i] = 0.0;
    while (fz_pos < fz_size && ops++ < 16) {
        uint8_t op = 0;
        (void) take(&op, 1);
        switch (op % 6) {
        case 0: { /* denoise at a chosen time */
            double s;
            long step, rows = take_rows();
            uint8_t st = 0;
            (void) take(&s, sizeof s);
            (void) take(&st, 1);
            step = (long) (st % 8);
            if (rows > FUZZ_MAXROWS)
                rows = FUZZ_MAXROWS; /* the buffers are the plug-in's: it passes their true size */
            if (host->denoise(host->ctx, s, step, (int) (st % 4), rows, x, y) != 0)
                return 1;
            break;
        }
        case 1: { /* the initial points of a chosen range */
            long rows = take_rows(), off = take_rows();
            if (rows > FUZZ_MAXROWS)
                rows = FUZZ_MAXROWS;
            if (host->initial(host->ctx, first + off, rows, x) != 0)
                return 1;
            break;
        }
        case 2: { /* a chosen noise block of a chosen range */
            long rows = take_rows(), off = take_rows();
            signed char k = 0;
            (void) take(&k, 1);
            if (rows > FUZZ_MAXROWS)
                rows = FUZZ_MAXROWS;
            if (host->noise(host->ctx, (long) k, first + off, rows, x) != 0)
                return 1;
            break;
        }
        case 3: /* an output value (any bits: NaN, inf, huge) */
            if (n > 0) {
                uint8_t at = 0;
                double v;
                (void) take(&at, 1);
                (void) take(&v, sizeof v);
                out[at % (n * FUZZ_D)] = v;
            }
            break;
        case 4: /* fail with a message that fills the buffer, unterminated */
            if (msg_size > 0)
                memset(msg, 'm', msg_size);
            return 1;
        default: /* fail with a short message */
            if (msg_size > 0)
                strncpy(msg, "planted failure", msg_size);
            return 2;
        }
    }
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static double lambda[FUZZ_D] = {1.0, 0.5}, mean[FUZZ_D] = {0.25, -1.0};
    static char name[32];
    dmv_problem p;
    dmv_audit_config cfg;
    dmv_audit *a = NULL;
    dmv_run_result res;
    dmv_error err;
    uint8_t flags = 0, nb = 0;
    unsigned abi_x = 0;
    uint64_t size_x = 0;
    static void *keep = NULL;
    if (keep == NULL) {
        /* held open for the whole process: the host's dlclose must not unmap the stub, whose coverage
         * counters libFuzzer keeps reading (an unloaded instrumented library crashes libFuzzer itself) */
        keep = dlopen(DMV_FUZZ_PLUGIN_STUB, RTLD_NOW | RTLD_GLOBAL);
        if (keep == NULL)
            abort();
    }
    fz_data = data;
    fz_size = size;
    fz_pos = 0;
    (void) take(&flags, 1);
    (void) take(&abi_x, sizeof abi_x);
    (void) take(&size_x, sizeof size_x);
    (void) take(&nb, 1);
    (void) take(name, sizeof name - 1);
    name[sizeof name - 1] = '\0';
    dmv_fuzz_plugin_null = flags & 1;
    dmv_fuzz_plugin_desc.abi_version = DMV_PLUGIN_ABI ^ abi_x;
    dmv_fuzz_plugin_desc.struct_size = sizeof(dmv_plugin) ^ (size_t) size_x;
    dmv_fuzz_plugin_desc.name = (flags & 2) ? NULL : name;
    dmv_fuzz_plugin_desc.sample = (flags & 4) ? NULL : fuzz_sample;
    dmv_error_init(&err);
    if (dmv_audit_plugin_check(DMV_FUZZ_PLUGIN_STUB, &err) != DMV_OK) {
        if (getenv("DMV_FUZZ_VERBOSE") != NULL)
            fprintf(stderr, "fuzz_plugin: %s\n", err.msg);
        return 0;
    }
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
    dmv_audit_config_default(&cfg);
    cfg.source = "fuzz plug-in";
    if (dmv_audit_new(&a, &p, &cfg, 1, &err) != DMV_OK)
        abort(); /* the fixed problem is valid */
    if (dmv_audit_plugin_run(a, DMV_FUZZ_PLUGIN_STUB, &p, 3 + nb % 8, 1 + (nb >> 3) % 4, &err) == DMV_OK &&
        dmv_audit_finish(a, &res, &err) == DMV_OK && res.n <= 0)
        abort(); /* a finished audit decides its checks (res is owned by the audit: no clear) */
    if (getenv("DMV_FUZZ_VERBOSE") != NULL)
        fprintf(stderr, "fuzz_plugin: run: %s\n", err.code != DMV_OK ? err.msg : "ok");
    dmv_audit_free(a);
    return 0;
}
