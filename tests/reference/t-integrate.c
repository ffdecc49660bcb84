/* An independent MPFR oracle for the exact continuous laws of reference/laws.c.
 *
 * The moment ODEs of the Gaussian laws are integrated numerically at 256 bits
 * with classical RK4 at 3 resolutions (N, 2N, 4N steps) and Richardson
 * extrapolation (h^4); the integration error of the finest extrapolant is
 * estimated as 4 |R(2N,4N) - R(N,2N)| (the extrapolants converge like h^5, so
 * the coarser one's error, 32x the finer one's, bounds it with margin). The
 * processes' alpha, sigma^2, f, g^2 are coded here from the table of
 * docs/schemes.md 1, independently of reference/process.c.
 *
 *   forward:    d lambda_s/ds = 2 f lambda_s + g^2,  d m_s/ds = f m_s         -> dmv_ref_data_law1
 *   reverse SDE (backward time u, s = T - u): dM/du = -f M - g^2 (M - alpha m)/lambda_s,
 *               dV/du = 2 (-f - g^2/lambda_s) V + g^2                         -> dmv_ref_continuous_law1(sde = 1)
 *   PF-ODE:     dM/du = -f M - (g^2/2)(M - alpha m)/lambda_s,
 *               dV/du = 2 (-f - g^2/(2 lambda_s)) V                          -> dmv_ref_continuous_law1(sde = 0)
 *
 * The reverse integration runs in sigma in [0, 1] with s = eps + (T - eps) cos^2(pi sigma/2),
 * which clusters steps near s = eps and s = T where the equations are stiff.
 * Check: |closed-form mid - oracle| <= closed-form radius + integration error,
 * and the integration error must itself be small (< 1e-11 relative), so the
 * test has teeth. Random lambda, mean, start, eps, s for each process kind. */
#include <mpfr.h>
#include <string.h>

#include "dmv/ref.h"
#include "dmv_test.h"

#define OPREC 256
#define NV 4

typedef struct {
    const dmv_process *p;
    mpfr_t lam, mean; /* data of the direction */
} oracle;

static mpfr_t tmp1, tmp2, tmp3, pi_c;

