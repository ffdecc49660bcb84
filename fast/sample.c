/* Reproducible batched, threaded execution (docs/sample.md).
 *
 * Samples are grouped in chunks of DMV_FAST_CHUNK consecutive indices (fixed,
 * independent of batch and threads). A task is a run of whole chunks (one chunk,
 * or ceil(batch/CHUNK) chunks when batch > CHUNK), computed by one thread in
 * sub-batches of `batch` rows. Per chunk the thread keeps Welford moments (rows
 * fed in sample order), a non-finite count and the SHA-256 of the rows' bytes.
 * Finished tasks are merged in task order (Chan's formula, then the chunk digest
 * into the outer SHA-256, then the sink): a bounded window of tasks is in flight,
 * so memory is bounded by threads x batch, never by n. */
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "fast_internal.h"

void dmv_fast_stats_init(dmv_fast_stats *st)
{
    memset(st, 0, sizeof *st);
    st->hash_name = "sha256-chunk128";
}

void dmv_fast_stats_clear(dmv_fast_stats *st)
{
    free(st->mean);
    free(st->m2);
    dmv_fast_stats_init(st);
}

typedef struct {
    long count;
    double *mean, *m2;
    long nonfinite, nonfinite_rows;
    dmv_fast_sha256 sha;
    unsigned char digest[32];
} chunk_acc;

typedef struct {
    int done;
    long first, rows; /* samples of the task */
    long nchunks;
    chunk_acc *chunks;
    double *rows_buf; /* rows x d when a sink is given */
} slot_t;

typedef struct {
    const dmv_fast_plan *pl;
    long n, d, batch, task_rows, ntasks, window;
    long first0, end;      /* samples first0 .. end-1 are computed (0 .. n-1 unless a part is asked) */
    unsigned char *part;   /* dmv_fast_sample_part: the chunk records, instead of merging */
    /* shared state, under mu */
    pthread_mutex_t mu;
    pthread_cond_t cv;
    long next_task, merged;
    int stop, rc;
    dmv_error err;
    slot_t *slots;
    /* result */
    int want_stats; /* 0: stats == NULL, skip moments and hashes */
    long total, computed; /* merged samples; computed samples (progress) */
    double *mean, *m2;
    long nonfinite, nonfinite_rows;
    dmv_fast_sha256 outer;
    int (*sink)(void *, long, long, const double *);
    void *sink_ctx;
    void (*progress)(void *, double);
    void *progress_ctx;
} runner;

typedef struct {
    runner *R;
    int id; /* worker index: 0 is the calling thread */
    dmv_fast_work w;
    unsigned char *bytes; /* d * 8 */
} worker;

static void put_le(unsigned char *b, const double *x, long d)
{
    long j;
    for (j = 0; j < d; j++) {
        uint64_t u;
        int i;
        memcpy(&u, &x[j], 8);
        for (i = 0; i < 8; i++)
            b[8 * j + i] = (unsigned char) (u >> (8 * i));
    }
}

static void acc_row(chunk_acc *c, const double *x, long d, unsigned char *bytes)
{
    long j, bad = 0;
    double cnt;
    c->count++;
    cnt = (double) c->count;
    for (j = 0; j < d; j++) {
        double delta = x[j] - c->mean[j];
        c->mean[j] += delta / cnt;
        c->m2[j] += delta * (x[j] - c->mean[j]);
        bad += !isfinite(x[j]);
    }
    c->nonfinite += bad;
    c->nonfinite_rows += bad > 0;
    put_le(bytes, x, d);
    dmv_fast_sha256_update(&c->sha, bytes, (size_t) d * 8);
}

