/* Defaults, names and validation of the problem spec (include/dmv/spec.h). */
#include <math.h>
#include <string.h>

#include "dmv/spec.h"

void dmv_process_default(dmv_process *p, dmv_process_kind kind)
{
    memset(p, 0, sizeof *p);
    p->kind = kind;
    p->cosine_offset = 0.008;
    switch (kind) {
    case DMV_PROCESS_VP_LINEAR_SONG:
        p->beta_min = 0.1;
        p->beta_max = 20.0;
        p->t_max = 1.0;
        break;
    case DMV_PROCESS_VP_COSINE:
        p->t_max = 0.99;
        break;
    case DMV_PROCESS_VE:
        p->t_max = 80.0;
        break;
    case DMV_PROCESS_VP_DISCRETE:
        p->betas = DMV_BETAS_ETC;
        p->etc_c = 4.0;
        p->etc_delta = 1e-3;
        p->beta_min = 1e-4; /* diffusers' beta_start and beta_end */
        p->beta_max = 0.02;
        p->t_max = 1000.0;
        break;
    case DMV_PROCESS_VP_LINEAR:
    default:
        p->beta_min = 0.05;
        p->beta_max = 10.0;
        p->t_max = 1.0;
        break;
    }
}

void dmv_grid_default(dmv_grid *g)
{
    g->kind = DMV_GRID_UNIFORM;
    g->steps = 100;
    g->eps = 1e-3;
    g->rho = 7.0;
    g->points = NULL;
    g->steps_offset = 0;
    g->set_alpha_to_one = 1;
}

int dmv_grid_is_diffusers(dmv_grid_kind k)
{
    return k == DMV_GRID_LEADING || k == DMV_GRID_TRAILING || k == DMV_GRID_LINSPACE;
}

double dmv_grid_last(const dmv_grid *g)
{
    if (g->kind == DMV_GRID_KARRAS_ZERO)
        return 0.0;
    if (g->kind == DMV_GRID_FILE)
        return g->points != NULL && g->steps >= 1 ? g->points[g->steps] : NAN;
    if (dmv_grid_is_diffusers(g->kind))
        return g->set_alpha_to_one ? 0.0 : 1.0;
    return g->eps;
}

void dmv_scheme_default(dmv_scheme *s)
{
    s->kind = DMV_SCHEME_EM;
    s->eta = 0.0;
    s->s_churn = 0.0;
    s->s_tmin = 0.0;
    s->s_tmax = INFINITY;
    s->s_noise = 1.0;
}

int dmv_scheme_is_kdiff(dmv_scheme_kind k)
{
    return k >= DMV_SCHEME_K_EULER && k <= DMV_SCHEME_EDM_HEUN_CHURN;
}

double dmv_scheme_s_noise(const dmv_scheme *s)
{
    return s->s_noise == 0 ? 1.0 : s->s_noise;
}

/* churn is possible (k-euler, k-heun, k-dpm-2, edm-heun-churn with s_churn > 0) */
static int has_churn(const dmv_scheme *s)
{
    return (s->kind == DMV_SCHEME_K_EULER || s->kind == DMV_SCHEME_K_HEUN || s->kind == DMV_SCHEME_K_DPM_2 ||
            s->kind == DMV_SCHEME_EDM_HEUN_CHURN) &&
           s->s_churn > 0;
}

void dmv_init_default(dmv_init *in)
{
    in->kind = DMV_INIT_STANDARD;
    in->mean = 0.0;
    in->var = 1.0;
}

