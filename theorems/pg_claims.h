/* Claims of Pierret & Galerne, "Diffusion models for Gaussian distributions:
 * exact solutions and Wasserstein errors" (arXiv 2405.14250, ICML 2025).
 * Each check function fills a dmv_result; theorems/registry.c lists them. */
#ifndef DMV_PG_CLAIMS_H
#define DMV_PG_CLAIMS_H

#include "dmv/claim.h"
#include "dmv/spec.h"

/* Parameters of the pathwise and in-law claims: which scheme. */
typedef struct {
    dmv_scheme_kind scheme;
    double eta;
} dmv_pg_scheme_param;

int dmv_claim_pg_pathwise_check(const dmv_claim *c, const dmv_run *run, dmv_result *out, dmv_error *err);
int dmv_claim_pg_law_check(const dmv_claim *c, const dmv_run *run, dmv_result *out, dmv_error *err);

/* The fixed test problem of the pathwise and in-law claims: an 8-eigenvalue
 * spectrum spanning 1e-3..10 with a non-zero mean, VP linear (paper), T = 1,
 * eps = 1e-3, start N(0, I). */
#define DMV_PG_SPECTRUM_D 8
extern const double dmv_pg_spectrum_lambda[DMV_PG_SPECTRUM_D];
extern const double dmv_pg_spectrum_mean[DMV_PG_SPECTRUM_D];



/* Fills pb with the test problem for scheme sp and `steps` steps (n_samples and seed left 0). */
void dmv_pg_test_problem(dmv_problem *pb, const dmv_pg_scheme_param *sp, long steps);
#endif
