/* reference/: certified exact laws of every sampler on Gaussian data (Arb).
 *
 * Everything follows docs/schemes.md exactly: the double parameters of
 * dmv_process / dmv_grid / dmv_scheme are taken as exact binary numbers, and
 * every result is an Arb ball whose radius is carried to the output. The
 * working precision `prec` (bits) is a parameter everywhere; 128 is the
 * default (DMV_REF_PREC).
 *
 * Per eigen-direction (eigenvalue lambda, mean m in eigenbasis coordinates)
 * every scheme is an affine map of the start and of the noises:
 *     y_N = A x~_T + sum_{k=1..N} B_k z_k + c              (schemes.md 7)
 * so its law from a start N(m0, v0) is N(A m0 + c, A^2 v0 + sum_k B_k^2).
 *
 * Error codes (dmv/error.h): DMV_EINVAL bad argument (message names it),
 * DMV_EDOM DDPM with b = h g^2 >= 1 (message names step k and b) or a scheme
 * that needs eps > 0 (log-SNR), DMV_ENOTFINITE a result that is genuinely not
 * finite (Heun/RK4/... evaluating the score at s = 0 on a null eigenvalue:
 * the paper's "-"), DMV_EPREC the balls got too wide at this precision,
 * DMV_ENOMEM. Library code never prints.
 * A per-direction map is DMV_EPREC when a coefficient's radius exceeds
 * 2^(-prec/4) max(|midpoint|, 1) (more than 3/4 of the bits lost). */
#ifndef DMV_REF_H
#define DMV_REF_H

#include <arb.h> /* FLINT 2.9 + Arb 2.23 */

#include "dmv/error.h"
#include "dmv/spec.h"

#define DMV_REF_PREC 128

/* ---- processes (schemes.md 1) --------------------------------------------
 * At time s (a ball; usually exact): alpha(s), sigma(s)^2, f(s), g(s)^2 and
 * the log-SNR l(s) = log(alpha/sigma). Any output pointer may be NULL.
 * Stable forms (sigma^2 = -expm1(-2B) etc.). l is +inf at s = 0: asking for
 * it there returns DMV_EDOM. */
int dmv_ref_process_eval(arb_t alpha, arb_t sigma2, arb_t f, arb_t g2, arb_t logsnr,
                         const dmv_process *p, const arb_t s, slong prec, dmv_error *err);

/* The time s with sigma_hat(s)^2 = (sigma/alpha)^2 = sh2 (sh2 > 0), i.e. the
 * inverse of the log-SNR with sh2 = exp(-2 l) (schemes.md 1, "Inverses"). */
int dmv_ref_process_time_from_sh2(arb_t s, const dmv_process *p, const arb_t sh2, slong prec,
                                  dmv_error *err);

/* ---- grids (schemes.md 2) -------------------------------------------------
 * s[0..g->steps] (g->steps + 1 initialised arbs): s[0] = t_max, s[N] = eps
 * exactly, the interior points by the grid formula in exact arithmetic. */
int dmv_ref_grid_points(arb_ptr s, const dmv_process *p, const dmv_grid *g, slong prec,
                        dmv_error *err);

/* The paper's counting (docs/math/processes.md#counting): the table's NFE means NFE points
 * for EM, EI, DDPM, Euler (and every 1-evaluation scheme), NFE/2 points for
 * Heun, NFE/4 for RK4; returns the number of steps (points - 1). */
long dmv_ref_paper_steps(dmv_scheme_kind k, long nfe);

/* ---- schedule: everything that does not depend on the eigenvalue -----------
 * Computed once per (process, grid, scheme) and shared by every direction
 * (read-only afterwards, so threads may share it). The public fields may be
 * read; `priv` is internal. */
typedef struct {
    dmv_process process;
    dmv_grid grid;
    dmv_scheme scheme;
    slong prec;
    slong steps;   /* N */
    arb_ptr s;     /* s[0..N], the grid points */
    arb_ptr alpha; /* alpha(s_k), k = 0..N */
    arb_ptr sigma2; /* sigma(s_k)^2, k = 0..N */
    void *priv;
} dmv_ref_schedule;

/* Checks the spec (dmv_process_check etc.), builds the grid and the per-step
 * constants of the scheme. DMV_EDOM for DDPM with h g^2 >= 1 (naming the
 * step k = 1..N and the value) and for DPM-Solver-2 / ++(2M) with eps = 0. */
