/* Grids (fast/grid.c) against an independent oracle: every point s_k computed in MPFR
 * at 256 bits from the defining formulas of docs/schemes.md section 2 (uniform
 * T - k (T - eps)/N, quadratic eps + (T - eps)((N - k)/N)^2, log-SNR and Karras through
 * the process's l(s) and its inverse of section 1), with the double parameters taken as
 * exact binary numbers. Nothing here reuses the implementation's expressions or its
 * log-SNR function. Also: endpoints exact, strictly decreasing, bad grids DMV_EINVAL. */
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <mpfr.h>

#include "dmv/fast.h"
#include "dmv_test.h"

#define PREC 256

/* l(s) = log(alpha(s)/sigma(s)) = (log alpha^2 - log sigma^2)/2 (docs/schemes.md section 1). */
static void logsnr(mpfr_t l, const dmv_process *p, double s_d)
{
    mpfr_t s, a2, s2, t, u;
    mpfr_inits2(PREC, s, a2, s2, t, u, (mpfr_ptr) 0);
    mpfr_set_d(s, s_d, MPFR_RNDN);
    switch (p->kind) {
    case DMV_PROCESS_VP_LINEAR:
    case DMV_PROCESS_VP_LINEAR_SONG:
        /* B(s) = s (bmin + (bmax - bmin) s / 2); paper: alpha^2 = e^{-2B}; Song: alpha^2 = e^{-B} */
        mpfr_set_d(t, p->beta_max, MPFR_RNDN);
        mpfr_sub_d(t, t, p->beta_min, MPFR_RNDN);
        mpfr_mul(t, t, s, MPFR_RNDN);
        mpfr_div_ui(t, t, 2, MPFR_RNDN);
        mpfr_add_d(t, t, p->beta_min, MPFR_RNDN);
        mpfr_mul(t, t, s, MPFR_RNDN); /* B */
        if (p->kind == DMV_PROCESS_VP_LINEAR)
            mpfr_mul_ui(t, t, 2, MPFR_RNDN);
        mpfr_neg(t, t, MPFR_RNDN);
        mpfr_exp(a2, t, MPFR_RNDN);
        mpfr_expm1(s2, t, MPFR_RNDN);
        mpfr_neg(s2, s2, MPFR_RNDN);
        break;
    case DMV_PROCESS_VP_COSINE: {
        /* alpha = cos(theta(s))/cos(theta(0)), theta(s) = (pi/2)(s + c)/(1 + c); sigma^2 = 1 - alpha^2 */
        mpfr_const_pi(u, MPFR_RNDN);
        mpfr_div_ui(u, u, 2, MPFR_RNDN);
        mpfr_set_d(t, p->cosine_offset, MPFR_RNDN);
        mpfr_add_ui(t, t, 1, MPFR_RNDN);
        mpfr_div(u, u, t, MPFR_RNDN); /* (pi/2)/(1 + c) */
        mpfr_add_d(t, s, p->cosine_offset, MPFR_RNDN);
        mpfr_mul(t, t, u, MPFR_RNDN);
        mpfr_cos(a2, t, MPFR_RNDN);
        mpfr_set_d(t, p->cosine_offset, MPFR_RNDN);
        mpfr_mul(t, t, u, MPFR_RNDN);
        mpfr_cos(t, t, MPFR_RNDN);
        mpfr_div(a2, a2, t, MPFR_RNDN);
        mpfr_sqr(a2, a2, MPFR_RNDN);
        mpfr_ui_sub(s2, 1, a2, MPFR_RNDN);
        break;
    }
    case DMV_PROCESS_VE: /* alpha = 1, sigma = s */
        mpfr_set_ui(a2, 1, MPFR_RNDN);
        mpfr_sqr(s2, s, MPFR_RNDN);
        break;
    case DMV_PROCESS_VP_DISCRETE: /* not a continuous grid (tests/fast/t-chain.c) */
        break;
    }
    mpfr_log(a2, a2, MPFR_RNDN);
    mpfr_log(s2, s2, MPFR_RNDN);
    mpfr_sub(l, a2, s2, MPFR_RNDN);
    mpfr_div_ui(l, l, 2, MPFR_RNDN);
    mpfr_clears(s, a2, s2, t, u, (mpfr_ptr) 0);
}

