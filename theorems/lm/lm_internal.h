/* Private to theorems/lm/: the reference cases and the exact-law grid (theorems/lm/lm_law.c). */
#ifndef DMV_LM_INTERNAL_H
#define DMV_LM_INTERNAL_H

#include "dmv/claim.h"
#include "dmv/model_spec.h"

#define LM_NCASE 2
#define LM_NRULE 6 /* dmv_zs_rule: exact, ddnm, bo-ddnm, pigdm, pigdm-exact, dps */
#define LM_NSY 4
#define LM_NT 4
#define LM_NT_QUICK 3 /* --quick: T <= 1000 */
#define LM_PREC 128

/* "corr": Sigma = A A^T / 4 with the stated A_ij in (0, 2) (A = [[1.37, 0.42, 1.81, 0.66], [0.95, 1.58,
 * 0.23, 1.12], [1.64, 0.77, 1.05, 0.31], [0.18, 1.29, 0.88, 1.73]]); "diag": Sigma = diag(1, 0.5, 2, 0.3). */
#define LM_MU "[0.67, 0.1931, -0.4223, -0.9141]"
#define LM_CORR_PRIOR "{\"model\": \"gaussian\", \"cov\": [[1.44125, 0.78015, 1.168825, 0.88075], [0.78015, 1.17655, " \
    "0.840825, 1.0873], [1.168825, 0.840825, 1.120275, 0.6872], [0.88075, 1.0873, 0.6872, 1.36595]], \"mu\": " LM_MU "}"
#define LM_DIAG_PRIOR "{\"model\": \"gaussian\", \"lambda\": [1, 0.5, 2, 0.3], \"mean\": " LM_MU "}"
#define LM_HY "\"H\": [[1, 0, 0, 0], [0, 1, 0, 0]], \"y\": [0.3, -0.5]"

extern const double dmv_lm_sigma_y[LM_NSY];
extern const long dmv_lm_T[LM_NT];
extern const char *const dmv_lm_case_name[LM_NCASE];
extern const char *const dmv_lm_case_prior[LM_NCASE];

typedef struct {
    int done;
    int diverged; /* the law has no certified enclosure at LM_PREC (DPS with w = 1/sigma_y^2 = 10^4: the explicit
                     step is unstable and the covariance grows without bound); kl = +inf */
    double kl, kl_rad, kl_hi, kl_rev, w2, path, path_lo, W, W_rad;
} lm_cell;

/* The linear_inverse spec of case cs with the rule and sigma_y. */
int dmv_lm_spec(dmv_model_spec *s, int cs, int rule, double sy, dmv_error *err);
/* One exact law (ddpm-chain, ETC chain with T steps, output at t_end, mismatch scale lambda). */
int dmv_lm_law(lm_cell *out, int cs, int rule, double sy, long T, long t_end, double lambda, dmv_error *err);
/* The grid cell (memoised; t_end = 1, lambda = 1); NULL for dps at sigma_y = 0 or on error. */
const lm_cell *dmv_lm_cell(int cs, int rule, int isy, int iT, dmv_error *err);

int dmv_lm_check_sanity(const dmv_claim *c, const dmv_run *run, dmv_result *out, dmv_error *err);
int dmv_lm_check_bound(const dmv_claim *c, const dmv_run *run, dmv_result *out, dmv_error *err);
int dmv_lm_check_paper_bound(const dmv_claim *c, const dmv_run *run, dmv_result *out, dmv_error *err);
int dmv_lm_check_bo(const dmv_claim *c, const dmv_run *run, dmv_result *out, dmv_error *err);
int dmv_lm_check_bo_best(const dmv_claim *c, const dmv_run *run, dmv_result *out, dmv_error *err);
int dmv_lm_check_scale(const dmv_claim *c, const dmv_run *run, dmv_result *out, dmv_error *err);
int dmv_lm_check_limit(const dmv_claim *c, const dmv_run *run, dmv_result *out, dmv_error *err);

#endif
