/* dmv_ref_spectrum_w2_interval (reference/spectrum_interval.c, docs/math/interval.md) against Arb:
 * random processes (VP linear, VP linear Song, VP cosine, VE), the six schemes, random uniform grids
 * (eps > 0, 2..80 steps) and random spectra (log-uniform eigenvalues, sometimes 0 or 1), both starts
 * (p_T and the standard start, variances from dmv_ref_init_law1 rounded outward). The oracle is
 * dmv_ref_scheme_w2_to_data at 128 bits, an independent code path (ball arithmetic, its own
 * W2 sum). Checks: every certified interval contains the Arb ball's midpoint; it is narrow
 * (the enclosure of W2^2 no wider than 1e-10 + 1e-11 W2^2); a certified DMV_ENOTFINITE is one in Arb too; at
 * most 5% of the cases are left undecided (DMV_EPREC). Also at eps = 0 with a null eigenvalue:
 * Heun and RK4 evaluate the score at s = 0 and both sides report DMV_ENOTFINITE. */
#include "dmv/ref.h"
#include "dmv_test.h"

static const dmv_scheme_kind kinds[6] = {DMV_SCHEME_EM,    DMV_SCHEME_EI,   DMV_SCHEME_DDPM,
                                         DMV_SCHEME_EULER, DMV_SCHEME_HEUN, DMV_SCHEME_RK4};

static void v0_bounds(double *lo, double *hi, const dmv_init *init, const dmv_process *p, double lam)
{
    arb_t l, m, m0, v0;
    arf_t t;
    dmv_error err;
    arb_init(l);
    arb_init(m);
    arb_init(m0);
    arb_init(v0);
    arf_init(t);
    dmv_error_init(&err);
    arb_set_d(l, lam);
    DMV_CHECK(dmv_ref_init_law1(m0, v0, init, p, l, m, 128, &err) == DMV_OK, "init law: %s", err.msg);
    arb_get_lbound_arf(t, v0, 128);
    *lo = arf_get_d(t, ARF_RND_FLOOR);
    arb_get_ubound_arf(t, v0, 128);
    *hi = arf_get_d(t, ARF_RND_CEIL);
    arb_clear(l);
    arb_clear(m);
    arb_clear(m0);
    arb_clear(v0);
    arf_clear(t);
}

