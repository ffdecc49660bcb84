/* Exact laws of one direction (docs/schemes.md 4 and 6): the start, p_s, and
 * the continuous reverse SDE / PF-ODE from N(m0, v0) at T stopped at s. */
#include <math.h>

#include "ref_internal.h"

int dmv_ref_data_law1(arb_t mean_out, arb_t var_out, const dmv_process *p, double s,
                      const arb_t lambda, const arb_t mean, slong prec, dmv_error *err)
{
    arb_t a, sg2, ss;
    int st;
    if (!(s >= 0 && s <= p->t_max))
        return dmv_error_set(err, DMV_EINVAL, "s = %g: must be in [0, t_max = %g]", s, p->t_max);
    arb_init(a);
    arb_init(sg2);
    arb_init(ss);
    arb_set_d(ss, s);
    st = dmv_ref_process_eval(a, sg2, NULL, NULL, NULL, p, ss, prec + 16, err);
    if (st == DMV_OK) {
        if (mean != NULL)
            arb_mul(mean_out, a, mean, prec);
        else
            arb_zero(mean_out);
        arb_sqr(a, a, prec + 16);
        arb_mul(a, a, lambda, prec + 16);
        arb_add(var_out, a, sg2, prec);
    }
    arb_clear(a);
    arb_clear(sg2);
    arb_clear(ss);
    return st;
}

int dmv_ref_init_law1(arb_t m0, arb_t v0, const dmv_init *init, const dmv_process *p,
                      const arb_t lambda, const arb_t mean, slong prec, dmv_error *err)
{
    int st;
    if ((st = dmv_process_check(p, err)) != DMV_OK)
        return st;
    switch (init->kind) {
    case DMV_INIT_STANDARD:
        arb_zero(m0);
        if (p->kind == DMV_PROCESS_VE) {
            arb_set_d(v0, p->t_max);
            arb_sqr(v0, v0, prec);
        } else
            arb_one(v0);
        return DMV_OK;
    case DMV_INIT_EXACT:
        return dmv_ref_data_law1(m0, v0, p, p->t_max, lambda, mean, prec, err);
    case DMV_INIT_GAUSSIAN:
        if (!(isfinite(init->mean) && isfinite(init->var) && init->var >= 0))
            return dmv_error_set(err, DMV_EINVAL, "initial gaussian (mean %g, var %g): need a finite mean "
                                 "and a finite var >= 0", init->mean, init->var);
        arb_set_d(m0, init->mean);
        arb_set_d(v0, init->var);
        return DMV_OK;
    default:
        return dmv_error_set(err, DMV_EINVAL, "init kind %d: unknown", (int) init->kind);
    }
}

/* r = alpha(T)/alpha(s) and K = sigma_T^2 - r^2 sigma_s^2, both in stable form. */
static int ratio_K(arb_t r, arb_t K, const dmv_process *p, const arb_t T, const arb_t s, slong wp,
                   dmv_error *err)
{
    arb_t t, u, v;
    int st = DMV_OK;
    arb_init(t);
    arb_init(u);
    arb_init(v);
    switch (p->kind) {
    case DMV_PROCESS_VP_LINEAR:
    case DMV_PROCESS_VP_LINEAR_SONG:
        _dmv_ref_vp_dB(t, p, T, s, wp); /* B_T - B_s */
        arb_neg(t, t);
        if (p->kind == DMV_PROCESS_VP_LINEAR_SONG)
            arb_mul_2exp_si(t, t, -1);
        arb_exp(r, t, wp);
        arb_mul_2exp_si(t, t, 1);
        arb_expm1(K, t, wp);
        arb_neg(K, K); /* 1 - r^2 */
        break;
    case DMV_PROCESS_VP_COSINE:
        /* r = cos th_T / cos th_s; 1 - r^2 = sin(th_T - th_s) sin(th_T + th_s) / cos^2 th_s */
        _dmv_ref_cos_theta(t, p, T, wp);
        _dmv_ref_cos_theta(u, p, s, wp);
        arb_cos(v, u, wp);
        arb_cos(r, t, wp);
        arb_div(r, r, v, wp);
        arb_sub(K, t, u, wp);
        arb_sin(K, K, wp);
        arb_add(t, t, u, wp);
        arb_sin(t, t, wp);
        arb_mul(K, K, t, wp);
        arb_div(K, K, v, wp);
        arb_div(K, K, v, wp);
        break;
    case DMV_PROCESS_VE:
        arb_one(r);
        arb_sub(t, T, s, wp);
        arb_add(u, T, s, wp);
        arb_mul(K, t, u, wp);
        break;
    case DMV_PROCESS_VP_DISCRETE: /* r^2 = alpha_bar_T/alpha_bar_s, K = 1 - r^2 */
        if ((st = dmv_ref_process_eval(t, NULL, NULL, NULL, NULL, p, T, wp, err)) != DMV_OK ||
            (st = dmv_ref_process_eval(u, NULL, NULL, NULL, NULL, p, s, wp, err)) != DMV_OK)
            break;
        arb_div(r, t, u, wp);
        arb_sqr(K, r, wp);
        arb_sub_ui(K, K, 1, wp);
        arb_neg(K, K);
        break;
    default:
        st = dmv_error_set(err, DMV_EINVAL, "process kind %d: unknown", (int) p->kind);
    }
    arb_clear(t);
    arb_clear(u);
    arb_clear(v);
    return st;
}

