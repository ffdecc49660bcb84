/* SVG plots: markers sit where the axes say (log and linear), equally spaced
 * data give equally spaced markers, points a log axis cannot show are left
 * out (and break the line), text is escaped; the tests chart colours a
 * statistic by whether it lies in its acceptance interval. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dmv/report.h"
#include "dmv_test.h"

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

/* cx, cy of the circles, in order */
static long circles(const char *s, double *cx, double *cy, long max)
{
    long n = 0;
    const char *p = s;
    while ((p = strstr(p, "<circle cx=\"")) != NULL && n < max) {
        if (sscanf(p, "<circle cx=\"%lf\" cy=\"%lf\"", &cx[n], &cy[n]) == 2)
            n++;
        p += 8;
    }
    return n;
}

/* x of the x-tick label whose text is exactly label (e.g. "10" or "0.5") */
static double xtick_at(const char *s, const char *label)
{
    const char *p = s;
    char want[64];
    snprintf(want, sizeof want, ">%s</text>", label);
    while ((p = strstr(p, "<text class=\"xtick\" x=\"")) != NULL) {
        double x;
        const char *end = strstr(p, "</text>");
        if (sscanf(p, "<text class=\"xtick\" x=\"%lf\"", &x) == 1 && end != NULL) {
            const char *gt = strstr(p, ">");
            if (gt != NULL && strncmp(gt, want, strlen(want)) == 0)
                return x;
        }
        p += 10;
    }
    return NAN;
}

static char *plot1(double *x, double *y, double *lo, double *hi, long n, int xlog, int ylog, const char *label)
{
    dmv_ev_series s;
    dmv_ev_plot p;
    dmv_error err;
    char *out = NULL;
    int code;
    s.label = (char *) label;
    s.n = n;
    s.x = x;
    s.y = y;
    s.ylo = lo;
    s.yhi = hi;
    s.style = DMV_SERIES_LINE;
    p.name = (char *) "t <plot> & \"name\"";
    p.xlabel = (char *) "x";
    p.ylabel = (char *) "y";
    p.xlog = xlog;
    p.ylog = ylog;
    p.nseries = 1;
    p.series = &s;
    dmv_error_init(&err);
    code = dmv_report_svg_plot(&out, &p, &err);
    DMV_CHECK(code == DMV_OK && out != NULL, "svg_plot: %s", err.msg);
    return out;
}

