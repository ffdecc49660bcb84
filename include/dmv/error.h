/* Error codes and messages (GSL style): library code never prints or exits.
 * A function that can fail returns one of the codes below and, when the
 * caller passes a dmv_error, fills it with a message that names the bad value. */
#ifndef DMV_ERROR_H
#define DMV_ERROR_H

#include <stddef.h>

enum {
    DMV_OK = 0,
    DMV_EINVAL = 1,   /* a bad argument: the message names it and its value */
    DMV_ENOMEM = 2,   /* allocation failed */
    DMV_EIO = 3,      /* a file could not be read or written */
    DMV_EFORMAT = 4,  /* a file was read but its content is malformed */
    DMV_EDOM = 5,     /* the mathematics is undefined here (e.g. DDPM with 2 h beta >= 1) */
    DMV_ENOTFINITE = 6, /* a result overflowed or is not a number */
    DMV_EPREC = 7,    /* a certified value could not be obtained at this precision */
    DMV_EUNSUPPORTED = 8 /* a valid combination that is not implemented */
};

typedef struct {
    int code;
    char msg[1024];
} dmv_error;

void dmv_error_init(dmv_error *err);

/* Records code and a printf-style message in err (if err is not NULL) and
 * returns code, so that `return dmv_error_set(err, DMV_EINVAL, "...")` works.
 * The first error set wins: a later call does not overwrite it. */
int dmv_error_set(dmv_error *err, int code, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* Short name of a code ("invalid argument", ...). */
const char *dmv_error_name(int code);

#endif
