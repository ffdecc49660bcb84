/* The exact-law grid of the lm claims (docs/math/mismatch.md, "Reference cases"): the two d = 4
 * cases, sigma_y in {0, 0.01, 0.1, 0.3}, T in {50, 200, 1000, 4000}, every zero-shot rule, by the
 * certified affine recursion of reference/zs_law.c on the ETC chain (c = 4, delta = 1e-3), output
 * at t = 1. Cells are computed on first use and kept for the other claims of the run. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "dmv/ref_zs.h"
#include "lm_internal.h"

const double dmv_lm_sigma_y[LM_NSY] = {0.0, 0.01, 0.1, 0.3};
const long dmv_lm_T[LM_NT] = {50, 200, 1000, 4000};
const char *const dmv_lm_case_name[LM_NCASE] = {"corr", "diag"};
const char *const dmv_lm_case_prior[LM_NCASE] = {LM_CORR_PRIOR, LM_DIAG_PRIOR};

static lm_cell cells[LM_NCASE][LM_NRULE][LM_NSY][LM_NT];

static double mid(const arb_t x)
{
    return arf_get_d(arb_midref(x), ARF_RND_NEAR);
}

int dmv_lm_spec(dmv_model_spec *s, int cs, int rule, double sy, dmv_error *err)
{
    char js[1600];
    snprintf(js, sizeof js, "{\"model\": \"linear_inverse\", \"prior\": %s, " LM_HY ", \"sigma_y\": %.17g, "
             "\"rule\": \"%s\"}", dmv_lm_case_prior[cs], sy, dmv_zs_rule_name((dmv_zs_rule) rule));
    dmv_model_spec_init(s);
    return dmv_model_spec_parse(s, js, strlen(js), "lm", NULL, NULL, err);
}

int dmv_lm_law(lm_cell *out, int cs, int rule, double sy, long T, long t_end, double lambda, dmv_error *err)
{
    dmv_model_spec s;
    dmv_process p;
    dmv_ref_zs_law L;
    int rc;
    if ((rc = dmv_lm_spec(&s, cs, rule, sy, err)) != DMV_OK)
        return rc;
    dmv_process_default(&p, DMV_PROCESS_VP_DISCRETE);
    p.t_max = (double) T;
    dmv_ref_zs_law_init(&L, 4);
    rc = dmv_ref_zs_law_compute(&L, &s, &p, t_end, 0, lambda, LM_PREC, err);
    if (rc == DMV_OK) {
        out->kl = mid(L.kl);
        out->kl_rad = mag_get_d(arb_radref(L.kl));
        out->kl_hi = out->kl + out->kl_rad;
        out->kl_rev = mid(L.kl_rev);
        out->w2 = mid(L.w2);
        out->path = mid(L.path_kl);
        out->path_lo = out->path - mag_get_d(arb_radref(L.path_kl));
        out->W = mid(L.W);
        out->W_rad = mag_get_d(arb_radref(L.W));
        out->done = 1;
    }
    dmv_ref_zs_law_clear(&L);
    dmv_model_spec_clear(&s);
    return rc;
}

const lm_cell *dmv_lm_cell(int cs, int rule, int isy, int iT, dmv_error *err)
{
    lm_cell *c = &cells[cs][rule][isy][iT];
    if (rule == DMV_ZS_DPS && dmv_lm_sigma_y[isy] == 0) /* dps's weight 1/sigma_y^2 */
        return NULL;
    if (!c->done && dmv_lm_law(c, cs, rule, dmv_lm_sigma_y[isy], dmv_lm_T[iT], 1, 1.0, err) != DMV_OK) {
        if (rule != DMV_ZS_DPS)
            return NULL;
        dmv_error_init(err); /* an unstable explicit step: recorded, not an error */
        memset(c, 0, sizeof *c);
        c->done = c->diverged = 1;
        c->kl = c->kl_hi = c->path = c->kl_rev = c->w2 = c->W = INFINITY;
        c->path_lo = NAN;
    }
    return c;
}
