/* Fuzz target: problem files (io/problem.c, docs/problem-file.md), parsed as `dmverify sample
 * --problem` and `audit --problem` parse them (dmv_problem_file_parse, the text of dmv_problem_file_read). */
#include <stdlib.h>

#include "dmv/problem.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = dmv_fuzz_text(data, size);
    dmv_problem_file p;
    dmv_error err;
    if (text == NULL)
        return 0;
    dmv_error_init(&err);
    dmv_problem_file_init(&p);
    (void) dmv_problem_file_parse(&p, text, size, "problem fuzz.json", NULL, &err);
    dmv_problem_file_clear(&p);
    free(text);
    return 0;
}
