/* The audit of someone else's samples (include/dmv/audit.h, docs/audit.md): certified laws and
 * maps of the named scheme (reference/, Arb) computed once, streaming accumulators fed in
 * chunks, and the checks decided as outcomes of a run result (Holm across the checks). */
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit_internal.h"
#include "dmv/fast.h"
#include "dmv/ref.h"
#include "dmv/stats.h"
#include "dmv/str.h"

void dmv_audit_config_default(dmv_audit_config *c)
{
    c->alpha = 1e-3;
    c->effect = 0.1;
    c->float_bits = 64;
    c->source = NULL;
}

static double midd(const arb_t x)
{
    return arf_get_d(arb_midref(x), ARF_RND_NEAR);
}

/* A bound on |x - midd(x)| for every value in the ball: its radius plus the rounding of the midpoint. */
static double radd(const arb_t x)
{
    double m = midd(x), r = mag_get_d(arb_radref(x));
    return r * (1 + 1e-15) + fabs(m) * DBL_EPSILON;
}

/* ---- preparation: the certified laws and maps ---------------------------------------------- */

static int prepare_laws(dmv_audit *a, dmv_error *err)
{
    const dmv_problem *p = &a->p;
    long d = a->d, j;
    slong prec = DMV_REF_PREC;
    dmv_ref_schedule sch;
    arb_ptr A = _arb_vec_init(d), Bsq = _arb_vec_init(d), c = _arb_vec_init(d);
    arb_ptr lm = _arb_vec_init(d), lv = _arb_vec_init(d), dm = _arb_vec_init(d), dv = _arb_vec_init(d);
    arb_ptr fm = _arb_vec_init(d), fv = _arb_vec_init(d);
    arb_t w;
    int rc, sch_ok = 0;
    arb_init(w);
    rc = dmv_ref_schedule_init(&sch, &p->process, &p->grid, &p->scheme, prec, err);
    sch_ok = rc == DMV_OK;
    if (rc == DMV_OK)
        rc = dmv_ref_spectrum_map(A, Bsq, c, &sch, &p->data, NULL, 1, prec, err);
    if (rc == DMV_OK)
        rc = dmv_ref_spectrum_apply(lm, lv, A, Bsq, c, &p->init, &p->process, &p->data, prec, err);
    if (rc == DMV_OK)
        rc = dmv_ref_spectrum_data(dm, dv, &p->process, 0.0, &p->data, prec, err);
    if (rc == DMV_OK)
        rc = dmv_ref_spectrum_continuous(fm, fv, a->stochastic, &p->process, p->grid.eps, &p->init, &p->data, prec,
                                         err);
    for (j = 0; rc == DMV_OK && j < d; j++) {
        if (!arb_is_finite(lm + j) || !arb_is_finite(lv + j))
            rc = dmv_error_set(err, DMV_ENOTFINITE, "direction %ld (lambda %.17g): the scheme's law is not finite",
                               j, p->data.lambda[j]);
        a->law_mean[j] = midd(lm + j);
        a->law_var[j] = midd(lv + j);
        a->data_mean[j] = midd(dm + j);
        a->data_var[j] = midd(dv + j);
        a->flow_mean[j] = midd(fm + j);
        a->flow_var[j] = midd(fv + j);
    }
    if (rc == DMV_OK) {
        dmv_ref_w2sq_spectrum(w, NULL, lm, lv, dm, dv, d, prec);
        dmv_ref_sqrt_nonneg(w, w, prec);
        a->w2_scheme_data = midd(w);
        a->w2_scheme_data_rad = radd(w);
        dmv_ref_w2sq_spectrum(w, NULL, lm, lv, fm, fv, d, prec);
        dmv_ref_sqrt_nonneg(w, w, prec);
        a->w2_scheme_flow = midd(w);
        a->w2_scheme_flow_rad = radd(w);
        dmv_ref_w2sq_spectrum(w, NULL, fm, fv, dm, dv, d, prec);
        dmv_ref_sqrt_nonneg(w, w, prec);
        a->w2_flow_data = midd(w);
        a->w2_flow_data_rad = radd(w);
    }
    /* the pathwise map of every direction: y = A x_T + sum_k B_k z_k + c */
    if (rc == DMV_OK && a->with_noise) {
        dmv_ref_affine1 af;
        arb_t lam, mu;
        long S = a->blocks - 1, k, N = sch.steps;
        arb_ptr pa = _arb_vec_init(N + 1), pb = _arb_vec_init(N + 1), pcc = _arb_vec_init(N + 1);
        arb_init(lam);
        arb_init(mu);
        dmv_ref_affine1_init(&af, sch.steps);
        for (j = 0; rc == DMV_OK && j < d; j++) {
            arb_set_d(lam, p->data.lambda[j]);
            arb_set_d(mu, p->data.mean ? p->data.mean[j] : 0.0);
            rc = dmv_ref_scheme_affine1(&af, &sch, lam, mu, NULL, prec, err);
            if (rc == DMV_OK)
                rc = dmv_ref_scheme_path1(pa, pb, pcc, &sch, lam, mu, NULL, prec, err);
            if (rc != DMV_OK)
                break;
            /* the rounding budget of the intermediate states: errors committed in step k (of the
             * size of y_{k-1} and y_k) reach the output times growth[k] (docs/audit.md) */
            a->gA[j] = a->gC[j] = 0.0;
            for (k = 1; k <= N; k++) {
                /* a scheme that evaluates the model inside the step (E > 1: at s_k or a midpoint)
                 * divides differences of size |y| by sigma_hat there: the amplification
                 * sigma_hat(s_{k-1}) / sigma_hat(s_k) - 1 (capped at 1e8) */
                double sh0 = sqrt(fabs(midd(sch.sigma2 + k - 1))) / midd(sch.alpha + k - 1);
                double sh1 = sqrt(fabs(midd(sch.sigma2 + k))) / midd(sch.alpha + k);
                double amp = (dmv_scheme_evals_per_step(p->scheme.kind) > 1 && sh1 > 0) ? sh0 / sh1 - 1 : 0.0;
                double g = fabs(midd(af.growth + k)) * (1 + (amp < 1e8 ? amp : 1e8));
                a->gA[j] += g * (fabs(midd(pa + k - 1)) + fabs(midd(pa + k)));
                a->gC[j] += g * (fabs(midd(pcc + k - 1)) + fabs(midd(pcc + k)) +
                                 6 * (sqrt(fabs(midd(pb + k - 1))) + sqrt(fabs(midd(pb + k)))));
            }
            a->pA[j] = midd(af.x0_coef);
            a->pc[j] = midd(af.shift);
            a->pA_rad[j] = radd(af.x0_coef);
            a->pc_rad[j] = radd(af.shift);
            for (k = 0; k < S; k++) {
                a->pB[j * S + k] = midd(af.noise_coef + k);
                a->pB_rad[j * S + k] = radd(af.noise_coef + k);
            }
        }
        dmv_ref_affine1_clear(&af);
        _arb_vec_clear(pa, N + 1);
        _arb_vec_clear(pb, N + 1);
        _arb_vec_clear(pcc, N + 1);
        arb_clear(lam);
        arb_clear(mu);
    }
    if (sch_ok)
        dmv_ref_schedule_clear(&sch);
    _arb_vec_clear(A, d);
    _arb_vec_clear(Bsq, d);
    _arb_vec_clear(c, d);
    _arb_vec_clear(lm, d);
    _arb_vec_clear(lv, d);
    _arb_vec_clear(dm, d);
    _arb_vec_clear(dv, d);
    _arb_vec_clear(fm, d);
    _arb_vec_clear(fv, d);
    arb_clear(w);
    return rc;
}

