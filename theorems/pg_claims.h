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
/* The dense variant's known rotation: the orthonormal DCT-II basis (d x d, row-major, column k = vector k). */
void dmv_pg_dct_basis(double *U, long d);
/* The pathwise and in-law claims on the same spectrum rotated by the DCT basis
 * (dense covariance: the fast side uses the OpenBLAS model, the reference stays diagonal). */
int dmv_claim_pg_pathwise_dense_check(const dmv_claim *c, const dmv_run *run, dmv_result *out, dmv_error *err);
int dmv_claim_pg_law_dense_check(const dmv_claim *c, const dmv_run *run, dmv_result *out, dmv_error *err);

/* ---- pg.continuous.init, pg.order.<scheme>, pg.ranking (theorems/pg_continuous.c,
 * pg_order.c, pg_ranking.c) ------------------------------------------------------------ */
#include <arb.h>

int dmv_claim_pg_continuous_check(const dmv_claim *c, const dmv_run *run, dmv_result *out, dmv_error *err);
/* params: a dmv_pg_scheme_param naming the scheme */
int dmv_claim_pg_order_check(const dmv_claim *c, const dmv_run *run, dmv_result *out, dmv_error *err);
int dmv_claim_pg_ranking_check(const dmv_claim *c, const dmv_run *run, dmv_result *out, dmv_error *err);

/* Helpers (pg_continuous.c). */
/* Decimal strings of a ball's midpoint (20 digits) and radius (3 digits). */
void dmv_pg_ball_strings(char *mid, size_t nmid, char *rad, size_t nrad, const arb_t x);
int dmv_pg_add_ball(dmv_result *r, const char *name, const arb_t x, const char *unit);
/* "mid +/- rad" for a table cell ("not finite" for a non-finite ball). */
void dmv_pg_ball_cell(char *buf, size_t n, const arb_t x);
/* Reads data_dir/cifar10_eigenvalues.npy as doubles, negatives and -0.0 clamped to +0
 * (*lambda malloc'ed, *d values). DMV_EIO if data_dir is NULL or the file is missing. */
int dmv_pg_load_cifar(double **lambda, long *d, const char *data_dir, dmv_error *err);
/* W2^2(N(m1, v1), N(m2, v2)), stable form; exactly 0 when v1 = v2 and m1 = m2. */
void dmv_pg_w2sq_1d(arb_t out, const arb_t m1, const arb_t v1, const arb_t m2, const arb_t v2, slong prec);

/* The closed-form gap (ODE W2^2 term - SDE W2^2 term against p_s) of one direction for the
 * exact continuous samplers from N(m0, v0) at T stopped at s (VP linear only), written as a
 * product of nonnegative factors (docs/math/laws.md#prop4); also the two variances at s. */
int dmv_pg_continuous_gap1(arb_t gap, arb_t v_sde, arb_t v_ode, const dmv_process *p, double s,
                           const arb_t lambda, const arb_t mean, const arb_t m0, const arb_t v0, slong prec,
                           dmv_error *err);

/* Certified comparison of W2(SDE law, p) and W2(ODE law, p), per direction and in total. */
typedef struct {
    long n_strict;       /* ODE term > SDE term, certified from the laws */
    long n_equal;        /* difference certified >= 0 with 0 possible (e.g. both exactly 0) */
    long n_closed_form;  /* undecided from the laws, certified >= 0 by the closed-form gap */
    long n_undecided;    /* neither */
    long n_contradicted; /* SDE term > ODE term certified, or the two routes disagree */
    long first_bad, first_undecided; /* direction indices, -1 if none */
    int total;           /* 1: W2_SDE <= W2_ODE certified; -1: contradicted; 0: undecided */
} dmv_pg_compare;

/* gap may be NULL (laws only). term_sde/term_ode (may be NULL) receive the W2^2 terms;
 * w2sq_sde/w2sq_ode the totals (squared). */
