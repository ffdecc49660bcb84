/* Commands of the dmverify program. Each takes (argc, argv) with argv[0] the
 * command name and returns the process exit status. */
#ifndef DMV_CLI_H
#define DMV_CLI_H

enum { DMV_EXIT_PASS = 0, DMV_EXIT_FAIL = 1, DMV_EXIT_USAGE = 2, DMV_EXIT_INCONCLUSIVE = 3 };

typedef struct {
    const char *name, *help;
    int (*run)(int argc, char **argv);
} dmv_cli_command;

int dmv_cli_list(int argc, char **argv);
int dmv_cli_run(int argc, char **argv);
int dmv_cli_gate(int argc, char **argv);
int dmv_cli_exact(int argc, char **argv);

int dmv_cli_sample(int argc, char **argv);
int dmv_cli_guidance_wmax(int argc, char **argv);
int dmv_cli_audit(int argc, char **argv); /* cli/cmd_audit.c */
int dmv_cli_noise(int argc, char **argv); /* cli/cmd_noise.c */

#endif