int dmv_audit_new(dmv_audit **out, const dmv_problem *p, const dmv_audit_config *cfg, int with_noise,
                  dmv_error *err)
{
    dmv_audit *a;
    long d = p->data.d, S, j, npairs, q, b;
    int rc;
    *out = NULL;
    if (p->data.basis != NULL)
        return dmv_error_set(err, DMV_EUNSUPPORTED,
                             "audit: the data has an eigenbasis: give the Gaussian in eigen form (lambda, mean)");
    if (d < 1)
        return dmv_error_set(err, DMV_EINVAL, "audit: d = %ld: no data", d);
    if (!(cfg->alpha > 0 && cfg->alpha < 1))
        return dmv_error_set(err, DMV_EINVAL, "audit: alpha = %g: must be in (0, 1)", cfg->alpha);
    if (!(cfg->effect > 0 && isfinite(cfg->effect)))
        return dmv_error_set(err, DMV_EINVAL, "audit: effect = %g: must be finite and > 0", cfg->effect);
    if (cfg->float_bits != 32 && cfg->float_bits != 64)
        return dmv_error_set(err, DMV_EINVAL, "audit: float bits = %d: must be 32 or 64", cfg->float_bits);
    a = calloc(1, sizeof *a);
    if (a == NULL)
        return dmv_error_set(err, DMV_ENOMEM, "audit: out of memory");
    a->p = *p;
    a->cfg = *cfg;
    a->source = dmv_strdup(cfg->source ? cfg->source : "samples");
    a->cfg.source = a->source;
    a->d = d;
    a->with_noise = with_noise;
    a->stochastic = dmv_scheme_is_stochastic(&p->scheme);
    a->blocks = dmv_audit_noise_blocks(p);
    S = a->blocks - 1;
    a->lambda = malloc((size_t) d * sizeof(double));
    a->mean = malloc((size_t) d * sizeof(double));
    a->law_mean = calloc((size_t) d * 14, sizeof(double));
    a->sum = calloc((size_t) d * 2, sizeof(double));
    if (a->source == NULL || a->lambda == NULL || a->mean == NULL || a->law_mean == NULL || a->sum == NULL) {
        dmv_audit_free(a);
        return dmv_error_set(err, DMV_ENOMEM, "audit: out of memory (d = %ld)", d);
    }
    a->law_var = a->law_mean + d;
    a->data_mean = a->law_mean + 2 * d;
    a->data_var = a->law_mean + 3 * d;
    a->flow_mean = a->law_mean + 4 * d;
    a->flow_var = a->law_mean + 5 * d;
    a->pA = a->law_mean + 6 * d;
    a->pc = a->law_mean + 7 * d;
    a->pA_rad = a->law_mean + 8 * d;
    a->pc_rad = a->law_mean + 9 * d;
    a->m0 = a->law_mean + 10 * d;
    a->sd0 = a->law_mean + 11 * d;
    a->gA = a->law_mean + 12 * d;
    a->gC = a->law_mean + 13 * d;
    a->m2 = a->sum + d;
    memcpy(a->lambda, p->data.lambda, (size_t) d * sizeof(double));
    for (j = 0; j < d; j++)
        a->mean[j] = p->data.mean ? p->data.mean[j] : 0.0;
    a->p.data.lambda = a->lambda;
    a->p.data.mean = a->mean;
    if (with_noise && S > 0) {
        a->pB = malloc((size_t) (d * S) * sizeof(double));
        a->pB_rad = malloc((size_t) (d * S) * sizeof(double));
        if (a->pB == NULL || a->pB_rad == NULL) {
            dmv_audit_free(a);
            return dmv_error_set(err, DMV_ENOMEM, "audit: out of memory (%ld steps x d = %ld)", S, d);
        }
    }
    if ((rc = dmv_fast_init_law(a->m0, a->sd0, d, &a->p.init, &a->p.process, &a->p.data, err)) != DMV_OK) {
        dmv_audit_free(a);
        return rc;
    }
    for (j = 0; j < d; j++)
        a->sd0[j] = sqrt(a->sd0[j]);
    rc = prepare_laws(a, err);
    if (rc != DMV_OK) {
        dmv_audit_free(a);
        return rc;
    }
    /* independence: the pairs of noise blocks (0 = the initial noise) whose correlation is tested */
    if (with_noise && S > 0) {
        long all = (S + 1) * S / 2;
        a->all_pairs = all * d <= 200000; /* the cost per row is pairs x d */
        npairs = a->all_pairs ? all : 2 * S - 1;
        a->pairs = malloc((size_t) (2 * npairs) * sizeof(long));
        a->bsum = calloc((size_t) ((S + 1) * d * 2), sizeof(double));
        a->xsum = calloc((size_t) (npairs * d), sizeof(double));
        if (a->pairs == NULL || a->bsum == NULL || a->xsum == NULL) {
            dmv_audit_free(a);
            return dmv_error_set(err, DMV_ENOMEM, "audit: out of memory (%ld noise pairs x d = %ld)", npairs, d);
        }
        q = 0;
        for (b = 1; b <= S; b++) {
            long b0;
            if (a->all_pairs) {
                for (b0 = 0; b0 < b; b0++)
                    a->pairs[2 * q] = b0, a->pairs[2 * q + 1] = b, q++;
            } else {
                a->pairs[2 * q] = 0, a->pairs[2 * q + 1] = b, q++;
                if (b > 1)
                    a->pairs[2 * q] = b - 1, a->pairs[2 * q + 1] = b, q++;
            }
        }
        a->npairs = q;
    }
    a->path_worst_ratio = 0.0;
    a->path_worst_row = a->path_worst_coord = -1;
    *out = a;
    return DMV_OK;
}

