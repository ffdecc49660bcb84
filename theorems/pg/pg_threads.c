/* Claim pg.threads: the sampler's documented guarantee (docs/sample.md, include/dmv/fast.h):
 * "sample i depends only on (seed, i): results, statistics and the hash are bit-identical
 * for any threads/batch".
 *
 * For three jobs on the test problem (EM through the fused loops, Heun through the fused
 * loops, DDIM eta = 1 through the generic denoiser path), THREADS_N samples are drawn with
 * 1, 2 and 7 threads and batch sizes 1, 32, 100 and 300 (tasks of one and of three 128-sample
 * chunks, a partial last chunk). Every run's rows (in sample order, through the sink), its
 * per-coordinate mean and sum of squared deviations, its non-finite count and its hash must be
 * bit-identical to those of the first run (1 thread, batch 1), and every row must equal sample
 * i computed alone (dmv_fast_run_rows(first = i, n = 1)): the per-thread sample indexing cannot
 * shift, swap or repeat a sample without failing. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dmv/fast.h"
#include "dmv/str.h"
#include "pg_claims.h"

#define THREADS_N DMV_PG_THREADS_SAMPLES
#define THREADS_STEPS 100

typedef struct {
    double *rows;
    long n, d, received;
    int in_order;
} capture;

static int capture_rows(void *ctx, long first, long rows, const double *x)
{
    capture *cp = ctx;
    if (first != cp->received || first + rows > cp->n)
        cp->in_order = 0;
    else
        memcpy(cp->rows + first * cp->d, x, (size_t) (rows * cp->d) * sizeof(double));
    cp->received = first + rows;
    return DMV_OK;
}

int dmv_claim_pg_threads_check(const dmv_claim *c, const dmv_run *run, dmv_result *out, dmv_error *err)
{
    static const int thread_counts[3] = {1, 2, 7};
    static const long batches[4] = {1, 32, 100, 300};
    static const dmv_pg_scheme_param jobs[3] = {{DMV_SCHEME_EM, 0.0}, {DMV_SCHEME_HEUN, 0.0}, {DMV_SCHEME_DDIM, 1.0}};
    static const char *const job_names[3] = {"em (fused)", "heun (fused)", "ddim eta 1 (generic)"};
    const long d = DMV_PG_SPECTRUM_D, n = THREADS_N;
    enum { NCOL = 6 };
    const char *header[NCOL] = {"job", "threads", "batch", "rows", "statistics", "hash"};
    char *cells[3 * 3 * 4 * NCOL];
    long nrow = 0, ndiff = 0, nalone = 0, ji, ti, bi, i;
    double *ref = NULL, *one = NULL, *ref_mean = NULL, *ref_m2 = NULL;
    char ref_hash[65] = "", first_diff[256] = "";
    int status = DMV_OK;
    (void) c;

    memset(cells, 0, sizeof cells);
    ref = malloc((size_t) (n * d) * sizeof *ref);
    one = malloc((size_t) d * sizeof *one);
    ref_mean = malloc((size_t) d * sizeof *ref_mean);
    ref_m2 = malloc((size_t) d * sizeof *ref_m2);
    if (ref == NULL || one == NULL || ref_mean == NULL || ref_m2 == NULL) {
        status = dmv_error_set(err, DMV_ENOMEM, "pg.threads: out of memory");
        goto done;
    }
    for (ji = 0; ji < 3 && status == DMV_OK; ji++) {
        dmv_problem pb;
        dmv_fast_model model;
        dmv_fast_job job;
        long ref_nonfinite = 0;
        dmv_pg_test_problem(&pb, &jobs[ji], THREADS_STEPS);
        pb.seed = run->seed;
        if ((status = dmv_fast_model_gaussian_diag_init(&model, &pb.data, err)) != DMV_OK)
            break;
        dmv_pg_problem_job(&job, &pb, &model, n);
        job.generic_only = jobs[ji].scheme == DMV_SCHEME_DDIM;
        for (ti = 0; ti < 3 && status == DMV_OK; ti++)
            for (bi = 0; bi < 4 && status == DMV_OK; bi++) {
                dmv_fast_stats st;
                capture cp;
                int first = ti == 0 && bi == 0, rows_same = 1, stats_same = 1, hash_same = 1;
                char buf[64];
                cp.n = n;
                cp.d = d;
                cp.received = 0;
                cp.in_order = 1;
                cp.rows = first ? ref : malloc((size_t) (n * d) * sizeof(double));
                if (cp.rows == NULL) {
                    status = dmv_error_set(err, DMV_ENOMEM, "pg.threads: out of memory");
                    break;
                }
                job.threads = thread_counts[ti];
                job.batch = batches[bi];
                dmv_fast_stats_init(&st);
                status = dmv_fast_sample(&st, &job, capture_rows, &cp, NULL, NULL, err);
                if (status != DMV_OK) {
                    if (!first)
                        free(cp.rows);
                    break;
                }
                if (first) {
                    memcpy(ref_mean, st.mean, (size_t) d * sizeof(double));
                    memcpy(ref_m2, st.m2, (size_t) d * sizeof(double));
                    memcpy(ref_hash, st.hash, sizeof ref_hash);
                    ref_nonfinite = st.nonfinite;
                    rows_same = cp.in_order && cp.received == n;
                    /* every sample equals the sample computed alone */
                    for (i = 0; i < n && status == DMV_OK; i++) {
                        status = dmv_fast_run_rows(one, &job, i, 1, err);
                        if (status == DMV_OK && memcmp(one, ref + i * d, (size_t) d * sizeof(double)) != 0) {
                            if (nalone++ == 0 && first_diff[0] == '\0')
                                snprintf(first_diff, sizeof first_diff,
                                         "%s: sample %ld of the 1-thread run differs from the sample computed alone",
                                         job_names[ji], i);
                            rows_same = 0;
                        }
                    }
                } else {
                    rows_same = cp.in_order && cp.received == n &&
                                memcmp(cp.rows, ref, (size_t) (n * d) * sizeof(double)) == 0;
                    stats_same = memcmp(st.mean, ref_mean, (size_t) d * sizeof(double)) == 0 &&
                                 memcmp(st.m2, ref_m2, (size_t) d * sizeof(double)) == 0 &&
                                 st.nonfinite == ref_nonfinite && st.n == n;
                    hash_same = strcmp(st.hash, ref_hash) == 0;
                    free(cp.rows);
                }
                dmv_fast_stats_clear(&st);
                if (!(rows_same && stats_same && hash_same)) {
                    if (ndiff++ == 0 && first_diff[0] == '\0')
                        snprintf(first_diff, sizeof first_diff,
                                 "%s with %d threads, batch %ld: %s%s%s differ from 1 thread, batch 1",
                                 job_names[ji], thread_counts[ti], batches[bi], rows_same ? "" : "rows ",
                                 stats_same ? "" : "statistics ", hash_same ? "" : "hash");
                }
                cells[nrow * NCOL] = dmv_strdup(job_names[ji]);
                snprintf(buf, sizeof buf, "%d", thread_counts[ti]);
                cells[nrow * NCOL + 1] = dmv_strdup(buf);
                snprintf(buf, sizeof buf, "%ld", batches[bi]);
                cells[nrow * NCOL + 2] = dmv_strdup(buf);
                cells[nrow * NCOL + 3] = dmv_strdup(rows_same ? "identical" : "differ");
                cells[nrow * NCOL + 4] = dmv_strdup(first ? "reference" : stats_same ? "identical" : "differ");
                cells[nrow * NCOL + 5] = dmv_strdup(first ? ref_hash : hash_same ? "identical" : "differs");
                nrow++;
            }
        dmv_fast_model_clear(&model);
    }
    if (status == DMV_OK) {
        dmv_result_add_table(out, "runs", nrow, NCOL, header, (const char *const *) cells);
        dmv_result_add_number(out, "samples per run", (double) n, 0, NULL);
        dmv_result_add_number(out, "runs", (double) nrow, 0, NULL);
        dmv_result_add_number(out, "runs differing from 1 thread, batch 1", (double) ndiff, 0, NULL);
        dmv_result_add_number(out, "samples differing from the sample computed alone", (double) nalone, 0, NULL);
        if (ndiff > 0 || nalone > 0) {
            out->verdict = DMV_VERDICT_FAIL;
            dmv_result_set_summary(out, "%ld of %ld runs not bit-identical, %ld samples differ from the sample "
                                        "computed alone; first: %s",
                                   ndiff, nrow, nalone, first_diff);
        } else {
            out->verdict = DMV_VERDICT_PASS;
            dmv_result_set_summary(out,
                                   "%ld runs (3 jobs x threads 1, 2, 7 x batch 1, 32, 100, 300) of %ld samples: "
                                   "rows, statistics and hashes bit-identical; every sample equals the sample "
                                   "computed alone",
                                   nrow, n);
        }
    }
done:
    for (i = 0; i < nrow * NCOL; i++)
        free(cells[i]);
    free(ref);
    free(one);
    free(ref_mean);
    free(ref_m2);
    return status;
}
