/* Exact continuous laws and starts (docs/schemes.md 4, 6), against:
 *  - the closed forms of docs/math/laws.md#pg-closed-forms for VP linear (written here, raw forms,
 *    at 256 bits), incl. the N(0,1) specialisation;
 *  - docs/math/laws.md#continuous for VE;
 *  - the identity: the exact p_T start through the continuous SDE/ODE gives
 *    p_s exactly (every process; ball contains);
 *  - Song's (0.1, 20) == the paper's (0.05, 10) (laws and scheme maps overlap);
 *  - lambda = 1, mean 0 (VP): the PF-ODE drift vanishes, so Euler, Heun and RK4
 *    keep the variance exactly (A = 1 exactly);
 *  - results at 128 and 256 bits overlap; radii below 1e-30 at 128 bits;
 *  - too low a precision is DMV_EPREC. */
#include <string.h>

#include "dmv/ref.h"
#include "dmv_test.h"

#define TP 256

static double mid(const arb_t x) { return arf_get_d(arb_midref(x), ARF_RND_NEAR); }

/* VP linear (paper): B(s), e^{-2B}, lambda_s, m*_s raw */
static void vp_raw(arb_t B, arb_t ls, arb_t ms, const dmv_process *p, double s, const arb_t lam, const arb_t mu)
{
    arb_t t, u, ss;
    arb_init(t);
    arb_init(u);
    arb_init(ss);
    arb_set_d(ss, s);
    arb_set_d(t, p->beta_max);
    arb_set_d(u, p->beta_min);
    arb_sub(t, t, u, TP);
    arb_mul(t, t, ss, TP);
    arb_mul_2exp_si(t, t, -1);
    arb_add(t, t, u, TP);
    arb_mul(B, t, ss, TP);
    arb_mul_2exp_si(t, B, 1);
    arb_neg(t, t);
    arb_exp(t, t, TP);          /* e^{-2B} */
    arb_mul(ls, t, lam, TP);
    arb_add_ui(ls, ls, 1, TP);
    arb_sub(ls, ls, t, TP);     /* e^{-2B} lambda + 1 - e^{-2B} */
    arb_neg(t, B);
    arb_exp(t, t, TP);
    arb_mul(ms, t, mu, TP);
    arb_clear(t);
    arb_clear(u);
    arb_clear(ss);
}