static int run_task(worker *W, long t, slot_t *sl, dmv_error *err)
{
    runner *R = W->R;
    long d = R->d, first = R->first0 + t * R->task_rows, end = first + R->task_rows, b, r, c;
    int rc;
    if (end > R->end)
        end = R->end;
    sl->first = first;
    sl->rows = end - first;
    sl->nchunks = (sl->rows + DMV_FAST_CHUNK - 1) / DMV_FAST_CHUNK;
    for (c = 0; c < sl->nchunks; c++) {
        chunk_acc *a = &sl->chunks[c];
        a->count = 0;
        a->nonfinite = a->nonfinite_rows = 0;
        memset(a->mean, 0, (size_t) d * sizeof(double));
        memset(a->m2, 0, (size_t) d * sizeof(double));
        dmv_fast_sha256_init(&a->sha);
    }
    long off = 0;
#ifdef DMV_FAULT_INJECTION
    if (W->id == 1 && dmv_fast_fault("thread_index", NULL) == 1) /* thread_index=1: worker 1 off by one sample */
        off = 1;
#endif
    for (b = first; b < end; b += R->batch) {
        long nr = end - b < R->batch ? end - b : R->batch;
        if ((rc = dmv_fast_plan_run(R->pl, &W->w, b + off, nr, err)) != DMV_OK)
            return rc;
        for (r = 0; R->want_stats && r < nr; r++) {
            long i = b + r;
            acc_row(&sl->chunks[(i - first) / DMV_FAST_CHUNK], W->w.y + r * d, d, W->bytes);
        }
        if (sl->rows_buf)
            memcpy(sl->rows_buf + (b - first) * d, W->w.y, (size_t) (nr * d) * sizeof(double));
        if (R->progress) {
            pthread_mutex_lock(&R->mu);
            R->computed += nr;
            R->progress(R->progress_ctx, (double) R->computed / (double) (R->end - R->first0));
            pthread_mutex_unlock(&R->mu);
        }
    }
    for (c = 0; c < sl->nchunks; c++)
        dmv_fast_sha256_final(&sl->chunks[c].sha, sl->chunks[c].digest);
    return DMV_OK;
}

/* Fold one chunk (count, mean, m2) into the totals (total, mean, m2): the one merge used by
 * dmv_fast_sample and dmv_fast_merge_add, so both give the same bits. */
static void chan_merge(double *mean, double *m2, long total, const double *bmean, const double *bm2, long bcount,
                       long d)
{
    long j;
    if (total == 0) {
        memcpy(mean, bmean, (size_t) d * sizeof(double));
        memcpy(m2, bm2, (size_t) d * sizeof(double));
    } else { /* Chan, Golub & LeVeque: combine (nA, meanA, M2A) with (nB, meanB, M2B) */
        double na = (double) total, nb = (double) bcount, nt = na + nb;
        double wb = nb / nt, wab = na * nb / nt;
        for (j = 0; j < d; j++) {
            double delta = bmean[j] - mean[j];
            mean[j] = mean[j] + delta * wb;
            m2[j] = m2[j] + bm2[j] + delta * delta * wab;
        }
    }
}

/* chunk record (dmv_fast_part_size): int64 count, nonfinite, nonfinite_rows (little-endian as
 * the host stores them), 32-byte digest, d doubles mean, d doubles m2 */
static void put_record(unsigned char *rec, const chunk_acc *a, long d)
{
    int64_t v[3];
    v[0] = a->count;
    v[1] = a->nonfinite;
    v[2] = a->nonfinite_rows;
    memcpy(rec, v, sizeof v);
    memcpy(rec + 24, a->digest, 32);
    memcpy(rec + 56, a->mean, (size_t) d * sizeof(double));
    memcpy(rec + 56 + 8 * d, a->m2, (size_t) d * sizeof(double));
}

/* Merge one finished slot into the totals (caller holds mu). */
static int merge_slot(runner *R, slot_t *sl)
{
    long c, d = R->d;
    if (!R->want_stats)
        R->total += sl->rows;
    for (c = 0; R->want_stats && c < sl->nchunks; c++) {
        chunk_acc *a = &sl->chunks[c];
        if (R->part) {
            long k = (sl->first - R->first0) / DMV_FAST_CHUNK + c;
            put_record(R->part + (size_t) k * dmv_fast_part_size(d), a, d);
            R->total += a->count;
            continue;
        }
        chan_merge(R->mean, R->m2, R->total, a->mean, a->m2, a->count, d);
        R->total += a->count;
        R->nonfinite += a->nonfinite;
        R->nonfinite_rows += a->nonfinite_rows;
        dmv_fast_sha256_update(&R->outer, a->digest, 32);
    }
    if (R->sink) {
        int rc = R->sink(R->sink_ctx, sl->first, sl->rows, sl->rows_buf);
        if (rc != DMV_OK)
            return dmv_error_set(&R->err, rc, "sample sink failed at sample %ld (code %d)", sl->first, rc);
    }
    return DMV_OK;
}

