#include <stdarg.h>
#include <stdio.h>

#include "dmv/error.h"

void dmv_error_init(dmv_error *err)
{
    if (err != NULL) {
        err->code = DMV_OK;
        err->msg[0] = '\0';
    }
}

int dmv_error_set(dmv_error *err, int code, const char *fmt, ...)
{
    if (err != NULL && err->code == DMV_OK) {
        va_list ap;
        err->code = code;
        va_start(ap, fmt);
        vsnprintf(err->msg, sizeof err->msg, fmt, ap);
        va_end(ap);
    }
    return code;
}

const char *dmv_error_name(int code)
{
    switch (code) {
    case DMV_OK: return "ok";
    case DMV_EINVAL: return "invalid argument";
    case DMV_ENOMEM: return "out of memory";
    case DMV_EIO: return "input/output error";
    case DMV_EFORMAT: return "malformed input";
    case DMV_EDOM: return "outside the domain of the scheme";
    case DMV_ENOTFINITE: return "non-finite result";
    case DMV_EPREC: return "precision exhausted";
    case DMV_EUNSUPPORTED: return "not supported";
    default: return "unknown error";
    }
}
