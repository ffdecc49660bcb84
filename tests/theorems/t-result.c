/* Evidence builders: what goes in comes out, strings are copied, clear frees all
 * (the sanitizer build checks leaks); a failing builder is sticky (the first
 * message kept, every failure counted); margins and row flags. */
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
    DMV_CHECK(r.error == NULL && r.nerrors == 0 && dmv_result_error(&r) == NULL, "no error so far");

    /* margins: value 0.25 against a maximum 1 -> margin 0.75; 3 against a minimum 5 -> -2 (does not hold) */
    DMV_CHECK(dmv_result_add_margin(&r, "error / budget", 0.25, 1.0, DMV_MARGIN_MAX, NULL) == DMV_OK, "margin max");
    DMV_CHECK(dmv_result_add_margin(&r, "gap", 3.0, 5.0, DMV_MARGIN_MIN, "x") == DMV_OK, "margin min");
    DMV_CHECK(r.nmargins == 2 && dmv_margin_value(&r.margins[0]) == 0.75 && dmv_margin_value(&r.margins[1]) == -2.0 &&
                  strcmp(r.margins[1].unit, "x") == 0 && r.margins[0].unit == NULL,
              "margin values");
    /* row flags on the last table */
    {
        int flags[2] = {0, 7};
        DMV_CHECK(dmv_result_flag_rows(&r, flags) == DMV_OK, "flag_rows");
        DMV_CHECK(r.tables[0].row_flags[0] == 0 && r.tables[0].row_flags[1] == 1, "flags copied as 0/1");
    }
    DMV_CHECK(r.error == NULL && r.nerrors == 0, "still no error");

    /* sticky errors: the first message is kept, each failure counted */
    DMV_CHECK(dmv_result_add_margin(&r, "bad", 1, 2, 9, NULL) == DMV_EINVAL, "bad sense refused");
    DMV_CHECK(r.nerrors == 1 && r.error != NULL && strstr(r.error, "'bad'") != NULL, "first error: %s",
              r.error ? r.error : "(none)");
    DMV_CHECK(dmv_result_add_ball(&r, "b", NULL, "1", 0, NULL) == DMV_EINVAL, "a ball without a midpoint");
    DMV_CHECK(r.nerrors == 2 && strstr(r.error, "'bad'") != NULL, "the first message is kept");
    DMV_CHECK(dmv_result_require_effect(&r, -1) == DMV_EINVAL && r.nerrors == 3, "negative required effect");
    DMV_CHECK(dmv_result_fail(&r, DMV_ENOMEM, "helper %d", 4) == DMV_ENOMEM && r.nerrors == 4, "dmv_result_fail");
    DMV_CHECK(strcmp(dmv_result_error(&r), r.error) == 0, "dmv_result_error");
    DMV_CHECK(dmv_plot_add_series(NULL, "s", 1, x, y, NULL, NULL) == DMV_EINVAL, "NULL plot");
    dmv_result_clear(&r);
    DMV_CHECK(r.nnumbers == 0 && r.numbers == NULL && r.summary == NULL && r.error == NULL && r.nerrors == 0 &&
                  r.nmargins == 0,
              "cleared");
    /* an error counted without a message still reads as an error */
    r.nerrors = 1;
    DMV_CHECK(dmv_result_error(&r) != NULL, "counted error without a message");
    r.nerrors = 0;
    p = dmv_result_add_plot(&r, "p", "x", "y", 0, 0);
    p->nerrors = 1;
    DMV_CHECK(dmv_result_error(&r) != NULL, "plot error without a message");
    dmv_result_clear(&r);
    DMV_TEST_DONE("t-result");
}