int dmv_ref_schedule_init(dmv_ref_schedule *sch, const dmv_process *p, const dmv_grid *g,
                          const dmv_scheme *scheme, slong prec, dmv_error *err);
void dmv_ref_schedule_clear(dmv_ref_schedule *sch);

/* ---- score errors that keep every law Gaussian (schemes.md 3) --------------
 * S'(y, s) = -(1 + kappa)(y - alpha (m + dm)) / (lambda_s + alpha^2 dl).
 * All zero (or a NULL pointer) = the exact score. Needs lambda + dl >= 0 and
 * 1 + kappa > 0 is not required (any kappa is accepted). */
typedef struct {
    double kappa, dl, dm;
} dmv_ref_score_error;

/* ---- one direction: the pathwise affine map (schemes.md 7) -------------- */
typedef struct {
    slong steps;      /* N */
    arb_t x0_coef;    /* A: coefficient of the start x~_T */
    arb_ptr noise_coef; /* noise_coef[k-1] = B_k, coefficient of z_k, k = 1..N (0 for ODE schemes) */
    arb_t shift;      /* c */
    arb_ptr growth;   /* growth[k] = coefficient of y_k in y_N, k = 0..N (growth[0] = A,
                         growth[N] = 1). For DPM-Solver++(2M): the coefficient of y_k with the
                         carried D_{k-1} held fixed. */
} dmv_ref_affine1;

void dmv_ref_affine1_init(dmv_ref_affine1 *a, slong steps);
void dmv_ref_affine1_clear(dmv_ref_affine1 *a);

/* Fills `out` (initialised with out->steps == sch->steps) for eigenvalue
 * lambda >= 0 and data mean `mean` of this direction; e = NULL: exact score. */
int dmv_ref_scheme_affine1(dmv_ref_affine1 *out, const dmv_ref_schedule *sch, const arb_t lambda,
                           const arb_t mean, const dmv_ref_score_error *e, slong prec,
                           dmv_error *err);

/* The lean form (no per-noise coefficients, no allocation): A, sum_k B_k^2
 * and c of one direction. Serves every start: mean = A m0 + c,
 * var = A^2 v0 + Bsq. mean = 0 and e->dm = 0 skip the mean recursion (c = 0). */
int dmv_ref_scheme_map1(arb_t A, arb_t Bsq, arb_t c, const dmv_ref_schedule *sch,
                        const arb_t lambda, const arb_t mean, const dmv_ref_score_error *e,
                        slong prec, dmv_error *err);

/* The maps of every intermediate state: A[k], Bsq[k], c[k] (k = 0..N, N + 1
 * initialised arbs each) with y_k = A[k] x~_T + (noise of variance Bsq[k]) + c[k];
 * index 0 is the start (1, 0, 0), index N the output (= dmv_ref_scheme_map1).
 * For W2-versus-time curves (docs/math/laws.md#path-curves). */
int dmv_ref_scheme_path1(arb_ptr A, arb_ptr Bsq, arb_ptr c, const dmv_ref_schedule *sch,
                         const arb_t lambda, const arb_t mean, const dmv_ref_score_error *e,
                         slong prec, dmv_error *err);

/* The output law N(mean_out, var_out) of the scheme from the start N(m0, v0). */
int dmv_ref_scheme_law1(arb_t mean_out, arb_t var_out, const dmv_ref_schedule *sch,
                        const arb_t lambda, const arb_t mean_data, const arb_t m0, const arb_t v0,
                        const dmv_ref_score_error *e, slong prec, dmv_error *err);

/* ---- exact laws of one direction (schemes.md 4 and 6) --------------------- */

/* The start (m0, v0) of `init`: standard (0, 1) for VP, (0, T^2) for VE;
 * exact p_T (alpha(T) mean, lambda_T); gaussian (init->mean, init->var). */
int dmv_ref_init_law1(arb_t m0, arb_t v0, const dmv_init *init, const dmv_process *p,
                      const arb_t lambda, const arb_t mean, slong prec, dmv_error *err);

/* p_s = N(alpha(s) mean, alpha(s)^2 lambda + sigma(s)^2); s = 0 gives the data. */
int dmv_ref_data_law1(arb_t mean_out, arb_t var_out, const dmv_process *p, double s,
                      const arb_t lambda, const arb_t mean, slong prec, dmv_error *err);

