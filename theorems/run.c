/* The run: check the selected claims in registry order and decide each one on its own:
 * Holm within the claim at the claim's fixed share of alpha (alpha / registry size), so a
 * verdict does not depend on the selection and the run's family-wise level still holds
 * (union bound over claims, docs/statistics.md); no pass without power; a builder error is
 * never a pass; expected failures (documented findings) compared with their expectation. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "dmv/claim.h"
#include "dmv/stats.h"
#include "dmv/str.h"

void dmv_run_default(dmv_run *run)
{
    memset(run, 0, sizeof *run);
    run->seed = 1;
    run->threads = 1;
    run->alpha = 1e-3;
}

static double now_seconds(void)
{
    struct timespec ts;
    timespec_get(&ts, TIME_UTC);
    return (double) ts.tv_sec + 1e-9 * (double) ts.tv_nsec;
}

long dmv_run_sample_budget(const dmv_run *run)
{
    if (run == NULL)
        return 0;
    if (run->law_samples > 0)
        return run->law_samples;
    return run->quick ? 10000L : 100000L;
}

double dmv_run_test_level(const dmv_run *run, long ntests)
{
    if (run == NULL || !(run->claim_alpha > 0 && run->claim_alpha < 1) || ntests < 1)
        return NAN;
    return run->claim_alpha / (double) ntests;
}

/* Appends text to the budget note ("; " between parts). */
static void append_note(dmv_result *r, const char *text)
{
    if (r->budget_note == NULL || r->budget_note[0] == '\0')
        dmv_result_set_budget_note(r, "%s", text);
    else {
        char *old = r->budget_note;
        r->budget_note = NULL;
        if (dmv_result_set_budget_note(r, "%s; %s", old, text) != DMV_OK)
            r->budget_note = old;
        else
            free(old);
    }
}

/* Holm within the claim at level alpha (docs/statistics.md). DMV_EINVAL for a NaN or out-of-range p-value. */
static int holm_within(dmv_result *res, double alpha, dmv_error *err)
{
    long j, n = res->ntests;
    double *p, *thr;
    int *rej, status;
    if (n == 0)
        return DMV_OK;
    p = malloc((size_t) n * sizeof *p);
    thr = malloc((size_t) n * sizeof *thr);
    rej = malloc((size_t) n * sizeof *rej);
    if (p == NULL || thr == NULL || rej == NULL) {
        status = dmv_error_set(err, DMV_ENOMEM, "Holm correction over %ld tests: out of memory", n);
        goto done;
    }
    for (j = 0; j < n; j++)
        p[j] = res->tests[j].p_value;
    status = dmv_stat_holm(rej, thr, p, n, alpha, err);
    if (status != DMV_OK)
        goto done;
    for (j = 0; j < n; j++) {
        res->tests[j].rejected = rej[j];
        res->tests[j].adjusted_level = thr[j];
    }
done:
    free(p);
    free(thr);
    free(rej);
    return status;
}