int main(void)
{
    dmv_test_rng rng = {777};
    long iter;
    slong prec = 128;
    arb_t lam, mu, m0, v0, mo, vo, mw, vw, BT, Be, lT, le, mT, me, a, t, u;
    dmv_error err;
    arb_init(lam);
    arb_init(mu);
    arb_init(m0);
    arb_init(v0);
    arb_init(mo);
    arb_init(vo);
    arb_init(mw);
    arb_init(vw);
    arb_init(BT);
    arb_init(Be);
    arb_init(lT);
    arb_init(le);
    arb_init(mT);
    arb_init(me);
    arb_init(a);
    arb_init(t);
    arb_init(u);

    /* docs/math/laws.md#pg-closed-forms (VP linear) */
    for (iter = 0; iter < dmv_test_iters(300); iter++) {
        dmv_process p;
        double eps = dmv_test_next(&rng) % 4 == 0 ? 0.0 : dmv_test_loguniform(&rng, 1e-6, 0.5);
        int sde = (int) (iter & 1), st, n01 = dmv_test_next(&rng) % 3 == 0;
        dmv_process_default(&p, DMV_PROCESS_VP_LINEAR);
        arb_set_d(lam, dmv_test_next(&rng) % 6 == 0 ? 0.0 : dmv_test_loguniform(&rng, 1e-5, 300));
        arb_set_d(mu, n01 ? 0.0 : 6 * dmv_test_uniform(&rng) - 3);
        arb_set_d(m0, n01 ? 0.0 : 2 * dmv_test_uniform(&rng) - 1);
        arb_set_d(v0, n01 ? 1.0 : dmv_test_loguniform(&rng, 1e-3, 10));
        vp_raw(BT, lT, mT, &p, p.t_max, lam, mu);
        vp_raw(Be, le, me, &p, eps, lam, mu);
        arb_sub(t, BT, Be, TP);
        arb_neg(t, t);
        arb_exp(t, t, TP); /* e^{-(B_T - B_eps)} */
        if (sde) {
            /* a = e^{-(BT-Be)} le/lT; var = a^2 v0 + le - e^{-2(BT-Be)} le^2/lT */
            arb_mul(a, t, le, TP);
            arb_div(a, a, lT, TP);
            arb_sqr(vw, a, TP);
            arb_mul(vw, vw, v0, TP);
            arb_add(vw, vw, le, TP);
            arb_sqr(u, t, TP);
            arb_mul(u, u, le, TP);
            arb_mul(u, u, le, TP);
            arb_div(u, u, lT, TP);
            arb_sub(vw, vw, u, TP);
        } else {
            arb_div(a, le, lT, TP);
            arb_mul(vw, a, v0, TP);
            arb_sqrt(a, a, TP);
        }
        arb_sub(mw, m0, mT, TP);
        arb_mul(mw, mw, a, TP);
        arb_add(mw, mw, me, TP);
        dmv_error_init(&err);
        st = dmv_ref_continuous_law1(mo, vo, sde, &p, eps, lam, mu, m0, v0, prec, &err);
        DMV_CHECK(st == 0 && arb_overlaps(mo, mw) && arb_overlaps(vo, vw) &&
                      mag_cmp_2exp_si(arb_radref(vo), -100) < 0 && mag_cmp_2exp_si(arb_radref(mo), -100) < 0,
                  "%s eps=%g lambda=%g mu=%g m0=%g v0=%g: lib (%.20g, %.20g) rad %.1e, 2.3 (%.20g, %.20g)",
                  sde ? "SDE" : "ODE", eps, mid(lam), mid(mu), mid(m0), mid(v0), mid(mo), mid(vo),
                  mag_get_d(arb_radref(vo)), mid(mw), mid(vw));
        if (n01 && sde) {
            /* var = le + e^{-2(BT-Be)} le^2 e^{-2BT} (1 - lambda)/lT^2 */
            arb_sqr(u, t, TP);
            arb_mul(u, u, le, TP);
            arb_mul(u, u, le, TP);
            arb_mul_2exp_si(t, BT, 1);
            arb_neg(t, t);
            arb_exp(t, t, TP);
            arb_mul(u, u, t, TP);
            arb_sub_ui(t, lam, 1, TP);
            arb_neg(t, t);
            arb_mul(u, u, t, TP);
            arb_div(u, u, lT, TP);
            arb_div(u, u, lT, TP);
            arb_add(u, u, le, TP);
            DMV_CHECK(arb_overlaps(u, vo), "N(0,1) SDE var eps=%g lambda=%g: %.20g vs %.20g", eps, mid(lam),
                      mid(vo), mid(u));
        }
    }

    /* docs/math/laws.md#continuous (VE): a = l_t/l_T; mean mu + a(m0 - mu); var a^2 v0 + l_t - l_t^2/l_T; ODE c = sqrt(l_t/l_T) */
    for (iter = 0; iter < dmv_test_iters(100); iter++) {
        dmv_process p;
        double s = dmv_test_next(&rng) % 4 == 0 ? 0.0 : dmv_test_loguniform(&rng, 1e-4, 50);
        int sde = (int) (iter & 1), st;
        dmv_process_default(&p, DMV_PROCESS_VE);
        arb_set_d(lam, dmv_test_next(&rng) % 6 == 0 ? 0.0 : dmv_test_loguniform(&rng, 1e-5, 300));
        arb_set_d(mu, 6 * dmv_test_uniform(&rng) - 3);
        arb_set_d(m0, 2 * dmv_test_uniform(&rng) - 1);
        arb_set_d(v0, dmv_test_loguniform(&rng, 1, 1e4));
        arb_set_d(t, p.t_max);
        arb_sqr(t, t, TP);
        arb_add(lT, lam, t, TP);
        arb_set_d(t, s);
        arb_sqr(t, t, TP);
        arb_add(le, lam, t, TP);
        arb_div(a, le, lT, TP);
        if (sde) {
            arb_sqr(vw, a, TP);
            arb_mul(vw, vw, v0, TP);
            arb_add(vw, vw, le, TP);
            arb_mul(u, le, a, TP);
            arb_sub(vw, vw, u, TP);
        } else {
            arb_mul(vw, a, v0, TP);
            arb_sqrt(a, a, TP);
        }
        arb_sub(mw, m0, mu, TP);
        arb_mul(mw, mw, a, TP);
        arb_add(mw, mw, mu, TP);
        st = dmv_ref_continuous_law1(mo, vo, sde, &p, s, lam, mu, m0, v0, prec, &err);
        DMV_CHECK(st == 0 && arb_overlaps(mo, mw) && arb_overlaps(vo, vw),
                  "VE %s s=%g lambda=%g: lib (%.20g, %.20g), 1.2 (%.20g, %.20g)", sde ? "SDE" : "ODE", s, mid(lam),
                  mid(mo), mid(vo), mid(mw), mid(vw));
    }

    /* exact p_T start -> p_s, every process */
    for (iter = 0; iter < dmv_test_iters(200); iter++) {
        dmv_process p;
        dmv_init in;
        double s;
        int sde = (int) (iter & 1), st;
        dmv_process_default(&p, (dmv_process_kind) (iter / 2 % 4));
        s = dmv_test_next(&rng) % 4 == 0 ? 0.0 : p.t_max * dmv_test_uniform(&rng);
        in.kind = DMV_INIT_EXACT;
        arb_set_d(lam, dmv_test_next(&rng) % 6 == 0 ? 0.0 : dmv_test_loguniform(&rng, 1e-5, 300));
        arb_set_d(mu, 6 * dmv_test_uniform(&rng) - 3);
        st = dmv_ref_init_law1(m0, v0, &in, &p, lam, mu, prec, &err);
        st |= dmv_ref_continuous_law1(mo, vo, sde, &p, s, lam, mu, m0, v0, prec, &err);
        st |= dmv_ref_data_law1(mw, vw, &p, s, lam, mu, prec, &err);
        DMV_CHECK(st == 0 && arb_overlaps(mo, mw) && arb_overlaps(vo, vw) &&
                      mag_cmp_2exp_si(arb_radref(vo), -100) < 0,
                  "%s %s from p_T to s=%g lambda=%g: (%.20g, %.20g) vs p_s (%.20g, %.20g) rad %.1e",
                  dmv_process_name(p.kind), sde ? "SDE" : "ODE", s, mid(lam), mid(mo), mid(vo), mid(mw), mid(vw),
                  mag_get_d(arb_radref(vo)));
        /* p_0 is the data itself */
        st = dmv_ref_data_law1(mw, vw, &p, 0.0, lam, mu, prec, &err);
        DMV_CHECK(st == 0 && arb_equal(vw, lam) && arb_equal(mw, mu), "p_0 != data for %s", dmv_process_name(p.kind));
    }

    /* starts */
    {
        dmv_process p;
        dmv_init in;
        dmv_process_default(&p, DMV_PROCESS_VE);
        in.kind = DMV_INIT_STANDARD;
        arb_set_d(lam, 2.0);
        arb_set_d(mu, 1.0);
        dmv_ref_init_law1(m0, v0, &in, &p, lam, mu, prec, &err);
        DMV_CHECK(arb_is_zero(m0) && arf_cmp_si(arb_midref(v0), 6400) == 0 && arb_is_exact(v0), "VE standard start");
        dmv_process_default(&p, DMV_PROCESS_VP_LINEAR);
        dmv_ref_init_law1(m0, v0, &in, &p, lam, mu, prec, &err);
        DMV_CHECK(arb_is_zero(m0) && arb_is_one(v0), "VP standard start");
        in.kind = DMV_INIT_GAUSSIAN;
        in.mean = 0.25;
        in.var = 3.0;
        dmv_ref_init_law1(m0, v0, &in, &p, lam, mu, prec, &err);
        DMV_CHECK(arf_cmp_si(arb_midref(v0), 3) == 0 && mid(m0) == 0.25, "gaussian start");
        in.var = -1;
        DMV_CHECK(dmv_ref_init_law1(m0, v0, &in, &p, lam, mu, prec, &err) == DMV_EINVAL, "negative var accepted");
    }

    /* Song (0.1, 20) == paper (0.05, 10): continuous laws and every scheme */
    for (iter = 0; iter < dmv_test_iters(40); iter++) {
        dmv_process pp, ps;
        dmv_grid g;
        dmv_scheme sc;
        dmv_ref_schedule s1, s2;
        arb_t A1, B1, c1, A2, B2, c2;
        int st;
        dmv_process_default(&pp, DMV_PROCESS_VP_LINEAR);
        ps = pp;
        ps.kind = DMV_PROCESS_VP_LINEAR_SONG;
        ps.beta_min = 0.1;
        ps.beta_max = 20;
        dmv_grid_default(&g);
        g.kind = (dmv_grid_kind) (iter % 4);
        g.steps = 20 + (long) (dmv_test_next(&rng) % 40);
        dmv_scheme_default(&sc);
        sc.kind = (dmv_scheme_kind) (iter % DMV_SCHEME_COUNT);
        sc.eta = 0.5;
        arb_set_d(lam, dmv_test_loguniform(&rng, 1e-4, 10));
        arb_set_d(mu, dmv_test_uniform(&rng));
        arb_set_d(m0, 0.1);
        arb_set_d(v0, 1.1);
        dmv_ref_continuous_law1(mo, vo, (int) (iter & 1), &pp, 0.01, lam, mu, m0, v0, prec, &err);
        dmv_ref_continuous_law1(mw, vw, (int) (iter & 1), &ps, 0.01, lam, mu, m0, v0, prec, &err);
        DMV_CHECK(arb_overlaps(mo, mw) && arb_overlaps(vo, vw), "Song != paper (continuous)");
        arb_init(A1);
        arb_init(B1);
        arb_init(c1);
        arb_init(A2);
        arb_init(B2);
        arb_init(c2);
        g.steps = g.kind == DMV_GRID_UNIFORM && sc.kind == DMV_SCHEME_DDPM ? 200 : g.steps;
        if (sc.kind == DMV_SCHEME_DDPM)
            g.steps = 400;
        st = dmv_ref_schedule_init(&s1, &pp, &g, &sc, prec, &err);
        st |= dmv_ref_schedule_init(&s2, &ps, &g, &sc, prec, &err);
        DMV_CHECK(st == 0, "schedules: %s", err.msg);
        if (st == 0) {
            st = dmv_ref_scheme_map1(A1, B1, c1, &s1, lam, mu, NULL, prec, &err);
            st |= dmv_ref_scheme_map1(A2, B2, c2, &s2, lam, mu, NULL, prec, &err);
            DMV_CHECK(st == 0 && arb_overlaps(A1, A2) && arb_overlaps(B1, B2) && arb_overlaps(c1, c2),
                      "Song != paper: %s %s N=%ld: A %.20g vs %.20g", dmv_scheme_name(sc.kind),
                      dmv_grid_name(g.kind), g.steps, mid(A1), mid(A2));
            dmv_ref_schedule_clear(&s1);
            dmv_ref_schedule_clear(&s2);
        }
        arb_clear(A1);
        arb_clear(B1);
        arb_clear(c1);
        arb_clear(A2);
        arb_clear(B2);
        arb_clear(c2);
    }

    /* lambda = 1, mean 0: the PF-ODE drift vanishes (VP); Euler, Heun, RK4 keep the variance exactly */
    {
        static const dmv_scheme_kind ode[] = {DMV_SCHEME_EULER, DMV_SCHEME_HEUN, DMV_SCHEME_RK4};
        int i, k;
        for (k = 0; k < 3; k++)
            for (i = 0; i < 3; i++) {
                dmv_process p;
                dmv_grid g;
                dmv_scheme sc;
                dmv_ref_schedule sch;
                arb_t A, Bsq, c;
                int st;
                dmv_process_default(&p, (dmv_process_kind) k);
                dmv_grid_default(&g);
                g.steps = 37;
                dmv_scheme_default(&sc);
                sc.kind = ode[i];
                arb_init(A);
                arb_init(Bsq);
                arb_init(c);
                arb_one(lam);
                arb_zero(mu);
                st = dmv_ref_schedule_init(&sch, &p, &g, &sc, prec, &err);
                st |= dmv_ref_scheme_map1(A, Bsq, c, &sch, lam, mu, NULL, prec, &err);
                DMV_CHECK(st == 0 && arb_is_one(A) && arb_is_zero(Bsq) && arb_is_zero(c),
                          "%s %s at lambda = 1: A = %.20g (rad %.1e)", dmv_process_name(p.kind),
                          dmv_scheme_name(sc.kind), mid(A), mag_get_d(arb_radref(A)));
                dmv_ref_schedule_clear(&sch);
                arb_clear(A);
                arb_clear(Bsq);
                arb_clear(c);
            }
    }

    /* 128 vs 256 bits overlap, every scheme and process, random grids */
    for (iter = 0; iter < dmv_test_iters(60); iter++) {
        dmv_process p;
        dmv_grid g;
        dmv_scheme sc;
        dmv_ref_schedule s1, s2;
        arb_t A1, B1, c1, A2, B2, c2;
        int st;
        dmv_process_default(&p, (dmv_process_kind) (dmv_test_next(&rng) % 4));
        dmv_grid_default(&g);
        g.kind = (dmv_grid_kind) (dmv_test_next(&rng) % 4);
        g.steps = 30 + (long) (dmv_test_next(&rng) % 100);
        dmv_scheme_default(&sc);
        sc.kind = (dmv_scheme_kind) (iter % DMV_SCHEME_COUNT);
        sc.eta = dmv_test_uniform(&rng);
        if ((sc.kind == DMV_SCHEME_DDPM_CHAIN || sc.kind == DMV_SCHEME_DDPM_POSTERIOR) && p.kind == DMV_PROCESS_VE)
            dmv_process_default(&p, DMV_PROCESS_VP_LINEAR);
        if (sc.kind == DMV_SCHEME_DDPM) {
            dmv_process_default(&p, DMV_PROCESS_VP_LINEAR);
            g.steps = 300;
        }
        arb_set_d(lam, dmv_test_loguniform(&rng, 1e-4, 10));
        arb_set_d(mu, dmv_test_uniform(&rng));
        arb_init(A1);
        arb_init(B1);
        arb_init(c1);
        arb_init(A2);
        arb_init(B2);
        arb_init(c2);
        dmv_error_init(&err);
        st = dmv_ref_schedule_init(&s1, &p, &g, &sc, 128, &err);
        st |= dmv_ref_schedule_init(&s2, &p, &g, &sc, 256, &err);
        DMV_CHECK(st == 0, "%s %s %s: %s", dmv_process_name(p.kind), dmv_grid_name(g.kind), dmv_scheme_name(sc.kind),
                  err.msg);
        if (st == 0) {
            st = dmv_ref_scheme_map1(A1, B1, c1, &s1, lam, mu, NULL, 128, &err);
            st |= dmv_ref_scheme_map1(A2, B2, c2, &s2, lam, mu, NULL, 256, &err);
            DMV_CHECK(st == 0 && arb_overlaps(A1, A2) && arb_overlaps(B1, B2) && arb_overlaps(c1, c2) &&
                          mag_cmp_2exp_si(arb_radref(A1), -100) < 0 && mag_cmp_2exp_si(arb_radref(B1), -100) < 0 &&
                          mag_cmp_2exp_si(arb_radref(A2), -220) < 0,
                      "128 vs 256: %s %s %s N=%ld lambda=%g: A %.20g (rad %.1e) vs %.20g (rad %.1e)",
                      dmv_process_name(p.kind), dmv_grid_name(g.kind), dmv_scheme_name(sc.kind), g.steps, mid(lam),
                      mid(A1), mag_get_d(arb_radref(A1)), mid(A2), mag_get_d(arb_radref(A2)));
            dmv_ref_schedule_clear(&s1);
            dmv_ref_schedule_clear(&s2);
        }
        arb_clear(A1);
        arb_clear(B1);
        arb_clear(c1);
        arb_clear(A2);
        arb_clear(B2);
        arb_clear(c2);
    }

    /* precision too low: EM with 5000 steps at 16 bits loses more than 3/4 of the bits -> DMV_EPREC */
    {
        dmv_process p;
        dmv_grid g;
        dmv_scheme sc;
        dmv_ref_schedule sch;
        arb_t A, Bsq, c;
        int st;
        dmv_process_default(&p, DMV_PROCESS_VP_LINEAR);
        dmv_grid_default(&g);
        g.steps = 5000;
        g.eps = 0;
        dmv_scheme_default(&sc);
        arb_init(A);
        arb_init(Bsq);
        arb_init(c);
        arb_set_d(lam, 0.5);
        arb_zero(mu);
        dmv_error_init(&err);
        st = dmv_ref_schedule_init(&sch, &p, &g, &sc, 16, &err);
        DMV_CHECK(st == 0, "schedule at 16 bits: %s", err.msg);
        if (st == 0) {
            st = dmv_ref_scheme_map1(A, Bsq, c, &sch, lam, mu, NULL, 16, &err);
            DMV_CHECK(st == DMV_EPREC, "EM 5000 steps at 16 bits: status %d (%s)", st, err.msg);
            dmv_ref_schedule_clear(&sch);
        }
        arb_clear(A);
        arb_clear(Bsq);
        arb_clear(c);
    }

    arb_clear(lam);
    arb_clear(mu);
    arb_clear(m0);
    arb_clear(v0);
    arb_clear(mo);
    arb_clear(vo);
    arb_clear(mw);
    arb_clear(vw);
    arb_clear(BT);
    arb_clear(Be);
    arb_clear(lT);
    arb_clear(le);
    arb_clear(mT);
    arb_clear(me);
    arb_clear(a);
    arb_clear(t);
    arb_clear(u);
    flint_cleanup();
    DMV_TEST_DONE("t-ref-laws");
}
