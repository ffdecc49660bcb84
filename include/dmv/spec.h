/* The problem spec: plain data shared by fast/, reference/ and theorems/.
 * The mathematics of every field is in docs/schemes.md (the joint
 * specification that fast/ and reference/ implement independently). */
#ifndef DMV_SPEC_H
#define DMV_SPEC_H

#include <stdint.h>

#include "dmv/error.h"

/* ---- process: x_s = alpha(s) x_0 + sigma(s) n --------------------------- */
typedef enum {
    DMV_PROCESS_VP_LINEAR = 0,      /* Pierret & Galerne: dx = -beta x ds + sqrt(2 beta) dW */
    DMV_PROCESS_VP_LINEAR_SONG = 1, /* Song et al.:      dx = -beta/2 x ds + sqrt(beta) dW */
    DMV_PROCESS_VP_COSINE = 2,      /* Nichol & Dhariwal: alpha^2 = cos^2(pi/2 (s+c)/(1+c)) / cos^2(pi/2 c/(1+c)) */
    DMV_PROCESS_VE = 3,             /* EDM / VE: alpha = 1, sigma = s */
    DMV_PROCESS_VP_DISCRETE = 4     /* discrete VP chain: alpha(t)^2 = prod_{i<=t} (1 - beta_i) at integer t (docs/schemes.md s.1) */
} dmv_process_kind;

/* The betas of the discrete VP chain (docs/schemes.md s.1, "Discrete VP chain"). */
typedef enum {
    DMV_BETAS_ETC = 0,            /* exponential-then-constant (Li, Wei, Chen & Chi): c, delta */
    DMV_BETAS_LINEAR = 1,         /* diffusers "linear": beta_min .. beta_max evenly over T */
    DMV_BETAS_SCALED_LINEAR = 2,  /* diffusers "scaled_linear": (sqrt(beta_min) .. sqrt(beta_max))^2 */
    DMV_BETAS_SQUAREDCOS_CAP_V2 = 3, /* diffusers "squaredcos_cap_v2": cosine alpha_bar, beta <= 0.999 */
    DMV_BETAS_TABLE = 4           /* a user table (beta_table, T entries) */
} dmv_beta_schedule;

typedef struct {
    dmv_process_kind kind;
    double beta_min, beta_max; /* VP linear: beta(s) = beta_min + (beta_max - beta_min) s, in the kind's convention */
    double cosine_offset;      /* VP cosine: c (default 0.008) */
    double t_max;              /* T, the start time (VE: sigma_max; VP discrete: the number of betas, an integer) */
    /* VP discrete chain only: time is the integer index t = 0..T (alpha(0) = 1); beta_min and
     * beta_max are beta_start and beta_end of the linear and scaled_linear schedules */
    dmv_beta_schedule betas;
    double etc_c, etc_delta;   /* ETC: c (default 4) and delta (default 1e-3) */
    const double *beta_table;  /* DMV_BETAS_TABLE: t_max betas in (0, 1), borrowed (outlives the process) */
} dmv_process;

/* ---- grid: T = s_0 > s_1 > ... > s_N = eps ------------------------------ */
typedef enum {
    DMV_GRID_UNIFORM = 0,   /* uniform in s */
    DMV_GRID_LOGSNR = 1,    /* uniform in log(alpha/sigma) */
    DMV_GRID_KARRAS = 2,    /* uniform in (sigma/alpha)^(1/rho) */
    DMV_GRID_QUADRATIC = 3, /* s_k = eps + (T - eps) ((N - k)/N)^2 */
    DMV_GRID_KARRAS_ZERO = 4, /* k-diffusion's get_sigmas_karras(N, eps, T, rho) then 0: N - 1 Karras
                               * intervals from T to eps, then the step eps -> 0 (docs/conventions.md) */
    DMV_GRID_FILE = 5,        /* the user's exact points (`points`, e.g. from a .npy file) */
    /* diffusers' timestep_spacing on the discrete VP chain (vp-discrete only; docs/conventions.md,
     * "diffusers timestep spacing"): points t = tau + 1 for diffusers' timesteps tau, then the final
     * point 0 (set_alpha_to_one) or 1 (abar_0 of the first training step). eps is not used. */
    DMV_GRID_LEADING = 6,     /* tau_k = (N - 1 - k) (T // N) + steps_offset */
    DMV_GRID_TRAILING = 7,    /* numpy round(arange(T, 0, -T/N)) - 1 */
    DMV_GRID_LINSPACE = 8     /* numpy linspace(0, T - 1, N).round() reversed */
} dmv_grid_kind;

