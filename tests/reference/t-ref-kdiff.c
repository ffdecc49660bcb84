/* reference/kdiff.c: the exact laws of the k-diffusion / EDM samplers (docs/conventions.md).
 * Values from elsewhere:
 *  1. k-lms weights: polynomial reproduction (the weights integrate 1, tau, tau^2, tau^3 exactly:
 *     sum_j c_j s_{k-j}^p = (s_{k+1}^{p+1} - s_k^{p+1})/(p + 1) for p < order), a hand formula for
 *     order 2, and the fast side's two-point Gauss rule (fast/kdiff.c);
 *  2. k-euler on a zero-mean direction: A = prod_k (1 + (s_{k+1} - s_k) s_k/(lambda + s_k^2)), computed
 *     here in long double;
 *  3. convergence: with N = 400 karras-zero steps the deterministic schemes' laws approach the exact
 *     PF-ODE law and k-euler-ancestral (eta = 1) the exact reverse-SDE law (dmv_ref_continuous_law1);
 *  4. affine1, map1 and path1 agree; k-euler-ancestral with eta = 0 is k-euler; edm-heun-churn is
 *     k-heun (the same algorithm under EDM's name); churn with S_tmax below every sigma is no churn. */
#include <float.h>
#include <math.h>

#include "dmv/fast.h"
#include "dmv/ref.h"
#include "dmv_test.h"

#define PREC 128

static double mid(const arb_t x)
{
    return arf_get_d(arb_midref(x), ARF_RND_NEAR);
}

static void setup(dmv_process *p, dmv_grid *g, long N)
{
    dmv_process_default(p, DMV_PROCESS_VE);
    p->t_max = 80;
    dmv_grid_default(g);
    g->kind = DMV_GRID_KARRAS_ZERO;
    g->steps = N;
    g->eps = 0.002;
}

static int law(arb_t m, arb_t v, dmv_scheme_kind kind, double eta, double churn, double tmax, long N, double lam,
               double mean)
{
    dmv_process p;
    dmv_grid g;
    dmv_scheme sc;
    dmv_ref_schedule sch;
    dmv_error err;
    arb_t l, mu, m0, v0;
    int st;
    setup(&p, &g, N);
    dmv_scheme_default(&sc);
    sc.kind = kind;
    sc.eta = eta;
    sc.s_churn = churn;
    sc.s_tmax = tmax;
    dmv_error_init(&err);
    st = dmv_ref_schedule_init(&sch, &p, &g, &sc, PREC, &err);
    DMV_CHECK(st == DMV_OK, "schedule %s: %s", dmv_scheme_name(kind), err.msg);
    if (st != DMV_OK)
        return st;
    arb_init(l);
    arb_init(mu);
    arb_init(m0);
    arb_init(v0);
    arb_set_d(l, lam);
    arb_set_d(mu, mean);
    arb_zero(m0);
    arb_set_ui(v0, 6400); /* standard ve start N(0, T^2) */
    st = dmv_ref_scheme_law1(m, v, &sch, l, mu, m0, v0, NULL, PREC, &err);
    DMV_CHECK(st == DMV_OK, "law %s: %s", dmv_scheme_name(kind), err.msg);
    arb_clear(l);
    arb_clear(mu);
    arb_clear(m0);
    arb_clear(v0);
    dmv_ref_schedule_clear(&sch);
    return st;
}

