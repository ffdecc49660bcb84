/* The exact laws of the k-diffusion / EDM samplers on Gaussian data (docs/conventions.md), per
 * eigen-direction, in Arb. Process ve (alpha = 1, sigma = s); the (perturbed) score at sigma is
 * S(y) = -P (y - mm), P = (1 + kappa)/(lambda + dl + sigma^2), so k-diffusion's derivative is
 *     d(y, sigma) = (y - D(y, sigma))/sigma = -sigma S = dc (y - mm),  dc = sigma P
 * (positive terms only, nothing cancels) and D = Dy y + Dc, Dy = (lambda + dl - kappa sigma^2)/Lp,
 * Dc = sigma^2 mm P. Every step is affine in the last (at most four) states:
 *     y_{k+1} = sum_{j<4} a_{kj} y_{k-j} + c_k + b_k z_{k+1}
 * with the coefficients below (kd_step); the law and the pathwise map follow by back-propagating
 * through the companion matrix (affine1, map1) or by carrying the affine forms forward (path1).
 * Grid points are the schedule's (exact for karras-zero and file grids up to the ball radius). */
#include <arb_poly.h>
#include <math.h>
#include <stdlib.h>

#include "ref_internal.h"

typedef struct {
    arb_t lam1, kappa, kp1, mm;
} kd_eig;

/* dc = sigma (1 + kappa)/(lam1 + sigma^2); if Dy, Dc: D = Dy y + Dc */
static void kd_node(arb_t dc, arb_t Dy, arb_t Dc, const kd_eig *e, const arb_t sigma, slong prec)
{
    arb_t s2, inv;
    arb_init(s2);
    arb_init(inv);
    arb_sqr(s2, sigma, prec);
    arb_add(inv, e->lam1, s2, prec);
    arb_inv(inv, inv, prec);
    arb_mul(dc, sigma, e->kp1, prec);
    arb_mul(dc, dc, inv, prec);
    if (Dy != NULL) {
        arb_mul(Dy, e->kappa, s2, prec);
        arb_sub(Dy, e->lam1, Dy, prec);
        arb_mul(Dy, Dy, inv, prec);
        arb_mul(Dc, s2, e->mm, prec);
        arb_mul(Dc, Dc, e->kp1, prec);
        arb_mul(Dc, Dc, inv, prec);
    }
    arb_clear(s2);
    arb_clear(inv);
}

/* The k-lms weight of d_{k-j}: the integral from s_k to s_{k+1} of the Lagrange basis polynomial
 * j on the nodes s_k, ..., s_{k-order+1}, by exact polynomial integration (arb_poly). */
int dmv_ref_kdiff_lms_coef(arb_t out, arb_srcptr s, slong k, int order, int j, slong prec)
{
    arb_ptr roots;
    arb_poly_t p, q;
    arb_t den, t, u;
    int m, nr = 0;
    if (order < 1 || order > 4 || j < 0 || j >= order || k + 1 < order)
        return DMV_EINVAL;
    roots = _arb_vec_init(4);
    arb_poly_init(p);
    arb_poly_init(q);
    arb_init(den);
    arb_init(t);
    arb_init(u);
    arb_one(den);
    for (m = 0; m < order; m++)
        if (m != j) {
            arb_set(roots + nr++, s + k - m);
            arb_sub(t, s + k - j, s + k - m, prec);
            arb_mul(den, den, t, prec);
        }
    arb_poly_product_roots(p, roots, nr, prec);
    arb_poly_integral(q, p, prec);
    arb_poly_evaluate(t, q, s + k + 1, prec);
    arb_poly_evaluate(u, q, s + k, prec);
    arb_sub(t, t, u, prec);
    arb_div(out, t, den, prec);
    _arb_vec_clear(roots, 4);
    arb_poly_clear(p);
    arb_poly_clear(q);
    arb_clear(den);
    arb_clear(t);
    arb_clear(u);
    return DMV_OK;
}

