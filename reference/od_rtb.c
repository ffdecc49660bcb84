/* Relative trajectory balance against a VP prior chain in noise space, one eigen-direction of the
 * noise posterior at a time, in closed form (docs/math/outsourced.md#rtb).
 *
 * Chain: grid t_n = 1 - n (1 - eps)/N (n = 0..N), step n from t_n to t_{n+1}, h = (1 - eps)/N,
 * beta_n = beta(t_n), alpha_n^2 = exp(-B(t_n)), lam_n = alpha_n^2 lam + 1 - alpha_n^2.
 *   posterior: z' = a z + c + sqrt(q) xi,  a = 1 + beta_n h (1/2 - 1/lam_n), c = beta_n h alpha_n mu / lam_n
 *   prior:     z' = p z + sqrt(q) xi,      p = 1 - beta_n h / 2,                q = beta_n h
 * The direction's share of the residual is delta = sum_n g_n + G(z_N) with
 *   g_n = (u_n^2 + 2 sqrt(q) xi_n u_n) / (2 q),  u_n = (a - p) z_n + c,
 *   G(z) = -log N(z; mu, lam) + log N(z; 0, 1)  (logZ cancels against -log r).
 * Mean and variance over the posterior chain (z_0 ~ N(0, 1)): F_n(z) = E[sum_{j >= n} g_j + G | z_n = z]
 * is quadratic, A_n z^2 + B_n z + C_n (backward recursion), and delta - E delta is the sum of the
 * martingale differences F_{n+1}(z_{n+1}) + g_n - F_n(z_n) and F_0(z_0) - E F_0, which are orthogonal:
 *   Var delta = 2 A_0^2 + B_0^2 + sum_n ( E[L_n(z_n)^2] + 2 A_{n+1}^2 q^2 ),
 *   L_n(z) = u/sqrt(q) + sqrt(q) (2 A_{n+1} (a z + c) + B_{n+1}),
 * with the forward marginals m_{n+1} = a m_n + c, v_{n+1} = a^2 v_n + q. */
#include <stdlib.h>

#include "dmv/ref_od.h"

static int chain_check(const dmv_od_rtb_chain *ch, dmv_error *err)
{
    if (ch == NULL || !(ch->bmin > 0 && ch->bmin < ch->bmax) || !(ch->c > 0 && ch->c < 1) ||
        !(ch->eps > 0 && ch->eps < 1))
        return dmv_error_set(err, DMV_EINVAL, "od: rtb chain needs 0 < bmin < bmax, 0 < c < 1, 0 < eps < 1 "
                             "(bmin = %g, bmax = %g, c = %g, eps = %g)", ch ? ch->bmin : 0.0, ch ? ch->bmax : 0.0,
                             ch ? ch->c : 0.0, ch ? ch->eps : 0.0);
    return DMV_OK;
}

/* theta(t) = (pi/2)(t + c)/(1 + c) and K = pi/(1 + c). */
static void theta_of(arb_t th, const arb_t t, double c, slong prec)
{
    arb_t pi, den;
    arb_init(pi);
    arb_init(den);
    arb_const_pi(pi, prec);
    arb_set_d(den, c);
    arb_add(th, t, den, prec);
    arb_mul(th, th, pi, prec);
    arb_add_si(den, den, 1, prec);
    arb_div(th, th, den, prec);
    arb_mul_2exp_si(th, th, -1);
    arb_clear(pi);
    arb_clear(den);
}

/* the time where K tan theta = level: t = 2 (1 + c) atan(level / K) / pi - c */
static void t_of_level(arb_t t, double level, double c, slong prec)
{
    arb_t K, pi, x;
    arb_init(K);
    arb_init(pi);
    arb_init(x);
    arb_const_pi(pi, prec);
    arb_set_d(x, c);
    arb_add_si(x, x, 1, prec);
    arb_div(K, pi, x, prec); /* K */
    arb_set_d(t, level);
    arb_div(t, t, K, prec);
    arb_atan(t, t, prec);
    arb_mul_2exp_si(t, t, 1);
    arb_div(t, t, K, prec); /* 2 atan / K = 2 (1 + c) atan / pi */
    arb_set_d(x, c);
    arb_sub(t, t, x, prec);
    arb_clear(K);
    arb_clear(pi);
    arb_clear(x);
}

