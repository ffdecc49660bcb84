/* Certified closed forms of the linear outsourced-sampling case (docs/math/outsourced.md):
 * the noise posterior, its push-forward, the data-space conditioning, the evidence and the
 * trajectory-balance residual with a point-mass start and the Brownian-bridge backward kernel.
 * Solves by the certified Cholesky factor (arb_mat_cho), never an explicit inverse. */
#include <string.h>

#include "dmv/ref_od.h"

static void mat_from_d(arb_mat_t M, const double *a, slong r, slong c)
{
    slong i, j;
    for (i = 0; i < r; i++)
        for (j = 0; j < c; j++)
            arb_set_d(arb_mat_entry(M, i, j), a[i * c + j]);
}

static int check_case(const dmv_od_linear *c, dmv_error *err)
{
    if (c == NULL || c->A == NULL || c->b == NULL || c->H == NULL || c->y == NULL)
        return dmv_error_set(err, DMV_EINVAL, "od: the linear case or one of its arrays (A, b, H, y) is NULL");
    if (c->k < 1 || c->d < 1 || c->m < 1)
        return dmv_error_set(err, DMV_EINVAL, "od: dimensions k = %ld, d = %ld, m = %ld must be >= 1", c->k, c->d,
                             c->m);
    if (!(c->s2 > 0))
        return dmv_error_set(err, DMV_EINVAL, "od: s2 = %g must be > 0", c->s2);
    return DMV_OK;
}

/* X = S^{-1} B by the Cholesky factor of S; logdet (may be NULL) = log det S. */
static int cho_solve(arb_mat_t X, arb_t logdet, const arb_mat_t S, const arb_mat_t B, const char *what,
                     slong prec, dmv_error *err)
{
    slong n = arb_mat_nrows(S), i;
    arb_mat_t L;
    arb_t t;
    int ok;
    arb_mat_init(L, n, n);
    ok = arb_mat_cho(L, S, prec);
    if (ok && logdet != NULL) {
        arb_init(t);
        arb_zero(logdet);
        for (i = 0; i < n && ok; i++) {
            if (!arb_is_positive(arb_mat_entry(L, i, i)))
                ok = 0;
            else {
                arb_log(t, arb_mat_entry(L, i, i), prec);
                arb_add(logdet, logdet, t, prec);
            }
        }
        arb_mul_2exp_si(logdet, logdet, 1);
        arb_clear(t);
    }
    if (ok && X != NULL)
        arb_mat_solve_cho_precomp(X, L, B, prec);
    arb_mat_clear(L);
    if (!ok)
        return dmv_error_set(err, DMV_EPREC, "od: %s is not certified positive definite at %ld bits", what,
                             (long) prec);
    return DMV_OK;
}

int dmv_ref_od_log_normal(arb_t out, const arb_mat_t x, const arb_mat_t mu, const arb_mat_t S, slong prec,
                          dmv_error *err)
{
    slong n = arb_mat_nrows(S), i;
    arb_mat_t r, w;
    arb_t logdet, q, t;
    int status;
    if (arb_mat_ncols(S) != n || arb_mat_nrows(x) != n || arb_mat_nrows(mu) != n)
        return dmv_error_set(err, DMV_EINVAL, "od: log_normal shapes (x %ld, mu %ld, S %ld x %ld) differ",
                             (long) arb_mat_nrows(x), (long) arb_mat_nrows(mu), (long) n, (long) arb_mat_ncols(S));
    arb_mat_init(r, n, 1);
    arb_mat_init(w, n, 1);
    arb_init(logdet);
    arb_init(q);
    arb_init(t);
    arb_mat_sub(r, x, mu, prec);
    status = cho_solve(w, logdet, S, r, "the covariance of log_normal", prec, err);
    if (status == DMV_OK) {
        arb_zero(q);
        for (i = 0; i < n; i++)
            arb_addmul(q, arb_mat_entry(r, i, 0), arb_mat_entry(w, i, 0), prec);
        /* -(q + logdet + n log(2 pi)) / 2 */
        arb_const_pi(t, prec);
        arb_mul_2exp_si(t, t, 1);
        arb_log(t, t, prec);
        arb_mul_si(t, t, n, prec);
        arb_add(out, q, logdet, prec);
        arb_add(out, out, t, prec);
        arb_mul_2exp_si(out, out, -1);
        arb_neg(out, out);
    }
    arb_mat_clear(r);
    arb_mat_clear(w);
    arb_clear(logdet);
    arb_clear(q);
    arb_clear(t);
    return status;
}

