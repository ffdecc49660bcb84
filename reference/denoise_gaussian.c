/* Reference denoisers of Gaussian data (docs/model-spec.md, "Reference denoisers"):
 *   eigen form  N(U m, U diag(lambda) U^T):  D = U [m + c .* (U^T x - a m)],
 *               c_j = a lambda_j / (a^2 lambda_j + s^2) (c_j = 0 when a^2 lambda_j + s^2 = 0),
 *               the formula of fast/model_dense.c with U taken as the exact matrix;
 *   full form   N(mu, Sigma):  D = mu + a Sigma (a^2 Sigma + s^2 I)^{-1} (x - a mu), the system
 *               solved by arb_mat_solve (certified: it fails rather than return a wrong ball);
 *   perturbed   (docs/schemes.md s.3) D'_j = m'_j + c'_j (y_j - a m'_j),
 *               c'_j = (a lambda'_j - kappa_j s^2 / a) / (a^2 lambda'_j + s^2).
 * Also the exact DCT-II basis and the argument check shared by the denoisers. */
#include <string.h>

#include <flint/fmpq.h>

#include "dmv/ref_model.h"

int dmv_ref_denoise_check_args(const arb_t a, const arb_t s, int need_s_pos, const char *who, dmv_error *err)
{
    if (!arb_is_finite(a) || !arb_is_nonnegative(a))
        return dmv_error_set(err, DMV_EDOM, "%s: alpha = %.17g: must be certified >= 0 and finite", who,
                             arf_get_d(arb_midref(a), ARF_RND_NEAR));
    if (!arb_is_finite(s) || !arb_is_nonnegative(s))
        return dmv_error_set(err, DMV_EDOM, "%s: sigma = %.17g: must be certified >= 0 and finite", who,
                             arf_get_d(arb_midref(s), ARF_RND_NEAR));
    if (need_s_pos && !arb_is_positive(s))
        return dmv_error_set(err, DMV_EDOM, "%s: sigma = %.17g: this denoiser needs sigma > 0", who,
                             arf_get_d(arb_midref(s), ARF_RND_NEAR));
    if (!arb_is_exact(a) && !arb_is_positive(a))
        return dmv_error_set(err, DMV_EDOM, "%s: alpha is a ball containing 0 (neither 0 nor > 0)", who);
    return DMV_OK;
}

void dmv_ref_dct_basis(arb_mat_t U, long d, slong prec)
{
    long n, k;
    fmpq_t q;
    arb_t c0, ck, sn;
    fmpq_init(q);
    arb_init(c0);
    arb_init(ck);
    arb_init(sn);
    arb_set_si(c0, 1);
    arb_div_si(c0, c0, d, prec);
    arb_sqrt(c0, c0, prec);
    arb_set_si(ck, 2);
    arb_div_si(ck, ck, d, prec);
    arb_sqrt(ck, ck, prec);
    for (n = 0; n < d; n++)
        for (k = 0; k < d; k++) {
            if (k == 0) {
                arb_set(arb_mat_entry(U, n, k), c0);
                continue;
            }
            fmpq_set_si(q, (2 * n + 1) * k, (ulong) (2 * d));
            arb_sin_cos_pi_fmpq(sn, arb_mat_entry(U, n, k), q, prec);
            arb_mul(arb_mat_entry(U, n, k), arb_mat_entry(U, n, k), ck, prec);
        }
    fmpq_clear(q);
    arb_clear(c0);
    arb_clear(ck);
    arb_clear(sn);
}

/* y = U^T x: U an Arb matrix (the DCT), else Ud the spec's double matrix taken exactly (not
 * copied into balls: d x d arbs would be 450 MB at d = 3072), else the identity. */
static void ut_x(arb_ptr y, const arb_mat_struct *U, const double *Ud, arb_srcptr x, long d, slong prec)
{
    long i, j;
    arf_t u;
    if (U == NULL && Ud == NULL) {
        _arb_vec_set(y, x, d);
        return;
    }
    arf_init(u);
    for (j = 0; j < d; j++) {
        arb_zero(y + j);
        for (i = 0; i < d; i++) {
            if (U != NULL)
                arb_addmul(y + j, arb_mat_entry(U, i, j), x + i, prec);
            else {
                arf_set_d(u, Ud[i * d + j]);
                arb_addmul_arf(y + j, x + i, u, prec);
            }
        }
    }
    arf_clear(u);
}

/* out = U z (same conventions) */
static void u_z(arb_ptr out, const arb_mat_struct *U, const double *Ud, arb_srcptr z, long d, slong prec)
{
    long i, j;
    arf_t u;
    if (U == NULL && Ud == NULL) {
        _arb_vec_set(out, z, d);
        return;
    }
    arf_init(u);
    for (i = 0; i < d; i++) {
        arb_zero(out + i);
        for (j = 0; j < d; j++) {
            if (U != NULL)
                arb_addmul(out + i, arb_mat_entry(U, i, j), z + j, prec);
            else {
                arf_set_d(u, Ud[i * d + j]);
                arb_addmul_arf(out + i, z + j, u, prec);
            }
        }
    }
    arf_clear(u);
}

