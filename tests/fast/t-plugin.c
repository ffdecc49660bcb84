/* The plug-in interface (docs/plugins.md): a model written outside fast/ sees the evaluation
 * context (s, alpha, sigma, step, stage) the schemes of docs/schemes.md s.5 prescribe; its
 * error message reaches the caller of dmv_fast_sample with the model's name and the step; a
 * model built for another ABI version or struct size is refused; and a plug-in computing the
 * Gaussian-diagonal denoiser gives the built-in model's samples bit for bit. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dmv/fast.h"
#include "dmv_test.h"

#define MAXLOG 4096
#define NEVER (-1000)

typedef struct {
    long fail_step;  /* fail at this step (NEVER: never) */
    int with_msg;    /* 1: set a message when failing */
    long nlog;
    dmv_fast_eval log[MAXLOG];
} plug_state;

/* D = c x, c = alpha lambda / (alpha^2 lambda + sigma^2) with lambda = 1: the expression of
 * docs/schemes.md s.3 for N(0, I), rounded as the built-in diagonal model rounds it. */
static int plug_denoise(const dmv_fast_model *m, const dmv_fast_eval *ev, long n, const double *x, double *out,
                        void *ws, dmv_error *err)
{
    plug_state *st = (plug_state *) m->state;
    double a2 = ev->alpha * ev->alpha, s2 = ev->sigma * ev->sigma, c = (ev->alpha * 1.0) / (a2 * 1.0 + s2);
    long e;
    (void) ws;
    if (st->nlog < MAXLOG)
        st->log[st->nlog++] = *ev;
    if (ev->step == st->fail_step) {
        if (st->with_msg)
            return dmv_error_set(err, DMV_EDOM, "planted failure at sigma = %g", ev->sigma);
        return DMV_EDOM;
    }
    for (e = 0; e < n * m->dim; e++)
        out[e] = c * x[e];
    return DMV_OK;
}

static void plug_init(dmv_fast_model *m, plug_state *st, long d)
{
    dmv_fast_model_init(m, "test plug-in");
    m->dim = d;
    m->denoise = plug_denoise;
    m->state = st;
    st->fail_step = NEVER, st->with_msg = 0, st->nlog = 0;
}