int dmv_outcome_decide(dmv_outcome *o, const dmv_run *run, dmv_error *err)
{
    dmv_result *res = &o->result;
    const char *berr;
    long j, worst = -1;
    int any_rejected = 0, status;
    double worst_ratio = 0.0;
    dmv_error herr;

    if (!(run->claim_alpha > 0 && run->claim_alpha < 1))
        return dmv_error_set(err, DMV_EINVAL, "claim_alpha = %g: the claim's level must be in (0, 1)",
                             run->claim_alpha);
    o->underpowered = 0;
    o->expectation = DMV_EXPECTATION_NONE;
    dmv_error_init(&herr);
    status = holm_within(res, run->claim_alpha, &herr);
    if (status == DMV_ENOMEM)
        return dmv_error_set(err, status, "%s", herr.msg);
    if (status != DMV_OK) /* a NaN p-value: the claim's evidence is broken, not the run */
        dmv_result_fail(res, status, "Holm within the claim: %s", herr.msg);
    for (j = 0; j < res->ntests; j++)
        any_rejected |= res->tests[j].rejected != 0;
    o->final_verdict = any_rejected ? DMV_VERDICT_FAIL : res->verdict;

    /* no pass without power: every test with a required effect must be able to detect it */
    for (j = 0; j < res->ntests; j++) {
        const dmv_test *t = &res->tests[j];
        double ratio;
        if (!isfinite(t->required_effect))
            continue;
        ratio = isnan(t->min_effect) ? INFINITY : t->min_effect / t->required_effect;
        if (ratio > 1.0 && (worst < 0 || ratio > worst_ratio)) {
            worst = j;
            worst_ratio = ratio;
        }
    }
    if (worst >= 0) {
        const dmv_test *t = &res->tests[worst];
        char note[1024];
        long n = dmv_run_sample_budget(run);
        if (isfinite(worst_ratio) && n > 0) {
            double need = ceil(worst_ratio * worst_ratio * (double) n);
            snprintf(note, sizeof note,
                     "no power: test '%s' detects %.3g %s, the claim requires %.3g; detectable effects shrink like "
                     "1/sqrt(n): needs about %.0f samples (--samples %.0f) instead of %ld",
                     t->name ? t->name : "", t->min_effect, t->effect_unit ? t->effect_unit : "", t->required_effect,
                     need, need, n);
        } else
            snprintf(note, sizeof note,
                     "no power: test '%s' has no detectable effect at this budget (the claim requires %.3g %s); "
                     "increase the sample budget (--samples)",
                     t->name ? t->name : "", t->required_effect, t->effect_unit ? t->effect_unit : "");
        /* A rejection is evidence whatever the power; only a pass needs power. */
        if (o->final_verdict == DMV_VERDICT_PASS) {
            o->final_verdict = DMV_VERDICT_INCONCLUSIVE;
            o->underpowered = 1;
        }
        if (o->final_verdict != DMV_VERDICT_FAIL) /* the note says what would resolve it */
            append_note(res, note);
    }

    /* nothing passes by accident: a builder that failed leaves the claim inconclusive */
    berr = dmv_result_error(res);
    if (berr != NULL) {
        if (res->error == NULL)
            res->error = dmv_strdup(berr);
        o->final_verdict = DMV_VERDICT_INCONCLUSIVE;
        if (o->error == NULL) {
            size_t len = strlen(berr) + 64;
            o->error = malloc(len);
            if (o->error != NULL)
                snprintf(o->error, len, "evidence incomplete: %s", berr);
        }
    }
    if (o->error != NULL)
        o->final_verdict = DMV_VERDICT_INCONCLUSIVE;

    if (o->claim != NULL && o->claim->expect == DMV_EXPECT_FAIL)
        o->expectation = o->final_verdict == DMV_VERDICT_FAIL   ? DMV_EXPECTATION_MET
                         : o->final_verdict == DMV_VERDICT_PASS ? DMV_EXPECTATION_UNEXPECTED_PASS
                                                                : DMV_EXPECTATION_UNRESOLVED;
    return DMV_OK;
}

int dmv_outcome_is_failure(const dmv_outcome *o)
{
    if (o->expectation == DMV_EXPECTATION_UNEXPECTED_PASS)
        return 1;
    return o->final_verdict == DMV_VERDICT_FAIL && o->expectation != DMV_EXPECTATION_MET;
}

const char *dmv_outcome_name(const dmv_outcome *o)
{
    if (o->expectation == DMV_EXPECTATION_MET)
        return "expected fail";
    if (o->expectation == DMV_EXPECTATION_UNEXPECTED_PASS)
        return "unexpected pass";
    return dmv_verdict_name(o->final_verdict);
}

