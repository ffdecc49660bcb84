/* Exact laws of the zero-shot samplers on the discrete VP chain (include/dmv/ref_zs.h,
 * docs/math/mismatch.md). Per rule, the affine denoiser D(x) = G x + g at (a, s2) = (sqrt(abar_t),
 * 1 - abar_t), with C = abar Sigma + s2 I, X = C^-1 Sigma (a Cholesky solve), K = a X^T:
 *   prior      G' = K,                  g' = mu - a K mu
 *   exact      G  = a (Cy^-1 S_post)^T,  g  = m_post - a G m_post,  Cy = abar S_post + s2 I
 *   ddnm       G  = (I - P) K,           g  = (I - P) g' + H^+ y
 *   bo-ddnm    G  = (I - P) K + (1 - rho) P / a,   g = (I - P) g' + rho H^+ y
 *   pigdm, pigdm-exact, dps:  F = S0 H^T R^-1 (dps: w S0 H^T), S0 = s2 X^T,
 *              G  = (I - F H) K,         g  = g' + F (y - H g')
 * and the step t -> t - 1 (beta = beta_t, r = 1/sqrt(1 - beta)):
 *   A = r ((1 - beta/s2) I + (beta a/s2) G),  b = r beta a g / s2,
 *   q^2 = beta/(1 - beta) (ddpm-chain) or beta (1 - abar_{t-1})/(1 - abar_t) (ddpm-posterior). */
#include <math.h>
#include <stdlib.h>

#include "dmv/ref.h"
#include "dmv/ref_zs.h"

void dmv_ref_zs_law_init(dmv_ref_zs_law *L, slong d)
{
    L->d = d;
    arb_mat_init(L->mean, d, 1);
    arb_mat_init(L->cov, d, d);
    arb_mat_init(L->tmean, d, 1);
    arb_mat_init(L->tcov, d, d);
    arb_init(L->kl);
    arb_init(L->kl_rev);
    arb_init(L->w2);
    arb_init(L->path_kl);
    arb_init(L->W);
}

void dmv_ref_zs_law_clear(dmv_ref_zs_law *L)
{
    arb_mat_clear(L->mean);
    arb_mat_clear(L->cov);
    arb_mat_clear(L->tmean);
    arb_mat_clear(L->tcov);
    arb_clear(L->kl);
    arb_clear(L->kl_rev);
    arb_clear(L->w2);
    arb_clear(L->path_kl);
    arb_clear(L->W);
}

static void symm(arb_mat_t A, slong prec)
{
    slong i, j, n = arb_mat_nrows(A);
    for (i = 0; i < n; i++)
        for (j = 0; j < i; j++) {
            arb_add(arb_mat_entry(A, i, j), arb_mat_entry(A, i, j), arb_mat_entry(A, j, i), prec);
            arb_mul_2exp_si(arb_mat_entry(A, i, j), arb_mat_entry(A, i, j), -1);
            arb_set(arb_mat_entry(A, j, i), arb_mat_entry(A, i, j));
        }
}

/* X = A^-1 B for SPD A */
static int spd(arb_mat_t X, const arb_mat_t A, const arb_mat_t B, slong prec, const char *what, long t,
               dmv_error *err)
{
    if (!arb_mat_spd_solve(X, A, B, prec))
        return dmv_error_set(err, DMV_EPREC, "zero-shot law: %s at t = %ld not certified positive definite at %ld "
                             "bits", what, t, (long) prec);
    return DMV_OK;
}

/* out = c A + e I */
static void scal_id(arb_mat_t out, const arb_mat_t A, const arb_t c, const arb_t e, slong prec)
{
    slong i;
    arb_mat_scalar_mul_arb(out, A, c, prec);
    for (i = 0; i < arb_mat_nrows(A); i++)
        arb_add(arb_mat_entry(out, i, i), arb_mat_entry(out, i, i), e, prec);
}

/* |v|^2 of a column */
static void norm2(arb_t out, const arb_mat_t v, slong prec)
{
    slong i;
    arb_zero(out);
    for (i = 0; i < arb_mat_nrows(v); i++)
        arb_addmul(out, arb_mat_entry(v, i, 0), arb_mat_entry(v, i, 0), prec);
}

