/* fast/kdiff.c: the k-diffusion / EDM samplers (docs/conventions.md) against
 *  1. hand values of their coefficients: the churn gamma (k-diffusion's min(S_churn/N, 2 ** 0.5 - 1)
 *     in and out of [S_tmin, S_tmax]), the ancestral split (s = 2 -> 1: sigma_up = sqrt(3)/2,
 *     sigma_down = 1/2 for eta = 1; eta = 0: (1, 0); eta = 10: (0, 1)), the k-lms weights of order 1
 *     and 2 by hand and their exactness on cubics (order 4);
 *  2. an independent long double implementation of each sampler written here from
 *     docs/conventions.md, run from the traced initial point with the traced noises on the exact
 *     Gaussian denoiser: every output within 1e-12 (relative to 1 + |x|);
 *  3. the grid: karras-zero from 80 to 0.002 ends 0.002, 0; a file grid is used as given. */
#include <float.h>
#include <math.h>

#include "dmv/fast.h"
#include "dmv_test.h"

typedef long double ld;

static const double lam[2] = {0.25, 4}, mu[2] = {-1, 2};

static ld den(ld x, ld sg, int j)
{
    return mu[j] + (ld) lam[j] / (lam[j] + sg * sg) * (x - mu[j]);
}

static ld dv(ld x, ld sg, int j)
{
    return (x - den(x, sg, j)) / sg;
}

/* Lagrange weight j of order m at step k, by the exact antiderivative of the product (expanded
 * numerically at 24 Gauss-free midpoint-refined Simpson panels: exact for cubics) */
static ld lms_w(const double *s, long k, int m, int j)
{
    int q, r, n = 24;
    ld a = s[k], b = s[k + 1], h = (b - a) / n, acc = 0;
    for (q = 0; q <= n; q++) { /* composite Simpson: exact for degree <= 3 */
        ld t = a + q * h, p = 1, wq = (q == 0 || q == n) ? 1 : (q % 2 ? 4 : 2);
        for (r = 0; r < m; r++)
            if (r != j)
                p *= (t - s[k - r]) / ((ld) s[k - j] - s[k - r]);
        acc += wq * p;
    }
    return acc * h / 3;
}

static void reference_path(ld *y, const dmv_scheme *sc, const dmv_fast_trace *tr, int j)
{
    long N = tr->steps, k, d = tr->d;
    ld x = tr->x[j], Dp = 0, hist[4] = {0, 0, 0, 0};
    for (k = 0; k < N; k++) {
        ld sg = tr->s[k], sn = tr->s[k + 1], z = tr->z[(k + 1) * d + j];
        switch (sc->kind) {
        case DMV_SCHEME_K_EULER:
        case DMV_SCHEME_K_HEUN:
        case DMV_SCHEME_K_DPM_2:
        case DMV_SCHEME_EDM_HEUN_CHURN: {
            ld g = 0, sh, dt, d1;
            if (sc->s_churn > 0 && sc->s_tmin <= sg && sg <= sc->s_tmax) {
                g = (ld) sc->s_churn / N;
                if (g > sqrtl(2) - 1)
                    g = sqrtl(2) - 1;
            }
            sh = sg * (g + 1);
            if (g > 0)
                x += z * sc->s_noise * sqrtl(sh * sh - sg * sg);
            d1 = dv(x, sh, j);
            dt = sn - sh;
            if (sc->kind == DMV_SCHEME_K_EULER || sn == 0)
                x = x + d1 * dt;
            else if (sc->kind == DMV_SCHEME_K_DPM_2) {
                ld sm = expl((logl(sh) + logl(sn)) / 2), x2 = x + d1 * (sm - sh);
                x = x + dv(x2, sm, j) * dt;
            } else {
                ld x2 = x + d1 * dt;
                x = x + (d1 + dv(x2, sn, j)) / 2 * dt;
            }
            break;
        }
        case DMV_SCHEME_K_EULER_ANCESTRAL: {
            ld su = 0, sd;
            if (sn > 0) {
                su = sc->eta * sqrtl(sn * sn * (sg * sg - sn * sn) / (sg * sg));
                if (su > sn)
                    su = sn;
            }
            sd = sqrtl(sn * sn - su * su);
            x = x + dv(x, sg, j) * (sd - sg);
            if (sn > 0)
                x += z * sc->s_noise * su;
            break;
        }
        case DMV_SCHEME_K_DPMPP_2M: {
            ld D = den(x, sg, j), t = -logl(sg), tn = sn > 0 ? -logl(sn) : INFINITY, h = tn - t, Db = D;
            if (k > 0 && sn > 0) {
                ld r = (t + logl(tr->s[k - 1])) / h;
                Db = (1 + 1 / (2 * r)) * D - 1 / (2 * r) * Dp;
            }
            x = (sn / sg) * x - expm1l(-h) * Db;
            Dp = D;
            break;
        }
        case DMV_SCHEME_K_LMS: {
            int m = k + 1 < 4 ? (int) k + 1 : 4, i;
            hist[k % 4] = dv(x, sg, j);
            for (i = 0; i < m; i++)
                x += lms_w(tr->s, k, m, i) * hist[(k - i) % 4];
            break;
        }
        default:
            break;
        }
    }
    *y = x;
}

