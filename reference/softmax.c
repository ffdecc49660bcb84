/* The softmax in balls shared by the mixture denoisers (reference/denoise_mixture.c,
 * reference/denoise_boxes.c, reference/denoise_empirical.c): p = softmax(L), shifted by the
 * largest midpoint so nothing overflows (an exact shift: the result's value does not depend on
 * it), and the posterior mean sum_k p_k M_k of the components' means. */
#include "dmv/ref_model.h"

void dmv_ref_softmax(arb_ptr p, arb_srcptr L, const int *skip, slong n, slong prec)
{
    slong k, kmax = -1;
    arb_t m, sum;
    arb_init(m);
    arb_init(sum);
    for (k = 0; k < n; k++)
        if (!(skip && skip[k]) && (kmax < 0 || arf_cmp(arb_midref(L + k), arb_midref(L + kmax)) > 0))
            kmax = k;
    if (kmax >= 0)
        arf_set(arb_midref(m), arb_midref(L + kmax)); /* an exact shift: any value works */
    for (k = 0; k < n; k++) {
        if (skip && skip[k]) {
            arb_zero(p + k);
            continue;
        }
        arb_sub(p + k, L + k, m, prec);
        arb_exp(p + k, p + k, prec);
        arb_add(sum, sum, p + k, prec);
    }
    for (k = 0; k < n; k++)
        if (!(skip && skip[k]))
            arb_div(p + k, p + k, sum, prec);
    arb_clear(m);
    arb_clear(sum);
}

void dmv_ref_softmax_mean(arb_ptr out, arb_ptr p, arb_srcptr L, const int *skip, arb_srcptr M, slong K, slong d,
                          slong prec)
{
    slong j, k;
    dmv_ref_softmax(p, L, skip, K, prec);
    for (j = 0; j < d; j++) {
        arb_zero(out + j);
        for (k = 0; k < K; k++)
            if (!(skip && skip[k]))
                arb_addmul(out + j, p + k, M + k * d + j, prec);
    }
}