int main(void)
{
    dmv_test_rng rng = {20261207};
    long iter, niter = dmv_test_iters(400), ncases = 0, nprec = 0, nzero = 0;
    static const dmv_process_kind pk[4] = {DMV_PROCESS_VP_LINEAR, DMV_PROCESS_VP_LINEAR_SONG,
                                           DMV_PROCESS_VP_COSINE, DMV_PROCESS_VE};
    for (iter = 0; iter < niter; iter++) {
        dmv_process p;
        dmv_grid g;
        dmv_scheme s;
        dmv_ref_schedule sch;
        dmv_gaussian data;
        dmv_init init[2];
        dmv_error err;
        double lam[6], v0lo[12], v0hi[12], wlo[2], whi[2];
        int st[2], i, d = 1 + (int) (dmv_test_next(&rng) % 6), special = iter % 10 == 0;
        long j;
        dmv_process_default(&p, pk[dmv_test_next(&rng) % 4]);
        dmv_grid_default(&g);
        g.kind = DMV_GRID_UNIFORM;
        g.steps = 2 + (long) (dmv_test_next(&rng) % 79);
        g.eps = special ? 0.0 : dmv_test_loguniform(&rng, 1e-5, 0.1) * (p.kind == DMV_PROCESS_VE ? 10 : 1);
        dmv_scheme_default(&s);
        s.kind = special ? (iter % 20 == 0 ? DMV_SCHEME_HEUN : DMV_SCHEME_RK4) : kinds[dmv_test_next(&rng) % 6];
        if (p.kind == DMV_PROCESS_VE && s.kind == DMV_SCHEME_DDPM)
            s.kind = DMV_SCHEME_EM; /* DDPM is VP only */
        for (j = 0; j < d; j++) {
            double u = dmv_test_uniform(&rng);
            lam[j] = u < 0.1 ? 0.0 : u < 0.2 ? 1.0 : dmv_test_loguniform(&rng, 1e-4, 20.0);
        }
        if (special)
            lam[0] = 0.0;
        data.d = d;
        data.lambda = lam;
        data.mean = NULL;
        data.basis = NULL;
        dmv_init_default(&init[0]);
        init[0].kind = DMV_INIT_EXACT;
        dmv_init_default(&init[1]);
        init[1].kind = DMV_INIT_STANDARD;
        for (i = 0; i < 2; i++)
            for (j = 0; j < d; j++)
                v0_bounds(&v0lo[i * d + j], &v0hi[i * d + j], &init[i], &p, lam[j]);
        dmv_error_init(&err);
        if (dmv_ref_schedule_init(&sch, &p, &g, &s, 128, &err) != DMV_OK)
            continue; /* e.g. DDPM with h g^2 >= 1: no schedule, nothing to compare */
        DMV_CHECK(dmv_ref_spectrum_w2_interval(wlo, whi, st, &sch, lam, d, v0lo, v0hi, 2,
                                               1 + (int) (iter % 3), &err) == DMV_OK,
                  "case %ld: %s", iter, err.msg);
        dmv_ref_schedule_clear(&sch);
        for (i = 0; i < 2; i++) {
            arb_t w;
            int ast;
            arb_init(w);
            dmv_error_init(&err);
            ast = dmv_ref_scheme_w2_to_data(w, NULL, &p, &g, &s, &init[i], &data, NULL, 1, 128, &err);
            ncases++;
            if (st[i] == DMV_EPREC)
                nprec++;
            if (st[i] == DMV_ENOTFINITE) {
                nzero++;
                DMV_CHECK(ast == DMV_ENOTFINITE, "case %ld (%s, %s, eps %g, %ld steps, start %d): interval says "
                          "not finite, Arb %d (%s)", iter, dmv_process_name(p.kind), dmv_scheme_name(s.kind), g.eps,
                          g.steps, i, ast, err.msg);
            }
            if (special)
                DMV_CHECK(st[i] == DMV_ENOTFINITE, "case %ld (%s, eps 0, lambda 0): status %d, expected not finite",
                          iter, dmv_scheme_name(s.kind), st[i]);
            if (st[i] == DMV_OK) {
                double m;
                DMV_CHECK(ast == DMV_OK, "case %ld: interval certified, Arb status %d (%s)", iter, ast, err.msg);
                m = arf_get_d(arb_midref(w), ARF_RND_NEAR);
                DMV_CHECK(ast != DMV_OK || (wlo[i] <= m && m <= whi[i]),
                          "case %ld (%s, %s, eps %g, %ld steps, d %d, start %d): [%.17g, %.17g] misses Arb %.17g",
                          iter, dmv_process_name(p.kind), dmv_scheme_name(s.kind), g.eps, g.steps, d, i, wlo[i],
                          whi[i], m);
                DMV_CHECK((whi[i] - wlo[i]) * (whi[i] + wlo[i]) <= 1e-10 + 1e-11 * whi[i] * whi[i],
                          "case %ld (%s, %ld steps): interval [%.17g, %.17g] too wide", iter,
                          dmv_scheme_name(s.kind), g.steps, wlo[i], whi[i]);
            }
            arb_clear(w);
        }
    }
    DMV_CHECK(ncases > niter, "only %ld cases ran", ncases);
    DMV_CHECK(nprec <= ncases / 20, "%ld of %ld cases undecided in double", nprec, ncases);
    DMV_CHECK(nzero >= 2, "only %ld certified not-finite cases", nzero);
    printf("%ld cases: %ld certified, %ld not finite, %ld undecided\n", ncases, ncases - nprec - nzero, nzero, nprec);
    flint_cleanup();
    return dmv_test_failures != 0;
}