static void test_lms(void)
{
    dmv_test_rng rng = {11};
    long it;
    arb_t c, t, sum, u;
    arb_ptr s = _arb_vec_init(8);
    arb_init(c);
    arb_init(t);
    arb_init(sum);
    arb_init(u);
    for (it = 0; it < 200; it++) {
        double sd[8];
        long k;
        int order, j, pw;
        sd[0] = 10 + 70 * dmv_test_uniform(&rng);
        for (k = 1; k < 8; k++)
            sd[k] = sd[k - 1] * (0.2 + 0.7 * dmv_test_uniform(&rng));
        if (it % 5 == 0)
            sd[7] = 0; /* a last step to 0 */
        for (k = 0; k < 8; k++)
            arb_set_d(s + k, sd[k]);
        k = 3 + (long) (dmv_test_next(&rng) % 4); /* 3..6: order 4 possible */
        for (order = 1; order <= 4; order++) {
            double cf[4];
            DMV_CHECK(dmv_fast_kdiff_lms_coef(cf, sd, k, order) == DMV_OK, "fast lms coef");
            for (pw = 0; pw < order; pw++) { /* sum_j c_j s_{k-j}^pw = (s'^{pw+1} - s^{pw+1})/(pw + 1) */
                arb_zero(sum);
                for (j = 0; j < order; j++) {
                    dmv_ref_kdiff_lms_coef(c, s, k, order, j, PREC);
                    arb_pow_ui(t, s + k - j, (ulong) pw, PREC);
                    arb_addmul(sum, c, t, PREC);
                    if (pw == 0) /* the fast Gauss rule: relative 1e-12 of the scale h max|L| */
                        DMV_CHECK(fabs(cf[j] - mid(c)) <= 1e-12 * (sd[k] - sd[k + 1]) * 64,
                                  "order %d weight %d: fast %.17g, arb %.17g", order, j, cf[j], mid(c));
                }
                arb_pow_ui(t, s + k + 1, (ulong) pw + 1, PREC);
                arb_pow_ui(u, s + k, (ulong) pw + 1, PREC);
                arb_sub(t, t, u, PREC);
                arb_div_ui(t, t, (ulong) pw + 1, PREC);
                DMV_CHECK(arb_overlaps(t, sum) && mag_cmp_2exp_si(arb_radref(sum), -80) < 0,
                          "order %d moment %d: reproduction fails", order, pw);
            }
        }
        /* order 2 by hand: c_1 = (s_{k+1} - s_k)^2 / (2 (s_{k-1} - s_k)) */
        dmv_ref_kdiff_lms_coef(c, s, k, 2, 1, PREC);
        arb_sub(t, s + k + 1, s + k, PREC);
        arb_sqr(t, t, PREC);
        arb_sub(u, s + k - 1, s + k, PREC);
        arb_mul_2exp_si(u, u, 1);
        arb_div(t, t, u, PREC);
        DMV_CHECK(arb_overlaps(t, c), "order-2 weight of d_{k-1} by hand");
    }
    DMV_CHECK(dmv_ref_kdiff_lms_coef(c, s, 1, 4, 0, PREC) == DMV_EINVAL, "order 4 at step 1 must be refused");
    arb_clear(c);
    arb_clear(t);
    arb_clear(sum);
    arb_clear(u);
    _arb_vec_clear(s, 8);
}

static void test_euler_by_hand(void)
{
    static const double lams[3] = {0.01, 1, 4};
    int i;
    for (i = 0; i < 3; i++) {
        dmv_process p;
        dmv_grid g;
        double s[21], lam = lams[i];
        long double A = 1;
        long k;
        arb_t m, v;
        dmv_error err;
        setup(&p, &g, 20);
        dmv_error_init(&err);
        dmv_fast_grid(s, &g, &p, &err);
        for (k = 0; k < 20; k++)
            A *= 1 + ((long double) s[k + 1] - s[k]) * s[k] / (lam + (long double) s[k] * s[k]);
        arb_init(m);
        arb_init(v);
        if (law(m, v, DMV_SCHEME_K_EULER, 0, 0, 0, 20, lam, 0) == DMV_OK)
            DMV_CHECK(fabs(mid(v) - (double) (A * A * 6400)) <= 1e-12 * mid(v),
                      "k-euler lambda %g: var %.17g, by hand %.17Lg", lam, mid(v), A * A * 6400);
        arb_clear(m);
        arb_clear(v);
    }
}

