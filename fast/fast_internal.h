/* Private to fast/: the compiled plan of a job and the per-thread workspace. */
#ifndef DMV_FAST_INTERNAL_H
#define DMV_FAST_INTERNAL_H

#include "dmv/fast.h"
#include "dmv/model_spec.h"

typedef struct {
    const dmv_fast_model *model;
    const dmv_process *process;
    dmv_scheme scheme;
    long d, steps;
    uint64_t seed;
    double *s;          /* steps + 1 grid points */
    double *m0, *sd0;   /* initial law per eigen-direction: mean, standard deviation */
    const double *basis; /* d x d row-major U, or NULL (identity) */
    int fused;          /* 1: Gaussian-diagonal model, use the fused loops (bit-identical to the generic ones) */
    const double *mu;   /* its mean (NULL = 0) when fused */
} dmv_fast_plan;

typedef struct {
    long cap;           /* rows */
    double *y, *D, *w1, *w2, *w3; /* cap x d each */
    double *z, *xt, *c; /* d each */
    void *mws;          /* model workspace */
    double *hist;       /* k-lms: 4 x cap x d, the last four derivatives d_k (slot k mod 4); else NULL */
    long step;          /* the step being computed (dmv_fast_eval.step) */
    int stage;          /* the next denoiser call within it (dmv_fast_eval.stage) */
} dmv_fast_work;

/* The Gaussian-diagonal model (model_gaussian_diag.c): 1 and its mean (NULL = 0) if m is one. */
int dmv_fast_gaussian_diag_params(const dmv_fast_model *m, const double **mean);
/* Its eigenvalues (m must be a Gaussian-diagonal model). */
const double *dmv_fast_gaussian_diag_lambda(const dmv_fast_model *m);
/* c[j] = alpha lambda_j / (alpha^2 lambda_j + sigma^2), exactly as its denoiser computes it. */
void dmv_fast_gaussian_diag_coef(const dmv_fast_model *m, double alpha, double sigma, double *c);

/* Calls a component model (of a guided, perturbed or tail model) with the caller's context; a
 * failure's message is prefixed with "ROLE model 'NAME': " (fast/model.c). */
int dmv_fast_model_denoise_part(const dmv_fast_model *part, const char *role, const dmv_fast_eval *ev, long n,
                                const double *x, double *out, void *workspace, dmv_error *err);

/* One interval [a, b] of a uniform mixture (fast/model_umix.c, docs/models.md s.4) at x = alpha x0 +
 * sigma n: log((Phi(hi) - Phi(lo)) / h) (the log noised interval mass over its length, up to a
 * constant common to every interval) as *big + *small (*big the large -lo^2/2 part), and the
 * truncated-normal posterior mean *D = E[x0 | x, x0 in [a, b]]. sigma > 0, alpha >= 0, a < b. */
void dmv_fast_umix_interval(double alpha, double sigma, double x, double a, double b, double *big, double *small,
                            double *D);

/* The model's denoiser at time s (alpha(s), sigma(s)) for n rows x, as the next stage of step w->step
 * (fast/scheme.c); sigma is given (the k-diffusion samplers evaluate at sigma_hat, sigma_mid). */
int dmv_fast_denoise_at(const dmv_fast_plan *pl, dmv_fast_work *w, double s, double alpha, double sigma, long n,
                        const double *x, double *out, dmv_error *err);
/* Step k of a k-diffusion / EDM scheme (fast/kdiff.c, docs/conventions.md), in place on w->y. */
int dmv_fast_kdiff_step(const dmv_fast_plan *pl, dmv_fast_work *w, long k, long first, long n, dmv_error *err);
/* The linear_inverse kind (fast/model_linear_inverse.c): spec checked by the caller. */
int dmv_fast_model_linear_inverse_init(dmv_fast_model *m, const dmv_model_spec *spec, dmv_error *err);

int dmv_fast_plan_init(dmv_fast_plan *pl, const dmv_fast_job *job, dmv_error *err);
void dmv_fast_plan_clear(dmv_fast_plan *pl);
int dmv_fast_work_init(dmv_fast_work *w, const dmv_fast_plan *pl, long rows, dmv_error *err);
void dmv_fast_work_clear(dmv_fast_work *w);
/* Runs samples first .. first+n-1 (n <= w->cap) through the whole scheme; the result is in w->y. */
int dmv_fast_plan_run(const dmv_fast_plan *pl, dmv_fast_work *w, long first, long n, dmv_error *err);
/* Its pieces (fast/trace.c): the initial points into w->y, then step k (s_k -> s_{k+1}) in place;
 * hl_prev carries DPM-Solver++(2M)'s previous log-SNR step (start at 0), w->w1 its previous D. */
void dmv_fast_plan_initial(const dmv_fast_plan *pl, dmv_fast_work *w, long first, long n);
int dmv_fast_plan_step(const dmv_fast_plan *pl, dmv_fast_work *w, long k, long first, long n, double *hl_prev,
                       dmv_error *err);

#ifdef DMV_FAULT_INJECTION
/* Test-only fault injection (fast/fault.c): the value of fault `name` in the
 * environment variable DMV_FAULT, NaN if absent; `second` (may be NULL) gets the
 * number after a ':' (NaN if none). */
double dmv_fast_fault(const char *name, double *second);
#endif

#endif
