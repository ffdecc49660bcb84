/* Claim pg.pathwise.<scheme>: every fast output equals the exact affine map of
 * its own initial point and noises, within a stated ulp budget.
 *
 * For Gaussian data each scheme's output in eigen-direction j is
 *     y_N[j] = A_j x~_T[j] + sum_k B_jk z_k[j] + c_j           (docs/schemes.md 7)
 * with A, B, c certified by reference/ in Arb. The noises are regenerated from
 * (seed, sample, step, coordinate) and taken as exact doubles.
 *
 * The budget is a first-order running-error bound for an affine recursion
 * (Higham, Accuracy and Stability of Numerical Algorithms, ch. 3): a step
 * y' = a y + c + b z evaluated in double commits a local error of at most
 * K u (1 + kappa_k) (|y| + |c| + |b z|) with K roundings per model evaluation and
 * kappa_k = h_k g^2 / sigma^2 the amplification of the rounding error of the score
 * formed from the denoiser ((alpha D - y)/sigma^2 cancels). The local error at
 * step k reaches the output multiplied by growth[k+1]; writing |y_k| through the
 * affine coefficients gives |growth[k+1]| |y_k| <= Y_abs / |a_k| with
 * Y_abs = |A||x~_T| + sum_k |B_k||z_k| + |c| and a_k = growth[k]/growth[k+1]. Hence
 *     |fast - exact| <= rad + K e u Y_abs (1 + sum_k (1 + kappa_k) max(1, 1/|a_k|))
 * (e = model evaluations per step, u = 2^-53, K = 16). A wrong coefficient, sign,
 * step or noise index moves the output by O(h) or O(1), many orders above it. */
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dmv/fast.h"
#include "dmv/ref.h"
#include "dmv/str.h"
#include "pg_claims.h"

#define PATHWISE_SAMPLES 1000
#define PATHWISE_SAMPLES_QUICK 200
#define PATHWISE_STEPS 100
#define PATHWISE_K 16.0

/* x = y * d exactly representable d (a double is an exact arf). */
static void arb_mul_arf_d(arb_t x, const arb_t y, double d, slong prec)
{
    arf_t a;
    arf_init(a);
    arf_set_d(a, d);
    arb_mul_arf(x, y, a, prec);
    arf_clear(a);
}

/* Per-direction data computed once: the affine map and the budget factor. */
typedef struct {
    dmv_ref_affine1 map;
    arb_t m0, v0, sd0;
    double factor; /* 1 + sum_k (1 + kappa_k) max(1, 1/|a_k|) */
} direction;

/* out = sum_i U[i][j] v[i] (column j of U against v), exact at prec >= 128 for d <= 8 */
static void project(arb_t out, const double *U, const double *v, long j, long d, slong prec)
{
    arb_t t;
    long i;
    arb_init(t);
    arb_zero(out);
    for (i = 0; i < d; i++) {
        arb_set_d(t, U[i * d + j]);
        arb_mul_arf_d(t, t, v[i], prec);
        arb_add(out, out, t, prec);
    }
    arb_clear(t);
}

static double kappa_at(const dmv_process *p, const arb_t s, double h, slong prec)
{
    arb_t g2, sig2;
    double k;
    arb_init(g2);
    arb_init(sig2);
    dmv_ref_process_eval(NULL, sig2, NULL, g2, NULL, p, s, prec, NULL);
    k = h * fabs(arf_get_d(arb_midref(g2), ARF_RND_NEAR)) / arf_get_d(arb_midref(sig2), ARF_RND_NEAR);
    arb_clear(g2);
    arb_clear(sig2);
    return isfinite(k) ? k : INFINITY;
}

