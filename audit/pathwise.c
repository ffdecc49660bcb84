/* Pathwise with shared noise and the independence of the noises (docs/audit.md):
 * every output against the certified affine map of its own initial point and noises,
 *     |y - (A x_T + sum_k B_k z_k + c)| <= rad + K u (mag + |y_map|) + 8 E u (gA |x_T| + gC),
 *     K = 8 (E N + 2),
 * (rad: the balls' radii times the inputs; mag = |A x_T| + sum_k |B_k z_k| + |c|; E the denoiser
 * calls per step, N the steps; u = 2^-53 for a float64 sampler, 2^-24 for a float32 one; gA |x_T| + gC
 * bounds sum_k |growth_k| (|y_{k-1}| + |y_k|), the intermediate states weighted by how much of an error
 * committed there reaches the output, with the noise at 6 standard deviations), and the
 * sums the correlation tests of the noise blocks need. */
#include <math.h>

#include "audit_internal.h"

void dmv_audit_feed_noise(dmv_audit *a, long nrows, const double *x, const double *noise)
{
    long d = a->d, S = a->blocks - 1, i, j, k, q;
    double u = a->cfg.float_bits == 32 ? ldexp(1.0, -24) : ldexp(1.0, -53);
    double E = (double) dmv_scheme_evals_per_step(a->p.scheme.kind);
    double K = 8.0 * (E * (double) a->p.grid.steps + 2);
    for (i = 0; i < nrows; i++) {
        const double *row = noise + (size_t) i * (size_t) (a->blocks * d), *y = x + (size_t) i * (size_t) d;
        for (j = 0; j < d; j++) {
            double xt = row[j], ymap = a->pA[j] * xt + a->pc[j];
            double mag = fabs(a->pA[j] * xt) + fabs(a->pc[j]);
            double rad = a->pA_rad[j] * fabs(xt) + a->pc_rad[j], err, tol, ratio;
            for (k = 0; k < S; k++) {
                double z = row[(k + 1) * d + j], t = a->pB[j * S + k] * z;
                ymap += t;
                mag += fabs(t);
                rad += a->pB_rad[j * S + k] * fabs(z);
            }
            err = fabs(y[j] - ymap);
            tol = rad + K * u * (mag + fabs(ymap)) + 8.0 * E * u * (a->gA[j] * fabs(xt) + a->gC[j]);
            ratio = err / tol;
            if (!(err <= tol))
                a->path_outside++;
            if (mag + fabs(ymap) > 0 && err / (mag + fabs(ymap)) > a->path_max_rel)
                a->path_max_rel = err / (mag + fabs(ymap));
            if (a->path_worst_row < 0 || ratio > a->path_worst_ratio || isnan(ratio)) {
                a->path_worst_ratio = isnan(ratio) ? INFINITY : ratio;
                a->path_worst_err = err;
                a->path_worst_tol = tol;
                a->path_worst_row = a->n + i;
                a->path_worst_coord = j;
            }
        }
        if (S == 0)
            continue;
        /* block 0: the initial noise z_0 = (x_T - m0)/sqrt(v0) */
        for (k = 0; k <= S; k++)
            for (j = 0; j < d; j++) {
                double v = k == 0 ? (a->sd0[j] > 0 ? (row[j] - a->m0[j]) / a->sd0[j] : 0.0) : row[k * d + j];
                a->bsum[2 * (k * d + j)] += v;
                a->bsum[2 * (k * d + j) + 1] += v * v;
            }
        for (q = 0; q < a->npairs; q++) {
            long b0 = a->pairs[2 * q], b1 = a->pairs[2 * q + 1];
            for (j = 0; j < d; j++) {
                double v0 = b0 == 0 ? (a->sd0[j] > 0 ? (row[j] - a->m0[j]) / a->sd0[j] : 0.0) : row[b0 * d + j];
                a->xsum[q * d + j] += v0 * row[b1 * d + j];
            }
        }
    }
}
