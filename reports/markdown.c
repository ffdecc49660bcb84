/* report.md: a person's summary. The first screen names only what is
 * suspicious (failed and inconclusive claims, measured vs predicted), as
 * TestU01 does; the details follow. */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "dmv/report.h"
#include "rbuf.h"

/* A person's summary shows the first rows of a long table; the rest is in
 * report.json and report.html. Flagged rows (dmv_result_flag_rows: disagreeing
 * or near-boundary cells) come first and are never cut; the cut says how many
 * rows were left out. */
#define DMV_MD_MAX_ROWS 30L

static const char *upper_verdict(dmv_verdict v)
{
    return v == DMV_VERDICT_PASS ? "PASS" : v == DMV_VERDICT_FAIL ? "FAIL" : "INCONCLUSIVE";
}

static const char *upper_outcome(const dmv_outcome *o)
{
    if (o->expectation == DMV_EXPECTATION_MET)
        return "FAIL (EXPECTED)";
    if (o->expectation == DMV_EXPECTATION_UNEXPECTED_PASS)
        return "UNEXPECTED PASS";
    return upper_verdict(o->final_verdict);
}

static void table_row(dmv_rbuf *b, const dmv_ev_table *t, long k, int flagged)
{
    long m;
    dmv_rbuf_puts(b, "|");
    for (m = 0; m < t->ncols; m++) {
        dmv_rbuf_puts(b, m == 0 && flagged ? " ⚑ " : " ");
        dmv_rbuf_put_md(b, t->cells ? t->cells[k * t->ncols + m] : "");
        dmv_rbuf_puts(b, " |");
    }
    dmv_rbuf_puts(b, "\n");
}

static void md_table(dmv_rbuf *b, const dmv_ev_table *t)
{
    long k, m, nflag = 0, shown_other = 0, room;
    dmv_rbuf_puts(b, "**");
    dmv_rbuf_put_md(b, t->name ? t->name : "table");
    dmv_rbuf_puts(b, "**\n\n|");
    for (m = 0; m < t->ncols; m++) {
        dmv_rbuf_puts(b, " ");
        dmv_rbuf_put_md(b, t->header ? t->header[m] : "");
        dmv_rbuf_puts(b, " |");
    }
    dmv_rbuf_puts(b, "\n|");
    for (m = 0; m < t->ncols; m++)
        dmv_rbuf_puts(b, "---|");
    dmv_rbuf_puts(b, "\n");
    /* flagged rows first, all of them */
    for (k = 0; t->row_flags != NULL && k < t->nrows; k++)
        if (t->row_flags[k]) {
            table_row(b, t, k, 1);
            nflag++;
        }
    room = DMV_MD_MAX_ROWS - nflag;
    for (k = 0; k < t->nrows && shown_other < room; k++)
        if (t->row_flags == NULL || !t->row_flags[k]) {
            table_row(b, t, k, 0);
            shown_other++;
        }
    if (nflag > 0)
        dmv_rbuf_printf(b, "\n⚑ %ld flagged row%s (disagreeing or near a boundary) listed first.\n", nflag,
                        nflag == 1 ? "" : "s");
    if (nflag + shown_other < t->nrows)
        dmv_rbuf_printf(b, "\n%ld of %ld rows left out here (none of them flagged); all rows are in report.json and "
                           "report.html.\n",
                        t->nrows - nflag - shown_other, t->nrows);
    dmv_rbuf_puts(b, "\n");
}

/* prefix + escaped text + newline; nothing if text is NULL */
static void line(dmv_rbuf *b, const char *prefix, const char *text)
{
    if (text == NULL)
        return;
    dmv_rbuf_puts(b, prefix);
    dmv_rbuf_put_md(b, text);
    dmv_rbuf_puts(b, "\n");
}

static void md_number(dmv_rbuf *b, const dmv_ev_number *n)
{
    dmv_rbuf_puts(b, "| ");
    dmv_rbuf_put_md(b, n->name);
    dmv_rbuf_puts(b, " | ");
    if (n->mid != NULL) {
        dmv_rbuf_put_md(b, n->mid);
        dmv_rbuf_puts(b, " ± ");
        dmv_rbuf_put_md(b, n->rad ? n->rad : "0");
        dmv_rbuf_puts(b, " | certified ball");
    } else {
        dmv_rbuf_put_num(b, n->value);
        if (n->uncertainty > 0) {
            dmv_rbuf_puts(b, " ± ");
            dmv_rbuf_put_num(b, n->uncertainty);
            dmv_rbuf_puts(b, " | estimate ± uncertainty");
        } else
            dmv_rbuf_puts(b, " | value");
    }
    dmv_rbuf_puts(b, " | ");
    dmv_rbuf_put_md(b, n->unit);
    dmv_rbuf_puts(b, " |\n");
}

