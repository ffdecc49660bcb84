/* Fuzz target: model files and model specs (io/model_spec.c, docs/model-spec.md, docs/model-file.md)
 * through dmv_model_spec_parse, then the spec's own checks (dmv_model_spec_check) on what parsed. */
#include <stdlib.h>

#include "dmv/model_spec.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = dmv_fuzz_text(data, size);
    dmv_model_spec spec;
    dmv_error err;
    if (text == NULL)
        return 0;
    dmv_error_init(&err);
    dmv_model_spec_init(&spec);
    if (dmv_model_spec_parse(&spec, text, size, "model file fuzz.json", NULL, NULL, &err) == DMV_OK) {
        dmv_error_init(&err);
        if (dmv_model_spec_check(&spec, "model", &err) != DMV_OK)
            abort(); /* the parser accepted what the checks reject: the two rule sets disagree */
    }
    dmv_model_spec_clear(&spec);
    free(text);
    return 0;
}
