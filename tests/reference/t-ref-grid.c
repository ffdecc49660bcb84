/* Processes and grids (docs/schemes.md 1, 2) against independent routes:
 *  - process values vs the raw table formulas (alpha, sigma^2 = 1 - alpha^2
 *    for VP, f, g^2) and the identity g^2 = d sigma^2/ds - 2 f sigma^2 checked by
 *    a central difference at 256 bits;
 *  - endpoints exact (s_0 = T, s_N = eps as given doubles);
 *  - uniform: s_k = T - k (T - eps)/N; quadratic: eps + (T - eps)((N-k)/N)^2;
 *  - log-SNR: l(s_k) equally spaced (l from the raw formula log(alpha/sigma));
 *  - Karras: (sigma/alpha)(s_k)^(1/rho) equally spaced;
 *  - the log-SNR inverse round-trips; paper counting (NFE -> steps). */
#include "dmv/ref.h"
#include "dmv_test.h"

#define TP 256

static double mid(const arb_t x) { return arf_get_d(arb_midref(x), ARF_RND_NEAR); }

/* raw sigma_hat^2 = sigma^2/alpha^2 with sigma^2 = 1 - alpha^2 (VP) or s^2 (VE), from the library's alpha
 * (checked separately against the raw formula) */
static void raw_alpha(arb_t a, const dmv_process *p, const arb_t s)
{
    arb_t t, u, pi;
    arb_init(t);
    arb_init(u);
    arb_init(pi);
    if (p->kind == DMV_PROCESS_VE)
        arb_one(a);
    else if (p->kind == DMV_PROCESS_VP_COSINE) {
        arb_const_pi(pi, TP);
        arb_set_d(u, p->cosine_offset);
        arb_add_ui(t, u, 1, TP);
        arb_add(a, s, u, TP);
        arb_div(a, a, t, TP);
        arb_mul(a, a, pi, TP);
        arb_mul_2exp_si(a, a, -1);
        arb_cos(a, a, TP);
        arb_div(u, u, t, TP);
        arb_mul(u, u, pi, TP);
        arb_mul_2exp_si(u, u, -1);
        arb_cos(u, u, TP);
        arb_div(a, a, u, TP);
    } else {
        /* B = bmin s + (bmax - bmin) s^2 / 2 */
        arb_set_d(t, p->beta_max);
        arb_set_d(u, p->beta_min);
        arb_sub(t, t, u, TP);
        arb_sqr(pi, s, TP);
        arb_mul(t, t, pi, TP);
        arb_mul_2exp_si(t, t, -1);
        arb_addmul(t, u, s, TP);
        if (p->kind == DMV_PROCESS_VP_LINEAR_SONG)
            arb_mul_2exp_si(t, t, -1);
        arb_neg(t, t);
        arb_exp(a, t, TP);
    }
    arb_clear(t);
    arb_clear(u);
    arb_clear(pi);
}
static void raw_sh2(arb_t sh2, const dmv_process *p, const arb_t s)
{
    arb_t a;
    arb_init(a);
    raw_alpha(a, p, s);
    arb_sqr(a, a, TP);
    if (p->kind == DMV_PROCESS_VE)
        arb_sqr(sh2, s, TP);
    else {
        arb_sub_ui(sh2, a, 1, TP);
        arb_neg(sh2, sh2);
        arb_div(sh2, sh2, a, TP);
    }
    arb_clear(a);
}

