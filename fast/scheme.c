/* Every scheme of docs/schemes.md s.5, written once against the model's denoiser,
 * over a batch of rows. Each row depends only on its own sample's noise: the loops
 * are element-wise, nothing is reduced across rows, so a row's bits never depend on
 * the batch it was computed in. Formulas are written in the order of the spec. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "fast_internal.h"

void dmv_fast_work_clear(dmv_fast_work *w)
{
    free(w->y);
    free(w->D);
    free(w->w1);
    free(w->w2);
    free(w->w3);
    free(w->z);
    free(w->xt);
    free(w->c);
    free(w->mws);
    free(w->hist);
    memset(w, 0, sizeof *w);
}

int dmv_fast_work_init(dmv_fast_work *w, const dmv_fast_plan *pl, long rows, dmv_error *err)
{
    size_t nd = (size_t) rows * (size_t) pl->d * sizeof(double);
    size_t ws = pl->model->workspace_size ? pl->model->workspace_size(pl->model, rows) : 0;
    memset(w, 0, sizeof *w);
    w->cap = rows;
    w->y = (double *) malloc(nd);
    w->D = (double *) malloc(nd);
    w->w1 = (double *) malloc(nd);
    w->w2 = (double *) malloc(nd);
    w->w3 = (double *) malloc(nd);
    w->z = (double *) malloc((size_t) pl->d * sizeof(double));
    w->xt = (double *) malloc((size_t) pl->d * sizeof(double));
    w->c = (double *) malloc((size_t) pl->d * sizeof(double));
    w->mws = ws ? malloc(ws) : NULL;
    w->hist = pl->scheme.kind == DMV_SCHEME_K_LMS ? (double *) malloc(4 * nd) : NULL;
    if ((pl->scheme.kind == DMV_SCHEME_K_LMS && !w->hist) || !w->y || !w->D || !w->w1 || !w->w2 || !w->w3 || !w->z || !w->xt || !w->c || (ws && !w->mws)) {
        dmv_fast_work_clear(w);
        return dmv_error_set(err, DMV_ENOMEM, "sampler: out of memory for a batch of %ld rows of dimension %ld",
                             rows, pl->d);
    }
    return DMV_OK;
}

/* Scales at one time. */
typedef struct {
    double s, a, sg, sg2, f, g2;
} tpoint;

static void at(tpoint *t, const dmv_process *p, double s)
{
    t->s = s;
    t->a = dmv_fast_process_alpha(p, s);
    t->sg2 = dmv_fast_process_sigma2(p, s);
    t->sg = sqrt(t->sg2);
    t->f = dmv_fast_process_f(p, s);
    t->g2 = dmv_fast_process_g2(p, s);
}

/* The model's denoiser at t, as evaluation w->stage of step w->step (docs/plugins.md); a failure
 * comes back with the model's name, the step, the time and the model's own message. */
static int denoise(const dmv_fast_plan *pl, dmv_fast_work *w, const tpoint *t, long n, const double *x,
                   double *out, dmv_error *err)
{
    dmv_fast_eval ev;
    dmv_error merr;
    int rc;
    ev.s = t->s;
    ev.alpha = t->a;
    ev.sigma = t->sg;
    ev.step = w->step;
    ev.stage = w->stage++;
    dmv_error_init(&merr);
    rc = pl->model->denoise(pl->model, &ev, n, x, out, w->mws, &merr);
    if (rc != DMV_OK)
        return dmv_error_set(err, rc, "model '%s' denoise failed at step %ld (stage %d, s = %.17g): %s",
                             dmv_fast_model_name(pl->model), ev.step, ev.stage, t->s,
                             merr.msg[0] ? merr.msg : dmv_error_name(rc));
    return DMV_OK;
}

int dmv_fast_denoise_at(const dmv_fast_plan *pl, dmv_fast_work *w, double s, double alpha, double sigma, long n,
                        const double *x, double *out, dmv_error *err)
{
    tpoint t;
    t.s = s;
    t.a = alpha;
    t.sg = sigma;
    t.sg2 = sigma * sigma;
    t.f = 0;
    t.g2 = 0;
    return denoise(pl, w, &t, n, x, out, err);
}

/* ---- kernels: fast/scheme_kernel.h, compiled here for the baseline and in fast/scheme_avx2.c,
 * fast/scheme_avx512.c per instruction set (CMakeLists.txt); every copy gives the same bits. The
 * copy follows the noise variant chosen at run time (fast/noise.c, recorded by `sample --stats` as
 * "noise_variant"): one selection for the whole sampler. */