int main(void)
{
    enum { D = 3, N = 40, STEPS = 6 };
    dmv_process p;
    dmv_grid g;
    dmv_scheme s;
    dmv_init in;
    dmv_fast_job job;
    dmv_fast_model pm, dm;
    dmv_gaussian ga;
    dmv_error err;
    static plug_state st;
    double lam[D] = {1, 1, 1}, grid[STEPS + 1], *o1 = malloc(N * D * sizeof(double)), *o2 = malloc(N * D * sizeof(double));
    long k, e;
    int rc;

    if (!o1 || !o2)
        return 1;
    dmv_process_default(&p, DMV_PROCESS_VP_LINEAR);
    dmv_grid_default(&g);
    g.steps = STEPS;
    dmv_scheme_default(&s);
    dmv_init_default(&in);
    plug_init(&pm, &st, D);
    dmv_fast_job_init(&job);
    job.process = &p, job.grid = &g, job.scheme = &s, job.init = &in, job.model = &pm;
    job.n = N, job.seed = 7, job.batch = N;
    dmv_error_init(&err);
    DMV_CHECK(dmv_fast_grid(grid, &g, &p, &err) == DMV_OK, "grid: %s", err.msg);

    /* 1. the evaluation context: Heun evaluates at s_k (stage 0) and s_{k+1} (stage 1) of step k */
    s.kind = DMV_SCHEME_HEUN;
    st.nlog = 0;
    rc = dmv_fast_run_rows(o1, &job, 0, N, &err);
    DMV_CHECK(rc == DMV_OK, "heun: %s", err.msg);
    DMV_CHECK(st.nlog == 2 * STEPS, "heun: %ld evaluations, expected %d", st.nlog, 2 * STEPS);
    for (e = 0; e < st.nlog && e < 2 * STEPS; e++) {
        const dmv_fast_eval *v = &st.log[e];
        double sk = grid[e / 2 + (e % 2)];
        DMV_CHECK(v->step == e / 2 && v->stage == e % 2, "heun call %ld: step %ld stage %d", e, v->step, v->stage);
        DMV_CHECK(v->s == sk && v->alpha == dmv_fast_process_alpha(&p, sk) &&
                      v->sigma == sqrt(dmv_fast_process_sigma2(&p, sk)),
                  "heun call %ld: s = %.17g (grid %.17g), alpha %.17g, sigma %.17g", e, v->s, sk, v->alpha, v->sigma);
    }
    /* RK4: stages 0..3 at s_k, the midpoint twice, s_{k+1} */
    s.kind = DMV_SCHEME_RK4;
    st.nlog = 0;
    rc = dmv_fast_run_rows(o1, &job, 0, N, &err);
    DMV_CHECK(rc == DMV_OK && st.nlog == 4 * STEPS, "rk4: rc %d, %ld evaluations", rc, st.nlog);
    for (e = 0; e < st.nlog && e < 4 * STEPS; e++) {
        const dmv_fast_eval *v = &st.log[e];
        k = e / 4;
        DMV_CHECK(v->step == k && v->stage == e % 4, "rk4 call %ld: step %ld stage %d", e, v->step, v->stage);
        DMV_CHECK(v->s == (e % 4 == 0 ? grid[k] : e % 4 == 3 ? grid[k + 1] : (grid[k] + grid[k + 1]) / 2),
                  "rk4 call %ld: s = %.17g", e, v->s);
    }

    /* 2. bit for bit the built-in Gaussian-diagonal model through the generic path (EM: noise too) */
    s.kind = DMV_SCHEME_EM;
    ga.d = D, ga.lambda = lam, ga.mean = NULL, ga.basis = NULL;
    DMV_CHECK(dmv_fast_model_gaussian_diag_init(&dm, &ga, &err) == DMV_OK, "diag: %s", err.msg);
    job.generic_only = 1;
    rc = dmv_fast_run_rows(o1, &job, 0, N, &err);
    job.model = &dm;
    rc |= dmv_fast_run_rows(o2, &job, 0, N, &err);
    DMV_CHECK(rc == DMV_OK && memcmp(o1, o2, N * D * sizeof(double)) == 0, "plug-in vs built-in: rc %d %s", rc,
              err.msg);
    job.model = &pm, job.generic_only = 0;

    /* 3. a plug-in's error reaches the caller, naming the model and the step (threaded run) */
    {
        dmv_fast_stats sts;
        job.threads = 2, job.batch = 8;
        st.fail_step = 3, st.with_msg = 1;
        dmv_fast_stats_init(&sts);
        dmv_error_init(&err);
        rc = dmv_fast_sample(&sts, &job, NULL, NULL, NULL, NULL, &err);
        DMV_CHECK(rc == DMV_EDOM && strstr(err.msg, "'test plug-in'") && strstr(err.msg, "step 3") &&
                      strstr(err.msg, "planted failure at sigma"),
                  "failure: rc %d, '%s'", rc, err.msg);
        /* without a message: the code's name */
        st.with_msg = 0;
        dmv_error_init(&err);
        rc = dmv_fast_sample(&sts, &job, NULL, NULL, NULL, NULL, &err);
        DMV_CHECK(rc == DMV_EDOM && strstr(err.msg, "'test plug-in'") && strstr(err.msg, dmv_error_name(DMV_EDOM)),
                  "failure without message: rc %d, '%s'", rc, err.msg);
        /* inside a guided model: both names and the component's role */
        {
            dmv_fast_model gm;
            st.with_msg = 1;
            DMV_CHECK(dmv_fast_model_guided_init(&gm, &pm, &dm, 0.5, &err) == DMV_OK, "guided: %s", err.msg);
            job.model = &gm;
            dmv_error_init(&err);
            rc = dmv_fast_sample(&sts, &job, NULL, NULL, NULL, NULL, &err);
            DMV_CHECK(rc == DMV_EDOM && strstr(err.msg, "model 'guided'") &&
                          strstr(err.msg, "conditional model 'test plug-in': planted failure"),
                      "guided failure: rc %d, '%s'", rc, err.msg);
            job.model = &pm;
            dmv_fast_model_clear(&gm);
        }
        dmv_fast_stats_clear(&sts);
        st.fail_step = NEVER;
        job.threads = 1, job.batch = N;
    }

    /* 4. the ABI: another version or struct size is refused, by every entry point */
    {
        char want[64];
        dmv_fast_trace tr;
        dmv_fast_model gm;
        snprintf(want, sizeof want, "abi_version = %u", DMV_FAST_MODEL_ABI);
        pm.abi_version = DMV_FAST_MODEL_ABI + 1;
        dmv_error_init(&err);
        rc = dmv_fast_sample(NULL, &job, NULL, NULL, NULL, NULL, &err);
        {
            char got[64];
            snprintf(got, sizeof got, "abi_version = %u", DMV_FAST_MODEL_ABI + 1);
            DMV_CHECK(rc == DMV_EINVAL && strstr(err.msg, got) && strstr(err.msg, want) &&
                          strstr(err.msg, "'test plug-in'"),
                      "wrong version: rc %d, '%s'", rc, err.msg);
        }
        dmv_error_init(&err);
        DMV_CHECK(dmv_fast_run_rows(o1, &job, 0, N, &err) == DMV_EINVAL, "run_rows accepted a wrong version");
        dmv_fast_trace_init(&tr);
        dmv_error_init(&err);
        DMV_CHECK(dmv_fast_trace_run(&tr, &job, 0, &err) == DMV_EINVAL, "trace accepted a wrong version");
        dmv_fast_trace_clear(&tr);
        dmv_error_init(&err);
        DMV_CHECK(dmv_fast_model_guided_init(&gm, &pm, &dm, 1.0, &err) == DMV_EINVAL && strstr(err.msg, want),
                  "guided accepted a wrong version: '%s'", err.msg);
        pm.abi_version = DMV_FAST_MODEL_ABI;
        pm.struct_size = sizeof pm - sizeof(double);
        dmv_error_init(&err);
        rc = dmv_fast_sample(NULL, &job, NULL, NULL, NULL, NULL, &err);
        {
            char got[64], exp[64];
            snprintf(got, sizeof got, "struct_size = %zu", sizeof pm - sizeof(double));
            snprintf(exp, sizeof exp, "struct_size = %zu", sizeof pm);
            DMV_CHECK(rc == DMV_EINVAL && strstr(err.msg, got) && strstr(err.msg, exp), "wrong size: rc %d, '%s'", rc,
                      err.msg);
        }
        pm.struct_size = sizeof pm;
        dmv_error_init(&err);
        DMV_CHECK(dmv_fast_sample(NULL, &job, NULL, NULL, NULL, NULL, &err) == DMV_OK, "restored model: %s", err.msg);
    }
    /* outside a sampler: step -1, stage 0, s NaN */
    {
        double x[D] = {0.5, 0.5, 0.5}, y[D];
        st.nlog = 0;
        DMV_CHECK(dmv_fast_model_denoise(&pm, 0.8, 0.6, 1, x, y, NULL) == DMV_OK && st.nlog == 1 &&
                      st.log[0].step == -1 && st.log[0].stage == 0 && isnan(st.log[0].s) && fabs(y[0] - 0.4) < 1e-15,
                  "dmv_fast_model_denoise: y = %.17g", y[0]);
    }
    dmv_fast_model_clear(&dm);
    free(o1);
    free(o2);
    DMV_TEST_DONE("t-plugin");
}