static void *work_loop(void *arg)
{
    worker *W = (worker *) arg;
    runner *R = W->R;
    dmv_error lerr;
    pthread_mutex_lock(&R->mu);
    for (;;) {
        long t;
        int rc;
        while (!R->stop && R->next_task < R->ntasks && R->next_task >= R->merged + R->window)
            pthread_cond_wait(&R->cv, &R->mu);
        if (R->stop || R->next_task >= R->ntasks)
            break;
        t = R->next_task++;
        pthread_mutex_unlock(&R->mu);
        dmv_error_init(&lerr);
        rc = run_task(W, t, &R->slots[t % R->window], &lerr);
        pthread_mutex_lock(&R->mu);
        if (rc != DMV_OK) {
            if (!R->stop) {
                R->stop = 1;
                R->rc = rc;
                R->err = lerr;
            }
            pthread_cond_broadcast(&R->cv);
            break;
        }
        R->slots[t % R->window].done = 1;
        while (!R->stop && R->merged < R->ntasks && R->slots[R->merged % R->window].done) {
            slot_t *sl = &R->slots[R->merged % R->window];
            rc = merge_slot(R, sl);
            sl->done = 0;
            R->merged++;
            if (rc != DMV_OK) {
                R->stop = 1;
                R->rc = rc;
            }
        }
        pthread_cond_broadcast(&R->cv);
    }
    pthread_mutex_unlock(&R->mu);
    return NULL;
}

static void hex(char *out, const unsigned char *dg)
{
    static const char h[] = "0123456789abcdef";
    int i;
    for (i = 0; i < 32; i++) {
        out[2 * i] = h[dg[i] >> 4];
        out[2 * i + 1] = h[dg[i] & 15];
    }
    out[64] = 0;
}

static dmv_fast_sample_hook g_hook = NULL;
static void *g_hook_ctx = NULL;

void dmv_fast_set_sample_hook(dmv_fast_sample_hook hook, void *ctx)
{
    g_hook = hook;
    g_hook_ctx = ctx;
}

size_t dmv_fast_part_size(long d)
{
    return 56 + 16 * (size_t) d;
}