static void test_coefficients(void)
{
    dmv_scheme sc;
    double sd, su, c[4], s[6] = {8, 5, 3, 2, 1.25, 0};
    int m, j, p;
    dmv_scheme_default(&sc);
    sc.kind = DMV_SCHEME_EDM_HEUN_CHURN;
    sc.s_churn = 40, sc.s_tmin = 0.05, sc.s_tmax = 50;
    DMV_CHECK(dmv_fast_kdiff_gamma(&sc, 10, 20) == 0.41421356237309515, "gamma capped: %.17g",
              dmv_fast_kdiff_gamma(&sc, 10, 20));
    DMV_CHECK(dmv_fast_kdiff_gamma(&sc, 80, 20) == 0 && dmv_fast_kdiff_gamma(&sc, 0.01, 20) == 0,
              "gamma outside [S_tmin, S_tmax]");
    sc.s_churn = 4;
    DMV_CHECK(dmv_fast_kdiff_gamma(&sc, 10, 20) == 0.2, "gamma 4/20");
    sc.kind = DMV_SCHEME_K_LMS;
    DMV_CHECK(dmv_fast_kdiff_gamma(&sc, 10, 20) == 0, "k-lms has no churn");
    dmv_fast_kdiff_ancestral(2, 1, 1, &sd, &su);
    DMV_CHECK(fabs(su - sqrt(3) / 2) <= 2 * DBL_EPSILON && fabs(sd - 0.5) <= 4 * DBL_EPSILON, "2 -> 1: %.17g %.17g",
              sd, su);
    dmv_fast_kdiff_ancestral(2, 1, 0, &sd, &su);
    DMV_CHECK(sd == 1 && su == 0, "eta 0");
    dmv_fast_kdiff_ancestral(2, 1, 10, &sd, &su);
    DMV_CHECK(sd == 0 && su == 1, "eta 10: sigma_up capped at sigma_next");
    dmv_fast_kdiff_ancestral(2, 0, 1, &sd, &su);
    DMV_CHECK(sd == 0 && su == 0, "to 0");
    DMV_CHECK(dmv_fast_kdiff_lms_coef(c, s, 2, 1) == DMV_OK && c[0] == -1, "order 1: h");
    DMV_CHECK(dmv_fast_kdiff_lms_coef(c, s, 2, 2) == DMV_OK, "order 2");
    /* by hand: c1 = h^2/(2 (s_{k-1} - s_k)) = 1/4, c0 = h - c1 */
    DMV_CHECK(fabs(c[1] - 0.25) <= 4 * DBL_EPSILON && fabs(c[0] + 1.25) <= 4 * DBL_EPSILON, "order 2: %.17g %.17g",
              c[0], c[1]);
    for (m = 1; m <= 4; m++) { /* exact on tau^p, p < m: sum c_j s_{4-j}^p = (s_5^{p+1} - s_4^{p+1})/(p+1) */
        DMV_CHECK(dmv_fast_kdiff_lms_coef(c, s, 4, m) == DMV_OK, "order %d", m);
        for (p = 0; p < m; p++) {
            double acc = 0, want = (pow(s[5], p + 1) - pow(s[4], p + 1)) / (p + 1);
            for (j = 0; j < m; j++)
                acc += c[j] * pow(s[4 - j], p);
            DMV_CHECK(fabs(acc - want) <= 1e-13, "order %d, moment %d: %.17g vs %.17g", m, p, acc, want);
        }
    }
    DMV_CHECK(dmv_fast_kdiff_lms_coef(c, s, 1, 4) == DMV_EINVAL, "order 4 at step 1");
}