int dmv_ref_od_rtb_beta(arb_t beta, arb_t B, const dmv_od_rtb_chain *ch, const arb_t t, slong prec, dmv_error *err)
{
    arb_t tlo, thi, th, u, v, K;
    int status = chain_check(ch, err), region;
    if (status != DMV_OK)
        return status;
    arb_init(tlo);
    arb_init(thi);
    arb_init(th);
    arb_init(u);
    arb_init(v);
    arb_init(K);
    t_of_level(tlo, ch->bmin, ch->c, prec);
    t_of_level(thi, ch->bmax, ch->c, prec);
    if (!arb_is_positive(tlo)) {
        status = dmv_error_set(err, DMV_EINVAL, "od: rtb chain: the cosine rate at t = 0 already exceeds bmin = %g",
                               ch->bmin);
        goto out;
    }
    if (arb_lt(t, tlo))
        region = 0;
    else if (arb_le(tlo, t) && arb_le(t, thi))
        region = 1;
    else if (arb_gt(t, thi))
        region = 2;
    else {
        status = dmv_error_set(err, DMV_EPREC, "od: rtb chain: t = %.17g is not separated from a clipping point",
                               arf_get_d(arb_midref(t), ARF_RND_NEAR));
        goto out;
    }
    if (beta != NULL) {
        if (region == 0)
            arb_set_d(beta, ch->bmin);
        else if (region == 2)
            arb_set_d(beta, ch->bmax);
        else {
            arb_const_pi(K, prec);
            arb_set_d(u, ch->c);
            arb_add_si(u, u, 1, prec);
            arb_div(K, K, u, prec);
            theta_of(th, t, ch->c, prec);
            arb_tan(beta, th, prec);
            arb_mul(beta, beta, K, prec);
        }
    }
    if (B != NULL) {
        if (region == 0) {
            arb_set_d(B, ch->bmin);
            arb_mul(B, B, t, prec);
        } else {
            /* B(t_lo) + 2 log(cos theta(t_lo) / cos theta(min(t, t_hi))) (+ bmax (t - t_hi)) */
            theta_of(th, tlo, ch->c, prec);
            arb_cos(u, th, prec);
            theta_of(th, region == 1 ? t : thi, ch->c, prec);
            arb_cos(v, th, prec);
            arb_div(u, u, v, prec);
            arb_log(u, u, prec);
            arb_mul_2exp_si(u, u, 1);
            arb_set_d(v, ch->bmin);
            arb_mul(v, v, tlo, prec);
            arb_add(B, u, v, prec);
            if (region == 2) {
                arb_sub(u, t, thi, prec);
                arb_set_d(v, ch->bmax);
                arb_addmul(B, u, v, prec);
            }
        }
    }
out:
    arb_clear(tlo);
    arb_clear(thi);
    arb_clear(th);
    arb_clear(u);
    arb_clear(v);
    arb_clear(K);
    return status;
}

/* alpha(t) and lam_t = alpha^2 lam + 1 - alpha^2 */
static int alpha_lam(arb_t alpha, arb_t lamt, const dmv_od_rtb_chain *ch, const arb_t t, const arb_t lam, slong prec,
                     dmv_error *err)
{
    arb_t B, a2;
    int status;
    arb_init(B);
    arb_init(a2);
    status = dmv_ref_od_rtb_beta(NULL, B, ch, t, prec, err);
    if (status == DMV_OK) {
        arb_neg(B, B);
        arb_exp(a2, B, prec);
        arb_sqrt(alpha, a2, prec);
        arb_sub_si(lamt, lam, 1, prec);
        arb_mul(lamt, lamt, a2, prec);
        arb_add_si(lamt, lamt, 1, prec);
    }
    arb_clear(B);
    arb_clear(a2);
    return status;
}

