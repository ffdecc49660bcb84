/* Helpers of the gd claims (theorems/gd/gd_claims.h): the model JSON and the fast sampler from
 * given starts. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dmv/fast.h"
#include "dmv/model_spec.h"
#include "dmv/ref_guided.h"
#include "gd_claims.h"

void dmv_gd_uniform_json(char *buf, size_t len, double w)
{
    snprintf(buf, len,
             "{\"model\": \"guided\", \"w\": %.17g, \"cond\": {\"model\": \"boxes\", \"weights\": [1], \"lo\": [[%d]], "
             "\"hi\": [[%d]]}, \"uncond\": {\"model\": \"boxes\", \"weights\": [1, 1], \"lo\": [[%d], [%d]], "
             "\"hi\": [[%d], [%d]]}}",
             w, GD_A1, GD_A2, GD_A1, -GD_A2, GD_A2, -GD_A1);
}

void dmv_gd_gauss_json(char *buf, size_t len, double w)
{
    snprintf(buf, len,
             "{\"model\": \"guided\", \"w\": %.17g, \"cond\": {\"model\": \"gaussian\", \"lambda\": [1], \"mean\": [1]}, "
             "\"uncond\": {\"model\": \"mixture\", \"weights\": [1, 1], \"means\": [[1], [-1]], \"vars\": [[1], [1]]}}",
             w);
}

int dmv_gd_fast_from_starts(double *y, const char *json, const double *x0, long n, dmv_scheme_kind scheme,
                            long steps, double T, dmv_error *err)
{
    dmv_model_spec spec;
    dmv_fast_model fm;
    dmv_process proc;
    dmv_grid grid;
    dmv_scheme sch;
    dmv_init init;
    dmv_fast_job job;
    long i;
    int rc;
    dmv_model_spec_init(&spec);
    if ((rc = dmv_model_spec_parse(&spec, json, strlen(json), "gd model", NULL, NULL, err)) != DMV_OK)
        return rc;
    if ((rc = dmv_fast_model_from_spec(&fm, &spec, err)) != DMV_OK) {
        dmv_model_spec_clear(&spec);
        return rc;
    }
    dmv_process_default(&proc, DMV_PROCESS_VP_LINEAR);
    proc.beta_min = proc.beta_max = 1; /* dX = -X dt + sqrt(2) dB */
    proc.t_max = T;
    dmv_grid_default(&grid);
    grid.kind = DMV_GRID_UNIFORM;
    grid.steps = steps;
    grid.eps = 0;
    dmv_scheme_default(&sch);
    sch.kind = scheme;
    dmv_init_default(&init);
    init.kind = DMV_INIT_GAUSSIAN;
    init.var = 0;
    dmv_fast_job_init(&job);
    job.process = &proc;
    job.grid = &grid;
    job.scheme = &sch;
    job.init = &init;
    job.model = &fm;
    job.n = 1;
    job.seed = 1;
    for (i = 0; i < n && rc == DMV_OK; i++) {
        init.mean = x0[i];
        rc = dmv_fast_run_rows(y + i, &job, 0, 1, err);
    }
    dmv_fast_model_clear(&fm);
    dmv_model_spec_clear(&spec);
    return rc;
}

void dmv_gd_quantile_starts_d(double *x, long n)
{
    arb_ptr q = _arb_vec_init(n);
    long i;
    dmv_ref_guided_quantile_starts(q, n, GD_PREC);
    for (i = 0; i < n; i++)
        x[i] = arf_get_d(arb_midref(q + i), ARF_RND_NEAR);
    _arb_vec_clear(q, n);
}
