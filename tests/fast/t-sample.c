/* Reproducible execution: the hash, statistics and rows are bit-identical for
 * threads 1, 2, 4 and batch 1, 7, 4096; the sink sees rows in order and they equal
 * dmv_fast_run_rows; the statistics equal a two-pass computation over those rows
 * in long double; the hash equals the documented construction recomputed here. */
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "dmv/fast.h"
#include "dmv_test.h"

typedef struct {
    double *rows;
    long next, d;
    int bad;
} sink_ctx;

static int sink(void *ctx, long first, long rows, const double *x)
{
    sink_ctx *s = (sink_ctx *) ctx;
    if (first != s->next)
        s->bad = 1;
    memcpy(s->rows + first * s->d, x, (size_t) (rows * s->d) * sizeof(double));
    s->next = first + rows;
    return 0;
}

static void tree_hash(char *out, const double *x, long n, long d)
{
    dmv_fast_sha256 outer, inner;
    unsigned char dg[32];
    long c, i, j;
    int b;
    dmv_fast_sha256_init(&outer);
    for (c = 0; c < n; c += 128) {
        dmv_fast_sha256_init(&inner);
        for (i = c; i < n && i < c + 128; i++)
            for (j = 0; j < d; j++) {
                uint64_t u;
                unsigned char by[8];
                memcpy(&u, &x[i * d + j], 8);
                for (b = 0; b < 8; b++)
                    by[b] = (unsigned char) (u >> (8 * b));
                dmv_fast_sha256_update(&inner, by, 8);
            }
        dmv_fast_sha256_final(&inner, dg);
        dmv_fast_sha256_update(&outer, dg, 32);
    }
    dmv_fast_sha256_final(&outer, dg);
    for (b = 0; b < 32; b++)
        sprintf(out + 2 * b, "%02x", dg[b]);
}

