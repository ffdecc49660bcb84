/* bench-replay: the cost of the step-local replay of docs/replay.md (one thread).
 * For each model and dimension: trace a few samples of EM with the fast sampler (fast/trace.c),
 * replay every step in Arb with the slack of the core.pathwise claims (reference/step.c), and
 * extrapolate to seconds per 1000 samples x 100 steps (cost is linear in samples x steps).
 * Usage: bench-replay [SAMPLES [STEPS]]   (defaults 2 and 10) */
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "dmv/fast.h"
#include "dmv/model_spec.h"
#include "dmv/ref.h"
#include "dmv/ref_model.h"
#include "dmv/ref_step.h"

static double now(void)
{
    struct timespec ts;
    timespec_get(&ts, TIME_UTC);
    return (double) ts.tv_sec + 1e-9 * (double) ts.tv_nsec;
}

/* JSON of a model of dimension d (malloc'd). */
static char *model_json(const char *kind, long d)
{
    size_t cap = (size_t) (200 + 64 * d + 16 * 16 * d);
    char *s = malloc(cap), *p = s;
    long j, i;
#define PUT(...) (p += snprintf(p, cap - (size_t) (p - s), __VA_ARGS__))
    if (strcmp(kind, "gaussian") == 0) {
        PUT("{\"model\": \"gaussian\", \"lambda\": [");
        for (j = 0; j < d; j++)
            PUT("%s%.6g", j ? ", " : "", 0.01 + 3.0 * (double) j / (double) d);
        PUT("], \"mean\": [");
        for (j = 0; j < d; j++)
            PUT("%s%.6g", j ? ", " : "", 0.5 * sin((double) j));
        PUT("]}");
    } else if (strcmp(kind, "mixture") == 0) { /* K = 2 diagonal components */
        PUT("{\"model\": \"mixture\", \"weights\": [1, 2], \"means\": [");
        for (i = 0; i < 2; i++) {
            PUT("%s[", i ? ", " : "");
            for (j = 0; j < d; j++)
                PUT("%s%.6g", j ? ", " : "", i ? -0.5 : 1.0);
            PUT("]");
        }
        PUT("], \"vars\": [");
        for (i = 0; i < 2; i++) {
            PUT("%s[", i ? ", " : "");
            for (j = 0; j < d; j++)
                PUT("%s%.6g", j ? ", " : "", 0.1 + 0.05 * (double) i);
            PUT("]");
        }
        PUT("]}");
    } else if (strcmp(kind, "umix") == 0) { /* 2 intervals per coordinate */
        PUT("{\"model\": \"umix\", \"weights\": [");
        for (j = 0; j < d; j++)
            PUT("%s[1, 2]", j ? ", " : "");
        PUT("], \"a\": [");
        for (j = 0; j < d; j++)
            PUT("%s[-2, 1]", j ? ", " : "");
        PUT("], \"b\": [");
        for (j = 0; j < d; j++)
            PUT("%s[-1, 3]", j ? ", " : "");
        PUT("]}");
    } else { /* empirical, 16 training points */
        PUT("{\"model\": \"empirical\", \"method\": \"direct\", \"train\": [");
        for (i = 0; i < 16; i++) {
            PUT("%s[", i ? ", " : "");
            for (j = 0; j < d; j++)
                PUT("%s%.6g", j ? ", " : "", sin((double) (i * d + j)));
            PUT("]");
        }
        PUT("]}");
    }
#undef PUT
    return s;
}

