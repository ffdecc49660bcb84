/* One scheme step in Arb over a certified denoiser (include/dmv/ref_step.h, docs/replay.md).
 * Formulas: docs/schemes.md s.5, written once per scheme against D. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "dmv/ref.h"
#include "dmv/ref_step.h"
#include "ref_internal.h"

void dmv_ref_stepper_init(dmv_ref_stepper *st, const dmv_process *p, const dmv_scheme *sc, const dmv_ref_model *m)
{
    memset(st, 0, sizeof *st);
    st->process = p;
    st->scheme = *sc;
    st->model = m;
    st->dim = m->dim;
    st->prec = DMV_REF_PREC;
    st->prec_max = 1024;
    st->acc_bits = 64;
    st->d_rel = 0;
    st->d_scale = 1;
    st->op_rel = 0;
}

static double mid(const arb_t x)
{
    return arf_get_d(arb_midref(x), ARF_RND_NEAR);
}

static double amid(const arb_t x)
{
    return fabs(mid(x));
}

/* x += [-r, r] (r >= 0 a double, rounded up by mag_set_d) */
static void widen(arb_t x, double r)
{
    mag_t m;
    if (!(r > 0))
        return;
    mag_init(m);
    mag_set_d(m, r);
    arb_add_error_mag(x, m);
    mag_clear(m);
}

/* Scales at one time (a ball). */
typedef struct {
    arb_t s, a, sg2, sg, f, g2, l;
} tpt;

static void tpt_init(tpt *t)
{
    arb_init(t->s);
    arb_init(t->a);
    arb_init(t->sg2);
    arb_init(t->sg);
    arb_init(t->f);
    arb_init(t->g2);
    arb_init(t->l);
}

static void tpt_clear(tpt *t)
{
    arb_clear(t->s);
    arb_clear(t->a);
    arb_clear(t->sg2);
    arb_clear(t->sg);
    arb_clear(t->f);
    arb_clear(t->g2);
    arb_clear(t->l);
}

static int tpt_eval(tpt *t, const dmv_process *p, const arb_t s, int want_l, slong prec, dmv_error *err)
{
    int rc;
    arb_set(t->s, s);
    rc = dmv_ref_process_eval(t->a, t->sg2, t->f, t->g2, want_l ? t->l : NULL, p, s, prec, err);
    if (rc != DMV_OK)
        return rc;
    dmv_ref_sqrt_nonneg(t->sg, t->sg2, prec);
    return DMV_OK;
}

static int vec_exact(arb_srcptr x, long d)
{
    long j;
    for (j = 0; j < d; j++)
        if (!arb_is_exact(x + j))
            return 0;
    return 1;
}

/* out = D(x, t) plus the denoiser slack. */
static int den(arb_ptr out, const dmv_ref_stepper *st, const tpt *t, arb_srcptr x, slong prec, dmv_error *err)
{
    long j, d = st->dim;
    int rc;
    if (st->op_rel > 0) {
        /* the fast side's alpha and sigma carry their own rounding (libm, a few ulps; alpha = exp(-B)
         * up to |B| times B's): the denoiser sees them as balls of relative radius op_rel */
        arb_t a, sg;
        arb_init(a);
        arb_init(sg);
        arb_set(a, t->a);
        arb_set(sg, t->sg);
        widen(a, st->op_rel * amid(a));
        widen(sg, st->op_rel * amid(sg));
        rc = dmv_ref_model_denoise(out, st->model, a, sg, x, prec, err);
        arb_clear(a);
        arb_clear(sg);
    } else if (vec_exact(x, d)) {
        rc = dmv_ref_model_denoise_acc(out, st->model, t->a, t->sg, x, st->acc_bits, prec,
                                       prec > st->prec_max ? prec : st->prec_max, NULL, err);
    } else {
        rc = dmv_ref_model_denoise(out, st->model, t->a, t->sg, x, prec, err);
    }
    if (rc != DMV_OK)
        return rc;
    if (st->d_rel > 0) {
        double scale = st->d_scale > 1 ? st->d_scale : 1, a = amid(t->a);
        for (j = 0; j < d; j++)
            if (a > 0 && amid(x + j) / a > scale)
                scale = amid(x + j) / a;
        if (a == 0)
            scale = INFINITY;
        for (j = 0; j < d; j++)
            widen(out + j, st->d_rel * scale);
    }
    return DMV_OK;
}

