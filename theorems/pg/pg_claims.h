/* Claims of Pierret & Galerne, "Diffusion models for Gaussian distributions:
 * exact solutions and Wasserstein errors" (arXiv 2405.14250, ICML 2025).
 * Each check function fills a dmv_result; theorems/pg/pg_registry.c lists them. */
#ifndef DMV_PG_CLAIMS_H
#define DMV_PG_CLAIMS_H

#include "dmv/claim.h"
#include "dmv/fast.h"
#include "dmv/spec.h"

/* The paper's record and its claim table, in run order (theorems/pg/pg_registry.c). */
extern const dmv_paper dmv_paper_pg;
const dmv_claim *dmv_pg_claims(long *n);

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
/* Initialises job to draw n samples of problem pb through model (pb's process, grid,
 * scheme, start, start basis and seed); threads, batch and generic_only keep
 * dmv_fast_job_init's defaults for the caller to set. pb and model must outlive job. */
void dmv_pg_problem_job(dmv_fast_job *job, const dmv_problem *pb, const dmv_fast_model *model, long n);
/* The dense variant's known rotation: the orthonormal DCT-II basis (d x d, row-major, column k = vector k). */
void dmv_pg_dct_basis(double *U, long d);
/* The pathwise and in-law claims on the same spectrum rotated by the DCT basis
 * (dense covariance: the fast side uses the OpenBLAS model, the reference stays diagonal). */
int dmv_claim_pg_pathwise_dense_check(const dmv_claim *c, const dmv_run *run, dmv_result *out, dmv_error *err);
int dmv_claim_pg_law_dense_check(const dmv_claim *c, const dmv_run *run, dmv_result *out, dmv_error *err);

/* ---- the pathwise matrix claims (pg_pathwise.c): one configuration of the pathwise check ---- */
typedef struct {
    dmv_process_kind process; /* its defaults (dmv_process_default) */
    dmv_grid_kind grid;       /* rho 7 for karras */
    double eps;
    dmv_init init;
    dmv_scheme_kind scheme;
    double eta;
    long steps;  /* 0: 100 */
    int generic; /* 1: the generic denoiser path (dmv_fast_job.generic_only) */
    int dense;   /* 1: the DCT-rotated spectrum through the dense model */
    long prec;   /* reference precision in bits; 0: DMV_REF_PREC */
} dmv_pg_pathwise_config;

typedef struct {
    const dmv_pg_pathwise_config *configs;
    long n;
} dmv_pg_pathwise_matrix;

/* Samples of pg.pathwise.<scheme> and .dense (--quick: fewer). */
#define DMV_PG_PATHWISE_SAMPLES 1000
#define DMV_PG_PATHWISE_SAMPLES_QUICK 200
/* The guarded budget (docs/budgets.md): rad + u factor yabs, with
 * factor = K_init + K_step sum_k (1 + kappa_k) max(1, 1/|a_k|). *guard: NONE; NOT_FINITE (a
 * non-finite or negative input: the budget is +inf and cannot decide); RADIUS (rad above
 * budget / DMV_PG_PATHWISE_RAD_FRACTION: the reference is not sharp enough to decide). */
enum { DMV_PG_GUARD_NONE = 0, DMV_PG_GUARD_NOT_FINITE = 1, DMV_PG_GUARD_RADIUS = 2 };
#define DMV_PG_PATHWISE_RAD_FRACTION 16.0
double dmv_pg_pathwise_budget(double rad, double factor, double yabs, int *guard);
/* Samples per configuration (--quick: fewer) and steps of the matrix claims. */
#define DMV_PG_PATHWISE_MATRIX_SAMPLES 48
#define DMV_PG_PATHWISE_MATRIX_SAMPLES_QUICK 16
#define DMV_PG_PATHWISE_MATRIX_STEPS 100
extern const dmv_pg_pathwise_matrix dmv_pg_pathwise_processes; /* vp-linear-song, vp-cosine, ve x every scheme */
extern const dmv_pg_pathwise_matrix dmv_pg_pathwise_grids;     /* logsnr, karras, quadratic x every scheme */
extern const dmv_pg_pathwise_matrix dmv_pg_pathwise_starts;    /* p_T and N(0.25, 2.25 I) x every scheme */
extern const dmv_pg_pathwise_matrix dmv_pg_pathwise_eps0;      /* eps = 0 where defined */
extern const dmv_pg_pathwise_matrix dmv_pg_pathwise_generic;   /* the generic denoiser path of every scheme */
/* params: a dmv_pg_pathwise_matrix; fails if any configuration is outside its budget */
int dmv_claim_pg_pathwise_matrix_check(const dmv_claim *c, const dmv_run *run, dmv_result *out, dmv_error *err);

