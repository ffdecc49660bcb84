/* The problem options shared by `dmverify exact` and `dmverify sample`. */
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "dmv/fast.h"
#include "dmv/npy.h"
#include "args.h"
#include "problem_opts.h"

void dmv_cli_problem_init(dmv_cli_problem *p)
{
    memset(p, 0, sizeof *p);
    dmv_process_default(&p->problem.process, DMV_PROCESS_VP_LINEAR);
    dmv_grid_default(&p->problem.grid);
    dmv_scheme_default(&p->problem.scheme);
    dmv_init_default(&p->problem.init);
    p->problem.data.d = 0;
    p->problem.data.lambda = NULL;
    p->problem.data.mean = NULL;
    p->problem.data.basis = NULL;
    p->problem.n_samples = 0;
    p->problem.seed = 0;
    p->continuous = DMV_CLI_SCHEME;
    p->prediction = DMV_PREDICTION_SAMPLE;
    p->sigma_data = 1.0;
}

void dmv_cli_problem_clear(dmv_cli_problem *p)
{
    free(p->lambda_buf);
    free(p->mean_buf);
    free(p->basis_buf);
    free(p->spectrum_path);
    free(p->grid_file);
    free(p->grid_points_buf);
    memset(p, 0, sizeof *p);
}

/* ---- strict number parsing --------------------------------------------------- */

/* ---- the options ---------------------------------------------------------------- */

enum {
    OPT_PROCESS, OPT_BETA_MIN, OPT_BETA_MAX, OPT_T_MAX, OPT_COSINE_OFFSET, OPT_EPS, OPT_SCHEME, OPT_STEPS,
    OPT_POINTS, OPT_GRID, OPT_RHO, OPT_ETA, OPT_LAMBDA, OPT_SPECTRUM, OPT_MEAN, OPT_INIT, OPT_SEED,
    OPT_GRID_FILE, OPT_S_CHURN, OPT_S_TMIN, OPT_S_TMAX, OPT_S_NOISE, OPT_PREDICTION, OPT_SIGMA_DATA,
    OPT_STEPS_OFFSET, OPT_SET_ALPHA_TO_ONE, OPT_BETAS
};

static const struct {
    const char *name;
    int id;
} options[] = {
    {"--process", OPT_PROCESS}, {"--beta-min", OPT_BETA_MIN}, {"--beta-max", OPT_BETA_MAX},
    {"--t-max", OPT_T_MAX},     {"--cosine-offset", OPT_COSINE_OFFSET}, {"--eps", OPT_EPS},
    {"--scheme", OPT_SCHEME},   {"--steps", OPT_STEPS},       {"--points", OPT_POINTS},
    {"--grid", OPT_GRID},       {"--rho", OPT_RHO},           {"--eta", OPT_ETA},
    {"--lambda", OPT_LAMBDA},   {"--spectrum", OPT_SPECTRUM}, {"--mean", OPT_MEAN},
    {"--init", OPT_INIT},       {"--seed", OPT_SEED},
    {"--grid-file", OPT_GRID_FILE}, {"--s-churn", OPT_S_CHURN}, {"--s-tmin", OPT_S_TMIN},
    {"--s-tmax", OPT_S_TMAX},   {"--s-noise", OPT_S_NOISE},
    {"--prediction-type", OPT_PREDICTION}, {"--sigma-data", OPT_SIGMA_DATA},
    {"--steps-offset", OPT_STEPS_OFFSET}, {"--set-alpha-to-one", OPT_SET_ALPHA_TO_ONE},
    {"--betas", OPT_BETAS},
};

static int bad_number(dmv_error *err, const char *opt, const char *val, const char *what)
{
    dmv_error_set(err, DMV_EINVAL, "%s '%s': %s", opt, val, what);
    return -1;
}

