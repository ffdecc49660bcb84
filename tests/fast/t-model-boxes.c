/* Mixture-of-boxes model (fast/model_boxes.c) against the certified Arb reference
 * (dmv_ref_model_from_spec + dmv_ref_model_denoise_d, reference/denoise_boxes.c) and identities.
 * 1. Random boxes (d in 2..4, K in 2..4, some overlapping, weights in [0.1, 1]) at random points:
 *    near the boxes, 40 noise sd out, up to 1e3 data scales out, and between two boxes; alpha in
 *    [0.05, 1], sigma log-uniform in [1e-6, 1e3] (tiny and huge noise). Budget: |fast - mid| <=
 *    rad + 2e-14 scale, scale = max(1, |x|/alpha, the data's largest magnitude), as the umix
 *    tests and tests/fast/t-model-from-spec.c. The worst error / scale is printed.
 * 2. K = 1: bit-identical to the umix model with one interval per coordinate (d = 3).
 * 3. d = 1: within 1 ulp (relative 2.3e-16 of max(|D|, scale)) of the umix model with the K
 *    intervals (the boxes model keeps the low part of the big exponent differences).
 * 4. Two identical boxes (weights w, w) give the bits of the one box, within 1 ulp.
 * 5. Boxes [0,1]x[20,21] and [20,21]x[0,1], sigma = 1e-3, x = (6, 6 + delta), |delta| <= 1e-6:
 *    each box is 5 and 14 sd-thousands out in opposite coordinates and the two compete (log
 *    ratio 38 delta / (2 sigma^2)); rounding the per-coordinate exponent differences (each
 *    ~1e8, ratio ~8, not Sterbenz-exact) would cost ~1e-8 in the log ratio: same 2e-14 budget. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dmv/fast.h"
#include "dmv/model_spec.h"
#include "dmv/ref_model.h"
#include "dmv_test.h"

#define NPT 16
#define DMAX 4
#define KMAX 4

static void *ws_alloc(const dmv_fast_model *m, long n)
{
    size_t z = m->workspace_size ? m->workspace_size(m, n) : 0;
    return malloc(z ? z : 1);
}

static void spec_json(char *js, size_t cap, long d, long K, const double *w, const double *lo, const double *hi)
{
    size_t n = 0;
    long k, j, pass;
    n += (size_t) snprintf(js + n, cap - n, "{\"model\": \"boxes\", \"weights\": [");
    for (k = 0; k < K; k++)
        n += (size_t) snprintf(js + n, cap - n, "%s%.17g", k ? ", " : "", w[k]);
    for (pass = 0; pass < 2; pass++) {
        const double *v = pass ? hi : lo;
        n += (size_t) snprintf(js + n, cap - n, "], \"%s\": [", pass ? "hi" : "lo");
        for (k = 0; k < K; k++) {
            n += (size_t) snprintf(js + n, cap - n, "%s[", k ? ", " : "");
            for (j = 0; j < d; j++)
                n += (size_t) snprintf(js + n, cap - n, "%s%.17g", j ? ", " : "", v[k * d + j]);
            n += (size_t) snprintf(js + n, cap - n, "]");
        }
    }
    snprintf(js + n, cap - n, "]}");
}

static double worst_all = 0;

static void against_reference(long d, long K, const double *w, const double *lo, const double *hi,
                              dmv_test_rng *rng)
{
    char js[4096];
    dmv_model_spec sp;
    dmv_fast_model fm;
    dmv_ref_model rm;
    dmv_error e;
    double x[NPT * DMAX], out[NPT * DMAX], dscale = 1;
    long r, j, t, k;
    arb_ptr ref;
    void *ws;
    spec_json(js, sizeof js, d, K, w, lo, hi);
    dmv_error_init(&e);
    if (dmv_model_spec_parse(&sp, js, strlen(js), "test", "", NULL, &e) != DMV_OK) {
        DMV_CHECK(0, "parse %s: %s", js, e.msg);
        return;
    }
    for (k = 0; k < K * d; k++)
        dscale = fmax(dscale, fmax(fabs(lo[k]), fabs(hi[k])));
    DMV_CHECK(dmv_fast_model_boxes_init(&fm, d, K, w, lo, hi, &e) == DMV_OK, "fast: %s", e.msg);
    DMV_CHECK(dmv_ref_model_from_spec(&rm, &sp, 128, &e) == DMV_OK, "ref: %s", e.msg);
    ref = _arb_vec_init(d);
    ws = ws_alloc(&fm, NPT);
    for (t = 0; t < 4; t++) {
        double a = 0.05 + 0.95 * dmv_test_uniform(rng), s = dmv_test_loguniform(rng, 1e-6, 1e3);
        for (r = 0; r < NPT; r++) {
            long k1 = (long) (dmv_test_uniform(rng) * K), k2 = (long) (dmv_test_uniform(rng) * K);
            for (j = 0; j < d; j++) {
                double c1 = 0.5 * (lo[k1 * d + j] + hi[k1 * d + j]), c2 = 0.5 * (lo[k2 * d + j] + hi[k2 * d + j]);
                double u = 2 * dmv_test_uniform(rng) - 1, v;
                switch (r % 4) {
                case 0: /* near box k1 */
                    v = a * (c1 + 1.5 * u * (hi[k1 * d + j] - lo[k1 * d + j])) + s * u;
                    break;
                case 1: /* 40 noise sd out */
                    v = a * c1 + 40 * s * u;
                    break;
                case 2: /* up to 1e3 data scales out */
                    v = a * dscale * dmv_test_loguniform(rng, 1, 1e3) * (u < 0 ? -1 : 1);
                    break;
                default: /* between two boxes */
                    v = a * (c1 + (c2 - c1) * dmv_test_uniform(rng));
                }
                x[r * d + j] = v;
            }
        }
        DMV_CHECK(dmv_fast_model_denoise(&fm, a, s, NPT, x, out, ws) == DMV_OK, "fast denoise failed");
        for (r = 0; r < NPT; r++) {
            double scale = dscale;
            int rc;
            for (j = 0; j < d; j++)
                scale = fmax(scale, fabs(x[r * d + j]) / a);
            dmv_error_init(&e);
            rc = dmv_ref_model_denoise_d(ref, &rm, a, s, x + r * d, 60, 256, &e);
            DMV_CHECK(rc == DMV_OK, "d %ld K %ld: reference: %s", d, K, e.msg);
            if (rc != DMV_OK)
                continue;
            for (j = 0; j < d; j++) {
                double mid = arf_get_d(arb_midref(ref + j), ARF_RND_NEAR), rad = mag_get_d(arb_radref(ref + j));
                double err = fabs(out[r * d + j] - mid);
                worst_all = fmax(worst_all, err / scale);
                DMV_CHECK(err <= rad + 2e-14 * scale, "d %ld K %ld a %g s %g row %ld (kind %ld) D[%ld]: fast %.17g "
                          "ref %.17g +- %g (err %g, budget %g)", d, K, a, s, r, r % 4, j, out[r * d + j], mid, rad,
                          err, 2e-14 * scale);
            }
        }
    }
    free(ws);
    _arb_vec_clear(ref, d);
    dmv_ref_model_clear(&rm);
    dmv_fast_model_clear(&fm);
    dmv_model_spec_clear(&sp);
}

