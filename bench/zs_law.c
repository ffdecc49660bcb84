/* bench-zs_law: the cost of the certified zero-shot law (reference/zs_law.c) as d and T grow.
 *
 * For d in {4, 16, 64} (or the list given) and T in {50, 200, 1000, 4000}: a BO-DDNM problem with a
 * correlated prior Sigma = A A^T/d + 0.1 I (A_ij uniform in (0, 2), fixed seed), H observing the first
 * d/2 coordinates, y = 0.3, sigma_y = 0.1, on the ETC chain; prints the CPU seconds of one law (output
 * at t = 1, with the path KL, W_T, KL both ways and W2). usage: [BENCH_TMAX=T] bench-zs_law [PREC [D ...]]
 * (BENCH_TMAX: skip the larger T). Not part of ctest. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "dmv/ref_zs.h"

static unsigned long long rng_state = 100;
static double unif(void)
{
    rng_state = rng_state * 6364136223846793005ULL + 1442695040888963407ULL;
    return (double) (rng_state >> 11) * 0x1.0p-53;
}

int main(int argc, char **argv)
{
    static const long Ts[4] = {50, 200, 1000, 4000};
    long ds[8] = {4, 16, 64}, nd = 3, prec = argc > 1 ? atol(argv[1]) : 128, i, j, k, di, ti;
    if (argc > 2) {
        nd = 0;
        for (i = 2; i < argc && nd < 8; i++)
            ds[nd++] = atol(argv[i]);
    }
    printf("d\tT\tCPU seconds\tKL_1\n");
    for (di = 0; di < nd; di++) {
        long d = ds[di], m = d / 2 > 0 ? d / 2 : 1;
        size_t cap = (size_t) (64 * d * d + 64 * d + 4096);
        char *js = malloc(cap), *q = js;
        double *A = malloc((size_t) (d * d) * sizeof(double));
        dmv_model_spec s;
        dmv_error err;
        for (i = 0; i < d * d; i++)
            A[i] = 2 * unif();
        q += sprintf(q, "{\"model\": \"linear_inverse\", \"rule\": \"bo-ddnm\", \"sigma_y\": 0.1, \"H\": [");
        for (i = 0; i < m; i++) {
            q += sprintf(q, "%s[", i ? ", " : "");
            for (j = 0; j < d; j++)
                q += sprintf(q, "%s%d", j ? ", " : "", i == j);
            q += sprintf(q, "]");
        }
        q += sprintf(q, "], \"y\": [");
        for (i = 0; i < m; i++)
            q += sprintf(q, "%s0.3", i ? ", " : "");
        q += sprintf(q, "], \"prior\": {\"model\": \"gaussian\", \"cov\": [");
        for (i = 0; i < d; i++) {
            q += sprintf(q, "%s[", i ? ", " : "");
            for (j = 0; j < d; j++) {
                double v = (i == j) ? 0.1 : 0.0;
                for (k = 0; k < d; k++)
                    v += A[i * d + k] * A[j * d + k] / (double) d;
                q += sprintf(q, "%s%.17g", j ? ", " : "", v);
            }
            q += sprintf(q, "]");
        }
        sprintf(q, "]}}");
        dmv_model_spec_init(&s);
        dmv_error_init(&err);
        if (dmv_model_spec_parse(&s, js, strlen(js), "bench", NULL, NULL, &err) != DMV_OK) {
            fprintf(stderr, "spec: %s\n", err.msg);
            return 1;
        }
        /* the matrix is symmetric only up to the rounding of the sum: symmetrise the doubles */
        for (i = 0; i < d; i++)
            for (j = 0; j < i; j++)
                s.u.linear_inverse.prior->u.gaussian.cov[i * d + j] = s.u.linear_inverse.prior->u.gaussian.cov[j * d + i];
        for (ti = 0; ti < 4 && (getenv("BENCH_TMAX") == NULL || Ts[ti] <= atol(getenv("BENCH_TMAX"))); ti++) {
            dmv_process p;
            dmv_ref_zs_law L;
            clock_t c0;
            int rc;
            dmv_process_default(&p, DMV_PROCESS_VP_DISCRETE);
            p.t_max = (double) Ts[ti];
            dmv_ref_zs_law_init(&L, d);
            c0 = clock();
            rc = dmv_ref_zs_law_compute(&L, &s, &p, 1, 0, 1.0, prec, &err);
            printf("%ld\t%ld\t%.3f\t%s\n", d, Ts[ti], (double) (clock() - c0) / CLOCKS_PER_SEC,
                   rc == DMV_OK ? arb_get_str(L.kl, 8, 0) : err.msg);
            fflush(stdout);
            dmv_ref_zs_law_clear(&L);
            dmv_error_init(&err);
        }
        dmv_model_spec_clear(&s);
        free(js);
        free(A);
    }
    return 0;
}