/* s = l^{-1}(l) (docs/schemes.md section 1, "Inverses"). */
static void logsnr_inv(mpfr_t s, const dmv_process *p, const mpfr_t l)
{
    mpfr_t B, t, u;
    mpfr_inits2(PREC, B, t, u, (mpfr_ptr) 0);
    switch (p->kind) {
    case DMV_PROCESS_VP_LINEAR:
    case DMV_PROCESS_VP_LINEAR_SONG:
        /* B = log1p(e^{-2l}) / 2 (Song: without the 1/2); s = 2B / (bmin + sqrt(bmin^2 + 2 (bmax - bmin) B)) */
        mpfr_mul_si(t, l, -2, MPFR_RNDN);
        mpfr_exp(t, t, MPFR_RNDN);
        mpfr_log1p(B, t, MPFR_RNDN);
        if (p->kind == DMV_PROCESS_VP_LINEAR)
            mpfr_div_ui(B, B, 2, MPFR_RNDN);
        mpfr_set_d(t, p->beta_max, MPFR_RNDN);
        mpfr_sub_d(t, t, p->beta_min, MPFR_RNDN);
        mpfr_mul(t, t, B, MPFR_RNDN);
        mpfr_mul_ui(t, t, 2, MPFR_RNDN);
        mpfr_set_d(u, p->beta_min, MPFR_RNDN);
        mpfr_sqr(u, u, MPFR_RNDN);
        mpfr_add(t, t, u, MPFR_RNDN);
        mpfr_sqrt(t, t, MPFR_RNDN);
        mpfr_add_d(t, t, p->beta_min, MPFR_RNDN);
        mpfr_mul_ui(s, B, 2, MPFR_RNDN);
        mpfr_div(s, s, t, MPFR_RNDN);
        break;
    case DMV_PROCESS_VP_COSINE:
        /* alpha = 1/sqrt(1 + e^{-2l}); theta = acos(alpha cos theta(0)); s = (2 theta/pi)(1 + c) - c */
        mpfr_mul_si(t, l, -2, MPFR_RNDN);
        mpfr_exp(t, t, MPFR_RNDN);
        mpfr_add_ui(t, t, 1, MPFR_RNDN);
        mpfr_rec_sqrt(t, t, MPFR_RNDN); /* alpha */
        mpfr_const_pi(u, MPFR_RNDN);
        mpfr_div_ui(u, u, 2, MPFR_RNDN);
        mpfr_set_d(B, p->cosine_offset, MPFR_RNDN);
        mpfr_add_ui(B, B, 1, MPFR_RNDN);
        mpfr_div(u, u, B, MPFR_RNDN);
        mpfr_mul_d(u, u, p->cosine_offset, MPFR_RNDN);
        mpfr_cos(u, u, MPFR_RNDN); /* cos theta(0) */
        mpfr_mul(t, t, u, MPFR_RNDN);
        mpfr_acos(t, t, MPFR_RNDN);
        mpfr_const_pi(u, MPFR_RNDN);
        mpfr_div(t, t, u, MPFR_RNDN);
        mpfr_mul_ui(t, t, 2, MPFR_RNDN);
        mpfr_set_d(B, p->cosine_offset, MPFR_RNDN);
        mpfr_add_ui(B, B, 1, MPFR_RNDN);
        mpfr_mul(t, t, B, MPFR_RNDN);
        mpfr_sub_d(s, t, p->cosine_offset, MPFR_RNDN);
        break;
    case DMV_PROCESS_VE:
        mpfr_neg(t, l, MPFR_RNDN);
        mpfr_exp(s, t, MPFR_RNDN);
        break;
    case DMV_PROCESS_VP_DISCRETE: /* integer times only */
        break;
    }
    mpfr_clears(B, t, u, (mpfr_ptr) 0);
}

