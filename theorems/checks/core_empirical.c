/* The designed-point probe of core.pathwise.empirical (docs/replay.md): the replay trusts the fast
 * denoiser to within d_rel max(1, |x|/alpha, data scale) per evaluation; for the empirical model
 * this is checked directly where a random path rarely goes:
 *   - underflow: x = alpha X_i + sigma z at the last grid level and at s = 1e-5 (the other weights
 *     are below e^-745: zero in plain double);
 *   - far: x = alpha X_i + 30 u (u a unit vector), the nearest point's weight alone;
 *   - Voronoi: x on the bisector of alpha X_i and alpha X_j, moved so that L_i - L_j = t for
 *     t in {0, 0.5, -2, 5} (two weights equal, or within e^5).
 * Each point: the fast model (as built from the spec) against the Arb denoiser (reference/empirical_eval.c). */
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core_claims.h"
#include "core_empirical.h"
#include "dmv/fast.h"
#include "dmv/model_spec.h"
#include "dmv/ref_empirical.h"
#include "dmv/str.h"

#define NREG 3
static const char *const reg_name[NREG] = {"underflow (tiny sigma)", "far from the data", "Voronoi boundary"};

typedef struct {
    long points, outside, underflowing;
    double worst;
} probe_stats;

static int probe_one(probe_stats *ps, const dmv_fast_model *fm, void *ws, const double *X, long N, long d,
                     double alpha, double sigma, const double *x, double d_rel, double d_scale, dmv_error *err)
{
    double *D = malloc((size_t) d * sizeof *D), xn = 0, lim, qmin = INFINITY;
    arb_ptr R = _arb_vec_init(d);
    long i, j;
    int rc;
    if (D == NULL) {
        _arb_vec_clear(R, d);
        return dmv_error_set(err, DMV_ENOMEM, "core.pathwise.empirical: out of memory");
    }
    if ((rc = dmv_fast_model_denoise(fm, alpha, sigma, 1, x, D, ws)) != DMV_OK) {
        rc = dmv_error_set(err, rc, "core.pathwise.empirical probe: fast denoiser failed at alpha %g sigma %g", alpha,
                           sigma);
        goto done;
    }
    if ((rc = dmv_ref_empirical_eval_d(R, NULL, NULL, NULL, X, N, d, alpha, sigma, x, 80, 128, 4096, err)) !=
        DMV_OK)
        goto done;
    for (j = 0; j < d; j++)
        xn += x[j] * x[j];
    lim = sqrt(xn) / alpha;
    if (lim < 1)
        lim = 1;
    if (lim < d_scale)
        lim = d_scale;
    lim *= d_rel;
    ps->points++;
    for (j = 0; j < d; j++) {
        double e = fabs(D[j] - arf_get_d(arb_midref(R + j), ARF_RND_NEAR)) + mag_get_d(arb_radref(R + j));
        if (!(e <= lim))
            ps->outside++;
        if (!(e / lim <= ps->worst))
            ps->worst = e / lim;
    }
    /* does some weight underflow in plain double? (exponent difference below -745) */
    for (i = 0; i < N; i++) {
        double q = 0;
        for (j = 0; j < d; j++)
            q += (x[j] - alpha * X[i * d + j]) * (x[j] - alpha * X[i * d + j]);
        if (q < qmin)
            qmin = q;
    }
    for (i = 0; i < N; i++) {
        double q = 0;
        for (j = 0; j < d; j++)
            q += (x[j] - alpha * X[i * d + j]) * (x[j] - alpha * X[i * d + j]);
        if ((q - qmin) / (2 * sigma * sigma) > 745) {
            ps->underflowing++;
            break;
        }
    }
done:
    free(D);
    _arb_vec_clear(R, d);
    return rc;
}

