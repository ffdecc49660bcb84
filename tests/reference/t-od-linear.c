/* reference/od_linear.c against values from elsewhere:
 * - k = d = m = 1 hand formulas (double): with F = h a, S_z = s2/(s2 + F^2), m_z = F (y - h b)/(s2 + F^2),
 *   log Z = log N(y; h b, F^2 + s2), and a 1-D log N;
 * - the push-forward of the noise posterior against the data-space Gaussian conditioning (two
 *   different formulas of the same law, docs/math/outsourced.md), also for k < d;
 * - Bayes' rule: log Z = log R(z) - log N(z; m_z, S_z) at any z;
 * - the trajectory-balance forward kernel against the 1-D hand form, and the residual 0 on random
 *   trajectories (the path-measure identity) but not with a wrong log Z. */
#include <arb_mat.h>

#include "dmv/ref_od.h"
#include "dmv_test.h"

#define PREC 128
#define PI_D 3.14159265358979323846

/* |x - ball| <= rad + tol |x| */
static int near(const arb_t b, double x, double tol)
{
    double mid = arf_get_d(arb_midref(b), ARF_RND_NEAR), rad = mag_get_d(arb_radref(b));
    return fabs(mid - x) <= rad + tol * fabs(x) + 1e-300;
}

static double uni(dmv_test_rng *r, double lo, double hi)
{
    return lo + (hi - lo) * dmv_test_uniform(r);
}

static void hand_1d(dmv_test_rng *rng)
{
    double a = uni(rng, -3, 3), b = uni(rng, -2, 2), h = uni(rng, 0.2, 2), y = uni(rng, -3, 3),
           s2 = dmv_test_loguniform(rng, 0.01, 4);
    dmv_od_linear c = {1, 1, 1, &a, &b, &h, &y, s2};
    arb_mat_t mz, Sz, x, mu, S;
    arb_t lz, ln;
    dmv_error err;
    double F = h * a, S_hand = s2 / (s2 + F * F), m_hand = F * (y - h * b) / (s2 + F * F);
    double v = F * F + s2, lz_hand = -0.5 * (log(2 * PI_D * v) + (y - h * b) * (y - h * b) / v);
    dmv_error_init(&err);
    arb_mat_init(mz, 1, 1);
    arb_mat_init(Sz, 1, 1);
    arb_mat_init(x, 1, 1);
    arb_mat_init(mu, 1, 1);
    arb_mat_init(S, 1, 1);
    arb_init(lz);
    arb_init(ln);
    DMV_CHECK(dmv_ref_od_noise_posterior(mz, Sz, &c, PREC, &err) == DMV_OK, "%s", err.msg);
    DMV_CHECK(near(arb_mat_entry(Sz, 0, 0), S_hand, 1e-14) && near(arb_mat_entry(mz, 0, 0), m_hand, 1e-13),
              "1-D posterior a = %g b = %g h = %g y = %g s2 = %g", a, b, h, y, s2);
    DMV_CHECK(dmv_ref_od_log_evidence(lz, &c, PREC, &err) == DMV_OK, "%s", err.msg);
    DMV_CHECK(near(lz, lz_hand, 1e-13), "1-D log Z %g", lz_hand);
    arb_set_d(arb_mat_entry(x, 0, 0), 0.75);
    arb_set_d(arb_mat_entry(mu, 0, 0), -0.5);
    arb_set_d(arb_mat_entry(S, 0, 0), 2.0);
    DMV_CHECK(dmv_ref_od_log_normal(ln, x, mu, S, PREC, &err) == DMV_OK, "%s", err.msg);
    DMV_CHECK(near(ln, -0.5 * log(4 * PI_D) - 1.5625 / 4, 1e-15), "log N(0.75; -0.5, 2)");
    arb_mat_clear(mz);
    arb_mat_clear(Sz);
    arb_mat_clear(x);
    arb_mat_clear(mu);
    arb_mat_clear(S);
    arb_clear(lz);
    arb_clear(ln);
}

