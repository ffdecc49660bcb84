/* Reference denoisers of uniform boxes (docs/model-spec.md, "Reference denoisers").
 *
 * One interval [lo, hi] of one coordinate, under x = a x0 + s z, a > 0, s > 0: in
 * t = (a x0 - x)/s the posterior is a standard normal truncated to [l, h],
 *   l = (a lo - x)/s,  h = l + w,  w = a (hi - lo)/s  (w formed directly: no cancellation).
 * After reflecting t -> -t when l + h < 0 (so that L + H >= 0, the posterior leans to the end
 * L; then hi plays the role of lo), with delta = w (L + H)/2:
 *   2 Z            = erfc(L/sqrt2) - erfc(H/sqrt2)           (arb_hypgeom_erfc: no underflow;
 *                                                              radius propagated by erfc_ball)
 *   phi(L) - phi(H) = phi(L) (-expm1(-delta))                (no cancellation)
 *   E[t - L]       = 2 (phi(L) - phi(H)) / (2 Z) - L
 *   mean           = lo + (s/a) E[t - L]    (reflected: hi - (s/a) E[t' - L])
 *   log evidence   = log Z - log(a (hi - lo))
 * The erfc difference cancels when w is small (it is ~ w phi) and E[t - L] cancels by
 * ~ L^2 when L is large (E[t] ~ L + 1/L); both are evaluated at a working precision raised by
 * 2 log2(1/w) + 2 log2 |L| + 16 bits (capped), so the returned ball keeps the caller's
 * precision far outside the box (L = 1e6 at s = 1e-6) and for tiny boxes (width -> 0). The
 * result is certified whatever the extra precision; the extra bits only keep it narrow.
 * a = 0: the evidence no longer depends on the interval (logz = 0, mean = (lo + hi)/2).
 *
 * boxes: L_k = log w_k + sum_j logz_kj, D_j = sum_k softmax(L)_k mean_kj.
 * umix:  per coordinate j, L_k = log w_jk + logz_jk, D_j = sum_k softmax(L)_k mean_jk. */
#include <math.h>

#include <arb_hypgeom.h>

#include "dmv/ref_model.h"

#define BOX_EXTRA_MAX 20000

/* erfc on a ball. arb_hypgeom_erfc propagates the radius of an inexact argument with a bound
 * whose exponent is carried in 30-bit magnitudes: at z ~ 2e6 the returned radius exceeds the
 * value by 10^15000 (measured). Here the midpoint is evaluated exactly and the radius added by
 * the mean-value bound |erfc'(z)| = (2/sqrt pi) e^{-z^2} <= 2 e^{-z^2} over the ball. */
/* erfc at an exact point. arb_hypgeom_erfc takes 50-250 us at 128-256 bits for some moderate
 * arguments (measured: z = 0.001, 1.2, 3.5, 8); 1 - erf(z) is 5-20x faster there. For z <= 0 there is
 * no cancellation; for 0 < z < 6 the subtraction loses about log2(1/erfc z) <= 1.45 z^2 + 2 bits,
 * added to the working precision. Both are ball operations: the result stays certified. */
static void erfc_point(arb_t res, const arb_t z, slong prec)
{
    double zm = arf_get_d(arb_midref(z), ARF_RND_NEAR);
    if (zm < 6) {
        slong wp = prec + 10 + (zm > 0 ? (slong) (1.45 * zm * zm) + 2 : 0);
        arb_hypgeom_erf(res, z, wp);
        arb_sub_ui(res, res, 1, wp);
        arb_neg_round(res, res, prec);
        return;
    }
    arb_hypgeom_erfc(res, z, prec);
}

static void erfc_ball(arb_t res, const arb_t z, slong prec)
{
    arb_t m, d;
    mag_t e;
    if (arb_is_exact(z)) {
        erfc_point(res, z, prec);
        return;
    }
    arb_init(m);
    arb_init(d);
    mag_init(e);
    arb_sqr(d, z, prec);
    arb_neg(d, d);
    arb_exp(d, d, prec);
    arb_get_mag(e, d);
    mag_mul_2exp_si(e, e, 1);
    mag_mul(e, e, arb_radref(z));
    arf_set(arb_midref(m), arb_midref(z));
    erfc_point(res, m, prec);
    arb_add_error_mag(res, e);
    arb_clear(m);
    arb_clear(d);
    mag_clear(e);
}

