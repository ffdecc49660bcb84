/* bench-sampler: throughput of the fast sampler on a Gaussian spectrum, and of a loop
 * that only generates the same Philox normal variates (the floor for SDE schemes).
 *
 *   bench-sampler --spectrum F.npy --n N --steps S --threads T --what em|ddim|noise [--batch B] [--stats 0|1]
 *
 * --stats 1 (default) also keeps the streaming statistics and the sample hash; --stats 0
 * runs the sampler alone (what the NumPy/PyTorch peers do).
 * Prints one line: what threads n d steps seconds throughput(sample*dim*steps/s) hash peak_rss_kb
 * cpu_seconds (user + system of the whole process: robust to other load on a shared machine).
 * Problem: VP linear (0.05, 10), T = 1, eps = 1e-3, uniform grid, init standard, zero mean. */
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "dmv/fast.h"
#include "dmv/npy.h"

static double now(void)
{
    struct timespec ts;
    timespec_get(&ts, TIME_UTC);
    return (double) ts.tv_sec + 1e-9 * (double) ts.tv_nsec;
}

typedef struct {
    long i0, i1, d, steps;
    double acc;
} noise_arg;

static void *noise_loop(void *p)
{
    noise_arg *a = (noise_arg *) p;
    double *z = malloc((size_t) a->d * sizeof(double)), acc = 0;
    long i, k, j;
    for (i = a->i0; i < a->i1; i++)
        for (k = 0; k <= a->steps; k++) {
            dmv_fast_noise_vec(7, (uint64_t) i, (uint32_t) k, a->d, z);
            for (j = 0; j < a->d; j += 512)
                acc += z[j];
        }
    a->acc = acc;
    free(z);
    return NULL;
}

int main(int argc, char **argv)
{
    const char *spec = NULL, *what = "em";
    long n = 1024, steps = 100, batch = DMV_FAST_BATCH_DEFAULT, threads = 1, j, d, want_stats = 1;
    int i;
    dmv_npy_array arr;
    dmv_error err;
    double t0, sec;
    char hash[65] = "-";
    struct rusage ru;
    for (i = 1; i + 1 < argc; i += 2) {
        if (!strcmp(argv[i], "--spectrum")) spec = argv[i + 1];
        else if (!strcmp(argv[i], "--n")) n = atol(argv[i + 1]);
        else if (!strcmp(argv[i], "--steps")) steps = atol(argv[i + 1]);
        else if (!strcmp(argv[i], "--threads")) threads = atol(argv[i + 1]);
        else if (!strcmp(argv[i], "--batch")) batch = atol(argv[i + 1]);
        else if (!strcmp(argv[i], "--what")) what = argv[i + 1];
        else if (!strcmp(argv[i], "--stats")) want_stats = atol(argv[i + 1]);
        else { fprintf(stderr, "bench-sampler: unknown option %s\n", argv[i]); return 2; }
    }
    if (!spec || n < 1 || steps < 1 || threads < 1) {
        fprintf(stderr, "usage: bench-sampler --spectrum F.npy --n N --steps S --threads T --what em|ddim|noise\n");
        return 2;
    }
    dmv_error_init(&err);
    dmv_npy_array_init(&arr);
    if (dmv_npy_read(&arr, spec, &err) != DMV_OK) {
        fprintf(stderr, "bench-sampler: %s\n", err.msg);
        return 2;
    }
    d = arr.shape[0] * arr.shape[1];
    for (j = 0; j < d; j++)
        if (!(arr.data[j] > 0)) arr.data[j] = 0.0; /* -0.0 -> 0 */
    if (!strcmp(what, "noise")) {
        pthread_t tid[64];
        noise_arg a[64];
        long t;
        t0 = now();
        for (t = 0; t < threads && t < 64; t++) {
            a[t].i0 = n * t / threads, a[t].i1 = n * (t + 1) / threads, a[t].d = d, a[t].steps = steps;
            if (t > 0) pthread_create(&tid[t], NULL, noise_loop, &a[t]);
        }
        noise_loop(&a[0]);
        for (t = 1; t < threads && t < 64; t++) pthread_join(tid[t], NULL);
        sec = now() - t0;
    } else {
        dmv_process p;
        dmv_grid g;
        dmv_scheme s;
        dmv_init in;
        dmv_gaussian ga;
        dmv_fast_model m;
        dmv_fast_job job;
        dmv_fast_stats st;
        int rc;
        dmv_process_default(&p, DMV_PROCESS_VP_LINEAR);
        dmv_grid_default(&g);
        g.steps = steps;
        dmv_scheme_default(&s);
        if (dmv_scheme_from_name(&s.kind, what, &err) != DMV_OK) { fprintf(stderr, "%s\n", err.msg); return 2; }
        dmv_init_default(&in);
        ga.d = d, ga.lambda = arr.data, ga.mean = NULL, ga.basis = NULL;
        if (dmv_fast_model_gaussian_diag_init(&m, &ga, &err) != DMV_OK) { fprintf(stderr, "%s\n", err.msg); return 2; }
        dmv_fast_job_init(&job);
        job.process = &p, job.grid = &g, job.scheme = &s, job.init = &in, job.init_basis_data = &ga, job.model = &m;
        job.n = n, job.seed = 7, job.threads = (int) threads, job.batch = batch;
        dmv_fast_stats_init(&st);
        t0 = now();
        rc = dmv_fast_sample(want_stats ? &st : NULL, &job, NULL, NULL, NULL, NULL, &err);
        sec = now() - t0;
        if (rc != DMV_OK) { fprintf(stderr, "bench-sampler: %s\n", err.msg); return 1; }
        if (want_stats)
            strcpy(hash, st.hash);
        dmv_fast_stats_clear(&st);
        dmv_fast_model_clear(&m);
    }
    getrusage(RUSAGE_SELF, &ru);
    printf("%s %ld %ld %ld %ld %.6f %.6e %s %ld %.6f\n", what, threads, n, d, steps, sec,
           (double) n * (double) d * (double) steps / sec, hash, (long) ru.ru_maxrss,
           (double) ru.ru_utime.tv_sec + 1e-6 * (double) ru.ru_utime.tv_usec + (double) ru.ru_stime.tv_sec +
               1e-6 * (double) ru.ru_stime.tv_usec);
    dmv_npy_array_clear(&arr);
    return 0;
}