/* alpha, sigma^2, f, g^2 at s (schemes.md 1). */
static void coefs(mpfr_t alpha, mpfr_t sig2, mpfr_t f, mpfr_t g2, const dmv_process *p, const mpfr_t s)
{
    switch (p->kind) {
    case DMV_PROCESS_VP_LINEAR:
    case DMV_PROCESS_VP_LINEAR_SONG: {
        /* beta = bmin + (bmax - bmin) s; B = s (bmin + (bmax - bmin) s / 2) */
        mpfr_set_d(tmp1, p->beta_max, MPFR_RNDN);
        mpfr_sub_d(tmp1, tmp1, p->beta_min, MPFR_RNDN); /* exact at 256 bits */
        mpfr_mul(tmp2, tmp1, s, MPFR_RNDN);
        mpfr_add_d(g2, tmp2, p->beta_min, MPFR_RNDN); /* beta */
        mpfr_div_2ui(tmp2, tmp2, 1, MPFR_RNDN);
        mpfr_add_d(tmp2, tmp2, p->beta_min, MPFR_RNDN);
        mpfr_mul(tmp2, tmp2, s, MPFR_RNDN); /* B */
        if (p->kind == DMV_PROCESS_VP_LINEAR) {
            mpfr_neg(f, g2, MPFR_RNDN);
            mpfr_mul_2ui(g2, g2, 1, MPFR_RNDN);
            mpfr_neg(tmp2, tmp2, MPFR_RNDN);
            mpfr_exp(alpha, tmp2, MPFR_RNDN);
            mpfr_mul_2ui(tmp2, tmp2, 1, MPFR_RNDN);
        } else {
            mpfr_div_2ui(f, g2, 1, MPFR_RNDN);
            mpfr_neg(f, f, MPFR_RNDN);
            mpfr_div_2ui(tmp2, tmp2, 1, MPFR_RNDN);
            mpfr_neg(tmp2, tmp2, MPFR_RNDN);
            mpfr_exp(alpha, tmp2, MPFR_RNDN);
            mpfr_mul_2ui(tmp2, tmp2, 1, MPFR_RNDN);
        }
        mpfr_expm1(sig2, tmp2, MPFR_RNDN);
        mpfr_neg(sig2, sig2, MPFR_RNDN);
        break;
    }
    case DMV_PROCESS_VP_COSINE: {
        double c = p->cosine_offset;
        /* theta(s) = (pi/2)(s + c)/(1 + c) */
        mpfr_set_d(tmp3, c, MPFR_RNDN);
        mpfr_add_ui(tmp3, tmp3, 1, MPFR_RNDN); /* 1 + c */
        mpfr_add_d(tmp1, s, c, MPFR_RNDN);
        mpfr_mul(tmp1, tmp1, pi_c, MPFR_RNDN);
        mpfr_div_2ui(tmp1, tmp1, 1, MPFR_RNDN);
        mpfr_div(tmp1, tmp1, tmp3, MPFR_RNDN); /* theta(s) */
        mpfr_set_d(tmp2, c, MPFR_RNDN);
        mpfr_mul(tmp2, tmp2, pi_c, MPFR_RNDN);
        mpfr_div_2ui(tmp2, tmp2, 1, MPFR_RNDN);
        mpfr_div(tmp2, tmp2, tmp3, MPFR_RNDN); /* theta(0) */
        mpfr_cos(tmp2, tmp2, MPFR_RNDN);
        mpfr_cos(alpha, tmp1, MPFR_RNDN);
        mpfr_div(alpha, alpha, tmp2, MPFR_RNDN);
        mpfr_sqr(sig2, alpha, MPFR_RNDN);
        mpfr_ui_sub(sig2, 1, sig2, MPFR_RNDN);
        mpfr_tan(f, tmp1, MPFR_RNDN);
        mpfr_mul(f, f, pi_c, MPFR_RNDN);
        mpfr_div_2ui(f, f, 1, MPFR_RNDN);
        mpfr_div(f, f, tmp3, MPFR_RNDN);
        mpfr_neg(f, f, MPFR_RNDN);
        mpfr_mul_si(g2, f, -2, MPFR_RNDN);
        break;
    }
    case DMV_PROCESS_VE:
    default:
        mpfr_set_ui(alpha, 1, MPFR_RNDN);
        mpfr_sqr(sig2, s, MPFR_RNDN);
        mpfr_set_ui(f, 0, MPFR_RNDN);
        mpfr_mul_2ui(g2, s, 1, MPFR_RNDN);
        break;
    }
}

/* ---- the two ODE systems ---------------------------------------------------------- */

static mpfr_t A_, S2_, F_, G2_, LS_, Q_;

/* forward: y = (lambda_s, m_s), d/ds */
static void rhs_forward(mpfr_t *dy, const oracle *o, const mpfr_t s, mpfr_t *y)
{
    coefs(A_, S2_, F_, G2_, o->p, s);
    mpfr_mul(dy[0], F_, y[0], MPFR_RNDN);
    mpfr_mul_2ui(dy[0], dy[0], 1, MPFR_RNDN);
    mpfr_add(dy[0], dy[0], G2_, MPFR_RNDN);
    mpfr_mul(dy[1], F_, y[1], MPFR_RNDN);
}

/* forward in sigma in [0, 1]: s = s_end sin^2(pi sigma/2), ds/dsigma = s_end (pi/2) sin(pi sigma)
 * (steps cluster near 0 and near s_end, where cosine's f = -c' tan theta is large). */
static double g_send;
static void rhs_forward_mapped(mpfr_t *dy, const oracle *o, const mpfr_t sg, mpfr_t *y)
{
    mpfr_t s, J;
    mpfr_inits2(OPREC, s, J, (mpfr_ptr) 0);
    mpfr_mul(J, sg, pi_c, MPFR_RNDN);
    mpfr_div_2ui(s, J, 1, MPFR_RNDN);
    mpfr_sin(s, s, MPFR_RNDN);
    mpfr_sqr(s, s, MPFR_RNDN);
    mpfr_mul_d(s, s, g_send, MPFR_RNDN);
    mpfr_sin(J, J, MPFR_RNDN);
    mpfr_mul_d(J, J, g_send, MPFR_RNDN);
    mpfr_mul(J, J, pi_c, MPFR_RNDN);
    mpfr_div_2ui(J, J, 1, MPFR_RNDN);
    rhs_forward(dy, o, s, y);
    mpfr_mul(dy[0], dy[0], J, MPFR_RNDN);
    mpfr_mul(dy[1], dy[1], J, MPFR_RNDN);
    mpfr_clears(s, J, (mpfr_ptr) 0);
}

