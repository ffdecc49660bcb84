/* A growable string buffer and escapers for the report writers. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rbuf.h"

void dmv_rbuf_init(dmv_rbuf *b)
{
    b->s = NULL;
    b->len = b->cap = 0;
    b->oom = 0;
}

void dmv_rbuf_clear(dmv_rbuf *b)
{
    free(b->s);
    dmv_rbuf_init(b);
}

static int rbuf_reserve(dmv_rbuf *b, size_t extra)
{
    size_t need, cap;
    char *s;
    if (b->oom)
        return 0;
    need = b->len + extra + 1;
    if (need <= b->cap)
        return 1;
    cap = b->cap ? b->cap : 256;
    while (cap < need)
        cap *= 2;
    s = realloc(b->s, cap);
    if (s == NULL) {
        b->oom = 1;
        return 0;
    }
    b->s = s;
    b->cap = cap;
    return 1;
}

void dmv_rbuf_putn(dmv_rbuf *b, const char *s, size_t n)
{
    if (!rbuf_reserve(b, n))
        return;
    memcpy(b->s + b->len, s, n);
    b->len += n;
    b->s[b->len] = '\0';
}

void dmv_rbuf_puts(dmv_rbuf *b, const char *s)
{
    if (s != NULL)
        dmv_rbuf_putn(b, s, strlen(s));
}

void dmv_rbuf_printf(dmv_rbuf *b, const char *fmt, ...)
{
    va_list ap;
    int n;
    char small[256];
    va_start(ap, fmt);
    n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0) {
        b->oom = 1;
        return;
    }
    if ((size_t) n < sizeof small) {
        dmv_rbuf_putn(b, small, (size_t) n);
        return;
    }
    if (!rbuf_reserve(b, (size_t) n))
        return;
    va_start(ap, fmt);
    vsnprintf(b->s + b->len, (size_t) n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t) n;
}

void dmv_rbuf_put_xml(dmv_rbuf *b, const char *s)
{
    const unsigned char *p;
    if (s == NULL)
        return;
    for (p = (const unsigned char *) s; *p; p++) {
        switch (*p) {
        case '&': dmv_rbuf_puts(b, "&amp;"); break;
        case '<': dmv_rbuf_puts(b, "&lt;"); break;
        case '>': dmv_rbuf_puts(b, "&gt;"); break;
        case '"': dmv_rbuf_puts(b, "&quot;"); break;
        case '\'': dmv_rbuf_puts(b, "&#39;"); break;
        default:
            if (*p < 0x20 && *p != '\t' && *p != '\n' && *p != '\r')
                break; /* invalid in XML 1.0 */
            dmv_rbuf_putn(b, (const char *) p, 1);
        }
    }
}

void dmv_rbuf_put_md(dmv_rbuf *b, const char *s)
{
    const char *p;
    if (s == NULL)
        return;
    for (p = s; *p; p++) {
        if (*p == '|')
            dmv_rbuf_puts(b, "\\|");
        else if (*p == '<')
            dmv_rbuf_puts(b, "&lt;");
        else if (*p == '>')
            dmv_rbuf_puts(b, "&gt;");
        else if (*p == '&')
            dmv_rbuf_puts(b, "&amp;");
        else if (*p == '\n' || *p == '\r')
            dmv_rbuf_puts(b, " ");
        else
            dmv_rbuf_putn(b, p, 1);
    }
}

void dmv_rbuf_put_num(dmv_rbuf *b, double x)
{
    if (isnan(x))
        dmv_rbuf_puts(b, "nan");
    else if (isinf(x))
        dmv_rbuf_puts(b, x > 0 ? "inf" : "-inf");
    else
        dmv_rbuf_printf(b, "%.6g", x);
}

int dmv_rbuf_finish(dmv_rbuf *b, char **out, dmv_error *err, const char *what)
{
    if (b->oom || b->s == NULL) {
        if (!b->oom && b->s == NULL) { /* empty but valid */
            *out = calloc(1, 1);
            if (*out != NULL)
                return DMV_OK;
        }
        dmv_rbuf_clear(b);
        *out = NULL;
        return dmv_error_set(err, DMV_ENOMEM, "out of memory while rendering %s", what);
    }
    *out = b->s;
    dmv_rbuf_init(b);
    return DMV_OK;
}

const char *dmv_report_verdict_str(dmv_verdict v)
{
    switch (v) {
    case DMV_VERDICT_PASS: return "pass";
    case DMV_VERDICT_FAIL: return "fail";
    case DMV_VERDICT_INCONCLUSIVE: return "inconclusive";
    default: return "unknown";
    }
}

void dmv_report_count(dmv_report_counts *c, const dmv_run_result *r)
{
    long i;
    memset(c, 0, sizeof *c);
    c->claims = r->n;
    for (i = 0; i < r->n; i++) {
        const dmv_outcome *o = &r->outcomes[i];
        long k;
        switch (o->final_verdict) {
        case DMV_VERDICT_PASS: c->pass++; break;
        case DMV_VERDICT_FAIL: c->fail++; break;
        default: c->inconclusive++; break;
        }
        c->expected_fail += o->expectation == DMV_EXPECTATION_MET;
        c->unexpected_pass += o->expectation == DMV_EXPECTATION_UNEXPECTED_PASS;
        c->underpowered += o->underpowered != 0 && o->final_verdict == DMV_VERDICT_INCONCLUSIVE;
        c->tests += o->result.ntests;
        for (k = 0; k < o->result.ntests; k++)
            c->rejected += o->result.tests[k].rejected != 0;
    }
}

int dmv_report_status(const dmv_report_counts *c)
{
    if (c->fail - c->expected_fail > 0 || c->unexpected_pass > 0)
        return 1;
    if (c->inconclusive > 0)
        return 3;
    return 0;
}

const char *dmv_report_claim_id(const dmv_outcome *o)
{
    return (o->claim != NULL && o->claim->id != NULL) ? o->claim->id : "(unnamed)";
}

void dmv_report_outcome_text(dmv_rbuf *b, const dmv_outcome *o, void (*put)(dmv_rbuf *, const char *))
{
    const char *reason = (o->claim != NULL && o->claim->expect_reason != NULL) ? o->claim->expect_reason : "";
    switch (o->expectation) {
    case DMV_EXPECTATION_MET:
        dmv_rbuf_puts(b, "fail (expected: ");
        put(b, reason);
        dmv_rbuf_puts(b, ")");
        return;
    case DMV_EXPECTATION_UNEXPECTED_PASS:
        dmv_rbuf_puts(b, "unexpected pass (expected to fail: ");
        put(b, reason);
        dmv_rbuf_puts(b, ")");
        return;
    case DMV_EXPECTATION_UNRESOLVED:
        dmv_rbuf_puts(b, "inconclusive (expected to fail: ");
        put(b, reason);
        dmv_rbuf_puts(b, ")");
        return;
    default:
        dmv_rbuf_puts(b, dmv_report_verdict_str(o->final_verdict));
    }
}
