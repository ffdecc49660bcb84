/* The MPI layer: one program, K ranks, the same bits as one process (docs/scale-out.md).
 * Compiled into every build; the MPI calls only with DMV_MPI (CMake option), else stubs for
 * one process. The sample hook splits a dmv_fast_sample run by chunk blocks across ranks and
 * merges the chunk records in chunk order on rank 0 (dmv_fast_merge_add), then broadcasts the
 * result so every rank goes on with identical statistics. */
#define _POSIX_C_SOURCE 200809L
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef DMV_MPI
#include <mpi.h>
#endif

#include "cli.h"
#include "dmv/fast.h"
#include "mpi_layer.h"

static int g_rank = 0, g_size = 1, g_on = 0;

uint64_t dmv_mpi_fnv1a(uint64_t h, const void *p, size_t n)
{
    const unsigned char *b = (const unsigned char *) p;
    size_t i;
    for (i = 0; i < n; i++) {
        h ^= b[i];
        h *= 1099511628211ULL;
    }
    return h;
}

int dmv_mpi_rank(void)
{
    return g_rank;
}

int dmv_mpi_size(void)
{
    return g_size;
}

int dmv_mpi_is_root(void)
{
    return g_rank == 0;
}

void dmv_mpi_abort(int status, const char *why)
{
    fprintf(stderr, "dmverify: rank %d of %d: %s: ending all ranks (exit %d)\n", g_rank, g_size, why, status);
    fflush(stderr);
#ifdef DMV_MPI
    if (g_on)
        MPI_Abort(MPI_COMM_WORLD, status);
#endif
    exit(status);
}

static int status_of(int rc)
{
    return (rc == DMV_EINVAL || rc == DMV_EDOM) ? DMV_EXIT_USAGE : DMV_EXIT_FAIL;
}

#ifdef DMV_MPI
void dmv_mpi_sync(void)
{
    if (g_on && g_size > 1)
        MPI_Barrier(MPI_COMM_WORLD);
}

void dmv_mpi_check_same(uint64_t fingerprint, const char *what)
{
    unsigned long long mine = (unsigned long long) fingerprint, lo = 0, hi = 0;
    if (!g_on || g_size == 1)
        return;
    MPI_Allreduce(&mine, &lo, 1, MPI_UNSIGNED_LONG_LONG, MPI_MIN, MPI_COMM_WORLD);
    MPI_Allreduce(&mine, &hi, 1, MPI_UNSIGNED_LONG_LONG, MPI_MAX, MPI_COMM_WORLD);
    if (lo != hi) {
        char msg[300];
        snprintf(msg, sizeof msg, "the ranks were given different %s (fingerprint %016llx here)", what, mine);
        dmv_mpi_abort(DMV_EXIT_USAGE, msg);
    }
}

int dmv_mpi_ordered(long total, size_t rec_size, long block, dmv_mpi_compute_fn compute, dmv_mpi_merge_fn merge,
                    void *ctx, void (*progress)(void *pctx, double fraction), void *progress_ctx, dmv_error *err)
{
    long K = g_size, r = g_rank, nblocks, nrounds, g, q;
    unsigned char *buf[2] = {NULL, NULL}, *rbuf = NULL;
    MPI_Request req[2] = {MPI_REQUEST_NULL, MPI_REQUEST_NULL};
    int rc = DMV_OK;
    if (total < 0 || block < 1 || rec_size == 0 || (double) block * (double) rec_size > (double) INT_MAX)
        return dmv_error_set(err, DMV_EINVAL, "mpi ordered: total = %ld, block = %ld, record %zu bytes: need a "
                                              "block below 2 GiB", total, block, rec_size);
    nblocks = (total + block - 1) / block;
    nrounds = (nblocks + K - 1) / K;
    buf[0] = (unsigned char *) malloc((size_t) block * rec_size);
    buf[1] = (unsigned char *) malloc((size_t) block * rec_size);
    rbuf = (unsigned char *) malloc((size_t) block * rec_size);
    if (!buf[0] || !buf[1] || !rbuf)
        dmv_mpi_abort(DMV_EXIT_FAIL, "out of memory for the block buffers");
    for (g = 0; g < nrounds; g++) {
        long b = g * K + r, first = b * block, count = total - first < block ? total - first : block;
        unsigned char *mine = buf[g % 2];
        if (count < 0)
            count = 0;
        MPI_Wait(&req[g % 2], MPI_STATUS_IGNORE); /* the send of round g-2 used this buffer */
        if (count > 0 && (rc = compute(ctx, mine, first, count, err)) != DMV_OK) {
            if (K == 1)
                break;
            dmv_mpi_abort(status_of(rc), err->msg);
        }
        if (r != 0) {
            if (count > 0)
                MPI_Isend(mine, (int) ((size_t) count * rec_size), MPI_BYTE, 0, (int) (g % 32768), MPI_COMM_WORLD,
                          &req[g % 2]);
            continue;
        }
        for (q = 0; q < K; q++) {
            long fq = (g * K + q) * block, cq = total - fq < block ? total - fq : block;
            const unsigned char *in = mine;
            if (cq <= 0)
                break;
            if (q > 0) {
                MPI_Recv(rbuf, (int) ((size_t) cq * rec_size), MPI_BYTE, (int) q, (int) (g % 32768), MPI_COMM_WORLD,
                         MPI_STATUS_IGNORE);
                in = rbuf;
            }
            if ((rc = merge(ctx, in, fq, cq, err)) != DMV_OK) {
                if (K == 1)
                    break;
                dmv_mpi_abort(status_of(rc), err->msg);
            }
        }
        if (rc != DMV_OK)
            break;
        if (progress && total > 0) {
            long done = (g + 1) * K * block;
            progress(progress_ctx, done >= total ? 1.0 : (double) done / (double) total);
        }
    }
    MPI_Wait(&req[0], MPI_STATUS_IGNORE);
    MPI_Wait(&req[1], MPI_STATUS_IGNORE);
    free(buf[0]);
    free(buf[1]);
    free(rbuf);
    return rc;
}