/* 1 for the diffusers spacings (leading, trailing, linspace). */
int dmv_grid_is_diffusers(dmv_grid_kind k);

typedef struct {
    dmv_grid_kind kind;
    long steps;  /* N, the number of steps (N + 1 points). The paper's "N points" is N - 1 steps. */
    double eps;  /* the last point, exactly */
    double rho;  /* Karras exponent (default 7) */
    const double *points; /* DMV_GRID_FILE: steps + 1 points s_0 = t_max > ... > s_N = eps >= 0 (borrowed) */
    long steps_offset;    /* diffusers' steps_offset (added to the leading timesteps only; default 0) */
    int set_alpha_to_one; /* diffusers' set_alpha_to_one: 1 (default) last point t = 0, 0: t = 1 */
} dmv_grid;

/* The last grid point s_N: eps, except 0 for karras-zero, points[steps] for a file grid and
 * 0 or 1 (set_alpha_to_one) for the diffusers spacings. */
double dmv_grid_last(const dmv_grid *g);

/* ---- scheme --------------------------------------------------------------- */
typedef enum {
    DMV_SCHEME_EM = 0,       /* Euler-Maruyama, reverse SDE */
    DMV_SCHEME_EI = 1,       /* exponential integrator, reverse SDE */
    DMV_SCHEME_DDPM = 2,     /* DDPM ancestral (VP only; needs h g^2 < 1) */
    DMV_SCHEME_EULER = 3,    /* Euler, PF-ODE */
    DMV_SCHEME_HEUN = 4,     /* Heun on the PF-ODE in s (the paper's form) */
    DMV_SCHEME_HEUN_EDM = 5, /* Heun in (x/alpha, sigma/alpha) (Karras et al. Alg. 1, no churn) */
    DMV_SCHEME_RK4 = 6,      /* classical RK4, PF-ODE in s */
    DMV_SCHEME_DDIM = 7,     /* DDIM with eta in [0, 1] */
    DMV_SCHEME_DPM2 = 8,     /* DPM-Solver-2 (singlestep, noise prediction, r = 1/2) */
    DMV_SCHEME_DPMPP2M = 9,  /* DPM-Solver++(2M) (multistep, data prediction) */
    DMV_SCHEME_DDPM_CHAIN = 10,     /* the DDPM-type sampler of the discrete chain (VP only) */
    DMV_SCHEME_DDPM_POSTERIOR = 11, /* the same mean with the DDPM posterior variance (VP only) */
    DMV_SCHEME_COUNT = 12,          /* the schemes of docs/schemes.md s.5 (every VP process; VE but the DDPM ones) */
    /* k-diffusion / EDM samplers in the sigma parametrisation (docs/conventions.md); VE only. They
     * come after COUNT so that the tests that run the schemes above on every process keep doing so;
     * DMV_SCHEME_KINDS counts every kind. */
    DMV_SCHEME_K_EULER = 12,           /* sample_euler (with churn) */
    DMV_SCHEME_K_HEUN = 13,            /* sample_heun (last step to 0 as Euler; with churn) */
    DMV_SCHEME_K_DPM_2 = 14,           /* sample_dpm_2 (geometric-mean midpoint; with churn) */
    DMV_SCHEME_K_DPMPP_2M = 15,        /* sample_dpmpp_2m (first and last step first order) */
    DMV_SCHEME_K_EULER_ANCESTRAL = 16, /* sample_euler_ancestral (eta, s_noise) */
    DMV_SCHEME_K_LMS = 17,             /* sample_lms, order 4 */
    DMV_SCHEME_EDM_HEUN_CHURN = 18,    /* EDM Algorithm 2 (S_churn, S_tmin, S_tmax, S_noise) */
    DMV_SCHEME_KINDS = 19
} dmv_scheme_kind;

typedef struct {
    dmv_scheme_kind kind;
    double eta; /* DDIM; k-euler-ancestral (k-diffusion's eta, default 1 on the command line) */
    /* churn of k-euler, k-heun, k-dpm-2, edm-heun-churn (docs/conventions.md); all 0 = no churn.
     * s_noise also scales k-euler-ancestral's noise; 0 there means 1 (k-diffusion's default). */
    double s_churn, s_tmin, s_tmax, s_noise;
} dmv_scheme;

