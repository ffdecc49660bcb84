/* reference/od_rtb.c against values from elsewhere:
 * - the rate beta(t) and its integral B(t): B' = beta by central differences in Arb, B = bmin t on
 *   the floor, and B against a composite-Simpson integral of the test's own double beta;
 * - the trivial posterior (lam = 1, mu = 0 is the prior): mean and variance 0 exactly;
 * - the start term against the Gaussian KL formula in double (its mean is KL(N(0,1) || p_1^post));
 * - the residual's mean and variance against a Monte Carlo simulation of the chain, coded here in
 *   double from the formulas of docs/math/outsourced.md (Simpson B, not the closed form). */
#include "dmv/ref_od.h"
#include "dmv_test.h"

#define PREC 128
#define PI_D 3.14159265358979323846

static const dmv_od_rtb_chain CH = {0.1, 20.0, 0.008, 1e-5};

static double beta_d(double t)
{
    double K = PI_D / (1 + CH.c), b = K * tan(PI_D / 2 * (t + CH.c) / (1 + CH.c));
    return b < CH.bmin ? CH.bmin : (b > CH.bmax ? CH.bmax : b);
}

static double B_simpson(double t)
{
    long n = 200000, i;
    double h = t / (double) n, s = beta_d(0) + beta_d(t);
    for (i = 1; i < n; i++)
        s += (i % 2 ? 4.0 : 2.0) * beta_d(i * h);
    return s * h / 3;
}

static double mid(const arb_t x)
{
    return arf_get_d(arb_midref(x), ARF_RND_NEAR);
}

static void beta_checks(void)
{
    double ts[6] = {0.005, 0.3, 0.6, 0.89, 0.95, 1.0};
    arb_t t, tp, tm, b, B, Bp, Bm, h, fd;
    dmv_error err;
    int i;
    dmv_error_init(&err);
    arb_init(t);
    arb_init(tp);
    arb_init(tm);
    arb_init(b);
    arb_init(B);
    arb_init(Bp);
    arb_init(Bm);
    arb_init(h);
    arb_init(fd);
    arb_set_d(h, 1e-7);
    for (i = 0; i < 6; i++) {
        arb_set_d(t, ts[i]);
        DMV_CHECK(dmv_ref_od_rtb_beta(b, B, &CH, t, PREC, &err) == DMV_OK, "%s", err.msg);
        DMV_CHECK(fabs(mid(b) - beta_d(ts[i])) <= 1e-12 * beta_d(ts[i]), "beta(%g) = %g vs %g", ts[i], mid(b),
                  beta_d(ts[i]));
        DMV_CHECK(fabs(mid(B) - B_simpson(ts[i])) <= 1e-8, "B(%g) = %.15g vs Simpson %.15g", ts[i], mid(B),
                  B_simpson(ts[i]));
        if (ts[i] < 1.0) {
            arb_add(tp, t, h, PREC);
            arb_sub(tm, t, h, PREC);
            DMV_CHECK(dmv_ref_od_rtb_beta(NULL, Bp, &CH, tp, PREC, &err) == DMV_OK, "%s", err.msg);
            DMV_CHECK(dmv_ref_od_rtb_beta(NULL, Bm, &CH, tm, PREC, &err) == DMV_OK, "%s", err.msg);
            arb_sub(fd, Bp, Bm, PREC);
            arb_div(fd, fd, h, PREC);
            arb_mul_2exp_si(fd, fd, -1);
            DMV_CHECK(fabs(mid(fd) - mid(b)) <= 1e-9 * mid(b), "B'(%g) = %.15g vs beta %.15g", ts[i], mid(fd), mid(b));
        }
    }
    arb_set_d(t, 0.005);
    DMV_CHECK(dmv_ref_od_rtb_beta(NULL, B, &CH, t, PREC, &err) == DMV_OK && fabs(mid(B) - 0.1 * 0.005) < 1e-18,
              "floor: B = bmin t");
    arb_clear(t);
    arb_clear(tp);
    arb_clear(tm);
    arb_clear(b);
    arb_clear(B);
    arb_clear(Bp);
    arb_clear(Bm);
    arb_clear(h);
    arb_clear(fd);
}