/* F = H A (m x k), u = y - H b (m x 1). */
static void f_and_u(arb_mat_t F, arb_mat_t u, const dmv_od_linear *c, slong prec)
{
    arb_mat_t A, H, b, y, Hb;
    arb_mat_init(A, c->d, c->k);
    arb_mat_init(H, c->m, c->d);
    arb_mat_init(b, c->d, 1);
    arb_mat_init(y, c->m, 1);
    arb_mat_init(Hb, c->m, 1);
    mat_from_d(A, c->A, c->d, c->k);
    mat_from_d(H, c->H, c->m, c->d);
    mat_from_d(b, c->b, c->d, 1);
    mat_from_d(y, c->y, c->m, 1);
    arb_mat_mul(F, H, A, prec);
    arb_mat_mul(Hb, H, b, prec);
    arb_mat_sub(u, y, Hb, prec);
    arb_mat_clear(A);
    arb_mat_clear(H);
    arb_mat_clear(b);
    arb_mat_clear(y);
    arb_mat_clear(Hb);
}

int dmv_ref_od_noise_posterior(arb_mat_t mz, arb_mat_t Sz, const dmv_od_linear *c, slong prec, dmv_error *err)
{
    slong k;
    arb_mat_t F, Ft, u, P, I, rhs;
    arb_t s2;
    int status = check_case(c, err);
    if (status != DMV_OK)
        return status;
    k = c->k;
    if (arb_mat_nrows(mz) != k || arb_mat_ncols(mz) != 1 || arb_mat_nrows(Sz) != k || arb_mat_ncols(Sz) != k)
        return dmv_error_set(err, DMV_EINVAL, "od: noise_posterior outputs must be %ld x 1 and %ld x %ld", (long) k,
                             (long) k, (long) k);
    arb_mat_init(F, c->m, k);
    arb_mat_init(Ft, k, c->m);
    arb_mat_init(u, c->m, 1);
    arb_mat_init(P, k, k);
    arb_mat_init(I, k, k);
    arb_mat_init(rhs, k, 1);
    arb_init(s2);
    arb_set_d(s2, c->s2);
    f_and_u(F, u, c, prec);
    arb_mat_transpose(Ft, F);
    /* precision matrix P = I + F^T F / s2 */
    arb_mat_mul(P, Ft, F, prec);
    arb_mat_scalar_div_arb(P, P, s2, prec);
    arb_mat_one(I);
    arb_mat_add(P, P, I, prec);
    status = cho_solve(Sz, NULL, P, I, "I + F^T F / s2", prec, err);
    if (status == DMV_OK) {
        arb_mat_mul(rhs, Ft, u, prec);
        arb_mat_scalar_div_arb(rhs, rhs, s2, prec);
        status = cho_solve(mz, NULL, P, rhs, "I + F^T F / s2", prec, err);
    }
    arb_mat_clear(F);
    arb_mat_clear(Ft);
    arb_mat_clear(u);
    arb_mat_clear(P);
    arb_mat_clear(I);
    arb_mat_clear(rhs);
    arb_clear(s2);
    return status;
}

