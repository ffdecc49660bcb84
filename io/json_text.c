/* The text of a JSON item for error messages, shared by the model-spec and problem-file parsers. */
#include <stdio.h>
#include <string.h>

#include "json_text.h"

const char *dmv_json_item_text(const cJSON *it, char *buf, size_t size)
{
    char *t;
    if (it == NULL)
        return "(missing)";
    if (cJSON_IsNumber(it)) {
        snprintf(buf, size, "%.17g", it->valuedouble);
        return buf;
    }
    t = cJSON_PrintUnformatted(it);
    if (t == NULL)
        return "?";
    snprintf(buf, size, "%s", t);
    if (strlen(t) >= size && size > 4)
        strcpy(buf + size - 4, "...");
    cJSON_free(t);
    return buf;
}