/* the two routes to p(x | y) and Bayes' rule, random dimensions (k <= d) */
static void identities(dmv_test_rng *rng)
{
    long k = 1 + (long) (dmv_test_uniform(rng) * 3), d = k + (long) (dmv_test_uniform(rng) * 2),
         m = 1 + (long) (dmv_test_uniform(rng) * 3), i, j;
    double A[16], b[4], H[16], y[4], zz[4];
    dmv_od_linear c;
    arb_mat_t m1, S1, m2, S2, mz, Sz, z;
    arb_t lz, lr, lp, t;
    dmv_error err;
    dmv_error_init(&err);
    for (i = 0; i < d * k; i++)
        A[i] = uni(rng, -2, 2);
    for (i = 0; i < m * d; i++)
        H[i] = uni(rng, -1.5, 1.5);
    for (i = 0; i < d; i++)
        b[i] = uni(rng, -1, 1);
    for (i = 0; i < m; i++)
        y[i] = uni(rng, -2, 2);
    c.k = k;
    c.d = d;
    c.m = m;
    c.A = A;
    c.b = b;
    c.H = H;
    c.y = y;
    c.s2 = dmv_test_loguniform(rng, 0.01, 3);
    arb_mat_init(m1, d, 1);
    arb_mat_init(S1, d, d);
    arb_mat_init(m2, d, 1);
    arb_mat_init(S2, d, d);
    arb_mat_init(mz, k, 1);
    arb_mat_init(Sz, k, k);
    arb_mat_init(z, k, 1);
    arb_init(lz);
    arb_init(lr);
    arb_init(lp);
    arb_init(t);
    DMV_CHECK(dmv_ref_od_pushforward(m1, S1, &c, PREC, &err) == DMV_OK, "%s", err.msg);
    DMV_CHECK(dmv_ref_od_condition(m2, S2, &c, PREC, &err) == DMV_OK, "%s", err.msg);
    for (i = 0; i < d; i++) {
        arb_sub(t, arb_mat_entry(m1, i, 0), arb_mat_entry(m2, i, 0), PREC);
        DMV_CHECK(arb_contains_zero(t) && mag_cmp_2exp_si(arb_radref(t), -80) < 0, "mean %ld (k %ld d %ld m %ld)", i,
                  k, d, m);
        for (j = 0; j < d; j++) {
            arb_sub(t, arb_mat_entry(S1, i, j), arb_mat_entry(S2, i, j), PREC);
            DMV_CHECK(arb_contains_zero(t) && mag_cmp_2exp_si(arb_radref(t), -80) < 0, "cov %ld %ld", i, j);
        }
    }
    /* Bayes: log Z = log R(z) - log N(z; mz, Sz) */
    DMV_CHECK(dmv_ref_od_noise_posterior(mz, Sz, &c, PREC, &err) == DMV_OK, "%s", err.msg);
    DMV_CHECK(dmv_ref_od_log_evidence(lz, &c, PREC, &err) == DMV_OK, "%s", err.msg);
    for (i = 0; i < k; i++) {
        zz[i] = uni(rng, -2, 2);
        arb_set_d(arb_mat_entry(z, i, 0), zz[i]);
    }
    DMV_CHECK(dmv_ref_od_log_reward(lr, z, &c, PREC, &err) == DMV_OK, "%s", err.msg);
    DMV_CHECK(dmv_ref_od_log_normal(lp, z, mz, Sz, PREC, &err) == DMV_OK, "%s", err.msg);
    arb_sub(t, lr, lp, PREC);
    arb_sub(t, t, lz, PREC);
    DMV_CHECK(arb_contains_zero(t) && mag_cmp_2exp_si(arb_radref(t), -80) < 0, "Bayes' rule");
    arb_mat_clear(m1);
    arb_mat_clear(S1);
    arb_mat_clear(m2);
    arb_mat_clear(S2);
    arb_mat_clear(mz);
    arb_mat_clear(Sz);
    arb_mat_clear(z);
    arb_clear(lz);
    arb_clear(lr);
    arb_clear(lp);
    arb_clear(t);
}

