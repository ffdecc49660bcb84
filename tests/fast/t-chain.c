/* The discrete VP chain (docs/schemes.md s.1, "Discrete VP chain") and its two samplers
 * ddpm-chain / ddpm-posterior (s.5), against long-double oracles written from the formulas of
 * docs/math/mismatch.md s.0 (the chain's own beta_t and alpha_t, not the library's ratio form):
 *   - the named beta schedules at hand-computed values (ETC, linear, scaled_linear,
 *     squaredcos_cap_v2) and a user table;
 *   - alpha and sigma^2 at integer timesteps (fast/process.c), NaN between timesteps;
 *   - the fast sampler on Gaussian-diagonal data over every timestep (T -> 1) and over a
 *     subsequence (a uniform grid with step 5), for both samplers;
 *   - the spec checks (grids off the integer timesteps, SDE schemes refused). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "dmv/fast.h"
#include "dmv_test.h"

typedef long double ld;

/* beta_t from the definitions (long double, not dmv_process_beta) */
static ld beta_ld(const dmv_process *p, long t)
{
    ld T = (ld) p->t_max;
    switch (p->betas) {
    case DMV_BETAS_ETC: {
        ld r = (ld) p->etc_c * logl(T) / T, v = (ld) p->etc_delta * powl(1 + r, (ld) t);
        return t == 1 ? (ld) p->etc_delta : r * (v < 1 ? v : 1);
    }
    case DMV_BETAS_LINEAR: return (ld) p->beta_min + ((ld) p->beta_max - p->beta_min) * (t - 1) / (T - 1);
    case DMV_BETAS_SCALED_LINEAR: {
        ld a = sqrtl((ld) p->beta_min), b = sqrtl((ld) p->beta_max), v = a + (b - a) * (t - 1) / (T - 1);
        return v * v;
    }
    case DMV_BETAS_SQUAREDCOS_CAP_V2: {
        ld pi = 3.14159265358979323846264338327950288L;
        ld c1 = cosl(((t - 1) / T + 0.008L) / 1.008L * pi / 2), c2 = cosl((t / T + 0.008L) / 1.008L * pi / 2);
        ld v = 1 - (c2 * c2) / (c1 * c1);
        return v < 0.999L ? v : 0.999L;
    }
    case DMV_BETAS_TABLE: return (ld) p->beta_table[t - 1];
    }
    return NAN;
}

/* alpha_bar_t = prod_{i <= t} (1 - beta_i), with the library's double betas (the spec's definition) */
static ld abar_ld(const dmv_process *p, long t)
{
    ld a = 1;
    long i;
    for (i = 1; i <= t; i++)
        a *= 1 - (ld) dmv_process_beta(p, i);
    return a;
}

/* the sampler of docs/math/mismatch.md s.0 over the step t -> t' (alpha_step = abar_t/abar_t'),
 * one Gaussian direction N(mu, lam), one sample; AB[t] = alpha_bar_t */
static ld run_ld(const ld *AB, const double *grid, long N, int posterior, uint64_t seed, uint64_t i, uint32_t j,
                 ld lam, ld mu)
{
    ld y = dmv_fast_noise(seed, i, 0, j);
    long k;
    for (k = 0; k < N; k++) {
        long t = (long) grid[k], t1 = (long) grid[k + 1];
        ld ab = AB[t], ab1 = AB[t1], at = ab / ab1, bt = 1 - at;
        ld S = -(y - sqrtl(ab) * mu) / (ab * lam + 1 - ab);
        ld q2 = posterior ? (1 - ab1) / (1 - ab) * bt : bt / at;
        y = (y + bt * S) / sqrtl(at) + sqrtl(q2) * dmv_fast_noise(seed, i, (uint32_t) (k + 1), j);
    }
    return y;
}