/* reverse: y = (M_sde, V_sde, M_ode, V_ode) as functions of sigma in [0, 1],
 * s = eps + (T - eps) cos^2(pi sigma / 2) (steps cluster at both ends). */
static double g_T, g_eps;
static void rhs_reverse(mpfr_t *dy, const oracle *o, const mpfr_t sg, mpfr_t *y)
{
    mpfr_t s, J;
    mpfr_inits2(OPREC, s, J, (mpfr_ptr) 0);
    /* s = eps + (T - eps) cos^2(pi sigma/2); du/dsigma = (T - eps)(pi/2) sin(pi sigma) */
    mpfr_mul(J, sg, pi_c, MPFR_RNDN);
    mpfr_div_2ui(s, J, 1, MPFR_RNDN);
    mpfr_cos(s, s, MPFR_RNDN);
    mpfr_sqr(s, s, MPFR_RNDN);
    mpfr_sin(J, J, MPFR_RNDN);
    mpfr_set_d(tmp1, g_T, MPFR_RNDN);
    mpfr_sub_d(tmp1, tmp1, g_eps, MPFR_RNDN);
    mpfr_mul(s, s, tmp1, MPFR_RNDN);
    mpfr_add_d(s, s, g_eps, MPFR_RNDN);
    mpfr_mul(J, J, tmp1, MPFR_RNDN);
    mpfr_mul(J, J, pi_c, MPFR_RNDN);
    mpfr_div_2ui(J, J, 1, MPFR_RNDN);
    coefs(A_, S2_, F_, G2_, o->p, s);
    /* lambda_s = alpha^2 lambda + sigma^2; Q = g^2/lambda_s */
    mpfr_sqr(LS_, A_, MPFR_RNDN);
    mpfr_mul(LS_, LS_, o->lam, MPFR_RNDN);
    mpfr_add(LS_, LS_, S2_, MPFR_RNDN);
    mpfr_div(Q_, G2_, LS_, MPFR_RNDN);
    /* SDE mean: -f M - Q (M - alpha m) */
    mpfr_mul(tmp2, A_, o->mean, MPFR_RNDN); /* alpha m */
    mpfr_sub(tmp3, y[0], tmp2, MPFR_RNDN);
    mpfr_mul(tmp3, tmp3, Q_, MPFR_RNDN);
    mpfr_mul(dy[0], F_, y[0], MPFR_RNDN);
    mpfr_add(dy[0], dy[0], tmp3, MPFR_RNDN);
    mpfr_neg(dy[0], dy[0], MPFR_RNDN);
    /* SDE var: 2(-f - Q) V + g^2 */
    mpfr_add(tmp3, F_, Q_, MPFR_RNDN);
    mpfr_mul(tmp3, tmp3, y[1], MPFR_RNDN);
    mpfr_mul_si(tmp3, tmp3, -2, MPFR_RNDN);
    mpfr_add(dy[1], tmp3, G2_, MPFR_RNDN);
    /* ODE mean: -f M - (Q/2)(M - alpha m) */
    mpfr_div_2ui(Q_, Q_, 1, MPFR_RNDN);
    mpfr_sub(tmp3, y[2], tmp2, MPFR_RNDN);
    mpfr_mul(tmp3, tmp3, Q_, MPFR_RNDN);
    mpfr_mul(dy[2], F_, y[2], MPFR_RNDN);
    mpfr_add(dy[2], dy[2], tmp3, MPFR_RNDN);
    mpfr_neg(dy[2], dy[2], MPFR_RNDN);
    /* ODE var: 2(-f - Q/2) V */
    mpfr_add(tmp3, F_, Q_, MPFR_RNDN);
    mpfr_mul(tmp3, tmp3, y[3], MPFR_RNDN);
    mpfr_mul_si(dy[3], tmp3, -2, MPFR_RNDN);
    {
        int i;
        for (i = 0; i < NV; i++)
            mpfr_mul(dy[i], dy[i], J, MPFR_RNDN);
    }
    mpfr_clears(s, J, (mpfr_ptr) 0);
}

