/* report.html: one self-contained page (no network: a Content-Security-Policy
 * forbids every external load) with inline SVG plots. The first screen names
 * only what is suspicious; the details follow. */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "dmv/report.h"
#include "rbuf.h"

static const char *css =
    "body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;margin:0 auto;max-width:1000px;"
    "padding:0 16px 48px;color:#222;line-height:1.4}"
    ".banner{padding:14px 18px;margin:16px 0;border-radius:6px;color:#fff;font-size:20px}"
    ".banner small{display:block;font-size:14px;opacity:.95}"
    ".v-pass{background:#2e7d32}.v-fail{background:#c62828}.v-inconclusive{background:#ef6c00}"
    ".v-xfail{background:#6a1b9a}.v-xpass{background:#c62828}tr.flagged td{background:#fff3e0}"
    ".badge{display:inline-block;padding:1px 8px;border-radius:10px;color:#fff;font-size:12px;"
    "font-weight:bold;text-transform:uppercase;vertical-align:middle}"
    "table{border-collapse:collapse;margin:8px 0 16px;font-size:14px}"
    "th,td{border:1px solid #ddd;padding:4px 8px;text-align:left;vertical-align:top}"
    "th{background:#f3f3f3}td.num{font-family:ui-monospace,monospace;white-space:nowrap}"
    "article.claim{border-top:2px solid #ddd;padding-top:8px;margin-top:24px}"
    "blockquote{margin:8px 0;padding:4px 12px;border-left:4px solid #bbb;color:#444}"
    "code{font-size:13px;word-break:break-all}svg.dmv-plot{display:block;margin:12px 0;max-width:100%;height:auto}"
    "dl{display:grid;grid-template-columns:max-content auto;gap:2px 12px;font-size:14px}dt{font-weight:bold}"
    "dd{margin:0}";

static void badge(dmv_rbuf *b, const dmv_outcome *o)
{
    const char *s = dmv_report_verdict_str(o->final_verdict);
    if (o->expectation == DMV_EXPECTATION_MET)
        dmv_rbuf_puts(b, "<span class=\"badge v-xfail\">fail (expected)</span>");
    else if (o->expectation == DMV_EXPECTATION_UNEXPECTED_PASS)
        dmv_rbuf_puts(b, "<span class=\"badge v-xpass\">unexpected pass</span>");
    else
        dmv_rbuf_printf(b, "<span class=\"badge v-%s\">%s</span>", s, s);
}

static void dd(dmv_rbuf *b, const char *term, const char *value)
{
    if (value == NULL)
        return;
    dmv_rbuf_printf(b, "<dt>%s</dt><dd>", term);
    dmv_rbuf_put_xml(b, value);
    dmv_rbuf_puts(b, "</dd>\n");
}