int dmv_ref_kdiff_gamma(arb_t gamma, const dmv_scheme *sc, const arb_t sigma, slong N, slong prec,
                        dmv_error *err)
{
    arb_t t, cap;
    int st = DMV_OK, in_range;
    arb_zero(gamma);
    if (!(sc->s_churn > 0) || N < 1 ||
        (sc->kind != DMV_SCHEME_K_EULER && sc->kind != DMV_SCHEME_K_HEUN && sc->kind != DMV_SCHEME_K_DPM_2 &&
         sc->kind != DMV_SCHEME_EDM_HEUN_CHURN))
        return DMV_OK;
    arb_init(t);
    arb_init(cap);
    /* S_tmin <= sigma <= S_tmax (S_tmax = 0: no upper limit) */
    arb_set_d(t, sc->s_tmin);
    if (arb_le(t, sigma))
        in_range = 1;
    else if (arb_gt(t, sigma))
        in_range = 0;
    else
        in_range = -1;
    if (in_range == 1 && sc->s_tmax > 0 && isfinite(sc->s_tmax)) {
        arb_set_d(t, sc->s_tmax);
        if (arb_lt(t, sigma))
            in_range = 0;
        else if (!arb_ge(t, sigma))
            in_range = -1;
    }
    if (in_range < 0) {
        st = dmv_error_set(err, DMV_EPREC, "churn: sigma = %.17g not certified on one side of S_tmin/S_tmax",
                           arf_get_d(arb_midref(sigma), ARF_RND_NEAR));
    } else if (in_range == 1) {
        arb_set_d(t, sc->s_churn);
        arb_div_si(t, t, N, prec);
        arb_sqrt_ui(cap, 2, prec);
        arb_sub_ui(cap, cap, 1, prec);
        if (arb_lt(t, cap))
            arb_set(gamma, t);
        else if (arb_gt(t, cap))
            arb_set(gamma, cap);
        else
            st = dmv_error_set(err, DMV_EPREC, "churn: S_churn/N = %g not certified against 2^0.5 - 1",
                               sc->s_churn / (double) N);
    }
    arb_clear(t);
    arb_clear(cap);
    return st;
}

