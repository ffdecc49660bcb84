/* The audit's state (the files of audit/ only). */
#ifndef DMV_AUDIT_INTERNAL_H
#define DMV_AUDIT_INTERNAL_H

#include "dmv/audit.h"
#include "dmv/claim.h"

enum { DMV_AUDIT_LAW = 0, DMV_AUDIT_DISTANCE = 1, DMV_AUDIT_PATHWISE = 2, DMV_AUDIT_INDEPENDENCE = 3,
       DMV_AUDIT_TWOSAMPLE = 4, DMV_AUDIT_NCHECKS = 5 };

#define DMV_AUDIT_KS_COORDS 16
#define DMV_AUDIT_KS_ROWS 20000L
#define DMV_AUDIT_KS_REF_FACTOR 4

struct dmv_audit {
    dmv_problem p;            /* copied; data points into lambda/mean below */
    dmv_audit_config cfg;
    char *source;
    double *lambda, *mean;
    long d, blocks;           /* blocks = 1 + S noise blocks per row */
    int with_noise, stochastic;
    /* certified laws (midpoints; the W2 balls with their radius) */
    double *law_mean, *law_var, *data_mean, *data_var, *flow_mean, *flow_var;
    double w2_scheme_data, w2_scheme_data_rad, w2_scheme_flow, w2_scheme_flow_rad, w2_flow_data, w2_flow_data_rad;
    /* the pathwise map: y_j = pA[j] x_T[j] + sum_k pB[j S + k - 1] z_k[j] + pc[j] (midpoints and bounds) */
    double *pA, *pc, *pA_rad, *pc_rad, *pB, *pB_rad;
    double *gA, *gC; /* intermediate states: sum_k |growth_k| (|y_{k-1}| + |y_k|) <= gA |x_T| + gC */
    double *m0, *sd0;         /* the initial law (x_T = m0 + sd0 z_0) */
    /* moments: running mean (sum) and sum of squared deviations (m2) */
    long n;
    double *sum, *m2, *chunk_mean;
    /* pathwise */
    long path_outside;
    double path_worst_ratio, path_worst_err, path_worst_tol, path_max_rel;
    long path_worst_row, path_worst_coord;
    /* independence: per block and coordinate sum and sum of squares; per pair and coordinate sum of products */
    long npairs, *pairs;
    int all_pairs;
    double *bsum, *xsum;
    /* two-sample mode (a model without a closed-form law): the model, the coordinates tested, the
     * first DMV_AUDIT_KS_ROWS samples of each (coordinate-major) */
    const struct dmv_fast_model *model;
    long nks, ks_n, *ks_coord;
    double *ks_x;
    /* the decided checks */
    dmv_claim claim[DMV_AUDIT_NCHECKS];
    char *statement[DMV_AUDIT_NCHECKS];
    dmv_run_result res;
};

void dmv_audit_feed_noise(dmv_audit *a, long nrows, const double *x, const double *noise);
void dmv_audit_feed_ks(dmv_audit *a, long nrows, const double *x);
int dmv_audit_twosample_check(dmv_audit *a, dmv_result *r, double level, dmv_error *err);

#endif