/* The denoiser with the stepper's slack, for reference/step_kdiff.c (ref_internal.h). */
int _dmv_ref_step_den(arb_ptr out, const dmv_ref_stepper *st, const arb_t a, const arb_t sg, arb_srcptr x,
                      slong prec, dmv_error *err)
{
    tpt t;
    int rc;
    tpt_init(&t);
    arb_set(t.a, a);
    arb_set(t.sg, sg);
    rc = den(out, st, &t, x, prec, err);
    tpt_clear(&t);
    return rc;
}

/* F = -f y + (g2/2)(a D - y)/sg2 per coordinate, with |F|'s magnitude in magF; D into Dv. */
static int velocity(arb_ptr F, double *magF, arb_ptr Dv, const dmv_ref_stepper *st, const tpt *t, arb_srcptr y,
                    slong prec, dmv_error *err)
{
    long j, d = st->dim;
    arb_t hg, S;
    int rc = den(Dv, st, t, y, prec, err);
    if (rc != DMV_OK)
        return rc;
    arb_init(hg);
    arb_init(S);
    arb_mul_2exp_si(hg, t->g2, -1);
    for (j = 0; j < d; j++) {
        arb_mul(S, t->a, Dv + j, prec);
        arb_sub(S, S, y + j, prec);
        arb_div(S, S, t->sg2, prec);
        arb_mul(F + j, t->f, y + j, prec);
        arb_neg(F + j, F + j);
        arb_addmul(F + j, hg, S, prec);
        magF[j] = amid(t->f) * amid(y + j) +
                  amid(hg) * (amid(t->a) * amid(Dv + j) + amid(y + j)) / amid(t->sg2);
    }
    arb_clear(hg);
    arb_clear(S);
    return DMV_OK;
}

typedef struct {
    arb_ptr D, D2, v1, v2, v3, acc;
    double *m1, *m2, *m3;
} scratch;

