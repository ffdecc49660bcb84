/* Validation of a job and its compiled plan (grid, initial law). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "fast_internal.h"

void dmv_fast_job_init(dmv_fast_job *job)
{
    memset(job, 0, sizeof *job);
    job->threads = 1;
    job->batch = DMV_FAST_BATCH_DEFAULT;
}

void dmv_fast_plan_clear(dmv_fast_plan *pl)
{
    free(pl->s);
    free(pl->m0);
    free(pl->sd0);
    memset(pl, 0, sizeof *pl);
}

int dmv_fast_plan_init(dmv_fast_plan *pl, const dmv_fast_job *job, dmv_error *err)
{
    long d, k, j;
    int rc;
    double *v0;
    memset(pl, 0, sizeof *pl);
    if (!job->process || !job->grid || !job->scheme || !job->init || !job->model)
        return dmv_error_set(err, DMV_EINVAL, "job: process, grid, scheme, init and model are required (%s missing)",
                             !job->process ? "process" : !job->grid ? "grid" : !job->scheme ? "scheme"
                                                                   : !job->init ? "init" : "model");
    if ((rc = dmv_fast_model_check(job->model, err)) != DMV_OK)
        return rc;
    d = job->model->dim;
    if (d < 1 || job->model->denoise == NULL)
        return dmv_error_set(err, DMV_EINVAL, "job: model dim = %ld: need an initialised model", d);
    if (job->n < 0)
        return dmv_error_set(err, DMV_EINVAL, "job: n = %ld: need n >= 0", job->n);
    if (job->threads < 1 || job->threads > 1024)
        return dmv_error_set(err, DMV_EINVAL, "job: threads = %d: need 1..1024", job->threads);
    if (job->batch < 1)
        return dmv_error_set(err, DMV_EINVAL, "job: batch = %ld: need batch >= 1", job->batch);
    if (job->grid->steps > 0xfffffffeL)
        return dmv_error_set(err, DMV_EINVAL, "job: steps = %ld: the noise counter holds < 2^32 steps",
                             job->grid->steps);
    if ((rc = dmv_process_check(job->process, err)) != DMV_OK)
        return rc;
    if ((rc = dmv_grid_check(job->grid, job->process, err)) != DMV_OK)
        return rc;
    if ((rc = dmv_scheme_check(job->scheme, job->process, err)) != DMV_OK)
        return rc;
    if (job->scheme->kind == DMV_SCHEME_DDIM && !(job->scheme->eta >= 0 && job->scheme->eta <= 1))
        return dmv_error_set(err, DMV_EINVAL, "scheme ddim: eta = %g: need 0 <= eta <= 1", job->scheme->eta);
    if ((job->scheme->kind == DMV_SCHEME_DPM2 || job->scheme->kind == DMV_SCHEME_DPMPP2M) &&
        !(dmv_grid_last(job->grid) > 0))
        return dmv_error_set(err, DMV_EINVAL, "scheme %s: last grid point %g: needs eps > 0 (log-SNR steps)",
                             dmv_scheme_name(job->scheme->kind), dmv_grid_last(job->grid));
    if (job->scheme->kind == DMV_SCHEME_DDPM && job->process->kind == DMV_PROCESS_VE)
        return dmv_error_set(err, DMV_EINVAL, "scheme ddpm: process ve: DDPM needs a VP process");
    if (job->init_basis_data && job->init_basis_data->basis && job->init_basis_data->d != d)
        return dmv_error_set(err, DMV_EINVAL, "job: basis dimension %ld differs from the model's %ld",
                             job->init_basis_data->d, d);
    pl->model = job->model;
    pl->process = job->process;
    pl->scheme = *job->scheme;
    pl->d = d;
    pl->steps = job->grid->steps;
    pl->seed = job->seed;
    pl->basis = job->init_basis_data ? job->init_basis_data->basis : NULL;
    pl->fused = !job->generic_only && dmv_fast_gaussian_diag_params(job->model, &pl->mu);
    pl->s = (double *) malloc((size_t) (pl->steps + 1) * sizeof(double));
    pl->m0 = (double *) malloc((size_t) d * sizeof(double));
    pl->sd0 = (double *) malloc((size_t) d * sizeof(double));
    if (!pl->s || !pl->m0 || !pl->sd0) {
        dmv_fast_plan_clear(pl);
        return dmv_error_set(err, DMV_ENOMEM, "job: out of memory for %ld steps, d = %ld", job->grid->steps, d);
    }
    if ((rc = dmv_fast_grid(pl->s, job->grid, job->process, err)) != DMV_OK) {
        dmv_fast_plan_clear(pl);
        return rc;
    }
    v0 = pl->sd0;
    if ((rc = dmv_fast_init_law(pl->m0, v0, d, job->init, job->process, job->init_basis_data, err)) != DMV_OK) {
        dmv_fast_plan_clear(pl);
        return rc;
    }
    for (j = 0; j < d; j++)
        pl->sd0[j] = sqrt(v0[j]);
    if (pl->scheme.kind == DMV_SCHEME_DDPM) /* b = h g(s)^2 < 1 on every step */
        for (k = 0; k < pl->steps; k++) {
            double h = pl->s[k] - pl->s[k + 1], b = h * dmv_fast_process_g2(job->process, pl->s[k]);
            if (!(b < 1)) {
                dmv_fast_plan_clear(pl);
                return dmv_error_set(err, DMV_EDOM, "scheme ddpm: step %ld has b = h g^2 = %.17g >= 1 "
                                                    "(use more steps)", k, b);
            }
        }
    return DMV_OK;
}
