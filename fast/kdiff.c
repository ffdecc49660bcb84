/* The k-diffusion / EDM samplers in double (docs/conventions.md): the sigma parametrisation
 * x = x0 + sigma n (process ve, alpha = 1), the denoiser D(x, sigma), the derivative
 * d = (x - D(x, sigma)) / sigma (k-diffusion's to_d). One step k: sigma = s[k] -> sn = s[k + 1]
 * on the plan's grid (the exact points, including a final 0). Noise: step k draws z_{k+1}
 * (stream 0, docs/schemes.md s.4) when it needs one: the churn noise at its start, or the
 * ancestral noise at its end. */
#include <math.h>
#include <string.h>

#include "fast_internal.h"

/* fault kdiff_coef=R (fast/fault.c): the last combination's coefficient of every k-diffusion step
 * (dt; k-dpmpp-2m's expm1(-h); k-lms's weight of d_k) times 1 + R */
static double fault_scale(void)
{
#ifdef DMV_FAULT_INJECTION
    double r = dmv_fast_fault("kdiff_coef", NULL);
    if (!isnan(r))
        return 1 + r;
#endif
    return 1.0;
}

double dmv_fast_kdiff_gamma(const dmv_scheme *sc, double sigma, long N)
{
    double tmax = sc->s_tmax > 0 ? sc->s_tmax : INFINITY, g, cap = 0x1.a827999fcef34p-2; /* 2 ** 0.5 - 1 in double */
    if (!(sc->s_churn > 0) || N < 1)
        return 0.0;
    if (sc->kind != DMV_SCHEME_K_EULER && sc->kind != DMV_SCHEME_K_HEUN && sc->kind != DMV_SCHEME_K_DPM_2 &&
        sc->kind != DMV_SCHEME_EDM_HEUN_CHURN)
        return 0.0;
    if (!(sc->s_tmin <= sigma && sigma <= tmax))
        return 0.0;
    g = sc->s_churn / (double) N;
    return g < cap ? g : cap;
}

void dmv_fast_kdiff_ancestral(double s, double sn, double eta, double *sigma_down, double *sigma_up)
{
    double su;
    if (!(eta > 0) || !(sn > 0)) {
        *sigma_down = sn;
        *sigma_up = 0.0;
        return;
    }
    /* sigma_up = min(sn, eta sqrt(sn^2 (s^2 - sn^2) / s^2)); s^2 - sn^2 = (s - sn)(s + sn) */
    su = eta * (sn * (sqrt((s - sn) * (s + sn)) / s));
    if (su > sn)
        su = sn;
    *sigma_up = su;
    *sigma_down = sqrt((sn - su) * (sn + su));
}

/* Lagrange basis polynomial j on the nodes s[k], s[k-1], ..., s[k-order+1] at tau */
static double lagrange(const double *s, long k, int order, int j, double tau)
{
    double prod = 1.0;
    int m;
    for (m = 0; m < order; m++)
        if (m != j)
            prod *= (tau - s[k - m]) / (s[k - j] - s[k - m]);
    return prod;
}

int dmv_fast_kdiff_lms_coef(double *c, const double *s, long k, int order)
{
    /* integral of a polynomial of degree <= 3 from s[k] to s[k + 1]: the two-point Gauss-Legendre
     * rule is exact for it */
    double mid = 0.5 * (s[k] + s[k + 1]), half = 0.5 * (s[k + 1] - s[k]);
    double off = half * 0x1.279a74590331dp-1; /* 1/sqrt(3) */
    int j;
    if (order < 1 || order > 4 || k + 1 < order)
        return DMV_EINVAL;
    for (j = 0; j < order; j++)
        c[j] = half * (lagrange(s, k, order, j, mid - off) + lagrange(s, k, order, j, mid + off));
    return DMV_OK;
}