static double mid_d(const arb_t x)
{
    return arf_get_d(arb_midref(x), ARF_RND_NEAR);
}

int dmv_ref_interval_posterior(arb_t logz, arb_t mean, double lo, double hi, const arb_t a, const arb_t s,
                               const arb_t x, slong prec, dmv_error *err)
{
    arb_t L, H, w, delta, z2, num, t, u, isq2;
    double wm, Lm, extra;
    slong wp;
    int reflect, rc;
    if (!(lo < hi))
        return dmv_error_set(err, DMV_EINVAL, "interval posterior: lo = %.17g, hi = %.17g: need lo < hi", lo, hi);
    if ((rc = dmv_ref_denoise_check_args(a, s, 1, "interval posterior", err)) != DMV_OK)
        return rc;
    if (arb_is_zero(a)) {
        arb_set_d(logz, hi);
        arb_set_d(mean, lo);
        arb_add(mean, mean, logz, prec);
        arb_mul_2exp_si(mean, mean, -1);
        arb_zero(logz);
        return DMV_OK;
    }
    arb_init(L);
    arb_init(H);
    arb_init(w);
    arb_init(delta);
    arb_init(z2);
    arb_init(num);
    arb_init(t);
    arb_init(u);
    arb_init(isq2);
    /* rough values to choose the reflection and the extra precision */
    arb_set_d(t, lo);
    arb_mul(t, t, a, 64);
    arb_sub(t, t, x, 64);
    arb_div(L, t, s, 64);
    arb_set_d(t, hi);
    arb_set_d(u, lo);
    arb_sub(t, t, u, 64);
    arb_mul(t, t, a, 64);
    arb_div(w, t, s, 64);
    arb_mul_2exp_si(H, w, -1);
    arb_add(H, H, L, 64); /* the centre l + w/2 */
    reflect = arf_sgn(arb_midref(H)) < 0;
    wm = mid_d(w);
    Lm = reflect ? -(mid_d(L) + wm) : mid_d(L);
    extra = 16;
    if (wm > 0 && wm < 1)
        extra += 2 * -log2(wm);
    if (fabs(Lm) > 1 && isfinite(Lm))
        extra += 2 * log2(fabs(Lm));
    if (!isfinite(extra) || extra > BOX_EXTRA_MAX)
        extra = BOX_EXTRA_MAX;
    wp = prec + (slong) extra;

    /* at the working precision */
    arb_set_d(t, hi);
    arb_set_d(u, lo);
    arb_sub(t, t, u, wp); /* hi - lo */
    arb_mul(t, t, a, wp);
    arb_div(w, t, s, wp);
    arb_log(logz, t, wp); /* log(a (hi - lo)), subtracted below */
    arb_set_d(t, reflect ? hi : lo);
    arb_mul(t, t, a, wp);
    arb_sub(t, t, x, wp);
    arb_div(L, t, s, wp); /* l, or h when reflecting */
    if (reflect)
        arb_neg(L, L);
    arb_add(H, L, w, wp);
    arb_add(delta, L, H, wp);
    arb_mul(delta, delta, w, wp);
    arb_mul_2exp_si(delta, delta, -1);
    arb_set_si(isq2, 2);
    arb_rsqrt(isq2, isq2, wp);
    arb_mul(t, L, isq2, wp);
    erfc_ball(z2, t, wp);
    arb_mul(t, H, isq2, wp);
    erfc_ball(u, t, wp);
    arb_sub(z2, z2, u, wp); /* 2 Z */
    /* 2 phi(L) (-expm1(-delta)) = 2 e^{-L^2/2} (-expm1(-delta)) / sqrt(2 pi) */
    arb_sqr(t, L, wp);
    arb_mul_2exp_si(t, t, -1);
    arb_neg(t, t);
    arb_exp(num, t, wp);
    arb_neg(t, delta);
    arb_expm1(t, t, wp);
    arb_neg(t, t);
    arb_mul(num, num, t, wp);
    arb_const_pi(t, wp);
    arb_mul_2exp_si(t, t, 1);
    arb_rsqrt(t, t, wp);
    arb_mul(num, num, t, wp);
    arb_mul_2exp_si(num, num, 1);
    arb_div(t, num, z2, wp);
    arb_sub(t, t, L, wp); /* E[t - L] */
    arb_mul(t, t, s, wp);
    arb_div(t, t, a, wp);
    arb_set_d(u, reflect ? hi : lo);
    if (reflect)
        arb_sub(mean, u, t, prec);
    else
        arb_add(mean, u, t, prec);
    arb_mul_2exp_si(z2, z2, -1);
    arb_log(t, z2, wp);
    arb_sub(logz, t, logz, prec);
    arb_clear(L);
    arb_clear(H);
    arb_clear(w);
    arb_clear(delta);
    arb_clear(z2);
    arb_clear(num);
    arb_clear(t);
    arb_clear(u);
    arb_clear(isq2);
    return DMV_OK;
}

