/* B-P3 (ym.hull), docs/math/memorization.md B.3: DDIM (eta = 0) run to eps and finished by the
 * denoiser, y = D(x_eps), lands in the convex hull of S and, except near Voronoi boundaries, within r
 * of a training point. Certificate per sample (barycentric): the Arb posterior weights w_i at x_eps
 * are balls with lower bound >= 0 whose sum contains 1, so D_exact = sum w_i X_i is in conv(S), and
 * dist(y, conv S) <= |y - D_exact| <= |y - mid| + rad. A sample is "near a Voronoi boundary" when its
 * largest weight is below 1 - r / diam(S) (otherwise |D - X_i| <= (1 - w_i) diam(S) <= r). */
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dmv/ref_empirical.h"
#include "dmv/stats.h"
#include "dmv/str.h"
#include "ym_claims.h"

#define HL_NLEV 4
static const double hl_levels[HL_NLEV] = {0.1, 0.01, 1e-3, 1e-4};

int dmv_ym_check_hull(const dmv_claim *c, const dmv_run *run, dmv_result *out, dmv_error *err)
{
    const long d = YM_D, N = YM_N;
    long n = run->law_samples > 0 ? run->law_samples : run->quick ? YM_HULL_SAMPLES_QUICK : YM_HULL_SAMPLES;
    double level = dmv_run_test_level(run, 1), diam = 0, worst_dist = 0, scale = 0;
    double frac_in[HL_NLEV], frac_near[HL_NLEV], mde;
    long li, k, i, j, not_cert = 0, bad_far = 0, k_in_last = 0;
    dmv_fast_model m;
    arb_ptr w = _arb_vec_init(N);
    double *y = malloc((size_t) d * sizeof *y), *ws = NULL;
    int rc;
    (void) c;
    for (i = 0; i < N; i++)
        for (k = 0; k < N; k++) {
            double q = 0;
            for (j = 0; j < d; j++)
                q += (dmv_ym_train[i * d + j] - dmv_ym_train[k * d + j]) * (dmv_ym_train[i * d + j] - dmv_ym_train[k * d + j]);
            if (sqrt(q) > diam)
                diam = sqrt(q);
        }
    for (i = 0; i < N * d; i++)
        if (fabs(dmv_ym_train[i]) > scale)
            scale = fabs(dmv_ym_train[i]);
    if ((rc = dmv_ym_model(&m, dmv_ym_train, N, d, err)) != DMV_OK)
        goto out0;
    ws = malloc(m.workspace_size(&m, 1) + 16);
    if (y == NULL || ws == NULL) {
        rc = dmv_error_set(err, DMV_ENOMEM, "ym.hull: out of memory");
        goto out1;
    }
    for (li = 0; li < HL_NLEV; li++) {
        double *xe = NULL, a, sg;
        long kin = 0, knear = 0;
        dmv_ym_scales(hl_levels[li], &a, &sg);
        if ((rc = dmv_ym_sample(&xe, &m, DMV_SCHEME_DDIM, 0.0, hl_levels[li], YM_HULL_STEPS, n,
                                run->seed + 500 + (uint64_t) li, run->threads, err)) != DMV_OK)
            goto out1;
        for (k = 0; k < n; k++) {
            const double *x = xe + k * d;
            double dist2 = 0, wmax = 0, nn;
            arb_t sum;
            int cert = 1;
            if ((rc = dmv_fast_model_denoise(&m, a, sg, 1, x, y, ws)) != DMV_OK) {
                free(xe);
                rc = dmv_error_set(err, rc, "ym.hull: final denoise failed (sample %ld)", k);
                goto out1;
            }
            {
                arb_ptr D = _arb_vec_init(d);
                rc = dmv_ref_empirical_eval_d(D, NULL, NULL, w, dmv_ym_train, N, d, a, sg, x, 80, 128, 4096, err);
                if (rc != DMV_OK && rc != DMV_EPREC) {
                    _arb_vec_clear(D, d);
                    free(xe);
                    goto out1;
                }
                rc = DMV_OK;
                arb_init(sum);
                for (i = 0; i < N; i++) {
                    arb_add(sum, sum, w + i, 128);
                    if (!arb_is_nonnegative(w + i))
                        cert = 0;
                    if (arf_get_d(arb_midref(w + i), ARF_RND_DOWN) - mag_get_d(arb_radref(w + i)) > wmax)
                        wmax = arf_get_d(arb_midref(w + i), ARF_RND_DOWN) - mag_get_d(arb_radref(w + i));
                }
                if (!arb_contains_si(sum, 1))
                    cert = 0;
                arb_clear(sum);
                for (j = 0; j < d; j++) {
                    double e = fabs(y[j] - arf_get_d(arb_midref(D + j), ARF_RND_NEAR)) + mag_get_d(arb_radref(D + j));
                    dist2 += e * e;
                }
                _arb_vec_clear(D, d);
            }
            not_cert += !cert;
            if (sqrt(dist2) > worst_dist)
                worst_dist = sqrt(dist2);
            nn = dmv_ym_nn_dist(y, dmv_ym_train, N, d, 1.0, NULL);
            kin += nn <= YM_HULL_R;
            if (wmax < 1 - YM_HULL_R / diam)
                knear++;
            else if (!(nn <= YM_HULL_R + sqrt(dist2)))
                bad_far++;
        }
        free(xe);
        frac_in[li] = (double) kin / (double) n;
        frac_near[li] = (double) knear / (double) n;
        if (li == HL_NLEV - 1)
            k_in_last = kin;
    }
    mde = (dmv_stat_normal_isf(level) + dmv_stat_normal_isf(1 - YM_POWER)) *
          sqrt(YM_HULL_FRAC * (1 - YM_HULL_FRAC) / (double) n);
    dmv_ym_add_test(out, "fraction within r of S at eps = 1e-4 >= " YM_STR(YM_HULL_FRAC), frac_in[HL_NLEV - 1],
                    dmv_ym_binom_cdf(k_in_last, n, YM_HULL_FRAC), YM_HULL_FRAC, 1, mde, "fraction", YM_HULL_REQ);
    {
        const char *header[4] = {"eps", "sigma_eps", "fraction within r of S", "fraction near a Voronoi boundary"};
        char *cells[HL_NLEV * 4], buf[64];
        for (li = 0; li < HL_NLEV; li++) {
            double a, sg;
            dmv_ym_scales(hl_levels[li], &a, &sg);
            snprintf(buf, sizeof buf, "%g", hl_levels[li]);
            cells[4 * li] = dmv_strdup(buf);
            snprintf(buf, sizeof buf, "%.4g", sg);
            cells[4 * li + 1] = dmv_strdup(buf);
            snprintf(buf, sizeof buf, "%.4f", frac_in[li]);
            cells[4 * li + 2] = dmv_strdup(buf);
            snprintf(buf, sizeof buf, "%.4f", frac_near[li]);
            cells[4 * li + 3] = dmv_strdup(buf);
        }
        dmv_result_add_table(out, "DDIM + final denoise: memorisation by level", HL_NLEV, 4, header,
                             (const char *const *) cells);
        for (li = 0; li < HL_NLEV * 4; li++)
            free(cells[li]);
    }
    dmv_result_add_number(out, "samples per level", (double) n, 0, NULL);
    dmv_result_add_number(out, "diam(S)", diam, 0, NULL);
    dmv_result_add_number(out, "samples without a barycentric certificate", (double) not_cert, 0, NULL);
    dmv_result_add_number(out, "samples away from a boundary but not within r", (double) bad_far, 0, NULL);
    dmv_result_add_margin(out, "largest certified dist(y, conv S) / (u max|X|)", worst_dist / (DBL_EPSILON / 2 * scale),
                          YM_PW_ULPS, DMV_MARGIN_MAX, "ulp");
    out->verdict = (not_cert == 0 && bad_far == 0 && worst_dist <= YM_PW_ULPS * DBL_EPSILON / 2 * scale)
                       ? DMV_VERDICT_PASS : DMV_VERDICT_FAIL;
    dmv_result_set_summary(out, "%ld samples x %d levels: %ld without a hull certificate, largest dist(y, conv S) %.3g; "
                           "within r = %g of S: %.4f, %.4f, %.4f, %.4f at eps = 0.1, 0.01, 1e-3, 1e-4; %ld away from "
                           "boundaries but not within r", n, HL_NLEV, not_cert, worst_dist, YM_HULL_R, frac_in[0],
                           frac_in[1], frac_in[2], frac_in[3], bad_far);
    rc = DMV_OK;
out1:
    dmv_fast_model_clear(&m);
out0:
    free(y);
    free(ws);
    _arb_vec_clear(w, N);
    return rc;
}