/* ---- pg.noise (pg_noise.c) and pg.threads (pg_threads.c) ---- */
#define DMV_PG_NOISE_ULP_BOUND 3 /* ulps; the bound tests/fast/t-noise.c asserts (measured 2.53) */
#define DMV_PG_NOISE_COORDS 200  /* coordinates per block: a full 64-pair block and a tail */
#define DMV_PG_THREADS_SAMPLES 1000
int dmv_claim_pg_noise_check(const dmv_claim *c, const dmv_run *run, dmv_result *out, dmv_error *err);
int dmv_claim_pg_threads_check(const dmv_claim *c, const dmv_run *run, dmv_result *out, dmv_error *err);

/* ---- the in-law claims (theorems/pg/pg_law.c, pg_noise_law.c; docs/claims.md, pg.law) ------
 * The effects every in-law test must be able to detect with power 0.99 at the claim's share of
 * alpha (Holm within the claim); a larger detectable effect makes the claim inconclusive. They are
 * chosen so that the --quick budget (10^4 samples) resolves them too. */
#define DMV_PG_LAW_REQ_MEAN 0.1      /* joint mean error sqrt(sum_j dm_j^2 / v_j), in sd */
#define DMV_PG_LAW_REQ_VAR 0.05      /* common relative variance error */
#define DMV_PG_LAW_REQ_VAR_DIR 0.15  /* relative variance error in one direction */
#define DMV_PG_LAW_REQ_KS 0.02       /* sup |G - Phi| of the standardised outputs */
#define DMV_PG_LAW_REQ_CORR 0.1      /* |correlation| between two directions */
/* pg.law.noise (10^5 samples also with --quick: the noise alone is cheap) */
#define DMV_PG_NOISE_REQ_MEAN 0.01   /* mean of the variates, in sd */
#define DMV_PG_NOISE_REQ_VAR 0.01    /* relative variance error of the variates */
#define DMV_PG_NOISE_REQ_KS 0.005    /* sup |G - Phi| of the variates */
#define DMV_PG_NOISE_REQ_CORR 0.05   /* |correlation| between two variates (coordinates, steps, samples) */

/* Each claim's test level for detectable effects: run->claim_alpha (or, when unset, alpha over the
 * registry's claims) divided by the claim's number of tests (Bonferroni: the smallest Holm threshold). */
double dmv_pg_claim_level(const dmv_run *run, long ntests);
/* Two-sided p-value of a sample correlation r of n pairs under independence (one variable Gaussian):
 * t = r sqrt((n-2)/(1-r^2)) ~ t(n-2) exactly; 1 if n < 3 or r is NaN, 0 if |r| >= 1. */
double dmv_pg_corr_pvalue(double r, long n);
/* The critical |r| of that test at two-sided `level` (bisection on the exact t tail; NaN if n < 3). */
double dmv_pg_corr_critical(long n, double level);
/* Smallest |rho| that the two-sided test at `level` detects with probability >= power: the exact
 * critical |r| (from t(n-2)) and Fisher's z for the power (atanh r ~ N(atanh rho, 1/(n-3))). NaN if n < 5. */
double dmv_pg_corr_mde(long n, double level, double power);
/* The standard normal CDF for dmv_stat_ks_1sample, made non-decreasing along the calls (ctx: a double,
 * 0 at the start): dmv_stat_normal_cdf is accurate to a few ulps but not monotone at that level, and the KS
 * code (which evaluates the CDF at the sorted sample) refuses a decreasing CDF, e.g. for two outputs one ulp
 * apart. The running maximum differs from the computed CDF by those ulps only. */
