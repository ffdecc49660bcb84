/* The problem options shared by `dmverify exact` and `dmverify sample`:
 * process, grid, scheme, data (spectrum and mean), initial law and seed.
 *
 * Usage in a command:
 *
 *     dmv_cli_problem p;
 *     dmv_cli_problem_init(&p);
 *     for (i = 1; i < argc; i++) {
 *         int r = dmv_cli_problem_parse(&p, argc, argv, &i, &err);
 *         if (r < 0) -> usage error (err.msg names the option and value), exit 2
 *         if (r > 0) continue;      // consumed (i now points at its last word)
 *         ... the command's own options ...
 *     }
 *     if (dmv_cli_problem_finish(&p, &err) != DMV_OK) -> exit 2
 *     ... use p.problem (and p.continuous) ...
 *     dmv_cli_problem_clear(&p);
 *
 * Both `--opt value` and `--opt=value` are accepted. Numbers are parsed
 * strictly (the whole word, finite). Values that depend on each other
 * (--process and its parameters, --points, --spectrum, --mean) are resolved
 * in dmv_cli_problem_finish, so the order of options does not matter. */
#ifndef DMV_CLI_PROBLEM_OPTS_H
#define DMV_CLI_PROBLEM_OPTS_H

#include "dmv/error.h"
#include "dmv/problem.h"
#include "dmv/spec.h"

enum {
    DMV_CLI_SCHEME = 0,      /* a discrete scheme: problem.scheme */
    DMV_CLI_EXACT_SDE = 1,   /* --scheme sde: the exact continuous reverse SDE */
    DMV_CLI_EXACT_ODE = 2    /* --scheme ode: the exact continuous PF-ODE */
};

typedef struct {
    dmv_problem problem;  /* complete and validated after finish; data points into the buffers below */
    double *lambda_buf;   /* d eigenvalues (owned) */
    double *mean_buf;     /* d means in eigenbasis coordinates (owned), NULL = 0 */
    double *basis_buf;    /* reserved for a dense basis (owned); NULL = identity */
    long lambda_len, mean_len;
    int continuous;       /* DMV_CLI_SCHEME, DMV_CLI_EXACT_SDE or DMV_CLI_EXACT_ODE */
    int steps_given, points_given;
    long points;          /* --points N (the paper's convention: N - 1 steps) */
    char *spectrum_path;  /* --spectrum FILE.npy (owned), loaded by finish */
    long spectrum_negzeros; /* how many -0.0 entries of the spectrum were read as 0 */
    /* which process parameters were given explicitly (finish applies them over the kind's defaults) */
    int beta_min_given, beta_max_given, t_max_given, cosine_offset_given, seed_given;
    double beta_min, beta_max, t_max, cosine_offset;
    /* the decimal words given (pointing into argv; NULL = not given): the exact binary64 values
     * used are printed beside them by `exact --format json` (docs/exact.md, "Inputs") */
    const char *beta_min_text, *beta_max_text, *t_max_text, *cosine_offset_text, *eps_text, *rho_text,
        *eta_text, *lambda_text, *mean_text, *init_text;
    /* k-diffusion / EDM (docs/conventions.md): --grid-file (owned path; its points, owned), eta given
     * (k-euler-ancestral's default is 1), the churn options */
    char *grid_file;
    double *grid_points_buf;
    int eta_given;
    int prediction;      /* --prediction-type (DMV_PREDICTION_*; default sample: the model is D) */
    double sigma_data;   /* --sigma-data (v_prediction; default 1) */
    /* vp-discrete (docs/schemes.md s.1): --betas NAME (process.betas, etc_c, etc_delta in a file) */
    int betas_given, etc_c_given, etc_delta_given;
    dmv_beta_schedule betas;
    double etc_c, etc_delta;
} dmv_cli_problem;

/* Defaults: vp-linear (dmv_process_default), dmv_grid_default (uniform,
 * 100 steps, eps 1e-3), dmv_scheme_default (em), dmv_init_default
 * (standard), seed 0, no data yet (finish requires --lambda or --spectrum). */
void dmv_cli_problem_init(dmv_cli_problem *p);
void dmv_cli_problem_clear(dmv_cli_problem *p);

/* If argv[*i] is a problem option, consumes it and its value (advancing *i
 * past `--opt value`, so that *i is the index of the last word consumed) and
 * returns 1; returns 0 if it is not one (nothing changed); returns -1 on a
 * bad or missing value (err names the option and the value). */
int dmv_cli_problem_parse(dmv_cli_problem *p, int argc, char **argv, int *i, dmv_error *err);

/* After all options: process defaults for the chosen kind plus the explicit
 * parameters; --points (N points = N - 1 steps) vs --steps (exclusive);
 * loads --spectrum (exclusive with --lambda; -0.0 read as 0 and counted in
 * spectrum_negzeros; a negative value is an error naming its index and
 * value); checks that --mean has d entries; validates everything with
 * dmv_*_check. DMV_OK, or DMV_EINVAL / DMV_EIO / DMV_EFORMAT with a message. */
int dmv_cli_problem_finish(dmv_cli_problem *p, dmv_error *err);

/* Sets the options a problem file gives (docs/problem-file.md) as if they had been given on
 * the command line (before dmv_cli_problem_finish, which applies the defaults and validates);
 * the data (--lambda/--mean) is not touched: it comes from the file's model. */
void dmv_cli_problem_from_file(dmv_cli_problem *p, const dmv_problem_file *f);

/* The options' help text (several lines, each ending in '\n'). */
const char *dmv_cli_problem_help(void);

#endif