static int step_at(arb_ptr out, double *mag, const dmv_ref_stepper *st, double s0, double s1, double s_prev,
                   arb_srcptr x, arb_srcptr x_prev, const double *z, slong prec, scratch *w, dmv_error *err)
{
    const dmv_process *p = st->process;
    const long d = st->dim;
    const double op = st->op_rel;
    int log_schemes = st->scheme.kind == DMV_SCHEME_DPM2 || st->scheme.kind == DMV_SCHEME_DPMPP2M;
    tpt t0, t1, tm;
    arb_t s, h, c1, c2, c3, c4, tmp;
    long j;
    int rc;

    tpt_init(&t0);
    tpt_init(&t1);
    tpt_init(&tm);
    arb_init(s);
    arb_init(h);
    arb_init(c1);
    arb_init(c2);
    arb_init(c3);
    arb_init(c4);
    arb_init(tmp);
    arb_set_d(s, s0);
    if ((rc = tpt_eval(&t0, p, s, log_schemes, prec, err)) != DMV_OK)
        goto done;
    arb_set_d(s, s1);
    if ((rc = tpt_eval(&t1, p, s, log_schemes, prec, err)) != DMV_OK)
        goto done;
    arb_set_d(h, s0);
    arb_sub(h, h, s, prec); /* h = s0 - s1 (exact at prec >= 64) */

    switch (st->scheme.kind) {
    case DMV_SCHEME_EM:
    case DMV_SCHEME_EI:
    case DMV_SCHEME_DDPM:
    case DMV_SCHEME_DDPM_CHAIN:
    case DMV_SCHEME_DDPM_POSTERIOR: {
        /* y' = c1 y + c2 S + c3 z, S = (a D - y)/sg2 */
        double cf = 1.0; /* cancellation factor of the coefficients (DDPM's 1 - b) */
        if ((rc = den(w->D, st, &t0, x, prec, err)) != DMV_OK)
            goto done;
        if (st->scheme.kind == DMV_SCHEME_EM) { /* y + h(-f y + g2 S) + sqrt(h g2) z */
            arb_mul(c1, h, t0.f, prec);
            arb_sub_ui(c1, c1, 1, prec);
            arb_neg(c1, c1);
            arb_mul(c2, h, t0.g2, prec);
            dmv_ref_sqrt_nonneg(c3, c2, prec);
        } else if (st->scheme.kind == DMV_SCHEME_EI) {
            if (p->kind == DMV_PROCESS_VE) { /* gamma = nu = sg^2 - sg'^2 */
                arb_sub(c2, t0.sg2, t1.sg2, prec);
                arb_one(c1);
                dmv_ref_sqrt_nonneg(c3, c2, prec);
            } else { /* r = a'/a, gamma = 2 (r - 1), nu = r^2 - 1 */
                arb_div(c1, t1.a, t0.a, prec);
                arb_sub_ui(c2, c1, 1, prec);
                arb_mul_2exp_si(c2, c2, 1);
                arb_sqr(c3, c1, prec);
                arb_sub_ui(c3, c3, 1, prec);
                dmv_ref_sqrt_nonneg(c3, c3, prec);
            }
        } else if (st->scheme.kind == DMV_SCHEME_DDPM_CHAIN || st->scheme.kind == DMV_SCHEME_DDPM_POSTERIOR) {
            /* r (y + b S) + q z, r = a'/a, b = 1 - 1/r^2: c1 = r, c2 = r b = r - 1/r;
             * chain q^2 = r^2 - 1, posterior q^2 = (sg'^2/sg^2) b */
            arb_div(c1, t1.a, t0.a, prec);
            arb_inv(c4, c1, prec);
            arb_sub(c2, c1, c4, prec);
            arb_mul(c4, c4, c2, prec); /* b = (r - 1/r)/r */
            if (st->scheme.kind == DMV_SCHEME_DDPM_CHAIN) {
                arb_sqr(c3, c1, prec);
                arb_sub_ui(c3, c3, 1, prec);
            } else {
                arb_div(c3, t1.sg2, t0.sg2, prec);
                arb_mul(c3, c3, c4, prec);
            }
            dmv_ref_sqrt_nonneg(c3, c3, prec);
        } else { /* (y + b S)/sqrt(1 - b) + sqrt(b) z */
            double b;
            arb_mul(c2, h, t0.g2, prec); /* b */
            b = mid(c2);
            dmv_ref_sqrt_nonneg(c3, c2, prec);
            arb_sub_ui(c4, c2, 1, prec);
            arb_neg(c4, c4);
            if (!arb_is_positive(c4)) {
                rc = dmv_error_set(err, DMV_EDOM, "scheme ddpm: step s = %.17g -> %.17g has b = h g^2 = %.17g >= 1",
                                   s0, s1, b);
                goto done;
            }
            arb_rsqrt(c4, c4, prec);
            arb_set(c1, c4);
            arb_mul(c2, c2, c4, prec);
            cf = 1.0 + b / (1.0 - b);
        }
        for (j = 0; j < d; j++) {
            double Sm;
            arb_mul(tmp, t0.a, w->D + j, prec);
            arb_sub(tmp, tmp, x + j, prec);
            arb_div(tmp, tmp, t0.sg2, prec);
            arb_mul(out + j, c1, x + j, prec);
            arb_addmul(out + j, c2, tmp, prec);
            arb_set_d(c4, z ? z[j] : 0.0);
            arb_addmul(out + j, c3, c4, prec);
            Sm = (amid(t0.a) * amid(w->D + j) + amid(x + j)) / amid(t0.sg2);
            if (mag) {
                if (st->scheme.kind == DMV_SCHEME_EM) /* |y| + h(|f y| + g2 |S|) + |q z| */
                    mag[j] = amid(x + j) + mid(h) * (amid(t0.f) * amid(x + j) + amid(t0.g2) * Sm) +
                             amid(c3) * fabs(z ? z[j] : 0.0);
                else
                    mag[j] = cf * (amid(c1) * amid(x + j) + amid(c2) * Sm) + amid(c3) * fabs(z ? z[j] : 0.0);
            }
        }
        break;
    }
    case DMV_SCHEME_EULER:
    case DMV_SCHEME_HEUN: {
        if ((rc = velocity(w->v1, w->m1, w->D, st, &t0, x, prec, err)) != DMV_OK)
            goto done;
        if (st->scheme.kind == DMV_SCHEME_EULER) {
            for (j = 0; j < d; j++) {
                arb_set(out + j, x + j);
                arb_addmul(out + j, h, w->v1 + j, prec);
                if (mag)
                    mag[j] = amid(x + j) + mid(h) * w->m1[j];
            }
            break;
        }
        for (j = 0; j < d; j++) { /* predictor y~ = y + h d1 */
            arb_set(w->v2 + j, x + j);
            arb_addmul(w->v2 + j, h, w->v1 + j, prec);
            widen(w->v2 + j, op * (amid(x + j) + mid(h) * w->m1[j]));
        }
        if ((rc = velocity(w->v3, w->m2, w->D2, st, &t1, w->v2, prec, err)) != DMV_OK)
            goto done;
        arb_mul_2exp_si(c1, h, -1);
        for (j = 0; j < d; j++) {
            arb_add(tmp, w->v1 + j, w->v3 + j, prec);
            arb_set(out + j, x + j);
            arb_addmul(out + j, c1, tmp, prec);
            if (mag)
                mag[j] = amid(x + j) + mid(c1) * (w->m1[j] + w->m2[j]);
        }
        break;
    }
    case DMV_SCHEME_RK4: {
        double hh = mid(h);
        /* sm = (s + s')/2, rounded by the fast side */
        arb_set_d(s, s0);
        arb_add(s, s, t1.s, prec);
        arb_mul_2exp_si(s, s, -1);
        widen(s, op * amid(s));
        if ((rc = tpt_eval(&tm, p, s, 0, prec, err)) != DMV_OK)
            goto done;
        if ((rc = velocity(w->acc, w->m1, w->D, st, &t0, x, prec, err)) != DMV_OK) /* k1 */
            goto done;
        arb_mul_2exp_si(c1, h, -1);
        for (j = 0; j < d; j++) {
            arb_set(w->v2 + j, x + j);
            arb_addmul(w->v2 + j, c1, w->acc + j, prec);
            widen(w->v2 + j, op * (amid(x + j) + hh / 2 * w->m1[j]));
            w->m3[j] = w->m1[j];
        }
        if ((rc = velocity(w->v3, w->m2, w->D, st, &tm, w->v2, prec, err)) != DMV_OK) /* k2 */
            goto done;
        for (j = 0; j < d; j++) {
            arb_addmul_si(w->acc + j, w->v3 + j, 2, prec);
            arb_set(w->v2 + j, x + j);
            arb_addmul(w->v2 + j, c1, w->v3 + j, prec);
            widen(w->v2 + j, op * (amid(x + j) + hh / 2 * w->m2[j]));
            w->m3[j] += 2 * w->m2[j];
        }
        if ((rc = velocity(w->v3, w->m2, w->D, st, &tm, w->v2, prec, err)) != DMV_OK) /* k3 */
            goto done;
        for (j = 0; j < d; j++) {
            arb_addmul_si(w->acc + j, w->v3 + j, 2, prec);
            arb_set(w->v2 + j, x + j);
            arb_addmul(w->v2 + j, h, w->v3 + j, prec);
            widen(w->v2 + j, op * (amid(x + j) + hh * w->m2[j]));
            w->m3[j] += 2 * w->m2[j];
        }
        if ((rc = velocity(w->v3, w->m2, w->D, st, &t1, w->v2, prec, err)) != DMV_OK) /* k4 */
            goto done;
        arb_div_ui(c1, h, 6, prec);
        for (j = 0; j < d; j++) {
            arb_add(w->acc + j, w->acc + j, w->v3 + j, prec);
            arb_set(out + j, x + j);
            arb_addmul(out + j, c1, w->acc + j, prec);
            if (mag)
                mag[j] = amid(x + j) + hh / 6 * (w->m3[j] + w->m2[j]);
        }
        break;
    }
    case DMV_SCHEME_HEUN_EDM: {
        /* x^ = y/a, sh = sg/a, sh' = sg'/a', d1 = (x^ - D)/sh, x~ = x^ + (sh' - sh) d1 */
        double cf, dshm;
        arb_div(c1, t0.sg, t0.a, prec);   /* sh */
        arb_div(c2, t1.sg, t1.a, prec);   /* sh' */
        arb_sub(c3, c2, c1, prec);        /* dsh */
        dshm = amid(c3);
        cf = dshm > 0 ? 1.0 + (amid(c1) + amid(c2)) / dshm : INFINITY; /* the fast dsh cancels */
        if ((rc = den(w->D, st, &t0, x, prec, err)) != DMV_OK)
            goto done;
        for (j = 0; j < d; j++) {
            arb_div(w->v1 + j, x + j, t0.a, prec);      /* x^ */
            arb_sub(tmp, w->v1 + j, w->D + j, prec);
            arb_div(w->v2 + j, tmp, c1, prec);          /* d1 */
            arb_set(w->v3 + j, w->v1 + j);
            arb_addmul(w->v3 + j, c3, w->v2 + j, prec); /* x~ */
            w->m1[j] = (amid(w->v1 + j) + amid(w->D + j)) / amid(c1); /* |d1| */
            widen(w->v3 + j, op * (amid(w->v1 + j) + cf * dshm * w->m1[j]));
        }
        if (arb_is_zero(t1.sg)) {
            for (j = 0; j < d; j++) {
                arb_mul(out + j, t1.a, w->v3 + j, prec);
                if (mag)
                    mag[j] = amid(t1.a) * amid(w->v3 + j);
            }
            break;
        }
        for (j = 0; j < d; j++) {
            arb_mul(w->acc + j, t1.a, w->v3 + j, prec);
            widen(w->acc + j, op * amid(w->acc + j));
        }
        if ((rc = den(w->D2, st, &t1, w->acc, prec, err)) != DMV_OK)
            goto done;
        for (j = 0; j < d; j++) {
            arb_sub(tmp, w->v3 + j, w->D2 + j, prec);
            arb_div(tmp, tmp, c2, prec);                /* d2 */
            arb_add(tmp, tmp, w->v2 + j, prec);
            arb_mul_2exp_si(tmp, tmp, -1);
            arb_mul(tmp, tmp, c3, prec);
            arb_add(tmp, tmp, w->v1 + j, prec);
            arb_mul(out + j, t1.a, tmp, prec);
            if (mag)
                mag[j] = amid(t1.a) * (amid(w->v1 + j) +
                                       cf * dshm * (w->m1[j] + (amid(w->v3 + j) + amid(w->D2 + j)) / amid(c2)) / 2);
        }
        break;
    }
    case DMV_SCHEME_DDIM: {
        double eta = st->scheme.eta, ratio, cf = 1.0;
        /* c^2 = eta^2 sg'^2 (1 - (a sg')^2/(a' sg)^2), q = sqrt(sg'^2 - c^2) */
        arb_mul(c1, t0.a, t1.sg, prec);
        arb_mul(c2, t1.a, t0.sg, prec);
        arb_div(c1, c1, c2, prec);
        arb_sqr(c1, c1, prec);
        ratio = mid(c1);
        arb_sub_ui(c1, c1, 1, prec);
        arb_neg(c1, c1);
        arb_set_d(c2, eta);
        arb_sqr(c2, c2, prec);
        arb_mul(c1, c1, c2, prec);
        arb_mul(c1, c1, t1.sg2, prec); /* c^2 */
        arb_sub(c2, t1.sg2, c1, prec);
        dmv_ref_sqrt_nonneg(c2, c2, prec); /* q */
        dmv_ref_sqrt_nonneg(c3, c1, prec); /* c */
        if (eta != 0)
            cf = 1.0 + ratio / fabs(1.0 - ratio);
        if ((rc = den(w->D, st, &t0, x, prec, err)) != DMV_OK)
            goto done;
        for (j = 0; j < d; j++) {
            arb_mul(tmp, t0.a, w->D + j, prec);
            arb_sub(tmp, x + j, tmp, prec);
            arb_div(tmp, tmp, t0.sg, prec); /* e */
            arb_mul(out + j, t1.a, w->D + j, prec);
            arb_addmul(out + j, c2, tmp, prec);
            if (eta != 0 && z != NULL) {
                arb_set_d(c4, z[j]);
                arb_addmul(out + j, c3, c4, prec);
            }
            if (mag)
                mag[j] = amid(t1.a) * amid(w->D + j) +
                         cf * (amid(c2) * (amid(x + j) + amid(t0.a) * amid(w->D + j)) / amid(t0.sg) +
                               amid(c3) * fabs(z != NULL && eta != 0 ? z[j] : 0.0));
        }
        break;
    }
    case DMV_SCHEME_DPM2: {
        /* hl = l' - l (rounded by the fast side); sm = l^{-1}(l + hl/2) */
        double lsum = amid(t0.l) + amid(t1.l), smm, dsdl;
        arb_sub(c1, t1.l, t0.l, prec); /* hl */
        widen(c1, op * lsum);
        arb_mul_2exp_si(c2, c1, -1);
        arb_add(c2, c2, t0.l, prec);  /* l_m */
        arb_mul_si(c2, c2, -2, prec);
        arb_exp(c2, c2, prec);        /* sh^2 = exp(-2 l_m) */
        if ((rc = dmv_ref_process_time_from_sh2(s, p, c2, prec, err)) != DMV_OK)
            goto done;
        if ((rc = tpt_eval(&tm, p, s, 0, prec, err)) != DMV_OK)
            goto done;
        smm = amid(s);
        dsdl = 2 * amid(tm.sg2) / amid(tm.g2); /* |ds/dl| */
        widen(s, op * (smm + dsdl * lsum));
        if ((rc = tpt_eval(&tm, p, s, 0, prec, err)) != DMV_OK)
            goto done;
        if ((rc = den(w->D, st, &t0, x, prec, err)) != DMV_OK)
            goto done;
        arb_mul_2exp_si(c2, c1, -1);
        arb_expm1(c2, c2, prec);
        arb_mul(c2, c2, tm.sg, prec);    /* sgm expm1(hl/2) */
        arb_div(c3, tm.a, t0.a, prec);   /* am/a */
        for (j = 0; j < d; j++) {
            arb_mul(tmp, t0.a, w->D + j, prec);
            arb_sub(tmp, x + j, tmp, prec);
            arb_div(tmp, tmp, t0.sg, prec); /* E(y, s) */
            arb_mul(w->v1 + j, c3, x + j, prec);
            arb_submul(w->v1 + j, c2, tmp, prec);
            widen(w->v1 + j, op * (amid(c3) * amid(x + j) +
                                   amid(c2) * (amid(x + j) + amid(t0.a) * amid(w->D + j)) / amid(t0.sg)));
        }
        if ((rc = den(w->D2, st, &tm, w->v1, prec, err)) != DMV_OK)
            goto done;
        arb_expm1(c2, c1, prec);
        arb_mul(c2, c2, t1.sg, prec);    /* sg' expm1(hl) */
        arb_div(c3, t1.a, t0.a, prec);   /* a'/a */
        for (j = 0; j < d; j++) {
            arb_mul(tmp, tm.a, w->D2 + j, prec);
            arb_sub(tmp, w->v1 + j, tmp, prec);
            arb_div(tmp, tmp, tm.sg, prec); /* E(u, sm) */
            arb_mul(out + j, c3, x + j, prec);
            arb_submul(out + j, c2, tmp, prec);
            if (mag)
                mag[j] = amid(c3) * amid(x + j) +
                         amid(c2) * (amid(w->v1 + j) + amid(tm.a) * amid(w->D2 + j)) / amid(tm.sg);
        }
        break;
    }
    case DMV_SCHEME_DPMPP2M: {
        /* y' = (sg'/sg) y - a' expm1(-hl) Dbar */
        double qm = 0;
        arb_sub(c1, t1.l, t0.l, prec); /* hl_k */
        widen(c1, op * (amid(t0.l) + amid(t1.l)));
        if ((rc = den(w->D, st, &t0, x, prec, err)) != DMV_OK)
            goto done;
        if (x_prev != NULL) {
            arb_set_d(s, s_prev);
            if ((rc = tpt_eval(&tm, p, s, 1, prec, err)) != DMV_OK)
                goto done;
            if ((rc = den(w->D2, st, &tm, x_prev, prec, err)) != DMV_OK)
                goto done;
            arb_sub(c2, t0.l, tm.l, prec); /* hl_{k-1} */
            widen(c2, op * (amid(t0.l) + amid(tm.l)));
            arb_div(c2, c2, c1, prec);     /* r */
            arb_mul_2exp_si(c2, c2, 1);
            arb_inv(c2, c2, prec);         /* q = 1/(2r) */
            qm = amid(c2);
            for (j = 0; j < d; j++) { /* Dbar = (1 + q) D_k - q D_{k-1} */
                arb_sub(tmp, w->D + j, w->D2 + j, prec);
                arb_addmul(w->D + j, c2, tmp, prec);
            }
        }
        arb_div(c3, t1.sg, t0.sg, prec);
        arb_neg(c4, c1);
        arb_expm1(c4, c4, prec);
        arb_mul(c4, c4, t1.a, prec);
        for (j = 0; j < d; j++) {
            arb_mul(out + j, c3, x + j, prec);
            arb_submul(out + j, c4, w->D + j, prec);
            if (mag) {
                double Dk = x_prev != NULL ? amid(w->D + j) + 2 * qm * amid(w->D2 + j) : amid(w->D + j);
                mag[j] = amid(c3) * amid(x + j) + amid(c4) * (1 + qm) * Dk;
            }
        }
        break;
    }
    default:
        rc = dmv_error_set(err, DMV_EINVAL, "scheme kind = %d: unknown", (int) st->scheme.kind);
        goto done;
    }
    rc = DMV_OK;
done:
    tpt_clear(&t0);
    tpt_clear(&t1);
    tpt_clear(&tm);
    arb_clear(s);
    arb_clear(h);
    arb_clear(c1);
    arb_clear(c2);
    arb_clear(c3);
    arb_clear(c4);
    arb_clear(tmp);
    return rc;
}