/* The basis of an eigen-form Gaussian: the Arb DCT (given by the caller) or the spec's matrix. */
static int pick_basis(const arb_mat_struct **U, const double **Ud, const dmv_model_gaussian *g, const char *who,
                      dmv_error *err)
{
    *Ud = NULL;
    if (g->basis_kind == DMV_BASIS_DCT) {
        if (*U == NULL)
            return dmv_error_set(err, DMV_EINVAL, "%s: the DCT basis was not given", who);
        return DMV_OK;
    }
    *U = NULL;
    if (g->basis_kind == DMV_BASIS_MATRIX) {
        if (g->basis == NULL)
            return dmv_error_set(err, DMV_EINVAL, "%s: basis kind matrix without a matrix", who);
        *Ud = g->basis;
    }
    return DMV_OK;
}

static int gaussian_full(arb_ptr out, arb_t logev, const dmv_model_gaussian *g, const arb_t a, const arb_t s,
                         arb_srcptr x, slong prec, dmv_error *err)
{
    long d = g->d, i, j;
    arb_mat_t S, M, R, Y;
    arb_t s2, a2, t;
    int rc = DMV_OK;
    arb_mat_init(S, d, d);
    arb_mat_init(M, d, d);
    arb_mat_init(R, d, 1);
    arb_mat_init(Y, d, 1);
    arb_init(s2);
    arb_init(a2);
    arb_init(t);
    arb_sqr(s2, s, prec);
    arb_sqr(a2, a, prec);
    for (i = 0; i < d; i++) {
        for (j = 0; j < d; j++) {
            arb_set_d(arb_mat_entry(S, i, j), g->cov[i * d + j]);
            arb_mul(arb_mat_entry(M, i, j), arb_mat_entry(S, i, j), a2, prec);
        }
        arb_add(arb_mat_entry(M, i, i), arb_mat_entry(M, i, i), s2, prec);
        arb_set_d(t, g->mu ? g->mu[i] : 0.0);
        arb_mul(t, t, a, prec);
        arb_sub(arb_mat_entry(R, i, 0), x + i, t, prec);
    }
    if (!arb_mat_solve(Y, M, R, prec)) {
        rc = dmv_error_set(err, DMV_EPREC, "gaussian (covariance): a^2 Sigma + s^2 I could not be certified "
                                           "invertible at %ld bits (singular covariance at s = 0?)", (long) prec);
        goto done;
    }
    for (i = 0; i < d; i++) {
        arb_zero(t);
        for (j = 0; j < d; j++)
            arb_addmul(t, arb_mat_entry(S, i, j), arb_mat_entry(Y, j, 0), prec);
        arb_mul(t, t, a, prec);
        if (g->mu) {
            arb_set_d(out + i, g->mu[i]);
            arb_add(out + i, out + i, t, prec);
        } else
            arb_set(out + i, t);
    }
    if (logev != NULL) {
        arb_mat_det(t, M, prec);
        if (!arb_is_positive(t)) {
            rc = dmv_error_set(err, DMV_EPREC, "gaussian (covariance): det(a^2 Sigma + s^2 I) not certified > 0 at "
                                               "%ld bits", (long) prec);
            goto done;
        }
        arb_log(logev, t, prec);
        for (i = 0; i < d; i++)
            arb_addmul(logev, arb_mat_entry(R, i, 0), arb_mat_entry(Y, i, 0), prec);
        arb_mul_2exp_si(logev, logev, -1);
        arb_neg(logev, logev);
    }
done:
    arb_mat_clear(S);
    arb_mat_clear(M);
    arb_mat_clear(R);
    arb_mat_clear(Y);
    arb_clear(s2);
    arb_clear(a2);
    arb_clear(t);
    return rc;
}