static int html_claim(dmv_rbuf *b, const dmv_outcome *o, long idx, long *nsvg, dmv_error *err)
{
    const dmv_result *res = &o->result;
    const dmv_claim *c = o->claim;
    long i, k;
    int code;
    dmv_rbuf_printf(b, "<article class=\"claim\" id=\"claim-%ld\" data-verdict=\"%s\" data-outcome=\"%s\">\n<h3>",
                    idx, dmv_report_verdict_str(o->final_verdict), dmv_outcome_name(o));
    dmv_rbuf_put_xml(b, dmv_report_claim_id(o));
    dmv_rbuf_puts(b, " ");
    badge(b, o);
    dmv_rbuf_puts(b, "</h3>\n");
    if (c != NULL && c->statement != NULL) {
        dmv_rbuf_puts(b, "<blockquote>");
        dmv_rbuf_put_xml(b, c->statement);
        dmv_rbuf_puts(b, "</blockquote>\n");
    }
    dmv_rbuf_puts(b, "<dl>\n");
    if (dmv_claim_citation(c) != NULL) {
        dmv_rbuf_puts(b, "<dt>Source</dt><dd>");
        dmv_rbuf_put_xml(b, dmv_claim_citation(c));
        if (dmv_claim_arxiv(c) != NULL) {
            dmv_rbuf_puts(b, " (<a href=\"https://arxiv.org/abs/");
            dmv_rbuf_put_xml(b, dmv_claim_arxiv(c));
            dmv_rbuf_puts(b, "\">arXiv:");
            dmv_rbuf_put_xml(b, dmv_claim_arxiv(c));
            dmv_rbuf_puts(b, "</a>)");
        }
        dmv_rbuf_puts(b, "</dd>\n");
    }
    dd(b, "Method", c ? c->method : NULL);
    dd(b, "Result", res->summary);
    if (c != NULL && c->expect == DMV_EXPECT_FAIL) {
        dmv_rbuf_puts(b, "<dt>Expected to fail</dt><dd>");
        dmv_report_outcome_text(b, o, dmv_rbuf_put_xml);
        if (c->expect_evidence != NULL) {
            dmv_rbuf_puts(b, "; evidence: ");
            dmv_rbuf_put_xml(b, c->expect_evidence);
        }
        dmv_rbuf_puts(b, "</dd>\n");
    }
    if (res->verdict != o->final_verdict)
        dd(b, "Check's own verdict", dmv_report_verdict_str(res->verdict));
    dd(b, "Budget", res->budget_note);
    dd(b, "Error", o->error);
    if (res->sample_hash != NULL) {
        dmv_rbuf_puts(b, "<dt>Sample hash</dt><dd><code>");
        dmv_rbuf_put_xml(b, res->sample_hash);
        dmv_rbuf_printf(b, "</code> (%s)</dd>\n", res->bit_exact ? "bit-exact" : "ulp-bounded");
    }
    dmv_rbuf_printf(b, "<dt>Time</dt><dd>%.3g s</dd>\n</dl>\n", res->seconds);

    if (res->nnumbers > 0) {
        dmv_rbuf_puts(b, "<table class=\"numbers\"><tr><th>quantity</th><th>value</th><th>kind</th><th>unit</th></tr>\n");
        for (i = 0; i < res->nnumbers; i++) {
            const dmv_ev_number *n = &res->numbers[i];
            dmv_rbuf_puts(b, "<tr><td>");
            dmv_rbuf_put_xml(b, n->name);
            dmv_rbuf_puts(b, "</td><td class=\"num\">");
            if (n->mid != NULL) {
                dmv_rbuf_put_xml(b, n->mid);
                dmv_rbuf_puts(b, " &#177; ");
                dmv_rbuf_put_xml(b, n->rad ? n->rad : "0");
                dmv_rbuf_puts(b, "</td><td>certified ball");
            } else {
                dmv_rbuf_put_num(b, n->value);
                if (n->uncertainty > 0) {
                    dmv_rbuf_puts(b, " &#177; ");
                    dmv_rbuf_put_num(b, n->uncertainty);
                    dmv_rbuf_puts(b, "</td><td>estimate &#177; uncertainty");
                } else
                    dmv_rbuf_puts(b, "</td><td>value");
            }
            dmv_rbuf_puts(b, "</td><td>");
            dmv_rbuf_put_xml(b, n->unit);
            dmv_rbuf_puts(b, "</td></tr>\n");
        }
        dmv_rbuf_puts(b, "</table>\n");
    }
    if (res->nmargins > 0) {
        dmv_rbuf_puts(b, "<table class=\"margins\"><tr><th>compared</th><th>value</th><th>flips at</th>"
                         "<th>margin</th><th>holds</th></tr>\n");
        for (i = 0; i < res->nmargins; i++) {
            const dmv_ev_margin *m = &res->margins[i];
            double mg = dmv_margin_value(m);
            dmv_rbuf_puts(b, "<tr><td>");
            dmv_rbuf_put_xml(b, m->name);
            dmv_rbuf_puts(b, "</td><td class=\"num\">");
            dmv_rbuf_put_num(b, m->value);
            dmv_rbuf_puts(b, m->sense == DMV_MARGIN_MIN ? "</td><td class=\"num\">&#8805; " : "</td><td class=\"num\">&#8804; ");
            dmv_rbuf_put_num(b, m->threshold);
            dmv_rbuf_puts(b, "</td><td class=\"num\">");
            dmv_rbuf_put_num(b, mg);
            if (m->unit != NULL) {
                dmv_rbuf_puts(b, " ");
                dmv_rbuf_put_xml(b, m->unit);
            }
            dmv_rbuf_puts(b, mg >= 0 ? "</td><td>yes</td></tr>\n" : "</td><td><b style=\"color:#c62828\">no</b></td></tr>\n");
        }
        dmv_rbuf_puts(b, "</table>\n");
    }
    if (res->ntests > 0) {
        char *svg = NULL;
        dmv_rbuf_puts(b, "<table class=\"tests\"><tr><th>test</th><th>statistic</th><th>acceptance interval</th>"
                         "<th>p-value</th><th>Holm level</th><th>rejected</th><th>min. detectable effect</th>"
                         "<th>required effect</th></tr>\n");
        for (i = 0; i < res->ntests; i++) {
            const dmv_test *t = &res->tests[i];
            dmv_rbuf_puts(b, "<tr><td>");
            dmv_rbuf_put_xml(b, t->name);
            dmv_rbuf_puts(b, "</td><td class=\"num\">");
            dmv_rbuf_put_num(b, t->statistic);
            dmv_rbuf_puts(b, "</td><td class=\"num\">[");
            dmv_rbuf_put_num(b, t->lo);
            dmv_rbuf_puts(b, ", ");
            dmv_rbuf_put_num(b, t->hi);
            dmv_rbuf_puts(b, "]</td><td class=\"num\">");
            dmv_rbuf_put_num(b, t->p_value);
            dmv_rbuf_puts(b, "</td><td class=\"num\">");
            dmv_rbuf_put_num(b, t->adjusted_level);
            dmv_rbuf_puts(b, t->rejected ? "</td><td><b style=\"color:#c62828\">yes</b></td><td>" : "</td><td>no</td><td>");
            if (isnan(t->min_effect))
                dmv_rbuf_puts(b, "n/a");
            else {
                dmv_rbuf_put_num(b, t->min_effect);
                dmv_rbuf_puts(b, " ");
                dmv_rbuf_put_xml(b, t->effect_unit);
            }
            dmv_rbuf_puts(b, "</td><td>");
            if (!isfinite(t->required_effect))
                dmv_rbuf_puts(b, "none set");
            else {
                dmv_rbuf_put_num(b, t->required_effect);
                dmv_rbuf_puts(b, (!isnan(t->min_effect) && t->min_effect <= t->required_effect)
                                     ? " (power: yes)"
                                     : " <b style=\"color:#c62828\">(power: no)</b>");
            }
            dmv_rbuf_puts(b, "</td></tr>\n");
        }
        dmv_rbuf_puts(b, "</table>\n");
        code = dmv_report_svg_tests(&svg, res->tests, res->ntests, err);
        if (code != DMV_OK)
            return code;
        dmv_rbuf_puts(b, svg);
        free(svg);
        (*nsvg)++;
    }
    for (i = 0; i < res->nplots; i++) {
        char *svg = NULL;
        code = dmv_report_svg_plot(&svg, &res->plots[i], err);
        if (code != DMV_OK)
            return code;
        dmv_rbuf_puts(b, svg);
        free(svg);
        (*nsvg)++;
    }
    for (i = 0; i < res->ntables; i++) {
        const dmv_ev_table *t = &res->tables[i];
        long m;
        long nflag = 0;
        int fold = t->nrows > 30; /* long tables start folded (flagged rows are counted in the summary) */
        for (k = 0; t->row_flags != NULL && k < t->nrows; k++)
            nflag += t->row_flags[k] != 0;
        if (fold) {
            dmv_rbuf_puts(b, "<details><summary>");
            dmv_rbuf_put_xml(b, t->name);
            dmv_rbuf_printf(b, " (%ld rows, %ld flagged)</summary>\n", t->nrows, nflag);
        }
        dmv_rbuf_puts(b, "<table class=\"evidence\"><caption>");
        dmv_rbuf_put_xml(b, t->name);
        dmv_rbuf_puts(b, "</caption><tr>");
        for (m = 0; m < t->ncols; m++) {
            dmv_rbuf_puts(b, "<th>");
            dmv_rbuf_put_xml(b, t->header ? t->header[m] : "");
            dmv_rbuf_puts(b, "</th>");
        }
        dmv_rbuf_puts(b, "</tr>\n");
        for (k = 0; k < t->nrows; k++) {
            dmv_rbuf_puts(b, (t->row_flags != NULL && t->row_flags[k]) ? "<tr class=\"flagged\">" : "<tr>");
            for (m = 0; m < t->ncols; m++) {
                dmv_rbuf_puts(b, "<td>");
                dmv_rbuf_put_xml(b, t->cells ? t->cells[k * t->ncols + m] : "");
                dmv_rbuf_puts(b, "</td>");
            }
            dmv_rbuf_puts(b, "</tr>\n");
        }
        dmv_rbuf_puts(b, fold ? "</table>\n</details>\n" : "</table>\n");
    }
    dmv_rbuf_puts(b, "</article>\n");
    return DMV_OK;
}

