/* One step of a k-diffusion / EDM sampler in Arb over a certified denoiser: the replay of
 * docs/replay.md for the schemes of docs/conventions.md (include/dmv/ref_step.h). Process ve:
 * alpha = 1, sigma = s. The formulas are those of docs/conventions.md, not fast/kdiff.c's
 * operation order; the slack follows docs/replay.md: every denoiser output is widened by the
 * stepper's d_rel bound (_dmv_ref_step_den), every rounded intermediate state, time (sigma_hat,
 * sigma_mid) and coefficient by op_rel times its magnitude; mag is the magnitude of the last
 * combination, cancelling coefficients (sigma' - sigma_hat) multiplied by their amplification. */
#include <math.h>
#include <stdlib.h>

#include "ref_internal.h"

static double amid(const arb_t x)
{
    return fabs(arf_get_d(arb_midref(x), ARF_RND_NEAR));
}

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

/* d = (x - D(x, sg))/sg into dv (dim), D into Dv; md[j] = (|x| + |D|)/sg */
static int deriv(arb_ptr dv, arb_ptr Dv, double *md, const dmv_ref_stepper *st, const arb_t sg, arb_srcptr x,
                 slong prec, dmv_error *err)
{
    long j;
    arb_t one;
    int rc;
    arb_init(one);
    arb_one(one);
    rc = _dmv_ref_step_den(Dv, st, one, sg, x, prec, err);
    for (j = 0; rc == DMV_OK && j < st->dim; j++) {
        arb_sub(dv + j, x + j, Dv + j, prec);
        arb_div(dv + j, dv + j, sg, prec);
        if (md != NULL)
            md[j] = (amid(x + j) + amid(Dv + j)) / amid(sg);
    }
    arb_clear(one);
    return rc;
}

