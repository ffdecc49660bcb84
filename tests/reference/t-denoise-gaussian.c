/* Reference Gaussian denoisers (reference/denoise_gaussian.c) against independent oracles:
 *  1. 1-D eigen form: MPFR quadrature of E[X0 | x] (denoise_oracle.h), random lambda, m, a, s, x;
 *     lambda = 0 gives the point m (identity).
 *  2. 2-D full covariance: MPFR with the explicit 2 x 2 inverse adj(M)/det(M) (no arb_mat_solve).
 *  3. the log-evidence: MPFR log N(x; a m, a^2 lambda + s^2) + log(2 pi)/2.
 *  4. eigen form with a random orthogonal U against the full form with Sigma = U diag(lambda) U^T
 *     formed in double (agreement to 1e-13: Sigma is rounded);
 *  5. the exact DCT-II: U^T U contains I, entries contain MPFR's c_k cos(pi (2n+1) k / (2d));
 *  6. perturbed: kappa = dl = dm = 0 overlaps the Gaussian; otherwise the denoiser
 *     (y + s^2 S')/a with S' = -(1 + kappa)(y - a m')/(a^2 (lambda + dl) + s^2) in MPFR. */
#include <stdio.h>
#include <string.h>

#include "denoise_oracle.h"
#include "dmv/model_spec.h"
#include "dmv_test.h"

#define PREC 128