void dmv_pg_continuous_compare(dmv_pg_compare *cmp, arb_t w2sq_sde, arb_t w2sq_ode, arb_ptr term_sde,
                               arb_ptr term_ode, arb_srcptr m_sde, arb_srcptr v_sde, arb_srcptr m_ode,
                               arb_srcptr v_ode, arb_srcptr m_p, arb_srcptr v_p, arb_srcptr gap, long d,
                               slong prec);

/* Order fits (pg_order.c): least-squares slope of log y against log x over n points, and the
 * decision on certified W2 values w2[0..n-1] at step counts nsteps[]: the order is minus the
 * slope over the last nfit points; PASS if |order - expected| <= tol, FAIL otherwise,
 * INCONCLUSIVE if a fitted ball is not resolved (contains 0 or relative radius > 1e-6). */
double dmv_pg_fit_slope(const double *x, const double *y, long n);
dmv_verdict dmv_pg_order_decide(double *order, const double *nsteps, arb_srcptr w2, long n, long nfit,
                                double expected, double tol);

/* pg.ranking (pg_ranking.c): judges the sub-statements (a)-(e) from certified W2 values to the
 * data, laid out as w2[((start * 6 + scheme) * 4 + eps) * 4 + nfe] with start 0 = p_T,
 * 1 = N(0, I); schemes EM, EI, DDPM, Euler, Heun, RK4; eps 0, 1e-5, 1e-4, 1e-3; NFE 50, 250,
 * 500, 1000 (the paper's counting); finite[(scheme * 4 + eps) * 4 + nfe] = 0 for a cell that
 * is not finite. Adds the "sub-statements" table to out and sets its verdict and summary;
 * returns the number of sub-statements. */
int dmv_pg_ranking_judge(dmv_result *out, arb_srcptr w2, const int *finite, long *nfalse, long *nundecided);

/* ---- pg.table (theorems/pg_table.c) ----------------------------------------------------
 * The published ablation table recomputed with certified values, compared cell by cell at the
 * printed precision (rules in pg_table.c). Needs run->data_dir with pierret_galerne_table.csv
 * and cifar10_eigenvalues.npy; inconclusive without them. */
int dmv_claim_pg_table_check(const dmv_claim *c, const dmv_run *run, dmv_result *out, dmv_error *err);
/* Reads data_dir/cifar10_eigenvalues.npy with io/npy; -0.0 (and float32 noise above -1e-6) read
 * as 0, a more negative value is DMV_EFORMAT. *lambda malloc'ed. DMV_EIO if missing. */
int dmv_pg_table_load_spectrum(double **lambda, long *d, const char *data_dir, dmv_error *err);
/* Certified W2 to the data N(0, diag lambda) of every cell of the table, VP linear (0.05, 10,
 * T = 1), uniform grid, the paper's counting (dmv_ref_paper_steps):
 *   w2[((start * 6 + scheme) * 4 + eps) * 4 + nfe] (2*6*4*4 initialised arbs), status[] alike
 *     (DMV_OK, DMV_ENOTFINITE for the paper's '-', ...; the ball is indeterminate unless OK);
 *   cont[(start * 2 + row) * 4 + eps] (16 arbs), cstatus[] alike: the exact continuous laws,
 *     row 0 = reverse SDE, 1 = PF-ODE;
 * start 0 = p_T, 1 = N(0, I); schemes EM, EI, DDPM, Euler, Heun, RK4; eps 0, 1e-5, 1e-4, 1e-3;
 * NFE 50, 250, 500, 1000. run (may be NULL) receives progress calls under claim_id.
 * Returns DMV_OK unless memory ran out. */
int dmv_pg_table_compute(arb_ptr w2, int *status, arb_ptr cont, int *cstatus, const double *lambda, long d,
                         int threads, slong prec, const dmv_run *run, const char *claim_id, dmv_error *err);
#endif