int dmv_process_check(const dmv_process *p, dmv_error *err)
{
    switch (p->kind) {
    case DMV_PROCESS_VP_LINEAR:
    case DMV_PROCESS_VP_LINEAR_SONG:
        if (!(isfinite(p->beta_min) && p->beta_min > 0))
            return dmv_error_set(err, DMV_EINVAL, "beta_min = %g: must be finite and > 0", p->beta_min);
        if (!(isfinite(p->beta_max) && p->beta_max >= p->beta_min))
            return dmv_error_set(err, DMV_EINVAL, "beta_max = %g: must be finite and >= beta_min = %g",
                                 p->beta_max, p->beta_min);
        if (!(isfinite(p->t_max) && p->t_max > 0))
            return dmv_error_set(err, DMV_EINVAL, "t_max = %g: must be finite and > 0", p->t_max);
        return DMV_OK;
    case DMV_PROCESS_VP_COSINE:
        if (!(isfinite(p->cosine_offset) && p->cosine_offset > 0))
            return dmv_error_set(err, DMV_EINVAL, "cosine offset = %g: must be > 0", p->cosine_offset);
        if (!(p->t_max > 0 && p->t_max < 1))
            return dmv_error_set(err, DMV_EINVAL,
                                 "t_max = %g: the cosine schedule needs 0 < t_max < 1 (alpha(1) = 0)", p->t_max);
        return DMV_OK;
    case DMV_PROCESS_VE:
        if (!(isfinite(p->t_max) && p->t_max > 0))
            return dmv_error_set(err, DMV_EINVAL, "t_max (sigma_max) = %g: must be finite and > 0", p->t_max);
        return DMV_OK;
    case DMV_PROCESS_VP_DISCRETE: {
        long t, T;
        if (!(p->t_max >= 1 && p->t_max <= 1e7 && p->t_max == floor(p->t_max)))
            return dmv_error_set(err, DMV_EINVAL, "t_max = %g: the discrete chain needs an integer number of betas "
                                 "in [1, 1e7]", p->t_max);
        T = (long) p->t_max;
        switch (p->betas) {
        case DMV_BETAS_ETC:
            if (!(isfinite(p->etc_c) && p->etc_c > 0))
                return dmv_error_set(err, DMV_EINVAL, "etc_c = %g: must be finite and > 0", p->etc_c);
            if (!(p->etc_delta > 0 && p->etc_delta < 1))
                return dmv_error_set(err, DMV_EINVAL, "etc_delta = %g: must be in (0, 1)", p->etc_delta);
            break;
        case DMV_BETAS_LINEAR:
        case DMV_BETAS_SCALED_LINEAR:
            if (!(p->beta_min > 0 && p->beta_max >= p->beta_min && p->beta_max < 1))
                return dmv_error_set(err, DMV_EINVAL, "beta_min = %g, beta_max = %g: need 0 < beta_min <= beta_max "
                                     "< 1", p->beta_min, p->beta_max);
            break;
        case DMV_BETAS_SQUAREDCOS_CAP_V2:
            break;
        case DMV_BETAS_TABLE:
            if (p->beta_table == NULL)
                return dmv_error_set(err, DMV_EINVAL, "beta_table: missing (betas = table)");
            break;
        default:
            return dmv_error_set(err, DMV_EINVAL, "betas %d: unknown", (int) p->betas);
        }
        for (t = 1; t <= T; t++) {
            double b = dmv_process_beta(p, t);
            if (!(b > 0 && b < 1))
                return dmv_error_set(err, DMV_EINVAL, "beta[%ld] = %g (%s): must be in (0, 1)", t, b,
                                     dmv_beta_schedule_name(p->betas));
        }
        return DMV_OK;
    }
    default:
        return dmv_error_set(err, DMV_EINVAL, "process kind %d: unknown", (int) p->kind);
    }
}

/* diffusers' alpha_bar of squaredcos_cap_v2: cos^2((t + 0.008)/1.008 pi/2) */
static double cos_abar(double t)
{
    double c = cos((t + 0.008) / 1.008 * 1.5707963267948966192313216916398);
    return c * c;
}

double dmv_process_beta(const dmv_process *p, long t)
{
    long T;
    if (p->kind != DMV_PROCESS_VP_DISCRETE || !(p->t_max >= 1 && p->t_max <= 1e7))
        return NAN;
    T = (long) p->t_max;
    if (t < 1 || t > T)
        return NAN;
    switch (p->betas) {
    case DMV_BETAS_ETC: { /* beta_1 = delta; beta_t = (c log T/T) min(delta (1 + c log T/T)^t, 1) */
        double r = p->etc_c * log((double) T) / (double) T, v;
        if (t == 1)
            return p->etc_delta;
        v = p->etc_delta * exp((double) t * log1p(r));
        return r * (v < 1 ? v : 1.0);
    }
    case DMV_BETAS_LINEAR:
        return T == 1 ? p->beta_min
                      : p->beta_min + (p->beta_max - p->beta_min) * ((double) (t - 1) / (double) (T - 1));
    case DMV_BETAS_SCALED_LINEAR: {
        double a = sqrt(p->beta_min), b = sqrt(p->beta_max);
        double v = T == 1 ? a : a + (b - a) * ((double) (t - 1) / (double) (T - 1));
        return v * v;
    }
    case DMV_BETAS_SQUAREDCOS_CAP_V2: {
        double v = 1 - cos_abar((double) t / (double) T) / cos_abar((double) (t - 1) / (double) T);
        return v < 0.999 ? v : 0.999;
    }
    case DMV_BETAS_TABLE:
        return p->beta_table != NULL ? p->beta_table[t - 1] : NAN;
    }
    return NAN;
}

