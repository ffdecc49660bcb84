/* The audit library (include/dmv/audit.h) against the fast sampler, the independent side: on random
 * problems (every process, grid and scheme, random data and start) the noise rows of the layout equal
 * the initial point and noises the fast sampler's own trace consumed (fast/trace.c), bit for bit; the
 * fast sampler's outputs fed with that noise pass the pathwise check (the certified map of
 * reference/scheme.c, a different code), and the same outputs with one value off by a relative 1e-7
 * fail it. The moments do not depend on how the rows are chunked; a non-finite sample is refused
 * naming its row and column. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "dmv/audit.h"
#include "dmv/fast.h"
#include "dmv_test.h"

#define NS 48

static const dmv_outcome *find(const dmv_run_result *r, const char *id)
{
    long i;
    for (i = 0; i < r->n; i++)
        if (strcmp(r->outcomes[i].claim->id, id) == 0)
            return &r->outcomes[i];
    return NULL;
}

/* Runs the audit of rows x with noise z (chunk rows at a time); returns the pathwise verdict or -1. */
static int pathwise_verdict(const dmv_problem *p, const double *x, const double *z, long n, long chunk,
                            dmv_run_result *keep_law_p, double *p_joint)
{
    dmv_audit *a;
    dmv_audit_config cfg;
    dmv_run_result res;
    dmv_error err;
    long d = p->data.d, w = dmv_audit_noise_blocks(p) * d, first;
    int v = -1;
    (void) keep_law_p;
    dmv_error_init(&err);
    dmv_audit_config_default(&cfg);
    if (dmv_audit_new(&a, p, &cfg, 1, &err) != DMV_OK) {
        DMV_CHECK(0, "dmv_audit_new: %s", err.msg);
        return -1;
    }
    for (first = 0; first < n; first += chunk) {
        long m = n - first < chunk ? n - first : chunk;
        if (dmv_audit_feed(a, m, x + first * d, z + first * w, &err) != DMV_OK) {
            DMV_CHECK(0, "feed: %s", err.msg);
            dmv_audit_free(a);
            return -1;
        }
    }
    if (dmv_audit_finish(a, &res, &err) == DMV_OK) {
        const dmv_outcome *o = find(&res, "audit.pathwise"), *l = find(&res, "audit.law");
        v = o ? (int) o->final_verdict : -1;
        if (p_joint != NULL && l != NULL && l->result.ntests > 0)
            *p_joint = l->result.tests[0].p_value;
    } else
        DMV_CHECK(0, "finish: %s", err.msg);
    dmv_audit_free(a);
    return v;
}

