/* Shared by the libFuzzer targets of tests/fuzz/ (docs/fuzzing.md): each target is one .c file
 * defining LLVMFuzzerTestOneInput, built with -fsanitize=fuzzer under DMV_FUZZ (clang), and linked
 * with tests/fuzz/replay.c (a main() that replays corpus files) in every other build. */
#ifndef DMV_FUZZ_H
#define DMV_FUZZ_H

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Writes data to a per-process temporary file whose name ends with suffix (".npy", ".csv"):
 * the file-path APIs (and their suffix dispatch) see the bytes exactly as a file. Returns the
 * path (a static buffer, the same file every call) or NULL. */
const char *dmv_fuzz_file(const uint8_t *data, size_t size, const char *suffix);

/* A NUL-terminated copy of data (free it). */
char *dmv_fuzz_text(const uint8_t *data, size_t size);

#endif