int main(void)
{
    dmv_process p;
    dmv_error err;
    long t;

    /* ---- schedules ---- */
    dmv_process_default(&p, DMV_PROCESS_VP_DISCRETE);
    DMV_CHECK(p.betas == DMV_BETAS_ETC && p.etc_c == 4 && p.etc_delta == 1e-3 && p.t_max == 1000,
              "defaults: ETC c = 4, delta = 1e-3, T = 1000");
    {
        static const long Ts[3] = {50, 1000, 4000};
        int bi, ti;
        for (bi = 0; bi < 4; bi++)
            for (ti = 0; ti < 3; ti++) {
                ld worst = 0;
                dmv_process_default(&p, DMV_PROCESS_VP_DISCRETE);
                p.betas = (dmv_beta_schedule) bi;
                p.t_max = (double) Ts[ti];
                dmv_error_init(&err);
                DMV_CHECK(dmv_process_check(&p, &err) == DMV_OK, "%s T = %ld: %s", dmv_beta_schedule_name(p.betas),
                          Ts[ti], err.msg);
                for (t = 1; t <= Ts[ti]; t++) {
                    /* squaredcos_cap_v2 is 1 - ratio in double, as diffusers computes it: a few ulps of 1 */
                    ld want = beta_ld(&p, t), got = dmv_process_beta(&p, t);
                    ld e = fabsl(got - want) / (p.betas == DMV_BETAS_SQUAREDCOS_CAP_V2 ? 100 : want);
                    if (e > worst)
                        worst = e;
                }
                DMV_CHECK(worst < 1e-13L, "%s T = %ld: worst relative beta error %.3Lg",
                          dmv_beta_schedule_name(p.betas), Ts[ti], worst);
                DMV_CHECK(isnan(dmv_process_beta(&p, 0)) && isnan(dmv_process_beta(&p, Ts[ti] + 1)),
                          "beta out of range must be NaN");
            }
        /* published endpoints: diffusers linear 1e-4 .. 0.02; ETC beta_1 = delta and the cap c log T / T */
        dmv_process_default(&p, DMV_PROCESS_VP_DISCRETE);
        p.betas = DMV_BETAS_LINEAR;
        DMV_CHECK(dmv_process_beta(&p, 1) == 1e-4 && dmv_process_beta(&p, 1000) == 0.02, "linear endpoints");
        p.betas = DMV_BETAS_ETC;
        p.t_max = 4000;
        DMV_CHECK(dmv_process_beta(&p, 1) == 1e-3, "ETC beta_1 = delta");
        DMV_CHECK(fabs(dmv_process_beta(&p, 4000) - 4 * log(4000.0) / 4000) < 1e-15, "ETC cap c log T / T: %.17g",
                  dmv_process_beta(&p, 4000));
        /* mismatch.md s.0: alpha_bar_T is of order e^6 T^-4, 1.3e-12 at T = 4000 */
        DMV_CHECK(fabs((double) abar_ld(&p, 4000) / 1.3e-12 - 1) < 0.1, "ETC alpha_bar_4000 = %.3g",
                  (double) abar_ld(&p, 4000));
    }
    { /* a user table; bad tables and grids are refused with the value named */
        double tab[6] = {0.01, 0.02, 0.05, 0.1, 0.2, 0.4};
        dmv_grid g;
        dmv_scheme sc;
        dmv_process_default(&p, DMV_PROCESS_VP_DISCRETE);
        p.betas = DMV_BETAS_TABLE;
        p.beta_table = tab;
        p.t_max = 6;
        dmv_error_init(&err);
        DMV_CHECK(dmv_process_check(&p, &err) == DMV_OK, "table: %s", err.msg);
        for (t = 0; t <= 6; t++) {
            ld ab = abar_ld(&p, t);
            double a = dmv_fast_process_alpha(&p, (double) t), s2 = dmv_fast_process_sigma2(&p, (double) t);
            DMV_CHECK(fabsl(a - sqrtl(ab)) < 1e-15L && fabsl(s2 - (1 - ab)) < 1e-15L * (1 - ab + (t == 0)),
                      "t = %ld: alpha %.17g sigma^2 %.17g, want %.17Lg %.17Lg", t, a, s2, sqrtl(ab), 1 - ab);
        }
        DMV_CHECK(dmv_fast_process_alpha(&p, 0) == 1 && dmv_fast_process_sigma2(&p, 0) == 0, "t = 0: the data");
        DMV_CHECK(isnan(dmv_fast_process_alpha(&p, 2.5)) && isnan(dmv_fast_process_alpha(&p, 7)),
                  "between or beyond timesteps: NaN");
        tab[3] = 1.0;
        dmv_error_init(&err);
        DMV_CHECK(dmv_process_check(&p, &err) == DMV_EINVAL && strstr(err.msg, "beta[4] = 1") != NULL,
                  "beta = 1 refused: '%s'", err.msg);
        tab[3] = 0.1;
        p.t_max = 5.5;
        dmv_error_init(&err);
        DMV_CHECK(dmv_process_check(&p, &err) == DMV_EINVAL && strstr(err.msg, "t_max = 5.5") != NULL,
                  "non-integer T refused: '%s'", err.msg);
        p.t_max = 6;
        dmv_grid_default(&g);
        g.steps = 4;
        g.eps = 0;
        dmv_error_init(&err);
        DMV_CHECK(dmv_grid_check(&g, &p, &err) == DMV_EINVAL && strstr(err.msg, "integer") != NULL,
                  "6 / 4 is not an integer step: '%s'", err.msg);
        g.steps = 3;
        DMV_CHECK(dmv_grid_check(&g, &p, &err) == DMV_OK, "step 2: %s", err.msg);
        g.kind = DMV_GRID_KARRAS;
        g.eps = 1;
        g.steps = 5;
        DMV_CHECK(dmv_grid_check(&g, &p, &err) == DMV_EINVAL, "karras grid refused");
        sc.kind = DMV_SCHEME_EM;
        sc.eta = 0;
        dmv_error_init(&err);
        DMV_CHECK(dmv_scheme_check(&sc, &p, &err) == DMV_EINVAL && strstr(err.msg, "em") != NULL,
                  "EM refused on the chain: '%s'", err.msg);
        sc.kind = DMV_SCHEME_DDPM_POSTERIOR;
        DMV_CHECK(dmv_scheme_check(&sc, &p, &err) == DMV_OK, "ddpm-posterior accepted: %s", err.msg);
    }

    /* ---- the samplers against the long-double chain ---- */
    {
        const long d = 3, n = 5;
        static ld AB[1001];
        static const long Ts[2] = {200, 1000};
        int ti, post, sub;
        for (ti = 0; ti < 2; ti++)
            for (post = 0; post < 2; post++)
                for (sub = 0; sub < 2; sub++) {
                    double lam[3] = {0.3, 1.0, 2.5}, mean[3] = {0.67, -0.4, 0.19}, out[15], *grid;
                    dmv_gaussian ga = {3, lam, mean, NULL};
                    dmv_fast_model m;
                    dmv_fast_job job;
                    dmv_grid g;
                    dmv_scheme sc = {post ? DMV_SCHEME_DDPM_POSTERIOR : DMV_SCHEME_DDPM_CHAIN, 0.0, 0, 0, 0, 0};
                    dmv_init in;
                    long i, j;
                    ld worst = 0;
                    int rc;
                    dmv_process_default(&p, DMV_PROCESS_VP_DISCRETE);
                    p.t_max = (double) Ts[ti];
                    dmv_grid_default(&g);
                    g.eps = sub ? 0 : 1; /* every timestep to index 1, or every 5th to index 0 */
                    g.steps = sub ? Ts[ti] / 5 : Ts[ti] - 1;
                    dmv_init_default(&in);
                    dmv_error_init(&err);
                    rc = dmv_fast_model_gaussian_diag_init(&m, &ga, &err);
                    DMV_CHECK(rc == DMV_OK, "model: %s", err.msg);
                    dmv_fast_job_init(&job);
                    job.process = &p, job.grid = &g, job.scheme = &sc, job.init = &in, job.model = &m;
                    job.n = n, job.seed = 77 + (uint64_t) (4 * ti + 2 * post + sub);
                    job.generic_only = sub; /* both denoiser paths */
                    rc = dmv_fast_run_rows(out, &job, 0, n, &err);
                    DMV_CHECK(rc == DMV_OK, "run T = %ld %s: %s", Ts[ti], dmv_scheme_name(sc.kind), err.msg);
                    grid = malloc((size_t) (g.steps + 1) * sizeof *grid);
                    AB[0] = 1;
                    for (t = 1; t <= Ts[ti]; t++)
                        AB[t] = AB[t - 1] * (1 - (ld) dmv_process_beta(&p, t));
                    rc = dmv_fast_grid(grid, &g, &p, &err);
                    DMV_CHECK(rc == DMV_OK && grid[0] == p.t_max && grid[g.steps] == g.eps, "grid: %s", err.msg);
                    for (i = 0; i < n && rc == DMV_OK; i++)
                        for (j = 0; j < d; j++) {
                            ld want = run_ld(AB, grid, g.steps, post, job.seed, (uint64_t) i, (uint32_t) j, lam[j],
                                             mean[j]);
                            ld e = fabsl(out[i * d + j] - want) / (1 + fabsl(want));
                            if (e > worst)
                                worst = e;
                        }
                    DMV_CHECK(worst < 1e-11L, "T = %ld %s %s: worst relative error %.3Lg", Ts[ti],
                              dmv_scheme_name(sc.kind), sub ? "every 5th step" : "every step", worst);
                    free(grid);
                    dmv_fast_model_clear(&m);
                }
    }
    DMV_TEST_DONE("t-chain");
}