int dmv_cli_problem_parse(dmv_cli_problem *p, int argc, char **argv, int *i, dmv_error *err)
{
    const char *arg = argv[*i], *val, *eq;
    size_t k, namelen;
    int id = -1;
    double x;
    long n;
    if (arg == NULL || strncmp(arg, "--", 2) != 0)
        return 0;
    eq = strchr(arg, '=');
    namelen = eq ? (size_t) (eq - arg) : strlen(arg);
    for (k = 0; k < sizeof options / sizeof options[0]; k++)
        if (strlen(options[k].name) == namelen && strncmp(options[k].name, arg, namelen) == 0) {
            id = options[k].id;
            break;
        }
    if (id < 0)
        return 0;
    if (eq != NULL) {
        val = eq + 1;
    } else {
        if (*i + 1 >= argc) {
            dmv_error_set(err, DMV_EINVAL, "option %s: needs a value", arg);
            return -1;
        }
        val = argv[++*i];
    }
    {
        const char *opt = options[k].name;
        switch (id) {
        case OPT_PROCESS:
            if (dmv_process_from_name(&p->problem.process.kind, val, err) != DMV_OK) {
                dmv_error_set(err, DMV_EINVAL, "--process '%s'", val);
                return -1;
            }
            return 1;
        case OPT_BETA_MIN:
        case OPT_BETA_MAX:
        case OPT_T_MAX:
        case OPT_COSINE_OFFSET:
        case OPT_EPS:
        case OPT_RHO:
        case OPT_ETA:
            if (!dmv_cli_strtod(&x, val))
                return bad_number(err, opt, val, "not a finite number");
            if (id == OPT_BETA_MIN)
                p->beta_min = x, p->beta_min_given = 1, p->beta_min_text = val;
            else if (id == OPT_BETA_MAX)
                p->beta_max = x, p->beta_max_given = 1, p->beta_max_text = val;
            else if (id == OPT_T_MAX)
                p->t_max = x, p->t_max_given = 1, p->t_max_text = val;
            else if (id == OPT_COSINE_OFFSET)
                p->cosine_offset = x, p->cosine_offset_given = 1, p->cosine_offset_text = val;
            else if (id == OPT_EPS)
                p->problem.grid.eps = x, p->eps_text = val;
            else if (id == OPT_RHO)
                p->problem.grid.rho = x, p->rho_text = val;
            else
                p->problem.scheme.eta = x, p->eta_text = val, p->eta_given = 1;
            return 1;
        case OPT_S_CHURN:
        case OPT_S_TMIN:
        case OPT_S_TMAX:
        case OPT_S_NOISE:
            if (id == OPT_S_TMAX && (strcmp(val, "inf") == 0 || strcmp(val, "infinity") == 0)) {
                p->problem.scheme.s_tmax = INFINITY;
                return 1;
            }
            if (!dmv_cli_strtod(&x, val) || !(x >= 0))
                return bad_number(err, opt, val, "not a finite number >= 0");
            if (id == OPT_S_CHURN)
                p->problem.scheme.s_churn = x;
            else if (id == OPT_S_TMIN)
                p->problem.scheme.s_tmin = x;
            else if (id == OPT_S_TMAX)
                p->problem.scheme.s_tmax = x;
            else
                p->problem.scheme.s_noise = x;
            return 1;
        case OPT_PREDICTION:
            if (dmv_prediction_from_name(&p->prediction, val, err) != DMV_OK) {
                dmv_error_set(err, DMV_EINVAL, "--prediction-type '%s': unknown (sample, epsilon, v_prediction)", val);
                return -1;
            }
            return 1;
        case OPT_SIGMA_DATA:
            if (!dmv_cli_strtod(&x, val) || !(x > 0))
                return bad_number(err, opt, val, "must be a finite number > 0");
            p->sigma_data = x;
            return 1;
        case OPT_GRID_FILE: {
            char *copy;
            if (*val == '\0') {
                dmv_error_set(err, DMV_EINVAL, "--grid-file '': needs a .npy file");
                return -1;
            }
            copy = malloc(strlen(val) + 1);
            if (copy == NULL) {
                dmv_error_set(err, DMV_ENOMEM, "--grid-file: no memory");
                return -1;
            }
            strcpy(copy, val);
            free(p->grid_file);
            p->grid_file = copy;
            p->problem.grid.kind = DMV_GRID_FILE;
            return 1;
        }
        case OPT_SCHEME:
            if (strcmp(val, "sde") == 0) {
                p->continuous = DMV_CLI_EXACT_SDE;
                return 1;
            }
            if (strcmp(val, "ode") == 0) {
                p->continuous = DMV_CLI_EXACT_ODE;
                return 1;
            }
            if (dmv_scheme_from_name(&p->problem.scheme.kind, val, NULL) != DMV_OK) {
                dmv_error_set(err, DMV_EINVAL,
                              "--scheme '%s': unknown (em, ei, ddpm, euler, heun, heun-edm, rk4, ddim, dpm2, "
                              "dpmpp2m, k-euler, k-heun, k-dpm-2, k-dpmpp-2m, k-euler-ancestral, k-lms, "
                              "edm-heun-churn, sde, ode)", val);
                return -1;
            }
            p->continuous = DMV_CLI_SCHEME;
            return 1;
        case OPT_STEPS:
            if (!dmv_cli_strtol(&n, val) || n < 1)
                return bad_number(err, opt, val, "must be an integer >= 1");
            p->problem.grid.steps = n;
            p->steps_given = 1;
            return 1;
        case OPT_POINTS:
            if (!dmv_cli_strtol(&n, val) || n < 2)
                return bad_number(err, opt, val, "must be an integer >= 2 (N points = N - 1 steps)");
            p->points = n;
            p->points_given = 1;
            return 1;
        case OPT_GRID:
            if (dmv_grid_from_name(&p->problem.grid.kind, val, NULL) != DMV_OK) {
                dmv_error_set(err, DMV_EINVAL,
                              "--grid '%s': unknown (uniform, logsnr, karras, quadratic, karras-zero, leading, "
                              "trailing, linspace; --grid-file F.npy for the file grid)", val);
                return -1;
            }
            return 1;
        case OPT_BETAS: /* vp-discrete betas (docs/schemes.md s.1) */
            if (dmv_beta_schedule_from_name(&p->betas, val, NULL) != DMV_OK || p->betas == DMV_BETAS_TABLE) {
                dmv_error_set(err, DMV_EINVAL, "--betas '%s': unknown (etc, linear, scaled_linear, squaredcos_cap_v2)",
                              val);
                return -1;
            }
            p->betas_given = 1;
            return 1;
        case OPT_STEPS_OFFSET: /* diffusers' steps_offset (docs/conventions.md) */
            if (!dmv_cli_strtol(&n, val) || n < 0)
                return bad_number(err, opt, val, "must be an integer >= 0");
            p->problem.grid.steps_offset = n;
            return 1;
        case OPT_SET_ALPHA_TO_ONE: /* diffusers' set_alpha_to_one */
            if (strcmp(val, "true") == 0 || strcmp(val, "1") == 0)
                p->problem.grid.set_alpha_to_one = 1;
            else if (strcmp(val, "false") == 0 || strcmp(val, "0") == 0)
                p->problem.grid.set_alpha_to_one = 0;
            else
                return bad_number(err, opt, val, "must be true or false");
            return 1;
        case OPT_LAMBDA:
            if (dmv_cli_parse_list(&p->lambda_buf, &p->lambda_len, opt, val, err) != DMV_OK)
                return -1;
            p->lambda_text = val;
            return 1;
        case OPT_MEAN:
            if (dmv_cli_parse_list(&p->mean_buf, &p->mean_len, opt, val, err) != DMV_OK)
                return -1;
            p->mean_text = val;
            return 1;
        case OPT_SPECTRUM: {
            char *copy;
            if (*val == '\0') {
                dmv_error_set(err, DMV_EINVAL, "--spectrum '': needs a .npy file");
                return -1;
            }
            copy = malloc(strlen(val) + 1);
            if (copy == NULL) {
                dmv_error_set(err, DMV_ENOMEM, "--spectrum: no memory");
                return -1;
            }
            strcpy(copy, val);
            free(p->spectrum_path);
            p->spectrum_path = copy;
            return 1;
        }
        case OPT_INIT:
            if (strcmp(val, "standard") == 0) {
                p->problem.init.kind = DMV_INIT_STANDARD;
            } else if (strcmp(val, "exact") == 0) {
                p->problem.init.kind = DMV_INIT_EXACT;
            } else if (strncmp(val, "gaussian:", 9) == 0) {
                double *mv = NULL;
                long len = 0;
                dmv_error e2;
                dmv_error_init(&e2);
                if (dmv_cli_parse_list(&mv, &len, opt, val + 9, &e2) != DMV_OK || len != 2 || !(mv[1] >= 0)) {
                    free(mv);
                    dmv_error_set(err, DMV_EINVAL, "--init '%s': expected gaussian:M,V with finite M and V >= 0",
                                  val);
                    return -1;
                }
                p->problem.init.kind = DMV_INIT_GAUSSIAN;
                p->init_text = val + 9;
                p->problem.init.mean = mv[0];
                p->problem.init.var = mv[1];
                free(mv);
            } else {
                dmv_error_set(err, DMV_EINVAL, "--init '%s': unknown (standard, exact, gaussian:M,V)", val);
                return -1;
            }
            return 1;
        case OPT_SEED:
            if (!dmv_cli_strtou64(&p->problem.seed, val)) {
                dmv_error_set(err, DMV_EINVAL, "--seed '%s': must be an integer in [0, 2^64)", val);
                return -1;
            }
            p->seed_given = 1;
            return 1;
        default:
            return 0;
        }
    }
}

