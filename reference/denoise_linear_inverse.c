/* The linear_inverse model kind in Arb (docs/model-spec.md, "linear_inverse"; the formulas are
 * those of fast/model_linear_inverse.c, written here independently with arb_mat): a Gaussian
 * prior N(mu, Sigma), y = H x_0 + sigma_y n and a zero-shot rule. Every inverse is a certified
 * Cholesky solve (arb_mat_spd_solve: DMV_EPREC if the enclosure is not positive definite), the
 * spec's doubles taken as exact. S0 = Sigma_{0|t} = sigma^2 Sigma C^-1, C = a^2 Sigma + s^2 I. */
#include <math.h>

#include "dmv/ref_model.h"

static int solve(arb_mat_t X, const arb_mat_t A, const arb_mat_t B, slong prec, const char *what, dmv_error *err)
{
    if (!arb_mat_spd_solve(X, A, B, prec))
        return dmv_error_set(err, DMV_EPREC, "reference linear_inverse: %s is not certified positive definite at "
                             "%ld bits", what, (long) prec);
    return DMV_OK;
}

/* (A + A^T)/2: the exact matrix is symmetric, so the result still contains it */
static void symmetrise(arb_mat_t A, slong prec)
{
    slong i, j, n = arb_mat_nrows(A);
    for (i = 0; i < n; i++)
        for (j = 0; j < i; j++) {
            arb_add(arb_mat_entry(A, i, j), arb_mat_entry(A, i, j), arb_mat_entry(A, j, i), prec);
            arb_mul_2exp_si(arb_mat_entry(A, i, j), arb_mat_entry(A, i, j), -1);
            arb_set(arb_mat_entry(A, j, i), arb_mat_entry(A, i, j));
        }
}

