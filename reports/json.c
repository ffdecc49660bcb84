/* report.json: the machine-readable report (schema in docs/report-schema.md). */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "dmv/report.h"
#include "rbuf.h"

/* A finite double as the shortest of %.15g, %.16g, %.17g that reads back
 * exactly (cJSON's own printer accepts a 15-digit form within a relative
 * DBL_EPSILON, which loses the last bits); non-finite values become null
 * (JSON has no NaN or infinity). */
static cJSON *make_number(double x)
{
    char buf[40];
    int digits;
    if (!isfinite(x))
        return cJSON_CreateNull();
    for (digits = 15; digits <= 17; digits++) {
        snprintf(buf, sizeof buf, "%.*g", digits, x);
        if (strtod(buf, NULL) == x)
            break;
    }
    return cJSON_CreateRaw(buf);
}

/* Every add below may fail on allocation; failures are collected in *ok. */
static void add_str(cJSON *o, const char *key, const char *s, int *ok)
{
    cJSON *v = s != NULL ? cJSON_CreateString(s) : cJSON_CreateNull();
    if (v == NULL || !cJSON_AddItemToObject(o, key, v)) {
        cJSON_Delete(v);
        *ok = 0;
    }
}

static void add_num(cJSON *o, const char *key, double x, int *ok)
{
    cJSON *v = make_number(x);
    if (v == NULL || !cJSON_AddItemToObject(o, key, v)) {
        cJSON_Delete(v);
        *ok = 0;
    }
}

static void add_bool(cJSON *o, const char *key, int b, int *ok)
{
    if (cJSON_AddBoolToObject(o, key, b != 0) == NULL)
        *ok = 0;
}

static cJSON *add_obj(cJSON *o, const char *key, int *ok)
{
    cJSON *v = cJSON_AddObjectToObject(o, key);
    if (v == NULL)
        *ok = 0;
    return v;
}

static cJSON *add_arr(cJSON *o, const char *key, int *ok)
{
    cJSON *v = cJSON_AddArrayToObject(o, key);
    if (v == NULL)
        *ok = 0;
    return v;
}

static cJSON *push_obj(cJSON *arr, int *ok)
{
    cJSON *v = cJSON_CreateObject();
    if (v == NULL || !cJSON_AddItemToArray(arr, v)) {
        cJSON_Delete(v);
        *ok = 0;
        return NULL;
    }
    return v;
}

static void add_doubles(cJSON *o, const char *key, const double *x, long n, int *ok)
{
    cJSON *a;
    long i;
    if (x == NULL) {
        cJSON *v = cJSON_CreateNull();
        if (v == NULL || !cJSON_AddItemToObject(o, key, v)) {
            cJSON_Delete(v);
            *ok = 0;
        }
        return;
    }
    a = add_arr(o, key, ok);
    if (a == NULL)
        return;
    for (i = 0; i < n; i++) {
        cJSON *v = make_number(x[i]);
        if (v == NULL || !cJSON_AddItemToArray(a, v)) {
            cJSON_Delete(v);
            *ok = 0;
            return;
        }
    }
}

static void add_strings(cJSON *o, const char *key, char *const *s, long n, int *ok)
{
    cJSON *a = add_arr(o, key, ok);
    long i;
    if (a == NULL)
        return;
    for (i = 0; i < n; i++) {
        cJSON *v = (s != NULL && s[i] != NULL) ? cJSON_CreateString(s[i]) : cJSON_CreateString("");
        if (v == NULL || !cJSON_AddItemToArray(a, v)) {
            cJSON_Delete(v);
            *ok = 0;
            return;
        }
    }
}

