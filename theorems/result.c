/* Evidence builders for dmv_result (include/dmv/claim.h). Every string is copied. */
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
        for (j = 0; j < t->ncols; j++)
            free(t->header[j]);
        for (j = 0; j < t->nrows * t->ncols; j++)
            free(t->cells[j]);
        free(t->header);
        free(t->cells);
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
    free(r->sample_hash);
    dmv_result_init(r);
}

int dmv_result_set_summary(dmv_result *r, const char *fmt, ...)
{
    va_list ap;
    char *s;
    va_start(ap, fmt);
    s = vformat(fmt, ap);
    va_end(ap);
    if (s == NULL)
        return DMV_ENOMEM;
    free(r->summary);
    r->summary = s;
    return DMV_OK;
}

int dmv_result_set_budget_note(dmv_result *r, const char *fmt, ...)
{
    va_list ap;
    char *s;
    va_start(ap, fmt);
    s = vformat(fmt, ap);
    va_end(ap);
    if (s == NULL)
        return DMV_ENOMEM;
    free(r->budget_note);
    r->budget_note = s;
    return DMV_OK;
}

int dmv_result_add_number(dmv_result *r, const char *name, double value, double uncertainty, const char *unit)
{
    dmv_ev_number *n = grow((void **) &r->numbers, &r->nnumbers, sizeof *n);
    if (n == NULL)
        return DMV_ENOMEM;
    n->name = dmv_strdup(name);
    n->value = value;
    n->uncertainty = uncertainty;
    n->unit = dmv_strdup(unit);
    return n->name ? DMV_OK : DMV_ENOMEM;
}

int dmv_result_add_ball(dmv_result *r, const char *name, const char *mid, const char *rad, double value,
                        const char *unit)
{
    dmv_ev_number *n = grow((void **) &r->numbers, &r->nnumbers, sizeof *n);
    if (n == NULL)
        return DMV_ENOMEM;
    n->name = dmv_strdup(name);
    n->mid = dmv_strdup(mid);
    n->rad = dmv_strdup(rad);
    n->value = value;
    n->unit = dmv_strdup(unit);
    return (n->name && n->mid && n->rad) ? DMV_OK : DMV_ENOMEM;
}

int dmv_result_add_table(dmv_result *r, const char *name, long nrows, long ncols, const char *const *header,
                         const char *const *cells)
{
    long i;
    dmv_ev_table *t = grow((void **) &r->tables, &r->ntables, sizeof *t);
    if (t == NULL)
        return DMV_ENOMEM;
    t->name = dmv_strdup(name);
    t->header = calloc((size_t) ncols, sizeof *t->header);
    t->cells = calloc((size_t) (nrows * ncols) + 1, sizeof *t->cells);
    if (t->header == NULL || t->cells == NULL)
        return DMV_ENOMEM;
    t->nrows = nrows;
    t->ncols = ncols;
    for (i = 0; i < ncols; i++)
        t->header[i] = dmv_strdup(header[i]);
    for (i = 0; i < nrows * ncols; i++)
        t->cells[i] = dmv_strdup(cells[i] ? cells[i] : "");
    return DMV_OK;
}

dmv_ev_plot *dmv_result_add_plot(dmv_result *r, const char *name, const char *xlabel, const char *ylabel,
                                 int xlog, int ylog)
{
    dmv_ev_plot *p = grow((void **) &r->plots, &r->nplots, sizeof *p);
    if (p == NULL)
        return NULL;
    p->name = dmv_strdup(name);
    p->xlabel = dmv_strdup(xlabel);
    p->ylabel = dmv_strdup(ylabel);
    p->xlog = xlog;
    p->ylog = ylog;
    return p;
}

static double *dup_doubles(const double *x, long n)
{
    double *r;
    if (x == NULL)
        return NULL;
    r = malloc((size_t) (n > 0 ? n : 1) * sizeof *r);
    if (r != NULL && n > 0)
        memcpy(r, x, (size_t) n * sizeof *r);
    return r;
}

int dmv_plot_add_series(dmv_ev_plot *p, const char *label, long n, const double *x, const double *y,
                        const double *ylo, const double *yhi)
{
    dmv_ev_series *s = grow((void **) &p->series, &p->nseries, sizeof *s);
    if (s == NULL)
        return DMV_ENOMEM;
    s->label = dmv_strdup(label);
    s->n = n;
    s->x = dup_doubles(x, n);
    s->y = dup_doubles(y, n);
    s->ylo = dup_doubles(ylo, n);
    s->yhi = dup_doubles(yhi, n);
    return (s->x && s->y) ? DMV_OK : DMV_ENOMEM;
}

int dmv_result_add_test(dmv_result *r, const char *name, double statistic, double p_value, double lo,
                        double hi, double min_effect, const char *effect_unit)
{
    dmv_test *t = grow((void **) &r->tests, &r->ntests, sizeof *t);
    if (t == NULL)
        return DMV_ENOMEM;
    t->name = dmv_strdup(name);
    t->statistic = statistic;
    t->p_value = p_value;
    t->lo = lo;
    t->hi = hi;
    t->min_effect = min_effect;
    t->effect_unit = dmv_strdup(effect_unit);
    t->adjusted_level = NAN;
    t->required_effect = NAN;
    return t->name ? DMV_OK : DMV_ENOMEM;
}

int dmv_result_require_effect(dmv_result *r, double required_effect)
{
    if (r->ntests < 1 || !(isfinite(required_effect) && required_effect > 0))
        return DMV_EINVAL;
    r->tests[r->ntests - 1].required_effect = required_effect;
    return DMV_OK;
}

int dmv_result_set_hash(dmv_result *r, const char *hash, int bit_exact)
{
    free(r->sample_hash);
    r->sample_hash = dmv_strdup(hash);
    r->bit_exact = bit_exact;
    return (hash == NULL || r->sample_hash) ? DMV_OK : DMV_ENOMEM;
}
