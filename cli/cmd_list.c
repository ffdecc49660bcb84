/* dmverify list: the claims, with their source and statement. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "dmv/claim.h"

static void list_help(void)
{
    printf("usage: dmverify list [--all] [--long] [PATTERN...]\n\n"
           "Lists the claims: id, source paper (arXiv id) and the sentence claimed.\n"
           "  PATTERN   only ids matching these globs (e.g. 'pg.*')\n"
           "  --long    also print how each claim is measured\n"
           "A '*' after the id marks claims in the default suite (what 'dmverify run' checks\n"
           "without --claims) and in the --quick suite; a '+' marks claims of the default suite\n"
           "that --quick leaves out.\n");
}

int dmv_cli_list(int argc, char **argv)
{
    int i, longform = 0, npat = 0;
    long k, shown = 0;
    for (i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            list_help();
            return DMV_EXIT_PASS;
        } else if (strcmp(argv[i], "--long") == 0) {
            longform = 1;
        } else if (strcmp(argv[i], "--all") == 0) {
            /* every claim is always listed; kept for symmetry with run */
        } else if (argv[i][0] == '-') {
            fprintf(stderr, "dmverify list: unknown option '%s' (see --help)\n", argv[i]);
            return DMV_EXIT_USAGE;
        } else {
            npat++;
        }
    }
    for (k = 0; k < dmv_claim_count(); k++) {
        const dmv_claim *c = dmv_claim_get(k);
        int show = (npat == 0);
        for (i = 1; i < argc && !show; i++)
            if (argv[i][0] != '-' && dmv_claim_match(argv[i], c->id))
                show = 1;
        if (!show)
            continue;
        shown++;
        const char *cite = dmv_claim_citation(c), *arxiv = dmv_claim_arxiv(c);
        printf("%-24s %s %s%s%s%s\n    %s\n", c->id,
               c->in_default == DMV_SUITE_DEFAULT ? "*" : (c->in_default == DMV_SUITE_FULL_ONLY ? "+" : " "),
               cite ? cite : "", arxiv ? " (arXiv " : "", arxiv ? arxiv : "", arxiv ? ")" : "", c->statement);
        if (longform)
            printf("    method: %s\n", c->method);
    }
    if (npat > 0 && shown == 0) {
        fprintf(stderr, "dmverify list: no claim matches the given pattern(s)\n");
        return DMV_EXIT_USAGE;
    }
    return DMV_EXIT_PASS;
}
