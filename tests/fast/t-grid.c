/* Grids: endpoints exact, strictly decreasing, and each kind's defining property
 * checked by its own formula: uniform k*h, quadratic, log-SNR equally spaced in l,
 * Karras equally spaced in (sigma/alpha)^(1/rho); bad grids are DMV_EINVAL. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "dmv/fast.h"
#include "dmv_test.h"

int main(void)
{
    dmv_test_rng rng = {5};
    int pk, gk;
    long it, iters = dmv_test_iters(40);
    for (pk = 0; pk < 4; pk++)
        for (gk = 0; gk < 4; gk++)
            for (it = 0; it < iters; it++) {
                dmv_process p;
                dmv_grid g;
                dmv_error err;
                double *s;
                long k, N = 1 + (long) (dmv_test_uniform(&rng) * 300);
                int rc;
                dmv_process_default(&p, (dmv_process_kind) pk);
                dmv_grid_default(&g);
                g.kind = (dmv_grid_kind) gk;
                g.steps = N;
                g.eps = dmv_test_loguniform(&rng, 1e-5, 1e-1) * (pk == DMV_PROCESS_VE ? 1 : 0.5);
                g.rho = 1 + 9 * dmv_test_uniform(&rng);
                s = malloc((size_t) (N + 1) * sizeof(double));
                dmv_error_init(&err);
                rc = dmv_fast_grid(s, &g, &p, &err);
                DMV_CHECK(rc == DMV_OK, "%s %s N %ld: %s", dmv_process_name(p.kind), dmv_grid_name(g.kind), N, err.msg);
                if (rc != DMV_OK) {
                    free(s);
                    continue;
                }
                DMV_CHECK(s[0] == p.t_max && s[N] == g.eps, "endpoints %.17g %.17g", s[0], s[N]);
                for (k = 0; k < N; k++)
                    DMV_CHECK(s[k] > s[k + 1], "not decreasing at %ld", k);
                for (k = 1; k < N; k++) {
                    double want = 0, got = s[k];
                    long double lw, rel = 1e-12L;
                    switch (g.kind) {
                    case DMV_GRID_UNIFORM:
                        want = p.t_max - (double) k * ((p.t_max - g.eps) / (double) N);
                        DMV_CHECK(got == want, "uniform k %ld: %.17g vs %.17g", k, got, want);
                        break;
                    case DMV_GRID_QUADRATIC: {
                        long double q = (long double) (N - k) / N;
                        lw = g.eps + (p.t_max - g.eps) * q * q;
                        DMV_CHECK(fabsl(got - lw) <= 1e-15L * lw, "quadratic k %ld: %.17g vs %.20Lg", k, got, lw);
                        break;
                    }
                    case DMV_GRID_LOGSNR: {
                        /* l(s_k) is on the straight line between l(T) and l(eps) */
                        double lT = dmv_fast_process_logsnr(&p, p.t_max), le = dmv_fast_process_logsnr(&p, g.eps);
                        double l = dmv_fast_process_logsnr(&p, got);
                        lw = lT + ((long double) k / N) * (le - lT);
                        DMV_CHECK(fabsl(l - lw) <= 1e-12L * (1 + fabsl(lw)), "%s logsnr k %ld: l = %.17g vs %.17Lg",
                                  dmv_process_name(p.kind), k, l, lw);
                        break;
                    }
                    case DMV_GRID_KARRAS: {
                        /* (sigma/alpha)^(1/rho), with sigma/alpha = exp(-l), is on a straight line */
                        long double a = expl(-dmv_fast_process_logsnr(&p, p.t_max) / g.rho);
                        long double b = expl(-dmv_fast_process_logsnr(&p, g.eps) / g.rho);
                        long double v = expl(-dmv_fast_process_logsnr(&p, got) / g.rho);
                        lw = a + ((long double) k / N) * (b - a);
                        DMV_CHECK(fabsl(v - lw) <= rel * lw * 10, "%s karras k %ld: %.17Lg vs %.17Lg",
                                  dmv_process_name(p.kind), k, v, lw);
                        break;
                    }
                    }
                }
                free(s);
            }
    /* errors */
    {
        dmv_process p;
        dmv_grid g;
        dmv_error err;
        double s[8];
        dmv_process_default(&p, DMV_PROCESS_VP_LINEAR);
        dmv_grid_default(&g);
        g.kind = DMV_GRID_LOGSNR, g.steps = 5, g.eps = 0;
        dmv_error_init(&err);
        DMV_CHECK(dmv_fast_grid(s, &g, &p, &err) == DMV_EINVAL && strstr(err.msg, "eps"), "logsnr eps 0: %s", err.msg);
        g.kind = DMV_GRID_UNIFORM, g.steps = 0, g.eps = 1e-3;
        dmv_error_init(&err);
        DMV_CHECK(dmv_fast_grid(s, &g, &p, &err) == DMV_EINVAL && strstr(err.msg, "steps"), "steps 0: %s", err.msg);
        g.steps = 5, g.eps = 2;
        dmv_error_init(&err);
        DMV_CHECK(dmv_fast_grid(s, &g, &p, &err) == DMV_EINVAL && strstr(err.msg, "eps"), "eps > T: %s", err.msg);
        g.eps = 0; /* uniform with eps = 0 is fine */
        dmv_error_init(&err);
        DMV_CHECK(dmv_fast_grid(s, &g, &p, &err) == DMV_OK && s[5] == 0 && s[0] == 1, "uniform eps 0: %s", err.msg);
    }
    DMV_TEST_DONE("t-grid");
}