#define DMV_STEP_SUFFIX base
#include "scheme_kernel.h"

#ifdef DMV_NOISE_X86_VARIANTS
extern const dmv_fast_step_kernels dmv_fast_step_kernels_avx2;
extern const dmv_fast_step_kernels dmv_fast_step_kernels_avx512;
#endif

/* the kernels of the noise variant in use */
static const dmv_fast_step_kernels *kernels(void)
{
#ifdef DMV_NOISE_X86_VARIANTS
    const char *v = dmv_fast_noise_variant();
    if (strcmp(v, "avx512") == 0)
        return &dmv_fast_step_kernels_avx512;
    if (strcmp(v, "avx2") == 0)
        return &dmv_fast_step_kernels_avx2;
#endif
    return &dmv_fast_step_kernels_base;
}

/* D for the whole batch at t (generic path), or the coefficients c (fused path). */
static int prepare_d(const dmv_fast_plan *pl, dmv_fast_work *w, const tpoint *t, long n, dmv_error *err)
{
    if (pl->fused) {
        dmv_fast_gaussian_diag_coef(pl->model, t->a, t->sg, w->c);
        return DMV_OK;
    }
#ifdef DMV_FAULT_INJECTION
    if (!isnan(dmv_fast_fault("generic_denoise", NULL))) { /* generic_denoise=F: the generic path's D times F */
        long e;
        int rc = denoise(pl, w, t, n, w->y, w->D, err);
        for (e = 0; e < n * pl->d; e++)
            w->D[e] *= dmv_fast_fault("generic_denoise", NULL);
        return rc;
    }
#endif
    return denoise(pl, w, t, n, w->y, w->D, err);
}

/* out = F(x, s) = -f x + (g^2/2) S, S = (a D - x)/sigma^2 (D computed into w->D). */
static int velocity(const dmv_fast_plan *pl, dmv_fast_work *w, const tpoint *t, long n, const double *x,
                    double *out, dmv_error *err)
{
    long ne = n * pl->d;
    int rc;
    if (t->sg2 == 0 && pl->fused) {
        /* sigma = 0 (Heun and RK4 evaluate at s' = eps = 0): S = (a D - x)/sigma^2 is 0/0 through
         * the denoiser, while the Gaussian's score is -(x - a m)/(a^2 lambda): finite for lambda > 0,
         * infinite for lambda = 0 (the paper's "-", docs/schemes.md s.5), as the reference has it. */
        const double *lam = dmv_fast_gaussian_diag_lambda(pl->model);
        long r, j, d = pl->d;
        double a = t->a, hg = t->g2 / 2;
        for (r = 0; r < n; r++)
            for (j = 0; j < d; j++) {
                double xm = pl->mu ? x[r * d + j] - a * pl->mu[j] : x[r * d + j];
                out[r * d + j] = -t->f * x[r * d + j] + hg * (-xm / (a * a * lam[j]));
            }
        return DMV_OK;
    }
    rc = denoise(pl, w, t, n, x, w->D, err);
    if (rc)
        return rc;
    kernels()->velocity(ne, out, x, w->D, t->a, t->f, t->g2 / 2, 1 / t->sg2);
    return DMV_OK;
}

static void initial(const dmv_fast_plan *pl, dmv_fast_work *w, long first, long n)
{
    long r, i, j, d = pl->d;
    for (r = 0; r < n; r++) {
        double *y = w->y + r * d;
        double *xt = pl->basis ? w->xt : y;
        dmv_fast_noise_vec(pl->seed, (uint64_t) (first + r), 0, d, w->z);
        for (j = 0; j < d; j++)
            xt[j] = pl->m0[j] + pl->sd0[j] * w->z[j];
        if (pl->basis) /* y = U x~, summed in index order (no BLAS: bit-reproducible) */
            for (i = 0; i < d; i++) {
                const double *u = pl->basis + i * d;
                double acc = 0.0;
                for (j = 0; j < d; j++)
                    acc += u[j] * xt[j];
                y[i] = acc;
            }
    }
}