static int kstep_at(arb_ptr out, double *mag, const dmv_ref_stepper *st, const double *s, long N, long k,
                    const double *xs, const double *z, slong prec, dmv_error *err)
{
    const long d = st->dim;
    const double op = st->op_rel;
    const dmv_scheme *sc = &st->scheme;
    arb_ptr x = _arb_vec_init(d), xh = _arb_vec_init(d), d1 = _arb_vec_init(d), D = _arb_vec_init(d),
            x2 = _arb_vec_init(d), d2 = _arb_vec_init(d);
    double *m1 = malloc((size_t) d * sizeof(double)), *m2 = malloc((size_t) d * sizeof(double));
    arb_t sg, sn, g, sh, dt, t, u, q;
    long j;
    int rc = DMV_OK;
    arb_init(sg);
    arb_init(sn);
    arb_init(g);
    arb_init(sh);
    arb_init(dt);
    arb_init(t);
    arb_init(u);
    arb_init(q);
    if (m1 == NULL || m2 == NULL) {
        rc = dmv_error_set(err, DMV_ENOMEM, "replay step: out of memory (d = %ld)", d);
        goto done;
    }
    arb_set_d(sg, s[k]);
    arb_set_d(sn, s[k + 1]);
    for (j = 0; j < d; j++)
        arb_set_d(x + j, xs[k * d + j]);
    switch (sc->kind) {
    case DMV_SCHEME_K_EULER:
    case DMV_SCHEME_K_HEUN:
    case DMV_SCHEME_EDM_HEUN_CHURN:
    case DMV_SCHEME_K_DPM_2: {
        double cf, dtm;
        if ((rc = dmv_ref_kdiff_gamma(g, sc, sg, N, prec, err)) != DMV_OK)
            goto done;
        arb_add_ui(sh, g, 1, prec);
        arb_mul(sh, sh, sg, prec);
        widen(sh, op * amid(sh));
        if (!arb_is_zero(g)) { /* x_hat = x + S_noise sg sqrt(g (g + 2)) z */
            arb_add_ui(q, g, 2, prec);
            arb_mul(q, q, g, prec);
            arb_sqrtpos(q, q, prec);
            arb_mul(q, q, sg, prec);
            arb_set_d(t, dmv_scheme_s_noise(sc));
            arb_mul(q, q, t, prec);
            widen(q, op * amid(q));
            for (j = 0; j < d; j++) {
                arb_set_d(t, z != NULL ? z[j] : 0.0);
                arb_mul(xh + j, q, t, prec);
                arb_add(xh + j, xh + j, x + j, prec);
                widen(xh + j, op * (amid(x + j) + amid(q) * fabs(z != NULL ? z[j] : 0.0)));
            }
        } else
            _arb_vec_set(xh, x, d);
        arb_sub(dt, sn, sh, prec);
        dtm = amid(dt);
        cf = dtm > 0 ? 1.0 + (amid(sn) + amid(sh)) / dtm : INFINITY;
        if ((rc = deriv(d1, D, m1, st, sh, xh, prec, err)) != DMV_OK)
            goto done;
        if (sc->kind == DMV_SCHEME_K_EULER || arb_is_zero(sn)) {
            for (j = 0; j < d; j++) {
                arb_set(out + j, xh + j);
                arb_addmul(out + j, d1 + j, dt, prec);
                if (mag)
                    mag[j] = amid(xh + j) + cf * dtm * m1[j];
            }
            break;
        }
        if (sc->kind == DMV_SCHEME_K_DPM_2) { /* sm = sqrt(sh sn), x2 = x_hat + (sm - sh) d1 */
            double cf1, dt1m;
            arb_mul(u, sh, sn, prec);
            arb_sqrtpos(u, u, prec);
            widen(u, op * amid(u));
            arb_sub(t, u, sh, prec);
            dt1m = amid(t);
            cf1 = dt1m > 0 ? 1.0 + (amid(u) + amid(sh)) / dt1m : INFINITY;
            for (j = 0; j < d; j++) {
                arb_set(x2 + j, xh + j);
                arb_addmul(x2 + j, d1 + j, t, prec);
                widen(x2 + j, op * (amid(xh + j) + cf1 * dt1m * m1[j]));
            }
            if ((rc = deriv(d2, D, m2, st, u, x2, prec, err)) != DMV_OK)
                goto done;
            for (j = 0; j < d; j++) {
                arb_set(out + j, xh + j);
                arb_addmul(out + j, d2 + j, dt, prec);
                if (mag)
                    mag[j] = amid(xh + j) + cf * dtm * m2[j];
            }
            break;
        }
        for (j = 0; j < d; j++) { /* Heun: x2 = x_hat + dt d1 */
            arb_set(x2 + j, xh + j);
            arb_addmul(x2 + j, d1 + j, dt, prec);
            widen(x2 + j, op * (amid(xh + j) + cf * dtm * m1[j]));
        }
        if ((rc = deriv(d2, D, m2, st, sn, x2, prec, err)) != DMV_OK)
            goto done;
        for (j = 0; j < d; j++) {
            arb_add(t, d1 + j, d2 + j, prec);
            arb_mul_2exp_si(t, t, -1);
            arb_set(out + j, xh + j);
            arb_addmul(out + j, t, dt, prec);
            if (mag)
                mag[j] = amid(xh + j) + cf * dtm * (m1[j] + m2[j]) / 2;
        }
        break;
    }
    case DMV_SCHEME_K_EULER_ANCESTRAL: {
        /* su = min(sn, eta sn sqrt(sg^2 - sn^2)/sg), sd = sqrt(sn^2 - su^2); x + (sd - sg) d + S_noise su z */
        double fsd, sum, dtm;
        arb_zero(u);
        if (sc->eta > 0 && !arb_is_zero(sn)) {
            arb_sub(t, sg, sn, prec);
            arb_add(u, sg, sn, prec);
            arb_mul(t, t, u, prec);
            arb_sqrtpos(t, t, prec);
            arb_div(t, t, sg, prec);
            arb_mul(t, t, sn, prec);
            arb_set_d(u, sc->eta);
            arb_mul(u, u, t, prec);
            if (arb_gt(u, sn))
                arb_set(u, sn);
            else if (!arb_le(u, sn)) {
                rc = dmv_error_set(err, DMV_EPREC, "k-euler-ancestral: sigma_up not certified against sigma_next");
                goto done;
            }
        }
        arb_sub(t, sn, u, prec);
        arb_add(q, sn, u, prec);
        arb_mul(t, t, q, prec);
        arb_sqrtpos(sh, t, prec); /* sd */
        sum = amid(sn) * amid(sn) + amid(u) * amid(u);
        fsd = amid(t) > 0 ? sum / amid(t) : (amid(u) > 0 ? INFINITY : 1.0); /* the cancellation of sn^2 - su^2 */
        widen(sh, op * fsd * amid(sh));
        widen(u, op * amid(u));
        arb_sub(dt, sh, sg, prec);
        dtm = amid(dt);
        if ((rc = deriv(d1, D, m1, st, sg, x, prec, err)) != DMV_OK)
            goto done;
        arb_set_d(q, dmv_scheme_s_noise(sc));
        arb_mul(q, q, u, prec);
        for (j = 0; j < d; j++) {
            double zj = z != NULL ? z[j] : 0.0;
            arb_set(out + j, x + j);
            arb_addmul(out + j, d1 + j, dt, prec);
            if (!arb_is_zero(u)) {
                arb_set_d(t, zj);
                arb_addmul(out + j, q, t, prec);
            }
            if (mag)
                mag[j] = amid(x + j) + (dtm + amid(sh) + amid(sg)) * m1[j] + amid(q) * fabs(zj);
        }
        break;
    }
    case DMV_SCHEME_K_DPMPP_2M: {
        /* cy = sn/sg, cd = (sn - sg)/sg; x' = cy x - cd Dbar */
        double qm = 0;
        if ((rc = deriv(d1, D, NULL, st, sg, x, prec, err)) != DMV_OK)
            goto done;
        arb_div(t, sn, sg, prec);
        arb_sub(u, sn, sg, prec);
        arb_div(u, u, sg, prec);
        if (k > 0 && !arb_is_zero(sn)) { /* Dbar = (1 + q) D_k - q D_{k-1}, q = h/(2 h_last) */
            arb_t sp;
            double hm, hlm;
            arb_init(sp);
            arb_set_d(sp, s[k - 1]);
            for (j = 0; j < d; j++)
                arb_set_d(x2 + j, xs[(k - 1) * d + j]);
            rc = deriv(d2, xh, NULL, st, sp, x2, prec, err); /* xh = D_{k-1} */
            arb_div(q, sg, sn, prec);
            arb_log(q, q, prec);
            hm = amid(q);
            arb_div(sh, sp, sg, prec);
            arb_log(sh, sh, prec);
            hlm = amid(sh);
            arb_div(q, q, sh, prec);
            arb_mul_2exp_si(q, q, -1);
            qm = amid(q);
            widen(q, op * qm * (3 + 1 / hm + 1 / hlm)); /* logs of rounded ratios */
            arb_clear(sp);
            if (rc != DMV_OK)
                goto done;
            for (j = 0; j < d; j++) {
                arb_sub(g, D + j, xh + j, prec);
                arb_addmul(D + j, q, g, prec);
            }
        }
        for (j = 0; j < d; j++) {
            arb_mul(out + j, t, x + j, prec);
            arb_submul(out + j, u, D + j, prec);
            if (mag) {
                double Dk = k > 0 && !arb_is_zero(sn) ? (1 + qm) * amid(D + j) + 2 * qm * amid(xh + j)
                                                      : amid(D + j);
                mag[j] = amid(t) * amid(x + j) + amid(u) * (1 + qm) * Dk;
            }
        }
        break;
    }
    case DMV_SCHEME_K_LMS: {
        int order = k + 1 < 4 ? (int) (k + 1) : 4, i;
        arb_ptr sv = _arb_vec_init(k + 2);
        for (j = 0; j <= k + 1; j++)
            arb_set_d(sv + j, s[j]);
        for (j = 0; j < d; j++) {
            arb_set(out + j, x + j);
            if (mag)
                mag[j] = amid(x + j);
        }
        for (i = 0; i < order && rc == DMV_OK; i++) {
            /* weight i: its fast error (two-point Gauss rule, products of 3 ratios) is a few ulps of
             * |h| (|L(n1)| + |L(n2)|) <= |h| max |L| on the interval; bounded by |h| sum |L| at the nodes */
            double h = s[k] - s[k + 1], lmax = 0;
            int m, nn;
            for (nn = 0; nn < 2; nn++) {
                double tau = 0.5 * (s[k] + s[k + 1]) + (nn ? 1 : -1) * 0.5 * h / sqrt(3.0), prod = 1.0;
                for (m = 0; m < order; m++)
                    if (m != i)
                        prod *= (tau - s[k - m]) / (s[k - i] - s[k - m]);
                lmax += fabs(prod);
            }
            dmv_ref_kdiff_lms_coef(t, sv, k, order, i, prec);
            widen(t, op * h * lmax);
            for (j = 0; j < d; j++)
                arb_set_d(x2 + j, xs[(k - i) * d + j]);
            arb_set_d(u, s[k - i]);
            rc = deriv(d2, D, m2, st, u, x2, prec, err);
            for (j = 0; rc == DMV_OK && j < d; j++) {
                arb_addmul(out + j, t, d2 + j, prec);
                if (mag)
                    mag[j] += (amid(t) + op * h * lmax) * m2[j];
            }
        }
        _arb_vec_clear(sv, k + 2);
        break;
    }
    default:
        rc = dmv_error_set(err, DMV_EINVAL, "replay step: scheme %s is not a k-diffusion scheme",
                           dmv_scheme_name(sc->kind));
    }
done:
    _arb_vec_clear(x, d);
    _arb_vec_clear(xh, d);
    _arb_vec_clear(d1, d);
    _arb_vec_clear(D, d);
    _arb_vec_clear(x2, d);
    _arb_vec_clear(d2, d);
    free(m1);
    free(m2);
    arb_clear(sg);
    arb_clear(sn);
    arb_clear(g);
    arb_clear(sh);
    arb_clear(dt);
    arb_clear(t);
    arb_clear(u);
    arb_clear(q);
    return rc;
}

