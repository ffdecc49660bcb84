/* The data-model options of `dmverify sample`: --model, --basis, --kappa/--dl/--dm,
 * --train, --empirical and --model-file (a JSON model description, docs/model-file.md).
 *
 * Usage in a command:
 *
 *     dmv_cli_model_opts mo;  dmv_cli_model cm;
 *     dmv_cli_model_opts_init(&mo);  dmv_cli_model_init(&cm);
 *     ... in the option loop: r = dmv_cli_model_opts_parse(&mo, argc, argv, &i, &err)
 *         (1 consumed, 0 not a model option, -1 bad value: err says why) ...
 *     if (dmv_cli_model_opts_uses_gaussian(&mo))   // --lambda/--spectrum/--mean give the data
 *         finish the problem options, then dmv_cli_model_build(&cm, &mo, &problem.data, &err);
 *     else                                         // the model (file or --train) gives the data
 *         dmv_cli_model_build(&cm, &mo, NULL, &err), then cm.top->dim is d;
 *     job.model = cm.top; job.init_basis_data = cm.init_data (may be NULL);
 *     ... cm.record: a cJSON object describing the model for the stats JSON ...
 *     dmv_cli_model_clear(&cm);  dmv_cli_model_opts_clear(&mo);
 *
 * Library-style: nothing here prints or exits; errors are DMV_EINVAL (bad value: the
 * message names the option or the file and JSON path, and the value), DMV_EIO (a file
 * cannot be read), DMV_EFORMAT (malformed JSON or .npy), DMV_ENOMEM. */
#ifndef DMV_CLI_MODEL_OPTS_H
#define DMV_CLI_MODEL_OPTS_H

#include "dmv/error.h"
#include "dmv/fast.h"
#include "dmv/spec.h"

typedef struct {
    const char *kind;      /* --model (default "gaussian"); "file" when --model-file is given */
    const char *file;      /* --model-file FILE.json */
    const char *basis;     /* --basis dct|identity|FILE.npy (gaussian-dense, perturbed) */
    const char *train;     /* --train FILE.npy (empirical) */
    const char *empirical; /* --empirical auto|direct|gemm (default auto) */
    double *kappa, *dl, *dm; /* --kappa/--dl/--dm lists (owned), NULL = 0 */
    long kappa_len, dl_len, dm_len;
    int model_given;
} dmv_cli_model_opts;

void dmv_cli_model_opts_init(dmv_cli_model_opts *o);
void dmv_cli_model_opts_clear(dmv_cli_model_opts *o);
/* 1: argv[*i] was a model option (consumed, *i at its last word); 0: not one; -1: bad value. */
int dmv_cli_model_opts_parse(dmv_cli_model_opts *o, int argc, char **argv, int *i, dmv_error *err);
/* 1 if the model takes its Gaussian data from --lambda/--spectrum/--mean (gaussian,
 * gaussian-dense, perturbed), 0 if it carries its own data (--model-file, empirical). */
int dmv_cli_model_opts_uses_gaussian(const dmv_cli_model_opts *o);
/* The help lines for the model options. */
const char *dmv_cli_model_help(void);

typedef struct dmv_cli_model_node dmv_cli_model_node;

typedef struct {
    const dmv_fast_model *top;     /* the model to sample */
    const dmv_gaussian *init_data; /* eigenbasis and data for the initial law (docs/schemes.md s.4):
                                      the Gaussian of a gaussian/perturbed model, NULL otherwise */
    void *record;                  /* cJSON object: name, files (path, sha256), bit_exact, d */
    dmv_cli_model_node *nodes;     /* everything allocated, released by clear (private) */
} dmv_cli_model;

void dmv_cli_model_init(dmv_cli_model *cm);
void dmv_cli_model_clear(dmv_cli_model *cm);
/* Builds the model of the options. g: the Gaussian of the problem options (required when
 * dmv_cli_model_opts_uses_gaussian, ignored otherwise). */
int dmv_cli_model_build(dmv_cli_model *cm, const dmv_cli_model_opts *o, const dmv_gaussian *g, dmv_error *err);

/* Builds the model of a parsed spec (the "model" of a problem file, docs/problem-file.md):
 * dmv_fast_model_from_spec, errors prefixed with `what`; the record gets name "problem",
 * kind, the spec's .npy files with their SHA-256, d and bit_exact. The spec may be cleared
 * afterwards. */
struct dmv_model_spec;
int dmv_cli_model_build_spec(dmv_cli_model *cm, const struct dmv_model_spec *spec, const char *what,
                             dmv_error *err);

#endif
