/* Claim pg.law.noise: the fast sampler's noise generator (Philox4x32-10 by counter and
 * Box-Muller, docs/schemes.md section 4, public API dmv_fast_noise_vec) gives iid N(0, 1)
 * variates across samples, steps and coordinates.
 *
 * The claim regenerates, for samples 0..n-1 of the run's seed, the noise blocks of the steps
 * NOISE_STEPS (0 = the initial point, then the first steps and a late one) in NOISE_D
 * coordinates (odd, so the unpaired last Box-Muller coordinate is covered): V = S x D
 * variables observed n times. Six tests with exact null laws (each with the effect it must
 * detect, docs/claims.md):
 *  1. mean of all N = n V variates: sum / sqrt(N) ~ N(0, 1);
 *  2. variance: sum x^2 ~ chi2(N) (known mean 0), two-sided;
 *  3. normality: exact one-sample KS of the variates of the first min(n, NOISE_KS_ROWS) samples;
 *  4. independence of coordinates (same step): the Pearson correlation of each pair of
 *     variables, t(n-2) exactly, smallest p-value with Sidak over the pairs (uncorrelated
 *     under the claim, asymptotically jointly Gaussian: valid, and uniform in the limit);
 *  5. independence of steps (the pairs of variables at different steps): likewise;
 *  6. independence of consecutive samples: for each variable, the correlation of samples 2i
 *     and 2i+1 over the n/2 disjoint pairs, t(n/2-2), Sidak over the V variables (exact: the
 *     variables are independent, so are their correlations).
 * The pathwise claims check the map from these noises to the outputs, and the known-answer
 * claims the bits of each variate; this claim checks their joint law. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dmv/fast.h"
#include "dmv/stats.h"
#include "pg_claims.h"

#define NOISE_SAMPLES 100000
#define NOISE_KS_ROWS 50000
#define NOISE_D 9
#define NOISE_S 5
#define NOISE_V (NOISE_S * NOISE_D)
#define NOISE_NTESTS 6
#define NOISE_POWER 0.99

static const uint32_t noise_steps[NOISE_S] = {0, 1, 2, 3, 100};

typedef struct {
    long count;
    double mean[NOISE_V], C[NOISE_V * NOISE_V]; /* upper triangle of the co-moments */
    long pcount;                                 /* pairs of samples (2i, 2i+1) */
    double ma[NOISE_V], mb[NOISE_V], caa[NOISE_V], cbb[NOISE_V], cab[NOISE_V];
    double sum, sumsq;                           /* of all variates (known mean 0) */
} noise_acc;

static void acc_row(noise_acc *a, const double *x, const double *prev)
{
    double delta[NOISE_V];
    long i, j;
    a->count++;
    for (j = 0; j < NOISE_V; j++) {
        delta[j] = x[j] - a->mean[j];
        a->mean[j] += delta[j] / (double) a->count;
        a->sum += x[j];
        a->sumsq += x[j] * x[j];
    }
    for (i = 0; i < NOISE_V; i++)
        for (j = i + 1; j < NOISE_V; j++)
            a->C[i * NOISE_V + j] += delta[i] * (x[j] - a->mean[j]);
    for (j = 0; j < NOISE_V; j++)
        a->C[j * NOISE_V + j] += delta[j] * (x[j] - a->mean[j]);
    if (prev != NULL) { /* the pair (prev, x) of samples 2i, 2i+1 */
        a->pcount++;
        for (j = 0; j < NOISE_V; j++) {
            double da = prev[j] - a->ma[j], db = x[j] - a->mb[j];
            a->ma[j] += da / (double) a->pcount;
            a->mb[j] += db / (double) a->pcount;
            a->caa[j] += da * (prev[j] - a->ma[j]);
            a->cbb[j] += db * (x[j] - a->mb[j]);
            a->cab[j] += da * (x[j] - a->mb[j]);
        }
    }
}

static double corr(double cab, double caa, double cbb)
{
    double den = sqrt(caa * cbb);
    return den > 0 ? cab / den : 0.0;
}

/* acceptance interval of the largest of m pair correlations at combined level `level`: +-this */
static double crit(long n, double level, long m)
{
    return dmv_pg_corr_critical(n, dmv_pg_sidak_level(level, m));
}

