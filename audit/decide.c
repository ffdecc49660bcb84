/* The audit's checks as outcomes of a run result (docs/audit.md, "Checks and levels"):
 * audit.law, audit.distance, audit.pathwise, audit.independence. The statistical checks share
 * alpha: audit.distance has the fixed share alpha/K (its confidence intervals), audit.law and
 * audit.independence are decided by Holm's step-down across the two at alpha (K - 1)/K on their
 * Holm-adjusted p-values, each then Holm within at the level it was given. Detectable effects are
 * computed at the strictest level, alpha/K divided by the check's number of tests. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit_internal.h"
#include "dmv/stats.h"
#include "dmv/str.h"

#define POWER 0.99

static const dmv_paper audit_paper = {"audit", NULL, "dmverify audit: a sampler checked from its samples", NULL,
                                      NULL, "dmverify audit (docs/audit.md)"};

static char *fmt_alloc(const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;
static char *fmt_alloc(const char *fmt, ...)
{
    va_list ap;
    int n;
    char *s;
    va_start(ap, fmt);
    n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        return NULL;
    s = malloc((size_t) n + 1);
    if (s == NULL)
        return NULL;
    va_start(ap, fmt);
    vsnprintf(s, (size_t) n + 1, fmt, ap);
    va_end(ap);
    return s;
}

/* "ddim (eta 0.5) on ve, karras grid (rho 7), 20 steps from 80 to 0.002, start standard" */
static void describe(char *buf, size_t size, const dmv_problem *p)
{
    char eta[48] = "", rho[48] = "";
    if (p->scheme.kind == DMV_SCHEME_DDIM)
        snprintf(eta, sizeof eta, " (eta %.17g)", p->scheme.eta);
    if (p->grid.kind == DMV_GRID_KARRAS)
        snprintf(rho, sizeof rho, " (rho %.17g)", p->grid.rho);
    snprintf(buf, size, "%s%s on %s, %s grid%s, %ld steps from %.17g to %.17g, start %s",
             dmv_scheme_name(p->scheme.kind), eta, dmv_process_name(p->process.kind), dmv_grid_name(p->grid.kind), rho,
             p->grid.steps, p->process.t_max, p->grid.eps, dmv_init_name(p->init.kind));
}

/* ---- audit.law ------------------------------------------------------------------------------- */

