/* Every scheme's affine map per direction, against two independent routes
 * written here (no library formula reused):
 *  1. literal execution of docs/schemes.md 5 on "affine values" (coefficient
 *     vectors over the start, the noises and 1) at 256 bits, with the raw
 *     (unstabilised) process formulas: all 10 schemes, 4 processes, random
 *     eigenvalue, mean, score error, eps, steps, eta;
 *  2. the hand-derived one-step table of docs/math/schemes.md#step-maps (VP linear, paper's
 *     convention: a_k, c_k, b_k^2 for EM, EI, DDPM, Euler, Heun, RK4), composed
 *     over N steps (m' = a m + c, v' = a^2 v + b^2).
 * Also: dmv_ref_scheme_law1 / map1 overlap the law from the affine
 * coefficients; DDPM with h g^2 >= 1 is DMV_EDOM naming the step. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dmv/ref.h"
#include "dmv_test.h"

#define TP 256

typedef struct {
    int kind;
    double bmin, bmax, c, T;
} tproc_t;

/* raw process formulas (schemes.md 1 table, no stable forms) */
static void tproc(arb_t a, arb_t sg2, arb_t f, arb_t g2, const tproc_t *p, const arb_t s)
{
    arb_t B, beta, t, th, th0, pi;
    arb_init(B);
    arb_init(beta);
    arb_init(t);
    arb_init(th);
    arb_init(th0);
    arb_init(pi);
    if (p->kind == DMV_PROCESS_VP_LINEAR || p->kind == DMV_PROCESS_VP_LINEAR_SONG) {
        arb_set_d(beta, p->bmax);
        arb_set_d(t, p->bmin);
        arb_sub(t, beta, t, TP);     /* bmax - bmin */
        arb_mul(beta, t, s, TP);
        arb_set_d(B, p->bmin);
        arb_add(beta, beta, B, TP);  /* beta(s) */
        arb_sqr(B, s, TP);
        arb_mul(B, B, t, TP);
        arb_mul_2exp_si(B, B, -1);
        arb_set_d(t, p->bmin);
        arb_addmul(B, t, s, TP);     /* B(s) */
        if (p->kind == DMV_PROCESS_VP_LINEAR_SONG) {
            arb_mul_2exp_si(B, B, -1);
            arb_mul_2exp_si(beta, beta, -1); /* -f = beta/2 */
        }
        arb_neg(B, B);
        arb_exp(a, B, TP);
        arb_neg(f, beta);
        arb_mul_2exp_si(g2, beta, 1);
        arb_sqr(t, a, TP);
        arb_sub_ui(sg2, t, 1, TP);
        arb_neg(sg2, sg2);
    } else if (p->kind == DMV_PROCESS_VP_COSINE) {
        arb_const_pi(pi, TP);
        arb_set_d(t, 1.0 + p->c); /* 1 + c: exact for c = 0.008? no: computed in Arb below */
        arb_one(t);
        arb_set_d(th0, p->c);
        arb_add(t, t, th0, TP);       /* 1 + c */
        arb_add(th, s, th0, TP);
        arb_div(th, th, t, TP);
        arb_mul(th, th, pi, TP);
        arb_mul_2exp_si(th, th, -1);
        arb_div(th0, th0, t, TP);
        arb_mul(th0, th0, pi, TP);
        arb_mul_2exp_si(th0, th0, -1);
        arb_cos(a, th, TP);
        arb_cos(beta, th0, TP);
        arb_div(a, a, beta, TP);
        arb_sqr(B, a, TP);
        arb_sub_ui(sg2, B, 1, TP);
        arb_neg(sg2, sg2);
        arb_tan(B, th, TP);
        arb_mul(B, B, pi, TP);
        arb_div(B, B, t, TP);
        arb_mul_2exp_si(B, B, -1);
        arb_neg(f, B);
        arb_mul_2exp_si(g2, B, 1);
        if (arb_is_zero(s)) { /* alpha(0) = cos(th0)/cos(th0) = 1 exactly, sigma(0) = 0 */
            arb_one(a);
            arb_zero(sg2);
        }
    } else {
        arb_one(a);
        arb_sqr(sg2, s, TP);
        arb_zero(f);
        arb_mul_2exp_si(g2, s, 1);
    }
    arb_clear(B);
    arb_clear(beta);
    arb_clear(t);
    arb_clear(th);
    arb_clear(th0);
    arb_clear(pi);
}

static void tlogsnr(arb_t l, const tproc_t *p, const arb_t s)
{
    arb_t a, sg2, f, g2;
    arb_init(a);
    arb_init(sg2);
    arb_init(f);
    arb_init(g2);
    tproc(a, sg2, f, g2, p, s);
    arb_sqr(a, a, TP);
    arb_div(a, a, sg2, TP);
    arb_log(l, a, TP);
    arb_mul_2exp_si(l, l, -1);
    arb_clear(a);
    arb_clear(sg2);
    arb_clear(f);
    arb_clear(g2);
}

/* inverse of the log-SNR by bisection on [lo, hi] (l decreasing) */
static void tlogsnr_inv(arb_t s, const tproc_t *p, const arb_t l, const arb_t lo0, const arb_t hi0)
{
    arb_t lo, hi, m, lm;
    int i;
    arb_init(lo);
    arb_init(hi);
    arb_init(m);
    arb_init(lm);
    arb_set(lo, lo0);
    arb_set(hi, hi0);
    for (i = 0; i < 300; i++) {
        arb_add(m, lo, hi, TP);
        arb_mul_2exp_si(m, m, -1);
        arf_set(arb_midref(m), arb_midref(m));
        mag_zero(arb_radref(m));
        tlogsnr(lm, p, m);
        if (arf_cmp(arb_midref(lm), arb_midref(l)) > 0)
            arb_set(lo, m);
        else
            arb_set(hi, m);
    }
    arb_set(s, lo);
    arb_clear(lo);
    arb_clear(hi);
    arb_clear(m);
    arb_clear(lm);
}

