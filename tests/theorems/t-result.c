/* Evidence builders: what goes in comes out, strings are copied, clear frees all
 * (the sanitizer build checks leaks). */
#include <math.h>
#include <string.h>

#include "dmv/claim.h"
#include "dmv_test.h"

int main(void)
{
    dmv_result r;
    char name[16] = "w2";
    const char *hdr[2] = {"a", "b"};
    const char *cells[4] = {"1", "2", "3", NULL};
    double x[3] = {1, 2, 3}, y[3] = {4, 5, 6};
    dmv_ev_plot *p;

    dmv_result_init(&r);
    DMV_CHECK(r.verdict == DMV_VERDICT_INCONCLUSIVE, "a fresh result must not be a pass");
    DMV_CHECK(dmv_result_add_ball(&r, name, "1.25", "3e-40", 1.25, NULL) == DMV_OK, "add_ball");
    name[0] = 'X'; /* the builder copied it */
    DMV_CHECK(strcmp(r.numbers[0].name, "w2") == 0 && strcmp(r.numbers[0].rad, "3e-40") == 0, "ball copy");
    DMV_CHECK(dmv_result_add_number(&r, "n", 10, 0.5, "samples") == DMV_OK && r.nnumbers == 2, "add_number");
    DMV_CHECK(r.numbers[1].mid == NULL && r.numbers[1].uncertainty == 0.5, "double number");
    DMV_CHECK(dmv_result_add_table(&r, "t", 2, 2, hdr, cells) == DMV_OK, "table");
    DMV_CHECK(strcmp(r.tables[0].cells[3], "") == 0 && strcmp(r.tables[0].cells[2], "3") == 0, "cells");
    p = dmv_result_add_plot(&r, "p", "x", "y", 1, 0);
    DMV_CHECK(p != NULL && dmv_plot_add_series(p, "s", 3, x, y, NULL, NULL) == DMV_OK, "plot");
    DMV_CHECK(r.plots[0].series[0].y[2] == 6 && r.plots[0].series[0].ylo == NULL, "series copy");
    DMV_CHECK(dmv_result_add_test(&r, "z", 0.1, 0.9, -3, 3, 0.01, "sd") == DMV_OK, "test");
    DMV_CHECK(isnan(r.tests[0].adjusted_level) && r.tests[0].rejected == 0, "test defaults");
    DMV_CHECK(dmv_result_set_summary(&r, "%d of %d", 3, 4) == DMV_OK && strcmp(r.summary, "3 of 4") == 0,
              "summary");
    DMV_CHECK(dmv_result_set_hash(&r, "abc", 1) == DMV_OK && r.bit_exact == 1, "hash");
    DMV_CHECK(strcmp(dmv_verdict_name(DMV_VERDICT_FAIL), "fail") == 0, "verdict name");
    dmv_result_clear(&r);
    DMV_CHECK(r.nnumbers == 0 && r.numbers == NULL && r.summary == NULL, "cleared");
    DMV_TEST_DONE("t-result");
}