static int law_check(dmv_audit *a, dmv_result *r, double level_mde, long *ntests_out, dmv_error *err)
{
    long d = a->d, n = a->n, j, m = 0, ntests;
    double *sm = NULL, *sv = NULL, *em = NULL, *ev = NULL, level;
    dmv_stat_moment_test *per = NULL;
    dmv_stat_joint_test jt;
    int rc = DMV_OK, *flags = NULL;
    long *idx = NULL;
    for (j = 0; j < d; j++)
        m += a->law_var[j] > 0;
    ntests = 2 * m + 3;
    *ntests_out = ntests;
    level = level_mde / (double) ntests;
    sm = malloc((size_t) (4 * m + 1) * sizeof(double));
    per = malloc((size_t) (m + 1) * sizeof *per);
    idx = malloc((size_t) (m + 1) * sizeof *idx);
    flags = calloc((size_t) d + 1, sizeof *flags);
    if (sm == NULL || per == NULL || idx == NULL || flags == NULL) {
        rc = dmv_error_set(err, DMV_ENOMEM, "audit.law: out of memory (d = %ld)", d);
        goto done;
    }
    sv = sm + m, em = sm + 2 * m, ev = sm + 3 * m;
    m = 0;
    for (j = 0; j < d; j++)
        if (a->law_var[j] > 0) {
            idx[m] = j;
            sm[m] = a->sum[j];
            sv[m] = a->m2[j] / (double) (n - 1);
            em[m] = a->law_mean[j];
            ev[m] = a->law_var[j];
            m++;
        }
    if (m == 0) {
        rc = dmv_error_set(err, DMV_EUNSUPPORTED, "audit.law: every direction of the scheme's law has variance 0");
        goto done;
    }
    rc = dmv_stat_gaussian_moments_joint(&jt, per, m, n, sm, sv, em, ev, level, err);
    if (rc != DMV_OK)
        goto done;
    {
        double mde_m = dmv_stat_mde_mean(n, level, POWER), mde_v = dmv_stat_mde_var(n, level, POWER);
        double mde_jm = dmv_stat_mde_mean_joint(m, n, level, POWER);
        double mde_tv = dmv_stat_mde_var_df((double) m * (double) (n - 1), level, POWER, NULL, NULL);
        char name[96];
        dmv_result_add_test(r, "means, joint (sum of z^2 ~ chi2(d))", jt.t_mean, jt.p_mean, NAN, NAN, mde_jm,
                            "mean error, Mahalanobis norm (standard deviations)");
        dmv_result_require_effect(r, a->cfg.effect);
        dmv_result_add_test(r, "total variance, joint (~ chi2(d (n - 1)))", jt.t_var, jt.p_var, NAN, NAN, mde_tv,
                            "common relative variance error");
        dmv_result_require_effect(r, a->cfg.effect);
        dmv_result_add_test(r, "variances, joint (Fisher over directions ~ chi2(2d))", jt.fisher_var, jt.p_fisher, NAN,
                            NAN, NAN, "relative variance errors of mixed signs");
        for (j = 0; j < m; j++) {
            snprintf(name, sizeof name, "mean, direction %ld (z)", idx[j]);
            dmv_result_add_test(r, name, per[j].z_mean, per[j].p_mean, (per[j].mean_lo - em[j]) / sqrt(ev[j] / n),
                                (per[j].mean_hi - em[j]) / sqrt(ev[j] / n), mde_m, "mean error (standard deviations)");
            snprintf(name, sizeof name, "variance, direction %ld (sample variance)", idx[j]);
            dmv_result_add_test(r, name, sv[j], per[j].p_var, per[j].var_lo, per[j].var_hi, mde_v,
                                "relative variance error");
            if (per[j].p_mean <= level || per[j].p_var <= level)
                flags[idx[j]] = 1;
        }
        dmv_result_add_number(r, "samples n", (double) n, 0, NULL);
        dmv_result_add_number(r, "dimension d", (double) d, 0, NULL);
        dmv_result_add_number(r, "detectable mean error per direction", mde_m, 0, "standard deviations");
        dmv_result_add_number(r, "detectable relative variance error per direction", mde_v, 0, NULL);
        dmv_result_add_number(r, "detectable joint mean error", mde_jm, 0, "standard deviations (Mahalanobis)");
        dmv_result_add_number(r, "detectable common relative variance error", mde_tv, 0, NULL);
        dmv_result_set_summary(r,
                               "n = %ld, d = %ld: joint means p = %.3g, total variance p = %.3g, Fisher variances "
                               "p = %.3g; detectable: mean %.3g sd per direction (%.3g jointly), variance %.3g "
                               "relative per direction (%.3g common)",
                               n, d, jt.p_mean, jt.p_var, jt.p_fisher, mde_m, mde_jm, mde_v, mde_tv);
    }
    {
        static const char *const header[] = {"direction", "lambda", "exact mean", "sample mean", "exact var",
                                             "sample var", "p mean", "p var"};
        char **cells = calloc((size_t) d * 8, sizeof *cells);
        long r_ = 0, k;
        if (cells == NULL) {
            rc = dmv_error_set(err, DMV_ENOMEM, "audit.law: out of memory");
            goto done;
        }
        k = 0;
        for (j = 0; j < d; j++) {
            int has = k < m && idx[k] == j;
            cells[8 * j] = fmt_alloc("%ld", j);
            cells[8 * j + 1] = fmt_alloc("%.6g", a->lambda[j]);
            cells[8 * j + 2] = fmt_alloc("%.9g", a->law_mean[j]);
            cells[8 * j + 3] = fmt_alloc("%.9g", a->sum[j]);
            cells[8 * j + 4] = fmt_alloc("%.9g", a->law_var[j]);
            cells[8 * j + 5] = fmt_alloc("%.9g", a->m2[j] / (double) (n - 1));
            cells[8 * j + 6] = has ? fmt_alloc("%.3g", per[k].p_mean) : dmv_strdup("-");
            cells[8 * j + 7] = has ? fmt_alloc("%.3g", per[k].p_var) : dmv_strdup("-");
            k += has;
            r_++;
        }
        dmv_result_add_table(r, "per direction: the scheme's exact law and the samples", d, 8, header,
                             (const char *const *) cells);
        dmv_result_flag_rows(r, flags);
        for (j = 0; j < 8 * d; j++)
            free(cells[j]);
        free(cells);
    }
    r->verdict = DMV_VERDICT_PASS;
done:
    free(sm);
    free(per);
    free(idx);
    free(flags);
    return rc;
}