int dmv_ref_denoise_boxes(arb_ptr out, const dmv_model_spec *spec, const arb_t a, const arb_t s, arb_srcptr x,
                          slong prec, dmv_error *err)
{
    long K, d, k, j;
    arb_ptr L, p, M;
    arb_t lz, t;
    int *skip, rc = DMV_OK;
    if (spec == NULL || spec->kind != DMV_MODEL_BOXES)
        return dmv_error_set(err, DMV_EINVAL, "boxes denoiser: not a boxes spec");
    K = spec->u.boxes.K;
    d = spec->dim;
    L = _arb_vec_init(K);
    p = _arb_vec_init(K);
    M = _arb_vec_init(K * d);
    skip = flint_calloc((size_t) K, sizeof(int));
    arb_init(lz);
    arb_init(t);
    for (k = 0; k < K && rc == DMV_OK; k++) {
        if (spec->u.boxes.w[k] == 0) {
            skip[k] = 1;
            continue;
        }
        arb_set_d(t, spec->u.boxes.w[k]);
        arb_log(L + k, t, prec);
        for (j = 0; j < d && rc == DMV_OK; j++) {
            rc = dmv_ref_interval_posterior(lz, M + k * d + j, spec->u.boxes.lo[k * d + j], spec->u.boxes.hi[k * d + j],
                                            a, s, x + j, prec, err);
            arb_add(L + k, L + k, lz, prec);
        }
    }
    if (rc == DMV_OK) {
        dmv_ref_softmax_mean(out, p, L, skip, M, K, d, prec);
    }
    _arb_vec_clear(L, K);
    _arb_vec_clear(p, K);
    _arb_vec_clear(M, K * d);
    flint_free(skip);
    arb_clear(lz);
    arb_clear(t);
    return rc;
}

int dmv_ref_denoise_umix(arb_ptr out, const dmv_model_spec *spec, const arb_t a, const arb_t s, arb_srcptr x,
                         slong prec, dmv_error *err)
{
    long K, d, k, j;
    arb_ptr L, p, M;
    arb_t t;
    int *skip, rc = DMV_OK;
    if (spec == NULL || spec->kind != DMV_MODEL_UMIX)
        return dmv_error_set(err, DMV_EINVAL, "umix denoiser: not a umix spec");
    K = spec->u.umix.K;
    d = spec->dim;
    L = _arb_vec_init(K);
    p = _arb_vec_init(K);
    M = _arb_vec_init(K);
    skip = flint_calloc((size_t) K, sizeof(int));
    arb_init(t);
    for (j = 0; j < d && rc == DMV_OK; j++) {
        for (k = 0; k < K && rc == DMV_OK; k++) {
            double wk = spec->u.umix.w[j * K + k];
            skip[k] = wk == 0;
            if (skip[k])
                continue;
            rc = dmv_ref_interval_posterior(L + k, M + k, spec->u.umix.a[j * K + k], spec->u.umix.b[j * K + k], a, s,
                                            x + j, prec, err);
            arb_set_d(t, wk);
            arb_log(t, t, prec);
            arb_add(L + k, L + k, t, prec);
        }
        if (rc != DMV_OK)
            break;
        dmv_ref_softmax_mean(out + j, p, L, skip, M, K, 1, prec);
    }
    _arb_vec_clear(L, K);
    _arb_vec_clear(p, K);
    _arb_vec_clear(M, K);
    flint_free(skip);
    arb_clear(t);
    return rc;
}