int main(void)
{
    dmv_test_rng rng = {4242};
    long iter;
    arb_t s, a, sg2, f, g2, l, t, u, v, h;
    dmv_error err;
    arb_init(s);
    arb_init(a);
    arb_init(sg2);
    arb_init(f);
    arb_init(g2);
    arb_init(l);
    arb_init(t);
    arb_init(u);
    arb_init(v);
    arb_init(h);

    /* process values */
    for (iter = 0; iter < dmv_test_iters(200); iter++) {
        dmv_process p;
        int st;
        dmv_process_default(&p, (dmv_process_kind) (iter % 4));
        arb_set_d(s, p.t_max * (0.001 + 0.998 * dmv_test_uniform(&rng)));
        st = dmv_ref_process_eval(a, sg2, f, g2, l, &p, s, 128, &err);
        raw_alpha(t, &p, s);
        raw_sh2(u, &p, s);
        arb_sqr(v, t, TP);
        arb_mul(u, u, v, TP); /* raw sigma^2 */
        DMV_CHECK(st == 0 && arb_overlaps(a, t) && arb_overlaps(sg2, u) && mag_cmp_2exp_si(arb_radref(sg2), -100) < 0,
                  "%s s=%g: alpha %.20g vs %.20g, sigma^2 %.20g vs %.20g", dmv_process_name(p.kind), mid(s), mid(a),
                  mid(t), mid(sg2), mid(u));
        /* f = d log alpha/ds and g^2 = d sigma^2/ds - 2 f sigma^2 by a central difference (step 2^-40, error ~1e-24) */
        arb_set_ui(h, 1);
        arb_mul_2exp_si(h, h, -40);
        arb_add(v, s, h, TP);
        raw_alpha(t, &p, v);
        arb_log(t, t, TP);
        arb_sub(v, s, h, TP);
        raw_alpha(u, &p, v);
        arb_log(u, u, TP);
        arb_sub(t, t, u, TP);
        arb_mul_2exp_si(t, t, 39); /* / (2h) */
        arb_sub(t, t, f, TP);
        DMV_CHECK(fabs(mid(t)) < 1e-15 * (1 + fabs(mid(f))), "%s s=%g: f %.17g, d log alpha/ds off by %.3e",
                  dmv_process_name(p.kind), mid(s), mid(f), mid(t));
        {
            arb_t sp, sm;
            arb_init(sp);
            arb_init(sm);
            arb_add(v, s, h, TP);
            dmv_ref_process_eval(NULL, sp, NULL, NULL, NULL, &p, v, TP, &err);
            arb_sub(v, s, h, TP);
            dmv_ref_process_eval(NULL, sm, NULL, NULL, NULL, &p, v, TP, &err);
            arb_sub(t, sp, sm, TP);
            arb_mul_2exp_si(t, t, 39);
            arb_mul(u, f, sg2, TP);
            arb_mul_2exp_si(u, u, 1);
            arb_sub(t, t, u, TP);
            arb_sub(t, t, g2, TP);
            DMV_CHECK(fabs(mid(t)) < 1e-15 * (1 + fabs(mid(g2))), "%s s=%g: g^2 %.17g off by %.3e",
                      dmv_process_name(p.kind), mid(s), mid(g2), mid(t));
            arb_clear(sp);
            arb_clear(sm);
        }
        /* log-SNR: l = -log(sigma_hat^2)/2, and the inverse round-trips */
        raw_sh2(u, &p, s);
        arb_log(t, u, TP);
        arb_mul_2exp_si(t, t, -1);
        arb_neg(t, t);
        DMV_CHECK(arb_overlaps(l, t), "%s s=%g: l %.20g vs %.20g", dmv_process_name(p.kind), mid(s), mid(l), mid(t));
        st = dmv_ref_process_time_from_sh2(v, &p, u, 128, &err);
        DMV_CHECK(st == 0 && arb_overlaps(v, s) && mag_cmp_2exp_si(arb_radref(v), -90) < 0,
                  "%s: inverse of l at s=%.20g gives %.20g (rad %.1e)", dmv_process_name(p.kind), mid(s), mid(v),
                  mag_get_d(arb_radref(v)));
    }
    arb_zero(s);
    {
        dmv_process p;
        dmv_process_default(&p, DMV_PROCESS_VP_LINEAR);
        DMV_CHECK(dmv_ref_process_eval(NULL, NULL, NULL, NULL, l, &p, s, 128, &err) == DMV_EDOM, "l(0) must be EDOM");
    }

    /* grids */
    for (iter = 0; iter < dmv_test_iters(120); iter++) {
        dmv_process p;
        dmv_grid g;
        arb_ptr pts;
        long N, k;
        int st, ok = 1;
        dmv_process_default(&p, (dmv_process_kind) (dmv_test_next(&rng) % 4));
        dmv_grid_default(&g);
        g.kind = (dmv_grid_kind) (iter % 4);
        g.steps = N = 1 + (long) (dmv_test_next(&rng) % 60);
        g.eps = dmv_test_loguniform(&rng, 1e-5, 0.1) * p.t_max;
        if (g.kind == DMV_GRID_KARRAS)
            g.rho = 1 + 9 * dmv_test_uniform(&rng);
        pts = _arb_vec_init(N + 1);
        dmv_error_init(&err);
        st = dmv_ref_grid_points(pts, &p, &g, 128, &err);
        DMV_CHECK(st == 0, "grid %s on %s: %s", dmv_grid_name(g.kind), dmv_process_name(p.kind), err.msg);
        ok &= arb_is_exact(pts + 0) && mid(pts + 0) == p.t_max && arb_is_exact(pts + N) && mid(pts + N) == g.eps;
        for (k = 1; k < N && st == 0; k++) {
            arb_set_d(t, p.t_max);
            arb_set_d(u, g.eps);
            switch (g.kind) {
            case DMV_GRID_UNIFORM:
                arb_sub(v, t, u, TP);
                arb_mul_si(v, v, k, TP);
                arb_div_si(v, v, N, TP);
                arb_sub(v, t, v, TP);
                ok &= arb_overlaps(v, pts + k);
                break;
            case DMV_GRID_QUADRATIC:
                arb_sub(v, t, u, TP);
                arb_set_si(h, N - k);
                arb_div_si(h, h, N, TP);
                arb_sqr(h, h, TP);
                arb_mul(v, v, h, TP);
                arb_add(v, v, u, TP);
                ok &= arb_overlaps(v, pts + k);
                break;
            case DMV_GRID_LOGSNR:
                /* -2 l(s_k) = log sh2(s_k) = log sh2(T) + (k/N)(log sh2(eps) - log sh2(T)) */
                raw_sh2(a, &p, t);
                arb_log(a, a, TP);
                raw_sh2(sg2, &p, u);
                arb_log(sg2, sg2, TP);
                arb_sub(sg2, sg2, a, TP);
                arb_mul_si(sg2, sg2, k, TP);
                arb_div_si(sg2, sg2, N, TP);
                arb_add(sg2, sg2, a, TP);
                raw_sh2(v, &p, pts + k);
                arb_log(v, v, TP);
                ok &= arb_overlaps(v, sg2);
                break;
            case DMV_GRID_KARRAS:
                /* sh(s_k)^(1/rho) = a + (k/N)(b - a) */
                arb_set_d(f, g.rho);
                arb_mul_2exp_si(f, f, 1);
                arb_inv(f, f, TP); /* 1/(2 rho): sh2^(1/(2 rho)) */
                raw_sh2(a, &p, t);
                arb_pow(a, a, f, TP);
                raw_sh2(sg2, &p, u);
                arb_pow(sg2, sg2, f, TP);
                arb_sub(sg2, sg2, a, TP);
                arb_mul_si(sg2, sg2, k, TP);
                arb_div_si(sg2, sg2, N, TP);
                arb_add(sg2, sg2, a, TP);
                raw_sh2(v, &p, pts + k);
                arb_pow(v, v, f, TP);
                ok &= arb_overlaps(v, sg2);
                break;
            default:
                break;
            }
            ok &= arb_gt(pts + k - 1, pts + k) && mag_cmp_2exp_si(arb_radref(pts + k), -100) < 0;
        }
        DMV_CHECK(ok, "grid %s on %s N=%ld eps=%g rho=%g: a point is off", dmv_grid_name(g.kind),
                  dmv_process_name(p.kind), N, g.eps, g.rho);
        _arb_vec_clear(pts, N + 1);
    }
    DMV_CHECK(dmv_ref_paper_steps(DMV_SCHEME_EM, 1000) == 999 && dmv_ref_paper_steps(DMV_SCHEME_HEUN, 1000) == 499 &&
                  dmv_ref_paper_steps(DMV_SCHEME_RK4, 1000) == 249,
              "paper counting");

    arb_clear(s);
    arb_clear(a);
    arb_clear(sg2);
    arb_clear(f);
    arb_clear(g2);
    arb_clear(l);
    arb_clear(t);
    arb_clear(u);
    arb_clear(v);
    arb_clear(h);
    flint_cleanup();
    DMV_TEST_DONE("t-ref-grid");
}
