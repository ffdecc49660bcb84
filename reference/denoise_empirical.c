/* Reference denoiser of the empirical law (1/n) sum_i delta_{X_i} (docs/model-spec.md):
 *   L_i = -|x - a X_i|^2 / (2 s^2),  p = softmax(L) in balls,  D = sum_i p_i X_i.
 * The squared distances are summed coordinate by coordinate in balls (no GEMM expansion, so
 * nothing cancels at small s); the softmax shifts by the largest midpoint (dmv_ref_softmax). */
#include "dmv/ref_model.h"

int dmv_ref_denoise_empirical(arb_ptr out, const dmv_model_spec *spec, const arb_t a, const arb_t s, arb_srcptr x,
                              slong prec, dmv_error *err)
{
    long n, d, i, j;
    arb_ptr L, p;
    arb_t t, u, s2;
    int rc;
    if (spec == NULL || spec->kind != DMV_MODEL_EMPIRICAL)
        return dmv_error_set(err, DMV_EINVAL, "empirical denoiser: not an empirical spec");
    if ((rc = dmv_ref_denoise_check_args(a, s, 1, "empirical denoiser", err)) != DMV_OK)
        return rc;
    n = spec->u.empirical.n;
    d = spec->dim;
    L = _arb_vec_init(n);
    p = _arb_vec_init(n);
    arb_init(t);
    arb_init(u);
    arb_init(s2);
    arb_sqr(s2, s, prec);
    arb_mul_2exp_si(s2, s2, 1);
    for (i = 0; i < n; i++) {
        arb_zero(L + i);
        for (j = 0; j < d; j++) {
            arb_set_d(t, spec->u.empirical.X[i * d + j]);
            arb_mul(t, t, a, prec);
            arb_sub(t, x + j, t, prec);
            arb_addmul(L + i, t, t, prec);
        }
        arb_div(L + i, L + i, s2, prec);
        arb_neg(L + i, L + i);
    }
    dmv_ref_softmax(p, L, NULL, n, prec);
    for (j = 0; j < d; j++) {
        arb_zero(out + j);
        for (i = 0; i < n; i++) {
            arb_set_d(t, spec->u.empirical.X[i * d + j]);
            arb_addmul(out + j, p + i, t, prec);
        }
    }
    _arb_vec_clear(L, n);
    _arb_vec_clear(p, n);
    arb_clear(t);
    arb_clear(u);
    arb_clear(s2);
    return DMV_OK;
}