int dmv_grid_check(const dmv_grid *g, const dmv_process *p, dmv_error *err)
{
    if (g->steps < 1)
        return dmv_error_set(err, DMV_EINVAL, "steps = %ld: must be >= 1", g->steps);
    if (dmv_grid_is_diffusers(g->kind)) { /* docs/conventions.md, "diffusers timestep spacing" */
        double T = p->t_max;
        if (p->kind != DMV_PROCESS_VP_DISCRETE)
            return dmv_error_set(err, DMV_EINVAL, "grid %s: diffusers' timestep spacing needs process vp-discrete, "
                                 "not '%s'", dmv_grid_name(g->kind), dmv_process_name(p->kind));
        if (!((double) g->steps <= T))
            return dmv_error_set(err, DMV_EINVAL, "grid %s: steps = %ld: must be <= T = %g (num_train_timesteps)",
                                 dmv_grid_name(g->kind), g->steps, T);
        if (g->steps_offset < 0 || (double) g->steps_offset > T)
            return dmv_error_set(err, DMV_EINVAL, "grid %s: steps_offset = %ld: must be in [0, T = %g]",
                                 dmv_grid_name(g->kind), g->steps_offset, T);
        if (g->set_alpha_to_one != 0 && g->set_alpha_to_one != 1)
            return dmv_error_set(err, DMV_EINVAL, "grid %s: set_alpha_to_one = %d: must be 0 or 1",
                                 dmv_grid_name(g->kind), g->set_alpha_to_one);
        return DMV_OK; /* the timesteps themselves are checked where they are computed */
    }
    if (!(isfinite(g->eps) && g->eps >= 0 && g->eps < p->t_max))
        return dmv_error_set(err, DMV_EINVAL, "eps = %g: must satisfy 0 <= eps < t_max = %g", g->eps, p->t_max);
    if (g->kind == DMV_GRID_FILE) {
        long k;
        if (g->points == NULL)
            return dmv_error_set(err, DMV_EINVAL, "grid file: no points");
        if (g->points[0] != p->t_max)
            return dmv_error_set(err, DMV_EINVAL, "grid file: first point %.17g differs from t_max = %.17g",
                                 g->points[0], p->t_max);
        for (k = 0; k <= g->steps; k++)
            if (!(isfinite(g->points[k]) && g->points[k] >= 0) || (k > 0 && !(g->points[k] < g->points[k - 1])))
                return dmv_error_set(err, DMV_EINVAL,
                                     "grid file: point %ld = %.17g: points must be finite, >= 0 and strictly "
                                     "decreasing",
                                     k, g->points[k]);
        return DMV_OK;
    }
    if (g->kind == DMV_GRID_KARRAS_ZERO && !(g->eps > 0))
        return dmv_error_set(err, DMV_EINVAL, "eps = %g: karras-zero needs sigma_min = eps > 0", g->eps);
    if ((g->kind == DMV_GRID_LOGSNR || g->kind == DMV_GRID_KARRAS) && g->eps == 0)
        return dmv_error_set(err, DMV_EINVAL, "eps = 0: the %s grid needs eps > 0 (log-SNR is infinite at 0)",
                             dmv_grid_name(g->kind));
    if ((g->kind == DMV_GRID_KARRAS || g->kind == DMV_GRID_KARRAS_ZERO) && !(isfinite(g->rho) && g->rho > 0))
        return dmv_error_set(err, DMV_EINVAL, "rho = %g: must be finite and > 0", g->rho);
    if ((int) g->kind < 0 || g->kind > DMV_GRID_FILE)
        return dmv_error_set(err, DMV_EINVAL, "grid kind %d: unknown", (int) g->kind);
    if (p->kind == DMV_PROCESS_VP_DISCRETE) {
        /* the chain lives on integer timesteps: a uniform grid whose step is an integer */
        double h = (p->t_max - g->eps) / (double) g->steps;
        if (g->kind != DMV_GRID_UNIFORM || g->eps != floor(g->eps) || h != floor(h))
            return dmv_error_set(err, DMV_EINVAL, "grid %s, %ld steps, eps = %g: the discrete chain (T = %g) needs a "
                                 "uniform grid on integer timesteps (integer eps, steps dividing T - eps)",
                                 dmv_grid_name(g->kind), g->steps, g->eps, p->t_max);
    }
    return DMV_OK;
}