static void add_claim(cJSON *arr, const dmv_outcome *o, int *ok)
{
    const dmv_result *res = &o->result;
    const dmv_claim *c = o->claim;
    cJSON *j = push_obj(arr, ok), *a;
    long i, k;
    if (j == NULL)
        return;
    add_str(j, "id", dmv_report_claim_id(o), ok);
    add_str(j, "paper", dmv_claim_citation(c), ok); /* the keys of before the dmv_paper record */
    add_str(j, "arxiv", dmv_claim_arxiv(c), ok);
    add_str(j, "statement", c ? c->statement : NULL, ok);
    add_str(j, "method", c ? c->method : NULL, ok);
    add_str(j, "verdict", dmv_report_verdict_str(o->final_verdict), ok);
    add_str(j, "verdict_before_holm", dmv_report_verdict_str(res->verdict), ok);
    add_str(j, "outcome", dmv_outcome_name(o), ok);
    add_str(j, "expect", (c != NULL && c->expect == DMV_EXPECT_FAIL) ? "fail" : "pass", ok);
    add_str(j, "expect_reason", (c != NULL && c->expect == DMV_EXPECT_FAIL) ? c->expect_reason : NULL, ok);
    add_str(j, "expect_evidence", (c != NULL && c->expect == DMV_EXPECT_FAIL) ? c->expect_evidence : NULL, ok);
    add_bool(j, "underpowered", o->underpowered, ok);
    add_str(j, "summary", res->summary, ok);
    add_str(j, "budget_note", res->budget_note, ok);
    add_str(j, "error", o->error, ok);
    add_str(j, "evidence_error", res->error, ok);
    add_num(j, "seconds", res->seconds, ok);

    a = add_arr(j, "numbers", ok);
    for (i = 0; a != NULL && i < res->nnumbers; i++) {
        const dmv_ev_number *n = &res->numbers[i];
        cJSON *v = push_obj(a, ok);
        if (v == NULL)
            break;
        add_str(v, "name", n->name, ok);
        if (n->mid != NULL) {
            add_str(v, "mid", n->mid, ok);
            add_str(v, "rad", n->rad != NULL ? n->rad : "0", ok);
            add_num(v, "value", n->value, ok);
        } else {
            add_num(v, "value", n->value, ok);
            add_num(v, "uncertainty", n->uncertainty, ok);
        }
        add_str(v, "unit", n->unit, ok);
    }

    a = add_arr(j, "margins", ok);
    for (i = 0; a != NULL && i < res->nmargins; i++) {
        const dmv_ev_margin *m = &res->margins[i];
        cJSON *v = push_obj(a, ok);
        double mg = dmv_margin_value(m);
        if (v == NULL)
            break;
        add_str(v, "name", m->name, ok);
        add_num(v, "value", m->value, ok);
        add_num(v, "threshold", m->threshold, ok);
        add_str(v, "sense", m->sense == DMV_MARGIN_MIN ? "min" : "max", ok);
        add_num(v, "margin", mg, ok);
        add_bool(v, "holds", mg >= 0, ok);
        add_str(v, "unit", m->unit, ok);
    }

    a = add_arr(j, "tables", ok);
    for (i = 0; a != NULL && i < res->ntables; i++) {
        const dmv_ev_table *t = &res->tables[i];
        cJSON *v = push_obj(a, ok), *rows;
        if (v == NULL)
            break;
        add_str(v, "name", t->name, ok);
        add_strings(v, "header", t->header, t->ncols, ok);
        if (t->row_flags == NULL)
            add_str(v, "flagged_rows", NULL, ok);
        else {
            cJSON *fl = add_arr(v, "flagged_rows", ok);
            for (k = 0; fl != NULL && k < t->nrows; k++) {
                cJSON *x;
                if (!t->row_flags[k])
                    continue;
                x = make_number((double) k);
                if (x == NULL || !cJSON_AddItemToArray(fl, x)) {
                    cJSON_Delete(x);
                    *ok = 0;
                    break;
                }
            }
        }
        rows = add_arr(v, "rows", ok);
        for (k = 0; rows != NULL && k < t->nrows; k++) {
            cJSON *row = cJSON_CreateArray();
            long m;
            if (row == NULL || !cJSON_AddItemToArray(rows, row)) {
                cJSON_Delete(row);
                *ok = 0;
                break;
            }
            for (m = 0; m < t->ncols; m++) {
                const char *cell = t->cells ? t->cells[k * t->ncols + m] : NULL;
                cJSON *s = cJSON_CreateString(cell ? cell : "");
                if (s == NULL || !cJSON_AddItemToArray(row, s)) {
                    cJSON_Delete(s);
                    *ok = 0;
                    break;
                }
            }
        }
    }

    a = add_arr(j, "plots", ok);
    for (i = 0; a != NULL && i < res->nplots; i++) {
        const dmv_ev_plot *p = &res->plots[i];
        cJSON *v = push_obj(a, ok), *ss;
        if (v == NULL)
            break;
        add_str(v, "name", p->name, ok);
        add_str(v, "xlabel", p->xlabel, ok);
        add_str(v, "ylabel", p->ylabel, ok);
        add_bool(v, "xlog", p->xlog, ok);
        add_bool(v, "ylog", p->ylog, ok);
        ss = add_arr(v, "series", ok);
        for (k = 0; ss != NULL && k < p->nseries; k++) {
            const dmv_ev_series *s = &p->series[k];
            cJSON *sv = push_obj(ss, ok);
            if (sv == NULL)
                break;
            add_str(sv, "label", s->label, ok);
            add_doubles(sv, "x", s->x, s->n, ok);
            add_doubles(sv, "y", s->y, s->n, ok);
            add_doubles(sv, "ylo", s->ylo, s->n, ok);
            add_doubles(sv, "yhi", s->yhi, s->n, ok);
            add_str(sv, "style", s->style == DMV_SERIES_POINTS ? "points" : "line", ok);
        }
    }

    a = add_arr(j, "tests", ok);
    for (i = 0; a != NULL && i < res->ntests; i++) {
        const dmv_test *t = &res->tests[i];
        cJSON *v = push_obj(a, ok);
        if (v == NULL)
            break;
        add_str(v, "name", t->name, ok);
        add_num(v, "statistic", t->statistic, ok);
        add_num(v, "p_value", t->p_value, ok);
        add_num(v, "threshold", t->adjusted_level, ok);
        add_bool(v, "rejected", t->rejected, ok);
        add_num(v, "lo", t->lo, ok);
        add_num(v, "hi", t->hi, ok);
        add_num(v, "min_effect", t->min_effect, ok);
        add_num(v, "required_effect", t->required_effect, ok);
        if (isfinite(t->required_effect))
            add_bool(v, "has_power", !isnan(t->min_effect) && t->min_effect <= t->required_effect, ok);
        else
            add_str(v, "has_power", NULL, ok);
        add_str(v, "effect_unit", t->effect_unit, ok);
    }
    add_str(j, "sample_hash", res->sample_hash, ok);
    add_bool(j, "bit_exact", res->bit_exact, ok);
}