/* max over points of |o1 - o2| / max(|o1|, 1) ; -1 if a call failed */
static double compare_models(const dmv_fast_model *m1, const dmv_fast_model *m2, dmv_test_rng *rng, int *same)
{
    double x[NPT * DMAX], o1[NPT * DMAX], o2[NPT * DMAX], worst = 0;
    long i, t, d = m1->dim;
    void *w1 = ws_alloc(m1, NPT), *w2 = ws_alloc(m2, NPT);
    *same = 1;
    for (t = 0; t < 8; t++) {
        double a = 0.05 + 0.95 * dmv_test_uniform(rng), s = dmv_test_loguniform(rng, 1e-4, 1e2);
        for (i = 0; i < NPT * d; i++)
            x[i] = a * (8 * dmv_test_uniform(rng) - 4) + s * (20 * dmv_test_uniform(rng) - 10);
        if (dmv_fast_model_denoise(m1, a, s, NPT, x, o1, w1) != DMV_OK ||
            dmv_fast_model_denoise(m2, a, s, NPT, x, o2, w2) != DMV_OK) {
            worst = -1;
            break;
        }
        for (i = 0; i < NPT * d; i++) {
            if (o1[i] != o2[i])
                *same = 0;
            worst = fmax(worst, fabs(o1[i] - o2[i]) / fmax(fabs(o1[i]), 1));
        }
    }
    free(w1);
    free(w2);
    return worst;
}

