/* The run: check the selected claims in registry order, then control the
 * family-wise false-alarm rate across every hypothesis test of the run (Holm). */
#include <math.h>
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

/* Applies Holm across all tests of the run and sets the final verdicts. */
static int apply_holm(dmv_run_result *out, dmv_error *err)
{
    long i, j, k = 0, n = 0;
    double *p = NULL, *thr = NULL;
    int *rej = NULL, status = DMV_OK;

    for (i = 0; i < out->n; i++)
        n += out->outcomes[i].result.ntests;
    out->ntests_total = n;
    out->nrejected = 0;
    if (n > 0) {
        p = malloc((size_t) n * sizeof *p);
        thr = malloc((size_t) n * sizeof *thr);
        rej = malloc((size_t) n * sizeof *rej);
        if (p == NULL || thr == NULL || rej == NULL) {
            status = dmv_error_set(err, DMV_ENOMEM, "Holm correction over %ld tests: out of memory", n);
            goto done;
        }
        for (i = 0; i < out->n; i++)
            for (j = 0; j < out->outcomes[i].result.ntests; j++)
                p[k++] = out->outcomes[i].result.tests[j].p_value;
        status = dmv_stat_holm(rej, thr, p, n, out->run.alpha, err);
        if (status != DMV_OK)
            goto done;
    }
    k = 0;
    for (i = 0; i < out->n; i++) {
        dmv_outcome *o = &out->outcomes[i];
        int any_rejected = 0;
        for (j = 0; j < o->result.ntests; j++, k++) {
            o->result.tests[j].rejected = rej[k];
            o->result.tests[j].adjusted_level = thr[k];
            if (rej[k]) {
                any_rejected = 1;
                out->nrejected++;
            }
        }
        o->final_verdict = o->result.verdict;
        if (any_rejected)
            o->final_verdict = DMV_VERDICT_FAIL;
    }
done:
    free(p);
    free(thr);
    free(rej);
    return status;
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
        if (run->progress)
            run->progress(run->progress_ctx, c->id, 1.0, dmv_verdict_name(o->result.verdict));
    }
    free(selected);
    {
        int status = apply_holm(out, err);
        out->seconds = now_seconds() - t_start;
        return status;
    }
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
        if (r->outcomes[i].final_verdict == DMV_VERDICT_FAIL)
            return 1;
        if (r->outcomes[i].final_verdict == DMV_VERDICT_INCONCLUSIVE)
            inconclusive = 1;
    }
    return inconclusive ? 3 : 0;
}
