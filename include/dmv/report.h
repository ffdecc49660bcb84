/* reports/: the writers (JSON, Markdown, JUnit XML, HTML+SVG) and the CI gate.
 * Every writer renders any dmv_run_result without knowing its claims.
 * Files are written atomically: a temporary file in the same folder,
 * fflush + fsync, then rename(2). A reader never sees a half-written report.
 * The JSON schema is documented in docs/report-schema.md, the gate in docs/gate.md. */
#ifndef DMV_REPORT_H
#define DMV_REPORT_H

#include <stdio.h>

#include "dmv/claim.h"
#include "dmv/error.h"

#define DMV_REPORT_SCHEMA "dmverify-report"
#define DMV_REPORT_SCHEMA_VERSION 1

/* ---- build and machine facts recorded in every report ------------------- */

typedef struct {
    char version[32];    /* dmverify version */
    char commit[64];     /* git commit at configure time */
    char compiler[128];  /* compiler id and version */
    char flags[1024];    /* compile flags */
    char build_type[32];
    char arb[32], flint[32], mpfr[32], gmp[32], cjson[32];
    char openblas[256];  /* openblas_get_config() */
    char cpu[256];       /* "model name" of /proc/cpuinfo, "unknown" if absent */
    long ncpu;           /* online processors */
    char hostname[256];
    char date_utc[32];   /* ISO 8601, e.g. 2026-11-22T01:02:03Z */
} dmv_report_env;

/* Fills every field (never fails: unknown facts read "unknown"). Returns DMV_OK. */
int dmv_report_env_fill(dmv_report_env *env);

/* ---- renderers: a malloc'd NUL-terminated string in *out (free() it) ------
 * env may be NULL: then dmv_report_env_fill() is called. */
int dmv_report_render_json(char **out, const dmv_run_result *r, const dmv_report_env *env, dmv_error *err);
int dmv_report_render_markdown(char **out, const dmv_run_result *r, const dmv_report_env *env, dmv_error *err);
int dmv_report_render_junit(char **out, const dmv_run_result *r, const dmv_report_env *env, dmv_error *err);
int dmv_report_render_html(char **out, const dmv_run_result *r, const dmv_report_env *env, dmv_error *err);

/* ---- writers: render, then write atomically to path ---------------------- */
int dmv_report_write_json(const char *path, const dmv_run_result *r, const dmv_report_env *env, dmv_error *err);
int dmv_report_write_markdown(const char *path, const dmv_run_result *r, const dmv_report_env *env,
                              dmv_error *err);
int dmv_report_write_junit(const char *path, const dmv_run_result *r, const dmv_report_env *env, dmv_error *err);
int dmv_report_write_html(const char *path, const dmv_run_result *r, const dmv_report_env *env, dmv_error *err);
/* Creates dir (mkdir -p) and writes report.json, report.md, junit.xml and
 * report.html into it, each atomically. */
int dmv_report_write_all(const char *dir, const dmv_run_result *r, dmv_error *err);

/* ---- file helpers ---------------------------------------------------------- */
/* Writes len bytes to path atomically (DIR/.NAME.tmp.XXXXXX, fsync, rename). */
int dmv_report_write_atomic(const char *path, const char *data, size_t len, dmv_error *err);
/* mkdir -p; an existing folder is fine. */
int dmv_report_mkdir_p(const char *dir, dmv_error *err);
/* Reads a whole file into a malloc'd NUL-terminated string; *len may be NULL. */
int dmv_report_read_file(char **out, size_t *len, const char *path, dmv_error *err);

/* ---- plotting helpers (used by the HTML writer; public for tests) --------- */
/* Tick positions for an axis over [lo, hi] (lo < hi; for log axes lo > 0):
 * linear: multiples of a 1-2-5 step, about 4 to 10 of them;
 * log: the powers of ten in range, plus 2x and 5x multiples when the range
 * spans fewer than two decades (linear ticks if that gives fewer than two).
 * Writes at most max ticks, returns their count. */
long dmv_report_ticks(double *ticks, long max, double lo, double hi, int log_scale);
/* One plot as an inline <svg> element (appended to a malloc'd string in *out). */
int dmv_report_svg_plot(char **out, const dmv_ev_plot *p, dmv_error *err);
/* The "statistic against its acceptance interval" chart of a claim's tests. */
int dmv_report_svg_tests(char **out, const dmv_test *tests, long ntests, dmv_error *err);

/* ---- the CI gate ---------------------------------------------------------- */