/* ---- the dmv_fast_sample hook ---- */
typedef struct {
    const dmv_fast_job *job;
    dmv_fast_merge *m;
} sample_ctx;

static int sample_compute(void *ctx, unsigned char *out, long first, long count, dmv_error *err)
{
    sample_ctx *c = (sample_ctx *) ctx;
    return dmv_fast_sample_part(out, c->job, first, count, NULL, NULL, err);
}

static int sample_merge(void *ctx, const unsigned char *in, long first, long count, dmv_error *err)
{
    sample_ctx *c = (sample_ctx *) ctx;
    (void) first;
    (void) err;
    dmv_fast_merge_add(c->m, in, count);
    return DMV_OK;
}

static uint64_t job_fingerprint(const dmv_fast_job *job)
{
    uint64_t h = 1469598103934665603ULL;
    long v[8];
    v[0] = job->n;
    v[1] = (long) job->seed;
    v[2] = job->model ? job->model->dim : -1;
    v[3] = job->grid ? job->grid->steps : -1;
    v[4] = job->scheme ? (long) job->scheme->kind : -1;
    v[5] = job->process ? (long) job->process->kind : -1;
    v[6] = job->init ? (long) job->init->kind : -1;
    v[7] = job->generic_only;
    h = dmv_mpi_fnv1a(h, v, sizeof v);
    if (job->process)
        h = dmv_mpi_fnv1a(h, &job->process->t_max, sizeof(double));
    if (job->init_basis_data && job->init_basis_data->lambda && job->model)
        h = dmv_mpi_fnv1a(h, job->init_basis_data->lambda, (size_t) job->model->dim * sizeof(double));
    return h;
}

static int sample_hook(void *hctx, dmv_fast_stats *stats, const dmv_fast_job *job,
                       void (*progress)(void *pctx, double fraction), void *progress_ctx, dmv_error *err)
{
    sample_ctx c;
    long d, nchunks, tchunks, block, bmax = 0;
    long meta[3];
    int rc;
    (void) hctx;
    if (job->model == NULL || job->model->dim < 1 || job->n < 0 || job->batch < 1 || job->threads < 1)
        return dmv_error_set(err, DMV_EINVAL, "job: n = %ld, batch = %ld, threads = %d: need an initialised model, "
                             "n >= 0, batch >= 1, threads >= 1", job->n, job->batch, job->threads);
    dmv_mpi_check_same(job_fingerprint(job), "sampling jobs (n, seed, model, grid, scheme, data)");
    d = job->model->dim;
    nchunks = (job->n + DMV_FAST_CHUNK - 1) / DMV_FAST_CHUNK;
    tchunks = (job->batch + DMV_FAST_CHUNK - 1) / DMV_FAST_CHUNK;
    /* a block feeds every thread of a rank a few tasks; the same block on every rank */
    block = 4 * tchunks * (long) job->threads;
    if (block < 16)
        block = 16;
    MPI_Allreduce(&block, &bmax, 1, MPI_LONG, MPI_MAX, MPI_COMM_WORLD);
    while (bmax > 1 && (double) bmax * (double) dmv_fast_part_size(d) > 256.0 * 1024 * 1024)
        bmax /= 2;
    c.job = job;
    c.m = g_rank == 0 ? dmv_fast_merge_new(d) : NULL;
    if (g_rank == 0 && c.m == NULL)
        dmv_mpi_abort(DMV_EXIT_FAIL, "out of memory for the merge");
    rc = dmv_mpi_ordered(nchunks, dmv_fast_part_size(d), bmax, sample_compute, sample_merge, &c,
                         g_rank == 0 ? progress : NULL, progress_ctx, err);
    if (rc == DMV_OK && g_rank == 0)
        rc = dmv_fast_merge_finish(c.m, stats, job, err);
    dmv_fast_merge_free(c.m);
    if (rc != DMV_OK) /* K == 1 (else dmv_mpi_ordered aborted) */
        return rc;
    /* every rank goes on with rank 0's statistics */
    if (g_rank != 0) {
        dmv_fast_stats_clear(stats);
        stats->mean = (double *) calloc((size_t) d, sizeof(double));
        stats->m2 = (double *) calloc((size_t) d, sizeof(double));
        if (!stats->mean || !stats->m2)
            dmv_mpi_abort(DMV_EXIT_FAIL, "out of memory for the statistics");
        stats->d = d;
        stats->bit_exact = !job->model->ulp_bounded;
    }
    meta[0] = stats->n;
    meta[1] = stats->nonfinite;
    meta[2] = stats->nonfinite_rows;
    MPI_Bcast(meta, 3, MPI_LONG, 0, MPI_COMM_WORLD);
    MPI_Bcast(stats->hash, 65, MPI_CHAR, 0, MPI_COMM_WORLD);
    MPI_Bcast(stats->mean, (int) d, MPI_DOUBLE, 0, MPI_COMM_WORLD);
    MPI_Bcast(stats->m2, (int) d, MPI_DOUBLE, 0, MPI_COMM_WORLD);
    stats->n = meta[0];
    stats->nonfinite = meta[1];
    stats->nonfinite_rows = meta[2];
    return DMV_OK;
}

