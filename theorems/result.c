/* Evidence builders for dmv_result (include/dmv/claim.h). Every string is copied.
 * A failing builder is sticky: r->nerrors counts it and r->error keeps the first message, so the
 * run makes the claim inconclusive even when the check ignored the return code (docs/statistics.md). */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dmv/claim.h"
#include "dmv/str.h"

static char *vformat(const char *fmt, va_list ap)
{
    va_list ap2;
    int n;
    char *s;
    va_copy(ap2, ap);
    n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    if (n < 0)
        return NULL;
    s = malloc((size_t) n + 1);
    if (s != NULL)
        vsnprintf(s, (size_t) n + 1, fmt, ap);
    return s;
}

/* Grows *arr (of *count elements of size sz) by one zeroed element. */
static void *grow(void **arr, long *count, size_t sz)
{
    void *p = realloc(*arr, ((size_t) *count + 1) * sz);
    if (p == NULL)
        return NULL;
    *arr = p;
    p = (char *) p + (size_t) *count * sz;
    memset(p, 0, sz);
    (*count)++;
    return p;
}

/* A copy of s that fails only when s was given: *ok cleared on a failed copy. */
static char *dup_opt(const char *s, int *ok)
{
    char *t;
    if (s == NULL)
        return NULL;
    t = dmv_strdup(s);
    if (t == NULL)
        *ok = 0;
    return t;
}

/* Records a failed builder call: counted, the first message kept. Returns code. */
static int vrecord(char **error, long *nerrors, int code, const char *fmt, va_list ap)
{
    (*nerrors)++;
    if (*error == NULL)
        *error = vformat(fmt, ap);
    return code;
}

