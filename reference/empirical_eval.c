/* The empirical-optimal denoiser, noise prediction and score in balls (include/dmv/ref_empirical.h,
 * docs/math/memorization.md). The exponents L_i = -|x - a X_i|^2 / (2 s^2) are summed coordinate
 * by coordinate; the softmax is dmv_ref_softmax (shift by the largest midpoint); eps is summed from
 * the differences x - a X_i, never as x - a D. */
#include "dmv/ref_empirical.h"
#include "dmv/ref_model.h"

int dmv_ref_empirical_eval(arb_ptr D, arb_ptr eps, arb_ptr score, arb_ptr w, const double *X, long N, long d,
                           const arb_t a, const arb_t s, arb_srcptr x, slong prec, dmv_error *err)
{
    arb_ptr L, p, diff, e;
    arb_t t, s2;
    long i, j;
    if (X == NULL || x == NULL || d < 1 || N < 1)
        return dmv_error_set(err, DMV_EINVAL, "empirical eval (Arb): d = %ld, N = %ld: need d, N >= 1 and X, x", d, N);
    if (arb_is_negative(a) || !arb_is_positive(s))
        return dmv_error_set(err, DMV_EDOM, "empirical eval (Arb): need a >= 0 and s > 0 (s = %s)",
                             arb_is_positive(s) ? "positive" : "not certified positive");
    L = _arb_vec_init(N);
    p = _arb_vec_init(N);
    diff = _arb_vec_init(N * d);
    e = _arb_vec_init(d);
    arb_init(t);
    arb_init(s2);
    arb_sqr(s2, s, prec);
    arb_mul_2exp_si(s2, s2, 1);
    for (i = 0; i < N; i++) {
        arb_zero(L + i);
        for (j = 0; j < d; j++) {
            arb_set_d(t, X[i * d + j]);
            arb_mul(t, t, a, prec);
            arb_sub(diff + i * d + j, x + j, t, prec);
            arb_addmul(L + i, diff + i * d + j, diff + i * d + j, prec);
        }
        arb_div(L + i, L + i, s2, prec);
        arb_neg(L + i, L + i);
    }
    dmv_ref_softmax(p, L, NULL, N, prec);
    for (j = 0; j < d; j++) {
        if (D != NULL)
            arb_zero(D + j);
        arb_zero(e + j);
        for (i = 0; i < N; i++) {
            if (D != NULL) {
                arb_set_d(t, X[i * d + j]);
                arb_addmul(D + j, p + i, t, prec);
            }
            arb_addmul(e + j, p + i, diff + i * d + j, prec);
        }
        arb_div(e + j, e + j, s, prec);
        if (eps != NULL)
            arb_set(eps + j, e + j);
        if (score != NULL) {
            arb_div(score + j, e + j, s, prec);
            arb_neg(score + j, score + j);
        }
    }
    if (w != NULL)
        _arb_vec_set(w, p, N);
    _arb_vec_clear(L, N);
    _arb_vec_clear(p, N);
    _arb_vec_clear(diff, N * d);
    _arb_vec_clear(e, d);
    arb_clear(t);
    arb_clear(s2);
    return DMV_OK;
}

static int accurate(arb_srcptr v, long d, slong acc_bits, long *bad)
{
    long j;
    for (j = 0; v != NULL && j < d; j++) {
        arb_t m;
        int ok;
        if (!arb_is_finite(v + j)) {
            *bad = j;
            return 0;
        }
        arb_init(m);
        arb_get_abs_ubound_arf(arb_midref(m), v + j, 64);
        if (arf_cmp_si(arb_midref(m), 1) < 0)
            arf_one(arb_midref(m));
        arf_mul_2exp_si(arb_midref(m), arb_midref(m), -acc_bits);
        ok = arf_cmpabs_mag(arb_midref(m), arb_radref(v + j)) >= 0;
        arb_clear(m);
        if (!ok) {
            *bad = j;
            return 0;
        }
    }
    return 1;
}

int dmv_ref_empirical_eval_d(arb_ptr D, arb_ptr eps, arb_ptr score, arb_ptr w, const double *X, long N, long d,
                             double a, double s, const double *x, slong acc_bits, slong prec, slong prec_max,
                             dmv_error *err)
{
    arb_t A, S;
    arb_ptr xv;
    long j, bad = 0;
    int rc = DMV_OK;
    const char *which = "D";
    if (x == NULL || d < 1)
        return dmv_error_set(err, DMV_EINVAL, "empirical eval (Arb): x is NULL or d = %ld < 1", d);
    arb_init(A);
    arb_init(S);
    xv = _arb_vec_init(d);
    arb_set_d(A, a);
    arb_set_d(S, s);
    for (j = 0; j < d; j++)
        arb_set_d(xv + j, x[j]);
    for (;; prec *= 2) {
        if ((rc = dmv_ref_empirical_eval(D, eps, score, w, X, N, d, A, S, xv, prec, err)) != DMV_OK)
            break;
        if (accurate(D, d, acc_bits, &bad) && (which = "eps", accurate(eps, d, acc_bits, &bad)) &&
            (which = "score", accurate(score, d, acc_bits, &bad)))
            break;
        if (2 * prec > prec_max) {
            rc = dmv_error_set(err, DMV_EPREC, "empirical eval (Arb): %s[%ld] not accurate to %ld bits at %ld bits "
                               "(a = %g, s = %g)", which, bad, (long) acc_bits, (long) prec, a, s);
            break;
        }
        which = "D";
    }
    arb_clear(A);
    arb_clear(S);
    _arb_vec_clear(xv, d);
    return rc;
}
