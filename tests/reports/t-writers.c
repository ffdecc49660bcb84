/* report.md, junit.xml and report.html of the synthetic run: the first
 * screen names exactly the failed and inconclusive claims, JUnit counts and
 * messages match the hand-counted run, every user string is escaped, and the
 * HTML page loads nothing from outside. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dmv/report.h"
#include "dmv_test.h"
#include "sample_run.h"

static long count(const char *s, const char *pat)
{
    long n = 0;
    const char *p = s;
    while ((p = strstr(p, pat)) != NULL) {
        n++;
        p += strlen(pat);
    }
    return n;
}

/* 1 if pat occurs in s between the first from and the first to after it */
static int within(const char *s, const char *from, const char *to, const char *pat)
{
    const char *a = strstr(s, from), *b, *p;
    if (a == NULL)
        return 0;
    b = strstr(a + strlen(from), to);
    p = strstr(a, pat);
    return p != NULL && (b == NULL || p < b);
}

int main(void)
{
    dmv_run_result r;
    dmv_report_env env;
    dmv_error err;
    char *md = NULL, *xml = NULL, *html = NULL;
    long i;

    DMV_CHECK(sample_run(&r) == 0, "sample run");
    dmv_report_env_fill(&env);
    dmv_error_init(&err);
    DMV_CHECK(dmv_report_render_markdown(&md, &r, &env, &err) == DMV_OK, "markdown: %s", err.msg);
    DMV_CHECK(dmv_report_render_junit(&xml, &r, &env, &err) == DMV_OK, "junit: %s", err.msg);
    DMV_CHECK(dmv_report_render_html(&html, &r, &env, &err) == DMV_OK, "html: %s", err.msg);
    if (!md || !xml || !html)
        return 1;

    /* Markdown: the first screen */
    DMV_CHECK(strncmp(md, "# dmverify report — FAIL", strlen("# dmverify report — FAIL")) == 0, "title line");
    DMV_CHECK(within(md, "## Suspicious", "## Claims", "pg.eig.error"), "failed claim not on the first screen");
    DMV_CHECK(within(md, "## Suspicious", "## Claims", "law.moments"), "inconclusive claim not on the first screen");
    DMV_CHECK(within(md, "## Suspicious", "## Claims", "broken.claim"), "errored claim not on the first screen");
    DMV_CHECK(!within(md, "## Suspicious", "## Claims", "pg.w2.rate"), "a passing claim is on the first screen");
    DMV_CHECK(within(md, "## Suspicious", "## Claims", "measured error 3.1e-3 vs predicted bound 1.0e-3"),
              "measured vs predicted missing from the first screen");
    DMV_CHECK(strstr(md, SAMPLE_BALL_MID " ± " SAMPLE_BALL_RAD) != NULL, "ball digits");
    DMV_CHECK(strstr(md, "<script>") == NULL && strstr(md, "<b>") == NULL, "raw HTML in Markdown");
    DMV_CHECK(strstr(md, "W2 \\| exact") != NULL, "pipe in a table cell not escaped");
    DMV_CHECK(strstr(md, "18446744073709551615") != NULL && strstr(md, env.commit) != NULL, "seed and commit");
    DMV_CHECK(strstr(md, env.cpu) != NULL && strstr(md, env.mpfr) != NULL && strstr(md, env.compiler) != NULL,
              "environment facts");

    /* JUnit: 4 testcases, 1 failure, 1 error, 1 skipped (hand count) */
    DMV_CHECK(count(xml, "<testcase ") == 4, "testcases");
    DMV_CHECK(count(xml, "<failure ") == 1 && count(xml, "<error ") == 1 && count(xml, "<skipped ") == 1,
              "failure/error/skipped elements");
    DMV_CHECK(strstr(xml, "tests=\"4\" failures=\"1\" errors=\"1\" skipped=\"1\"") != NULL, "suite counts");
    DMV_CHECK(strstr(xml, "<failure type=\"fail\" message=\"measured error 3.1e-3 vs predicted bound 1.0e-3") != NULL,
              "failure message must say measured vs predicted");
    DMV_CHECK(strstr(xml, "<b>") == NULL && strstr(xml, "&lt;b&gt;C h&lt;/b&gt; &amp; &quot;never&quot;") != NULL,
              "escaping in XML");
    DMV_CHECK(strstr(xml, "name=\"seed\" value=\"18446744073709551615\"") != NULL, "seed property");
    DMV_CHECK(strstr(xml, "classname=\"dmverify.pg\" name=\"pg.eig.error\"") != NULL, "classname");
    for (i = 0; xml[i]; i++)
        DMV_CHECK((unsigned char) xml[i] >= 0x20 || xml[i] == '\n' || xml[i] == '\t', "control character at %ld", i);

    /* HTML: self-contained, escaped, one svg per plot and per tests block */
    DMV_CHECK(strncmp(html, "<!DOCTYPE html>", 15) == 0, "doctype");
    DMV_CHECK(strstr(html, "Content-Security-Policy") != NULL && strstr(html, "default-src 'none'") != NULL, "CSP");
    DMV_CHECK(strstr(html, " src=") == NULL && strstr(html, "<link") == NULL && strstr(html, "@import") == NULL &&
                  strstr(html, "url(") == NULL,
              "external resources");
    DMV_CHECK(count(html, "<svg class=\"dmv-plot") == 3, "3 plots (2 plots + 1 tests chart), got %ld",
              count(html, "<svg class=\"dmv-plot"));
    DMV_CHECK(strstr(html, "data-plots-expected', '3'") != NULL, "self-check count");
    DMV_CHECK(count(html, "<script>") == 1, "only the self-check script; user text escaped");
    DMV_CHECK(strstr(html, "&lt;script&gt;alert(1)&lt;/script&gt;") != NULL, "escaped paper name");
    DMV_CHECK(within(html, "id=\"suspicious\"", "</section>", "pg.eig.error") &&
                  within(html, "id=\"suspicious\"", "</section>", "law.moments") &&
                  !within(html, "id=\"suspicious\"", "</section>", "pg.w2.rate"),
              "suspicious section of the HTML");
    DMV_CHECK(strstr(html, "id=\"suspicious\"") < strstr(html, "id=\"details\""), "summary before details");
    free(md);
    free(xml);
    free(html);

    /* all pass: the first screen says so, and the status is pass */
    for (i = 0; i < r.n; i++)
        r.outcomes[i].final_verdict = DMV_VERDICT_PASS;
    DMV_CHECK(dmv_report_render_markdown(&md, &r, &env, &err) == DMV_OK, "markdown");
    DMV_CHECK(strstr(md, "# dmverify report — PASS") != NULL && strstr(md, "Nothing: every claim passed.") != NULL,
              "all-pass first screen");
    DMV_CHECK(dmv_report_render_html(&html, &r, &env, &err) == DMV_OK, "html");
    DMV_CHECK(strstr(html, "data-status=\"pass\"") != NULL, "html status");
    free(md);
    free(html);
    /* inconclusive without failure: status inconclusive */
    r.outcomes[2].final_verdict = DMV_VERDICT_INCONCLUSIVE;
    DMV_CHECK(dmv_report_render_html(&html, &r, &env, &err) == DMV_OK, "html");
    DMV_CHECK(strstr(html, "data-status=\"inconclusive\"") != NULL, "html status inconclusive");
    free(html);

    /* a long table: Markdown shows 30 rows and says how many more; HTML folds it */
    {
        const char *hdr[2] = {"direction", "p"};
        const char **cells = malloc(200 * sizeof *cells);
        char (*txt)[16] = malloc(200 * sizeof *txt);
        for (i = 0; i < 200; i++) {
            snprintf(txt[i], sizeof txt[i], "cell%ld", i);
            cells[i] = txt[i];
        }
        DMV_CHECK(dmv_result_add_table(&r.outcomes[0].result, "per direction", 100, 2, hdr, cells) == DMV_OK, "table");
        free(cells);
        free(txt);
        DMV_CHECK(dmv_report_render_markdown(&md, &r, &env, &err) == DMV_OK, "markdown");
        DMV_CHECK(strstr(md, "| cell58 | cell59 |") != NULL && strstr(md, "cell60") == NULL, "30 rows in Markdown");
        DMV_CHECK(strstr(md, "70 of 100 rows left out here (none of them flagged)") != NULL, "rows left out are counted");
        DMV_CHECK(dmv_report_render_html(&html, &r, &env, &err) == DMV_OK, "html");
        DMV_CHECK(strstr(html, "<details><summary>per direction (100 rows, 0 flagged)</summary>") != NULL &&
                      strstr(html, "cell199") != NULL,
                  "HTML folds a long table and keeps every row");
        free(md);
        free(html);
    }

    /* an empty run renders, and bad arguments are refused */
    {
        dmv_run_result e;
        memset(&e, 0, sizeof e);
        DMV_CHECK(dmv_report_render_html(&html, &e, NULL, &err) == DMV_OK, "empty html");
        free(html);
        DMV_CHECK(dmv_report_render_junit(&xml, &e, NULL, &err) == DMV_OK && strstr(xml, "tests=\"0\"") != NULL,
                  "empty junit");
        free(xml);
        dmv_error_init(&err);
        DMV_CHECK(dmv_report_render_markdown(&md, NULL, NULL, &err) == DMV_EINVAL && md == NULL, "NULL run");
    }
    sample_run_clear(&r);
    DMV_TEST_DONE("reports/t-writers");
}