double dmv_pg_normal_cdf_monotone(double x, void *ctx);
/* Sidak's combination of the smallest of m p-values, 1 - (1 - pmin)^m (exact for independent tests,
 * valid for jointly Gaussian two-sided ones), and the per-test level of a combined level. */
double dmv_pg_sidak(double pmin, long m);
double dmv_pg_sidak_level(double level, long m);
/* dmv_result_add_test followed by dmv_result_require_effect(required). */
int dmv_pg_add_test_req(dmv_result *out, const char *name, double statistic, double p, double lo, double hi,
                        double min_effect, const char *unit, double required);

/* pg.law.threads: the EM law through the threaded driver at these (threads, batch) configurations;
 * the hash must be the same for all. */
#define DMV_PG_LAW_THREADS_CONFIGS 5
extern const int dmv_pg_law_threads_threads[DMV_PG_LAW_THREADS_CONFIGS];
extern const long dmv_pg_law_threads_batch[DMV_PG_LAW_THREADS_CONFIGS];
int dmv_claim_pg_law_threads_check(const dmv_claim *c, const dmv_run *run, dmv_result *out, dmv_error *err);
/* pg.law.noise: the fast noise generator's variates (public API dmv_fast_noise_vec) are iid N(0, 1):
 * see theorems/pg/pg_noise_law.c for the steps, coordinates and tests. */
int dmv_claim_pg_law_noise_check(const dmv_claim *c, const dmv_run *run, dmv_result *out, dmv_error *err);


/* ---- pg.continuous.init, pg.order.<scheme>, pg.ranking, pg.table (theorems/pg/pg_continuous.c,
 * pg_order.c, pg_ranking.c, pg_table.c, pg_cache.c) -----------------------------------------
 * The thresholds are macros used both by the checks and by the statements (theorems/pg/pg_registry.c). */
#include <arb.h>

#define DMV_PG_STR_(x) #x
#define DMV_PG_STR(x) DMV_PG_STR_(x)

/* pg.continuous.init: "about two orders of magnitude" = the ratio W2_ODE / W2_SDE at s = 0 (CIFAR-10,
 * zero mean) has a base-10 logarithm within DMV_PG_CONT_DECADES_TOL of DMV_PG_CONT_DECADES, i.e. the
 * ratio lies in [10^1.5, 10^2.5] = [31.6, 316]: the order of magnitude that rounds to 2. */
#define DMV_PG_CONT_DECADES 2
#define DMV_PG_CONT_DECADES_TOL 0.5
/* pg.order: |observed - expected order| <= DMV_PG_ORDER_TOL, uniform grid to DMV_PG_ORDER_EPS,
 * N = DMV_PG_ORDER_N0 * 2^k, k < DMV_PG_ORDER_NK, fit over the last DMV_PG_ORDER_NFIT. */
#define DMV_PG_ORDER_TOL 0.15
#define DMV_PG_ORDER_EPS 1e-2
#define DMV_PG_ORDER_N0 32
#define DMV_PG_ORDER_NK 8
#define DMV_PG_ORDER_NFIT 4
/* pg.ranking: (a) Heun <= NEAR x best; (c) |EM - EI| < CLOSE x min at NFE 1000; (e) starts within START. */
#define DMV_PG_RANK_NEAR 1.1
#define DMV_PG_RANK_CLOSE 0.05
#define DMV_PG_RANK_START 0.01
/* pg.table: a cell is near a rounding boundary when its certified value lies within
 * DMV_PG_TABLE_NEAR x (the unit of the last printed place) of a boundary. */
#define DMV_PG_TABLE_NEAR 0.01

int dmv_claim_pg_continuous_check(const dmv_claim *c, const dmv_run *run, dmv_result *out, dmv_error *err);
/* params: a dmv_pg_scheme_param naming the scheme */
int dmv_claim_pg_order_check(const dmv_claim *c, const dmv_run *run, dmv_result *out, dmv_error *err);
/* params: a dmv_pg_ranking_param (which sub-statements) */
int dmv_claim_pg_ranking_check(const dmv_claim *c, const dmv_run *run, dmv_result *out, dmv_error *err);