/* ---- audit.distance -------------------------------------------------------------------------- */

/* [lo, hi] of (x - t)^2 for x in [a, b]. */
static void sq_range(double *lo, double *hi, double a, double b, double t)
{
    double da = (a - t) * (a - t), db = (b - t) * (b - t);
    *lo = (t >= a && t <= b) ? 0.0 : (da < db ? da : db);
    *hi = da > db ? da : db;
}

static void w2_interval(dmv_audit *a, const double *tm, const double *tv, double q, double *est, double *lo,
                        double *hi)
{
    long d = a->d, n = a->n, j;
    double z = dmv_stat_normal_isf(q / 2), cu = dmv_stat_chi2_isf(q / 2, (double) (n - 1)),
           cl = dmv_stat_chi2_quantile(q / 2, (double) (n - 1));
    *est = *lo = *hi = 0;
    for (j = 0; j < d; j++) {
        double mh = a->sum[j], vh = a->m2[j] / (double) (n - 1), se = sqrt(vh / (double) n);
        double vlo = (double) (n - 1) * vh / cu, vhi = (double) (n - 1) * vh / cl, l1, h1, l2, h2;
        sq_range(&l1, &h1, mh - z * se, mh + z * se, tm[j]);
        sq_range(&l2, &h2, sqrt(vlo), sqrt(vhi), sqrt(tv[j]));
        *est += (mh - tm[j]) * (mh - tm[j]) + (sqrt(vh) - sqrt(tv[j])) * (sqrt(vh) - sqrt(tv[j]));
        *lo += l1 + l2;
        *hi += h1 + h2;
    }
    *est = sqrt(*est);
    *lo = sqrt(*lo);
    *hi = sqrt(*hi);
}