static void test_convergence(void)
{
    static const dmv_scheme_kind det[5] = {DMV_SCHEME_K_EULER, DMV_SCHEME_K_HEUN, DMV_SCHEME_K_DPM_2,
                                           DMV_SCHEME_K_DPMPP_2M, DMV_SCHEME_K_LMS};
    static const double tol[5] = {3e-2, 1e-3, 1e-3, 1e-3, 1e-3};
    arb_t m, v, me, ve, l, mu, m0, v0;
    dmv_process p;
    dmv_grid g;
    dmv_error err;
    int i, sde;
    arb_init(m);
    arb_init(v);
    arb_init(me);
    arb_init(ve);
    arb_init(l);
    arb_init(mu);
    arb_init(m0);
    arb_init(v0);
    setup(&p, &g, 400);
    arb_set_d(l, 0.25);
    arb_set_d(mu, -1);
    arb_zero(m0);
    arb_set_ui(v0, 6400);
    for (sde = 0; sde < 2; sde++) {
        dmv_error_init(&err);
        DMV_CHECK(dmv_ref_continuous_law1(me, ve, sde, &p, 0.0, l, mu, m0, v0, PREC, &err) == DMV_OK, "%s", err.msg);
        for (i = 0; i < (sde ? 1 : 5); i++) {
            dmv_scheme_kind kind = sde ? DMV_SCHEME_K_EULER_ANCESTRAL : det[i];
            double t = sde ? 6e-2 : tol[i]; /* measured: ancestral 3.0e-2, euler 1.4e-2 */
            if (law(m, v, kind, 1.0, 0, 0, 400, 0.25, -1) != DMV_OK)
                continue;
            DMV_CHECK(fabs(mid(v) - mid(ve)) <= t * mid(ve) && fabs(mid(m) - mid(me)) <= t,
                      "%s, 400 steps: (%.6g, %.6g), exact %s (%.6g, %.6g)", dmv_scheme_name(kind), mid(m), mid(v),
                      sde ? "SDE" : "ODE", mid(me), mid(ve));
        }
    }
    arb_clear(m);
    arb_clear(v);
    arb_clear(me);
    arb_clear(ve);
    arb_clear(l);
    arb_clear(mu);
    arb_clear(m0);
    arb_clear(v0);
}

