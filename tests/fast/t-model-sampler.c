/* The data models inside helper "fast"'s sampler (dmv_fast_run_rows / dmv_fast_sample).
 * 1. Same Gaussian, four implementations: the diagonal model of helper "fast", the dense GEMM
 *    model with identity basis, the perturbed Gaussian with zero perturbation and the mixture
 *    with K = 1. Same noise, so the final samples must agree pathwise: to 1e-12 relative after
 *    100 EM and 50 Heun steps (dense, mixture may differ at ulp level per step; observed: 0), bit for bit
 *    for the perturbed Gaussian (it evaluates the same formula as the diagonal model).
 * 2. Bit-exact models (umix, mixture, empirical, guided): the sample hash is the same for
 *    batch 1 / 1 thread and batch 7 / 2 threads, and stats.bit_exact is 1. */
#include <string.h>

#include "dmv/fast.h"
#include "dmv_test.h"

#define D 5
#define NS 40

static void run(double *out, const dmv_fast_model *m, dmv_scheme_kind kind, long steps)
{
    dmv_process p;
    dmv_grid g;
    dmv_scheme sc;
    dmv_init in;
    dmv_fast_job job;
    dmv_error err;
    int rc;
    dmv_process_default(&p, DMV_PROCESS_VP_LINEAR);
    dmv_grid_default(&g);
    g.steps = steps;
    dmv_scheme_default(&sc);
    sc.kind = kind;
    dmv_init_default(&in);
    dmv_fast_job_init(&job);
    job.process = &p;
    job.grid = &g;
    job.scheme = &sc;
    job.init = &in;
    job.model = m;
    job.n = NS;
    job.seed = 12345;
    job.generic_only = 1;
    dmv_error_init(&err);
    rc = dmv_fast_run_rows(out, &job, 0, NS, &err);
    DMV_CHECK(rc == DMV_OK, "run_rows: %s", err.msg);
}

static void hash_of(char *hash, int *bit_exact, const dmv_fast_model *m, long batch, int threads)
{
    dmv_process p;
    dmv_grid g;
    dmv_scheme sc;
    dmv_init in;
    dmv_fast_job job;
    dmv_fast_stats st;
    dmv_error err;
    int rc;
    dmv_process_default(&p, DMV_PROCESS_VP_LINEAR);
    dmv_grid_default(&g);
    g.steps = 20;
    dmv_scheme_default(&sc);
    dmv_init_default(&in);
    dmv_fast_job_init(&job);
    job.process = &p;
    job.grid = &g;
    job.scheme = &sc;
    job.init = &in;
    job.model = m;
    job.n = 300;
    job.seed = 777;
    job.batch = batch;
    job.threads = threads;
    dmv_fast_stats_init(&st);
    dmv_error_init(&err);
    rc = dmv_fast_sample(&st, &job, NULL, NULL, NULL, NULL, &err);
    DMV_CHECK(rc == DMV_OK, "sample: %s", err.msg);
    memcpy(hash, st.hash, 65);
    *bit_exact = st.bit_exact;
    dmv_fast_stats_clear(&st);
}

int main(void)
{
    dmv_test_rng rng = {2026};
    double lam[D], mean[D], ref[NS * D], out[NS * D], one = 1;
    dmv_gaussian g = {D, lam, mean, NULL};
    dmv_fast_model diag, models[3];
    const char *names[3] = {"dense", "perturbed-zero", "mixture K=1"};
    dmv_scheme_kind kinds[2] = {DMV_SCHEME_EM, DMV_SCHEME_HEUN};
    long steps[2] = {100, 50};
    int j, k, q, rc = 0;
    long i;

    for (j = 0; j < D; j++) {
        lam[j] = j == 0 ? 0 : dmv_test_loguniform(&rng, 1e-3, 3);
        mean[j] = 2 * dmv_test_uniform(&rng) - 1;
    }
    rc |= dmv_fast_model_gaussian_diag_init(&diag, &g, NULL);
    rc |= dmv_fast_model_dense_init(&models[0], &g, NULL);
    rc |= dmv_fast_model_perturbed_gaussian_init(&models[1], &g, NULL, NULL, NULL, NULL);
    rc |= dmv_fast_model_mixture_init(&models[2], D, 1, &one, mean, lam, NULL);
    DMV_CHECK(rc == DMV_OK, "init");
    for (q = 0; q < 2; q++) {
        run(ref, &diag, kinds[q], steps[q]);
        for (k = 0; k < 3; k++) {
            double worst = 0;
            run(out, &models[k], kinds[q], steps[q]);
            for (i = 0; i < NS * D; i++) {
                double e = fabs(out[i] - ref[i]) / (1 + fabs(ref[i]));
                worst = fmax(worst, e);
            }
            if (k == 1)
                DMV_CHECK(memcmp(out, ref, sizeof ref) == 0, "%s (%s): not bit-identical to the diagonal model (%.3g)",
                          names[k], dmv_scheme_name(kinds[q]), worst);
            DMV_CHECK(worst <= 1e-12, "%s (%s): pathwise difference %.3g", names[k], dmv_scheme_name(kinds[q]), worst);
            printf("sampler: %s vs diagonal Gaussian, %s: max pathwise difference %.3g\n", names[k],
                   dmv_scheme_name(kinds[q]), worst);
        }
    }
    for (k = 0; k < 3; k++)
        dmv_fast_model_clear(&models[k]);
    dmv_fast_model_clear(&diag);

    /* 2. hashes independent of batch and threads */
    {
        double w[2 * D], a[2 * D], b[2 * D], X[30 * D], var[2 * D];
        dmv_fast_model bm[4];
        const char *bn[4] = {"umix", "mixture", "empirical", "guided"};
        for (i = 0; i < 2 * D; i++) {
            w[i] = 0.2 + dmv_test_uniform(&rng);
            a[i] = 3 * dmv_test_uniform(&rng) - 1.5;
            b[i] = a[i] + 0.1 + dmv_test_uniform(&rng);
            var[i] = 0.05;
        }
        for (i = 0; i < 30 * D; i++)
            X[i] = 2 * dmv_test_uniform(&rng) - 1;
        rc = dmv_fast_model_umix_init(&bm[0], D, 2, w, a, b, NULL);
        rc |= dmv_fast_model_mixture_init(&bm[1], D, 2, w, a, var, NULL);
        rc |= dmv_fast_model_empirical_init(&bm[2], D, 30, X, NULL);
        rc |= dmv_fast_model_guided_init(&bm[3], &bm[1], &bm[0], 2.0, NULL);
        DMV_CHECK(rc == DMV_OK, "init");
        for (k = 0; k < 4; k++) {
            char h1[65], h2[65];
            int be1, be2;
            hash_of(h1, &be1, &bm[k], 1, 1);
            hash_of(h2, &be2, &bm[k], 7, 2);
            DMV_CHECK(strcmp(h1, h2) == 0 && be1 == 1 && be2 == 1, "%s: hash %s (batch 1) vs %s (batch 7, 2 threads)",
                      bn[k], h1, h2);
        }
        dmv_fast_model_clear(&bm[3]);
        for (k = 0; k < 3; k++)
            dmv_fast_model_clear(&bm[k]);
    }
    DMV_TEST_DONE("t-model-sampler");
}