static void distance_check(dmv_audit *a, dmv_result *r, double level)
{
    double q = level / (double) (2 * a->d), e1, l1, h1, e2, l2, h2, conf = 1 - level;
    int ok1, ok2;
    const char *flow = a->stochastic ? "reverse SDE" : "PF-ODE";
    char name[160];
    w2_interval(a, a->data_mean, a->data_var, q, &e1, &l1, &h1);
    w2_interval(a, a->flow_mean, a->flow_var, q, &e2, &l2, &h2);
    dmv_result_add_number(r, "W2(samples, data): estimate", e1, (h1 - l1) / 2, NULL);
    snprintf(name, sizeof name, "W2(samples, data): %.6g%% confidence interval, low", 100 * conf);
    dmv_result_add_number(r, name, l1, 0, NULL);
    snprintf(name, sizeof name, "W2(samples, data): %.6g%% confidence interval, high", 100 * conf);
    dmv_result_add_number(r, name, h1, 0, NULL);
    snprintf(name, sizeof name, "W2(samples, exact %s): estimate", flow);
    dmv_result_add_number(r, name, e2, (h2 - l2) / 2, NULL);
    snprintf(name, sizeof name, "W2(samples, exact %s): confidence interval, low", flow);
    dmv_result_add_number(r, name, l2, 0, NULL);
    snprintf(name, sizeof name, "W2(samples, exact %s): confidence interval, high", flow);
    dmv_result_add_number(r, name, h2, 0, NULL);
    {
        char mid[40], rad[40];
        snprintf(mid, sizeof mid, "%.17g", a->w2_scheme_data);
        snprintf(rad, sizeof rad, "%.3g", a->w2_scheme_data_rad);
        dmv_result_add_ball(r, "W2(scheme, data), certified", mid, rad, a->w2_scheme_data, NULL);
        snprintf(mid, sizeof mid, "%.17g", a->w2_scheme_flow);
        snprintf(rad, sizeof rad, "%.3g", a->w2_scheme_flow_rad);
        snprintf(name, sizeof name, "W2(scheme, exact %s), certified", flow);
        dmv_result_add_ball(r, name, mid, rad, a->w2_scheme_flow, NULL);
        snprintf(mid, sizeof mid, "%.17g", a->w2_flow_data);
        snprintf(rad, sizeof rad, "%.3g", a->w2_flow_data_rad);
        snprintf(name, sizeof name, "W2(exact %s, data), certified", flow);
        dmv_result_add_ball(r, name, mid, rad, a->w2_flow_data, NULL);
    }
    ok1 = a->w2_scheme_data + a->w2_scheme_data_rad >= l1 && a->w2_scheme_data - a->w2_scheme_data_rad <= h1;
    ok2 = a->w2_scheme_flow + a->w2_scheme_flow_rad >= l2 && a->w2_scheme_flow - a->w2_scheme_flow_rad <= h2;
    dmv_result_add_margin(r, "certified W2(scheme, data) vs the high end of the samples' interval",
                          a->w2_scheme_data - a->w2_scheme_data_rad, h1, DMV_MARGIN_MAX, NULL);
    dmv_result_add_margin(r, "certified W2(scheme, data) vs the low end of the samples' interval",
                          a->w2_scheme_data + a->w2_scheme_data_rad, l1, DMV_MARGIN_MIN, NULL);
    dmv_result_add_margin(r, "certified W2(scheme, flow) vs the high end of the samples' interval",
                          a->w2_scheme_flow - a->w2_scheme_flow_rad, h2, DMV_MARGIN_MAX, NULL);
    dmv_result_add_margin(r, "certified W2(scheme, flow) vs the low end of the samples' interval",
                          a->w2_scheme_flow + a->w2_scheme_flow_rad, l2, DMV_MARGIN_MIN, NULL);
    dmv_result_set_summary(r,
                           "W2 to the data %.4g in [%.4g, %.4g] (scheme, certified: %.6g; exact %s: %.6g); W2 to the "
                           "exact %s %.4g in [%.4g, %.4g] (scheme, certified: %.6g): the discretisation is the "
                           "scheme-to-flow distance",
                           e1, l1, h1, a->w2_scheme_data, flow, a->w2_flow_data, flow, e2, l2, h2, a->w2_scheme_flow);
    r->verdict = ok1 && ok2 ? DMV_VERDICT_PASS : DMV_VERDICT_FAIL;
}

/* ---- audit.pathwise --------------------------------------------------------------------------- */

static void pathwise_check(dmv_audit *a, dmv_result *r)
{
    double u = a->cfg.float_bits == 32 ? ldexp(1.0, -24) : ldexp(1.0, -53);
    double K = 8.0 * (double) (dmv_scheme_evals_per_step(a->p.scheme.kind) * a->p.grid.steps + 2);
    dmv_result_add_number(r, "outputs outside their budget", (double) a->path_outside, 0, NULL);
    dmv_result_add_number(r, "largest |y - map| / budget", a->path_worst_ratio, 0, NULL);
    dmv_result_add_number(r, "largest |y - map| / magnitude (relative error)", a->path_max_rel, 0, NULL);
    dmv_result_add_number(r, "budget factor K u (float bits)", K * u, 0, NULL);
    dmv_result_add_margin(r, "largest |y - map| / budget", a->path_worst_ratio, 1.0, DMV_MARGIN_MAX, NULL);
    dmv_result_set_summary(r,
                           "%ld of %ld outputs (%ld samples x %ld) outside the float%d budget rad + %.0f u (mag + |y|); "
                           "worst sample %ld coordinate %ld: |y - map| = %.3g, budget %.3g; largest relative error "
                           "%.3g",
                           a->path_outside, a->n * a->d, a->n, a->d, a->cfg.float_bits, K, a->path_worst_row,
                           a->path_worst_coord, a->path_worst_err, a->path_worst_tol, a->path_max_rel);
    r->verdict = a->path_outside == 0 && a->n > 0 ? DMV_VERDICT_PASS : DMV_VERDICT_FAIL;
}