int main(void)
{
    dmv_test_rng rng = {20261207};
    long iter, iters = dmv_test_iters(14), cases = 0;
    for (iter = 0; iter < iters; iter++) {
        dmv_problem p;
        dmv_fast_model m;
        dmv_fast_job job;
        dmv_fast_trace tr;
        dmv_error err;
        double lambda[5], mean[5], *x, *z, pj1 = NAN, pj2 = NAN;
        long d = 1 + (long) (dmv_test_uniform(&rng) * 5), j, k, w;
        int rc;
        memset(&p, 0, sizeof p);
        dmv_process_default(&p.process, (dmv_process_kind) (dmv_test_next(&rng) % 4));
        dmv_grid_default(&p.grid);
        p.grid.kind = (dmv_grid_kind) (dmv_test_next(&rng) % 4);
        p.grid.steps = 5 + (long) (dmv_test_next(&rng) % 20);
        p.grid.eps = p.process.kind == DMV_PROCESS_VE ? 0.002 : 1e-3;
        p.scheme.kind = (dmv_scheme_kind) (dmv_test_next(&rng) % DMV_SCHEME_COUNT);
        if (p.scheme.kind == DMV_SCHEME_DDPM && p.process.kind == DMV_PROCESS_VE)
            p.scheme.kind = DMV_SCHEME_EM;
        p.scheme.eta = (double) (dmv_test_next(&rng) % 3) / 2;
        dmv_init_default(&p.init);
        if (dmv_test_next(&rng) % 2)
            p.init.kind = DMV_INIT_EXACT;
        for (j = 0; j < d; j++) {
            lambda[j] = dmv_test_loguniform(&rng, 0.01, 4);
            mean[j] = 4 * dmv_test_uniform(&rng) - 2;
        }
        p.data.d = d;
        p.data.lambda = lambda;
        p.data.mean = mean;
        p.data.basis = NULL;
        p.seed = dmv_test_next(&rng);
        dmv_error_init(&err);
        if (dmv_grid_check(&p.grid, &p.process, NULL) != DMV_OK || dmv_scheme_check(&p.scheme, &p.process, NULL) != DMV_OK)
            continue;
        w = dmv_audit_noise_blocks(&p) * d;
        x = malloc((size_t) (NS * d) * sizeof *x);
        z = malloc((size_t) (NS * w) * sizeof *z);
        rc = dmv_fast_model_gaussian_diag_init(&m, &p.data, &err);
        DMV_CHECK(rc == DMV_OK, "model: %s", err.msg);
        dmv_fast_job_init(&job);
        job.process = &p.process;
        job.grid = &p.grid;
        job.scheme = &p.scheme;
        job.init = &p.init;
        job.init_basis_data = &p.data;
        job.model = &m;
        job.n = NS;
        job.seed = p.seed;
        rc = dmv_fast_run_rows(x, &job, 0, NS, &err);
        if (rc == DMV_EDOM) { /* e.g. DDPM with h g^2 >= 1: not a problem to audit */
            dmv_fast_model_clear(&m);
            free(x);
            free(z);
            continue;
        }
        DMV_CHECK(rc == DMV_OK, "fast: %s", err.msg);
        rc = dmv_audit_noise_rows(z, &p, 0, NS, &err);
        DMV_CHECK(rc == DMV_OK, "noise rows: %s", err.msg);
        /* the layout = what the fast sampler consumed (its trace of sample 7) */
        dmv_fast_trace_init(&tr);
        rc = dmv_fast_trace_run(&tr, &job, 7, &err);
        DMV_CHECK(rc == DMV_OK, "trace: %s", err.msg);
        for (j = 0; rc == DMV_OK && j < d; j++) {
            DMV_CHECK(tr.x[j] == z[7 * w + j], "%s/%s: initial point [%ld]: trace %.17g, layout %.17g",
                      dmv_process_name(p.process.kind), dmv_scheme_name(p.scheme.kind), j, tr.x[j], z[7 * w + j]);
            for (k = 1; k < w / d; k++)
                DMV_CHECK(tr.z[k * d + j] == z[7 * w + k * d + j], "%s: noise z_%ld[%ld]: trace %.17g, layout %.17g",
                          dmv_scheme_name(p.scheme.kind), k, j, tr.z[k * d + j], z[7 * w + k * d + j]);
        }
        DMV_CHECK(tr.stochastic == (w > d), "%s: stochastic %d but %ld blocks", dmv_scheme_name(p.scheme.kind),
                  tr.stochastic, w / d);
        dmv_fast_trace_clear(&tr);
        {
            int v = pathwise_verdict(&p, x, z, NS, 5, NULL, &pj1);
            DMV_CHECK(v == DMV_VERDICT_PASS, "%s on %s, %s grid, %ld steps, d %ld: the fast sampler's outputs fail "
                      "the pathwise check (verdict %d)", dmv_scheme_name(p.scheme.kind), dmv_process_name(p.process.kind),
                      dmv_grid_name(p.grid.kind), p.grid.steps, d, v);
            v = pathwise_verdict(&p, x, z, NS, NS, NULL, &pj2);
            DMV_CHECK(fabs(pj1 - pj2) <= 1e-9 * (pj1 + 1e-300), "chunked moments: p %.17g vs %.17g", pj1, pj2);
            x[11 * d + d - 1] *= 1 + 1e-7;
            if (x[11 * d + d - 1] != 0) {
                v = pathwise_verdict(&p, x, z, NS, 7, NULL, NULL);
                DMV_CHECK(v == DMV_VERDICT_FAIL, "%s: one output off by 1e-7 passes the pathwise check",
                          dmv_scheme_name(p.scheme.kind));
            }
        }
        cases++;
        dmv_fast_model_clear(&m);
        free(x);
        free(z);
    }
    DMV_CHECK(cases >= iters / 2, "only %ld of %ld random problems were usable", cases, iters);
    {   /* a non-finite sample is refused, naming it */
        dmv_problem p;
        dmv_audit *a;
        dmv_audit_config cfg;
        dmv_error err;
        double lambda[2] = {1, 2}, rows[6] = {0, 1, 2, NAN, 3, 4};
        memset(&p, 0, sizeof p);
        dmv_process_default(&p.process, DMV_PROCESS_VP_LINEAR);
        dmv_grid_default(&p.grid);
        dmv_scheme_default(&p.scheme);
        dmv_init_default(&p.init);
        p.data.d = 2;
        p.data.lambda = lambda;
        dmv_audit_config_default(&cfg);
        cfg.source = "t.npy";
        dmv_error_init(&err);
        DMV_CHECK(dmv_audit_new(&a, &p, &cfg, 0, &err) == DMV_OK, "new: %s", err.msg);
        DMV_CHECK(dmv_audit_feed(a, 3, rows, NULL, &err) == DMV_EFORMAT && strstr(err.msg, "[1, 1]") != NULL &&
                      strstr(err.msg, "t.npy") != NULL, "NaN: %s", err.msg);
        dmv_audit_free(a);
    }
    DMV_TEST_DONE("t-audit");
}
