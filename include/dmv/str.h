/* Small string helpers shared by every room (C11 has no strdup). */
#ifndef DMV_STR_H
#define DMV_STR_H

/* A malloc'd copy of s (free() it); NULL if s is NULL or memory is short. */
char *dmv_strdup(const char *s);

#endif
