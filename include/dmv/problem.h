/* A problem file: one JSON object describing a whole sampling run (docs/problem-file.md).
 *
 * Plain data, no numerics: process (kind and parameters), grid, scheme, initial law, the data
 * model (a dmv_model_spec, docs/model-spec.md), n, seed and optional threads/batch. The keys
 * and values are those of the command-line options of `dmverify sample` / `exact`
 * (cli/problem_opts.c); what a file does not give keeps the options' defaults, which the
 * command applies (so "given" flags are kept instead of filled-in numbers).
 *
 * Parsed by io/problem.c. Errors name the JSON path and the value ("problem p.json:
 * grid.steps = 0: must be an integer >= 1"); unknown keys are errors. */
#ifndef DMV_PROBLEM_H
#define DMV_PROBLEM_H

#include <stddef.h>
#include <stdint.h>

#include "dmv/error.h"
#include "dmv/model_spec.h"
#include "dmv/spec.h"

/* scheme.kind "sde" / "ode": the exact continuous reverse SDE / PF-ODE (exact only) */
enum { DMV_PROBLEM_SCHEME = 0, DMV_PROBLEM_SDE = 1, DMV_PROBLEM_ODE = 2 };

typedef struct {
    dmv_process_kind process_kind; /* process.kind (default vp-linear) */
    int beta_min_given, beta_max_given, t_max_given, cosine_offset_given;
    double beta_min, beta_max, t_max, cosine_offset;
    int betas_given, etc_c_given, etc_delta_given; /* vp-discrete: process.betas (a name), etc_c, etc_delta */
    dmv_beta_schedule betas;
    double etc_c, etc_delta;
    dmv_grid_kind grid_kind;       /* grid.kind (default uniform) */
    long steps, points;            /* grid.steps / grid.points, 0 = not given (exclusive) */
    int eps_given, rho_given;
    double eps, rho;
    int continuous;                /* DMV_PROBLEM_SCHEME, _SDE or _ODE */
    dmv_scheme_kind scheme_kind;   /* scheme.kind (default em) */
    int eta_given;
    double eta;
    dmv_init init;                 /* init (default standard) */
    dmv_model_spec model;          /* model (required) */
    long n;                        /* 0 = not given */
    int seed_given;
    uint64_t seed;
    long threads, batch;           /* 0 = not given */
    /* k-diffusion / EDM (docs/conventions.md): grid.file (the .npy of the points, resolved against
     * the file's directory; owned, NULL = not given) and the churn keys of scheme */
    char *grid_file;
    int s_churn_given, s_tmin_given, s_tmax_given, s_noise_given;
    double s_churn, s_tmin, s_tmax, s_noise;
    int prediction_given, sigma_data_given; /* scheme.prediction_type (DMV_PREDICTION_*), scheme.sigma_data */
    int prediction;
    double sigma_data;
    /* diffusers' spacings (docs/conventions.md): grid.steps_offset (>= 0; 0 = not given),
     * grid.set_alpha_to_one (a JSON boolean) */
    long steps_offset;
    int set_alpha_to_one_given, set_alpha_to_one;
} dmv_problem_file;

void dmv_problem_file_init(dmv_problem_file *p);
void dmv_problem_file_clear(dmv_problem_file *p);

/* Parses the JSON text of a problem file. what: prefix of every message (NULL: "problem");
 * base_dir: directory of relative .npy names in the model (NULL: current). On error the
 * struct is left cleared. DMV_EINVAL (bad value: JSON path and value named), DMV_EFORMAT
 * (malformed JSON), DMV_EIO, DMV_ENOMEM, DMV_EUNSUPPORTED (a reserved model kind). */
int dmv_problem_file_parse(dmv_problem_file *p, const char *text, size_t len, const char *what,
                           const char *base_dir, dmv_error *err);

/* Reads a problem file; messages start with "problem FILE"; relative .npy names in the model
 * are resolved against the file's directory. */
int dmv_problem_file_read(dmv_problem_file *p, const char *filename, dmv_error *err);

#endif