/* Coefficients of step k: a[0..4), c, b. */
static int kd_step(arb_ptr a, arb_t c, arb_t b, const dmv_ref_schedule *sch, const kd_eig *e, slong k,
                   slong prec, dmv_error *err)
{
    const dmv_scheme *sc = &sch->scheme;
    arb_srcptr s = sch->s;
    const arb_srcptr sg = s + k, sn = s + k + 1;
    slong N = sch->steps;
    arb_t am1, dt, dc1, dc2, sh, sm, g, t, u, Dy, Dc, Dy2, Dc2;
    int st = DMV_OK, j;
    arb_init(am1);
    arb_init(dt);
    arb_init(dc1);
    arb_init(dc2);
    arb_init(sh);
    arb_init(sm);
    arb_init(g);
    arb_init(t);
    arb_init(u);
    arb_init(Dy);
    arb_init(Dc);
    arb_init(Dy2);
    arb_init(Dc2);
    for (j = 0; j < 4; j++)
        arb_zero(a + j);
    arb_zero(c);
    arb_zero(b);
    switch (sc->kind) {
    case DMV_SCHEME_K_EULER:
    case DMV_SCHEME_K_HEUN:
    case DMV_SCHEME_EDM_HEUN_CHURN:
    case DMV_SCHEME_K_DPM_2:
        /* y_hat = y + bc z, bc = S_noise sigma sqrt(gamma (gamma + 2)); y' = a y_hat + (1 - a) mm */
        if ((st = dmv_ref_kdiff_gamma(g, sc, sg, N, prec, err)) != DMV_OK)
            break;
        arb_add_ui(sh, g, 1, prec);
        arb_mul(sh, sh, sg, prec);
        arb_sub(dt, sn, sh, prec);
        kd_node(dc1, NULL, NULL, e, sh, prec);
        arb_mul(am1, dt, dc1, prec); /* Euler: a - 1 = dt dc(sh) */
        if (sc->kind != DMV_SCHEME_K_EULER && !arb_is_zero(sn)) {
            if (sc->kind == DMV_SCHEME_K_DPM_2) { /* a - 1 = dt dc(sm) (1 + (sm - sh) dc(sh)), sm = sqrt(sh sn) */
                arb_mul(sm, sh, sn, prec);
                arb_sqrtpos(sm, sm, prec);
                kd_node(dc2, NULL, NULL, e, sm, prec);
                arb_sub(t, sm, sh, prec);
                arb_mul(t, t, dc1, prec);
                arb_add_ui(t, t, 1, prec);
                arb_mul(t, t, dc2, prec);
                arb_mul(am1, t, dt, prec);
            } else { /* Heun: a - 1 = (dt/2)(dc(sh) + dc(sn) (1 + dt dc(sh))) */
                kd_node(dc2, NULL, NULL, e, sn, prec);
                arb_add_ui(t, am1, 1, prec);
                arb_mul(t, t, dc2, prec);
                arb_add(t, t, dc1, prec);
                arb_mul(t, t, dt, prec);
                arb_mul_2exp_si(am1, t, -1);
            }
        }
        arb_add_ui(a + 0, am1, 1, prec);
        arb_mul(c, am1, e->mm, prec);
        arb_neg(c, c);
        if (!arb_is_zero(g)) {
            arb_add_ui(t, g, 2, prec);
            arb_mul(t, t, g, prec);
            arb_sqrtpos(t, t, prec);
            arb_mul(t, t, sg, prec);
            arb_set_d(u, dmv_scheme_s_noise(sc));
            arb_mul(t, t, u, prec);
            arb_mul(b, t, a + 0, prec);
        }
        break;
    case DMV_SCHEME_K_EULER_ANCESTRAL:
        /* su = min(sn, eta sn sqrt(sg^2 - sn^2)/sg), sd = sqrt(sn^2 - su^2); a - 1 = (sd - sg) dc(sg) */
        arb_zero(u); /* su */
        if (sc->eta > 0 && !arb_is_zero(sn)) {
            arb_sub(t, sg, sn, prec);
            arb_add(u, sg, sn, prec);
            arb_mul(t, t, u, prec);
            arb_sqrtpos(t, t, prec);
            arb_div(t, t, sg, prec);
            arb_mul(t, t, sn, prec);
            arb_set_d(u, sc->eta);
            arb_mul(u, u, t, prec);
            if (arb_gt(u, sn))
                arb_set(u, sn);
            else if (!arb_le(u, sn)) {
                st = dmv_error_set(err, DMV_EPREC, "k-euler-ancestral step %ld: sigma_up not certified against "
                                   "sigma_next", (long) k);
                break;
            }
        }
        arb_sub(t, sn, u, prec);
        arb_add(sm, sn, u, prec);
        arb_mul(t, t, sm, prec);
        arb_sqrtpos(t, t, prec); /* sd */
        arb_sub(dt, t, sg, prec);
        kd_node(dc1, NULL, NULL, e, sg, prec);
        arb_mul(am1, dt, dc1, prec);
        arb_add_ui(a + 0, am1, 1, prec);
        arb_mul(c, am1, e->mm, prec);
        arb_neg(c, c);
        arb_set_d(t, dmv_scheme_s_noise(sc));
        arb_mul(b, u, t, prec);
        break;
    case DMV_SCHEME_K_DPMPP_2M:
        /* y' = (sn/sg) y - cd Dbar, cd = (sn - sg)/sg; Dbar = D_k (k = 0 or sn = 0) or
         * (1 + q) D_k - q D_{k-1}, q = h/(2 h_last), h = log(sg/sn), h_last = log(s_{k-1}/sg) */
        arb_div(t, sn, sg, prec);              /* cy */
        arb_sub(u, sn, sg, prec);
        arb_div(u, u, sg, prec);               /* cd */
        kd_node(dc1, Dy, Dc, e, sg, prec);
        if (k == 0 || arb_is_zero(sn)) {
            arb_mul(a + 0, u, Dy, prec);
            arb_sub(a + 0, t, a + 0, prec);
            arb_mul(c, u, Dc, prec);
            arb_neg(c, c);
        } else {
            arb_div(g, sg, sn, prec);
            arb_log(g, g, prec);               /* h */
            arb_div(sm, s + k - 1, sg, prec);
            arb_log(sm, sm, prec);             /* h_last */
            arb_div(g, g, sm, prec);
            arb_mul_2exp_si(g, g, -1);         /* q */
            kd_node(dc2, Dy2, Dc2, e, s + k - 1, prec);
            arb_add_ui(sh, g, 1, prec);        /* 1 + q */
            arb_mul(am1, sh, Dy, prec);
            arb_mul(am1, am1, u, prec);
            arb_sub(a + 0, t, am1, prec);
            arb_mul(a + 1, u, g, prec);
            arb_mul(a + 1, a + 1, Dy2, prec);
            arb_mul(c, sh, Dc, prec);
            arb_submul(c, g, Dc2, prec);
            arb_mul(c, c, u, prec);
            arb_neg(c, c);
        }
        break;
    case DMV_SCHEME_K_LMS: {
        /* y' = y + sum_j w_j dc_{k-j} (y_{k-j} - mm) */
        int order = k + 1 < 4 ? (int) (k + 1) : 4;
        arb_zero(am1);
        for (j = 0; j < order; j++) {
            dmv_ref_kdiff_lms_coef(t, s, k, order, j, prec);
            kd_node(dc1, NULL, NULL, e, s + k - j, prec);
            arb_mul(a + j, t, dc1, prec);
            arb_add(am1, am1, a + j, prec);
        }
        arb_add_ui(a + 0, a + 0, 1, prec);
        arb_mul(c, am1, e->mm, prec);
        arb_neg(c, c);
        break;
    }
    default:
        st = dmv_error_set(err, DMV_EINVAL, "scheme %s: not a k-diffusion scheme", dmv_scheme_name(sc->kind));
    }
    arb_clear(am1);
    arb_clear(dt);
    arb_clear(dc1);
    arb_clear(dc2);
    arb_clear(sh);
    arb_clear(sm);
    arb_clear(g);
    arb_clear(t);
    arb_clear(u);
    arb_clear(Dy);
    arb_clear(Dc);
    arb_clear(Dy2);
    arb_clear(Dc2);
    return st;
}