typedef enum {
    DMV_GATE_VERDICT_WORSE = 0, /* pass -> inconclusive -> fail: fails the gate */
    DMV_GATE_VERDICT_BETTER,    /* informational */
    DMV_GATE_BALL_OUTSIDE,      /* a certified value's ball no longer overlaps its old ball: fails */
    DMV_GATE_BALL_MISSING,      /* a certified value of the baseline is absent or no longer a ball: fails */
    DMV_GATE_HASH_CHANGED,      /* a bit-exact sample hash changed: fails */
    DMV_GATE_HASH_INFO,         /* a hash changed that the baseline did not call bit-exact: informational */
    DMV_GATE_CLAIM_MISSING,     /* a baseline claim absent from current: fails unless allowed */
    DMV_GATE_CLAIM_NEW,         /* a claim absent from the baseline: informational */
    DMV_GATE_SETTINGS,          /* seed, --quick, alpha or --samples differ: fails (the runs are not comparable) */
    DMV_GATE_DATA,              /* a data file the run read has another SHA-256: fails (not comparable) */
    DMV_GATE_DERIVED,           /* with settings or data that differ: the hash and ball changes they cause,
                                   summarised in one line (informational; the cause already fails) */
    DMV_GATE_UNEXPECTED_PASS,   /* an expected failure now passes (a finding no longer shows): fails */
    DMV_GATE_OUTCOME,           /* the expectation changed with the same rank (e.g. pass -> expected fail): info */
    DMV_GATE_ULPS_GREW,         /* an observed rounding error (a number in unit "ulp") grew by more than
                                   DMV_GATE_ULPS_FACTOR and DMV_GATE_ULPS_SLACK ulps: fails */
    DMV_GATE_ULPS_CHANGED       /* an observed rounding error changed less than that: informational */
} dmv_gate_kind;

/* The observed rounding errors of the pathwise claims (numbers with unit "ulp") are plain doubles, not
 * balls: the gate fails when one grows beyond max(FACTOR x baseline, baseline + SLACK) and lists any
 * other change as information, so that a drift of the sampler's rounding is seen before a claim fails. */
#define DMV_GATE_ULPS_FACTOR 2.0
#define DMV_GATE_ULPS_SLACK 4.0

typedef struct {
    dmv_gate_kind kind;
    int fails;           /* 1 if this difference fails the gate */
    char *claim;         /* claim id ("" for run-wide differences) */
    char *what;          /* e.g. "verdict", "ball W2(EM, N=50)", "sample hash" */
    char *baseline;      /* old value as text */
    char *current;       /* new value as text */
} dmv_gate_diff;

typedef struct {
    long n, alloc;
    dmv_gate_diff *diffs;
    long nfail;          /* differences that fail the gate */
    long nderived_hash, nderived_ball; /* changes caused by different settings or data, not listed */
    long nclaims_baseline, nclaims_current, nclaims_compared;
    char *baseline_path, *current_path;
    char *baseline_commit, *current_commit;
} dmv_gate_result;

enum { DMV_GATE_ALLOW_MISSING = 1 }; /* flags of dmv_gate_compare_flags */

void dmv_gate_result_init(dmv_gate_result *g);
void dmv_gate_result_clear(dmv_gate_result *g);
const char *dmv_gate_kind_name(dmv_gate_kind k);

/* Compares two report.json files. Returns DMV_OK when both were read (then
 * out->nfail > 0 means the gate fails), DMV_EIO for an unreadable file and
 * DMV_EFORMAT for malformed JSON or a wrong schema/version (the message names
 * the file). out must have been initialised; it is cleared first. */
int dmv_gate_compare(dmv_gate_result *out, const char *baseline_json, const char *current_json, dmv_error *err);
int dmv_gate_compare_flags(dmv_gate_result *out, const char *baseline_json, const char *current_json, int flags,
                           dmv_error *err);
/* The same on texts already in memory (names are used in messages). */
int dmv_gate_compare_text(dmv_gate_result *out, const char *baseline_text, const char *baseline_name,
                          const char *current_text, const char *current_name, int flags, dmv_error *err);
/* Checks that text is a report of this schema version (DMV_EFORMAT otherwise, naming name). */
int dmv_gate_validate_text(const char *text, const char *name, dmv_error *err);
/* Checks that path can serve as a baseline: readable (DMV_EIO), a dmverify-report of this schema
 * version with at least one claim (DMV_EFORMAT); the message names the file. `dmverify run --gate`
 * calls it before any compute. */
int dmv_gate_baseline_check(const char *path, dmv_error *err);
/* Prints the table of differences and a closing line. Returns 0 if the gate
 * passes, 1 if it fails (the exit status of `dmverify gate`). */
int dmv_gate_print(FILE *f, const dmv_gate_result *g);

#endif