static int record(dmv_result *r, int code, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
static int record(dmv_result *r, int code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    code = vrecord(&r->error, &r->nerrors, code, fmt, ap);
    va_end(ap);
    return code;
}

int dmv_result_fail(dmv_result *r, int code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    code = vrecord(&r->error, &r->nerrors, code, fmt, ap);
    va_end(ap);
    return code;
}

/* Fault injection (test-only binary dmverify-fault, DMV_FAULT_INJECTION): DMV_FAULT=result_alloc=K
 * makes the K-th builder call of the process fail as if memory ran out, and says so on stderr
 * (tests/theorems/e2e-result-fault.sh loops K over every builder call of a claim). */
#ifdef DMV_FAULT_INJECTION
static long fault_calls = 0;
static int fault_fire(const char *builder, const char *name)
{
    const char *env = getenv("DMV_FAULT"), *p;
    long k;
    if (env == NULL || (p = strstr(env, "result_alloc=")) == NULL)
        return 0;
    k = strtol(p + strlen("result_alloc="), NULL, 10);
    if (++fault_calls != k)
        return 0;
    fprintf(stderr, "dmverify-fault: result_alloc=%ld: builder call %ld (%s '%s') fails\n", k, k, builder,
            name ? name : "");
    return 1;
}
#define FAULT(builder, name) fault_fire(builder, name)
#else
#define FAULT(builder, name) 0
#endif

const char *dmv_verdict_name(dmv_verdict v)
{
    switch (v) {
    case DMV_VERDICT_PASS: return "pass";
    case DMV_VERDICT_FAIL: return "fail";
    case DMV_VERDICT_INCONCLUSIVE: return "inconclusive";
    default: return "unknown";
    }
}

void dmv_result_init(dmv_result *r)
{
    memset(r, 0, sizeof *r);
    r->verdict = DMV_VERDICT_INCONCLUSIVE;
}

static void plot_clear(dmv_ev_plot *p)
{
    long i;
    for (i = 0; i < p->nseries; i++) {
        dmv_ev_series *s = &p->series[i];
        free(s->label);
        free(s->x);
        free(s->y);
        free(s->ylo);
        free(s->yhi);
    }
    free(p->series);
    free(p->name);
    free(p->xlabel);
    free(p->ylabel);
    free(p->error);
}

void dmv_result_clear(dmv_result *r)
{
    long i, j;
    free(r->summary);
    free(r->budget_note);
    free(r->error);
    for (i = 0; i < r->nnumbers; i++) {
        free(r->numbers[i].name);
        free(r->numbers[i].mid);
        free(r->numbers[i].rad);
        free(r->numbers[i].unit);
    }
    free(r->numbers);
    for (i = 0; i < r->ntables; i++) {
        dmv_ev_table *t = &r->tables[i];
        if (t->header != NULL)
            for (j = 0; j < t->ncols; j++)
                free(t->header[j]);
        if (t->cells != NULL)
            for (j = 0; j < t->nrows * t->ncols; j++)
                free(t->cells[j]);
        free(t->header);
        free(t->cells);
        free(t->row_flags);
        free(t->name);
    }
    free(r->tables);
    for (i = 0; i < r->nplots; i++)
        plot_clear(&r->plots[i]);
    free(r->plots);
    for (i = 0; i < r->ntests; i++) {
        free(r->tests[i].name);
        free(r->tests[i].effect_unit);
    }
    free(r->tests);
    for (i = 0; i < r->nmargins; i++) {
        free(r->margins[i].name);
        free(r->margins[i].unit);
    }
    free(r->margins);
    free(r->sample_hash);
    dmv_result_init(r);
}

const char *dmv_result_error(const dmv_result *r)
{
    long i;
    if (r->error != NULL)
        return r->error;
    for (i = 0; i < r->nplots; i++)
        if (r->plots[i].error != NULL)
            return r->plots[i].error;
    if (r->nerrors > 0)
        return "an evidence builder ran out of memory";
    for (i = 0; i < r->nplots; i++)
        if (r->plots[i].nerrors > 0)
            return "an evidence builder (plot series) ran out of memory";
    return NULL;
}

int dmv_result_set_summary(dmv_result *r, const char *fmt, ...)
{
    va_list ap;
    char *s;
    if (FAULT("set_summary", fmt))
        return record(r, DMV_ENOMEM, "set_summary: out of memory (injected fault)");
    va_start(ap, fmt);
    s = vformat(fmt, ap);
    va_end(ap);
    if (s == NULL)
        return record(r, DMV_ENOMEM, "set_summary: out of memory");
    free(r->summary);
    r->summary = s;
    return DMV_OK;
}

int dmv_result_set_budget_note(dmv_result *r, const char *fmt, ...)
{
    va_list ap;
    char *s;
    if (FAULT("set_budget_note", fmt))
        return record(r, DMV_ENOMEM, "set_budget_note: out of memory (injected fault)");
    va_start(ap, fmt);
    s = vformat(fmt, ap);
    va_end(ap);
    if (s == NULL)
        return record(r, DMV_ENOMEM, "set_budget_note: out of memory");
    free(r->budget_note);
    r->budget_note = s;
    return DMV_OK;
}

int dmv_result_add_number(dmv_result *r, const char *name, double value, double uncertainty, const char *unit)
{
    dmv_ev_number *n;
    int ok = 1;
    if (FAULT("add_number", name))
        return record(r, DMV_ENOMEM, "add_number '%s': out of memory (injected fault)", name ? name : "");
    n = grow((void **) &r->numbers, &r->nnumbers, sizeof *n);
    if (n == NULL)
        return record(r, DMV_ENOMEM, "add_number '%s': out of memory", name ? name : "");
    n->name = dup_opt(name, &ok);
    n->value = value;
    n->uncertainty = uncertainty;
    n->unit = dup_opt(unit, &ok);
    return ok ? DMV_OK : record(r, DMV_ENOMEM, "add_number '%s': out of memory", name ? name : "");
}

int dmv_result_add_ball(dmv_result *r, const char *name, const char *mid, const char *rad, double value,
                        const char *unit)
{
    dmv_ev_number *n;
    int ok = 1;
    if (FAULT("add_ball", name))
        return record(r, DMV_ENOMEM, "add_ball '%s': out of memory (injected fault)", name ? name : "");
    if (mid == NULL || rad == NULL)
        return record(r, DMV_EINVAL, "add_ball '%s': the ball has no %s", name ? name : "",
                      mid == NULL ? "midpoint" : "radius");
    n = grow((void **) &r->numbers, &r->nnumbers, sizeof *n);
    if (n == NULL)
        return record(r, DMV_ENOMEM, "add_ball '%s': out of memory", name ? name : "");
    n->name = dup_opt(name, &ok);
    n->mid = dup_opt(mid, &ok);
    n->rad = dup_opt(rad, &ok);
    n->value = value;
    n->unit = dup_opt(unit, &ok);
    return ok ? DMV_OK : record(r, DMV_ENOMEM, "add_ball '%s': out of memory", name ? name : "");
}

int dmv_result_add_table(dmv_result *r, const char *name, long nrows, long ncols, const char *const *header,
                         const char *const *cells)
{
    long i;
    int ok = 1;
    dmv_ev_table *t;
    if (FAULT("add_table", name))
        return record(r, DMV_ENOMEM, "add_table '%s': out of memory (injected fault)", name ? name : "");
    if (nrows < 0 || ncols < 0 || (ncols > 0 && header == NULL) || (nrows * ncols > 0 && cells == NULL))
        return record(r, DMV_EINVAL, "add_table '%s': bad shape %ld x %ld or missing header/cells",
                      name ? name : "", nrows, ncols);
    t = grow((void **) &r->tables, &r->ntables, sizeof *t);
    if (t == NULL)
        return record(r, DMV_ENOMEM, "add_table '%s': out of memory", name ? name : "");
    t->name = dup_opt(name, &ok);
    t->header = calloc((size_t) ncols + 1, sizeof *t->header);
    t->cells = calloc((size_t) (nrows * ncols) + 1, sizeof *t->cells);
    if (t->header == NULL || t->cells == NULL)
        return record(r, DMV_ENOMEM, "add_table '%s' (%ld x %ld): out of memory", name ? name : "", nrows, ncols);
    t->nrows = nrows;
    t->ncols = ncols;
    for (i = 0; i < ncols; i++)
        t->header[i] = dup_opt(header[i] ? header[i] : "", &ok);
    for (i = 0; i < nrows * ncols; i++)
        t->cells[i] = dup_opt(cells[i] ? cells[i] : "", &ok);
    return ok ? DMV_OK
              : record(r, DMV_ENOMEM, "add_table '%s' (%ld x %ld): out of memory", name ? name : "", nrows, ncols);
}

int dmv_result_flag_rows(dmv_result *r, const int *flags)
{
    dmv_ev_table *t;
    long i;
    if (FAULT("flag_rows", ""))
        return record(r, DMV_ENOMEM, "flag_rows: out of memory (injected fault)");
    if (r->ntables < 1 || flags == NULL)
        return record(r, DMV_EINVAL, "flag_rows: %s", flags == NULL ? "no flags given" : "the result has no table");
    t = &r->tables[r->ntables - 1];
    free(t->row_flags);
    t->row_flags = malloc((size_t) (t->nrows > 0 ? t->nrows : 1) * sizeof *t->row_flags);
    if (t->row_flags == NULL)
        return record(r, DMV_ENOMEM, "flag_rows of table '%s': out of memory", t->name ? t->name : "");
    for (i = 0; i < t->nrows; i++)
        t->row_flags[i] = flags[i] != 0;
    return DMV_OK;
}

dmv_ev_plot *dmv_result_add_plot(dmv_result *r, const char *name, const char *xlabel, const char *ylabel,
                                 int xlog, int ylog)
{
    dmv_ev_plot *p;
    int ok = 1;
    if (FAULT("add_plot", name)) {
        record(r, DMV_ENOMEM, "add_plot '%s': out of memory (injected fault)", name ? name : "");
        return NULL;
    }
    p = grow((void **) &r->plots, &r->nplots, sizeof *p);
    if (p == NULL) {
        record(r, DMV_ENOMEM, "add_plot '%s': out of memory", name ? name : "");
        return NULL;
    }
    p->name = dup_opt(name, &ok);
    p->xlabel = dup_opt(xlabel, &ok);
    p->ylabel = dup_opt(ylabel, &ok);
    p->xlog = xlog;
    p->ylog = ylog;
    if (!ok)
        record(r, DMV_ENOMEM, "add_plot '%s': out of memory", name ? name : "");
    return p;
}

static double *dup_doubles(const double *x, long n, int *ok)
{
    double *r;
    if (x == NULL)
        return NULL;
    r = malloc((size_t) (n > 0 ? n : 1) * sizeof *r);
    if (r == NULL)
        *ok = 0;
    else if (n > 0)
        memcpy(r, x, (size_t) n * sizeof *r);
    return r;
}

static int plot_record(dmv_ev_plot *p, int code, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
static int plot_record(dmv_ev_plot *p, int code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    code = vrecord(&p->error, &p->nerrors, code, fmt, ap);
    va_end(ap);
    return code;
}

int dmv_plot_add_series(dmv_ev_plot *p, const char *label, long n, const double *x, const double *y,
                        const double *ylo, const double *yhi)
{
    dmv_ev_series *s;
    int ok = 1;
    if (p == NULL)
        return DMV_EINVAL; /* dmv_result_add_plot failed: already recorded in the result */
    if (FAULT("plot_add_series", label))
        return plot_record(p, DMV_ENOMEM, "plot '%s', series '%s': out of memory (injected fault)",
                           p->name ? p->name : "", label ? label : "");
    if (n < 0 || x == NULL || y == NULL)
        return plot_record(p, DMV_EINVAL, "plot '%s', series '%s': %ld points, x or y missing", p->name ? p->name : "",
                           label ? label : "", n);
    s = grow((void **) &p->series, &p->nseries, sizeof *s);
    if (s == NULL)
        return plot_record(p, DMV_ENOMEM, "plot '%s', series '%s': out of memory", p->name ? p->name : "",
                           label ? label : "");
    s->label = dup_opt(label, &ok);
    s->n = n;
    s->x = dup_doubles(x, n, &ok);
    s->y = dup_doubles(y, n, &ok);
    s->ylo = dup_doubles(ylo, n, &ok);
    s->yhi = dup_doubles(yhi, n, &ok);
    s->style = DMV_SERIES_LINE;
    return ok ? DMV_OK
              : plot_record(p, DMV_ENOMEM, "plot '%s', series '%s': out of memory", p->name ? p->name : "",
                            label ? label : "");
}

int dmv_plot_add_points(dmv_ev_plot *p, const char *label, long n, const double *x, const double *y)
{
    int rc = dmv_plot_add_series(p, label, n, x, y, NULL, NULL);
    if (rc == DMV_OK)
        p->series[p->nseries - 1].style = DMV_SERIES_POINTS;
    return rc;
}

int dmv_result_add_test(dmv_result *r, const char *name, double statistic, double p_value, double lo,
                        double hi, double min_effect, const char *effect_unit)
{
    dmv_test *t;
    int ok = 1;
    if (FAULT("add_test", name))
        return record(r, DMV_ENOMEM, "add_test '%s': out of memory (injected fault)", name ? name : "");
    t = grow((void **) &r->tests, &r->ntests, sizeof *t);
    if (t == NULL)
        return record(r, DMV_ENOMEM, "add_test '%s': out of memory", name ? name : "");
    t->name = dup_opt(name, &ok);
    t->statistic = statistic;
    t->p_value = p_value;
    t->lo = lo;
    t->hi = hi;
    t->min_effect = min_effect;
    t->effect_unit = dup_opt(effect_unit, &ok);
    t->adjusted_level = NAN;
    t->required_effect = NAN;
    return ok ? DMV_OK : record(r, DMV_ENOMEM, "add_test '%s': out of memory", name ? name : "");
}

int dmv_result_require_effect(dmv_result *r, double required_effect)
{
    if (FAULT("require_effect", ""))
        return record(r, DMV_ENOMEM, "require_effect: out of memory (injected fault)");
    if (r->ntests < 1)
        return record(r, DMV_EINVAL, "require_effect %g: the result has no test", required_effect);
    if (!(isfinite(required_effect) && required_effect > 0))
        return record(r, DMV_EINVAL, "require_effect %g for test '%s': must be finite and positive", required_effect,
                      r->tests[r->ntests - 1].name ? r->tests[r->ntests - 1].name : "");
    r->tests[r->ntests - 1].required_effect = required_effect;
    return DMV_OK;
}

int dmv_result_add_margin(dmv_result *r, const char *name, double value, double threshold, int sense,
                          const char *unit)
{
    dmv_ev_margin *m;
    int ok = 1;
    if (FAULT("add_margin", name))
        return record(r, DMV_ENOMEM, "add_margin '%s': out of memory (injected fault)", name ? name : "");
    if (sense != DMV_MARGIN_MAX && sense != DMV_MARGIN_MIN)
        return record(r, DMV_EINVAL, "add_margin '%s': sense %d is neither DMV_MARGIN_MAX nor DMV_MARGIN_MIN",
                      name ? name : "", sense);
    m = grow((void **) &r->margins, &r->nmargins, sizeof *m);
    if (m == NULL)
        return record(r, DMV_ENOMEM, "add_margin '%s': out of memory", name ? name : "");
    m->name = dup_opt(name, &ok);
    m->value = value;
    m->threshold = threshold;
    m->sense = sense;
    m->unit = dup_opt(unit, &ok);
    return ok ? DMV_OK : record(r, DMV_ENOMEM, "add_margin '%s': out of memory", name ? name : "");
}

double dmv_margin_value(const dmv_ev_margin *m)
{
    return m->sense == DMV_MARGIN_MIN ? m->value - m->threshold : m->threshold - m->value;
}

int dmv_result_set_hash(dmv_result *r, const char *hash, int bit_exact)
{
    if (FAULT("set_hash", hash))
        return record(r, DMV_ENOMEM, "set_hash: out of memory (injected fault)");
    free(r->sample_hash);
    r->sample_hash = NULL;
    r->bit_exact = bit_exact;
    if (hash == NULL)
        return DMV_OK;
    r->sample_hash = dmv_strdup(hash);
    return r->sample_hash ? DMV_OK : record(r, DMV_ENOMEM, "set_hash: out of memory");
}