int dmv_ref_step_kdiff(arb_ptr out, double *mag, const dmv_ref_stepper *st, const double *s, long N, long k,
                       const double *xs, const double *z, dmv_error *err)
{
    slong prec;
    long j;
    int rc = DMV_OK, finite = 0;
    if (!dmv_scheme_is_kdiff(st->scheme.kind) || st->process->kind != DMV_PROCESS_VE)
        return dmv_error_set(err, DMV_EINVAL, "replay step: scheme %s on %s: needs a k-diffusion scheme on ve",
                             dmv_scheme_name(st->scheme.kind), dmv_process_name(st->process->kind));
    if (k < 0 || k >= N || !(s[k] > s[k + 1]) || !(s[k + 1] >= 0))
        return dmv_error_set(err, DMV_EINVAL, "replay step %ld of %ld: need s[k] > s[k+1] >= 0", k, N);
    for (prec = st->prec; prec <= st->prec_max; prec *= 2) {
        rc = kstep_at(out, mag, st, s, N, k, xs, z, prec, err);
        if (rc != DMV_OK)
            return rc;
        for (finite = 1, j = 0; j < st->dim; j++)
            if (!arb_is_finite(out + j))
                finite = 0;
        if (finite)
            break;
    }
    if (!finite)
        return dmv_error_set(err, DMV_EPREC, "replay step %ld (%s): no finite enclosure up to %ld bits", k,
                             dmv_scheme_name(st->scheme.kind), (long) st->prec_max);
    return DMV_OK;
}
