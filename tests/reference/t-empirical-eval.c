/* The empirical-optimal model on both sides (fast/empirical_eval.c, reference/empirical_eval.c)
 * against an independent MPFR oracle: direct densities exp(-|x - a X_i|^2 / (2 s^2)) with MPFR's
 * exponent range opened (nothing underflows, no shift), eps = sum w_i (x - a X_i) / s.
 * Regimes: (1) random points and x, s in [1e-3, 2]; (2) underflow: s in [1e-7, 1e-3], x = a X_i + s z
 * (every other weight is below e^-745: 0 in plain double); (3) far: |x| ~ 100 away from the
 * data, s in [1e-4, 1e-2]; (4) Voronoi boundary: x on the bisector of a X_i and a X_j, moved so
 * that L_i - L_j = t in [-4, 4] (two weights within e^4 of each other), s down to 1e-6.
 * The Arb balls must contain the oracle; the fast values must be within 64 ulps of the magnitude
 * (|D| + sum w_i |X_i| for D, sum w_i |x - a X_i| / s for eps, / s^2 for the score).
 * Hand case: points -1, +1, a = 1: D = tanh(x/s^2), eps = (x - tanh(x/s^2))/s. */
#include <float.h>
#include <stdio.h>

#include "denoise_oracle.h"
#include "dmv/fast_empirical.h"
#include "dmv/ref_empirical.h"
#include "dmv_test.h"

#define NMAX 6
#define D2 2

static dmv_test_rng rng = {13};

/* oracle: w, D, eps, score (MPFR, OR_PREC bits); mag of D and eps */
static void oracle(mpfr_t *D, mpfr_t *E, mpfr_t *S, double *magD, double *magE, const double *X, int N,
                   double a, double s, const double *x)
{
    mpfr_t q, t, den, w[NMAX], numD[D2], numE[D2];
    int i, j;
    mpfr_inits2(OR_PREC, q, t, den, (mpfr_ptr) 0);
    for (i = 0; i < N; i++)
        mpfr_init2(w[i], OR_PREC);
    for (j = 0; j < D2; j++) {
        mpfr_init2(numD[j], OR_PREC);
        mpfr_init2(numE[j], OR_PREC);
        mpfr_set_ui(numD[j], 0, MPFR_RNDN);
        mpfr_set_ui(numE[j], 0, MPFR_RNDN);
    }
    mpfr_set_ui(den, 0, MPFR_RNDN);
    for (i = 0; i < N; i++) {
        mpfr_set_ui(q, 0, MPFR_RNDN);
        for (j = 0; j < D2; j++) {
            mpfr_set_d(t, X[D2 * i + j], MPFR_RNDN);
            mpfr_mul_d(t, t, a, MPFR_RNDN);
            mpfr_d_sub(t, x[j], t, MPFR_RNDN);
            mpfr_sqr(t, t, MPFR_RNDN);
            mpfr_add(q, q, t, MPFR_RNDN);
        }
        mpfr_div_d(q, q, -2 * s, MPFR_RNDN);
        mpfr_div_d(q, q, s, MPFR_RNDN);
        mpfr_exp(w[i], q, MPFR_RNDN);
        mpfr_add(den, den, w[i], MPFR_RNDN);
    }
    *magD = *magE = 0;
    for (i = 0; i < N; i++) {
        double wi;
        mpfr_div(w[i], w[i], den, MPFR_RNDN);
        wi = mpfr_get_d(w[i], MPFR_RNDN);
        for (j = 0; j < D2; j++) {
            mpfr_mul_d(t, w[i], X[D2 * i + j], MPFR_RNDN);
            mpfr_add(numD[j], numD[j], t, MPFR_RNDN);
            mpfr_set_d(q, X[D2 * i + j], MPFR_RNDN);
            mpfr_mul_d(q, q, a, MPFR_RNDN);
            mpfr_d_sub(q, x[j], q, MPFR_RNDN);
            *magE += wi * fabs(mpfr_get_d(q, MPFR_RNDN)) / s;
            *magD += wi * fabs(X[D2 * i + j]);
            mpfr_mul(q, q, w[i], MPFR_RNDN);
            mpfr_add(numE[j], numE[j], q, MPFR_RNDN);
        }
    }
    for (j = 0; j < D2; j++) {
        mpfr_set(D[j], numD[j], MPFR_RNDN);
        mpfr_div_d(E[j], numE[j], s, MPFR_RNDN);
        mpfr_div_d(S[j], E[j], -s, MPFR_RNDN);
    }
    mpfr_clears(q, t, den, (mpfr_ptr) 0);
    for (i = 0; i < N; i++)
        mpfr_clear(w[i]);
    for (j = 0; j < D2; j++) {
        mpfr_clear(numD[j]);
        mpfr_clear(numE[j]);
    }
}

