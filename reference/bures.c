/* The certified Bures-Wasserstein distance between two Gaussians
 * N(m1, S1), N(m2, S2) with symmetric positive semidefinite S1, S2:
 *
 *     W2^2 = |m1 - m2|^2 + tr S1 + tr S2 - 2 tr((S1^{1/2} S2 S1^{1/2})^{1/2})   (docs/math/distances.md#w2-gaussian)
 *
 * The trace term needs no matrix square root: for any factor S1 = A A^T,
 * S1^{1/2} S2 S1^{1/2} and M = A^T S2 A have the same eigenvalues (both are
 * the eigenvalues of S2 S1), so the term is sum_i sqrt(lambda_i(M)). A is the
 * certified Cholesky factor (arb_mat_cho) of whichever of S1, S2 is positive
 * definite (the formula is symmetric in S1, S2). If neither is, both are
 * shifted by delta I (delta = 2^-e (tr S1 + tr S2)/d, e from 2 prec - 16 down to
 * prec/2, the first that certifies S1 + delta I) and the result is widened by
 * the shift's W2: W2(N(0,S), N(0,S + delta I)) <= sqrt(d delta) for each
 * (the two commute: sum (sqrt(s_i + delta) - sqrt(s_i))^2 <= d delta), and W2 is
 * a metric, so W2 moves by at most 2 sqrt(d delta).
 *
 * Certified eigenvalues of the symmetric M without an eigensolver's
 * guarantees: cyclic Jacobi at the working precision gives an approximately
 * orthogonal Q (midpoints only); then in ball arithmetic
 *   G = Q^T M Q = diag(g) + E,  Q^T Q = I + F,  eta = ||F||_F < 1, e = ||E||_F.
 * Weyl: the i-th smallest eigenvalue of G lies in [g_(i) - e, g_(i) + e]
 * (g sorted). Ostrowski (congruence): lambda_i(G) = theta_i lambda_i(M) with
 * theta_i in [sigma_min(Q)^2, sigma_max(Q)^2] within [1 - eta, 1 + eta]. So
 * lambda_i(M) is in [g_(i) - e, g_(i) + e] / [1 - eta, 1 + eta]. This holds
 * for clustered and repeated eigenvalues alike (no simplicity needed).
 * Enclosures that reach below 0 are clamped to [0, hi] (M is PSD), which costs
 * sqrt(e) in the result near null eigenvalues; the factor, M and its eigenvalues
 * are therefore computed at 2 prec bits, so that sqrt(e) is about 2^-prec (times
 * the conditioning of the factored matrix).
 *
 * Cost: O(d^3) per Jacobi sweep at prec bits (about 6-10 sweeps); meant for
 * d up to a few hundred. Diagonal-in-the-same-basis laws should use
 * dmv_ref_w2sq_spectrum instead. */
#include <stdlib.h>

#include <arb_mat.h>

#include "dmv/ref.h"

/* Drops the radius of every entry. */
static void mat_mid(arb_mat_t A)
{
    slong i, j;
    for (i = 0; i < arb_mat_nrows(A); i++)
        for (j = 0; j < arb_mat_ncols(A); j++)
            mag_zero(arb_radref(arb_mat_entry(A, i, j)));
}

/* Cyclic Jacobi on the midpoint of the symmetric M: Q approximately orthogonal
 * with Q^T M Q approximately diagonal. Midpoint arithmetic only. */