static int load_spectrum(dmv_cli_problem *p, dmv_error *err)
{
    dmv_npy_array a;
    long i, n;
    int rc;
    dmv_npy_array_init(&a);
    rc = dmv_npy_read(&a, p->spectrum_path, err);
    if (rc != DMV_OK)
        return rc;
    if (a.ndim == 2 && a.shape[0] != 1 && a.shape[1] != 1) {
        rc = dmv_error_set(err, DMV_EFORMAT, "--spectrum %s: shape (%ld, %ld): expected a vector of eigenvalues",
                           p->spectrum_path, a.shape[0], a.shape[1]);
        dmv_npy_array_clear(&a);
        return rc;
    }
    n = a.shape[0] * a.shape[1];
    if (n < 1) {
        dmv_npy_array_clear(&a);
        return dmv_error_set(err, DMV_EFORMAT, "--spectrum %s: no eigenvalues", p->spectrum_path);
    }
    p->spectrum_negzeros = 0;
    for (i = 0; i < n; i++) {
        if (a.data[i] == 0) {
            p->spectrum_negzeros += signbit(a.data[i]) != 0;
            a.data[i] = 0.0; /* -0.0 is a rounded zero eigenvalue */
        } else if (a.data[i] < 0) {
            rc = dmv_error_set(err, DMV_EINVAL, "--spectrum %s: eigenvalue [%ld] = %.17g is negative",
                               p->spectrum_path, i, a.data[i]);
            dmv_npy_array_clear(&a);
            return rc;
        }
    }
    free(p->lambda_buf);
    p->lambda_buf = a.data; /* ownership moves */
    p->lambda_len = n;
    return DMV_OK;
}