/* affine values: coefficients over [x, z_1..z_N, 1] */
typedef struct {
    slong n;
    arb_ptr v;
} aff;
static void aff_init(aff *x, slong n)
{
    x->n = n;
    x->v = _arb_vec_init(n);
}
static void aff_clear(aff *x) { _arb_vec_clear(x->v, x->n); }
/* z = p x + q y (y may be NULL) */
static void aff_lin(aff *z, const arb_t p, const aff *x, const arb_t q, const aff *y)
{
    slong i;
    arb_t t;
    arb_init(t);
    for (i = 0; i < z->n; i++) {
        arb_mul(t, p, x->v + i, TP);
        if (y != NULL)
            arb_addmul(t, q, y->v + i, TP);
        arb_swap(z->v + i, t);
    }
    arb_clear(t);
}
static void aff_addconst(aff *z, const arb_t c) { arb_add(z->v + z->n - 1, z->v + z->n - 1, c, TP); }
static void aff_addnoise(aff *z, slong k, const arb_t c) { arb_add(z->v + k, z->v + k, c, TP); }

typedef struct {
    const tproc_t *p;
    arb_t lam, m, kappa, dl, dm;
} model_t;

/* S(y, s) = -(1 + kappa)(y - a (m + dm)) / (a^2 lambda + sg^2 + a^2 dl) */
static void score(aff *out, const aff *y, const model_t *md, const arb_t s)
{
    arb_t a, sg2, f, g2, den, t, one;
    arb_init(a);
    arb_init(sg2);
    arb_init(f);
    arb_init(g2);
    arb_init(den);
    arb_init(t);
    arb_init(one);
    tproc(a, sg2, f, g2, md->p, s);
    arb_add(t, md->lam, md->dl, TP);
    arb_sqr(den, a, TP);
    arb_mul(den, den, t, TP);
    arb_add(den, den, sg2, TP);
    arb_add_ui(t, md->kappa, 1, TP);
    arb_div(t, t, den, TP);
    arb_neg(t, t); /* -(1+kappa)/den */
    arb_zero(one);
    aff_lin(out, t, y, one, NULL);
    arb_add(den, md->m, md->dm, TP);
    arb_mul(den, den, a, TP);
    arb_mul(den, den, t, TP);
    arb_neg(den, den);
    aff_addconst(out, den);
    arb_clear(a);
    arb_clear(sg2);
    arb_clear(f);
    arb_clear(g2);
    arb_clear(den);
    arb_clear(t);
    arb_clear(one);
}
/* D = (y + sg^2 S)/a */
static void denoise(aff *out, const aff *y, const model_t *md, const arb_t s)
{
    arb_t a, sg2, f, g2, one;
    arb_init(a);
    arb_init(sg2);
    arb_init(f);
    arb_init(g2);
    arb_init(one);
    tproc(a, sg2, f, g2, md->p, s);
    score(out, y, md, s);
    arb_one(one);
    aff_lin(out, one, y, sg2, out);
    arb_inv(a, a, TP);
    aff_lin(out, a, out, one, NULL);
    arb_clear(a);
    arb_clear(sg2);
    arb_clear(f);
    arb_clear(g2);
    arb_clear(one);
}
/* E = (y - a D)/sg */
static void noisepred(aff *out, const aff *y, const model_t *md, const arb_t s)
{
    arb_t a, sg2, f, g2, one;
    arb_init(a);
    arb_init(sg2);
    arb_init(f);
    arb_init(g2);
    arb_init(one);
    tproc(a, sg2, f, g2, md->p, s);
    denoise(out, y, md, s);
    arb_one(one);
    arb_neg(a, a);
    aff_lin(out, one, y, a, out);
    arb_rsqrt(sg2, sg2, TP);
    aff_lin(out, sg2, out, one, NULL);
    arb_clear(a);
    arb_clear(sg2);
    arb_clear(f);
    arb_clear(g2);
    arb_clear(one);
}
/* F = -f y + g^2/2 S */
static void velocity(aff *out, const aff *y, const model_t *md, const arb_t s)
{
    arb_t a, sg2, f, g2;
    arb_init(a);
    arb_init(sg2);
    arb_init(f);
    arb_init(g2);
    tproc(a, sg2, f, g2, md->p, s);
    score(out, y, md, s);
    arb_neg(f, f);
    arb_mul_2exp_si(g2, g2, -1);
    aff_lin(out, f, y, g2, out);
    arb_clear(a);
    arb_clear(sg2);
    arb_clear(f);
    arb_clear(g2);
}