/* TB: 1-D forward kernel by hand, residual 0 on any trajectory, not 0 with log Z + 0.01 */
static void tb(dmv_test_rng *rng)
{
    double A[4] = {uni(rng, -2, 2), uni(rng, -1, 1), uni(rng, -1, 1), uni(rng, -2, 2)}, b[2] = {0.5, -0.25},
           H[4] = {1, 0, 0, 1}, y[2] = {uni(rng, -2, 2), uni(rng, -2, 2)};
    dmv_od_linear c = {2, 2, 2, A, b, H, y, dmv_test_loguniform(rng, 0.05, 2)};
    double t[7] = {0, 0.1, 0.25, 0.4, 0.6, 0.85, 1}, tau[14], sigma = uni(rng, 0.3, 2);
    double m = uni(rng, -1, 1), S = uni(rng, 0.1, 2), t0 = 0.3, t1 = 0.7, sg2 = sigma * sigma;
    arb_mat_t M, v, Q, mz, Sz;
    arb_t r, lz;
    dmv_error err;
    long i;
    dmv_error_init(&err);
    arb_mat_init(M, 1, 1);
    arb_mat_init(v, 1, 1);
    arb_mat_init(Q, 1, 1);
    arb_mat_init(mz, 1, 1);
    arb_mat_init(Sz, 1, 1);
    arb_init(r);
    arb_init(lz);
    arb_set_d(arb_mat_entry(mz, 0, 0), m);
    arb_set_d(arb_mat_entry(Sz, 0, 0), S);
    {
        /* hand: V(t) = t^2 S + s^2 t (1 - t), C = t0 t1 S + s^2 t0 (1 - t1) */
        double V0 = t0 * t0 * S + sg2 * t0 * (1 - t0), V1 = t1 * t1 * S + sg2 * t1 * (1 - t1),
               C = t0 * t1 * S + sg2 * t0 * (1 - t1), Mh = C / V0;
        DMV_CHECK(dmv_ref_od_tb_forward(M, v, Q, mz, Sz, t0, t1, sigma, PREC, &err) == DMV_OK, "%s", err.msg);
        DMV_CHECK(near(arb_mat_entry(M, 0, 0), Mh, 1e-13) && near(arb_mat_entry(v, 0, 0), t1 * m - Mh * t0 * m, 1e-12) &&
                      near(arb_mat_entry(Q, 0, 0), V1 - Mh * C, 1e-12),
                  "1-D forward kernel");
        DMV_CHECK(dmv_ref_od_tb_forward(M, v, Q, mz, Sz, 0.0, t1, sigma, PREC, &err) == DMV_OK, "%s", err.msg);
        DMV_CHECK(arb_is_zero(arb_mat_entry(M, 0, 0)) && near(arb_mat_entry(Q, 0, 0), V1, 1e-14), "first kernel");
    }
    for (i = 0; i < 14; i++)
        tau[i] = i < 2 ? 0.0 : uni(rng, -3, 3);
    DMV_CHECK(dmv_ref_od_tb_residual(r, NULL, &c, 6, t, sigma, tau, PREC, &err) == DMV_OK, "%s", err.msg);
    DMV_CHECK(arb_contains_zero(r) && mag_cmp_2exp_si(arb_radref(r), -80) < 0, "residual %s",
              arb_get_str(r, 10, 0));
    DMV_CHECK(dmv_ref_od_log_evidence(lz, &c, PREC, &err) == DMV_OK, "%s", err.msg);
    arb_add_si(lz, lz, 0, PREC);
    {
        arb_t e;
        arb_init(e);
        arb_set_d(e, 0.01);
        arb_add(lz, lz, e, PREC);
        arb_clear(e);
    }
    DMV_CHECK(dmv_ref_od_tb_residual(r, lz, &c, 6, t, sigma, tau, PREC, &err) == DMV_OK, "%s", err.msg);
    DMV_CHECK(!arb_contains_zero(r) && near(r, 0.01, 1e-12), "a wrong log Z moves the residual by itself");
    tau[0] = 1e-3;
    DMV_CHECK(dmv_ref_od_tb_residual(r, NULL, &c, 6, t, sigma, tau, PREC, &err) == DMV_EINVAL,
              "a trajectory not starting at 0 is rejected");
    arb_mat_clear(M);
    arb_mat_clear(v);
    arb_mat_clear(Q);
    arb_mat_clear(mz);
    arb_mat_clear(Sz);
    arb_clear(r);
    arb_clear(lz);
}

int main(void)
{
    dmv_test_rng rng = {20250207};
    long it, n = dmv_test_iters(40);
    for (it = 0; it < n; it++) {
        hand_1d(&rng);
        identities(&rng);
        if (it < 10)
            tb(&rng);
    }
    flint_cleanup();
    DMV_TEST_DONE("t-od-linear");
}