static int step(const dmv_fast_plan *pl, dmv_fast_work *w, long k, long first, long n, double *Dprev_hl,
                dmv_error *err)
{
    const dmv_process *p = pl->process;
    long d = pl->d, ne = n * d, e, r;
    uint32_t kz = (uint32_t) (k + 1);
    const dmv_fast_step_kernels *K_ = kernels();
    double *y = w->y, *D = w->D, *z = w->z;
    tpoint t0, t1;
    double h;
    int rc;
    w->step = k;
    w->stage = 0;
    if (dmv_scheme_is_kdiff(pl->scheme.kind))
        return dmv_fast_kdiff_step(pl, w, k, first, n, err);
    at(&t0, p, pl->s[k]);
    at(&t1, p, pl->s[k + 1]);
    h = t0.s - t1.s;
    switch (pl->scheme.kind) {
    case DMV_SCHEME_EM:
    case DMV_SCHEME_EI:
    case DMV_SCHEME_DDPM: {
        double a = t0.a, isg2 = 1 / t0.sg2, q, rr = 1.0, gamma = 0.0, b = 0.0, icb = 1.0;
        int mode = pl->fused ? (pl->mu ? 2 : 1) : 0;
        if (pl->scheme.kind == DMV_SCHEME_EM) {
            q = sqrt(h * t0.g2);
#ifdef DMV_FAULT_INJECTION
            if (!isnan(dmv_fast_fault("em_noise_var", NULL)))
                q *= sqrt(dmv_fast_fault("em_noise_var", NULL));
#endif
        } else if (pl->scheme.kind == DMV_SCHEME_EI) {
            double nu;
            if (p->kind == DMV_PROCESS_VE) {
                gamma = nu = (t0.s - t1.s) * (t0.s + t1.s); /* sg^2 - sg'^2 */
            } else {
                double rm1 = dmv_fast_process_ratio_m1(p, t0.s, t1.s); /* r - 1, r = a'/a */
                rr = 1.0 + rm1;
                gamma = 2 * rm1;
                nu = rm1 * (rm1 + 2); /* r^2 - 1 */
            }
#ifdef DMV_FAULT_INJECTION
            if (!isnan(dmv_fast_fault("ei_gamma", NULL)))
                gamma *= dmv_fast_fault("ei_gamma", NULL);
#endif
            q = sqrt(nu);
        } else {
            b = h * t0.g2;
            icb = 1 / sqrt(1 - b);
            q = sqrt(b);
        }
        if ((rc = prepare_d(pl, w, &t0, n, err)))
            return rc;
        for (r = 0; r < n; r++) {
            double *yr = y + r * d;
            const double *Dr = D + r * d;
            dmv_fast_noise_vec(pl->seed, (uint64_t) (first + r), kz, d, z);
            if (pl->scheme.kind == DMV_SCHEME_EM)
                K_->em(mode, d, yr, Dr, w->c, pl->mu, z, a, isg2, h, t0.f, t0.g2, q);
            else if (pl->scheme.kind == DMV_SCHEME_EI)
                K_->ei(mode, d, yr, Dr, w->c, pl->mu, z, a, isg2, rr, gamma, q);
            else
                K_->ddpm(mode, d, yr, Dr, w->c, pl->mu, z, a, isg2, b, icb, q);
        }
        return DMV_OK;
    }
    case DMV_SCHEME_DDPM_CHAIN:
    case DMV_SCHEME_DDPM_POSTERIOR: {
        /* r = a'/a = 1/sqrt(alpha_step), alpha_step = alpha_bar/alpha_bar', b = beta_step = 1 - 1/r^2;
         * chain: q^2 = b/alpha_step = r^2 - 1; posterior: q^2 = (sigma'^2/sigma^2) b */
        double rm1 = dmv_fast_process_ratio_m1(p, t0.s, t1.s), rr = 1.0 + rm1, nu = rm1 * (rm1 + 2);
        double b = nu / (rr * rr), q, isg2 = 1 / t0.sg2;
        int mode = pl->fused ? (pl->mu ? 2 : 1) : 0;
        q = pl->scheme.kind == DMV_SCHEME_DDPM_CHAIN ? sqrt(nu) : sqrt(t1.sg2 / t0.sg2 * b);
        if ((rc = prepare_d(pl, w, &t0, n, err)))
            return rc;
        for (r = 0; r < n; r++) {
            dmv_fast_noise_vec(pl->seed, (uint64_t) (first + r), kz, d, z);
            K_->chain(mode, d, y + r * d, D + r * d, w->c, pl->mu, z, t0.a, isg2, b, rr, q);
        }
        return DMV_OK;
    }
    case DMV_SCHEME_EULER: {
        int mode = pl->fused ? (pl->mu ? 2 : 1) : 0;
        if ((rc = prepare_d(pl, w, &t0, n, err)))
            return rc;
        for (r = 0; r < n; r++)
            K_->euler(mode, d, y + r * d, D + r * d, w->c, pl->mu, t0.a, t0.f, t0.g2 / 2, 1 / t0.sg2, h);
        return DMV_OK;
    }
    case DMV_SCHEME_HEUN: {
        double *d1 = w->w1, *yt = w->w2, *d2 = w->w3;
        if ((rc = velocity(pl, w, &t0, n, y, d1, err)))
            return rc;
        for (e = 0; e < ne; e++)
            yt[e] = y[e] + h * d1[e];
        if ((rc = velocity(pl, w, &t1, n, yt, d2, err)))
            return rc;
        for (e = 0; e < ne; e++)
            y[e] = y[e] + (h / 2) * (d1[e] + d2[e]);
        return DMV_OK;
    }
    case DMV_SCHEME_HEUN_EDM: {
        double *xh = w->w1, *d1 = w->w2, *xt = w->w3;
        double a = t0.a, a1 = t1.a, sh = t0.sg / a, sh1 = t1.sg / a1, dsh = sh1 - sh;
        if ((rc = denoise(pl, w, &t0, n, y, D, err)))
            return rc;
        for (e = 0; e < ne; e++) {
            xh[e] = y[e] / a;
            d1[e] = (xh[e] - D[e]) / sh;
            xt[e] = xh[e] + dsh * d1[e];
        }
        if (t1.sg == 0) {
            for (e = 0; e < ne; e++)
                y[e] = a1 * xt[e];
            return DMV_OK;
        }
        for (e = 0; e < ne; e++)
            y[e] = a1 * xt[e];
        if ((rc = denoise(pl, w, &t1, n, y, D, err)))
            return rc;
        for (e = 0; e < ne; e++) {
            double d2 = (xt[e] - D[e]) / sh1;
            y[e] = a1 * (xh[e] + dsh * (d1[e] + d2) / 2);
        }
        return DMV_OK;
    }
    case DMV_SCHEME_RK4: {
        double *acc = w->w1, *tmp = w->w2, *kk = w->w3;
        tpoint tm;
        at(&tm, p, (t0.s + t1.s) / 2);
        if ((rc = velocity(pl, w, &t0, n, y, acc, err))) /* k1 */
            return rc;
        for (e = 0; e < ne; e++)
            tmp[e] = y[e] + (h / 2) * acc[e];
        if ((rc = velocity(pl, w, &tm, n, tmp, kk, err))) /* k2 */
            return rc;
        for (e = 0; e < ne; e++) {
            acc[e] = acc[e] + 2 * kk[e];
            tmp[e] = y[e] + (h / 2) * kk[e];
        }
        if ((rc = velocity(pl, w, &tm, n, tmp, kk, err))) /* k3 */
            return rc;
        for (e = 0; e < ne; e++) {
            acc[e] = acc[e] + 2 * kk[e];
            tmp[e] = y[e] + h * kk[e];
        }
        if ((rc = velocity(pl, w, &t1, n, tmp, kk, err))) /* k4 */
            return rc;
        for (e = 0; e < ne; e++)
            y[e] = y[e] + (h / 6) * (acc[e] + kk[e]);
        return DMV_OK;
    }
    case DMV_SCHEME_DDIM: {
        double a = t0.a, sg = t0.sg, a1 = t1.a, sg1 = t1.sg, eta = pl->scheme.eta;
        double num = (a * sg1) * (a * sg1), den = (a1 * sg) * (a1 * sg);
        double c2 = eta * eta * t1.sg2 * (1 - num / den);
        double cz = sqrt(c2), q = sqrt(t1.sg2 - c2), isg = 1 / sg;
        if (pl->fused) {
            /* Gaussian-diagonal fast path, not bit-identical to the generic one (checked to a few
             * ulps in tests/fast/t-sample.c and against long double in t-scheme.c): the step is the
             * affine map y' = K y + B (+ cz z) per coordinate, with D = c y + mu om,
             * om = 1 - a c = sigma^2/(a^2 lambda + sigma^2) (positive terms, no cancellation):
             * K = a' c + (q/sg) om,  B = mu om (a' - q a/sg). */
            double *K = w->c, *Bv = w->xt, qi = q * isg, bk = a1 - q * a * isg;
            const double *lam = dmv_fast_gaussian_diag_lambda(pl->model);
            double a2 = a * a, s2 = sg * sg;
            long jj;
            dmv_fast_gaussian_diag_coef(pl->model, a, sg, K);
            for (jj = 0; jj < d; jj++) {
                double om = s2 / (a2 * lam[jj] + s2);
                if (pl->mu)
                    Bv[jj] = pl->mu[jj] * om * bk;
                K[jj] = a1 * K[jj] + qi * om;
            }
            for (r = 0; r < n; r++) {
                if (eta != 0)
                    dmv_fast_noise_vec(pl->seed, (uint64_t) (first + r), kz, d, z);
                K_->affine(d, y + r * d, K, pl->mu ? Bv : NULL, eta != 0 ? z : NULL, cz);
            }
            return DMV_OK;
        }
        if ((rc = denoise(pl, w, &t0, n, y, D, err)))
            return rc;
        for (r = 0; r < n; r++) {
            if (eta == 0) {
                K_->ddim(d, y + r * d, D + r * d, a, isg, a1, q);
            } else {
                dmv_fast_noise_vec(pl->seed, (uint64_t) (first + r), kz, d, z);
                K_->ddim_noise(d, y + r * d, D + r * d, z, a, isg, a1, q, cz);
            }
        }
        return DMV_OK;
    }
    case DMV_SCHEME_DPM2: {
        double *u = w->w1;
        double l0 = dmv_fast_process_logsnr(p, t0.s), l1 = dmv_fast_process_logsnr(p, t1.s), hl = l1 - l0;
        double a = t0.a, sg = t0.sg, cu, cy, isg, isgm;
        tpoint tm;
        at(&tm, p, dmv_fast_process_logsnr_inv(p, l0 + hl / 2));
        cu = tm.sg * expm1(hl / 2);
        cy = t1.sg * expm1(hl);
        isg = 1 / sg;
        isgm = 1 / tm.sg;
        if ((rc = denoise(pl, w, &t0, n, y, D, err)))
            return rc;
        for (e = 0; e < ne; e++) {
            double E = (y[e] - a * D[e]) * isg;
            u[e] = (tm.a / a) * y[e] - cu * E;
        }
        if ((rc = denoise(pl, w, &tm, n, u, D, err)))
            return rc;
        for (e = 0; e < ne; e++) {
            double E = (u[e] - tm.a * D[e]) * isgm;
            y[e] = (t1.a / a) * y[e] - cy * E;
        }
        return DMV_OK;
    }
    case DMV_SCHEME_DPMPP2M: {
        double *Dp = w->w1;
        double l0 = dmv_fast_process_logsnr(p, t0.s), l1 = dmv_fast_process_logsnr(p, t1.s), hl = l1 - l0;
        double cy = t1.sg / t0.sg, cd = t1.a * expm1(-hl);
        if ((rc = denoise(pl, w, &t0, n, y, D, err)))
            return rc;
        if (k == 0) {
            for (e = 0; e < ne; e++) {
                y[e] = cy * y[e] - cd * D[e];
                Dp[e] = D[e];
            }
        } else {
            double rq = *Dprev_hl / hl, q = 1 / (2 * rq);
            for (e = 0; e < ne; e++) {
                double Db = (1 + q) * D[e] - q * Dp[e];
                y[e] = cy * y[e] - cd * Db;
                Dp[e] = D[e];
            }
        }
        *Dprev_hl = hl;
        return DMV_OK;
    }
    default:
        break;
    }
    return dmv_error_set(err, DMV_EINVAL, "scheme kind = %d: unknown", (int) pl->scheme.kind);
}