int main(void)
{
    dmv_test_rng rng = {2024};
    long it, n = dmv_test_iters(40);
    char js[4096];
    mpfr_t v, t, u;
    arb_t a, s, lev;
    arb_ptr x, out, out2;
    dmv_error e;
    or_setup();
    mpfr_inits2(OR_PREC, v, t, u, (mpfr_ptr) 0);
    arb_init(a);
    arb_init(s);
    arb_init(lev);
    x = _arb_vec_init(8);
    out = _arb_vec_init(8);
    out2 = _arb_vec_init(8);

    /* 1 + 3: 1-D eigen form vs quadrature, log-evidence vs MPFR */
    for (it = 0; it < n; it++) {
        double lam = dmv_test_loguniform(&rng, 1e-3, 1e2), m = 4 * dmv_test_uniform(&rng) - 2;
        double av = dmv_test_uniform(&rng), sv = dmv_test_loguniform(&rng, 1e-3, 3);
        double xv = av * m + (20 * dmv_test_uniform(&rng) - 10) * sqrt(av * av * lam + sv * sv);
        or_gmix g = {1, {1}, {m}, {lam}};
        dmv_model_spec sp;
        dmv_ref_model rm;
        snprintf(js, sizeof js, "{\"model\": \"gaussian\", \"lambda\": [%.17g], \"mean\": [%.17g]}", lam, m);
        DMV_CHECK(dmv_test_parse_spec(&sp, js) == DMV_OK, "%s", js);
        dmv_error_init(&e);
        DMV_CHECK(dmv_ref_model_from_spec(&rm, &sp, PREC, &e) == DMV_OK, "%s", e.msg);
        DMV_CHECK(dmv_ref_model_denoise_d(out, &rm, av, sv, &xv, 100, PREC, &e) == DMV_OK, "%s", e.msg);
        DMV_CHECK(or_gmix_mean(v, &g, av, sv, xv) > 0, "oracle grid too large");
        DMV_CHECK(or_contains(out, v, 1e-30 * (1 + fabs(m) + fabs(xv))), "lam %g m %g a %g s %g x %g: dist %g rad %g",
                  lam, m, av, sv, xv, or_dist(out, v), mag_get_d(arb_radref(out)));
        /* log-evidence: -(1/2)(log ls + r^2/ls) = log N(x; a m, ls) + log(2 pi)/2 */
        arb_set_d(a, av);
        arb_set_d(s, sv);
        arb_set_d(x, xv);
        DMV_CHECK(dmv_ref_denoise_gaussian(out2, lev, &sp.u.gaussian, NULL, a, s, x, PREC, &e) == DMV_OK, "%s",
                  e.msg);
        mpfr_set_d(t, av, MPFR_RNDN);
        mpfr_sqr(t, t, MPFR_RNDN);
        mpfr_mul_d(t, t, lam, MPFR_RNDN);
        mpfr_set_d(u, sv, MPFR_RNDN);
        mpfr_sqr(u, u, MPFR_RNDN);
        mpfr_add(t, t, u, MPFR_RNDN); /* ls */
        mpfr_set_d(u, av, MPFR_RNDN);
        mpfr_mul_d(u, u, m, MPFR_RNDN);
        mpfr_d_sub(u, xv, u, MPFR_RNDN);
        mpfr_sqr(u, u, MPFR_RNDN);
        mpfr_div(u, u, t, MPFR_RNDN);
        mpfr_log(t, t, MPFR_RNDN);
        mpfr_add(v, t, u, MPFR_RNDN);
        mpfr_div_si(v, v, -2, MPFR_RNDN);
        DMV_CHECK(or_contains(lev, v, 1e-60), "log-evidence: dist %g rad %g", or_dist(lev, v),
                  mag_get_d(arb_radref(lev)));
        dmv_ref_model_clear(&rm);
        dmv_model_spec_clear(&sp);
        /* lambda = 0: the point m */
        snprintf(js, sizeof js, "{\"model\": \"gaussian\", \"lambda\": [0], \"mean\": [%.17g]}", m);
        DMV_CHECK(dmv_test_parse_spec(&sp, js) == DMV_OK, "%s", js);
        DMV_CHECK(dmv_ref_model_from_spec(&rm, &sp, PREC, &e) == DMV_OK, "%s", e.msg);
        DMV_CHECK(dmv_ref_model_denoise_d(out, &rm, av, sv, &xv, 100, PREC, &e) == DMV_OK, "%s", e.msg);
        mpfr_set_d(v, m, MPFR_RNDN);
        DMV_CHECK(or_contains(out, v, 0), "lambda = 0: D != m = %g", m);
        dmv_ref_model_clear(&rm);
        dmv_model_spec_clear(&sp);
    }

    /* 2: 2-D full covariance vs the explicit 2 x 2 inverse */
    for (it = 0; it < n; it++) {
        double c11 = dmv_test_loguniform(&rng, 1e-2, 10), c22 = dmv_test_loguniform(&rng, 1e-2, 10);
        double c12 = (2 * dmv_test_uniform(&rng) - 1) * 0.95 * sqrt(c11 * c22);
        double mu[2] = {4 * dmv_test_uniform(&rng) - 2, 4 * dmv_test_uniform(&rng) - 2};
        double av = dmv_test_uniform(&rng), sv = dmv_test_loguniform(&rng, 1e-3, 3), xv[2];
        mpfr_t M[4], r[2], det, y0, y1;
        dmv_model_spec sp;
        dmv_ref_model rm;
        int j;
        xv[0] = av * mu[0] + 6 * (2 * dmv_test_uniform(&rng) - 1);
        xv[1] = av * mu[1] + 6 * (2 * dmv_test_uniform(&rng) - 1);
        snprintf(js, sizeof js,
                 "{\"model\": \"gaussian\", \"cov\": [[%.17g, %.17g], [%.17g, %.17g]], \"mu\": [%.17g, %.17g]}", c11,
                 c12, c12, c22, mu[0], mu[1]);
        DMV_CHECK(dmv_test_parse_spec(&sp, js) == DMV_OK, "%s", js);
        DMV_CHECK(dmv_ref_model_from_spec(&rm, &sp, PREC, &e) == DMV_OK, "%s", e.msg);
        DMV_CHECK(dmv_ref_model_denoise_d(out, &rm, av, sv, xv, 100, PREC, &e) == DMV_OK, "%s", e.msg);
        for (j = 0; j < 4; j++)
            mpfr_init2(M[j], OR_PREC);
        mpfr_inits2(OR_PREC, r[0], r[1], det, y0, y1, (mpfr_ptr) 0);
        {
            const double C[4] = {c11, c12, c12, c22};
            for (j = 0; j < 4; j++) {
                mpfr_set_d(M[j], C[j], MPFR_RNDN);
                mpfr_mul_d(M[j], M[j], av, MPFR_RNDN);
                mpfr_mul_d(M[j], M[j], av, MPFR_RNDN);
            }
            mpfr_set_d(t, sv, MPFR_RNDN);
            mpfr_sqr(t, t, MPFR_RNDN);
            mpfr_add(M[0], M[0], t, MPFR_RNDN);
            mpfr_add(M[3], M[3], t, MPFR_RNDN);
            for (j = 0; j < 2; j++) {
                mpfr_set_d(r[j], mu[j], MPFR_RNDN);
                mpfr_mul_d(r[j], r[j], av, MPFR_RNDN);
                mpfr_d_sub(r[j], xv[j], r[j], MPFR_RNDN);
            }
            mpfr_mul(det, M[0], M[3], MPFR_RNDN);
            mpfr_mul(t, M[1], M[2], MPFR_RNDN);
            mpfr_sub(det, det, t, MPFR_RNDN);
            /* y = adj(M) r / det */
            mpfr_mul(y0, M[3], r[0], MPFR_RNDN);
            mpfr_mul(t, M[1], r[1], MPFR_RNDN);
            mpfr_sub(y0, y0, t, MPFR_RNDN);
            mpfr_div(y0, y0, det, MPFR_RNDN);
            mpfr_mul(y1, M[0], r[1], MPFR_RNDN);
            mpfr_mul(t, M[2], r[0], MPFR_RNDN);
            mpfr_sub(y1, y1, t, MPFR_RNDN);
            mpfr_div(y1, y1, det, MPFR_RNDN);
            for (j = 0; j < 2; j++) { /* D_j = mu_j + a (C y)_j */
                mpfr_mul_d(v, y0, C[2 * j], MPFR_RNDN);
                mpfr_mul_d(t, y1, C[2 * j + 1], MPFR_RNDN);
                mpfr_add(v, v, t, MPFR_RNDN);
                mpfr_mul_d(v, v, av, MPFR_RNDN);
                mpfr_add_d(v, v, mu[j], MPFR_RNDN);
                DMV_CHECK(or_contains(out + j, v, 1e-50), "full cov D[%d]: dist %g rad %g", j, or_dist(out + j, v),
                          mag_get_d(arb_radref(out + j)));
            }
        }
        for (j = 0; j < 4; j++)
            mpfr_clear(M[j]);
        mpfr_clears(r[0], r[1], det, y0, y1, (mpfr_ptr) 0);
        dmv_ref_model_clear(&rm);
        dmv_model_spec_clear(&sp);
    }

    /* 4: eigen form with basis U vs full form with Sigma = U diag(lambda) U^T (double) */
    for (it = 0; it < n / 4 + 1; it++) {
        long d = 3, i, j, l;
        double U[9], lam[3], m[3], mu[3], C[9], xv[3], av = 0.2 + 0.8 * dmv_test_uniform(&rng),
               sv = dmv_test_loguniform(&rng, 1e-2, 2);
        dmv_model_spec s1, s2;
        dmv_ref_model r1, r2;
        int p = 0;
        dmv_test_householder(&rng, d, U);
        for (j = 0; j < d; j++) {
            lam[j] = dmv_test_loguniform(&rng, 0.1, 10);
            m[j] = 2 * dmv_test_uniform(&rng) - 1;
            xv[j] = 3 * (2 * dmv_test_uniform(&rng) - 1);
        }
        for (i = 0; i < d; i++) {
            mu[i] = 0;
            for (j = 0; j < d; j++) {
                mu[i] += U[i * d + j] * m[j];
                C[i * d + j] = 0;
                for (l = 0; l < d; l++)
                    C[i * d + j] += U[i * d + l] * lam[l] * U[j * d + l];
            }
        }
        for (i = 0; i < d; i++) /* exactly symmetric */
            for (j = 0; j < i; j++)
                C[i * d + j] = C[j * d + i];
        p += snprintf(js + p, sizeof js - p, "{\"model\": \"gaussian\", \"lambda\": [%.17g, %.17g, %.17g], "
                      "\"mean\": [%.17g, %.17g, %.17g], \"basis\": [", lam[0], lam[1], lam[2], m[0], m[1], m[2]);
        for (i = 0; i < d; i++)
            p += snprintf(js + p, sizeof js - p, "%s[%.17g, %.17g, %.17g]", i ? ", " : "", U[i * d], U[i * d + 1],
                          U[i * d + 2]);
        snprintf(js + p, sizeof js - p, "]}");
        DMV_CHECK(dmv_test_parse_spec(&s1, js) == DMV_OK, "%s", js);
        p = snprintf(js, sizeof js, "{\"model\": \"gaussian\", \"cov\": [");
        for (i = 0; i < d; i++)
            p += snprintf(js + p, sizeof js - p, "%s[%.17g, %.17g, %.17g]", i ? ", " : "", C[i * d], C[i * d + 1],
                          C[i * d + 2]);
        snprintf(js + p, sizeof js - p, "], \"mu\": [%.17g, %.17g, %.17g]}", mu[0], mu[1], mu[2]);
        DMV_CHECK(dmv_test_parse_spec(&s2, js) == DMV_OK, "%s", js);
        DMV_CHECK(dmv_ref_model_from_spec(&r1, &s1, PREC, &e) == DMV_OK, "%s", e.msg);
        DMV_CHECK(dmv_ref_model_from_spec(&r2, &s2, PREC, &e) == DMV_OK, "%s", e.msg);
        DMV_CHECK(dmv_ref_model_denoise_d(out, &r1, av, sv, xv, 100, PREC, &e) == DMV_OK, "%s", e.msg);
        DMV_CHECK(dmv_ref_model_denoise_d(out2, &r2, av, sv, xv, 100, PREC, &e) == DMV_OK, "%s", e.msg);
        for (j = 0; j < d; j++) {
            double dd = fabs(arf_get_d(arb_midref(out + j), ARF_RND_NEAR) - arf_get_d(arb_midref(out2 + j), ARF_RND_NEAR));
            DMV_CHECK(dd < 1e-13, "eigen vs full D[%ld]: differ by %g", j, dd);
        }
        dmv_ref_model_clear(&r1);
        dmv_ref_model_clear(&r2);
        dmv_model_spec_clear(&s1);
        dmv_model_spec_clear(&s2);
    }

    /* 5: the exact DCT-II */
    {
        long d = 7, i, j, k;
        arb_mat_t U;
        arb_t acc;
        arb_mat_init(U, d, d);
        arb_init(acc);
        dmv_ref_dct_basis(U, d, PREC);
        for (i = 0; i < d; i++)
            for (j = 0; j < d; j++) {
                arb_zero(acc);
                for (k = 0; k < d; k++)
                    arb_addmul(acc, arb_mat_entry(U, k, i), arb_mat_entry(U, k, j), PREC);
                mpfr_set_ui(v, i == j, MPFR_RNDN);
                DMV_CHECK(or_contains(acc, v, 0) && mag_cmp_2exp_si(arb_radref(acc), -100) < 0,
                          "DCT: (U^T U)[%ld][%ld] does not contain %d", i, j, i == j);
                /* entry (i, j) = c_j cos(pi (2i + 1) j / (2d)) */
                mpfr_const_pi(t, MPFR_RNDN);
                mpfr_mul_si(t, t, (2 * i + 1) * j, MPFR_RNDN);
                mpfr_div_si(t, t, 2 * d, MPFR_RNDN);
                mpfr_cos(t, t, MPFR_RNDN);
                mpfr_set_ui(u, j ? 2 : 1, MPFR_RNDN);
                mpfr_div_si(u, u, d, MPFR_RNDN);
                mpfr_sqrt(u, u, MPFR_RNDN);
                mpfr_mul(v, t, u, MPFR_RNDN);
                DMV_CHECK(or_contains(arb_mat_entry(U, i, j), v, 1e-70), "DCT entry [%ld][%ld]", i, j);
            }
        arb_mat_clear(U);
        arb_clear(acc);
    }

    /* 6: perturbed */
    for (it = 0; it < n; it++) {
        double lam = dmv_test_loguniform(&rng, 1e-2, 10), m = 2 * dmv_test_uniform(&rng) - 1;
        double kap = 1.5 * dmv_test_uniform(&rng) - 0.5, dl = dmv_test_uniform(&rng) * lam - lam / 2,
               dm = dmv_test_uniform(&rng) - 0.5;
        double av = 0.05 + 0.95 * dmv_test_uniform(&rng), sv = dmv_test_loguniform(&rng, 1e-2, 2),
               xv = 4 * dmv_test_uniform(&rng) - 2;
        dmv_model_spec sp, sg;
        dmv_ref_model rm, rg;
        snprintf(js, sizeof js, "{\"model\": \"perturbed\", \"base\": {\"model\": \"gaussian\", \"lambda\": [%.17g], "
                 "\"mean\": [%.17g]}, \"kappa\": [%.17g], \"dl\": [%.17g], \"dm\": [%.17g]}", lam, m, kap, dl, dm);
        DMV_CHECK(dmv_test_parse_spec(&sp, js) == DMV_OK, "%s", js);
        DMV_CHECK(dmv_ref_model_from_spec(&rm, &sp, PREC, &e) == DMV_OK, "%s", e.msg);
        DMV_CHECK(dmv_ref_model_denoise_d(out, &rm, av, sv, &xv, 100, PREC, &e) == DMV_OK, "%s", e.msg);
        /* (y + s^2 S')/a, S' = -(1 + kappa)(y - a m')/(a^2 (lambda + dl) + s^2) */
        mpfr_set_d(t, lam, MPFR_RNDN);
        mpfr_add_d(t, t, dl, MPFR_RNDN);
        mpfr_mul_d(t, t, av, MPFR_RNDN);
        mpfr_mul_d(t, t, av, MPFR_RNDN);
        mpfr_set_d(u, sv, MPFR_RNDN);
        mpfr_sqr(u, u, MPFR_RNDN);
        mpfr_add(t, t, u, MPFR_RNDN); /* denominator */
        mpfr_set_d(v, m, MPFR_RNDN);
        mpfr_add_d(v, v, dm, MPFR_RNDN);
        mpfr_mul_d(v, v, av, MPFR_RNDN);
        mpfr_d_sub(v, xv, v, MPFR_RNDN);
        mpfr_div(v, v, t, MPFR_RNDN);
        mpfr_mul_d(t, v, kap, MPFR_RNDN);
        mpfr_add(v, v, t, MPFR_RNDN);
        mpfr_neg(v, v, MPFR_RNDN); /* S' = -(1 + kappa)(...)/(...) */
        mpfr_mul(v, v, u, MPFR_RNDN);
        mpfr_add_d(v, v, xv, MPFR_RNDN);
        mpfr_div_d(v, v, av, MPFR_RNDN);
        DMV_CHECK(or_contains(out, v, 1e-60 * (1 + fabs(xv) / av)), "perturbed: dist %g rad %g", or_dist(out, v),
                  mag_get_d(arb_radref(out)));
        dmv_ref_model_clear(&rm);
        dmv_model_spec_clear(&sp);
        /* all zero = the Gaussian */
        snprintf(js, sizeof js, "{\"model\": \"perturbed\", \"base\": {\"model\": \"gaussian\", \"lambda\": [%.17g], "
                 "\"mean\": [%.17g]}}", lam, m);
        DMV_CHECK(dmv_test_parse_spec(&sp, js) == DMV_OK, "%s", js);
        snprintf(js, sizeof js, "{\"model\": \"gaussian\", \"lambda\": [%.17g], \"mean\": [%.17g]}", lam, m);
        DMV_CHECK(dmv_test_parse_spec(&sg, js) == DMV_OK, "%s", js);
        DMV_CHECK(dmv_ref_model_from_spec(&rm, &sp, PREC, &e) == DMV_OK, "%s", e.msg);
        DMV_CHECK(dmv_ref_model_from_spec(&rg, &sg, PREC, &e) == DMV_OK, "%s", e.msg);
        DMV_CHECK(dmv_ref_model_denoise_d(out, &rm, av, sv, &xv, 100, PREC, &e) == DMV_OK, "%s", e.msg);
        DMV_CHECK(dmv_ref_model_denoise_d(out2, &rg, av, sv, &xv, 100, PREC, &e) == DMV_OK, "%s", e.msg);
        DMV_CHECK(arb_overlaps(out, out2), "zero perturbation differs from the Gaussian");
        dmv_ref_model_clear(&rm);
        dmv_ref_model_clear(&rg);
        dmv_model_spec_clear(&sp);
        dmv_model_spec_clear(&sg);
    }

    mpfr_clears(v, t, u, (mpfr_ptr) 0);
    arb_clear(a);
    arb_clear(s);
    arb_clear(lev);
    _arb_vec_clear(x, 8);
    _arb_vec_clear(out, 8);
    _arb_vec_clear(out2, 8);
    flint_cleanup();
    DMV_TEST_DONE("t-denoise-gaussian");
}
