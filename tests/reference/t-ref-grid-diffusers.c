/* diffusers' timestep spacings in reference/grid.c (docs/conventions.md "diffusers timestep
 * spacing"): exact integer balls (radius 0) equal to the hand-derived timestep lists for T = 1000 and
 * 3/10/50 steps (tests/diffusers_timesteps.h), the final point 0 or 1 (set_alpha_to_one), and the
 * refusals: an identity last step, a first timestep beyond T - 1, another process. Then fast/grid.c
 * (numpy's double arithmetic) against this side (arf emulating each double operation) for every
 * spacing, T in {1000, 999, 37, 4096} and 1 <= N <= min(T, 150): the same points or both refused. */
#include <stdlib.h>

#include "diffusers_timesteps.h"
#include "dmv/fast.h"
#include "dmv/ref.h"
#include "dmv_test.h"

int main(void)
{
    dmv_process p;
    dmv_grid g;
    dmv_error err;
    arb_ptr s = _arb_vec_init(64);
    long c, k;
    int one;
    dmvt_diffusers_process(&p);
    for (c = 0; c < DMVT_DIFFUSERS_NCASES; c++) {
        const dmvt_diffusers_case *cs = &dmvt_diffusers_cases[c];
        for (one = 0; one <= 1; one++) {
            int rc;
            dmv_grid_default(&g);
            g.kind = cs->kind;
            g.steps = cs->steps;
            g.steps_offset = cs->steps_offset;
            g.set_alpha_to_one = one;
            rc = dmv_ref_grid_points(s, &p, &g, 128, &err);
            if (!one && cs->t[cs->steps - 1] == 1) {
                DMV_CHECK(rc == DMV_EINVAL, "%s N=%ld: identity last step accepted", dmv_grid_name(g.kind), g.steps);
                continue;
            }
            DMV_CHECK(rc == DMV_OK, "%s N=%ld off=%ld: %s", dmv_grid_name(g.kind), g.steps, g.steps_offset, err.msg);
            if (rc != DMV_OK)
                continue;
            for (k = 0; k < cs->steps; k++)
                DMV_CHECK(arb_is_exact(s + k) && arf_equal_si(arb_midref(s + k), cs->t[k]),
                          "%s N=%ld off=%ld: s_%ld = %g, expected %ld", dmv_grid_name(g.kind), g.steps,
                          g.steps_offset, k, arf_get_d(arb_midref(s + k), ARF_RND_NEAR), cs->t[k]);
            DMV_CHECK(arb_is_exact(s + cs->steps) && arf_equal_si(arb_midref(s + cs->steps), one ? 0 : 1),
                      "final point");
        }
    }
    dmv_grid_default(&g);
    g.kind = DMV_GRID_LEADING;
    g.steps = 10;
    g.steps_offset = 100; /* first timestep 1000 > T - 1 */
    DMV_CHECK(dmv_ref_grid_points(s, &p, &g, 128, &err) == DMV_EINVAL, "timestep 1000 accepted");
    g.steps_offset = 99;
    DMV_CHECK(dmv_ref_grid_points(s, &p, &g, 128, &err) == DMV_OK && arf_equal_si(arb_midref(s), 1000),
              "steps_offset 99: %s", err.msg);
    {
        dmv_process q;
        dmv_process_default(&q, DMV_PROCESS_VE);
        g.steps_offset = 0;
        DMV_CHECK(dmv_ref_grid_points(s, &q, &g, 128, &err) == DMV_EINVAL, "ve accepted");
    }
    {
        static const long Ts[] = {1000, 999, 37, 4096};
        double *f = malloc(152 * sizeof *f);
        arb_ptr r = _arb_vec_init(152);
        long it, n, compared = 0;
        for (it = 0; it < 4; it++) {
            p.t_max = (double) Ts[it];
            for (c = DMV_GRID_LEADING; c <= DMV_GRID_LINSPACE; c++)
                for (n = 1; n <= 150 && n <= Ts[it]; n++)
                    for (one = 0; one <= 1; one++) {
                        int rf, rr;
                        dmv_grid_default(&g);
                        g.kind = (dmv_grid_kind) c;
                        g.steps = n;
                        g.steps_offset = n % 3;
                        g.set_alpha_to_one = one;
                        rf = dmv_fast_grid(f, &g, &p, &err);
                        rr = dmv_ref_grid_points(r, &p, &g, 128, &err);
                        DMV_CHECK(rf == rr, "%s T=%ld N=%ld: fast %d, reference %d", dmv_grid_name(g.kind), Ts[it],
                                  n, rf, rr);
                        if (rf != DMV_OK || rr != DMV_OK)
                            continue;
                        compared++;
                        for (k = 0; k <= n; k++)
                            DMV_CHECK(arb_is_exact(r + k) && arf_equal_d(arb_midref(r + k), f[k]),
                                      "%s T=%ld N=%ld: point %ld fast %.17g reference %g", dmv_grid_name(g.kind),
                                      Ts[it], n, k, f[k], arf_get_d(arb_midref(r + k), ARF_RND_NEAR));
                    }
        }
        DMV_CHECK(compared > 1500, "only %ld grids compared", compared);
        free(f);
        _arb_vec_clear(r, 152);
    }
    _arb_vec_clear(s, 64);
    flint_cleanup();
    DMV_TEST_DONE("t-ref-grid-diffusers");
}