void dmv_audit_free(dmv_audit *a)
{
    long i;
    if (a == NULL)
        return;
    free(a->lambda);
    free(a->mean);
    free(a->law_mean);
    free(a->sum);
    free(a->pB);
    free(a->pB_rad);
    free(a->pairs);
    free(a->bsum);
    free(a->xsum);
    free(a->chunk_mean);
    free(a->source);
    free(a->ks_coord);
    free(a->ks_x);
    for (i = 0; i < DMV_AUDIT_NCHECKS; i++)
        free(a->statement[i]);
    dmv_run_result_clear(&a->res);
    free(a);
}

/* ---- feeding ---------------------------------------------------------------------------------- */

int dmv_audit_feed(dmv_audit *a, long nrows, const double *x, const double *noise, dmv_error *err)
{
    long d = a->d, i, j;
    if (nrows <= 0)
        return DMV_OK;
    if (a->with_noise && noise == NULL)
        return dmv_error_set(err, DMV_EINVAL, "audit: rows without their noise (the audit was made with noise)");
    if (a->chunk_mean == NULL) {
        a->chunk_mean = malloc((size_t) (2 * d) * sizeof(double));
        if (a->chunk_mean == NULL)
            return dmv_error_set(err, DMV_ENOMEM, "audit: out of memory");
    }
    if (a->sum == NULL) {
        a->sum = calloc((size_t) d * 2, sizeof(double));
        if (a->sum == NULL)
            return dmv_error_set(err, DMV_ENOMEM, "audit: out of memory");
        a->m2 = a->sum + d;
    }
    for (i = 0; i < nrows; i++)
        for (j = 0; j < d; j++)
            if (!isfinite(x[(size_t) i * (size_t) d + (size_t) j]))
                return dmv_error_set(err, DMV_EFORMAT, "%s: sample [%ld, %ld] = %g is not finite", a->source,
                                     a->n + i, j, x[(size_t) i * (size_t) d + (size_t) j]);
    /* moments: the chunk's mean and sum of squares, merged by Chan's formula */
    {
        double *cm = a->chunk_mean, *cs = a->chunk_mean + d, nb = (double) nrows, na = (double) a->n;
        for (j = 0; j < d; j++)
            cm[j] = cs[j] = 0.0;
        for (i = 0; i < nrows; i++)
            for (j = 0; j < d; j++)
                cm[j] += x[(size_t) i * (size_t) d + (size_t) j];
        for (j = 0; j < d; j++)
            cm[j] /= nb;
        for (i = 0; i < nrows; i++)
            for (j = 0; j < d; j++) {
                double e = x[(size_t) i * (size_t) d + (size_t) j] - cm[j];
                cs[j] += e * e;
            }
        for (j = 0; j < d; j++) {
            double delta = cm[j] - a->sum[j];
            a->sum[j] += delta * nb / (na + nb);
            a->m2[j] += cs[j] + delta * delta * na * nb / (na + nb);
        }
    }
    if (a->with_noise)
        dmv_audit_feed_noise(a, nrows, x, noise);
    if (a->model != NULL)
        dmv_audit_feed_ks(a, nrows, x);
    a->n += nrows;
    return DMV_OK;
}

