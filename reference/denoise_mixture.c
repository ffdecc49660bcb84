/* Reference denoiser of a Gaussian mixture (docs/model-spec.md, "Reference denoisers"):
 *   L_k = log w_k - 1/2 (log det(a^2 Sigma_k + s^2 I) + r_k^T (a^2 Sigma_k + s^2 I)^{-1} r_k),
 *   p = softmax(L) in balls (dmv_ref_softmax: shift by the largest midpoint, no overflow:
 *   Arb exponents are unbounded), D = sum_k p_k D_k with D_k the Gaussian denoiser of
 *   component k (reference/denoise_gaussian.c). Zero weights are skipped exactly, as in
 *   fast/model_mixture.c. The weights need no normalisation (the softmax removes it). */
#include "dmv/ref_model.h"

int dmv_ref_denoise_mixture(arb_ptr out, const dmv_model_spec *spec, const arb_mat_struct *const *bases,
                            const arb_t a, const arb_t s, arb_srcptr x, slong prec, dmv_error *err)
{
    long K, d, k;
    arb_ptr L, p, Dk;
    int *skip, rc = DMV_OK;
    arb_t t;
    if (spec == NULL || spec->kind != DMV_MODEL_MIXTURE)
        return dmv_error_set(err, DMV_EINVAL, "mixture denoiser: not a mixture spec");
    if ((rc = dmv_ref_denoise_check_args(a, s, 1, "mixture denoiser", err)) != DMV_OK)
        return rc;
    K = spec->u.mixture.K;
    d = spec->dim;
    L = _arb_vec_init(K);
    p = _arb_vec_init(K);
    Dk = _arb_vec_init(K * d);
    skip = flint_calloc((size_t) K, sizeof(int));
    arb_init(t);
    for (k = 0; k < K && rc == DMV_OK; k++) {
        if (spec->u.mixture.w[k] == 0) {
            skip[k] = 1;
            continue;
        }
        rc = dmv_ref_denoise_gaussian(Dk + k * d, L + k, &spec->u.mixture.comp[k], bases ? bases[k] : NULL, a, s, x,
                                      prec, err);
        arb_set_d(t, spec->u.mixture.w[k]);
        arb_log(t, t, prec);
        arb_add(L + k, L + k, t, prec);
    }
    if (rc == DMV_OK) {
        dmv_ref_softmax_mean(out, p, L, skip, Dk, K, d, prec);
    }
    _arb_vec_clear(L, K);
    _arb_vec_clear(p, K);
    _arb_vec_clear(Dk, K * d);
    flint_free(skip);
    arb_clear(t);
    return rc;
}
