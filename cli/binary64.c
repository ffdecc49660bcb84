/* Exact decimal expansions of binary64 values. cli/binary64.h. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gmp.h>

#include "binary64.h"

char *dmv_cli_binary64_exact(double x)
{
    mpz_t m;
    int e, neg = signbit(x) != 0;
    double f;
    char *digits, *out;
    size_t len, k;
    if (!isfinite(x))
        return NULL;
    if (x == 0) {
        out = malloc(3);
        if (out)
            strcpy(out, neg ? "-0" : "0");
        return out;
    }
    f = frexp(fabs(x), &e);  /* |x| = f 2^e, f in [1/2, 1) */
    f = ldexp(f, 53);        /* an integer below 2^53: exact */
    e -= 53;
    mpz_init_set_d(m, f);
    if (e >= 0) {
        mpz_mul_2exp(m, m, (mp_bitcnt_t) e);
        k = 0;
    } else { /* m 2^e = m 5^k / 10^k, k = -e */
        mpz_t p;
        k = (size_t) -e;
        mpz_init(p);
        mpz_ui_pow_ui(p, 5, (unsigned long) k);
        mpz_mul(m, m, p);
        mpz_clear(p);
    }
    digits = mpz_get_str(NULL, 10, m);
    mpz_clear(m);
    if (digits == NULL)
        return NULL;
    len = strlen(digits);
    out = malloc(len + k + 4);
    if (out != NULL) {
        char *q = out;
        if (neg)
            *q++ = '-';
        if (k == 0) {
            strcpy(q, digits);
        } else if (len > k) { /* integer part, point, k fraction digits */
            memcpy(q, digits, len - k);
            q += len - k;
            *q++ = '.';
            strcpy(q, digits + len - k);
        } else { /* 0.000ddd */
            *q++ = '0';
            *q++ = '.';
            memset(q, '0', k - len);
            q += k - len;
            strcpy(q, digits);
        }
        if (k > 0) { /* drop trailing zeros of the fraction (and a bare point) */
            size_t n = strlen(out);
            while (out[n - 1] == '0')
                out[--n] = '\0';
            if (out[n - 1] == '.')
                out[--n] = '\0';
        }
    }
    {
        void (*freefunc)(void *, size_t);
        mp_get_memory_functions(NULL, NULL, &freefunc);
        freefunc(digits, len + 1);
    }
    return out;
}

void dmv_cli_binary64_shortest(char *buf, size_t n, double x)
{
    int p;
    if (x == floor(x) && fabs(x) < 1e15) { /* an integer: no exponent */
        snprintf(buf, n, "%.0f", x);
        return;
    }
    for (p = 1; p <= 17; p++) {
        snprintf(buf, n, "%.*g", p, x);
        if (strtod(buf, NULL) == x)
            return;
    }
}
