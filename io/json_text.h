/* io/json_text.c: the text of a JSON item for error messages (io-internal). */
#ifndef DMV_IO_JSON_TEXT_H
#define DMV_IO_JSON_TEXT_H

#include <stddef.h>

#include <cjson/cJSON.h>

/* "(missing)" for NULL, a number with 17 significant digits, anything else as compact JSON truncated
 * to size - 1 characters ("..." at the end when cut). Returns buf, or a constant string. */
const char *dmv_json_item_text(const cJSON *it, char *buf, size_t size);

#endif