int dmv_audit_stream(dmv_audit *a, dmv_audit_source *samples, dmv_audit_source *noise, long chunk_rows,
                     dmv_error *err)
{
    long n = dmv_audit_source_rows(samples), done = 0, cols = a->blocks * a->d;
    double *x, *z = NULL;
    int rc = DMV_OK;
    if (dmv_audit_source_cols(samples) != a->d)
        return dmv_error_set(err, DMV_EINVAL, "samples: %ld columns, the problem has d = %ld",
                             dmv_audit_source_cols(samples), a->d);
    if (noise != NULL && dmv_audit_source_cols(noise) != cols)
        return dmv_error_set(err, DMV_EINVAL,
                             "noise: %ld columns, the problem needs (1 + %ld noise steps) x d = %ld (docs/audit.md)",
                             dmv_audit_source_cols(noise), a->blocks - 1, cols);
    if (noise != NULL && dmv_audit_source_rows(noise) != n)
        return dmv_error_set(err, DMV_EINVAL, "noise: %ld rows, the samples have %ld", dmv_audit_source_rows(noise), n);
    if (chunk_rows < 1)
        chunk_rows = 1;
    x = malloc((size_t) chunk_rows * (size_t) a->d * sizeof *x);
    if (noise != NULL)
        z = malloc((size_t) chunk_rows * (size_t) cols * sizeof *z);
    if (x == NULL || (noise != NULL && z == NULL)) {
        free(x);
        free(z);
        return dmv_error_set(err, DMV_ENOMEM, "audit: out of memory for a chunk of %ld rows", chunk_rows);
    }
    while (rc == DMV_OK && done < n) {
        long m = n - done < chunk_rows ? n - done : chunk_rows;
        rc = dmv_audit_source_read(samples, x, m, err);
        if (rc == DMV_OK && noise != NULL)
            rc = dmv_audit_source_read(noise, z, m, err);
        if (rc == DMV_OK)
            rc = dmv_audit_feed(a, m, x, z, err);
        done += m;
    }
    free(x);
    free(z);
    return rc;
}
