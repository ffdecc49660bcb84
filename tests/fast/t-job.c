/* Jobs through the generic model interface: the initial point's rotation by a basis U
 * (with a test model D = 0, a one-step DDIM on VE gives y = (eps/T) U x~, computed here
 * independently), the initial laws, model errors stopping a threaded run, and input
 * validation naming the bad value. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "dmv/fast.h"
#include "dmv_test.h"

static int zero_denoise(const dmv_fast_model *m, const dmv_fast_eval *ev, long n, const double *x, double *out,
                        void *ws, dmv_error *err)
{
    (void) ev, (void) x, (void) ws, (void) err;
    memset(out, 0, (size_t) (n * m->dim) * sizeof(double));
    return DMV_OK;
}

static int failing_denoise(const dmv_fast_model *m, const dmv_fast_eval *ev, long n, const double *x, double *out,
                           void *ws, dmv_error *err)
{
    (void) m, (void) x, (void) out, (void) ws, (void) n, (void) err;
    return ev->sigma < 1 ? DMV_EDOM : DMV_OK; /* fails late in the run (the grid goes 10 -> 0.1) */
}

int main(void)
{
    dmv_process p;
    dmv_grid g;
    dmv_scheme s;
    dmv_init in;
    dmv_gaussian ga;
    dmv_fast_model m;
    dmv_fast_job job;
    dmv_error err;
    const long d = 4, n = 300;
    double U[16], lam[4] = {0.5, 1, 2, 0}, mean[4] = {1, -1, 0.5, 2}, *out = malloc((size_t) (n * d) * sizeof(double));
    long i, j, l;
    dmv_test_rng rng = {3};
    int rc;
    /* U: a Householder reflection I - 2 v v^T / v^T v, orthogonal */
    {
        double v[4] = {1, 2, -1, 0.5}, vv = 0;
        for (j = 0; j < d; j++) vv += v[j] * v[j];
        for (i = 0; i < d; i++)
            for (j = 0; j < d; j++) U[i * d + j] = (i == j) - 2 * v[i] * v[j] / vv;
    }
    dmv_process_default(&p, DMV_PROCESS_VE);
    p.t_max = 10;
    dmv_grid_default(&g);
    g.steps = 1, g.eps = 0.25;
    s.kind = DMV_SCHEME_DDIM, s.eta = 0;
    in.kind = DMV_INIT_GAUSSIAN, in.mean = 0.75, in.var = 3;
    ga.d = d, ga.lambda = lam, ga.mean = mean, ga.basis = U;
    dmv_fast_model_init(&m, NULL);
    m.dim = d, m.denoise = zero_denoise;
    dmv_fast_job_init(&job);
    job.process = &p, job.grid = &g, job.scheme = &s, job.init = &in, job.init_basis_data = &ga, job.model = &m;
    job.n = n, job.seed = 99, job.batch = 7;
    dmv_error_init(&err);
    rc = dmv_fast_run_rows(out, &job, 5, n, &err);
    DMV_CHECK(rc == 0, "%s", err.msg);
    for (i = 0; i < n; i++)
        for (j = 0; j < d; j++) {
            long double want = 0;
            for (l = 0; l < d; l++)
                want += (long double) U[j * d + l] * (0.75L + sqrtl(3.0L) * dmv_fast_noise(99, (uint64_t) (5 + i), 0, (uint32_t) l));
            want *= 0.25L / 10;
            DMV_CHECK(fabsl(out[i * d + j] - want) <= 1e-15L * (1 + fabsl(want)), "rotated init sample %ld coord %ld: %.17g vs %.17Lg",
                      i, j, out[i * d + j], want);
        }
    /* initial laws */
    {
        double m0[4], v0[4];
        dmv_process vp;
        dmv_init ie;
        dmv_process_default(&vp, DMV_PROCESS_VP_LINEAR);
        ie.kind = DMV_INIT_EXACT;
        rc = dmv_fast_init_law(m0, v0, d, &ie, &vp, &ga, &err);
        for (j = 0; j < d; j++) {
            long double a = expl(-5.025L); /* alpha(1) = exp(-(0.05 + 9.95/2)) */
            long double vw = a * a * lam[j] + (1 - a * a);
            DMV_CHECK(rc == 0 && fabsl(m0[j] - a * mean[j]) <= 1e-15L * fabsl(a * mean[j]) + 1e-300L &&
                          fabsl(v0[j] - vw) <= 1e-15L * vw,
                      "exact law %ld: %.17g %.17g", j, m0[j], v0[j]);
        }
        ie.kind = DMV_INIT_STANDARD;
        rc = dmv_fast_init_law(m0, v0, d, &ie, &p, NULL, &err);
        DMV_CHECK(rc == 0 && m0[0] == 0 && v0[0] == 100, "VE standard: N(0, T^2): %g %g", m0[0], v0[0]);
        ie.kind = DMV_INIT_EXACT;
        dmv_error_init(&err);
        rc = dmv_fast_init_law(m0, v0, d, &ie, &p, NULL, &err);
        DMV_CHECK(rc == DMV_EINVAL && strstr(err.msg, "exact"), "exact without data: %s", err.msg);
    }
    /* a model error stops a threaded run and is reported */
    {
        dmv_fast_model fm;
        dmv_fast_stats st;
        dmv_fast_model_init(&fm, NULL);
        fm.dim = d, fm.denoise = failing_denoise;
        job.model = &fm, job.threads = 2, job.n = 5000, job.batch = 16;
        g.steps = 20, g.eps = 0.1;
        dmv_fast_stats_init(&st);
        dmv_error_init(&err);
        rc = dmv_fast_sample(&st, &job, NULL, NULL, NULL, NULL, &err);
        DMV_CHECK(rc == DMV_EDOM && strstr(err.msg, "denoise"), "model failure: rc %d, %s", rc, err.msg);
        dmv_fast_stats_clear(&st);
        job.model = &m, job.threads = 1, job.n = n;
    }
    /* validation */
    {
        struct { const char *what; int code; } cases[] = {
            {"threads", DMV_EINVAL}, {"batch", DMV_EINVAL}, {"eta", DMV_EINVAL}, {"eps", DMV_EINVAL},
            {"ddpm", DMV_EDOM}, {"basis", DMV_EINVAL}, {"lambda[2]", DMV_EINVAL}, {"model", DMV_EINVAL}};
        int c;
        for (c = 0; c < 8; c++) {
            dmv_fast_job jb = job;
            dmv_process vp;
            dmv_grid gg = g;
            dmv_scheme ss = s;
            dmv_gaussian g2 = ga;
            dmv_fast_model dm;
            double bad[4] = {1, 1, -1, 1};
            dmv_process_default(&vp, DMV_PROCESS_VP_LINEAR);
            jb.grid = &gg, jb.scheme = &ss;
            dmv_error_init(&err);
            switch (c) {
            case 0: jb.threads = 0; break;
            case 1: jb.batch = 0; break;
            case 2: ss.eta = 1.5; break;
            case 3: ss.kind = DMV_SCHEME_DPM2, gg.eps = 0; break;
            case 4: jb.process = &vp, ss.kind = DMV_SCHEME_DDPM, gg.steps = 3, gg.eps = 1e-3; break;
            case 5: rc = dmv_fast_model_gaussian_diag_init(&dm, &g2, &err); break;
            case 6: g2.basis = NULL, g2.lambda = bad; rc = dmv_fast_model_gaussian_diag_init(&dm, &g2, &err); break;
            case 7: jb.model = NULL; break;
            }
            if (c != 5 && c != 6)
                rc = dmv_fast_run_rows(out, &jb, 0, 3, &err);
            DMV_CHECK(rc == cases[c].code && strstr(err.msg, cases[c].what), "case %s: rc %d, '%s'", cases[c].what, rc,
                      err.msg);
        }
    }
    (void) rng;
    free(out);
    DMV_TEST_DONE("t-job");
}
