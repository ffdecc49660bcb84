/* theorems/: claims, their evidence, and the run that checks them.
 * A claim is data plus one function. The claims core (the .c files of theorems/ itself: result, run, match, paper; no numerics)
 * defines the types below; each paper's folder (theorems/pg/, ...) and the implementation checks
 * (theorems/checks/) export one claim table, and the registry (theorems/all/registry.c) puts the
 * tables one after the other. Evidence is typed so that every report writer can render it without
 * knowing the claim. */
#ifndef DMV_CLAIM_H
#define DMV_CLAIM_H

#include <stdint.h>

#include "dmv/error.h"

typedef enum {
    DMV_VERDICT_PASS = 0,
    DMV_VERDICT_FAIL = 1,
    DMV_VERDICT_INCONCLUSIVE = 2 /* the budget could not resolve it; never silently a pass */
} dmv_verdict;

const char *dmv_verdict_name(dmv_verdict v); /* "pass", "fail", "inconclusive" */

/* ---- evidence ------------------------------------------------------------ */

/* A number: a certified ball (mid, rad as decimal strings, from Arb) or a
 * double with an uncertainty (rad = NULL then; uncertainty may be 0). */
typedef struct {
    char *name;
    char *mid, *rad;      /* certified: decimal strings; NULL otherwise */
    double value;         /* always set (the midpoint for balls) */
    double uncertainty;   /* for doubles: a standard error or bound; 0 if exact */
    char *unit;           /* may be NULL */
} dmv_ev_number;

typedef struct {
    char *name;
    long nrows, ncols;
    char **header; /* ncols */
    char **cells;  /* nrows * ncols, row-major; every cell a string */
    int *row_flags; /* NULL, or nrows flags (dmv_result_flag_rows): a flagged row (e.g. a disagreeing or
                       near-boundary cell) is listed first and never cut from report.md */
} dmv_ev_table;

typedef struct {
    char *label;
    long n;
    double *x, *y;
    double *ylo, *yhi; /* optional band (acceptance interval or ball); NULL if none */
    int style;         /* DMV_SERIES_LINE (a polyline) or DMV_SERIES_POINTS (markers only: a scatter) */
} dmv_ev_series;

enum { DMV_SERIES_LINE = 0, DMV_SERIES_POINTS = 1 };

typedef struct {
    char *name;
    char *xlabel, *ylabel;
    int xlog, ylog;
    long nseries;
    dmv_ev_series *series;
    char *error;     /* sticky: the first dmv_plot_add_series that failed (the run copies it into the
                        result's error, so the claim is inconclusive) */
    long nerrors;    /* failed dmv_plot_add_series calls (counted even when the message could not be kept) */
} dmv_ev_plot;

/* A threshold comparison and the value at which its verdict flips. */
enum {
    DMV_MARGIN_MAX = 0, /* the claim holds while value <= threshold (threshold is a maximum) */
    DMV_MARGIN_MIN = 1  /* the claim holds while value >= threshold (threshold is a minimum) */
};
typedef struct {
    char *name;       /* what is compared, e.g. "max |fast - exact| / budget" */
    double value;     /* measured */
    double threshold; /* the value at which the comparison flips */
    int sense;        /* DMV_MARGIN_MAX or DMV_MARGIN_MIN */
    char *unit;       /* may be NULL */
} dmv_ev_margin;

/* One hypothesis test; Holm is applied to the tests of each claim at the claim's share of alpha. */
typedef struct {
    char *name;        /* e.g. "variance, direction 3" */
    double statistic;  /* the measured statistic */
    double p_value;    /* exact or certified-accurate p-value under the claim */
    double lo, hi;     /* acceptance interval of the statistic at the unadjusted level (for plots) */
    double min_effect; /* smallest effect detectable at this budget with power 0.99 (NaN if n/a) */
    char *effect_unit; /* what min_effect measures, e.g. "relative variance error" */
    int rejected;      /* set by the run after Holm (within the claim, at run->claim_alpha) */
    double adjusted_level; /* the Holm threshold this test was compared with */
    double required_effect; /* the effect this test must be able to detect, in effect_unit; NaN if the
                               claim sets none (dmv_result_require_effect). A test whose min_effect is
                               larger (or NaN) has no power for the claim: the claim is inconclusive. */
} dmv_test;

