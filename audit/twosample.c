/* audit.twosample: problems whose data has no closed-form output law (mixtures, boxes, empirical,
 * guided, ... any model spec; docs/audit.md): the samples against dmverify's own fast sampler on
 * the same problem (its pathwise correctness is checked by core.pathwise), by two-sample
 * Kolmogorov-Smirnov tests per coordinate (up to DMV_AUDIT_KS_COORDS coordinates, evenly spaced;
 * the first DMV_AUDIT_KS_ROWS samples), with DMV_AUDIT_KS_REF_FACTOR times as many reference
 * samples so that the reference does not limit the power. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit_internal.h"
#include "dmv/fast.h"
#include "dmv/stats.h"

int dmv_audit_new_model(dmv_audit **out, const dmv_problem *p, const struct dmv_fast_model *model,
                        const dmv_audit_config *cfg, dmv_error *err)
{
    dmv_audit *a;
    long d = model->dim, i;
    *out = NULL;
    if (!(cfg->alpha > 0 && cfg->alpha < 1))
        return dmv_error_set(err, DMV_EINVAL, "audit: alpha = %g: must be in (0, 1)", cfg->alpha);
    if (!(cfg->effect > 0 && isfinite(cfg->effect)))
        return dmv_error_set(err, DMV_EINVAL, "audit: effect = %g: must be finite and > 0", cfg->effect);
    if (p->init.kind == DMV_INIT_EXACT)
        return dmv_error_set(err, DMV_EINVAL, "audit: init exact: needs a Gaussian given by eigenpairs; this model "
                                              "has no closed-form p_T (use init standard or gaussian:M,V)");
    a = calloc(1, sizeof *a);
    if (a == NULL)
        return dmv_error_set(err, DMV_ENOMEM, "audit: out of memory");
    a->p = *p;
    a->p.data.lambda = NULL;
    a->p.data.mean = NULL;
    a->p.data.basis = NULL;
    a->p.data.d = d;
    a->cfg = *cfg;
    a->source = malloc(strlen(cfg->source ? cfg->source : "samples") + 1);
    a->model = model;
    a->d = d;
    a->blocks = 1;
    a->nks = d < DMV_AUDIT_KS_COORDS ? d : DMV_AUDIT_KS_COORDS;
    a->ks_coord = malloc((size_t) a->nks * sizeof(long));
    a->ks_x = malloc((size_t) a->nks * DMV_AUDIT_KS_ROWS * sizeof(double));
    if (a->source == NULL || a->ks_coord == NULL || a->ks_x == NULL) {
        dmv_audit_free(a);
        return dmv_error_set(err, DMV_ENOMEM, "audit: out of memory");
    }
    strcpy(a->source, cfg->source ? cfg->source : "samples");
    a->cfg.source = a->source;
    for (i = 0; i < a->nks; i++)
        a->ks_coord[i] = i * d / a->nks;
    *out = a;
    return DMV_OK;
}

void dmv_audit_feed_ks(dmv_audit *a, long nrows, const double *x)
{
    long i, q;
    for (i = 0; i < nrows && a->ks_n < DMV_AUDIT_KS_ROWS; i++, a->ks_n++)
        for (q = 0; q < a->nks; q++)
            a->ks_x[q * DMV_AUDIT_KS_ROWS + a->ks_n] = x[(size_t) i * (size_t) a->d + (size_t) a->ks_coord[q]];
}

typedef struct {
    const dmv_audit *a;
    double *ref; /* nks x nref */
    long nref;
} ref_sink;

static int collect(void *ctx, long first, long rows, const double *x)
{
    ref_sink *s = ctx;
    long i, q;
    for (i = 0; i < rows; i++)
        for (q = 0; q < s->a->nks; q++)
            s->ref[q * s->nref + first + i] = x[(size_t) i * (size_t) s->a->d + (size_t) s->a->ks_coord[q]];
    return 0;
}

int dmv_audit_twosample_check(dmv_audit *a, dmv_result *r, double level_check, dmv_error *err)
{
    long n = a->ks_n, nref = DMV_AUDIT_KS_REF_FACTOR * a->ks_n, q;
    double level = level_check / (double) a->nks, mde, worst = 0.0;
    int exact = 0, rc;
    dmv_fast_job job;
    ref_sink s;
    double *tmp;
    s.a = a;
    s.nref = nref;
    s.ref = malloc((size_t) (a->nks * nref) * sizeof(double));
    tmp = malloc((size_t) (n > 0 ? n : 1) * sizeof(double));
    if (s.ref == NULL || tmp == NULL) {
        free(s.ref);
        free(tmp);
        return dmv_error_set(err, DMV_ENOMEM, "audit.twosample: out of memory for %ld reference samples", nref);
    }
    dmv_fast_job_init(&job);
    job.process = &a->p.process;
    job.grid = &a->p.grid;
    job.scheme = &a->p.scheme;
    job.init = &a->p.init;
    job.init_basis_data = NULL;
    job.model = a->model;
    job.n = nref;
    job.seed = a->p.seed ^ 0x5eed0fa0d17ull; /* another seed than the audited samples' */
    rc = dmv_fast_sample(NULL, &job, collect, &s, NULL, NULL, err);
    if (rc != DMV_OK) {
        free(s.ref);
        free(tmp);
        return rc;
    }
    mde = dmv_stat_mde_ks2(n, nref, level, 0.99, &exact);
    for (q = 0; q < a->nks && rc == DMV_OK; q++) {
        double D, p;
        char name[96];
        memcpy(tmp, a->ks_x + q * DMV_AUDIT_KS_ROWS, (size_t) n * sizeof(double));
        rc = dmv_stat_ks_2sample(&D, &p, tmp, n, s.ref + q * nref, nref, err);
        if (rc != DMV_OK)
            break;
        snprintf(name, sizeof name, "KS, coordinate %ld (samples vs dmverify's sampler)", a->ks_coord[q]);
        dmv_result_add_test(r, name, D, p, NAN, NAN, mde, "sup |F_samples - F_reference|");
        dmv_result_require_effect(r, a->cfg.effect);
        if (D > worst)
            worst = D;
    }
    free(s.ref);
    free(tmp);
    if (rc != DMV_OK)
        return rc;
    dmv_result_add_number(r, "samples tested per coordinate", (double) n, 0, NULL);
    dmv_result_add_number(r, "reference samples (dmverify's fast sampler)", (double) nref, 0, NULL);
    dmv_result_add_number(r, "detectable KS distance", mde, 0, NULL);
    dmv_result_set_summary(r,
                           "%ld coordinates, %ld samples against %ld of dmverify's sampler: largest KS distance %.3g; "
                           "detectable %.3g", a->nks, n, nref, worst, mde);
    r->verdict = DMV_VERDICT_PASS;
    return DMV_OK;
}