static int kd_eig_set(kd_eig *e, const arb_t lambda, const arb_t mean, const dmv_ref_score_error *se, slong prec,
                      dmv_error *err)
{
    arb_init(e->lam1);
    arb_init(e->kappa);
    arb_init(e->kp1);
    arb_init(e->mm);
    arb_set(e->lam1, lambda);
    if (se != NULL) {
        arb_set_d(e->kappa, se->kappa);
        _dmv_ref_add_d(e->lam1, e->lam1, se->dl, prec);
        arb_set_d(e->mm, se->dm);
    }
    if (mean != NULL)
        arb_add(e->mm, e->mm, mean, prec);
    arb_add_ui(e->kp1, e->kappa, 1, prec);
    if (!arb_is_nonnegative(e->lam1) || !arb_is_finite(e->mm) || !arb_is_finite(e->kappa))
        return dmv_error_set(err, DMV_EINVAL, "lambda + dl = %g: must be finite and >= 0 (mean and kappa finite)",
                             arf_get_d(arb_midref(e->lam1), ARF_RND_NEAR));
    return DMV_OK;
}

static void kd_eig_clear(kd_eig *e)
{
    arb_clear(e->lam1);
    arb_clear(e->kappa);
    arb_clear(e->kp1);
    arb_clear(e->mm);
}

/* every step's coefficients: a (4 N), c (N), b (N) */
static int kd_all(arb_ptr a, arb_ptr c, arb_ptr b, const dmv_ref_schedule *sch, const arb_t lambda,
                  const arb_t mean, const dmv_ref_score_error *se, slong prec, dmv_error *err)
{
    kd_eig e;
    slong k;
    int st = kd_eig_set(&e, lambda, mean, se, prec, err);
    for (k = 0; k < sch->steps && st == DMV_OK; k++)
        st = kd_step(a + 4 * k, c + k, b + k, sch, &e, k, prec, err);
    kd_eig_clear(&e);
    return st;
}

int _dmv_ref_kdiff_affine1(dmv_ref_affine1 *out, const dmv_ref_schedule *sch, const arb_t lambda,
                           const arb_t mean, const dmv_ref_score_error *se, slong prec, dmv_error *err)
{
    slong N = sch->steps, k;
    arb_ptr a = _arb_vec_init(4 * N), c = _arb_vec_init(N), b = _arb_vec_init(N), g = _arb_vec_init(4),
            g2 = _arb_vec_init(4);
    int st = kd_all(a, c, b, sch, lambda, mean, se, prec, err), j;
    if (st == DMV_OK) {
        /* g = d y_N / d (y_{k}, y_{k-1}, y_{k-2}, y_{k-3}) at state k; g_k = g_{k+1} M_k */
        arb_one(g + 0);
        arb_one(out->growth + N);
        arb_zero(out->shift);
        for (k = N - 1; k >= 0; k--) {
            arb_mul(out->noise_coef + k, g + 0, b + k, prec);
            arb_addmul(out->shift, g + 0, c + k, prec);
            for (j = 0; j < 4; j++) {
                arb_mul(g2 + j, g + 0, a + 4 * k + j, prec);
                if (j < 3)
                    arb_add(g2 + j, g2 + j, g + j + 1, prec);
            }
            _arb_vec_swap(g, g2, 4);
            arb_set(out->growth + k, g + 0);
        }
        arb_set(out->x0_coef, out->growth + 0);
        if (!arb_is_finite(out->x0_coef) || !arb_is_finite(out->shift) || !_arb_vec_is_finite(out->noise_coef, N))
            st = dmv_error_set(err, DMV_EPREC, "scheme %s: result not finite at %ld bits",
                               dmv_scheme_name(sch->scheme.kind), (long) prec);
    }
    _arb_vec_clear(a, 4 * N);
    _arb_vec_clear(c, N);
    _arb_vec_clear(b, N);
    _arb_vec_clear(g, 4);
    _arb_vec_clear(g2, 4);
    return st;
}