/* The exact continuous reverse SDE (sde = 1) or PF-ODE (sde = 0) from
 * N(m0, v0) at T, stopped at s_stop in [0, T]. Stable forms: the SDE variance
 * is A^2 v0 + lambda_s K / lambda_T with K = sigma_T^2 - (alpha_T/alpha_s)^2 sigma_s^2
 * (= -expm1(-2 (B_T - B_s)) for VP linear). */
int dmv_ref_continuous_law1(arb_t mean_out, arb_t var_out, int sde, const dmv_process *p,
                            double s_stop, const arb_t lambda, const arb_t mean, const arb_t m0,
                            const arb_t v0, slong prec, dmv_error *err);

/* ---- distances between 1-D Gaussians ------------------------------------- */

/* W2^2(N(m1, v1), N(m2, v2)) = (m1 - m2)^2 + (sqrt v1 - sqrt v2)^2 with the
 * stable form (v1 - v2)/(sqrt v1 + sqrt v2) (docs/math/distances.md#w2-1d); v may be 0. */
void dmv_ref_w2sq_1d(arb_t out, const arb_t m1, const arb_t v1, const arb_t m2, const arb_t v2,
                     slong prec);

/* KL(N(m1, v1) || N(m2, v2)) = (x - log1p(x) + (m1 - m2)^2 / v2) / 2 with
 * x = (v1 - v2)/v2. Needs v1, v2 > 0 (otherwise +inf or indeterminate). */
void dmv_ref_kl_1d(arb_t out, const arb_t m1, const arb_t v1, const arb_t m2, const arb_t v2,
                   slong prec);

/* ---- whole spectrum (d eigen-directions of a dmv_gaussian) ---------------- */

/* A[j], Bsq[j], c[j] (d initialised arbs each) for every direction j of
 * data (lambda[j], mean[j]; data->basis is ignored: everything is in the
 * eigenbasis). e = NULL (exact) or an array of d score errors. threads >= 1
 * (pthreads; 0 = 1). The schedule is shared. */
int dmv_ref_spectrum_map(arb_ptr A, arb_ptr Bsq, arb_ptr c, const dmv_ref_schedule *sch,
                         const dmv_gaussian *data, const dmv_ref_score_error *e, int threads,
                         slong prec, dmv_error *err);

/* Applies the maps to the start `init`: mean[j] = A m0 + c, var[j] = A^2 v0 + Bsq. */
int dmv_ref_spectrum_apply(arb_ptr mean, arb_ptr var, arb_srcptr A, arb_srcptr Bsq, arb_srcptr c,
                           const dmv_init *init, const dmv_process *p, const dmv_gaussian *data,
                           slong prec, dmv_error *err);

/* Exact laws of all directions: p_s (dmv_ref_data_law1; s = 0: the data) and
 * the continuous SDE/ODE from `init` stopped at s_stop. */
int dmv_ref_spectrum_data(arb_ptr mean, arb_ptr var, const dmv_process *p, double s,
                          const dmv_gaussian *data, slong prec, dmv_error *err);
int dmv_ref_spectrum_continuous(arb_ptr mean, arb_ptr var, int sde, const dmv_process *p,
                                double s_stop, const dmv_init *init, const dmv_gaussian *data,
                                slong prec, dmv_error *err);

/* W2^2 between two laws diagonal in the same eigenbasis: total = sum_j of the
 * 1-D terms (contrib[j], may be NULL). Summed in Arb (exact enclosure). */
void dmv_ref_w2sq_spectrum(arb_t total, arb_ptr contrib, arb_srcptr m1, arb_srcptr v1,
                           arb_srcptr m2, arb_srcptr v2, slong d, slong prec);
/* KL(law1 || law2) likewise (call with the arguments swapped for the other way). */
void dmv_ref_kl_spectrum(arb_t total, arb_ptr contrib, arb_srcptr m1, arb_srcptr v1,
                         arb_srcptr m2, arb_srcptr v2, slong d, slong prec);

/* Convenience: W2 (not squared) of the scheme's output law from `init`
 * to the data N(mean, diag lambda), with the per-direction W2^2 terms in
 * contrib (NULL allowed). Builds the schedule itself. */
int dmv_ref_scheme_w2_to_data(arb_t w2, arb_ptr contrib, const dmv_process *p, const dmv_grid *g,
                              const dmv_scheme *scheme, const dmv_init *init,
                              const dmv_gaussian *data, const dmv_ref_score_error *e, int threads,
                              slong prec, dmv_error *err);

