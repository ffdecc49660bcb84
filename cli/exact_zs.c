/* dmverify exact --problem P.json with a linear_inverse model (docs/exact.md, "Zero-shot samplers"):
 * the certified output law of ddpm-chain / ddpm-posterior on the discrete chain over every timestep
 * from T to grid.eps, against the diffused posterior (reference/zs_law.c). */
#include <stdio.h>
#include <stdlib.h>

#include "dmv/ref_zs.h"
#include "exact_zs.h"

int dmv_cli_exact_zs_applies(const dmv_problem_file *pf)
{
    return pf->model.kind == DMV_MODEL_LINEAR_INVERSE;
}

static void pr_ball(int json, const char *key, const char *label, const arb_t x, int last)
{
    char *s = arb_get_str(x, 12, 0);
    if (json)
        printf("  \"%s\": {\"mid\": %.17g, \"rad\": %.3g, \"ball\": \"%s\"}%s\n", key,
               arf_get_d(arb_midref(x), ARF_RND_NEAR), mag_get_d(arb_radref(x)), s, last ? "" : ",");
    else
        printf("%-42s %s\n", label, s);
    flint_free(s);
}

int dmv_cli_exact_zs(const dmv_problem_file *pf, const char *path, long prec, int json, dmv_error *err)
{
    const dmv_model_spec *m = &pf->model;
    dmv_process p;
    dmv_ref_zs_law L;
    long T, t_end;
    int post, rc;
    if (pf->process_kind != DMV_PROCESS_VP_DISCRETE)
        return dmv_error_set(err, DMV_EINVAL, "problem %s: process.kind = %s: a linear_inverse model is solved exactly "
                             "on the discrete chain (vp-discrete)", path, dmv_process_name(pf->process_kind));
    if (pf->continuous != DMV_PROBLEM_SCHEME ||
        (pf->scheme_kind != DMV_SCHEME_DDPM_CHAIN && pf->scheme_kind != DMV_SCHEME_DDPM_POSTERIOR))
        return dmv_error_set(err, DMV_EINVAL, "problem %s: scheme.kind: a linear_inverse model is solved exactly for "
                             "ddpm-chain or ddpm-posterior", path);
    dmv_process_default(&p, DMV_PROCESS_VP_DISCRETE);
    if (pf->t_max_given)
        p.t_max = pf->t_max;
    if (pf->betas_given)
        p.betas = pf->betas;
    if (pf->etc_c_given)
        p.etc_c = pf->etc_c;
    if (pf->etc_delta_given)
        p.etc_delta = pf->etc_delta;
    if (pf->beta_min_given)
        p.beta_min = pf->beta_min;
    if (pf->beta_max_given)
        p.beta_max = pf->beta_max;
    if ((rc = dmv_process_check(&p, err)) != DMV_OK)
        return rc;
    T = (long) p.t_max;
    t_end = pf->eps_given ? (long) pf->eps : 1;
    if (!pf->eps_given || pf->eps != (double) t_end || (pf->steps > 0 && pf->steps != T - t_end) || pf->points > 0 ||
        pf->grid_kind != DMV_GRID_UNIFORM)
        return dmv_error_set(err, DMV_EINVAL, "problem %s: grid: the exact zero-shot law runs every timestep: a uniform "
                             "grid with an integer eps (the last timestep) and steps = T - eps = %ld", path,
                             T - t_end);
    post = pf->scheme_kind == DMV_SCHEME_DDPM_POSTERIOR;
    dmv_ref_zs_law_init(&L, m->dim);
    rc = dmv_ref_zs_law_compute(&L, m, &p, t_end, post, 1.0, (slong) prec, err);
    if (rc == DMV_OK) {
        if (json) {
            printf("{\n  \"problem\": \"%s\",\n  \"rule\": \"%s\",\n  \"sigma_y\": %.17g,\n  \"T\": %ld,\n  \"t_end\": %ld,\n"
                   "  \"scheme\": \"%s\",\n  \"betas\": \"%s\",\n  \"prec\": %ld,\n",
                   path, dmv_zs_rule_name(m->u.linear_inverse.rule), m->u.linear_inverse.sigma_y, T, t_end,
                   dmv_scheme_name(pf->scheme_kind), dmv_beta_schedule_name(p.betas), prec);
        } else {
            printf("problem %s: linear_inverse rule %s, sigma_y = %g, d = %ld, m = %ld\n", path,
                   dmv_zs_rule_name(m->u.linear_inverse.rule), m->u.linear_inverse.sigma_y, m->dim,
                   m->u.linear_inverse.m);
            printf("chain: vp-discrete (%s betas), T = %ld -> t = %ld, every timestep, %s; %ld bits\n",
                   dmv_beta_schedule_name(p.betas), T, t_end, dmv_scheme_name(pf->scheme_kind), prec);
            printf("target: Q_{%ld|y} = the diffused posterior; certified balls [mid +/- rad]:\n", t_end);
        }
        pr_ball(json, "kl", "KL(Q_t|y || P_t) (the paper's bias)", L.kl, 0);
        pr_ball(json, "kl_reverse", "KL(P_t || Q_t|y)", L.kl_rev, 0);
        pr_ball(json, "w2", "W2(P_t, Q_t|y)", L.w2, 0);
        pr_ball(json, "path_kl", "path KL bound (chain rule)", L.path_kl, 0);
        pr_ball(json, "accumulated_mismatch", "W_T (accumulated score mismatch)", L.W, 1);
        if (json)
            printf("}\n");
    }
    dmv_ref_zs_law_clear(&L);
    return rc;
}