int dmv_ref_od_pushforward(arb_mat_t mx, arb_mat_t Sx, const dmv_od_linear *c, slong prec, dmv_error *err)
{
    arb_mat_t mz, Sz, A, At, b, T;
    int status = check_case(c, err);
    if (status != DMV_OK)
        return status;
    if (arb_mat_nrows(mx) != c->d || arb_mat_ncols(mx) != 1 || arb_mat_nrows(Sx) != c->d || arb_mat_ncols(Sx) != c->d)
        return dmv_error_set(err, DMV_EINVAL, "od: pushforward outputs must be %ld x 1 and %ld x %ld", c->d, c->d,
                             c->d);
    arb_mat_init(mz, c->k, 1);
    arb_mat_init(Sz, c->k, c->k);
    arb_mat_init(A, c->d, c->k);
    arb_mat_init(At, c->k, c->d);
    arb_mat_init(b, c->d, 1);
    arb_mat_init(T, c->d, c->k);
    status = dmv_ref_od_noise_posterior(mz, Sz, c, prec, err);
    if (status == DMV_OK) {
        mat_from_d(A, c->A, c->d, c->k);
        mat_from_d(b, c->b, c->d, 1);
        arb_mat_transpose(At, A);
        arb_mat_mul(mx, A, mz, prec);
        arb_mat_add(mx, mx, b, prec);
        arb_mat_mul(T, A, Sz, prec);
        arb_mat_mul(Sx, T, At, prec);
    }
    arb_mat_clear(mz);
    arb_mat_clear(Sz);
    arb_mat_clear(A);
    arb_mat_clear(At);
    arb_mat_clear(b);
    arb_mat_clear(T);
    return status;
}

int dmv_ref_od_condition(arb_mat_t mx, arb_mat_t Sx, const dmv_od_linear *c, slong prec, dmv_error *err)
{
    slong d, m;
    arb_mat_t A, At, P, H, Ht, b, y, PHt, G, I, u, w, W, Wt, T;
    arb_t s2;
    int status = check_case(c, err);
    if (status != DMV_OK)
        return status;
    d = c->d;
    m = c->m;
    if (arb_mat_nrows(mx) != d || arb_mat_ncols(mx) != 1 || arb_mat_nrows(Sx) != d || arb_mat_ncols(Sx) != d)
        return dmv_error_set(err, DMV_EINVAL, "od: condition outputs must be %ld x 1 and %ld x %ld", d, d, d);
    arb_mat_init(A, d, c->k);
    arb_mat_init(At, c->k, d);
    arb_mat_init(P, d, d);
    arb_mat_init(H, m, d);
    arb_mat_init(Ht, d, m);
    arb_mat_init(b, d, 1);
    arb_mat_init(y, m, 1);
    arb_mat_init(PHt, d, m);
    arb_mat_init(G, m, m);
    arb_mat_init(I, m, m);
    arb_mat_init(u, m, 1);
    arb_mat_init(w, m, 1);
    arb_mat_init(W, m, d);
    arb_mat_init(Wt, m, d);
    arb_mat_init(T, d, d);
    arb_init(s2);
    mat_from_d(A, c->A, d, c->k);
    mat_from_d(H, c->H, m, d);
    mat_from_d(b, c->b, d, 1);
    mat_from_d(y, c->y, m, 1);
    arb_set_d(s2, c->s2);
    arb_mat_transpose(At, A);
    arb_mat_mul(P, A, At, prec);
    arb_mat_transpose(Ht, H);
    arb_mat_mul(PHt, P, Ht, prec);
    arb_mat_mul(G, H, PHt, prec);
    arb_mat_one(I);
    arb_mat_scalar_mul_arb(I, I, s2, prec);
    arb_mat_add(G, G, I, prec);
    arb_mat_mul(u, H, b, prec);
    arb_mat_sub(u, y, u, prec);
    status = cho_solve(w, NULL, G, u, "H A A^T H^T + s2 I", prec, err);
    if (status == DMV_OK) {
        arb_mat_mul(mx, PHt, w, prec);
        arb_mat_add(mx, mx, b, prec);
        arb_mat_transpose(Wt, PHt); /* H P (P symmetric) */
        status = cho_solve(W, NULL, G, Wt, "H A A^T H^T + s2 I", prec, err);
    }
    if (status == DMV_OK) {
        arb_mat_mul(T, PHt, W, prec);
        arb_mat_sub(Sx, P, T, prec);
    }
    arb_mat_clear(A);
    arb_mat_clear(At);
    arb_mat_clear(P);
    arb_mat_clear(H);
    arb_mat_clear(Ht);
    arb_mat_clear(b);
    arb_mat_clear(y);
    arb_mat_clear(PHt);
    arb_mat_clear(G);
    arb_mat_clear(I);
    arb_mat_clear(u);
    arb_mat_clear(w);
    arb_mat_clear(W);
    arb_mat_clear(Wt);
    arb_mat_clear(T);
    arb_clear(s2);
    return status;
}