/* runs the scheme literally; returns 0, or 1 if DDPM's b >= 1 (first such step in *bad) */
static int literal(aff *y, const model_t *md, int scheme, double eta, arb_srcptr s, slong N, slong *bad)
{
    slong n = N + 2, k;
    aff t1, t2, t3, t4, dprev;
    arb_t a, sg2, f, g2, a1, sg21, f1, g21, h, one, u, v, w, sm, l0, l1;
    int ret = 0;
    aff_init(&t1, n);
    aff_init(&t2, n);
    aff_init(&t3, n);
    aff_init(&t4, n);
    aff_init(&dprev, n);
    arb_init(a);
    arb_init(sg2);
    arb_init(f);
    arb_init(g2);
    arb_init(a1);
    arb_init(sg21);
    arb_init(f1);
    arb_init(g21);
    arb_init(h);
    arb_init(one);
    arb_init(u);
    arb_init(v);
    arb_init(w);
    arb_init(sm);
    arb_init(l0);
    arb_init(l1);
    arb_one(one);
    _arb_vec_zero(y->v, n);
    arb_one(y->v + 0);
    for (k = 0; k < N; k++) {
        const arb_srcptr s0 = s + k, s1 = s + k + 1;
        tproc(a, sg2, f, g2, md->p, s0);
        tproc(a1, sg21, f1, g21, md->p, s1);
        arb_sub(h, s0, s1, TP);
        switch (scheme) {
        case DMV_SCHEME_EM: /* y + h(-f y + g^2 S) + sqrt(h g^2) z */
            score(&t1, y, md, s0);
            arb_mul(u, h, f, TP);
            arb_sub(u, one, u, TP);
            arb_mul(v, h, g2, TP);
            aff_lin(y, u, y, v, &t1);
            arb_sqrt(v, v, TP);
            aff_addnoise(y, k + 1, v);
            break;
        case DMV_SCHEME_EI:
            score(&t1, y, md, s0);
            arb_div(u, a1, a, TP); /* r */
            if (md->p->kind == DMV_PROCESS_VE) {
                arb_sub(v, sg2, sg21, TP);
                arb_set(w, v);
            } else {
                arb_sub_ui(v, u, 1, TP);
                arb_mul_2exp_si(v, v, 1);
                arb_sqr(w, u, TP);
                arb_sub_ui(w, w, 1, TP);
            }
            aff_lin(y, u, y, v, &t1);
            arb_sqrt(w, w, TP);
            aff_addnoise(y, k + 1, w);
            break;
        case DMV_SCHEME_DDPM:
            arb_mul(v, h, g2, TP); /* b */
            if (!arb_lt(v, one)) {
                *bad = k + 1;
                ret = 1;
                goto done;
            }
            score(&t1, y, md, s0);
            arb_sub(w, one, v, TP);
            arb_rsqrt(w, w, TP);
            arb_mul(u, v, w, TP);
            aff_lin(y, w, y, u, &t1);
            arb_sqrt(v, v, TP);
            aff_addnoise(y, k + 1, v);
            break;
        case DMV_SCHEME_DDPM_CHAIN:
        case DMV_SCHEME_DDPM_POSTERIOR: /* alpha_t = (a/a')^2, beta_t = 1 - alpha_t: (y + beta_t S)/sqrt(alpha_t) + q z */
            score(&t1, y, md, s0);
            arb_div(u, a, a1, TP);
            arb_sqr(u, u, TP);        /* alpha_t */
            arb_sub(v, one, u, TP);   /* beta_t */
            arb_rsqrt(w, u, TP);
            arb_mul(sm, v, w, TP);
            aff_lin(y, w, y, sm, &t1);
            if (scheme == DMV_SCHEME_DDPM_CHAIN)
                arb_div(w, v, u, TP); /* beta_t/alpha_t */
            else {
                arb_mul(w, v, sg21, TP); /* beta_t sigma'^2/sigma^2 */
                arb_div(w, w, sg2, TP);
            }
            arb_sqrt(w, w, TP);
            aff_addnoise(y, k + 1, w);
            break;
        case DMV_SCHEME_EULER:
            velocity(&t1, y, md, s0);
            aff_lin(y, one, y, h, &t1);
            break;
        case DMV_SCHEME_HEUN:
            velocity(&t1, y, md, s0);
            aff_lin(&t2, one, y, h, &t1);
            velocity(&t3, &t2, md, s1);
            aff_lin(&t1, one, &t1, one, &t3);
            arb_mul_2exp_si(u, h, -1);
            aff_lin(y, one, y, u, &t1);
            break;
        case DMV_SCHEME_RK4:
            arb_add(sm, s0, s1, TP);
            arb_mul_2exp_si(sm, sm, -1);
            arb_mul_2exp_si(u, h, -1);
            velocity(&t1, y, md, s0);          /* k1 */
            aff_lin(&t4, one, y, u, &t1);
            velocity(&t2, &t4, md, sm);        /* k2 */
            aff_lin(&t4, one, y, u, &t2);
            arb_mul_2exp_si(w, one, 1);
            aff_lin(&t1, one, &t1, w, &t2);    /* k1 + 2 k2 */
            velocity(&t3, &t4, md, sm);        /* k3 */
            aff_lin(&t1, one, &t1, w, &t3);
            aff_lin(&t4, one, y, h, &t3);
            velocity(&t2, &t4, md, s1);        /* k4 */
            aff_lin(&t1, one, &t1, one, &t2);
            arb_div_ui(u, h, 6, TP);
            aff_lin(y, one, y, u, &t1);
            break;
        case DMV_SCHEME_HEUN_EDM: {
            /* x^ = y/a; sh = sg/a; d1 = (x^ - D(y, s))/sh; x~ = x^ + (sh' - sh) d1; ... */
            arb_t sh, sh1, dsh;
            aff xh, d1;
            arb_init(sh);
            arb_init(sh1);
            arb_init(dsh);
            aff_init(&xh, n);
            aff_init(&d1, n);
            arb_sqrt(sh, sg2, TP);
            arb_div(sh, sh, a, TP);
            arb_sqrtpos(sh1, sg21, TP);
            arb_div(sh1, sh1, a1, TP);
            arb_sub(dsh, sh1, sh, TP);
            arb_inv(u, a, TP);
            aff_lin(&xh, u, y, one, NULL);
            denoise(&t1, y, md, s0);
            arb_inv(v, sh, TP);
            arb_neg(w, v);
            aff_lin(&d1, v, &xh, w, &t1);
            aff_lin(&t2, one, &xh, dsh, &d1); /* x~ */
            if (arb_is_zero(sg21)) {
                aff_lin(y, a1, &t2, one, NULL);
            } else {
                aff_lin(&t3, a1, &t2, one, NULL);
                denoise(&t4, &t3, md, s1);
                arb_inv(v, sh1, TP);
                arb_neg(w, v);
                aff_lin(&t4, v, &t2, w, &t4); /* d2 */
                aff_lin(&t4, one, &d1, one, &t4);
                arb_mul_2exp_si(u, dsh, -1);
                aff_lin(&t4, one, &xh, u, &t4);
                aff_lin(y, a1, &t4, one, NULL);
            }
            arb_clear(sh);
            arb_clear(sh1);
            arb_clear(dsh);
            aff_clear(&xh);
            aff_clear(&d1);
            break;
        }
        case DMV_SCHEME_DDIM: {
            /* x0 = D; e = (y - a x0)/sg; c^2 = eta^2 sg'^2 (1 - (a sg')^2/(a' sg)^2);
             * y' = a' x0 + sqrt(sg'^2 - c^2) e + c z */
            arb_t c2;
            arb_init(c2);
            denoise(&t1, y, md, s0);
            noisepred(&t2, y, md, s0);
            arb_mul(u, a, a, TP);
            arb_mul(u, u, sg21, TP);
            arb_mul(v, a1, a1, TP);
            arb_mul(v, v, sg2, TP);
            arb_div(u, u, v, TP);
            arb_sub(u, one, u, TP);
            arb_set_d(w, eta);
            arb_sqr(w, w, TP);
            arb_mul(c2, w, sg21, TP);
            arb_mul(c2, c2, u, TP);
            arb_sub(u, sg21, c2, TP);
            arb_sqrtpos(u, u, TP);
            aff_lin(y, a1, &t1, u, &t2);
            arb_sqrtpos(c2, c2, TP);
            aff_addnoise(y, k + 1, c2);
            arb_clear(c2);
            break;
        }
        case DMV_SCHEME_DPM2: {
            arb_t am, sgm2, fm, g2m, lo, hi;
            arb_init(am);
            arb_init(sgm2);
            arb_init(fm);
            arb_init(g2m);
            arb_init(lo);
            arb_init(hi);
            tlogsnr(l0, md->p, s0);
            tlogsnr(l1, md->p, s1);
            arb_sub(w, l1, l0, TP); /* hl */
            arb_mul_2exp_si(u, w, -1);
            arb_add(v, l0, u, TP);
            tlogsnr_inv(sm, md->p, v, s1, s0);
            tproc(am, sgm2, fm, g2m, md->p, sm);
            noisepred(&t1, y, md, s0);
            arb_div(lo, am, a, TP);
            arb_expm1(hi, u, TP);
            arb_sqrt(sgm2, sgm2, TP);
            arb_mul(hi, hi, sgm2, TP);
            arb_neg(hi, hi);
            aff_lin(&t2, lo, y, hi, &t1); /* u */
            noisepred(&t3, &t2, md, sm);
            arb_div(lo, a1, a, TP);
            arb_expm1(hi, w, TP);
            arb_sqrtpos(sgm2, sg21, TP);
            arb_mul(hi, hi, sgm2, TP);
            arb_neg(hi, hi);
            aff_lin(y, lo, y, hi, &t3);
            arb_clear(am);
            arb_clear(sgm2);
            arb_clear(fm);
            arb_clear(g2m);
            arb_clear(lo);
            arb_clear(hi);
            break;
        }
        case DMV_SCHEME_DPMPP2M: {
            /* hl_k; D_k; Dbar; y' = (sg'/sg) y - a' expm1(-hl_k) Dbar */
            arb_t hlk, hlp;
            arb_init(hlk);
            arb_init(hlp);
            tlogsnr(l0, md->p, s0);
            tlogsnr(l1, md->p, s1);
            arb_sub(hlk, l1, l0, TP);
            denoise(&t1, y, md, s0);
            if (k == 0)
                aff_lin(&t2, one, &t1, one, NULL);
            else {
                tlogsnr(u, md->p, s + k - 1);
                arb_sub(hlp, l0, u, TP);
                arb_div(u, hlp, hlk, TP); /* r */
                arb_mul_2exp_si(u, u, 1);
                arb_inv(u, u, TP);         /* 1/(2r) */
                arb_add_ui(v, u, 1, TP);
                arb_neg(u, u);
                aff_lin(&t2, v, &t1, u, &dprev);
            }
            aff_lin(&dprev, one, &t1, one, NULL);
            arb_sqrt(u, sg21, TP);
            arb_sqrt(v, sg2, TP);
            arb_div(u, u, v, TP);
            arb_neg(v, hlk);
            arb_expm1(v, v, TP);
            arb_mul(v, v, a1, TP);
            arb_neg(v, v);
            aff_lin(y, u, y, v, &t2);
            arb_clear(hlk);
            arb_clear(hlp);
            break;
        }
        }
    }
done:
    aff_clear(&t1);
    aff_clear(&t2);
    aff_clear(&t3);
    aff_clear(&t4);
    aff_clear(&dprev);
    arb_clear(a);
    arb_clear(sg2);
    arb_clear(f);
    arb_clear(g2);
    arb_clear(a1);
    arb_clear(sg21);
    arb_clear(f1);
    arb_clear(g21);
    arb_clear(h);
    arb_clear(one);
    arb_clear(u);
    arb_clear(v);
    arb_clear(w);
    arb_clear(sm);
    arb_clear(l0);
    arb_clear(l1);
    return ret;
}