int _dmv_ref_kdiff_map1(arb_t A, arb_t Bsq, arb_t c, const dmv_ref_schedule *sch, const arb_t lambda,
                        const arb_t mean, const dmv_ref_score_error *se, slong prec, dmv_error *err)
{
    dmv_ref_affine1 af;
    slong k;
    int st;
    dmv_ref_affine1_init(&af, sch->steps);
    st = _dmv_ref_kdiff_affine1(&af, sch, lambda, mean, se, prec, err);
    if (st == DMV_OK) {
        arb_set(A, af.x0_coef);
        arb_set(c, af.shift);
        arb_zero(Bsq);
        for (k = 0; k < sch->steps; k++)
            arb_addmul(Bsq, af.noise_coef + k, af.noise_coef + k, prec);
    }
    dmv_ref_affine1_clear(&af);
    return st;
}

int _dmv_ref_kdiff_path1(arb_ptr A, arb_ptr Bsq, arb_ptr cv, const dmv_ref_schedule *sch, const arb_t lambda,
                         const arb_t mean, const dmv_ref_score_error *se, slong prec, dmv_error *err)
{
    slong N = sch->steps, k, i;
    arb_ptr a = _arb_vec_init(4 * N), c = _arb_vec_init(N), b = _arb_vec_init(N);
    /* the affine forms of the last four states: x0 coefficient, constant, N noise coefficients */
    arb_ptr F[4], nf = _arb_vec_init(N + 2);
    int st = kd_all(a, c, b, sch, lambda, mean, se, prec, err), j;
    for (j = 0; j < 4; j++)
        F[j] = _arb_vec_init(N + 2); /* F[j]: state y_{k-j}; [0] = A, [1] = c, [2 + i] = B_i */
    if (st == DMV_OK) {
        arb_one(F[0] + 0);
        arb_one(A + 0);
        arb_zero(Bsq + 0);
        arb_zero(cv + 0);
        for (k = 0; k < N; k++) {
            _arb_vec_zero(nf, N + 2);
            for (j = 0; j < 4 && j <= k; j++)
                if (!arb_is_zero(a + 4 * k + j))
                    _arb_vec_scalar_addmul(nf, F[j], N + 2, a + 4 * k + j, prec);
            arb_add(nf + 1, nf + 1, c + k, prec);
            arb_add(nf + 2 + k, nf + 2 + k, b + k, prec);
            {
                arb_ptr old = F[3];
                F[3] = F[2];
                F[2] = F[1];
                F[1] = F[0];
                F[0] = old;
                _arb_vec_set(F[0], nf, N + 2);
            }
            arb_set(A + k + 1, F[0] + 0);
            arb_set(cv + k + 1, F[0] + 1);
            arb_zero(Bsq + k + 1);
            for (i = 0; i <= k; i++)
                arb_addmul(Bsq + k + 1, F[0] + 2 + i, F[0] + 2 + i, prec);
        }
        if (!_arb_vec_is_finite(A, N + 1) || !_arb_vec_is_finite(Bsq, N + 1) || !_arb_vec_is_finite(cv, N + 1))
            st = dmv_error_set(err, DMV_EPREC, "scheme %s: path not finite at %ld bits",
                               dmv_scheme_name(sch->scheme.kind), (long) prec);
    }
    for (j = 0; j < 4; j++)
        _arb_vec_clear(F[j], N + 2);
    _arb_vec_clear(nf, N + 2);
    _arb_vec_clear(a, 4 * N);
    _arb_vec_clear(c, N);
    _arb_vec_clear(b, N);
    return st;
}