int dmv_ref_od_rtb_start_term(arb_t mean, arb_t var, const dmv_od_rtb_chain *ch, const arb_t lam, const arb_t mu,
                              slong prec, dmv_error *err)
{
    arb_t one, alpha, lt, A, Bc, C, t;
    int status = chain_check(ch, err);
    if (status != DMV_OK)
        return status;
    if (!arb_is_positive(lam))
        return dmv_error_set(err, DMV_EINVAL, "od: rtb start term needs lam > 0");
    arb_init(one);
    arb_init(alpha);
    arb_init(lt);
    arb_init(A);
    arb_init(Bc);
    arb_init(C);
    arb_init(t);
    arb_one(one);
    status = alpha_lam(alpha, lt, ch, one, lam, prec, err);
    if (status == DMV_OK) {
        /* S(z) = A z^2 + B z + C: A = 1/(2 lt) - 1/2, B = -alpha mu / lt, C = log(lt)/2 + alpha^2 mu^2 / (2 lt) */
        arb_inv(A, lt, prec);
        arb_sub_si(A, A, 1, prec);
        arb_mul_2exp_si(A, A, -1);
        arb_mul(Bc, alpha, mu, prec);
        arb_div(Bc, Bc, lt, prec);
        arb_neg(Bc, Bc);
        arb_mul(C, alpha, mu, prec);
        arb_mul(C, C, C, prec);
        arb_div(C, C, lt, prec);
        arb_log(t, lt, prec);
        arb_add(C, C, t, prec);
        arb_mul_2exp_si(C, C, -1);
        arb_add(mean, A, C, prec);
        arb_mul(var, A, A, prec);
        arb_mul_2exp_si(var, var, 1);
        arb_addmul(var, Bc, Bc, prec);
    }
    arb_clear(one);
    arb_clear(alpha);
    arb_clear(lt);
    arb_clear(A);
    arb_clear(Bc);
    arb_clear(C);
    arb_clear(t);
    return status;
}

