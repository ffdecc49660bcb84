/* diffusers' timestep spacings on the discrete chain (fast/grid.c, docs/conventions.md "diffusers
 * timestep spacing"): the points against hand-derived timestep lists for T = 1000 and 3/10/50 steps
 * (tests/diffusers_timesteps.h), the final point 0 (set_alpha_to_one) or 1, and the refusals: a last
 * step that would be the identity, a first timestep beyond T - 1, another process. */
#include <math.h>
#include <stdlib.h>

#include "diffusers_timesteps.h"
#include "dmv/fast.h"
#include "dmv_test.h"

int main(void)
{
    dmv_process p;
    dmv_grid g;
    dmv_error err;
    double s[64];
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
            rc = dmv_fast_grid(s, &g, &p, &err);
            if (!one && cs->t[cs->steps - 1] == 1) { /* last timestep t = 1 and final point 1: refused */
                DMV_CHECK(rc == DMV_EINVAL, "%s N=%ld: identity last step accepted", dmv_grid_name(g.kind), g.steps);
                continue;
            }
            DMV_CHECK(rc == DMV_OK, "%s N=%ld off=%ld: %s", dmv_grid_name(g.kind), g.steps, g.steps_offset, err.msg);
            if (rc != DMV_OK)
                continue;
            for (k = 0; k < cs->steps; k++)
                DMV_CHECK(s[k] == (double) cs->t[k], "%s N=%ld off=%ld: s_%ld = %.17g, expected %ld",
                          dmv_grid_name(g.kind), g.steps, g.steps_offset, k, s[k], cs->t[k]);
            DMV_CHECK(s[cs->steps] == (one ? 0.0 : 1.0), "final point %.17g", s[cs->steps]);
            DMV_CHECK(dmv_grid_last(&g) == s[cs->steps], "dmv_grid_last %g", dmv_grid_last(&g));
        }
    }
    /* leading, 10 steps, steps_offset 100: the first timestep 1000 is beyond T - 1 = 999 */
    dmv_grid_default(&g);
    g.kind = DMV_GRID_LEADING;
    g.steps = 10;
    g.steps_offset = 100;
    DMV_CHECK(dmv_fast_grid(s, &g, &p, &err) == DMV_EINVAL, "timestep 1000 accepted");
    g.steps_offset = 99; /* tau_0 = 999: fine */
    DMV_CHECK(dmv_fast_grid(s, &g, &p, &err) == DMV_OK && s[0] == 1000.0, "steps_offset 99: %s", err.msg);
    /* another process: refused by name */
    {
        dmv_process q;
        dmv_process_default(&q, DMV_PROCESS_VP_LINEAR);
        g.steps_offset = 0;
        DMV_CHECK(dmv_fast_grid(s, &g, &q, &err) == DMV_EINVAL, "vp-linear accepted");
    }
    DMV_TEST_DONE("t-grid-diffusers");
}
