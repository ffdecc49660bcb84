/* dmverify gate: compare a report.json with a baseline (the CI gate). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "dmv/report.h"

static void gate_usage(FILE *f)
{
    fprintf(f,
            "usage: dmverify gate --baseline OLD.json --current NEW.json [--allow-missing] [--bless]\n"
            "\n"
            "Compares two report.json files of dmverify (schema dmverify-report, version %d).\n"
            "Settings (seed, --quick, alpha, --samples) or data files (SHA-256) that differ are\n"
            "printed first, one line each, and fail the gate; the sample hashes and certified\n"
            "values that change with them are summarised in one line. The gate also fails (exit 1) on:\n"
            "  - an outcome that got worse (pass or expected fail < inconclusive < fail);\n"
            "  - an expected failure that now passes (unexpected pass);\n"
            "  - a certified value whose new ball does not overlap its baseline ball\n"
            "    (balls compared exactly, as Arb balls parsed from the decimal strings);\n"
            "  - a changed sample hash of a claim the baseline marked bit-exact;\n"
            "  - a baseline claim or certified value missing from the current report\n"
            "    (unless --allow-missing);\n"
            "  - a claim new in the current report that fails, passes unexpectedly or is inconclusive.\n"
            "Better outcomes, new passing claims and changed ulp-bounded hashes are listed as info;\n"
            "an expected failure in both reports is no difference.\n"
            "\n"
            "options:\n"
            "  --baseline FILE   the accepted report (the repository's: reports/baseline/report.json)\n"
            "  --current FILE    the report of this build\n"
            "  --allow-missing   claims or values absent from current do not fail the gate\n"
            "  --bless           accept the current report: copy it over the baseline\n"
            "                    atomically (after printing the differences) and exit 0\n"
            "  -h, --help        this text\n"
            "\n"
            "exit status: 0 the gate passes (or --bless succeeded), 1 the gate fails,\n"
            "             2 usage or input error (unreadable or malformed file, wrong schema,\n"
            "             a baseline without claims)\n"
            "See docs/gate.md.\n",
            DMV_REPORT_SCHEMA_VERSION);
}

int dmv_cli_gate(int argc, char **argv)
{
    const char *baseline = NULL, *current = NULL;
    int bless = 0, flags = 0, i, status, code;
    dmv_gate_result g;
    dmv_error err;
    char *ctext = NULL, *btext = NULL;
    size_t clen = 0;
    for (i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            gate_usage(stdout);
            return DMV_EXIT_PASS;
        } else if (strcmp(a, "--bless") == 0)
            bless = 1;
        else if (strcmp(a, "--allow-missing") == 0)
            flags |= DMV_GATE_ALLOW_MISSING;
        else if (strcmp(a, "--baseline") == 0 || strcmp(a, "--current") == 0) {
            if (i + 1 >= argc) {
                fprintf(stderr, "dmverify gate: %s needs a file name\n", a);
                return DMV_EXIT_USAGE;
            }
            if (strcmp(a, "--baseline") == 0)
                baseline = argv[++i];
            else
                current = argv[++i];
        } else if (strncmp(a, "--baseline=", 11) == 0)
            baseline = a + 11;
        else if (strncmp(a, "--current=", 10) == 0)
            current = a + 10;
        else {
            fprintf(stderr, "dmverify gate: unknown option '%s'\n", a);
            gate_usage(stderr);
            return DMV_EXIT_USAGE;
        }
    }
    if (baseline == NULL || current == NULL || *baseline == '\0' || *current == '\0') {
        fprintf(stderr, "dmverify gate: both --baseline and --current are required\n");
        gate_usage(stderr);
        return DMV_EXIT_USAGE;
    }
    dmv_error_init(&err);
    code = dmv_report_read_file(&ctext, &clen, current, &err);
    if (code == DMV_OK)
        code = dmv_gate_validate_text(ctext, current, &err);
    if (code == DMV_OK && bless) /* a blessed report becomes a baseline: it must be one */
        code = dmv_gate_baseline_check(current, &err);
    if (code != DMV_OK) {
        fprintf(stderr, "dmverify gate: %s\n", err.msg);
        free(ctext);
        return DMV_EXIT_USAGE;
    }
    dmv_gate_result_init(&g);
    if (bless) {
        FILE *probe = fopen(baseline, "rb");
        if (probe != NULL) {
            fclose(probe);
            code = dmv_report_read_file(&btext, NULL, baseline, &err);
            if (code == DMV_OK)
                code = dmv_gate_compare_text(&g, btext, baseline, ctext, current, flags, &err);
            if (code == DMV_OK)
                (void) dmv_gate_print(stdout, &g);
            else
                fprintf(stderr, "dmverify gate: note: the old baseline is not comparable (%s); replacing it\n",
                        err.msg);
            free(btext);
        }
        dmv_error_init(&err);
        code = dmv_report_write_atomic(baseline, ctext, clen, &err);
        free(ctext);
        dmv_gate_result_clear(&g);
        if (code != DMV_OK) {
            fprintf(stderr, "dmverify gate: %s\n", err.msg);
            return DMV_EXIT_USAGE;
        }
        printf("gate: blessed: %s is now the baseline %s\n", current, baseline);
        return DMV_EXIT_PASS;
    }
    code = dmv_report_read_file(&btext, NULL, baseline, &err);
    if (code == DMV_OK)
        code = dmv_gate_compare_text(&g, btext, baseline, ctext, current, flags, &err);
    free(btext);
    free(ctext);
    if (code != DMV_OK) {
        fprintf(stderr, "dmverify gate: %s\n", err.msg);
        dmv_gate_result_clear(&g);
        return DMV_EXIT_USAGE;
    }
    status = dmv_gate_print(stdout, &g);
    dmv_gate_result_clear(&g);
    return status ? DMV_EXIT_FAIL : DMV_EXIT_PASS;
}