int dmv_ref_od_log_evidence(arb_t out, const dmv_od_linear *c, slong prec, dmv_error *err)
{
    arb_mat_t F, Ft, u, G, I, zero;
    arb_t s2;
    int status = check_case(c, err);
    if (status != DMV_OK)
        return status;
    arb_mat_init(F, c->m, c->k);
    arb_mat_init(Ft, c->k, c->m);
    arb_mat_init(u, c->m, 1);
    arb_mat_init(G, c->m, c->m);
    arb_mat_init(I, c->m, c->m);
    arb_mat_init(zero, c->m, 1);
    arb_init(s2);
    arb_set_d(s2, c->s2);
    f_and_u(F, u, c, prec);
    arb_mat_transpose(Ft, F);
    arb_mat_mul(G, F, Ft, prec);
    arb_mat_one(I);
    arb_mat_scalar_mul_arb(I, I, s2, prec);
    arb_mat_add(G, G, I, prec);
    /* N(y; H b, G) = N(u; 0, G) */
    status = dmv_ref_od_log_normal(out, u, zero, G, prec, err);
    arb_mat_clear(F);
    arb_mat_clear(Ft);
    arb_mat_clear(u);
    arb_mat_clear(G);
    arb_mat_clear(I);
    arb_mat_clear(zero);
    arb_clear(s2);
    return status;
}

int dmv_ref_od_log_reward(arb_t out, const arb_mat_t z, const dmv_od_linear *c, slong prec, dmv_error *err)
{
    arb_mat_t A, H, b, y, x, Hx, Ik, zk, Im;
    arb_t t;
    int status = check_case(c, err);
    if (status != DMV_OK)
        return status;
    if (arb_mat_nrows(z) != c->k || arb_mat_ncols(z) != 1)
        return dmv_error_set(err, DMV_EINVAL, "od: log_reward needs z of shape %ld x 1", c->k);
    arb_mat_init(A, c->d, c->k);
    arb_mat_init(H, c->m, c->d);
    arb_mat_init(b, c->d, 1);
    arb_mat_init(y, c->m, 1);
    arb_mat_init(x, c->d, 1);
    arb_mat_init(Hx, c->m, 1);
    arb_mat_init(Ik, c->k, c->k);
    arb_mat_init(zk, c->k, 1);
    arb_mat_init(Im, c->m, c->m);
    arb_init(t);
    mat_from_d(A, c->A, c->d, c->k);
    mat_from_d(H, c->H, c->m, c->d);
    mat_from_d(b, c->b, c->d, 1);
    mat_from_d(y, c->y, c->m, 1);
    arb_mat_mul(x, A, z, prec);
    arb_mat_add(x, x, b, prec);
    arb_mat_mul(Hx, H, x, prec);
    arb_mat_one(Ik);
    arb_mat_one(Im);
    arb_set_d(t, c->s2);
    arb_mat_scalar_mul_arb(Im, Im, t, prec);
    status = dmv_ref_od_log_normal(out, z, zk, Ik, prec, err);
    if (status == DMV_OK)
        status = dmv_ref_od_log_normal(t, y, Hx, Im, prec, err);
    if (status == DMV_OK)
        arb_add(out, out, t, prec);
    arb_mat_clear(A);
    arb_mat_clear(H);
    arb_mat_clear(b);
    arb_mat_clear(y);
    arb_mat_clear(x);
    arb_mat_clear(Hx);
    arb_mat_clear(Ik);
    arb_mat_clear(zk);
    arb_mat_clear(Im);
    arb_clear(t);
    return status;
}

