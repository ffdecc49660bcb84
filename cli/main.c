/* dmverify: the command-line program. Only cli/ talks to the user. */
#include <stdio.h>
#include <string.h>

#include "cli.h"

static const dmv_cli_command commands[] = {
    {"list", "list the claims: id, source paper, statement", dmv_cli_list},
    {"run", "check claims and write reports", dmv_cli_run},
    {"gate", "compare a report with a baseline (CI gate)", dmv_cli_gate},
    {"exact", "print the exact law of a scheme on Gaussian data", dmv_cli_exact},
    {"sample", "run a scheme and write samples and/or statistics", dmv_cli_sample},
};

static void usage(FILE *f)
{
    size_t i;
    fprintf(f, "usage: dmverify COMMAND [options]\n\ncommands:\n");
    for (i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(f, "  %-8s %s\n", commands[i].name, commands[i].help);
    fprintf(f, "\n'dmverify COMMAND --help' describes each command.\n"
               "exit status: 0 all selected claims passed, 1 some claim failed,\n"
               "             2 usage or input error, 3 some claim inconclusive and none failed\n");
}

int main(int argc, char **argv)
{
    size_t i;
    if (argc < 2) {
        usage(stderr);
        return DMV_EXIT_USAGE;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "help") == 0) {
        usage(stdout);
        return 0;
    }
    for (i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (strcmp(argv[1], commands[i].name) == 0)
            return commands[i].run(argc - 1, argv + 1);
    fprintf(stderr, "dmverify: unknown command '%s'\n", argv[1]);
    usage(stderr);
    return DMV_EXIT_USAGE;
}