/* Helpers (pg_continuous.c). */
/* Decimal strings of a ball's midpoint (20 digits) and radius (3 digits). */
void dmv_pg_ball_strings(char *mid, size_t nmid, char *rad, size_t nrad, const arb_t x);
int dmv_pg_add_ball(dmv_result *r, const char *name, const arb_t x, const char *unit);
/* "mid +/- rad" for a table cell ("not finite" for a non-finite ball). */
void dmv_pg_ball_cell(char *buf, size_t n, const arb_t x);
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
/* "About two orders of magnitude": 1 if the certified ratio's log10 lies within
 * [DMV_PG_CONT_DECADES - TOL, DMV_PG_CONT_DECADES + TOL], 0 if certified outside, -1 undecided. */
int dmv_pg_continuous_orders(const arb_t ratio, slong prec);

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
 * is not finite. items: the letters of the sub-statements to judge (e.g. "a", "bcde"). Adds the
 * "sub-statements" table and the margins to out and sets its verdict and summary; returns the
 * number of rows judged. */
typedef struct {
    const char *items; /* e.g. "a" (pg.ranking.heun) or "bcde" (pg.ranking) */
} dmv_pg_ranking_param;
int dmv_pg_ranking_judge(dmv_result *out, arb_srcptr w2, const int *finite, const char *items, long *nfalse,
                         long *nundecided);

/* ---- pg.table and pg.table.labels (theorems/pg/pg_table.c) ---------------------------------
 * The published ablation table recomputed with certified values, compared cell by cell at the
 * printed precision (rules in pg_table.c). Read from run->data_dir: pierret_galerne_table.csv and
 * cifar10_eigenvalues.npy; a missing file is DMV_EINVAL naming the path.
 * pg.table: every cell under its column's reading (dmv_pg_table_column_reading);
 * pg.table.labels: every cell under the stated counting of its label (dmv_ref_paper_steps). */
int dmv_claim_pg_table_check(const dmv_claim *c, const dmv_run *run, dmv_result *out, dmv_error *err);
int dmv_claim_pg_table_labels_check(const dmv_claim *c, const dmv_run *run, dmv_result *out, dmv_error *err);
/* Reads data_dir/cifar10_eigenvalues.npy with io/npy; -0.0 (and float32 noise above -1e-6) read
 * as 0, a more negative value is DMV_EFORMAT. *lambda malloc'ed. DMV_EINVAL (naming the path) if
 * data_dir is NULL or the file is missing. */
int dmv_pg_table_load_spectrum(double **lambda, long *d, const char *data_dir, dmv_error *err);

/* Readings of the table's NFE label: the number of points of scheme k at label NFE n. */
enum {
    DMV_PG_READ_STATED = 0, /* the paper's statement (dmv_ref_paper_steps): NFE, Heun NFE/2, RK4 NFE/4 points */
    DMV_PG_READ_POINTS = 1, /* N = NFE points whatever the evaluations per step */
    DMV_PG_READ_STEPS = 2,  /* NFE / evaluations-per-step steps (one more point) */
    DMV_PG_NREAD = 3
};
/* The reading under which pg.table compares a scheme column (index 0..5 = EM, EI, DDPM, Euler,
 * Heun, RK4): DMV_PG_READ_POINTS for Heun, DMV_PG_READ_STATED for the others. */
int dmv_pg_table_column_reading(int scheme);
/* Points used by scheme index (0..5) at label nfe under a reading. */
long dmv_pg_table_points(int scheme, long nfe, int reading);

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
/* One scheme column under a reading: w2[(start * 4 + eps) * 4 + nfe] (32 arbs), status alike. */
int dmv_pg_table_compute_column(arb_ptr w2, int *status, int scheme, int reading, const double *lambda, long d,
                                int threads, slong prec, dmv_error *err);

/* The same one scheme cell (both starts) under a reading, in Arb; the 16 continuous cells in Arb
 * (layout of dmv_pg_table_compute). */