/* --grid-file F.npy: a vector of N + 1 >= 2 decreasing points (sigmas for ve, else times),
 * float32 or float64, taken exactly (docs/conventions.md) */
static int load_grid_file(dmv_cli_problem *p, dmv_error *err)
{
    dmv_npy_array a;
    long n;
    int rc;
    dmv_npy_array_init(&a);
    rc = dmv_npy_read(&a, p->grid_file, err);
    if (rc != DMV_OK)
        return rc;
    n = a.shape[0] * a.shape[1];
    if ((a.ndim == 2 && a.shape[0] != 1 && a.shape[1] != 1) || n < 2) {
        rc = dmv_error_set(err, DMV_EFORMAT, "--grid-file %s: shape (%ld, %ld): expected a vector of at least 2 points",
                           p->grid_file, a.shape[0], a.shape[1]);
        dmv_npy_array_clear(&a);
        return rc;
    }
    free(p->grid_points_buf);
    p->grid_points_buf = a.data; /* ownership moves */
    p->problem.grid.points = p->grid_points_buf;
    p->problem.grid.steps = n - 1;
    p->problem.grid.eps = p->grid_points_buf[n - 1];
    return DMV_OK;
}

int dmv_cli_problem_finish(dmv_cli_problem *p, dmv_error *err)
{
    dmv_problem *pr = &p->problem;
    int rc;
    /* process: the kind's defaults, then the explicit parameters */
    dmv_process_default(&pr->process, pr->process.kind);
    if (p->beta_min_given)
        pr->process.beta_min = p->beta_min;
    if (p->beta_max_given)
        pr->process.beta_max = p->beta_max;
    if (p->t_max_given)
        pr->process.t_max = p->t_max;
    if (p->cosine_offset_given)
        pr->process.cosine_offset = p->cosine_offset;
    if ((p->betas_given || p->etc_c_given || p->etc_delta_given) && pr->process.kind != DMV_PROCESS_VP_DISCRETE)
        return dmv_error_set(err, DMV_EINVAL, "--betas: only for vp-discrete, not %s",
                             dmv_process_name(pr->process.kind));
    if (p->betas_given)
        pr->process.betas = p->betas;
    if (p->etc_c_given)
        pr->process.etc_c = p->etc_c;
    if (p->etc_delta_given)
        pr->process.etc_delta = p->etc_delta;
    if ((p->beta_min_given || p->beta_max_given) && pr->process.kind != DMV_PROCESS_VP_LINEAR &&
        pr->process.kind != DMV_PROCESS_VP_LINEAR_SONG && pr->process.kind != DMV_PROCESS_VP_DISCRETE)
        return dmv_error_set(err, DMV_EINVAL, "--beta-min/--beta-max: only for the vp-linear processes, not %s",
                             dmv_process_name(pr->process.kind));
    if (p->cosine_offset_given && pr->process.kind != DMV_PROCESS_VP_COSINE)
        return dmv_error_set(err, DMV_EINVAL, "--cosine-offset: only for vp-cosine, not %s",
                             dmv_process_name(pr->process.kind));
    /* grid counting */
    if (p->steps_given && p->points_given)
        return dmv_error_set(err, DMV_EINVAL, "--steps %ld and --points %ld: give one of them, not both",
                             pr->grid.steps, p->points);
    if (p->points_given)
        pr->grid.steps = p->points - 1;
    if (pr->grid.kind == DMV_GRID_FILE) {
        if (p->grid_file == NULL)
            return dmv_error_set(err, DMV_EINVAL, "grid file: give --grid-file F.npy (grid.file in a problem file)");
        if (p->steps_given || p->points_given)
            return dmv_error_set(err, DMV_EINVAL, "--grid-file %s: the file gives the points; no --steps/--points",
                                 p->grid_file);
        if ((rc = load_grid_file(p, err)) != DMV_OK)
            return rc;
        if (!p->t_max_given) /* the file's first point is the start */
            pr->process.t_max = pr->grid.points[0];
    }
    if (pr->scheme.kind == DMV_SCHEME_K_EULER_ANCESTRAL && !p->eta_given)
        pr->scheme.eta = 1.0; /* k-diffusion's default */
    if (p->continuous != DMV_CLI_SCHEME && (p->steps_given || p->points_given))
        return dmv_error_set(err, DMV_EINVAL, "--%s with --scheme %s: the exact continuous law has no steps",
                             p->steps_given ? "steps" : "points", p->continuous == DMV_CLI_EXACT_SDE ? "sde" : "ode");
    /* data */
    if (p->spectrum_path != NULL && p->lambda_buf != NULL)
        return dmv_error_set(err, DMV_EINVAL, "--lambda and --spectrum %s: give one of them, not both",
                             p->spectrum_path);
    if (p->spectrum_path != NULL) {
        rc = load_spectrum(p, err);
        if (rc != DMV_OK)
            return rc;
    }
    if (p->lambda_buf == NULL)
        return dmv_error_set(err, DMV_EINVAL, "no data: give --lambda L1,L2,... or --spectrum FILE.npy");
    if (p->mean_buf != NULL && p->mean_len != p->lambda_len)
        return dmv_error_set(err, DMV_EINVAL, "--mean has %ld entries but there are %ld eigenvalues", p->mean_len,
                             p->lambda_len);
    pr->data.d = p->lambda_len;
    pr->data.lambda = p->lambda_buf;
    pr->data.mean = p->mean_buf;
    pr->data.basis = p->basis_buf;
    /* validation */
    rc = dmv_process_check(&pr->process, err);
    if (rc == DMV_OK && p->continuous == DMV_CLI_SCHEME)
        rc = dmv_grid_check(&pr->grid, &pr->process, err);
    if (rc == DMV_OK && p->continuous != DMV_CLI_SCHEME &&
        !(isfinite(pr->grid.eps) && pr->grid.eps >= 0 && pr->grid.eps < pr->process.t_max))
        rc = dmv_error_set(err, DMV_EINVAL, "eps = %g: must satisfy 0 <= eps < t_max = %g", pr->grid.eps,
                           pr->process.t_max);
    if (rc == DMV_OK && p->continuous == DMV_CLI_SCHEME)
        rc = dmv_scheme_check(&pr->scheme, &pr->process, err);
    if (rc == DMV_OK)
        rc = dmv_gaussian_check(&pr->data, err);
    if (rc == DMV_OK && pr->init.kind == DMV_INIT_GAUSSIAN && !(pr->init.var >= 0 && isfinite(pr->init.var)))
        rc = dmv_error_set(err, DMV_EINVAL, "--init gaussian variance %g: must be finite and >= 0", pr->init.var);
    return rc;
}