int dmv_mpi_init(int *argc, char ***argv)
{
    int provided = 0, i;
    unsigned long long h = 1469598103934665603ULL, *all = NULL;
    int bad = 0;
    if (MPI_Init_thread(argc, argv, MPI_THREAD_FUNNELED, &provided) != MPI_SUCCESS) {
        fprintf(stderr, "dmverify: MPI_Init failed\n");
        return DMV_EXIT_FAIL;
    }
    g_on = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &g_rank);
    MPI_Comm_size(MPI_COMM_WORLD, &g_size);
    for (i = 1; i < *argc; i++)
        h = dmv_mpi_fnv1a(h, (*argv)[i], strlen((*argv)[i]) + 1);
    if (g_rank == 0 && (all = (unsigned long long *) malloc((size_t) g_size * sizeof *all)) == NULL)
        dmv_mpi_abort(DMV_EXIT_FAIL, "out of memory");
    MPI_Gather(&h, 1, MPI_UNSIGNED_LONG_LONG, all, 1, MPI_UNSIGNED_LONG_LONG, 0, MPI_COMM_WORLD);
    if (g_rank == 0) {
        for (i = 1; i < g_size; i++)
            if (all[i] != all[0]) {
                if (!bad)
                    fprintf(stderr, "dmverify: the MPI ranks were given different arguments: rank 0 has "
                                    "fingerprint %016llx; differing:", all[0]);
                fprintf(stderr, " rank %d (%016llx)", i, all[i]);
                bad = 1;
            }
        if (bad)
            fprintf(stderr, "; nothing was run\n");
        free(all);
    }
    MPI_Bcast(&bad, 1, MPI_INT, 0, MPI_COMM_WORLD);
    if (bad) { /* every rank knows: end cleanly, exit 2 */
        g_on = 0;
        MPI_Finalize();
        return DMV_EXIT_USAGE;
    }
    if (g_rank != 0 && freopen("/dev/null", "w", stdout) == NULL)
        dmv_mpi_abort(DMV_EXIT_FAIL, "cannot redirect stdout to /dev/null");
    dmv_fast_set_sample_hook(sample_hook, NULL);
    return 0;
}

int dmv_mpi_finish(int status)
{
    if (!g_on)
        return status;
    fflush(stdout);
    if (status != DMV_EXIT_PASS && status != DMV_EXIT_FAIL && status != DMV_EXIT_INCONCLUSIVE && g_size > 1)
        dmv_mpi_abort(status, "this rank failed");
    g_on = 0;
    MPI_Finalize();
    return status;
}

#else /* one process, no MPI */

void dmv_mpi_sync(void)
{
}

void dmv_mpi_check_same(uint64_t fingerprint, const char *what)
{
    (void) fingerprint;
    (void) what;
}

int dmv_mpi_ordered(long total, size_t rec_size, long block, dmv_mpi_compute_fn compute, dmv_mpi_merge_fn merge,
                    void *ctx, void (*progress)(void *pctx, double fraction), void *progress_ctx, dmv_error *err)
{
    unsigned char *buf;
    long first;
    int rc = DMV_OK;
    if (total < 0 || block < 1 || rec_size == 0)
        return dmv_error_set(err, DMV_EINVAL, "ordered: total = %ld, block = %ld, record %zu bytes", total, block,
                             rec_size);
    if ((buf = (unsigned char *) malloc((size_t) block * rec_size)) == NULL)
        return dmv_error_set(err, DMV_ENOMEM, "ordered: out of memory (block = %ld)", block);
    for (first = 0; first < total && rc == DMV_OK; first += block) {
        long count = total - first < block ? total - first : block;
        rc = compute(ctx, buf, first, count, err);
        if (rc == DMV_OK)
            rc = merge(ctx, buf, first, count, err);
        if (rc == DMV_OK && progress)
            progress(progress_ctx, (double) (first + count) / (double) total);
    }
    free(buf);
    return rc;
}

int dmv_mpi_init(int *argc, char ***argv)
{
    (void) argc;
    (void) argv;
    return 0;
}

int dmv_mpi_finish(int status)
{
    (void) g_on;
    (void) status_of;
    return status;
}
#endif
