/* The 1-D guided reference (reference/guided_*.c) against values from elsewhere:
 *  1. rk45 on dy/dt = y, t in [0, 1], y(0) = 1 (random direction and tolerance): the ball holds e
 *     (or e^{-1} backwards) within its reported halving bound; and dy/dt = -2 t y: y(1) = e^{-1};
 *  2. Gaussian mixture, w = 0 (hand derivation, docs/math/guidance.md#gauss-u): dy/du = 1, so the
 *     flow is x0 + 1 - e^{-T}; P(y >= c) = 1 - Phi(c - 1 + e^{-T}) (MPFR);
 *  3. Gaussian mixture, w in {1, 3, 10} at random starts: the lambda-clock solve (reference model
 *     of the guided spec) against the independent u-clock ODE dy/du = 1 + 2 w expit(-2 u y);
 *  4. uniform classes U[1,2] / U[-2,-1], w = 0: the PF-ODE is the monotone transport of p_T(.|+)
 *     to U[1, 2], y = 1 + Phi((x0 - 1.5 e^{-T}) / sd_T) (sd_T^2 = 1 - e^{-2T} + e^{-2T}/12), within the
 *     stop at sh_min (|y - that| <= 5e-9, a hand bound: the drift below sh_min is <= sh_min R);
 *  5. inverse map: flow_inv(flow(x0)) = x0 (uniform, w = 4) within the two bounds;
 *  6. quantile starts: Phi(x_i) = (i + 1/2)/n (MPFR erfc);
 *  7. tilted CDF of the Gaussian mixture: w = 0 gives Phi(c - 1) (MPFR); w = 3 against an
 *     independent composite Simpson rule in double (h = 1e-3: error ~1e-13; tolerance 1e-11); the
 *     uniform model's tilted law is U[1, 2]. */
#include <math.h>
#include <mpfr.h>
#include <stdio.h>

#include "dmv/ref_guided.h"
#include "dmv_test.h"

static int contains_d(const arb_t b, double v, double tol)
{
    arb_t V;
    mag_t t;
    int ok;
    arb_init(V);
    mag_init(t);
    arb_set_d(V, v);
    mag_set_d(t, tol);
    arb_add_error_mag(V, t);
    ok = arb_overlaps(b, V);
    arb_clear(V);
    mag_clear(t);
    return ok;
}

static double mid(const arb_t x)
{
    return arf_get_d(arb_midref(x), ARF_RND_NEAR);
}

static int exp_rhs(arb_t f, const arb_t t, const arb_t y, void *ctx, slong prec, dmv_error *err)
{
    (void) ctx;
    (void) err;
    (void) prec;
    (void) t;
    arb_set(f, y);
    return DMV_OK;
}

static int gauss_rhs(arb_t f, const arb_t t, const arb_t y, void *ctx, slong prec, dmv_error *err)
{
    (void) ctx;
    (void) err;
    arb_mul(f, t, y, prec);
    arb_mul_si(f, f, -2, prec);
    return DMV_OK;
}

/* Phi in MPFR (256 bits), rounded to double */
static double Phi_mp(double x)
{
    mpfr_t t;
    double r;
    mpfr_init2(t, 256);
    mpfr_set_d(t, -x, MPFR_RNDN);
    mpfr_div_d(t, t, sqrt(2.0), MPFR_RNDN); /* sqrt(2.0) rounded: relative 1e-16, fine at the tolerances below */
    mpfr_erfc(t, t, MPFR_RNDN);
    r = mpfr_get_d(t, MPFR_RNDN) / 2;
    mpfr_clear(t);
    return r;
}

/* the tilted density of the mixture, unnormalised, and its CDF by the composite Simpson rule (h = 1e-3, error ~h^4) on [-39, c] and [-39, 41] */
static double tilt_f(double w, double x)
{
    return exp(-(x - 1) * (x - 1) / 2 - w * log1p(exp(-2 * x)));
}

static double trap(double w, double a, double b)
{
    long i, n = 2 * (long) ((b - a) / 2e-3);
    double h = (b - a) / (double) n, s = 0;
    for (i = 0; i <= n; i++)
        s += ((i == 0 || i == n) ? 1 : (i % 2 ? 4 : 2)) * tilt_f(w, a + i * h);
    return s * h / 3;
}

