/* The fixed test problem of the pathwise and in-law claims (Pierret & Galerne
 * setting): 8 eigenvalues spanning 1e-3..10, a non-zero mean, VP linear in the
 * paper's convention (beta 0.05..10, T = 1), uniform grid, eps = 1e-3, start N(0, I). */
#include <math.h>
#include <string.h>

#include "pg_claims.h"

const double dmv_pg_spectrum_lambda[DMV_PG_SPECTRUM_D] = {1e-3, 4e-3, 0.02, 0.1, 0.5, 1.0, 3.0, 10.0};
const double dmv_pg_spectrum_mean[DMV_PG_SPECTRUM_D] = {0.5, -1.0, 0.25, 2.0, -0.75, 1.5, 0.0, -2.0};

void dmv_pg_test_problem(dmv_problem *pb, const dmv_pg_scheme_param *sp, long steps)
{
    memset(pb, 0, sizeof *pb);
    dmv_process_default(&pb->process, DMV_PROCESS_VP_LINEAR);
    dmv_grid_default(&pb->grid);
    pb->grid.steps = steps;
    pb->grid.eps = 1e-3;
    pb->scheme.kind = sp->scheme;
    pb->scheme.eta = sp->eta;
    dmv_init_default(&pb->init);
    pb->data.d = DMV_PG_SPECTRUM_D;
    pb->data.lambda = dmv_pg_spectrum_lambda;
    pb->data.mean = dmv_pg_spectrum_mean;
    pb->data.basis = NULL;
}

void dmv_pg_problem_job(dmv_fast_job *job, const dmv_problem *pb, const dmv_fast_model *model, long n)
{
    dmv_fast_job_init(job);
    job->process = &pb->process;
    job->grid = &pb->grid;
    job->scheme = &pb->scheme;
    job->init = &pb->init;
    job->init_basis_data = &pb->data;
    job->model = model;
    job->n = n;
    job->seed = pb->seed;
}

/* The orthonormal DCT-II basis, U[n d + k] = c_k cos(pi (2n + 1) k / (2d)),
 * c_0 = sqrt(1/d), c_k = sqrt(2/d): the known rotation of the dense claims. Built
 * here from libm's cos, independently of fast/'s own DCT; its rounding (about
 * 1e-16) is part of the problem's data, which both sides take as exact. */
void dmv_pg_dct_basis(double *U, long d)
{
    const double pi = 3.14159265358979323846;
    long n, k;
    for (n = 0; n < d; n++)
        for (k = 0; k < d; k++)
            U[n * d + k] = (k == 0 ? sqrt(1.0 / (double) d) : sqrt(2.0 / (double) d)) *
                           cos(pi * (double) ((2 * n + 1) * k) / (double) (2 * d));
}