int dmv_ref_denoise_gaussian(arb_ptr out, arb_t logev, const dmv_model_gaussian *g, const arb_mat_struct *U,
                             const arb_t a, const arb_t s, arb_srcptr x, slong prec, dmv_error *err)
{
    long d, j;
    arb_ptr y, z;
    arb_t s2, a2, ls, c, r, t;
    const double *Ud;
    int rc;
    if (g == NULL || out == NULL || x == NULL || g->d < 1)
        return dmv_error_set(err, DMV_EINVAL, "gaussian denoiser: NULL argument or d < 1");
    if ((rc = dmv_ref_denoise_check_args(a, s, 0, "gaussian denoiser", err)) != DMV_OK)
        return rc;
    if (g->full)
        return gaussian_full(out, logev, g, a, s, x, prec, err);
    if ((rc = pick_basis(&U, &Ud, g, "gaussian denoiser", err)) != DMV_OK)
        return rc;
    d = g->d;
    y = _arb_vec_init(d);
    z = _arb_vec_init(d);
    arb_init(s2);
    arb_init(a2);
    arb_init(ls);
    arb_init(c);
    arb_init(r);
    arb_init(t);
    arb_sqr(s2, s, prec);
    arb_sqr(a2, a, prec);
    if (logev)
        arb_zero(logev);
    ut_x(y, U, Ud, x, d, prec);
    rc = DMV_OK;
    for (j = 0; j < d; j++) {
        double m = g->mean ? g->mean[j] : 0.0;
        arb_set_d(t, g->lambda[j]);
        arb_mul(ls, a2, t, prec);
        arb_add(ls, ls, s2, prec);
        arb_set_d(r, m);
        arb_mul(r, r, a, prec);
        arb_sub(r, y + j, r, prec); /* r = y - a m */
        if (arb_is_zero(ls))
            arb_zero(c);
        else {
            arb_mul(c, a, t, prec);
            arb_div(c, c, ls, prec);
        }
        arb_mul(z + j, c, r, prec);
        if (m != 0) {
            arb_set_d(t, m);
            arb_add(z + j, z + j, t, prec);
        }
        if (logev) {
            if (!arb_is_positive(ls)) {
                rc = dmv_error_set(err, DMV_EDOM, "gaussian denoiser: log-evidence with a^2 lambda[%ld] + s^2 = 0", j);
                break;
            }
            arb_log(t, ls, prec);
            arb_add(logev, logev, t, prec);
            arb_sqr(t, r, prec);
            arb_div(t, t, ls, prec);
            arb_add(logev, logev, t, prec);
        }
    }
    if (rc == DMV_OK) {
        u_z(out, U, Ud, z, d, prec);
        if (logev) {
            arb_mul_2exp_si(logev, logev, -1);
            arb_neg(logev, logev);
        }
    }
    _arb_vec_clear(y, d);
    _arb_vec_clear(z, d);
    arb_clear(s2);
    arb_clear(a2);
    arb_clear(ls);
    arb_clear(c);
    arb_clear(r);
    arb_clear(t);
    return rc;
}

int dmv_ref_denoise_perturbed(arb_ptr out, const dmv_model_spec *spec, const arb_mat_struct *U, const arb_t a,
                              const arb_t s, arb_srcptr x, slong prec, dmv_error *err)
{
    const dmv_model_gaussian *g;
    long d, j;
    arb_ptr y, z;
    arb_t s2, lam, m1, num, ls, t;
    const double *Ud;
    int rc;
    if (spec == NULL || spec->kind != DMV_MODEL_PERTURBED)
        return dmv_error_set(err, DMV_EINVAL, "perturbed denoiser: not a perturbed spec");
    if ((rc = dmv_ref_denoise_check_args(a, s, 0, "perturbed denoiser", err)) != DMV_OK)
        return rc;
    g = &spec->u.perturbed.base;
    d = g->d;
    if ((rc = pick_basis(&U, &Ud, g, "perturbed denoiser", err)) != DMV_OK)
        return rc;
    y = _arb_vec_init(d);
    z = _arb_vec_init(d);
    arb_init(s2);
    arb_init(lam);
    arb_init(m1);
    arb_init(num);
    arb_init(ls);
    arb_init(t);
    arb_sqr(s2, s, prec);
    ut_x(y, U, Ud, x, d, prec);
    rc = DMV_OK;
    for (j = 0; j < d; j++) {
        double kap = spec->u.perturbed.kappa ? spec->u.perturbed.kappa[j] : 0.0;
        arb_set_d(lam, g->lambda[j]);
        if (spec->u.perturbed.dl) {
            arb_set_d(t, spec->u.perturbed.dl[j]);
            arb_add(lam, lam, t, prec);
        }
        arb_set_d(m1, g->mean ? g->mean[j] : 0.0);
        if (spec->u.perturbed.dm) {
            arb_set_d(t, spec->u.perturbed.dm[j]);
            arb_add(m1, m1, t, prec);
        }
        arb_sqr(ls, a, prec);
        arb_mul(ls, ls, lam, prec);
        arb_add(ls, ls, s2, prec); /* a^2 lambda' + s^2 */
        if (arb_is_zero(a)) {
            if (kap != 0 && !arb_is_zero(s2)) {
                rc = dmv_error_set(err, DMV_EDOM, "perturbed denoiser: kappa[%ld] = %g with alpha = 0", j, kap);
                break;
            }
            arb_zero(num);
        } else {
            arb_mul(num, a, lam, prec);
            arb_set_d(t, kap);
            arb_mul(t, t, s2, prec);
            arb_div(t, t, a, prec);
            arb_sub(num, num, t, prec);
        }
        if (arb_is_zero(ls))
            arb_zero(num);
        else
            arb_div(num, num, ls, prec); /* c' */
        arb_mul(t, a, m1, prec);
        arb_sub(t, y + j, t, prec);
        arb_mul(t, t, num, prec);
        arb_add(z + j, m1, t, prec);
    }
    if (rc == DMV_OK)
        u_z(out, U, Ud, z, d, prec);
    _arb_vec_clear(y, d);
    _arb_vec_clear(z, d);
    arb_clear(s2);
    arb_clear(lam);
    arb_clear(m1);
    arb_clear(num);
    arb_clear(ls);
    arb_clear(t);
    return rc;
}