int dmv_ref_od_rtb_moments(arb_t mean, arb_t var, const dmv_od_rtb_chain *ch, const arb_t lam, const arb_t mu, long N,
                           slong prec, dmv_error *err)
{
    arb_ptr a, c, q, m, v;
    arb_t t, h, beta, alpha, lt, A, Bc, C, A1, B1, C1, e, r, l1, l0, w, x;
    long n;
    int status = chain_check(ch, err);
    if (status != DMV_OK)
        return status;
    if (N < 1 || !arb_is_positive(lam))
        return dmv_error_set(err, DMV_EINVAL, "od: rtb moments need N >= 1 (N = %ld) and lam > 0", N);
    a = _arb_vec_init(N);
    c = _arb_vec_init(N);
    q = _arb_vec_init(N);
    m = _arb_vec_init(N + 1);
    v = _arb_vec_init(N + 1);
    arb_init(t);
    arb_init(h);
    arb_init(beta);
    arb_init(alpha);
    arb_init(lt);
    arb_init(A);
    arb_init(Bc);
    arb_init(C);
    arb_init(A1);
    arb_init(B1);
    arb_init(C1);
    arb_init(e);
    arb_init(r);
    arb_init(l1);
    arb_init(l0);
    arb_init(w);
    arb_init(x);
    /* h = (1 - eps)/N */
    arb_set_d(h, ch->eps);
    arb_sub_si(h, h, 1, prec);
    arb_neg(h, h);
    arb_div_si(h, h, N, prec);
    arb_zero(m + 0);
    arb_one(v + 0);
    for (n = 0; n < N && status == DMV_OK; n++) {
        arb_mul_si(t, h, n, prec);
        arb_sub_si(t, t, 1, prec);
        arb_neg(t, t); /* t_n = 1 - n h */
        status = dmv_ref_od_rtb_beta(beta, NULL, ch, t, prec, err);
        if (status == DMV_OK)
            status = alpha_lam(alpha, lt, ch, t, lam, prec, err);
        if (status != DMV_OK)
            break;
        arb_mul(q + n, beta, h, prec);
        /* a = 1 + q (1/2 - 1/lt), c = q alpha mu / lt */
        arb_inv(w, lt, prec);
        arb_one(x);
        arb_mul_2exp_si(x, x, -1);
        arb_sub(x, x, w, prec);
        arb_mul(x, x, q + n, prec);
        arb_add_si(a + n, x, 1, prec);
        arb_mul(x, q + n, alpha, prec);
        arb_mul(x, x, mu, prec);
        arb_mul(c + n, x, w, prec);
        arb_mul(m + n + 1, a + n, m + n, prec);
        arb_add(m + n + 1, m + n + 1, c + n, prec);
        arb_mul(x, a + n, a + n, prec);
        arb_mul(v + n + 1, x, v + n, prec);
        arb_add(v + n + 1, v + n + 1, q + n, prec);
    }
    if (status == DMV_OK) {
        /* G(z) = (1/(2 lam) - 1/2) z^2 - (mu/lam) z + log(lam)/2 + mu^2/(2 lam) */
        arb_inv(A1, lam, prec);
        arb_sub_si(A1, A1, 1, prec);
        arb_mul_2exp_si(A1, A1, -1);
        arb_div(B1, mu, lam, prec);
        arb_neg(B1, B1);
        arb_mul(C1, mu, mu, prec);
        arb_div(C1, C1, lam, prec);
        arb_log(x, lam, prec);
        arb_add(C1, C1, x, prec);
        arb_mul_2exp_si(C1, C1, -1);
        arb_zero(var);
        for (n = N - 1; n >= 0; n--) {
            /* e = a - p = q (1 - 1/lt) computed as a - (1 - q/2) */
            arb_mul_2exp_si(x, q + n, -1);
            arb_sub_si(x, x, 1, prec);
            arb_add(e, a + n, x, prec); /* a - 1 + q/2 */
            arb_sqrt(r, q + n, prec);
            /* L(z) = l1 z + l0: l1 = e/r + 2 A1 r a, l0 = c/r + 2 A1 r c + B1 r */
            arb_div(l1, e, r, prec);
            arb_mul(x, A1, r, prec);
            arb_mul_2exp_si(x, x, 1);
            arb_addmul(l1, x, a + n, prec);
            arb_div(l0, c + n, r, prec);
            arb_addmul(l0, x, c + n, prec);
            arb_addmul(l0, B1, r, prec);
            /* E L(z_n)^2 = (l1 m + l0)^2 + l1^2 v, plus 2 A1^2 q^2 */
            arb_mul(w, l1, m + n, prec);
            arb_add(w, w, l0, prec);
            arb_addmul(var, w, w, prec);
            arb_mul(w, l1, l1, prec);
            arb_addmul(var, w, v + n, prec);
            arb_mul(w, A1, q + n, prec);
            arb_mul(w, w, w, prec);
            arb_mul_2exp_si(w, w, 1);
            arb_add(var, var, w, prec);
            /* A = e^2/(2q) + A1 a^2; B = e c / q + 2 A1 a c + B1 a; C = c^2/(2q) + A1 c^2 + B1 c + C1 + A1 q */
            arb_mul(w, e, e, prec);
            arb_div(w, w, q + n, prec);
            arb_mul_2exp_si(w, w, -1);
            arb_mul(x, a + n, a + n, prec);
            arb_mul(A, A1, x, prec);
            arb_add(A, A, w, prec);
            arb_mul(w, e, c + n, prec);
            arb_div(Bc, w, q + n, prec);
            arb_mul(x, a + n, c + n, prec);
            arb_mul(w, A1, x, prec);
            arb_mul_2exp_si(w, w, 1);
            arb_add(Bc, Bc, w, prec);
            arb_addmul(Bc, B1, a + n, prec);
            arb_mul(x, c + n, c + n, prec);
            arb_div(C, x, q + n, prec);
            arb_mul_2exp_si(C, C, -1);
            arb_addmul(C, A1, x, prec);
            arb_addmul(C, B1, c + n, prec);
            arb_add(C, C, C1, prec);
            arb_addmul(C, A1, q + n, prec);
            arb_swap(A, A1);
            arb_swap(Bc, B1);
            arb_swap(C, C1);
        }
        /* z_0 ~ N(0, 1): E F_0 = A_0 + C_0, Var F_0 = 2 A_0^2 + B_0^2 */
        arb_add(mean, A1, C1, prec);
        arb_mul(w, A1, A1, prec);
        arb_mul_2exp_si(w, w, 1);
        arb_add(var, var, w, prec);
        arb_addmul(var, B1, B1, prec);
    }
    _arb_vec_clear(a, N);
    _arb_vec_clear(c, N);
    _arb_vec_clear(q, N);
    _arb_vec_clear(m, N + 1);
    _arb_vec_clear(v, N + 1);
    arb_clear(t);
    arb_clear(h);
    arb_clear(beta);
    arb_clear(alpha);
    arb_clear(lt);
    arb_clear(A);
    arb_clear(Bc);
    arb_clear(C);
    arb_clear(A1);
    arb_clear(B1);
    arb_clear(C1);
    arb_clear(e);
    arb_clear(r);
    arb_clear(l1);
    arb_clear(l0);
    arb_clear(w);
    arb_clear(x);
    return status;
}
