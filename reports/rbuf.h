/* reports/: a growable string buffer and the escapers shared by the writers
 * (private to reports/). Allocation failure is sticky: check ->oom once at the end. */
#ifndef DMV_REPORTS_RBUF_H
#define DMV_REPORTS_RBUF_H

#include <stddef.h>

#include "dmv/claim.h"

typedef struct {
    char *s;
    size_t len, cap;
    int oom;
} dmv_rbuf;

void dmv_rbuf_init(dmv_rbuf *b);
void dmv_rbuf_clear(dmv_rbuf *b);
void dmv_rbuf_puts(dmv_rbuf *b, const char *s);
void dmv_rbuf_putn(dmv_rbuf *b, const char *s, size_t n);
void dmv_rbuf_printf(dmv_rbuf *b, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
/* XML/HTML text and attribute escaping (&, <, >, ", '); control characters
 * other than tab/newline are dropped (they are invalid in XML 1.0). NULL -> "". */
void dmv_rbuf_put_xml(dmv_rbuf *b, const char *s);
/* Markdown text or table cell: | escaped as \|, < > & as HTML entities (GitHub
 * renders raw HTML), newlines become spaces. NULL -> "". */
void dmv_rbuf_put_md(dmv_rbuf *b, const char *s);
/* A double for people: %.6g, "nan", "inf", "-inf". */
void dmv_rbuf_put_num(dmv_rbuf *b, double x);
/* Moves the string out (caller frees); returns DMV_ENOMEM if any append failed. */
int dmv_rbuf_finish(dmv_rbuf *b, char **out, dmv_error *err, const char *what);

/* Shared helpers of the writers. */
const char *dmv_report_verdict_str(dmv_verdict v); /* "pass" / "fail" / "inconclusive" */
typedef struct {
    long claims, pass, fail, inconclusive, tests, rejected;
    long expected_fail;   /* of fail: expected failures that failed (not failures of the run) */
    long unexpected_pass; /* of pass: expected failures that passed (failures of the run) */
    long underpowered;    /* of inconclusive: made inconclusive by the power rule */
} dmv_report_counts;
void dmv_report_count(dmv_report_counts *c, const dmv_run_result *r);
/* 1 some claim failed unexpectedly or passed unexpectedly, else 3 some inconclusive, else 0. */
int dmv_report_status(const dmv_report_counts *c);
const char *dmv_report_claim_id(const dmv_outcome *o); /* "(unnamed)" when the claim is NULL */
/* The verdict as people read it: "pass", "fail", "inconclusive", "fail (expected: REASON)",
 * "unexpected pass (expected to fail: REASON)", "inconclusive (expected to fail: REASON)". Appended
 * raw (the caller escapes: pass an escaping function). */
void dmv_report_outcome_text(dmv_rbuf *b, const dmv_outcome *o, void (*put)(dmv_rbuf *, const char *));

#endif