int main(void)
{
    dmv_test_rng rng = {7};
    double cx[64], cy[64];
    long n, it;
    char *s;

    /* log-log: 1, 10, 100 -> equally spaced markers, aligned with the ticks "1", "10" and 10^2 */
    {
        double x[3] = {1, 10, 100}, y[3] = {1, 10, 100};
        s = plot1(x, y, NULL, NULL, 3, 1, 1, "a<b&c");
        n = circles(s, cx, cy, 64);
        DMV_CHECK(n == 3, "%ld circles", n);
        DMV_CHECK(fabs((cx[1] - cx[0]) - (cx[2] - cx[1])) < 0.02, "log x spacing %g %g", cx[1] - cx[0], cx[2] - cx[1]);
        DMV_CHECK(fabs((cy[1] - cy[0]) - (cy[2] - cy[1])) < 0.02, "log y spacing");
        DMV_CHECK(cx[1] > cx[0] && cy[1] < cy[0], "axes direction: x right, y up");
        DMV_CHECK(fabs(xtick_at(s, "1") - cx[0]) < 0.02, "marker x=1 at %g, tick '1' at %g", cx[0], xtick_at(s, "1"));
        DMV_CHECK(fabs(xtick_at(s, "10") - cx[1]) < 0.02, "marker x=10 at %g, tick at %g", cx[1], xtick_at(s, "10"));
        DMV_CHECK(strstr(s, "a<b&c") == NULL && strstr(s, "a&lt;b&amp;c") != NULL, "label not escaped");
        DMV_CHECK(strstr(s, "<plot>") == NULL && strstr(s, "t &lt;plot&gt; &amp; &quot;name&quot;") != NULL,
                  "title not escaped");
        DMV_CHECK(strstr(s, "data-points=\"3\"") != NULL, "data-points");
        DMV_CHECK(strstr(s, "(log scale)") != NULL, "log axes are labelled");
        free(s);
    }
    /* linear: 0, 1, 3 -> spacing 1 : 2; marker at x=1 under tick "1" */
    {
        double x[3] = {0, 1, 3}, y[3] = {5, 5, 5};
        s = plot1(x, y, NULL, NULL, 3, 0, 0, "flat");
        n = circles(s, cx, cy, 64);
        DMV_CHECK(n == 3, "%ld circles", n);
        DMV_CHECK(fabs((cx[2] - cx[1]) - 2 * (cx[1] - cx[0])) < 0.03, "linear spacing");
        DMV_CHECK(fabs(cy[0] - cy[2]) < 1e-9, "flat series must be level");
        DMV_CHECK(fabs(xtick_at(s, "1") - cx[1]) < 0.02, "marker x=1 at %g, tick at %g", cx[1], xtick_at(s, "1"));
        DMV_CHECK(strstr(s, "(log scale)") == NULL, "linear axes are not called log");
        free(s);
    }
    /* log axis: a nonpositive or non-finite y is left out and breaks the line */
    {
        double x[4] = {1, 10, 100, 1000}, y[4] = {1, -1, 100, NAN};
        s = plot1(x, y, NULL, NULL, 4, 1, 1, "gap");
        n = circles(s, cx, cy, 64);
        DMV_CHECK(n == 2, "%ld circles, want 2", n);
        DMV_CHECK(strstr(s, "data-points=\"2\"") != NULL, "data-points");
        DMV_CHECK(count(s, "d=\"M") == 1 && count(s, " M") + count(s, "\"M") == 2, "the line must restart after a gap");
        free(s);
    }
    /* a band: polygon with 2n points; no data at all -> a message, no markers */
    {
        double x[3] = {1, 2, 3}, y[3] = {1, 2, 3}, lo[3] = {0.5, 1.5, 2.5}, hi[3] = {1.5, 2.5, 3.5};
        const char *poly;
        long commas = 0;
        s = plot1(x, y, lo, hi, 3, 0, 0, "band");
        poly = strstr(s, "<polygon");
        DMV_CHECK(poly != NULL, "band polygon missing");
        if (poly != NULL) {
            const char *e = strstr(poly, "/>");
            for (; poly < e; poly++)
                commas += *poly == ',';
        }
        DMV_CHECK(commas == 6, "band polygon has %ld points, want 6", commas);
        free(s);
        s = plot1(x, y, NULL, NULL, 0, 1, 1, "empty");
        DMV_CHECK(strstr(s, "no plottable data") != NULL && circles(s, cx, cy, 64) == 0, "empty plot");
        free(s);
    }
    /* random series: every finite point is drawn once, inside the plot area */
    for (it = 0; it < dmv_test_iters(200); it++) {
        double x[20], y[20];
        long k, m = 1 + (long) (dmv_test_next(&rng) % 20), good = 0;
        int lg = (int) (dmv_test_next(&rng) & 1);
        for (k = 0; k < m; k++) {
            x[k] = lg ? dmv_test_loguniform(&rng, 1e-5, 1e5) : dmv_test_uniform(&rng) * 200 - 100;
            y[k] = lg ? dmv_test_loguniform(&rng, 1e-5, 1e5) : dmv_test_uniform(&rng) * 2e-3;
            if (dmv_test_uniform(&rng) < 0.1)
                y[k] = lg ? -1.0 : INFINITY;
            good += isfinite(y[k]) && (!lg || y[k] > 0);
        }
        s = plot1(x, y, NULL, NULL, m, lg, lg, "random");
        n = circles(s, cx, cy, 64);
        DMV_CHECK(n == good, "iteration %ld: %ld circles for %ld drawable points", it, n, good);
        for (k = 0; k < n; k++)
            DMV_CHECK(cx[k] >= 84 - 1e-9 && cx[k] <= 720 - 24 + 1e-9 && cy[k] >= 36 - 1e-9 && cy[k] <= 336 + 1e-9,
                      "iteration %ld: marker (%g, %g) outside the plot area", it, cx[k], cy[k]);
        free(s);
    }
    /* reference lines: a label beginning with fit/slope/reference (any case) is dashed, without markers */
    {
        double x[3] = {1, 2, 3}, y[3] = {1, 2, 3};
        s = plot1(x, y, NULL, NULL, 3, 0, 0, "Slope -1 (expected order)");
        DMV_CHECK(circles(s, cx, cy, 64) == 0 && strstr(s, "stroke-dasharray") != NULL, "reference line");
        free(s);
        s = plot1(x, y, NULL, NULL, 3, 0, 0, "Euler (fitted order 1.003)");
        DMV_CHECK(circles(s, cx, cy, 64) == 3 && strstr(s, "stroke-dasharray") == NULL, "data whose label says fitted");
        free(s);
    }
    /* many points: a line without markers */
    {
        double *x = malloc(1000 * sizeof *x), *y = malloc(1000 * sizeof *y);
        long k;
        for (k = 0; k < 1000; k++) {
            x[k] = (double) k;
            y[k] = sin((double) k);
        }
        s = plot1(x, y, NULL, NULL, 1000, 0, 0, "dense");
        DMV_CHECK(circles(s, cx, cy, 64) == 0 && count(s, " L") >= 999, "dense series: line only");
        free(s);
        free(x);
        free(y);
    }
    /* tests chart: a dot inside its interval is green, outside red; rejected names are marked */
    {
        dmv_test t[4];
        dmv_error err;
        memset(t, 0, sizeof t);
        t[0].name = (char *) "in";
        t[0].statistic = 1.0;
        t[0].lo = 0.5;
        t[0].hi = 1.5;
        t[1].name = (char *) "out <high>";
        t[1].statistic = 9.0;
        t[1].lo = 0.5;
        t[1].hi = 1.5;
        t[1].rejected = 1;
        t[2].name = (char *) "one-sided";
        t[2].statistic = 3.0;
        t[2].lo = -INFINITY;
        t[2].hi = 4.0;
        t[3].name = (char *) "nan";
        t[3].statistic = NAN;
        t[3].lo = 0;
        t[3].hi = 1;
        dmv_error_init(&err);
        DMV_CHECK(dmv_report_svg_tests(&s, t, 4, &err) == DMV_OK, "svg_tests: %s", err.msg);
        n = circles(s, cx, cy, 64);
        DMV_CHECK(n == 4, "%ld dots", n);
        DMV_CHECK(count(s, "fill=\"#2ca02c\"><title>") == 2, "two statistics inside");
        DMV_CHECK(count(s, "fill=\"#d62728\"><title>") == 2, "two outside (one NaN)");
        DMV_CHECK(cx[1] > cx[0], "a larger statistic sits further right");
        DMV_CHECK(count(s, "&#x2717;") == 1, "one rejected marker");
        DMV_CHECK(strstr(s, "<high>") == NULL, "test name not escaped");
        free(s);
        DMV_CHECK(dmv_report_svg_tests(&s, NULL, 2, &err) == DMV_EINVAL, "NULL tests must be refused");
    }
    DMV_TEST_DONE("reports/t-svg");
}