typedef struct {
    dmv_verdict verdict;  /* the check's own verdict, before Holm and the power, error and expectation rules */
    char *summary;        /* one line: measured vs predicted */
    char *budget_note;    /* for inconclusive: the budget that would resolve it */
    long nnumbers, ntables, nplots, ntests, nmargins;
    dmv_ev_number *numbers;
    dmv_ev_table *tables;
    dmv_ev_plot *plots;
    dmv_test *tests;
    dmv_ev_margin *margins;
    char *sample_hash;    /* hash of the samples this claim drew, NULL if none */
    int bit_exact;        /* 1 if sample_hash is bit-reproducible (no BLAS paths) */
    double seconds;       /* wall time of the check */
    char *error;          /* sticky: the first builder that failed (its message); a result with an error
                             is never a pass, the run makes it inconclusive with this message */
    long nerrors;         /* failed builder calls (counted even when no message could be kept) */
} dmv_result;

void dmv_result_init(dmv_result *r);
void dmv_result_clear(dmv_result *r);
/* Builders: copy their string arguments. Return DMV_OK or DMV_ENOMEM (DMV_EINVAL for bad arguments).
 * A builder that fails records it in the result (r->error keeps the first message, r->nerrors counts):
 * the run then makes the claim inconclusive with that message, whatever the check concluded. A claim
 * therefore never passes on evidence that was not recorded, even if its code ignores a return code. */