static double worst_ulps = 0;

static void check_point(const char *regime, const double *X, int N, double a, double s, const double *x)
{
    mpfr_t D[D2], E[D2], S[D2];
    double magD, magE, fD[D2], fE[D2], fS[D2];
    arb_ptr rD = _arb_vec_init(D2), rE = _arb_vec_init(D2), rS = _arb_vec_init(D2);
    dmv_error e;
    int j, rc;
    dmv_error_init(&e);
    for (j = 0; j < D2; j++)
        mpfr_inits2(OR_PREC, D[j], E[j], S[j], (mpfr_ptr) 0);
    oracle(D, E, S, &magD, &magE, X, N, a, s, x);
    rc = dmv_ref_empirical_eval_d(rD, rE, rS, NULL, X, N, D2, a, s, x, 80, 128, 4096, &e);
    DMV_CHECK(rc == DMV_OK, "%s: Arb eval: %s", regime, e.msg);
    rc = dmv_fast_empirical_eval(fD, fE, fS, NULL, D2, N, X, a, s, x, &e);
    DMV_CHECK(rc == DMV_OK, "%s: fast eval: %s", regime, e.msg);
    for (j = 0; j < D2; j++) {
        double u = DBL_EPSILON / 2, eD, eE, eS;
        DMV_CHECK(or_contains(rD + j, D[j], 0), "%s: Arb D[%d] misses the oracle by %g (rad %g)", regime, j,
                  or_dist(rD + j, D[j]), mag_get_d(arb_radref(rD + j)));
        DMV_CHECK(or_contains(rE + j, E[j], 0), "%s: Arb eps[%d] misses the oracle by %g", regime, j,
                  or_dist(rE + j, E[j]));
        DMV_CHECK(or_contains(rS + j, S[j], 0), "%s: Arb score[%d] misses the oracle by %g", regime, j,
                  or_dist(rS + j, S[j]));
        eD = fabs(fD[j] - mpfr_get_d(D[j], MPFR_RNDN)) / (u * (magD + fabs(fD[j])));
        eE = fabs(fE[j] - mpfr_get_d(E[j], MPFR_RNDN)) / (u * magE);
        eS = fabs(fS[j] - mpfr_get_d(S[j], MPFR_RNDN)) / (u * magE / s);
        DMV_CHECK(eD <= 64 && eE <= 64 && eS <= 64, "%s: a %g s %g: fast ulps D %g eps %g score %g", regime, a, s,
                  eD, eE, eS);
        if (eD > worst_ulps)
            worst_ulps = eD;
        if (eE > worst_ulps)
            worst_ulps = eE;
    }
    for (j = 0; j < D2; j++)
        mpfr_clears(D[j], E[j], S[j], (mpfr_ptr) 0);
    _arb_vec_clear(rD, D2);
    _arb_vec_clear(rE, D2);
    _arb_vec_clear(rS, D2);
}

