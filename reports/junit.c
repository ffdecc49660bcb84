/* junit.xml: one testcase per claim. A failed claim is a <failure> whose
 * message says measured vs predicted; an inconclusive claim is <skipped>
 * with its budget note (the run's exit status 3 still flags it); a check that
 * returned an error is an <error>. Expectations as pytest's junitxml writes
 * xfail: an expected failure that fails is <skipped type="xfail"> (not red),
 * an expected failure that passes is <failure type="unexpected pass"> (strict
 * xpass). */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dmv/report.h"
#include "rbuf.h"

/* JUnit's time attribute must be a number */
static double secs(double x) { return isfinite(x) && x >= 0 ? x : 0.0; }

static void prop(dmv_rbuf *b, const char *name, const char *value)
{
    dmv_rbuf_printf(b, "      <property name=\"%s\" value=\"", name);
    dmv_rbuf_put_xml(b, value);
    dmv_rbuf_puts(b, "\"/>\n");
}

/* "dmverify.pg" for "pg.pathwise.em": groups claims by paper in CI views. */
static void classname(dmv_rbuf *b, const char *id)
{
    const char *dot = strchr(id, '.');
    dmv_rbuf_puts(b, "dmverify.");
    if (dot != NULL && dot != id) {
        char tmp[128];
        size_t n = (size_t) (dot - id);
        if (n >= sizeof tmp)
            n = sizeof tmp - 1;
        memcpy(tmp, id, n);
        tmp[n] = '\0';
        dmv_rbuf_put_xml(b, tmp);
    } else
        dmv_rbuf_puts(b, "claims");
}

static void details(dmv_rbuf *b, const dmv_result *res)
{
    long i;
    for (i = 0; i < res->nnumbers; i++) {
        const dmv_ev_number *n = &res->numbers[i];
        dmv_rbuf_put_xml(b, n->name);
        dmv_rbuf_puts(b, " = ");
        if (n->mid != NULL) {
            dmv_rbuf_put_xml(b, n->mid);
            dmv_rbuf_puts(b, " +/- ");
            dmv_rbuf_put_xml(b, n->rad ? n->rad : "0");
        } else {
            dmv_rbuf_put_num(b, n->value);
            if (n->uncertainty > 0) {
                dmv_rbuf_puts(b, " +/- ");
                dmv_rbuf_put_num(b, n->uncertainty);
            }
        }
        if (n->unit) {
            dmv_rbuf_puts(b, " ");
            dmv_rbuf_put_xml(b, n->unit);
        }
        dmv_rbuf_puts(b, "\n");
    }
    for (i = 0; i < res->ntests; i++) {
        const dmv_test *t = &res->tests[i];
        dmv_rbuf_puts(b, t->rejected ? "REJECTED " : "");
        dmv_rbuf_puts(b, "test ");
        dmv_rbuf_put_xml(b, t->name);
        dmv_rbuf_puts(b, ": statistic ");
        dmv_rbuf_put_num(b, t->statistic);
        dmv_rbuf_puts(b, ", acceptance interval [");
        dmv_rbuf_put_num(b, t->lo);
        dmv_rbuf_puts(b, ", ");
        dmv_rbuf_put_num(b, t->hi);
        dmv_rbuf_puts(b, "], p = ");
        dmv_rbuf_put_num(b, t->p_value);
        dmv_rbuf_puts(b, ", Holm level ");
        dmv_rbuf_put_num(b, t->adjusted_level);
        dmv_rbuf_puts(b, ", detectable effect ");
        dmv_rbuf_put_num(b, t->min_effect);
        if (isfinite(t->required_effect)) {
            dmv_rbuf_puts(b, ", required ");
            dmv_rbuf_put_num(b, t->required_effect);
        }
        if (t->effect_unit != NULL) {
            dmv_rbuf_puts(b, " ");
            dmv_rbuf_put_xml(b, t->effect_unit);
        }
        dmv_rbuf_puts(b, "\n");
    }
    for (i = 0; i < res->nmargins; i++) {
        const dmv_ev_margin *m = &res->margins[i];
        dmv_rbuf_puts(b, "margin ");
        dmv_rbuf_put_xml(b, m->name);
        dmv_rbuf_puts(b, ": ");
        dmv_rbuf_put_num(b, m->value);
        dmv_rbuf_puts(b, m->sense == DMV_MARGIN_MIN ? " &gt;= " : " &lt;= ");
        dmv_rbuf_put_num(b, m->threshold);
        dmv_rbuf_puts(b, " (flips at the threshold), margin ");
        dmv_rbuf_put_num(b, dmv_margin_value(m));
        if (m->unit != NULL) {
            dmv_rbuf_puts(b, " ");
            dmv_rbuf_put_xml(b, m->unit);
        }
        dmv_rbuf_puts(b, dmv_margin_value(m) >= 0 ? "\n" : " (does not hold)\n");
    }
    if (res->sample_hash != NULL) {
        dmv_rbuf_puts(b, "sample hash ");
        dmv_rbuf_put_xml(b, res->sample_hash);
        dmv_rbuf_puts(b, res->bit_exact ? " (bit-exact)\n" : " (ulp-bounded)\n");
    }
}

