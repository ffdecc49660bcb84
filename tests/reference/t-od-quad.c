/* reference/od_quad.c against an independent double-precision oracle: the z-side integrals by the
 * trapezoid rule on [-12, 12] with 24000 intervals (spectrally accurate for these smooth, Gaussian-
 * decaying integrands), coded here from the formulas of docs/math/outsourced.md; both certified sides
 * (z and x) must contain it within 1e-11 relative, and their radii must be small. */
#include "dmv/ref_od.h"
#include "dmv_test.h"

#define PREC 96
#define PI_D 3.14159265358979323846

static double npdf(double y, double m, double v)
{
    return exp(-(y - m) * (y - m) / (2 * v)) / sqrt(2 * PI_D * v);
}

static double oracle(int which, double y1, double y2, double s2)
{
    long n = 24000, i;
    double h = 24.0 / (double) n, s = 0;
    for (i = 0; i <= n; i++) {
        double z = -12 + (double) i * h, e = exp(z), t = tanh(z);
        double f = npdf(z, 0, 1) * npdf(y1, sinh(z), s2) * npdf(y2, t, e + s2);
        if (which == 1)
            f *= sinh(z);
        else if (which == 2)
            f *= (t * s2 + y2 * e) / (e + s2);
        s += (i == 0 || i == n) ? f / 2 : f;
    }
    return s * h;
}

int main(void)
{
    double cases[3][3] = {{0.7, -0.4, 0.25}, {-1.3, 1.2, 0.5}, {2.5, 0.3, 1.0}};
    arb_t r;
    dmv_error err;
    int i, w, side;
    dmv_error_init(&err);
    arb_init(r);
    for (i = 0; i < 3; i++)
        for (w = 0; w < 3; w++) {
            double o = oracle(w, cases[i][0], cases[i][1], cases[i][2]);
            for (side = 0; side < 2; side++) {
                int st = side ? dmv_ref_od_quad_x(r, w, cases[i][0], cases[i][1], cases[i][2], 12.0, PREC, &err)
                              : dmv_ref_od_quad_z(r, w, cases[i][0], cases[i][1], cases[i][2], 12.0, PREC, &err);
                double mid = arf_get_d(arb_midref(r), ARF_RND_NEAR), rad = mag_get_d(arb_radref(r));
                DMV_CHECK(st == DMV_OK, "%s", err.msg);
                DMV_CHECK(fabs(mid - o) <= rad + 1e-11 * fabs(o), "case %d g %d side %d: %.17g vs oracle %.17g", i, w,
                          side, mid, o);
                DMV_CHECK(rad <= 1e-20 * fabs(o) + 1e-25, "case %d g %d side %d: radius %g", i, w, side, rad);
            }
        }
    DMV_CHECK(dmv_ref_od_quad_z(r, 3, 0, 0, 1, 12, PREC, &err) == DMV_EINVAL, "bad g");
    arb_clear(r);
    flint_cleanup();
    DMV_TEST_DONE("t-od-quad");
}