static void add_env(cJSON *root, const dmv_report_env *e, int *ok)
{
    cJSON *j = add_obj(root, "env", ok), *lib;
    if (j == NULL)
        return;
    add_str(j, "version", e->version, ok);
    add_str(j, "commit", e->commit, ok);
    add_str(j, "compiler", e->compiler, ok);
    add_str(j, "flags", e->flags, ok);
    add_str(j, "build_type", e->build_type, ok);
    lib = add_obj(j, "libraries", ok);
    if (lib != NULL) {
        add_str(lib, "arb", e->arb, ok);
        add_str(lib, "flint", e->flint, ok);
        add_str(lib, "mpfr", e->mpfr, ok);
        add_str(lib, "gmp", e->gmp, ok);
        add_str(lib, "openblas", e->openblas, ok);
        add_str(lib, "cjson", e->cjson, ok);
    }
    add_str(j, "cpu", e->cpu, ok);
    add_num(j, "ncpu", (double) e->ncpu, ok);
    add_str(j, "hostname", e->hostname, ok);
    add_str(j, "date_utc", e->date_utc, ok);
}

int dmv_report_render_json(char **out, const dmv_run_result *r, const dmv_report_env *env, dmv_error *err)
{
    dmv_report_env local;
    dmv_report_counts c;
    cJSON *root, *j, *claims, *d;
    char seed[32];
    int ok = 1;
    long i;
    *out = NULL;
    if (r == NULL || (r->n > 0 && r->outcomes == NULL))
        return dmv_error_set(err, DMV_EINVAL, "render json: run result is NULL or has no outcomes array");
    if (env == NULL) {
        dmv_report_env_fill(&local);
        env = &local;
    }
    dmv_report_count(&c, r);
    root = cJSON_CreateObject();
    if (root == NULL)
        return dmv_error_set(err, DMV_ENOMEM, "render json: out of memory");
    add_str(root, "schema", DMV_REPORT_SCHEMA, &ok);
    add_num(root, "schema_version", DMV_REPORT_SCHEMA_VERSION, &ok);
    j = add_obj(root, "run", &ok);
    if (j != NULL) {
        snprintf(seed, sizeof seed, "%" PRIu64, r->run.seed);
        add_str(j, "seed", seed, &ok);
        add_num(j, "alpha", r->run.alpha, &ok);
        add_num(j, "claim_alpha", r->run.claim_alpha, &ok);
        add_num(j, "claims_in_registry", (double) dmv_claim_count(), &ok);
        add_num(j, "threads", r->run.threads, &ok);
        add_bool(j, "quick", r->run.quick, &ok);
        add_num(j, "law_samples", (double) r->run.law_samples, &ok);
        add_num(j, "claims_selected", (double) r->n, &ok);
        add_num(j, "seconds", r->seconds, &ok);
        add_num(j, "status", dmv_report_status(&c), &ok);
        d = add_arr(j, "data", &ok);
        for (i = 0; d != NULL && i < r->run.ndata && r->run.data != NULL; i++) {
            const dmv_data_file *f = &r->run.data[i];
            cJSON *v = push_obj(d, &ok);
            if (v == NULL)
                break;
            add_str(v, "name", f->name, &ok);
            add_str(v, "path", f->path, &ok);
            add_str(v, "sha256", f->sha256, &ok);
        }
    }
    add_env(root, env, &ok);
    j = add_obj(root, "summary", &ok);
    if (j != NULL) {
        add_num(j, "claims", (double) c.claims, &ok);
        add_num(j, "pass", (double) c.pass, &ok);
        add_num(j, "fail", (double) c.fail, &ok);
        add_num(j, "inconclusive", (double) c.inconclusive, &ok);
        add_num(j, "tests", (double) c.tests, &ok);
        add_num(j, "rejected", (double) c.rejected, &ok);
        add_num(j, "expected_fail", (double) c.expected_fail, &ok);
        add_num(j, "unexpected_pass", (double) c.unexpected_pass, &ok);
        add_num(j, "underpowered", (double) c.underpowered, &ok);
    }
    claims = add_arr(root, "claims", &ok);
    for (i = 0; claims != NULL && i < r->n; i++)
        add_claim(claims, &r->outcomes[i], &ok);
    if (ok) {
        char *s = cJSON_Print(root);
        if (s != NULL) {
            /* cJSON allocates with malloc (no hooks installed): hand it over with a newline. */
            size_t n = strlen(s);
            char *t = realloc(s, n + 2);
            if (t != NULL) {
                t[n] = '\n';
                t[n + 1] = '\0';
                *out = t;
            } else
                free(s);
        }
    }
    cJSON_Delete(root);
    if (*out == NULL)
        return dmv_error_set(err, DMV_ENOMEM, "render json: out of memory");
    return DMV_OK;
}