static int pathwise(const dmv_claim *c, const dmv_run *run, dmv_result *out, dmv_error *err, int dense)
{
    const dmv_pg_scheme_param *sp = c->params;
    double U[DMV_PG_SPECTRUM_D * DMV_PG_SPECTRUM_D];
    const slong prec = DMV_REF_PREC;
    const long d = DMV_PG_SPECTRUM_D;
    long n = run->quick ? PATHWISE_SAMPLES_QUICK : PATHWISE_SAMPLES;
    long N = PATHWISE_STEPS, i, j, k, worst_i = -1, worst_j = -1, nbad = 0;
    dmv_problem pb;
    dmv_ref_schedule sch;
    dmv_fast_model model;
    dmv_fast_job job;
    direction *dir = NULL;
    double *y = NULL, *z = NULL, *kappa = NULL;
    double worst_ratio = 0.0, worst_err = 0.0, worst_budget = 0.0, max_ulps = 0.0;
    /* roundings per model evaluation: the dense model adds two d-term products (GEMM) */
    double e = (double) dmv_scheme_evals_per_step(sp->scheme) * (dense ? 1.0 + 0.25 * DMV_PG_SPECTRUM_D : 1.0);
    arb_t xt, acc, t, lam, mu, proj;
    arb_ptr zproj = NULL;
    int status = DMV_OK, model_ready = 0, sched_ready = 0;

    dmv_pg_test_problem(&pb, sp, N);
    pb.seed = run->seed;
    if (dense) {
        dmv_pg_dct_basis(U, d);
        pb.data.basis = U;
    }

    status = dmv_ref_schedule_init(&sch, &pb.process, &pb.grid, &pb.scheme, prec, err);
    if (status != DMV_OK)
        return status;
    sched_ready = 1;
    arb_init(xt);
    arb_init(acc);
    arb_init(t);
    arb_init(lam);
    arb_init(mu);
    arb_init(proj);
    zproj = _arb_vec_init((N + 1) * d);

    dir = calloc((size_t) d, sizeof *dir);
    y = malloc((size_t) (n * d) * sizeof *y);
    z = malloc((size_t) d * sizeof *z);
    kappa = malloc((size_t) N * sizeof *kappa);
    if (dir == NULL || y == NULL || z == NULL || kappa == NULL) {
        status = dmv_error_set(err, DMV_ENOMEM, "pathwise check: out of memory");
        goto done;
    }
    /* kappa_k over both ends of each step (two-stage schemes evaluate at s_{k+1}) */
    for (k = 0; k < N; k++) {
        double h;
        arb_sub(t, sch.s + k, sch.s + k + 1, prec);
        h = arf_get_d(arb_midref(t), ARF_RND_NEAR);
        kappa[k] = fmax(kappa_at(&pb.process, sch.s + k, h, prec), kappa_at(&pb.process, sch.s + k + 1, h, prec));
    }
    for (j = 0; j < d; j++) {
        direction *dj = &dir[j];
        dmv_ref_affine1_init(&dj->map, N);
        arb_init(dj->m0);
        arb_init(dj->v0);
        arb_init(dj->sd0);
        arb_set_d(lam, pb.data.lambda[j]);
        arb_set_d(mu, pb.data.mean[j]);
        status = dmv_ref_scheme_affine1(&dj->map, &sch, lam, mu, NULL, prec, err);
        if (status == DMV_OK)
            status = dmv_ref_init_law1(dj->m0, dj->v0, &pb.init, &pb.process, lam, mu, prec, err);
        if (status != DMV_OK)
            goto done;
        arb_sqrt(dj->sd0, dj->v0, prec);
        dj->factor = 1.0;
        for (k = 0; k < N; k++) {
            double gk = fabs(arf_get_d(arb_midref(dj->map.growth + k), ARF_RND_NEAR));
            double gk1 = fabs(arf_get_d(arb_midref(dj->map.growth + k + 1), ARF_RND_NEAR));
            double inv_a = (gk > 0) ? gk1 / gk : INFINITY;
            dj->factor += (1.0 + kappa[k]) * fmax(1.0, inv_a);
        }
    }

    /* the fast side */
    status = dense ? dmv_fast_model_dense_init(&model, &pb.data, err)
                   : dmv_fast_model_gaussian_diag_init(&model, &pb.data, err);
    if (status != DMV_OK)
        goto done;
    model_ready = 1;
    dmv_fast_job_init(&job);
    job.process = &pb.process;
    job.grid = &pb.grid;
    job.scheme = &pb.scheme;
    job.init = &pb.init;
    job.init_basis_data = &pb.data;
    job.model = &model;
    job.n = n;
    job.seed = pb.seed;
    status = dmv_fast_run_rows(y, &job, 0, n, err);
    if (status != DMV_OK)
        goto done;

    {
        int stochastic = dmv_scheme_is_stochastic(&pb.scheme);
        double *zall = malloc((size_t) ((N + 1) * d) * sizeof *zall);
        double *dir_worst = calloc((size_t) (2 * d), sizeof *dir_worst); /* max err, max err/budget */
        if (zall == NULL || dir_worst == NULL) {
            free(zall);
            free(dir_worst);
            status = dmv_error_set(err, DMV_ENOMEM, "pathwise check: out of memory");
            goto done;
        }
        for (i = 0; i < n; i++) {
            for (k = 0; k <= (stochastic ? N : 0); k++) {
                dmv_fast_noise_vec(pb.seed, (uint64_t) i, (uint32_t) k, d, zall + k * d);
                /* step noises are in the standard basis: their eigen-coordinates (U^T z)[j],
                 * exactly (products of doubles summed at 128 bits); z_0 is drawn in the eigenbasis */
                for (j = 0; j < d; j++) {
                    if (!dense || k == 0) {
                        arb_set_d(zproj + k * d + j, zall[k * d + j]);
                        continue;
                    }
                    project(zproj + k * d + j, U, zall + k * d, j, d, prec);
                }
            }
            for (j = 0; j < d; j++) {
                direction *dj = &dir[j];
                double yabs, fast = y[i * d + j], ex, rad, budget, errv;
                /* x~_T = m0 + sqrt(v0) z_0, exactly */
                arb_mul_arf_d(xt, dj->sd0, zall[j], prec); /* z_0 in the eigenbasis */
                arb_add(xt, xt, dj->m0, prec);
                arb_mul(acc, dj->map.x0_coef, xt, prec);
                yabs = fabs(arf_get_d(arb_midref(dj->map.x0_coef), ARF_RND_NEAR)) *
                       fabs(arf_get_d(arb_midref(xt), ARF_RND_NEAR));
                if (stochastic)
                    for (k = 1; k <= N; k++) {
                        arb_ptr B = dj->map.noise_coef + (k - 1);
                        arb_addmul(acc, B, zproj + k * d + j, prec);
                        yabs += fabs(arf_get_d(arb_midref(B), ARF_RND_NEAR)) *
                                fabs(arf_get_d(arb_midref(zproj + k * d + j), ARF_RND_NEAR));
                    }
                arb_add(acc, acc, dj->map.shift, prec);
                yabs += fabs(arf_get_d(arb_midref(dj->map.shift), ARF_RND_NEAR));
                if (dense) { /* compare in eigen-coordinates: (U^T y)[j], exactly */
                    project(proj, U, y + i * d, j, d, prec);
                    arb_sub(acc, acc, proj, prec);
                    fast = 0.0;
                }
                ex = arf_get_d(arb_midref(acc), ARF_RND_NEAR);
                rad = mag_get_d(arb_radref(acc));
                budget = rad + PATHWISE_K * e * DBL_EPSILON / 2 * dj->factor * yabs;
                errv = fabs(fast - ex);
                if (!(errv <= budget)) {
                    nbad++;
                }
                if (!(errv / budget <= worst_ratio)) { /* also catches NaN */
                    worst_ratio = isnan(errv) ? INFINITY : errv / budget;
                    worst_err = errv;
                    worst_budget = budget;
                    worst_i = i;
                    worst_j = j;
                }
                if (yabs > 0 && errv / (DBL_EPSILON * yabs) > max_ulps)
                    max_ulps = errv / (DBL_EPSILON * yabs);
                if (errv > dir_worst[2 * j])
                    dir_worst[2 * j] = errv;
                if (errv / budget > dir_worst[2 * j + 1])
                    dir_worst[2 * j + 1] = errv / budget;
            }
            if (run->progress && (i + 1) % 250 == 0 && i + 1 < n)
                run->progress(run->progress_ctx, c->id, (double) (i + 1) / (double) n, "samples compared");
        }
        /* evidence */
        {
            char **cells = calloc((size_t) (d * 4), sizeof *cells);
            const char *header[4] = {"lambda", "data mean", "max |fast - exact|", "max error / budget"};
            char buf[64];
            if (cells != NULL) {
                for (j = 0; j < d && cells != NULL; j++) {
                    snprintf(buf, sizeof buf, "%.6g", pb.data.lambda[j]);
                    cells[4 * j] = dmv_strdup(buf);
                    snprintf(buf, sizeof buf, "%.6g", pb.data.mean[j]);
                    cells[4 * j + 1] = dmv_strdup(buf);
                    snprintf(buf, sizeof buf, "%.3e", dir_worst[2 * j]);
                    cells[4 * j + 2] = dmv_strdup(buf);
                    snprintf(buf, sizeof buf, "%.3e", dir_worst[2 * j + 1]);
                    cells[4 * j + 3] = dmv_strdup(buf);
                }
                dmv_result_add_table(out, "per eigen-direction", d, 4, header, (const char *const *) cells);
                for (j = 0; j < 4 * d; j++)
                    free(cells[j]);
                free(cells);
            }
        }
        free(zall);
        free(dir_worst);
    }
    dmv_result_add_number(out, "samples", (double) n, 0, NULL);
    dmv_result_add_number(out, "steps", (double) N, 0, NULL);
    dmv_result_add_number(out, "outputs outside the budget", (double) nbad, 0, NULL);
    dmv_result_add_number(out, "max |fast - exact| / budget", worst_ratio, 0, NULL);
    dmv_result_add_number(out, "max |fast - exact| / Y_abs", max_ulps * DBL_EPSILON, 0, NULL);
    dmv_result_add_number(out, "max |fast - exact| in ulps of Y_abs", max_ulps, 0, "ulp");
    if (nbad == 0) {
        out->verdict = DMV_VERDICT_PASS;
        dmv_result_set_summary(out,
                               "%ld x %ld outputs match the exact affine map; worst error %.3g = %.3g of its "
                               "budget; at most %.1f ulp of the output scale Y_abs",
                               n, d, worst_err, worst_ratio, max_ulps);
    } else {
        out->verdict = DMV_VERDICT_FAIL;
        dmv_result_set_summary(out,
                               "%ld of %ld outputs outside the budget; worst: sample %ld, direction %ld "
                               "(lambda %g): |fast - exact| = %.3g, budget %.3g",
                               nbad, n * d, worst_i, worst_j, pb.data.lambda[worst_j], worst_err, worst_budget);
    }
done:
    if (model_ready)
        dmv_fast_model_clear(&model);
    if (dir != NULL)
        for (j = 0; j < d; j++) {
            dmv_ref_affine1_clear(&dir[j].map);
            arb_clear(dir[j].m0);
            arb_clear(dir[j].v0);
            arb_clear(dir[j].sd0);
        }
    free(dir);
    free(y);
    free(z);
    free(kappa);
    arb_clear(xt);
    arb_clear(acc);
    arb_clear(t);
    arb_clear(lam);
    arb_clear(mu);
    arb_clear(proj);
    _arb_vec_clear(zproj, (N + 1) * d);
    if (sched_ready)
        dmv_ref_schedule_clear(&sch);
    return status;
}

int dmv_claim_pg_pathwise_check(const dmv_claim *c, const dmv_run *run, dmv_result *out, dmv_error *err)
{
    return pathwise(c, run, out, err, 0);
}

int dmv_claim_pg_pathwise_dense_check(const dmv_claim *c, const dmv_run *run, dmv_result *out, dmv_error *err)
{
    return pathwise(c, run, out, err, 1);
}
