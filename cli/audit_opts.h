/* The problem of `dmverify audit` and `dmverify noise`: the problem options of `sample`/`exact`
 * (cli/problem_opts.c) or a problem file (--problem, docs/problem-file.md), resolved the same way
 * for both commands (docs/audit.md). */
#ifndef DMV_CLI_AUDIT_OPTS_H
#define DMV_CLI_AUDIT_OPTS_H

#include "dmv/error.h"
#include "dmv/fast.h"
#include "dmv/problem.h"
#include "problem_opts.h"

typedef struct {
    dmv_cli_problem cp;
    dmv_problem_file pf;
    const char *problem_path; /* --problem FILE, or NULL */
    const char *cli_opt;      /* the first problem option given (refused with --problem) */
    long file_n;              /* n of the problem file (0: none) */
    int model_mode;           /* 1: the file's model is not a Gaussian in eigen form: `model` is built from
                                 it (the audit's two-sample check); the problem's lambda are placeholders */
    dmv_fast_model model;
} dmv_cli_audit_problem;

void dmv_cli_audit_problem_init(dmv_cli_audit_problem *ap);
void dmv_cli_audit_problem_clear(dmv_cli_audit_problem *ap);
/* 1 if argv[*i] was a problem option or --problem (consumed), 0 if not, -1 on a bad value (err). */
int dmv_cli_audit_problem_parse(dmv_cli_audit_problem *ap, int argc, char **argv, int *i, dmv_error *err);
/* After the options: reads the problem file (its model must be a Gaussian in eigen form), applies the
 * defaults, validates; refuses the exact continuous laws (sde/ode: they have no sampler). */
int dmv_cli_audit_problem_finish(dmv_cli_audit_problem *ap, dmv_error *err);

#endif