static void test_consistency(void)
{
    static const dmv_scheme_kind kinds[7] = {DMV_SCHEME_K_EULER,  DMV_SCHEME_K_HEUN, DMV_SCHEME_K_DPM_2,
                                             DMV_SCHEME_K_DPMPP_2M, DMV_SCHEME_K_EULER_ANCESTRAL,
                                             DMV_SCHEME_K_LMS, DMV_SCHEME_EDM_HEUN_CHURN};
    int i;
    arb_t m1, v1, m2, v2;
    arb_init(m1);
    arb_init(v1);
    arb_init(m2);
    arb_init(v2);
    for (i = 0; i < 7; i++) {
        dmv_process p;
        dmv_grid g;
        dmv_scheme sc;
        dmv_ref_schedule sch;
        dmv_ref_affine1 af;
        dmv_error err;
        arb_t l, mu, A, B, c;
        arb_ptr PA = _arb_vec_init(13), PB = _arb_vec_init(13), PC = _arb_vec_init(13);
        long k;
        setup(&p, &g, 12);
        dmv_scheme_default(&sc);
        sc.kind = kinds[i];
        sc.eta = 0.7;
        if (kinds[i] == DMV_SCHEME_EDM_HEUN_CHURN || kinds[i] == DMV_SCHEME_K_DPM_2)
            sc.s_churn = 5, sc.s_tmin = 0.05, sc.s_tmax = 50, sc.s_noise = 1.003;
        dmv_error_init(&err);
        if (dmv_ref_schedule_init(&sch, &p, &g, &sc, PREC, &err) != DMV_OK) {
            DMV_CHECK(0, "%s: %s", dmv_scheme_name(sc.kind), err.msg);
            continue;
        }
        arb_init(l);
        arb_init(mu);
        arb_init(A);
        arb_init(B);
        arb_init(c);
        arb_set_d(l, 0.3);
        arb_set_d(mu, 0.7);
        dmv_ref_affine1_init(&af, 12);
        DMV_CHECK(dmv_ref_scheme_affine1(&af, &sch, l, mu, NULL, PREC, &err) == DMV_OK &&
                      dmv_ref_scheme_map1(A, B, c, &sch, l, mu, NULL, PREC, &err) == DMV_OK &&
                      dmv_ref_scheme_path1(PA, PB, PC, &sch, l, mu, NULL, PREC, &err) == DMV_OK,
                  "%s: %s", dmv_scheme_name(sc.kind), err.msg);
        DMV_CHECK(arb_overlaps(A, af.x0_coef) && arb_overlaps(c, af.shift) && arb_overlaps(A, PA + 12) &&
                      arb_overlaps(B, PB + 12) && arb_overlaps(c, PC + 12),
                  "%s: affine1 / map1 / path1 disagree", dmv_scheme_name(sc.kind));
        for (k = 0; k < 12; k++) /* a stochastic step's noise enters with the growth of its output */
            if (!arb_is_zero(af.noise_coef + k))
                DMV_CHECK(dmv_scheme_is_stochastic(&sc), "%s: noise in a deterministic scheme",
                          dmv_scheme_name(sc.kind));
        dmv_ref_affine1_clear(&af);
        dmv_ref_schedule_clear(&sch);
        arb_clear(l);
        arb_clear(mu);
        arb_clear(A);
        arb_clear(B);
        arb_clear(c);
        _arb_vec_clear(PA, 13);
        _arb_vec_clear(PB, 13);
        _arb_vec_clear(PC, 13);
    }
    /* identities between schemes */
    if (law(m1, v1, DMV_SCHEME_K_EULER_ANCESTRAL, 0.0, 0, 0, 20, 0.25, -1) == DMV_OK &&
        law(m2, v2, DMV_SCHEME_K_EULER, 0.0, 0, 0, 20, 0.25, -1) == DMV_OK)
        DMV_CHECK(arb_overlaps(m1, m2) && arb_overlaps(v1, v2), "ancestral eta 0 != euler");
    if (law(m1, v1, DMV_SCHEME_EDM_HEUN_CHURN, 0.0, 30, INFINITY, 20, 0.25, -1) == DMV_OK &&
        law(m2, v2, DMV_SCHEME_K_HEUN, 0.0, 30, INFINITY, 20, 0.25, -1) == DMV_OK)
        DMV_CHECK(arb_overlaps(m1, m2) && arb_overlaps(v1, v2), "edm-heun-churn != k-heun with churn");
    if (law(m1, v1, DMV_SCHEME_K_HEUN, 0.0, 30, 1e-3, 20, 0.25, -1) == DMV_OK &&
        law(m2, v2, DMV_SCHEME_K_HEUN, 0.0, 0, 0, 20, 0.25, -1) == DMV_OK)
        DMV_CHECK(arb_overlaps(m1, m2) && arb_overlaps(v1, v2), "churn with S_tmax below every sigma");
    if (law(m1, v1, DMV_SCHEME_K_HEUN, 0.0, 30, INFINITY, 20, 0.25, -1) == DMV_OK)
        DMV_CHECK(!arb_overlaps(v1, v2), "churn 30 changes nothing");
    arb_clear(m1);
    arb_clear(v1);
    arb_clear(m2);
    arb_clear(v2);
}

int main(void)
{
    test_lms();
    test_euler_by_hand();
    test_convergence();
    test_consistency();
    flint_cleanup();
    DMV_TEST_DONE("t-ref-kdiff");
}