int dmv_result_set_summary(dmv_result *r, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
int dmv_result_set_budget_note(dmv_result *r, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
int dmv_result_add_number(dmv_result *r, const char *name, double value, double uncertainty, const char *unit);
int dmv_result_add_ball(dmv_result *r, const char *name, const char *mid, const char *rad, double value,
                        const char *unit);
/* Table: cells are copied; returns the table's index through *index (may be NULL). */
int dmv_result_add_table(dmv_result *r, const char *name, long nrows, long ncols, const char *const *header,
                         const char *const *cells);
/* Plot: adds an empty plot and returns a pointer valid until the next add_plot. */
dmv_ev_plot *dmv_result_add_plot(dmv_result *r, const char *name, const char *xlabel, const char *ylabel,
                                 int xlog, int ylog);
int dmv_plot_add_series(dmv_ev_plot *p, const char *label, long n, const double *x, const double *y,
                        const double *ylo, const double *yhi);
/* A scatter: n points drawn as markers, no line, no band (style DMV_SERIES_POINTS). */
int dmv_plot_add_points(dmv_ev_plot *p, const char *label, long n, const double *x, const double *y);
int dmv_result_add_test(dmv_result *r, const char *name, double statistic, double p_value, double lo,
                        double hi, double min_effect, const char *effect_unit);
int dmv_result_set_hash(dmv_result *r, const char *hash, int bit_exact);
/* Sets the effect the last added test must be able to detect (same unit as its min_effect).
 * DMV_EINVAL if the result has no test or required_effect is not finite and positive. */
int dmv_result_require_effect(dmv_result *r, double required_effect);
/* Records a threshold comparison of the claim: the measured value, the threshold at which the verdict
 * would flip and its sense (DMV_MARGIN_MAX: holds while value <= threshold; DMV_MARGIN_MIN: while
 * value >= threshold). Every report shows value, threshold and the margin (threshold - value, resp.
 * value - threshold; negative = the comparison does not hold). DMV_EINVAL for a bad sense. */
int dmv_result_add_margin(dmv_result *r, const char *name, double value, double threshold, int sense,
                          const char *unit);
/* margin of m: threshold - value (MAX) or value - threshold (MIN); >= 0 when the comparison holds. */
double dmv_margin_value(const dmv_ev_margin *m);
/* Flags rows of the last added table (flags: nrows ints, nonzero = flagged, e.g. a disagreeing or
 * near-boundary cell): report.md lists flagged rows first and never cuts them. DMV_EINVAL if the result
 * has no table. */
int dmv_result_flag_rows(dmv_result *r, const int *flags);
/* Records a failure that happened outside the builders (e.g. a helper's allocation) as a builder
 * error: fmt is the message (the first one is kept). Returns code (so: return dmv_result_fail(...)). */
int dmv_result_fail(dmv_result *r, int code, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
/* The first error of the result or of its plots (NULL if none; "out of memory" if only counted). */
const char *dmv_result_error(const dmv_result *r);

/* ---- the run --------------------------------------------------------------- */

/* A published data file a run reads (recorded in report.json with its SHA-256). */
typedef struct {
    const char *name;   /* file name, e.g. "cifar10_eigenvalues.npy" */
    const char *path;   /* the path read */
    char sha256[65];    /* lower-case hex */
} dmv_data_file;

typedef struct {
    uint64_t seed;
    int threads;
    int quick;          /* smaller budgets (the --quick suite) */
    long law_samples;   /* sample budget of the in-law claims; 0 = their default (10^5, 10^4 quick) */
    long nclaims;       /* set by dmv_run_claims: how many claims the run checks (for detectable effects) */
    double alpha;       /* family-wise false-alarm level of the run (default 1e-3) */
    const char *data_dir; /* folder with the published data (may be NULL) */
    long ndata;           /* the data files the selected claims read, hashed before any compute */
    const dmv_data_file *data;
    double claim_alpha;   /* set by dmv_run_claims: each claim's fixed share of alpha (alpha divided by the
                             number of claims in the registry), so a verdict does not depend on the selection */
    /* Progress: called by long checks, may be NULL. fraction in [0, 1]. */
    void (*progress)(void *ctx, const char *claim_id, double fraction, const char *what);
    void *progress_ctx;
} dmv_run;

void dmv_run_default(dmv_run *run);
/* The level at which a claim with ntests tests computes its detectable effects: the strictest Holm
 * threshold within the claim, run->claim_alpha / ntests (docs/statistics.md section 7). It does not
 * depend on which other claims run. NaN if claim_alpha is not in (0, 1) or ntests < 1. */
double dmv_run_test_level(const dmv_run *run, long ntests);
/* The in-law sample budget of the run: run->law_samples (--samples), else the default 10^5 (10^4
 * with --quick). The power rule's budget note scales this number. */
long dmv_run_sample_budget(const dmv_run *run);

/* Suite membership (dmv_claim.in_default). */
enum {
    DMV_SUITE_NONE = 0,      /* only when selected by --claims */
    DMV_SUITE_DEFAULT = 1,   /* the default suite and the --quick suite */
    DMV_SUITE_FULL_ONLY = 2  /* the default suite, not --quick (no smaller budget exists) */
};

/* A paper (or dmverify's own implementation checks): one record per theorems/ folder, pointed to by
 * each of its claims. citation is what reports show as "paper"; it is composed from the other fields
 * at compile time (theorems/pg/pg_registry.c). */
typedef struct {
    const char *id;       /* the claim ids' prefix and the folder: "pg" (theorems/pg/), "core" (checks) */
    const char *authors;  /* "Pierret & Galerne"; NULL for the implementation checks */
    const char *title;
    const char *venue;    /* "ICML 2025"; NULL if none */
    const char *arxiv;    /* "2405.14250"; NULL if none */
    const char *citation; /* "authors, title (venue)" */
} dmv_paper;

typedef struct dmv_claim {
    const char *id;        /* "pg.pathwise.em" */
    const dmv_paper *paper; /* the paper claiming it (its arXiv id: paper->arxiv) */
    const char *statement; /* the sentence claimed, with its parameters */
    const char *method;    /* how it is measured */
    int in_default;        /* DMV_SUITE_*: part of the default suite (and of --quick) */
    int (*check)(const struct dmv_claim *c, const dmv_run *run, dmv_result *out, dmv_error *err);
    const void *params;    /* claim-specific parameters (e.g. which scheme) */
    const char *data_files; /* space-separated names of the files the check reads from run->data_dir; NULL none */
    /* Expectation, as pytest xfail / CTest WILL_FAIL: a documented finding (a published statement the
     * suite shows false). DMV_EXPECT_FAIL: a fail is reported as "fail (expected: reason)" and is not a
     * failure of the run; a pass is an unexpected pass and is. */
    int expect;                  /* DMV_EXPECT_PASS (0) or DMV_EXPECT_FAIL */
    const char *expect_reason;   /* one line: why it fails */
    const char *expect_evidence; /* where the evidence is (cells, numbers, docs) */
} dmv_claim;

enum { DMV_EXPECT_PASS = 0, DMV_EXPECT_FAIL = 1 };

/* The registry (theorems/all/registry.c, library dmv_claims_all: links every paper's folder).
 * The claims core and reports/ call these without linking the papers; a program links
 * dmv_claims_all. */
long dmv_claim_count(void);
const dmv_claim *dmv_claim_get(long i);
const dmv_claim *dmv_claim_find(const char *id);
/* 1 if id matches the glob pattern (*, ? and [..] as in fnmatch). */
int dmv_claim_match(const char *pattern, const char *id);
/* The claim's citation (c->paper->citation) and arXiv id; NULL if c, its paper or the field is NULL. */
const char *dmv_claim_citation(const dmv_claim *c);
const char *dmv_claim_arxiv(const dmv_claim *c);

/* How a verdict compares with the claim's expectation (dmv_claim.expect). */
typedef enum {
    DMV_EXPECTATION_NONE = 0,        /* expected to pass (no expectation): the verdict speaks for itself */
    DMV_EXPECTATION_MET = 1,         /* expected failure that fails: "fail (expected: reason)", not a failure */
    DMV_EXPECTATION_UNEXPECTED_PASS = 2, /* expected failure that passes: fails the run and the gate */
    DMV_EXPECTATION_UNRESOLVED = 3   /* expected failure that is inconclusive: stays inconclusive */
} dmv_expectation;

/* One checked claim of a run. */
typedef struct {
    const dmv_claim *claim;
    dmv_result result;
    dmv_verdict final_verdict; /* after Holm, the power rule and the error rule (the claim's verdict) */
    char *error;               /* a check that returned an error: its message (verdict inconclusive) */
    dmv_expectation expectation; /* set by the run from claim->expect and final_verdict */
    int underpowered;          /* 1 if the power rule made the claim inconclusive */
} dmv_outcome;

typedef struct {
    dmv_run run;
    long n;
    dmv_outcome *outcomes;
    long ntests_total, nrejected;
    double seconds;
} dmv_run_result;

/* Runs the selected claims (patterns: n_patterns globs, or all default ones if 0) in registry
 * order and decides each one on its own (docs/statistics.md): Holm over the claim's tests at
 * run->claim_alpha = alpha / dmv_claim_count(); a test without the power its claim requires makes
 * a pass inconclusive; a result with a builder error is inconclusive; the expectation is compared.
 * DMV_EINVAL if a pattern matches no claim (the message names it). */
int dmv_run_claims(dmv_run_result *out, const dmv_run *run, const char *const *patterns, long n_patterns,
                   dmv_error *err);
void dmv_run_result_clear(dmv_run_result *r);
/* Decides one outcome from o->result (o->claim may be NULL) with run->claim_alpha (Holm within the
 * claim) and run->law_samples / run->quick (the budget note of an underpowered claim): Holm, power,
 * error and expectation rules. Sets o->final_verdict, o->expectation, o->underpowered and the tests'
 * rejected/adjusted_level; may append to the budget note. Used by dmv_run_claims; public for tests. */
int dmv_outcome_decide(dmv_outcome *o, const dmv_run *run, dmv_error *err);
/* 1 if the outcome counts as a failure of the run: an unexpected fail or an unexpected pass. */
int dmv_outcome_is_failure(const dmv_outcome *o);
/* "pass", "fail", "inconclusive", "expected fail", "unexpected pass". */
const char *dmv_outcome_name(const dmv_outcome *o);
/* Exit status of a run: 1 some claim failed unexpectedly or passed unexpectedly, else 3 some
 * inconclusive, else 0 (an expected failure that fails is not a failure). */
int dmv_run_result_status(const dmv_run_result *r);

#endif
