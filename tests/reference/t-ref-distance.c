/* W2 and KL between 1-D Gaussians, and the whole-spectrum helpers:
 *  - dmv_ref_w2sq_1d vs the textbook (sqrt v1 - sqrt v2)^2 + (m1 - m2)^2 at
 *    512 bits (an independent route), random cases incl. v = 0;
 *  - dmv_ref_kl_1d vs (v1/v2 - 1 - log(v1/v2) + (m1 - m2)^2/v2)/2 at 512 bits;
 *    KL(P||P) = 0 exactly; both ways differ (asymmetry);
 *  - radii below 1e-30 at 128 bits for well-conditioned cases, even when
 *    v1 and v2 agree to 1e-20;
 *  - spectrum: totals = sums of the contributions; 1 and 2 threads give
 *    identical balls; a mean and a score error per direction are honoured. */
#include "dmv/ref.h"
#include "dmv_test.h"

static double mid(const arb_t x) { return arf_get_d(arb_midref(x), ARF_RND_NEAR); }

int main(void)
{
    dmv_test_rng rng = {99};
    long iter;
    arb_t m1, v1, m2, v2, w, x, t, u;
    arb_init(m1);
    arb_init(v1);
    arb_init(m2);
    arb_init(v2);
    arb_init(w);
    arb_init(x);
    arb_init(t);
    arb_init(u);
    for (iter = 0; iter < dmv_test_iters(2000); iter++) {
        double a = dmv_test_next(&rng) % 8 == 0 ? 0.0 : dmv_test_loguniform(&rng, 1e-12, 1e3);
        double b = dmv_test_next(&rng) % 3 == 0 ? a * (1 + 1e-20 * 0) : dmv_test_loguniform(&rng, 1e-12, 1e3);
        arb_set_d(v1, a);
        arb_set_d(v2, b);
        if (iter % 5 == 1 && a > 0) { /* v2 = v1 (1 + 2^-60): nearly equal */
            arb_mul_2exp_si(t, v1, -60);
            arb_add(v2, v1, t, 512);
        }
        arb_set_d(m1, dmv_test_uniform(&rng) - 0.5);
        arb_set_d(m2, iter % 4 == 0 ? mid(m1) : dmv_test_uniform(&rng) - 0.5);
        dmv_ref_w2sq_1d(w, m1, v1, m2, v2, 128);
        arb_sqrt(t, v1, 512);
        arb_sqrt(u, v2, 512);
        arb_sub(t, t, u, 512);
        arb_sqr(t, t, 512);
        arb_sub(u, m1, m2, 512);
        arb_addmul(t, u, u, 512);
        DMV_CHECK(arb_overlaps(w, t) && (arb_is_zero(t) ? arb_is_zero(w) : mag_cmp_2exp_si(arb_radref(w), -100) < 0) &&
                      (arb_is_zero(t) || arb_rel_accuracy_bits(w) > 100),
                  "W2^2 (%g, %g) vs (%g, %g): %.20g (rad %.1e) vs %.20g", mid(m1), mid(v1), mid(m2), mid(v2), mid(w),
                  mag_get_d(arb_radref(w)), mid(t));
        if (a > 0 && b > 0) {
            dmv_ref_kl_1d(w, m1, v1, m2, v2, 128);
            arb_div(x, v1, v2, 512);
            arb_log(u, x, 512);
            arb_sub(t, x, u, 512);
            arb_sub_ui(t, t, 1, 512);
            arb_sub(u, m1, m2, 512);
            arb_sqr(u, u, 512);
            arb_div(u, u, v2, 512);
            arb_add(t, t, u, 512);
            arb_mul_2exp_si(t, t, -1);
            DMV_CHECK(arb_overlaps(w, t) && (arb_is_zero(t) || arb_rel_accuracy_bits(w) > 60),
                      "KL (%g, %g) || (%g, %g): %.20g (rad %.1e) vs %.20g", mid(m1), mid(v1), mid(m2), mid(v2),
                      mid(w), mag_get_d(arb_radref(w)), mid(t));
            dmv_ref_kl_1d(w, m1, v1, m1, v1, 128);
            DMV_CHECK(arb_is_zero(w), "KL(P||P) = %g", mid(w));
        }
    }

    /* spectrum helpers */
    {
        enum { D = 301 };
        double lam[D], mean[D];
        dmv_ref_score_error se[D];
        dmv_gaussian data;
        dmv_process p;
        dmv_grid g;
        dmv_scheme sc;
        dmv_ref_schedule sch;
        dmv_error err;
        arb_ptr A1, B1, c1, A2, B2, c2, mo, vo, md, vd, contrib;
        long j;
        int st, same = 1;
        for (j = 0; j < D; j++) {
            lam[j] = j % 17 == 0 ? 0.0 : dmv_test_loguniform(&rng, 1e-4, 100);
            mean[j] = dmv_test_uniform(&rng) - 0.5;
            se[j].kappa = 0.1 * dmv_test_uniform(&rng);
            se[j].dl = 0.01 * dmv_test_uniform(&rng);
            se[j].dm = 0.1 * dmv_test_uniform(&rng);
        }
        data.d = D;
        data.lambda = lam;
        data.mean = mean;
        data.basis = NULL;
        dmv_process_default(&p, DMV_PROCESS_VP_LINEAR);
        dmv_grid_default(&g);
        g.steps = 120;
        dmv_scheme_default(&sc);
        sc.kind = DMV_SCHEME_HEUN;
        A1 = _arb_vec_init(D);
        B1 = _arb_vec_init(D);
        c1 = _arb_vec_init(D);
        A2 = _arb_vec_init(D);
        B2 = _arb_vec_init(D);
        c2 = _arb_vec_init(D);
        mo = _arb_vec_init(D);
        vo = _arb_vec_init(D);
        md = _arb_vec_init(D);
        vd = _arb_vec_init(D);
        contrib = _arb_vec_init(D);
        dmv_error_init(&err);
        st = dmv_ref_schedule_init(&sch, &p, &g, &sc, 128, &err);
        st |= dmv_ref_spectrum_map(A1, B1, c1, &sch, &data, se, 1, 128, &err);
        st |= dmv_ref_spectrum_map(A2, B2, c2, &sch, &data, se, 2, 128, &err);
        DMV_CHECK(st == 0, "spectrum map: %s", err.msg);
        for (j = 0; j < D; j++) {
            arb_t l1, mm;
            same &= arb_equal(A1 + j, A2 + j) && arb_equal(B1 + j, B2 + j) && arb_equal(c1 + j, c2 + j);
            arb_init(l1);
            arb_init(mm);
            arb_set_d(l1, lam[j]);
            arb_set_d(mm, mean[j]);
            dmv_ref_scheme_map1(A2 + j, B2 + j, c2 + j, &sch, l1, mm, se + j, 128, &err);
            same &= arb_equal(A1 + j, A2 + j) && arb_equal(c1 + j, c2 + j);
            arb_clear(l1);
            arb_clear(mm);
        }
        DMV_CHECK(same, "1 thread, 2 threads and per-direction calls differ");
        {
            dmv_init in;
            in.kind = DMV_INIT_STANDARD;
            st = dmv_ref_spectrum_apply(mo, vo, A1, B1, c1, &in, &p, &data, 128, &err);
            st |= dmv_ref_spectrum_data(md, vd, &p, 0.0, &data, 128, &err);
            dmv_ref_w2sq_spectrum(w, contrib, mo, vo, md, vd, D, 128);
            arb_zero(t);
            for (j = 0; j < D; j++)
                arb_add(t, t, contrib + j, 256);
            DMV_CHECK(st == 0 && arb_overlaps(t, w) && mag_cmp_2exp_si(arb_radref(w), -100) < 0, "W2 total vs sum");
            /* convenience entry point = the same */
            arb_sqrtpos(t, w, 128);
            st = dmv_ref_scheme_w2_to_data(u, NULL, &p, &g, &sc, &in, &data, se, 2, 128, &err);
            DMV_CHECK(st == 0 && arb_overlaps(u, t), "w2_to_data %.17g vs %.17g", mid(u), mid(t));
            dmv_ref_kl_spectrum(w, contrib, mo, vo, md, vd, D, 128);
            dmv_ref_kl_spectrum(x, NULL, md, vd, mo, vo, D, 128);
            /* a lambda = 0 direction (a point mass) makes KL infinite both ways */
            DMV_CHECK(!arb_is_finite(x) && !arb_is_finite(w), "KL with a null direction must not be finite");
            /* directions 1..16 have lambda > 0: finite, and asymmetric */
            dmv_ref_kl_spectrum(w, NULL, mo + 1, vo + 1, md + 1, vd + 1, 16, 128);
            dmv_ref_kl_spectrum(x, NULL, md + 1, vd + 1, mo + 1, vo + 1, 16, 128);
            DMV_CHECK(arb_is_finite(x) && arb_is_finite(w) && arb_is_positive(w) && !arb_overlaps(w, x),
                      "KL both ways: %g %g", mid(w), mid(x));
        }
        dmv_ref_schedule_clear(&sch);
        _arb_vec_clear(A1, D);
        _arb_vec_clear(B1, D);
        _arb_vec_clear(c1, D);
        _arb_vec_clear(A2, D);
        _arb_vec_clear(B2, D);
        _arb_vec_clear(c2, D);
        _arb_vec_clear(mo, D);
        _arb_vec_clear(vo, D);
        _arb_vec_clear(md, D);
        _arb_vec_clear(vd, D);
        _arb_vec_clear(contrib, D);
    }
    arb_clear(m1);
    arb_clear(v1);
    arb_clear(m2);
    arb_clear(v2);
    arb_clear(w);
    arb_clear(x);
    arb_clear(t);
    arb_clear(u);
    flint_cleanup();
    DMV_TEST_DONE("t-ref-distance");
}
