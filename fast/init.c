/* The initial law at s = T per eigen-direction (docs/schemes.md s.4). */
#include <math.h>

#include "dmv/fast.h"
#ifdef DMV_FAULT_INJECTION
#include "fast_internal.h"
#endif

int dmv_fast_init_law(double *m0, double *v0, long d, const dmv_init *init, const dmv_process *p,
                      const dmv_gaussian *g, dmv_error *err)
{
    long j;
    double T = p->t_max;
    switch (init->kind) {
    case DMV_INIT_STANDARD:
        for (j = 0; j < d; j++) {
            m0[j] = 0.0;
            v0[j] = p->kind == DMV_PROCESS_VE ? T * T : 1.0;
        }
        return DMV_OK;
    case DMV_INIT_EXACT: {
        double a, s2;
        if (g == NULL || g->lambda == NULL || g->d != d)
            return dmv_error_set(err, DMV_EINVAL,
                                 "init exact: needs the Gaussian data (eigenvalues) of dimension %ld", d);
        a = dmv_fast_process_alpha(p, T);
        s2 = dmv_fast_process_sigma2(p, T);
        for (j = 0; j < d; j++) {
            m0[j] = g->mean ? a * g->mean[j] : 0.0;
            v0[j] = a * a * g->lambda[j] + s2;
#ifdef DMV_FAULT_INJECTION
            if (!isnan(dmv_fast_fault("init_var", NULL))) /* init_var=F: a start other than N(0, I) has v0 times F */
                v0[j] *= dmv_fast_fault("init_var", NULL);
#endif
        }
        return DMV_OK;
    }
    case DMV_INIT_GAUSSIAN:
        if (!(init->var >= 0) || !isfinite(init->var) || !isfinite(init->mean))
            return dmv_error_set(err, DMV_EINVAL, "init gaussian: mean = %g, var = %g: need finite, var >= 0",
                                 init->mean, init->var);
        for (j = 0; j < d; j++) {
            m0[j] = init->mean;
            v0[j] = init->var;
#ifdef DMV_FAULT_INJECTION
            if (!isnan(dmv_fast_fault("init_var", NULL)))
                v0[j] *= dmv_fast_fault("init_var", NULL);
#endif
        }
        return DMV_OK;
    }
    return dmv_error_set(err, DMV_EINVAL, "init kind = %d: unknown", (int) init->kind);
}