int dmv_fast_plan_run(const dmv_fast_plan *pl, dmv_fast_work *w, long first, long n, dmv_error *err)
{
    long k;
    double hl_prev = 0.0;
    int rc;
    if (n > w->cap)
        return dmv_error_set(err, DMV_EINVAL, "sampler: %ld rows exceed the workspace of %ld", n, w->cap);
    initial(pl, w, first, n);
    for (k = 0; k < pl->steps; k++)
        if ((rc = step(pl, w, k, first, n, &hl_prev, err)) != DMV_OK)
            return rc;
#ifdef DMV_FAULT_INJECTION
    {
        double col, rel = NAN, f;
        col = dmv_fast_fault("out_var", &rel);
        if (!isnan(col) && col >= 0 && (long) col < pl->d && !isnan(rel))
            for (f = sqrt(1 + rel), k = 0; k < n; k++)
                w->y[k * pl->d + (long) col] *= f;
    }
#endif
    return DMV_OK;
}

/* The two pieces of dmv_fast_plan_run, for the per-step trace (fast/trace.c): the same code,
 * so a traced run computes the same bits as the sampler. */
void dmv_fast_plan_initial(const dmv_fast_plan *pl, dmv_fast_work *w, long first, long n)
{
    initial(pl, w, first, n);
}

int dmv_fast_plan_step(const dmv_fast_plan *pl, dmv_fast_work *w, long k, long first, long n, double *hl_prev,
                       dmv_error *err)
{
    return step(pl, w, k, first, n, hl_prev, err);
}