static double tilt_cdf_trap(double w, double c)
{
    return trap(w, -39, c) / trap(w, -39, 41);
}

int main(void)
{
    dmv_test_rng rng = {2409};
    dmv_error e;
    arb_t x0, y, y2, c, P, Q;
    dmv_ref_guided g;
    dmv_ref_guided_info info;
    long it, i;
    int rc;
    dmv_error_init(&e);
    mpfr_set_emin(mpfr_get_emin_min());
    arb_init(x0);
    arb_init(y);
    arb_init(y2);
    arb_init(c);
    arb_init(P);
    arb_init(Q);

    /* 1 */
    for (it = 0; it < 4; it++) {
        double tol = dmv_test_loguniform(&rng, 1e-14, 1e-8);
        int back = it & 1;
        arb_one(x0);
        if (back)
            arb_const_e(x0, 128);
        rc = dmv_ref_rk45(y, exp_rhs, NULL, back ? 1 : 0, back ? 0 : 1, x0, 0.1, tol, 128, 10000, &info, &e);
        DMV_CHECK(rc == DMV_OK, "rk45: %s", e.msg);
        DMV_CHECK(contains_d(y, back ? 1.0 : exp(1.0), 4e-16), "rk45 exp (back %d, tol %g): %.17g +- %g", back, tol,
                  mid(y), mag_get_d(arb_radref(y)));
        DMV_CHECK(info.err_halving <= 100 * tol, "halving bound %g vs tol %g", info.err_halving, tol);
        arb_one(x0);
        rc = dmv_ref_rk45(y, gauss_rhs, NULL, 0, 1, x0, 0.1, tol, 128, 10000, &info, &e);
        DMV_CHECK(rc == DMV_OK && contains_d(y, exp(-1.0), 2e-16), "rk45 e^{-t^2}: %.17g", mid(y));
    }

    /* 2 */
    dmv_ref_guided_init(&g);
    g.kind = DMV_GUIDED_GAUSS;
    g.tol = 1e-11;
    DMV_CHECK(dmv_ref_guided_setup(&g, &e) == DMV_OK, "setup: %s", e.msg);
    for (it = 0; it < 2; it++) {
        double xv = 4 * dmv_test_uniform(&rng) - 2, cv = 3 * dmv_test_uniform(&rng) - 0.5;
        arb_set_d(x0, xv);
        rc = dmv_ref_guided_flow(y, &g, x0, &info, &e);
        DMV_CHECK(rc == DMV_OK && contains_d(y, xv + 1 - exp(-10.0), 1e-15), "gauss w=0 flow(%g) = %.17g +- %g", xv,
                  mid(y), mag_get_d(arb_radref(y)));
        DMV_CHECK(mag_get_d(arb_radref(y)) < 1e-8, "gauss w=0 radius %g", mag_get_d(arb_radref(y)));
        arb_set_d(c, cv);
        rc = dmv_ref_guided_prob_ge(P, Q, &g, c, NULL, &e);
        DMV_CHECK(rc == DMV_OK && contains_d(P, 1 - Phi_mp(cv - 1 + exp(-10.0)), 1e-15) &&
                      contains_d(Q, Phi_mp(cv - 1 + exp(-10.0)), 1e-15),
                  "gauss w=0 P(y >= %g) = %.17g", cv, mid(P));
        /* 7, w = 0 */
        rc = dmv_ref_guided_tilted_cdf(P, &g, c, &e);
        DMV_CHECK(rc == DMV_OK && contains_d(P, Phi_mp(cv - 1), 1e-15) && mag_get_d(arb_radref(P)) < 1e-20,
                  "tilted w=0 F(%g) = %.17g (%s)", cv, mid(P), e.msg);
    }
    dmv_ref_guided_clear(&g);

    /* 3 */
    for (it = 0; it < 3; it++) {
        double ws[3] = {1, 3, 10}, xv = 4 * dmv_test_uniform(&rng) - 2;
        dmv_ref_guided_init(&g);
        g.kind = DMV_GUIDED_GAUSS;
        g.w = ws[it];
        g.tol = 1e-11;
        DMV_CHECK(dmv_ref_guided_setup(&g, &e) == DMV_OK, "setup: %s", e.msg);
        arb_set_d(x0, xv);
        rc = dmv_ref_guided_flow(y, &g, x0, &info, &e);
        DMV_CHECK(rc == DMV_OK, "flow: %s", e.msg);
        rc = dmv_ref_guided_gauss_u(y2, ws[it], 10, x0, 1e-12, 128, 100000, NULL, &e);
        DMV_CHECK(rc == DMV_OK && arb_overlaps(y, y2) && mag_get_d(arb_radref(y)) < 1e-8,
                  "w = %g x0 = %g: lambda %.17g +- %g vs u %.17g +- %g", ws[it], xv, mid(y),
                  mag_get_d(arb_radref(y)), mid(y2), mag_get_d(arb_radref(y2)));
        if (it == 1) { /* 7, w = 3 tilted against the trapezoid rule (c on its grid) */
            double cv = 1.5;
            arb_set_d(c, cv);
            rc = dmv_ref_guided_tilted_cdf(P, &g, c, &e);
            DMV_CHECK(rc == DMV_OK && contains_d(P, tilt_cdf_trap(3, cv), 1e-11), "tilted w=3 F(1.5) = %.17g vs %.17g",
                      mid(P), tilt_cdf_trap(3, cv));
        }
        dmv_ref_guided_clear(&g);
    }

    /* 4, 5 */
    dmv_ref_guided_init(&g);
    g.tol = 1e-10;
    DMV_CHECK(dmv_ref_guided_setup(&g, &e) == DMV_OK, "setup: %s", e.msg);
    {
        double xv = 3 * dmv_test_uniform(&rng) - 1.5, uT = exp(-10.0), sd = sqrt(1 - uT * uT + uT * uT / 12);
        arb_set_d(x0, xv);
        rc = dmv_ref_guided_flow(y, &g, x0, &info, &e);
        DMV_CHECK(rc == DMV_OK && contains_d(y, 1 + Phi_mp((xv - 1.5 * uT) / sd), 5e-9),
                  "uniform w=0 flow(%g) = %.17g vs %.17g", xv, mid(y), 1 + Phi_mp((xv - 1.5 * uT) / sd));
        arb_set_d(c, 1.5);
        rc = dmv_ref_guided_tilted_cdf(P, &g, c, &e);
        DMV_CHECK(rc == DMV_OK && contains_d(P, 0.5, 0), "uniform tilted F(1.5) = %g", mid(P));
    }
    g.w = 4;
    DMV_CHECK(dmv_ref_guided_setup(&g, &e) == DMV_OK, "setup: %s", e.msg);
    {
        double xv = 2 * dmv_test_uniform(&rng) - 1;
        arb_set_d(x0, xv);
        rc = dmv_ref_guided_flow(y, &g, x0, &info, &e);
        DMV_CHECK(rc == DMV_OK && mid(y) > 1 && mid(y) < 2, "uniform w=4 flow(%g) = %.17g", xv, mid(y));
        arb_get_mid_arb(c, y);
        rc = dmv_ref_guided_flow_inv(y2, &g, c, &info, &e);
        DMV_CHECK(rc == DMV_OK && contains_d(y2, xv, 1e-7), "inverse(flow(%g)) = %.17g +- %g", xv, mid(y2),
                  mag_get_d(arb_radref(y2)));
    }
    dmv_ref_guided_clear(&g);

    /* 6 */
    {
        long n = 7;
        arb_ptr q = _arb_vec_init(n);
        dmv_ref_guided_quantile_starts(q, n, 128);
        for (i = 0; i < n; i++)
            DMV_CHECK(fabs(Phi_mp(mid(q + i)) - (i + 0.5) / n) < 1e-15, "Phi(x_%ld) = %.17g", i, Phi_mp(mid(q + i)));
        _arb_vec_clear(q, n);
    }

    arb_clear(x0);
    arb_clear(y);
    arb_clear(y2);
    arb_clear(c);
    arb_clear(P);
    arb_clear(Q);
    mpfr_free_cache();
    DMV_TEST_DONE("t-guided-flow");
}
