/* Vectorisable special functions of fast/ (fast/vmath.h). */
#include <math.h>

#include "vmath.h"

void dmv_fast_vexp(long n, const double *x, double *y)
{
    long i;
    for (i = 0; i < n; i++) {
        double v = x[i];
        /* clamp into the kernel's range; two half scalings reach the subnormals */
        double c = v < -1416.0 ? -1416.0 : (v > 1418.0 ? 1418.0 : v);
        double e = dmv_fast_exp_kernel(0.5 * c);
        double r = e * e;
        /* one kernel call of 0.5 x squared loses accuracy: use it only outside the normal range */
        double k = dmv_fast_exp_kernel(c < -708.0 ? -708.0 : (c > 709.0 ? 709.0 : c));
        r = (c >= -708.0 && c <= 709.0) ? k : r;
        y[i] = v != v ? v : r;
    }
}