void dmv_cli_problem_from_file(dmv_cli_problem *p, const dmv_problem_file *f)
{
    p->problem.process.kind = f->process_kind;
    p->beta_min_given = f->beta_min_given, p->beta_min = f->beta_min;
    p->beta_max_given = f->beta_max_given, p->beta_max = f->beta_max;
    p->t_max_given = f->t_max_given, p->t_max = f->t_max;
    p->cosine_offset_given = f->cosine_offset_given, p->cosine_offset = f->cosine_offset;
    p->betas_given = f->betas_given, p->betas = f->betas;
    p->etc_c_given = f->etc_c_given, p->etc_c = f->etc_c;
    p->etc_delta_given = f->etc_delta_given, p->etc_delta = f->etc_delta;
    p->problem.grid.kind = f->grid_kind;
    if (f->steps > 0)
        p->problem.grid.steps = f->steps, p->steps_given = 1;
    if (f->points > 0)
        p->points = f->points, p->points_given = 1;
    if (f->eps_given)
        p->problem.grid.eps = f->eps;
    if (f->rho_given)
        p->problem.grid.rho = f->rho;
    if (f->steps_offset != 0)
        p->problem.grid.steps_offset = f->steps_offset;
    if (f->set_alpha_to_one_given)
        p->problem.grid.set_alpha_to_one = f->set_alpha_to_one;
    p->continuous = f->continuous == DMV_PROBLEM_SDE   ? DMV_CLI_EXACT_SDE
                    : f->continuous == DMV_PROBLEM_ODE ? DMV_CLI_EXACT_ODE
                                                       : DMV_CLI_SCHEME;
    p->problem.scheme.kind = f->scheme_kind;
    if (f->eta_given)
        p->problem.scheme.eta = f->eta, p->eta_given = 1;
    p->problem.init = f->init;
    if (f->grid_file != NULL) {
        free(p->grid_file);
        p->grid_file = malloc(strlen(f->grid_file) + 1);
        if (p->grid_file != NULL)
            strcpy(p->grid_file, f->grid_file);
    }
    if (f->prediction_given)
        p->prediction = f->prediction;
    if (f->sigma_data_given)
        p->sigma_data = f->sigma_data;
    if (f->s_churn_given)
        p->problem.scheme.s_churn = f->s_churn;
    if (f->s_tmin_given)
        p->problem.scheme.s_tmin = f->s_tmin;
    if (f->s_tmax_given)
        p->problem.scheme.s_tmax = f->s_tmax;
    if (f->s_noise_given)
        p->problem.scheme.s_noise = f->s_noise;
    if (f->seed_given)
        p->problem.seed = f->seed, p->seed_given = 1;
}

