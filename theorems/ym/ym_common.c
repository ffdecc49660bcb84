/* The miniature set-up of the ym claims (theorems/ym/ym_claims.h, docs/math/memorization.md):
 * training set, sampler runs, nearest-neighbour distances, the start's TV bound, binomial tails. */
#include <math.h>
#include <stdlib.h>

#include "dmv/stats.h"
#include "ym_claims.h"

const double dmv_ym_levels[YM_NLEV] = {0.1, 0.03, 0.01, 3e-3, 1e-3};
const double dmv_ym_train[YM_N * YM_D] = {1.2, 0.4, -0.9, 1, 0.2, -1.2, -1.3, -0.7,
                                          0.6, 1.3, 1.4, -0.9, -0.2, 0.1, -1.6, 0.5};

int dmv_ym_model(dmv_fast_model *m, const double *X, long N, long d, dmv_error *err)
{
    return dmv_fast_model_empirical_init(m, d, N, X, err);
}

static void ym_process(dmv_process *p)
{
    dmv_process_default(p, DMV_PROCESS_VP_LINEAR);
}

void dmv_ym_scales(double eps, double *alpha, double *sigma)
{
    dmv_process p;
    ym_process(&p);
    *alpha = dmv_fast_process_alpha(&p, eps);
    *sigma = sqrt(dmv_fast_process_sigma2(&p, eps));
}

int dmv_ym_sample(double **out, const dmv_fast_model *model, dmv_scheme_kind scheme, double eta, double eps,
                  long steps, long n, uint64_t seed, int threads, dmv_error *err)
{
    dmv_process proc;
    dmv_grid grid;
    dmv_scheme sch;
    dmv_init init;
    dmv_fast_job job;
    int rc;
    ym_process(&proc);
    dmv_grid_default(&grid);
    grid.kind = DMV_GRID_LOGSNR;
    grid.steps = steps;
    grid.eps = eps;
    sch.kind = scheme;
    sch.eta = eta;
    dmv_init_default(&init);
    dmv_fast_job_init(&job);
    job.process = &proc;
    job.grid = &grid;
    job.scheme = &sch;
    job.init = &init;
    job.model = model;
    job.n = n;
    job.seed = seed;
    job.threads = threads > 0 ? threads : 1;
    *out = malloc((size_t) (n * model->dim) * sizeof **out);
    if (*out == NULL)
        return dmv_error_set(err, DMV_ENOMEM, "ym: out of memory (%ld samples)", n);
    rc = dmv_fast_run_rows(*out, &job, 0, n, err);
    if (rc != DMV_OK) {
        free(*out);
        *out = NULL;
    }
    return rc;
}

double dmv_ym_nn_dist(const double *y, const double *X, long N, long d, double a, long *idx)
{
    double best = INFINITY;
    long i, j;
    for (i = 0; i < N; i++) {
        double q = 0;
        for (j = 0; j < d; j++)
            q += (y[j] - a * X[i * d + j]) * (y[j] - a * X[i * d + j]);
        if (q < best) {
            best = q;
            if (idx != NULL)
                *idx = i;
        }
    }
    return sqrt(best);
}

double dmv_ym_init_tv(const double *X, long N, long d)
{
    double a, s, kl = 0, s2;
    long i, j;
    dmv_process p;
    ym_process(&p);
    a = dmv_fast_process_alpha(&p, p.t_max);
    s2 = dmv_fast_process_sigma2(&p, p.t_max);
    s = s2 - 1 - log(s2);
    for (i = 0; i < N; i++) {
        double q = 0;
        for (j = 0; j < d; j++)
            q += X[i * d + j] * X[i * d + j];
        kl += a * a * q / 2;
    }
    kl = kl / (double) N + (double) d / 2 * (s > 0 ? s : 0);
    return sqrt(kl / 2) * (1 + 1e-12) + 1e-15;
}

double dmv_ym_binom_cdf(long k, long n, double p)
{
    if (k >= n)
        return 1;
    if (k < 0)
        return 0;
    return dmv_stat_beta_inc((double) (n - k), (double) (k + 1), 1 - p, p, 0);
}

double dmv_ym_binom_sf(long k, long n, double p)
{
    if (k <= 0)
        return 1;
    if (k > n)
        return 0;
    return dmv_stat_beta_inc((double) k, (double) (n - k + 1), p, 1 - p, 0);
}

double dmv_ym_binom_mde(long n, double level, double power)
{
    return (dmv_stat_normal_isf(level) + dmv_stat_normal_isf(1 - power)) / (2 * sqrt((double) n));
}

int dmv_ym_add_test(dmv_result *out, const char *name, double stat, double p, double lo, double hi, double mde,
                    const char *unit, double required)
{
    int rc = dmv_result_add_test(out, name, stat, p, lo, hi, mde, unit);
    if (rc == DMV_OK)
        rc = dmv_result_require_effect(out, required);
    return rc;
}
