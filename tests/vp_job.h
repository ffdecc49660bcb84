/* The fast job of the step-level tests (tests/fast/t-trace.c, tests/theorems/t-core-replay.c):
 * VP linear process, the default grid with `steps` steps and eps = 1e-3, scheme kind/eta, the
 * default start N(0, I). The caller keeps p, g, sc and in alive and sets model, n, seed and the rest. */
#ifndef DMV_TEST_VP_JOB_H
#define DMV_TEST_VP_JOB_H

#include "dmv/fast.h"

static inline void dmv_test_vp_job(dmv_fast_job *job, dmv_process *p, dmv_grid *g, dmv_scheme *sc, dmv_init *in,
                                   long steps, int kind, double eta)
{
    dmv_process_default(p, DMV_PROCESS_VP_LINEAR);
    dmv_grid_default(g);
    g->steps = steps;
    g->eps = 1e-3;
    sc->kind = (dmv_scheme_kind) kind;
    sc->eta = eta;
    dmv_init_default(in);
    dmv_fast_job_init(job);
    job->process = p;
    job->grid = g;
    job->scheme = sc;
    job->init = in;
}

#endif