int main(void)
{
    dmv_test_rng rng = {20261207};
    dmv_fast_model f1, f2;
    dmv_error e;
    double w[KMAX], lo[KMAX * DMAX], hi[KMAX * DMAX], dev;
    long d, K, i, rep;
    int same;

    /* 1. against the reference */
    for (d = 2; d <= DMAX; d++)
        for (K = 2; K <= KMAX; K++)
            for (rep = 0; rep < 2; rep++) {
                for (i = 0; i < K; i++)
                    w[i] = 0.1 + 0.9 * dmv_test_uniform(&rng);
                for (i = 0; i < K * d; i++) {
                    double c = 6 * dmv_test_uniform(&rng) - 3, h = dmv_test_loguniform(&rng, 0.01, 2);
                    lo[i] = c - h;
                    hi[i] = c + h;
                }
                against_reference(d, K, w, lo, hi, &rng);
            }
    printf("boxes vs Arb: worst |fast - ref| / scale = %.2e (budget 2e-14)\n", worst_all);

    /* 2. K = 1, d = 3: the umix model with one interval per coordinate, bit for bit */
    dmv_error_init(&e);
    {
        const double w1[3] = {1, 1, 1}, a1[3] = {-1, 0.5, 2}, b1[3] = {0, 0.75, 5};
        DMV_CHECK(dmv_fast_model_boxes_init(&f1, 3, 1, w1, a1, b1, &e) == DMV_OK, "%s", e.msg);
        DMV_CHECK(dmv_fast_model_umix_init(&f2, 3, 1, w1, a1, b1, &e) == DMV_OK, "%s", e.msg);
        dev = compare_models(&f1, &f2, &rng, &same);
        DMV_CHECK(dev >= 0 && same, "K = 1: boxes differ from umix (max rel %g)", dev);
        dmv_fast_model_clear(&f1);
        dmv_fast_model_clear(&f2);
    }
    /* 3. d = 1, K = 3: umix with the K intervals, within 1 ulp */
    {
        const double w3[3] = {1, 2, 0.5}, a3[3] = {-3, -0.5, 1}, b3[3] = {-2, 0.25, 4};
        DMV_CHECK(dmv_fast_model_boxes_init(&f1, 1, 3, w3, a3, b3, &e) == DMV_OK, "%s", e.msg);
        DMV_CHECK(dmv_fast_model_umix_init(&f2, 1, 3, w3, a3, b3, &e) == DMV_OK, "%s", e.msg);
        dev = compare_models(&f1, &f2, &rng, &same);
        printf("d = 1: max relative |boxes - umix| = %.2e (%s)\n", dev, same ? "same bits" : "not the same bits");
        DMV_CHECK(dev >= 0 && dev <= 2.3e-16, "d = 1: boxes vs umix: %g > 1 ulp", dev);
        dmv_fast_model_clear(&f1);
        dmv_fast_model_clear(&f2);
    }
    /* 4. two identical boxes = one box */
    {
        const double wa[2] = {0.3, 0.3}, wb[1] = {1}, la[4] = {-1, 0, -1, 0}, ha[4] = {1, 2, 1, 2};
        DMV_CHECK(dmv_fast_model_boxes_init(&f1, 2, 2, wa, la, ha, &e) == DMV_OK, "%s", e.msg);
        DMV_CHECK(dmv_fast_model_boxes_init(&f2, 2, 1, wb, la, ha, &e) == DMV_OK, "%s", e.msg);
        dev = compare_models(&f1, &f2, &rng, &same);
        printf("two identical boxes vs one: max relative difference = %.2e\n", dev);
        DMV_CHECK(dev >= 0 && dev <= 2.3e-16, "two identical boxes differ from one: %g", dev);
        dmv_fast_model_clear(&f1);
        dmv_fast_model_clear(&f2);
    }
    /* 5. competing far-out boxes: the double-double exponent differences */
    {
        const double wc[2] = {1, 1}, lc[4] = {0, 20, 20, 0}, hc[4] = {1, 21, 21, 1};
        dmv_model_spec sp;
        dmv_ref_model rm;
        char js[512];
        double xc[2], oc[2], worst = 0;
        arb_ptr ref = _arb_vec_init(2);
        void *ws;
        spec_json(js, sizeof js, 2, 2, wc, lc, hc);
        DMV_CHECK(dmv_model_spec_parse(&sp, js, strlen(js), "test", "", NULL, &e) == DMV_OK, "%s", e.msg);
        DMV_CHECK(dmv_ref_model_from_spec(&rm, &sp, 128, &e) == DMV_OK, "%s", e.msg);
        DMV_CHECK(dmv_fast_model_boxes_init(&f1, 2, 2, wc, lc, hc, &e) == DMV_OK, "%s", e.msg);
        ws = ws_alloc(&f1, 1);
        for (i = -10; i <= 10; i++) {
            long j;
            xc[0] = 6;
            xc[1] = 6 + 1e-7 * (double) i;
            DMV_CHECK(dmv_fast_model_denoise(&f1, 1, 1e-3, 1, xc, oc, ws) == DMV_OK, "denoise");
            DMV_CHECK(dmv_ref_model_denoise_d(ref, &rm, 1, 1e-3, xc, 60, 256, &e) == DMV_OK, "%s", e.msg);
            for (j = 0; j < 2; j++) {
                double mid = arf_get_d(arb_midref(ref + j), ARF_RND_NEAR), rad = mag_get_d(arb_radref(ref + j));
                worst = fmax(worst, fabs(oc[j] - mid) / 21);
                DMV_CHECK(fabs(oc[j] - mid) <= rad + 2e-14 * 21, "competing boxes delta %ld e-7 D[%ld]: fast %.17g "
                          "ref %.17g", i, j, oc[j], mid);
            }
        }
        printf("competing far-out boxes: worst |fast - ref| / 21 = %.2e (budget 2e-14)\n", worst);
        free(ws);
        _arb_vec_clear(ref, 2);
        dmv_ref_model_clear(&rm);
        dmv_fast_model_clear(&f1);
        dmv_model_spec_clear(&sp);
    }
    /* errors name the bad argument */
    {
        const double wb[1] = {1}, lb[2] = {0, 1}, hb[2] = {1, 1};
        DMV_CHECK(dmv_fast_model_boxes_init(&f1, 2, 1, wb, lb, hb, &e) == DMV_EINVAL &&
                      strstr(e.msg, "box 0 coordinate 1") != NULL, "lo = hi: '%s'", e.msg);
    }
    flint_cleanup();
    DMV_TEST_DONE("t-model-boxes");
}