/* ---- audit.independence ------------------------------------------------------------------------ */

static int independence_check(dmv_audit *a, dmv_result *r, double level_mde, long *ntests_out, dmv_error *err)
{
    long d = a->d, q, j, ntests = a->npairs;
    double n = (double) a->n, level = level_mde / (double) ntests;
    double rho = tanh(dmv_stat_mde_mean(a->n - 3, level / (double) d, POWER)), worst = 0.0;
    long worst_q = -1;
    (void) err;
    *ntests_out = ntests;
    for (q = 0; q < a->npairs; q++) {
        long b0 = a->pairs[2 * q], b1 = a->pairs[2 * q + 1];
        double pmin = 1.0, rmax = 0.0, p;
        char name[96];
        for (j = 0; j < d; j++) {
            double s0 = a->bsum[2 * (b0 * d + j)], q0 = a->bsum[2 * (b0 * d + j) + 1];
            double s1 = a->bsum[2 * (b1 * d + j)], q1 = a->bsum[2 * (b1 * d + j) + 1];
            double sxy = a->xsum[q * d + j] - s0 * s1 / n, sxx = q0 - s0 * s0 / n, syy = q1 - s1 * s1 / n;
            double rr = (sxx > 0 && syy > 0) ? sxy / sqrt(sxx * syy) : 0.0, t, pj;
            if (rr > 1)
                rr = 1;
            if (rr < -1)
                rr = -1;
            t = fabs(rr) < 1 ? rr * sqrt((n - 2) / (1 - rr * rr)) : INFINITY;
            pj = isinf(t) ? 0.0 : dmv_stat_t_sf2(t, n - 2);
            if (pj < pmin)
                pmin = pj;
            if (fabs(rr) > rmax)
                rmax = fabs(rr);
        }
        p = pmin * (double) d < 1 ? pmin * (double) d : 1.0;
        if (b0 == 0)
            snprintf(name, sizeof name, "corr(initial noise, z_%ld), largest over coordinates", b1);
        else
            snprintf(name, sizeof name, "corr(z_%ld, z_%ld), largest over coordinates", b0, b1);
        dmv_result_add_test(r, name, rmax, p, NAN, NAN, rho, "correlation in one coordinate");
        dmv_result_require_effect(r, a->cfg.effect);
        if (worst_q < 0 || rmax > worst)
            worst = rmax, worst_q = q;
    }
    dmv_result_add_number(r, "detectable correlation (one coordinate, Fisher z approximation)", rho, 0, NULL);
    dmv_result_set_summary(r,
                           "%ld pairs of noise blocks (%s), %ld samples: largest |correlation| %.3g (initial noise "
                           "= block 0; pair %ld-%ld); detectable correlation %.3g",
                           a->npairs, a->all_pairs ? "every pair" : "initial-step and consecutive pairs", a->n, worst,
                           worst_q >= 0 ? a->pairs[2 * worst_q] : 0, worst_q >= 0 ? a->pairs[2 * worst_q + 1] : 0, rho);
    r->verdict = DMV_VERDICT_PASS;
    return DMV_OK;
}

/* The smallest Holm-adjusted p-value of a result (1 if it has no test). */
static int min_adjusted(double *out, const dmv_result *r, dmv_error *err)
{
    long j;
    double *p, *adj;
    int rc;
    *out = 1.0;
    if (r->ntests == 0)
        return DMV_OK;
    p = malloc((size_t) r->ntests * sizeof *p);
    adj = malloc((size_t) r->ntests * sizeof *adj);
    if (p == NULL || adj == NULL) {
        free(p);
        free(adj);
        return dmv_error_set(err, DMV_ENOMEM, "audit: out of memory");
    }
    for (j = 0; j < r->ntests; j++)
        p[j] = r->tests[j].p_value;
    rc = dmv_stat_holm_adjust(adj, p, r->ntests, err);
    for (j = 0; rc == DMV_OK && j < r->ntests; j++)
        if (adj[j] < *out)
            *out = adj[j];
    free(p);
    free(adj);
    return rc;
}