/* The same W2 in double interval arithmetic with upward rounding (reference/spectrum_interval.c,
 * docs/math/interval.md), for the schemes EM, EI, DDPM, Euler, Heun, RK4 with the exact score on
 * data N(0, diag lambda) (d directions, lambda[j] >= 0): for each start i < nstart, the law
 * N(0, v0) with v0[j] in [v0lo[i * d + j], v0hi[i * d + j]], W2 of the scheme's output law to the
 * data is certified in [w2lo[i], w2hi[i]] when status[i] = DMV_OK. status[i] = DMV_ENOTFINITE: a
 * lambda_s the scheme evaluates is exactly 0 (the score is infinite, as dmv_ref_scheme_map1
 * reports); DMV_EPREC: not decided in double (overflow, lambda_s not certified > 0, or directed
 * rounding unavailable), use Arb. Returns DMV_EINVAL for another scheme, DMV_ENOMEM. */
int dmv_ref_spectrum_w2_interval(double *w2lo, double *w2hi, int *status, const dmv_ref_schedule *sch,
                                 const double *lambda, long d, const double *v0lo, const double *v0hi, int nstart,
                                 int threads, dmv_error *err);


/* ==== general Gaussians: Bures W2 and KL (reference/bures.c, kl_general.c; helper refx) ====
 * Appended section: covariances as Arb matrices (arb_mat.h). Every result is
 * a certified enclosure. */
#include <arb_mat.h>

/* W2^2(N(m1, S1), N(m2, S2)) for symmetric PSD S1, S2 (d x d ball matrices;
 * the result holds for every symmetric pair in the balls). m1, m2: d arbs or
 * NULL (= 0). Method and limits: reference/bures.c (Jacobi + Weyl/Ostrowski
 * certification, no simplicity assumption; O(d^3) per sweep at prec bits;
 * both singular: a delta-shift whose effect is added to the radius).
 * DMV_EINVAL not square/symmetric or certified not PSD; DMV_EPREC no finite
 * enclosure at this precision. */
int dmv_ref_bures_w2sq(arb_t out, const arb_mat_t S1, arb_srcptr m1, const arb_mat_t S2, arb_srcptr m2,
                       slong prec, dmv_error *err);
/* The same from row-major double matrices (taken as exact) and double means (NULL = 0). */
int dmv_ref_bures_w2sq_d(arb_t out, long d, const double *m1, const double *S1, const double *m2,
                         const double *S2, slong prec, dmv_error *err);
/* Certified eigenvalues of the symmetric (ball) matrix M, ascending, into d initialised arbs. */
int dmv_ref_sym_eigenvalues(arb_ptr lambda, const arb_mat_t M, slong prec, dmv_error *err);
/* y = sqrt(x) for a quantity known to be >= 0 whose enclosure may reach below
 * 0 (arb_sqrt would give an indeterminate ball): the part below 0 is dropped. */
void dmv_ref_sqrt_nonneg(arb_t y, const arb_t x, slong prec);

/* KL(N(m1, S1) || N(m2, S2)) for symmetric positive definite S1, S2 (swap the
 * arguments for the other direction). m1, m2: d arbs or NULL (= 0).
 * DMV_EDOM if a matrix is not certified positive definite (KL infinite). */
int dmv_ref_kl_general(arb_t out, const arb_mat_t S1, arb_srcptr m1, const arb_mat_t S2, arb_srcptr m2,
                       slong prec, dmv_error *err);
/* ==== end of the refx section ==== */

/* k-diffusion / EDM coefficients (reference/kdiff.c, docs/conventions.md). The k-lms weight of
 * d_{k-j} for the step s[k] -> s[k+1] with `order` nodes s[k], ..., s[k-order+1]: the integral of
 * the Lagrange basis polynomial j, by exact polynomial integration (DMV_EINVAL for bad indices).
 * The churn gamma at sigma for N steps: min(S_churn/N, 2^0.5 - 1) if S_tmin <= sigma <= S_tmax,
 * else 0 (DMV_EPREC if a comparison is not certified). */
int dmv_ref_kdiff_lms_coef(arb_t out, arb_srcptr s, slong k, int order, int j, slong prec);
int dmv_ref_kdiff_gamma(arb_t gamma, const dmv_scheme *sc, const arb_t sigma, slong N, slong prec,
                        dmv_error *err);

#endif