static int bench(const char *kind, long d, long n, long N)
{
    char *json = model_json(kind, d);
    dmv_model_spec spec;
    dmv_fast_model fm;
    dmv_ref_model rm;
    dmv_process p;
    dmv_grid g;
    dmv_scheme sc = {DMV_SCHEME_EM, 0.0, 0, 0, 0, 0};
    dmv_init in;
    dmv_fast_job job;
    dmv_fast_trace tr;
    dmv_ref_stepper st;
    dmv_error err;
    arb_ptr x = _arb_vec_init(d), y = _arb_vec_init(d);
    double *mag = malloc((size_t) d * sizeof *mag), t0, tt = 0, tr_t = 0, worst = 0;
    long i, k, j;
    int rc;
    dmv_model_spec_init(&spec);
    dmv_error_init(&err);
    rc = dmv_model_spec_parse(&spec, json, strlen(json), kind, NULL, NULL, &err);
    if (rc == DMV_OK)
        rc = dmv_fast_model_from_spec(&fm, &spec, &err);
    if (rc == DMV_OK)
        rc = dmv_ref_model_from_spec(&rm, &spec, DMV_REF_PREC, &err);
    if (rc != DMV_OK) {
        fprintf(stderr, "%s d = %ld: %s\n", kind, d, err.msg);
        return rc;
    }
    dmv_process_default(&p, DMV_PROCESS_VP_LINEAR);
    dmv_grid_default(&g);
    g.steps = N;
    dmv_init_default(&in);
    dmv_fast_job_init(&job);
    job.process = &p;
    job.grid = &g;
    job.scheme = &sc;
    job.init = &in;
    job.model = &fm;
    job.n = n;
    job.seed = 1;
    job.generic_only = 1;
    dmv_ref_stepper_init(&st, &p, &sc, &rm);
    st.d_rel = 2e-14;
    st.d_scale = 3;
    st.op_rel = 64 * (DBL_EPSILON / 2);
    dmv_fast_trace_init(&tr);
    for (i = 0; i < n; i++) {
        double a = now();
        if ((rc = dmv_fast_trace_run(&tr, &job, i, &err)) != DMV_OK) {
            fprintf(stderr, "trace: %s\n", err.msg);
            return rc;
        }
        tr_t += now() - a;
        t0 = now();
        for (k = 0; k < N; k++) {
            for (j = 0; j < d; j++)
                arb_set_d(x + j, tr.x[k * d + j]);
            rc = dmv_ref_step(y, mag, &st, tr.s[k], tr.s[k + 1], NAN, x, NULL, tr.z + (k + 1) * d, &err);
            if (rc != DMV_OK) {
                fprintf(stderr, "step: %s\n", err.msg);
                return rc;
            }
            for (j = 0; j < d; j++) {
                double e = fabs(tr.x[(k + 1) * d + j] - arf_get_d(arb_midref(y + j), ARF_RND_NEAR)) /
                           (mag_get_d(arb_radref(y + j)) + 64 * (DBL_EPSILON / 2) * mag[j]);
                if (e > worst)
                    worst = e;
            }
        }
        tt += now() - t0;
    }
    printf("| %-9s | %5ld | %3ld x %3ld | %10.3g | %10.3g | %8.3g |\n", kind, d, n, N,
           tt * (1000.0 * 100.0) / (double) (n * N), tr_t * (1000.0 * 100.0) / (double) (n * N), worst);
    fflush(stdout);
    dmv_fast_trace_clear(&tr);
    dmv_fast_model_clear(&fm);
    dmv_ref_model_clear(&rm);
    dmv_model_spec_clear(&spec);
    _arb_vec_clear(x, d);
    _arb_vec_clear(y, d);
    free(mag);
    free(json);
    return DMV_OK;
}

int main(int argc, char **argv)
{
    long n = argc > 1 ? atol(argv[1]) : 2, N = argc > 2 ? atol(argv[2]) : 10;
    static const char *kinds[4] = {"gaussian", "mixture", "umix", "empirical"};
    static const long dims[3] = {2, 64, 3072};
    int a, b;
    if (n < 1 || N < 1) {
        fprintf(stderr, "usage: bench-replay [SAMPLES [STEPS]]\n");
        return 2;
    }
    printf("EM, VP linear, one thread; seconds extrapolated to 1000 samples x 100 steps\n");
    printf("| model     |     d | measured  | replay (s) | trace (s) | worst/tol |\n");
    printf("|---|---|---|---|---|---|\n");
    for (b = 0; b < 3; b++)
        for (a = 0; a < 4; a++)
            if (bench(kinds[a], dims[b], n, N) != DMV_OK)
                return 1;
    return 0;
}