/* Monte Carlo of the residual share of one direction with the test's own chain in double */
static void mc(dmv_test_rng *rng, double lam, double mu, long N, long n, double *mean, double *var, double *m4)
{
    double h = (1 - CH.eps) / (double) N, *a = malloc(sizeof(double) * (size_t) N), *c = malloc(sizeof(double) * (size_t) N),
           *q = malloc(sizeof(double) * (size_t) N), s1 = 0, s2 = 0, s4 = 0, *vals = malloc(sizeof(double) * (size_t) n);
    long i, k;
    for (k = 0; k < N; k++) {
        double t = 1 - (double) k * h, al2 = exp(-B_simpson(t)), lt = al2 * lam + 1 - al2;
        q[k] = beta_d(t) * h;
        a[k] = 1 + q[k] * (0.5 - 1 / lt);
        c[k] = q[k] * sqrt(al2) * mu / lt;
    }
    for (i = 0; i < n; i++) {
        double u1 = dmv_test_uniform(rng), u2 = dmv_test_uniform(rng);
        double z = sqrt(-2 * log(1 - u1)) * cos(2 * PI_D * u2), d = 0;
        for (k = 0; k < N; k++) {
            double w1 = dmv_test_uniform(rng), w2 = dmv_test_uniform(rng);
            double xi = sqrt(-2 * log(1 - w1)) * cos(2 * PI_D * w2);
            double zn = a[k] * z + c[k] + sqrt(q[k]) * xi, p = 1 - q[k] / 2;
            d += ((zn - p * z) * (zn - p * z) - (zn - a[k] * z - c[k]) * (zn - a[k] * z - c[k])) / (2 * q[k]);
            z = zn;
        }
        d += 0.5 * log(lam) + (z - mu) * (z - mu) / (2 * lam) - z * z / 2;
        vals[i] = d;
        s1 += d;
    }
    *mean = s1 / (double) n;
    for (i = 0; i < n; i++) {
        double e = vals[i] - *mean;
        s2 += e * e;
        s4 += e * e * e * e;
    }
    *var = s2 / (double) (n - 1);
    *m4 = s4 / (double) n;
    free(a);
    free(c);
    free(q);
    free(vals);
}

int main(void)
{
    dmv_test_rng rng = {977};
    arb_t lam, mu, m, v;
    dmv_error err;
    long it;
    dmv_error_init(&err);
    arb_init(lam);
    arb_init(mu);
    arb_init(m);
    arb_init(v);
    beta_checks();
    /* the prior itself: the residual is 0 on every trajectory */
    arb_one(lam);
    arb_zero(mu);
    DMV_CHECK(dmv_ref_od_rtb_moments(m, v, &CH, lam, mu, 50, PREC, &err) == DMV_OK, "%s", err.msg);
    DMV_CHECK(arb_contains_zero(m) && arb_contains_zero(v) && mag_cmp_2exp_si(arb_radref(m), -90) < 0,
              "prior: mean %s", arb_get_str(m, 10, 0));
    for (it = 0; it < 3; it++) {
        double l = dmv_test_loguniform(&rng, 0.05, 0.9), u = 2 * dmv_test_uniform(&rng) - 1, mm, vv, m4;
        double al2 = exp(-B_simpson(1.0)), l1 = al2 * l + 1 - al2, kl = 0.5 * ((1 + al2 * u * u) / l1 - 1 + log(l1));
        long N = 6 + 4 * it, n = 100000;
        arb_set_d(lam, l);
        arb_set_d(mu, u);
        DMV_CHECK(dmv_ref_od_rtb_start_term(m, v, &CH, lam, mu, PREC, &err) == DMV_OK, "%s", err.msg);
        DMV_CHECK(fabs(mid(m) - kl) <= 1e-9 * kl + 1e-15, "start term mean %.15g vs KL %.15g", mid(m), kl);
        DMV_CHECK(dmv_ref_od_rtb_moments(m, v, &CH, lam, mu, N, PREC, &err) == DMV_OK, "%s", err.msg);
        mc(&rng, l, u, N, n, &mm, &vv, &m4);
        /* 5 standard errors: of the mean sqrt(v/n), of the variance sqrt((m4 - v^2)/n) */
        DMV_CHECK(fabs(mm - mid(m)) <= 5 * sqrt(vv / (double) n), "lam %g mu %g N %ld: MC mean %g vs %g (se %g)", l, u,
                  N, mm, mid(m), sqrt(vv / (double) n));
        DMV_CHECK(fabs(vv - mid(v)) <= 5 * sqrt((m4 - vv * vv) / (double) n), "lam %g mu %g N %ld: MC var %g vs %g", l,
                  u, N, vv, mid(v));
        DMV_CHECK(mid(v) > 1e-3, "the case has a visible variance (%g)", mid(v));
    }
    arb_clear(lam);
    arb_clear(mu);
    arb_clear(m);
    arb_clear(v);
    flint_cleanup();
    DMV_TEST_DONE("t-od-rtb");
}
