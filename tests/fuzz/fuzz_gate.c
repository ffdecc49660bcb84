/* Fuzz target: report JSON as the gate reads it (reports/gate.c: `dmverify run --gate` and
 * `dmverify gate`): the schema check, then the comparison of two reports. An input holding the line
 * "====" is split there into baseline and current; otherwise it is compared with itself. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dmv/report.h"
#include "fuzz.h"

static void compare(const char *base, const char *cur)
{
    dmv_gate_result g;
    dmv_error err;
    dmv_error_init(&err);
    dmv_gate_result_init(&g);
    if (dmv_gate_compare_text(&g, base, "baseline.json", cur, "current.json", 0, &err) == DMV_OK) {
        FILE *f = fopen("/dev/null", "w");
        if (f != NULL) {
            (void) dmv_gate_print(f, &g);
            fclose(f);
        }
    }
    dmv_gate_result_clear(&g);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = dmv_fuzz_text(data, size), *sep;
    dmv_error err;
    if (text == NULL)
        return 0;
    dmv_error_init(&err);
    (void) dmv_gate_validate_text(text, "report.json", &err);
    sep = strstr(text, "\n====\n");
    if (sep != NULL) {
        *sep = '\0';
        compare(text, sep + 6);
    } else {
        compare(text, text);
    }
    free(text);
    return 0;
}