/* tr(E C E^T) */
static void trace_ece(arb_t out, const arb_mat_t E, const arb_mat_t C, arb_mat_t tmp, arb_mat_t tmp2, slong prec)
{
    arb_mat_mul(tmp, E, C, prec);
    arb_mat_transpose(tmp2, E);
    arb_mat_mul(tmp, tmp, tmp2, prec);
    arb_mat_trace(out, tmp, prec);
}

int dmv_ref_zs_law_compute(dmv_ref_zs_law *L, const dmv_model_spec *spec, const dmv_process *p, long t_end,
                           int posterior, double lambda, slong prec, dmv_error *err)
{
    const dmv_model_gaussian *gp;
    slong d, m, i, j;
    long T, t;
    dmv_zs_rule rule;
    arb_ptr abar = NULL;
    arb_mat_t Sig, mu, H, Ht, y, Z, Zt, P, IP, Hpy, Sp, mp, Rm, HS, Wm, tmp, tmp2, tmpd, C, X, K, gpr, Gu, gu, Ge,
        ge, A, b, Ct, Ct1, mt, mt1, Grev, V, E, f, SH, Fm, Rr, vm, vd;
    arb_t a, s2, beta, r, q2, c1, c2, lam, w, rho, term, u, v, sa;
    int rc = DMV_OK, inf_path = 0;

    if (spec == NULL || spec->kind != DMV_MODEL_LINEAR_INVERSE)
        return dmv_error_set(err, DMV_EINVAL, "zero-shot law: the model must be linear_inverse");
    if ((rc = dmv_model_spec_check(spec, "", err)) != DMV_OK || (rc = dmv_process_check(p, err)) != DMV_OK)
        return rc;
    if (p->kind != DMV_PROCESS_VP_DISCRETE)
        return dmv_error_set(err, DMV_EINVAL, "zero-shot law: process %s: needs vp-discrete", dmv_process_name(p->kind));
    T = (long) p->t_max;
    if (t_end < 0 || t_end >= T)
        return dmv_error_set(err, DMV_EINVAL, "zero-shot law: t_end = %ld: must be in [0, T = %ld)", t_end, T);
    d = spec->dim;
    m = spec->u.linear_inverse.m;
    rule = spec->u.linear_inverse.rule;
    gp = &spec->u.linear_inverse.prior->u.gaussian;

    arb_mat_init(Sig, d, d);
    arb_mat_init(mu, d, 1);
    arb_mat_init(H, m, d);
    arb_mat_init(Ht, d, m);
    arb_mat_init(y, m, 1);
    arb_mat_init(Z, m, d);
    arb_mat_init(Zt, d, m);
    arb_mat_init(P, d, d);
    arb_mat_init(IP, d, d);
    arb_mat_init(Hpy, d, 1);
    arb_mat_init(Sp, d, d);
    arb_mat_init(mp, d, 1);
    arb_mat_init(Rm, m, m);
    arb_mat_init(HS, m, d);
    arb_mat_init(Wm, m, d);
    arb_mat_init(tmp, d, d);
    arb_mat_init(tmp2, d, d);
    arb_mat_init(tmpd, d, d);
    arb_mat_init(C, d, d);
    arb_mat_init(X, d, d);
    arb_mat_init(K, d, d);
    arb_mat_init(gpr, d, 1);
    arb_mat_init(Gu, d, d);
    arb_mat_init(gu, d, 1);
    arb_mat_init(Ge, d, d);
    arb_mat_init(ge, d, 1);
    arb_mat_init(A, d, d);
    arb_mat_init(b, d, 1);
    arb_mat_init(Ct, d, d);
    arb_mat_init(Ct1, d, d);
    arb_mat_init(mt, d, 1);
    arb_mat_init(mt1, d, 1);
    arb_mat_init(Grev, d, d);
    arb_mat_init(V, d, d);
    arb_mat_init(E, d, d);
    arb_mat_init(f, d, 1);
    arb_mat_init(SH, d, m);
    arb_mat_init(Fm, d, m);
    arb_mat_init(Rr, m, m);
    arb_mat_init(vm, m, 1);
    arb_mat_init(vd, d, 1);
    arb_init(a);
    arb_init(s2);
    arb_init(beta);
    arb_init(r);
    arb_init(q2);
    arb_init(c1);
    arb_init(c2);
    arb_init(lam);
    arb_init(w);
    arb_init(rho);
    arb_init(term);
    arb_init(u);
    arb_init(v);
    arb_init(sa);

    /* data */
    for (i = 0; i < d; i++) {
        if (gp->full) {
            for (j = 0; j < d; j++)
                arb_set_d(arb_mat_entry(Sig, i, j), gp->cov[i * d + j]);
            arb_set_d(arb_mat_entry(mu, i, 0), gp->mu ? gp->mu[i] : 0.0);
        } else {
            arb_set_d(arb_mat_entry(Sig, i, i), gp->lambda[i]);
            arb_set_d(arb_mat_entry(mu, i, 0), gp->mean ? gp->mean[i] : 0.0);
        }
    }
    for (i = 0; i < m; i++) {
        arb_set_d(arb_mat_entry(y, i, 0), spec->u.linear_inverse.y[i]);
        for (j = 0; j < d; j++)
            arb_set_d(arb_mat_entry(H, i, j), spec->u.linear_inverse.H[i * d + j]);
    }
    arb_mat_transpose(Ht, H);
    arb_set_d(u, spec->u.linear_inverse.sigma_y);
    arb_sqr(u, u, prec); /* sy2 */
    if (rule == DMV_ZS_DPS) {
        if (isnan(spec->u.linear_inverse.rule_param))
            arb_inv(w, u, prec);
        else
            arb_set_d(w, spec->u.linear_inverse.rule_param);
    }
    arb_set_d(lam, lambda);
    /* H^+ = Z^T, Z = (H H^T)^-1 H; P = H^T Z; H^+ y */
    arb_mat_mul(Rm, H, Ht, prec);
    symm(Rm, prec);
    if ((rc = spd(Z, Rm, H, prec, "H H^T", 0, err)) != DMV_OK)
        goto done;
    arb_mat_transpose(Zt, Z);
    arb_mat_mul(P, Ht, Z, prec);
    symm(P, prec);
    arb_mat_one(IP);
    arb_mat_sub(IP, IP, P, prec);
    arb_mat_mul(Hpy, Zt, y, prec);
    /* posterior: Rm = H Sigma H^T + sy2 I, Wm = Rm^-1 H Sigma, S_post = Sigma - (H Sigma)^T Wm */
    arb_mat_mul(HS, H, Sig, prec);
    arb_mat_mul(Rm, HS, Ht, prec);
    for (i = 0; i < m; i++)
        arb_add(arb_mat_entry(Rm, i, i), arb_mat_entry(Rm, i, i), u, prec);
    symm(Rm, prec);
    if ((rc = spd(Wm, Rm, HS, prec, "H Sigma H^T + sigma_y^2 I", 0, err)) != DMV_OK)
        goto done;
    arb_mat_transpose(Zt, HS); /* Zt reused: (H Sigma)^T */
    arb_mat_mul(Sp, Zt, Wm, prec);
    arb_mat_sub(Sp, Sig, Sp, prec);
    symm(Sp, prec);
    arb_mat_mul(vm, H, mu, prec);
    arb_mat_sub(vm, y, vm, prec);
    arb_mat_transpose(Zt, Wm);
    arb_mat_mul(mp, Zt, vm, prec);
    arb_mat_add(mp, mp, mu, prec);
    arb_mat_transpose(Zt, Z); /* back to H^+ (not needed further, kept consistent) */

    /* alpha_bar_t, t = 0..T: the chain's betas taken as exact doubles */
    abar = _arb_vec_init(T + 1);
    arb_one(abar + 0);
    for (t = 1; t <= T; t++) {
        arb_set_d(u, dmv_process_beta(p, t));
        arb_sub_ui(u, u, 1, prec);
        arb_neg(u, u);
        arb_mul(abar + t, abar + t - 1, u, prec);
    }

    /* start: N(0, I); the path bound's first term KL(Q_T || N(0, I)) */
    arb_mat_zero(L->mean);
    arb_mat_one(L->cov);
    arb_zero(L->W);
    arb_one(u);
    arb_sub(s2, u, abar + T, prec);
    scal_id(Ct, Sp, abar + T, s2, prec);
    arb_sqrtpos(a, abar + T, prec);
    arb_mat_scalar_mul_arb(mt, mp, a, prec);
    arb_mat_trace(term, Ct, prec);
    norm2(u, mt, prec);
    arb_add(term, term, u, prec);
    arb_sub_si(term, term, d, prec);
    arb_mat_det(u, Ct, prec);
    arb_log(u, u, prec);
    arb_sub(term, term, u, prec);
    arb_mul_2exp_si(L->path_kl, term, -1);

    for (t = T; t > t_end && rc == DMV_OK; t--) {
        arb_srcptr ab = abar + t, ab1 = abar + t - 1;
        arb_set_d(beta, dmv_process_beta(p, t));
        arb_sqrtpos(a, ab, prec);
        arb_one(u);
        arb_sub(s2, u, ab, prec);
        /* prior: C = abar Sigma + s2 I, X = C^-1 Sigma, K = a X^T, g' = mu - a K mu */
        scal_id(C, Sig, ab, s2, prec);
        if ((rc = spd(X, C, Sig, prec, "abar Sigma + sigma^2 I", t, err)) != DMV_OK)
            break;
        arb_mat_transpose(K, X);
        arb_mat_scalar_mul_arb(K, K, a, prec);
        arb_mat_mul(gpr, K, mu, prec);
        arb_mat_scalar_mul_arb(gpr, gpr, a, prec);
        arb_mat_sub(gpr, mu, gpr, prec);
        /* the target Q_t = N(a m_post, Ct), Ct = abar S_post + s2 I; exact rule: G_e = a (Ct^-1 S_post)^T */
        scal_id(Ct, Sp, ab, s2, prec);
        arb_mat_scalar_mul_arb(mt, mp, a, prec);
        if ((rc = spd(tmp, Ct, Sp, prec, "abar S_post + sigma^2 I", t, err)) != DMV_OK)
            break;
        arb_mat_transpose(Ge, tmp);
        arb_mat_scalar_mul_arb(Ge, Ge, a, prec);
        arb_mat_mul(ge, Ge, mt, prec);
        arb_mat_sub(ge, mp, ge, prec);
        /* the rule */
        switch (rule) {
        case DMV_ZS_EXACT:
            arb_mat_set(Gu, Ge);
            arb_mat_set(gu, ge);
            break;
        case DMV_ZS_DDNM:
        case DMV_ZS_BO_DDNM:
            arb_mat_mul(Gu, IP, K, prec);
            arb_mat_mul(gu, IP, gpr, prec);
            if (rule == DMV_ZS_DDNM)
                arb_one(rho);
            else { /* rho = s2 / (s2 + abar sy2) */
                arb_set_d(u, spec->u.linear_inverse.sigma_y);
                arb_sqr(u, u, prec);
                arb_mul(u, u, ab, prec);
                arb_add(u, u, s2, prec);
                arb_div(rho, s2, u, prec);
                arb_sub_ui(u, rho, 1, prec);
                arb_neg(u, u);
                arb_div(u, u, a, prec);
                arb_mat_scalar_mul_arb(tmp, P, u, prec);
                arb_mat_add(Gu, Gu, tmp, prec);
            }
            arb_mat_scalar_mul_arb(vd, Hpy, rho, prec);
            arb_mat_add(gu, gu, vd, prec);
            break;
        default: { /* pigdm, pigdm-exact, dps */
            arb_mat_transpose(tmp, X);
            arb_mat_scalar_mul_arb(tmp, tmp, s2, prec); /* S0 */
            arb_mat_mul(SH, tmp, Ht, prec);
            if (rule == DMV_ZS_DPS)
                arb_mat_scalar_mul_arb(Fm, SH, w, prec);
            else {
                arb_mat_t FT, SHt;
                arb_mat_init(FT, m, d);
                arb_mat_init(SHt, m, d);
                if (rule == DMV_ZS_PIGDM) {
                    arb_mat_mul(Rr, H, Ht, prec);
                    arb_mat_scalar_mul_arb(Rr, Rr, s2, prec);
                } else
                    arb_mat_mul(Rr, H, SH, prec);
                arb_set_d(u, spec->u.linear_inverse.sigma_y);
                arb_sqr(u, u, prec);
                for (i = 0; i < m; i++)
                    arb_add(arb_mat_entry(Rr, i, i), arb_mat_entry(Rr, i, i), u, prec);
                symm(Rr, prec);
                arb_mat_transpose(SHt, SH);
                rc = spd(FT, Rr, SHt, prec, "the measurement matrix", t, err);
                arb_mat_transpose(Fm, FT);
                arb_mat_clear(FT);
                arb_mat_clear(SHt);
                if (rc != DMV_OK)
                    break;
            }
            arb_mat_mul(tmp, Fm, H, prec);
            arb_mat_one(tmp2);
            arb_mat_sub(tmp2, tmp2, tmp, prec);
            arb_mat_mul(Gu, tmp2, K, prec);
            arb_mat_mul(vm, H, gpr, prec);
            arb_mat_sub(vm, y, vm, prec);
            arb_mat_mul(gu, Fm, vm, prec);
            arb_mat_add(gu, gu, gpr, prec);
            break;
        }
        }
        if (rc != DMV_OK)
            break;
        /* the mismatch scale: G = G_e + lambda (G_u - G_e) */
        if (lambda != 1.0) {
            arb_mat_sub(Gu, Gu, Ge, prec);
            arb_mat_scalar_mul_arb(Gu, Gu, lam, prec);
            arb_mat_add(Gu, Gu, Ge, prec);
            arb_mat_sub(gu, gu, ge, prec);
            arb_mat_scalar_mul_arb(gu, gu, lam, prec);
            arb_mat_add(gu, gu, ge, prec);
        }
        /* W: beta (a/s2)^2 E_{Q_t} |(G - G_e) x + (g - g_e)|^2 */
        arb_mat_sub(E, Gu, Ge, prec);
        arb_mat_sub(f, gu, ge, prec);
        trace_ece(term, E, Ct, tmp, tmp2, prec);
        arb_mat_mul(vd, E, mt, prec);
        arb_mat_add(vd, vd, f, prec);
        norm2(u, vd, prec);
        arb_add(term, term, u, prec);
        arb_div(u, a, s2, prec);
        arb_sqr(u, u, prec);
        arb_mul(term, term, u, prec);
        arb_mul(term, term, beta, prec);
        arb_add(L->W, L->W, term, prec); /* every step that produces the output (t > t_end) */
        /* the step: A = r ((1 - beta/s2) I + (beta a/s2) G), b = r beta a g / s2 */
        arb_one(u);
        arb_sub(u, u, beta, prec);
        arb_rsqrt(r, u, prec);
        arb_div(c1, beta, s2, prec);
        arb_mul(c2, c1, a, prec);
        arb_mul(c2, c2, r, prec);        /* r beta a / s2 */
        arb_sub_ui(c1, c1, 1, prec);
        arb_neg(c1, c1);
        arb_mul(c1, c1, r, prec);        /* r (1 - beta/s2) */
        arb_mat_scalar_mul_arb(A, Gu, c2, prec);
        for (i = 0; i < d; i++)
            arb_add(arb_mat_entry(A, i, i), arb_mat_entry(A, i, i), c1, prec);
        arb_mat_scalar_mul_arb(b, gu, c2, prec);
        if (posterior) { /* beta (1 - abar_{t-1})/(1 - abar_t) */
            arb_one(v);
            arb_sub(v, v, ab1, prec);
            arb_mul(q2, beta, v, prec);
            arb_div(q2, q2, s2, prec);
        } else {
            arb_one(v);
            arb_sub(v, v, beta, prec);
            arb_div(q2, beta, v, prec);
        }
        /* path term: Q(x_{t-1} | x_t) = N(mt1 + Grev (x - mt), V), Grev = sqrt(alpha) Ct1 Ct^-1 */
        arb_one(u);
        arb_sub(u, u, ab1, prec);
        scal_id(Ct1, Sp, ab1, u, prec);
        arb_sqrtpos(sa, ab1, prec);
        arb_mat_scalar_mul_arb(mt1, mp, sa, prec);
        arb_one(sa);
        arb_sub(sa, sa, beta, prec);
        arb_sqrtpos(sa, sa, prec); /* sqrt(alpha_t) */
        arb_mat_scalar_mul_arb(tmp, Ct1, sa, prec);
        if ((rc = spd(tmp2, Ct, tmp, prec, "the target covariance", t, err)) != DMV_OK)
            break;
        arb_mat_transpose(Grev, tmp2);
        arb_mat_mul(V, Grev, Ct1, prec);
        arb_mat_scalar_mul_arb(V, V, sa, prec);
        arb_mat_sub(V, Ct1, V, prec);
        symm(V, prec);
        if (arb_is_zero(q2))
            inf_path = 1;
        else if (!inf_path) {
            arb_mat_sub(E, Grev, A, prec);
            arb_mat_mul(f, Grev, mt, prec);
            arb_mat_sub(f, mt1, f, prec);
            arb_mat_sub(f, f, b, prec);
            trace_ece(term, E, Ct, tmp, tmp2, prec);
            arb_mat_mul(vd, E, mt, prec);
            arb_mat_add(vd, vd, f, prec);
            norm2(u, vd, prec);
            arb_add(term, term, u, prec);
            arb_mat_trace(u, V, prec);
            arb_add(term, term, u, prec);
            arb_div(term, term, q2, prec);
            arb_sub_si(term, term, d, prec);
            arb_log(u, q2, prec);
            arb_addmul_si(term, u, d, prec);
            arb_mat_det(u, V, prec);
            arb_log(u, u, prec);
            arb_sub(term, term, u, prec);
            arb_mul_2exp_si(term, term, -1);
            arb_add(L->path_kl, L->path_kl, term, prec);
        }
        /* the law */
        arb_mat_mul(vd, A, L->mean, prec);
        arb_mat_add(L->mean, vd, b, prec);
        arb_mat_mul(tmp, A, L->cov, prec);
        arb_mat_transpose(tmp2, A);
        arb_mat_mul(L->cov, tmp, tmp2, prec);
        for (i = 0; i < d; i++)
            arb_add(arb_mat_entry(L->cov, i, i), arb_mat_entry(L->cov, i, i), q2, prec);
        symm(L->cov, prec);
    }
    if (rc != DMV_OK)
        goto done;
    if (inf_path)
        arb_pos_inf(L->path_kl);
    /* the target at t_end and the distances */
    arb_one(u);
    arb_sub(u, u, abar + t_end, prec);
    scal_id(L->tcov, Sp, abar + t_end, u, prec);
    arb_sqrtpos(a, abar + t_end, prec);
    arb_mat_scalar_mul_arb(L->tmean, mp, a, prec);
    {
        arb_ptr m1 = _arb_vec_init(d), m2 = _arb_vec_init(d);
        for (i = 0; i < d; i++) {
            arb_set(m1 + i, arb_mat_entry(L->tmean, i, 0));
            arb_set(m2 + i, arb_mat_entry(L->mean, i, 0));
        }
        rc = dmv_ref_kl_general(L->kl, L->tcov, m1, L->cov, m2, prec, err);
        if (rc == DMV_OK)
            rc = dmv_ref_kl_general(L->kl_rev, L->cov, m2, L->tcov, m1, prec, err);
        if (rc == DMV_OK) {
            rc = dmv_ref_bures_w2sq(L->w2, L->tcov, m1, L->cov, m2, prec, err);
            dmv_ref_sqrt_nonneg(L->w2, L->w2, prec);
        }
        _arb_vec_clear(m1, d);
        _arb_vec_clear(m2, d);
    }
done:
    if (abar != NULL)
        _arb_vec_clear(abar, T + 1);
    arb_mat_clear(Sig);
    arb_mat_clear(mu);
    arb_mat_clear(H);
    arb_mat_clear(Ht);
    arb_mat_clear(y);
    arb_mat_clear(Z);
    arb_mat_clear(Zt);
    arb_mat_clear(P);
    arb_mat_clear(IP);
    arb_mat_clear(Hpy);
    arb_mat_clear(Sp);
    arb_mat_clear(mp);
    arb_mat_clear(Rm);
    arb_mat_clear(HS);
    arb_mat_clear(Wm);
    arb_mat_clear(tmp);
    arb_mat_clear(tmp2);
    arb_mat_clear(tmpd);
    arb_mat_clear(C);
    arb_mat_clear(X);
    arb_mat_clear(K);
    arb_mat_clear(gpr);
    arb_mat_clear(Gu);
    arb_mat_clear(gu);
    arb_mat_clear(Ge);
    arb_mat_clear(ge);
    arb_mat_clear(A);
    arb_mat_clear(b);
    arb_mat_clear(Ct);
    arb_mat_clear(Ct1);
    arb_mat_clear(mt);
    arb_mat_clear(mt1);
    arb_mat_clear(Grev);
    arb_mat_clear(V);
    arb_mat_clear(E);
    arb_mat_clear(f);
    arb_mat_clear(SH);
    arb_mat_clear(Fm);
    arb_mat_clear(Rr);
    arb_mat_clear(vm);
    arb_mat_clear(vd);
    arb_clear(a);
    arb_clear(s2);
    arb_clear(beta);
    arb_clear(r);
    arb_clear(q2);
    arb_clear(c1);
    arb_clear(c2);
    arb_clear(lam);
    arb_clear(w);
    arb_clear(rho);
    arb_clear(term);
    arb_clear(u);
    arb_clear(v);
    arb_clear(sa);
    return rc;
}