static void md_claim(dmv_rbuf *b, const dmv_outcome *o)
{
    const dmv_result *res = &o->result;
    const dmv_claim *c = o->claim;
    long i;
    dmv_rbuf_puts(b, "### ");
    dmv_rbuf_put_md(b, dmv_report_claim_id(o));
    dmv_rbuf_printf(b, " — %s\n\n", upper_outcome(o));
    line(b, "> ", c ? c->statement : NULL);
    if (c != NULL && c->statement != NULL)
        dmv_rbuf_puts(b, "\n");
    if (dmv_claim_citation(c) != NULL) {
        dmv_rbuf_puts(b, "- Source: ");
        dmv_rbuf_put_md(b, dmv_claim_citation(c));
        if (dmv_claim_arxiv(c) != NULL)
            dmv_rbuf_printf(b, " ([arXiv:%s](https://arxiv.org/abs/%s))", dmv_claim_arxiv(c), dmv_claim_arxiv(c));
        dmv_rbuf_puts(b, "\n");
    }
    line(b, "- Method: ", c ? c->method : NULL);
    line(b, "- Result: ", res->summary);
    if (c != NULL && c->expect == DMV_EXPECT_FAIL) {
        dmv_rbuf_puts(b, "- Expected to fail (a documented finding): ");
        dmv_rbuf_put_md(b, c->expect_reason);
        if (c->expect_evidence != NULL) {
            dmv_rbuf_puts(b, "; evidence: ");
            dmv_rbuf_put_md(b, c->expect_evidence);
        }
        dmv_rbuf_puts(b, "\n- Outcome: ");
        dmv_report_outcome_text(b, o, dmv_rbuf_put_md);
        dmv_rbuf_puts(b, "\n");
    }
    if (res->verdict != o->final_verdict)
        dmv_rbuf_printf(b, "- The check's own verdict: %s (then Holm within the claim, the power and error rules)\n",
                        dmv_report_verdict_str(res->verdict));
    line(b, "- Budget: ", res->budget_note);
    line(b, "- Error: ", o->error);
    if (res->sample_hash != NULL) {
        dmv_rbuf_puts(b, "- Sample hash: ");
        dmv_rbuf_put_md(b, res->sample_hash);
        dmv_rbuf_printf(b, " (%s)\n", res->bit_exact ? "bit-exact" : "ulp-bounded, may differ across machines");
    }
    dmv_rbuf_printf(b, "- Time: %.3g s\n\n", res->seconds);
    if (res->nnumbers > 0) {
        dmv_rbuf_puts(b, "| quantity | value | kind | unit |\n|---|---|---|---|\n");
        for (i = 0; i < res->nnumbers; i++)
            md_number(b, &res->numbers[i]);
        dmv_rbuf_puts(b, "\n");
    }
    if (res->nmargins > 0) {
        dmv_rbuf_puts(b, "| compared | value | flips at | margin | holds |\n|---|---|---|---|---|\n");
        for (i = 0; i < res->nmargins; i++) {
            const dmv_ev_margin *m = &res->margins[i];
            double mg = dmv_margin_value(m);
            dmv_rbuf_puts(b, "| ");
            dmv_rbuf_put_md(b, m->name);
            dmv_rbuf_puts(b, " | ");
            dmv_rbuf_put_num(b, m->value);
            dmv_rbuf_puts(b, m->sense == DMV_MARGIN_MIN ? " | ≥ " : " | ≤ ");
            dmv_rbuf_put_num(b, m->threshold);
            dmv_rbuf_puts(b, " | ");
            dmv_rbuf_put_num(b, mg);
            if (m->unit != NULL) {
                dmv_rbuf_puts(b, " ");
                dmv_rbuf_put_md(b, m->unit);
            }
            dmv_rbuf_puts(b, mg >= 0 ? " | yes |\n" : " | **no** |\n");
        }
        dmv_rbuf_puts(b, "\n");
    }
    if (res->ntests > 0) {
        dmv_rbuf_puts(b, "| test | statistic | acceptance interval | p-value | Holm level | rejected | "
                         "min. detectable effect | required effect |\n|---|---|---|---|---|---|---|---|\n");
        for (i = 0; i < res->ntests; i++) {
            const dmv_test *t = &res->tests[i];
            dmv_rbuf_puts(b, "| ");
            dmv_rbuf_put_md(b, t->name);
            dmv_rbuf_puts(b, " | ");
            dmv_rbuf_put_num(b, t->statistic);
            dmv_rbuf_puts(b, " | [");
            dmv_rbuf_put_num(b, t->lo);
            dmv_rbuf_puts(b, ", ");
            dmv_rbuf_put_num(b, t->hi);
            dmv_rbuf_puts(b, "] | ");
            dmv_rbuf_put_num(b, t->p_value);
            dmv_rbuf_puts(b, " | ");
            dmv_rbuf_put_num(b, t->adjusted_level);
            dmv_rbuf_puts(b, t->rejected ? " | **yes** | " : " | no | ");
            if (isnan(t->min_effect))
                dmv_rbuf_puts(b, "n/a");
            else {
                dmv_rbuf_put_num(b, t->min_effect);
                if (t->effect_unit != NULL) {
                    dmv_rbuf_puts(b, " ");
                    dmv_rbuf_put_md(b, t->effect_unit);
                }
            }
            dmv_rbuf_puts(b, " | ");
            if (!isfinite(t->required_effect))
                dmv_rbuf_puts(b, "none set");
            else {
                dmv_rbuf_put_num(b, t->required_effect);
                dmv_rbuf_puts(b, (!isnan(t->min_effect) && t->min_effect <= t->required_effect) ? " (power: yes)"
                                                                                                : " (**power: no**)");
            }
            dmv_rbuf_puts(b, " |\n");
        }
        dmv_rbuf_puts(b, "\n");
    }
    for (i = 0; i < res->ntables; i++)
        if (res->tables[i].ncols > 0)
            md_table(b, &res->tables[i]);
    for (i = 0; i < res->nplots; i++) {
        dmv_rbuf_puts(b, "- Plot: ");
        dmv_rbuf_put_md(b, res->plots[i].name ? res->plots[i].name : "plot");
        dmv_rbuf_printf(b, " (%ld series; drawn in report.html, data in report.json)\n", res->plots[i].nseries);
    }
    if (res->nplots > 0)
        dmv_rbuf_puts(b, "\n");
}