int main(void)
{
    long it, n = dmv_test_iters(30);
    or_setup();
    for (it = 0; it < n; it++) {
        int N = 2 + (int) (dmv_test_next(&rng) % (NMAX - 1)), i, j, k;
        double X[NMAX * D2], x[D2], a = 0.05 + 0.95 * dmv_test_uniform(&rng), s, z[D2];
        for (k = 0; k < N * D2; k++)
            X[k] = 4 * dmv_test_uniform(&rng) - 2;
        i = (int) (dmv_test_next(&rng) % N);
        j = (int) ((i + 1 + dmv_test_next(&rng) % (N - 1)) % N);
        for (k = 0; k < D2; k++)
            z[k] = 2 * dmv_test_uniform(&rng) - 1;
        /* (1) random */
        s = dmv_test_loguniform(&rng, 1e-3, 2);
        for (k = 0; k < D2; k++)
            x[k] = 3 * dmv_test_uniform(&rng) - 1.5;
        check_point("random", X, N, a, s, x);
        /* (2) underflow: next to a X_i, s tiny */
        s = dmv_test_loguniform(&rng, 1e-7, 1e-3);
        for (k = 0; k < D2; k++)
            x[k] = a * X[D2 * i + k] + s * z[k];
        check_point("underflow", X, N, a, s, x);
        /* (3) far from the data */
        s = dmv_test_loguniform(&rng, 1e-4, 1e-2);
        for (k = 0; k < D2; k++)
            x[k] = 100 * z[k] + (z[k] >= 0 ? 50 : -50);
        check_point("far", X, N, a, s, x);
        /* (4) Voronoi boundary of i and j: x = m + c v, m the midpoint of a X_i and a X_j, v = a (X_i - X_j);
         * L_i - L_j = 2 c |v|^2 / (2 s^2) = t  =>  c = t s^2 / |v|^2 */
        {
            double v[D2], vv = 0, t = 8 * dmv_test_uniform(&rng) - 4, c;
            s = dmv_test_loguniform(&rng, 1e-6, 1e-2);
            for (k = 0; k < D2; k++) {
                v[k] = a * (X[D2 * i + k] - X[D2 * j + k]);
                vv += v[k] * v[k];
            }
            c = t * s * s / vv;
            for (k = 0; k < D2; k++)
                x[k] = a * 0.5 * (X[D2 * i + k] + X[D2 * j + k]) + c * v[k];
            check_point("voronoi", X, N, a, s, x);
        }
    }
    { /* hand case: two points -1, +1, a = 1, s = 2^-10, x = k 2^-24: D = tanh(k/16), eps = (x - D)/s */
        const double X[4] = {-1, 0, 1, 0};
        long k;
        mpfr_t v;
        mpfr_init2(v, OR_PREC);
        for (k = -40; k <= 40; k += 7) {
            double x[2] = {ldexp((double) k, -24), 0}, fD[2], fE[2];
            arb_ptr rD = _arb_vec_init(2), rE = _arb_vec_init(2);
            dmv_error e;
            dmv_error_init(&e);
            DMV_CHECK(dmv_ref_empirical_eval_d(rD, rE, NULL, NULL, X, 2, 2, 1.0, ldexp(1.0, -10), x, 80, 128, 4096,
                                               &e) == DMV_OK, "%s", e.msg);
            DMV_CHECK(dmv_fast_empirical_eval(fD, fE, NULL, NULL, 2, 2, X, 1.0, ldexp(1.0, -10), x, &e) == DMV_OK,
                      "%s", e.msg);
            mpfr_set_si(v, k, MPFR_RNDN);
            mpfr_div_ui(v, v, 16, MPFR_RNDN);
            mpfr_tanh(v, v, MPFR_RNDN);
            DMV_CHECK(or_contains(rD, v, 0), "tanh(%ld/16): Arb D misses by %g", k, or_dist(rD, v));
            DMV_CHECK(fabs(fD[0] - mpfr_get_d(v, MPFR_RNDN)) <= 8 * DBL_EPSILON, "tanh(%ld/16): fast D off by %g", k,
                      fabs(fD[0] - mpfr_get_d(v, MPFR_RNDN)));
            mpfr_d_sub(v, x[0], v, MPFR_RNDN);
            mpfr_mul_2si(v, v, 10, MPFR_RNDN);
            DMV_CHECK(or_contains(rE, v, 0), "eps hand case %ld: Arb misses by %g", k, or_dist(rE, v));
            DMV_CHECK(fabs(fE[0] - mpfr_get_d(v, MPFR_RNDN)) <= 8 * 1024 * DBL_EPSILON, "eps hand case %ld: fast off",
                      k);
            DMV_CHECK(fE[1] == 0 && fD[1] == 0, "hand case: second coordinate must be exactly 0");
            _arb_vec_clear(rD, 2);
            _arb_vec_clear(rE, 2);
        }
        mpfr_clear(v);
    }
    printf("worst fast error: %.3g ulps of the magnitude\n", worst_ulps);
    flint_cleanup();
    DMV_TEST_DONE("t-empirical-eval");
}
