/* Decimal inputs and the binary64 values the programs use (docs/exact.md, "Inputs"). */
#ifndef DMV_CLI_BINARY64_H
#define DMV_CLI_BINARY64_H

#include <stddef.h>

/* The exact decimal value of the finite double x, every digit (a binary64 value
 * m 2^e has a finite decimal expansion: m 5^-e / 10^-e for e < 0), computed with
 * GMP integers; "-0" for negative zero. malloc'd (free()), NULL if memory is short. */
char *dmv_cli_binary64_exact(double x);
/* The shortest "%.Ng" (N = 1..17) that reads back as x. */
void dmv_cli_binary64_shortest(char *buf, size_t n, double x);

#endif
