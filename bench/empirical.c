/* bench-empirical: throughput of the empirical-optimal denoiser on a large training set through the
 * BLAS path with the softmax fused (dmv_fast_model_empirical_gemm_init, fast/model_empirical.c):
 * two cblas_dgemm per batch, the softmax between them on the batch x N block (memory: the training
 * set plus batch x N doubles).
 *
 *   bench-empirical --n-train N --d D --batch B --reps R --sigma S [--alpha A]
 *
 * Data: X ~ N(0, 1)^(N x D) (splitmix64 + Box-Muller, fixed seed); queries x = alpha X_j + sigma z.
 * Prints one line: n_train d batch reps seconds_per_call rows_per_second peak_rss_kb cpu_seconds
 * max|D| (a checksum). */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "dmv/fast.h"

static double now(void)
{
    struct timespec ts;
    timespec_get(&ts, TIME_UTC);
    return (double) ts.tv_sec + 1e-9 * (double) ts.tv_nsec;
}

static double cpu(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return (double) ru.ru_utime.tv_sec + 1e-6 * (double) ru.ru_utime.tv_usec + (double) ru.ru_stime.tv_sec +
           1e-6 * (double) ru.ru_stime.tv_usec;
}

static uint64_t st = 0x656d7069726963ull;

static double unif(void)
{
    uint64_t z = (st += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return ((double) ((z ^ (z >> 31)) >> 11) + 0.5) * 0x1.0p-53;
}

static double gauss(void)
{
    return sqrt(-2 * log(unif())) * cos(6.283185307179586 * unif());
}

int main(int argc, char **argv)
{
    long N = 50000, d = 3072, B = 64, R = 3, i, r;
    double sigma = 0.5, alpha = -1, t0, c0, secs, mx = 0;
    double *X, *x, *out;
    void *ws;
    dmv_fast_model m;
    dmv_error err;
    struct rusage ru;
    for (i = 1; i + 1 < argc; i += 2) {
        if (!strcmp(argv[i], "--n-train"))
            N = atol(argv[i + 1]);
        else if (!strcmp(argv[i], "--d"))
            d = atol(argv[i + 1]);
        else if (!strcmp(argv[i], "--batch"))
            B = atol(argv[i + 1]);
        else if (!strcmp(argv[i], "--reps"))
            R = atol(argv[i + 1]);
        else if (!strcmp(argv[i], "--sigma"))
            sigma = atof(argv[i + 1]);
        else if (!strcmp(argv[i], "--alpha"))
            alpha = atof(argv[i + 1]);
        else {
            fprintf(stderr, "bench-empirical: unknown option '%s'\n", argv[i]);
            return 2;
        }
    }
    if (N < 1 || d < 1 || B < 1 || R < 1 || !(sigma > 0 && sigma < 1)) {
        fprintf(stderr, "bench-empirical: need n-train, d, batch, reps >= 1 and 0 < sigma < 1\n");
        return 2;
    }
    if (alpha < 0)
        alpha = sqrt(1 - sigma * sigma);
    X = malloc((size_t) (N * d) * sizeof *X);
    x = malloc((size_t) (B * d) * sizeof *x);
    out = malloc((size_t) (B * d) * sizeof *out);
    if (X == NULL || x == NULL || out == NULL) {
        fprintf(stderr, "bench-empirical: out of memory\n");
        return 1;
    }
    for (i = 0; i < N * d; i++)
        X[i] = gauss();
    for (r = 0; r < B; r++) {
        long j = (long) (unif() * (double) N);
        for (i = 0; i < d; i++)
            x[r * d + i] = alpha * X[j * d + i] + sigma * gauss();
    }
    dmv_error_init(&err);
    if (dmv_fast_model_empirical_gemm_init(&m, d, N, X, &err) != DMV_OK) {
        fprintf(stderr, "bench-empirical: %s\n", err.msg);
        return 1;
    }
    free(X); /* the model keeps its own copy */
    ws = malloc(m.workspace_size(&m, B));
    if (ws == NULL) {
        fprintf(stderr, "bench-empirical: out of memory (workspace)\n");
        return 1;
    }
    if (dmv_fast_model_denoise(&m, alpha, sigma, B, x, out, ws) != DMV_OK) { /* warm-up */
        fprintf(stderr, "bench-empirical: denoise failed\n");
        return 1;
    }
    t0 = now();
    c0 = cpu();
    for (r = 0; r < R; r++)
        if (dmv_fast_model_denoise(&m, alpha, sigma, B, x, out, ws) != DMV_OK) {
            fprintf(stderr, "bench-empirical: denoise failed\n");
            return 1;
        }
    secs = (now() - t0) / (double) R;
    c0 = (cpu() - c0) / (double) R;
    for (i = 0; i < B * d; i++)
        if (fabs(out[i]) > mx)
            mx = fabs(out[i]);
    getrusage(RUSAGE_SELF, &ru);
    printf("%ld %ld %ld %ld %.6g %.6g %ld %.6g %.17g\n", N, d, B, R, secs, (double) B / secs, (long) ru.ru_maxrss, c0,
           mx);
    dmv_fast_model_clear(&m);
    free(ws);
    free(x);
    free(out);
    return 0;
}