int dmv_core_empirical_probe(const dmv_model_spec *spec, const dmv_fast_model *fm, const dmv_process *proc,
                             double eps, double d_rel, double d_scale, dmv_result *out, long *outside,
                             dmv_error *err)
{
    long N = spec->u.empirical.n, d = spec->dim, i, j, k, r;
    const double *X = spec->u.empirical.X;
    const double lev[2] = {eps, 1e-5}, tv[4] = {0, 0.5, -2, 5};
    probe_stats ps[NREG];
    double *x = malloc((size_t) d * sizeof *x);
    void *ws = malloc(fm->workspace_size ? fm->workspace_size(fm, 1) + 16 : 16);
    int rc = DMV_OK;
    memset(ps, 0, sizeof ps);
    *outside = 0;
    if (x == NULL || ws == NULL) {
        rc = dmv_error_set(err, DMV_ENOMEM, "core.pathwise.empirical: out of memory");
        goto done;
    }
    for (k = 0; k < 2 && rc == DMV_OK; k++) {
        double alpha = dmv_fast_process_alpha(proc, lev[k]), sigma = sqrt(dmv_fast_process_sigma2(proc, lev[k]));
        for (i = 0; i < N && rc == DMV_OK; i++) {
            for (j = 0; j < d; j++) /* underflow: a fixed pseudo-random offset of about one sigma */
                x[j] = alpha * X[i * d + j] + sigma * (0.7 * cos(1.3 * (double) (i * d + j) + 0.4));
            rc = probe_one(&ps[0], fm, ws, X, N, d, alpha, sigma, x, d_rel, d_scale, err);
            for (j = 0; j < d && rc == DMV_OK; j++) /* far: 30 along +-(coordinate j) */
                x[j] = alpha * X[i * d + j] + 30 * (i % 2 ? -1.0 : 1.0) / sqrt((double) d);
            if (rc == DMV_OK)
                rc = probe_one(&ps[1], fm, ws, X, N, d, alpha, sigma, x, d_rel, d_scale, err);
            for (r = i + 1; r < N && rc == DMV_OK; r++) { /* Voronoi boundary of i and r */
                long ti;
                for (ti = 0; ti < 4 && rc == DMV_OK; ti++) {
                    double vv = 0, c;
                    for (j = 0; j < d; j++)
                        vv += alpha * alpha * (X[i * d + j] - X[r * d + j]) * (X[i * d + j] - X[r * d + j]);
                    c = tv[ti] * sigma * sigma / vv;
                    for (j = 0; j < d; j++)
                        x[j] = alpha * 0.5 * (X[i * d + j] + X[r * d + j]) + c * alpha * (X[i * d + j] - X[r * d + j]);
                    rc = probe_one(&ps[2], fm, ws, X, N, d, alpha, sigma, x, d_rel, d_scale, err);
                }
            }
        }
    }
    if (rc == DMV_OK) {
        const char *header[5] = {"regime", "points", "with a weight below e^-745 (plain double underflows)",
                                 "outside d_rel x max(1, |x|/alpha, scale)", "worst |fast - exact| / bound"};
        char *cells[NREG * 5], buf[64];
        for (r = 0; r < NREG; r++) {
            cells[5 * r] = dmv_strdup(reg_name[r]);
            snprintf(buf, sizeof buf, "%ld", ps[r].points);
            cells[5 * r + 1] = dmv_strdup(buf);
            snprintf(buf, sizeof buf, "%ld", ps[r].underflowing);
            cells[5 * r + 2] = dmv_strdup(buf);
            snprintf(buf, sizeof buf, "%ld", ps[r].outside);
            cells[5 * r + 3] = dmv_strdup(buf);
            snprintf(buf, sizeof buf, "%.3g", ps[r].worst);
            cells[5 * r + 4] = dmv_strdup(buf);
            *outside += ps[r].outside;
        }
        dmv_result_add_table(out, "designed points: the fast denoiser against Arb (levels eps and s = 1e-5)", NREG, 5,
                             header, (const char *const *) cells);
        for (r = 0; r < NREG * 5; r++)
            free(cells[r]);
        dmv_result_add_number(out, "designed points outside the denoiser bound", (double) *outside, 0, NULL);
    }
done:
    free(x);
    free(ws);
    return rc;
}