static void jacobi_approx(arb_mat_t Q, const arb_mat_t M, slong prec)
{
    slong d = arb_mat_nrows(M), p, q, k, sweep;
    arb_mat_t A;
    arb_t theta, t, c, s, x, y, tmp;
    mag_t off, tot, tol;
    arb_mat_init(A, d, d);
    arb_mat_get_mid(A, M);
    arb_mat_one(Q);
    arb_init(theta);
    arb_init(t);
    arb_init(c);
    arb_init(s);
    arb_init(x);
    arb_init(y);
    arb_init(tmp);
    mag_init(off);
    mag_init(tot);
    mag_init(tol);
    for (sweep = 0; sweep < 60; sweep++) {
        /* off-diagonal and total Frobenius norms (squared, as mags) */
        mag_zero(off);
        mag_zero(tot);
        for (p = 0; p < d; p++)
            for (q = 0; q < d; q++) {
                mag_t m2;
                mag_init(m2);
                arb_get_mag(m2, arb_mat_entry(A, p, q));
                mag_mul(m2, m2, m2);
                mag_add(tot, tot, m2);
                if (p != q)
                    mag_add(off, off, m2);
                mag_clear(m2);
            }
        mag_mul_2exp_si(tol, tot, -2 * (prec + 8));
        if (mag_cmp(off, tol) <= 0 || mag_is_zero(off))
            break;
        for (p = 0; p < d - 1; p++)
            for (q = p + 1; q < d; q++) {
                arb_srcptr apq = arb_mat_entry(A, p, q);
                if (arb_is_zero(apq))
                    continue;
                /* theta = (a_qq - a_pp) / (2 a_pq); t = sign(theta) / (|theta| + sqrt(theta^2 + 1)) */
                arb_sub(theta, arb_mat_entry(A, q, q), arb_mat_entry(A, p, p), prec);
                arb_div(theta, theta, apq, prec);
                arb_mul_2exp_si(theta, theta, -1);
                arb_get_mid_arb(theta, theta);
                arb_mul(tmp, theta, theta, prec);
                arb_add_ui(tmp, tmp, 1, prec);
                arb_sqrt(tmp, tmp, prec);
                arb_get_mid_arb(tmp, tmp);
                if (arf_sgn(arb_midref(theta)) >= 0) {
                    arb_add(t, theta, tmp, prec);
                    arb_ui_div(t, 1, t, prec);
                } else {
                    arb_sub(t, theta, tmp, prec);
                    arb_ui_div(t, 1, t, prec);
                }
                arb_get_mid_arb(t, t);
                arb_mul(c, t, t, prec);
                arb_add_ui(c, c, 1, prec);
                arb_rsqrt(c, c, prec);
                arb_get_mid_arb(c, c);
                arb_mul(s, t, c, prec);
                arb_get_mid_arb(s, s);
                /* A <- J^T A J with J the rotation in the (p, q) plane; Q <- Q J */
                for (k = 0; k < d; k++) { /* columns p, q */
                    arb_set(x, arb_mat_entry(A, k, p));
                    arb_set(y, arb_mat_entry(A, k, q));
                    arb_mul(tmp, s, y, prec);
                    arb_mul(arb_mat_entry(A, k, p), c, x, prec);
                    arb_sub(arb_mat_entry(A, k, p), arb_mat_entry(A, k, p), tmp, prec);
                    arb_mul(tmp, s, x, prec);
                    arb_mul(arb_mat_entry(A, k, q), c, y, prec);
                    arb_add(arb_mat_entry(A, k, q), arb_mat_entry(A, k, q), tmp, prec);
                    arb_set(x, arb_mat_entry(Q, k, p));
                    arb_set(y, arb_mat_entry(Q, k, q));
                    arb_mul(tmp, s, y, prec);
                    arb_mul(arb_mat_entry(Q, k, p), c, x, prec);
                    arb_sub(arb_mat_entry(Q, k, p), arb_mat_entry(Q, k, p), tmp, prec);
                    arb_mul(tmp, s, x, prec);
                    arb_mul(arb_mat_entry(Q, k, q), c, y, prec);
                    arb_add(arb_mat_entry(Q, k, q), arb_mat_entry(Q, k, q), tmp, prec);
                }
                for (k = 0; k < d; k++) { /* rows p, q */
                    arb_set(x, arb_mat_entry(A, p, k));
                    arb_set(y, arb_mat_entry(A, q, k));
                    arb_mul(tmp, s, y, prec);
                    arb_mul(arb_mat_entry(A, p, k), c, x, prec);
                    arb_sub(arb_mat_entry(A, p, k), arb_mat_entry(A, p, k), tmp, prec);
                    arb_mul(tmp, s, x, prec);
                    arb_mul(arb_mat_entry(A, q, k), c, y, prec);
                    arb_add(arb_mat_entry(A, q, k), arb_mat_entry(A, q, k), tmp, prec);
                }
                arb_zero(arb_mat_entry(A, p, q)); /* by construction */
                arb_zero(arb_mat_entry(A, q, p));
                mat_mid(A);
                mat_mid(Q);
            }
    }
    mat_mid(Q);
    arb_mat_clear(A);
    arb_clear(theta);
    arb_clear(t);
    arb_clear(c);
    arb_clear(s);
    arb_clear(x);
    arb_clear(y);
    arb_clear(tmp);
    mag_clear(off);
    mag_clear(tot);
    mag_clear(tol);
}