static int sample_core(dmv_fast_stats *stats, const dmv_fast_job *job,
                       int (*sink)(void *ctx, long first, long rows, const double *x), void *sink_ctx,
                       void (*progress)(void *ctx, double fraction), void *progress_ctx, unsigned char *part,
                       long first_chunk, long nchunks, dmv_error *err)
{
    dmv_fast_plan pl;
    runner R;
    worker *W = NULL;
    pthread_t *tid = NULL;
    long i, c, d, tchunks;
    int rc, nthreads, started = 0;
    unsigned char dg[32];

    if ((rc = dmv_fast_plan_init(&pl, job, err)) != DMV_OK)
        return rc;
    d = pl.d;
    memset(&R, 0, sizeof R);
    R.pl = &pl;
    R.n = job->n;
    R.d = d;
    R.batch = job->batch;
    tchunks = (job->batch + DMV_FAST_CHUNK - 1) / DMV_FAST_CHUNK;
    R.task_rows = tchunks * DMV_FAST_CHUNK;
    R.first0 = 0;
    R.end = R.n;
    if (part != NULL) { /* chunks first_chunk .. first_chunk+nchunks-1, clipped to n */
        R.part = part;
        R.first0 = first_chunk * DMV_FAST_CHUNK;
        if (R.first0 > R.n)
            R.first0 = R.n;
        if (nchunks * DMV_FAST_CHUNK < R.end - R.first0)
            R.end = R.first0 + nchunks * DMV_FAST_CHUNK;
    }
    R.ntasks = (R.end - R.first0 + R.task_rows - 1) / R.task_rows;
    nthreads = job->threads;
    if (nthreads > R.ntasks)
        nthreads = R.ntasks > 0 ? (int) R.ntasks : 1;
    R.window = sink ? nthreads + 1 : 2 * nthreads + 2;
    if (R.batch > R.task_rows)
        R.batch = R.task_rows;
    if (R.batch > R.end - R.first0 && R.end > R.first0)
        R.batch = R.end - R.first0;
    R.want_stats = stats != NULL;
    R.sink = sink;
    R.sink_ctx = sink_ctx;
    R.progress = progress;
    R.progress_ctx = progress_ctx;
    dmv_error_init(&R.err);
    dmv_fast_sha256_init(&R.outer);
    R.mean = (double *) calloc((size_t) d, sizeof(double));
    R.m2 = (double *) calloc((size_t) d, sizeof(double));
    R.slots = (slot_t *) calloc((size_t) R.window, sizeof(slot_t));
    W = (worker *) calloc((size_t) nthreads, sizeof(worker));
    tid = (pthread_t *) calloc((size_t) nthreads, sizeof(pthread_t));
    rc = (!R.mean || !R.m2 || !R.slots || !W || !tid) ? DMV_ENOMEM : DMV_OK;
    for (i = 0; rc == DMV_OK && i < R.window; i++) {
        slot_t *sl = &R.slots[i];
        sl->chunks = (chunk_acc *) calloc((size_t) tchunks, sizeof(chunk_acc));
        if (!sl->chunks) {
            rc = DMV_ENOMEM;
            break;
        }
        for (c = 0; c < tchunks; c++) {
            sl->chunks[c].mean = (double *) malloc((size_t) d * sizeof(double));
            sl->chunks[c].m2 = (double *) malloc((size_t) d * sizeof(double));
            if (!sl->chunks[c].mean || !sl->chunks[c].m2)
                rc = DMV_ENOMEM;
        }
        if (sink && R.n > 0) {
            sl->rows_buf = (double *) malloc((size_t) R.task_rows * (size_t) d * sizeof(double));
            if (!sl->rows_buf)
                rc = DMV_ENOMEM;
        }
    }
    if (rc != DMV_OK)
        dmv_error_set(err, rc, "sampler: out of memory (d = %ld, batch = %ld, threads = %d)", d, job->batch,
                      nthreads);
    for (i = 0; rc == DMV_OK && i < nthreads; i++) {
        W[i].R = &R;
        W[i].id = (int) i;
        W[i].bytes = (unsigned char *) malloc((size_t) d * 8);
        if (!W[i].bytes)
            rc = dmv_error_set(err, DMV_ENOMEM, "sampler: out of memory");
        else
            rc = dmv_fast_work_init(&W[i].w, &pl, R.batch, err);
    }
    if (rc == DMV_OK && R.ntasks > 0) {
        pthread_mutex_init(&R.mu, NULL);
        pthread_cond_init(&R.cv, NULL);
        for (i = 1; i < nthreads; i++) {
            if (pthread_create(&tid[i], NULL, work_loop, &W[i]) != 0)
                break;
            started++;
        }
        work_loop(&W[0]);
        for (i = 1; i <= started; i++)
            pthread_join(tid[i], NULL);
        pthread_mutex_destroy(&R.mu);
        pthread_cond_destroy(&R.cv);
        if (R.rc != DMV_OK)
            rc = dmv_error_set(err, R.rc, "%s", R.err.msg);
    }
    if (rc == DMV_OK && stats && !part) {
        dmv_fast_stats_clear(stats);
        stats->n = R.total;
        stats->d = d;
        stats->mean = R.mean;
        stats->m2 = R.m2;
        R.mean = R.m2 = NULL;
        stats->nonfinite = R.nonfinite;
        stats->bit_exact = !job->model->ulp_bounded;
        stats->nonfinite_rows = R.nonfinite_rows;
        dmv_fast_sha256_final(&R.outer, dg);
        hex(stats->hash, dg);
    }
    for (i = 0; W && i < nthreads; i++) {
        dmv_fast_work_clear(&W[i].w);
        free(W[i].bytes);
    }
    for (i = 0; R.slots && i < R.window; i++) {
        for (c = 0; R.slots[i].chunks && c < tchunks; c++) {
            free(R.slots[i].chunks[c].mean);
            free(R.slots[i].chunks[c].m2);
        }
        free(R.slots[i].chunks);
        free(R.slots[i].rows_buf);
    }
    free(R.slots);
    free(R.mean);
    free(R.m2);
    free(W);
    free(tid);
    dmv_fast_plan_clear(&pl);
    return rc;
}

int dmv_fast_sample(dmv_fast_stats *stats, const dmv_fast_job *job,
                    int (*sink)(void *ctx, long first, long rows, const double *x), void *sink_ctx,
                    void (*progress)(void *ctx, double fraction), void *progress_ctx, dmv_error *err)
{
    if (g_hook != NULL && stats != NULL && sink == NULL)
        return g_hook(g_hook_ctx, stats, job, progress, progress_ctx, err);
    return sample_core(stats, job, sink, sink_ctx, progress, progress_ctx, NULL, 0, 0, err);
}

int dmv_fast_sample_part(unsigned char *rec, const dmv_fast_job *job, long first_chunk, long nchunks,
                         void (*progress)(void *ctx, double fraction), void *progress_ctx, dmv_error *err)
{
    dmv_fast_stats dummy;
    if (rec == NULL || first_chunk < 0 || nchunks < 0)
        return dmv_error_set(err, DMV_EINVAL, "sample_part: first_chunk = %ld, nchunks = %ld: need >= 0 and a buffer",
                             first_chunk, nchunks);
    dmv_fast_stats_init(&dummy);
    return sample_core(&dummy, job, NULL, NULL, progress, progress_ctx, rec, first_chunk, nchunks, err);
}