int dmv_report_render_markdown(char **out, const dmv_run_result *r, const dmv_report_env *env, dmv_error *err)
{
    dmv_report_env local;
    dmv_report_counts c;
    dmv_rbuf b;
    long i;
    int status;
    *out = NULL;
    if (r == NULL || (r->n > 0 && r->outcomes == NULL))
        return dmv_error_set(err, DMV_EINVAL, "render markdown: run result is NULL or has no outcomes array");
    if (env == NULL) {
        dmv_report_env_fill(&local);
        env = &local;
    }
    dmv_report_count(&c, r);
    status = dmv_report_status(&c);
    dmv_rbuf_init(&b);
    dmv_rbuf_printf(&b, "# dmverify report — %s\n\n", status == 0 ? "PASS" : status == 1 ? "FAIL" : "INCONCLUSIVE");
    dmv_rbuf_printf(&b,
                    "%ld claims: %ld pass, %ld fail, %ld inconclusive (%ld expected failure%s, %ld unexpected "
                    "pass%s). %ld hypothesis tests, %ld rejected: Holm within each claim at its share "
                    "alpha / %ld = %g of the family-wise level alpha = %g. Seed %" PRIu64 ", commit %s, %s.\n\n",
                    c.claims, c.pass - c.unexpected_pass, c.fail - c.expected_fail, c.inconclusive, c.expected_fail,
                    c.expected_fail == 1 ? "" : "s", c.unexpected_pass, c.unexpected_pass == 1 ? "" : "es", c.tests,
                    c.rejected, dmv_claim_count(), r->run.claim_alpha, r->run.alpha, r->run.seed, env->commit,
                    env->date_utc);

    /* first screen: only what is suspicious */
    dmv_rbuf_puts(&b, "## Suspicious\n\n");
    if (c.fail - c.expected_fail + c.inconclusive + c.unexpected_pass == 0)
        dmv_rbuf_puts(&b, c.expected_fail > 0 ? "Nothing: every claim passed or failed as expected.\n\n"
                                              : "Nothing: every claim passed.\n\n");
    else {
        dmv_rbuf_puts(&b, "| claim | verdict | measured vs predicted | note |\n|---|---|---|---|\n");
        for (i = 0; i < r->n; i++) {
            const dmv_outcome *o = &r->outcomes[i];
            if ((o->final_verdict == DMV_VERDICT_PASS && o->expectation != DMV_EXPECTATION_UNEXPECTED_PASS) ||
                o->expectation == DMV_EXPECTATION_MET)
                continue;
            dmv_rbuf_puts(&b, "| [");
            dmv_rbuf_put_md(&b, dmv_report_claim_id(o));
            dmv_rbuf_printf(&b, "](#claim-%ld) | **", i);
            dmv_report_outcome_text(&b, o, dmv_rbuf_put_md);
            dmv_rbuf_puts(&b, "** | ");
            dmv_rbuf_put_md(&b, o->result.summary);
            dmv_rbuf_puts(&b, " | ");
            dmv_rbuf_put_md(&b, o->error != NULL ? o->error : o->result.budget_note);
            dmv_rbuf_puts(&b, " |\n");
        }
        dmv_rbuf_puts(&b, "\n");
    }
    if (c.expected_fail > 0) {
        dmv_rbuf_puts(&b, "## Expected failures (documented findings)\n\n| claim | reason | evidence | measured |\n"
                          "|---|---|---|---|\n");
        for (i = 0; i < r->n; i++) {
            const dmv_outcome *o = &r->outcomes[i];
            if (o->expectation != DMV_EXPECTATION_MET)
                continue;
            dmv_rbuf_puts(&b, "| [");
            dmv_rbuf_put_md(&b, dmv_report_claim_id(o));
            dmv_rbuf_printf(&b, "](#claim-%ld) | ", i);
            dmv_rbuf_put_md(&b, o->claim ? o->claim->expect_reason : NULL);
            dmv_rbuf_puts(&b, " | ");
            dmv_rbuf_put_md(&b, o->claim ? o->claim->expect_evidence : NULL);
            dmv_rbuf_puts(&b, " | ");
            dmv_rbuf_put_md(&b, o->result.summary);
            dmv_rbuf_puts(&b, " |\n");
        }
        dmv_rbuf_puts(&b, "\n");
    }

    dmv_rbuf_puts(&b, "## Claims\n\n| claim | verdict | measured vs predicted |\n|---|---|---|\n");
    for (i = 0; i < r->n; i++) {
        const dmv_outcome *o = &r->outcomes[i];
        dmv_rbuf_puts(&b, "| ");
        dmv_rbuf_put_md(&b, dmv_report_claim_id(o));
        dmv_rbuf_puts(&b, " | ");
        dmv_report_outcome_text(&b, o, dmv_rbuf_put_md);
        dmv_rbuf_puts(&b, " | ");
        dmv_rbuf_put_md(&b, o->result.summary);
        dmv_rbuf_puts(&b, " |\n");
    }
    dmv_rbuf_puts(&b, "\n## Details\n\n");
    for (i = 0; i < r->n; i++) {
        dmv_rbuf_printf(&b, "<a id=\"claim-%ld\"></a>\n\n", i);
        md_claim(&b, &r->outcomes[i]);
    }

    dmv_rbuf_puts(&b, "## Run and environment\n\n| | |\n|---|---|\n");
    dmv_rbuf_printf(&b,
                    "| seed | %" PRIu64 " |\n| alpha (family-wise) | %g |\n| alpha per claim (Holm within it) | %g |\n"
                    "| threads | %d |\n| quick | %s |\n",
                    r->run.seed, r->run.alpha, r->run.claim_alpha, r->run.threads, r->run.quick ? "yes" : "no");
    for (i = 0; i < r->run.ndata && r->run.data != NULL; i++) {
        dmv_rbuf_puts(&b, "| data | ");
        dmv_rbuf_put_md(&b, r->run.data[i].name);
        dmv_rbuf_puts(&b, " (");
        dmv_rbuf_put_md(&b, r->run.data[i].path);
        dmv_rbuf_puts(&b, "), sha256 ");
        dmv_rbuf_put_md(&b, r->run.data[i].sha256);
        dmv_rbuf_puts(&b, " |\n");
    }
    dmv_rbuf_printf(&b, "| wall time | %.3g s |\n", r->seconds);
    dmv_rbuf_printf(&b, "| dmverify | %s (commit %s, %s build) |\n", env->version, env->commit, env->build_type);
    dmv_rbuf_puts(&b, "| compiler | ");
    dmv_rbuf_put_md(&b, env->compiler);
    dmv_rbuf_puts(&b, " |\n| flags | `");
    dmv_rbuf_put_md(&b, env->flags);
    dmv_rbuf_printf(&b, "` |\n| Arb / FLINT | %s / %s |\n| MPFR / GMP | %s / %s |\n", env->arb, env->flint,
                    env->mpfr, env->gmp);
    dmv_rbuf_puts(&b, "| OpenBLAS | ");
    dmv_rbuf_put_md(&b, env->openblas);
    dmv_rbuf_printf(&b, " |\n| cJSON | %s |\n| CPU | ", env->cjson);
    dmv_rbuf_put_md(&b, env->cpu);
    dmv_rbuf_printf(&b, " (%ld online) |\n| host | ", env->ncpu);
    dmv_rbuf_put_md(&b, env->hostname);
    dmv_rbuf_printf(&b, " |\n| date (UTC) | %s |\n", env->date_utc);
    return dmv_rbuf_finish(&b, out, err, "report.md");
}