typedef void (*rhs_fn)(mpfr_t *, const oracle *, const mpfr_t, mpfr_t *);

/* RK4 from x0 to x1 in n steps; y (nv values) in place. */
static void rk4(mpfr_t *y, int nv, rhs_fn rhs, const oracle *o, const mpfr_t x0, const mpfr_t x1, long n)
{
    mpfr_t k[4][NV], yt[NV], x, h, hh, xm;
    long step;
    int i, j;
    for (j = 0; j < 4; j++)
        for (i = 0; i < NV; i++)
            mpfr_init2(k[j][i], OPREC);
    for (i = 0; i < NV; i++)
        mpfr_init2(yt[i], OPREC);
    mpfr_inits2(OPREC, x, h, hh, xm, (mpfr_ptr) 0);
    mpfr_sub(h, x1, x0, MPFR_RNDN);
    mpfr_div_si(h, h, n, MPFR_RNDN);
    mpfr_div_2ui(hh, h, 1, MPFR_RNDN);
    for (step = 0; step < n; step++) {
        mpfr_mul_si(x, h, step, MPFR_RNDN);
        mpfr_add(x, x, x0, MPFR_RNDN);
        mpfr_add(xm, x, hh, MPFR_RNDN);
        rhs(k[0], o, x, y);
        for (i = 0; i < nv; i++)
            mpfr_fma(yt[i], hh, k[0][i], y[i], MPFR_RNDN);
        rhs(k[1], o, xm, yt);
        for (i = 0; i < nv; i++)
            mpfr_fma(yt[i], hh, k[1][i], y[i], MPFR_RNDN);
        rhs(k[2], o, xm, yt);
        for (i = 0; i < nv; i++)
            mpfr_fma(yt[i], h, k[2][i], y[i], MPFR_RNDN);
        mpfr_add(xm, x, h, MPFR_RNDN);
        rhs(k[3], o, xm, yt);
        for (i = 0; i < nv; i++) {
            mpfr_add(yt[i], k[1][i], k[2][i], MPFR_RNDN);
            mpfr_mul_2ui(yt[i], yt[i], 1, MPFR_RNDN);
            mpfr_add(yt[i], yt[i], k[0][i], MPFR_RNDN);
            mpfr_add(yt[i], yt[i], k[3][i], MPFR_RNDN);
            mpfr_mul(yt[i], yt[i], h, MPFR_RNDN);
            mpfr_div_ui(yt[i], yt[i], 6, MPFR_RNDN);
            mpfr_add(y[i], y[i], yt[i], MPFR_RNDN);
        }
    }
    for (j = 0; j < 4; j++)
        for (i = 0; i < NV; i++)
            mpfr_clear(k[j][i]);
    for (i = 0; i < NV; i++)
        mpfr_clear(yt[i]);
    mpfr_clears(x, h, hh, xm, (mpfr_ptr) 0);
}

/* Richardson over N, 2N, 4N: val = R(2N, 4N), err = 4 |R(2N,4N) - R(N,2N)|. */
static void integrate(mpfr_t *val, double *errv, int nv, rhs_fn rhs, const oracle *o, const mpfr_t x0,
                      const mpfr_t x1, mpfr_t *y0, long n)
{
    mpfr_t y[3][NV], r1[NV];
    int lev, i;
    for (lev = 0; lev < 3; lev++) {
        for (i = 0; i < nv; i++) {
            mpfr_init2(y[lev][i], OPREC);
            mpfr_set(y[lev][i], y0[i], MPFR_RNDN);
        }
        rk4(y[lev], nv, rhs, o, x0, x1, n << lev);
    }
    for (i = 0; i < nv; i++) {
        mpfr_init2(r1[i], OPREC);
        /* R(a, b) = b + (b - a)/15 */
        mpfr_sub(r1[i], y[1][i], y[0][i], MPFR_RNDN);
        mpfr_div_ui(r1[i], r1[i], 15, MPFR_RNDN);
        mpfr_add(r1[i], r1[i], y[1][i], MPFR_RNDN);
        mpfr_sub(val[i], y[2][i], y[1][i], MPFR_RNDN);
        mpfr_div_ui(val[i], val[i], 15, MPFR_RNDN);
        mpfr_add(val[i], val[i], y[2][i], MPFR_RNDN);
        mpfr_sub(r1[i], val[i], r1[i], MPFR_RNDN);
        errv[i] = 4 * fabs(mpfr_get_d(r1[i], MPFR_RNDU)) + 1e-70;
        mpfr_clear(r1[i]);
    }
    for (lev = 0; lev < 3; lev++)
        for (i = 0; i < nv; i++)
            mpfr_clear(y[lev][i]);
}