int dmv_scheme_check(const dmv_scheme *s, const dmv_process *p, dmv_error *err)
{
    if ((int) s->kind < 0 || s->kind >= DMV_SCHEME_KINDS)
        return dmv_error_set(err, DMV_EINVAL, "scheme kind %d: unknown", (int) s->kind);
    if (dmv_scheme_is_kdiff(s->kind)) {
        if (p->kind != DMV_PROCESS_VE)
            return dmv_error_set(err, DMV_EINVAL,
                                 "scheme %s: k-diffusion's sigma parametrisation needs process ve, not %s",
                                 dmv_scheme_name(s->kind), dmv_process_name(p->kind));
        if (s->kind == DMV_SCHEME_K_EULER_ANCESTRAL && !(s->eta >= 0 && isfinite(s->eta)))
            return dmv_error_set(err, DMV_EINVAL, "eta = %g: k-euler-ancestral needs a finite eta >= 0", s->eta);
        if (!(s->s_churn >= 0 && isfinite(s->s_churn)))
            return dmv_error_set(err, DMV_EINVAL, "s_churn = %g: must be finite and >= 0", s->s_churn);
        if (!(s->s_noise >= 0 && isfinite(s->s_noise)))
            return dmv_error_set(err, DMV_EINVAL, "s_noise = %g: must be finite and >= 0", s->s_noise);
        if (!(s->s_tmin >= 0 && !isnan(s->s_tmax)))
            return dmv_error_set(err, DMV_EINVAL, "s_tmin = %g, s_tmax = %g: need s_tmin >= 0", s->s_tmin,
                                 s->s_tmax);
        if (s->s_churn > 0 && !has_churn(s))
            return dmv_error_set(err, DMV_EINVAL, "s_churn = %g: scheme %s has no churn", s->s_churn,
                                 dmv_scheme_name(s->kind));
        return DMV_OK;
    }
    if (s->kind == DMV_SCHEME_DDIM && !(s->eta >= 0 && s->eta <= 1))
        return dmv_error_set(err, DMV_EINVAL, "eta = %g: must be in [0, 1]", s->eta);
    if (s->kind == DMV_SCHEME_DDPM && p->kind == DMV_PROCESS_VE)
        return dmv_error_set(err, DMV_EINVAL, "scheme ddpm: defined for VP processes only, not %s",
                             dmv_process_name(p->kind));
    if ((s->kind == DMV_SCHEME_DDPM_CHAIN || s->kind == DMV_SCHEME_DDPM_POSTERIOR) && p->kind == DMV_PROCESS_VE)
        return dmv_error_set(err, DMV_EINVAL, "scheme %s: defined for VP processes only, not %s",
                             dmv_scheme_name(s->kind), dmv_process_name(p->kind));
    if (p->kind == DMV_PROCESS_VP_DISCRETE && s->kind != DMV_SCHEME_DDPM_CHAIN &&
        s->kind != DMV_SCHEME_DDPM_POSTERIOR && s->kind != DMV_SCHEME_DDIM && s->kind != DMV_SCHEME_HEUN_EDM &&
        s->kind != DMV_SCHEME_DPMPP2M)
        return dmv_error_set(err, DMV_EINVAL, "scheme %s: needs the drift of a continuous process; the %s chain "
                             "takes ddpm-chain, ddpm-posterior, ddim, heun-edm or dpmpp2m",
                             dmv_scheme_name(s->kind), dmv_process_name(p->kind));
    return DMV_OK;
}

int dmv_gaussian_check(const dmv_gaussian *g, dmv_error *err)
{
    long j;
    if (g->d < 1)
        return dmv_error_set(err, DMV_EINVAL, "dimension d = %ld: must be >= 1", g->d);
    if (g->lambda == NULL)
        return dmv_error_set(err, DMV_EINVAL, "lambda: missing");
    for (j = 0; j < g->d; j++) {
        if (!(isfinite(g->lambda[j]) && g->lambda[j] >= 0))
            return dmv_error_set(err, DMV_EINVAL, "lambda[%ld] = %g: must be finite and >= 0", j, g->lambda[j]);
        if (g->mean != NULL && !isfinite(g->mean[j]))
            return dmv_error_set(err, DMV_EINVAL, "mean[%ld] = %g: must be finite", j, g->mean[j]);
    }
    return DMV_OK;
}

static const char *const process_names[] = {"vp-linear", "vp-linear-song", "vp-cosine", "ve", "vp-discrete"};
static const char *const grid_names[] = {"uniform", "logsnr", "karras", "quadratic", "karras-zero", "file",
                                          "leading", "trailing", "linspace"};
