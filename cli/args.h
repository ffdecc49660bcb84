/* Small strict parsers for command-line values, shared by the commands. */
#ifndef DMV_CLI_ARGS_H
#define DMV_CLI_ARGS_H

#include <stdint.h>

#include "dmv/error.h"

/* Quiet strict parsers: 1 and *out set if all of s is a finite number (an integer
 * in range for strtol/strtou64), 0 otherwise; they print nothing. */
int dmv_cli_strtod(double *out, const char *s);
int dmv_cli_strtol(long *out, const char *s);
int dmv_cli_strtou64(uint64_t *out, const char *s);
/* A comma-separated list of finite numbers into a new array (*out is freed and
 * replaced); DMV_EINVAL naming opt, the list and the bad entry. */
int dmv_cli_parse_list(double **out, long *n, const char *opt, const char *s, dmv_error *err);

/* Each returns 0 on success, -1 with a message on stderr naming the option and value. */
int dmv_cli_parse_long(long *out, const char *opt, const char *s, long min, long max);
int dmv_cli_parse_u64(uint64_t *out, const char *opt, const char *s);
int dmv_cli_parse_double(double *out, const char *opt, const char *s);

/* Option matching for "--opt value" and "--opt=value": returns 1 and sets *val
 * (advancing *i past a separate value) if argv[*i] is opt; 0 if not; -1 if the value is missing. */
int dmv_cli_option(const char *opt, int argc, char **argv, int *i, const char **val);

#endif