static double mid(const arb_t x) { return arf_get_d(arb_midref(x), ARF_RND_NEAR); }

/* docs/math/schemes.md#step-maps table, VP linear (paper), composed over N steps from (m0, v0) */
static void table_law(arb_t m, arb_t v, int scheme, const dmv_process *p, arb_srcptr s, slong N,
                      const arb_t lam, const arb_t mu)
{
    slong k;
    arb_t a, c, b2, h, t, u;
    arb_t kap[3], q[3], ss[3];
    int i;
    arb_init(a);
    arb_init(c);
    arb_init(b2);
    arb_init(h);
    arb_init(t);
    arb_init(u);
    for (i = 0; i < 3; i++) {
        arb_init(kap[i]);
        arb_init(q[i]);
        arb_init(ss[i]);
    }
    for (k = 0; k < N; k++) {
        /* beta, lambda_s, m*_s at s_k, s_k - h/2, s_{k+1}: kappa = beta (1 - 1/lambda_s), q = beta m_s / lambda_s */
        arb_sub(h, s + k, s + k + 1, TP);
        arb_set(ss[0], s + k);
        arb_mul_2exp_si(t, h, -1);
        arb_sub(ss[1], s + k, t, TP);
        arb_set(ss[2], s + k + 1);
        for (i = 0; i < 3; i++) {
            arb_t beta, B, ls, ms;
            arb_init(beta);
            arb_init(B);
            arb_init(ls);
            arb_init(ms);
            arb_set_d(t, p->beta_max);
            arb_set_d(u, p->beta_min);
            arb_sub(t, t, u, TP); /* bmax - bmin, exactly */
            arb_mul(beta, t, ss[i], TP);
            arb_set_d(t, p->beta_min);
            arb_add(beta, beta, t, TP);
            arb_add(B, beta, t, TP);
            arb_mul(B, B, ss[i], TP);
            arb_mul_2exp_si(B, B, -1); /* s (bmin + beta(s))/2 */
            arb_mul_2exp_si(t, B, 1);
            arb_neg(t, t);
            arb_exp(t, t, TP); /* e^{-2B} */
            arb_mul(ls, t, lam, TP);
            arb_sub_ui(u, t, 1, TP);
            arb_sub(ls, ls, u, TP); /* e^{-2B} lambda + 1 - e^{-2B} */
            arb_neg(B, B);
            arb_exp(ms, B, TP);
            arb_mul(ms, ms, mu, TP);
            arb_inv(u, ls, TP);
            arb_sub_ui(u, u, 1, TP);
            arb_neg(u, u);
            arb_mul(kap[i], beta, u, TP);
            arb_mul(q[i], beta, ms, TP);
            arb_div(q[i], q[i], ls, TP);
            if (i == 0) {
                /* remember beta_k, lambda_k, m*_k for the SDE rows */
                arb_set(a, beta);
                arb_set(c, ls);
                arb_set(b2, ms);
            }
            arb_clear(beta);
            arb_clear(B);
            arb_clear(ls);
            arb_clear(ms);
        }
        {
            arb_t beta, lk, mk, ak, ck, bk, g1, dB;
            arb_init(beta);
            arb_init(lk);
            arb_init(mk);
            arb_init(ak);
            arb_init(ck);
            arb_init(bk);
            arb_init(g1);
            arb_init(dB);
            arb_swap(beta, a);
            arb_swap(lk, c);
            arb_swap(mk, b2);
            switch (scheme) {
            case DMV_SCHEME_EM: /* 1 + h beta (1 - 2/l), 2 h beta m/l, 2 h beta */
                arb_set_ui(t, 2);
                arb_div(t, t, lk, TP);
                arb_sub_ui(t, t, 1, TP);
                arb_neg(t, t);
                arb_mul(ak, h, beta, TP);
                arb_mul(ak, ak, t, TP);
                arb_add_ui(ak, ak, 1, TP);
                arb_mul(ck, h, beta, TP);
                arb_mul_2exp_si(bk, ck, 1);
                arb_mul(ck, bk, mk, TP);
                arb_div(ck, ck, lk, TP);
                break;
            case DMV_SCHEME_EI: { /* g1 = expm1(dB): 1 + g1 (1 - 2/l), 2 g1 m/l, expm1(2 dB) */
                arb_t B0, B1;
                arb_init(B0);
                arb_init(B1);
                for (i = 0; i < 2; i++) {
                    arb_ptr Bi = i ? B1 : B0;
                    arb_srcptr si = s + k + i;
                    arb_set_d(t, p->beta_max);
                    arb_set_d(u, p->beta_min);
                    arb_sub(t, t, u, TP);
                    arb_mul_2exp_si(t, t, -1);
                    arb_mul(Bi, t, si, TP);
                    arb_set_d(t, p->beta_min);
                    arb_add(Bi, Bi, t, TP);
                    arb_mul(Bi, Bi, si, TP);
                }
                arb_sub(dB, B0, B1, TP);
                arb_expm1(g1, dB, TP);
                arb_set_ui(t, 2);
                arb_div(t, t, lk, TP);
                arb_sub_ui(t, t, 1, TP);
                arb_neg(t, t);
                arb_mul(ak, g1, t, TP);
                arb_add_ui(ak, ak, 1, TP);
                arb_mul(ck, g1, mk, TP);
                arb_mul_2exp_si(ck, ck, 1);
                arb_div(ck, ck, lk, TP);
                arb_mul_2exp_si(t, dB, 1);
                arb_expm1(bk, t, TP);
                arb_clear(B0);
                arb_clear(B1);
                break;
            }
            case DMV_SCHEME_DDPM: { /* bD = 2 h beta: (1 - bD/l)/sqrt(1 - bD), bD m/(l sqrt(1 - bD)), bD */
                arb_t bD, r;
                arb_init(bD);
                arb_init(r);
                arb_mul(bD, h, beta, TP);
                arb_mul_2exp_si(bD, bD, 1);
                arb_sub_ui(r, bD, 1, TP);
                arb_neg(r, r);
                arb_sqrt(r, r, TP);
                arb_div(t, bD, lk, TP);
                arb_sub_ui(ak, t, 1, TP);
                arb_neg(ak, ak);
                arb_div(ak, ak, r, TP);
                arb_mul(ck, t, mk, TP);
                arb_div(ck, ck, r, TP);
                arb_set(bk, bD);
                arb_clear(bD);
                arb_clear(r);
                break;
            }
            case DMV_SCHEME_EULER:
                arb_mul(ak, h, kap[0], TP);
                arb_add_ui(ak, ak, 1, TP);
                arb_mul(ck, h, q[0], TP);
                arb_zero(bk);
                break;
            case DMV_SCHEME_HEUN: /* 1 + (h/2)[k0 + k1(1 + h k0)], (h/2)[q0 + q1 + h k1 q0] */
                arb_mul(t, h, kap[0], TP);
                arb_add_ui(t, t, 1, TP);
                arb_mul(t, t, kap[2], TP);
                arb_add(t, t, kap[0], TP);
                arb_mul(ak, t, h, TP);
                arb_mul_2exp_si(ak, ak, -1);
                arb_add_ui(ak, ak, 1, TP);
                arb_mul(t, h, kap[2], TP);
                arb_mul(t, t, q[0], TP);
                arb_add(t, t, q[0], TP);
                arb_add(t, t, q[2], TP);
                arb_mul(ck, t, h, TP);
                arb_mul_2exp_si(ck, ck, -1);
                arb_zero(bk);
                break;
            case DMV_SCHEME_RK4: {
                arb_t A1, A2, A3, A4, C1, C2, C3, C4;
                arb_init(A1);
                arb_init(A2);
                arb_init(A3);
                arb_init(A4);
                arb_init(C1);
                arb_init(C2);
                arb_init(C3);
                arb_init(C4);
                arb_mul_2exp_si(u, h, -1);
                arb_set(A1, kap[0]);
                arb_set(C1, q[0]);
                arb_mul(A2, u, A1, TP);
                arb_add_ui(A2, A2, 1, TP);
                arb_mul(A2, A2, kap[1], TP);
                arb_mul(C2, kap[1], u, TP);
                arb_mul(C2, C2, C1, TP);
                arb_add(C2, C2, q[1], TP);
                arb_mul(A3, u, A2, TP);
                arb_add_ui(A3, A3, 1, TP);
                arb_mul(A3, A3, kap[1], TP);
                arb_mul(C3, kap[1], u, TP);
                arb_mul(C3, C3, C2, TP);
                arb_add(C3, C3, q[1], TP);
                arb_mul(A4, h, A3, TP);
                arb_add_ui(A4, A4, 1, TP);
                arb_mul(A4, A4, kap[2], TP);
                arb_mul(C4, kap[2], h, TP);
                arb_mul(C4, C4, C3, TP);
                arb_add(C4, C4, q[2], TP);
                arb_add(t, A2, A3, TP);
                arb_mul_2exp_si(t, t, 1);
                arb_add(t, t, A1, TP);
                arb_add(t, t, A4, TP);
                arb_mul(ak, t, h, TP);
                arb_div_ui(ak, ak, 6, TP);
                arb_add_ui(ak, ak, 1, TP);
                arb_add(t, C2, C3, TP);
                arb_mul_2exp_si(t, t, 1);
                arb_add(t, t, C1, TP);
                arb_add(t, t, C4, TP);
                arb_mul(ck, t, h, TP);
                arb_div_ui(ck, ck, 6, TP);
                arb_zero(bk);
                arb_clear(A1);
                arb_clear(A2);
                arb_clear(A3);
                arb_clear(A4);
                arb_clear(C1);
                arb_clear(C2);
                arb_clear(C3);
                arb_clear(C4);
                break;
            }
            }
            /* m' = a m + c, v' = a^2 v + b^2 */
            arb_mul(m, m, ak, TP);
            arb_add(m, m, ck, TP);
            arb_mul(v, v, ak, TP);
            arb_mul(v, v, ak, TP);
            arb_add(v, v, bk, TP);
            arb_clear(beta);
            arb_clear(lk);
            arb_clear(mk);
            arb_clear(ak);
            arb_clear(ck);
            arb_clear(bk);
            arb_clear(g1);
            arb_clear(dB);
        }
    }
    arb_clear(a);
    arb_clear(c);
    arb_clear(b2);
    arb_clear(h);
    arb_clear(t);
    arb_clear(u);
    for (i = 0; i < 3; i++) {
        arb_clear(kap[i]);
        arb_clear(q[i]);
        arb_clear(ss[i]);
    }
}