int dmv_pg_table_compute_cell(arb_ptr out0, arb_ptr out1, int *st0, int *st1, int scheme, int eps, int nfe,
                              int reading, const double *lambda, long d, int threads, slong prec, dmv_error *err);
int dmv_pg_table_compute_continuous(arb_ptr cont, int *cstatus, const double *lambda, long d, slong prec);
/* The same scheme cell in double interval arithmetic (theorems/pg/pg_table_double.c,
 * docs/math/interval.md): out0/out1 get balls enclosing the certified intervals, st0/st1 DMV_OK,
 * DMV_ENOTFINITE (certified) or DMV_EPREC (not decided in double: compute it in Arb). v0lo/v0hi:
 * the variance of p_T per direction (d each), from dmv_pg_table_pT_var. */
int dmv_pg_table_cell_double(arb_ptr out0, arb_ptr out1, int *st0, int *st1, int scheme, int eps, int nfe,
                             int reading, const double *lambda, long d, const double *v0lo, const double *v0hi,
                             int threads, dmv_error *err);
/* Enclosures in double of the variance of p_T in each direction (v0lo[j] <= var <= v0hi[j]). */
int dmv_pg_table_pT_var(double *v0lo, double *v0hi, const double *lambda, long d, dmv_error *err);

/* ---- the certified table shared by pg.table, pg.table.labels and pg.ranking (pg_cache.c) ----
 * Computed once per run: the first claim that asks pays, the others reuse it. The cache is keyed on
 * the spectrum's values (not only its path: a folder may be rewritten between runs) and the
 * precision; the run loop is single-threaded (claims run one after another), so a static cache
 * suffices. Freed by dmv_pg_table_cache_clear (also registered with atexit). */
#define DMV_PG_TABLE_PREC 128
typedef struct {
    long d;                 /* eigenvalues */
    double *lambda;         /* the spectrum (owned) */
    slong prec;
    arb_ptr w2;             /* 192, stated counting, layout of dmv_pg_table_compute */
    int status[2 * 6 * 4 * 4];
    arb_ptr cont;           /* 16, the exact continuous cells */
    int cstatus[2 * 2 * 4];
    arb_ptr alt;            /* 192: every column under dmv_pg_table_column_reading (equal to w2 where
                               that reading is the stated one) */
    int astatus[2 * 6 * 4 * 4];
    double seconds;         /* wall time of the computation */
    long ncell_double;      /* scheme cells (one start each; w2 and the Heun column of alt) certified by
                               the double interval pass (docs/math/interval.md) */
    long ncell_arb;         /* scheme cells computed in Arb (the double pass did not decide them) */
    long ncell_cont;        /* continuous cells (Arb, closed form) */
    char claim_id[64];      /* the claim that computed it */
} dmv_pg_table_values;
/* Loads data_dir's spectrum and returns the certified table for it (computing it on first use).
 * *reused = 1 if it came from the cache. The pointer stays valid until the next call with other
 * data or dmv_pg_table_cache_clear. */
int dmv_pg_table_values_get(const dmv_pg_table_values **out, int *reused, const dmv_run *run, const char *claim_id,
                            dmv_error *err);
void dmv_pg_table_cache_clear(void);
/* on = 1: compute every scheme cell in Arb from now on (the table before the double pass; for the
 * tests and the bench that compare the two paths); 0: the double pass first (the default). Clears
 * the cache. */
void dmv_pg_table_cache_arb_only(int on);
/* Flags (sets to 1) the cells of tv whose enclosure does not decide the comparison with the
 * published table (data_dir/pierret_galerne_table.csv) under either reading: w2flag and altflag
 * (layout of dmv_pg_table_compute), contflag (the continuous cells). Decided: a certified '-',
 * or no rounding tie, inside or outside the printed interval for certain and the near-boundary
 * flag certified, so that any narrower enclosure is judged the same. */
int dmv_pg_table_undecided(unsigned char *w2flag, unsigned char *altflag, unsigned char *contflag,
                           const dmv_pg_table_values *tv, const char *data_dir, dmv_error *err);
#endif