struct dmv_fast_merge {
    long d, total, nonfinite, nonfinite_rows;
    double *mean, *m2;
    dmv_fast_sha256 outer;
};

dmv_fast_merge *dmv_fast_merge_new(long d)
{
    dmv_fast_merge *m = (dmv_fast_merge *) calloc(1, sizeof *m);
    if (m == NULL || d < 1)
        return (free(m), (dmv_fast_merge *) NULL);
    m->d = d;
    m->mean = (double *) calloc((size_t) d, sizeof(double));
    m->m2 = (double *) calloc((size_t) d, sizeof(double));
    if (!m->mean || !m->m2) {
        dmv_fast_merge_free(m);
        return NULL;
    }
    dmv_fast_sha256_init(&m->outer);
    return m;
}

void dmv_fast_merge_free(dmv_fast_merge *m)
{
    if (m == NULL)
        return;
    free(m->mean);
    free(m->m2);
    free(m);
}

void dmv_fast_merge_add(dmv_fast_merge *m, const unsigned char *rec, long nrec)
{
    long k, d = m->d;
    size_t sz = dmv_fast_part_size(d);
    double *bm = (double *) malloc(2 * (size_t) d * sizeof(double));
    for (k = 0; k < nrec; k++) {
        const unsigned char *r = rec + (size_t) k * sz;
        int64_t v[3];
        memcpy(v, r, sizeof v);
        if (v[0] == 0)
            continue; /* beyond n */
        if (bm == NULL) { /* out of memory: poison the totals (never a silent wrong value) */
            m->nonfinite = -1;
            continue;
        }
        memcpy(bm, r + 56, 2 * (size_t) d * sizeof(double));
        chan_merge(m->mean, m->m2, m->total, bm, bm + d, (long) v[0], d);
        m->total += (long) v[0];
        if (m->nonfinite >= 0)
            m->nonfinite += (long) v[1];
        m->nonfinite_rows += (long) v[2];
        dmv_fast_sha256_update(&m->outer, r + 24, 32);
    }
    free(bm);
}

int dmv_fast_merge_finish(dmv_fast_merge *m, dmv_fast_stats *stats, const dmv_fast_job *job, dmv_error *err)
{
    unsigned char dg[32];
    if (m->nonfinite < 0)
        return dmv_error_set(err, DMV_ENOMEM, "merge: out of memory (d = %ld)", m->d);
    dmv_fast_stats_clear(stats);
    stats->n = m->total;
    stats->d = m->d;
    stats->mean = m->mean;
    stats->m2 = m->m2;
    m->mean = m->m2 = NULL;
    stats->nonfinite = m->nonfinite;
    stats->nonfinite_rows = m->nonfinite_rows;
    stats->bit_exact = !job->model->ulp_bounded;
    dmv_fast_sha256_final(&m->outer, dg);
    hex(stats->hash, dg);
    return DMV_OK;
}

int dmv_fast_run_rows(double *out, const dmv_fast_job *job, long first_sample, long n, dmv_error *err)
{
    dmv_fast_plan pl;
    dmv_fast_work w;
    long b, B;
    int rc;
    if (first_sample < 0 || n < 0)
        return dmv_error_set(err, DMV_EINVAL, "run_rows: first_sample = %ld, n = %ld: need >= 0", first_sample, n);
    if ((rc = dmv_fast_plan_init(&pl, job, err)) != DMV_OK)
        return rc;
    B = job->batch < n ? job->batch : n;
    if (B < 1)
        B = 1;
    if ((rc = dmv_fast_work_init(&w, &pl, B, err)) != DMV_OK) {
        dmv_fast_plan_clear(&pl);
        return rc;
    }
    for (b = 0; b < n && rc == DMV_OK; b += B) {
        long nr = n - b < B ? n - b : B;
        rc = dmv_fast_plan_run(&pl, &w, first_sample + b, nr, err);
        if (rc == DMV_OK)
            memcpy(out + b * pl.d, w.y, (size_t) (nr * pl.d) * sizeof(double));
    }
    dmv_fast_work_clear(&w);
    dmv_fast_plan_clear(&pl);
    return rc;
}
