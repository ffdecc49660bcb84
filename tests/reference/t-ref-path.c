/* dmv_ref_scheme_path1: the map of every intermediate state. Identity: on a
 * uniform grid with dyadic points, the state after k of N steps is the output
 * of the k-step grid from T to s_k (same points, same noises, same history),
 * so path1[k] must overlap map1 on that shorter grid; path1[N] = map1; path1[0]
 * is the start (1, 0, 0). Every scheme, three processes, with a mean and a
 * score error. */
#include "dmv/ref.h"
#include "dmv_test.h"

static double mid(const arb_t x) { return arf_get_d(arb_midref(x), ARF_RND_NEAR); }

int main(void)
{
    /* T, eps, N, k: all points dyadic */
    static const struct { dmv_process_kind p; double T, eps; long N, k; } cfg[] = {
        {DMV_PROCESS_VP_LINEAR, 1.0, 0.25, 48, 24},
        {DMV_PROCESS_VP_COSINE, 0.75, 0.125, 40, 20},
        {DMV_PROCESS_VE, 80.0, 8.0, 6, 3}};
    size_t ci;
    int sk;
    arb_t lam, mu, A, B, c;
    dmv_ref_score_error se = {0.05, 0.01, 0.1};
    arb_init(lam);
    arb_init(mu);
    arb_init(A);
    arb_init(B);
    arb_init(c);
    arb_set_d(lam, 0.37);
    arb_set_d(mu, -0.6);
    for (ci = 0; ci < 3; ci++)
        for (sk = 0; sk < DMV_SCHEME_COUNT; sk++) {
            dmv_process p;
            dmv_grid g, g2;
            dmv_scheme sc;
            dmv_ref_schedule s1, s2;
            dmv_error err;
            arb_ptr PA, PB, PC;
            int st, e;
            if ((sk == DMV_SCHEME_DDPM || sk == DMV_SCHEME_DDPM_CHAIN || sk == DMV_SCHEME_DDPM_POSTERIOR) && cfg[ci].p == DMV_PROCESS_VE)
                continue;
            dmv_process_default(&p, cfg[ci].p);
            p.t_max = cfg[ci].T;
            dmv_grid_default(&g);
            g.kind = DMV_GRID_UNIFORM;
            g.eps = cfg[ci].eps;
            g.steps = cfg[ci].N;
            g2 = g;
            g2.steps = cfg[ci].k;
            g2.eps = cfg[ci].T - (cfg[ci].T - cfg[ci].eps) * (double) cfg[ci].k / (double) cfg[ci].N;
            dmv_scheme_default(&sc);
            sc.kind = (dmv_scheme_kind) sk;
            sc.eta = 0.6;
            PA = _arb_vec_init(g.steps + 1);
            PB = _arb_vec_init(g.steps + 1);
            PC = _arb_vec_init(g.steps + 1);
            for (e = 0; e < 2; e++) {
                const dmv_ref_score_error *sep = e ? &se : NULL;
                dmv_error_init(&err);
                st = dmv_ref_schedule_init(&s1, &p, &g, &sc, 128, &err);
                st |= dmv_ref_schedule_init(&s2, &p, &g2, &sc, 128, &err);
                DMV_CHECK(st == 0, "%s %s: %s", dmv_process_name(p.kind), dmv_scheme_name(sc.kind), err.msg);
                if (st != 0)
                    continue;
                DMV_CHECK(arb_equal(s1.s + cfg[ci].k, s2.s + cfg[ci].k), "grid points differ");
                st = dmv_ref_scheme_path1(PA, PB, PC, &s1, lam, mu, sep, 128, &err);
                st |= dmv_ref_scheme_map1(A, B, c, &s2, lam, mu, sep, 128, &err);
                DMV_CHECK(st == 0 && arb_overlaps(PA + cfg[ci].k, A) && arb_overlaps(PB + cfg[ci].k, B) &&
                              arb_overlaps(PC + cfg[ci].k, c) && arb_is_one(PA) && arb_is_zero(PB) && arb_is_zero(PC),
                          "%s %s err %d: path[k] A %.17g B %.17g c %.17g vs %.17g %.17g %.17g [%s]",
                          dmv_process_name(p.kind), dmv_scheme_name(sc.kind), e, mid(PA + cfg[ci].k),
                          mid(PB + cfg[ci].k), mid(PC + cfg[ci].k), mid(A), mid(B), mid(c), err.msg);
                st = dmv_ref_scheme_map1(A, B, c, &s1, lam, mu, sep, 128, &err);
                DMV_CHECK(st == 0 && arb_overlaps(PA + g.steps, A) && arb_overlaps(PB + g.steps, B) &&
                              arb_overlaps(PC + g.steps, c),
                          "%s %s: path[N] != map1", dmv_process_name(p.kind), dmv_scheme_name(sc.kind));
                dmv_ref_schedule_clear(&s1);
                dmv_ref_schedule_clear(&s2);
            }
            _arb_vec_clear(PA, g.steps + 1);
            _arb_vec_clear(PB, g.steps + 1);
            _arb_vec_clear(PC, g.steps + 1);
        }
    arb_clear(lam);
    arb_clear(mu);
    arb_clear(A);
    arb_clear(B);
    arb_clear(c);
    flint_cleanup();
    DMV_TEST_DONE("t-ref-path");
}
