/* reference/softmax.c (dmv_ref_softmax, dmv_ref_softmax_mean) against an MPFR oracle that
 * takes no shift: p_k = exp(L_k) / sum_j exp(L_j) at 256 bits with MPFR's exponent range
 * opened to the maximum (tests/reference/denoise_oracle.h), so log-weights of +-1e5 neither
 * overflow nor underflow; the posterior mean sum_k p_k M[k d + j] the same way. Random K, d,
 * skipped entries (p_k = 0 exactly, the mean over the others), log-weights at the working
 * precision's scale and far beyond double's exp range; K = 1 gives p = 1 and out = M. */
#include "dmv_test.h"
#include "denoise_oracle.h"

static const slong PREC = 96;

static void check_case(dmv_test_rng *rng, slong K, slong d, double scale, int with_skip)
{
    arb_ptr L = _arb_vec_init(K), p = _arb_vec_init(K), p2 = _arb_vec_init(K), M = _arb_vec_init(K * d);
    arb_ptr out = _arb_vec_init(d);
    int *skip = calloc((size_t) K, sizeof(int));
    double *Ld = malloc((size_t) K * sizeof(double)), *Md = malloc((size_t) (K * d) * sizeof(double));
    mpfr_t e, sum, acc, t;
    slong j, k, kept = 0;
    mpfr_inits2(OR_PREC, e, sum, acc, t, (mpfr_ptr) 0);
    for (k = 0; k < K; k++) {
        Ld[k] = scale * (2 * dmv_test_uniform(rng) - 1);
        arb_set_d(L + k, Ld[k]);
        skip[k] = with_skip && dmv_test_uniform(rng) < 0.3;
        kept += !skip[k];
        for (j = 0; j < d; j++) {
            Md[k * d + j] = 20 * dmv_test_uniform(rng) - 10;
            arb_set_d(M + k * d + j, Md[k * d + j]);
        }
    }
    if (kept == 0) { /* at least one entry is kept */
        skip[0] = 0;
        kept = 1;
    }
    dmv_ref_softmax(p, L, with_skip ? skip : NULL, K, PREC);
    dmv_ref_softmax_mean(out, p2, L, with_skip ? skip : NULL, M, K, d, PREC);
    mpfr_set_ui(sum, 0, MPFR_RNDN);
    for (k = 0; k < K; k++)
        if (!skip[k]) {
            mpfr_set_d(e, Ld[k], MPFR_RNDN);
            mpfr_exp(e, e, MPFR_RNDN);
            mpfr_add(sum, sum, e, MPFR_RNDN);
        }
    for (k = 0; k < K; k++) {
        if (skip[k]) {
            DMV_CHECK(arb_is_zero(p + k) && arb_is_zero(p2 + k), "K=%ld k=%ld skipped but p not exactly 0",
                      (long) K, (long) k);
            continue;
        }
        mpfr_set_d(e, Ld[k], MPFR_RNDN);
        mpfr_exp(e, e, MPFR_RNDN);
        mpfr_div(e, e, sum, MPFR_RNDN);
        DMV_CHECK(or_contains(p + k, e, 1e-60), "K=%ld k=%ld scale=%g: p misses the oracle by %g", (long) K,
                  (long) k, scale, or_dist(p + k, e));
        DMV_CHECK(arb_equal(p + k, p2 + k), "K=%ld k=%ld: softmax_mean's p differs from softmax's", (long) K,
                  (long) k);
        if (scale <= 50)
            DMV_CHECK(arb_rel_accuracy_bits(p + k) > PREC - 20, "K=%ld k=%ld: p has %ld bits", (long) K, (long) k,
                      (long) arb_rel_accuracy_bits(p + k));
    }
    for (j = 0; j < d; j++) {
        mpfr_set_ui(acc, 0, MPFR_RNDN);
        for (k = 0; k < K; k++)
            if (!skip[k]) {
                mpfr_set_d(e, Ld[k], MPFR_RNDN);
                mpfr_exp(e, e, MPFR_RNDN);
                mpfr_mul_d(t, e, Md[k * d + j], MPFR_RNDN);
                mpfr_add(acc, acc, t, MPFR_RNDN);
            }
        mpfr_div(acc, acc, sum, MPFR_RNDN);
        DMV_CHECK(or_contains(out + j, acc, 1e-60), "K=%ld d=%ld j=%ld scale=%g: mean misses the oracle by %g",
                  (long) K, (long) d, (long) j, scale, or_dist(out + j, acc));
        if (kept == 1)
            for (k = 0; k < K; k++)
                if (!skip[k])
                    DMV_CHECK(arb_is_exact(out + j) && arf_cmp_d(arb_midref(out + j), Md[k * d + j]) == 0,
                              "one kept component: out != its mean");
    }
    mpfr_clears(e, sum, acc, t, (mpfr_ptr) 0);
    _arb_vec_clear(L, K);
    _arb_vec_clear(p, K);
    _arb_vec_clear(p2, K);
    _arb_vec_clear(M, K * d);
    _arb_vec_clear(out, d);
    free(skip);
    free(Ld);
    free(Md);
}

int main(void)
{
    dmv_test_rng rng = {2026};
    long it, n = dmv_test_iters(200);
    static const double scales[] = {1.0, 50.0, 1e3, 1e5};
    or_setup();
    for (it = 0; it < n; it++) {
        slong K = 1 + (slong) (dmv_test_next(&rng) % 9), d = 1 + (slong) (dmv_test_next(&rng) % 4);
        check_case(&rng, K, d, scales[it % 4], (int) (it / 4 % 2));
    }
    flint_cleanup();
    DMV_TEST_DONE("t-softmax");
}