int dmv_claim_pg_law_noise_check(const dmv_claim *c, const dmv_run *run, dmv_result *out, dmv_error *err)
{
    long n = run->law_samples > 1 ? run->law_samples : NOISE_SAMPLES, i, j, s, ks_rows, nks;
    long ncoord = 0, nstep = 0;
    double level = dmv_pg_claim_level(run, NOISE_NTESTS);
    double x[NOISE_V], prev[NOISE_V], *ks = NULL;
    double z, p_mean, chi, lc, ls, p_var, ks_d = NAN, ks_p = 1.0, up = NAN, down = NAN;
    double pm_coord = 1.0, pm_step = 1.0, pm_samp = 1.0, r_coord = 0.0, r_step = 0.0, r_samp = 0.0;
    double p_coord, p_step, p_samp, mde_mean, mde_var, mde_ks, mde_coord, mde_step, mde_samp, worst;
    long wc[2] = {0, 1}, ws[2] = {0, NOISE_D}, wv = 0;
    noise_acc *a;
    int status = DMV_OK;
    char name[200];

    (void) c;
    a = calloc(1, sizeof *a);
    ks_rows = n < NOISE_KS_ROWS ? n : NOISE_KS_ROWS;
    nks = ks_rows * NOISE_V;
    ks = malloc((size_t) nks * sizeof *ks);
    if (a == NULL || ks == NULL) {
        status = dmv_error_set(err, DMV_ENOMEM, "pg.law.noise: %ld doubles for the KS test", nks);
        goto out;
    }
    for (i = 0; i < n; i++) {
        for (s = 0; s < NOISE_S; s++)
            dmv_fast_noise_vec(run->seed, (uint64_t) i, noise_steps[s], NOISE_D, x + s * NOISE_D);
        acc_row(a, x, (i & 1) ? prev : NULL);
        memcpy(prev, x, sizeof x);
        if (i < ks_rows)
            memcpy(ks + i * NOISE_V, x, sizeof x);
        if (run->progress && (i & 16383) == 0)
            run->progress(run->progress_ctx, c->id, (double) i / (double) n, "noise");
    }
    /* 1, 2: mean and variance of all variates (known mean 0 and variance 1) */
    {
        double N = (double) n * NOISE_V;
        z = a->sum / sqrt(N);
        p_mean = fmin(1.0, 2.0 * dmv_stat_normal_sf(fabs(z)));
        chi = a->sumsq;
        lc = dmv_stat_chi2_cdf(chi, N);
        ls = dmv_stat_chi2_sf(chi, N);
        p_var = fmin(1.0, 2.0 * fmin(lc, ls));
        mde_mean = dmv_stat_mde_mean((long) N, level, NOISE_POWER);
        dmv_stat_mde_var_df(N, level, NOISE_POWER, &up, &down);
        mde_var = (isnan(up) || isnan(down)) ? NAN : fmax(up, down);
        if ((status = dmv_pg_add_test_req(out, "mean of all variates: sum / sqrt(N) ~ N(0,1)", z, p_mean,
                                          -dmv_stat_normal_isf(level / 2), dmv_stat_normal_isf(level / 2), mde_mean,
                                          "mean error, in sd", DMV_PG_NOISE_REQ_MEAN)) != DMV_OK)
            goto out_builder;
        if ((status = dmv_pg_add_test_req(out, "variance of all variates: sum x^2 ~ chi2(N)", chi / N, p_var,
                                          dmv_stat_chi2_quantile(level / 2, N) / N, dmv_stat_chi2_isf(level / 2, N) / N,
                                          mde_var, "relative variance error", DMV_PG_NOISE_REQ_VAR)) != DMV_OK)
            goto out_builder;
    }
    /* 3: normality, exact KS */
    {
        double cdf_prev = 0.0;
        status = dmv_stat_ks_1sample(&ks_d, &ks_p, ks, nks, dmv_pg_normal_cdf_monotone, &cdf_prev, err);
        if (status != DMV_OK)
            goto out;
        mde_ks = dmv_stat_mde_ks(nks, level, NOISE_POWER);
        snprintf(name, sizeof name, "normality: KS of the variates of %ld samples against N(0,1)", ks_rows);
        if ((status = dmv_pg_add_test_req(out, name, ks_d, ks_p, 0.0, dmv_stat_ks_isf(level, nks), mde_ks,
                                          "sup |G - Phi|", DMV_PG_NOISE_REQ_KS)) != DMV_OK)
            goto out_builder;
    }
    /* 4, 5: pairs of variables, same step (coordinates) and different steps */
    for (i = 0; i < NOISE_V; i++)
        for (j = i + 1; j < NOISE_V; j++) {
            double r = corr(a->C[i * NOISE_V + j], a->C[i * NOISE_V + i], a->C[j * NOISE_V + j]);
            double p = dmv_pg_corr_pvalue(r, n);
            if (i / NOISE_D == j / NOISE_D) {
                ncoord++;
                if (p < pm_coord || (p == pm_coord && fabs(r) > fabs(r_coord))) {
                    pm_coord = p;
                    r_coord = r;
                    wc[0] = i;
                    wc[1] = j;
                }
            } else {
                nstep++;
                if (p < pm_step || (p == pm_step && fabs(r) > fabs(r_step))) {
                    pm_step = p;
                    r_step = r;
                    ws[0] = i;
                    ws[1] = j;
                }
            }
        }
    p_coord = dmv_pg_sidak(pm_coord, ncoord);
    p_step = dmv_pg_sidak(pm_step, nstep);
    mde_coord = dmv_pg_corr_mde(n, dmv_pg_sidak_level(level, ncoord), NOISE_POWER);
    mde_step = dmv_pg_corr_mde(n, dmv_pg_sidak_level(level, nstep), NOISE_POWER);
    snprintf(name, sizeof name,
             "independent coordinates: largest correlation of %ld same-step pairs (worst: step %u coords %ld, %ld), "
             "Sidak",
             ncoord, noise_steps[wc[0] / NOISE_D], wc[0] % NOISE_D, wc[1] % NOISE_D);
    if ((status = dmv_pg_add_test_req(out, name, r_coord, p_coord, -crit(n, level, ncoord), crit(n, level, ncoord), mde_coord, "|correlation|",
                                      DMV_PG_NOISE_REQ_CORR)) != DMV_OK)
        goto out_builder;
    snprintf(name, sizeof name,
             "independent steps: largest correlation of %ld cross-step pairs (worst: step %u coord %ld, step %u "
             "coord %ld), Sidak",
             nstep, noise_steps[ws[0] / NOISE_D], ws[0] % NOISE_D, noise_steps[ws[1] / NOISE_D], ws[1] % NOISE_D);
    if ((status = dmv_pg_add_test_req(out, name, r_step, p_step, -crit(n, level, nstep), crit(n, level, nstep), mde_step, "|correlation|",
                                      DMV_PG_NOISE_REQ_CORR)) != DMV_OK)
        goto out_builder;
    /* 6: consecutive samples */
    for (j = 0; j < NOISE_V; j++) {
        double r = corr(a->cab[j], a->caa[j], a->cbb[j]), p = dmv_pg_corr_pvalue(r, a->pcount);
        if (p < pm_samp || (p == pm_samp && fabs(r) > fabs(r_samp))) {
            pm_samp = p;
            r_samp = r;
            wv = j;
        }
    }
    p_samp = dmv_pg_sidak(pm_samp, NOISE_V);
    mde_samp = dmv_pg_corr_mde(a->pcount, dmv_pg_sidak_level(level, NOISE_V), NOISE_POWER);
    snprintf(name, sizeof name,
             "independent samples: largest correlation of samples 2i, 2i+1 over %d variables (worst: step %u coord "
             "%ld), Sidak",
             NOISE_V, noise_steps[wv / NOISE_D], wv % NOISE_D);
    if ((status = dmv_pg_add_test_req(out, name, r_samp, p_samp, -crit(a->pcount, level, NOISE_V),
                                      crit(a->pcount, level, NOISE_V), mde_samp, "|correlation|",
                                      DMV_PG_NOISE_REQ_CORR)) != DMV_OK)
        goto out_builder;

    worst = fmin(fmin(p_mean, p_var), fmin(ks_p, fmin(p_coord, fmin(p_step, p_samp))));
    if ((status = dmv_result_add_number(out, "samples", (double) n, 0, NULL)) != DMV_OK ||
        (status = dmv_result_add_number(out, "coordinates", (double) NOISE_D, 0, NULL)) != DMV_OK ||
        (status = dmv_result_add_number(out, "steps (0, 1, 2, 3, 100)", (double) NOISE_S, 0, NULL)) != DMV_OK ||
        (status = dmv_result_add_number(out, "variates in the KS test", (double) nks, 0, NULL)) != DMV_OK ||
        (status = dmv_result_add_number(out, "smallest p-value", worst, 0, NULL)) != DMV_OK ||
        (status = dmv_result_add_number(out, "detectable mean error (power 0.99)", mde_mean, 0, "sd")) != DMV_OK ||
        (status = dmv_result_add_number(out, "detectable relative variance error (power 0.99)", mde_var, 0, NULL)) !=
            DMV_OK ||
        (status = dmv_result_add_number(out, "detectable KS distance (power 0.99)", mde_ks, 0, NULL)) != DMV_OK ||
        (status = dmv_result_add_number(out, "detectable correlation, coordinates (power 0.99)", mde_coord, 0,
                                        NULL)) != DMV_OK ||
        (status = dmv_result_add_number(out, "detectable correlation, steps (power 0.99)", mde_step, 0, NULL)) !=
            DMV_OK ||
        (status = dmv_result_add_number(out, "detectable correlation, samples (power 0.99)", mde_samp, 0, NULL)) !=
            DMV_OK)
        goto out_builder;
    status = dmv_result_set_summary(out,
                                    "%ld samples x %d steps x %d coordinates: smallest p-value %.3g; largest "
                                    "correlation: coordinates %.3g, steps %.3g, samples %.3g (detectable %.2g, %.2g, "
                                    "%.2g; required %.2g); KS distance %.3g (detectable %.2g, required %.2g)",
                                    n, NOISE_S, NOISE_D, worst, r_coord, r_step, r_samp, mde_coord, mde_step,
                                    mde_samp, DMV_PG_NOISE_REQ_CORR, ks_d, mde_ks, DMV_PG_NOISE_REQ_KS);
    if (status != DMV_OK)
        goto out_builder;
    out->verdict = DMV_VERDICT_PASS; /* the tests decide, after Holm within the claim */
    goto out;
out_builder:
    status = dmv_error_set(err, status, "pg.law.noise: recording the evidence failed (code %d)", status);
out:
    free(a);
    free(ks);
    return status;
}