int dmv_run_claims(dmv_run_result *out, const dmv_run *run, const char *const *patterns, long n_patterns,
                   dmv_error *err)
{
    long i, j, nsel = 0, total = dmv_claim_count();
    char *selected;
    double t_start = now_seconds();

    memset(out, 0, sizeof *out);
    out->run = *run;
    if (!(run->alpha > 0 && run->alpha < 1))
        return dmv_error_set(err, DMV_EINVAL, "alpha = %g: the family-wise level must be in (0, 1)", run->alpha);
    selected = calloc((size_t) total + 1, 1);
    if (selected == NULL)
        return dmv_error_set(err, DMV_ENOMEM, "claim selection: out of memory");
    for (j = 0; j < n_patterns; j++) {
        int hit = 0;
        for (i = 0; i < total; i++)
            if (dmv_claim_match(patterns[j], dmv_claim_get(i)->id)) {
                selected[i] = 1;
                hit = 1;
            }
        if (!hit) {
            free(selected);
            return dmv_error_set(err, DMV_EINVAL, "--claims '%s': no claim matches (see 'dmverify list')",
                                 patterns[j]);
        }
    }
    if (n_patterns == 0)
        for (i = 0; i < total; i++) {
            int suite = dmv_claim_get(i)->in_default;
            selected[i] = (char) (suite == DMV_SUITE_DEFAULT || (suite == DMV_SUITE_FULL_ONLY && !run->quick));
        }
    for (i = 0; i < total; i++)
        nsel += selected[i];
    out->run.nclaims = nsel;
    out->run.claim_alpha = run->alpha / (double) total;
    out->outcomes = calloc((size_t) nsel + 1, sizeof *out->outcomes);
    if (out->outcomes == NULL) {
        free(selected);
        return dmv_error_set(err, DMV_ENOMEM, "run of %ld claims: out of memory", nsel);
    }
    for (i = 0; i < total; i++) {
        const dmv_claim *c = dmv_claim_get(i);
        dmv_outcome *o;
        dmv_error cerr;
        double t0;
        int status;
        if (!selected[i])
            continue;
        o = &out->outcomes[out->n++];
        o->claim = c;
        dmv_result_init(&o->result);
        dmv_error_init(&cerr);
        if (run->progress)
            run->progress(run->progress_ctx, c->id, 0.0, "start");
        t0 = now_seconds();
        status = c->check(c, &out->run, &o->result, &cerr);
        o->result.seconds = now_seconds() - t0;
        if (status != DMV_OK) {
            /* A check that could not be carried out resolves nothing: inconclusive, with the reason. */
            o->error = dmv_strdup(cerr.code != DMV_OK ? cerr.msg : dmv_error_name(status));
            o->result.verdict = DMV_VERDICT_INCONCLUSIVE;
            if (o->result.summary == NULL)
                dmv_result_set_summary(&o->result, "not checked: %s", o->error ? o->error : "error");
        }
        status = dmv_outcome_decide(o, &out->run, err);
        if (status != DMV_OK) {
            free(selected);
            out->seconds = now_seconds() - t_start;
            return status;
        }
        out->ntests_total += o->result.ntests;
        for (j = 0; j < o->result.ntests; j++)
            out->nrejected += o->result.tests[j].rejected != 0;
        if (run->progress)
            run->progress(run->progress_ctx, c->id, 1.0, dmv_verdict_name(o->final_verdict));
    }
    free(selected);
    out->seconds = now_seconds() - t_start;
    return DMV_OK;
}

void dmv_run_result_clear(dmv_run_result *r)
{
    long i;
    for (i = 0; i < r->n; i++) {
        dmv_result_clear(&r->outcomes[i].result);
        free(r->outcomes[i].error);
    }
    free(r->outcomes);
    memset(r, 0, sizeof *r);
}

int dmv_run_result_status(const dmv_run_result *r)
{
    long i;
    int inconclusive = 0;
    for (i = 0; i < r->n; i++) {
        if (dmv_outcome_is_failure(&r->outcomes[i]))
            return 1;
        if (r->outcomes[i].final_verdict == DMV_VERDICT_INCONCLUSIVE)
            inconclusive = 1;
    }
    return inconclusive ? 3 : 0;
}
