/* Small string helpers shared by every room (C11 has no strdup). */
#ifndef DMV_STR_H
#define DMV_STR_H

#include <stddef.h>

/* A malloc'd copy of s (free() it); NULL if s is NULL or memory is short. */
char *dmv_strdup(const char *s);

/* A duration for people, rounded to the second: "0 s", "45 s", "1 min 20 s",
 * "2 h 5 min", "3 d 4 h" (whole units only; "1 min" when the seconds are 0).
 * Negative, NaN or infinite seconds give "?". Writes at most n bytes (NUL
 * included) into buf and returns buf. */
char *dmv_format_duration(char *buf, size_t n, double seconds);

#endif