int dmv_fast_kdiff_step(const dmv_fast_plan *pl, dmv_fast_work *w, long k, long first, long n, dmv_error *err)
{
    const dmv_scheme *sc = &pl->scheme;
    const long d = pl->d, ne = n * d, N = pl->steps;
    const double sg = pl->s[k], sn = pl->s[k + 1];
    double *y = w->y, *D = w->D, *z = w->z;
    uint32_t kz = (uint32_t) (k + 1);
    long e, r;
    int rc;

    switch (sc->kind) {
    case DMV_SCHEME_K_EULER:
    case DMV_SCHEME_K_HEUN:
    case DMV_SCHEME_EDM_HEUN_CHURN:
    case DMV_SCHEME_K_DPM_2: {
        double *d1 = w->w1, *x2 = w->w2;
        double gamma = dmv_fast_kdiff_gamma(sc, sg, N), sh = sg * (gamma + 1), dt = (sn - sh) * fault_scale();
        if (gamma > 0) { /* x_hat = x + z S_noise sqrt(sh^2 - sg^2), sh^2 - sg^2 = sg^2 gamma (gamma + 2) */
            double q = dmv_scheme_s_noise(sc) * (sg * sqrt(gamma * (gamma + 2)));
            for (r = 0; r < n; r++) {
                dmv_fast_noise_vec(pl->seed, (uint64_t) (first + r), kz, d, z);
                for (e = 0; e < d; e++)
                    y[r * d + e] = y[r * d + e] + q * z[e];
            }
        }
        if ((rc = dmv_fast_denoise_at(pl, w, sh, 1.0, sh, n, y, D, err)) != DMV_OK)
            return rc;
        for (e = 0; e < ne; e++)
            d1[e] = (y[e] - D[e]) / sh;
        if (sc->kind == DMV_SCHEME_K_EULER || sn == 0) { /* Euler; Heun's and DPM-2's last step to 0 */
            for (e = 0; e < ne; e++)
                y[e] = y[e] + d1[e] * dt;
            return DMV_OK;
        }
        if (sc->kind == DMV_SCHEME_K_DPM_2) { /* midpoint sigma_mid = exp(lerp(log sh, log sn, 1/2)) */
            double sm = sqrt(sh * sn), dt1 = sm - sh;
            for (e = 0; e < ne; e++)
                x2[e] = y[e] + d1[e] * dt1;
            if ((rc = dmv_fast_denoise_at(pl, w, sm, 1.0, sm, n, x2, D, err)) != DMV_OK)
                return rc;
            for (e = 0; e < ne; e++)
                y[e] = y[e] + ((x2[e] - D[e]) / sm) * dt;
            return DMV_OK;
        }
        for (e = 0; e < ne; e++) /* Heun: x2 = x + d dt, d2 = to_d(x2, sn), x + (d + d2)/2 dt */
            x2[e] = y[e] + d1[e] * dt;
        if ((rc = dmv_fast_denoise_at(pl, w, sn, 1.0, sn, n, x2, D, err)) != DMV_OK)
            return rc;
        for (e = 0; e < ne; e++)
            y[e] = y[e] + ((d1[e] + (x2[e] - D[e]) / sn) / 2) * dt;
        return DMV_OK;
    }
    case DMV_SCHEME_K_EULER_ANCESTRAL: {
        double sd, su, dt, q;
        dmv_fast_kdiff_ancestral(sg, sn, sc->eta, &sd, &su);
        dt = (sd - sg) * fault_scale();
        q = su * dmv_scheme_s_noise(sc);
        if ((rc = dmv_fast_denoise_at(pl, w, sg, 1.0, sg, n, y, D, err)) != DMV_OK)
            return rc;
        for (r = 0; r < n; r++) {
            double *yr = y + r * d;
            const double *Dr = D + r * d;
            for (e = 0; e < d; e++)
                yr[e] = yr[e] + ((yr[e] - Dr[e]) / sg) * dt;
            if (su > 0) {
                dmv_fast_noise_vec(pl->seed, (uint64_t) (first + r), kz, d, z);
                for (e = 0; e < d; e++)
                    yr[e] = yr[e] + z[e] * q;
            }
        }
        return DMV_OK;
    }
    case DMV_SCHEME_K_DPMPP_2M: {
        double *Dp = w->w1, cy = sn / sg, cd = (sn - sg) / sg * fault_scale(); /* sigma'/sigma, expm1(-h) */
        if ((rc = dmv_fast_denoise_at(pl, w, sg, 1.0, sg, n, y, D, err)) != DMV_OK)
            return rc;
        if (k == 0 || sn == 0) { /* first order: the first step and the last step to 0 (x' = D) */
            for (e = 0; e < ne; e++) {
                y[e] = cy * y[e] - cd * D[e];
                Dp[e] = D[e];
            }
        } else {
            double h = log(sg / sn), hl = log(pl->s[k - 1] / sg), q = h / (2 * hl); /* 1/(2r), r = hl/h */
            for (e = 0; e < ne; e++) {
                double Db = (1 + q) * D[e] - q * Dp[e];
                y[e] = cy * y[e] - cd * Db;
                Dp[e] = D[e];
            }
        }
        return DMV_OK;
    }
    case DMV_SCHEME_K_LMS: {
        int order = k + 1 < 4 ? (int) (k + 1) : 4, j;
        double c[4];
        double *dk = w->hist + (size_t) (k % 4) * (size_t) (w->cap * d);
        if ((rc = dmv_fast_denoise_at(pl, w, sg, 1.0, sg, n, y, D, err)) != DMV_OK)
            return rc;
        for (e = 0; e < ne; e++)
            dk[e] = (y[e] - D[e]) / sg;
        if (dmv_fast_kdiff_lms_coef(c, pl->s, k, order) != DMV_OK)
            return dmv_error_set(err, DMV_EINVAL, "k-lms: step %ld order %d", k, order);
        c[0] *= fault_scale();
        for (j = 0; j < order; j++) {
            const double *dj = w->hist + (size_t) ((k - j) % 4) * (size_t) (w->cap * d);
            for (e = 0; e < ne; e++)
                y[e] = y[e] + c[j] * dj[e];
        }
        return DMV_OK;
    }
    default:
        break;
    }
    return dmv_error_set(err, DMV_EINVAL, "scheme %s: not a k-diffusion scheme", dmv_scheme_name(sc->kind));
}
