/* dmv_report_ticks: hand-derived cases, then random ranges checked against
 * the definition (inside the range, sorted, a 1-2-5 step, 3 to 10 ticks;
 * log: exact powers of ten, or 1-2-5 multiples within two decades). */
#include <math.h>
#include <stdio.h>

#include "dmv/report.h"
#include "dmv_test.h"

static int close_rel(double a, double b) { return fabs(a - b) <= 1e-12 * fmax(fabs(a), fabs(b)) + 1e-300; }

static void expect(const char *what, double lo, double hi, int lg, const double *want, long nwant)
{
    double t[64];
    long n = dmv_report_ticks(t, 64, lo, hi, lg), i;
    DMV_CHECK(n == nwant, "%s: [%g, %g] log=%d: %ld ticks, want %ld", what, lo, hi, lg, n, nwant);
    for (i = 0; i < n && i < nwant; i++)
        DMV_CHECK(close_rel(t[i], want[i]) || (want[i] == 0 && fabs(t[i]) < 1e-15), "%s: tick %ld = %.17g, want %g",
                  what, i, t[i], want[i]);
}

int main(void)
{
    dmv_test_rng rng = {20261122};
    long it, iters = dmv_test_iters(20000);
    /* hand derivations: step = 1-2-5 rounding of (hi - lo)/5 */
    {
        /* (1-0)/5 = 0.2 -> norm 2 -> step 0.2 */
        const double w[6] = {0, 0.2, 0.4, 0.6, 0.8, 1.0};
        expect("unit", 0, 1, 0, w, 6);
    }
    {
        /* (12.2+3.7)/5 = 3.18 -> norm 3.18 < 3.5 -> step 2: -2 .. 12 */
        const double w[8] = {-2, 0, 2, 4, 6, 8, 10, 12};
        expect("offset", -3.7, 12.2, 0, w, 8);
    }
    {
        /* (1050-990)/5 = 12 -> mag 10, norm 1.2 -> step 10 */
        const double w[7] = {990, 1000, 1010, 1020, 1030, 1040, 1050};
        expect("narrow", 990, 1050, 0, w, 7);
    }
    {
        const double w[6] = {1e-3, 1e-2, 1e-1, 1, 10, 100};
        expect("decades", 1e-3, 1e2, 1, w, 6);
    }
    {
        /* log10(30/2) = 1.18 < 2 decades: 1-2-5 multiples in [2, 30] */
        const double w[4] = {2, 5, 10, 20};
        expect("short log", 2, 30, 1, w, 4);
    }
    {
        /* 40 decades: every 4th power (every = 40/10 + 1 = 5 -> 1e-20, 1e-15, ...) */
        const double w[9] = {1e-20, 1e-15, 1e-10, 1e-5, 1, 1e5, 1e10, 1e15, 1e20};
        expect("wide log", 1e-20, 1e20, 1, w, 9);
    }
    DMV_CHECK(dmv_report_ticks(NULL, 0, 0, 1, 0) == 0, "max = 0 must give no ticks");
    {
        double t[4];
        DMV_CHECK(dmv_report_ticks(t, 4, 1, 1, 0) == 0, "empty range");
        DMV_CHECK(dmv_report_ticks(t, 4, -1, 1, 1) == 0, "log axis with lo <= 0");
        DMV_CHECK(dmv_report_ticks(t, 4, 0, NAN, 0) == 0, "NaN range");
    }

    for (it = 0; it < iters; it++) {
        double t[64], lo, hi, step, m;
        long n, i;
        int lg = (int) (dmv_test_next(&rng) & 1);
        if (lg) {
            lo = dmv_test_loguniform(&rng, 1e-30, 1e30);
            hi = lo * dmv_test_loguniform(&rng, 1.5, 1e30);
        } else {
            double c = (dmv_test_uniform(&rng) - 0.5) * dmv_test_loguniform(&rng, 1e-10, 1e10);
            double w = dmv_test_loguniform(&rng, 1e-8, 1e8) * (fabs(c) + 1e-10);
            lo = c - w * dmv_test_uniform(&rng);
            hi = lo + w;
            if (!(hi > lo))
                continue;
        }
        n = dmv_report_ticks(t, 64, lo, hi, lg);
        for (i = 0; i < n; i++) {
            DMV_CHECK(t[i] >= lo - 1e-9 * (hi - lo) && t[i] <= hi + 1e-9 * (hi - lo), "tick %g outside [%.17g, %.17g]",
                      t[i], lo, hi);
            if (i > 0)
                DMV_CHECK(t[i] > t[i - 1], "ticks not increasing at %ld for [%.17g, %.17g]", i, lo, hi);
        }
        if (!lg) {
            DMV_CHECK(n >= 3 && n <= 10, "linear [%.17g, %.17g]: %ld ticks", lo, hi, n);
            if (n < 2)
                continue;
            step = t[1] - t[0];
            m = step / pow(10.0, floor(log10(step) + 1e-9));
            DMV_CHECK(fabs(m - 1) < 1e-6 || fabs(m - 2) < 1e-6 || fabs(m - 5) < 1e-6 || fabs(m - 10) < 1e-6,
                      "linear [%.17g, %.17g]: step %g is not 1, 2 or 5 times a power of ten", lo, hi, step);
            for (i = 2; i < n; i++)
                DMV_CHECK(fabs(t[i] - t[i - 1] - step) <= 1e-6 * step, "linear [%.17g, %.17g]: uneven ticks", lo, hi);
        } else {
            double dec = log10(hi / lo);
            int all125 = 1;
            DMV_CHECK(n >= 2, "log [%g, %g]: %ld ticks", lo, hi, n);
            for (i = 0; i < n; i++) {
                double e = floor(log10(t[i]) + 1e-9), mant = t[i] / pow(10.0, e);
                if (dec >= 2)
                    DMV_CHECK(fabs(mant - 1) < 1e-9, "log [%g, %g]: tick %g is not a power of ten", lo, hi, t[i]);
                else if (!(fabs(mant - 1) < 1e-9 || fabs(mant - 2) < 1e-9 || fabs(mant - 5) < 1e-9))
                    all125 = 0;
            }
            if (!all125 && n >= 3) /* the linear fallback: evenly spaced */
                for (i = 2; i < n; i++)
                    DMV_CHECK(fabs(t[i] - t[i - 1] - (t[1] - t[0])) <= 1e-6 * (t[1] - t[0]),
                              "log [%g, %g]: neither 1-2-5 multiples nor evenly spaced", lo, hi);
            if (dec >= 2)
                DMV_CHECK(n <= 12, "log [%g, %g]: %ld labels", lo, hi, n);
        }
    }
    DMV_TEST_DONE("reports/t-ticks");
}
