/* Distances between Gaussians diagonal in one eigenbasis: W2^2 and KL per
 * direction, in the stable forms of docs/math/distances.md#w2-1d, and their sums. */
#include "ref_internal.h"

void dmv_ref_w2sq_1d(arb_t out, const arb_t m1, const arb_t v1, const arb_t m2, const arb_t v2,
                     slong prec)
{
    arb_t d, s1, s2, t;
    arb_init(d);
    arb_init(s1);
    arb_init(s2);
    arb_init(t);
    /* (sqrt v1 - sqrt v2)^2 = (v1 - v2)^2 / (sqrt v1 + sqrt v2)^2 */
    arb_sqrtpos(s1, v1, prec);
    arb_sqrtpos(s2, v2, prec);
    arb_add(t, s1, s2, prec);
    if (arb_is_positive(t)) {
        arb_sub(d, v1, v2, prec);
        arb_div(d, d, t, prec);
    } else
        arb_sub(d, s1, s2, prec);
    arb_sqr(d, d, prec);
    arb_sub(t, m1, m2, prec);
    arb_sqr(t, t, prec);
    arb_add(out, d, t, prec);
    arb_clear(d);
    arb_clear(s1);
    arb_clear(s2);
    arb_clear(t);
}

void dmv_ref_kl_1d(arb_t out, const arb_t m1, const arb_t v1, const arb_t m2, const arb_t v2,
                   slong prec)
{
    arb_t x, t;
    arb_init(x);
    arb_init(t);
    /* KL = (x - log1p(x) + (m1 - m2)^2 / v2) / 2, x = (v1 - v2)/v2 */
    arb_sub(x, v1, v2, prec);
    arb_div(x, x, v2, prec);
    arb_log1p(t, x, prec);
    arb_sub(x, x, t, prec);
    arb_sub(t, m1, m2, prec);
    arb_sqr(t, t, prec);
    arb_div(t, t, v2, prec);
    arb_add(x, x, t, prec);
    arb_mul_2exp_si(out, x, -1);
    arb_clear(x);
    arb_clear(t);
}

void dmv_ref_w2sq_spectrum(arb_t total, arb_ptr contrib, arb_srcptr m1, arb_srcptr v1,
                           arb_srcptr m2, arb_srcptr v2, slong d, slong prec)
{
    slong j;
    arb_t t;
    arb_init(t);
    arb_zero(total);
    for (j = 0; j < d; j++) {
        dmv_ref_w2sq_1d(t, m1 + j, v1 + j, m2 + j, v2 + j, prec);
        arb_add(total, total, t, prec);
        if (contrib != NULL)
            arb_set(contrib + j, t);
    }
    arb_clear(t);
}

void dmv_ref_kl_spectrum(arb_t total, arb_ptr contrib, arb_srcptr m1, arb_srcptr v1,
                         arb_srcptr m2, arb_srcptr v2, slong d, slong prec)
{
    slong j;
    arb_t t;
    arb_init(t);
    arb_zero(total);
    for (j = 0; j < d; j++) {
        dmv_ref_kl_1d(t, m1 + j, v1 + j, m2 + j, v2 + j, prec);
        arb_add(total, total, t, prec);
        if (contrib != NULL)
            arb_set(contrib + j, t);
    }
    arb_clear(t);
}