const char *dmv_cli_problem_help(void)
{
    return "problem options (--opt VALUE or --opt=VALUE):\n"
           "  --process P        vp-linear (default; the paper's dx = -beta x ds + sqrt(2 beta) dW),\n"
           "                     vp-linear-song, vp-cosine, ve, vp-discrete (integer timesteps 0..T)\n"
           "  --beta-min B       VP linear schedule (default 0.05; vp-linear-song: 0.1)\n"
           "  --beta-max B       (default 10; vp-linear-song: 20)\n"
           "  --t-max T          start time T (default 1; vp-cosine 0.99; ve: sigma_max = 80)\n"
           "  --cosine-offset C  vp-cosine offset (default 0.008)\n"
           "  --eps E            last grid point / stopping time (default 1e-3)\n"
           "  --scheme S         em (default), ei, ddpm, euler, heun, heun-edm, rk4, ddim, dpm2, dpmpp2m;\n"
           "                     k-diffusion / EDM (process ve, docs/conventions.md): k-euler, k-heun,\n"
           "                     k-dpm-2, k-dpmpp-2m, k-euler-ancestral, k-lms, edm-heun-churn;\n"
           "                     sde / ode: the exact continuous reverse SDE / probability-flow ODE\n"
           "  --steps N          N steps, N + 1 grid points (default 100)\n"
           "  --points N         the paper's convention: N points, N - 1 steps (exclusive with --steps)\n"
           "  --grid G           uniform (default), logsnr, karras, quadratic, karras-zero (k-diffusion's\n"
           "                     get_sigmas_karras(N, eps, T, rho) then 0)\n"
           "  --grid-file F.npy  the exact grid points (ve: sigmas) from a float32/float64 .npy vector\n"
           "  --rho R            Karras exponent (default 7)\n"
           "  --grid leading|trailing|linspace  diffusers' timestep_spacing (vp-discrete; docs/conventions.md)\n"
           "  --betas B          vp-discrete betas: etc (default), linear, scaled_linear, squaredcos_cap_v2\n"
           "  --steps-offset K   diffusers' steps_offset (leading only; default 0)\n"
           "  --set-alpha-to-one true|false  last step to t = 0 (true, default) or to abar_0 (false)\n"
           "  --eta E            DDIM eta in [0, 1] (default 0); k-euler-ancestral eta >= 0 (default 1)\n"
           "  --prediction-type P  the model output's parametrisation through the sampler's wrapper:\n"
           "                     sample (default), epsilon, v_prediction (sample only; the exact law is\n"
           "                     the model's; docs/conventions.md)\n"
           "  --sigma-data SD    v_prediction's sigma_data (default 1)\n"
           "  --s-churn C, --s-tmin A, --s-tmax B, --s-noise S\n"
           "                     churn of k-euler, k-heun, k-dpm-2, edm-heun-churn (default 0, 0, inf, 1;\n"
           "                     S also scales k-euler-ancestral's noise)\n"
           "  --lambda L1,L2,..  eigenvalues of the data covariance (>= 0)\n"
           "  --spectrum F.npy   eigenvalues from a .npy file (float32/float64; -0.0 read as 0;\n"
           "                     exclusive with --lambda)\n"
           "  --mean M1,M2,..    data mean in eigenbasis coordinates (default 0; one per eigenvalue)\n"
           "  --init I           standard (default: N(0, I); ve: N(0, T^2 I)), exact (p_T),\n"
           "                     gaussian:M,V (N(M, V I))\n"
           "  --seed S           noise seed, an integer in [0, 2^64) (default 0)\n";
}