int dmv_ref_step(arb_ptr out, double *mag, const dmv_ref_stepper *st, double s0, double s1, double s_prev,
                 arb_srcptr x, arb_srcptr x_prev, const double *z, dmv_error *err)
{
    const long d = st->dim;
    scratch w;
    slong prec;
    long j;
    int rc = DMV_OK, finite = 0;
    if (!(s0 > s1) || !(s1 >= 0))
        return dmv_error_set(err, DMV_EINVAL, "replay step: s0 = %.17g, s1 = %.17g: need s0 > s1 >= 0", s0, s1);
    if (dmv_scheme_is_stochastic(&st->scheme) && z == NULL)
        return dmv_error_set(err, DMV_EINVAL, "replay step: scheme %s draws noise: z is required",
                             dmv_scheme_name(st->scheme.kind));
    w.D = _arb_vec_init(d);
    w.D2 = _arb_vec_init(d);
    w.v1 = _arb_vec_init(d);
    w.v2 = _arb_vec_init(d);
    w.v3 = _arb_vec_init(d);
    w.acc = _arb_vec_init(d);
    w.m1 = malloc((size_t) d * sizeof(double));
    w.m2 = malloc((size_t) d * sizeof(double));
    w.m3 = malloc((size_t) d * sizeof(double));
    if (!w.m1 || !w.m2 || !w.m3) {
        rc = dmv_error_set(err, DMV_ENOMEM, "replay step: out of memory (d = %ld)", d);
        goto done;
    }
    for (prec = st->prec; prec <= st->prec_max; prec *= 2) {
        rc = step_at(out, mag, st, s0, s1, s_prev, x, x_prev, z, prec, &w, err);
        if (rc != DMV_OK)
            goto done;
        for (finite = 1, j = 0; j < d; j++)
            if (!arb_is_finite(out + j))
                finite = 0;
        if (finite)
            break;
    }
    if (!finite)
        rc = dmv_error_set(err, DMV_EPREC, "replay step s = %.17g -> %.17g (%s): no finite enclosure up to %ld bits",
                           s0, s1, dmv_scheme_name(st->scheme.kind), (long) st->prec_max);
done:
    _arb_vec_clear(w.D, d);
    _arb_vec_clear(w.D2, d);
    _arb_vec_clear(w.v1, d);
    _arb_vec_clear(w.v2, d);
    _arb_vec_clear(w.v3, d);
    _arb_vec_clear(w.acc, d);
    free(w.m1);
    free(w.m2);
    free(w.m3);
    return rc;
}