static int cmp_arf(const void *a, const void *b)
{
    return arf_cmp((arf_srcptr) a, (arf_srcptr) b);
}

/* Certified enclosures of the eigenvalues of the symmetric matrix M (a ball
 * matrix: valid for every symmetric matrix in it), sorted ascending. */
int dmv_ref_sym_eigenvalues(arb_ptr lambda, const arb_mat_t M, slong prec, dmv_error *err)
{
    slong d = arb_mat_nrows(M), i, j;
    arb_mat_t Q, QT, G, T;
    arf_struct *g;
    mag_t e, eta, m;
    arb_t theta, lo;
    int rc = DMV_OK;
    if (d != arb_mat_ncols(M) || d < 1)
        return dmv_error_set(err, DMV_EINVAL, "matrix %ld x %ld: must be square and non-empty", (long) d,
                             (long) arb_mat_ncols(M));
    arb_mat_init(Q, d, d);
    arb_mat_init(QT, d, d);
    arb_mat_init(G, d, d);
    arb_mat_init(T, d, d);
    g = flint_malloc((size_t) d * sizeof(arf_struct));
    for (i = 0; i < d; i++)
        arf_init(g + i);
    mag_init(e);
    mag_init(eta);
    mag_init(m);
    arb_init(theta);
    arb_init(lo);

    jacobi_approx(Q, M, prec);
    arb_mat_transpose(QT, Q);
    /* G = Q^T M Q, e = ||G - diag(mid G)||_F */
    arb_mat_mul(T, M, Q, prec);
    arb_mat_mul(G, QT, T, prec);
    mag_zero(e);
    for (i = 0; i < d; i++)
        for (j = 0; j < d; j++) {
            if (i == j) {
                arf_set(g + i, arb_midref(arb_mat_entry(G, i, i)));
                mag_set(m, arb_radref(arb_mat_entry(G, i, i)));
            } else {
                arb_get_mag(m, arb_mat_entry(G, i, j));
            }
            mag_mul(m, m, m);
            mag_add(e, e, m);
        }
    mag_sqrt(e, e);
    /* eta = ||Q^T Q - I||_F */
    arb_mat_mul(T, QT, Q, prec);
    for (i = 0; i < d; i++)
        arb_sub_ui(arb_mat_entry(T, i, i), arb_mat_entry(T, i, i), 1, prec);
    arb_mat_bound_frobenius_norm(eta, T);
    if (mag_cmp_2exp_si(eta, -1) >= 0) {
        rc = dmv_error_set(err, DMV_EPREC, "eigenvalues: the Jacobi basis is not orthogonal enough "
                           "(||Q^T Q - I|| >= 1/2) at %ld bits", (long) prec);
        goto done;
    }
    qsort(g, (size_t) d, sizeof(arf_struct), cmp_arf);
    /* theta = [1 - eta, 1 + eta] */
    arb_one(theta);
    mag_set(arb_radref(theta), eta);
    for (i = 0; i < d; i++) {
        arb_set_arf(lo, g + i);
        arb_add_error_mag(lo, e);
        arb_div(lambda + i, lo, theta, prec);
    }
done:
    for (i = 0; i < d; i++)
        arf_clear(g + i);
    flint_free(g);
    arb_mat_clear(Q);
    arb_mat_clear(QT);
    arb_mat_clear(G);
    arb_mat_clear(T);
    mag_clear(e);
    mag_clear(eta);
    mag_clear(m);
    arb_clear(theta);
    arb_clear(lo);
    return rc;
}