/* V(t) = t^2 Sz + sigma^2 t (1 - t) I, in exact arithmetic from the doubles t and sigma. */
static void bridge_cov(arb_mat_t V, const arb_mat_t Sz, double ta, double tb, double sigma, slong prec)
{
    /* Cov(z_a, z_b) for ta <= tb: ta tb Sz + sigma^2 ta (1 - tb) I */
    slong i;
    arb_t a, b, u, s;
    arb_init(a);
    arb_init(b);
    arb_init(u);
    arb_init(s);
    arb_set_d(a, ta);
    arb_set_d(b, tb);
    arb_mul(u, a, b, prec);
    arb_mat_scalar_mul_arb(V, Sz, u, prec);
    arb_set_d(s, sigma);
    arb_mul(s, s, s, prec);
    arb_sub_si(u, b, 1, prec);
    arb_neg(u, u);
    arb_mul(u, u, a, prec);
    arb_mul(u, u, s, prec);
    for (i = 0; i < arb_mat_nrows(V); i++)
        arb_add(arb_mat_entry(V, i, i), arb_mat_entry(V, i, i), u, prec);
    arb_clear(a);
    arb_clear(b);
    arb_clear(u);
    arb_clear(s);
}

int dmv_ref_od_tb_forward(arb_mat_t M, arb_mat_t v, arb_mat_t Q, const arb_mat_t mz, const arb_mat_t Sz,
                          double t0, double t1, double sigma, slong prec, dmv_error *err)
{
    slong k = arb_mat_nrows(Sz);
    arb_mat_t V0, C, Mt, w, T;
    arb_t a;
    int status = DMV_OK;
    if (!(t0 >= 0 && t0 < t1 && t1 <= 1) || !(sigma > 0))
        return dmv_error_set(err, DMV_EINVAL,
                             "od: tb_forward needs 0 <= t0 < t1 <= 1 and sigma > 0 (t0 = %g, t1 = %g, sigma = %g)", t0,
                             t1, sigma);
    arb_mat_init(V0, k, k);
    arb_mat_init(C, k, k);
    arb_mat_init(Mt, k, k);
    arb_mat_init(w, k, 1);
    arb_mat_init(T, k, k);
    arb_init(a);
    bridge_cov(Q, Sz, t1, t1, sigma, prec); /* V(t1) */
    arb_set_d(a, t1);
    arb_mat_scalar_mul_arb(v, mz, a, prec); /* t1 mz */
    if (t0 == 0) {
        arb_mat_zero(M);
    } else {
        bridge_cov(V0, Sz, t0, t0, sigma, prec);
        bridge_cov(C, Sz, t0, t1, sigma, prec); /* Cov(z_1, z_0): symmetric (a polynomial in Sz) */
        /* M = C V0^{-1}, i.e. M^T = V0^{-1} C^T = V0^{-1} C */
        status = cho_solve(Mt, NULL, V0, C, "the bridge marginal covariance V(t_n)", prec, err);
        if (status == DMV_OK) {
            arb_mat_transpose(M, Mt);
            arb_set_d(a, t0);
            arb_mat_scalar_mul_arb(w, mz, a, prec);
            arb_mat_mul(w, M, w, prec); /* M t0 mz (aliasing is allowed by arb_mat_mul) */
            arb_mat_sub(v, v, w, prec);
            arb_mat_mul(T, M, C, prec); /* M C^T, C symmetric */
            arb_mat_sub(Q, Q, T, prec);
        }
    }
    arb_mat_clear(V0);
    arb_mat_clear(C);
    arb_mat_clear(Mt);
    arb_mat_clear(w);
    arb_mat_clear(T);
    arb_clear(a);
    return status;
}