/* 1 for the k-diffusion / EDM kinds (DMV_SCHEME_K_EULER .. DMV_SCHEME_EDM_HEUN_CHURN). */
int dmv_scheme_is_kdiff(dmv_scheme_kind k);
/* The noise scale S_noise in effect (s_noise, or 1 when s_noise = 0). */
double dmv_scheme_s_noise(const dmv_scheme *s);

/* ---- initial law at s = T ------------------------------------------------- */
typedef enum {
    DMV_INIT_STANDARD = 0, /* N(0, I) for VP; N(0, t_max^2 I) for VE */
    DMV_INIT_EXACT = 1,    /* p_T itself */
    DMV_INIT_GAUSSIAN = 2  /* N(mean, var I), same in every direction */
} dmv_init_kind;

typedef struct {
    dmv_init_kind kind;
    double mean, var; /* DMV_INIT_GAUSSIAN only */
} dmv_init;

/* ---- Gaussian data N(mu, Sigma), Sigma = U diag(lambda) U^T ---------------- */
typedef struct {
    long d;
    const double *lambda; /* d eigenvalues >= 0 */
    const double *mean;   /* d entries, the mean in eigenbasis coordinates (U^T mu); NULL = 0 */
    const double *basis;  /* d x d row-major orthogonal U (column j = eigenvector j); NULL = identity */
} dmv_gaussian;

/* ---- the whole problem ------------------------------------------------------ */
typedef struct {
    dmv_process process;
    dmv_grid grid;
    dmv_scheme scheme;
    dmv_init init;
    dmv_gaussian data;
    long n_samples;
    uint64_t seed;
} dmv_problem;

/* Defaults: VP linear in the paper's convention, beta_min = 0.05, beta_max = 10
 * (Song's 0.1 -> 20 halved), T = 1; VP cosine c = 0.008, T = 0.99 (alpha(1) = 0);
 * VE T = sigma_max = 80. */
void dmv_process_default(dmv_process *p, dmv_process_kind kind);
void dmv_grid_default(dmv_grid *g);     /* uniform, 100 steps, eps = 1e-3, rho = 7 */
void dmv_scheme_default(dmv_scheme *s); /* EM, eta = 0 */
void dmv_init_default(dmv_init *in);    /* standard */

/* beta_t of the discrete VP chain for t = 1..T, in double (the plain-data definition shared by
 * fast/ and reference/, which take these doubles as exact). NaN for another kind or t out of
 * range. docs/schemes.md s.1. */
double dmv_process_beta(const dmv_process *p, long t);
const char *dmv_beta_schedule_name(dmv_beta_schedule b);
int dmv_beta_schedule_from_name(dmv_beta_schedule *b, const char *name, dmv_error *err);

/* Validation: DMV_OK or DMV_EINVAL with a message naming the field and value. */
int dmv_process_check(const dmv_process *p, dmv_error *err);
int dmv_grid_check(const dmv_grid *g, const dmv_process *p, dmv_error *err);
int dmv_scheme_check(const dmv_scheme *s, const dmv_process *p, dmv_error *err);
int dmv_gaussian_check(const dmv_gaussian *g, dmv_error *err);

/* Names used on the command line and in reports ("vp-linear", "em", ...).
 * *_from_name returns DMV_OK or DMV_EINVAL naming the string. */
const char *dmv_process_name(dmv_process_kind k);
const char *dmv_grid_name(dmv_grid_kind k);
const char *dmv_scheme_name(dmv_scheme_kind k);
const char *dmv_init_name(dmv_init_kind k);
int dmv_process_from_name(dmv_process_kind *k, const char *name, dmv_error *err);
int dmv_grid_from_name(dmv_grid_kind *k, const char *name, dmv_error *err);
int dmv_scheme_from_name(dmv_scheme_kind *k, const char *name, dmv_error *err);

/* Properties of a scheme. */
int dmv_scheme_is_stochastic(const dmv_scheme *s);      /* EM, EI, DDPM, DDIM with eta > 0, k-euler-ancestral
                                                         * with eta > 0, churn (s_churn > 0) */
int dmv_scheme_evals_per_step(dmv_scheme_kind k);       /* 1, Heun 2, RK4 4, DPM2 2 */
int dmv_scheme_order(dmv_scheme_kind k);                /* expected weak/law order in W2 */

#endif
