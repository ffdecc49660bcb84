/* bench-guided: throughput of the fast guided sampler on the 1-D uniform-box model of the guidance
 * paper (Chidambaram et al.; docs/claims.md "gd"): class +1 uniform on [1, 2], class -1 uniform on
 * [-2, -1], weights 1/2, guided towards class +1 with the paper's w; VP linear with beta = 1 (the
 * OU process), T = 10, Euler on the PF-ODE, uniform steps to t = 0, N(0, 1) start. The peer is
 * bench/guided_peer.py (NumPy/SciPy, the same sampler); bench/guided runs both.
 *
 *   bench-guided --n N --steps S [--w W] [--threads T] [--batch B]
 *
 * Prints one line: seconds cpu_seconds n steps good_share mean
 * (cpu_seconds: user + system of the process, robust to other load on a shared machine). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "dmv/fast.h"
#include "dmv/model_spec.h"

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

typedef struct {
    long good;
    double sum;
} tally;

static int sink(void *ctx, long first, long rows, const double *x)
{
    tally *t = ctx;
    long i;
    (void) first;
    for (i = 0; i < rows; i++) {
        t->good += x[i] >= 1 && x[i] <= 2;
        t->sum += x[i];
    }
    return 0;
}

int main(int argc, char **argv)
{
    long n = 100000, steps = 1000, batch = 256;
    int threads = 1, i, rc;
    double w = 3, t0, c0, sec, cs;
    char json[512];
    dmv_model_spec spec;
    dmv_fast_model m;
    dmv_process p;
    dmv_grid g;
    dmv_init init;
    dmv_scheme sc;
    dmv_fast_job job;
    dmv_error err;
    tally t = {0, 0};
    for (i = 1; i + 1 < argc; i += 2) {
        if (strcmp(argv[i], "--n") == 0)
            n = atol(argv[i + 1]);
        else if (strcmp(argv[i], "--steps") == 0)
            steps = atol(argv[i + 1]);
        else if (strcmp(argv[i], "--w") == 0)
            w = atof(argv[i + 1]);
        else if (strcmp(argv[i], "--threads") == 0)
            threads = atoi(argv[i + 1]);
        else if (strcmp(argv[i], "--batch") == 0)
            batch = atol(argv[i + 1]);
        else {
            fprintf(stderr, "bench-guided: unknown option '%s'\n", argv[i]);
            return 2;
        }
    }
    if (i != argc || n < 1 || steps < 1 || threads < 1 || batch < 1) {
        fprintf(stderr, "usage: bench-guided --n N --steps S [--w W] [--threads T] [--batch B]\n");
        return 2;
    }
    dmv_error_init(&err);
    snprintf(json, sizeof json,
             "{\"model\": \"guided\", \"w\": %.17g, \"cond\": {\"model\": \"boxes\", \"weights\": [1], \"lo\": [[1]], "
             "\"hi\": [[2]]}, \"uncond\": {\"model\": \"boxes\", \"weights\": [1, 1], \"lo\": [[1], [-2]], \"hi\": "
             "[[2], [-1]]}}",
             w);
    dmv_model_spec_init(&spec);
    if ((rc = dmv_model_spec_parse(&spec, json, strlen(json), "bench-guided", NULL, NULL, &err)) != DMV_OK ||
        (rc = dmv_fast_model_from_spec(&m, &spec, &err)) != DMV_OK) {
        fprintf(stderr, "bench-guided: %s\n", err.msg);
        return 1;
    }
    dmv_model_spec_clear(&spec);
    dmv_process_default(&p, DMV_PROCESS_VP_LINEAR);
    p.beta_min = p.beta_max = 1.0;
    p.t_max = 10.0;
    dmv_grid_default(&g);
    g.kind = DMV_GRID_UNIFORM;
    g.steps = steps;
    g.eps = 0.0;
    dmv_init_default(&init);
    sc.kind = DMV_SCHEME_EULER;
    sc.eta = 0.0;
    dmv_fast_job_init(&job);
    job.process = &p;
    job.grid = &g;
    job.scheme = &sc;
    job.init = &init;
    job.model = &m;
    job.n = n;
    job.seed = 1;
    job.threads = threads;
    job.batch = batch;
    t0 = now();
    c0 = cpu();
    rc = dmv_fast_sample(NULL, &job, sink, &t, NULL, NULL, &err);
    sec = now() - t0;
    cs = cpu() - c0;
    dmv_fast_model_clear(&m);
    if (rc != DMV_OK) {
        fprintf(stderr, "bench-guided: %s\n", err.msg);
        return 1;
    }
    printf("%.4f %.4f %ld %ld %.6f %.6f\n", sec, cs, n, steps, (double) t.good / (double) n, t.sum / (double) n);
    return 0;
}