/* |mid(ball) - v| <= rad(ball) + err, and err small relative to |v|. */
static int contains_within(const arb_t ball, const mpfr_t v, double err, double *gap)
{
    arb_t x;
    int ok;
    arb_init(x);
    arf_set_mpfr(arb_midref(x), v);
    mag_set_d(arb_radref(x), err);
    ok = arb_overlaps(ball, x);
    arb_sub(x, x, ball, OPREC);
    *gap = arf_get_d(arb_midref(x), ARF_RND_NEAR);
    arb_clear(x);
    return ok;
}

static void check_case(dmv_test_rng *rng, dmv_process_kind kind)
{
    dmv_process p;
    oracle o;
    double lam, mean, m0d, v0d, eps, s_fwd, e[NV], gap;
    mpfr_t y0[NV], val[NV], x0, x1;
    arb_t L, M, m0, v0, mo, vo;
    dmv_error err;
    int i, sde, rc;
    dmv_process_default(&p, kind);
    if (kind == DMV_PROCESS_VE)
        p.t_max = 1 + 79 * dmv_test_uniform(rng);
    lam = dmv_test_next(rng) % 8 == 0 ? 0.0 : dmv_test_loguniform(rng, 1e-3, 50);
    mean = 4 * dmv_test_uniform(rng) - 2;
    m0d = dmv_test_uniform(rng) - 0.5;
    v0d = dmv_test_loguniform(rng, 0.1, 3);
    if (kind == DMV_PROCESS_VE)
        v0d *= p.t_max * p.t_max;
    eps = dmv_test_loguniform(rng, 1e-3, 0.3) * p.t_max;
    s_fwd = dmv_test_uniform(rng) * p.t_max;
    o.p = &p;
    mpfr_inits2(OPREC, o.lam, o.mean, x0, x1, (mpfr_ptr) 0);
    for (i = 0; i < NV; i++)
        mpfr_inits2(OPREC, y0[i], val[i], (mpfr_ptr) 0);
    mpfr_set_d(o.lam, lam, MPFR_RNDN);
    mpfr_set_d(o.mean, mean, MPFR_RNDN);
    arb_init(L);
    arb_init(M);
    arb_init(m0);
    arb_init(v0);
    arb_init(mo);
    arb_init(vo);
    arb_set_d(L, lam);
    arb_set_d(M, mean);
    arb_set_d(m0, m0d);
    arb_set_d(v0, v0d);

    /* forward: from (lambda, mean) at s = 0 to s_fwd */
    mpfr_set_d(y0[0], lam, MPFR_RNDN);
    mpfr_set_d(y0[1], mean, MPFR_RNDN);
    g_send = s_fwd;
    mpfr_set_ui(x0, 0, MPFR_RNDN);
    mpfr_set_ui(x1, 1, MPFR_RNDN);
    integrate(val, e, 2, rhs_forward_mapped, &o, x0, x1, y0, 400);
    dmv_error_init(&err);
    rc = dmv_ref_data_law1(mo, vo, &p, s_fwd, L, M, DMV_REF_PREC, &err);
    DMV_CHECK(rc == DMV_OK, "data_law1 %s: %s", dmv_process_name(kind), err.msg);
    DMV_CHECK(contains_within(vo, val[0], e[0], &gap) && e[0] < 1e-11 * (1 + lam),
              "forward var, %s lambda %.17g s %.17g: closed %s, oracle %.25g +- %.3g (gap %.3g)",
              dmv_process_name(kind), lam, s_fwd, arb_get_str(vo, 30, 0), mpfr_get_d(val[0], MPFR_RNDN), e[0], gap);
    DMV_CHECK(contains_within(mo, val[1], e[1], &gap) && e[1] < 1e-11 * (1 + fabs(mean)),
              "forward mean, %s lambda %.17g mean %.17g s %.17g: closed %s, oracle %.25g +- %.3g",
              dmv_process_name(kind), lam, mean, s_fwd, arb_get_str(mo, 30, 0), mpfr_get_d(val[1], MPFR_RNDN), e[1]);

    /* reverse: from (m0, v0) at s = T to s = eps, SDE and ODE together */
    g_T = p.t_max;
    g_eps = eps;
    mpfr_set_d(y0[0], m0d, MPFR_RNDN);
    mpfr_set_d(y0[1], v0d, MPFR_RNDN);
    mpfr_set_d(y0[2], m0d, MPFR_RNDN);
    mpfr_set_d(y0[3], v0d, MPFR_RNDN);
    mpfr_set_ui(x0, 0, MPFR_RNDN);
    mpfr_set_ui(x1, 1, MPFR_RNDN);
    integrate(val, e, 4, rhs_reverse, &o, x0, x1, y0, 1000);
    for (sde = 1; sde >= 0; sde--) {
        int im = sde ? 0 : 2, iv = sde ? 1 : 3;
        dmv_error_init(&err);
        rc = dmv_ref_continuous_law1(mo, vo, sde, &p, eps, L, M, m0, v0, DMV_REF_PREC, &err);
        DMV_CHECK(rc == DMV_OK, "continuous_law1 %s: %s", dmv_process_name(kind), err.msg);
        DMV_CHECK(contains_within(vo, val[iv], e[iv], &gap) && e[iv] < 1e-11 * (1 + v0d),
                  "%s var, %s T %g lambda %.17g mean %.17g m0 %.17g v0 %.17g eps %.17g:\n  closed %s\n  oracle %.25g "
                  "+- %.3g (gap %.3g)",
                  sde ? "SDE" : "ODE", dmv_process_name(kind), p.t_max, lam, mean, m0d, v0d, eps,
                  arb_get_str(vo, 30, 0), mpfr_get_d(val[iv], MPFR_RNDN), e[iv], gap);
        DMV_CHECK(contains_within(mo, val[im], e[im], &gap) && e[im] < 1e-11 * (1 + fabs(mean)),
                  "%s mean, %s T %g lambda %.17g mean %.17g m0 %.17g v0 %.17g eps %.17g:\n  closed %s\n  oracle "
                  "%.25g +- %.3g (gap %.3g)",
                  sde ? "SDE" : "ODE", dmv_process_name(kind), p.t_max, lam, mean, m0d, v0d, eps,
                  arb_get_str(mo, 30, 0), mpfr_get_d(val[im], MPFR_RNDN), e[im], gap);
    }
    mpfr_clears(o.lam, o.mean, x0, x1, (mpfr_ptr) 0);
    for (i = 0; i < NV; i++)
        mpfr_clears(y0[i], val[i], (mpfr_ptr) 0);
    arb_clear(L);
    arb_clear(M);
    arb_clear(m0);
    arb_clear(v0);
    arb_clear(mo);
    arb_clear(vo);
}

int main(void)
{
    dmv_test_rng rng = {4242};
    long it, iters = dmv_test_iters(3);
    int k;
    mpfr_inits2(OPREC, tmp1, tmp2, tmp3, pi_c, A_, S2_, F_, G2_, LS_, Q_, (mpfr_ptr) 0);
    mpfr_const_pi(pi_c, MPFR_RNDN);
    for (it = 0; it < iters; it++)
        for (k = 0; k < 4; k++)
            check_case(&rng, (dmv_process_kind) k);
    mpfr_clears(tmp1, tmp2, tmp3, pi_c, A_, S2_, F_, G2_, LS_, Q_, (mpfr_ptr) 0);
    mpfr_free_cache();
    flint_cleanup();
    DMV_TEST_DONE("t-integrate");
}
