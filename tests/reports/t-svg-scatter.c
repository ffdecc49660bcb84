/* Scatter series (dmv_plot_add_points, style DMV_SERIES_POINTS): report.html draws them as markers
 * without any line (no path), every drawable point once, inside the plot area, with a marker in the
 * legend; a closed polyline (a rectangle drawn as a line series of 5 points) in the same plot still
 * renders as one path through its 5 corners, back to the start; report.json writes each series' style. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

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

int main(void)
{
    dmv_test_rng rng = {2024};
    dmv_run_result r;
    dmv_report_env env;
    dmv_error err;
    dmv_ev_plot *p;
    char *svg = NULL, *json = NULL;
    double x[300], y[300];
    /* the rectangle [1, 2] x [0, 1], closed: 5 corners */
    const double rx[5] = {1, 2, 2, 1, 1}, ry[5] = {0, 0, 1, 1, 0};
    long i, n, nbad = 0, pixel_errors = 0;
    const char *g, *gend, *q;

    for (i = 0; i < 300; i++) {
        x[i] = 1 + dmv_test_uniform(&rng);
        y[i] = dmv_test_uniform(&rng);
    }
    x[17] = NAN; /* not drawable: left out */
    y[42] = INFINITY;
    nbad = 2;
    DMV_CHECK(sample_run(&r) == 0, "sample run");
    p = dmv_result_add_plot(&r.outcomes[0].result, "final samples, w = 3", "x", "y", 0, 0);
    DMV_CHECK(p != NULL, "add_plot");
    if (p == NULL)
        return 1;
    DMV_CHECK(dmv_plot_add_points(p, "samples (good share 0.9)", 300, x, y) == DMV_OK, "add_points");
    DMV_CHECK(dmv_plot_add_series(p, "support", 5, rx, ry, NULL, NULL) == DMV_OK, "add_series");
    DMV_CHECK(p->series[0].style == DMV_SERIES_POINTS && p->series[1].style == DMV_SERIES_LINE, "styles");

    dmv_error_init(&err);
    DMV_CHECK(dmv_report_svg_plot(&svg, p, &err) == DMV_OK && svg != NULL, "svg: %s", err.msg);
    if (svg == NULL)
        return 1;
    g = strstr(svg, "<g class=\"scatter\"");
    DMV_CHECK(g != NULL, "no scatter group");
    if (g != NULL) {
        gend = strstr(g, "</g>");
        DMV_CHECK(gend != NULL, "scatter group not closed");
        n = 0;
        for (q = g; gend != NULL && (q = strstr(q, "<circle cx=\"")) != NULL && q < gend; q += 8) {
            double cx, cy;
            if (sscanf(q, "<circle cx=\"%lf\" cy=\"%lf\"", &cx, &cy) == 2) {
                n++;
                /* x in [1, 2] padded 5%: the plot area is 84..696 wide, 36..336 high */
                pixel_errors += !(cx >= 84 && cx <= 696 && cy >= 36 && cy <= 336);
            }
        }
        DMV_CHECK(n == 300 - nbad, "%ld markers for %ld drawable points", n, 300 - nbad);
        DMV_CHECK(pixel_errors == 0, "%ld markers outside the plot area", pixel_errors);
        /* no line through the scatter: no path inside the group, and exactly one path in the plot
         * (the rectangle's) */
        DMV_CHECK(gend == NULL || strstr(g, "<path") == NULL || strstr(g, "<path") > gend, "a path in the scatter group");
    }
    DMV_CHECK(count(svg, "<path") == 1, "%ld paths, want 1 (the rectangle only)", count(svg, "<path"));
    /* the rectangle: M + 4 L, ending where it started */
    q = strstr(svg, "<path");
    if (q != NULL) {
        double px[5], py[5];
        const char *d = strstr(q, " d=\"");
        int k = 0;
        DMV_CHECK(d != NULL, "path without d");
        if (d != NULL) {
            d += 4;
            for (k = 0; k < 5; k++) {
                char c;
                int used = 0;
                if (sscanf(d, "%c%lf %lf %n", &c, &px[k], &py[k], &used) != 3 || c != (k == 0 ? 'M' : 'L'))
                    break;
                d += used;
            }
            DMV_CHECK(k == 5 && *d == '"', "rectangle path has %d corners, want 5", k);
            if (k == 5) {
                DMV_CHECK(px[0] == px[4] && py[0] == py[4], "rectangle not closed");
                DMV_CHECK(px[1] > px[0] && py[2] < py[1] && px[3] == px[0], "rectangle corners out of order");
            }
        }
    }
    /* the legend: a marker (circle) for the scatter, a line for the rectangle, both labels */
    DMV_CHECK(strstr(svg, "samples (good share 0.9)</text>") != NULL && strstr(svg, "support</text>") != NULL,
              "legend labels");
    DMV_CHECK(count(svg, "r=\"4\"") == 1, "one legend marker");
    free(svg);

    /* report.json: the style of every series */
    dmv_report_env_fill(&env);
    DMV_CHECK(dmv_report_render_json(&json, &r, &env, &err) == DMV_OK, "json: %s", err.msg);
    if (json != NULL) {
        cJSON *root = cJSON_Parse(json);
        const cJSON *claims = cJSON_GetObjectItemCaseSensitive(root, "claims"), *c, *plots, *pl;
        long npoints = 0, nlines = 0, nstyle = 0;
        DMV_CHECK(root != NULL, "json does not parse");
        cJSON_ArrayForEach(c, claims)
        {
            plots = cJSON_GetObjectItemCaseSensitive(c, "plots");
            cJSON_ArrayForEach(pl, plots)
            {
                const cJSON *se, *ss = cJSON_GetObjectItemCaseSensitive(pl, "series");
                cJSON_ArrayForEach(se, ss)
                {
                    const cJSON *st = cJSON_GetObjectItemCaseSensitive(se, "style");
                    nstyle++;
                    if (cJSON_IsString(st) && strcmp(st->valuestring, "points") == 0)
                        npoints++;
                    else if (cJSON_IsString(st) && strcmp(st->valuestring, "line") == 0)
                        nlines++;
                }
            }
        }
        /* sample_run has 5 line series; this test adds one scatter and one line */
        DMV_CHECK(npoints == 1 && nlines == 6 && nstyle == 7, "styles in json: %ld points, %ld lines of %ld series",
                  npoints, nlines, nstyle);
        cJSON_Delete(root);
        free(json);
    }
    sample_run_clear(&r);
    DMV_TEST_DONE("reports/t-svg-scatter");
}
