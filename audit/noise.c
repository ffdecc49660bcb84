/* The noise layout of `dmverify noise` / `audit --noise` (docs/audit.md, "Noise file"): the
 * initial points and every step's noise, drawn exactly as the fast sampler draws them
 * (docs/schemes.md s.4: x_T[j] = m0[j] + sqrt(v0[j]) z_0[j], z_k = Philox(seed, sample, k)). */
#include <math.h>
#include <stdlib.h>

#include "dmv/audit.h"
#include "dmv/fast.h"

long dmv_audit_noise_blocks(const dmv_problem *p)
{
    return 1 + (dmv_scheme_is_stochastic(&p->scheme) ? p->grid.steps : 0);
}

int dmv_audit_noise_rows(double *out, const dmv_problem *p, long first, long n, dmv_error *err)
{
    long d = p->data.d, blocks = dmv_audit_noise_blocks(p), i, j, k;
    double *m0, *v0;
    int rc;
    if (p->data.basis != NULL)
        return dmv_error_set(err, DMV_EUNSUPPORTED, "noise: the data has an eigenbasis: only the eigen form "
                                                    "(basis = identity) is supported");
    if (first < 0 || n < 0)
        return dmv_error_set(err, DMV_EINVAL, "noise rows %ld + %ld: must be >= 0", first, n);
    m0 = malloc((size_t) d * sizeof *m0);
    v0 = malloc((size_t) d * sizeof *v0);
    if (m0 == NULL || v0 == NULL) {
        free(m0);
        free(v0);
        return dmv_error_set(err, DMV_ENOMEM, "noise: out of memory (d = %ld)", d);
    }
    rc = dmv_fast_init_law(m0, v0, d, &p->init, &p->process, &p->data, err);
    for (j = 0; rc == DMV_OK && j < d; j++)
        v0[j] = sqrt(v0[j]);
    for (i = 0; rc == DMV_OK && i < n; i++) {
        double *row = out + (size_t) i * (size_t) (blocks * d);
        uint64_t sample = (uint64_t) (first + i);
        dmv_fast_noise_vec(p->seed, sample, 0, d, row);
        for (j = 0; j < d; j++)
            row[j] = m0[j] + v0[j] * row[j];
        for (k = 1; k < blocks; k++)
            dmv_fast_noise_vec(p->seed, sample, (uint32_t) k, d, row + k * d);
    }
    free(m0);
    free(v0);
    return rc;
}