int dmv_ref_continuous_law1(arb_t mean_out, arb_t var_out, int sde, const dmv_process *p,
                            double s_stop, const arb_t lambda, const arb_t mean, const arb_t m0,
                            const arb_t v0, slong prec, dmv_error *err)
{
    slong wp = prec + 32;
    arb_t T, s, aT, as, sgT, sgs, lT, ls, r, K, A, t;
    int st;
    if ((st = dmv_process_check(p, err)) != DMV_OK)
        return st;
    if (!(s_stop >= 0 && s_stop <= p->t_max))
        return dmv_error_set(err, DMV_EINVAL, "stopping time s = %g: must be in [0, t_max = %g]", s_stop,
                             p->t_max);
    arb_init(T);
    arb_init(s);
    arb_init(aT);
    arb_init(as);
    arb_init(sgT);
    arb_init(sgs);
    arb_init(lT);
    arb_init(ls);
    arb_init(r);
    arb_init(K);
    arb_init(A);
    arb_init(t);
    arb_set_d(T, p->t_max);
    arb_set_d(s, s_stop);
    st = dmv_ref_process_eval(aT, sgT, NULL, NULL, NULL, p, T, wp, err);
    if (st == DMV_OK)
        st = dmv_ref_process_eval(as, sgs, NULL, NULL, NULL, p, s, wp, err);
    if (st == DMV_OK)
        st = ratio_K(r, K, p, T, s, wp, err);
    if (st == DMV_OK) {
        arb_sqr(lT, aT, wp);
        arb_mul(lT, lT, lambda, wp);
        arb_add(lT, lT, sgT, wp);
        arb_sqr(ls, as, wp);
        arb_mul(ls, ls, lambda, wp);
        arb_add(ls, ls, sgs, wp);
        if (sde) {
            /* A = r ls/lT; var = A^2 v0 + ls K / lT */
            arb_div(t, ls, lT, wp);
            arb_mul(A, r, t, wp);
            arb_mul(K, K, t, wp);
            arb_sqr(t, A, wp);
            arb_mul(t, t, v0, wp);
            arb_add(var_out, t, K, prec);
        } else {
            /* C = sqrt(ls/lT); var = (ls/lT) v0 */
            arb_div(t, ls, lT, wp);
            arb_mul(var_out, t, v0, prec);
            arb_sqrtpos(A, t, wp);
        }
        /* mean = alpha_s m + A (m0 - alpha_T m) */
        if (mean != NULL) {
            arb_mul(t, aT, mean, wp);
            arb_sub(t, m0, t, wp);
            arb_mul(t, t, A, wp);
            arb_addmul(t, as, mean, wp);
            arb_set_round(mean_out, t, prec);
        } else
            arb_mul(mean_out, A, m0, prec);
    }
    arb_clear(T);
    arb_clear(s);
    arb_clear(aT);
    arb_clear(as);
    arb_clear(sgT);
    arb_clear(sgs);
    arb_clear(lT);
    arb_clear(ls);
    arb_clear(r);
    arb_clear(K);
    arb_clear(A);
    arb_clear(t);
    return st;
}