static void run_case(dmv_scheme_kind sk, double eta, long n, long d, int with_mean)
{
    dmv_process p;
    dmv_grid g;
    dmv_scheme s;
    dmv_init in;
    dmv_gaussian ga;
    dmv_fast_model m;
    dmv_fast_job job;
    dmv_fast_stats st0, st;
    dmv_error err;
    double *lambda = malloc((size_t) d * sizeof(double)), *mean = malloc((size_t) d * sizeof(double));
    double *rows = malloc((size_t) (n * d) * sizeof(double)), *rr = malloc((size_t) (n * d) * sizeof(double));
    static const int th[3] = {1, 2, 4};
    static const long ba[3] = {1, 7, 4096};
    char want[65];
    long j, i, t, b;
    int rc;
    sink_ctx sc;
    dmv_test_rng rng = {42};
    for (j = 0; j < d; j++) {
        lambda[j] = dmv_test_loguniform(&rng, 1e-4, 10);
        mean[j] = dmv_test_uniform(&rng) - 0.5;
    }
    lambda[0] = 0.0;
    dmv_process_default(&p, DMV_PROCESS_VP_LINEAR);
    dmv_grid_default(&g);
    g.steps = 40; /* DDPM needs h g^2 = 2 h beta < 1 */
    s.kind = sk;
    s.eta = eta;
    dmv_init_default(&in);
    ga.d = d, ga.lambda = lambda, ga.mean = with_mean ? mean : NULL, ga.basis = NULL;
    dmv_error_init(&err);
    rc = dmv_fast_model_gaussian_diag_init(&m, &ga, &err);
    DMV_CHECK(rc == 0, "%s", err.msg);
    dmv_fast_job_init(&job);
    job.process = &p, job.grid = &g, job.scheme = &s, job.init = &in, job.init_basis_data = &ga, job.model = &m;
    job.n = n, job.seed = 0xdeadbeefcafeULL;
    dmv_fast_stats_init(&st0);
    dmv_fast_stats_init(&st);
    /* reference: one thread, batch 1, with sink */
    job.threads = 1, job.batch = 1;
    sc.rows = rows, sc.next = 0, sc.d = d, sc.bad = 0;
    rc = dmv_fast_sample(&st0, &job, sink, &sc, NULL, NULL, &err);
    DMV_CHECK(rc == 0 && !sc.bad && sc.next == n, "%s: rc %d %s", dmv_scheme_name(sk), rc, err.msg);
    tree_hash(want, rows, n, d);
    DMV_CHECK(strcmp(want, st0.hash) == 0, "%s: hash %s != recomputed %s", dmv_scheme_name(sk), st0.hash, want);
    /* two-pass moments in long double vs the streamed ones */
    for (j = 0; j < d; j++) {
        long double s1 = 0, s2 = 0, mu;
        for (i = 0; i < n; i++)
            s1 += rows[i * d + j];
        mu = s1 / n;
        for (i = 0; i < n; i++)
            s2 += (rows[i * d + j] - mu) * (rows[i * d + j] - mu);
        DMV_CHECK(fabsl(st0.mean[j] - mu) <= 1e-13L * (1 + fabsl(mu)) + 1e-13L * sqrtl(s2 / n),
                  "%s mean[%ld] %.17g vs %.17Lg", dmv_scheme_name(sk), j, st0.mean[j], mu);
        DMV_CHECK(fabsl(st0.m2[j] - s2) <= 1e-11L * s2 + 1e-300L, "%s m2[%ld] %.17g vs %.17Lg",
                  dmv_scheme_name(sk), j, st0.m2[j], s2);
    }
    DMV_CHECK(st0.n == n && st0.nonfinite == 0, "n %ld nonfinite %ld", st0.n, st0.nonfinite);
    /* run_rows over an odd window equals the sink's rows */
    rc = dmv_fast_run_rows(rr, &job, 301, n - 301, &err);
    DMV_CHECK(rc == 0 && memcmp(rr, rows + 301 * d, (size_t) ((n - 301) * d) * sizeof(double)) == 0,
              "%s: run_rows differs", dmv_scheme_name(sk));
    for (t = 0; t < 3; t++)
        for (b = 0; b < 3; b++) {
            job.threads = th[t], job.batch = ba[b];
            rc = dmv_fast_sample(&st, &job, NULL, NULL, NULL, NULL, &err);
            DMV_CHECK(rc == 0, "%s", err.msg);
            DMV_CHECK(strcmp(st.hash, st0.hash) == 0, "%s threads %d batch %ld: hash %s != %s", dmv_scheme_name(sk),
                      th[t], ba[b], st.hash, st0.hash);
            DMV_CHECK(memcmp(st.mean, st0.mean, (size_t) d * 8) == 0 && memcmp(st.m2, st0.m2, (size_t) d * 8) == 0,
                      "%s threads %d batch %ld: statistics differ", dmv_scheme_name(sk), th[t], ba[b]);
        }
    /* the fused Gaussian-diagonal loops are bit-identical to the generic path through denoise(),
     * except DDIM's, which collapses the step into a per-coordinate affine map: within a few
     * ulps per step of the generic path */
    job.generic_only = 1, job.threads = 2, job.batch = 7;
    rc = dmv_fast_sample(&st, &job, NULL, NULL, NULL, NULL, &err);
    if (sk != DMV_SCHEME_DDIM) {
        DMV_CHECK(rc == 0 && strcmp(st.hash, st0.hash) == 0, "%s: generic path hash %s != fused %s",
                  dmv_scheme_name(sk), st.hash, st0.hash);
    } else {
        double worst = 0;
        rc = dmv_fast_run_rows(rr, &job, 0, n, &err);
        for (i = 0; i < n * d; i++) {
            double e = fabs(rr[i] - rows[i]) / (DBL_EPSILON * (fabs(rows[i]) + 1e-3));
            if (e > worst) worst = e;
        }
        printf("ddim eta %g: fused affine path vs generic: worst %.1f ulps after %ld steps\n", eta, worst, g.steps);
        DMV_CHECK(rc == 0 && worst <= 4.0 * (double) g.steps, "ddim: fused vs generic differ by %.1f ulps", worst);
    }
    job.generic_only = 0;
    dmv_fast_stats_clear(&st0);
    dmv_fast_stats_clear(&st);
    dmv_fast_model_clear(&m);
    free(lambda), free(mean), free(rows), free(rr);
}

int main(void)
{
    int k;
    for (k = 0; k < DMV_SCHEME_COUNT; k++)
        run_case((dmv_scheme_kind) k, k == DMV_SCHEME_DDIM ? 0.5 : 0.0, k == DMV_SCHEME_EM ? 3000 : 700, 5, 1);
    /* zero mean (the model's other fused loop) and DDIM with eta = 0 */
    run_case(DMV_SCHEME_EM, 0.0, 700, 6, 0);
    run_case(DMV_SCHEME_DDIM, 0.0, 700, 6, 0);
    run_case(DMV_SCHEME_EULER, 0.0, 700, 6, 0);
    DMV_TEST_DONE("t-sample");
}