/* x <- x intersected with [0, +inf) (for quantities known to be >= 0). */
/* x <- a ball containing [0, hi(x)] (for a quantity known to be >= 0 whose
 * enclosure reaches below 0). The ball may still reach a hair below 0
 * (mag rounding of the radius): take square roots with sqrt_nonneg. */
static void clamp_nonneg(arb_t x, slong prec)
{
    arf_t lo, hi;
    if (arb_is_nonnegative(x) || !arb_is_finite(x))
        return;
    arf_init(lo);
    arf_init(hi);
    arb_get_ubound_arf(hi, x, prec);
    if (arf_sgn(hi) < 0)
        arf_zero(hi);
    arb_set_interval_arf(x, lo, hi, prec);
    arf_clear(lo);
    arf_clear(hi);
}

/* y = sqrt(x) for a quantity x known to be >= 0: the part of the enclosure
 * below 0 is dropped (arb_sqrt would return an indeterminate ball). */
static void sqrt_nonneg(arb_t y, const arb_t x, slong prec)
{
    arf_t lo, hi;
    if (arb_is_nonnegative(x) || !arb_is_finite(x)) {
        arb_sqrt(y, x, prec);
        return;
    }
    arf_init(lo);
    arf_init(hi);
    arb_get_ubound_arf(hi, x, prec);
    if (arf_sgn(hi) <= 0) {
        arb_zero(y);
    } else {
        arb_set_arf(y, hi);
        arb_sqrt(y, y, prec);
        arb_get_ubound_arf(hi, y, prec);
        arb_set_interval_arf(y, lo, hi, prec);
    }
    arf_clear(lo);
    arf_clear(hi);
}

void dmv_ref_sqrt_nonneg(arb_t y, const arb_t x, slong prec)
{
    sqrt_nonneg(y, x, prec);
}

static int check_symmetric(const arb_mat_t S, const char *name, dmv_error *err)
{
    slong d = arb_mat_nrows(S), i, j;
    if (arb_mat_ncols(S) != d)
        return dmv_error_set(err, DMV_EINVAL, "%s: %ld x %ld is not square", name, (long) d,
                             (long) arb_mat_ncols(S));
    for (i = 0; i < d; i++) {
        if (!arb_is_finite(arb_mat_entry(S, i, i)))
            return dmv_error_set(err, DMV_EINVAL, "%s[%ld][%ld]: not finite", name, (long) i, (long) i);
        for (j = 0; j < i; j++)
            if (!arb_overlaps(arb_mat_entry(S, i, j), arb_mat_entry(S, j, i)) ||
                !arb_is_finite(arb_mat_entry(S, i, j)))
                return dmv_error_set(err, DMV_EINVAL, "%s[%ld][%ld] != %s[%ld][%ld]: not symmetric", name, (long) i,
                                     (long) j, name, (long) j, (long) i);
    }
    return DMV_OK;
}

/* sum_i sqrt(lambda_i(A^T S A)) for L = cho(P): the trace term. */
static int trace_term(arb_t out, const arb_mat_t L, const arb_mat_t S, slong prec, dmv_error *err)
{
    slong d = arb_mat_nrows(S), i;
    arb_mat_t LT, T, M;
    arb_ptr lam;
    int rc;
    arb_mat_init(LT, d, d);
    arb_mat_init(T, d, d);
    arb_mat_init(M, d, d);
    lam = _arb_vec_init(d);
    arb_mat_transpose(LT, L);
    arb_mat_mul(T, S, L, prec);
    arb_mat_mul(M, LT, T, prec);
    /* symmetrise the enclosure: M_ij and M_ji enclose the same number */
    for (i = 0; i < d; i++) {
        slong j;
        for (j = 0; j < i; j++) {
            arb_union(arb_mat_entry(M, i, j), arb_mat_entry(M, i, j), arb_mat_entry(M, j, i), prec);
            arb_set(arb_mat_entry(M, j, i), arb_mat_entry(M, i, j));
        }
    }
    rc = dmv_ref_sym_eigenvalues(lam, M, prec, err);
    arb_zero(out);
    if (rc == DMV_OK) {
        for (i = 0; i < d; i++) {
            if (arb_is_negative(lam + i)) {
                char *str = arb_get_str(lam + i, 10, 0);
                rc = dmv_error_set(err, DMV_EINVAL, "covariance: a certified negative eigenvalue (%s): the matrix "
                                   "is not positive semidefinite", str);
                flint_free(str);
                break;
            }
            sqrt_nonneg(lam + i, lam + i, prec);
            arb_add(out, out, lam + i, prec);
        }
    }
    _arb_vec_clear(lam, d);
    arb_mat_clear(LT);
    arb_mat_clear(T);
    arb_mat_clear(M);
    return rc;
}

