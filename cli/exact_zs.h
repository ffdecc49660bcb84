/* dmverify exact --problem for a linear_inverse model on the discrete chain (cli/exact_zs.c). */
#ifndef DMV_CLI_EXACT_ZS_H
#define DMV_CLI_EXACT_ZS_H

#include "dmv/problem.h"

/* 1 if the problem file's model is a linear_inverse model (then dmv_cli_exact_zs answers). */
int dmv_cli_exact_zs_applies(const dmv_problem_file *pf);
/* Prints the certified law of the problem (KL both ways, W2, path KL, W_T) as text or JSON to stdout.
 * DMV_EINVAL naming the field if the problem is not a zero-shot chain problem. */
int dmv_cli_exact_zs(const dmv_problem_file *pf, const char *path, long prec, int json, dmv_error *err);

#endif
