/* Per-step trace of chosen samples (docs/replay.md): the state before and after every step and
 * the noises each step consumed, computed by the sampler's own code (dmv_fast_plan_initial and
 * dmv_fast_plan_step of fast/scheme.c, one row at a time), so the traced final state is the
 * sampler's output bit for bit (for bit-exact models; an ulp-bounded model may differ at the ulp
 * level with the batch shape). */
#include <stdlib.h>
#include <string.h>

#include "fast_internal.h"

void dmv_fast_trace_init(dmv_fast_trace *tr)
{
    memset(tr, 0, sizeof *tr);
}

void dmv_fast_trace_clear(dmv_fast_trace *tr)
{
    free(tr->s);
    free(tr->x);
    free(tr->z);
    dmv_fast_trace_init(tr);
}

int dmv_fast_trace_run(dmv_fast_trace *tr, const dmv_fast_job *job, long sample, dmv_error *err)
{
    dmv_fast_plan pl;
    dmv_fast_work w;
    long k, d, N;
    double hl_prev = 0.0;
    int rc, stochastic;
    dmv_fast_trace_clear(tr);
    if (sample < 0)
        return dmv_error_set(err, DMV_EINVAL, "trace: sample = %ld: need sample >= 0", sample);
    if ((rc = dmv_fast_plan_init(&pl, job, err)) != DMV_OK)
        return rc;
    if ((rc = dmv_fast_work_init(&w, &pl, 1, err)) != DMV_OK) {
        dmv_fast_plan_clear(&pl);
        return rc;
    }
    d = pl.d;
    N = pl.steps;
    tr->d = d;
    tr->steps = N;
    tr->sample = sample;
    tr->s = malloc((size_t) (N + 1) * sizeof(double));
    tr->x = malloc((size_t) ((N + 1) * d) * sizeof(double));
    tr->z = calloc((size_t) ((N + 1) * d), sizeof(double));
    if (!tr->s || !tr->x || !tr->z) {
        rc = dmv_error_set(err, DMV_ENOMEM, "trace: out of memory for %ld steps, d = %ld", N, d);
        goto done;
    }
    memcpy(tr->s, pl.s, (size_t) (N + 1) * sizeof(double));
    stochastic = dmv_scheme_is_stochastic(&pl.scheme);
    tr->stochastic = stochastic;
    dmv_fast_noise_vec(pl.seed, (uint64_t) sample, 0, d, tr->z);
    dmv_fast_plan_initial(&pl, &w, sample, 1);
    memcpy(tr->x, w.y, (size_t) d * sizeof(double));
    for (k = 0; k < N; k++) {
        if (stochastic) /* the noise step k draws: counter step k + 1 (docs/schemes.md s.4) */
            dmv_fast_noise_vec(pl.seed, (uint64_t) sample, (uint32_t) (k + 1), d, tr->z + (k + 1) * d);
        if ((rc = dmv_fast_plan_step(&pl, &w, k, sample, 1, &hl_prev, err)) != DMV_OK)
            goto done;
        memcpy(tr->x + (k + 1) * d, w.y, (size_t) d * sizeof(double));
    }
    rc = DMV_OK;
done:
    if (rc != DMV_OK) {
        dmv_fast_trace_clear(tr);
    }
    dmv_fast_work_clear(&w);
    dmv_fast_plan_clear(&pl);
    return rc;
}