/* The exact s_k of the grid (0 < k < N). */
static void grid_point(mpfr_t s, const dmv_grid *g, const dmv_process *p, long k)
{
    long N = g->steps;
    mpfr_t T, e, t, a, b;
    mpfr_inits2(PREC, T, e, t, a, b, (mpfr_ptr) 0);
    mpfr_set_d(T, p->t_max, MPFR_RNDN);
    mpfr_set_d(e, g->eps, MPFR_RNDN);
    switch (g->kind) {
    case DMV_GRID_UNIFORM: /* T - k (T - eps)/N */
        mpfr_sub(t, T, e, MPFR_RNDN);
        mpfr_mul_si(t, t, k, MPFR_RNDN);
        mpfr_div_si(t, t, N, MPFR_RNDN);
        mpfr_sub(s, T, t, MPFR_RNDN);
        break;
    case DMV_GRID_QUADRATIC: /* eps + (T - eps)((N - k)/N)^2 */
        mpfr_set_si(t, N - k, MPFR_RNDN);
        mpfr_div_si(t, t, N, MPFR_RNDN);
        mpfr_sqr(t, t, MPFR_RNDN);
        mpfr_sub(a, T, e, MPFR_RNDN);
        mpfr_mul(t, t, a, MPFR_RNDN);
        mpfr_add(s, e, t, MPFR_RNDN);
        break;
    case DMV_GRID_LOGSNR: /* l^{-1}(l(T) + (k/N)(l(eps) - l(T))) */
        logsnr(a, p, p->t_max);
        logsnr(b, p, g->eps);
        mpfr_sub(t, b, a, MPFR_RNDN);
        mpfr_mul_si(t, t, k, MPFR_RNDN);
        mpfr_div_si(t, t, N, MPFR_RNDN);
        mpfr_add(t, t, a, MPFR_RNDN);
        logsnr_inv(s, p, t);
        break;
    case DMV_GRID_KARRAS: /* sigma_hat^{-1}((a + (k/N)(b - a))^rho), sigma_hat = e^{-l}, a, b = sigma_hat^(1/rho) */
    case DMV_GRID_KARRAS_ZERO: /* the same with N - 1 intervals (k-diffusion's get_sigmas_karras, then 0) */
        if (g->kind == DMV_GRID_KARRAS_ZERO)
            N = N - 1;
        logsnr(a, p, p->t_max);
        logsnr(b, p, g->eps);
        mpfr_div_d(a, a, -g->rho, MPFR_RNDN);
        mpfr_exp(a, a, MPFR_RNDN);
        mpfr_div_d(b, b, -g->rho, MPFR_RNDN);
        mpfr_exp(b, b, MPFR_RNDN);
        mpfr_sub(t, b, a, MPFR_RNDN);
        mpfr_mul_si(t, t, k, MPFR_RNDN);
        mpfr_div_si(t, t, N, MPFR_RNDN);
        mpfr_add(t, t, a, MPFR_RNDN);
        mpfr_log(t, t, MPFR_RNDN);
        mpfr_mul_d(t, t, -g->rho, MPFR_RNDN); /* l = -rho log(...) */
        logsnr_inv(s, p, t);
        break;
    default:
        break;
    }
    mpfr_clears(T, e, t, a, b, (mpfr_ptr) 0);
}

int main(void)
{
    dmv_test_rng rng = {5};
    int pk, gk;
    long it, iters = dmv_test_iters(12);
    mpfr_t want;
    mpfr_init2(want, PREC);
    for (pk = 0; pk < 4; pk++)
        for (gk = 0; gk <= DMV_GRID_KARRAS_ZERO; gk++)
            for (it = 0; it < iters; it++) {
                dmv_process p;
                dmv_grid g;
                dmv_error err;
                double *s, worst = 0;
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
                if (g.kind == DMV_GRID_KARRAS_ZERO) /* sigma_min then 0 appended */
                    DMV_CHECK(s[0] == p.t_max && s[N] == 0 && (N == 1 || s[N - 1] == g.eps),
                              "karras-zero endpoints %.17g %.17g %.17g", s[0], s[N - 1], s[N]);
                else
                    DMV_CHECK(s[0] == p.t_max && s[N] == g.eps, "endpoints %.17g %.17g", s[0], s[N]);
                for (k = 0; k < N; k++)
                    DMV_CHECK(s[k] > s[k + 1], "not decreasing at %ld", k);
                for (k = 1; k < (g.kind == DMV_GRID_KARRAS_ZERO ? N - 1 : N); k++) {
                    /* uniform and quadratic: a few roundings of numbers <= T; log-SNR and Karras: the
                     * double inverse of l, relative 1e-12 (a wrong formula is off by O(1/N)) */
                    double w, tol;
                    grid_point(want, &g, &p, k);
                    w = mpfr_get_d(want, MPFR_RNDN);
                    tol = (g.kind == DMV_GRID_UNIFORM || g.kind == DMV_GRID_QUADRATIC) ? 4 * DBL_EPSILON * p.t_max
                                                                                      : 1e-12 * w;
                    if (fabs(s[k] - w) > worst)
                        worst = fabs(s[k] - w);
                    DMV_CHECK(fabs(s[k] - w) <= tol, "%s %s N %ld eps %g rho %g, k %ld: %.17g, MPFR %.17g (diff %.2e)",
                              dmv_process_name(p.kind), dmv_grid_name(g.kind), N, g.eps, g.rho, k, s[k], w,
                              s[k] - w);
                }
                if (getenv("DMV_TEST_VERBOSE"))
                    printf("%s %s N %ld: worst |s - MPFR| %.2e\n", dmv_process_name(p.kind), dmv_grid_name(g.kind),
                           N, worst);
                free(s);
            }
    mpfr_clear(want);
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
        g.eps = 0; /* uniform with eps = 0 is fine: 1, 0.8, ..., 0 */
        dmv_error_init(&err);
        DMV_CHECK(dmv_fast_grid(s, &g, &p, &err) == DMV_OK && s[5] == 0 && s[0] == 1 && s[1] == 0.8 && fabs(s[4] - 0.2) <= 2 * DBL_EPSILON,
                  "uniform eps 0: %s (%.17g %.17g)", err.msg, s[1], s[4]);
    }
    mpfr_free_cache();
    DMV_TEST_DONE("t-grid");
}
