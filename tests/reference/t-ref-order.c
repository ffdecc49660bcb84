/* Observed orders from certified values: with the exact p_T start the
 * continuous law at eps is p_eps, so the W2 between the scheme's output law
 * and p_eps is the discretisation error alone. Away from stiffness (eps = 1e-2,
 * moderate lambda, a nonzero mean) it must fall like N^-p:
 * p = 1 for EM, EI, DDPM, Euler, DDIM (eta 0 and 1); 2 for Heun, Heun-EDM,
 * DPM-Solver-2, DPM-Solver++(2M); 4 for RK4. Observed order
 * log2(err(N)/err(2N)) at N = 400 (RK4: 200; VE: 4 times more), required within 0.15 of p,
 * on VP linear, VP cosine and VE (uniform grid; DPM solvers also log-SNR). */
#include "dmv/ref.h"
#include "dmv_test.h"

static double mid(const arb_t x) { return arf_get_d(arb_midref(x), ARF_RND_NEAR); }

static int w2_err(arb_t w, const dmv_process *p, dmv_grid_kind gk, long N, const dmv_scheme *sc,
                  const arb_t lam, const arb_t mu, dmv_error *err)
{
    dmv_ref_schedule sch;
    dmv_grid g;
    dmv_init in;
    arb_t m0, v0, mo, vo, me, ve;
    int st;
    dmv_grid_default(&g);
    g.kind = gk;
    g.steps = N;
    g.eps = 1e-2;
    in.kind = DMV_INIT_EXACT;
    arb_init(m0);
    arb_init(v0);
    arb_init(mo);
    arb_init(vo);
    arb_init(me);
    arb_init(ve);
    st = dmv_ref_schedule_init(&sch, p, &g, sc, 128, err);
    if (st == 0) {
        st = dmv_ref_init_law1(m0, v0, &in, p, lam, mu, 128, err);
        st |= dmv_ref_scheme_law1(mo, vo, &sch, lam, mu, m0, v0, NULL, 128, err);
        st |= dmv_ref_data_law1(me, ve, p, g.eps, lam, mu, 128, err);
        dmv_ref_w2sq_1d(w, mo, vo, me, ve, 128);
        arb_sqrtpos(w, w, 128);
        dmv_ref_schedule_clear(&sch);
    }
    arb_clear(m0);
    arb_clear(v0);
    arb_clear(mo);
    arb_clear(vo);
    arb_clear(me);
    arb_clear(ve);
    return st;
}

int main(void)
{
    static const struct { dmv_scheme_kind k; double eta; int order; } cases[] = {
        {DMV_SCHEME_EM, 0, 1},   {DMV_SCHEME_EI, 0, 1},       {DMV_SCHEME_DDPM, 0, 1},
        {DMV_SCHEME_EULER, 0, 1}, {DMV_SCHEME_DDIM, 0, 1},    {DMV_SCHEME_DDIM, 1, 1},
        {DMV_SCHEME_HEUN, 0, 2}, {DMV_SCHEME_HEUN_EDM, 0, 2}, {DMV_SCHEME_DPM2, 0, 2},
        {DMV_SCHEME_DPMPP2M, 0, 2}, {DMV_SCHEME_RK4, 0, 4}};
    static const double lams[] = {0.05, 0.7, 4.0};
    size_t i, pk, li;
    arb_t lam, mu, w1, w2;
    dmv_error err;
    arb_init(lam);
    arb_init(mu);
    arb_init(w1);
    arb_init(w2);
    for (pk = 0; pk < 3; pk++) {
        dmv_process p;
        dmv_process_default(&p, pk == 0 ? DMV_PROCESS_VP_LINEAR : pk == 1 ? DMV_PROCESS_VP_COSINE : DMV_PROCESS_VE);
        if (p.kind == DMV_PROCESS_VE)
            p.t_max = 5;
        for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
            dmv_scheme sc;
            int gi;
            if ((cases[i].k == DMV_SCHEME_DDPM || cases[i].k == DMV_SCHEME_DDPM_CHAIN || cases[i].k == DMV_SCHEME_DDPM_POSTERIOR) && p.kind == DMV_PROCESS_VE)
                continue;
            dmv_scheme_default(&sc);
            sc.kind = cases[i].k;
            sc.eta = cases[i].eta;
            for (gi = 0; gi < 2; gi++) {
                dmv_grid_kind gk = gi ? DMV_GRID_LOGSNR : DMV_GRID_UNIFORM;
                long N = (cases[i].order == 4 ? 200 : 400) * (p.kind == DMV_PROCESS_VE ? 4 : 1); /* VE: stiffer at the end */
                if (gi && cases[i].k != DMV_SCHEME_DPM2 && cases[i].k != DMV_SCHEME_DPMPP2M &&
                    cases[i].k != DMV_SCHEME_EULER)
                    continue;
                for (li = 0; li < 3; li++) {
                    double ord;
                    int st;
                    arb_set_d(lam, lams[li]);
                    arb_set_d(mu, 0.8);
                    dmv_error_init(&err);
                    st = w2_err(w1, &p, gk, N, &sc, lam, mu, &err);
                    st |= w2_err(w2, &p, gk, 2 * N, &sc, lam, mu, &err);
                    ord = log2(mid(w1) / mid(w2));
                    DMV_CHECK(st == 0 && fabs(ord - cases[i].order) < 0.15 &&
                                  mag_cmp_2exp_si(arb_radref(w2), -100) < 0,
                              "%s %s eta=%g %s lambda=%g: W2 %.3e (N=%ld) %.3e (2N), observed order %.3f, expected %d "
                              "[%s]",
                              dmv_process_name(p.kind), dmv_scheme_name(sc.kind), sc.eta, dmv_grid_name(gk), lams[li],
                              mid(w1), N, mid(w2), ord, cases[i].order, err.msg);
                }
            }
        }
    }
    arb_clear(lam);
    arb_clear(mu);
    arb_clear(w1);
    arb_clear(w2);
    flint_cleanup();
    DMV_TEST_DONE("t-ref-order");
}