int dmv_ref_denoise_linear_inverse(arb_ptr out, const dmv_model_spec *s, const arb_t a, const arb_t sg,
                                   arb_srcptr x, slong prec, dmv_error *err)
{
    const dmv_model_gaussian *g = &s->u.linear_inverse.prior->u.gaussian;
    const slong d = s->dim, m = s->u.linear_inverse.m;
    const dmv_zs_rule rule = s->u.linear_inverse.rule;
    arb_mat_t Sig, mu, H, Ht, y, X, Y, C, R, xv, D, t1, t2;
    arb_t s2, sy2, tmp, rho;
    slong i, j;
    int rc = DMV_OK;

    if (!arb_is_positive(a))
        return dmv_error_set(err, DMV_EDOM, "reference linear_inverse: alpha must be > 0");
    arb_mat_init(Sig, d, d);
    arb_mat_init(mu, d, 1);
    arb_mat_init(H, m, d);
    arb_mat_init(Ht, d, m);
    arb_mat_init(y, m, 1);
    arb_mat_init(X, d, d);
    arb_mat_init(Y, d, d);
    arb_mat_init(C, d, d);
    arb_mat_init(R, m, m);
    arb_mat_init(xv, d, 1);
    arb_mat_init(D, d, 1);
    arb_mat_init(t1, d, 1);
    arb_mat_init(t2, m, 1);
    arb_init(s2);
    arb_init(sy2);
    arb_init(tmp);
    arb_init(rho);

    for (i = 0; i < d; i++) {
        arb_set(arb_mat_entry(xv, i, 0), x + i);
        if (g->full) {
            for (j = 0; j < d; j++)
                arb_set_d(arb_mat_entry(Sig, i, j), g->cov[i * d + j]);
            arb_set_d(arb_mat_entry(mu, i, 0), g->mu ? g->mu[i] : 0.0);
        } else {
            arb_set_d(arb_mat_entry(Sig, i, i), g->lambda[i]);
            arb_set_d(arb_mat_entry(mu, i, 0), g->mean ? g->mean[i] : 0.0);
        }
    }
    for (i = 0; i < m; i++) {
        arb_set_d(arb_mat_entry(y, i, 0), s->u.linear_inverse.y[i]);
        for (j = 0; j < d; j++)
            arb_set_d(arb_mat_entry(H, i, j), s->u.linear_inverse.H[i * d + j]);
    }
    arb_mat_transpose(Ht, H);
    arb_sqr(s2, sg, prec);
    arb_set_d(sy2, s->u.linear_inverse.sigma_y);
    arb_sqr(sy2, sy2, prec);

    if (rule == DMV_ZS_EXACT) {
        /* S = H Sigma H^T + sy2 I; W = S^-1 H Sigma; S_post = Sigma - (H Sigma)^T W; m_post = mu + W^T (y - H mu) */
        arb_mat_t HS, W, Sp, mp, HSt;
        arb_mat_init(HS, m, d);
        arb_mat_init(W, m, d);
        arb_mat_init(Sp, d, d);
        arb_mat_init(mp, d, 1);
        arb_mat_init(HSt, d, m);
        arb_mat_mul(HS, H, Sig, prec);
        arb_mat_mul(R, HS, Ht, prec);
        for (i = 0; i < m; i++)
            arb_add(arb_mat_entry(R, i, i), arb_mat_entry(R, i, i), sy2, prec);
        symmetrise(R, prec);
        if ((rc = solve(W, R, HS, prec, "H Sigma H^T + sigma_y^2 I", err)) == DMV_OK) {
            arb_mat_transpose(HSt, HS);
            arb_mat_mul(Sp, HSt, W, prec);
            arb_mat_sub(Sp, Sig, Sp, prec);
            symmetrise(Sp, prec);
            arb_mat_mul(t2, H, mu, prec);
            arb_mat_sub(t2, y, t2, prec);
            arb_mat_transpose(HSt, W);
            arb_mat_mul(mp, HSt, t2, prec);
            arb_mat_add(mp, mp, mu, prec);
            /* D = m_post + a S_post (a^2 S_post + s2 I)^-1 (x - a m_post) */
            arb_sqr(tmp, a, prec);
            arb_mat_scalar_mul_arb(C, Sp, tmp, prec);
            for (i = 0; i < d; i++)
                arb_add(arb_mat_entry(C, i, i), arb_mat_entry(C, i, i), s2, prec);
            arb_mat_scalar_mul_arb(t1, mp, a, prec);
            arb_mat_sub(t1, xv, t1, prec);
            if ((rc = solve(D, C, t1, prec, "alpha^2 S_post + sigma^2 I", err)) == DMV_OK) {
                arb_mat_mul(t1, Sp, D, prec);
                arb_mat_scalar_mul_arb(t1, t1, a, prec);
                arb_mat_add(D, mp, t1, prec);
            }
        }
        arb_mat_clear(HS);
        arb_mat_clear(W);
        arb_mat_clear(Sp);
        arb_mat_clear(mp);
        arb_mat_clear(HSt);
        goto finish;
    }

    /* D' = mu + a Sigma C^-1 (x - a mu) */
    arb_sqr(tmp, a, prec);
    arb_mat_scalar_mul_arb(C, Sig, tmp, prec);
    for (i = 0; i < d; i++)
        arb_add(arb_mat_entry(C, i, i), arb_mat_entry(C, i, i), s2, prec);
    arb_mat_scalar_mul_arb(t1, mu, a, prec);
    arb_mat_sub(t1, xv, t1, prec);
    if ((rc = solve(D, C, t1, prec, "alpha^2 Sigma + sigma^2 I", err)) != DMV_OK)
        goto finish;
    arb_mat_mul(t1, Sig, D, prec);
    arb_mat_scalar_mul_arb(t1, t1, a, prec);
    arb_mat_add(D, mu, t1, prec);

    if (rule == DMV_ZS_DDNM || rule == DMV_ZS_BO_DDNM) {
        /* Z = (H H^T)^-1 H; P v = H^T Z v; H^+ y = Z^T y */
        arb_mat_t HH, Z, Zt, Pv, Px, Hpy;
        arb_mat_init(HH, m, m);
        arb_mat_init(Z, m, d);
        arb_mat_init(Zt, d, m);
        arb_mat_init(Pv, d, 1);
        arb_mat_init(Px, d, 1);
        arb_mat_init(Hpy, d, 1);
        arb_mat_mul(HH, H, Ht, prec);
        symmetrise(HH, prec);
        if ((rc = solve(Z, HH, H, prec, "H H^T", err)) == DMV_OK) {
            arb_mat_transpose(Zt, Z);
            arb_mat_mul(Hpy, Zt, y, prec);
            arb_mat_mul(t2, Z, D, prec);
            arb_mat_mul(Pv, Ht, t2, prec);
            arb_mat_mul(t2, Z, xv, prec);
            arb_mat_mul(Px, Ht, t2, prec);
            if (rule == DMV_ZS_DDNM)
                arb_one(rho);
            else { /* rho = s2/(s2 + a^2 sy2) */
                arb_sqr(tmp, a, prec);
                arb_mul(tmp, tmp, sy2, prec);
                arb_add(tmp, tmp, s2, prec);
                arb_div(rho, s2, tmp, prec);
            }
            for (i = 0; i < d; i++) {
                arb_ptr o = arb_mat_entry(D, i, 0);
                arb_sub(o, o, arb_mat_entry(Pv, i, 0), prec);
                arb_addmul(o, rho, arb_mat_entry(Hpy, i, 0), prec);
                if (rule == DMV_ZS_BO_DDNM) {
                    arb_sub_ui(tmp, rho, 1, prec);
                    arb_neg(tmp, tmp);
                    arb_mul(tmp, tmp, arb_mat_entry(Px, i, 0), prec);
                    arb_div(tmp, tmp, a, prec);
                    arb_add(o, o, tmp, prec);
                }
            }
        }
        arb_mat_clear(HH);
        arb_mat_clear(Z);
        arb_mat_clear(Zt);
        arb_mat_clear(Pv);
        arb_mat_clear(Px);
        arb_mat_clear(Hpy);
        goto finish;
    }

    { /* pigdm, pigdm-exact, dps: D' + S0 H^T q, S0 H^T = s2 Sigma C^-1 H^T, q = R^-1 (y - H D') or w (y - H D') */
        arb_mat_t SH, CH, q;
        arb_mat_init(SH, d, m);
        arb_mat_init(CH, d, m);
        arb_mat_init(q, m, 1);
        /* C was overwritten by nothing: rebuild it (the solve above left it intact) */
        if ((rc = solve(CH, C, Ht, prec, "alpha^2 Sigma + sigma^2 I", err)) == DMV_OK) {
            arb_mat_mul(SH, Sig, CH, prec);
            arb_mat_scalar_mul_arb(SH, SH, s2, prec);
            arb_mat_mul(t2, H, D, prec);
            arb_mat_sub(t2, y, t2, prec); /* r = y - H D' */
            if (rule == DMV_ZS_DPS) {
                if (isnan(s->u.linear_inverse.rule_param))
                    arb_inv(tmp, sy2, prec);
                else
                    arb_set_d(tmp, s->u.linear_inverse.rule_param);
                arb_mat_scalar_mul_arb(q, t2, tmp, prec);
            } else {
                if (rule == DMV_ZS_PIGDM) {
                    arb_mat_mul(R, H, Ht, prec);
                    arb_mat_scalar_mul_arb(R, R, s2, prec);
                } else
                    arb_mat_mul(R, H, SH, prec);
                for (i = 0; i < m; i++)
                    arb_add(arb_mat_entry(R, i, i), arb_mat_entry(R, i, i), sy2, prec);
                symmetrise(R, prec);
                rc = solve(q, R, t2, prec, "the measurement matrix", err);
            }
            if (rc == DMV_OK) {
                arb_mat_mul(t1, SH, q, prec);
                arb_mat_add(D, D, t1, prec);
            }
        }
        arb_mat_clear(SH);
        arb_mat_clear(CH);
        arb_mat_clear(q);
    }

finish:
    if (rc == DMV_OK)
        for (i = 0; i < d; i++)
            arb_set(out + i, arb_mat_entry(D, i, 0));
    arb_mat_clear(Sig);
    arb_mat_clear(mu);
    arb_mat_clear(H);
    arb_mat_clear(Ht);
    arb_mat_clear(y);
    arb_mat_clear(X);
    arb_mat_clear(Y);
    arb_mat_clear(C);
    arb_mat_clear(R);
    arb_mat_clear(xv);
    arb_mat_clear(D);
    arb_mat_clear(t1);
    arb_mat_clear(t2);
    arb_clear(s2);
    arb_clear(sy2);
    arb_clear(tmp);
    arb_clear(rho);
    return rc;
}