int dmv_ref_bures_w2sq(arb_t out, const arb_mat_t S1, arb_srcptr m1, const arb_mat_t S2, arb_srcptr m2,
                       slong prec, dmv_error *err)
{
    slong d = arb_mat_nrows(S1), i;
    arb_mat_t L, A1, A2;
    arb_t tr1, tr2, term, t, widen;
    int rc;
    if ((rc = check_symmetric(S1, "S1", err)) != DMV_OK || (rc = check_symmetric(S2, "S2", err)) != DMV_OK)
        return rc;
    if (arb_mat_nrows(S2) != d)
        return dmv_error_set(err, DMV_EINVAL, "S1 is %ld x %ld but S2 is %ld x %ld", (long) d, (long) d,
                             (long) arb_mat_nrows(S2), (long) arb_mat_nrows(S2));
    arb_mat_init(L, d, d);
    arb_mat_init(A1, d, d);
    arb_mat_init(A2, d, d);
    arb_init(tr1);
    arb_init(tr2);
    arb_init(term);
    arb_init(t);
    arb_init(widen);
    arb_mat_trace(tr1, S1, prec);
    arb_mat_trace(tr2, S2, prec);
    if (arb_is_negative(tr1) || arb_is_negative(tr2)) {
        rc = dmv_error_set(err, DMV_EINVAL, "%s has a negative trace: not positive semidefinite",
                           arb_is_negative(tr1) ? "S1" : "S2");
        goto done;
    }
    arb_zero(widen);
    if (arb_mat_cho(L, S1, 2 * prec)) {
        rc = trace_term(term, L, S2, 2 * prec, err);
    } else if (arb_mat_cho(L, S2, 2 * prec)) {
        rc = trace_term(term, L, S1, 2 * prec, err);
    } else {
        /* both singular (or not certified PD): shift by delta I, widen by 2 sqrt(d delta) in W2.
         * delta = scale 2^-e with scale = (tr S1 + tr S2)/d: start from e = 2 prec - 16 (the
         * factor is computed at 2 prec bits) and lower e by 16 until the shifted S1 is certified
         * positive definite, down to e = prec/2. */
        arb_t delta, scale;
        slong e;
        int ok = 0;
        arb_init(delta);
        arb_init(scale);
        arb_add(scale, tr1, tr2, prec);
        arb_get_ubound_arf(arb_midref(t), scale, prec);
        arb_set_arf(scale, arb_midref(t));
        arb_div_si(scale, scale, d, prec);
        if (arb_is_zero(scale))
            arb_one(scale);
        for (e = 2 * prec - 16; !ok && e >= prec / 2; e -= 16) {
            arb_mul_2exp_si(delta, scale, -e);
            arb_get_ubound_arf(arb_midref(t), delta, prec); /* delta: an exact number */
            arb_set_arf(delta, arb_midref(t));
            arb_mat_set(A1, S1);
            arb_mat_set(A2, S2);
            for (i = 0; i < d; i++) {
                arb_add(arb_mat_entry(A1, i, i), arb_mat_entry(A1, i, i), delta, prec);
                arb_add(arb_mat_entry(A2, i, i), arb_mat_entry(A2, i, i), delta, prec);
            }
            ok = arb_mat_cho(L, A1, 2 * prec);
        }
        arb_clear(scale);
        if (!ok) {
            rc = dmv_error_set(err, DMV_EPREC, "S1 + delta I (delta = %.3g) is not certified positive definite "
                               "at %ld bits: is S1 positive semidefinite?", arf_get_d(arb_midref(delta), ARF_RND_UP),
                               (long) prec);
            arb_clear(delta);
            goto done;
        }
        rc = trace_term(term, L, A2, 2 * prec, err);
        /* W2 of the shifted pair: tr A1 + tr A2 = tr S1 + tr S2 + 2 d delta */
        arb_mul_si(widen, delta, d, prec);
        arb_sqrt(widen, widen, prec);
        arb_get_ubound_arf(arb_midref(t), widen, prec);
        arb_set_arf(widen, arb_midref(t));
        arb_mul_2exp_si(widen, widen, 1); /* 2 sqrt(d delta), an upper bound */
        arb_mul_si(t, delta, 2 * d, prec);
        arb_add(tr1, tr1, t, prec);
        arb_clear(delta);
    }
    if (rc != DMV_OK)
        goto done;
    /* W2^2 = |m1 - m2|^2 + tr1 + tr2 - 2 term */
    arb_mul_2exp_si(term, term, 1);
    arb_add(out, tr1, tr2, prec);
    arb_sub(out, out, term, prec);
    if (m1 != NULL || m2 != NULL)
        for (i = 0; i < d; i++) {
            if (m1 != NULL && m2 != NULL)
                arb_sub(t, m1 + i, m2 + i, prec);
            else
                arb_set(t, m1 != NULL ? m1 + i : m2 + i);
            arb_mul(t, t, t, prec);
            arb_add(out, out, t, prec);
        }
    clamp_nonneg(out, prec);
    if (!arb_is_zero(widen)) { /* |W2 - W2'| <= widen: W2^2 in [max(0, w - widen)^2, (w + widen)^2] */
        arb_t w;
        arb_init(w);
        sqrt_nonneg(w, out, prec);
        arb_add_error(w, widen);
        clamp_nonneg(w, prec);
        arb_mul(out, w, w, prec);
        arb_clear(w);
    }
    if (!arb_is_finite(out))
        rc = dmv_error_set(err, DMV_EPREC, "Bures W2^2: no finite enclosure at %ld bits", (long) prec);
done:
    arb_mat_clear(L);
    arb_mat_clear(A1);
    arb_mat_clear(A2);
    arb_clear(tr1);
    arb_clear(tr2);
    arb_clear(term);
    arb_clear(t);
    arb_clear(widen);
    return rc;
}

