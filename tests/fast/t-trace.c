/* The per-step trace (fast/trace.c) against the normal sampler: for every scheme (DDIM with eta 0
 * and 1) and several models (Gaussian diagonal on the fused and on the generic path, mixture,
 * uniform boxes, empirical), the traced output of samples 0, 5 and 10 equals, bit for bit, the
 * row the threaded, batched sampler (dmv_fast_sample, 2 threads, batch 4) gives for that sample.
 * The traced initial point is its initial noise (start N(0, I): x = 0 + 1 z exactly), the traced
 * noises are those of the scalar generator dmv_fast_noise(seed, sample, step, coordinate) for
 * the stochastic schemes and zero for the others, the grid ends at T and eps. Argument errors
 * name the value. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "dmv/fast.h"
#include "dmv/model_spec.h"
#include "dmv_test.h"
#include "vp_job.h"

#define NS 11
#define STEPS 12

typedef struct {
    long d;
    double *rows;
} sink_t;

static int sink(void *ctx, long first, long rows, const double *x)
{
    sink_t *s = ctx;
    memcpy(s->rows + first * s->d, x, (size_t) (rows * s->d) * sizeof(double));
    return 0;
}

static void check_model(const char *name, const char *json, int generic_only)
{
    dmv_model_spec spec;
    dmv_fast_model m;
    dmv_error err;
    long kind, e, d;
    int rc;
    dmv_model_spec_init(&spec);
    dmv_error_init(&err);
    rc = dmv_model_spec_parse(&spec, json, strlen(json), name, NULL, NULL, &err);
    DMV_CHECK(rc == DMV_OK, "%s: %s", name, err.msg);
    rc = dmv_fast_model_from_spec(&m, &spec, &err);
    DMV_CHECK(rc == DMV_OK, "%s: %s", name, err.msg);
    if (rc != DMV_OK)
        return;
    d = m.dim;
    for (kind = 0; kind < DMV_SCHEME_COUNT; kind++)
        for (e = 0; e < (kind == DMV_SCHEME_DDIM ? 2 : 1); e++) {
            dmv_process p;
            dmv_grid g;
            dmv_scheme sc;
            dmv_init in;
            dmv_fast_job job;
            dmv_fast_trace tr;
            sink_t sk;
            long i, k, j;
            dmv_test_vp_job(&job, &p, &g, &sc, &in, kind == DMV_SCHEME_DDPM ? 4 * STEPS : STEPS, kind, (double) e);
            job.model = &m;
            job.n = NS;
            job.seed = 987654321;
            job.threads = 2;
            job.batch = 4;
            job.generic_only = generic_only;
            sk.d = d;
            sk.rows = malloc((size_t) (NS * d) * sizeof(double));
            rc = dmv_fast_sample(NULL, &job, sink, &sk, NULL, NULL, &err);
            DMV_CHECK(rc == DMV_OK, "%s %s: sample: %s", name, dmv_scheme_name(sc.kind), err.msg);
            dmv_fast_trace_init(&tr);
            for (i = 0; i < NS; i += 5) {
                rc = dmv_fast_trace_run(&tr, &job, i, &err);
                DMV_CHECK(rc == DMV_OK, "%s %s: trace: %s", name, dmv_scheme_name(sc.kind), err.msg);
                if (rc != DMV_OK)
                    continue;
                DMV_CHECK(tr.d == d && tr.steps == g.steps && tr.sample == i, "%s: trace shape", name);
                DMV_CHECK(memcmp(tr.x + g.steps * d, sk.rows + i * d, (size_t) d * sizeof(double)) == 0,
                          "%s %s eta %ld sample %ld: traced output %.17g differs from the sampler's %.17g", name,
                          dmv_scheme_name(sc.kind), e, i, tr.x[g.steps * d], sk.rows[i * d]);
                DMV_CHECK(tr.s[0] == p.t_max && tr.s[g.steps] == g.eps, "%s: grid ends %g %g", name, tr.s[0],
                          tr.s[g.steps]);
                DMV_CHECK(tr.stochastic == (kind <= DMV_SCHEME_DDPM || kind == DMV_SCHEME_DDPM_CHAIN ||
                                                  kind == DMV_SCHEME_DDPM_POSTERIOR || (kind == DMV_SCHEME_DDIM && e > 0)),
                          "%s %s: stochastic = %d", name, dmv_scheme_name(sc.kind), tr.stochastic);
                for (j = 0; j < d; j++) {
                    double z0 = dmv_fast_noise(job.seed, (uint64_t) i, 0, (uint32_t) j);
                    DMV_CHECK(tr.x[j] == z0 && tr.z[j] == z0, "%s: initial point %.17g, noise %.17g, expected %.17g",
                              name, tr.x[j], tr.z[j], z0);
                }
                for (k = 1; k <= g.steps; k++)
                    for (j = 0; j < d; j++) {
                        double want = tr.stochastic ? dmv_fast_noise(job.seed, (uint64_t) i, (uint32_t) k, (uint32_t) j)
                                                    : 0.0;
                        DMV_CHECK(tr.z[k * d + j] == want, "%s %s: noise of step %ld coordinate %ld", name,
                                  dmv_scheme_name(sc.kind), k, j);
                    }
                for (k = 1; k < g.steps; k++) /* states move (a trace that copies x_0 would not) */
                    DMV_CHECK(isfinite(tr.x[k * d]) && tr.x[k * d] != tr.x[(k - 1) * d], "%s %s: step %ld", name,
                              dmv_scheme_name(sc.kind), k);
            }
            dmv_fast_trace_clear(&tr);
            free(sk.rows);
        }
    { /* argument errors */
        dmv_fast_trace tr;
        dmv_fast_job job;
        dmv_fast_trace_init(&tr);
        dmv_fast_job_init(&job);
        dmv_error_init(&err);
        rc = dmv_fast_trace_run(&tr, &job, -3, &err);
        DMV_CHECK(rc == DMV_EINVAL && strstr(err.msg, "sample = -3") != NULL, "sample -3: rc %d '%s'", rc, err.msg);
        dmv_error_init(&err);
        rc = dmv_fast_trace_run(&tr, &job, 0, &err);
        DMV_CHECK(rc == DMV_EINVAL && strstr(err.msg, "process") != NULL, "empty job: rc %d '%s'", rc, err.msg);
        DMV_CHECK(tr.x == NULL && tr.steps == 0, "a failed trace is left empty");
    }
    dmv_fast_model_clear(&m);
    dmv_model_spec_clear(&spec);
}

int main(void)
{
    const char *gauss = "{\"model\": \"gaussian\", \"lambda\": [1, 2, 0.5, 0.01], \"mean\": [1, 0, -1, 0.5]}";
    check_model("gaussian fused", gauss, 0);
    check_model("gaussian generic", gauss, 1);
    check_model("mixture", "{\"model\": \"mixture\", \"weights\": [1, 2], \"means\": [[1, 0, -1], [-1, 0.5, 0]], "
                           "\"vars\": [[0.2, 0.1, 0.3], [0.1, 0.2, 0.05]]}", 0);
    check_model("umix", "{\"model\": \"umix\", \"weights\": [[1, 1], [1, 2]], \"a\": [[-2, 1], [-1, 0.5]], "
                        "\"b\": [[-1, 3], [0, 2.5]]}", 0);
    check_model("empirical", "{\"model\": \"empirical\", \"train\": [[1.5, -0.5], [0, 1], [-1, -1], [0.25, 0.75]], "
                             "\"method\": \"direct\"}", 0);
    DMV_TEST_DONE("t-trace");
}