int main(void)
{
    dmv_test_rng rng = {20261122};
    long iter, n_iter = dmv_test_iters(400);
    slong prec = 128;

    /* 1. literal execution, random cases */
    for (iter = 0; iter < n_iter; iter++) {
        dmv_process p;
        dmv_grid g;
        dmv_scheme sc;
        dmv_ref_schedule sch;
        dmv_ref_affine1 af;
        dmv_ref_score_error se, *sep = NULL;
        dmv_error err;
        tproc_t tp;
        model_t md;
        aff y;
        arb_ptr s;
        arb_t lam, mu, A, Bsq, c, t, m0, v0, mo, vo;
        slong N, k, bad = 0;
        int st, lit, ok = 1;
        static const double epss[] = {0, 1e-3, 0.01, 0.1};

        dmv_process_default(&p, (dmv_process_kind) (dmv_test_next(&rng) % 4));
        if (p.kind == DMV_PROCESS_VE)
            p.t_max = 2.0 + 10 * dmv_test_uniform(&rng);
        dmv_grid_default(&g);
        g.kind = DMV_GRID_UNIFORM;
        g.steps = N = 1 + (slong) (dmv_test_next(&rng) % 6);
        dmv_scheme_default(&sc);
        sc.kind = (dmv_scheme_kind) (dmv_test_next(&rng) % DMV_SCHEME_COUNT);
        sc.eta = (dmv_test_next(&rng) % 3) == 0 ? 0.0 : dmv_test_uniform(&rng);
        if ((sc.kind == DMV_SCHEME_DDPM || sc.kind == DMV_SCHEME_DDPM_CHAIN || sc.kind == DMV_SCHEME_DDPM_POSTERIOR) && p.kind == DMV_PROCESS_VE)
            dmv_process_default(&p, DMV_PROCESS_VP_LINEAR);
        g.eps = epss[dmv_test_next(&rng) % 4];
        if (g.eps == 0 && (sc.kind == DMV_SCHEME_DPM2 || sc.kind == DMV_SCHEME_DPMPP2M))
            g.eps = 0.01;
        if (sc.kind == DMV_SCHEME_DDPM) {
            g.steps = N = 20 + (slong) (dmv_test_next(&rng) % 30); /* around the b < 1 boundary */
            if (p.kind == DMV_PROCESS_VP_COSINE)
                g.steps = N = 100 + (slong) (dmv_test_next(&rng) % 200);
        }
        tp.kind = p.kind;
        tp.bmin = p.beta_min;
        tp.bmax = p.beta_max;
        tp.c = p.cosine_offset;
        tp.T = p.t_max;
        arb_init(lam);
        arb_init(mu);
        arb_init(A);
        arb_init(Bsq);
        arb_init(c);
        arb_init(t);
        arb_init(m0);
        arb_init(v0);
        arb_init(mo);
        arb_init(vo);
        arb_set_d(lam, dmv_test_next(&rng) % 5 == 0 ? 0.0 : dmv_test_loguniform(&rng, 1e-3, 10));
        arb_set_d(mu, dmv_test_next(&rng) % 3 == 0 ? 0.0 : 4 * dmv_test_uniform(&rng) - 2);
        if (dmv_test_next(&rng) % 2) {
            se.kappa = 0.4 * dmv_test_uniform(&rng) - 0.2;
            se.dl = 0.5 * dmv_test_uniform(&rng);
            se.dm = dmv_test_uniform(&rng) - 0.5;
            sep = &se;
        }
        md.p = &tp;
        arb_init(md.lam);
        arb_init(md.m);
        arb_init(md.kappa);
        arb_init(md.dl);
        arb_init(md.dm);
        arb_set(md.lam, lam);
        arb_set(md.m, mu);
        if (sep) {
            arb_set_d(md.kappa, se.kappa);
            arb_set_d(md.dl, se.dl);
            arb_set_d(md.dm, se.dm);
        }
        /* uniform grid, exactly as schemes.md 2 */
        s = _arb_vec_init(N + 1);
        arb_set_d(s + 0, p.t_max);
        arb_set_d(t, g.eps);
        arb_sub(t, s + 0, t, TP);
        arb_div_si(t, t, N, TP);
        for (k = 1; k < N; k++) {
            arb_mul_si(s + k, t, k, TP);
            arb_sub(s + k, s + 0, s + k, TP);
        }
        arb_set_d(s + N, g.eps);

        aff_init(&y, N + 2);
        lit = literal(&y, &md, sc.kind, sc.eta, s, N, &bad);
        dmv_error_init(&err);
        st = dmv_ref_schedule_init(&sch, &p, &g, &sc, prec, &err);
        if (lit) {
            DMV_CHECK(st == DMV_EDOM && strstr(err.msg, "step") != NULL, "DDPM b >= 1 at step %ld: status %d '%s'",
                      (long) bad, st, err.msg);
            if (st == DMV_EDOM) {
                char want[32];
                snprintf(want, sizeof want, "step %ld ", (long) bad);
                DMV_CHECK(strstr(err.msg, want) != NULL, "message '%s' should name %s", err.msg, want);
            }
        } else {
            int lit_finite = _arb_vec_is_finite(y.v, N + 2);
            DMV_CHECK(st == DMV_OK, "schedule: status %d '%s'", st, err.msg);
            if (st == DMV_OK) {
                dmv_ref_affine1_init(&af, N);
                st = dmv_ref_scheme_affine1(&af, &sch, lam, mu, sep, prec, &err);
                if (!lit_finite) {
                    DMV_CHECK(st == DMV_ENOTFINITE, "literal not finite, library status %d '%s' (%s %s N=%ld eps=%g lambda=%g)",
                              st, err.msg, dmv_process_name(p.kind), dmv_scheme_name(sc.kind), (long) N, g.eps, mid(lam));
                } else {
                    DMV_CHECK(st == DMV_OK, "affine1: status %d '%s'", st, err.msg);
                    if (st == DMV_OK) {
                        ok &= arb_overlaps(af.x0_coef, y.v + 0);
                        ok &= arb_overlaps(af.shift, y.v + N + 1);
                        for (k = 0; k < N; k++)
                            ok &= arb_overlaps(af.noise_coef + k, y.v + 1 + k);
                        ok &= mag_cmp_2exp_si(arb_radref(af.x0_coef), -90) < 0;
                        /* the lean map and the law agree with the coefficients */
                        st = dmv_ref_scheme_map1(A, Bsq, c, &sch, lam, mu, sep, prec, &err);
                        ok &= st == DMV_OK;
                        ok &= arb_overlaps(A, af.x0_coef) && arb_overlaps(c, af.shift);
                        arb_zero(t);
                        for (k = 0; k < N; k++)
                            arb_addmul(t, af.noise_coef + k, af.noise_coef + k, TP);
                        ok &= arb_overlaps(t, Bsq);
                        arb_set_d(m0, 0.3);
                        arb_set_d(v0, 1.7);
                        st = dmv_ref_scheme_law1(mo, vo, &sch, lam, mu, m0, v0, sep, prec, &err);
                        arb_sqr(A, af.x0_coef, TP);
                        arb_mul(A, A, v0, TP);
                        arb_add(A, A, t, TP);
                        arb_mul(c, af.x0_coef, m0, TP);
                        arb_add(c, c, af.shift, TP);
                        ok &= st == DMV_OK && arb_overlaps(vo, A) && arb_overlaps(mo, c);
                        DMV_CHECK(ok,
                                  "%s %s N=%ld eps=%g eta=%g lambda=%.17g mean=%.17g err(%g,%g,%g): A lib %.17g "
                                  "lit %.17g (rad %.1e), c lib %.17g lit %.17g",
                                  dmv_process_name(p.kind), dmv_scheme_name(sc.kind), (long) N, g.eps, sc.eta,
                                  mid(lam), mid(mu), sep ? se.kappa : 0, sep ? se.dl : 0, sep ? se.dm : 0,
                                  mid(af.x0_coef), mid(y.v), mag_get_d(arb_radref(af.x0_coef)),
                                  mid(af.shift), mid(y.v + N + 1));
                    }
                }
                dmv_ref_affine1_clear(&af);
                dmv_ref_schedule_clear(&sch);
            }
        }
        aff_clear(&y);
        _arb_vec_clear(s, N + 1);
        arb_clear(lam);
        arb_clear(mu);
        arb_clear(A);
        arb_clear(Bsq);
        arb_clear(c);
        arb_clear(t);
        arb_clear(m0);
        arb_clear(v0);
        arb_clear(mo);
        arb_clear(vo);
        arb_clear(md.lam);
        arb_clear(md.m);
        arb_clear(md.kappa);
        arb_clear(md.dl);
        arb_clear(md.dm);
    }

    /* 2. docs/math/schemes.md#step-maps table (VP linear, paper), N = 1 and N = 3..40 steps */
    {
        static const int schemes[] = {DMV_SCHEME_EM, DMV_SCHEME_EI, DMV_SCHEME_DDPM, DMV_SCHEME_EULER,
                                      DMV_SCHEME_HEUN, DMV_SCHEME_RK4};
        for (iter = 0; iter < dmv_test_iters(60); iter++) {
            dmv_process p;
            dmv_grid g;
            dmv_scheme sc;
            dmv_ref_schedule sch;
            dmv_error err;
            arb_t lam, mu, m, v, mo, vo, m0, v0;
            slong N;
            int st;
            dmv_process_default(&p, DMV_PROCESS_VP_LINEAR);
            dmv_grid_default(&g);
            dmv_scheme_default(&sc);
            sc.kind = (dmv_scheme_kind) schemes[iter % 6];
            N = iter % 2 ? 1 : 3 + (slong) (dmv_test_next(&rng) % 38);
            if (sc.kind == DMV_SCHEME_DDPM)
                N = 25 + (slong) (dmv_test_next(&rng) % 30);
            g.steps = N;
            g.eps = dmv_test_next(&rng) % 2 ? 1e-3 : 0.05;
            arb_init(lam);
            arb_init(mu);
            arb_init(m);
            arb_init(v);
            arb_init(mo);
            arb_init(vo);
            arb_init(m0);
            arb_init(v0);
            arb_set_d(lam, dmv_test_loguniform(&rng, 1e-4, 20));
            arb_set_d(mu, 2 * dmv_test_uniform(&rng) - 1);
            arb_set_d(m0, dmv_test_uniform(&rng));
            arb_set_d(v0, 0.5 + dmv_test_uniform(&rng));
            dmv_error_init(&err);
            st = dmv_ref_schedule_init(&sch, &p, &g, &sc, prec, &err);
            DMV_CHECK(st == DMV_OK, "schedule %s N %ld: %s", dmv_scheme_name(sc.kind), (long) N, err.msg);
            if (st == DMV_OK) {
                arb_ptr s = _arb_vec_init(N + 1);
                slong k;
                arb_t t;
                arb_init(t);
                arb_set_d(s + 0, 1.0);
                arb_set_d(t, g.eps);
                arb_sub_ui(t, t, 1, TP);
                arb_div_si(t, t, N, TP); /* -h */
                for (k = 1; k < N; k++) {
                    arb_mul_si(s + k, t, k, TP);
                    arb_add_ui(s + k, s + k, 1, TP);
                }
                arb_set_d(s + N, g.eps);
                arb_set(m, m0);
                arb_set(v, v0);
                table_law(m, v, sc.kind, &p, s, N, lam, mu);
                st = dmv_ref_scheme_law1(mo, vo, &sch, lam, mu, m0, v0, NULL, prec, &err);
                DMV_CHECK(st == DMV_OK && arb_overlaps(m, mo) && arb_overlaps(v, vo) &&
                              mag_cmp_2exp_si(arb_radref(vo), -95) < 0,
                          "table %s N=%ld eps=%g lambda=%.17g: var lib %.20g table %.20g (rad %.1e); mean lib "
                          "%.20g table %.20g",
                          dmv_scheme_name(sc.kind), (long) N, g.eps, mid(lam), mid(vo), mid(v),
                          mag_get_d(arb_radref(vo)), mid(mo), mid(m));
                _arb_vec_clear(s, N + 1);
                arb_clear(t);
                dmv_ref_schedule_clear(&sch);
            }
            arb_clear(lam);
            arb_clear(mu);
            arb_clear(m);
            arb_clear(v);
            arb_clear(mo);
            arb_clear(vo);
            arb_clear(m0);
            arb_clear(v0);
        }
    }
    flint_cleanup();
    DMV_TEST_DONE("t-ref-scheme");
}
