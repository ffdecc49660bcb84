/* Certified Kullback-Leibler divergence between two general Gaussians
 *
 *     KL(N(m1, S1) || N(m2, S2)) = ( tr(S2^{-1} S1) + (m2 - m1)^T S2^{-1} (m2 - m1)
 *                                   - d + log det S2 - log det S1 ) / 2
 *
 * with S1, S2 symmetric positive definite. S2^{-1} S1 and the Mahalanobis
 * term use the certified Cholesky factor L of S2 (arb_mat_cho,
 * arb_mat_solve_cho_precomp); log det S = 2 sum_i log L_ii. The sum cancels
 * when the laws are close (KL ~ |S1 - S2|^2), so its radius is about
 * 2^-prec (d + |log det|): raise prec for tiny divergences. KL is +inf when
 * S1 is singular and S2 is not; this function then returns DMV_EDOM (a
 * matrix that is not certified positive definite at this precision is
 * reported the same way, naming it). */
#include <arb_mat.h>

#include "dmv/ref.h"

static int logdet_cho(arb_t out, const arb_mat_t L, slong prec)
{
    slong i, d = arb_mat_nrows(L);
    arb_t t;
    arb_init(t);
    arb_zero(out);
    for (i = 0; i < d; i++) {
        if (!arb_is_positive(arb_mat_entry(L, i, i))) {
            arb_clear(t);
            return 0;
        }
        arb_log(t, arb_mat_entry(L, i, i), prec);
        arb_add(out, out, t, prec);
    }
    arb_mul_2exp_si(out, out, 1);
    arb_clear(t);
    return 1;
}

int dmv_ref_kl_general(arb_t out, const arb_mat_t S1, arb_srcptr m1, const arb_mat_t S2, arb_srcptr m2,
                       slong prec, dmv_error *err)
{
    slong d = arb_mat_nrows(S1), i, j;
    arb_mat_t L1, L2, X, v, w;
    arb_t ld1, ld2, t;
    int rc = DMV_OK;
    if (d < 1 || arb_mat_ncols(S1) != d || arb_mat_nrows(S2) != d || arb_mat_ncols(S2) != d)
        return dmv_error_set(err, DMV_EINVAL, "KL: S1 (%ld x %ld) and S2 (%ld x %ld) must be square of one size",
                             (long) d, (long) arb_mat_ncols(S1), (long) arb_mat_nrows(S2), (long) arb_mat_ncols(S2));
    for (i = 0; i < d; i++)
        for (j = 0; j < i; j++) {
            if (!arb_overlaps(arb_mat_entry(S1, i, j), arb_mat_entry(S1, j, i)))
                return dmv_error_set(err, DMV_EINVAL, "KL: S1[%ld][%ld] != S1[%ld][%ld]: not symmetric", (long) i,
                                     (long) j, (long) j, (long) i);
            if (!arb_overlaps(arb_mat_entry(S2, i, j), arb_mat_entry(S2, j, i)))
                return dmv_error_set(err, DMV_EINVAL, "KL: S2[%ld][%ld] != S2[%ld][%ld]: not symmetric", (long) i,
                                     (long) j, (long) j, (long) i);
        }
    arb_mat_init(L1, d, d);
    arb_mat_init(L2, d, d);
    arb_mat_init(X, d, d);
    arb_mat_init(v, d, 1);
    arb_mat_init(w, d, 1);
    arb_init(ld1);
    arb_init(ld2);
    arb_init(t);
    if (!arb_mat_cho(L2, S2, prec) || !logdet_cho(ld2, L2, prec)) {
        rc = dmv_error_set(err, DMV_EDOM, "KL: S2 is not certified positive definite at %ld bits (KL is infinite "
                           "or undefined for a singular S2)", (long) prec);
        goto done;
    }
    if (!arb_mat_cho(L1, S1, prec) || !logdet_cho(ld1, L1, prec)) {
        rc = dmv_error_set(err, DMV_EDOM, "KL: S1 is not certified positive definite at %ld bits (KL is +inf "
                           "for a singular S1)", (long) prec);
        goto done;
    }
    arb_mat_solve_cho_precomp(X, L2, S1, prec);
    arb_mat_trace(out, X, prec);
    if (m1 != NULL || m2 != NULL) {
        for (i = 0; i < d; i++) {
            if (m1 != NULL && m2 != NULL)
                arb_sub(arb_mat_entry(v, i, 0), m2 + i, m1 + i, prec);
            else if (m2 != NULL)
                arb_set(arb_mat_entry(v, i, 0), m2 + i);
            else
                arb_neg(arb_mat_entry(v, i, 0), m1 + i);
        }
        arb_mat_solve_cho_precomp(w, L2, v, prec);
        for (i = 0; i < d; i++) {
            arb_mul(t, arb_mat_entry(v, i, 0), arb_mat_entry(w, i, 0), prec);
            arb_add(out, out, t, prec);
        }
    }
    arb_sub_si(out, out, d, prec);
    arb_add(out, out, ld2, prec);
    arb_sub(out, out, ld1, prec);
    arb_mul_2exp_si(out, out, -1);
    /* KL >= 0 */
    if (!arb_is_nonnegative(out) && arb_is_finite(out)) {
        arf_t lo, hi;
        arf_init(lo);
        arf_init(hi);
        arb_get_ubound_arf(hi, out, prec);
        if (arf_sgn(hi) < 0)
            arf_zero(hi);
        arb_set_interval_arf(out, lo, hi, prec);
        arf_clear(lo);
        arf_clear(hi);
    }
    if (!arb_is_finite(out))
        rc = dmv_error_set(err, DMV_EPREC, "KL: no finite enclosure at %ld bits", (long) prec);
done:
    arb_mat_clear(L1);
    arb_mat_clear(L2);
    arb_mat_clear(X);
    arb_mat_clear(v);
    arb_mat_clear(w);
    arb_clear(ld1);
    arb_clear(ld2);
    arb_clear(t);
    return rc;
}
