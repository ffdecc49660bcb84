/* The fixed test problem of the pathwise and in-law claims (Pierret & Galerne
 * setting): 8 eigenvalues spanning 1e-3..10, a non-zero mean, VP linear in the
 * paper's convention (beta 0.05..10, T = 1), uniform grid, eps = 1e-3, start N(0, I). */
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