int dmv_report_render_junit(char **out, const dmv_run_result *r, const dmv_report_env *env, dmv_error *err)
{
    dmv_report_env local;
    dmv_rbuf b;
    char buf[64];
    long i, nerr = 0, nfail = 0, nskip = 0;
    *out = NULL;
    if (r == NULL || (r->n > 0 && r->outcomes == NULL))
        return dmv_error_set(err, DMV_EINVAL, "render junit: run result is NULL or has no outcomes array");
    if (env == NULL) {
        dmv_report_env_fill(&local);
        env = &local;
    }
    for (i = 0; i < r->n; i++) {
        const dmv_outcome *o = &r->outcomes[i];
        if (o->error != NULL)
            nerr++;
        else if (dmv_outcome_is_failure(o))
            nfail++;
        else if (o->final_verdict != DMV_VERDICT_PASS)
            nskip++;
    }
    dmv_rbuf_init(&b);
    dmv_rbuf_puts(&b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    dmv_rbuf_printf(&b, "<testsuites name=\"dmverify\" tests=\"%ld\" failures=\"%ld\" errors=\"%ld\" time=\"%.3f\">\n",
                    r->n, nfail, nerr, secs(r->seconds));
    dmv_rbuf_printf(&b,
                    "  <testsuite name=\"dmverify\" tests=\"%ld\" failures=\"%ld\" errors=\"%ld\" skipped=\"%ld\" "
                    "time=\"%.3f\" timestamp=\"",
                    r->n, nfail, nerr, nskip, secs(r->seconds));
    /* JUnit's timestamp has no zone suffix */
    snprintf(buf, sizeof buf, "%s", env->date_utc);
    if (strlen(buf) > 0 && buf[strlen(buf) - 1] == 'Z')
        buf[strlen(buf) - 1] = '\0';
    dmv_rbuf_put_xml(&b, buf);
    dmv_rbuf_puts(&b, "\" hostname=\"");
    dmv_rbuf_put_xml(&b, env->hostname);
    dmv_rbuf_puts(&b, "\">\n    <properties>\n");
    snprintf(buf, sizeof buf, "%" PRIu64, r->run.seed);
    prop(&b, "seed", buf);
    snprintf(buf, sizeof buf, "%g", r->run.alpha);
    prop(&b, "alpha", buf);
    snprintf(buf, sizeof buf, "%d", r->run.threads);
    prop(&b, "threads", buf);
    prop(&b, "quick", r->run.quick ? "true" : "false");
    snprintf(buf, sizeof buf, "%g", r->run.claim_alpha);
    prop(&b, "claim_alpha", buf);
    for (i = 0; i < r->run.ndata && r->run.data != NULL; i++) {
        char key[64];
        snprintf(key, sizeof key, "data.%ld", i);
        dmv_rbuf_printf(&b, "      <property name=\"%s\" value=\"", key);
        dmv_rbuf_put_xml(&b, r->run.data[i].name);
        dmv_rbuf_puts(&b, " sha256 ");
        dmv_rbuf_put_xml(&b, r->run.data[i].sha256);
        dmv_rbuf_puts(&b, "\"/>\n");
    }
    prop(&b, "version", env->version);
    prop(&b, "commit", env->commit);
    prop(&b, "compiler", env->compiler);
    prop(&b, "flags", env->flags);
    prop(&b, "arb", env->arb);
    prop(&b, "flint", env->flint);
    prop(&b, "mpfr", env->mpfr);
    prop(&b, "gmp", env->gmp);
    prop(&b, "openblas", env->openblas);
    prop(&b, "cjson", env->cjson);
    prop(&b, "cpu", env->cpu);
    dmv_rbuf_puts(&b, "    </properties>\n");
    for (i = 0; i < r->n; i++) {
        const dmv_outcome *o = &r->outcomes[i];
        const dmv_result *res = &o->result;
        const char *id = dmv_report_claim_id(o);
        dmv_rbuf_puts(&b, "    <testcase classname=\"");
        classname(&b, id);
        dmv_rbuf_puts(&b, "\" name=\"");
        dmv_rbuf_put_xml(&b, id);
        dmv_rbuf_printf(&b, "\" time=\"%.3f\">\n", secs(res->seconds));
        if (o->error != NULL) {
            dmv_rbuf_puts(&b, "      <error type=\"error\" message=\"");
            dmv_rbuf_put_xml(&b, o->error);
            dmv_rbuf_puts(&b, "\">");
            dmv_rbuf_put_xml(&b, o->error);
            dmv_rbuf_puts(&b, "</error>\n");
        } else if (o->expectation == DMV_EXPECTATION_MET) {
            dmv_rbuf_puts(&b, "      <skipped type=\"xfail\" message=\"expected failure: ");
            dmv_rbuf_put_xml(&b, o->claim ? o->claim->expect_reason : NULL);
            dmv_rbuf_puts(&b, "\">fail (expected: ");
            dmv_rbuf_put_xml(&b, o->claim ? o->claim->expect_reason : NULL);
            dmv_rbuf_puts(&b, ")\nevidence: ");
            dmv_rbuf_put_xml(&b, o->claim ? o->claim->expect_evidence : NULL);
            dmv_rbuf_puts(&b, "\nmeasured vs predicted: ");
            dmv_rbuf_put_xml(&b, res->summary);
            dmv_rbuf_puts(&b, "\n</skipped>\n");
        } else if (o->expectation == DMV_EXPECTATION_UNEXPECTED_PASS) {
            dmv_rbuf_puts(&b, "      <failure type=\"unexpected pass\" message=\"unexpected pass (expected to fail: ");
            dmv_rbuf_put_xml(&b, o->claim ? o->claim->expect_reason : NULL);
            dmv_rbuf_puts(&b, ")\">a documented finding no longer shows: check the claim and its expectation\n"
                              "measured vs predicted: ");
            dmv_rbuf_put_xml(&b, res->summary);
            dmv_rbuf_puts(&b, "\n");
            details(&b, res);
            dmv_rbuf_puts(&b, "</failure>\n");
        } else if (o->final_verdict == DMV_VERDICT_FAIL) {
            dmv_rbuf_puts(&b, "      <failure type=\"fail\" message=\"");
            dmv_rbuf_put_xml(&b, res->summary ? res->summary : "claim failed");
            dmv_rbuf_puts(&b, "\">");
            if (o->claim && o->claim->statement) {
                dmv_rbuf_puts(&b, "claimed: ");
                dmv_rbuf_put_xml(&b, o->claim->statement);
                dmv_rbuf_puts(&b, "\n");
            }
            dmv_rbuf_puts(&b, "measured vs predicted: ");
            dmv_rbuf_put_xml(&b, res->summary);
            dmv_rbuf_puts(&b, "\n");
            details(&b, res);
            dmv_rbuf_puts(&b, "</failure>\n");
        } else if (o->final_verdict == DMV_VERDICT_INCONCLUSIVE) {
            dmv_rbuf_puts(&b, "      <skipped message=\"inconclusive: ");
            dmv_rbuf_put_xml(&b, res->summary);
            if (res->budget_note) {
                dmv_rbuf_puts(&b, "; ");
                dmv_rbuf_put_xml(&b, res->budget_note);
            }
            dmv_rbuf_puts(&b, "\"/>\n");
        }
        dmv_rbuf_puts(&b, "      <system-out>");
        dmv_rbuf_put_xml(&b, res->summary);
        dmv_rbuf_puts(&b, "\n");
        details(&b, res);
        dmv_rbuf_puts(&b, "</system-out>\n    </testcase>\n");
    }
    dmv_rbuf_puts(&b, "  </testsuite>\n</testsuites>\n");
    return dmv_rbuf_finish(&b, out, err, "junit.xml");
}