int dmv_audit_finish(dmv_audit *a, dmv_run_result *out, dmv_error *err)
{
    static const char *const ids[DMV_AUDIT_NCHECKS] = {"audit.law", "audit.distance", "audit.pathwise",
                                                        "audit.independence", "audit.twosample"};
    static const char *const methods[DMV_AUDIT_NCHECKS] = {
        "Exact Gaussian moment tests per direction (mean: z, variance: chi-square) and jointly (chi2 of the z's, "
        "total variance, Fisher's combination) against the certified law (Arb, reference/scheme.c); Holm within",
        "Per-direction Gaussian fit of the samples: W2 to the data law and to the exact continuous law (point "
        "estimate and a simultaneous confidence interval from the per-direction mean and variance intervals, "
        "Bonferroni over 2d); the certified W2 of the scheme must lie in each interval",
        "Each output against the certified affine map of its own initial point and noises (reference/scheme.c), "
        "within rad + 8 (E N + 2) u (mag + |y|), u the unit roundoff of the sampler's type",
        "Pearson correlation of every tested pair of noise blocks per coordinate (exact t test), the smallest p "
        "times d per pair; Holm within",
        "Two-sample Kolmogorov-Smirnov test per coordinate (up to 16, evenly spaced; the first 20000 samples) "
        "against 4 times as many samples of dmverify's fast sampler on the same problem (its steps are checked "
        "by core.pathwise); Holm within"};
    int present[DMV_AUDIT_NCHECKS];
    long K, i, nt_law = 0, nt_ind = 0;
    double level_dist, level0, pl = 1, pi = 1;
    char prob[512];
    int rc = DMV_OK;
    memset(out, 0, sizeof *out);
    if (a->n < 3)
        return dmv_error_set(err, DMV_EINVAL, "%s: %ld samples: the audit needs at least 3", a->source, a->n);
    present[DMV_AUDIT_LAW] = present[DMV_AUDIT_DISTANCE] = a->model == NULL;
    present[DMV_AUDIT_PATHWISE] = a->with_noise;
    present[DMV_AUDIT_INDEPENDENCE] = a->with_noise && a->npairs > 0;
    present[DMV_AUDIT_TWOSAMPLE] = a->model != NULL;
    K = a->model != NULL ? 1 : 2 + present[DMV_AUDIT_INDEPENDENCE];
    level_dist = a->cfg.alpha / (double) K;
    level0 = a->cfg.alpha / (double) K;
    describe(prob, sizeof prob, &a->p);
    a->statement[DMV_AUDIT_LAW] =
        fmt_alloc("The %ld samples of %s follow the certified exact law of %s on the Gaussian data (d = %ld): "
                  "every direction's mean and variance, and jointly", a->n, a->source, prob, a->d);
    a->statement[DMV_AUDIT_DISTANCE] =
        fmt_alloc("The W2 distances of the samples of %s to the data law and to the exact %s law lie where the "
                  "certified law of %s puts them (confidence level %.6g)", a->source,
                  a->stochastic ? "reverse SDE" : "PF-ODE", prob, 1 - level_dist);
    a->statement[DMV_AUDIT_PATHWISE] =
        fmt_alloc("Each of the %ld outputs of %s is the certified map of %s applied to its own initial point and "
                  "noises, within the float%d rounding budget", a->n, a->source, prob, a->cfg.float_bits);
    a->statement[DMV_AUDIT_INDEPENDENCE] =
        fmt_alloc("The noises %s consumed are uncorrelated: each injected noise with the initial noise and with the "
                  "other steps' noises (%ld pairs)", a->source, a->npairs);
    a->statement[DMV_AUDIT_TWOSAMPLE] =
        fmt_alloc("The samples of %s follow the law of dmverify's own sampler of %s on the problem's model "
                  "(d = %ld), coordinate by coordinate", a->source, prob, a->d);
    for (i = 0; i < DMV_AUDIT_NCHECKS; i++) {
        dmv_claim *c = &a->claim[i];
        if (a->statement[i] == NULL)
            return dmv_error_set(err, DMV_ENOMEM, "audit: out of memory");
        c->id = ids[i];
        c->paper = &audit_paper;
        c->statement = a->statement[i];
        c->method = methods[i];
        c->in_default = DMV_SUITE_NONE;
        c->check = NULL;
        c->params = NULL;
        c->data_files = NULL;
        c->expect = DMV_EXPECT_PASS;
        c->expect_reason = NULL;
        c->expect_evidence = NULL;
    }
    dmv_run_default(&a->res.run);
    a->res.run.alpha = a->cfg.alpha;
    a->res.run.seed = a->p.seed;
    a->res.run.law_samples = a->n;
    a->res.run.claim_alpha = level0;
    a->res.outcomes = calloc(DMV_AUDIT_NCHECKS, sizeof *a->res.outcomes);
    if (a->res.outcomes == NULL)
        return dmv_error_set(err, DMV_ENOMEM, "audit: out of memory");
    for (i = 0; i < DMV_AUDIT_NCHECKS; i++) {
        dmv_outcome *o;
        if (!present[i])
            continue;
        o = &a->res.outcomes[a->res.n++];
        o->claim = &a->claim[i];
        dmv_result_init(&o->result);
        if (i == DMV_AUDIT_LAW)
            rc = law_check(a, &o->result, level0, &nt_law, err);
        else if (i == DMV_AUDIT_DISTANCE)
            distance_check(a, &o->result, level_dist);
        else if (i == DMV_AUDIT_PATHWISE)
            pathwise_check(a, &o->result);
        else if (i == DMV_AUDIT_INDEPENDENCE)
            rc = independence_check(a, &o->result, level0, &nt_ind, err);
        else
            rc = dmv_audit_twosample_check(a, &o->result, a->cfg.alpha, err);
        if (rc != DMV_OK)
            return rc;
    }
    a->res.run.nclaims = a->res.n;
    /* Holm across audit.law and audit.independence at alpha (K - 1)/K (audit.distance has alpha/K) */
    {
        dmv_outcome *ol = NULL, *oi = NULL;
        double lv_first = level0, lv_second = a->cfg.alpha * (double) (K - 1) / (double) K;
        for (i = 0; i < a->res.n; i++) {
            if (a->res.outcomes[i].claim == &a->claim[DMV_AUDIT_LAW])
                ol = &a->res.outcomes[i];
            if (a->res.outcomes[i].claim == &a->claim[DMV_AUDIT_INDEPENDENCE])
                oi = &a->res.outcomes[i];
        }
        if (ol != NULL)
            rc = min_adjusted(&pl, &ol->result, err);
        if (rc == DMV_OK && oi != NULL)
            rc = min_adjusted(&pi, &oi->result, err);
        if (rc != DMV_OK)
            return rc;
        for (i = 0; i < a->res.n; i++) {
            dmv_outcome *o = &a->res.outcomes[i];
            dmv_run run = a->res.run;
            if (o->claim == &a->claim[DMV_AUDIT_TWOSAMPLE])
                run.claim_alpha = a->cfg.alpha;
            else if (o == ol || o == oi) {
                int first = oi == NULL || (o == ol ? pl <= pi : pi < pl);
                double other = o == ol ? pi : pl;
                /* the first of the ordered pair is tested at alpha/K; the second at the larger level only if
                 * the first was rejected (step-down) */
                if (oi == NULL)
                    run.claim_alpha = lv_second;
                else if (first)
                    run.claim_alpha = lv_first;
                else
                    run.claim_alpha = other <= lv_first ? lv_second : lv_first;
            } else
                run.claim_alpha = level_dist;
            rc = dmv_outcome_decide(o, &run, err);
            if (rc != DMV_OK)
                return rc;
            a->res.ntests_total += o->result.ntests;
            for (K = 0; K < o->result.ntests; K++)
                a->res.nrejected += o->result.tests[K].rejected != 0;
        }
    }
    (void) nt_law;
    (void) nt_ind;
    *out = a->res;
    return DMV_OK;
}