int dmv_ref_bures_w2sq_d(arb_t out, long d, const double *m1, const double *S1, const double *m2,
                         const double *S2, slong prec, dmv_error *err)
{
    arb_mat_t A, B;
    arb_ptr u = NULL, v = NULL;
    long i, j;
    int rc;
    if (d < 1 || S1 == NULL || S2 == NULL)
        return dmv_error_set(err, DMV_EINVAL, "Bures: d = %ld and the covariances must be given", d);
    arb_mat_init(A, d, d);
    arb_mat_init(B, d, d);
    for (i = 0; i < d; i++)
        for (j = 0; j < d; j++) {
            arb_set_d(arb_mat_entry(A, i, j), S1[i * d + j]);
            arb_set_d(arb_mat_entry(B, i, j), S2[i * d + j]);
        }
    if (m1 != NULL) {
        u = _arb_vec_init(d);
        for (i = 0; i < d; i++)
            arb_set_d(u + i, m1[i]);
    }
    if (m2 != NULL) {
        v = _arb_vec_init(d);
        for (i = 0; i < d; i++)
            arb_set_d(v + i, m2[i]);
    }
    rc = dmv_ref_bures_w2sq(out, A, u, B, v, prec, err);
    if (u != NULL)
        _arb_vec_clear(u, d);
    if (v != NULL)
        _arb_vec_clear(v, d);
    arb_mat_clear(A);
    arb_mat_clear(B);
    return rc;
}