static const char *const scheme_names[] = {"em", "ei", "ddpm", "euler", "heun",
                                           "heun-edm", "rk4", "ddim", "dpm2", "dpmpp2m",
                                           "ddpm-chain", "ddpm-posterior",
                                           "k-euler", "k-heun", "k-dpm-2", "k-dpmpp-2m", "k-euler-ancestral",
                                           "k-lms", "edm-heun-churn"};
static const char *const init_names[] = {"standard", "exact", "gaussian"};
static const char *const betas_names[] = {"etc", "linear", "scaled_linear", "squaredcos_cap_v2", "table"};

#define NAME_OF(table, k) (((int) (k) >= 0 && (size_t) (k) < sizeof table / sizeof table[0]) ? table[k] : "unknown")

const char *dmv_process_name(dmv_process_kind k) { return NAME_OF(process_names, k); }
const char *dmv_grid_name(dmv_grid_kind k) { return NAME_OF(grid_names, k); }
const char *dmv_scheme_name(dmv_scheme_kind k) { return NAME_OF(scheme_names, k); }
const char *dmv_init_name(dmv_init_kind k) { return NAME_OF(init_names, k); }
const char *dmv_beta_schedule_name(dmv_beta_schedule b) { return NAME_OF(betas_names, b); }

static int lookup(const char *const *table, int n, const char *name, const char *what, int *out, dmv_error *err)
{
    int i;
    if (name != NULL)
        for (i = 0; i < n; i++)
            if (strcmp(table[i], name) == 0) {
                *out = i;
                return DMV_OK;
            }
    return dmv_error_set(err, DMV_EINVAL, "%s '%s': unknown", what, name ? name : "(null)");
}

int dmv_process_from_name(dmv_process_kind *k, const char *name, dmv_error *err)
{
    int i = 0, r = lookup(process_names, 5, name, "process", &i, err);
    *k = (dmv_process_kind) i;
    return r;
}

int dmv_grid_from_name(dmv_grid_kind *k, const char *name, dmv_error *err)
{
    int i = 0, r = lookup(grid_names, 9, name, "grid", &i, err);
    *k = (dmv_grid_kind) i;
    return r;
}

int dmv_scheme_from_name(dmv_scheme_kind *k, const char *name, dmv_error *err)
{
    int i = 0, r = lookup(scheme_names, DMV_SCHEME_KINDS, name, "scheme", &i, err);
    *k = (dmv_scheme_kind) i;
    return r;
}

int dmv_beta_schedule_from_name(dmv_beta_schedule *b, const char *name, dmv_error *err)
{
    int i = 0, r = lookup(betas_names, 5, name, "betas", &i, err);
    *b = (dmv_beta_schedule) i;
    return r;
}

int dmv_scheme_is_stochastic(const dmv_scheme *s)
{
    return s->kind == DMV_SCHEME_EM || s->kind == DMV_SCHEME_EI || s->kind == DMV_SCHEME_DDPM ||
           s->kind == DMV_SCHEME_DDPM_CHAIN || s->kind == DMV_SCHEME_DDPM_POSTERIOR ||
           (s->kind == DMV_SCHEME_DDIM && s->eta > 0) || (s->kind == DMV_SCHEME_K_EULER_ANCESTRAL && s->eta > 0) ||
           has_churn(s);
}

int dmv_scheme_evals_per_step(dmv_scheme_kind k)
{
    switch (k) {
    case DMV_SCHEME_HEUN:
    case DMV_SCHEME_HEUN_EDM:
    case DMV_SCHEME_DPM2:
    case DMV_SCHEME_K_HEUN:
    case DMV_SCHEME_K_DPM_2:
    case DMV_SCHEME_EDM_HEUN_CHURN:
        return 2;
    case DMV_SCHEME_RK4:
        return 4;
    default:
        return 1;
    }
}

int dmv_scheme_order(dmv_scheme_kind k)
{
    switch (k) {
    case DMV_SCHEME_HEUN:
    case DMV_SCHEME_HEUN_EDM:
    case DMV_SCHEME_DPM2:
    case DMV_SCHEME_DPMPP2M:
    case DMV_SCHEME_K_HEUN:
    case DMV_SCHEME_K_DPM_2:
    case DMV_SCHEME_K_DPMPP_2M:
    case DMV_SCHEME_EDM_HEUN_CHURN:
        return 2;
    case DMV_SCHEME_RK4:
    case DMV_SCHEME_K_LMS:
        return 4;
    default:
        return 1;
    }
}