static void env_row(dmv_rbuf *b, const char *k, const char *v)
{
    dmv_rbuf_printf(b, "<tr><th>%s</th><td>", k);
    dmv_rbuf_put_xml(b, v);
    dmv_rbuf_puts(b, "</td></tr>\n");
}

int dmv_report_render_html(char **out, const dmv_run_result *r, const dmv_report_env *env, dmv_error *err)
{
    dmv_report_env local;
    dmv_report_counts c;
    dmv_rbuf b;
    long i, nsvg = 0;
    int status, code;
    const char *sv;
    char buf[64];
    *out = NULL;
    if (r == NULL || (r->n > 0 && r->outcomes == NULL))
        return dmv_error_set(err, DMV_EINVAL, "render html: run result is NULL or has no outcomes array");
    if (env == NULL) {
        dmv_report_env_fill(&local);
        env = &local;
    }
    dmv_report_count(&c, r);
    status = dmv_report_status(&c);
    sv = status == 0 ? "pass" : status == 1 ? "fail" : "inconclusive";
    dmv_rbuf_init(&b);
    dmv_rbuf_printf(&b,
                    "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                    "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
                    "style-src 'unsafe-inline'; script-src 'unsafe-inline'\">\n"
                    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                    "<title>dmverify report: %s</title>\n<style>%s</style>\n</head>\n<body data-status=\"%s\">\n",
                    sv, css, sv);
    dmv_rbuf_printf(&b,
                    "<div class=\"banner v-%s\" id=\"verdict\">dmverify: %s"
                    "<small>%ld claims: %ld pass, %ld fail, %ld inconclusive, %ld expected failures, %ld unexpected "
                    "passes &#183; %ld hypothesis tests, %ld rejected (Holm within each claim at &#945;/%ld = %g, "
                    "family-wise &#945; = %g) &#183; seed %" PRIu64 " &#183; commit ",
                    sv, status == 0 ? (c.expected_fail > 0 ? "all claims pass or fail as expected" : "all claims pass")
                                    : status == 1 ? "FAIL" : "INCONCLUSIVE",
                    c.claims, c.pass - c.unexpected_pass, c.fail - c.expected_fail, c.inconclusive, c.expected_fail,
                    c.unexpected_pass, c.tests, c.rejected, dmv_claim_count(), r->run.claim_alpha, r->run.alpha,
                    r->run.seed);
    dmv_rbuf_put_xml(&b, env->commit);
    dmv_rbuf_puts(&b, " &#183; ");
    dmv_rbuf_put_xml(&b, env->date_utc);
    dmv_rbuf_puts(&b, "</small></div>\n");

    /* first screen: only what is suspicious */
    dmv_rbuf_puts(&b, "<section id=\"suspicious\">\n<h2>Suspicious</h2>\n");
    if (c.fail - c.expected_fail + c.inconclusive + c.unexpected_pass == 0)
        dmv_rbuf_puts(&b, c.expected_fail > 0 ? "<p>Nothing: every claim passed or failed as expected.</p>\n"
                                              : "<p>Nothing: every claim passed.</p>\n");
    else {
        dmv_rbuf_puts(&b, "<table><tr><th>claim</th><th>verdict</th><th>measured vs predicted</th><th>note</th></tr>\n");
        for (i = 0; i < r->n; i++) {
            const dmv_outcome *o = &r->outcomes[i];
            if ((o->final_verdict == DMV_VERDICT_PASS && o->expectation != DMV_EXPECTATION_UNEXPECTED_PASS) ||
                o->expectation == DMV_EXPECTATION_MET)
                continue;
            dmv_rbuf_printf(&b, "<tr><td><a href=\"#claim-%ld\">", i);
            dmv_rbuf_put_xml(&b, dmv_report_claim_id(o));
            dmv_rbuf_puts(&b, "</a></td><td>");
            badge(&b, o);
            dmv_rbuf_puts(&b, "</td><td>");
            dmv_rbuf_put_xml(&b, o->result.summary);
            dmv_rbuf_puts(&b, "</td><td>");
            dmv_rbuf_put_xml(&b, o->error != NULL ? o->error : o->result.budget_note);
            dmv_rbuf_puts(&b, "</td></tr>\n");
        }
        dmv_rbuf_puts(&b, "</table>\n");
    }
    if (c.expected_fail > 0) {
        dmv_rbuf_puts(&b, "<h2>Expected failures (documented findings)</h2>\n<table><tr><th>claim</th><th>reason</th>"
                          "<th>evidence</th><th>measured</th></tr>\n");
        for (i = 0; i < r->n; i++) {
            const dmv_outcome *o = &r->outcomes[i];
            if (o->expectation != DMV_EXPECTATION_MET)
                continue;
            dmv_rbuf_printf(&b, "<tr><td><a href=\"#claim-%ld\">", i);
            dmv_rbuf_put_xml(&b, dmv_report_claim_id(o));
            dmv_rbuf_puts(&b, "</a></td><td>");
            dmv_rbuf_put_xml(&b, o->claim ? o->claim->expect_reason : NULL);
            dmv_rbuf_puts(&b, "</td><td>");
            dmv_rbuf_put_xml(&b, o->claim ? o->claim->expect_evidence : NULL);
            dmv_rbuf_puts(&b, "</td><td>");
            dmv_rbuf_put_xml(&b, o->result.summary);
            dmv_rbuf_puts(&b, "</td></tr>\n");
        }
        dmv_rbuf_puts(&b, "</table>\n");
    }
    dmv_rbuf_puts(&b, "</section>\n<section id=\"claims\">\n<h2>Claims</h2>\n"
                      "<table><tr><th>claim</th><th>verdict</th><th>measured vs predicted</th><th>time</th></tr>\n");
    for (i = 0; i < r->n; i++) {
        const dmv_outcome *o = &r->outcomes[i];
        dmv_rbuf_printf(&b, "<tr><td><a href=\"#claim-%ld\">", i);
        dmv_rbuf_put_xml(&b, dmv_report_claim_id(o));
        dmv_rbuf_puts(&b, "</a></td><td>");
        badge(&b, o);
        dmv_rbuf_puts(&b, "</td><td>");
        dmv_rbuf_put_xml(&b, o->result.summary);
        dmv_rbuf_printf(&b, "</td><td class=\"num\">%.3g s</td></tr>\n", o->result.seconds);
    }
    dmv_rbuf_puts(&b, "</table>\n</section>\n<section id=\"details\">\n<h2>Details</h2>\n");
    for (i = 0; i < r->n; i++) {
        code = html_claim(&b, &r->outcomes[i], i, &nsvg, err);
        if (code != DMV_OK) {
            dmv_rbuf_clear(&b);
            return code;
        }
    }
    dmv_rbuf_puts(&b, "</section>\n<section id=\"env\">\n<h2>Run and environment</h2>\n<table>\n");
    snprintf(buf, sizeof buf, "%" PRIu64, r->run.seed);
    env_row(&b, "seed", buf);
    snprintf(buf, sizeof buf, "%g", r->run.alpha);
    env_row(&b, "alpha (family-wise)", buf);
    snprintf(buf, sizeof buf, "%g", r->run.claim_alpha);
    env_row(&b, "alpha per claim (Holm within it)", buf);
    for (i = 0; i < r->run.ndata && r->run.data != NULL; i++) {
        dmv_rbuf_puts(&b, "<tr><th>data</th><td>");
        dmv_rbuf_put_xml(&b, r->run.data[i].name);
        dmv_rbuf_puts(&b, " (");
        dmv_rbuf_put_xml(&b, r->run.data[i].path);
        dmv_rbuf_puts(&b, "), sha256 <code>");
        dmv_rbuf_put_xml(&b, r->run.data[i].sha256);
        dmv_rbuf_puts(&b, "</code></td></tr>\n");
    }
    snprintf(buf, sizeof buf, "%d", r->run.threads);
    env_row(&b, "threads", buf);
    env_row(&b, "quick", r->run.quick ? "yes" : "no");
    snprintf(buf, sizeof buf, "%.3g s", r->seconds);
    env_row(&b, "wall time", buf);
    env_row(&b, "dmverify", env->version);
    env_row(&b, "commit", env->commit);
    env_row(&b, "build type", env->build_type);
    env_row(&b, "compiler", env->compiler);
    env_row(&b, "flags", env->flags);
    env_row(&b, "Arb", env->arb);
    env_row(&b, "FLINT", env->flint);
    env_row(&b, "MPFR", env->mpfr);
    env_row(&b, "GMP", env->gmp);
    env_row(&b, "OpenBLAS", env->openblas);
    env_row(&b, "cJSON", env->cjson);
    env_row(&b, "CPU", env->cpu);
    snprintf(buf, sizeof buf, "%ld", env->ncpu);
    env_row(&b, "online CPUs", buf);
    env_row(&b, "host", env->hostname);
    env_row(&b, "date (UTC)", env->date_utc);
    dmv_rbuf_puts(&b, "</table>\n</section>\n");
    /* A self-check for automated viewers: marks the body once every plot has
     * been laid out with a nonzero size. */
    dmv_rbuf_printf(&b,
                    "<script>\n(function () {\n"
                    "  var svgs = document.querySelectorAll('svg.dmv-plot'), ok = 0;\n"
                    "  for (var i = 0; i < svgs.length; i++) {\n"
                    "    var r = svgs[i].getBoundingClientRect();\n"
                    "    if (r.width > 0 && r.height > 0) ok++;\n"
                    "  }\n"
                    "  document.body.setAttribute('data-plots-expected', '%ld');\n"
                    "  document.body.setAttribute('data-plots-ok', String(ok));\n"
                    "})();\n</script>\n</body>\n</html>\n",
                    nsvg);
    return dmv_rbuf_finish(&b, out, err, "report.html");
}