int dmv_ref_od_tb_residual(arb_t out, const arb_t logZ, const dmv_od_linear *c, long N, const double *t,
                           double sigma, const double *tau, slong prec, dmv_error *err)
{
    slong k, n, i;
    arb_mat_t mz, Sz, M, v, Q, z0, z1, mean, cov, I;
    arb_t acc, term, ratio, var;
    int status = check_case(c, err);
    if (status != DMV_OK)
        return status;
    k = c->k;
    if (N < 1 || t == NULL || tau == NULL || !(sigma > 0))
        return dmv_error_set(err, DMV_EINVAL, "od: tb_residual needs N >= 1 (N = %ld), t, tau and sigma > 0 (%g)", N,
                             sigma);
    if (t[0] != 0 || t[N] != 1)
        return dmv_error_set(err, DMV_EINVAL, "od: tb_residual needs t[0] = 0 and t[N] = 1 (t[0] = %g, t[%ld] = %g)",
                             t[0], N, t[N]);
    for (n = 0; n < N; n++)
        if (!(t[n] < t[n + 1]))
            return dmv_error_set(err, DMV_EINVAL, "od: tb_residual times must increase (t[%ld] = %g, t[%ld] = %g)", n,
                                 t[n], n + 1, t[n + 1]);
    for (i = 0; i < k; i++)
        if (tau[i] != 0)
            return dmv_error_set(err, DMV_EINVAL, "od: tb_residual: the trajectory starts at 0 (tau[%ld] = %g)",
                                 (long) i, tau[i]);
    arb_mat_init(mz, k, 1);
    arb_mat_init(Sz, k, k);
    arb_mat_init(M, k, k);
    arb_mat_init(v, k, 1);
    arb_mat_init(Q, k, k);
    arb_mat_init(z0, k, 1);
    arb_mat_init(z1, k, 1);
    arb_mat_init(mean, k, 1);
    arb_mat_init(cov, k, k);
    arb_mat_init(I, k, k);
    arb_init(acc);
    arb_init(term);
    arb_init(ratio);
    arb_init(var);
    arb_mat_one(I);
    if (logZ != NULL)
        arb_set(acc, logZ);
    else
        status = dmv_ref_od_log_evidence(acc, c, prec, err);
    if (status == DMV_OK)
        status = dmv_ref_od_noise_posterior(mz, Sz, c, prec, err);
    for (n = 0; n < N && status == DMV_OK; n++) {
        mat_from_d(z0, tau + n * k, k, 1);
        mat_from_d(z1, tau + (n + 1) * k, k, 1);
        /* + log P_F*(z_{n+1} | z_n) */
        status = dmv_ref_od_tb_forward(M, v, Q, mz, Sz, t[n], t[n + 1], sigma, prec, err);
        if (status != DMV_OK)
            break;
        arb_mat_mul(mean, M, z0, prec);
        arb_mat_add(mean, mean, v, prec);
        status = dmv_ref_od_log_normal(term, z1, mean, Q, prec, err);
        if (status != DMV_OK)
            break;
        arb_add(acc, acc, term, prec);
        /* - log P_B(z_n | z_{n+1}) for n >= 1 (P_B to t_0 = 0 is the point mass: log 1) */
        if (n >= 1) {
            arb_set_d(ratio, t[n]);
            arb_set_d(term, t[n + 1]);
            arb_div(ratio, ratio, term, prec);
            arb_mat_scalar_mul_arb(mean, z1, ratio, prec);
            arb_set_d(var, t[n + 1]);
            arb_set_d(term, t[n]);
            arb_sub(var, var, term, prec);
            arb_mul(var, var, ratio, prec);
            arb_set_d(term, sigma);
            arb_mul(var, var, term, prec);
            arb_mul(var, var, term, prec);
            arb_mat_scalar_mul_arb(cov, I, var, prec);
            status = dmv_ref_od_log_normal(term, z0, mean, cov, prec, err);
            if (status != DMV_OK)
                break;
            arb_sub(acc, acc, term, prec);
        }
    }
    if (status == DMV_OK) {
        mat_from_d(z1, tau + N * k, k, 1);
        status = dmv_ref_od_log_reward(term, z1, c, prec, err);
    }
    if (status == DMV_OK)
        arb_sub(out, acc, term, prec);
    arb_mat_clear(mz);
    arb_mat_clear(Sz);
    arb_mat_clear(M);
    arb_mat_clear(v);
    arb_mat_clear(Q);
    arb_mat_clear(z0);
    arb_mat_clear(z1);
    arb_mat_clear(mean);
    arb_mat_clear(cov);
    arb_mat_clear(I);
    arb_clear(acc);
    arb_clear(term);
    arb_clear(ratio);
    arb_clear(var);
    return status;
}