/* the prediction wrapper's round trip: D within a few ulps of |x|/alpha + |D| of the base model's */
static void test_prediction(const dmv_fast_model *base)
{
    dmv_test_rng rng = {3};
    int pt, it, bad;
    dmv_fast_model w;
    dmv_error err;
    double x[2], D0[2], D1[2];
    dmv_error_init(&err);
    DMV_CHECK(dmv_fast_model_prediction_init(&w, base, DMV_PREDICTION_V, 0, &err) == DMV_EINVAL, "sigma_data 0");
    DMV_CHECK(dmv_prediction_from_name(&pt, "x0", NULL) == DMV_EINVAL, "'x0' is not diffusers' name");
    DMV_CHECK(dmv_prediction_from_name(&pt, "v_prediction", NULL) == DMV_OK && pt == DMV_PREDICTION_V, "name");
    for (pt = DMV_PREDICTION_SAMPLE; pt <= DMV_PREDICTION_V; pt++) {
        void *ws;
        DMV_CHECK(dmv_fast_model_prediction_init(&w, base, pt, 0.5, &err) == DMV_OK, "%s", err.msg);
        ws = malloc(w.workspace_size ? w.workspace_size(&w, 1) + 64 : 64);
        for (bad = 0, it = 0; it < 2000; it++) {
            double a = it % 2 ? 1.0 : dmv_test_uniform(&rng), sg = dmv_test_loguniform(&rng, 1e-3, 80);
            int j;
            x[0] = 100 * (dmv_test_uniform(&rng) - 0.5);
            x[1] = 3 * (dmv_test_uniform(&rng) - 0.5);
            dmv_fast_model_denoise(base, a, sg, 1, x, D0, ws);
            dmv_fast_model_denoise(&w, a, sg, 1, x, D1, ws);
            for (j = 0; j < 2; j++)
                bad += !(fabs(D1[j] - D0[j]) <= 8 * DBL_EPSILON * (fabs(x[j]) / a + fabs(D0[j])) * (1 + 1 / sg));
        }
        DMV_CHECK(bad == 0, "prediction %s: %d round trips off", dmv_prediction_name(pt), bad);
        free(ws);
        dmv_fast_model_clear(&w);
    }
}

int main(void)
{
    static const dmv_scheme_kind kinds[7] = {DMV_SCHEME_K_EULER,  DMV_SCHEME_K_HEUN, DMV_SCHEME_K_DPM_2,
                                             DMV_SCHEME_K_DPMPP_2M, DMV_SCHEME_K_EULER_ANCESTRAL,
                                             DMV_SCHEME_K_LMS, DMV_SCHEME_EDM_HEUN_CHURN};
    dmv_gaussian g = {2, lam, mu, NULL};
    dmv_fast_model m;
    dmv_error err;
    int i, v;
    long smp, j;
    double worst = 0;
    test_coefficients();
    dmv_error_init(&err);
    DMV_CHECK(dmv_fast_model_gaussian_diag_init(&m, &g, &err) == DMV_OK, "%s", err.msg);
    test_prediction(&m);
    for (v = 0; v < 2; v++)
        for (i = 0; i < 7; i++) {
            dmv_process p;
            dmv_grid gr;
            dmv_scheme sc;
            dmv_init in;
            dmv_fast_job job;
            dmv_fast_trace tr;
            double pts[6] = {80, 20, 3.5, 0.7, 0.002, 0};
            dmv_process_default(&p, DMV_PROCESS_VE);
            dmv_grid_default(&gr);
            if (v == 0) {
                gr.kind = DMV_GRID_KARRAS_ZERO, gr.steps = 12, gr.eps = 0.002;
            } else {
                gr.kind = DMV_GRID_FILE, gr.steps = 5, gr.points = pts, gr.eps = 0;
            }
            dmv_scheme_default(&sc);
            sc.kind = kinds[i];
            sc.eta = 0.8;
            sc.s_noise = 1.003;
            if (kinds[i] == DMV_SCHEME_EDM_HEUN_CHURN || kinds[i] == DMV_SCHEME_K_DPM_2)
                sc.s_churn = 20, sc.s_tmin = 0.05, sc.s_tmax = 50;
            dmv_init_default(&in);
            dmv_fast_job_init(&job);
            job.process = &p;
            job.grid = &gr;
            job.scheme = &sc;
            job.init = &in;
            job.model = &m;
            job.n = 16;
            job.seed = 7;
            dmv_fast_trace_init(&tr);
            for (smp = 0; smp < 16; smp++) {
                dmv_error_init(&err);
                if (dmv_fast_trace_run(&tr, &job, smp, &err) != DMV_OK) {
                    DMV_CHECK(0, "%s: %s", dmv_scheme_name(sc.kind), err.msg);
                    break;
                }
                if (smp == 0 && v == 0)
                    DMV_CHECK(tr.s[12] == 0 && tr.s[11] == 0.002 && tr.s[0] == 80, "karras-zero endpoints");
                if (smp == 0 && v == 1)
                    DMV_CHECK(tr.s[3] == 0.7 && tr.s[5] == 0, "file grid not used as given");
                for (j = 0; j < 2; j++) {
                    ld want;
                    double got = tr.x[tr.steps * 2 + j], e;
                    reference_path(&want, &sc, &tr, (int) j);
                    e = (double) fabsl(got - want) / (1 + fabs(got));
                    if (e > worst)
                        worst = e;
                    DMV_CHECK(e <= 1e-12, "%s grid %s sample %ld coord %ld: fast %.17g, long double %.17Lg",
                              dmv_scheme_name(sc.kind), dmv_grid_name(gr.kind), smp, j, got, want);
                }
            }
            dmv_fast_trace_clear(&tr);
        }
    printf("worst |fast - long double| / (1 + |x|) = %.3g\n", worst);
    dmv_fast_model_clear(&m);
    DMV_TEST_DONE("t-kdiff");
}
